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
from netquest.i18n import N_, _, ngettext, pgettext
from netquest.text import inert

# ------------------------------------------------------------------ numbers and units
UNIT_SHORT = {"day": "d", "week": "w", "month": "mo", "period": "p"}


def number(x) -> str:
    """A count or target: 2.5 as '2.5', 3.0 as '3', anything else as shown text."""
    return f"{x:g}" if isinstance(x, float) else inert(x)


def plural(n: int, one: str, many: str | None = None) -> str:
    """'1 check-in', '2 check-ins', '3 people' (with `many` given): English words only,
    for text no catalogue carries; what a person reads goes through `ngettext`."""
    return f"{n} {one if n == 1 else (many or one + 's')}"


def units(n: int, unit: str) -> str:
    """'1 day', '3 weeks', '2 periods'."""
    if unit == "day":
        text = ngettext("{n} day", "{n} days", n)
    elif unit == "week":
        text = ngettext("{n} week", "{n} weeks", n)
    elif unit == "month":
        text = ngettext("{n} month", "{n} months", n)
    elif unit == "period":
        text = ngettext("{n} period", "{n} periods", n)
    else:
        return plural(n, unit)
    return text.format(n=n)


def short_units(n: int, unit: str) -> str:
    """'3d', '2w', '1mo'."""
    if unit == "day":
        return _("{n}d").format(n=n)
    if unit == "week":
        return _("{n}w").format(n=n)
    if unit == "month":
        return _("{n}mo").format(n=n)
    return f"{n}{UNIT_SHORT.get(unit, unit[:1])}"


def this_period(unit: str) -> str:
    """'this week', 'this month', 'this block'."""
    if unit == "week":
        return _("this week")
    if unit == "month":
        return _("this month")
    return _("this block")


def past_period(cadence, period) -> str:
    """A past period by its dates: 'the week of 2 Nov', 'November 2026', 'the block from
    2 Nov', 'the 7 days to 3 Nov'."""
    first = dated(_("{d} {mon}"), period.first)
    if cadence.kind == "per_week":
        return _("the week of {day}").format(day=first)
    if cadence.kind == "per_month":
        return dated(_("{month} {year}"), period.first)
    if cadence.kind == "rolling":
        return _("the {n} days to {day}").format(n=cadence.days,
                                                 day=dated(_("{d} {mon}"), period.last))
    return _("the block from {day}").format(day=first)


def period_title(name: str) -> str:
    """The label of a week's or a month's totals: 'This week', 'This month'."""
    return _("This week") if name == "week" else _("This month")


def tip_title(number: int) -> str:
    """The tip's title, or "Tip N" for a number outside the catalogue."""
    for tip in TIPS:
        if tip.number == number:
            return _(tip.title)
    return _("Tip {number}").format(number=number)


def challenge_text(challenge) -> str:
    """"Weekly challenge: Virtual coffee · 2× base XP · 3 logged this week" (a rules
    `Challenge`); it fits 80 columns with the longest tip title."""
    return _("Weekly challenge: {tip} · {multiplier}× base XP · {count} logged this week").format(
        tip=tip_title(challenge.tip), multiplier=challenge.multiplier,
        count=f"{challenge.checkins:,}")


# ------------------------------------------------------------------ progress and rewards
def target_words(target: int) -> str:
    """A quest's target on a day it is done: 'once', '3 a day'."""
    return _("once") if target == 1 else _("{n} a day").format(n=target)


def period_progress(done_days: int, needed: int, unit: str) -> str:
    """A period quest's progress: '1/2 wk', '0/1 mo', '2/3 blk'."""
    short = {"week": _("wk"), "month": _("mo"), "period": _("blk")}.get(unit, "")
    return f"{done_days}/{needed} {short}".rstrip()


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
        extras.append(_("+{n} streak bonus").format(n=result.streak_bonus))
    if result.perfect_bonus:
        extras.append(_("+{n} perfect day").format(n=result.perfect_bonus))
    if getattr(result, "challenge_bonus", 0):
        extras.append(_("+{n} weekly challenge").format(n=result.challenge_bonus))
    if extras:
        line += f" ({_(', ').join(extras)})"
    return line


