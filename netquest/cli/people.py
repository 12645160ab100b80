"""`netquest people`: the network behind the quests, from any shell.

Every stored string is shown through `inert`, and tables are padded in terminal cells so
names in any script line up.
"""

from __future__ import annotations

import sys

import click

import netquest.cli.complete as complete
from netquest.cli.context import (
    EXIT_USAGE,
    Context,
    db_option,
    fail,
    format_option,
    pass_ctx,
    style,
)
from netquest.i18n import _, ngettext
from netquest.idwords import cadence_words
from netquest.text import cell_width, fit, inert, inert_multiline, json_text, one_line, pad
from netquest.wording import overdue_words, titled

STAGE_HELP = "want, intro_asked, introduced, met or keeping_in_touch."
SORTS = ("name", "stage", "last_contact", "overdue")


def table(people, width: int) -> list[str]:
    """Rows of people, each column starting at the same terminal cell whatever the script."""
    name_w = min(24, max([4] + [cell_width(inert(p.name)) for p in people]))
    cols = [(name_w, _("NAME")), (16, _("STAGE")), (10, _("LAST")), (5, _("EVERY")),
            (10, _("DUE"))]
    lines = [fit("  ".join(pad(title, w) for w, title in cols) + "  " + _("WHERE · TAGS"), width)]
    for p in people:
        where = " · ".join(x for x in (inert(p.where), ", ".join(inert(t) for t in p.tags)) if x)
        cells = [
            inert(p.name),
            inert(p.stage_title),
            p.last_contact.isoformat() if p.last_contact else "—",
            _("{n}d").format(n=p.interval) if p.interval else "",
            overdue_words(p.overdue, short=True),
        ]
        row = "  ".join(pad(text, w) for (w, _title), text in zip(cols, cells)) + "  " + where
        lines.append(fit(row.rstrip(), width))
    return lines


def person_line(p) -> str:
    return inert(f"{p.name} ({p.id}) · {p.stage_title}")


def list_options(default):
    """The options of `people list`; the bare `people` group takes them too (`default` None
    there, so it can tell the ones given)."""

    def wrap(f):
        for option in reversed(
            (
                click.option(
                    "--stage",
                    default=None,
                    shell_complete=complete.stages,
                    help=f"Only people at this stage: {STAGE_HELP}",
                ),
                click.option(
                    "--filter",
                    "text",
                    default=None,
                    metavar="TEXT",
                    help="Only people with TEXT in name, where, tags or notes.",
                ),
                click.option(
                    "--sort",
                    type=click.Choice(SORTS),
                    default=default and "name",
                    show_default=bool(default),
                ),
                format_option(default=default and "text"),
            )
        ):
            f = option(f)
        return f

    return wrap


def show_person(p, fmt: str, text: str) -> None:
    click.echo(json_text(p.to_json()) if fmt == "json" else text)


@click.group("people", invoke_without_command=True)
@db_option
@list_options(None)
@click.pass_context
def people(ctx: click.Context, stage, text, sort, fmt) -> None:
    """The people behind the quests: who you want to meet, who introduced whom, who to reach out to.

    Without a command, lists people: `netquest people --sort overdue` is `netquest people list --sort overdue`."""
    given = {
        k: v
        for k, v in (("stage", stage), ("text", text), ("sort", sort), ("fmt", fmt))
        if v is not None
    }
    if ctx.invoked_subcommand is None:
        ctx.invoke(people_list, **given)
    elif given:
        fail(_("--stage, --filter, --sort and --format go after the command: "
               "`netquest people {command} ...`").format(command=ctx.invoked_subcommand))


@people.command("list")
@db_option
@list_options("name")
@pass_ctx
def people_list(
    obj: Context,
    stage: str | None = None,
    text: str | None = None,
    sort: str = "name",
    fmt: str = "text",
) -> None:
    """List people (the default of `netquest people`)."""
    found = obj.app.people.list(stage=stage, text=text, sort=sort)
    if fmt == "json":
        click.echo(json_text([p.to_json() for p in found]))
        return
    if not found:
        click.echo(
            _("Nobody here yet: `netquest people add NAME`, or name people in a check-in with "
              "--with NAME.")
            if not (stage or text)
            else _("Nobody matches.")
        )
        return
    for line in table(found, style().width):
        click.echo(line)


