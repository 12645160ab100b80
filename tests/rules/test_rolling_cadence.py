"""The `N in M days` cadence (Loop's rolling window): parsing, streaks and strength."""

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from netquest.rules.cadence import Cadence, CadenceError, parse_cadence, period_of, period_quota
from netquest.rules.streaks import due_today, quest_streak
from netquest.rules.strength import strength

BASE = date(2024, 1, 1)
ONE = timedelta(days=1)


@pytest.mark.parametrize(
    "text, n, m, canonical",
    [
        ("2 in 3 days", 2, 3, "2 in 3 days"),
        ("  2  IN 3 Days ", 2, 3, "2 in 3 days"),
        ("1 in 2 day", 1, 2, "1 in 2 days"),
        ("5 in 14 days", 5, 14, "5 in 14 days"),
        ("30 in 365 days", 30, 365, "30 in 365 days"),
    ],
)
def test_parse_and_print(text, n, m, canonical):
    c = parse_cadence(text)
    assert (c.kind, c.n, c.days) == ("rolling", n, m)
    assert str(c) == canonical and parse_cadence(str(c)) == c
    assert c.unit == "period" and c.frequency == (n, m) and not c.is_day_cadence
    assert period_quota(c) == n


def test_n_in_n_days_is_daily():
    assert parse_cadence("3 in 3 days") == Cadence("daily")


@pytest.mark.parametrize(
    "text",
    [
        "0 in 3 days",
        "4 in 3 days",
        "1 in 1 days",
        "2 in 366 days",
        "2 in days",
        "two in 3 days",
        "2 in 3 weeks",
        "2in3days",
    ],
)
def test_invalid(text):
    with pytest.raises(CadenceError) as info:
        parse_cadence(text)
    assert "N in M days" in str(info.value) and "\n" not in str(info.value)


def test_other_kinds_carry_no_window():
    assert parse_cadence("3/week").days == 0
    assert parse_cadence("every 3 days") == Cadence("every", 3)


def test_period_is_the_window_ending_on_the_day():
    c = parse_cadence("2 in 3 days")
    assert period_of(c, date(2026, 3, 11), date(2026, 3, 1)) == (
        date(2026, 3, 9),
        date(2026, 3, 11),
    )


def on(*offsets):
    return {BASE + ONE * k: 1 for k in offsets}


def test_streak_counts_periods_of_m_days_and_today_stays_open():
    c = parse_cadence("2 in 3 days")
    counts = on(0, 1, 3, 4, 6, 7)
    s = quest_streak(c, 1, BASE, counts, frozenset(), BASE + ONE * 7)
    assert (s.current, s.best, s.unit, s.at_risk) == (3, 3, "period", False)
    p = s.period
    assert (p.first, p.last, p.done_days, p.needed, p.met) == (
        BASE + ONE * 5,
        BASE + ONE * 7,
        2,
        2,
        True,
    )
    # Day 9: the window 7..9 holds one check-in: at risk, but today never breaks the run.
    s = quest_streak(c, 1, BASE, counts, frozenset(), BASE + ONE * 9)
    assert (s.current, s.at_risk, s.period.done_days, s.period.needed) == (3, True, 1, 2)
    # Day 10: day 9 was not kept, the run is broken.
    s = quest_streak(c, 1, BASE, counts, frozenset(), BASE + ONE * 10)
    assert (s.current, s.best) == (0, 3)


def test_skipped_day_neither_breaks_nor_extends():
    c = parse_cadence("2 in 3 days")
    counts = on(0, 1, 3, 4)
    # Day 6 (window 4..6) holds one check-in: on day 7 the run is broken.
    assert quest_streak(c, 1, BASE, counts | on(7), frozenset(), BASE + ONE * 7).current == 0
    # Skipping day 5 takes it out of the windows: day 6 needs both of 4 and 6, and has them.
    s = quest_streak(c, 1, BASE, counts | on(6, 7), frozenset({BASE + ONE * 5}), BASE + ONE * 7)
    assert (s.current, s.best) == (3, 3) and s.period.needed == 2


def test_due_only_while_the_window_is_short():
    c = parse_cadence("2 in 3 days")
    counts = on(0, 1)
    assert not due_today(c, 1, BASE, counts, frozenset(), BASE + ONE * 2)
    assert due_today(c, 1, BASE, counts, frozenset(), BASE + ONE * 3)


