"""The NetQuest App: starts on Today, onboards a new player, and follows external changes.

Layout after posting: the App lives here, screens in `screens/`, widgets in `widgets/`,
styles in `app.tcss`.  The App only wires things together; the services decide.
"""

from __future__ import annotations

from functools import partial
from typing import Iterable

from textual import work
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen

from netquest.services import NetQuest, ServiceError
from netquest.tui.screens.today import TodayScreen

DEFAULT_THEME = "textual-dark"
POLL_SECONDS = 1.0


class NetQuestApp(App[None]):
    """Full-screen NetQuest over one services instance."""

    TITLE = "NetQuest"
    CSS_PATH = "app.tcss"
    BINDINGS = [Binding("q", "quit", "Quit", id="app.quit")]

    def __init__(self, services: NetQuest, poll_seconds: float = POLL_SECONDS, **kw) -> None:
        super().__init__(**kw)
        self.services = services
        self.poll_seconds = poll_seconds
        self.theme = DEFAULT_THEME
        self.today_screen = TodayScreen(services)

    def get_default_screen(self) -> Screen:
        return self.today_screen

    def on_mount(self) -> None:
        self.start()
        if self.poll_seconds:
            self.set_interval(self.poll_seconds, self.poll)

    @work(thread=True, group="start")
    def start(self) -> None:
        """Read the settings and whether this data file was ever set up; then Today loads.

        One after the other, not side by side: two threads parsing the file at once only
        fight over the GIL and Today would draw later."""
        try:
            initialized = self.services.is_initialized()
            theme = self.services.settings().get("theme")
        except ServiceError as exc:
            self.call_from_thread(self.notify, str(exc), severity="error", markup=False)
            return
        self.call_from_thread(self._started, initialized, theme)

    def _started(self, initialized: bool, theme: str | None) -> None:
        if theme and theme in self.available_themes:
            self.theme = theme  # unknown names (such as our own themes, not yet shipped) keep the default
        self.today_screen.load()
        if not initialized:
            from netquest.tui.screens.onboarding import OnboardingScreen

            self.push_screen(OnboardingScreen(self.services.validate_quest), self._onboarded)

    def _onboarded(self, answer) -> None:
        picks, want, kind = (answer.picks, answer.want, answer.kind) if answer else ([], None, "explore")
        self.today_screen.act(partial(self.services.add_starters, picks, want, kind),
                              done=lambda added: self.notify(
                                  f"{len(added)} quests ready. Press ? for keys and rules." if added
                                  else "Press a to add your first quest, ? for keys and rules."))

    def poll(self) -> None:
        """Reload when another process (say `netquest checkin`) changed the data file."""
        today = self.today_screen
        if today.token is None or not self.services.store.changed_since(today.token):
            return
        today.load()
        for screen in self.screen_stack:
            if hasattr(screen, "reload"):
                screen.reload()

    def get_key_display(self, binding: Binding) -> str:
        return "␣" if binding.key == "space" else super().get_key_display(binding)

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        if isinstance(screen, TodayScreen):
            seen = set()
            for binding in screen.BINDINGS:
                if binding.action in seen or screen.check_action(binding.action, ()) is False:
                    continue
                seen.add(binding.action)
                title = "Earlier day" if binding.action == "earlier" else (
                    "Later day" if binding.action == "later" else binding.description)
                yield SystemCommand(title, binding.tooltip or title, partial(screen.run_action, binding.action))
