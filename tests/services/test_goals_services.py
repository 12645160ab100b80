"""Goal services end to end on a memory store and a real file: edits, focus, archive, key results,
reviews."""

from __future__ import annotations

import json
from datetime import date

import pytest

from netquest.clock import Clock
from netquest.services import NetQuest, ServiceError, Unknown
from netquest.store import Store

TODAY = date(2026, 3, 11)  # a Wednesday


def at(services, now: str) -> NetQuest:
    """The same data file seen at another moment."""
    return NetQuest(services.store, Clock(timezone="UTC", fixed_now=now))


def quest(services, qid, tip=4, cadence="1/week", start=date(2026, 2, 1)):
    return services.quests.add(qid.title(), tip, cadence, id=qid, start=start)


def goals_table(services):
    with services.store.read() as tx:
        return tx.all("goals")


# ------------------------------------------------------------------ set, focus
def test_set_goal_creates_the_focused_goal_then_updates_it(services):
    g = services.goals.set(
        want="A platform-team job in Berlin",
        kind="job",
        why="I want to build for builders",
        ask="An intro to a hiring manager",
        contact=["ana@example.org"],
        target_date="2026-06-30",
    )
    assert g.id == "g1" and g.status == "focus"
    assert (g.want, g.kind, g.ask) == (
        "A platform-team job in Berlin",
        "job",
        "An intro to a hiring manager",
    )
    assert g.contact == {"email": "ana@example.org"}
    assert (str(g.start), str(g.target_date), g.days_left) == ("2026-03-11", "2026-06-30", 111)
    assert g.key_results == [] and g.behind is False
    again = services.goals.set(why="Because", contact=["booking=https://cal.example/ana", "https://example.org/ana"])
    assert (
        again.id == "g1"
        and again.want == "A platform-team job in Berlin"
        and again.why == "Because"
    )
    assert again.contact == {"email": "ana@example.org", "booking": "https://cal.example/ana",
                                "profile": "https://example.org/ana"}
    cleared = services.goals.set(target_date="", contact=["email="])
    assert cleared.target_date is None and cleared.days_left is None
    assert "email" not in cleared.contact
    assert len(goals_table(services)) == 1


def test_a_new_goal_puts_the_focused_one_on_hold(services):
    services.goals.set(want="First")
    second = services.goals.set(want="Second", kind="clients", new=True)
    assert second.id == "g2"
    statuses = {g.id: g.status for g in services.goals.list()}
    assert statuses == {"g1": "waiting", "g2": "focus"}
    assert services.goals.focus("G1").id == "g1"
    assert {g.id: g.status for g in services.goals.list()} == {"g1": "focus", "g2": "waiting"}
    assert services.goals.focused().want == "First"


def test_a_goal_defaults_to_explore(services):
    assert services.goals.set(want="See what is out there").kind == "explore"


@pytest.mark.parametrize("kwargs,message", [
    ({"want": "  "}, "what you want"),
    ({"want": "x", "kind": "fame"}, "unknown goal kind 'fame'"),
    ({"want": "x", "target_date": "31/03/2026"}, "not a date"),
    ({"want": "x", "target_date": "2026-03-10"}, "in the past"),
    ({"want": "x" * 2001}, "at most 2000"),
    ({"want": "x", "why": "y" * 2001}, "at most 2000"),
    ({"want": "x", "contact": ["not a contact"]}, "not an email address, a link"),
    ({"want": "x", "contact": ["booking=cal.example"]}, "must start with http"),
    ({"want": "x", "contact": ["email=nobody"]}, "not an email address"),
    ({"why": "no want yet"}, "needs what you want"),
])
def test_set_goal_refuses_bad_fields_and_writes_nothing(services, kwargs, message):
    with pytest.raises(ServiceError, match=message):
        services.goals.set(**kwargs)
    assert goals_table(services) == []


