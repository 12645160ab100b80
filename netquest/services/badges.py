"""Badges on one session's history: the inputs the achievement rules replay, and keeping the
stored unlock days equal to that replay.

A full replay reads every check-in (a third of a second on ten years of play), so a
check-in first asks `could_change`: with cheap totals (tip counts, XP, the day-streak runs,
goals, reviews, perfect periods) it tells whether any badge could unlock or move, and
only then is the history replayed.  Whatever it answers, the stored days are the replay's.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Sequence

from netquest.rules import achievements as ach
from netquest.rules.cadence import week_bounds
from netquest.rules.day_streak import day_streak, day_streak_runs
from netquest.rules.perfect import (
    QuestDays,
    no_perfect_week,
    perfect_candidates,
    perfect_days,
    runs_of,
)
from netquest.rules.xp import level_for
from netquest.services.history import History
from netquest.services.model import Quest
from netquest.services.session import Session

if TYPE_CHECKING:
    from netquest.services.checkpoints import Marks

ALL_ACHIEVEMENT_IDS = frozenset(a.id for a in ach.ACHIEVEMENTS)
_BY_ID = {a.id: a for a in ach.ACHIEVEMENTS}
_LEVELS = {a.id for a in ach.ACHIEVEMENTS if a.unit == "level"}
_STREAKS = {a.id for a in ach.ACHIEVEMENTS if a.id.startswith("streak_")}
_PEOPLE = {"people_5", "people_10", "people_50"}
# Badges counting the units of one tip; "first_checkin" counts every tip.
_TIP_BADGES: dict[str, int] = {
    "first_conversation": 1, "first_host": 2, "first_intro": 3, "first_coffee": 4,
    "first_goal_step": 5, "intros_10": 3, "coffees_10": 4, "hosted_5": 2, "comments_100": 1,
    **{f"{key}_{goal}": tip
       for key, tip in (("conversation", 1), ("host", 2), ("intro", 3), ("coffee", 4))
       for goal in ach.MASTERY_GOALS},
}
# Badges a check-in cannot move, read from goals, reviews and perfect periods.
_OTHER = ("goal_achieved", "reviews_52", "perfect_week", "perfect_month")
# Every badge `could_change` has a bound for; a badge added to the rules without one makes
# every check-in replay (slow, never wrong) until it gets one.
KNOWN = frozenset(
    _TIP_BADGES.keys() | _LEVELS | _STREAKS | _PEOPLE | set(_OTHER)
    | {"first_checkin", "all_four_tips_week", "introductions_made_10"}
)


def quest_days(
    quests: Sequence[Quest], hist: History, extra: tuple[str, date, int] | None = None
) -> list[QuestDays]:
    """The active quests as the perfect-day rule sees them; `extra` (quest id, day, count) is
    a check-in counted as if logged."""
    out = []
    for q in quests:
        if q.archived:
            continue
        counts = hist.counts.get(q.id, {})
        if extra and extra[0] == q.id:
            counts = dict(counts)
            counts[extra[1]] = counts.get(extra[1], 0) + extra[2]
        out.append(QuestDays(q.cadence, q.target, q.start, counts, hist.skips_for(q.id)))
    return out


def perfect_book(
    s: Session, hist: History, quests: Sequence[Quest], extra: tuple[str, date, int] | None = None
) -> dict[date, bool]:
    """Every day since the first quest started on which a quest was due: was it perfect."""
    days = quest_days(quests, hist, extra)
    if not days:
        return {}
    return perfect_days(days, min(q.start for q in days), s.today, s.week_start)


def goals_achieved(s: Session) -> list[date]:
    """The day each goal was closed as achieved."""
    return [
        date.fromisoformat(doc["closed"])
        for doc in s.tx.all("goals")
        if doc.get("outcome") == "achieved" and doc.get("closed")
    ]


def reviews(s: Session) -> list[ach.ReviewDay]:
    """Every weekly review written, on any goal."""
    return [
        ach.ReviewDay(date.fromisoformat(r["week"]), date.fromisoformat(r["day"]))
        for doc in s.tx.all("goals")
        for r in doc.get("reviews") or []
        if r.get("week") and r.get("day")
    ]


def _quests(s: Session) -> list[Quest]:
    return [Quest.from_doc(doc) for doc in s.tx.quests()]


def _non_checkin_badges(
    s: Session, hist: History, quests: Sequence[Quest], extra: tuple[str, date, int],
    marks: Marks | None = None,
):
    """The badges of goals, reviews and perfect periods alone (cheap: no check-in replayed);
    None when `marks` cannot rule out a perfect week or month (the book needs every day)."""
    days = quest_days(quests, hist, extra)
    # When no seven days in a row could be perfect there is no perfect week or month: the
    # book of every day since the first quest started (the slow part) is left unwritten.
    if marks is not None:
        if days and not _no_perfect_week_since(days, marks, s.today):
            return None
        perfect: dict[date, bool] = {}
    elif not days or no_perfect_week(days, min(q.start for q in days), s.today):
        perfect = {}
    else:
        perfect = perfect_days(days, min(q.start for q in days), s.today, s.week_start)
    return ach.evaluate([], s.today, s.week_start, perfect=perfect,
                        goals_achieved=goals_achieved(s), reviews=reviews(s))


def _no_perfect_week_since(days: list[QuestDays], marks: Marks, today: date) -> bool:
    """`no_perfect_week` from the first quest's start to today: the days before the
    checkpoints' split day from their runs, the days from it on from `days`."""
    if marks.perfect_before is None or marks.split > today:
        return False
    maybe = perfect_candidates(days, marks.split, today)
    if maybe is None:
        return False
    longest, head, _ = runs_of(maybe, marks.split, today)
    before, tail = marks.perfect_before
    return max(longest, before, tail + head) < 7


