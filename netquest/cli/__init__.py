"""The `netquest` command: quick check-ins and summaries from any shell, and the TUI.

This module must start fast over SSH: it never imports Textual (only the bare `netquest`
command does, to start the full-screen app), and heavy modules are imported inside the
commands that need them.
"""

from __future__ import annotations

import os
import sys

import click

from netquest import __version__
from netquest.cli import complete
from netquest.text import inert, json_text

EXIT_DATA = 1
EXIT_USAGE = 2


class Context:
    """What every command needs: the data file path, the store and the services."""

    def __init__(self) -> None:
        self.db: str | None = None
        self._app = None
        self.warn_lost = True  # doctor says it in its own words

    @property
    def app(self):
        if self._app is None:
            from netquest.clock import Clock
            from netquest.services import NetQuest
            from netquest.store import Store

            self._app = NetQuest(Store(self.db), Clock.from_env())
            if self.warn_lost:
                lost = self._app.data.lost()
                if lost is not None:
                    # An empty game and "add quests" over a history that is only in a backup
                    # would invite a fresh start; say where the history is.
                    click.echo(f"netquest: {inert(self._app.data.path)} does not exist, but it has backups: if it was deleted "
                               f"or moved, `netquest doctor --restore {inert(lost.name)}` brings back the newest",
                               err=True)
        return self._app


def _set_db(ctx: click.Context, _param, value):
    if value is not None:
        ctx.ensure_object(Context).db = value
    return value


db_option = click.option("--db", "db", metavar="PATH", expose_value=False, callback=_set_db, is_eager=True,
                         shell_complete=complete.data_file,
                         help="Data file (default: NETQUEST_DB or the user data folder).")
pass_ctx = click.make_pass_decorator(Context, ensure=True)


def fail(message: str, code: int = EXIT_USAGE) -> None:
    """Print one line on stderr and exit with `code`."""
    from netquest.text import inert

    click.echo(f"netquest: {inert(message)}", err=True)
    raise SystemExit(code)


def split_names(values) -> tuple[str, ...]:
    """`--with` values as names: each may hold several, comma-separated, as the app's people
    field does; blanks are dropped (a lone comma names nobody, never a person called ",")."""
    return tuple(name.strip() for value in values for name in value.split(",") if name.strip())


def style():
    from netquest.cli.render import Style

    return Style.detect()


@click.group(invoke_without_command=True, context_settings={"help_option_names": ["-h", "--help"]})
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
        fail("the full-screen app needs a terminal: use `ssh -t host netquest`, "
             "or `netquest summary` for plain text", EXIT_USAGE)
    app = obj.app
    # One read before the screen is taken over: a bad data file is reported in one line,
    # and the app draws Today from it at once instead of reading the file again.
    startup = app.startup()
    import gc

    gc.enable()
    from netquest.tui.app import NetQuestApp

    NetQuestApp(app, startup=startup).run()


@cli.command()
@db_option
@click.option("--starter/--empty", default=False, help="Add the catalogue's starter quests (default: empty).")
@pass_ctx
def init(obj: Context, starter: bool) -> None:
    """Prepare a data file, optionally with starter quests."""
    added = obj.app.quests.init(starter)
    click.echo(f"Data file ready: {inert(obj.app.data.path)}")
    if added:
        click.echo(f"Added {len(added)} starter quests: " + ", ".join(inert(q.id) for q in added))
    elif not obj.app.quests.list():
        click.echo("No quests yet: `netquest quest add TITLE --tip N --cadence daily`, or `netquest init --starter`.")


@cli.command()
@db_option
@click.argument("quest", shell_complete=complete.active_quests)
@click.option("--count", "-c", default=1, show_default=True, help="How many toward the target.")
@click.option("--note", "-n", default="", help="A note for the log.")
@click.option("--with", "people", multiple=True, metavar="NAME", shell_complete=complete.people_list,
              help="A person you met (repeatable, or several comma-separated).")
@click.option("--date", "day", metavar="YYYY-MM-DD", help="Log a past day (default: today).")
@pass_ctx
def checkin(obj: Context, quest: str, count: int, note: str, people: tuple[str, ...], day: str | None) -> None:
    """Check in QUEST (an id, or the start of its id or title)."""
    from netquest.cli.render import earned_text

    result = obj.app.quests.checkin(quest, count=count, note=note, people=split_names(people), day=day)
    click.echo(earned_text(result, style()))
    if result.created_people:
        from netquest.text import inert

        ids = {p.name: p.id for p in obj.app.people.list()}
        for name in result.created_people:
            pid = ids.get(name, name)
            click.echo(f"New person: {inert(name)} (netquest people edit {inert(pid)} --where ... --tag ... --interval DAYS)")