def test_validate_goal_refuses_what_set_goal_refuses_without_reading(services):
    for kwargs, message in [
        ({"want": "  "}, "what you want"),
        ({"want": "x", "kind": "fame"}, "unknown goal kind"),
        ({"want": "x", "contact": ["email=nobody"]}, "not an email address"),
    ]:
        with pytest.raises(ServiceError, match=message):
            services.goals.validate(**kwargs)
    with pytest.raises(ServiceError, match="in the past"):
        services.goals.validate(want="x", target_date="2026-03-10", today=TODAY)
    with pytest.raises(ServiceError, match="before the goal started"):
        services.goals.validate(
            target_date="2026-03-12", today=date(2026, 3, 1), start=date(2026, 3, 20)
        )
    services.goals.validate(want="x", kind="job", contact=["a@b.org"], target_date="", today=TODAY)
    assert goals_table(services) == []


def test_errors_are_one_line(services):
    with pytest.raises(ServiceError) as info:
        services.goals.set(want="x\ny", kind="nope")
    assert "\n" not in str(info.value)


def test_focus_needs_a_known_goal_that_is_not_archived(services):
    services.goals.set(want="One")
    with pytest.raises(ServiceError, match=r"no goal 'g9' \(goals: g1\)"):
        services.goals.focus("g9")
    with pytest.raises(ServiceError, match="name a goal"):
        services.goals.focus("")
    services.goals.close("g1", "dropped")
    with pytest.raises(ServiceError, match="archived"):
        services.goals.focus("g1")


# -------------------------------------------------------------------- archive
def test_close_goal_keeps_outcome_reflection_and_the_quests_that_served_it(services):
    quest(services, "coffee")
    services.goals.set(want="Meet founders")
    services.goals.link_quest("coffee")
    record = services.goals.close(
        "g1", "Achieved", reflection="Three coffees did more than thirty comments."
    )
    assert record.status == "archived" and record.outcome == "achieved"
    assert record.reflection == "Three coffees did more than thirty comments."
    assert str(record.closed) == "2026-03-11"
    assert services.goals.focused() is None
    assert services.quests.get("coffee").goal is None  # free to serve the next goal
    assert goals_table(services)[0]["served"] == ["coffee"]
    view = services.goals.view()
    assert view.goal is None and [a.id for a in view.archived] == ["g1"]
    with pytest.raises(ServiceError, match="already archived"):
        services.goals.close("g1", "dropped")


@pytest.mark.parametrize("outcome", ["won", "", "achieve"])
def test_close_goal_needs_a_known_outcome(services, outcome):
    services.goals.set(want="x")
    with pytest.raises(ServiceError, match="unknown outcome"):
        services.goals.close("g1", outcome)
    assert services.goals.focused().id == "g1"


def test_close_goal_refuses_a_long_reflection(services):
    services.goals.set(want="x")
    with pytest.raises(ServiceError, match="at most 2000"):
        services.goals.close("g1", "changed", "r" * 2001)


# ---------------------------------------------------------------- key results
def test_checkin_key_result_counts_check_ins_since_the_goal_started(services):
    quest(services, "coffee")
    quest(services, "intro", tip=3)
    services.quests.checkin("coffee", day="2026-03-02")  # before the goal: not counted
    services.goals.set(want="Meet people", target_date="2026-04-10")
    kr = services.goals.add_key_result("12 virtual coffees", 12, quests="coffee,intro")
    assert kr.to_json() == {
        "id": "k1",
        "title": "12 virtual coffees",
        "kind": "checkins",
        "done": 0,
        "target": 12,
        "pace": "on",
        "expected": 0.0,
        "overdue": False,
        "quests": ["coffee", "intro"],
    }
    services.quests.checkin("coffee", count=2)
    services.quests.checkin("intro")
    goal = services.quests.state().goal
    assert goal.key_results[0].done == 3
    # the quests a key result counts now serve the goal
    assert sorted(goal.quests) == ["coffee", "intro"]
    assert services.quests.get("coffee").goal == "g1"


