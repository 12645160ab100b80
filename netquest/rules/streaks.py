"""Streaks: per quest in the quest's own periods, and the headline day streak with freezes."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import Counter
from datetime import date, timedelta
from typing import AbstractSet, Mapping

from netquest.rules.cadence import Cadence, days_in_month, is_due_day, period_of, period_quota
from netquest.structs import Struct

__all__ = [
    "PeriodProgress",
    "Streak",
    "StreakMark",
    "day_period",
    "due_today",
    "quest_streak",
    "streak_mark",
]


class PeriodProgress(Struct, frozen=True):
    """How far the period holding a day has come.

    ``needed`` is 0 when nothing is asked of the period: every day of it is skipped
    (then ``skipped`` is True) or, for day cadences, the day is not a due day.
    """

    first: date
    last: date
    done_days: int
    needed: int
    met: bool
    skipped: bool


class Streak(Struct, frozen=True):
    """A quest's streak in its own unit (days, weeks, months or N-day periods)."""

    current: int
    best: int
    unit: str
    at_risk: bool
    period: PeriodProgress | None


class StreakMark(Struct, frozen=True):
    """A quest's streak over its closed periods, up to the last one ending on day `day_o`.

    `k` is the first slot after the mark, `last` the last met slot before it (None: none
    yet), `run` the run ending on `last`, `best` the best run so far, and `gap` how many
    slots between `last` and `k` were neither met nor skipped (any breaks the run).
    """

    day_o: int
    k: int
    best: int
    run: int
    last: int | None
    gap: int


class _Slots:
    """Numbers the streak steps of one quest so that neighbours differ by exactly one.

    Streaks are computed on these integers (date ordinals underneath) instead of date
    objects: a ten-year history must stay cheap to walk on every screen refresh.
    For day cadences a slot is a due day; ranks skip the days that are not due, so
    Friday and the next Monday of a weekdays quest are neighbours.
    """

    def __init__(self, cadence: Cadence, start_o: int, week_start: int) -> None:
        self.kind = cadence.kind
        self.n = cadence.n
        self.start_o = start_o
        self.week_start = week_start
        due = cadence.due_weekdays
        self.mask = frozenset(due)
        self.per_week = len(due)
        # before[w]: due weekdays that come earlier in the week than weekday w.
        self.before = [sum(1 for d in due if d < w) for w in range(7)]

    def index(self, o: int) -> int:
        kind = self.kind
        if kind == "daily":
            return o
        if kind in ("weekdays", "days"):
            # Ordinal 1 (0001-01-01) is a Monday, so (o - 1) % 7 is date.weekday().
            weeks, wd = divmod(o - 1, 7)
            return weeks * self.per_week + self.before[wd]
        if kind == "per_week":
            return (o - 1 - self.week_start) // 7
        if kind == "every":
            return (o - self.start_o) // self.n
        d = date.fromordinal(o)
        return d.year * 12 + d.month - 1

    def is_due(self, o: int) -> bool:
        return (o - 1) % 7 in self.mask

    def bounds(self, idx: int) -> tuple[int, int]:
        """First and last ordinal of a period slot (period cadences only)."""
        if self.kind == "per_week":
            first = idx * 7 + 1 + self.week_start
            return first, first + 6
        if self.kind == "every":
            first = self.start_o + idx * self.n
            return first, first + self.n - 1
        year, month0 = divmod(idx, 12)
        first = date(year, month0 + 1, 1).toordinal()
        return first, first + days_in_month(year, month0 + 1) - 1


def _count_between(sorted_values: list[int], low: int, high: int) -> int:
    """How many values lie strictly between low and high."""
    return bisect_left(sorted_values, high) - bisect_right(sorted_values, low)


def quest_streak(
    cadence: Cadence,
    target: int,
    start: date,
    counts: Mapping[date, int],
    skips: AbstractSet[date],
    today: date,
    week_start: int = 0,
    mark: StreakMark | None = None,
) -> Streak:
    """The current and best streak of a quest, and whether today's period puts it at risk.

    A skip wins over a check-in on the same day: the day is taken out of its period.
    With `mark` (from `streak_mark` on the same quest), the periods before the mark's are
    taken from it: `counts` and `skips` need to hold only the days after its day.
    """
    unit = cadence.unit
    if today < start:
        return Streak(0, 0, unit, False, None)
    target = max(1, target)
    if cadence.kind == "rolling":
        return _rolling_streak(cadence, target, start, counts, skips, today)
    start_o, today_o = start.toordinal(), today.toordinal()
    slots = _Slots(cadence, start_o, week_start)
    open_idx = slots.index(today_o)
    if cadence.is_day_cadence:
        open_first = open_last = today_o
    else:
        open_first, open_last = slots.bounds(open_idx)
    low_o = max(start_o, mark.day_o + 1) if mark is not None else start_o
    met, fully_skipped, skip_o, done = _met_slots(
        cadence, target, start_o, low_o, counts, skips, today_o, open_last, slots
    )
    best, run, prev = _runs(met, fully_skipped, mark)
    if prev is None:
        current = 0
    elif prev == open_idx:
        current = run
    else:
        # The open period never breaks the run, the closed ones after the last met one do.
        current = run if _gap(fully_skipped, prev, open_idx, mark) == 0 else 0

    quota = period_quota(cadence)
    if cadence.is_day_cadence:
        avail = 0 if today_o in skip_o or not slots.is_due(today_o) else 1
        done_now = 1 if counts.get(today, 0) >= target and today_o not in skip_o else 0
        skipped = today_o in skip_o
    else:
        first, last = slots.bounds(open_idx)
        avail = last - max(first, start_o) + 1 - sum(1 for o in skip_o if first <= o <= last)
        done_now = done.get(open_idx, 0)
        skipped = avail == 0
    needed = min(quota, avail)
    met_now = needed >= 1 and done_now >= needed
    period = PeriodProgress(
        date.fromordinal(open_first),
        date.fromordinal(open_last),
        done_now,
        needed,
        met_now,
        skipped,
    )
    at_risk = False
    if current > 0 and not met_now and needed >= 1:
        remaining = open_last - today_o - sum(1 for o in skip_o if o > today_o)
        at_risk = remaining < needed - done_now
    return Streak(current, best, unit, at_risk, period)


