"""Achievements: every badge, with how to earn it and the day it was won or how far along it is."""

from __future__ import annotations

from typing import Sequence

from rich.table import Table
from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Footer, Label, Static
from textual.worker import get_current_worker

from netquest.i18n import N_, _
from netquest.tui.filewatch import DATA_ERRORS, guard_reads
from netquest.tui.screens import SCREENS_CSS
from netquest.tui.widgets.file_problem import FileProblem
from netquest.tui.widgets.quest_list import meter
from netquest.wording import dated

BAR_CELLS = 10


class BadgeTable(Widget):
    """Two lines or more per badge: mark, title over its description (wrapped, never cut), and
    the day it was won or a progress bar over "212 of 365 days"."""

    COMPONENT_CLASSES = {
        "badge-table--won",
        "badge-table--bar",
        "badge-table--bar-empty",
        "badge-table--dim",
    }

    def __init__(self, badges: Sequence, **kw) -> None:
        """`badges` are the services' AchievementProgress rows, in catalogue order."""
        super().__init__(**kw)
        self.badges = tuple(badges)

    def get_content_height(self, container, viewport, width: int) -> int:
        console = self.app.console
        lines = console.render_lines(self.render(), console.options.update_width(width), pad=False)
        return max(1, len(lines))

    def render(self) -> Table:
        won, bar, empty, dim = (
            self.get_component_rich_style(f"badge-table--{n}", partial=True)
            for n in ("won", "bar", "bar-empty", "dim")
        )
        table = Table.grid(padding=(0, 1), expand=True)
        table.add_column(no_wrap=True, width=2)
        table.add_column(ratio=1)
        table.add_column(no_wrap=True, justify="right")
        for b in self.badges:
            if b.unlocked:
                title = Text.assemble((b.title, won), "\n", (b.description, dim))
                status = Text(dated(_("{dd} {mon} {year}"), b.unlocked_on), style=won)
                table.add_row(Text("🏆"), title, status)
            else:
                filled, rest = meter(b.progress / b.goal if b.goal else 0.0, BAR_CELLS)
                title = Text.assemble(b.title, "\n", (b.description, dim))
                status = Text.assemble((filled, bar), (rest, empty), "\n", (b.text, dim))
                table.add_row(Text("○", style=dim), title, status)
        return table


class AchievementsScreen(Screen[None]):
    """Badges won and still to win; loads in a worker and reloads on external changes."""

    CSS_PATH = SCREENS_CSS

    BINDINGS = [Binding("escape,q", "app.pop_screen", N_("Back"), id="achievements.back")]

    def __init__(self, services) -> None:
        super().__init__()
        self.services = services

    def compose(self) -> ComposeResult:
        yield FileProblem(id="file-problem")
        with VerticalScroll(id="achievements-body"):
            yield Static(Text(_("Achievements"), style="bold"), id="achievements-title")
            yield Label(_("Loading…"), id="achievements-count", classes="dim")
            yield BadgeTable((), id="badges")
        yield Footer()

    def on_mount(self) -> None:
        self.reload()

    @work(thread=True, exclusive=True, group="achievements")
    def reload(self) -> None:
        try:
            guard_reads(self.app)
            badges = self.services.stats.achievement_progress()
        except DATA_ERRORS as exc:
            self.app.call_from_thread(self.notify, str(exc), severity="error", markup=False)
            return
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self.show, badges)

    def show(self, badges) -> None:
        won = sum(b.unlocked for b in badges)
        self.query_one("#achievements-count", Label).update(
            _("{n} of {all} won").format(n=won, all=len(badges)))
        table = self.query_one(BadgeTable)
        table.badges = tuple(badges)
        table.refresh(layout=True)
