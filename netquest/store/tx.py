"""A transaction's view of the data: quests, the check-in log, skips, settings and the other tables.

A `Tx` works on one parsed snapshot through a fresh TinyDB, so nothing it caches can be
stale.  Small tables go through TinyDB's Table API; the check-in log is read and appended
straight on the snapshot dict, because building 50,000 TinyDB Documents costs more than
the whole check-in may.
"""

from __future__ import annotations

import json
from copy import deepcopy
from datetime import date
from operator import itemgetter
from typing import Any, Iterable, Sequence

from tinydb import TinyDB, where

from . import layout, schema
from .ids import QUEST_ID
from .layout import CheckInRecord, RawDoc
from .migrations import APP, SCHEMA_VERSION, meta_of
from .storage import TxStorage

TABLES = ("meta", "settings", "quests", "log", "skips", "goals", "people", "achievements", "effects", "redo")
ID_TABLES = ("quests", "goals", "people", "achievements")
# What check-ins changed and what redo can bring back (services/effects.py): not exported.
UNDO_TABLES = ("effects", "redo")
DUMP_KEYS = ("settings", "quests", "checkins", "skips", "goals", "people", "achievements")
_seq, _day = itemgetter(0), itemgetter(2)


def new_raw() -> dict:
    """The raw TinyDB data of a file that has never been written."""
    raw: dict[str, dict] = {name: {} for name in TABLES}
    raw["meta"]["1"] = {"app": APP, "schema": SCHEMA_VERSION, "seq": 0}
    return raw


def plain(value: Any) -> Any:
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