def _met_slots(
    cadence: Cadence,
    target: int,
    start_o: int,
    low_o: int,
    counts: Mapping[date, int],
    skips: AbstractSet[date],
    today_o: int,
    open_last: int,
    slots: _Slots,
) -> tuple[list[int], list[int], set[int], Counter]:
    """The met and the fully skipped slots from day `low_o` (a slot's first day) to today,
    the skipped days that count and the done days per slot (period cadences)."""
    # Skips later than the open period cannot matter; those before the start neither.
    skip_o = {o for o in (d.toordinal() for d in skips) if low_o <= o <= open_last}
    # Comprehensions rather than a loop with calls: this runs for every quest on every
    # refresh, over histories that may span years.
    done_o = [day.toordinal() for day, count in counts.items() if count >= target]
    if skip_o:
        done_o = [o for o in done_o if low_o <= o <= today_o and o not in skip_o]
    else:
        done_o = [o for o in done_o if low_o <= o <= today_o]
    kind = cadence.kind
    done: Counter = Counter()
    if cadence.is_day_cadence:
        if kind != "daily":
            mask, per_week, before = slots.mask, slots.per_week, slots.before
            done_o = [o for o in done_o if (o - 1) % 7 in mask]
            met = sorted(((o - 1) // 7) * per_week + before[(o - 1) % 7] for o in done_o)
        else:
            met = sorted(done_o)
        fully_skipped = sorted(slots.index(o) for o in skip_o if o <= today_o and slots.is_due(o))
        return met, fully_skipped, skip_o, done
    if kind == "per_week":
        shift = 1 + slots.week_start
        done = Counter([(o - shift) // 7 for o in done_o])
    elif kind == "every":
        n = cadence.n
        done = Counter([(o - start_o) // n for o in done_o])
    else:
        done = Counter(map(slots.index, done_o))
    skips_in = Counter(map(slots.index, skip_o))

    def available(idx: int) -> int:
        first, last = slots.bounds(idx)
        return last - max(first, start_o) + 1 - skips_in.get(idx, 0)

    quota = period_quota(cadence)
    fully_skipped = sorted(idx for idx in skips_in if available(idx) == 0)
    met = sorted(idx for idx, n in done.items() if n >= quota or n >= available(idx))
    return met, fully_skipped, skip_o, done


def _gap(fully_skipped: list[int], prev: int, idx: int, mark: StreakMark | None) -> int:
    """Slots strictly between met slot `prev` and slot `idx` neither met nor skipped."""
    if mark is not None and prev < mark.k:
        return (
            mark.gap
            + idx
            - mark.k
            - (bisect_left(fully_skipped, idx) - bisect_left(fully_skipped, mark.k))
        )
    return idx - prev - 1 - _count_between(fully_skipped, prev, idx)


def _runs(
    met: list[int], fully_skipped: list[int], mark: StreakMark | None
) -> tuple[int, int, int | None]:
    """(best run, the run ending on the last met slot, that slot), continuing `mark`."""
    best = mark.best if mark else 0
    carry = mark.run if mark else 0
    if not met:
        return best, carry, mark.last if mark else None
    if mark is None or mark.last is None or _gap(fully_skipped, mark.last, met[0], mark):
        carry = 0
    # Periods between two met ones break the run unless every one of them was skipped.
    # Neighbouring met periods (the common case) are filtered out before any bisecting.
    breaks = [
        pos
        for pos, (a, b) in enumerate(zip(met, met[1:]), 1)
        if b - a > 1 and b - a - 1 > _count_between(fully_skipped, a, b)
    ]
    run_start = 0
    for pos in breaks:
        best = max(best, pos - run_start + (carry if run_start == 0 else 0))
        run_start = pos
    run = len(met) - run_start + (carry if run_start == 0 else 0)
    return max(best, run), run, met[-1]


def streak_mark(
    cadence: Cadence,
    target: int,
    start: date,
    counts: Mapping[date, int],
    skips: AbstractSet[date],
    day: date,
    week_start: int = 0,
) -> StreakMark | None:
    """The streak over the periods that end on or before `day`, whose next day must begin a
    period (see `cadence.closed_day`); None for a rolling quest or a day before the start."""
    if day < start or cadence.kind == "rolling":
        return None
    target = max(1, target)
    start_o, day_o = start.toordinal(), day.toordinal()
    slots = _Slots(cadence, start_o, week_start)
    k = slots.index(day_o + 1)
    met, fully_skipped, _, _ = _met_slots(
        cadence, target, start_o, start_o, counts, skips, day_o, day_o, slots
    )
    best, run, last = _runs(met, fully_skipped, None)
    gap = 0 if last is None else k - last - 1 - _count_between(fully_skipped, last, k)
    return StreakMark(day_o, k, best, run, last, gap)


def _rolling_streak(
    cadence: Cadence,
    target: int,
    start: date,
    counts: Mapping[date, int],
    skips: AbstractSet[date],
    today: date,
) -> Streak:
    """The streak of an ``N in M days`` quest.

    The rhythm is kept on a day when the M days ending on it hold N done days (or, when
    fewer of those days are since the start and not skipped, all of them). Kept days
    extend the run, a day that is not kept breaks it, and skipped days do neither; today
    is still open, so it never breaks the run. The run is shown in periods of M days,
    rounded up: one kept day is a period begun.
    """
    n, m = cadence.n, cadence.days
    start_o, today_o = start.toordinal(), today.toordinal()
    size = today_o - start_o + 1
    skipped = bytearray(size)
    for o in (d.toordinal() for d in skips):
        if start_o <= o <= today_o:
            skipped[o - start_o] = 1
    done = bytearray(size)
    for day, count in counts.items():
        o = day.toordinal()
        if count >= target and start_o <= o <= today_o and not skipped[o - start_o]:
            done[o - start_o] = 1
    # Sliding sums over the window: done days and days that may hold one.
    in_window = avail = 0
    run = best = 0
    kept_today = False
    for i in range(size):
        in_window += done[i]
        avail += 1 - skipped[i]
        if i >= m:
            in_window -= done[i - m]
            avail -= 1 - skipped[i - m]
        if skipped[i]:
            continue
        if in_window >= min(n, avail):
            run += 1
            if run > best:
                best = run
            kept_today = i == size - 1
        elif i < size - 1:
            run = 0
    needed = 0 if skipped[size - 1] else min(n, avail)
    current, best = -(-run // m), -(-best // m)
    period = PeriodProgress(
        today - timedelta(days=m - 1), today, in_window, needed, kept_today, needed == 0
    )
    at_risk = current > 0 and needed >= 1 and not kept_today
    return Streak(current, best, cadence.unit, at_risk, period)


def due_today(
    cadence: Cadence,
    target: int,
    start: date,
    counts: Mapping[date, int],
    skips: AbstractSet[date],
    today: date,
    week_start: int = 0,
) -> bool:
    """Whether the quest belongs on today's list."""
    if today < start or today in skips:
        return False
    if cadence.is_day_cadence:
        return is_due_day(cadence, today, start)
    target = max(1, target)
    first, last = period_of(cadence, today, start, week_start)
    first = max(first, start)
    first_o, last_o, today_o = first.toordinal(), last.toordinal(), today.toordinal()
    skip_o = {d.toordinal() for d in skips if first <= d <= last}
    available = last_o - first_o + 1 - len(skip_o)
    needed = min(period_quota(cadence), available)
    done_before = 0
    for o in range(first_o, today_o):
        if o not in skip_o and counts.get(date.fromordinal(o), 0) >= target:
            done_before += 1
    return not (needed >= 1 and done_before >= needed)


def day_period(
    cadence: Cadence,
    target: int,
    start: date,
    counts: Mapping[date, int],
    skips: AbstractSet[date],
    day: date,
    week_start: int = 0,
) -> PeriodProgress | None:
    """The progress of the period holding `day` (a past one included), counted as the
    streak counts it; None for day cadences. For ``N in M days`` the period is the window
    of M days ending on `day`; for the other cadences a past period is whole, so the days
    after `day` in it count too.
    """
    if cadence.is_day_cadence or day < start:
        return None
    target = max(1, target)
    first, last = period_of(cadence, day, start, week_start)
    first = max(first, start)
    skipped = {d for d in skips if first <= d <= last}
    avail = (last - first).days + 1 - len(skipped)
    done = sum(1 for d, c in counts.items()
               if first <= d <= last and c >= target and d not in skipped)
    # A rolling window asks nothing of a skipped day; other periods only when all is skipped.
    off = avail == 0 or (cadence.kind == "rolling" and day in skipped)
    needed = 0 if off else min(period_quota(cadence), avail)
    return PeriodProgress(first, last, done, needed, needed >= 1 and done >= needed, off)
