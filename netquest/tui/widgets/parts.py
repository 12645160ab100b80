"""Colours of a widget's component classes, resolved on the widget's own background.

A list of like rows keeps its rows' component classes itself (`shared_part_style`):
Textual styles every component class of every widget on each restyle, so nine classes
on each of twenty quest rows were 180 extra style resolutions before Today's first frame;
the list resolves them once and each row draws them on its own background.

Textual's partial component style resolves an `auto` colour ($text-muted, $text-disabled)
with no background to contrast with, and gets white: a light theme drew the open mark, the
cadence and the empty part of the strength bars white on white.  The full style resolves
it on the widget's background; the partial one keeps only what the class itself sets.
"""

from __future__ import annotations

from rich.style import Style
from textual.color import Color
from textual.widget import Widget


def part_style(widget: Widget, name: str) -> Style:
    """The component class `name`'s own style, with its colour as drawn on `widget`."""
    own = widget.get_component_rich_style(name, partial=True)
    drawn = widget.get_component_rich_style(name, partial=False)
    return own + Style(color=drawn.color)


def shared_part_style(owner: Widget, name: str, background: Color) -> Style:
    """`part_style` of the component class `name` of `owner`, drawn on `background` (that
    of a child of `owner` with no component classes of its own), as if the class were the
    child's.

    The colour is worked out as Textual works out a component's full style: an `auto`
    colour contrasts with the background it is drawn on (the row's, which the cursor
    changes), any other is laid over it; a class without a colour keeps the row's.
    Remembered per class and background until the owner is restyled (a theme change makes
    new component styles)."""
    styles = owner.get_component_styles(name)
    cache = owner.__dict__.setdefault("_shared_parts", {})
    hit = cache.get((name, background))
    if hit is not None and hit[0] is styles:
        return hit[1]
    style = owner.get_component_rich_style(name, partial=True)
    if styles.has_rule("color"):
        color = styles.color
        if styles.has_rule("auto_color") and styles.auto_color:
            color = background.get_contrast_text(color.a)
        drawn = background + color
        style += Style(color=drawn.rich_color if (background.a or color.a) else None)
    cache[(name, background)] = (styles, style)
    return style


class RowParts:
    """A list whose rows draw its component classes (`shared_part_style`): rows are redrawn
    when the theme changes, as a row's own component classes would have had it redrawn."""

    def on_mount(self) -> None:
        self.app.theme_changed_signal.subscribe(self, self._recolour_rows)  # type: ignore[attr-defined]

    def _recolour_rows(self, _theme) -> None:
        for row in self.children:  # type: ignore[attr-defined]
            row.refresh()

    def part(self, name: str, row: Widget) -> Style:
        """The component class `name`, drawn on `row`."""
        return shared_part_style(self, name, row.background_colors[1])  # type: ignore[arg-type]
