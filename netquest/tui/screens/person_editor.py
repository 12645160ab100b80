"""The person editor: name, where from, tags, stage, who introduced them, interval and notes.

Fields are checked with the services' own rules as you type; Save asks the services, and a
refusal shows in the dialog, which stays open: nothing is written until it is valid.
"""

from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Select, TextArea

from netquest.i18n import N_, _
from netquest.rules.people import STAGES
from netquest.services import ServiceError
from netquest.services.people import PersonView
from netquest.text import fit, has_control, inert, name_list, plain
from netquest.tui.filewatch import DATA_ERRORS, guard_writes
from netquest.tui.screens import SCREENS_CSS


class PersonEditor(ModalScreen[PersonView | None]):
    """Add someone, or edit `person`; gives back the person as saved, or None."""

    CSS_PATH = SCREENS_CSS

    BINDINGS = [
        Binding("escape,q", "cancel", N_("Cancel"), id="person-editor.cancel"),
        Binding("ctrl+s", "save", N_("Save"), id="person-editor.save"),
    ]

    def __init__(
        self, services, everyone: list[PersonView], person: PersonView | None = None
    ) -> None:
        super().__init__(classes="dialog-screen")
        self.services, self.person = services, person
        self.others = [p for p in everyone if person is None or p.id != person.id]
        self.error: str | None = None
        self.initial: dict = {}

    def compose(self) -> ComposeResult:
        p = self.person
        # An escape sequence in stored text would be typed into the Input as is: show it inert.
        text = lambda value: inert(value) if has_control(value) else value  # noqa: E731
        with Vertical(classes="dialog person-editor"):
            title = plain(_("Edit {name}").format(name=p.name)) if p else plain(_("New person"))
            yield Label(title, classes="dialog-title")
            with Grid(id="person-fields"):
                yield Label(_("Name"))
                yield Input(
                    text(p.name) if p else "", placeholder=_("Ana Souza"), id="name", compact=True
                )
                yield Label(_("Where from"))
                yield Input(
                    text(p.where) if p else "",
                    placeholder=_("the local meetup"),
                    id="where",
                    compact=True,
                )
                yield Label(_("Tags"))
                yield Input(
                    text(", ".join(p.tags)) if p else "",
                    placeholder=_("rust, berlin (comma-separated)"),
                    id="tags",
                    compact=True,
                )
                yield Label(_("Stage"))
                yield Select(
                    [(_(title), sid) for sid, title in STAGES],
                    value=p.stage if p else "want",
                    allow_blank=False,
                    id="stage",
                    compact=True,
                )
                yield Label(_("Introduced by"))
                yield Select(
                    [(plain(fit(inert(o.name), 40)), o.id) for o in self.others],
                    value=p.introduced_by
                    if p and p.introduced_by in {o.id for o in self.others}
                    else Select.NULL,
                    prompt=_("nobody"),
                    id="introduced-by",
                    compact=True,
                )
                yield Label(_("Every (days)"))
                yield Input(
                    str(p.interval) if p and p.interval else "",
                    placeholder=_("keep in touch every … days"),
                    id="interval",
                    compact=True,
                )
                yield Label(_("Notes"))
                yield TextArea(
                    text(p.notes) if p else "",
                    id="person-notes-input",
                    compact=True,
                    soft_wrap=True,
                    show_line_numbers=False,
                )
            yield Label("", id="error")
            with Horizontal(classes="buttons"):
                yield Button(_("Save (ctrl+s)"), variant="primary", id="save")
                yield Button(_("Cancel (esc)"), id="cancel")

    def on_mount(self) -> None:
        self.initial = self.fields()
        self.check()

    def fields(self) -> dict:
        value = lambda wid: self.query_one(f"#{wid}", Input).value  # noqa: E731
        by = self.query_one("#introduced-by", Select).value
        return {
            "name": value("name"),
            "where": value("where"),
            "tags": name_list(value("tags")),
            "stage": self.query_one("#stage", Select).value,
            "introduced_by": None if by is Select.NULL else by,
            "interval": value("interval").strip(),
            "notes": self.query_one(TextArea).text,
        }

    def problem(self, f: dict) -> str | None:
        """The first field the services would refuse, in their words, or None."""
        try:
            self.services.people.validate(f, self.others)
        except ServiceError as exc:
            return str(exc)
        return None

    @on(Input.Changed)
    @on(Select.Changed)
    @on(TextArea.Changed)
    def check(self) -> None:
        self.show_error(self.problem(self.fields()))

    def show_error(self, error: str | None) -> None:
        self.error = error
        label = self.query_one("#error", Label)
        label.update(inert(error or _("✓ ready to save")))
        label.set_class(error is not None, "-invalid")
        self.query_one("#save", Button).disabled = error is not None

    @on(Input.Submitted)
    @on(Button.Pressed, "#save")
    def action_save(self) -> None:
        self.check()
        if self.error is None:
            self.save(self.fields())

    @work(thread=True, exclusive=True, group="person-save")
    def save(self, f: dict) -> None:
        try:
            guard_writes(self.app)
            if self.person is None:
                saved = self.services.people.add(**f)
            else:
                # Only what was changed: a name shown inert must not be saved as its caret form.
                changed = {key: value for key, value in f.items() if value != self.initial.get(key)}
                saved = self.services.people.edit(self.person.id, **changed)
        except DATA_ERRORS as exc:
            self.app.call_from_thread(self.show_error, str(exc))
            return
        self.app.call_from_thread(self.dismiss, saved)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
