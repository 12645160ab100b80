"""A party's board from its valid cards: who is on a roll, who has gone quiet, who rests,
how far the party challenge has come, who earns its badge, and which cheers may be sent.

The party challenge never stalls on a quiet member: a member whose card has not been
updated for `REST_DAYS` days rests, their share of the target is dropped and their counts
are left out, so the members still playing can finish it.
"""

from __future__ import annotations

import hashlib
import math
import re
from datetime import date, datetime, timedelta

from netquest.rules.party import MAX_CHEER, Card, Cheer, PartyChallenge
from netquest.structs import Struct

__all__ = [
    "CHEERS_PER_DAY",
    "QUIET_DAYS",
    "REST_DAYS",
    "ROLL_DAYS",
    "BoardMember",
    "ChallengeProgress",
    "board_members",
    "cheer_id",
    "cheer_problem",
    "cheers_kept",
    "cheers_for",
    "is_resting",
    "party_challenge",
]

REST_DAYS = 14  # no card update for this long: resting, left out of the party challenge
QUIET_DAYS = 3  # no check-in for this long: gone quiet
ROLL_DAYS = 7  # a day streak this long, still alive: on a roll
CHEERS_PER_DAY = 3  # from one member to another, per day
KEEP_CHEER_DAYS = 14  # a card carries the cheers of this many days
# Controls, bidi overrides and invisible joiners: a cheer is shown inert anyway, but one that
# would need it is refused when it is written.
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2069"
                      "\ufeff\ud800-\udfff]")


class BoardMember(Struct, frozen=True):
    """One member on the board: their card's numbers for this week and how they stand."""

    id: str
    name: str
    week: dict[int, int]  # units per tip this party week (zeros when the card is older)
    day_streak: int
    level: int
    challenge_tip: int | None
    challenge_checkins: int
    last_active: date | None
    updated: date
    resting: bool
    on_roll: bool
    quiet: bool
    me: bool = False

    @property
    def total(self) -> int:
        return sum(self.week.values())


class ChallengeProgress(Struct, frozen=True):
    """The party challenge of this week: how far the active members have come."""

    challenge: PartyChallenge
    done: int  # units under the tip on the active members' cards
    target: int  # the target with the resting members' shares dropped
    active: tuple[str, ...]  # ids of the members who count
    resting: tuple[str, ...]

    @property
    def finished(self) -> bool:
        return bool(self.active) and self.done >= self.target

    @property
    def earners(self) -> tuple[str, ...]:
        """Who earns the party badge: every active member once the challenge is finished."""
        return self.active if self.finished else ()


def is_resting(card: Card, today: date) -> bool:
    """True when the card has not been updated for `REST_DAYS` days or more."""
    return (today - card.updated).days >= REST_DAYS


def board_members(cards: list[Card], today: date, week_from: date, me: str = "") -> list[
        BoardMember]:
    """The members of the board, most units this week first, then by name.

    A card of an earlier week counts nothing for this week (its member has not synced
    since); its streak is shown as the card says it."""
    out = []
    for card in cards:
        current = card.week == week_from
        week = dict(card.tips) if current else {tip: 0 for tip in card.tips}
        gap = None if card.last_active is None else (today - card.last_active).days
        quiet = gap is None or gap >= QUIET_DAYS
        out.append(BoardMember(
            id=card.id, name=card.name, week=week, day_streak=card.day_streak,
            level=card.level, challenge_tip=card.challenge_tip,
            challenge_checkins=card.challenge_checkins if current else 0,
            last_active=card.last_active, updated=card.updated,
            resting=is_resting(card, today),
            on_roll=not quiet and card.day_streak >= ROLL_DAYS,
            quiet=quiet, me=card.id == me,
        ))
    return sorted(out, key=lambda m: (-m.total, m.name.casefold(), m.id))


