"""Bad input from the shell: arguments that are not UTF-8, a NETQUEST_NOW the clock cannot
use, a setting value that only looks right.  Each is one line on stderr and exit 2, and
the data file is left as it was."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

BAD = "bad\udcff"  # how Python hands over the byte 0xff in an argument (surrogateescape)


def starter(run):
    code, _, err = run("init", "--starter")
    assert code == 0, err


def refused(result, *words: str) -> str:
    """The one stderr line of a refused command, which must name `words`."""
    code, out, err = result
    assert code == 2, err
    assert out == ""
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1, err
    for word in words:
        assert word in err
    return err


# ------------------------------------------------------------------ text that is not UTF-8
NOT_UTF8_COMMANDS = [
    (["checkin", "coffee", "--note", BAD], "--note"),
    (["checkin", "coffee", f"--note={BAD}"], "--note"),
    (["checkin", "coffee", "--with", BAD], "--with"),
    (["checkin", BAD], "argument 2"),
    (["skip", "coffee", "--reason", BAD], "--reason"),
    (["quest", "add", BAD, "--tip", "1", "--cadence", "daily"], "argument 3"),
    (["quest", "edit", "coffee", "--title", BAD], "--title"),
    (["people", "add", BAD], "argument 3"),
    (["people", "add", "Ana", "--where", BAD], "--where"),
    (["people", "add", "Ana", "--tag", BAD], "--tag"),
    (["goal", "set", "--want", BAD], "--want"),
    (["goal", "review", "--moved", BAD], "--moved"),
    (["settings", "theme", BAD], "argument 3"),
    (["summary", "--db", f"/tmp/{BAD}.json"], "--db"),
    (["export", "-o", f"/tmp/{BAD}.csv"], "-o"),
    (["import", f"/tmp/{BAD}.json"], "argument 2"),
]


@pytest.mark.parametrize("args, named", NOT_UTF8_COMMANDS)
def test_an_argument_that_is_not_utf8_is_refused_in_one_line(run, cli_env, args, named):
    starter(run)
    before = cli_env.read_bytes()
    err = refused(run(*args), "not UTF-8", named, "bad\\xff")
    assert "\udcff" not in err
    assert cli_env.read_bytes() == before


@pytest.mark.parametrize("name", ["NETQUEST_DB", "NETQUEST_NOW", "NETQUEST_CONFIG_DIR"])
def test_an_environment_value_that_is_not_utf8_is_refused(run, cli_env, monkeypatch, name):
    starter(run)
    monkeypatch.setenv(name, BAD)
    refused(run("summary"), name, "not UTF-8")


def test_bytes_that_are_not_utf8_from_a_real_shell(cli_env):
    env = dict(os.environ, NETQUEST_DB=str(cli_env), NETQUEST_NOW="2026-03-11T09:30:00", TZ="UTC")
    subprocess.run(
        [sys.executable, "-m", "netquest", "init", "--starter"],
        env=env,
        check=True,
        capture_output=True,
    )
    before = cli_env.read_bytes()
    proc = subprocess.run(
        [sys.executable, "-m", "netquest", "checkin", "coffee", "--note", b"bad\xff"],
        capture_output=True,
        env=env,
        timeout=60,
    )
    assert proc.returncode == 2
    assert proc.stdout == b""
    assert proc.stderr == b"netquest: the value of --note is not UTF-8 text: 'bad\\xff'\n"
    assert cli_env.read_bytes() == before


# ------------------------------------------------------------------ NETQUEST_NOW
CLOCK_COMMANDS = [
    ["summary"],
    ["summary", "--format", "json"],
    ["summary", "--format", "markdown"],
    ["summary", "--motd"],
    ["summary", "--period", "month"],
    ["today"],
    ["checkin", "coffee"],
    ["undo"],
    ["skip", "intro"],  # a quest without a check-in that day
    ["vacation", "--from", "2026-03-01", "--to", "2026-03-02"],
    ["quest", "add", "X", "--tip", "1", "--cadence", "daily"],
    ["quest", "list"],
    ["settings"],
    ["export"],
    ["export", "--format", "csv"],
    ["doctor"],
    ["people", "add", "Ana"],
    ["people"],
    ["goal"],
    ["goal", "set", "--want", "A job"],
    ["init"],
]


@pytest.mark.parametrize("now, problem", [
    ("9999-12-31T12:00:00", "out of range"),
    ("9998-12-31T23:00:00-12:00", "out of range"),  # year 9999 in UTC
    ("0001-01-01T00:00:00", "out of range"),
    ("0001-01-01T00:00:00+05:00", "out of range"),  # before year 1 in UTC
    ("2026-02-30T10:00:00", "not an ISO date-time"),
    ("tomorrow", "not an ISO date-time"),
])
@pytest.mark.parametrize("args", CLOCK_COMMANDS, ids=" ".join)
def test_a_now_the_clock_cannot_use_is_refused_by_every_command(
    run, cli_env, monkeypatch, now, problem, args
):
    starter(run)
    run("checkin", "coffee")
    before = cli_env.read_bytes()
    monkeypatch.setenv("NETQUEST_NOW", now)
    refused(run(*args), "NETQUEST_NOW", problem)
    assert cli_env.read_bytes() == before


# `doctor` is left out: whether it accepts check-ins before year 1000 is the data file
# layout's own question, not the clock's.
@pytest.mark.parametrize("now", ["9998-12-31T23:59:59", "0002-01-01T00:00:00"])
@pytest.mark.parametrize("args", [c for c in CLOCK_COMMANDS if c != ["doctor"]], ids=" ".join)
def test_the_first_and_last_years_the_clock_takes_work(run, monkeypatch, now, args):
    monkeypatch.setenv("NETQUEST_NOW", now)
    starter(run)
    assert run("checkin", "coffee")[0] == 0
    code, _, err = run(*args)
    assert code == 0, err


def test_a_check_in_in_an_early_year_is_stamped_with_a_four_digit_year(run):
    from netquest.clock import Clock

    assert (
        Clock(timezone="UTC", fixed_now="0002-03-04T05:06:07").now_utc_iso()
        == "0002-03-04T05:06:07Z"
    )


# ------------------------------------------------------------------ settings
@pytest.mark.parametrize(
    "value, stored", [("mon", "mon"), ("Monday", "mon"), ("SUN", "sun"), ("sunday", "sun")]
)
def test_week_start_takes_the_day_names(run, value, stored):
    run("init")
    code, out, err = run("settings", "week_start", value)
    assert code == 0, err
    assert out.strip() == f"week_start = {stored}"


@pytest.mark.parametrize("value", ["sunshine", "monkey", "mo", "s", "tue", "sundays"])
def test_week_start_refuses_words_that_only_start_like_a_day(run, cli_env, value):
    run("init")
    before = cli_env.read_bytes()
    refused(run("settings", "week_start", value), "week_start", value)
    assert run("settings", "week_start")[1].strip() == "mon"
    assert cli_env.read_bytes() == before


def test_a_mistyped_command_is_answered_with_the_nearest_one(run):
    err = refused(run("chekin"), "chekin")
    assert "Did you mean 'checkin'?" in err


def test_a_negative_setting_value_gets_the_range_message(run):
    starter(run)
    refused(run("settings", "day_start_hour", "-1"), "day_start_hour", "0 to 23", "'-1'")
