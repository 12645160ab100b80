import pytest

from netquest.rules.day_streak import DayStreak, day_streak
from tests.rules.conftest import MONDAY, d


def active(*offsets):
    return frozenset(d(o) for o in offsets)


def run(first, last):
    return frozenset(d(o) for o in range(first, last + 1))


def test_empty():
    assert day_streak(frozenset(), frozenset(), MONDAY) == DayStreak(0, 0, 0, ())


def test_today_open_does_not_break():
    s = day_streak(active(-3, -2, -1), frozenset(), MONDAY)
    assert (s.current, s.best) == (3, 3)
    s = day_streak(active(-3, -2, -1, 0), frozenset(), MONDAY)
    assert (s.current, s.best) == (4, 4)


def test_missed_day_without_freeze_breaks():
    s = day_streak(active(-5, -4, -2, -1), frozenset(), MONDAY)
    assert s == DayStreak(2, 2, 0, ())


def test_future_days_are_ignored():
    assert day_streak(active(1, 2), frozenset(), MONDAY) == DayStreak(0, 0, 0, ())
    assert day_streak(active(0, 1, 2), frozenset(), MONDAY).current == 1


def test_vacation_neither_breaks_nor_extends():
    s = day_streak(active(-5, -4, -1), frozenset({d(-3), d(-2)}), MONDAY)
    assert s == DayStreak(3, 3, 0, ())
    # A check-in on a vacation day does not lengthen the run either.
    s = day_streak(active(-2, -1), frozenset({d(-1)}), MONDAY)
    assert s.current == 1


def test_freeze_earned_at_seven_days():
    s = day_streak(run(-6, 0), frozenset(), MONDAY)
    assert (s.current, s.freezes) == (7, 1)
    s = day_streak(run(-5, 0), frozenset(), MONDAY)
    assert (s.current, s.freezes) == (6, 0)


def test_freeze_spent_on_a_missed_day():
    # Seven days, one miss, two more days.
    s = day_streak(run(-9, -3) | active(-1, 0), frozenset(), MONDAY)
    assert s == DayStreak(9, 9, 0, (d(-2),))


def test_frozen_day_adds_nothing_and_counting_continues():
    # 7 days (freeze), miss, 7 more: counted 14 -> a second freeze.
    s = day_streak(run(-14, -8) | run(-6, 0), frozenset(), MONDAY)
    assert (s.current, s.freezes, s.frozen_days) == (14, 1, (d(-7),))


def test_bank_is_capped():
    s = day_streak(run(-27, 0), frozenset(), MONDAY)
    assert (s.current, s.freezes) == (28, 2)
    s = day_streak(run(-27, 0), frozenset(), MONDAY, max_freezes=3)
    assert s.freezes == 3


def test_two_misses_spend_two_freezes():
    s = day_streak(run(-16, -3), frozenset(), MONDAY)  # 14 days, then -2 and -1 missed
    assert (s.current, s.freezes, s.frozen_days) == (14, 0, (d(-2), d(-1)))


def test_break_after_freezes_run_out_resets_bank():
    # 14 days earn 2 freezes; three misses use both and then break.
    s = day_streak(run(-20, -7) | active(-3, -2, -1), frozenset(), MONDAY)
    assert s == DayStreak(3, 14, 0, ())


def test_today_never_spends_a_freeze():
    s = day_streak(run(-7, -1), frozenset(), MONDAY)
    assert (s.current, s.freezes, s.frozen_days) == (7, 1, ())


def test_freeze_every_setting():
    s = day_streak(run(-2, 0), frozenset(), MONDAY, freeze_every=3)
    assert s.freezes == 1
    s = day_streak(run(-5, -3) | active(-1), frozenset(), MONDAY, freeze_every=3, max_freezes=0)
    assert (s.current, s.best, s.freezes) == (1, 3, 0)


@pytest.mark.parametrize("kwargs", [{"freeze_every": 0}, {"max_freezes": -1}])
def test_bad_settings(kwargs):
    with pytest.raises(ValueError):
        day_streak(active(0), frozenset(), MONDAY, **kwargs)


def test_vacation_days_do_not_count_towards_freezes():
    s = day_streak(run(-7, 0), frozenset({d(-4)}), MONDAY)
    assert (s.current, s.freezes) == (7, 1)
    s = day_streak(run(-7, 0), frozenset({d(-4), d(-3)}), MONDAY)
    assert (s.current, s.freezes) == (6, 0)
