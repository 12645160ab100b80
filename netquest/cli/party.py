"""`netquest party`: a party of friends in a shared git repository — create, join, sync, the
board, a party challenge, cheers, sharing, muting, leaving.

Loaded only when `party` runs: nothing here is imported by `summary` or `checkin`.
"""

from __future__ import annotations

from datetime import timedelta

import click

from netquest.cli.context import EXIT_DATA, Context, db_option, fail, format_option, pass_ctx, style
from netquest.cli.style import Style
from netquest.i18n import N_, _, ngettext
from netquest.text import cell_width, fit, inert, json_text, pad
from netquest.wording import ignored_line, party_challenge_line, party_status, tip_title

TIP_HEADS = (N_("Conv"), N_("Host"), N_("Intro"), N_("Coffee"), N_("Goal"))
KEY_HELP = "Your SSH private key; commits are signed with it (default ~/.ssh/id_ed25519)."


@click.group(invoke_without_command=True)
@db_option
@format_option()
@pass_ctx
@click.pass_context
def party(ctx: click.Context, obj: Context, fmt: str) -> None:
    """Your party's board: members, their week by tip, streaks, the party challenge."""
    if ctx.invoked_subcommand is None:
        show(obj.app.party.board(), fmt)


def show(board, fmt: str) -> None:
    if fmt == "json":
        click.echo(json_text(board.to_json()))
    else:
        click.echo(board_text(board, style()))


def right(text: str, width: int) -> str:
    """`text` right-aligned in `width` terminal cells (a column head in any script)."""
    return " " * max(0, width - cell_width(text)) + text


def board_text(board, st: Style) -> str:
    """The board as plain text: a row per member, then the challenge and what was ignored."""
    width = max(60, st.width)
    synced = (_(" · synced {when}").format(when=board.synced.replace("T", " ")) if board.synced
              else _(" · never synced"))
    lines = [st.bold(fit(_("{party} · week {first} to {last}").format(
        party=inert(board.party), first=board.week_from, last=board.week_to) + synced, width))]
    heads = "".join(right(_(h), 7) for h in TIP_HEADS)
    lines.append(f"  {pad('', 20)}{heads}{right(_('Week'), 8)}{right(_('Streak'), 8)}"
                 f"{right(_('Lvl'), 6)}")
    for m in board.members:
        name = fit(inert(m.name) + (" " + _("(you)") if m.me else ""), 20)
        tips = "".join(f"{m.week.get(t, 0):>7}" for t in range(1, 6))
        status = party_status(m)
        lines.append(f"  {pad(name, 20)}{tips}{m.total:>8}{m.day_streak:>8}{m.level:>6}"
                     f"  {status}".rstrip())
    if not board.members:
        lines.append("  " + _("nobody's card counts yet: `netquest party sync`"))
    if board.challenge:
        lines.append(fit(party_challenge_line(board.challenge, board.name_of), width))
    else:
        lines.append(_("No party challenge this week: `netquest party challenge TEXT --tip N "
                       "--target N`"))
    if board.badges:
        lines.append(_("Party badges: {badges}").format(badges=", ".join(
            _("{badge} (week of {week})").format(badge=inert(text), week=week)
            for week, text in board.badges)))
    if board.muted:
        lines.append(ngettext("Muted here: {n} member", "Muted here: {n} members",
                              len(board.muted)).format(n=len(board.muted)))
    for member in board.key_changes:
        lines.append(st.paint(_("WARNING: {name}'s key has changed to {key}: their card is "
                                "ignored on this device (if they changed keys and theirs shows "
                                "this fingerprint in `ssh-keygen -lf`: `netquest party trust "
                                "{name}`)").format(name=inert(member),
                                                   key=board.new_keys.get(member, "?")),
                              "1;31"))
    if board.ignored:
        lines.append(_("Not counted:"))
        lines.extend(fit("  " + ignored_line(item), width) for item in board.ignored)
    return "\n".join(lines)


@party.command()
@click.argument("remote")
@click.option("--name", "party_name", required=True, help="The party's name.")
@click.option("--as", "as_name", required=True, help="Your display name in the party.")
@click.option("--key", "key", metavar="PATH", help=KEY_HELP)
@db_option
@pass_ctx
def create(obj: Context, remote: str, party_name: str, as_name: str, key: str | None) -> None:
    """Start a party in an empty git repository REMOTE (anything `git clone` takes)."""
    board = obj.app.party.create(remote, party_name, as_name, key)
    click.echo(_("Party {party} started; friends join with "
                 "`netquest party join {remote} --as NAME`").format(
        party=inert(board.party), remote=inert(remote)))