@cli.command()
@db_option
@pass_ctx
def undo(obj: Context) -> None:
    """Take back the latest check-in, XP and all (`netquest log delete ID` for an older one)."""
    from netquest.cli.log import taken_back_lines

    for line in taken_back_lines(obj.app.log.undo(), "Undone"):
        click.echo(line)


@cli.command()
@db_option
@click.argument("quest", shell_complete=complete.active_quests)
@click.option("--date", "day", metavar="YYYY-MM-DD", help="The day to skip (default: today).")
@click.option("--reason", default="", help="Why (shown in the log).")
@pass_ctx
def skip(obj: Context, quest: str, day: str | None, reason: str) -> None:
    """Skip a day of QUEST: it neither breaks nor extends the streak."""
    from netquest.text import inert

    q, d, added = obj.app.quests.skip(quest, day=day, reason=reason)
    click.echo(f"Skipped {inert(q.title)} on {d.isoformat()}" + ("" if added else " (it already was)"))


@cli.command()
@db_option
@click.option("--from", "start", required=True, metavar="YYYY-MM-DD", help="First day away.")
@click.option("--to", "end", required=True, metavar="YYYY-MM-DD", help="Last day away.")
@click.option("--reason", default="vacation", help="A word on why.")
@pass_ctx
def vacation(obj: Context, start: str, end: str, reason: str) -> None:
    """Pause every quest for a range of days: no streak breaks while you are away."""
    added = obj.app.quests.vacation(start, end, reason)
    click.echo(f"Vacation from {inert(start)} to {inert(end)}: {added} day(s) added.")


@cli.command()
@db_option
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--date", "day", metavar="YYYY-MM-DD", help="Show a past day.")
@pass_ctx
def today(obj: Context, fmt: str, day: str | None) -> None:
    """What is due today and what is done."""
    from netquest.cli import render

    state = obj.app.quests.state(_day(obj, day))
    if fmt == "json":
        click.echo(json_text(render.today_json(state)))
    else:
        click.echo(render.today_text(state, style()))


def _day(obj: Context, day: str | None):
    from netquest.services import ServiceError
    from netquest.services.inputs import parse_day

    parsed = parse_day(day)
    if parsed is None:
        return None
    if parsed > obj.app.today():
        raise ServiceError(f"{day} is in the future")
    return parsed


@cli.command()
@db_option
@click.option("--format", "fmt", type=click.Choice(["text", "json", "markdown"]), default="text", show_default=True)
@click.option("--period", type=click.Choice(["week", "month"]), default=None, help="Add totals for this week or month.")
@click.option("--motd", is_flag=True, help="One line for a login banner.")
@pass_ctx
def summary(obj: Context, fmt: str, period: str | None, motd: bool) -> None:
    """The state of play: level, streaks, strength, what is at risk."""
    from netquest.cli import render

    st = style()
    app = obj.app
    if motd and fmt != "text":
        fail("--motd prints one line of text; leave out --format", EXIT_USAGE)
    if motd:
        try:
            state = app.quests.state()
        except Exception as exc:  # a banner must never break a login
            from netquest.store import StoreError

            if isinstance(exc, StoreError):
                click.echo("NetQuest: data file problem, run `netquest doctor`")
                raise SystemExit(EXIT_DATA)
            raise
        click.echo(render.motd_line(state, st))
        return
    state = app.quests.state(period=period)  # one read of the file, the week or month included
    info = state.period
    if fmt == "json":
        click.echo(json_text(render.summary_json(state, info)))
    elif fmt == "markdown":
        click.echo(render.summary_markdown(state, info), nl=False)
    else:
        click.echo(render.summary_text(state, st, info))


MOVES_HELP = ("The stage a check-in moves the people it names to: intro_asked, introduced, met, "
              "keeping_in_touch, or none (default for a new quest: tip 3 → intro_asked, tip 4 → met, else none).")


@cli.group()
def quest() -> None:
    """Add, edit, archive and list quests."""


