"""The summary cache: what `netquest summary` and `summary --motd` last printed, beside the
data file, so that a login banner or a second look costs one read of the file and no more.

A summary is a function of the data file's bytes, the habit day, the terminal it is
printed on and the environment that words it.  The full command, after printing, files
its text under a key naming all of those but the day (the data file's path and a digest of
the very bytes it read, the command, the output's terminal, width and encoding, and the
environment variables that can change the words), with the habit day's bounds and the time
zone they were counted in.  The quick path (`answer`, run by `netquest.statuscache.main`
before click, pendulum or the store are imported) prints a filed text only when it finds
its exact key for the bytes the data file holds now and now lies within the filed day.
Any write changes the bytes and with them the key, so nothing filed before a write is
ever shown after it.  Derived data: private, never exported, synced or backed up,
dropped by `netquest doctor`.  Standard library only.

The file (`<data file>.summaries`, UTF-8, readable only by its owner): the line
`netquest-summaries 1`, then per entry a line `<key>` (tab-separated parts), a line
`<day start> <day end> <zone> <setting|system> <length>` and `length` characters of text.
"""

from __future__ import annotations

import os
import sys

from netquest import statuscache

MAGIC = "netquest-summaries 1"
SUFFIX = ".summaries"
KEEP = 6  # entries kept: summary and motd on a few terminals
MAX_BYTES = 1 << 20
MAX_DATA = 1 << 28
PARTY_SUFFIX = ".party"  # services/party_state.py's folder beside the data file
# What a background sync left to say (cli/autosync.py says it at the next command).
SYNC_STATE = (".netquest-sync", ".git", "netquest-sync-state.json")
COMPLETE_VAR = "_NETQUEST_COMPLETE"  # netquest.cli.context's: shell completion is running
# What can change a summary's words or layout besides the data and the day.
ENV_NAMES = ("COLUMNS", "TERM", "NO_COLOR", "TZ", "LANG", "LANGUAGE", "LC_ALL", "LC_MESSAGES",
             "LC_CTYPE", "NETQUEST_CONFIG_DIR")


def cache_path(data_path: str) -> str:
    """The summary cache of a data file (named by `statuscache.data_key`)."""
    return data_path + SUFFIX


def digest(data: bytes) -> str:
    """What stands for the data file's bytes in a key: their length and two checksums."""
    import zlib

    return f"{len(data)}:{zlib.crc32(data):08x}:{zlib.adler32(data):08x}"


def terminal(environ, stream=None) -> str | None:
    """Everything about the output stream and the environment a summary's text depends on
    (`Style.detect`'s inputs among them), as one key part; None when it cannot be a key."""
    stream = stream or sys.stdout
    try:
        tty = stream.isatty()
    except (AttributeError, ValueError):
        return None
    size = ""
    if tty:
        try:
            size = str(os.get_terminal_size(sys.__stdout__.fileno()).columns)
        except (AttributeError, ValueError, OSError):
            size = "-"
    parts = [f"tty={int(tty)}", f"size={size}", f"enc={getattr(stream, 'encoding', None)}",
             f"errors={getattr(stream, 'errors', None)}"]
    parts += [f"{name}={environ[name]}" for name in ENV_NAMES if name in environ]
    return "\x1f".join(parts)


def key_text(command: str, data_path: str, data_digest: str, term: str) -> str | None:
    """One entry's key; None when a part could not be told apart in the file."""
    from netquest import __version__

    parts = (__version__, command, data_path, data_digest, term)
    if any(c in part for part in parts for c in "\t\n\r"):
        return None
    return "\t".join(parts)


class Entry:
    """One filed text and the habit day it holds for."""

    __slots__ = ("key", "start", "end", "zone", "zone_from_setting", "text")

    def __init__(self, key: str, start: int, end: int, zone: str, zone_from_setting: bool,
                 text: str) -> None:
        self.key, self.start, self.end, self.zone = key, start, end, zone
        self.zone_from_setting, self.text = zone_from_setting, text

    def dump(self) -> str:
        source = "setting" if self.zone_from_setting else "system"
        return (f"{self.key}\n{self.start} {self.end} {self.zone} {source} {len(self.text)}\n"
                f"{self.text}")


def parse(text: str) -> list[Entry]:
    """The entries of the file's text; none for anything this version did not write."""
    if not text.startswith(MAGIC + "\n"):
        return []
    entries, pos = [], len(MAGIC) + 1
    try:
        while pos < len(text):
            key_end = text.index("\n", pos)
            head_end = text.index("\n", key_end + 1)
            start, end, zone, source, length = text[key_end + 1:head_end].split(" ")
            if source not in ("setting", "system") or not (length.isascii()
                                                          and length.isdigit()):
                return []  # a length below zero would read the same entry for ever
            body_end = head_end + 1 + int(length)
            if body_end > len(text):
                return []
            entries.append(Entry(text[pos:key_end], int(start), int(end), zone,
                                 source == "setting", text[head_end + 1:body_end]))
            pos = body_end
    except ValueError:
        return []
    return entries


