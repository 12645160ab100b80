"""What a check-in changed in people, recorded so that undo can apply exactly the inverse.

A check-in that names people stores one document in the table "effects", keyed by the
check-in's seq (a check-in that names nobody stores none):

    {"id": 12, "p": [{"i": "ana", "m": "met", "s": ["want", "met"], "d": [null, "2026-03-08"],
                      "l": [null, "2026-03-08"], "c": "3f2a9c1b7e04"}]}

One entry per person named: `i` the person's id; `m` the stage the quest moved people to
when the check-in was made (absent: it moved nobody); `s`, `d`, `l` the stage, the
stage-since day and the last contact, each as [before, after] (null: not set); `c`, only
for a person the check-in created, a short hash of their document as the check-in left
them (see `doc_hash`).  A field is recorded only when it changed (unchanged: absent), so
the usual check-in of someone already met costs a few dozen bytes.

Taking a check-in back (undo, `log delete`) walks, per person and field, the chain of
check-ins that changed it: a field goes back only if it still holds the value the last
check-in of the chain set (a later hand edit wins), and check-ins after the removed one
are replayed on the value before it (a stage never moves back in play and the last contact
is the latest day named, so the replay gives what they would have set without it).  A
person the check-in created is deleted only if their document is exactly as the check-in
left it, nobody names them in `introduced_by` and no other check-in names them; otherwise
they stay, with what the check-in set taken back as above.  A person gone since (deleted,
merged away) is left alone.  A damaged effects record is refused, not guessed around.

The table "redo" holds at most one document (id "last"):

    {"id": "last", "rev": 41, "k": "undo", "c": {"seq": 12, "quest": "coffee", ...},
     "e": [effects documents], "p": [["ana", {person document} or null], ...]}

the check-in taken back (`c`, as in an export), whether by undo or delete (`k`), the effects
documents it and later check-ins had before (`e`), the people it touched as they were
just before (`p`), and the file's revision right after (`rev`, the meta record's write
counter).  Redo puts them back only while the revision is unchanged, so nothing it
restores can overwrite a later change.

`problem(doc)` and `redo_problem(doc)` check documents of the two tables.
"""

from __future__ import annotations

import json
from typing import Any

from netquest.i18n import _
from netquest.rules.people import STAGE_IDS, normalize_name, stage_after_checkin
from netquest.services.errors import DamagedEffects
from netquest.store import schema
from netquest.store.protocols import Transaction

TABLE = "effects"
REDO_TABLE = "redo"
REDO_ID = "last"
# (key in an effect entry, key in a person's document); stage and stage-since move together.
FIELDS = (("s", "stage"), ("d", "stage_since"), ("l", "last_contact"))


