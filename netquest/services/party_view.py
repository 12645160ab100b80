"""The typed values a party hands to the command line and the app: the board, a sync's
result, a new cheer.  Text in them comes from other members' files: callers show it through
the output gate (`netquest.text`), as they do every stored text.
"""

from __future__ import annotations

from datetime import date

from netquest.rules.party_board import BoardMember, ChallengeProgress, board_members
from netquest.services.party_repo import CardsRead, Ignored
from netquest.services.party_state import PartyState
from netquest.structs import Struct, field


class PartyBoard(Struct, frozen=True):
    """Everything the board shows: members, the party challenge and what was ignored."""

    party: str
    me: str
    today: date
    week_from: date
    week_to: date
    members: list[BoardMember]
    challenge: ChallengeProgress | None
    ignored: list[Ignored] = field(default_factory=list)
    key_changes: list[str] = field(default_factory=list)
    new_keys: dict[str, str] = field(default_factory=dict)  # member → new key's fingerprint
    muted: list[str] = field(default_factory=list)
    badges: tuple[tuple[str, str], ...] = ()  # (week's first day, challenge) earned here
    synced: str | None = None
    shared: list[str] = field(default_factory=list)

    def name_of(self, member: str) -> str:
        return next((m.name for m in self.members if m.id == member), member)

    def to_json(self) -> dict:
        c = self.challenge
        return {
            "party": self.party,
            "me": self.me,
            "today": self.today.isoformat(),
            "week": {"from": self.week_from.isoformat(), "to": self.week_to.isoformat()},
            "members": [
                {"id": m.id, "name": m.name, "week": {str(t): n for t, n in m.week.items()},
                 "total": m.total, "day_streak": m.day_streak, "level": m.level,
                 "challenge": None if m.challenge_tip is None else {
                     "tip": m.challenge_tip, "checkins": m.challenge_checkins},
                 "last_active": m.last_active.isoformat() if m.last_active else None,
                 "updated": m.updated.isoformat(), "on_a_roll": m.on_roll, "quiet": m.quiet,
                 "resting": m.resting, "me": m.me}
                for m in self.members
            ],
            "challenge": None if c is None else {
                "text": c.challenge.text, "tip": c.challenge.tip,
                "target": c.challenge.target, "target_now": c.target, "done": c.done,
                "by": c.challenge.by, "active": list(c.active), "resting": list(c.resting),
                "finished": c.finished},
            "ignored": [{"file": i.file, "name": i.name, "reason": i.reason}
                        for i in self.ignored],
            "key_changes": self.key_changes,
            "new_keys": self.new_keys,
            "muted": self.muted,
            "badges": [{"week": week, "challenge": text} for week, text in self.badges],
            "synced": self.synced,
            "shared": self.shared,
        }


class SyncResult(Struct, frozen=True):
    """What a sync did: the board after it, whether a new card went out, how many cheers
    arrived, and the party challenge whose badge it earned (if any)."""

    board: PartyBoard
    published: bool
    new_cheers: int = 0
    badge: str | None = None


def board_of(state: PartyState, read: CardsRead, today: date, week_from: date, week_to: date,
             progress: ChallengeProgress | None) -> PartyBoard:
    muted = set(state.muted)
    members = board_members([c for c in read.cards if c.id not in muted], today, week_from,
                            me=state.me)
    return PartyBoard(
        party=state.party.name, me=state.me, today=today, week_from=week_from, week_to=week_to,
        members=members, challenge=progress, ignored=list(read.ignored),
        key_changes=list(read.key_changes), new_keys=dict(read.new_keys), muted=sorted(muted),
        badges=tuple((str(b.get("week", "")), str(b.get("text", ""))) for b in state.badges),
        synced=state.synced, shared=list(state.shared),
    )
