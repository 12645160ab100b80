"""Daily backups beside the data file: `backups/<stem>-YYYY-MM-DD.json`, the newest 14 kept.

A backup is the file as it was before the first write of a day, so every backup is a
file that parsed.  Extra backups on one day (made before a restore) get `-2`, `-3`...
A file that could not be read is still copied before a restore replaces it, but as
`.unreadable`, so it is neither offered for restore nor pruned.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Protocol

KEEP = 14


class BackupFolder(Protocol):
    def backup_names(self) -> list[str]: ...
    def write_backup(self, name: str, data: bytes) -> None: ...
    def delete_backup(self, name: str) -> None: ...


def _pattern(stem: str) -> re.Pattern[str]:
    return re.compile(rf"^{re.escape(stem)}-(\d{{4}}-\d{{2}}-\d{{2}})(?:-(\d+))?\.json$")


def newest_first(folder: BackupFolder, stem: str) -> list[str]:
    """Names of the restorable backups, newest first (by the day in the name, then the counter)."""
    pattern = _pattern(stem)
    keyed = []
    for name in folder.backup_names():
        m = pattern.match(name)
        if m:
            keyed.append(((m.group(1), int(m.group(2) or 1)), name))
    keyed.sort(reverse=True)
    return [name for _, name in keyed]


def due(folder: BackupFolder, stem: str, today: date) -> bool:
    """True when no backup was made yet on `today`."""
    prefix = f"{stem}-{today.isoformat()}"
    return not any(n == f"{prefix}.json" or n.startswith(f"{prefix}-") for n in folder.backup_names())


def free_name(folder: BackupFolder, stem: str, today: date, ext: str = ".json") -> str:
    """The first unused name for a backup made on `today`."""
    names = set(folder.backup_names())
    base = f"{stem}-{today.isoformat()}"
    if f"{base}{ext}" not in names:
        return f"{base}{ext}"
    n = 2
    while f"{base}-{n}{ext}" in names:
        n += 1
    return f"{base}-{n}{ext}"


def make(folder: BackupFolder, stem: str, today: date, data: bytes, readable: bool = True) -> str:
    """Save `data` as a new backup of `today`, prune to the newest KEEP, return its name."""
    name = free_name(folder, stem, today, ".json" if readable else ".unreadable")
    folder.write_backup(name, data)
    for old in newest_first(folder, stem)[KEEP:]:
        folder.delete_backup(old)
    return name
