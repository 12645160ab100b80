"""Strength against the expected values of Loop Habit Tracker's own score tests."""

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from netquest.rules.cadence import Cadence, parse_cadence
from netquest.rules.strength import strength, strength_series

TODAY = date(2026, 3, 11)
DAILY = parse_cadence("daily")
E = 1e-6


def ago(n: int) -> date:
    return TODAY - timedelta(days=n)


def checked(offsets, value=1):
    return {ago(i): value for i in offsets}


# Loop: YesNoScoreListTest.test_getValue, newest first.
LOOP_20_DAYS = [
    0.655747, 0.636894, 0.617008, 0.596033, 0.573910, 0.550574, 0.525961, 0.500000,
    0.472617, 0.443734, 0.413270, 0.381137, 0.347244, 0.311495, 0.273788, 0.234017,
    0.192067, 0.147820, 0.101149, 0.051922, 0.0, 0.0, 0.0,
]


def newest_first(cadence, target, counts, skips, days):
    return strength_series(cadence, target, counts, frozenset(skips), TODAY, days)[::-1]


def test_loop_twenty_daily_checkins():
    series = newest_first(DAILY, 1, checked(range(20)), (), 23)
    assert series == pytest.approx(LOOP_20_DAYS, abs=E)
    assert strength(DAILY, 1, checked(range(20)), frozenset(), TODAY) == pytest.approx(
        0.655747, abs=E
    )


def test_loop_with_skips():
    # Loop: test_getValueWithSkip (the skips replace check-ins on those days).
    expected = [
        0.596033, 0.573910, 0.550574, 0.525961, 0.500000, 0.472617, 0.472617, 0.443734,
        0.413270, 0.381137, 0.347244, 0.347244, 0.347244, 0.311495, 0.273788, 0.234017,
        0.192067, 0.147820, 0.101149, 0.051922, 0.0, 0.0, 0.0,
    ]
    series = newest_first(DAILY, 1, checked(range(20)), {ago(5), ago(10), ago(11)}, 23)
    assert series == pytest.approx(expected, abs=E)


def test_loop_with_skip_after_single_checkin():
    # Loop: test_getValueWithSkip2.
    expected = [0.041949, 0.044247, 0.046670, 0.049226, 0.051922, 0.051922, 0.0]
    series = newest_first(DAILY, 1, checked([5]), {ago(4)}, 7)
    assert series == pytest.approx(expected, abs=E)


def test_loop_numerical_with_skips():
    # Loop: NumericalAtLeastScoreListWithSkipTest.test_getValue, with a target of 2.
    counts = {**checked(range(10), 2), **checked(range(11, 15), 2), **checked(range(16, 20), 2)}
    skips = {ago(10), ago(15)}
    expected = [
        0.617008, 0.596033, 0.573910, 0.550574, 0.525961, 0.500000, 0.472617, 0.443734,
        0.413270, 0.381137, 0.347244, 0.347244, 0.311495, 0.273788, 0.234017, 0.192067,
        0.192067, 0.147820, 0.101149, 0.051922, 0.0, 0.0, 0.0,
    ]
    assert newest_first(DAILY, 2, counts, skips, 23) == pytest.approx(expected, abs=E)


def test_loop_recompute_with_other_frequency():
    # Loop: test_recompute: two days checked is 0.101149 daily, 0.054816 at 1 per 2 days.
    counts = checked(range(2))
    assert strength(DAILY, 1, counts, frozenset(), TODAY) == pytest.approx(0.101149, abs=E)
    assert strength(parse_cadence("every 2 days"), 1, counts, frozenset(), TODAY) == pytest.approx(
        0.054816, abs=E
    )


def test_loop_imperfect_non_daily():
    # Loop: test_imperfectNonDaily: two of every seven days done.
    counts = {ago(7 * k + i): 1 for k in range(100) for i in (0, 1)}
    assert strength(parse_cadence("3/week"), 1, counts, frozenset(), TODAY) == pytest.approx(
        2 / 3, abs=E
    )
    assert strength(parse_cadence("4/week"), 1, counts, frozenset(), TODAY) == pytest.approx(
        0.5, abs=E
    )


def test_loop_irregular_non_daily():
    # Loop: test_irregularNonDaily: once a week, on alternating weekdays.
    counts = {ago(14 * k): 1 for k in range(100)} | {ago(14 * k + 13): 1 for k in range(100)}
    assert strength(parse_cadence("1/week"), 1, counts, frozenset(), TODAY) == pytest.approx(
        1.0, abs=1e-3
    )


def test_loop_high_score_in_reasonable_time():
    # Loop: shouldAchieveHighScoreInReasonableTime.
    assert strength(DAILY, 1, checked(range(90)), frozenset(), TODAY) > 0.99
    weekly = {ago(7 * i): 1 for i in range(39)}
    assert strength(parse_cadence("1/week"), 1, weekly, frozenset(), TODAY) > 0.99
    monthly = {ago(30 * i): 1 for i in range(18)}
    assert strength(parse_cadence("1/month"), 1, monthly, frozenset(), TODAY) > 0.99


