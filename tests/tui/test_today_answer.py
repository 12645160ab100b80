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


async def test_a_check_in_shows_the_state_it_saved_at_the_token_of_its_own_write(
        tmp_path, monkeypatch):
    """The answer carries the state read in the check-in's own session and the file's change
    token taken under its lock: the poll does not read the app's own write again, and a write
    by another process after it is still a change."""
    from netquest.tui.screens.today import TodayScreen

    monkeypatch.setattr(TodayScreen, "badges_of", lambda *a, **k: None)  # no second write
    services = starter(make_services(tmp_path / "nq.json"))
    reads = []
    state = services.quests.state
    monkeypatch.setattr(services.quests, "state", lambda *a, **k: reads.append(1) or state(*a, **k))
    async with open_app(services, size=(100, 30)) as pilot:
        await settle(pilot)
        qid = current(pilot.app).quest_id
        reads.clear()
        await pilot.press("space")
        await settle(pilot)
        today = pilot.app.today_screen
        assert reads == []  # the state came with the answer
        assert [q.done for q in today.state.quests if q.quest.id == qid] == [1]
        assert today.token == services.change_token()  # the token of the app's own write
        pilot.app.poll()
        await settle(pilot)
        assert reads == []  # its own write is not news
        other = make_services(tmp_path / "nq.json")
        other.quests.checkin(qid)
        pilot.app.poll()
        await settle(pilot)
        assert reads and [q.done for q in today.state.quests if q.quest.id == qid] == [2]
