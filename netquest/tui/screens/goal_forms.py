"""The goal screen's forms: the goal, a key result, a key result's number, the weekly review.

Each form saves through one services call in a thread worker: the services decide, and
what they refuse is shown in the form, which stays open.  The goal and key-result forms
also ask the services' validators as you type, like the quest editor.
"""

from __future__ import annotations

import re
from datetime import date
from functools import partial

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Checkbox, Input, Label, Select, SelectionList, Static

from netquest.i18n import N_, _, ngettext
from netquest.rules.people import STAGES
from netquest.services.goal_fields import CONTACT_KINDS, parse_contact
from netquest.services.views import GoalView, KeyResultProgress
from netquest.text import inert, plain
from netquest.tui.filewatch import DATA_ERRORS, guard_writes
from netquest.tui.screens import SCREENS_CSS
from netquest.wording import WANTS, number, short_day, tip_title

KR_KINDS = (
    (N_("check-ins of quests"), "checkins"),
    (N_("people at a stage"), "stage"),
    (N_("a number I update"), "manual"),
)


def contact_items(text: str) -> list[str]:
    """Contact ways typed in one line: separated by spaces or commas."""
    return [item for item in re.split(r"[,\s]+", text) if item]


def contact_line(contact: dict) -> str:
    """'email a@b.org https://…' as typed back into the editor: a bare email and profile, booking=."""
    parts = []
    for key in CONTACT_KINDS:
        value = contact.get(key)
        if value:
            parts.append(value if key in ("email", "profile") else f"{key}={value}")
    return " ".join(parts)


class ServiceForm(ModalScreen):
    """A modal form whose Save runs one services call; a refusal shows in `#error`."""

    CSS_PATH = SCREENS_CSS

    BINDINGS = [
        Binding("escape,q", "cancel", N_("Cancel"), id="form.cancel"),
        Binding("ctrl+s", "save", N_("Save"), id="form.save"),
    ]

    def __init__(self) -> None:
        super().__init__(classes="dialog-screen")
        self.error: str | None = None

    def buttons(self, add: bool = False) -> ComposeResult:
        yield Label("", id="error")
        with Horizontal(classes="buttons"):
            yield Button(_("Add (ctrl+s)") if add else _("Save (ctrl+s)"), variant="primary",
                         id="save")
            yield Button(_("Cancel (esc)"), id="cancel")

    def show_error(self, error: str | None, ready: str | None = None) -> None:
        self.error = error
        label = self.query_one("#error", Label)
        label.update(plain(error or (_("✓ ready to save") if ready is None else ready)))
        label.set_class(error is not None, "-invalid")
        self.query_one("#save", Button).disabled = error is not None

    def validate(self) -> None:
        """Check the fields as they are typed; a form without a validator has nothing to say yet."""

    def job(self):
        """The services call that saves the form."""
        raise NotImplementedError

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        self.submitted(event.input)

    def submitted(self, field: Input) -> None:
        """Enter in a field saves the form."""
        self.action_save()

    @on(Button.Pressed, "#save")
    def action_save(self) -> None:
        self.validate()
        if self.error is None:
            self.submit(self.job())

    @work(thread=True, exclusive=True, group="form")
    def submit(self, job) -> None:
        try:
            guard_writes(self.app)
            result = job()
        except DATA_ERRORS as exc:
            self.app.call_from_thread(self.show_error, inert(str(exc)))
            return
        self.app.call_from_thread(self.dismiss, result)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)


