"""The root of the services: one `NetQuest` per data file and clock.

It opens request sessions (`reading()`, `writing()`) and holds the composed services that
run the use cases on them: `quests`, `log`, `goals`, `reviews`, `conversations`, `people`,
`stats` and `data`.  The
settings use cases live here, as the root's own: every session reads them.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from functools import cached_property
from typing import TYPE_CHECKING

from netquest import i18n
from netquest.clock import Clock, ClockError, validate_timezone
from netquest.i18n import _
from netquest.services import status as status_cache
from netquest.services.errors import ServiceError
from netquest.services.model import State
from netquest.services.quests import QuestServices
from netquest.services.session import SETTING_KEYS, Session, Settings
from netquest.store.errors import StoreError
from netquest.store.protocols import Store

if TYPE_CHECKING:
    from netquest.services.conversation import ConversationServices
    from netquest.services.data import DataServices
    from netquest.services.goals import GoalServices
    from netquest.services.log import LogServices
    from netquest.services.party import PartyServices
    from netquest.services.people import PeopleServices
    from netquest.services.reviews import ReviewServices
    from netquest.services.stats import StatsServices
    from netquest.services.sync import SyncServices


class NetQuest:
    """The services of one data file: sessions on its store, and the use cases composed on them."""

    def __init__(self, store: Store, clock: Clock | None = None) -> None:
        self.store = store
        self.base_clock = clock or Clock.from_env()
        self._local = threading.local()  # the writing session of this thread, for the store's today
        # The store names the day's backup by the user's day (time zone, day start), as the services count days.
        store.today = self.user_today
        store.written = lambda: max(0, int(self.base_clock.now().timestamp()))
        # Every write, from any use case, renews the status line a prompt reads.
        store.after_write = self._written
        self.wrote = False  # whether anything was written through these services (sync_auto)
        self.quests = QuestServices(self)

    @classmethod
    def for_file(cls, path: str | None, clock: Clock | None = None) -> NetQuest:
        """The services of the data file at `path` (None: NETQUEST_DB or the default file)."""
        from netquest.store import Store

        return cls(Store(path), clock)

    def _written(self, tx) -> None:
        self.wrote = True
        status_cache.written(self, tx)
        try:  # still under the lock: the token of this write and of no later one
            self._local.token = self.store.change_token()
        except OSError:  # a token that matches no file: the next look reads the file again
            self._local.token = None

    def written_token(self) -> object:
        """The change token of the file as this thread's last write left it: another
        process's write after it still counts as a change."""
        return getattr(self._local, "token", None)

    # Every service but the quests' loads when it is first asked for (people, goals, an undo,
    # a stats view, a whole-file task...), so `summary` and `checkin` do not pay for them at
    # start.
    @cached_property
    def people(self) -> PeopleServices:
        from netquest.services.people import PeopleServices

        return PeopleServices(self)

    @cached_property
    def goals(self) -> GoalServices:
        from netquest.services.goals import GoalServices

        return GoalServices(self)

    @cached_property
    def reviews(self) -> ReviewServices:
        from netquest.services.reviews import ReviewServices

        return ReviewServices(self)

    @cached_property
    def conversations(self) -> ConversationServices:
        from netquest.services.conversation import ConversationServices

        return ConversationServices(self)

    @cached_property
    def log(self) -> LogServices:
        from netquest.services.log import LogServices

        return LogServices(self)

    @cached_property
    def stats(self) -> StatsServices:
        from netquest.services.stats import StatsServices

        return StatsServices(self)

    @cached_property
    def sync(self) -> SyncServices:
        from netquest.services.sync import SyncServices

        return SyncServices(self)

    @cached_property
    def data(self) -> DataServices:
        from netquest.services.data import DataServices

        return DataServices(self)

    @cached_property
    def party(self) -> PartyServices:
        from netquest.services.party import PartyServices

        return PartyServices(self)

    # --------------------------------------------------------------------- sessions
    @contextmanager
    def reading(self) -> Iterator[Session]:
        """A session on a read-only view of the file as it is now."""
        with self.store.read() as tx:
            yield _speaking(Session(tx, self.base_clock))

    @contextmanager
    def writing(self, *, backup_first: bool = False) -> Iterator[Session]:
        """A session on a locked transaction, written atomically when it changed anything."""
        try:
            with self.store.transaction(backup_first=backup_first) as tx:
                session = self._local.session = _speaking(Session(tx, self.base_clock))
                yield session
                session.today  # read while the transaction is open: the store's commit asks for it
        finally:
            self._local.session = None

    def user_today(self) -> date:
        """Today by the user's settings: the writing session's, else read from the file."""
        session = getattr(self._local, "session", None)
        if session is not None:
            return session.today
        try:
            with self.reading() as s:
                return s.today
        except StoreError:  # a damaged file (a restore mends it): the system's day names its backup
            return self.base_clock.today()

    # ------------------------------------------------------------------- settings
    def clock(self) -> Clock:
        """The clock under the user's saved settings."""
        with self.reading() as s:
            return s.clock

    def today(self) -> date:
        with self.reading() as s:
            return s.today

    def settings(self) -> Settings:
        with self.reading() as s:
            return s.settings

    def set_setting(self, key: str, value: str) -> object:
        """Validate and save one setting; returns the stored value."""
        parsed = self.validate_setting(key, value)
        with self.writing() as s:
            s.tx.set_setting(key, parsed)
        return parsed

    @staticmethod
    def validate_setting(key: str, value) -> object:
        if key not in SETTING_KEYS:
            raise ServiceError(_("unknown setting {key} (known: {keys})").format(
                key=repr(key), keys=", ".join(SETTING_KEYS)))
        text = str(value).strip()
        if key == "day_start_hour":
            if not re.fullmatch(r"\d{1,2}", text) or not 0 <= int(text) <= 23:
                raise ServiceError(
                    _("day_start_hour must be a whole hour from 0 to 23, not {value}").format(
                        value=repr(text))
                )
            return int(text)
        if key == "week_start":
            low = text.lower()
            if low not in ("mon", "monday", "sun", "sunday"):
                raise ServiceError(
                    _("week_start must be mon (monday) or sun (sunday), not {value}").format(
                        value=repr(text)))
            return low[:3]
        if key == "language":
            try:
                return i18n.validate(text)
            except ValueError as exc:
                raise ServiceError(str(exc)) from None
        if key in ("sync_auto", "sync_timeout"):
            return _sync_setting(key, text)
        if key == "timezone":
            if text.lower() in ("", "system", "auto"):
                return None  # follow the system (TZ) again
            try:
                return validate_timezone(text)
            except ClockError as exc:
                raise ServiceError(str(exc)) from None
        from netquest.themes import (
            theme_names,  # only here: listing theme files costs a summary time
        )

        names = theme_names()
        if text not in names:
            raise ServiceError(_("unknown theme {name} (available: {names})").format(
                name=repr(text), names=", ".join(names)))
        return text

    # --------------------------------------------------------------- the file itself
    def startup(self) -> tuple[bool, Settings, State, object]:
        """What the full-screen app needs to draw its first screen, from one read of the file:
        whether the file was ever set up, the settings, today's state, and the change token
        that state was read at (raises StoreError for a file that cannot be used)."""
        token = self.store.change_token()
        with self.reading() as s:
            return self._initialized(s), s.settings, self.quests.state_in(s), token

    def is_initialized(self) -> bool:
        with self.reading() as s:
            return self._initialized(s)

    @staticmethod
    def _initialized(s: Session) -> bool:
        return bool(s.tx.settings().get("initialized")) or bool(s.tx.quests())

    def change_token(self) -> object:
        """A cheap value that changes whenever any process replaces the file."""
        return self.store.change_token()

    def changed_since(self, token: object) -> bool:
        """Whether another process replaced the file since `token` was taken."""
        return self.store.changed_since(token)


def _speaking(session: Session) -> Session:
    """`session`, its settings read: from here on every message, a refusal raised before any
    use case looks at a setting included, is in the user's language."""
    session.settings
    return session


def _sync_setting(key: str, text: str) -> object:
    low = text.lower()
    if key == "sync_auto":
        if low in ("on", "yes", "true", "1"):
            return True
        if low in ("off", "no", "false", "0"):
            return False
        raise ServiceError(_("sync_auto must be on or off, not {text}").format(
                text=repr(text)))
    if not re.fullmatch(r"\d{1,4}", text) or not 1 <= int(text) <= 3600:
        raise ServiceError(
            _("sync_timeout must be whole seconds from 1 to 3600, not {text}").format(
                text=repr(text)))
    return int(text)
