"""What can sit at the data path besides a good file: pipes, devices, folders, huge or deep JSON, a
BOM, a read-only file."""

from __future__ import annotations

import codecs
import errno
import json
import os
import socket
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from netquest.store import (
    SCHEMA_VERSION,
    CorruptFile,
    Store,
    StoreError,
    StoreUnavailable,
    storage,
)

from .conftest import add, put_bytes, raw_bytes

ROOT = Path(__file__).resolve().parents[2]
META = {"1": {"app": "netquest", "schema": SCHEMA_VERSION, "seq": 0}}


def deep_file(levels: int = 5000) -> bytes:
    return b'{"meta": %s, "settings": {"1": {"x": %s1%s}}}' % (
        json.dumps(META).encode(),
        b"[" * levels,
        b"]" * levels,
    )


def huge_number_file(digits: int = 5000) -> bytes:
    return b'{"meta": %s, "settings": {"1": {"x": %s}}}' % (
        json.dumps(META).encode(),
        b"7" * digits,
    )


def one_line(err: StoreError) -> str:
    text = str(err)
    assert "\n" not in text and "None" not in text
    return text


def make_odd(kind: str, path: Path) -> None:
    """Put something that is not a regular file at `path`."""
    if kind == "fifo":
        os.mkfifo(path)
    elif kind == "dev-zero":
        path.symlink_to("/dev/zero")
    elif kind == "folder":
        path.mkdir()
    elif kind == "socket":
        sock = socket.socket(socket.AF_UNIX)
        sock.bind(str(path))
        sock.close()


ODD = {
    "fifo": "named pipe",
    "dev-zero": "character device",
    "folder": "a folder",
    "socket": "a socket",
}


@pytest.mark.parametrize("kind", list(ODD))
def test_anything_but_a_regular_file_is_refused_in_one_line(tmp_path, kind):
    path = tmp_path / "nq.json"
    make_odd(kind, path)
    kind_before = stat.S_IFMT(os.lstat(path).st_mode)
    store = Store(path)
    for open_it in (store.read, store.transaction):
        with pytest.raises(StoreUnavailable) as info:
            with open_it() as tx:
                add(tx)
        assert ODD[kind] in one_line(info.value) and "not a regular file" in str(info.value)
    with pytest.raises(StoreUnavailable):
        store.check()
    assert stat.S_IFMT(os.lstat(path).st_mode) == kind_before  # still there, not replaced by a file
    assert not (tmp_path / "backups").exists()


CHILD = """
import sys
from netquest.cli import main
main(sys.argv[1:])
"""


