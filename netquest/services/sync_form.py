"""The canonical, merge-friendly form of a history that `netquest sync` keeps in git.

One JSON line per record, `[merge id, time of its latest change, fields]`, sorted, in a
few files: the small tables one file each, check-ins one file per month (a day's sync
then rewrites one small file, so git stores little per sync and its trees stay small).
Deleted records' merge ids are kept as tombstones, `[merge id, time]`, in their own file.

`state_from_dump` turns the data file (a dump with merge ids) into a state for
`rules.merge`; `dump_from_state` turns a merged state back into a dump the store loads
(through the typed schema, all or nothing).  `files_from_state` and `state_from_files`
are the text in git; whatever is read from git is checked here, record by record, against
the same typed schema as the data file before anything else sees it.
"""

from __future__ import annotations

import json
import re
from typing import Any

import orjson

from netquest.i18n import _
from netquest.store import schema
from netquest.store.ids import MERGE_ID
from netquest.store.schema.fields import UTC_INSTANT

FORMAT = b"netquest-sync 1\n"
TABLES = {"quests": "quest", "people": "person", "goals": "goal", "skips": "skip"}
#: Settings that belong to one machine: never synced.
MACHINE_SETTINGS = frozenset(
    {"timezone", "theme", "people_undo", "sync_auto", "sync_timeout"}
)
MAX_FILE = 64 * 1024 * 1024  # one file of the canonical form
MAX_TOTAL = 256 * 1024 * 1024
MAX_LINE = 256 * 1024
# The largest check-in number a history from the remote may hold: far beyond any history
# (10**9 check-ins), far below the store's own limit, so one record from a remote cannot use
# up the numbers every device's next check-in needs.
MAX_SEQ = 10**9
_SETTING_KEY = re.compile(r"[a-z][a-z0-9_]{0,39}")
_MONTH = re.compile(r"checkins/(\d{4})-(0[1-9]|1[0-2])\.jsonl")
# Text from another device reaches terminals: no escape sequences or other control
# characters (newlines and tabs are ordinary in notes).
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
# What a line of JSON holding one of them must show: an escape, or the character itself.
_MAYBE_CONTROL = re.compile(rb"\\u00[0-9a-fA-F]{2}|\\[bfr]|[\x00-\x1f\x7f]|\xc2[\x80-\x9f]")
_CHECKIN = ("seq", "quest", "day", "count", "xp", "bonus", "at", "note", "people")


class BadRemote(ValueError):
    """What came from the remote is not a NetQuest history this version can take."""


def read_commit(clone, commit: str) -> dict:
    """The state of one commit of the clone, every file checked (`state_from_files`)."""
    from netquest.services.sync_git import BadFiles

    try:
        files = clone.files_at(commit, MAX_TOTAL)
    except BadFiles as exc:
        raise BadRemote(str(exc)) from None
    ids = dict(clone.blob_ids)
    checked = clone.checked_blobs()
    state = state_from_files(files, {name for name, i in ids.items() if i in checked})
    clone.add_checked({ids[name] for name in files if name in ids})
    return state


# --------------------------------------------------------------------- data file <-> state
def state_from_dump(dump: dict, before: dict | None, now: str) -> dict:
    """The state of a dump with merge ids; a record's time is kept from `before` (the state
    committed last) while it is unchanged, and is `now` when it is new or changed."""
    prev = before["records"] if before else {}
    records: dict = {}

    def put(mid: str, kind: str, doc: dict) -> None:
        old = prev.get(mid)
        if old is not None and old["d"] == doc and old["k"] == kind:
            records[mid] = old  # the very same record: its line is written once (`_line`)
        else:
            records[mid] = {"k": kind, "t": now, "d": doc}

    for key, value in sorted(dump.get("settings", {}).items()):
        if key not in MACHINE_SETTINGS:
            put(f"setting:{key}", "setting", {"key": key, "value": value})
    for table, kind in TABLES.items():
        for doc in dump.get(table, []):
            doc = dict(doc)
            put(doc.pop("mid"), kind, doc)
    for c in dump.get("checkins", []):
        doc = {k: c[k] for k in _CHECKIN if k in c}
        if not doc.get("note"):
            doc.pop("note", None)
        if not doc.get("people"):
            doc.pop("people", None)
        put(c["mid"], "checkin", doc)
    tombs = dict(before["tombs"]) if before else {}
    for mid, old in prev.items():
        if mid not in records and not mid.startswith("setting:"):
            tombs[mid] = now
    for mid in records:
        tombs.pop(mid, None)
    seq = max([dump.get("seq", 0)] + [c["seq"] for c in dump.get("checkins", [])])
    return {"records": records, "tombs": tombs, "seq": seq}