def test_pace_follows_the_line_from_the_goal_start(services):
    quest(services, "coffee", cadence="daily")
    earlier = at(services, "2026-03-01T09:00:00")
    earlier.goals.set(want="Coffees", target_date="2026-03-31")
    earlier.goals.add_key_result("12 coffees", 12, quests=["coffee"])
    for d in ("2026-03-02", "2026-03-05"):
        services.quests.checkin("coffee", day=d)
    kr = services.quests.state().goal.key_results[0]
    assert (kr.done, kr.expected, kr.pace) == (
        2,
        4.0,
        "behind",
    )  # 10 of 30 days: 4 expected
    assert services.quests.state().goal.behind is True
    services.quests.checkin("coffee", day="2026-03-07")
    assert services.quests.state().goal.key_results[0].pace == "on"
    later = at(services, "2026-04-02T09:00:00").quests.state().goal
    assert later.days_left == -2 and later.overdue is True
    assert (
        later.key_results[0].pace == "behind" and later.key_results[0].overdue is True
    )


def test_stage_key_result_counts_people_at_or_beyond_the_stage(services):
    services.goals.set(want="Meet people", target_date="2026-06-30")
    with services.store.transaction() as tx:
        for i, stage in enumerate(["want", "introduced", "met", "keeping_in_touch", "met"]):
            tx.put("people", {"id": f"p{i}", "name": f"P{i}", "stage": stage})
    kr = services.goals.add_key_result("Meet 5 people", 5, stage="met")
    assert (kr.kind, kr.stage, kr.done, kr.target) == ("stage", "met", 3, 5)
    assert services.goals.add_key_result("Get 4 introductions", 4, stage="Introduced").done == 4


def test_manual_key_result_takes_a_number_by_hand(services):
    services.goals.set(want="First clients")
    kr = services.goals.add_key_result("Revenue from new clients", 2500.5, manual=True)
    assert (kr.kind, kr.done, kr.target) == ("manual", 0, 2500.5)
    assert services.goals.set_key_result("k1", "1200").done == 1200
    assert services.goals.set_key_result("K1", 2600).pace == "done"
    with pytest.raises(ServiceError, match="no key result 'k7'"):
        services.goals.set_key_result("k7", 1)
    with pytest.raises(ServiceError, match="must be a number"):
        services.goals.set_key_result("k1", "lots")


def test_only_manual_key_results_take_a_number(services):
    quest(services, "coffee")
    services.goals.set(want="x")
    services.goals.add_key_result("coffees", 3, quests=["coffee"])
    with pytest.raises(ServiceError, match="only a manual one"):
        services.goals.set_key_result("k1", 2)


@pytest.mark.parametrize("kwargs,message", [
    ({"title": "t", "target": 0, "manual": True}, "from 1"),
    ({"title": "t", "target": 2.5, "stage": "met"}, "whole number"),
    ({"title": "t", "target": "x", "manual": True}, "must be a number"),
    ({"title": " ", "target": 3, "manual": True}, "needs a title"),
    ({"title": "t" * 121, "target": 3, "manual": True}, "at most 120"),
    ({"title": "t", "target": 3}, "exactly one of"),
    ({"title": "t", "target": 3, "manual": True, "stage": "met"}, "exactly one of"),
    ({"title": "t", "target": 3, "stage": "friends"}, "unknown stage 'friends'"),
])
def test_add_key_result_refuses_bad_input(services, kwargs, message):
    services.goals.set(want="x")
    with pytest.raises(ServiceError, match=message):
        services.goals.validate_key_result(**kwargs)
    with pytest.raises(ServiceError, match=message):
        services.goals.add_key_result(**kwargs)
    assert services.goals.focused().key_results == []


def test_add_key_result_refuses_unknown_quests_and_writes_nothing(services):
    quest(services, "coffee")
    services.goals.set(want="x")
    with pytest.raises(Unknown, match="no quest matches 'zebra'"):
        services.goals.add_key_result("coffees", 3, quests="coffee,zebra")
    assert services.goals.focused().key_results == []
    assert services.quests.get("coffee").goal is None


def test_key_results_need_a_goal(services):
    with pytest.raises(ServiceError, match="no goal in focus"):
        services.goals.add_key_result("t", 3, manual=True)


def test_remove_key_result(services):
    services.goals.set(want="x")
    services.goals.add_key_result("a", 3, manual=True)
    services.goals.add_key_result("b", 3, manual=True)
    goal = services.goals.remove_key_result("k1")
    assert [k.id for k in goal.key_results] == ["k2"]
    assert (
        services.goals.add_key_result("c", 3, manual=True).id == "k3"
    )  # ids are never reused while k2 lives


