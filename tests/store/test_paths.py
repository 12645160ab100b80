"""Which files belong to a data file: one lock, temp names and backups per resolved file, none left
by a refusal."""

from __future__ import annotations

import os
import threading
import time
from datetime import date
from pathlib import Path

import pytest

from netquest.store import Store, StoreUnavailable
from netquest.store.files import atomic_write

from .conftest import Today, add

DAY = date(2026, 3, 8)


def linked_folder(tmp_path: Path) -> tuple[Path, Path]:
    """`real/` and `link -> real`: the set-up of a data folder linked into a synced one."""
    real = tmp_path / "real"
    real.mkdir()
    (tmp_path / "link").symlink_to(real)
    return real / "nq.json", tmp_path / "link" / "nq.json"


def test_a_symlinked_folder_and_its_real_path_share_one_lock_and_one_backup_set(tmp_path):
    real, linked = linked_folder(tmp_path)
    today = Today(DAY)
    a, b = Store(real, today=today), Store(linked, today=today)
    assert a._backend.lock_path == b._backend.lock_path
    assert a._key == b._key  # nesting one inside the other in a thread is refused, not deadlocked
    with a.transaction() as tx:
        add(tx)
    today.advance()
    with b.transaction() as tx:
        add(tx)
    assert (
        [p.name for p in a.backups()]
        == [p.name for p in b.backups()]
        == ["nq.json-2026-03-09.json"]
    )
    with a.transaction():
        with pytest.raises(RuntimeError, match="nesting"):
            with b.transaction():
                pass


def test_a_symlinked_data_file_is_locked_and_backed_up_beside_its_target(tmp_path):
    target_dir = tmp_path / "synced"
    target_dir.mkdir()
    home = tmp_path / "home"
    home.mkdir()
    (home / "nq.json").symlink_to(target_dir / "data.json")
    today = Today(DAY)
    through_link, direct = (
        Store(home / "nq.json", today=today),
        Store(target_dir / "data.json", today=today),
    )
    with through_link.transaction() as tx:
        add(tx)
    today.advance()
    with direct.transaction() as tx:
        add(tx)
    today.advance()
    with through_link.transaction() as tx:
        add(tx)
    assert (home / "nq.json").is_symlink()  # written through, not replaced
    assert sorted(os.listdir(home)) == ["nq.json"]  # no second lock, no backups beside the link
    assert sorted(os.listdir(target_dir / "backups")) == [
        "data.json-2026-03-09.json",
        "data.json-2026-03-10.json",
    ]
    assert through_link.backups() == direct.backups()


def test_a_killed_writers_temps_of_the_derived_files_go_once_old(tmp_path):
    # A summary or a check-in killed while writing the checkpoints or the summary cache
    # (which are written without the lock) leaves its temp; the next write cleans it up
    # once it is old enough that no live writer can own it.
    path = tmp_path / "nq.json"
    store = Store(path)
    with store.transaction() as tx:
        add(tx)
    old = [tmp_path / ".nq.json.checkpoints.k2j4h1x_.tmp",  # atomic_write's random token
           tmp_path / ".nq.json.summaries.48213.tmp"]  # the summary cache's process id
    fresh = tmp_path / ".nq.json.checkpoints.zz9_zz9_.tmp"  # a summary writing right now
    others = [tmp_path / ".nq.json.checkpoints",  # not temps
              tmp_path / ".other.json.checkpoints.k2j4h1x_.tmp",  # another data file's
              tmp_path / ".nq.json.notes.k2j4h1x_.tmp"]
    for p in [*old, fresh, *others]:
        p.write_bytes(b"partial")
    an_hour_ago = time.time() - 3600
    for p in [*old, *others]:
        os.utime(p, (an_hour_ago, an_hour_ago))
    with store.transaction() as tx:
        add(tx)
    assert [p.exists() for p in old] == [False, False]
    assert fresh.exists() and all(p.exists() for p in others)


def test_only_this_files_own_temps_are_removed_and_only_under_the_lock(tmp_path):
    path = tmp_path / "nq.json"
    store = Store(path)
    with store.transaction() as tx:
        add(tx)
    dead = tmp_path / ".nq.json.k2j4h1x_.tmp"  # what a writer killed mid-write leaves
    others = [
        tmp_path / ".nq.json.bak.k2j4h1x_.tmp",  # a temp of the file nq.json.bak
        tmp_path / ".nq.json.notes.tmp",  # not a name atomic_write makes
        tmp_path / ".nq.jsonx.k2j4h1x_.tmp",
    ]
    for p in [dead, *others]:
        p.write_bytes(b"partial")
    linked = tmp_path / ".nq.json.abcdefgh.tmp"
    linked.symlink_to(tmp_path / "keep-me")
    (tmp_path / "keep-me").write_text("x")
    with pytest.raises(RuntimeError, match="under the lock"):
        store._backend.remove_stale_temps()
    assert dead.exists()
    with store.transaction() as tx:
        add(tx)
    assert not dead.exists()
    assert all(p.exists() for p in others)
    assert linked.is_symlink() and (tmp_path / "keep-me").read_text() == "x"


