"""Measure what a user waits for: a check-in and a full load as whole processes, on 10 years
of data.

Run with the venv's interpreter:  python benchmarks/store.py [--runs 7]
It builds a 20-quest, ~50,000 check-in history in a temporary file through the Store,
then times fresh `python -c` processes against bare-import baselines measured in the
same run, and prints a markdown table.
"""

from __future__ import annotations

import argparse
import random
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from netquest.store import Store  # noqa: E402

QUESTS = 20
YEARS = 10

CHECKIN = """
from netquest.store import Store
with Store({path!r}).transaction() as tx:
    tx.add_checkin("quest-03", "2026-03-08", 1, 15, 5, "2026-03-08T10:00:00Z")
"""
CHECKIN_CLI = "import rich.console, pendulum, click\n" + CHECKIN
# What `netquest checkin` asks of the store: every check-in read (its badges replay the
# history), one added, the file written (every document it only read copied as stored).
CHECKIN_AFTER_READ = """
from netquest.store import Store
with Store({path!r}).transaction() as tx:
    assert len(tx.checkins()) > 40000
    tx.add_checkin("quest-03", "2026-03-08", 1, 15, 5, "2026-03-08T10:00:00Z")
"""
LOAD_ALL = """
from netquest.store import Store
with Store({path!r}).read() as tx:
    quests, checkins = tx.quests(), tx.checkins()
assert len(checkins) > 40000
"""


def build(path: Path, seed: int = 1) -> int:
    """A decade of play: each quest checked in on ~70% of days, a few notes and people."""
    rng = random.Random(seed)
    store = Store(path)
    start = date(2016, 3, 9)
    with store.transaction() as tx:
        for q in range(QUESTS):
            tx.put_quest(
                {
                    "id": f"quest-{q:02d}",
                    "title": f"Quest {q}",
                    "tip": q % 5 + 1,
                    "cadence": "daily",
                    "start": start.isoformat(),
                    "target": 1,
                    "xp": 10,
                }
            )
        day = start
        while day < date(2026, 3, 8):
            iso = day.isoformat()
            for q in range(QUESTS):
                if rng.random() < 0.685:
                    note = "talked about IPv6 over coffee" if rng.random() < 0.03 else ""
                    people = ("Ann Lee",) if rng.random() < 0.02 else ()
                    tx.add_checkin(
                        f"quest-{q:02d}",
                        iso,
                        1,
                        10 + rng.randrange(8),
                        rng.randrange(8),
                        f"{iso}T{rng.randrange(24):02d}:{rng.randrange(60):02d}:00Z",
                        note,
                        people,
                    )
            day += timedelta(days=1)
        return len(tx.checkins())


def timed(codes: list[str], runs: int) -> list[float]:
    """Median wall time of `runs` fresh interpreters per code, one warm-up each.

    The codes take turns run by run, so a burst of load on the machine slows all of
    them alike instead of skewing one row of the table.
    """
    times: list[list[float]] = [[] for _ in codes]
    for i in range(runs + 1):
        for code, samples in zip(codes, times):
            t0 = time.perf_counter()
            subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT)
            if i:
                samples.append(time.perf_counter() - t0)
    return [statistics.median(samples) for samples in times]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "netquest.json"
        t0 = time.perf_counter()
        count = build(path)
        built = time.perf_counter() - t0
        size = path.stat().st_size
        rows = [
            ("baseline: `import tinydb, pendulum`", "import tinydb, pendulum"),
            (
                "baseline: `import rich.console, tinydb, pendulum, click`",
                "import rich.console, tinydb, pendulum, click",
            ),
            ("check-in (store only)", CHECKIN.format(path=str(path))),
            ("check-in + CLI imports (rich, pendulum, click)", CHECKIN_CLI.format(path=str(path))),
            ("check-in after reading every check-in", CHECKIN_AFTER_READ.format(path=str(path))),
            ("load all quests + check-ins", LOAD_ALL.format(path=str(path))),
        ]
        rows = list(zip([name for name, _ in rows], timed([code for _, code in rows], args.runs)))
    small, big = rows[0][1], rows[1][1]
    print(
        f"{count:,} check-ins, {QUESTS} quests, file {size / 1e6:.2f} MB (built in {built:.1f} s); "
        f"median of {args.runs} runs, {sys.executable}\n"
    )
    print("| process | median ms | × tinydb+pendulum | × rich+tinydb+pendulum+click |")
    print("|---|---:|---:|---:|")
    for name, t in rows:
        print(f"| {name} | {t * 1000:.0f} | {t / small:.2f} | {t / big:.2f} |")


if __name__ == "__main__":
    main()
