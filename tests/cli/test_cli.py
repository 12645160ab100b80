"""The command line: every command, its errors, and the JSON contract."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from netquest import __version__


def starter(run):
    code, out, err = run("init", "--starter")
    assert code == 0, err


def test_version(run):
    code, out, _ = run("--version")
    assert code == 0 and __version__ in out


def test_help_lists_every_command(run):
    code, out, _ = run("--help")
    for command in (
        "init",
        "checkin",
        "undo",
        "skip",
        "vacation",
        "today",
        "summary",
        "quest",
        "settings",
        "export",
        "import",
        "demo",
        "doctor",
    ):
        assert command in out
    assert code == 0


def test_init_empty_says_how_to_add_quests(run, cli_env):
    code, out, _ = run("init")
    assert code == 0
    assert "netquest quest add" in out
    assert cli_env.exists()
    assert oct(cli_env.stat().st_mode & 0o777) == "0o600"


def test_checkin_prints_what_it_earned(run):
    starter(run)
    code, out, err = run("checkin", "coffee", "--note", "Chat with Ana", "--with", "Ana")
    assert code == 0, err
    assert "XP" in out and "streak 1" in out
    assert "Achievement unlocked" in out


def test_checkin_past_day_and_streak_bonus(run):
    run("init")
    run(
        "quest",
        "add",
        "Virtual coffee",
        "--tip",
        "4",
        "--cadence",
        "1/week",
        "--id",
        "coffee",
        "--start",
        "2026-03-01",
    )
    code, _, err = run("checkin", "coffee", "--date", "2026-02-28")
    assert code == 2 and "before quest 'coffee' started" in err
    assert run("checkin", "coffee", "--date", "2026-03-03")[0] == 0
    code, out, _ = run("checkin", "coffee")
    assert "streak bonus" in out and "streak 2 weeks" in out


def test_unknown_quest_exits_2_and_lists_candidates(run, monkeypatch):
    starter(run)
    monkeypatch.setenv("COLUMNS", "100")
    code, out, err = run("checkin", "zebra")
    assert code == 2 and out == ""
    assert err == ("netquest: no quest matches 'zebra' (try: comment, thread, host, intro, "
                   "coffee, ask)\n")


def test_candidates_stay_on_the_errors_line_as_far_as_the_width_allows(run, monkeypatch):
    starter(run)
    for i in range(30):
        run("quest", "add", f"Extra quest {i}", "--tip", "1", "--cadence", "daily")
    for columns in (40, 80, 1000):
        monkeypatch.setenv("COLUMNS", str(columns))
        code, _, err = run("checkin", "zebra")
        (line,) = err.splitlines()
        assert code == 2 and line.startswith("netquest: no quest matches 'zebra' (try: comment")
        assert len(line) <= columns or line.endswith(" (try: comment, … 35 more)")
    assert "more)" not in line and "extra-quest-29, " in line and line.endswith("ask)")
    monkeypatch.setenv("COLUMNS", "80")
    line = run("checkin", "zebra")[2].strip()
    assert line.endswith(", … 34 more)") and len(line) <= 80


def test_quest_commands_and_ambiguity(run):
    run("init")
    code, out, _ = run(
        "quest", "add", "Comment on posts", "--tip", "1", "--cadence", "daily", "--target", "3"
    )
    assert (code, out.strip()) == (0, "comment-on-posts")
    assert (
        run("quest", "add", "Coffee chat", "--tip", "4", "--cadence", "1/week", "--id", "coffee")[0]
        == 0
    )
    code, _, err = run("checkin", "co")
    assert code == 2 and "matches 2 quests" in err
    code, out, _ = run("quest", "edit", "coffee", "--cadence", "mon,thu")
    assert code == 0 and "mon,thu" in out
    code, out, _ = run("quest", "list", "--format", "json")
    assert {q["id"] for q in json.loads(out)} == {"comment-on-posts", "coffee"}
    assert run("quest", "archive", "coffee")[0] == 0
    code, out, _ = run("quest", "list")
    assert "coffee" not in out
    assert "coffee" in run("quest", "list", "--all")[1]
    assert run("quest", "restore", "coffee")[0] == 0


@pytest.mark.parametrize("args,message", [
    (["quest", "add", "X", "--tip", "8", "--cadence", "daily"], "tip must be"),
    (["quest", "add", "X", "--tip", "1", "--cadence", "often"], "often"),
    (["quest", "add", "", "--tip", "1", "--cadence", "daily"], "title"),
    (["checkin", "coffee", "--date", "2030-01-01"], "future"),
    (["checkin", "coffee", "--count", "0"], "count"),
    (["checkin", "coffee", "--date", "yesterday"], "YYYY-MM-DD"),
    (["settings", "day_start_hour", "30"], "0 to 23"),
    (["settings", "timezone", "Atlantis/Capital"], "Atlantis"),
    (["settings", "colour"], "unknown setting"),
    (["vacation", "--from", "2026-03-09", "--to", "2026-03-01"], "before it starts"),
    (["summary", "--format", "yaml"], "yaml"),
])
def test_bad_input_is_one_line_and_exit_2(run, args, message):
    starter(run)
    code, out, err = run(*args)
    assert code == 2
    assert message in err
    assert "Traceback" not in err and len(err.strip().splitlines()) <= 2


def test_undo(run):
    starter(run)
    run("checkin", "coffee")
    code, out, _ = run("undo")
    assert code == 0 and "Undone" in out
    code, _, err = run("undo")
    assert code == 1 and "no check-in" in err


def test_skip_and_vacation(run):
    starter(run)
    code, out, _ = run("skip", "coffee", "--reason", "travel")
    assert code == 0 and "Skipped" in out
    code, out, _ = run("vacation", "--from", "2026-03-01", "--to", "2026-03-05")
    assert code == 0 and "5 day" in out


def test_a_skip_is_refused_on_a_day_with_a_check_in(run):
    starter(run)
    run("checkin", "coffee")
    code, out, err = run("skip", "coffee")
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and "has a check-in on 2026-03-11" in err
    code, out, _ = run("log", "coffee", "--format", "json")
    assert code == 0 and [e["day"] for e in json.loads(out)] == ["2026-03-11"]
    assert run("skip", "intro")[0] == 0  # a quest without one that day


def test_a_check_in_is_refused_on_a_skipped_day_until_the_skip_is_taken_back(run):
    starter(run)
    assert run("skip", "coffee", "--reason", "ill")[0] == 0
    code, out, err = run("checkin", "coffee")
    assert code == 2 and out == "" and err.count("\n") == 1
    assert "skipped on 2026-03-11" in err and "netquest skip 'coffee' --undo" in err
    assert run("skip", "coffee", "--undo", "--reason", "x")[0] == 2
    code, out, _ = run("skip", "coffee", "--undo")
    assert code == 0 and "counts again on 2026-03-11" in out
    code, out, _ = run("skip", "coffee", "--undo")
    assert code == 0 and "was not skipped on 2026-03-11" in out
    code, out, _ = run("checkin", "coffee")
    assert code == 0 and "streak 1 week" in out
    # A vacation is every quest's: a check-in while away is still taken, and no quest's
    # `skip --undo` takes the day out of it.
    assert run("vacation", "--from", "2026-03-11", "--to", "2026-03-11")[0] == 0
    assert run("checkin", "intro")[0] == 0
    code, out, err = run("skip", "comment", "--undo")
    assert code == 2 and out == "" and "2026-03-11 is a vacation day for every quest" in err


@pytest.mark.parametrize(("cadence", "day", "said"), [
    ("1/week", "2026-02-24", "1/1 days in the week of 23 Feb on 2026-02-24"),
    ("2/month", "2026-02-24", "1/2 days in February 2026 on 2026-02-24"),
    ("every 3 days", "2026-02-24", "1/1 days in the block from 23 Feb on 2026-02-24"),
    ("2 in 7 days", "2026-02-24", "1/2 days in the 7 days to 24 Feb on 2026-02-24"),
    ("1/week", "2026-03-09", "1/1 days this week on 2026-03-09"),
])
def test_a_back_dated_check_in_reports_the_period_of_its_own_day(run, cadence, day, said):
    run("init")
    run("quest", "add", "Old", "--tip", "1", "--cadence", cadence, "--start", "2026-02-20",
        "--id", "old")
    code, out, err = run("checkin", "old", "--date", day)
    assert code == 0, err
    assert said in out.splitlines()[0]
    code, out, _ = run("checkin", "old", "--date", day)
    if cadence != "2 in 7 days":  # no XP: the day counts already, in its own period's terms
        assert "+0 XP (this day already counts (" in out


def test_today_text_and_json(run):
    starter(run)
    run("checkin", "coffee")
    code, out, _ = run("today")
    assert code == 0 and "due done" in out
    code, out, _ = run("today", "--format", "json")
    data = json.loads(out)
    coffee = next(q for q in data["quests"] if q["id"] == "coffee")
    assert coffee["done_today"] == 1


SUMMARY_KEYS = {
    "today",
    "xp",
    "level",
    "xp_into_level",
    "xp_for_next_level",
    "day_streak",
    "freezes",
    "quests",
    "achievements",
    "goal",
    "challenge",
}


def test_summary_json_contract(run):
    starter(run)
    run("checkin", "coffee")
    code, out, err = run("summary", "--format", "json")
    assert code == 0 and err == ""
    data = json.loads(out)
    assert SUMMARY_KEYS <= set(data)
    assert data["today"] == "2026-03-11"
    assert set(data["day_streak"]) == {"current", "best"}
    quest = data["quests"][0]
    assert {
        "id",
        "title",
        "tip",
        "cadence",
        "target",
        "due_today",
        "done_today",
        "streak",
        "strength",
        "at_risk",
    } <= set(quest)
    assert set(quest["streak"]) == {"current", "best", "unit"}
    assert 1 <= quest["tip"] <= 5 and 0 <= quest["strength"] <= 1
    assert {"id", "title", "unlocked"} <= set(data["achievements"][0])
    assert data["goal"] is None
    assert data["challenge"] is None  # the starter quests began today: no full week yet


def _coffee_since(run, start: str) -> None:
    run("init")
    run("quest", "add", "Virtual coffee", "--tip", "4", "--cadence", "daily", "--id", "coffee",
        "--start", start)
    run("quest", "add", "Comment", "--tip", "1", "--cadence", "daily", "--id", "comment",
        "--start", start)


def test_summary_json_names_the_weekly_challenge_after_a_full_week(run):
    _coffee_since(run, "2026-02-09")
    for day in ("2026-02-16", "2026-02-23", "2026-03-02"):
        run("checkin", "comment", "--date", day)
    run("checkin", "coffee", "--date", "2026-03-09", "--count", "2")
    run("checkin", "coffee")
    code, out, err = run("summary", "--format", "json")
    assert code == 0 and err == ""
    # Tips 2, 3 and 4 had no check-ins in the four weeks before: the lowest of them, 2.
    assert json.loads(out)["challenge"] == {
        "tip": 2, "from": "2026-03-09", "to": "2026-03-15", "checkins": 0, "multiplier": 2}
    run("checkin", "comment", "--date", "2026-02-24")  # a past week: this week's choice stays
    run("quest", "add", "Host", "--tip", "2", "--cadence", "daily", "--id", "host",
        "--start", "2026-02-09")
    run("checkin", "host", "--count", "3")
    code, out, _ = run("summary", "--format", "json")
    assert json.loads(out)["challenge"]["checkins"] == 3


def test_summary_text_shows_the_weekly_challenge(run):
    _coffee_since(run, "2026-02-09")
    run("checkin", "comment", "--date", "2026-03-02")
    code, out, _ = run("summary")
    assert code == 0
    line = next(x for x in out.splitlines() if x.startswith("Weekly challenge"))
    assert line == "Weekly challenge: Host or co-host · 2× base XP · 0 logged this week"
    code, out, _ = run("checkin", "coffee")
    assert "weekly challenge" not in out  # coffee is not this week's tip


def test_no_weekly_challenge_before_a_full_week_of_history(run):
    _coffee_since(run, "2026-03-05")
    code, out, _ = run("summary")
    assert "Weekly challenge" not in out
    assert json.loads(run("summary", "--format", "json")[1])["challenge"] is None


def test_summary_text_markdown_period_and_motd(run):
    run("init")
    run(
        "quest",
        "add",
        "Virtual coffee",
        "--tip",
        "4",
        "--cadence",
        "daily",
        "--id",
        "coffee",
        "--start",
        "2026-03-01",
    )
    run("checkin", "coffee", "--date", "2026-03-10")
    run("checkin", "coffee", "--count", "1")
    code, out, _ = run("summary")
    assert code == 0 and "Level" in out and "Day streak 2" in out
    assert all(len(line) <= 80 for line in out.splitlines())
    assert "\x1b" not in out  # not a terminal: plain text
    code, out, _ = run("summary", "--format", "markdown", "--period", "month")
    assert out.startswith("# NetQuest") and "| Quest |" in out and "This month" in out
    code, out, _ = run("summary", "--motd")
    assert code == 0 and len(out.strip().splitlines()) == 1
    assert out.startswith("NetQuest:") and "due done" in out


def test_motd_names_the_streak_at_risk(run):
    run("init")
    run(
        "quest",
        "add",
        "Comment on posts",
        "--tip",
        "1",
        "--cadence",
        "daily",
        "--id",
        "comment",
        "--start",
        "2026-03-01",
    )
    assert run("checkin", "comment", "--date", "2026-03-10")[0] == 0
    code, out, _ = run("summary", "--motd")
    assert "'Comment on posts' streak 1 at risk" in out


def test_columns_are_respected(run, monkeypatch):
    starter(run)
    monkeypatch.setenv("COLUMNS", "60")
    _, out, _ = run("summary")
    assert max(len(line) for line in out.splitlines()) <= 60


def test_escape_sequences_in_stored_text_never_reach_the_output(run):
    run("init")
    run(
        "quest",
        "add",
        "Evil \x1b]0;pwned\x07 title \x1b[2J",
        "--tip",
        "1",
        "--cadence",
        "daily",
        "--id",
        "evil",
    )
    code, out, _ = run("checkin", "evil", "--note", "\x1b[31mred")
    for args in (
        ["summary"],
        ["summary", "--format", "markdown"],
        ["today"],
        ["quest", "list"],
        ["summary", "--motd"],
    ):
        _, out, _ = run(*args)
        assert "\x1b" not in out and "\x07" not in out
        assert "Evil" in out or "evil" in out or args[-1] == "--motd"


def test_settings_show_and_set(run):
    run("init")
    code, out, _ = run("settings")
    assert "day_start_hour = 0" in out and "week_start = mon" in out
    assert run("settings", "day_start_hour", "4")[1].strip() == "day_start_hour = 4"
    assert run("settings", "day_start_hour")[1].strip() == "4"


def test_export_import_round_trip(run, tmp_path):
    starter(run)
    run("checkin", "coffee", "--note", "first")
    target = tmp_path / "export.json"
    code, _, err = run("export", "-o", str(target))
    assert code == 0 and target.exists()
    code, out, _ = run("export", "--format", "csv")
    assert out.splitlines()[0].startswith("day,quest")
    run("undo")
    code, out, _ = run("import", str(target))
    assert code == 0 and out.startswith("Imported 6 quests, 1 check-in, 0 people and 0 goals from ")
    assert "first" in run("export")[1]


def test_import_bad_file_changes_nothing(run, tmp_path, cli_env):
    starter(run)
    before = cli_env.read_bytes()
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "netquest-export", "version": 1, "data": {"quests": [{"id": 5}]}}')
    code, _, err = run("import", str(bad))
    assert code == 2 and "nothing was changed" in err
    assert cli_env.read_bytes() == before
    code, _, err = run("import", str(tmp_path / "missing.json"))
    assert code == 2 and "cannot read" in err


def test_demo_then_summary(run):
    code, out, err = run("demo", "--days", "90", "--quests", "8")
    assert code == 0, err
    code, out, _ = run("summary", "--format", "json")
    data = json.loads(out)
    assert len(data["quests"]) == 8 and data["xp"] > 0


def test_doctor_and_restore(run, cli_env):
    starter(run)
    run("checkin", "coffee")
    code, out, _ = run("doctor")
    assert code == 0 and "Data file" in out
    cli_env.write_text("{ broken")
    code, out, err = run("summary")
    assert code == 1 and str(cli_env) in err and len(err.strip().splitlines()) == 1
    code, out, _ = run("doctor")
    assert code == 1 and "BAD" in out
    backups = sorted((cli_env.parent / "backups").glob("*.json"))
    assert backups
    code, out, _ = run("doctor", "--restore", backups[-1].name)
    assert code == 0
    assert run("summary")[0] == 0


def test_corrupt_file_is_never_overwritten(run, cli_env):
    starter(run)
    cli_env.write_bytes(b'{"_default": {"1": tru')
    before = cli_env.read_bytes()
    for args in (
        ["checkin", "coffee"],
        ["summary"],
        ["undo"],
        ["quest", "add", "X", "--tip", "1", "--cadence", "daily"],
    ):
        code, _, err = run(*args)
        assert code == 1 and "Traceback" not in err
    assert cli_env.read_bytes() == before


def env_for(cli_env):
    env = dict(os.environ)
    env.update(NETQUEST_DB=str(cli_env), NETQUEST_NOW="2026-03-11T09:30:00", TZ="UTC")
    return env


def test_bare_netquest_without_a_terminal_prints_a_hint(cli_env):
    proc = subprocess.run(
        [sys.executable, "-m", "netquest"],
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        env=env_for(cli_env),
        timeout=60,
    )
    assert proc.returncode == 2
    assert "ssh -t" in proc.stderr and "netquest summary" in proc.stderr
    assert proc.stdout == "" and "\x1b" not in proc.stderr


@pytest.mark.parametrize(
    "command",
    [["summary"], ["checkin", "coffee"], ["today", "--format", "json"], ["serve", "--help"]],
    ids=["summary", "checkin", "today", "serve-help"],
)
def test_the_command_line_never_imports_textual(cli_env, command):
    """Nor the web server's aiohttp: only `netquest serve`, when it runs, loads them."""
    env = env_for(cli_env)
    subprocess.run(
        [sys.executable, "-m", "netquest", "init", "--starter"],
        env=env,
        check=True,
        capture_output=True,
    )
    proc = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "netquest", *command],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert proc.returncode == 0, proc.stderr
    imported = {
        line.split("|")[-1].strip()
        for line in proc.stderr.splitlines()
        if line.startswith("import time:")
    }
    # the import log is really there, with the command's own code
    assert ("netquest.cli.serve" if command[0] == "serve" else "netquest.services") in imported
    web = ("textual", "textual_serve", "aiohttp", "netquest.web")
    assert not {name for name in imported if any(under(name, top) for top in web)}


