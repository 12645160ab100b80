"""GitHub-style calendars: a cell per day, rows are weekdays, columns weeks.

`Heatmap` shows one quest (intensity: the day's count against its target); `ShareHeatmap`
shows every quest (intensity: the share of the day's due quests that were done).  Colours
are blended from the theme's panel and `$nq-strength` colours, so a theme restyles them too.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Sequence

from rich.style import Style
from rich.text import Text
from textual.color import Color
from textual.widget import Widget

from netquest.clock import week_bounds
from netquest.i18n import N_, _
from netquest.text import cell_width
from netquest.wording import month_name, weekday_name

LEVELS = (0.0, 0.35, 0.6, 0.8, 1.0)
BLANK = -1  # no cell: a day before the calendar starts or after today


def month_line(first_col: date, weeks: int, cell: int, room: int) -> str:
    """The month names above the columns: each over the week its first day falls in, and
    the first column's month when that one started earlier.

    Months start at least four weeks apart, so only that first, partial month can crowd the
    next one: then it gives way, as the next month is the one that starts in view.  A month
    that starts in the last columns has its name moved left into `room` (at least
    `weeks * cell` cells) when that leaves a space after the name before it.
    """
    labels: list[tuple[int, str, int]] = []
    for col in range(weeks):
        monday = first_col + timedelta(weeks=col)
        last = monday + timedelta(days=6)
        if last.day <= 7 or col == 0:
            pos = col * cell
            if labels and pos < labels[-1][0] + cell_width(labels[-1][1]) + 1:  # name and a space
                # A language whose short names are wide ("10月") has a narrower one ("10").
                before, _name, before_month = labels.pop()
                narrow = month_name(before_month, narrow=True)
                if pos >= before + cell_width(narrow) + 1:
                    labels.append((before, narrow, before_month))
            month = (last if last.day <= 7 else monday).month
            labels.append((pos, month_name(month, short=True), month))
    line = [" "] * room  # one item a cell: a wide character fills its second cell with ""
    end = -1  # where the name placed last ends
    for pos, name, _month in labels:
        width = cell_width(name)
        pos = min(pos, room - width)  # a month starting in the last column: its name moves left
        if pos > end:
            cells = [part for char in name for part in [char] + [""] * (cell_width(char) - 1)]
            line[pos : pos + width] = cells
            end = pos + width
    return "".join(line).rstrip()


class Heatmap(Widget):
    """Draws `counts` (date → count) for the last weeks that fit, up to 53."""

    DEFAULT_CSS = """
    Heatmap { height: 10; width: 1fr; }
    """
    DOT_MEANS = N_("skipped")  # the legend of the dot cell

    def __init__(
        self,
        counts: dict[date, int],
        skips: set[date],
        target: int,
        today: date,
        week_start: int,
        start: date | None = None,
        weeks: int = 53,
        **kw,
    ) -> None:
        super().__init__(**kw)
        self.counts, self.skips, self.target = counts, skips, max(1, target)
        self.today, self.week_start, self.start, self.weeks = today, week_start, start, weeks

    def level(self, day: date) -> int:
        count = self.counts.get(day, 0)
        if count <= 0:
            return 0
        ratio = count / self.target
        return 1 if ratio < 0.5 else 2 if ratio < 1 else 3 if ratio == 1 else 4

    def cell(self, day: date) -> int | None:
        """The level (0 to 4) of a day's cell, None for a dot, BLANK for no cell."""
        if day > self.today or (self.start and day < self.start):
            return BLANK
        if day in self.skips and not self.counts.get(day):
            return None
        return self.level(day)

    def _palette(self) -> list[Style]:
        variables = self.app.theme_variables
        hot = Color.parse(variables.get("nq-strength", variables.get("success", "#4EBF71")))
        if self.app.current_theme.ansi:
            # ANSI colours do not blend: the terminal's green, dim to bold, tells the levels apart.
            return [
                Style(dim=True),
                Style(color=hot.rich_color, dim=True),
                Style(color=hot.rich_color, dim=True),
                Style(color=hot.rich_color),
                Style(color=hot.rich_color, bold=True),
            ]
        base = Color.parse(variables.get("panel", "#333333"))
        return [Style(color=base.blend(hot, f).rich_color) for f in LEVELS]

    def render(self) -> Text:
        width = self.size.width or 80
        days = [weekday_name(i, short=True) for i in range(7)]
        label_w = 1 + max(cell_width(d) for d in days)
        cell = 2 if width >= label_w + 2 * self.weeks else 1
        weeks = max(1, min(self.weeks, (width - label_w) // cell))
        first_col, _last = week_bounds(self.today, self.week_start)
        first_col -= timedelta(weeks=weeks - 1)
        palette = self._palette()
        dim = Style(dim=True)
        out = Text(no_wrap=True)
        months = month_line(first_col, weeks, cell, max(weeks * cell, width - label_w))
        out.append(" " * label_w + months + "\n", style=dim)
        glyph = "■" + " " * (cell - 1)
        for row in range(7):
            weekday = (self.week_start + row) % 7
            name = days[weekday] + " " * (label_w - cell_width(days[weekday]))
            out.append(name if row % 2 == 0 else " " * label_w, style=dim)
            for col in range(weeks):
                level = self.cell(first_col + timedelta(weeks=col, days=row))
                if level == BLANK:
                    out.append(" " * cell)
                elif level is None:
                    out.append("·" + " " * (cell - 1), style=dim)
                else:
                    out.append(glyph, style=palette[level])
            out.append("\n")
        out.append(" " * label_w + _("less") + " ", style=dim)
        for style in palette:
            out.append("■ ", style=style)
        out.append(_("more") + f"   · {_(self.DOT_MEANS)}", style=dim)
        return out


class ShareHeatmap(Heatmap):
    """Every quest at once: a day's level is the share of its due quests that were done."""

    DOT_MEANS = N_("nothing due")

    def __init__(self, days: Sequence, today: date, week_start: int, **kw) -> None:
        """`days` are the services' HeatDay rows (day, due, done, share), oldest first."""
        super().__init__({}, set(), 1, today, week_start, **kw)
        self.shares = {d.day: d.share for d in days}

    def cell(self, day: date) -> int | None:
        if day not in self.shares or day > self.today:
            return BLANK
        share = self.shares[day]
        if share is None:
            return None
        return (
            0
            if share <= 0
            else 1
            if share <= 1 / 3
            else 2
            if share <= 2 / 3
            else 3
            if share < 1
            else 4
        )
