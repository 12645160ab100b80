"""`netquest goal`: know what you want — the goal in focus, its key results, its history.

Loaded only when a `goal` command runs (or `--help` lists it).
"""

from __future__ import annotations

import click

import netquest.cli.complete as complete
from netquest.cli.context import Context, db_option, format_option, pass_ctx, style
from netquest.cli.goal_text import goal_detail, kr_row, list_rows, view_text
from netquest.i18n import _
from netquest.idwords import outcome_words, stage_word
from netquest.text import inert, json_text
from netquest.wording import contact_text

KINDS_HELP = "explore, partner, clients, job, learn or other."
goal_option = click.option(
    "--goal",
    "goal_ref",
    default=None,
    metavar="ID",
    shell_complete=complete.goals,
    help="A goal id (default: the goal in focus).",
)


def emit(data, text: str | None, fmt: str) -> None:
    if fmt == "json":
        click.echo(json_text(data))
    elif text is not None:
        click.echo(text)


def show_goal(goal, fmt: str, first_line: str | None = None) -> None:
    """A goal view (`services.views.GoalView`) in full, or its JSON."""
    lines = [first_line] if first_line else []
    lines += goal_detail(goal, style())
    emit(goal.to_json(), "\n".join(lines), fmt)


@click.group("goal", invoke_without_command=True)
@db_option
@format_option()
@click.pass_context
def goal(ctx: click.Context, fmt: str) -> None:
    """Know what you want: the goal in focus, its key results and the quests that serve it."""
    if ctx.invoked_subcommand is not None:
        return
    view = ctx.ensure_object(Context).app.goals.view()
    emit(view.to_json(), None if fmt == "json" else view_text(view, style()), fmt)


@goal.command("set")
@db_option
@click.option("--want", default=None, help="What you want from your network, in one sentence.")
@click.option(
    "--kind",
    default=None,
    shell_complete=complete.goal_kinds,
    help=f"The kind of goal: {KINDS_HELP}",
)
@click.option("--why", default=None, help="Why it matters to you.")
@click.option("--ask", default=None, help="The specific ask you make of people.")
@click.option(
    "--contact",
    multiple=True,
    metavar="WAY",
    help="How people reach you: an email, a profile link, or booking=URL (repeatable; email= removes).",
)
@click.option(
    "--by", "by", default=None, metavar="YYYY-MM-DD", help="Target date (\"none\" removes it)."
)
@click.option("--new", "new", is_flag=True, help="Start a new goal; the one in focus waits.")
@format_option()
@pass_ctx
def goal_set(obj: Context, want, kind, why, ask, contact, by, new: bool, fmt: str) -> None:
    """Create or change the goal in focus (a new one when none is in focus)."""
    g = obj.app.goals.set(
        want=want,
        kind=kind,
        why=why,
        ask=ask,
        contact=list(contact) or None,
        target_date=by,
        new=new,
    )
    show_goal(g, fmt)


@goal.command("list")
@db_option
@format_option()
@pass_ctx
def goal_list(obj: Context, fmt: str) -> None:
    """Every goal: in focus, waiting, and archived with its outcome."""
    records = obj.app.goals.list()
    if fmt == "json":
        emit([r.to_json() for r in records], None, fmt)
    elif not records:
        click.echo(_('No goals yet: `netquest goal set --want "..." --kind job`.'))
    else:
        click.echo("\n".join(list_rows(records, style())))


@goal.command("focus")
@db_option
@click.argument("goal_id", shell_complete=complete.open_goals)
@format_option()
@pass_ctx
def goal_focus(obj: Context, goal_id: str, fmt: str) -> None:
    """Put goal GOAL_ID in focus; the one in focus before waits."""
    show_goal(obj.app.goals.focus(goal_id), fmt)


@goal.command("done")
@db_option
@click.argument("goal_id", shell_complete=complete.open_goals)
@click.option(
    "--outcome",
    required=True,
    shell_complete=complete.outcomes,
    help="achieved, dropped or changed.",
)
@click.option("--reflection", default="", help="A line on what you learned.")
@format_option()
@pass_ctx
def goal_done(obj: Context, goal_id: str, outcome: str, reflection: str, fmt: str) -> None:
    """Archive goal GOAL_ID with its outcome; the quests that served it are freed."""
    record = obj.app.goals.close(goal_id, outcome, reflection)
    emit(
        record.to_json(),
        _("Archived {id} ({outcome}): {want}").format(
            id=inert(record.id), outcome=outcome_words(record.outcome), want=inert(record.want)),
        fmt,
    )
    if fmt == "text" and obj.app.goals.focused() is None:
        click.echo(_("No goal in focus now: `netquest goal focus ID` or "
                     "`netquest goal set --new --want TEXT`."))


