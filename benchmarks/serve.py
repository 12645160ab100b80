"""Measure `netquest serve`: from opening the page in headless Chromium until Today is drawn,
beside the same app's first paint in tmux (benchmarks/tui.py's launch), on a 10-year,
20-quest history; median of several runs.

The browser draws the terminal on a canvas, so "Today is drawn" is the line the tab's app
appends to NETQUEST_READY_FILE once Today is on screen.  Each run opens the page in a tab
that is new to the server (a new app process), then closes it, which ends that app.
Chromium starts once, before the runs, as a browser already open would be.

Usage, with the venv's interpreter (Debian's chromium and chromium-driver installed):

    python benchmarks/serve.py [--runs 5] [--days 3650] [--quests 20] [--screenshot PNG]
"""

from __future__ import annotations

import argparse
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from tui import NOW, TODAY_MARKER, launch  # noqa: E402  (the tmux side, measured alike)

CHROMIUM, CHROMEDRIVER = "/usr/bin/chromium", "/usr/bin/chromedriver"
FLAGS = ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
         "--disable-quic", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--hide-scrollbars")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait(check, seconds: float, what: str):
    deadline = time.perf_counter() + seconds
    while not (value := check()):
        if time.perf_counter() > deadline:
            raise SystemExit(f"waited {seconds} s for {what}")
        time.sleep(0.002)
    return value


def browser(profile: Path, width: int, height: int):
    from selenium import webdriver
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service

    os.environ["SE_OFFLINE"] = "true"  # Selenium Manager never downloads anything
    options = Options()
    options.binary_location = CHROMIUM
    for flag in (*FLAGS, f"--window-size={width},{height}", f"--user-data-dir={profile}"):
        options.add_argument(flag)
    return webdriver.Chrome(options=options, service=Service(CHROMEDRIVER))


def alive(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().split(") ")[-1][0] != "Z"
    except OSError:
        return False


def page_runs(driver, url: str, ready: Path, runs: int) -> tuple[list[float], list[float]]:
    """(open → page loaded, open → Today drawn) in seconds, one new tab's app per run."""
    loaded, drawn = [], []
    for _ in range(runs):
        ready.write_text("")
        start = time.perf_counter()
        driver.get(url)  # returns at the page's load event, when the script connects
        loaded.append(time.perf_counter() - start)
        line = wait(lambda: ready.read_text(), 60, "Today in the browser")
        drawn.append(time.perf_counter() - start)
        driver.get("about:blank")  # the tab leaves: its app ends
        pid = int(line.split()[-1])
        wait(lambda: not alive(pid), 30, "the closed tab's app to end")
    return loaded, drawn


def screenshot(driver, path: Path) -> None:
    """Today as a player sees it: a headless page never has the focus, and the app keeps
    its footer empty until it gets a key (down and up: the highlight ends where it was)."""
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.keys import Keys

    driver.execute_script("document.querySelector('.xterm-helper-textarea').focus()")
    ActionChains(driver).send_keys(Keys.DOWN).pause(0.3).send_keys(Keys.UP).perform()
    time.sleep(1.0)  # the canvas takes the last frames
    driver.save_screenshot(str(path))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--days", type=int, default=3650)
    parser.add_argument("--quests", type=int, default=20)
    parser.add_argument("--screenshot", type=Path, help="save Today in Chromium as this PNG")
    args = parser.parse_args()
    for program in ("tmux", CHROMIUM, CHROMEDRIVER):
        if not shutil.which(program):
            raise SystemExit(f"{program} is needed (apt-get install tmux chromium chromium-driver)")
    netquest = str(Path(sys.executable).with_name("netquest"))
    work = Path(tempfile.mkdtemp(prefix="nq-serve-bench-"))
    ready = work / "ready.txt"
    env = {"NETQUEST_NOW": NOW, "TZ": "UTC", "TERM": "xterm-256color"}
    os.environ.update(env)
    db = work / "ten-years.json"
    subprocess.run([netquest, "--db", str(db), "demo", "--days", str(args.days),
                    "--quests", str(args.quests)], check=True, stdout=subprocess.DEVNULL)
    port = free_port()
    server = subprocess.Popen([netquest, "--db", str(db), "serve", "--port", str(port)],
                              env={**os.environ, "NETQUEST_READY_FILE": str(ready)},
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}/"
    driver = None
    try:
        wait(lambda: _answers(url), 30, "the server")
        driver = browser(work / "profile", 1000, 720)
        page_runs(driver, url, ready, 1)  # warm the caches once, as tui.py does
        launch(f"{netquest} --db {db}", TODAY_MARKER, env, "nq-serve-bench-warm")
        loaded, drawn, tmux = [], [], []
        for i in range(args.runs):  # side by side, so a busy moment weighs on both alike
            page_loaded, page_drawn = page_runs(driver, url, ready, 1)
            loaded += page_loaded
            drawn += page_drawn
            tmux.append(launch(f"{netquest} --db {db}", TODAY_MARKER, env,
                               f"nq-serve-bench-{i}")[0])
        if args.screenshot:
            ready.write_text("")
            driver.get(url)
            wait(lambda: ready.read_text(), 60, "Today for the screenshot")
            screenshot(driver, args.screenshot)
    finally:
        if driver is not None:
            driver.quit()
        server.terminate()
        server.wait(30)
        shutil.rmtree(work, ignore_errors=True)

    def ms(values: list[float]) -> str:
        return f"{statistics.median(values) * 1000:.0f} ms"

    print(f"\n{args.quests} quests, {args.days} days of demo history, {args.runs} runs each\n")
    print("| measure (median) | time |")
    print("|---|---:|")
    print(f"| browser: open the page → page loaded | {ms(loaded)} |")
    print(f"| browser: open the page → Today drawn (a new app per tab) | {ms(drawn)} |")
    print(f"| tmux 120×40: launch → Today drawn (benchmarks/tui.py) | {ms(tmux)} |")
    print(f"| browser ÷ tmux | {statistics.median(drawn) / statistics.median(tmux):.2f}× |")


def _answers(url: str) -> bool:
    try:
        urllib.request.urlopen(url, timeout=2)
    except OSError:
        return False
    return True


if __name__ == "__main__":
    main()
