"""Small bar charts of the stats screen: XP per week as columns, the month's tips as rows.

Both render Rich text from numbers the services computed; colours are component classes
styled in app.tcss with the game's theme variables (`$nq-xp`, `$nq-tip-N`).
"""

from __future__ import annotations

from typing import Sequence

from rich.text import Text
from textual.widget import Widget

from netquest.i18n import _
from netquest.text import cell_width
from netquest.tui.widgets.parts import part_style
from netquest.tui.widgets.quest_list import meter
from netquest.wording import month_name

_RISING = "▁▂▃▄▅▆▇"  # the top of a column, in eighths of a cell


def column_cells(value: int, top: int, rows: int) -> list[str]:
    """One column of `rows` cells, the top one first; a value above zero shows at least ▁."""
    eighths = round(value / top * rows * 8) if top > 0 else 0
    if value > 0:
        eighths = max(1, eighths)
    cells = []
    for row in range(rows - 1, -1, -1):
        part = eighths - row * 8
        cells.append("█" if part >= 8 else " " if part <= 0 else _RISING[part - 1])
    return cells


class WeekBars(Widget):
    """XP per week: a column per week, its XP above when it fits, the week's first day below."""

    COMPONENT_CLASSES = {"week-bars--bar", "week-bars--now", "week-bars--label"}
    ROWS = 5

    def __init__(self, weeks: Sequence, **kw) -> None:
        """`weeks` are the services' WeekXP rows (first, last, xp), oldest first."""
        super().__init__(**kw)
        self.weeks = tuple(weeks)

    def get_content_height(self, container, viewport, width: int) -> int:
        return self.ROWS + 3  # values, columns, days, months

    def render(self) -> Text:
        weeks = self.weeks
        if not weeks:
            return Text(_("No weeks yet."))
        width = self.content_size.width or 48
        col = max(3, min(7, width // len(weeks)))
        top = max(w.xp for w in weeks)
        bar, now, label = (part_style(self, f"week-bars--{n}")
                           for n in ("bar", "now", "label"))
        out = Text(no_wrap=True, overflow="crop")
        for w in weeks:
            value = str(w.xp) if w.xp else ""
            shown = value.rjust(col - 1)[: col - 1] + " " if cell_width(value) < col else " " * col
            out.append(shown, style=label)
        out.append("\n")
        columns = [column_cells(w.xp, top, self.ROWS) for w in weeks]
        for row in range(self.ROWS):
            for i, cells in enumerate(columns):
                out.append(cells[row] * (col - 1), style=now if i == len(weeks) - 1 else bar)
                out.append(" ")
            out.append("\n")
        out.append("".join(f"{w.first.day:>{col - 1}} " for w in weeks), style=label)
        out.append("\n")
        months = ""
        for i, w in enumerate(weeks):
            if i == 0 or w.first.month != weeks[i - 1].first.month:
                months += " " * max(0, i * col - cell_width(months))
                if cell_width(months) == i * col:  # room left by the month before
                    months += month_name(w.first.month, short=True)
        out.append(months, style=label)
        return out


class TipBars(Widget):
    """This month's check-ins per tip: the tip, a bar of its share and the count."""

    COMPONENT_CLASSES = ({f"tip-bars--tip-{n}" for n in range(1, 6)}
                         | {"tip-bars--empty", "tip-bars--label"})

    def __init__(self, tips: Sequence, **kw) -> None:
        """`tips` are the services' TipBalance rows (tip, title, checkins, units, share)."""
        super().__init__(**kw)
        self.tips = tuple(tips)

    def get_content_height(self, container, viewport, width: int) -> int:
        return len(self.tips)

    def render(self) -> Text:
        width = self.content_size.width or 48
        name_w = max(8, min(24, width - 24))
        bar_w = max(4, min(20, width - name_w - 12))
        top = max((t.checkins for t in self.tips), default=0)
        empty = part_style(self, "tip-bars--empty")
        label = part_style(self, "tip-bars--label")
        out = Text(no_wrap=True, overflow="ellipsis")
        for i, t in enumerate(self.tips):
            style = part_style(self, f"tip-bars--tip-{min(5, max(1, t.tip))}")
            name = Text(f"{t.tip} {t.title}")
            name.truncate(name_w, overflow="ellipsis", pad=True)
            name.stylize(style)
            out.append_text(name)
            filled, rest = meter(t.checkins / top if top else 0.0, bar_w)
            out.append(" " + filled, style=style)
            out.append(rest, style=empty)
            out.append(f" {t.checkins:>3}", style="bold")
            out.append(f" {round(t.share * 100):>3}%", style=label)
            if i < len(self.tips) - 1:
                out.append("\n")
        return out
