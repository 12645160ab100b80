"""Before a conversation: who you are about to meet, your goal, your ask, questions to ask them,
and afterwards one line on how it went, logged as a check-in that names them."""

from __future__ import annotations

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.suggester import SuggestFromList
from textual.widgets import Input, Label, Static

from netquest.i18n import N_, _
from netquest.rules.people import STAGE_TITLES
from netquest.services.views import ConversationCard
from netquest.text import inert, plain
from netquest.tui.filewatch import DATA_ERRORS, guard_writes
from netquest.tui.screens import SCREENS_CSS
from netquest.wording import contact_text


def card_text(card: ConversationCard) -> Text:
    """The card itself: the person, what you want, your ask, how to reach you, three questions."""
    before, _name, after = _("Talking with {person}").partition("{person}")
    text = Text.assemble((before, "bold"), plain(card.person, style="bold"), (after, "bold"))
    if card.stage:
        stage = _(STAGE_TITLES[card.stage]) if card.stage in STAGE_TITLES else card.stage
        text.append(f" · {stage}", style="dim")
    rows = [
        (_("You want"), card.want),
        (_("Your ask"), card.ask),
        (_("Reach you at"), contact_text(card.contact)),
    ]
    for label, value in rows:
        if value:
            text.append("\n" + _("{label}: ").format(label=label), style="bold").append_text(
                plain(value))
    if not card.want:
        text.append("\n" + _("No goal yet: press e on the goal screen to say what you want."),
                    style="dim")
    text.append("\n" + _("Ask them:"), style="bold")
    for question in card.questions:
        text.append(f"\n  • {question}")
    return text


class ConversationCardDialog(ModalScreen):
    """Name the person, read the card, then log the outcome: dismisses with the CheckinResult."""

    CSS_PATH = SCREENS_CSS

    BINDINGS = [Binding("escape,q", "cancel", N_("Close"), id="card.close")]

    def __init__(self, services) -> None:
        super().__init__(classes="dialog-screen")
        self.services = services
        self.card: ConversationCard | None = None

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog conversation"):
            yield Label(_("Before a conversation"), classes="dialog-title")
            yield Label(_("Who are you about to talk with?"))
            yield Input(placeholder=_("Their name, then Enter"), id="person", compact=True)
            yield Static("", id="card")
            with Vertical(id="outcome-box"):
                yield Label(_("Afterwards: how did it go?"), classes="section-title")
                yield Input(
                    placeholder=_("One line on what you learned; Enter logs it"),
                    id="outcome",
                    compact=True,
                )
            yield Label("", id="error")
            yield Label(_("Enter shows the card · Esc closes"), id="card-hint", classes="dim")

    def on_mount(self) -> None:
        self.query_one("#card").display = False
        self.query_one("#outcome-box").display = False
        self.load_names()

    @work(thread=True, group="card-names")
    def load_names(self) -> None:
        try:
            names = [p.name for p in self.services.people.list()]
        except DATA_ERRORS:
            return  # suggestions are a help, not a need
        self.app.call_from_thread(self._names, names)

    def _names(self, names: list[str]) -> None:
        self.query_one("#person", Input).suggester = SuggestFromList(names, case_sensitive=False)

    def show_error(self, error: str | None) -> None:
        label = self.query_one("#error", Label)
        label.update(plain(error or ""))
        label.set_class(error is not None, "-invalid")
        label.display = error is not None

    @on(Input.Submitted, "#person")
    def _person(self, event: Input.Submitted) -> None:
        self.fetch(event.value)

    @work(thread=True, exclusive=True, group="card")
    def fetch(self, name: str) -> None:
        try:
            card = self.services.conversations.card(name)
        except DATA_ERRORS as exc:
            self.app.call_from_thread(self.show_error, inert(str(exc)))
            return
        self.app.call_from_thread(self.show_card, card)

    def show_card(self, card: ConversationCard) -> None:
        self.card = card
        self.show_error(None)
        self.query_one("#card", Static).update(card_text(card))
        self.query_one("#card").display = True
        self.query_one("#outcome-box").display = True
        self.query_one("#card-hint", Label).update(
            _("Enter on the outcome logs a virtual coffee with them · Esc closes")
        )
        self.query_one("#outcome", Input).focus()

    @on(Input.Submitted, "#outcome")
    def _outcome(self, event: Input.Submitted) -> None:
        if self.card is not None:
            self.log_outcome(self.card.person, event.value.strip())

    @work(thread=True, exclusive=True, group="card")
    def log_outcome(self, person: str, note: str) -> None:
        try:
            guard_writes(self.app)
            result = self.services.conversations.log(person, note)
        except DATA_ERRORS as exc:
            self.app.call_from_thread(self.show_error, inert(str(exc)))
            return
        self.app.call_from_thread(self.dismiss, (person, result))

    def action_cancel(self) -> None:
        self.dismiss(None)
