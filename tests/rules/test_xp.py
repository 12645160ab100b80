import pytest
from hypothesis import given
from hypothesis import strategies as st

from netquest.rules.xp import (
    PERFECT_DAY_BONUS,
    STREAK_BONUS_CAP,
    STREAK_BONUS_PER_PERIOD,
    LevelInfo,
    checkin_xp,
    level_for,
    xp_to_next_level,
    xp_to_reach,
)


def test_constants():
    assert (STREAK_BONUS_PER_PERIOD, STREAK_BONUS_CAP, PERFECT_DAY_BONUS) == (0.10, 1.0, 25)


@pytest.mark.parametrize(
    "base, units, streak, expected",
    [
        (5, 3, 0, (15, 0)),
        (5, 3, 1, (15, 2)),  # 1.5 rounds half up
        (5, 1, 1, (5, 1)),  # 0.5 rounds half up
        (25, 1, 1, (25, 3)),  # 2.5 -> 3, where round() would give 2
        (15, 1, 3, (15, 5)),  # 4.5 -> 5, float 0.3 * 15 is 4.499999...
        (10, 1, 5, (10, 5)),
        (10, 1, 10, (10, 10)),
        (10, 1, 500, (10, 10)),  # capped at doubling
        (40, 2, -3, (80, 0)),
        (0, 5, 9, (0, 0)),
        (7, 0, 9, (0, 0)),
    ],
)
def test_checkin_xp(base, units, streak, expected):
    assert checkin_xp(base, units, streak) == expected


def test_checkin_xp_rejects_negative():
    with pytest.raises(ValueError):
        checkin_xp(-1, 1, 0)
    with pytest.raises(ValueError):
        checkin_xp(1, -1, 0)


@given(st.integers(0, 500), st.integers(0, 20), st.integers(0, 50))
def test_bonus_bounds(base, units, streak):
    part, bonus = checkin_xp(base, units, streak)
    assert part == base * units
    assert 0 <= bonus <= part
    assert abs(bonus - part * min(10, streak) / 10) <= 0.5


# Habitica's toNextLevel, worked out by hand from its formula.
@pytest.mark.parametrize(
    "level, xp",
    [(1, 25), (2, 50), (3, 75), (4, 100), (5, 150), (6, 210), (7, 220), (8, 240), (9, 250),
     (10, 260), (11, 280), (20, 440), (50, 1260), (100, 3640)],
)
def test_xp_to_next_level(level, xp):
    assert xp_to_next_level(level) == xp


def test_xp_to_next_level_matches_formula_with_half_up_rounding():
    import math

    for level in range(6, 1000):
        exact = (0.25 * level * level + 10 * level + 139.75) / 10
        assert xp_to_next_level(level) == math.floor(exact + 0.5) * 10


def test_level_zero_is_invalid():
    with pytest.raises(ValueError):
        xp_to_next_level(0)


@pytest.mark.parametrize(
    "total, info",
    [
        (0, LevelInfo(1, 0, 25, 0)),
        (24, LevelInfo(1, 24, 25, 24)),
        (25, LevelInfo(2, 0, 50, 25)),
        (249, LevelInfo(4, 99, 100, 249)),
        (250, LevelInfo(5, 0, 150, 250)),
        (400, LevelInfo(6, 0, 210, 400)),
        (1319, LevelInfo(9, 249, 250, 1319)),
        (1320, LevelInfo(10, 0, 260, 1320)),
        (-50, LevelInfo(1, 0, 25, 0)),
    ],
)
def test_level_for(total, info):
    assert level_for(total) == info


@given(st.integers(0, 200_000))
def test_level_for_is_consistent(total):
    info = level_for(total)
    assert 0 <= info.xp_into_level < info.xp_for_next_level == xp_to_next_level(info.level)
    assert sum(xp_to_next_level(lv) for lv in range(1, info.level)) + info.xp_into_level == total
    assert level_for(total + 1).level >= info.level


def _level_by_walking(total_xp: int) -> LevelInfo:
    """The definition of a level, one level at a time (the way it used to be computed)."""
    total = max(0, total_xp)
    level, left = 1, total
    while left >= xp_to_next_level(level):
        left -= xp_to_next_level(level)
        level += 1
    return LevelInfo(level, left, xp_to_next_level(level), total)


@given(st.integers(-1000, 10**7))
def test_level_for_agrees_with_walking_the_curve(total):
    assert level_for(total) == _level_by_walking(total)


def test_level_for_agrees_at_every_level_boundary():
    total = 0
    for level in range(1, 3000):
        assert xp_to_reach(level) == total
        for at in (total - 1, total, total + 1):
            assert level_for(at) == _level_by_walking(at)
        total += xp_to_next_level(level)


def test_a_huge_total_has_a_level_at_once():
    import time

    started = time.perf_counter()
    info = level_for(10**30)
    assert time.perf_counter() - started < 0.05
    # The curve grows as L^3 / 12: about 2.3 * 10**10 levels for 10**30 XP.
    assert 2 * 10**10 < info.level < 3 * 10**10
    assert xp_to_reach(info.level) <= 10**30 < xp_to_reach(info.level + 1)
    assert info.xp_into_level == 10**30 - xp_to_reach(info.level)
    assert info.xp_for_next_level == xp_to_next_level(info.level)
    assert level_for(10**300).level > info.level
