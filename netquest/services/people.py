"""People: the network behind the quests, moved by check-ins that name them.

A person is a document in the "people" table; check-ins name people by their name (not
their id), so renaming, merging and deleting a person rewrite the names in the check-ins
they appear in.  Names are compared the way `rules.people.normalize_name` says.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass
from datetime import date
from typing import Iterable

from netquest.rules.people import (
    STAGE_IDS,
    STAGE_TITLES,
    cooling,
    furthest,
    name_order,
    normalize_name,
    overdue_days,
    slug,
    stage_after_checkin,
    stage_rank,
)
from netquest.services import effects
from netquest.services.errors import ServiceError, UnknownPerson

MAX_NAME = 120
MAX_WHERE = 120
MAX_NOTES = 2000
MAX_TAG = 40
MAX_TAGS = 20
MAX_INTERVAL = 3650
SORTS = ("name", "stage", "last_contact", "overdue")
EDITABLE = ("name", "where", "tags", "add_tags", "remove_tags", "stage", "introduced_by", "notes", "interval",
            "last_contact")


@dataclass(frozen=True)
class PersonView:
    """One person as the command line and the screens show them."""

    id: str
    name: str
    where: str
    tags: tuple[str, ...]
    stage: str
    introduced_by: str | None
    introduced_by_name: str | None
    notes: str
    last_contact: date | None
    interval: int | None
    created: date | None
    overdue: int | None  # days past the interval: 0 due today, < 0 still to go, None nothing to keep up
    introductions: int  # how many people this person introduced you to
    stage_since: date | None = None  # when the stage last moved (the day they were added, if it never did)

    @property
    def stage_title(self) -> str:
        return STAGE_TITLES.get(self.stage, self.stage)

    @property
    def cooling(self) -> bool:
        return self.overdue is not None and self.overdue >= 0

    def to_json(self) -> dict:
        return {
            "id": self.id, "name": self.name, "where": self.where, "tags": list(self.tags), "stage": self.stage,
            "introduced_by": self.introduced_by, "introduced_by_name": self.introduced_by_name,
            "notes": self.notes, "last_contact": self.last_contact.isoformat() if self.last_contact else None,
            "interval": self.interval, "overdue_days": self.overdue,
            "created": self.created.isoformat() if self.created else None, "introductions": self.introductions,
            "stage_since": self.stage_since.isoformat() if self.stage_since else None,
        }


@dataclass(frozen=True)
class TimelineEntry:
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
        return {"seq": self.seq, "day": self.day.isoformat(), "quest": self.quest, "quest_title": self.quest_title,
                "tip": self.tip, "count": self.count, "xp": self.xp, "note": self.note, "people": list(self.people)}


# --------------------------------------------------------------------------- validation
def clean_name(name) -> str:
    name = " ".join(str(name or "").split())
    if not name:
        raise ServiceError("a person needs a name")
    if len(name) > MAX_NAME:
        raise ServiceError(f"a name may have at most {MAX_NAME} characters, this one has {len(name)}")
    return name


def clean_stage(stage) -> str:
    key = re.sub(r"[\s-]+", "_", str(stage or "").strip().lower())
    by_title = {normalize_name(title).replace(" ", "_"): sid for sid, title in STAGE_TITLES.items()}
    key = by_title.get(key, key)
    if key not in STAGE_IDS:
        raise ServiceError(f"unknown stage {stage!r} (known: {', '.join(STAGE_IDS)})")
    return key


def clean_interval(interval) -> int | None:
    if interval is None or interval == "":
        return None
    try:
        days = int(interval)
    except (TypeError, ValueError):
        raise ServiceError(f"interval must be a whole number of days, not {interval!r}") from None
    if not 1 <= days <= MAX_INTERVAL:
        raise ServiceError(f"interval must be from 1 to {MAX_INTERVAL} days, not {days}")
    return days


def clean_where(where) -> str:
    where = " ".join(str(where or "").split())
    if len(where) > MAX_WHERE:
        raise ServiceError(f"'where' may have at most {MAX_WHERE} characters, this one has {len(where)}")
    return where


def clean_notes(notes) -> str:
    notes = str(notes or "").strip()
    if len(notes) > MAX_NOTES:
        raise ServiceError(f"notes may have at most {MAX_NOTES} characters, these have {len(notes)}")
    return notes


def clean_tags(tags: Iterable[str], strict: bool = True) -> list[str]:
    """Tags stripped and without repeats; more than MAX_TAGS is refused, or cut when not `strict`."""
    out: list[str] = []
    seen = set()
    for tag in tags:
        tag = " ".join(str(tag).split())
        if not tag:
            continue
        if len(tag) > MAX_TAG:
            raise ServiceError(f"a tag may have at most {MAX_TAG} characters: {tag[:20]!r}…")
        key = normalize_name(tag)
        if key not in seen:
            seen.add(key)
            out.append(tag)
    if len(out) > MAX_TAGS and not strict:
        return out[:MAX_TAGS]
    if len(out) > MAX_TAGS:
        raise ServiceError(f"a person may have at most {MAX_TAGS} tags")
    return out


def _day(value) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value).strip())
    except ValueError:
        raise ServiceError(f"{value!r} is not a date in the form YYYY-MM-DD") from None


def validate_people(rows) -> None:
    """Check the people of an export; ServiceError naming the first bad one."""
    if not isinstance(rows, list):
        raise ServiceError("\"people\" must be a list")
    ids = set()
    for i, doc in enumerate(rows):
        where = f"people[{i}]"
        if not isinstance(doc, dict) or not isinstance(doc.get("id"), str) or not doc["id"]:
            raise ServiceError(f"{where}: a person needs a text \"id\"")
        if doc["id"] in ids:
            raise ServiceError(f"{where}: person id {doc['id']!r} appears twice")
        ids.add(doc["id"])
        try:
            if not isinstance(doc.get("name"), str):
                raise ServiceError("a person needs a name")
            clean_name(doc["name"])
            clean_stage(doc.get("stage", "want"))
            clean_interval(doc.get("interval"))
            _day(doc.get("last_contact"))
            _day(doc.get("created"))
            _day(doc.get("stage_since"))
            if not isinstance(doc.get("tags", []), list):
                raise ServiceError("tags must be a list")
        except ServiceError as exc:
            raise ServiceError(f"{where}: {exc}") from None
    for i, doc in enumerate(rows):
        if doc.get("introduced_by") not in (None, *ids):
            raise ServiceError(f"people[{i}]: introduced by unknown person {doc['introduced_by']!r}")


def _person_id(name: str, taken: set[str]) -> str:
    """A slug of the name folded to ASCII (ı → i, ß → ss …), or `p-<n>` for a name in another script."""
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


def _stored_day(value) -> date | None:
    try:
        return date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None


def _since(doc: dict) -> date | None:
    """When someone's stage last moved: `stage_since`, else the day they were added."""
    return _stored_day(doc.get("stage_since")) or _stored_day(doc.get("created"))


