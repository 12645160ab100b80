"""The record-level three-way merge of two devices' histories against their common ancestor.

A state is plain data: `{"records": {mid: {"k": kind, "t": time, "d": doc}}, "tombs": {mid:
time}, "seq": counter}`.  `mid` is a record's merge id, `kind` one of KINDS, `time` the
UTC instant of its latest change as text (ISO, so text order is time order), `doc` its
fields; `tombs` are the merge ids of records deleted (so a record that comes back from a
side that never saw the delete is known as deleted); `seq` is the check-in counter.

`merge(base, ours, theirs)` never fails and is symmetric: swapping `ours` and `theirs`
gives the same state, so every device that merges the same histories gets the same one.
It returns the state and the notes of what it decided where the two sides disagreed:

- a record added on either side is kept;
- a record deleted on one side and unchanged on the other is deleted; changed on the
  other, the change is kept (nothing typed is lost);
- a record changed on one side takes that change; a field changed on both takes the
  version of the side whose change is later, equal times going to the greater value;
- lists of records inside a record (a goal's key results and reviews) merge item by item;
- two records with one handle (two quests "coffee", two check-ins numbered 7) are both
  kept: the one already shared, else the earlier, keeps it, the other gets a free one, and
  what the renamed side's records refer to follows it;
- two skips of one quest on one day are one skip;
- a quest's skip of a day that quest has a check-in on from the other device is dropped: a
  day is checked in or skipped, never both.  One side's file may hold both (from before that
  rule); there the check-in counts already, and the skip stays for the day the check-in goes.

Derived values (XP totals, streaks, badges' days) are not in a state: they are counted
again from the merged history.
"""

from __future__ import annotations

import json
import re
from typing import Any

KINDS = ("setting", "quest", "person", "goal", "skip", "checkin")
# Fields that only make sense together: a check-in's XP and bonus were counted for its count.
TOGETHER = {"checkin": ("count", "xp", "bonus")}
NESTED = ("key_results", "reviews")  # fields holding lists of records with merge ids
_MISSING = object()


def empty() -> dict:
    return {"records": {}, "tombs": {}, "seq": 0}


def _key(value: Any) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False)


def _later(a: dict, b: dict) -> dict:
    """Of two versions of one record, the later change; equal times: the greater text."""
    if a["t"] != b["t"]:
        return a if a["t"] > b["t"] else b
    return a if _key(a["d"]) >= _key(b["d"]) else b


def _items(doc: Any, name: str) -> dict:
    items = doc.get(name) if isinstance(doc, dict) else None
    if not isinstance(items, list):
        return {}
    return {item["mid"]: item for item in items if isinstance(item, dict) and "mid" in item}


def _merge_items(b: Any, o: Any, t: Any, o_later: bool) -> list:
    """Three-way merge of lists of records with merge ids, kept in a stable order."""
    bi, oi, ti = (_items({"x": v}, "x") for v in (b, o, t))
    out = {}
    for mid in sorted(set(oi) | set(ti)):
        bv = bi.get(mid, _MISSING)
        got = _pick(bv, oi.get(mid, _MISSING), ti.get(mid, _MISSING), o_later)
        if got is not _MISSING and not (bv is not _MISSING and (mid not in oi or mid not in ti)
                                         and _key(got) == _key(bv)):
            out[mid] = got
    place = {mid: i for i, mid in enumerate(bi)}

    def order(mid: str) -> tuple:
        handle = str(out[mid].get("id") or out[mid].get("week") or "")
        return (place.get(mid, len(place)), len(handle), handle, mid)

    return [out[m] for m in sorted(out, key=order)]


def _pick(b: Any, o: Any, t: Any, o_later: bool) -> Any:
    """One field's three-way value; _MISSING means absent (or deleted)."""
    if _key_or(o) == _key_or(t):
        return o
    if _key_or(o) == _key_or(b):
        return t
    if _key_or(t) == _key_or(b):
        return o
    if isinstance(o, dict) and isinstance(t, dict):
        return _merge_fields(b if isinstance(b, dict) else {}, o, t, o_later)
    return o if o_later else t


