"""A line in a file each time Today is drawn, for whoever waits on the app from outside.

A browser draws the app on a canvas, so a test or a benchmark cannot read Today off the
page.  When NETQUEST_READY_FILE names a file, the app appends one line to it after Today
is drawn, first and after every refresh (a key, or another process's change):

    today 2026-03-11 done 3 xp 1280 theme netquest-dark pid 4242

the viewed day, the check-ins on it, the player's XP, the theme and the app's process id.
"""

from __future__ import annotations

import os

READY_ENV = "NETQUEST_READY_FILE"


def mark_drawn(state, theme: str) -> None:
    path = os.environ.get(READY_ENV)
    if not path:
        return
    done = sum(qs.done for qs in state.quests)
    try:
        with open(path, "a", encoding="utf-8") as out:
            out.write(f"today {state.day} done {done} xp {state.xp} theme {theme} "
                      f"pid {os.getpid()}\n")
    except OSError:
        pass  # only a signal to the outside: the app goes on without it
