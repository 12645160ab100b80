"""A goal's records: the goal, its key results and its weekly reviews."""

from __future__ import annotations

from datetime import date
from typing import ClassVar

from netquest.i18n import _
from netquest.rules.goals import GOAL_KINDS, KR_KINDS, OUTCOMES
from netquest.rules.people import STAGE_IDS

from ..ids import KEY_RESULT_ID
from .fields import (
    CONTACT_KINDS,
    GOAL_STATUSES,
    MAX_CONTACT,
    MAX_GOAL_TARGET,
    MAX_KEY_RESULTS,
    MAX_LIST,
    MAX_TEXT,
    MAX_TITLE,
    MISSING,
    Record,
    SchemaError,
    _Bad,
    _get,
    _get_each,
    check_bool,
    check_choice,
    check_day,
    check_id,
    check_list,
    check_number,
    check_text,
    goal_id,
    merge_id,
    opt_day,
    optional,
    quest_id,
    shown,
)


class KeyResult(Record, frozen=True):
    """A measurable step of a goal: check-ins of quests, people at a stage, or a number kept by
    hand."""

    table: ClassVar[str] = "goals"
    required = ("id", "title", "kind", "target")
    id: str
    title: str
    kind: str
    target: int | float
    quests: tuple[str, ...] = MISSING
    stage: str = MISSING
    value: int | float = MISSING
    introduced: bool = MISSING
    mid: str = MISSING

    @classmethod
    def _read(cls, doc: dict) -> "KeyResult":
        kind = check_choice(doc["kind"], "kind", KR_KINDS)
        return cls(
            id=check_id(doc["id"], "id", KEY_RESULT_ID, "a key result id such as k1"),
            title=check_text(doc["title"], "title", MAX_TITLE, blank=False),
            kind=kind,
            target=check_number(
                doc["target"], "target", 1, MAX_GOAL_TARGET, whole=kind != "manual"
            ),
            quests=_get_each(doc, "quests", MAX_LIST, quest_id),
            stage=_get(doc, "stage", check_choice, STAGE_IDS),
            value=_get(doc, "value", optional(check_number), 0, MAX_GOAL_TARGET, False),
            introduced=_get(doc, "introduced", check_bool),
            mid=_get(doc, "mid", merge_id),
        )


class Review(Record, frozen=True):
    """A weekly review of a goal."""

    table: ClassVar[str] = "goals"
    required = ("week", "day")
    week: date
    day: date
    moved: str = MISSING
    stalled: str = MISSING
    next_ask: str = MISSING
    mid: str = MISSING

    @classmethod
    def _read(cls, doc: dict) -> "Review":
        return cls(
            check_day(doc["week"], "week"),
            check_day(doc["day"], "day"),
            _get(doc, "moved", check_text, MAX_TEXT),
            _get(doc, "stalled", check_text, MAX_TEXT),
            _get(doc, "next_ask", check_text, MAX_TEXT),
            _get(doc, "mid", merge_id),
        )


def record_parts(kind: type[Record], items: list, field: str) -> tuple:
    """Records nested in a goal; a bad one is named by the goal's field and its own."""
    out = []
    for i, item in enumerate(items):
        try:
            out.append(kind.from_doc(item))
        except SchemaError as exc:
            problem = (_("field {field} {problem}").format(field=repr(exc.field),
                                                           problem=exc.problem)
                       if exc.field else exc.problem)
            raise _Bad(f"{field}[{i}]", problem) from None
    return tuple(out)


class Goal(Record, frozen=True):
    """What the user wants from networking, with key results and weekly reviews."""

    table: ClassVar[str] = "goals"
    required = ("id",)
    id: str
    want: str = MISSING
    kind: str = MISSING
    why: str = MISSING
    ask: str = MISSING
    contact: dict = MISSING
    start: date = MISSING
    target_date: date | None = MISSING
    status: str = MISSING
    outcome: str | None = MISSING
    reflection: str = MISSING
    closed: date | None = MISSING
    key_results: tuple[KeyResult, ...] = MISSING
    reviews: tuple[Review, ...] = MISSING
    skipped_reviews: tuple[date, ...] = MISSING
    served: tuple[str, ...] = MISSING
    mid: str = MISSING

    @classmethod
    def _read(cls, doc: dict) -> "Goal":
        contact = MISSING
        if "contact" in doc:
            contact = doc["contact"]
            if type(contact) is not dict:
                raise _Bad("contact", _("must be an object of {kinds}, not {value}").format(
                    kinds=", ".join(CONTACT_KINDS), value=shown(contact)))
            for way, value in contact.items():
                check_choice(way, "contact", CONTACT_KINDS)
                check_text(value, "contact", MAX_CONTACT)
            contact = dict(contact)
        krs = reviews = skipped = served = MISSING
        if "key_results" in doc:
            krs = record_parts(
                KeyResult,
                check_list(doc["key_results"], "key_results", MAX_KEY_RESULTS),
                "key_results",
            )
        if "reviews" in doc:
            reviews = record_parts(
                Review, check_list(doc["reviews"], "reviews", MAX_LIST), "reviews"
            )
        if "skipped_reviews" in doc:
            skipped = tuple(
                check_day(w, "skipped_reviews")
                for w in check_list(doc["skipped_reviews"], "skipped_reviews", MAX_LIST)
            )
        if "served" in doc:
            served = tuple(
                quest_id(q, "served") for q in check_list(doc["served"], "served", MAX_LIST)
            )
        return cls(
            id=goal_id(doc["id"]),
            want=_get(doc, "want", check_text, MAX_TEXT),
            kind=_get(doc, "kind", check_choice, GOAL_KINDS),
            why=_get(doc, "why", check_text, MAX_TEXT),
            ask=_get(doc, "ask", check_text, MAX_TEXT),
            contact=contact,
            start=_get(doc, "start", check_day),
            target_date=_get(doc, "target_date", opt_day),
            status=_get(doc, "status", check_choice, GOAL_STATUSES),
            outcome=_get(doc, "outcome", optional(check_choice), OUTCOMES),
            reflection=_get(doc, "reflection", check_text, MAX_TEXT),
            closed=_get(doc, "closed", opt_day),
            key_results=krs,
            reviews=reviews,
            skipped_reviews=skipped,
            served=served,
            mid=_get(doc, "mid", merge_id),
        )