def dump_from_state(state: dict, local: dict) -> dict:
    """A dump of `state`, keeping this machine's own settings and badges from `local`."""
    settings = {k: v for k, v in local.get("settings", {}).items() if k in MACHINE_SETTINGS}
    settings.pop("people_undo", None)
    out: dict[str, Any] = {
        "app": "netquest", "schema": local.get("schema"), "settings": settings,
        "achievements": local.get("achievements", []), "checkins": [],
        **{table: [] for table in TABLES},
    }
    for mid in sorted(state["records"]):
        v = state["records"][mid]
        kind, doc = v["k"], v["d"]
        if kind == "setting":
            settings[doc["key"]] = doc["value"]
        elif kind == "checkin":
            out["checkins"].append({"note": "", "people": [], **doc, "mid": mid})
        else:
            table = next(t for t, k in TABLES.items() if k == kind)
            out[table].append({**doc, "mid": mid})
    out["checkins"].sort(key=lambda c: c["seq"])
    out["seq"] = max([state["seq"], local.get("seq", 0)] + [c["seq"] for c in out["checkins"]])
    return out


# ---------------------------------------------------------------------------- state <-> text
def _line(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()


# A record's line by the record object: the states of one sync share unchanged records, so
# a history of tens of thousands of check-ins is encoded once, not once per state.
_LINES: dict[int, tuple[dict, str, bytes]] = {}


def _record_line(mid: str, v: dict) -> bytes:
    got = _LINES.get(id(v))
    if got is not None and got[0] is v and got[1] == mid:
        return got[2]
    line = _line([mid, v["t"], v["d"]]) + b"\n"
    if len(_LINES) > 500_000:
        _LINES.clear()
    _LINES[id(v)] = (v, mid, line)  # the record is kept, so its id is not reused meanwhile
    return line


def files_from_state(state: dict) -> dict[str, bytes]:
    """The canonical files (path -> bytes) of a state."""
    groups: dict[str, list] = {f"{t}.jsonl": [] for t in TABLES}
    groups["settings.jsonl"] = []
    kind_file = {k: f"{t}.jsonl" for t, k in TABLES.items()} | {"setting": "settings.jsonl"}
    for mid, v in state["records"].items():
        if v["k"] == "checkin":
            name = f"checkins/{v['d']['day'][:7]}.jsonl"
            groups.setdefault(name, []).append(((v["d"]["day"], v["d"]["seq"], mid), v))
        else:
            groups[kind_file[v["k"]]].append(((mid,), v))
    files = {"FORMAT": FORMAT, "meta.json": _line({"seq": state["seq"]}) + b"\n"}
    for name, items in groups.items():
        items.sort(key=lambda item: item[0])
        files[name] = b"".join(_record_line(key[-1], v) for key, v in items)
    files["tombstones.jsonl"] = b"".join(
        _line([mid, t]) + b"\n" for mid, t in sorted(state["tombs"].items())
    )
    return files


def state_from_files(files: dict[str, bytes], checked: set[str] = frozenset()) -> dict:  # type: ignore[assignment]
    """The state in canonical files read from git; BadRemote (one line) for anything that is
    not exactly what NetQuest writes or breaks the typed schema.  Files named in `checked`
    are bytes that passed the schema before: their records are read, not checked again."""
    if files.get("FORMAT") != FORMAT:
        raise BadRemote(_("it is not a NetQuest sync history (no FORMAT file of version 1)"))
    if sum(len(b) for b in files.values()) > MAX_TOTAL:
        raise BadRemote(_("its history is too big to be a NetQuest history"))
    state: dict = {"records": {}, "tombs": {}, "seq": 0}
    records = state["records"]
    for name, data in sorted(files.items()):
        if len(data) > MAX_FILE:
            raise BadRemote(_("its file {name} is too big").format(name=repr(name)))
        if name in ("FORMAT", ".gitattributes"):
            continue  # the clone's own: which files the merge driver merges
        part = _file_part(name, data, name in checked)
        if not records.keys().isdisjoint(part["records"]):
            raise BadRemote(_("{name}: repeats a merge id of another file").format(name=name))
        records.update(part["records"])
        state["tombs"].update(part["tombs"])
        if part["seq"] is not None:
            state["seq"] = part["seq"]
    return state


# One file's records, read and checked once per process: the base, this device's and the
# other device's histories share nearly every file (only a month or two differ), and a
# file's bytes are its identity.  What is handed out is never changed in place (the merge
# builds new records), so sharing it between states is safe.
_PARTS: dict[tuple[str, bytes], dict] = {}


def _file_part(name: str, data: bytes, checked: bool = False) -> dict:
    key = (name, data)
    part = _PARTS.get(key)
    if part is None:
        part = {"records": {}, "tombs": {}, "seq": None}
        try:
            _read_file(name, data, part, checked)
        except BadRemote as exc:
            raise BadRemote(_("{name}: {problem}").format(name=name, problem=exc)) from None
        if len(_PARTS) > 4096:
            _PARTS.clear()
        _PARTS[key] = part
    return part


def _read_file(name: str, data: bytes, state: dict, checked: bool = False) -> None:
    if name == "meta.json":
        meta = _parse(data.rstrip(b"\n"))
        if type(meta) is not dict or set(meta) != {"seq"} or type(meta["seq"]) is not int \
                or not 0 <= meta["seq"] <= MAX_SEQ:
            raise BadRemote(_("must hold the check-in counter"))
        state["seq"] = meta["seq"]
        return
    month = _MONTH.fullmatch(name)
    kind = "checkin" if month else {f"{t}.jsonl": k for t, k in TABLES.items()}.get(name)
    kind = "setting" if name == "settings.jsonl" else kind
    if name != "tombstones.jsonl" and kind is None:
        raise BadRemote(_("is not a file NetQuest writes"))
    for n, line in enumerate(data.split(b"\n")[:-1] if data else [], 1):
        if len(line) > MAX_LINE:
            raise BadRemote(_("line {n} is too long").format(n=n))
        item = _parse(line)
        if name == "tombstones.jsonl":
            if type(item) is not list or len(item) != 2:
                raise BadRemote(_("line {n} must be [merge id, time]").format(n=n))
            state["tombs"][_mid(item[0], n)] = _time(item[1], n)
            continue
        if type(item) is not list or len(item) != 3 or type(item[2]) is not dict:
            raise BadRemote(_("line {n} must be [merge id, time, fields]").format(n=n))
        mid, t, doc = item
        mid = _setting_mid(mid, doc, n) if kind == "setting" else _mid(mid, n)
        if not checked:
            if _MAYBE_CONTROL.search(line) and _has_control(doc):
                raise BadRemote(_("line {n} holds control characters (escape sequences)").format(
                    n=n))
            _check(kind, mid, doc, n)  # type: ignore[arg-type]
        if kind == "checkin" and doc["day"][:7] != f"{month[1]}-{month[2]}":  # type: ignore[index]
            raise BadRemote(_("line {n} is a check-in of another month").format(n=n))
        if mid in state["records"]:
            raise BadRemote(_("line {n} repeats merge id {mid}").format(n=n, mid=mid))
        state["records"][mid] = v = {"k": kind, "t": _time(t, n), "d": doc}
        _LINES[id(v)] = (v, mid, line + b"\n")  # read from this very line


def _parse(line: bytes) -> Any:
    try:  # orjson is stricter than json (no NaN, no lone surrogates): a remote gets no more
        return orjson.loads(line)
    except (ValueError, RecursionError):
        raise BadRemote(_("holds a line that is not JSON")) from None


def _mid(value: Any, n: int) -> str:
    if type(value) is not str or not MERGE_ID.fullmatch(value):
        raise BadRemote(_("line {n} has no merge id").format(n=n))
    return value


def _setting_mid(value: Any, doc: dict, n: int) -> str:
    key = doc.get("key")
    if type(key) is not str or not _SETTING_KEY.fullmatch(key) or value != f"setting:{key}" \
            or set(doc) != {"key", "value"} or key in MACHINE_SETTINGS:
        raise BadRemote(_("line {n} is not a shared setting").format(n=n))
    return value


def _time(value: Any, n: int) -> str:
    if type(value) is not str or not UTC_INSTANT.fullmatch(value):
        raise BadRemote(_("line {n} has no UTC time").format(n=n))
    return value


def _check(kind: str, mid: str, doc: dict, n: int) -> None:
    """The typed schema's verdict on one record."""
    try:
        if kind == "setting":
            schema.Settings.from_doc({doc["key"]: doc["value"]}, strict=True)
        elif kind == "checkin":
            if set(doc) - set(_CHECKIN) or not {"seq", "quest"} <= set(doc):
                raise BadRemote(_("line {n} is not a check-in").format(n=n))
            schema.fields.quest_id(doc["quest"], "quest")
            entry = [doc.get(k) for k in _CHECKIN if k != "quest"][:6]
            problem = schema.entry_problem(
                entry + [doc.get("note", ""), doc.get("people", []), mid])
            if problem:
                raise BadRemote(_("line {n}: check-in field {field} {problem}").format(
                    n=n, field=problem[0], problem=problem[1]))
            if doc["seq"] > MAX_SEQ:
                raise BadRemote(_("line {n}: check-in number {seq} is beyond {most}").format(
                    n=n, seq=doc["seq"], most=MAX_SEQ))
        else:
            table = next(t for t, k in TABLES.items() if k == kind)
            if "mid" in doc:
                raise BadRemote(_("line {n} has its merge id twice").format(n=n))
            schema.RECORDS[table].from_doc({**doc, "mid": mid})
    except schema.SchemaError as exc:
        raise BadRemote(_("line {n}: {problem}").format(n=n, problem=exc)) from None
    except schema.fields._Bad as bad:
        raise BadRemote(_("line {n}: {field} {problem}").format(
            n=n, field=bad.field, problem=bad.problem)) from None


def _has_control(value: Any) -> bool:
    if isinstance(value, str):
        return bool(_CONTROL.search(value))
    if isinstance(value, dict):
        return any(_has_control(k) or _has_control(v) for k, v in value.items())
    if isinstance(value, list):
        return any(_has_control(v) for v in value)
    return False
