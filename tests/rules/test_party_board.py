"""The party's board, its challenge that never stalls, and the limits on cheers."""

from __future__ import annotations

from datetime import timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from netquest.rules.party import Cheer, PartyChallenge, build_card
from netquest.rules.party_board import (
    CHEERS_PER_DAY,
    REST_DAYS,
    board_members,
    cheer_id,
    cheer_problem,
    cheers_for,
    cheers_kept,
    party_challenge,
)
from netquest.structs import replace
from tests.rules.conftest import MONDAY, d
from tests.rules.test_party import KEY

TODAY = d(3)


def member(id, tips=None, updated=TODAY, streak=0, last=TODAY, week=MONDAY, **changes):
    c = build_card(id=id, name=id.title(), key=KEY, today=TODAY, week_from=MONDAY,
                   tip_days={t: {d(0): n} for t, n in (tips or {}).items()}, day_streak=streak,
                   level=1, challenge_tip=None, last_active=last)
    return replace(c, updated=updated, week=week, **changes)


def proposal(target=15, tip=4, at="2026-03-10T09:00:00Z", by="ana", week=MONDAY):
    return PartyChallenge("Virtual coffees", tip, target, week, at, by)


def test_board_orders_by_units_and_marks_roll_quiet_rest():
    cards = [member("ana", {4: 3}, streak=8), member("bo", {1: 5}, last=d(-1)),
             member("cy", updated=TODAY - timedelta(days=REST_DAYS))]
    board = {m.id: m for m in board_members(cards, TODAY, MONDAY, me="bo")}
    assert [m.id for m in board_members(cards, TODAY, MONDAY)] == ["bo", "ana", "cy"]
    assert board["ana"].on_roll and not board["ana"].quiet
    assert board["bo"].quiet and not board["bo"].on_roll and board["bo"].me
    assert board["cy"].resting and not board["ana"].resting


def test_a_card_of_an_earlier_week_counts_nothing_this_week():
    old = member("ana", {4: 6}, week=d(-7))
    (m,) = board_members([old], TODAY, MONDAY)
    assert m.total == 0 and m.week[4] == 0


def test_a_member_without_check_ins_is_quiet():
    (m,) = board_members([member("ana", last=None, streak=30)], TODAY, MONDAY)
    assert m.quiet and not m.on_roll


def test_no_challenge_without_a_proposal_for_this_week():
    assert party_challenge([member("ana")], TODAY, MONDAY) is None
    old = member("ana", party_challenge=proposal(week=d(-7)))
    assert party_challenge([old], TODAY, MONDAY) is None


def test_the_latest_proposal_wins():
    a = member("ana", party_challenge=proposal(target=10, at="2026-03-10T09:00:00Z"))
    b = member("bo", party_challenge=proposal(target=20, at="2026-03-11T09:00:00Z", by="bo"))
    assert party_challenge([a, b], TODAY, MONDAY).challenge.target == 20


def test_a_proposal_stamped_in_the_future_cannot_hold_the_week():
    # Written by hand with a time years ahead, it would win every "latest" comparison.
    pinned = member("eve", party_challenge=proposal(target=1, at="2099-01-01T00:00:00Z",
                                                    by="eve"))
    fair = member("bo", party_challenge=proposal(target=20, at="2026-03-11T09:00:00Z", by="bo"))
    assert party_challenge([pinned, fair], TODAY, MONDAY).challenge.by == "bo"
    assert party_challenge([pinned], TODAY, MONDAY) is None
    ahead = member("cy", party_challenge=proposal(at=f"{TODAY + timedelta(days=1)}T23:00:00+09:00",
                                                  by="cy"))
    assert party_challenge([fair, ahead], TODAY, MONDAY).challenge.by == "cy"


def test_a_resting_member_is_left_out_and_two_finish_it():
    stale = TODAY - timedelta(days=REST_DAYS)
    cards = [member("ana", {4: 6}, party_challenge=proposal(15)), member("bo", {4: 4}),
             member("cy", {4: 9}, updated=stale, week=MONDAY)]
    progress = party_challenge(cards, TODAY, MONDAY)
    assert progress.active == ("ana", "bo") and progress.resting == ("cy",)
    assert progress.target == 10  # 15 for three, two thirds of it for two
    assert progress.done == 10  # cy's 9 do not count while resting
    assert progress.finished and progress.earners == ("ana", "bo")


