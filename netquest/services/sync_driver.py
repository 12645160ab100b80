"""The git merge driver of the sync clone: one canonical file merged record by record.

`netquest sync` merges whole histories itself; the driver is for git's own merges in the
clone (a user's `git merge` or `git pull` there), registered in the clone's config and
`.gitattributes`.  It reads the three versions of one file (`%O %A %B`, named by `%P`),
merges them with the same rules and writes the result over `%A`.
"""

from __future__ import annotations

from pathlib import Path, PurePosixPath

from netquest.rules.merge import merge
from netquest.services.sync_form import (
    FORMAT,
    MAX_FILE,
    BadRemote,
    files_from_state,
    state_from_files,
)


def _read(path: str) -> bytes:
    with open(path, "rb") as f:
        data = f.read(MAX_FILE + 1)
    if len(data) > MAX_FILE:
        raise ValueError(f"{path} is too big")
    return data


def merge_files(base: str, ours: str, theirs: str, name: str | None) -> list[str]:
    """Merge the three versions of the canonical file `name` into `ours`; the notes."""
    if not name:
        raise ValueError("needs the file's path in the clone (%P)")
    name = str(PurePosixPath(name))
    if name == "FORMAT":
        return []
    try:
        b, o, t = (
            state_from_files({"FORMAT": FORMAT, name: _read(p)}) for p in (base, ours, theirs)
        )
    except BadRemote as exc:
        raise ValueError(str(exc)) from None
    merged, notes = merge(b, o, t)
    out = files_from_state(merged)
    data = out.get(name, b"")
    if name == "meta.json":
        data = out["meta.json"]
    Path(ours).write_bytes(data)
    return notes
