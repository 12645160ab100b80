"""Help: the keys of a screen (Today or quest detail, as currently bound), what the marks on
the screens mean, and the rules of the game."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Static

from netquest.i18n import N_, _
from netquest.tui.screens import SCREENS_CSS

RULES = (
    N_("Each quest repeats on its cadence and has a target per due period."),
    N_("Streaks count in the quest's own unit (days, weeks, months); a period that is still open "
       "never breaks one."),
    N_("Skipped days and vacations are neutral: they neither break nor extend a streak."),
    N_("Every 7 days of day streak earn a freeze ❄ (bank at most 2); a freeze is spent on a missed "
       "day."),
    N_("Strength is Loop's exponential habit score: a daily quest's half-life is about 13 days, so "
       "one miss dents it."),
    N_("XP grows 10% per streak period, up to double; finishing everything due on a day adds a "
       "perfect-day bonus."),
    N_("The weekly challenge is the tip with the fewest check-ins over the four weeks before this "
       "one: its check-ins earn their base XP twice this week."),
    N_("Levels follow Habitica's experience curve."),
)

# Every mark the screens draw, with what it says (Today first, then stats, goals and people).
LEGEND = (
    ("✓", N_("done: the day's target is reached, or the week's (month's…) days are")),
    ("◐", N_("a weekly or monthly quest: this day counts, the period needs more days")),
    ("○", N_("still to do")),
    ("!", N_("at risk: the streak breaks unless this is done in the days left of its period")),
    (N_("–  skip"), N_("skipped on this day: neither breaks nor extends the streak")),
    ("2/3", N_("check-ins today toward a daily target")),
    (N_("1/2 wk"), N_("days with a check-in this week toward the days it needs (mo: this month; "
               "blk: this block of an every-N-days quest); a day counts once, however many "
               "check-ins it has")),
    (N_("3d  2w  1mo"), N_("the streak, in the quest's own unit; · when there is none yet")),
    ("███▌─", N_("strength, Loop's habit score: full is a habit that holds")),
    ("+25  ·", N_("XP the next check-in earns; · when it earns none (done or skipped)")),
    (N_("🔥 12 days"), N_("day streak: days in a row with a check-in; ❄ freezes in the bank")),
    ("▁▃▅█ 72% ▲ 5", N_("stats: strength week by week, now, and its change in points over them")),
    ("▲ ● ▼ ✓", N_("goals: a key result ahead, on pace, behind, or done")),
    (N_("3d late  in 5d"), N_("people: past or before the keep-in-touch interval")),
)


def legend_table() -> Table:
    """Rows of mark and meaning; a wide terminal shows each on one line, a narrow one wraps."""
    table = Table.grid(padding=(0, 2))
    table.add_column(style="bold", no_wrap=True)
    table.add_column()
    for mark, meaning in LEGEND:
        table.add_row(_(mark), _(meaning))
    return table


def keys_table(app, bindings) -> Table:
    """Rows of key and description, one per action, in the order first bound."""
    seen: dict[str, list[str]] = {}
    names: dict[str, tuple[str, str]] = {}
    for key, active in bindings.items():
        b = active.binding
        if not b.description:
            continue
        seen.setdefault(b.action, [])
        display = app.get_key_display(Binding(key, b.action, b.description))
        if display not in seen[b.action]:
            seen[b.action].append(display)
        names[b.action] = (b.description, b.tooltip if b.tooltip != b.description else "")
    table = Table.grid(padding=(0, 2))
    table.add_column(style="bold", no_wrap=True)
    table.add_column(no_wrap=True)
    table.add_column(style="dim")
    for action, keys in seen.items():
        table.add_row(" ".join(keys), *names[action])
    return table


class HelpScreen(Screen[None]):
    """Keys and rules; Esc, q or ? goes back."""

    CSS_PATH = SCREENS_CSS

    BINDINGS = [Binding("escape,q,question_mark", "app.pop_screen", N_("Back"), id="help.back")]

    def __init__(self, bindings, where: str | None = None) -> None:
        super().__init__()
        self.bindings, self.where = bindings, where or _("Today")

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-body"):
            yield Static(Text(_("Keys on {screen}").format(screen=self.where), style="bold"),
                         classes="section-title")
            yield Static(keys_table(self.app, self.bindings), id="help-keys")
            yield Static(Text(_("What the marks mean"), style="bold"), classes="section-title",
                         id="help-legend-title")
            yield Static(legend_table(), id="help-legend")
            yield Static(Text(_("Rules of the game"), style="bold"), classes="section-title")
            yield Static(Text("\n".join(_(rule) for rule in RULES)), id="help-rules")
            yield Static(Text(_("Your own keys"), style="bold"), classes="section-title")
            ids = sorted({a.binding.id for a in self.bindings.values()
                          if a.binding.id and a.binding.description})
            yield Static(Text(_("keymap.toml in the config folder ($NETQUEST_CONFIG_DIR, on Linux "
                                "by default ~/.config/netquest) maps a binding id to keys, one per "
                                'line, such as "today.checkin" = "c". Ids here: {ids}.').format(
                                    ids=", ".join(ids))),
                         id="help-keymap")
        yield Footer()
