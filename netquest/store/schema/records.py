"""The records of the small tables: meta, settings, quests, skips, people, badges."""

from __future__ import annotations

import json
from datetime import date
from typing import Any, ClassVar

from netquest.i18n import _
from netquest.rules.cadence import CadenceError, parse_cadence
from netquest.rules.people import STAGE_IDS

from ..migrations import APP
from .fields import (
    ACHIEVEMENT_IDS,
    COUNTER_NAME,
    LANGUAGE_TAG,
    MAX_INTERVAL,
    MAX_LIST,
    MAX_ORIGIN,
    MAX_PEOPLE_UNDO,
    MAX_QUEST_TARGET,
    MAX_QUEST_XP,
    MAX_SEQ,
    MAX_TAG,
    MAX_TAGS,
    MAX_TEXT,
    MAX_TITLE,
    MAX_UNIT,
    MAX_WHERE,
    MISSING,
    THEME_NAME,
    TIMEZONE_NAME,
    WEEK_STARTS,
    Record,
    SchemaError,
    _Bad,
    _get,
    _get_each,
    _label,
    check_bool,
    check_choice,
    check_day,
    check_id,
    check_int,
    check_list,
    check_reminder,
    check_text,
    goal_id,
    merge_id,
    not_an_object,
    opt_day,
    optional,
    person_id,
    quest_id,
    shown,
)


class Meta(Record, frozen=True):
    """The file's own record: which app wrote it, its schema version and the check-in counter."""

    table: ClassVar[str] = "meta"
    required = ("app", "schema", "seq")
    app: str
    schema: int
    seq: int
    counters: tuple[tuple[str, int], ...] = ()  # more counters added by later versions

    @classmethod
    def from_doc(cls, doc: Any, key: str | None = None):
        if type(doc) is not dict:
            raise SchemaError(cls.table, _label(None, key), None, not_an_object(doc))
        try:
            for name in cls.required:
                if name not in doc:
                    raise _Bad(name, _("is missing"))
            return cls._read(doc)
        except _Bad as bad:
            raise SchemaError(cls.table, _label(None, key), bad.field, bad.problem) from None

    @classmethod
    def _read(cls, doc: dict) -> "Meta":
        if doc["app"] != APP:
            raise _Bad("app", _("must be {app}, not {value}").format(app=repr(APP),
                                                                  value=shown(doc["app"])))
        counters = []
        for name, value in doc.items():
            if name in ("app", "schema", "seq"):
                continue
            if not COUNTER_NAME.fullmatch(name):
                raise _Bad(None, _("has an unknown field {name}").format(name=shown(name)))
            counters.append((name, check_int(value, name, 0, MAX_SEQ)))
        return cls(
            APP,
            check_int(doc["schema"], "schema", 1, 10**6),
            check_int(doc["seq"], "seq", 0, MAX_SEQ),
            tuple(counters),
        )

    def to_doc(self) -> dict:
        return {"app": self.app, "schema": self.schema, "seq": self.seq, **dict(self.counters)}


class UndoMemo(Record, frozen=True):
    """Settings' `people_undo`: people as they were before a recent check-in changed them."""

    table: ClassVar[str] = "settings"
    required = ("seq", "before")
    seq: int
    before: tuple[tuple[str, "Person | None"], ...]

    @classmethod
    def _read(cls, doc: dict) -> "UndoMemo":
        before = []
        for item in check_list(doc["before"], "before", MAX_LIST):
            if type(item) is not dict or set(item) != {"id", "doc"}:
                raise _Bad("before", _("must hold objects with an id and a doc, not "
                                       "{value}").format(value=shown(item)))
            pid = person_id(item["id"], "before")
            person = None
            if item["doc"] is not None:
                try:
                    person = Person.from_doc(item["doc"])
                except SchemaError as exc:
                    raise _Bad("before", _("holds a bad person ({problem})").format(
                        problem=exc)) from None
                if person.id != pid:
                    raise _Bad("before", _("holds person {person} under id {id}").format(
                        person=repr(person.id), id=repr(pid)))
            before.append((pid, person))
        return cls(check_int(doc["seq"], "seq", 1, MAX_SEQ), tuple(before))

    def to_doc(self) -> dict:
        return {
            "seq": self.seq,
            "before": [{"id": pid, "doc": p.to_doc() if p else None} for pid, p in self.before],
        }


