"""How rich the command line's output may be: colour, symbols and width, detected once per run.

Colour and symbols appear only when stdout is a terminal and NO_COLOR is unset.
"""

from __future__ import annotations

import os
import sys

from netquest.structs import Struct
from netquest.text import cell_width

BAR = "▏▎▍▌▋▊▉█"


class Style(Struct, frozen=True):
    """How rich the output may be: colour, symbols, and the width to fit."""

    color: bool = False
    symbols: bool = False
    width: int = 80

    @classmethod
    def detect(cls, stream=None) -> "Style":
        stream = stream or sys.stdout
        tty = hasattr(stream, "isatty") and stream.isatty()
        fancy = tty and not os.environ.get("NO_COLOR")
        try:
            width = int(os.environ["COLUMNS"])
        except (KeyError, ValueError):
            width = _terminal_columns() if tty else 80
        symbols = fancy and os.environ.get("TERM") != "dumb"
        return cls(color=fancy, symbols=symbols, width=max(40, width))

    def paint(self, text: str, code: str) -> str:
        return f"\x1b[{code}m{text}\x1b[0m" if self.color else text

    def bold(self, text: str) -> str:
        return self.paint(text, "1")

    def dim(self, text: str) -> str:
        return self.paint(text, "2")

    @property
    def flame(self) -> str:
        return "🔥" if self.symbols else "streak"

    @property
    def freeze(self) -> str:
        return "❄" if self.symbols else "freezes"


def _terminal_columns() -> int:
    """`shutil.get_terminal_size((80, 24)).columns` when COLUMNS is not a number, without
    importing shutil (and the compression modules it loads) on every command's start."""
    try:
        return os.get_terminal_size(sys.__stdout__.fileno()).columns or 80
    except (AttributeError, ValueError, OSError):
        return 80


def bar(fraction: float, width: int, style: Style) -> str:
    fraction = min(1.0, max(0.0, fraction))
    if not style.symbols:
        filled = round(fraction * width)
        return "#" * filled + "-" * (width - filled)
    eighths = round(fraction * width * 8)
    full, part = divmod(eighths, 8)
    text = "█" * full + (BAR[part - 1] if part else "")
    return text + "░" * (width - cell_width(text))
