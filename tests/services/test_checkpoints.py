"""Checkpoints of the state of play: a summary with them is the summary without them."""

from __future__ import annotations

import json
import os
import shutil
import stat
from datetime import date, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from netquest.clock import Clock
from netquest.services import NetQuest
from netquest.store import Store

CADENCES = ["daily", "weekdays", "mon,wed,fri", "sat", "3/week", "1/week", "every 3 days",
            "every 10 days", "2/month", "1/month", "2 in 5 days"]
TODAY = date(2026, 11, 25)
FIRST = TODAY - timedelta(days=3 * 365)


def app_on(store: Store, today: date, checkpoints: bool, hour: int = 9) -> NetQuest:
    app = NetQuest(store, Clock(timezone="UTC", fixed_now=f"{today.isoformat()}T{hour:02d}:00:00"))
    app.quests.use_checkpoints = checkpoints
    return app


def quest_doc(i: int, cadence: str, target: int, start: date) -> dict:
    return {"id": f"q{i}", "title": f"Quest {i}", "tip": 1 + i % 5, "cadence": cadence,
            "target": target, "xp": 10, "start": start.isoformat(), "archived": False,
            "moves_to": None}


def fill(store: Store, quests, done, density: float = 0, tips=None) -> int:
    """Write `quests` (cadence, target, start), a dense stretch of `density` × 120 recent days
    (long runs; the random days of `done` break them) and `done`; returns how many quests."""
    n = len(quests)
    with store.transaction() as tx:
        for i, (cadence, target, start) in enumerate(quests):
            doc = quest_doc(i, cadence, target, start)
            tx.put_quest({**doc, "tip": tips[i]} if tips else doc)
        for k in range(int(density * 120)):
            day = TODAY - timedelta(days=k)
            tx.add_checkin(f"q{k % n}", day.isoformat(), 1 + k % 2, 10, 0, "2026-01-01T00:00:00Z")
        for i, day, count in done:
            tx.add_checkin(f"q{i % n}", day.isoformat(), count, 10, 0, "2026-01-01T00:00:00Z")
    return n


days = st.integers(0, (TODAY - FIRST).days).map(lambda n: FIRST + timedelta(days=n))
quests = st.lists(
    st.tuples(st.sampled_from(CADENCES), st.integers(1, 2), days), min_size=1, max_size=3
)
# A change to the data file between two summaries, or a later day.
changes = st.one_of(
    st.tuples(st.just("checkin"), st.integers(0, 2), days, st.integers(1, 2)),
    st.tuples(st.just("undo")),
    st.tuples(st.just("skip"), st.integers(0, 2), days),
    st.tuples(st.just("vacation"), days, st.integers(0, 6)),
    st.tuples(st.just("cadence"), st.integers(0, 2), st.sampled_from(CADENCES)),
    st.tuples(st.just("week_start"), st.sampled_from(["mon", "sun"])),
    st.tuples(st.just("day_start_hour"), st.integers(0, 12)),
    st.tuples(st.just("later"), st.integers(1, 70)),
    st.tuples(st.just("damage"), st.sampled_from([b"", b"{", b'{"format":1}', b"\xff"])),
)


def apply(store: Store, app: NetQuest, n: int, change: tuple, today: date) -> date:
    kind = change[0]
    if kind == "checkin":
        _, i, day, count = change
        with store.transaction() as tx:
            if tx.quest(f"q{i % n}") is not None and day <= today:
                tx.add_checkin(f"q{i % n}", day.isoformat(), count, 10, 0, "2026-01-01T00:00:00Z")
    elif kind == "undo":
        try:
            app.log.undo()
        except Exception:  # nothing to undo
            pass
    elif kind == "skip":
        _, i, day = change
        with store.transaction() as tx:
            tx.add_skip(f"q{i % n}", day.isoformat())
    elif kind == "vacation":
        _, day, length = change
        with store.transaction() as tx:
            for k in range(length + 1):
                tx.add_skip(None, (day + timedelta(days=k)).isoformat())
    elif kind == "cadence":
        _, i, cadence = change
        with store.transaction() as tx:
            doc = tx.quest(f"q{i % n}")
            doc["cadence"] = cadence
            tx.put_quest(doc)
    elif kind in ("week_start", "day_start_hour"):
        app.set_setting(kind, str(change[1]))
    elif kind == "later":
        today = today + timedelta(days=change[1])
    elif kind == "damage" and store.derived_path is not None:
        store.derived_path.write_bytes(change[1])
    return today