@quest.command("add")
@db_option
@click.argument("title")
@click.option("--tip", required=True, type=int, shell_complete=complete.tips, help="1 conversation, 2 host, 3 introductions, 4 coffee, 5 know what you want.")
@click.option("--cadence", required=True, shell_complete=complete.cadences, help="daily, weekdays, mon,wed,fri, 3/week, every 3 days, 2/month.")
@click.option("--target", default=1, show_default=True, help="Count per due day or period.")
@click.option("--xp", default=10, show_default=True, help="Base XP per check-in.")
@click.option("--id", "qid", default=None, help="Short id (default: made from the title).")
@click.option("--start", default=None, metavar="YYYY-MM-DD", help="First day (default: today); allows logging earlier days.")
@click.option("--moves-to", "moves_to", default=None, metavar="STAGE|none", shell_complete=complete.moves_to,
              help=MOVES_HELP)
@pass_ctx
def quest_add(obj: Context, title: str, tip: int, cadence: str, target: int, xp: int, qid: str | None,
              start: str | None, moves_to: str | None) -> None:
    """Add a quest; prints its id."""
    q = obj.app.quests.add(title, tip, cadence, target, xp, qid, start=start,
                          moves_to=obj.app.quests.BY_TIP if moves_to is None else moves_to)
    click.echo(inert(q.id))


@quest.command("edit")
@db_option
@click.argument("ref", shell_complete=complete.any_quests)
@click.option("--title", default=None)
@click.option("--tip", type=int, default=None, shell_complete=complete.tips)
@click.option("--cadence", default=None, shell_complete=complete.cadences)
@click.option("--target", type=int, default=None)
@click.option("--xp", type=int, default=None)
@click.option("--moves-to", "moves_to", default=None, metavar="STAGE|none", shell_complete=complete.moves_to,
              help=MOVES_HELP)
@pass_ctx
def quest_edit(obj: Context, ref: str, title, tip, cadence, target, xp, moves_to) -> None:
    """Change a quest's title, tip, cadence, target, XP or the stage it moves people to."""
    from netquest.text import inert

    q = obj.app.quests.edit(ref, title=title, tip=tip, cadence=cadence, target=target, xp=xp,
                           moves_to=obj.app.quests.BY_TIP if moves_to is None else moves_to)
    moves = f" · moves people to {q.moves_to}" if q.moves_to else ""
    click.echo(inert(f"{q.id}: {q.title} · tip {q.tip} · {q.cadence} · target {q.target} · {q.xp} XP{moves}"))


@quest.command("archive")
@db_option
@click.argument("ref", shell_complete=complete.active_quests)
@pass_ctx
def quest_archive(obj: Context, ref: str) -> None:
    """Archive a quest: it leaves Today, its history stays."""
    q = obj.app.quests.set_archived(ref, True)
    click.echo(f"Archived {inert(q.id)}")


@quest.command("restore")
@db_option
@click.argument("ref", shell_complete=complete.archived_quests)
@pass_ctx
def quest_restore(obj: Context, ref: str) -> None:
    """Bring an archived quest back."""
    q = obj.app.quests.set_archived(ref, False)
    click.echo(f"Restored {inert(q.id)}")


@quest.command("list")
@db_option
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--all", "show_all", is_flag=True, help="Include archived quests.")
@pass_ctx
def quest_list(obj: Context, fmt: str, show_all: bool) -> None:
    """List quests."""
    from netquest.text import fit, inert, pad

    quests = obj.app.quests.list(include_archived=show_all)
    if fmt == "json":
        click.echo(json_text([{**q.to_doc(), "cadence": str(q.cadence)} for q in quests]))
        return
    if not quests:
        click.echo("No quests yet: `netquest init --starter` or `netquest quest add`.")
        return
    width = style().width
    for q in quests:
        line = (f"{pad(inert(q.id), 14)} {q.tip} {pad(inert(q.cadence), 13)} ×{q.target:<3} {q.xp:>3} XP  "
                f"{inert(q.title)}")
        if q.archived:
            line += " (archived)"
        click.echo(fit(line, max(width, 40)))


@cli.command()
@db_option
@click.argument("key", required=False, shell_complete=complete.setting_keys)
@click.argument("value", required=False, shell_complete=complete.setting_values)
@pass_ctx
def settings(obj: Context, key: str | None, value: str | None) -> None:
    """Show or change settings: day_start_hour, week_start, timezone, theme.

    `netquest settings timezone system` goes back to the system's time zone."""
    from netquest.services import SETTING_KEYS, ServiceError

    def shown(k: str, value) -> str:
        if k == "timezone" and not value:
            return f"{inert(obj.app.base_clock.timezone)} (from the system)"
        return inert(value)

    if key is None:
        current = obj.app.settings()
        for k in SETTING_KEYS:
            click.echo(f"{k} = {shown(k, current.get(k))}")
        return
    if key not in SETTING_KEYS:
        raise ServiceError(f"unknown setting {key!r} (known: {', '.join(SETTING_KEYS)})")
    if value is None:
        click.echo(shown(key, obj.app.settings().get(key)))
        return
    stored = obj.app.set_setting(key, value)
    click.echo(f"{key} = {shown(key, stored)}")


