"""The quest editor's reminder field: shown, checked as you type, saved and cleared."""

from __future__ import annotations

from textual.widgets import Button, Input, Label

from netquest.tui.screens.editor import QuestEditor
from netquest.tui.screens.today import TodayScreen
from netquest.tui.widgets.quest_list import QuestList
from tests.tui.conftest import make_services, open_app, settle, starter

EVERY_DAY = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]


async def test_the_editor_sets_shows_refuses_and_clears_a_reminder():
    services = starter(make_services())
    async with open_app(services, size=(100, 30)) as pilot:
        app = pilot.app
        qid = app.today_screen.query_one(QuestList).current_row.quest_id
        await pilot.press("e")
        await pilot.pause()
        editor = app.screen
        assert isinstance(editor, QuestEditor)
        remind = editor.query_one("#remind", Input)
        assert remind.value == ""
        remind.value = "25:00"
        await pilot.pause()
        error = editor.query_one("#error", Label)
        assert error.has_class("-invalid") and "25:00" in str(error.render())
        assert editor.query_one("#save", Button).disabled
        remind.value = "7:05"
        await pilot.pause()
        assert not error.has_class("-invalid")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, TodayScreen)
        assert services.quests.get(qid).reminder == {"time": "07:05", "days": EVERY_DAY}

        await pilot.press("e")
        await pilot.pause()
        remind = app.screen.query_one("#remind", Input)
        assert remind.value == "07:05"
        remind.value = ""
        await pilot.pause()
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert services.quests.get(qid).reminder is None


async def test_a_new_quest_takes_its_reminder_from_the_editor():
    services = starter(make_services())
    async with open_app(services, size=(100, 30)) as pilot:
        app = pilot.app
        await pilot.press("a")
        await pilot.pause()
        await pilot.press(*"Call a mentor")
        app.screen.query_one("#remind", Input).value = "18:30"
        await pilot.pause()
        await pilot.click("#save")
        await settle(pilot)
        added = [q for q in services.quests.list() if q.title == "Call a mentor"]
        assert len(added) == 1 and added[0].reminder == {"time": "18:30", "days": EVERY_DAY}


async def test_a_check_in_in_the_app_renews_the_status_cache(tmp_path):
    services = starter(make_services(tmp_path / "nq.json"))
    cache = tmp_path / "status.txt"
    lines = cache.read_text(encoding="utf-8").split("\n")
    assert lines[:2] == ["2026-03-11", "0 of 6 due done · 🔥 0"]
    async with open_app(services, size=(100, 30)) as pilot:
        await pilot.press("space")
        await settle(pilot)
    assert cache.read_text(encoding="utf-8").split("\n")[1].startswith("0 of 6 due done · 🔥 1")
