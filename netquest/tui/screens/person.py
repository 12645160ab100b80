"""One person's page: where they come from, their stage, introductions, keep-in-touch and the
check-ins that name them, newest first.  Also the person actions both people screens share."""

from __future__ import annotations

from functools import partial

from rich.table import Table
from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Label, Static
from textual.worker import get_current_worker

from netquest.i18n import N_, _, ngettext
from netquest.rules.people import STAGE_IDS, STAGES
from netquest.services.errors import Unknown
from netquest.services.people import PersonView, TimelineEntry
from netquest.text import inert, inert_multiline, one_line, plain
from netquest.tui.filewatch import DATA_ERRORS, guard_reads, guard_writes
from netquest.tui.screens import SCREENS_CSS
from netquest.tui.widgets.file_problem import FileProblem
from netquest.wording import dated, overdue_words, titled

STAGE = Binding.Group(N_("Stage"), compact=True)
STAGE_KEYS = [
    Binding(
        "greater_than_sign",
        "stage(1)",
        N_("Stage on"),
        group=STAGE,
        tooltip=N_("Move the person one stage on"),
    ),
    Binding(
        "less_than_sign",
        "stage(-1)",
        N_("Stage back"),
        group=STAGE,
        tooltip=N_("Move the person one stage back"),
    ),
]


def footer_fits(screen: Screen) -> None:
    """At 80 columns the screen's own keys need the whole footer; ctrl+p still opens the palette."""
    screen.query_one(Footer).show_command_palette = screen.size.width >= 100


def stage_ladder(stage: str, accent: str) -> Text:
    """The stages in order, the person's own in bold accent, those behind them plain, ahead dim."""
    rank = STAGE_IDS.index(stage)
    out = Text(no_wrap=True, overflow="ellipsis")
    for i, (sid, title) in enumerate(STAGES):
        if i:
            out.append(" › ", style="dim")
        out.append(_(title), style=f"bold {accent}" if i == rank else ("" if i < rank else "dim"))
    return out


class PersonActions:
    """Edit, move along the stages and delete the person in view, then reload what shows them.

    Mixed into a Screen that has `services`, `everyone` (all people, for the editor) and
    `current_person`, and a `reload()` worker.
    """

    services: object
    everyone: list[PersonView]

    @property
    def current_person(self) -> PersonView | None:  # pragma: no cover - each screen says
        raise NotImplementedError

    def check_action(self, action: str, parameters: tuple) -> bool | None:
        if action in ("edit", "delete", "stage", "open"):
            return self.current_person is not None or None
        return True

    @work(thread=True, group="person-act")
    def act(self, job, done=None) -> None:
        """Run one services call; `done(result)` runs on the event loop, then every screen reloads."""
        try:
            guard_writes(self.app)
            result = job()
        except DATA_ERRORS as exc:
            self.app.call_from_thread(
                self.notify, inert(str(exc)), severity="warning", markup=False
            )
            return
        if done:
            self.app.call_from_thread(done, result)
        self.app.call_from_thread(self.reload_all)

    def reload_all(self) -> None:
        """The same as on an external change: Today (for Reach out) and every screen that shows people."""
        today = getattr(self.app, "today_screen", None)
        if today is not None:
            today.load()
        for screen in self.app.screen_stack:
            if screen is not today and hasattr(screen, "reload"):
                screen.reload()

    def action_add(self) -> None:
        from netquest.tui.screens.person_editor import PersonEditor

        self.app.push_screen(
            PersonEditor(self.services, self.everyone), partial(self._saved, N_("Added {name}"))
        )

    def action_edit(self) -> None:
        from netquest.tui.screens.person_editor import PersonEditor

        person = self.current_person
        if person is not None:
            self.app.push_screen(
                PersonEditor(self.services, self.everyone, person), partial(self._saved, N_("Saved {name}"))
            )

    def _saved(self, verb: str, person: PersonView | None) -> None:
        if person is not None:
            self.notify(_(verb).format(name=inert(person.name)), markup=False)
            self.reload_all()

    def action_stage(self, step: int) -> None:
        person = self.current_person
        if person is None:
            return
        rank = STAGE_IDS.index(person.stage) + step
        if not 0 <= rank < len(STAGE_IDS):
            self.notify(_("{name} is already at {stage}").format(
                name=inert(person.name), stage=person.stage_title), markup=False)
            return
        self.act(
            partial(self.services.people.set_stage, person.id, STAGE_IDS[rank]),
            done=lambda p: self.notify(_("{name}: {stage}").format(
                name=inert(p.name), stage=p.stage_title), markup=False),
        )

    def action_delete(self) -> None:
        from netquest.tui.screens.dialogs import ConfirmDialog

        person = self.current_person
        if person is None:
            return
        before, _name, after = _("Delete {name}?").partition("{name}")
        question = Text(before).append_text(plain(person.name, style="bold"))
        question.append(after + "\n" + _("The check-ins that name them stay and lose the link to "
                                        "them; whom they introduced forget it."))

        def answered(yes: bool | None) -> None:
            if yes:
                self.act(partial(self.services.people.delete, person.id), done=self._deleted)

        self.app.push_screen(ConfirmDialog(question, _("Delete")), answered)

    def _deleted(self, result: tuple[PersonView, int]) -> None:
        person, changed = result
        said = (ngettext("Deleted {name}; {n} check-in kept without the name",
                         "Deleted {name}; {n} check-ins kept without the name", changed)
                if changed else _("Deleted {name}"))
        self.notify(said.format(name=inert(person.name), n=changed), markup=False)


