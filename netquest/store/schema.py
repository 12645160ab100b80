"""The one typed schema of every record NetQuest stores, checked on load, on import, on every write and by doctor.

Each record kind is a frozen dataclass with one `from_doc` that checks every field (type,
range, date, id shape, text length) and one `to_doc` that gives the stored form back.  A
bad record raises `SchemaError`, whose message names the table, the record, the field and
what is wrong.  `RECORDS` maps each table to its record class: a new table adds one class
and one entry there.

The check-in log is the exception to "one dataclass per record": a long history holds tens
of thousands of check-ins, so they are checked by `entry_problem` without building an
object each (`CheckIn.from_doc` uses the same check).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, fields
from datetime import date
from typing import Any, Callable, ClassVar, Iterable

from netquest.rules.achievements import ACHIEVEMENTS
from netquest.rules.cadence import CadenceError, parse_cadence
from netquest.rules.goals import GOAL_KINDS, KR_KINDS, OUTCOMES
from netquest.rules.people import STAGE_IDS

from .ids import GOAL_ID, KEY_RESULT_ID, MAX_PERSON_ID, PERSON_ID, QUEST_ID
from .migrations import APP

# Limits, as the services enforce them on what a user types.
MAX_TITLE = 120  # quest titles, names, key-result titles
MAX_TEXT = 2000  # notes, goal texts, reasons
MAX_WHERE = 120
MAX_TAG = 40
MAX_TAGS = 20
MAX_CONTACT = 300
MAX_COUNT = 1000
QUEST_TARGET, QUEST_XP = 1, 10  # what a quest stored without a target or XP counts
MAX_QUEST_XP = 1000
MAX_QUEST_TARGET = 1000
MAX_INTERVAL = 3650
MAX_KEY_RESULTS = 12
MAX_GOAL_TARGET = 1_000_000
MAX_CHECKIN_XP = 10**9  # far above what any check-in can earn (base XP x count, doubled, + bonus)
MAX_SEQ = 2**53  # seqs stay exact in any JSON reader
MAX_LIST = 1000  # reviews, skipped weeks, served quests: a sane bound on lists the app only appends to
MAX_PEOPLE_UNDO = 1000
MAX_UNIT = 40
MAX_ORIGIN = 80
REMINDER_DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
REMINDER_TIME = re.compile(r"([01][0-9]|2[0-3]):[0-5][0-9]")

ACHIEVEMENT_IDS = frozenset(a.id for a in ACHIEVEMENTS)
GOAL_STATUSES = ("focus", "waiting", "archived")
CONTACT_KINDS = ("email", "profile", "booking")
SETTING_KEYS = ("day_start_hour", "week_start", "timezone", "theme")  # the ones `netquest settings` sets
WEEK_STARTS = ("mon", "sun")
THEME_NAME = re.compile(r"[A-Za-z0-9_.-]{1,40}")
TIMEZONE_NAME = re.compile(r"[A-Za-z0-9_+\-]+(?:/[A-Za-z0-9_+\-]+)*")
UTC_INSTANT = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,6})?Z")
COUNTER_NAME = re.compile(r"[a-z][a-z0-9_]{0,31}")
_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
RECORD_KEY = re.compile(r"[1-9][0-9]{0,17}")  # TinyDB's document ids, as it writes them
MISSING: Any = type("Missing", (), {"__repr__": lambda self: "MISSING", "__bool__": lambda self: False})()


class SchemaError(ValueError):
    """A stored record that breaks the schema: `str()` names table, record, field and the problem."""

    def __init__(self, table: str, record: str, field: str | None, problem: str) -> None:
        self.table, self.record, self.field, self.problem = table, record, field, problem
        where = f"{table} record {record}" if record != "-" else f"table {table}"
        super().__init__(f"{where}: field {field!r} {problem}" if field else f"{where}: {problem}")


class StoredDamage(SchemaError):
    """Damage found in records read from the file (not in a value about to be written)."""


class _Bad(Exception):
    """A field's problem, before the record it belongs to is known."""

    def __init__(self, field: str | None, problem: str) -> None:
        self.field, self.problem = field, problem


def shown(value: Any) -> str:
    """A short, safe rendering of a stored value for a message (never a huge or deep repr)."""
    if value is None:
        return "null"
    if value is True or value is False:
        return "true" if value else "false"
    if type(value) is int:
        if value.bit_length() > 64:
            return f"a {len(str(abs(value))) if value.bit_length() < 13000 else 'many'}-digit number"
        return str(value)
    if type(value) is float:
        return repr(value)
    if type(value) is str:
        return repr(value if len(value) <= 40 else value[:40] + "…")
    if type(value) is list:
        return f"a list of {len(value)}"
    if type(value) is dict:
        return f"an object of {len(value)} fields"
    return type(value).__name__


def _not(value: Any) -> str:
    return f", not {shown(value)}"


# ----------------------------------------------------------------------------- field checks
def check_text(value: Any, field: str, limit: int, blank: bool = True) -> str:
    if type(value) is not str:
        raise _Bad(field, f"must be text{_not(value)}")
    if len(value) > limit:
        raise _Bad(field, f"may have at most {limit} characters, not {len(value)}")
    if not blank and not value.strip():
        raise _Bad(field, "must not be empty")
    if not value.isascii():
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            raise _Bad(field, "holds a lone surrogate, which is not valid Unicode") from None
    return value


