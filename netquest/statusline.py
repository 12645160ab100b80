"""The one short line of the state of play: the login banner, a status bar, a shell prompt.

`summary --motd` prints it after "NetQuest: ", `netquest status` prints it bare or styled
for tmux, and the status cache beside the data file keeps it for the prompt, so all of
them say the same thing in the same words.  Plain strings only (no click, no Rich): the
services write the cache with it after every write.  Every stored string in it has passed
the output gate (`netquest.text.inert`).
"""

from __future__ import annotations

from netquest.text import cell_width, fit, inert
from netquest.wording import plural

NO_QUESTS = "no quests yet (netquest init --starter)"

# tmux's own style names: the line reads at a glance in any status bar colour scheme.
TMUX_STYLES = {"due": "green", "open": "yellow", "flame": "colour208", "risk": "red",
               "reach": "cyan", "goal": "magenta", "empty": "default"}


def status_parts(state, *, symbols: bool, width: int, prefix: str = "") -> list[tuple[str, str]]:
    """The line as (kind, text) parts in order; `prefix` (such as "NetQuest: ") is counted
    in `width` but not returned.  Kinds: due/open, flame, risk, reach, goal, empty."""
    if not state.quests:
        return [("empty", NO_QUESTS)]
    due, done = state.due, len(state.due_done)
    parts = [("due" if done == len(due) else "open",
              f"{done} of {len(due)} due done" if due else "nothing due today")]
    flame = f"{'🔥' if symbols else 'streak'} {state.day_streak.current}"
    freezes = state.day_streak.freezes
    if freezes:
        flame += f" ({freezes} ❄)" if symbols else f" ({freezes} freezes)"
    parts.append(("flame", flame))
    tail = []
    if state.reach_out:
        tail.append(("reach", f"{len(state.reach_out)} to reach out"))
    behind = len(state.goal.key_results_behind) if state.goal else 0
    if behind:
        tail.append(("goal", f"goal: {plural(behind, 'key result')} behind"))
    sep = separator(symbols)
    risky = sorted(state.at_risk, key=lambda q: -q.streak.current)
    if risky:
        # The quest title is what gives way when the line is too long, so the counts after
        # it are never cut off.
        q = risky[0]
        more = f" +{len(risky) - 1} more" if len(risky) > 1 else ""
        rest = f"' streak {q.streak.current} at risk{more}"
        used = cell_width(prefix + sep.join(text for _, text in parts + tail))
        room = width - used - cell_width(sep) - cell_width(rest) - 1
        if room >= 6:
            parts.append(("risk", f"'{fit(inert(q.quest.title), room)}{rest}"))
        else:
            parts.append(("risk", f"{plural(len(risky), 'streak')} at risk"))
    return parts + tail


def separator(symbols: bool) -> str:
    return " · " if symbols else " | "


def status_line(state, *, symbols: bool, width: int, prefix: str = "") -> str:
    """The line as plain text, `prefix` first, fitted to `width` cells."""
    parts = status_parts(state, symbols=symbols, width=width, prefix=prefix)
    return fit(prefix + separator(symbols).join(text for _, text in parts), width)


def status_tmux(state, *, width: int = 80) -> str:
    """The line with tmux `#[fg=...]` styles; a `#` of the data is doubled so tmux shows it."""
    parts = status_parts(state, symbols=True, width=width)
    styled = [f"#[fg={TMUX_STYLES[kind]}]{text.replace('#', '##')}#[default]"
              for kind, text in parts]
    return separator(True).join(styled)


def status_json(state) -> dict:
    """The numbers behind the line, for scripts."""
    return {
        "today": state.today.isoformat(),
        "due": len(state.due),
        "done": len(state.due_done),
        "day_streak": state.day_streak.current,
        "at_risk": [q.quest.id for q in state.at_risk],
        "reach_out": len(state.reach_out),
    }
