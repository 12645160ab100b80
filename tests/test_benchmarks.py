"""The benchmark scripts still run (on tiny inputs): their numbers go in the README, so
they must not rot.  Nothing here measures or asserts speed."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[1] / "benchmarks"


@pytest.mark.parametrize("script,args", [
    ("cli.py", ["--runs", "1", "--days", "20", "--quests", "3"]),
    ("tui.py", ["--runs", "1", "--presses", "2", "--days", "20", "--quests", "3"]),
    ("services.py", ["--runs", "1"]),
    ("store.py", ["--runs", "1"]),
    ("peer.py", ["--runs", "1", "--days", "20", "--quests", "3"]),  # installs habito in a temp venv
    ("language.py", ["--runs", "1", "--days", "20", "--quests", "3"]),
    ("scaling.py", ["--runs", "1", "--days", "20", "--quests", "3", "--many", "6"]),
    ("sync.py", ["--runs", "1", "--days", "20", "--quests", "3", "--syncs", "3"]),
    ("serve.py", ["--runs", "1", "--days", "20", "--quests", "3"]),  # headless chromium
])
def test_benchmark_script_runs_and_prints_its_table(script, args):
    proc = subprocess.run(
        [sys.executable, str(BENCH / script), *args], capture_output=True, text=True, timeout=300
    )
    assert proc.returncode == 0, proc.stderr
    assert "| " in proc.stdout and "median" in proc.stdout
