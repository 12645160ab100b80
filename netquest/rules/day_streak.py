"""The headline day streak: consecutive days with any check-in, protected by freezes."""

from __future__ import annotations

from datetime import date
from typing import AbstractSet

from netquest.structs import Struct

__all__ = ["DayMark", "DayStreak", "day_streak", "day_streak_mark", "day_streak_runs"]


class DayStreak(Struct, frozen=True):
    """The headline flame: consecutive days with any check-in, protected by freezes."""

    current: int
    best: int
    freezes: int
    frozen_days: tuple[date, ...]


class DayMark(Struct, frozen=True):
    """The headline streak's state at the end of day `day_o`."""

    day_o: int
    run: int
    best: int
    bank: int
    frozen: tuple[int, ...]


def day_streak(
    active_days: AbstractSet[date],
    vacation: AbstractSet[date],
    today: date,
    freeze_every: int = 7,
    max_freezes: int = 2,
    mark: DayMark | None = None,
) -> DayStreak:
    """Simulate the headline streak day by day from the first active day to today.

    Vacation days are passed over.  A missed day spends a banked freeze (the run lives
    on but does not grow); with none left the run breaks and the bank empties.
    ``frozen_days`` lists the days frozen within the current run.  With `mark` (from
    `day_streak_mark`), the simulation resumes after the mark's day.
    """
    return _day_streak(active_days, vacation, today, freeze_every, max_freezes, None, mark)[0]


def day_streak_mark(
    active_days: AbstractSet[date],
    vacation: AbstractSet[date],
    day: date,
    freeze_every: int = 7,
    max_freezes: int = 2,
) -> DayMark:
    """The headline streak's state at the end of `day` (a day that is over, not an open one)."""
    return _day_streak(active_days, vacation, day, freeze_every, max_freezes, None, None, True)[1]


def day_streak_runs(
    active_days: AbstractSet[date],
    vacation: AbstractSet[date],
    today: date,
    freeze_every: int = 7,
    max_freezes: int = 2,
) -> dict[date, int]:
    """The length the headline streak reached on each active day (freezes included), so
    streak badges unlock on exactly the day the flame showed their number."""
    runs: dict[int, int] = {}
    _day_streak(active_days, vacation, today, freeze_every, max_freezes, runs, None)
    return {date.fromordinal(o): n for o, n in runs.items()}


def _day_streak(
    active_days, vacation, today, freeze_every, max_freezes, runs: dict[int, int] | None,
    mark: DayMark | None, closed: bool = False,
) -> tuple[DayStreak, DayMark]:
    if freeze_every < 1:
        raise ValueError(f"freeze_every must be at least 1, not {freeze_every}")
    if max_freezes < 0:
        raise ValueError(f"max_freezes cannot be negative, not {max_freezes}")
    today_o = today.toordinal()
    low_o = mark.day_o + 1 if mark is not None else 0
    active_o = {o for o in (d.toordinal() for d in active_days) if low_o <= o <= today_o}
    if mark is not None:
        run, best, bank, frozen = mark.run, mark.best, mark.bank, list(mark.frozen)
        first_o = low_o
    elif active_o:
        run = best = bank = 0
        frozen: list[int] = []
        first_o = min(active_o)
    else:
        return DayStreak(0, 0, 0, ()), DayMark(today_o, 0, 0, 0, ())
    vacation_o = {d.toordinal() for d in vacation}
    open_o = today_o if not closed else today_o + 1
    for o in range(first_o, today_o + 1):
        if o in vacation_o:
            continue
        if o in active_o:
            run += 1
            if run > best:
                best = run
            if run % freeze_every == 0 and bank < max_freezes:
                bank += 1
            if runs is not None:
                runs[o] = run
        elif o == open_o:
            continue  # today is still open
        elif run == 0:
            continue  # nothing to break (before the first active day)
        elif bank:
            bank -= 1
            frozen.append(o)
        else:
            run = bank = 0
            frozen = []
    streak = DayStreak(run, best, bank, tuple(date.fromordinal(o) for o in frozen))
    return streak, DayMark(today_o, run, best, bank, tuple(frozen))
