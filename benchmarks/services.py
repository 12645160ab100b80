"""Time the services in-process on a 10-year, 20-quest demo history.

The state of play (what `summary` and Today compute), the stats screen's data, and the
rules for streak and strength alone; median of several runs.  Usage:

    .venv/bin/python benchmarks/services.py [--runs 9]
"""

from __future__ import annotations

import argparse
import gc
import statistics
import time

from netquest.clock import Clock
from netquest.rules.streaks import quest_streak
from netquest.rules.strength import strength
from netquest.services import NetQuest
from netquest.services.history import History
from netquest.store import Store


def median_ms(fn, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9)
    args = parser.parse_args()
    gc.disable()  # as the command line runs
    services = NetQuest(Store(memory=True), Clock(timezone="UTC", fixed_now="2026-11-25T09:00:00"))
    info = services.data.demo(days=3650, quests=20)
    quests = services.quests.list()

    def rules_only() -> None:
        with services.store.read() as tx:
            hist = History(tx)
        today = services.today()
        for q in quests:
            counts, skips = hist.counts.get(q.id, {}), hist.skips_for(q.id)
            quest_streak(q.cadence, q.target, q.start, counts, skips, today)
            strength(q.cadence, q.target, counts, skips, today, q.start)

    print(f"{info['checkins']} check-ins, {len(quests)} quests, median of {args.runs} runs\n")
    print("| work | median |")
    print("|---|---|")
    print(
        f"| state of play (`summary`, Today) | {median_ms(services.quests.state, args.runs):.1f} "
        f"ms |"
    )
    print(
        f"| history + streak + strength of every quest "
        f"| {median_ms(rules_only, args.runs):.1f} ms |"
    )
    print(f"| stats screen data | {median_ms(services.stats.view, args.runs):.1f} ms |")


if __name__ == "__main__":
    main()
