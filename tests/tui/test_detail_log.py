"""The quest detail's log: every check-in newest first; one selected entry can be deleted
(after a question naming it) or have its count, note and people changed; r brings a
deleted one back."""

from __future__ import annotations

import pytest
from textual.widgets import DataTable, Input, Static, TextArea

from netquest.tui.screens.detail import QuestDetailScreen
from netquest.tui.screens.dialogs import ConfirmDialog, EditCheckinDialog
from netquest.tui.screens.help import HelpScreen
from tests.tui.conftest import app_for, make_services, open_app, settle, sizes
from tests.tui.test_today import plain_of


def with_log():
    """A quest with a month of history, two of its check-ins with notes or people."""
    services = make_services()
    services.data.demo(days=30, quests=6, seed=3)
    quest = services.quests.list()[0]
    services.quests.checkin(
        quest.id, day="2026-03-09", note="Asked about [b]home labs[/b]", people=["Ana Souza"]
    )
    services.quests.checkin(quest.id, day="2026-03-10")
    return services, quest


async def open_detail(pilot, services, quest):
    await settle(pilot)
    await pilot.app.push_screen(QuestDetailScreen(services, quest.id))
    await settle(pilot)
    return pilot.app.screen


async def select_noted(pilot) -> None:
    """Move the log's cursor down to the check-in with the note, as a user would."""
    screen = pilot.app.screen
    while not screen.selected.note:
        await pilot.press("down")


def rows(screen) -> list[list[str]]:
    table = screen.query_one("#detail-log", DataTable)
    return [[str(cell) for cell in table.get_row_at(i)] for i in range(table.row_count)]


async def test_the_log_lists_every_check_in_newest_first():
    services, quest = with_log()
    async with open_app(services, size=(80, 24)) as pilot:
        screen = await open_detail(pilot, services, quest)
        log = services.log.list(quest.id)
        shown = rows(screen)
        assert len(shown) == len(log) > 2  # not only the ones with a note
        assert [r[0] for r in shown] == [e.day.isoformat() for e in log]
        assert [e.day for e in log] == sorted((e.day for e in log), reverse=True)
        noted = next(r for r in shown if r[3] == "Ana Souza")
        assert (
            noted[0] == "2026-03-09" and noted[4] == "Asked about [b]home labs[/b]"
        )  # markup stays text
        assert noted[1] == "×1" and noted[2].startswith("+")


async def test_delete_asks_naming_the_entry_and_removes_only_it():
    services, quest = with_log()
    async with open_app(services, size=(80, 24)) as pilot:
        screen = await open_detail(pilot, services, quest)
        before = {e.seq for e in services.log.list()}
        await select_noted(pilot)
        target = screen.selected
        await pilot.press("x")
        await settle(pilot)
        assert isinstance(pilot.app.screen, ConfirmDialog)
        question = str(pilot.app.screen.query_one(".question", Static).render())
        assert quest.title in question and "Monday 09 March 2026" in question
        assert "home labs" in question and "Ana Souza" in question
        await pilot.press("n")
        await settle(pilot)
        assert {e.seq for e in services.log.list()} == before
        await pilot.press("delete")
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert {e.seq for e in services.log.list()} == before
        await pilot.press("x")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert {e.seq for e in services.log.list()} == before - {target.seq}
        assert pilot.app.screen is screen and len(rows(screen)) == len(services.log.list(quest.id))
        assert any("Deleted" in str(n.message) for n in pilot.app._notifications)
        await pilot.press("r")
        await settle(pilot)
        assert {e.seq for e in services.log.list()} == before
        assert [e for e in services.log.list() if e.seq == target.seq][0].note == target.note


