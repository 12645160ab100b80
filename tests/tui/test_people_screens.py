"""People by keys and mouse: the table (sort, filter by text and stage), a person's page, the
editor (valid, refused then fixed), stage moves, delete with confirmation, Reach out on Today
and naming people in the note dialog."""

from __future__ import annotations

from datetime import date

from textual.widgets import Button, DataTable, Input, Label, Select, TextArea

from netquest.tui.screens.dialogs import ConfirmDialog, NoteDialog
from netquest.tui.screens.people import PeopleScreen
from netquest.tui.screens.person import PersonScreen
from netquest.tui.screens.person_editor import PersonEditor
from netquest.tui.screens.today import TodayScreen
from netquest.tui.widgets.name_suggester import NameSuggester
from netquest.tui.widgets.reach_out import ReachList, ReachOut
from tests.tui.conftest import make_services, open_app, settle
from tests.tui.test_today import plain_of

ESCAPED = "Evil \x1b[31mRed [b]bold[/b]"


def network(services=None):
    """A quest with history and five people in several scripts, two of them overdue."""
    services = services or make_services()
    services.quests.init(starter=False)
    coffee = services.quests.add("Virtual coffee", 4, "1/week", start=date(2026, 1, 1))
    services.people.add(
        "王小明", where="Shanghai meetup", tags=["rust"], interval=14, last_contact="2026-02-01"
    )
    services.people.add(
        "ليلى حداد", where="a conference talk", stage="met", interval=30, last_contact="2026-02-20"
    )
    services.people.add(
        "Zoë 🚀 Park",
        introduced_by="王小明",
        tags=["design", "berlin"],
        interval=30,
        notes="Runs the design systems meetup.\n"
        "Wants to meet someone from [b]the platform team[/b].",
    )
    services.people.add(ESCAPED, notes="[i]not markup[/i]", interval=7, last_contact="2026-03-01")
    services.quests.checkin(
        coffee.id,
        note="Talked about [b]home labs[/b]",
        people=["Zoë 🚀 Park", "Ana Souza"],
        day="2026-03-09",
    )
    services.quests.checkin(coffee.id, note="Kick-off", people=["Zoë 🚀 Park"], day="2026-02-02")
    return services


def table_names(screen: PeopleScreen) -> list[str]:
    return [p.name for p in screen.shown]


async def open_people(pilot) -> PeopleScreen:
    await settle(pilot)
    await pilot.press("p")
    await settle(pilot)
    assert isinstance(pilot.app.screen, PeopleScreen)
    return pilot.app.screen


async def open_at(pilot, name: str) -> PeopleScreen:
    """The people screen with the cursor on `name`."""
    screen = await open_people(pilot)
    screen.query_one(DataTable).move_cursor(row=table_names(screen).index(name))
    return screen


def cell_texts(screen: PeopleScreen) -> list[list[str]]:
    table = screen.query_one(DataTable)
    return [[cell.plain for cell in table.get_row_at(i)] for i in range(table.row_count)]


async def test_p_opens_the_table_of_everyone_with_stored_text_inert():
    async with open_app(network(), size=(120, 40)) as pilot:
        screen = await open_people(pilot)
        assert len(screen.shown) == 5
        rows = cell_texts(screen)
        assert [
            "Evil ^[[31mRed [b]bold[/b]",
            "Want to meet",
            "2026-03-01",
            "7d",
            "3d late",
            "",
        ] in rows
        assert all("\x1b" not in cell for row in rows for cell in row)
        assert "5 people · sorted by name · 2 to reach out" in str(
            screen.query_one("#people-count", Label).render()
        )
        await pilot.press("escape")
        assert isinstance(pilot.app.screen, TodayScreen)


