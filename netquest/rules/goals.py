"""Goals ("know what you want"): key-result progress and pace, decided from plain data.

A goal runs from its start day to an optional target date.  Each key result has a target
and a way to count what is done:

* ``checkins`` — the sum of the counts of check-ins of chosen quests from the goal's start
  to today (a check-in of 2 coffees counts 2);
* ``stage`` — how many people stand at a stage of the people pipeline or beyond it and
  got there (their stage last moved) on or after the goal's start — people already there
  before the goal existed are not its progress; with ``introduced``, only people someone
  introduced you to count;
* ``manual`` — a number the user updates by hand.

**Pace** compares what is done with the straight line from (start, 0) to (target date,
target).  The line's value today is ``expected``: ``target * elapsed / span`` where
``elapsed = today - start`` and ``span = target_date - start`` in days, clamped to the
span; on the start day nothing is expected yet, on the target date the whole target is.
A key result is

* ``done`` when ``done >= target`` (whatever the date);
* ``behind`` when the target date has passed and it is not done (it is also *overdue*);
* ``ahead`` / ``behind`` when ``done`` is above / below ``expected`` by more than the
  tolerance band, else ``on``.  The band is 10 % of ``expected``, and never narrower than
  one unit — or a tenth of the target when the target is below 10 — so that a key result
  is not "behind" for missing a fraction of a coffee on day two;
* ``on`` when there is no target date: with no line to compare with, nothing can be early
  or late (``expected`` is then None).

A span of zero days (start on the target date, or a target date before the start) expects
the whole target from the target date on.
"""

from __future__ import annotations

from datetime import date
from typing import Iterable, Mapping, NamedTuple, Sequence, Union

from netquest.rules.people import STAGE_IDS
from netquest.structs import Struct

GOAL_KINDS = ("explore", "partner", "clients", "job", "learn", "other")
KR_KINDS = ("checkins", "stage", "manual")
OUTCOMES = ("achieved", "dropped", "changed")
# The people pipeline, in order; a person "at or beyond" a stage counts toward it.
STAGES = STAGE_IDS
PACES = ("behind", "on", "ahead", "done")  # from worst to best

TOLERANCE = 0.10  # of the expected-by-now value
MIN_BAND = 1.0  # units, or TOLERANCE * target when the target is smaller than 1 / TOLERANCE


class KeyResult(Struct, frozen=True):
    """How one key result is measured: its kind, its target and what it counts."""

    id: str
    title: str
    kind: str
    target: float
    quests: tuple[str, ...] = ()
    stage: str | None = None
    value: float = 0
    introduced: bool = False  # a stage key result counting only people someone introduced


class PersonStage(NamedTuple):
    """What a stage key result needs of one person."""

    stage: str | None
    since: date | None = None  # when the stage last moved; None when unknown (counts)
    introduced: bool = False  # someone introduced you to them


class KRProgress(Struct, frozen=True):
    """A key result as it stands today."""

    key_result: KeyResult
    done: float
    expected: float | None
    pace: str
    overdue: bool = False

    @property
    def target(self) -> float:
        return self.key_result.target

    @property
    def fraction(self) -> float:
        """Done over target, from 0 to 1."""
        target = self.key_result.target
        return max(0.0, min(1.0, self.done / target)) if target > 0 else 1.0


class GoalProgress(Struct, frozen=True):
    """A goal's key results today, with the days left to its target date."""

    key_results: tuple[KRProgress, ...]
    days_left: int | None
    overdue: bool

    @property
    def behind(self) -> list[KRProgress]:
        return [kr for kr in self.key_results if kr.pace == "behind"]

    @property
    def pace(self) -> str | None:
        """The worst pace of the key results (None for a goal without any)."""
        if not self.key_results:
            return None
        return min((kr.pace for kr in self.key_results), key=PACES.index)


