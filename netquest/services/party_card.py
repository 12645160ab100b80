"""The card this device publishes: built from the member's own data file in one reading
session, with only the extra fields they chose to share.

By default a card holds counts only.  Quest titles, notes, people's names and goal text
are added only for the fields turned on with `netquest party share FIELD on`.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from netquest.rules.cadence import week_bounds
from netquest.rules.day_streak import day_streak
from netquest.rules.party import MAX_SHARED_ITEMS, MAX_SHARED_TEXT, Card, build_card
from netquest.rules.party_board import cheers_kept
from netquest.rules.xp import level_for
from netquest.services import play
from netquest.services.party_state import PartyState
from netquest.services.session import Session

if TYPE_CHECKING:
    from netquest.services.core import NetQuest


def party_week(today: date, state: PartyState) -> tuple[date, date]:
    """The party week holding `today`, by the creator's week start."""
    return week_bounds(today, state.party.week_start)


def _clip(text: str) -> str:
    return text if len(text) <= MAX_SHARED_TEXT else text[: MAX_SHARED_TEXT - 1] + "…"


def _shared(root: NetQuest, s: Session, state: PartyState, week_from: date) -> dict[str, Any]:
    """The fields the member opted in to, from this party week's check-ins and their goal."""
    out: dict[str, Any] = {}
    hist = s.history
    if "goal" in state.shared:
        goal = root.goals.summary_in(s, hist)
        if goal is not None and goal.want.strip():
            out["goal"] = goal.want[: MAX_SHARED_TEXT * 2]
    week = [r for r in hist.records if week_from.isoformat() <= r.day <= s.today.isoformat()]
    if "quests" in state.shared:
        quests = []
        for quest in play.quests_of(s)[:MAX_SHARED_ITEMS]:
            count = sum(n for d, n in hist.counts.get(quest.id, {}).items()
                        if week_from <= d <= s.today)
            quests.append({"title": _clip(quest.title), "tip": quest.tip, "count": count})
        out["quests"] = quests
    if "notes" in state.shared:
        notes = [r.note for r in sorted(week, key=lambda r: r.at) if r.note.strip()]
        out["notes"] = [_clip(n) for n in notes[-MAX_SHARED_ITEMS:]]
    if "people" in state.shared:
        names = sorted({p for r in week for p in r.people if p.strip()})
        out["people"] = [_clip(n) for n in names[:MAX_SHARED_ITEMS]]
    return out


def my_card(root: NetQuest, state: PartyState) -> Card:
    """This member's card as of today."""
    with root.reading() as s:
        today = s.today
        week_from, _week_to = party_week(today, state)
        hist = s.history
        tip_of = {q.id: q.tip for q in play.quests_of(s, include_archived=True)}
        tip_days: dict[int, dict[date, int]] = {}
        for qid, per_day in hist.counts.items():
            if qid in tip_of:
                days = tip_days.setdefault(tip_of[qid], {})
                for d, n in per_day.items():
                    if week_from <= d <= today:
                        days[d] = days.get(d, 0) + n
        challenge = play.challenge_on(s, hist, today)
        past = [d for d in hist.active_days if d <= today]
        proposal = state.proposal if state.proposal and state.proposal.week == week_from else None
        return build_card(
            id=state.me, name=state.name, key=state.public_key, today=today,
            week_from=week_from, tip_days=tip_days,
            day_streak=day_streak(hist.active_days, hist.vacation, today).current,
            level=level_for(hist.xp_total).level,
            challenge_tip=challenge.tip if challenge else None,
            last_active=max(past, default=None),
            party_challenge=proposal,
            cheers=cheers_kept(tuple(state.sent), today),
            shared=_shared(root, s, state, week_from) if state.shared else None,
        )

