"""The quest editor: title, tip, cadence, target, XP and reminder time, checked by the services as
you type."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Select

from netquest.catalog import TIPS
from netquest.i18n import N_, _
from netquest.services import Quest, ServiceError
from netquest.services.errors import CADENCE_SYNTAX
from netquest.services.reminders import clean_time
from netquest.structs import Struct
from netquest.text import inert
from netquest.tui.screens import SCREENS_CSS
from netquest.wording import quest_title


class QuestFields(Struct, frozen=True):
    """The editor's answer, valid by the services' rules when it is given back."""

    title: str
    tip: int
    cadence: str
    target: int
    xp: int
    remind: str = ""  # its own reminder time, HH:MM; "" for none


class QuestEditor(ModalScreen[QuestFields | None]):
    """Add or edit a quest; Save is disabled while the services refuse the fields."""

    CSS_PATH = SCREENS_CSS

    BINDINGS = [
        Binding("escape,q", "cancel", N_("Cancel"), id="editor.cancel"),
        Binding("ctrl+s", "save", N_("Save"), id="editor.save"),
    ]

    def __init__(self, validate, quest: Quest | None = None) -> None:
        super().__init__(classes="dialog-screen")
        self.validate, self.quest = validate, quest
        self.error: str | None = None

    def compose(self) -> ComposeResult:
        q = self.quest
        with Vertical(classes="dialog editor"):
            yield Label(_("Edit quest") if q else _("New quest"), classes="dialog-title")
            with Grid(id="fields"):
                yield Label(_("Title"))
                yield Input(
                    inert(quest_title(q)) if q else "",
                    placeholder=_("What you will do"),
                    id="title",
                    compact=True,
                )
                yield Label(_("Tip"))
                yield Select(
                    [(f"{t.number} · {_(t.title)}", t.number) for t in TIPS],
                    value=q.tip if q else 1,
                    allow_blank=False,
                    id="tip",
                    compact=True,
                )
                yield Label(_("Cadence"))
                yield Input(
                    str(q.cadence) if q else "daily",
                    placeholder="daily",
                    id="cadence",
                    compact=True,
                )
                yield Label("")
                yield Label(_(CADENCE_SYNTAX), id="syntax", classes="dim")
                yield Label(_("Target"))
                # Two short numbers share a row, so the reminder fits an 80x24 terminal.
                with Horizontal(classes="pair"):
                    yield Input(str(q.target) if q else "1", id="target", compact=True)
                    yield Label("XP")
                    yield Input(str(q.xp) if q else "10", id="xp", compact=True)
                yield Label(_("Reminder"))
                yield Input(
                    q.reminder["time"] if q and q.reminder else "",
                    id="remind",
                    compact=True,
                    placeholder=_("HH:MM in your time zone, or empty for none"),
                )
            yield Label("", id="error")
            with Horizontal(classes="buttons"):
                yield Button(_("Save (ctrl+s)"), variant="primary", id="save")
                yield Button(_("Cancel (esc)"), id="cancel")

    def on_mount(self) -> None:
        self.check()

    def fields(self) -> tuple:
        value = lambda wid: self.query_one(f"#{wid}", Input).value  # noqa: E731
        title = value("title")
        if self.quest is not None and title == inert(quest_title(self.quest)):
            title = self.quest.title  # a starter title left as shown is not a rename
        return (
            title,
            self.query_one("#tip", Select).value,
            value("cadence"),
            value("target"),
            value("xp"),
        )

    def remind(self) -> str:
        """The reminder time as HH:MM, "" for none; ServiceError for one that is not a time."""
        text = self.query_one("#remind", Input).value.strip()
        return clean_time(text) if text else ""

    @on(Input.Changed)
    @on(Select.Changed)
    def check(self) -> None:
        """Ask the services whether the fields are valid and show the first problem."""
        try:
            self.validate(*self.fields())
            self.remind()
            self.error = None
        except ServiceError as exc:
            self.error = str(exc)
        label = self.query_one("#error", Label)
        label.update(inert(self.error or _("✓ ready to save")))
        label.set_class(self.error is not None, "-invalid")
        self.query_one("#save", Button).disabled = self.error is not None

    @on(Input.Submitted)
    @on(Button.Pressed, "#save")
    def action_save(self) -> None:
        self.check()
        if self.error is not None:
            self.notify(self.error, severity="error", markup=False)
            return
        title, tip, cadence, target, xp = self.fields()
        self.dismiss(
            QuestFields(
                title.strip(), int(tip), cadence.strip(), int(target), int(xp), self.remind()
            )
        )

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
