"""The Today list: quests grouped under their tip, one row each, with the not-due fold.

The screen sets `QuestList.show(state)`; rows render the `QuestState` the services
returned.  Colours come from component classes styled in app.tcss with theme variables.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.message import Message
from textual.widgets import ListItem, ListView, Static

from netquest.i18n import N_, _
from netquest.idwords import cadence_words
from netquest.services import QuestState, State
from netquest.structs import Struct
from netquest.text import cell_width, fit, inert, plain
from netquest.tui.widgets.parts import RowParts, shared_part_style
from netquest.wording import period_progress, quest_title, short_units, tip_title

BAR_CELLS = 5
_EIGHTHS = "▏▎▍▌▋▊▉█"


def meter(fraction: float, cells: int) -> tuple[str, str]:
    """(filled, empty) parts of a small bar in eighth blocks."""
    fraction = min(1.0, max(0.0, fraction))
    full, part = divmod(round(fraction * cells * 8), 8)
    filled = "█" * full + (_EIGHTHS[part - 1] if part else "")
    return filled, "─" * (cells - cell_width(filled))


class Columns(Struct, frozen=True):
    """Cell widths of a row at one terminal width; the title takes what is left."""

    title: int
    cadence: int
    done: int = 8  # "10/12", or a period quest's "1/2 wk"
    streak: int = 7
    bar: int = 8  # the strength bar (BAR_CELLS) and its gap, under the title "strength"
    xp: int = 5

    @classmethod
    def fit(cls, width: int) -> "Columns":
        """Columns that do not fit fold away, the cadence first, then the strength bar: the
        done count, the title, the streak and the XP stay down to a phone's 50 columns."""
        cadence = 12 if width >= 64 else 0
        bar = cls.bar if width >= 56 else 0
        fixed = 2 + cls.done + 1 + (cadence + 1 if cadence else 0) + cls.streak + bar + cls.xp
        return cls(title=max(8, width - fixed), cadence=cadence, bar=bar)


def _cell(text: str, width: int, right: bool = False) -> str:
    text = fit(text, width)
    gap = " " * (width - cell_width(text))
    return gap + text if right else text + gap


def title_cell(title: str, width: int) -> Text:
    """A title cut and padded to exactly `width` cells.  Our `fit`, not Rich's truncate:
    where a wide character would be halved Rich leaves a space before the ellipsis
    ("每 …"); `fit` ends on the last whole character ("每…") and pads after it."""
    return plain(_cell(inert(title), width))


def header_text(width: int) -> Text:
    """The column titles above the list, aligned with the rows."""
    c = Columns.fit(width)
    cells = [" " * 2 + _cell(_("done"), c.done), _cell(_("quest"), c.title) + " "]
    if c.cadence:
        cells.append(_cell(_("cadence"), c.cadence) + " ")
    cells.append(_cell(_("streak"), c.streak))
    if c.bar:
        cells.append(_cell(_("strength"), c.bar))
    cells.append(_cell("XP", c.xp, right=True))
    if all(cell_width(cell) == len(cell) for cell in cells):
        return Text("".join(cells))
    # Wide titles: each column its own span (styles that change nothing), so a screenshot's
    # SVG places every column at its own cell instead of spreading one long run of text.
    out = Text()
    for i, cell in enumerate(cells):
        out.append(cell, style=("not bold", "not italic")[i % 2])
    return out


class ColumnTitles(Static):
    """Column names aligned with the rows below."""

    def render(self) -> Text:
        return header_text(self.content_size.width or 78)


def tally(group: list[QuestState]) -> tuple[int, int]:
    """(done, due) of a tip's quests, counted as the player bar counts the day: a quest
    skipped or not due that day is not due, however it shows in the list."""
    due = [qs for qs in group if qs.due]
    return sum(qs.complete for qs in due), len(due)


def progress(qs: QuestState, pending: int = 0) -> tuple[str, bool, bool]:
    """(what the done column says, whether the quest is complete, whether the viewed day's
    part is done) with `pending` check-ins that the services have not answered yet counted in.

    A day quest counts the viewed day toward its target ("2/3"); a weekly, monthly or
    every-N-days quest counts the days of its period toward what the period needs
    ("1/2 wk"), as the command line does.  Such a quest is complete only when its period
    is met: a day that already counts is its part for the day, not a check mark beside 1/2.
    """
    quest, period = qs.quest, qs.streak.period
    done = qs.done + pending
    day_done = qs.done >= quest.target or done >= quest.target
    if quest.cadence.is_day_cadence or period is None:
        return f"{done}/{quest.target}", qs.complete or day_done, day_done
    days = period.done_days
    if not qs.skipped and qs.done < quest.target <= done:
        days += 1  # the pending check-in makes the viewed day count; a second one adds no day
    complete = period.met or (period.needed >= 1 and days >= period.needed)
    return period_progress(days, period.needed, quest.cadence.unit), complete, day_done


