"""After a command, with `sync_auto` on: sync in the background, and say once what went wrong
with the previous background sync.

Every command that read the data file comes here, so what it does before knowing that the
file syncs is one stat.  A command never waits on the network: the sync is a process of
its own, detached, that records how it ended in the sync clone's state; the next command
reads that.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from netquest.cli.context import Context
from netquest.text import inert

STATE = "netquest-sync-state.json"  # as netquest.services.sync writes it


def clone_of(data_file: Path) -> Path:
    return data_file.parent / ".netquest-sync" / data_file.name


def after_command(obj: Context) -> None:
    app = obj._app
    if app is None or app.store.path is None:
        return
    real = Path(app.store.path).resolve()
    clone = clone_of(real)
    if not (clone / ".git").is_dir():
        return  # sync is not set up: nothing to do, at the cost of one stat
    _report_background_failure(clone / ".git" / STATE)
    if not (app.wrote and obj.auto_sync):
        return
    try:
        if not app.settings().get("sync_auto"):
            return
    except Exception:  # the write is done; a settings read that fails must not fail it
        return
    import subprocess  # only a write with sync_auto on starts one

    subprocess.Popen(
        [sys.executable, "-m", "netquest", "--db", str(real), "sync", "--background"],
        stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        start_new_session=True, env=os.environ.copy(), close_fds=True,
    )


def _report_background_failure(path: Path) -> None:
    import json

    try:
        state = json.loads(path.read_text())
    except (OSError, ValueError):
        return
    if not isinstance(state, dict) or not state.get("error") or state.get("reported", True):
        return
    from netquest.i18n import _

    click.echo("netquest: " + _("the background sync failed: {error}").format(
        error=inert(state["error"])), err=True)
    state["reported"] = True
    tmp = path.with_name(path.name + ".tmp")
    try:
        tmp.write_text(json.dumps(state))
        tmp.replace(path)
    except OSError:
        pass
