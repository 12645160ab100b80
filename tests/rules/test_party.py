"""A party card: built from one's own history, validated when read from the shared repository."""

from __future__ import annotations

import base64
import json
import subprocess
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from netquest.rules.party import (
    MAX_CARD_BYTES,
    CardError,
    PartyChallenge,
    build_card,
    card_to_json,
    key_fingerprint,
    member_id,
    valid_id,
    validate_card,
    validate_key,
)
from netquest.structs import replace
from tests.rules.conftest import MONDAY, d

# An ed25519 public key blob: length-prefixed type name, then a 32-byte key.
_BLOB = b"\x00\x00\x00\x0bssh-ed25519\x00\x00\x00\x20" + bytes(range(32))
KEY = "ssh-ed25519 " + base64.b64encode(_BLOB).decode()


def card(**changes):
    base = build_card(
        id="ana", name="Ana", key=KEY + " ana@laptop", today=d(2), week_from=MONDAY,
        tip_days={1: {d(0): 2, d(1): 1, d(-1): 5}, 4: {d(2): 1, d(3): 9}},
        day_streak=9, level=4, challenge_tip=4, last_active=d(2),
    )
    return replace(base, **changes) if changes else base


def as_json(c=None) -> dict:
    return json.loads(json.dumps(card_to_json(c or card())))


def test_build_counts_only_this_party_week_up_to_today():
    c = card()
    assert c.tips == {1: 3, 2: 0, 3: 0, 4: 1, 5: 0}
    assert c.challenge_checkins == 1 and c.challenge_tip == 4
    assert c.key == KEY  # the comment (user@host) is not published
    assert c.week == MONDAY and c.updated == d(2)


def test_a_built_card_round_trips_through_json():
    c = card(party_challenge=PartyChallenge("15 coffees", 4, 15, MONDAY, "2026-03-10T08:00:00Z",
                                            "ana"),
             shared={"goal": "A job in networking"})
    assert validate_card(as_json(c), "ana") == c


def test_the_card_holds_counts_not_titles_or_ids():
    text = json.dumps(card_to_json(card()))
    assert "quest" not in text and "note" not in text and "people" not in text


@pytest.mark.parametrize(
    "change, reason",
    [
        ({"id": "bo"}, "id is not its file"),
        ({"format": 2}, "format"),
        ({"name": ""}, "name"),
        ({"name": "x" * 41}, "name"),
        ({"name": 7}, "name"),
        ({"key": "ssh-ed25519 not*base64"}, "key"),
        ({"key": "ssh-dss AAAA"}, "key"),
        ({"updated": "2026-13-01"}, "updated"),
        ({"updated": 20260301}, "updated"),
        ({"tips": {"1": -1}}, "tips[1]"),
        ({"tips": {"1": 1.5}}, "tips[1]"),
        ({"tips": {"1": True}}, "tips[1]"),
        ({"tips": {"9": 1}}, "not a tip"),
        ({"tips": [1, 2]}, "tips"),
        ({"day_streak": 10**9}, "day_streak"),
        ({"level": 0}, "level"),
        ({"challenge": {"tip": 5, "checkins": 1}}, "challenge.tip"),
        ({"challenge": "x"}, "challenge"),
        ({"last_active": "yesterday"}, "last_active"),
        ({"cheers": [{"to": "../x", "day": "2026-03-09", "text": "hi"}]}, "recipient"),
        ({"cheers": [{"to": "bo", "day": "2026-03-09", "text": "x" * 141}]}, "cheer's text"),
        ({"cheers": [{"to": "bo", "day": "2026-03-09", "text": "hi"}] * 121}, "cheers"),
        ({"party_challenge": {"text": "t", "tip": 4, "target": 0, "week": "2026-03-09",
                              "set_at": "2026-03-09T00:00:00Z"}}, "target"),
        ({"shared": {"address": "x"}}, "shared"),
        ({"shared": {"notes": ["ok", 3]}}, "shared.notes"),
        ({"secret": "x"}, "does not know"),
    ],
)
def test_a_bad_card_is_refused_with_its_reason(change, reason):
    data = as_json()
    data.update(change)
    with pytest.raises(CardError, match=reason.replace("[", r"\[").replace("]", r"\]")):
        validate_card(data, "ana")


@pytest.mark.parametrize("data", [None, [], "card", 3, {"format": 1}])
def test_a_card_that_is_not_a_card_is_refused(data):
    with pytest.raises(CardError):
        validate_card(data, "ana")


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner,
                                                                max_size=4),
    max_leaves=12,
)


@given(st.dictionaries(st.sampled_from(["format", "id", "name", "key", "updated", "week", "tips",
                                        "day_streak", "level", "cheers", "shared", "challenge"]),
                       json_values))
def test_any_json_either_validates_or_gives_one_reason(changes):
    data = as_json()
    data.update(changes)
    try:
        validate_card(data, "ana")
    except CardError as exc:
        assert str(exc) and "\n" not in str(exc)


@given(st.text(max_size=60))
def test_member_ids_are_safe_or_refused(name):
    try:
        slug = member_id(name)
    except CardError:
        return
    assert valid_id(slug) and len(slug) <= 32
    assert "/" not in slug and "." not in slug


@pytest.mark.parametrize("text, ok", [("ana", True), ("a-b-2", True), ("-a", False),
                                      ("a-", False), ("A", False), ("a.b", False), ("", False),
                                      ("a" * 33, False), ("..", False), (3, False)])
def test_valid_ids(text, ok):
    assert valid_id(text) is ok


def test_member_id_from_a_display_name():
    assert member_id("Ana María López") == "ana-mar-a-l-pez"
    assert member_id("  Bo  ") == "bo"
    with pytest.raises(CardError):
        member_id("???")


def test_a_display_name_in_another_script_gets_an_id_of_its_own():
    """小明 or Ελένη have no letter from a-z: their id is made from the name, the same
    name the same id, as for any other name."""
    ming, helen = member_id("小明"), member_id("Ελένη")
    assert valid_id(ming) and valid_id(helen) and ming != helen
    assert member_id(" 小明 ") == ming and member_id("小红") != ming
    assert ming.startswith("m-")


def test_fingerprint_matches_openssh(tmp_path):
    subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", str(tmp_path / "k")],
                   check=True)
    public = (tmp_path / "k.pub").read_text()
    shown = subprocess.run(["ssh-keygen", "-lf", str(tmp_path / "k.pub")], capture_output=True,
                           text=True, check=True).stdout.split()[1]
    assert key_fingerprint(public) == shown


def test_a_key_whose_type_lies_is_refused():
    blob = base64.b64encode(b"\x00\x00\x00\x07ssh-rsa" + bytes(20)).decode()
    with pytest.raises(CardError, match="type"):
        validate_key("ssh-ed25519 " + blob)


def test_a_largest_card_is_far_below_the_size_limit():
    cheers = [{"to": "bo", "day": "2026-03-09", "text": "x" * 140}] * 40
    data = as_json()
    data["cheers"] = cheers
    validate_card(data, "ana")
    assert len(json.dumps(data)) < MAX_CARD_BYTES


def test_a_week_without_check_ins_counts_zero():
    c = build_card(id="bo", name="Bo", key=KEY, today=date(2026, 3, 9), week_from=MONDAY,
                   tip_days={}, day_streak=0, level=1, challenge_tip=None, last_active=None)
    assert c.tips == {1: 0, 2: 0, 3: 0, 4: 0, 5: 0} and c.challenge_checkins == 0
    assert validate_card(as_json(c), "bo") == c