class Tx:
    """Everything NetQuest stores, as seen inside one `Store.transaction()` or `Store.read()`."""

    def __init__(self, raw: dict, writable: bool) -> None:
        self._writable = writable
        self._open = True
        self._attach(raw, dirty=False)

    def _attach(self, raw: dict, dirty: bool) -> None:
        self._db = TinyDB(raw, storage=TxStorage)
        self._storage: TxStorage = self._db.storage  # type: ignore[assignment]
        self._storage.dirty = dirty
        self._index: dict[tuple[str, int], str] | None = None
        self._unchecked: set[str] = set()  # log documents parsed in bulk, trusted to the index's CRC

    # -- plumbing used by Store ---------------------------------------------

    @property
    def dirty(self) -> bool:
        return self._storage.dirty

    @property
    def raw(self) -> dict:
        return self._storage.memory

    def _close(self) -> None:
        self._open = False

    def _reading(self) -> None:
        if not self._open:
            raise RuntimeError("this transaction is over; open a new one")

    def _writing(self) -> None:
        self._reading()
        if not self._writable:
            raise RuntimeError("read-only view: change data inside Store.transaction()")

    def _table(self, name: str):
        return self._db.table(name)

    @property
    def _meta(self) -> dict:
        return meta_of(self.raw)  # type: ignore[return-value]

    @property
    def meta(self) -> dict:
        """A copy of the meta record (app, schema, seq); change it through the methods."""
        self._reading()
        return dict(self._meta)

    # -- settings --------------------------------------------------------------

    def settings(self) -> dict:
        self._reading()
        docs = self._table("settings").all()
        return deepcopy(dict(docs[0])) if docs else {}

    def set_setting(self, key: str, value: Any) -> None:
        self._writing()
        if not isinstance(key, str) or not key:
            raise ValueError(f"a setting needs a text key, not {key!r}")
        value = plain(value)
        table = self._table("settings")
        docs = table.all()
        schema.Settings.from_doc({**(dict(docs[0]) if docs else {}), key: value})
        if docs:
            table.update({key: value}, doc_ids=[docs[0].doc_id])
        else:
            table.insert({key: value})

    # -- quests and the other tables keyed by "id" ------------------------------

    def quests(self) -> list[dict]:
        return self.all("quests")

    def quest(self, id: str) -> dict | None:
        return self.get("quests", id)

    def put_quest(self, doc: dict) -> None:
        if not isinstance(doc, dict) or not isinstance(doc.get("id"), str) or not doc["id"]:
            raise ValueError(f"a quest needs a text id, not {doc.get('id') if isinstance(doc, dict) else doc!r}")
        self.put("quests", doc)

    def all(self, table: str) -> list[dict]:
        self._reading()
        return [deepcopy(dict(doc)) for doc in self._table(_id_table(table)).all()]

    def get(self, table: str, id: Any) -> dict | None:
        self._reading()
        doc = self._table(_id_table(table)).get(where("id") == id)
        return deepcopy(dict(doc)) if doc is not None else None

    def put(self, table: str, doc: dict) -> None:
        """Insert `doc`, or replace the document with its id (fields it lacks are dropped)."""
        self._writing()
        name = _id_table(table)
        _check_id(name, doc)
        doc = plain(doc)
        schema.check_doc(name, doc)
        t = self._table(name)
        old = t.get(where("id") == doc["id"])
        if old is None:
            t.insert(doc)
            return

        def replace(stored: dict) -> None:
            stored.clear()
            stored.update(doc)

        t.update(replace, doc_ids=[old.doc_id])

    def delete(self, table: str, id: Any) -> bool:
        self._writing()
        return bool(self._table(_id_table(table)).remove(where("id") == id))

    # -- check-ins ---------------------------------------------------------------

    def _log(self) -> dict:
        return self.raw.setdefault("log", {})

    def _docs(self) -> dict[tuple[str, int], str]:
        """(quest, year) -> key of its log document, without parsing any document."""
        if self._index is None:
            self._index = {
                (doc.q, doc.y) if type(doc) is RawDoc else (doc["q"], doc["y"]): key
                for key, doc in self._log().items()
            }
        return self._index

    def _doc(self, key: str, check: bool = True) -> dict:
        """The log document under `key`, parsed on first use.

        One document parsed on its own (to append to, say) is checked against the schema.
        Documents parsed in bulk for a summary are not: checking every check-in of a long
        history would cost more than the summary itself, and the index's CRC says NetQuest
        wrote them.  A crash reading them makes the store call `log_problem`, which names
        the damage instead.
        """
        log = self._log()
        doc = log[key]
        if type(doc) is RawDoc:
            raw_doc = doc
            try:
                doc = log[key] = doc.parse()
            except layout.UnreadableDoc as exc:
                raise schema.StoredDamage("log", f"#{key}", None, exc.problem) from None
            if check:
                _check_parsed(key, raw_doc, doc)
            else:
                self._unchecked.add(key)
        elif check and key in self._unchecked:
            # Parsed in bulk for a read, now about to change: what is written must be sound.
            _check_parsed(key, None, doc)
            self._unchecked.discard(key)
        return doc

    def _all_docs(self, quest: str | None = None) -> list[dict]:
        with layout.paused_gc():
            return [self._doc(key, check=False) for (q, _), key in list(self._docs().items())
                    if quest is None or q == quest]

    def log_problem(self) -> schema.SchemaError | None:
        """The first schema damage in the log documents parsed without a check, if any."""
        log = self._log()
        for key in sorted(self._unchecked):
            doc = log.get(key)
            if isinstance(doc, dict):
                try:
                    schema.check_log_doc(doc, key)
                except schema.SchemaError as exc:
                    return schema.StoredDamage(exc.table, exc.record, exc.field, exc.problem)
        return None

    def _find(self, seq: int) -> tuple[tuple[str, int], int] | None:
        for pair, key in list(self._docs().items()):
            for i, entry in enumerate(self._doc(key, check=False)["e"]):
                if entry[0] == seq:
                    return pair, i
        return None

    def tallies(self) -> list[tuple[str, list]]:
        """(quest, entries) per log document, unsorted: the cheap read behind summaries.

        Each entry is the stored list ``[seq, day, count, xp, bonus, at, ...]``; callers must
        not change it.  Building no records and sorting nothing keeps a summary of ten
        years of history fast.
        """
        self._reading()
        return [(doc["q"], doc["e"]) for doc in self._all_docs()]

    def checkins(self, quest: str | None = None) -> list[CheckInRecord]:
        """Check-ins, of one quest or all, sorted by (day, seq)."""
        self._reading()
        decode, new, rec = layout.decode, tuple.__new__, CheckInRecord
        out: list[CheckInRecord] = []
        with layout.paused_gc():
            for doc in self._all_docs(quest):
                q = doc["q"]
                # Inlined for the common 6-field entry: a call per record is a third of a full load.
                out.extend([
                    new(rec, (e[0], q, e[1], e[2], e[3], e[4], e[5], "", ())) if len(e) == 6 else decode(q, e)
                    for e in doc["e"]
                ])
            # Two stable passes on single fields beat one pass on a (day, seq) tuple key.
            out.sort(key=_seq)
            out.sort(key=_day)
        return out

    def latest_checkin(self) -> CheckInRecord | None:
        """The check-in with the highest seq still present (what undo takes back)."""
        self._reading()
        best: tuple[list, str] | None = None
        for doc in self._all_docs():
            for entry in doc["e"]:
                if best is None or entry[0] > best[0][0]:
                    best = (entry, doc["q"])
        return layout.decode(best[1], best[0]) if best else None

    def add_checkin(
        self, quest: str, day: str, count: int, xp: int, bonus: int, at: str,
        note: str = "", people: Sequence[str] = (),
    ) -> CheckInRecord:
        self._writing()
        people = layout.check_fields(quest, day, count, xp, bonus, at, note, people)
        meta = self._meta
        seq = meta["seq"] + 1
        if seq > schema.MAX_SEQ:
            raise schema.StoredDamage("meta", "#1", "seq", f"is {meta['seq']}, the largest check-in number there is; "
                                                           "no check-in can be added")
        # A counter edited below the log's seqs fails the index's CRC (layout._crc), so the
        # whole file was read and refused: the seq handed out here is never one in use.
        _check_entry(quest, layout.encode(CheckInRecord(max(1, self._meta["seq"] + 1), quest, day, count, xp, bonus,
                                                        at, note, people)))
        meta = self._meta
        # The counter lives in meta, not in the log, so an undone seq is never handed out again.
        seq = meta["seq"] + 1
        meta["seq"] = seq
        rec = CheckInRecord(seq, quest, day, count, xp, bonus, at, note, people)
        self._append(rec)
        return rec

    def insert_checkin(self, rec: CheckInRecord) -> None:
        """Put back a check-in with its own seq (redo); ValueError if the seq is taken or never handed out."""
        self._writing()
        people = layout.check_fields(rec.quest, rec.day, rec.count, rec.xp, rec.bonus, rec.at, rec.note, rec.people)
        if type(rec.seq) is not int or not 1 <= rec.seq <= self._meta["seq"] or self._find(rec.seq) is not None:
            raise ValueError(f"seq {rec.seq!r} cannot be put back")
        self._append(rec._replace(people=people))

    @property
    def next_revision(self) -> int:
        """The revision the next commit writes: it wraps to 0 past the largest exact JSON number."""
        return (self.revision + 1) % (schema.MAX_SEQ + 1)

    @property
    def revision(self) -> int:
        """How many writes this file has had (bumped by the store on every commit)."""
        rev = self._meta.get("rev", 0)
        return rev if type(rev) is int else 0

    def _append(self, rec: CheckInRecord) -> None:
        pair = (rec.quest, layout.year_of(rec.day))
        docs = self._docs()
        if pair not in docs:
            docs[pair] = str(self._table("log").insert({"q": pair[0], "y": pair[1], "e": []}))
        self._doc(docs[pair])["e"].append(layout.encode(rec))
        self._storage.touch()

    def _take(self, pair: tuple[str, int], i: int) -> CheckInRecord:
        docs = self._docs()
        key = docs[pair]
        entries = self._doc(key)["e"]
        entry = entries.pop(i)
        if not entries:
            # An empty year document is dead weight in a file rewritten on every write.
            self._table("log").remove(doc_ids=[int(key)])
            del docs[pair]
        self._storage.touch()
        return layout.decode(pair[0], entry)

    def remove_checkin(self, seq: int) -> CheckInRecord | None:
        self._writing()
        found = self._find(seq)
        return self._take(*found) if found else None

    def replace_checkin(self, rec: CheckInRecord) -> None:
        """Store new fields for the check-in with `rec.seq` (KeyError if there is none)."""
        self._writing()
        people = layout.check_fields(rec.quest, rec.day, rec.count, rec.xp, rec.bonus, rec.at, rec.note, rec.people)
        rec = rec._replace(people=people)
        _check_entry(rec.quest, layout.encode(rec))
        found = self._find(rec.seq)
        if found is None:
            raise KeyError(f"no check-in with seq {rec.seq}")
        pair, i = found
        if pair == (rec.quest, layout.year_of(rec.day)):
            self._doc(self._docs()[pair])["e"][i] = layout.encode(rec)
            self._storage.touch()
        else:
            self._take(pair, i)
            self._append(rec)

    # -- skips -----------------------------------------------------------------

    def skips(self) -> list[dict]:
        """Skipped days; quest None is a vacation day for every quest."""
        self._reading()
        docs = [dict(d) for d in self._table("skips").all()]
        docs.sort(key=lambda d: (d["day"], d["quest"] or ""))
        return docs

    def add_skip(self, quest: str | None, day: str, reason: str = "") -> bool:
        self._writing()
        _check_skip(quest, day, reason)
        schema.Skip.from_doc({"quest": quest, "day": day, "reason": reason})
        table = self._table("skips")
        if table.contains(_skip_query(quest, day)):
            return False
        table.insert({"quest": quest, "day": day, "reason": reason})
        return True

    def add_skips(self, skips: Iterable[tuple[str | None, str, str]]) -> int:
        """Add many (quest, day, reason) skips in one write, as an import does; a day already
        skipped stays as it is. Returns how many were new.

        One insert for all of them: TinyDB rewrites its table on every insert, so adding a
        long history one skip at a time would take quadratic time."""
        self._writing()
        table = self._table("skips")
        have = {(doc.get("quest"), doc.get("day")) for doc in table.all()}
        new = []
        for quest, day, reason in skips:
            _check_skip(quest, day, reason)
            schema.Skip.from_doc({"quest": quest, "day": day, "reason": reason})
            if (quest, day) not in have:
                have.add((quest, day))
                new.append({"quest": quest, "day": day, "reason": reason})
        if new:
            table.insert_multiple(new)
        return len(new)

    def remove_skip(self, quest: str | None, day: str) -> bool:
        self._writing()
        return bool(self._table("skips").remove(_skip_query(quest, day)))

    # -- the whole file ----------------------------------------------------------

    def dump(self) -> dict:
        """Everything as plain JSON data, check-ins as dicts (for export and load_dump)."""
        self._reading()
        meta = self._meta
        return {
            "app": APP,
            "schema": SCHEMA_VERSION,
            "seq": meta["seq"],
            "settings": self.settings(),
            "quests": self.quests(),
            "checkins": [_record_dict(r) for r in self.checkins()],
            "skips": self.skips(),
            "goals": self.all("goals"),
            "people": self.all("people"),
            "achievements": self.all("achievements"),
        }

    def load_dump(self, data: dict) -> None:
        """Replace everything with `data` (a dump); ValueError with one line and no change if it is malformed."""
        self._writing()
        raw = _raw_from_dump(data)
        meta = dict(self._meta)
        top = max([meta["seq"], data.get("seq", 0)] + [c["seq"] for c in data.get("checkins", [])])
        # Keep the counter at its high-water mark so seqs seen before the load never come back.
        meta["seq"] = top
        raw["meta"] = {"1": meta}
        self._attach(raw, dirty=True)


