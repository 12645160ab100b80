"""Goals ("know what you want"): the use cases behind `netquest goal` and the goal screen.

Goals live in the "goals" table, one document each:

    {"id": "g1", "want": "...", "kind": "job", "why": "...", "ask": "...",
     "contact": {"email": "...", "profile": "https://...", "booking": "https://..."},
     "start": "2026-03-11", "target_date": "2026-06-30" | null,
     "status": "focus" | "waiting" | "archived",
     "outcome": null | "achieved" | "dropped" | "changed", "reflection": "", "closed": null | day,
     "key_results": [{"id": "k1", "title": "...", "kind": "checkins" | "stage" | "manual",
                      "target": 12, "quests": ["coffee"], "stage": "met", "value": 0,
                      "introduced": true}],   # stage only, when it counts only people introduced
     "reviews": [{"week": "2026-03-02", "day": "2026-03-09", "moved": "", "stalled": "", "next_ask": ""}],
     "skipped_reviews": ["2026-02-23"],  # weeks whose review offer was skipped (Esc on start)
     "served": ["coffee"]}    # the quests that served it, kept when it is archived

At most one goal has status "focus".  A quest serves a goal through its own "goal" field.
"""

from __future__ import annotations

import re
import zlib
from datetime import date, timedelta
from typing import TYPE_CHECKING, Iterable, Mapping

from netquest.rules import goals as rules
from netquest.services.errors import ServiceError, Unknown
from netquest.services.history import History
from netquest.services.inputs import MAX_CONTACT, MAX_KEY_RESULTS, MAX_TITLE, parse_day, stored_day
from netquest.services.inputs import MAX_GOAL_TARGET as MAX_TARGET
from netquest.services.inputs import MAX_NOTE as MAX_TEXT
from netquest.services.people_model import match_person
from netquest.services.play import quest_state
from netquest.services.session import Session
from netquest.services.views import (
    ConversationCard,
    GoalFocus,
    GoalRecord,
    GoalStatus,
    GoalView,
    KeyResultKind,
    KeyResultProgress,
    Outcome,
    Pace,
    Review,
    Stage,
    WeekCheckin,
)
from netquest.store.protocols import Transaction

if TYPE_CHECKING:
    from netquest.services.core import NetQuest

CONTACT_KINDS = ("email", "profile", "booking")
FOCUS, WAITING, ARCHIVED = "focus", "waiting", "archived"
COFFEE_TIP = 4

_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
_LINK = re.compile(r"https?://\S+", re.IGNORECASE)

# Questions for a conversation, by the kind of goal: open, specific, and easy to answer.
QUESTIONS: dict[str, tuple[str, ...]] = {
    "explore": (
        "What does a normal week in your work look like?",
        "What surprised you most when you started in this field?",
        "Which problem in your area would you love someone to solve?",
        "Who else should I talk to, to understand this space better?",
        "What would you read or follow if you were starting today?",
    ),
    "partner": (
        "What are you building right now, and what is missing to get there?",
        "How do you like to split work with someone you collaborate with?",
        "What made your best past partnership work?",
        "Which skills would you most want beside yours on a project?",
        "Who do you know that is looking for a partner like me?",
    ),
    "clients": (
        "What is the hardest part of your work this quarter?",
        "How do you usually find outside help when you need it?",
        "What did you wish a past supplier had done differently?",
        "What would make a first small project with someone new feel safe?",
        "Who else in your circle struggles with the same problem?",
    ),
    "job": (
        "How did you find your way into your current team?",
        "What does your team look for that is not written in the job posts?",
        "What does a great first six months look like in a role like yours?",
        "Which teams or companies do you admire in this area, and why?",
        "Would you be open to introducing me to someone who is hiring?",
    ),
    "learn": (
        "What was the most useful thing you learned in your first year doing this?",
        "Which mistake do beginners in this topic make most often?",
        "How do you keep learning in your field now?",
        "Is there a small project you would suggest to practise this?",
        "Who taught you the most, and how did you meet them?",
    ),
    "other": (
        "What are you most excited about at the moment?",
        "What is one thing I could help you with?",
        "What is something you changed your mind about recently?",
        "Who is someone you think I should meet?",
        "How do you like to stay in touch with people you meet?",
    ),
}