@people.command("add")
@db_option
@click.argument("name")
@click.option(
    "--where", default="", help="Where you know them from: a community, an event, a mutual contact."
)
@click.option("--tag", "tags", multiple=True, help="A tag (repeatable).")
@click.option(
    "--stage",
    default=None,
    shell_complete=complete.stages,
    help=f"{STAGE_HELP} (default: introduced with --introduced-by, else want)",
)
@click.option(
    "--introduced-by",
    default=None,
    metavar="PERSON",
    shell_complete=complete.people,
    help="Who introduced you (an id or name).",
)
@click.option("--interval", default=None, metavar="DAYS", help="Keep in touch every DAYS days.")
@click.option(
    "--last-contact", default=None, metavar="YYYY-MM-DD", help="When you were last in touch."
)
@click.option("--notes", default="", help="Notes.")
@format_option()
@pass_ctx
def people_add(
    obj: Context, name, where, tags, stage, introduced_by, interval, last_contact, notes, fmt
) -> None:
    """Add a person; prints who was added and their id."""
    p = obj.app.people.add(
        name,
        where=where,
        tags=tags,
        stage=stage,
        introduced_by=introduced_by,
        notes=notes,
        interval=interval,
        last_contact=last_contact,
    )
    show_person(p, fmt, _("Added {person}").format(person=person_line(p)))


@people.command("show")
@db_option
@click.argument("ref", shell_complete=complete.people)
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
)
@pass_ctx
def people_show(obj: Context, ref: str, fmt: str) -> None:
    """Everything about one person: stage, introductions, and the check-ins that name them."""
    p = obj.app.people.get(ref)
    timeline = obj.app.people.timeline(p.id)
    introduced = obj.app.people.introductions_by(p.id)
    if fmt == "json":
        click.echo(
            json_text(
                {
                    **p.to_json(),
                    "introduced": [{"id": x.id, "name": x.name} for x in introduced],
                    "timeline": [e.to_json() for e in timeline],
                }
            )
        )
        return
    width = style().width
    click.echo(fit(person_line(p), width))
    facts = [
        _("from {where}").format(where=inert(p.where)) if p.where else "",
        _("tags: {tags}").format(tags=_(", ").join(inert(t) for t in p.tags)) if p.tags else "",
    ]
    if any(facts):
        click.echo(fit(" · ".join(f for f in facts if f), width))
    if p.introduced_by:
        click.echo(fit(inert(_("Introduced by {name} ({id})").format(
            name=p.introduced_by_name or p.introduced_by, id=p.introduced_by)), width))
    contact = (
        _("Last contact: {day}").format(day=p.last_contact.isoformat())
        if p.last_contact
        else _("Last contact: none yet")
    )
    if p.interval:
        contact += " · " + ngettext("keep in touch every {n} day", "keep in touch every {n} days",
                                    p.interval).format(n=p.interval)
        if p.overdue is not None:
            contact += _(" ({overdue})").format(overdue=overdue_words(p.overdue, short=True))
    click.echo(contact)
    if introduced:
        n = len(introduced)
        names = _(", ").join(inert(x.name) for x in introduced)
        said = ngettext("{name} introduced you to {n} person: {names}",
                        "{name} introduced you to {n} people: {names}", n)
        click.echo(fit(said.format(name=inert(p.name), n=n, names=names), width))
    if p.notes:
        click.echo(_("Notes:"))
        for line in inert_multiline(p.notes).split("\n"):
            click.echo(f"  {line}")
    if timeline:
        click.echo(_("Check-ins ({n}):").format(n=len(timeline)))
        for e in timeline:
            others = [inert(x) for x in e.people if x != p.name]
            title = inert(titled(e.quest, e.quest_title))
            line = f"  {e.day.isoformat()}  {title} ×{e.count}"
            if others:
                line += " · " + _("with {names}").format(names=_(", ").join(others))
            if e.note:
                line += f" · {one_line(e.note)}"
            click.echo(fit(line, width))
    else:
        click.echo(_("No check-ins name them yet: `netquest checkin QUEST --with {id}`").format(
            id=inert(p.id)))


