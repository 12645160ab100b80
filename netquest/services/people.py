"""People: the network behind the quests, moved by check-ins that name them.

A person is a document in the "people" table; check-ins name people by their name (not
their id), so renaming, merging and deleting a person rewrite the names in the check-ins
they appear in.  Names are compared the way `rules.people.normalize_name` says.
"""

from __future__ import annotations

import copy
from datetime import date
from typing import TYPE_CHECKING, Iterable

from netquest.i18n import _, ngettext
from netquest.rules.people import (
    STAGE_TITLES,
    cooling,
    furthest,
    name_order,
    normalize_name,
    overdue_days,
    stage_after_checkin,
    stage_rank,
)
from netquest.services import effects
from netquest.services.errors import ServiceError, Unknown
from netquest.services.inputs import (
    parse_day,
    stored_day,
)
from netquest.services.people_model import (
    EDITABLE,
    MAX_NOTES,
    SORTS,
    PersonView,
    TimelineEntry,
    check_unique_name,
    clean_interval,
    clean_name,
    clean_notes,
    clean_stage,
    clean_tags,
    clean_where,
    find_person,
    match_person,
    person_id,
)
from netquest.services.session import Session
from netquest.services.views import Stage
from netquest.store.protocols import Transaction

if TYPE_CHECKING:
    from netquest.services.core import NetQuest
    from netquest.services.model import Quest

def _since(doc: dict) -> date | None:
    """When someone's stage last moved: `stage_since`, else the day they were added."""
    return stored_day(doc.get("stage_since")) or stored_day(doc.get("created"))


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
            stage=Stage(_stage_of(d)), introduced_by=by, introduced_by_name=names.get(by) if by else None,
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


def _rewrite_names(tx: Transaction, rename: dict[str, str | None]) -> int:
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


def _view(s: Session, doc_id: str) -> PersonView:
    return next(v for v in _views(s.tx.all("people"), s.today) if v.id == doc_id)


def _set_fields(s: Session, docs: list[dict], doc: dict, fields: dict) -> None:
    """Validate `fields` and set them on `doc` (not yet stored)."""
    unknown = set(fields) - set(EDITABLE)
    if unknown:
        raise ServiceError(_("cannot edit {names} of a person").format(
                names=', '.join(sorted(unknown))))
    if "where" in fields:
        doc["where"] = clean_where(fields["where"])
    if "notes" in fields:
        doc["notes"] = clean_notes(fields["notes"])
    if "stage" in fields:
        _set_stage(doc, clean_stage(fields["stage"]), s.today)
    if "interval" in fields:
        doc["interval"] = clean_interval(fields["interval"])
    tags = list(doc.get("tags", []))
    if "tags" in fields:
        tags = list(fields["tags"] or ())
    tags += list(fields.get("add_tags") or ())
    drop = {normalize_name(t) for t in fields.get("remove_tags") or ()}
    doc["tags"] = clean_tags(t for t in tags if normalize_name(t) not in drop)
    if "last_contact" in fields:
        last = parse_day(fields["last_contact"])
        if last and last > s.today:
            raise ServiceError(
                _("the last contact {last} is in the future (today is {today})").format(
                    last=last.isoformat(), today=s.today.isoformat()))
        doc["last_contact"] = last.isoformat() if last else None
    if "introduced_by" in fields:
        _set_introducer(docs, doc, fields["introduced_by"])


def _set_introducer(docs: list[dict], doc: dict, ref) -> None:
    if ref is None or str(ref).strip() == "":
        doc["introduced_by"] = None
        return
    try:
        by = find_person(docs, ref)
    except Unknown as exc:
        raise Unknown(_("introduced by: {exc}").format(
                exc=exc), exc.candidates) from None
    if by["id"] == doc["id"]:
        raise ServiceError(_("a person cannot have introduced themselves"))
    doc["introduced_by"] = by["id"]


def _rename(tx: Transaction, docs: list[dict], doc: dict, new_name: str) -> int:
    new_name = clean_name(new_name)
    check_unique_name(docs, new_name, own_id=doc["id"])
    old = doc["name"]
    doc["name"] = new_name
    return _rewrite_names(tx, {normalize_name(old): new_name}) if old != new_name else 0