@goal.command("link")
@db_option
@click.argument("quest", shell_complete=complete.active_quests)
@goal_option
@format_option()
@pass_ctx
def goal_link(obj: Context, quest: str, goal_ref: str | None, fmt: str) -> None:
    """Let QUEST serve the goal in focus (or --goal ID)."""
    q, gid = obj.app.goals.link_quest(quest, goal_ref)
    emit({"quest": q.id, "goal": gid}, _("{quest} now serves {goal}").format(quest=inert(q.id), goal=inert(gid)), fmt)


@goal.command("unlink")
@db_option
@click.argument("quest", shell_complete=complete.any_quests)
@format_option()
@pass_ctx
def goal_unlink(obj: Context, quest: str, fmt: str) -> None:
    """QUEST no longer serves a goal."""
    q, before = obj.app.goals.unlink_quest(quest)
    text = (
        _("{quest} no longer serves {goal}").format(quest=inert(q.id), goal=inert(before))
        if before
        else _("{quest} served no goal").format(quest=inert(q.id))
    )
    emit({"quest": q.id, "goal": None, "was": before}, text, fmt)


@goal.command("review")
@db_option
@click.option("--moved", default="", help="What moved the goal this week.")
@click.option("--stalled", default="", help="What did not.")
@click.option("--ask", "next_ask", default="", help="What to ask for next week.")
@format_option()
@pass_ctx
def goal_review(obj: Context, moved: str, stalled: str, next_ask: str, fmt: str) -> None:
    """Write the weekly review of the goal in focus."""
    review = obj.app.reviews.add(moved, stalled, next_ask)
    emit(review.to_json(), _("Review of the week of {week} saved.").format(week=inert(review.week)), fmt)


@goal.command("card")
@db_option
@click.argument("person", shell_complete=complete.people)
@format_option()
@pass_ctx
def goal_card(obj: Context, person: str, fmt: str) -> None:
    """Before a conversation with PERSON: what you want, your ask, and three questions."""
    card = obj.app.conversations.card(person)
    stage = card.stage and stage_word(card.stage)
    lines = [
        _("Talking with {person} ({stage})").format(person=inert(card.person), stage=inert(stage))
        if stage else _("Talking with {person}").format(person=inert(card.person))
    ]
    if card.want:
        lines.append(_("You want: {want}").format(want=inert(card.want)))
    if card.ask:
        lines.append(_("Your ask: {ask}").format(ask=inert(card.ask)))
    if card.contact:
        lines.append(_("They reach you at: {contact}").format(
            contact=inert(contact_text(card.contact, labelled=True))))
    lines += [_("Ask them:")] + [f"  - {inert(q)}" for q in card.questions]
    emit(card.to_json(), "\n".join(lines), fmt)


@goal.group("kr")
def goal_kr() -> None:
    """Key results: what measures progress toward the goal."""


@goal_kr.command("add")
@db_option
@click.option(
    "--title", required=True, help="What it measures, e.g. \"12 virtual coffees by 31 March\"."
)
@click.option("--target", required=True, help="The number to reach (at least 1).")
@click.option(
    "--quests",
    default=None,
    metavar="Q1,Q2",
    shell_complete=complete.quest_list,
    help="Count check-ins of these quests.",
)
@click.option(
    "--stage",
    default=None,
    shell_complete=complete.stages,
    help="Count people who reach this stage or beyond while the goal runs: "
    "want, intro_asked, introduced, met, keeping_in_touch.",
)
@click.option(
    "--introduced", is_flag=True, help="With --stage: count only people someone introduced you to."
)
@click.option(
    "--manual", is_flag=True, help="A number you update by hand with `netquest goal kr set`."
)
@goal_option
@format_option()
@pass_ctx
def goal_kr_add(
    obj: Context,
    title: str,
    target: str,
    quests,
    stage,
    introduced: bool,
    manual: bool,
    goal_ref,
    fmt: str,
) -> None:
    """Add a key result to the goal in focus; prints it."""
    kr = obj.app.goals.add_key_result(
        title,
        target,
        quests=quests,
        stage=stage,
        manual=manual,
        goal=goal_ref,
        introduced=introduced,
    )
    emit(kr.to_json(), kr_row(kr, style(), with_expected=True), fmt)


@goal_kr.command("set")
@db_option
@click.argument("kr_id", shell_complete=complete.manual_key_results)
@click.argument("value")
@goal_option
@format_option()
@pass_ctx
def goal_kr_set(obj: Context, kr_id: str, value: str, goal_ref, fmt: str) -> None:
    """Set manual key result KR_ID to VALUE."""
    kr = obj.app.goals.set_key_result(kr_id, value, goal=goal_ref)
    emit(kr.to_json(), kr_row(kr, style(), with_expected=True), fmt)


@goal_kr.command("rm")
@db_option
@click.argument("kr_id", shell_complete=complete.key_results)
@goal_option
@format_option()
@pass_ctx
def goal_kr_rm(obj: Context, kr_id: str, goal_ref, fmt: str) -> None:
    """Remove key result KR_ID."""
    show_goal(
        obj.app.goals.remove_key_result(kr_id, goal=goal_ref), fmt, _("Removed {id}.").format(id=inert(kr_id))
    )
