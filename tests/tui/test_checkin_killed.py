"""The status cache a prompt reads is right after a check-in in the app, even when the app is
killed the moment the row shows it saved: it is renewed inside the check-in's write."""

from __future__ import annotations

import os
import signal
import subprocess
import sys

from netquest import statuscache
from netquest.statusline import status_line
from tests.tui.conftest import NOW, make_services, starter

CHILD = """
import asyncio, os, signal, sys
from netquest.clock import Clock
from netquest.services import NetQuest
from netquest.store import Store
from netquest.tui.app import NetQuestApp
from netquest.tui.widgets.quest_list import QuestList

async def main():
    app = NetQuestApp(NetQuest(Store(sys.argv[1]), Clock(timezone="UTC", fixed_now=sys.argv[2])),
                      poll_seconds=0)
    async with app.run_test(size=(100, 30)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        quests = app.today_screen.query_one(QuestList)
        before = quests.current_row.qs.done
        press = asyncio.create_task(pilot.press("space"))
        while not (quests.current_row.qs.done == before + 1 and quests.current_row.pending == 0):
            await asyncio.sleep(0.001)
        print(quests.current_row.quest_id, flush=True)
        os.kill(os.getpid(), signal.SIGKILL)  # no clean exit, no later worker
        await press

asyncio.run(main())
"""


def test_status_cached_is_right_after_an_app_check_in_killed_at_once(tmp_path):
    path = tmp_path / "nq.json"
    starter(make_services(path))
    env = {**os.environ, "NETQUEST_NOW": NOW, "TZ": "UTC"}
    before = statuscache.read(statuscache.cache_path(path)).line
    child = subprocess.run([sys.executable, "-c", CHILD, str(path), NOW], capture_output=True,
                           text=True, env=env, timeout=60)
    assert child.returncode == -signal.SIGKILL, child.stderr
    qid = child.stdout.strip()
    fresh = make_services(path).quests.state()
    assert [q.done for q in fresh.quests if q.quest.id == qid] == [1]  # the check-in was saved
    line = status_line(fresh, symbols=True, width=80)
    assert line != before
    cached = subprocess.run([sys.executable, "-m", "netquest", "--db", str(path), "status",
                             "--cached"], capture_output=True, text=True, env=env, timeout=60)
    assert cached.returncode == 0, cached.stderr
    assert cached.stdout == line + "\n"
