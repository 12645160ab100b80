"""Merge ids on stored records: given where a record is made, kept through every edit, and
out of sight of the use cases.

`netquest sync` knows every record by a merge id that no two devices both make
(`ids.new_merge_id`).  The services never see one: `Tx` hands out records without it
(`hidden`) and puts back the stored record's id when a record is written again
(`carried`), so an edit, an undo or a redo leaves the id exactly as it was.
"""

from __future__ import annotations

from typing import Any

from .ids import new_merge_id

# The lists inside a goal whose items are records of their own, and the field that tells
# one item from another when a goal is written again.
NESTED = {"key_results": "id", "reviews": "week"}


def hidden(doc: dict) -> dict:
    """`doc` (a copy the caller owns) without its merge ids, nested ones included."""
    doc.pop("mid", None)
    for name in NESTED:
        items = doc.get(name)
        if type(items) is list:
            for item in items:
                if type(item) is dict:
                    item.pop("mid", None)
    return doc


def carried(doc: dict, old: Any) -> dict:
    """`doc` (a copy the caller owns) with merge ids: the stored record's (`old`, or None for
    a new record) where `doc` names none, fresh ones for what is new."""
    old = old if isinstance(old, dict) else {}
    if not doc.get("mid"):
        doc["mid"] = old.get("mid") or new_merge_id()
    for name, key in NESTED.items():
        items = doc.get(name)
        if type(items) is not list:
            continue
        before = {
            item.get(key): item.get("mid")
            for item in old.get(name) or ()
            if type(item) is dict and item.get("mid")
        }
        for item in items:
            if type(item) is dict and not item.get("mid"):
                item["mid"] = before.get(item.get(key)) or new_merge_id()
    return doc


def give_all(raw: dict) -> dict:
    """Merge ids for every record of a raw file that has none (migration, import)."""
    for name in ("quests", "people", "goals", "skips"):
        for doc in (raw.get(name) or {}).values():
            if isinstance(doc, dict):
                carried(doc, None)
    for doc in (raw.get("log") or {}).values():
        if isinstance(doc, dict) and isinstance(doc.get("e"), list):
            for entry in doc["e"]:
                if isinstance(entry, list) and 6 <= len(entry) < 9:
                    if len(entry) == 6:
                        entry.append("")
                    if len(entry) == 7:
                        entry.append([])
                    entry.append(new_merge_id())
    return raw
