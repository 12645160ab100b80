"""The status cache: `status.txt` beside the data file, the line a shell prompt shows.

A prompt is drawn many times a minute, so it must cost nothing: the services rewrite this
small file after every write (and `netquest status` when the habit day has turned), and a
prompt reads it with the shell's own builtins.  `netquest status --cached` answers from it
before click, pendulum or the store are imported.  Standard library only.

The file (UTF-8, readable only by its owner):

    2026-11-30                                   the habit day it was written for
    2 of 5 due done · 🔥 12                       the status line, through the output gate
    1764547200 1764460800 Europe/Berlin setting  the day's end and start (Unix seconds), the
                                                 time zone and whether it is the user's setting
    /home/ana/.local/share/netquest/netquest.json    the data file it describes
"""

from __future__ import annotations

import os
import sys

CACHE_NAME = "status.txt"
MAX_BYTES = 4096
DB_ENV = "NETQUEST_DB"
NOW_ENV = "NETQUEST_NOW"


class Cached:
    """What the cache says: the line of one habit day of one data file.

    A plain class, not a dataclass: `status --cached` must not pay for importing dataclasses."""

    __slots__ = ("day", "line", "end", "start", "zone", "zone_from_setting", "data")

    def __init__(self, day: str, line: str, end: int, start: int, zone: str,
                 zone_from_setting: bool, data: str) -> None:
        self.day, self.line, self.zone, self.data = day, line, zone, data
        self.end, self.start = end, start  # the habit day's bounds, Unix seconds
        self.zone_from_setting = zone_from_setting

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Cached) and self.text() == other.text()

    __hash__ = None  # type: ignore[assignment]

    def text(self) -> str:
        source = "setting" if self.zone_from_setting else "system"
        return (f"{self.day}\n{self.line}\n{self.end} {self.start} {self.zone} {source}\n"
                f"{self.data}\n")


def cache_path(data_path) -> str:
    """The cache file of a data file: `status.txt` in its folder."""
    return os.path.join(os.path.dirname(os.fspath(data_path)), CACHE_NAME)


def parse(text: str) -> Cached | None:
    """The cache's content, or None for anything this version did not write."""
    lines = text.split("\n")
    if len(lines) != 5 or lines[4] != "":
        return None
    day, line, times, data = lines[:4]
    fields = times.split(" ")
    if len(fields) != 4 or fields[3] not in ("setting", "system") or not line.isprintable():
        return None
    try:
        end, start = int(fields[0]), int(fields[1])
    except ValueError:
        return None
    return Cached(day, line, end, start, fields[2], fields[3] == "setting", data)


def read(path) -> Cached | None:
    """The cache file's content, or None when it is missing, odd or not a small regular file."""
    import stat

    try:
        # Non-blocking: a FIFO put in its place must not hang a prompt.
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    except OSError:
        return None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return None
        data = os.read(fd, MAX_BYTES + 1)
    except OSError:
        return None
    finally:
        os.close(fd)
    if len(data) > MAX_BYTES:
        return None
    try:
        return parse(data.decode("utf-8"))
    except UnicodeDecodeError:
        return None


def write(path, cached: Cached) -> None:
    """Replace the cache file atomically with a new file readable only by its owner."""
    write_text(path, cached.text())


def write_text(path, text: str) -> None:
    """Replace a small file atomically with a new one holding `text`, readable only by its
    owner (the status cache, the summary cache)."""
    folder, name = os.path.split(os.fspath(path))
    temp = os.path.join(folder, f".{name}.{os.getpid()}.tmp")
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(text.encode("utf-8"))
        os.replace(temp, path)
    except BaseException:
        try:
            os.unlink(temp)
        except OSError:
            pass
        raise


def now_seconds(zone: str, environ) -> float | None:
    """Now as Unix seconds: NETQUEST_NOW read in `zone` as the clock reads it, or the system's.

    None when NETQUEST_NOW is not something this quick reading is sure of."""
    fixed = environ.get(NOW_ENV)
    if not fixed:
        import time

        return time.time()
    from datetime import datetime

    try:
        moment = datetime.fromisoformat(fixed.strip())
        if moment.tzinfo is None:
            moment = _wall_time(moment, zone)
        return moment.timestamp()
    except (ValueError, OverflowError, OSError, KeyError):
        return None


def _wall_time(naive, zone: str):
    """`netquest.clock.wall_time`, repeated here because importing the clock module costs
    a quick answer more than its whole work: the later instant of an hour that repeats, a
    time the clocks skipped moved forward by the gap."""
    from zoneinfo import ZoneInfo

    tz = ZoneInfo(zone)
    before = naive.replace(tzinfo=tz, fold=0).utcoffset()
    after = naive.replace(tzinfo=tz, fold=1).utcoffset()
    if after is not None and before is not None and after > before:
        return (naive + (after - before)).replace(tzinfo=tz, fold=0)
    return naive.replace(tzinfo=tz, fold=1)


