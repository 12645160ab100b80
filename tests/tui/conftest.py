"""Fixtures of the screen tests: services on a fixed clock, data built through the services,
and no blinking cursors so snapshots are stable."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, TextArea

from netquest.clock import Clock
from netquest.services import NetQuest
from netquest.store import Store
from netquest.tui.app import NetQuestApp

NOW = "2026-03-11T09:30:00"  # a Wednesday
SIZES = {"80x24": (80, 24), "120x40": (120, 40)}
sizes = pytest.mark.parametrize(
    "size", list(SIZES.values()), ids=list(SIZES)
)  # every snapshot at both


@pytest.fixture(autouse=True)
def no_blink(monkeypatch):
    """Cursors stay lit: a blinking cursor would make snapshots flaky."""
    for widget in (Input, TextArea):
        monkeypatch.setattr(widget.cursor_blink, "_default", False)


@pytest.fixture(autouse=True)
def fixed_now(monkeypatch):
    monkeypatch.setenv("NETQUEST_NOW", NOW)


@pytest.fixture(autouse=True)
def own_config(monkeypatch, tmp_path):
    """Only the built-in themes, in colour: the tester's theme folder and NO_COLOR stay out."""
    monkeypatch.setenv("NETQUEST_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.delenv("NO_COLOR", raising=False)


def make_services(path=None) -> NetQuest:
    store = Store(path) if path is not None else Store(memory=True)
    return NetQuest(store, Clock(timezone="UTC", fixed_now=NOW))


def starter(services: NetQuest) -> NetQuest:
    services.quests.init(starter=True)
    return services


def midday(services: NetQuest) -> NetQuest:
    """Six quests with a month of history and part of today done."""
    services.data.demo(days=30, quests=6, seed=3)
    state = services.quests.state()
    due = [qs for qs in state.due]
    services.quests.checkin(due[0].quest.id, count=due[0].quest.target)
    services.quests.checkin(due[1].quest.id)
    return services


def all_done(services: NetQuest) -> NetQuest:
    services.data.demo(days=30, quests=6, seed=3)
    for qs in services.quests.state().due:
        services.quests.checkin(qs.quest.id, count=qs.quest.target - qs.done)
    return services


def app_for(services: NetQuest, **kw) -> NetQuestApp:
    """The app without the external-change poll (tests that want it pass poll_seconds)."""
    kw.setdefault("poll_seconds", 0)
    return NetQuestApp(services, **kw)


async def settle(pilot, rounds: int = 4) -> None:
    """Let thread workers finish and their results reach the screen."""
    for _ in range(rounds):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()


@asynccontextmanager
async def open_app(
    services: NetQuest, size: tuple[int, int] = (120, 40), **kw
) -> AsyncIterator[Pilot]:
    """The app on `services` running headless at `size`, settled: its first screen is drawn.

    Yields the pilot (`pilot.app` is the app); keywords go to `app_for` (poll_seconds, startup).
    """
    app = app_for(services, **kw)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        yield pilot
