"""`netquest serve`: the full-screen app in a web browser, one app process per tab.

The web server (textual-serve, aiohttp) and the app are imported only when the command
runs: the rest of the command line never loads them.
"""

from __future__ import annotations

import os
import re
import secrets
import shlex
import sys

import click

from netquest.cli.context import EXIT_DATA, EXIT_USAGE, Context, fail, pass_ctx
from netquest.i18n import _
from netquest.text import inert

TOKEN_ENV = "NETQUEST_SERVE_TOKEN"
TOKEN_CHARS = re.compile(r"[A-Za-z0-9._~-]{16,200}")  # URL-safe: the URL carries it as is


def tab_command(data_path: str) -> str:
    """The shell command textual-serve runs for each tab (`exec`: the app is the process
    the server watches and stops, not a shell around it)."""
    return "exec " + shlex.join([sys.executable, "-m", "netquest.web.tab", "--db", data_path])


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on; any but loopback needs a token.")
@click.option("--port", type=click.IntRange(1, 65535), default=8000, show_default=True)
@click.option("--token", envvar=TOKEN_ENV, metavar="TOKEN",
              help=f"Secret the URL must carry (also {TOKEN_ENV}); made up for you when "
                   "--host is not loopback.")
@pass_ctx
def serve(obj: Context, host: str, port: int, token: str | None) -> None:
    """Serve the full-screen app to a web browser: each tab runs its own app on this data
    file. Ctrl+C stops the server and every tab's app."""
    if token is not None and not TOKEN_CHARS.fullmatch(token):
        fail(_("--token needs 16 to 200 characters of A-Z a-z 0-9 . _ ~ -"), EXIT_USAGE)
    from netquest.web.hosts import address, is_loopback

    if token is None and not is_loopback(host):
        token = secrets.token_urlsafe(24)
    services = obj.app
    services.startup()  # a file that cannot be used is reported now, not in every tab
    data_path = str(services.data.path)
    url = address(host, port) + (f"?token={token}" if token else "")
    announce = _("NetQuest serves {path} at {url}\n"
                 "Each browser tab runs its own app; Ctrl+C stops them all.").format(
        path=inert(data_path), url=url)
    from netquest.web.server import NetQuestServer

    server = NetQuestServer(tab_command(data_path), host, port, token, announce)
    try:
        server.serve()
    except OSError as exc:
        # asyncio words a bind's error its own way: the system's words for its errno.  A name
        # that does not resolve has a resolver's code (below 0) and its own words instead.
        errno = exc.errno if isinstance(exc.errno, int) and exc.errno > 0 else None
        reason = os.strerror(errno) if errno else exc.strerror or str(exc)
        fail(_("cannot listen on {host} port {port}: {reason}").format(
            host=host, port=port, reason=reason), EXIT_DATA)
