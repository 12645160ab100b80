"""The one source of "now": time zone, day-start hour and week start for every caller.

Nothing else in NetQuest asks the system for the time.  The command line, the services
and the screens get a `Clock` and ask it for the current instant and the habit day.

* `NETQUEST_NOW` (an ISO 8601 local date-time such as ``2026-03-08T23:30:00``) fixes now.
  It is read as wall-clock time in the clock's time zone.
* The time zone is the user's setting when there is one, else ``TZ``, else the system's.
  Over SSH the server's zone is not the user's, so the setting wins.
* The habit day is the local calendar date, or the day before while the local hour is
  below the day-start hour.  It is computed from the wall clock, never by subtracting
  hours, which would be wrong on both DST days.

Every command starts here, so the clock uses only the standard library's `datetime` and
`zoneinfo` (pendulum's import costs more than a summary's whole state of play).  It reads
wall times the way pendulum does: an ambiguous time is the later instant (``fold=1``), a
time that does not exist is moved forward by the gap.
"""

from __future__ import annotations

import os
import sys
from datetime import date, datetime, timedelta, timezone, tzinfo
from pathlib import Path
from typing import Callable
from zoneinfo import ZoneInfo

from netquest.i18n import _
from netquest.rules.cadence import week_bounds  # noqa: F401  (the one week formula, for the clock's users)
from netquest.structs import Struct, field

WEEK_STARTS = {"mon": 0, "sun": 6}
UTC = timezone.utc
NOW_ENV = "NETQUEST_NOW"


class ClockError(ValueError):
    """A clock setting or NETQUEST_NOW that cannot be used."""


def zone(name: str) -> tzinfo:
    """The tzinfo of a tz database name; any case of "utc" is UTC, as pendulum reads it."""
    if name.lower() == "utc":
        return UTC
    return ZoneInfo(name)


def validate_timezone(name: str) -> str:
    """Return `name` when it is a zone of the tz database, else raise ClockError."""
    try:
        zone(name)
    except Exception:
        raise ClockError(_("unknown time zone {name} (use a tz database name such as "
                           "Europe/Berlin)").format(name=repr(name))) from None
    return name


def system_timezone() -> str:
    """The zone from TZ or the system, as a tz database name (UTC when unknown)."""
    tz = os.environ.get("TZ", "").lstrip(":")
    if tz:
        try:
            return validate_timezone(tz)
        except ClockError:
            return _pendulum_local_zone()  # a TZ that names a file: pendulum reads those
    global _system_zone
    if _system_zone is None:
        _system_zone = _configured_zone() or _pendulum_local_zone()
    return _system_zone


_system_zone: str | None = None  # the system's zone does not change while we run


def _known(name: str) -> bool:
    try:
        ZoneInfo(name)
    except Exception:
        return False
    return True


def _configured_zone(root: Path = Path("/")) -> str | None:
    """The system's zone from /etc/timezone or the /etc/localtime link, or None to ask pendulum.

    The same files in the same order as pendulum's local zone (for Linux): the name in
    /etc/timezone wins; a distribution's clock file, a copied /etc/localtime or another
    system leave it to pendulum, imported only then.
    """
    if not sys.platform.startswith("linux"):
        return None
    path = root / "etc" / "timezone"
    if path.is_file():
        data = path.read_bytes()
        if not data.startswith(b"TZif2"):
            try:
                name = data.strip().decode()
            except UnicodeDecodeError:
                return "UTC"
            name = name.partition(" ")[0].partition("#")[0].replace(" ", "_")
            return name if _known(name) else "UTC"
    if any((root / name).is_file() for name in ("etc/sysconfig/clock", "etc/conf.d/clock")):
        return None
    path = root / "etc" / "localtime"
    if path.is_file() and path.is_symlink():
        parts = [p.replace(" ", "_") for p in path.resolve().parts]
        # The shortest tail of the link's target that names a zone: .../zoneinfo/Europe/Berlin.
        for i in range(len(parts) - 1, -1, -1):
            name = os.path.sep.join(parts[i:])
            if _known(name):
                return name
    return None


def _pendulum_local_zone() -> str:
    try:
        import pendulum

        return pendulum.local_timezone().name
    except Exception:
        return "UTC"


# Day math (tomorrow, the week around today, a year of history) must stay inside the
# years `datetime` can hold, so a fixed "now" keeps a year of room at both ends.
FIRST_YEAR, LAST_YEAR = 2, 9998  # as netquest.store.ids: the years a stored day may fall in