def test_unreadable_key_results_are_refused_by_the_schema(services):
    services.goals.set(want="x")
    with services.store.transaction() as tx:
        doc = tx.get("goals", "g1")
        for bad, words in (
            (
                {"id": "k1", "title": "t", "kind": "magic", "target": 3},
                "field 'key_results[0]' field 'kind'",
            ),
            (
                {"id": "k2", "title": "t", "kind": "manual"},
                "field 'key_results[0]' field 'target' is missing",
            ),
        ):
            with pytest.raises(ValueError, match=words.replace("[", r"\[").replace("]", r"\]")):
                tx.put("goals", {**doc, "key_results": [bad]})
        doc["key_results"] = [
            {"id": "k3", "title": "ok", "kind": "manual", "target": 2, "value": 1}
        ]
        tx.put("goals", doc)
    assert [k.id for k in services.quests.state().goal.key_results] == ["k3"]


# ---------------------------------------------------------------- link quests
def test_link_and_unlink_quests(services):
    quest(services, "coffee")
    quest(services, "intro", tip=3)
    with pytest.raises(ServiceError, match="no goal in focus"):
        services.goals.link_quest("coffee")
    services.goals.set(want="x")
    q, gid = services.goals.link_quest("cof")
    assert (q.id, gid) == ("coffee", "g1")
    services.goals.link_quest("intro")
    assert services.goals.focused().quests == ["coffee", "intro"]
    q, before = services.goals.unlink_quest("intro")
    assert (q.id, before) == ("intro", "g1")
    assert services.goals.focused().quests == ["coffee"]
    assert services.goals.unlink_quest("intro")[1] is None
    with pytest.raises(Unknown):
        services.goals.link_quest("zebra")


def test_a_quest_can_serve_a_waiting_goal(services):
    quest(services, "coffee")
    services.goals.set(want="First")
    services.goals.set(want="Second", new=True)
    services.goals.link_quest("coffee", goal="g1")
    assert services.quests.get("coffee").goal == "g1"
    assert services.goals.focused().quests == []


# ------------------------------------------------------------- weekly review
def test_weekly_review_is_due_from_the_next_week_until_written(services):
    assert services.goals.weekly_review_due() is False  # no goal
    services.goals.set(want="x")  # Wednesday 11 March
    assert services.goals.weekly_review_due() is False  # nothing to look back on yet
    # Sunday: still the same week
    assert services.goals.weekly_review_due(date(2026, 3, 15)) is False
    monday = at(services, "2026-03-16T08:00:00")
    assert monday.goals.weekly_review_due() is True
    assert services.goals.weekly_review_due(date(2026, 3, 16)) is True
    review = monday.goals.add_review(
        moved="Two coffees", stalled="No intro asked", next_ask="An intro to Bea's team"
    )
    assert review.to_json() == {"week": "2026-03-09", "day": "2026-03-16", "moved": "Two coffees",
                      "stalled": "No intro asked", "next_ask": "An intro to Bea's team"}
    assert monday.goals.weekly_review_due() is False
    assert at(services, "2026-03-22T08:00:00").goals.weekly_review_due() is False
    assert at(services, "2026-03-23T08:00:00").goals.weekly_review_due() is True


def test_no_review_is_due_in_the_week_a_goal_starts_even_on_its_first_day(services):
    monday = at(services, "2026-03-09T08:00:00")
    monday.goals.set(want="x")
    assert monday.goals.weekly_review_due() is False
    assert str(monday.goals.add_review(moved="planned").week) == "2026-03-09"


def test_weekly_review_follows_the_week_start_setting(services):
    earlier = at(services, "2026-03-04T09:00:00")  # a Wednesday
    earlier.goals.set(want="x")
    sunday = at(services, "2026-03-08T09:00:00")
    assert sunday.goals.weekly_review_due() is False
    sunday.set_setting("week_start", "sun")
    assert sunday.goals.weekly_review_due() is True  # with Sunday starts, 1–7 March is over


