"""Theme files: find, validate and list them, and turn them into Textual themes.

A theme is a small TOML file (see README, "Themes").  The built-in ones live in the
top-level `themes/` folder of a checkout and ship in the wheel as `netquest/_themes`;
a user's own go in `user_theme_dir()`.  Every file is checked here, and a file that fails
is reported in one line and skipped, never a crash.

This module never imports Textual at module level: the command line validates the
`theme` setting with `theme_names()` and must start fast.  Only `to_textual_theme` and
`register_themes`, called by the full-screen app, import it.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

from netquest.structs import Struct, field

__all__ = [
    "ANSI_THEME",
    "CONFIG_DIR_ENV",
    "DEFAULT_GAME_VARIABLES",
    "DEFAULT_THEME",
    "GAME_VARIABLES",
    "ThemeSpec",
    "builtin_theme_dir",
    "builtin_theme_names",
    "initial_theme_name",
    "load_theme_specs",
    "no_color",
    "parse_theme_file",
    "register_themes",
    "theme_names",
    "to_textual_theme",
    "user_theme_dir",
]

DEFAULT_THEME = "netquest-dark"
ANSI_THEME = "netquest-ansi"
CONFIG_DIR_ENV = "NETQUEST_CONFIG_DIR"

COLOR_KEYS = (
    "primary",
    "secondary",
    "accent",
    "warning",
    "error",
    "success",
    "foreground",
    "background",
    "surface",
    "panel",
    "boost",
)
GAME_VARIABLES = (
    "nq-flame",
    "nq-xp",
    "nq-strength",
    "nq-tip-1",
    "nq-tip-2",
    "nq-tip-3",
    "nq-tip-4",
    "nq-tip-5",
)
# Fallbacks for every theme that does not set a game colour itself, Textual's own themes
# included: a CSS variable that no theme and no default defines fails the whole stylesheet.
DEFAULT_GAME_VARIABLES: dict[str, str] = {
    "nq-flame": "#ff8a3d",
    "nq-xp": "#c792ea",
    "nq-strength": "#57c27a",
    "nq-tip-1": "#4ea1ff",
    "nq-tip-2": "#ff7eb6",
    "nq-tip-3": "#f4d35e",
    "nq-tip-4": "#c08552",
    "nq-tip-5": "#3dd6d0",
}

_ANSI_NAMES = frozenset(
    ["ansi_default"]
    + [f"ansi_{c}" for c in ("black", "red", "green", "yellow", "blue", "magenta", "cyan", "white")]
    + [
        f"ansi_bright_{c}"
        for c in ("black", "red", "green", "yellow", "blue", "magenta", "cyan", "white")
    ]
)
_HEX = re.compile(r"#(?:[0-9a-fA-F]{3,4}|[0-9a-fA-F]{6}|[0-9a-fA-F]{8})")
_NAME = re.compile(r"[A-Za-z0-9_.-]{1,40}")  # the same rule as the `theme` setting
_VARIABLE = re.compile(r"[a-z][a-z0-9-]{0,60}")
# Other Textual variables ("input-selection-background" = "#81a1c1 35%", "...-text-style" =
# "bold") pass through; this keeps out anything that could break the CSS they land in.
_PLAIN_VALUE = re.compile(r"[A-Za-z0-9_#%. ,()-]{1,60}")
_TOP_KEYS = frozenset({"name", "dark", "ansi", "variables", *COLOR_KEYS})


class ThemeSpec(Struct, frozen=True):
    """One validated theme file."""

    name: str
    path: Path
    builtin: bool
    dark: bool = True
    ansi: bool = False
    colors: dict[str, str] = field(default_factory=dict)  # COLOR_KEYS that the file sets
    variables: dict[str, str] = field(default_factory=dict)  # as written in [variables]

    @property
    def game_variables(self) -> dict[str, str]:
        """The nq-* colours, the file's own over the defaults."""
        return {
            **DEFAULT_GAME_VARIABLES,
            **{k: v for k, v in self.variables.items() if k in GAME_VARIABLES},
        }


# ------------------------------------------------------------------------- where they live
def builtin_theme_dir() -> Path:
    """The built-in themes: `netquest/_themes` in an installed wheel, `themes/` in a checkout."""
    package = Path(__file__).resolve().parent
    installed = package / "_themes"
    if installed.is_dir():
        return installed
    return package.parent / "themes"


