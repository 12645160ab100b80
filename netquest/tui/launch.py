"""`netquest` with no command, straight to the full-screen app: what `netquest.cli.run_tui`
does, without loading click and the command line first.

Only the plain case is taken: no words but `--db PATH`, a terminal on both ends, UTF-8
arguments, a data file that exists and reads well.  Anything else (a first run, a lost or
damaged file, a pipe, `--help`) goes to the command line, which says so in its own words;
nothing here has written anything by then.  What the app raises, `netquest.statuscache.main`
hands to the command line's error handling, as the command line would.
"""

from __future__ import annotations

import sys

DB_ENV_TEXT = ("NETQUEST_DB", "NETQUEST_NOW", "NETQUEST_CONFIG_DIR")  # as cli.context checks
COMPLETE_VAR = "_NETQUEST_COMPLETE"


def db_of(argv: list[str]) -> tuple[bool, str | None]:
    """(whether `argv` is the app's plain command line, the `--db` it names)."""
    if not argv:
        return True, None
    if len(argv) == 2 and argv[0] == "--db" and not argv[1].startswith("-"):
        return True, argv[1]
    if len(argv) == 1 and argv[0].startswith("--db=") and len(argv[0]) > len("--db="):
        return True, argv[0][len("--db="):]
    return False, None


def collect_from_here() -> None:
    """Turn the collector back on for the app, past what start-up built.

    The modules and the start-up read live as long as the app: frozen, they are left out of
    every later collection, which would otherwise walk them all (tens of milliseconds
    before Today's first frame) to find nothing."""
    import gc

    gc.freeze()
    gc.enable()


def _utf8(text: str) -> bool:
    return not any("\ud800" <= char <= "\udfff" for char in text)


def quick_start(argv: list[str], environ) -> bool:
    """Run the app for this plain command line and return True once it has ended; False,
    having done nothing, for anything the command line must see to."""
    plain, db = db_of(argv)
    if not plain or environ.get(COMPLETE_VAR):
        return False
    if not all(_utf8(text) for text in (*argv, *(environ.get(n) or "" for n in DB_ENV_TEXT))):
        return False
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        return False
    import gc

    gc.disable()  # as the command line runs the start-up read
    from netquest.clock import Clock
    from netquest.services import NetQuest

    try:
        app = NetQuest.for_file(db, Clock.from_env())
        if not app.store.exists():
            return False  # the command line tells of a lost file or starts a new one
        startup = app.startup()
    except Exception:
        return False  # the command line names what is wrong in one line
    from netquest.tui.app import NetQuestApp

    collect_from_here()
    NetQuestApp(app, startup=startup).run()
    return True

