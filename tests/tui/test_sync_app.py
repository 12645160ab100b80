"""The app with sync: the state line in Today's header, a sync on start and on `S`."""

from __future__ import annotations

import subprocess

from netquest.tui.sync import SyncState
from tests.tui.conftest import app_for, make_services, open_app, settle, starter


def bare(tmp_path) -> str:
    remote = tmp_path / "remote.git"
    subprocess.run(["git", "init", "-q", "--bare", str(remote)], check=True)
    return str(remote)


def synced_pair(tmp_path):
    """This device and another one, both set up on one remote, with the starter quests."""
    remote = bare(tmp_path)
    here = starter(make_services(tmp_path / "here" / "nq.json"))
    here.sync.setup(remote)
    other = make_services(tmp_path / "other" / "nq.json")
    other.sync.setup(remote)
    return here, other


async def test_without_sync_nothing_of_it_shows(tmp_path):
    services = starter(make_services(tmp_path / "nq.json"))
    async with open_app(services, size=(120, 40)) as pilot:
        assert not pilot.app.today_screen.query(SyncState)
        assert pilot.app.check_action("sync", ()) is False
        assert "S" not in pilot.app.screen.active_bindings  # not in the footer, not in help
        await pilot.press("S")
        await settle(pilot)
        assert not pilot.app.today_screen.query(SyncState)


async def test_the_app_syncs_on_start_and_on_y(tmp_path):
    here, other = synced_pair(tmp_path)
    async with open_app(here, size=(120, 40)) as pilot:
        line = pilot.app.today_screen.query_one(SyncState)
        assert "synced 09:30: up to date" in str(line.render())
        assert pilot.app.check_action("sync", ()) is True
        other.quests.checkin("comment", note="from the other device")
        other.sync.sync()
        await pilot.press("S")
        await settle(pilot)
        assert "synced 09:30: 1 change in, 0 out" in str(line.render())
        state = pilot.app.today_screen.state
        comment = next(q for q in state.due if q.quest.id == "comment")
        assert comment.done == 1


def test_today_with_sync_set_up(snap_compare, tmp_path):
    here, _ = synced_pair(tmp_path)
    assert snap_compare(app_for(here), terminal_size=(80, 24), run_before=settle)


async def test_the_app_started_from_the_command_lines_read_shows_sync_and_syncs(tmp_path):
    """`netquest` hands the app the state it read before starting: the sync line still shows
    (the app must not look for the header before Today has drawn it)."""
    here, other = synced_pair(tmp_path)
    other.quests.checkin("comment", note="from the other device")
    other.sync.sync()
    async with open_app(here, size=(120, 40), startup=here.startup()) as pilot:
        line = pilot.app.today_screen.query_one(SyncState)
        assert "synced 09:30: 1 change in, 0 out" in str(line.render())


async def test_the_sync_line_speaks_the_language(tmp_path):
    here, other = synced_pair(tmp_path)
    here.set_setting("language", "zh-CN")
    async with open_app(here, size=(120, 40)) as pilot:
        line = pilot.app.today_screen.query_one(SyncState)
        assert "⇅ 09:30 已同步：收到 0 项改动，发出 1 项" in str(line.render())  # the setting
        other.quests.checkin("comment")
        other.quests.checkin("thread")
        other.sync.sync()
        await pilot.press("S")
        await settle(pilot)
        assert "⇅ 09:30 已同步：收到 2 项改动，发出 0 项" in str(line.render())


async def test_a_sync_key_without_sync_set_up_says_so_in_the_language(tmp_path):
    services = starter(make_services(tmp_path / "nq.json"))
    services.set_setting("language", "zh-CN")
    async with open_app(services, size=(120, 40)) as pilot:
        pilot.app.action_sync()
        await settle(pilot)
        said = [n.message for n in pilot.app._notifications]
        assert any("还没有设置同步" in m for m in said), said
