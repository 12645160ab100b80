"""Experience points: what a check-in earns and which level a total reaches."""

from __future__ import annotations

from netquest.structs import Struct

__all__ = [
    "PERFECT_DAY_BONUS",
    "STREAK_BONUS_CAP",
    "STREAK_BONUS_PER_PERIOD",
    "LevelInfo",
    "checkin_xp",
    "level_for",
    "xp_to_next_level",
    "xp_to_reach",
]

STREAK_BONUS_PER_PERIOD = 0.10
STREAK_BONUS_CAP = 1.0
PERFECT_DAY_BONUS = 25

# The rates in whole hundredths, exact: 0.1 as a float is not one tenth, and a bonus of
# exactly half a point must round up, not drift either way.  (Integers, not Fractions:
# the fractions module costs every command's start more than all of this file.)
_PER_PERIOD = round(STREAK_BONUS_PER_PERIOD * 100)
_CAP = round(STREAK_BONUS_CAP * 100)


class LevelInfo(Struct, frozen=True):
    """Where a total of XP stands on the level curve."""

    level: int
    xp_into_level: int
    xp_for_next_level: int
    total: int


def checkin_xp(base_xp: int, units: int, streak_before: int) -> tuple[int, int]:
    """(base part, streak bonus) for one check-in of `units` at a quest worth `base_xp`.

    The bonus grows by 10% of the base part per period of streak held before the
    check-in, up to doubling it, and is rounded half up to a whole point.
    """
    if base_xp < 0 or units < 0:
        raise ValueError(f"XP and units cannot be negative (base_xp={base_xp}, units={units})")
    base_part = base_xp * units
    rate = min(_CAP, _PER_PERIOD * max(0, streak_before))  # hundredths
    bonus = (base_part * rate * 2 + 100) // 200  # base_part * rate / 100, rounded half up
    return base_part, bonus


def xp_to_next_level(level: int) -> int:
    """XP needed to go from `level` to the next one, on Habitica's curve."""
    if level < 1:
        raise ValueError(f"levels start at 1, not {level}")
    if level < 5:
        return 25 * level
    if level == 5:
        return 150
    # round((0.25 L^2 + 10 L + 139.75) / 10) * 10 in integers: times 4 it is
    # L^2 + 40 L + 559, and rounding half up to tens is floor((4x + 20) / 40).
    return (level * level + 40 * level + 559 + 20) // 40 * 10


# The first levels do not follow the formula: total XP needed to reach levels 1 to 6.
_EARLY_TOTALS = (0, 25, 75, 150, 250, 400)
# From level 6 on, a level costs 10 * floor((L^2 + 40 L + 579) / 40).  The remainder
# dropped by that floor, (L^2 + 19) mod 40, repeats every 20 levels ((L + 20)^2 = L^2 + 40 L
# + 400), so the sum of the costs has an exact closed form.
_REMAINDERS = tuple((k * k + 19) % 40 for k in range(20))
_REMAINDER_PERIOD = sum(_REMAINDERS)


def _floor_sum(n: int) -> int:
    """Sum of floor((k^2 + 40 k + 579) / 40) for k = 0 .. n-1, exactly."""
    squares = (n - 1) * n * (2 * n - 1) // 6
    linear = n * (n - 1) // 2
    full, part = divmod(n, 20)
    dropped = full * _REMAINDER_PERIOD + sum(_REMAINDERS[:part])
    return (squares + 40 * linear + 579 * n - dropped) // 40


_FLOOR_SUM_6 = _floor_sum(6)


def xp_to_reach(level: int) -> int:
    """Total XP needed to reach `level` from nothing."""
    if level < 1:
        raise ValueError(f"levels start at 1, not {level}")
    if level <= 6:
        return _EARLY_TOTALS[level - 1]
    return _EARLY_TOTALS[5] + 10 * (_floor_sum(level) - _FLOOR_SUM_6)


def level_for(total_xp: int) -> LevelInfo:
    """The level reached with `total_xp` (negative totals count as 0).

    Found by bisection on the exact total for each level, so a huge total (an imported
    10**30) takes microseconds rather than a walk through every level below it.
    """
    total = max(0, total_xp)
    low, high = 1, 2
    while xp_to_reach(high) <= total:
        low, high = high, high * 2
    # xp_to_reach(low) <= total < xp_to_reach(high)
    while high - low > 1:
        middle = (low + high) // 2
        if xp_to_reach(middle) <= total:
            low = middle
        else:
            high = middle
    return LevelInfo(low, total - xp_to_reach(low), xp_to_next_level(low), total)
