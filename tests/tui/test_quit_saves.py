"""Quitting right after a key that writes: what the key asked for is saved, badges and all.

A terminal delivers keys typed quickly in one read, so a check-in's key and q can reach the
app together; the check-in is written in a thread and its badges follow in another step."""

from __future__ import annotations

import asyncio
import time

import pytest
from textual import events

from netquest.tui.app import NetQuestApp
from tests.tui.conftest import make_services, settle, starter


def stored(services) -> tuple[int, dict[str, str]]:
    with services.store.read() as tx:
        return len(tx.checkins()), {d["id"]: d["day"] for d in tx.all("achievements")}


@pytest.mark.parametrize("gap", [0.0, 0.001, 0.01])
@pytest.mark.parametrize("quit_key", ["q", "ctrl+q"])
async def test_a_check_in_then_quit_at_once_is_saved_with_its_badges(tmp_path, gap, quit_key):
    services = starter(make_services(tmp_path / "nq.json"))
    twin = starter(make_services(tmp_path / "twin.json"))
    app = NetQuestApp(services, poll_seconds=0)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        qid = app.today_screen.row.quest_id
        app.post_message(events.Key("enter", "\r"))  # as one read of the terminal brings them
        await asyncio.sleep(gap)
        app.post_message(events.Key(quit_key, None))
        for _ in range(200):
            if not app.is_running:
                break
            await asyncio.sleep(0.01)
    assert not app.is_running
    twin.quests.checkin(qid)  # the command line's check-in stores its badges with it
    assert stored(services) == stored(twin)
    assert stored(services)[0] == 1 and stored(services)[1]


async def test_a_theme_picked_just_before_quit_is_kept(tmp_path):
    services = starter(make_services(tmp_path / "nq.json"))
    save = services.set_setting

    def slow_save(key, value):  # a slow disk: the write lands well after the quit key
        time.sleep(0.3)
        save(key, value)

    services.set_setting = slow_save
    app = NetQuestApp(services, poll_seconds=0)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        app.theme = "netquest-light"  # as the palette's theme picker sets it
        app.post_message(events.Key("q", "q"))
        for _ in range(200):
            if not app.is_running:
                break
            await asyncio.sleep(0.01)
        # The app has ended: what it saved is on disk now, not when a left-over thread ends.
        assert not app.is_running
        assert services.settings().get("theme") == "netquest-light"
