"""Time `netquest sync` on a 10-year history, and measure the sync repository after a year.

- no-op: `netquest sync` as a process when nothing changed on either side (local remote);
- week's merge: `netquest sync` merging a week of check-ins another device pushed, while
  this device made one of its own (a true three-way merge, applied to the data file);
- the repository after N daily syncs (365 by default): each day that day's check-ins are
  added and committed as a sync commits them, git packing as the sync clone does; for the
  layout NetQuest uses (a file per month of check-ins, a line per record) and, to compare,
  one file of everything and one file per record.

Usage:

    .venv/bin/python benchmarks/sync.py [--runs 5] [--days 3650] [--quests 20] [--syncs 365]
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

NOW = "2026-11-25T09:00:00"
TARGETS = {"no-op": 0.5, "week's merge": 1.5}


CPU: dict[str, list[float]] = {}


def nq(db: Path, *args: str, now: str = NOW) -> float:
    """Wall seconds of one `netquest ARGS`; its CPU seconds (with git's) go to CPU[args]."""
    env = dict(os.environ, NETQUEST_NOW=now, TZ="UTC")
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "netquest", "--db", str(db), *args], env=env,
                          capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode != 0:
        raise SystemExit(f"netquest {' '.join(args)} failed: {proc.stderr}")
    CPU.setdefault(" ".join(args), []).append(
        after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return elapsed


def week_of_checkins(db: Path, days: int = 7) -> None:
    from datetime import date, timedelta

    end = date.fromisoformat(NOW[:10])
    for i in range(days):
        day = (end - timedelta(days=days - i)).isoformat()
        nq(db, "checkin", "comment", "--date", day, "--note", f"other device {day}")


def times(args) -> tuple[dict[str, tuple[float, float]], float]:
    """Median wall and CPU seconds of a no-op sync and a week's merge; the data file's MB."""
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        subprocess.run(["git", "init", "-q", "--bare", str(root / "remote.git")], check=True)
        a, b = root / "a" / "nq.json", root / "b" / "nq.json"
        a.parent.mkdir()
        b.parent.mkdir()
        nq(a, "demo", "--days", str(args.days), "--quests", str(args.quests))
        nq(a, "sync", "setup", str(root / "remote.git"))
        nq(b, "sync", "setup", str(root / "remote.git"))
        nq(a, "checkin", "comment", "--note", "a sync before")  # a device that synced before
        nq(a, "sync")
        nq(b, "sync")
        size = a.stat().st_size / 1e6
        pristine = root / "pristine"
        shutil.copytree(root / "a", pristine / "a")
        shutil.copytree(root / "remote.git", pristine / "remote.git")
        week_of_checkins(b)
        noop, merge = [], []
        nq(a, "sync")
        CPU.clear()
        for _ in range(args.runs):
            noop.append(nq(a, "sync"))
        cpu_noop = statistics.median(CPU.pop("sync"))
        for _ in range(args.runs):
            for name in ("a", "remote.git"):
                shutil.rmtree(root / name)
                shutil.copytree(pristine / name, root / name)
            bb = root / "bb"
            shutil.rmtree(bb, ignore_errors=True)
            shutil.copytree(root / "b", bb)
            nq(bb / "nq.json", "sync")  # the other device's week goes to the remote
            nq(a, "checkin", "thread", "--note", "this device")
            CPU.pop("sync", None)
            merge.append(nq(a, "sync"))
            cpu_merge = CPU.pop("sync")[-1]
            CPU.setdefault("merge", []).append(cpu_merge)
        cpu = {"no-op": cpu_noop, "week's merge": statistics.median(CPU["merge"])}
        return {name: (statistics.median(noop if name == "no-op" else merge), cpu[name])
                for name in TARGETS}, size


# ------------------------------------------------------------------- the repository's size
def _line(mid: str, v: dict) -> bytes:
    import json

    return json.dumps([mid, v["t"], v["d"]], ensure_ascii=False, sort_keys=True,
                      separators=(",", ":")).encode() + b"\n"


def _month_layout(months: dict, rest: dict) -> dict[str, bytes]:
    """The layout NetQuest uses: the small tables a file each, check-ins a file per month."""
    files = dict(rest)
    for month, lines in months.items():
        files[f"checkins/{month}.jsonl"] = b"".join(line for _, line in sorted(lines))
    return files


def _one_file(months: dict, rest: dict) -> dict[str, bytes]:
    files = _month_layout(months, rest)
    return {"history.jsonl": b"".join(files[name] for name in sorted(files))}


def _file_per_record(months: dict, rest: dict) -> dict[str, bytes]:
    files = {}
    for name, data in rest.items():
        for line in data.splitlines(keepends=True):
            files[f"{name}/{line[2:4].decode()}/{line[2:22].decode()}"] = line
    for lines in months.values():
        for _, line in lines:
            files[f"checkins/{line[2:4].decode()}/{line[2:22].decode()}"] = line
    return files


LAYOUTS = {
    "a file per month of check-ins (used)": _month_layout,
    "one file": _one_file,
    "a file per record": _file_per_record,
}


def repo_sizes(args) -> dict[str, float]:
    """MB of a git repository after `args.syncs` daily commits of the demo history, per layout.

    Day by day the check-ins of that day join the history and the layout's files are
    written; only files that changed are written and added, as a sync leaves the others."""
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from netquest.clock import Clock
    from netquest.services import NetQuest
    from netquest.services.sync_form import files_from_state, state_from_dump
    from netquest.services.sync_git import Clone
    from netquest.store import Store

    with tempfile.TemporaryDirectory() as tmp:
        services = NetQuest(Store(Path(tmp) / "demo.json"), Clock(timezone="UTC", fixed_now=NOW))
        services.data.demo(days=args.days, quests=args.quests, seed=7)
        with services.store.read() as tx:
            dump = tx.dump(mids=True)
        state = state_from_dump(dump, None, "2026-01-01T00:00:00Z")
        rest = {n: b for n, b in files_from_state({**state, "records": {
            m: v for m, v in state["records"].items() if v["k"] != "checkin"}}).items()
            if not n.startswith("checkins/")}
        checkins = sorted((v["d"]["day"], m, v) for m, v in state["records"].items()
                          if v["k"] == "checkin")
        days = sorted({day for day, _, _ in checkins})
        cut = days[-args.syncs] if len(days) >= args.syncs else days[0]
        sizes = {}
        for name, layout in LAYOUTS.items():
            clone = Clone(Path(tmp) / f"layout{len(sizes)}" / "nq.json")
            clone.create(str(Path(tmp) / "nowhere.git"), "bench", "true")
            months: dict[str, list] = {}
            written: dict[str, bytes] = {}
            todo = iter(checkins)
            pending = next(todo, None)
            for day in [d for d in days if d >= cut]:
                while pending is not None and pending[0] <= day:
                    d, mid, v = pending
                    months.setdefault(d[:7], []).append(((d, v["d"]["seq"], mid), _line(mid, v)))
                    pending = next(todo, None)
                files = layout(months, rest)
                changed = [n for n, data in files.items() if written.get(n) != data]
                for n in changed:
                    (clone.path / n).parent.mkdir(parents=True, exist_ok=True)
                    (clone.path / n).write_bytes(files[n])
                    written[n] = files[n]
                for i in range(0, len(changed), 500):
                    clone.git("add", "--", *changed[i:i + 500])
                clone.commit(f"sync {day}")
                clone.git("-c", "gc.autoDetach=false", "gc", "--auto", "--quiet")
            used = subprocess.run(["du", "-sk", str(clone.path / ".git")], capture_output=True,
                                  text=True, check=True).stdout.split()[0]
            sizes[name] = int(used) / 1024
        return sizes


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--days", type=int, default=3650)
    parser.add_argument("--quests", type=int, default=20)
    parser.add_argument("--syncs", type=int, default=365)
    args = parser.parse_args()
    measured, size = times(args)
    print(f"History: {args.days} days, {args.quests} quests, data file {size:.1f} MB; "
          f"median of {args.runs} runs; python {sys.version.split()[0]}\n")
    print("| sync | median wall time | median CPU time (with git's) | target |")
    print("|---|---|---|---|")
    for name, (seconds, cpu) in measured.items():
        print(f"| {name} | {seconds:.2f} s | {cpu:.2f} s | ≤ {TARGETS[name]} s |", flush=True)
    sizes = repo_sizes(args)
    print(f"\n| repository after {args.syncs} daily syncs | size | target |")
    print("|---|---|---|")
    for name, mb in sizes.items():
        print(f"| {name} | {mb:.1f} MB | ≤ 20 MB |")


if __name__ == "__main__":
    main()
