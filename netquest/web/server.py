"""The web server behind `netquest serve`: textual-serve's server, with a token at the door.

textual-serve has no authentication of its own.  Here every request passes one middleware
before any handler runs: with a token set, the first page load brings it in the query
(`/?token=…`), gets it back as an HTTP-only cookie and is sent on to the clean address; a
request without the token or the cookie gets 403, so no app process is ever started for
it.  Without a token (loopback only) the middleware still refuses a page or a websocket
that names another host or origin, so a web page elsewhere cannot open the player's app.

Each tab's app process is recorded, so that Ctrl+C or SIGTERM ends every one of them
before the server exits.
"""

from __future__ import annotations

import asyncio
import hmac
import logging
import signal

from aiohttp import web
from aiohttp.http_exceptions import HttpProcessingError
from textual_serve.app_service import AppService
from textual_serve.server import Server

from netquest.i18n import _
from netquest.web.driver import TEXTUAL_DRIVER
from netquest.web.hosts import is_loopback_authority, same_origin
from netquest.web.page import page

log = logging.getLogger("netquest.web")
STOP_SECONDS = 3.0  # how long a tab's app has to quit before it is killed
MAX_TABS = 8  # tabs open at once: each runs an app process


class Tab(AppService):
    """One tab's app process, recorded in the server's set while it runs."""

    def __init__(self, command: str, running: set, **kw) -> None:
        super().__init__(command, **kw)
        self.running = running
        self.websocket: web.WebSocketResponse | None = None

    def _build_environment(self, width: int = 80, height: int = 24) -> dict[str, str]:
        environment = super()._build_environment(width, height)
        environment["TEXTUAL_DRIVER"] = TEXTUAL_DRIVER  # it quits if the server dies
        return environment

    async def _open_app_process(self, width: int = 80, height: int = 24):
        process = await super()._open_app_process(width, height)
        self.running.add(process)
        return process

    async def run(self) -> None:
        """Relay the app's output; when the app ends (or never started), so does the tab,
        and the page says so instead of waiting for an app that is not there."""
        await super().run()
        try:
            await self.remote_close()
        except (ConnectionError, RuntimeError):
            pass

    async def set_terminal_size(self, width: int, height: int) -> None:
        """A page's resize, held to 1 to 1000 cells a side: one message asking for a
        100000-cell square made the app take gigabytes."""
        await super().set_terminal_size(_clamp(width, 80), _clamp(height, 24))

    async def end(self) -> None:
        """Ask the app to quit, and kill it if it has not within STOP_SECONDS."""
        process = self._process
        if process is None:
            return
        try:
            await asyncio.wait_for(self.stop(), STOP_SECONDS)
        except (asyncio.TimeoutError, ConnectionError, RuntimeError):
            pass
        if process.returncode is None:
            process.kill()
        await process.wait()
        self.running.discard(process)


