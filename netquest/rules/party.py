"""A party's cards: what a member publishes about their week, and how a card read from the
shared repository is checked before anything believes it.

A card holds counts, never records: this week's check-ins per tip, the day streak, the
level, the member's weekly challenge, the last active day, cheers sent, a party challenge
proposed, and only the extra fields the member chose to share.  Everything read from the
party repository is untrusted: `validate_card` returns a clean `Card` or one reason it was
refused, and never raises on any JSON value.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import re
from datetime import date, datetime
from typing import Any

from netquest.structs import Struct, field

__all__ = [
    "CARD_FORMAT",
    "MAX_CARD_BYTES",
    "SHAREABLE",
    "Card",
    "CardError",
    "Cheer",
    "PartyChallenge",
    "build_card",
    "card_to_json",
    "key_fingerprint",
    "member_id",
    "valid_id",
    "validate_card",
    "validate_key",
]

CARD_FORMAT = 1
MAX_CARD_BYTES = 16 * 1024  # a week's counts fit in a few hundred bytes
MAX_COUNT = 100_000
MAX_NAME = 40
MAX_CHEER = 140
MAX_CHALLENGE_TEXT = 80
MAX_CHEERS = 120  # 3 a day to a handful of members, over the days a card keeps them
MAX_SHARED_ITEMS = 20
MAX_SHARED_TEXT = 140
TIPS = (1, 2, 3, 4, 5)
SHAREABLE = ("goal", "quests", "notes", "people")  # off unless the member turns one on
_ID = re.compile(r"[a-z0-9](?:[a-z0-9-]{0,30}[a-z0-9])?")
_KEY = re.compile(r"(ssh-ed25519|ssh-rsa|ecdsa-sha2-nistp(?:256|384|521)) ([A-Za-z0-9+/]+=*)")


class CardError(ValueError):
    """Why a card (or a value on its way into one) is refused: one line."""


class Cheer(Struct, frozen=True):
    """A cheer a member sent: to whom, on which day, and what it says."""

    sender: str
    to: str
    day: date
    text: str


class PartyChallenge(Struct, frozen=True):
    """A shared weekly target one member proposed: units logged under `tip` by the party."""

    text: str
    tip: int
    target: int
    week: date  # the first day of the party week it is for
    set_at: str  # UTC instant it was proposed; the latest proposal of a week wins
    by: str = ""


class Card(Struct, frozen=True):
    """One member's card as the rest of the party sees it."""

    id: str
    name: str
    key: str
    updated: date
    week: date  # first day of the party week the counts are for
    tips: dict[int, int]
    day_streak: int
    level: int
    challenge_tip: int | None
    challenge_checkins: int
    last_active: date | None
    party_challenge: PartyChallenge | None = None
    cheers: tuple[Cheer, ...] = ()
    shared: dict[str, Any] = field(default_factory=dict)


def valid_id(text: object) -> bool:
    """True for a member id: 1-32 lowercase letters, digits and inner hyphens."""
    return isinstance(text, str) and _ID.fullmatch(text) is not None


def member_id(name: str) -> str:
    """The id a display name gets: its ASCII letters and digits, lowercased, hyphen-joined;
    a name with letters of another script only (小明, Ελένη) gets "m-" and a checksum of it.

    Raises CardError when no letter or digit is left (the caller asks for another name)."""
    words = re.findall(r"[a-z0-9]+", name.lower())
    slug = "-".join(words)[:32].strip("-")
    if not valid_id(slug) and any(ch.isalnum() for ch in name):
        slug = "m-" + hashlib.sha256(" ".join(name.split()).encode()).hexdigest()[:8]
    if not valid_id(slug):
        raise CardError(f"a display name needs a letter or digit from a-z, 0-9: {name!r}")
    return slug


def validate_key(text: object) -> str:
    """An OpenSSH public key line reduced to "type base64" (its comment dropped)."""
    if not isinstance(text, str) or len(text) > 2000:
        raise CardError("the key is not an OpenSSH public key")
    match = _KEY.match(text.strip())
    if match is None:
        raise CardError("the key is not an OpenSSH public key")
    try:
        blob = base64.b64decode(match.group(2), validate=True)
    except (binascii.Error, ValueError):
        raise CardError("the key is not an OpenSSH public key") from None
    if not blob[4:].startswith(match.group(1).encode()):
        raise CardError("the key's type does not match its data")
    return f"{match.group(1)} {match.group(2)}"


