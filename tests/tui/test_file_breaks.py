"""The data file breaks or vanishes while the app is open: the app keeps running, says what
happened and where the newest backup is, keeps what it showed, and writes nothing until the
file reads again."""

from __future__ import annotations

from pathlib import Path

import pytest

from netquest.store.errors import CorruptFile
from netquest.tui.screens.achievements import AchievementsScreen
from netquest.tui.screens.detail import QuestDetailScreen
from netquest.tui.screens.goal import GoalScreen
from netquest.tui.screens.people import PeopleScreen
from netquest.tui.screens.person import PersonScreen
from netquest.tui.screens.settings import SettingsScreen
from netquest.tui.screens.stats import StatsScreen
from netquest.tui.widgets.file_problem import FileProblem
from netquest.tui.widgets.quest_list import QuestList
from tests.tui.conftest import app_for, make_services, midday, open_app, settle, sizes


def corrupt(path: Path) -> None:
    path.write_bytes(b'{"_meta": {"1": {"app": "netquest", "schema": 1}}, "quests": oops}')


def truncate(path: Path) -> None:
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])


def delete(path: Path) -> None:
    path.unlink()


BREAKS = {"corrupted": corrupt, "truncated": truncate, "deleted": delete}
WORDS = {"corrupted": "not valid JSON", "truncated": "cut short", "deleted": "was deleted or moved"}


@pytest.fixture
def on_file(tmp_path):
    """Services on a real file with a month of history and a backup of it."""
    services = midday(make_services(tmp_path / "nq.json"))
    assert services.store.backups(), "the day's first write backs up the file"
    return services


def banner_text(app) -> str:
    banner = app.screen.query_one(FileProblem)
    return str(banner.render()) if banner.display else ""


def toasts(app) -> str:
    return "\n".join(str(n.message) for n in app._notifications)


async def break_while_open(pilot, services, how: str) -> bytes | None:
    """Break the file the way `how` says and let the app's poll notice; the bytes left on disk."""
    path = services.store.path
    BREAKS[how](path)
    pilot.app.poll()
    await settle(pilot)
    return path.read_bytes() if path.exists() else None


@pytest.mark.parametrize("how", list(BREAKS))
async def test_the_app_keeps_running_says_what_happened_and_writes_nothing(on_file, how):
    services = on_file
    async with open_app(services, size=(120, 40)) as pilot:
        rows_before = [row.quest_id for row in pilot.app.today_screen.query_one(QuestList).rows]
        assert rows_before
        left = await break_while_open(pilot, services, how)
        newest = services.store.backups()[0]

        text = banner_text(pilot.app)
        assert str(services.store.path) in text and WORDS[how] in text
        assert f"newest backup: {newest}" in text
        assert f"newest backup: {newest}" in toasts(pilot.app)
        # What was shown stays: not an empty game.
        assert [
            row.quest_id for row in pilot.app.today_screen.query_one(QuestList).rows
        ] == rows_before

        # Check-in, note, undo and skip keys are refused with the message; nothing is written.
        pilot.app.clear_notifications()
        await pilot.press("space")
        await settle(pilot)
        await pilot.press("backspace", "s")
        await settle(pilot)
        assert WORDS[how] in toasts(pilot.app)
        assert (services.store.path.read_bytes() if services.store.path.exists() else None) == left
        assert pilot.app.is_running and pilot.app.return_code is None

        # The banner stays while the problem lasts, also on the next poll and on another screen.
        pilot.app.poll()
        await settle(pilot)
        await pilot.press("t")
        await settle(pilot)
        assert isinstance(pilot.app.screen, StatsScreen)
        assert WORDS[how] in banner_text(pilot.app)
        assert (services.store.path.read_bytes() if services.store.path.exists() else None) == left


@pytest.mark.parametrize("how", list(BREAKS))
async def test_a_restored_file_is_shown_again_on_the_next_refresh(on_file, how):
    services = on_file
    good = services.store.path.read_bytes()
    async with open_app(services, size=(120, 40)) as pilot:
        await break_while_open(pilot, services, how)
        assert banner_text(pilot.app)
        services.store.path.write_bytes(good)
        pilot.app.poll()
        await settle(pilot)
        assert banner_text(pilot.app) == ""
        assert pilot.app.file_problem is None
        assert "reads again" in toasts(pilot.app) and WORDS[how] not in toasts(pilot.app)
        before = services.quests.state().checkins_on_day
        await pilot.press("space")
        await settle(pilot)
        assert services.quests.state().checkins_on_day == before + 1  # writes again


async def test_a_deleted_file_is_not_replaced_by_a_new_empty_history(on_file):
    services = on_file
    async with open_app(services, size=(120, 40)) as pilot:
        await break_while_open(pilot, services, "deleted")
        await pilot.press("left")  # another day: read again, still not an empty game
        await settle(pilot)
        assert pilot.app.today_screen.query_one(QuestList).rows
        await pilot.press("space", "n")
        await settle(pilot)
        assert not services.store.path.exists()


async def test_the_poll_notices_without_being_called(on_file):
    services = on_file
    async with open_app(services, poll_seconds=0.1, size=(120, 40)) as pilot:
        corrupt(services.store.path)
        for _ in range(30):
            await pilot.pause(0.1)
            if pilot.app.file_problem:
                break
        assert "not valid JSON" in banner_text(pilot.app)