async def test_edit_changes_count_note_and_people_of_the_selected_entry():
    services, quest = with_log()
    async with open_app(services, size=(80, 24)) as pilot:
        await open_detail(pilot, services, quest)
        await select_noted(pilot)
        await pilot.press("e")
        await settle(pilot)
        dialog = pilot.app.screen
        assert isinstance(dialog, EditCheckinDialog)
        assert dialog.query_one("#note", TextArea).text == "Asked about [b]home labs[/b]"
        assert dialog.query_one("#people", Input).value == "Ana Souza"
        assert dialog.query_one("#count", Input).value == "1"
        dialog.query_one("#count", Input).value = "2"
        dialog.query_one("#note", TextArea).text = "Asked about home labs and on-call"
        dialog.query_one("#people", Input).value = "Ana Souza, Ben Okafor"
        await pilot.press("ctrl+s")
        await pilot.press("ctrl+s")  # Ben is new: the same save again adds him
        await settle(pilot)
        entry = next(
            e for e in services.log.list(quest.id) if e.day.isoformat() == "2026-03-09" and e.note
        )
        assert (entry.count, entry.note, entry.people) == (2, "Asked about home labs and on-call",
                                                           ("Ana Souza", "Ben Okafor"))
        # An edit has no undo: the toast keeps what it replaced, to be typed back after a slip.
        saved = next(str(n.message) for n in pilot.app._notifications if "Saved" in str(n.message))
        assert (
            "The note was: Asked about [b]home labs[/b]" in saved
            and "It was with: Ana Souza" in saved
        )


async def test_edit_without_a_change_writes_nothing_and_a_bad_count_is_refused():
    services, quest = with_log()
    async with open_app(services, size=(80, 24)) as pilot:
        await open_detail(pilot, services, quest)
        before = services.log.list()
        await select_noted(pilot)
        await pilot.press("e")
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert services.log.list() == before
        assert any("Nothing changed" in str(n.message) for n in pilot.app._notifications)
        await pilot.press("e")
        await settle(pilot)
        pilot.app.screen.query_one("#count", Input).value = "0"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(pilot.app.screen, EditCheckinDialog)
        assert "whole number" in str(pilot.app.screen.query_one("#new-people").render())
        await pilot.press("escape")
        await settle(pilot)
        assert services.log.list() == before


async def test_the_detail_keys_are_in_help_and_the_palette():
    services, quest = with_log()
    async with open_app(services, size=(120, 40)) as pilot:
        screen = await open_detail(pilot, services, quest)
        titles = [c.title for c in pilot.app.get_system_commands(screen)]
        assert {"Edit", "Delete", "Redo"} <= set(titles)
        await pilot.press("question_mark")
        await settle(pilot)
        assert isinstance(pilot.app.screen, HelpScreen)
        keys = plain_of(pilot.app.screen.query_one("#help-keys", Static))
        assert "Keys on Quest detail" in plain_of(
            pilot.app.screen.query_one(".section-title", Static)
        )
        assert "Delete" in keys and "Edit" in keys and "Redo" in keys
        assert "detail.delete" in plain_of(pilot.app.screen.query_one("#help-keymap", Static))


@sizes
@pytest.mark.parametrize(
    "key", ["", "x", "e"], ids=["log_selected", "delete_asks_first", "edit_dialog"]
)
def test_detail_log_look(snap_compare, size, key):
    """The log with an entry selected, and the delete question and edit dialog on it."""
    services, quest = with_log()

    async def select(pilot):
        await open_detail(pilot, services, quest)
        await select_noted(pilot)
        if key:
            await pilot.press(key)
        await settle(pilot)

    assert snap_compare(app_for(services), terminal_size=size, run_before=select)


async def test_the_detail_keys_are_remapped_by_binding_id(tmp_path, monkeypatch):
    monkeypatch.setenv("NETQUEST_CONFIG_DIR", str(tmp_path))
    (tmp_path / "keymap.toml").write_text('"detail.delete" = "k"\n"detail.edit" = "w"\n')
    services, quest = with_log()
    async with open_app(services, size=(120, 40)) as pilot:
        await open_detail(pilot, services, quest)
        await pilot.press("x")  # no longer bound
        await settle(pilot)
        assert isinstance(pilot.app.screen, QuestDetailScreen)
        await pilot.press("k")
        await settle(pilot)
        assert isinstance(pilot.app.screen, ConfirmDialog)
        await pilot.press("n", "w")
        await settle(pilot)
        assert isinstance(pilot.app.screen, EditCheckinDialog)


