"""`netquest sync`: set up, run and show the sync of the data file through git, and the git
merge driver the sync clone registers (`netquest merge-driver`)."""

from __future__ import annotations

import click

from netquest.cli.context import EXIT_DATA, Context, db_option, fail, format_option, pass_ctx
from netquest.i18n import _, ngettext
from netquest.text import inert, json_text


def _side(changes) -> str:
    if changes.total == 0:
        return _("nothing")
    checkins = ngettext("{n} check-in", "{n} check-ins", changes.checkins).format(
        n=changes.checkins)
    other = ngettext("{n} other change", "{n} other changes", changes.other).format(
        n=changes.other)
    if changes.checkins and changes.other:
        return _("{checkins} and {other}").format(checkins=checkins, other=other)
    return checkins if changes.checkins else other


def report_line(report) -> str:
    """The one line a sync prints: what came in, what went out, and what the merge decided."""
    line = _("Synced with {remote}: {came_in} came in, {went_out} went out").format(
        remote=inert(report.remote), came_in=_side(report.came_in),
        went_out=_side(report.went_out))
    if report.notes:
        line += _("; ") + _("; ").join(inert(n) for n in report.notes[:3])
        if len(report.notes) > 3:
            more = len(report.notes) - 3
            line += ngettext(" (and {n} more)", " (and {n} more)", more).format(n=more)
    gone = report.came_in.deleted
    if gone:  # another device took them back, or a remote that says "delete all"
        line += ngettext("; {n} check-in was deleted here", "; {n} check-ins were deleted here",
                         gone).format(n=gone)
        if report.backup:
            line += ngettext(" (`netquest doctor --restore {backup}` brings it back)",
                             " (`netquest doctor --restore {backup}` brings them back)",
                             gone).format(backup=inert(report.backup))
    return line + _(".")


@click.group("sync", invoke_without_command=True)
@db_option
@click.option("--background", is_flag=True, hidden=True,
              help="Print nothing; a failure is said by the next command (sync_auto).")
@click.pass_context
def sync(ctx: click.Context, background: bool) -> None:
    """Sync this data file with its git remote: what came in, what went out.

    `netquest sync setup REMOTE` sets it up; REMOTE is anything `git clone` takes."""
    obj = ctx.ensure_object(Context)
    obj.auto_sync = False  # a sync writes the file; it must not start another sync
    if ctx.invoked_subcommand is None:
        report = obj.app.sync.sync(background=background)
        if not background:
            click.echo(report_line(report))


@sync.command("setup")
@db_option
@click.argument("remote")
@click.option("--yes", is_flag=True, help="Change the remote without asking.")
@pass_ctx
def setup(obj: Context, remote: str, yes: bool) -> None:
    """Sync this data file through the git remote REMOTE (a path, ssh://host/path.git, ...)."""
    services = obj.app.sync
    old = services.remote()
    if old is not None and old != remote and not yes:
        if not click.confirm(_("This file syncs with {old}; sync with {remote} instead?").format(
                old=inert(old), remote=inert(remote)), err=True):
            fail(_("nothing was changed"), EXIT_DATA)
    from netquest.services.sync import WHAT_LEAVES

    click.echo(_("Leaves this machine for {remote}: {what}.").format(
        remote=inert(remote), what=_(WHAT_LEAVES)), err=True)
    report = services.setup(remote)
    if report.took:
        click.echo(_("Took the history of {remote}: {came_in}.").format(
            remote=inert(remote), came_in=_side(report.came_in)))
    elif report.pushed_first:
        click.echo(_("Sent this history to {remote}: {went_out}.").format(
            remote=inert(remote), went_out=_side(report.went_out)))
    else:
        click.echo(report_line(report))


@sync.command("off")
@db_option
@pass_ctx
def off(obj: Context) -> None:
    """Stop syncing: forget the remote (the data file stays as it is)."""
    remote = obj.app.sync.off()
    if remote is None:
        click.echo(_("Sync was not set up for this data file."))
    else:
        click.echo(_("Stopped syncing with {remote}; the data file is unchanged.").format(
            remote=inert(remote)))


@sync.command("status")
@db_option
@format_option()
@pass_ctx
def status(obj: Context, fmt: str) -> None:
    """The remote, the last sync, and what is not yet on one side or the other."""
    st = obj.app.sync.status()
    if fmt == "json":
        click.echo(json_text({"remote": st.remote, "last_sync": st.last_sync, "ahead": st.ahead,
                              "behind": st.behind, "device": st.device}))
        return
    if st.remote is None:
        click.echo(_("Sync is not set up: `netquest sync setup REMOTE`."))
        return
    click.echo(_("remote    {remote}").format(remote=inert(st.remote)))
    click.echo(_("device    {device}").format(device=inert(st.device)))
    click.echo(_("last sync {day}").format(day=inert(st.last_sync or _("never"))))
    click.echo(_("ahead     {n} (here, not yet pushed)").format(n=st.ahead))
    click.echo(_("behind    {n} (on the remote, not yet here, as of the last sync)").format(
        n=st.behind))
    if st.error:
        click.echo(_("last error {error}").format(error=inert(st.error)))


@click.command("merge-driver")
@click.argument("base", type=click.Path(dir_okay=False))
@click.argument("ours", type=click.Path(dir_okay=False))
@click.argument("theirs", type=click.Path(dir_okay=False))
@click.argument("path", required=False)
def merge_driver(base: str, ours: str, theirs: str, path: str | None) -> None:
    """Git's merge driver in a sync clone (set up by `sync setup`): BASE OURS THEIRS [PATH]."""
    from netquest.services.sync_driver import merge_files

    try:
        notes = merge_files(base, ours, theirs, path)
    except ValueError as exc:
        fail(f"merge-driver: {exc}", EXIT_DATA)
    for note in notes:
        click.echo(f"netquest: {inert(note)}", err=True)
