"""A transaction's view of the data: quests, the check-in log, skips, settings and the other tables.

A `Tx` works on one parsed snapshot through a fresh TinyDB, so nothing it caches can be stale.
Small tables go through TinyDB's Table API; the check-in log is read and appended straight on
the snapshot dict, because building 50,000 TinyDB Documents costs more than a check-in may.
"""

from __future__ import annotations

import zlib
from operator import itemgetter
from typing import Any, Iterable, Sequence

from tinydb import TinyDB, where

from . import checks, layout, schema
from .checks import check_entry, check_id, check_parsed, check_skip, id_table, json_copy, skip_query
from .ids import new_merge_id
from .layout import CheckInRecord, RawDoc
from .memo import Memo
from .mids import carried, give_all, hidden
from .migrations import APP, SCHEMA_VERSION, meta_of
from .storage import TxStorage

_seq, _day = itemgetter(0), itemgetter(2)
MERGED_TABLES = ("quests", "goals", "people")  # records sync knows by a merge id


class Tx(Memo):
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
        # Log documents parsed for reading and not changed since: key -> (its stored bytes,
        # the parsed document, its entries, how many).  Their bytes are written as they were.
        self._read_only: dict[str, tuple[RawDoc, dict, list, int]] = {}

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
        self.writes += 1

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
        return next((checks.tree_copy(doc) for doc in self._table("settings").all()), {})

    def set_setting(self, key: str, value: Any) -> None:
        self._writing()
        if not isinstance(key, str) or not key:
            raise ValueError(f"a setting needs a text key, not {key!r}")
        value = json_copy(value)
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

    def all(self, table: str, mids: bool = False) -> list[dict]:
        """Every record of `table`; with `mids`, with their merge ids (sync alone needs them)."""
        self._reading()
        docs = [checks.tree_copy(doc) for doc in self._table(id_table(table)).all()]
        return docs if mids else [hidden(doc) for doc in docs]

    def get(self, table: str, id: Any) -> dict | None:
        self._reading()
        doc = self._table(id_table(table)).get(where("id") == id)
        return hidden(checks.tree_copy(doc)) if doc is not None else None

    def put(self, table: str, doc: dict) -> None:
        """Insert `doc`, or replace the document with its id (fields it lacks are dropped)."""
        self._writing()
        name = id_table(table)
        check_id(name, doc)
        t = self._table(name)
        old = t.get(where("id") == doc["id"])
        doc = json_copy(doc)
        if name in MERGED_TABLES:
            carried(doc, old)
        schema.check_doc(name, doc)
        if old is None:
            t.insert(doc)
            return

        def replace(stored: dict) -> None:
            stored.clear()
            stored.update(doc)

        t.update(replace, doc_ids=[old.doc_id])

    def delete(self, table: str, id: Any) -> bool:
        self._writing()
        return bool(self._table(id_table(table)).remove(where("id") == id))

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

        One document parsed on its own (to append to, say) is checked against the schema;
        documents parsed in bulk for a summary are not (the index's CRC says NetQuest wrote
        them, and a crash reading them makes the store name the damage, `log_problem`).
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
                check_parsed(key, raw_doc, doc)
            else:
                self._unchecked.add(key)
                self._read_only[key] = (raw_doc, doc, doc["e"], len(doc["e"]))
            return doc
        if check:
            self._read_only.pop(key, None)  # about to change: its stored bytes are out of date
        if check and key in self._unchecked:
            # Parsed in bulk for a read, now about to change: what is written must be sound.
            check_parsed(key, None, doc)
            self._unchecked.discard(key)
        return doc

    def unchanged_docs(self) -> dict[str, RawDoc]:
        """The stored bytes of log documents parsed only to be read, by key (see layout.join_file).

        A document counts as unchanged while it is the same object under its key with the
        same list of entries, as long as when it was parsed: everything that changes the log
        goes through `_doc(key)`, which drops it from here; the length is a second guard.
        """
        log = self._log()
        return {
            key: raw_doc for key, (raw_doc, doc, entries, n) in self._read_only.items()
            if log.get(key) is doc and doc.get("e") is entries and len(entries) == n
            and len(doc) == 3 and doc.get("q") == raw_doc.q and doc.get("y") == raw_doc.y
        }

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

    def tallies(self, since_year: int | None = None) -> list[tuple[str, list]]:
        """(quest, entries) per log document, unsorted: the cheap read behind summaries.

        Each entry is the stored list ``[seq, day, count, xp, bonus, at, ...]``; callers must
        not change it.  Building no records and sorting nothing keeps a summary of ten
        years of history fast.  With `since_year`, only the documents of that year and later
        are read (and parsed).
        """
        self._reading()
        if since_year is None:
            return [(doc["q"], doc["e"]) for doc in self._all_docs()]
        with layout.paused_gc():
            docs = [self._doc(key, check=False) for (_, y), key in list(self._docs().items())
                    if y >= since_year]
        return [(doc["q"], doc["e"]) for doc in docs]

    def has_log_before(self, year: int) -> bool:
        """Whether any check-in is filed in a year before `year` (from the index alone)."""
        self._reading()
        return any(y < year for (_, y) in self._docs())

    def log_digest(self, before_year: int) -> int | None:
        """A CRC of the stored bytes of the log documents before `before_year`; None when any
        of them is no longer as stored."""
        self._reading()
        crc = 0
        log = self._log()
        for (_, y), key in sorted(self._docs().items(), key=lambda item: item[1]):
            if y < before_year:
                doc = log[key]
                if type(doc) is not RawDoc:
                    kept = self._read_only.get(key)
                    if kept is None or kept[1] is not doc or len(doc["e"]) != kept[3]:
                        return None
                    doc = kept[0]
                crc = zlib.crc32(doc.segment, crc)
        return crc

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
                    new(rec, (e[0], q, e[1], e[2], e[3], e[4], e[5], "", (), "")) if len(e) == 6 else decode(q, e)
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
        if seq > schema.fields.MAX_SEQ:
            raise schema.StoredDamage("meta", "#1", "seq", f"is {meta['seq']}, the largest check-in number there is; "
                                                           "no check-in can be added")
        # A counter edited below the log's seqs fails the index's CRC (layout._crc), so the
        # whole file was read and refused: the seq handed out here is never one in use.
        rec = CheckInRecord(seq, quest, day, count, xp, bonus, at, note, people, new_merge_id())
        check_entry(quest, layout.encode(rec))
        meta["seq"] = seq
        self._append(rec)
        return rec

    def insert_checkin(self, rec: CheckInRecord) -> None:
        """Put back a check-in with its own seq (redo); ValueError if the seq is taken or never handed out."""
        self._writing()
        people = layout.check_fields(rec.quest, rec.day, rec.count, rec.xp, rec.bonus, rec.at, rec.note, rec.people)
        if type(rec.seq) is not int or not 1 <= rec.seq <= self._meta["seq"] or self._find(rec.seq) is not None:
            raise ValueError(f"seq {rec.seq!r} cannot be put back")
        self._append(rec._replace(people=people, mid=rec.mid or new_merge_id()))

    @property
    def next_revision(self) -> int:
        """The revision the next commit writes: it wraps to 0 past the largest exact JSON number."""
        return (self.revision + 1) % (schema.fields.MAX_SEQ + 1)

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
        found = self._find(rec.seq)
        if found is None:
            raise KeyError(f"no check-in with seq {rec.seq}")
        pair, i = found
        # An edit keeps the check-in's merge id: on other devices it is the same check-in.
        stored_mid = self._doc(self._docs()[pair], check=False)["e"][i]
        rec = rec._replace(people=people, mid=rec.mid or (stored_mid[8] if len(stored_mid) > 8 else new_merge_id()))
        check_entry(rec.quest, layout.encode(rec))
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
        docs = [hidden(dict(d)) for d in self._table("skips").all()]
        docs.sort(key=lambda d: (d["day"], d["quest"] or ""))
        return docs

    def add_skip(self, quest: str | None, day: str, reason: str = "") -> bool:
        self._writing()
        check_skip(quest, day, reason)
        schema.Skip.from_doc({"quest": quest, "day": day, "reason": reason})
        table = self._table("skips")
        if table.contains(skip_query(quest, day)):
            return False
        table.insert({"quest": quest, "day": day, "reason": reason, "mid": new_merge_id()})
        return True

    def add_skips(self, skips: Iterable[tuple[str | None, str, str]]) -> int:
        """Add many (quest, day, reason) skips in one write (one insert: TinyDB rewrites its
        table on every insert), as an import does; a day already skipped stays as it is.
        Returns how many were new."""
        self._writing()
        table = self._table("skips")
        have = {(doc.get("quest"), doc.get("day")) for doc in table.all()}
        new = []
        for quest, day, reason in skips:
            check_skip(quest, day, reason)
            schema.Skip.from_doc({"quest": quest, "day": day, "reason": reason})
            if (quest, day) not in have:
                have.add((quest, day))
                new.append({"quest": quest, "day": day, "reason": reason, "mid": new_merge_id()})
        if new:
            table.insert_multiple(new)
        return len(new)

    def remove_skip(self, quest: str | None, day: str) -> bool:
        self._writing()
        return bool(self._table("skips").remove(skip_query(quest, day)))

    # -- the whole file ----------------------------------------------------------

    def dump(self, mids: bool = False) -> dict:
        """Everything as plain JSON data, check-ins as dicts (for export and load_dump); with
        `mids`, with the merge ids (what sync reads), else without (an export)."""
        self._reading()
        checkins = [r.as_dict() for r in self.checkins()]
        skips = [dict(d) for d in self._table("skips").all()]
        if not mids:
            checkins = [hidden(c) for c in checkins]
            skips = [hidden(d) for d in skips]
        skips.sort(key=lambda d: (d["day"], d["quest"] or ""))
        return {
            "app": APP, "schema": SCHEMA_VERSION, "seq": self._meta["seq"],
            "settings": self.settings(), "quests": self.all("quests", mids),
            "checkins": checkins, "skips": skips, "goals": self.all("goals", mids),
            "people": self.all("people", mids), "achievements": self.all("achievements"),
        }

    def load_dump(self, data: dict, **counters: int) -> None:
        """Replace everything with `data` (a dump), setting meta `counters` too; ValueError with
        one line and no change if it is malformed."""
        self._writing()
        from .dump import raw_from_dump  # only an import pays for checking a whole dump

        raw = give_all(raw_from_dump(data))  # an export has no merge ids: they are new here
        meta = dict(self._meta)
        top = max([meta["seq"], data.get("seq", 0)] + [c["seq"] for c in data.get("checkins", [])])
        meta.update(counters, seq=top)  # seq at its high-water mark: old seqs never come back
        raw["meta"] = {"1": meta}
        self._attach(raw, dirty=True)
