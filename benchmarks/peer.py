"""NetQuest beside habito (a Python habit tracker on SQLite) on the same history.

habito is installed into a temporary virtual environment (`pip install habito
"peewee<3.18"`), both programs get the same habits and the same done days (daily habits,
about 70% of days done, from one seeded random draw), and each pair of commands is timed
as whole processes, taking turns within every run, as the median of several runs:

    netquest summary           beside  habito list
    netquest summary --motd    beside  habito list
    the same, each the first after a write (nothing in the summary cache)
    netquest checkin QUEST     beside  habito checkin HABIT -q 1

Usage:

    .venv/bin/python benchmarks/peer.py [--runs 7] [--days 3650] [--quests 20]
                                        [--habito-venv DIR]   # reuse an existing install
"""

from __future__ import annotations

import argparse
import compileall
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import venv
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from cli import medians_of  # noqa: E402  (the sibling script's timing helpers)

NOW = "2026-11-25T09:00:00"
TODAY = date(2026, 11, 25)
DONE_SHARE = 0.7

# Run by habito's own interpreter: fill its database through its models.
FILL_HABITO = """
import json, sys
from datetime import datetime
from habito import models
plan = json.load(open(sys.argv[2]))
models.setup(sys.argv[1])
with models.db.atomic():
    for name, days in plan.items():
        habit = models.Habit.add(name=name, quantum=1.0, units="times", magica="",
                                 created_date=datetime.fromisoformat(min(days)))
        rows = [{"for_habit": habit, "quantum": 1.0,
                 "update_date": datetime.fromisoformat(d + "T12:00:00")} for d in days]
        for i in range(0, len(rows), 500):
            models.Activity.insert_many(rows[i:i + 500]).execute()
        models.Summary.update_streak(habit)
"""


def plan(days: int, quests: int, seed: int = 7) -> dict[str, list[str]]:
    """Each habit's done days (ISO dates), up to yesterday."""
    rng = random.Random(seed)
    first = TODAY - timedelta(days=days)
    out = {}
    for i in range(quests):
        done = [first + timedelta(days=d) for d in range(days) if rng.random() < DONE_SHARE]
        out[f"habit{i + 1:02d}"] = [d.isoformat() for d in done or [first]]
    return out


def netquest_export(done: dict[str, list[str]]) -> dict:
    """The same history as a NetQuest export: one daily quest per habit."""
    quests, checkins, seq = [], [], 0
    for n, (name, days) in enumerate(done.items()):
        quests.append({"id": name, "title": f"Habit {n + 1}", "tip": n % 5 + 1,
                       "cadence": "daily", "target": 1, "xp": 10, "start": days[0],
                       "archived": False, "moves_to": None})
        for day in days:
            seq += 1
            checkins.append({"seq": seq, "quest": name, "day": day, "count": 1, "xp": 10,
                             "bonus": 0, "at": f"{day}T12:00:00Z", "note": "", "people": []})
    data = {"app": "netquest", "schema": 2, "seq": seq, "settings": {"initialized": True},
            "quests": quests, "checkins": checkins}
    return {"format": "netquest-export", "version": 1, "data": data}


