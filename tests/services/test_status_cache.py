"""The status cache the services keep beside a data file says what the full state says."""

from __future__ import annotations

import pytest

from netquest import statuscache
from netquest.clock import Clock
from netquest.services import NetQuest
from netquest.statusline import status_line
from netquest.store import Store


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
