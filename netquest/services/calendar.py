"""The quests as an iCalendar file, for the calendar the user already keeps.

One recurring event per active quest, its RRULE made from its cadence, with the tip and
its advice in the description; a quest with its own reminder time is a timed event in the
user's time zone, the others all-day events.  UIDs are made from ids only, so importing the
file again updates the events rather than doubling them.  The focused goal's target date is
an event too.  Written with the `icalendar` library (imported only here: no other command
pays for it).  iCalendar text holds no control characters, so stored text passes the output
gate (`netquest.text`) as everywhere else.
"""

from __future__ import annotations

import calendar as month_days
from datetime import date, datetime, timedelta, timezone

from netquest import __version__, catalog
from netquest.i18n import _, ngettext
from netquest.idwords import cadence_words
from netquest.rules.cadence import DAY_NAMES
from netquest.services.errors import ServiceError
from netquest.text import inert, inert_multiline

UID_DOMAIN = "netquest"
BYDAY = {name: name[:2].upper() for name in DAY_NAMES}
REMINDER_MINUTES = 30


def quest_uid(quest_id: str) -> str:
    return f"quest-{quest_id}@{UID_DOMAIN}"


def goal_uid(goal_id: str) -> str:
    return f"goal-{goal_id}@{UID_DOMAIN}"


def rule_of(cadence, start: date) -> tuple[dict, date, str]:
    """The RRULE of a cadence, the first day it applies to, and what the description adds.

    `N in M days` has no exact rule: it becomes the nearest daily rule (every round(M/N)
    days) or, past a week, weekly rule, and the description names the true cadence."""
    kind, n = cadence.kind, cadence.n
    if kind == "daily":
        return {"FREQ": "DAILY"}, start, ""
    if kind == "weekdays":
        return {"FREQ": "WEEKLY", "BYDAY": ["MO", "TU", "WE", "TH", "FR"]}, start, ""
    if kind == "days":
        days = [BYDAY[DAY_NAMES[d]] for d in cadence.weekdays]
        return {"FREQ": "WEEKLY", "BYDAY": days}, start, ""
    if kind == "per_week":
        return {"FREQ": "WEEKLY"}, start, f"Target: {n} day{'s' if n != 1 else ''} a week, any days"
    if kind == "per_month":
        note = f"Target: {n} day{'s' if n != 1 else ''} a month, any days"
        if start.day <= 28:
            return {"FREQ": "MONTHLY"}, start, note
        last = date(start.year, start.month, month_days.monthrange(start.year, start.month)[1])
        return {"FREQ": "MONTHLY", "BYMONTHDAY": [-1]}, last, note
    if kind == "every":
        return {"FREQ": "DAILY", "INTERVAL": n}, start, ""
    every = max(1, round(cadence.days / n))
    true = ngettext("True cadence: {cadence} (at least {n} check-in in any {days} days in a "
                    "row); the calendar shows the nearest regular rhythm.",
                    "True cadence: {cadence} (at least {n} check-ins in any {days} days in a "
                    "row); the calendar shows the nearest regular rhythm.",
                    n).format(cadence=cadence_words(cadence), n=n, days=cadence.days)
    freq, interval = ("DAILY", every) if every < 7 else ("WEEKLY", round(every / 7))
    return ({"FREQ": freq, "INTERVAL": interval} if interval > 1 else {"FREQ": freq}), start, true


def description_of(quest, cadence_note: str) -> str:
    from netquest.wording import tip_advice, tip_title

    tip = next((t for t in catalog.TIPS if t.number == quest.tip), None)
    cadence = cadence_words(quest.cadence)
    lines = [_("Cadence: {cadence}, target {target}").format(cadence=cadence, target=quest.target)
             if quest.target > 1 else _("Cadence: {cadence}").format(cadence=cadence)]
    if cadence_note:
        lines.append(cadence_note)
    if quest.note:
        lines.append(inert_multiline(quest.note))
    if tip is not None:
        lines += ["", _("Tip {number}: {title}").format(number=tip.number,
                                                       title=tip_title(tip.number)),
                  tip_advice(tip)]
    lines += ["", _("Check in: netquest checkin {id}").format(id=quest.id)]
    return "\n".join(lines)


