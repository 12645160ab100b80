"""How stats, achievements and settings look at 80×24 and 120×40, and Today in every built-in
theme."""

from __future__ import annotations

import pytest

from netquest.themes import builtin_theme_names
from tests.tui.conftest import SIZES, app_for, make_services, midday, settle, sizes


def year_of_play():
    services = make_services()
    services.data.demo(days=400, quests=6, seed=4)
    return services


def pressing(*keys):
    async def run(pilot):
        await settle(pilot)
        for key in keys:
            await pilot.press(key)
            await settle(pilot)

    return run


@sizes
def test_stats(snap_compare, size):
    assert snap_compare(app_for(year_of_play()), terminal_size=size, run_before=pressing("t"))


@sizes
def test_stats_scrolled_to_the_trends(snap_compare, size):
    assert snap_compare(
        app_for(year_of_play()), terminal_size=size, run_before=pressing("t", "end")
    )


@sizes
def test_achievements(snap_compare, size):
    assert snap_compare(app_for(year_of_play()), terminal_size=size, run_before=pressing("t", "a"))


@sizes
def test_settings(snap_compare, size):
    assert snap_compare(
        app_for(midday(make_services())), terminal_size=size, run_before=pressing("comma")
    )


@sizes
def test_settings_with_a_bad_time_zone(snap_compare, size):
    async def bad_zone(pilot):
        await pressing("comma")(pilot)
        await pilot.click("#timezone")
        await pilot.press(*"Mars/Olympus", "enter")
        await settle(pilot)

    assert snap_compare(app_for(midday(make_services())), terminal_size=size, run_before=bad_zone)


@pytest.mark.parametrize("theme", builtin_theme_names())
def test_today_in_each_theme(snap_compare, theme):
    services = midday(make_services())
    services.set_setting("theme", theme)
    assert snap_compare(app_for(services), terminal_size=SIZES["120x40"], run_before=pressing())
