"""`netquest serve` over HTTP and websockets, without a browser: the token, the origin, one
app process per tab, several tabs and the command line at once, and a clean stop."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import socket
import subprocess
import sys
import time
from contextlib import asynccontextmanager

import aiohttp
import pytest

from netquest.cli.serve import tab_command
from netquest.web.hosts import address, is_loopback
from tests.web.conftest import TOKEN, alive, children, demo_env, make_demo


async def await_for(check, seconds: float, what: str):
    deadline = time.monotonic() + seconds
    while not (value := check()):
        if time.monotonic() > deadline:
            raise AssertionError(f"waited {seconds} s for {what}")
        await asyncio.sleep(0.05)
    return value


@asynccontextmanager
async def tab(session: aiohttp.ClientSession, served, **kw):
    """A browser tab's websocket, its output read and thrown away as a browser draws it."""
    async with session.ws_connect(served.base + "ws?width=100&height=30", **kw) as ws:
        async def drain():
            async for _ in ws:
                pass

        reader = asyncio.create_task(drain())
        try:
            yield ws
        finally:
            reader.cancel()


async def app_of_new_tab(served, before: set[int]) -> int:
    """The pid of the app a new tab started, once it has drawn Today."""
    pids = await await_for(lambda: set(served.pids()) - before, 30, "a new tab's Today")
    (pid,) = pids
    return pid


def test_loopback_and_token_rules():
    assert is_loopback("127.0.0.1") and is_loopback("localhost") and is_loopback("::1")
    assert is_loopback("127.0.0.2") and is_loopback("[::1]") and is_loopback("LocalHost")
    assert not is_loopback("0.0.0.0") and not is_loopback("192.0.2.7")
    assert not is_loopback("example.org")
    assert address("127.0.0.1", 8000) == "http://127.0.0.1:8000/"
    assert address("::1", 8001) == "http://[::1]:8001/"
    assert address("0.0.0.0", 8000) == f"http://{socket.gethostname()}:8000/"
    command = tab_command("/data/my file.json")
    assert command.startswith("exec ") and "netquest.web.tab" in command
    assert "'/data/my file.json'" in command


def run_serve(tmp_path, *args: str) -> subprocess.CompletedProcess:
    env = demo_env(tmp_path)
    db = tmp_path / "demo.json"
    if not db.exists():
        make_demo(db, env)
    return subprocess.run([sys.executable, "-m", "netquest", "--db", str(db), "serve", *args],
                          env=env, capture_output=True, text=True, timeout=60)


def test_a_short_token_or_a_taken_port_is_one_line(tmp_path):
    proc = run_serve(tmp_path, "--token", "short")
    assert proc.returncode == 2 and proc.stdout == ""
    assert proc.stderr.count("\n") == 1 and "--token" in proc.stderr
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        proc = run_serve(tmp_path, "--port", str(port))
    assert proc.returncode == 1
    assert proc.stderr.strip().splitlines() == [
        f"netquest: cannot listen on 127.0.0.1 port {port}: Address already in use"]


async def test_without_the_token_every_request_is_refused_and_no_app_starts(serve):
    served = serve(token=TOKEN)
    async with aiohttp.ClientSession() as session:
        for path in ("", "?token=wrong-token-0123456789", "static/js/textual.js", "ws"):
            async with session.get(served.base + path, allow_redirects=False) as response:
                assert response.status == 403, path
        with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
            await session.ws_connect(served.base + "ws")
        assert refused.value.status == 403
        cookie = {f"netquest_token_{served.port}": "wrong-token-0123456789"}
        async with session.get(served.base, cookies=cookie) as response:
            assert response.status == 403
    await asyncio.sleep(0.5)
    assert children(served.proc.pid) == [] and served.markers() == []


