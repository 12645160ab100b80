"""The status cache the services keep beside a data file says what the full state says."""

from __future__ import annotations

from datetime import timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from netquest import statuscache
from netquest.clock import Clock
from netquest.services import NetQuest, ServiceError
from netquest.services.status import status_state
from netquest.statusline import status_line
from netquest.store import Store
from tests.services.test_checkpoints import (
    TODAY,
    app_on,
    apply,
    changes,
    days,
    fill,
    quests,
)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_cached_line_is_the_line_of_the_full_state(tmp_path, seed):
    clock = Clock(timezone="UTC", fixed_now="2026-03-11T09:30:00")
    services = NetQuest(Store(tmp_path / "nq.json"), clock)
    services.data.demo(days=90, quests=10, seed=seed)
    due = services.quests.state().due
    services.people.add("Bea", interval=7, last_contact="2026-03-01")
    services.quests.checkin(due[0].quest.id)
    cached = statuscache.read(statuscache.cache_path(tmp_path / "nq.json"))
    assert cached is not None and cached.day == "2026-03-11"
    assert cached.line == status_line(services.quests.state(), symbols=True, width=80)
    assert "to reach out" in cached.line and "at risk" in cached.line


def test_an_in_memory_store_writes_no_cache(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    services = NetQuest(Store(memory=True), Clock(timezone="UTC", fixed_now="2026-03-11T09:30:00"))
    services.quests.init(starter=True)
    services.quests.checkin("coffee")
    assert list(tmp_path.iterdir()) == []


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(quests=quests, done=st.lists(st.tuples(st.integers(0, 2), days, st.integers(1, 3)),
                                    max_size=200),
       changes=st.lists(changes, max_size=5), which=st.integers(0, 2))
def test_the_line_after_a_check_in_with_checkpoints_is_the_line_without(
        tmp_path_factory, quests, done, changes, which):
    path = tmp_path_factory.mktemp("st") / "nq.json"
    store = Store(path)
    n = fill(store, quests, done)
    today = TODAY
    for change in [None, *changes]:
        if change is not None:
            today = apply(store, app_on(store, today, False), n, change, today)
        app_on(Store(path), today, True).quests.state()  # the checkpoints, as a summary leaves them
        try:
            app_on(Store(path), today, True).quests.checkin(f"q{which % n}")
        except ServiceError:  # a quest that has not started yet
            continue
        without = app_on(Store(path), today, False)
        with without.reading() as s:
            line = status_line(status_state(without, s), symbols=True, width=80)
        cached = statuscache.read(statuscache.cache_path(path))
        assert cached is not None and cached.line == line


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(quests=quests, done=st.lists(st.tuples(st.integers(0, 2), days, st.integers(1, 3)),
                                    max_size=150),
       which=st.integers(0, 2), back=st.sampled_from([None, 0, 1, 9]),
       checkpoints=st.booleans())
def test_a_check_in_with_its_state_leaves_the_cache_and_state_a_fresh_read_gives(
        tmp_path_factory, quests, done, which, back, checkpoints):
    """The app's check-in works out the viewed day's state in its own session, and the status
    cache is renewed from it when that day is today: both as a new read makes them."""
    path = tmp_path_factory.mktemp("st") / "nq.json"
    store = Store(path)
    n = fill(store, quests, done)
    app_on(Store(path), TODAY, True).quests.state()  # the checkpoints, as a summary leaves them
    viewed = None if back is None else TODAY - timedelta(days=back)
    try:
        _, state = app_on(Store(path), TODAY, checkpoints).quests.checkin_with_state(
            f"q{which % n}", badges_later=True, state_day=viewed)
    except ServiceError:  # a quest that has not started yet
        return
    fresh = app_on(Store(path), TODAY, False)
    assert state == fresh.quests.state(viewed)
    with fresh.reading() as s:
        line = status_line(status_state(fresh, s), symbols=True, width=80)
    cached = statuscache.read(statuscache.cache_path(path))
    assert cached is not None and cached.line == line