def no_xp_reason(result) -> str:
    """Why a check-in earned nothing: the day's target was reached before it (for a weekly,
    monthly or every-N-days quest: the day already counts, and a period counts days, the
    README's rule, not check-ins)."""
    quest, period = result.quest, result.period or result.streak.period
    if quest.cadence.is_day_cadence or period is None:
        return _("the day's target was already reached")
    # A met period still pays for a new day: only a day already at its target earns nothing.
    so_far = period_progress(period.done_days, period.needed, quest.cadence.unit)
    return _("this day already counts ({so_far}): a period counts days with a check-in, "
             "so the next one that counts is on another day").format(so_far=so_far)


def earned(result) -> str:
    """One toast line: '+12 XP · streak 5 days' (with bonuses when there are any)."""
    line = earned_xp(result)
    line += _(" · streak {streak}").format(streak=units(result.streak.current,
                                                          result.streak.unit))
    if result.xp == 0:
        line += f" · {no_xp_reason(result)}"
    return line


def taken_back(result, verb: str) -> str:
    """One toast: what undo or delete took back, and the people that went with it or stayed.
    `verb` is already in the reader's language ("Undone", "Deleted")."""
    line = _("{verb} {title} ×{count} on {day}: −{xp} XP").format(
        verb=verb, title=inert(titled(result.quest_id, result.quest_title)), count=result.count,
        day=dated(_("{wd} {dd} {mon}"), result.day), xp=result.xp)
    if result.removed:
        line += "\n" + _("Removed with it: {names}").format(
            names=_(", ").join(inert(n) for n in result.removed))
    if result.kept:
        line += "\n" + _("Kept (changed or named since): {names}").format(
            names=_(", ").join(inert(n) for n in result.kept))
    return line


# ------------------------------------------------------------------ days and dates
# The catalogue carries the names of days and months, so a date follows the language
# without a locale module or a date library on the command line's path.
def _weekday(i: int) -> str:
    return (_("Monday"), _("Tuesday"), _("Wednesday"), _("Thursday"), _("Friday"),
            _("Saturday"), _("Sunday"))[i]


def _weekday_short(i: int) -> str:
    return (_("Mon"), _("Tue"), _("Wed"), _("Thu"), _("Fri"), _("Sat"), _("Sun"))[i]


def _month(i: int) -> str:
    return (_("January"), _("February"), _("March"), _("April"), _("May"), _("June"),
            _("July"), _("August"), _("September"), _("October"), _("November"),
            _("December"))[i - 1]


def _month_short(i: int) -> str:
    return (_("Jan"), _("Feb"), _("Mar"), _("Apr"), _("May"), _("Jun"), _("Jul"), _("Aug"),
            _("Sep"), _("Oct"), _("Nov"), _("Dec"))[i - 1]


def dated(template: str, day: date) -> str:
    """`template` (already translated) filled with `day`'s parts: {weekday} 'Monday', {wd}
    'Mon', {d} '3', {dd} '03', {month} 'March', {mon} 'Mar', {m} '3', {year} '2026'."""
    return template.format(weekday=_weekday(day.weekday()), wd=_weekday_short(day.weekday()),
                           d=day.day, dd=f"{day.day:02d}", month=_month(day.month),
                           mon=_month_short(day.month), m=day.month, year=day.year)


def weekday_name(i: int, short: bool = False) -> str:
    """'Monday' (0) … 'Sunday' (6), or 'Mon' … 'Sun'."""
    return _weekday_short(i) if short else _weekday(i)


def _month_narrow(i: int) -> str:
    c = "month, as narrow as it goes"
    return (pgettext(c, "Jan"), pgettext(c, "Feb"), pgettext(c, "Mar"), pgettext(c, "Apr"),
            pgettext(c, "May"), pgettext(c, "Jun"), pgettext(c, "Jul"), pgettext(c, "Aug"),
            pgettext(c, "Sep"), pgettext(c, "Oct"), pgettext(c, "Nov"), pgettext(c, "Dec"))[i - 1]


def month_name(month: int, short: bool = False, narrow: bool = False) -> str:
    """'March' (3), or 'Mar'; `narrow`: for a column too narrow for the short name in a
    language where it is wide ('10月' takes four cells, '10' two); in English 'Mar' still."""
    if narrow:
        return _month_narrow(month)
    return _month_short(month) if short else _month(month)


def short_day(day: date | str) -> str:
    """'Tue 10 Mar'."""
    day = date.fromisoformat(day) if isinstance(day, str) else day
    return dated(_("{wd} {d} {mon}"), day)


def long_day(day: date) -> str:
    """'Monday 02 March 2026' (the summary's heading)."""
    return dated(_("{weekday} {dd} {month} {year}"), day)