class TipHeader(ListItem):
    """A tip's title above its quests; never highlighted."""

    def __init__(self, tip: int, done: int, due: int) -> None:
        super().__init__(disabled=True, classes=f"tip-header -tip-{tip}")  # -tip-N: its game colour
        self.tip, self.done, self.due = tip, done, due

    def render(self) -> Text:
        text = Text(f"{self.tip} · {tip_title(self.tip)}", style="bold")
        tally_text = "  " + (_("{done}/{due} done").format(done=self.done, due=self.due)
                             if self.due else _("nothing due"))
        text.append(tally_text, style="not bold")
        return text


class FoldRow(ListItem):
    """The line that shows or hides the quests that are not due on the viewed day."""

    def __init__(self, count: int, open_: bool) -> None:
        super().__init__(classes="fold-row")
        self.count, self.open = count, open_

    def render(self) -> Text:
        arrow = "▾" if self.open else "▸"
        if self.open:
            text = _("{n} not due on this day  (f or enter to hide)")
        else:
            text = _("{n} not due on this day  (f or enter to show)")
        return Text(f"{arrow} " + text.format(n=self.count))


class QuestRow(ListItem):
    """One quest: done/target, title, cadence, streak, strength bar and the XP it will give."""

    # Its colours are the list's component classes (QuestList.ROW_PARTS), resolved once for
    # all rows rather than once per row on every restyle.

    @dataclass
    class Activated(Message):
        """The row was double-clicked, or tapped in a browser: check it in."""

        row: "QuestRow"

    def __init__(self, qs: QuestState) -> None:
        super().__init__(classes="quest-row")
        self.qs = qs
        self.pending = 0  # check-ins sent to the services whose result has not come back yet

    @property
    def quest_id(self) -> str:
        return self.qs.quest.id

    def update(self, qs: QuestState, pending: int = 0) -> None:
        # Kept whatever it holds (a quest's reminder is not compared, and not drawn);
        # redrawn only when what the row shows changed (a reload that changed nothing here,
        # Today's first state set over the one it was built with).
        unchanged = qs == self.qs and pending == self.pending
        self.qs, self.pending = qs, pending
        if not unchanged:
            self.set_class(not qs.due, "-not-due")
            self.refresh()

    def add_pending(self, n: int) -> None:
        self.pending = max(0, self.pending + n)
        self.refresh()

    def render(self) -> Text:
        background = self.background_colors[1]

        def style(name: str):
            return shared_part_style(self.parent, f"quest-row--{name}", background)

        qs = self.qs
        quest = qs.quest
        c = Columns.fit(self.content_size.width or 78)
        count, complete, day_done = progress(qs, self.pending)
        if qs.skipped:
            mark, mark_style = "–", "dim"
        elif complete:
            mark, mark_style = "✓", style("done")
        elif day_done:  # the day counts toward the period, which needs more days
            mark, mark_style = "◐", style("done")
        elif qs.at_risk and qs.due:
            mark, mark_style = "!", style("risk")
        else:
            mark, mark_style = "○", style("open")
        row = Text(no_wrap=True, overflow="ellipsis")
        row.append(mark + " ", style=mark_style)
        if qs.skipped:
            count = _("skip")
        count_style = style("pending") if self.pending else mark_style
        row.append(_cell(count, c.done), style=count_style)
        row.append_text(title_cell(quest_title(quest), c.title))
        row.append(" ")
        if c.cadence:
            row.append(_cell(cadence_words(quest.cadence), c.cadence) + " ",
                       style=style("dim"))
        streak = short_units(qs.streak.current, qs.streak.unit) if qs.streak.current else "·"
        streak_style = style("risk") if qs.at_risk else style("streak")
        row.append(_cell(streak, c.streak), style=streak_style)
        if c.bar:
            filled, empty = meter(qs.strength, BAR_CELLS)
            row.append(filled, style=style("bar"))
            row.append(empty + " " * (c.bar - BAR_CELLS), style=style("bar-empty"))
        # A skipped day earns nothing; a done row shows · whether it is due or folded away.
        xp = f"+{qs.next_xp}" if qs.next_xp and not (qs.skipped or complete) else "·"
        row.append(_cell(xp, c.xp, right=True), style=style("xp"))
        return row

    def on_click(self, event: events.Click) -> None:
        # In a terminal one click only moves the highlight (the mouse also selects and
        # scrolls there); in a browser, on a phone or a tablet, a tap is the only key at hand.
        if event.chain >= 2 or getattr(self.app, "tap_checks_in", False):
            self.post_message(self.Activated(self))


