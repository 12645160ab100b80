"""`netquest status` and the status cache beside the data file that a prompt reads."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from datetime import date, datetime, timedelta, timezone

import pytest

from netquest import statuscache
from netquest.clock import Clock
from netquest.services.status import day_bounds

HOSTILE = "#[fg=red]E\x1b[31m \x9b \u202e\x07"


def cache_of(db) -> str:
    return (db.parent / "status.txt").read_text(encoding="utf-8")


def test_status_text_is_the_banner_line_without_its_prefix(run):
    run("init", "--starter")
    run("checkin", "coffee")
    _, motd, _ = run("summary", "--motd")
    code, line, err = run("status")
    assert code == 0 and err == ""
    assert motd.startswith("NetQuest: ") and line == motd[len("NetQuest: "):]
    assert line.startswith("1 of 6 due done | streak 1")


def test_status_with_no_quests(run):
    run("init")
    assert run("status")[1] == "no quests yet (netquest init --starter)\n"


def test_status_json_keys(run):
    run("init")
    for qid in ("comment", "coffee", "read"):
        run("quest", "add", qid.title(), "--tip", "1", "--cadence", "daily", "--id", qid,
            "--start", "2026-03-01")
    run("checkin", "comment", "--date", "2026-03-10")
    run("checkin", "coffee")
    run("people", "add", "Ana", "--interval", "7")
    run("checkin", "read", "--date", "2026-03-02", "--with", "Ana")  # 9 days ago: overdue
    code, out, _ = run("status", "--format", "json")
    data = json.loads(out)
    assert code == 0 and set(data) == {"today", "due", "done", "day_streak", "at_risk", "reach_out"}
    assert data["today"] == "2026-03-11" and data["due"] == 3 and data["done"] == 1
    assert data["day_streak"] == 2 and data["at_risk"] == ["comment"] and data["reach_out"] == 1


def test_status_tmux_styles_and_hostile_title(run):
    run("init")
    run("quest", "add", HOSTILE, "--tip", "1", "--cadence", "daily", "--id", "evil",
        "--start", "2026-03-01")
    run("checkin", "evil", "--date", "2026-03-10")
    code, out, _ = run("status", "--format", "tmux")
    assert code == 0
    assert out.startswith("#[fg=yellow]0 of 1 due done#[default] · #[fg=colour208]🔥 1#[default]")
    # The data's # is doubled, so tmux shows it instead of taking it as a style.
    assert "#[fg=red]'##[fg=red]E^[[31m \\x9b <U+202E>^G' streak 1 at risk" in out
    assert "\x1b" not in out and "\x9b" not in out and "\u202e" not in out and "\x07" not in out


def test_bad_format_is_one_line(run):
    code, out, err = run("status", "--format", "html")
    assert code == 2 and out == "" and len(err.strip().splitlines()) == 1
    code, _, err = run("status", "--cached", "--format", "json")
    assert code == 2 and "--cached" in err and len(err.strip().splitlines()) == 1


WRITES = [
    ("checkin", "coffee"),
    ("skip", "comment"),
    ("quest", "add", "Say hi", "--tip", "1", "--cadence", "daily"),
    ("quest", "edit", "coffee", "--remind", "18:30"),
    ("quest", "archive", "host"),
    ("settings", "day_start_hour", "4"),
    ("vacation", "--from", "2026-03-12", "--to", "2026-03-13"),
    ("people", "add", "Ana Lima"),
    ("goal", "set", "--want", "A role"),
]


@pytest.mark.parametrize("words", WRITES, ids=lambda w: " ".join(w[:2]))
def test_every_write_command_renews_the_cache(run, cli_env, words):
    run("init", "--starter")
    cache = cli_env.parent / "status.txt"
    cache.unlink()
    code, _, err = run(*words)
    assert code == 0, err
    lines = cache.read_text(encoding="utf-8").split("\n")
    assert lines[0] == "2026-03-11" and lines[3] == str(cli_env)
    assert stat.S_IMODE(cache.stat().st_mode) == 0o600


def test_the_cache_follows_check_ins_and_undo(run, cli_env):
    run("init", "--starter")
    assert cache_of(cli_env).split("\n")[1] == "0 of 6 due done · 🔥 0"
    run("checkin", "coffee")
    assert cache_of(cli_env).split("\n")[1] == "1 of 6 due done · 🔥 1"
    run("undo")
    assert cache_of(cli_env).split("\n")[1] == "0 of 6 due done · 🔥 0"
    assert run("status", "--cached")[1] == "0 of 6 due done · 🔥 0\n"


def test_a_read_command_writes_no_cache(run, cli_env):
    run("init", "--starter")
    (cli_env.parent / "status.txt").unlink()
    run("summary")
    run("today")
    assert not (cli_env.parent / "status.txt").exists()


def test_cached_renews_on_a_new_habit_day(run, cli_env, monkeypatch):
    run("init", "--starter")
    run("checkin", "coffee")
    monkeypatch.setenv("NETQUEST_NOW", "2026-03-12T08:00:00")
    code, out, _ = run("status", "--cached")
    assert code == 0
    lines = cache_of(cli_env).split("\n")
    assert lines[0] == "2026-03-12" and out == lines[1] + "\n"
    assert lines[1].startswith("0 of 5 due done")  # the weekly coffee is done this week


def test_the_cache_counts_the_day_start_hour(run, cli_env):
    run("init", "--starter")
    run("settings", "day_start_hour", "4")
    cached = statuscache.read(cli_env.parent / "status.txt")
    env = {"NETQUEST_DB": str(cli_env), "TZ": "UTC"}

    def at(now: str) -> str | None:
        return statuscache.answer(["status", "--cached"], env | {"NETQUEST_NOW": now})

    # 03:59 the next calendar day is still the habit day of the 11th; 04:00 is not.
    assert at("2026-03-12T03:59:00") == cached.line
    assert at("2026-03-12T04:00:00") is None
    assert at("2026-03-11T03:59:00") is None


def test_a_habit_day_is_23_hours_on_the_spring_dst_day():
    # Clocks go from 02:00 to 03:00 on 29 March: a day starting at 4 am that holds it is the 28th.
    late = Clock(timezone="Europe/Berlin", day_start_hour=4, fixed_now="2026-03-29T12:00:00")
    start, end = day_bounds(late, date(2026, 3, 28))
    assert end - start == 23 * 3600
    assert day_bounds(late, date(2026, 3, 29))[1] - end == 24 * 3600
    midnight = Clock(timezone="Europe/Berlin", fixed_now="2026-03-29T12:00:00")
    start, end = day_bounds(midnight, date(2026, 3, 29))
    assert end - start == 23 * 3600


@pytest.mark.parametrize("hour", range(0, 24))
def test_every_moment_lies_within_the_bounds_of_its_own_habit_day(hour):
    """Around both clock changes, the bounds the caches keep hold exactly the moments the
    clock counts in that habit day: on the autumn night the hour from 02:00 is lived twice,
    and a day starting at 2 am begins at the first of them."""
    clock = Clock(timezone="Europe/Berlin", day_start_hour=hour,
                  fixed_now="2026-10-25T12:00:00")
    for first in (datetime(2026, 3, 27, tzinfo=timezone.utc),
                  datetime(2026, 10, 23, tzinfo=timezone.utc)):
        for step in range(0, 4 * 24 * 4):
            moment = first + timedelta(minutes=15 * step)
            start, end = day_bounds(clock, clock.habit_day(moment))
            assert start <= moment.timestamp() < end, moment


def test_the_cache_never_holds_raw_escapes(run, cli_env):
    run("init")
    run("quest", "add", HOSTILE, "--tip", "1", "--cadence", "daily", "--id", "evil",
        "--start", "2026-03-01")
    run("checkin", "evil", "--date", "2026-03-10")
    data = (cli_env.parent / "status.txt").read_bytes()
    text = data.decode("utf-8")
    assert "'#[fg=red]E^[[31m \\x9b <U+202E>^G' streak 1 at risk" in text
    assert not any(ord(c) < 0x20 and c != "\n" or 0x7F <= ord(c) <= 0x9F for c in text)
    assert "\u202e" not in text
    code, out, _ = run("status", "--cached")
    assert code == 0 and "\x1b" not in out and "\u202e" not in out


def test_a_cache_written_for_another_file_or_tampered_is_not_trusted(run, cli_env, tmp_path):
    run("init", "--starter")
    env = {"NETQUEST_DB": str(cli_env), "NETQUEST_NOW": "2026-03-11T10:00:00", "TZ": "UTC"}
    assert statuscache.answer(["status", "--cached"], env) == "0 of 6 due done · 🔥 0"
    cache = cli_env.parent / "status.txt"
    text = cache.read_text(encoding="utf-8")
    cache.write_text(text.replace("0 of 6", "\x1b[2J0 of 6"), encoding="utf-8")
    assert statuscache.answer(["status", "--cached"], env) is None
    cache.write_text(text, encoding="utf-8")
    other = {**env, "NETQUEST_DB": str(tmp_path / "other.json")}
    assert statuscache.answer(["status", "--cached"], other) is None
    assert statuscache.answer(["status", "--cached"], {**env, "TZ": "Asia/Tokyo"}) is None
    assert statuscache.answer(["status", "--cached", "--format", "text"], env) is not None
    assert statuscache.answer(["status", "--cached", "--format", "json"], env) is None
    assert statuscache.answer(["status", "--cached", "--db", str(cli_env)], env) is not None
    assert statuscache.answer(["status", "--cached", "--all"], env) is None


def test_a_path_through_a_link_and_up_is_never_answered_for_another_file(run, cli_env,
                                                                          tmp_path):
    """`data/link/..` is where the link points, one folder up: not `data`."""
    run("init", "--starter")
    env = {"NETQUEST_DB": str(cli_env), "NETQUEST_NOW": "2026-03-11T10:00:00", "TZ": "UTC"}
    ours = statuscache.answer(["status", "--cached"], env)
    assert ours == "0 of 6 due done · 🔥 0"
    (tmp_path / "real" / "sub").mkdir(parents=True)
    (cli_env.parent / "link").symlink_to(tmp_path / "real" / "sub")
    other = cli_env.parent / "link" / ".." / cli_env.name
    code, _, _ = run("--db", str(other), "init")
    assert code == 0 and (tmp_path / "real" / cli_env.name).exists()
    code, out, _ = run("status", "--db", str(other))
    assert code == 0 and out.strip() != ours
    for argv in (["--db", str(other)], [f"--db={other}"]):
        assert statuscache.answer(["status", "--cached", *argv], env) in (None, out.strip())
    assert statuscache.answer(["status", "--cached"], {**env, "NETQUEST_DB": str(other)}) in (
        None, out.strip())


@pytest.mark.parametrize("encoding", ["ascii", "ascii:replace"])
def test_cached_on_a_stream_set_to_ascii_is_the_command_lines(run, cli_env, encoding):
    run("init", "--starter")
    env = dict(os.environ, NETQUEST_DB=str(cli_env), NETQUEST_NOW="2026-03-11T10:00:00",
               TZ="UTC", PYTHONIOENCODING=encoding)
    done = subprocess.run([sys.executable, "-m", "netquest", "status", "--cached"], env=env,
                          capture_output=True, timeout=60)
    # click writes UTF-8 to a stream set to ASCII
    assert (done.returncode, done.stdout, done.stderr) == (
        0, "0 of 6 due done · 🔥 0\n".encode(), b"")


def test_cached_answers_without_importing_click(run, cli_env):
    run("init", "--starter")
    probe = ("import sys; sys.argv = ['netquest', 'status', '--cached']\n"
             "from netquest.statuscache import main\n"
             "try:\n    main()\nexcept SystemExit as exc:\n    code = exc.code\n"
             "print(code, 'click' in sys.modules, 'pendulum' in sys.modules, file=sys.stderr)")
    env = dict(os.environ, NETQUEST_DB=str(cli_env), NETQUEST_NOW="2026-03-11T10:00:00", TZ="UTC")
    done = subprocess.run([sys.executable, "-c", probe], env=env, capture_output=True, text=True,
                          check=True)
    assert done.stdout == "0 of 6 due done · 🔥 0\n"
    assert done.stderr.split() == ["0", "False", "False"]
    # The next day the quick answer steps aside and the command renews the cache.
    env["NETQUEST_NOW"] = "2026-03-12T10:00:00"
    done = subprocess.run([sys.executable, "-c", probe], env=env, capture_output=True, text=True,
                          check=True)
    assert done.stdout == "0 of 6 due done · 🔥 0\n" and done.stderr.split()[1] == "True"
    assert cache_of(cli_env).startswith("2026-03-12\n")


def test_a_restore_renews_the_cache(run, cli_env):
    run("init", "--starter")
    run("checkin", "coffee")  # the first change of the day backs up the file before it
    assert cache_of(cli_env).split("\n")[1] == "1 of 6 due done · 🔥 1"
    backup = next((cli_env.parent / "backups").iterdir()).name
    code, _, err = run("doctor", "--restore", backup)
    assert code == 0, err
    assert cache_of(cli_env).split("\n")[1] == "0 of 6 due done · 🔥 0"


def test_status_of_a_file_not_there_yet_leaves_nothing_behind(run, cli_env):
    for words in (("status",), ("status", "--cached"), ("status", "--format", "json")):
        code, out, err = run(*words)
        assert code == 0 and err == "", words
    assert out.startswith('{"today": "2026-03-11", "due": 0')
    assert not cli_env.parent.exists()


def test_cached_for_tmux_doubles_the_datas_hash_signs(run, cli_env):
    run("init")
    run("quest", "add", "#[fg=red]Loud", "--tip", "1", "--cadence", "daily", "--id", "loud",
        "--start", "2026-03-01")
    run("checkin", "loud", "--date", "2026-03-10")
    env = {"NETQUEST_DB": str(cli_env), "NETQUEST_NOW": "2026-03-11T10:00:00", "TZ": "UTC"}
    quick = statuscache.answer(["status", "--cached", "--format=tmux"], env)
    assert quick == "0 of 1 due done · 🔥 1 · '##[fg=red]Loud' streak 1 at risk"
    assert run("status", "--cached", "--format", "tmux")[1] == quick + "\n"


def test_check_ins_from_many_processes_leave_the_last_line(run, cli_env):
    run("init")
    for n in range(6):
        run("quest", "add", f"Quest {n}", "--tip", "1", "--cadence", "daily", "--id", f"q{n}")
    env = dict(os.environ)
    procs = [subprocess.Popen([sys.executable, "-m", "netquest", "checkin", f"q{n}"], env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE) for n in range(6)]
    assert [p.wait(timeout=60) for p in procs] == [0] * 6
    assert cache_of(cli_env).split("\n")[1] == "6 of 6 due done · 🔥 1"


@pytest.mark.parametrize("fmt", ["text", "tmux", "json"])
def test_status_renews_the_cache_on_a_new_habit_day(run, cli_env, monkeypatch, fmt):
    # tmux runs `netquest status` every few seconds: after midnight it keeps the prompt's
    # cache current too.
    run("init", "--starter")
    run("checkin", "coffee")
    monkeypatch.setenv("NETQUEST_NOW", "2026-03-12T08:00:00")
    assert run("status", "--format", fmt)[0] == 0
    assert cache_of(cli_env).split("\n")[0] == "2026-03-12"
