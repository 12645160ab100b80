"""Goals ("know what you want"): the use cases behind `netquest goal` and the goal screen.

`services.goals` sets and focuses goals, adds and sets their key results, links quests to
them, closes them and reads the goal screen.  Beside it: `goal_docs.py` (the stored
documents, how a goal is found and shown), `goal_fields.py` (what a write may hold),
`reviews.py` (`services.reviews`, the weekly review) and `conversation.py`
(`services.conversations`, the conversation card and log).
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Iterable

from netquest.i18n import N_, _
from netquest.rules import goals as rules
from netquest.services import badges
from netquest.services.errors import ServiceError
from netquest.services.goal_docs import (
    ARCHIVED,
    FOCUS,
    WAITING,
    find_goal,
    focused_in,
    goal_view,
    goals_in,
    named_goal,
    number_of,
    record,
    review,
)
from netquest.services.goal_fields import (
    MAX_KEY_RESULTS,
    MAX_TEXT,
    check_number,
    check_target,
    check_text,
    goal_fields,
    key_result_fields,
)
from netquest.services.history import History
from netquest.services.inputs import stored_day
from netquest.services.play import quest_state
from netquest.services.reviews import review_weeks
from netquest.services.session import Session
from netquest.services.views import GoalFocus, GoalRecord, GoalView, KeyResultProgress, WeekCheckin
from netquest.store.protocols import Transaction

if TYPE_CHECKING:
    from netquest.services.core import NetQuest


class GoalServices:
    """Goal use cases: set and focus goals, key results, links to quests, weekly reviews."""

    def __init__(self, root: NetQuest) -> None:
        self.root = root

    # ------------------------------------------------------------------ reading
    def focus_start_in(self, s: Session) -> date | None:
        """The start of the goal in focus (None without one): its key results count from it."""
        doc = focused_in(s.tx)
        return None if doc is None else (stored_day(doc.get("start")) or s.today)

    def summary_in(self, s: Session, hist: History) -> GoalView | None:
        """The focused goal with key-result progress and pace, for the state of play."""
        doc = focused_in(s.tx)
        return None if doc is None else goal_view(s.tx, doc, hist.counts, s.today)

    def focused_on_in(self, s: Session, day: date) -> GoalView | None:
        """The focused goal with its key results as they stood at the end of `day`."""
        doc = focused_in(s.tx)
        return None if doc is None else goal_view(s.tx, doc, s.history.counts, day)

    def list(self) -> list[GoalRecord]:
        """Every goal, in the order they were made: id, want, kind, status, dates, outcome."""
        with self.root.reading() as s:
            tx = s.tx
            return [record(d) for d in goals_in(tx)]

    def get(self, ref: str | None = None) -> GoalView:
        """One goal (the focused one by default) with progress; ServiceError when there is none."""
        with self.root.reading() as s:
            tx = s.tx
            doc = find_goal(tx, ref)
            return goal_view(tx, doc, s.history.counts, s.today)

    def focused(self) -> GoalView | None:
        """The goal in focus with progress, or None."""
        with self.root.reading() as s:
            tx = s.tx
            doc = focused_in(tx)
            return None if doc is None else goal_view(tx, doc, s.history.counts, s.today)

    # ------------------------------------------------------------------ writing
    def _new_goal(
        self, tx: Transaction, want: str, kind: str, today: date, goals: list[dict]
    ) -> dict:
        for doc in goals:
            if doc.get("status") == FOCUS:
                doc["status"] = WAITING
                tx.put("goals", doc)
        number = max([number_of(d["id"]) for d in goals] + [0]) + 1
        return {
            "id": f"g{number}",
            "want": want,
            "kind": kind,
            "why": "",
            "ask": "",
            "contact": {},
            "start": today.isoformat(),
            "target_date": None,
            "status": FOCUS,
            "outcome": None,
            "reflection": "",
            "closed": None,
            "key_results": [],
            "reviews": [],
        }

    def set(
        self,
        want=None,
        kind=None,
        why=None,
        ask=None,
        contact=None,
        target_date=None,
        new: bool = False,
    ) -> GoalView:
        """Create or update the focused goal; a new goal is made when none is in focus or `new`.

        None leaves a field as it is; `target_date` "" or "none" clears the date, and a
        contact way given as "" is removed.  With `new`, the goal in focus waits.
        """
        want_text, kind_text, why_text, ask_text, ways, by = goal_fields(
            want, kind, why, ask, contact, target_date
        )
        with self.root.writing() as s:
            tx = s.tx
            today = s.today
            goals = goals_in(tx)
            doc = None if new else focused_in(tx, goals)
            if doc is None:
                if want_text is None:
                    raise ServiceError(_("a new goal needs what you want (--want)"))
                doc = self._new_goal(tx, want_text, kind_text or "explore", today, goals)
            check_target(by, today, stored_day(doc.get("start")) or today)
            for key, value in (
                ("want", want_text),
                ("kind", kind_text),
                ("why", why_text),
                ("ask", ask_text),
            ):
                if value is not None:
                    doc[key] = value
            if target_date is not None:
                doc["target_date"] = by.isoformat() if by else None
            if ways:
                merged = dict(doc.get("contact") or {})
                merged.update(ways)
                doc["contact"] = {k: v for k, v in merged.items() if v}
            tx.put("goals", doc)
            return goal_view(tx, doc, s.history.counts, today)

    def validate(
        self,
        want=None,
        kind=None,
        why=None,
        ask=None,
        contact=None,
        target_date=None,
        today: date | None = None,
        start: date | None = None,
    ) -> None:
        """Raise ServiceError naming the first field `set_goal` would refuse; the goal editor shows it inline.

        Reads nothing: the editor passes the `today` and the goal's `start` it knows.
        """
        by = goal_fields(want, kind, why, ask, contact, target_date)[-1]
        if today is not None:
            check_target(by, today, start or today)

    def validate_key_result(
        self, title, target, quests=None, stage=None, manual: bool = False, introduced: bool = False
    ) -> None:
        """Raise ServiceError naming the first field `add_key_result` would refuse (quests are not looked up)."""
        key_result_fields(title, target, quests, stage, manual, introduced)

    def start_first_goal(
        self, s: Session, want: str, kind: str, quests: Iterable[str]
    ) -> dict | None:
        """Onboarding: the answer to "what do you want" becomes the goal in focus, served by the
        picked quests."""
        tx, today = s.tx, s.today
        goals = goals_in(tx)
        if focused_in(tx, goals) is not None:
            return None
        doc = self._new_goal(tx, want.strip()[:MAX_TEXT], kind, today, goals)
        tx.put("goals", doc)
        for qid in quests:
            quest = tx.quest(qid)
            if quest is not None and not quest.get("goal"):
                quest["goal"] = doc["id"]
                tx.put_quest(quest)
        return doc

    def add_key_result(
        self,
        title,
        target,
        quests=None,
        stage=None,
        manual: bool = False,
        goal: str | None = None,
        introduced: bool = False,
    ) -> KeyResultProgress:
        """Add a key result to the focused goal (or `goal`): exactly one of `quests`, `stage`, `manual`.

        `quests` are quest ids or names (a list or "a,b"); the quests it counts are linked
        to the goal when they serve none yet.  A `stage` key result counts people who reach
        the stage (or beyond) from the goal's start on; with `introduced`, only people
        someone introduced you to.
        """
        kr, quests = key_result_fields(title, target, quests, stage, manual, introduced)
        with self.root.writing() as s:
            tx = s.tx
            doc = find_goal(tx, goal)
            if doc.get("status") == ARCHIVED:
                raise ServiceError(_("goal {id} is archived").format(
                        id=doc['id']))
            existing = list(doc.get("key_results") or [])
            if len(existing) >= MAX_KEY_RESULTS:
                raise ServiceError(
                    _("a goal may have at most {max_key_results} key results").format(
                        max_key_results=MAX_KEY_RESULTS))
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
            kr = {"id": f"k{max([number_of(k.get('id')) for k in existing] + [0]) + 1}", **kr}
            doc["key_results"] = existing + [kr]
            tx.put("goals", doc)
            today = s.today
            summary = goal_view(tx, doc, s.history.counts, today)
        return next(k for k in summary.key_results if k.id == kr["id"])

    def _key_result_of(self, tx: Transaction, kr_id, goal) -> tuple[dict, dict]:
        doc = find_goal(tx, goal)
        kr_id = str(kr_id or "").strip().lower()
        for kr in doc.get("key_results") or []:
            if str(kr.get("id")).lower() == kr_id:
                return doc, kr
        known = ", ".join(str(k.get("id")) for k in doc.get("key_results") or []) or "none yet"
        raise ServiceError(_("goal {id} has no key result {kr_id} (key results: {known})").format(
                id=doc['id'], kr_id=repr(kr_id), known=known))

    def set_key_result(self, kr_id, value, goal: str | None = None) -> KeyResultProgress:
        """Set the number of a manual key result; returns it with its progress."""
        number = check_number(N_("value"), value, 0, integer=False)
        with self.root.writing() as s:
            tx = s.tx
            doc, kr = self._key_result_of(tx, kr_id, goal)
            if kr.get("kind") != "manual":
                raise ServiceError(
                    _("key result {id} counts {value} by itself; only a manual one takes a "
                      "number").format(
                        id=kr['id'], value='check-ins' if kr.get('kind') == 'checkins' else 'people')
                )
            kr["value"] = number
            tx.put("goals", doc)
            summary = goal_view(tx, doc, s.history.counts, s.today)
        return next(k for k in summary.key_results if k.id == kr["id"])

    def remove_key_result(self, kr_id, goal: str | None = None) -> GoalView:
        """Drop a key result; returns the goal."""
        with self.root.writing() as s:
            tx = s.tx
            doc, kr = self._key_result_of(tx, kr_id, goal)
            doc["key_results"] = [k for k in doc["key_results"] if k is not kr]
            tx.put("goals", doc)
            return goal_view(tx, doc, s.history.counts, s.today)

    def focus(self, ref) -> GoalView:
        """Put a waiting goal in focus; the one in focus before waits."""
        with self.root.writing() as s:
            tx = s.tx
            doc = named_goal(tx, ref)
            if doc.get("status") == ARCHIVED:
                raise ServiceError(
                    _("goal {id} is archived ({outcome}); set a new one instead").format(
                        id=doc['id'], outcome=doc.get('outcome'))
                )
            for other in goals_in(tx):
                if other["id"] != doc["id"] and other.get("status") == FOCUS:
                    other["status"] = WAITING
                    tx.put("goals", other)
            doc["status"] = FOCUS
            tx.put("goals", doc)
            return goal_view(tx, doc, s.history.counts, s.today)

    def close(self, ref, outcome: str, reflection: str = "") -> GoalRecord:
        """Archive a goal with its outcome and a line of reflection; its quests serve no goal after."""
        outcome_text = str(outcome or "").strip().lower()
        if outcome_text not in rules.OUTCOMES:
            raise ServiceError(_("unknown outcome {outcome} (known: {names})").format(
                    outcome=repr(outcome), names=', '.join(rules.OUTCOMES)))
        reflection = check_text(N_("a reflection"), reflection)
        with self.root.writing() as s:
            tx = s.tx
            doc = named_goal(tx, ref)
            if doc.get("status") == ARCHIVED:
                raise ServiceError(_("goal {id} is already archived ({outcome})").format(
                        id=doc['id'], outcome=doc.get('outcome')))
            today = s.today
            served = []
            for quest in tx.quests():
                if quest.get("goal") == doc["id"]:
                    served.append(quest["id"])
                    del quest["goal"]
                    tx.put_quest(quest)
            doc.update(
                status=ARCHIVED,
                outcome=outcome_text,
                reflection=reflection,
                closed=today.isoformat(),
                served=served,
            )
            tx.put("goals", doc)
            if outcome_text == "achieved":
                badges.sync_if_locked(s, "goal_achieved")
            return record(doc)

    def link_quest(self, quest_ref: str, goal: str | None = None):
        """Let a quest serve a goal (the focused one by default); returns (quest, goal id)."""
        with self.root.writing() as s:
            tx = s.tx
            doc = find_goal(tx, goal)
            if doc.get("status") == ARCHIVED:
                raise ServiceError(_("goal {id} is archived").format(
                        id=doc['id']))
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

    # ---------------------------------------------------------------- goal screen
    def view(self) -> GoalFocus:
        """Everything the goal-focus screen shows, read in one go."""
        with self.root.reading() as s:
            tx = s.tx
            today, ws = s.today, s.week_start
            week_from, week_to = s.week_of(today)
            goals = goals_in(tx)
            doc = focused_in(tx, goals)
            waiting = [record(d) for d in goals if d.get("status") == WAITING]
            archived = sorted(
                (record(d) for d in goals if d.get("status") == ARCHIVED),
                key=lambda r: r.closed or date.min,
                reverse=True,
            )
            if doc is None:
                return GoalFocus(
                    today, week_from, week_to, None, waiting=waiting, archived=archived
                )
            hist = s.history
            summary = goal_view(tx, doc, hist.counts, today)
            linked = set(summary.quests)
            quests = {q.id: q for q in self.root.quests.list_in(s, include_archived=True)}
            first, last = week_from.isoformat(), today.isoformat()
            week = [
                WeekCheckin(
                    day=date.fromisoformat(r.day),
                    quest=r.quest,
                    title=quests[r.quest].title if r.quest in quests else r.quest,
                    count=r.count,
                    note=r.note,
                    people=list(r.people),
                )
                for r in hist.records
                if r.quest in linked and first <= r.day <= last
            ]
            due = [
                quest_state(quests[qid], hist, today, ws) for qid in summary.quests if qid in quests
            ]
            review_due = review_weeks(doc, today, s)[2]
        return GoalFocus(
            today=today,
            week_from=week_from,
            week_to=week_to,
            goal=summary,
            week_checkins=week,
            due_today=[q for q in due if q.due and not q.complete],
            review_due=review_due,
            reviews=[review(r) for r in reversed(doc.get("reviews") or [])],
            waiting=waiting,
            archived=archived,
        )