def check_int(value: Any, field: str, low: int, high: int) -> int:
    if type(value) is not int or not low <= value <= high:
        raise _Bad(field, f"must be a whole number from {low} to {high}{_not(value)}")
    return value


def check_number(value: Any, field: str, low: float, high: float, whole: bool) -> int | float:
    ok = type(value) is int or (not whole and type(value) is float and value == value)
    if not ok or not low <= value <= high:
        kind = "a whole number" if whole else "a number"
        raise _Bad(field, f"must be {kind} from {low:g} to {high:g}{_not(value)}")
    return value


def check_bool(value: Any, field: str) -> bool:
    if value is not True and value is not False:
        raise _Bad(field, f"must be true or false{_not(value)}")
    return value


def check_day(value: Any, field: str) -> date:
    """A day stored as exactly YYYY-MM-DD that exists (years 1 to 9999)."""
    if type(value) is str and len(value) == 10 and _DAY.fullmatch(value):
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    raise _Bad(field, f"must be a date written YYYY-MM-DD{_not(value)}")


def check_id(value: Any, field: str, pattern: re.Pattern, what: str, limit: int = 40) -> str:
    if type(value) is not str or len(value) > limit or not pattern.fullmatch(value):
        raise _Bad(field, f"must be {what}{_not(value)}")
    return value


def quest_id(value: Any, field: str = "id") -> str:
    return check_id(value, field, QUEST_ID, "a quest id (1-32 of a-z, 0-9, - and _, starting with a letter or digit)")


def person_id(value: Any, field: str = "id") -> str:
    return check_id(value, field, PERSON_ID, "a person id (words of a-z and 0-9 joined by -)", MAX_PERSON_ID)


def goal_id(value: Any, field: str = "id") -> str:
    return check_id(value, field, GOAL_ID, "a goal id such as g1")


def check_choice(value: Any, field: str, choices: Iterable[str]) -> str:
    if type(value) is not str or value not in choices:
        raise _Bad(field, f"must be one of {', '.join(choices)}{_not(value)}")
    return value


def check_list(value: Any, field: str, limit: int) -> list:
    if type(value) is not list:
        raise _Bad(field, f"must be a list{_not(value)}")
    if len(value) > limit:
        raise _Bad(field, f"may hold at most {limit} items, not {len(value)}")
    return value


def check_reminder(value: Any, field: str) -> dict:
    """A reminder: {"time": "HH:MM", "days": [weekday names, each once, in week order]}."""
    if type(value) is not dict or set(value) != {"time", "days"}:
        raise _Bad(field, f"must be an object with time and days{_not(value)}")
    time, days = value["time"], value["days"]
    if type(time) is not str or not REMINDER_TIME.fullmatch(time):
        raise _Bad(field, f"time must be HH:MM (00:00 to 23:59){_not(time)}")
    if (type(days) is not list or not days or any(type(d) is not str or d not in REMINDER_DAYS for d in days)
            or days != sorted(set(days), key=REMINDER_DAYS.index)):
        raise _Bad(field, f"days must be weekday names (mon to sun), each once, in week order{_not(days)}")
    return {"time": time, "days": list(days)}


def optional(check: Callable[..., Any]) -> Callable[..., Any]:
    """`check` that also lets null through."""
    def either(value: Any, field: str, *args: Any) -> Any:
        return None if value is None else check(value, field, *args)
    return either


opt_day = optional(check_day)


# ------------------------------------------------------------------------------ records
class Record:
    """A stored record kind: its table, its fields and which of them must be present."""

    table: ClassVar[str]
    required: ClassVar[tuple[str, ...]] = ()
    _names: ClassVar[frozenset[str]]

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        cls._names = frozenset()

    @classmethod
    def from_doc(cls, doc: Any, key: str | None = None):
        """The record for a stored document; SchemaError naming the first thing wrong."""
        if type(doc) is not dict:
            raise SchemaError(cls.table, _label(None, key), None, f"must be an object{_not(doc)}")
        try:
            if not cls._names:
                cls._names = frozenset(f.name for f in fields(cls))  # type: ignore[arg-type]
            for name in doc:
                if name not in cls._names:
                    raise _Bad(None, f"has an unknown field {shown(name)}")
            for name in cls.required:
                if name not in doc:
                    raise _Bad(name, "is missing")
            return cls._read(doc)
        except _Bad as bad:
            raise SchemaError(cls.table, _label(doc.get("id"), key), bad.field, bad.problem) from None

    @classmethod
    def _read(cls, doc: dict):
        raise NotImplementedError

    def to_doc(self) -> dict:
        """The stored form: fields that were absent stay absent."""
        return {f.name: _dumped(getattr(self, f.name)) for f in fields(self)  # type: ignore[arg-type]
                if getattr(self, f.name) is not MISSING}


def _dumped(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Record):
        return value.to_doc()
    if isinstance(value, tuple):
        return [_dumped(v) for v in value]
    if isinstance(value, dict):
        return {k: _dumped(v) for k, v in value.items()}
    return value


def _label(record_id: Any, key: str | None) -> str:
    """How a message names a record: its id when that is printable, else its key in the table."""
    if type(record_id) is str and len(record_id) <= 40 and record_id.isprintable():
        return repr(record_id)
    if type(record_id) is int and 0 <= record_id < 10**18:
        return str(record_id)
    if key is None:
        return "?"
    return f"#{key}" if key.isascii() and key.isdigit() and len(key) <= 12 else shown(key)


