"""Fixtures of the web tests: a real `netquest serve` on a free loopback port over a demo
file, the markers its tabs' apps write when Today is drawn, and waiting with a deadline."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import pytest

NOW = "2026-03-11T09:30:00"  # a Wednesday
TOKEN = "a-test-token-0123456789"
NETQUEST = [sys.executable, "-m", "netquest"]


def wait_for(check, seconds: float, what: str, every: float = 0.05):
    """Poll `check()` until it returns something true; fail naming `what` after `seconds`."""
    deadline = time.monotonic() + seconds
    while True:
        value = check()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"waited {seconds} s for {what}")
        time.sleep(every)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def alive(pid: int) -> bool:
    """Whether process `pid` still runs (a zombie has ended)."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().split(") ")[-1][0] != "Z"
    except OSError:
        return False


def children(pid: int) -> list[int]:
    """Every process below `pid`, however deep."""
    out = subprocess.run(["ps", "-e", "-o", "pid=,ppid="], capture_output=True, text=True).stdout
    parent = {int(a): int(b) for a, b in (line.split() for line in out.splitlines())}
    below, found = {pid}, True
    while found:
        found = False
        for child, up in parent.items():
            if up in below and child not in below:
                below.add(child)
                found = True
    return sorted(below - {pid})


@dataclass
class Served:
    """One running `netquest serve` and what it works on."""

    proc: subprocess.Popen
    port: int
    db: Path
    ready: Path
    env: dict
    token: str | None = None
    host: str = "127.0.0.1"
    output: list[str] = field(default_factory=list)

    @property
    def base(self) -> str:
        return f"http://{self.host}:{self.port}/"

    @property
    def url(self) -> str:
        return self.base + (f"?token={self.token}" if self.token else "")

    def markers(self) -> list[dict]:
        """The apps' lines, each `today DAY done N xp N pid N`, as dicts."""
        lines = self.ready.read_text().splitlines() if self.ready.exists() else []
        return [dict(zip(*[iter(line.split())] * 2)) for line in lines]

    def pids(self) -> list[int]:
        return list(dict.fromkeys(int(m["pid"]) for m in self.markers()))

    def netquest(self, *args: str) -> str:
        proc = subprocess.run([*NETQUEST, "--db", str(self.db), *args], env=self.env,
                              capture_output=True, text=True, timeout=60)
        assert proc.returncode == 0, proc.stderr
        return proc.stdout

    def summary(self) -> dict:
        return json.loads(self.netquest("summary", "--format", "json"))

    def stop(self, sig=signal.SIGTERM) -> int:
        if self.proc.poll() is None:
            self.proc.send_signal(sig)
        try:
            return self.proc.wait(timeout=20)
        finally:
            self.output.append(self.proc.stdout.read() if self.proc.stdout else "")


def demo_env(tmp_path: Path) -> dict:
    env = {**os.environ, "NETQUEST_NOW": NOW, "TZ": "UTC",
           "NETQUEST_CONFIG_DIR": str(tmp_path / "config"),
           "NETQUEST_READY_FILE": str(tmp_path / "ready.txt")}
    env.pop("NO_COLOR", None)
    env.pop("NETQUEST_SERVE_TOKEN", None)
    return env


def make_demo(db: Path, env: dict) -> None:
    subprocess.run([*NETQUEST, "--db", str(db), "demo", "--days", "60", "--quests", "8"],
                   env=env, check=True, capture_output=True, timeout=120)


def start_serve(tmp_path: Path, token: str | None = None, db: Path | None = None,
                host: str = "127.0.0.1") -> Served:
    env = demo_env(tmp_path)
    if db is None:
        db = tmp_path / "demo.json"
        make_demo(db, env)
    port = free_port()
    args = [*NETQUEST, "--db", str(db), "serve", "--host", host, "--port", str(port)]
    if token:
        args += ["--token", token]
    # Its own process group, as a command started in a terminal has: Ctrl+C there signals
    # the whole group, the server and the tabs' apps alike.
    proc = subprocess.Popen(args, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            text=True, start_new_session=True)
    served = Served(proc, port, db, Path(env["NETQUEST_READY_FILE"]), env, token, host)

    def answers() -> bool:
        assert proc.poll() is None, proc.stdout.read()
        try:
            urllib.request.urlopen(served.base + "static/css/xterm.css", timeout=2)
        except urllib.error.HTTPError:
            return True  # it answers (403 without the token)
        except OSError:
            return False
        return True

    wait_for(answers, 30, "the server to answer")
    return served


@pytest.fixture
def serve(tmp_path):
    """`serve(token=None, host=…)` starts `netquest serve` on a demo file (loopback only);
    all are stopped after."""
    started: list[Served] = []

    def start(token: str | None = None, host: str = "127.0.0.1") -> Served:
        served = start_serve(tmp_path, token, host=host)
        started.append(served)
        return served

    yield start
    for served in started:
        left = children(served.proc.pid)
        served.stop()
        for pid in left:  # never leave a stray app behind, even when a test failed
            if alive(pid):
                os.kill(pid, signal.SIGKILL)