def wall_time(naive: datetime, tz: tzinfo) -> datetime:
    """A naive local time as an instant in `tz`: the later one when the clocks went back,
    moved forward by the gap when they went forward past it."""
    before = naive.replace(tzinfo=tz, fold=0).utcoffset()
    after = naive.replace(tzinfo=tz, fold=1).utcoffset()
    if after is not None and before is not None and after > before:
        return (naive + (after - before)).replace(tzinfo=tz, fold=0)
    return naive.replace(tzinfo=tz, fold=1)


def parse_fixed_now(text: str, tz: str) -> datetime:
    """Read NETQUEST_NOW as wall-clock time in `tz` (an explicit offset is honoured)."""
    try:
        parsed = datetime.fromisoformat(text.strip())
        if parsed.tzinfo is not None:
            now = parsed.astimezone(zone(tz))
        else:
            now = wall_time(parsed, zone(tz))
    except OverflowError:
        now = None
    except ValueError:
        raise ClockError(_("{variable}={value} is not an ISO date-time such as "
                           "2026-03-08T23:30:00").format(variable=NOW_ENV,
                                                         value=repr(text))) from None
    if now is None or not FIRST_YEAR <= now.year <= LAST_YEAR:
        raise ClockError(_("{variable}={value} is out of range: the year must be from {first} "
                           "to {last}").format(variable=NOW_ENV, value=repr(text),
                                               first=FIRST_YEAR, last=LAST_YEAR))
    return now


class Clock(Struct):
    """Now, the habit day and week boundaries for one user."""

    timezone: str = field(default_factory=system_timezone)
    day_start_hour: int = 0
    week_start: str = "mon"
    fixed_now: str | None = None
    source: Callable[[], datetime] | None = None

    def __post_init__(self) -> None:
        validate_timezone(self.timezone)
        if not (isinstance(self.day_start_hour, int) and 0 <= self.day_start_hour <= 23):
            raise ClockError(_("day_start_hour must be a whole hour from 0 to 23, not "
                               "{value}").format(value=repr(self.day_start_hour)))
        if self.week_start not in WEEK_STARTS:
            raise ClockError(_("week_start must be 'mon' or 'sun', not {value}").format(
                value=repr(self.week_start)))
        if self.fixed_now is not None:
            parse_fixed_now(self.fixed_now, self.timezone)

    @classmethod
    def from_env(cls, timezone: str | None = None, day_start_hour: int = 0,
                 week_start: str = "mon") -> "Clock":
        """A clock for this process: the user's settings, NETQUEST_NOW if set."""
        return cls(
            timezone=timezone or system_timezone(),
            day_start_hour=day_start_hour,
            week_start=week_start,
            fixed_now=os.environ.get(NOW_ENV) or None,
        )

    def with_settings(self, timezone: str | None, day_start_hour: int, week_start: str) -> "Clock":
        """The same source of now under a user's settings."""
        return Clock(
            timezone=timezone or self.timezone,
            day_start_hour=day_start_hour,
            week_start=week_start,
            fixed_now=self.fixed_now,
            source=self.source,
        )

    @property
    def zone(self) -> tzinfo:
        return zone(self.timezone)

    def now(self) -> datetime:
        """The current instant in the clock's time zone (an aware `datetime`)."""
        if self.source is not None:
            moment = self.source()
            return moment.astimezone(self.zone) if moment.tzinfo else wall_time(moment, self.zone)
        if self.fixed_now is not None:
            return parse_fixed_now(self.fixed_now, self.timezone)
        return datetime.now(self.zone)

    def now_utc_iso(self) -> str:
        """The current instant as a UTC ISO string, as stored in the data file."""
        now = self.now().astimezone(UTC)
        # Not strftime: its %Y drops the leading zeros of a year before 1000.
        return (f"{now.year:04d}-{now.month:02d}-{now.day:02d}"
                f"T{now.hour:02d}:{now.minute:02d}:{now.second:02d}Z")

    def habit_day(self, moment: datetime) -> date:
        """The habit day a local moment belongs to under the day-start hour."""
        local = moment.astimezone(self.zone) if moment.tzinfo else moment
        day = date(local.year, local.month, local.day)
        if local.hour < self.day_start_hour:
            day -= timedelta(days=1)
        return day

    def today(self) -> date:
        """The current habit day."""
        return self.habit_day(self.now())

    @property
    def week_start_index(self) -> int:
        """0 when weeks start on Monday, 6 when on Sunday (date.weekday() numbering)."""
        return WEEK_STARTS[self.week_start]
