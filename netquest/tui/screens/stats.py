"""Stats: the year across all quests, XP per week, this month's balance of tips, best streaks
and each quest's strength as a trend.  `a` opens the achievements."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Label, Static
from textual.worker import get_current_worker

from netquest.i18n import N_, _, ngettext
from netquest.services.stats import StatsView
from netquest.text import plain
from netquest.tui.filewatch import DATA_ERRORS, guard_reads
from netquest.tui.screens import SCREENS_CSS
from netquest.tui.widgets.bars import TipBars, WeekBars
from netquest.tui.widgets.file_problem import FileProblem
from netquest.tui.widgets.heatmap import ShareHeatmap
from netquest.wording import dated, month_name, units

# What a month without a tip's check-ins means, in the tip's own words.
NEGLECTED = {
    1: N_("No comments or threads in your communities this month"),
    2: N_("Nothing hosted or co-hosted this month"),
    3: N_("No introductions asked this month"),
    4: N_("No virtual coffees this month"),
    5: N_("Nothing written down about what you want this month"),
}
WIDE = 100  # from this width the XP and tip charts stand side by side


def nudge(view: StatsView) -> str | None:
    """One line on the tip this month left out, among the tips the player has quests in."""
    if not any(t.checkins for t in view.tips):
        return _("Nothing logged since {day} yet: one check-in starts the month.").format(
            day=dated(_("{dd} {month}"), view.month_first))
    played = {t.tip for t in view.trends}
    neglected = [t.tip for t in view.tips if t.tip in played and not t.checkins]
    if not neglected:
        return None
    if neglected[0] in NEGLECTED:
        line = _(NEGLECTED[neglected[0]])
    else:
        line = _("Nothing for tip {n} this month").format(n=neglected[0])
    if len(neglected) > 1:
        more = len(neglected) - 1
        line += ngettext(" (and {n} more tip without a check-in)",
                         " (and {n} more tips without a check-in)", more).format(n=more)
    return line + _(".")


def streak_table(view: StatsView) -> Table | Text:
    """Best and current streak per quest, numbers right-aligned and units in a column of their
    own, so '36 days' and '12 weeks' line up (one cell each, they read ragged)."""
    if not view.best_streaks:
        return Text(_("No streaks yet."), style="dim")
    table = Table.grid(padding=(0, 1))
    table.add_column(ratio=1, no_wrap=True, overflow="ellipsis")
    table.add_column(justify="right", no_wrap=True, style="bold")
    table.add_column(no_wrap=True, style="bold")
    table.add_column(justify="right", no_wrap=True, style="dim")
    table.add_column(no_wrap=True, style="dim")
    for r in view.best_streaks:
        best_n, best_unit = units(r.best, r.unit).split(" ", 1)
        now_n, now_unit = units(r.current, r.unit).split(" ", 1)
        table.add_row(plain(r.title), best_n, best_unit, " " + _("now {n}").format(n=now_n),
                      now_unit)
    return table


BLOCKS = "▁▂▃▄▅▆▇█"


def strength_blocks(points) -> str:
    """Strength over time on one fixed 0–100% scale, so rows compare with each other
    (a sparkline scaled to each row's own range would make 6% look like 100%)."""
    return "".join(
        BLOCKS[min(len(BLOCKS) - 1, int(max(0.0, min(1.0, p)) * len(BLOCKS)))] for p in points
    )


class TrendRow(Horizontal):
    """A quest's title, its strength over the last weeks as a sparkline, and where it stands."""

    def __init__(self, trend) -> None:
        super().__init__(classes="trend-row")
        self.trend = trend

    def compose(self) -> ComposeResult:
        t = self.trend
        yield Static(plain(t.title), classes="trend-title")
        yield Static(strength_blocks(t.points), classes="trend-spark")
        change = round(t.change * 100)
        arrow = "▲" if change > 0 else "▼" if change < 0 else "="
        yield Label(f"{round(t.now * 100):>3}% {arrow}{abs(change):>3}", classes="trend-now")


class StatsScreen(Screen[None]):
    """Progress across all quests; loads in a worker and reloads on external changes."""

    CSS_PATH = SCREENS_CSS

    BINDINGS = [
        Binding("escape,q", "app.pop_screen", N_("Back"), id="stats.back"),
        Binding("a", "app.achievements", N_("Achievements"), id="stats.achievements"),
    ]

    def __init__(self, services) -> None:
        super().__init__()
        self.services = services
        self.view: StatsView | None = None

    def compose(self) -> ComposeResult:
        yield FileProblem(id="file-problem")
        yield VerticalScroll(Label(_("Loading…"), id="stats-loading"), id="stats-body")
        yield Footer()

    def on_mount(self) -> None:
        self.reload()

    def on_resize(self) -> None:
        self.set_class(self.size.width < WIDE, "-narrow")

    @work(thread=True, exclusive=True, group="stats")
    def reload(self) -> None:
        try:
            guard_reads(self.app)
            view = self.services.stats.view()
        except DATA_ERRORS as exc:
            self.app.call_from_thread(self.notify, str(exc), severity="error", markup=False)
            return
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self.show, view)

    async def show(self, view: StatsView) -> None:
        self.view = view
        body = self.query_one("#stats-body", VerticalScroll)
        with self.app.batch_update():
            await body.remove_children()
            await body.mount_all(list(self.build(view)))

    def build(self, v: StatsView):
        done = [d for d in v.heatmap if d.share is not None]
        perfect = sum(1 for d in done if d.share == 1)
        head = Text.assemble(
            (_("Stats"), "bold"),
            "  ·  " + _("{day}  ·  {xp} XP in all").format(
                day=dated(_("{weekday} {dd} {month} {year}"), v.today), xp=v.xp_total)
        )
        yield Static(head, id="stats-title")
        yield Label(
            _("The year: share of due quests done each day · {n} of {all} days complete").format(
                n=perfect, all=len(done)),
            classes="section-title",
        )
        yield ShareHeatmap(v.heatmap, v.today, v.week_start, id="year-map")
        week_xp = v.xp_weeks[-1].xp if v.xp_weeks else 0
        twelve = sum(w.xp for w in v.xp_weeks)
        line = nudge(v)
        yield Horizontal(
            Vertical(
                Label(
                    _("XP per week · {week} this week · {xp} in {n} weeks").format(
                        week=week_xp, xp=twelve, n=len(v.xp_weeks)),
                    classes="section-title",
                ),
                WeekBars(v.xp_weeks, id="xp-weeks"),
                classes="stats-box",
            ),
            Vertical(
                Label(_("Tips in {month}: check-ins").format(month=month_name(v.month_first.month)),
                      classes="section-title"),
                TipBars(v.tips, id="tip-bars"),
                Static(
                    Text(line) if line else Text(_("Every tip had a turn this month."), style="dim"),
                    id="tip-nudge",
                    classes="-nudge" if line else "",
                ),
                classes="stats-box",
            ),
            id="stats-pair",
        )
        yield Label(_("Best streaks"), classes="section-title")
        yield Static(streak_table(v), id="best-streaks")
        yield Label(
            _("Strength, last {n} weeks").format(
                n=max((len(t.points) for t in v.trends), default=0)),
            classes="section-title",
        )
        if v.trends:
            yield Vertical(*(TrendRow(t) for t in v.trends), id="trends")
        else:
            yield Label(_("No quests yet."), classes="dim")
