"""A check-in replays the history for badges only when one could change, and the stored
unlock days are always what a full replay of the history gives.

Over random histories (check-ins on today or past days, under every tip, naming people,
undos, and days passing), after every check-in and undo the stored badges are exactly the
badges a full replay unlocks, each on the replay's day.
"""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from netquest.clock import Clock
from netquest.rules.achievements import ACHIEVEMENTS
from netquest.services import NetQuest, badges
from netquest.store import Store

ALL_IDS = frozenset(a.id for a in ACHIEVEMENTS)
START = date(2026, 3, 2)  # a Monday
QUESTS = [  # id, tip, cadence, target
    ("coffee", 4, "daily", 1),
    ("comment", 1, "daily", 2),
    ("host", 2, "2/week", 1),
    ("introduce", 3, "weekdays", 1),
    ("goalstep", 5, "mon,thu", 1),
]

checkin = st.tuples(st.just("checkin"), st.sampled_from([q[0] for q in QUESTS]),
                    st.integers(0, 9), st.integers(1, 4),
                    st.lists(st.sampled_from(["Ana", "Bob", "Cy", "Dee", "Eve", "Fay"]),
                             max_size=2))
# A run of days in a row under one quest, oldest first, so streak badges come within reach.
run = st.tuples(st.just("run"), st.sampled_from([q[0] for q in QUESTS]), st.integers(2, 9))
ops = st.lists(st.one_of(checkin, checkin, checkin, run, st.tuples(st.just("undo")),
                         st.tuples(st.just("pass"), st.integers(1, 4))),
               min_size=1, max_size=45)


def _services(store: Store, today: date) -> NetQuest:
    return NetQuest(store, Clock(timezone="UTC", fixed_now=f"{today.isoformat()}T12:00:00"))


def _replayed(services: NetQuest) -> dict[str, str]:
    with services.reading() as s:
        return {st.achievement.id: st.unlocked_on.isoformat()
                for st in badges.achievements(s, s.history) if st.unlocked_on}


def _stored(services: NetQuest) -> dict[str, str]:
    with services.reading() as s:
        return {doc["id"]: doc["day"] for doc in s.tx.all("achievements")}


def _checkin(services: NetQuest, later: bool, qid: str, **kw) -> None:
    """A check-in whose result names exactly the badges it stored; `later` stores them as
    the app does, in a transaction of their own after the check-in's."""
    before = _stored(services)
    if later:
        result = services.quests.checkin(qid, badges_later=True, **kw)
        assert result.unlocked == [] and _stored(services) == before
        unlocked = services.stats.badges_after(result, tuple(kw.get("people", ())))
    else:
        unlocked = services.quests.checkin(qid, **kw).unlocked
    assert {a.id for a in unlocked} == _stored(services).keys() - before.keys()


def _play(steps, later: bool) -> None:
    store = Store(memory=True)
    today = START + timedelta(days=9)
    services = _services(store, today)
    for qid, tip, cadence, target in QUESTS:
        services.quests.add(qid.title(), tip, cadence, target=target, id=qid, xp=40, start=START)
    logged = 0
    for step in steps:
        if step[0] == "pass":
            today += timedelta(days=step[1])
            services = _services(store, today)
            continue
        if step[0] == "run":
            for back in range(step[2] - 1, -1, -1):
                day = today - timedelta(days=back)
                if day >= START:
                    _checkin(services, later, step[1], day=day.isoformat())
                    logged += 1
                    assert _stored(services) == _replayed(services)
            continue
        if step[0] == "undo":
            if not logged:
                continue
            services.log.undo()
            logged -= 1
        else:
            _, qid, back, count, people = step
            day = max(START, today - timedelta(days=back))
            _checkin(services, later, qid, count=count, people=people, day=day.isoformat())
            logged += 1
        assert _stored(services) == _replayed(services)


@settings(max_examples=120)
@given(ops)
def test_stored_badges_are_the_full_replays_after_every_check_in_and_undo(steps):
    _play(steps, later=False)


@settings(max_examples=80)
@given(ops)
def test_badges_stored_after_the_check_in_are_the_full_replays_too(steps):
    """The app saves a check-in first and its badges in a second transaction."""
    _play(steps, later=True)


def test_every_badge_has_a_bound_so_check_ins_can_skip_the_replay():
    assert ALL_IDS == badges.KNOWN


def test_a_check_in_that_cannot_win_or_move_a_badge_does_not_replay(services, monkeypatch):
    services.quests.add("Coffee", 4, "daily", id="coffee", start=date(2026, 3, 1))
    services.quests.checkin("coffee", day="2026-03-10")
    replays = []
    real = badges.sync_achievements
    monkeypatch.setattr(badges, "sync_achievements",
                        lambda s: replays.append(1) or real(s))
    services.quests.checkin("coffee")  # two days in a row: no badge is near
    assert replays == []
    assert _stored(services) == _replayed(services)


def test_a_goal_closed_as_achieved_stores_its_badge_at_once(services):
    services.goals.set(want="Meet founders")
    services.goals.close("g1", "achieved")
    assert _stored(services) == {"goal_achieved": "2026-03-11"} == _replayed(services)


def test_weekly_reviews_in_52_weeks_store_the_year_in_review_badge(services):
    services.goals.set(want="Meet founders")
    first = date(2025, 3, 10)  # 52 Mondays before the week of 2026-03-09
    for k in range(51):
        services.reviews.add(moved="a call", week=(first + timedelta(weeks=k)).isoformat())
    assert "reviews_52" not in _stored(services)
    services.reviews.add(moved="a call", week=(first + timedelta(weeks=51)).isoformat())
    assert _stored(services)["reviews_52"] == "2026-03-11" == _replayed(services)["reviews_52"]
