"""The numbers of the week under review, shown beside the weekly review's questions so that the
player answers from facts: check-ins per tip, how each key result moved, the people met and
the day streak."""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING

from netquest.rules.day_streak import day_streak
from netquest.services.views import KeyResultKind
from netquest.structs import Struct

if TYPE_CHECKING:
    from netquest.services.core import NetQuest


class KeyResultMove(Struct, frozen=True):
    """A key result at the start and at the end of the week.  `before` is known for a count
    of check-ins; a stage or a hand-kept number has no history, only its value now."""

    title: str
    before: float | None
    after: float
    target: float


class WeekNumbers(Struct, frozen=True):
    """The week from `first` to `last` (today, while the week is still running)."""

    first: date
    last: date
    checkins: tuple[tuple[int, int], ...]  # (tip, check-ins) for every tip that had any
    key_results: tuple[KeyResultMove, ...]
    people_met: int  # different people named in the week's check-ins
    day_streak: int  # on the week's last day

    @property
    def total(self) -> int:
        return sum(n for _, n in self.checkins)


def review_numbers(services: NetQuest, last_week: bool = True) -> WeekNumbers | None:
    """The numbers of last week (or this week so far) for the goal in focus; None without one."""
    with services.reading() as s:
        first = s.week_of(s.today)[0]
        if last_week:
            first -= timedelta(days=7)
        last = min(first + timedelta(days=6), s.today)
        # A count of check-ins stops at the day it is asked for: the day before the week, its end.
        before = services.goals.focused_on_in(s, first - timedelta(days=1))
        after = services.goals.focused_on_in(s, last)
        if before is None or after is None:
            return None
        hist = s.history
        tips = {q["id"]: q.get("tip") for q in s.tx.quests()}
        per_tip: dict[int, int] = {}
        people: set[str] = set()
        for r in hist.records:
            if first.isoformat() <= r.day <= last.isoformat():
                tip = tips.get(r.quest)
                if isinstance(tip, int):
                    per_tip[tip] = per_tip.get(tip, 0) + r.count
                people.update(r.people)
        was = {kr.id: kr.done for kr in before.key_results}
        counted = KeyResultKind.CHECKINS  # the only kind with a history to look back on
        moves = tuple(KeyResultMove(kr.title, was.get(kr.id, 0) if kr.kind == counted else None,
                                    kr.done, kr.target)
                      for kr in after.key_results)
        streak = day_streak({d for d in hist.active_days if d <= last}, hist.vacation, last)
    return WeekNumbers(first, last, tuple(sorted(per_tip.items())), moves, len(people),
                       streak.current)
