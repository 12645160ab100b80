"""Quest streaks against a plain, literal reading of the rules, and their invariants."""

from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from netquest.rules.cadence import is_due_day, parse_cadence, period_of, period_quota
from netquest.rules.day_streak import day_streak
from netquest.rules.streaks import day_period, quest_streak

BASE = date(2024, 1, 1)
ONE = timedelta(days=1)


def reference(cadence, target, start, counts, skips, today, week_start):
    """(current, best, at_risk) walking every period from the start, one date at a time."""
    periods = []
    day = start
    while day <= today:
        if cadence.is_day_cadence:
            if is_due_day(cadence, day, start):
                periods.append((day, day))
            day += ONE
        else:
            first, last = period_of(cadence, day, start, week_start)
            periods.append((first, last))
            day = last + ONE
    run = best = 0
    open_state = None
    for first, last in periods:
        span = [first + ONE * i for i in range((last - first).days + 1)]
        available = [x for x in span if x >= start and x not in skips]
        needed = min(period_quota(cadence), len(available))
        done = sum(1 for x in available if x <= today and counts.get(x, 0) >= target)
        is_open = first <= today <= last
        met = needed >= 1 and done >= needed
        if not available:
            pass
        elif met:
            run += 1
            best = max(best, run)
        elif not is_open:
            run = 0
        if is_open:
            remaining = sum(1 for x in available if x > today)
            open_state = (met, needed, done, remaining)
    at_risk = False
    if open_state and run > 0:
        met, needed, done, remaining = open_state
        at_risk = not met and needed >= 1 and remaining < needed - done
    return run, best, at_risk


texts = st.sampled_from(
    [
        "daily",
        "weekdays",
        "mon,wed,fri",
        "sat,sun",
        "tue",
        "1/week",
        "3/week",
        "every 2 days",
        "every 5 days",
        "1/month",
        "3/month",
    ]
)
histories = st.fixed_dictionaries(
    {
        "text": texts,
        "target": st.integers(1, 2),
        "start": st.integers(0, 20),
        "today": st.integers(0, 90),
        "counts": st.dictionaries(st.integers(-5, 95), st.integers(0, 3), max_size=70),
        "skips": st.sets(st.integers(-5, 95), max_size=15),
        "week_start": st.sampled_from([0, 6]),
    }
)


def unpack(h):
    cadence = parse_cadence(h["text"])
    counts = {BASE + ONE * k: v for k, v in h["counts"].items()}
    skips = frozenset(BASE + ONE * k for k in h["skips"])
    return (
        cadence,
        h["target"],
        BASE + ONE * h["start"],
        counts,
        skips,
        BASE + ONE * h["today"],
        h["week_start"],
    )


@settings(max_examples=400, deadline=None)
@given(histories)
def test_matches_literal_rules(h):
    cadence, target, start, counts, skips, today, ws = unpack(h)
    s = quest_streak(cadence, target, start, counts, skips, today, ws)
    if today < start:
        assert s.period is None and (s.current, s.best, s.at_risk) == (0, 0, False)
        return
    assert (s.current, s.best, s.at_risk) == reference(
        cadence, target, start, counts, skips, today, ws
    )
    assert s.best >= s.current >= 0


@settings(max_examples=300, deadline=None)
@given(histories, st.integers(-5, 95))
def test_adding_a_checkin_never_lowers_and_removing_restores(h, extra):
    cadence, target, start, counts, skips, today, ws = unpack(h)
    before = quest_streak(cadence, target, start, counts, skips, today, ws)
    day = BASE + ONE * extra
    more = dict(counts)
    more[day] = more.get(day, 0) + target
    after = quest_streak(cadence, target, start, more, skips, today, ws)
    assert after.current >= before.current
    assert after.best >= before.best
    restored = dict(more)
    if day in counts:
        restored[day] = counts[day]
    else:
        del restored[day]
    assert quest_streak(cadence, target, start, restored, skips, today, ws) == before


def reference_day_streak(active, vacation, today, every, cap):
    if not any(x <= today for x in active):
        return 0, 0, 0
    day = min(active)
    run = best = bank = 0
    while day <= today:
        if day in vacation:
            pass
        elif day in active:
            run += 1
            best = max(best, run)
            if run % every == 0:
                bank = min(cap, bank + 1)
        elif day != today:
            if bank:
                bank -= 1
            else:
                run = bank = 0
        day += ONE
    return run, best, bank


@settings(max_examples=300, deadline=None)
@given(
    st.sets(st.integers(0, 80), max_size=70),
    st.sets(st.integers(0, 80), max_size=10),
    st.integers(0, 85),
    st.integers(1, 8),
    st.integers(0, 3),
    st.integers(0, 80),
)
def test_day_streak_rules(active, vacation, today, every, cap, extra):
    act = frozenset(BASE + ONE * k for k in active)
    vac = frozenset(BASE + ONE * k for k in vacation)
    t = BASE + ONE * today
    s = day_streak(act, vac, t, every, cap)
    assert (s.current, s.best, s.freezes) == reference_day_streak(act, vac, t, every, cap)
    assert s.best >= s.current and 0 <= s.freezes <= cap
    assert all(x < t and x not in act and x not in vac for x in s.frozen_days)
    assert len(s.frozen_days) <= s.current


def progress(p):
    return (p.done_days, p.needed, p.met, p.skipped)


@settings(max_examples=300, deadline=None)
@given(histories, st.integers(0, 90))
def test_a_days_period_is_the_streaks_period_on_its_last_day(h, offset):
    """What a back-dated check-in reports: the period holding its day, whole, as the streak
    sees that period on its own last day; the same for every day of the period."""
    cadence, target, start, counts, skips, _today, ws = unpack(h)
    day = BASE + ONE * offset
    got = day_period(cadence, target, start, counts, skips, day, ws)
    if cadence.is_day_cadence or day < start:
        assert got is None
        return
    first, last = period_of(cadence, day, start, ws)
    assert (got.first, got.last) == (max(first, start), last)
    on_last = quest_streak(cadence, target, start, counts, skips, last, ws).period
    assert progress(got) == progress(on_last)
    for other in (got.first, last):
        assert day_period(cadence, target, start, counts, skips, other, ws) == got


@settings(max_examples=200, deadline=None)
@given(st.integers(1, 3), st.integers(2, 9), histories, st.integers(0, 90))
def test_a_rolling_days_period_is_its_window_as_the_streak_sees_it_that_day(n, m, h, offset):
    cadence = parse_cadence(f"{n} in {max(m, n + 1)} days")  # N in N days is daily
    _c, target, start, counts, skips, _today, ws = unpack(h)
    day = BASE + ONE * offset
    got = day_period(cadence, target, start, counts, skips, day, ws)
    if day < start:
        assert got is None
        return
    that_day = quest_streak(cadence, target, start, counts, skips, day).period
    assert progress(got) == progress(that_day)
    assert got.last == day
