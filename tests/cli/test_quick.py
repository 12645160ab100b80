"""The quick command line (netquest/cli/quick.py): `[--db PATH] checkin QUEST` and
`[--db PATH] summary` run without click, and say exactly what the click command says.

Each case runs twice on its own copy of the same data folder: once as `python -m netquest`
(the entry point, which takes the quick path) and once through click's `main` directly;
stdout, stderr and the exit code must be the same bytes.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from netquest.cli import quick

QUICK = [sys.executable, "-m", "netquest"]
CLICK = [sys.executable, "-c", "from netquest.cli import main; main()"]
NOW = "2026-03-11T09:30:00"


@pytest.fixture(scope="module")
def template(tmp_path_factory) -> Path:
    """A data folder with two quests that both start with "co" and one check-in."""
    folder = tmp_path_factory.mktemp("template")
    env = _env(folder / "netquest.json")
    for words in (["quest", "add", "Coffee chat", "--tip", "4", "--cadence", "daily"],
                  ["quest", "add", "Comment on a post", "--tip", "1", "--cadence", "daily"],
                  ["checkin", "coffee"]):
        subprocess.run(CLICK + words, env=env, check=True, capture_output=True, timeout=120)
    return folder


def _env(db: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "NETQUEST_CONFIG_DIR")}
    env.update(NETQUEST_DB=str(db), NETQUEST_NOW=NOW, TZ="UTC", COLUMNS="80", LANGUAGE="en",
               PYTHONIOENCODING="utf-8")
    env.update(extra)
    return env


def _corrupt(db: Path) -> None:
    db.write_text('{"quests": {"1": ', encoding="utf-8")


def _lost(db: Path) -> None:
    db.unlink()  # the backups of the day stay beside it


def _missing(db: Path) -> None:
    shutil.rmtree(db.parent)


def _chinese(db: Path) -> None:
    subprocess.run(CLICK + ["settings", "language", "zh-CN"], env=_env(db), check=True,
                   capture_output=True, timeout=120)


def _summary_cached(db: Path) -> None:
    subprocess.run(CLICK + ["summary"], env=_env(db), check=True, capture_output=True,
                   timeout=120)


CASES = {
    "check-in": (["checkin", "coffee"], None, {}),
    "check-in by title": (["checkin", "Comment"], None, {}),
    "check-in, --db": (["--db", "{db}", "checkin", "coffee"], None, {}),
    "check-in, --db=": (["--db={db}", "checkin", "comment"], None, {}),
    "unknown quest": (["checkin", "nosuch"], None, {}),
    "ambiguous quest": (["checkin", "co"], None, {}),
    "summary": (["summary"], None, {}),
    "summary, cached": (["summary"], _summary_cached, {}),
    "summary, --db": (["--db", "{db}", "summary"], None, {}),
    "summary, 120 columns": (["summary"], None, {"COLUMNS": "120", "TERM": "dumb"}),
    "check-in, corrupt file": (["checkin", "coffee"], _corrupt, {}),
    "summary, corrupt file": (["summary"], _corrupt, {}),
    "check-in, lost file": (["checkin", "coffee"], _lost, {}),
    "summary, lost file": (["summary"], _lost, {}),
    "check-in, missing folder": (["checkin", "coffee"], _missing, {}),
    "summary, missing folder": (["summary"], _missing, {}),
    "check-in in Chinese": (["checkin", "coffee"], _chinese, {}),
    "unknown quest in Chinese": (["checkin", "nosuch"], _chinese, {}),
    "summary in Chinese": (["summary"], _chinese, {}),
    "check-in, stdout set to ASCII": (["checkin", "coffee"], None,
                                      {"PYTHONIOENCODING": "ascii"}),
    "bad time": (["checkin", "coffee"], None, {"NETQUEST_NOW": "yesterday"}),
}


def _run(how: list[str], template: Path, where: Path, argv, setup, extra) -> tuple:
    folder = where / "data"  # the same path for both: messages name it
    shutil.rmtree(folder, ignore_errors=True)
    shutil.copytree(template, folder)
    db = folder / "netquest.json"
    if setup is not None:
        setup(db)
    words = [word.replace("{db}", str(db)) for word in argv]
    done = subprocess.run(how + words, env=_env(db, **extra), capture_output=True, timeout=120)
    return done.returncode, done.stdout, done.stderr


@pytest.mark.parametrize("case", list(CASES))
def test_the_quick_path_says_what_click_says(case, template, tmp_path):
    argv, setup, extra = CASES[case]
    assert quick.shape([w.replace("{db}", "x") for w in argv]) is not None
    fast = _run(QUICK, template, tmp_path, argv, setup, extra)
    slow = _run(CLICK, template, tmp_path, argv, setup, extra)
    assert fast == slow
    assert fast[1] or fast[2]  # each case says something


def test_a_locked_file_is_refused_alike(template, tmp_path):
    """Another process holds the data file's lock: both wait their time and give up alike."""
    results = []
    folder = tmp_path / "data"
    for how in (QUICK, CLICK):
        shutil.rmtree(folder, ignore_errors=True)
        shutil.copytree(template, folder)
        with open(folder / "netquest.json.lock", "a") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            done = subprocess.run(how + ["checkin", "coffee"],
                                  env=_env(folder / "netquest.json"),
                                  capture_output=True, timeout=120)
        results.append((done.returncode, done.stdout, done.stderr))
    assert results[0] == results[1]
    assert results[0][0] == 1 and results[0][2].count(b"\n") == 1


