"""Reach out, under the quests of Today: the people whose keep-in-touch interval ran out.

The screen sets `ReachOut.show(people)` and, once the quests are laid out, `ReachOut.fit(rows)`
with the rows it can spare: at least `SHOWN` people, more when Today has empty rows.
Choosing a row posts `ReachOut.Chosen` with the person's id, and the screen opens their
page.  Hidden while nobody is overdue.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Label, ListItem, ListView

from netquest.i18n import N_, _
from netquest.services.people_model import PersonView
from netquest.text import cell_width, fit, inert
from netquest.tui.widgets.parts import RowParts
from netquest.wording import overdue_words

SHOWN = 3  # always this many (when there are), however long the list of quests
NAME_CELLS = 28


class ReachRow(ListItem):
    """One person: name, how overdue, stage."""

    # Its colours are the list's component classes (ReachList), resolved once for all rows.

    def __init__(self, person: PersonView) -> None:
        super().__init__(classes="reach-row")
        self.person = person

    def render(self) -> Text:
        p = self.person
        name = fit(inert(p.name), NAME_CELLS)
        row = Text(no_wrap=True, overflow="ellipsis")
        row.append(name + " " * (NAME_CELLS - cell_width(name) + 2))
        late = overdue_words(p.overdue)
        late += " " * max(0, 18 - cell_width(late))
        row.append(late, style=self.parent.part("reach-row--late", self))
        row.append(inert(p.stage_title), style=self.parent.part("reach-row--stage", self))
        return row


class ReachList(RowParts, ListView, inherit_bindings=False):
    """The rows; Enter or space opens the person (space must not check in a quest from here)."""

    COMPONENT_CLASSES = {"reach-row--late", "reach-row--stage"}  # drawn by each ReachRow

    BINDINGS = [
        Binding("enter,space", "select_cursor", N_("Open"), show=False),
        Binding("up,k", "cursor_up", N_("Up"), show=False),
        Binding("down,j", "cursor_down", N_("Down"), show=False),
    ]


class ReachOut(Vertical):
    """The "Reach out" section: a title line and the most overdue people, as many as fit."""

    @dataclass
    class Chosen(Message):
        """The player picked someone to reach out to."""

        person_id: str

    def __init__(self, people: list[PersonView] = (), **kw) -> None:
        super().__init__(**kw)
        self.limit = SHOWN
        self.everyone: list[PersonView] = list(people)  # every overdue person, most overdue first
        self.people: list[PersonView] = self.everyone[:SHOWN]  # the rows shown

    def compose(self) -> ComposeResult:
        yield Label(self._title(), id="reach-title")
        yield ReachList(*(ReachRow(p) for p in self.people), id="reach-list")

    def on_mount(self) -> None:
        self.display = bool(self.people)

    def _title(self) -> str:
        if len(self.everyone) > len(self.people):
            return _("Reach out · {n} in all  (tab, then enter opens)").format(n=len(self.everyone))
        return _("Reach out  (tab, then enter opens)")

    async def fit(self, rows: int) -> bool:
        """Show as many people as `rows` allows (never fewer than SHOWN); whether that changed."""
        limit = max(SHOWN, rows)
        everyone = len(self.everyone)
        changed = min(limit, everyone) != min(self.limit, everyone)
        self.limit = limit
        if changed:
            await self.show(self.everyone)
        return changed

    async def show(self, people: list[PersonView]) -> None:
        self.everyone = list(people)
        shown = list(people[:self.limit])
        self.display = bool(shown)
        rows = self.query_one(ReachList)
        if [p.id for p in shown] == [p.id for p in self.people]:
            for row, person in zip(rows.query(ReachRow), shown):
                row.person = person
                row.refresh()
        else:
            index = rows.index
            await rows.clear()
            await rows.extend(ReachRow(p) for p in shown)
            if shown:
                rows.index = min(index or 0, len(shown) - 1)
        self.people = shown
        self.query_one("#reach-title", Label).update(self._title())

    @on(ListView.Selected, "#reach-list")
    def _selected(self, event: ListView.Selected) -> None:
        event.stop()
        if isinstance(event.item, ReachRow):
            self.post_message(self.Chosen(event.item.person.id))
