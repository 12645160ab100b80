"""Wording shared by the command line and the screens: tip titles, streak units, and
what a check-in earned.  Plain strings only (no Rich, no Textual), so the command line
can use it without slowing its start."""

from __future__ import annotations

from netquest.catalog import TIPS

UNIT_WORDS = {"day": ("day", "days"), "week": ("week", "weeks"), "month": ("month", "months"),
              "period": ("period", "periods")}


def tip_title(number: int) -> str:
    """The tip's title, or "Tip N" for a number outside the catalogue."""
    for tip in TIPS:
        if tip.number == number:
            return tip.title
    return f"Tip {number}"


def units(n: int, unit: str) -> str:
    """'1 day', '3 weeks', '2 periods'."""
    one, many = UNIT_WORDS.get(unit, (unit, unit + "s"))
    return f"{n} {one if n == 1 else many}"


def earned_xp(result) -> str:
    """'+12 XP (+2 streak bonus, +25 perfect day)' for a check-in result."""
    line = f"+{result.xp} XP"
    extras = []
    if result.streak_bonus:
        extras.append(f"+{result.streak_bonus} streak bonus")
    if result.perfect_bonus:
        extras.append(f"+{result.perfect_bonus} perfect day")
    if extras:
        line += f" ({', '.join(extras)})"
    return line


PERIOD_SHORT = {"week": "wk", "month": "mo", "period": "blk"}


def period_progress(done_days: int, needed: int, unit: str) -> str:
    """A period quest's progress: '1/2 wk', '0/1 mo', '2/3 blk'."""
    return f"{done_days}/{needed} {PERIOD_SHORT.get(unit, '')}".rstrip()


def progress_text(qs) -> str:
    """Done toward the target: today's count for day cadences, the period's days otherwise."""
    quest, period = qs.quest, qs.streak.period
    if not quest.cadence.is_day_cadence and period is not None:
        return period_progress(period.done_days, period.needed, quest.cadence.unit)
    return f"{qs.done}/{quest.target}"
