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
from textual.reactive import reactive
from textual.screen import Screen

from netquest import themes
from netquest.i18n import N_, _, ngettext
from netquest.services import NetQuest
from netquest.services.errors import StoreError
from netquest.text import inert
from netquest.tui.filewatch import DATA_ERRORS, FileWatch
from netquest.tui.keymap import load_keymap
from netquest.tui.screens.today import TodayScreen
from netquest.tui.screens.today_owed import QuitAfterWrites
from netquest.tui.sync import SYNC_KEY, SyncMixin
from netquest.tui.translate import open_palette, speak_again, translate_bindings, translate_screen

POLL_SECONDS = 1.0


class NetQuestApp(QuitAfterWrites, SyncMixin, App[None]):
    """Full-screen NetQuest over one services instance."""

    TITLE = "NetQuest"
    CSS_PATH = "app.tcss"
    BINDINGS = [
        Binding("q", "quit", N_("Quit"), id="app.quit"),
        Binding(SYNC_KEY, "sync", N_("Sync"), id="app.sync",
                tooltip=N_("Sync with the git remote (netquest sync); shown when sync is set up")),
        # Textual's own key for its palette, given here so its words are translated too.
        Binding(App.COMMAND_PALETTE_BINDING, "command_palette", N_("palette"), show=False,
                priority=True, tooltip=N_("Open the command palette")),
    ]

    # One line while the data file cannot be used (each screen's banner shows it); None when it is fine.
    file_problem: reactive[str | None] = reactive(None, init=False)

    def __init__(
        self, services: NetQuest, poll_seconds: float = POLL_SECONDS, startup=None, **kw
    ) -> None:
        if themes.no_color():
            # Native ANSI colours let Textual's NO_COLOR filter strip colour; truecolour would turn grey.
            kw.setdefault("ansi_color", True)
        if startup is None:
            try:  # the settings name the language: known before any screen is built
                services.settings()
            except DATA_ERRORS:
                pass
        translate_bindings()
        super().__init__(**kw)
        self.services = services
        self.files = FileWatch(services.data)
        self.poll_seconds = poll_seconds
        self.today_screen = TodayScreen(services, startup[2:] if startup is not None else None)
        self.stored_theme: str | None = None  # the theme in the data file; None until it is read
        self._warned_unsaved_theme = False
        self._review_offered = False  # the weekly review is offered at most once a run
        self._startup = startup  # (initialized, settings, state, token) read before the app started
        self._theme_problems: list[str] | None = None
        if startup is not None:
            # The saved theme is known: the CSS is parsed once, with its colours.
            self._theme_problems = themes.register_themes(self)
            themes.set_theme_before_run(self, themes.initial_theme_name(
                startup[1].get("theme"), available=list(self.available_themes)))

    def get_theme_variable_defaults(self) -> dict[str, str]:
        # Textual's own themes know nothing of the game colours: without these the CSS would not parse.
        # Textual's ANSI colour system leaves out the two ansi-* variables its own ANSI themes
        # set and its Screen CSS needs; a theme file with `ansi = true` gets them here.
        return {**super().get_theme_variable_defaults(), **themes.DEFAULT_GAME_VARIABLES,
                "ansi-background": "ansi_default", "ansi-foreground": "ansi_default"}

    def push_screen(self, screen, *args, **kw):
        if isinstance(screen, Screen):
            translate_screen(screen)
        return super().push_screen(screen, *args, **kw)

    @property
    def tap_checks_in(self) -> bool:
        """Served to a browser (`netquest serve`), a click or tap on a quest row checks it in."""
        return self.is_web

    def get_default_screen(self) -> Screen:
        return self.today_screen

    def on_mount(self) -> None:
        problems = self._theme_problems
        if problems is None:
            problems = themes.register_themes(self)
            self.theme = themes.initial_theme_name(None)  # the saved one follows with the settings
        keymap, key_problems = load_keymap()
        if keymap:
            self.set_keymap(keymap)
        if key_problems:
            self.notify("\n".join(key_problems), title=_("Keymap entries to check"),
                        severity="warning", timeout=12, markup=False)
        if problems:
            self.notify("\n".join(problems), title=_("Theme files skipped"),
                        severity="warning", timeout=12, markup=False)
        if self._startup is not None:
            initialized, settings, state, token = self._startup
            self._startup = None
            self._started(initialized, settings.get("theme"), (state, token))
        else:
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
        except DATA_ERRORS as exc:
            self.call_from_thread(self.notify, str(exc), severity="error", markup=False)
            return
        self.call_from_thread(self._started, initialized, theme)

    def _started(self, initialized: bool, theme: str | None, loaded=None) -> None:
        self.theme = themes.initial_theme_name(theme, available=list(self.available_themes))
        # After the line above: showing the saved theme must not save it again.
        self.stored_theme = theme
        if loaded is not None:
            self.today_screen._loaded(*loaded)
        else:
            self.today_screen.load()
        if initialized:  # after a refresh: from the start-up read, Today has not drawn yet
            self.call_after_refresh(self.sync_setup_check)
        if not initialized:
            from netquest.tui.screens.onboarding import OnboardingScreen

            self._first_frame()

            lost = self.services.data.lost()
            if lost is not None:  # not a first start: the history is in a backup, say so
                self.notify(
                    _("{path} does not exist, but it has backups: if it was deleted or moved, quit "
                      "and run `netquest doctor --restore {backup}` to bring back the newest.").format(
                        path=inert(str(self.services.data.path)), backup=inert(lost.name)),
                    title=_("No data file"),
                    severity="warning",
                    timeout=30,
                    markup=False,
                )
            self.push_screen(OnboardingScreen(self.services.quests.validate), self._onboarded)
        elif loaded is not None:
            self.call_after_refresh(
                self._today_shown, loaded[0]
            )  # Today is drawn from what was read
        else:
            self.watch(self.today_screen, "state", self._today_shown, init=False)

    def _onboarded(self, answer) -> None:
        picks, want, kind = (
            (answer.picks, answer.want, answer.kind) if answer else ([], None, "explore")
        )
        self.today_screen.act(
            partial(self.services.quests.add_starters, picks, want, kind),
            done=lambda added: self.notify(
                ngettext("{n} quest ready. Press ? for keys and rules.",
                         "{n} quests ready. Press ? for keys and rules.", len(added)).format(
                    n=len(added))
                if added
                else _("Press a to add your first quest, ? for keys and rules.")
            ),
        )

    # ------------------------------------------------------------------ weekly review
    def _today_shown(self, _state) -> None:
        """Once Today has drawn, offer the weekly review if a new week needs one (Esc skips it
        for the week), and show the party's new cheers."""
        if not self._review_offered:
            self._review_offered = True
            self._first_frame()
            self.offer_review()

    def _first_frame(self) -> None:
        """The first screen is up: what waited for it starts.  A thread started before it
        would take turns with the first frame for the interpreter."""
        self.show_party_cheers()
        self.warm_up()

    @work(thread=True, group="start")
    def warm_up(self) -> None:
        """Load the dialogs now, so that the first check-in's toast does not wait for them."""
        import netquest.tui.screens.dialogs  # noqa: F401

    @work(thread=True, group="start")
    def offer_review(self) -> None:
        try:
            goal = self.services.goals.focused() if self.services.reviews.due() else None
        except DATA_ERRORS:
            return  # only an offer: Today already reports a file it cannot read
        if goal is not None:
            self.call_from_thread(self._offer_review, goal.want)

    def _offer_review(self, want: str) -> None:
        from netquest.tui.screens.goal_forms import WeeklyReview

        self.push_screen(WeeklyReview(self.services, want), self._reviewed)

    def _reviewed(self, review: dict | None) -> None:
        if review is not None:
            self.notify(_("Weekly review saved: g shows it with your goal."))
        else:
            self.skip_review()

    @work(thread=True, group="start")
    def skip_review(self) -> None:
        """Esc on the offer skips this week's review: it is offered again next week, not at every start."""
        try:
            self.files.guard()
            self.services.reviews.skip()
        except DATA_ERRORS:
            pass  # only an offer: the goal screen still lets the review be written

    # ------------------------------------------------------------------ themes
    def watch_theme(self, name: str) -> None:
        """Keep the theme the player picks (command palette or settings) for the next start."""
        if self.stored_theme is None or name == self.stored_theme:
            return
        previous, self.stored_theme = self.stored_theme, name
        self.save_theme(name, previous)

    @work(thread=True, exclusive=True, group="theme")
    def save_theme(self, name: str, previous: str) -> None:
        try:
            self.files.guard()
            self.services.set_setting("theme", name)
        except DATA_ERRORS:
            self.call_from_thread(self._theme_not_saved, name, previous)

    def _theme_not_saved(self, name: str, previous: str) -> None:
        if self.stored_theme == name:
            self.stored_theme = previous
        if not self._warned_unsaved_theme:
            self._warned_unsaved_theme = True
            self.notify(
                _("{theme} lasts this session only: NetQuest saves its own themes and yours "
                  "({themes}).").format(theme=name, themes=", ".join(themes.theme_names())),
                severity="warning",
                markup=False,
            )

    def show_saved_theme(self, name: str) -> None:
        """Show a theme the settings screen has already saved."""
        self.stored_theme = name
        if name in self.available_themes:
            self.theme = name

    # ------------------------------------------------------------------ other screens
    def action_settings(self) -> None:
        from netquest.tui.screens.settings import SettingsScreen

        if not isinstance(self.screen, SettingsScreen):
            self.push_screen(SettingsScreen(self.services), self._settings_closed)

    def action_command_palette(self) -> None:
        open_palette(self)

    def language_changed(self) -> None:
        """A new language setting: every key and every open screen speaks it at once."""
        speak_again(self)

    def _settings_closed(self, saved: bool | None) -> None:
        if saved:
            self.today_screen.load()  # a new day start or time zone may move the day
            for screen in self.screen_stack:
                if screen is not self.today_screen and hasattr(screen, "reload"):
                    screen.reload()

    @work(thread=True, group="restore")
    def action_restore_quest(self) -> None:
        """Bring an archived quest back to Today (from the command palette)."""
        try:
            archived = [q for q in self.services.quests.list(include_archived=True) if q.archived]
        except DATA_ERRORS as exc:
            self.call_from_thread(self.notify, str(exc), severity="error", markup=False)
            return
        self.call_from_thread(self._offer_restore, archived)

    def _offer_restore(self, archived: list) -> None:
        from netquest.tui.screens.dialogs import RestoreDialog

        def restored(quest_id: str | None) -> None:
            if quest_id:
                self.today_screen.act(
                    partial(self.services.quests.set_archived, quest_id, False),
                    done=lambda q: self.notify(_("Restored {title}").format(title=inert(q.title)),
                                               markup=False),
                )

        self.push_screen(RestoreDialog(archived), restored)

    def action_achievements(self) -> None:
        from netquest.tui.screens.achievements import AchievementsScreen

        if not isinstance(self.screen, AchievementsScreen):
            self.push_screen(AchievementsScreen(self.services))

    def action_party(self) -> None:
        from netquest.tui.screens.party import PartyScreen

        if not isinstance(self.screen, PartyScreen):
            self.push_screen(PartyScreen(self.services))

    @work(thread=True, group="party-cheers")
    def show_party_cheers(self) -> None:
        """Cheers the last party sync brought and nothing has shown yet, as one toast."""
        from netquest.tui.screens.party import toast_cheers

        if not self.services.party.joined():
            return
        cheers = self.services.party.new_cheers()
        if cheers:
            self.call_from_thread(toast_cheers, self, cheers)

    # ------------------------------------------------------------------ the data file
    def poll(self) -> None:
        """Follow the data file: reload when another process (say `netquest checkin`) changed it,
        and notice when it breaks or vanishes, or reads again after a restore."""
        today, files = self.today_screen, self.files
        token = self.services.change_token()
        if files.problem is not None:
            if token != files.problem_token:
                files.problem_token = token  # tried once per change, not every second
                today.load(follow=True)
            return
        if token == today.token or (today.token is None and not files.seen):
            return
        today.load(follow=True)  # Today's read is the check: the others reload after it went well

    def reload_screens(self) -> None:
        """Every open screen but Today reads the file again."""
        for screen in self.screen_stack:
            if screen is not self.today_screen and hasattr(screen, "reload"):
                screen.reload()

    def file_broken(self, problem: StoreError, token: object) -> None:
        """The data file cannot be used: say so once, keep the banner up, keep what is shown."""
        files = self.files
        new = files.problem is None or str(files.problem) != str(problem)
        files.problem, files.problem_token = problem, token
        self.file_problem = str(problem)
        if new:
            self.notify(
                str(problem),
                title=_("Data file problem: nothing is saved"),
                severity="error",
                timeout=15,
                markup=False,
            )

    def file_read(self, token: object, follow: bool = False) -> None:
        """A read of the data file went well: lift the problem, if there was one, and catch up."""
        files = self.files
        files.saw(token)
        recovered = files.problem is not None
        if recovered:
            files.problem = None
            self.file_problem = None
            self.clear_notifications()  # the toasts about the problem are out of date
            self.notify(
                _("The data file reads again: NetQuest shows and saves as before."), markup=False
            )
        if follow or recovered:
            self.reload_screens()

    def check_action(self, action: str, parameters: tuple) -> bool | None:
        # One rule on every screen: Esc and q go back, and q quits only from Today.  A screen
        # that does not bind q itself must not let it fall through to quitting.
        if action == "quit":
            return self.screen is self.today_screen
        if action == "sync":
            return self.sync_on
        return True

    def get_key_display(self, binding: Binding) -> str:
        return "␣" if binding.key == "space" else super().get_key_display(binding)

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        for command in super().get_system_commands(screen):  # Textual's words: translate.TEXTUAL_WORDS
            yield command._replace(title=_(command.title), help=_(command.help))
        yield SystemCommand(
            _("Achievements"),
            _("Every badge: when you won it, or how far along you are"),
            self.action_achievements,
        )
        if self.sync_on:
            yield SystemCommand(_("Sync"), _("Sync with the git remote now"), self.action_sync)
        if not isinstance(screen, TodayScreen):  # Today lists the party with its own key
            yield SystemCommand(
                _("Party"), _("Your party: friends' weeks, the party challenge, cheers"),
                self.action_party,
            )
        yield SystemCommand(
            _("Restore an archived quest"),
            _("Bring an archived quest back to Today"),
            self.action_restore_quest,
        )
        if not isinstance(screen, TodayScreen):  # Today lists Settings with its own key
            yield SystemCommand(
                _("Settings"), _("Day start, week start, time zone and theme"), self.action_settings
            )
        # Every screen's own keys are in the palette too (goal, people, stats, detail…),
        # except the ones it cannot act on right now.
        seen = set()
        for binding in getattr(screen, "BINDINGS", ()):
            if (
                not isinstance(binding, Binding)
                or binding.action in seen
                or binding.action in ("app.pop_screen", "back")
            ):
                continue
            if screen.check_action(binding.action, ()) is False:
                continue
            seen.add(binding.action)
            title = (
                _("Earlier day")
                if binding.action == "earlier"
                else (_("Later day") if binding.action == "later" else _(binding.description))
            )
            if title:
                yield SystemCommand(
                    title, _(binding.tooltip) if binding.tooltip else title, partial(screen.run_action, binding.action)
                )
