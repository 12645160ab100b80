"""The pure rules for people: stages, moves by play, overdue days, cooling order, name matching."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import NamedTuple

import pytest
from hypothesis import given
from hypothesis import strategies as st

from netquest.rules.people import (
    PLAY_STAGES,
    STAGE_IDS,
    STAGE_TITLES,
    STAGES,
    cooling,
    default_moves_to,
    furthest,
    match_name,
    name_order,
    normalize_name,
    overdue_days,
    slug,
    stage_after_checkin,
    stage_rank,
)

TODAY = date(2026, 3, 11)


class P(NamedTuple):
    name: str
    last_contact: date | None = None
    interval: int | None = None


def test_stages_in_the_order_of_the_tips():
    assert STAGE_IDS == ("want", "intro_asked", "introduced", "met", "keeping_in_touch")
    assert [t for _, t in STAGES] == [
        "Want to meet",
        "Intro asked",
        "Introduced",
        "Met",
        "Keeping in touch",
    ]
    assert STAGE_TITLES["met"] == "Met"
    assert [stage_rank(s) for s in STAGE_IDS] == [0, 1, 2, 3, 4]
    with pytest.raises(ValueError, match="unknown stage 'friend'"):
        stage_rank("friend")


@pytest.mark.parametrize("current,target,expected", [
    ("want", "intro_asked", "intro_asked"),
    ("intro_asked", "intro_asked", "intro_asked"),
    ("introduced", "intro_asked", "introduced"),  # never back
    ("met", "intro_asked", "met"),
    ("keeping_in_touch", "intro_asked", "keeping_in_touch"),
    ("want", "met", "met"),
    ("intro_asked", "met", "met"),
    ("introduced", "met", "met"),
    ("met", "met", "met"),
    ("keeping_in_touch", "met", "keeping_in_touch"),  # never back
    ("met", "keeping_in_touch", "keeping_in_touch"),
    ("want", None, "want"),
    ("intro_asked", None, "intro_asked"),
    ("introduced", None, "introduced"),
])
def test_stage_after_checkin(current, target, expected):
    assert stage_after_checkin(current, target) == expected


def test_stage_after_checkin_refuses_an_unknown_stage():
    for target in (None, "intro_asked", "met"):
        with pytest.raises(ValueError):
            stage_after_checkin("bestie", target)
    with pytest.raises(ValueError):
        stage_after_checkin("want", "bestie")


def test_quests_added_by_the_user_move_people_by_their_tip():
    assert [default_moves_to(tip) for tip in range(1, 6)] == [
        None,
        None,
        "intro_asked",
        "met",
        None,
    ]
    assert PLAY_STAGES == {3: "intro_asked", 4: "met"}


@pytest.mark.parametrize("text,expected", [
    ("Elif Yılmaz", "elif-yilmaz"),
    ("Paweł Łukasz", "pawel-lukasz"),
    ("Søren Ærø", "soren-aero"),
    ("Gauß", "gauss"),
    ("Đorđe", "dorde"),
    ("Þóra", "thora"),
    ("José Ñúñez", "jose-nunez"),
    ("李明", ""),
])
def test_slug_transliterates_letters_nfkd_cannot_fold(text, expected):
    assert slug(text) == expected


def test_furthest():
    assert furthest("want", "met") == "met"
    assert furthest("keeping_in_touch", "introduced") == "keeping_in_touch"
    assert furthest("met", "met") == "met"


@given(st.lists(st.sampled_from((None, *STAGE_IDS)), max_size=30), st.sampled_from(STAGE_IDS))
def test_moves_by_play_are_monotone(targets, start):
    stage = start
    for target in targets:
        after = stage_after_checkin(stage, target)
        assert stage_rank(after) >= stage_rank(stage)
        if target is not None:
            assert stage_rank(after) >= stage_rank(target)
        else:
            assert after == stage
        stage = after
    # The order of the check-ins does not matter: the end stage is the furthest reached.
    expected = start
    for target in targets:
        if target is not None:
            expected = furthest(expected, target)
    assert stage == expected


@pytest.mark.parametrize("last,interval,expected", [
    (None, 7, None),
    (TODAY, None, None),
    (None, None, None),
    (TODAY, 7, -7),
    (TODAY - timedelta(days=7), 7, 0),
    (TODAY - timedelta(days=10), 7, 3),
    (TODAY - timedelta(days=1), 1, 0),
    (date(2025, 3, 11), 30, 335),
])
def test_overdue_days(last, interval, expected):
    assert overdue_days(last, interval, TODAY) == expected


def test_overdue_days_count_dates_not_hours_across_a_leap_day():
    assert overdue_days(date(2024, 2, 28), 1, date(2024, 3, 1)) == 1


def test_cooling_keeps_only_the_due_most_overdue_first_ties_by_name():
    people = [
        P("Zoe", TODAY - timedelta(days=20), 10),   # 10 overdue
        P("ana", TODAY - timedelta(days=13), 10),   # 3 overdue
        P("Bob", TODAY - timedelta(days=13), 10),   # 3 overdue
        P("Cleo", TODAY - timedelta(days=7), 7),    # due today
        P("Dan", TODAY - timedelta(days=6), 7),     # not yet
        P("Eve", None, 7),                          # never contacted
        P("Finn", TODAY - timedelta(days=400), None),  # no interval
    ]
    assert [p.name for p in cooling(people, TODAY)] == ["Zoe", "ana", "Bob", "Cleo"]
    assert cooling([], TODAY) == []


@given(
    st.lists(st.tuples(st.integers(0, 100), st.one_of(st.none(), st.integers(1, 60))), max_size=15)
)
def test_cooling_is_sorted_and_complete(rows):
    people = [
        P(f"p{i}", TODAY - timedelta(days=ago), interval) for i, (ago, interval) in enumerate(rows)
    ]
    out = cooling(people, TODAY)
    late = [overdue_days(p.last_contact, p.interval, TODAY) for p in out]
    assert late == sorted(late, reverse=True)
    assert all(x is not None and x >= 0 for x in late)
    expected = {
        p.name for p in people if p.interval and (TODAY - p.last_contact).days >= p.interval
    }
    assert {p.name for p in out} == expected


@pytest.mark.parametrize("typed,stored", [
    ("ana lima", "Ana Lima"),
    ("  ANA   LIMA ", "Ana Lima"),
    ("STRASSE", "Straße"),       # casefold, not lower
    ("ｍａｒｉａ", "Maria"),      # full-width letters (NFKC)
    ("李明", "李明"),
    ("محمد", "محمد"),
    ("🦊 fox", "🦊 Fox"),
])
def test_match_name_finds_the_same_name(typed, stored):
    people = [P("Someone else"), P(stored)]
    assert match_name(typed, people) == P(stored)


@pytest.mark.parametrize("typed", ["Ana", "Ana Lim", "", "   ", "Lima Ana"])
def test_match_name_is_exact_up_to_case_and_spacing(typed):
    assert match_name(typed, [P("Ana Lima")]) is None


def test_normalize_name():
    assert normalize_name("  Ana\tLIMA\n") == "ana lima"


def test_someone_never_contacted_cools_from_the_day_they_were_added():
    @dataclass
    class Added:
        name: str
        last_contact: date | None
        interval: int | None
        created: date | None

    people = [
        Added("Eve", None, 7, TODAY - timedelta(days=9)),   # added 9 days ago: 2 overdue
        Added("Fay", None, 7, TODAY - timedelta(days=3)),   # added 3 days ago: not yet
        Added("Gus", None, 7, None),                        # nothing to count from
    ]
    assert [p.name for p in cooling(people, TODAY)] == ["Eve"]


def test_names_sort_by_their_letters_not_their_code_points():
    names = ["Zoë", "éclair", "Émile", "ana", "Ömer", "Oscar", "Ben"]
    expected = ["ana", "Ben", "éclair", "Émile", "Ömer", "Oscar", "Zoë"]
    assert sorted(names, key=name_order) == expected