def key_fingerprint(key: str) -> str:
    """The SHA256 fingerprint OpenSSH and git show for a public key (`SHA256:...`)."""
    blob = base64.b64decode(validate_key(key).split(" ")[1])
    digest = base64.b64encode(hashlib.sha256(blob).digest()).decode().rstrip("=")
    return f"SHA256:{digest}"


# ------------------------------------------------------------------------- validation
def _int(value: object, what: str, low: int = 0, high: int = MAX_COUNT) -> int:
    if type(value) is not int or not low <= value <= high:
        raise CardError(f"{what} is not a whole number from {low} to {high}")
    return value


def _text(value: object, what: str, limit: int, empty: bool = False) -> str:
    if not isinstance(value, str) or len(value) > limit or (not empty and not value.strip()):
        raise CardError(f"{what} is not a text of 1 to {limit} characters")
    return value


def _day(value: object, what: str) -> date:
    if not isinstance(value, str) or len(value) != 10:
        raise CardError(f"{what} is not a day (YYYY-MM-DD)")
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise CardError(f"{what} is not a day (YYYY-MM-DD)") from None


def _instant(value: object, what: str) -> str:
    if not isinstance(value, str) or len(value) > 40:
        raise CardError(f"{what} is not a time")
    try:
        datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise CardError(f"{what} is not a time") from None
    return value


def _tips(value: object) -> dict[int, int]:
    if not isinstance(value, dict) or len(value) > len(TIPS):
        raise CardError("tips is not a table of tips 1-5")
    out = {}
    for key, count in value.items():
        if key not in {str(t) for t in TIPS}:
            raise CardError(f"tips has a key that is not a tip 1-5: {str(key)[:20]!r}")
        out[int(key)] = _int(count, f"tips[{key}]")
    return {tip: out.get(tip, 0) for tip in TIPS}


def _party_challenge(value: object, by: str) -> PartyChallenge | None:
    if value is None:
        return None
    if not isinstance(value, dict):
        raise CardError("party_challenge is not a table")
    return PartyChallenge(
        text=_text(value.get("text"), "party_challenge.text", MAX_CHALLENGE_TEXT),
        tip=_int(value.get("tip"), "party_challenge.tip", 1, 5),
        target=_int(value.get("target"), "party_challenge.target", 1, MAX_COUNT),
        week=_day(value.get("week"), "party_challenge.week"),
        set_at=_instant(value.get("set_at"), "party_challenge.set_at"),
        by=by,
    )


def _cheers(value: object, sender: str) -> tuple[Cheer, ...]:
    if not isinstance(value, list) or len(value) > MAX_CHEERS:
        raise CardError(f"cheers is not a list of at most {MAX_CHEERS}")
    out = []
    for item in value:
        if not isinstance(item, dict) or not valid_id(item.get("to")):
            raise CardError("a cheer has no valid recipient id")
        out.append(Cheer(sender, item["to"], _day(item.get("day"), "a cheer's day"),
                         _text(item.get("text"), "a cheer's text", MAX_CHEER)))
    return tuple(out)


def _shared(value: object) -> dict[str, Any]:
    if not isinstance(value, dict) or not set(value) <= set(SHAREABLE):
        raise CardError(f"shared holds a field other than {', '.join(SHAREABLE)}")
    out: dict[str, Any] = {}
    if "goal" in value:
        out["goal"] = _text(value["goal"], "shared.goal", MAX_SHARED_TEXT * 2)
    for name in ("notes", "people"):
        if name in value:
            items = value[name]
            if not isinstance(items, list) or len(items) > MAX_SHARED_ITEMS:
                raise CardError(f"shared.{name} is not a list of at most {MAX_SHARED_ITEMS}")
            out[name] = [_text(i, f"shared.{name}", MAX_SHARED_TEXT) for i in items]
    if "quests" in value:
        items = value["quests"]
        if not isinstance(items, list) or len(items) > MAX_SHARED_ITEMS:
            raise CardError(f"shared.quests is not a list of at most {MAX_SHARED_ITEMS}")
        quests = []
        for item in items:
            if not isinstance(item, dict):
                raise CardError("shared.quests holds something that is not a quest")
            quests.append({"title": _text(item.get("title"), "a quest title", MAX_SHARED_TEXT),
                           "tip": _int(item.get("tip"), "a quest's tip", 1, 5),
                           "count": _int(item.get("count"), "a quest's count")})
        out["quests"] = quests
    return out


