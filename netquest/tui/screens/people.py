"""People: everyone the quests bring you to, in a table to sort, filter and act on.

The services filter and sort; the screen keeps the filter, the stage and the sort order and
asks again whenever one of them, or the data file, changes.
"""

from __future__ import annotations

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.reactive import reactive
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Input, Label, Select
from textual.worker import get_current_worker

from netquest.i18n import N_, _, ngettext
from netquest.rules.people import STAGES
from netquest.services.people_model import SORTS, PersonView
from netquest.text import fit, inert
from netquest.tui.filewatch import DATA_ERRORS, guard_reads
from netquest.tui.screens import SCREENS_CSS
from netquest.tui.screens.person import STAGE_KEYS, PersonActions, PersonScreen, footer_fits
from netquest.tui.widgets.file_problem import FileProblem
from netquest.wording import overdue_words

NAME_CELLS = 28
WHERE_CELLS = 40
NARROWEST = 12  # name and where are cut to no less than this before the table scrolls
GAP = 2  # the table's padding around each cell
# Column key, title, and the sort a click on its header asks for.
COLUMNS = (
    ("name", N_("Name"), "name"),
    ("stage", N_("Stage"), "stage"),
    ("last_contact", N_("Last contact"), "last_contact"),
    ("interval", N_("Every"), "overdue"),
    ("overdue", N_("Due"), "overdue"),
    ("where", N_("From · tags"), None),
)
SORT_WORDS = {
    "name": N_("name"), "stage": N_("stage"), "last_contact": N_("last contact"),
    "overdue": N_("most overdue"),
}


def column_widths(labels: list[Text], rows: list[list[Text]], room: int) -> list[int]:
    """Each column as wide as its widest cell or title; when the row is wider than `room`,
    the name and the where columns (first and last) give way, down to NARROWEST, so that
    the short columns (stage, dates, due) are never cut."""
    widths = [max([label.cell_len, *(row[i].cell_len for row in rows)])
              for i, label in enumerate(labels)]
    over = sum(w + GAP for w in widths) - room + 1  # +1: the scrollbar's edge
    for i in (len(widths) - 1, 0):
        if over <= 0:
            break
        give = min(over, max(0, widths[i] - max(NARROWEST, labels[i].cell_len)))
        widths[i] -= give
        over -= give
    return widths


