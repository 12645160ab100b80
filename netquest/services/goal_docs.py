"""Stored goal documents read for the use cases: finding a goal, and turning one into the
typed values the screens and the command line show (`GoalRecord`, `GoalView`, `Review`).

Goals live in the "goals" table, one document each:

    {"id": "g1", "want": "...", "kind": "job", "why": "...", "ask": "...",
     "contact": {"email": "...", "profile": "https://...", "booking": "https://..."},
     "start": "2026-03-11", "target_date": "2026-06-30" | null,
     "status": "focus" | "waiting" | "archived",
     "outcome": null | "achieved" | "dropped" | "changed", "reflection": "",
     "closed": null | day,
     "key_results": [{"id": "k1", "title": "...", "kind": "checkins" | "stage" | "manual",
                      "target": 12, "quests": ["coffee"], "stage": "met", "value": 0,
                      "introduced": true}],  # stage only: counts only people introduced
     "reviews": [{"week": "2026-03-02", "day": "2026-03-09", "moved": "", "stalled": "",
                  "next_ask": ""}],
     "skipped_reviews": ["2026-02-23"],  # weeks whose review offer was skipped (Esc on start)
     "served": ["coffee"]}    # the quests that served it, kept when it is archived

At most one goal has status "focus".  A quest serves a goal through its own "goal" field.
"""

from __future__ import annotations

import re
from datetime import date

from netquest.i18n import _
from netquest.rules import goals as rules
from netquest.services.errors import ServiceError, Unknown
from netquest.services.inputs import stored_day
from netquest.services.views import (
    GoalRecord,
    GoalStatus,
    GoalView,
    KeyResultKind,
    KeyResultProgress,
    Outcome,
    Pace,
    Review,
    Stage,
)
from netquest.store.protocols import Transaction

FOCUS, WAITING, ARCHIVED = "focus", "waiting", "archived"


def number_of(goal_id) -> int:
    """The number in a goal's or key result's id ("g12" → 12), 0 for any other id."""
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
            id=str(doc["id"]), title=str(doc.get("title", "")), kind=kind,
            target=float(doc["target"]), quests=tuple(str(q) for q in doc.get("quests") or ()),
            stage=stage if stage in rules.STAGES else None, value=float(doc.get("value") or 0),
            introduced=kind == "stage" and doc.get("introduced") is True,
        )
    except (KeyError, TypeError, ValueError, AttributeError):
        return None


def _plain_number(x: float) -> int | float:
    return int(x) if float(x).is_integer() else round(x, 2)


def record(doc: dict) -> GoalRecord:
    """A goal in a list or its history: what it was and how it ended."""
    outcome = doc.get("outcome")
    return GoalRecord(
        id=doc["id"], want=doc.get("want", ""), kind=doc.get("kind", "other"),
        status=GoalStatus(doc.get("status", WAITING)), start=stored_day(doc.get("start")),
        target_date=stored_day(doc.get("target_date")),
        outcome=Outcome(outcome) if outcome else None,
        reflection=doc.get("reflection", ""), closed=stored_day(doc.get("closed")),
    )


def stage(value) -> Stage | None:
    return Stage(value) if value in rules.STAGES else None


def review(doc: dict) -> Review:
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


# ------------------------------------------------------------------ reading a transaction
def goals_in(tx: Transaction) -> list[dict]:
    """Every goal document, in the order they were made."""
    docs = [d for d in tx.all("goals") if isinstance(d.get("id"), str)]
    return sorted(docs, key=lambda d: (number_of(d["id"]), d["id"]))


def focused_in(tx: Transaction, goals: list[dict] | None = None) -> dict | None:
    for doc in goals if goals is not None else goals_in(tx):
        if doc.get("status") == FOCUS:
            return doc
    return None


def find_goal(tx: Transaction, ref) -> dict:
    """The goal named by id, or the focused one when `ref` is empty."""
    ref = str(ref or "").strip()
    goals = goals_in(tx)
    if not ref:
        focused = focused_in(tx, goals)
        if focused is None:
            raise ServiceError(
                _("no goal in focus: `netquest goal set --want TEXT` or `netquest goal "
                  "focus ID`")
            )
        return focused
    for doc in goals:
        if doc["id"].lower() == ref.lower():
            return doc
    known = ", ".join(d["id"] for d in goals) or "none yet"
    raise Unknown(_("no goal {ref} (goals: {known})").format(
            ref=repr(ref), known=known), [])


def named_goal(tx: Transaction, ref) -> dict:
    if not str(ref or "").strip():
        raise ServiceError(_("name a goal by its id (see `netquest goal list`)"))
    return find_goal(tx, ref)


def _linked(tx: Transaction, goal_id: str) -> list[str]:
    return [q["id"] for q in tx.quests() if q.get("goal") == goal_id and not q.get("archived")]


def goal_view(tx: Transaction, doc: dict, counts, today: date) -> GoalView:
    """A goal with its key results' progress and pace."""
    start = stored_day(doc.get("start")) or today
    target_date = stored_day(doc.get("target_date"))
    krs = [kr for kr in map(_key_result, doc.get("key_results") or []) if kr is not None]
    stages: list = []
    if any(kr.kind == "stage" for kr in krs):
        # Since when each person is at their stage: a key result counts only moves made
        # while the goal runs, not people who were there before it existed.
        stages = [
            rules.PersonStage(p.get("stage"),
                              stored_day(p.get("stage_since")) or stored_day(p.get("created")),
                              bool(p.get("introduced_by")))
            for p in tx.all("people")
        ]
    progress = rules.goal_progress(krs, start, target_date, today, counts, stages)
    return GoalView(
        id=doc["id"], want=doc.get("want", ""), kind=doc.get("kind", "other"),
        why=doc.get("why", ""), ask=doc.get("ask", ""), contact=dict(doc.get("contact") or {}),
        status=GoalStatus(doc.get("status", WAITING)), start=start, target_date=target_date,
        days_left=progress.days_left, overdue=progress.overdue,
        key_results=[_progress(p) for p in progress.key_results], behind=bool(progress.behind),
        quests=_linked(tx, doc["id"]),
    )
