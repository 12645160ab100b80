"""Several processes on one file: concurrent check-ins, writers killed mid-write, external
changes."""

from __future__ import annotations

import multiprocessing
import os
import random
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from netquest.store import Store

from .conftest import add
from .records import quest

ROOT = Path(__file__).resolve().parents[2]


def check_in_many(path: str, worker: int, n: int) -> None:
    store = Store(path)
    for i in range(n):
        with store.transaction() as tx:
            tx.add_checkin(f"quest-{worker}", "2026-03-08", 1, i, 0, "2026-03-08T10:00:00Z")
            tx.put(
                "people", {"id": f"{worker}-{i}", "name": f"P {worker}-{i}"}
            )  # also through TinyDB's own Table, whose ids must not collide


def test_four_processes_check_in_at_once(tmp_path):
    path = tmp_path / "netquest.json"
    ctx = multiprocessing.get_context("spawn")
    procs = [ctx.Process(target=check_in_many, args=(str(path), w, 100)) for w in range(4)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(120)
        assert p.exitcode == 0
    with Store(path).read() as tx:
        records = tx.checkins()
        assert len(records) == 400
        assert sorted(r.seq for r in records) == list(range(1, 401))
        for w in range(4):
            assert sorted(r.xp for r in tx.checkins(f"quest-{w}")) == list(range(100))
        assert len({p["id"] for p in tx.all("people")}) == 400
    assert "400 check-ins" in "\n".join(Store(path).check())


WRITER = """
import sys
import pytest

from netquest.store import Store
store = Store(sys.argv[1])
print("ready", flush=True)
while True:
    with store.transaction() as tx:
        rec = tx.add_checkin("coffee", "2026-03-08", 1, 10, 0, "2026-03-08T10:00:00Z", "crash test")
    print(rec.seq, flush=True)
"""


def test_writer_killed_at_random_moments_never_loses_a_reported_checkin(tmp_path):
    path = tmp_path / "netquest.json"
    store = Store(path)
    with store.transaction() as tx:
        # A file of some size, so a good share of kills land inside a write.
        for i in range(3000):
            add(tx, day=f"20{10 + i % 16}-01-0{1 + i % 9}")
    rng = random.Random(20260308)
    reported: set[int] = set()
    started = time.monotonic()
    kills = torn = 0
    while kills < 60:
        child = subprocess.Popen([sys.executable, "-c", textwrap.dedent(WRITER), str(path)],
                                 stdout=subprocess.PIPE, cwd=ROOT)
        # The kill lands a random time after start-up, however long a busy machine takes to start.
        assert child.stdout.readline() == b"ready\n"
        time.sleep(rng.uniform(0.0, 0.15))
        os.kill(child.pid, signal.SIGKILL)
        out, _ = child.communicate()
        kills += 1
        reported.update(int(line) for line in out.split())
        torn += any(p.name.endswith(".tmp") for p in tmp_path.iterdir())
        with store.read() as tx:  # the file parses after every kill...
            present = {r.seq for r in tx.checkins("coffee")}
        assert reported <= present, f"after kill {kills}: lost {sorted(reported - present)[:5]}"
    assert len(reported) > 100, "the writer hardly ever got to write: the test checked little"
    with store.transaction() as tx:
        add(tx)
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")], (
        "stale temp files were not cleaned"
    )
    assert time.monotonic() - started < 120
    print(
        f"{kills} kills, {len(reported)} reported check-ins, "
        f"{torn} kills left a temp file mid-write"
    )


def test_a_transaction_sees_what_another_store_wrote(tmp_path):
    path = tmp_path / "netquest.json"
    first, second = Store(path), Store(path)
    with first.transaction() as tx:
        tx.put_quest(quest("coffee"))
        add(tx)
    token = first.change_token()
    assert not first.changed_since(token)
    with second.transaction() as tx:
        assert tx.quest("coffee") == quest("coffee")
        tx.put_quest(quest("intro"))
        add(tx)
    assert first.changed_since(token)
    with first.transaction() as tx:
        tx.put_quest(quest("host"))  # TinyDB's next id must come from the file, not a stale cache
        assert [r.seq for r in tx.checkins()] == [1, 2]
        assert add(tx).seq == 3
    with second.read() as tx:
        assert [q["id"] for q in tx.quests()] == ["coffee", "intro", "host"]


