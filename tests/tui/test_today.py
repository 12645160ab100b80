"""Today by keys and mouse: check-in, undo, note, skip, add, edit, archive, days, help, quit."""

from __future__ import annotations

import io
import re
from datetime import date, timedelta

from rich.console import Console
from textual.widgets import Button, Input, Label, TextArea

from netquest.rules.achievements import ACHIEVEMENTS
from netquest.tui.screens.detail import QuestDetailScreen
from netquest.tui.screens.dialogs import ConfirmDialog, NoteDialog, RestoreDialog
from netquest.tui.screens.editor import QuestEditor
from netquest.tui.screens.help import HelpScreen
from netquest.tui.screens.today import TodayScreen
from netquest.tui.widgets.heatmap import Heatmap
from netquest.tui.widgets.quest_list import QuestList, QuestRow, TipHeader
from tests.tui.conftest import app_for, make_services, midday, open_app, settle, starter

TODAY = date(2026, 3, 11)


def rows(app) -> list[QuestRow]:
    return app.today_screen.query_one(QuestList).rows


def current(app) -> QuestRow:
    return app.today_screen.query_one(QuestList).current_row


def row_text(row: QuestRow) -> str:
    return row.render().plain


def plain_of(static) -> str:
    """The text a Static shows, rendered by Rich as the terminal would get it."""
    console = Console(width=120, record=True, file=io.StringIO())
    console.print(static.content)
    return console.export_text()


def quest_state(services, quest_id, day=None):
    return next(qs for qs in services.quests.state(day=day).quests if qs.quest.id == quest_id)


async def test_space_checks_in_and_shows_what_it_earned():
    services = starter(make_services())
    async with open_app(services, size=(100, 30)) as pilot:
        row = current(pilot.app)
        qid = row.quest_id
        xp_before = services.quests.state().xp
        assert row_text(row).lstrip("!○ ").startswith(f"0/{row.qs.quest.target}")
        await pilot.press("space")
        await settle(pilot)
        assert quest_state(services, qid).done == 1
        assert services.quests.state().xp > xp_before
        assert f"1/{row.qs.quest.target}" in row_text(current(pilot.app))
        messages = [n.message for n in pilot.app._notifications]
        assert any(re.search(r"\+\d+ XP · streak \d+ days?", m) for m in messages)
        assert pilot.app.today_screen.state.xp == services.quests.state().xp


async def test_enter_and_double_click_check_in_single_click_only_selects():
    services = starter(make_services())
    async with open_app(services, size=(100, 30)) as pilot:
        first = current(pilot.app).quest_id
        await pilot.press("enter")
        await settle(pilot)
        assert quest_state(services, first).done == 1
        second = rows(pilot.app)[1]
        await pilot.click(second)
        await settle(pilot)
        assert current(pilot.app) is second
        assert quest_state(services, second.quest_id).done == 0
        await pilot.click(second, times=2)
        await settle(pilot)
        assert quest_state(services, second.quest_id).done >= 1


async def test_backspace_undoes_the_latest_check_in():
    services = starter(make_services())
    async with open_app(services, size=(100, 30)) as pilot:
        qid = current(pilot.app).quest_id
        for _ in range(2):
            await pilot.press("space")
            await settle(pilot)
        assert quest_state(services, qid).done == 2
        await pilot.press("backspace")
        await settle(pilot)
        assert quest_state(services, qid).done == 1
        assert current(pilot.app).qs.done == 1
        assert any("Undid" in n.message for n in pilot.app._notifications)


async def test_undo_with_nothing_to_undo_says_so():
    async with open_app(starter(make_services()), size=(100, 30)) as pilot:
        await pilot.press("backspace")
        await settle(pilot)
        assert any("no check-in to undo" in n.message for n in pilot.app._notifications)


async def test_note_dialog_logs_note_and_people():
    services = starter(make_services())
    async with open_app(services, size=(100, 30)) as pilot:
        qid = current(pilot.app).quest_id
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(pilot.app.screen, NoteDialog)
        pilot.app.screen.query_one("#note", TextArea).insert("Talked about [bold]home labs[/]")
        pilot.app.screen.query_one("#people", Input).focus()
        await pilot.press(*"Ana Souza, Ben")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(
            pilot.app.screen, NoteDialog
        )  # two names nobody knows: it offers to add them
        assert "New: Ana Souza, Ben" in str(
            pilot.app.screen.query_one("#new-people", Label).render()
        )
        assert quest_state(services, qid).done == 0
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(pilot.app.screen, TodayScreen)
        log = services.quests.detail(qid).log
        assert log[0].note == "Talked about [bold]home labs[/]"
        assert log[0].people == ("Ana Souza", "Ben")
        assert quest_state(services, qid).done == 1


