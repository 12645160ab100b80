"""How `netquest summary` grows with quests and with years of history.

Three histories of daily quests, about 70% of days done (the same draw as peer.py): the
base (20 quests, 10 years), five times the quests (100 quests, 10 years) and three times
the years (20 quests, 30 years).  Each `netquest summary` is timed as a whole process,
taking turns within every run, as the median of several runs, beside the bare start of
the interpreter; the checkpoints beside each file are made by a first summary, as the
first login of the day would, and the summary cache is emptied before each run, so each
summary is worked out from the file as the first after a write is.  Usage:

    .venv/bin/python benchmarks/scaling.py [--runs 7] [--days 3650] [--quests 20]
                                           [--many 100] [--years 3]
"""

from __future__ import annotations

import argparse
import compileall
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from cli import medians_of  # noqa: E402  (the sibling scripts' helpers)
from peer import NOW, netquest_export, plan  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--days", type=int, default=3650)
    parser.add_argument("--quests", type=int, default=20)
    parser.add_argument("--many", type=int, default=100, help="quests of the wide history")
    parser.add_argument("--years", type=int, default=3, help="times the days of the long history")
    args = parser.parse_args()
    import netquest as package

    compileall.compile_dir(Path(package.__file__).parent, quiet=1)
    netquest = [sys.executable, "-m", "netquest"]
    shapes = {
        "base": (args.quests, args.days),
        "quests": (args.many, args.days),
        "years": (args.quests, args.days * args.years),
    }
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        env.update(NETQUEST_NOW=NOW, TZ="UTC")
        cases: dict[str, tuple] = {"python": ([sys.executable, "-c", "pass"], env, None)}
        sizes = {}
        for name, (quests, days) in shapes.items():
            db = tmp / f"{name}.json"
            export = tmp / f"{name}.export.json"
            export.write_text(json.dumps(netquest_export(plan(days, quests))))
            denv = dict(env, NETQUEST_DB=str(db))
            subprocess.run(netquest + ["import", str(export)], env=denv, check=True,
                           stdout=subprocess.DEVNULL)
            export.unlink()
            sizes[name] = db.stat().st_size
            subprocess.run(netquest + ["summary"], env=denv, check=True, stdout=subprocess.DEVNULL)
            # The summary worked out from the file, as the first after a write: the summary
            # cache (which only reads and checks the file) is emptied before each run.
            cached = Path(str(db) + ".summaries")
            cases[name] = (netquest + ["summary"], denv,
                           lambda cached=cached: cached.unlink(missing_ok=True))
        measured = medians_of(cases, args.runs)
    base = measured["base"][0]
    print(f"`netquest summary` worked out (no summary cache) by size of history, daily quests, "
          f"~70% of days done; median of {args.runs} runs; python {sys.version.split()[0]}\n")
    print("| history | data file | median wall time | × base | target |")
    print("|---|---:|---:|---:|---:|")
    print(f"| bare `python -c pass` | | {measured['python'][0] * 1000:.0f} ms | | |")
    targets = {"base": "", "quests": "≤ 2.0", "years": "≤ 1.3"}
    for name, (quests, days) in shapes.items():
        t = measured[name][0]
        span = f"{days / 365:.0f} years" if days >= 365 else f"{days} days"
        print(f"| {quests} quests × {span} | {sizes[name] / 1e6:.1f} MB "
              f"| {t * 1000:.0f} ms | {t / base:.2f} | {targets[name]} |")


if __name__ == "__main__":
    main()
