"""Today on a phone: at 50×30 it still checks in and shows streaks, and in a browser a tap
on a quest row checks it in as space does (undo takes it back)."""

from __future__ import annotations

import pytest
from textual.drivers.headless_driver import HeadlessDriver

from netquest.tui.widgets.quest_list import ColumnTitles, QuestList, QuestRow
from tests.tui.conftest import make_services, midday, open_app, settle, starter


def rows(app) -> list[QuestRow]:
    return app.today_screen.query_one(QuestList).rows


def done(services, quest_id) -> int:
    return next(qs.done for qs in services.quests.state().quests if qs.quest.id == quest_id)


@pytest.fixture
def in_a_browser(monkeypatch):
    """The app runs as `netquest serve` runs it: Textual's driver says it is the web."""
    monkeypatch.setattr(HeadlessDriver, "is_web", property(lambda self: True))


async def test_at_50_columns_today_checks_in_and_shows_streaks():
    services = midday(make_services())
    async with open_app(services, size=(50, 30)) as pilot:
        app = pilot.app
        titles = app.today_screen.query_one(ColumnTitles).render().plain
        assert "streak" in titles and "XP" in titles
        assert "cadence" not in titles and "strength" not in titles  # folded away
        with_streak = [r for r in rows(app) if r.qs.streak.current]
        assert with_streak
        for row in with_streak:
            text = row.render().plain
            assert len(text) <= 48 and f"{row.qs.streak.current}" in text
        row = app.today_screen.query_one(QuestList).current_row
        before = done(services, row.quest_id)
        await pilot.press("space")
        await settle(pilot)
        assert done(services, row.quest_id) == before + 1
        footer = {b.binding.key for b in app.screen.active_bindings.values() if b.binding.show}
        assert {"space", "backspace", "question_mark", "q"} <= footer
        assert "g" not in footer  # no room: the key works, its footer entry went


async def test_in_a_browser_a_tap_checks_in_a_row_and_undo_takes_it_back(in_a_browser):
    services = starter(make_services())
    async with open_app(services, size=(50, 30)) as pilot:
        assert pilot.app.tap_checks_in
        second = rows(pilot.app)[1]
        await pilot.click(second)
        await settle(pilot)
        assert pilot.app.today_screen.query_one(QuestList).current_row is second
        assert done(services, second.quest_id) == 1
        await pilot.click(second)  # each tap is one check-in, as each space is
        await settle(pilot)
        assert done(services, second.quest_id) == 2
        await pilot.press("backspace")
        await settle(pilot)
        assert done(services, second.quest_id) == 1
        assert rows(pilot.app)[1].qs.done == 1


async def test_in_a_terminal_a_click_still_only_moves_the_highlight():
    services = starter(make_services())
    async with open_app(services, size=(50, 30)) as pilot:
        assert not pilot.app.tap_checks_in
        second = rows(pilot.app)[1]
        await pilot.click(second)
        await settle(pilot)
        assert pilot.app.today_screen.query_one(QuestList).current_row is second
        assert done(services, second.quest_id) == 0
