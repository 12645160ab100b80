"""Quests and check-ins from any shell: `init`, `checkin`, `skip`, `vacation` and `quest`
(add, edit, archive, restore, list)."""

from __future__ import annotations

import click

from netquest.cli import quick
from netquest.cli.context import (
    Context,
    completion,
    db_option,
    format_option,
    pass_ctx,
    split_names,
    style,
)
from netquest.i18n import _, ngettext
from netquest.idwords import cadence_words, stage_word
from netquest.text import fit, inert, json_text, pad
from netquest.wording import quest_title


@click.command("init")
@db_option
@click.option(
    "--starter/--empty", default=False, help="Add the catalogue's starter quests (default: empty)."
)
@pass_ctx
def init(obj: Context, starter: bool) -> None:
    """Prepare a data file, optionally with starter quests."""
    added = obj.app.quests.init(starter)
    click.echo(_("Data file ready: {path}").format(path=inert(obj.app.data.path)))
    if added:
        click.echo(ngettext("Added {n} starter quest: {ids}", "Added {n} starter quests: {ids}",
                            len(added)).format(n=len(added),
                                               ids=", ".join(inert(q.id) for q in added)))
    elif not obj.app.quests.list():
        click.echo(
            _("No quests yet: `netquest quest add TITLE --tip N --cadence daily`, "
              "or `netquest init --starter`.")
        )


@click.command()
@db_option
@click.argument("quest", shell_complete=completion("active_quests"))
@click.option("--count", "-c", default=1, show_default=True, help="How many toward the target.")
@click.option("--note", "-n", default="", help="A note for the log.")
@click.option(
    "--with",
    "people",
    multiple=True,
    metavar="NAME",
    shell_complete=completion("people_list"),
    help="A person you met (repeatable, or several comma-separated).",
)
@click.option("--date", "day", metavar="YYYY-MM-DD", help="Log a past day (default: today).")
@pass_ctx
def checkin(
    obj: Context, quest: str, count: int, note: str, people: tuple[str, ...], day: str | None
) -> None:
    """Check in QUEST (an id, or the start of its id or title)."""
    quick.checkin(obj, quest, count, note, split_names(people), day)


@click.command()
@db_option
@click.argument("quest", shell_complete=completion("active_quests"))
@click.option("--date", "day", metavar="YYYY-MM-DD", help="The day to skip (default: today).")
@click.option("--reason", default="", help="Why (shown in the log).")
@click.option("--undo", is_flag=True, help="Take the skip back: the day counts again.")
@pass_ctx
def skip(obj: Context, quest: str, day: str | None, reason: str, undo: bool) -> None:
    """Skip a day of QUEST: it neither breaks nor extends the streak."""
    if undo:
        if reason:
            raise click.UsageError(_("--reason goes with a skip, not with --undo"))
        q, d, removed = obj.app.quests.unskip(quest, day=day)
        said = _("{title} counts again on {day}") if removed else _(
            "{title} was not skipped on {day}")
        click.echo(said.format(title=inert(quest_title(q)), day=d.isoformat()))
        return
    q, d, added = obj.app.quests.skip(quest, day=day, reason=reason)
    if added:
        said = _("Skipped {title} on {day}")
    else:
        said = _("Skipped {title} on {day} (it already was)")
    click.echo(said.format(title=inert(quest_title(q)), day=d.isoformat()))


@click.command()
@db_option
@click.option("--from", "start", required=True, metavar="YYYY-MM-DD", help="First day away.")
@click.option("--to", "end", required=True, metavar="YYYY-MM-DD", help="Last day away.")
@click.option("--reason", default="vacation", help="A word on why.")
@pass_ctx
def vacation(obj: Context, start: str, end: str, reason: str) -> None:
    """Pause every quest for a range of days: no streak breaks while you are away."""
    added = obj.app.quests.vacation(start, end, reason)
    click.echo(_("Vacation from {first} to {last}: {n} day(s) added.").format(
        first=inert(start), last=inert(end), n=added))


MOVES_HELP = (
    "The stage a check-in moves the people it names to: intro_asked, introduced, met, "
    "keeping_in_touch, or none (default for a new quest: tip 3 → intro_asked, "
    "tip 4 → met, else none)."
)
TIP_HELP = "1 conversation, 2 host, 3 introductions, 4 coffee, 5 know what you want."
CADENCE_HELP = "daily, weekdays, mon,wed,fri, 3/week, every 3 days, 2/month."
moves_option = click.option(
    "--moves-to",
    "moves_to",
    default=None,
    metavar="STAGE|none",
    shell_complete=completion("moves_to"),
    help=MOVES_HELP,
)
remind_option = click.option(
    "--remind",
    "remind",
    default=None,
    metavar="HH:MM|none",
    help="Its own reminder time, in your time zone (netquest remind); none for the general one.",
)


