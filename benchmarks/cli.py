"""Time `netquest summary`, `checkin`, `status` and a Tab as whole processes on a 10-year history.

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
# The Tabs timed: the words typed so far, the last one completed (as bash's script asks).
TABS = (
    ("tab quest", ["netquest", "checkin", "co"]),
    ("tab person", ["netquest", "checkin", "coffee", "--with", "an"]),
)


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


def medians_of(cases: dict[str, tuple], runs: int) -> dict[str, tuple[float, float]]:
    """Median wall time and peak RSS of each (cmd, env, before) case.

    The cases take turns within each run, so a machine busy with other work slows the
    baseline and the commands alike and the ratios stay meaningful."""
    times: dict[str, list[float]] = {name: [] for name in cases}
    peaks: dict[str, list[float]] = {name: [] for name in cases}
    for _ in range(runs):
        for name, (cmd, env, before) in cases.items():
            if before:
                before()
            t, m = timed(cmd, env)
            times[name].append(t)
            peaks[name].append(m)
    return {name: (statistics.median(times[name]), max(peaks[name])) for name in cases}


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
        subprocess.run(
            netquest + ["demo", "--days", str(args.days), "--quests", str(args.quests)],
            env=env,
            check=True,
            stdout=subprocess.DEVNULL,
        )
        # A short demo names nobody: one person more, so a Tab after --with always finds someone.
        subprocess.run(
            netquest + ["people", "add", "Ana Lima"], env=env, check=True, stdout=subprocess.DEVNULL
        )
        pristine = Path(tmp) / "pristine.json"
        shutil.copy(db, pristine)
        size = db.stat().st_size

        def reset() -> None:
            shutil.copy(pristine, db)

        def after_a_write() -> None:
            # The bytes the summary cache has no text for, as after any write: the summary
            # is worked out from the file.
            shutil.copy(pristine, db)
            Path(str(db) + ".summaries").unlink(missing_ok=True)

        baseline_cmd = [py, "-c", "import rich.console, tinydb, pendulum, click"]
        timed(baseline_cmd, env)  # warm the page cache once
        timed(netquest + ["summary"], env)
        cases = {
            "base": (baseline_cmd, env, None),
            "summary": (netquest + ["summary"], env, reset),
            "summary after a write": (netquest + ["summary"], env, after_a_write),
            "checkin": (netquest + ["checkin", "comment", "--note", "benchmark"], env, reset),
            "status": (netquest + ["status"], env, None),
            # What a prompt or a status bar runs: the cache the last write left beside the file.
            "status cached": (netquest + ["status", "--cached"], env, None),
        }
        for name, words in TABS:
            tab_env = dict(env, _NETQUEST_COMPLETE="bash_complete", COMP_WORDS="\n".join(words),
                           COMP_CWORD=str(len(words) - 1))
            offered = subprocess.run(netquest, env=tab_env, capture_output=True, text=True).stdout
            if not offered.startswith("plain,"):
                raise SystemExit(f"a Tab on {' '.join(words)} offered nothing: {offered!r}")
            cases[name] = (netquest, tab_env, None)
        measured = medians_of(cases, args.runs)
    (base, base_mem), (summary, summary_mem), (checkin, checkin_mem) = (
        measured["base"], measured["summary"], measured["checkin"])
    print(f"History: {args.days} days, {args.quests} quests, data file {size / 1e6:.1f} MB; "
          f"median of {args.runs} runs; python {sys.version.split()[0]}\n")
    print("| command | median wall time | × baseline | target | peak RSS |")
    print("|---|---|---|---|---|")
    print(f"| baseline `python -c \"import rich.console, tinydb, pendulum, click\"` "
          f"| {base * 1000:.0f} ms | 1.00 | | {base_mem:.0f} MB |")
    print(f"| `netquest summary` | {summary * 1000:.0f} ms | {summary / base:.2f} | ≤ 1.5 "
          f"| {summary_mem:.0f} MB (≤ 50) |")
    cold, cold_mem = measured["summary after a write"]
    print(f"| `netquest summary`, the first after a write | {cold * 1000:.0f} ms "
          f"| {cold / base:.2f} | ≤ 1.5 | {cold_mem:.0f} MB (≤ 50) |")
    print(f"| `netquest checkin comment` | {checkin * 1000:.0f} ms | {checkin / base:.2f} | ≤ 2.0 "
          f"| {checkin_mem:.0f} MB |")
    for name, target in (("status", "≤ 1.5"), ("status cached", "≤ 0.6")):
        took, mem = measured[name]
        words = name.replace(" cached", " --cached")
        print(f"| `netquest {words}` | {took * 1000:.0f} ms | {took / base:.2f} | {target} "
              f"| {mem:.0f} MB |")
    for name, words in TABS:
        tab, tab_mem = measured[name]
        print(f"| Tab on `{' '.join(words)}` | {tab * 1000:.0f} ms | {tab / base:.2f} | ≤ 1.0 "
              f"| {tab_mem:.0f} MB |")


if __name__ == "__main__":
    main()
