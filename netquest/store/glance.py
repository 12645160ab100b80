"""A quick look at the small tables of a data file (quests, people, goals), for shell completion.

A Tab must answer before the user notices, so this reads the file once, without the lock
(every write replaces the file by a rename, so a read sees one whole version), parses only
its head (the log stays in its bytes, as `layout.split_file` leaves it) and never imports
the schema or TinyDB.  It never writes: no lock file, no folder, no backup.  A file the
store would refuse (not NetQuest data, a newer schema, a record of the wrong shape) is
`Unreadable`; the caller completes nothing rather than guess.
"""

from __future__ import annotations

from pathlib import Path

from .ids import GOAL_ID, KEY_RESULT_ID, MAX_PERSON_ID, PERSON_ID, QUEST_ID
from .layout import loads, split_file
from .migrations import APP, SCHEMA_VERSION, meta_of, migrate
from .storage import read_regular

TABLES = ("quests", "people", "goals")
# A file no index vouches for (hand edits, an older schema) is parsed whole, which takes
# about a second per 30 MB and ten times its size in memory; a Tab stops short of that.
# Ten years of check-ins are about 1 MB, and the next write of NetQuest indexes the file.
MAX_WHOLE_BYTES = 8 * 2**20


class Unreadable(Exception):
    """The data file is not one whose names can be offered."""


def small_tables(path: Path | str) -> dict[str, list[dict]]:
    """The records of quests, people and goals; empty lists when there is no file yet.

    Each record returned has the fields completion shows, with the right types: a quest
    its text `id` and `title`, a person `id` and `name`, a goal `id` and its key results
    an `id` each; anything else raises Unreadable.
    """
    try:
        data = read_regular(path)
    except (FileNotFoundError, NotADirectoryError):
        return {name: [] for name in TABLES}
    except Exception as exc:  # a pipe, a folder, no permission: the store refuses them too
        raise Unreadable(str(exc)) from None
    raw = split_file(data)
    if raw is None and len(data) > MAX_WHOLE_BYTES:
        raise Unreadable("too big to parse whole for a Tab")
    if raw is None:  # not vouched for by its index: parse it all (hand edits, an older schema)
        try:
            raw = loads(data.decode("utf-8-sig"))
        except Exception as exc:
            raise Unreadable(f"not NetQuest JSON: {exc}") from None
    if type(raw) is not dict:
        raise Unreadable("not a NetQuest data file")
    meta = meta_of(raw)
    if meta is None or meta.get("app") != APP or type(meta.get("schema")) is not int:
        raise Unreadable("not a NetQuest data file")
    if meta["schema"] != SCHEMA_VERSION:
        try:
            raw = migrate(raw)
        except Exception as exc:
            raise Unreadable(str(exc)) from None
    return {name: _records(raw, name) for name in TABLES}


_TEXT_FIELDS = {"quests": ("id", "title"), "people": ("id", "name"), "goals": ("id",)}

# Completion inserts an id into the command line, so one the store would refuse (a space,
# `$(...)`, a backtick, an escape sequence) is never offered: the file is Unreadable, as the
# store finds it damaged.


def _id_ok(name: str, value: str) -> bool:
    if name == "quests":
        return QUEST_ID.fullmatch(value) is not None
    if name == "people":
        return len(value) <= MAX_PERSON_ID and PERSON_ID.fullmatch(value) is not None
    return GOAL_ID.fullmatch(value) is not None


def _records(raw: dict, name: str) -> list[dict]:
    table = raw.get(name, {})
    if type(table) is not dict:
        raise Unreadable(f"the {name} table is damaged")
    docs = list(table.values())
    for doc in docs:
        if type(doc) is not dict or any(type(doc.get(f)) is not str for f in _TEXT_FIELDS[name]):
            raise Unreadable(f"a record of {name} is damaged")
        if not _id_ok(name, doc["id"]):
            raise Unreadable(f"a record of {name} has an id the store refuses")
        if name == "goals":
            krs = doc.get("key_results", [])
            if type(krs) is not list or any(
                type(kr) is not dict
                or type(kr.get("id")) is not str
                or KEY_RESULT_ID.fullmatch(kr["id"]) is None
                for kr in krs
            ):
                raise Unreadable("a key result is damaged")
    return docs