def day_label(day: date, today: date) -> str:
    """'Wednesday 11 March 2026 · today', or how far back a past day is."""
    name = dated(_("{weekday} {d} {month} {year}"), day)
    ago = (today - day).days
    if ago == 0:
        return _("{day} · today").format(day=name)
    if ago == 1:
        return _("{day} · yesterday").format(day=name)
    return ngettext("{day} · {n} day ago", "{day} · {n} days ago", ago).format(day=name, n=ago)


def days_left(days: int | None, target: date | str | None, *, screen: bool = False) -> str:
    """How long until a goal's target date.

    The command line's form quotes the date as stored: '3 days left (by 2026-06-30)',
    'due today (2026-06-30)', '2 days overdue (2026-06-30)'; the screen's (`screen=True`)
    spells it: '3 days left, by 30 Jun 2026', 'due today, 30 Jun 2026',
    '2 days past 30 Jun 2026'."""
    if days is None:
        return _("no target date")
    if screen:
        by = date.fromisoformat(target) if isinstance(target, str) else target
        when = dated(_("{d} {mon} {year}"), by)
        if days < 0:
            return ngettext("{n} day past {date}", "{n} days past {date}", -days).format(
                n=-days, date=when)
        if days == 0:
            return _("due today, {date}").format(date=when)
        return ngettext("{n} day left, by {date}", "{n} days left, by {date}", days).format(
            n=days, date=when)
    when = inert(target)
    if days == 0:
        return _("due today ({date})").format(date=when)
    if days < 0:
        return ngettext("{n} day overdue ({date})", "{n} days overdue ({date})", -days).format(
            n=-days, date=when)
    return ngettext("{n} day left (by {date})", "{n} days left (by {date})", days).format(
        n=days, date=when)


def overdue_words(days: int | None, short: bool = False) -> str:
    """Where a keep-in-touch interval stands: '3 days overdue' ('3d late'), 'due today',
    'in 5 days'."""
    if days is None:
        return ""
    if days == 0:
        return _("due today")
    if short:
        return (_("{n}d late") if days > 0 else _("in {n}d")).format(n=abs(days))
    if days > 0:
        return ngettext("{n} day overdue", "{n} days overdue", days).format(n=days)
    return ngettext("in {n} day", "in {n} days", -days).format(n=-days)


# ------------------------------------------------------------------ goals
PACE_SYMBOLS = {"ahead": "▲", "on": "●", "behind": "▼", "done": "✓"}
OUTCOME_MARKS = {"achieved": "✓", "dropped": "✗", "changed": "↻"}
# What a player wants from networking: the key is stored, the text is shown (translated
# where it is shown, through `want_text`).
WANTS = (
    ("explore", N_("Explore: see what is out there")),
    ("partner", N_("A partner or co-founder")),
    ("clients", N_("Clients or customers")),
    ("job", N_("A job or a new role")),
    ("learn", N_("To learn from people ahead of me")),
    ("other", N_("Something else")),
)
KIND_WORDS = dict(WANTS)
CONTACT_KINDS = ("email", "profile", "booking")


def want_text(kind: str) -> str:
    """What a goal's kind means, in the reader's language ('A job or a new role')."""
    return _(KIND_WORDS[kind]) if kind in KIND_WORDS else kind


def status_words(status: str) -> str:
    """A goal's status as read: 'in focus', 'waiting', 'archived'."""
    return {"focus": _("in focus"), "waiting": _("waiting"),
            "archived": _("archived")}.get(status, status)


def pace_word(pace: str, long: bool = False) -> str:
    """'ahead', 'on', 'behind', 'done' ('on pace' when `long`) in the reader's language."""
    if pace == "on":
        return _("on pace") if long else _("on")
    return {"ahead": _("ahead"), "behind": _("behind"), "done": _("done")}.get(pace, pace)


def pace_words(pace: str, *, symbol: bool = True, long: bool = False, overdue: bool = False) -> str:
    """A key result's pace: 'ahead', '▲ ahead'; with `long`, the screen's '● on pace', and
    '▼ overdue' once its goal's date has passed."""
    if overdue:
        return _("▼ overdue")
    if long and pace not in PACE_SYMBOLS:
        return pace
    word = pace_word(pace, long)
    return f"{PACE_SYMBOLS.get(pace, '')} {word}" if symbol else word