class PeopleServices:
    """People use cases: the network, moved by check-ins that name people."""

    def __init__(self, root: NetQuest) -> None:
        self.root = root

    # ------------------------------------------------------------------ in a session
    def after_checkin(self, s: Session, quest: Quest, day: date, people) -> list[str]:
        """Update the people a check-in names; returns names of people created.

        A name is found as `get(ref)` finds it (see `match_person`); only a name
        matching nobody makes a new person.
        """
        if not people:
            return []
        tx = s.tx
        docs = tx.all("people")
        created: list[str] = []
        canonical: list[str] = []
        before: dict[str, dict | None] = {}
        day_text = day.isoformat()
        for typed in people:
            name = clean_name(typed)
            doc = match_person(docs, name)
            if doc is None:
                doc = self.new_doc(s, name, {d["id"] for d in docs})
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

    def reach_out_in(self, s: Session) -> list[PersonView]:
        """People to get back in touch with, most overdue first."""
        docs = s.tx.all("people")
        if not docs:
            return []
        return cooling(_views(docs, s.today), s.today)

    def new_doc(self, s: Session, name: str, taken: set[str]) -> dict:
        """A new person's document (not yet stored), added today."""
        return {"id": person_id(name, taken), "name": name, "where": "", "tags": [], "stage": "want",
                "introduced_by": None, "notes": "", "last_contact": None, "interval": None,
                "created": s.today.isoformat()}

    def refuse_ambiguous(self, s: Session, names: Iterable[str]) -> None:
        """Refuse a check-in whose names include one that could mean several people (nothing is written)."""
        if not names:
            return
        docs = s.tx.all("people")
        for name in names:
            match_person(docs, clean_name(name))

    # ---------------------------------------------------------------------- use cases
    def list(self, stage: str | None = None, text: str | None = None, sort: str = "name") -> list[PersonView]:
        """Everyone, or those at `stage` / mentioning `text` (in name, where, tags or notes)."""
        if sort not in SORTS:
            raise ServiceError(_("sort must be one of {names}, not {sort}").format(
                    names=', '.join(SORTS), sort=repr(sort)))
        stage = clean_stage(stage) if stage else None
        with self.root.reading() as s:
            views = _views(s.tx.all("people"), s.today)
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

    def get(self, ref: str) -> PersonView:
        """One person by id, exact name, or the unambiguous start of either."""
        with self.root.reading() as s:
            return _view(s, find_person(s.tx.all("people"), ref)["id"])

    @staticmethod
    def validate(fields: dict, others: Iterable[PersonView]) -> None:
        """Raise ServiceError naming the first field of a person that `add` or `edit` would
        refuse; the person editor shows it inline.  Reads nothing: `others` are the people
        the name must not repeat."""
        name = clean_name(fields["name"])
        clash = next((o for o in others if normalize_name(o.name) == normalize_name(name)), None)
        if clash is not None:
            raise ServiceError(_("there is already a person named {name} ({id})").format(
                    name=repr(clash.name), id=clash.id))
        clean_where(fields["where"])
        clean_tags(fields["tags"])
        clean_stage(fields["stage"])
        clean_interval(fields["interval"])
        clean_notes(fields["notes"])

    def add(self, name: str, where: str = "", tags: Iterable[str] = (), stage: str | None = None,
                   introduced_by: str | None = None, notes: str = "", interval: int | None = None,
                   last_contact=None) -> PersonView:
        """Add someone; the stage defaults to "introduced" when an introducer is given, else "want"."""
        name = clean_name(name)
        with self.root.writing() as s:
            docs = s.tx.all("people")
            check_unique_name(docs, name)
            doc = self.new_doc(s, name, {d["id"] for d in docs})
            fields = {"where": where, "tags": list(tags), "notes": notes, "interval": interval,
                      "stage": stage or ("introduced" if introduced_by else "want"),
                      "introduced_by": introduced_by, "last_contact": last_contact}
            _set_fields(s, docs, doc, fields)
            s.tx.put("people", doc)
            return _view(s, doc["id"])

    def edit(self, ref: str, **fields) -> PersonView:
        """Change any of: name, where, tags (or add_tags / remove_tags), stage, introduced_by,
        notes, interval, last_contact.  None clears introduced_by, interval and last_contact."""
        with self.root.writing() as s:
            docs = s.tx.all("people")
            doc = find_person(docs, ref)
            name = fields.pop("name", None)
            _set_fields(s, docs, doc, fields)
            if name is not None:
                _rename(s.tx, docs, doc, name)
            s.tx.put("people", doc)
            return _view(s, doc["id"])

    def set_stage(self, ref: str, stage: str) -> PersonView:
        """Move someone to any stage by hand (forwards or back)."""
        return self.edit(ref, stage=stage)

    def rename(self, ref: str, new_name: str) -> tuple[PersonView, int]:
        """Rename someone and the check-ins that name them; returns the person and how many check-ins changed."""
        with self.root.writing() as s:
            docs = s.tx.all("people")
            doc = find_person(docs, ref)
            changed = _rename(s.tx, docs, doc, new_name)
            s.tx.put("people", doc)
            return _view(s, doc["id"]), changed

    def delete(self, ref: str) -> tuple[PersonView, int]:
        """Delete someone: their check-ins stay, without their name; whom they introduced forget it."""
        with self.root.writing() as s:
            tx = s.tx
            docs = tx.all("people")
            doc = find_person(docs, ref)
            view = _view(s, doc["id"])
            for other in docs:
                if other.get("introduced_by") == doc["id"]:
                    other["introduced_by"] = None
                    tx.put("people", other)
            tx.delete("people", doc["id"])
            changed = _rewrite_names(tx, {normalize_name(doc["name"]): None})
        return view, changed

    def merge(self, keep_ref: str, drop_ref: str) -> tuple[PersonView, int]:
        """Join two entries of one person into `keep`: check-ins, tags and notes of both,
        the furthest stage, the latest contact; `drop` is removed."""
        with self.root.writing() as s:
            tx = s.tx
            docs = tx.all("people")
            keep = find_person(docs, keep_ref)
            drop = find_person(docs, drop_ref)
            if keep["id"] == drop["id"]:
                raise ServiceError(_("{keep_ref} and {drop_ref} are the same person").format(
                        keep_ref=repr(keep_ref), drop_ref=repr(drop_ref)))
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
            return _view(s, keep["id"]), changed

    def timeline(self, ref: str) -> list[TimelineEntry]:
        """The check-ins that name someone, with their notes, newest first."""
        with self.root.reading() as s:
            tx = s.tx
            doc = find_person(tx.all("people"), ref)
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
        with self.root.reading() as s:
            docs = s.tx.all("people")
            doc = find_person(docs, ref)
            views = _views(docs, s.today)
        return sorted((v for v in views if v.introduced_by == doc["id"]), key=lambda v: name_order(v.name))

    def reach_out(self, limit: int | None = None) -> list[PersonView]:
        """People whose keep-in-touch interval has run out, most overdue first."""
        with self.root.reading() as s:
            cool = self.reach_out_in(s)
        return cool[:limit] if limit is not None else cool

    def thank(self, ref: str) -> Quest:
        """Add (or bring back) a monthly tip-3 quest to thank someone for their introductions."""
        with self.root.writing() as s:
            tx = s.tx
            doc = find_person(tx.all("people"), ref)
            qid = f"thank-{doc['id']}"[:32].rstrip("-")
            existing = tx.quest(qid)
            if existing:
                if existing.get("archived"):
                    return self.root.quests.set_archived_in(s, qid, False)
                raise ServiceError(
                    _("there is already a thank-you quest for {name}: {qid}").format(
                        name=doc['name'], qid=qid))
            n = sum(1 for d in tx.all("people") if d.get("introduced_by") == doc["id"])
            name = doc["name"] if len(doc["name"]) <= 80 else doc["name"][:79] + "…"
            title = (ngettext("Thank {name} for the introduction",
                              "Thank {name} for the introductions", n) if n
                     else _("Thank {name}")).format(name=name)
            # Thanking someone is no step toward meeting them: the quest moves nobody's stage.
            return self.root.quests.add_in(s, title, 3, "1/month", xp=10, id=qid, moves_to=None)