def _key_or(value: Any) -> str:
    return "\0absent" if value is _MISSING else _key(value)


def _merge_fields(b: dict, o: dict, t: dict, o_later: bool) -> dict:
    out = {}
    for name in sorted(set(b) | set(o) | set(t)):
        bv, ov, tv = (d.get(name, _MISSING) for d in (b, o, t))
        if name in NESTED and (isinstance(ov, list) or isinstance(tv, list)):
            merged: Any = _merge_items(bv, ov, tv, o_later)
            if merged or ov is not _MISSING or tv is not _MISSING:
                out[name] = merged
            continue
        value = _pick(bv, ov, tv, o_later)
        if value is not _MISSING:
            out[name] = value
    return out


def _merge_record(mid: str, b, o, t, notes: list[str]):
    """(version or None, side it came from) for one merge id; `b`, `o`, `t` None when absent."""
    if o is not None and t is not None:
        if o["d"] == t["d"]:
            side = "base" if b and b["d"] == o["d"] else "both"
            return (_later(o, t) if o["t"] != t["t"] else o), side
        if b is not None and o["d"] == b["d"]:
            return t, "theirs"
        if b is not None and t["d"] == b["d"]:
            return o, "ours"
        late = _later(o, t)
        doc = _merge_fields(b["d"] if b else {}, o["d"], t["d"], late is o)
        for name in TOGETHER.get(o["k"], ()):  # from one side, all of them
            side = _together(o["k"], b["d"] if b else {}, o["d"], t["d"], late["d"])
            doc[name] = side.get(name, doc.get(name))
        notes.append(f"{_name(o)} changed on both devices: kept the later change of each field")
        return {"k": o["k"], "t": late["t"], "d": doc}, "both"
    kept, side = (o, "ours") if o is not None else (t, "theirs")
    if b is None:
        return kept, side
    if kept["d"] == b["d"]:
        return None, side  # deleted on the other side, unchanged here
    notes.append(f"{_name(kept)} was deleted on one device and changed on the other: kept")
    return kept, side


def _together(kind: str, b: dict, o: dict, t: dict, late: dict) -> dict:
    """The side whose values of TOGETHER[kind] the merge takes: the one that changed them,
    or, when both did, the later."""
    group = TOGETHER[kind]

    def values(d: dict) -> tuple:
        return tuple(d.get(name) for name in group)

    if values(o) == values(b):
        return t
    if values(t) == values(b):
        return o
    return late


def _name(version: dict) -> str:
    d, k = version["d"], version["k"]
    if k == "checkin":
        return f"check-in {d.get('seq')} ({d.get('quest')} on {d.get('day')})"
    if k == "skip":
        return f"skip of {d.get('quest') or 'every quest'} on {d.get('day')}"
    if k == "setting":
        return f"setting {d.get('key')}"
    return f"{k} {d.get('id')!r}"


def merge(base: dict, ours: dict, theirs: dict) -> tuple[dict, list[str]]:
    """The merged state of `ours` and `theirs` against `base`, and notes on what was decided."""
    notes: list[str] = []
    b_rec, o_rec, t_rec = base["records"], ours["records"], theirs["records"]
    tombs = _merge_tombs(base["tombs"], ours["tombs"], theirs["tombs"])
    records: dict = {}
    sides: dict = {}
    for mid in sorted(set(o_rec) | set(t_rec)):
        o, t, b = o_rec.get(mid), t_rec.get(mid), b_rec.get(mid)
        if b is None and (o is None or t is None) and mid in tombs:
            # Known as deleted where it is missing: as if the other side deleted it unchanged.
            b = o or t
        got, side = _merge_record(mid, b, o, t, notes)
        if got is not None:
            records[mid] = got
            sides[mid] = side
    for mid in set(b_rec) | set(o_rec) | set(t_rec):
        if mid not in records and mid not in tombs:
            tombs[mid] = max(v["t"] for v in (b_rec.get(mid), o_rec.get(mid), t_rec.get(mid)) if v)
    for mid in records:
        tombs.pop(mid, None)
    state = {"records": records, "tombs": tombs, "seq": max(ours["seq"], theirs["seq"])}
    fix_handles(state, set(b_rec), sides, notes, (set(o_rec), set(t_rec)))
    return state, notes


