"""Theme files: the built-ins, user themes, broken files, the setting, and the installed wheel."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from netquest import themes
from netquest.themes import (
    DEFAULT_GAME_VARIABLES,
    GAME_VARIABLES,
    builtin_theme_dir,
    initial_theme_name,
    load_theme_specs,
    theme_names,
    to_textual_theme,
    user_theme_dir,
)

BUILTINS = ("netquest-dark", "netquest-light", "netquest-contrast", "netquest-ansi")
REPO = Path(__file__).resolve().parents[2]
PY = sys.executable


@pytest.fixture(autouse=True)
def config_dir(tmp_path, monkeypatch):
    """Every test gets its own empty user config folder."""
    folder = tmp_path / "config"
    monkeypatch.setenv("NETQUEST_CONFIG_DIR", str(folder))
    monkeypatch.delenv("NO_COLOR", raising=False)
    return folder


def write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def test_the_checkout_lists_the_top_level_themes_folder():
    assert builtin_theme_dir() == REPO / "themes"
    assert themes.builtin_theme_names()[0] == "netquest-dark"
    assert set(themes.builtin_theme_names()) >= set(BUILTINS)


@pytest.mark.parametrize("name", BUILTINS)
def test_each_builtin_parses_and_becomes_a_textual_theme_with_the_game_colours(name):
    from textual.color import Color
    from textual.theme import Theme

    spec = themes.parse_theme_file(builtin_theme_dir() / f"{name}.toml", builtin=True)
    assert spec.name == name  # the file name is the theme name: BUILTIN_THEMES reads only names
    assert set(GAME_VARIABLES) <= set(spec.variables), "a built-in sets every game colour itself"
    assert set(spec.colors) >= {"primary", "secondary", "accent", "warning", "error", "success",
                                "foreground", "background", "surface", "panel"}
    theme = to_textual_theme(spec)
    assert isinstance(theme, Theme) and theme.name == name
    assert {k: theme.variables[k] for k in GAME_VARIABLES} == {
        k: spec.variables[k] for k in GAME_VARIABLES
    }
    generated = theme.to_color_system().generate()
    for key in GAME_VARIABLES:
        Color.parse(generated.get(key, theme.variables[key]))


def test_the_ansi_theme_uses_only_the_terminals_16_colours():
    spec = themes.parse_theme_file(builtin_theme_dir() / "netquest-ansi.toml")
    assert spec.ansi and to_textual_theme(spec).ansi
    assert all(
        v.startswith("ansi_") for v in [*spec.colors.values(), *spec.game_variables.values()]
    )


def test_the_default_theme_setting_is_the_first_builtin_theme_file():
    from netquest.services.session import DEFAULT_SETTINGS

    assert DEFAULT_SETTINGS["theme"] == themes.DEFAULT_THEME == themes.builtin_theme_names()[0]


def test_a_user_theme_loads_and_is_listed(config_dir):
    assert user_theme_dir() == config_dir / "themes"
    write(config_dir / "themes", "sunset.toml", """
        name = "sunset"
        dark = true
        primary = "#ff7f50"
        background = "#201018"
        [variables]
        nq-flame = "#ffcc00"
        footer-key-foreground = "#ff7f50"
    """)
    specs, problems = load_theme_specs()
    assert problems == []
    sunset = {s.name: s for s in specs}["sunset"]
    assert not sunset.builtin and sunset.path == config_dir / "themes" / "sunset.toml"
    assert "sunset" in theme_names() and theme_names()[0] == "netquest-dark"
    theme = to_textual_theme(sunset)
    # Game colours the file leaves out fall back to the defaults.
    assert theme.variables["nq-flame"] == "#ffcc00"
    assert theme.variables["nq-xp"] == DEFAULT_GAME_VARIABLES["nq-xp"]
    assert theme.variables["footer-key-foreground"] == "#ff7f50"


def test_user_theme_dir_defaults_to_the_platform_config_folder(monkeypatch):
    import platformdirs

    monkeypatch.delenv("NETQUEST_CONFIG_DIR")
    assert user_theme_dir() == platformdirs.user_config_path("netquest") / "themes"


@pytest.mark.parametrize(
    "filename,text,reason",
    [
        ("bad-toml.toml", 'name = "x"\nprimary = \n', "not valid TOML"),
        ("bad-colour.toml", 'name = "x"\nprimary = "#12345"\n', "primary must be a colour"),
        ("no-name.toml", 'primary = "#123456"\n', "missing name"),
        ("no-primary.toml", 'name = "x"\n', "missing primary"),
        (
            "typo.toml",
            'name = "x"\nprimery = "#123456"\nprimary = "#123456"\n',
            "unknown key 'primery'",
        ),
        ("ansi-hex.toml", 'name = "x"\nansi = true\nprimary = "#123456"\n', "ANSI colour name"),
        (
            "bad-var.toml",
            'name = "x"\nprimary = "#123456"\n[variables]\nnq-flame = "orangeish"\n',
            "nq-flame",
        ),
        (
            "bad-dark.toml",
            'name = "x"\ndark = "yes"\nprimary = "#123456"\n',
            "dark must be true or false",
        ),
        ("bad-name.toml", 'name = "my theme!"\nprimary = "#123456"\n', "name must be"),
    ],
)
def test_a_broken_theme_is_reported_in_one_line_and_skipped(config_dir, filename, text, reason):
    folder = config_dir / "themes"
    write(folder, "good.toml", 'name = "good"\nprimary = "ansi_blue"\n')
    bad = write(folder, filename, text)
    specs, problems = load_theme_specs()
    assert {s.name for s in specs} == {*themes.builtin_theme_names(), "good"}
    assert len(problems) == 1
    [problem] = problems
    assert "\n" not in problem
    assert problem.startswith(f"{bad}: ") and reason in problem, problem


def test_two_user_files_with_one_name_keep_the_first(config_dir):
    write(config_dir / "themes", "a.toml", 'name = "twin"\nprimary = "#111111"\n')
    write(config_dir / "themes", "b.toml", 'name = "twin"\nprimary = "#222222"\n')
    specs, problems = load_theme_specs()
    assert {s.name: s.colors["primary"] for s in specs}["twin"] == "#111111"
    assert len(problems) == 1 and "b.toml" in problems[0] and "a.toml" in problems[0]


def test_a_user_theme_may_replace_a_builtin(config_dir):
    write(config_dir / "themes", "mine.toml", 'name = "netquest-dark"\nprimary = "#abcdef"\n')
    specs, problems = load_theme_specs()
    assert problems == []
    dark = [s for s in specs if s.name == "netquest-dark"]
    assert len(dark) == 1 and not dark[0].builtin and dark[0].colors["primary"] == "#abcdef"


def test_initial_theme_honours_no_color_then_the_setting(config_dir, monkeypatch):
    assert initial_theme_name(None) == "netquest-dark"
    assert initial_theme_name("netquest-light") == "netquest-light"
    assert initial_theme_name("gone") == "netquest-dark"
    monkeypatch.setenv("NO_COLOR", "1")
    assert initial_theme_name("netquest-light") == "netquest-ansi"


def test_settings_theme_validates_against_the_theme_files(run, config_dir):
    code, out, err = run("settings", "theme", "netquest-light")
    assert (code, out, err) == (0, "theme = netquest-light\n", "")
    assert run("settings", "theme")[1] == "netquest-light\n"
    code, out, err = run("settings", "theme", "nope")
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and "unknown theme 'nope'" in err
    for name in BUILTINS:
        assert name in err
    write(config_dir / "themes", "sunset.toml", 'name = "sunset"\nprimary = "#ff7f50"\n')
    assert run("settings", "theme", "sunset")[0] == 0


def test_validating_the_theme_setting_does_not_import_textual():
    code = ("import sys; from netquest.services import NetQuest; "
            "NetQuest.validate_setting('theme', 'netquest-contrast'); "
            "assert 'textual' not in sys.modules, 'textual was imported'")
    subprocess.run([PY, "-c", code], check=True, timeout=60)


async def test_css_can_use_game_variables_in_every_theme():
    from textual.app import App, ComposeResult
    from textual.color import Color
    from textual.widgets import Label

    class Probe(App):
        CSS = "Label { color: $nq-flame; background: $nq-tip-4; }"

        def get_theme_variable_defaults(self) -> dict[str, str]:
            return dict(DEFAULT_GAME_VARIABLES)  # for Textual's own themes

        def compose(self) -> ComposeResult:
            yield Label("flame")

    app = Probe()
    async with app.run_test(size=(20, 3)) as pilot:
        assert themes.register_themes(app) == []
        app.theme = "netquest-contrast"
        await pilot.pause()
        label = app.query_one(Label)
        assert label.styles.color == Color.parse("#ff8800")
        app.theme = "nord"
        await pilot.pause()
        assert label.styles.color == Color.parse(DEFAULT_GAME_VARIABLES["nq-flame"])


def test_register_themes_reports_problems_once(config_dir):
    write(config_dir / "themes", "broken.toml", "name = \n")
    registered = []

    class FakeApp:
        def register_theme(self, theme):
            registered.append(theme.name)

    problems = themes.register_themes(FakeApp())
    assert set(registered) == set(themes.builtin_theme_names())
    assert len(problems) == 1 and "broken.toml" in problems[0]


def test_builtin_themes_are_found_after_installing_the_wheel(tmp_path):
    wheels = tmp_path / "wheels"
    subprocess.run(
        [
            PY,
            "-m",
            "pip",
            "wheel",
            "-q",
            "--no-deps",
            "--no-build-isolation",
            "-w",
            str(wheels),
            str(REPO),
        ],
        check=True,
        timeout=120,
        capture_output=True,
    )
    [wheel] = wheels.glob("netquest-*.whl")
    venv = tmp_path / "venv"
    subprocess.run([PY, "-m", "venv", str(venv)], check=True, timeout=120)
    vpy = venv / "bin" / "python"
    subprocess.run([str(vpy), "-m", "pip", "install", "-q", "--no-deps", "--no-index", str(wheel)],
                   check=True, timeout=120, capture_output=True)
    probe = ("import json, netquest.themes as t; specs, problems = t.load_theme_specs(); "
             "print(json.dumps({'dir': str(t.builtin_theme_dir()), 'problems': problems, "
             "'specs': [[s.name, str(s.path)] for s in specs], 'file': t.__file__}))")
    # -I: no PYTHONPATH, no user site, no current folder, so only the fresh venv is seen.
    env = {**os.environ, "NETQUEST_CONFIG_DIR": str(tmp_path / "cfg")}
    out = subprocess.run([str(vpy), "-I", "-c", probe], check=True, timeout=60, capture_output=True,
                         text=True, cwd=tmp_path, env=env).stdout
    info = json.loads(out)
    site = Path(info["file"]).parent
    assert not Path(info["file"]).is_relative_to(REPO)
    assert Path(info["dir"]) == site / "_themes"
    assert info["problems"] == []
    assert {name for name, _ in info["specs"]} == set(BUILTINS)
    assert all(Path(path).parent == site / "_themes" for _, path in info["specs"])


HOSTILE_THEMES = {
    "deep-array.toml": (
        'name = "deep"\nprimary = ' + "[" * 30000 + "]" * 30000 + "\n",
        "nested too deeply",
    ),
    "shallow-but-recursive.toml": (
        'name = "deep"\nprimary = ' + "[" * 900 + "]" * 900 + "\n",
        "nested too deeply",
    ),
    "deep-table.toml": (
        'name = "deep"\nprimary = "#123456"\n[variables]\nx = ' + "{a=" * 5000 + "1" + "}" * 5000,
        "nested too deeply",
    ),
    "long-number.toml": (
        'name = "long"\nprimary = "#123456"\ndark = ' + "9" * 5000 + "\n",
        "too many digits",
    ),
    "number-colour.toml": (
        'name = "long"\nprimary = ' + "9" * 4000 + "\n",
        "primary must be a colour",
    ),
    "huge.toml": ('name = "huge"\nprimary = "#123456"\n' + "# filler\n" * 200_000, "too large"),
    "latin-1.toml": ('name = "café"\nprimary = "#123456"\n'.encode("latin-1"), "not UTF-8"),
    "escape\x1b[2J\u202e.toml": (
        'name = "ok2"\nprimary = "#123456"\ndark = "\x1b]52;c;QQ==\x07"\n',
        "not valid TOML",
    ),
}


def write_hostile_themes(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for filename, (content, _) in HOSTILE_THEMES.items():
        data = content if isinstance(content, bytes) else content.encode("utf-8")
        (folder / filename).write_bytes(data)
    write(folder, "good.toml", 'name = "good"\nprimary = "ansi_blue"\n')


def test_deep_huge_long_or_undecodable_theme_files_are_each_reported_once(config_dir):
    from netquest.text import has_control

    write_hostile_themes(config_dir / "themes")
    specs, problems = load_theme_specs()
    assert {s.name for s in specs} == {*themes.builtin_theme_names(), "good"}
    assert len(problems) == len(HOSTILE_THEMES)
    for filename, (_, reason) in HOSTILE_THEMES.items():
        [problem] = [p for p in problems if reason in p and Path(filename).stem[:6] in p]
        assert "\n" not in problem and len(problem) < 400 and not has_control(problem)
    assert any("escape^[[2J<U+202E>.toml" in p for p in problems)


def test_the_theme_setting_lists_themes_past_broken_files(run, config_dir):
    write_hostile_themes(config_dir / "themes")
    run("init")
    code, out, err = run("settings", "theme", "nope")
    assert code == 2 and out == "" and "Traceback" not in err
    assert err.count("\n") == 1 and "good" in err and "netquest-dark" in err
    assert run("settings", "theme", "good") == (0, "theme = good\n", "")
    code, out, err = run("settings")
    assert code == 0 and "theme = good" in out and err == ""


def test_register_themes_reports_each_hostile_file_once(config_dir):
    write_hostile_themes(config_dir / "themes")
    registered = []

    class FakeApp:
        def register_theme(self, theme):
            registered.append(theme.name)

    problems = themes.register_themes(FakeApp())
    assert set(registered) == {*themes.builtin_theme_names(), "good"}
    assert len(problems) == len(HOSTILE_THEMES)