class Settings(Record, frozen=True):
    """The one settings record: what `netquest settings` sets, whether `init` ran, the people undo
    memo.

    Keys this version does not know are kept and ignored when loading (`extra`); import
    refuses them and doctor names them.
    """

    table: ClassVar[str] = "settings"
    day_start_hour: int = MISSING
    week_start: str = MISSING
    timezone: str | None = MISSING
    theme: str = MISSING
    language: str | None = MISSING
    initialized: bool = MISSING
    people_undo: tuple[UndoMemo, ...] = MISSING
    sync_auto: bool = MISSING
    sync_timeout: int = MISSING
    extra: tuple[str, ...] = ()

    @classmethod
    def from_doc(cls, doc: Any, key: str | None = None, strict: bool = False):
        """With `strict`, a key this version does not know is an error (import)."""
        if type(doc) is not dict:
            raise SchemaError(cls.table, _label(None, key), None, not_an_object(doc))
        try:
            rec = cls._read(doc)
        except _Bad as bad:
            raise SchemaError(cls.table, _label(None, key), bad.field, bad.problem) from None
        if strict and rec.extra:
            raise SchemaError(
                cls.table, _label(None, key), None,
                _("has an unknown setting {name}").format(name=shown(rec.extra[0])),
            )
        return rec

    @classmethod
    def _read(cls, doc: dict) -> "Settings":
        memos = MISSING
        if "people_undo" in doc:
            memos = []
            for item in check_list(doc["people_undo"], "people_undo", MAX_PEOPLE_UNDO):
                try:
                    memos.append(UndoMemo.from_doc(item))
                except SchemaError as exc:
                    raise _Bad(
                        "people_undo",
                        (_("holds a bad entry ({field} {problem})").format(
                            field=exc.field, problem=exc.problem) if exc.field
                         else _("holds a bad entry ({problem})").format(problem=exc.problem)),
                    ) from None
            memos = tuple(memos)
        known = {"day_start_hour", "week_start", "timezone", "theme", "language", "initialized",
                 "people_undo", "sync_auto", "sync_timeout"}
        for name in doc:
            if name not in known:
                # Kept as they are and written back: they must be text that can be written.
                try:
                    json.dumps([name, doc[name]], ensure_ascii=False, allow_nan=False).encode(
                        "utf-8"
                    )
                except (TypeError, ValueError):
                    raise _Bad(
                        None,
                        _("has a setting {name} that cannot be written back (text that is not "
                          "Unicode, or NaN)").format(name=shown(name)),
                    ) from None
        return cls(
            day_start_hour=_get(doc, "day_start_hour", check_int, 0, 23),
            week_start=_get(doc, "week_start", check_choice, WEEK_STARTS),
            timezone=_get(
                doc,
                "timezone",
                optional(check_id),
                TIMEZONE_NAME,
                "a time zone name such as Europe/Berlin",
                64,
            ),
            theme=_get(
                doc,
                "theme",
                check_id,
                THEME_NAME,
                "a theme name (1-40 of A-Z, a-z, 0-9, _, . and -)",
            ),
            language=_get(
                doc, "language", optional(check_id), LANGUAGE_TAG, "a language tag such as zh-CN",
                20,
            ),
            initialized=_get(doc, "initialized", check_bool),
            people_undo=memos,
            sync_auto=_get(doc, "sync_auto", check_bool),
            sync_timeout=_get(doc, "sync_timeout", check_int, 1, 3600),
            extra=tuple(k for k in doc if k not in known),
        )

    def to_doc(self) -> dict:
        doc = super().to_doc()
        doc.pop("extra", None)
        return doc


