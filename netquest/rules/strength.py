"""Habit strength: Loop Habit Tracker's score, an exponential average of recent effort."""

from __future__ import annotations

from datetime import date
from math import sqrt
from typing import AbstractSet, Mapping

from netquest.rules.cadence import Cadence

__all__ = ["strength", "strength_series"]

_HORIZON = 50  # half-lives after which an old day no longer moves the score


def _walk(
    cadence: Cadence,
    target: int,
    counts: Mapping[date, int],
    skips: AbstractSet[date],
    today: date,
    lower: date | None,
    emit_from: int | None,
) -> tuple[float, list[float]]:
    """The score on `today`, and the daily scores from ordinal `emit_from` to today."""
    target = max(1, target)
    today_o = today.toordinal()
    # Each day contributes min(count, target) / target; the numerators stay integers so
    # that the rolling sum is exact however long the history is.
    lower_o = lower.toordinal() if lower is not None else -1
    values = {o: c for o, c in ((d.toordinal(), c) for d, c in counts.items() if c > 0) if lower_o <= o <= today_o}
    if not values:
        series = [0.0] * max(0, today_o - emit_from + 1) if emit_from is not None else []
        return 0.0, series

    num, den = cadence.frequency
    freq = num / den
    if freq < 1:
        # Loop doubles both sides for non-daily habits so that doing the habit on a
        # different weekday from one week to the next is not punished.
        num, den = num * 2, den * 2
    m = 0.5 ** (sqrt(freq) / 13)
    gain = 1 - m
    full = num * target  # rolling sum (in target units) that makes a day complete

    # Dense arrays indexed by days since the first check-in: one plain loop over ints is
    # the cheapest way through a long history in CPython.
    first_o = min(values)
    # A day's weight in today's score is m ** age; past _HORIZON half-lives it is below
    # 1e-15, so the walk may begin there (with the rolling sum primed) and still match
    # the full recurrence to far better than the 1e-6 Loop's tests use.
    begin_o = today_o - int(_HORIZON * 13 / sqrt(freq)) - 1
    if emit_from is not None:
        begin_o = min(begin_o, emit_from)
    if begin_o <= first_o:
        begin_o = first_o
    size = today_o - begin_o + 1
    delta = [0] * size
    skipped = bytearray(size)
    for o in (d.toordinal() for d in skips):
        if begin_o <= o <= today_o:
            skipped[o - begin_o] = 1
    skip_before = {d.toordinal() for d in skips} if begin_o > first_o else set()
    rolling = 0
    for o, v in values.items():
        if v > target:
            v = target
        i = o - begin_o
        if i < 0:
            # Before the walk begins: only the window that reaches into it still counts.
            if i + den > 0 and o not in skip_before:
                rolling += v
                delta[i + den] -= v
            continue
        if skipped[i]:
            continue  # a skipped day's value is 0
        delta[i] += v
        if i + den < size:
            delta[i + den] -= v

    score = 0.0
    if emit_from is None:
        for change, skip in zip(delta, skipped):
            rolling += change
            if not skip:
                c = rolling / full
                score = score * m + (c if c < 1 else 1.0) * gain
        return score, []

    series = [0.0] * max(0, min(first_o, today_o + 1) - emit_from)
    begin = emit_from - begin_o  # index of the first day to report
    for i, (change, skip) in enumerate(zip(delta, skipped)):
        rolling += change
        if not skip:
            c = rolling / full
            score = score * m + (c if c < 1 else 1.0) * gain
        if i >= begin:
            series.append(score)
    return score, series


def strength(
    cadence: Cadence,
    target: int,
    counts: Mapping[date, int],
    skips: AbstractSet[date],
    today: date,
    start: date | None = None,
) -> float:
    """Strength of a quest on `today`, from 0.0 to 1.0 (0.0 before any check-in).

    The score starts on the day of the first check-in; `start` only drops check-ins
    logged before it.  Check-ins after today are ignored.
    """
    return _walk(cadence, target, counts, skips, today, start, None)[0]


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