@cli.command()
@db_option
@click.option("--format", "fmt", type=click.Choice(["json", "csv", "loop-csv"]), default="json", show_default=True,
              help="loop-csv: Loop Habit Tracker's CSV layout, written into the folder -o names.")
@click.option("-o", "--output", type=click.Path(writable=True), default=None,
              help="Write to FILE (a new or empty FOLDER for loop-csv).")
@pass_ctx
def export(obj: Context, fmt: str, output: str | None) -> None:
    """Export everything (json), the check-ins (csv) or the quests in Loop's CSV layout (loop-csv)."""
    if fmt == "loop-csv":
        _export_loop_csv(obj, output)
        return
    if output and os.path.isdir(output):
        fail(f"{output} is a folder; export {fmt} to a file (nothing was written)")
    if output and obj.app.data.is_data_file(output):
        fail(f"{output} is the data file {obj.app.data.path} itself; export to another file (nothing was written)")
    if output and os.path.exists(output):
        for backup in obj.app.data.backups():
            # A backup overwritten by an export is one a restore can no longer use.
            if os.path.exists(backup) and os.path.samefile(output, backup):
                fail(f"{output} is a backup of {obj.app.data.path} ({backup.name}); export to another file "
                     "(nothing was written)")
    text = obj.app.data.export(fmt)
    if output:
        from netquest.store.files import write_copy

        try:
            write_copy(output, text.encode("utf-8"))
        except OSError as exc:
            fail(f"cannot write {output}: {exc.strerror or exc}", EXIT_DATA)
        click.echo(f"Exported to {inert(output)}", err=True)
    else:
        click.echo(text, nl=False)


def _export_loop_csv(obj: Context, output: str | None) -> None:
    """Write Loop's CSV layout into a new or empty folder."""
    from pathlib import Path

    if not output:
        fail("--format loop-csv writes a folder of CSV files: name it with -o DIR")
    folder = Path(output)
    if folder.exists() and not folder.is_dir():
        fail(f"{output} is not a folder; loop-csv writes a folder of CSV files (nothing was written)")
    if folder.is_dir() and any(folder.iterdir()):
        fail(f"{output} is not empty; name a new or empty folder (nothing was written)")
    files = obj.app.data.export_loop_csv()
    from netquest.store.files import write_copy

    try:
        folder.mkdir(mode=0o700, exist_ok=True)
        for name, data in files.items():
            target = folder / name
            target.parent.mkdir(mode=0o700, exist_ok=True)
            write_copy(target, data)
    except OSError as exc:
        fail(f"cannot write {output}: {exc.strerror or exc}", EXIT_DATA)
    habits = sum(1 for name in files if name.endswith("/Checkmarks.csv"))
    click.echo(f"Exported {habits} {'habit' if habits == 1 else 'habits'} in Loop's CSV layout to {inert(output)}",
               err=True)


@cli.command("import")
@db_option
@click.argument("file", type=click.Path())
@click.option("--from", "source", type=click.Choice(["netquest", "loop"]), default="netquest", show_default=True,
              help="loop: a Loop Habit Tracker backup (.db) or CSV export (.zip or its folder), merged in.")
