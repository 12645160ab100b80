"""People as the services see them: the view of a person, the checks of what is typed
about them, and finding someone by a reference (id, name, or the start of either)."""

from __future__ import annotations

import re
from datetime import date
from typing import Iterable

from netquest.i18n import _
from netquest.rules.people import (
    STAGE_IDS,
    STAGE_TITLES,
    normalize_name,
    slug,
)
from netquest.services.errors import ServiceError, Unknown
from netquest.services.inputs import (
    MAX_INTERVAL,
    MAX_NOTE,
    MAX_TAG,
    MAX_TAGS,
    MAX_TITLE,
    MAX_WHERE,
    Ambiguous,
    Candidate,
    parse_day,
    resolve_ref,
    rows_with_ids,
)
from netquest.services.views import Stage
from netquest.structs import Struct

MAX_NAME = MAX_TITLE
MAX_NOTES = MAX_NOTE
SORTS = ("name", "stage", "last_contact", "overdue")
EDITABLE = (
    "name",
    "where",
    "tags",
    "add_tags",
    "remove_tags",
    "stage",
    "introduced_by",
    "notes",
    "interval",
    "last_contact",
)


class PersonView(Struct, frozen=True):
    """One person as the command line and the screens show them."""

    id: str
    name: str
    where: str
    tags: tuple[str, ...]
    stage: Stage
    introduced_by: str | None
    introduced_by_name: str | None
    notes: str
    last_contact: date | None
    interval: int | None
    created: date | None
    overdue: (
        int | None
    )  # days past the interval: 0 due today, < 0 still to go, None nothing to keep up
    introductions: int  # how many people this person introduced you to
    stage_since: date | None = (
        None  # when the stage last moved (the day they were added, if it never did)
    )

    @property
    def stage_title(self) -> str:
        return _(STAGE_TITLES[self.stage]) if self.stage in STAGE_TITLES else self.stage

    @property
    def cooling(self) -> bool:
        return self.overdue is not None and self.overdue >= 0

    def to_json(self) -> dict:
        return {
            "id": self.id,
            "name": self.name,
            "where": self.where,
            "tags": list(self.tags),
            "stage": str(self.stage),
            "introduced_by": self.introduced_by,
            "introduced_by_name": self.introduced_by_name,
            "notes": self.notes,
            "last_contact": self.last_contact.isoformat() if self.last_contact else None,
            "interval": self.interval,
            "overdue_days": self.overdue,
            "created": self.created.isoformat() if self.created else None,
            "introductions": self.introductions,
            "stage_since": self.stage_since.isoformat() if self.stage_since else None,
        }


class TimelineEntry(Struct, frozen=True):
    """A check-in that names a person."""

    seq: int
    day: date
    quest: str
    quest_title: str
    tip: int
    count: int
    xp: int
    note: str
    people: tuple[str, ...]

    def to_json(self) -> dict:
        return {
            "seq": self.seq,
            "day": self.day.isoformat(),
            "quest": self.quest,
            "quest_title": self.quest_title,
            "tip": self.tip,
            "count": self.count,
            "xp": self.xp,
            "note": self.note,
            "people": list(self.people),
        }


# --------------------------------------------------------------------------- validation
def clean_name(name) -> str:
    name = " ".join(str(name or "").split())
    if not name:
        raise ServiceError(_("a person needs a name"))
    if len(name) > MAX_NAME:
        raise ServiceError(
            _("a name may have at most {max_name} characters, this one has {n}").format(
                max_name=MAX_NAME, n=len(name))
        )
    return name


def clean_stage(stage) -> str:
    key = re.sub(r"[\s-]+", "_", str(stage or "").strip().lower())
    by_title = {normalize_name(title).replace(" ", "_"): sid for sid, title in STAGE_TITLES.items()}
    key = by_title.get(key, key)
    if key not in STAGE_IDS:
        raise ServiceError(_("unknown stage {stage} (known: {names})").format(
                stage=repr(stage), names=', '.join(STAGE_IDS)))
    return key


def clean_interval(interval) -> int | None:
    if interval is None or interval == "":
        return None
    try:
        days = int(interval)
    except (TypeError, ValueError):
        raise ServiceError(_("interval must be a whole number of days, not {interval}").format(
                interval=repr(interval))) from None
    if not 1 <= days <= MAX_INTERVAL:
        raise ServiceError(_("interval must be from 1 to {max_interval} days, not {days}").format(
                max_interval=MAX_INTERVAL, days=days))
    return days


def clean_where(where) -> str:
    where = " ".join(str(where or "").split())
    if len(where) > MAX_WHERE:
        raise ServiceError(
            _("'where' may have at most {max_where} characters, this one has {n}").format(
                max_where=MAX_WHERE, n=len(where))
        )
    return where


def clean_notes(notes) -> str:
    notes = str(notes or "").strip()
    if len(notes) > MAX_NOTES:
        raise ServiceError(
            _("notes may have at most {max_notes} characters, these have {n}").format(
                max_notes=MAX_NOTES, n=len(notes))
        )
    return notes


