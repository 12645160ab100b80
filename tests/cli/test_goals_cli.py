"""`netquest goal` and the goal in `summary`: every command, its errors, its JSON."""

from __future__ import annotations

import json

import pytest


def setup_goal(run, *extra):
    assert run("init", "--starter")[0] == 0
    code, out, err = run("goal", "set", "--want", "A platform-team job in Berlin", "--kind", "job",
                         "--ask", "An intro to a hiring manager", "--contact", "ana@example.org",
                         "--by", "2026-04-30", *extra)
    assert code == 0, err
    return out


def test_goal_without_a_goal_says_how_to_set_one(run):
    run("init")
    code, out, err = run("goal")
    assert code == 0 and err == ""
    assert "No goal in focus" in out and "netquest goal set --want" in out
    code, out, _ = run("goal", "--format", "json")
    data = json.loads(out)
    assert data["goal"] is None and data["archived"] == [] and data["review_due"] is False


def test_goal_set_shows_the_goal(run):
    out = setup_goal(run, "--why", "I like building tools for builders")
    assert "Goal g1 · job · in focus" in out
    assert "A platform-team job in Berlin" in out
    assert "Ask: An intro to a hiring manager" in out
    assert "Contact: email ana@example.org" in out
    assert "50 days left (by 2026-04-30)" in out
    assert "Why: I like building tools for builders" in out
    code, out, _ = run("goal", "set", "--by", "none", "--format", "json")
    data = json.loads(out)
    assert (
        code == 0
        and data["target_date"] is None
        and data["want"] == "A platform-team job in Berlin"
    )


def test_goal_set_new_and_focus_and_list(run):
    setup_goal(run)
    code, out, _ = run(
        "goal", "set", "--new", "--want", "Two podcast guest spots", "--kind", "explore"
    )
    assert code == 0 and "Goal g2" in out
    code, out, _ = run("goal", "list")
    lines = out.splitlines()
    assert lines[0].startswith("g1") and "waiting" in lines[0] and "by 2026-04-30" in lines[0]
    assert lines[1].startswith("g2") and "focus" in lines[1]
    code, out, _ = run("goal", "focus", "g1", "--format", "json")
    assert code == 0 and json.loads(out)["id"] == "g1"
    code, out, _ = run("goal", "list", "--format", "json")
    assert [(g["id"], g["status"]) for g in json.loads(out)] == [("g1", "focus"), ("g2", "waiting")]


def test_goal_kr_add_and_set_and_rm(run):
    setup_goal(run)
    code, out, err = run(
        "goal",
        "kr",
        "add",
        "--title",
        "8 virtual coffees",
        "--target",
        "8",
        "--quests",
        "coffee,intro",
    )
    assert code == 0, err
    assert "k1" in out and "8 virtual coffees" in out and "0/8" in out and "on" in out
    code, out, _ = run(
        "goal",
        "kr",
        "add",
        "--title",
        "Meet 5",
        "--target",
        "5",
        "--stage",
        "met",
        "--format",
        "json",
    )
    assert json.loads(out) == {
        "id": "k2",
        "title": "Meet 5",
        "kind": "stage",
        "done": 0,
        "target": 5,
        "pace": "on",
        "expected": 0.0,
        "overdue": False,
        "stage": "met",
        "introduced": False,
    }
    code, out, _ = run(
        "goal", "kr", "add", "--title", "Applications sent", "--target", "10", "--manual"
    )
    assert code == 0 and "k3" in out
    code, out, _ = run("goal", "kr", "set", "k3", "6", "--format", "json")
    kr = json.loads(out)
    assert (kr["id"], kr["done"], kr["pace"]) == ("k3", 6, "ahead")
    code, out, _ = run("goal", "kr", "rm", "k2")
    assert code == 0 and "Removed k2." in out and "Meet 5" not in out
    code, out, _ = run("goal", "--format", "json")
    data = json.loads(out)
    assert [k["id"] for k in data["goal"]["key_results"]] == ["k1", "k3"]
    assert sorted(data["goal"]["quests"]) == ["coffee", "intro"]