@settings(max_examples=100, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(quests=quests, done=st.lists(st.tuples(st.integers(0, 2), days, st.integers(1, 3)),
                                    max_size=300),
       density=st.floats(0, 1), changes=st.lists(changes, max_size=6))
def test_a_summary_with_checkpoints_is_the_summary_without(tmp_path_factory, quests, done,
                                                          density, changes):
    store = Store(tmp_path_factory.mktemp("cp") / "nq.json")
    n = fill(store, quests, done, density)
    today = TODAY
    for change in [None, *changes]:
        if change is not None:
            today = apply(store, app_on(store, today, False), n, change, today)
        with_marks = app_on(store, today, True).quests.state()
        again = app_on(store, today, True).quests.state()  # from the checkpoint file
        without = app_on(store, today, False).quests.state()
        assert with_marks == without
        assert again == without


@pytest.fixture
def long_file(tmp_path):
    store = Store(tmp_path / "nq.json")
    with store.transaction() as tx:
        tx.put_quest(quest_doc(0, "daily", 1, date(2023, 1, 1)))
        tx.put_quest(quest_doc(1, "2/week", 1, date(2023, 1, 1)))
        day = date(2023, 1, 1)
        while day <= TODAY:
            if day.toordinal() % 3:
                tx.add_checkin("q0", day.isoformat(), 1, 10, 0, "2026-01-01T00:00:00Z")
            if day.toordinal() % 4 == 0:
                tx.add_checkin("q1", day.isoformat(), 1, 10, 0, "2026-01-01T00:00:00Z")
            day += timedelta(days=1)
    return store


def test_the_checkpoints_are_private_beside_the_file_and_not_in_it(long_file):
    before = long_file.path.read_bytes()
    app_on(long_file, TODAY, True).quests.state()
    path = long_file.derived_path
    assert path == long_file.path.with_name("nq.json.checkpoints")
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert long_file.path.read_bytes() == before


def test_checkpoints_of_another_file_are_not_used(long_file, tmp_path):
    app_on(long_file, TODAY, True).quests.state()
    other = Store(tmp_path / "other.json")
    shutil.copy(long_file.path, other.path)
    with other.transaction() as tx:
        tx.add_checkin("q0", "2024-02-02", 2, 10, 0, "2026-01-01T00:00:00Z")
        tx.add_skip(None, "2024-05-05")
    shutil.copy(long_file.derived_path, other.derived_path)
    assert (app_on(other, TODAY, True).quests.state()
            == app_on(other, TODAY, False).quests.state())


def test_the_doctor_drops_and_remakes_the_checkpoints(long_file):
    app = app_on(long_file, TODAY, True)
    app.quests.state()
    long_file.derived_path.write_bytes(b"not what was made")
    lines = app.data.doctor()
    assert any("checkpoints" in line for line in lines)
    assert long_file.derived_path.read_bytes().startswith(b'{"format"')


def achievements_of(store: Store) -> dict:
    with store.read() as tx:
        return {doc["id"]: doc["day"] for doc in tx.all("achievements")}


# Daily quests often: their days tell a check-in that no week could have been perfect.
daily_quests = st.lists(st.tuples(st.sampled_from(["daily"] * 8 + CADENCES), st.integers(1, 2),
                                  days), min_size=1, max_size=3)


@settings(max_examples=80, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(quests=daily_quests, done=st.lists(st.tuples(st.integers(0, 2), days, st.integers(1, 3)),
                                    max_size=300),
       density=st.floats(0, 1), changes=st.lists(changes, max_size=3),
       checkins=st.lists(st.tuples(st.integers(0, 2), st.integers(1, 3)), min_size=1,
                         max_size=4),
       tips=st.lists(st.integers(1, 5), min_size=3, max_size=3))
def test_a_check_in_with_checkpoints_is_the_check_in_without(tmp_path_factory, quests, done,
                                                             density, changes, checkins, tips):
    folder = tmp_path_factory.mktemp("ci")
    store = Store(folder / "nq.json")
    n = fill(store, quests, done, density, tips)
    today = TODAY
    for change in changes:
        today = apply(store, app_on(store, today, False), n, change, today)
    twin = Store(folder / "twin.json")
    shutil.copy(store.path, twin.path)
    for i, count in checkins:
        quest = f"q{i % n}"
        if today < quests[i % n][2]:
            continue  # not started yet: both refuse alike, and nothing is written
        with_marks = app_on(store, today, True).quests.checkin(quest, count)
        without = app_on(twin, today, False).quests.checkin(quest, count)
        assert with_marks == without
        assert achievements_of(store) == achievements_of(twin)


def test_a_tampered_checkpoint_file_is_made_again_for_a_check_in(long_file, tmp_path):
    twin = Store(tmp_path / "twin.json")
    shutil.copy(long_file.path, twin.path)
    app_on(long_file, TODAY, True).quests.state()
    raw = json.loads(long_file.derived_path.read_bytes())
    raw["counts_before"] = {"q0": 0, "q1": 0}  # no check-ins before: every badge looks far off
    raw["perfect_before"] = [99, 99]
    long_file.derived_path.write_bytes(json.dumps(raw).encode())
    first = app_on(long_file, TODAY, True).quests.checkin("q0")
    assert first == app_on(twin, TODAY, False).quests.checkin("q0")
    assert achievements_of(long_file) == achievements_of(twin)
    made = json.loads(long_file.derived_path.read_bytes())
    assert made["counts_before"]["q0"] > 0 and made["key"] == raw["key"]


def _rechecked(data: bytes, edit) -> bytes:
    """`data` (a checkpoint file) edited by `edit`, its check made again as a hand edit would."""
    from netquest.services.checkpoints import _check

    raw = json.loads(data)
    raw.pop("check")
    edit(raw)
    raw["check"] = _check(raw)
    return json.dumps(raw, separators=(",", ":")).encode()


DAMAGE = [
    lambda good: b"[" * 200_000,  # nested deeper than the JSON reader goes
    lambda good: b'{"format":2,"key":' + b"[" * 200_000,
    lambda good: b'{"format":2,"key":"x","check":' + b"{\"a\":" * 100_000,
    lambda good: _rechecked(good, lambda raw: raw["day"].__setitem__(1, 1e400)),  # infinity
    lambda good: _rechecked(good, lambda raw: raw.__setitem__("xp_before", -1e400)),
    lambda good: _rechecked(good, lambda raw: raw["strength"]["q0"].__setitem__(1, float("nan"))),
]


@pytest.mark.parametrize("damage", DAMAGE, ids=["deep", "deep-key", "deep-check", "infinite-run",
                                                "infinite-xp", "nan-strength"])
def test_damaged_checkpoints_are_made_again_not_a_crash(long_file, tmp_path, damage):
    twin = Store(tmp_path / "twin.json")
    shutil.copy(long_file.path, twin.path)
    app_on(long_file, TODAY, True).quests.state()
    good = long_file.derived_path.read_bytes()
    long_file.derived_path.write_bytes(damage(good))
    assert (app_on(long_file, TODAY, True).quests.state()
            == app_on(twin, TODAY, False).quests.state())
    long_file.derived_path.write_bytes(damage(good))
    assert (app_on(long_file, TODAY, True).quests.checkin("q0")
            == app_on(twin, TODAY, False).quests.checkin("q0"))
    assert achievements_of(long_file) == achievements_of(twin)
    assert long_file.derived_path.read_bytes().startswith(b'{"format"')
