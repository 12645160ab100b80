"""Loop Habit Tracker's habits as NetQuest reads them: the values, their checks, and how Loop's
frequencies, reminders and weekdays map to NetQuest's cadences.

Everything read from a Loop file is treated as hostile: every value is checked for its
type and range, and the first thing wrong is one line (`LoopError`).
"""

from __future__ import annotations

import re
from datetime import date

from netquest.i18n import _
from netquest.rules.cadence import Cadence
from netquest.services.errors import ServiceError
from netquest.structs import Struct, field

OLDEST_SCHEMA = 12  # the oldest backup this module reads
NEWEST_SCHEMA = 26  # the newest schema known when this was written; newer ones are read if they fit
MS_PER_DAY = 86_400_000
MAX_HABITS = 5_000
MAX_ENTRIES = 2_000_000
MAX_FILE = 256 * 1024 * 1024  # a backup or one CSV file
MAX_ZIP_TOTAL = 256 * 1024 * 1024
MAX_ZIP_MEMBERS = 20_000
MAX_AMOUNT = 10**12  # a numeric entry's stored value (amount x 1000)
MAX_UNIT = 40
STEP_BUDGET = (
    20_000  # progress-handler calls (of 10,000 SQLite steps each) before a query is stopped
)

YES_MANUAL, YES_AUTO, NO, SKIP, UNKNOWN = 2, 1, 0, 3, -1
# Loop's bit order for reminder days (bit 0 Sunday) in NetQuest's week order.
_LOOP_BIT = {"sun": 0, "mon": 1, "tue": 2, "wed": 3, "thu": 4, "fri": 5, "sat": 6}
_WEEK = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
CSV_YES = {"2", "YES_MANUAL", "YES"}
CSV_SKIP = {"3", "SKIP"}
DAY_TEXT = re.compile(r"\d{4}-\d{2}-\d{2}")
EPOCH = date(1970, 1, 1)


class LoopError(ServiceError):
    """A Loop file that cannot be read as one: the message is one line, nothing was written."""


class LoopEntry(Struct, frozen=True):
    """One day of one habit: a check (`amount` for numeric habits), a skip, with its notes."""

    day: date
    skip: bool
    amount: float = 1.0
    notes: str = ""


class LoopHabit(Struct):
    """One habit as Loop stores it, checked and normalised."""

    key: str  # "loop:<uuid>" when Loop gave one, else "loop:#<id>" or "loop:<name>"
    name: str
    num: int
    den: int
    numeric: bool = False
    target: float = 0.0
    unit: str = ""
    question: str = ""
    description: str = ""
    archived: bool = False
    reminder: dict | None = None
    position: int = 0
    entries: list[LoopEntry] = field(default_factory=list)
    lost_notes: int = (
        0  # notes on days with no check and no skip: a note needs a check-in to live on
    )


# ----------------------------------------------------------------------------- mapping
def cadence_for(num: int, den: int) -> Cadence:
    """The NetQuest cadence of Loop's frequency `num` times in `den` days.

    Exactly where one exists (1/1 daily, N/7 N/week, N/30 or N/31 N/month, 1/N every
    N days), else the rolling ``N in M days`` Loop itself means.
    """
    if num >= den:
        return Cadence("daily")
    if den == 7:
        return Cadence("per_week", num)
    if den in (30, 31):
        return Cadence("per_month", num)
    if num == 1:
        return Cadence("every", den)
    return Cadence("rolling", num, days=den)


def frequency_for(cadence: Cadence) -> tuple[int, int]:
    """Loop's frequency for a cadence (chosen weekdays keep only how many days a week)."""
    if cadence.kind == "per_month":
        return (cadence.n, 30)
    return cadence.frequency


def reminder_of(hour, minute, days) -> dict | None:
    """A quest reminder from Loop's reminder columns, or None when Loop has none."""
    if hour is None or minute is None:
        return None
    checked_int(hour, "reminder_hour", 0, 23)
    checked_int(minute, "reminder_min", 0, 59)
    packed = 127 if days is None else checked_int(days, "reminder_days", 0, 127)
    names = [d for d in _WEEK if packed & (1 << _LOOP_BIT[d])] or list(_WEEK)
    return {"time": f"{hour:02d}:{minute:02d}", "days": names}


def checked_int(value, what: str, low: int, high: int) -> int:
    if type(value) is not int or not low <= value <= high:
        raise LoopError(
            _("{what} must be a whole number from {low} to {high}, not {shown}").format(
                what=what, low=low, high=high, shown=shown(value)))
    return value


def checked_text(value, what: str, limit: int) -> str:
    if value is None:
        return ""
    if type(value) is not str:
        raise LoopError(_("{what} must be text, not {shown}").format(
                what=what, shown=shown(value)))
    if len(value) > limit:
        raise LoopError(_("{what} is {n} characters long (at most {limit})").format(
                what=what, n=len(value), limit=limit))
    return value


def shown(value) -> str:
    if type(value) is str:
        return repr(value if len(value) <= 30 else value[:30] + "…")
    if type(value) is int and value.bit_length() > 64:
        return "a huge number"
    if type(value) is bytes:
        return "binary data"
    return repr(value)


def checked_habit(h: LoopHabit, where: str) -> LoopHabit:
    if not h.name.strip():
        raise LoopError(_("{where} has no name").format(
                where=where))
    if not 1 <= h.den <= 365 or not 1 <= h.num <= 365:
        raise LoopError(
            _("{where} ({name}) has frequency {num}/{den}; NetQuest reads 1 to 365 days").format(
                where=where, name=repr(h.name), num=h.num, den=h.den)
        )
    return h
