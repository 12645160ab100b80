"""What the commands share that needs no click: the context object and `echo`.

The quick command line (`netquest.cli.quick`) runs a check-in or a summary with these
alone; the click commands use the same, so both say the same bytes.
"""

from __future__ import annotations

import sys

from netquest.text import inert


def echo(message: str = "", err: bool = False, nl: bool = True) -> None:
    """`click.echo` for text, loading click only when it would change the text: a stream
    click would wrap (no encoding, or ASCII), colour codes click would strip (not a
    terminal), or text the stream cannot encode (click's own error then)."""
    stream = sys.stderr if err else sys.stdout
    if stream is None:
        return
    text = message + "\n" if nl else message
    if _as_is(text, stream):
        if text:
            stream.write(text)
        stream.flush()
        return
    import click

    click.echo(message, err=err, nl=nl)


def _as_is(text: str, stream) -> bool:
    """Whether click would write `text` to `stream` unchanged."""
    import codecs

    try:
        encoding, errors = stream.encoding, stream.errors
        if not encoding or not errors or codecs.lookup(encoding).name == "ascii":
            return False
        if "\x1b" in text and not stream.isatty():
            return False
        text.encode(encoding, errors)
    except (AttributeError, TypeError, ValueError, LookupError, UnicodeError):
        return False
    return True


class Context:
    """What every command needs: the data file path and the services."""

    #: The context of the command running in this process (what `main` looks at afterwards).
    current: "Context | None" = None

    def __init__(self) -> None:
        self.db: str | None = None
        self._app = None
        self.auto_sync = True  # off for sync itself: it writes, and must not start another
        Context.current = self
        self.warn_lost = True  # doctor says it in its own words

    @property
    def app(self):
        if self._app is None:
            from netquest.clock import Clock
            from netquest.services import NetQuest

            self._app = NetQuest.for_file(self.db, Clock.from_env())
            if self.warn_lost:
                lost = self._app.data.lost()
                if lost is not None:
                    # An empty game and "add quests" over a history that is only in a backup
                    # would invite a fresh start; say where the history is.
                    from netquest.i18n import _

                    echo("netquest: " + _(
                        "{path} does not exist, but it has backups: if it was deleted or moved, "
                        "`netquest doctor --restore {name}` brings back the newest").format(
                            path=inert(self._app.data.path), name=inert(lost.name)), err=True)
        return self._app