async def test_note_dialog_escape_cancels():
    services = starter(make_services())
    async with open_app(services, size=(100, 30)) as pilot:
        qid = current(pilot.app).quest_id
        await pilot.press("n")
        await pilot.pause()
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(pilot.app.screen, TodayScreen)
        assert quest_state(services, qid).done == 0


async def test_s_skips_the_day_and_again_unskips():
    services = starter(make_services())
    async with open_app(services, size=(100, 30)) as pilot:
        qid = current(pilot.app).quest_id
        await pilot.press("s")
        await settle(pilot)
        assert quest_state(services, qid).skipped
        assert "skip" in row_text(pilot.app.today_screen.query_one(QuestList).row_for(qid))
        await pilot.press("s")
        await settle(pilot)
        assert not quest_state(services, qid).skipped


async def test_s_on_a_checked_in_day_says_why_and_skips_nothing():
    services = starter(make_services())
    async with open_app(services, size=(100, 30)) as pilot:
        qid = current(pilot.app).quest_id
        await pilot.press("space")
        await settle(pilot)
        await pilot.press("s")
        await settle(pilot)
        assert not quest_state(services, qid).skipped
        said = " ".join(str(n.message) for n in pilot.app._notifications)
        assert "has a check-in on" in said
        with services.store.read() as tx:
            assert tx.skips() == []


async def test_space_on_a_skipped_row_says_to_unskip_and_s_lets_it_count_again():
    services = starter(make_services())
    async with open_app(services, size=(100, 30)) as pilot:
        qid = current(pilot.app).quest_id
        await pilot.press("s")
        await settle(pilot)
        await pilot.press("space")
        await settle(pilot)
        assert quest_state(services, qid).done == 0 and quest_state(services, qid).skipped
        said = " ".join(str(n.message) for n in pilot.app._notifications)
        assert "take the skip back first" in said
        await pilot.press("s", "space")
        await settle(pilot)
        assert quest_state(services, qid).done == 1 and not quest_state(services, qid).skipped


async def test_s_on_a_vacation_day_says_the_vacation_stays():
    """A vacation is every quest's skip: s takes back only a quest's own skip, so on a
    vacation day it says the day stays out, not that it counts again."""
    services = starter(make_services())
    today = services.today().isoformat()
    services.quests.vacation(today, today)
    async with open_app(services, size=(100, 30)) as pilot:
        qid = current(pilot.app).quest_id
        assert quest_state(services, qid).skipped
        await pilot.press("s")
        await settle(pilot)
        said = " ".join(str(n.message) for n in pilot.app._notifications)
        assert "counts again" not in said and "vacation" in said
        assert quest_state(services, qid).skipped


async def test_a_adds_a_quest_through_the_editor():
    services = starter(make_services())
    async with open_app(services, size=(100, 30)) as pilot:
        await pilot.press("a")
        await pilot.pause()
        assert isinstance(pilot.app.screen, QuestEditor)
        await pilot.press(*"Reply to DMs")
        cadence = pilot.app.screen.query_one("#cadence", Input)
        cadence.value = "weekdays"
        pilot.app.screen.query_one("#target", Input).value = "2"
        await pilot.pause()
        await pilot.click("#save")
        await settle(pilot)
        added = [q for q in services.quests.list() if q.title == "Reply to DMs"]
        assert len(added) == 1 and str(added[0].cadence) == "weekdays" and added[0].target == 2
        assert pilot.app.today_screen.query_one(QuestList).row_for(added[0].id) is not None


