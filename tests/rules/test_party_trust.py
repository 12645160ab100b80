"""Which cards count: signed by their member's key, learned on first sight, never remapped."""

from __future__ import annotations

import base64

import pytest

from netquest.rules.party import build_card, key_fingerprint
from netquest.rules.party_trust import Signature, verdict
from netquest.structs import replace
from tests.rules.conftest import MONDAY


def key(n: int) -> str:
    blob = b"\x00\x00\x00\x0bssh-ed25519\x00\x00\x00\x20" + bytes([n]) * 32
    return "ssh-ed25519 " + base64.b64encode(blob).decode()


def card(id="bo", k=None):
    return build_card(id=id, name=id.title(), key=k or key(2), today=MONDAY, week_from=MONDAY,
                      tip_days={}, day_streak=0, level=1, challenge_tip=None, last_active=None)


KNOWN = {"ana": key(1), "bo": key(2)}


def test_a_known_member_signed_by_their_key_counts():
    assert verdict(card(), Signature("G", key_fingerprint(key(2)), "bo"), KNOWN).counts


@pytest.mark.parametrize("sig, reason", [
    (Signature("N", "", ""), "not signed"),
    (Signature("", "", ""), "not signed"),
    (Signature("B", "x", ""), "bad signature"),
    (Signature("G", "x", "ana"), "signed by ana"),
    (Signature("U", "SHA256:other", ""), "not signed by their key"),
    (Signature("E", "", ""), "not signed by their key"),
])
def test_a_known_member_without_their_signature_is_ignored(sig, reason):
    v = verdict(card(), sig, KNOWN)
    assert not v.counts and not v.learn and reason in v.reason


def test_a_new_key_on_a_known_card_is_a_loud_key_change():
    new = card(k=key(9))
    v = verdict(new, Signature("U", key_fingerprint(key(9)), ""), KNOWN)
    assert not v.counts and v.key_changed and "new key" in v.reason


def test_first_sight_learns_the_key_that_signed_the_card():
    cy = card("cy", key(3))
    v = verdict(cy, Signature("U", key_fingerprint(key(3)), ""), KNOWN)
    assert v.counts and v.learn


def test_first_sight_signed_by_another_key_is_not_learned():
    cy = card("cy", key(3))
    v = verdict(cy, Signature("U", key_fingerprint(key(4)), ""), KNOWN)
    assert not v.counts and not v.learn and "key on the card" in v.reason


def test_a_new_member_cannot_claim_a_known_members_key():
    cy = card("cy", key(1))  # ana's key, signed by ana's key
    assert "signed by ana" in verdict(cy, Signature("G", key_fingerprint(key(1)), "ana"),
                                      KNOWN).reason
    v = verdict(cy, Signature("U", key_fingerprint(key(1)), ""), KNOWN)
    assert not v.counts and "ana's key" in v.reason


def test_an_unsigned_first_card_is_not_learned():
    v = verdict(card("cy", key(3)), Signature("N", "", ""), {})
    assert not v.counts and not v.learn


def test_a_card_with_a_key_that_does_not_parse_is_never_learned():
    cy = replace(card("cy", key(3)), key="ssh-ed25519 AAAA")
    assert not verdict(cy, Signature("U", "SHA256:x", ""), {}).counts
