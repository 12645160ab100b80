"""Today, the home screen: the player's standing and the quests due on the viewed day.

Every services call runs in a thread worker.  One lock orders the writes and the state
reload, so a check-in that is still pending is shown as pending exactly once.  The other
screens are imported when first opened: Today must draw fast on start.
"""

from __future__ import annotations

import threading
from dataclasses import replace
from datetime import date, timedelta
from functools import partial

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.reactive import reactive
from textual.screen import Screen
from textual.widgets import Footer, Label, ListView
from textual.worker import get_current_worker

from netquest import structs
from netquest.i18n import N_, _
from netquest.services import ServiceError, State
from netquest.services.errors import StoreError
from netquest.text import inert
from netquest.tui.filewatch import DATA_ERRORS, guard_writes
from netquest.tui.ready import mark_drawn
from netquest.tui.screens.today_owed import OwedWrites
from netquest.tui.screens.today_quests import QuestKeys
from netquest.tui.widgets.file_problem import FileProblem
from netquest.tui.widgets.footer import KeysFooter
from netquest.tui.widgets.player import PlayerBar
from netquest.tui.widgets.quest_list import ColumnTitles, FoldRow, QuestList, QuestRow
from netquest.tui.widgets.reach_out import ReachOut
from netquest.wording import dated, quest_title, taken_back

# The width from which a key has its place in the footer: below it the key still works, and
# check in, undo, help and quit stay in view down to a phone's 50 columns.
FOOTER_FROM = {"today.skip": 110, "today.add": 110, "today.detail": 110, "today.note": 64,
               "today.earlier": 64, "today.later": 64, "today.goal": 64, "today.people": 64,
               "today.stats": 64}

DAY = Binding.Group(N_("Day"), compact=True)
# Screens that later issues add; their keys stay hidden until the screen exists.
NEEDS_ROW = {"check_in", "note", "skip", "edit", "archive", "detail"}