def _id_table(name: str) -> str:
    if name not in ID_TABLES and name not in UNDO_TABLES:
        raise ValueError(f"unknown table {name!r}; use one of {', '.join(ID_TABLES)}")
    return name


def _check_id(table: str, doc: Any) -> None:
    if not isinstance(doc, dict) or "id" not in doc:
        raise ValueError(f"a {table} document needs an 'id'")
    if isinstance(doc["id"], bool) or not isinstance(doc["id"], (str, int)):
        raise ValueError(f"a {table} id must be text or a whole number, not {doc['id']!r}")


def _check_day(day: Any) -> None:
    try:
        if not isinstance(day, str) or len(day) != 10:
            raise ValueError
        date.fromisoformat(day)
    except ValueError:
        raise ValueError(f"day must be YYYY-MM-DD, not {day!r}") from None


def _check_skip(quest: Any, day: Any, reason: Any) -> None:
    if quest is not None and (not isinstance(quest, str) or not quest):
        raise ValueError(f"a skip's quest must be an id or None, not {quest!r}")
    _check_day(day)
    if not isinstance(reason, str):
        raise ValueError(f"a skip's reason must be text, not {reason!r}")
    for text in (quest or "", reason):
        layout.check_text(text)


def _skip_query(quest: str | None, day: str):
    return (where("quest") == quest) & (where("day") == day)


