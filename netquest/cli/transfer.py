"""The data file as a whole: `export`, `import`, `demo` and `doctor` (check, list and
restore backups)."""

from __future__ import annotations

import os
from pathlib import Path

import click

from netquest.cli.context import EXIT_DATA, EXIT_USAGE, Context, db_option, fail, pass_ctx
from netquest.services import ServiceError
from netquest.services.errors import CorruptFile, FileRefused, StoreError
from netquest.text import inert
from netquest.wording import plural


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
        fail(f"{output} is a folder; export {fmt} to a file (nothing was written)")
    if output and obj.app.data.is_data_file(output):
        fail(f"{output} is the data file {obj.app.data.path} itself; export to another file "
             "(nothing was written)")
    if output and os.path.exists(output):
        for backup in obj.app.data.backups():
            # A backup overwritten by an export is one a restore can no longer use.
            if os.path.exists(backup) and os.path.samefile(output, backup):
                fail(f"{output} is a backup of {obj.app.data.path} ({backup.name}); "
                     "export to another file (nothing was written)")
    text = obj.app.data.export(fmt)
    if output:
        try:
            obj.app.data.write_file(output, text.encode("utf-8"))
        except OSError as exc:
            fail(f"cannot write {output}: {exc.strerror or exc}", EXIT_DATA)
        click.echo(f"Exported to {inert(output)}", err=True)
    else:
        click.echo(text, nl=False)


def _export_loop_csv(obj: Context, output: str | None) -> None:
    """Write Loop's CSV layout into a new or empty folder."""
    if not output:
        fail("--format loop-csv writes a folder of CSV files: name it with -o DIR")
    folder = Path(output)
    if folder.exists() and not folder.is_dir():
        fail(f"{output} is not a folder; loop-csv writes a folder of CSV files "
             "(nothing was written)")
    if folder.is_dir() and any(folder.iterdir()):
        fail(f"{output} is not empty; name a new or empty folder (nothing was written)")
    files = obj.app.data.export_loop_csv()
    try:
        folder.mkdir(mode=0o700, exist_ok=True)
        for name, data in files.items():
            target = folder / name
            target.parent.mkdir(mode=0o700, exist_ok=True)
            obj.app.data.write_file(target, data)
    except OSError as exc:
        fail(f"cannot write {output}: {exc.strerror or exc}", EXIT_DATA)
    habits = sum(1 for name in files if name.endswith("/Checkmarks.csv"))
    click.echo(f"Exported {plural(habits, 'habit')} in Loop's CSV layout to {inert(output)}",
               err=True)


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
        fail("--only and --tip go with --from loop")
    if os.path.isdir(file):
        fail(f"cannot import {file}: it is a directory; an export is a file "
             "(a Loop CSV folder needs --from loop)")
    try:
        # A regular file of bounded size only: a FIFO or /dev/zero must not hang or exhaust memory.
        text = obj.app.data.read_file(file).decode("utf-8-sig")
    except FileRefused as exc:
        fail(f"cannot import {file}: it {exc.problem}", EXIT_USAGE)
    except UnicodeDecodeError as exc:
        fail(f"cannot read {file}: not UTF-8 text (bad byte at offset {exc.start})", EXIT_USAGE)
    except OSError as exc:
        fail(f"cannot read {file}: {exc.strerror or exc}", EXIT_USAGE)
    try:
        info = obj.app.data.import_export(text)
    except ServiceError as exc:
        raise ServiceError(f"{file}: {exc} (nothing was changed)") from None
    counts = [plural(info[k], noun, many) for k, noun, many in (
        ("quests", "quest", "quests"), ("checkins", "check-in", "check-ins"),
        ("people", "person", "people"), ("goals", "goal", "goals"))]
    click.echo(f"Imported {', '.join(counts[:-1])} and {counts[-1]} from {inert(file)}")
    backup = obj.app.data.last_backup
    if backup is not None:
        click.echo("The data it replaced was backed up first: "
                   f"netquest doctor --restore {inert(backup.name)}")


def _import_loop(obj: Context, file: str, only: tuple[str, ...], tip: int) -> None:
    if not os.path.exists(file):
        fail(f"cannot read {file}: no such file or folder")
    try:
        report = obj.app.data.import_loop(file, only, tip)
    except ServiceError as exc:
        raise ServiceError(f"{file}: {exc} (nothing was changed)") from None
    click.echo(report.line())
    backup = obj.app.data.last_backup
    if backup is not None:
        click.echo("The data before the import was backed up first: "
                   f"netquest doctor --restore {inert(backup.name)}",
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
    click.echo(f"Demo data in {inert(obj.app.data.path)}: {info['quests']} quests, "
               f"{info['checkins']} check-ins, "
               f"{info['vacation_days']} vacation days")


@click.command()
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
                       "(the file it replaced was backed up first as "
                       f"{inert(made.name)})")
        return
    click.echo(f"Data file: {inert(data.path)}")
    restorable = True
    try:
        for line in data.check():
            click.echo(f"  ok  {inert(line)}")
        healthy = True
    except StoreError as exc:
        click.echo(f"  BAD {inert(exc)}")
        healthy = False
        # Only a damaged file is worth replacing; a pipe, a read-only or too large file
        # needs the user's hand, and a restore over it would be refused or lose data.
        restorable = isinstance(exc, CorruptFile)
    lost = data.lost() if healthy else None
    if lost is not None:
        click.echo(f"  BAD {inert(data.path)}: does not exist, but it has backups: "
                   "it was deleted or moved")
    click.echo(f"Backups ({len(backups)}):" if backups
               else "Backups: none yet (one is made before the first write of each day)")
    for b in backups:
        click.echo(f"  {inert(b.name)}")
    if lost is not None:
        click.echo(f"Restore the newest with: netquest doctor --restore {inert(lost.name)}")
        raise SystemExit(EXIT_DATA)
    if not healthy:
        if backups and restorable:
            click.echo("Restore the newest with: "
                       f"netquest doctor --restore {inert(backups[0].name)}")
        raise SystemExit(EXIT_DATA)