def test_loop_comparable_to_progress():
    # Loop: shouldAchieveComparableScoreToProgress: half the target every day -> 0.5.
    assert strength(DAILY, 2, checked(range(500), 1), frozenset(), TODAY) == pytest.approx(
        0.5, abs=E
    )
    assert strength(DAILY, 4, checked(range(500), 1), frozenset(), TODAY) == pytest.approx(
        0.25, abs=E
    )


def test_loop_overachieving_is_not_relevant():
    assert strength(DAILY, 3, {TODAY: 10_000_000}, frozenset(), TODAY) == pytest.approx(
        0.051922, abs=E
    )


def test_loop_add_then_remove():
    assert strength(DAILY, 1, {}, frozenset(), TODAY) == 0.0
    assert strength(DAILY, 1, {TODAY: 1}, frozenset(), TODAY) == pytest.approx(0.051922, abs=E)
    assert strength(DAILY, 1, {TODAY: 0}, frozenset(), TODAY) == 0.0


def test_loop_skips_as_if_they_never_existed():
    # Loop: skipsShouldNotAffectScore.
    base = strength(DAILY, 1, checked(range(500)), frozenset(), TODAY)
    skips = frozenset(ago(i) for i in range(500, 1000))
    assert strength(DAILY, 1, checked(range(500)), skips, TODAY) == pytest.approx(base, abs=E)
    counts = checked(range(300)) | checked(range(500, 700))
    skips = frozenset(ago(i) for i in range(300, 500))
    assert strength(DAILY, 1, counts, skips, TODAY) == pytest.approx(base, abs=E)


def test_score_starts_at_first_checkin_and_start_is_a_lower_bound():
    counts = checked([10, 0])
    full = strength(DAILY, 1, counts, frozenset(), TODAY)
    assert strength(DAILY, 1, counts, frozenset(), TODAY, start=ago(20)) == full
    assert strength(DAILY, 1, counts, frozenset(), TODAY, start=ago(5)) == pytest.approx(
        0.051922, abs=E
    )


def test_checkins_after_today_are_ignored():
    assert strength(DAILY, 1, {TODAY + timedelta(days=1): 1}, frozenset(), TODAY) == 0.0
    assert (
        strength_series(DAILY, 1, {TODAY + timedelta(days=1): 1}, frozenset(), TODAY, 3)
        == [0.0] * 3
    )


def test_series_shape():
    assert strength_series(DAILY, 1, {}, frozenset(), TODAY, 0) == []
    series = strength_series(DAILY, 1, checked(range(3)), frozenset(), TODAY, 10)
    assert len(series) == 10 and series[:7] == [0.0] * 7
    assert series[-1] == strength(DAILY, 1, checked(range(3)), frozenset(), TODAY)


def test_series_agrees_with_strength_on_each_day_of_a_long_history():
    counts = {ago(i): (i * 7) % 4 for i in range(3000)}
    skips = frozenset(ago(i) for i in range(0, 3000, 29))
    cadence = parse_cadence("2/week")
    series = strength_series(cadence, 2, counts, skips, TODAY, 40)
    for back in (0, 1, 17, 39):
        day = ago(back)
        assert series[-1 - back] == pytest.approx(
            strength(cadence, 2, counts, skips, day), abs=1e-12
        )


def reference(cadence: Cadence, target: int, counts, skips, today: date) -> float:
    """Loop's recurrence, one day at a time, written as plainly as possible."""
    days_with = [d for d, c in counts.items() if c > 0 and d <= today]
    if not days_with:
        return 0.0
    num, den = cadence.frequency
    f = num / den
    if f < 1:
        num, den = num * 2, den * 2
    m = 0.5 ** (f**0.5 / 13)

    def value(day):
        return 0.0 if day in skips else min(counts.get(day, 0), target) / target

    score, rolling, day = 0.0, 0.0, min(days_with)
    while day <= today:
        rolling += value(day) - value(day - timedelta(days=den))
        if day not in skips:
            score = score * m + min(1.0, rolling / num) * (1 - m)
        day += timedelta(days=1)
    return score


cadence_texts = st.sampled_from(
    ["daily", "weekdays", "mon,thu", "3/week", "1/week", "every 4 days", "2/month"]
)


@settings(max_examples=60, deadline=None)
@given(
    cadence_texts,
    st.integers(1, 3),
    st.dictionaries(st.integers(0, 120), st.integers(0, 4), max_size=80),
    st.sets(st.integers(0, 120), max_size=20),
)
def test_matches_plain_recurrence(text, target, offsets, skip_offsets):
    counts = {ago(i): c for i, c in offsets.items()}
    skips = frozenset(ago(i) for i in skip_offsets)
    cadence = parse_cadence(text)
    got = strength(cadence, target, counts, skips, TODAY)
    assert got == pytest.approx(reference(cadence, target, counts, skips, TODAY), abs=1e-9)
    assert 0.0 <= got <= 1.0


@settings(max_examples=40, deadline=None)
@given(cadence_texts, st.dictionaries(st.integers(0, 3000), st.integers(0, 3), max_size=300))
def test_strength_in_unit_interval_on_long_histories(text, offsets):
    counts = {ago(i): c for i, c in offsets.items()}
    series = strength_series(parse_cadence(text), 2, counts, frozenset(), TODAY, 30)
    assert all(0.0 <= v <= 1.0 for v in series)
