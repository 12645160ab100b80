"""Badges: which milestones a history of check-ins has reached, and on which day."""

from __future__ import annotations

from datetime import date, timedelta
from functools import partial
from typing import AbstractSet, Callable, Iterable, Mapping, NamedTuple, Sequence

from netquest.rules.cadence import days_in_month, week_bounds
from netquest.rules.day_streak import day_streak, day_streak_runs
from netquest.rules.xp import level_for, xp_to_reach
from netquest.structs import Struct

__all__ = [
    "ACHIEVEMENTS",
    "INTRODUCTION_QUESTS",
    "Achievement",
    "AchievementStatus",
    "Fact",
    "ReviewDay",
    "evaluate",
]

def N_(text: str) -> str:
    """Marks text for the message catalogue; it is translated where it is shown (the
    wording), so the rules stay pure."""
    return text


# Quests whose check-ins are introductions the player made for others: the catalogue's
# starter quest "Introduce two people who should meet" keeps this id when it is added.
INTRODUCTION_QUESTS: frozenset[str] = frozenset({"introduce"})


class Achievement(Struct, frozen=True):
    """A milestone: reached when its progress gets to `goal`.

    `unit` names what the progress counts, in the plural ("days", "check-ins"); "level"
    for the level badges.  It makes the "212 of 365 days" of `AchievementStatus.progress_text`.
    """

    id: str
    title: str
    description: str
    goal: int
    unit: str = ""


class Fact(Struct, frozen=True):
    """One check-in as the badges see it (tip numbers as in the catalogue, 1 to 5)."""

    day: date
    tip: int
    quest: str
    count: int
    xp: int
    people: tuple[str, ...] = ()


class ReviewDay(NamedTuple):
    """A weekly review: the week it looks back on (its first day) and the day it was written.

    Any object with `week` and `day` dates will do (the store's review records fit).
    """

    week: date
    day: date


# The singular of each unit, for a goal of one ("0 of 1 week").
_ONE = {
    "check-ins": "check-in", "days": "day", "tips": "tip", "asks": "ask", "coffees": "coffee",
    "sessions": "session", "comments": "comment", "people": "person", "goals": "goal",
    "weeks": "week", "months": "month", "introductions": "introduction",
}


class AchievementStatus(Struct, frozen=True):
    """How far one achievement has come; `unlocked_on` is None while it is locked."""

    achievement: Achievement
    progress: int
    unlocked_on: date | None

    @property
    def progress_text(self) -> str:
        """Where the progress stands against the goal: "212 of 365 days", "level 38 of 50"."""
        a = self.achievement
        if a.unit == "level":
            return f"level {self.progress:,} of {a.goal:,}"
        unit = _ONE.get(a.unit, a.unit) if a.goal == 1 else a.unit
        return f"{self.progress:,} of {a.goal:,} {unit}".rstrip()


_TIP_NAMES = {1: "Join the conversation", 2: "Host or co-host", 3: "Ask for introductions",
              4: "Virtual coffee"}
# Per-tip mastery: (tip, id prefix, a title for each of 50, 250 and 1,000 check-ins).
_MASTERY = (
    (1, "conversation",
     (N_("Familiar face"), N_("Pillar of the group"), N_("Master of the thread"))),
    (2, "host", (N_("Seasoned host"), N_("Headliner"), N_("Master of ceremonies"))),
    (3, "intro", (N_("Path finder"), N_("Web weaver"), N_("Master connector"))),
    (4, "coffee", (N_("Coffee connoisseur"), N_("House blend"), N_("Master barista"))),
)
MASTERY_GOALS = (50, 250, 1000)
# The tip each mastery badge counts, by its id: its description is worded from it.
MASTERY_TIP = {f"{key}_{goal}": tip for tip, key, _titles in _MASTERY for goal in MASTERY_GOALS}


def _mastery() -> tuple[Achievement, ...]:
    return tuple(
        Achievement(f"{key}_{goal}", title,
                    f"Log {goal:,} check-ins under {_TIP_NAMES[tip]}.", goal, "check-ins")
        for tip, key, titles in _MASTERY
        for goal, title in zip(MASTERY_GOALS, titles)
    )


