"""Daily backups beside the data file: `backups/<file name>-YYYY-MM-DD.json`, the newest 14 kept.

A backup is the file as it was before the first write of a day, so every backup is a
file that parsed.  Extra backups on one day (made before a restore or an import) get
`-2`, `-3`...  A file that could not be read is still copied before a restore replaces
it, but as `.unreadable`, so it is neither offered for restore nor pruned.

Backups are named by the whole file name (`nq.json-2026-03-08.json`), so `nq.json` and
`nq.db` in one folder never share them.  Older versions named them by the stem alone
(`nq-2026-03-08.json`); those are still listed for the file, unless another file in the
folder has the same stem, in which case nobody can tell whose they are and they are
neither listed nor pruned (`legacy` below is then None).
"""

from __future__ import annotations

import re
from datetime import date
from typing import Protocol

from netquest.structs import Struct

KEEP = 14


class BackupFolder(Protocol):
    def backup_names(self) -> list[str]: ...
    def write_backup(self, name: str, data: bytes) -> None: ...
    def delete_backup(self, name: str) -> None: ...


class Owner(Struct, frozen=True):
    """Whose backups: the data file's name, and the stem its old-style backups used (if still its own)."""

    name: str
    legacy: str | None = None

    def patterns(self) -> list[re.Pattern[str]]:
        prefixes = [self.name] + ([self.legacy] if self.legacy is not None else [])
        return [
            re.compile(rf"^{re.escape(p)}-(\d{{4}}-\d{{2}}-\d{{2}})(?:-(\d+))?\.json$")
            for p in prefixes
        ]


def newest_first(folder: BackupFolder, owner: Owner) -> list[str]:
    """Names of the restorable backups, newest first (by the day in the name, then the counter)."""
    patterns = owner.patterns()
    keyed = []
    for name in folder.backup_names():
        for pattern in patterns:
            m = pattern.match(name)
            if m:
                keyed.append(((m.group(1), int(m.group(2) or 1), pattern is patterns[0]), name))
                break
    keyed.sort(reverse=True)
    return [name for _, name in keyed]


def unowned_legacy(folder: BackupFolder, stem: str) -> list[str]:
    """Old-style backups named by `stem` alone (listed by doctor when they cannot be told apart)."""
    pattern = Owner(stem).patterns()[0]
    return sorted(n for n in folder.backup_names() if pattern.match(n))


def due(folder: BackupFolder, owner: Owner, today: date) -> bool:
    """True when no backup was made yet on `today`."""
    day = today.isoformat()
    prefixes = [f"{p}-{day}" for p in (owner.name, owner.legacy) if p is not None]
    return not any(
        n == f"{p}.json" or n.startswith(f"{p}-") for n in folder.backup_names() for p in prefixes
    )


def free_name(folder: BackupFolder, owner: Owner, today: date, ext: str = ".json") -> str:
    """The first unused name for a backup made on `today`."""
    names = set(folder.backup_names())
    base = f"{owner.name}-{today.isoformat()}"
    if f"{base}{ext}" not in names:
        return f"{base}{ext}"
    n = 2
    while f"{base}-{n}{ext}" in names:
        n += 1
    return f"{base}-{n}{ext}"


def make(
    folder: BackupFolder, owner: Owner, today: date, data: bytes, readable: bool = True
) -> str:
    """Save `data` as a new backup of `today`, prune to the newest KEEP, return its name."""
    name = free_name(folder, owner, today, ".json" if readable else ".unreadable")
    folder.write_backup(name, data)
    for old in newest_first(folder, owner)[KEEP:]:
        folder.delete_backup(old)
    return name