async def test_s_and_header_clicks_sort():
    async with open_app(network(), size=(120, 40)) as pilot:
        screen = await open_people(pilot)
        assert table_names(screen)[0] == "Ana Souza"
        await pilot.press("s")  # stage: furthest along first
        await settle(pilot)
        assert screen.sort == "stage"
        assert [p.stage for p in screen.shown][:3] == ["met"] * 3
        await pilot.press("s")  # last contact: latest first
        await settle(pilot)
        assert table_names(screen)[:2] == ["Ana Souza", "Zoë 🚀 Park"]
        await pilot.press("s")  # overdue: most overdue first
        await settle(pilot)
        assert table_names(screen)[:2] == ["王小明", ESCAPED]
        await pilot.click(DataTable, offset=(2, 0))  # the Name header
        await settle(pilot)
        assert screen.sort == "name"
        assert table_names(screen)[0] == "Ana Souza"


async def test_filter_by_text_with_slash_and_by_stage_with_keys_or_the_select():
    async with open_app(network(), size=(120, 40)) as pilot:
        screen = await open_people(pilot)
        await pilot.press("slash")
        assert screen.focused is screen.query_one("#people-filter", Input)
        await pilot.press(*"berlin")
        await settle(pilot)
        assert table_names(screen) == ["Zoë 🚀 Park"]
        assert "1 of 5 people" in str(screen.query_one("#people-count", Label).render())
        await pilot.press("escape")  # leaves the filter, stays on the screen
        assert pilot.app.screen is screen and isinstance(screen.focused, DataTable)
        screen.query_one("#people-filter", Input).value = ""
        await settle(pilot)
        await pilot.press("4")  # Met
        await settle(pilot)
        assert sorted(table_names(screen)) == sorted(["Ana Souza", "Zoë 🚀 Park", "ليلى حداد"])
        await pilot.press("1")  # Want to meet
        await settle(pilot)
        assert sorted(table_names(screen)) == sorted([ESCAPED, "王小明"])
        await pilot.press("0")
        await settle(pilot)
        assert len(screen.shown) == 5
        screen.query_one("#people-stage", Select).value = "met"
        screen.query_one("#people-filter", Input).value = "ana"
        await settle(pilot)
        assert table_names(screen) == ["Ana Souza"]
        screen.query_one("#people-filter", Input).value = "nobody at all"
        await settle(pilot)
        assert screen.shown == [] and screen.query_one("#people-empty").display
        assert screen.check_action("edit", ()) is None


async def test_add_refuses_until_valid_then_saves():
    services = network()
    async with open_app(services, size=(80, 24)) as pilot:
        await open_people(pilot)
        await pilot.press("a")
        await pilot.pause()
        editor = pilot.app.screen
        assert isinstance(editor, PersonEditor)
        error = editor.query_one("#error", Label)
        assert error.has_class("-invalid") and "needs a name" in str(error.render())
        assert editor.query_one("#save", Button).disabled
        await pilot.press(*"zoë 🚀 park")  # taken, up to case
        await pilot.pause()
        assert "already a person named 'Zoë 🚀 Park'" in str(error.render())
        editor.query_one("#name", Input).value = "Marta Díaz"
        editor.query_one("#interval", Input).value = "0"
        await pilot.pause()
        assert "interval must be from 1" in str(error.render())
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert pilot.app.screen is editor and len(services.people.list()) == 5  # nothing saved
        editor.query_one("#interval", Input).value = "21"
        editor.query_one("#where", Input).value = "Rust Berlin"
        editor.query_one("#tags", Input).value = "rust, talks, rust"
        editor.query_one("#stage", Select).value = "introduced"
        editor.query_one("#introduced-by", Select).value = "p-2"  # ليلى حداد
        editor.query_one(TextArea).text = "Gave the [b]async[/b] talk"
        await pilot.pause()
        assert not error.has_class("-invalid")
        await pilot.click("#save")
        await settle(pilot)
        assert isinstance(pilot.app.screen, PeopleScreen)
        marta = services.people.get("Marta Díaz")
        assert (marta.where, marta.tags, marta.stage, marta.interval) == (
            "Rust Berlin",
            ("rust", "talks"),
            "introduced",
            21,
        )
        assert (
            marta.introduced_by_name == "ليلى حداد" and marta.notes == "Gave the [b]async[/b] talk"
        )
        assert "Marta Díaz" in table_names(pilot.app.screen)
        assert any("Added Marta Díaz" in n.message for n in pilot.app._notifications)


