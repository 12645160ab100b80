"""The header of Today: viewed day, level, XP bar, day streak, banked freezes and the weekly
challenge."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.reactive import reactive
from textual.widgets import Label, ProgressBar

from netquest.i18n import _
from netquest.services import State
from netquest.wording import challenge_text, day_label, units


class PlayerBar(Vertical):
    """Shows the player's standing; the screen sets `state`."""

    state: reactive[State | None] = reactive(None, always_update=True, init=False)

    def compose(self) -> ComposeResult:
        yield Label(_("Loading…"), id="day-line")
        with Horizontal(id="stats-line"):
            yield Label("", id="level")
            yield ProgressBar(total=100, show_eta=False, show_percentage=False, id="xp-bar")
            yield Label("", id="xp-text")
            yield Label("", id="day-streak")
            yield Label("", id="freezes")
        yield Label("", id="challenge-line", classes="-none")

    def watch_state(self, state: State | None) -> None:
        if state is None:
            return
        past = state.day != state.today
        day = self.query_one("#day-line", Label)
        label = day_label(state.day, state.today)
        line = Text(_("◀ Past day: {day}").format(day=label) if past else label)
        due = state.due
        tally = _("{done}/{due} due done").format(done=len(state.due_done), due=len(due))
        line.append("   " + (tally if due else _("nothing due")))
        if past:
            line.append("   " + _("→ today"))
        day.update(line)
        day.set_class(past, "-past")
        level = state.level
        self.query_one("#level", Label).update(_("Level {level}").format(level=level.level))
        bar = self.query_one("#xp-bar", ProgressBar)
        bar.update(total=max(1, level.xp_for_next_level), progress=level.xp_into_level)
        # The labels beside the bar get their text here, so the bar narrows. Textual rounds the
        # filled part to the bar's width when it is set: set it again once the new layout is in
        # place, so the bar looks the same however fast the screen was laid out.
        self.call_after_refresh(_redraw, bar)
        self.query_one("#xp-text", Label).update(
            f"{level.xp_into_level}/{level.xp_for_next_level} XP"
        )
        streak = state.day_streak
        self.query_one("#day-streak", Label).update(f"🔥 {units(streak.current, 'day')}")
        self.query_one("#freezes", Label).update(f"❄ {streak.freezes}")
        challenge = self.query_one("#challenge-line", Label)
        challenge.set_class(state.challenge is None or not state.quests, "-none")
        if state.challenge is not None:
            challenge.update(challenge_text(state.challenge))


def _redraw(bar: ProgressBar) -> None:
    for part in bar.query("Bar"):
        part.percentage = bar.percentage  # type: ignore[attr-defined]
