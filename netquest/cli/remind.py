"""`netquest status`, `remind` and `calendar`: NetQuest where the user already looks.

A status bar or a prompt (status), a desktop notification from a systemd user timer or
cron (remind), a calendar (calendar).  No daemon of ours: the schedulers and formats that
exist do the work.
"""

from __future__ import annotations

import click

from netquest import statuscache
from netquest.cli.context import EXIT_DATA, EXIT_USAGE, Context, db_option, fail, pass_ctx, style
from netquest.i18n import _, os_reason
from netquest.text import inert, inert_multiline, json_text


@click.command()
@db_option
@click.option("--format", "fmt", type=click.Choice(["text", "tmux", "json"]), default="text",
              show_default=True, help="tmux: with tmux's #[fg=...] styles, for status-right.")
@click.option("--cached", is_flag=True,
              help="Print the line kept beside the data file (renewed when the day has turned).")
@click.option("--prompt", "shell", type=click.Choice(["bash", "zsh", "fish"]), default=None,
              help="Print a prompt snippet for SHELL that shows the cached line with builtins.")
@pass_ctx
def status(obj: Context, fmt: str, cached: bool, shell: str | None) -> None:
    """One short line for a status bar or a prompt: what is due, the flame, what is at risk."""
    from netquest.services import status as status_cache
    from netquest.statusline import status_json, status_line, status_tmux

    if shell:
        from netquest.prompts import snippet

        path = obj.app.store.path
        click.echo(snippet(shell, statuscache.cache_path(path), statuscache.data_key(path)),
                   nl=False)
        return
    if cached:
        if fmt == "json":
            fail(_("--cached prints the cached line (text, or tmux without colours); "
                   "leave out --format json"), EXIT_USAGE)
        line = status_cache.current(obj.app)
        click.echo(statuscache.for_tmux(line) if fmt == "tmux" else line)
        return
    # Once the habit day has turned, the prompt's cache is renewed here too (a status bar
    # runs this every few seconds); a current cache costs one small read.
    status_cache.renew_if_turned(obj.app)
    state = obj.app.quests.state()
    if fmt == "json":
        click.echo(json_text(status_json(state)))
    elif fmt == "tmux":
        click.echo(status_tmux(state))
    else:
        st = style()
        click.echo(status_line(state, symbols=st.symbols, width=st.width))


def _time_option(value: str | None) -> str | None:
    """HH:MM, or None; a bad time is refused in one line."""
    from netquest.services.reminders import ReminderError, clean_time

    if value is None:
        return None
    try:
        return clean_time(value)
    except ReminderError as exc:
        fail(str(exc), EXIT_USAGE)
    return None


@click.command()
@db_option
@click.option("--notify", is_flag=True,
              help="Send a desktop notification (notify-send) instead of printing.")
@click.option("--at", "at", metavar="HH:MM", default=None,
              help="With --notify: remind quests without their own time from this time on.")
@click.option("--install", is_flag=True,
              help="Install a systemd user timer (or print a crontab line).")
@click.option("--uninstall", is_flag=True, help="Remove the timer --install wrote.")
@click.pass_context
def remind(ctx: click.Context, notify: bool, at: str | None, install: bool,
           uninstall: bool) -> None:
    """What is due today and not done yet, as a notification would say it."""
    obj = ctx.ensure_object(Context)
    at = _time_option(at)
    if install and uninstall:
        fail(_("--install or --uninstall, not both"), EXIT_USAGE)
    if at and not (notify or install):
        fail(_("--at goes with --notify or --install"), EXIT_USAGE)
    if install or uninstall:
        from netquest import timers

        try:
            if install:
                lines = timers.install(at or timers.DEFAULT_AT, obj.db)
            else:
                lines = timers.uninstall()
        except OSError as exc:
            fail(_("cannot write the timer: {problem}: {path}").format(
                problem=os_reason(exc), path=exc.filename or ""), EXIT_DATA)
        for line in lines:
            click.echo(inert(line))
        return
    from netquest.services import reminders

    if not notify:
        note = reminders.notification(obj.app.quests.state())
        click.echo(inert_multiline(note.text()) if note else _("Nothing due is left today."))
        return
    sender = reminders.notify_send()
    if sender is None:
        fail(_("cannot send a desktop notification: notify-send is not installed "
               "(Debian: apt-get install libnotify-bin)"), EXIT_DATA)
    note = reminders.due_now(obj.app, at)
    if note is None:
        return
    problem = reminders.send(sender, note)
    if problem:
        fail(problem, EXIT_DATA)
    reminders.mark_sent(obj.app.store.path, note)


@click.command()
@db_option
@click.option("--format", "fmt", type=click.Choice(["ics"]), default="ics", show_default=True)
@click.option("-o", "--output", type=click.Path(), default=None,
              help="Write to FILE (default: stdout).")
@pass_ctx
def calendar(obj: Context, fmt: str, output: str | None) -> None:
    """Your quests as an iCalendar file: one recurring event each, and the goal's target date."""
    from netquest.services.calendar import quests_calendar, write_calendar

    data = quests_calendar(obj.app)
    if not output:
        click.echo(data.decode("utf-8"), nl=False)
        return
    try:
        write_calendar(obj.app, output, data)
    except OSError as exc:
        fail(_("cannot write {path}: {problem}").format(
            path=output, problem=os_reason(exc)), EXIT_DATA)
    click.echo(_("Calendar written to {path}").format(path=inert(output)), err=True)
