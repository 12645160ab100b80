"""The use cases of NetQuest, shared by the command line and the screens.

Each public method is one transaction on the store: it reads, decides with the rules,
validates what the user asked for, and writes only when everything is valid.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import replace
from datetime import date, timedelta
from functools import partial
from typing import Sequence

from netquest import catalog
from netquest.clock import Clock, ClockError, validate_timezone
from netquest.rules import achievements as ach
from netquest.rules.cadence import CadenceError, parse_cadence
from netquest.rules.people import default_moves_to, slug
from netquest.rules.streaks import day_streak, due_today, quest_streak
from netquest.rules.strength import strength, strength_series
from netquest.rules.xp import PERFECT_DAY_BONUS, checkin_xp, level_for
from netquest.services import status as status_cache
from netquest.services.errors import ServiceError, UnknownQuest
from netquest.services.goals import GoalServices, check_kind
from netquest.services.log import LogServices
from netquest.services.model import CheckinResult, LogEntry, Quest, QuestDetail, QuestState, State
from netquest.services.people import PeopleServices, clean_stage
from netquest.services.reminders import reminder_field
from netquest.services.views import PeriodTotals

MAX_COUNT = 1000
MAX_NOTE = 2000
MAX_TITLE = 120
MAX_XP = 1000
MAX_TARGET = 1000
SETTING_KEYS = ("day_start_hour", "week_start", "timezone", "theme")
DEFAULT_SETTINGS = {"day_start_hour": 0, "week_start": "mon", "timezone": None, "theme": "netquest-dark"}
ALL_ACHIEVEMENT_IDS = frozenset(a.id for a in ach.ACHIEVEMENTS)


def _slug(text: str) -> str:
    return slug(text) or "quest"


def _new_quest_id(title: str, taken: set[str]) -> str:
    """A quest id for `title` that no quest in `taken` has."""
    base = _slug(title)
    qid, n = base, 2
    while qid in taken:
        qid, n = f"{base}-{n}", n + 1
    return qid


# `add_quest` / `edit_quest` without `moves_to`: by the tip (add), or left as it is (edit).
BY_TIP = object()


def _moves_to(value) -> str | None:
    """A quest's stage move as given: a stage id or title, or None / "none" / "" for no move."""
    if value is None or str(value).strip().lower() in ("", "none", "no", "-"):
        return None
    return clean_stage(value)


class History:
    """Check-ins and skips of one data file, indexed for the rules.

    Built from the store's unsorted tallies (quest, stored entries) so that a summary of
    a long history never builds a record per check-in; `records` are read on demand.
    """

    def __init__(self, tx, on_day: date | None = None) -> None:
        self._tx = tx
        self._records = None
        self.counts: dict[str, dict[date, int]] = {}
        self.xp_total = 0
        self.on_day = 0
        on_day_text = on_day.isoformat() if on_day else None
        active: set[date] = set()
        fromiso = date.fromisoformat
        day_cache: dict[str, date] = {}
        for quest, entries in tx.tallies():
            per_day = self.counts.setdefault(quest, {})
            for entry in entries:
                text = entry[1]
                day = day_cache.get(text)
                if day is None:
                    day = day_cache[text] = fromiso(text)
                    active.add(day)
                per_day[day] = per_day.get(day, 0) + entry[2]
                self.xp_total += entry[3]
                if text == on_day_text:
                    self.on_day += 1
        self.active_days = active
        self.vacation: set[date] = set()
        self.quest_skips: dict[str, set[date]] = defaultdict(set)
        for skip in tx.skips():
            day = fromiso(skip["day"])
            if skip.get("quest"):
                self.quest_skips[skip["quest"]].add(day)
            else:
                self.vacation.add(day)

    @property
    def records(self):
        """Every check-in as a record, sorted by day (read on first use)."""
        if self._records is None:
            self._records = self._tx.checkins()
        return self._records

    def skips_for(self, quest_id: str) -> set[date]:
        own = self.quest_skips.get(quest_id)
        return (own | self.vacation) if own else self.vacation


