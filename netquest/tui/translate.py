"""Key bindings in the reader's language.

Textual merges each class's BINDINGS once, when the class is made, long before the data
file says which language to speak.  The descriptions are English message ids (marked with
`N_`); `translate_bindings` rewrites every class's merged bindings from those English ones
in the language in use, before the app builds its screens, so the footer, the help screen
and the command palette all read the translated words.
"""

from __future__ import annotations

from dataclasses import replace

from textual.binding import Binding, BindingsMap
from textual.dom import DOMNode

from netquest import i18n
from netquest.i18n import N_, _

_ENGLISH: dict[type, BindingsMap] = {}
_DONE: dict[type, str] = {}  # the language each class's bindings are in now


def _translated(binding: Binding) -> Binding:
    group = binding.group
    if group is not None and group.description:
        group = replace(group, description=_(group.description))
    return replace(
        binding,
        description=_(binding.description) if binding.description else binding.description,
        tooltip=_(binding.tooltip) if binding.tooltip else binding.tooltip,
        group=group,
    )


def translate_screen(screen) -> None:
    """A screen whose module loaded after the app started (most load on first use): its
    class is translated now, and the bindings the instance copied from it replaced."""
    translate_bindings()
    screen._bindings = type(screen)._merged_bindings.copy()


def translate_bindings() -> None:
    """Every widget, screen and app class's bindings in the language in use."""
    language = i18n.language()
    classes = [DOMNode]
    while classes:
        cls = classes.pop()
        classes.extend(cls.__subclasses__())
        merged = cls.__dict__.get("_merged_bindings")
        if merged is None or _DONE.get(cls) == language:
            continue
        _DONE[cls] = language
        english = _ENGLISH.setdefault(cls, merged)
        bindings = english.copy()
        bindings.key_to_bindings = {
            key: [_translated(b) for b in items] for key, items in english.key_to_bindings.items()
        }
        cls._merged_bindings = bindings


def speak_again(app) -> None:
    """Every key and every open screen of `app` in the language just set (the settings are
    read again on the reloads, which switch the language)."""
    app.services.settings()
    translate_bindings()
    for screen in app.screen_stack:
        screen._bindings = type(screen)._merged_bindings.copy()
        screen.refresh_bindings()
        if screen is app.today_screen or hasattr(screen, "reload"):
            app.call_later(_recompose, app, screen)
        elif hasattr(screen, "on_resize"):
            screen.on_resize()  # the keys it leaves out of a narrow footer


async def _recompose(app, screen) -> None:
    await screen.recompose()
    if hasattr(screen, "on_resize"):
        screen.on_resize()  # a new footer, and the keys to leave out of it where narrow
    if screen.focused is not None and not screen.focused.is_attached:
        screen.set_focus(None)  # the focused widget went with the old ones
        screen._update_auto_focus()
    screen.load() if screen is app.today_screen else screen.reload()


def open_palette(app) -> None:
    """Textual's command palette, its search field's placeholder in the language in use."""
    from textual.command import CommandPalette

    if app.use_command_palette and not CommandPalette.is_open(app):
        app.push_screen(CommandPalette(placeholder=_("Search for commands…"),
                                       id="--command-palette"))


def styled(template: str, **parts):
    """A Rich `Text` of a translated `template` whose `{name}` fields are `parts` (a `Text`
    keeps its style, a plain string is taken as it is): a sentence with a bold title in it
    stays one message for the translator, whatever the word order of the language."""
    import re

    from rich.text import Text

    out = Text()
    for piece in re.split(r"(\{[a-z_]+\})", template):
        name = piece[1:-1] if piece.startswith("{") and piece.endswith("}") else None
        if name in parts:
            value = parts[name]
            out.append_text(value) if isinstance(value, Text) else out.append(str(value))
        elif piece:
            out.append(piece)
    return out


# Textual's own words in the command palette, translated where the app lists them.
TEXTUAL_WORDS = (
    N_("Theme"), N_("Change the current theme"), N_("Quit"),
    N_("Quit the application as soon as possible"), N_("Keys"),
    N_("Hide the keys and widget help panel"),
    N_("Show help for the focused widget and a summary of available keys"),
    N_("Minimize"), N_("Minimize the widget and restore to normal size"), N_("Maximize"),
    N_("Maximize the focused widget"), N_("Screenshot"),
    N_("Save an SVG 'screenshot' of the current screen"), N_("Focus Next"),
    N_("Focus Previous"), N_("Copy selected text"),
)
