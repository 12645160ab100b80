"""Short texts the screens share: tip titles, streak units, dates and what a check-in earned.

Only wording lives here; every number comes from the services.
"""

from __future__ import annotations

from datetime import date

from rich.text import Text

from netquest.text import inert, one_line
from netquest.words import earned_xp, period_progress, progress_text, tip_title, units

# Shared with the command line, re-exported for the screens.
__all__ = ["period_progress", "progress_text", "tip_title", "units"]
UNIT_SHORT = {"day": "d", "week": "w", "month": "mo", "period": "p"}
WANTS = (
    ("explore", "Explore: see what is out there"),
    ("partner", "A partner or co-founder"),
    ("clients", "Clients or customers"),
    ("job", "A job or a new role"),
    ("learn", "To learn from people ahead of me"),
    ("other", "Something else"),
)


def short_units(n: int, unit: str) -> str:
    return f"{n}{UNIT_SHORT.get(unit, unit[:1])}"


def plain(text: object, style: str = "") -> Text:
    """Stored text as a Rich Text: control characters made visible, markup never parsed."""
    return Text(inert(text), style=style)


def day_label(day: date, today: date) -> str:
    """'Wednesday 11 March 2026 · today', or how far back a past day is."""
    name = f"{day:%A} {day.day} {day:%B %Y}"
    ago = (today - day).days
    if ago == 0:
        return f"{name} · today"
    if ago == 1:
        return f"{name} · yesterday"
    return f"{name} · {ago} days ago"


def earned(result) -> str:
    """One toast line: '+12 XP · streak 5 days' (with bonuses when there are any)."""
    line = earned_xp(result)
    line += f" · streak {units(result.streak.current, result.streak.unit)}"
    if result.xp == 0:
        line += " · target already reached"
    return line


def people_list(text: str) -> list[str]:
    """Names typed comma-separated, blanks dropped."""
    return [name.strip() for name in text.split(",") if name.strip()]


def overdue_words(days: int | None, short: bool = False) -> str:
    """Where a keep-in-touch interval stands: '3 days overdue' ('3d late'), 'due today', 'in 5 days'."""
    if days is None:
        return ""
    if days == 0:
        return "due today"
    if short:
        return f"{days}d late" if days > 0 else f"in {-days}d"
    return f"{units(days, 'day')} overdue" if days > 0 else f"in {units(-days, 'day')}"


NOTE_PREVIEW = 60  # cells of a note quoted in a question


def checkin_question(ask: str, entry, explain: str = "") -> Text:
    """A question about one past check-in that names it: the quest, the day, the count and XP,
    the people and the note (shortened)."""
    from netquest.text import fit

    text = Text(ask + " ").append_text(plain(entry.quest_title, style="bold"))
    text.append(f" on {entry.day:%A %d %B %Y} (×{entry.count}, {entry.xp} XP)?")
    if entry.people:
        text.append("\nWith: ").append_text(plain(", ".join(entry.people)))
    if entry.note:
        text.append("\nNote: ").append_text(plain(fit(one_line(entry.note), NOTE_PREVIEW),
                                                   style="italic"))
    if explain:
        text.append("\n" + explain, style="dim")
    return text


def taken_back(result, verb: str) -> str:
    """One toast: what undo or delete took back, and the people that went with it or stayed."""
    line = f"{verb} {inert(result.quest_title)} ×{result.count} on {result.day:%a %d %b}: −{result.xp} XP"
    if result.removed:
        line += "\nRemoved with it: " + ", ".join(inert(n) for n in result.removed)
    if result.kept:
        line += "\nKept (changed or named since): " + ", ".join(inert(n) for n in result.kept)
    return line
