"""Perfect days: a day on which every quest due was done, the rule behind the perfect-day bonus.

A day is perfect when at least one quest was due on it and each quest due reached its
target that day.  "Due" is `streaks.due_today`: a day-cadence quest on its days, a
weekly or monthly quest until its period's quota is met, never on a skipped or vacation
day nor before the quest started.  Days with nothing due are neither perfect nor
imperfect: they are left out of the book, so a weekend off a weekdays-only plan or a
vacation does not spoil a perfect week.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import AbstractSet, Iterable, Mapping

from netquest.rules.cadence import Cadence
from netquest.rules.streaks import due_today
from netquest.structs import Struct, field

__all__ = [
    "QuestDays", "day_is_perfect", "no_perfect_week", "perfect_candidates", "perfect_days",
    "runs_of",
]


class QuestDays(Struct, frozen=True):
    """One quest as the perfect-day rule sees it: its rhythm, target and done counts."""

    cadence: Cadence
    target: int
    start: date
    counts: Mapping[date, int] = field(default_factory=dict)
    skips: AbstractSet[date] = frozenset()


def day_is_perfect(
    quests: Iterable[QuestDays],
    day: date,
    week_start: int = 0,
    extra: tuple[int, int] | None = None,
) -> bool | None:
    """True when every quest due on `day` is done, False when one is not, None when none is due.

    `extra` is (index of a quest in `quests`, count) counted as if already logged on `day`:
    a check-in about to be made, so the bonus can ask "does this one make the day perfect".
    """
    due_any = False
    for i, quest in enumerate(quests):
        if not due_today(quest.cadence, quest.target, quest.start, quest.counts, quest.skips,
                         day, week_start):
            continue
        due_any = True
        done = quest.counts.get(day, 0) + (extra[1] if extra and extra[0] == i else 0)
        if done < quest.target:
            return False
    return True if due_any else None


def perfect_days(
    quests: Iterable[QuestDays],
    first: date,
    last: date,
    week_start: int = 0,
) -> dict[date, bool]:
    """For each day from `first` to `last` on which some quest was due: was it perfect.

    This is the `perfect` input of `achievements.evaluate`.
    """
    quests = list(quests)
    book: dict[date, bool] = {}
    day = first
    while day <= last:
        verdict = day_is_perfect(quests, day, week_start)
        if verdict is not None:
            book[day] = verdict
        day += timedelta(days=1)
    return book


def perfect_candidates(quests: Iterable[QuestDays], first: date, last: date) -> set[date] | None:
    """The days from `first` to `last` that could be perfect, told from the daily quests
    alone: one that is due (started, not skipped) and not done spoils its day, so every day
    left out is in the book as not perfect.  None when that says nothing: no daily quest
    started by `first` (days before it would be up to the other quests), or one with a
    target below 1.

    A superset of the perfect days: a cheap bound, never a day called perfect.  Each day's
    answer reads that day alone, so the answers for two spans of days add up.
    """
    daily = sorted((q for q in quests if q.cadence.kind == "daily"), key=lambda q: q.start)
    if not daily or daily[0].start > first or any(q.target < 1 for q in daily):
        return None
    earliest = daily[0]
    target = earliest.target
    maybe = {day for day, n in earliest.counts.items() if n >= target and first <= day <= last}
    maybe.update(day for day in earliest.skips if first <= day <= last)
    for quest in daily[1:]:
        if not maybe:
            break
        target, counts, skips, start = quest.target, quest.counts, quest.skips, quest.start
        maybe = {day for day in maybe
                 if day < start or day in skips or counts.get(day, 0) >= target}
    return maybe


def runs_of(days: AbstractSet[date], first: date, last: date) -> tuple[int, int, int]:
    """Of `days` (all from `first` to `last`): the longest run of days in a row, the run
    that begins on `first` and the run that ends on `last` (0 when that day is not in)."""
    longest = run = 0
    previous = None
    head = 0
    for o in sorted(day.toordinal() for day in days):
        run = run + 1 if previous == o - 1 else 1
        longest = max(longest, run)
        if o - run + 1 == first.toordinal():
            head = run
        previous = o
    tail = run if previous == last.toordinal() else 0
    return longest, head, tail


def no_perfect_week(quests: Iterable[QuestDays], first: date, last: date) -> bool:
    """True when the book `perfect_days(quests, first, last)` holds no perfect week (whatever
    day weeks start on) and no perfect month: each of those is seven or more days in a row,
    all due and all perfect, and `perfect_candidates` leaves no seven days in a row.

    False means only that the book must be worked out.
    """
    maybe = perfect_candidates(quests, first, last)
    return maybe is not None and runs_of(maybe, first, last)[0] < 7