def test_goal_link_unlink(run):
    setup_goal(run)
    code, out, _ = run("goal", "link", "coffee")
    assert (code, out.strip()) == (0, "coffee now serves g1")
    code, out, _ = run("goal", "link", "intro", "--format", "json")
    assert json.loads(out) == {"quest": "intro", "goal": "g1"}
    code, out, _ = run("goal", "unlink", "intro")
    assert (code, out.strip()) == (0, "intro no longer serves g1")
    code, out, _ = run("goal", "unlink", "intro", "--format", "json")
    assert json.loads(out) == {"quest": "intro", "goal": None, "was": None}
    code, out, _ = run("goal")
    assert "Quests serving it: coffee" in out


def test_goal_done_archives_with_outcome_and_reflection(run):
    setup_goal(run)
    code, out, _ = run(
        "goal", "done", "g1", "--outcome", "achieved", "--reflection", "Coffees beat cold emails."
    )
    assert code == 0
    assert "Archived g1 (achieved): A platform-team job in Berlin" in out
    assert "No goal in focus now" in out
    code, out, _ = run("goal")
    assert "Past goals" in out and "achieved on 2026-03-11: Coffees beat cold emails." in out
    code, out, _ = run("goal", "--format", "json")
    assert json.loads(out)["archived"][0]["outcome"] == "achieved"
    code, out, _ = run("goal", "list")
    assert "achieved" in out and "closed 2026-03-11" in out


def test_goal_review_and_card(run, monkeypatch):
    setup_goal(run)
    code, out, _ = run("goal", "review", "--moved", "Two coffees", "--ask", "An intro to Bea")
    assert (code, out.strip()) == (0, "Review of the week of 2026-03-09 saved.")
    code, out, _ = run("goal")
    assert "week of 2026-03-09 · moved: Two coffees · next ask: An intro to Bea" in out
    monkeypatch.setenv("NETQUEST_NOW", "2026-03-23T09:00:00")
    code, out, _ = run("goal")
    assert "Weekly review due" in out
    code, out, _ = run("goal", "card", "Ana")
    assert code == 0
    assert out.startswith(
        "Talking with Ana\nYou want: A platform-team job in Berlin\n"
        "Your ask: An intro to a hiring manager"
    )
    assert out.count("\n  - ") == 3
    code, out, _ = run("goal", "card", "Ana", "--format", "json")
    card = json.loads(out)
    assert card["goal"] == "g1" and len(card["questions"]) == 3


def test_goal_shows_this_weeks_check_ins_of_its_quests(run):
    setup_goal(run)
    run("goal", "link", "coffee")
    assert run("checkin", "coffee", "--with", "Ana", "--note", "Platform guild")[0] == 0
    assert run("checkin", "comment")[0] == 0
    code, out, _ = run("goal")
    assert "This week (2026-03-09 – 2026-03-15): 1 check-in of its quests" in out
    assert "2026-03-11 Invite someone to a virtual coffee with Ana — Platform guild" in out
    data = json.loads(run("goal", "--format", "json")[1])
    assert [c["quest"] for c in data["week_checkins"]] == ["coffee"]
    assert {q["id"] for q in data["due_today"]} == set()  # the coffee is done this week