def clean_tags(tags: Iterable[str], strict: bool = True) -> list[str]:
    """Tags stripped and without repeats; more than MAX_TAGS is refused, or cut when not
    `strict`."""
    out: list[str] = []
    seen = set()
    for tag in tags:
        tag = " ".join(str(tag).split())
        if not tag:
            continue
        if len(tag) > MAX_TAG:
            raise ServiceError(_("a tag may have at most {max_tag} characters: {tag}…").format(
                    max_tag=MAX_TAG, tag=repr(tag[:20])))
        key = normalize_name(tag)
        if key not in seen:
            seen.add(key)
            out.append(tag)
    if len(out) > MAX_TAGS and not strict:
        return out[:MAX_TAGS]
    if len(out) > MAX_TAGS:
        raise ServiceError(_("a person may have at most {max_tags} tags").format(
                max_tags=MAX_TAGS))
    return out


def validate_people(rows) -> None:
    """Check the people of an export; ServiceError naming the first bad one."""
    for where, doc in rows_with_ids(rows, "people", "person"):
        try:
            if not isinstance(doc.get("name"), str):
                raise ServiceError(_("a person needs a name"))
            clean_name(doc["name"])
            clean_stage(doc.get("stage", "want"))
            clean_interval(doc.get("interval"))
            parse_day(doc.get("last_contact"))
            parse_day(doc.get("created"))
            parse_day(doc.get("stage_since"))
            if not isinstance(doc.get("tags", []), list):
                raise ServiceError(_("tags must be a list"))
        except ServiceError as exc:
            raise ServiceError(_("{where}: {exc}").format(
                    where=where, exc=exc)) from None
    ids = {doc["id"] for doc in rows}
    for i, doc in enumerate(rows):
        if doc.get("introduced_by") not in (None, *ids):
            raise ServiceError(
                _("people[{i}]: introduced by unknown person {introduced_by}").format(
                    i=i, introduced_by=repr(doc['introduced_by']))
            )


def person_id(name: str, taken: set[str]) -> str:
    """A slug of the name folded to ASCII (ı → i, ß → ss …), or `p-<n>` for a name in another
    script."""
    base = slug(name)
    if base:
        pid, n = base, 2
        while pid in taken:
            pid, n = f"{base}-{n}", n + 1
        return pid
    numbers = [int(t[2:]) for t in taken if re.fullmatch(r"p-\d{1,9}", t)]
    n = max(numbers, default=0) + 1
    while f"p-{n}" in taken:
        n += 1
    return f"p-{n}"


def match_person(docs: list[dict], name: str) -> dict | None:
    """The person a name typed in a check-in means, or None for a new one; a name that
    could mean several people is refused in one line naming them."""
    try:
        return _resolve(docs, " ".join(str(name or "").split()))
    except Ambiguous as many:
        who = ", ".join(
            f"{d.get('name', '')} ({d['id']})" for d in sorted(many.matches, key=lambda d: d["id"])
        )
        raise ServiceError(
            _("{name} could be {n} people: {who}; type more of the name or the id").format(
                name=repr(name), n=len(many.matches), who=who)
        ) from None


def _resolve(docs: list[dict], ref: str) -> dict | None:
    """Who `ref` names: the person with that id or (normalised) name, else the one whose
    name or id starts with it, case-insensitively."""
    return resolve_ref(
        [Candidate(d["id"], (d.get("name", ""),), d) for d in docs], ref, fold=normalize_name
    )


def find_person(docs: list[dict], ref: str) -> dict:
    """The person `ref` names, or Unknown listing the candidates."""
    ref = " ".join(str(ref or "").split())
    if not ref:
        raise ServiceError(_("name a person by their id or the start of their name"))
    if not docs:
        raise Unknown(
            _("no person matches {ref}: there are no people yet (`netquest people add "
              "NAME`)").format(
                ref=repr(ref)), []
        )
    try:
        found = _resolve(docs, ref)
    except Ambiguous as many:
        raise Unknown(
            _("{ref} matches {n} people; type more of it").format(
                ref=repr(ref), n=len(many.matches)),
            [
                f"{d['id']}  {d.get('name', '')}"
                for d in sorted(many.matches, key=lambda d: d["id"])
            ],
        ) from None
    if found is None:
        raise Unknown(
            _("no person matches {ref}").format(
                ref=repr(ref)),
            [f"{d['id']}  {d.get('name', '')}" for d in sorted(docs, key=lambda d: d["id"])],
        )
    return found


def check_unique_name(docs: list[dict], name: str, own_id: str | None = None) -> None:
    key = normalize_name(name)
    for d in docs:
        if d["id"] != own_id and normalize_name(d.get("name", "")) == key:
            raise ServiceError(
                _("there is already a person named {name} ({id}); to join two entries use "
                  "`netquest people merge`").format(
                    name=repr(d['name']), id=d['id'])
            )