def _get(doc: dict, name: str, check: Callable[..., Any], *args: Any) -> Any:
    return check(doc[name], name, *args) if name in doc else MISSING


@dataclass(frozen=True)
class Meta(Record):
    """The file's own record: which app wrote it, its schema version and the check-in counter."""

    table: ClassVar[str] = "meta"
    required = ("app", "schema", "seq")
    app: str
    schema: int
    seq: int
    counters: tuple[tuple[str, int], ...] = ()  # more counters added by later versions

    @classmethod
    def from_doc(cls, doc: Any, key: str | None = None):
        if type(doc) is not dict:
            raise SchemaError(cls.table, _label(None, key), None, f"must be an object{_not(doc)}")
        try:
            for name in cls.required:
                if name not in doc:
                    raise _Bad(name, "is missing")
            return cls._read(doc)
        except _Bad as bad:
            raise SchemaError(cls.table, _label(None, key), bad.field, bad.problem) from None

    @classmethod
    def _read(cls, doc: dict) -> "Meta":
        if doc["app"] != APP:
            raise _Bad("app", f"must be {APP!r}{_not(doc['app'])}")
        counters = []
        for name, value in doc.items():
            if name in ("app", "schema", "seq"):
                continue
            if not COUNTER_NAME.fullmatch(name):
                raise _Bad(None, f"has an unknown field {shown(name)}")
            counters.append((name, check_int(value, name, 0, MAX_SEQ)))
        return cls(APP, check_int(doc["schema"], "schema", 1, 10**6), check_int(doc["seq"], "seq", 0, MAX_SEQ),
                   tuple(counters))

    def to_doc(self) -> dict:
        return {"app": self.app, "schema": self.schema, "seq": self.seq, **dict(self.counters)}


@dataclass(frozen=True)
class UndoMemo(Record):
    """Settings' `people_undo`: people as they were before a recent check-in changed them."""

    table: ClassVar[str] = "settings"
    required = ("seq", "before")
    seq: int
    before: tuple[tuple[str, "Person | None"], ...]

    @classmethod
    def _read(cls, doc: dict) -> "UndoMemo":
        before = []
        for item in check_list(doc["before"], "before", MAX_LIST):
            if type(item) is not dict or set(item) != {"id", "doc"}:
                raise _Bad("before", f"must hold objects with an id and a doc{_not(item)}")
            pid = person_id(item["id"], "before")
            person = None
            if item["doc"] is not None:
                try:
                    person = Person.from_doc(item["doc"])
                except SchemaError as exc:
                    raise _Bad("before", f"holds a bad person ({exc})") from None
                if person.id != pid:
                    raise _Bad("before", f"holds person {person.id!r} under id {pid!r}")
            before.append((pid, person))
        return cls(check_int(doc["seq"], "seq", 1, MAX_SEQ), tuple(before))

    def to_doc(self) -> dict:
        return {"seq": self.seq, "before": [{"id": pid, "doc": p.to_doc() if p else None} for pid, p in self.before]}


@dataclass(frozen=True)
class Settings(Record):
    """The one settings record: what `netquest settings` sets, whether `init` ran, the people undo memo.

    Keys this version does not know are kept and ignored when loading (`extra`); import
    refuses them and doctor names them.
    """

    table: ClassVar[str] = "settings"
    day_start_hour: int = MISSING
    week_start: str = MISSING
    timezone: str | None = MISSING
    theme: str = MISSING
    initialized: bool = MISSING
    people_undo: tuple[UndoMemo, ...] = MISSING
    extra: tuple[str, ...] = ()

    @classmethod
    def from_doc(cls, doc: Any, key: str | None = None, strict: bool = False):
        """With `strict`, a key this version does not know is an error (import)."""
        if type(doc) is not dict:
            raise SchemaError(cls.table, _label(None, key), None, f"must be an object{_not(doc)}")
        try:
            rec = cls._read(doc)
        except _Bad as bad:
            raise SchemaError(cls.table, _label(None, key), bad.field, bad.problem) from None
        if strict and rec.extra:
            raise SchemaError(cls.table, _label(None, key), None, f"has an unknown setting {shown(rec.extra[0])}")
        return rec

    @classmethod
    def _read(cls, doc: dict) -> "Settings":
        memos = MISSING
        if "people_undo" in doc:
            memos = []
            for item in check_list(doc["people_undo"], "people_undo", MAX_PEOPLE_UNDO):
                try:
                    memos.append(UndoMemo.from_doc(item))
                except SchemaError as exc:
                    raise _Bad("people_undo", f"holds a bad entry ({exc.field or ''} {exc.problem})".replace("( ", "(")) from None
            memos = tuple(memos)
        known = {"day_start_hour", "week_start", "timezone", "theme", "initialized", "people_undo"}
        for name in doc:
            if name not in known:
                # Kept as they are and written back: they must be text that can be written.
                try:
                    json.dumps([name, doc[name]], ensure_ascii=False, allow_nan=False).encode("utf-8")
                except (TypeError, ValueError):
                    raise _Bad(None, f"has a setting {shown(name)} that cannot be written back "
                                     "(text that is not Unicode, or NaN)") from None
        return cls(
            day_start_hour=_get(doc, "day_start_hour", check_int, 0, 23),
            week_start=_get(doc, "week_start", check_choice, WEEK_STARTS),
            timezone=_get(doc, "timezone", optional(check_id), TIMEZONE_NAME, "a time zone name such as Europe/Berlin", 64),
            theme=_get(doc, "theme", check_id, THEME_NAME, "a theme name (1-40 of A-Z, a-z, 0-9, _, . and -)"),
            initialized=_get(doc, "initialized", check_bool),
            people_undo=memos,
            extra=tuple(k for k in doc if k not in known),
        )

    def to_doc(self) -> dict:
        doc = super().to_doc()
        doc.pop("extra", None)
        return doc


