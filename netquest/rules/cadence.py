"""How often a quest is due: parse, print and place days into a quest's periods."""

from __future__ import annotations

import re
from datetime import date, timedelta

from netquest.structs import Struct

__all__ = [
    "Cadence",
    "CadenceError",
    "DAY_NAMES",
    "closed_day",
    "KINDS",
    "is_due_day",
    "parse_cadence",
    "period_of",
    "period_quota",
    "week_bounds",
]

DAY_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_FULL_NAMES = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_DAY_INDEX = {name: i for i, name in enumerate(DAY_NAMES)} | {
    name: i for i, name in enumerate(_FULL_NAMES)
}
_WORKWEEK = (0, 1, 2, 3, 4)
_ALL_DAYS = (0, 1, 2, 3, 4, 5, 6)

KINDS = ("daily", "weekdays", "days", "per_week", "every", "per_month", "rolling")
_DAY_KINDS = frozenset({"daily", "weekdays", "days"})

SYNTAX = (
    "daily, weekdays, mon,wed,fri, N/week (1-7), every N days (2-365), N/month (1-31) "
    "or N in M days (M 2-365, N 1-M)"
)

_PER_RE = re.compile(r"^(\d+)\s*/\s*(week|month)$", re.ASCII)
_EVERY_RE = re.compile(r"^every\s+(?:(\d+)\s+)?days?$", re.ASCII)
_ROLLING_RE = re.compile(r"^(\d+)\s+in\s+(\d+)\s+days?$", re.ASCII)


class CadenceError(ValueError):
    """A cadence text or value that NetQuest cannot use."""


class Cadence(Struct, frozen=True):
    """A quest's rhythm.

    Values are normalised on creation so that one rhythm has exactly one spelling:
    every chosen weekday becomes ``daily``, Monday to Friday becomes ``weekdays`` and
    ``every 1 days`` and ``N in N days`` become ``daily``.  That keeps ``str()`` and
    `parse_cadence` inverse.

    ``rolling`` is Loop Habit Tracker's own rhythm, ``N in M days``: at least `n` done
    days in any `days` consecutive days (a window that slides, not a block).
    """

    kind: str
    n: int = 1
    weekdays: tuple[int, ...] = ()
    days: int = 0  # the window of a rolling cadence; 0 for every other kind

    def __post_init__(self) -> None:
        kind, n, weekdays, days = self.kind, self.n, tuple(self.weekdays), self.days
        if kind not in KINDS:
            raise CadenceError(f"unknown cadence kind {kind!r} (use one of {', '.join(KINDS)})")
        if isinstance(n, bool) or not isinstance(n, int):
            raise CadenceError(f"cadence count must be a whole number, not {n!r}")
        if kind == "days":
            if not weekdays or any(
                isinstance(d, bool) or not isinstance(d, int) or not 0 <= d <= 6 for d in weekdays
            ):
                raise CadenceError(
                    f"chosen weekdays must be numbers 0 (Mon) to 6 (Sun), not {weekdays!r}"
                )
            weekdays = tuple(sorted(set(weekdays)))
            if weekdays == _ALL_DAYS:
                kind, weekdays = "daily", ()
            elif weekdays == _WORKWEEK:
                kind, weekdays = "weekdays", ()
            n = 1
        elif kind in ("daily", "weekdays"):
            n, weekdays = 1, ()
        elif kind == "rolling":
            weekdays = ()
            if isinstance(days, bool) or not isinstance(days, int) or not 2 <= days <= 365:
                raise CadenceError(f"an N in M days cadence needs M from 2 to 365, not {days!r}")
            if not 1 <= n <= days:
                raise CadenceError(f"an N in M days cadence needs N from 1 to M ({days}), not {n}")
            if n == days:
                kind, n = "daily", 1
        else:
            weekdays = ()
            low, high = {"per_week": (1, 7), "per_month": (1, 31), "every": (1, 365)}[kind]
            if not low <= n <= high:
                raise CadenceError(f"{kind} cadence needs a count from {low} to {high}, not {n}")
            if kind == "every" and n == 1:
                kind = "daily"
        object.__setattr__(self, "kind", kind)
        object.__setattr__(self, "n", n)
        object.__setattr__(self, "weekdays", weekdays)
        object.__setattr__(self, "days", days if kind == "rolling" else 0)

    def __str__(self) -> str:
        if self.kind == "days":
            return ",".join(DAY_NAMES[d] for d in self.weekdays)
        if self.kind == "per_week":
            return f"{self.n}/week"
        if self.kind == "per_month":
            return f"{self.n}/month"
        if self.kind == "every":
            return f"every {self.n} days"
        if self.kind == "rolling":
            return f"{self.n} in {self.days} days"
        return self.kind

    @property
    def unit(self) -> str:
        """The length of one streak step: day, week, month or period (an N- or M-day span)."""
        if self.kind in _DAY_KINDS:
            return "day"
        return {"per_week": "week", "per_month": "month", "every": "period", "rolling": "period"}[
            self.kind
        ]

    @property
    def frequency(self) -> tuple[int, int]:
        """Times per days as (numerator, denominator), the shape Loop's score expects."""
        if self.kind == "daily":
            return (1, 1)
        if self.kind == "weekdays":
            return (5, 7)
        if self.kind == "days":
            return (len(self.weekdays), 7)
        if self.kind == "per_week":
            return (self.n, 7)
        if self.kind == "every":
            return (1, self.n)
        if self.kind == "rolling":
            return (self.n, self.days)
        return (self.n, 30)

    @property
    def is_day_cadence(self) -> bool:
        """True when every period is one day (daily, weekdays, chosen weekdays)."""
        return self.kind in _DAY_KINDS

    @property
    def due_weekdays(self) -> tuple[int, ...]:
        """The weekdays a day cadence is due on (all seven for the other kinds)."""
        if self.kind == "weekdays":
            return _WORKWEEK
        if self.kind == "days":
            return self.weekdays
        return _ALL_DAYS


