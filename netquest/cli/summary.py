"""The state of play: `summary` (with its login-banner line) and `today`.

It loads only the rendering of the state: `netquest summary` over SSH must start fast, so
nothing here reaches the people, goal, log or transfer commands.
"""

from __future__ import annotations

import os

import click

import netquest.cli.render as render
from netquest.cli import quick
from netquest.cli.context import (
    EXIT_DATA,
    EXIT_USAGE,
    Context,
    db_option,
    fail,
    format_option,
    pass_ctx,
    style,
)
from netquest.i18n import _
from netquest.outputcache import terminal
from netquest.services import ServiceError
from netquest.services.errors import StoreError
from netquest.services.inputs import parse_day
from netquest.services.shown import state_text
from netquest.text import json_text


@click.command()
@db_option
@format_option()
@click.option("--date", "day", metavar="YYYY-MM-DD", help="Show a past day.")
@pass_ctx
def today(obj: Context, fmt: str, day: str | None) -> None:
    """What is due today and what is done."""
    state = obj.app.quests.state(_day(obj, day))
    if fmt == "json":
        click.echo(json_text(render.today_json(state)))
    else:
        click.echo(render.today_text(state, style()))


def _day(obj: Context, day: str | None):
    parsed = parse_day(day)
    if parsed is None:
        return None
    if parsed > obj.app.today():
        raise ServiceError(_("{day} is in the future").format(day=day))
    return parsed


@click.command()
@db_option
@format_option("text", "json", "markdown")
@click.option("--period", type=click.Choice(["week", "month"]), default=None,
              help="Add totals for this week or month.")
@click.option("--motd", is_flag=True, help="One line for a login banner.")
@pass_ctx
def summary(obj: Context, fmt: str, period: str | None, motd: bool) -> None:
    """The state of play: level, streaks, strength, what is at risk."""
    st = style()
    app = obj.app
    if motd and fmt != "text":
        fail(_("--motd prints one line of text; leave out --format"), EXIT_USAGE)
    if motd:
        try:
            text = state_text(app, "motd", terminal(os.environ),
                              lambda state: render.motd_line(state, st))
        except StoreError:  # a banner must never break a login
            click.echo(_("NetQuest: data file problem, run `netquest doctor`"))
            raise SystemExit(EXIT_DATA)
        click.echo(text)
        return
    if fmt == "text" and period is None:
        quick.show_summary(app, st)  # what the summary cache answers next time
        return
    state = app.quests.state(period=period)  # one read of the file, the week or month included
    info = state.period
    if fmt == "json":
        click.echo(json_text(render.summary_json(state, info)))
    elif fmt == "markdown":
        click.echo(render.summary_markdown(state, info, st.width), nl=False)
    else:
        click.echo(render.summary_text(state, st, info))
        quick.party_cheers(app)