@dataclass(frozen=True)
class Quest(Record):
    """A recurring action under a tip."""

    table: ClassVar[str] = "quests"
    required = ("id", "title", "tip", "cadence", "start")
    id: str
    title: str
    tip: int
    cadence: str
    start: date
    target: int = MISSING  # QUEST_TARGET when absent
    xp: int = MISSING  # QUEST_XP when absent
    archived: bool = MISSING
    goal: str | None = MISSING
    moves_to: str | None = MISSING  # absent: as the catalogue or the tip says
    note: str = MISSING  # what the quest is for (Loop's question and description)
    unit: str = MISSING  # what a counted quest counts (Loop's unit: km, pages...)
    reminder: dict = MISSING  # {"time": "HH:MM", "days": ["mon", ...]}
    origin: str = MISSING  # where an imported quest came from ("loop:<uuid>"), so a re-import merges

    @classmethod
    def _read(cls, doc: dict) -> "Quest":
        cadence = doc["cadence"]
        try:
            if type(cadence) is not str or len(cadence) > 60:
                raise CadenceError("")
            parse_cadence(cadence)
        except CadenceError:
            raise _Bad("cadence", f"must be a cadence such as daily, weekdays, mon,thu, 2/week or every 3 days"
                                  f"{_not(cadence)}") from None
        return cls(
            id=quest_id(doc["id"]),
            title=check_text(doc["title"], "title", MAX_TITLE, blank=False),
            tip=check_int(doc["tip"], "tip", 1, 5),
            cadence=cadence,
            start=check_day(doc["start"], "start"),
            target=_get(doc, "target", check_int, 1, MAX_QUEST_TARGET),
            xp=_get(doc, "xp", check_int, 0, MAX_QUEST_XP),
            archived=_get(doc, "archived", check_bool),
            goal=_get(doc, "goal", optional(goal_id)),
            moves_to=_get(doc, "moves_to", optional(check_choice), STAGE_IDS),
            note=_get(doc, "note", check_text, MAX_TEXT),
            unit=_get(doc, "unit", check_text, MAX_UNIT),
            reminder=_get(doc, "reminder", check_reminder),
            origin=_get(doc, "origin", check_text, MAX_ORIGIN),
        )


@dataclass(frozen=True)
class Skip(Record):
    """A skipped day of one quest, or (quest null) a vacation day for all."""

    table: ClassVar[str] = "skips"
    required = ("quest", "day")
    quest: str | None
    day: date
    reason: str = MISSING

    @classmethod
    def _read(cls, doc: dict) -> "Skip":
        return cls(optional(quest_id)(doc["quest"], "quest"), check_day(doc["day"], "day"),
                   _get(doc, "reason", check_text, MAX_TEXT))


@dataclass(frozen=True)
class Person(Record):
    """Someone in the network."""

    table: ClassVar[str] = "people"
    required = ("id", "name")
    id: str
    name: str
    where: str = MISSING
    tags: tuple[str, ...] = MISSING
    stage: str = MISSING
    introduced_by: str | None = MISSING
    notes: str = MISSING
    last_contact: date | None = MISSING
    interval: int | None = MISSING
    created: date | None = MISSING
    stage_since: date | None = MISSING

    @classmethod
    def _read(cls, doc: dict) -> "Person":
        tags = MISSING
        if "tags" in doc:
            tags = tuple(check_text(t, "tags", MAX_TAG, blank=False) for t in check_list(doc["tags"], "tags", MAX_TAGS))
        return cls(
            id=person_id(doc["id"]),
            name=check_text(doc["name"], "name", MAX_TITLE, blank=False),
            where=_get(doc, "where", check_text, MAX_WHERE),
            tags=tags,
            stage=_get(doc, "stage", check_choice, STAGE_IDS),
            introduced_by=_get(doc, "introduced_by", optional(person_id)),
            notes=_get(doc, "notes", check_text, MAX_TEXT),
            last_contact=_get(doc, "last_contact", opt_day),
            interval=_get(doc, "interval", optional(check_int), 1, MAX_INTERVAL),
            created=_get(doc, "created", opt_day),
            stage_since=_get(doc, "stage_since", opt_day),
        )


