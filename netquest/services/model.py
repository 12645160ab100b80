"""The values the services hand to the command line and the screens."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from netquest import catalog
from netquest.rules.achievements import Achievement, AchievementStatus
from netquest.rules.cadence import Cadence, parse_cadence
from netquest.rules.challenge import Challenge
from netquest.rules.day_streak import DayStreak
from netquest.rules.people import default_moves_to
from netquest.rules.streaks import PeriodProgress, Streak
from netquest.rules.xp import LevelInfo
from netquest.services.views import GoalView, PeriodTotals
from netquest.store import schema
from netquest.structs import Struct, field

if TYPE_CHECKING:
    from netquest.services.people import PersonView


class Quest(Struct, frozen=True):
    """A recurring action under a tip."""

    id: str
    title: str
    tip: int
    cadence: Cadence
    target: int
    xp: int
    start: date
    archived: bool = False
    goal: str | None = None
    # The stage a check-in moves the people it names to (at least; None: nobody moves).
    moves_to: str | None = None
    note: str = ""
    unit: str = ""
    # Its own reminder (`quest add/edit --remind`, or from Loop): {"time": "HH:MM", "days": [...]}.
    reminder: dict | None = field(default=None, compare=False)
    origin: str = ""  # "loop:<uuid>" for a quest imported from Loop Habit Tracker

    @classmethod
    def from_doc(cls, doc: dict) -> "Quest":
        """The quest of a stored document, which the store has checked against `schema.Quest`.

        The schema decides which fields a quest has and what each may hold; here only
        the defaults of fields an older file may lack are filled in.
        """
        tip = doc["tip"]
        if "moves_to" in doc:
            moves_to = doc["moves_to"]
        else:
            # A quest stored before quests said how they move people: a starter quest moves
            # them as the catalogue says, one the user added as its tip says.
            moves_to = catalog.starter_moves_to(doc["id"], tip, default_moves_to(tip))
        return cls(
            id=doc["id"],
            title=doc["title"],
            tip=tip,
            cadence=parse_cadence(doc["cadence"]),
            target=doc.get("target", schema.fields.QUEST_TARGET),
            xp=doc.get("xp", schema.fields.QUEST_XP),
            start=date.fromisoformat(doc["start"]),
            archived=doc.get("archived", False),
            goal=doc.get("goal"),
            moves_to=moves_to,
            note=doc.get("note", ""),
            unit=doc.get("unit", ""),
            reminder=doc.get("reminder"),
            origin=doc.get("origin", ""),
        )

    def to_doc(self) -> dict:
        doc = {
            "id": self.id,
            "title": self.title,
            "tip": self.tip,
            "cadence": str(self.cadence),
            "target": self.target,
            "xp": self.xp,
            "start": self.start.isoformat(),
            "archived": self.archived,
            "moves_to": self.moves_to,
        }
        if self.goal:
            doc["goal"] = self.goal
        for name in ("note", "unit", "reminder", "origin"):
            value = getattr(self, name)
            if value:
                doc[name] = value
        return doc


class QuestState(Struct, frozen=True):
    """One quest as it stands on a day: due, done, streak, strength."""

    quest: Quest
    due: bool
    done: int
    streak: Streak
    strength: float
    next_xp: int
    skipped: bool = False

    @property
    def complete(self) -> bool:
        """The day's target is reached (or, for a period quest, the period is met)."""
        if self.done >= self.quest.target:
            return True
        period = self.streak.period
        return bool(period and not self.quest.cadence.is_day_cadence and period.met)

    @property
    def at_risk(self) -> bool:
        return self.streak.at_risk


class State(Struct, frozen=True):
    """The state of play on a day: what the summary, Today and the banner show."""

    day: date
    today: date
    xp: int
    level: LevelInfo
    day_streak: DayStreak
    quests: list[QuestState]
    achievements: list[AchievementStatus]
    unlocked: dict[str, date]
    goal: GoalView | None = None  # the goal in focus
    checkins_on_day: int = 0
    reach_out: list[PersonView] = field(
        default_factory=list
    )  # people whose keep-in-touch time is up
    period: PeriodTotals | None = None  # totals of this week or month, when asked for
    challenge: Challenge | None = None  # the weekly challenge of the day's week

    @property
    def due(self) -> list[QuestState]:
        return [q for q in self.quests if q.due]

    @property
    def not_due(self) -> list[QuestState]:
        return [q for q in self.quests if not q.due]

    @property
    def due_done(self) -> list[QuestState]:
        return [q for q in self.due if q.complete]

    @property
    def at_risk(self) -> list[QuestState]:
        return [q for q in self.quests if q.at_risk]


