"""Whole files: the registry of tables and their record kinds, and the checks of a raw file."""

from __future__ import annotations

from typing import Any

from netquest.i18n import _, ngettext

from ..ids import FIRST_YEAR, LAST_YEAR
from .fields import (
    MAX_SEQ,
    RECORD_KEY,
    Record,
    SchemaError,
    _Bad,
    _label,
    check_int,
    not_an_object,
    quest_id,
    shown,
)
from .goals import Goal
from .log import LogDoc, check_log_doc
from .records import Achievement, Meta, Person, Quest, Settings, Skip
from .undo import Effects, Redo

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
ID_FIELDS = {
    "quests": "id",
    "goals": "id",
    "people": "id",
    "achievements": "id",
    "effects": "id",
    "redo": "id",
}


# ------------------------------------------------------------------------------ whole files
def check_raw(raw: dict, lazy_log: bool = True) -> None:
    """SchemaError for the first damaged record of a raw file (a dict of tables of documents).

    Log documents still in their bytes (the index vouched for them, `lazy_log`) are left
    for `check_log_doc` when they are parsed, and with `lazy_log` the records of
    `LAZY_TABLES` are left for the use cases that read them (doctor checks them all).  Also
    refused: an unknown table, two records
    with one id, two log documents for one (quest, year), and (when the whole log is
    parsed) two check-ins with one seq.
    """
    for name, table in raw.items():
        kind = RECORDS.get(name)
        if kind is None:
            raise SchemaError(shown(name), "-", None, _("is not a table NetQuest knows"))
        if type(table) is not dict:
            problem = _("must be an object of records, not {value}").format(value=shown(table))
            raise SchemaError(name, "-", None, problem)
        if name in SINGLE and len(table) > 1:
            raise SchemaError(name, "-", None, _("must hold one record, not {n}").format(
                n=len(table)))
        for key in table:
            # TinyDB reads every key as a whole number: "01" and "1" would be one record,
            # and a key that is not a number at all crashes every command that writes.
            if not RECORD_KEY.fullmatch(key):
                raise SchemaError(
                    name,
                    shown(key),
                    None,
                    "is not a record key NetQuest writes (a whole number from 1)",
                )
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
                    raise SchemaError(
                        name, _label(None, key), None, not_an_object(doc)
                    )
            continue
        id_field = ID_FIELDS.get(name)
        seen: set = set()
        for key, doc in table.items():
            rec = kind.from_doc(doc, key)
            if id_field:
                rid = getattr(rec, id_field)
                if rid in seen:
                    raise SchemaError(name, repr(rid), "id", _("is used by two records"))
                seen.add(rid)
            elif name == "skips":
                pair = (rec.quest, rec.day)  # type: ignore[attr-defined]
                if pair in seen:
                    raise SchemaError(
                        name,
                        f"#{key}",
                        None,
                        (_("skips {quest} on {day} twice").format(quest=rec.quest, day=rec.day)
                         if rec.quest else _("skips every quest on {day} twice").format(
                             day=rec.day)),
                    )  # type: ignore[attr-defined]
                seen.add(pair)
    if len(raw.get("meta") or {}) != 1:
        raise SchemaError("meta", "-", None, _("must hold exactly one record"))


def _check_log(table: dict, lazy_log: bool, top: int = MAX_SEQ) -> None:
    from ..layout import (
        RawDoc,  # layout imports nothing from here; the import is deferred only to keep it so
    )

    pairs: set = set()
    seqs: set[int] = set()
    for key, doc in table.items():
        if type(doc) is RawDoc and lazy_log:
            try:
                quest_id(doc.q, "q")
                check_int(doc.y, "y", FIRST_YEAR, LAST_YEAR)
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
                    raise SchemaError(
                        "log",
                        f"{doc['q']!r} {doc['y']} check-in {e[0]}",
                        "seq",
                        _("is above the meta record's counter ({top}): the next check-in would "
                          "take it").format(top=top),
                    )
                if e[0] in seqs:
                    raise SchemaError(
                        "log",
                        f"{doc['q']!r} {doc['y']} check-in {e[0]}",
                        "seq",
                        _("is used by two check-ins"),
                    )
                seqs.add(e[0])
        if pair in pairs:
            raise SchemaError("log", f"{pair[0]!r} {pair[1]}", None, _("has two log documents"))
        pairs.add(pair)


def notes(raw: dict) -> list[str]:
    """Things that are allowed but worth a word from doctor: links to records that are not there.

    Every reader copes with these (a check-in of a quest that is gone still counts its XP),
    so they do not make a file bad.
    """
    from ..layout import RawDoc

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
        out.append(ngettext(
            "{n} check-in of quest {quest}, which is not in the file (they still count)",
            "{n} check-ins of quest {quest}, which is not in the file (they still count)", n,
        ).format(n=n, quest=repr(q)))
    for s in (raw.get("skips") or {}).values():
        if s["quest"] is not None and s["quest"] not in quests:
            out.append(_("a skip on {day} of quest {quest}, which is not in the file").format(
                day=s["day"], quest=repr(s["quest"])))
    for d in (raw.get("quests") or {}).values():
        if d.get("goal") is not None and d["goal"] not in goals:
            out.append(_("quest {quest} serves goal {goal}, which is not in the file").format(
                quest=repr(d["id"]), goal=repr(d["goal"])))
    for d in (raw.get("goals") or {}).values():
        for kr in d.get("key_results") or ():
            for q in kr.get("quests") or ():
                if q not in quests:
                    out.append(_("goal {goal} key result {kr} counts quest {quest}, which is "
                                 "not in the file").format(goal=repr(d["id"]), kr=repr(kr["id"]),
                                                           quest=repr(q)))
    for d in (raw.get("people") or {}).values():
        if d.get("introduced_by") is not None and d["introduced_by"] not in people:
            out.append(_("person {person} was introduced by {by}, who is not in the "
                         "file").format(person=repr(d["id"]), by=repr(d["introduced_by"])))
    for d in (raw.get("settings") or {}).values():
        extra = Settings.from_doc(d).extra
        if extra:
            out.append(_("settings this version does not use: {names}").format(
                names=", ".join(shown(k) for k in extra[:5])))
    return out


def check_doc(table: str, doc: Any) -> None:
    """SchemaError unless `doc` is a sound record of `table` (before it is written)."""
    RECORDS[table].from_doc(doc)