@party.command()
@click.argument("remote")
@click.option("--as", "as_name", required=True, help="Your display name in the party.")
@click.option("--key", "key", metavar="PATH", help=KEY_HELP)
@db_option
@pass_ctx
def join(obj: Context, remote: str, as_name: str, key: str | None) -> None:
    """Join the party in the git repository REMOTE and publish your card."""
    result = obj.app.party.join(remote, as_name, key)
    click.echo(_("Joined {party}.").format(party=inert(result.board.party)))
    click.echo(board_text(result.board, style()))


@party.command()
@db_option
@format_option()
@pass_ctx
def sync(obj: Context, fmt: str) -> None:
    """Publish your card (a signed commit) and fetch everyone else's."""
    result = obj.app.party.sync()
    if fmt == "json":
        click.echo(json_text({"published": result.published, "new_cheers": result.new_cheers,
                              "badge": result.badge, "board": result.board.to_json()}))
        return
    click.echo(board_text(result.board, style()))
    if result.new_cheers:
        click.echo(ngettext("{n} new cheer for you: `netquest summary` shows them",
                            "{n} new cheers for you: `netquest summary` shows them",
                            result.new_cheers).format(n=result.new_cheers))
    if result.badge:
        click.echo(_("Party badge earned: {badge}").format(badge=inert(result.badge)))


def _publish(obj: Context, what: str) -> None:
    """Publish at once what was just saved; if the remote is out of reach it waits."""
    from netquest.services.party_git import GitProblem

    try:
        obj.app.party.sync()
    except GitProblem as exc:
        fail(what.format(problem=exc), EXIT_DATA)


@party.command()
@click.argument("text")
@click.option("--tip", type=int, required=True, help="The tip whose check-ins count (1-5).")
@click.option("--target", type=int, required=True, help="Units the party logs this week.")
@db_option
@pass_ctx
def challenge(obj: Context, text: str, tip: int, target: int) -> None:
    """Set this week's party challenge: TEXT, counted under --tip, up to --target."""
    chosen = obj.app.party.propose(text, tip, target)
    _publish(obj, _("The challenge is saved and goes out with the next `netquest party sync`: "
                    "{problem}"))
    click.echo(_('Party challenge "{text}": {target} under {tip} by {day}').format(
        text=inert(chosen.text), target=chosen.target, tip=tip_title(chosen.tip),
        day=chosen.week + timedelta(days=6)))


@party.command()
@click.argument("name")
@click.argument("text")
@db_option
@pass_ctx
def cheer(obj: Context, name: str, text: str) -> None:
    """Cheer a member on (at most 3 a day to one member, 140 characters)."""
    sent = obj.app.party.cheer(name, text)
    _publish(obj, _("The cheer is saved and goes out with the next `netquest party sync`: "
                    "{problem}"))
    click.echo(_("Cheer sent to {name}.").format(name=inert(sent.to)))


@party.command()
@click.argument("field", type=click.Choice(["goal", "quests", "notes", "people"]))
@click.argument("switch", type=click.Choice(["on", "off"]))
@db_option
@pass_ctx
def share(obj: Context, field: str, switch: str) -> None:
    """Share one more field on your card, or stop (all are off until you turn them on)."""
    shared = obj.app.party.share(field, switch == "on")
    click.echo(_("Shared on your card besides the counts: {fields} (from the next sync)").format(
        fields=", ".join(shared) if shared else _("nothing")))


@party.command()
@click.argument("name")
@click.option("--off", is_flag=True, help="Show the member again.")
@db_option
@pass_ctx
def mute(obj: Context, name: str, off: bool) -> None:
    """Hide a member and their cheers on this device."""
    member = obj.app.party.mute(name, not off)
    said = _("{name} is shown again.") if off else _("{name} is muted on this device.")
    click.echo(said.format(name=inert(member)))


@party.command()
@click.argument("member_id")
@db_option
@pass_ctx
def trust(obj: Context, member_id: str) -> None:
    """Accept a member's new key: forget the one learned here (ask them first)."""
    member = obj.app.party.trust(member_id)
    click.echo(_("The key learned for {name} is forgotten here: the key their card names is "
                 "learned at the next read.").format(name=inert(member)))


@party.command()
@db_option
@pass_ctx
def leave(obj: Context) -> None:
    """Remove your card from the party (a signed commit) and forget the party here."""
    name = obj.app.party.leave()
    click.echo(_("You left {party}.").format(party=inert(name)))
