"""A quest's fields as the user types them, checked: title, tip, cadence, target, XP, the
stage a check-in moves people to, and a new quest's id."""

from __future__ import annotations

from datetime import date

from netquest.i18n import _
from netquest.rules.cadence import CadenceError, parse_cadence
from netquest.rules.people import slug
from netquest.services.errors import ServiceError, cadence_problem
from netquest.services.inputs import MAX_TARGET, MAX_TITLE, MAX_XP, check_length, int_in, parse_day
from netquest.services.people_model import clean_stage


def new_quest_id(title: str, taken: set[str]) -> str:
    """A quest id for `title` (a slug of it) that no quest in `taken` has."""
    base = slug(title) or "quest"
    qid, n = base, 2
    while qid in taken:
        qid, n = f"{base}-{n}", n + 1
    return qid


def moves_to_of(value) -> str | None:
    """A quest's stage move as given: a stage id or title, or None / "none" / "" for no move."""
    if value is None or str(value).strip().lower() in ("", "none", "no", "-"):
        return None
    return clean_stage(value)


def vacation_day(label: str, value) -> date:
    day = parse_day(value, label)
    if day is None:
        raise ServiceError(_("{label} {value} is not a date in the form YYYY-MM-DD").format(
                label=label, value=repr(value)))
    return day


def quest_fields(title, tip, cadence, target, xp) -> tuple:
    """A quest's fields checked and parsed; ServiceError naming the first bad one."""
    title = (title or "").strip()
    if not title:
        raise ServiceError(_("a quest needs a title"))
    check_length("a title", title, MAX_TITLE)
    try:
        tip = int(tip)
    except (TypeError, ValueError):
        raise ServiceError(_("tip must be a number from 1 to 5, not {tip}").format(
                tip=repr(tip))) from None
    if not 1 <= tip <= 5:
        raise ServiceError(_("tip must be a number from 1 to 5, not {tip}").format(
                tip=tip))
    try:
        cad = parse_cadence(str(cadence))
    except CadenceError as exc:
        raise ServiceError(cadence_problem(str(cadence), exc)) from None
    target = int_in("target", target, 1, MAX_TARGET)
    xp = int_in("xp", xp, 0, MAX_XP)
    return title, tip, cad, target, xp