ACHIEVEMENTS: tuple[Achievement, ...] = (
    # The first badges: a taste of every tip.
    Achievement("first_checkin", N_("First step"),
                N_("Log your very first check-in."), 1, "check-ins"),
    Achievement("first_conversation", N_("Into the thread"),
                N_("Check in on joining a conversation."), 1, "check-ins"),
    Achievement("first_host", N_("On the mic"),
                N_("Check in on hosting or co-hosting."), 1, "check-ins"),
    Achievement("first_intro", N_("Door opener"),
                N_("Check in on asking for an introduction."), 1, "check-ins"),
    Achievement("first_coffee", N_("Virtual espresso"),
                N_("Check in on a virtual coffee."), 1, "check-ins"),
    Achievement("first_goal_step", N_("North star"),
                N_("Check in on knowing what you want."), 1, "check-ins"),
    Achievement("all_four_tips_week", N_("Full house"),
                N_("Check in on all four networking tips within one week."), 4, "tips"),
    Achievement("streak_7", N_("Week on fire"), N_("Check in on 7 days in a row."), 7, "days"),
    Achievement("streak_30", N_("Month of momentum"),
                N_("Check in on 30 days in a row."), 30, "days"),
    Achievement("streak_100", N_("Centurion"), N_("Check in on 100 days in a row."), 100, "days"),
    Achievement("intros_10", N_("Well connected"), N_("Ask for 10 introductions."), 10, "asks"),
    Achievement("coffees_10", N_("Coffee regular"), N_("Share 10 virtual coffees."), 10, "coffees"),
    Achievement("hosted_5", N_("Crowd gatherer"), N_("Host or co-host 5 sessions."), 5, "sessions"),
    Achievement("comments_100", N_("Voice of the group"),
                N_("Leave 100 comments or posts in your communities."), 100, "comments"),
    Achievement("people_5", N_("Growing circle"),
                N_("Name 5 different people in your check-ins."), 5, "people"),
    Achievement("level_5", N_("Rising networker"), N_("Reach level 5."), 5, "level"),
    Achievement("level_10", N_("Seasoned networker"), N_("Reach level 10."), 10, "level"),
    # Tiers that last years.
    Achievement("level_25", N_("Trusted networker"), N_("Reach level 25."), 25, "level"),
    Achievement("level_50", N_("Networking veteran"), N_("Reach level 50."), 50, "level"),
    Achievement("level_75", N_("Networking sage"), N_("Reach level 75."), 75, "level"),
    Achievement("level_100", N_("Legend of the network"), N_("Reach level 100."), 100, "level"),
    Achievement("streak_365", N_("Year of fire"),
                N_("Check in on 365 days in a row; freezes and vacation keep the run."),
                365, "days"),
    Achievement("streak_1000", N_("Unbroken"),
                N_("Check in on 1,000 days in a row; freezes and vacation keep the run."), 1000,
                "days"),
    *_mastery(),
    Achievement("people_10", N_("Wide circle"),
                N_("Name 10 different people in your check-ins."), 10, "people"),
    Achievement("people_50", N_("Known in the field"),
                N_("Name 50 different people in your check-ins."), 50, "people"),
    Achievement("introductions_made_10", N_("Matchmaker"),
                N_("Introduce two people who should meet, 10 times."), 10, "introductions"),
    Achievement("goal_achieved", N_("Mission accomplished"),
                N_("Close a goal as achieved."), 1, "goals"),
    Achievement("reviews_52", N_("Year in review"),
                N_("Write a weekly review in 52 different weeks."), 52, "weeks"),
    Achievement("perfect_week", N_("Flawless week"),
                N_("Finish every quest due, every day of one whole week."), 1, "weeks"),
    Achievement("perfect_month", N_("Flawless month"),
                N_("Finish every quest due, every day of one calendar month."), 1, "months"),
)