@pytest.mark.parametrize(
    "args,message",
    [
        (("goal", "set", "--kind", "job"), "a new goal needs what you want (--want)"),
        (("goal", "set", "--want", "x", "--kind", "fame"), "unknown goal kind 'fame'"),
        (("goal", "set", "--want", "x", "--by", "tomorrow"), "'tomorrow' is not a date"),
        (("goal", "set", "--want", "x", "--by", "2026-01-01"), "is in the past"),
        (("goal", "set", "--want", "x", "--contact", "somewhere"), "not an email address, a link"),
        (("goal", "set", "--want", "x" * 2001), "at most 2000"),
        (("goal", "focus", "g7"), "no goal 'g7'"),
        (("goal", "done", "g1", "--outcome", "won"), "unknown outcome 'won'"),
        (("goal", "done", "g1"), "Missing option '--outcome'"),
        (
            ("goal", "kr", "add", "--title", "t", "--target", "0", "--manual"),
            "target must be from 1",
        ),
        (("goal", "kr", "add", "--title", "t", "--target", "3"), "exactly one of"),
        (
            ("goal", "kr", "add", "--title", "t", "--target", "3", "--quests", "zebra"),
            "no quest matches 'zebra'",
        ),
        (
            ("goal", "kr", "add", "--title", "t", "--target", "3", "--stage", "friends"),
            "unknown stage 'friends'",
        ),
        (("goal", "kr", "set", "k9", "3"), "no key result 'k9'"),
        (("goal", "link", "zebra"), "no quest matches 'zebra'"),
        (("goal", "review"), "a review needs at least one"),
        (("goal", "card", " "), "name the person"),
    ],
)
def test_goal_errors_exit_2_with_one_line(run, args, message):
    run("init", "--starter")
    if args[:2] != ("goal", "set"):
        assert run("goal", "set", "--want", "Something")[0] == 0
    code, out, err = run(*args)
    assert code == 2, (out, err)
    assert out == ""
    first, *rest = err.splitlines()
    assert first.startswith("netquest: ") and message in first
    assert rest == []  # candidates, when there are any, are on the one line


def test_commands_that_need_a_goal_say_so(run):
    run("init", "--starter")
    for args in (
        ("goal", "kr", "add", "--title", "t", "--target", "3", "--manual"),
        ("goal", "link", "coffee"),
        ("goal", "review", "--moved", "x"),
    ):
        code, out, err = run(*args)
        assert code == 2 and out == "" and "no goal in focus" in err and len(err.splitlines()) == 1


def test_goal_text_is_inert(run):
    run("init", "--starter")
    code, out, _ = run("goal", "set", "--want", "Evil \x1b[31mred\x1b[0m", "--ask", "bell\x07")
    assert code == 0
    assert "\x1b" not in out and "\x07" not in out
    assert "Evil ^[[31mred^[[0m" in out


def test_goal_uses_the_db_option(run, tmp_path):
    other = tmp_path / "other.json"
    assert run("init", "--db", str(other))[0] == 0
    assert run("goal", "set", "--db", str(other), "--want", "Elsewhere")[0] == 0
    assert (
        json.loads(run("goal", "--db", str(other), "--format", "json")[1])["goal"]["want"]
        == "Elsewhere"
    )
    run("init")
    assert json.loads(run("goal", "--format", "json")[1])["goal"] is None


# --------------------------------------------------------------------- summary
def test_summary_json_goal_is_null_then_the_focused_goal(run):
    run("init", "--starter")
    assert json.loads(run("summary", "--format", "json")[1])["goal"] is None
    setup_goal(run)
    run("goal", "kr", "add", "--title", "8 virtual coffees", "--target", "8", "--quests", "coffee")
    run("checkin", "coffee")
    goal = json.loads(run("summary", "--format", "json")[1])["goal"]
    assert set(goal) >= {
        "id",
        "want",
        "kind",
        "why",
        "ask",
        "contact",
        "target_date",
        "days_left",
        "key_results",
        "behind",
        "quests",
    }
    assert (goal["id"], goal["days_left"], goal["behind"], goal["quests"]) == (
        "g1",
        50,
        False,
        ["coffee"],
    )
    assert goal["contact"] == {"email": "ana@example.org"}
    kr = goal["key_results"][0]
    assert {k: kr[k] for k in ("id", "title", "kind", "done", "target", "pace", "expected")} == {
        "id": "k1",
        "title": "8 virtual coffees",
        "kind": "checkins",
        "done": 1,
        "target": 8,
        "pace": "ahead",
        "expected": 0.0,
    }


