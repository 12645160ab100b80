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