class _History:
    """Running totals while the facts are replayed day by day."""

    def __init__(self, week_start: int, introduction_quests: AbstractSet[str]) -> None:
        self.week_start = week_start
        self.introduction_quests = introduction_quests
        self.tip_counts = {tip: 0 for tip in range(1, 6)}
        self.people: set[str] = set()
        self.xp = 0
        self.level = 1
        self.level_xp = (0, xp_to_reach(2))  # the XP span of the level held
        self.run = 0  # the headline day streak, set from rules.streaks while replaying
        self.week: date | None = None
        self.week_tips: set[int] = set()
        self.introductions = 0
        self.goals = 0
        self.review_weeks: set[date] = set()
        self.perfect_weeks = 0
        self.perfect_months = 0

    def week_of(self, day: date) -> date:
        return week_bounds(day, self.week_start)[0]

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
            if fact.quest in self.introduction_quests:
                self.introductions += fact.count
        low, high = self.level_xp
        if not low <= max(0, self.xp) < high:  # search the curve only when the level changes
            self.level = level_for(self.xp).level
            self.level_xp = (xp_to_reach(self.level), xp_to_reach(self.level + 1))


def _total(tip: int, h: _History) -> int:
    return h.tip_counts.get(tip, 0)


# One function per tip, so the badges counting the same tip share it (see `evaluate`).
_TIP_TOTALS = {tip: partial(_total, tip) for tip in range(1, 6)}


def _tip_total(tip: int) -> Callable[[_History], int]:
    return _TIP_TOTALS[tip]


def _level(h: _History) -> int:
    return h.level


def _run(h: _History) -> int:
    return h.run


def _people(h: _History) -> int:
    return len(h.people)


# Progress while replaying: the value checked against the goal after each day.
_PROGRESS: dict[str, Callable[[_History], int]] = {
    "first_checkin": lambda h: sum(h.tip_counts.values()),
    "first_conversation": _tip_total(1),
    "first_host": _tip_total(2),
    "first_intro": _tip_total(3),
    "first_coffee": _tip_total(4),
    "first_goal_step": _tip_total(5),
    "all_four_tips_week": lambda h: len(h.week_tips),
    "streak_7": _run,
    "streak_30": _run,
    "streak_100": _run,
    "intros_10": _tip_total(3),
    "coffees_10": _tip_total(4),
    "hosted_5": _tip_total(2),
    "comments_100": _tip_total(1),
    "people_5": _people,
    "level_5": _level,
    "level_10": _level,
    "level_25": _level,
    "level_50": _level,
    "level_75": _level,
    "level_100": _level,
    "streak_365": _run,
    "streak_1000": _run,
    **{f"{key}_{goal}": _tip_total(tip) for tip, key, _ in _MASTERY for goal in MASTERY_GOALS},
    "people_10": _people,
    "people_50": _people,
    "introductions_made_10": lambda h: h.introductions,
    "goal_achieved": lambda h: h.goals,
    "reviews_52": lambda h: len(h.review_weeks),
    "perfect_week": lambda h: h.perfect_weeks,
    "perfect_month": lambda h: h.perfect_months,
}


def _month_end(day: date) -> date:
    return day.replace(day=days_in_month(day.year, day.month))


def _perfect_period_ends(
    perfect: Mapping[date, bool], today: date, first_of: Callable[[date], date],
    last_of: Callable[[date], date],
) -> set[date]:
    """The last day of every period over by today whose due days were all perfect.

    A period that began before the first day of the book (the history) is not a whole one:
    three perfect days at the end of the first week do not make a perfect week.
    """
    began = min(perfect, default=None)
    verdicts: dict[date, bool] = {}
    for day, done in perfect.items():
        if day <= today and first_of(day) >= began:
            first = first_of(day)
            verdicts[first] = verdicts.get(first, True) and bool(done)
    ends = (last_of(first) for first, all_done in verdicts.items() if all_done)
    return {end for end in ends if end <= today}


