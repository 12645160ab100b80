"""`netquest log`, `log delete`, `log edit`, `undo` and `redo`: past check-ins from any shell.

`netquest log [QUEST]` lists check-ins newest first, each with the id the other commands
take.  Stored text (quest titles, notes, names) is shown through `inert`; JSON output has
control and bidi characters as \\u escapes.
"""

from __future__ import annotations

import click

import netquest.cli.complete as complete
from netquest.cli.context import Context, db_option, fail, pass_ctx, split_names
from netquest.i18n import _
from netquest.services.log import parse_id
from netquest.text import inert, json_text, one_line
from netquest.wording import achievement_title, titled


def entry_line(e) -> str:
    title = inert(titled(e.quest_id, e.quest_title))
    parts = [f"{e.id:>5}", e.day.isoformat(), f"{title} ×{e.count}", f"+{e.xp} XP"]
    if e.people:
        parts.append(_("with {names}").format(names=_(", ").join(inert(p) for p in e.people)))
    line = "  ".join(parts)
    if e.note:
        line += f" · {one_line(e.note)}"
    return line


def taken_back_lines(r, verb: str) -> list[str]:
    """What undo or delete says: the check-in, the XP, the people and badges it took along."""
    lines = [_("{verb}: {title} ×{count} on {day} (−{xp} XP)").format(
        verb=verb, title=inert(titled(r.quest_id, r.quest_title)), count=r.count,
        day=r.day.isoformat(), xp=r.xp)]
    if r.removed:
        lines.append(_("Removed with it (added by this check-in): {names}").format(
            names=_(", ").join(inert(n) for n in r.removed)))
    if r.kept:
        lines.append(_("Kept (added by this check-in, changed or named since): {names}").format(
            names=_(", ").join(inert(n) for n in r.kept)))
    if r.level_after.level < r.level_before.level:
        lines.append(_("Back to level {level}.").format(level=r.level_after.level))
    for a in r.relocked:
        lines.append(_("Achievement locked again: {title}").format(title=achievement_title(a)))
    return lines


class LogGroup(click.Group):
    """`log [QUEST] [--days N]` lists; `log delete ID` and `log edit ID` change one entry."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        # A Tab right after `log` stays on the group, which offers its commands and the quests.
        completing_first_word = ctx.resilient_parsing and not args
        named = args and (args[0] in self.commands or args[0] in ("-h", "--help"))
        if not completing_first_word and not named:
            args = ["list", *args]
        return super().parse_args(ctx, args)

    def shell_complete(self, ctx: click.Context, incomplete: str):
        found = super().shell_complete(ctx, incomplete)
        if not incomplete.startswith("-"):
            found += complete.any_quests(ctx, None, incomplete)
        return found


@click.group("log", cls=LogGroup)
def log() -> None:
    """Past check-ins, newest first, with the id `log delete` and `log edit` take.

    `netquest log [QUEST] [--days N]` lists them (`log list QUEST` for a quest named like a
    command); `netquest log delete ID` removes one; `netquest log edit ID` corrects one."""


@log.command("list")
@db_option
@click.argument("quest", required=False, shell_complete=complete.any_quests)
@click.option(
    "--days", type=int, default=None, metavar="N", help="Only the last N days (today included)."
)
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
)
@pass_ctx
def log_list(obj: Context, quest: str | None, days: int | None, fmt: str) -> None:
    """List check-ins (what `netquest log` does)."""
    entries = obj.app.log.list(quest, days)
    if fmt == "json":
        click.echo(json_text([e.to_json() for e in entries]))
        return
    if not entries:
        click.echo(_("No check-ins yet.") if not (quest or days) else _("No check-ins match."))
        return
    for e in entries:
        click.echo(entry_line(e))


@log.command("delete")
@db_option
@click.argument("id")
@pass_ctx
def log_delete(obj: Context, id: str) -> None:
    """Remove check-in ID with its XP and what it did to people; later check-ins stay."""
    r = obj.app.log.delete(id)
    for line in taken_back_lines(r, _("Deleted check-in {seq}").format(seq=r.seq)):
        click.echo(line)
    click.echo(_("`netquest redo` brings it back while nothing else is written."))


@log.command("edit")
@db_option
@click.argument("id")
@click.option("--note", default=None, help="The new note (\"\" clears it).")
@click.option(
    "--with",
    "people",
    multiple=True,
    metavar="NAME",
    shell_complete=complete.people_list,
    help="The people of the check-in, replacing those it names (repeatable, or comma-separated).",
)
@click.option("--clear-with", is_flag=True, help="The check-in names nobody.")
@click.option(
    "--count", type=int, default=None, help="The new count (1 to 1000); its XP is computed again."
)
@pass_ctx
def log_edit(
    obj: Context,
    id: str,
    note: str | None,
    people: tuple[str, ...],
    clear_with: bool,
    count: int | None,
) -> None:
    """Correct check-in ID: its note, the people it names, or its count."""
    if people and not split_names(people):
        fail(_("--with needs a name (--clear-with makes the check-in name nobody)"))
    people = split_names(people)
    if clear_with and people:
        fail(_("--with and --clear-with cannot go together"))
    if note is None and not people and not clear_with and count is None:
        fail(_("say what to change: --note, --with, --clear-with or --count"))
    names = () if clear_with else (people or None)
    seq = parse_id(id)
    before = next((e for e in obj.app.log.list() if e.seq == seq), None)
    e = obj.app.log.edit(id, note=note, people=names, count=count)
    click.echo(_("Edited: {entry}").format(entry=entry_line(e).strip()))
    if before is not None and before != e:
        # An edit has no undo: what it replaced is shown, to be typed back if it was a slip.
        click.echo(_("Was:    {entry}").format(entry=entry_line(before).strip()))


@click.command("undo")
@db_option
@pass_ctx
def undo(obj: Context) -> None:
    """Take back the latest check-in, XP and all (`netquest log delete ID` for an older one)."""
    for line in taken_back_lines(obj.app.log.undo(), _("Undone")):
        click.echo(line)


@click.command("redo")
@db_option
@pass_ctx
def redo(obj: Context) -> None:
    """Bring back the latest undone or deleted check-in, if nothing was written since."""
    r = obj.app.log.redo()
    e = r.entry
    click.echo(_("Redone: {title} ×{count} on {day} (+{xp} XP), check-in {id}").format(
        title=inert(titled(e.quest_id, e.quest_title)), count=e.count, day=e.day.isoformat(),
        xp=e.xp, id=e.id))
    if r.restored:
        click.echo(_("Back with it: {names}").format(
            names=_(", ").join(inert(n) for n in r.restored)))
    if r.level_after.level > r.level_before.level:
        click.echo(_("Level {level} again.").format(level=r.level_after.level))
    for a in r.unlocked:
        click.echo(_("Achievement unlocked again: {title}").format(title=achievement_title(a)))