class NetQuestServer(Server):
    """textual-serve's Server with the token check, NetQuest's page and a clean stop."""

    def __init__(self, command: str, host: str, port: int, token: str | None,
                 announce: str) -> None:
        super().__init__(command, host=host, port=port, title="NetQuest")
        self.token = token
        self.cookie = f"netquest_token_{port}"  # cookies ignore ports: one name per server
        self.announce = announce
        self.running: set = set()
        self.tabs: set[Tab] = set()

    # ------------------------------------------------------------------ the door
    def _has_token(self, request: web.Request) -> bool:
        given = request.cookies.get(self.cookie) or ""
        return hmac.compare_digest(given.encode(), self.token.encode())

    @web.middleware
    async def door(self, request: web.Request, handler):
        # A websocket carries its page's Origin: it must be this server's own address.
        if not same_origin(request.headers.get("Origin"), request.host):
            raise web.HTTPForbidden(
                text="NetQuest: " + _("a page of another site cannot open this.") + "\n")
        if self.token is None:
            if not is_loopback_authority(request.host):
                raise web.HTTPForbidden(
                    text="NetQuest: " + _("open it as localhost or 127.0.0.1.") + "\n")
            return await handler(request)
        offered = request.query.get("token")
        if offered is not None and request.path == "/":
            if not hmac.compare_digest(offered.encode(), self.token.encode()):
                raise web.HTTPForbidden(text="NetQuest: " + _("wrong token.") + "\n")
            query = request.rel_url.query.copy()
            del query["token"]
            response = web.HTTPFound(request.rel_url.with_query(query))
            response.set_cookie(self.cookie, self.token, httponly=True, samesite="Strict",
                                path="/")
            raise response
        if not self._has_token(request):
            raise web.HTTPForbidden(text="NetQuest: " + _(
                "this address needs its token (the URL `netquest serve` printed, with "
                "?token=).") + "\n")
        return await handler(request)

    async def _make_app(self) -> web.Application:
        app = await super()._make_app()
        app.middlewares.append(self.door)
        return app

    # ------------------------------------------------------------------ the page and the tabs
    async def handle_index(self, request: web.Request) -> web.Response:
        # Addresses from the request itself: the browser may know this server by another
        # name (an ssh tunnel's localhost, a host name) than the one it listens on.
        static = f"{request.scheme}://{request.host}/static/"
        scheme = "wss" if request.scheme == "https" else "ws"
        websocket = f"{scheme}://{request.host}/ws"
        size = request.query.get("fontsize", "16")
        font_size = int(size) if size.isdigit() and 6 <= int(size) <= 64 else 16
        return web.Response(text=page(static, websocket, font_size), content_type="text/html")

    async def handle_websocket(self, request: web.Request) -> web.WebSocketResponse:
        if len(self.tabs) >= MAX_TABS:  # counted before any await: a flood cannot slip by
            raise web.HTTPServiceUnavailable(
                text="NetQuest: " + _("{n} tabs are open already; close one first.").format(
                    n=MAX_TABS) + "\n")
        websocket = web.WebSocketResponse(heartbeat=15)
        width = _cells(request.query.get("width"), 80)
        height = _cells(request.query.get("height"), 24)
        tab = Tab(self.command, self.running, write_bytes=websocket.send_bytes,
                  write_str=websocket.send_str, close=websocket.close,
                  download_manager=self.download_manager)
        tab.websocket = websocket
        self.tabs.add(tab)
        try:
            await websocket.prepare(request)
        except BaseException:  # not a websocket (400), or gone: it holds no tab's place
            self.tabs.discard(tab)
            raise
        try:
            await tab.start(width, height)
            await self._process_messages(websocket, tab)
        except asyncio.CancelledError:
            pass
        except Exception as error:  # a tab's trouble is logged; the server goes on
            log.warning("a tab ended with an error: %s", error)
        finally:
            await asyncio.shield(tab.end())  # closing the tab ends its app
            self.tabs.discard(tab)
            if not websocket.closed:
                await websocket.close()
        return websocket

    async def on_startup(self, app: web.Application) -> None:
        """Nothing yet: the address is announced once the port is really listening."""

    def _announce(self, *_args) -> None:
        self.console.print(self.announce, highlight=False, markup=False, soft_wrap=True)

    async def on_shutdown(self, app: web.Application) -> None:
        """Every tab's app quits (or is killed) before the server goes."""
        tabs = list(self.tabs)
        await asyncio.gather(*(tab.end() for tab in tabs), return_exceptions=True)
        for tab in tabs:  # the browser's side too, or the server would wait for it
            if tab.websocket.prepared:
                await tab.websocket.close(code=1001, message=b"NetQuest stopped")

    def initialize_logging(self) -> None:
        logging.basicConfig(level=logging.WARNING, format="netquest serve: %(message)s")
        logging.getLogger("aiohttp.server").addFilter(_one_line_for_a_bad_request)

    def serve(self, debug: bool = False) -> None:
        """Serve until Ctrl+C, SIGTERM or a hang-up; then no app process is left."""
        self.initialize_logging()
        loop = asyncio.new_event_loop()
        asyncio.set_event_loop(loop)
        for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):  # SIGHUP: a dropped ssh
            loop.add_signal_handler(sig, self.request_exit)
        try:
            web.run_app(self._make_app(), host=self.host, port=self.port, loop=loop,
                        handle_signals=False, print=self._announce, access_log=None)
        finally:
            for process in list(self.running):  # a last resort: nothing outlives the server
                if process.returncode is None:
                    process.kill()
            loop.close()


def _one_line_for_a_bad_request(record: logging.LogRecord) -> bool:
    """aiohttp logs a request it cannot parse (a header over 8 KB, a broken request line)
    with a traceback that quotes the sender's bytes: one line of NetQuest's own instead."""
    error = record.exc_info[1] if record.exc_info else None
    if isinstance(error, HttpProcessingError):
        record.msg, record.args = f"refused a malformed or oversized request ({error.code})", ()
        record.exc_info = record.exc_text = None
    return True


def _cells(value: str | None, default: int) -> int:
    return int(value) if value and value.isdigit() and 1 <= int(value) <= 1000 else default


def _clamp(value, default: int) -> int:
    """A size a page sent, between 1 and 1000 cells (a wider window still gets 1000)."""
    if isinstance(value, bool) or not isinstance(value, int):
        return default
    return min(max(value, 1), 1000)

