"""Progress you can see: the numbers behind the stats and achievements screens.

Everything here is read-only and computed with the rules (`due_today`, `quest_streak`,
`strength_series`, `achievements.evaluate`); this module only gathers and shapes.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING, Sequence

from netquest import catalog
from netquest.i18n import _
from netquest.rules.cadence import week_bounds
from netquest.rules.streaks import due_today, quest_streak
from netquest.rules.strength import strength_series
from netquest.services.badges import achievements, could_change, sync_achievements
from netquest.services.play import quests_of
from netquest.structs import Struct
from netquest.wording import (
    achievement_description,
    achievement_progress,
    achievement_title,
    quest_title,
)

if TYPE_CHECKING:
    from netquest.services.core import NetQuest

HEATMAP_DAYS = 366  # enough for a leap year; the screen may show the last 365 only
XP_WEEKS = 12
TREND_WEEKS = 12
TOP_STREAKS = 5
# An "every N days" period may begin up to 365 days before the first heatmap day; skips
# older than that cannot change whether a quest was due on any day of the heatmap.
_SKIP_MARGIN = 366


class HeatDay(Struct, frozen=True):
    """One day of the year heatmap: how many quests were due and how many of those were done.

    ``share`` is done / due from 0.0 to 1.0, and None when nothing was due that day
    (before any quest existed, a vacation day, a weekend for weekday quests).
    """

    day: date
    due: int
    done: int
    share: float | None


class WeekXP(Struct, frozen=True):
    """XP earned in one calendar week (weeks begin on the user's week_start)."""

    first: date
    last: date
    xp: int


class TipBalance(Struct, frozen=True):
    """How much of this month's play went to one tip."""

    tip: int
    title: str
    checkins: int  # check-ins logged (one per command or button press)
    units: int  # the counts they added up to (3 comments = 3)
    share: float  # checkins / all check-ins of the month, 0.0 when there were none


class QuestStreakRecord(Struct, frozen=True):
    """A quest's best and current streak, in the quest's own unit."""

    quest_id: str
    title: str
    tip: int
    best: int
    current: int
    unit: str


class StrengthTrend(Struct, frozen=True):
    """A quest's strength sampled once a week, oldest first; the last point is today."""

    quest_id: str
    title: str
    tip: int
    points: tuple[float, ...]

    @property
    def now(self) -> float:
        return self.points[-1] if self.points else 0.0

    @property
    def change(self) -> float:
        """Strength today minus strength at the first point (positive: getting stronger)."""
        return self.points[-1] - self.points[0] if self.points else 0.0


class StatsView(Struct, frozen=True):
    """Everything the stats screen shows, as of `today`."""

    today: date
    week_start: int  # 0 Monday, 6 Sunday
    heatmap: tuple[HeatDay, ...]  # oldest first, ends today
    xp_weeks: tuple[WeekXP, ...]  # oldest first, the last one holds today
    month_first: date
    tips: tuple[TipBalance, ...]  # tips 1 to 5 in order
    best_streaks: tuple[QuestStreakRecord, ...]  # best first
    trends: tuple[StrengthTrend, ...]  # in quest order (tip, id)
    xp_total: int


class AchievementProgress(Struct, frozen=True):
    """One badge for the achievements screen: unlocked on a day, or how far it has come."""

    id: str
    title: str
    description: str
    goal: int
    progress: int
    unlocked_on: date | None
    progress_text: str = ""  # "212 of 365 days", "level 38 of 50"

    @property
    def unlocked(self) -> bool:
        return self.unlocked_on is not None

    @property
    def text(self) -> str:
        """ "unlocked 2026-03-08" or "212 of 365 days"."""
        if self.unlocked_on is not None:
            return _("unlocked {day}").format(day=self.unlocked_on.isoformat())
        return self.progress_text or f"{self.progress} of {self.goal}"


class StatsServices:
    """Stats and achievement progress: read-only views of the history."""

    def __init__(self, root: NetQuest) -> None:
        self.root = root

    def view(
        self, today: date | None = None, heatmap_days: int = HEATMAP_DAYS, top: int = TOP_STREAKS
    ) -> "StatsView":
        """The year heatmap, XP per week, this month's tip balance, best streaks and strength trends."""
        with self.root.reading() as s:
            today = today or s.today
            ws = s.week_start
            quests = quests_of(s)
            tips_of = {doc["id"]: int(doc["tip"]) for doc in s.tx.quests()}
            hist = s.history
            records = hist.records  # read inside the transaction: History reads them on demand
        return StatsView(
            today=today,
            week_start=ws,
            heatmap=_heatmap(quests, hist, today, heatmap_days, ws),
            xp_weeks=_xp_weeks(records, today, ws),
            month_first=today.replace(day=1),
            tips=_tip_balance(records, tips_of, today),
            best_streaks=_best_streaks(quests, hist, today, ws, top),
            trends=_trends(quests, hist, today),
            xp_total=_xp_until(hist.xp_total, records, today),
        )

    def badges_after(self, result, people: Sequence[str] = ()) -> list:
        """Store the badges a check-in saved with `badges_later` won or moved, in a transaction
        of its own; returns the ones that were not stored before.

        The app saves a check-in first and answers with it at once; the badges follow (the
        check-in's toast names them).  The history read here holds the check-in, so asking
        `could_change` about nothing more on its day asks what the check-in would have."""
        with self.root.writing() as s:
            stored = {doc["id"]: doc["day"] for doc in s.tx.all("achievements")}
            if could_change(s, s.history, result.quest, result.day, 0, 0, people, stored):
                return sync_achievements(s)
        return []

    def achievement_progress(self) -> list[AchievementProgress]:
        """Every badge in catalogue order, with its unlock day or its progress toward the goal.

        A badge once announced stays won (a person deleted later does not take it back);
        only undoing the check-in that earned it does, and undo updates the stored list."""
        with self.root.reading() as s:
            stored = {doc["id"]: date.fromisoformat(doc["day"]) for doc in s.tx.all("achievements")}
            statuses = achievements(s, s.history)
        out = []
        for st in statuses:
            a = st.achievement
            when = st.unlocked_on or stored.get(a.id)
            progress = a.goal if when else st.progress
            text = achievement_progress(a, progress)
            out.append(
                AchievementProgress(a.id, achievement_title(a), achievement_description(a), a.goal,
                                    progress, when, text)
            )
        return out


def _heatmap(quests, hist, today: date, days: int, ws: int) -> tuple[HeatDay, ...]:
    first = today - timedelta(days=days - 1)
    horizon = first - timedelta(days=_SKIP_MARGIN)
    due = [0] * days
    done = [0] * days
    for quest in quests:
        if quest.start > today:
            continue
        counts = hist.counts.get(quest.id, {})
        # Only skips near the heatmap matter to due_today; a small set keeps each call cheap.
        skips = {d for d in hist.skips_for(quest.id) if horizon <= d <= today}
        target = quest.target
        begin = max(0, (quest.start - first).days)
        day = first + timedelta(days=begin)
        one = timedelta(days=1)
        for i in range(begin, days):
            if due_today(quest.cadence, target, quest.start, counts, skips, day, ws):
                due[i] += 1
                if counts.get(day, 0) >= target:
                    done[i] += 1
            day += one
    return tuple(
        HeatDay(first + timedelta(days=i), due[i], done[i], done[i] / due[i] if due[i] else None)
        for i in range(days)
    )


def _xp_until(xp_total: int, records, today: date) -> int:
    if not records or records[-1].day <= today.isoformat():
        return xp_total  # records are sorted by day: nothing lies after today
    high = today.isoformat()
    return sum(r.xp for r in records if r.day <= high)


def _xp_weeks(records, today: date, ws: int) -> tuple[WeekXP, ...]:
    this_week = week_bounds(today, ws)[0]
    firsts = [this_week - timedelta(weeks=k) for k in range(XP_WEEKS - 1, -1, -1)]
    low, high = firsts[0].isoformat(), today.isoformat()
    xp = dict.fromkeys(firsts, 0)
    for rec in records:
        if low <= rec.day <= high:
            xp[week_bounds(date.fromisoformat(rec.day), ws)[0]] += rec.xp
    return tuple(WeekXP(f, f + timedelta(days=6), xp[f]) for f in firsts)


def _tip_balance(records, tips_of: dict[str, int], today: date) -> tuple[TipBalance, ...]:
    low, high = today.replace(day=1).isoformat(), today.isoformat()
    checkins = {t.number: 0 for t in catalog.TIPS}
    units = dict(checkins)
    for rec in records:
        if low <= rec.day <= high:
            tip = tips_of.get(rec.quest)
            if tip in checkins:
                checkins[tip] += 1
                units[tip] += rec.count
    total = sum(checkins.values())
    return tuple(
        TipBalance(
            t.number,
            t.title,
            checkins[t.number],
            units[t.number],
            checkins[t.number] / total if total else 0.0,
        )
        for t in catalog.TIPS
    )


def _best_streaks(quests, hist, today: date, ws: int, top: int) -> tuple[QuestStreakRecord, ...]:
    rows = []
    for q in quests:
        s = quest_streak(
            q.cadence, q.target, q.start, hist.counts.get(q.id, {}), hist.skips_for(q.id), today, ws
        )
        rows.append(QuestStreakRecord(q.id, quest_title(q), q.tip, s.best, s.current, s.unit))
    rows.sort(key=lambda r: (-r.best, -r.current, r.tip, r.quest_id))
    return tuple(rows[:top])


def _trends(quests, hist, today: date) -> tuple[StrengthTrend, ...]:
    days = TREND_WEEKS * 7
    out = []
    for q in quests:
        series = strength_series(
            q.cadence, q.target, hist.counts.get(q.id, {}), hist.skips_for(q.id), today, days
        )
        # Every 7th day counted back from today, so the last point is today's strength.
        points = tuple(series[len(series) - 1 :: -7][::-1])
        out.append(StrengthTrend(q.id, quest_title(q), q.tip, points))
    return tuple(out)
