"""Undo in the app reaches the check-ins made in this run; an older one asks first, naming the
day, the quest and the note; redo brings back what was just taken back."""

from __future__ import annotations

from textual.widgets import Static

from netquest.tui.screens.dialogs import ConfirmDialog
from netquest.tui.screens.today import TodayScreen
from netquest.tui.widgets.quest_list import QuestList
from tests.tui.conftest import app_for, make_services, open_app, settle, sizes, starter

LONG_NOTE = (
    "Talked with Ana about the platform team, their on-call rota, "
    "and whom to ask next about the opening"
)


def with_history():
    """A month of history, then two check-ins logged for last week, the latest with a long note."""
    services = make_services()
    services.data.demo(days=30, quests=6, seed=3)
    quests = services.quests.list()
    services.quests.checkin(quests[1].id, day="2026-03-03")
    services.quests.checkin(quests[0].id, day="2026-03-04", note=LONG_NOTE, people=["Ana Souza"])
    return services, quests


def seqs(services) -> set[int]:
    return {e.seq for e in services.log.list()}


def question(app) -> str:
    assert isinstance(app.screen, ConfirmDialog)
    return str(app.screen.query_one(".question", Static).render())


async def test_undo_takes_back_this_runs_check_ins_then_asks_before_older_ones():
    services, quests = with_history()
    older = seqs(services)
    async with open_app(services, size=(120, 40)) as pilot:
        await pilot.press("space", "down", "space")
        await settle(pilot)
        assert len(seqs(services)) == len(older) + 2
        await pilot.press("backspace")
        await settle(pilot)
        await pilot.press("backspace")
        await settle(pilot)
        assert seqs(services) == older  # this run's two, without a question
        assert isinstance(pilot.app.screen, TodayScreen)

        await pilot.press("backspace")  # last week's: a question naming it
        await settle(pilot)
        text = question(pilot.app)
        assert quests[0].title in text and "Wednesday 04 March 2026" in text
        assert (
            "Ana Souza" in text
            and "Talked with Ana about" in text
            and LONG_NOTE not in text
            and "…" in text
        )
        await pilot.press("n")
        await settle(pilot)
        assert isinstance(pilot.app.screen, TodayScreen) and seqs(services) == older

        await pilot.press("backspace")
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert seqs(services) == older

        await pilot.press("backspace")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert seqs(services) == older - {max(older)}  # only the one named

        await pilot.press("backspace")  # the next older one asks again
        await settle(pilot)
        assert "Tuesday 03 March 2026" in question(pilot.app) and quests[1].title in question(
            pilot.app
        )
        await pilot.press("n")
        await settle(pilot)
        assert seqs(services) == older - {max(older)}


async def test_a_check_in_from_another_process_is_not_this_runs_and_asks():
    services = starter(make_services())
    async with open_app(services, size=(120, 40)) as pilot:
        await pilot.press("space")
        await settle(pilot)
        mine = seqs(services)
        services.quests.checkin(
            services.quests.list()[2].id, note="from the shell"
        )  # `netquest checkin` meanwhile
        await pilot.press("backspace")
        await settle(pilot)
        assert "from the shell" in question(pilot.app)
        await pilot.press("escape")
        await settle(pilot)
        assert len(seqs(services)) == len(mine) + 1


async def test_redo_brings_back_what_undo_took():
    services, _ = with_history()
    async with open_app(services, size=(120, 40)) as pilot:
        await pilot.press("space")
        await settle(pilot)
        before = [(e.seq, e.quest_id, e.count, e.xp) for e in services.log.list()]
        await pilot.press("backspace")
        await settle(pilot)
        assert len(services.log.list()) == len(before) - 1
        await pilot.press("r")
        await settle(pilot)
        assert [(e.seq, e.quest_id, e.count, e.xp) for e in services.log.list()] == before
        assert any("Redid" in str(n.message) for n in pilot.app._notifications)
        await pilot.press("backspace")  # the redone check-in is still this run's: no question
        await settle(pilot)
        assert (
            isinstance(pilot.app.screen, TodayScreen)
            and len(services.log.list()) == len(before) - 1
        )
        row = pilot.app.today_screen.query_one(QuestList).current_row
        assert row is not None


async def test_redo_and_undo_are_in_the_command_palette_and_help():
    async with open_app(starter(make_services()), size=(120, 40)) as pilot:
        titles = [c.title for c in pilot.app.get_system_commands(pilot.app.screen)]
        assert "Undo" in titles and "Redo" in titles
        ids = {b.binding.id for b in pilot.app.screen.active_bindings.values()}
        assert {"today.undo", "today.redo"} <= ids


@sizes
def test_undo_asks_before_an_older_check_in(snap_compare, size):
    services, _ = with_history()

    async def ask(pilot):
        await settle(pilot)
        await pilot.press("backspace")
        await settle(pilot)

    assert snap_compare(app_for(services), terminal_size=size, run_before=ask)


async def test_the_question_about_a_check_in_from_elsewhere_does_not_call_it_older():
    services = starter(make_services())
    async with open_app(services, size=(120, 40)) as pilot:
        services.quests.checkin(
            services.quests.list()[2].id, note="from the shell"
        )  # while the app is open
        await pilot.press("backspace")
        await settle(pilot)
        text = question(pilot.app)
        assert "before this session" not in text and "not made in this app" in text
        await pilot.press("escape")