async def test_a_refusal_from_the_services_shows_in_the_editor():
    services = network()
    async with open_app(services, size=(80, 24)) as pilot:
        await open_people(pilot)
        await pilot.press("a")
        await pilot.pause()
        editor = pilot.app.screen
        editor.query_one("#name", Input).value = "Somebody"
        await pilot.pause()
        services.people.add("Somebody")  # another process, between typing and saving
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert pilot.app.screen is editor
        assert "already a person named 'Somebody'" in str(
            editor.query_one("#error", Label).render()
        )


async def test_edit_changes_only_what_was_changed():
    services = network()
    async with open_app(services, size=(120, 40)) as pilot:
        screen = await open_at(pilot, ESCAPED)
        await pilot.press("e")
        await pilot.pause()
        editor = pilot.app.screen
        assert isinstance(editor, PersonEditor)
        assert editor.query_one("#name", Input).value == "Evil ^[[31mRed [b]bold[/b]"  # shown inert
        editor.query_one("#interval", Input).value = "10"
        await pilot.pause()
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert pilot.app.screen is screen
        person = services.people.get("evil")
        assert person.name == ESCAPED and person.interval == 10  # the name kept as stored
        assert screen.current_person.id == person.id


async def test_enter_opens_the_person_with_introductions_and_timeline_newest_first():
    async with open_app(network(), size=(120, 40)) as pilot:
        screen = await open_at(pilot, "王小明")
        table = screen.query_one(DataTable)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(pilot.app.screen, PersonScreen)
        facts = plain_of(pilot.app.screen.query_one("#person-facts"))
        assert "Shanghai meetup" in facts and "rust" in facts
        assert "you to 1 person: Zoë 🚀 Park" in facts
        assert "every 14 days · 24 days overdue" in facts
        await pilot.press("escape")
        assert pilot.app.screen is screen
        table.move_cursor(row=table_names(screen).index("Zoë 🚀 Park"))
        await pilot.press("enter")
        await settle(pilot)
        page = pilot.app.screen
        assert [e.day for e in page.timeline] == [date(2026, 3, 9), date(2026, 2, 2)]
        assert "Introduced by  王小明" in plain_of(page.query_one("#person-facts"))
        timeline = plain_of(page.query_one("#person-timeline"))
        assert timeline.index("2026-03-09") < timeline.index("2026-02-02")
        assert "Talked about [b]home labs[/b]" in timeline and "with Ana Souza" in timeline


async def test_stage_moves_by_hand_on_the_table_and_on_the_page():
    services = network()
    async with open_app(services, size=(120, 40)) as pilot:
        screen = await open_at(pilot, "王小明")
        await pilot.press("greater_than_sign")
        await settle(pilot)
        assert services.people.get("王小明").stage == "intro_asked"
        assert screen.current_person.name == "王小明"  # the cursor stays on them
        await pilot.press("less_than_sign", "less_than_sign")
        await settle(pilot)
        assert services.people.get("王小明").stage == "want"
        assert any("already at Want to meet" in n.message for n in pilot.app._notifications)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("greater_than_sign")
        await settle(pilot)
        assert services.people.get("王小明").stage == "intro_asked"
        assert pilot.app.screen.person.stage == "intro_asked"
        await pilot.press("escape")
        await settle(pilot)
        assert screen.current_person.stage == "intro_asked"


