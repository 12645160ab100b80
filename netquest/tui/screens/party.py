"""Party: the board of one's party — members, their week by tip, streaks, who is on a roll,
who has gone quiet or rests — the party challenge, and what was not counted.  Keys sync,
cheer the highlighted member and mute them; the board and every decision come from the
party services, in a thread worker (a sync talks to the network)."""

from __future__ import annotations

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import DataTable, Footer, Input, Label, Static

from netquest.i18n import N_, _, ngettext
from netquest.services import ServiceError
from netquest.services.party_state import NoParty
from netquest.text import inert
from netquest.tui.filewatch import DATA_ERRORS
from netquest.tui.screens import SCREENS_CSS
from netquest.wording import ignored_line, party_challenge_line, party_status

TIP_HEADS = (N_("Conv"), N_("Host"), N_("Intro"), N_("Coffee"), N_("Goal"))
NO_PARTY = N_("No party yet. On the command line: `netquest party create REMOTE --name NAME "
              "--as YOU` starts one in an empty git repository; `netquest party join REMOTE "
              "--as YOU` joins a friend's.")


def problem(exc: Exception) -> str:
    """One line for a failed party call: the service's own, or what the system refused (the
    party folder full or not writable) and the file it was about."""
    if isinstance(exc, OSError) and not isinstance(exc, ServiceError):
        where = f": {exc.filename}" if exc.filename else ""
        return inert(f"{exc.strerror or exc}{where}")
    return str(exc)


def toast_cheers(widget, cheers) -> None:
    """One toast with the cheers a sync brought (each is shown once: the services remember)."""
    if cheers:
        lines = [f"{inert(c.sender)}: {inert(c.text)}" for c in cheers]
        title = ngettext("{n} cheer from your party", "{n} cheers from your party",
                         len(cheers)).format(n=len(cheers))
        widget.notify("\n".join(lines), title=f"🎉 {title}", markup=False, timeout=10)


class CheerDialog(ModalScreen[str | None]):
    """One line to cheer a member on; Enter sends, Esc closes without sending."""

    CSS_PATH = SCREENS_CSS

    BINDINGS = [Binding("escape", "cancel", N_("Cancel"), id="cheer.cancel")]

    def __init__(self, name: str) -> None:
        super().__init__(classes="dialog-screen")
        self.member = name

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(Text(_("Cheer {name} on").format(name=self.member), style="bold"),
                         classes="dialog-title")
            yield Input(placeholder=_("Nice streak!"), max_length=140, id="cheer-text")
            yield Label(_("Enter sends (3 a day to one member) · Esc closes"), classes="dim")

    @on(Input.Submitted)
    def _send(self, event: Input.Submitted) -> None:
        self.dismiss(event.value)

    def action_cancel(self) -> None:
        self.dismiss(None)