def habito_venv(where: Path) -> Path:
    """A virtual environment with habito in it; its `habito` program."""
    venv.EnvBuilder(with_pip=True).create(where)
    subprocess.run([str(where / "bin" / "python"), "-m", "pip", "install", "-q", "habito",
                    "peewee<3.18"], check=True, stdout=subprocess.DEVNULL)
    return where / "bin" / "habito"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--days", type=int, default=3650)
    parser.add_argument("--quests", type=int, default=20)
    parser.add_argument("--habito-venv", type=Path, default=None,
                        help="a virtual environment that already has habito installed")
    args = parser.parse_args()
    import netquest as package

    compileall.compile_dir(Path(package.__file__).parent, quiet=1)
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        if args.habito_venv:
            habito = args.habito_venv / "bin" / "habito"
        else:
            habito = habito_venv(tmp / "venv")
        done = plan(args.days, args.quests)
        (tmp / "plan.json").write_text(json.dumps(done))
        # habito keeps its database in click's app folder: $XDG_CONFIG_HOME/habito on Linux.
        home = tmp / "home"
        (home / "habito").mkdir(parents=True)
        hdb = home / "habito" / "habito.db"
        # Both may write their bytecode caches, as installed programs do.
        henv = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        henv.update(XDG_CONFIG_HOME=str(home), HOME=str(home), TZ="UTC", LC_ALL="C.UTF-8")
        subprocess.run([str(habito.parent / "python"), "-c", FILL_HABITO, str(hdb),
                        str(tmp / "plan.json")], env=henv, check=True)
        # Compile habito's modules once, as NetQuest's are above.
        subprocess.run([str(habito), "list"], env=henv, check=True, stdout=subprocess.DEVNULL)

        db = tmp / "netquest.json"
        nenv = dict(henv, NETQUEST_DB=str(db), NETQUEST_NOW=NOW)
        (tmp / "export.json").write_text(json.dumps(netquest_export(done)))
        netquest = [sys.executable, "-m", "netquest"]
        subprocess.run(netquest + ["import", str(tmp / "export.json")], env=nenv, check=True,
                       stdout=subprocess.DEVNULL)
        checkins = sum(len(d) for d in done.values())
        pristine_n, pristine_h = tmp / "n.json", tmp / "h.db"
        shutil.copy(db, pristine_n)
        shutil.copy(hdb, pristine_h)

        def reset() -> None:
            shutil.copy(pristine_n, db)
            shutil.copy(pristine_h, hdb)

        def unchanged() -> None:
            # The file as the last summary read it (a check-in in the run before wrote it).
            shutil.copy(pristine_n, db)

        # A write changes the file's bytes, so the summary cache holds nothing for them: the
        # first summary after a check-in works the state of play out.  Measured on a copy
        # whose summary cache is emptied before each run.
        cold = tmp / "cold"
        cold.mkdir()
        shutil.copy(pristine_n, cold / "netquest.json")
        cenv = dict(nenv, NETQUEST_DB=str(cold / "netquest.json"))

        def after_a_write() -> None:
            (cold / "netquest.json.summaries").unlink(missing_ok=True)

        cases = {
            "habito list": ([str(habito), "list"], henv, None),
            "netquest summary": (netquest + ["summary"], nenv, unchanged),
            "netquest summary --motd": (netquest + ["summary", "--motd"], nenv, unchanged),
            "netquest summary, first after a write": (netquest + ["summary"], cenv,
                                                      after_a_write),
            "netquest summary --motd, first after a write": (
                netquest + ["summary", "--motd"], cenv, after_a_write),
            "habito checkin": ([str(habito), "checkin", "habit01", "-q", "1"], henv, reset),
            "netquest checkin": (netquest + ["checkin", "habit01"], nenv, reset),
        }
        for cmd, env, _ in cases.values():
            # warm the page cache
            subprocess.run(cmd, env=env, check=True, stdout=subprocess.DEVNULL)
        reset()
        measured = medians_of(cases, args.runs)
    print(f"History: {args.days} days, {args.quests} daily habits, {checkins} check-ins "
          f"(~{DONE_SHARE:.0%} of days done); median of {args.runs} runs; "
          f"python {sys.version.split()[0]}\n")
    print("| measured side by side | NetQuest | habito | ratio | target |")
    print("|---|---:|---:|---:|---:|")
    pairs = (("`summary` vs `habito list`", "netquest summary", "habito list", "≤ 1.0"),
             ("`summary --motd` vs `habito list`", "netquest summary --motd", "habito list",
              "≤ 0.8"),
             ("`summary`, the first after a write, vs `habito list`",
              "netquest summary, first after a write", "habito list", ""),
             ("`summary --motd`, the first after a write, vs `habito list`",
              "netquest summary --motd, first after a write", "habito list", ""),
             ("`checkin` vs `habito checkin`", "netquest checkin", "habito checkin", "≤ 1.0"))
    # Wall time only: the peak RSS a child reports includes this script's own memory from
    # before the child's exec, so memory is measured by benchmarks/cli.py instead.
    for label, ours, theirs, target in pairs:
        a, b = measured[ours][0], measured[theirs][0]
        print(f"| {label} | {a * 1000:.0f} ms | {b * 1000:.0f} ms | {a / b:.2f}× | {target} |")

if __name__ == "__main__":
    main()