@click.group()
def quest() -> None:
    """Add, edit, archive and list quests."""


@quest.command("add")
@db_option
@click.argument("title")
@click.option("--tip", required=True, type=int, shell_complete=completion("tips"), help=TIP_HELP)
@click.option("--cadence", required=True, shell_complete=completion("cadences"), help=CADENCE_HELP)
@click.option("--target", default=1, show_default=True, help="Count per due day or period.")
@click.option("--xp", default=10, show_default=True, help="Base XP per check-in.")
@click.option("--id", "qid", default=None, help="Short id (default: made from the title).")
@click.option(
    "--start",
    default=None,
    metavar="YYYY-MM-DD",
    help="First day (default: today); allows logging earlier days.",
)
@moves_option
@remind_option
@pass_ctx
def quest_add(
    obj: Context,
    title: str,
    tip: int,
    cadence: str,
    target: int,
    xp: int,
    qid: str | None,
    start: str | None,
    moves_to: str | None,
    remind: str | None,
) -> None:
    """Add a quest; prints its id."""
    q = obj.app.quests.add(
        title,
        tip,
        cadence,
        target,
        xp,
        qid,
        start=start,
        moves_to=obj.app.quests.BY_TIP if moves_to is None else moves_to,
        remind=remind,
    )
    click.echo(inert(q.id))


@quest.command("edit")
@db_option
@click.argument("ref", shell_complete=completion("any_quests"))
@click.option("--title", default=None)
@click.option("--tip", type=int, default=None, shell_complete=completion("tips"))
@click.option("--cadence", default=None, shell_complete=completion("cadences"))
@click.option("--target", type=int, default=None)
@click.option("--xp", type=int, default=None)
@moves_option
@remind_option
@pass_ctx
def quest_edit(obj: Context, ref: str, title, tip, cadence, target, xp, moves_to, remind) -> None:
    """Change a quest's title, tip, cadence, target, XP, the stage it moves people to or its
    reminder time."""
    q = obj.app.quests.edit(
        ref,
        title=title,
        tip=tip,
        cadence=cadence,
        target=target,
        xp=xp,
        moves_to=obj.app.quests.BY_TIP if moves_to is None else moves_to,
        remind=remind,
    )
    said = _("{id}: {title} · tip {tip} · {cadence} · target {target} · {xp} XP").format(
        id=q.id, title=quest_title(q), tip=q.tip, cadence=cadence_words(q.cadence),
        target=q.target, xp=q.xp)
    if q.moves_to:
        said += " · " + _("moves people to {stage}").format(
            stage=stage_word(q.moves_to))
    if q.reminder:
        said += " · " + _("reminder {time}").format(time=q.reminder["time"])
    click.echo(inert(said))


@quest.command("archive")
@db_option
@click.argument("ref", shell_complete=completion("active_quests"))
@pass_ctx
def quest_archive(obj: Context, ref: str) -> None:
    """Archive a quest: it leaves Today, its history stays."""
    q = obj.app.quests.set_archived(ref, True)
    click.echo(_("Archived {title}").format(title=inert(q.id)))


@quest.command("restore")
@db_option
@click.argument("ref", shell_complete=completion("archived_quests"))
@pass_ctx
def quest_restore(obj: Context, ref: str) -> None:
    """Bring an archived quest back."""
    q = obj.app.quests.set_archived(ref, False)
    click.echo(_("Restored {title}").format(title=inert(q.id)))


@quest.command("list")
@db_option
@format_option()
@click.option("--all", "show_all", is_flag=True, help="Include archived quests.")
@pass_ctx
def quest_list(obj: Context, fmt: str, show_all: bool) -> None:
    """List quests."""
    quests = obj.app.quests.list(include_archived=show_all)
    if fmt == "json":
        click.echo(json_text([{**q.to_doc(), "cadence": str(q.cadence)} for q in quests]))
        return
    if not quests:
        click.echo(_("No quests yet: `netquest init --starter` or `netquest quest add`."))
        return
    width = style().width
    for q in quests:
        line = (
            f"{pad(inert(q.id), 14)} {q.tip} {pad(inert(cadence_words(q.cadence)), 13)} "
            f"×{q.target:<3} "
            f"{q.xp:>3} XP  {inert(quest_title(q))}"
        )
        if q.archived:
            line += " " + _("(archived)")
        click.echo(fit(line, max(width, 40)))
