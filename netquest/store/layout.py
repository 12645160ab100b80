"""The compact on-disk layout of the check-in log: one document per (quest, year) of short lists.

TinyDB rewrites the whole file on every write and a user logs tens of thousands of
check-ins over the years, so each check-in is a list, not a dict, and trailing empty
fields are left out:

    {"q": "coffee", "y": 2026, "e": [[seq, "2026-03-08", count, xp, bonus, at, note, people], ...]}

Parsing and re-encoding ~50,000 lists costs more than a whole Python start, so the log
is written as the file's last table with an index (`_logindex`: each document's key,
quest, year and byte length, and a CRC of the log's bytes).  A check-in then parses only
the head of the file and the one (quest, year) document it appends to; the others are
carried over byte for byte as `RawDoc`s.  The CRC is what makes this safe: when the log
is not exactly what NetQuest wrote (hand edits, damage, other writers), the whole file is
parsed and checked as usual.
"""

from __future__ import annotations

import gc
import json
import zlib
from contextlib import contextmanager
from datetime import date
from typing import Any, Iterator, NamedTuple, Sequence


class CheckInRecord(NamedTuple):
    """One check-in as the rest of NetQuest sees it."""

    seq: int
    quest: str
    day: str  # habit day, "YYYY-MM-DD"
    count: int
    xp: int  # all XP this check-in gave: base + streak bonus + perfect-day bonus
    bonus: int  # the part of `xp` that is not base XP, for display
    at: str  # UTC instant, "2026-03-08T10:00:00Z"
    note: str = ""
    people: tuple[str, ...] = ()


def encode(rec: CheckInRecord) -> list:
    """The stored list for a record, without the quest and trailing empty fields."""
    entry: list[Any] = [rec.seq, rec.day, rec.count, rec.xp, rec.bonus, rec.at]
    if rec.people:
        entry += [rec.note, list(rec.people)]
    elif rec.note:
        entry.append(rec.note)
    return entry


def decode(quest: str, entry: list) -> CheckInRecord:
    """The record for a stored list of `quest`."""
    n = len(entry)
    if n == 6:
        # The common case: building the tuple directly skips NamedTuple's defaults handling.
        return tuple.__new__(CheckInRecord, (entry[0], quest, entry[1], entry[2], entry[3], entry[4], entry[5], "", ()))
    return CheckInRecord(
        entry[0], quest, entry[1], entry[2], entry[3], entry[4], entry[5],
        entry[6], tuple(entry[7]) if n > 7 else (),
    )


def year_of(day: str) -> int:
    """The calendar year a "YYYY-MM-DD" day is filed under."""
    return int(day[:4])


def check_fields(
    quest: Any, day: Any, count: Any, xp: Any, bonus: Any, at: Any, note: Any, people: Any,
) -> tuple[str, ...]:
    """Validate the fields of a new check-in; return `people` as a tuple or raise ValueError."""
    if not isinstance(quest, str) or not quest:
        raise ValueError(f"quest must be a non-empty id, not {quest!r}")
    if not isinstance(day, str) or len(day) != 10:
        raise ValueError(f"day must be YYYY-MM-DD, not {day!r}")
    try:
        date.fromisoformat(day)
    except ValueError:
        raise ValueError(f"day must be YYYY-MM-DD, not {day!r}") from None
    for name, value in (("count", count), ("xp", xp), ("bonus", bonus)):
        if type(value) is not int:
            raise ValueError(f"{name} must be a whole number, not {value!r}")
    if not isinstance(at, str) or not at.endswith("Z"):
        raise ValueError(f"at must be a UTC ISO time such as 2026-03-08T10:00:00Z, not {at!r}")
    if not isinstance(note, str):
        raise ValueError(f"note must be text, not {note!r}")
    if isinstance(people, str) or not isinstance(people, Sequence) or not all(isinstance(p, str) for p in people):
        raise ValueError(f"people must be a list of names, not {people!r}")
    for text in (quest, note, *people):
        check_text(text)
    return tuple(people)


def check_text(text: str) -> None:
    """Refuse text that cannot be written as UTF-8 (lone surrogates from undecodable input)."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise ValueError(f"text {text!r} is not valid Unicode") from None


@contextmanager
def paused_gc() -> Iterator[None]:
    """Hold off the cyclic GC while tens of thousands of small lists are made or walked.

    Parsing the log allocates ~50,000 lists; each allocation burst triggers a collection
    that rescans them all, which roughly doubles the time of a check-in.  Nothing here
    makes reference cycles, so pausing is safe.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


