"""`netquest serve` against what a stranger or an accident may do: malformed Host and Origin
headers, a flood of websockets, a server killed outright, a data file broken while it
serves, a host name that does not resolve."""

from __future__ import annotations

import asyncio
import os
import signal

import aiohttp
import pytest

from netquest.web.server import MAX_TABS
from tests.web.conftest import TOKEN, alive, children
from tests.web.test_serve import app_of_new_tab, await_for, run_serve, tab


async def test_a_malformed_host_or_origin_is_refused_without_a_traceback(serve):
    served = serve()
    port = served.port
    async with aiohttp.ClientSession() as session:
        for host in ("localhost:abc", "evil.example#@127.0.0.1", "[::1", f"[::1]:{port}x",
                     "localhost:99999999999"):
            async with session.get(served.base, headers={"Host": host}) as response:
                assert response.status == 403, host
        for origin in ("http://[", "http://[::1", f"http://127.0.0.1:{port}\\@evil"):
            async with session.get(served.base, headers={"Origin": origin}) as response:
                assert response.status == 403, origin
        async with session.get(served.base, headers={"Host": f"LocalHost:{port}"}) as response:
            assert response.status == 200
        async with session.get(served.base, headers={"Host": f"[::1]:{port}"}) as response:
            assert response.status == 200
    assert served.stop() == 0
    assert "Traceback" not in served.output[-1] and "Error handling" not in served.output[-1]
    assert served.markers() == []


async def test_tabs_beyond_the_cap_are_refused_and_start_no_app(serve):
    served = serve(token=TOKEN)
    cookie = {f"netquest_token_{served.port}": TOKEN}
    async with aiohttp.ClientSession(cookies=cookie) as session:
        tabs = [await session.ws_connect(served.base + "ws") for _ in range(MAX_TABS)]
        for _ in range(3):
            with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
                await session.ws_connect(served.base + "ws")
            assert refused.value.status == 503
        # A tab's app starts just after its handshake: wait for all, then none more comes.
        await await_for(lambda: len(children(served.proc.pid)) == MAX_TABS, 30,
                        "an app for each tab")
        await asyncio.sleep(0.5)
        assert len(children(served.proc.pid)) == MAX_TABS
        await tabs.pop().close()  # a tab that ends makes room for another
        await await_for(lambda: len(children(served.proc.pid)) < MAX_TABS, 20,
                        "the closed tab's app to end")
        # The server frees the slot once it has seen the app's process end, a moment after
        # the process is gone: a new tab is let in by then.
        for _ in range(200):
            try:
                tabs.append(await session.ws_connect(served.base + "ws"))
                break
            except aiohttp.WSServerHandshakeError as refused:
                assert refused.status == 503
                await asyncio.sleep(0.1)
        else:
            raise AssertionError("no room for a new tab 20 s after one closed")
        assert len(children(served.proc.pid)) <= MAX_TABS
        for ws in tabs:
            await ws.close()


async def test_when_the_server_is_killed_its_tabs_apps_end(serve):
    served = serve()
    async with aiohttp.ClientSession() as session:
        async with tab(session, served):
            pid = await app_of_new_tab(served, set())
            served.proc.kill()  # SIGKILL: the server cannot stop anything
            try:
                await await_for(lambda: not alive(pid), 15, "the orphaned app to end")
            finally:
                if alive(pid):
                    os.kill(pid, signal.SIGKILL)


async def test_a_tab_whose_app_cannot_start_is_closed_with_one_line(serve):
    served = serve()
    served.db.write_text('{"broken')  # broken after the server checked it
    async with aiohttp.ClientSession() as session:
        async with session.ws_connect(served.base + "ws") as ws:
            async def until_closed():
                async for _ in ws:
                    pass

            await asyncio.wait_for(until_closed(), 20)
            assert ws.closed
    assert served.stop() == 0
    output = served.output[-1]
    assert "Traceback" not in output and output.count(f"netquest: {served.db}: ") >= 1
    assert children(served.proc.pid) == []


def test_a_host_that_does_not_resolve_is_named_in_words(tmp_path):
    proc = run_serve(tmp_path, "--host", "no such host", "--port", "8000")
    assert proc.returncode == 1 and proc.stdout == ""
    (line,) = proc.stderr.splitlines()
    assert line.startswith("netquest: cannot listen on no such host port 8000: ")
    assert "Unknown error" not in line and "-2" not in line


async def test_a_plain_request_for_the_websocket_is_a_bad_request_not_a_traceback(serve):
    served = serve()
    async with aiohttp.ClientSession() as session:
        for method in ("GET", "HEAD"):
            async with session.request(method, served.base + "ws") as response:
                assert response.status == 400, method
        async with tab(session, served):  # the refused ones took no tab's place
            await app_of_new_tab(served, set())
    assert served.stop() == 0
    assert "Traceback" not in served.output[-1] and "error" not in served.output[-1]


async def test_an_oversized_request_is_one_line_in_the_output_not_a_traceback(serve):
    served = serve(token=TOKEN)
    async with aiohttp.ClientSession() as session:
        for headers in ({"X-Big": "a" * 20000}, {"Cookie": "a" * 9000 + "=b"}):
            async with session.get(served.base, headers=headers) as response:
                assert response.status == 400
    assert served.stop() == 0
    lines = served.output[-1].splitlines()[2:]  # after the two lines of the address
    assert "Traceback" not in served.output[-1] and "aaaa" not in served.output[-1]
    assert len(lines) == 2 and all(line.startswith("netquest serve: ") for line in lines)
    assert children(served.proc.pid) == []


def rss_mb(pid: int) -> int:
    status = open(f"/proc/{pid}/status").read()
    return int(status.split("VmRSS:")[1].split()[0]) // 1024


async def test_a_resize_to_a_huge_terminal_is_held_to_a_sane_size(serve):
    served = serve()
    async with aiohttp.ClientSession() as session:
        async with tab(session, served) as ws:
            pid = await app_of_new_tab(served, set())
            done = int(served.markers()[-1]["done"])
            await ws.send_json(["resize", {"width": 100000, "height": 100000}])
            await ws.send_json(["stdin", " "])
            await await_for(lambda: int(served.markers()[-1]["done"]) == done + 1, 20,
                            "the check-in drawn after the resize")
            assert rss_mb(pid) < 400


async def test_a_hang_up_stops_the_server_as_ctrl_c_does(serve):
    # An ssh session that drops hangs up its terminal: every process in the group gets SIGHUP.
    served = serve()
    async with aiohttp.ClientSession() as session:
        async with tab(session, served):
            pid = await app_of_new_tab(served, set())
            os.killpg(served.proc.pid, signal.SIGHUP)
            code = await asyncio.to_thread(served.proc.wait, 20)
    assert code == 0
    output = served.proc.stdout.read()
    assert output.startswith("NetQuest serves ") and "Traceback" not in output
    await await_for(lambda: not alive(pid), 10, "the tab's app to end")
