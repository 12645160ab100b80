"""The root of the `netquest` command line: the group of every command and `main`.

This module must start fast over SSH: it holds only the root group and `main`.  Every
command lives in the module of its group and is imported when it runs, when `--help`
lists it or when a Tab completes inside it (`LazyGroup`); Textual is imported only by the
bare `netquest`, to start the full-screen app.
"""

from __future__ import annotations

import os
import sys

import click

from netquest import __version__
from netquest.cli.clicktext import hook_click, punctuated
from netquest.cli.context import (
    COMPLETE_VAR,
    EXIT_USAGE,
    Context,
    db_option,
    fail,
    handle,
    not_utf8,
)
from netquest.cli.lazy import LazyGroup

# Command name → "module:attribute"; `--help` lists them in name order.
COMMANDS = {
    "calendar": "netquest.cli.remind:calendar",
    "checkin": "netquest.cli.quests:checkin",
    "completion": "netquest.cli.shells:completion",
    "demo": "netquest.cli.transfer:demo",
    "doctor": "netquest.cli.transfer:doctor",
    "export": "netquest.cli.transfer:export",
    "goal": "netquest.cli.goal:goal",
    "import": "netquest.cli.transfer:import_",
    "init": "netquest.cli.quests:init",
    "log": "netquest.cli.log:log",
    "merge-driver": "netquest.cli.sync:merge_driver",
    "party": "netquest.cli.party:party",
    "people": "netquest.cli.people:people",
    "quest": "netquest.cli.quests:quest",
    "redo": "netquest.cli.log:redo",
    "remind": "netquest.cli.remind:remind",
    "serve": "netquest.cli.serve:serve",
    "settings": "netquest.cli.settings:settings",
    "skip": "netquest.cli.quests:skip",
    "status": "netquest.cli.remind:status",
    "summary": "netquest.cli.summary:summary",
    "sync": "netquest.cli.sync:sync",
    "today": "netquest.cli.summary:today",
    "undo": "netquest.cli.log:undo",
    "vacation": "netquest.cli.quests:vacation",
}


@click.group(cls=LazyGroup, lazy_commands=COMMANDS, invoke_without_command=True,
             context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="netquest")
@db_option
@click.pass_context
def cli(ctx: click.Context) -> None:
    """NetQuest: networking as a daily game. Run without a command for the full-screen app."""
    ctx.ensure_object(Context)
    if ctx.invoked_subcommand is None:
        run_tui(ctx.obj)


def run_tui(obj: Context) -> None:
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        from netquest.i18n import _

        fail(_("the full-screen app needs a terminal: use `ssh -t host netquest`, "
               "or `netquest summary` for plain text"), EXIT_USAGE)
    app = obj.app
    # One read before the screen is taken over: a bad data file is reported in one line,
    # and the app draws Today from it at once instead of reading the file again.
    startup = app.startup()
    from netquest.tui.app import NetQuestApp
    from netquest.tui.launch import collect_from_here

    collect_from_here()

    NetQuestApp(app, startup=startup).run()


def main(argv: list[str] | None = None) -> None:
    """Entry point: run the command, turning known errors into one line and an exit code."""
    import gc

    # A command lives for a fraction of a second and builds many small objects that are
    # never cyclic garbage; collecting them would only cost time.  The TUI turns it back on.
    gc.disable()
    if os.environ.get(COMPLETE_VAR):
        from netquest.cli import shells  # only a Tab needs the shells' side

        shells.answer(cli)
    Context.current = None
    hook_click()
    problem = not_utf8(sys.argv[1:] if argv is None else argv, os.environ)
    if problem:
        fail(problem, EXIT_USAGE)
    try:
        _parse_and_run(argv)
    except click.exceptions.Abort:
        from netquest.i18n import _

        click.echo(_("Aborted."), err=True)
        raise SystemExit(130)
    except click.UsageError as exc:
        from netquest.i18n import _

        where = exc.ctx.command_path if exc.ctx else "netquest"
        fail(_("{message} (see `{command} --help`)").format(
            message=punctuated(exc.format_message()), command=where), exc.exit_code)
    except click.ClickException as exc:
        fail(exc.format_message(), exc.exit_code)
    except click.exceptions.Exit as exc:
        raise SystemExit(exc.exit_code)
    except Exception as exc:
        handle(exc)
    done = Context.current
    if done is not None and done._app is not None:
        from netquest.cli.autosync import after_command  # only a command that read the file

        after_command(done)
    raise SystemExit(0)


def _parse_and_run(argv: list[str] | None) -> None:
    """Click words a usage error where it meets it, before any command has read the data
    file's `language` setting: on such an error the setting is read, and when it names
    another language than the environment's the arguments are parsed again, so click says it
    in that one.  Nothing has run yet then (no command reads the file before its arguments
    are parsed), so parsing twice changes nothing but the words."""
    from netquest import i18n
    from netquest.cli.context import learn_language

    try:
        cli.main(args=argv, prog_name="netquest", standalone_mode=False)
    except click.UsageError:
        if i18n.told():
            raise
        before = i18n.language()
        if not learn_language() or i18n.language() == before:
            raise
        Context.current = None
        cli.main(args=argv, prog_name="netquest", standalone_mode=False)