async def test_edit_shows_the_error_refuses_then_saves_when_fixed():
    services = starter(make_services())
    async with open_app(services, size=(100, 30)) as pilot:
        qid = current(pilot.app).quest_id
        await pilot.press("e")
        await pilot.pause()
        editor = pilot.app.screen
        assert isinstance(editor, QuestEditor)
        cadence = editor.query_one("#cadence", Input)
        cadence.value = "every 0 days"
        await pilot.pause()
        error = editor.query_one("#error", Label)
        assert error.has_class("-invalid") and "every" in str(error.render())
        assert editor.query_one("#save", Button).disabled
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert pilot.app.screen is editor  # refused
        cadence.value = "3/week"
        await pilot.pause()
        assert not error.has_class("-invalid")
        assert not editor.query_one("#save", Button).disabled
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(pilot.app.screen, TodayScreen)
        assert str(services.quests.get(qid).cadence) == "3/week"


async def test_editor_escape_changes_nothing():
    services = starter(make_services())
    async with open_app(services, size=(100, 30)) as pilot:
        qid = current(pilot.app).quest_id
        before = services.quests.get(qid)
        await pilot.press("e")
        await pilot.pause()
        pilot.app.screen.query_one("#title", Input).value = "Something else"
        await pilot.press("escape")
        await settle(pilot)
        assert services.quests.get(qid) == before


async def test_x_archives_after_confirming():
    services = starter(make_services())
    async with open_app(services, size=(100, 30)) as pilot:
        qid = current(pilot.app).quest_id
        await pilot.press("x")
        await pilot.pause()
        assert isinstance(pilot.app.screen, ConfirmDialog)
        await pilot.press("n")
        await settle(pilot)
        assert not services.quests.get(qid).archived
        await pilot.press("x")
        await pilot.pause()
        await pilot.press("y")
        await settle(pilot)
        assert services.quests.get(qid).archived
        assert pilot.app.today_screen.query_one(QuestList).row_for(qid) is None
        # ... and the command palette brings it back.
        commands = {c.title: c for c in pilot.app.get_system_commands(pilot.app.screen)}
        commands["Restore an archived quest"].callback()
        await settle(pilot)
        assert isinstance(pilot.app.screen, RestoreDialog)
        await pilot.press("enter")
        await settle(pilot)
        assert not services.quests.get(qid).archived
        assert pilot.app.today_screen.query_one(QuestList).row_for(qid) is not None


async def test_left_logs_a_past_day_and_right_stops_at_today():
    services = make_services()
    services.data.demo(days=10, quests=4, seed=2)
    async with open_app(services, size=(100, 30)) as pilot:
        screen = pilot.app.today_screen
        await pilot.press("right")
        await settle(pilot)
        assert screen.state.day == TODAY  # not past today
        assert screen.check_action("later", ()) is None
        await pilot.press("left", "left")
        await settle(pilot)
        past = TODAY - timedelta(days=2)
        assert screen.state.day == past
        day_line = str(screen.query_one("#day-line", Label).render())
        assert (
            "Past day" in day_line
            and "Monday 9 March 2026" in day_line
            and "2 days ago" in day_line
        )
        qid = current(pilot.app).quest_id
        before = quest_state(services, qid, past).done
        await pilot.press("space")
        await settle(pilot)
        assert quest_state(services, qid, past).done == before + 1
        assert services.quests.detail(qid).counts[past] == before + 1
        await pilot.press("right", "right", "right")
        await settle(pilot)
        assert screen.state.day == TODAY
        assert "today" in str(screen.query_one("#day-line", Label).render())


async def test_f_shows_the_quests_not_due():
    services = starter(make_services())
    services.quests.add("Review the week", 5, "mon")  # the fixed today is a Wednesday
    async with open_app(services, size=(100, 30)) as pilot:
        state = pilot.app.today_screen.state
        assert state.not_due
        hidden = state.not_due[0].quest.id
        assert pilot.app.today_screen.query_one(QuestList).row_for(hidden) is None
        await pilot.press("f")
        await settle(pilot)
        assert pilot.app.today_screen.query_one(QuestList).row_for(hidden) is not None


async def test_help_lists_keys_and_rules_and_goes_back():
    async with open_app(starter(make_services()), size=(100, 30)) as pilot:
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(pilot.app.screen, HelpScreen)
        keys = plain_of(pilot.app.screen.query_one("#help-keys"))
        for word in ("Check in", "Undo", "Archive", "Detail"):
            assert word in keys
        rules = plain_of(pilot.app.screen.query_one("#help-rules"))
        assert "half-life" in rules
        assert "weekly challenge" in rules and "twice" in rules
        await pilot.press("escape")
        assert isinstance(pilot.app.screen, TodayScreen)