@click.option("--only", "only", multiple=True, metavar="NAME", help="With --from loop: import this habit (repeatable).")
@click.option("--tip", "tip", type=int, default=None, help="With --from loop: the tip imported quests go under (default 5).")
@pass_ctx
def import_(obj: Context, file: str, source: str, only: tuple[str, ...], tip: int | None) -> None:
    """Replace the data with a JSON export (all or nothing), or merge in Loop's (--from loop).

    The current file is backed up first either way."""
    if source == "loop":
        _import_loop(obj, file, only, 5 if tip is None else tip)
        return
    if only or tip is not None:
        fail("--only and --tip go with --from loop")
    if os.path.isdir(file):
        fail(f"cannot import {file}: it is a directory; an export is a file (a Loop CSV folder needs --from loop)")
    from netquest.store.storage import FileRefused, read_regular

    try:
        # A regular file of bounded size only: a FIFO or /dev/zero must not hang or exhaust memory.
        text = read_regular(file).decode("utf-8-sig")
    except FileRefused as exc:
        fail(f"cannot import {file}: it {exc.problem}", EXIT_USAGE)
    except UnicodeDecodeError as exc:
        fail(f"cannot read {file}: not UTF-8 text (bad byte at offset {exc.start})", EXIT_USAGE)
    except OSError as exc:
        fail(f"cannot read {file}: {exc.strerror or exc}", EXIT_USAGE)
    from netquest.services import ServiceError

    try:
        info = obj.app.data.import_export(text)
    except ServiceError as exc:
        raise ServiceError(f"{file}: {exc} (nothing was changed)") from None
    counts = [f"{info[k]} {noun if info[k] == 1 else plural}" for k, noun, plural in (
        ("quests", "quest", "quests"), ("checkins", "check-in", "check-ins"), ("people", "person", "people"),
        ("goals", "goal", "goals"))]
    click.echo(f"Imported {', '.join(counts[:-1])} and {counts[-1]} from {inert(file)}")
    backup = obj.app.data.last_backup
    if backup is not None:
        click.echo(f"The data it replaced was backed up first: netquest doctor --restore {inert(backup.name)}")


def _import_loop(obj: Context, file: str, only: tuple[str, ...], tip: int) -> None:
    from netquest.services import ServiceError

    if not os.path.exists(file):
        fail(f"cannot read {file}: no such file or folder")
    try:
        report = obj.app.data.import_loop(file, only, tip)
    except ServiceError as exc:
        raise ServiceError(f"{file}: {exc} (nothing was changed)") from None
    click.echo(report.line())
    backup = obj.app.data.last_backup
    if backup is not None:
        click.echo(f"The data before the import was backed up first: netquest doctor --restore {inert(backup.name)}",
                   err=True)


@cli.command()
@db_option
@click.option("--days", default=120, show_default=True, help="Days of history.")
@click.option("--quests", "nquests", default=8, show_default=True, help="How many quests.")
@click.option("--seed", default=7, show_default=True, help="Random seed (same seed, same history).")
@pass_ctx
def demo(obj: Context, days: int, nquests: int, seed: int) -> None:
    """Fill an empty data file with a plausible history to try NetQuest out."""
    info = obj.app.data.demo(days=days, quests=nquests, seed=seed)
    click.echo(f"Demo data in {inert(obj.app.data.path)}: {info['quests']} quests, {info['checkins']} check-ins, "
               f"{info['vacation_days']} vacation days")


@cli.command()
@db_option
@click.option("--restore", "backup", default=None, is_flag=False, flag_value="", metavar="BACKUP",
              help="Restore this backup (a path or its name).")
@pass_ctx
def doctor(obj: Context, backup: str | None) -> None:
    """Check the data file, list backups, restore one."""
    obj.warn_lost = False
    data = obj.app.data
    backups = data.backups()
    if backup == "":  # `--restore` alone: which one is the user's call, not a guess
        if not backups:
            fail(f"there is no backup of {data.path} to restore", EXIT_USAGE)
        names = ", ".join(b.name for b in backups[:5])
        fail(f"say which backup to restore (newest first: {names}), such as "
             f"`netquest doctor --restore {backups[0].name}`", EXIT_USAGE)
    if backup:
        match = [b for b in backups if b.name == backup or str(b) == backup]
        if not match and "/" not in backup:
            # A bare name must be one of this data file's own backups: the folder is
            # shared by every data file in it, and restoring another's would be a mix-up.
            names = ", ".join(b.name for b in backups[:5]) or "none yet"
            fail(f"{backup!r} is not a backup of {data.path} (its backups: {names})", EXIT_USAGE)
        target = match[0] if match else backup
        made = data.restore(target)
        if made is None:  # there was no file to replace
            click.echo(f"Restored {inert(target)} as {inert(data.path)}")
        else:
            click.echo(f"Restored {inert(target)} over {inert(data.path)} "
                       f"(the file it replaced was backed up first as {inert(made.name)})")
        return
    click.echo(f"Data file: {inert(data.path)}")
    restorable = True
    try:
        for line in data.check():
            click.echo(f"  ok  {inert(line)}")
        healthy = True
    except Exception as exc:
        from netquest.store import CorruptFile, StoreError

        if not isinstance(exc, StoreError):
            raise
        click.echo(f"  BAD {inert(exc)}")
        healthy = False
        # Only a damaged file is worth replacing; a pipe, a read-only or too large file
        # needs the user's hand, and a restore over it would be refused or lose data.
        restorable = isinstance(exc, CorruptFile)
    lost = data.lost() if healthy else None
    if lost is not None:
        click.echo(f"  BAD {inert(data.path)}: does not exist, but it has backups: it was deleted or moved")
    click.echo(f"Backups ({len(backups)}):" if backups else "Backups: none yet (one is made before the first write of each day)")
    for b in backups:
        click.echo(f"  {inert(b.name)}")
    if lost is not None:
        click.echo(f"Restore the newest with: netquest doctor --restore {inert(lost.name)}")
        raise SystemExit(EXIT_DATA)
    if not healthy:
        if backups and restorable:
            click.echo(f"Restore the newest with: netquest doctor --restore {inert(backups[0].name)}")
        raise SystemExit(EXIT_DATA)