def evaluate(
    facts: Sequence[Fact],
    today: date,
    week_start: int = 0,
    vacation: AbstractSet[date] = frozenset(),
    *,
    perfect: Mapping[date, bool] | None = None,
    goals_achieved: Iterable[date] = (),
    reviews: Iterable[ReviewDay] = (),
    introduction_quests: AbstractSet[str] = INTRODUCTION_QUESTS,
) -> list[AchievementStatus]:
    """Replay the history day by day and report every achievement, in catalogue order.

    Facts after today and facts with a count below 1 are ignored.  Streak badges follow
    the headline day streak: days with a check-in in a row, vacation days passed over,
    and a missed day covered by a streak freeze.  Progress of an unlocked achievement is
    its goal; of a locked one, where it stands today (the running streak, the tips of this
    week, ...).

    The inputs beyond the check-ins, each optional (without it its badges stay locked):

    - `perfect`: for each day on which a quest was due, whether every quest due was done
      (`rules.perfect.perfect_days`, the perfect-day bonus's rule).  A perfect week is a
      week (by `week_start`) that is over by today, had a quest due on at least one day
      and was perfect on every such day; a perfect month the same for a calendar month.
      Both unlock on the period's last day.
    - `goals_achieved`: the day each goal was closed as achieved.
    - `reviews`: the weekly reviews written; each week counts once, on the day its first
      review was written.
    - `introduction_quests`: the ids of quests whose check-ins are introductions made for
      others (by default the catalogue's "introduce" starter quest); units are counted.
    """
    by_day: dict[date, list[Fact]] = {}
    for fact in facts:
        if fact.day <= today and fact.count >= 1:
            by_day.setdefault(fact.day, []).append(fact)
    history = _History(week_start, introduction_quests)

    goal_days: dict[date, int] = {}
    for day in goals_achieved:
        if day <= today:
            goal_days[day] = goal_days.get(day, 0) + 1
    review_first: dict[date, date] = {}  # week -> the day its first review was written
    for review in reviews:
        if review.day <= today:
            week = history.week_of(review.week)
            review_first[week] = min(review.day, review_first.get(week, review.day))
    review_days: dict[date, list[date]] = {}
    for week, day in review_first.items():
        review_days.setdefault(day, []).append(week)
    perfect = perfect or {}
    week_ends = _perfect_period_ends(perfect, today, history.week_of,
                                     lambda first: first + timedelta(days=6))
    month_ends = _perfect_period_ends(perfect, today, lambda day: day.replace(day=1), _month_end)

    # Streak badges follow the headline flame exactly, streak freezes included.
    runs = day_streak_runs(set(by_day), vacation, today)
    unlocked: dict[str, date] = {}
    # Badges that measure the same thing share one progress function: measure once a day
    # and unlock the waiting goals it has reached, lowest first.
    waiting: dict[Callable[[_History], int], list[Achievement]] = {}
    for achievement in sorted(ACHIEVEMENTS, key=lambda a: a.goal, reverse=True):
        waiting.setdefault(_PROGRESS[achievement.id], []).append(achievement)
    events = set(by_day) | set(goal_days) | set(review_days) | week_ends | month_ends
    for day in sorted(events):
        if day in by_day:
            history.add_day(day, by_day[day])
            history.run = runs.get(day, history.run)
        history.goals += goal_days.get(day, 0)
        history.review_weeks.update(review_days.get(day, ()))
        history.perfect_weeks += day in week_ends
        history.perfect_months += day in month_ends
        for measure, goals in waiting.items():
            if goals:
                value = measure(history)
                while goals and value >= goals[-1].goal:
                    unlocked[goals.pop().id] = day

    # Progress of locked ones as of today: a broken run or a past week no longer counts.
    history.run = day_streak(set(by_day), vacation, today).current
    if history.week != history.week_of(today):
        history.week_tips = set()
    result = []
    for achievement in ACHIEVEMENTS:
        when = unlocked.get(achievement.id)
        progress = (achievement.goal if when
                    else min(achievement.goal, _PROGRESS[achievement.id](history)))
        result.append(AchievementStatus(achievement, progress, when))
    return result
