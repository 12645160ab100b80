"""The state of play: what the rules say about quests, XP and badges on one session's history.

Functions, not a service: the quest, log and data services all call them on the session
they run in (a check-in earns XP, an undo re-syncs badges, a demo fills and syncs).
"""

from __future__ import annotations

from datetime import date

from netquest.rules import achievements as ach
from netquest.rules.streaks import due_today, quest_streak
from netquest.rules.strength import strength, strength_series
from netquest.rules.xp import PERFECT_DAY_BONUS, checkin_xp
from netquest.services.history import History
from netquest.services.model import LogEntry, Quest, QuestDetail, QuestState
from netquest.services.session import Session
from netquest.services.views import PeriodTotals

ALL_ACHIEVEMENT_IDS = frozenset(a.id for a in ach.ACHIEVEMENTS)


def quests_of(s: Session, include_archived: bool = False) -> list[Quest]:
    """The quests in tip and id order (the active ones unless `include_archived`)."""
    out = []
    for doc in s.tx.quests():
        quest = Quest.from_doc(doc)
        if include_archived or not quest.archived:
            out.append(quest)
    return sorted(out, key=lambda q: (q.tip, q.id))


def quest_state(quest: Quest, hist: History, day: date, week_start: int) -> QuestState:
    """One quest on `day`: due, done, streak, strength and what the next check-in earns."""
    counts = hist.counts.get(quest.id, {})
    skips = hist.skips_for(quest.id)
    streak = quest_streak(quest.cadence, quest.target, quest.start, counts, skips, day, week_start)
    done = counts.get(day, 0)
    due = due_today(quest.cadence, quest.target, quest.start, counts, skips, day, week_start)
    units = max(0, min(1, quest.target - done))
    base, bonus = checkin_xp(quest.xp, units, streak.current)
    return QuestState(
        quest=quest,
        due=due,
        done=done,
        streak=streak,
        strength=strength(quest.cadence, quest.target, counts, skips, day, quest.start),
        next_xp=base + bonus,
        skipped=day in skips,
    )


def period_totals(s: Session, day: date, period: str) -> PeriodTotals:
    """Check-ins, XP and counts per tip from the start of the week or month to `day`."""
    first = day.replace(day=1) if period == "month" else s.week_of(day)[0]
    low, high = first.isoformat(), day.isoformat()
    tip_of = {doc["id"]: int(doc["tip"]) for doc in s.tx.quests()}
    checkins = xp = 0
    tips: dict[int, int] = {}
    for quest, entries in s.tx.tallies():
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


def achievements(s: Session, hist: History) -> list[ach.AchievementStatus]:
    """Every badge with its unlock day or progress, by the history `hist`, as of today."""
    tips = {doc["id"]: int(doc["tip"]) for doc in s.tx.quests()}
    facts = [
        ach.Fact(
            date.fromisoformat(r.day), tips.get(r.quest, 0), r.quest, r.count, r.xp, tuple(r.people)
        )
        for r in hist.records
    ]
    return ach.evaluate(facts, s.today, s.week_start, frozenset(hist.vacation))


def sync_achievements(s: Session) -> list[ach.Achievement]:
    """Store newly unlocked badges and drop ones the history (as it is now) no longer supports."""
    statuses = achievements(s, s.reread_history())
    stored = {doc["id"] for doc in s.tx.all("achievements")}
    new = []
    for status in statuses:
        aid = status.achievement.id
        if status.unlocked_on and aid not in stored:
            s.tx.put("achievements", {"id": aid, "day": status.unlocked_on.isoformat()})
            new.append(status.achievement)
        elif not status.unlocked_on and aid in stored:
            s.tx.delete("achievements", aid)
    return new


def _perfect(s: Session, hist: History, day: date, extra: tuple[str, int] | None) -> bool:
    """Every quest due on `day` is done, counting `extra` (quest id, count) as added."""
    due_any = False
    for quest in quests_of(s):
        if day < quest.start:
            continue
        counts = hist.counts.get(quest.id, {})
        skips = hist.skips_for(quest.id)
        if not due_today(
            quest.cadence, quest.target, quest.start, counts, skips, day, s.week_start
        ):
            continue
        due_any = True
        done = counts.get(day, 0) + (extra[1] if extra and extra[0] == quest.id else 0)
        if done < quest.target:
            return False
    return due_any


def earned(s: Session, hist: History, quest: Quest, day: date, count: int) -> tuple[int, int, int]:
    """(base, streak bonus, perfect-day bonus) of checking in `count` on `day` on top of `hist`."""
    counts = hist.counts.get(quest.id, {})
    skips = hist.skips_for(quest.id)
    before = quest_streak(
        quest.cadence, quest.target, quest.start, counts, skips, day, s.week_start
    )
    units = max(0, min(count, quest.target - counts.get(day, 0)))
    base, streak_bonus = checkin_xp(quest.xp, units, before.current)
    perfect_bonus = 0
    if units and not _perfect(s, hist, day, None) and _perfect(s, hist, day, (quest.id, count)):
        perfect_bonus = PERFECT_DAY_BONUS
    return base, streak_bonus, perfect_bonus


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
