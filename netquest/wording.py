"""Wording shared by the command line and the screens: tip titles, numbers, units and
plurals, dates and days left, pace words and symbols, contact text, period names, and what
a check-in earned or an undo took back.

Functions take plain values (ints, strings, dates) and give plain strings: no Rich, no
Textual and no colour, so the command line can use them without slowing its start, and
goals read the same whether they arrive as dicts or as typed views.  Text that came from
the data file is passed through `inert` where a function quotes it.
"""

from __future__ import annotations

from datetime import date

from netquest.catalog import TIPS
from netquest.text import inert

# ------------------------------------------------------------------ numbers and units
UNIT_WORDS = {"day": ("day", "days"), "week": ("week", "weeks"), "month": ("month", "months"),
              "period": ("period", "periods")}
UNIT_SHORT = {"day": "d", "week": "w", "month": "mo", "period": "p"}
PERIOD_SHORT = {"week": "wk", "month": "mo", "period": "blk"}
PERIOD_THIS = {"week": "this week", "month": "this month"}  # "this block" for any other


def number(x) -> str:
    """A count or target: 2.5 as '2.5', 3.0 as '3', anything else as shown text."""
    return f"{x:g}" if isinstance(x, float) else inert(x)


def plural(n: int, one: str, many: str | None = None) -> str:
    """'1 check-in', '2 check-ins', '3 people' (with `many` given)."""
    return f"{n} {one if n == 1 else (many or one + 's')}"


def units(n: int, unit: str) -> str:
    """'1 day', '3 weeks', '2 periods'."""
    one, many = UNIT_WORDS.get(unit, (unit, unit + "s"))
    return plural(n, one, many)


def short_units(n: int, unit: str) -> str:
    """'3d', '2w', '1mo'."""
    return f"{n}{UNIT_SHORT.get(unit, unit[:1])}"


def this_period(unit: str) -> str:
    """'this week', 'this month', 'this block'."""
    return PERIOD_THIS.get(unit, "this block")


def period_title(name: str) -> str:
    """The label of a week's or a month's totals: 'This week', 'This month'."""
    return "This week" if name == "week" else "This month"


def tip_title(number: int) -> str:
    """The tip's title, or "Tip N" for a number outside the catalogue."""
    for tip in TIPS:
        if tip.number == number:
            return tip.title
    return f"Tip {number}"


def challenge_text(challenge) -> str:
    """"Weekly challenge: Virtual coffee · 2× base XP · 3 logged this week" (a rules
    `Challenge`); it fits 80 columns with the longest tip title."""
    return (f"Weekly challenge: {tip_title(challenge.tip)} · {challenge.multiplier}× base XP · "
            f"{challenge.checkins:,} logged this week")


# ------------------------------------------------------------------ progress and rewards
def target_words(target: int) -> str:
    """A quest's target on a day it is done: 'once', '3 a day'."""
    return "once" if target == 1 else f"{target} a day"


def period_progress(done_days: int, needed: int, unit: str) -> str:
    """A period quest's progress: '1/2 wk', '0/1 mo', '2/3 blk'."""
    return f"{done_days}/{needed} {PERIOD_SHORT.get(unit, '')}".rstrip()


def progress_text(qs) -> str:
    """Done toward the target: today's count for day cadences, the period's days otherwise."""
    quest, period = qs.quest, qs.streak.period
    if not quest.cadence.is_day_cadence and period is not None:
        return period_progress(period.done_days, period.needed, quest.cadence.unit)
    return f"{qs.done}/{quest.target}"


def earned_xp(result) -> str:
    """'+12 XP (+2 streak bonus, +25 perfect day, +10 weekly challenge)' for a check-in."""
    line = f"+{result.xp} XP"
    extras = []
    if result.streak_bonus:
        extras.append(f"+{result.streak_bonus} streak bonus")
    if result.perfect_bonus:
        extras.append(f"+{result.perfect_bonus} perfect day")
    if getattr(result, "challenge_bonus", 0):
        extras.append(f"+{result.challenge_bonus} weekly challenge")
    if extras:
        line += f" ({', '.join(extras)})"
    return line


def no_xp_reason(result) -> str:
    """Why a check-in earned nothing: the day's target was reached before it, or, for a
    weekly, monthly or every-N-days quest, the day already counts and a period counts days
    (the README's rule), not check-ins."""
    quest, period = result.quest, result.streak.period
    if quest.cadence.is_day_cadence or period is None:
        return "the day's target was already reached"
    if period.met:
        return f"{this_period(quest.cadence.unit)} is already done"
    so_far = period_progress(period.done_days, period.needed, quest.cadence.unit)
    return (f"this day already counts ({so_far}): a period counts days with a check-in, "
            "so the next one that counts is on another day")


def earned(result) -> str:
    """One toast line: '+12 XP · streak 5 days' (with bonuses when there are any)."""
    line = earned_xp(result)
    line += f" · streak {units(result.streak.current, result.streak.unit)}"
    if result.xp == 0:
        line += f" · {no_xp_reason(result)}"
    return line