@pytest.mark.parametrize("command", [["checkin", "coffee"], ["summary"], ["doctor"]])
def test_a_fifo_data_file_never_hangs_a_command_nor_holds_the_lock(tmp_path, command):
    path = tmp_path / "nq.json"
    os.mkfifo(path)
    env = dict(os.environ, NETQUEST_DB=str(path), NETQUEST_NOW="2026-03-08T10:00:00", TZ="UTC")
    proc = subprocess.run(
        [sys.executable, "-c", CHILD, *command],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    assert proc.returncode == 1
    assert "named pipe" in (proc.stderr + proc.stdout) and "Traceback" not in proc.stderr
    if command[0] != "doctor":
        assert len(proc.stderr.strip().splitlines()) == 1
    assert Store(path)._backend.lock_state() in ("free", "missing")


def test_a_file_past_the_size_bound_is_refused_without_reading_it(tmp_path, monkeypatch):
    path = tmp_path / "nq.json"
    with open(path, "wb") as f:
        f.truncate(storage.MAX_FILE_BYTES + 1)  # sparse: costs no disk
    read = []
    real_read = os.read
    monkeypatch.setattr(os, "read", lambda fd, n: read.append(n) or real_read(fd, n))
    with pytest.raises(StoreUnavailable) as info:
        with Store(path).read():
            pass
    assert "more than the 256 MB NetQuest reads" in one_line(info.value)
    assert read == []


def test_a_file_that_grows_past_the_bound_while_read_is_refused(tmp_path, monkeypatch):
    path = tmp_path / "nq.json"
    path.write_bytes(b"x" * 100)
    monkeypatch.setattr(storage, "MAX_FILE_BYTES", 150)
    stat_then_grow = os.fstat

    def fstat(fd):
        st = stat_then_grow(fd)
        with open(path, "ab") as f:  # another program appends after we looked
            f.write(b"y" * 100)
        return st

    monkeypatch.setattr(os, "fstat", fstat)
    with pytest.raises(storage.FileRefused, match="grew past"):
        storage.read_regular(path, 150)


@pytest.mark.parametrize(
    "data, words",
    [
        (deep_file(), "nested too deeply"),
        (deep_file(900), "nested too deeply"),
        (deep_file(65), "nested too deeply"),
        (huge_number_file(), "number too long"),
    ],
    ids=["deep", "deep-900", "deep-65", "huge"],
)
def test_deep_or_huge_json_in_the_data_file_is_one_line(store, data, words):
    put_bytes(store, data)
    for open_it in (store.read, store.transaction):
        with pytest.raises(CorruptFile) as info:
            with open_it() as tx:
                add(tx)
        assert words in one_line(info.value)
    with pytest.raises(CorruptFile, match=words):
        store.check()
    assert raw_bytes(store) == data


@pytest.mark.parametrize(
    "data, words",
    [(deep_file(), "nested too deeply"), (huge_number_file(), "number too long")],
    ids=["deep", "huge"],
)
def test_a_deep_or_huge_backup_is_refused_by_restore_naming_the_backup(make_store, data, words):
    store = make_store()
    with store.transaction() as tx:
        add(tx)
    before = raw_bytes(store)
    name = "netquest.json-2026-03-01.json"
    store._backend.write_backup(name, data)
    with pytest.raises(CorruptFile) as info:
        store.restore(name)
    assert words in one_line(info.value) and name in str(info.value)
    assert raw_bytes(store) == before


def test_a_byte_order_mark_is_read_and_doctor_says_so(store):
    with store.transaction() as tx:
        add(tx)
    data = codecs.BOM_UTF8 + raw_bytes(store)
    put_bytes(store, data)
    with store.read() as tx:
        assert len(tx.checkins()) == 1
    report = store.check()
    assert any("byte order mark" in line for line in report)
    with store.transaction() as tx:
        add(tx)
    assert not raw_bytes(store).startswith(codecs.BOM_UTF8)
    with store.read() as tx:
        assert len(tx.checkins()) == 2


def test_a_read_only_data_file_is_refused_not_replaced(tmp_path):
    path = tmp_path / "nq.json"
    store = Store(path)
    with store.transaction() as tx:
        add(tx)
    os.chmod(path, 0o400)
    before = path.read_bytes()
    inode = path.stat().st_ino
    with pytest.raises(StoreUnavailable) as info:
        with store.transaction() as tx:
            add(tx)
    assert "is read-only (mode 400); nothing was changed" in one_line(info.value)
    name = "nq.json-2026-03-08.json"
    store._backend.write_backup(name, before)
    with pytest.raises(StoreUnavailable, match="read-only"):
        store.restore(name)
    assert path.read_bytes() == before and path.stat().st_ino == inode
    assert stat.S_IMODE(path.stat().st_mode) == 0o400
    with store.read() as tx:  # reading it is fine
        assert len(tx.checkins()) == 1


def test_a_full_disk_names_the_file_not_none(tmp_path, monkeypatch):
    path = tmp_path / "nq.json"
    store = Store(path)
    for _ in range(
        2
    ):  # the second write makes today's backup, so the next one writes only the data file
        with store.transaction() as tx:
            add(tx)
    before = path.read_bytes()

    def full(fd):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))  # as fsync reports it: no file name

    monkeypatch.setattr(storage.os, "fsync", full)
    with pytest.raises(StoreUnavailable) as info:
        with store.transaction() as tx:
            add(tx)
    text = one_line(info.value)
    assert f"cannot be written: No space left on device ({path}); nothing was changed" in text
    monkeypatch.undo()
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


def test_deep_json_beside_a_valid_log_index_is_refused(store):
    """A file NetQuest wrote (its log index still vouches for the log) with a deep value edited
    into a setting."""
    with store.transaction() as tx:
        add(tx)
        tx.set_setting("theme", "dark")
    data = raw_bytes(store)
    assert b'"theme":"dark"' in data
    put_bytes(store, data.replace(b'"theme":"dark"', b'"theme":' + b"[" * 100 + b"]" * 100))
    with pytest.raises(CorruptFile, match="nested too deeply"):
        with store.read():
            pass


def test_a_value_too_deep_to_read_back_is_never_written(store):
    deep: list = []
    for _ in range(100):
        deep = [deep]
    with pytest.raises(ValueError, match="nested too deeply"):
        with store.transaction() as tx:
            tx.set_setting("x", deep)
    assert raw_bytes(store) is None