def test_a_review_written_late_in_the_week_covers_that_week(services):
    services.goals.set(want="x")
    friday = at(services, "2026-03-13T18:00:00")
    assert str(friday.goals.add_review(moved="A thread took off").week) == "2026-03-09"
    assert at(services, "2026-03-16T08:00:00").goals.weekly_review_due() is False
    again = friday.goals.add_review(moved="A thread took off and a call followed")
    assert str(again.week) == "2026-03-09"
    reviews = goals_table(services)[0]["reviews"]
    assert len(reviews) == 1 and reviews[0]["moved"].endswith("a call followed")


def test_a_review_needs_a_goal_and_some_words(services):
    with pytest.raises(ServiceError, match="no goal in focus"):
        services.goals.add_review(moved="x")
    services.goals.set(want="x")
    with pytest.raises(ServiceError, match="at least one"):
        services.goals.add_review()
    with pytest.raises(ServiceError, match="at most 2000"):
        services.goals.add_review(next_ask="a" * 2001)


# ---------------------------------------------------------------- onboarding
def test_onboarding_answer_becomes_the_first_goal(services):
    added = services.quests.add_starters(
        [("coffee", ""), ("intro", "")], "Find a partner for a side project", kind="partner"
    )
    goal = services.goals.focused()
    assert (goal.id, goal.want, goal.kind) == (
        "g1",
        "Find a partner for a side project",
        "partner",
    )
    assert sorted(goal.quests) == sorted(q.id for q in added) == ["coffee", "intro"]
    with services.store.read() as tx:
        assert "want" not in tx.settings()  # the answer is the goal now, not a setting


def test_onboarding_keeps_the_old_call_and_defaults_to_explore(services):
    services.quests.add_starters([("coffee", "")], "Learn how platform teams work")
    assert services.goals.focused().kind == "explore"


def test_onboarding_without_an_answer_makes_no_goal(services):
    services.quests.add_starters([("coffee", "")], "   ")
    services.quests.add_starters([("intro", "")])
    assert services.goals.focused() is None and goals_table(services) == []


def test_onboarding_refuses_an_unknown_kind_before_writing(services):
    with pytest.raises(ServiceError, match="unknown goal kind"):
        services.quests.add_starters([("coffee", "")], "x", kind="fame")
    assert services.quests.list() == []


def test_onboarding_does_not_replace_a_goal_in_focus(services):
    services.goals.set(want="Already here")
    services.quests.add_starters([("coffee", "")], "Something else")
    assert [g.want for g in services.goals.list()] == ["Already here"]


# ---------------------------------------------------------- the goal screen
def test_goal_view_gathers_the_week_due_quests_and_history(services):
    quest(services, "coffee", cadence="daily")
    quest(services, "intro", tip=3, cadence="daily")
    quest(services, "comment", tip=1, cadence="daily")
    services.goals.set(want="Old one")
    services.goals.close("g1", "changed", "Too vague")
    services.goals.set(want="Meet three founders", target_date="2026-04-30")
    services.goals.link_quest("coffee")
    services.goals.link_quest("intro")
    services.quests.checkin("coffee", day="2026-03-08", note="last week")  # before this week
    services.quests.checkin("coffee", day="2026-03-10", note="Talked about hiring", people=["Ana"])
    services.quests.checkin("comment")  # not linked
    services.goals.add_review(moved="first coffee")
    view = services.goals.view()
    assert (view.today, view.week_from, view.week_to) == (
        TODAY,
        date(2026, 3, 9),
        date(2026, 3, 15),
    )
    assert view.goal.want == "Meet three founders"
    assert [c.to_json() for c in view.week_checkins] == [
        {
            "day": "2026-03-10",
            "quest": "coffee",
            "title": "Coffee",
            "count": 1,
            "note": "Talked about hiring",
            "people": ["Ana"],
        }
    ]
    assert [q.quest.id for q in view.due_today] == ["coffee", "intro"]
    assert [r.moved for r in view.reviews] == ["first coffee"]
    assert [(a.id, a.outcome, a.reflection) for a in view.archived] == [
        ("g1", "changed", "Too vague")
    ]
    data = view.to_json()
    assert json.loads(json.dumps(data)) == data
    assert data["due_today"][0] == {"id": "coffee", "title": "Coffee", "done": 0, "target": 1}
    services.quests.checkin("coffee")
    assert [q.quest.id for q in services.goals.view().due_today] == ["intro"]


