"""The weekly challenge: which tip, for which week, and the double base XP it gives."""

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from netquest.rules.cadence import week_bounds
from netquest.rules.challenge import (
    CHALLENGE_TIPS,
    Challenge,
    challenge_bonus,
    challenge_tip,
    counts_by_tip,
    weekly_challenge,
)
from netquest.rules.xp import checkin_xp
from tests.rules.conftest import MONDAY, d


def tips(*entries):
    """(tip, offset, count) entries as the counts per tip and day the challenge reads."""
    return counts_by_tip((tip, d(offset), count) for tip, offset, count in entries)


# A full history: something on each of the four weeks before MONDAY's week.
FULL = [(1, -28, 3), (2, -20, 2), (3, -10, 1), (4, -3, 5)]


def test_fewest_checkins_over_the_four_weeks_before():
    c = weekly_challenge(tips(*FULL), MONDAY)
    assert c == Challenge(3, MONDAY, d(6), 0, 2)
    tip, week_from, week_to, checkins, multiplier = c  # it unpacks as a plain tuple too
    assert (tip, week_from, week_to, checkins, multiplier) == (3, MONDAY, d(6), 0, 2)


def test_units_count_not_check_in_records():
    # Tip 3 has one check-in of 4 units; tip 2 two check-ins of one unit each.
    c = weekly_challenge(tips((1, -28, 9), (2, -9, 1), (2, -8, 1), (3, -5, 4), (4, -2, 9)), MONDAY)
    assert c.tip == 2


def test_ties_go_to_the_lower_tip():
    assert weekly_challenge(tips((1, -28, 1), (2, -1, 1), (3, -2, 1), (4, -3, 1)), MONDAY).tip == 1
    assert weekly_challenge(tips((1, -28, 2), (2, -1, 1), (3, -2, 1)), MONDAY).tip == 4
    assert weekly_challenge(tips((1, -28, 2), (2, -1, 1), (3, -2, 1), (4, -3, 1)), MONDAY).tip == 2


def test_the_window_is_exactly_four_weeks():
    # A check-in 29 days ago is outside the window, 28 days ago inside it.
    base = [(1, -40, 1), (2, -5, 1), (3, -5, 1), (4, -5, 1)]
    assert weekly_challenge(tips(*base, (1, -29, 5)), MONDAY).tip == 1
    assert weekly_challenge(tips(*base, (1, -28, 5)), MONDAY).tip == 2


def test_tip_five_is_never_the_challenge_and_does_not_count():
    c = weekly_challenge(tips((5, -28, 1), (1, -7, 1), (2, -7, 1), (3, -7, 1), (4, -7, 1)), MONDAY)
    assert c.tip == 1
    assert weekly_challenge(tips((5, -30, 1)), MONDAY).tip == 1


def test_none_before_the_first_full_week_of_history():
    assert weekly_challenge({}, MONDAY) is None
    # History from last week's first day: last week is full.
    assert weekly_challenge(tips((2, -7, 1)), MONDAY) == Challenge(1, MONDAY, d(6), 0)
    # History from last Tuesday: last week is not full yet.
    assert weekly_challenge(tips((2, -6, 1)), MONDAY) is None
    assert weekly_challenge(tips((2, -6, 1)), d(7)).tip == 1
    # Check-ins this week are not history for this week's challenge.
    assert weekly_challenge(tips((2, 0, 1), (3, 1, 1)), d(3)) is None
    # Empty counts do not start history.
    assert weekly_challenge(tips((2, -20, 0)), MONDAY) is None


def test_history_start_given_by_the_services():
    assert weekly_challenge({}, MONDAY, history_start=d(-7)) == Challenge(1, MONDAY, d(6), 0)
    assert weekly_challenge({}, MONDAY, history_start=d(-6)) is None
    # The earlier of the two begins history.
    assert weekly_challenge(tips((4, -9, 1)), MONDAY, history_start=d(-2)).tip == 1


def test_checkins_are_this_weeks_units_under_the_tip():
    counts = tips(*FULL, (3, 0, 2), (3, 4, 1), (1, 2, 7), (3, 7, 9))
    c = weekly_challenge(counts, d(5))
    assert (c.tip, c.checkins) == (3, 3)


def test_logging_past_days_this_week_does_not_change_it():
    before = weekly_challenge(tips(*FULL), d(4))
    after = weekly_challenge(tips(*FULL, (3, 0, 50), (3, 2, 50)), d(4))
    assert before.tip == after.tip == 3 and after.checkins == 100


@pytest.mark.parametrize("week_start", range(7))
def test_week_start_variants(week_start):
    today = d(3)  # a Thursday
    c = weekly_challenge(tips((1, -60, 1)), today, week_start)
    assert c.week_from.weekday() == week_start
    assert c.week_from <= today <= c.week_to == c.week_from + timedelta(days=6)
    assert week_bounds(today, week_start) == (c.week_from, c.week_to)


