"""Quest rows take their colours from the list's component classes, resolved once for all
rows: drawn on a row they must be what the class would give were it the row's own."""

from __future__ import annotations

import dataclasses

import pytest
from textual.app import App
from textual.widget import Widget
from textual.widgets import Static

from netquest.themes import DEFAULT_GAME_VARIABLES, builtin_theme_names, register_themes
from netquest.tui.widgets.parts import part_style, shared_part_style
from netquest.tui.widgets.quest_list import QuestList
from netquest.tui.widgets.reach_out import ReachRow

from .conftest import make_services, midday, open_app, settle

COLOURS = ["$text-muted", "$text-disabled", "$success", "$warning", "auto 60%", "red 40%",
           "$primary"]


class Row(Static):
    COMPONENT_CLASSES = {f"part-{i}" for i in range(len(COLOURS))}


class Rows(Widget):
    COMPONENT_CLASSES = {f"part-{i}" for i in range(len(COLOURS))}


def parts_css() -> str:
    rules = []
    for i, colour in enumerate(COLOURS):
        bold = " text-style: bold;" if i % 2 else ""
        rules.append(f"Row > .part-{i} {{ color: {colour};{bold} }}")
        rules.append(f"Rows > .part-{i} {{ color: {colour};{bold} }}")
    return "\n".join(rules)


class PartsApp(App):
    CSS = parts_css() + """
    Rows { height: auto; }
    Row { height: 1; }
    Row.-lit { background: $block-cursor-background; color: $block-cursor-foreground; }
    Row.-pale { background: $boost; }
    """

    def get_theme_variable_defaults(self):  # the game's colours, as the app has them
        return {**super().get_theme_variable_defaults(), **DEFAULT_GAME_VARIABLES,
                "ansi-background": "ansi_default", "ansi-foreground": "ansi_default"}

    def compose(self):
        with Rows():
            yield Row("plain")
            yield Row("lit", classes="-lit")
            yield Row("pale", classes="-pale")


@pytest.mark.parametrize("theme", [*builtin_theme_names(), "textual-light", "ansi-dark", "nord"])
async def test_a_shared_class_draws_on_a_row_as_the_rows_own_class_would(theme):
    app = PartsApp()
    register_themes(app)
    async with app.run_test(size=(40, 6)) as pilot:
        app.theme = theme
        await pilot.pause()
        owner = app.query_one(Rows)
        for row in app.query(Row):
            for i in range(len(COLOURS)):
                name = f"part-{i}"
                assert shared_part_style(owner, name, row.background_colors[1]) == \
                    part_style(row, name), (theme, row.classes, COLOURS[i])


def overdue_people():
    services = midday(make_services())
    services.people.add("Ana", interval=7, last_contact="2026-02-01")
    services.people.add("Bo", interval=14, last_contact="2026-01-20")
    return services


@pytest.mark.parametrize("rows_of, variable", [
    (lambda app: app.today_screen.query_one(QuestList).rows, "nq-xp"),  # the XP column
    (lambda app: list(app.today_screen.query(ReachRow)), "warning"),  # how overdue
], ids=["quest rows", "reach out rows"])
async def test_rows_recolour_when_a_theme_changes_only_their_classes_colours(rows_of, variable):
    async with open_app(overdue_people()) as pilot:
        app = pilot.app
        base = app.get_theme(app.theme)
        variables = dict(base.variables, **{variable: "#12ab34"})
        app.register_theme(dataclasses.replace(base, name="one-colour", variables=variables,
                                               **({"warning": "#12ab34"} if variable == "warning"
                                                  else {})))
        rows = rows_of(app)
        assert rows and all(not row._get_component_classes() for row in rows)
        assert not any(drawn_in(row, "#12ab34") for row in rows)
        app.theme = "one-colour"
        await settle(pilot)
        # Every row is drawn anew in the new colour (a theme change repaints only the
        # widgets whose own style changed; the rows' colours are their list's).
        assert all(drawn_in(row, "#12ab34") for row in rows)


def drawn_in(row, hex_colour: str) -> bool:
    """Whether the row's line as last drawn has text in the colour."""
    return any(seg.style is not None and seg.style.color is not None
               and seg.style.color.triplet is not None
               and seg.style.color.triplet.hex == hex_colour
               for seg in row.render_line(0))
