"""Reading the small TOML files a user writes by hand (theme files, keymap.toml) without ever blocking or crashing."""

from __future__ import annotations

import os
import stat
from pathlib import Path


class UnusableFile(ValueError):
    """The file as a whole cannot be used; `str()` says why in a few words."""


def read_small_toml(path: Path, limit: int, what: str) -> dict:
    """The TOML table in `path`, or UnusableFile naming the problem (FileNotFoundError when there is none).

    Only a regular file of at most `limit` bytes is read: a FIFO or a device would block
    or never end.  Deep nesting and numbers of thousands of digits are refused as well.
    """
    import tomllib

    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    except FileNotFoundError:
        raise  # no file is not a bad file: the caller decides what no file means
    except OSError as exc:
        raise UnusableFile(f"cannot be read: {exc.strerror or exc}") from None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise UnusableFile("is not a regular file")
        with os.fdopen(fd, "rb", closefd=False) as handle:
            data = handle.read(limit + 1)
    except OSError as exc:
        raise UnusableFile(f"cannot be read: {exc.strerror or exc}") from None
    finally:
        os.close(fd)
    if len(data) > limit:
        raise UnusableFile(f"is too large for {what}: larger than {limit // 1024} KiB")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise UnusableFile(f"is not UTF-8 text (bad byte at offset {exc.start})") from None
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise UnusableFile(f"is not valid TOML ({exc})") from None
    except RecursionError:
        raise UnusableFile(f"is nested too deeply for {what}") from None
    except ValueError:  # Python's limit on the digits of an integer
        raise UnusableFile("holds a number with too many digits") from None
