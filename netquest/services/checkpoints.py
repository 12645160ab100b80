"""Checkpoints: the state of play of closed periods, remembered beside the data file.

A summary asks every quest for its strength and streak, and the headline day streak, and
all of them walk the whole history.  The periods that are over do not change unless a
write touches their days, so their state is kept per quest at the end of its last closed
week, block or month (the day streak's at the end of last month), with the XP of the
years before, in a file of derived data beside the data file (`Store.derived_path`).
A summary then reads only the years since the earliest checkpoint and walks the days
after it.  A check-in today does the same: for the badges it could win, the file also keeps, up
to the first checkpoint, each quest's count of check-ins, how many days in a row could
have been perfect and whether a week had check-ins under all four tips (`Marks`).

The file is trusted only when its check (a CRC of its contents) holds and its key matches
what the checkpoints were made from: the format and NetQuest's version, the data file, the
week start, each quest's rhythm and start, the stored bytes of the
years not read, the check-ins and skips on or before the latest checkpoint.  Any write
that touches those days (a past check-in, an undo, a skip, a vacation, a cadence edit,
another week start) changes the key, and the checkpoints are made again from the whole
history.  A damaged, stale or foreign file is ignored the same way.
"""

from __future__ import annotations

import json
import math
import zlib
from datetime import date, timedelta
from typing import TYPE_CHECKING

from netquest import __version__
from netquest.rules.cadence import closed_day
from netquest.rules.challenge import LOOKBACK_WEEKS
from netquest.rules.day_streak import DayMark, day_streak_mark
from netquest.rules.perfect import QuestDays, perfect_candidates, runs_of
from netquest.rules.streaks import StreakMark, streak_mark
from netquest.rules.strength import StrengthMark, strength_mark
from netquest.services.badges import quest_days
from netquest.services.history import History
from netquest.services.model import Quest
from netquest.services.session import Session
from netquest.store.protocols import Store
from netquest.structs import Struct, replace

if TYPE_CHECKING:
    from netquest.services.core import NetQuest

FORMAT = 3  # 3: a check-in wins over its quest's own skip of the day
MEMO = "checkpoints"  # the marks a transaction worked out (Tx.remember)


class Marks(Struct, frozen=True):
    """What the checkpoints stand for: per quest id its strength and streak marks, the day
    streak's mark, the XP of the years not read, and the history since the first of them.

    For a check-in's badges (`badges.could_change`), of the days before `split` (the first
    checkpoint's day, on or after the first day `history` counts): each quest's count of
    check-ins; of the days that could be perfect (`rules.perfect.perfect_candidates`, from
    the first quest's start) the longest run and the run ending the day before `split`
    (None: no bound); whether a week before the week of `split` had check-ins under all
    four tips, and the tips of that week's check-ins before `split`."""

    strength: dict[str, StrengthMark]
    streak: dict[str, StreakMark | None]
    day: DayMark
    xp_before: int
    history: History
    split: date
    counts_before: dict[str, int]
    perfect_before: tuple[int, int] | None
    four_tips_before: bool
    tips_of_week: frozenset[int]


def _plan(quests: list[Quest], today: date, week_start: int) -> tuple[dict[str, date], date, date]:
    """The checkpoint day of each quest (absent: none before its start), the day streak's,
    and the first day the summary must read."""
    days: dict[str, date] = {}
    first = day_mark = closed_day_of_month(today)
    for q in quests:
        day = closed_day(q.cadence, today, q.start, week_start)
        if day >= q.start:
            days[q.id] = day
        first = min(first, day if day >= q.start else q.start)
    return days, day_mark, first


def closed_day_of_month(today: date) -> date:
    return date.fromordinal(today.replace(day=1).toordinal() - 1)


def _key(store: Store, s: Session, quests: list[Quest], days: dict[str, date], day_mark: date,
         year: int, digest: int) -> str:
    """What the checkpoints were made from, as one text: equal texts, equal checkpoints."""
    upto = max([day_mark, *days.values()])
    parts: list = [FORMAT, __version__, str(store.derived_path), s.week_start, year, digest,
                   day_mark.toordinal()]
    for q in quests:
        mark = days.get(q.id)
        parts.append([q.id, str(q.cadence), q.target, q.start.toordinal(),
                      mark.toordinal() if mark else None])
    # The check-ins on or before the last checkpoint in the years read, in stored order
    # (a change to any of them, or one more, changes the text), and the skips up to it.
    last = upto.isoformat()
    parts.append([[q, [e for e in entries if e[1] <= last]] for q, entries in s.tx.tallies(year)])
    parts.append([[d.get("quest"), d["day"]] for d in s.tx.skips() if d["day"] <= last])
    parts.append([[d["id"], d.get("tip")] for d in s.tx.quests()])  # every quest's tip
    text = _dumps(parts)
    return "%08x%d" % (zlib.crc32(text), len(text))