def achievements(s: Session, hist: History) -> list[ach.AchievementStatus]:
    """Every badge with its unlock day or progress, by the history `hist`, as of today."""
    quests = _quests(s)
    tips = {q.id: q.tip for q in quests}
    facts = [
        ach.Fact(
            date.fromisoformat(r.day), tips.get(r.quest, 0), r.quest, r.count, r.xp, tuple(r.people)
        )
        for r in hist.records
    ]
    return ach.evaluate(
        facts, s.today, s.week_start, frozenset(hist.vacation),
        perfect=perfect_book(s, hist, quests),
        goals_achieved=goals_achieved(s),
        reviews=reviews(s),
    )


def sync_achievements(s: Session) -> list[ach.Achievement]:
    """Store the replay's unlock day of every badge it unlocks, and drop the ones it no longer
    supports; returns the badges that were not stored before."""
    statuses = achievements(s, s.reread_history())
    stored = {doc["id"]: doc["day"] for doc in s.tx.all("achievements")}
    new = []
    for status in statuses:
        aid = status.achievement.id
        if status.unlocked_on:
            day = status.unlocked_on.isoformat()
            if stored.get(aid) != day:
                s.tx.put("achievements", {"id": aid, "day": day})
            if aid not in stored:
                new.append(status.achievement)
        elif aid in stored:
            s.tx.delete("achievements", aid)
    return new


def sync_if_locked(s: Session, *ids: str) -> list[ach.Achievement]:
    """Replay and store the badges when one of `ids` is still locked (a goal closed as
    achieved, a review written), so the summary shows them at once."""
    stored = {doc["id"] for doc in s.tx.all("achievements")}
    return sync_achievements(s) if set(ids) - stored else []


