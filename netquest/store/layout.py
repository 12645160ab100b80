"""The compact on-disk layout of the check-in log: one document per (quest, year) of short lists.

TinyDB rewrites the whole file on every write and a user logs tens of thousands of
check-ins over the years, so each check-in is a list, not a dict, and trailing empty
fields are left out:

    {"q": "coffee", "y": 2026, "e": [[seq, "2026-03-08", count, xp, bonus, at, note, people, mid], ...]}

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
import re
import zlib
from contextlib import contextmanager
from datetime import date
from typing import Any, Iterator, NamedTuple, Sequence

from netquest.store.ids import FIRST_YEAR, LAST_YEAR


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
    mid: str = ""  # merge id (sync); "" only in a record not yet stored

    def as_dict(self) -> dict:
        """The check-in as plain JSON data (a dump's and a redo memo's form)."""
        d = self._asdict()
        d["people"] = list(self.people)
        return d


def encode(rec: CheckInRecord) -> list:
    """The stored list for a record, without the quest and trailing empty fields."""
    entry: list[Any] = [rec.seq, rec.day, rec.count, rec.xp, rec.bonus, rec.at]
    if rec.mid:
        entry += [rec.note, list(rec.people), rec.mid]
    elif rec.people:
        entry += [rec.note, list(rec.people)]
    elif rec.note:
        entry.append(rec.note)
    return entry


def decode(quest: str, entry: list) -> CheckInRecord:
    """The record for a stored list of `quest`."""
    n = len(entry)
    if n == 6:
        # The common case: building the tuple directly skips NamedTuple's defaults handling.
        return tuple.__new__(
            CheckInRecord,
            (entry[0], quest, entry[1], entry[2], entry[3], entry[4], entry[5], "", (), ""),
        )
    return CheckInRecord(
        entry[0],
        quest,
        entry[1],
        entry[2],
        entry[3],
        entry[4],
        entry[5],
        entry[6],
        tuple(entry[7]) if n > 7 else (),
        entry[8] if n > 8 else "",
    )


def year_of(day: str) -> int:
    """The calendar year a "YYYY-MM-DD" day is filed under."""
    return int(day[:4])


def check_fields(
    quest: Any,
    day: Any,
    count: Any,
    xp: Any,
    bonus: Any,
    at: Any,
    note: Any,
    people: Any,
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
    if (
        isinstance(people, str)
        or not isinstance(people, Sequence)
        or not all(isinstance(p, str) for p in people)
    ):
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
    """A log document still in its stored bytes (a view into the bytes the file was read
    as); its quest and year come from the index."""

    __slots__ = ("key", "q", "y", "segment")

    def __init__(self, key: str, q: str, y: int, segment: bytes | memoryview) -> None:
        self.key, self.q, self.y, self.segment = key, q, y, segment

    def parse(self) -> dict:
        """The document, its quest and year from the index (which split_file matched to its bytes).

        Only the list of entries is parsed: a document's bytes that hold anything after it
        (a second "e" or "q") are damage, not a document with keys read twice.  Bytes that
        do not parse raise `UnreadableDoc`.
        """
        start = len(_head_of(self.key, self.q, self.y)) - 1
        try:
            with paused_gc():
                entries = read_entries(self.segment[start:-1])
        except RecursionError:
            raise UnreadableDoc(self.key, _TOO_DEEP) from None
        except ValueError as e:  # not JSON, or a number of more than 4,300 digits
            problem = (
                "holds a number too long to read (more than 4,300 digits)"
                if "digits" in str(e)
                else "is not valid JSON"
            )
            raise UnreadableDoc(self.key, problem) from None
        return {"q": self.q, "y": self.y, "e": entries}


def read_entries(text: bytes | memoryview) -> Any:
    """`json.loads(text)`, sooner: orjson when it reads exactly what json.loads would.

    orjson reads a log document in about half the time, but not always as json.loads
    does: a key given twice keeps the last, a whole number past 64 bits becomes a float,
    nesting past 1,024 levels is an error.  So its value counts only when orjson writes it
    back as the very bytes it read (compact JSON is what NetQuest writes, and one value has
    one compact text): a key dropped, a number changed or any other difference makes the
    texts differ, and json.loads reads the bytes as it always did, with its own errors.
    """
    fast = _orjson()
    if fast is not None:
        try:
            value = fast.loads(text)
            if fast.dumps(value) == text:
                return value
        except (fast.JSONDecodeError, fast.JSONEncodeError):
            pass
    return json.loads(bytes(text))


def _orjson() -> Any:
    """The orjson module, or None where it is not installed (imported on first use)."""
    global _fast
    if _fast is False:
        try:
            import orjson
        except ImportError:
            orjson = None
        _fast = orjson
    return _fast


_fast: Any = False


class UnreadableDoc(ValueError):
    """A log document vouched for by the index whose bytes do not parse."""

    def __init__(self, key: str, problem: str) -> None:
        self.key, self.problem = key, problem
        super().__init__(f"log document {key} {problem}")


_DOC_KEY = re.compile(r"[1-9][0-9]{0,17}")
_QUEST = re.compile(r"[a-z0-9][a-z0-9_-]{0,31}")


def _head_of(key: str, q: str, y: int) -> bytes:
    """The bytes join_file writes before a document's entries: `"KEY":{"q":"QUEST","y":YEAR,"e":[`."""
    return b'"%s":{"q":"%s","y":%d,"e":[' % (key.encode(), q.encode(), y)


