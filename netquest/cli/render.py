"""Turn the state of play into text for a terminal, a pipe, Markdown or JSON.

Colour and symbols appear only when stdout is a terminal and NO_COLOR is unset; every
stored string passes through `inert` (the text gate of `netquest.text`), so no control
character, escape sequence or bidi control from the data file is printed; JSON output
goes through `json_text`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from netquest.cli.style import Style, bar
from netquest.i18n import _, ngettext
from netquest.idwords import cadence_words
from netquest.rules.achievements import ACHIEVEMENTS
from netquest.text import cell_width, fit, inert, pad
from netquest.wording import (
    achievement_description,
    achievement_title,
    challenge_text,
    earned_xp,
    long_day,
    no_xp_reason,
    overdue_words,
    past_period,
    period_title,
    progress_text,
    quest_title,
    this_period,
    tip_title,
    units,
)

if TYPE_CHECKING:  # a Tab in the shell loads this module, and never the services
    from netquest.services.views import PeriodTotals


def summary_json(state, period_info: PeriodTotals | None = None) -> dict:
    """The summary as the JSON contract documented in the README."""
    unlocked = state.unlocked
    return {
        "today": state.day.isoformat(),
        "xp": state.xp,
        "level": state.level.level,
        "xp_into_level": state.level.xp_into_level,
        "xp_for_next_level": state.level.xp_for_next_level,
        "day_streak": {"current": state.day_streak.current, "best": state.day_streak.best},
        "freezes": state.day_streak.freezes,
        "quests": [
            {
                "id": q.quest.id,
                "title": q.quest.title,
                "tip": q.quest.tip,
                "cadence": str(q.quest.cadence),
                "target": q.quest.target,
                "due_today": q.due,
                "done_today": q.done,
                "complete": q.complete,
                "period": None
                if q.quest.cadence.is_day_cadence or q.streak.period is None
                else {
                    "from": q.streak.period.first.isoformat(),
                    "to": q.streak.period.last.isoformat(),
                    "done_days": q.streak.period.done_days,
                    "needed": q.streak.period.needed,
                },
                "streak": {
                    "current": q.streak.current,
                    "best": q.streak.best,
                    "unit": q.streak.unit,
                },
                "strength": round(q.strength, 6),
                "at_risk": q.at_risk,
            }
            for q in state.quests
        ],
        "achievements": [
            {
                "id": a.id,
                "title": a.title,
                "unlocked": unlocked[a.id].isoformat() if a.id in unlocked else None,
            }
            for a in ACHIEVEMENTS
        ],
        "period": period_info.to_json() if period_info else None,
        "challenge": challenge_json(state.challenge),
        "goal": state.goal.to_json() if state.goal else None,
        "reach_out": reach_out_json(state),
    }


def challenge_json(challenge) -> dict | None:
    """The week's challenge tip, its week, this week's check-ins (units) under it, and the
    base XP multiplier; None before the first full week of history."""
    if challenge is None:
        return None
    return {
        "tip": challenge.tip,
        "from": challenge.week_from.isoformat(),
        "to": challenge.week_to.isoformat(),
        "checkins": challenge.checkins,
        "multiplier": challenge.multiplier,
    }


REACH_OUT_SHOWN = 3


def reach_out_json(state) -> list[dict]:
    """People whose keep-in-touch interval has run out, most overdue first."""
    return [
        {
            "id": p.id,
            "name": p.name,
            "stage": p.stage,
            "interval": p.interval,
            "last_contact": p.last_contact.isoformat() if p.last_contact else None,
            "overdue_days": p.overdue,
        }
        for p in state.reach_out
    ]


def reach_out_line(state, style: Style) -> str | None:
    """ "Reach out: Ana (3 days overdue), …" for the few most overdue people, or None."""
    people = state.reach_out
    if not people:
        return None

    shown = _(", ").join(
        _("{name} ({overdue})").format(name=inert(p.name), overdue=overdue_words(max(0, p.overdue)))
        for p in people[:REACH_OUT_SHOWN]
    )
    if len(people) > REACH_OUT_SHOWN:
        text = _("Reach out: {people} +{n} more").format(
            people=shown, n=len(people) - REACH_OUT_SHOWN)
    else:
        text = _("Reach out: {people}").format(people=shown)
    return fit(text, style.width)


def motd_line(state, style: Style) -> str:
    """One line for a login banner: the status line (`netquest.statusline`) after "NetQuest: "."""
    from netquest.statusline import status_line

    return status_line(state, symbols=style.symbols, width=style.width, prefix=_("NetQuest: "))


def _header(state, style: Style) -> list[str]:
    lvl = state.level
    frac = lvl.xp_into_level / lvl.xp_for_next_level if lvl.xp_for_next_level else 0
    ds = state.day_streak
    when = long_day(state.day)
    if state.day != state.today:
        when = _("{day} (a past day)").format(day=when)
    lines = [style.bold(fit(_("NetQuest — {day}").format(day=when), style.width))]
    barw = max(8, min(24, style.width - 40))
    lines.append(
        fit(_("Level {level}").format(level=lvl.level) + "  ", style.width)
        + style.paint(bar(frac, barw, style), "33")
        + "  " + _("{into}/{needed} XP · {xp} XP in all").format(
            into=lvl.xp_into_level, needed=lvl.xp_for_next_level, xp=state.xp)
    )
    if style.symbols:
        flame = _("Day {flame} {n} (best {best})").format(
            flame=style.flame, n=ds.current, best=ds.best)
    else:
        flame = _("Day streak {n} (best {best})").format(n=ds.current, best=ds.best)
    banked = ngettext("{n} freeze banked", "{n} freezes banked", ds.freezes).format(n=ds.freezes)
    lines.append(f"{flame} · {banked}")
    return lines


def quest_rows(quests, style: Style, show_strength: bool = True) -> list[str]:
    """Rows grouped under their tip, fitted to the width."""
    status_w, streak_w, strength_w = 12, 10, 12 if show_strength else 0
    risk = "!" if style.symbols else _("at risk")
    # A row at risk ends with its mark: the titles give up what it needs beyond the 2 spare
    # cells, so the row still fits the width.
    risk_w = max(0, cell_width(risk) - 1) if any(q.at_risk for q in quests) else 0
    # Titles take the room there is, up to a readable column on a very wide terminal.
    title_w = min(64, max(12, style.width - 4 - status_w - streak_w - strength_w - 3 - risk_w))
    lines = []
    for tip in sorted({q.quest.tip for q in quests}):
        lines.append(style.bold(fit(f" {tip} {tip_title(tip)}", style.width)))
        for q in [q for q in quests if q.quest.tip == tip]:
            title = pad(inert(quest_title(q.quest)), title_w)
            status = pad(_plain_status(q, style), status_w)
            if style.color and q.complete:
                status = style.paint(status, "32")
            streak = pad(units(q.streak.current, q.streak.unit), streak_w)
            row = f"   {title} {status} {streak}"
            if show_strength:
                row += " " + bar(q.strength, 6, style) + f" {round(q.strength * 100):3d}%"
            if q.at_risk:
                row += " " + style.paint(risk, "31")
            lines.append(row.rstrip())
    return lines


def _plain_status(qs, style: Style) -> str:
    if qs.skipped:
        return _("skipped")
    done = progress_text(qs)
    if qs.complete:
        return "✓ " + done if style.symbols else _("done {progress}").format(progress=done)
    if not qs.due and qs.quest.cadence.is_day_cadence:
        return _("not due")
    return done


def summary_text(state, style: Style, period_info: PeriodTotals | None = None) -> str:
    lines = _header(state, style)
    if period_info:
        label = period_title(period_info.name)
        lines.append(ngettext("{label}: {n} check-in · +{xp} XP", "{label}: {n} check-ins · +{xp} XP",
                              period_info.checkins).format(
            label=label, n=period_info.checkins, xp=period_info.xp))
    if state.challenge and state.quests:
        lines.append(fit(challenge_text(state.challenge), style.width))
    lines.append("")
    if not state.quests:
        lines += _("No quests yet. Add the starter quests with `netquest init --starter`,\n"
                   "or your own with `netquest quest add TITLE --tip N --cadence daily`.").split("\n")
        return "\n".join(lines)
    lines.append(
        style.dim(fit(_("{done} of {due} due today done").format(
            done=len(state.due_done), due=len(state.due)), style.width))
    )
    lines.extend(quest_rows(state.quests, style))
    risky = state.at_risk
    if risky:
        lines.append("")
        names = _(", ").join(
            _("'{title}' ({streak})").format(title=inert(quest_title(q.quest)),
                                            streak=units(q.streak.current, q.streak.unit))
            for q in risky
        )
        lines.append(style.paint(fit(_("At risk today: {quests}").format(quests=names),
                                     style.width), "31"))
    reach = reach_out_line(state, style)
    if reach:
        lines += ["", reach]
    if state.goal:
        from netquest.cli.goal_text import goal_block  # only when a goal is in focus

        lines += [""] + goal_block(state.goal, style)
    lines.append("")
    recent = sorted(state.unlocked.items(), key=lambda kv: kv[1], reverse=True)[:3]
    titles = {a.id: achievement_title(a) for a in ACHIEVEMENTS}
    ach = _("Achievements: {n} of {all} unlocked").format(
        n=len(state.unlocked), all=len(ACHIEVEMENTS))
    if recent:
        ach += _(" · latest: {badges}").format(badges=_(", ").join(
            f"{inert(titles.get(k, k))} ({d.isoformat()})" for k, d in recent
        ))
    lines.append(fit(ach, style.width))
    return "\n".join(lines)


def summary_markdown(state, period_info: PeriodTotals | None = None,
                     width: int | None = None) -> str:
    """The summary as Markdown; with `width`, a long quest title is cut so that its table
    row fits that many cells (a terminal's), never below 12 cells."""
    lvl, ds = state.level, state.day_streak

    def cell(text: str) -> str:
        return inert(text).replace("|", "\\|")

    lines = [
        _("# NetQuest — {day}").format(day=state.day.isoformat()),
        "",
        _("- **Level {level}** — {into}/{needed} XP to the next level, {xp} XP in all").format(
            level=lvl.level, into=lvl.xp_into_level, needed=lvl.xp_for_next_level, xp=state.xp),
        ngettext("- **Day streak** {n} (best {best}), {freezes} freeze banked",
                 "- **Day streak** {n} (best {best}), {freezes} freezes banked",
                 ds.freezes).format(n=ds.current, best=ds.best, freezes=ds.freezes),
    ]
    if period_info:
        label = _("This week") if period_info.name == "week" else _("This month")
        lines.append(ngettext("- **{label}**: {n} check-in, +{xp} XP",
                              "- **{label}**: {n} check-ins, +{xp} XP",
                              period_info.checkins).format(
            label=label, n=period_info.checkins, xp=period_info.xp))
    lines += [
        "",
        _("| Quest | Tip | Cadence | Today | Streak | Strength |"),
        "|---|---|---|---|---|---|",
    ]
    for q in state.quests:
        today = _plain_status(q, Style())
        if q.at_risk:
            today = _("{status} (at risk)").format(status=today)
        rest = (f" | {q.quest.tip} | {cell(cadence_words(q.quest.cadence))} | {today} | "
                f"{units(q.streak.current, q.streak.unit)} | {round(q.strength * 100)}% |")
        title = inert(quest_title(q.quest))
        if width is not None:
            title = fit(title, max(12, width - 2 - cell_width(rest)))
        lines.append(f"| {cell(title)}{rest}")
    if state.goal:
        from netquest.cli.goal_text import goal_markdown

        lines += [""] + goal_markdown(state.goal)
    titles = {a.id: achievement_title(a) for a in ACHIEVEMENTS}
    if state.unlocked:
        lines += ["", _("## Achievements"), ""]
        for aid, day in sorted(state.unlocked.items(), key=lambda kv: kv[1]):
            lines.append(f"- {inert(titles.get(aid, aid))} ({day.isoformat()})")
    return "\n".join(lines) + "\n"


def today_text(state, style: Style) -> str:
    lines = _header(state, style)[:1]
    due = state.due
    if not state.quests:
        lines.append(_("No quests yet: run `netquest init --starter` or `netquest quest add`."))
        return "\n".join(lines)
    lines.append(_("{done} of {due} due done").format(done=len(state.due_done), due=len(due)))
    if due:
        lines.extend(quest_rows(due, style, show_strength=False))
    rest = state.not_due
    if rest:
        ids = _(", ").join(inert(q.quest.id) for q in rest)
        if state.day == state.today:
            text = _("Not due today: {quests}").format(quests=ids)
        else:
            text = _("Not due on that day: {quests}").format(quests=ids)
        lines.append(style.dim(fit(text, style.width)))
    reach = reach_out_line(state, style)
    if reach:
        lines.append(reach)
    return "\n".join(lines)


def today_json(state) -> dict:
    data = summary_json(state)
    return {"today": data["today"], "quests": data["quests"], "reach_out": data["reach_out"]}


def earned_text(result, style: Style) -> str:
    """What a check-in earned, in one to four lines."""
    q = result.quest
    parts = [earned_xp(result)]
    if result.xp == 0:
        parts[0] += f" ({no_xp_reason(result)})"
    period = result.period or result.streak.period
    if q.cadence.is_day_cadence or period is None:
        progress = f"{result.done}/{q.target}"
    elif not result.period_is_open:
        progress = _("{done}/{needed} days in {period}").format(
            done=period.done_days, needed=period.needed, period=past_period(q.cadence, period))
    elif q.cadence.kind == "rolling":
        progress = _("{done}/{needed} days of the last {n}").format(
            done=period.done_days, needed=period.needed, n=q.cadence.days)
    else:
        progress = _("{done}/{needed} days {period}").format(
            done=period.done_days, needed=period.needed, period=this_period(q.cadence.unit))
    lines = [
        fit(
            _("{mark} {title} {progress} on {day}").format(
                mark="✓" if style.symbols else _("Checked in:"), title=inert(quest_title(q)),
                progress=progress, day=result.day.isoformat()),
            style.width,
        ),
        parts[0] + _(" · streak {streak}").format(
            streak=units(result.streak.current, result.streak.unit)),
    ]
    if result.leveled_up:
        lines.append(style.paint(_("Level up! You are now level {level}.").format(
            level=result.level_after.level), "1;33"))
    for a in result.unlocked:
        lines.append(style.paint(_("Achievement unlocked: {title} — {description}").format(
            title=achievement_title(a), description=achievement_description(a)), "1;35"))
    return "\n".join(lines)
