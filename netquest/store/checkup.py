"""The doctor's look at a data file: what it checks, one line each, in the user's language.

`Store.check` hands over here, so that the store keeps to reading and writing and the
sentences a person reads live in one place.
"""

from __future__ import annotations

import codecs
import os
import stat
from pathlib import Path
from typing import TYPE_CHECKING

from netquest.i18n import N_, _, ngettext

from . import backups as backup_files
from . import schema
from .layout import loads
from .migrations import SCHEMA_VERSION, meta_of

if TYPE_CHECKING:
    from .store import Store

# The lock's states as the backends name them, and the words shown for them.
LOCK_STATES = {
    "free": N_("free"),
    "held by another process": N_("held by another process"),
    "held by another thread": N_("held by another thread"),
    "missing": N_("missing"),
}
TABLE_COUNTS = (
    ("quests", N_("{n} quests")),
    ("skips", N_("{n} skips")),
    ("goals", N_("{n} goals")),
    ("people", N_("{n} people")),
    ("achievements", N_("{n} achievements")),
)


def check(store: Store) -> list[str]:
    """What a doctor command prints: each thing checked, one line each; StoreError if the
    file is bad."""
    where = str(store.path) if store.path else "<memory>"
    lines: list[str] = []
    data = store._read_bytes()
    if data is None:
        if store.lost() is None:  # a lost file is not "not yet": doctor says so in its own line
            lines.append(_("{path}: no data file yet; it is created on the first change").format(
                path=where))
    else:
        lines.append(_file_line(store, where, data))
        raw = store._parse(data, lazy=False)  # every record of every table checked
        lines.extend(_content_lines(raw, data))
    lines.extend(_place_lines(store))
    names = store.backups()
    lines.append(_("backups: {n}, newest {name}").format(n=len(names), name=names[0]) if names
                 else _("backups: none yet"))
    owner = store._owner()
    if owner.legacy is None and store.path is not None:
        stem = Path(owner.name).stem
        unowned = backup_files.unowned_legacy(store._backend, stem)
        if unowned:
            lines.append(_(
                "{n} old backups named {stem}-DATE.json are not listed: another file in "
                "{folder} has the stem {name}, so they cannot be told apart (restore one by its "
                "path if you know it is this file's)").format(
                    n=len(unowned), stem=stem, folder=store.path.parent, name=repr(stem)))
    return lines


def _file_line(store: Store, where: str, data: bytes) -> str:
    size = ngettext("{n} byte", "{n} bytes", len(data)).format(n=f"{len(data):,}")
    if store.path is None:
        return _("{path}: {size}").format(path=where, size=size)
    mode = stat.S_IMODE(os.stat(store.path).st_mode)
    if not mode & 0o077:
        line = _("{path}: {size}, mode {mode} (private)")
    else:
        line = _("{path}: {size}, mode {mode} (others can read it: chmod 600 {path})")
    line = line.format(path=where, size=size, mode=f"{mode:o}")
    if not mode & 0o222:
        line = _("{line}; read-only, so changes are refused (chmod u+w {path} to allow "
                 "them)").format(line=line, path=where)
    return line


def _content_lines(raw: dict, data: bytes) -> list[str]:
    lines = []
    if data.startswith(codecs.BOM_UTF8):
        lines.append(_("starts with a UTF-8 byte order mark: read without it, and dropped on "
                       "the next write"))
    original = meta_of(loads(data.decode("utf-8-sig")))["schema"]  # type: ignore[index]
    if original != SCHEMA_VERSION:
        lines.append(_("parses as NetQuest data, schema {schema}, read as {current} (migrated "
                       "on next write)").format(schema=original, current=SCHEMA_VERSION))
    else:
        lines.append(_("parses as NetQuest data, schema {schema}").format(schema=original))
    checkins = sum(len(doc["e"]) for doc in raw["log"].values())
    counts = _(", ").join(_(text).format(n=len(raw.get(table, {})))
                          for table, text in TABLE_COUNTS)
    lines.append(_("every record fits the schema: {n} check-ins (last seq {seq}), "
                   "{counts}").format(n=checkins, seq=meta_of(raw)["seq"],  # type: ignore[index]
                                      counts=counts))
    lines.extend(_("note: {note}").format(note=note) for note in schema.notes(raw))
    return lines


def _place_lines(store: Store) -> list[str]:
    state = store._backend.lock_state()
    state = _(LOCK_STATES[state]) if state in LOCK_STATES else state
    if store.path is None:
        return [_("lock: {state}").format(state=state)]
    folder = store.path.parent
    writable = os.access(folder if folder.is_dir() else _existing_parent(folder), os.W_OK)
    return [
        (_("folder {folder}: writable") if writable
         else _("folder {folder}: NOT writable: changes will fail")).format(folder=folder),
        _("lock file {path}: {state}").format(path=store._backend.lock_path,  # type: ignore[union-attr]
                                              state=state),
    ]


def _existing_parent(folder: Path) -> Path:
    while not folder.exists() and folder != folder.parent:
        folder = folder.parent
    return folder
