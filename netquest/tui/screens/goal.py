"""The goal-focus screen: what you want in large type, your ask, key results with their pace,
this week's check-ins that moved the goal, what serves it today, and its history.

It reads everything in one `goal_view` call in a thread worker and holds no rule of its
own: pace, days left and what is due come from the services.  The forms it opens save
through the services themselves and give back what was saved.
"""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Footer, Label, ProgressBar, Static
from textual.worker import get_current_worker

from netquest.i18n import N_, _
from netquest.services.views import GoalFocus, GoalView, KeyResultProgress, Review
from netquest.text import inert, plain
from netquest.tui.filewatch import DATA_ERRORS, guard_reads
from netquest.tui.screens import SCREENS_CSS
from netquest.tui.translate import styled
from netquest.tui.widgets.file_problem import FileProblem
from netquest.wording import (
    OUTCOME_MARKS,
    contact_text,
    days_left,
    number,
    pace_words,
    progress_text,
    quest_title,
    short_day,
    titled,
    want_text,
)

EMPTY_LINES = N_(
    "Networking goes further with a destination: a role, a partner, clients.\n"
    "Say what you want and what you ask of people; your quests then serve it."
)


def ask_and_contact(goal: GoalView | None) -> str:
    """What `c` copies: the ask and the contact line, as stored."""
    lines = []
    if goal is not None and goal.ask:
        lines.append(goal.ask)
    if goal is not None and goal.contact:
        lines.append(_("Reach me: ") + contact_text(goal.contact))
    return "\n".join(lines)


class KeyResultRow(Horizontal):
    """One key result: its title, a bar, done of target, and its pace in the theme's colours."""

    def __init__(self, kr: KeyResultProgress) -> None:
        super().__init__(classes=f"kr -{kr.pace}")
        self.kr = kr

    def compose(self) -> ComposeResult:
        kr = self.kr
        yield Label(plain(kr.title), classes="kr-title")
        bar = ProgressBar(total=float(kr.target) or 1.0, show_percentage=False, show_eta=False)
        bar.progress = min(float(kr.done), float(kr.target))
        yield bar
        yield Label(f"{number(kr.done)}/{number(kr.target)}", classes="kr-count")
        pace = pace_words(kr.pace, long=True, overdue=kr.overdue)
        yield Label(pace, classes="kr-pace")


