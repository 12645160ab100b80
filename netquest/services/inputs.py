"""What the user typed, checked once: days, whole numbers in a range, text limits, references.

Every service parses through these, so a date, a count or a name is refused with the same
one-line message from the command line, the screens and an import alike.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import date
from typing import Generic, NamedTuple, TypeVar

from netquest.i18n import _
from netquest.services.errors import ServiceError
from netquest.store.schema import fields as limits

# What a record may hold is the schema's to say: the services refuse what it would.
MAX_TITLE = limits.MAX_TITLE  # quest and key-result titles, names
MAX_NOTE = limits.MAX_TEXT  # notes, reasons, a goal's and a person's texts
MAX_COUNT = limits.MAX_COUNT  # one check-in's count
MAX_TARGET = limits.MAX_QUEST_TARGET  # a quest's target per period
MAX_XP = limits.MAX_QUEST_XP  # a quest's base XP
MAX_WHERE = limits.MAX_WHERE
MAX_TAG = limits.MAX_TAG
MAX_TAGS = limits.MAX_TAGS
MAX_INTERVAL = limits.MAX_INTERVAL  # days between contacts
MAX_CONTACT = limits.MAX_CONTACT
MAX_KEY_RESULTS = limits.MAX_KEY_RESULTS
MAX_GOAL_TARGET = limits.MAX_GOAL_TARGET
MAX_DAYS = 36600  # how far back a listing may reach

T = TypeVar("T")


def parse_day(value, label: str = "", none_words: Iterable[str] = ()) -> date | None:
    """A day typed as YYYY-MM-DD (or given as a date); None for nothing typed (or a `none_words`
    word)."""
    if value is None or isinstance(value, date):
        return value
    text = str(value).strip()
    if not text or text.lower() in none_words:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        prefix = f"{label} " if label else ""
        raise ServiceError(prefix + _("{value} is not a date in the form YYYY-MM-DD").format(
            value=repr(value))) from None


def stored_day(value) -> date | None:
    """A day read from the data file; None when missing or unreadable (an edited or imported
    file)."""
    try:
        return date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None


def int_in(name: str, value, low: int, high: int) -> int:
    """A whole number from `low` to `high`, or ServiceError naming `name`."""
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise ServiceError(_("{name} must be a whole number, not {value}").format(
            name=name, value=repr(value))) from None
    if not low <= number <= high:
        raise ServiceError(_("{name} must be from {low} to {high}, not {number}").format(
            name=name, low=low, high=high, number=number))
    return number


def check_length(
    what: str, text: str, limit: int, noun: str = "characters", these: str = "this one has"
) -> str:
    """`text` when it fits `limit`; else ServiceError ("a note may have at most 2000 characters,
    …")."""
    if len(text) > limit:
        raise ServiceError(_("{what} may have at most {limit} {noun}, {these} {n}").format(
                what=what, limit=limit, noun=noun, these=these, n=len(text)))
    return text


class Candidate(NamedTuple, Generic[T]):
    """Something a reference may name: its id, the names it answers to, and the thing itself."""

    id: str
    names: tuple[str, ...]
    item: T


class Ambiguous(ServiceError):
    """A reference that names several things; `matches` holds them."""

    def __init__(self, ref: str, matches: Sequence) -> None:
        super().__init__(f"{ref!r} matches {len(matches)}")
        self.matches = list(matches)


def resolve_ref(
    candidates: Sequence[Candidate[T]], ref: str, fold: Callable[[str], str] = str.lower
) -> T | None:
    """The one thing `ref` names: by id, else by an exact id or name (compared folded), else by
    the unique start of one.  None when nothing matches; `Ambiguous` when several do."""
    for c in candidates:
        if c.id == ref:
            return c.item
    key, low = fold(ref), ref.lower()
    exact = [
        c.item for c in candidates if c.id.lower() == low or any(fold(n) == key for n in c.names)
    ]
    if len(exact) == 1:
        return exact[0]
    matches = exact or [
        c.item
        for c in candidates
        if c.id.lower().startswith(low) or any(fold(n).startswith(key) for n in c.names)
    ]
    if len(matches) > 1:
        raise Ambiguous(ref, matches)
    return matches[0] if matches else None


def rows_with_ids(rows, table: str, noun: str) -> Iterator[tuple[str, dict]]:
    """("table[i]", row) for each row of an export's table, as it is read: ServiceError unless
    the table is a list of objects, each with a text "id" no row before it has."""
    if not isinstance(rows, list):
        raise ServiceError(_("\"{table}\" must be a list").format(
                table=table))
    ids = set()
    for i, doc in enumerate(rows):
        where = f"{table}[{i}]"
        if not isinstance(doc, dict) or not isinstance(doc.get("id"), str) or not doc["id"]:
            raise ServiceError(_("{where}: a {noun} needs a text \"id\"").format(
                    where=where, noun=noun))
        if doc["id"] in ids:
            raise ServiceError(_("{where}: {noun} id {id} appears twice").format(
                    where=where, noun=noun, id=repr(doc['id'])))
        ids.add(doc["id"])
        yield where, doc
