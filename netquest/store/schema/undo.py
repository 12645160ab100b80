"""What undo and redo need to know: the effects a check-in had on people, and the latest undo."""

from __future__ import annotations

from typing import Any, Callable, ClassVar

from netquest.i18n import _
from netquest.rules.people import STAGE_IDS

from .fields import (
    MAX_LIST,
    MAX_SEQ,
    MISSING,
    Record,
    SchemaError,
    _Bad,
    _get,
    check_choice,
    check_day,
    check_int,
    check_list,
    check_text,
    person_id,
    quest_id,
    shown,
)
from .goals import record_parts
from .log import entry_problem
from .records import Achievement, Person


# ------------------------------------------------------------------- what undo needs to know
def _pair(value: Any, field: str, check: Callable[..., Any]) -> tuple:
    if type(value) is not list or len(value) != 2:
        raise _Bad(field, _("must be [before, after], not {value}").format(value=shown(value)))
    return tuple(None if v is None else check(v, field) for v in value)


def _stage(value: Any, field: str) -> str:
    return check_choice(value, field, STAGE_IDS)


class PersonEffect(Record, frozen=True):
    """What one check-in changed in one person: stage, stage-since day and last contact as
    [before, after]."""

    table: ClassVar[str] = "effects"
    required = ("i",)
    i: str
    m: str = MISSING  # the stage the quest moved people to
    s: tuple = MISSING
    d: tuple = MISSING
    l: tuple = MISSING  # noqa: E741  (the stored key)
    c: str = MISSING  # fingerprint of a person the check-in created

    @classmethod
    def _read(cls, doc: dict) -> "PersonEffect":
        c = _get(doc, "c", check_text, 12)
        if c is not MISSING and (len(c) != 12 or not c.isalnum()):
            raise _Bad("c", _("must be a 12-character fingerprint, not {value}").format(
                value=shown(c)))
        return cls(
            i=person_id(doc["i"], "i"),
            m=_get(doc, "m", _stage),
            s=_get(doc, "s", _pair, _stage),
            d=_get(doc, "d", _pair, check_day),
            l=_get(doc, "l", _pair, check_day),
            c=c,
        )


class Effects(Record, frozen=True):
    """The people effects of one check-in (its seq is the id), so undo can apply the inverse."""

    table: ClassVar[str] = "effects"
    required = ("id", "p")
    id: int
    p: tuple[PersonEffect, ...]

    @classmethod
    def _read(cls, doc: dict) -> "Effects":
        items = check_list(doc["p"], "p", MAX_LIST)
        if not items:
            raise _Bad("p", _("must name at least one person"))
        return cls(check_int(doc["id"], "id", 1, MAX_SEQ), record_parts(PersonEffect, items, "p"))


class Redo(Record, frozen=True):
    """The latest undo or delete, kept so `redo` can bring it back while nothing else was
    written."""

    table: ClassVar[str] = "redo"
    required = ("id", "rev", "k", "c")
    id: str
    rev: int
    k: str
    c: dict
    e: tuple[Effects, ...] = MISSING
    p: tuple = MISSING
    a: tuple[Achievement, ...] = (
        MISSING  # the badges as they were before, when the undo changed them
    )

    @classmethod
    def _read(cls, doc: dict) -> "Redo":
        if doc["id"] != "last":
            raise _Bad("id", _("must be 'last', not {value}").format(value=shown(doc["id"])))
        c = doc["c"]
        if type(c) is not dict:
            raise _Bad("c", _("must be a check-in object, not {value}").format(value=shown(c)))
        fields_ = ("seq", "day", "count", "xp", "bonus", "at")
        if any(f not in c for f in (*fields_, "quest")) or set(c) - {
            *fields_,
            "quest",
            "note",
            "people",
            "mid",
        }:
            raise _Bad("c", _("must have the fields of a check-in"))
        quest_id(c["quest"], "c")
        mid = [c["mid"]] if c.get("mid") != "" and "mid" in c else []
        problem = entry_problem(
            [c[f] for f in fields_] + [c.get("note", ""), c.get("people", [])] + mid
        )
        if problem:
            raise _Bad("c", _("holds a bad check-in ({problem})").format(problem=problem[1]))
        people = []
        for item in check_list(doc.get("p", []), "p", MAX_LIST):
            if type(item) is not list or len(item) != 2:
                raise _Bad("p", _("must hold [person id, person or null] pairs, not "
                                  "{value}").format(value=shown(item)))
            pid = person_id(item[0], "p")
            person = None
            if item[1] is not None:
                try:
                    person = Person.from_doc(item[1])
                except SchemaError as exc:
                    raise _Bad("p", _("holds a bad person ({problem})").format(
                        problem=exc)) from None
            people.append((pid, person))
        return cls(
            id="last",
            rev=check_int(doc["rev"], "rev", 0, MAX_SEQ),
            k=check_choice(doc["k"], "k", ("undo", "delete")),
            c=c,
            e=record_parts(Effects, check_list(doc["e"], "e", MAX_LIST), "e")
            if "e" in doc
            else MISSING,
            p=tuple(people) if "p" in doc else MISSING,
            a=record_parts(Achievement, check_list(doc["a"], "a", MAX_LIST), "a")
            if "a" in doc
            else MISSING,
        )

    def to_doc(self) -> dict:
        doc: dict[str, Any] = {"id": self.id, "rev": self.rev, "k": self.k, "c": self.c}
        if self.e is not MISSING:
            doc["e"] = [e.to_doc() for e in self.e]
        if self.p is not MISSING:
            doc["p"] = [[pid, person.to_doc() if person else None] for pid, person in self.p]
        if self.a is not MISSING:
            doc["a"] = [a.to_doc() for a in self.a]
        return doc
