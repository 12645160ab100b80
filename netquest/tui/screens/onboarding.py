"""First start: what the game is, what you want from networking, which starter quests to take."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Checkbox, Footer, Input, Label, RadioButton, RadioSet, Static

from netquest.catalog import TIPS, StarterQuest
from netquest.i18n import N_, _
from netquest.services import ServiceError
from netquest.structs import Struct
from netquest.tui.screens import SCREENS_CSS
from netquest.wording import WANTS, target_words

WELCOME = N_(
    "NetQuest turns the four habits of good networking into small recurring quests.\n"
    "Check in when you do one; streaks, XP and levels keep you coming back."
)


class Onboarded(Struct, frozen=True):
    """The answer of onboarding: starter picks (id, cadence), what the player wants and its kind."""

    picks: list[tuple[str, str]]
    want: str | None
    kind: str = "explore"


class Tick(Checkbox):
    """A checkbox whose button is blank when unticked: Textual's shows an X either way and
    only its colour changes, which reads as ticked in every theme."""

    @property
    def _button(self):
        self.BUTTON_INNER = Checkbox.BUTTON_INNER if self.value else " "
        return super()._button


class Choice(RadioButton):
    """A radio button that is empty when not chosen, for the same reason as `Tick`."""

    @property
    def _button(self):
        self.BUTTON_INNER = RadioButton.BUTTON_INNER if self.value else " "
        return super()._button


class StarterPick(Horizontal):
    """A starter quest: a checkbox with its title and an editable cadence."""

    def __init__(self, tip: int, starter: StarterQuest) -> None:
        super().__init__(classes="starter")
        self.tip, self.starter = tip, starter

    def compose(self) -> ComposeResult:
        sq = self.starter
        yield Tick(_(sq.title), sq.selected, compact=True, id=f"pick-{sq.id}")
        yield Input(sq.cadence, compact=True, id=f"cadence-{sq.id}", classes="cadence")
        yield Label(target_words(sq.target), classes="target")
        yield Label("", classes="pick-error")

    @property
    def chosen(self) -> bool:
        return self.query_one(Checkbox).value

    @property
    def cadence(self) -> str:
        return self.query_one(Input).value.strip()


class OnboardingScreen(Screen[Onboarded | None]):
    """Dismisses with the player's picks, or None when skipped."""

    CSS_PATH = SCREENS_CSS

    BINDINGS = [
        Binding("ctrl+s", "finish", N_("Start playing"), id="onboarding.finish"),
        Binding("escape,q", "skip", N_("Skip setup"), id="onboarding.skip"),
    ]

    def __init__(self, validate) -> None:
        super().__init__()
        self.validate = validate

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="onboarding"):
            yield Static(Text(_("Welcome to NetQuest"), style="bold"), classes="headline")
            yield Static(_(WELCOME), id="welcome")
            yield Label(_("What do you want from networking?"), classes="section-title")
            with RadioSet(id="want"):
                for i, (key, text) in enumerate(WANTS):
                    yield Choice(_(text), value=i == 0, id=f"want-{key}")
            yield Input(placeholder=_("In one sentence of your own (optional)"), id="want-text")
            yield Label(_("Pick your starter quests (edit the cadence if you like)"),
                        classes="section-title")
            for tip in TIPS:
                if not tip.quests:
                    continue
                yield Label(f"{tip.number} · {_(tip.title)}", classes="tip-title")
                for sq in tip.quests:
                    yield StarterPick(tip.number, sq)
            yield Label("", id="onboarding-error")
            with Horizontal(classes="buttons"):
                yield Button(_("Start playing (ctrl+s)"), variant="primary", id="finish")
                yield Button(_("Skip (esc)"), id="skip")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#want", RadioSet).focus()

    def check(self, pick: StarterPick) -> str | None:
        """The services' verdict on one pick's cadence, shown beside it."""
        sq = pick.starter
        try:
            self.validate(sq.title, pick.tip, pick.cadence, sq.target, sq.xp)
            error = None
        except ServiceError as exc:
            error = str(exc)
        label = pick.query_one(".pick-error", Label)
        label.update(error or "")
        pick.set_class(error is not None, "-invalid")
        return error

    @on(Input.Changed, ".cadence")
    def _cadence_changed(self, event: Input.Changed) -> None:
        pick = event.input.parent
        if isinstance(pick, StarterPick):
            self.check(pick)

    def answer(self) -> Onboarded | None:
        picks, errors = [], []
        for pick in self.query(StarterPick):
            if pick.chosen:
                error = self.check(pick)
                if error:
                    errors.append(f"{_(pick.starter.title)}: {error}")
                picks.append((pick.starter.id, pick.cadence))
        status = self.query_one("#onboarding-error", Label)
        if errors:
            status.update(errors[0])
            return None
        status.update("")
        radios = self.query_one("#want", RadioSet)
        kind, label = WANTS[radios.pressed_index] if radios.pressed_index >= 0 else WANTS[0]
        own = self.query_one("#want-text", Input).value.strip()
        return Onboarded(picks, own or _(label), kind)

    @on(Button.Pressed, "#finish")
    def action_finish(self) -> None:
        answer = self.answer()
        if answer is None:
            self.notify(_("Fix the cadence marked in red first."), severity="error")
            return
        self.dismiss(answer)

    @on(Button.Pressed, "#skip")
    def action_skip(self) -> None:
        self.dismiss(None)