PROBE = ("import sys\nsys.argv = ['netquest', *sys.argv[1:]]\n"
         "from netquest.statuscache import main\n"
         "try:\n    main()\nexcept SystemExit as exc:\n    code = exc.code\n"
         "print(code, 'click' in sys.modules, file=sys.stderr)")


@pytest.mark.parametrize("argv", [["checkin", "coffee"], ["summary"]])
def test_the_plain_shapes_run_without_click(argv, template, tmp_path):
    shutil.copytree(template, tmp_path / "data")
    done = subprocess.run([sys.executable, "-c", PROBE, *argv],
                          env=_env(tmp_path / "data" / "netquest.json"), capture_output=True,
                          text=True, timeout=120)
    assert done.stderr.split() == ["0", "False"]
    assert done.stdout


OTHER_SHAPES = [
    [],
    ["--help"],
    ["summary", "--help"],
    ["checkin", "--help"],
    ["checkin"],
    ["checkin", "coffee", "--count", "2"],
    ["checkin", "coffee", "-n", "note"],
    ["checkin", "--", "coffee"],
    ["checkin", "-x"],
    ["checkin", ""],
    ["checkin", "coffee", "tea"],
    ["summary", "--motd"],
    ["summary", "--format", "json"],
    ["summary", "extra"],
    ["checkin", "--db", "x.json", "coffee"],
    ["summary", "--db", "x.json"],
    ["--db", "", "summary"],
    ["--db"],
    ["--db", "--help", "summary"],
    ["--db="],
    ["--db=", "summary"],
    ["--version"],
    ["status"],
    ["today"],
    ["chekin", "coffee"],
    ["-h", "summary"],
]


@pytest.mark.parametrize("argv", OTHER_SHAPES)
def test_any_other_shape_goes_to_click(argv, monkeypatch):
    """Not taken here: `quick.run` does nothing, and the entry point hands it to click."""
    import netquest.cli.root as root
    from netquest import outputcache, statuscache

    assert quick.shape(argv) is None
    assert quick.run(argv, {}) is False
    reached = []

    def click_main(*args):
        reached.append(sys.argv[1:])
        raise SystemExit(0)

    monkeypatch.setattr(root, "main", click_main)
    monkeypatch.setattr(outputcache, "main_answer", lambda argv: False)
    monkeypatch.setattr("netquest.tui.launch.quick_start", lambda argv, environ: False)
    monkeypatch.setattr(sys, "argv", ["netquest", *argv])
    with pytest.raises(SystemExit):
        statuscache.main()
    assert reached == [argv]


@pytest.mark.parametrize("environ", [
    {"_NETQUEST_COMPLETE": "bash_complete"},
    {"NETQUEST_NOW": "2026-03-11T09:30:00\udcff"},
])
def test_a_tab_or_words_not_utf8_go_to_click(environ):
    assert quick.shape(["checkin", "coffee"]) is not None
    assert quick.run(["checkin", "coffee"], environ) is False
    assert quick.run(["checkin", "caf\udce9"], {}) is False
