"""Measure the full-screen app on a 10-year, 20-quest history.

1. Launch until Today is drawn, in tmux at 120x40, beside a minimal Textual app (Header,
   Static, Footer) launched the same way in the same run; median of several runs.
2. Key press until the row shows the check-in, through Pilot (median of many presses),
   and until the services' answer is applied to the row.
3. Peak RSS of the app (VmHWM of the tmux pane's process after it drew Today and took keys).

Usage, with the venv's interpreter:

    python benchmarks/tui.py [--runs 5] [--presses 20] [--days 3650] [--quests 20]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

NOW = "2026-03-11T09:30:00"
TODAY_MARKER = "due done"  # drawn only once the state of the day is on screen
MINIMAL_MARKER = "minimal-app-ready"
MINIMAL_APP = f'''
from textual.app import App
from textual.widgets import Footer, Header, Static

class Minimal(App):
    def compose(self):
        yield Header()
        yield Static("{MINIMAL_MARKER}")
        yield Footer()

Minimal().run()
'''


def tmux(*args: str) -> str:
    return subprocess.run(["tmux", *args], capture_output=True, text=True, check=False).stdout


def launch(
    command: str, marker: str, env: dict, session: str, keys: list[str] = ()
) -> tuple[float, float]:
    """Seconds until `marker` is on the pane, and the pane process's peak RSS in MB."""
    tmux("kill-session", "-t", session)
    env_prefix = " ".join(f"{k}={v}" for k, v in env.items())
    start = time.perf_counter()
    tmux(
        "new-session",
        "-d",
        "-s",
        session,
        "-x",
        "120",
        "-y",
        "40",
        f"exec env {env_prefix} {command}",
    )
    elapsed = None
    while time.perf_counter() - start < 30:
        if marker in tmux("capture-pane", "-p", "-t", session):
            elapsed = time.perf_counter() - start
            break
        time.sleep(0.005)
    if elapsed is None:
        tmux("kill-session", "-t", session)
        raise SystemExit(f"{marker!r} never appeared for {command}")
    for key in keys:
        tmux("send-keys", "-t", session, key)
        time.sleep(0.3)
    pid = tmux("display-message", "-p", "-t", session, "#{pane_pid}").strip()
    rss = peak_rss_mb(pid)
    tmux("kill-session", "-t", session)
    return elapsed, rss


def peak_rss_mb(pid: str) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return float("nan")


async def key_latency(db: Path, presses: int) -> tuple[list[float], list[float]]:
    """(key → row shows the check-in, key → services' answer applied) in seconds, per press."""
    from netquest.clock import Clock
    from netquest.services import NetQuest
    from netquest.store import Store
    from netquest.tui.app import NetQuestApp
    from netquest.tui.widgets.quest_list import QuestList

    services = NetQuest(Store(db), Clock(timezone="UTC", fixed_now=NOW))
    app = NetQuestApp(services, poll_seconds=0)
    shown, confirmed = [], []
    async with app.run_test(size=(120, 40)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        quests = app.today_screen.query_one(QuestList)
        for _ in range(presses):
            row = quests.current_row
            before = row.qs.done + row.pending
            start = time.perf_counter()
            # Pilot.press returns only once the app is idle again (after the write), so
            # watch the row while the key is being handled.
            press = asyncio.create_task(pilot.press("space"))
            while True:
                row = quests.current_row
                if f"{before + 1}/" in row.render().plain:
                    shown.append(time.perf_counter() - start)
                    break
                await asyncio.sleep(0.001)
            while not (row.qs.done == before + 1 and row.pending == 0):
                await asyncio.sleep(0.001)
                row = quests.current_row
            confirmed.append(time.perf_counter() - start)
            await press
            await app.workers.wait_for_complete()
            await pilot.pause()
    return shown, confirmed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--presses", type=int, default=20)
    parser.add_argument("--days", type=int, default=3650)
    parser.add_argument("--quests", type=int, default=20)
    args = parser.parse_args()
    if not shutil.which("tmux"):
        raise SystemExit("tmux is needed for the launch measurement")
    python = sys.executable
    netquest = str(Path(python).with_name("netquest"))
    work = Path(tempfile.mkdtemp(prefix="nq-bench-"))
    env = {"NETQUEST_NOW": NOW, "TZ": "UTC", "TERM": "xterm-256color"}
    os.environ.update(env)
    db = work / "ten-years.json"
    subprocess.run(
        [netquest, "--db", str(db), "demo", "--days", str(args.days), "--quests", str(args.quests)],
        check=True,
        env={**os.environ, **env},
        stdout=subprocess.DEVNULL,
    )
    minimal = work / "minimal.py"
    minimal.write_text(MINIMAL_APP)

    launch(f"{netquest} --db {db}", TODAY_MARKER, env, "nq-bench-warm")  # warm the caches once
    app_times, base_times, rss = [], [], []
    for i in range(args.runs):
        elapsed, _ = launch(f"{python} {minimal}", MINIMAL_MARKER, env, f"nq-bench-base-{i}")
        base_times.append(elapsed)
        elapsed, peak = launch(f"{netquest} --db {db}", TODAY_MARKER, env, f"nq-bench-app-{i}",
                               keys=["Space", "Down", "Space", "Left", "Space", "d", "Escape"])
        app_times.append(elapsed)
        rss.append(peak)
    undo_db = work / "keys.json"
    shutil.copy(db, undo_db)
    shown, confirmed = asyncio.run(key_latency(undo_db, args.presses))

    app_ms = statistics.median(app_times) * 1000
    base_ms = statistics.median(base_times) * 1000
    shown_ms = statistics.median(shown) * 1000
    confirmed_ms = statistics.median(confirmed) * 1000
    print(f"\n{args.quests} quests, {args.days} days of demo history, {args.runs} launches, "
          f"{args.presses} presses\n")
    print("| measure | NetQuest | baseline | ratio / target |")
    print("|---|---:|---:|---|")
    print(
        f"| launch → Today drawn (tmux 120×40, median) | {app_ms:.0f} ms "
        f"| {base_ms:.0f} ms (Header+Static+Footer) "
        f"| {app_ms / base_ms:.2f}× (target ≤ 1.5×) |"
    )
    print(
        f"| key → row shows the check-in (Pilot, median) | {shown_ms:.1f} ms | | target ≤ 50 ms |"
    )
    print(f"| key → services' answer on the row (Pilot, median) | {confirmed_ms:.0f} ms "
          f"| | target ≤ 50 ms (write + reload) |")
    print(f"| peak RSS of the app (max over runs) | {max(rss):.0f} MB | | target ≤ 120 MB |")
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
