"""The state of play: what the rules say about quests, XP and the weekly challenge on one
session's history (badges are in `badges.py`).

Functions, not a service: the quest, log and data services all call them on the session
they run in (a check-in earns XP, a past check-in's XP is recomputed when its count changes).
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING, NamedTuple

from netquest.rules.challenge import LOOKBACK_WEEKS, Challenge, challenge_bonus, weekly_challenge
from netquest.rules.perfect import day_is_perfect
from netquest.rules.streaks import (
    PeriodProgress,
    Streak,
    StreakMark,
    day_period,
    due_today,
    quest_streak,
)
from netquest.rules.strength import strength, strength_series
from netquest.rules.xp import PERFECT_DAY_BONUS, checkin_xp
from netquest.services.badges import quest_days
from netquest.services.history import History
from netquest.services.model import LogEntry, Quest, QuestDetail, QuestState
from netquest.services.session import Session
from netquest.services.views import PeriodTotals

if TYPE_CHECKING:
    from netquest.services.checkpoints import Marks


class Earned(NamedTuple):
    """The XP of one check-in, part by part; all but `base` are recorded as its bonus."""

    base: int
    streak_bonus: int
    perfect_bonus: int
    challenge_bonus: int = 0

    @property
    def total(self) -> int:
        return self.base + self.bonus

    @property
    def bonus(self) -> int:
        return self.streak_bonus + self.perfect_bonus + self.challenge_bonus


def quests_of(s: Session, include_archived: bool = False) -> list[Quest]:
    """The quests in tip and id order (the active ones unless `include_archived`)."""
    out = []
    for doc in s.tx.quests():
        quest = Quest.from_doc(doc)
        if include_archived or not quest.archived:
            out.append(quest)
    return sorted(out, key=lambda q: (q.tip, q.id))


def quest_state(
    quest: Quest,
    hist: History,
    day: date,
    week_start: int,
    marks: Marks | None = None,
    challenge: Challenge | None = None,
) -> QuestState:
    """One quest on `day`: due, done, streak, strength and what the next check-in earns
    (the weekly `challenge` of `day`'s week included, when it is given).

    With `marks` (today's checkpoints), the walks start at the quest's checkpoint."""
    counts = hist.counts.get(quest.id, {})
    skips = hist.skips_for(quest.id)
    smark = marks.strength.get(quest.id) if marks else None
    kmark = marks.streak.get(quest.id) if marks else None
    streak = quest_streak(
        quest.cadence, quest.target, quest.start, counts, skips, day, week_start, kmark
    )
    done = counts.get(day, 0)
    due = due_today(quest.cadence, quest.target, quest.start, counts, skips, day, week_start)
    units = max(0, min(1, quest.target - done))
    base, bonus = checkin_xp(quest.xp, units, streak.current)
    return QuestState(
        quest=quest,
        due=due,
        done=done,
        streak=streak,
        strength=strength(quest.cadence, quest.target, counts, skips, day, quest.start, smark),
        next_xp=base + bonus + challenge_bonus(base, quest.tip, day, challenge),
        skipped=day in skips,
    )


def period_totals(s: Session, day: date, period: str) -> PeriodTotals:
    """Check-ins, XP and counts per tip from the start of the week or month to `day`."""
    first = day.replace(day=1) if period == "month" else s.week_of(day)[0]
    low, high = first.isoformat(), day.isoformat()
    tip_of = {doc["id"]: int(doc["tip"]) for doc in s.tx.quests()}
    checkins = xp = 0
    tips: dict[int, int] = {}
    for quest, entries in s.tx.tallies(first.year):
        tip = tip_of.get(quest)
        for entry in entries:
            if low <= entry[1] <= high:
                checkins += 1
                xp += entry[3]
                if tip:
                    tips[tip] = tips.get(tip, 0) + entry[2]
    per_tip = dict(sorted(tips.items()))
    return PeriodTotals(
        name=period, first=first, last=day, checkins=checkins, xp=xp, per_tip=per_tip
    )


def challenge_on(s: Session, hist: History, day: date) -> Challenge | None:
    """The weekly challenge of the week holding `day`; None before a full week of history.

    Only the five weeks the rule reads are folded into per-tip counts; history begins at the
    first quest's start or the first check-in, whichever is earlier.
    """
    week_from, week_to = s.week_of(day)
    low = week_from - timedelta(days=7 * LOOKBACK_WEEKS)
    docs = s.tx.quests()
    tip_of = {doc["id"]: int(doc["tip"]) for doc in docs}
    starts = [date.fromisoformat(doc["start"]) for doc in docs if doc.get("start")]
    if hist.first_day is not None:
        starts.append(hist.first_day)
    counts: dict[int, dict[date, int]] = {}
    for qid, per_day in hist.counts.items():
        tip = tip_of.get(qid)
        if tip is None:
            continue
        days = counts.setdefault(tip, {})
        for d, n in per_day.items():
            if low <= d <= week_to:
                days[d] = days.get(d, 0) + n
    return weekly_challenge(counts, day, s.week_start, min(starts, default=None))


def _perfect(s: Session, hist: History, day: date, extra: tuple[str, int] | None) -> bool:
    """Every quest due on `day` is done, counting `extra` (quest id, count) as added."""
    quests = quests_of(s)
    index = next((i for i, q in enumerate(quests) if extra and q.id == extra[0]), None)
    days = quest_days(quests, hist)
    return bool(day_is_perfect(days, day, s.week_start,
                               (index, extra[1]) if extra and index is not None else None))


def earned(
    s: Session, hist: History, quest: Quest, day: date, count: int, mark: StreakMark | None = None
) -> Earned:
    """What checking in `count` on `day` on top of `hist` earns, part by part (with `mark`,
    the quest's checkpoint, `day` being today, its streak is walked from there)."""
    counts = hist.counts.get(quest.id, {})
    skips = hist.skips_for(quest.id)
    before = quest_streak(
        quest.cadence, quest.target, quest.start, counts, skips, day, s.week_start, mark
    )
    units = max(0, min(count, quest.target - counts.get(day, 0)))
    base, streak_bonus = checkin_xp(quest.xp, units, before.current)
    perfect_bonus = 0
    if units and not _perfect(s, hist, day, None) and _perfect(s, hist, day, (quest.id, count)):
        perfect_bonus = PERFECT_DAY_BONUS
    challenge = challenge_bonus(base, quest.tip, day, challenge_on(s, hist, day))
    return Earned(base, streak_bonus, perfect_bonus, challenge)


def quest_detail(
    quest: Quest, today: date, ws: int, records: list, skips: set[date], days: int
) -> QuestDetail:
    """What the quest detail screen shows, from one quest's check-ins and skips."""
    counts: dict[date, int] = {}
    for rec in records:
        day = date.fromisoformat(rec.day)
        counts[day] = counts.get(day, 0) + rec.count
    weekday = [0] * 7
    for day, n in counts.items():
        weekday[day.weekday()] += n
    log = [LogEntry.of(r, quest.title) for r in reversed(records) if r.note or r.people]
    return QuestDetail(
        quest=quest,
        today=today,
        week_start=ws,
        counts=dict(counts),
        skips=set(skips),
        streak=quest_streak(quest.cadence, quest.target, quest.start, counts, skips, today, ws),
        strength=strength(quest.cadence, quest.target, counts, skips, today, quest.start),
        strength_series=strength_series(quest.cadence, quest.target, counts, skips, today, days),
        weekday_counts=weekday,
        log=log,
        total=sum(counts.values()),
        xp=sum(r.xp for r in records),
    )


def checkin_period(s: Session, quest: Quest, counts: dict, skips: set, day: date,
                   streak: Streak) -> tuple[PeriodProgress | None, bool]:
    """The period a check-in on `day` counted toward, and whether it is today's: a past
    day's own week, month, block or window, not today's."""
    period = streak.period
    if day == s.today or quest.cadence.is_day_cadence:
        return period, True
    past = day_period(quest.cadence, quest.target, quest.start, counts, skips, day, s.week_start)
    if quest.cadence.kind != "rolling" and period is not None and past is not None \
            and past.first <= s.today <= past.last:
        return period, True  # an earlier day of this very period
    return past, False