def user_config_dir() -> Path:
    """$NETQUEST_CONFIG_DIR, else the user config folder (on Linux ``~/.config/netquest``)."""
    base = os.environ.get(CONFIG_DIR_ENV)
    if base:
        return Path(base).expanduser()
    import platformdirs  # only here: most callers never look at the config folder

    return platformdirs.user_config_path("netquest")


def user_theme_dir() -> Path:
    """The user's own themes: the `themes` folder in `user_config_dir()`."""
    return user_config_dir() / "themes"


def builtin_theme_names() -> tuple[str, ...]:
    """Names of the built-in themes, the default first (from the file names: no parsing)."""
    try:
        stems = [p.stem for p in builtin_theme_dir().glob("*.toml")]
    except OSError:
        stems = []
    return tuple(sorted(stems, key=lambda n: (n != DEFAULT_THEME, n)))


# ------------------------------------------------------------------------------ validate
def _is_color(value: Any, ansi_only: bool = False) -> bool:
    if not isinstance(value, str):
        return False
    value = value.strip()
    if value in _ANSI_NAMES:
        return True
    return not ansi_only and _HEX.fullmatch(value) is not None


def _problem(path: Path, what: str) -> str:
    from netquest.text import inert

    return inert(f"{path}: {' '.join(str(what).split())}")


# A theme is a dozen lines; anything much bigger is not one, and is not read whole.
MAX_THEME_BYTES = 64 * 1024


def _shown(value: Any) -> str:
    """A short repr for a message: a deeply nested or huge value is cut, never expanded."""
    import reprlib

    short = reprlib.Repr()
    short.maxlevel, short.maxstring, short.maxother, short.maxlong = 2, 40, 40, 40
    try:
        return short.repr(value)
    except (RecursionError, ValueError):
        return f"a {type(value).__name__}"


def _read_toml(path: Path) -> dict:
    from netquest.configfile import read_small_toml

    try:
        return read_small_toml(path, MAX_THEME_BYTES, "a theme")
    except FileNotFoundError:
        raise ValueError("cannot be read: it is gone") from None


def parse_theme_file(path: Path, builtin: bool = False) -> ThemeSpec:
    """Read and check one theme file; ValueError with a one-line reason (without the path)."""
    data = _read_toml(path)
    unknown = sorted(set(data) - _TOP_KEYS)
    if unknown:
        raise ValueError(
            f"unknown key {_shown(unknown[0])} (known: name, dark, ansi, {', '.join(COLOR_KEYS)}, [variables])"
        )
    name = data.get("name")
    if name is None or name == "":
        raise ValueError("missing name (add a line such as name = \"my-theme\")")
    if not isinstance(name, str) or not _NAME.fullmatch(name):
        raise ValueError(f"name must be 1-40 letters, digits, '-', '_' or '.', not {_shown(name)}")
    flags = {}
    for key, default in (("dark", True), ("ansi", False)):
        value = data.get(key, default)
        if not isinstance(value, bool):
            raise ValueError(f"{key} must be true or false, not {_shown(value)}")
        flags[key] = value
    ansi = flags["ansi"]
    if "primary" not in data:
        raise ValueError("missing primary colour")
    hint = (
        "an ANSI colour name such as ansi_blue" if ansi else "a colour such as #1e90ff or ansi_blue"
    )
    colors = {}
    for key in COLOR_KEYS:
        if key in data:
            if not _is_color(data[key], ansi_only=ansi):
                raise ValueError(f"{key} must be {hint}, not {_shown(data[key])}")
            colors[key] = data[key].strip()
    raw_vars = data.get("variables", {})
    if not isinstance(raw_vars, dict):
        raise ValueError("variables must be a table: [variables]")
    variables = {}
    for key, value in raw_vars.items():
        if not _VARIABLE.fullmatch(key):
            raise ValueError(
                f"variable name {_shown(key)} must be lowercase letters, digits and '-'"
            )
        if key.startswith("nq-"):
            if key not in GAME_VARIABLES:
                raise ValueError(
                    f"unknown game variable {_shown(key)} (known: {', '.join(GAME_VARIABLES)})"
                )
            if not _is_color(value, ansi_only=ansi):
                raise ValueError(f"variable {key} must be {hint}, not {_shown(value)}")
            value = value.strip()
        elif not isinstance(value, str) or not _PLAIN_VALUE.fullmatch(value):
            raise ValueError(f"variable {key} has a value NetQuest cannot use: {_shown(value)}")
        variables[key] = value
    return ThemeSpec(name, path, builtin, flags["dark"], ansi, colors, variables)