class JSONTooComplex(ValueError):
    """JSON nested deeper than NetQuest's records ever are, or with a number too long to read."""


# NetQuest's own records nest a handful of levels; anything near Python's recursion limit
# would parse here and then fail later, deeper in the call stack (copying, writing).
MAX_DEPTH = 64
_TOO_DEEP = f"is nested too deeply to read (more than {MAX_DEPTH} levels)"


class DuplicateKey(JSONTooComplex):
    """A JSON object with one key twice: json.loads would silently keep the last."""


def unique_keys(pairs: list) -> dict:
    """object_pairs_hook that refuses an object with a key twice (which one counts is anyone's guess)."""
    doc = dict(pairs)
    if len(doc) != len(pairs):
        seen: set = set()
        for key, _ in pairs:
            if key in seen:
                shown = key if len(key) <= 40 else key[:40] + "…"
                raise DuplicateKey(
                    f"has the key {shown!r} twice in one object (which one counts is unclear)"
                )
            seen.add(key)
    return doc


def loads(text: str | bytes) -> object:
    """json.loads, with nesting and number-length limits and keys given twice turned into one-line JSONTooComplex."""
    try:
        with paused_gc():
            value = json.loads(text, object_pairs_hook=unique_keys)
    except RecursionError:
        raise JSONTooComplex(_TOO_DEEP) from None
    except (json.JSONDecodeError, JSONTooComplex):
        raise
    except ValueError as e:
        # int() refuses numbers of more than 4,300 digits (sys.set_int_max_str_digits).
        if "digits" in str(e):
            raise JSONTooComplex(
                "holds a number too long to read (more than 4,300 digits)"
            ) from None
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
    # The log is the last table, so its key is looked for from the front (the log's own
    # bytes are most of the file); should a record before it hold a key "log", the last
    # such key is tried as well.
    first = data.find(LOG_KEY)
    if first < 0:
        return None
    head = _head(data, first)
    start = first
    if head is None:
        start = data.rfind(LOG_KEY)
        head = _head(data, start) if start != first else None
    if head is None or "log" in head:
        return None  # the full parse says what is wrong (a log table given twice, say)
    try:
        index = head.pop(INDEX_TABLE)["1"]
        crc, docs = index["crc"], index["docs"]
    except (TypeError, KeyError, AttributeError):
        return None
    # Views into the bytes read, not copies: the log is most of the file.
    body = memoryview(data)[start + len(LOG_KEY) : -2]
    if type(crc) is not int or _crc(body, head) != crc or not isinstance(docs, list):
        return None
    log: dict[str, Any] = {}
    pos = 0
    for item in docs:
        if type(item) is not list or len(item) != 4:
            return None
        key, q, y, size = item
        # The index must say exactly what each document's bytes say, or nothing is trusted
        # to it: a document key as TinyDB writes it (a whole number), its quest and year as
        # the document's own first fields, a length that is a positive whole number.
        if (
            type(key) is not str
            or not _DOC_KEY.fullmatch(key)
            or key in log
            or type(q) is not str
            or not _QUEST.fullmatch(q)
            or type(y) is not int
            or not FIRST_YEAR <= y <= LAST_YEAR
            or type(size) is not int
            or size <= 0
        ):
            return None
        segment = body[pos : pos + size]
        head_bytes = _head_of(key, q, y)
        if (
            segment[: len(head_bytes)] != head_bytes
            or segment[-2:] != b"]}"
            or body[pos + size : pos + size + 1] not in (b",", b"")  # the comma between them
        ):
            return None
        log[key] = RawDoc(key, q, y, segment)
        pos += size + 1
    if pos != len(body) + 1 and not (pos == 0 and not body):
        return None
    head["log"] = log
    return head


