"""Limits, field checks and the `Record` base every stored record kind is built on."""

from __future__ import annotations

import re
from datetime import date
from typing import Any, Callable, ClassVar, Iterable

from netquest.i18n import N_, _
from netquest.rules.achievements import ACHIEVEMENTS
from netquest.structs import Struct

from ..ids import FIRST_YEAR, GOAL_ID, LAST_YEAR, MAX_PERSON_ID, MERGE_ID, PERSON_ID, QUEST_ID

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
MAX_LIST = (
    1000  # reviews, skipped weeks, served quests: a sane bound on lists the app only appends to
)
MAX_PEOPLE_UNDO = 1000
MAX_UNIT = 40
MAX_ORIGIN = 80
REMINDER_DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
REMINDER_TIME = re.compile(r"([01][0-9]|2[0-3]):[0-5][0-9]")

ACHIEVEMENT_IDS = frozenset(a.id for a in ACHIEVEMENTS)
GOAL_STATUSES = ("focus", "waiting", "archived")
CONTACT_KINDS = ("email", "profile", "booking")
SETTING_KEYS = (
    "day_start_hour",
    "week_start",
    "timezone",
    "theme",
    "language",
    "sync_auto",
    "sync_timeout",
)  # the ones `netquest settings` sets
WEEK_STARTS = ("mon", "sun")
LANGUAGE_TAG = re.compile(r"[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*")
THEME_NAME = re.compile(r"[A-Za-z0-9_.-]{1,40}")
TIMEZONE_NAME = re.compile(r"[A-Za-z0-9_+\-]+(?:/[A-Za-z0-9_+\-]+)*")
UTC_INSTANT = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,6})?Z")
COUNTER_NAME = re.compile(r"[a-z][a-z0-9_]{0,31}")
_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
RECORD_KEY = re.compile(r"[1-9][0-9]{0,17}")  # TinyDB's document ids, as it writes them
MISSING: Any = type(
    "Missing", (), {"__repr__": lambda self: "MISSING", "__bool__": lambda self: False}
)()


class SchemaError(ValueError):
    """A stored record that breaks the schema: `str()` names table, record, field and the
    problem."""

    def __init__(self, table: str, record: str, field: str | None, problem: str) -> None:
        self.table, self.record, self.field, self.problem = table, record, field, problem
        where = (_("{table} record {record}").format(table=table, record=record) if record != "-"
                 else _("table {table}").format(table=table))
        super().__init__(
            _("{where}: field {field} {problem}").format(where=where, field=repr(field),
                                                          problem=problem)
            if field else _("{where}: {problem}").format(where=where, problem=problem))


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
            return (
                f"a {len(str(abs(value))) if value.bit_length() < 13000 else 'many'}-digit number"
            )
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


def not_an_object(value: Any) -> str:
    return _("must be an object, not {value}").format(value=shown(value))


def _not(value: Any) -> str:
    return f", not {shown(value)}"


# ----------------------------------------------------------------------------- field checks
def check_text(value: Any, field: str, limit: int, blank: bool = True) -> str:
    if type(value) is not str:
        raise _Bad(field, _("must be text, not {value}").format(value=shown(value)))
    if len(value) > limit:
        raise _Bad(field, _("may have at most {limit} characters, not {n}").format(
            limit=limit, n=len(value)))
    if not blank and not value.strip():
        raise _Bad(field, _("must not be empty"))
    if not value.isascii():
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            raise _Bad(field, _("holds a lone surrogate, which is not valid Unicode")) from None
    return value


def check_int(value: Any, field: str, low: int, high: int) -> int:
    if type(value) is not int or not low <= value <= high:
        raise _Bad(field, _("must be a whole number from {low} to {high}, not {value}").format(
            low=low, high=high, value=shown(value)))
    return value


def check_number(value: Any, field: str, low: float, high: float, whole: bool) -> int | float:
    ok = type(value) is int or (not whole and type(value) is float and value == value)
    if not ok or not low <= value <= high:
        text = (_("must be a whole number from {low} to {high}, not {value}") if whole
                else _("must be a number from {low} to {high}, not {value}"))
        raise _Bad(field, text.format(low=f"{low:g}", high=f"{high:g}", value=shown(value)))
    return value


def check_bool(value: Any, field: str) -> bool:
    if value is not True and value is not False:
        raise _Bad(field, _("must be true or false, not {value}").format(value=shown(value)))
    return value


