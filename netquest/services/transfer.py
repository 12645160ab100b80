"""Export the data file as JSON or CSV, and import an export all-or-nothing."""

from __future__ import annotations

import csv
import io
import json
from datetime import date

from netquest.i18n import _
from netquest.rules.cadence import CadenceError, parse_cadence
from netquest.rules.people import STAGE_IDS
from netquest.services.errors import ServiceError, cadence_problem
from netquest.services.inputs import rows_with_ids
from netquest.store.protocols import Transaction
from netquest.text import csv_cell, json_text

EXPORT_FORMAT = "netquest-export"
EXPORT_VERSION = 1


def export_json(tx: Transaction) -> str:
    """Everything in the data file as one JSON document."""
    data = tx.dump()
    return (
        json_text({"format": EXPORT_FORMAT, "version": EXPORT_VERSION, "data": data}, indent=1)
        + "\n"
    )


def export_csv(tx: Transaction) -> str:
    """The check-ins as CSV rows, one per check-in, with the quest's title and tip."""
    quests = {q["id"]: q for q in tx.quests()}
    records = tx.checkins()
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["day", "quest", "title", "tip", "count", "xp", "note", "people", "at"])
    for rec in records:
        quest = quests.get(rec.quest, {})
        # CSV is read in terminals and spreadsheets: every cell goes out through the text
        # gate, never as control characters, escape sequences or a formula.
        writer.writerow(
            [
                csv_cell(cell)
                for cell in (
                    rec.day,
                    rec.quest,
                    quest.get("title", ""),
                    quest.get("tip", ""),
                    rec.count,
                    rec.xp,
                    rec.note,
                    ";".join(rec.people),
                    rec.at,
                )
            ]
        )
    return out.getvalue()


def _check_day(value, where: str) -> None:
    try:
        date.fromisoformat(value)
    except (TypeError, ValueError):
        raise ServiceError(_("{where}: {value} is not a YYYY-MM-DD date").format(
                where=where, value=repr(value))) from None


def validate_export(doc, today: date | None = None) -> dict:
    """The data part of an export, or ServiceError naming the first thing wrong.

    With `today`, a check-in dated after it is refused, as `checkin` refuses one."""
    if not isinstance(doc, dict) or doc.get("format") != EXPORT_FORMAT:
        raise ServiceError(
            _("not a NetQuest export (no \"format\": \"netquest-export\" at the top)"))
    if not isinstance(doc.get("version"), int) or doc["version"] > EXPORT_VERSION:
        raise ServiceError(_("export version {version} is not one this NetQuest reads").format(
                version=repr(doc.get('version'))))
    data = doc.get("data")
    if not isinstance(data, dict):
        raise ServiceError(_("the export has no \"data\" object"))
    from netquest.store.dump import check_dump

    try:
        check_dump(data)  # every record against the store's schema before anything reads it
    except ValueError as exc:
        raise ServiceError(str(exc)) from None
    quests = data.get("quests", [])
    for where, q in rows_with_ids(quests, "quests", "quest"):
        if not isinstance(q.get("title"), str) or not q["title"].strip():
            raise ServiceError(_("{where}: quest {id} needs a title").format(
                    where=where, id=repr(q['id'])))
        if q.get("tip") not in (1, 2, 3, 4, 5):
            raise ServiceError(_("{where}: tip must be 1 to 5").format(
                    where=where))
        try:
            parse_cadence(str(q.get("cadence")))
        except CadenceError as exc:
            raise ServiceError(_("{where}: {exc}").format(
                    where=where, exc=cadence_problem(str(q.get("cadence")), exc))) from None
        _check_day(q.get("start"), where)
        if q.get("moves_to") not in (None, *STAGE_IDS):
            raise ServiceError(
                _("{where}: moves_to must be a stage ({names}) or null").format(
                    where=where, names=', '.join(STAGE_IDS))
            )
    ids = {q["id"] for q in quests}
    checkins = data.get("checkins", [])
    if not isinstance(checkins, list):
        raise ServiceError(_("\"checkins\" must be a list"))
    for i, c in enumerate(checkins):
        where = f"checkins[{i}]"
        if not isinstance(c, dict):
            raise ServiceError(_("{where}: a check-in must be an object").format(
                    where=where))
        if c.get("quest") not in ids:
            raise ServiceError(_("{where}: unknown quest {quest}").format(
                    where=where, quest=repr(c.get('quest'))))
        _check_day(c.get("day"), where)
        if today is not None and c["day"] > today.isoformat():
            raise ServiceError(
                _("{where}: {day} is in the future (today is {today})").format(
                    where=where, day=c['day'], today=today.isoformat())
            )
        for key in ("count", "xp"):
            if not isinstance(c.get(key), int) or isinstance(c.get(key), bool):
                raise ServiceError(_("{where}: {key} must be a whole number").format(
                        where=where, key=key))
        if c["count"] < 1:
            raise ServiceError(_("{where}: count must be at least 1").format(
                    where=where))
    for i, s in enumerate(data.get("skips", []) or []):
        if not isinstance(s, dict):
            raise ServiceError(_("skips[{i}]: a skip must be an object").format(
                    i=i))
        _check_day(s.get("day"), f"skips[{i}]")
        if s.get("quest") is not None and s.get("quest") not in ids:
            raise ServiceError(_("skips[{i}]: unknown quest {quest}").format(
                    i=i, quest=repr(s.get('quest'))))
    from netquest.services.people_model import validate_people

    validate_people(data.get("people", []))
    return data


def import_json(tx: Transaction, text: str, today: date | None = None) -> dict:
    """Replace the data file's content with an export (in a transaction that backs up the current file first).

    Nothing changes if anything is wrong."""
    from netquest.store.layout import JSONTooComplex, loads

    try:
        doc = loads(text)
    except json.JSONDecodeError as exc:
        raise ServiceError(
            _("not valid JSON: {msg} at line {lineno} column {colno}").format(
                msg=exc.msg, lineno=exc.lineno, colno=exc.colno)
        ) from None
    except JSONTooComplex as exc:
        raise ServiceError(str(exc)) from None
    data = validate_export(doc, today)
    _keep_merge_ids(tx.dump(mids=True), data)
    try:
        tx.load_dump(data)
    except ValueError as exc:
        raise ServiceError(str(exc)) from None
    return {key: len(data.get(key) or []) for key in ("quests", "checkins", "people", "goals")}


def _keep_merge_ids(current: dict, data: dict) -> None:
    """Give the records of an import the merge ids of the same records here (a quest, person
    or goal by its handle, a skip by its quest and day, a check-in by its number, quest, day
    and time), so `netquest sync` sees what changed, not every record deleted and added."""
    from netquest.store.mids import carried

    for table in ("quests", "people", "goals"):
        old = {d["id"]: d for d in current.get(table, [])}
        for doc in data.get(table) or []:
            if isinstance(doc, dict) and doc.get("id") in old:
                carried(doc, old.pop(doc["id"]))  # each merge id given once
    keys = {
        "skips": lambda d: (d.get("quest"), d.get("day")),
        "checkins": lambda d: (d.get("seq"), d.get("quest"), d.get("day"), d.get("at")),
    }
    for table, key in keys.items():
        old = {key(d): d["mid"] for d in current.get(table, [])}
        for doc in data.get(table) or []:
            if isinstance(doc, dict) and key(doc) in old:
                doc["mid"] = old.pop(key(doc))
