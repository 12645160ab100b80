"""How the people screens look, at 80×24 and 120×40: the table with names in several scripts
and one with an escape sequence, a person's page, the editor refusing, and Reach out on Today."""

from __future__ import annotations

from tests.tui.conftest import app_for, settle, sizes
from tests.tui.test_people_screens import network, open_at


async def people(pilot):
    await settle(pilot)
    await pilot.press("p")
    await settle(pilot)


@sizes
def test_people_table(snap_compare, size):
    assert snap_compare(app_for(network()), terminal_size=size, run_before=people)


@sizes
def test_people_filtered_by_stage(snap_compare, size):
    async def met(pilot):
        await people(pilot)
        await pilot.press("4", "s")
        await settle(pilot)

    assert snap_compare(app_for(network()), terminal_size=size, run_before=met)


@sizes
def test_person_page(snap_compare, size):
    async def zoe(pilot):
        await open_at(pilot, "Zoë 🚀 Park")
        await pilot.press("enter")
        await settle(pilot)

    assert snap_compare(app_for(network()), terminal_size=size, run_before=zoe)


@sizes
def test_person_editor_refusing(snap_compare, size):
    async def taken(pilot):
        await people(pilot)
        await pilot.press("a")
        await pilot.pause()
        await pilot.press(*"ana souza")
        await pilot.pause()

    assert snap_compare(app_for(network()), terminal_size=size, run_before=taken)


@sizes
def test_today_with_reach_out(snap_compare, size):
    def services():
        s = network()
        for title, tip in (
            ("Comment on a post", 1),
            ("Host a study group", 2),
            ("Ask for an introduction", 3),
        ):
            s.quests.add(title, tip, "daily")
        return s

    assert snap_compare(app_for(services()), terminal_size=size, run_before=settle)


async def staged(pilot):
    """The table after `>` moved the first person one stage on (rebuilt from a worker)."""
    await people(pilot)
    await pilot.press("greater_than_sign")
    await settle(pilot)


async def changed_outside(pilot):
    """The table after another process (say `netquest people stage`) moved someone."""
    await people(pilot)
    pilot.app.services.people.set_stage("王小明", "intro_asked")
    pilot.app.reload_screens()
    await settle(pilot)


@sizes
def test_people_table_after_a_stage_change(snap_compare, size):
    assert snap_compare(app_for(network()), terminal_size=size, run_before=staged)


@sizes
def test_people_table_after_an_external_change(snap_compare, size):
    assert snap_compare(app_for(network()), terminal_size=size, run_before=changed_outside)