def _bad(text: str) -> CadenceError:
    return CadenceError(f"cannot read cadence {text!r}: use {SYNTAX}")


def parse_cadence(text: str) -> Cadence:
    """Read a cadence as people type it: case and spaces do not matter."""
    if not isinstance(text, str):
        raise CadenceError(f"cadence must be text, not {text!r}: use {SYNTAX}")
    norm = " ".join(text.strip().lower().split())
    if norm in ("daily", "every day"):
        return Cadence("daily")
    if norm == "weekdays":
        return Cadence("weekdays")
    match = _PER_RE.match(norm)
    if match:
        count = int(match.group(1))
        kind = "per_week" if match.group(2) == "week" else "per_month"
        try:
            return Cadence(kind, count)
        except CadenceError:
            raise _bad(text) from None
    match = _ROLLING_RE.match(norm)
    if match:
        try:
            return Cadence("rolling", int(match.group(1)), days=int(match.group(2)))
        except CadenceError:
            raise _bad(text) from None
    match = _EVERY_RE.match(norm)
    if match:
        count = int(match.group(1) or 1)
        if count < 1 or count > 365:
            raise _bad(text)
        return Cadence("every", count)
    names = [part.strip() for part in norm.split(",")]
    if names and all(name in _DAY_INDEX for name in names):
        return Cadence("days", weekdays=tuple(_DAY_INDEX[name] for name in names))
    raise _bad(text)


def is_due_day(c: Cadence, day: date, start: date) -> bool:
    """Whether `day` is a day the quest may be done on for its streak."""
    if day < start:
        return False
    if c.kind == "weekdays":
        return day.weekday() < 5
    if c.kind == "days":
        return day.weekday() in c.weekdays
    # Daily, and the period kinds, where any day of the period may count.
    return True


def days_in_month(year: int, month: int) -> int:
    """How many days `month` of `year` has (`calendar.monthrange(...)[1]`, without loading
    the calendar module and the locale machinery it brings on every command's start)."""
    if month == 12:
        return 31
    return (date(year, month + 1, 1) - date(year, month, 1)).days


def week_bounds(day: date, week_start: int = 0) -> tuple[date, date]:
    """First and last day of the week holding `day`, weeks starting on `week_start` (0 = Monday)."""
    first = day - timedelta(days=(day.weekday() - week_start) % 7)
    return first, first + timedelta(days=6)


def period_of(c: Cadence, day: date, start: date, week_start: int = 0) -> tuple[date, date]:
    """First and last day of the quest period that holds `day`.

    For a rolling cadence that is the window of M days ending on `day`: the window that
    decides whether the rhythm is kept on that day (it may reach back before `start`).
    """
    if c.kind == "rolling":
        return day - timedelta(days=c.days - 1), day
    if c.kind == "per_week":
        return week_bounds(day, week_start)
    if c.kind == "per_month":
        return day.replace(day=1), day.replace(day=days_in_month(day.year, day.month))
    if c.kind == "every":
        # Floor division keeps blocks aligned on the start day on both sides of it.
        block = (day - start).days // c.n
        first = start + timedelta(days=block * c.n)
        return first, first + timedelta(days=c.n - 1)
    return day, day


def period_quota(c: Cadence) -> int:
    """How many done days one period asks for."""
    if c.kind in ("per_week", "per_month", "rolling"):
        return c.n
    return 1


def closed_day(c: Cadence, day: date, start: date, week_start: int = 0) -> date:
    """The last day of the quest's last period closed before the one holding `day`: the
    end of the last week for N/week, of the last block for every N days, of the last month
    otherwise (a day cadence's periods close every day; a month keeps the mark still)."""
    if c.kind == "per_week":
        return week_bounds(day, week_start)[0] - timedelta(days=1)
    if c.kind == "every":
        return period_of(c, day, start, week_start)[0] - timedelta(days=1)
    return day.replace(day=1) - timedelta(days=1)
