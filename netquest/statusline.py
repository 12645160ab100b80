"""The one short line of the state of play: the login banner, a status bar, a shell prompt.

`summary --motd` prints it after "NetQuest: ", `netquest status` prints it bare or styled
for tmux, and the status cache beside the data file keeps it for the prompt, so all of
them say the same thing in the same words.  Plain strings only (no click, no Rich): the
services write the cache with it after every write.  Every stored string in it has passed
the output gate (`netquest.text.inert`).
"""

from __future__ import annotations

from netquest.i18n import _, ngettext
from netquest.text import cell_width, fit, inert
from netquest.wording import quest_title

# tmux's own style names: the line reads at a glance in any status bar colour scheme.
TMUX_STYLES = {"due": "green", "open": "yellow", "flame": "colour208", "risk": "red",
               "reach": "cyan", "goal": "magenta", "empty": "default"}


def status_parts(state, *, symbols: bool, width: int, prefix: str = "") -> list[tuple[str, str]]:
    """The line as (kind, text) parts in order; `prefix` (such as "NetQuest: ") is counted
    in `width` but not returned.  Kinds: due/open, flame, risk, reach, goal, empty."""
    if not state.quests:
        return [("empty", _("no quests yet (netquest init --starter)"))]
    due, done = state.due, len(state.due_done)
    parts = [("due" if done == len(due) else "open",
              _("{done} of {due} due done").format(done=done, due=len(due)) if due
              else _("nothing due today"))]
    flame = f"{'🔥' if symbols else _('streak')} {state.day_streak.current}"
    freezes = state.day_streak.freezes
    if freezes:
        flame += f" ({freezes} ❄)" if symbols else _(" ({n} freezes)").format(n=freezes)
    parts.append(("flame", flame))
    tail = []
    if state.reach_out:
        tail.append(("reach", _("{n} to reach out").format(n=len(state.reach_out))))
    behind = len(state.goal.key_results_behind) if state.goal else 0
    if behind:
        tail.append(("goal", ngettext("goal: {n} key result behind", "goal: {n} key results behind",
                                      behind).format(n=behind)))
    sep = separator(symbols)
    risky = sorted(state.at_risk, key=lambda q: -q.streak.current)
    if risky:
        # The quest title is what gives way when the line is too long, so the counts after
        # it are never cut off.
        q = risky[0]
        if len(risky) > 1:
            template = _("'{title}' streak {n} at risk +{more} more")
        else:
            template = _("'{title}' streak {n} at risk")
        rest = template.format(title="", n=q.streak.current, more=len(risky) - 1)
        used = cell_width(prefix + sep.join(text for _kind, text in parts + tail))
        room = width - used - cell_width(sep) - cell_width(rest)
        if room >= 6:
            title = fit(inert(quest_title(q.quest)), room)
            parts.append(("risk", template.format(title=title, n=q.streak.current,
                                                  more=len(risky) - 1)))
        else:
            parts.append(("risk", ngettext("{n} streak at risk", "{n} streaks at risk",
                                           len(risky)).format(n=len(risky))))
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
