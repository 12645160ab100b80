"""Quests and the day's play: add and edit quests, check in, skip, and the state of play.

`QuestServices` is composed into the root as `services.quests`; each public method is one
session (one transaction): it reads, decides with the rules, validates what the user asked
for, and writes only when everything is valid.  The `*_in(s, …)` methods and `resolve`
run inside a session another service already opened."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date, timedelta
from typing import TYPE_CHECKING

from netquest import catalog
from netquest.i18n import _
from netquest.rules import achievements as ach
from netquest.rules.cadence import CadenceError, parse_cadence
from netquest.rules.day_streak import day_streak
from netquest.rules.people import default_moves_to
from netquest.rules.streaks import quest_streak
from netquest.rules.xp import level_for
from netquest.services import badges, checkpoints, play, skipped
from netquest.services.errors import ServiceError, Unknown, cadence_problem
from netquest.services.history import skip_counts
from netquest.services.inputs import (
    MAX_COUNT,
    MAX_NOTE,
    MAX_TITLE,
    Ambiguous,
    Candidate,
    check_length,
    int_in,
    parse_day,
    resolve_ref,
)
from netquest.services.model import CheckinResult, Quest, QuestDetail, State
from netquest.services.quest_fields import moves_to_of, new_quest_id, quest_fields, vacation_day
from netquest.services.reminders import reminder_field
from netquest.services.session import TODAY_STATE, Session
from netquest.structs import replace
from netquest.wording import titled

if TYPE_CHECKING:
    from netquest.services.core import NetQuest

BY_TIP = object()  # `add` / `edit` without `moves_to`: by the tip (add), or as it is (edit)


class QuestServices:
    """Quest use cases: the quest list, check-ins, skips and the state of play."""

    BY_TIP = BY_TIP

    #: Whether the state of play of today may start from the checkpoints beside the file.
    use_checkpoints = True

    def __init__(self, root: NetQuest) -> None:
        self.root = root

    # ------------------------------------------------------------------ in a session
    def list_in(self, s: Session, include_archived: bool = False) -> list[Quest]:
        return play.quests_of(s, include_archived)

    def resolve(self, s: Session, ref: str, include_archived: bool = False) -> Quest:
        """The quest `ref` names (id, exact id or title, unique start), or Unknown listing
        candidates."""
        ref = (ref or "").strip()
        if not ref:
            raise ServiceError(_("name a quest by its id or the start of its title"))
        quests = play.quests_of(s, include_archived=True)
        if not quests:
            raise Unknown(
                _("there are no quests yet: run `netquest init --starter` or `netquest quest add`"),
                [],
            )
        pool = quests if include_archived else [q for q in quests if not q.archived]
        try:
            found = resolve_ref([Candidate(q.id, (q.title,), q) for q in pool], ref)
        except Ambiguous as many:
            raise Unknown(
                _("{ref} matches {n} quests; type more of it").format(ref=repr(ref),
                                                                    n=len(many.matches)),
                [f"{q.id}  {titled(q.id, q.title)}" for q in many.matches],
            ) from None
        if found is None:
            low = ref.lower()
            archived = [q for q in quests if q.archived and q.id.lower().startswith(low)]
            if archived:
                said = _("no quest matches {ref} ({id} is archived: `netquest quest restore {id}`)")
            else:
                said = _("no quest matches {ref}")
            raise Unknown(said.format(ref=repr(ref), id=archived[0].id if archived else ""),
                          [f"{q.id}  {titled(q.id, q.title)}" for q in pool])
        return found

    def day_in(self, s: Session, quest: Quest | None, day) -> date:
        """The day a check-in or skip is for: today when none is typed, never in the future or
        before the quest started."""
        parsed = parse_day(day)
        if parsed is None:
            return s.today
        if parsed > s.today:
            raise ServiceError(_("{day} is in the future (today is {today})").format(
                day=parsed.isoformat(), today=s.today.isoformat()))
        if quest is not None and parsed < quest.start:
            raise ServiceError(_("{day} is before quest {id} started ({start})").format(
                day=parsed.isoformat(), id=repr(quest.id), start=quest.start.isoformat()))
        return parsed

    def add_in(
        self, s: Session, title: str, tip, cadence: str, target=1, xp=None,
        id: str | None = None, start: date | str | None = None, moves_to=BY_TIP,
        remind: str | None = None,
    ) -> Quest:
        title, tip, cad, target, xp = quest_fields(
            title, tip, cadence, target, 10 if xp is None else xp
        )
        moves_to = default_moves_to(tip) if moves_to is BY_TIP else moves_to_of(moves_to)
        reminder = reminder_field(remind, None)
        if isinstance(start, str):
            start = self.day_in(s, None, start)
        taken = {doc["id"] for doc in s.tx.quests()}
        if id is not None:
            id = id.strip()
            if not re.fullmatch(r"[a-z0-9][a-z0-9_-]{0,31}", id):
                raise ServiceError(
                    _("a quest id is 1-32 lowercase letters, digits, - or _, not {id}").format(
                        id=repr(id))
                )
            if id in taken:
                raise ServiceError(_("there is already a quest with id {id}").format(
                        id=repr(id)))
        quest = Quest(
            id or new_quest_id(title, taken),
            title,
            tip,
            cad,
            target,
            xp,
            start or s.today,
            moves_to=moves_to,
            reminder=reminder,
        )
        s.tx.put_quest(quest.to_doc())
        return quest

    def set_archived_in(self, s: Session, ref: str, archived: bool) -> Quest:
        quest = replace(self.resolve(s, ref, include_archived=True), archived=archived)
        s.tx.put_quest(quest.to_doc())
        return quest

    def checkin_in(self, s: Session, ref: str, count=1, note: str = "", people: Sequence[str] = (),
                   day=None, badges_later: bool = False) -> CheckinResult:
        """Log `count` toward a quest on `day` (today by default) and say what it earned."""
        count = int_in("count", count, 1, MAX_COUNT)
        note = check_length("a note", note or "", MAX_NOTE)
        people = tuple(p.strip() for p in people if p and p.strip())
        for person in people:
            if len(person) > MAX_TITLE:
                raise ServiceError(_("a name may have at most {max_title} characters").format(
                        max_title=MAX_TITLE))
        tx = s.tx
        quest = self.resolve(s, ref)
        day = self.day_in(s, quest, day)
        self.root.people.refuse_ambiguous(s, people)  # an ambiguous name refuses the check-in
        marks = checkpoints.for_checkin(self.root, s, day)  # None: the whole history is read
        hist = marks.history if marks else s.history
        skipped.refuse_checkin(hist, quest, day)
        xp_before = hist.xp_total + (marks.xp_before if marks else 0)
        kmark = marks.streak.get(quest.id) if marks else None
        counts = hist.counts.get(quest.id, {})
        skips = hist.skips_for(quest.id)
        done_before = counts.get(day, 0)
        parts = play.earned(s, hist, quest, day, count, kmark)
        total = parts.total
        stored = {doc["id"]: doc["day"] for doc in tx.all("achievements")}
        # The history is replayed only when the check-in could win a badge or move one's day.
        could = not badges_later and badges.could_change(
            s, hist, quest, day, count, total, people, stored, marks)
        if could is None:  # the checkpoints cannot tell; the whole history can
            could = badges.could_change(s, s.history, quest, day, count, total, people, stored)
        rec = tx.add_checkin(
            quest.id,
            day.isoformat(),
            count,
            total,
            parts.bonus,
            s.clock.now_utc_iso(),
            note,
            people,
        )
        created_people = self.root.people.after_checkin(s, quest, day, people)
        after_counts = {**counts, day: done_before + count}
        streak = quest_streak(quest.cadence, quest.target, quest.start, after_counts, skips,
                              s.today, s.week_start, kmark)
        period, is_open = play.checkin_period(s, quest, after_counts, skips, day, streak)
        unlocked = badges.sync_achievements(s) if could else []
        if marks is not None:  # still true after this check-in on today: kept for its state
            checkpoints.checked_in_today(self.root, s, marks)
        return CheckinResult(
            quest=quest,
            day=day,
            count=count,
            done=done_before + count,
            xp=total,
            base_xp=parts.base,
            streak_bonus=parts.streak_bonus,
            perfect_bonus=parts.perfect_bonus,
            challenge_bonus=parts.challenge_bonus,
            streak=streak,
            period=period, period_is_open=is_open,
            level_before=level_for(xp_before),
            level_after=level_for(xp_before + total),
            unlocked=unlocked,
            seq=rec.seq,
            created_people=created_people,
            at=rec.at,
        )

    def state_in(
        self,
        s: Session,
        day: date | None = None,
        with_achievements: bool = False,
        period: str | None = None,
    ) -> State:
        day = day or s.today
        active = play.quests_of(s)
        marks = None
        if day == s.today and self.use_checkpoints and not with_achievements:
            marks = checkpoints.marks_for(self.root.store, s, active,
                                          self.root.goals.focus_start_in(s))
        if marks is None:
            hist, xp, day_mark = s.history_on(day), 0, None
        else:
            hist, xp, day_mark = marks.history, marks.xp_before, marks.day
        xp += hist.xp_total
        challenge = play.challenge_on(s, hist, day)
        quests = [play.quest_state(q, hist, day, s.week_start, marks, challenge) for q in active]
        unlocked = {doc["id"]: date.fromisoformat(doc["day"]) for doc in s.tx.all("achievements")}
        state = State(
            day=day,
            today=s.today,
            xp=xp,
            level=level_for(xp),
            day_streak=day_streak(hist.active_days, hist.vacation, day, mark=day_mark),
            quests=quests,
            achievements=badges.achievements(s, hist) if with_achievements else [],
            challenge=challenge,
            unlocked=unlocked,
            goal=self.root.goals.summary_in(s, hist),
            reach_out=self.root.people.reach_out_in(s),
            checkins_on_day=hist.on_day,
            period=play.period_totals(s, day, period) if period else None,
        )
        if day == s.today:  # the status cache's renewal after a write reads it (status.py)
            s.tx.remember(TODAY_STATE, state)
        return state

    # ------------------------------------------------------------------------ reading
    def list(self, include_archived: bool = False) -> list[Quest]:
        with self.root.reading() as s:
            return play.quests_of(s, include_archived)

    def get(self, ref: str, include_archived: bool = True) -> Quest:
        with self.root.reading() as s:
            return self.resolve(s, ref, include_archived)

    def state(
        self, day: date | None = None, with_achievements: bool = False, period: str | None = None
    ) -> State:
        """The state of play on `day` (today by default); with `period` ("week" or "month"),
        also the check-ins and XP of that week or month so far."""
        with self.root.reading() as s:
            return self.state_in(s, day, with_achievements, period)

    def achievements(self) -> list[ach.AchievementStatus]:
        with self.root.reading() as s:
            return badges.achievements(s, s.history)

    def detail(self, ref: str, days: int = 365) -> QuestDetail:
        """Everything the quest detail screen shows about one quest."""
        with self.root.reading() as s:
            today, ws = s.today, s.week_start
            quest = self.resolve(s, ref, include_archived=True)
            records = s.tx.checkins(quest.id)  # only this quest's log documents are read
            done = {r.day for r in records}
            skips = {date.fromisoformat(k["day"]) for k in s.tx.skips() if k.get("quest")
                     in (None, quest.id) and skip_counts(k.get("quest"), k["day"], done)}
        return play.quest_detail(quest, today, ws, records, skips, days)

    # ------------------------------------------------------------------------ writing
    @staticmethod
    def validate(title, tip, cadence, target, xp) -> None:
        """Raise ServiceError naming the first bad field; the editor shows it inline."""
        quest_fields(title, tip, cadence, target, xp)

    def add(
        self, title: str, tip, cadence: str, target=1, xp=None, id: str | None = None,
        start: date | str | None = None, moves_to=BY_TIP, remind: str | None = None,
    ) -> Quest:
        """Create a quest; its id is `id` or a slug of the title made unique.

        `moves_to` is the stage a check-in moves the people it names to (None: nobody
        moves); by default the tip says it (3 → intro asked, 4 → met).  `remind` is its own
        reminder time (HH:MM), None for none.
        """
        quest_fields(
            title, tip, cadence, target, 10 if xp is None else xp
        )  # refused before the file is locked
        reminder_field(remind, None)
        with self.root.writing() as s:
            return self.add_in(s, title, tip, cadence, target, xp, id, start, moves_to, remind)

    def edit(
        self, ref: str, title=None, tip=None, cadence=None, target=None, xp=None, moves_to=BY_TIP,
        remind: str | None = None,
    ) -> Quest:
        """Change a quest; None leaves a field as it is, but `moves_to` None means "moves nobody".

        Without `moves_to`, a quest that moved people as its tip said follows its new tip.
        `remind` is its own reminder time (HH:MM) or "none"; None leaves it as it is.
        """
        new_moves = BY_TIP if moves_to is BY_TIP else moves_to_of(moves_to)
        with self.root.writing() as s:
            quest = self.resolve(s, ref, include_archived=True)
            title, tip, cad, target, xp = quest_fields(
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
            reminder = quest.reminder if remind is None else reminder_field(remind, quest.reminder)
            quest = replace(
                quest, title=title, tip=tip, cadence=cad, target=target, xp=xp, moves_to=new_moves,
                reminder=reminder,
            )
            s.tx.put_quest(quest.to_doc())
        return quest

    def set_archived(self, ref: str, archived: bool) -> Quest:
        with self.root.writing() as s:
            return self.set_archived_in(s, ref, archived)

    def init(self, starter: bool) -> list[Quest]:
        """Prepare the data file; with `starter`, add the catalogue's selected starter quests."""
        added = []
        with self.root.writing() as s:
            s.tx.set_setting("initialized", True)
            if starter:
                taken = {doc["id"] for doc in s.tx.quests()}
                for tip, sq in catalog.starter_quests():
                    if not sq.selected or sq.id in taken:
                        continue
                    quest = Quest(sq.id, sq.title, tip.number, parse_cadence(sq.cadence),
                                  sq.target, sq.xp, s.today, moves_to=sq.moves_to)
                    s.tx.put_quest(quest.to_doc())
                    added.append(quest)
        return added

    def add_starters(
        self, picks: Sequence[tuple[str, str]], want: str | None = None, kind: str = "explore"
    ) -> list[Quest]:
        """Onboarding: add chosen starter quests (id, cadence); the answer `want` becomes the
        first goal."""
        from netquest.services.goal_fields import check_kind

        kind = check_kind(kind)
        by_id = {sq.id: (tip, sq) for tip, sq in catalog.starter_quests()}
        added = []
        with self.root.writing() as s:
            taken = {doc["id"] for doc in s.tx.quests()}
            for qid, cadence in picks:
                if qid not in by_id or qid in taken:
                    continue
                tip, sq = by_id[qid]
                try:
                    cad = parse_cadence(cadence or sq.cadence)
                except CadenceError as exc:
                    raise ServiceError(_("{title}: {exc}").format(title=sq.title, exc=(
                        cadence_problem(cadence or sq.cadence, exc)))) from None
                quest = Quest(sq.id, sq.title, tip.number, cad, sq.target, sq.xp, s.today,
                              moves_to=sq.moves_to)
                s.tx.put_quest(quest.to_doc())
                added.append(quest)
            s.tx.set_setting("initialized", True)
            if want and want.strip():
                self.root.goals.start_first_goal(s, want, kind, [q.id for q in added])
        return added

    def checkin(self, ref: str, count=1, note: str = "", people: Sequence[str] = (), day=None,
                badges_later: bool = False) -> CheckinResult:
        """Log `count` toward a quest on `day` (today by default) and say what it earned; with
        `badges_later`, what it wins is left to `stats.badges_after` (`unlocked` stays empty)."""
        with self.root.writing() as s:
            return self.checkin_in(s, ref, count, note, people, day, badges_later)

    def checkin_with_state(self, ref: str, count=1, note: str = "", people: Sequence[str] = (),
                           day=None, badges_later: bool = False,
                           state_day: date | None = None) -> tuple[CheckinResult, State]:
        """`checkin`, and the state of play on `state_day` (today by default) it leaves, both
        in the check-in's session: the file is neither read nor parsed a second time."""
        with self.root.writing() as s:
            result = self.checkin_in(s, ref, count, note, people, day, badges_later)
            return result, self.state_in(s, state_day)

    def skip(self, ref: str, day=None, reason: str = "") -> tuple[Quest, date, bool]:
        """Mark a day as skipped for one quest: it neither breaks nor extends its streak."""
        if len(reason or "") > MAX_NOTE:
            raise ServiceError(_("a reason may have at most {max_note} characters").format(
                    max_note=MAX_NOTE))
        with self.root.writing() as s:
            quest = self.resolve(s, ref)
            day = self.day_in(s, quest, day)
            skipped.refuse_skip(s, quest, day)
            added = s.tx.add_skip(quest.id, day.isoformat(), reason or "")
        return quest, day, added

    def unskip(self, ref: str, day=None) -> tuple[Quest, date, bool]:
        """Take back a quest's own skip of a day (a vacation stays): the day counts again."""
        with self.root.writing() as s:
            quest = self.resolve(s, ref)
            day = self.day_in(s, quest, day)
            return quest, day, skipped.take_back(s, quest, day)

    def vacation(self, start, end, reason: str = "") -> int:
        """Mark every day from `start` to `end` as a vacation for all quests; future days
        allowed."""
        first, last = (
            vacation_day(label, value) for label, value in (("--from", start), ("--to", end))
        )
        if last < first:
            raise ServiceError(_("the vacation ends ({last}) before it starts ({first})").format(
                    last=last, first=first))
        if (last - first).days > 366:
            raise ServiceError(_("a vacation may last at most a year"))
        added = 0
        with self.root.writing() as s:
            day = first
            while day <= last:
                added += s.tx.add_skip(None, day.isoformat(), reason or "vacation")
                day += timedelta(days=1)
        return added