def _theme_files(folder: Path) -> list[Path]:
    try:
        return sorted(p for p in folder.glob("*.toml") if p.is_file())
    except OSError:
        return []


def load_theme_specs(
    builtin_dir: Path | None = None, user_dir: Path | None = None
) -> tuple[list[ThemeSpec], list[str]]:
    """Every usable theme (built-in first, then the user's), and one line per file that failed.

    A user theme with the name of a built-in one replaces it; two user files with the
    same name keep the first (in file-name order) and report the second.
    """
    builtin_dir = builtin_theme_dir() if builtin_dir is None else builtin_dir
    problems: list[str] = []
    found: dict[str, ThemeSpec] = {}
    if user_dir is None:
        try:
            user_dir = user_theme_dir()
        except Exception as exc:  # a broken platformdirs must not take the built-ins down
            problems.append(f"user theme folder: {exc}")
    for folder, builtin in ((builtin_dir, True), (user_dir, False)):
        if folder is None:
            continue
        for path in _theme_files(folder):
            try:
                spec = parse_theme_file(path, builtin)
            except ValueError as exc:
                problems.append(_problem(path, str(exc)))
                continue
            earlier = found.get(spec.name)
            if earlier is not None and earlier.builtin == builtin:
                problems.append(
                    _problem(
                        path,
                        f"theme {spec.name!r} is already defined in {earlier.path.name}; skipped",
                    )
                )
                continue
            found[spec.name] = spec
    return list(found.values()), problems


def theme_names(builtin_dir: Path | None = None, user_dir: Path | None = None) -> list[str]:
    """The names a `theme` setting may take: every usable theme, the default first."""
    specs, _ = load_theme_specs(builtin_dir, user_dir)
    return sorted(
        (s.name for s in specs),
        key=lambda n: (n != DEFAULT_THEME, not n.startswith("netquest-"), n),
    )


# ---------------------------------------------------------------------------- choose one
def no_color() -> bool:
    """NO_COLOR is set (any value, as Textual reads it)."""
    return "NO_COLOR" in os.environ


def initial_theme_name(settings_theme: str | None, available: list[str] | None = None) -> str:
    """The theme the app starts with.

    NO_COLOR wins: then the ANSI theme, and the app should also be created with
    ``ansi_color=True`` so that Textual's NO_COLOR filter strips colour instead of turning
    truecolour into grey.  Else the saved setting when that theme exists, else the default.
    """
    if no_color():
        return ANSI_THEME
    if settings_theme:
        names = theme_names() if available is None else available
        if settings_theme in names:
            return settings_theme
    return DEFAULT_THEME


# ------------------------------------------------------------------------------- Textual
def to_textual_theme(spec: ThemeSpec):
    """A `textual.theme.Theme` for a spec, with every game variable set."""
    from textual.theme import Theme

    return Theme(
        name=spec.name,
        dark=spec.dark,
        ansi=spec.ansi,
        variables={**spec.variables, **spec.game_variables},
        **spec.colors,
    )


def set_theme_before_run(app, name: str) -> None:
    """`app.theme = name` for an app that is not running yet, less what Textual's theme
    watcher queues for a running app: a second parse of the whole stylesheet and a restyle
    of every widget once the first screen is up, for the very colours the first parse is
    about to read.  The rest of the watcher's work is done here."""
    from textual.app import App

    app.set_reactive(App.theme, name)
    dark = app.current_theme.dark
    app.update_classes({f"-theme-{name}": True, "-dark-mode": dark, "-light-mode": not dark},
                       update=False)
    app._refresh_truecolor_filter(app.ansi_theme)
    app.stylesheet.set_variables(app.get_css_variables())  # read by the first parse


def register_themes(app, specs: list[ThemeSpec] | None = None) -> list[str]:
    """Register every usable theme on a Textual App; returns the one-line problems to notify once."""
    problems: list[str] = []
    if specs is None:
        specs, problems = load_theme_specs()
    from textual.color import Color, ColorParseError

    for spec in specs:
        try:
            for value in (*spec.colors.values(), *spec.game_variables.values()):
                Color.parse(value)
            app.register_theme(to_textual_theme(spec))
        except (ColorParseError, ValueError, TypeError) as exc:
            problems.append(_problem(spec.path, str(exc)))
    return problems
