"""Small dialogs: a check-in with a note and people, a yes/no question; and the celebration toasts."""

from __future__ import annotations

from datetime import date
from typing import Callable

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Static, TextArea

from netquest.i18n import N_, _, ngettext
from netquest.idwords import cadence_words
from netquest.rules.people import normalize_name
from netquest.services.inputs import MAX_COUNT, MAX_NOTE
from netquest.structs import Struct
from netquest.text import fit, inert, inert_multiline, name_list, one_line, plain
from netquest.tui.filewatch import DATA_ERRORS
from netquest.tui.translate import styled
from netquest.tui.widgets.name_suggester import NameSuggester
from netquest.wording import (
    achievement_description,
    achievement_title,
    dated,
    earned,
    quest_title,
    short_day,
    titled,
)

NOTE_PREVIEW = 60  # cells of a note quoted in a question


def checkin_question(ask: str, entry, explain: str = "") -> Text:
    """A question about one past check-in that names it: the quest, the day, the count and XP,
    the people and the note (shortened).  `ask` is the translated question with {title},
    {day}, {count} and {xp} in it."""
    text = styled(ask, title=plain(titled(entry.quest_id, entry.quest_title), style="bold"),
                  day=dated(_("{weekday} {dd} {month} {year}"), entry.day), count=str(entry.count),
                  xp=str(entry.xp))
    if entry.people:
        text.append("\n" + _("With: ")).append_text(plain(_(", ").join(entry.people)))
    if entry.note:
        text.append("\n" + _("Note: ")).append_text(
            plain(fit(one_line(entry.note), NOTE_PREVIEW), style="italic")
        )
    if explain:
        text.append("\n" + explain, style="dim")
    return text


class NoteEntry(Struct, frozen=True):
    """What the note dialog gives back."""

    note: str
    people: list[str]
    count: int | None = None  # only when the dialog edits a past check-in


class NoteDialog(ModalScreen[NoteEntry | None]):
    """Check in with a note and the people met (comma-separated, known names completed).

    `names()` gives the known names to complete; it is called in a thread.
    """


    BINDINGS = [
        Binding("escape,q", "cancel", N_("Cancel"), id="dialog.cancel"),
        Binding("ctrl+s", "save", N_("Check in"), id="dialog.save"),
    ]

    verb = N_("Check in")  # translated where it is shown

    def __init__(
        self, quest_title: str, day_text: str, names: Callable[[], list[str]] | None = None
    ) -> None:
        super().__init__(classes="dialog-screen")
        self.quest_title, self.day_text, self.names = quest_title, day_text, names
        self.note, self.people, self.count = "", "", None  # what the fields start with
        self.known: list[str] | None = None  # None until the names have loaded
        self.offered: tuple[str, ...] = ()  # new names the player was asked about

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            title = Text(_("{verb}: ").format(verb=_(self.verb)), style="bold")
            title.append_text(plain(self.quest_title))
            yield Label(title, classes="dialog-title")
            yield Label(self.day_text, classes="dim")
            if self.count is not None:
                yield Label(_("Count"))
                yield Input(str(self.count), id="count", type="integer", compact=True)
            yield Label(_("Note"))
            yield TextArea(self.note, id="note", soft_wrap=True, show_line_numbers=False)
            yield Label(_("People, comma-separated (→ takes a suggested name)"))
            yield Input(
                self.people,
                placeholder="Ana Souza, Ben Okafor",
                id="people",
                suggester=NameSuggester(),
            )
            yield Label("", id="new-people", classes="dim")
            with Horizontal(classes="buttons"):
                yield Button(_("{verb} (ctrl+s)").format(verb=_(self.verb)), variant="primary",
                             id="save")
                yield Button(_("Cancel (esc)"), id="cancel")

    def on_mount(self) -> None:
        if self.names is not None:
            self._load_names()

    @work(thread=True, group="names")
    def _load_names(self) -> None:
        try:
            names = self.names()
        except DATA_ERRORS:
            return  # no suggestions; the check-in itself still works
        self.app.call_from_thread(self._names_loaded, names)

    def _names_loaded(self, names: list[str]) -> None:
        self.known = list(names)
        self.query_one("#people", Input).suggester.set_names(names)

    def new_names(self, people: list[str]) -> tuple[str, ...]:
        """Typed names that match nobody, by name or the start of one (as the services match
        them): these would create a person."""
        return tuple(name for name in people if self.known is not None and not self.matches(name))

    def matches(self, name: str) -> list[str]:
        """The known names a typed one means: the same name, else every name it starts."""
        key = normalize_name(name)
        exact = [n for n in self.known or () if normalize_name(n) == key]
        return exact or [n for n in self.known or () if normalize_name(n).startswith(key)]

    def ambiguous(self, people: list[str]) -> str | None:
        """The first typed name that could be several people, said as the services would refuse it."""
        for name in people:
            found = self.matches(name)
            if len(found) > 1:
                shown = _(", ").join(found[:4])
                if len(found) > 4:
                    shown = _("{names} and {n} more").format(names=shown, n=len(found) - 4)
                return _("{name} could be {n} people: {names}; type more of the name.").format(
                    name=repr(name), n=len(found), names=shown)
        return None

    def action_cancel(self) -> None:
        self.dismiss(None)

    @on(Button.Pressed, "#save")
    @on(Input.Submitted, "#people")
    @on(Input.Submitted, "#count")
    def action_save(self) -> None:
        note = self.query_one("#note", TextArea).text.strip()
        people = name_list(self.query_one("#people", Input).value)
        count = None
        if self.count is not None:
            typed = self.query_one("#count", Input).value.strip()
            if not typed.isdigit() or not 1 <= int(typed) <= MAX_COUNT:
                self.query_one("#new-people", Label).update(
                    _("The count is a whole number from 1 to {max}.").format(max=MAX_COUNT)
                )
                return
            count = int(typed)
        if len(note) > MAX_NOTE:
            # Refused here, not after the dialog closed: what was typed stays to be shortened.
            self.query_one("#new-people", Label).update(
                _("A note may have at most {max} characters; this one has {n}.").format(
                    max=MAX_NOTE, n=len(note))
            )
            return
        unclear = self.ambiguous(people)
        if unclear is not None:  # refused here, so the dialog and what was typed stay
            self.query_one("#new-people", Label).update(plain(unclear))
            return
        new = self.new_names(people)
        if new and new != self.offered:
            # A name that matches nobody offers to add the person; the same save again agrees.
            self.offered = new
            self.query_one("#new-people", Label).update(
                styled(_("New: {names} (not known yet): ctrl+s again adds them"),
                       names=plain(_(", ").join(new)))
            )
            return
        self.dismiss(NoteEntry(note, people, count))

    @on(Button.Pressed, "#cancel")
    def _cancel(self) -> None:
        self.dismiss(None)