class PartyScreen(Screen[None]):
    """The party board; `s` syncs, `c` cheers the highlighted member, `m` mutes them."""

    CSS_PATH = SCREENS_CSS

    BINDINGS = [
        Binding("escape,q", "app.pop_screen", N_("Back"), id="party.back"),
        Binding("s", "sync", N_("Sync"), id="party.sync",
                tooltip=N_("Publish your card and fetch everyone's")),
        Binding("c", "cheer", N_("Cheer"), id="party.cheer",
                tooltip=N_("Cheer the highlighted member")),
        Binding("m", "mute", N_("Mute"), id="party.mute",
                tooltip=N_("Hide the highlighted member on this device")),
    ]

    def __init__(self, services) -> None:
        super().__init__()
        self.services = services
        self.board = None

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="party-body"):
            yield Static(Text(_("Party"), style="bold"), id="party-title")
            yield Label(_("Loading…"), id="party-week", classes="dim", markup=False)
            yield DataTable(id="party-board", cursor_type="row", zebra_stripes=False)
            yield Static("", id="party-challenge", markup=False)
            yield Static("", id="party-ignored", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns(_("Member"), *(_(h) for h in TIP_HEADS), _("Week"), _("Streak"),
                          _("Lvl"), "")
        table.focus()
        self.reload()

    def check_action(self, action: str, parameters: tuple) -> bool | None:
        if action in ("cheer", "mute"):
            return self._highlighted() is not None
        if action == "sync":
            return self.board is not None
        return True

    @work(thread=True, exclusive=True, group="party")
    def reload(self) -> None:
        self._run(self.services.party.board)

    @work(thread=True, exclusive=True, group="party")
    def action_sync(self) -> None:
        self.app.call_from_thread(self.notify, _("Syncing with the party…"), timeout=2)
        result = self._run(lambda: self.services.party.sync().board)
        if result is not None:
            cheers = self.services.party.new_cheers()
            self.app.call_from_thread(toast_cheers, self.app, cheers)

    def _run(self, read):
        """Run `read` (a party service call) and show the board it returns, or say why not."""
        try:
            board = read()
        except NoParty:
            self.app.call_from_thread(self._no_party)
            return None
        except (ServiceError, *DATA_ERRORS, OSError) as exc:
            self.app.call_from_thread(self.notify, problem(exc), severity="error", markup=False)
            return None
        self.app.call_from_thread(self.show, board)
        return board

    def _no_party(self) -> None:
        self.board = None
        self.query_one("#party-week", Label).update(_(NO_PARTY))
        self.refresh_bindings()

    def show(self, board) -> None:
        self.board = board
        synced = board.synced.replace("T", " ") if board.synced else _("never")
        self.query_one("#party-title", Static).update(
            Text(_("Party · {name}").format(name=inert(board.party)), style="bold"))
        self.query_one("#party-week", Label).update(
            _("Week {first} to {last} · synced {when}").format(
                first=board.week_from, last=board.week_to, when=synced))
        table = self.query_one(DataTable)
        table.clear()
        for m in board.members:
            # Text, not str: a DataTable reads a str cell as markup, and names come from
            # other members' files.
            name = Text(inert(m.name) + (" " + _("(you)") if m.me else ""))
            table.add_row(name, *(Text(str(m.week.get(t, 0))) for t in range(1, 6)),
                          Text(str(m.total)), Text(f"🔥 {m.day_streak}"), Text(str(m.level)),
                          Text(party_status(m)), key=m.id)
        challenge = (party_challenge_line(board.challenge, board.name_of) if board.challenge
                     else _("No party challenge this week: set one with `netquest party "
                            "challenge TEXT --tip N --target N`."))
        if board.badges:
            challenge += "\n" + _("Party badges: {badges}").format(badges=", ".join(
                _("{badge} (week of {week})").format(badge=inert(text), week=week)
                for week, text in board.badges))
        self.query_one("#party-challenge", Static).update(challenge)
        lines = [_("WARNING: {name}'s key has changed to {key}: their card is ignored here").format(
            name=inert(m), key=board.new_keys.get(m, "?")) for m in board.key_changes]
        if board.ignored:
            lines.append(_("Not counted:"))
            lines.extend("  " + ignored_line(item) for item in board.ignored)
        if board.muted:
            lines.append(ngettext("Muted here: {n} member", "Muted here: {n} members",
                                  len(board.muted)).format(n=len(board.muted)))
        self.query_one("#party-ignored", Static).update("\n".join(lines))
        self.refresh_bindings()

    def _highlighted(self):
        if self.board is None:
            return None
        table = self.query_one(DataTable)
        others = [m for m in self.board.members if not m.me]
        if not others or table.cursor_row < 0 or table.cursor_row >= len(self.board.members):
            return None
        member = self.board.members[table.cursor_row]
        return None if member.me else member

    @on(DataTable.RowHighlighted)
    def _moved(self) -> None:
        self.refresh_bindings()

    def action_cheer(self) -> None:
        member = self._highlighted()
        if member is None:
            return

        def send(text: str | None) -> None:
            if text:
                self._cheer(member.id, text)

        self.app.push_screen(CheerDialog(inert(member.name)), send)

    @work(thread=True, group="party-cheer")
    def _cheer(self, member: str, text: str) -> None:
        try:
            cheer = self.services.party.cheer(member, text)
        except (ServiceError, *DATA_ERRORS, OSError) as exc:
            self.app.call_from_thread(self.notify, problem(exc), severity="error", markup=False)
            return
        self.app.call_from_thread(
            self.notify, _("Cheer for {name} saved: it goes out with the next sync (s)").format(
                name=inert(cheer.to)), markup=False)

    def action_mute(self) -> None:
        member = self._highlighted()
        if member is not None:
            self._mute(member.id, member.name)

    @work(thread=True, group="party")
    def _mute(self, member: str, name: str) -> None:
        def mute():
            self.services.party.mute(member)
            return self.services.party.board()

        if self._run(mute) is not None:
            self.app.call_from_thread(
                self.notify, _("{name} is muted on this device").format(name=inert(name)),
                markup=False)