def _head(data: bytes, start: int) -> dict | None:
    """The tables before the log key at `start`, parsed; None when they are not an object."""
    try:
        head = json.loads(data[:start] + b"}", object_pairs_hook=unique_keys)
    except (ValueError, RecursionError):
        return None
    return head if type(head) is dict else None


def _crc(body: bytes, head: dict) -> int:
    """The CRC of the log and of the check-in counter in the meta record.

    The counter is vouched for with the log: every seq in the log is at most the counter,
    which is checked only when the whole log is read.  A counter edited by hand (so the
    next check-in would take a seq in use) fails the CRC, and the whole file is checked.
    """
    meta = head.get("meta")
    seq = next(iter(meta.values()), None) if type(meta) is dict else None
    seq = seq.get("seq") if type(seq) is dict else None
    return zlib.crc32(body, zlib.crc32(b"seq %d;" % seq if type(seq) is int else b"seq ?;"))


def join_file(raw: dict, unchanged: dict[str, RawDoc] | None = None) -> bytes:
    """The file's bytes: compact JSON, the log last, untouched log documents copied as they were.

    `unchanged` names log documents that were parsed but not changed since (by their key):
    their stored bytes are copied too, rather than encoded again.
    """
    segments = []
    index = []
    unchanged = unchanged or {}
    with paused_gc():
        for key, doc in raw.get("log", {}).items():
            kept = doc if type(doc) is RawDoc else unchanged.get(key)
            if kept is not None and kept.key == key:
                segment, q, y = kept.segment, kept.q, kept.y
            else:
                if type(doc) is RawDoc:
                    doc = doc.parse()
                q, y = doc["q"], doc["y"]
                if (
                    set(doc) == {"q", "y", "e"}
                    and _DOC_KEY.fullmatch(key)
                    and type(q) is str
                    and _QUEST.fullmatch(q)
                    and type(y) is int
                ):
                    # Always in the shape split_file checks the index against.
                    segment = (
                        _head_of(key, q, y)
                        + json.dumps(doc["e"], ensure_ascii=False, separators=(",", ":"))[
                            1:
                        ].encode()
                        + b"}"
                    )
                else:
                    segment = (
                        json.dumps(key)
                        + ":"
                        + json.dumps(doc, ensure_ascii=False, separators=(",", ":"))
                    ).encode()
            segments.append(segment)
            index.append([key, q, y, len(segment)])
        body = b",".join(segments)
        head = {name: table for name, table in raw.items() if name != "log"}
        head[INDEX_TABLE] = {"1": {"crc": _crc(body, head), "docs": index}}
        text = json.dumps(head, ensure_ascii=False, separators=(",", ":")).encode()
    return text[:-1] + LOG_KEY + body + b"}}"
