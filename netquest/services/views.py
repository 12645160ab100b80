"""The typed values the goal services hand to the command line and the screens.

Built once in the services, read by attribute in the CLI and the TUI alike; each knows
its own JSON (`to_json`), which is the README's JSON contract.  The enums are `StrEnum`s
whose values are the words stored in the data file and printed in JSON, so a view
compares equal to the plain word and prints as it.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import TYPE_CHECKING

from netquest.structs import Struct, field

if TYPE_CHECKING:
    from netquest.services.model import QuestState


class GoalStatus(StrEnum):
    """Where a goal stands: at most one is in focus."""

    FOCUS = "focus"
    WAITING = "waiting"
    ARCHIVED = "archived"


class Outcome(StrEnum):
    """How an archived goal ended."""

    ACHIEVED = "achieved"
    DROPPED = "dropped"
    CHANGED = "changed"


class Pace(StrEnum):
    """A key result against the straight line from the goal's start to its date (worst first)."""

    BEHIND = "behind"
    ON = "on"
    AHEAD = "ahead"
    DONE = "done"


class KeyResultKind(StrEnum):
    """What a key result counts."""

    CHECKINS = "checkins"
    STAGE = "stage"
    MANUAL = "manual"


class Stage(StrEnum):
    """How far someone in the network has come, from wanted to kept in touch with."""

    WANT = "want"
    INTRO_ASKED = "intro_asked"
    INTRODUCED = "introduced"
    MET = "met"
    KEEPING_IN_TOUCH = "keeping_in_touch"


def _iso(day: date | None) -> str | None:
    return None if day is None else str(day)  # a date's str is its ISO form


def _word(value: StrEnum | None) -> str | None:
    return None if value is None else str(value)  # an enum's str is its stored word


class KeyResultProgress(Struct, frozen=True):
    """One key result of a goal with how far it got and its pace today."""

    id: str
    title: str
    kind: KeyResultKind
    done: int | float
    target: int | float
    pace: Pace
    expected: float | None  # where the straight line says it should be by now (None: no date)
    overdue: bool
    quests: list[str] = field(default_factory=list)  # the quests a "checkins" one counts
    stage: Stage | None = None  # the stage a "stage" one counts people at (or beyond)
    introduced: bool = False  # a "stage" one counting only people introduced to you

    @property
    def finished(self) -> bool:
        """Its target is reached (pace "done"): no "expected by now" to show any more."""
        return self.pace == Pace.DONE

    def to_json(self) -> dict:
        data = {"id": self.id, "title": self.title, "kind": _word(self.kind), "done": self.done,
                "target": self.target, "pace": _word(self.pace), "expected": self.expected,
                "overdue": self.overdue}
        if self.kind == KeyResultKind.CHECKINS:
            data["quests"] = list(self.quests)
        if self.kind == KeyResultKind.STAGE:
            data.update(stage=_word(self.stage), introduced=self.introduced)
        return data


class GoalView(Struct, frozen=True):
    """A goal with its key results' progress and pace, and the quests that serve it."""

    id: str
    want: str
    kind: str
    why: str
    ask: str
    contact: dict[str, str]  # way ("email", "profile", "booking") → address or link
    status: GoalStatus
    start: date
    target_date: date | None
    days_left: int | None
    overdue: bool
    key_results: list[KeyResultProgress]
    behind: bool
    quests: list[str]

    @property
    def manual_key_results(self) -> list[KeyResultProgress]:
        return [kr for kr in self.key_results if kr.kind == KeyResultKind.MANUAL]

    @property
    def key_results_behind(self) -> list[KeyResultProgress]:
        return [kr for kr in self.key_results if kr.pace == Pace.BEHIND]

    def to_json(self) -> dict:
        return {
            "id": self.id, "want": self.want, "kind": self.kind, "why": self.why, "ask": self.ask,
            "contact": dict(self.contact), "status": _word(self.status), "start": _iso(self.start),
            "target_date": _iso(self.target_date), "days_left": self.days_left,
            "overdue": self.overdue,
            "key_results": [kr.to_json() for kr in self.key_results], "behind": self.behind,
            "quests": list(self.quests),
        }