@dataclass(frozen=True)
class KeyResult(Record):
    """A measurable step of a goal: check-ins of quests, people at a stage, or a number kept by hand."""

    table: ClassVar[str] = "goals"
    required = ("id", "title", "kind", "target")
    id: str
    title: str
    kind: str
    target: int | float
    quests: tuple[str, ...] = MISSING
    stage: str = MISSING
    value: int | float = MISSING
    introduced: bool = MISSING

    @classmethod
    def _read(cls, doc: dict) -> "KeyResult":
        kind = check_choice(doc["kind"], "kind", KR_KINDS)
        quests = MISSING
        if "quests" in doc:
            quests = tuple(quest_id(q, "quests") for q in check_list(doc["quests"], "quests", MAX_LIST))
        return cls(
            id=check_id(doc["id"], "id", KEY_RESULT_ID, "a key result id such as k1"),
            title=check_text(doc["title"], "title", MAX_TITLE, blank=False),
            kind=kind,
            target=check_number(doc["target"], "target", 1, MAX_GOAL_TARGET, whole=kind != "manual"),
            quests=quests,
            stage=_get(doc, "stage", check_choice, STAGE_IDS),
            value=_get(doc, "value", optional(check_number), 0, MAX_GOAL_TARGET, False),
            introduced=_get(doc, "introduced", check_bool),
        )


@dataclass(frozen=True)
class Review(Record):
    """A weekly review of a goal."""

    table: ClassVar[str] = "goals"
    required = ("week", "day")
    week: date
    day: date
    moved: str = MISSING
    stalled: str = MISSING
    next_ask: str = MISSING

    @classmethod
    def _read(cls, doc: dict) -> "Review":
        return cls(check_day(doc["week"], "week"), check_day(doc["day"], "day"),
                   _get(doc, "moved", check_text, MAX_TEXT), _get(doc, "stalled", check_text, MAX_TEXT),
                   _get(doc, "next_ask", check_text, MAX_TEXT))


def _part(kind: type[Record], items: list, field: str) -> tuple:
    """Records nested in a goal; a bad one is named by the goal's field and its own."""
    out = []
    for i, item in enumerate(items):
        try:
            out.append(kind.from_doc(item))
        except SchemaError as exc:
            inner = f"field {exc.field!r} " if exc.field else ""
            raise _Bad(f"{field}[{i}]", f"{inner}{exc.problem}") from None
    return tuple(out)


@dataclass(frozen=True)
class Goal(Record):
    """What the user wants from networking, with key results and weekly reviews."""

    table: ClassVar[str] = "goals"
    required = ("id",)
    id: str
    want: str = MISSING
    kind: str = MISSING
    why: str = MISSING
    ask: str = MISSING
    contact: dict = MISSING
    start: date = MISSING
    target_date: date | None = MISSING
    status: str = MISSING
    outcome: str | None = MISSING
    reflection: str = MISSING
    closed: date | None = MISSING
    key_results: tuple[KeyResult, ...] = MISSING
    reviews: tuple[Review, ...] = MISSING
    skipped_reviews: tuple[date, ...] = MISSING
    served: tuple[str, ...] = MISSING

    @classmethod
    def _read(cls, doc: dict) -> "Goal":
        contact = MISSING
        if "contact" in doc:
            contact = doc["contact"]
            if type(contact) is not dict:
                raise _Bad("contact", f"must be an object of {', '.join(CONTACT_KINDS)}{_not(contact)}")
            for way, value in contact.items():
                check_choice(way, "contact", CONTACT_KINDS)
                check_text(value, "contact", MAX_CONTACT)
            contact = dict(contact)
        krs = reviews = skipped = served = MISSING
        if "key_results" in doc:
            krs = _part(KeyResult, check_list(doc["key_results"], "key_results", MAX_KEY_RESULTS), "key_results")
        if "reviews" in doc:
            reviews = _part(Review, check_list(doc["reviews"], "reviews", MAX_LIST), "reviews")
        if "skipped_reviews" in doc:
            skipped = tuple(check_day(w, "skipped_reviews") for w in check_list(doc["skipped_reviews"],
                                                                                "skipped_reviews", MAX_LIST))
        if "served" in doc:
            served = tuple(quest_id(q, "served") for q in check_list(doc["served"], "served", MAX_LIST))
        return cls(
            id=goal_id(doc["id"]),
            want=_get(doc, "want", check_text, MAX_TEXT),
            kind=_get(doc, "kind", check_choice, GOAL_KINDS),
            why=_get(doc, "why", check_text, MAX_TEXT),
            ask=_get(doc, "ask", check_text, MAX_TEXT),
            contact=contact,
            start=_get(doc, "start", check_day),
            target_date=_get(doc, "target_date", opt_day),
            status=_get(doc, "status", check_choice, GOAL_STATUSES),
            outcome=_get(doc, "outcome", optional(check_choice), OUTCOMES),
            reflection=_get(doc, "reflection", check_text, MAX_TEXT),
            closed=_get(doc, "closed", opt_day),
            key_results=krs, reviews=reviews, skipped_reviews=skipped, served=served,
        )


@dataclass(frozen=True)
class Achievement(Record):
    """A badge unlocked on a day."""

    table: ClassVar[str] = "achievements"
    required = ("id", "day")
    id: str
    day: date

    @classmethod
    def _read(cls, doc: dict) -> "Achievement":
        aid = doc["id"]
        if type(aid) is not str or aid not in ACHIEVEMENT_IDS:
            raise _Bad("id", f"must be a badge this NetQuest knows{_not(aid)}")
        return cls(aid, check_day(doc["day"], "day"))