async def test_delete_asks_first_and_keeps_the_check_ins():
    services = network()
    async with open_app(services, size=(120, 40)) as pilot:
        screen = await open_at(pilot, "Zoë 🚀 Park")
        checkins = len(services.quests.detail("virtual-coffee").log)
        await pilot.press("D")
        await pilot.pause()
        assert isinstance(pilot.app.screen, ConfirmDialog)
        assert "lose the link" in pilot.app.screen.question.plain
        await pilot.press("n")
        await settle(pilot)
        assert "Zoë 🚀 Park" in table_names(screen)
        await pilot.press("enter")  # from the person's page
        await settle(pilot)
        await pilot.press("delete")
        await pilot.pause()
        await pilot.press("y")
        await settle(pilot)
        assert pilot.app.screen is screen
        assert "Zoë 🚀 Park" not in [p.name for p in services.people.list()]
        assert "Zoë 🚀 Park" not in table_names(screen)
        log = services.quests.detail("virtual-coffee").log
        assert len(log) == checkins
        assert all("Zoë 🚀 Park" not in entry.people for entry in log)
        assert any("kept without the name" in n.message for n in pilot.app._notifications)


async def test_reach_out_on_today_lists_the_most_overdue_and_opens_them():
    services = network()
    async with open_app(services, size=(80, 24)) as pilot:
        reach = pilot.app.today_screen.query_one(ReachOut)
        assert reach.display
        assert [p.name for p in reach.people] == ["王小明", ESCAPED]
        await pilot.press("tab")
        assert isinstance(pilot.app.focused, ReachList)
        await pilot.press("enter")
        await settle(pilot)
        assert (
            isinstance(pilot.app.screen, PersonScreen) and pilot.app.screen.person.name == "王小明"
        )
        services.people.edit("王小明", last_contact="2026-03-10")
        services.people.edit("evil", interval=None)
        await pilot.press("escape")
        pilot.app.today_screen.load()
        await settle(pilot)
        assert not reach.display


async def test_note_dialog_completes_names_and_creates_new_people():
    services = network()
    services.quests.add("Book a coffee chat", 4, "daily")
    async with open_app(services, size=(100, 30)) as pilot:
        await pilot.press("n")
        await settle(pilot)
        dialog = pilot.app.screen
        assert isinstance(dialog, NoteDialog)
        people = dialog.query_one("#people", Input)
        people.focus()
        await pilot.press(*"zo")
        await settle(pilot)
        await pilot.press("right")  # takes the suggestion
        assert people.value == "zoë 🚀 Park"  # what was typed stays as typed
        await pilot.press(*", Quinn Adebayo")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(pilot.app.screen, NoteDialog)  # Quinn is new: offered first, Zoë is known
        assert "New: Quinn Adebayo (not known yet)" in str(dialog.query_one("#new-people").render())
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(pilot.app.screen, TodayScreen)
        quinn = services.people.get("Quinn Adebayo")
        assert quinn.last_contact == date(2026, 3, 11) and quinn.stage == "met"  # a tip-4 quest
        assert services.people.get("Zoë").last_contact == date(2026, 3, 11)
        # in the check-in's one toast
        assert any("\nNew person: Quinn Adebayo" in n.message for n in pilot.app._notifications)
        names = services.people.timeline("Zoë")[0].people
        assert names == ("Zoë 🚀 Park", "Quinn Adebayo")


async def test_name_suggester_completes_the_last_part_and_skips_names_already_typed():
    s = NameSuggester(["Ana Souza", "Ann Lee", "Ben Okafor", "Bad \x1bname"])
    assert await s.get_suggestion("an") == "ana Souza"
    assert await s.get_suggestion("Ana Souza, an") == "Ana Souza, ann Lee"
    assert await s.get_suggestion("Ana Souza, ") is None
    assert await s.get_suggestion("Ben Okafor") is None
    assert await s.get_suggestion("ba") is None  # never suggests a name with an escape sequence