def _not_ahead(instant: str, today: date) -> bool:
    """False for a proposal stamped after tomorrow: written by hand to win every "latest"
    comparison (tomorrow is allowed, for a member whose day began before ours)."""
    try:
        stamped = datetime.fromisoformat(instant.replace("Z", "+00:00")).date()
    except ValueError:
        return False
    return stamped <= today + timedelta(days=1)


def party_challenge(cards: list[Card], today: date, week_from: date) -> ChallengeProgress | None:
    """This week's party challenge and its progress; None when no member proposed one.

    The latest proposal for this week wins (ties by the proposer's id).  Progress is the
    sum of the active members' units under its tip this week; the target is scaled to the
    share of members who are active (rounded up), so a resting member holds nobody back."""
    proposals = [c.party_challenge for c in cards
                 if c.party_challenge is not None and c.party_challenge.week == week_from
                 and _not_ahead(c.party_challenge.set_at, today)]
    if not proposals:
        return None
    chosen = max(proposals, key=lambda p: (p.set_at, p.by))
    active = tuple(sorted(c.id for c in cards if not is_resting(c, today)))
    resting = tuple(sorted(c.id for c in cards if is_resting(c, today)))
    done = sum(c.tips.get(chosen.tip, 0) for c in cards
               if c.id in active and c.week == week_from)
    members = len(active) + len(resting)
    target = math.ceil(chosen.target * len(active) / members) if members else chosen.target
    return ChallengeProgress(chosen, done, max(1, target), active, resting)


def cheer_problem(sent: tuple[Cheer, ...], sender: str, to: str, day: date, text: str,
                  members: set[str]) -> str | None:
    """Why this cheer cannot be sent (one line), or None when it may."""
    if to == sender:
        return "a cheer goes to another member, not to yourself"
    if to not in members:
        return f"no member of the party is called {to!r}"
    if not text.strip() or len(text) > MAX_CHEER:
        return f"a cheer is 1 to {MAX_CHEER} characters"
    if _CONTROL.search(text):
        return "a cheer is one line of text without control characters"
    today_to = [c for c in sent if c.to == to and c.day == day]
    if len(today_to) >= CHEERS_PER_DAY:
        return f"you have sent {CHEERS_PER_DAY} cheers to them today; more tomorrow"
    return None


def cheers_kept(sent: tuple[Cheer, ...], today: date) -> tuple[Cheer, ...]:
    """The cheers a card still carries: those of the last `KEEP_CHEER_DAYS` days."""
    return tuple(c for c in sent if 0 <= (today - c.day).days < KEEP_CHEER_DAYS)


def cheer_id(cheer: Cheer, n: int) -> str:
    """A name for a cheer that stays the same across syncs: who, to whom, when, which."""
    digest = hashlib.sha256(cheer.text.encode("utf-8", "surrogatepass")).hexdigest()[:12]
    return f"{cheer.sender}>{cheer.to}:{cheer.day.isoformat()}:{n}:{digest}"


def cheers_for(cards: list[Card], me: str, muted: set[str],
               today: date) -> list[tuple[str, Cheer]]:
    """The cheers addressed to `me` on the valid cards, each with its id, oldest first.

    Only the first `CHEERS_PER_DAY` a sender addressed to `me` on a day count, and only on
    the days a card keeps cheers (up to tomorrow, for a member whose day began before
    ours); a card that carries more (written by hand) has the rest ignored.  Muted
    senders' cheers are dropped."""
    out = []
    for card in cards:
        if card.id in muted or card.id == me:
            continue
        per_day: dict[date, int] = {}
        for cheer in card.cheers:
            if cheer.to != me or not -1 <= (today - cheer.day).days < KEEP_CHEER_DAYS:
                continue
            n = per_day.get(cheer.day, 0)
            per_day[cheer.day] = n + 1
            if n < CHEERS_PER_DAY:
                out.append((cheer_id(cheer, n), cheer))
    return sorted(out, key=lambda pair: (pair[1].day, pair[1].sender, pair[0]))
