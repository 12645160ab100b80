"""Time `netquest summary`, `netquest checkin` and a Tab as whole processes on a 10-year history.

Each command is measured beside the baseline `python -c "import rich.console, tinydb,
pendulum, click"` in the same run, with the same interpreter, as the median of several
runs.  Peak memory (max RSS of the child) is reported too.  A Tab is the request the
bash completion script makes for `netquest checkin co<Tab>` (a quest) and for
`netquest checkin coffee --with an<Tab>` (a person).  Usage:

    .venv/bin/python benchmarks/cli.py [--runs 9] [--days 3650] [--quests 20]
"""

from __future__ import annotations

import argparse
import compileall
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

NOW = "2026-11-25T09:00:00"


def timed(cmd: list[str], env: dict) -> tuple[float, float]:
    """Wall seconds and peak RSS (MB) of one child process."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{' '.join(cmd)} failed: {proc.stderr.read().decode()}")
    proc.stderr.close()
    return elapsed, usage.ru_maxrss / 1024


def median_of(cmd: list[str], env: dict, runs: int, before=None) -> tuple[float, float]:
    times, peaks = [], []
    for _ in range(runs):
        if before:
            before()
        t, m = timed(cmd, env)
        times.append(t)
        peaks.append(m)
    return statistics.median(times), max(peaks)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--days", type=int, default=3650)
    parser.add_argument("--quests", type=int, default=20)
    args = parser.parse_args()
    py = sys.executable
    netquest = [py, "-m", "netquest"]
    # An installed wheel has its bytecode compiled by pip; do the same for a checkout so
    # the numbers do not include compiling NetQuest's own modules on every start.
    import netquest as package

    compileall.compile_dir(Path(package.__file__).parent, quiet=1)
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "demo.json"
        env = dict(os.environ, NETQUEST_DB=str(db), NETQUEST_NOW=NOW, TZ="UTC")
        subprocess.run(netquest + ["demo", "--days", str(args.days), "--quests", str(args.quests)], env=env,
                       check=True, stdout=subprocess.DEVNULL)
        # A short demo names nobody: one person more, so a Tab after --with always finds someone.
        subprocess.run(netquest + ["people", "add", "Ana Lima"], env=env, check=True, stdout=subprocess.DEVNULL)
        pristine = Path(tmp) / "pristine.json"
        shutil.copy(db, pristine)
        size = db.stat().st_size

        def reset() -> None:
            shutil.copy(pristine, db)

        baseline_cmd = [py, "-c", "import rich.console, tinydb, pendulum, click"]
        timed(baseline_cmd, env)  # warm the page cache once
        timed(netquest + ["summary"], env)
        base, base_mem = median_of(baseline_cmd, env, args.runs)
        summary, summary_mem = median_of(netquest + ["summary"], env, args.runs)
        checkin, checkin_mem = median_of(netquest + ["checkin", "comment", "--note", "benchmark"], env, args.runs,
                                         before=reset)
        tabs = {}
        for name, words in (("quest", ["checkin", "co"]), ("person", ["checkin", "coffee", "--with", "an"])):
            tab_env = dict(env, _NETQUEST_COMPLETE="bash_complete", COMP_WORDS="\n".join(["netquest", *words]),
                           COMP_CWORD=str(len(words)))
            offered = subprocess.run(netquest, env=tab_env, capture_output=True, text=True).stdout
            if not offered.startswith("plain,"):
                raise SystemExit(f"a Tab on {' '.join(words)} offered nothing: {offered!r}")
            tabs[name] = median_of(netquest, tab_env, args.runs)
    print(f"History: {args.days} days, {args.quests} quests, data file {size / 1e6:.1f} MB; "
          f"median of {args.runs} runs; python {sys.version.split()[0]}\n")
    print("| command | median wall time | × baseline | target | peak RSS |")
    print("|---|---|---|---|---|")
    print(f"| baseline `python -c \"import rich.console, tinydb, pendulum, click\"` | {base * 1000:.0f} ms | 1.00 | | {base_mem:.0f} MB |")
    print(f"| `netquest summary` | {summary * 1000:.0f} ms | {summary / base:.2f} | ≤ 1.5 | {summary_mem:.0f} MB (≤ 50) |")
    print(f"| `netquest checkin comment` | {checkin * 1000:.0f} ms | {checkin / base:.2f} | ≤ 2.0 | {checkin_mem:.0f} MB |")
    for name, line in (("quest", "netquest checkin co"), ("person", "netquest checkin coffee --with an")):
        tab, tab_mem = tabs[name]
        print(f"| Tab on `{line}` | {tab * 1000:.0f} ms | {tab / base:.2f} | ≤ 1.0 | {tab_mem:.0f} MB |")


if __name__ == "__main__":
    main()