def under(name: str, package: str) -> bool:
    return name == package or name.startswith(package + ".")


# Code `summary` must never load: the other command groups, the export and the Loop import.
NOT_FOR_SUMMARY = (
    "netquest.cli.people", "netquest.cli.goal", "netquest.cli.log", "netquest.cli.transfer",
    "netquest.cli.quests", "netquest.cli.settings", "netquest.services.loop",
    "netquest.services.transfer",
)
SUMMARY_SETUP = (
    ["init", "--starter"],
    ["people", "add", "Ana", "--interval", "7", "--last-contact", "2026-03-01"],
    ["goal", "set", "--want", "A platform role", "--kind", "job", "--by", "2026-06-30"],
    ["goal", "kr", "add", "--title", "Coffees", "--target", "12", "--quests", "coffee"],
)


@pytest.mark.parametrize(("command", "shown"), [
    (["summary"], "Goal: A platform role"),
    (["summary", "--motd"], "1 to reach out"),
    (["summary", "--format", "markdown"], "| Coffees |"),
])
def test_summary_loads_only_its_own_commands(cli_env, command, shown):
    env = env_for(cli_env)
    for setup in SUMMARY_SETUP:
        subprocess.run([sys.executable, "-m", "netquest", *setup], env=env, check=True,
                       capture_output=True)
    proc = subprocess.run([sys.executable, "-X", "importtime", "-m", "netquest", *command],
                          capture_output=True, text=True, env=env, timeout=60)
    assert proc.returncode == 0, proc.stderr
    imported = {line.split("|")[-1].strip() for line in proc.stderr.splitlines()
                if line.startswith("import time:")}
    # the lazy import is in the log: the summary command's, or the quick path's for the plain
    # `summary` (netquest/cli/quick.py)
    runs = "netquest.cli.quick" if command == ["summary"] else "netquest.cli.summary"
    assert {runs, "netquest.cli.render"} <= imported
    assert shown in proc.stdout  # the goal and people parts were drawn
    assert not imported & set(NOT_FOR_SUMMARY)


