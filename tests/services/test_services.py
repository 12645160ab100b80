"""The services: each use case end to end on a memory store and a real file."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest

from netquest.clock import Clock
from netquest.rules.xp import PERFECT_DAY_BONUS, level_for
from netquest.services import NetQuest, NothingToUndo, ServiceError, Unknown

TODAY = date(2026, 3, 11)


def add(services, title="Virtual coffee", tip=4, cadence="daily", **kw):
    return services.quests.add(title, tip, cadence, start=kw.pop("start", date(2026, 3, 1)), **kw)


def test_add_quest_makes_a_unique_slug(services):
    a = add(services, "Virtual coffee!")
    b = add(services, "Virtual coffee!")
    assert (a.id, b.id) == ("virtual-coffee", "virtual-coffee-2")
    assert [q.id for q in services.quests.list()] == ["virtual-coffee", "virtual-coffee-2"]


@pytest.mark.parametrize("kwargs,message", [
    ({"title": "  "}, "title"),
    ({"tip": 9}, "tip"),
    ({"cadence": "sometimes"}, "sometimes"),
    ({"target": 0}, "target"),
    ({"xp": -5}, "xp"),
    ({"title": "x" * 121}, "at most 120"),
])
def test_add_quest_refuses_bad_fields_and_writes_nothing(services, kwargs, message):
    fields = {"title": "Coffee", "tip": 4, "cadence": "daily", "target": 1, "xp": 10, **kwargs}
    with pytest.raises(ServiceError, match=message):
        services.quests.add(**fields)
    assert services.quests.list() == []


def test_checkin_earns_base_xp_then_streak_bonus(services):
    add(services, "Coffee", xp=40, id="coffee")
    first = services.quests.checkin("coffee", day="2026-03-09")
    assert (first.xp, first.base_xp, first.streak_bonus) == (40 + first.perfect_bonus, 40, 0)
    second = services.quests.checkin("coffee", day="2026-03-10")
    assert second.streak_bonus == 4  # one day of streak before it: +10 %
    third = services.quests.checkin("coffee")
    assert third.streak_bonus == 8
    assert third.streak.current == 3
    state = services.quests.state()
    assert state.xp == first.xp + second.xp + third.xp
    assert state.level == level_for(state.xp)


def test_perfect_day_bonus_comes_with_the_check_in_that_completes_the_day(services):
    add(services, "Coffee", id="coffee", xp=10)
    add(services, "Comment", tip=1, id="comment", xp=5, target=2)
    r1 = services.quests.checkin("comment")
    assert r1.perfect_bonus == 0
    r2 = services.quests.checkin("coffee")
    assert r2.perfect_bonus == 0  # comment is at 1 of 2
    r3 = services.quests.checkin("comment")
    assert r3.perfect_bonus == PERFECT_DAY_BONUS
    # Nothing was logged in the four weeks before: tip 1, the lowest, is the weekly challenge.
    assert r3.challenge_bonus == 5
    assert r3.xp == 5 + PERFECT_DAY_BONUS + 5
    undone = services.log.undo()
    assert undone.xp == r3.xp
    assert services.quests.state().xp == r1.xp + r2.xp


def test_checkin_beyond_the_target_earns_nothing_more(services):
    add(services, "Comment", tip=1, id="comment", xp=5, target=2)
    r = services.quests.checkin("comment", count=5)
    assert r.base_xp == 10 and r.done == 5
    again = services.quests.checkin("comment")
    assert again.base_xp == 0 and again.xp == 0


def test_undo_restores_exactly_the_state_before(services):
    add(services, "Coffee", id="coffee", xp=30)
    services.quests.checkin("coffee", day="2026-03-10")
    before = services.quests.state()
    services.quests.checkin("coffee", note="Met Ana", people=["Ana"])
    services.log.undo()
    after = services.quests.state()
    assert after.xp == before.xp
    assert [q.streak for q in after.quests] == [q.streak for q in before.quests]
    assert after.unlocked == before.unlocked


def test_undo_takes_back_an_achievement_it_gave(services):
    add(services, "Coffee", id="coffee")
    result = services.quests.checkin("coffee")
    assert "first_checkin" in {a.id for a in result.unlocked}
    undone = services.log.undo()
    assert "first_checkin" in {a.id for a in undone.relocked}
    assert "first_checkin" not in services.quests.state().unlocked


def test_undo_with_nothing_to_undo(services):
    with pytest.raises(NothingToUndo):
        services.log.undo()


def test_level_up_is_reported(services):
    add(services, "Host", tip=2, id="host", xp=30)
    result = services.quests.checkin("host")
    assert result.level_before.level == 1 and result.level_after.level == 2
    assert result.leveled_up


@pytest.mark.parametrize("ref", ["cof", "COFFEE", "Virtual", "virtual coffee"])
def test_quest_references_by_id_or_title_prefix(services, ref):
    add(services, "Virtual coffee", id="coffee")
    add(services, "Comment on posts", tip=1, id="comment")
    assert services.quests.checkin(ref).quest.id == "coffee"


def test_ambiguous_and_unknown_quests_list_candidates(services):
    add(services, "Coffee", id="coffee")
    add(services, "Comment", tip=1, id="comment")
    with pytest.raises(Unknown) as amb:
        services.quests.checkin("co")
    assert len(amb.value.candidates) == 2
    with pytest.raises(Unknown, match="no quest matches"):
        services.quests.checkin("zzz")


def test_no_quests_says_how_to_add_them(services):
    with pytest.raises(Unknown, match="init --starter"):
        services.quests.checkin("coffee")


@pytest.mark.parametrize("kwargs,message", [
    ({"day": "2026-03-12"}, "future"),
    ({"day": "2026-02-01"}, "before quest"),
    ({"day": "11/03/2026"}, "YYYY-MM-DD"),
    ({"count": 0}, "count"),
    ({"count": 100000}, "count"),
    ({"note": "x" * 2001}, "2000"),
])
def test_checkin_refuses_bad_input_and_writes_nothing(services, kwargs, message):
    add(services, "Coffee", id="coffee")
    with pytest.raises(ServiceError, match=message):
        services.quests.checkin("coffee", **kwargs)
    assert services.quests.state().xp == 0
    with services.store.read() as tx:
        assert tx.checkins() == []


def test_past_day_logging_joins_a_streak(services):
    add(services, "Coffee", id="coffee")
    for day in ("2026-03-08", "2026-03-10"):
        services.quests.checkin("coffee", day=day)
    assert services.quests.state().quests[0].streak.current == 1
    services.quests.checkin("coffee", day="2026-03-09")
    assert services.quests.state().quests[0].streak.current == 3


def test_skip_keeps_the_streak(services):
    add(services, "Coffee", id="coffee")
    services.quests.checkin("coffee", day="2026-03-08")
    services.quests.skip("coffee", day="2026-03-09", reason="ill")
    services.quests.checkin("coffee", day="2026-03-10")
    state = services.quests.state()
    assert state.quests[0].streak.current == 2
    _, _, again = services.quests.skip("coffee", day="2026-03-09")
    assert again is False


def test_a_check_in_counts_over_its_quests_own_skip_an_older_file_holds(services):
    """Files from before a day could not be both hold check-ins on skipped days: the
    check-in counts (streak, Today, detail, a further check-in); a vacation still wins."""
    add(services, "Coffee", id="coffee", cadence="daily")
    for day in ("2026-03-09", "2026-03-10", "2026-03-11"):
        services.quests.checkin("coffee", day=day)
    with services.store.transaction() as tx:  # as an older version let it be
        tx.add_skip("coffee", "2026-03-10", "ill")
        tx.add_skip("coffee", "2026-03-11", "")
    state = services.quests.state()
    coffee = state.quests[0]
    assert coffee.streak.current == 3 and not coffee.skipped and coffee.done == 1
    detail = services.quests.detail("coffee")
    assert detail.streak.current == 3 and detail.skips == set()
    assert services.quests.checkin("coffee").done == 2  # not refused: the day counts
    services.quests.vacation("2026-03-10", "2026-03-10")
    assert services.quests.state().quests[0].streak.current == 2


def test_a_vacation_refuses_no_check_in_on_a_day_an_older_file_holds_checked_and_skipped(
        services):
    """The quest's own skip of a checked-in day does not count, and a vacation on that day
    refuses nothing: a further check-in that day is taken, as on any vacation day."""
    add(services, "Coffee", id="coffee", cadence="daily")
    services.quests.checkin("coffee", day="2026-03-10")
    with services.store.transaction() as tx:  # as an older version let it be
        tx.add_skip("coffee", "2026-03-10", "ill")
    services.quests.vacation("2026-03-10", "2026-03-10")
    assert services.quests.checkin("coffee", day="2026-03-10").done == 2
    with services.store.transaction() as tx:
        tx.add_skip("coffee", "2026-03-09", "")
    with pytest.raises(ServiceError, match="is skipped on 2026-03-09"):
        services.quests.checkin("coffee", day="2026-03-09")  # its own skip still refuses


def test_vacation_covers_every_quest_and_the_day_streak(services):
    add(services, "Coffee", id="coffee")
    add(services, "Comment", tip=1, id="comment")
    services.quests.checkin("coffee", day="2026-03-07")
    services.quests.checkin("comment", day="2026-03-07")
    assert services.quests.vacation("2026-03-08", "2026-03-10") == 3
    services.quests.checkin("coffee")
    state = services.quests.state()
    assert state.day_streak.current == 2
    assert next(q for q in state.quests if q.quest.id == "coffee").streak.current == 2


@pytest.mark.parametrize("start,end,message", [("2026-03-10", "2026-03-01", "before it starts"),
                                                ("soon", "2026-03-01", "--from")])
def test_vacation_refuses_bad_ranges(services, start, end, message):
    with pytest.raises(ServiceError, match=message):
        services.quests.vacation(start, end)


def test_archive_and_restore(services):
    add(services, "Coffee", id="coffee")
    services.quests.set_archived("coffee", True)
    assert services.quests.list() == []
    with pytest.raises(Unknown, match="archived"):
        services.quests.checkin("coffee")
    services.quests.set_archived("coffee", False)
    assert [q.id for q in services.quests.list()] == ["coffee"]


def test_edit_quest_validates(services):
    add(services, "Coffee", id="coffee")
    edited = services.quests.edit("coffee", cadence="2/week", xp=50)
    assert str(edited.cadence) == "2/week" and edited.xp == 50
    with pytest.raises(ServiceError):
        services.quests.edit("coffee", cadence="twice")
    assert str(services.quests.get("coffee").cadence) == "2/week"


def test_state_shows_due_and_not_due(services):
    add(services, "Weekend", id="weekend", cadence="sat,sun")
    add(services, "Coffee", id="coffee")
    state = services.quests.state()
    assert [q.quest.id for q in state.due] == ["coffee"]
    assert [q.quest.id for q in state.not_due] == ["weekend"]


def test_settings_are_validated_and_change_the_day(store):
    clock = Clock(
        timezone="UTC", fixed_now="2026-03-11T10:30:00+00:00"
    )  # an instant, not a wall time
    nq = NetQuest(store, clock)
    assert nq.today() == date(2026, 3, 11)
    assert nq.set_setting("day_start_hour", "11") == 11
    assert nq.today() == date(2026, 3, 10)
    assert nq.set_setting("day_start_hour", "4") == 4
    assert nq.today() == date(2026, 3, 11)
    assert nq.set_setting("timezone", "America/Los_Angeles") == "America/Los_Angeles"
    assert nq.today() == date(2026, 3, 10)  # 03:30 in Los Angeles, before the day starts at 4
    assert nq.set_setting("week_start", "Sunday") == "sun"
    for key, value in [
        ("day_start_hour", "25"),
        ("timezone", "Moon/Base"),
        ("week_start", "fri"),
        ("colour", "x"),
    ]:
        with pytest.raises(ServiceError):
            nq.set_setting(key, value)


def test_init_with_starters(services):
    added = services.quests.init(starter=True)
    assert added and all(q.start == TODAY for q in added)
    assert services.is_initialized()
    assert services.quests.init(starter=True) == []


def test_export_import_round_trip(services, tmp_path):
    add(services, "Coffee", id="coffee")
    services.quests.checkin("coffee", note="Ana \x1b[31m", people=["Ana"])
    services.quests.skip("coffee", day="2026-03-05")
    text = services.data.export("json")
    target = NetQuest(type(services.store)(tmp_path / "other.json"), services.base_clock)
    info = target.data.import_export(text)
    assert info == {"quests": 1, "checkins": 1, "people": 1, "goals": 0}
    assert target.data.export("json") == text
    assert target.quests.state().xp == services.quests.state().xp


@pytest.mark.parametrize("mutate,message", [
    (lambda d: d.pop("format"), "not a NetQuest export"),
    (lambda d: d["data"]["quests"][0].update(tip=7), "tip"),
    (lambda d: d["data"]["checkins"][0].update(quest="ghost"), "unknown quest"),
    (lambda d: d["data"]["checkins"][0].update(day="soon"), "YYYY-MM-DD"),
])
def test_import_of_a_bad_export_changes_nothing(services, mutate, message):
    add(services, "Coffee", id="coffee")
    services.quests.checkin("coffee")
    doc = json.loads(services.data.export("json"))
    mutate(doc)
    before = services.data.export("json")
    with pytest.raises(ServiceError, match=message):
        services.data.import_export(json.dumps(doc))
    assert services.data.export("json") == before


def test_export_csv_has_a_row_per_checkin(services):
    add(services, "Coffee", id="coffee")
    services.quests.checkin("coffee", note="a, b", people=["Ana", "Ben"])
    lines = services.data.export("csv").splitlines()
    assert lines[0].startswith("day,quest,title")
    assert lines[1].startswith("2026-03-11,coffee,Coffee,4,1,")
    assert "Ana;Ben" in lines[1]


def test_demo_fills_only_an_empty_file(services):
    info = services.data.demo(days=60, quests=6, seed=3)
    assert info["quests"] == 6 and info["checkins"] > 60
    state = services.quests.state()
    assert state.xp > 0 and state.unlocked
    with pytest.raises(ServiceError, match="empty"):
        services.data.demo(days=10, quests=2)


def test_demo_is_deterministic(store, tmp_path, clock):
    a = NetQuest(store, clock)
    from netquest.store import Store

    b = NetQuest(Store(tmp_path / "b.json"), clock)
    a.data.demo(days=40, quests=5, seed=11)
    b.data.demo(days=40, quests=5, seed=11)
    with a.store.read() as ta, b.store.read() as tb:
        # the same check-ins, each with merge ids of its own
        assert [r[1:-1] for r in ta.checkins()] == [r[1:-1] for r in tb.checkins()]


def test_quest_detail(services):
    add(services, "Coffee", id="coffee")
    services.quests.checkin("coffee", day="2026-03-09", note="Talked about jobs", people=["Ana"])
    services.quests.checkin("coffee", day="2026-03-10")
    detail = services.quests.detail("coffee", days=30)
    assert detail.total == 2
    assert detail.weekday_counts[0] == 1 and detail.weekday_counts[1] == 1  # Monday, Tuesday
    assert detail.log[0].note == "Talked about jobs" and detail.log[0].people == ("Ana",)
    assert len(detail.strength_series) == 30 and detail.strength_series[-1] == pytest.approx(
        detail.strength
    )


def test_undo_takes_back_what_a_check_in_did_to_people(services):
    add(services, "Coffee", id="coffee")
    add(services, "Intro", tip=3, id="intro")
    services.people.add("Ana", stage="want", last_contact=date(2026, 3, 1))
    services.quests.checkin("intro", people=["Ana"])
    before = services.people.get("Ana")
    assert before.stage == "intro_asked" and before.last_contact == TODAY
    services.quests.checkin("coffee", people=["ana", "Ben"])
    assert services.people.get("Ana").stage == "met"
    assert "Ben" in [p.name for p in services.people.list()]
    services.log.undo()
    assert services.people.get("Ana") == before
    assert [p.name for p in services.people.list()] == ["Ana"]
    services.log.undo()
    restored = services.people.get("Ana")
    assert (restored.stage, restored.last_contact) == ("want", date(2026, 3, 1))


@pytest.mark.parametrize(
    "tz,now,expected",
    [
        (
            "America/New_York",
            "2026-03-08T03:30:00",
            date(2026, 3, 7),
        ),  # spring forward, before a 4 am day start
        (
            "America/New_York",
            "2026-11-01T01:30:00",
            date(2026, 10, 31),
        ),  # the hour that happens twice
        ("Europe/Berlin", "2026-03-29T03:59:00", date(2026, 3, 28)),
        ("Europe/Berlin", "2026-10-25T04:00:00", date(2026, 10, 25)),
    ],
)
def test_check_ins_on_dst_nights_land_on_the_wall_clock_day(store, tz, now, expected):
    nq = NetQuest(store, Clock(timezone="UTC", fixed_now=now))
    nq.set_setting("timezone", tz)
    nq.set_setting("day_start_hour", "4")
    nq.quests.add("Coffee", 4, "daily", id="coffee", start=date(2026, 1, 1))
    result = nq.quests.checkin("coffee")
    assert result.day == expected
    with store.read() as tx:
        assert tx.checkins()[0].day == expected.isoformat()


def test_a_dst_week_keeps_a_daily_streak(store):
    """Seven nights across the Berlin spring change, each logged at 00:30: one day each."""
    nq = NetQuest(store, Clock(timezone="Europe/Berlin", fixed_now="2026-03-26T00:30:00"))
    nq.set_setting("day_start_hour", "1")
    nq.quests.add("Coffee", 4, "daily", id="coffee", start=date(2026, 3, 20))
    days = []
    for d in range(25, 32):
        night = date(2026, 3, d) + timedelta(days=1)
        nq.base_clock = Clock(timezone="Europe/Berlin", fixed_now=f"{night.isoformat()}T00:30:00")
        days.append(nq.quests.checkin("coffee").day)
    assert days == [date(2026, 3, d) for d in range(25, 32)]
    assert nq.quests.state().quests[0].streak.current == 7


def test_state_with_a_period_counts_this_week_or_month_in_the_same_read(services):
    add(services, "Coffee", id="coffee", xp=10)
    add(services, "Comment", tip=1, id="comment", xp=5)
    # the Sunday before this Monday-started week
    services.quests.checkin("coffee", day="2026-03-08")
    services.quests.checkin("coffee", day="2026-03-09")
    services.quests.checkin("comment", count=2)
    week = services.quests.state(period="week").period.to_json()
    assert (week["from"], week["to"], week["checkins"]) == ("2026-03-09", "2026-03-11", 2)
    assert week["per_tip"] == {"1": 2, "4": 1}
    month = services.quests.state(period="month").period.to_json()
    assert (month["from"], month["checkins"]) == ("2026-03-01", 3)
    assert services.quests.state().period is None


def test_quest_detail_counts_only_its_own_history_and_xp(services):
    add(services, "Coffee", id="coffee", xp=10)
    add(services, "Comment", tip=1, id="comment", xp=5)
    services.quests.checkin("comment", count=1)
    first = services.quests.checkin("coffee", day="2026-03-10")
    second = services.quests.checkin("coffee")
    services.quests.skip("comment", day="2026-03-09")
    services.quests.vacation("2026-03-05", "2026-03-05")
    detail = services.quests.detail("coffee")
    assert detail.total == 2 and detail.xp == first.xp + second.xp
    assert detail.skips == {date(2026, 3, 5)}  # the vacation, not the other quest's skip


def test_the_weekly_challenge_doubles_base_xp_and_undo_takes_back_exactly_that(services):
    add(services, "Coffee", id="coffee", xp=10, start=date(2026, 2, 9))
    add(services, "Comment", tip=1, id="comment", xp=7, start=date(2026, 2, 9))
    services.quests.checkin("coffee", day="2026-03-02")  # tip 4 played: tip 1 is the challenge
    before = services.quests.state()
    xp_before = before.xp
    assert {q.quest.id: q.next_xp for q in before.quests} == {"comment": 14, "coffee": 10}
    won = services.quests.checkin("comment")
    assert (won.base_xp, won.challenge_bonus) == (7, 7)
    assert won.xp == 2 * 7 + won.streak_bonus + won.perfect_bonus
    state = services.quests.state()
    assert state.challenge.tip == 1 and state.challenge.checkins == 1
    assert state.xp == xp_before + won.xp
    with services.reading() as s:
        latest = s.tx.latest_checkin()
    assert (latest.xp, latest.bonus) == (won.xp, won.xp - 7)  # the extra is recorded as bonus
    assert services.log.undo().xp == won.xp
    assert services.quests.state().xp == xp_before
    assert services.quests.checkin("coffee").challenge_bonus == 0  # not the challenge tip


def test_an_import_keeps_a_skip_that_shares_its_day_with_a_check_in(services, tmp_path):
    """An export of a version that let a quest's day be both checked in and skipped comes in
    whole: the check-in counts, and the skip counts again once the check-in is deleted."""
    services.quests.add("Coffee", tip=1, cadence="daily", start="2026-03-08")
    for day in ("2026-03-08", "2026-03-09", "2026-03-10", "2026-03-11"):
        services.quests.checkin("coffee", day=day)
    doc = json.loads(services.data.export("json"))
    doc["data"]["skips"] = [{"quest": "coffee", "day": "2026-03-10", "reason": "ill"}]
    target = NetQuest(type(services.store)(tmp_path / "other.json"), services.base_clock)
    target.data.import_export(json.dumps(doc))
    with target.store.read() as tx:
        assert [(s["quest"], s["day"], s["reason"]) for s in tx.skips()] == [
            ("coffee", "2026-03-10", "ill")]
        seq = next(r.seq for r in tx.checkins() if r.day == "2026-03-10")
    assert target.quests.state().quests[0].streak.current == 4
    target.log.delete(seq)
    assert target.quests.state().quests[0].streak.current == 3  # skipped: no break (else 1)


def test_a_past_check_in_earns_the_challenge_of_its_own_week(services):
    add(services, "Coffee", id="coffee", xp=10, start=date(2026, 1, 26))
    add(services, "Comment", tip=1, id="comment", xp=7, start=date(2026, 1, 26))
    services.quests.checkin("comment", day="2026-02-23")  # tip 1 played before this week
    # The week of 2 March: nothing in the four weeks before it but tip 1's one check-in.
    past = services.quests.checkin("coffee", day="2026-03-03")
    assert past.challenge_bonus == 0  # that week's challenge is tip 2, not coffee's tip 4
    assert services.quests.checkin("comment", day="2026-02-10").challenge_bonus == 7
