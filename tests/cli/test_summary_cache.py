"""The summary cache: `summary` and `summary --motd` answered from what the last full run
printed, only while the data file holds the bytes it was printed from and the day holds."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from netquest import outputcache
from netquest.cli import render
from netquest.cli.style import Style
from netquest.services.shown import state_text
from netquest.store import Store
from tests.services.test_checkpoints import app_on, apply, changes, days, fill, quest_doc, quests

STYLE = Style(color=False, symbols=True, width=80)
TODAY = date(2026, 11, 25)


class Stream:
    """A stdout that is not a terminal."""

    encoding, errors = "utf-8", "strict"

    def isatty(self) -> bool:
        return False


def environ(path: Path, today: date, **more: str) -> dict[str, str]:
    return {"NETQUEST_DB": str(path), "NETQUEST_NOW": f"{today.isoformat()}T09:00:00",
            "TZ": "UTC", **more}


def summary(state) -> str:
    return render.summary_text(state, STYLE, None)


def motd(state) -> str:
    return render.motd_line(state, STYLE)


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(quests=quests, done=st.lists(st.tuples(st.integers(0, 2), days, st.integers(1, 3)),
                                    max_size=200),
       changes=st.lists(changes, max_size=6))
def test_the_cache_answers_only_what_the_full_summary_prints(tmp_path_factory, quests, done,
                                                             changes):
    path = tmp_path_factory.mktemp("sc") / "nq.json"
    store = Store(path)
    n = fill(store, quests, done)
    today, stream = TODAY, Stream()
    for change in [None, *changes]:
        if change is not None:
            today = apply(store, app_on(store, today, False), n, change, today)
        env = environ(path, today)
        for command, words, make_text in (("summary", ["summary"], summary),
                                          ("motd", ["summary", "--motd"], motd)):
            fresh = make_text(app_on(Store(path), today, False).quests.state())
            # Whatever was filed before this change: shown only if it is what is printed now.
            assert outputcache.answer(words, env, stream) in (None, fresh)
            term = outputcache.terminal(env, stream)
            assert state_text(app_on(Store(path), today, True), command, term, make_text) == fresh
            assert outputcache.answer(words, env, stream) == fresh
            # Another terminal, another day, another file: not this entry.
            assert outputcache.answer(words, dict(env, COLUMNS="120"), stream) is None
            tomorrow = environ(path, today + timedelta(days=1))
            assert outputcache.answer(words, tomorrow, stream) is None
            assert outputcache.answer(["summary", "--period", "week"], env, stream) is None
            completing = dict(env, _NETQUEST_COMPLETE="bash_complete")
            assert outputcache.answer(words, completing, stream) is None


def test_a_file_changed_behind_the_cache_is_read_again(tmp_path):
    path = tmp_path / "nq.json"
    env, stream, text = summarised(path)
    assert outputcache.answer(["summary"], env, stream) == text
    # The same length, one byte changed, the file's time put back: still not the same bytes.
    data = path.read_bytes()
    before = path.stat()
    changed = data.replace(b'"Quest 0"', b'"Quest 1"')
    assert changed != data and len(changed) == len(data)
    path.write_bytes(changed)
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert outputcache.answer(["summary"], env, stream) is None


def netquest(env: dict, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "netquest", *args], env=env, text=True,
                          capture_output=True, timeout=60)


@pytest.fixture
def files(tmp_path):
    db = tmp_path / "data" / "netquest.json"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("NETQUEST", "LC_", "LANG"))}
    env.update(NETQUEST_DB=str(db), NETQUEST_NOW="2026-03-11T09:30:00", TZ="UTC",
               COLUMNS="80", LC_ALL="C.UTF-8")
    assert netquest(env, "init", "--starter").returncode == 0
    return db, env


WRITES = [
    ("checkin", "coffee"),
    ("skip", "comment"),
    ("quest", "add", "Say hi", "--tip", "1", "--cadence", "daily"),
    ("settings", "week_start", "sun"),
    ("people", "add", "Ana Lima"),
    ("goal", "set", "--want", "A role"),
]


@pytest.mark.parametrize("words", WRITES, ids=lambda w: " ".join(w[:2]))
def test_after_any_write_the_summary_is_worked_out_again(files, words):
    db, env = files
    cache = Path(str(db) + ".summaries")
    for args in (("summary",), ("summary", "--motd")):
        first = netquest(env, *args)
        assert first.returncode == 0 and first.stderr == ""
        assert stat.S_IMODE(cache.stat().st_mode) == 0o600
        # The quick path prints what is filed: a filed text marked by hand shows it.
        text = cache.read_text(encoding="utf-8")
        cache.write_text(text.replace("NetQuest", "NETQUEST"), encoding="utf-8")
        marked = netquest(env, *args)
        assert marked.returncode == 0 and marked.stdout == first.stdout.replace("NetQuest",
                                                                                "NETQUEST")
    assert netquest(env, *words).returncode == 0
    for args in (("summary",), ("summary", "--motd")):
        after = netquest(env, *args).stdout
        assert "NETQUEST" not in after
        cache.unlink()
        assert netquest(env, *args).stdout == after  # the same as with no cache at all


def test_the_doctor_drops_the_cache_and_it_is_never_in_an_export(files):
    db, env = files
    assert netquest(env, "summary").returncode == 0
    cache = Path(str(db) + ".summaries")
    assert cache.exists()
    done = netquest(env, "export", "--output", str(db.parent / "out.json"))
    assert done.returncode == 0, done.stderr
    assert "summaries" not in (db.parent / "out.json").read_text(encoding="utf-8")
    assert netquest(env, "doctor").returncode == 0
    assert not cache.exists()


def test_an_unreadable_cache_is_no_answer(files):
    db, env = files
    expected = netquest(env, "summary").stdout
    cache = Path(str(db) + ".summaries")
    for junk in (b"", b"netquest-summaries 1\nkey\n1 2 UTC system 99\nshort", b"\xff\xfe",
                 backwards_entry()):
        cache.write_bytes(junk)
        assert netquest(env, "summary").stdout == expected



def summarised(path: Path, stream=None) -> tuple[dict, object, str]:
    """A data file at `path` with one daily quest whose summary has just been worked out in
    full (and so cached): (environment, stream, the summary's text)."""
    with Store(path).transaction() as tx:
        tx.put_quest(quest_doc(0, "daily", 1, TODAY - timedelta(days=30)))
    env = environ(path, TODAY)
    stream = Stream() if stream is None else stream
    text = state_text(app_on(Store(path), TODAY, True), "summary",
                      outputcache.terminal(env, stream), summary)
    return env, stream, text

def backwards_entry() -> bytes:
    """An entry whose length (below zero) points back at its own start."""
    start = len(outputcache.MAGIC) + 1
    for length in range(-1, -100, -1):
        head = f"1 2 UTC system {length}"
        if start + len("key\n") + len(head) + 1 + length == start:
            return f"{outputcache.MAGIC}\nkey\n{head}\nxx".encode()
    raise AssertionError("no such length")


def test_with_a_party_the_summary_is_left_to_the_command_line(tmp_path):
    """A party's new cheers are printed after the summary, once: never skipped by the cache."""
    path = tmp_path / "nq.json"
    env, stream, _ = summarised(path)
    assert outputcache.answer(["summary"], env, stream) is not None
    (tmp_path / "nq.json.party").mkdir()
    assert outputcache.answer(["summary"], env, stream) is None


class Tty(Stream):
    """A stdout that is a terminal."""

    def isatty(self) -> bool:
        return True


PLANTED = ["\x1b]0;owned\x07{}", "\x1b[2J{}", "{}\x1bc", "{}\x9b2J", "{}\x1b[31", "{}\r",
           "\u202e{}", "\x1b[1m{}\x1b[0m\x1b[H"]


@pytest.mark.parametrize("stream", [Stream(), Tty()], ids=["pipe", "tty"])
def test_a_planted_escape_never_reaches_the_terminal(tmp_path, stream):
    path = tmp_path / "nq.json"
    env, stream, text = summarised(path, stream)
    cache = outputcache.cache_path(str(path))
    [entry] = outputcache.read(cache)
    assert outputcache.answer(["summary"], env, stream) == text
    for planted in PLANTED:
        entry.text = planted.format(text)
        outputcache.remember(cache, entry)
        assert outputcache.answer(["summary"], env, stream) is None, repr(planted)
    # The colours the full command paints with are what a terminal is given back.
    entry.text = f"\x1b[1;31m{text}\x1b[0m"
    outputcache.remember(cache, entry)
    expected = entry.text if stream.isatty() else None
    assert outputcache.answer(["summary"], env, stream) == expected


def test_an_empty_db_is_left_to_the_command_line(tmp_path):
    """`--db=` names the current folder to the command line (which refuses it), never the
    data file NETQUEST_DB names."""
    path = tmp_path / "nq.json"
    env, stream, _ = summarised(path)
    assert outputcache.answer(["summary"], env, stream) is not None
    for argv in (["summary", "--db="], ["summary", "--db", ""], ["--db", "", "summary"]):
        assert outputcache.answer(argv, env, stream) is None, argv


@pytest.mark.parametrize("encoding", ["ascii", "ascii:replace", "latin-1"])
def test_a_stream_that_cannot_take_the_text_is_left_to_the_command_line(files, encoding):
    """The second run (the cache's) writes what the first (the command line's) wrote."""
    db, env = files
    env = {**env, "PYTHONIOENCODING": encoding}
    for args in (("summary",), ("summary", "--motd")):
        first = netquest(env, *args)
        again = netquest(env, *args)
        assert (again.returncode, again.stdout, again.stderr) == (
            first.returncode, first.stdout, first.stderr)


def test_a_failed_background_sync_not_yet_told_leaves_the_summary_to_the_command_line(tmp_path):
    """The next command says that a background sync failed: the cache never skips it."""
    path = tmp_path / "nq.json"
    env, stream, _ = summarised(path)
    git = tmp_path / ".netquest-sync" / "nq.json" / ".git"
    git.mkdir(parents=True)
    state = git / "netquest-sync-state.json"
    state.write_text('{"error": "cannot reach the remote", "reported": true}')
    assert outputcache.answer(["summary"], env, stream) is not None  # told already
    state.write_text('{"error": "cannot reach the remote", "reported": false}')
    assert outputcache.answer(["summary"], env, stream) is None
