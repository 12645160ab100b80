"""How the goal screen and its dialogs look, at 80×24 and 120×40, on goals built through the
services."""

from __future__ import annotations

from tests.tui.conftest import app_for, settle, sizes
from tests.tui.goal_data import behind, no_goal, on_pace


async def open_goal(pilot):
    await settle(pilot)
    await pilot.press("g")
    await settle(pilot)


@sizes
def test_goal_none_yet(snap_compare, size):
    assert snap_compare(app_for(no_goal()), terminal_size=size, run_before=open_goal)


@sizes
def test_goal_on_pace(snap_compare, size):
    assert snap_compare(app_for(on_pace()), terminal_size=size, run_before=open_goal)


@sizes
def test_goal_behind(snap_compare, size):
    async def skip_review_then_open(pilot):
        await settle(pilot)
        await pilot.press("escape")  # the weekly review offered on start
        await open_goal(pilot)

    assert snap_compare(app_for(behind()), terminal_size=size, run_before=skip_review_then_open)


@sizes
def test_conversation_card(snap_compare, size):
    async def card_for_ana(pilot):
        await open_goal(pilot)
        await pilot.press("b")
        await settle(pilot)
        await pilot.press(*"Ana Souza", "enter")
        await settle(pilot)

    assert snap_compare(app_for(on_pace()), terminal_size=size, run_before=card_for_ana)


@sizes
def test_weekly_review_offered_on_start(snap_compare, size):
    async def half_answered(pilot):
        await settle(pilot)
        await pilot.press(*"One discovery call", "enter")
        await pilot.pause()

    assert snap_compare(app_for(behind()), terminal_size=size, run_before=half_answered)


def busy_week():
    """The on-pace goal with a week of play across three tips."""
    services = on_pace()
    for quest, day in (("comment", "2026-03-09"), ("comment", "2026-03-10"),
                       ("intro", "2026-03-10"), ("coffee", "2026-03-11")):
        services.quests.checkin(quest, day=day, people=["Chen Wei"] if quest == "coffee" else ())
    return services


@sizes
def test_weekly_review_with_the_weeks_numbers(snap_compare, size):
    async def review(pilot):
        await open_goal(pilot)
        await pilot.press("r")
        await settle(pilot)

    assert snap_compare(app_for(busy_week()), terminal_size=size, run_before=review)
