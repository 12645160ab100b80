"""Schema migrations: code that lifts a raw data file from one schema version to the next.

`MIGRATIONS[n]` takes the raw TinyDB dict of a version-`n` file and returns it at version
`n + 1`, including the new number in the meta record.  Each migration gets a fixture file
of its old version in tests/store/data/ so it stays tested after the code moves on.
"""

from __future__ import annotations

from typing import Callable

SCHEMA_VERSION = 3
APP = "netquest"



def _v1_to_v2(raw: dict) -> dict:
    """Schema 2 records what each check-in changed in its own tables ("effects", "redo").

    Schema 1 kept snapshots of people for undo in the setting `people_undo`; they are
    dropped.  Check-ins made before have no recorded effects: undoing one moves no people.
    """
    for doc in (raw.get("settings") or {}).values():
        if isinstance(doc, dict):
            doc.pop("people_undo", None)
    raw.setdefault("effects", {})
    raw.setdefault("redo", {})
    meta_of(raw)["schema"] = 2  # type: ignore[index]
    return raw


def _v2_to_v3(raw: dict) -> dict:
    """Schema 3 gives every record a merge id (quests, people, goals with their key results
    and reviews, skips, check-ins), what `netquest sync` knows a record by on every device.

    A check-in's id is its ninth field, so its note and people are written out, empty.
    """
    from .mids import give_all

    give_all(raw)
    meta_of(raw)["schema"] = 3  # type: ignore[index]
    return raw


MIGRATIONS: dict[int, Callable[[dict], dict]] = {1: _v1_to_v2, 2: _v2_to_v3}


def meta_of(raw: dict) -> dict | None:
    """The single meta record of a raw file, or None when it has none."""
    table = raw.get("meta")
    if not isinstance(table, dict) or len(table) != 1:
        return None
    (doc,) = table.values()
    return doc if isinstance(doc, dict) else None


def schema_of(raw: dict) -> int:
    """The schema version recorded in a raw file (which must have a meta record)."""
    return meta_of(raw)["schema"]


def migrate(raw: dict) -> dict:
    """Lift `raw` to SCHEMA_VERSION step by step; a file already current is returned as is."""
    version = schema_of(raw)
    if version > SCHEMA_VERSION:
        raise ValueError(f"schema {version} is newer than {SCHEMA_VERSION}")
    while version < SCHEMA_VERSION:
        step = MIGRATIONS.get(version)
        if step is None:
            raise ValueError(f"no migration from schema {version}")
        raw = step(raw)
        new = schema_of(raw)
        if new != version + 1:
            # A migration that forgets to bump the version would loop forever or skip steps.
            raise ValueError(f"migration from schema {version} produced schema {new}")
        version = new
    return raw
