"""Devices for the sync tests: separate data folders on one machine and one bare remote."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

NOW = "2026-03-10T09:00:00"


def bare_remote(folder: Path) -> Path:
    remote = folder / "remote.git"
    subprocess.run(["git", "init", "-q", "--bare", str(remote)], check=True)
    return remote


class Device:
    """One device: its own data file, run through the command line in this process."""

    def __init__(self, folder: Path, name: str, capsys) -> None:
        self.db = folder / name / "netquest.json"
        self.db.parent.mkdir(parents=True)
        self.capsys = capsys

    def __call__(self, *args: str, now: str = NOW) -> tuple[int, str, str]:
        from netquest.cli import main

        os.environ["NETQUEST_NOW"] = now
        self.capsys.readouterr()
        try:
            main(["--db", str(self.db), *args])
            code = 0
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
        out, err = self.capsys.readouterr()
        return code, out, err

    def ok(self, *args: str, now: str = NOW) -> str:
        code, out, err = self(*args, now=now)
        assert code == 0, err
        return out

    def export(self) -> dict:
        data = json.loads(self.ok("export"))["data"]
        data["settings"] = {k: v for k, v in data["settings"].items()
                            if k not in ("timezone", "theme")}
        return data

    def notes(self) -> list[str]:
        return sorted(c["note"] for c in self.export()["checkins"])


def run_process(db: Path, *args: str, now: str = NOW, env: dict | None = None,
                timeout: float = 120) -> subprocess.CompletedProcess:
    """`netquest ARGS` as a process of its own (for kills and loops)."""
    full = {**os.environ, "NETQUEST_NOW": now, "TZ": "UTC", **(env or {})}
    return subprocess.run([sys.executable, "-m", "netquest", "--db", str(db), *args],
                          capture_output=True, text=True, env=full, timeout=timeout)