def contact_text(contact: dict, *, labelled: bool = False) -> str:
    """The ways to reach someone: 'a@b.org · https://…' as shown and copied, or with each
    way's name in front ('email a@b.org · booking https://…') when `labelled`.  As stored:
    the caller makes it inert where it prints it."""
    if labelled:
        return " · ".join(f"{k} {v}" for k, v in contact.items() if v)
    return " · ".join(contact[k] for k in CONTACT_KINDS if contact.get(k))


# ------------------------------------------------------------------ the catalogue, shown
_STARTER_TITLES: dict[str, str] = {}


def quest_title(quest) -> str:
    """A quest's title as shown: a starter quest (or a demo copy, "coffee-2") still under
    its catalogue title follows the language; a title the user gave or changed stays as is."""
    return titled(quest.id, quest.title)


def titled(qid: str, title: str) -> str:
    """`quest_title` from a quest's id and stored title."""
    if not _STARTER_TITLES:
        _STARTER_TITLES.update((q.id, q.title) for t in TIPS for q in t.quests)
    base, _dash, n = qid.rpartition("-")
    english = _STARTER_TITLES.get(qid) or (_STARTER_TITLES.get(base) if n.isdigit() else None)
    return _(title) if english == title else title


def tip_advice(tip) -> str:
    """A catalogue tip's advice in the reader's language."""
    return _(tip.advice)


def achievement_title(a) -> str:
    return _(a.title)


def achievement_description(a) -> str:
    from netquest.rules.achievements import MASTERY_TIP

    tip = MASTERY_TIP.get(a.id)
    if tip is not None:
        return _("Log {n} check-ins under {tip}.").format(n=f"{a.goal:,}", tip=tip_title(tip))
    return _(a.description)


def achievement_progress(a, progress: int) -> str:
    """Where a badge's progress stands against its goal: '212 of 365 days', 'level 38 of 50'."""
    n, goal = f"{progress:,}", f"{a.goal:,}"
    if a.unit == "level":
        return _("level {n} of {goal}").format(n=n, goal=goal)
    counts = {
        "check-ins": ngettext("{n} of {goal} check-in", "{n} of {goal} check-ins", a.goal),
        "days": ngettext("{n} of {goal} day", "{n} of {goal} days", a.goal),
        "tips": ngettext("{n} of {goal} tip", "{n} of {goal} tips", a.goal),
        "asks": ngettext("{n} of {goal} ask", "{n} of {goal} asks", a.goal),
        "coffees": ngettext("{n} of {goal} coffee", "{n} of {goal} coffees", a.goal),
        "sessions": ngettext("{n} of {goal} session", "{n} of {goal} sessions", a.goal),
        "comments": ngettext("{n} of {goal} comment", "{n} of {goal} comments", a.goal),
        "people": ngettext("{n} of {goal} person", "{n} of {goal} people", a.goal),
        "goals": ngettext("{n} of {goal} goal", "{n} of {goal} goals", a.goal),
        "weeks": ngettext("{n} of {goal} week", "{n} of {goal} weeks", a.goal),
        "months": ngettext("{n} of {goal} month", "{n} of {goal} months", a.goal),
        "introductions": ngettext("{n} of {goal} introduction", "{n} of {goal} introductions",
                                  a.goal),
    }
    if a.unit in counts:
        return counts[a.unit].format(n=n, goal=goal)
    return f"{n} of {goal} {a.unit}".rstrip()


# ------------------------------------------------------------------------------ party
def party_status(member) -> str:
    """How a member of a party stands: resting, quiet, on a roll, or nothing to say."""
    if member.resting:
        return _("resting")
    if member.quiet:
        return _("quiet")
    return _("on a roll") if member.on_roll else ""


def party_challenge_line(progress, name_of) -> str:
    """'Party challenge "15 virtual coffees" (Virtual coffee): 10/10, done' and who rests."""
    c = progress.challenge
    line = _('Party challenge "{text}" ({tip}): {done}/{target}').format(
        text=inert(c.text), tip=tip_title(c.tip), done=progress.done, target=progress.target)
    if progress.target != c.target:
        line += _(" (of {n}, resting members left out)").format(n=c.target)
    if progress.finished:
        line += _(" · done, a badge for every active member")
    if progress.resting:
        line += _(" · resting: {names}").format(
            names=", ".join(inert(name_of(m)) for m in progress.resting))
    return line


def ignored_line(item) -> str:
    """One file of the party repository that does not count, and why."""
    who = f" ({inert(item.name)})" if item.name else ""
    return f"{inert(item.file)}{who}: {inert(item.reason)}"
