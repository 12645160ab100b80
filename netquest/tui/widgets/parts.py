"""Colours of a widget's component classes, resolved on the widget's own background.

Textual's partial component style resolves an `auto` colour ($text-muted, $text-disabled)
with no background to contrast with, and gets white: a light theme drew the open mark, the
cadence and the empty part of the strength bars white on white.  The full style resolves
it on the widget's background; the partial one keeps only what the class itself sets.
"""

from __future__ import annotations

from rich.style import Style
from textual.widget import Widget


def part_style(widget: Widget, name: str) -> Style:
    """The component class `name`'s own style, with its colour as drawn on `widget`."""
    own = widget.get_component_rich_style(name, partial=True)
    drawn = widget.get_component_rich_style(name, partial=False)
    return own + Style(color=drawn.color)
