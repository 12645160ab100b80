"""`netquest [--db PATH] checkin QUEST` and `netquest [--db PATH] summary` without click.

Over SSH a check-in or a summary is a whole process, and click's import is a good part of
its start.  These two command lines, in exactly these shapes, are run here by the same
code the click commands run (`checkin`, `show_summary`): the same output, the same errors
through the same handling, the same exit codes.  Any other shape (another option,
`--help`, a `--` or an option where the quest goes, words that are not UTF-8, a Tab) goes
to click as before, and nothing here has been done by then.
"""

from __future__ import annotations

import errno
import os
import sys

from netquest.cli.plain import Context, echo
from netquest.i18n import _

COMPLETE_VAR = "_NETQUEST_COMPLETE"  # as netquest.cli.context names it
ENV_TEXT = ("NETQUEST_DB", "NETQUEST_NOW", "NETQUEST_CONFIG_DIR")  # as cli.context checks


def shape(argv: list[str]) -> tuple[str, str | None, str | None] | None:
    """(command, the `--db` it names, the quest) when `argv` is one of the shapes run here."""
    words, db = list(argv), None
    if len(words) >= 2 and words[0] == "--db" and words[1] and not words[1].startswith("-"):
        db, words = words[1], words[2:]
    elif words and words[0].startswith("--db=") and len(words[0]) > len("--db="):
        db, words = words[0][len("--db="):], words[1:]
    if words == ["summary"]:
        return "summary", db, None
    if len(words) == 2 and words[0] == "checkin" and words[1] and not words[1].startswith("-"):
        return "checkin", db, words[1]
    return None


def _utf8(text: str) -> bool:
    return not any("\ud800" <= char <= "\udfff" for char in text)


def run(argv: list[str], environ) -> bool:
    """Run this command line when it is one of the shapes taken here, and return True once it
    has ended well (the caller exits 0); False, having done nothing, for any other."""
    found = shape(argv)
    if found is None or environ.get(COMPLETE_VAR):
        return False
    if not all(_utf8(text) for text in (*argv, *(environ.get(n) or "" for n in ENV_TEXT))):
        return False  # the command line names what is not UTF-8
    command, db, quest = found
    import gc

    gc.disable()  # as the command line's main does
    Context.current = None
    obj = Context()
    obj.db = db
    try:
        if command == "checkin":
            checkin(obj, quest, 1, "", (), None)
        else:
            from netquest.cli.style import Style

            st = Style.detect()
            show_summary(obj.app, st)
    except (EOFError, KeyboardInterrupt):
        sys.stderr.write("\n")  # as click ends the line, then the command line says it
        sys.stderr.flush()
        echo(_("Aborted."), err=True)
        raise SystemExit(130) from None
    except OSError as exc:
        if exc.errno == errno.EPIPE:  # as click's main: quiet the streams, exit 1
            from click.utils import PacifyFlushWrapper

            sys.stdout = PacifyFlushWrapper(sys.stdout)
            sys.stderr = PacifyFlushWrapper(sys.stderr)
            raise SystemExit(1) from None
        _handle(exc)
    except Exception as exc:
        _handle(exc)
    from netquest.cli.autosync import after_command

    after_command(obj)
    return True


def _handle(exc: Exception) -> None:
    from netquest.cli.context import handle

    handle(exc)


def checkin(obj: Context, quest: str, count: int, note: str, people: tuple[str, ...],
            day: str | None) -> None:
    """`netquest checkin`: check in, say what it earned and who is new."""
    from netquest.cli.render import earned_text
    from netquest.cli.style import Style
    from netquest.text import inert

    result = obj.app.quests.checkin(quest, count=count, note=note, people=people, day=day)
    echo(earned_text(result, Style.detect()))
    if result.created_people:
        ids = {p.name: p.id for p in obj.app.people.list()}
        for name in result.created_people:
            pid = ids.get(name, name)
            echo(
                _("New person: {name} (netquest people edit {id} "
                  "--where ... --tag ... --interval DAYS)").format(name=inert(name), id=inert(pid))
            )


def show_summary(app, st) -> None:
    """`netquest summary` in text without a period: the state of play, from the summary
    cache when it holds this file's, then the cheers a party sync brought."""
    from netquest.cli import render
    from netquest.outputcache import terminal
    from netquest.services.shown import state_text

    echo(state_text(app, "summary", terminal(os.environ),
                    lambda state: render.summary_text(state, st, None)))
    party_cheers(app)


def party_cheers(app) -> None:
    """Cheers the last party sync brought, shown once (only the party's state file is
    written to remember it; without a party nothing beyond one stat is done)."""
    path = getattr(app.store, "path", None)
    # The party folder is `<data file>.party` (services/party_state.py); without one, nothing
    # of the party is imported.
    if path is None or not os.path.isdir(os.path.realpath(path) + ".party"):
        return
    from netquest.services.party_state import take_new_cheers
    from netquest.text import inert

    cheers = take_new_cheers(path)
    if cheers:
        echo(_("Cheers from your party:"))
        for cheer in cheers:
            echo(f"  {inert(cheer.sender)} ({inert(cheer.day)}): {inert(cheer.text)}")