def _merge_tombs(b: dict, o: dict, t: dict) -> dict:
    """Three-way merge of the deleted merge ids: a tombstone one side dropped (the record came
    back, changed) is dropped, one either side added is added."""
    out = {}
    for mid in set(b) | set(o) | set(t):
        in_o, in_t = mid in o, mid in t
        keep = in_o if in_o == in_t or in_t == (mid in b) else in_t
        if keep:
            out[mid] = max(side[mid] for side in (b, o, t) if mid in side)
    return out


# ------------------------------------------------------------------------------- handles
_SUFFIX = re.compile(r"^(.*?)(?:-(\d+))?$")


def _free(handle: str, taken: set, limit: int) -> str:
    stem = _SUFFIX.match(handle).group(1) or handle  # type: ignore[union-attr]
    n = 2
    while True:
        tail = f"-{n}"
        name = stem[: limit - len(tail)] + tail
        if name not in taken:
            return name
        n += 1


def _by_handle(records: dict, kind: str, field: str) -> dict:
    groups: dict = {}
    for mid, v in records.items():
        if v["k"] == kind:
            groups.setdefault(v["d"].get(field), []).append(mid)
    return groups


def _order(records: dict, shared: set, mids: list) -> list:
    return sorted(mids, key=lambda m: (m not in shared, records[m]["t"], m))


def fix_handles(state: dict, shared: set, sides: dict, notes: list[str],
                held: tuple[set, set] = (set(), set())) -> None:
    """Give every record of a kind its own handle; see the module's docstring.  `held`: the
    merge ids each side holds."""
    records = state["records"]
    for kind, limit in (("quest", 32), ("person", 40)):
        groups = _by_handle(records, kind, "id")
        taken = set(groups)
        for handle, mids in sorted(groups.items(), key=lambda g: str(g[0])):
            for mid in _order(records, shared, mids)[1:]:
                new = _free(handle, taken, limit)
                taken.add(new)
                _rename(state, mid, handle, new, sides)
                notes.append(f"two {kind}s were {handle!r}: the one added later is now {new!r}")
    _renumber_goals(state, shared, sides, notes)
    _renumber_checkins(state, shared, notes)
    _one_skip_a_day(state, notes)
    _checked_in_days_are_not_skipped(state, notes, held)


def _rename(state: dict, mid: str, old: str, new: str, sides: dict) -> None:
    """Rename one record's handle, and what records taken from the same side refer to it by."""
    records = state["records"]
    version = records[mid]
    records[mid] = {**version, "d": {**version["d"], "id": new}}
    kind, side = version["k"], sides.get(mid)
    for other, v in list(records.items()):
        if other == mid or side not in ("ours", "theirs") or sides.get(other) != side:
            continue
        d = v["d"]
        if kind == "quest":
            d = _quest_refs(v["k"], d, old, new)
        elif kind == "person" and v["k"] == "person" and d.get("introduced_by") == old:
            d = {**d, "introduced_by": new}
        elif kind == "goal" and v["k"] == "quest" and d.get("goal") == old:
            d = {**d, "goal": new}
        if d is not v["d"]:
            records[other] = {**v, "d": d}


def _quest_refs(kind: str, d: dict, old: str, new: str) -> dict:
    if kind in ("checkin", "skip") and d.get("quest") == old:
        return {**d, "quest": new}
    if kind == "goal":
        out = d
        if old in (d.get("served") or ()):
            out = {**out, "served": [new if q == old else q for q in d["served"]]}
        krs = d.get("key_results")
        if krs and any(old in (kr.get("quests") or ()) for kr in krs):
            out = {**out, "key_results": [
                {**kr, "quests": [new if q == old else q for q in kr["quests"]]}
                if old in (kr.get("quests") or ()) else kr
                for kr in krs
            ]}
        return out
    return d


