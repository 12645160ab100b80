"""Fixtures: every store test runs on an in-memory store and on a real file, as TinyDB's own tests
do."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest

from netquest.store import Store


class Today:
    """A settable `today` so tests can move through days (backups are per day)."""

    def __init__(self, day: date = date(2026, 3, 8)) -> None:
        self.day = day

    def __call__(self) -> date:
        return self.day

    def advance(self, days: int = 1) -> None:
        self.day += timedelta(days=days)


@pytest.fixture
def today() -> Today:
    return Today()


@pytest.fixture(params=["memory", "file"])
def make_store(request, tmp_path: Path, today: Today):
    """Make stores of this test's kind; file stores share one path under a folder not yet
    created."""
    path = tmp_path / "data" / "netquest.json"

    def make(**kwargs) -> Store:
        if request.param == "memory":
            return Store(memory=True, today=today, **kwargs)
        return Store(path, today=today, **kwargs)

    make.kind = request.param
    return make


@pytest.fixture
def store(make_store) -> Store:
    return make_store()


def raw_bytes(store: Store) -> bytes | None:
    """The stored bytes, whichever kind of store."""
    return store._backend.read()


def put_bytes(store: Store, data: bytes) -> None:
    """Plant bytes as if another program had written the file."""
    if store.path is None:
        store._backend.write(data)
    else:
        store.path.parent.mkdir(parents=True, exist_ok=True)
        store.path.write_bytes(data)


def add(tx, quest: str = "coffee", day: str = "2026-03-08", **kw):
    """A check-in with everyday values, overridable."""
    fields = dict(count=1, xp=15, bonus=5, at=f"{day}T10:00:00Z")
    fields.update(kw)
    return tx.add_checkin(quest, day, **fields)
