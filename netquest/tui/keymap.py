"""The player's own keys: `keymap.toml` in the config folder maps binding ids to keys.

Example (``~/.config/netquest/keymap.toml``)::

    "today.checkin" = "c"
    "today.undo" = "u,backspace"

Ids are the ones help lists (`today.checkin`, `goal.copy`, `people.add`…).  Entries that
are not an id and a key string are reported in one line each; the rest still applies.
"""

from __future__ import annotations

import re
from pathlib import Path

from netquest.configfile import UnusableFile, read_small_toml
from netquest.themes import user_config_dir

KEYMAP_FILE = "keymap.toml"
MAX_BYTES = 64 * 1024  # a keymap is a few lines; more is not one
MAX_PROBLEMS = 5  # lines in the one notification; the rest are counted
_KEYS = re.compile(r"[A-Za-z0-9_+\-,]+")


def keymap_path() -> Path:
    return user_config_dir() / KEYMAP_FILE


_ID = re.compile(r"[a-z_-]+\.[a-z_-]+")


def binding_ids() -> set[str]:
    """Every binding id of the app's screens, dialogs and widgets (the ids help lists)."""
    return {b.id for _, bindings in _bindings_by_class() for b in bindings}


def clashes(keymap: dict[str, str]) -> list[str]:
    """Keys the keymap gives a binding that another one of the same screen (or the app) has:
    one of the two would never fire, which nobody would notice until it was needed."""
    groups = _bindings_by_class()
    app_level = next((bindings for cls, bindings in groups if cls.__name__ == "NetQuestApp"), [])
    found: list[str] = []
    for cls, bindings in groups:
        together = {b.id: b for b in [*bindings, *app_level]}.values()
        keys = {b.id: set(keymap.get(b.id, b.key).split(",")) for b in together}
        for b in together:
            if b.id not in keymap:
                continue
            for other in together:
                shared = sorted(keys[b.id] & keys[other.id])
                line = (f"{b.id} = {','.join(shared)} takes the key of {other.id} "
                        f"({other.description or other.action})")
                if other.id != b.id and shared and line not in found:
                    found.append(line)
    return found


def _bindings_by_class() -> list[tuple[type, list]]:
    import importlib
    import pkgutil

    from textual.binding import Binding

    import netquest.tui.screens
    import netquest.tui.widgets

    modules = [importlib.import_module("netquest.tui.app")]
    for package in (netquest.tui.screens, netquest.tui.widgets):
        for info in pkgutil.iter_modules(package.__path__):
            modules.append(importlib.import_module(f"{package.__name__}.{info.name}"))
    classes = {value for module in modules for value in vars(module).values()
               if isinstance(value, type)}
    groups = [(cls, [b for b in cls.__dict__.get("BINDINGS", ())
                     if isinstance(b, Binding) and b.id])
              for cls in sorted(classes, key=lambda c: c.__name__)]
    return [(cls, bindings) for cls, bindings in groups if bindings]


def load_keymap(path: Path | None = None) -> tuple[dict[str, str], list[str]]:
    """The keymap from the file (empty when there is none) and one line per problem.

    A file that cannot be used at all (not a regular file, too big, not UTF-8, not TOML,
    nested too deeply) is one problem and leaves the default keys in place."""
    path = path or keymap_path()
    try:
        data = _read(path)
    except FileNotFoundError:
        return {}, []
    except UnusableFile as exc:
        return {}, [f"{path}: {exc}; the default keys apply"]
    except OSError as exc:
        return {}, [f"{path}: cannot be read ({exc.strerror or exc}); the default keys apply"]
    keymap, problems = {}, []
    known = binding_ids() if data else set()
    for binding_id, keys in data.items():
        if not _ID.fullmatch(binding_id):
            problems.append(f"{path}: {binding_id[:40]!r} is not a binding id such as "
                            f"{_closest(binding_id, known) or 'today.checkin'}")
        elif binding_id not in known:
            # A mistyped id would otherwise do nothing, and nobody would say why.
            near = _closest(binding_id, known)
            hint = f"did you mean {near}?" if near else "help, ?, lists each screen's ids"
            problems.append(f"{path}: there is no binding {binding_id!r} ({hint})")
        elif not isinstance(keys, str) or not _KEYS.fullmatch(keys.replace(" ", "")):
            problems.append(f"{path}: {binding_id} must be keys such as 'c' or 'ctrl+k,u'")
        else:
            keymap[binding_id] = keys.replace(" ", "")
    problems += [f"{path}: {line}" for line in clashes(keymap)] if keymap else []
    if len(problems) > MAX_PROBLEMS:
        more = len(problems) - MAX_PROBLEMS
        problems[MAX_PROBLEMS:] = [f"{path}: and {more} more entries like these"]
    return keymap, problems


def _closest(binding_id: str, known: set[str]) -> str | None:
    """The known id a misspelt one most likely meant ('today.chekin': today.checkin)."""
    import difflib

    lowered = binding_id.lower()
    if "." not in lowered:
        lowered = lowered.replace("-", ".", 1)  # people-back: people.back
    near = difflib.get_close_matches(lowered, sorted(known), n=1, cutoff=0.75)
    return near[0] if near else None


def _read(path: Path) -> dict:
    return read_small_toml(path, MAX_BYTES, "a keymap")
