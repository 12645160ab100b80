"""What a goal and its key results may hold: the checks behind `services.goals`' writes.

Each function takes what a user typed (the CLI's options, the goal editor's fields) and
returns it cleaned, or raises ServiceError naming the field.  Nothing here reads the file.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date

from netquest.i18n import N_, _
from netquest.rules import goals as rules
from netquest.services.errors import ServiceError
from netquest.services.inputs import MAX_CONTACT, MAX_KEY_RESULTS, MAX_TITLE, parse_day
from netquest.services.inputs import MAX_GOAL_TARGET as MAX_TARGET
from netquest.services.inputs import MAX_NOTE as MAX_TEXT
from netquest.store.schema.fields import CONTACT_KINDS

__all__ = ["CONTACT_KINDS", "MAX_CONTACT", "MAX_KEY_RESULTS", "MAX_TARGET", "MAX_TEXT", "MAX_TITLE",
           "check_kind", "goal_fields", "check_target",
           "key_result_fields", "check_number", "parse_contact", "check_text", "check_day"]

_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
_LINK = re.compile(r"https?://\S+", re.IGNORECASE)


def check_text(name: str, value, limit: int = MAX_TEXT, required: bool = False) -> str:
    text = "" if value is None else str(value).strip()
    if required and not text:
        raise ServiceError(_("a goal needs {name}").format(
                name=_(name)))
    if len(text) > limit:
        raise ServiceError(
            _("{name} may have at most {limit} characters, this one has {n}").format(
                name=_(name), limit=limit, n=len(text))
        )
    return text


def check_kind(kind) -> str:
    text = str(kind or "").strip().lower()
    if text not in rules.GOAL_KINDS:
        raise ServiceError(
            _("unknown goal kind {kind} (known: {names})").format(
                kind=repr(kind), names=', '.join(rules.GOAL_KINDS))
        )
    return text


def _contact_pairs(items) -> list[tuple]:
    """(way, value) pairs from a mapping or from texts like "email=a@b.org" or a bare value."""
    if isinstance(items, Mapping):
        return list(items.items())
    pairs = []
    for item in items:
        item = str(item).strip()
        key, sep, value = item.partition("=")
        if sep and key.strip().lower() in CONTACT_KINDS:
            pairs.append((key, value))
        elif _EMAIL.fullmatch(item) and "://" not in item:
            pairs.append(("email", item))
        elif _LINK.fullmatch(item):
            pairs.append(("profile", item))
        else:
            raise ServiceError(
                _("contact {item} is not an email address, a link, or "
                  "email=/profile=/booking=VALUE").format(
                    item=repr(item))
            )
    return pairs


def parse_contact(items) -> dict:
    """Contact ways from a mapping or from texts like "email=a@b.org", "https://..." or "a@b.org".

    A bare email address is the email, a bare link the profile; "booking=URL" names a booking
    link.  An empty value ("booking=") removes that way.
    """
    if items is None:
        return {}
    if isinstance(items, str):
        items = [items]
    out = {}
    for key, value in _contact_pairs(items):
        key = str(key).strip().lower()
        value = "" if value is None else str(value).strip()
        if key not in CONTACT_KINDS:
            raise ServiceError(
                _("unknown contact way {key} (known: {names})").format(
                    key=repr(key), names=', '.join(CONTACT_KINDS))
            )
        if len(value) > MAX_CONTACT:
            raise ServiceError(_("a contact may have at most {max_contact} characters").format(
                    max_contact=MAX_CONTACT))
        if value and key == "email" and not _EMAIL.fullmatch(value):
            raise ServiceError(_("{value} is not an email address").format(
                    value=repr(value)))
        if value and key != "email" and not _LINK.fullmatch(value):
            raise ServiceError(
                _("the {key} link must start with http:// or https://, not {value}").format(
                    key=key, value=repr(value))
            )
        out[key] = value
    return out


def check_number(name: str, value, low: float, integer: bool) -> int | float:
    try:
        number = float(str(value).strip())
    except (TypeError, ValueError):
        raise ServiceError(_("{name} must be a number, not {value}").format(
                name=_(name), value=repr(value))) from None
    if number != number or number in (float("inf"), float("-inf")):
        raise ServiceError(_("{name} must be a number, not {value}").format(
                name=_(name), value=repr(value)))
    if integer and not number.is_integer():
        raise ServiceError(_("{name} must be a whole number, not {value}").format(
                name=_(name), value=repr(value)))
    if not low <= number <= MAX_TARGET:
        raise ServiceError(_("{name} must be from {low:g} to {max_target}, not {number:g}").format(
                name=_(name), low=low, max_target=MAX_TARGET, number=number))
    return int(number) if number.is_integer() else number


def check_day(value, name: str) -> date | None:
    return parse_day(value, name, none_words=("none",))


def goal_fields(want, kind, why, ask, contact, target_date) -> tuple:
    """The fields of `goals.set` checked and cleaned; None stays None (left as it is)."""
    return (
        None if want is None else check_text(N_("what you want"), want, required=True),
        None if kind is None else check_kind(kind),
        None if why is None else check_text(N_("why"), why),
        None if ask is None else check_text(N_("the ask"), ask),
        parse_contact(contact),
        check_day(target_date, "--by") if target_date is not None else None,
    )


def check_target(by: date | None, today: date, start: date) -> None:
    if by is not None and by < today:
        raise ServiceError(
            _("the target date {by} is in the past (today is {today})").format(
                by=by.isoformat(), today=today.isoformat())
        )
    if by is not None and by < start:
        raise ServiceError(
            _("the target date {by} is before the goal started ({start})").format(
                by=by.isoformat(), start=start.isoformat())
        )


def key_result_fields(title, target, quests, stage, manual: bool,
                      introduced: bool = False) -> tuple[dict, list[str]]:
    """A key result's own fields checked (quests not resolved yet) and the quest refs it counts."""
    title = check_text(N_("a key result's title"), title, MAX_TITLE)
    if not title:
        raise ServiceError(_("a key result needs a title"))
    if isinstance(quests, str):
        quests = [q for q in quests.split(",")]
    quests = [q.strip() for q in quests or () if q and q.strip()]
    chosen = sum([bool(quests), stage is not None and str(stage).strip() != "", bool(manual)])
    if chosen != 1:
        raise ServiceError(
            _("a key result counts exactly one of: check-ins of quests, people at a "
              "stage, or a manual number")
        )
    target = check_number(N_("target"), target, 1, integer=not manual)
    kr = {"title": title, "target": target}
    if stage is not None and str(stage).strip():
        stage = str(stage).strip().lower()
        if stage not in rules.STAGES:
            raise ServiceError(_("unknown stage {stage} (known: {names})").format(
                    stage=repr(stage), names=', '.join(rules.STAGES)))
        kr.update(kind="stage", stage=stage)
        if introduced:
            kr["introduced"] = True
    elif introduced:
        raise ServiceError(
            _("only a key result counting people at a stage can count only people "
              "introduced to you")
        )
    elif manual:
        kr.update(kind="manual", value=0)
    return kr, quests
