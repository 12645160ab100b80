"""Words for the values a user types as they are (a cadence such as '2/week', a stage id, a
goal's status or outcome): English shows them as typed, so they read the same as the options
that take them; another language says them in its own words.  The `pgettext` contexts keep
these ids apart from the same English words used elsewhere."""

from __future__ import annotations

from netquest.i18n import _, pgettext


def cadence_words(cadence) -> str:
    """A quest's cadence as shown: the syntax `--cadence` takes ('daily', '2/week') in
    English, the same rhythm in words in another language.  Cadences of named weekdays keep
    their syntax ('mon,wed,fri')."""
    kind, n = getattr(cadence, "kind", None), getattr(cadence, "n", 0)
    if kind == "daily":
        return pgettext("cadence", "daily")
    if kind == "weekdays":
        return pgettext("cadence", "weekdays")
    if kind == "per_week":
        return _("{n}/week").format(n=n)
    if kind == "per_month":
        return _("{n}/month").format(n=n)
    if kind == "every":
        return _("every {n} days").format(n=n)
    if kind == "rolling":
        return _("{n} in {days} days").format(n=n, days=cadence.days)
    return str(cadence)


def stage_word(stage: str) -> str:
    """A stage named where English shows its id ('met', 'intro_asked'): the id in English,
    the stage's name in another language."""
    return {"want": pgettext("stage id", "want"),
            "intro_asked": pgettext("stage id", "intro_asked"),
            "introduced": pgettext("stage id", "introduced"),
            "met": pgettext("stage id", "met"),
            "keeping_in_touch": pgettext("stage id", "keeping_in_touch")}.get(stage, stage)


def goal_status_word(status: str) -> str:
    """A goal's status where English shows its id ('focus', 'waiting')."""
    return {"focus": pgettext("goal status id", "focus"),
            "waiting": pgettext("goal status id", "waiting")}.get(status, status)


def kind_word(kind: str) -> str:
    """A goal's kind where English shows its id ('job', 'clients'), as `--kind` takes it."""
    return {"explore": pgettext("goal kind id", "explore"),
            "partner": pgettext("goal kind id", "partner"),
            "clients": pgettext("goal kind id", "clients"),
            "job": pgettext("goal kind id", "job"),
            "learn": pgettext("goal kind id", "learn"),
            "other": pgettext("goal kind id", "other")}.get(kind, kind)


def outcome_words(outcome: str) -> str:
    """How a goal ended, as read: 'achieved', 'dropped', 'changed'."""
    return {"achieved": _("achieved"), "dropped": _("dropped"),
            "changed": _("changed")}.get(outcome, outcome)