# ------------------------------------------------------------------------- the check-in log
def entry_problem(entry: Any) -> tuple[str | None, str] | None:
    """(field, problem) for a stored check-in list ``[seq, day, count, xp, bonus, at, note?, people?]``, or None."""
    if type(entry) is not list or not 6 <= len(entry) <= 8:
        return None, f"must be a list of 6 to 8 fields{_not(entry)}"
    seq, day, count, xp, bonus, at = entry[:6]
    try:
        check_int(seq, "seq", 1, MAX_SEQ)
        check_day(day, "day")
        check_int(count, "count", 1, MAX_COUNT)
        check_int(xp, "xp", 0, MAX_CHECKIN_XP)
        check_int(bonus, "bonus", 0, xp)
        if type(at) is not str or not UTC_INSTANT.fullmatch(at):
            raise _Bad("at", f"must be a UTC time such as 2026-03-08T10:00:00Z{_not(at)}")
        if len(entry) > 6:
            check_text(entry[6], "note", MAX_TEXT)
        if len(entry) > 7:
            for name in check_list(entry[7], "people", MAX_LIST):
                check_text(name, "people", MAX_TITLE, blank=False)
    except _Bad as bad:
        return bad.field, bad.problem
    return None


def _entries_ok(entries: list, year: int) -> bool:
    """Whether every entry is sound and filed under `year`: one cheap pass for a long log."""
    prefix = f"{year:04d}-"
    days = set()
    day_shape, at_shape = _DAY.fullmatch, UTC_INSTANT.fullmatch
    for e in entries:
        if (type(e) is not list or not 6 <= len(e) <= 8 or type(e[0]) is not int or type(e[2]) is not int
                or type(e[3]) is not int or type(e[4]) is not int or type(e[1]) is not str or type(e[5]) is not str
                or not 0 < e[2] <= MAX_COUNT or not 0 <= e[4] <= e[3] <= MAX_CHECKIN_XP or not 0 < e[0] <= MAX_SEQ
                or not at_shape(e[5])):
            return False
        if e[1] not in days:
            if not e[1].startswith(prefix) or not day_shape(e[1]):
                return False
            days.add(e[1])
        if len(e) > 6 and (entry_problem(e) is not None):
            return False
    try:
        for day in days:
            date.fromisoformat(day)
    except ValueError:
        return False
    return True


@dataclass(frozen=True)
class CheckIn(Record):
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

    @classmethod
    def from_doc(cls, doc: Any, key: str | None = None):
        problem = entry_problem(doc)
        if problem:
            label = f"check-in {doc[0]}" if type(doc) is list and doc and type(doc[0]) is int and doc[0] < 10**18 else "?"
            raise SchemaError(cls.table, label, *problem)
        seq, day, count, xp, bonus, at = doc[:6]
        note = doc[6] if len(doc) > 6 else MISSING
        people = tuple(doc[7]) if len(doc) > 7 else MISSING
        return cls(seq, date.fromisoformat(day), count, xp, bonus, at, note, people)

    def to_doc(self) -> list:  # type: ignore[override]
        entry: list[Any] = [self.seq, self.day.isoformat(), self.count, self.xp, self.bonus, self.at]
        if self.note is not MISSING:
            entry.append(self.note)
        if self.people is not MISSING:
            entry.append(list(self.people))
        return entry


@dataclass(frozen=True)
class LogDoc(Record):
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
        raise SchemaError("log", label, None, f"must be an object{_not(doc)}")
    try:
        for name in doc:
            if name not in ("q", "y", "e"):
                raise _Bad(None, f"has an unknown field {shown(name)}")
        for name in ("q", "y", "e"):
            if name not in doc:
                raise _Bad(name, "is missing")
        quest_id(doc["q"], "q")
        year = check_int(doc["y"], "y", 1, 9999)
        entries = check_list(doc["e"], "e", 10**7)
    except _Bad as bad:
        raise SchemaError("log", label, bad.field, bad.problem) from None
    label = f"{doc['q']!r} {year}"
    if _entries_ok(entries, year):
        return
    for e in entries:
        problem = entry_problem(e)
        if problem:
            raise SchemaError("log", f"{label} check-in {shown(e[0]) if type(e) is list and e else '?'}", *problem)
        if int(e[1][:4]) != year:
            raise SchemaError("log", f"{label} check-in {e[0]}", "day", f"is {e[1]}, not in the year {year} it is filed under")


# ------------------------------------------------------------------- what undo needs to know
def _pair(value: Any, field: str, check: Callable[..., Any]) -> tuple:
    if type(value) is not list or len(value) != 2:
        raise _Bad(field, f"must be [before, after]{_not(value)}")
    return tuple(None if v is None else check(v, field) for v in value)


def _stage(value: Any, field: str) -> str:
    return check_choice(value, field, STAGE_IDS)


@dataclass(frozen=True)
class PersonEffect(Record):
    """What one check-in changed in one person: stage, stage-since day and last contact as [before, after]."""

    table: ClassVar[str] = "effects"
    required = ("i",)
    i: str
    m: str = MISSING  # the stage the quest moved people to
    s: tuple = MISSING
    d: tuple = MISSING
    l: tuple = MISSING  # noqa: E741  (the stored key)
    c: str = MISSING  # fingerprint of a person the check-in created

    @classmethod
    def _read(cls, doc: dict) -> "PersonEffect":
        c = _get(doc, "c", check_text, 12)
        if c is not MISSING and (len(c) != 12 or not c.isalnum()):
            raise _Bad("c", f"must be a 12-character fingerprint{_not(c)}")
        return cls(
            i=person_id(doc["i"], "i"),
            m=_get(doc, "m", _stage),
            s=_get(doc, "s", _pair, _stage),
            d=_get(doc, "d", _pair, check_day),
            l=_get(doc, "l", _pair, check_day),
            c=c,
        )


