"""Writing a file safely: atomically replaced, fsynced, private to the user when new."""

from __future__ import annotations

import errno
import os
import stat
from contextlib import suppress
from pathlib import Path

NEW_FILE_MODE = 0o600
NEW_FOLDER_MODE = 0o700
TEMP_SUFFIX = ".tmp"
TEMP_CHARS = "abcdefghijklmnopqrstuvwxyz0123456789_"  # as tempfile names its files


def make_folder(folder: Path) -> list[Path]:
    """Create `folder` (private to the user) if it is missing; return the folders made, outermost
    first."""
    if folder.is_dir():
        return []
    missing = []
    while not folder.is_dir() and folder != folder.parent:
        missing.append(folder)
        folder = folder.parent
    made = []
    for f in reversed(missing):
        try:
            f.mkdir(mode=NEW_FOLDER_MODE)
            made.append(f)
        except FileExistsError:
            if not f.is_dir():
                raise
    return made


def temp_file(folder: Path, prefix: str, suffix: str) -> tuple[int, str]:
    """A new file in `folder` named `prefix` + eight of [a-z0-9_] + `suffix`, made only by
    this call and readable only by its owner: what `tempfile.mkstemp` makes, without
    importing tempfile (random, shutil and the compression modules) on every check-in."""
    flags = (os.O_RDWR | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
             | getattr(os, "O_CLOEXEC", 0))
    for _ in range(10000):
        token = "".join(TEMP_CHARS[byte % len(TEMP_CHARS)] for byte in os.urandom(8))
        name = os.path.abspath(os.path.join(folder, prefix + token + suffix))
        try:
            return os.open(name, flags, NEW_FILE_MODE), name
        except FileExistsError:
            continue
    raise FileExistsError(errno.EEXIST, "no free name for a temporary file", str(folder))


def atomic_write(path: Path, data: bytes, keep_mode: bool = True) -> None:
    """Replace `path` with `data` so that readers and crashes see the old or the new file, never
    half.

    Temp file in the same folder, fsync, rename over, fsync the folder.  A new file gets
    mode 0600; an existing file keeps its mode.
    """
    try:
        mode = NEW_FILE_MODE
        if keep_mode:
            with suppress(FileNotFoundError):
                mode = stat.S_IMODE(os.stat(path).st_mode)
        fd, tmp = temp_file(path.parent, f".{path.name}.", TEMP_SUFFIX)
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
    except OSError as e:
        if (
            e.filename is None
        ):  # write() and fsync() errors name no file: name the one we were writing
            e.filename = str(path)
        raise


def write_copy(path: Path | str, data: bytes) -> None:
    """Write a file for the user (an export): atomically, and private (0600) when it is new.

    An existing file keeps its mode; a pipe or a device (`-o /dev/stdout`) is written
    as it is, since it cannot be replaced.
    """
    try:
        st = os.stat(path)
    except (FileNotFoundError, NotADirectoryError):
        st = None
    if st is not None and not stat.S_ISREG(st.st_mode):
        with open(path, "wb") as f:
            f.write(data)
        return
    atomic_write(Path(os.path.realpath(path)), data)


def fsync_folder(folder: Path) -> None:
    """Make the rename itself durable: without this a power cut can bring back the old name."""
    fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
