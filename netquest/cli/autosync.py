"""After a command, with `sync_auto` on: sync in the background (the history and, in a party,
one's card), and say once what went wrong with the previous background sync.

Every command that read the data file comes here, so what it does before knowing that the
file syncs is one stat.  A command never waits on the network: the sync is a process of
its own, detached, that records how it ended in the sync clone's state; the next command
reads that.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from netquest.cli.plain import echo
from netquest.text import inert

if TYPE_CHECKING:
    from netquest.cli.plain import Context

STATE = "netquest-sync-state.json"  # as netquest.services.sync writes it


def clone_of(data_file: Path) -> Path:
    return data_file.parent / ".netquest-sync" / data_file.name


def after_command(obj: Context) -> None:
    app = obj._app
    if app is None or app.store.path is None:
        return
    real = Path(app.store.path).resolve()
    clone = clone_of(real)
    synced = (clone / ".git").is_dir()
    in_party = Path(f"{real}.party").is_dir()  # services/party_state.py's folder
    if not (synced or in_party):
        return  # nothing syncs: nothing to do, at the cost of two stats
    if synced:
        _report_background_failure(clone / ".git" / STATE)
    if not (app.wrote and obj.auto_sync):
        return
    try:
        if not app.settings().get("sync_auto"):
            return
    except Exception:  # the write is done; a settings read that fails must not fail it
        return
    if synced:
        _start(real, "sync", "--background")
    if in_party:  # the card follows the history; a party sync never writes the data file
        _start(real, "party", "sync")


def _start(data_file: Path, *command: str) -> None:
    """Run `netquest --db DATA_FILE COMMAND` detached: the command never waits on it."""
    import subprocess  # only a write with sync_auto on starts one

    subprocess.Popen(
        [sys.executable, "-m", "netquest", "--db", str(data_file), *command],
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

    echo("netquest: " + _("the background sync failed: {error}").format(
        error=inert(state["error"])), err=True)
    state["reported"] = True
    tmp = path.with_name(path.name + ".tmp")
    try:
        tmp.write_text(json.dumps(state))
        tmp.replace(path)
    except OSError:
        pass