def test_goal_view_without_a_goal(services):
    view = services.goals.view()
    assert view.goal is None and view.week_checkins == [] and view.review_due is False
    assert view.to_json()["goal"] is None


# ------------------------------------------------------------- conversations
def test_conversation_card_picks_questions_by_goal_kind(services):
    services.goals.set(
        want="A job on a platform team",
        kind="job",
        ask="An intro to your hiring manager",
        contact=["https://example.org/me"],
    )
    card = services.goals.conversation_card("Ana")
    assert (card.goal_id, card.want, card.ask, card.kind) == (
        "g1",
        "A job on a platform team",
        "An intro to your hiring manager",
        "job",
    )
    assert card.contact == {"profile": "https://example.org/me"}
    assert len(card.questions) == 3 and len(set(card.questions)) == 3
    from netquest.services.goals import QUESTIONS

    assert set(card.questions) <= set(QUESTIONS["job"])
    assert (
        services.goals.conversation_card("ana").questions == card.questions
    )  # the same person, the same card
    services.goals.set(kind="clients")
    assert set(services.goals.conversation_card("Ana").questions) <= set(QUESTIONS["clients"])
    assert json.loads(json.dumps(card.to_json()))["person"] == "Ana"


def test_every_kind_has_a_bank_of_questions():
    from netquest.rules.goals import GOAL_KINDS
    from netquest.services.goals import QUESTIONS

    assert set(QUESTIONS) == set(GOAL_KINDS)
    assert all(len(bank) >= 3 and all(q.endswith("?") for q in bank) for bank in QUESTIONS.values())


def test_conversation_card_without_a_goal_and_without_a_name(services):
    card = services.goals.conversation_card("Bea")
    assert card.goal_id is None and len(card.questions) == 3
    with pytest.raises(ServiceError, match="name the person"):
        services.goals.conversation_card("  ")


def test_log_conversation_checks_in_a_coffee_with_the_person(services):
    quest(services, "coffee")
    quest(services, "coffee-later", tip=4)
    services.goals.set(want="x")
    services.goals.link_quest("coffee-later")
    result = services.goals.log_conversation("Ana", "She suggested the platform guild")
    assert result.quest.id == "coffee-later"  # the tip-4 quest that serves the goal comes first
    with services.store.read() as tx:
        rec = tx.latest_checkin()
    assert (rec.quest, rec.note, rec.people) == (
        "coffee-later",
        "She suggested the platform guild",
        ("Ana",),
    )
    other = services.goals.log_conversation("Bea", "", quest_ref="coffee")
    assert other.quest.id == "coffee"


def test_log_conversation_falls_back_to_any_coffee_quest(services):
    quest(services, "coffee")
    assert services.goals.log_conversation("Ana").quest.id == "coffee"


def test_log_conversation_without_a_coffee_quest_says_so(services):
    quest(services, "intro", tip=3)
    with pytest.raises(ServiceError, match="no virtual-coffee quest"):
        services.goals.log_conversation("Ana", "hello")
    with pytest.raises(ServiceError, match="name the person"):
        services.goals.log_conversation(" ")
    assert services.quests.state().xp == 0


# ------------------------------------------------------------------- summary
def test_summary_goal_is_none_without_a_focused_goal(services):
    assert services.quests.state().goal is None
    services.goals.set(want="x")
    services.goals.close("g1", "dropped")
    assert services.quests.state().goal is None


def test_goals_survive_an_export_import_round_trip(services):
    quest(services, "coffee")
    services.goals.set(
        want="Round trip", kind="learn", target_date="2026-05-01", contact=["a@example.org"]
    )
    services.goals.add_key_result("coffees", 4, quests="coffee")
    services.goals.add_key_result("hand", 10, manual=True)
    services.goals.set_key_result("k2", 3)
    services.goals.add_review(next_ask="ask Bea")
    services.quests.checkin("coffee")
    before = services.quests.state().goal
    text = services.data.export()
    other = NetQuest(Store(memory=True), Clock(timezone="UTC", fixed_now="2026-03-11T09:30:00"))
    other.data.import_export(text)
    assert other.quests.state().goal == before
    assert goals_table(other) == goals_table(services)
    assert other.quests.get("coffee").goal == "g1"


