"""Shell completion: what Tab offers after `netquest` in bash, zsh and fish.

Click's own mechanism carries it: the script `netquest completion SHELL` prints calls
`netquest` again with `_NETQUEST_COMPLETE=bash_complete` (or zsh_, fish_) and the words
typed so far (`netquest.cli.shells`), and the parameters below answer through their
`shell_complete` callbacks.

A Tab must feel instant, so the user's quests, people and goals come from
`netquest.store.glance` (the small tables only, no schema, no state of play, never a
write), and nothing heavier than the catalogue is imported.  A typed start matches ids
and titles in any case, as the commands do; what is inserted is always the id, with the
title as its description where the shell shows one.  Every description passes `inert`,
and when anything goes wrong (a damaged file, say) a Tab offers nothing rather than print.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Callable, Iterable

import click
from click.shell_completion import CompletionItem, split_arg_string

from netquest.text import inert

Items = list[CompletionItem]
Callback = Callable[[click.Context, click.Parameter, str], Items]


def _quietly(
    find: Callable[[click.Context, click.Parameter, str], Iterable[CompletionItem]],
) -> Callback:
    """A completion callback that offers nothing instead of failing: a Tab must never print a traceback."""

    def callback(ctx: click.Context, param: click.Parameter, incomplete: str) -> Items:
        try:
            return list(find(ctx, param, incomplete))
        except Exception:
            return []

    return callback


def _over(find: Callable[..., Items], **fixed) -> Callback:
    """A completion callback offering `find(ctx, incomplete, **fixed)`."""
    return _quietly(lambda ctx, param, incomplete: find(ctx, incomplete, **fixed))


# ------------------------------------------------------------------ the user's own data
def _tables(ctx: click.Context) -> dict[str, list[dict]]:
    """Quests, people and goals of the data file the command line names (--db, NETQUEST_DB or the default)."""
    from netquest.store.glance import small_tables

    db = _db_typed(ctx) or _db_after_cursor()
    if db:  # as typed, so `$HOME/nq.json` or `~/nq.json` (the shell expands them on Enter)
        path = Path(os.path.expandvars(db)).expanduser()
    else:
        from netquest.store.location import default_db_path

        path = default_db_path()
    return small_tables(path)


def _db_typed(ctx: click.Context | None) -> str | None:
    """The --db the command line parsed so far (the commands' context object holds it)."""
    while ctx is not None:
        if getattr(ctx.obj, "db", None):
            return ctx.obj.db
        ctx = ctx.parent
    return None


def _db_after_cursor() -> str | None:
    """The --db typed after the word being completed, which click does not parse.

    Bash and zsh hand over the whole line (fish only up to the cursor, where click finds
    --db itself); going back to complete a word of `netquest checkin co --db x.json` must
    read x.json, as Enter will."""
    try:
        words = split_arg_string(os.environ.get("COMP_WORDS", ""))
        later = words[int(os.environ.get("COMP_CWORD", "")) + 1 :]
    except ValueError:  # fish's COMP_CWORD is the word itself
        return None
    found = None
    for i, word in enumerate(later):
        if word == "--":
            break
        if word == "--db" and later[i + 1 : i + 2] == ["="]:  # bash breaks `--db=x` at the `=`
            found = "".join(later[i + 2 : i + 3])
        elif word == "--db" and i + 1 < len(later):
            found = later[i + 1]
        elif word.startswith("--db="):
            found = word[len("--db=") :]
    return found


def _item(value: str, help: str | None = None) -> CompletionItem:
    return CompletionItem(inert(value), help=inert(help) if help else None)


def _quest_items(ctx: click.Context, incomplete: str, archived: bool | None) -> Items:
    """Quests whose id or title starts with `incomplete` (any case); `archived` None for all."""
    low = incomplete.strip().lower()
    docs = sorted(_tables(ctx)["quests"], key=lambda d: d["id"])
    return [
        _item(d["id"], d["title"])
        for d in docs
        if (archived is None or bool(d.get("archived")) == archived)
        and (d["id"].lower().startswith(low) or d["title"].lower().startswith(low))
    ]


active_quests = _over(_quest_items, archived=False)  # check in, skip, archive, link to a goal
any_quests = _over(_quest_items, archived=None)  # edit, log, unlink
archived_quests = _over(_quest_items, archived=True)  # restore


@_quietly
def quest_list(ctx, param, incomplete):
    """The last of comma-separated quest ids (`--quests coffee,in`)."""
    done, _, last = incomplete.rpartition(",")
    head = done + "," if done else ""
    named = set(done.split(","))
    return [
        CompletionItem(head + item.value, help=item.help)
        for item in _quest_items(ctx, last, archived=None)
        if item.value not in named
    ]


def _people_items(ctx: click.Context, incomplete: str) -> Items:
    """People whose id or name starts with `incomplete`, matched as the commands match names."""
    from netquest.rules.people import normalize_name

    key = normalize_name(incomplete)
    low = " ".join(incomplete.split()).lower()
    docs = sorted(_tables(ctx)["people"], key=lambda d: d["id"])
    return [
        _item(d["id"], d["name"])
        for d in docs
        if d["id"].startswith(low) or normalize_name(d["name"]).startswith(key)
    ]


people = _over(_people_items)  # one person: people show, --introduced-by, goal card...


@_quietly
def people_list(ctx, param, incomplete):
    """The last of comma-separated people (`--with "Ana, Bea"`), as `--with` splits them."""
    done, comma, last = incomplete.rpartition(",")
    rest = last.lstrip()
    head = done + comma + last[: len(last) - len(rest)]
    named = {name.strip().lower() for name in done.split(",")}
    return [
        CompletionItem(head + item.value, help=item.help)
        for item in _people_items(ctx, rest)
        if item.value not in named
    ]


def _goal_items(ctx: click.Context, incomplete: str, open_only: bool) -> Items:
    low = incomplete.strip().lower()
    goals = sorted(_tables(ctx)["goals"], key=lambda d: (len(d["id"]), d["id"]))
    return [
        _item(d["id"], str(d.get("want") or ""))
        for d in goals
        if d["id"].lower().startswith(low) and not (open_only and d.get("status") == "archived")
    ]


open_goals = _over(_goal_items, open_only=True)  # focus, done
goals = _over(_goal_items, open_only=False)  # --goal


def _key_result_items(ctx: click.Context, incomplete: str, manual_only: bool) -> Items:
    """Key results of the goal named by --goal, else of the goal in focus."""
    ref = str(ctx.params.get("goal_ref") or "").strip().lower()
    for goal in _tables(ctx)["goals"]:
        if (goal["id"].lower() == ref) if ref else goal.get("status") == "focus":
            low = incomplete.strip().lower()
            return [
                _item(kr["id"], str(kr.get("title") or ""))
                for kr in goal.get("key_results", [])
                if kr["id"].lower().startswith(low)
                and not (manual_only and kr.get("kind") != "manual")
            ]
    return []


key_results = _over(_key_result_items, manual_only=False)  # kr rm
manual_key_results = _over(_key_result_items, manual_only=True)  # kr set takes only these


# ------------------------------------------------------------------ fixed choices
def _choices(pairs: Iterable[tuple[str, str | None]], incomplete: str) -> Items:
    low = incomplete.lower()
    return [
        CompletionItem(value, help=help) for value, help in pairs if value.lower().startswith(low)
    ]


@_quietly
def stages(ctx, param, incomplete):
    """The stages of a contact, in the order they grow."""
    from netquest.rules.people import STAGES

    return _choices(STAGES, incomplete)


@_quietly
def moves_to(ctx, param, incomplete):
    """The stages a quest's check-ins can move people to, or none."""
    from netquest.rules.people import STAGES

    return _choices([*STAGES[1:], ("none", "Moves nobody")], incomplete)


@_quietly
def goal_kinds(ctx, param, incomplete):
    """What a goal is about."""
    from netquest.rules.goals import GOAL_KINDS

    return _choices(((k, None) for k in GOAL_KINDS), incomplete)


@_quietly
def outcomes(ctx, param, incomplete):
    """How a goal ended."""
    from netquest.rules.goals import OUTCOMES

    return _choices(((o, None) for o in OUTCOMES), incomplete)


@_quietly
def tips(ctx, param, incomplete):
    """The five tips by number, with their titles."""
    from netquest.catalog import TIPS

    return _choices(((str(t.number), t.title) for t in TIPS), incomplete)


CADENCES = (
    ("daily", "every day"),
    ("weekdays", "Monday to Friday"),
    ("mon,wed,fri", "chosen weekdays"),
    ("3/week", "any 3 days of a calendar week"),
    ("every 3 days", "counted from the quest's first day"),
    ("2/month", "any 2 days of a month"),
)


@_quietly
def cadences(ctx, param, incomplete):
    """One example of each kind of cadence."""
    return _choices(CADENCES, incomplete)


# What each setting takes; `netquest settings` validates, this only suggests.  A test checks
# that these are the keys `netquest settings` knows, so a new setting is not forgotten here.
SETTING_HELP = {
    "day_start_hour": "the hour your day ends (0-23)",
    "week_start": "mon or sun",
    "timezone": "your time zone, or system",
    "theme": "the full-screen app's colours",
    "language": "en, zh-CN, or system",
    "sync_auto": "on: sync in the background after each change",
    "sync_timeout": "seconds a sync waits on the network",
}


def _setting_values(key: str) -> list[tuple[str, str | None]]:
    if key == "day_start_hour":
        return [(str(h), "midnight" if h == 0 else f"a day ends at {h} am") for h in range(12)] + [
            (str(h), None) for h in range(12, 24)
        ]
    if key == "week_start":
        return [("mon", "Monday"), ("sun", "Sunday")]
    if key == "timezone":
        from zoneinfo import available_timezones

        return [("system", "the system's time zone")] + [
            (z, None) for z in sorted(available_timezones())
        ]
    if key == "language":
        from netquest.i18n import available

        return [(tag, None) for tag in available()] + [("system", "the system's language")]
    if key == "theme":
        from netquest.themes import theme_names

        return [(name, None) for name in theme_names()]
    if key == "sync_auto":
        return [("on", None), ("off", None)]
    if key == "sync_timeout":
        return [(str(n), None) for n in (10, 30, 60, 120, 300)]
    return []


@_quietly
def setting_keys(ctx, param, incomplete):
    """The settings `netquest settings` shows and changes."""
    return _choices(SETTING_HELP.items(), incomplete)


@_quietly
def setting_values(ctx, param, incomplete):
    """The values the setting named before can take."""
    return _choices(_setting_values(str(ctx.params.get("key") or "")), incomplete)


def data_file(ctx, param, incomplete):
    """A file name, completed by the shell itself."""
    return [CompletionItem(incomplete, type="file")]