def _renumber_goals(state: dict, shared: set, sides: dict, notes: list[str]) -> None:
    records = state["records"]
    groups = _by_handle(records, "goal", "id")
    numbers = [int(h[1:]) for h in groups if isinstance(h, str) and h[1:].isdigit()]
    top = max(numbers, default=0)
    for handle, mids in sorted(groups.items(), key=lambda g: str(g[0])):
        for mid in _order(records, shared, mids)[1:]:
            top += 1
            _rename(state, mid, handle, f"g{top}", sides)
            notes.append(f"two goals were {handle!r}: the one added later is now 'g{top}'")
    for mid, v in records.items():
        if v["k"] == "goal" and v["d"].get("key_results"):
            krs = v["d"]["key_results"]
            ids = [kr.get("id") for kr in krs]
            if len(set(ids)) != len(ids):
                top_k = max((int(i[1:]) for i in ids if isinstance(i, str) and i[1:].isdigit()),
                            default=0)
                seen: set = set()
                fixed = []
                for kr in krs:
                    if kr.get("id") in seen:
                        top_k += 1
                        kr = {**kr, "id": f"k{top_k}"}
                    seen.add(kr.get("id"))
                    fixed.append(kr)
                records[mid] = {**v, "d": {**v["d"], "key_results": fixed}}


def _renumber_checkins(state: dict, shared: set, notes: list[str]) -> None:
    records = state["records"]
    groups = _by_handle(records, "checkin", "seq")
    top = max([state["seq"], *(s for s in groups if isinstance(s, int))])
    moved = 0
    later = []
    for seq, mids in groups.items():
        ordered = sorted(mids, key=lambda m: (m not in shared, records[m]["d"].get("at", ""), m))
        later += ordered[1:]
    for mid in sorted(later, key=lambda m: (records[m]["d"].get("at", ""), m)):
        top += 1
        moved += 1
        records[mid] = {**records[mid], "d": {**records[mid]["d"], "seq": top}}
    state["seq"] = top
    if moved:
        notes.append(
            f"{moved} check-in{'s' if moved != 1 else ''} from two devices had one number: "
            f"the later got a new one"
        )


def _one_skip_a_day(state: dict, notes: list[str]) -> None:
    records = state["records"]
    groups: dict = {}
    for mid, v in records.items():
        if v["k"] == "skip":
            groups.setdefault((v["d"].get("quest"), v["d"].get("day")), []).append(mid)
    for _, mids in groups.items():
        for mid in sorted(mids)[1:]:
            state["tombs"][mid] = records.pop(mid)["t"]


def _checked_in_days_are_not_skipped(state: dict, notes: list[str], held: tuple[set, set]) -> None:
    """Drop a quest's skips of days it has a check-in on from the other device (a vacation
    stays: it refuses nothing).  A skip one side holds with such a check-in stays: that side's
    file (from before a day could not be both) counts the check-in already, and the skip
    counts again if the check-in is deleted, as it would without sync (History.skips_for)."""
    records = state["records"]
    done: dict = {}
    for mid, v in records.items():
        if v["k"] == "checkin":
            done.setdefault((v["d"].get("quest"), v["d"].get("day")), []).append(mid)
    for mid in sorted(records):
        v = records[mid]
        d = v["d"]
        if v["k"] != "skip" or d.get("quest") is None:
            continue
        checkins = done.get((d["quest"], d.get("day")), ())
        if checkins and not any(mid in side and c in side for side in held for c in checkins):
            state["tombs"][mid] = records.pop(mid)["t"]
            notes.append(f"{_name(v)} met a check-in of that day on another device: "
                         f"the check-in counts, the skip was dropped")