async def test_the_token_sets_a_strict_http_only_cookie_that_opens_the_app(serve):
    served = serve(token=TOKEN)
    # A browser keeps a cookie of 127.0.0.1; aiohttp's jar needs telling (unsafe=True).
    async with aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)) as session:
        async with session.get(served.url + "&fontsize=18", allow_redirects=False) as response:
            assert response.status == 302
            assert response.headers["Location"] == "/?fontsize=18"  # the token leaves the URL
            cookie = response.headers["Set-Cookie"]
        assert f"netquest_token_{served.port}={TOKEN}" in cookie
        assert "HttpOnly" in cookie and "SameSite=Strict" in cookie
        async with session.get(served.base + "?fontsize=18") as response:  # the cookie is sent
            assert response.status == 200
            assert "data-font-size=\"18\"" in await response.text()
        async with tab(session, served):
            pid = await app_of_new_tab(served, set())
            assert pid in children(served.proc.pid)


async def test_on_loopback_a_foreign_host_or_origin_is_refused(serve):
    served = serve(host="127.0.0.2")  # any loopback address serves without a token
    async with aiohttp.ClientSession() as session:
        async with session.get(served.base) as response:
            assert response.status == 200
        port = served.port
        async with session.get(served.base, headers={"Host": f"localhost:{port}"}) as response:
            assert response.status == 200
        async with session.get(served.base, headers={"Host": "attacker.example"}) as response:
            assert response.status == 403
        with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
            await session.ws_connect(served.base + "ws", origin="http://attacker.example")
        assert refused.value.status == 403
    await asyncio.sleep(0.5)
    assert served.markers() == []


async def test_a_tab_runs_the_app_on_the_same_file_and_settings_and_closing_it_ends_it(serve):
    served = serve()
    served.netquest("settings", "theme", "netquest-light")
    summary = served.summary()
    async with aiohttp.ClientSession() as session:
        async with tab(session, served, origin=served.base.rstrip("/")):
            pid = await app_of_new_tab(served, set())
            assert alive(pid)
            drawn = served.markers()[-1]
            assert drawn["today"] == summary["today"] and int(drawn["xp"]) == summary["xp"]
            assert drawn["theme"] == "netquest-light"
    await await_for(lambda: not alive(pid), 10, "the closed tab's app to end")
    assert served.proc.poll() is None  # the server goes on


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
async def test_a_signal_stops_the_server_and_every_app(serve, sig):
    served = serve()
    async with aiohttp.ClientSession() as session:
        async with tab(session, served), tab(session, served):
            await await_for(lambda: len(served.pids()) == 2, 30, "two tabs' Today")
            pids = served.pids()
            assert set(pids) <= set(children(served.proc.pid))
            started = time.monotonic()
            if sig == signal.SIGINT:  # Ctrl+C: the terminal signals the whole process group
                os.killpg(served.proc.pid, sig)
            else:
                served.proc.send_signal(sig)
            code = await asyncio.to_thread(served.proc.wait, 20)
            assert time.monotonic() - started < 10
    assert code == 0
    output = served.proc.stdout.read()
    assert output.startswith("NetQuest serves ") and "Traceback" not in output
    assert not any(alive(pid) for pid in pids)
    assert children(served.proc.pid) == []


async def test_tabs_and_the_command_line_at_once_each_check_in_lands_once(serve):
    served = serve()

    def count() -> int:
        return len(json.loads(served.netquest("log", "list", "--days", "1", "--format", "json")))

    first = count()
    presses, cli_checkins = 4, 4
    async with aiohttp.ClientSession() as session:
        async with tab(session, served) as a, tab(session, served) as b, \
                tab(session, served) as c:
            await await_for(lambda: len(served.pids()) == 3, 40, "three tabs' Today")

            async def press(ws):
                for _ in range(presses):
                    await ws.send_json(["stdin", " "])
                    await asyncio.sleep(0.05)

            def command_line():
                for _ in range(cli_checkins):
                    served.netquest("checkin", "comment")

            await asyncio.gather(press(a), press(b), press(c), asyncio.to_thread(command_line))
            expected = first + 3 * presses + cli_checkins
            await await_for(lambda: count() >= expected, 40, "every check-in")
            await asyncio.sleep(1.5)  # nothing more comes after, nothing counted twice
            assert count() == expected