class NetQuest(LogServices, GoalServices, PeopleServices):
    """The services facade: one instance per data file and clock."""

    def __init__(self, store, clock: Clock | None = None) -> None:
        self.store = store
        self.base_clock = clock or Clock.from_env()
        # Every write, from any use case, renews the status line a prompt reads.
        store.after_write = partial(status_cache.written, self)

    # ----------------------------------------------------------------- clock + settings
    def _settings(self, tx) -> dict:
        merged = dict(DEFAULT_SETTINGS)
        merged.update({k: v for k, v in tx.settings().items() if k in SETTING_KEYS})
        return merged

    def _clock(self, tx) -> Clock:
        s = self._settings(tx)
        try:
            return self.base_clock.with_settings(s["timezone"], int(s["day_start_hour"]), s["week_start"])
        except (ClockError, ValueError, TypeError):
            return self.base_clock

    def clock(self) -> Clock:
        """The clock under the user's saved settings."""
        with self.store.read() as tx:
            return self._clock(tx)

    def today(self) -> date:
        return self.clock().today()

    def settings(self) -> dict:
        with self.store.read() as tx:
            return self._settings(tx)

    def set_setting(self, key: str, value: str) -> object:
        """Validate and save one setting; returns the stored value."""
        parsed = self.validate_setting(key, value)
        with self.store.transaction() as tx:
            tx.set_setting(key, parsed)
        return parsed

    @staticmethod
    def validate_setting(key: str, value) -> object:
        if key not in SETTING_KEYS:
            raise ServiceError(f"unknown setting {key!r} (known: {', '.join(SETTING_KEYS)})")
        text = str(value).strip()
        if key == "day_start_hour":
            if not re.fullmatch(r"\d{1,2}", text) or not 0 <= int(text) <= 23:
                raise ServiceError(f"day_start_hour must be a whole hour from 0 to 23, not {text!r}")
            return int(text)
        if key == "week_start":
            low = text.lower()
            if low not in ("mon", "monday", "sun", "sunday"):
                raise ServiceError(f"week_start must be mon (monday) or sun (sunday), not {text!r}")
            return low[:3]
        if key == "timezone":
            if text.lower() in ("", "system", "auto"):
                return None  # follow the system (TZ) again
            try:
                return validate_timezone(text)
            except ClockError as exc:
                raise ServiceError(str(exc)) from None
        from netquest.themes import (
            theme_names,  # only here: listing theme files costs a summary time
        )

        names = theme_names()
        if text not in names:
            raise ServiceError(f"unknown theme {text!r} (available: {', '.join(names)})")
        return text

    # ----------------------------------------------------------------------- quests
    def _quests(self, tx, include_archived: bool = False) -> list[Quest]:
        out = []
        for doc in tx.quests():
            quest = Quest.from_doc(doc)
            if include_archived or not quest.archived:
                out.append(quest)
        return sorted(out, key=lambda q: (q.tip, q.id))

    def quests(self, include_archived: bool = False) -> list[Quest]:
        with self.store.read() as tx:
            return self._quests(tx, include_archived)

    def _resolve(self, tx, ref: str, include_archived: bool = False) -> Quest:
        ref = (ref or "").strip()
        if not ref:
            raise ServiceError("name a quest by its id or the start of its title")
        quests = self._quests(tx, include_archived=True)
        if not quests:
            raise UnknownQuest("there are no quests yet: run `netquest init --starter` or `netquest quest add`", [])
        pool = quests if include_archived else [q for q in quests if not q.archived]
        for q in pool:
            if q.id == ref:
                return q
        low = ref.lower()
        exact = [q for q in pool if q.id.lower() == low or q.title.lower() == low]
        if len(exact) == 1:
            return exact[0]
        matches = [q for q in pool if q.id.lower().startswith(low) or q.title.lower().startswith(low)]
        if len(matches) == 1:
            return matches[0]
        if not matches:
            archived = [q for q in quests if q.archived and (q.id == ref or q.id.lower().startswith(low))]
            hint = f" ({archived[0].id} is archived: `netquest quest restore {archived[0].id}`)" if archived else ""
            raise UnknownQuest(f"no quest matches {ref!r}{hint}", [f"{q.id}  {q.title}" for q in pool])
        raise UnknownQuest(f"{ref!r} matches {len(matches)} quests; type more of it", [f"{q.id}  {q.title}" for q in matches])

    def quest(self, ref: str, include_archived: bool = True) -> Quest:
        with self.store.read() as tx:
            return self._resolve(tx, ref, include_archived)

    def validate_quest(self, title, tip, cadence, target, xp) -> None:
        """Raise ServiceError naming the first bad field; the editor shows it inline."""
        self._validate_quest_fields(title, tip, cadence, target, xp)

    def _validate_quest_fields(self, title, tip, cadence, target, xp) -> tuple:
        title = (title or "").strip()
        if not title:
            raise ServiceError("a quest needs a title")
        if len(title) > MAX_TITLE:
            raise ServiceError(f"a title may have at most {MAX_TITLE} characters, this one has {len(title)}")
        try:
            tip = int(tip)
        except (TypeError, ValueError):
            raise ServiceError(f"tip must be a number from 1 to 5, not {tip!r}") from None
        if not 1 <= tip <= 5:
            raise ServiceError(f"tip must be a number from 1 to 5, not {tip}")
        try:
            cad = parse_cadence(str(cadence))
        except CadenceError as exc:
            raise ServiceError(str(exc)) from None
        target = self._int_in("target", target, 1, MAX_TARGET)
        xp = self._int_in("xp", xp, 0, MAX_XP)
        return title, tip, cad, target, xp

    @staticmethod
    def _int_in(name: str, value, low: int, high: int) -> int:
        try:
            number = int(value)
        except (TypeError, ValueError):
            raise ServiceError(f"{name} must be a whole number, not {value!r}") from None
        if not low <= number <= high:
            raise ServiceError(f"{name} must be from {low} to {high}, not {number}")
        return number

    def add_quest(self, title: str, tip, cadence: str, target=1, xp=None, id: str | None = None,
                  start: date | None = None, moves_to=BY_TIP, remind: str | None = None) -> Quest:
        """Create a quest; its id is `id` or a slug of the title made unique.

        `moves_to` is the stage a check-in moves the people it names to (None: nobody
        moves); by default the tip says it (3 → intro asked, 4 → met).
        """
        title, tip, cad, target, xp = self._validate_quest_fields(title, tip, cadence, target, 10 if xp is None else xp)
        moves_to = default_moves_to(tip) if moves_to is BY_TIP else _moves_to(moves_to)
        reminder = reminder_field(remind, None)
        with self.store.transaction() as tx:
            if isinstance(start, str):
                start = self._parse_day(tx, None, start)
            taken = {doc["id"] for doc in tx.quests()}
            if id is not None:
                id = id.strip()
                if not re.fullmatch(r"[a-z0-9][a-z0-9_-]{0,31}", id):
                    raise ServiceError(f"a quest id is 1-32 lowercase letters, digits, - or _, not {id!r}")
                if id in taken:
                    raise ServiceError(f"there is already a quest with id {id!r}")
                qid = id
            else:
                base = _slug(title)
                qid, n = base, 2
                while qid in taken:
                    qid, n = f"{base}-{n}", n + 1
            quest = Quest(qid, title, tip, cad, target, xp, start or self._clock(tx).today(), moves_to=moves_to,
                          reminder=reminder)
            tx.put_quest(quest.to_doc())
        return quest

    def edit_quest(self, ref: str, title=None, tip=None, cadence=None, target=None, xp=None,
                   moves_to=BY_TIP, remind: str | None = None) -> Quest:
        """Change a quest; None leaves a field as it is, but `moves_to` None means "moves nobody".

        Without `moves_to`, a quest that moved people as its tip said follows its new tip.
        `remind` is its own reminder time (HH:MM) or "none"; None leaves it as it is.
        """
        new_moves = BY_TIP if moves_to is BY_TIP else _moves_to(moves_to)
        with self.store.transaction() as tx:
            quest = self._resolve(tx, ref, include_archived=True)
            title, tip, cad, target, xp = self._validate_quest_fields(
                quest.title if title is None else title,
                quest.tip if tip is None else tip,
                str(quest.cadence) if cadence is None else cadence,
                quest.target if target is None else target,
                quest.xp if xp is None else xp,
            )
            if new_moves is BY_TIP:
                new_moves = quest.moves_to
                if tip != quest.tip and quest.moves_to == default_moves_to(quest.tip):
                    new_moves = default_moves_to(tip)
            quest = replace(quest, title=title, tip=tip, cadence=cad, target=target, xp=xp, moves_to=new_moves,
                            reminder=quest.reminder if remind is None else reminder_field(remind, quest.reminder))
            tx.put_quest(quest.to_doc())
        return quest

    def set_archived(self, ref: str, archived: bool) -> Quest:
        with self.store.transaction() as tx:
            quest = self._resolve(tx, ref, include_archived=True)
            quest = replace(quest, archived=archived)
            tx.put_quest(quest.to_doc())
        return quest

    def init(self, starter: bool) -> list[Quest]:
        """Prepare the data file; with `starter`, add the catalogue's selected starter quests."""
        added = []
        with self.store.transaction() as tx:
            tx.set_setting("initialized", True)
            if starter:
                today = self._clock(tx).today()
                taken = {doc["id"] for doc in tx.quests()}
                for tip, sq in catalog.starter_quests():
                    if not sq.selected or sq.id in taken:
                        continue
                    quest = Quest(sq.id, sq.title, tip.number, parse_cadence(sq.cadence), sq.target, sq.xp, today,
                                  moves_to=sq.moves_to)
                    tx.put_quest(quest.to_doc())
                    added.append(quest)
        return added

    def add_starters(self, picks: Sequence[tuple[str, str]], want: str | None = None,
                     kind: str = "explore") -> list[Quest]:
        """Onboarding: add chosen starter quests (id, cadence); the answer `want` becomes the first goal."""
        kind = check_kind(kind)
        by_id = {sq.id: (tip, sq) for tip, sq in catalog.starter_quests()}
        added = []
        with self.store.transaction() as tx:
            today = self._clock(tx).today()
            taken = {doc["id"] for doc in tx.quests()}
            for qid, cadence in picks:
                if qid not in by_id or qid in taken:
                    continue
                tip, sq = by_id[qid]
                try:
                    cad = parse_cadence(cadence or sq.cadence)
                except CadenceError as exc:
                    raise ServiceError(f"{sq.title}: {exc}") from None
                quest = Quest(sq.id, sq.title, tip.number, cad, sq.target, sq.xp, today, moves_to=sq.moves_to)
                tx.put_quest(quest.to_doc())
                added.append(quest)
            tx.set_setting("initialized", True)
            if want and want.strip():
                self._start_first_goal(tx, want, kind, today, [q.id for q in added])
        return added

    def startup(self) -> tuple[bool, dict, State, object]:
        """What the full-screen app needs to draw its first screen, from one read of the file:
        whether the file was ever set up, the settings, today's state, and the change token
        that state was read at (raises StoreError for a file that cannot be used)."""
        token = self.store.change_token()
        with self.store.read() as tx:
            initialized = bool(tx.settings().get("initialized")) or bool(tx.quests())
            return initialized, self._settings(tx), self._state(tx), token

    def is_initialized(self) -> bool:
        with self.store.read() as tx:
            return bool(tx.settings().get("initialized")) or bool(tx.quests())

    # ------------------------------------------------------------------------ stats
    # The stats module (and its view classes) loads only when a stats view is asked for,
    # so `summary` and `checkin` do not pay for it at start.
    def stats(self, *args, **kwargs):
        """The stats screen's data; see `netquest.services.stats.StatsServices.stats`."""
        from netquest.services.stats import StatsServices

        return StatsServices.stats(self, *args, **kwargs)

    def achievement_progress(self):
        """Every badge with its unlock date or progress."""
        from netquest.services.stats import StatsServices

        return StatsServices.achievement_progress(self)

    # --------------------------------------------------------------------- history
    def _history(self, tx, on_day: date | None = None) -> History:
        return History(tx, on_day)

    def _quest_state(self, quest: Quest, hist: History, day: date, week_start: int) -> QuestState:
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

    def _state(self, tx, day: date | None = None, with_achievements: bool = False,
               period: str | None = None) -> State:
        clock = self._clock(tx)
        today = clock.today()
        day = day or today
        hist = self._history(tx, day)
        quests = [self._quest_state(q, hist, day, clock.week_start_index) for q in self._quests(tx)]
        unlocked = {doc["id"]: date.fromisoformat(doc["day"]) for doc in tx.all("achievements")}
        statuses = self._achievements(tx, hist, today, clock) if with_achievements else []
        ds = day_streak(hist.active_days, hist.vacation, day)
        return State(
            day=day,
            today=today,
            xp=hist.xp_total,
            level=level_for(hist.xp_total),
            day_streak=ds,
            quests=quests,
            achievements=statuses,
            unlocked=unlocked,
            goal=self._goal_summary(tx, hist, today),
            reach_out=self._reach_out(tx, today),
            checkins_on_day=hist.on_day,
            period=self._period_totals(tx, day, period, clock.week_start_index) if period else None,
        )

    def state(self, day: date | None = None, with_achievements: bool = False, period: str | None = None) -> State:
        """The state of play on `day` (today by default); with `period` ("week" or "month"),
        also the check-ins and XP of that week or month so far."""
        with self.store.read() as tx:
            return self._state(tx, day, with_achievements, period)

    @staticmethod
    def _period_totals(tx, day: date, period: str, week_start: int) -> PeriodTotals:
        """Check-ins, XP and counts per tip from the start of the week or month to `day`."""
        first = day.replace(day=1) if period == "month" else day - timedelta(days=(day.weekday() - week_start) % 7)
        low, high = first.isoformat(), day.isoformat()
        tip_of = {doc["id"]: int(doc["tip"]) for doc in tx.quests()}
        checkins = xp = 0
        tips: dict[int, int] = {}
        for quest, entries in tx.tallies():
            tip = tip_of.get(quest)
            for entry in entries:
                if low <= entry[1] <= high:
                    checkins += 1
                    xp += entry[3]
                    if tip:
                        tips[tip] = tips.get(tip, 0) + entry[2]
        return PeriodTotals(name=period, first=first, last=day, checkins=checkins, xp=xp,
                            per_tip=dict(sorted(tips.items())))

    def _achievements(self, tx, hist: History, today: date, clock: Clock):
        tips = {doc["id"]: int(doc["tip"]) for doc in tx.quests()}
        facts = [
            ach.Fact(date.fromisoformat(r.day), tips.get(r.quest, 0), r.quest, r.count, r.xp, tuple(r.people))
            for r in hist.records
        ]
        return ach.evaluate(facts, today, clock.week_start_index, frozenset(hist.vacation))

    def achievements(self):
        with self.store.read() as tx:
            clock = self._clock(tx)
            return self._achievements(tx, self._history(tx), clock.today(), clock)

    def quest_detail(self, ref: str, days: int = 365) -> QuestDetail:
        """Everything the quest detail screen shows about one quest."""
        with self.store.read() as tx:
            clock = self._clock(tx)
            today = clock.today()
            quest = self._resolve(tx, ref, include_archived=True)
            records = tx.checkins(quest.id)  # only this quest's log documents are read
            skips = {date.fromisoformat(s["day"]) for s in tx.skips() if s.get("quest") in (None, quest.id)}
        counts: dict[date, int] = {}
        for rec in records:
            day = date.fromisoformat(rec.day)
            counts[day] = counts.get(day, 0) + rec.count
        ws = clock.week_start_index
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

    # -------------------------------------------------------------------- check-in
    def _parse_day(self, tx, quest: Quest | None, day) -> date:
        today = self._clock(tx).today()
        if day is None or day == "":
            return today
        if isinstance(day, str):
            try:
                day = date.fromisoformat(day.strip())
            except ValueError:
                raise ServiceError(f"{day!r} is not a date in the form YYYY-MM-DD") from None
        if day > today:
            raise ServiceError(f"{day.isoformat()} is in the future (today is {today.isoformat()})")
        if quest is not None and day < quest.start:
            raise ServiceError(
                f"{day.isoformat()} is before quest {quest.id!r} started ({quest.start.isoformat()})")
        return day

    def _perfect(self, tx, hist: History, day: date, week_start: int, extra: tuple[str, int] | None) -> bool:
        """Every quest due on `day` is done, counting `extra` (quest id, count) as added."""
        due_any = False
        for quest in self._quests(tx):
            if day < quest.start:
                continue
            counts = hist.counts.get(quest.id, {})
            skips = hist.skips_for(quest.id)
            if not due_today(quest.cadence, quest.target, quest.start, counts, skips, day, week_start):
                continue
            due_any = True
            done = counts.get(day, 0) + (extra[1] if extra and extra[0] == quest.id else 0)
            if done < quest.target:
                return False
        return due_any

    def checkin(self, ref: str, count=1, note: str = "", people: Sequence[str] = (), day=None) -> CheckinResult:
        """Log `count` toward a quest on `day` (today by default) and say what it earned."""
        count = self._int_in("count", count, 1, MAX_COUNT)
        note = note or ""
        if len(note) > MAX_NOTE:
            raise ServiceError(f"a note may have at most {MAX_NOTE} characters, this one has {len(note)}")
        people = tuple(p.strip() for p in people if p and p.strip())
        for person in people:
            if len(person) > MAX_TITLE:
                raise ServiceError(f"a name may have at most {MAX_TITLE} characters")
        with self.store.transaction() as tx:
            clock = self._clock(tx)
            quest = self._resolve(tx, ref)
            day = self._parse_day(tx, quest, day)
            self._match_people(tx.all("people"), people)  # an ambiguous name refuses the check-in
            hist = self._history(tx)
            counts = hist.counts.get(quest.id, {})
            skips = hist.skips_for(quest.id)
            ws = clock.week_start_index
            done_before = counts.get(day, 0)
            base, streak_bonus, perfect_bonus = self._earned(tx, hist, quest, day, count, ws)
            total = base + streak_bonus + perfect_bonus
            level_before = level_for(hist.xp_total)
            rec = tx.add_checkin(quest.id, day.isoformat(), count, total, streak_bonus + perfect_bonus,
                                 clock.now_utc_iso(), note, people)
            created_people = self._people_after_checkin(tx, quest, day, people)
            after_counts = dict(counts)
            after_counts[day] = done_before + count
            streak = quest_streak(quest.cadence, quest.target, quest.start, after_counts, skips, clock.today(), ws)
            xp_after = hist.xp_total + total
            stored = {doc["id"] for doc in tx.all("achievements")}
            # A check-in can only unlock badges, never lock one: with every badge already
            # unlocked there is nothing to evaluate (this keeps long histories fast).
            unlocked = [] if stored >= ALL_ACHIEVEMENT_IDS else self._sync_achievements(tx, self._history(tx), clock)
        return CheckinResult(
            quest=quest, day=day, count=count, done=done_before + count, xp=total, base_xp=base,
            streak_bonus=streak_bonus, perfect_bonus=perfect_bonus, streak=streak,
            level_before=level_before, level_after=level_for(xp_after), unlocked=unlocked,
            seq=rec.seq, created_people=created_people, at=rec.at,
        )

    def _earned(self, tx, hist: History, quest: Quest, day: date, count: int, ws: int) -> tuple[int, int, int]:
        """(base, streak bonus, perfect-day bonus) of checking in `count` on `day` on top of `hist`."""
        counts = hist.counts.get(quest.id, {})
        skips = hist.skips_for(quest.id)
        before = quest_streak(quest.cadence, quest.target, quest.start, counts, skips, day, ws)
        units = max(0, min(count, quest.target - counts.get(day, 0)))
        base, streak_bonus = checkin_xp(quest.xp, units, before.current)
        perfect_bonus = 0
        if units and not self._perfect(tx, hist, day, ws, None) and self._perfect(tx, hist, day, ws, (quest.id, count)):
            perfect_bonus = PERFECT_DAY_BONUS
        return base, streak_bonus, perfect_bonus

    def _sync_achievements(self, tx, hist: History, clock: Clock) -> list:
        """Store newly unlocked badges and drop ones history no longer supports."""
        statuses = self._achievements(tx, hist, clock.today(), clock)
        stored = {doc["id"] for doc in tx.all("achievements")}
        new = []
        for status in statuses:
            aid = status.achievement.id
            if status.unlocked_on and aid not in stored:
                tx.put("achievements", {"id": aid, "day": status.unlocked_on.isoformat()})
                new.append(status.achievement)
            elif not status.unlocked_on and aid in stored:
                tx.delete("achievements", aid)
        return new

    # ------------------------------------------------------------------------ skips
    def skip(self, ref: str, day=None, reason: str = "") -> tuple[Quest, date, bool]:
        """Mark a day as skipped for one quest: it neither breaks nor extends its streak."""
        if len(reason or "") > MAX_NOTE:
            raise ServiceError(f"a reason may have at most {MAX_NOTE} characters")
        with self.store.transaction() as tx:
            quest = self._resolve(tx, ref)
            day = self._parse_day(tx, quest, day)
            added = tx.add_skip(quest.id, day.isoformat(), reason or "")
        return quest, day, added

    def unskip(self, ref: str, day=None) -> bool:
        with self.store.transaction() as tx:
            quest = self._resolve(tx, ref)
            day = self._parse_day(tx, quest, day)
            return tx.remove_skip(quest.id, day.isoformat())

    def vacation(self, start, end, reason: str = "") -> int:
        """Mark every day from `start` to `end` as a vacation for all quests; future days allowed."""
        days = []
        for label, value in (("--from", start), ("--to", end)):
            try:
                days.append(value if isinstance(value, date) else date.fromisoformat(str(value).strip()))
            except ValueError:
                raise ServiceError(f"{label} {value!r} is not a date in the form YYYY-MM-DD") from None
        first, last = days
        if last < first:
            raise ServiceError(f"the vacation ends ({last}) before it starts ({first})")
        if (last - first).days > 366:
            raise ServiceError("a vacation may last at most a year")
        added = 0
        with self.store.transaction() as tx:
            day = first
            while day <= last:
                added += tx.add_skip(None, day.isoformat(), reason or "vacation")
                day += timedelta(days=1)
        return added

    # ------------------------------------------------------------- whole-file tasks
    def demo(self, days: int = 120, quests: int = 8, seed: int = 7) -> dict:
        """Fill an empty data file with a plausible history."""
        from netquest.services import demo

        with self.store.transaction() as tx:
            clock = self._clock(tx)
            info = demo.fill(tx, clock.today(), days, quests, seed, clock.week_start_index)
            self._sync_achievements(tx, self._history(tx), clock)
        return info

    def export(self, fmt: str = "json") -> str:
        from netquest.services import transfer

        return transfer.export_csv(self.store) if fmt == "csv" else transfer.export_json(self.store)

    def import_loop(self, path, only: Sequence[str] = (), tip=5):
        """Merge a Loop Habit Tracker backup or CSV export into the data file (backed up first).

        Returns the `loop.ImportReport`; a file that cannot be read raises `loop.LoopError`
        and nothing is written.
        """
        from netquest.services import loop

        tip = self._int_in("--tip", tip, 1, 5)
        habits = loop.select(loop.read_loop(path), tuple(only))
        with self.store.transaction(backup_first=True) as tx:
            clock = self._clock(tx)
            report = loop.import_habits(tx, habits, tip, clock.today(), 10, _new_quest_id)
            self._sync_achievements(tx, self._history(tx), clock)
        return report

    def export_loop_csv(self) -> dict[str, bytes]:
        """Every quest in Loop's CSV layout, as {relative path: bytes}."""
        from netquest.services import loop

        with self.store.read() as tx:
            today = self._clock(tx).today()
            quests = self._quests(tx, include_archived=True)
            records = tx.checkins()
            skip_docs = tx.skips()
        counts: dict[str, dict[date, int]] = {q.id: {} for q in quests}
        notes: dict[str, dict[date, str]] = {q.id: {} for q in quests}
        skips: dict[str, dict[date, str]] = {q.id: {} for q in quests}
        first = today
        for rec in records:
            if rec.quest not in counts:
                continue
            day = date.fromisoformat(rec.day)
            first = min(first, day)
            counts[rec.quest][day] = counts[rec.quest].get(day, 0) + rec.count
            if rec.note:
                before = notes[rec.quest].get(day)
                notes[rec.quest][day] = f"{before}; {rec.note}" if before else rec.note
        for doc in skip_docs:
            day = date.fromisoformat(doc["day"])
            for qid in ([doc["quest"]] if doc.get("quest") else list(skips)):
                if qid in skips:
                    skips[qid][day] = doc.get("reason", "")
                    first = min(first, day)
        ndays = (today - first).days + 1
        scores = {q.id: strength_series(q.cadence, q.target, counts[q.id], set(skips[q.id]), today, ndays)
                  for q in quests}
        return loop.loop_csv_files(quests, counts, notes, skips, scores, first, today)

    def import_export(self, text: str) -> dict:
        from netquest.services import transfer

        info = transfer.import_json(self.store, text, self.today())
        with self.store.transaction() as tx:
            self._sync_achievements(tx, self._history(tx), self._clock(tx))
        return info