def main(argv: list[str] | None = None) -> None:
    """Entry point: run the command, turning known errors into one line and an exit code."""
    import gc

    # A command lives for a fraction of a second and builds many small objects that are
    # never cyclic garbage; collecting them would only cost time.  The TUI turns it back on.
    gc.disable()
    if os.environ.get(complete.COMPLETE_VAR):
        complete.answer(cli)
    problem = not_utf8(sys.argv[1:] if argv is None else argv, os.environ)
    if problem:
        fail(problem, EXIT_USAGE)
    try:
        cli.main(args=argv, prog_name="netquest", standalone_mode=False)
    except click.exceptions.Abort:
        click.echo("Aborted.", err=True)
        raise SystemExit(130)
    except click.UsageError as exc:
        where = exc.ctx.command_path if exc.ctx else "netquest"
        fail(f"{exc.format_message()} (see `{where} --help`)", exc.exit_code)
    except click.ClickException as exc:
        fail(exc.format_message(), exc.exit_code)
    except click.exceptions.Exit as exc:
        raise SystemExit(exc.exit_code)
    except Exception as exc:
        _handle(exc)
    raise SystemExit(0)


ENV_TEXT = ("NETQUEST_DB", "NETQUEST_NOW", "NETQUEST_CONFIG_DIR")


def not_utf8(argv: list[str], environ) -> str | None:
    """What in the arguments or NetQuest's environment variables is not UTF-8 text, or None.

    Python hands over bytes that are not UTF-8 as lone surrogates (surrogateescape);
    stored in the data file they could never be written back, so they are refused here,
    before any command runs."""
    def bad(text: str) -> bool:
        return any("\ud800" <= char <= "\udfff" for char in text)

    for i, arg in enumerate(argv):
        if not bad(arg):
            continue
        if arg.startswith("--") and "=" in arg:
            option, arg = arg.split("=", 1)
            what = f"the value of {option}"
        elif i and argv[i - 1].startswith("-") and not arg.startswith("-"):
            what = f"the value of {argv[i - 1]}"
        else:
            what = f"argument {i + 1}"
        return f"{what} is not UTF-8 text: '{inert(arg)}'"
    for name in ENV_TEXT:
        value = environ.get(name)
        if value and bad(value):
            return f"{name} is not UTF-8 text: '{inert(value)}'"
    return None


def _handle(exc: Exception) -> None:
    # Imported here, not in main: a Tab (shell completion) must not pay for pendulum.
    from netquest.clock import ClockError

    if isinstance(exc, ClockError):
        fail(str(exc), EXIT_USAGE)
    from netquest.services import ServiceError, Unknown
    from netquest.store import StoreError

    if isinstance(exc, StoreError):
        fail(str(exc), EXIT_DATA)
    if isinstance(exc, Unknown):
        from netquest.text import inert

        click.echo(f"netquest: {inert(str(exc))}", err=True)
        for candidate in exc.candidates[:20]:
            click.echo(f"  {inert(candidate)}", err=True)
        raise SystemExit(exc.exit_code)
    if isinstance(exc, ServiceError):
        fail(str(exc), exc.exit_code)
    if isinstance(exc, BrokenPipeError):
        raise SystemExit(0)
    if isinstance(exc, OSError):
        fail(f"{exc.strerror or exc}{': ' + str(exc.filename) if exc.filename else ''}", EXIT_DATA)
    raise exc


from netquest.cli.people import people  # noqa: E402  (registered last: it imports from this module)
from netquest.cli.goal import goal  # noqa: E402  (the same)
from netquest.cli.log import log, redo  # noqa: E402  (the same)

cli.add_command(people)
cli.add_command(goal)
cli.add_command(log)
cli.add_command(redo)
cli.add_command(complete.completion)
