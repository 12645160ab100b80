"""What speaking Chinese costs `netquest summary`: the same history summarised in English
and in zh-CN (its catalogue compiled and cached by an earlier run, as after the first start
of a checkout, or packed in the wheel), as whole processes taking turns, median of several
runs.  The target: under 5 ms more than English.  Usage:

    .venv/bin/python benchmarks/language.py [--runs 21] [--days 3650] [--quests 20]
"""

from __future__ import annotations

import argparse
import compileall
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from cli import NOW, medians_of, timed  # noqa: E402  (the same clock and timing as cli.py)

TARGET_MS = 5.0
LOAD = """
import statistics, time
from netquest import i18n
times = []
for _ in range(101):
    i18n.reset(); i18n.use("zh-CN")
    start = time.perf_counter(); i18n._("Today"); times.append(time.perf_counter() - start)
print(statistics.median(times) * 1000)
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=21)
    parser.add_argument("--days", type=int, default=3650)
    parser.add_argument("--quests", type=int, default=20)
    args = parser.parse_args()
    netquest = [sys.executable, "-m", "netquest"]
    import netquest as package

    compileall.compile_dir(Path(package.__file__).parent, quiet=1)
    with tempfile.TemporaryDirectory() as tmp:
        english = Path(tmp) / "en.json"
        env = dict(os.environ, NETQUEST_DB=str(english), NETQUEST_NOW=NOW, TZ="UTC",
                   XDG_CACHE_HOME=str(Path(tmp) / "cache"), LANGUAGE="en")
        subprocess.run(netquest + ["demo", "--days", str(args.days), "--quests",
                                   str(args.quests)], env=env, check=True,
                       stdout=subprocess.DEVNULL)
        chinese = Path(tmp) / "zh" / "zh.json"
        chinese.parent.mkdir()
        shutil.copy(english, chinese)
        zh_env = dict(env, NETQUEST_DB=str(chinese))
        subprocess.run(netquest + ["settings", "language", "zh-CN"], env=zh_env, check=True,
                       stdout=subprocess.DEVNULL)
        for e in (env, zh_env):
            timed(netquest + ["summary"], e)  # the page cache warm, the catalogue compiled
        measured = medians_of({
            "en": (netquest + ["summary"], env, None),
            "zh-CN": (netquest + ["summary"], zh_env, None),
        }, args.runs)
        # The part a whole process cannot resolve on a busy machine: loading the catalogue
        # (what only zh-CN does) timed inside one interpreter, median of many loads.
        load = subprocess.run([sys.executable, "-c", LOAD], env=zh_env, check=True,
                              capture_output=True, text=True).stdout.strip()
    (en, en_mem), (zh, zh_mem) = measured["en"], measured["zh-CN"]
    cost = (zh - en) * 1000
    print(f"{args.days} days of history, {args.quests} quests, median of {args.runs} runs")
    print()
    print("| `netquest summary` | wall | peak RSS |")
    print("|---|---|---|")
    print(f"| English | {en * 1000:.1f} ms | {en_mem:.0f} MB |")
    print(f"| zh-CN | {zh * 1000:.1f} ms | {zh_mem:.0f} MB |")
    print(f"| the language's cost | {cost:+.1f} ms (target < {TARGET_MS:g} ms) | |")
    print(f"| loading the zh-CN catalogue, in-process median | {float(load):.2f} ms | |")


if __name__ == "__main__":
    main()