def reference(n, m, target, start, counts, skips, today):
    """(current, best, at_risk), judging each day's window with plain date arithmetic."""
    run = best = 0
    kept_today = False
    needed_today = 0
    day = start
    while day <= today:
        if day not in skips:
            window = [day - ONE * k for k in range(m)]
            avail = [x for x in window if x >= start and x not in skips]
            done = sum(1 for x in avail if counts.get(x, 0) >= target)
            needed = min(n, len(avail))
            if done >= needed:
                run += 1
                best = max(best, run)
                kept_today = day == today
            elif day != today:
                run = 0
            if day == today:
                needed_today = needed
        day += ONE
    current = -(-run // m)
    return current, -(-best // m), current > 0 and needed_today >= 1 and not kept_today


histories = st.fixed_dictionaries(
    {
        "nm": st.sampled_from([(1, 2), (2, 3), (3, 10), (5, 7), (2, 14)]),
        "target": st.integers(1, 2),
        "start": st.integers(0, 20),
        "today": st.integers(0, 90),
        "counts": st.dictionaries(st.integers(-5, 95), st.integers(0, 3), max_size=70),
        "skips": st.sets(st.integers(-5, 95), max_size=15),
    }
)


def unpack(h):
    n, m = h["nm"]
    counts = {BASE + ONE * k: v for k, v in h["counts"].items()}
    skips = frozenset(BASE + ONE * k for k in h["skips"])
    return n, m, h["target"], BASE + ONE * h["start"], counts, skips, BASE + ONE * h["today"]


@settings(max_examples=300, deadline=None)
@given(histories)
def test_matches_literal_rules(h):
    n, m, target, start, counts, skips, today = unpack(h)
    c = Cadence("rolling", n, days=m)
    s = quest_streak(c, target, start, counts, skips, today)
    if today < start:
        assert (s.current, s.best, s.period) == (0, 0, None)
        return
    assert (s.current, s.best, s.at_risk) == reference(n, m, target, start, counts, skips, today)
    assert s.best >= s.current >= 0
    assert (s.period.first, s.period.last) == (today - ONE * (m - 1), today)


@settings(max_examples=200, deadline=None)
@given(histories, st.integers(-5, 95))
def test_adding_a_checkin_never_lowers_and_removing_restores(h, extra):
    n, m, target, start, counts, skips, today = unpack(h)
    c = Cadence("rolling", n, days=m)
    before = quest_streak(c, target, start, counts, skips, today)
    day = BASE + ONE * extra
    more = dict(counts)
    more[day] = more.get(day, 0) + target
    after = quest_streak(c, target, start, more, skips, today)
    assert after.current >= before.current and after.best >= before.best
    assert (
        strength(c, target, more, skips, today) >= strength(c, target, counts, skips, today) - 1e-12
    )
    restored = dict(more)
    if day in counts:
        restored[day] = counts[day]
    else:
        del restored[day]
    assert quest_streak(c, target, start, restored, skips, today) == before


@settings(max_examples=100, deadline=None)
@given(histories)
def test_due_exactly_when_the_window_without_today_is_short(h):
    n, m, target, start, counts, skips, today = unpack(h)
    c = Cadence("rolling", n, days=m)
    if today < start or today in skips:
        assert not due_today(c, target, start, counts, skips, today)
        return
    before = {d: v for d, v in counts.items() if d != today}
    s = quest_streak(c, target, start, before, skips, today)
    assert due_today(c, target, start, counts, skips, today) == (not s.period.met)


def test_strength_uses_frequency_n_over_m():
    # Loop scores a "2 in 3 days" habit with frequency 2/3: the same as any 2-per-3 rhythm.
    TODAY = date(2026, 3, 11)
    counts = {TODAY - ONE * k: 1 for k in range(1500) if k % 3 != 2}
    assert strength(parse_cadence("2 in 3 days"), 1, counts, frozenset(), TODAY) == pytest.approx(
        1.0, abs=1e-6
    )
    # Loop's ScoreListTest.test_recompute: two days checked at frequency 1/2 score 0.054816.
    two = {TODAY: 1, TODAY - ONE: 1}
    assert strength(parse_cadence("1 in 2 days"), 1, two, frozenset(), TODAY) == pytest.approx(
        0.054816, abs=1e-6
    )