SCREENS = {
    "detail": lambda s: QuestDetailScreen(s, s.quests.list()[0].id),
    "people": PeopleScreen,
    "person": lambda s: PersonScreen(s, s.people.list()[0].id),
    "goal": GoalScreen,
    "stats": StatsScreen,
    "achievements": AchievementsScreen,
    "settings": SettingsScreen,
}


@pytest.mark.parametrize("how", list(BREAKS))
@pytest.mark.parametrize("name", list(SCREENS))
async def test_no_screen_crashes_when_the_file_breaks(on_file, how, name):
    services = on_file
    services.quests.checkin(services.quests.list()[0].id, people=["Ana Souza"])
    async with open_app(services, size=(120, 40)) as pilot:
        screen = SCREENS[name](services)
        await pilot.app.push_screen(screen)
        await settle(pilot)
        left = await break_while_open(pilot, services, how)
        for each in (screen, pilot.app.today_screen):
            if hasattr(each, "reload"):
                each.reload()
            if hasattr(each, "load"):
                each.load()
        await settle(pilot)
        assert pilot.app.is_running and pilot.app.return_code is None
        assert pilot.app.screen is screen  # a vanished file does not look like a deleted person
        assert WORDS[how] in pilot.app.file_problem
        assert (services.store.path.read_bytes() if services.store.path.exists() else None) == left


@sizes
def test_today_with_a_broken_file(snap_compare, size):
    services = midday(make_services())

    async def broken(pilot):
        await settle(pilot)
        problem = CorruptFile(
            "/home/ana/.local/share/netquest/netquest.json",
            "is cut short (the JSON stops after 5120 characters); it was left untouched",
            Path("/home/ana/.local/share/netquest/backups/netquest-2026-03-11.json"),
        )
        pilot.app.file_broken(problem, None)
        pilot.app.clear_notifications()
        await settle(pilot)

    assert snap_compare(app_for(services), terminal_size=size, run_before=broken)


async def test_a_file_lost_before_the_app_opened_is_named_with_its_backup(on_file):
    services = on_file
    newest = services.store.backups()[0].name
    services.store.path.unlink()  # deleted or moved while the app was closed
    async with open_app(services, size=(120, 40)) as pilot:
        said = toasts(pilot.app)
        assert "does not exist" in said and f"netquest doctor --restore {newest}" in said


@pytest.mark.parametrize("how", list(BREAKS))
async def test_the_banner_says_how_to_put_the_newest_backup_back(on_file, how):
    services = on_file
    async with open_app(services, size=(120, 40)) as pilot:
        await break_while_open(pilot, services, how)
        newest = services.store.backups()[0]
        assert f"netquest doctor --restore {newest.name}" in banner_text(pilot.app)


async def test_after_a_restore_a_check_in_reusing_this_runs_number_still_asks(on_file):
    """A restore winds the check-in numbers back: the next check-in from the shell gets the
    number this run's check-in had, and must not be taken back unasked as if it were its."""
    from netquest.tui.screens.dialogs import ConfirmDialog

    services = on_file
    async with open_app(services, size=(120, 40)) as pilot:
        await pilot.press("space")
        await settle(pilot)
        mine = services.log.latest()
        services.store.restore(
            services.store.backups()[0].name
        )  # `netquest doctor --restore` meanwhile
        other = next(q for q in services.quests.list() if q.id != mine.quest_id)
        while services.quests.checkin(other.id).seq < mine.seq - 1:
            pass
        theirs = services.quests.checkin(other.id, note="from the shell")
        assert theirs.seq == mine.seq
        pilot.app.poll()
        await settle(pilot)
        await pilot.press("backspace")
        await settle(pilot)
        assert isinstance(pilot.app.screen, ConfirmDialog)
        await pilot.press("n")
        await settle(pilot)
        assert services.log.latest().note == "from the shell"


async def test_a_note_that_could_not_be_saved_is_kept_for_the_next_try(on_file):
    from textual.widgets import Input, TextArea

    from netquest.tui.screens.dialogs import NoteDialog

    services = on_file
    path = services.store.path
    good = path.read_bytes()
    async with open_app(services, size=(120, 40)) as pilot:
        await break_while_open(pilot, services, "corrupted")
        await pilot.press("n")
        await settle(pilot)
        dialog = pilot.app.screen
        dialog.query_one(
            "#note", TextArea
        ).text = "Ana told me about the platform team's hiring plan"
        dialog.query_one("#people", Input).value = "Ana Souza"
        await pilot.press("ctrl+s", "ctrl+s")
        await settle(pilot)
        assert "kept" in toasts(pilot.app)
        path.write_bytes(good)  # the file is put back
        pilot.app.poll()
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        assert isinstance(pilot.app.screen, NoteDialog)
        assert (
            pilot.app.screen.query_one("#note", TextArea).text
            == "Ana told me about the platform team's hiring plan"
        )
        assert pilot.app.screen.query_one("#people", Input).value == "Ana Souza"
        await pilot.press("ctrl+s", "ctrl+s")
        await settle(pilot)
        assert services.log.latest().note == "Ana told me about the platform team's hiring plan"
        await pilot.press("n")  # saved: the next note starts empty
        await settle(pilot)
        assert pilot.app.screen.query_one("#note", TextArea).text == ""
