"""What a transaction accepts: the tables, the shape of a new file, and the checks every
write and every parsed log document passes before it is stored or trusted."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from tinydb import where

from . import layout, schema
from .ids import QUEST_ID
from .layout import RawDoc
from .migrations import APP, SCHEMA_VERSION
from .schema.fields import _not, shown

TABLES = (
    "meta",
    "settings",
    "quests",
    "log",
    "skips",
    "goals",
    "people",
    "achievements",
    "effects",
    "redo",
)
ID_TABLES = ("quests", "goals", "people", "achievements")
# What check-ins changed and what redo can bring back (services/effects.py): not exported.
UNDO_TABLES = ("effects", "redo")


def new_raw() -> dict:
    """The raw TinyDB data of a file that has never been written."""
    raw: dict[str, dict] = {name: {} for name in TABLES}
    raw["meta"]["1"] = {"app": APP, "schema": SCHEMA_VERSION, "seq": 0}
    return raw


def json_copy(value: Any) -> Any:
    """A deep, JSON-only copy of `value`; ValueError if it cannot be stored."""
    try:
        layout.refuse_deep(value)  # what the store would refuse to read back
    except ValueError as e:
        raise ValueError(f"cannot store a value that {e}") from None
    try:
        text = json.dumps(value, ensure_ascii=False, allow_nan=False)
        text.encode("utf-8")
    except (TypeError, ValueError) as e:
        raise ValueError(f"cannot store {value!r}: {e}") from None
    return json.loads(text)


def tree_copy(value: Any) -> Any:
    """A deep copy of parsed JSON (dicts, lists and scalars), as a plain dict or list: what the
    store hands out, so that changing it never changes the snapshot; faster than deepcopy."""
    kind = type(value)
    if kind is dict or isinstance(value, dict):
        return {k: tree_copy(v) for k, v in value.items()}
    if kind is list:
        return [tree_copy(v) for v in value]
    return value


def id_table(name: str) -> str:
    if name not in ID_TABLES and name not in UNDO_TABLES:
        raise ValueError(f"unknown table {name!r}; use one of {', '.join(ID_TABLES)}")
    return name


def check_id(table: str, doc: Any) -> None:
    if not isinstance(doc, dict) or "id" not in doc:
        raise ValueError(f"a {table} document needs an 'id'")
    if isinstance(doc["id"], bool) or not isinstance(doc["id"], (str, int)):
        raise ValueError(f"a {table} id must be text or a whole number, not {doc['id']!r}")


def check_day(day: Any) -> None:
    try:
        if not isinstance(day, str) or len(day) != 10:
            raise ValueError
        date.fromisoformat(day)
    except ValueError:
        raise ValueError(f"day must be YYYY-MM-DD, not {day!r}") from None


def check_skip(quest: Any, day: Any, reason: Any) -> None:
    if quest is not None and (not isinstance(quest, str) or not quest):
        raise ValueError(f"a skip's quest must be an id or None, not {quest!r}")
    check_day(day)
    if not isinstance(reason, str):
        raise ValueError(f"a skip's reason must be text, not {reason!r}")
    for text in (quest or "", reason):
        layout.check_text(text)


def skip_query(quest: str | None, day: str):
    return (where("quest") == quest) & (where("day") == day)


def check_entry(quest: str, entry: list) -> None:
    """SchemaError unless a check-in about to be stored fits the schema."""
    label = f"{shown(quest)} check-in {shown(entry[0])}"
    if type(quest) is not str or not QUEST_ID.fullmatch(quest):
        raise schema.SchemaError("log", label, "quest", f"must be a quest id{_not(quest)}")
    problem = schema.entry_problem(entry)
    if problem:
        raise schema.SchemaError("log", label, *problem)


def check_parsed(key: str, raw_doc: RawDoc | None, doc: Any) -> None:
    """StoredDamage unless a log document just parsed is sound and is what the index said it was."""
    try:
        schema.check_log_doc(doc, key)
    except schema.SchemaError as exc:
        raise schema.StoredDamage(exc.table, exc.record, exc.field, exc.problem) from None
    if raw_doc is not None and (doc["q"] != raw_doc.q or doc["y"] != raw_doc.y):
        raise schema.StoredDamage(
            "log",
            f"#{key}",
            None,
            f"is not the document of {raw_doc.q!r} {raw_doc.y} its index names",
        )
