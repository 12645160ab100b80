"""Errors the services raise for requests they refuse; each message is one line."""

from __future__ import annotations

from netquest.i18n import N_
from netquest.store.errors import (  # noqa: F401
    CorruptFile,
    NewerSchema,
    NotNetQuestFile,
    StoreError,
    StoreUnavailable,
)

# The data file's own errors, for callers that reach the file only through the services.
from netquest.store.storage import FileRefused  # noqa: F401


class ServiceError(Exception):
    """A request that was refused: bad input or an unknown name.  Nothing was written."""

    exit_code = 2


class Unknown(ServiceError):
    """No quest, person or goal, or more than one, matches what the user typed.

    `candidates` are lines naming what the user may have meant (id and title or name)."""

    def __init__(self, message: str, candidates: list[str]) -> None:
        super().__init__(message)
        self.candidates = candidates


class NothingToUndo(ServiceError):
    """Undo was asked for but there is no check-in."""

    exit_code = 1


class NothingToRedo(ServiceError):
    """Redo was asked for but nothing can come back (nothing undone, or written since)."""

    exit_code = 1


class UnknownCheckin(ServiceError):
    """No check-in has the id the user typed."""


class ChangedMeanwhile(ServiceError):
    """The data changed between what the caller saw and the request (another process wrote)."""

    exit_code = 1


class DamagedEffects(ServiceError):
    """A check-in's recorded effects cannot be read, so its inverse is unknown."""

    exit_code = 1


# The cadences `netquest.rules.cadence.parse_cadence` reads (its SYNTAX), for the catalogue:
# the syntax stays as typed, the words around it are translated.
CADENCE_SYNTAX = N_("daily, weekdays, mon,wed,fri, N/week (1-7), every N days (2-365), "
                    "N/month (1-31) or N in M days (M 2-365, N 1-M)")


def cadence_problem(text: object, exc: Exception) -> str:
    """A cadence `parse_cadence` could not read (its CadenceError), in the user's language."""
    from netquest.i18n import _
    from netquest.rules.cadence import SYNTAX

    if str(exc) == f"cannot read cadence {text!r}: use {SYNTAX}":
        return _("cannot read cadence {text}: use {syntax}").format(
            text=repr(text), syntax=_(CADENCE_SYNTAX))
    return str(exc)
