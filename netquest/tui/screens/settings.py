"""Settings: day start, week start, time zone, theme and language, checked by the services as in
`netquest settings`.  Nothing is saved until every field is valid; dismisses True when saved."""

from __future__ import annotations

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Select

from netquest import i18n, themes
from netquest.i18n import N_, _
from netquest.text import inert
from netquest.tui.filewatch import DATA_ERRORS, guard_reads, guard_writes
from netquest.tui.screens import SCREENS_CSS

HOURS = [(f"{h:02d}:00", h) for h in range(24)]
# Each language in its own words: whoever cannot read the current one still finds theirs.
LANGUAGE_NAMES = {"en": "English", "zh-CN": "简体中文 (zh-CN)"}


class SettingsScreen(ModalScreen[bool]):
    """The four settings of the data file; the theme shows as soon as it is saved."""

    CSS_PATH = SCREENS_CSS

    BINDINGS = [
        Binding("escape,q", "cancel", N_("Cancel"), id="settings.cancel"),
        Binding("ctrl+s", "save", N_("Save"), id="settings.save"),
    ]

    def __init__(self, services) -> None:
        super().__init__(classes="dialog-screen")
        self.services = services
        self.current: dict | None = None

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog settings"):
            yield Label(_("Settings"), classes="dialog-title")
            with Grid(id="settings-fields"):
                yield Label(_("Day starts at"))
                yield Select(HOURS, value=0, allow_blank=False, id="day-start", compact=True)
                yield Label(_("Week starts on"))
                yield Select([(_("Monday"), "mon"), (_("Sunday"), "sun")], value="mon",
                             allow_blank=False, id="week-start", compact=True)
                yield Label(_("Time zone"))
                yield Input(placeholder=_("a tz database name such as Europe/Berlin"),
                            id="timezone", compact=True)
                yield Label(_("Theme"))
                # The theme in use until the list is read: a blank "Loading…" stayed a choice.
                yield Select([(self.app.theme, self.app.theme)], value=self.app.theme,
                             allow_blank=False, id="theme", compact=True)
                yield Label(_("Language"))
                yield Select(self.languages(), value=i18n.SYSTEM, allow_blank=False,
                             id="language", compact=True)
            yield Label("", id="settings-error")
            with Horizontal(classes="buttons"):
                yield Button(_("Save (ctrl+s)"), variant="primary", id="save", disabled=True)
                yield Button(_("Cancel (esc)"), id="cancel")

    @staticmethod
    def languages() -> list[tuple[str, str]]:
        """Each language by its own name, and the system's choice first."""
        system = _("the system's ({language})").format(language=i18n.system_language())
        return [(system, i18n.SYSTEM)] + [(LANGUAGE_NAMES.get(tag, tag), tag)
                                          for tag in i18n.available()]

    def on_mount(self) -> None:
        self.load()

    @work(thread=True, exclusive=True, group="settings")
    def load(self) -> None:
        try:
            guard_reads(self.app)
            current = self.services.settings()
            system_zone = self.services.base_clock.timezone
        except DATA_ERRORS as exc:
            self.app.call_from_thread(self._failed, str(exc))
            return
        names = themes.theme_names()
        self.app.call_from_thread(self._loaded, current, names, system_zone)

    def _loaded(self, current: dict, names: list[str], system_zone: str) -> None:
        self.current = current
        self.query_one("#day-start", Select).value = int(current.get("day_start_hour") or 0)
        sunday = current.get("week_start") == "sun"
        self.query_one("#week-start", Select).value = "sun" if sunday else "mon"
        zone = self.query_one("#timezone", Input)
        zone.value = current.get("timezone") or ""
        zone.placeholder = _("from the system: {zone}").format(zone=system_zone)
        language = self.query_one("#language", Select)
        stored = current.get("language") or i18n.SYSTEM
        if stored not in i18n.available() + [i18n.SYSTEM]:
            # Set by a NetQuest with a catalogue this one lacks (a synced file): kept as it is.
            language.set_options(self.languages() + [(Text(inert(stored)), stored)])
        language.value = stored
        # Only themes that both the services accept and the app could register.
        usable = [n for n in names if n in self.app.available_themes]
        shown = current.get("theme") if current.get("theme") in usable else self.app.theme
        theme = self.query_one("#theme", Select)
        theme.set_options([(n, n) for n in usable])
        if shown in usable:
            theme.value = shown
        self.query_one("#save", Button).disabled = False
        self.query_one("#day-start", Select).focus()

    def _failed(self, message: str) -> None:
        self.query_one("#settings-error", Label).update(message)
        self.query_one("#settings-error").add_class("-invalid")

    def changes(self) -> dict[str, str]:
        """The fields that differ from the data file, as the text `netquest settings` would get."""
        current = self.current or {}
        fields = {
            "day_start_hour": str(self.query_one("#day-start", Select).value),
            "week_start": str(self.query_one("#week-start", Select).value),
            "timezone": self.query_one("#timezone", Input).value.strip(),
            "theme": self.query_one("#theme", Select).value,
            "language": self.query_one("#language", Select).value,
        }
        out = {}
        for key, value in fields.items():
            follows_system = (key == "timezone" and not value and not current.get("timezone")
                              or key == "language" and value == i18n.SYSTEM
                              and not current.get("language"))
            if value is Select.NULL or follows_system:
                continue  # left empty: keep following the system's zone
            if str(value) != str(current.get(key)):
                out[key] = str(value)
        return out

    @on(Button.Pressed, "#save")
    def action_save(self) -> None:
        if self.current is None:
            return
        self.query_one("#save", Button).disabled = True
        self.save(self.changes())

    @work(thread=True, exclusive=True, group="settings")
    def save(self, changes: dict[str, str]) -> None:
        try:
            guard_writes(self.app)
            for key, value in changes.items():  # every field first: one bad field saves nothing
                self.services.validate_setting(key, value)
            for key, value in changes.items():
                self.services.set_setting(key, value)
        except DATA_ERRORS as exc:
            self.app.call_from_thread(self._refused, str(exc))
            return
        self.app.call_from_thread(self._saved, changes)

    def _refused(self, message: str) -> None:
        self._failed(message)
        self.query_one("#save", Button).disabled = False

    def _saved(self, changes: dict[str, str]) -> None:
        if "theme" in changes:
            self.app.show_saved_theme(changes["theme"])
        if "language" in changes:
            self.app.language_changed()
        self.app.notify(_("Settings saved") if changes else _("Nothing changed"), markup=False)
        self.dismiss(bool(changes))

    @on(Input.Changed, "#timezone")
    def _typing(self) -> None:
        error = self.query_one("#settings-error", Label)
        error.update("")
        error.remove_class("-invalid")

    @on(Input.Submitted, "#timezone")
    def _submitted(self) -> None:
        self.action_save()

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(False)
