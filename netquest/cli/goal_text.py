"""Goals as text: the goal block of `summary`, its Markdown, and the `netquest goal` screens.

Everything here takes the goal views the services return (`services.views`); every stored string
(ids, kinds, dates and numbers too: a crafted file may hold text anywhere) goes through
`inert`, and colour only through `Style`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from netquest.cli.style import Style, bar
from netquest.i18n import _, ngettext
from netquest.idwords import goal_status_word, kind_word, outcome_words
from netquest.text import fit, inert, one_line, pad
from netquest.wording import (
    contact_text,
    days_left,
    number,
    pace_word,
    pace_words,
    quest_title,
    status_words,
    titled,
)

if TYPE_CHECKING:  # a Tab in the shell loads this module, and never the services
    from netquest.services.views import GoalFocus, GoalRecord, GoalView, KeyResultProgress

PACE_COLOURS = {"ahead": "32", "done": "32", "behind": "31"}


def days_text(goal: GoalView) -> str:
    return days_left(goal.days_left, goal.target_date)


def pace_text(kr: KeyResultProgress, style: Style) -> str:
    word = inert(pace_words(kr.pace, symbol=style.symbols))
    code = PACE_COLOURS.get(kr.pace)
    return style.paint(word, code) if code else word


def kr_row(kr: KeyResultProgress, style: Style, with_expected: bool = False) -> str:
    """One key result: id, title, a bar, done/target and pace."""
    width = style.width
    fraction = kr.done / kr.target if kr.target else 1.0
    count = f"{number(kr.done)}/{number(kr.target)}"
    title_w = max(10, width - 2 - 4 - 11 - 12 - 10)
    row = f"  {pad(inert(kr.id), 3)} {pad(inert(kr.title), title_w)} {bar(fraction, 10, style)} {pad(count, 11)}"
    tail = pace_text(kr, style)
    if with_expected and kr.expected is not None and not kr.finished:
        tail += _(" ({n} expected by now)").format(n=number(kr.expected))
    return row + " " + tail


def goal_block(goal: GoalView, style: Style) -> list[str]:
    """The few lines `summary` shows for the goal in focus."""
    head = _("Goal: {want}").format(want=inert(goal.want))
    lines = [
        style.bold(fit(head, style.width)),
        style.dim(fit(inert(f"  {kind_word(goal.kind)} · {days_text(goal)}"), style.width)),
    ]
    if not goal.key_results:
        lines.append(
            fit(
                "  " + _("No key results yet: `netquest goal kr add --title TEXT --target N --quests coffee`"),
                style.width,
            )
        )
    for kr in goal.key_results:
        lines.append(kr_row(kr, style))
    return lines


def goal_markdown(goal: GoalView) -> list[str]:
    """The goal as a Markdown section."""

    def cell(text) -> str:
        return inert(text).replace("|", "\\|")

    lines = [_("## Goal"), "", f"**{cell(goal.want)}** ({cell(kind_word(goal.kind))}) — {days_text(goal)}"]
    if goal.ask:
        lines += ["", _("Ask: {ask}").format(ask=cell(goal.ask))]
    if goal.key_results:
        lines += ["", _("| Key result | Done | Target | Pace |"), "|---|---|---|---|"]
        for kr in goal.key_results:
            lines.append(
                f"| {cell(kr.title)} | {cell(number(kr.done))} | {cell(number(kr.target))} | "
                f"{cell(pace_word(kr.pace))} |"
            )
    return lines


def goal_detail(goal: GoalView, style: Style) -> list[str]:
    """A goal in full: what, why, the ask, how to reach me, the date and the key results."""
    status = status_words(goal.status)
    lines = [
        style.bold(fit(inert(_("Goal {id} · {kind} · {status}").format(
            id=goal.id, kind=kind_word(goal.kind), status=status)), style.width)),
        inert(goal.want),
    ]
    if goal.why:
        lines.append(_("Why: {text}").format(text=inert(goal.why)))
    if goal.ask:
        lines.append(_("Ask: {ask}").format(ask=inert(goal.ask)))
    if goal.contact:
        lines.append(_("Contact: {ways}").format(
            ways=inert(contact_text(goal.contact, labelled=True))))
    lines.append(days_text(goal).capitalize())
    lines += ["", style.bold(_("Key results"))]
    if goal.key_results:
        lines += [kr_row(kr, style, with_expected=True) for kr in goal.key_results]
    else:
        lines.append(
            "  " + _("None yet: `netquest goal kr add --title TEXT --target N --quests coffee|--stage met|--manual`")
        )
    lines.append("")
    if goal.quests:
        lines.append(
            fit(_("Quests serving it: {quests}").format(quests=", ".join(inert(q) for q in goal.quests)),
                style.width)
        )
    else:
        lines.append(_("No quest serves it yet: `netquest goal link QUEST`"))
    return lines


def view_text(view: GoalFocus, style: Style) -> str:
    """`netquest goal`: the focused goal, this week around it, and its history."""
    lines: list[str] = []
    if view.goal is None:
        lines.append(_("No goal in focus. Say what you want from your network:"))
        lines.append(
            "  " + _('netquest goal set --want "A role on a platform team" --kind job '
                     '--by 2026-06-30')
        )
        if view.waiting:
            lines.append(
                _("Or focus a waiting one: {goals}").format(
                    goals=", ".join(f"{g.id} ({inert(g.want)})" for g in view.waiting))
            )
    else:
        lines += goal_detail(view.goal, style)
        if view.due_today:
            lines.append(
                fit(
                    _("Due today: {quests}").format(
                        quests=", ".join(inert(quest_title(q.quest)) for q in view.due_today)),
                    style.width,
                )
            )
        first, last = view.week_from.isoformat(), view.week_to.isoformat()
        n = len(view.week_checkins)
        lines += ["", style.bold(ngettext("This week ({first} – {last}): {n} check-in of its quests",
                                          "This week ({first} – {last}): {n} check-ins of its quests",
                                          n).format(first=first, last=last, n=n))]
        for c in view.week_checkins:
            text = f"  {inert(c.day)} {inert(titled(c.quest, c.title))}"
            if c.count != 1:
                text += f" ×{c.count}"
            if c.people:
                text += _(" with {names}").format(names=", ".join(inert(p) for p in c.people))
            if c.note:
                text += f" — {one_line(c.note)}"
            lines.append(fit(text, style.width))
        if view.review_due:
            lines += [
                "",
                style.paint(
                    _("Weekly review due: netquest goal review --moved TEXT --stalled TEXT --ask TEXT"),
                    "33",
                ),
            ]
        if view.reviews:
            lines += ["", style.bold(_("Reviews"))]
            for r in view.reviews:
                parts = [
                    f"{label}: {inert(text)}"
                    for label, text in (
                        (_("moved"), r.moved),
                        (_("stalled"), r.stalled),
                        (_("next ask"), r.next_ask),
                    )
                    if text
                ]
                lines.append("  " + _("week of {day}").format(day=inert(r.week)) + " · "
                             + " · ".join(parts))
    if view.goal is not None and view.waiting:
        lines += ["", _("Waiting: {goals}").format(
            goals=", ".join(f"{g.id} ({inert(g.want)})" for g in view.waiting))]
    if view.archived:
        lines += ["", style.bold(_("Past goals"))]
        for g in view.archived:
            line = "  " + _("{id} {want} — {outcome} on {day}").format(
                id=inert(g.id), want=inert(g.want), outcome=outcome_words(inert(g.outcome)),
                day=inert(g.closed))
            if g.reflection:
                line += f": {inert(g.reflection)}"
            lines.append(line)
    return "\n".join(lines)


def list_rows(records: list[GoalRecord], style: Style) -> list[str]:
    rows = []
    for g in records:
        status = outcome_words(g.outcome) if g.archived else goal_status_word(g.status)
        when = _("by {day}").format(day=g.target_date) if g.target_date else ""
        if g.archived:
            when = _("closed {day}").format(day=g.closed)
        want_w = max(12, style.width - 4 - 10 - 9 - 20)
        rows.append(
            f"{pad(inert(g.id), 4)}{pad(inert(status), 10)}{pad(inert(kind_word(g.kind)), 9)}"
            f"{pad(inert(g.want), want_w)} {inert(when)}".rstrip()
        )
    return rows