def _set_stage(doc: dict, stage: str, day: date) -> None:
    """Put someone at `stage`; a move remembers its day in `stage_since`."""
    if stage != _stage_of(doc):
        doc["stage_since"] = day.isoformat()
    doc["stage"] = stage


def _stage_of(doc: dict) -> str:
    stage = doc.get("stage")
    return stage if stage in STAGE_TITLES else "want"


def _views(docs: list[dict], today: date) -> list[PersonView]:
    names = {d["id"]: d.get("name", d["id"]) for d in docs}
    intros: dict[str, int] = {}
    for d in docs:
        if d.get("introduced_by"):
            intros[d["introduced_by"]] = intros.get(d["introduced_by"], 0) + 1
    out = []
    for d in docs:
        last = date.fromisoformat(d["last_contact"]) if d.get("last_contact") else None
        interval = d.get("interval")
        by = d.get("introduced_by")
        out.append(PersonView(
            id=d["id"], name=d.get("name", d["id"]), where=d.get("where", ""), tags=tuple(d.get("tags", ())),
            stage=_stage_of(d), introduced_by=by, introduced_by_name=names.get(by) if by else None,
            notes=d.get("notes", ""), last_contact=last, interval=interval,
            created=date.fromisoformat(d["created"]) if d.get("created") else None,
            # Someone never contacted yet is counted from the day they were added, so a new
            # keep-in-touch interval starts running at once (as Monica's reminders do).
            overdue=overdue_days(last or (date.fromisoformat(d["created"]) if d.get("created") else None),
                                 interval, today),
            introductions=intros.get(d["id"], 0),
            stage_since=_since(d),
        ))
    return out


