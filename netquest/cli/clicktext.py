"""The command line's help and click's own words in the user's language.

Click says "Usage:", "Missing argument" and "No such command" through `gettext.gettext`,
imported into each of its modules as `_`; `hook_click()` points those names at NetQuest's
catalogue instead, so click speaks the language NetQuest speaks.  The commands' help (their
docstrings and option texts) stays English in the code; a command's context translates it
when help is shown, after the data file's `language` setting is read (`netquest.cli.helptext`
translates it and lays it out in terminal cells).  English help is click's own output, byte
for byte.  `netquest.cli.helpmessages` extracts these texts for the catalogue.
"""

from __future__ import annotations

import click

from netquest import i18n

# The click modules that speak to a user (the rest are Windows-only or never reached).
CLICK_MODULES = ("core", "decorators", "exceptions", "formatting", "parser", "termui",
                 "types", "utils")


def hook_click() -> None:
    """Route click's messages through NetQuest's catalogue (attribute sets: costs nothing)."""
    import sys

    for name in CLICK_MODULES:
        module = sys.modules.get(f"click.{name}")
        if module is None:
            continue
        if getattr(module, "_", None) is not i18n._:
            module._ = i18n._
        if hasattr(module, "ngettext"):
            module.ngettext = i18n.ngettext


def punctuated(message: str) -> str:
    """A click usage error in the punctuation of the language: click ends some of its
    sentences with a bare "." and joins two with a space ("Missing argument 'X'." and
    "No such option 'Y'. Did you mean"), outside the catalogue's reach.  English as it is."""
    stop = i18n.pgettext("end of a sentence", ".")
    if stop == ".":
        return message
    import re

    message = re.sub(r"(?<=['\"])\.(?=\s|$)", stop, message)
    return message.replace(stop + " ", stop)


class Context(click.Context):
    """A click context that shows help in the user's language."""

    def make_formatter(self) -> click.HelpFormatter:
        from netquest.cli import helptext  # only help pays for the layout in cells
        from netquest.cli.context import learn_language

        learn_language()
        english = i18n.language() == i18n.ENGLISH
        helptext.speak(self.command, self, english)
        if english:
            return super().make_formatter()
        return helptext.CellFormatter(width=self.terminal_width,
                                      max_width=self.max_content_width)


def use_context(command: click.Command) -> None:
    """Give `command` and every command under it the translating context."""
    command.context_class = Context
    if isinstance(command, click.Group):
        for sub in command.commands.values():
            use_context(sub)
