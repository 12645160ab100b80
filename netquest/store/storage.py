"""Where the bytes live: a locked, atomically replaced file (or memory), and the TinyDB storage over it.

Stock TinyDB overwrites its JSON file in place and keeps per-process caches, so two
processes writing one file corrupt it.  Here every change happens inside a transaction:
an exclusive `flock` on "<file>.lock" beside the data file, a fresh read, and a write to
a temporary file in the same folder that is fsynced and renamed over the data file.
A `TxStorage` is built per transaction and hands TinyDB that transaction's snapshot, so
no TinyDB cache outlives the lock that made it true.

The lock, the temporary files and the backups are named after the *resolved* data file
(symlinks followed), so every path that reaches one file shares one lock.  Only regular
files of a sane size are read, without ever blocking on a pipe or a device.
"""

from __future__ import annotations

import errno
import fcntl
import os
import re
import stat
import threading
import time
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Iterator

from tinydb.storages import MemoryStorage

from netquest.i18n import N_, _

from .files import NEW_FILE_MODE, TEMP_SUFFIX, atomic_write, make_folder

# Far beyond any real history (ten years of daily check-ins is a few MB), and small enough
# that a file or device that never ends cannot exhaust memory.
MAX_FILE_BYTES = 256 * 1024 * 1024
DERIVED_TEMP_AGE = 600  # seconds: a derived file's temp this old is a killed writer's


class FileRefused(Exception):
    """A path NetQuest will not read or write: not a regular file, too large, or read-only."""

    def __init__(self, path: Path | str, problem: str) -> None:
        self.path = Path(path)
        self.problem = problem
        super().__init__(f"{path}: {problem}")


def _kind(mode: int) -> str:
    for test, name in (
        (stat.S_ISDIR, N_("a folder")),
        (stat.S_ISFIFO, N_("a named pipe (FIFO)")),
        (stat.S_ISCHR, N_("a character device")),
        (stat.S_ISBLK, N_("a block device")),
        (stat.S_ISSOCK, N_("a socket")),
    ):
        if test(mode):
            return _(name)
    return _("not a regular file")


