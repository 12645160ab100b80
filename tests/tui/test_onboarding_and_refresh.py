"""First start and external changes: onboarding adds the picks once; another process's
check-in shows within two seconds without touching what is typed in an open dialog."""

from __future__ import annotations

import asyncio
import time

from textual.widgets import Checkbox, Input, Label, RadioSet

from netquest.tui.screens.editor import QuestEditor
from netquest.tui.screens.onboarding import OnboardingScreen
from netquest.tui.screens.today import TodayScreen
from netquest.tui.widgets.quest_list import QuestList
from tests.tui.conftest import make_services, open_app, settle, starter


async def test_onboarding_adds_the_picked_starters_with_edited_cadence():
    services = make_services()
    async with open_app(services, size=(100, 40)) as pilot:
        screen = pilot.app.screen
        assert isinstance(screen, OnboardingScreen)
        screen.query_one("#want-job").value = True
        screen.query_one("#want-text", Input).value = "a platform team role in Berlin"
        screen.query_one("#pick-offline", Checkbox).value = True
        screen.query_one("#pick-comment", Checkbox).value = False
        screen.query_one("#cadence-thread", Input).value = "3/week"
        await pilot.pause()
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(pilot.app.screen, TodayScreen)
        quests = {q.id: q for q in services.quests.list()}
        assert "offline" in quests and "comment" not in quests
        assert str(quests["thread"].cadence) == "3/week"
        assert services.settings() is not None and services.is_initialized()
        goal = services.goals.list()[0]
        assert goal.want == "a platform team role in Berlin" and goal.kind == "job"
        assert pilot.app.today_screen.query_one(QuestList).row_for("thread") is not None


async def test_onboarding_refuses_a_bad_cadence_and_says_why():
    services = make_services()
    async with open_app(services, size=(100, 40)) as pilot:
        screen = pilot.app.screen
        screen.query_one("#cadence-thread", Input).value = "sometimes"
        await pilot.pause()
        pick = screen.query_one("#cadence-thread").parent
        assert pick.has_class("-invalid")
        assert "sometimes" in str(pick.query_one(".pick-error", Label).render())
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert pilot.app.screen is screen
        assert not services.is_initialized()


async def test_onboarding_shows_unticked_starters_blank_and_ticked_ones_with_a_mark():
    async with open_app(make_services(), size=(120, 40)) as pilot:
        boxes = list(pilot.app.screen.query(Checkbox))
        ticked = [box for box in boxes if box.value]
        assert 0 < len(ticked) < len(boxes)
        for box in boxes:
            button = box.render().plain[:3]
            assert button == ("▐X▌" if box.value else "▐ ▌"), (box.id, button)
        box = next(box for box in boxes if not box.value)
        box.value = True
        await pilot.pause()
        assert box.render().plain[:3] == "▐X▌"


async def test_a_long_cadence_error_wraps_instead_of_being_cut():
    async with open_app(make_services(), size=(120, 40)) as pilot:
        screen = pilot.app.screen
        screen.query_one("#cadence-thread", Input).value = "sometimes"
        await pilot.pause()
        label = screen.query_one("#cadence-thread").parent.query_one(".pick-error", Label)
        message = str(label.render())
        assert message.endswith("or N in M days (M 2-365, N 1-M)")
        label.scroll_visible(animate=False)
        await pilot.pause()
        where = screen.find_widget(label)
        assert where.region.height >= 2  # the message wraps under the error column
        assert where.visible_region == where.region  # and no line of it is cut off by its row
        shown = "".join(strip.text for strip in label.render_lines(label.region.reset_offset))
        assert " ".join(shown.split()) == " ".join(message.split())


async def test_onboarding_can_be_skipped_and_is_not_shown_again():
    services = make_services()
    async with open_app(services, size=(100, 40)) as pilot:
        assert isinstance(pilot.app.screen, OnboardingScreen)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(pilot.app.screen, TodayScreen)
    assert services.is_initialized() and services.quests.list() == []
    async with open_app(services, size=(100, 40)) as pilot:
        assert isinstance(pilot.app.screen, TodayScreen)


async def test_onboarding_not_shown_when_the_file_has_quests():
    async with open_app(starter(make_services()), size=(100, 40)) as pilot:
        assert isinstance(pilot.app.screen, TodayScreen)
        assert not pilot.app.query(RadioSet)


async def test_external_checkin_shows_within_two_seconds_and_keeps_typed_text(tmp_path):
    path = tmp_path / "nq.json"
    services = starter(make_services(path))
    async with open_app(services, poll_seconds=1.0, size=(100, 30)) as pilot:
        qid = pilot.app.today_screen.query_one(QuestList).current_row.quest_id
        await pilot.press("a")
        await pilot.pause()
        editor = pilot.app.screen
        assert isinstance(editor, QuestEditor)
        await pilot.press(*"Half typed")
        other = make_services(path)  # another process, say `netquest checkin comment`
        await asyncio.to_thread(other.quests.checkin, qid)
        started = time.monotonic()
        row = pilot.app.today_screen.query_one(QuestList).row_for(qid)
        while row.qs.done == 0 and time.monotonic() - started < 2.0:
            await asyncio.sleep(0.05)
            row = pilot.app.today_screen.query_one(QuestList).row_for(qid)
        assert row.qs.done == 1, "the external check-in did not show within 2 s"
        assert pilot.app.screen is editor
        assert editor.query_one("#title", Input).value == "Half typed"