class Quest(Record, frozen=True):
    """A recurring action under a tip."""

    table: ClassVar[str] = "quests"
    required = ("id", "title", "tip", "cadence", "start")
    id: str
    title: str
    tip: int
    cadence: str
    start: date
    target: int = MISSING  # QUEST_TARGET when absent
    xp: int = MISSING  # QUEST_XP when absent
    archived: bool = MISSING
    goal: str | None = MISSING
    moves_to: str | None = MISSING  # absent: as the catalogue or the tip says
    note: str = MISSING  # what the quest is for (Loop's question and description)
    unit: str = MISSING  # what a counted quest counts (Loop's unit: km, pages...)
    reminder: dict = MISSING  # {"time": "HH:MM", "days": ["mon", ...]}
    origin: str = (
        MISSING  # where an imported quest came from ("loop:<uuid>"), so a re-import merges
    )
    mid: str = MISSING  # merge id (sync)

    @classmethod
    def _read(cls, doc: dict) -> "Quest":
        cadence = doc["cadence"]
        try:
            if type(cadence) is not str or len(cadence) > 60:
                raise CadenceError("")
            parse_cadence(cadence)
        except CadenceError:
            raise _Bad(
                "cadence",
                _("must be a cadence such as daily, weekdays, mon,thu, 2/week or every 3 days, "
                  "not {value}").format(value=shown(cadence)),
            ) from None
        return cls(
            id=quest_id(doc["id"]),
            title=check_text(doc["title"], "title", MAX_TITLE, blank=False),
            tip=check_int(doc["tip"], "tip", 1, 5),
            cadence=cadence,
            start=check_day(doc["start"], "start"),
            target=_get(doc, "target", check_int, 1, MAX_QUEST_TARGET),
            xp=_get(doc, "xp", check_int, 0, MAX_QUEST_XP),
            archived=_get(doc, "archived", check_bool),
            goal=_get(doc, "goal", optional(goal_id)),
            moves_to=_get(doc, "moves_to", optional(check_choice), STAGE_IDS),
            note=_get(doc, "note", check_text, MAX_TEXT),
            unit=_get(doc, "unit", check_text, MAX_UNIT),
            reminder=_get(doc, "reminder", check_reminder),
            origin=_get(doc, "origin", check_text, MAX_ORIGIN),
            mid=_get(doc, "mid", merge_id),
        )


class Skip(Record, frozen=True):
    """A skipped day of one quest, or (quest null) a vacation day for all."""

    table: ClassVar[str] = "skips"
    required = ("quest", "day")
    quest: str | None
    day: date
    reason: str = MISSING
    mid: str = MISSING

    @classmethod
    def _read(cls, doc: dict) -> "Skip":
        return cls(
            optional(quest_id)(doc["quest"], "quest"),
            check_day(doc["day"], "day"),
            _get(doc, "reason", check_text, MAX_TEXT),
            _get(doc, "mid", merge_id),
        )


class Person(Record, frozen=True):
    """Someone in the network."""

    table: ClassVar[str] = "people"
    required = ("id", "name")
    id: str
    name: str
    where: str = MISSING
    tags: tuple[str, ...] = MISSING
    stage: str = MISSING
    introduced_by: str | None = MISSING
    notes: str = MISSING
    last_contact: date | None = MISSING
    interval: int | None = MISSING
    created: date | None = MISSING
    stage_since: date | None = MISSING
    mid: str = MISSING

    @classmethod
    def _read(cls, doc: dict) -> "Person":
        return cls(
            id=person_id(doc["id"]),
            name=check_text(doc["name"], "name", MAX_TITLE, blank=False),
            where=_get(doc, "where", check_text, MAX_WHERE),
            tags=_get_each(doc, "tags", MAX_TAGS, check_text, MAX_TAG, False),
            stage=_get(doc, "stage", check_choice, STAGE_IDS),
            introduced_by=_get(doc, "introduced_by", optional(person_id)),
            notes=_get(doc, "notes", check_text, MAX_TEXT),
            last_contact=_get(doc, "last_contact", opt_day),
            interval=_get(doc, "interval", optional(check_int), 1, MAX_INTERVAL),
            created=_get(doc, "created", opt_day),
            stage_since=_get(doc, "stage_since", opt_day),
            mid=_get(doc, "mid", merge_id),
        )


class Achievement(Record, frozen=True):
    """A badge unlocked on a day."""

    table: ClassVar[str] = "achievements"
    required = ("id", "day")
    id: str
    day: date

    @classmethod
    def _read(cls, doc: dict) -> "Achievement":
        aid = doc["id"]
        if type(aid) is not str or aid not in ACHIEVEMENT_IDS:
            raise _Bad("id", _("must be a badge this NetQuest knows, not {value}").format(
                value=shown(aid)))
        return cls(aid, check_day(doc["day"], "day"))