# What `netquest.text.inert` never lets through besides ESC (C0, DEL, C1, bidi controls).
_BIDI = frozenset("\u061c\u200b\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2060"
                  "\u2066\u2067\u2068\u2069\ufeff")


def shown(text: str, tty: bool) -> bool:
    """True when `text` could be what the full command printed: no control character but
    newlines and, on a terminal, the colour codes `Style.paint` writes (ESC [ digits m);
    a filed text planted with any other escape is no answer (the full path prints instead)."""
    i, n = 0, len(text)
    while i < n:
        char = text[i]
        if char == "\x1b":
            j = i + 2
            if not tty or text[i + 1:j] != "[":
                return False
            while j < n and (text[j] == ";" or "0" <= text[j] <= "9"):
                j += 1
            if text[j:j + 1] != "m":
                return False
            i = j + 1
            continue
        if char != "\n" and (char < " " or "\x7f" <= char <= "\x9f" or char in _BIDI
                              or "\ud800" <= char <= "\udfff"):
            return False
        i += 1
    return True


def _read_regular(path: str, limit: int) -> bytes | None:
    """A regular file's bytes (at most `limit`), or None."""
    import stat

    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    except OSError:
        return None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return None
        chunks, size = [], 0
        while True:
            chunk = os.read(fd, 1 << 20)
            if not chunk:
                break
            size += len(chunk)
            if size > limit:
                return None
            chunks.append(chunk)
    except OSError:
        return None
    finally:
        os.close(fd)
    return b"".join(chunks)


def read(path: str) -> list[Entry]:
    data = _read_regular(path, MAX_BYTES)
    try:
        return parse(data.decode("utf-8")) if data else []
    except UnicodeDecodeError:
        return []


def _sync_has_news(path: str) -> bool:
    """Whether a background sync failed and nobody has been told yet."""
    real = os.path.realpath(path)
    folder, git, name = SYNC_STATE
    state = os.path.join(os.path.dirname(real), folder, os.path.basename(real), git, name)
    raw = _read_regular(state, 1 << 16)
    return raw is not None and b'"reported": false' in raw.replace(b'"reported":false',
                                                                   b'"reported": false')


def quick_command(argv: list[str]) -> str | None:
    """"summary" or "motd" for `summary` / `summary --motd` with at most --db; else None."""
    words, i = [], 0
    while i < len(argv):
        if argv[i] == "--db" and i + 1 < len(argv):
            i += 2
            continue
        if not argv[i].startswith("--db="):
            words.append(argv[i])
        i += 1
    if words == ["summary"]:
        return "summary"
    return "motd" if words == ["summary", "--motd"] else None


def answer(argv: list[str], environ, stream=None) -> str | None:
    """The filed text for this command line, data file, terminal (`stream`, by default
    stdout) and now, else None."""
    command = quick_command(argv)
    if command is None or COMPLETE_VAR in environ:  # a Tab is the command line's
        return None
    if any(not statuscache._utf8(t) for t in (*argv, *environ.values())):
        return None
    path = statuscache.data_path(argv, environ)
    if path is None or os.path.isdir(os.path.realpath(path) + PARTY_SUFFIX):
        return None  # a party's new cheers follow the summary: the command line shows them
    if _sync_has_news(path):
        return None  # a failed background sync is said by the next command, this one
    entries = read(cache_path(path))
    term = terminal(environ, stream) if entries else None
    if term is None:
        return None
    data = _read_regular(path, MAX_DATA)
    if data is None:
        return None
    key = key_text(command, path, digest(data), term)
    for entry in entries:
        if entry.key == key:
            system_tz = environ.get("TZ", "").lstrip(":")
            if not entry.zone_from_setting and system_tz not in ("", entry.zone):
                return None
            now = statuscache.now_seconds(entry.zone, environ)
            if now is None or not entry.start <= now < entry.end:
                return None
            return entry.text if shown(entry.text, term.startswith("tty=1")) else None
    return None


def remember(path: str, entry: Entry) -> None:
    """File `entry` in the cache at `path`, before the others (at most KEEP are kept);
    a cache that cannot be written is removed, never left holding an older text."""
    kept = [e for e in read(path) if e.key != entry.key][: KEEP - 1]
    text = MAGIC + "\n" + "".join(e.dump() for e in [entry, *kept])
    try:
        statuscache.write_text(path, text)
    except (OSError, UnicodeError):
        drop(path)


def drop(path: str) -> bool:
    """Delete the cache; True when there was one."""
    try:
        os.unlink(path)
        return True
    except OSError:
        return False


def main_answer(argv: list[str]) -> bool:
    """Print the filed text for `argv` when there is one; True when it was printed."""
    text = answer(argv, os.environ)
    if text is None or not statuscache.writable(text + "\n", sys.stdout):
        return False
    try:
        sys.stdout.write(text + "\n")
        sys.stdout.flush()
    except BrokenPipeError:
        pass
    return True

