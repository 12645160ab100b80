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

from netquest.rules.people import STAGES
from netquest.services.people_model import SORTS, PersonView
from netquest.text import fit, inert
from netquest.tui.filewatch import DATA_ERRORS, guard_reads
from netquest.tui.screens.person import STAGE_KEYS, PersonActions, PersonScreen, footer_fits
from netquest.tui.widgets.file_problem import FileProblem
from netquest.wording import overdue_words

NAME_CELLS = 28
WHERE_CELLS = 40
# Column key, title, and the sort a click on its header asks for.
COLUMNS = (
    ("name", "Name", "name"),
    ("stage", "Stage", "stage"),
    ("last_contact", "Last contact", "last_contact"),
    ("interval", "Every", "overdue"),
    ("overdue", "Due", "overdue"),
    ("where", "From · tags", None),
)
SORT_WORDS = {"name": "name", "stage": "stage", "last_contact": "last contact", "overdue": "most overdue"}


class PeopleScreen(PersonActions, Screen[None]):
    """The people table; Enter opens a person, a/e add and edit, > and < move their stage."""

    BINDINGS = [
        Binding("escape", "back", "Back", id="people.back"),
        Binding("enter", "open", "Open", id="people.open", tooltip="Open the person's page"),
        Binding("a", "add", "Add", id="people.add", tooltip="Add a person"),
        Binding("e", "edit", "Edit", id="people.edit", tooltip="Edit the highlighted person"),
        *STAGE_KEYS,
        Binding("D,delete", "delete", "Delete", id="people.delete", tooltip="Delete the highlighted person"),
        Binding("s", "sort", "Sort", id="people.sort", tooltip="Sort by name, stage, last contact or overdue"),
        Binding("slash", "filter", "Filter", id="people.filter", tooltip="Filter by name, where, tag or note"),
        Binding("0", "stage_filter(0)", "All stages", show=False),
        *[Binding(str(i), f"stage_filter({i})", title, show=False) for i, (_, title) in enumerate(STAGES, 1)],
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
            yield Input(placeholder="/ filter: name, where, tag, note", id="people-filter", compact=True)
            yield Select([(f"{i} {title}", sid) for i, (sid, title) in enumerate(STAGES, 1)],
                         prompt="0 All stages", id="people-stage", compact=True)
        yield Label("Loading…", id="people-count")
        yield DataTable(id="people-table", cursor_type="row", zebra_stripes=True)
        yield Label("", id="people-empty")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(DataTable).focus()
        self.reload()

    def on_resize(self) -> None:
        footer_fits(self)

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
            shown = self.services.people.list(stage=stage, text=text, sort=sort) if stage or text.strip() else everyone
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
        table.clear(columns=True)
        for key, title, sort in COLUMNS:
            label = Text(title, style="bold")
            if sort == self.sort and key != "interval":
                label.append(" ▾")
            table.add_column(label, key=key)
        for p in shown:
            table.add_row(*self.cells(p, warning), key=p.id)
        if keep is not None and any(p.id == keep for p in shown):
            table.move_cursor(row=table.get_row_index(keep), animate=False)
        count = f"{len(shown)} of {len(everyone)}" if len(shown) != len(everyone) else str(len(everyone))
        cooling = sum(p.cooling for p in everyone)
        line = f"{count} {'person' if len(everyone) == 1 else 'people'} · sorted by {SORT_WORDS[self.sort]}"
        if cooling:
            line += f" · {cooling} to reach out"
        self.query_one("#people-count", Label).update(line)
        empty = self.query_one("#people-empty", Label)
        empty.display = not shown
        empty.update("Nobody matches this filter." if everyone else
                     "No people yet: press a to add someone, or name people when you check in with n on Today.")
        self.refresh_bindings()

    @staticmethod
    def cells(p: PersonView, warning: str) -> list[Text]:
        """A row of Text, never str: the table would read markup in a str."""
        where = " · ".join(x for x in (p.where, ", ".join(p.tags)) if x)
        late = overdue_words(p.overdue, short=True)
        return [
            Text(fit(inert(p.name), NAME_CELLS)),
            Text(inert(p.stage_title)),
            Text(f"{p.last_contact:%Y-%m-%d}" if p.last_contact else "—", style="" if p.last_contact else "dim"),
            Text(f"{p.interval}d" if p.interval else ""),
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