def could_change(
    s: Session, hist: History, quest: Quest, day: date, count: int, xp: int,
    people: Sequence[str], stored: dict[str, str], marks: Marks | None = None,
) -> bool | None:
    """Whether checking in `count` (earning `xp`) on `day`, on top of `hist`, could unlock a
    badge or move a stored unlock day; False means the replay would store what is stored.

    Each test is an upper bound of the replay's progress, so it never misses an unlock: the
    totals include the whole history, not what was reached by some day.  With `marks`
    (today's checkpoints, `day` today, `hist` theirs) the years before the checkpoints are
    their totals; None then means they cannot tell, and the whole history must.
    """
    # A badge won after `day` may now be won earlier (no day before `day` changes).
    key = day.isoformat()
    if any(won > key for won in stored.values()):
        return True
    locked = ALL_ACHIEVEMENT_IDS - stored.keys()
    if not locked:
        return False
    if locked - KNOWN:
        return True
    quests = _quests(s)
    tip_of = {q.id: q.tip for q in quests}
    totals = {tip: 0 for tip in range(0, 6)}
    for qid, n in _quest_totals(hist, marks).items():
        tip = tip_of.get(qid, 0)
        totals[tip] = totals.get(tip, 0) + n
    totals[quest.tip] = totals.get(quest.tip, 0) + count
    level = level_for(hist.xp_total + xp + (marks.xp_before if marks else 0)).level
    best_run = 0
    if locked & _STREAKS:
        best_run = _best_run(s, hist, day, marks)
    for aid in locked:
        goal = _BY_ID[aid].goal
        if aid in _TIP_BADGES and totals.get(_TIP_BADGES[aid], 0) >= goal:
            return True
        if aid == "first_checkin" and sum(totals.values()) >= goal:
            return True
        if aid in _LEVELS and level >= goal:
            return True
        if aid in _STREAKS and best_run >= goal:
            return True
        if aid in _PEOPLE and people:
            return True
        if aid == "introductions_made_10" and quest.id in ach.INTRODUCTION_QUESTS:
            return True
    if "all_four_tips_week" in locked and _four_tips_week(hist, tip_of, quest.tip, day, s, marks):
        return True
    if locked.intersection(_OTHER):
        others = _non_checkin_badges(s, hist, quests, (quest.id, day, count), marks)
        if others is None:
            return None
        if any(st.unlocked_on and st.achievement.id in locked for st in others):
            return True
    return False


def _quest_totals(hist: History, marks: Marks | None) -> dict[str, int]:
    """Each quest's count of check-ins: in `hist`, or with `marks` theirs before their split
    day and those in `hist` from it on."""
    if marks is None:
        return {qid: sum(per_day.values()) for qid, per_day in hist.counts.items()}
    totals = dict(marks.counts_before)
    split = marks.split
    for qid, per_day in hist.counts.items():
        totals[qid] = totals.get(qid, 0) + sum(n for d, n in per_day.items() if d >= split)
    return totals


def _best_run(s: Session, hist: History, day: date, marks: Marks | None) -> int:
    """The longest the headline day streak ran, with a check-in on `day`."""
    if marks is not None:
        return day_streak(hist.active_days | {day}, hist.vacation, s.today, mark=marks.day).best
    runs = day_streak_runs(hist.active_days | {day}, hist.vacation, s.today)
    return max(runs.values(), default=0)


def _four_tips_week(
    hist: History, tip_of: dict[str, int], tip: int, day: date, s: Session, marks: Marks | None
) -> bool:
    """Some week of the history (with this check-in) has check-ins under all four tips."""
    if marks is not None and marks.four_tips_before:
        return True
    weeks: dict[date, set[int]] = {week_bounds(day, s.week_start)[0]: {tip}}
    if marks is not None:  # the week of `split` also holds the tips of its days before it
        weeks.setdefault(week_bounds(marks.split, s.week_start)[0], set()).update(
            marks.tips_of_week)
    first_of: dict[date, date] = {}
    for qid, per_day in hist.counts.items():
        t = tip_of.get(qid, 0)
        if not 1 <= t <= 4:
            continue
        for d, n in per_day.items():
            if n >= 1:
                week = first_of.get(d)
                if week is None:
                    week = first_of[d] = week_bounds(d, s.week_start)[0]
                weeks.setdefault(week, set()).add(t)
    return any(len(tips & {1, 2, 3, 4}) == 4 for tips in weeks.values())