def validate_card(data: object, expected_id: str) -> Card:
    """`data` (parsed JSON of members/<expected_id>.json) as a Card; CardError says why not.

    Unknown fields are refused too: a card holds what this format defines and nothing
    else, so nothing private can ride along in a field the board would not show."""
    if not isinstance(data, dict):
        raise CardError("the card is not a JSON object")
    known = {"format", "id", "name", "key", "updated", "week", "tips", "day_streak", "level",
             "challenge", "last_active", "party_challenge", "cheers", "shared"}
    extra = sorted(str(k)[:20] for k in set(data) - known)
    if extra:
        raise CardError(f"the card has fields this version does not know: {', '.join(extra)}")
    if data.get("format") != CARD_FORMAT:
        raise CardError(f"the card is not of format {CARD_FORMAT}")
    if data.get("id") != expected_id:
        raise CardError("the card's id is not its file's name")
    challenge = data.get("challenge")
    if challenge is not None and not isinstance(challenge, dict):
        raise CardError("challenge is not a table")
    last = data.get("last_active")
    return Card(
        id=expected_id,
        name=_text(data.get("name"), "name", MAX_NAME),
        key=validate_key(data.get("key")),
        updated=_day(data.get("updated"), "updated"),
        week=_day(data.get("week"), "week"),
        tips=_tips(data.get("tips")),
        day_streak=_int(data.get("day_streak"), "day_streak"),
        level=_int(data.get("level"), "level", 1, 10_000),
        challenge_tip=None if challenge is None else _int(challenge.get("tip"), "challenge.tip",
                                                          1, 4),
        challenge_checkins=0 if challenge is None else _int(challenge.get("checkins"),
                                                            "challenge.checkins"),
        last_active=None if last is None else _day(last, "last_active"),
        party_challenge=_party_challenge(data.get("party_challenge"), expected_id),
        cheers=_cheers(data.get("cheers", []), expected_id),
        shared=_shared(data.get("shared", {})),
    )


# ------------------------------------------------------------------------- writing
def build_card(
    *,
    id: str,
    name: str,
    key: str,
    today: date,
    week_from: date,
    tip_days: dict[int, dict[date, int]],
    day_streak: int,
    level: int,
    challenge_tip: int | None,
    last_active: date | None,
    party_challenge: PartyChallenge | None = None,
    cheers: tuple[Cheer, ...] = (),
    shared: dict[str, Any] | None = None,
) -> Card:
    """The card a member publishes on `today`, from their own history.

    `tip_days` is the units logged per tip and day; only days of the party week holding
    `today` (from `week_from`) up to `today` are counted.  The weekly challenge's
    check-ins are the party week's units under its tip.  Counts are clamped into the range
    a card allows, so a card this function builds always validates."""
    tips = {
        tip: min(MAX_COUNT, sum(n for d, n in tip_days.get(tip, {}).items()
                                if week_from <= d <= today))
        for tip in TIPS
    }
    return Card(
        id=id, name=name, key=validate_key(key), updated=today, week=week_from, tips=tips,
        day_streak=min(MAX_COUNT, day_streak), level=max(1, min(10_000, level)),
        challenge_tip=challenge_tip,
        challenge_checkins=tips.get(challenge_tip, 0) if challenge_tip else 0,
        last_active=last_active, party_challenge=party_challenge, cheers=cheers,
        shared=dict(shared or {}),
    )


def card_to_json(card: Card) -> dict[str, Any]:
    """The card as the JSON object stored in members/<id>.json."""
    pc = card.party_challenge
    out: dict[str, Any] = {
        "format": CARD_FORMAT,
        "id": card.id,
        "name": card.name,
        "key": card.key,
        "updated": card.updated.isoformat(),
        "week": card.week.isoformat(),
        "tips": {str(t): n for t, n in sorted(card.tips.items())},
        "day_streak": card.day_streak,
        "level": card.level,
        "challenge": None if card.challenge_tip is None else {
            "tip": card.challenge_tip, "checkins": card.challenge_checkins},
        "last_active": card.last_active.isoformat() if card.last_active else None,
        "party_challenge": None if pc is None else {
            "text": pc.text, "tip": pc.tip, "target": pc.target, "week": pc.week.isoformat(),
            "set_at": pc.set_at},
        "cheers": [{"to": c.to, "day": c.day.isoformat(), "text": c.text} for c in card.cheers],
    }
    if card.shared:
        out["shared"] = card.shared
    return out
