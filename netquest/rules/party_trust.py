"""Whether a card read from the party repository is believed: the last commit that touched it
must be signed by its member's key, which this device learns the first time it sees them.

Git reports each commit's signature as a status letter (`%G?`: G good and the signer is
in the allowed-signers file, U good but the key is unknown there, N none, B bad, E not
checkable), the signing key's fingerprint (`%GK`) and the principal the allowed-signers
file names for it (`%GS`).  These are plain values here; running git is the services' job.
"""

from __future__ import annotations

from typing import NamedTuple

from netquest.rules.party import Card, CardError, key_fingerprint

__all__ = ["Signature", "Verdict", "verdict"]


class Signature(NamedTuple):
    """What git says of the last commit that touched a card."""

    status: str
    fingerprint: str
    principal: str


class Verdict(NamedTuple):
    """Whether the card counts, whether its key is to be learned, and why not (one line)."""

    counts: bool
    learn: bool = False
    reason: str = ""
    key_changed: bool = False


def _fingerprint(key: str) -> str:
    try:
        return key_fingerprint(key)
    except CardError:
        return ""


def verdict(card: Card, sig: Signature, known: dict[str, str]) -> Verdict:
    """Decide on `card` given its last commit's signature and the keys this device knows
    (member id → public key).

    A member known here counts only with a good signature by their known key; a card that
    names another key is a key change, ignored and reported loudly.  A member seen for the
    first time is learned when the commit is signed by the very key their card names and
    that key is nobody else's (trust on first use)."""
    owner = next((mid for mid, key in known.items() if key == card.key and mid != card.id), None)
    mine = known.get(card.id)
    if mine is not None and card.key != mine:
        return Verdict(False, reason="its card names a new key, not the one this device "
                       "learned for them: ignored until they are trusted again", key_changed=True)
    if sig.status == "N" or not sig.status:
        return Verdict(False, reason="its last change is not signed")
    if sig.status == "B":
        return Verdict(False, reason="its last change has a bad signature")
    if sig.status == "G" and sig.principal and sig.principal != card.id:
        return Verdict(False, reason=f"its last change was signed by {sig.principal}, not by them")
    if mine is not None:
        if sig.status == "G" and sig.principal == card.id:
            return Verdict(True)
        return Verdict(False, reason="its last change is not signed by their key")
    if owner is not None:
        return Verdict(False, reason=f"it names {owner}'s key as its own")
    if sig.status in ("G", "U") and sig.fingerprint and sig.fingerprint == _fingerprint(card.key):
        return Verdict(True, learn=True)
    return Verdict(False, reason="its last change is not signed by the key on the card")