def doc_hash(doc: dict) -> str:
    """A short fingerprint of a person's document.

    Neither the order of keys nor empty fields (null, "", []) count, so a document read
    back with its empty fields filled in or left out is the same document.
    """
    kept = {k: v for k, v in doc.items() if v is not None and v != "" and v != []}
    text = json.dumps(kept, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    import hashlib  # here: a summary never names an effect, and hashlib costs ~2 ms to load

    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


def _value(doc: dict, key: str):
    return doc.get(key)


def _put_value(doc: dict, key: str, value) -> None:
    if value is None and key == "stage_since":
        doc.pop(key, None)  # a person whose stage never moved has no stage_since
    else:
        doc[key] = value


def entry_for(pid: str, before: dict | None, after: dict, moves_to: str | None) -> dict:
    """The effect entry of one person: `before` None when the check-in created them."""
    entry: dict[str, Any] = {"i": pid}
    if moves_to:
        entry["m"] = moves_to
    base = before if before is not None else {"stage": "want"}
    for short, key in FIELDS:
        old, new = _value(base, key), _value(after, key)
        if old != new:
            entry[short] = [old, new]
    if before is None:
        entry["c"] = doc_hash(after)
    return entry


def record(tx: Transaction, seq: int, entries: list[dict]) -> None:
    if entries:
        tx.put(TABLE, {"id": seq, "p": entries})


def of(tx: Transaction, seq: int, doing: str) -> list[dict]:
    """The recorded effects of check-in `seq` ([] when it changed nobody).

    Without a readable record the inverse is unknown: DamagedEffects refuses rather than guess.
    """
    doc = tx.get(TABLE, seq)
    if doc is None:
        return []
    wrong = problem(doc)
    if wrong:
        raise DamagedEffects(
            _("cannot {doing} check-in {seq}: what it changed in people is recorded "
              "damaged ({wrong}); nothing was changed (see `netquest doctor`)").format(
                doing=doing, seq=seq, wrong=wrong)
        )
    return list(doc["p"])


def _pair(entry: dict, short: str, current_before):
    """(before, after) of a field in an entry; an unrecorded field did not change."""
    if short in entry:
        return entry[short][0], entry[short][1]
    return current_before, current_before


def _replay(field: str, value, entry: dict, day: str):
    """What a check-in (`entry`, on `day`) sets a field to, from `value`."""
    if field == "l":
        return day if value is None or value < day else value
    if field == "s":
        return stage_after_checkin(value if value in STAGE_IDS else "want", entry.get("m"))
    return value  # stage_since follows the stage: see `_replay_stage`


class Chain:
    """Rewrites recorded effects of the check-ins after a removed or changed one."""

    def __init__(self, tx: Transaction) -> None:
        self.tx = tx
        self.docs: dict[int, dict] | None = None  # effects documents by seq, read on first use
        self._days: dict[int, str] | None = None
        self.changed: set[int] = set()

    @property
    def days(self) -> dict[int, str]:
        """seq -> day of every check-in present (read only when a later check-in matters)."""
        if self._days is None:
            self._days = {e[0]: e[1] for _, entries in self.tx.tallies() for e in entries}
        return self._days

    def later(self, seq: int, pid: str) -> list[tuple[int, dict]]:
        """Check-ins after `seq` that recorded `pid`, in order, with their entry (mutable)."""
        if self.docs is None:
            self.docs = {d["id"]: d for d in self.tx.all(TABLE) if problem(d) is None}
        out = []
        for other in sorted(s for s in self.docs if s > seq):
            for entry in self.docs[other]["p"]:
                if entry.get("i") == pid:
                    out.append((other, entry))
                    break
        # Effects of a check-in no longer there (a damaged or hand-edited file) count for nothing.
        return [(other, entry) for other, entry in out if other in self.days] if out else out

    def rebase(
        self,
        person: dict,
        later: list[tuple[int, dict]],
        start: tuple,
        expected: tuple,
        recorded: dict,
    ) -> bool:
        """Replay `later` from `start` (stage, since, last contact) where they saw `expected`.

        Per field: walk the later check-ins while each found the value the one before it
        left (a hand edit in between ends the walk: from there on the field is the user's);
        when the walk reaches the end and the person still holds what it expects, they get
        the replayed value.  Returns whether anything changed.
        """
        moved = False
        # stage and stage-since as one unit, then last contact
        for fields in (("s", "d"), ("l",)):
            if not any(f in recorded for f in fields):
                continue  # the check-in did not change these: taking it back changes nothing
            cur = [start[_index(f)] for f in fields]
            exp = [expected[_index(f)] for f in fields]
            intact = True
            for seq, entry in later:
                seen = [_pair(entry, f, exp[i])[0] for i, f in enumerate(fields)]
                if seen != exp:
                    intact = False
                    break
                old_after = [_pair(entry, f, exp[i])[1] for i, f in enumerate(fields)]
                day = self.days[seq]
                if fields == ("l",):
                    new_after = [_replay("l", cur[0], entry, day)]
                else:
                    stage = _replay("s", cur[0], entry, day)
                    new_after = [stage, day if stage != cur[0] else cur[1]]
                for i, f in enumerate(fields):
                    if cur[i] != new_after[i]:
                        entry[f] = [cur[i], new_after[i]]
                    else:
                        entry.pop(f, None)
                self.changed.add(seq)
                cur, exp = new_after, old_after
            if intact and [_value(person, FIELD_KEYS[f]) for f in fields] == exp:
                for i, f in enumerate(fields):
                    if _value(person, FIELD_KEYS[f]) != cur[i]:
                        _put_value(person, FIELD_KEYS[f], cur[i])
                        moved = True
        return moved

    def save(self) -> None:
        for seq in self.changed:
            self.tx.put(TABLE, self.docs[seq])  # type: ignore[index]


FIELD_KEYS = {short: key for short, key in FIELDS}


def _index(short: str) -> int:
    return ("s", "d", "l").index(short)


def values(doc: dict | None) -> tuple:
    """(stage, stage_since, last_contact) of a person's document; a new person's for None."""
    if doc is None:
        return ("want", None, None)
    return (doc.get("stage"), doc.get("stage_since"), doc.get("last_contact"))


def ends(entry: dict, person: dict) -> tuple[tuple, tuple]:
    """(before, after) of an entry's three fields; unrecorded fields are the person's now."""
    now = values(person)
    before, after = [], []
    for i, short in enumerate(("s", "d", "l")):
        b, a = _pair(entry, short, now[i])
        before.append(b)
        after.append(a)
    return tuple(before), tuple(after)


def named_elsewhere(tx: Transaction, person: dict, skip_seq: int | None = None) -> bool:
    """Someone else points at `person`: an introduced_by, or a check-in that names them."""
    pid = person["id"]
    if any(d.get("introduced_by") == pid for d in tx.all("people") if d["id"] != pid):
        return True
    key = normalize_name(person.get("name", ""))
    # Stored entries are [seq, day, count, xp, bonus, at, note, people]: no records built.
    return any(
        len(e) > 7 and e[0] != skip_seq and any(normalize_name(n) == key for n in e[7])
        for _, entries in tx.tallies()
        for e in entries
    )


def take_back(tx: Transaction, seq: int, entries: list[dict]) -> tuple[list[str], list[str]]:
    """Apply the inverse of a removed check-in's effects (it is already gone from the log);
    returns (names removed, names kept)."""
    chain = Chain(tx)
    removed: list[str] = []
    kept: list[str] = []
    for entry in entries:
        pid = entry.get("i")
        person = tx.get("people", pid)
        if person is None:
            continue  # deleted or merged away since: nothing of theirs is left to take back
        later = chain.later(seq, pid)
        if "c" in entry:
            untouched = (
                not later and doc_hash(person) == entry["c"] and not named_elsewhere(tx, person)
            )
            if untouched:
                tx.delete("people", pid)
                removed.append(person.get("name", pid))
                continue
            kept.append(person.get("name", pid))
        before, after = ends(entry, person)
        if chain.rebase(person, later, before, after, entry):
            tx.put("people", person)
    chain.save()
    return removed, kept


def give(tx: Transaction, seq: int, day: str, pid: str, moves_to: str | None) -> dict:
    """Name an existing person in past check-in `seq` (by `log edit`); returns its effect entry.

    With no later check-in naming them, the person moves as a check-in now would.  With
    later ones, the effect starts from what the first of them found, and they are replayed
    on top of it, so the person ends where these check-ins in this order would leave them.
    """
    person = tx.get("people", pid)
    chain = Chain(tx)
    later = chain.later(seq, pid)
    entry: dict[str, Any] = {"i": pid}
    if moves_to:
        entry["m"] = moves_to
    if later:
        before, _after = ends(later[0][1], person)
    else:
        before = values(person)
    stage = _replay("s", before[0], entry, day)
    after = (stage, day if stage != before[0] else before[1], _replay("l", before[2], entry, day))
    for i, short in enumerate(("s", "d", "l")):
        if before[i] != after[i]:
            entry[short] = [before[i], after[i]]
    if later:
        chain.rebase(person, later, after, before, entry)
    else:
        for i, short in enumerate(("s", "d", "l")):
            if short in entry:
                _put_value(person, FIELD_KEYS[short], after[i])
    tx.put("people", person)
    chain.save()
    return entry


# ----------------------------------------------------------------------------- checks
def problem(doc: Any) -> str | None:
    """What is wrong with an "effects" document, or None (the store's schema decides)."""
    return _schema_problem(schema.Effects, doc)


def redo_problem(doc: Any) -> str | None:
    """What is wrong with the "redo" document, or None (the store's schema decides)."""
    return _schema_problem(schema.Redo, doc)


def _schema_problem(kind, doc: Any) -> str | None:
    try:
        kind.from_doc(doc)
    except schema.SchemaError as exc:
        return str(exc)
    return None