class PersonScreen(PersonActions, Screen[None]):
    """Everything about one person; loads in a worker and reloads on external changes."""

    CSS_PATH = SCREENS_CSS

    BINDINGS = [
        Binding("escape,q", "app.pop_screen", N_("Back"), id="person.back"),
        Binding("e", "edit", N_("Edit"), id="person.edit", tooltip=N_("Edit this person")),
        *STAGE_KEYS,
        Binding("D,delete", "delete", N_("Delete"), id="person.delete", tooltip=N_("Delete this person")),
    ]

    def __init__(self, services, person_id: str) -> None:
        super().__init__()
        self.services, self.person_id = services, person_id
        self.person: PersonView | None = None
        self.everyone: list[PersonView] = []
        self.timeline: list[TimelineEntry] = []

    @property
    def current_person(self) -> PersonView | None:
        return self.person

    def compose(self) -> ComposeResult:
        yield FileProblem(id="file-problem")
        yield VerticalScroll(Label(_("Loading…")), id="person-body")
        yield Footer()

    def on_mount(self) -> None:
        self.reload()

    def on_resize(self) -> None:
        footer_fits(self)

    @work(thread=True, exclusive=True, group="person")
    def reload(self) -> None:
        try:
            guard_reads(self.app)
            person = self.services.people.get(self.person_id)
            introduced = self.services.people.introductions_by(person.id)
            timeline = self.services.people.timeline(person.id)
            everyone = self.services.people.list()
        except Unknown:
            self.app.call_from_thread(self._gone)
            return
        except DATA_ERRORS as exc:
            self.app.call_from_thread(self.notify, inert(str(exc)), severity="error", markup=False)
            return
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self.show, person, introduced, timeline, everyone)

    def _gone(self) -> None:
        """Deleted, here or by another process: nothing left to show."""
        if self.is_current:
            self.app.pop_screen()
        elif self in self.app.screen_stack:
            self.person = None

    async def show(
        self,
        person: PersonView,
        introduced: list[PersonView],
        timeline: list[TimelineEntry],
        everyone: list[PersonView],
    ) -> None:
        self.person, self.timeline, self.everyone = person, timeline, everyone
        body = self.query_one("#person-body", VerticalScroll)
        with self.app.batch_update():
            await body.remove_children()
            await body.mount_all(list(self.build(person, introduced, timeline)))
        self.refresh_bindings()

    def build(self, p: PersonView, introduced: list[PersonView], timeline: list[TimelineEntry]):
        colours = self.app.theme_variables
        yield Static(plain(p.name, style="bold"), id="person-name")
        yield Static(stage_ladder(p.stage, colours.get("accent", "cyan")), id="person-stage")
        yield Static(self.facts(p, introduced, colours.get("warning", "yellow")), id="person-facts")
        if p.notes:
            yield Label("Notes", classes="section-title")
            yield Static(Text(inert_multiline(p.notes)), id="person-notes")
        yield Label(_("Check-ins ({n})").format(n=len(timeline)), classes="section-title")
        yield Static(self.timeline_table(p, timeline), id="person-timeline")

    @staticmethod
    def facts(p: PersonView, introduced: list[PersonView], warning: str) -> Table:
        table = Table.grid(padding=(0, 2))
        table.add_column(style="dim", no_wrap=True)
        table.add_column()
        table.add_row(_("From"), plain(p.where) if p.where else Text("—", style="dim"))
        table.add_row(_("Tags"), plain(", ".join(p.tags)) if p.tags else Text("—", style="dim"))
        table.add_row(
            _("Introduced by"),
            plain(p.introduced_by_name or p.introduced_by)
            if p.introduced_by
            else Text("—", style="dim"),
        )
        if introduced:
            n = len(introduced)
            line = Text(ngettext("you to {n} person: ", "you to {n} people: ", n).format(n=n))
            line.append_text(plain(", ".join(x.name for x in introduced)))
            table.add_row(_("Introduced"), line)
        if p.last_contact:
            table.add_row(_("Last contact"), dated(_("{wd} {dd} {mon} {year}"), p.last_contact))
        else:
            table.add_row(_("Last contact"), Text(_("none yet"), style="dim"))
        if p.interval:
            keep = Text(ngettext("every {n} day", "every {n} days", p.interval).format(
                n=p.interval))
            if p.overdue is not None:
                keep.append(" · ")
                keep.append(overdue_words(p.overdue), style=f"bold {warning}" if p.cooling else "")
            table.add_row(_("Keep in touch"), keep)
        else:
            table.add_row(_("Keep in touch"), Text(_("no interval (e sets one)"), style="dim"))
        if p.created:
            table.add_row(_("Added"), dated(_("{dd} {mon} {year}"), p.created))
        return table

    @staticmethod
    def timeline_table(p: PersonView, timeline: list[TimelineEntry]) -> Table | Text:
        if not timeline:
            return Text(
                _("No check-ins name them yet: press n on Today and name them under People."),
                style="dim",
            )
        table = Table.grid(padding=(0, 2), expand=True)
        table.add_column(no_wrap=True, style="dim")
        table.add_column(ratio=1)
        table.add_column(ratio=2)
        for e in timeline:
            quest = plain(titled(e.quest, e.quest_title))
            if e.count > 1:
                quest.append(f" ×{e.count}", style="dim")
            others = [name for name in e.people if name != p.name]
            note = plain(one_line(e.note))
            if others:
                note.append(("\n" if e.note else "") + _("with "), style="dim italic")
                note.append_text(plain(", ".join(others), style="italic"))
            table.add_row(f"{e.day:%Y-%m-%d}", quest, note)
        return table
