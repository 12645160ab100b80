"""Help shown in the user's language: the commands' help texts translated, and click's
layout measured in terminal cells, so Chinese lines fit the terminal as English ones do.
Imported only when help is shown (`netquest.cli.clicktext.Context`)."""

from __future__ import annotations

import inspect
import re

import click

from netquest import i18n
from netquest.text import cell_width, fit


def help_msgid(text: str | None) -> str | None:
    """The catalogue's id of a help text: as click shows it (docstring indentation gone)."""
    if not text:
        return None
    return inspect.cleandoc(text)


def _original(obj, attr: str):
    """The English text click was given, kept aside the first time it is translated."""
    key = f"_netquest_en_{attr}"
    if key not in obj.__dict__:
        obj.__dict__[key] = getattr(obj, attr)
    return obj.__dict__[key]


def speak(command: click.Command, ctx: click.Context, english: bool) -> None:
    """Set the help texts of `command`, its options and (for a group) its commands' one-line
    summaries in the language in use; English puts back the texts the code gave."""
    _say(command, english, summary=False)
    for param in command.get_params(ctx):
        if param is command.get_help_option(ctx):
            param.help = i18n._("Show this message and exit.")
        elif isinstance(param, click.Option):
            text = _original(param, "help")
            param.help = text if english or not text else i18n._(help_msgid(text))
    if isinstance(command, click.Group):
        for name in command.list_commands(ctx):
            sub = command.get_command(ctx, name)
            if sub is not None:
                _say(sub, english, summary=True)


def _say(command: click.Command, english: bool, summary: bool) -> None:
    text, short = _original(command, "help"), _original(command, "short_help")
    if english:
        command.help, command.short_help = text, short
        return
    command.help = i18n._(help_msgid(text)) if text else text
    if short:
        command.short_help = i18n._(help_msgid(short))
    elif summary and command.help:
        # Click's summary keeps the first sentence by counting words between spaces, and
        # Chinese has none: the first sentence is cut here, the formatter fits it in cells.
        command.short_help = first_sentence(command.help)


def first_sentence(text: str) -> str:
    para = text.split("\n\n")[0].replace("\b", "").strip()
    found = re.search(r"[。！？]|\.(\s|$)", para)
    return para[: found.end()].strip() if found else para


# ------------------------------------------------------------------ layout in cells
_TOKEN = re.compile(r"\s+|[\x00-\u10ff]+?(?=\s|[^\x00-\u10ff]|$)|.", re.S)
_NO_LINE_START = set("，。、：；！？）」』》”’…,.;:!?)")
_NO_LINE_END = set("（「『《“‘")
_LAST_PIECE = re.compile(r"(?:[!-\u10ff]+|\S)$")  # a line's last word, or wide character


_cells = cell_width


def wrap_cells(text: str, width: int, first: str = "", rest: str = "") -> list[str]:
    """`text` wrapped to `width` cells: breaks at spaces and between wide characters,
    never before closing punctuation; `first`/`rest` indent the first and other lines."""
    width = max(width, _cells(first) + 4, _cells(rest) + 4)
    lines: list[str] = []
    line, used, space = first, _cells(first), False
    for token in _TOKEN.findall(" ".join(text.split("\n"))):
        if token.isspace():
            space = used > _cells(rest if lines else first)
            continue
        size = _cells(token)
        gap = 1 if space else 0
        head = rest if lines else first
        if used + gap + size > width and used > _cells(head):
            carry = ""
            # Wide characters go down with the token until the break is between two that
            # may part: no closing mark starts the next line, no opening one ends this.
            while line[-1:] in _NO_LINE_END or (carry or token)[0] in _NO_LINE_START:
                piece = _LAST_PIECE.search(line)
                if piece is None or len(line) - len(piece.group()) <= len(head):
                    break
                line, carry = line[: piece.start()], piece.group() + carry
            carry += " " * gap if carry else ""
            lines.append(line.rstrip())
            line, used = rest + carry + token, _cells(rest + carry + token)
        else:
            line += " " * gap + token
            used += gap + size
        space = False
    lines.append(line.rstrip())
    return lines


class CellFormatter(click.HelpFormatter):
    """Click's help layout measured in terminal cells, for languages with wide characters."""

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        if prefix is None:
            usage = i18n._("Usage:")
            prefix = usage if usage.endswith("：") else f"{usage} "  # no space after a wide colon
        head = f"{prefix:>{self.current_indent}}{prog} "
        if not args:
            self.write(head.rstrip(" ") + "\n")
            return
        self.write("\n".join(wrap_cells(args, self.width, head, " " * _cells(head))) + "\n")

    def write_text(self, text: str) -> None:
        indent = " " * self.current_indent
        out = []
        for para in re.split(r"\n\s*\n", text):
            if para.startswith("\b"):  # click's mark for a paragraph kept as written
                out.append("\n".join(indent + line for line in para[1:].strip("\n").split("\n")))
            else:
                out.append("\n".join(wrap_cells(para.strip(), self.width, indent, indent)))
        self.write("\n\n".join(out) + "\n")

    def write_dl(self, rows, col_max: int = 30, col_spacing: int = 2) -> None:
        rows = list(rows)
        first_col = min(max((_cells(term) for term, _ in rows), default=0), col_max)
        first_col += col_spacing
        summaries = self._in_commands
        for term, text in rows:
            self.write(f"{'':>{self.current_indent}}{term}")
            if not text:
                self.write("\n")
                continue
            if _cells(term) <= first_col - col_spacing:
                self.write(" " * (first_col - _cells(term)))
            else:
                self.write("\n" + " " * (first_col + self.current_indent))
            room = max(self.width - first_col - self.current_indent, 10)
            if summaries:
                self.write(fit(text, room) + "\n")
                continue
            lines = wrap_cells(text, room)
            self.write(lines[0] + "\n")
            for line in lines[1:]:
                self.write(" " * (first_col + self.current_indent) + line + "\n")

    _in_commands = False

    def write_heading(self, heading: str) -> None:
        self._in_commands = heading == i18n._("Commands")
        colon = "：" if heading and _cells(heading[-1]) == 2 else ":"
        self.write(f"{'':>{self.current_indent}}{heading}{colon}\n")