def _dumps(value: object) -> bytes:
    try:
        import orjson
    except ImportError:  # pragma: no cover - orjson is a dependency; json is the fallback
        return json.dumps(value, separators=(",", ":")).encode()
    return orjson.dumps(value)


def marks_for(
    store: Store, s: Session, quests: list[Quest], goal_start: date | None
) -> Marks | None:
    """Checkpoints for today's state of play, from the file or made now; None when the
    summary must read the whole history (an in-memory store, a rolling rhythm, a focused
    goal from before the first checkpoint, a log not as stored)."""
    if store.derived_path is None or any(q.cadence.kind == "rolling" for q in quests):
        return None
    sign = _sign(s, quests, goal_start)
    kept = s.tx.recall(MEMO)
    if kept is not None and kept[0] is s.tx and kept[1] == sign:
        marks, reread = kept[2], kept[3]
        if reread:  # from before a check-in on today: the marks hold, their history is read again
            hist = marks.history
            again = History(s.tx, s.today, since_year=hist.since_year, since=hist.since)
            marks = s.tx.remember(MEMO, (s.tx, sign, replace(marks, history=again), False))[2]
        return marks
    today = s.today
    days, day_mark, split = _plan(quests, today, s.week_start)
    # The weekly challenge reads the weeks before this one: keep them in the history read.
    first = min(split, s.week_of(today)[0] - timedelta(days=7 * LOOKBACK_WEEKS))
    year = first.year
    if goal_start is not None and goal_start.year < year:
        return None
    digest = s.tx.log_digest(year)
    if digest is None:
        return None
    since = first if goal_start is None else min(first, goal_start)
    hist = History(s.tx, today, since_year=year, since=since)
    key = _key(store, s, quests, days, day_mark, year, digest)
    found = _load(store.read_derived(), key, days)
    if found is None:
        found = _make(s, quests, days, day_mark, hist, split)
        store.write_derived(_dump(key, *found))
    marks = Marks(*found[:4], hist, split, *found[4:])
    s.tx.remember(MEMO, (s.tx, sign, marks, False))
    return marks


def _sign(s: Session, quests: list[Quest], goal_start: date | None) -> tuple:
    """What, besides the data, the marks of a transaction are worked out from."""
    return (s.today, s.week_start, goal_start,
            tuple((q.id, str(q.cadence), q.target, q.start, q.tip) for q in quests))


def checked_in_today(root: NetQuest, s: Session, marks: Marks) -> None:
    """After a check-in on today (with the people it names and the badges it won) was
    written in this session: the marks read before it still hold, with their history read
    again (when they are next asked for), so the state of play after it does not work them
    out a second time.

    The check-in changes nothing the checkpoints' key covers: every checkpoint ends a
    period closed before today, the log is keyed up to the latest of them and by the years
    before the first day read, and the skips and quests are not written.  Any other write
    after this ends the memo (`Tx.recall`)."""
    sign = _sign(s, _active(s), root.goals.focus_start_in(s))
    s.tx.remember(MEMO, (s.tx, sign, marks, True))


def _active(s: Session) -> list[Quest]:
    """The active quests in the order of a summary (play.quests_of)."""
    docs = [Quest.from_doc(doc) for doc in s.tx.quests()]
    return sorted((q for q in docs if not q.archived), key=lambda q: (q.tip, q.id))


def _make(s: Session, quests: list[Quest], days: dict[str, date], day_mark: date, hist: History,
          split: date):
    """The checkpoints from the whole history."""
    full = History(s.tx)
    strength: dict[str, StrengthMark] = {}
    streak: dict[str, StreakMark | None] = {}
    for q in quests:
        day = days.get(q.id)
        if day is None:
            continue
        counts = full.counts.get(q.id, {})
        skips = full.skips_for(q.id)
        strength[q.id] = strength_mark(q.cadence, q.target, counts, skips, day, q.start)
        streak[q.id] = streak_mark(q.cadence, q.target, q.start, counts, skips, day, s.week_start)
    day = day_streak_mark(full.active_days, full.vacation, day_mark)
    xp_before = full.xp_total - hist.xp_total
    counts_before = {}
    for qid, per_day in full.counts.items():
        n = sum(count for d, count in per_day.items() if d < split)
        if n:
            counts_before[qid] = n
    return (strength, streak, day, xp_before, counts_before,
            _perfect_before(quest_days(quests, full), split), *_tips_before(s, full, split))