def _text(name: str, value, limit: int = MAX_TEXT, required: bool = False) -> str:
    text = "" if value is None else str(value).strip()
    if required and not text:
        raise ServiceError(f"a goal needs {name}")
    if len(text) > limit:
        raise ServiceError(f"{name} may have at most {limit} characters, this one has {len(text)}")
    return text


def check_kind(kind) -> str:
    text = str(kind or "").strip().lower()
    if text not in rules.GOAL_KINDS:
        raise ServiceError(f"unknown goal kind {kind!r} (known: {', '.join(rules.GOAL_KINDS)})")
    return text


def parse_contact(items) -> dict:
    """Contact ways from a mapping or from texts like "email=a@b.org", "https://..." or "a@b.org".

    A bare email address is the email, a bare link the profile; "booking=URL" names a booking
    link.  An empty value ("booking=") removes that way.
    """
    if items is None:
        return {}
    if isinstance(items, str):
        items = [items]
    pairs = list(items.items()) if isinstance(items, Mapping) else []
    if not isinstance(items, Mapping):
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
                raise ServiceError(f"contact {item!r} is not an email address, a link, or email=/profile=/booking=VALUE")
    out = {}
    for key, value in pairs:
        key = str(key).strip().lower()
        value = "" if value is None else str(value).strip()
        if key not in CONTACT_KINDS:
            raise ServiceError(f"unknown contact way {key!r} (known: {', '.join(CONTACT_KINDS)})")
        if len(value) > MAX_CONTACT:
            raise ServiceError(f"a contact may have at most {MAX_CONTACT} characters")
        if value and key == "email" and not _EMAIL.fullmatch(value):
            raise ServiceError(f"{value!r} is not an email address")
        if value and key != "email" and not _LINK.fullmatch(value):
            raise ServiceError(f"the {key} link must start with http:// or https://, not {value!r}")
        out[key] = value
    return out


def _number(name: str, value, low: float, integer: bool) -> int | float:
    try:
        number = float(str(value).strip())
    except (TypeError, ValueError):
        raise ServiceError(f"{name} must be a number, not {value!r}") from None
    if number != number or number in (float("inf"), float("-inf")):
        raise ServiceError(f"{name} must be a number, not {value!r}")
    if integer and not number.is_integer():
        raise ServiceError(f"{name} must be a whole number, not {value!r}")
    if not low <= number <= MAX_TARGET:
        raise ServiceError(f"{name} must be from {low:g} to {MAX_TARGET}, not {number:g}")
    return int(number) if number.is_integer() else number


def _day(value, name: str) -> date | None:
    return parse_day(value, name, none_words=("none",))


def _number_of(goal_id) -> int:
    text = str(goal_id)
    return int(text[1:]) if re.fullmatch(r"[gk]\d{1,9}", text) else 0


def _key_result(doc: dict) -> rules.KeyResult | None:
    """The rules' view of a stored key result; None for one that cannot be read."""
    try:
        kind = doc.get("kind")
        if kind not in rules.KR_KINDS:
            return None
        stage = doc.get("stage")
        return rules.KeyResult(
            id=str(doc["id"]), title=str(doc.get("title", "")), kind=kind, target=float(doc["target"]),
            quests=tuple(str(q) for q in doc.get("quests") or ()),
            stage=stage if stage in rules.STAGES else None, value=float(doc.get("value") or 0),
            introduced=kind == "stage" and doc.get("introduced") is True,
        )
    except (KeyError, TypeError, ValueError, AttributeError):
        return None


def _plain_number(x: float) -> int | float:
    return int(x) if float(x).is_integer() else round(x, 2)


def _record(doc: dict) -> GoalRecord:
    """A goal in a list or its history: what it was and how it ended."""
    outcome = doc.get("outcome")
    return GoalRecord(
        id=doc["id"], want=doc.get("want", ""), kind=doc.get("kind", "other"),
        status=GoalStatus(doc.get("status", WAITING)), start=stored_day(doc.get("start")),
        target_date=stored_day(doc.get("target_date")),
        outcome=Outcome(outcome) if outcome else None,
        reflection=doc.get("reflection", ""), closed=stored_day(doc.get("closed")),
    )