def expected(start: date, target_date: date | None, today: date, target: float) -> float | None:
    """The value of the straight line from (start, 0) to (target_date, target) on `today`."""
    if target_date is None:
        return None
    span = (target_date - start).days
    if span <= 0:
        return float(target) if today >= target_date else 0.0
    elapsed = min(max((today - start).days, 0), span)
    return target * elapsed / span


def band(expected_now: float, target: float) -> float:
    """How far from the line still counts as on pace."""
    floor = min(MIN_BAND, TOLERANCE * target)
    return max(TOLERANCE * expected_now, floor)


def pace(start: date, target_date: date | None, today: date, done: float, target: float) -> str:
    """ "done", "ahead", "on" or "behind": see the module docstring for the rule."""
    if done >= target:
        return "done"
    if target_date is None:
        return "on"
    if today > target_date:
        return "behind"
    exp = expected(start, target_date, today, target)
    assert exp is not None
    width = band(exp, target)
    if done > exp + width:
        return "ahead"
    if done < exp - width:
        return "behind"
    return "on"


def count_checkins(
    counts: Mapping[str, Mapping[date, int]], quests: Iterable[str], start: date, today: date
) -> int:
    """The sum of check-in counts of `quests` from `start` to `today`, both included."""
    total = 0
    for quest in quests:
        per_day = counts.get(quest)
        if per_day:
            total += sum(n for day, n in per_day.items() if start <= day <= today)
    return total


People = Sequence[Union[PersonStage, str, None]]  # a bare stage is a person with no date


def count_at_stage(
    people: Iterable[PersonStage | str | None],
    stage: str,
    since: date | None = None,
    introduced: bool = False,
) -> int:
    """How many people are at `stage` or beyond it, having got there on or after `since`
    (when given; a person without a date counts), and — with `introduced` — were introduced
    by someone.  Unknown stages do not count."""
    floor = STAGES.index(stage)
    rank = {name: i for i, name in enumerate(STAGES)}
    total = 0
    for person in people:
        if not isinstance(person, PersonStage):
            person = PersonStage(person)
        if rank.get(person.stage, -1) < floor:  # type: ignore[arg-type]
            continue
        if since is not None and person.since is not None and person.since < since:
            continue
        if introduced and not person.introduced:
            continue
        total += 1
    return total


def kr_done(
    kr: KeyResult,
    start: date,
    today: date,
    counts: Mapping[str, Mapping[date, int]],
    stages: People = (),
) -> float:
    """What is done toward one key result, by its kind."""
    if kr.kind == "checkins":
        return count_checkins(counts, kr.quests, start, today)
    if kr.kind == "stage":
        return count_at_stage(stages, kr.stage or STAGES[-1], since=start, introduced=kr.introduced)
    return kr.value


def kr_progress(
    kr: KeyResult,
    start: date,
    target_date: date | None,
    today: date,
    counts: Mapping[str, Mapping[date, int]],
    stages: People = (),
) -> KRProgress:
    """Done, expected and pace of one key result today."""
    done = kr_done(kr, start, today, counts, stages)
    finished = done >= kr.target
    return KRProgress(
        key_result=kr,
        done=done,
        expected=expected(start, target_date, today, kr.target),
        pace=pace(start, target_date, today, done, kr.target),
        overdue=bool(target_date and today > target_date and not finished),
    )


def goal_progress(
    key_results: Sequence[KeyResult],
    start: date,
    target_date: date | None,
    today: date,
    counts: Mapping[str, Mapping[date, int]],
    stages: People = (),
) -> GoalProgress:
    """Every key result of a goal today; a goal without key results has none and is never behind."""
    progress = tuple(
        kr_progress(kr, start, target_date, today, counts, stages) for kr in key_results
    )
    days_left = (target_date - today).days if target_date else None
    finished = bool(progress) and all(p.pace == "done" for p in progress)
    return GoalProgress(
        progress, days_left, bool(days_left is not None and days_left < 0 and not finished)
    )