def test_a_read_view_sees_another_process(tmp_path):
    path = tmp_path / "netquest.json"
    store = Store(path)
    token = store.change_token()
    assert token is None and not store.changed_since(token)
    ctx = multiprocessing.get_context("spawn")
    p = ctx.Process(target=check_in_many, args=(str(path), 7, 3))
    p.start()
    p.join(60)
    assert store.changed_since(token)
    with store.read() as tx:
        assert len(tx.checkins("quest-7")) == 3


def test_change_token_moves_on_every_write(store):
    tokens = [store.change_token()]
    for _ in range(5):
        with store.transaction() as tx:
            add(tx)
        assert store.changed_since(tokens[-1])
        tokens.append(store.change_token())
    assert len(set(tokens)) == 6
    with store.read():
        pass
    assert not store.changed_since(tokens[-1])


def check_in_acknowledged(path: str, worker: int, n: int, acks: str, go) -> None:
    """Check in `n` times; after each transaction returns, note the check-in as acknowledged."""
    store = Store(path)
    go.wait(60)  # all writers start together, or start-up alone would keep them apart
    with open(acks, "a") as out:
        for i in range(n):
            try:
                with store.transaction() as tx:
                    tx.add_checkin(f"quest-{worker}", "2026-03-08", 1, i, 0, "2026-03-08T10:00:00Z")
            except Exception as e:  # noqa: BLE001 - an unacknowledged check-in may fail, but say why
                print(f"worker {worker} check-in {i}: {e!r}", file=sys.stderr)
                continue
            out.write(f"{worker} {i}\n")
            out.flush()


@pytest.mark.parametrize("linked", ["folder", "file"])
def test_writers_through_a_symlink_and_the_real_path_lose_nothing(tmp_path, linked):
    """Two writers on the real path and two through a link (to the data folder, or to the data file
    itself)."""
    real = tmp_path / "real"
    real.mkdir()
    if linked == "folder":
        (tmp_path / "synced").symlink_to(real)
        paths = [real / "netquest.json", tmp_path / "synced" / "netquest.json"]
    else:
        (tmp_path / "home").mkdir()
        (tmp_path / "home" / "netquest.json").symlink_to(real / "netquest.json")
        paths = [real / "netquest.json", tmp_path / "home" / "netquest.json"]
    with Store(paths[0]).transaction() as tx:
        for i in range(2000):  # a file of some size, so that writes overlap
            add(tx, quest="history", day=f"20{10 + i % 16}-01-0{1 + i % 9}")
    acks = tmp_path / "acks"
    ctx = multiprocessing.get_context("spawn")
    go = ctx.Event()
    procs = [
        ctx.Process(target=check_in_acknowledged, args=(str(paths[w % 2]), w, 30, str(acks), go))
        for w in range(4)
    ]
    for p in procs:
        p.start()
    time.sleep(1.0)
    go.set()
    for p in procs:
        p.join(120)
        assert p.exitcode == 0
    acknowledged = {tuple(map(int, line.split())) for line in acks.read_text().splitlines()}
    with Store(paths[0]).read() as tx:
        stored = {(int(r.quest.split("-")[1]), r.xp) for r in tx.checkins() if r.quest != "history"}
        seqs = [r.seq for r in tx.checkins()]
    assert acknowledged <= stored, (
        f"lost {len(acknowledged - stored)} of {len(acknowledged)} acknowledged check-ins"
    )
    assert len(acknowledged) == 120 and len(set(seqs)) == len(seqs) == 2120
    assert sorted(os.listdir(real)) == [
        "backups",
        "netquest.json",
        "netquest.json.lock",
    ]  # no temp left behind
