"""Over SSH: a real OpenSSH server on 127.0.0.1 runs NetQuest's commands and its TUI.

The server, its host key and the client key live in a temporary folder and are gone when
the tests end; only the loopback address is used.
"""

from __future__ import annotations

import json
import os
import shlex
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

SSHD = shutil.which("sshd") or "/usr/sbin/sshd"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def sshd(tmp_path_factory):
    """A throwaway sshd on 127.0.0.1 that accepts one throwaway key."""
    assert os.path.exists(SSHD), "these tests need Debian's openssh-server (.ci/run installs it)"
    folder = tmp_path_factory.mktemp("sshd")
    for name in ("host_key", "client_key"):
        subprocess.run(
            ["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", str(folder / name)], check=True
        )
    (folder / "authorized_keys").write_text((folder / "client_key.pub").read_text())
    port = free_port()
    config = folder / "sshd_config"
    config.write_text(
        "\n".join(
            [
                f"Port {port}",
                "ListenAddress 127.0.0.1",
                f"HostKey {folder / 'host_key'}",
                f"AuthorizedKeysFile {folder / 'authorized_keys'}",
                "StrictModes no",
                "PasswordAuthentication no",
                "KbdInteractiveAuthentication no",
                "PubkeyAuthentication yes",
                "PermitRootLogin prohibit-password",
                "UsePAM no",
                f"PidFile {folder / 'sshd.pid'}",
                "AcceptEnv LANG LC_*",
                "PrintMotd no",
                "",
            ]
        )
    )
    os.makedirs("/run/sshd", exist_ok=True)  # sshd refuses to start as root without it
    proc = subprocess.Popen(
        [SSHD, "-D", "-e", "-f", str(config)], stdout=subprocess.PIPE, stderr=subprocess.STDOUT
    )
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            break
        except OSError:
            if proc.poll() is not None:
                raise RuntimeError(f"sshd did not start: {proc.stdout.read().decode()}")
            time.sleep(0.1)
    ssh = [
        "ssh",
        "-p",
        str(port),
        "-i",
        str(folder / "client_key"),
        "-o",
        "StrictHostKeyChecking=no",
        "-o",
        f"UserKnownHostsFile={folder / 'known_hosts'}",
        "-o",
        "BatchMode=yes",
        "-o",
        "LogLevel=ERROR",
    ]
    user = (
        os.environ.get("USER")
        or subprocess.run(["id", "-un"], capture_output=True, text=True).stdout.strip()
    )
    yield ssh, f"{user}@127.0.0.1", folder
    proc.terminate()
    proc.wait(timeout=10)


def remote(db: Path, *args: str, now: str = "2026-03-11T09:30:00") -> str:
    """The command line the server runs: NetQuest with this test's data file and clock.

    TZ is deliberately not passed: over SSH the server's zone is not the user's, and the
    user's `timezone` setting in the data file decides the day.
    """
    env = f"NETQUEST_DB={shlex.quote(str(db))} NETQUEST_NOW={now}"
    return f"{env} {shlex.quote(sys.executable)} -m netquest " + " ".join(
        shlex.quote(a) for a in args
    )


def run_ssh(sshd, command: str, *extra: str) -> subprocess.CompletedProcess:
    ssh, host, _ = sshd
    return subprocess.run([*ssh, *extra, host, command], capture_output=True, text=True, timeout=60,
                          stdin=subprocess.DEVNULL)


def test_summary_checkin_and_json_over_ssh(sshd, tmp_path):
    db = tmp_path / "remote.json"
    assert run_ssh(sshd, remote(db, "init", "--starter")).returncode == 0
    assert run_ssh(sshd, remote(db, "settings", "timezone", "Asia/Tokyo")).returncode == 0

    result = run_ssh(
        sshd, remote(db, "checkin", "coffee", "--note", "Chat over SSH", "--with", "Ana")
    )
    assert result.returncode == 0, result.stderr
    assert "XP" in result.stdout and "on 2026-03-11" in result.stdout

    summary = run_ssh(sshd, remote(db, "summary"))
    assert summary.returncode == 0, summary.stderr
    assert "Level" in summary.stdout and "Invite someone to a virtual coffee" in summary.stdout
    assert "\x1b" not in summary.stdout  # no terminal on the other end: plain text

    data = json.loads(run_ssh(sshd, remote(db, "summary", "--format", "json")).stdout)
    coffee = next(q for q in data["quests"] if q["id"] == "coffee")
    assert coffee["done_today"] == 1 and data["xp"] > 0
    assert data["today"] == "2026-03-11"

    motd = run_ssh(sshd, remote(db, "summary", "--motd"))
    assert motd.stdout.startswith("NetQuest:") and len(motd.stdout.strip().splitlines()) == 1


def test_errors_over_ssh_are_one_line_with_exit_codes(sshd, tmp_path):
    db = tmp_path / "remote.json"
    run_ssh(sshd, remote(db, "init", "--starter"))
    unknown = run_ssh(sshd, remote(db, "checkin", "nothing-like-this"))
    assert unknown.returncode == 2 and "no quest matches" in unknown.stderr
    db.write_text("not json")
    broken = run_ssh(sshd, remote(db, "summary"))
    assert broken.returncode == 1
    assert str(db) in broken.stderr and "Traceback" not in broken.stderr


def test_bare_netquest_without_a_tty_over_ssh_gives_the_hint(sshd, tmp_path):
    result = run_ssh(sshd, remote(tmp_path / "remote.json"))
    assert result.returncode == 2
    assert "ssh -t" in result.stderr


def test_tui_draws_over_ssh_in_tmux(sshd, tmp_path):
    ssh, host, _ = sshd
    db = tmp_path / "remote.json"
    assert run_ssh(sshd, remote(db, "init", "--starter")).returncode == 0
    session = f"nq-ssh-{os.getpid()}"
    command = " ".join(
        shlex.quote(p) for p in [*ssh, "-tt", host, "TERM=xterm-256color " + remote(db)]
    )
    subprocess.run(
        ["tmux", "new-session", "-d", "-s", session, "-x", "100", "-y", "30", command], check=True
    )
    try:
        screen = ""
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            screen = subprocess.run(
                ["tmux", "capture-pane", "-p", "-t", session], capture_output=True, text=True
            ).stdout
            if "Invite someone to a virtual coffee" in screen:
                break
            time.sleep(0.3)
        assert "Invite someone to a virtual coffee" in screen, screen
        assert "Level" in screen
        subprocess.run(["tmux", "send-keys", "-t", session, "q"], check=True)
        deadline = time.monotonic() + 15
        alive = True
        while time.monotonic() < deadline and alive:
            alive = (
                subprocess.run(
                    ["tmux", "has-session", "-t", session], capture_output=True
                ).returncode
                == 0
            )
            time.sleep(0.3)
        assert not alive, "the app did not quit on q"
    finally:
        subprocess.run(["tmux", "kill-session", "-t", session], capture_output=True)
