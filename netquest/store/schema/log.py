"""The check-in log: its entries, checked without an object each, and the documents that hold
them."""

from __future__ import annotations

from datetime import date
from typing import Any, ClassVar

from netquest.i18n import _

from ..ids import FIRST_YEAR, LAST_YEAR, MERGE_ID
from .fields import (
    _DAY,
    MAX_CHECKIN_XP,
    MAX_COUNT,
    MAX_LIST,
    MAX_SEQ,
    MAX_TEXT,
    MAX_TITLE,
    MISSING,
    UTC_INSTANT,
    Record,
    SchemaError,
    _Bad,
    _label,
    check_day,
    check_int,
    check_list,
    check_text,
    merge_id,
    not_an_object,
    quest_id,
    shown,
)


# ------------------------------------------------------------------------- the check-in log
def entry_problem(entry: Any) -> tuple[str | None, str] | None:
    """(field, problem) for a stored check-in list ``[seq, day, count, xp, bonus, at, note?,
    people?, mid?]``, or None."""
    if type(entry) is not list or not 6 <= len(entry) <= 9:
        return None, _("must be a list of 6 to 9 fields, not {value}").format(value=shown(entry))
    seq, day, count, xp, bonus, at = entry[:6]
    try:
        check_int(seq, "seq", 1, MAX_SEQ)
        check_day(day, "day")
        check_int(count, "count", 1, MAX_COUNT)
        check_int(xp, "xp", 0, MAX_CHECKIN_XP)
        check_int(bonus, "bonus", 0, xp)
        if type(at) is not str or not UTC_INSTANT.fullmatch(at):
            raise _Bad("at", _("must be a UTC time such as 2026-03-08T10:00:00Z, not "
                               "{value}").format(value=shown(at)))
        if len(entry) > 6:
            check_text(entry[6], "note", MAX_TEXT)
        if len(entry) > 7:
            for name in check_list(entry[7], "people", MAX_LIST):
                check_text(name, "people", MAX_TITLE, blank=False)
        if len(entry) > 8:
            merge_id(entry[8], "mid")
    except _Bad as bad:
        return bad.field, bad.problem
    return None


def _entries_ok(entries: list, year: int) -> bool:
    """Whether every entry is sound and filed under `year`: one cheap pass for a long log."""
    prefix = f"{year:04d}-"
    days = set()
    day_shape, at_shape, mid_shape = _DAY.fullmatch, UTC_INSTANT.fullmatch, MERGE_ID.fullmatch
    for e in entries:
        if (
            type(e) is not list
            or not 6 <= len(e) <= 9
            or type(e[0]) is not int
            or type(e[2]) is not int
            or type(e[3]) is not int
            or type(e[4]) is not int
            or type(e[1]) is not str
            or type(e[5]) is not str
            or not 0 < e[2] <= MAX_COUNT
            or not 0 <= e[4] <= e[3] <= MAX_CHECKIN_XP
            or not 0 < e[0] <= MAX_SEQ
            or not at_shape(e[5])
        ):
            return False
        if e[1] not in days:
            if not e[1].startswith(prefix) or not day_shape(e[1]):
                return False
            days.add(e[1])
        # The common stored shape since merge ids: empty note and people, then the id.
        if len(e) == 9 and e[6] == "" and e[7] == [] and type(e[8]) is str and mid_shape(e[8]):
            continue
        if len(e) > 6 and (entry_problem(e) is not None):
            return False
    try:
        for day in days:
            date.fromisoformat(day)
    except ValueError:
        return False
    return True


class CheckIn(Record, frozen=True):
    """One check-in as stored in its (quest, year) log document."""

    table: ClassVar[str] = "log"
    seq: int
    day: date
    count: int
    xp: int
    bonus: int
    at: str
    note: str = MISSING
    people: tuple[str, ...] = MISSING
    mid: str = MISSING

    @classmethod
    def from_doc(cls, doc: Any, key: str | None = None):
        problem = entry_problem(doc)
        if problem:
            label = (
                f"check-in {doc[0]}"
                if type(doc) is list and doc and type(doc[0]) is int and doc[0] < 10**18
                else "?"
            )
            raise SchemaError(cls.table, label, *problem)
        seq, day, count, xp, bonus, at = doc[:6]
        note = doc[6] if len(doc) > 6 else MISSING
        people = tuple(doc[7]) if len(doc) > 7 else MISSING
        mid = doc[8] if len(doc) > 8 else MISSING
        return cls(seq, date.fromisoformat(day), count, xp, bonus, at, note, people, mid)

    def to_doc(self) -> list:  # type: ignore[override]
        entry: list[Any] = [
            self.seq,
            self.day.isoformat(),
            self.count,
            self.xp,
            self.bonus,
            self.at,
        ]
        if self.note is not MISSING:
            entry.append(self.note)
        if self.people is not MISSING:
            entry.append(list(self.people))
        if self.mid is not MISSING:
            entry.append(self.mid)
        return entry


class LogDoc(Record, frozen=True):
    """The check-ins of one quest in one year."""

    table: ClassVar[str] = "log"
    required = ("q", "y", "e")
    q: str
    y: int
    e: tuple[CheckIn, ...]

    @classmethod
    def from_doc(cls, doc: Any, key: str | None = None):
        check_log_doc(doc, key)
        return cls(doc["q"], doc["y"], tuple(CheckIn.from_doc(e) for e in doc["e"]))


def check_log_doc(doc: Any, key: str | None = None) -> None:
    """SchemaError unless `doc` is a sound (quest, year) log document; fast on a long log."""
    label = _label(None, key)
    if type(doc) is not dict:
        raise SchemaError("log", label, None, not_an_object(doc))
    try:
        for name in doc:
            if name not in ("q", "y", "e"):
                raise _Bad(None, _("has an unknown field {name}").format(name=shown(name)))
        for name in ("q", "y", "e"):
            if name not in doc:
                raise _Bad(name, _("is missing"))
        quest_id(doc["q"], "q")
        year = check_int(doc["y"], "y", FIRST_YEAR, LAST_YEAR)
        entries = check_list(doc["e"], "e", 10**7)
    except _Bad as bad:
        raise SchemaError("log", label, bad.field, bad.problem) from None
    label = f"{doc['q']!r} {year}"
    if _entries_ok(entries, year):
        return
    for e in entries:
        problem = entry_problem(e)
        if problem:
            raise SchemaError(
                "log", f"{label} check-in {shown(e[0]) if type(e) is list and e else '?'}", *problem
            )
        if int(e[1][:4]) != year:
            raise SchemaError(
                "log",
                f"{label} check-in {e[0]}",
                "day",
                _("is {day}, not in the year {year} it is filed under").format(day=e[1],
                                                                               year=year),
            )
