"""Derived data beside the data file (the state of play's checkpoints): a cache that is
never part of the data file, so it can be lost at any time without loss of history."""

from __future__ import annotations

from pathlib import Path

from .files import atomic_write
from .storage import FileRefused, read_regular


def read(path: Path | None) -> bytes | None:
    """The derived data's bytes, or None when there are none (or they cannot be read)."""
    if path is None:
        return None
    try:
        return read_regular(path, 1 << 24)
    except (OSError, FileRefused):
        return None


def write(path: Path | None, data: bytes) -> None:
    """Replace the derived data (atomically, mode 0600); a folder that refuses is no error."""
    if path is not None:
        try:
            atomic_write(path, data, keep_mode=False)
        except OSError:
            pass


def drop(path: Path | None) -> bool:
    """Delete the derived data; True when there was a file."""
    if path is None:
        return False
    try:
        path.unlink()
        return True
    except OSError:
        return False
