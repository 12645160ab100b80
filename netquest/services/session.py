"""The request session: what one use case reads once and shares with every service it calls.

`NetQuest.reading()` / `NetQuest.writing()` open one on a store transaction.  It holds the
transaction, the merged settings, the user's clock (time zone, day start, week start),
today and the history; each is worked out on first use and kept for the session only, so
a use case never repeats tx → settings → clock → today → history.
"""

from __future__ import annotations

from datetime import date
from functools import cached_property
from typing import Any

from netquest import i18n
from netquest.clock import Clock, ClockError
from netquest.rules.cadence import week_bounds
from netquest.services.history import History
from netquest.store.protocols import Transaction
from netquest.store.schema.fields import SETTING_KEYS

DEFAULT_SETTINGS: dict[str, Any] = {
    "day_start_hour": 0,
    "week_start": "mon",
    "timezone": None,
    "theme": "netquest-dark",
    "language": None,  # the system's
    "sync_auto": False,
    "sync_timeout": 60,
}
Settings = dict[str, Any]
#: The name under which a transaction remembers today's state of play (`Tx.remember`).
TODAY_STATE = "today-state"


def merged_settings(stored: dict) -> Settings:
    """The defaults with the stored settings NetQuest knows on top."""
    merged = dict(DEFAULT_SETTINGS)
    merged.update({k: v for k, v in stored.items() if k in SETTING_KEYS})
    return merged


def user_clock(base: Clock, settings: Settings) -> Clock:
    """`base` under the user's settings; `base` itself when the stored ones cannot be used."""
    try:
        return base.with_settings(
            settings["timezone"], int(settings["day_start_hour"]), settings["week_start"]
        )
    except (ClockError, ValueError, TypeError):
        return base


class Session:
    """One use case's view of the data file; never kept after the use case ends."""

    def __init__(self, tx: Transaction, base_clock: Clock) -> None:
        self.tx = tx
        self._base_clock = base_clock
        self._history: History | None = None

    @cached_property
    def settings(self) -> Settings:
        settings = merged_settings(self.tx.settings())
        # Every use case reads the settings first: from here on it speaks the user's language.
        i18n.use(settings["language"])
        return settings

    @cached_property
    def clock(self) -> Clock:
        return user_clock(self._base_clock, self.settings)

    @cached_property
    def today(self) -> date:
        return self.clock.today()

    @property
    def week_start(self) -> int:
        """0 when weeks start on Monday, 6 when on Sunday (date.weekday() numbering)."""
        return self.clock.week_start_index

    def week_of(self, day: date) -> tuple[date, date]:
        """First and last day of the week holding `day`, by the user's week start."""
        return week_bounds(day, self.week_start)

    @property
    def history(self) -> History:
        """The history as it was at its first use in this session."""
        if self._history is None:
            self._history = History(self.tx)
        return self._history

    def history_on(self, day: date) -> History:
        """The history, also counting the check-ins logged on `day`."""
        return History(self.tx, day)

    def reread_history(self) -> History:
        """The history after this session changed check-ins or skips (kept for later uses)."""
        self._history = History(self.tx)
        return self._history