class FakeTerminal:
    def isatty(self) -> bool:
        return True


def test_no_color_drops_colour_and_symbols_on_a_terminal(monkeypatch):
    from netquest.cli.style import Style

    monkeypatch.setenv("TERM", "xterm-256color")
    monkeypatch.delenv("NO_COLOR", raising=False)
    fancy = Style.detect(FakeTerminal())
    assert fancy.color and fancy.symbols and fancy.flame == "🔥"
    monkeypatch.setenv("NO_COLOR", "1")
    plain = Style.detect(FakeTerminal())
    assert not plain.color and not plain.symbols and plain.flame == "streak"


def test_csv_export_prints_stored_text_inert(run):
    run("init")
    run("quest", "add", "Evil \x1b[31mRED\x07", "--tip", "1", "--cadence", "daily", "--id", "evil")
    run("checkin", "evil", "--note", "n \x1b]0;TITLE\x07 z", "--with", "Ana\x1b[2J")
    code, out, _ = run("export", "--format", "csv")
    assert code == 0 and "\x1b" not in out and "\x07" not in out
    assert "Evil ^[[31mRED^G" in out and "n ^[]0;TITLE^G z" in out


def test_settings_timezone_shows_the_system_zone_and_goes_back_to_it(run):
    run("init")
    assert run("settings", "timezone")[1].strip() == "UTC (from the system)"
    assert run("settings", "timezone", "Asia/Tokyo")[1].strip() == "timezone = Asia/Tokyo"
    assert run("settings", "timezone")[1].strip() == "Asia/Tokyo"
    code, out, _ = run("settings", "timezone", "system")
    assert code == 0 and out.strip() == "timezone = UTC (from the system)"