class TodayScreen(QuestKeys, OwedWrites, Screen[None]):
    """Quests due on a day, grouped by tip; keys check in, undo, skip, edit and move in time."""

    BINDINGS = [
        Binding("space,enter", "check_in", N_("Check in"), id="today.checkin", tooltip=N_("Check in the highlighted quest (+1)")),
        Binding("backspace", "undo", N_("Undo"), id="today.undo",
                tooltip=N_("Take back the latest check-in (asks if this run did not make it)")),
        Binding("r", "redo", N_("Redo"), id="today.redo", show=False,
                tooltip=N_("Bring back the check-in just undone or deleted")),
        Binding("n", "note", N_("Note"), id="today.note", tooltip=N_("Check in with a note and the people you met")),
        Binding("s", "skip", N_("Skip"), id="today.skip", tooltip=N_("Skip (or unskip) the viewed day for this quest")),
        Binding("a", "add", N_("Add"), id="today.add", tooltip=N_("Add a quest")),
        Binding("e", "edit", N_("Edit"), id="today.edit", show=False, tooltip=N_("Edit the highlighted quest")),
        Binding("x", "archive", N_("Archive"), id="today.archive", show=False, tooltip=N_("Archive the highlighted quest")),
        Binding("left", "earlier", N_("Day"), id="today.earlier", group=DAY, tooltip=N_("View an earlier day to log the past")),
        Binding("right", "later", N_("Day"), id="today.later", group=DAY, tooltip=N_("Move back toward today")),
        Binding("d", "detail", N_("Detail"), id="today.detail", tooltip=N_("Open the quest's history")),
        Binding("f", "fold", N_("Not due"), id="today.fold", show=False, tooltip=N_("Show or hide the quests not due")),
        Binding("g", "goal", N_("Goal"), id="today.goal", tooltip=N_("Your networking goal")),
        Binding("p", "people", N_("People"), id="today.people", tooltip=N_("People you meet")),
        Binding("t", "stats", N_("Stats"), id="today.stats", tooltip=N_("Year heatmap, XP per week, balance, streaks")),
        Binding("y", "app.party", N_("Party"), id="today.party", show=False, tooltip=N_("Your party: friends' weeks, the party challenge, cheers")),
        Binding("comma", "app.settings", N_("Settings"), id="today.settings", show=False,
                tooltip=N_("Day start, week start, time zone and theme")),
        Binding("question_mark", "help", N_("Help"), id="today.help", tooltip=N_("Keys and rules of the game")),
    ]

    state: reactive[State | None] = reactive(None, init=False, always_update=True)
    show_not_due: reactive[bool] = reactive(False, init=False)

    def __init__(self, services, first: tuple[State, object] | None = None) -> None:
        super().__init__()
        self.services = services
        # (state, change token) read before the app started: the first frame is built from it.
        self._first = first
        self.day: date | None = None  # None follows today
        self.token = None
        self.pending: dict[str, int] = {}
        # Check-ins made in this run of the app (by identity, not seq alone: a restore winds the
        # numbers back and another terminal's next check-in may get one of ours): undo takes them back unasked.
        self.mine: set[tuple] = set()
        # Notes (and people) a refused check-in could not save, by quest: n on it offers them again.
        self.drafts: dict[str, tuple[str, str]] = {}
        self.owed: list[tuple] = []  # check-ins whose badges are not stored yet (today_owed)
        self._lock = threading.Lock()

    def compose(self) -> ComposeResult:
        yield FileProblem(id="file-problem")
        yield PlayerBar(id="player")
        yield ColumnTitles(id="columns")
        if self._first is None:
            yield QuestList(id="quests")
            yield ReachOut(id="reach-out")
        else:  # built with its rows: no second layout once the state is set on mount
            state = self._first[0]
            yield QuestList.of(state, self.show_not_due, id="quests")
            yield ReachOut(state.reach_out, id="reach-out")
        yield Label(_("No quests yet: press a to add one."), id="empty")
        yield KeysFooter()

    def on_mount(self) -> None:
        self.query_one(QuestList).focus()  # the App starts the first load once it knows the settings

    def on_resize(self) -> None:
        # At 80 columns the game's own keys need the whole footer; ctrl+p still opens the palette.
        self.query_one(Footer).show_command_palette = self.size.width >= 100
        self._fit_footer(self.size.width)
        self.call_after_refresh(self._fit_reach_out)

    def _fit_footer(self, width: int) -> None:
        """Leave out of the footer the keys it has no room for (FOOTER_FROM), so Help and Quit
        stay visible; the keys keep working."""
        changed = False
        for key, bindings in self._bindings.key_to_bindings.items():
            for i, binding in enumerate(bindings):
                show = width >= FOOTER_FROM.get(binding.id, 0)
                if binding.id in FOOTER_FROM and binding.show != show:
                    bindings[i] = replace(binding, show=show)
                    changed = True
        if changed:
            self.refresh_bindings()

    # ------------------------------------------------------------------ loading
    @work(thread=True, exclusive=True, group="load")
    def load(self, follow: bool = False) -> None:
        """Read the state of the viewed day and show it; `follow` then reloads the other screens.

        A file that breaks or vanishes leaves the last state on screen and the app's banner up."""
        with self._lock:
            loaded = self._read()
            if loaded is not None and not get_current_worker().is_cancelled:
                self.app.call_from_thread(self._loaded, *loaded, follow)

    def _read(self) -> tuple[State, object] | None:
        """(the viewed day's state, the change token it was read at), in a worker holding the
        lock; None when the read failed, which is reported."""
        token = self.services.change_token()
        try:
            lost = self.app.files.missing()
            if lost is not None:
                raise lost  # an empty read would show an empty game
            return self.services.quests.state(day=self.day), token
        except StoreError as exc:
            self.app.call_from_thread(self.app.file_broken, exc, token)
        except ServiceError as exc:
            self.app.call_from_thread(self.notify, str(exc), severity="error", markup=False)
        return None

    def _loaded(self, state: State, token, follow: bool = False) -> None:
        self.app.file_read(token, follow)
        if self.day is not None and state.day != self.day:
            return  # the viewed day moved on while this was loading
        self.token = token
        self.state = state

    async def watch_state(self, state: State) -> None:
        await self._show(state)

    async def watch_show_not_due(self) -> None:
        if self.state is not None:
            await self._show(self.state)

    async def _show(self, state: State) -> None:
        self.query_one(PlayerBar).state = state
        quests = self.query_one(QuestList)
        await quests.show(state, self.show_not_due)
        self._pend_rows()
        self.query_one("#empty").display = not state.quests
        await self.query_one(ReachOut).show(state.reach_out)
        self.call_after_refresh(self._fit_reach_out)
        self.refresh_bindings()
        self.call_after_refresh(lambda: mark_drawn(state, self.app.theme))

    async def _fit_reach_out(self) -> None:
        """Reach out takes the rows the quests leave empty: with 11 empty rows below the
        list, 3 names and "9 in all" would hide people there is room for."""
        quests, reach = self.query_one(QuestList), self.query_one(ReachOut)
        if not (reach.display and quests.children):
            return
        # The list fills its region whatever it holds: measure its rows, and take the room
        # from the screen less what else it shows (a size measured mid-layout would swing).
        used = max(row.virtual_region_with_margin.bottom for row in quests.children)
        if used == 0:
            self.call_after_refresh(self._fit_reach_out)  # not laid out yet
            return
        others = sum(w.outer_size.height for w in self.children
                     if w.display and w is not quests and w is not reach)
        title = 1
        await reach.fit(self.size.height - others - used - title)

    # ------------------------------------------------------------------ helpers
    @property
    def row(self) -> QuestRow | None:
        return self.query_one(QuestList).current_row

    @property
    def viewed_day(self) -> date | None:
        return self.state.day if self.state else None

    def check_action(self, action: str, parameters: tuple) -> bool | None:
        if action in NEEDS_ROW:
            if action == "check_in" and isinstance(self.query_one(QuestList).highlighted_child, FoldRow):
                return True
            return self.row is not None or None
        if action == "later":
            return (self.state is not None and self.state.day < self.state.today) or None
        return True

    @on(ListView.Highlighted)
    def _highlighted(self) -> None:
        self.refresh_bindings()

    @work(thread=True, group="act")
    def act(self, job, done=None, failed=None, with_state: bool = False) -> None:
        """Run one services call; `done(result)` and `failed()` run on the event loop.
        `with_state`: the call answers (result, the viewed day's state after it), so the
        state is not read again.

        Nothing is written while the data file cannot be used: the call is refused with its problem."""
        with self._lock:
            try:
                guard_writes(self.app)
                result = job()
                if with_state:
                    result, state = result
            except DATA_ERRORS as exc:
                if failed:
                    self.app.call_from_thread(failed)
                title = _("Not saved") if isinstance(exc, StoreError) else ""
                self.app.call_from_thread(self.notify, inert(str(exc)), title=title, severity="warning",
                                          markup=False)
                return
            # The state after the write, read under the same lock and shown with the answer in
            # one step: no second worker to wait for, and a row never shows the count from
            # before its check-in between the two.
            loaded = (state, self.services.written_token()) if with_state else self._read()
            self.app.call_from_thread(self._acted, done, result, loaded)

    def _acted(self, done, result, loaded: tuple[State, object] | None) -> None:
        if done:
            done(result)
        if loaded is not None:
            self._loaded(*loaded)
        else:
            self._pend_rows()  # the answer came and the state did not: drop what was pending

    def _pend(self, quest_id: str, n: int, show: bool = True) -> None:
        """Count `n` more (or fewer) check-ins pending on a quest; `show=False` leaves the row
        to the state that follows."""
        self.pending[quest_id] = max(0, self.pending.get(quest_id, 0) + n)
        row = self.query_one(QuestList).row_for(quest_id)
        if row is not None and show:
            row.add_pending(n)

    def _pend_rows(self) -> None:
        for row in self.query_one(QuestList).rows:
            row.add_pending(self.pending.get(row.quest_id, 0) - row.pending)

    # ------------------------------------------------------------------ actions
    def action_check_in(self, note: str = "", people: tuple[str, ...] = ()) -> None:
        if isinstance(self.query_one(QuestList).highlighted_child, FoldRow):
            self.show_not_due = not self.show_not_due
            return
        row = self.row
        if row is None:
            return
        qid, day = row.quest_id, self.viewed_day
        self._pend(qid, +1)  # shown at once; the services' answer follows
        self.act(partial(self.services.quests.checkin_with_state, qid, 1, note=note, people=people,
                         day=day, badges_later=True, state_day=self.day),
                 done=partial(self._checked_in, qid, people), failed=partial(self._pend, qid, -1),
                 with_state=True)

    def _checked_in(self, quest_id: str, people: tuple[str, ...], result) -> None:
        self._pend(quest_id, -1, show=False)  # the state shown with this answer counts it
        self.mine.add(result.identity)
        self.owed.append((result, people))
        # Once the row's saved result is drawn: the badges' reading must not hold it up.
        self.call_after_refresh(self.badges_of, result, people,
                                self.state.today if self.state else None)

    @work(thread=True, group="act")
    def badges_of(self, result, people: tuple[str, ...], today: date | None) -> None:
        """The badges a check-in just saved wins, then its toast, which names them: the row
        shows the saved check-in first, the toast follows once the badges are stored."""
        with self._lock:
            if not self.take_owed(result, people):
                return  # stored already: the app is quitting
            try:
                guard_writes(self.app)
                unlocked = self.services.stats.badges_after(result, people)
            except DATA_ERRORS:
                unlocked = []  # a later check-in's replay stores what this one won
        self.app.call_from_thread(self._celebrate, structs.replace(result, unlocked=unlocked), today)

    def _celebrate(self, result, today: date | None) -> None:
        from netquest.tui.screens.dialogs import celebrate

        celebrate(self, result, today=today)

    def on_quest_row_activated(self, event: QuestRow.Activated) -> None:
        self.query_one(QuestList).index = self.query_one(QuestList).children.index(event.row)
        self.action_check_in()

    def action_undo(self) -> None:
        self.undo_latest()

    @work(thread=True, group="act")
    def undo_latest(self) -> None:
        """Take back the latest check-in if this run of the app made it; an older one asks first.

        Under the write lock, so a check-in still pending is the latest one by then."""
        with self._lock:
            try:
                guard_writes(self.app)
                latest = self.services.log.latest()
                if latest is not None and latest.identity not in self.mine:
                    self.app.call_from_thread(self._ask_undo, latest)
                    return
                result = self.services.log.undo(expect=latest.seq if latest is not None else None)
            except DATA_ERRORS as exc:
                self.app.call_from_thread(self.notify, inert(str(exc)), severity="warning", markup=False)
                return
            self.app.call_from_thread(self._acted, self._undone, result, self._read())

    def _ask_undo(self, entry) -> None:
        # The dialogs load when one opens, not before Today's first frame.
        from netquest.tui.screens.dialogs import ConfirmDialog, checkin_question

        question = checkin_question(_("Undo {title} on {day} (×{count}, {xp} XP)?"), entry, _(
            "It was not made in this app since it opened (it is older, or came from another terminal): undo reaches it only when you say so."))

        def answered(yes: bool | None) -> None:
            if yes:
                self.act(partial(self.services.log.undo, expect=entry.seq), done=self._undone)

        self.app.push_screen(ConfirmDialog(question, _("Undo")), answered)

    def _undone(self, result) -> None:
        self.notify(taken_back(result, _("Undid")) + "\n" + _("r brings it back."), markup=False)

    def action_redo(self) -> None:
        self.act(self.services.log.redo, done=self.redone)

    def redone(self, result) -> None:
        e = result.entry
        line = _("Redid {title} ×{count} on {day}: +{xp} XP").format(title=inert(e.quest_title), count=e.count, day=dated(_("{wd} {dd} {mon}"), e.day), xp=e.xp)
        if result.restored:
            line += "\n" + _("Back with it: {names}").format(names=_(", ").join(inert(n) for n in result.restored))
        self.notify(line, markup=False)

    def action_note(self) -> None:
        row = self.row
        if row is None:
            return
        from netquest.tui.screens.dialogs import NoteDialog

        qid, day = row.quest_id, self.viewed_day

        def noted(entry) -> None:
            if entry is not None:
                self._pend(qid, +1)
                named = tuple(entry.people)
                self.act(partial(self.services.quests.checkin_with_state, qid, 1, note=entry.note, people=named, day=day, badges_later=True, state_day=self.day),
                         done=partial(self._noted, qid, named), failed=partial(self._note_refused, qid, entry), with_state=True)

        names = lambda: [p.name for p in self.services.people.list(sort="last_contact")]  # noqa: E731
        dialog = NoteDialog(quest_title(row.qs.quest), dated(_("for {weekday} {dd} {month} {year}"), day), names)
        dialog.note, dialog.people = self.drafts.get(qid, ("", ""))
        self.app.push_screen(dialog, noted)

    def _noted(self, quest_id: str, people: tuple[str, ...], result) -> None:
        self.drafts.pop(quest_id, None)
        self._checked_in(quest_id, people, result)

    def _note_refused(self, quest_id: str, entry) -> None:
        """What was typed is not lost with the check-in: the next n on this quest starts from it."""
        self._pend(quest_id, -1)
        if entry.note or entry.people:
            self.drafts[quest_id] = (entry.note, ", ".join(entry.people))
            self.notify(_("Your note is kept: n on this quest opens it again."), markup=False, timeout=8)

    def action_earlier(self) -> None:
        if self.state is None:
            return
        self.day = self.state.day - timedelta(days=1)
        self._move()

    def action_later(self) -> None:
        if self.state is None or self.state.day >= self.state.today:
            self.notify(_("That is today: the future cannot be logged yet."), severity="warning")
            return
        nxt = self.state.day + timedelta(days=1)
        self.day = None if nxt >= self.state.today else nxt
        self._move()

    def _move(self) -> None:
        player = self.query_one(PlayerBar)
        label = player.query_one("#day-line", Label)
        target = self.day or (self.state.today if self.state else None)
        if target is not None:
            label.update(dated(_("{weekday} {d} {month} {year} · loading…"), target))
        self.load()

    def action_detail(self) -> None:
        from netquest.tui.screens.detail import QuestDetailScreen

        row = self.row
        if row is not None:
            self.app.push_screen(QuestDetailScreen(self.services, row.quest_id))

    def action_fold(self) -> None:
        self.show_not_due = not self.show_not_due

    def action_help(self) -> None:
        from netquest.tui.screens.help import HelpScreen

        self.app.push_screen(HelpScreen(self.active_bindings))

    def action_goal(self) -> None:
        from netquest.tui.screens.goal import GoalScreen

        self.app.push_screen(GoalScreen(self.services))

    def action_people(self) -> None:
        from netquest.tui.screens.people import PeopleScreen

        self.app.push_screen(PeopleScreen(self.services))

    def on_reach_out_chosen(self, event: ReachOut.Chosen) -> None:
        from netquest.tui.screens.person import PersonScreen

        self.app.push_screen(PersonScreen(self.services, event.person_id))

    def action_stats(self) -> None:
        from netquest.tui.screens.stats import StatsScreen

        self.app.push_screen(StatsScreen(self.services))
