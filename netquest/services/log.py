"""The check-in log: list past check-ins, undo the latest, delete or edit one, redo.

Taking a check-in back (undo, delete) removes it with its XP and applies the inverse of
what it recorded in people (services/effects.py); badges are re-synced from history.
The latest undo or delete is remembered with the file's revision so that redo can bring
it back exactly (same seq, XP and effects) while nothing else has been written since.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, timedelta
from typing import TYPE_CHECKING

from netquest.i18n import _, ngettext
from netquest.rules import achievements as ach
from netquest.rules.people import normalize_name
from netquest.rules.xp import level_for
from netquest.services import effects
from netquest.services.badges import sync_achievements
from netquest.services.errors import (
    ChangedMeanwhile,
    NothingToRedo,
    NothingToUndo,
    ServiceError,
    UnknownCheckin,
)
from netquest.services.inputs import MAX_COUNT, MAX_DAYS, MAX_NOTE, check_length, int_in
from netquest.services.model import LogEntry, Quest, RedoResult, UndoResult
from netquest.services.people_model import clean_name, match_person
from netquest.services.play import earned
from netquest.services.session import Session
from netquest.store.layout import CheckInRecord
from netquest.store.protocols import Transaction

if TYPE_CHECKING:
    from netquest.services.core import NetQuest


def _entry(rec: CheckInRecord, titles: dict[str, str]) -> LogEntry:
    return LogEntry.of(rec, titles.get(rec.quest, rec.quest))


def _titles(tx: Transaction) -> dict[str, str]:
    return {q["id"]: q.get("title", q["id"]) for q in tx.quests()}


def parse_id(text) -> int:
    """The seq a typed check-in id names ("12" or "#12")."""
    raw = str(text if text is not None else "").strip().lstrip("#")
    if not raw.isascii() or not raw.isdigit() or len(raw) > 12 or int(raw) < 1:
        raise ServiceError(
            _("{id} is not a check-in id (a number from `netquest log`)").format(
                id=repr(str(text)[:40]))
        )
    return int(raw)


def _find_checkin(tx: Transaction, seq: int) -> CheckInRecord:
    for rec in tx.checkins():
        if rec.seq == seq:
            return rec
    raise UnknownCheckin(_("there is no check-in {seq} (see `netquest log`)").format(
            seq=seq))


class LogServices:
    """Log use cases: list past check-ins, take one back (undo, delete), edit one, redo."""

    def __init__(self, root: NetQuest) -> None:
        self.root = root

    # ------------------------------------------------------------------------ reading
    def list(self, quest: str | None = None, days: int | None = None) -> list[LogEntry]:
        """Check-ins, newest first: of one quest (any quest, archived too) and/or of the last `days` days."""
        if days is not None:
            days = int_in("days", days, 1, MAX_DAYS)
        with self.root.reading() as s:
            qid = self.root.quests.resolve(s, quest, include_archived=True).id if quest else None
            records = s.tx.checkins(qid)
            if days is not None:
                first = (s.today - timedelta(days=days - 1)).isoformat()
                records = [r for r in records if r.day >= first]
            titles = _titles(s.tx)
            # Inside the read: a damaged day found here is named by the store, not a crash.
            return [_entry(r, titles) for r in reversed(records)]

    def latest(self) -> LogEntry | None:
        """The check-in undo would take back (the highest seq still there), or None."""
        with self.root.reading() as s:
            rec = s.tx.latest_checkin()
            return _entry(rec, _titles(s.tx)) if rec else None

    # ----------------------------------------------------------------- taking back
    def undo(self, expect: int | None = None) -> UndoResult:
        """Take back the latest check-in, with its XP and what it did to people.

        With `expect`, refuse unless the latest check-in is that seq (another process may
        have checked in since the caller looked).
        """
        with self.root.writing() as s:
            tx = s.tx
            latest = tx.latest_checkin()
            if latest is None:
                raise NothingToUndo(_("there is no check-in to undo"))
            if latest.seq <= tx.meta.get("synced", 0):
                title = _titles(tx).get(latest.quest, latest.quest)
                raise NothingToUndo(
                    _("the latest check-in ({title} on {day}) came in with `netquest sync` "
                      "from another device; nothing was undone (`netquest log delete ID` takes "
                      "back one you name)").format(title=title, day=latest.day))
            if expect is not None and latest.seq != expect:
                title = _titles(tx).get(latest.quest, latest.quest)
                raise ChangedMeanwhile(
                    _("the latest check-in is now {seq} ({title} on {day}), not {expect}: "
                      "another check-in came in meanwhile; nothing was undone").format(
                        seq=latest.seq, title=title, day=latest.day, expect=expect)
                )
            return self._take_back(s, latest, "undo")

    def delete(self, id: str) -> UndoResult:
        """Remove one past check-in and the inverse of its effects; later check-ins stay as they are."""
        seq = parse_id(id)
        with self.root.writing() as s:
            return self._take_back(s, _find_checkin(s.tx, seq), "delete")

    def _take_back(self, s: Session, rec: CheckInRecord, kind: str) -> UndoResult:
        tx = s.tx
        xp_before = s.history.xp_total
        badges_before = tx.all("achievements")
        stored_before = {doc["id"] for doc in badges_before}
        entries = effects.of(tx, rec.seq, kind)
        pids = {e["i"] for e in entries}
        # What redo needs to put back: the effects of this and later check-ins on the same
        # people, and those people, as they are now.
        saved_effects = [{"id": rec.seq, "p": entries}] if entries else []
        if pids:
            saved_effects += [
                d
                for d in tx.all(effects.TABLE)
                if d["id"] > rec.seq
                and effects.problem(d) is None
                and any(e.get("i") in pids for e in d["p"])
            ]
        # With their merge ids: a person redo brings back is the same person on every device.
        stored = {d["id"]: d for d in tx.all("people", mids=True)} if pids else {}
        saved_people = [[pid, stored.get(pid)] for pid in sorted(pids)]
        tx.remove_checkin(rec.seq)
        tx.delete(effects.TABLE, rec.seq)
        removed, kept = effects.take_back(tx, rec.seq, entries)
        sync_achievements(s)
        hist = s.history
        stored_after = {doc["id"] for doc in tx.all("achievements")}
        redo = {"id": effects.REDO_ID, "rev": tx.next_revision, "k": kind, "c": rec.as_dict()}
        if stored_after != stored_before:
            # Badges are stored as announced, and one may stand on history changed since it
            # was won (a person deleted): redo puts back exactly the badges this took away.
            redo["a"] = badges_before
        if saved_effects:
            redo["e"] = saved_effects
        if saved_people:
            redo["p"] = saved_people
        tx.put(effects.REDO_TABLE, redo)
        doc = tx.quest(rec.quest)
        relocked = [a for a in ach.ACHIEVEMENTS if a.id in stored_before - stored_after]
        return UndoResult(
            quest_id=rec.quest,
            quest_title=doc["title"] if doc else rec.quest,
            day=date.fromisoformat(rec.day),
            count=rec.count,
            xp=rec.xp,
            level_before=level_for(xp_before),
            level_after=level_for(hist.xp_total),
            relocked=relocked,
            seq=rec.seq,
            kept=tuple(kept),
            removed=tuple(removed),
        )

    def redo(self) -> RedoResult:
        """Bring back the latest undone or deleted check-in, exactly, if nothing was written since."""
        with self.root.writing() as s:
            tx = s.tx
            doc = tx.get(effects.REDO_TABLE, effects.REDO_ID)
            if doc is None or effects.redo_problem(doc):
                raise NothingToRedo(_("there is nothing to redo"))
            if doc["rev"] != tx.revision:
                what = _("undo") if doc["k"] == "undo" else _("delete")
                writes = tx.revision - doc["rev"]
                since = (ngettext("{n} change", "{n} changes", writes).format(n=writes)
                         if writes > 0 else _("a restore"))
                raise NothingToRedo(
                    _("cannot redo the {what} of check-in {seq}: the data file has been "
                      "written since ({since}); redo works only right after an undo or delete. "
                      "To log it again: {command}").format(
                        what=what, seq=doc['c']['seq'], since=since,
                        command=_checkin_command(doc['c']))
                )
            c = doc["c"]
            try:
                rec = CheckInRecord(
                    c["seq"],
                    c["quest"],
                    c["day"],
                    c["count"],
                    c["xp"],
                    c["bonus"],
                    c["at"],
                    c.get("note", ""),
                    tuple(c.get("people", ())),
                    c.get("mid", ""),  # the same check-in on every device
                )
                tx.insert_checkin(rec)
            except (KeyError, TypeError, ValueError) as exc:
                raise NothingToRedo(
                    _("cannot redo: the remembered check-in is damaged ({exc})").format(
                        exc=exc)
                ) from None
            xp_before = s.reread_history().xp_total - rec.xp
            restored = []
            for pid, person in doc.get("p", []):
                if person is None:
                    tx.delete("people", pid)
                else:
                    if tx.get("people", pid) is None:
                        restored.append(person.get("name", pid))
                    tx.put("people", person)
            for eff in doc.get("e", []):
                tx.put(effects.TABLE, eff)
            tx.delete(effects.REDO_TABLE, effects.REDO_ID)
            hist = s.history
            stored = {d["id"] for d in tx.all("achievements")}
            if "a" in doc:
                for badge in tx.all("achievements"):
                    tx.delete("achievements", badge["id"])
                for badge in doc["a"]:
                    tx.put("achievements", badge)
            else:
                sync_achievements(s)
            unlocked = [
                a
                for a in ach.ACHIEVEMENTS
                if a.id in {d["id"] for d in tx.all("achievements")} - stored
            ]
            entry = _entry(rec, _titles(tx))
        return RedoResult(
            kind=doc["k"],
            entry=entry,
            level_before=level_for(xp_before),
            level_after=level_for(hist.xp_total),
            unlocked=unlocked,
            restored=tuple(restored),
        )

    # ---------------------------------------------------------------------- editing
    def edit(
        self, id: str, note: str | None = None, people: Sequence[str] | None = None, count=None
    ) -> LogEntry:
        """Change one past check-in's note, people or count.

        New people move as the check-in would have moved them; people taken off it get the
        inverse of its effect on them (as a delete would).  A new count recomputes this
        check-in's XP as checking in that count on its day would give, from the history
        as it stands without it; other check-ins keep their XP.
        """
        seq = parse_id(id)
        if note is not None:
            check_length("a note", note, MAX_NOTE)
        if count is not None:
            count = int_in("count", count, 1, MAX_COUNT)
        names = None if people is None else _clean_names(people)
        with self.root.writing() as s:
            rec = _find_checkin(s.tx, seq)
            if note is not None:
                rec = rec._replace(note=note)
            if count is not None and count != rec.count:
                rec = self._recount(s, rec, count)
            s.tx.replace_checkin(rec)
            if names is not None:
                rec = self._repeople(s, rec, names)
            if count is not None or names is not None:
                sync_achievements(s)  # a new count or new names can win or move a badge
            return _entry(rec, _titles(s.tx))

    @staticmethod
    def _recount(s: Session, rec: CheckInRecord, count: int) -> CheckInRecord:
        tx = s.tx
        doc = tx.quest(rec.quest)
        tx.remove_checkin(rec.seq)
        hist = s.reread_history()
        if doc is None:
            xp, bonus = rec.xp, rec.bonus
        else:
            parts = earned(s, hist, Quest.from_doc(doc), date.fromisoformat(rec.day), count)
            xp, bonus = parts.total, parts.bonus
        rec = rec._replace(count=count, xp=xp, bonus=bonus)
        tx.insert_checkin(rec)
        return rec

    def _repeople(self, s: Session, rec: CheckInRecord, names: list[str]) -> CheckInRecord:
        tx = s.tx
        docs = tx.all("people")
        for name in names:
            match_person(docs, name)  # an ambiguous name refuses
        wanted: dict[str, dict | None] = {}  # person id (or "+name" for a new one) -> document
        for name in names:
            doc = match_person(docs, name)
            wanted.setdefault(
                doc["id"] if doc else "+" + normalize_name(name), doc or {"name": name}
            )
        old = effects.of(tx, rec.seq, "edit")
        old_ids = {e["i"] for e in old}
        # Names as stored, so renames and merges find them later.
        canonical = [d["name"] for d in wanted.values() if d is not None]
        rec = rec._replace(people=tuple(canonical))
        tx.replace_checkin(rec)
        gone = [e for e in old if e["i"] not in wanted]
        effects.take_back(tx, rec.seq, gone)
        entries = [e for e in old if e["i"] in wanted]
        quest = tx.quest(rec.quest)
        moves_to = Quest.from_doc(quest).moves_to if quest else None
        for key, doc in wanted.items():
            if key in old_ids:
                continue
            if key.startswith("+"):
                entries.append(self._create_for(s, rec, doc["name"], moves_to))  # type: ignore[index]
            else:
                entries.append(effects.give(tx, rec.seq, rec.day, key, moves_to))
        tx.delete(effects.TABLE, rec.seq)
        effects.record(tx, rec.seq, entries)
        return rec

    def _create_for(self, s: Session, rec: CheckInRecord, name: str, moves_to: str | None) -> dict:
        from netquest.rules.people import stage_after_checkin

        tx = s.tx
        doc = self.root.people.new_doc(s, name, {d["id"] for d in tx.all("people")})
        stage = stage_after_checkin("want", moves_to)
        if stage != "want":
            doc["stage_since"] = rec.day
        doc["stage"] = stage
        doc["last_contact"] = rec.day
        tx.put("people", doc)
        return effects.entry_for(doc["id"], None, doc, moves_to)


def _checkin_command(c: dict) -> str:
    """The command that logs a remembered check-in again (its XP is computed afresh)."""
    import shlex

    words = ["netquest", "checkin", c["quest"], "--date", c["day"]]
    if c.get("count", 1) != 1:
        words += ["-c", str(c["count"])]
    note = c.get("note") or ""
    short = len(note) <= 80 and note.isprintable()
    if note and short:
        words += ["--note", note]
    for name in c.get("people", ()):
        words += ["--with", name]
    line = " ".join(shlex.quote(str(w)) for w in words)
    # A long or multi-line note would not fit the one line of the message: it is marked, not spelled out.
    return line + (" --note …" if note and not short else "")


def _clean_names(people: Iterable[str]) -> list[str]:
    out: list[str] = []
    for typed in people:
        if typed and str(typed).strip():
            name = clean_name(typed)
            if all(normalize_name(name) != normalize_name(n) for n in out):
                out.append(name)
    return out