def test_weeks_starting_on_sunday_move_the_window():
    # Sunday d(-1) belongs to this week when weeks start on Sunday, to last week otherwise.
    counts = tips((1, -40, 1), (1, -1, 2), (2, -10, 1), (3, -10, 1), (4, -10, 1))
    assert weekly_challenge(counts, d(2), week_start=0).tip == 2
    assert weekly_challenge(counts, d(2), week_start=6).tip == 1


def test_a_bad_week_start_is_refused():
    with pytest.raises(ValueError):
        weekly_challenge({}, MONDAY, 7)


def test_challenge_bonus_doubles_the_base_part_only():
    c = weekly_challenge(tips(*FULL), MONDAY)
    base, streak_bonus = checkin_xp(30, 1, 5)
    assert (base, streak_bonus) == (30, 15)  # unchanged by the challenge
    assert challenge_bonus(base, 3, d(2), c) == 30
    assert challenge_bonus(base, 2, d(2), c) == 0  # another tip
    assert challenge_bonus(base, 3, d(7), c) == 0  # next week
    assert challenge_bonus(base, 3, d(-1), c) == 0  # last week
    assert challenge_bonus(base, 3, d(2), None) == 0
    assert challenge_bonus(0, 3, d(2), c) == 0  # no units toward the target, nothing doubled
    assert challenge_bonus(10, 3, d(6), c._replace(multiplier=3)) == 20


# ---------------------------------------------------------------- properties

# Histories of up to ~10 weeks before a fixed day; tips 1 to 5; counts 0 to 4.
entries = st.lists(
    st.tuples(st.integers(1, 5), st.integers(-70, 13), st.integers(0, 4)), max_size=40
)


def reference_tip(entries, week_from):
    """The challenge by a literal reading: walk each day of the four weeks, tip by tip."""
    history = [d(o) for _, o, n in entries if n >= 1 and d(o) < week_from]
    if not history or min(history) > week_from - timedelta(days=7):
        return None
    window = {week_from - timedelta(days=i) for i in range(1, 29)}
    totals = {tip: 0 for tip in (1, 2, 3, 4)}
    for tip, o, n in entries:
        if tip in totals and d(o) in window:
            totals[tip] += n
    fewest = min(totals.values())
    return [tip for tip in (1, 2, 3, 4) if totals[tip] == fewest][0]


@given(entries, st.integers(0, 6), st.integers(0, 13))
def test_the_choice_is_the_fewest_with_lowest_number_ties(history, week_start, offset):
    today = d(offset)
    c = weekly_challenge(tips(*history), today, week_start)
    week_from, week_to = week_bounds(today, week_start)
    expected = reference_tip(history, week_from)
    if expected is None:
        assert c is None
    else:
        assert c.tip == expected and c.tip in CHALLENGE_TIPS
        assert (c.week_from, c.week_to, c.multiplier) == (week_from, week_to, 2)
        assert c.checkins == sum(n for t, o, n in history
                                 if t == c.tip and week_from <= d(o) <= week_to)


@given(entries, entries, st.integers(0, 6), st.integers(0, 13))
def test_this_weeks_checkins_do_not_change_the_choice(history, extra, week_start, offset):
    today = d(offset)
    week_from, week_to = week_bounds(today, week_start)
    this_week = [(t, (week_from - MONDAY).days + o % 7, n) for t, o, n in extra]
    before = weekly_challenge(tips(*history), today, week_start)
    after = weekly_challenge(tips(*history, *this_week), today, week_start)
    assert (before is None) == (after is None)
    if before is not None:
        assert before[:3] == after[:3]


@given(entries, st.integers(0, 6), st.integers(0, 13))
def test_none_exactly_before_a_full_week_of_history(history, week_start, offset):
    today = d(offset)
    week_from, _ = week_bounds(today, week_start)
    first = min((d(o) for _, o, n in history if n >= 1 and d(o) < week_from), default=None)
    c = weekly_challenge(tips(*history), today, week_start)
    assert (c is None) == (first is None or first > week_from - timedelta(days=7))


@given(entries, st.integers(0, 6))
def test_one_challenge_for_every_day_of_a_week(history, week_start):
    counts = tips(*history)
    week_from, _ = week_bounds(MONDAY, week_start)
    days = [week_from + timedelta(days=i) for i in range(7)]
    assert len({weekly_challenge(counts, day, week_start) for day in days}) == 1


def test_challenge_tip_is_the_same_rule():
    assert challenge_tip(tips(*FULL), MONDAY) == 3
    assert challenge_tip(tips(*FULL), date(2026, 1, 5)) is None
