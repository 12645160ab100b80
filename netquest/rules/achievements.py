"""Badges: which milestones a history of check-ins has reached, and on which day."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import AbstractSet, Callable, Sequence

from netquest.rules.streaks import day_streak, day_streak_runs
from netquest.rules.xp import level_for

__all__ = ["ACHIEVEMENTS", "Achievement", "AchievementStatus", "Fact", "evaluate"]


@dataclass(frozen=True)
class Achievement:
    """A milestone: reached when its progress gets to `goal`."""

    id: str
    title: str
    description: str
    goal: int


@dataclass(frozen=True)
class Fact:
    """One check-in as the badges see it (tip numbers as in the catalogue, 1 to 5)."""

    day: date
    tip: int
    quest: str
    count: int
    xp: int
    people: tuple[str, ...] = ()


@dataclass(frozen=True)
class AchievementStatus:
    """How far one achievement has come; `unlocked_on` is None while it is locked."""

    achievement: Achievement
    progress: int
    unlocked_on: date | None


ACHIEVEMENTS: tuple[Achievement, ...] = (
    Achievement("first_checkin", "First step", "Log your very first check-in.", 1),
    Achievement("first_conversation", "Into the thread", "Check in on joining a conversation.", 1),
    Achievement("first_host", "On the mic", "Check in on hosting or co-hosting.", 1),
    Achievement("first_intro", "Door opener", "Check in on asking for an introduction.", 1),
    Achievement("first_coffee", "Virtual espresso", "Check in on a virtual coffee.", 1),
    Achievement("first_goal_step", "North star", "Check in on knowing what you want.", 1),
    Achievement(
        "all_four_tips_week", "Full house", "Check in on all four networking tips within one week.", 4
    ),
    Achievement("streak_7", "Week on fire", "Check in on 7 days in a row.", 7),
    Achievement("streak_30", "Month of momentum", "Check in on 30 days in a row.", 30),
    Achievement("streak_100", "Centurion", "Check in on 100 days in a row.", 100),
    Achievement("intros_10", "Well connected", "Ask for 10 introductions.", 10),
    Achievement("coffees_10", "Coffee regular", "Share 10 virtual coffees.", 10),
    Achievement("hosted_5", "Crowd gatherer", "Host or co-host 5 sessions.", 5),
    Achievement("comments_100", "Voice of the group", "Leave 100 comments or posts in your communities.", 100),
    Achievement("people_5", "Growing circle", "Name 5 different people in your check-ins.", 5),
    Achievement("level_5", "Rising networker", "Reach level 5.", 5),
    Achievement("level_10", "Seasoned networker", "Reach level 10.", 10),
)


class _History:
    """Running totals while the facts are replayed day by day."""

    def __init__(self, week_start: int) -> None:
        self.week_start = week_start
        self.tip_counts = {tip: 0 for tip in range(1, 6)}
        self.people: set[str] = set()
        self.xp = 0
        self.run = 0  # the headline day streak, set from rules.streaks while replaying
        self.week: date | None = None
        self.week_tips: set[int] = set()

    def week_of(self, day: date) -> date:
        return day - timedelta(days=(day.weekday() - self.week_start) % 7)

    def add_day(self, day: date, facts: list[Fact]) -> None:
        week = self.week_of(day)
        if week != self.week:
            self.week, self.week_tips = week, set()
        for fact in facts:
            self.tip_counts[fact.tip] = self.tip_counts.get(fact.tip, 0) + fact.count
            if 1 <= fact.tip <= 4:
                self.week_tips.add(fact.tip)
            self.people.update(name.strip().casefold() for name in fact.people if name.strip())
            self.xp += fact.xp


def _tip_total(tip: int) -> Callable[[_History], int]:
    return lambda h: h.tip_counts.get(tip, 0)


# Progress while replaying: the value checked against the goal after each day.
_PROGRESS: dict[str, Callable[[_History], int]] = {
    "first_checkin": lambda h: sum(h.tip_counts.values()),
    "first_conversation": _tip_total(1),
    "first_host": _tip_total(2),
    "first_intro": _tip_total(3),
    "first_coffee": _tip_total(4),
    "first_goal_step": _tip_total(5),
    "all_four_tips_week": lambda h: len(h.week_tips),
    "streak_7": lambda h: h.run,
    "streak_30": lambda h: h.run,
    "streak_100": lambda h: h.run,
    "intros_10": _tip_total(3),
    "coffees_10": _tip_total(4),
    "hosted_5": _tip_total(2),
    "comments_100": _tip_total(1),
    "people_5": lambda h: len(h.people),
    "level_5": lambda h: level_for(h.xp).level,
    "level_10": lambda h: level_for(h.xp).level,
}


def evaluate(
    facts: Sequence[Fact],
    today: date,
    week_start: int = 0,
    vacation: AbstractSet[date] = frozenset(),
) -> list[AchievementStatus]:
    """Replay the facts day by day and report every achievement, in catalogue order.

    Facts after today and facts with a count below 1 are ignored.  Streak badges follow
    the headline day streak: days with a check-in in a row, vacation days passed over,
    and a missed day covered by a streak freeze.  Progress of
    an unlocked achievement is its goal; of a locked one, where it stands today (the
    running streak, the tips of this week, ...).
    """
    by_day: dict[date, list[Fact]] = {}
    for fact in facts:
        if fact.day <= today and fact.count >= 1:
            by_day.setdefault(fact.day, []).append(fact)
    history = _History(week_start)
    # Streak badges follow the headline flame exactly, streak freezes included.
    runs = day_streak_runs(set(by_day), vacation, today)
    unlocked: dict[str, date] = {}
    for day in sorted(by_day):
        history.add_day(day, by_day[day])
        history.run = runs.get(day, history.run)
        for achievement in ACHIEVEMENTS:
            if achievement.id not in unlocked and _PROGRESS[achievement.id](history) >= achievement.goal:
                unlocked[achievement.id] = day

    # Progress of locked ones as of today: a broken run or a past week no longer counts.
    history.run = day_streak(set(by_day), vacation, today).current
    if history.week != history.week_of(today):
        history.week_tips = set()
    result = []
    for achievement in ACHIEVEMENTS:
        when = unlocked.get(achievement.id)
        progress = achievement.goal if when else min(achievement.goal, _PROGRESS[achievement.id](history))
        result.append(AchievementStatus(achievement, progress, when))
    return result