def _tips_before(s: Session, full: History, split: date) -> tuple[bool, frozenset[int]]:
    """Whether a week before the week of `split` had check-ins under all four tips; the tips
    of the check-ins in that week before `split`."""
    tip_of = {doc["id"]: doc.get("tip") for doc in s.tx.quests()}
    week = s.week_of(split)[0]
    weeks: dict[date, set[int]] = {}
    edge: set[int] = set()
    for qid, per_day in full.counts.items():
        tip = tip_of.get(qid, 0)
        if tip not in (1, 2, 3, 4):
            continue
        for d, n in per_day.items():
            if n >= 1 and d < split:
                (edge if d >= week else weeks.setdefault(s.week_of(d)[0], set())).add(tip)
    return any(len(tips) == 4 for tips in weeks.values()), frozenset(edge)


def _perfect_before(book: list[QuestDays], split: date) -> tuple[int, int] | None:
    """Of the days from the first quest's start to the day before `split` that could be
    perfect: the longest run and the run ending the day before `split`."""
    first = min((q.start for q in book), default=split)
    if first >= split:
        return (0, 0)
    last = split - timedelta(days=1)
    maybe = perfect_candidates(book, first, last)
    if maybe is None:
        return None
    longest, _, tail = runs_of(maybe, first, last)
    return longest, tail


def _dump(key: str, strength, streak, day: DayMark, xp_before: int,
          counts_before: dict[str, int], perfect_before: tuple[int, int] | None,
          four_tips_before: bool, tips_of_week: frozenset[int]) -> bytes:
    data = {
        "format": FORMAT,
        "key": key,
        "strength": {q: [m.day_o, m.score, [list(p) for p in m.pending]]
                     for q, m in strength.items()},
        "streak": {q: None if m is None else [m.day_o, m.k, m.best, m.run, m.last, m.gap]
                   for q, m in streak.items()},
        "day": [day.day_o, day.run, day.best, day.bank, list(day.frozen)],
        "xp_before": xp_before,
        "counts_before": counts_before,
        "perfect_before": None if perfect_before is None else list(perfect_before),
        "four_tips_before": four_tips_before,
        "tips_of_week": sorted(tips_of_week),
    }
    data["check"] = _check(data)
    return json.dumps(data, separators=(",", ":")).encode()


def _check(data: dict) -> str:
    """A CRC of everything else the file holds: a value changed under a right key (a bit
    flipped, a hand edit) makes the file count as damaged."""
    return "%08x" % zlib.crc32(json.dumps(data, separators=(",", ":")).encode())


def _load(data: bytes | None, key: str, days: dict[str, date]):
    """The checkpoints in `data` when they were made under `key`, else None."""
    if not data:
        return None
    try:
        raw = json.loads(data)
        if raw.get("format") != FORMAT or raw.get("key") != key:
            return None
        if raw.pop("check", None) != _check(raw):
            return None
        strength = {q: StrengthMark(int(o), float(score), tuple((int(a), int(b)) for a, b in pend))
                    for q, (o, score, pend) in raw["strength"].items()}
        streak = {q: None if m is None else StreakMark(*(None if v is None else int(v) for v in m))
                  for q, m in raw["streak"].items()}
        o, run, best, bank, frozen = raw["day"]
        day = DayMark(int(o), int(run), int(best), int(bank), tuple(int(f) for f in frozen))
        xp_before = int(raw["xp_before"])
        counts_before = {str(q): int(n) for q, n in raw["counts_before"].items()}
        pb = raw["perfect_before"]
        perfect_before = None if pb is None else (int(pb[0]), int(pb[1]))
        four_tips_before = raw["four_tips_before"] is True
        tips_of_week = frozenset(int(t) for t in raw["tips_of_week"])
    except (ValueError, TypeError, KeyError, AttributeError, IndexError, OverflowError,
            RecursionError):  # RecursionError: nested deeper than the JSON reader goes
        return None
    if not all(math.isfinite(m.score) for m in strength.values()):
        return None
    if set(strength) != set(days) or set(streak) != set(days):
        return None
    if any(strength[q].day_o != d.toordinal() for q, d in days.items()):
        return None
    return (strength, streak, day, xp_before, counts_before, perfect_before, four_tips_before,
            tips_of_week)


def for_checkin(root: NetQuest, s: Session, day: date) -> Marks | None:
    """Today's checkpoints for a check-in on `day`, so it reads only the years since them;
    None unless `day` is today and a summary would use them (the same quests, in the same
    order, make the same key)."""
    if day != s.today or not root.quests.use_checkpoints:
        return None
    return marks_for(root.store, s, _active(s), root.goals.focus_start_in(s))
