"""Files the store must refuse without touching them, and folders it cannot use."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path
from typing import Callable

import pytest

from netquest.store import (
    SCHEMA_VERSION,
    CorruptFile,
    NewerSchema,
    NotNetQuestFile,
    Store,
    StoreError,
    StoreUnavailable,
    default_db_path,
)

from .conftest import add, put_bytes, raw_bytes
from .records import quest

GOOD = json.dumps(
    {
        "meta": {"1": {"app": "netquest", "schema": SCHEMA_VERSION, "seq": 1}},
        "log": {
            "1": {
                "q": "coffee",
                "y": 2026,
                "e": [[1, "2026-03-08", 1, 15, 5, "2026-03-08T10:00:00Z"]],
            }
        },
    }
)

BAD_FILES = {
    "corrupt": (b'{"meta": {"1": {"app": "netquest",, }}}', CorruptFile, "not valid JSON"),
    "truncated": (GOOD.encode()[:-7], CorruptFile, "cut short"),
    "empty": (b"", CorruptFile, "empty"),
    "binary": (b"\xff\xfe\x00garbage", CorruptFile, "not UTF-8"),
    "stock tinydb": (
        b'{"_default": {"1": {"name": "x"}}}',
        NotNetQuestFile,
        "not a NetQuest data file",
    ),
    "json list": (b"[1, 2, 3]", NotNetQuestFile, "not a NetQuest data file"),
    "other app": (
        GOOD.replace('"netquest"', '"otherapp"').encode(),
        NotNetQuestFile,
        "not a NetQuest",
    ),
    "newer schema": (
        GOOD.replace(f'"schema": {SCHEMA_VERSION}', '"schema": 99').encode(),
        NewerSchema,
        "newer NetQuest",
    ),
    "damaged entry": (
        GOOD.replace('[[1, "2026-03-08"', '[[1, "2026-03-08"], [2').encode(),
        CorruptFile,
        "damaged",
    ),
    "damaged meta": (GOOD.replace('"seq": 1', '"seq": "one"').encode(), CorruptFile, "meta record"),
}


def one_line_naming(err: StoreError, store: Store, backup: Path | None) -> None:
    text = str(err)
    assert "\n" not in text
    assert text.startswith(str(store.path) if store.path else "<memory>")
    assert err.backup == backup
    assert (f"newest backup: {backup}" if backup else "no backup yet") in text


@pytest.mark.parametrize("name", list(BAD_FILES))
def test_bad_file_is_refused_and_left_byte_identical(store, name):
    data, error, words = BAD_FILES[name]
    put_bytes(store, data)
    for open_it in (store.read, store.transaction):
        with pytest.raises(error, match=words) as info:
            with open_it() as tx:
                add(tx)
        one_line_naming(info.value, store, None)
    with pytest.raises(error):
        store.check()
    assert raw_bytes(store) == data


def test_error_names_the_newest_backup(make_store, today):
    store = make_store()
    for _ in range(3):
        with store.transaction() as tx:
            add(tx)
        today.advance()
    newest = store.backups()[0]
    assert newest.name == "netquest.json-2026-03-10.json"
    put_bytes(store, b"{oops")
    with pytest.raises(CorruptFile) as info:
        with store.read():
            pass
    one_line_naming(info.value, store, newest)
    assert raw_bytes(store) == b"{oops"


def test_missing_folder_is_created_private(tmp_path):
    store = Store(tmp_path / "a" / "b" / "netquest.json")
    with store.read() as tx:
        assert tx.checkins() == []
    assert not (tmp_path / "a").exists()  # reading creates nothing
    with store.transaction() as tx:
        add(tx)
    assert stat.S_IMODE(store.path.stat().st_mode) == 0o600
    assert stat.S_IMODE(store.path.parent.stat().st_mode) == 0o700
    assert sorted(p.name for p in store.path.parent.iterdir()) == [
        "netquest.json",
        "netquest.json.lock",
    ]


def test_existing_file_keeps_its_mode_and_symlink(tmp_path):
    real = tmp_path / "dotfiles" / "netquest.json"
    store = Store(real)
    with store.transaction() as tx:
        add(tx)
    real.chmod(0o640)
    link = tmp_path / "link.json"
    link.symlink_to(real)
    with Store(link).transaction() as tx:
        add(tx)
    assert link.is_symlink() and stat.S_IMODE(real.stat().st_mode) == 0o640
    with Store(real).read() as tx:
        assert len(tx.checkins()) == 2


def test_folder_that_cannot_be_created(tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a regular file where the data folder should be")
    store = Store(blocker / "netquest.json")
    with pytest.raises(StoreUnavailable) as info:
        with store.transaction() as tx:
            add(tx)
    one_line_naming(info.value, store, None)
    assert "cannot be locked" in str(info.value)
    assert blocker.read_text().startswith("a regular file")


def run_unprivileged(job: Callable[[], str]) -> str:
    """Run `job` in a forked child as a user whom file permissions bind; return what it returned.

    Root ignores permission bits, so as root the child drops to `nobody` first: the
    read-only folder is then read-only for real, enforced by the kernel, not simulated.
    (A fork rather than a new interpreter: the venv's python lives under /root.)
    """
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child
        code = 1
        try:
            os.close(read_end)
            if os.geteuid() == 0:
                os.setgroups([])
                os.setgid(65534)
                os.setuid(65534)
            out = job()
            code = 0
        except BaseException as e:  # report anything to the parent instead of running its tests
            out = f"child failed: {e!r}"
        finally:
            os.write(write_end, out.encode())
            os._exit(code)
    os.close(write_end)
    with os.fdopen(read_end, "rb") as f:
        out = f.read().decode()
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0, out
    return out


@pytest.fixture
def shared_dir(tmp_path_factory):
    """A folder `nobody` can reach (pytest's own tmp root is private to root)."""
    import tempfile

    folder = Path(tempfile.mkdtemp(prefix="netquest-ro-"))
    folder.chmod(0o755)
    yield folder
    folder.chmod(0o755)
    for p in sorted(folder.rglob("*"), reverse=True):
        p.chmod(0o700)
        p.rmdir() if p.is_dir() and not p.is_symlink() else p.unlink()
    folder.rmdir()


def test_read_only_folder(shared_dir):
    data = shared_dir / "data"
    store = Store(data / "netquest.json")
    with store.transaction() as tx:
        add(tx)
    before = store.path.read_bytes()
    if os.geteuid() == 0:
        for p in (data, store.path, store.path.with_name("netquest.json.lock")):
            os.chown(p, 65534, 65534)
    data.chmod(0o555)
    def job() -> str:
        out = []
        with Store(store.path).read() as tx:
            out.append(f"read {len(tx.checkins())}")
        try:
            with Store(store.path).transaction() as tx:
                add(tx)
        except StoreUnavailable as e:
            out.append(f"error {e}")
        return "\n".join(out)

    lines = run_unprivileged(job).splitlines()
    assert lines[0] == "read 1"
    assert lines[1].startswith(f"error {store.path}: cannot be written: Permission denied")
    assert lines[1].endswith("nothing was changed (no backup yet)") and len(lines) == 2
    assert store.path.read_bytes() == before
    assert sorted(p.name for p in data.iterdir()) == ["netquest.json", "netquest.json.lock"]


def test_read_only_folder_without_lock_file(shared_dir):
    data = shared_dir / "data"
    data.mkdir()
    data.chmod(0o555)
    def job() -> str:
        try:
            with Store(data / "netquest.json").transaction() as tx:
                tx.set_setting("a", 1)
        except StoreUnavailable as e:
            return str(e)
        return "written"

    assert run_unprivileged(job) == (
        f"{data / 'netquest.json'}: cannot be locked: Permission denied "
        f"({data / 'netquest.json.lock'}) (no backup yet)"
    )
    assert list(data.iterdir()) == []


def test_unreadable_file(shared_dir):
    store = Store(shared_dir / "netquest.json")
    with store.transaction() as tx:
        add(tx)
    def job() -> str:
        try:
            with Store(store.path).read():
                return "read"
        except StoreUnavailable as e:
            return str(e)

    assert (
        run_unprivileged(job) == f"{store.path}: cannot be read: Permission denied (no backup yet)"
    )


def test_lock_held_elsewhere_gives_up_with_a_clear_message(tmp_path):
    import fcntl

    store = Store(tmp_path / "netquest.json", lock_timeout=0.2)
    with store.transaction() as tx:
        add(tx)
    before = store.path.read_bytes()
    with open(store.path.with_name("netquest.json.lock"), "a") as holder:
        # flock locks belong to an open file, so this blocks the store even in this process.
        fcntl.flock(holder, fcntl.LOCK_EX)
        with pytest.raises(StoreUnavailable, match="locked by another NetQuest process") as info:
            with store.transaction() as tx:
                add(tx)
        assert "held by another process" in "\n".join(store.check())
    one_line_naming(info.value, store, None)
    assert store.path.read_bytes() == before


def test_check_reports_what_it_looked_at(store):
    assert "no data file yet" in store.check()[0]
    with store.transaction() as tx:
        tx.put_quest(quest("coffee"))
        add(tx)
        add(tx, "coffee", "2025-01-01")
    report = "\n".join(store.check())
    assert f"schema {SCHEMA_VERSION}" in report and "2 check-ins (last seq 2), 1 quests" in report
    assert "backups: none yet" in report
    if store.path is not None:
        assert "mode 600 (private)" in report and "writable" in report and "lock file" in report


def test_a_seq_used_twice_is_named_by_opening_and_by_check(store):
    data = json.loads(GOOD)
    data["log"]["1"]["e"].append([1, "2026-03-09", 1, 15, 5, "2026-03-09T10:00:00Z"])
    put_bytes(store, json.dumps(data).encode())
    with pytest.raises(CorruptFile, match="check-in 1: field 'seq' is used by two check-ins"):
        store.check()
    with pytest.raises(CorruptFile, match="used by two check-ins"), store.read():
        pass


def test_default_db_path(monkeypatch, tmp_path):
    monkeypatch.setenv("NETQUEST_DB", str(tmp_path / "x.json"))
    assert default_db_path() == tmp_path / "x.json"
    assert Store().path == tmp_path / "x.json"
    monkeypatch.delenv("NETQUEST_DB")
    import platformdirs

    assert default_db_path() == platformdirs.user_data_path("netquest") / "netquest.json"


def test_temp_files_are_private_new_and_named_as_the_stale_ones_are_found(tmp_path):
    """The atomic write's temp file: made by this call only (never an existing name), 0600,
    and named as the backend finds a temp file a crash left behind."""
    import re

    from netquest.store.files import TEMP_SUFFIX, temp_file

    made = set()
    for _ in range(50):
        fd, name = temp_file(tmp_path, ".nq.json.", TEMP_SUFFIX)
        os.close(fd)
        made.add(name)
        assert Path(name).parent == tmp_path and Path(name).is_absolute()
        assert stat.S_IMODE(os.stat(name).st_mode) == 0o600
        assert re.fullmatch(r"\.nq\.json\.[a-z0-9_]{8}\.tmp", Path(name).name)
    assert len(made) == 50