@pytest.mark.parametrize("field,value,words", [
    ("count", "5000", "1 to 1000"),
    ("note", "x" * 2001, "at most 2000"),
])
async def test_a_value_over_the_limit_is_refused_in_the_dialog_keeping_what_was_typed(
    field, value, words
):
    services, quest = with_log()
    async with open_app(services, size=(80, 24)) as pilot:
        await open_detail(pilot, services, quest)
        before = services.log.list()
        await select_noted(pilot)
        await pilot.press("e")
        await settle(pilot)
        dialog = pilot.app.screen
        dialog.query_one("#people", Input).value = "Ana Souza"
        if field == "count":
            dialog.query_one("#count", Input).value = value
            dialog.query_one("#note", TextArea).text = "typed with care"
        else:
            dialog.query_one("#note", TextArea).text = value
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert pilot.app.screen is dialog  # still open: nothing typed is lost
        assert words in str(dialog.query_one("#new-people").render())
        assert dialog.query_one("#note", TextArea).text == (
            "typed with care" if field == "count" else value
        )
        await pilot.press("escape")
        await settle(pilot)
        assert services.log.list() == before


@sizes
async def test_a_long_note_is_shortened_within_the_screen_not_cut_off_by_it(size):
    services, quest = with_log()
    services.quests.checkin(
        quest.id,
        note="A long talk about the platform team, their on-call rota and " * 4,
        people=["Ana Souza", "Farah Haddad"],
    )
    async with open_app(services, size=size) as pilot:
        screen = await open_detail(pilot, services, quest)
        table = screen.query_one("#detail-log", DataTable)
        assert rows(screen)[0][4].endswith("…")
        # The whole row fits: no column hides behind a sideways scroll.
        assert table.virtual_size.width <= table.scrollable_content_region.width


async def test_a_note_of_several_lines_reads_as_one_line_in_the_log():
    services, quest = with_log()
    services.quests.checkin(quest.id, note="Ana: platform team\nNext: ask for an intro")
    async with open_app(services, size=(120, 40)) as pilot:
        screen = await open_detail(pilot, services, quest)
        assert rows(screen)[0][4] == "Ana: platform team Next: ask for an intro"


async def test_the_count_done_is_not_called_check_ins_beside_a_log_of_fewer_entries():
    services, quest = with_log()
    services.quests.checkin(quest.id, count=3)  # one check-in, three done
    async with open_app(services, size=(120, 40)) as pilot:
        screen = await open_detail(pilot, services, quest)
        log = services.log.list(quest.id)
        stats = str(screen.query_one("#detail-stats", Static).render())
        assert f"done {sum(e.count for e in log)}" in stats and "check-ins" not in stats
        assert f"Log · {len(log)} check-ins" in " ".join(
            str(w.render()) for w in screen.query(".section-title")
        )


async def test_delete_then_redo_leaves_the_page_where_it_was():
    from textual.containers import VerticalScroll

    services, quest = with_log()
    async with open_app(services, size=(120, 40)) as pilot:
        screen = await open_detail(pilot, services, quest)
        body = screen.query_one("#detail-body", VerticalScroll)
        assert body.scroll_y == 0
        await pilot.press("x")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        await pilot.press("r")
        await settle(pilot)
        assert "Redid" in " ".join(str(n.message) for n in pilot.app._notifications)
        assert body.scroll_y == 0  # the heatmap and streaks stay in view


async def test_enter_on_a_check_in_of_the_log_opens_its_edit_dialog():
    services, quest = with_log()
    async with open_app(services, size=(80, 24)) as pilot:
        await open_detail(pilot, services, quest)
        await select_noted(pilot)
        await pilot.press("enter")  # help lists ⏎ on this screen: it must do something
        await settle(pilot)
        assert isinstance(pilot.app.screen, EditCheckinDialog)
        assert pilot.app.screen.query_one("#note", TextArea).text == "Asked about [b]home labs[/b]"


async def test_a_count_and_xp_of_a_thousand_are_shown_whole():
    # Loop's numeric habits bring counts up to 1000 a day (and XP to match) into the log.
    services = make_services()
    services.quests.add("Pages read", 5, "daily", target=1000)
    quest = services.quests.list()[0]
    services.quests.checkin(quest.id, count=1000)
    async with open_app(services, size=(80, 24)) as pilot:
        screen = await open_detail(pilot, services, quest)
        table = screen.query_one("#detail-log", DataTable)
        widths = [c.width for c in table.ordered_columns]
        for i in range(table.row_count):
            cells = [str(cell) for cell in table.get_row_at(i)]
            assert len(cells[1]) <= widths[1] and len(cells[2]) <= widths[2], (cells, widths)
        cells = [str(c) for c in table.get_row_at(0)]
        assert cells[1] == "×1000" and len(cells[2]) >= 6  # "+10000" and more