def _rewrite_names(tx, rename: dict[str, str | None]) -> int:
    """Rename (or drop, for None) people in every check-in; `rename` is keyed by normalised name."""
    changed = 0
    for rec in tx.checkins():
        if not rec.people:
            continue
        new: list[str] = []
        touched = False
        for name in rec.people:
            key = normalize_name(name)
            if key in rename:
                touched = True
                name = rename[key]
                if name is None:
                    continue
            if all(normalize_name(name) != normalize_name(n) for n in new):
                new.append(name)
        if touched:
            tx.replace_checkin(rec._replace(people=tuple(new)))
            changed += 1
    return changed


class PeopleServices:
    """People use cases, mixed into `NetQuest`; they share its store and clock."""

    # ------------------------------------------------------------------ hooks of NetQuest
    def _people_after_checkin(self, tx, quest, day, people) -> list[str]:
        """Update the people a check-in names; returns names of people created.

        A name is found as `person(ref)` finds it (see `_match_person`); only a name
        matching nobody makes a new person.
        """
        if not people:
            return []
        docs = tx.all("people")
        created: list[str] = []
        canonical: list[str] = []
        before: dict[str, dict | None] = {}
        day_text = day.isoformat()
        for typed in people:
            name = clean_name(typed)
            doc = self._match_person(docs, name)
            if doc is None:
                doc = self._new_person_doc(tx, name, {d["id"] for d in docs})
                docs.append(doc)
                created.append(name)
                before.setdefault(doc["id"], None)
            else:
                before.setdefault(doc["id"], copy.deepcopy(doc))
            _set_stage(doc, stage_after_checkin(_stage_of(doc), quest.moves_to), day)
            # A past day logged late never moves the last contact back.
            if not doc.get("last_contact") or doc["last_contact"] < day_text:
                doc["last_contact"] = day_text
            tx.put("people", doc)
            if all(normalize_name(doc["name"]) != normalize_name(n) for n in canonical):
                canonical.append(doc["name"])
        rec = tx.latest_checkin()
        if tuple(canonical) != tuple(people):
            # The check-in keeps each person's name as stored, so renames and merges find it.
            tx.replace_checkin(rec._replace(people=tuple(canonical)))
        # What the check-in changed, person by person, so undo can take back exactly that.
        final = {d["id"]: d for d in docs}
        effects.record(tx, rec.seq, [effects.entry_for(pid, old, final[pid], quest.moves_to)
                                     for pid, old in before.items()])
        return created

    def _reach_out(self, tx, today) -> list:
        """People to get back in touch with, most overdue first."""
        docs = tx.all("people")
        if not docs:
            return []
        return cooling(_views(docs, today), today)

    # ------------------------------------------------------------------------- helpers
    def _new_person_doc(self, tx, name: str, taken: set[str]) -> dict:
        return {"id": _person_id(name, taken), "name": name, "where": "", "tags": [], "stage": "want",
                "introduced_by": None, "notes": "", "last_contact": None, "interval": None,
                "created": self._clock(tx).today().isoformat()}

    @staticmethod
    def _candidates(docs: list[dict], ref: str) -> list[dict]:
        """Who `ref` names: the person with that id or (normalised) name, else everyone whose
        name or id starts with it, case-insensitively."""
        for d in docs:
            if d["id"] == ref:
                return [d]
        key = normalize_name(ref)
        exact = [d for d in docs if normalize_name(d.get("name", "")) == key or d["id"].lower() == ref.lower()]
        if len(exact) == 1:
            return exact
        return exact or [d for d in docs
                         if normalize_name(d.get("name", "")).startswith(key) or d["id"].startswith(ref.lower())]

    def _match_person(self, docs: list[dict], name: str) -> dict | None:
        """The person a name typed in a check-in means, or None for a new one; a name that
        could mean several people is refused in one line naming them."""
        matches = self._candidates(docs, " ".join(str(name or "").split()))
        if len(matches) > 1:
            who = ", ".join(f"{d.get('name', '')} ({d['id']})" for d in sorted(matches, key=lambda d: d["id"]))
            raise ServiceError(f"{name!r} could be {len(matches)} people: {who}; type more of the name or the id")
        return matches[0] if matches else None

    def _match_people(self, docs: list[dict], names: Iterable[str]) -> None:
        """Refuse a check-in whose names include one that could mean several people (nothing is written)."""
        for name in names:
            self._match_person(docs, clean_name(name))

    def _find_person(self, docs: list[dict], ref: str) -> dict:
        ref = " ".join(str(ref or "").split())
        if not ref:
            raise ServiceError("name a person by their id or the start of their name")
        if not docs:
            raise UnknownPerson(f"no person matches {ref!r}: there are no people yet (`netquest people add NAME`)", [])
        matches = self._candidates(docs, ref)
        if len(matches) == 1:
            return matches[0]
        candidates = [f"{d['id']}  {d.get('name', '')}" for d in sorted(matches or docs, key=lambda d: d["id"])]
        if not matches:
            raise UnknownPerson(f"no person matches {ref!r}", candidates)
        raise UnknownPerson(f"{ref!r} matches {len(matches)} people; type more of it", candidates)

    def _view(self, tx, doc_id: str) -> PersonView:
        docs = tx.all("people")
        return next(v for v in _views(docs, self._clock(tx).today()) if v.id == doc_id)

    def _check_unique_name(self, docs: list[dict], name: str, own_id: str | None = None) -> None:
        key = normalize_name(name)
        for d in docs:
            if d["id"] != own_id and normalize_name(d.get("name", "")) == key:
                raise ServiceError(f"there is already a person named {d['name']!r} ({d['id']}); "
                                   f"to join two entries use `netquest people merge`")

    def _set_fields(self, tx, docs: list[dict], doc: dict, fields: dict) -> None:
        """Validate `fields` and set them on `doc` (not yet stored)."""
        unknown = set(fields) - set(EDITABLE)
        if unknown:
            raise ServiceError(f"cannot edit {', '.join(sorted(unknown))} of a person")
        if "where" in fields:
            doc["where"] = clean_where(fields["where"])
        if "notes" in fields:
            doc["notes"] = clean_notes(fields["notes"])
        if "stage" in fields:
            _set_stage(doc, clean_stage(fields["stage"]), self._clock(tx).today())
        if "interval" in fields:
            doc["interval"] = clean_interval(fields["interval"])
        tags = list(doc.get("tags", []))
        if "tags" in fields:
            tags = list(fields["tags"] or ())
        tags += list(fields.get("add_tags") or ())
        drop = {normalize_name(t) for t in fields.get("remove_tags") or ()}
        doc["tags"] = clean_tags(t for t in tags if normalize_name(t) not in drop)
        if "last_contact" in fields:
            last = _day(fields["last_contact"])
            today = self._clock(tx).today()
            if last and last > today:
                raise ServiceError(f"the last contact {last.isoformat()} is in the future (today is {today.isoformat()})")
            doc["last_contact"] = last.isoformat() if last else None
        if "introduced_by" in fields:
            ref = fields["introduced_by"]
            if ref is None or str(ref).strip() == "":
                doc["introduced_by"] = None
            else:
                try:
                    by = self._find_person(docs, ref)
                except UnknownPerson as exc:
                    raise UnknownPerson(f"introduced by: {exc}", exc.candidates) from None
                if by["id"] == doc["id"]:
                    raise ServiceError("a person cannot have introduced themselves")
                doc["introduced_by"] = by["id"]

    # ---------------------------------------------------------------------- use cases
    def people(self, stage: str | None = None, text: str | None = None, sort: str = "name") -> list[PersonView]:
        """Everyone, or those at `stage` / mentioning `text` (in name, where, tags or notes)."""
        if sort not in SORTS:
            raise ServiceError(f"sort must be one of {', '.join(SORTS)}, not {sort!r}")
        stage = clean_stage(stage) if stage else None
        with self.store.read() as tx:
            views = _views(tx.all("people"), self._clock(tx).today())
        if stage:
            views = [v for v in views if v.stage == stage]
        if text and text.strip():
            needle = normalize_name(text)
            views = [v for v in views
                     if any(needle in normalize_name(s) for s in (v.name, v.where, v.notes, *v.tags))]
        by_name = sorted(views, key=lambda v: (name_order(v.name), v.id))
        if sort == "stage":
            return sorted(by_name, key=lambda v: -stage_rank(v.stage))
        if sort == "last_contact":
            return sorted(by_name, key=lambda v: (v.last_contact is None, -(v.last_contact or date.min).toordinal()))
        if sort == "overdue":
            return sorted(by_name, key=lambda v: (v.overdue is None, -(v.overdue or 0)))
        return by_name

    def person(self, ref: str) -> PersonView:
        """One person by id, exact name, or the unambiguous start of either."""
        with self.store.read() as tx:
            return self._view(tx, self._find_person(tx.all("people"), ref)["id"])

    def add_person(self, name: str, where: str = "", tags: Iterable[str] = (), stage: str | None = None,
                   introduced_by: str | None = None, notes: str = "", interval: int | None = None,
                   last_contact=None) -> PersonView:
        """Add someone; the stage defaults to "introduced" when an introducer is given, else "want"."""
        name = clean_name(name)
        with self.store.transaction() as tx:
            docs = tx.all("people")
            self._check_unique_name(docs, name)
            doc = self._new_person_doc(tx, name, {d["id"] for d in docs})
            fields = {"where": where, "tags": list(tags), "notes": notes, "interval": interval,
                      "stage": stage or ("introduced" if introduced_by else "want"),
                      "introduced_by": introduced_by, "last_contact": last_contact}
            self._set_fields(tx, docs, doc, fields)
            tx.put("people", doc)
            return self._view(tx, doc["id"])

    def edit_person(self, ref: str, **fields) -> PersonView:
        """Change any of: name, where, tags (or add_tags / remove_tags), stage, introduced_by,
        notes, interval, last_contact.  None clears introduced_by, interval and last_contact."""
        with self.store.transaction() as tx:
            docs = tx.all("people")
            doc = self._find_person(docs, ref)
            name = fields.pop("name", None)
            self._set_fields(tx, docs, doc, fields)
            if name is not None:
                self._rename(tx, docs, doc, name)
            tx.put("people", doc)
            return self._view(tx, doc["id"])

    def set_stage(self, ref: str, stage: str) -> PersonView:
        """Move someone to any stage by hand (forwards or back)."""
        return self.edit_person(ref, stage=stage)

    def _rename(self, tx, docs: list[dict], doc: dict, new_name: str) -> int:
        new_name = clean_name(new_name)
        self._check_unique_name(docs, new_name, own_id=doc["id"])
        old = doc["name"]
        doc["name"] = new_name
        return _rewrite_names(tx, {normalize_name(old): new_name}) if old != new_name else 0

    def rename_person(self, ref: str, new_name: str) -> tuple[PersonView, int]:
        """Rename someone and the check-ins that name them; returns the person and how many check-ins changed."""
        with self.store.transaction() as tx:
            docs = tx.all("people")
            doc = self._find_person(docs, ref)
            changed = self._rename(tx, docs, doc, new_name)
            tx.put("people", doc)
            return self._view(tx, doc["id"]), changed

    def delete_person(self, ref: str) -> tuple[PersonView, int]:
        """Delete someone: their check-ins stay, without their name; whom they introduced forget it."""
        with self.store.transaction() as tx:
            docs = tx.all("people")
            doc = self._find_person(docs, ref)
            view = self._view(tx, doc["id"])
            for other in docs:
                if other.get("introduced_by") == doc["id"]:
                    other["introduced_by"] = None
                    tx.put("people", other)
            tx.delete("people", doc["id"])
            changed = _rewrite_names(tx, {normalize_name(doc["name"]): None})
        return view, changed

    def merge_people(self, keep_ref: str, drop_ref: str) -> tuple[PersonView, int]:
        """Join two entries of one person into `keep`: check-ins, tags and notes of both,
        the furthest stage, the latest contact; `drop` is removed."""
        with self.store.transaction() as tx:
            docs = tx.all("people")
            keep = self._find_person(docs, keep_ref)
            drop = self._find_person(docs, drop_ref)
            if keep["id"] == drop["id"]:
                raise ServiceError(f"{keep_ref!r} and {drop_ref!r} are the same person")
            stage = furthest(_stage_of(keep), _stage_of(drop))
            sinces = [d for d in (keep, drop) if _stage_of(d) == stage and _since(d)]
            if sinces:  # since when the entry that holds the stage (the earlier of two) has held it
                keep["stage_since"] = min(_since(d) for d in sinces).isoformat()
            keep["stage"] = stage
            keep["tags"] = clean_tags(list(keep.get("tags", [])) + list(drop.get("tags", [])), strict=False)
            notes = [n for n in (keep.get("notes", ""), drop.get("notes", "")) if n]
            keep["notes"] = "\n".join(notes)[:MAX_NOTES]
            lasts = [d for d in (keep.get("last_contact"), drop.get("last_contact")) if d]
            keep["last_contact"] = max(lasts) if lasts else None
            for key in ("where", "interval"):
                if not keep.get(key):
                    keep[key] = drop.get(key) or keep.get(key)
            if not keep.get("introduced_by") and drop.get("introduced_by") not in (None, keep["id"]):
                keep["introduced_by"] = drop["introduced_by"]
            if keep.get("introduced_by") == drop["id"]:
                keep["introduced_by"] = None
            firsts = [d for d in (keep.get("created"), drop.get("created")) if d]
            keep["created"] = min(firsts) if firsts else None
            for other in docs:
                if other["id"] not in (keep["id"], drop["id"]) and other.get("introduced_by") == drop["id"]:
                    other["introduced_by"] = keep["id"]
                    tx.put("people", other)
            tx.delete("people", drop["id"])
            tx.put("people", keep)
            changed = _rewrite_names(tx, {normalize_name(drop["name"]): keep["name"]})
            return self._view(tx, keep["id"]), changed

    def person_timeline(self, ref: str) -> list[TimelineEntry]:
        """The check-ins that name someone, with their notes, newest first."""
        with self.store.read() as tx:
            doc = self._find_person(tx.all("people"), ref)
            key = normalize_name(doc["name"])
            quests = {q["id"]: q for q in tx.quests()}
            records = [r for r in tx.checkins() if r.people and any(normalize_name(p) == key for p in r.people)]
        out = []
        for r in reversed(records):
            q = quests.get(r.quest, {})
            out.append(TimelineEntry(r.seq, date.fromisoformat(r.day), r.quest, q.get("title", r.quest),
                                     int(q.get("tip", 0)), r.count, r.xp, r.note, tuple(r.people)))
        return out

    def introductions_by(self, ref: str) -> list[PersonView]:
        """The people someone introduced you to, by name."""
        with self.store.read() as tx:
            docs = tx.all("people")
            doc = self._find_person(docs, ref)
            views = _views(docs, self._clock(tx).today())
        return sorted((v for v in views if v.introduced_by == doc["id"]), key=lambda v: name_order(v.name))

    def reach_out(self, limit: int | None = None) -> list[PersonView]:
        """People whose keep-in-touch interval has run out, most overdue first."""
        with self.store.read() as tx:
            cool = self._reach_out(tx, self._clock(tx).today())
        return cool[:limit] if limit is not None else cool

    def thank_person(self, ref: str):
        """Add (or bring back) a monthly tip-3 quest to thank someone for their introductions."""
        with self.store.read() as tx:
            doc = self._find_person(tx.all("people"), ref)
            qid = f"thank-{doc['id']}"[:32].rstrip("-")
            existing = tx.quest(qid)
            n = sum(1 for d in tx.all("people") if d.get("introduced_by") == doc["id"])
        if existing:
            if existing.get("archived"):
                return self.set_archived(qid, False)  # type: ignore[attr-defined]
            raise ServiceError(f"there is already a thank-you quest for {doc['name']}: {qid}")
        name = doc["name"] if len(doc["name"]) <= 80 else doc["name"][:79] + "…"
        title = f"Thank {name}" + ("" if not n else " for the introduction" + ("s" if n > 1 else ""))
        # Thanking someone is no step toward meeting them: the quest moves nobody's stage.
        return self.add_quest(title, 3, "1/month", xp=10, id=qid, moves_to=None)  # type: ignore[attr-defined]
