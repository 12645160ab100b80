"""Keep the status cache (`netquest.statuscache`) in step with the data file.

The store calls `written` after every transaction that wrote, with what it wrote, so the
line a prompt shows changes with every check-in of every process (command line or app)
without a second read of the file; `current` renews it when the habit day has turned.
"""

from __future__ import annotations

import os
from datetime import date, datetime, timedelta

from netquest import statuscache
from netquest.clock import wall_time
from netquest.rules.day_streak import day_streak
from netquest.rules.streaks import due_today, quest_streak
from netquest.rules.xp import level_for
from netquest.services import play
from netquest.services.model import QuestState, State
from netquest.services.session import TODAY_STATE, Session
from netquest.statusline import status_line

CACHE_WIDTH = 80


def day_bounds(clock, day: date) -> tuple[int, int]:
    """The habit day `day` as Unix seconds [start, end): day-start hour to day-start hour,
    on the local wall clock (23 or 25 hours long on DST days).  A day-start hour the clocks
    live twice begins the day at its first pass, as `Clock.habit_day` counts it."""
    def begins(d: date) -> int:
        return int(wall_time(datetime(d.year, d.month, d.day, clock.day_start_hour),
                             clock.zone).replace(fold=0).timestamp())
    return begins(day), begins(day + timedelta(days=1))


def cached_for(state, clock, zone_from_setting: bool, data_path) -> statuscache.Cached:
    """What the cache holds for `state` (today's) under `clock`."""
    start, end = day_bounds(clock, state.today)
    line = status_line(state, symbols=True, width=CACHE_WIDTH)
    return statuscache.Cached(state.today.isoformat(), line, end, start, clock.timezone,
                              zone_from_setting, statuscache.data_key(data_path))


def status_state(root, s: Session) -> State:
    """Today's state of play as far as the status line reads it.

    The line shows no strength, XP or achievements, and strength costs as much as the rest
    together on a long history; it runs after every write, so it is left out (0.0).  With
    the state of play's checkpoints, the walks start at them, as a summary's do.  Today's
    whole state, when the session already worked it out from the data as it is now (a
    check-in in the app shows it), is the same line at no cost."""
    today = s.today
    known = s.tx.recall(TODAY_STATE)
    if known is not None and known.today == today and known.day == today:
        return known
    active = play.quests_of(s)
    marks = None
    if root.quests.use_checkpoints:
        from netquest.services.checkpoints import marks_for

        marks = marks_for(root.store, s, active, root.goals.focus_start_in(s))
    hist = s.history_on(today) if marks is None else marks.history
    quests = []
    for quest in active:
        counts, skips = hist.counts.get(quest.id, {}), hist.skips_for(quest.id)
        start = quest.start
        quests.append(QuestState(
            quest=quest,
            due=due_today(quest.cadence, quest.target, start, counts, skips, today, s.week_start),
            done=counts.get(today, 0),
            streak=quest_streak(quest.cadence, quest.target, start, counts, skips, today,
                                s.week_start, marks.streak.get(quest.id) if marks else None),
            strength=0.0,
            next_xp=0,
            skipped=today in skips,
        ))
    xp = hist.xp_total + (marks.xp_before if marks else 0)
    return State(day=today, today=today, xp=xp, level=level_for(xp),
                 day_streak=day_streak(hist.active_days, hist.vacation, today,
                                       mark=marks.day if marks else None),
                 quests=quests, achievements=[], unlocked={},
                 goal=root.goals.summary_in(s, hist), reach_out=root.people.reach_out_in(s))


def save(root, s: Session) -> statuscache.Cached | None:
    """Write the cache of `root`'s data file from the session `s`; None for an in-memory store."""
    path = root.store.path
    if path is None:
        return None
    cached = cached_for(status_state(root, s), s.clock, bool(s.settings.get("timezone")), path)
    target = statuscache.cache_path(path)
    if statuscache.read(target) != cached:
        statuscache.write(target, cached)
    return cached


def written(root, tx) -> None:
    """After a write, with a view of what was written: renew the cache.  The write has
    happened, so nothing here may undo it or fail the command; a cache that cannot be
    renewed is removed rather than left stale."""
    try:
        save(root, Session(tx, root.base_clock))
    except Exception:
        try:
            os.unlink(statuscache.cache_path(root.store.path))
        except (OSError, TypeError):
            pass


def current(root) -> str:
    """Today's status line from the cache, renewing it first when it is not today's.

    Only the cache of a data file that exists is written, and a cache that cannot be
    written still leaves the line to print."""
    token = root.store.change_token()
    with root.reading() as s:
        path = root.store.path
        if path is not None and root.store.exists():
            cached = statuscache.read(statuscache.cache_path(path))
            if cached is not None and (cached.data, cached.day, cached.zone) == (
                    statuscache.data_key(path), s.today.isoformat(), s.clock.timezone):
                return cached.line
            saved = None
            try:
                # Not over what a write since this read has put there.
                if not root.store.changed_since(token):
                    saved = save(root, s)
            except OSError:
                pass
            if saved is not None:
                return saved.line
        return status_line(status_state(root, s), symbols=True, width=CACHE_WIDTH)


def renew_if_turned(root) -> None:
    """Renew the cache when the habit day it was written for is over (or there is none);
    a cache of this file whose day holds now costs one small read and nothing else."""
    import time

    path = root.store.path
    if path is None:
        return
    cached = statuscache.read(statuscache.cache_path(path))
    if cached is not None and cached.data == statuscache.data_key(path):
        now = statuscache.now_seconds(cached.zone, os.environ)
        if now is None:
            now = time.time()
        if cached.start <= now < cached.end:
            return
    current(root)
