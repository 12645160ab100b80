"""Turn the state of play into text for a terminal, a pipe, Markdown or JSON.

Colour and symbols appear only when stdout is a terminal and NO_COLOR is unset; every
stored string passes through `inert` (the text gate of `netquest.text`), so no control
character, escape sequence or bidi control from the data file is printed; JSON output
goes through `json_text`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from netquest.cli.goal_text import goal_block, goal_markdown
from netquest.cli.style import Style, bar
from netquest.rules.achievements import ACHIEVEMENTS
from netquest.text import fit, inert, pad
from netquest.wording import (
    challenge_text,
    earned_xp,
    no_xp_reason,
    overdue_words,
    period_title,
    plural,
    progress_text,
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

    shown = ", ".join(
        f"{inert(p.name)} ({overdue_words(max(0, p.overdue))})" for p in people[:REACH_OUT_SHOWN]
    )
    more = f" +{len(people) - REACH_OUT_SHOWN} more" if len(people) > REACH_OUT_SHOWN else ""
    return fit(f"Reach out: {shown}{more}", style.width)


def motd_line(state, style: Style) -> str:
    """One line for a login banner: the status line (`netquest.statusline`) after "NetQuest: "."""
    from netquest.statusline import status_line

    return status_line(state, symbols=style.symbols, width=style.width, prefix="NetQuest: ")


def _header(state, style: Style) -> list[str]:
    lvl = state.level
    frac = lvl.xp_into_level / lvl.xp_for_next_level if lvl.xp_for_next_level else 0
    ds = state.day_streak
    when = state.day.strftime("%A %d %B %Y")
    if state.day != state.today:
        when += " (a past day)"
    lines = [style.bold(fit(f"NetQuest — {when}", style.width))]
    barw = max(8, min(24, style.width - 40))
    lines.append(
        fit(f"Level {lvl.level}  ", style.width)
        + style.paint(bar(frac, barw, style), "33")
        + f"  {lvl.xp_into_level}/{lvl.xp_for_next_level} XP · {state.xp} XP in all"
    )
    flame = (
        f"Day {style.flame} {ds.current} (best {ds.best})"
        if style.symbols
        else f"Day streak {ds.current} (best {ds.best})"
    )
    lines.append(f"{flame} · {plural(ds.freezes, 'freeze')} banked")
    return lines


def quest_rows(quests, style: Style, show_strength: bool = True) -> list[str]:
    """Rows grouped under their tip, fitted to the width."""
    status_w, streak_w, strength_w = 12, 10, 12 if show_strength else 0
    # Titles take the room there is, up to a readable column on a very wide terminal.
    title_w = min(64, max(12, style.width - 4 - status_w - streak_w - strength_w - 3))
    lines = []
    for tip in sorted({q.quest.tip for q in quests}):
        lines.append(style.bold(fit(f" {tip} {tip_title(tip)}", style.width)))
        for q in [q for q in quests if q.quest.tip == tip]:
            title = pad(inert(q.quest.title), title_w)
            status = pad(_plain_status(q, style), status_w)
            if style.color and q.complete:
                status = style.paint(status, "32")
            streak = pad(units(q.streak.current, q.streak.unit), streak_w)
            row = f"   {title} {status} {streak}"
            if show_strength:
                row += " " + bar(q.strength, 6, style) + f" {round(q.strength * 100):3d}%"
            if q.at_risk:
                row += " " + style.paint("!" if style.symbols else "at risk", "31")
            lines.append(row.rstrip())
    return lines


def _plain_status(qs, style: Style) -> str:
    if qs.skipped:
        return "skipped"
    done = progress_text(qs)
    if qs.complete:
        return ("✓ " if style.symbols else "done ") + done
    if not qs.due and qs.quest.cadence.is_day_cadence:
        return "not due"
    return done


def summary_text(state, style: Style, period_info: PeriodTotals | None = None) -> str:
    lines = _header(state, style)
    if period_info:
        label = period_title(period_info.name)
        lines.append(f"{label}: {period_info.checkins} check-ins · +{period_info.xp} XP")
    if state.challenge and state.quests:
        lines.append(fit(challenge_text(state.challenge), style.width))
    lines.append("")
    if not state.quests:
        lines.append("No quests yet. Add the starter quests with `netquest init --starter`,")
        lines.append("or your own with `netquest quest add TITLE --tip N --cadence daily`.")
        return "\n".join(lines)
    lines.append(
        style.dim(fit(f"{len(state.due_done)} of {len(state.due)} due today done", style.width))
    )
    lines.extend(quest_rows(state.quests, style))
    risky = state.at_risk
    if risky:
        lines.append("")
        names = ", ".join(
            f"'{inert(q.quest.title)}' ({units(q.streak.current, q.streak.unit)})" for q in risky
        )
        lines.append(style.paint(fit(f"At risk today: {names}", style.width), "31"))
    reach = reach_out_line(state, style)
    if reach:
        lines += ["", reach]
    if state.goal:
        lines += [""] + goal_block(state.goal, style)
    lines.append("")
    recent = sorted(state.unlocked.items(), key=lambda kv: kv[1], reverse=True)[:3]
    titles = {a.id: a.title for a in ACHIEVEMENTS}
    ach = f"Achievements: {len(state.unlocked)} of {len(ACHIEVEMENTS)} unlocked"
    if recent:
        ach += " · latest: " + ", ".join(
            f"{inert(titles.get(k, k))} ({d.isoformat()})" for k, d in recent
        )
    lines.append(fit(ach, style.width))
    return "\n".join(lines)


def summary_markdown(state, period_info: PeriodTotals | None = None) -> str:
    lvl, ds = state.level, state.day_streak

    def cell(text: str) -> str:
        return inert(text).replace("|", "\\|")

    lines = [
        f"# NetQuest — {state.day.isoformat()}",
        "",
        f"- **Level {lvl.level}** — {lvl.xp_into_level}/{lvl.xp_for_next_level} XP to the next level, {state.xp} XP in all",
        f"- **Day streak** {ds.current} (best {ds.best}), {ds.freezes} freezes banked",
    ]
    if period_info:
        lines.append(
            f"- **This {period_info.name}**: {period_info.checkins} check-ins, +{period_info.xp} XP"
        )
    lines += [
        "",
        "| Quest | Tip | Cadence | Today | Streak | Strength |",
        "|---|---|---|---|---|---|",
    ]
    for q in state.quests:
        today = "skipped" if q.skipped else _plain_status(q, Style())
        if q.at_risk:
            today += " (at risk)"
        lines.append(
            f"| {cell(q.quest.title)} | {q.quest.tip} | {cell(q.quest.cadence)} | {today} | "
            f"{units(q.streak.current, q.streak.unit)} | {round(q.strength * 100)}% |"
        )
    if state.goal:
        lines += [""] + goal_markdown(state.goal)
    titles = {a.id: a.title for a in ACHIEVEMENTS}
    if state.unlocked:
        lines += ["", "## Achievements", ""]
        for aid, day in sorted(state.unlocked.items(), key=lambda kv: kv[1]):
            lines.append(f"- {inert(titles.get(aid, aid))} ({day.isoformat()})")
    return "\n".join(lines) + "\n"


def today_text(state, style: Style) -> str:
    lines = _header(state, style)[:1]
    due = state.due
    if not state.quests:
        lines.append("No quests yet: run `netquest init --starter` or `netquest quest add`.")
        return "\n".join(lines)
    lines.append(f"{len(state.due_done)} of {len(due)} due done")
    if due:
        lines.extend(quest_rows(due, style, show_strength=False))
    rest = state.not_due
    if rest:
        when = "today" if state.day == state.today else "on that day"
        lines.append(
            style.dim(
                fit(f"Not due {when}: " + ", ".join(inert(q.quest.id) for q in rest), style.width)
            )
        )
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
    period = result.streak.period
    if not q.cadence.is_day_cadence and period is not None:
        if q.cadence.kind == "rolling":
            words = f"of the last {q.cadence.days}"
        else:
            words = this_period(q.cadence.unit)
        progress = f"{period.done_days}/{period.needed} days {words}"
    else:
        progress = f"{result.done}/{q.target}"
    lines = [
        fit(
            f"{'✓' if style.symbols else 'Checked in:'} {inert(q.title)} {progress} on {result.day.isoformat()}",
            style.width,
        ),
        f"{parts[0]} · streak {units(result.streak.current, result.streak.unit)}",
    ]
    if result.leveled_up:
        lines.append(
            style.paint(f"Level up! You are now level {result.level_after.level}.", "1;33")
        )
    for a in result.unlocked:
        lines.append(style.paint(f"Achievement unlocked: {a.title} — {a.description}", "1;35"))
    return "\n".join(lines)