def test_a_temp_of_a_file_with_a_longer_name_is_not_stale(tmp_path):
    # atomic_write of "nq.json.x" makes ".nq.json.x.XXXXXXXX.tmp", which starts with ".nq.json."
    atomic_write_target = tmp_path / "nq.json.x"
    atomic_write(atomic_write_target, b"{}")
    live = tmp_path / ".nq.json.x.abcd1234.tmp"
    live.write_bytes(b"being written by another program")
    with Store(tmp_path / "nq.json").transaction() as tx:
        add(tx)
    assert live.exists()


def test_a_refused_command_on_a_new_path_leaves_no_folder_and_no_lock(tmp_path):
    store = Store(tmp_path / "a" / "b" / "nq.json")
    with pytest.raises(LookupError):
        with store.transaction():
            raise LookupError("unknown quest")
    assert not (tmp_path / "a").exists()
    with store.transaction():
        pass  # a transaction that writes nothing leaves nothing either
    assert not (tmp_path / "a").exists()
    with store.transaction() as tx:
        add(tx)
    assert sorted(os.listdir(tmp_path / "a" / "b")) == ["nq.json", "nq.json.lock"]
    assert (tmp_path / "a").stat().st_mode & 0o777 == 0o700


def test_a_refused_command_in_an_existing_folder_removes_only_its_lock(tmp_path):
    (tmp_path / "notes.txt").write_text("mine")
    store = Store(tmp_path / "nq.json")
    with pytest.raises(LookupError):
        with store.transaction():
            raise LookupError
    assert sorted(os.listdir(tmp_path)) == ["notes.txt"]


def test_a_waiter_on_a_removed_lock_file_takes_the_new_one(tmp_path):
    """The holder that wrote nothing unlinks the lock file; whoever opened it meanwhile must start
    over."""
    path = tmp_path / "d" / "nq.json"
    holding, release = threading.Event(), threading.Event()
    seen: list[str] = []

    def waiter() -> None:
        with Store(path, lock_timeout=5).transaction() as tx:
            seen.append(
                Store(path)._backend.lock_state()
            )  # the lock at the path is the one we hold
            holding.set()
            release.wait(5)
            add(tx)

    with Store(path).transaction():
        thread = threading.Thread(target=waiter)
        thread.start()
        time.sleep(0.3)  # the waiter has opened the lock file and polls it
        assert not holding.is_set()
    assert holding.wait(5)
    assert seen == ["held by another process"]
    release.set()
    thread.join(5)
    assert path.exists()
    with Store(path).read() as tx:
        assert len(tx.checkins()) == 1


def test_same_stem_files_in_one_folder_keep_their_own_backups(tmp_path):
    today = Today(DAY)
    jstore, dstore = (
        Store(tmp_path / "nq.json", today=today),
        Store(tmp_path / "nq.db", today=today),
    )
    for store in (jstore, dstore):
        with store.transaction() as tx:
            add(tx)
    today.advance()
    with jstore.transaction() as tx:
        add(tx)
    assert [p.name for p in jstore.backups()] == ["nq.json-2026-03-09.json"]
    assert dstore.backups() == []
    with dstore.transaction() as tx:
        add(tx, quest="db-only")
    assert [p.name for p in dstore.backups()] == ["nq.db-2026-03-09.json"]
    with pytest.raises(StoreUnavailable, match="is not a backup of"):
        dstore.restore("nq.json-2026-03-09.json")
    with dstore.read() as tx:
        assert [r.quest for r in tx.checkins()] == ["coffee", "db-only"]


def test_old_style_backups_stay_listed_while_no_other_file_shares_the_stem(tmp_path):
    today = Today(DAY)
    store = Store(tmp_path / "nq.json", today=today)
    with store.transaction() as tx:
        add(tx)
    old = tmp_path / "backups" / "nq-2026-03-07.json"
    old.parent.mkdir()
    old.write_bytes((tmp_path / "nq.json").read_bytes())
    assert [p.name for p in store.backups()] == ["nq-2026-03-07.json"]
    today.advance()
    with store.transaction() as tx:
        add(tx)
    assert [p.name for p in store.backups()] == ["nq.json-2026-03-09.json", "nq-2026-03-07.json"]
    (tmp_path / "nq.db").write_text("another data file")
    assert [p.name for p in store.backups()] == ["nq.json-2026-03-09.json"]
    with pytest.raises(StoreUnavailable, match="is not a backup of"):
        store.restore("nq-2026-03-07.json")
    assert any("1 old backups named nq-DATE.json are not listed" in line for line in store.check())
    assert old.exists()


def test_an_old_style_backup_of_today_counts_as_todays_backup(tmp_path):
    today = Today(DAY)
    store = Store(tmp_path / "nq.json", today=today)
    with store.transaction() as tx:
        add(tx)
    (tmp_path / "backups").mkdir()
    (tmp_path / "backups" / "nq-2026-03-08.json").write_bytes((tmp_path / "nq.json").read_bytes())
    with store.transaction() as tx:
        add(tx)
    assert [p.name for p in store.backups()] == ["nq-2026-03-08.json"]