def _record_dict(rec: CheckInRecord) -> dict:
    d = rec._asdict()
    d["people"] = list(rec.people)
    return d


def _rows(data: dict, key: str) -> list:
    rows = data.get(key, [])
    if not isinstance(rows, list) or not all(isinstance(r, dict) for r in rows):
        raise ValueError(f"dump field {key!r} must be a list of objects")
    return rows


def _unique_ids(table: str, rows: Iterable[dict]) -> None:
    seen = set()
    for row in rows:
        _check_id(table, row)
        if row["id"] in seen:
            raise ValueError(f"dump has two {table} with id {row['id']!r}")
        seen.add(row["id"])


def check_dump(data: Any) -> None:
    """ValueError (one line) unless `data` is a dump every record of which fits the schema."""
    _raw_from_dump(data)


def _raw_from_dump(data: Any) -> dict:
    """Check a dump's structure and build the raw tables from it (meta is set by the caller)."""
    if not isinstance(data, dict):
        raise ValueError("a dump must be a JSON object")
    unknown = set(data) - set(DUMP_KEYS) - {"app", "schema", "seq"}
    if unknown:
        raise ValueError(f"dump has unknown fields: {', '.join(sorted(map(str, unknown)))}")
    if data.get("app", APP) != APP:
        raise ValueError(f"dump is from {data.get('app')!r}, not NetQuest")
    # Schema 2 changed the data file, not the export: an export of schema 1 loads as is.
    if data.get("schema") not in (1, SCHEMA_VERSION):
        raise ValueError(f"dump has schema {data.get('schema')!r}; this version loads schema {SCHEMA_VERSION}")
    seq = data.get("seq", 0)
    if type(seq) is not int or seq < 0:
        raise ValueError(f"dump field 'seq' must be a whole number, not {seq!r}")
    settings = data.get("settings", {})
    if not isinstance(settings, dict):
        raise ValueError("dump field 'settings' must be an object")
    raw = new_raw()
    settings = {k: v for k, v in settings.items() if k != "people_undo"}  # schema 1's undo memo
    if settings:
        # Checked before copying: the schema never walks deep into a value, json.dumps would.
        schema.Settings.from_doc(settings, "1", strict=True)
        raw["settings"]["1"] = plain(settings)
    for table in ID_TABLES:
        rows = _rows(data, table)
        _unique_ids(table, rows)
        if table == "quests" and not all(isinstance(r["id"], str) and r["id"] for r in rows):
            raise ValueError("every quest id in the dump must be non-empty text")
        for i, r in enumerate(rows, 1):
            schema.RECORDS[table].from_doc(r, str(i))
        raw[table] = {str(i): plain(r) for i, r in enumerate(rows, 1)}
    skips = _rows(data, "skips")
    seen_skips = set()
    for i, s in enumerate(skips, 1):
        if set(s) - {"quest", "day", "reason"} or "day" not in s:
            raise ValueError(f"dump skip {s!r} must have quest, day and reason only")
        s = {"quest": s.get("quest"), "day": s["day"], "reason": s.get("reason", "")}
        _check_skip(s["quest"], s["day"], s["reason"])
        if (s["quest"], s["day"]) in seen_skips:
            raise ValueError(f"dump skips {s['quest']!r} on {s['day']} twice")
        seen_skips.add((s["quest"], s["day"]))
        raw["skips"][str(i)] = s
    records = []
    seqs = set()
    fields = set(CheckInRecord._fields)
    for c in _rows(data, "checkins"):
        missing = fields - set(c) - {"note", "people"}
        if missing or set(c) - fields:
            raise ValueError(f"dump check-in {c!r} must have the fields {', '.join(CheckInRecord._fields)}")
        if type(c["seq"]) is not int or c["seq"] < 1:
            raise ValueError(f"dump check-in seq must be a positive whole number, not {c['seq']!r}")
        if c["seq"] in seqs:
            raise ValueError(f"dump has two check-ins with seq {c['seq']}")
        seqs.add(c["seq"])
        people = layout.check_fields(
            c["quest"], c["day"], c["count"], c["xp"], c["bonus"], c["at"], c.get("note", ""), c.get("people", ()),
        )
        rec = CheckInRecord(c["seq"], c["quest"], c["day"], c["count"], c["xp"], c["bonus"], c["at"],
                            c.get("note", ""), people)
        _check_entry(rec.quest, layout.encode(rec))
        records.append(rec)
    records.sort(key=lambda r: r.seq)
    docs: dict[tuple[str, int], dict] = {}
    for rec in records:
        doc = docs.setdefault((rec.quest, layout.year_of(rec.day)), {"q": rec.quest, "y": layout.year_of(rec.day), "e": []})
        doc["e"].append(layout.encode(rec))
    raw["log"] = {str(i): doc for i, doc in enumerate(docs.values(), 1)}
    raw["meta"]["1"]["seq"] = max([seq] + [r.seq for r in records])  # the counter the loaded file will have at least
    schema.check_raw(raw, lazy_log=False)  # what no single record shows: ids or seqs used twice
    return raw


def _check_entry(quest: str, entry: list) -> None:
    """SchemaError unless a check-in about to be stored fits the schema."""
    label = f"{schema.shown(quest)} check-in {schema.shown(entry[0])}"
    if type(quest) is not str or not QUEST_ID.fullmatch(quest):
        raise schema.SchemaError("log", label, "quest", f"must be a quest id{schema._not(quest)}")
    problem = schema.entry_problem(entry)
    if problem:
        raise schema.SchemaError("log", label, *problem)


def _check_parsed(key: str, raw_doc: RawDoc | None, doc: Any) -> None:
    """StoredDamage unless a log document just parsed is sound and is what the index said it was."""
    try:
        schema.check_log_doc(doc, key)
    except schema.SchemaError as exc:
        raise schema.StoredDamage(exc.table, exc.record, exc.field, exc.problem) from None
    if raw_doc is not None and (doc["q"] != raw_doc.q or doc["y"] != raw_doc.y):
        raise schema.StoredDamage("log", f"#{key}", None, f"is not the document of {raw_doc.q!r} {raw_doc.y} its index names")
