"""Quest detail: a year of check-ins as a calendar, streaks, strength over time, weekdays, log."""

from __future__ import annotations

from rich.style import Style
from rich.table import Table
from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.color import Color
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Label, Sparkline, Static
from textual.worker import get_current_worker

from netquest.services import QuestDetail
from netquest.tui.filewatch import DATA_ERRORS, guard_reads
from netquest.tui.widgets.file_problem import FileProblem
from netquest.tui.widgets.heatmap import DAY_ABBR, Heatmap
from netquest.tui.widgets.quest_list import meter
from netquest.tui.words import plain, tip_title, units


class QuestDetailScreen(Screen[None]):
    """One quest's history; loads in a worker and reloads on external changes."""

    BINDINGS = [Binding("escape,q", "app.pop_screen", "Back", id="detail.back")]

    def __init__(self, services, quest_id: str) -> None:
        super().__init__()
        self.services, self.quest_id = services, quest_id
        self.detail: QuestDetail | None = None

    def compose(self) -> ComposeResult:
        yield FileProblem(id="file-problem")
        yield VerticalScroll(Label("Loading…", id="detail-loading"), id="detail-body")
        yield Footer()

    def on_mount(self) -> None:
        self.reload()

    @work(thread=True, exclusive=True, group="detail")
    def reload(self) -> None:
        try:
            guard_reads(self.app)
            detail = self.services.quest_detail(self.quest_id)
        except DATA_ERRORS as exc:
            self.app.call_from_thread(self.notify, str(exc), severity="error", markup=False)
            return
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self.show, detail)

    async def show(self, detail: QuestDetail) -> None:
        self.detail = detail
        body = self.query_one("#detail-body", VerticalScroll)
        with self.app.batch_update():
            await body.remove_children()
            await body.mount_all(list(self.build(detail)))

    def build(self, d: QuestDetail):
        q = d.quest
        title = plain(q.title, style="bold")
        if q.archived:
            title.append("  (archived)", style="dim")
        yield Static(title, id="detail-title")
        yield Label(f"{tip_title(q.tip)} · {q.cadence} · target {q.target} · {q.xp} XP · since {q.start:%d %b %Y}",
                    classes="dim")
        yield Heatmap(d.counts, d.skips, q.target, d.today, d.week_start, start=q.start, id="heatmap")
        streak = d.streak
        # Through Textual's Color: Rich does not know theme colour names such as ansi_green.
        good = Style(color=Color.parse(self.app.theme_variables.get("nq-strength", "green")).rich_color)
        filled, empty = meter(d.strength, 10)
        stats = Text.assemble(
            ("Streak ", "bold"), units(streak.current, streak.unit), "  ·  ",
            ("best ", "bold"), units(streak.best, streak.unit), "  ·  ",
            ("strength ", "bold"), f"{round(d.strength * 100)}% ", (filled, good), (empty, "dim"), "  ·  ",
            ("check-ins ", "bold"), str(d.total),
        )
        yield Static(stats, id="detail-stats")
        yield Horizontal(
            Vertical(
                Label(f"Strength, last {len(d.strength_series)} days", classes="dim"),
                Sparkline(d.strength_series, id="strength-spark"),
                id="strength-box",
            ),
            Static(self.weekday_table(d, good), id="weekdays"),
            id="detail-charts",
        )
        yield Label("Log", classes="section-title")
        yield Static(self.log_table(d), id="detail-log")

    @staticmethod
    def weekday_table(d: QuestDetail, good: Style) -> Table:
        table = Table.grid(padding=(0, 1))
        table.add_column(style="dim")
        table.add_column(no_wrap=True)
        table.add_column(justify="right")
        top = max(d.weekday_counts) or 1
        for i in range(7):
            weekday = (d.week_start + i) % 7
            n = d.weekday_counts[weekday]
            filled, _ = meter(n / top, 10)
            table.add_row(DAY_ABBR[weekday], Text(filled.ljust(10), style=good), str(n))
        return table

    @staticmethod
    def log_table(d: QuestDetail, limit: int = 200) -> Table | Text:
        if not d.log:
            return Text("No notes yet: press n on Today to check in with a note and people.", style="dim")
        table = Table.grid(padding=(0, 2), expand=True)
        table.add_column(no_wrap=True, style="dim")
        table.add_column(ratio=1)
        table.add_column(ratio=1)
        for day, count, note, people, xp in d.log[:limit]:
            table.add_row(f"{day:%Y-%m-%d}", plain(note), plain(", ".join(people), style="italic"))
        return table