def test_summary_text_and_markdown_show_the_goal(run, monkeypatch):
    setup_goal(run)
    run("goal", "kr", "add", "--title", "8 virtual coffees", "--target", "8", "--quests", "coffee")
    monkeypatch.setenv("NETQUEST_NOW", "2026-03-31T09:00:00")
    code, out, _ = run("summary")
    assert code == 0
    assert "Goal: A platform-team job in Berlin" in out
    assert "job · 30 days left (by 2026-04-30)" in out
    row = next(line for line in out.splitlines() if "8 virtual coffees" in line)
    assert "0/8" in row and row.rstrip().endswith("behind")
    code, out, _ = run("summary", "--format", "markdown")
    assert "## Goal" in out and "| 8 virtual coffees | 0 | 8 | behind |" in out


def test_summary_text_without_key_results_says_how_to_add_one(run):
    setup_goal(run)
    out = run("summary")[1]
    assert "Goal: A platform-team job in Berlin" in out and "No key results yet" in out


def test_motd_mentions_the_goal_only_when_a_key_result_is_behind(run, monkeypatch):
    setup_goal(run)
    monkeypatch.setenv("COLUMNS", "200")
    run("goal", "kr", "add", "--title", "8 virtual coffees", "--target", "8", "--quests", "coffee")
    code, out, _ = run("summary", "--motd")
    assert code == 0 and "goal" not in out
    monkeypatch.setenv("NETQUEST_NOW", "2026-03-31T09:00:00")
    out = run("summary", "--motd")[1]
    assert out.rstrip().endswith("goal: 1 key result behind")


def test_goals_survive_export_and_import(run, tmp_path):
    setup_goal(run)
    run("goal", "kr", "add", "--title", "Applications", "--target", "10", "--manual")
    run("goal", "kr", "set", "k1", "4")
    run("goal", "review", "--moved", "A good week")
    before = json.loads(run("goal", "--format", "json")[1])
    dump = tmp_path / "export.json"
    assert run("export", "-o", str(dump))[0] == 0
    fresh = tmp_path / "fresh.json"
    assert run("import", str(dump), "--db", str(fresh))[0] == 0
    assert json.loads(run("goal", "--format", "json", "--db", str(fresh))[1]) == before


def test_help_lists_the_goal_commands(run):
    code, out, _ = run("--help")
    assert code == 0 and "goal" in out
    code, out, _ = run("goal", "--help")
    for sub in ("set", "list", "focus", "done", "link", "unlink", "review", "card", "kr"):
        assert sub in out
    code, out, _ = run("goal", "kr", "--help")
    assert all(sub in out for sub in ("add", "set", "rm"))


def test_goal_kr_add_introduced_counts_people_introduced_while_the_goal_runs(run, monkeypatch):
    monkeypatch.setenv("NETQUEST_NOW", "2026-03-02T09:00:00")
    assert run("people", "add", "Old", "--stage", "met")[0] == 0  # met before the goal: not counted
    monkeypatch.setenv("NETQUEST_NOW", "2026-03-11T09:30:00")
    setup_goal(run)
    assert run("people", "add", "Bea")[0] == 0
    assert run("people", "add", "Cleo", "--introduced-by", "bea", "--stage", "met")[0] == 0
    assert run("people", "add", "Dan", "--stage", "met")[0] == 0
    code, out, err = run(
        "goal",
        "kr",
        "add",
        "--title",
        "5 people met through introductions",
        "--target",
        "5",
        "--stage",
        "met",
        "--introduced",
        "--format",
        "json",
    )
    assert code == 0, err
    kr = json.loads(out)
    assert (kr["stage"], kr["introduced"], kr["done"]) == ("met", True, 1)
    code, out, _ = run(
        "goal",
        "kr",
        "add",
        "--title",
        "Meet 5",
        "--target",
        "5",
        "--stage",
        "met",
        "--format",
        "json",
    )
    assert json.loads(out)["done"] == 2 and json.loads(out)["introduced"] is False
    code, out, err = run(
        "goal", "kr", "add", "--title", "x", "--target", "5", "--manual", "--introduced"
    )
    assert code != 0 and "only a key result counting people at a stage" in err