class GoalScreen(Screen[None]):
    """The focused goal and everything around it; keys edit it, measure it and review it."""

    CSS_PATH = SCREENS_CSS

    BINDINGS = [
        Binding(
            "e",
            "create",
            N_("Set goal"),
            id="goal.set",
            tooltip=N_("Say what you want, why, your ask and how to reach you"),
        ),
        Binding(
            "e",
            "edit",
            N_("Edit"),
            id="goal.edit",
            tooltip=N_("Change what you want, why, your ask or how to reach you"),
        ),
        Binding(
            "k",
            "add_key_result",
            N_("Key result"),
            id="goal.kr",
            tooltip=N_("Add a key result that measures the goal"),
        ),
        Binding(
            "u",
            "update",
            N_("Update"),
            id="goal.update",
            tooltip=N_("Update a key result you count by hand"),
        ),
        Binding(
            "c",
            "copy",
            N_("Copy ask"),
            id="goal.copy",
            tooltip=N_("Copy your ask and contact line to the clipboard"),
        ),
        Binding(
            "b",
            "card",
            N_("Card"),
            id="goal.card",
            tooltip=N_("Before a conversation: a card to glance at, then log it"),
        ),
        Binding(
            "r",
            "review",
            N_("Review"),
            id="goal.review",
            tooltip=N_("Weekly review: what moved, what did not, the next ask"),
        ),
        Binding("escape,q", "back", N_("Back"), id="goal.back"),
    ]

    def __init__(self, services) -> None:
        super().__init__()
        self.services = services
        self.view: GoalFocus | None = None
        self.quests: list = []

    def compose(self) -> ComposeResult:
        yield FileProblem(id="file-problem")
        yield VerticalScroll(Label(_("Loading…"), classes="dim"), id="goal-body")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#goal-body").focus()
        self.reload()

    def on_resize(self) -> None:
        self.query_one(Footer).show_command_palette = self.size.width >= 100

    # ------------------------------------------------------------------ loading
    @work(thread=True, exclusive=True, group="goal")
    def reload(self) -> None:
        try:
            guard_reads(self.app)
            view = self.services.goals.view()
            quests = self.services.quests.list()
        except DATA_ERRORS as exc:
            self.app.call_from_thread(self.notify, inert(str(exc)), severity="error", markup=False)
            return
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self.show, view, quests)

    async def show(self, view: GoalFocus, quests: list) -> None:
        self.view, self.quests = view, quests
        body = self.query_one("#goal-body", VerticalScroll)
        with self.app.batch_update():
            await body.remove_children()
            await body.mount_all(list(self.build(view)))
        self.refresh_bindings()

    def changed(self) -> None:
        """After a write: this screen and Today read again (XP, links and due quests may have moved)."""
        self.reload()
        today = getattr(self.app, "today_screen", None)
        if today is not None:
            today.load()

    @property
    def goal(self) -> GoalView | None:
        return self.view.goal if self.view else None

    # ------------------------------------------------------------------ building
    def build(self, view: GoalFocus):
        goal = view.goal
        if goal is None:
            yield Static(Text(_("Know what you want")), id="goal-banner")
            yield Static(_(EMPTY_LINES), id="goal-empty")
            yield Static(
                styled(_("Press {e} to set your goal, or {b} for a conversation card."),
                       e=Text("e", style="bold"), b=Text("b", style="bold")),
                id="goal-start",
            )
        else:
            yield from self.build_goal(view, goal)
        history = list(self.history(view))
        if history:
            yield Label(_("History"), classes="section-title")
            yield from history

    def build_goal(self, view: GoalFocus, goal: GoalView):
        yield Static(plain(goal.want), id="goal-banner")
        when = days_left(goal.days_left, goal.target_date, screen=True)
        meta = _("{kind} · {when} · since {day}").format(kind=want_text(goal.kind), when=when,
                                                         day=short_day(goal.start))
        yield Label(plain(meta), id="goal-meta", classes="-overdue" if goal.overdue else "")
        if goal.why:
            yield Static(Text.assemble((_("Why: "), "bold"), plain(goal.why)), id="goal-why")
        if view.review_due:
            yield Static(_("Last week is waiting for its review: press r."), id="review-due")
        yield self.ask_card(goal)
        yield Label(_("Key results"), classes="section-title")
        if goal.key_results:
            yield Vertical(*[KeyResultRow(kr) for kr in goal.key_results], id="key-results")
        else:
            yield Label(
                _("None yet: press k to count quests, people at a stage, or a number of your own."),
                classes="dim",
            )
        yield Label(
            _("This week · {first} to {last}").format(first=short_day(view.week_from),
                                                      last=short_day(view.week_to)),
            classes="section-title",
        )
        yield Static(self.week_table(view), id="goal-week")
        yield Label(_("Due today"), classes="section-title")
        yield Static(self.due_table(view, goal), id="goal-due")

    @staticmethod
    def ask_card(goal: GoalView) -> Widget:
        text = Text()
        if goal.ask:
            text.append(_("Ask: "), style="bold").append_text(plain(goal.ask))
        if goal.contact:
            if text:
                text.append("\n")
            text.append(_("Reach me: "), style="bold").append_text(plain(contact_text(goal.contact)))
        card = Static(
            text
            or Text(
                _("No ask yet: press e to say what you ask of people and how they reach you."),
                style="dim",
            ),
            id="ask-card",
        )
        card.border_title = _("Your ask")
        if text:
            card.border_subtitle = _("c copies")
        return card

    @staticmethod
    def week_table(view: GoalFocus) -> Table | Text:
        if not view.week_checkins:
            return Text(_("No check-in of the goal's quests yet this week."), style="dim")
        table = Table.grid(padding=(0, 2), expand=True)
        table.add_column(no_wrap=True, style="dim")
        table.add_column(no_wrap=True)
        table.add_column(ratio=1)
        for c in view.week_checkins:
            title = plain(titled(c.quest, c.title)).append(f" ×{c.count}" if c.count != 1 else "")
            said = Text()
            if c.people:
                said.append(_("with") + " ", style="dim").append_text(
                    plain(_(", ").join(c.people), style="italic")
                )
            if c.note:
                said.append(" — " if said else "").append_text(plain(c.note))
            table.add_row(short_day(c.day), title, said)
        return table

    @staticmethod
    def due_table(view: GoalFocus, goal: GoalView) -> Table | Text:
        if not goal.quests:
            return Text(
                _("No quest serves this goal yet: a key result that counts quests links them."),
                style="dim",
            )
        if not view.due_today:
            return Text(_("Nothing of this goal is left for today."), style="dim")
        table = Table.grid(padding=(0, 2))
        table.add_column(no_wrap=True)
        table.add_column(no_wrap=True, style="dim")
        for qs in view.due_today:
            table.add_row(plain(quest_title(qs.quest)), progress_text(qs))
        return table

    @staticmethod
    def history(view: GoalFocus):
        for review in view.reviews:
            text = Text().append(_("Week of {day}").format(day=short_day(review.week)),
                                 style="bold")
            for label, said in (
                (_("moved"), review.moved),
                (_("did not"), review.stalled),
                (_("next ask"), review.next_ask),
            ):
                if said:
                    text.append(f"\n  {label}: ", style="dim").append_text(plain(said))
            yield Static(text, classes="history-item")
        for goal in view.waiting:
            yield Static(
                Text.assemble((_("waiting") + "  ", "dim"), plain(goal.want)),
                classes="history-item"
            )
        for goal in view.archived:
            mark = OUTCOME_MARKS.get(goal.outcome, "·")
            text = Text().append(inert(f"{mark} {goal.outcome or 'closed'}"), style="bold")
            if goal.closed:
                text.append(f" {short_day(goal.closed)}", style="dim")
            text.append("  ").append_text(plain(goal.want))
            if goal.reflection:
                text.append("\n  ").append_text(plain(goal.reflection, style="italic"))
            yield Static(text, classes="history-item")

    # ------------------------------------------------------------------ keys
    def manual_key_results(self) -> list[KeyResultProgress]:
        return self.goal.manual_key_results if self.goal else []

    def check_action(self, action: str, parameters: tuple) -> bool | None:
        # Keys that cannot do anything now are hidden, not greyed: at 80 columns the footer is full.
        if self.view is None:
            return action in ("back", "card")
        if action == "create":
            return self.goal is None
        if action in ("edit", "add_key_result", "review"):
            return self.goal is not None
        if action == "update":
            return bool(self.manual_key_results())
        if action == "copy":
            return bool(self.goal and ask_and_contact(self.goal))
        return True

    def action_edit(self) -> None:
        from netquest.tui.screens.goal_forms import GoalEditor

        def saved(goal: GoalView | None) -> None:
            if goal is not None:
                self.notify(_("Goal saved: {want}").format(want=inert(goal.want)), markup=False)
                self.changed()

        if self.view is not None:
            self.app.push_screen(GoalEditor(self.services, self.goal, self.view.today), saved)

    action_create = action_edit

    def action_add_key_result(self) -> None:
        from netquest.tui.screens.goal_forms import KeyResultEditor

        def added(kr: KeyResultProgress | None) -> None:
            if kr is not None:
                self.notify(_("Key result added: {title}").format(title=inert(kr.title)),
                            markup=False)
                self.changed()

        if self.goal is not None:
            active = [q for q in self.quests if not q.archived]
            self.app.push_screen(KeyResultEditor(self.services, active, self.goal.quests), added)

    def action_update(self) -> None:
        from netquest.tui.screens.goal_forms import KeyResultValue

        def updated(kr: KeyResultProgress | None) -> None:
            if kr is not None:
                self.notify(
                    _("{title}: {done} of {target}").format(
                        title=inert(kr.title), done=number(kr.done), target=number(kr.target)),
                    markup=False
                )
                self.changed()

        manual = self.manual_key_results()
        if manual:
            self.app.push_screen(KeyResultValue(self.services, manual), updated)

    def action_copy(self) -> None:
        text = ask_and_contact(self.goal)
        if text:
            self.app.copy_to_clipboard(text)
            self.notify(_("Copied"), timeout=2)

    def action_card(self) -> None:
        from netquest.tui.screens.conversation import ConversationCardDialog

        self.app.push_screen(ConversationCardDialog(self.services), self.logged)

    def logged(self, answer) -> None:
        from netquest.tui.screens.dialogs import celebrate

        if answer is None:
            return
        person, result = answer
        celebrate(self, result, lead=_("{title} with {name}").format(
            title=inert(quest_title(result.quest)), name=inert(person)))
        self.changed()

    def action_review(self) -> None:
        from netquest.tui.screens.goal_forms import WeeklyReview

        if self.goal is not None and self.view is not None:
            which = "last week" if self.view.review_due else "this week"
            self.app.push_screen(WeeklyReview(self.services, self.goal.want, which), self.reviewed)

    def reviewed(self, review: Review | None) -> None:
        if review is not None:
            self.notify(_("Review of the week of {day} saved").format(day=short_day(review.week)),
                        markup=False)
            self.changed()

    def action_back(self) -> None:
        self.app.pop_screen()