def test_a_stage_key_result_counts_only_moves_made_while_the_goal_runs(services):
    services.quests.add("Coffee", 4, "daily", id="coffee", start=date(2026, 3, 1))
    services.quests.checkin(
        "coffee", people=["Old Friend"], day="2026-03-02"
    )  # met before the goal existed
    services.people.add("Longtime", stage="keeping_in_touch")
    with services.store.transaction() as tx:  # added long ago, before stages had a date
        doc = tx.get("people", "longtime")
        del doc["stage_since"]
        tx.put("people", {**doc, "created": "2025-01-05"})
    services.goals.set(want="Meet people in platform teams")
    kr = services.goals.add_key_result("Meet 5 people", 5, stage="met")
    assert kr.done == 0  # a brand-new goal starts at 0, not at everyone already met
    services.quests.checkin("coffee", people=["New Face"])
    services.people.set_stage("longtime", "met")  # moved by hand while the goal runs: counts
    assert services.goals.focused().key_results[0].done == 2


def test_a_stage_key_result_can_count_only_people_introduced_to_you(services):
    services.goals.set(want="Meet people through introductions")
    services.people.add("Bea")
    services.people.add("Cleo", introduced_by="bea", stage="met")
    services.people.add("Dan", stage="met")
    kr = services.goals.add_key_result(
        "5 people met through introductions", 5, stage="met", introduced=True
    )
    assert (kr.kind, kr.stage, kr.introduced, kr.done) == ("stage", "met", True, 1)
    assert services.goals.add_key_result("Meet 5 people", 5, stage="met").introduced is False
    assert services.goals.focused().key_results[1].done == 2
    with pytest.raises(ServiceError, match="only a key result counting people at a stage"):
        services.goals.add_key_result("Coffees", 5, manual=True, introduced=True)
    with pytest.raises(ServiceError, match="only a key result counting people at a stage"):
        services.goals.validate_key_result("Coffees", 5, manual=True, introduced=True)


def test_a_skipped_review_is_not_offered_again_that_week(services):
    services.goals.set(want="Meet founders")
    assert services.goals.skip_review() is False  # nothing due: nothing skipped
    monday = at(services, "2026-03-16T08:00:00")
    assert monday.goals.weekly_review_due() is True
    assert monday.goals.skip_review() is True
    assert monday.goals.weekly_review_due() is False
    assert at(services, "2026-03-20T08:00:00").goals.weekly_review_due() is False
    assert monday.goals.view().review_due is True  # the goal screen still says it waits
    assert str(monday.goals.add_review(moved="late but written").week) == "2026-03-09"
    assert (
        at(services, "2026-03-23T08:00:00").goals.weekly_review_due() is True
    )  # a new week: offered again
    assert goals_table(services)[0]["skipped_reviews"] == ["2026-03-09"]


def test_view_enums_hold_the_words_the_rules_and_the_file_use():
    from netquest.rules import goals as goal_rules
    from netquest.services.views import GoalStatus, KeyResultKind, Outcome, Pace, Stage
    from netquest.store.schema import GOAL_STATUSES

    assert tuple(Pace) == goal_rules.PACES and tuple(KeyResultKind) == goal_rules.KR_KINDS
    assert tuple(Outcome) == goal_rules.OUTCOMES and tuple(Stage) == goal_rules.STAGES
    assert set(GoalStatus) == set(GOAL_STATUSES)


def test_goal_views_are_frozen_and_print_as_the_json_contract(services):
    services.goals.set(want="Meet people", target_date="2026-04-10")
    services.goals.add_key_result("Meet 3", 3, stage="met")
    goal = services.goals.focused()
    with pytest.raises(AttributeError):
        goal.want = "something else"
    data = goal.to_json()
    assert json.loads(json.dumps(data)) == data
    assert data["key_results"][0] == {
        "id": "k1", "title": "Meet 3", "kind": "stage", "done": 0, "target": 3, "pace": "on",
        "expected": 0.0, "overdue": False, "stage": "met", "introduced": False,
    }
