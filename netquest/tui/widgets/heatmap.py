"""A GitHub-style calendar of one quest: a cell per day, rows are weekdays, columns weeks.

Intensity is the day's count against the quest's target.  Colours are blended from the
theme's surface and success colours, so a theme restyles the calendar too.
"""

from __future__ import annotations

from datetime import date, timedelta

from rich.style import Style
from rich.text import Text
from textual.color import Color
from textual.widget import Widget

from netquest.clock import week_bounds

DAY_ABBR = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
LEVELS = (0.0, 0.35, 0.6, 0.8, 1.0)


class Heatmap(Widget):
    """Draws `counts` (date → count) for the last weeks that fit, up to 53."""

    DEFAULT_CSS = """
    Heatmap { height: 10; width: 1fr; }
    """

    def __init__(self, counts: dict[date, int], skips: set[date], target: int, today: date,
                 week_start: int, start: date | None = None, weeks: int = 53, **kw) -> None:
        super().__init__(**kw)
        self.counts, self.skips, self.target = counts, skips, max(1, target)
        self.today, self.week_start, self.start, self.weeks = today, week_start, start, weeks

    def level(self, day: date) -> int:
        count = self.counts.get(day, 0)
        if count <= 0:
            return 0
        ratio = count / self.target
        return 1 if ratio < 0.5 else 2 if ratio < 1 else 3 if ratio == 1 else 4

    def _palette(self) -> list[Style]:
        variables = self.app.theme_variables
        base = Color.parse(variables.get("panel", "#333333"))
        hot = Color.parse(variables.get("success", "#4EBF71"))
        return [Style(color=base.blend(hot, f).rich_color) for f in LEVELS]

    def render(self) -> Text:
        width = self.size.width or 80
        label_w = 4
        cell = 2 if width >= label_w + 2 * self.weeks else 1
        weeks = max(1, min(self.weeks, (width - label_w) // cell))
        first_col, _ = week_bounds(self.today, self.week_start)
        first_col -= timedelta(weeks=weeks - 1)
        palette = self._palette()
        dim = Style(dim=True)
        out = Text(no_wrap=True)
        months = [" "] * (weeks * cell)
        for col in range(weeks):
            monday = first_col + timedelta(weeks=col)
            last = monday + timedelta(days=6)
            if last.day <= 7 or col == 0:
                name = (last if last.day <= 7 else monday).strftime("%b")
                pos = col * cell
                if all(m == " " for m in months[max(0, pos - 1):pos + 3]) and pos + 3 <= len(months):
                    months[pos:pos + 3] = list(name)
        out.append(" " * label_w + "".join(months) + "\n", style=dim)
        glyph = "■" + " " * (cell - 1)
        for row in range(7):
            weekday = (self.week_start + row) % 7
            out.append(DAY_ABBR[weekday] + " " if row % 2 == 0 else " " * label_w, style=dim)
            for col in range(weeks):
                day = first_col + timedelta(weeks=col, days=row)
                if day > self.today or (self.start and day < self.start):
                    out.append(" " * cell)
                elif day in self.skips and not self.counts.get(day):
                    out.append("·" + " " * (cell - 1), style=dim)
                else:
                    out.append(glyph, style=palette[self.level(day)])
            out.append("\n")
        out.append(" " * label_w + "less ", style=dim)
        for style in palette:
            out.append("■ ", style=style)
        out.append("more   · skipped", style=dim)
        return out