class QuestDetail(Struct, frozen=True):
    """One quest's history for the detail screen."""

    quest: Quest
    today: date
    week_start: int
    counts: dict[date, int]
    skips: set[date]
    streak: Streak
    strength: float
    strength_series: list[float]
    weekday_counts: list[int]
    log: list[LogEntry]  # check-ins with a note or people, newest first
    total: int
    xp: int  # what this quest's check-ins earned, bonuses included


class CheckinResult(Struct, frozen=True):
    """What one check-in earned."""

    quest: Quest
    day: date
    count: int
    done: int
    xp: int
    base_xp: int
    streak_bonus: int
    perfect_bonus: int
    streak: Streak
    level_before: LevelInfo
    level_after: LevelInfo
    unlocked: list[Achievement] = field(default_factory=list)
    seq: int = 0
    created_people: list[str] = field(default_factory=list)
    at: str = (
        ""  # when it was made (UTC): with seq, tells it from a later check-in given the same number
    )
    challenge_bonus: int = 0  # the weekly challenge's extra base XP
    # The period the check-in's day counted toward (period cadences): today's, or a past one.
    period: PeriodProgress | None = None
    period_is_open: bool = True

    @property
    def identity(self) -> tuple:
        return (self.seq, self.at, self.quest.id, self.day.isoformat())

    @property
    def leveled_up(self) -> bool:
        return self.level_after.level > self.level_before.level


class UndoResult(Struct, frozen=True):
    """The check-in that was taken back and what it had given."""

    quest_id: str
    quest_title: str
    day: date
    count: int
    xp: int
    level_before: LevelInfo
    level_after: LevelInfo
    relocked: list[Achievement] = field(default_factory=list)
    seq: int = 0
    # People the check-in created who stay because they were changed or named since.
    kept: tuple[str, ...] = ()
    # People the check-in created who went with it.
    removed: tuple[str, ...] = ()


class LogEntry(Struct, frozen=True):
    """One past check-in as the log shows it; `id` is what a user types to name it."""

    id: str
    seq: int
    quest_id: str
    quest_title: str
    day: date
    count: int
    xp: int
    note: str
    people: tuple[str, ...]
    at: str

    @classmethod
    def of(cls, rec, title: str) -> "LogEntry":
        """The entry of a stored check-in (a `store.layout.CheckInRecord`) of the quest titled `title`."""
        return cls(
            id=str(rec.seq),
            seq=rec.seq,
            quest_id=rec.quest,
            quest_title=title,
            day=date.fromisoformat(rec.day),
            count=rec.count,
            xp=rec.xp,
            note=rec.note,
            people=tuple(rec.people),
            at=rec.at,
        )

    @property
    def identity(self) -> tuple:
        """The same for a check-in and what its CheckinResult said (a restore may hand its seq to another)."""
        return (self.seq, self.at, self.quest_id, self.day.isoformat())

    def to_json(self) -> dict:
        return {
            "id": self.id,
            "seq": self.seq,
            "quest": self.quest_id,
            "quest_title": self.quest_title,
            "day": self.day.isoformat(),
            "count": self.count,
            "xp": self.xp,
            "note": self.note,
            "people": list(self.people),
            "at": self.at,
        }


class RedoResult(Struct, frozen=True):
    """A check-in brought back by redo, exactly as it was before its undo or delete."""

    kind: str  # "undo" or "delete": what was taken back
    entry: LogEntry
    level_before: LevelInfo
    level_after: LevelInfo
    unlocked: list[Achievement] = field(default_factory=list)
    restored: tuple[str, ...] = ()  # people the check-in had created, back again
