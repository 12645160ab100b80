"""Daily backups, pruning to 14, and restoring one."""

from __future__ import annotations

import json

import pytest

from netquest.store import SCHEMA_VERSION, CorruptFile, NewerSchema

from .conftest import add, put_bytes, raw_bytes


def names(store):
    return [p.name for p in store.backups()]


def test_one_backup_per_day_of_the_file_before_that_days_first_write(store, today):
    with store.transaction() as tx:
        add(tx)
    assert names(store) == []  # nothing existed before the first write
    today.advance()
    yesterday = raw_bytes(store)
    for _ in range(3):
        with store.transaction() as tx:
            add(tx)
    assert names(store) == ["netquest.json-2026-03-09.json"]
    assert store._backend.read_backup("netquest.json-2026-03-09.json") == yesterday
    with store.read():
        pass  # reading never backs up
    with store.transaction():
        pass  # nor does a transaction that changes nothing
    today.advance(2)
    with store.read():
        pass
    assert names(store) == ["netquest.json-2026-03-09.json"]
    with store.transaction() as tx:
        add(tx)
    assert names(store) == ["netquest.json-2026-03-11.json", "netquest.json-2026-03-09.json"]


def test_only_the_newest_14_are_kept(store, today):
    for _ in range(20):
        with store.transaction() as tx:
            add(tx)
        today.advance()
    kept = names(store)
    assert len(kept) == 14
    assert (
        kept[0] == "netquest.json-2026-03-27.json" and kept[-1] == "netquest.json-2026-03-14.json"
    )
    if store.path is not None:
        assert sorted(p.name for p in (store.path.parent / "backups").iterdir()) == sorted(kept)


def test_restore_backs_up_first_then_replaces(store, today):
    with store.transaction() as tx:
        add(tx)
    today.advance()
    with store.transaction() as tx:
        add(tx)  # backup of the one-check-in file
    current = raw_bytes(store)
    (backup,) = store.backups()
    store.restore(backup)
    with store.read() as tx:
        assert [r.seq for r in tx.checkins()] == [1]
    assert names(store) == ["netquest.json-2026-03-09-2.json", "netquest.json-2026-03-09.json"]
    assert store._backend.read_backup("netquest.json-2026-03-09-2.json") == current
    store.restore(store.backups()[0].name)  # a bare name means one in the backups folder
    with store.read() as tx:
        assert [r.seq for r in tx.checkins()] == [1, 2]


def test_restore_over_a_corrupt_file_keeps_the_corrupt_copy_aside(store, today):
    with store.transaction() as tx:
        add(tx)
    today.advance()
    with store.transaction() as tx:
        add(tx)
    put_bytes(store, b'{"meta": trunc')
    store.restore(store.backups()[0])
    with store.read() as tx:
        assert len(tx.checkins()) == 1
    assert names(store) == [
        "netquest.json-2026-03-09.json"
    ]  # the broken copy is not offered for restore
    assert store._backend.read_backup("netquest.json-2026-03-09.unreadable") == b'{"meta": trunc'


@pytest.mark.parametrize(
    "content, error",
    [
        (b"{not json", CorruptFile),
        (
            json.dumps(
                {"meta": {"1": {"app": "netquest", "schema": SCHEMA_VERSION + 1, "seq": 0}}}
            ).encode(),
            NewerSchema,
        ),
    ],
)
def test_restore_refuses_a_bad_backup_and_changes_nothing(store, today, content, error):
    with store.transaction() as tx:
        add(tx)
    today.advance()
    with store.transaction() as tx:
        add(tx)
    store._backend.write_backup("netquest.json-2026-03-10.json", content)
    before, before_names = raw_bytes(store), names(store)
    with pytest.raises(error) as info:
        store.restore(store.backups()[0])
    assert "netquest.json-2026-03-10.json: " in str(info.value)
    assert raw_bytes(store) == before and names(store) == before_names
