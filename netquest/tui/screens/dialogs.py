"""Small dialogs: a check-in with a note and people, a yes/no question, a celebration."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from rich.text import Text
from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Static, TextArea

from netquest.services import ServiceError
from netquest.tui.widgets.name_suggester import NameSuggester
from netquest.tui.words import people_list, plain


@dataclass(frozen=True)
class NoteEntry:
    """What the note dialog gives back."""

    note: str
    people: list[str]


class NoteDialog(ModalScreen[NoteEntry | None]):
    """Check in with a note and the people met (comma-separated, known names completed).

    `names()` gives the known names to complete; it is called in a thread.
    """

    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="dialog.cancel"),
        Binding("ctrl+s", "save", "Check in", id="dialog.save"),
    ]

    def __init__(self, quest_title: str, day_text: str, names: Callable[[], list[str]] | None = None) -> None:
        super().__init__(classes="dialog-screen")
        self.quest_title, self.day_text, self.names = quest_title, day_text, names

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            title = Text("Check in: ", style="bold").append_text(plain(self.quest_title))
            yield Label(title, classes="dialog-title")
            yield Label(self.day_text, classes="dim")
            yield Label("Note")
            yield TextArea(id="note", soft_wrap=True, show_line_numbers=False)
            yield Label("People, comma-separated (→ takes a suggested name)")
            yield Input(placeholder="Ana Souza, Ben Okafor", id="people", suggester=NameSuggester())
            with Horizontal(classes="buttons"):
                yield Button("Check in (ctrl+s)", variant="primary", id="save")
                yield Button("Cancel (esc)", id="cancel")

    def on_mount(self) -> None:
        if self.names is not None:
            self._load_names()

    @work(thread=True, group="names")
    def _load_names(self) -> None:
        try:
            names = self.names()
        except ServiceError:
            return  # no suggestions; the check-in itself still works
        self.app.call_from_thread(self.query_one("#people", Input).suggester.set_names, names)

    def action_cancel(self) -> None:
        self.dismiss(None)

    @on(Button.Pressed, "#save")
    @on(Input.Submitted, "#people")
    def action_save(self) -> None:
        note = self.query_one("#note", TextArea).text.strip()
        people = people_list(self.query_one("#people", Input).value)
        self.dismiss(NoteEntry(note, people))

    @on(Button.Pressed, "#cancel")
    def _cancel(self) -> None:
        self.dismiss(None)


class ConfirmDialog(ModalScreen[bool]):
    """A yes/no question; Enter or y confirms, Esc or n declines."""

    BINDINGS = [
        Binding("y", "answer(True)", "Yes", id="dialog.yes"),
        Binding("n,escape", "answer(False)", "No", id="dialog.no"),
    ]

    def __init__(self, question: Text, yes: str = "Yes") -> None:
        super().__init__(classes="dialog-screen")
        self.question, self.yes = question, yes

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(self.question, classes="question")
            with Horizontal(classes="buttons"):
                yield Button(f"{self.yes} (y)", variant="warning", id="yes")
                yield Button("No (n)", id="no")

    def on_mount(self) -> None:
        self.query_one("#no", Button).focus()

    def action_answer(self, value: bool) -> None:
        self.dismiss(value)

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")


class Celebration(ModalScreen[None]):
    """A level-up or a new achievement gets a moment of its own; any key or click closes it."""

    def __init__(self, headline: str, lines: list[str]) -> None:
        super().__init__(classes="dialog-screen")
        self.headline, self.lines = headline, lines

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog celebration"):
            yield Label(self.headline, classes="headline")
            for line in self.lines:
                yield Label(plain(line))
            yield Label("press any key", classes="dim")

    def on_key(self, event: events.Key) -> None:
        event.stop()
        event.prevent_default()
        self.dismiss(None)

    def on_click(self, event: events.Click) -> None:
        event.stop()
        self.dismiss(None)


def celebration(result) -> Celebration | None:
    """The moment a check-in earned, if it reached a level or unlocked a badge."""
    lines = []
    if result.leveled_up:
        lines.append(f"You reached level {result.level_after.level}.")
    for a in result.unlocked:
        lines.append(f"🏆 {a.title}: {a.description}")
    if not lines:
        return None
    return Celebration("Level up!" if result.leveled_up else "Achievement unlocked!", lines)
