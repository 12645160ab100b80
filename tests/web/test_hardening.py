"""`netquest serve` against what a stranger or an accident may do: malformed Host and Origin
headers, a flood of websockets, a server killed outright, a data file broken while it
serves, a host name that does not resolve."""

from __future__ import annotations

import aiohttp


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