async def test_external_change_reloads_the_people_screens(tmp_path):
    path = tmp_path / "nq.json"
    services = network(make_services(path))
    async with open_app(services, poll_seconds=0.2, size=(120, 40)) as pilot:
        screen = await open_people(pilot)
        make_services(path).people.add("Ola Nordmann")  # another process, say `netquest people add`
        for _ in range(30):
            await pilot.pause(0.1)
            if "Ola Nordmann" in table_names(screen):
                break
        assert "Ola Nordmann" in table_names(screen)


async def test_a_name_that_could_be_several_people_is_asked_about_in_the_dialog():
    services = network()
    services.quests.add("Book a coffee chat", 4, "daily")
    services.people.add("Ana Lopez")
    services.people.add("Ana Smith")
    before = len(services.log.list())
    async with open_app(services, size=(100, 30)) as pilot:
        await pilot.press("n")
        await settle(pilot)
        dialog = pilot.app.screen
        dialog.query_one("#note", TextArea).text = "A long chat worth keeping"
        dialog.query_one("#people", Input).value = "ana"
        for _ in range(2):  # not offered as someone new: saving again changes nothing
            await pilot.press("ctrl+s")
            await settle(pilot)
            assert pilot.app.screen is dialog
            said = str(dialog.query_one("#new-people").render())
            assert (
                "New" not in said
                and "could be" in said
                and "Ana Lopez" in said
                and "Ana Souza" in said
            )
        assert dialog.query_one("#note", TextArea).text == "A long chat worth keeping"
        assert len(services.log.list()) == before


async def test_the_table_keeps_its_column_widths_when_rebuilt():
    """Rebuilt from a worker, the header used to be drawn at the titles' widths before the
    rows were measured, and stayed so until a re-sort: widths are set with the rows now."""
    async with open_app(network(), size=(120, 40)) as pilot:
        screen = await open_people(pilot)
        table = screen.query_one(DataTable)
        before = [c.get_render_width(table) for c in table.ordered_columns]
        screen.show(screen.everyone, screen.shown)  # no idle turn between this and the check
        assert [c.get_render_width(table) for c in table.ordered_columns] == before
        assert before[0] > len("Name ▾") + 2


async def test_at_80_columns_only_name_and_where_give_way():
    services = network()
    services.people.add("Someone With A Really Long Name", where="a very long place name here",
                        interval=7, last_contact="2025-11-01")
    async with open_app(services, size=(80, 24)) as pilot:
        screen = await open_people(pilot)
        rows = cell_texts(screen)
        table = screen.query_one(DataTable)
        widths = [c.get_render_width(table) for c in table.ordered_columns]
        assert sum(widths) <= 80
        late = next(row for row in rows if row[0].startswith("Someone"))
        assert late[4].endswith("d late")
        assert late[0].endswith("…") and late[5].endswith("…")


def many_overdue():
    services = network()
    for i in range(8):
        services.people.add(f"Late Person {i}", interval=7, last_contact=f"2026-01-{10 + i:02d}")
    return services


async def test_reach_out_takes_the_empty_rows_under_the_quests():
    async with open_app(many_overdue(), size=(120, 40)) as pilot:
        await settle(pilot)
        reach = pilot.app.screen.query_one(ReachOut)
        assert len(reach.everyone) == 10
        assert len(reach.people) == 10  # a quest or two above: room for everyone
        assert "in all" not in str(reach.query_one("#reach-title", Label).render())


async def test_reach_out_keeps_three_when_the_quests_need_the_rows():
    services = many_overdue()
    for i in range(12):
        services.quests.add(f"Daily quest {i}", 1 + i % 4, "daily")
    async with open_app(services, size=(80, 24)) as pilot:
        await settle(pilot)
        reach = pilot.app.screen.query_one(ReachOut)
        assert len(reach.people) == 3
        assert "10 in all" in str(reach.query_one("#reach-title", Label).render())