class EditCheckinDialog(NoteDialog):
    """The note dialog on a past check-in: its count, note and people, filled in to change."""

    BINDINGS = [
        Binding("escape,q", "cancel", N_("Cancel"), id="dialog.cancel"),
        Binding("ctrl+s", "save", N_("Save"), id="dialog.save"),
    ]
    verb = N_("Save")

    def __init__(self, entry, names: Callable[[], list[str]] | None = None) -> None:
        super().__init__(titled(entry.quest_id, entry.quest_title),
                         dated(_("the check-in of {weekday} {dd} {month} {year}"), entry.day), names)
        # Shown inert: the screen compares with these, so an unchanged field is never saved
        # back in its caret form.
        self.note, self.people, self.count = (
            inert_multiline(entry.note),
            inert(", ".join(entry.people)),
            entry.count,
        )


class ConfirmDialog(ModalScreen[bool]):
    """A yes/no question; Enter or y confirms, Esc or n declines."""


    BINDINGS = [
        Binding("y", "answer(True)", N_("Yes"), id="dialog.yes"),
        Binding("n,escape,q", "answer(False)", N_("No"), id="dialog.no"),
    ]

    def __init__(self, question: Text, yes: str | None = None) -> None:
        super().__init__(classes="dialog-screen")
        self.question, self.yes = question, yes or _("Yes")

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(self.question, classes="question")
            with Horizontal(classes="buttons"):
                yield Button(_("{answer} (y)").format(answer=self.yes), variant="warning", id="yes")
                yield Button(_("No (n)"), id="no")

    def on_mount(self) -> None:
        self.query_one("#no", Button).focus()

    def action_answer(self, value: bool) -> None:
        self.dismiss(value)

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")


CELEBRATION_SECONDS = 8  # a toast with a level-up or a badge in it
CHECKIN_SECONDS = 4


def celebrate(widget, result, today: date | None = None, lead: str | None = None) -> None:
    """One toast for one check-in: what it earned, the people it added, and a level-up or
    each unlocked achievement folded in (at 80x24 three toasts covered the list for 8 s).

    `lead` replaces the quest's title on the first line; a check-in on a past day names
    the day.  A toast, not a modal: the player's next key still goes to the list, and the
    player bar's XP line moves on the reload behind it.
    """
    head = lead if lead is not None else inert(quest_title(result.quest))
    if today is not None and result.day != today:
        head += f" · {short_day(result.day)}"
    lines = [head, earned(result)]
    if result.created_people:
        lines.append(_("New person: {names}").format(
            names=_(", ").join(inert(name) for name in result.created_people)))
    title = ""
    if result.leveled_up:
        level = result.level_after
        title = _("Level {level}!").format(level=level.level)
        lines.append(_("You reached level {level}: {xp} XP to level {next}.").format(
            level=level.level, xp=level.xp_for_next_level - level.xp_into_level,
            next=level.level + 1))
    for a in result.unlocked:
        lines.append(_("🏆 {title}: {description}").format(
            title=inert(achievement_title(a)), description=inert(achievement_description(a))))
    if result.unlocked and not title:
        title = "🏆 " + ngettext("Achievement unlocked", "{n} achievements unlocked",
                                 len(result.unlocked)).format(n=len(result.unlocked))
    widget.notify(
        "\n".join(lines),
        title=title,
        severity="information",
        markup=False,
        timeout=CELEBRATION_SECONDS if title else CHECKIN_SECONDS,
    )


class RestoreDialog(ModalScreen[str | None]):
    """Pick an archived quest to bring back to Today; Esc closes without a change."""


    BINDINGS = [Binding("escape,q", "cancel", N_("Cancel"), id="dialog.cancel")]

    def __init__(self, archived: list) -> None:
        super().__init__(classes="dialog-screen")
        self.archived = archived

    def compose(self) -> ComposeResult:
        from textual.widgets import OptionList
        from textual.widgets.option_list import Option

        with Vertical(classes="dialog"):
            yield Label(Text(_("Restore an archived quest"), style="bold"), classes="dialog-title")
            if not self.archived:
                yield Label(_("No quest is archived."), classes="dim")
            else:
                yield OptionList(
                    *[Option(plain(f"{quest_title(q)}  ({cadence_words(q.cadence)})"), id=q.id)
                      for q in self.archived],
                    id="archived",
                )
            yield Label(_("enter restores · esc closes"), classes="dim")

    def on_option_list_option_selected(self, event) -> None:
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        self.dismiss(None)
