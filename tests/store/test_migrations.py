"""The migration framework, and that files of every schema version still load."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from netquest.store import SCHEMA_VERSION, Store, migrations

DATA = Path(__file__).parent / "data"


@pytest.mark.parametrize("fixture", sorted(DATA.glob("v*.json")), ids=lambda p: p.stem)
def test_every_schema_fixture_loads(tmp_path, fixture):
    path = tmp_path / "netquest.json"
    shutil.copy(fixture, path)
    store = Store(path)
    with store.read() as tx:
        assert tx.meta["schema"] == SCHEMA_VERSION
        assert tx.quest("coffee")["title"] == "Virtual coffee ☕"
        assert [r.seq for r in tx.checkins("coffee")] == [1, 3]
        assert tx.checkins()[-1].people == ("Ann Lee",)
        assert tx.skips() == [{"quest": None, "day": "2026-03-01", "reason": "vacation"}]
        assert tx.settings() == {"timezone": "Europe/Berlin"}
    with store.transaction() as tx:
        assert tx.add_checkin("coffee", "2026-03-09", 1, 10, 0, "2026-03-09T08:00:00Z").seq == 4
    assert json.loads(path.read_text())["meta"]["1"]["schema"] == SCHEMA_VERSION


def test_there_is_a_fixture_for_the_current_schema():
    assert (DATA / f"v{SCHEMA_VERSION}.json").exists()


def raw_at(version: int) -> dict:
    return {"meta": {"1": {"app": "netquest", "schema": version, "seq": 0}}}


def test_migrate_runs_each_step_in_order(monkeypatch):
    seen = []

    def step(n):
        def up(raw):
            seen.append(n)
            raw["meta"]["1"]["schema"] = n + 1
            return raw
        return up

    monkeypatch.setattr(migrations, "SCHEMA_VERSION", 3)
    monkeypatch.setattr(migrations, "MIGRATIONS", {1: step(1), 2: step(2)})
    assert migrations.migrate(raw_at(1))["meta"]["1"]["schema"] == 3
    assert seen == [1, 2]
    assert migrations.migrate(raw_at(3)) == raw_at(3)


def test_migrate_refuses_gaps_forgotten_bumps_and_newer_files(monkeypatch):
    monkeypatch.setattr(migrations, "SCHEMA_VERSION", 3)
    monkeypatch.setattr(migrations, "MIGRATIONS", {1: lambda raw: raw})
    with pytest.raises(ValueError, match="produced schema 1"):
        migrations.migrate(raw_at(1))
    with pytest.raises(ValueError, match="no migration from schema 2"):
        migrations.migrate(raw_at(2))
    with pytest.raises(ValueError, match="newer"):
        migrations.migrate(raw_at(4))