@people.command("edit")
@db_option
@click.argument("ref", shell_complete=complete.people)
@click.option("--name", default=None, help="A new name (the check-ins that name them follow).")
@click.option("--where", default=None)
@click.option("--tag", "add_tags", multiple=True, help="Add a tag (repeatable).")
@click.option("--untag", "remove_tags", multiple=True, help="Remove a tag (repeatable).")
@click.option("--stage", default=None, shell_complete=complete.stages, help=STAGE_HELP)
@click.option("--introduced-by", default=None, metavar="PERSON", shell_complete=complete.people)
@click.option("--no-introducer", is_flag=True, help="Forget who introduced them.")
@click.option("--interval", default=None, metavar="DAYS", help="Keep in touch every DAYS days.")
@click.option("--no-interval", is_flag=True, help="Stop tracking how often to keep in touch.")
@click.option("--last-contact", default=None, metavar="YYYY-MM-DD")
@click.option("--notes", default=None, help="Replace the notes.")
@format_option()
@pass_ctx
def people_edit(
    obj: Context,
    ref,
    name,
    where,
    add_tags,
    remove_tags,
    stage,
    introduced_by,
    no_introducer,
    interval,
    no_interval,
    last_contact,
    notes,
    fmt,
) -> None:
    """Change someone's details."""
    fields = {
        k: v
        for k, v in (
            ("name", name),
            ("where", where),
            ("stage", stage),
            ("notes", notes),
            ("introduced_by", introduced_by),
            ("interval", interval),
            ("last_contact", last_contact),
        )
        if v is not None
    }
    if add_tags:
        fields["add_tags"] = add_tags
    if remove_tags:
        fields["remove_tags"] = remove_tags
    if no_introducer:
        fields["introduced_by"] = None
    if no_interval:
        fields["interval"] = None
    if not fields:
        fail(_("nothing to change: give --name, --where, --tag, --untag, --stage, --introduced-by, "
               "--interval, --last-contact or --notes"))
    p = obj.app.people.edit(ref, **fields)
    show_person(p, fmt, _("Saved {person}").format(person=person_line(p)))


@people.command("stage")
@db_option
@click.argument("ref", shell_complete=complete.people)
@click.argument("stage", shell_complete=complete.stages)
@format_option()
@pass_ctx
def people_stage(obj: Context, ref: str, stage: str, fmt: str) -> None:
    """Move someone to STAGE by hand: want, intro_asked, introduced, met, keeping_in_touch."""
    p = obj.app.people.set_stage(ref, stage)
    show_person(p, fmt, person_line(p))


@people.command("rename")
@db_option
@click.argument("ref", shell_complete=complete.people)
@click.argument("new_name")
@pass_ctx
def people_rename(obj: Context, ref: str, new_name: str) -> None:
    """Rename someone; the check-ins that name them follow."""
    p, changed = obj.app.people.rename(ref, new_name)
    click.echo(ngettext("Renamed to {person} ({n} check-in updated)",
                        "Renamed to {person} ({n} check-ins updated)", changed).format(
        person=person_line(p), n=changed))


@people.command("merge")
@db_option
@click.argument("keep", shell_complete=complete.people)
@click.argument("drop", shell_complete=complete.people)
@pass_ctx
def people_merge(obj: Context, keep: str, drop: str) -> None:
    """Join DROP into KEEP, two entries of the same person: check-ins, tags, notes and the furthest stage."""
    dropped = obj.app.people.get(drop)
    p, changed = obj.app.people.merge(keep, dropped.id)
    click.echo(ngettext("Merged {name} into {person} ({n} check-in updated)",
                        "Merged {name} into {person} ({n} check-ins updated)", changed).format(
        name=inert(dropped.name), person=person_line(p), n=changed))


@people.command("delete")
@db_option
@click.argument("ref", shell_complete=complete.people)
@click.option("--yes", "-y", is_flag=True, help="Do not ask for a confirmation.")
@pass_ctx
def people_delete(obj: Context, ref: str, yes: bool) -> None:
    """Delete someone; their check-ins stay, without their name."""
    p = obj.app.people.get(ref)
    if not yes:
        if not sys.stdin.isatty():
            fail(_("deleting {name} needs a confirmation: add --yes (there is no terminal to "
                   "ask)").format(name=inert(p.name)), EXIT_USAGE)
        if not click.confirm(inert(_("Delete {name} ({id})? Their check-ins stay, without the "
                                     "name").format(name=p.name, id=p.id)), err=True):
            click.echo(_("Nothing was deleted."), err=True)
            raise SystemExit(1)
    p, changed = obj.app.people.delete(p.id)
    click.echo(ngettext("Deleted {name} ({id}); {n} check-in kept without the name",
                        "Deleted {name} ({id}); {n} check-ins kept without the name",
                        changed).format(name=inert(p.name), id=inert(p.id), n=changed))


@people.command("thank")
@db_option
@click.argument("ref", shell_complete=complete.people)
@pass_ctx
def people_thank(obj: Context, ref: str) -> None:
    """Add a monthly quest (tip 3) to thank someone for their introductions."""
    p = obj.app.people.get(ref)
    q = obj.app.people.thank(p.id)
    if p.introductions:
        n = p.introductions
        click.echo(ngettext("{name} introduced you to {n} person.",
                            "{name} introduced you to {n} people.", n).format(
            name=inert(p.name), n=n))
    click.echo(inert(_("Quest {id}: {title} · tip 3 · {cadence}").format(
        id=q.id, title=q.title, cadence=cadence_words(q.cadence))))
    click.echo(inert(_("When you have thanked them: `netquest checkin {id} --with {person}`, "
                       "then `netquest quest archive {id}` if once is enough.").format(
        id=q.id, person=p.id)))