def quest_event(quest, zone, stamp: datetime):
    """The recurring event of one quest."""
    from icalendar import Event, vRecur

    rule, first, note = rule_of(quest.cadence, quest.start)
    event = Event()
    event.add("uid", quest_uid(quest.id))
    event.add("dtstamp", stamp)
    from netquest.wording import quest_title

    event.add("summary", inert(quest_title(quest)))
    event.add("description", description_of(quest, note))
    event.add("categories", [f"NetQuest tip {quest.tip}"])
    if quest.reminder:
        hour, minute = (int(part) for part in quest.reminder["time"].split(":"))
        begins = datetime(first.year, first.month, first.day, hour, minute, tzinfo=zone)
        event.add("dtstart", begins)
        event.add("dtend", begins + timedelta(minutes=REMINDER_MINUTES))
    else:
        event.add("dtstart", first)
        event.add("dtend", first + timedelta(days=1))
    event.add("rrule", vRecur(rule))
    return event


def goal_event(goal, stamp: datetime):
    """The focused goal's target date (a `GoalView`), or None when it has none."""
    from icalendar import Event

    if goal.target_date is None:
        return None
    day = goal.target_date
    event = Event()
    event.add("uid", goal_uid(goal.id))
    event.add("dtstamp", stamp)
    event.add("summary", _("Goal: {want}").format(want=inert(goal.want)))
    details = [label.format(text=inert_multiline(text)) for label, text in (
        (_("The ask: {text}"), goal.ask), (_("Why: {text}"), goal.why)) if text]
    details.append(_("Target date of the goal in focus (netquest goal)."))
    event.add("description", "\n".join(details))
    event.add("dtstart", day)
    event.add("dtend", day + timedelta(days=1))
    return event


def quests_calendar(root) -> bytes:
    """The iCalendar file of `root`'s active quests and focused goal."""
    from icalendar import Calendar

    clock = root.clock()
    zone = clock.zone
    stamp = clock.now().astimezone(timezone.utc).replace(microsecond=0)
    cal = Calendar()
    cal.add("prodid", f"-//NetQuest//netquest {__version__}//EN")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", "NetQuest")
    cal.add("x-wr-timezone", clock.timezone)
    for quest in root.quests.list():
        cal.add_component(quest_event(quest, zone, stamp))
    goal = root.goals.focused()
    event = goal_event(goal, stamp) if goal else None
    if event is not None:
        cal.add_component(event)
    cal.add_missing_timezones()
    return cal.to_ical()


def write_calendar(root, path: str, data: bytes) -> None:
    """Write the calendar to `path`: atomically, and private when new; never over a folder or
    the data file (ServiceError, nothing written)."""
    import os

    if os.path.isdir(path):
        problem = _("is a folder; name a file for the calendar")
    elif root.store.is_data_file(path):
        problem = _("is the data file itself; name another file")
    elif (backup := _backup_at(root, path)) is not None:
        # A backup overwritten by the calendar is one a restore can no longer use.
        problem = _("is a backup of {path} ({name}); name another file").format(
            path=root.store.path, name=backup.name)
    elif _is_status_cache(root, path):
        problem = _("is the status cache beside the data file; name another file")
    else:
        root.data.write_file(path, data)
        return
    raise ServiceError(_("{path} {problem} (nothing was written)").format(
            path=path, problem=problem))


def _backup_at(root, path: str):
    """The data file's backup `path` reaches under any name, or None."""
    import os

    if not os.path.exists(path):
        return None
    for backup in root.store.backups():
        try:
            if os.path.samefile(path, backup):
                return backup
        except OSError:
            continue
    return None


def _is_status_cache(root, path: str) -> bool:
    """True when `path` names the status cache kept beside the data file."""
    import os

    from netquest.statuscache import cache_path

    if root.store.path is None:
        return False
    mine = cache_path(os.path.realpath(root.store.path))
    return os.path.realpath(path) in (mine, os.path.realpath(cache_path(root.store.path)))