def test_not_finished_below_the_target_and_no_badge():
    cards = [member("ana", {4: 2}, party_challenge=proposal(15)), member("bo", {4: 4})]
    progress = party_challenge(cards, TODAY, MONDAY)
    assert progress.target == 15 and progress.done == 6
    assert not progress.finished and progress.earners == ()


def test_when_everyone_rests_nothing_is_finished():
    stale = TODAY - timedelta(days=30)
    cards = [member("ana", {4: 20}, updated=stale, party_challenge=proposal(1))]
    progress = party_challenge(cards, TODAY, MONDAY)
    assert progress.active == () and not progress.finished


@given(st.lists(st.tuples(st.integers(0, 50), st.booleans()), min_size=1, max_size=6),
       st.integers(1, 100))
def test_progress_never_counts_resting_and_target_never_grows(members, target):
    cards = [member(f"m{i}", {4: n}, updated=TODAY - timedelta(days=30 if rest else 0),
                    party_challenge=proposal(target) if i == 0 else None)
             for i, (n, rest) in enumerate(members)]
    progress = party_challenge(cards, TODAY, MONDAY)
    assert progress.done == sum(n for n, rest in members if not rest)
    assert 1 <= progress.target <= target
    if all(not rest for _, rest in members):
        assert progress.target == target


def test_cheer_limits():
    members = {"ana", "bo"}
    sent = tuple(Cheer("ana", "bo", TODAY, "go") for _ in range(CHEERS_PER_DAY))
    assert cheer_problem((), "ana", "bo", TODAY, "Nice streak!", members) is None
    assert "3 cheers" in cheer_problem(sent, "ana", "bo", TODAY, "more", members)
    assert cheer_problem(sent, "ana", "bo", d(4), "tomorrow", members) is None
    assert "yourself" in cheer_problem((), "ana", "ana", TODAY, "me", members)
    assert "no member" in cheer_problem((), "ana", "zed", TODAY, "hi", members)
    assert "140" in cheer_problem((), "ana", "bo", TODAY, "x" * 141, members)
    assert cheer_problem((), "ana", "bo", TODAY, "x" * 140, members) is None
    assert "140" in cheer_problem((), "ana", "bo", TODAY, "   ", members)
    assert "control" in cheer_problem((), "ana", "bo", TODAY, "hi\x1b[2J", members)


def test_cheers_kept_for_two_weeks():
    old, new = Cheer("ana", "bo", d(-20), "old"), Cheer("ana", "bo", TODAY, "new")
    assert cheers_kept((old, new), TODAY) == (new,)


def test_cheers_for_me_capped_per_day_and_muted_dropped():
    many = tuple(Cheer("ana", "bo", TODAY, f"go {i}") for i in range(5))
    ana = member("ana", cheers=many + (Cheer("ana", "cy", TODAY, "not for bo"),))
    cy = member("cy", cheers=(Cheer("cy", "bo", d(1), "from cy"),))
    got = cheers_for([ana, cy], "bo", set(), TODAY)
    assert [c.text for _, c in got] == ["from cy", "go 0", "go 1", "go 2"]
    muted = cheers_for([ana, cy], "bo", {"cy"}, TODAY)
    assert [c.text for _, c in muted] == ["go 0", "go 1", "go 2"]
    assert len({i for i, _ in got}) == 4


def test_cheers_dated_outside_the_days_a_card_keeps_them_are_not_shown():
    # A card written by hand can carry cheers on any day: only those a card built here would
    # still carry (the last two weeks, and tomorrow for a member ahead in time) are shown.
    days = [d(n) for n in range(-40, 40)]
    flood = tuple(Cheer("ana", "bo", day, f"go {i}") for day in days for i in range(3))
    got = cheers_for([member("ana", cheers=flood)], "bo", set(), TODAY)
    shown = sorted({c.day for _, c in got})
    assert shown == [TODAY - timedelta(days=n) for n in range(13, -2, -1)]
    assert len(got) == CHEERS_PER_DAY * 15


def test_cheer_id_is_stable_and_tells_cheers_apart():
    a = Cheer("ana", "bo", TODAY, "go")
    assert cheer_id(a, 0) == cheer_id(Cheer("ana", "bo", TODAY, "go"), 0)
    assert cheer_id(a, 0) != cheer_id(a, 1)
    assert cheer_id(a, 0) != cheer_id(replace(a, text="go!"), 0)


@pytest.mark.parametrize("text", ["\u202e evil", "tab\there", "new\nline", "csi\x9b", "\u200bhid"])
def test_cheers_with_controls_are_refused(text):
    assert "control" in cheer_problem((), "ana", "bo", TODAY, text, {"ana", "bo"})