@dataclass(frozen=True)
class Effects(Record):
    """The people effects of one check-in (its seq is the id), so undo can apply the inverse."""

    table: ClassVar[str] = "effects"
    required = ("id", "p")
    id: int
    p: tuple[PersonEffect, ...]

    @classmethod
    def _read(cls, doc: dict) -> "Effects":
        items = check_list(doc["p"], "p", MAX_LIST)
        if not items:
            raise _Bad("p", "must name at least one person")
        return cls(check_int(doc["id"], "id", 1, MAX_SEQ), _part(PersonEffect, items, "p"))


@dataclass(frozen=True)
class Redo(Record):
    """The latest undo or delete, kept so `redo` can bring it back while nothing else was written."""

    table: ClassVar[str] = "redo"
    required = ("id", "rev", "k", "c")
    id: str
    rev: int
    k: str
    c: dict
    e: tuple[Effects, ...] = MISSING
    p: tuple = MISSING
    a: tuple[Achievement, ...] = MISSING  # the badges as they were before, when the undo changed them

    @classmethod
    def _read(cls, doc: dict) -> "Redo":
        if doc["id"] != "last":
            raise _Bad("id", f"must be 'last'{_not(doc['id'])}")
        c = doc["c"]
        if type(c) is not dict:
            raise _Bad("c", f"must be a check-in object{_not(c)}")
        fields_ = ("seq", "day", "count", "xp", "bonus", "at")
        if any(f not in c for f in (*fields_, "quest")) or set(c) - {*fields_, "quest", "note", "people"}:
            raise _Bad("c", "must have the fields of a check-in")
        quest_id(c["quest"], "c")
        problem = entry_problem([c[f] for f in fields_] + [c.get("note", ""), c.get("people", [])])
        if problem:
            raise _Bad("c", f"holds a bad check-in ({problem[1]})")
        people = []
        for item in check_list(doc.get("p", []), "p", MAX_LIST):
            if type(item) is not list or len(item) != 2:
                raise _Bad("p", f"must hold [person id, person or null] pairs{_not(item)}")
            pid = person_id(item[0], "p")
            person = None
            if item[1] is not None:
                try:
                    person = Person.from_doc(item[1])
                except SchemaError as exc:
                    raise _Bad("p", f"holds a bad person ({exc})") from None
            people.append((pid, person))
        return cls(
            id="last",
            rev=check_int(doc["rev"], "rev", 0, MAX_SEQ),
            k=check_choice(doc["k"], "k", ("undo", "delete")),
            c=c,
            e=_part(Effects, check_list(doc["e"], "e", MAX_LIST), "e") if "e" in doc else MISSING,
            p=tuple(people) if "p" in doc else MISSING,
            a=_part(Achievement, check_list(doc["a"], "a", MAX_LIST), "a") if "a" in doc else MISSING,
        )

    def to_doc(self) -> dict:
        doc: dict[str, Any] = {"id": self.id, "rev": self.rev, "k": self.k, "c": self.c}
        if self.e is not MISSING:
            doc["e"] = [e.to_doc() for e in self.e]
        if self.p is not MISSING:
            doc["p"] = [[pid, person.to_doc() if person else None] for pid, person in self.p]
        if self.a is not MISSING:
            doc["a"] = [a.to_doc() for a in self.a]
        return doc


RECORDS: dict[str, type[Record]] = {
    "meta": Meta,
    "settings": Settings,
    "quests": Quest,
    "log": LogDoc,
    "skips": Skip,
    "goals": Goal,
    "people": Person,
    "achievements": Achievement,
    "effects": Effects,
    "redo": Redo,
}
"""Each table and the record kind it holds; a new table is one more entry (and a class)."""

LAZY_TABLES = ("effects",)  # checked by their readers, not on every open
SINGLE = ("meta", "settings")  # tables of at most one record (meta: exactly one)
ID_FIELDS = {"quests": "id", "goals": "id", "people": "id", "achievements": "id", "effects": "id", "redo": "id"}


