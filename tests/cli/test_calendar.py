"""`netquest calendar`: the quests as iCalendar, read back with the icalendar library."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from icalendar import Calendar

CADENCES = {
    "daily-q": ("daily", {"FREQ": ["DAILY"]}),
    "workdays": ("weekdays", {"FREQ": ["WEEKLY"], "BYDAY": ["MO", "TU", "WE", "TH", "FR"]}),
    "monthu": ("mon,thu", {"FREQ": ["WEEKLY"], "BYDAY": ["MO", "TH"]}),
    "thrice": ("3/week", {"FREQ": ["WEEKLY"]}),
    "every3": ("every 3 days", {"FREQ": ["DAILY"], "INTERVAL": [3]}),
    "twice": ("2/month", {"FREQ": ["MONTHLY"]}),
    "rolling": ("2 in 3 days", {"FREQ": ["DAILY"], "INTERVAL": [2]}),
    "sparse": ("2 in 30 days", {"FREQ": ["WEEKLY"], "INTERVAL": [2]}),
}


@pytest.fixture
def planned(run):
    run("init")
    for qid, (cadence, _) in CADENCES.items():
        code, _, err = run("quest", "add", qid.title(), "--tip", "4", "--cadence", cadence,
                           "--id", qid, "--start", "2026-03-02")
        assert code == 0, err
    run("quest", "add", "Old", "--tip", "1", "--cadence", "daily", "--id", "old")
    run("quest", "archive", "old")
    run("quest", "edit", "daily-q", "--remind", "18:30")
    run("settings", "timezone", "Europe/Berlin")
    run("goal", "set", "--want", "A role on a platform team", "--ask", "An intro",
        "--by", "2026-06-30")
    return run


def events_of(text: str) -> dict[str, object]:
    cal = Calendar.from_ical(text)
    return {str(e["UID"]): e for e in cal.walk("VEVENT")}


def test_one_recurring_event_per_active_quest_and_the_goal(planned):
    code, out, err = planned("calendar")
    assert code == 0 and err == ""
    events = events_of(out)
    assert set(events) == {f"quest-{qid}@netquest" for qid in CADENCES} | {"goal-g1@netquest"}
    for qid, (_, rule) in CADENCES.items():
        assert dict(events[f"quest-{qid}@netquest"]["RRULE"]) == rule, qid
    goal = events["goal-g1@netquest"]
    assert goal["DTSTART"].dt == date(2026, 6, 30) and "RRULE" not in goal
    assert str(goal["SUMMARY"]) == "Goal: A role on a platform team"


def test_all_day_dates_and_a_timed_event_in_the_users_time_zone(planned):
    cal = Calendar.from_ical(planned("calendar", "--format", "ics")[1])
    assert [str(tz["TZID"]) for tz in cal.walk("VTIMEZONE")] == ["Europe/Berlin"]
    events = {str(e["UID"]): e for e in cal.walk("VEVENT")}
    coffee = events["quest-thrice@netquest"]["DTSTART"].dt
    assert type(coffee) is date and coffee == date(2026, 3, 2)
    timed = events["quest-daily-q@netquest"]
    start = timed["DTSTART"].dt
    assert isinstance(start, datetime) and (start.hour, start.minute) == (18, 30)
    assert str(start.tzinfo) == "Europe/Berlin"
    assert timed["DTSTART"].params["TZID"] == "Europe/Berlin"
    assert start.utcoffset().total_seconds() == 3600  # 2 March is winter time


def test_descriptions_carry_the_tip_the_advice_and_the_true_cadence(planned):
    events = events_of(planned("calendar")[1])
    rolling = str(events["quest-rolling@netquest"]["DESCRIPTION"])
    assert "True cadence: 2 in 3 days" in rolling
    assert "Tip 4: Virtual coffee" in rolling and "video" in rolling  # the tip's advice
    assert "Target: 3 days a week" in str(events["quest-thrice@netquest"]["DESCRIPTION"])
    assert "Target: 2 days a month" in str(events["quest-twice@netquest"]["DESCRIPTION"])
    assert "An intro" in str(events["goal-g1@netquest"]["DESCRIPTION"])


def test_uids_are_stable_across_runs_and_days(planned, monkeypatch, tmp_path):
    first = events_of(planned("calendar")[1])
    monkeypatch.setenv("NETQUEST_NOW", "2026-04-20T07:00:00")
    planned("quest", "edit", "twice", "--title", "Twice a month, renamed")
    assert planned("calendar", "-o", str(tmp_path / "quests.ics"))[0] == 0
    second = events_of((tmp_path / "quests.ics").read_bytes())
    assert set(first) == set(second)
    assert str(second["quest-twice@netquest"]["SUMMARY"]) == "Twice a month, renamed"


def test_a_month_day_past_28_falls_on_the_last_day(run):
    run("init")
    run("quest", "add", "Review", "--tip", "5", "--cadence", "1/month", "--id", "review",
        "--start", "2026-01-31")
    event = events_of(run("calendar")[1])["quest-review@netquest"]
    assert dict(event["RRULE"]) == {"FREQ": ["MONTHLY"], "BYMONTHDAY": [-1]}
    assert event["DTSTART"].dt == date(2026, 1, 31)


def test_a_hostile_title_stays_data(run):
    run("init")
    run("quest", "add", "Evil\x1b[2J\u202e\r\nBEGIN:VEVENT", "--tip", "1", "--cadence", "daily",
        "--id", "evil")
    out = run("calendar")[1]
    assert "\x1b" not in out and "\u202e" not in out and out.count("BEGIN:VEVENT") == 2
    events = events_of(out)
    assert list(events) == ["quest-evil@netquest"]
    assert str(events["quest-evil@netquest"]["SUMMARY"]) == "Evil^[[2J<U+202E>^M^JBEGIN:VEVENT"


def test_refusals_are_one_line(run, tmp_path):
    run("init", "--starter")
    for words in (("calendar", "-o", str(tmp_path)), ("calendar", "--format", "csv")):
        code, out, err = run(*words)
        assert code == 2 and out == "" and len(err.strip().splitlines()) == 1, words


def test_only_the_calendar_command_loads_icalendar(cli_env):
    import os
    import subprocess
    import sys

    probe = ("import sys\nfrom netquest.cli import main\n"
             "for words in (['init', '--starter'], ['status'], ['remind'], ['summary'], "
             "['quest', 'edit', 'coffee', '--remind', '9:00']):\n"
             "    try:\n        main(words)\n    except SystemExit:\n        pass\n"
             "print('icalendar' in sys.modules, 'textual' in sys.modules, file=sys.stderr)")
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                          env=dict(os.environ), check=True)
    assert done.stderr.split() == ["False", "False"]


def test_the_calendar_never_goes_over_the_data_file(run, cli_env):
    run("init", "--starter")
    before = cli_env.read_bytes()
    code, out, err = run("calendar", "-o", str(cli_env))
    assert code == 2 and "data file" in err and len(err.strip().splitlines()) == 1
    assert cli_env.read_bytes() == before


def test_the_calendar_never_goes_over_a_backup_or_the_status_cache(run, cli_env):
    run("init", "--starter")
    run("checkin", "comment")  # a write: a backup of the day and the status cache
    backups = sorted((cli_env.parent / "backups").iterdir())
    cache = cli_env.parent / "status.txt"
    assert backups and cache.exists()
    for target in (backups[0], cache):
        before = target.read_bytes()
        code, out, err = run("calendar", "-o", str(target))
        assert code == 2 and len(err.strip().splitlines()) == 1, err
        assert "nothing was written" in err
        assert target.read_bytes() == before


def test_the_calendar_speaks_the_language_and_only_its_words_change(run, tmp_path):
    """In zh-CN the events' titles and descriptions are Chinese (a starter quest's title
    follows the language); what a calendar program reads (UIDs, rules, dates) is unchanged."""
    run("init", "--starter")
    run("quest", "add", "每周约一位老同事喝咖啡", "--tip", "4", "--cadence", "2 in 30 days",
        "--id", "tea")
    run("goal", "set", "--want", "进入平台团队", "--ask", "引荐", "--why", "成长",
        "--by", "2026-06-30")
    code, english, err = run("calendar")
    assert code == 0, err
    run("settings", "language", "zh-CN")
    code, chinese, err = run("calendar")
    assert code == 0, err
    en, zh = events_of(english), events_of(chinese)
    assert en.keys() == zh.keys()
    for uid in en:
        for field in ("DTSTART", "DTEND", "RRULE", "CATEGORIES"):
            assert en[uid].get(field) == zh[uid].get(field), (uid, field)
    comment = zh["quest-comment@netquest"]
    assert str(comment["SUMMARY"]) == "在社区的帖子下留言"
    text = str(comment["DESCRIPTION"])
    assert "节奏：每天，目标 3" in text and "打卡：netquest checkin comment" in text
    assert "技巧 1：" in text and "Cadence" not in text and "Tip 1" not in text
    tea = str(zh["quest-tea@netquest"]["DESCRIPTION"])
    assert "Cadence" not in tea and "True cadence" not in tea
    goal = zh[next(uid for uid in zh if uid.startswith("goal-"))]
    assert str(goal["SUMMARY"]) == "目标：进入平台团队"
    assert "Why" not in str(goal["DESCRIPTION"]) and "The ask" not in str(goal["DESCRIPTION"])
    code, _, err = run("calendar", "-o", str(tmp_path))
    assert code != 0 and "是文件夹" in err
