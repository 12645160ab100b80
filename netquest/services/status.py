"""Keep the status cache (`netquest.statuscache`) in step with the data file.

The store calls `written` after every transaction that wrote, with what it wrote, so the
line a prompt shows changes with every check-in of every process (command line or app)
without a second read of the file; `current` renews it when the habit day has turned.
"""

from __future__ import annotations

from datetime import date, timedelta

import pendulum

from netquest import statuscache
from netquest.statusline import status_line

CACHE_WIDTH = 80


def day_bounds(clock, day: date) -> tuple[int, int]:
    """The habit day `day` as Unix seconds [start, end): day-start hour to day-start hour,
    on the local wall clock (23 or 25 hours long on DST days)."""
    def begins(d: date) -> int:
        return pendulum.datetime(d.year, d.month, d.day, clock.day_start_hour,
                                 tz=clock.timezone).int_timestamp
    return begins(day), begins(day + timedelta(days=1))


def cached_for(state, clock, zone_from_setting: bool, data_path) -> statuscache.Cached:
    """What the cache holds for `state` (today's) under `clock`."""
    start, end = day_bounds(clock, state.today)
    line = status_line(state, symbols=True, width=CACHE_WIDTH)
    return statuscache.Cached(state.today.isoformat(), line, end, start, clock.timezone,
                              zone_from_setting, str(data_path))


def _clock_of(root, tx):
    # The settings service after the merge of the session work; this file only reads.
    settings = root._settings(tx)
    return root._clock(tx), bool(settings.get("timezone"))


def save(root, tx) -> statuscache.Cached | None:
    """Write the cache of `root`'s data file from the view `tx`; None for an in-memory store."""
    path = root.store.path
    if path is None:
        return None
    clock, from_setting = _clock_of(root, tx)
    cached = cached_for(root._state(tx), clock, from_setting, path)
    target = statuscache.cache_path(path)
    if statuscache.read(target) != cached:
        statuscache.write(target, cached)
    return cached


def written(root, tx) -> None:
    """After a write: renew the cache.  The write has happened, so nothing here may undo it
    or fail the command; a cache that cannot be renewed is removed rather than left stale."""
    try:
        save(root, tx)
    except Exception:
        try:
            statuscache.cache_path(root.store.path).unlink(missing_ok=True)
        except (OSError, TypeError):
            pass


def current(root) -> str:
    """Today's status line from the cache, renewing it first when it is not today's."""
    with root.store.read() as tx:
        clock, _ = _clock_of(root, tx)
        path = root.store.path
        if path is not None:
            cached = statuscache.read(statuscache.cache_path(path))
            today = clock.today().isoformat()
            if cached is not None and (cached.data, cached.day, cached.zone) == (
                    str(path), today, clock.timezone):
                return cached.line
            saved = save(root, tx)
            if saved is not None:
                return saved.line
        return status_line(root._state(tx), symbols=True, width=CACHE_WIDTH)
