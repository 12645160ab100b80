"""Habit strength: Loop Habit Tracker's score, an exponential average of recent effort."""

from __future__ import annotations

from datetime import date
from math import sqrt
from typing import AbstractSet, Mapping

from netquest.rules.cadence import Cadence
from netquest.structs import Struct

__all__ = ["StrengthMark", "strength", "strength_mark", "strength_series"]


class StrengthMark(Struct, frozen=True):
    """The score's state at the end of day `day_o` (an ordinal), so a walk may resume there.

    `pending` holds (ordinal, value) for the days still inside the rolling window: each
    value leaves the window's sum on its ordinal.  Resuming from a mark runs the very same
    arithmetic, in the same order, as a walk from the first check-in.
    """

    day_o: int
    score: float
    pending: tuple[tuple[int, int], ...]


def _params(cadence: Cadence, target: int) -> tuple[int, float, float, int]:
    """(window length, decay m, gain, full) of the score's recurrence."""
    num, den = cadence.frequency
    freq = num / den
    if freq < 1:
        # Loop doubles both sides for non-daily habits so that doing the habit on a
        # different weekday from one week to the next is not punished.
        num, den = num * 2, den * 2
    m = 0.5 ** (sqrt(freq) / 13)
    return den, m, 1 - m, num * target  # full: rolling sum (in target units) of a complete day


def _walk(
    cadence: Cadence,
    target: int,
    counts: Mapping[date, int],
    skips: AbstractSet[date],
    today: date,
    lower: date | None,
    emit_from: int | None,
    mark: StrengthMark | None = None,
) -> tuple[float, list[float], dict[int, int], bytearray, int]:
    """The score on `today`, the daily scores from ordinal `emit_from` to today, and the
    values, skipped days and first ordinal the walk used (for `strength_mark`)."""
    target = max(1, target)
    today_o = today.toordinal()
    # Each day contributes min(count, target) / target; the numerators stay integers so
    # that the rolling sum is exact however long the history is.
    lower_o = lower.toordinal() if lower is not None else -1
    if mark is not None:
        lower_o = max(lower_o, mark.day_o + 1)
    values = {o: (c if c < target else target)
              for o, c in ((d.toordinal(), c) for d, c in counts.items() if c > 0)
              if lower_o <= o <= today_o}
    if mark is not None:
        begin_o = mark.day_o + 1
        score = mark.score
    elif values:
        # The score is 0.0 before the first check-in, so the walk may begin there.
        begin_o = min(values)
        score = 0.0
    else:
        series = [0.0] * max(0, today_o - emit_from + 1) if emit_from is not None else []
        return 0.0, series, values, bytearray(), today_o + 1
    if emit_from is not None and mark is None:
        begin_o = min(begin_o, emit_from)
    den, m, gain, full = _params(cadence, target)
    size = today_o - begin_o + 1
    if size <= 0:
        return score, [], values, bytearray(), begin_o
    # Dense arrays indexed by days since the walk's first day: one plain loop over ints is
    # the cheapest way through a long history in CPython.
    delta = [0] * size
    skipped = bytearray(size)
    for o in (d.toordinal() for d in skips):
        if begin_o <= o <= today_o:
            skipped[o - begin_o] = 1
    rolling = 0
    if mark is not None:
        for o, v in mark.pending:
            rolling += v
            if o <= today_o:
                delta[o - begin_o] -= v
    for o, v in values.items():
        i = o - begin_o
        if skipped[i]:
            continue  # a skipped day's value is 0
        delta[i] += v
        if i + den < size:
            delta[i + den] -= v

    if emit_from is None:
        for change, skip in zip(delta, skipped):
            rolling += change
            if not skip:
                c = rolling / full
                score = score * m + (c if c < 1 else 1.0) * gain
        return score, [], values, skipped, begin_o

    series = [0.0] * max(0, min(begin_o, today_o + 1) - emit_from)
    begin = emit_from - begin_o  # index of the first day to report
    for i, (change, skip) in enumerate(zip(delta, skipped)):
        rolling += change
        if not skip:
            c = rolling / full
            score = score * m + (c if c < 1 else 1.0) * gain
        if i >= begin:
            series.append(score)
    return score, series, values, skipped, begin_o


def strength(
    cadence: Cadence,
    target: int,
    counts: Mapping[date, int],
    skips: AbstractSet[date],
    today: date,
    start: date | None = None,
    mark: StrengthMark | None = None,
) -> float:
    """Strength of a quest on `today`, from 0.0 to 1.0 (0.0 before any check-in).

    The score starts on the day of the first check-in; `start` only drops check-ins
    logged before it.  Check-ins after today are ignored.  With `mark`, the walk resumes
    after the mark's day: `counts` and `skips` need to hold only the days after it.
    """
    return _walk(cadence, target, counts, skips, today, start, None, mark)[0]


def strength_mark(
    cadence: Cadence,
    target: int,
    counts: Mapping[date, int],
    skips: AbstractSet[date],
    day: date,
    start: date | None = None,
) -> StrengthMark:
    """The score's state at the end of `day`, for `strength(..., mark=...)` on a later day."""
    score, _, values, skipped, begin_o = _walk(cadence, target, counts, skips, day, start, None)
    den = _params(cadence, max(1, target))[0]
    day_o = day.toordinal()
    pending = tuple(
        (o + den, v) for o, v in sorted(values.items())
        if o > day_o - den and not skipped[o - begin_o]
    )
    return StrengthMark(day_o, score, pending)


def strength_series(
    cadence: Cadence,
    target: int,
    counts: Mapping[date, int],
    skips: AbstractSet[date],
    today: date,
    days: int,
) -> list[float]:
    """Strength on each of the last `days` days, oldest first, ending today."""
    if days <= 0:
        return []
    return _walk(cadence, target, counts, skips, today, None, today.toordinal() - days + 1)[1]
