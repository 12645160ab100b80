"""The player's own keys: `keymap.toml` in the config folder maps binding ids to keys.

Example (``~/.config/netquest/keymap.toml``)::

    "today.checkin" = "c"
    "today.undo" = "u,backspace"

Ids are the ones help lists (`today.checkin`, `goal.copy`, `people.add`…).  Entries that
are not an id and a key string are reported in one line each; the rest still applies.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from netquest.themes import user_config_dir

KEYMAP_FILE = "keymap.toml"
_KEYS = re.compile(r"[A-Za-z0-9_+\-,]+")


def keymap_path() -> Path:
    return user_config_dir() / KEYMAP_FILE


_ID = re.compile(r"[a-z_]+\.[a-z_]+")


def load_keymap(path: Path | None = None) -> tuple[dict[str, str], list[str]]:
    """The keymap from the file (empty when there is none) and one line per problem."""
    path = path or keymap_path()
    try:
        with open(path, "rb") as handle:
            data = tomllib.load(handle)
    except FileNotFoundError:
        return {}, []
    except (OSError, tomllib.TOMLDecodeError) as exc:
        return {}, [f"{path}: {exc}"]
    keymap, problems = {}, []
    for binding_id, keys in data.items():
        if not _ID.fullmatch(binding_id):
            problems.append(f"{path}: {binding_id!r} is not a binding id such as today.checkin")
        elif not isinstance(keys, str) or not _KEYS.fullmatch(keys.replace(" ", "")):
            problems.append(f"{path}: {binding_id} must be keys such as 'c' or 'ctrl+k,u'")
        else:
            keymap[binding_id] = keys.replace(" ", "")
    return keymap, problems
