"""Whether the data file the app shows can still be used, and the one line that says why not.

The app follows other processes by polling the store's change token.  When the file breaks
(corrupt, cut short) or vanishes while the app is open, the screens keep what they last
showed, a banner names the file, the problem and the newest backup, and nothing is written
until the file reads again: a write to a deleted file would start a new, empty history.
"""

from __future__ import annotations

from netquest.i18n import N_, _
from netquest.services import ServiceError
from netquest.services.errors import StoreError, StoreUnavailable

# What a screen's services call may raise without it being a bug: a refused request, or a
# data file that cannot be used right now.
DATA_ERRORS = (ServiceError, StoreError)

GONE = N_(
    "was deleted or moved while NetQuest was open; nothing is saved until it is back: put it back"
)


class FileWatch:
    """What the app knows of its data file: whether a good read ever found it, and its problem now."""

    def __init__(self, store) -> None:
        self.store = store
        self.seen = False  # a good read found the file: from then on, no file means it was lost
        self.problem: StoreError | None = None
        self.problem_token: object = None  # the change token the problem was found at

    def saw(self, token: object) -> None:
        """A read of the file at `token` went well."""
        if token is not None:
            self.seen = True

    def missing(self) -> StoreError | None:
        """The problem when the file this run has read is gone; None while it is there."""
        if not self.seen or self.store.path is None or self.store.exists():
            return None
        try:
            backups = self.store.backups()
        except (OSError, StoreError):
            backups = []
        return StoreUnavailable(
            self.store.path, _(GONE), backups[0] if backups else None, restorable=True
        )

    def guard(self) -> None:
        """Raise the file's problem, if it has one, instead of letting a write go ahead.

        Called by every screen's write just before the services call, so a file deleted
        after the last poll is caught too (except in the instant between the two)."""
        problem = self.problem or self.missing()
        if problem is not None:
            raise problem


def guard_reads(app) -> None:
    """Raise when the file this run has read is gone: an empty read would show an empty game."""
    files = getattr(app, "files", None)
    lost = files.missing() if files is not None else None
    if lost is not None:
        raise lost


def guard_writes(app) -> None:
    """`FileWatch.guard` of the app the screen runs in (screens are also tested alone)."""
    files = getattr(app, "files", None)
    if files is not None:
        files.guard()
