"""`netquest sync` as real processes: killed at random moments, over SSH, and two devices
syncing in loops while checking in."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import threading
import time

from netquest.store import Store

from .sync_devices import NOW, bare_remote, run_process
from .test_ssh import sshd  # noqa: F401  (the throwaway OpenSSH server of the SSH tests)


def ok(db, *args, **kw) -> str:
    result = run_process(db, *args, **kw)
    assert result.returncode == 0, result.stderr
    return result.stdout


def notes(db) -> list[str]:
    return sorted(c["note"] for c in json.loads(ok(db, "export"))["data"]["checkins"])


def two_devices(tmp_path, remote: str):
    a, b = tmp_path / "a" / "nq.json", tmp_path / "b" / "nq.json"
    a.parent.mkdir()
    b.parent.mkdir()
    ok(a, "init", "--starter")
    ok(a, "sync", "setup", remote)
    ok(b, "sync", "setup", remote)
    return a, b


def test_sync_killed_at_random_moments_never_breaks_the_file_and_the_next_finishes(tmp_path):
    remote = str(bare_remote(tmp_path))
    a, b = two_devices(tmp_path, remote)
    rng = random.Random(13)
    made = []
    killed = 0  # kills that caught the sync still running
    # Kill within the time a sync with a merge takes on this machine, measured here, so as
    # many kills catch it running on a fast idle machine as on a slow busy one.
    ok(b, "checkin", "comment", "--note", "b-first")
    made.append("b-first")
    ok(b, "sync")
    ok(a, "checkin", "comment", "--note", "a-first")
    made.append("a-first")
    start = time.monotonic()
    ok(a, "sync")
    took = time.monotonic() - start
    for i in range(90):
        if killed >= 30:
            break
        if i % 4 == 0:  # the other device moved on: the killed sync has a merge to do
            ok(b, "checkin", "comment", "--note", f"b{i}")
            made.append(f"b{i}")
            ok(b, "sync")
        ok(a, "checkin", "comment", "--note", f"a{i}")
        made.append(f"a{i}")
        env = {**os.environ, "NETQUEST_NOW": NOW, "TZ": "UTC"}
        proc = subprocess.Popen([sys.executable, "-m", "netquest", "--db", str(a), "sync"],
                                env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.02, max(0.1, 0.9 * took)))
        killed += proc.poll() is None
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        with Store(a).read() as tx:  # whole, and NetQuest's
            assert tx.checkins()
    assert killed >= 30
    ok(a, "sync")
    ok(b, "sync")
    ok(a, "sync")
    assert notes(a) == notes(b)
    assert set(made) <= set(notes(a))


def test_sync_over_ssh_to_a_bare_repository(sshd, tmp_path):  # noqa: F811
    ssh, host, folder = sshd
    remote = bare_remote(tmp_path)
    port = ssh[ssh.index("-p") + 1]
    user = host.split("@")[0]
    url = f"ssh://{user}@127.0.0.1:{port}{remote}"
    command = " ".join(a for a in ssh if a not in ("-p", port))
    env = {"GIT_SSH_COMMAND": command}
    a, b = tmp_path / "a" / "nq.json", tmp_path / "b" / "nq.json"
    a.parent.mkdir()
    b.parent.mkdir()
    ok(a, "init", "--starter", env=env)
    ok(a, "checkin", "coffee", "--note", "over ssh", env=env)
    assert "Sent this history" in ok(a, "sync", "setup", url, env=env)
    assert "Took the history" in ok(b, "sync", "setup", url, env=env)
    ok(b, "checkin", "comment", "--note", "back", env=env)
    ok(b, "sync", env=env)
    assert "1 check-in came in" in ok(a, "sync", env=env)
    assert notes(a) == notes(b) == ["back", "over ssh"]


def test_two_devices_syncing_in_loops_while_checking_in_lose_nothing(tmp_path):
    remote = str(bare_remote(tmp_path))
    a, b = two_devices(tmp_path, remote)
    made: list[str] = []
    errors: list[str] = []

    def device(db, name: str) -> None:
        for i in range(6):
            result = run_process(db, "checkin", "comment", "--note", f"{name}{i}")
            if result.returncode != 0:
                errors.append(result.stderr)
                continue
            made.append(f"{name}{i}")
            result = run_process(db, "sync")
            if result.returncode != 0:
                errors.append(result.stderr)

    threads = [threading.Thread(target=device, args=pair) for pair in ((a, "a"), (b, "b"))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    for db in (a, b, a):
        ok(db, "sync")
    assert notes(a) == notes(b) and set(made) == set(notes(a)) and len(made) == 12


def _wait_for(check, seconds: float = 60.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.2)
    return False


def test_sync_auto_syncs_in_the_background_and_a_failure_is_said_at_the_next_command(tmp_path):
    remote = bare_remote(tmp_path)
    a, b = two_devices(tmp_path, str(remote))
    ok(a, "settings", "sync_auto", "on")
    state = a.parent / ".netquest-sync" / a.name / ".git" / "netquest-sync-state.json"

    def pushed_note(note: str):
        log = subprocess.run(["git", "-C", str(remote), "grep", "-q", note, "netquest"],
                             capture_output=True)
        return log.returncode == 0

    result = run_process(a, "checkin", "comment", "--note", "in the background")
    assert result.returncode == 0 and result.stderr == ""
    assert _wait_for(lambda: pushed_note("in the background"))
    ok(b, "sync")
    assert "in the background" in notes(b)
    os.rename(remote, str(remote) + ".gone")
    ok(a, "checkin", "comment", "--note", "offline")
    assert _wait_for(lambda: state.exists() and '"reported": false' in state.read_text())
    told = run_process(a, "summary")
    assert told.returncode == 0
    assert told.stderr.count("the background sync failed") == 1 and "cannot reach" in told.stderr
    again = run_process(a, "today")
    assert "background sync failed" not in again.stderr  # said once
    assert "offline" in notes(a)  # the check-in itself was never in doubt
