"""Make stored text safe to show: no control character or escape sequence from the data
file may reach the terminal, and no Rich/Textual markup in it is ever interpreted."""

from __future__ import annotations

import re
import unicodedata

# C0 and C1 control characters and DEL.  ESC (0x1b) and CSI (0x9b) start escape
# sequences; the others can move the cursor or ring the bell.  Tabs and newlines are
# replaced too: a one-line field must stay on one line in a table.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def _caret(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code < 0x20:
        return "^" + chr(code + 0x40)
    if code == 0x7F:
        return "^?"
    return f"\\x{code:02x}"


def inert(text: object) -> str:
    """`text` with every control character shown in caret notation (ESC becomes ``^[``)."""
    return _CONTROL.sub(_caret, str(text))


def inert_multiline(text: object) -> str:
    """Like `inert` but keeps newlines, for notes shown as paragraphs."""
    return "\n".join(inert(line) for line in str(text).split("\n"))


def has_control(text: str) -> bool:
    """True when `text` holds a character that `inert` would replace."""
    return bool(_CONTROL.search(text))


def cell_width(text: str) -> int:
    """Terminal cells `text` takes: wide East Asian characters and emoji take two."""
    width = 0
    for char in text:
        if unicodedata.combining(char) or unicodedata.category(char) in ("Mn", "Me", "Cf"):
            continue
        width += 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1
    return width


def fit(text: str, width: int) -> str:
    """Cut `text` to at most `width` cells, ending with an ellipsis when cut."""
    if cell_width(text) <= width:
        return text
    out, used = [], 0
    for char in text:
        w = cell_width(char)
        if used + w > width - 1:
            break
        out.append(char)
        used += w
    return "".join(out) + "…"


def pad(text: str, width: int) -> str:
    """`text` fitted and padded with spaces to exactly `width` cells."""
    text = fit(text, width)
    return text + " " * (width - cell_width(text))