class GoalEditor(ServiceForm):
    """Set the goal in focus (or the first one): what, kind, why, the ask, contact, target date."""

    def __init__(self, services, goal: GoalView | None, today: date) -> None:
        super().__init__()
        self.services, self.goal, self.today = services, goal, today

    def compose(self) -> ComposeResult:
        g = self.goal
        with Vertical(classes="dialog editor"):
            yield Label(
                _("Edit your goal") if self.goal else _("What do you want from networking?"),
                classes="dialog-title",
            )
            with Grid(id="fields"):
                yield Label(_("Want"))
                yield Input(
                    inert(g.want if g else ""),
                    placeholder=_("A platform-team role in Berlin"),
                    id="want",
                    compact=True,
                )
                yield Label(_("Kind"))
                yield Select(
                    [(_(text), key) for key, text in WANTS],
                    value=g.kind if g else "explore",
                    allow_blank=False,
                    id="kind",
                    compact=True,
                )
                yield Label(_("Why"))
                yield Input(
                    inert(g.why if g else ""),
                    placeholder=_("What it would change for you"),
                    id="why",
                    compact=True,
                )
                yield Label(_("Ask"))
                yield Input(
                    inert(g.ask if g else ""),
                    placeholder=_("What you ask of the people you meet"),
                    id="ask",
                    compact=True,
                )
                yield Label(_("Contact"))
                yield Input(
                    inert(contact_line(g.contact if g else {})),
                    id="contact",
                    compact=True,
                    placeholder=_("you@example.org https://profile booking=https://calendar"),
                )
                yield Label(_("By"))
                yield Input(
                    g.target_date.isoformat() if g and g.target_date else "",
                    placeholder=_("YYYY-MM-DD, or empty for no date"),
                    id="by",
                    compact=True,
                )
            yield from self.buttons()

    def on_mount(self) -> None:
        self.validate()

    def fields(self) -> dict:
        value = lambda wid: self.query_one(f"#{wid}", Input).value  # noqa: E731
        return {
            "want": value("want"),
            "kind": self.query_one("#kind", Select).value,
            "why": value("why"),
            "ask": value("ask"),
            "contact": contact_items(value("contact")),
            "target_date": value("by").strip(),
        }

    @on(Input.Changed)
    @on(Select.Changed)
    def validate(self) -> None:
        start = self.goal.start if self.goal else self.today
        try:
            self.services.goals.validate(**self.fields(), today=self.today, start=start)
            self.show_error(None)
        except DATA_ERRORS as exc:
            self.show_error(inert(str(exc)))

    def job(self):
        fields = self.fields()
        # Every way is named, so a way taken out of the line is taken out of the goal.
        ways = dict.fromkeys(CONTACT_KINDS, "")
        ways.update(parse_contact(fields.pop("contact")))
        return partial(self.services.goals.set, **fields, contact=ways)


class KeyResultEditor(ServiceForm):
    """Add a key result: a title, a target, and what it counts (quests, people at a stage, a number)."""

    def __init__(self, services, quests: list, linked: list[str]) -> None:
        super().__init__()
        self.services, self.quests, self.linked = services, quests, linked

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog editor"):
            yield Label(_("New key result"), classes="dialog-title")
            with Grid(id="fields"):
                yield Label(_("Title"))
                yield Input(
                    placeholder=_("Virtual coffees with people hiring"), id="title", compact=True
                )
                yield Label(_("Target"))
                yield Input("10", id="target", compact=True)
                yield Label(_("Counts"))
                yield Select(
                    [(_(text), key) for text, key in KR_KINDS],
                    value="checkins" if self.quests else "manual",
                    allow_blank=False,
                    id="kr-kind",
                    compact=True,
                )
                yield Label("Quests", id="quests-label")
                yield SelectionList(
                    *[(plain(q.title), q.id, q.id in self.linked) for q in self.quests],
                    id="kr-quests",
                    compact=True,
                )
                yield Label("Stage", id="stage-label")
                yield Select(
                    [(_(title), sid) for sid, title in STAGES],
                    value="met",
                    allow_blank=False,
                    id="kr-stage",
                    compact=True,
                )
                yield Label("", id="introduced-label")
                yield Checkbox(_("only people introduced to me"), compact=True,
                               id="kr-introduced")
            yield from self.buttons(add=True)

    def on_mount(self) -> None:
        self.validate()

    @property
    def kind(self) -> str:
        return str(self.query_one("#kr-kind", Select).value)

    def fields(self) -> dict:
        kind = self.kind
        return {
            "title": self.query_one("#title", Input).value,
            "target": self.query_one("#target", Input).value,
            "quests": self.query_one("#kr-quests", SelectionList).selected
            if kind == "checkins"
            else None,
            "stage": self.query_one("#kr-stage", Select).value if kind == "stage" else None,
            "introduced": kind == "stage" and self.query_one("#kr-introduced", Checkbox).value,
            "manual": kind == "manual",
        }

    @on(Input.Changed)
    @on(Select.Changed)
    @on(SelectionList.SelectedChanged)
    @on(Checkbox.Changed)
    def validate(self) -> None:
        kind = self.kind
        for wid, shown in (
            ("#quests-label", kind == "checkins"),
            ("#kr-quests", kind == "checkins"),
            ("#stage-label", kind == "stage"),
            ("#kr-stage", kind == "stage"),
            ("#introduced-label", kind == "stage"),
            ("#kr-introduced", kind == "stage"),
        ):
            self.query_one(wid).display = shown
        try:
            self.services.goals.validate_key_result(**self.fields())
            self.show_error(None)
        except DATA_ERRORS as exc:
            message = str(exc)
            if kind == "checkins" and message == _(
                    "a key result counts exactly one of: check-ins of quests, people at a stage, "
                    "or a manual number"):
                message = _("pick the quests it counts (space toggles one)")
            self.show_error(inert(message))

    def job(self):
        return partial(self.services.goals.add_key_result, **self.fields())


