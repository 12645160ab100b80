"""How a key's answer reaches Today: the row goes from pending to saved without a step back,
and the footer is rebuilt only when its keys change."""

from __future__ import annotations

import asyncio
import time

from textual.widgets._footer import FooterKey

from netquest.tui.widgets.footer import KeysFooter
from netquest.tui.widgets.quest_list import QuestList
from tests.tui.conftest import make_services, open_app, settle, starter


def current(app):
    return app.today_screen.query_one(QuestList).current_row


async def test_a_checked_in_row_never_shows_the_count_from_before_on_the_way_to_saved():
    services = starter(make_services())
    async with open_app(services, size=(100, 30)) as pilot:
        await settle(pilot)
        target = current(pilot.app).qs.quest.target
        shown = []
        press = asyncio.create_task(pilot.press("space"))
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            row = current(pilot.app)
            shown.append((row.render().plain.split()[1], row.qs.done, row.pending))
            if row.qs.done == 1 and row.pending == 0:
                break
            await asyncio.sleep(0)
        await press
        await settle(pilot)
        counts = [count for count, _done, _pending in shown]
        assert shown[-1][1:] == (1, 0)  # saved, nothing pending
        first = counts.index(f"1/{target}")  # the pending check-in, shown at once
        assert set(counts[first:]) == {f"1/{target}"}  # and never taken back on the way
        assert current(pilot.app).render().plain.split()[1] == f"1/{target}"


async def test_the_footer_is_rebuilt_only_when_its_keys_change(monkeypatch):
    builds = []
    compose = KeysFooter.compose

    def counted(self):
        builds.append(self)
        yield from compose(self)

    monkeypatch.setattr(KeysFooter, "compose", counted)
    services = starter(make_services())
    async with open_app(services, size=(120, 30)) as pilot:
        await settle(pilot)
        footer = pilot.app.today_screen.query_one(KeysFooter)
        keys = [key.key for key in footer.query(FooterKey)]
        assert "space" in keys and "question_mark" in keys
        before = len(builds)
        await pilot.press("space")  # a check-in: the state reloads, the keys stay the same
        await settle(pilot)
        await pilot.press("down")
        await settle(pilot)
        assert len(builds) == before
        later = [key for key in footer.query(FooterKey) if key.action == "later"]
        assert later and later[0].has_class("-disabled")  # today: no later day to go to
        await pilot.press("left")  # a past day: → can go back toward today
        await settle(pilot)
        assert len(builds) > before
        later = [key for key in footer.query(FooterKey) if key.action == "later"]
        assert later and not later[0].has_class("-disabled")
