"""The Party screen: how it looks at 80×24 and 120×40, and its keys (open, sync, cheer, mute,
back), the palette entry and the toast for new cheers."""

from __future__ import annotations

import pytest
from textual.widgets import DataTable, Input

from netquest.tui.screens.party import CheerDialog, PartyScreen
from tests.party_world import Hostile, Member, a_card, bare_repo, keygen
from tests.tui.conftest import app_for, open_app, settle, sizes


@pytest.fixture
def party(tmp_path):
    """Ana's party: Bo is on a roll, Cy has rested since February, an unsigned card is
    ignored, and a challenge runs this week."""
    bare = bare_repo(tmp_path)
    ana, bo = Member(tmp_path, "Ana"), Member(tmp_path, "Bo")
    cy = Member(tmp_path, "Cy", now="2026-02-20T09:00:00")
    ana.party.create(str(bare), "Platform folks", "Ana", str(ana.key))
    bo.party.join(str(bare), "Bo", str(bo.key))
    cy.party.join(str(bare), "Cy", str(cy.key))
    for day in range(3, 12):
        bo.app(f"2026-03-{day:02d}T09:00:00").quests.checkin("coffee")
    bo.app().quests.checkin("comment", count=3)
    ana.app().quests.checkin("coffee", count=2)
    bo.party.propose("15 virtual coffees", 4, 15)
    bo.party.cheer("Ana", "Nice streak!")
    bo.party.sync()
    eve = keygen(tmp_path / "eve")  # a card that is not signed
    Hostile(tmp_path, bare).commit({"members/eve.json": a_card("eve", "Eve", eve)})
    ana.party.sync()
    return ana, bo


def opening(*keys):
    async def run(pilot):
        await settle(pilot)
        for key in keys:
            await pilot.press(key)
            await settle(pilot)

    return run


@sizes
def test_party_screen(snap_compare, size, party):
    ana, _ = party
    ana.party.new_cheers()  # shown already: no toast over the board
    assert snap_compare(app_for(ana.app()), terminal_size=size, run_before=opening("y"))


async def test_y_opens_the_board_and_escape_goes_back(party):
    ana, _ = party
    async with open_app(ana.app(), size=(120, 40)) as pilot:
        await pilot.press("y")
        await settle(pilot)
        screen = pilot.app.screen
        assert isinstance(screen, PartyScreen)
        assert [m.id for m in screen.board.members] == ["bo", "ana", "cy"]
        assert screen.query_one(DataTable).row_count == 3
        await pilot.press("escape")
        assert not isinstance(pilot.app.screen, PartyScreen)


async def test_new_cheers_are_a_toast_once(party):
    ana, _ = party
    async with open_app(ana.app(), size=(120, 40)) as pilot:
        await settle(pilot)
        toasts = [n.message for n in pilot.app._notifications]
        assert any("Bo: Nice streak!" in t for t in toasts)
    assert ana.party.new_cheers() == []
    async with open_app(ana.app(), size=(120, 40)) as pilot:
        assert not any("Nice streak" in n.message for n in pilot.app._notifications)


async def test_s_syncs_and_toasts_cheers_that_arrive(party):
    ana, bo = party
    ana.party.new_cheers()
    bo.party.cheer("Ana", "Keep going")
    bo.party.sync()
    async with open_app(ana.app(), size=(120, 40)) as pilot:
        await pilot.press("y")
        await settle(pilot)
        await pilot.press("s")
        await settle(pilot)
        assert any("Bo: Keep going" in n.message for n in pilot.app._notifications)
    assert ana.party.new_cheers() == []


async def test_c_cheers_the_highlighted_member(party):
    ana, _ = party
    async with open_app(ana.app(), size=(120, 40)) as pilot:
        await pilot.press("y")
        await settle(pilot)
        await pilot.press("c")  # bo's row is highlighted first
        await settle(pilot)
        assert isinstance(pilot.app.screen, CheerDialog)
        pilot.app.screen.query_one(Input).value = "You are on a roll"
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(pilot.app.screen, PartyScreen)
    state = ana.party.home.load()
    assert [(c.to, c.text) for c in state.sent] == [("bo", "You are on a roll")]


async def test_c_and_m_do_nothing_on_ones_own_row_and_m_mutes(party):
    ana, _ = party
    async with open_app(ana.app(), size=(120, 40)) as pilot:
        await pilot.press("y")
        await settle(pilot)
        screen = pilot.app.screen
        await pilot.press("down")  # ana's own row
        assert screen.check_action("cheer", ()) is False
        await pilot.press("c")
        await settle(pilot)
        assert pilot.app.screen is screen
        await pilot.press("up", "m")
        await settle(pilot)
        assert [m.id for m in screen.board.members] == ["ana", "cy"]
        assert screen.board.muted == ["bo"]


async def test_the_palette_offers_the_party_from_another_screen(party):
    ana, _ = party
    async with open_app(ana.app(), size=(120, 40)) as pilot:
        await pilot.press("t")
        await settle(pilot)
        titles = [c.title for c in pilot.app.get_system_commands(pilot.app.screen)]
        assert "Party" in titles
        await pilot.press("ctrl+p")
        await settle(pilot)
        await pilot.press(*"Party", "enter")
        await settle(pilot)
        assert isinstance(pilot.app.screen, PartyScreen)


async def test_without_a_party_the_screen_says_how_to_start_one(tmp_path):
    dan = Member(tmp_path, "Dan")
    async with open_app(dan.app(), size=(80, 24)) as pilot:
        await pilot.press("y")
        await settle(pilot)
        text = str(pilot.app.screen.query_one("#party-week").render())
        assert "netquest party create" in text
        assert pilot.app.screen.check_action("sync", ()) is False


async def test_names_from_the_party_are_shown_inert_never_as_markup(party, tmp_path):
    ana, _ = party
    mal = keygen(tmp_path / "mal")
    bare = tmp_path / "party.git"
    Hostile(tmp_path / "h", bare).commit(
        {"members/mal.json": a_card("mal", "[b red]Mal[/]\x1b[2J", mal)}, key=mal)
    ana.party.sync()
    ana.party.new_cheers()
    async with open_app(ana.app(), size=(120, 40)) as pilot:
        await pilot.press("y")
        await settle(pilot)
        table = pilot.app.screen.query_one(DataTable)
        names = [table.get_row_at(i)[0] for i in range(table.row_count)]
        shown = next(n for n in names if "Mal" in str(n))
        assert str(shown) == "[b red]Mal[/]^[[2J" and not shown.spans


async def test_a_sync_that_cannot_write_its_files_is_a_toast_not_a_crash(party, monkeypatch):
    import errno

    from netquest.services import party_repo

    ana, _ = party
    ana.party.new_cheers()

    def full(path, data, *args, **kw):
        raise OSError(errno.ENOSPC, "No space left on device", str(path))

    monkeypatch.setattr(party_repo, "atomic_write", full)
    async with open_app(ana.app(), size=(120, 40)) as pilot:
        await pilot.press("y")
        await settle(pilot)
        await pilot.press("s")
        await settle(pilot)
        assert isinstance(pilot.app.screen, PartyScreen)
        errors = [n.message for n in pilot.app._notifications if n.severity == "error"]
        assert any("No space left on device" in e for e in errors)