def test_motd_shortens_the_quest_title_rather_than_the_counts(run, monkeypatch):
    run("init")
    long_title = "Comment thoughtfully on three posts in the platform engineering community forum"
    run(
        "quest",
        "add",
        long_title,
        "--tip",
        "1",
        "--cadence",
        "daily",
        "--id",
        "comment",
        "--start",
        "2026-03-01",
    )
    run("checkin", "comment", "--date", "2026-03-10")
    run("people", "add", "Ana", "--interval", "7", "--last-contact", "2026-03-01")
    monkeypatch.setenv("COLUMNS", "100")
    _, out, _ = run("summary", "--motd")
    line = out.rstrip("\n")
    assert len(line) <= 100 and line.endswith("1 to reach out")
    assert "' streak 1 at risk" in line and "…" in line
    monkeypatch.setenv("COLUMNS", "60")
    _, out, _ = run("summary", "--motd")
    line = out.rstrip("\n")
    assert len(line) <= 60 and "1 streak at risk" in line


def test_import_refuses_a_check_in_in_the_future(run, tmp_path, cli_env):
    starter(run)
    run("checkin", "coffee")
    doc = json.loads(run("export")[1])
    doc["data"]["checkins"][0]["day"] = "2099-01-01"
    bad = tmp_path / "future.json"
    bad.write_text(json.dumps(doc))
    before = cli_env.read_bytes()
    code, _, err = run("import", str(bad))
    assert code == 2 and "2099-01-01 is in the future" in err
    assert cli_env.read_bytes() == before


def test_doctor_restores_only_this_files_own_backups(run, cli_env):
    starter(run)
    run("checkin", "coffee")
    other = cli_env.parent / "backups" / "other-2026-03-10.json"
    other.write_text("{}")
    code, _, err = run("doctor", "--restore", other.name)
    assert code == 2 and "is not a backup of" in err


def test_motd_takes_no_format(run):
    starter(run)
    code, _, err = run("summary", "--motd", "--format", "json")
    assert code == 2 and "--motd prints one line" in err
