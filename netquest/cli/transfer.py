"""The data file as a whole: `export`, `import`, `demo` and `doctor` (check, list and
restore backups)."""

from __future__ import annotations

import os
from pathlib import Path

import click

from netquest.cli.context import (
    EXIT_DATA,
    EXIT_USAGE,
    Context,
    db_option,
    fail,
    learn_language,
    pass_ctx,
)
from netquest.i18n import _, ngettext, os_reason
from netquest.services import ServiceError
from netquest.services.errors import CorruptFile, FileRefused, StoreError
from netquest.text import inert


@click.command()
@db_option
@click.option("--format", "fmt", type=click.Choice(["json", "csv", "loop-csv"]), default="json",
              show_default=True,
              help="loop-csv: Loop Habit Tracker's CSV layout, written into the folder -o names.")
@click.option("-o", "--output", type=click.Path(writable=True), default=None,
              help="Write to FILE (a new or empty FOLDER for loop-csv).")
@pass_ctx
def export(obj: Context, fmt: str, output: str | None) -> None:
    """Export everything (json), the check-ins (csv) or the quests in Loop's CSV layout
    (loop-csv)."""
    if fmt == "loop-csv":
        _export_loop_csv(obj, output)
        return
    if output and os.path.isdir(output):
        fail(_("{output} is a folder; export {format} to a file (nothing was written)").format(
            output=output, format=fmt))
    if output and obj.app.data.is_data_file(output):
        fail(_("{output} is the data file {path} itself; export to another file (nothing was "
               "written)").format(output=output, path=obj.app.data.path))
    if output and os.path.exists(output):
        for backup in obj.app.data.backups():
            # A backup overwritten by an export is one a restore can no longer use.
            if os.path.exists(backup) and os.path.samefile(output, backup):
                fail(_("{output} is a backup of {path} ({name}); export to another file "
                       "(nothing was written)").format(output=output, path=obj.app.data.path,
                                                       name=backup.name))
    text = obj.app.data.export(fmt)
    if output:
        try:
            obj.app.data.write_file(output, text.encode("utf-8"))
        except OSError as exc:
            fail(_("cannot write {path}: {problem}").format(
                path=output, problem=os_reason(exc)), EXIT_DATA)
        click.echo(_("Exported to {path}").format(path=inert(output)), err=True)
    else:
        click.echo(text, nl=False)


def _export_loop_csv(obj: Context, output: str | None) -> None:
    """Write Loop's CSV layout into a new or empty folder."""
    if not output:
        fail(_("--format loop-csv writes a folder of CSV files: name it with -o DIR"))
    folder = Path(output)
    if folder.exists() and not folder.is_dir():
        fail(_("{output} is not a folder; loop-csv writes a folder of CSV files (nothing was "
               "written)").format(output=output))
    if folder.is_dir() and any(folder.iterdir()):
        fail(_("{output} is not empty; name a new or empty folder (nothing was written)").format(
            output=output))
    files = obj.app.data.export_loop_csv()
    try:
        folder.mkdir(mode=0o700, exist_ok=True)
        for name, data in files.items():
            target = folder / name
            target.parent.mkdir(mode=0o700, exist_ok=True)
            obj.app.data.write_file(target, data)
    except OSError as exc:
        fail(_("cannot write {path}: {problem}").format(
            path=output, problem=os_reason(exc)), EXIT_DATA)
    habits = sum(1 for name in files if name.endswith("/Checkmarks.csv"))
    click.echo(ngettext("Exported {n} habit in Loop's CSV layout to {path}",
                        "Exported {n} habits in Loop's CSV layout to {path}", habits).format(
        n=habits, path=inert(output)), err=True)


@click.command("import")
@db_option
@click.argument("file", type=click.Path())
@click.option("--from", "source", type=click.Choice(["netquest", "loop"]), default="netquest",
              show_default=True, help="loop: a Loop Habit Tracker backup (.db) or CSV export "
                                      "(.zip or its folder), merged in.")
@click.option("--only", "only", multiple=True, metavar="NAME",
              help="With --from loop: import this habit (repeatable).")
@click.option("--tip", "tip", type=int, default=None,
              help="With --from loop: the tip imported quests go under (default 5).")
@pass_ctx
def import_(obj: Context, file: str, source: str, only: tuple[str, ...], tip: int | None) -> None:
    """Replace the data with a JSON export (all or nothing), or merge in Loop's (--from loop).

    The current file is backed up first either way."""
    if source == "loop":
        _import_loop(obj, file, only, 5 if tip is None else tip)
        return
    if only or tip is not None:
        fail(_("--only and --tip go with --from loop"))
    if os.path.isdir(file):
        fail(_("cannot import {file}: it is a directory; an export is a file (a Loop CSV folder "
               "needs --from loop)").format(file=file))
    try:
        # A regular file of bounded size only: a FIFO or /dev/zero must not hang or exhaust memory.
        text = obj.app.data.read_file(file).decode("utf-8-sig")
    except FileRefused as exc:
        fail(_("cannot import {file}: it {problem}").format(file=file, problem=exc.problem),
             EXIT_USAGE)
    except UnicodeDecodeError as exc:
        fail(_("cannot read {file}: not UTF-8 text (bad byte at offset {offset})").format(
            file=file, offset=exc.start), EXIT_USAGE)
    except OSError as exc:
        fail(_("cannot read {file}: {problem}").format(file=file, problem=os_reason(exc)),
             EXIT_USAGE)
    try:
        info = obj.app.data.import_export(text)
    except ServiceError as exc:
        raise ServiceError(_("{file}: {problem} (nothing was changed)").format(
            file=file, problem=exc)) from None
    n = info["quests"], info["checkins"], info["people"], info["goals"]
    click.echo(_("Imported {quests}, {checkins}, {people} and {goals} from {file}").format(
        quests=ngettext("{n} quest", "{n} quests", n[0]).format(n=n[0]),
        checkins=ngettext("{n} check-in", "{n} check-ins", n[1]).format(n=n[1]),
        people=ngettext("{n} person", "{n} people", n[2]).format(n=n[2]),
        goals=ngettext("{n} goal", "{n} goals", n[3]).format(n=n[3]), file=inert(file)))
    backup = obj.app.data.last_backup
    if backup is not None:
        click.echo(_("The data it replaced was backed up first: "
                     "netquest doctor --restore {name}").format(name=inert(backup.name)))


