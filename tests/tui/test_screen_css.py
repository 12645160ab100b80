"""Today's first frame parses only app.tcss: every other screen's styles are in screens.tcss,
which each of those screens names, so it is read when the first of them opens."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import re
from pathlib import Path

from textual.screen import Screen

import netquest.tui.screens as screens
from netquest.tui.screens import SCREENS_CSS
from netquest.tui.screens.dialogs import ConfirmDialog, EditCheckinDialog, NoteDialog, RestoreDialog
from netquest.tui.screens.today import TodayScreen

from .conftest import make_services, open_app, starter

TUI = Path(screens.__file__).parent.parent
# Styled by app.tcss alone: Today, and the dialogs it opens (a note, a yes/no, a restore).
APP_CSS_ONLY = {TodayScreen, NoteDialog, EditCheckinDialog, ConfirmDialog, RestoreDialog}


def our_screens() -> set[type]:
    found = set()
    for info in pkgutil.iter_modules(screens.__path__):
        module = importlib.import_module(f"netquest.tui.screens.{info.name}")
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, Screen) and cls.__module__.startswith("netquest."):
                found.add(cls)
    return found


def test_every_other_screen_names_the_screens_stylesheet():
    found = our_screens()
    assert APP_CSS_ONLY <= found and len(found) > 15
    for cls in found - APP_CSS_ONLY:
        assert cls.CSS_PATH == SCREENS_CSS, cls.__name__
    for cls in APP_CSS_ONLY:
        assert cls.CSS_PATH is None, cls.__name__


def selectors(tcss: Path) -> set[str]:
    """The ids and classes the stylesheet's selectors name (comments left out)."""
    text = re.sub(r"/\*.*?\*/", "", tcss.read_text(), flags=re.S)
    heads = re.findall(r"([^{}]+)\{", text)
    return {m for head in heads for m in re.findall(r"[#.][A-Za-z][\w-]*", head)}


def named_in(module_file: Path) -> set[str]:
    """The ids and classes a module gives its widgets."""
    source = module_file.read_text()
    ids = {f"#{m}" for m in re.findall(r"\bid=\"([\w-]+)\"", source)}
    classes = {f".{c}" for group in re.findall(r"\bclasses=\"([\w -]+)\"", source)
               for c in group.split()}
    return ids | classes


def test_nothing_today_or_its_dialogs_show_is_styled_only_in_the_screens_stylesheet():
    later = selectors(TUI / "screens.tcss") - selectors(TUI / "app.tcss")
    files = [TUI / "screens" / "today.py", TUI / "screens" / "dialogs.py",
             *sorted((TUI / "widgets").glob("*.py")), TUI / "app.py", TUI / "sync.py"]
    used = {name for f in files for name in named_in(f)}
    assert later and used
    assert sorted(used & later) == []


async def test_the_screens_stylesheet_is_read_when_another_screen_first_opens():
    async with open_app(starter(make_services())) as pilot:
        app = pilot.app
        assert not any(SCREENS_CSS in str(source) for source in app.stylesheet.source)
        await pilot.press("question_mark")  # help
        await pilot.pause()
        assert any(SCREENS_CSS in str(source) for source in app.stylesheet.source)
