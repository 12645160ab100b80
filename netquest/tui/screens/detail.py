"""Quest detail: a year of check-ins as a calendar, streaks, strength over time, weekdays, and
the log of every check-in, where one can be deleted or corrected."""

from __future__ import annotations

from functools import partial

from rich.style import Style
from rich.table import Table
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.color import Color
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Label, Sparkline, Static
from textual.worker import get_current_worker

from netquest.i18n import N_, _, ngettext
from netquest.idwords import cadence_words
from netquest.services import QuestDetail
from netquest.services.model import LogEntry
from netquest.text import cell_width, fit, inert, one_line, pad, plain
from netquest.tui.filewatch import DATA_ERRORS, guard_reads
from netquest.tui.screens import SCREENS_CSS
from netquest.tui.screens.dialogs import checkin_question
from netquest.tui.widgets.file_problem import FileProblem
from netquest.tui.widgets.heatmap import Heatmap
from netquest.tui.widgets.quest_list import meter
from netquest.wording import dated, quest_title, taken_back, tip_title, units, weekday_name

DAY_CELLS, COUNT_CELLS, XP_CELLS = 10, 4, 4  # "2026-03-10", "×12", "+120"


class QuestDetailScreen(Screen[None]):
    """One quest's history; loads in a worker and reloads on external changes."""

    CSS_PATH = SCREENS_CSS

    BINDINGS = [
        Binding("escape,q", "app.pop_screen", N_("Back"), id="detail.back"),
        Binding(
            "e",
            "edit_checkin",
            N_("Edit"),
            id="detail.edit",
            tooltip=N_("Change the selected check-in's count, note or people"),
        ),
        Binding(
            "delete,x",
            "delete_checkin",
            N_("Delete"),
            id="detail.delete",
            tooltip=N_("Delete the selected check-in (asks first); later ones stay as they are"),
        ),
        Binding(
            "r",
            "redo",
            N_("Redo"),
            id="detail.redo",
            show=False,
            tooltip=N_("Bring back the check-in just deleted or undone"),
        ),
        Binding(
            "question_mark", "help", N_("Help"), id="detail.help", tooltip=N_("The keys of this screen")
        ),
    ]

    def __init__(self, services, quest_id: str) -> None:
        super().__init__()
        self.services, self.quest_id = services, quest_id
        self.detail: QuestDetail | None = None
        self.entries: list[LogEntry] = []
        self._placing = False  # a reload is putting the cursor back: the page does not follow it
        # The row a reload put the cursor on: its highlight may reach the screen after the
        # reload's refresh, and is still not the user moving.
        self._placed_row: int | None = None

    def compose(self) -> ComposeResult:
        yield FileProblem(id="file-problem")
        yield VerticalScroll(Label(_("Loading…"), id="detail-loading"), id="detail-body")
        yield Footer()

    def on_mount(self) -> None:
        self.reload()

    @work(thread=True, exclusive=True, group="detail")
    def reload(self) -> None:
        try:
            guard_reads(self.app)
            detail = self.services.quests.detail(self.quest_id)
            entries = self.services.log.list(self.quest_id)
        except DATA_ERRORS as exc:
            self.app.call_from_thread(self.notify, str(exc), severity="error", markup=False)
            return
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self.show, detail, entries)

    async def show(self, detail: QuestDetail, entries: list[LogEntry]) -> None:
        selected = self.selected
        self.detail, self.entries = detail, entries
        body = self.query_one("#detail-body", VerticalScroll)
        top = body.scroll_y
        self._placing = True
        with self.app.batch_update():
            await body.remove_children()
            await body.mount_all(list(self.build(detail)))
            table = self.query_one("#detail-log", DataTable)
            self.fill_log(table)
            if selected is not None:  # the same entry stays selected after a reload
                row = next((i for i, e in enumerate(entries) if e.seq == selected.seq), None)
                if row is not None:
                    table.move_cursor(row=row, animate=False)
            self._placed_row = table.cursor_row
            table.focus(
                scroll_visible=False
            )  # the log's keys work at once; the page stays at its top
            body.scroll_to(y=top, animate=False)
        self.refresh_bindings()
        self.call_after_refresh(self._placed)

    def _placed(self) -> None:
        self._placing = False

    # ------------------------------------------------------------------ the log
    @property
    def selected(self) -> LogEntry | None:
        tables = self.query("#detail-log").results(DataTable)
        table = next(tables, None)
        if table is None or not self.entries or not 0 <= table.cursor_row < len(self.entries):
            return None
        return self.entries[table.cursor_row]

    def fill_log(self, table: DataTable) -> None:
        """One row per check-in, newest first; the note gets what the other columns leave."""
        # The page's padding (2 a side) and two scrollbars (the page's and the log's own, 2 each).
        width = max(60, self.size.width - 8)
        # Counts and XP grow past the usual cells (a counted quest takes up to 1000 a day).
        count_cells = max([COUNT_CELLS, *(len(f"×{e.count}") for e in self.entries)])
        xp_cells = max([XP_CELLS, *(len(f"+{e.xp}") for e in self.entries)])
        rest = (
            width - DAY_CELLS - count_cells - xp_cells - 5 * 2
        )  # each column has a cell either side
        # People as wide as the longest list of names (a quest that names nobody leaves the
        # note nearly the whole row; at 80 columns a fixed third cut notes at 30 cells).
        named = max([0, *(cell_width(inert(", ".join(e.people))) for e in self.entries)])
        people_cells = max(cell_width(_("People")), min(28, rest // 3, named))
        note_cells = max(12, rest - people_cells)
        table.clear(columns=True)
        table.add_column(_("Day"), width=DAY_CELLS)
        table.add_column("×", width=count_cells)
        table.add_column("XP", width=xp_cells)
        table.add_column(_("People"), width=people_cells)
        table.add_column(_("Note"), width=note_cells)
        for e in self.entries:
            note = one_line(e.note)
            # Text, not str: DataTable would read a string's square brackets as markup.
            table.add_row(
                Text(e.day.isoformat()),
                Text(f"×{e.count}"),
                Text(f"+{e.xp}"),
                Text(fit(inert(", ".join(e.people)), people_cells), style="italic"),
                Text(fit(note, note_cells)),
                key=str(e.seq),
            )

    def on_resize(self) -> None:
        table = next(self.query("#detail-log").results(DataTable), None)
        if table is not None:
            row = table.cursor_row
            self.fill_log(table)
            table.move_cursor(row=row, animate=False)

    @on(DataTable.RowHighlighted, "#detail-log")
    def _follow(self, event: DataTable.RowHighlighted) -> None:
        """The page follows the log's cursor: the first row shows the page's top again."""
        late = False
        if not self._placing:  # the first highlight after a reload may still be its own
            late, self._placed_row = event.cursor_row == self._placed_row, None
        if self._placing or late:  # a reload or a redo, not the user moving: the page stays
            self.refresh_bindings()
            return
        if event.cursor_row == 0:
            self.query_one("#detail-body", VerticalScroll).scroll_home(animate=False)
        else:
            event.data_table.scroll_visible(animate=False)
        self.refresh_bindings()

    @on(DataTable.RowSelected, "#detail-log")
    def _selected(self) -> None:
        """Enter on a check-in edits it (help lists the log's ⏎)."""
        self.action_edit_checkin()

    def check_action(self, action: str, parameters: tuple) -> bool | None:
        if action in ("edit_checkin", "delete_checkin"):
            return self.selected is not None or None
        return True

    def _act(self, job, done) -> None:
        """Write through Today's lock (so Today shows the change too), then read this screen again."""

        def then(result) -> None:
            done(result)
            self.reload()

        self.app.today_screen.act(job, done=then)

    def action_delete_checkin(self) -> None:
        from netquest.tui.screens.dialogs import ConfirmDialog

        entry = self.selected
        if entry is None:
            return
        question = checkin_question(
            _("Delete the check-in of {title} on {day} (×{count}, {xp} XP)?"),
            entry,
            _("Later check-ins stay as they are; r brings it back while nothing else is saved."),
        )

        def answered(yes: bool | None) -> None:
            if yes:
                self._act(
                    partial(self.services.log.delete, entry.id),
                    lambda r: self.notify(
                        taken_back(r, _("Deleted")) + "\n" + _("r brings it back."), markup=False
                    ),
                )

        self.app.push_screen(ConfirmDialog(question, _("Delete")), answered)

    def action_edit_checkin(self) -> None:
        from netquest.tui.screens.dialogs import EditCheckinDialog

        entry = self.selected
        if entry is None:
            return
        dialog = EditCheckinDialog(
            entry, lambda: [p.name for p in self.services.people.list(sort="last_contact")]
        )

        def edited(answer) -> None:
            if answer is None:
                return
            # Only what was changed: a field shown inert must not be saved in its caret form.
            changes = {}
            if answer.note != dialog.note.strip():
                changes["note"] = answer.note
            if answer.people != [n.strip() for n in dialog.people.split(",") if n.strip()]:
                changes["people"] = answer.people
            if answer.count != entry.count:
                changes["count"] = answer.count
            if not changes:
                self.notify(_("Nothing changed."), markup=False)
                return
            was = ""  # an edit has no undo: what it replaced is shown, to be typed back if it was a slip
            if "note" in changes and entry.note:
                was += "\n" + _("The note was: {note}").format(note=one_line(entry.note))
            if "people" in changes and entry.people:
                was += "\n" + _("It was with: {names}").format(names=inert(", ".join(entry.people)))
            self._act(
                partial(self.services.log.edit, entry.id, **changes),
                lambda e: self.notify(
                    _("Saved the check-in of {day}: ×{count}, +{xp} XP").format(
                        day=dated(_("{wd} {dd} {mon}"), e.day), count=e.count, xp=e.xp) + was,
                    markup=False,
                    timeout=4 if not was else 15,
                ),
            )

        self.app.push_screen(dialog, edited)

    def action_redo(self) -> None:
        self._act(self.services.log.redo, self.app.today_screen.redone)

    def action_help(self) -> None:
        from netquest.tui.screens.help import HelpScreen

        self.app.push_screen(HelpScreen(self.active_bindings, _("Quest detail")))

    def build(self, d: QuestDetail):
        q = d.quest
        title = plain(quest_title(q), style="bold")
        if q.archived:
            title.append("  " + _("(archived)"), style="dim")
        yield Static(title, id="detail-title")
        yield Label(
            _("{tip} · {cadence} · target {target} · {xp} XP · since {day}").format(
                tip=tip_title(q.tip), cadence=cadence_words(q.cadence), target=q.target, xp=q.xp,
                day=dated(_("{dd} {mon} {year}"), q.start)),
            classes="dim",
        )
        yield Heatmap(
            d.counts, d.skips, q.target, d.today, d.week_start, start=q.start, id="heatmap"
        )
        streak = d.streak
        # Through Textual's Color: Rich does not know theme colour names such as ansi_green.
        good = Style(
            color=Color.parse(self.app.theme_variables.get("nq-strength", "green")).rich_color
        )
        filled, empty = meter(d.strength, 10)
        stats = Text.assemble(
            (_("Streak") + " ", "bold"),
            units(streak.current, streak.unit),
            "  ·  ",
            (_("best") + " ", "bold"),
            units(streak.best, streak.unit),
            "  ·  ",
            (_("strength") + " ", "bold"),
            f"{round(d.strength * 100)}% ",
            (filled, good),
            (empty, "dim"),
            "  ·  ",
            (_("done") + " ", "bold"),
            str(d.total),  # counts (×3 is three), not the log's check-ins
        )
        yield Static(stats, id="detail-stats")
        yield Horizontal(
            Vertical(
                Label(_("Strength, last {n} days").format(n=len(d.strength_series)), classes="dim"),
                Sparkline(d.strength_series, id="strength-spark"),
                id="strength-box",
            ),
            Static(self.weekday_table(d, good), id="weekdays"),
            id="detail-charts",
        )
        yield Label(
            ngettext("Log · {n} check-in, newest first · e edit · x delete",
                     "Log · {n} check-ins, newest first · e edit · x delete",
                     len(self.entries)).format(n=len(self.entries)),
            classes="section-title",
        )
        if not self.entries:
            yield Label(_("No check-ins yet: space on Today checks in."), classes="dim")
        yield DataTable(id="detail-log", cursor_type="row", zebra_stripes=False, cell_padding=1)

    @staticmethod
    def weekday_table(d: QuestDetail, good: Style) -> Table:
        table = Table.grid(padding=(0, 1))
        table.add_column(style="dim")
        table.add_column(no_wrap=True)
        table.add_column(justify="right")
        top = max(d.weekday_counts) or 1
        for i in range(7):
            weekday = (d.week_start + i) % 7
            n = d.weekday_counts[weekday]
            filled, _empty = meter(n / top, 10)
            table.add_row(weekday_name(weekday, short=True), Text(pad(filled, 10), style=good),
                          str(n))
        return table
