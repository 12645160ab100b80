"""The rules stay pure: no store, CLI, Textual, TinyDB or pendulum imports.

(Their speed on long histories is measured by `benchmarks/services.py`, not by a test.)
"""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
FORBIDDEN = ("netquest.store", "netquest.cli", "netquest.tui", "netquest.services", "textual", "tinydb", "pendulum")


def test_rules_import_nothing_heavy():
    code = (
        "import netquest.rules.cadence, netquest.rules.streaks, netquest.rules.strength, "
        "netquest.rules.xp, netquest.rules.achievements, netquest.catalog, sys; print(sorted(sys.modules))"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env, cwd=ROOT)
    modules = eval(out.stdout)  # a printed list of module names
    assert "netquest.rules.streaks" in modules
    bad = [m for m in modules if any(m == f or m.startswith(f + ".") for f in FORBIDDEN)]
    assert bad == []
