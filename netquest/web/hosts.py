"""Host names of `netquest serve`: which ones stay on this machine, and the address to print.

Standard library only: the command line asks before it loads the web server.
"""

from __future__ import annotations

import ipaddress
import re
import socket
from urllib.parse import urlsplit

# A Host header as browsers send it: a name or an IPv4 address, or an IPv6 one in brackets,
# then maybe a port.  Anything else is refused before it reaches a URL parser.
AUTHORITY = re.compile(r"(?:\[(?P<v6>[0-9A-Fa-f:.]+)\]|(?P<name>[A-Za-z0-9.-]+))(?::[0-9]{1,5})?")


def is_loopback(host: str) -> bool:
    """Whether `host` (a name or an address, IPv6 with or without brackets) is this machine's
    loopback: the only place `serve` listens without a token."""
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def address(host: str, port: int) -> str:
    """The base URL to print: a name a browser can open, never the wildcard address."""
    if host in ("0.0.0.0", "::", ""):
        host = socket.gethostname()
    if ":" in host and not host.startswith("["):
        host = f"[{host}]"
    return f"http://{host}:{port}/"


def is_loopback_authority(authority: str) -> bool:
    """Whether a Host header (`host[:port]`) names this machine's loopback, read strictly:
    a header a browser would never send is not loopback."""
    match = AUTHORITY.fullmatch(authority)
    return bool(match) and is_loopback(match["v6"] or match["name"])


def same_origin(origin: str | None, authority: str) -> bool:
    """Whether a request's Origin (absent when no page sent it) is the address it was sent
    to; an Origin that does not parse is another site's."""
    if origin is None:
        return True
    try:
        parts = urlsplit(origin)
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and parts.netloc == authority