def check_day(value: Any, field: str) -> date:
    """A day stored as exactly YYYY-MM-DD that exists, in the years 2 to 9998."""
    if type(value) is str and len(value) == 10 and _DAY.fullmatch(value):
        try:
            day = date.fromisoformat(value)
        except ValueError:
            pass
        else:
            if FIRST_YEAR <= day.year <= LAST_YEAR:
                return day
            raise _Bad(field, _("must be a day in the years {first} to {last}, not {value}").format(
                first=FIRST_YEAR, last=LAST_YEAR, value=shown(value)))
    raise _Bad(field, _("must be a date written YYYY-MM-DD, not {value}").format(
        value=shown(value)))


def check_id(value: Any, field: str, pattern: re.Pattern, what: str, limit: int = 40) -> str:
    if type(value) is not str or len(value) > limit or not pattern.fullmatch(value):
        raise _Bad(field, _("must be {what}, not {value}").format(what=_(what), value=shown(value)))
    return value


def quest_id(value: Any, field: str = "id") -> str:
    return check_id(
        value,
        field,
        QUEST_ID,
        N_("a quest id (1-32 of a-z, 0-9, - and _, starting with a letter or digit)"),
    )


def person_id(value: Any, field: str = "id") -> str:
    return check_id(
        value, field, PERSON_ID, N_("a person id (words of a-z and 0-9 joined by -)"),
        MAX_PERSON_ID,
    )


def merge_id(value: Any, field: str = "mid") -> str:
    return check_id(value, field, MERGE_ID, N_("a merge id (20 of 0-9 and a-f)"), 20)


def goal_id(value: Any, field: str = "id") -> str:
    return check_id(value, field, GOAL_ID, N_("a goal id such as g1"))


def check_choice(value: Any, field: str, choices: Iterable[str]) -> str:
    if type(value) is not str or value not in choices:
        raise _Bad(field, _("must be one of {choices}, not {value}").format(
            choices=", ".join(choices), value=shown(value)))
    return value


def check_list(value: Any, field: str, limit: int) -> list:
    if type(value) is not list:
        raise _Bad(field, _("must be a list, not {value}").format(value=shown(value)))
    if len(value) > limit:
        raise _Bad(field, _("may hold at most {limit} items, not {n}").format(
            limit=limit, n=len(value)))
    return value


def check_reminder(value: Any, field: str) -> dict:
    """A reminder: {"time": "HH:MM", "days": [weekday names, each once, in week order]}."""
    if type(value) is not dict or set(value) != {"time", "days"}:
        raise _Bad(field, _("must be an object with time and days, not {value}").format(
            value=shown(value)))
    time, days = value["time"], value["days"]
    if type(time) is not str or not REMINDER_TIME.fullmatch(time):
        raise _Bad(field, _("time must be HH:MM (00:00 to 23:59), not {value}").format(
            value=shown(time)))
    if (
        type(days) is not list
        or not days
        or any(type(d) is not str or d not in REMINDER_DAYS for d in days)
        or days != sorted(set(days), key=REMINDER_DAYS.index)
    ):
        raise _Bad(
            field, _("days must be weekday names (mon to sun), each once, in week order, not "
                     "{value}").format(value=shown(days))
        )
    return {"time": time, "days": list(days)}


def optional(check: Callable[..., Any]) -> Callable[..., Any]:
    """`check` that also lets null through."""

    def either(value: Any, field: str, *args: Any) -> Any:
        return None if value is None else check(value, field, *args)

    return either


opt_day = optional(check_day)


# ------------------------------------------------------------------------------ records
class Record(Struct, frozen=True):
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
            raise SchemaError(cls.table, _label(None, key), None, not_an_object(doc))
        try:
            if not cls._names:
                cls._names = frozenset(cls.__struct_fields__)
            for name in doc:
                if name not in cls._names:
                    raise _Bad(None, _("has an unknown field {name}").format(name=shown(name)))
            for name in cls.required:
                if name not in doc:
                    raise _Bad(name, _("is missing"))
            return cls._read(doc)
        except _Bad as bad:
            raise SchemaError(
                cls.table, _label(doc.get("id"), key), bad.field, bad.problem
            ) from None

    @classmethod
    def _read(cls, doc: dict):
        raise NotImplementedError

    def to_doc(self) -> dict:
        """The stored form: fields that were absent stay absent."""
        return {
            name: _dumped(getattr(self, name))
            for name in self.__struct_fields__
            if getattr(self, name) is not MISSING
        }


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


def _get_each(doc: dict, name: str, limit: int, check: Callable[..., Any], *args: Any) -> Any:
    """An optional list field of at most `limit` items, each checked by `check(item, name,
    *args)`; MISSING when the field is absent."""
    if name not in doc:
        return MISSING
    return tuple(check(item, name, *args) for item in check_list(doc[name], name, limit))