class PeopleScreen(PersonActions, Screen[None]):
    """The people table; Enter opens a person, a/e add and edit, > and < move their stage."""

    CSS_PATH = SCREENS_CSS

    BINDINGS = [
        Binding("escape,q", "back", N_("Back"), id="people.back"),
        Binding("enter", "open", N_("Open"), id="people.open",
                tooltip=N_("Open the person's page")),
        Binding("a", "add", N_("Add"), id="people.add", tooltip=N_("Add a person")),
        Binding("e", "edit", N_("Edit"), id="people.edit",
                tooltip=N_("Edit the highlighted person")),
        *STAGE_KEYS,
        Binding("D,delete", "delete", N_("Delete"), id="people.delete",
                tooltip=N_("Delete the highlighted person")),
        Binding("s", "sort", N_("Sort"), id="people.sort",
                tooltip=N_("Sort by name, stage, last contact or overdue")),
        Binding("slash", "filter", N_("Filter"), id="people.filter",
                tooltip=N_("Filter by name, where, tag or note")),
        Binding("0", "stage_filter(0)", N_("All stages"), show=False),
        *[Binding(str(i), f"stage_filter({i})", title, show=False)
          for i, (_, title) in enumerate(STAGES, 1)],
    ]

    sort: reactive[str] = reactive("name", init=False)

    def __init__(self, services) -> None:
        super().__init__()
        self.services = services
        self.shown: list[PersonView] = []
        self.everyone: list[PersonView] = []

    def compose(self) -> ComposeResult:
        yield FileProblem(id="file-problem")
        with Horizontal(id="people-bar"):
            yield Input(placeholder=_("/ filter: name, where, tag, note"), id="people-filter",
                        compact=True)
            yield Select([(f"{i} {_(title)}", sid) for i, (sid, title) in enumerate(STAGES, 1)],
                         prompt="0 " + _("All stages"), id="people-stage", compact=True)
        yield Label(_("Loading…"), id="people-count")
        yield DataTable(id="people-table", cursor_type="row", zebra_stripes=True)
        yield Label("", id="people-empty")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(DataTable).focus()
        self.reload()

    def on_resize(self) -> None:
        footer_fits(self)
        if self.shown:
            self.show(self.everyone, self.shown)  # the name and where columns take the new width

    # ------------------------------------------------------------------ loading
    @property
    def stage(self) -> str | None:
        value = self.query_one("#people-stage", Select).value
        return None if value is Select.NULL else value

    @property
    def text(self) -> str:
        return self.query_one("#people-filter", Input).value

    def reload(self) -> None:
        self._load(self.stage, self.text, self.sort)

    @work(thread=True, exclusive=True, group="people")
    def _load(self, stage: str | None, text: str, sort: str) -> None:
        try:
            guard_reads(self.app)
            everyone = self.services.people.list(sort=sort)
            filtered = stage or text.strip()
            shown = (self.services.people.list(stage=stage, text=text, sort=sort) if filtered
                     else everyone)
        except DATA_ERRORS as exc:
            self.app.call_from_thread(self.notify, inert(str(exc)), severity="error", markup=False)
            return
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self.show, everyone, shown)

    def show(self, everyone: list[PersonView], shown: list[PersonView]) -> None:
        self.everyone, self.shown = everyone, shown
        table = self.query_one(DataTable)
        keep = self.current_person.id if self.current_person else None
        warning = self.app.theme_variables.get("warning", "yellow")
        labels = []
        for key, title, sort in COLUMNS:
            label = Text(_(title), style="bold")
            if sort == self.sort and key != "interval":
                label.append(" ▾")
            labels.append(label)
        rows = [self.cells(p, warning) for p in shown]
        widths = column_widths(labels, rows, table.size.width or self.size.width)
        for row in rows:
            for i in (0, len(COLUMNS) - 1):  # name and where: cut to their column, with an ellipsis
                row[i] = Text(fit(row[i].plain, widths[i]), style=row[i].style)
        # Widths are set here, not left to the table: rebuilt from a worker, the table drew
        # its header at the titles' widths before it measured the rows, and kept it so.
        table.clear(columns=True)
        for (key, _title, _sort), label, width in zip(COLUMNS, labels, widths):
            table.add_column(label, key=key, width=width)
        for p, row in zip(shown, rows):
            table.add_row(*row, key=p.id)
        if keep is not None and any(p.id == keep for p in shown):
            table.move_cursor(row=table.get_row_index(keep), animate=False)
        n = len(everyone)
        if len(shown) != n:
            line = ngettext("{shown} of {n} person · sorted by {sort}",
                            "{shown} of {n} people · sorted by {sort}", n)
        else:
            line = ngettext("{n} person · sorted by {sort}", "{n} people · sorted by {sort}", n)
        line = line.format(shown=len(shown), n=n, sort=_(SORT_WORDS[self.sort]))
        cooling = sum(p.cooling for p in everyone)
        if cooling:
            line += _(" · {n} to reach out").format(n=cooling)
        self.query_one("#people-count", Label).update(line)
        empty = self.query_one("#people-empty", Label)
        empty.display = not shown
        empty.update(_("Nobody matches this filter.") if everyone else
                     _("No people yet: press a to add someone, "
                       "or name people when you check in with n on Today."))
        self.refresh_bindings()

    @staticmethod
    def cells(p: PersonView, warning: str) -> list[Text]:
        """A row of Text, never str: the table would read markup in a str."""
        where = " · ".join(x for x in (p.where, ", ".join(p.tags)) if x)
        late = overdue_words(p.overdue, short=True)
        return [
            Text(fit(inert(p.name), NAME_CELLS)),
            Text(inert(p.stage_title)),
            Text(f"{p.last_contact:%Y-%m-%d}" if p.last_contact else "—",
                 style="" if p.last_contact else "dim"),
            Text(_("{n}d").format(n=p.interval) if p.interval else ""),
            Text(late, style=f"bold {warning}" if p.cooling else "dim"),
            Text(fit(inert(where), WHERE_CELLS), style="dim"),
        ]

    # ------------------------------------------------------------------ helpers
    @property
    def current_person(self) -> PersonView | None:
        table = self.query_one(DataTable)
        if not self.shown or table.row_count == 0:
            return None
        row = table.cursor_row
        return self.shown[row] if 0 <= row < len(self.shown) else None

    def check_action(self, action: str, parameters: tuple) -> bool | None:
        if action == "back":
            return True
        return super().check_action(action, parameters)

    @on(DataTable.RowHighlighted)
    def _highlighted(self) -> None:
        self.refresh_bindings()

    # ------------------------------------------------------------------ actions
    def action_back(self) -> None:
        if isinstance(self.focused, (Input, Select)):
            self.query_one(DataTable).focus()  # Esc leaves the filter first
        else:
            self.app.pop_screen()

    @on(DataTable.RowSelected)
    def action_open(self) -> None:
        person = self.current_person
        if person is not None:
            self.app.push_screen(PersonScreen(self.services, person.id))

    def action_sort(self) -> None:
        self.sort = SORTS[(SORTS.index(self.sort) + 1) % len(SORTS)]

    def watch_sort(self) -> None:
        self.reload()

    @on(DataTable.HeaderSelected)
    def _header(self, event: DataTable.HeaderSelected) -> None:
        sort = dict((key, sort) for key, _, sort in COLUMNS).get(str(event.column_key.value))
        if sort:
            self.sort = sort

    def action_filter(self) -> None:
        self.query_one("#people-filter", Input).focus()

    def action_stage_filter(self, number: int) -> None:
        select = self.query_one("#people-stage", Select)
        if number == 0:
            select.clear()
        else:
            select.value = STAGES[number - 1][0]

    @on(Input.Changed, "#people-filter")
    @on(Select.Changed, "#people-stage")
    def _filter_changed(self) -> None:
        self.reload()

    @on(Input.Submitted, "#people-filter")
    def _filter_done(self) -> None:
        self.query_one(DataTable).focus()