class QuestList(RowParts, ListView, inherit_bindings=False):
    """The list of Today; Enter is left to the screen, which checks in."""

    # The rows' colours (app.tcss: `QuestList > .quest-row--done`…), drawn by each QuestRow.
    COMPONENT_CLASSES = {
        "quest-row--done", "quest-row--open", "quest-row--risk", "quest-row--streak",
        "quest-row--bar", "quest-row--bar-empty", "quest-row--xp", "quest-row--dim",
        "quest-row--pending",
    }

    BINDINGS = [
        Binding("up,k", "cursor_up", N_("Up"), show=False),
        Binding("down,j", "cursor_down", N_("Down"), show=False),
        Binding("home", "first", N_("First"), show=False),
        Binding("end", "last", N_("Last"), show=False),
    ]

    def watch_has_focus(self, has_focus: bool) -> None:
        # Focused while its screen is still being built (before the screen's first resume,
        # which restyles every widget of it right after): styling the whole list for the
        # focus here as well would only do the same work twice before the first frame.
        if self.screen.stack_updates:
            super().watch_has_focus(has_focus)

    def action_first(self) -> None:
        self._move_to(range(len(self)))

    def action_last(self) -> None:
        self._move_to(range(len(self) - 1, -1, -1))

    def _move_to(self, indexes) -> None:
        for i in indexes:
            if not self._nodes[i].disabled:
                self.index = i
                return

    @property
    def rows(self) -> list[QuestRow]:
        return [node for node in self._nodes if isinstance(node, QuestRow)]

    def row_for(self, quest_id: str) -> QuestRow | None:
        for row in self.rows:
            if row.quest_id == quest_id:
                return row
        return None

    @property
    def current_row(self) -> QuestRow | None:
        child = self.highlighted_child
        return child if isinstance(child, QuestRow) else None

    @staticmethod
    def split(state: State) -> tuple[list[QuestState], list[QuestState]]:
        """(shown under the tips, folded): a quest skipped or worked on that day stays in view."""
        top = [qs for qs in state.quests if qs.due or qs.skipped or qs.done]
        top.sort(key=lambda qs: qs.quest.tip)  # stable: keeps the services' order within a tip
        return top, [qs for qs in state.quests if qs not in top]

    @classmethod
    def layout_of(cls, state: State, show_not_due: bool) -> list[tuple]:
        """The items the list shows for a state, as keys: equal keys mean rows update in place."""
        keys: list[tuple] = []
        tip = None
        top, not_due = cls.split(state)
        for qs in top:
            if qs.quest.tip != tip:
                tip = qs.quest.tip
                keys.append(("tip", tip))
            keys.append(("quest", qs.quest.id))
        if not_due:
            keys.append(("fold", show_not_due))
            if show_not_due:
                keys.extend(("quest", qs.quest.id) for qs in not_due)
        return keys

    @classmethod
    def items_for(cls, state: State, show_not_due: bool) -> tuple[list[tuple], list[ListItem]]:
        """(the layout's keys, new items for them): the list's content for `state`."""
        keys = cls.layout_of(state, show_not_due)
        top, not_due = cls.split(state)
        by_id = {qs.quest.id: qs for qs in state.quests}
        items: list[ListItem] = []
        for key in keys:
            if key[0] == "tip":
                group = [qs for qs in top if qs.quest.tip == key[1]]
                items.append(TipHeader(key[1], *tally(group)))
            elif key[0] == "fold":
                items.append(FoldRow(len(not_due), key[1]))
            else:
                row = QuestRow(by_id[key[1]])
                row.set_class(not by_id[key[1]].due, "-not-due")
                items.append(row)
        return keys, items

    @classmethod
    def of(cls, state: State, show_not_due: bool, **kw) -> "QuestList":
        """A list built with its rows, so the screen's first frame already shows them."""
        keys, items = cls.items_for(state, show_not_due)
        quests = cls(*items, **kw)
        quests._keys = keys
        return quests

    async def show(self, state: State, show_not_due: bool) -> None:
        """Show `state`: update rows in place when the layout is unchanged, else rebuild."""
        if self.layout_of(state, show_not_due) == getattr(self, "_keys", None):
            top = self.split(state)[0]
            by_id = {qs.quest.id: qs for qs in state.quests}
            for node in self._nodes:
                if isinstance(node, QuestRow):
                    node.update(by_id[node.quest_id])
                elif isinstance(node, TipHeader):
                    node.done, node.due = tally([qs for qs in top if qs.quest.tip == node.tip])
                    node.refresh()
            return
        keep = self.current_row.quest_id if self.current_row else None
        old_index = self.index or 0
        self._keys, items = self.items_for(state, show_not_due)
        with self.app.batch_update():
            await self.clear()
            await self.extend(items)
        target = next((i for i, it in enumerate(items)
                       if isinstance(it, QuestRow) and it.quest_id == keep), None)
        if target is None:
            target = min(old_index, len(items) - 1) if items else None
        if target is not None:
            self._move_to(list(range(target, len(items))) + list(range(target - 1, -1, -1)))
