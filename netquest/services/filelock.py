"""One process at a time on something kept beside the data file (a sync clone, a party
folder): an exclusive `flock` on a lock file, waited for up to a limit."""

from __future__ import annotations

import time
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterator


@contextmanager
def held(path: Path, wait: float, busy: Callable[[], Exception]) -> Iterator[None]:
    """Hold the lock on `path` (made if missing); after `wait` seconds raise `busy()`."""
    import fcntl

    with open(path, "a+b") as f:
        deadline = time.monotonic() + wait
        while True:
            try:
                fcntl.flock(f, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    raise busy() from None
                time.sleep(0.1)
        try:
            yield
        finally:
            fcntl.flock(f, fcntl.LOCK_UN)