def data_path(argv: list[str], environ) -> str | None:
    """The data file `--db` or NETQUEST_DB names, else the default one; None when it cannot
    tell (an empty `--db` names the current folder to the command line, which says so)."""
    db = None
    for i, arg in enumerate(argv):
        if arg == "--db" and i + 1 < len(argv):
            db = argv[i + 1]
        elif arg.startswith("--db="):
            db = arg[5:]
    if db == "":
        return None
    db = db or environ.get(DB_ENV)
    if db:
        # `link/..` is the folder above where the link points, not the folder the path
        # names once `..` is taken away: only the command line can tell which file it is.
        if ".." in os.path.expanduser(db).replace(os.sep, "/").split("/"):
            return None
        return data_key(db)
    try:
        import platformdirs
    except ImportError:
        return None
    return data_key(os.path.join(platformdirs.user_data_dir("netquest"), "netquest.json"))


def data_key(path) -> str:
    """How the cache names its data file: the absolute, normalised path."""
    return os.path.abspath(os.path.expanduser(os.fspath(path)))


def quick_format(argv: list[str]) -> str | None:
    """"text" or "tmux" for `status --cached` with at most --db and --format: what the cache
    answers; None for any other command line."""
    words, fmt, i = [], "text", 0
    while i < len(argv):
        word = argv[i]
        if word in ("--db", "--format") and i + 1 < len(argv):
            fmt = argv[i + 1] if word == "--format" else fmt
            i += 2
            continue
        if word.startswith("--format="):
            fmt = word[len("--format="):]
        elif not word.startswith("--db="):
            words.append(word)
        i += 1
    return fmt if words == ["status", "--cached"] and fmt in ("text", "tmux") else None


def for_tmux(line: str) -> str:
    """The cached line for tmux's status bar: a # of the data doubled, so it is never a style."""
    return line.replace("#", "##")


def answer(argv: list[str], environ) -> str | None:
    """The cached line when the cache is sure of it (this data file, this habit day), else None."""
    fmt = quick_format(argv)
    if fmt is None or any(not _utf8(text) for text in (*argv, *environ.values())):
        return None
    path = data_path(argv, environ)
    if path is None:
        return None
    cached = read(cache_path(path))
    if cached is None or cached.data != path:
        return None
    system_tz = environ.get("TZ", "").lstrip(":")
    if not cached.zone_from_setting and system_tz not in ("", cached.zone):
        return None  # another time zone than the one the day was counted in
    now = now_seconds(cached.zone, environ)
    if now is None or not cached.start <= now < cached.end:
        return None
    return for_tmux(cached.line) if fmt == "tmux" else cached.line


def writable(text: str, stream) -> bool:
    """Whether `stream` takes `text` as the command line's output would: click writes UTF-8
    to a stream set to ASCII, and a text the stream cannot encode is the command line's to
    report."""
    import codecs

    try:
        encoding = stream.encoding or "ascii"
        if codecs.lookup(encoding).name == "ascii":
            return False
        text.encode(encoding, stream.errors or "strict")
    except (AttributeError, TypeError, LookupError, UnicodeError):
        return False
    return True


def _utf8(text: str) -> bool:
    return not any("\ud800" <= char <= "\udfff" for char in text)


def main() -> None:
    """`netquest`: `status --cached` from the status cache, `summary` (`--motd`) from the
    summary cache and the full-screen app without the command line when they can;
    everything else by the CLI."""
    argv = sys.argv[1:]
    if argv[:1] == ["status"] or "status" in argv[:3]:
        line = answer(argv, os.environ)
        if line is not None and writable(line + "\n", sys.stdout):
            try:
                sys.stdout.write(line + "\n")
                sys.stdout.flush()
            except BrokenPipeError:
                pass
            raise SystemExit(0)
    if len(argv) <= 2 and (not argv or argv[0].startswith("--db")):
        from netquest.tui.launch import quick_start

        try:
            started = quick_start(argv, os.environ)
        except (EOFError, KeyboardInterrupt):
            sys.stderr.write("\nAborted.\n")  # as click's main and the command line say it
            raise SystemExit(130) from None
        except Exception as exc:
            from netquest.cli.context import handle

            handle(exc)
        else:
            if started:
                raise SystemExit(0)
    if argv[:1] == ["summary"] or "summary" in argv[:3]:
        from netquest import outputcache

        if outputcache.main_answer(argv):
            raise SystemExit(0)
    from netquest.cli import quick  # a check-in or a summary in the plain shapes, before click

    if quick.run(argv, os.environ):
        raise SystemExit(0)
    from netquest.cli import main as cli_main

    cli_main()