async def test_d_opens_detail_and_escape_goes_back():
    services = make_services()
    services.data.demo(days=60, quests=4, seed=2)
    async with open_app(services, size=(100, 30)) as pilot:
        qid = current(pilot.app).quest_id
        await pilot.press("d")
        await settle(pilot)
        assert isinstance(pilot.app.screen, QuestDetailScreen)
        assert pilot.app.screen.detail.quest.id == qid
        assert pilot.app.screen.query_one(Heatmap)
        await pilot.press("escape")
        assert isinstance(pilot.app.screen, TodayScreen)


async def test_q_quits():
    async with open_app(starter(make_services()), size=(100, 30)) as pilot:
        await pilot.press("q")
        await pilot.pause()
        assert pilot.app._exit


def toasts(app) -> list:
    return list(app._notifications)


async def test_level_up_and_badge_are_toasts_and_the_next_key_still_checks_in():
    services = make_services()
    services.quests.init(starter=False)
    services.quests.add("Give a conference talk", 2, "daily", 3, xp=1000)
    async with open_app(services, size=(120, 30)) as pilot:
        level_before = services.quests.state().level.level
        await pilot.press("space")
        await settle(pilot)
        level = services.quests.state().level.level
        assert level > level_before
        # One toast for the check-in, the level-up and the badges folded into it.
        [toast] = toasts(pilot.app)
        assert toast.title == f"Level {level}!" and toast.timeout >= 8
        lines = toast.message.split("\n")
        assert lines[0] == "Give a conference talk" and lines[1].startswith("+")
        badges = [line for line in lines if line.startswith("🏆 ")]
        assert badges
        for line in badges:  # the whole text, nothing cut
            assert any(line == f"🏆 {a.title}: {a.description}" for a in ACHIEVEMENTS)
        assert isinstance(pilot.app.screen, TodayScreen)
        await pilot.press("space")  # the key right after the celebration is a check-in, not a close
        await settle(pilot)
        assert quest_state(services, current(pilot.app).quest_id).done == 2
        assert row_text(current(pilot.app)).startswith("○ 2/3")


async def test_a_weekly_quest_shows_the_weeks_progress_and_a_second_check_in_adds_no_day():
    services = make_services()
    services.quests.init(starter=False)
    quest = services.quests.add("Invite someone to a coffee", 3, "2/week", start=date(2026, 3, 2))
    services.quests.checkin(quest.id, day="2026-03-09")  # Monday: the week starts on Monday
    async with open_app(services, size=(100, 30)) as pilot:
        text = row_text(current(pilot.app))
        assert text.startswith("○ 1/2 wk"), text
        await pilot.press("space")
        await settle(pilot)
        text = row_text(current(pilot.app))
        assert text.startswith("✓ 2/2 wk"), text
        await pilot.press("space")
        await settle(pilot)
        assert quest_state(services, quest.id).done == 2
        assert row_text(current(pilot.app)).startswith("✓ 2/2 wk")


async def test_twice_in_a_day_on_a_weekly_quest_says_the_week_counts_days():
    """The README's rule: a period counts distinct days.  The second check-in of the day
    earns nothing and says why; no check mark shows until the week's target is met."""
    services = make_services()
    services.quests.init(starter=False)
    services.quests.add("Start a thread", 1, "2/week", start=date(2026, 3, 2))
    async with open_app(services, size=(100, 30)) as pilot:
        await pilot.press("space")
        await settle(pilot)
        assert row_text(current(pilot.app)).startswith("◐ 1/2 wk")
        pilot.app.clear_notifications()
        await pilot.press("space")
        await settle(pilot)
        assert row_text(current(pilot.app)).startswith("◐ 1/2 wk")
        said = "\n".join(n.message for n in toasts(pilot.app))
        assert "this day already counts (1/2 wk)" in said
        assert "a period counts days with a check-in" in said
        assert "target already reached" not in said


async def test_a_past_day_check_in_names_the_day_in_its_one_toast():
    services = midday(make_services())
    async with open_app(services, size=(80, 24)) as pilot:
        await pilot.press("left")
        await settle(pilot)
        pilot.app.clear_notifications()
        await pilot.press("space")
        await settle(pilot)
        [toast] = toasts(pilot.app)
        assert toast.message.split("\n")[0].endswith(" · Tue 10 Mar")