class GoalRecord(Struct, frozen=True):
    """A goal in a list or the history: what it was and how it ended."""

    id: str
    want: str
    kind: str
    status: GoalStatus
    start: date | None
    target_date: date | None
    outcome: Outcome | None
    reflection: str
    closed: date | None

    @property
    def archived(self) -> bool:
        return self.status == GoalStatus.ARCHIVED

    def to_json(self) -> dict:
        return {
            "id": self.id, "want": self.want, "kind": self.kind, "status": _word(self.status),
            "start": _iso(self.start), "target_date": _iso(self.target_date),
            "outcome": _word(self.outcome), "reflection": self.reflection,
            "closed": _iso(self.closed),
        }


class Review(Struct, frozen=True):
    """The weekly review of a goal: what moved it, what did not, what to ask for next."""

    week: date  # the first day of the week it reviews
    day: date  # when it was written
    moved: str = ""
    stalled: str = ""
    next_ask: str = ""

    def to_json(self) -> dict:
        return {"week": _iso(self.week), "day": _iso(self.day), "moved": self.moved,
                "stalled": self.stalled, "next_ask": self.next_ask}


class WeekCheckin(Struct, frozen=True):
    """A check-in this week of a quest that serves the goal in focus."""

    day: date
    quest: str
    title: str
    count: int
    note: str
    people: list[str]

    def to_json(self) -> dict:
        return {"day": _iso(self.day), "quest": self.quest, "title": self.title,
                "count": self.count, "note": self.note, "people": list(self.people)}


class GoalFocus(Struct, frozen=True):
    """What the goal-focus screen shows: the focused goal and everything around it."""

    today: date
    week_from: date
    week_to: date
    goal: GoalView | None
    week_checkins: list[WeekCheckin] = field(default_factory=list)
    due_today: list[QuestState] = field(default_factory=list)  # linked quests still due today
    review_due: bool = False
    reviews: list[Review] = field(default_factory=list)  # of the focused goal, newest first
    waiting: list[GoalRecord] = field(default_factory=list)
    archived: list[GoalRecord] = field(default_factory=list)  # newest closed first

    def to_json(self) -> dict:
        return {
            "today": _iso(self.today),
            "goal": self.goal.to_json() if self.goal else None,
            "week": {"from": _iso(self.week_from), "to": _iso(self.week_to)},
            "week_checkins": [c.to_json() for c in self.week_checkins],
            "due_today": [{"id": q.quest.id, "title": q.quest.title, "done": q.done,
                           "target": q.quest.target} for q in self.due_today],
            "review_due": self.review_due,
            "reviews": [r.to_json() for r in self.reviews],
            "waiting": [g.to_json() for g in self.waiting],
            "archived": [g.to_json() for g in self.archived],
        }


class ConversationCard(Struct, frozen=True):
    """A card to glance at before a conversation: what I want, what I ask, what to ask them."""

    person: str
    goal_id: str | None
    want: str
    kind: str
    ask: str
    contact: dict[str, str]
    questions: list[str]
    stage: Stage | None = None  # theirs, when they are someone in the network

    def to_json(self) -> dict:
        return {"person": self.person, "goal": self.goal_id, "want": self.want, "kind": self.kind,
                "ask": self.ask, "contact": self.contact, "questions": self.questions,
                "stage": _word(self.stage)}


class PeriodTotals(Struct, frozen=True):
    """Check-ins, XP and counts per tip from the start of this week or month to the day."""

    name: str  # "week" or "month"
    first: date
    last: date
    checkins: int
    xp: int
    per_tip: dict[int, int]  # tip → check-in count, in tip order

    def to_json(self) -> dict:
        return {"name": self.name, "from": _iso(self.first), "to": _iso(self.last),
                "checkins": self.checkins, "xp": self.xp,
                "per_tip": {str(k): v for k, v in self.per_tip.items()}}
