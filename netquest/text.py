"""The one gate every printed string passes: no control character, escape sequence or
bidi override from the data file (or an argument) reaches the terminal, a pipe, a
spreadsheet or a JSON reader raw, and no Rich/Textual markup in it is ever interpreted.

The rules, the same for the command line and the app:

* C0 controls are shown in caret notation (ESC is ``^[``, a newline ``^J``), DEL as ``^?``.
* C1 controls (U+0080-U+009F, the 8-bit CSI U+009B among them) are shown as ``\\x9b``.
* Bidi controls (U+061C, U+200E, U+200F, U+202A-U+202E, U+2066-U+2069), which can make a
  line read differently from what it holds, are shown as ``<U+202E>``; so are the
  invisible zero-width space, word joiner and byte-order mark (U+200B, U+2060, U+FEFF),
  which can hide text inside a name that looks like another.
* Lone surrogates, which is how Python carries bytes that are not UTF-8, are shown as the
  byte they stand for (``\\xff``) or, for any other, as ``<U+D800>``; printed raw they
  would crash the write.
* JSON output (`json_text`) keeps every string exactly, as ``\\u`` escapes.
* A CSV cell (`csv_cell`) is shown as above, and one that a spreadsheet would read as a
  formula (it starts with = + - @) gets a leading apostrophe.
"""

from __future__ import annotations

import json
import re
import unicodedata

# ESC (0x1b) and CSI (0x9b) start escape sequences; the other controls can move the
# cursor or ring the bell.  Tabs and newlines are replaced too: a one-line field must
# stay on one line in a table (`inert_multiline` keeps newlines for paragraphs).
_BIDI = "\u061c\u200b\u200e\u200f\u202a-\u202e\u2060\u2066-\u2069\ufeff"
_UNSAFE = re.compile(f"[\x00-\x1f\x7f-\x9f{_BIDI}\ud800-\udfff]")
# What json.dumps(ensure_ascii=False) leaves raw of the above: it escapes C0 itself.
_UNSAFE_IN_JSON = re.compile(f"[\x7f-\x9f{_BIDI}\ud800-\udfff]")
_FORMULA_START = ("=", "+", "-", "@")


def _shown(match: re.Match[str]) -> str:
    char = match.group()
    code = ord(char)
    if code < 0x20:
        return "^" + chr(code + 0x40)
    if code == 0x7F:
        return "^?"
    if code <= 0x9F:
        return f"\\x{code:02x}"
    if 0xDC80 <= code <= 0xDCFF:  # a byte that was not UTF-8 (surrogateescape)
        return f"\\x{code - 0xDC00:02x}"
    return f"<U+{code:04X}>"


# VARIATION SELECTOR-16 asks for the emoji form of a character drawn as text by default
# (❤ U+2764 + U+FE0F).  Terminals disagree on its width: Rich counts two cells, tmux one,
# so every cell after it on the line moved.  Shown without it, the character takes one cell
# everywhere.  Stored text, JSON and CSV keep it.
_EMOJI_FORM = "\ufe0f"


def inert(text: object) -> str:
    """`text` with every control, bidi control and lone surrogate shown visibly (ESC is ``^[``),
    and without the emoji-form selector that terminals give different widths."""
    return _UNSAFE.sub(_shown, str(text)).replace(_EMOJI_FORM, "")


def inert_multiline(text: object) -> str:
    """Like `inert` but keeps newlines, for notes shown as paragraphs."""
    return "\n".join(inert(line) for line in str(text).split("\n"))


def one_line(text: object) -> str:
    """A note on one line of a list: its lines joined by spaces (not shown as ``^J``), every
    other control shown as `inert` does."""
    return " ".join(inert_multiline(text).split())


def has_control(text: str) -> bool:
    """True when `text` holds a character that `inert` would replace."""
    return bool(_UNSAFE.search(text))


def _json_escape(match: re.Match[str]) -> str:
    return f"\\u{ord(match.group()):04x}"


def json_text(value: object, indent: int | None = None) -> str:
    """`value` as JSON for output: non-ASCII text stays readable, but every control, bidi
    control and lone surrogate is a ``\\u`` escape, so the JSON decodes back exactly.

    Outside strings JSON holds only ASCII, so escaping these characters wherever they
    appear in the text escapes them inside strings."""
    return _UNSAFE_IN_JSON.sub(_json_escape, json.dumps(value, ensure_ascii=False, indent=indent))


def csv_cell(value: object) -> str:
    """One CSV cell: inert, and never read as a formula by a spreadsheet."""
    text = _UNSAFE.sub(_shown, str(value))  # as `inert`, but the text's emoji stay as typed
    # Apostrophes already in front of a formula sign get one more, so that taking the
    # guard off again (services/loop.py `unguard`) gives back exactly this text.
    return "'" + text if text.lstrip("'").startswith(_FORMULA_START) else text


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


def name_list(text: str) -> list[str]:
    """Names typed comma-separated (`Ana, Bob`), each stripped, blanks dropped."""
    return [name.strip() for name in text.split(",") if name.strip()]


def plain(text: object, style: str = ""):
    """Stored text as a Rich `Text` for the screens: controls shown as `inert` shows them,
    markup never parsed.  Rich is imported only here, so the command line never loads it."""
    from rich.text import Text

    return Text(inert(text), style=style)