# ------------------------------------------------------------------------------ whole files
def check_raw(raw: dict, lazy_log: bool = True) -> None:
    """SchemaError for the first damaged record of a raw file (a dict of tables of documents).

    Log documents still in their bytes (the index vouched for them, `lazy_log`) are left
    for `check_log_doc` when they are parsed, and with `lazy_log` the records of
    `LAZY_TABLES` are left for the use cases that read them (doctor checks them all).  Also refused: an unknown table, two records
    with one id, two log documents for one (quest, year), and (when the whole log is
    parsed) two check-ins with one seq.
    """
    for name, table in raw.items():
        kind = RECORDS.get(name)
        if kind is None:
            raise SchemaError(shown(name), "-", None, "is not a table NetQuest knows")
        if type(table) is not dict:
            raise SchemaError(name, "-", None, f"must be an object of records{_not(table)}")
        if name in SINGLE and len(table) > 1:
            raise SchemaError(name, "-", None, f"must hold one record, not {len(table)}")
        for key in table:
            # TinyDB reads every key as a whole number: "01" and "1" would be one record,
            # and a key that is not a number at all crashes every command that writes.
            if not RECORD_KEY.fullmatch(key):
                raise SchemaError(name, shown(key), None, "is not a record key NetQuest writes (a whole number from 1)")
        if name == "log":
            meta = next(iter((raw.get("meta") or {}).values()), None)
            top = meta.get("seq") if type(meta) is dict else None
            _check_log(table, lazy_log, top if type(top) is int else MAX_SEQ)
            continue
        if name in LAZY_TABLES and lazy_log:
            # Only undo, `log delete/edit` and redo read these, and they check each record
            # they use (services/effects.py); a long history holds thousands of them.
            for key, doc in table.items():
                if type(doc) is not dict:
                    raise SchemaError(name, _label(None, key), None, f"must be an object{_not(doc)}")
            continue
        id_field = ID_FIELDS.get(name)
        seen: set = set()
        for key, doc in table.items():
            rec = kind.from_doc(doc, key)
            if id_field:
                rid = getattr(rec, id_field)
                if rid in seen:
                    raise SchemaError(name, repr(rid), "id", "is used by two records")
                seen.add(rid)
            elif name == "skips":
                pair = (rec.quest, rec.day)  # type: ignore[attr-defined]
                if pair in seen:
                    raise SchemaError(name, f"#{key}", None, f"skips {rec.quest or 'every quest'} on {rec.day} twice")  # type: ignore[attr-defined]
                seen.add(pair)
    if len(raw.get("meta") or {}) != 1:
        raise SchemaError("meta", "-", None, "must hold exactly one record")


def _check_log(table: dict, lazy_log: bool, top: int = MAX_SEQ) -> None:
    from .layout import (
        RawDoc,  # layout imports nothing from here; the import is deferred only to keep it so
    )

    pairs: set = set()
    seqs: set[int] = set()
    for key, doc in table.items():
        if type(doc) is RawDoc and lazy_log:
            try:
                quest_id(doc.q, "q")
                check_int(doc.y, "y", 1, 9999)
            except _Bad as bad:
                raise SchemaError("log", _label(None, key), bad.field, bad.problem) from None
            pair = (doc.q, doc.y)
        else:
            if type(doc) is RawDoc:
                doc = doc.parse()
            check_log_doc(doc, key)
            pair = (doc["q"], doc["y"])
            for e in doc["e"]:
                if e[0] > top:
                    raise SchemaError("log", f"{doc['q']!r} {doc['y']} check-in {e[0]}", "seq",
                                      f"is above the meta record's counter ({top}): the next check-in would take it")
                if e[0] in seqs:
                    raise SchemaError("log", f"{doc['q']!r} {doc['y']} check-in {e[0]}", "seq", "is used by two check-ins")
                seqs.add(e[0])
        if pair in pairs:
            raise SchemaError("log", f"{pair[0]!r} {pair[1]}", None, "has two log documents")
        pairs.add(pair)


def notes(raw: dict) -> list[str]:
    """Things that are allowed but worth a word from doctor: links to records that are not there.

    Every reader copes with these (a check-in of a quest that is gone still counts its XP),
    so they do not make a file bad.
    """
    from .layout import RawDoc

    quests = {d.get("id") for d in (raw.get("quests") or {}).values()}
    goals = {d.get("id") for d in (raw.get("goals") or {}).values()}
    people = {d.get("id") for d in (raw.get("people") or {}).values()}
    out = []
    logged: dict[str, int] = {}
    for doc in (raw.get("log") or {}).values():
        q, n = (doc.q, None) if type(doc) is RawDoc else (doc["q"], len(doc["e"]))
        if q not in quests:
            if n is None:
                n = len(doc.parse()["e"])
            logged[q] = logged.get(q, 0) + n
    for q, n in sorted(logged.items()):
        out.append(f"{n} check-in{'s' if n != 1 else ''} of quest {q!r}, which is not in the file (they still count)")
    for s in (raw.get("skips") or {}).values():
        if s["quest"] is not None and s["quest"] not in quests:
            out.append(f"a skip on {s['day']} of quest {s['quest']!r}, which is not in the file")
    for d in (raw.get("quests") or {}).values():
        if d.get("goal") is not None and d["goal"] not in goals:
            out.append(f"quest {d['id']!r} serves goal {d['goal']!r}, which is not in the file")
    for d in (raw.get("goals") or {}).values():
        for kr in d.get("key_results") or ():
            for q in kr.get("quests") or ():
                if q not in quests:
                    out.append(f"goal {d['id']!r} key result {kr['id']!r} counts quest {q!r}, which is not in the file")
    for d in (raw.get("people") or {}).values():
        if d.get("introduced_by") is not None and d["introduced_by"] not in people:
            out.append(f"person {d['id']!r} was introduced by {d['introduced_by']!r}, who is not in the file")
    for d in (raw.get("settings") or {}).values():
        extra = Settings.from_doc(d).extra
        if extra:
            out.append(f"settings this version does not use: {', '.join(shown(k) for k in extra[:5])}")
    return out


def check_doc(table: str, doc: Any) -> None:
    """SchemaError unless `doc` is a sound record of `table` (before it is written)."""
    RECORDS[table].from_doc(doc)