def _stage(value) -> Stage | None:
    return Stage(value) if value in rules.STAGES else None


def _review(doc: dict) -> Review:
    return Review(week=date.fromisoformat(doc["week"]), day=date.fromisoformat(doc["day"]),
                  moved=doc.get("moved", ""), stalled=doc.get("stalled", ""),
                  next_ask=doc.get("next_ask", ""))


def _progress(p: rules.KRProgress) -> KeyResultProgress:
    kr = p.key_result
    return KeyResultProgress(
        id=kr.id, title=kr.title, kind=KeyResultKind(kr.kind), done=_plain_number(p.done),
        target=_plain_number(p.target), pace=Pace(p.pace),
        expected=None if p.expected is None else round(p.expected, 2), overdue=p.overdue,
        quests=list(kr.quests) if kr.kind == "checkins" else [],
        stage=Stage(kr.stage) if kr.kind == "stage" and kr.stage else None,
        introduced=kr.kind == "stage" and kr.introduced,
    )


def _goal_fields(want, kind, why, ask, contact, target_date) -> tuple:
    """The fields of `set_goal` checked and cleaned; None stays None (the field is left as it is)."""
    return (
        None if want is None else _text("what you want", want, required=True),
        None if kind is None else check_kind(kind),
        None if why is None else _text("why", why),
        None if ask is None else _text("the ask", ask),
        parse_contact(contact),
        _day(target_date, "--by") if target_date is not None else None,
    )


def _check_target(by: date | None, today: date, start: date) -> None:
    if by is not None and by < today:
        raise ServiceError(f"the target date {by.isoformat()} is in the past (today is {today.isoformat()})")
    if by is not None and by < start:
        raise ServiceError(f"the target date {by.isoformat()} is before the goal started ({start.isoformat()})")


def _key_result_fields(title, target, quests, stage, manual: bool, introduced: bool = False) -> tuple[dict, list[str]]:
    """A key result's own fields checked (quests not resolved yet) and the quest refs it counts."""
    title = _text("a key result's title", title, MAX_TITLE)
    if not title:
        raise ServiceError("a key result needs a title")
    if isinstance(quests, str):
        quests = [q for q in quests.split(",")]
    quests = [q.strip() for q in quests or () if q and q.strip()]
    chosen = sum([bool(quests), stage is not None and str(stage).strip() != "", bool(manual)])
    if chosen != 1:
        raise ServiceError("a key result counts exactly one of: check-ins of quests, people at a stage, or a manual number")
    target = _number("target", target, 1, integer=not manual)
    kr = {"title": title, "target": target}
    if stage is not None and str(stage).strip():
        stage = str(stage).strip().lower()
        if stage not in rules.STAGES:
            raise ServiceError(f"unknown stage {stage!r} (known: {', '.join(rules.STAGES)})")
        kr.update(kind="stage", stage=stage)
        if introduced:
            kr["introduced"] = True
    elif introduced:
        raise ServiceError("only a key result counting people at a stage can count only people introduced to you")
    elif manual:
        kr.update(kind="manual", value=0)
    return kr, quests


