"""Goal rules: the straight line, pace with its tolerance band, and what each key result counts."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from netquest.rules import goals as g

START = date(2026, 3, 1)
END = date(2026, 3, 31)  # a 30-day span


def day(n: int) -> date:
    return START + timedelta(days=n)


# ------------------------------------------------------------------ expected
def test_expected_is_the_straight_line_from_start_to_target_date():
    assert g.expected(START, END, START, 12) == 0
    assert g.expected(START, END, day(15), 12) == 6
    assert g.expected(START, END, END, 12) == 12
    assert g.expected(START, END, day(10), 30) == 10


def test_expected_is_clamped_before_the_start_and_after_the_target_date():
    assert g.expected(START, END, START - timedelta(days=3), 12) == 0
    assert g.expected(START, END, END + timedelta(days=40), 12) == 12


def test_expected_without_a_target_date_is_none():
    assert g.expected(START, None, day(5), 12) is None


def test_zero_length_span_expects_everything_from_the_target_date_on():
    assert g.expected(START, START, START, 5) == 5
    assert g.expected(START, START, START - timedelta(days=1), 5) == 0
    # a target date before the start behaves the same, and does not divide by a negative span
    assert g.expected(START, START - timedelta(days=2), START, 5) == 5


# ---------------------------------------------------------------------- pace
@pytest.mark.parametrize("today,done,pace", [
    (day(15), 6, "on"),       # exactly on the line
    (day(15), 5, "on"),       # one below: inside the one-unit band
    (day(15), 7, "on"),
    (day(15), 4, "behind"),   # two below
    (day(15), 8, "ahead"),
    (day(15), 12, "done"),
    (day(15), 13, "done"),
    (START, 0, "on"),         # nothing is expected on the first day
    (day(2), 0, "on"),        # 0.8 expected: still within one unit
    (day(5), 0, "behind"),    # 2 expected
    (END, 11, "on"),          # the last day: 12 expected, 11 is within the band
    (END, 10, "behind"),
])
def test_pace_for_twelve_by_the_end_of_the_month(today, done, pace):
    assert g.pace(START, END, today, done, 12) == pace


def test_band_is_ten_percent_of_expected_when_that_is_wider_than_one():
    # 1000 by the end: 500 expected at half-time, band 50
    assert g.pace(START, END, day(15), 451, 1000) == "on"
    assert g.pace(START, END, day(15), 449, 1000) == "behind"
    assert g.pace(START, END, day(15), 549, 1000) == "on"
    assert g.pace(START, END, day(15), 551, 1000) == "ahead"


def test_band_is_a_tenth_of_a_small_target():
    # target 3: band at least 0.3; 1.5 expected at half-time
    assert g.band(1.5, 3) == pytest.approx(0.3)
    assert g.pace(START, END, day(15), 1, 3) == "behind"
    assert g.pace(START, END, day(15), 2, 3) == "ahead"


def test_past_target_date_and_not_done_is_behind_and_overdue():
    late = END + timedelta(days=1)
    assert g.pace(START, END, late, 11.99, 12) == "behind"
    assert g.pace(START, END, late, 12, 12) == "done"
    kr = g.KeyResult("k1", "coffees", "manual", 12, value=11)
    progress = g.kr_progress(kr, START, END, late, {})
    assert (progress.pace, progress.overdue, progress.expected) == ("behind", True, 12)
    done = g.kr_progress(g.KeyResult("k1", "coffees", "manual", 12, value=12), START, END, late, {})
    assert (done.pace, done.overdue) == ("done", False)


def test_no_target_date_is_on_pace_unless_done():
    assert g.pace(START, None, day(100), 0, 12) == "on"
    assert g.pace(START, None, day(100), 12, 12) == "done"


def test_zero_length_span_pace():
    assert g.pace(START, START, START, 4.5, 5) == "on"  # 5 expected, band a tenth of the target
    assert g.pace(START, START, START, 4, 5) == "behind"
    assert g.pace(START, START, START, 5, 5) == "done"


@given(
    span=st.integers(min_value=-5, max_value=400),
    elapsed=st.integers(min_value=-10, max_value=500),
    target=st.one_of(
        st.integers(min_value=1, max_value=10_000), st.floats(min_value=1, max_value=1e6)
    ),
    a=st.floats(min_value=0, max_value=2e6),
    b=st.floats(min_value=0, max_value=2e6),
    dated=st.booleans(),
)
def test_pace_is_monotone_in_done(span, elapsed, target, a, b, dated):
    """Doing more never makes the pace worse."""
    low, high = sorted((a, b))
    target_date = START + timedelta(days=span) if dated else None
    today = START + timedelta(days=elapsed)
    worse = g.pace(START, target_date, today, low, target)
    better = g.pace(START, target_date, today, high, target)
    assert g.PACES.index(worse) <= g.PACES.index(better)
    assert worse in g.PACES and better in g.PACES


# --------------------------------------------------------------- what counts
COUNTS = {
    "coffee": {day(-1): 5, START: 1, day(3): 2, day(20): 1},
    "intro": {day(4): 1},
    "comment": {day(5): 9},
}


def test_count_checkins_sums_counts_of_chosen_quests_from_start_to_today():
    assert (
        g.count_checkins(COUNTS, ["coffee"], START, day(10)) == 3
    )  # day -1 is before the goal, day 20 after today
    assert g.count_checkins(COUNTS, ["coffee", "intro"], START, day(10)) == 4
    assert g.count_checkins(COUNTS, ["coffee", "unknown"], START, day(30)) == 4
    assert g.count_checkins(COUNTS, [], START, day(30)) == 0


def test_stages_are_the_people_pipeline_in_order():
    assert g.STAGES == ("want", "intro_asked", "introduced", "met", "keeping_in_touch")


def test_count_at_stage_counts_only_moves_since_the_start_and_introductions_when_asked():
    start = date(2026, 3, 1)
    people = [g.PersonStage("met", date(2026, 2, 1)),  # before the goal: not its progress
              g.PersonStage("met", start, introduced=True),
              g.PersonStage("keeping_in_touch", date(2026, 3, 9)),
              g.PersonStage("introduced", date(2026, 3, 9), introduced=True),
              g.PersonStage("met", None)]  # no date known: counts
    assert g.count_at_stage(people, "met", since=start) == 3
    assert g.count_at_stage(people, "met") == 4
    assert g.count_at_stage(people, "met", since=start, introduced=True) == 1
    assert g.count_at_stage(people, "introduced", since=start, introduced=True) == 2
    kr = g.KeyResult("k1", "Met through intros", "stage", 5, stage="met", introduced=True)
    assert g.kr_done(kr, start, date(2026, 3, 11), {}, people) == 1
    assert (
        g.kr_done(
            g.KeyResult("k2", "Met", "stage", 5, stage="met"), start, date(2026, 3, 11), {}, people
        )
        == 3
    )


def test_count_at_stage_counts_people_at_or_beyond_it():
    stages = ["want", "intro_asked", "met", "keeping_in_touch", "introduced", None, "bogus"]
    assert g.count_at_stage(stages, "met") == 2
    assert g.count_at_stage(stages, "introduced") == 3
    assert g.count_at_stage(stages, "want") == 5
    assert g.count_at_stage([], "met") == 0


def test_kr_progress_by_kind():
    today = day(15)
    coffees = g.KeyResult("k1", "12 coffees", "checkins", 12, quests=("coffee", "intro"))
    met = g.KeyResult("k2", "meet 4", "stage", 4, stage="met")
    revenue = g.KeyResult("k3", "revenue", "manual", 3000, value=2000)
    stages = ["met", "met", "keeping_in_touch", "want"]
    p1 = g.kr_progress(coffees, START, END, today, COUNTS, stages)
    p2 = g.kr_progress(met, START, END, today, COUNTS, stages)
    p3 = g.kr_progress(revenue, START, END, today, COUNTS, stages)
    assert (p1.done, p1.expected, p1.pace) == (4, 6, "behind")
    assert (p2.done, p2.pace) == (3, "ahead")
    assert (p3.done, p3.pace, p3.fraction) == (2000, "ahead", pytest.approx(2 / 3))
    assert not p1.overdue


def test_goal_progress_with_key_results():
    krs = [
        g.KeyResult("k1", "a", "manual", 10, value=10),
        g.KeyResult("k2", "b", "manual", 10, value=0),
    ]
    progress = g.goal_progress(krs, START, END, day(15), {})
    assert progress.days_left == 15
    assert [p.pace for p in progress.key_results] == ["done", "behind"]
    assert [p.key_result.id for p in progress.behind] == ["k2"]
    assert progress.pace == "behind"
    assert not progress.overdue


def test_goal_without_key_results_is_never_behind():
    progress = g.goal_progress([], START, END, day(15), COUNTS)
    assert progress.key_results == () and progress.behind == [] and progress.pace is None
    assert progress.days_left == 15
    undated = g.goal_progress([], START, None, day(15), COUNTS)
    assert undated.days_left is None and not undated.overdue


def test_goal_past_its_date_is_overdue_until_every_key_result_is_done():
    late = END + timedelta(days=2)
    open_kr = [g.KeyResult("k1", "a", "manual", 10, value=3)]
    done_kr = [g.KeyResult("k1", "a", "manual", 10, value=10)]
    assert g.goal_progress(open_kr, START, END, late, {}).days_left == -2
    assert g.goal_progress(open_kr, START, END, late, {}).overdue
    assert not g.goal_progress(done_kr, START, END, late, {}).overdue


def test_fraction_is_clamped():
    kr = g.KeyResult("k1", "a", "manual", 10, value=25)
    assert g.kr_progress(kr, START, END, day(1), {}).fraction == 1.0