async def test_a_pending_check_in_counts_the_day_once_for_a_period_quest():
    services = make_services()
    services.quests.init(starter=False)
    quest = services.quests.add("Introduce two people", 2, "2/month")
    async with open_app(services, size=(100, 30)) as pilot:
        row = current(pilot.app)
        assert row_text(row).startswith("○ 0/2 mo")
        row.add_pending(1)
        # the day's part is done, as the services will say; the month is not, so no check mark
        assert row_text(row).startswith("◐ 1/2 mo")
        row.add_pending(1)  # a second check-in on the same day is not a second day
        assert row_text(row).startswith("◐ 1/2 mo")
        assert quest.id == row.quest_id


async def test_a_skipped_quest_leaves_the_tips_count_and_shows_no_xp():
    services = starter(make_services())
    async with open_app(services, size=(100, 30)) as pilot:
        row = current(pilot.app)
        qid, tip = row.quest_id, row.qs.quest.tip
        assert "+" in row_text(row)[-5:]
        await pilot.press("s")
        await settle(pilot)
        state = services.quests.state()
        due = [qs for qs in state.due if qs.quest.tip == tip]
        header = next(h for h in pilot.app.today_screen.query(TipHeader) if h.tip == tip)
        assert (header.done, header.due) == (sum(qs.complete for qs in due), len(due))
        assert f"0/{len(due)} done" in header.render().plain
        row = pilot.app.today_screen.query_one(QuestList).row_for(qid)
        assert row_text(row).rstrip().endswith("·")
        assert "+" not in row_text(row)[-5:]


async def test_stored_text_is_shown_literally():
    services = make_services()
    services.quests.init(starter=False)
    services.quests.add("[bold]x[/] \x1b[31mred", 1, "daily")
    async with open_app(services, size=(100, 30)) as pilot:
        text = row_text(current(pilot.app))
        assert "[bold]x[/] ^[[31mred" in text


async def test_empty_today_says_how_to_start():
    services = make_services()
    services.quests.init(starter=False)
    async with open_app(services, size=(100, 30)) as pilot:
        assert pilot.app.today_screen.query_one("#empty").display
        assert pilot.app.today_screen.check_action("check_in", ()) is None


async def test_palette_offers_the_actions_and_the_screens():
    async with open_app(starter(make_services()), size=(100, 30)) as pilot:
        titles = [c.title for c in pilot.app.get_system_commands(pilot.app.today_screen)]
        for title in (
            "Check in",
            "Undo",
            "Note",
            "Skip",
            "Add",
            "Edit",
            "Archive",
            "Earlier day",
            "Detail",
            "Help",
        ):
            assert title in titles
        for title in ("Goal", "People", "Stats", "Settings", "Achievements"):
            assert title in titles


async def test_today_draws_from_what_the_command_line_read_before_starting(monkeypatch):
    """`netquest` reads the file once before the app starts; the app shows that state without
    reading again."""
    services = midday(make_services())
    startup = services.startup()
    reads = []
    monkeypatch.setattr(type(services.quests), "state", lambda self, *a, **k: reads.append(1))
    app = app_for(services, startup=startup)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.pause()
        assert app.today_screen.state is startup[2]
        assert [r.quest_id for r in rows(app)]  # drawn at once
        assert reads == []


async def test_a_keymap_file_remaps_keys_by_binding_id(tmp_path, monkeypatch):
    monkeypatch.setenv("NETQUEST_CONFIG_DIR", str(tmp_path))
    (tmp_path / "keymap.toml").write_text(
        '"today.checkin" = "c"\n"not an id" = "z"\n"today.undo" = 5\n'
    )
    async with open_app(starter(make_services()), size=(100, 30)) as pilot:
        before = rows(pilot.app)[0].qs.done
        await pilot.press("c")
        await settle(pilot)
        assert rows(pilot.app)[0].qs.done == before + 1
        warnings = [n.message for n in pilot.app._notifications if "keymap.toml" in n.message]
        assert len(warnings) == 1
        assert (
            "'not an id' is not a binding id" in warnings[0]
            and "today.undo must be keys" in warnings[0]
        )