class GoalServices:
    """Goal use cases: set and focus goals, key results, links to quests, weekly reviews."""

    def __init__(self, root: NetQuest) -> None:
        self.root = root

    # ------------------------------------------------------------------ reading
    def _goals(self, tx: Transaction) -> list[dict]:
        docs = [d for d in tx.all("goals") if isinstance(d.get("id"), str)]
        return sorted(docs, key=lambda d: (_number_of(d["id"]), d["id"]))

    def _focused(self, tx: Transaction, goals: list[dict] | None = None) -> dict | None:
        for doc in goals if goals is not None else self._goals(tx):
            if doc.get("status") == FOCUS:
                return doc
        return None

    def _find_goal(self, tx: Transaction, ref) -> dict:
        ref = str(ref or "").strip()
        goals = self._goals(tx)
        if not ref:
            focused = self._focused(tx, goals)
            if focused is None:
                raise ServiceError("no goal in focus: `netquest goal set --want TEXT` or `netquest goal focus ID`")
            return focused
        for doc in goals:
            if doc["id"].lower() == ref.lower():
                return doc
        known = ", ".join(d["id"] for d in goals) or "none yet"
        raise Unknown(f"no goal {ref!r} (goals: {known})", [])

    def _named_goal(self, tx: Transaction, ref) -> dict:
        if not str(ref or "").strip():
            raise ServiceError("name a goal by its id (see `netquest goal list`)")
        return self._find_goal(tx, ref)

    def _linked(self, tx: Transaction, goal_id: str) -> list[str]:
        return [q["id"] for q in tx.quests() if q.get("goal") == goal_id and not q.get("archived")]

    def _goal_view(self, tx: Transaction, doc: dict, counts, today: date) -> GoalView:
        """A goal with its key results' progress and pace."""
        start = stored_day(doc.get("start")) or today
        target_date = stored_day(doc.get("target_date"))
        krs = [kr for kr in map(_key_result, doc.get("key_results") or []) if kr is not None]
        stages: list = []
        if any(kr.kind == "stage" for kr in krs):
            # Since when each person is at their stage: a key result counts only moves made
            # while the goal runs, not people who were there before it existed.
            stages = [rules.PersonStage(p.get("stage"),
                                        stored_day(p.get("stage_since")) or stored_day(p.get("created")),
                                        bool(p.get("introduced_by")))
                      for p in tx.all("people")]
        progress = rules.goal_progress(krs, start, target_date, today, counts, stages)
        return GoalView(
            id=doc["id"], want=doc.get("want", ""), kind=doc.get("kind", "other"),
            why=doc.get("why", ""), ask=doc.get("ask", ""), contact=dict(doc.get("contact") or {}),
            status=GoalStatus(doc.get("status", WAITING)), start=start, target_date=target_date,
            days_left=progress.days_left, overdue=progress.overdue,
            key_results=[_progress(p) for p in progress.key_results], behind=bool(progress.behind),
            quests=self._linked(tx, doc["id"]),
        )

    def summary_in(self, s: Session, hist: History) -> GoalView | None:
        """The focused goal with key-result progress and pace, for the state of play."""
        doc = self._focused(s.tx)
        return None if doc is None else self._goal_view(s.tx, doc, hist.counts, s.today)

    def focused_on_in(self, s: Session, day: date) -> GoalView | None:
        """The focused goal with its key results as they stood at the end of `day`."""
        doc = self._focused(s.tx)
        return None if doc is None else self._goal_view(s.tx, doc, s.history.counts, day)

    def list(self) -> list[GoalRecord]:
        """Every goal, in the order they were made: id, want, kind, status, dates, outcome."""
        with self.root.reading() as s:
            tx = s.tx
            return [_record(d) for d in self._goals(tx)]

    def get(self, ref: str | None = None) -> GoalView:
        """One goal (the focused one by default) with progress; ServiceError when there is none."""
        with self.root.reading() as s:
            tx = s.tx
            doc = self._find_goal(tx, ref)
            return self._goal_view(tx, doc, s.history.counts, s.today)

    def focused(self) -> GoalView | None:
        """The goal in focus with progress, or None."""
        with self.root.reading() as s:
            tx = s.tx
            doc = self._focused(tx)
            return None if doc is None else self._goal_view(tx, doc, s.history.counts, s.today)

    # ------------------------------------------------------------------ writing
    def _new_goal(self, tx: Transaction, want: str, kind: str, today: date, goals: list[dict]) -> dict:
        for doc in goals:
            if doc.get("status") == FOCUS:
                doc["status"] = WAITING
                tx.put("goals", doc)
        number = max([_number_of(d["id"]) for d in goals] + [0]) + 1
        return {"id": f"g{number}", "want": want, "kind": kind, "why": "", "ask": "", "contact": {},
                "start": today.isoformat(), "target_date": None, "status": FOCUS, "outcome": None,
                "reflection": "", "closed": None, "key_results": [], "reviews": []}

    def set(self, want=None, kind=None, why=None, ask=None, contact=None, target_date=None,
                 new: bool = False) -> GoalView:
        """Create or update the focused goal; a new goal is made when none is in focus or `new`.

        None leaves a field as it is; `target_date` "" or "none" clears the date, and a
        contact way given as "" is removed.  With `new`, the goal in focus waits.
        """
        want_text, kind_text, why_text, ask_text, ways, by = _goal_fields(want, kind, why, ask, contact, target_date)
        with self.root.writing() as s:
            tx = s.tx
            today = s.today
            goals = self._goals(tx)
            doc = None if new else self._focused(tx, goals)
            if doc is None:
                if want_text is None:
                    raise ServiceError("a new goal needs what you want (--want)")
                doc = self._new_goal(tx, want_text, kind_text or "explore", today, goals)
            _check_target(by, today, stored_day(doc.get("start")) or today)
            for key, value in (("want", want_text), ("kind", kind_text), ("why", why_text), ("ask", ask_text)):
                if value is not None:
                    doc[key] = value
            if target_date is not None:
                doc["target_date"] = by.isoformat() if by else None
            if ways:
                merged = dict(doc.get("contact") or {})
                merged.update(ways)
                doc["contact"] = {k: v for k, v in merged.items() if v}
            tx.put("goals", doc)
            return self._goal_view(tx, doc, s.history.counts, today)

    def validate(self, want=None, kind=None, why=None, ask=None, contact=None, target_date=None,
                      today: date | None = None, start: date | None = None) -> None:
        """Raise ServiceError naming the first field `set_goal` would refuse; the goal editor shows it inline.

        Reads nothing: the editor passes the `today` and the goal's `start` it knows.
        """
        by = _goal_fields(want, kind, why, ask, contact, target_date)[-1]
        if today is not None:
            _check_target(by, today, start or today)

    def validate_key_result(self, title, target, quests=None, stage=None, manual: bool = False,
                            introduced: bool = False) -> None:
        """Raise ServiceError naming the first field `add_key_result` would refuse (quests are not looked up)."""
        _key_result_fields(title, target, quests, stage, manual, introduced)

    def start_first_goal(self, s: Session, want: str, kind: str, quests: Iterable[str]) -> dict | None:
        """Onboarding: the answer to "what do you want" becomes the goal in focus, served by the
        picked quests."""
        tx, today = s.tx, s.today
        goals = self._goals(tx)
        if self._focused(tx, goals) is not None:
            return None
        doc = self._new_goal(tx, want.strip()[:MAX_TEXT], kind, today, goals)
        tx.put("goals", doc)
        for qid in quests:
            quest = tx.quest(qid)
            if quest is not None and not quest.get("goal"):
                quest["goal"] = doc["id"]
                tx.put_quest(quest)
        return doc

    def add_key_result(self, title, target, quests=None, stage=None, manual: bool = False,
                       goal: str | None = None, introduced: bool = False) -> KeyResultProgress:
        """Add a key result to the focused goal (or `goal`): exactly one of `quests`, `stage`, `manual`.

        `quests` are quest ids or names (a list or "a,b"); the quests it counts are linked
        to the goal when they serve none yet.  A `stage` key result counts people who reach
        the stage (or beyond) from the goal's start on; with `introduced`, only people
        someone introduced you to.
        """
        kr, quests = _key_result_fields(title, target, quests, stage, manual, introduced)
        with self.root.writing() as s:
            tx = s.tx
            doc = self._find_goal(tx, goal)
            if doc.get("status") == ARCHIVED:
                raise ServiceError(f"goal {doc['id']} is archived")
            existing = list(doc.get("key_results") or [])
            if len(existing) >= MAX_KEY_RESULTS:
                raise ServiceError(f"a goal may have at most {MAX_KEY_RESULTS} key results")
            if quests:
                resolved = []
                for ref in quests:
                    quest = self.root.quests.resolve(s, ref, include_archived=True)
                    if quest.id not in resolved:
                        resolved.append(quest.id)
                    if not quest.goal:
                        qdoc = tx.quest(quest.id)
                        qdoc["goal"] = doc["id"]
                        tx.put_quest(qdoc)
                kr.update(kind="checkins", quests=resolved)
            kr = {"id": f"k{max([_number_of(k.get('id')) for k in existing] + [0]) + 1}", **kr}
            doc["key_results"] = existing + [kr]
            tx.put("goals", doc)
            today = s.today
            summary = self._goal_view(tx, doc, s.history.counts, today)
        return next(k for k in summary.key_results if k.id == kr["id"])

    def _key_result_of(self, tx: Transaction, kr_id, goal) -> tuple[dict, dict]:
        doc = self._find_goal(tx, goal)
        kr_id = str(kr_id or "").strip().lower()
        for kr in doc.get("key_results") or []:
            if str(kr.get("id")).lower() == kr_id:
                return doc, kr
        known = ", ".join(str(k.get("id")) for k in doc.get("key_results") or []) or "none yet"
        raise ServiceError(f"goal {doc['id']} has no key result {kr_id!r} (key results: {known})")

    def set_key_result(self, kr_id, value, goal: str | None = None) -> KeyResultProgress:
        """Set the number of a manual key result; returns it with its progress."""
        number = _number("value", value, 0, integer=False)
        with self.root.writing() as s:
            tx = s.tx
            doc, kr = self._key_result_of(tx, kr_id, goal)
            if kr.get("kind") != "manual":
                raise ServiceError(f"key result {kr['id']} counts {'check-ins' if kr.get('kind') == 'checkins' else 'people'} "
                                   "by itself; only a manual one takes a number")
            kr["value"] = number
            tx.put("goals", doc)
            summary = self._goal_view(tx, doc, s.history.counts, s.today)
        return next(k for k in summary.key_results if k.id == kr["id"])

    def remove_key_result(self, kr_id, goal: str | None = None) -> GoalView:
        """Drop a key result; returns the goal."""
        with self.root.writing() as s:
            tx = s.tx
            doc, kr = self._key_result_of(tx, kr_id, goal)
            doc["key_results"] = [k for k in doc["key_results"] if k is not kr]
            tx.put("goals", doc)
            return self._goal_view(tx, doc, s.history.counts, s.today)

    def focus(self, ref) -> GoalView:
        """Put a waiting goal in focus; the one in focus before waits."""
        with self.root.writing() as s:
            tx = s.tx
            doc = self._named_goal(tx, ref)
            if doc.get("status") == ARCHIVED:
                raise ServiceError(f"goal {doc['id']} is archived ({doc.get('outcome')}); set a new one instead")
            for other in self._goals(tx):
                if other["id"] != doc["id"] and other.get("status") == FOCUS:
                    other["status"] = WAITING
                    tx.put("goals", other)
            doc["status"] = FOCUS
            tx.put("goals", doc)
            return self._goal_view(tx, doc, s.history.counts, s.today)

    def close(self, ref, outcome: str, reflection: str = "") -> GoalRecord:
        """Archive a goal with its outcome and a line of reflection; its quests serve no goal after."""
        outcome_text = str(outcome or "").strip().lower()
        if outcome_text not in rules.OUTCOMES:
            raise ServiceError(f"unknown outcome {outcome!r} (known: {', '.join(rules.OUTCOMES)})")
        reflection = _text("a reflection", reflection)
        with self.root.writing() as s:
            tx = s.tx
            doc = self._named_goal(tx, ref)
            if doc.get("status") == ARCHIVED:
                raise ServiceError(f"goal {doc['id']} is already archived ({doc.get('outcome')})")
            today = s.today
            served = []
            for quest in tx.quests():
                if quest.get("goal") == doc["id"]:
                    served.append(quest["id"])
                    del quest["goal"]
                    tx.put_quest(quest)
            doc.update(status=ARCHIVED, outcome=outcome_text, reflection=reflection, closed=today.isoformat(),
                       served=served)
            tx.put("goals", doc)
            return _record(doc)

    def link_quest(self, quest_ref: str, goal: str | None = None):
        """Let a quest serve a goal (the focused one by default); returns (quest, goal id)."""
        with self.root.writing() as s:
            tx = s.tx
            doc = self._find_goal(tx, goal)
            if doc.get("status") == ARCHIVED:
                raise ServiceError(f"goal {doc['id']} is archived")
            quest = self.root.quests.resolve(s, quest_ref, include_archived=True)
            qdoc = tx.quest(quest.id)
            qdoc["goal"] = doc["id"]
            tx.put_quest(qdoc)
        return quest, doc["id"]

    def unlink_quest(self, quest_ref: str):
        """The quest serves no goal any more; returns (quest, the goal id it served or None)."""
        with self.root.writing() as s:
            tx = s.tx
            quest = self.root.quests.resolve(s, quest_ref, include_archived=True)
            qdoc = tx.quest(quest.id)
            before = qdoc.pop("goal", None)
            if before is not None:
                tx.put_quest(qdoc)
        return quest, before

    # ------------------------------------------------------------ weekly review
    @staticmethod
    def _review_weeks(doc: dict, today: date, s: Session) -> tuple[date, date, bool]:
        """(this week's first day, last week's first day, whether last week needs a review)."""
        this_week = s.week_of(today)[0]
        last_week = this_week - timedelta(days=7)
        start = stored_day(doc.get("start")) or today
        reviewed = {r.get("week") for r in doc.get("reviews") or []}
        # A goal made this week has no past week to review yet.
        due = start < this_week and last_week.isoformat() not in reviewed
        return this_week, last_week, due

    def weekly_review_due(self, today: date | None = None) -> bool:
        """Whether to offer the weekly review on start: true from the first day of a week, by
        the week_start setting, until last week is reviewed or its offer skipped (`skip_review`).

        Only for a goal in focus that already existed last week.  The goal screen still
        says a skipped week waits for its review, and `add_review` still covers it.
        """
        with self.root.reading() as s:
            tx = s.tx
            doc = self._focused(tx)
            if doc is None:
                return False
            _, last_week, due = self._review_weeks(doc, today or s.today, s)
            return due and last_week.isoformat() not in (doc.get("skipped_reviews") or [])

    def skip_review(self) -> bool:
        """Skip the offer of the weekly review that is due: it is not offered again on start
        until the next week.  Returns whether a review was due (and its offer is now skipped)."""
        with self.root.writing() as s:
            tx = s.tx
            doc = self._focused(tx)
            if doc is None:
                return False
            _, last_week, due = self._review_weeks(doc, s.today, s)
            skipped = [w for w in doc.get("skipped_reviews") or [] if isinstance(w, str)]
            if not due or last_week.isoformat() in skipped:
                return False
            doc["skipped_reviews"] = (skipped + [last_week.isoformat()])[-12:]
            tx.put("goals", doc)
        return True

    def add_review(self, moved: str = "", stalled: str = "", next_ask: str = "", week=None) -> Review:
        """Store the weekly review of the focused goal.

        It reviews last week while that one is still open for review, else this week (a
        review written on a Friday covers its own week).  A second review of the same week
        replaces the first.
        """
        moved = _text("what moved the goal", moved)
        stalled = _text("what did not", stalled)
        next_ask = _text("next week's ask", next_ask)
        if not (moved or stalled or next_ask):
            raise ServiceError("a review needs at least one of: what moved, what did not, what to ask for next week")
        week_day = _day(week, "week") if week is not None else None
        with self.root.writing() as s:
            tx = s.tx
            doc = self._find_goal(tx, None)
            today = s.today
            this_week, last_week, due = self._review_weeks(doc, today, s)
            if week_day is not None:
                if week_day > today:
                    raise ServiceError(f"week {week_day.isoformat()} is in the future")
                reviewed = s.week_of(week_day)[0]
            else:
                reviewed = last_week if due else this_week
            review = {"week": reviewed.isoformat(), "day": today.isoformat(),
                      "moved": moved, "stalled": stalled, "next_ask": next_ask}
            reviews = [r for r in doc.get("reviews") or [] if r.get("week") != review["week"]]
            doc["reviews"] = sorted(reviews + [review], key=lambda r: (r.get("week") or "", r.get("day") or ""))
            tx.put("goals", doc)
        return _review(review)

    # ---------------------------------------------------------------- goal screen
    def view(self) -> GoalFocus:
        """Everything the goal-focus screen shows, read in one go."""
        with self.root.reading() as s:
            tx = s.tx
            today, ws = s.today, s.week_start
            week_from, week_to = s.week_of(today)
            goals = self._goals(tx)
            doc = self._focused(tx, goals)
            waiting = [_record(d) for d in goals if d.get("status") == WAITING]
            archived = sorted((_record(d) for d in goals if d.get("status") == ARCHIVED),
                              key=lambda r: r.closed or date.min, reverse=True)
            if doc is None:
                return GoalFocus(today, week_from, week_to, None,
                                waiting=waiting, archived=archived)
            hist = s.history
            summary = self._goal_view(tx, doc, hist.counts, today)
            linked = set(summary.quests)
            quests = {q.id: q for q in self.root.quests.list_in(s, include_archived=True)}
            first, last = week_from.isoformat(), today.isoformat()
            week = [
                WeekCheckin(day=date.fromisoformat(r.day), quest=r.quest,
                            title=quests[r.quest].title if r.quest in quests else r.quest,
                            count=r.count, note=r.note, people=list(r.people))
                for r in hist.records if r.quest in linked and first <= r.day <= last
            ]
            due = [quest_state(quests[qid], hist, today, ws) for qid in summary.quests if qid in quests]
            review_due = self._review_weeks(doc, today, s)[2]
        return GoalFocus(
            today=today, week_from=week_from, week_to=week_to, goal=summary,
            week_checkins=week, due_today=[q for q in due if q.due and not q.complete], review_due=review_due,
            reviews=[_review(r) for r in reversed(doc.get("reviews") or [])],
            waiting=waiting, archived=archived,
        )

    def conversation_card(self, person_name: str) -> ConversationCard:
        """What I want and ask, and three questions for `person_name` picked by the goal's kind."""
        person = _text("a name", person_name, MAX_TITLE)
        if not person:
            raise ServiceError("name the person you are about to talk with")
        with self.root.reading() as s:
            tx = s.tx
            doc = self._focused(tx)
            stage = None
            try:
                known = match_person(tx.all("people"), person)  # as a check-in would find them
            except ServiceError:
                known = None  # could be several people: the card keeps the name as typed
            if known is not None:
                person, stage = known.get("name") or person, _stage(known.get("stage"))
        kind = (doc or {}).get("kind", "explore")
        bank = QUESTIONS.get(kind, QUESTIONS["other"])
        # The same person gets the same questions each time; different people get a mix.
        first = zlib.crc32(person.lower().encode("utf-8")) % len(bank)
        questions = [bank[(first + i) % len(bank)] for i in range(3)]
        return ConversationCard(
            person=person, goal_id=doc["id"] if doc else None, want=(doc or {}).get("want", ""), kind=kind,
            ask=(doc or {}).get("ask", ""), contact=dict((doc or {}).get("contact") or {}),
            questions=questions, stage=stage,
        )

    def log_conversation(self, person: str, note: str = "", quest_ref: str | None = None):
        """Log a conversation as a check-in naming `person`, on a virtual-coffee quest by default.

        The default quest is the first tip-4 quest serving the focused goal, else the first
        tip-4 quest.  Returns the CheckinResult.
        """
        person = _text("a name", person, MAX_TITLE)
        if not person:
            raise ServiceError("name the person you talked with")
        if quest_ref is None:
            with self.root.reading() as s:
                tx = s.tx
                focused = self._focused(tx)
                coffee = [q for q in self.root.quests.list_in(s) if q.tip == COFFEE_TIP]
            serving = [q for q in coffee if focused is not None and q.goal == focused["id"]]
            chosen = (serving or coffee)[:1]
            if not chosen:
                raise ServiceError("no virtual-coffee quest (tip 4) to log a conversation on: "
                                   "add one with `netquest quest add TITLE --tip 4 --cadence 1/week` or name a quest")
            quest_ref = chosen[0].id
        return self.root.quests.checkin(quest_ref, note=note or "", people=[person])
