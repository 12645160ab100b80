"""The weekly challenge: the tip played least of late earns double base XP for a week.

Each week (by the user's `week_start`) one of the four tips is the challenge: the tip with
the fewest check-ins over the four weeks before this one, ties going to the lower tip
number.  Only the history up to the end of last week decides, so logging past days of this
week never changes the challenge of this week.  There is none before the first full week
of history.  Check-ins are counted in units (a check-in of 3 comments counts 3), as the
summary's per-tip totals are.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Iterable, Mapping, NamedTuple

from netquest.rules.cadence import week_bounds

__all__ = [
    "CHALLENGE_MULTIPLIER",
    "CHALLENGE_TIPS",
    "LOOKBACK_WEEKS",
    "Challenge",
    "challenge_bonus",
    "challenge_tip",
    "counts_by_tip",
    "weekly_challenge",
]

CHALLENGE_MULTIPLIER = 2
CHALLENGE_TIPS = (1, 2, 3, 4)  # "know what you want" (tip 5) is steering, not a challenge
LOOKBACK_WEEKS = 4

TipCounts = Mapping[int, Mapping[date, int]]


class Challenge(NamedTuple):
    """This week's challenge: the tip, the week's first and last day, the units logged under
    the tip in that week, and what base XP is multiplied by."""

    tip: int
    week_from: date
    week_to: date
    checkins: int
    multiplier: int = CHALLENGE_MULTIPLIER


def counts_by_tip(checkins: Iterable[tuple[int, date, int]]) -> dict[int, dict[date, int]]:
    """(tip, day, count) check-ins folded into the units per tip and day the challenge reads."""
    out: dict[int, dict[date, int]] = {}
    for tip, day, count in checkins:
        days = out.setdefault(tip, {})
        days[day] = days.get(day, 0) + count
    return out


def _first_day(counts: TipCounts, before: date, history_start: date | None) -> date | None:
    """The first day of history: `history_start`, or an earlier check-in before `before`."""
    first = history_start
    for days in counts.values():
        for day, units in days.items():
            if units >= 1 and day < before and (first is None or day < first):
                first = day
    return first


def challenge_tip(
    counts: TipCounts, week_from: date, history_start: date | None = None
) -> int | None:
    """The challenge tip of the week starting on `week_from`; None before a full week of history.

    `counts` maps a tip to its units per day.  History begins at `history_start` (when the
    services know it, say the first quest's start) or at the first check-in, whichever is
    earlier; a full week of it must lie before `week_from`.
    """
    first = _first_day(counts, week_from, history_start)
    if first is None or first > week_from - timedelta(days=7):
        return None
    low = week_from - timedelta(days=7 * LOOKBACK_WEEKS)
    totals = {
        tip: sum(units for day, units in counts.get(tip, {}).items() if low <= day < week_from)
        for tip in CHALLENGE_TIPS
    }
    return min(CHALLENGE_TIPS, key=lambda tip: (totals[tip], tip))


def weekly_challenge(
    counts: TipCounts,
    day: date,
    week_start: int = 0,
    history_start: date | None = None,
) -> Challenge | None:
    """The challenge of the week holding `day` (today, or the day a past check-in is for).

    `checkins` is the units under the tip on every day of that week, so for this week it
    is what has been logged so far.  None before the first full week of history.
    """
    if not 0 <= week_start <= 6:
        raise ValueError(f"week_start is a weekday from 0 (Monday) to 6, not {week_start}")
    week_from, week_to = week_bounds(day, week_start)
    tip = challenge_tip(counts, week_from, history_start)
    if tip is None:
        return None
    done = sum(units for d, units in counts.get(tip, {}).items() if week_from <= d <= week_to)
    return Challenge(tip, week_from, week_to, done)


def challenge_bonus(base_part: int, tip: int, day: date, challenge: Challenge | None) -> int:
    """The extra XP the challenge adds to a check-in's base part (0 when it does not apply).

    A check-in under the challenge tip on a day of the challenge's week earns its base part
    `multiplier` times: the bonus is the base part times (multiplier - 1).  The streak
    bonus and the perfect-day bonus are not multiplied; `xp.checkin_xp` is unchanged.
    """
    if challenge is None or tip != challenge.tip:
        return 0
    if not challenge.week_from <= day <= challenge.week_to:
        return 0
    return base_part * (challenge.multiplier - 1)