def _refuse_odd(path: Path | str, st: os.stat_result, limit: int) -> None:
    if not stat.S_ISREG(st.st_mode):
        raise FileRefused(
            path, _("is {kind}, not a regular file; NetQuest reads only regular files").format(
                kind=_kind(st.st_mode))
        )
    if st.st_size > limit:
        raise FileRefused(
            path, _("is {size:,} bytes, more than the {mb} MB NetQuest reads").format(
                size=st.st_size, mb=limit // 2**20)
        )


def read_regular(path: Path | str, limit: int = MAX_FILE_BYTES) -> bytes:
    """The bytes of the regular file at `path`; FileRefused for anything else, without blocking.

    A stat first, so a pipe or a device is refused before it is opened; the open itself is
    non-blocking (a FIFO swapped in after the stat cannot hang us), and fstat re-checks
    what was actually opened.  OSError (FileNotFoundError...) passes through.
    """
    _refuse_odd(path, os.stat(path), limit)
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    with os.fdopen(fd, "rb") as f:
        st = os.fstat(fd)
        _refuse_odd(path, st, limit)
        data = f.read(st.st_size + 1)
        if len(data) > st.st_size:  # it grew while we read: keep reading, but only up to the bound
            data += f.read(limit + 1 - len(data))
            if len(data) > limit:
                raise FileRefused(
                    path, _("grew past the {mb} MB NetQuest reads while being read").format(
                        mb=limit // 2**20)
                )
    return data


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
        self.path = path  # as the user named it, for messages
        self.resolve()

    def resolve(self) -> None:
        """Key the lock, temp files and backups on the file every path to it reaches.

        os.path.realpath follows the file's symlink when it has one, else its folder's:
        `~/sync/nq.json` and `~/.local/share/netquest/nq.json` through a linked folder
        get one lock file, one set of temp names and one backups folder.
        """
        self.real = Path(os.path.realpath(self.path))
        self.name = self.real.name
        self.lock_path = self.real.with_name(self.name + ".lock")
        self.backup_dir = self.real.parent / "backups"
        self._temp = re.compile(
            rf"^\.{re.escape(self.name)}\.[a-z0-9_]{{8}}{re.escape(TEMP_SUFFIX)}$"
        )
        # The temps of the derived files beside it (the checkpoints, the summary cache),
        # which are written without the lock: a random or a process-id token.
        self._derived_temp = re.compile(
            rf"^\.{re.escape(self.name)}\.(?:checkpoints|summaries)\.[a-z0-9_]{{1,20}}"
            rf"{re.escape(TEMP_SUFFIX)}$"
        )

    # -- the data file -------------------------------------------------------

    def exists(self) -> bool:
        return self.path.exists()

    def read(self) -> bytes | None:
        """The file's bytes, or None when there is no file (or no folder) yet; FileRefused for odd files."""
        try:
            return read_regular(self.path)
        except (FileNotFoundError, NotADirectoryError):
            return None

    def refuse_read_only(self) -> None:
        """FileRefused when the data file exists but its mode says nobody may write it.

        The rename that replaces the file would succeed anyway (the folder is writable),
        silently undoing the user's chmod; so a read-only file is left as it is.
        """
        try:
            st = os.stat(self.real)
        except (FileNotFoundError, NotADirectoryError):
            return
        if stat.S_ISREG(st.st_mode) and (
            not st.st_mode & 0o222 or not os.access(self.real, os.W_OK)
        ):
            raise FileRefused(
                self.path,
                _("is read-only (mode {mode}); nothing was changed (chmod u+w it to let NetQuest "
                  "write it)").format(mode=f"{stat.S_IMODE(st.st_mode):o}"),
            )

    def same_file(self, other: Path | str) -> bool:
        """True when `other` is the data file or its lock under any name (symlink, hard link)."""
        real = os.path.realpath(other)
        if real in (str(self.real), str(self.lock_path)):
            return True
        try:
            theirs = os.stat(real)
        except OSError:
            return False
        for mine in (self.real, self.lock_path):
            with suppress(OSError):
                if os.path.samestat(os.stat(mine), theirs):
                    return True
        return False

    def shares_stem(self) -> bool:
        """True when another file in the data folder has this file's stem (`nq.db` beside `nq.json`).

        Backups were once named by the stem alone, so such files cannot tell their old
        backups apart.
        """
        stem = self.real.stem
        try:
            with os.scandir(self.real.parent) as entries:
                return any(
                    e.name != self.name and Path(e.name).stem == stem and e.is_file()
                    for e in entries
                )
        except OSError:
            return False

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
        atomic_write(self.real, data)

    def remove_stale_temps(self) -> None:
        """Delete temp files of writers that were killed mid-write.

        Only under the lock (every writer of this file holds it while its temp exists, so
        any temp we see is a dead writer's), and only this resolved file's own temps: the
        exact name `atomic_write` makes, a regular file, not a link.  The temps of its
        derived files (`.checkpoints`, `.summaries`) go too once DERIVED_TEMP_AGE old.
        """
        if not self._held:
            raise RuntimeError("stale temp files may only be removed under the lock")
        old_before = time.time() - DERIVED_TEMP_AGE
        with suppress(OSError), os.scandir(self.real.parent) as entries:
            for entry in entries:
                if not entry.is_file(follow_symlinks=False):
                    continue
                if self._temp.match(entry.name) or (
                    # The derived files' writers do not take the lock: only a temp left
                    # long enough to be a dead writer's goes.
                    self._derived_temp.match(entry.name)
                    and entry.stat(follow_symlinks=False).st_mtime < old_before
                ):
                    with suppress(OSError):
                        os.unlink(entry.path)

    # -- the lock ------------------------------------------------------------

    _held = False

    @contextmanager
    def lock(self, timeout: float) -> Iterator[None]:
        """Hold the exclusive lock for the block; raise LockTimeout after `timeout` seconds.

        The folder and the lock file are made only for the block: when it ends with no
        data file (a refused command on a new path), they are removed again, so nothing
        is left behind by a command that wrote nothing.
        """
        self.resolve()
        deadline = time.monotonic() + timeout
        created: list[Path] = []
        fd = self._acquire(deadline, created)
        self._held = True
        try:
            yield
        finally:
            self._held = False
            try:
                if not os.path.lexists(self.real):
                    # Unlinked while we hold it: a waiter that opened the old inode sees the
                    # name gone and starts over (see _acquire), so no two hold the lock.
                    with suppress(OSError):
                        os.unlink(self.lock_path)
                    for folder in reversed(created):
                        with suppress(OSError):
                            folder.rmdir()  # only if still empty
            finally:
                os.close(fd)  # closing the descriptor releases the flock

    def _acquire(self, deadline: float, created: list[Path]) -> int:
        pause = 0.0005
        while True:
            created += make_folder(self.real.parent)
            try:
                fd = os.open(self.lock_path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, NEW_FILE_MODE)
            except FileNotFoundError:
                if time.monotonic() >= deadline:
                    raise
                continue  # the folder was removed by a holder that wrote nothing: make it again
            try:
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
                try:
                    current = os.stat(self.lock_path)
                except FileNotFoundError:
                    current = None
                if current is not None and os.path.samestat(current, os.fstat(fd)):
                    return fd
            except BaseException:
                os.close(fd)
                raise
            os.close(fd)  # we locked a lock file that was removed meanwhile: take the new one

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
        return read_regular(self.backup_dir / name)

    def write_backup(self, name: str, data: bytes) -> None:
        make_folder(self.backup_dir)
        atomic_write(self.backup_dir / name, data, keep_mode=False)

    def delete_backup(self, name: str) -> None:
        with suppress(FileNotFoundError):
            os.unlink(self.backup_dir / name)


class MemoryBackend:
    """The same operations as FileBackend, kept in this process's memory (for tests and demos)."""

    path = None
    name = "netquest.json"

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

    def refuse_read_only(self) -> None:
        pass

    def shares_stem(self) -> bool:
        return False

    def same_file(self, other: Path | str) -> bool:
        return False

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