def _import_loop(obj: Context, file: str, only: tuple[str, ...], tip: int) -> None:
    if not os.path.exists(file):
        fail(_("cannot read {file}: no such file or folder").format(file=file))
    try:
        report = obj.app.data.import_loop(file, only, tip)
    except ServiceError as exc:
        raise ServiceError(_("{file}: {problem} (nothing was changed)").format(
            file=file, problem=exc)) from None
    click.echo(report.line())
    backup = obj.app.data.last_backup
    if backup is not None:
        click.echo(_("The data before the import was backed up first: "
                     "netquest doctor --restore {name}").format(name=inert(backup.name)),
                   err=True)


@click.command()
@db_option
@click.option("--days", default=120, show_default=True, help="Days of history.")
@click.option("--quests", "nquests", default=8, show_default=True, help="How many quests.")
@click.option("--seed", default=7, show_default=True, help="Random seed (same seed, same history).")
@pass_ctx
def demo(obj: Context, days: int, nquests: int, seed: int) -> None:
    """Fill an empty data file with a plausible history to try NetQuest out."""
    info = obj.app.data.demo(days=days, quests=nquests, seed=seed)
    click.echo(_("Demo data in {path}: {quests} quests, {checkins} check-ins, {vacation} "
                 "vacation days").format(path=inert(obj.app.data.path), quests=info["quests"],
                                         checkins=info["checkins"],
                                         vacation=info["vacation_days"]))


@click.command()
@db_option
@click.option("--restore", "backup", default=None, is_flag=False, flag_value="", metavar="BACKUP",
              help="Restore this backup (a path or its name).")
@pass_ctx
def doctor(obj: Context, backup: str | None) -> None:
    """Check the data file, list backups, restore one."""
    obj.warn_lost = False
    learn_language()  # the file's own language, when it can be read, from the first line on
    data = obj.app.data
    backups = data.backups()
    if backup == "":  # `--restore` alone: which one is the user's call, not a guess
        if not backups:
            fail(_("there is no backup of {path} to restore").format(path=data.path), EXIT_USAGE)
        names = ", ".join(b.name for b in backups[:5])
        fail(_("say which backup to restore (newest first: {names}), such as "
               "`netquest doctor --restore {name}`").format(names=names, name=backups[0].name),
             EXIT_USAGE)
    if backup:
        match = [b for b in backups if b.name == backup or str(b) == backup]
        if not match and "/" not in backup:
            # A bare name must be one of this data file's own backups: the folder is
            # shared by every data file in it, and restoring another's would be a mix-up.
            names = ", ".join(b.name for b in backups[:5]) or _("none yet")
            fail(_("{backup} is not a backup of {path} (its backups: {names})").format(
                backup=repr(backup), path=data.path, names=names), EXIT_USAGE)
        target = match[0] if match else backup
        made = data.restore(target)
        if made is None:  # there was no file to replace
            click.echo(_("Restored {backup} as {path}").format(
                backup=inert(target), path=inert(data.path)))
        else:
            click.echo(_("Restored {backup} over {path} (the file it replaced was backed up "
                         "first as {name})").format(backup=inert(target), path=inert(data.path),
                                                    name=inert(made.name)))
        return
    click.echo(_("Data file: {path}").format(path=inert(data.path)))
    restorable = True
    try:
        for line in data.doctor():
            click.echo(_("  ok  {check}").format(check=inert(line)))
        healthy = True
    except StoreError as exc:
        click.echo(_("  BAD {problem}").format(problem=inert(exc)))
        healthy = False
        # Only a damaged file is worth replacing; a pipe, a read-only or too large file
        # needs the user's hand, and a restore over it would be refused or lose data.
        restorable = isinstance(exc, CorruptFile)
    lost = data.lost() if healthy else None
    if lost is not None:
        click.echo(_("  BAD {problem}").format(problem=_(
            "{path}: does not exist, but it has backups: it was deleted or moved").format(
                path=inert(data.path))))
    click.echo(_("Backups ({n}):").format(n=len(backups)) if backups
               else _("Backups: none yet (one is made before the first write of each day)"))
    for b in backups:
        click.echo(f"  {inert(b.name)}")
    if lost is not None:
        click.echo(_("Restore the newest with: netquest doctor --restore {name}").format(
            name=inert(lost.name)))
        raise SystemExit(EXIT_DATA)
    if not healthy:
        if backups and restorable:
            click.echo(_("Restore the newest with: netquest doctor --restore {name}").format(
                name=inert(backups[0].name)))
        raise SystemExit(EXIT_DATA)
