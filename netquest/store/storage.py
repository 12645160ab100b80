"""Where the bytes live: a locked, atomically replaced file (or memory), and the TinyDB storage over it.

Stock TinyDB overwrites its JSON file in place and keeps per-process caches, so two
processes writing one file corrupt it.  Here every change happens inside a transaction:
an exclusive `flock` on "<file>.lock" beside the data file, a fresh read, and a write to
a temporary file in the same folder that is fsynced and renamed over the data file.
A `TxStorage` is built per transaction and hands TinyDB that transaction's snapshot, so
no TinyDB cache outlives the lock that made it true.
"""

from __future__ import annotations

import errno
import fcntl
import os
import stat
import tempfile
import threading
import time
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Iterator

from tinydb.storages import MemoryStorage

NEW_FILE_MODE = 0o600
NEW_FOLDER_MODE = 0o700
TEMP_SUFFIX = ".tmp"


class TxStorage(MemoryStorage):
    """TinyDB storage over one transaction's parsed snapshot; writes only mark it dirty.

    The real write happens once, when the transaction ends without an exception, so a
    failed transaction leaves the file as it was.
    """

    def __init__(self, data: dict) -> None:
        super().__init__()
        self.memory = data
        self.dirty = False

    def write(self, data: dict) -> None:
        self.memory = data
        self.dirty = True

    def touch(self) -> None:
        """Record a change made straight to `memory` (the check-in log skips TinyDB for speed)."""
        self.dirty = True


class LockTimeout(Exception):
    """Another process held the lock for longer than we were willing to wait."""


class FileBackend:
    """The data file, its lock file and its backups folder on disk."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.lock_path = path.with_name(path.name + ".lock")
        self.backup_dir = path.parent / "backups"

    # -- the data file -------------------------------------------------------

    def exists(self) -> bool:
        return self.path.exists()

    def read(self) -> bytes | None:
        """The file's bytes, or None when there is no file (or no folder) yet."""
        try:
            with open(self.path, "rb") as f:
                return f.read()
        except (FileNotFoundError, NotADirectoryError):
            return None

    def token(self) -> object:
        """What changes whenever the file is replaced: inode, times and size."""
        try:
            st = os.stat(self.path)
        except (FileNotFoundError, NotADirectoryError):
            return None
        # The inode alone is not enough: a freed inode is often reused by the next temp file.
        return (st.st_ino, st.st_mtime_ns, st.st_ctime_ns, st.st_size)

    def write(self, data: bytes) -> None:
        # Write through a symlink to its target rather than replacing the link itself.
        atomic_write(Path(os.path.realpath(self.path)), data)

    def remove_stale_temps(self) -> None:
        """Delete temp files of writers that were killed mid-write (only safe under the lock)."""
        with suppress(OSError):
            for entry in os.scandir(self.path.parent):
                if entry.name.startswith(f".{self.path.name}.") and entry.name.endswith(TEMP_SUFFIX):
                    with suppress(OSError):
                        os.unlink(entry.path)

    # -- the lock ------------------------------------------------------------

    @contextmanager
    def lock(self, timeout: float) -> Iterator[None]:
        """Hold the exclusive lock for the block; raise LockTimeout after `timeout` seconds."""
        make_folder(self.path.parent)
        fd = os.open(self.lock_path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, NEW_FILE_MODE)
        try:
            deadline = time.monotonic() + timeout
            pause = 0.0005
            while True:
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    # Polling rather than a blocking flock lets us give up with a clear message.
                    if time.monotonic() >= deadline:
                        raise LockTimeout() from None
                    time.sleep(pause)
                    pause = min(pause * 2, 0.02)
            yield
        finally:
            os.close(fd)  # closing the descriptor releases the flock

    def lock_state(self) -> str:
        """'free', 'held by another process' or 'missing', without waiting."""
        try:
            fd = os.open(self.lock_path, os.O_RDONLY | os.O_CLOEXEC)
        except FileNotFoundError:
            return "missing"
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return "held by another process"
        finally:
            os.close(fd)
        return "free"

    # -- backups -------------------------------------------------------------

    def backup_path(self, name: str) -> Path:
        return self.backup_dir / name

    def backup_names(self) -> list[str]:
        try:
            return os.listdir(self.backup_dir)
        except (FileNotFoundError, NotADirectoryError):
            return []

    def read_backup(self, name: str) -> bytes:
        with open(self.backup_dir / name, "rb") as f:
            return f.read()

    def write_backup(self, name: str, data: bytes) -> None:
        make_folder(self.backup_dir)
        atomic_write(self.backup_dir / name, data, keep_mode=False)

    def delete_backup(self, name: str) -> None:
        with suppress(FileNotFoundError):
            os.unlink(self.backup_dir / name)


class MemoryBackend:
    """The same operations as FileBackend, kept in this process's memory (for tests and demos)."""

    path = None

    def __init__(self) -> None:
        self.data: bytes | None = None
        self.backups: dict[str, bytes] = {}
        self.generation = 0
        self._lock = threading.Lock()
        self.backup_dir = Path("<memory>") / "backups"

    def exists(self) -> bool:
        return self.data is not None

    def read(self) -> bytes | None:
        return self.data

    def token(self) -> object:
        return self.generation

    def write(self, data: bytes) -> None:
        self.data = data
        self.generation += 1

    def remove_stale_temps(self) -> None:
        pass

    @contextmanager
    def lock(self, timeout: float) -> Iterator[None]:
        if not self._lock.acquire(timeout=timeout):
            raise LockTimeout()
        try:
            yield
        finally:
            self._lock.release()

    def lock_state(self) -> str:
        return "held by another thread" if self._lock.locked() else "free"

    def backup_path(self, name: str) -> Path:
        return self.backup_dir / name

    def backup_names(self) -> list[str]:
        return list(self.backups)

    def read_backup(self, name: str) -> bytes:
        try:
            return self.backups[name]
        except KeyError:
            raise FileNotFoundError(errno.ENOENT, "no such backup", name) from None

    def write_backup(self, name: str, data: bytes) -> None:
        self.backups[name] = data

    def delete_backup(self, name: str) -> None:
        self.backups.pop(name, None)


def make_folder(folder: Path) -> None:
    """Create `folder` (private to the user) if it is missing."""
    if not folder.is_dir():
        folder.mkdir(mode=NEW_FOLDER_MODE, parents=True, exist_ok=True)


def atomic_write(path: Path, data: bytes, keep_mode: bool = True) -> None:
    """Replace `path` with `data` so that readers and crashes see the old or the new file, never half.

    Temp file in the same folder, fsync, rename over, fsync the folder.  A new file gets
    mode 0600; an existing file keeps its mode.
    """
    mode = NEW_FILE_MODE
    if keep_mode:
        with suppress(FileNotFoundError):
            mode = stat.S_IMODE(os.stat(path).st_mode)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=TEMP_SUFFIX, dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            if mode != NEW_FILE_MODE:  # mkstemp already made it 0600
                os.fchmod(f.fileno(), mode)
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        with suppress(OSError):
            os.unlink(tmp)
        raise
    fsync_folder(path.parent)


def fsync_folder(folder: Path) -> None:
    """Make the rename itself durable: without this a power cut can bring back the old name."""
    fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
