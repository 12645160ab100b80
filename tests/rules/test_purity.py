"""The rules stay pure and fast: no heavy or I/O imports, cheap on long histories."""

import os
import random
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path

from netquest.rules.cadence import parse_cadence
from netquest.rules.streaks import quest_streak
from netquest.rules.strength import strength

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


def test_ten_years_of_twenty_quests_is_fast():
    rng = random.Random(7)
    today = date(2026, 3, 11)
    start = today - timedelta(days=3650)
    texts = ["daily", "weekdays", "mon,wed,fri", "3/week", "every 3 days", "2/month"]
    quests = []
    for i in range(20):
        counts = {start + timedelta(days=k): rng.randint(0, 3) for k in range(3651) if rng.random() < 0.9}
        skips = frozenset(start + timedelta(days=k) for k in range(0, 3651, 37))
        quests.append((parse_cadence(texts[i % len(texts)]), 1 + i % 2, counts, skips))
    best = float("inf")
    for _ in range(3):
        began = time.perf_counter()
        for cadence, target, counts, skips in quests:
            quest_streak(cadence, target, start, counts, skips, today)
            strength(cadence, target, counts, skips, today, start)
        best = min(best, time.perf_counter() - began)
    assert best < 0.05