def taken_back(result, verb: str) -> str:
    """One toast: what undo or delete took back, and the people that went with it or stayed."""
    line = (f"{verb} {inert(result.quest_title)} ×{result.count} on {result.day:%a %d %b}: "
            f"−{result.xp} XP")
    if result.removed:
        line += "\nRemoved with it: " + ", ".join(inert(n) for n in result.removed)
    if result.kept:
        line += "\nKept (changed or named since): " + ", ".join(inert(n) for n in result.kept)
    return line


# ------------------------------------------------------------------ days and dates
def short_day(day: date | str) -> str:
    """'Tue 10 Mar'."""
    day = date.fromisoformat(day) if isinstance(day, str) else day
    return f"{day:%a} {day.day} {day:%b}"


def day_label(day: date, today: date) -> str:
    """'Wednesday 11 March 2026 · today', or how far back a past day is."""
    name = f"{day:%A} {day.day} {day:%B %Y}"
    ago = (today - day).days
    if ago == 0:
        return f"{name} · today"
    if ago == 1:
        return f"{name} · yesterday"
    return f"{name} · {ago} days ago"


def days_left(days: int | None, target: date | str | None, *, screen: bool = False) -> str:
    """How long until a goal's target date.

    The command line's form quotes the date as stored: '3 days left (by 2026-06-30)',
    'due today (2026-06-30)', '2 days overdue (2026-06-30)'; the screen's (`screen=True`)
    spells it: '3 days left, by 30 Jun 2026', 'due today, 30 Jun 2026',
    '2 days past 30 Jun 2026'."""
    if days is None:
        return "no target date"
    if screen:
        by = date.fromisoformat(target) if isinstance(target, str) else target
        when = f"{by.day} {by:%b %Y}"
        if days < 0:
            return f"{plural(-days, 'day')} past {when}"
        if days == 0:
            return f"due today, {when}"
        return f"{plural(days, 'day')} left, by {when}"
    when = inert(target)
    if days == 0:
        return f"due today ({when})"
    if days < 0:
        return f"{plural(-days, 'day')} overdue ({when})"
    return f"{plural(days, 'day')} left (by {when})"


def overdue_words(days: int | None, short: bool = False) -> str:
    """Where a keep-in-touch interval stands: '3 days overdue' ('3d late'), 'due today',
    'in 5 days'."""
    if days is None:
        return ""
    if days == 0:
        return "due today"
    if short:
        return f"{days}d late" if days > 0 else f"in {-days}d"
    return f"{units(days, 'day')} overdue" if days > 0 else f"in {units(-days, 'day')}"


# ------------------------------------------------------------------ goals
PACE_SYMBOLS = {"ahead": "▲", "on": "●", "behind": "▼", "done": "✓"}
PACE_LONG = {"on": "on pace"}  # the screen's word where it says more than the value
STATUS_WORDS = {"focus": "in focus", "waiting": "waiting", "archived": "archived"}
OUTCOME_MARKS = {"achieved": "✓", "dropped": "✗", "changed": "↻"}
WANTS = (
    ("explore", "Explore: see what is out there"),
    ("partner", "A partner or co-founder"),
    ("clients", "Clients or customers"),
    ("job", "A job or a new role"),
    ("learn", "To learn from people ahead of me"),
    ("other", "Something else"),
)
KIND_WORDS = dict(WANTS)
CONTACT_KINDS = ("email", "profile", "booking")


def pace_words(pace: str, *, symbol: bool = True, long: bool = False, overdue: bool = False) -> str:
    """A key result's pace: 'ahead', '▲ ahead'; with `long`, the screen's '● on pace', and
    '▼ overdue' once its goal's date has passed."""
    if overdue:
        return "▼ overdue"
    word = PACE_LONG.get(pace, pace) if long else pace
    if long and pace not in PACE_SYMBOLS:
        return pace
    return f"{PACE_SYMBOLS.get(pace, '')} {word}" if symbol else word


def contact_text(contact: dict, *, labelled: bool = False) -> str:
    """The ways to reach someone: 'a@b.org · https://…' as shown and copied, or with each
    way's name in front ('email a@b.org · booking https://…') when `labelled`.  As stored:
    the caller makes it inert where it prints it."""
    if labelled:
        return " · ".join(f"{k} {v}" for k, v in contact.items() if v)
    return " · ".join(contact[k] for k in CONTACT_KINDS if contact.get(k))


# ------------------------------------------------------------------------------ party
def party_status(member) -> str:
    """How a member of a party stands: resting, quiet, on a roll, or nothing to say."""
    if member.resting:
        return "resting"
    if member.quiet:
        return "quiet"
    return "on a roll" if member.on_roll else ""


def party_challenge_line(progress, name_of) -> str:
    """'Party challenge "15 virtual coffees" (Virtual coffee): 10/10, done' and who rests."""
    c = progress.challenge
    line = (f'Party challenge "{inert(c.text)}" ({tip_title(c.tip)}): '
            f"{progress.done}/{progress.target}")
    if progress.target != c.target:
        line += f" (of {c.target}, resting members left out)"
    if progress.finished:
        line += " · done, a badge for every active member"
    if progress.resting:
        line += " · resting: " + ", ".join(inert(name_of(m)) for m in progress.resting)
    return line


def ignored_line(item) -> str:
    """One file of the party repository that does not count, and why."""
    who = f" ({inert(item.name)})" if item.name else ""
    return f"{inert(item.file)}{who}: {inert(item.reason)}"