class KeyResultValue(ServiceForm):
    """Set the number of a key result counted by hand."""

    def __init__(self, services, key_results: list[KeyResultProgress]) -> None:
        super().__init__()
        self.services, self.key_results = services, key_results

    def compose(self) -> ComposeResult:
        first = self.key_results[0]
        with Vertical(classes="dialog editor"):
            yield Label(_("Update a key result"), classes="dialog-title")
            with Grid(id="fields"):
                yield Label(_("Result"))
                yield Select(
                    [(plain(_("{title} (of {target})").format(title=kr.title, target=kr.target)),
                      kr.id) for kr in self.key_results],
                    value=first.id,
                    allow_blank=False,
                    id="kr",
                    compact=True,
                )
                yield Label(_("Now at"))
                yield Input(str(first.done), id="value", compact=True)
            yield from self.buttons()

    def on_mount(self) -> None:
        self.show_error(None)
        self.query_one("#value", Input).focus()

    @on(Select.Changed, "#kr")
    def _chosen(self, event: Select.Changed) -> None:
        kr = next(k for k in self.key_results if k.id == event.value)
        self.query_one("#value", Input).value = str(kr.done)

    @on(Input.Changed)
    def _typed(self) -> None:
        self.show_error(None)

    def job(self):
        return partial(
            self.services.goals.set_key_result,
            self.query_one("#kr", Select).value,
            self.query_one("#value", Input).value,
        )


def week_numbers_text(numbers) -> Text:
    """The week's facts beside the questions: check-ins per tip, the key results (from → to
    when the history tells), people met and the day streak."""
    out = Text()
    per_tip = " · ".join(f"{tip_title(tip)} {n}" for tip, n in numbers.checkins)
    out.append(ngettext("{n} check-in", "{n} check-ins", numbers.total).format(n=numbers.total),
               style="bold")
    out.append(_(": {tips}").format(tips=per_tip) if per_tip else "")
    out.append("\n")
    out.append(ngettext("{n} person named in check-ins", "{n} people named in check-ins",
                        numbers.people_met).format(n=numbers.people_met), style="bold")
    out.append(" · " + ngettext("day streak {n} day", "day streak {n} days",
                                numbers.day_streak).format(n=numbers.day_streak))
    for kr in numbers.key_results:
        out.append("\n")
        out.append_text(plain(kr.title))
        moved = f"{number(kr.before)} → " if kr.before is not None and kr.before != kr.after else ""
        out.append("  " + moved + _("{done} of {target}").format(done=number(kr.after),
                                                               target=number(kr.target)),
                   style="bold")
    return out


class WeeklyReview(ServiceForm):
    """Three questions about the week, beside its numbers; Esc skips and stores nothing."""

    QUESTIONS = (
        ("moved", N_("What moved your goal?")),
        ("stalled", N_("What did not?")),
        ("next_ask", N_("What will you ask for next week?")),
    )

    def __init__(self, services, want: str, which: str = "last week") -> None:
        super().__init__()
        self.services, self.want, self.which = services, want, which

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog review"):
            yield Label(_("Weekly review · {which}").format(which=self._which()),
                        classes="dialog-title", id="review-title")
            yield Label(Text.assemble((_("Your goal: "), "bold"), plain(self.want)),
                        id="review-goal")
            yield Static("", id="review-numbers")
            for key, question in self.QUESTIONS:
                yield Label(_(question), classes="review-question")
                yield Input(id=key, compact=True)
            yield from self.buttons()

    def on_mount(self) -> None:
        self.show_error(None, ready=_("Enter: next answer · ctrl+s saves · Esc skips, stores "
                                      "nothing"))
        self.query_one("#review-numbers").display = False
        self.load_numbers()

    @work(thread=True, group="review-numbers")
    def load_numbers(self) -> None:
        from netquest.services.review_numbers import review_numbers

        try:
            numbers = review_numbers(self.services, last_week=self.which == "last week")
        except DATA_ERRORS:
            return  # the numbers help the answers; the review can be written without them
        if numbers is not None:
            self.app.call_from_thread(self._numbers, numbers)

    def _numbers(self, numbers) -> None:
        self.query_one("#review-title", Label).update(
            _("Weekly review · {which}, {first} – {last}").format(
                which=self._which(), first=short_day(numbers.first), last=short_day(numbers.last))
        )
        box = self.query_one("#review-numbers", Static)
        box.update(week_numbers_text(numbers))
        box.display = True

    def _which(self) -> str:
        return _("last week") if self.which == "last week" else _("this week")

    def answers(self) -> dict:
        return {key: self.query_one(f"#{key}", Input).value for key, _ in self.QUESTIONS}

    @on(Input.Changed)
    def _typed(self) -> None:
        if self.error is not None:
            self.show_error(None, ready="")

    def submitted(self, field: Input) -> None:
        """Enter moves on to the next answer; on the last one it saves."""
        if field.id != self.QUESTIONS[-1][0]:
            self.focus_next(Input)
        else:
            self.action_save()

    def job(self):
        return partial(self.services.reviews.add, **self.answers())