LOG_KEY = b',"log":{'
INDEX_TABLE = "_logindex"


class RawDoc:
    """A log document still in its stored bytes; its quest and year come from the index."""

    __slots__ = ("key", "q", "y", "segment")

    def __init__(self, key: str, q: str, y: int, segment: bytes) -> None:
        self.key, self.q, self.y, self.segment = key, q, y, segment

    def parse(self) -> dict:
        with paused_gc():
            return json.loads(self.segment[self.segment.index(b":") + 1:])


class JSONTooComplex(ValueError):
    """JSON nested deeper than NetQuest's records ever are, or with a number too long to read."""


# NetQuest's own records nest a handful of levels; anything near Python's recursion limit
# would parse here and then fail later, deeper in the call stack (copying, writing).
MAX_DEPTH = 64
_TOO_DEEP = f"is nested too deeply to read (more than {MAX_DEPTH} levels)"


def loads(text: str | bytes) -> object:
    """json.loads, with nesting and number-length limits turned into one-line JSONTooComplex."""
    try:
        with paused_gc():
            value = json.loads(text)
    except RecursionError:
        raise JSONTooComplex(_TOO_DEEP) from None
    except json.JSONDecodeError:
        raise
    except ValueError as e:
        # int() refuses numbers of more than 4,300 digits (sys.set_int_max_str_digits).
        if "digits" in str(e):
            raise JSONTooComplex("holds a number too long to read (more than 4,300 digits)") from None
        raise
    refuse_deep(value)
    return value


def refuse_deep(value: object) -> None:
    """JSONTooComplex when `value` nests more than MAX_DEPTH levels (one pass per level, no recursion)."""
    level = [value]
    for _ in range(MAX_DEPTH + 1):
        deeper: list = []
        for v in level:
            if type(v) is dict:
                deeper += [x for x in v.values() if type(x) is dict or type(x) is list]
            elif type(v) is list:
                deeper += [x for x in v if type(x) is dict or type(x) is list]
        if not deeper:
            return
        level = deeper
    raise JSONTooComplex(_TOO_DEEP)


def split_file(data: bytes) -> dict | None:
    """Parse all of a file but its check-in log, which stays in RawDocs; None when the index does not vouch for it."""
    if not data.endswith(b"}}"):
        return None
    start = data.rfind(LOG_KEY)
    if start < 0:
        return None
    try:
        head = json.loads(data[:start] + b"}")
        index = head.pop(INDEX_TABLE)["1"]
        crc, docs = index["crc"], index["docs"]
    except (ValueError, TypeError, KeyError, AttributeError, RecursionError):
        return None  # the full parse says what is wrong
    body = data[start + len(LOG_KEY):-2]
    if type(crc) is not int or zlib.crc32(body) != crc or not isinstance(docs, list):
        return None
    log: dict[str, Any] = {}
    pos = 0
    for item in docs:
        if type(item) is not list or len(item) != 4:
            return None
        key, q, y, size = item
        segment = body[pos:pos + size]
        if type(key) is not str or type(q) is not str or type(y) is not int or not segment.startswith(b'"%s":{' % key.encode()):
            return None
        log[key] = RawDoc(key, q, y, segment)
        pos += size + 1  # the comma between documents
    if pos != len(body) + 1 and not (pos == 0 and not body):
        return None
    head["log"] = log
    return head


def join_file(raw: dict) -> bytes:
    """The file's bytes: compact JSON, the log last, untouched log documents copied as they were."""
    segments = []
    index = []
    with paused_gc():
        for key, doc in raw.get("log", {}).items():
            if type(doc) is RawDoc and doc.key == key:
                segment, q, y = doc.segment, doc.q, doc.y
            else:
                if type(doc) is RawDoc:
                    doc = doc.parse()
                segment = (json.dumps(key) + ":" + json.dumps(doc, ensure_ascii=False, separators=(",", ":"))).encode()
                q, y = doc["q"], doc["y"]
            segments.append(segment)
            index.append([key, q, y, len(segment)])
        body = b",".join(segments)
        head = {name: table for name, table in raw.items() if name != "log"}
        head[INDEX_TABLE] = {"1": {"crc": zlib.crc32(body), "docs": index}}
        text = json.dumps(head, ensure_ascii=False, separators=(",", ":")).encode()
    return text[:-1] + LOG_KEY + body + b"}}"
