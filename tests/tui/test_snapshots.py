"""How the screens look, at 80×24 and 120×40, on data built through the services."""

from __future__ import annotations

from netquest.tui.screens.detail import QuestDetailScreen
from tests.tui.conftest import all_done, app_for, make_services, midday, settle, sizes


def empty_file():
    services = make_services()
    services.quests.init(starter=False)
    return services


async def settled(pilot):
    await settle(pilot)


@sizes
def test_onboarding(snap_compare, size):
    assert snap_compare(app_for(make_services()), terminal_size=size, run_before=settled)


@sizes
def test_today_empty(snap_compare, size):
    assert snap_compare(app_for(empty_file()), terminal_size=size, run_before=settled)


@sizes
def test_today_midday(snap_compare, size):
    assert snap_compare(app_for(midday(make_services())), terminal_size=size, run_before=settled)


def test_today_midday_on_a_phone(snap_compare):
    """50×30, a phone's browser: the cadence and strength columns fold away, the streaks stay."""
    assert snap_compare(app_for(midday(make_services())), terminal_size=(50, 30),
                        run_before=settled)


@sizes
def test_today_all_done(snap_compare, size):
    assert snap_compare(app_for(all_done(make_services())), terminal_size=size, run_before=settled)


@sizes
def test_today_past_day(snap_compare, size):
    async def go_back(pilot):
        await settle(pilot)
        await pilot.press("left", "left")
        await settle(pilot)

    assert snap_compare(app_for(midday(make_services())), terminal_size=size, run_before=go_back)


@sizes
def test_quest_detail(snap_compare, size):
    services = make_services()
    services.data.demo(days=400, quests=5, seed=4)
    quest = services.quests.list()[0]
    services.quests.checkin(
        quest.id,
        note="Asked about [b]home labs[/b]",
        people=["Ana Souza", "Ben Okafor"],
        day="2026-03-10",
    )

    async def open_detail(pilot):
        await settle(pilot)
        await pilot.app.push_screen(QuestDetailScreen(services, quest.id))
        await settle(pilot)

    assert snap_compare(app_for(services), terminal_size=size, run_before=open_detail)


@sizes
def test_editor_with_an_error(snap_compare, size):
    async def bad_cadence(pilot):
        await settle(pilot)
        await pilot.press("a")
        await pilot.pause()
        await pilot.press(*"Host a study group")
        pilot.app.screen.query_one("#cadence").value = ""
        await pilot.click("#cadence")
        await pilot.press(*"every 0 days")
        await pilot.pause()

    assert snap_compare(
        app_for(midday(make_services())), terminal_size=size, run_before=bad_cadence
    )


@sizes
def test_help(snap_compare, size):
    async def help_(pilot):
        await settle(pilot)
        await pilot.press("question_mark")
        await pilot.pause()

    assert snap_compare(app_for(midday(make_services())), terminal_size=size, run_before=help_)


@sizes
def test_help_with_the_legend(snap_compare, size):
    """Help scrolled to what the marks mean: every symbol Today, stats, goals and people draw."""

    async def legend(pilot):
        await settle(pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        pilot.app.screen.query_one("#help-legend-title").scroll_visible(top=True, animate=False)
        await pilot.pause()

    assert snap_compare(app_for(midday(make_services())), terminal_size=size, run_before=legend)
