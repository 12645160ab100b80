"""What every command shares: the context object, the exit codes, the one-line errors and
the options every command takes.

Commands import from here, never from `netquest.cli` itself, so the root can load them
lazily and nothing imports back up.  It imports only click and the stdlib-only text gate:
the services are built the first time a command asks for `obj.app`.
"""

from __future__ import annotations

import sys

import click

from netquest.cli.plain import Context
from netquest.cli.style import Style
from netquest.text import cell_width, inert, name_list

EXIT_DATA = 1
EXIT_USAGE = 2
COMPLETE_VAR = "_NETQUEST_COMPLETE"  # set by the shells' scripts (netquest.cli.shells)
ENV_TEXT = ("NETQUEST_DB", "NETQUEST_NOW", "NETQUEST_CONFIG_DIR")


def _set_db(ctx: click.Context, _param, value):
    if value is not None:
        ctx.ensure_object(Context).db = value
    return value


def completion(name: str):
    """The Tab of `netquest.cli.complete` called `name`, loading that module only when a Tab
    asks for it: a check-in does not pay for the completion's imports."""

    def complete_(ctx: click.Context, param: click.Parameter, incomplete: str):
        from netquest.cli import complete

        return getattr(complete, name)(ctx, param, incomplete)

    return complete_


db_option = click.option(
    "--db",
    "db",
    metavar="PATH",
    expose_value=False,
    callback=_set_db,
    is_eager=True,
    shell_complete=completion("data_file"),
    help="Data file (default: NETQUEST_DB or the user data folder).",
)
pass_ctx = click.make_pass_decorator(Context, ensure=True)


def format_option(*choices: str, default: str | None = "text"):
    """`--format` with these choices (text and json when none are named)."""
    return click.option(
        "--format",
        "fmt",
        type=click.Choice(list(choices or ("text", "json"))),
        default=default,
        show_default=bool(default),
    )


def fail(message: str, code: int = EXIT_USAGE) -> None:
    """Print one line on stderr and exit with `code`."""
    click.echo(f"netquest: {inert(in_users_language(message))}", err=True)
    raise SystemExit(code)


def in_users_language(message: str) -> str:
    """`message`, said in the data file's language when it was refused before the file was
    read (a bad mix of options): the settings are read now, and a message that is still its
    English text is looked up again.  Only on the way out, so no command pays for it."""
    from netquest import i18n

    if i18n.told() or not learn_language():
        return message
    return i18n.retranslate(message)


def learn_language() -> bool:
    """Read the data file's `language` setting when no command has read the file yet (help,
    a usage error, a refusal before the file was opened).  Whether it was read; a file that
    cannot be read leaves the environment's language, and is not this moment's business."""
    from netquest import i18n

    if i18n.told():
        return True
    ctx = click.get_current_context(silent=True)
    obj = ctx.find_object(Context) if ctx is not None else None
    obj = obj or Context.current or Context()
    try:
        obj.warn_lost = False
        with obj.app.reading():
            pass
    except Exception:
        return False
    return True


def split_names(values) -> tuple[str, ...]:
    """`--with` values as names: each may hold several, comma-separated, as the app's people
    field does; blanks are dropped (a lone comma names nobody, never a person called ",")."""
    return tuple(name for value in values for name in name_list(value))


def style():
    """How rich this run's output may be (colour, symbols, width)."""
    return Style.detect()


def not_utf8(argv: list[str], environ) -> str | None:
    """What in the arguments or NetQuest's environment variables is not UTF-8 text, or None.

    Python hands over bytes that are not UTF-8 as lone surrogates (surrogateescape);
    stored in the data file they could never be written back, so they are refused here,
    before any command runs."""

    def bad(text: str) -> bool:
        return any("\ud800" <= char <= "\udfff" for char in text)

    from netquest.i18n import _

    for i, arg in enumerate(argv):
        if not bad(arg):
            continue
        if arg.startswith("--") and "=" in arg:
            option, arg = arg.split("=", 1)
        elif i and argv[i - 1].startswith("-") and not arg.startswith("-"):
            option = argv[i - 1]
        else:
            return _("argument {n} is not UTF-8 text: '{value}'").format(n=i + 1, value=inert(arg))
        return _("the value of {option} is not UTF-8 text: '{value}'").format(
            option=option, value=inert(arg))
    for name in ENV_TEXT:
        value = environ.get(name)
        if value and bad(value):
            return _("{name} is not UTF-8 text: '{value}'").format(name=name, value=inert(value))
    return None


def _store_error_said_again(exc) -> str:
    """A store's refusal made before the file's language was known (a lock waited for before
    the settings are read): its problem looked up again, then the whole line made anew."""
    from netquest import i18n

    if not i18n.told() and learn_language():
        exc.problem = i18n.retranslate(exc.problem)
    return str(exc)


def _with_candidates(message: str, lines: list[str]) -> str:
    """`message` and, on the same line, the ids of what the user may have meant (each
    candidate line starts with its id) as far as the terminal's width allows, and always
    the first: ' (try: comment, coffee)', or ' (try: comment, mon, … 11 more)'."""
    from netquest.i18n import _

    ids = [inert(line.split("  ", 1)[0]) for line in lines]
    room = Style.detect(sys.stderr).width - cell_width(f"netquest: {message}")
    said = ""
    for shown in range(len(ids), 0, -1):  # the first id at least, even past the width
        listed = ", ".join(ids[:shown])
        if shown < len(ids):
            listed += _(", … {n} more").format(n=len(ids) - shown)
        said = _(" (try: {ids})").format(ids=listed)
        if cell_width(said) <= room:
            break
    return message + said


def handle(exc: Exception) -> None:
    """Turn a known error into one line on stderr and its exit code; re-raise any other."""
    # Imported here, not at the top: a Tab (shell completion) must not pay for pendulum.
    from netquest.clock import ClockError

    if isinstance(exc, ClockError):
        fail(str(exc), EXIT_USAGE)
    from netquest.services import ServiceError, Unknown
    from netquest.services.errors import StoreError

    if isinstance(exc, StoreError):
        fail(_store_error_said_again(exc), EXIT_DATA)
    if isinstance(exc, Unknown):
        fail(_with_candidates(str(exc), exc.candidates), exc.exit_code)
    if isinstance(exc, ServiceError):
        fail(str(exc), exc.exit_code)
    if isinstance(exc, BrokenPipeError):
        raise SystemExit(0)
    if isinstance(exc, OSError):
        from netquest.i18n import os_reason

        fail(f"{os_reason(exc)}{': ' + str(exc.filename) if exc.filename else ''}", EXIT_DATA)
    raise exc
