"""A dump: everything in the data file as plain JSON data, for export and import.

`raw_from_dump` checks a dump (its structure, then every record against the schema) and
builds the raw tables a `Tx` loads; nothing is loaded from a dump that is wrong anywhere.
"""

from __future__ import annotations

from typing import Any, Iterable

from netquest.i18n import _

from . import layout, schema
from .checks import ID_TABLES, check_entry, check_id, check_skip, json_copy, new_raw
from .layout import CheckInRecord
from .migrations import APP, SCHEMA_VERSION

DUMP_KEYS = ("settings", "quests", "checkins", "skips", "goals", "people", "achievements")


def _rows(data: dict, key: str) -> list:
    rows = data.get(key, [])
    if not isinstance(rows, list) or not all(isinstance(r, dict) for r in rows):
        raise ValueError(_("dump field {key} must be a list of objects").format(key=repr(key)))
    return rows


def _unique_ids(table: str, rows: Iterable[dict]) -> None:
    seen = set()
    for row in rows:
        check_id(table, row)
        if row["id"] in seen:
            raise ValueError(_("dump has two {table} with id {id}").format(
                table=table, id=repr(row["id"])))
        seen.add(row["id"])


def check_dump(data: Any) -> None:
    """ValueError (one line) unless `data` is a dump every record of which fits the schema."""
    raw_from_dump(data)


def raw_from_dump(data: Any) -> dict:
    """Check a dump's structure and build the raw tables from it (meta is set by the caller)."""
    seq = _checked_top(data)
    raw = new_raw()
    settings = data.get("settings", {})
    if not isinstance(settings, dict):
        raise ValueError(_("dump field 'settings' must be an object"))
    settings = {k: v for k, v in settings.items() if k != "people_undo"}  # schema 1's undo memo
    if settings:
        # Checked before copying: the schema never walks deep into a value, json.dumps would.
        schema.Settings.from_doc(settings, "1", strict=True)
        raw["settings"]["1"] = json_copy(settings)
    for table in ID_TABLES:
        rows = _rows(data, table)
        _unique_ids(table, rows)
        if table == "quests" and not all(isinstance(r["id"], str) and r["id"] for r in rows):
            raise ValueError(_("every quest id in the dump must be non-empty text"))
        for i, r in enumerate(rows, 1):
            schema.RECORDS[table].from_doc(r, str(i))
        raw[table] = {str(i): json_copy(r) for i, r in enumerate(rows, 1)}
    raw["skips"] = _skips(data)
    records = _checkins(data)
    docs: dict[tuple[str, int], dict] = {}
    for rec in records:
        doc = docs.setdefault(
            (rec.quest, layout.year_of(rec.day)),
            {"q": rec.quest, "y": layout.year_of(rec.day), "e": []},
        )
        doc["e"].append(layout.encode(rec))
    raw["log"] = {str(i): doc for i, doc in enumerate(docs.values(), 1)}
    # The counter the loaded file will have at least.
    raw["meta"]["1"]["seq"] = max([seq] + [r.seq for r in records])
    schema.check_raw(raw, lazy_log=False)  # what no single record shows: ids or seqs used twice
    return raw


def _checked_top(data: Any) -> int:
    """The dump's own fields checked (an object of known keys, NetQuest's, a known schema);
    returns its check-in counter."""
    if not isinstance(data, dict):
        raise ValueError(_("a dump must be a JSON object"))
    unknown = set(data) - set(DUMP_KEYS) - {"app", "schema", "seq"}
    if unknown:
        raise ValueError(_("dump has unknown fields: {names}").format(
            names=", ".join(sorted(map(str, unknown)))))
    if data.get("app", APP) != APP:
        raise ValueError(_("dump is from {app}, not NetQuest").format(app=repr(data.get("app"))))
    # Schemas 2 and 3 changed the data file, not the export: older exports load as they are.
    if data.get("schema") not in (1, 2, SCHEMA_VERSION):
        raise ValueError(_("dump has schema {schema}; this version loads schema {known}").format(
            schema=repr(data.get("schema")), known=SCHEMA_VERSION))
    seq = data.get("seq", 0)
    if type(seq) is not int or seq < 0:
        raise ValueError(_("dump field 'seq' must be a whole number, not {value}").format(
            value=repr(seq)))
    return seq


def _skips(data: dict) -> dict:
    """The dump's skips as the raw "skips" table, each checked, none twice."""
    table = {}
    seen = set()
    for i, s in enumerate(_rows(data, "skips"), 1):
        if set(s) - {"quest", "day", "reason", "mid"} or "day" not in s:
            raise ValueError(_("dump skip {skip} must have quest, day and reason only").format(
                skip=repr(s)))
        mid = s.get("mid")
        s = {"quest": s.get("quest"), "day": s["day"], "reason": s.get("reason", "")}
        check_skip(s["quest"], s["day"], s["reason"])
        if mid is not None:
            s["mid"] = mid
            schema.Skip.from_doc(s)
        if (s["quest"], s["day"]) in seen:
            raise ValueError(_("dump skips {quest} on {day} twice").format(
                quest=repr(s["quest"]), day=s["day"]))
        seen.add((s["quest"], s["day"]))
        table[str(i)] = s
    return table


def _checkins(data: dict) -> list[CheckInRecord]:
    """The dump's check-ins as records, each checked, sorted by seq, no seq twice."""
    records = []
    seqs = set()
    fields = set(CheckInRecord._fields)
    for c in _rows(data, "checkins"):
        missing = fields - set(c) - {"note", "people", "mid"}
        if missing or set(c) - fields:
            raise ValueError(_("dump check-in {checkin} must have the fields {names}").format(
                checkin=repr(c), names=", ".join(CheckInRecord._fields)))
        if type(c["seq"]) is not int or c["seq"] < 1:
            raise ValueError(_("dump check-in seq must be a positive whole number, not "
                               "{value}").format(value=repr(c["seq"])))
        if c["seq"] in seqs:
            raise ValueError(_("dump has two check-ins with seq {seq}").format(seq=c["seq"]))
        seqs.add(c["seq"])
        note = c.get("note", "")
        people = layout.check_fields(
            c["quest"],
            c["day"],
            c["count"],
            c["xp"],
            c["bonus"],
            c["at"],
            note,
            c.get("people", ()),
        )
        rec = CheckInRecord(
            c["seq"], c["quest"], c["day"], c["count"], c["xp"], c["bonus"], c["at"], note, people,
            c.get("mid", ""),
        )
        check_entry(rec.quest, layout.encode(rec))
        records.append(rec)
    records.sort(key=lambda r: r.seq)
    return records
