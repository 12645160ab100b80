"""Filing the summary's text for the summary cache's quick path (`netquest.outputcache`)."""

from __future__ import annotations

from typing import Callable

from netquest import outputcache, statuscache
from netquest.services.model import State
from netquest.services.session import Session
from netquest.services.status import day_bounds


def state_text(root, command: str, term: str | None, make_text: Callable[[State], str]) -> str:
    """Today's state of play as `make_text` words it; the text is filed under `command`
    ("summary" or "motd") and the terminal `term` (`outputcache.terminal`), keyed by the
    bytes this very read found, so the quick path shows it only while the file holds them."""
    store = root.store
    store.keep_reads = True
    try:
        with root.reading() as s:
            # The digest now, so the bytes are not kept while the state is worked out.
            data, store.last_read = store.last_read, None
            digest = None if data is None else outputcache.digest(data)
            del data
            text = make_text(root.quests.state_in(s))
            remember(root, s, command, term, text, digest)
    finally:
        store.keep_reads, store.last_read = False, None
    return text


def remember(root, s: Session, command: str, term: str | None, text: str,
             digest: str | None) -> None:
    """File `text` as what `command` printed today from the data file whose bytes have
    `digest` (`outputcache.digest`)."""
    path = root.store.path
    if path is None or digest is None or term is None:
        return
    if "\x1b" in text and "tty=1" not in term.split("\x1f"):
        return  # click would strip the colours off a text that is not for a terminal
    data_path = statuscache.data_key(path)
    key = outputcache.key_text(command, data_path, digest, term)
    if key is None:
        return
    start, end = day_bounds(s.clock, s.today)
    entry = outputcache.Entry(key, start, end, s.clock.timezone,
                              bool(s.settings.get("timezone")), text)
    outputcache.remember(outputcache.cache_path(data_path), entry)


def drop(root) -> bool:
    """Delete the data file's summary cache; True when there was one."""
    path = root.store.path
    return path is not None and outputcache.drop(
        outputcache.cache_path(statuscache.data_key(path)))
