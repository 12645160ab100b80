"""One rule on every screen: Esc and q go back (a dialog is cancelled), and q quits only from
Today.  A q typed into a text field is text, never a way out that loses what was typed."""

from __future__ import annotations

import pytest
from textual.widgets import Button, DataTable, Input

from netquest.tui.screens.achievements import AchievementsScreen
from netquest.tui.screens.conversation import ConversationCardDialog
from netquest.tui.screens.detail import QuestDetailScreen
from netquest.tui.screens.dialogs import ConfirmDialog, NoteDialog, RestoreDialog
from netquest.tui.screens.editor import QuestEditor
from netquest.tui.screens.goal import GoalScreen
from netquest.tui.screens.goal_forms import GoalEditor, KeyResultEditor, WeeklyReview
from netquest.tui.screens.help import HelpScreen
from netquest.tui.screens.onboarding import OnboardingScreen
from netquest.tui.screens.people import PeopleScreen
from netquest.tui.screens.person import PersonScreen
from netquest.tui.screens.person_editor import PersonEditor
from netquest.tui.screens.settings import SettingsScreen
from netquest.tui.screens.stats import StatsScreen
from netquest.tui.screens.today import TodayScreen
from tests.tui.conftest import make_services, midday, open_app, settle
from tests.tui.goal_data import on_pace
from tests.tui.test_people_screens import network


def day() -> object:
    return midday(make_services())


def with_archived():
    services = day()
    services.quests.set_archived(services.quests.state().due[0].quest.id, True)
    return services


async def palette(pilot, action: str) -> None:
    await pilot.app.run_action(action)
    await settle(pilot)


# (screen, data, keys from Today that open it, or an app action)
SCREENS = [
    (HelpScreen, day, ["question_mark"]),
    (QuestDetailScreen, day, ["d"]),
    (StatsScreen, day, ["t"]),
    (AchievementsScreen, day, "app.achievements"),
    (SettingsScreen, day, ["comma"]),
    (ConfirmDialog, day, ["x"]),
    (RestoreDialog, with_archived, "app.restore_quest"),
    (PeopleScreen, network, ["p"]),
    (PersonScreen, network, ["p", "enter"]),
    (GoalScreen, on_pace, ["g"]),
]
# Dialogs that open with the cursor in a text field: q there is a letter.
FORMS = [
    (NoteDialog, day, ["n"]),
    (QuestEditor, day, ["a"]),
    (PersonEditor, network, ["p", "a"]),
    (GoalEditor, on_pace, ["g", "e"]),
    (KeyResultEditor, on_pace, ["g", "k"]),
    (WeeklyReview, on_pace, ["g", "r"]),
    (ConversationCardDialog, on_pace, ["g", "b"]),
]


def ids(cases):
    return [case[0].__name__ for case in cases]


async def open_screen(pilot, screen_type, how) -> None:
    if isinstance(how, str):
        await palette(pilot, how)
    else:
        for key in how:
            await pilot.press(key)
            await settle(pilot)
    assert isinstance(pilot.app.screen, screen_type)


async def back_with(key: str, screen_type, data, how) -> None:
    async with open_app(data(), size=(100, 30)) as pilot:
        below = pilot.app.screen_stack[-1]
        await open_screen(pilot, screen_type, how)
        below = pilot.app.screen_stack[-2]
        await pilot.press(key)
        await settle(pilot)
        assert pilot.app.return_code is None, f"{key} quit the app from {screen_type.__name__}"
        assert pilot.app.screen is below


@pytest.mark.parametrize("key", ["escape", "q"])
@pytest.mark.parametrize("screen_type,data,how", SCREENS, ids=ids(SCREENS))
async def test_esc_and_q_go_back(key, screen_type, data, how):
    await back_with(key, screen_type, data, how)


@pytest.mark.parametrize("screen_type,data,how", FORMS, ids=ids(FORMS))
async def test_esc_cancels_a_form(screen_type, data, how):
    await back_with("escape", screen_type, data, how)


@pytest.mark.parametrize("screen_type,data,how", FORMS, ids=ids(FORMS))
async def test_q_in_a_form_is_a_letter_until_the_cursor_leaves_the_text(screen_type, data, how):
    async with open_app(data(), size=(100, 30)) as pilot:
        await open_screen(pilot, screen_type, how)
        form = pilot.app.screen
        below = pilot.app.screen_stack[-2]
        assert not isinstance(form.focused, Button)
        await pilot.press("q")
        await settle(pilot)
        assert pilot.app.screen is form
        buttons = form.query(Button)
        form.set_focus(buttons.first() if buttons else None)
        await pilot.press("q")
        await settle(pilot)
        assert pilot.app.return_code is None and pilot.app.screen is below


async def test_q_skips_onboarding_and_stays_in_the_game():
    async with open_app(make_services(), size=(100, 30)) as pilot:
        assert isinstance(pilot.app.screen, OnboardingScreen)
        await pilot.press("q")
        await settle(pilot)
        assert pilot.app.return_code is None
        assert isinstance(pilot.app.screen, TodayScreen)


async def test_q_from_the_people_filter_is_a_letter():
    async with open_app(network(), size=(100, 30)) as pilot:
        await pilot.press("p")
        await settle(pilot)
        await pilot.press("slash", "q")
        await settle(pilot)
        assert isinstance(pilot.app.screen, PeopleScreen)
        assert pilot.app.screen.query_one("#people-filter", Input).value == "q"
        await pilot.press("escape", "q")  # the first Esc leaves the filter, then q goes back
        await settle(pilot)
        assert isinstance(pilot.app.screen, TodayScreen)
        assert pilot.app.return_code is None


async def test_q_quits_from_today_and_esc_does_not():
    async with open_app(day(), size=(100, 30)) as pilot:
        await pilot.press("escape")
        await settle(pilot)
        assert pilot.app.return_code is None and isinstance(pilot.app.screen, TodayScreen)
        await pilot.press("p")
        await settle(pilot)
        assert pilot.app.screen.query_one(DataTable) is not None
        await pilot.press("q")
        await settle(pilot)
        await pilot.press("q")
        await pilot.pause()
        assert pilot.app.return_code == 0
