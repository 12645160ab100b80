from datetime import date

import pytest

from netquest.rules.cadence import parse_cadence
from netquest.rules.streaks import PeriodProgress, Streak, due_today, quest_streak
from tests.rules.conftest import MONDAY, d, days

DAILY = parse_cadence("daily")
WEEKDAYS = parse_cadence("weekdays")
MWF = parse_cadence("mon,wed,fri")
THREE_A_WEEK = parse_cadence("3/week")
EVERY3 = parse_cadence("every 3 days")
TWICE_A_MONTH = parse_cadence("2/month")

START = d(-28)  # a Monday four weeks before MONDAY


def streak(cadence, counts, today, skips=(), target=1, start=START, week_start=0):
    return quest_streak(cadence, target, start, counts, frozenset(skips), today, week_start)


# --- day cadences ---------------------------------------------------------------


def test_no_history():
    s = streak(DAILY, {}, MONDAY)
    assert (s.current, s.best, s.unit, s.at_risk) == (0, 0, "day", False)
    assert s.period == PeriodProgress(MONDAY, MONDAY, 0, 1, False, False)


def test_before_start_there_is_no_period():
    assert streak(DAILY, days(-30), d(-29)) == Streak(0, 0, "day", False, None)


def test_daily_open_day_does_not_break_and_is_at_risk():
    s = streak(DAILY, days(-3, -2, -1), MONDAY)
    assert (s.current, s.best, s.at_risk) == (3, 3, True)


def test_daily_done_today_counts():
    s = streak(DAILY, days(-3, -2, -1, 0), MONDAY)
    assert (s.current, s.best, s.at_risk) == (4, 4, False)
    assert s.period.met and s.period.done_days == 1


def test_daily_missed_yesterday_breaks():
    s = streak(DAILY, days(-5, -4, -3, -2), MONDAY)
    assert (s.current, s.best, s.at_risk) == (0, 4, False)


def test_best_is_longest_run():
    s = streak(DAILY, days(-20, -19, -18, -17, -16, -10, -9, -1, 0), MONDAY)
    assert (s.current, s.best) == (2, 5)


def test_target_counts():
    counts = {d(-2): 3, d(-1): 2, d(0): 3}
    s = streak(DAILY, counts, MONDAY, target=3)
    assert (s.current, s.best) == (1, 1)
    assert s.period.done_days == 1 and s.period.met
    s = streak(DAILY, {d(-1): 3, d(0): 2}, MONDAY, target=3)
    assert (s.current, s.at_risk, s.period.done_days) == (1, True, 0)


def test_skipped_day_is_neutral():
    s = streak(DAILY, days(-4, -3, -1), MONDAY, skips={d(-2)})
    assert (s.current, s.best) == (3, 3)


def test_skips_do_not_extend():
    s = streak(DAILY, days(-1), MONDAY, skips={d(-3), d(-2)})
    assert s.current == 1


def test_skip_wins_over_a_checkin_on_the_same_day():
    s = streak(DAILY, days(-2, -1), MONDAY, skips={d(-1)})
    assert s.current == 1


def test_skipped_today():
    s = streak(DAILY, days(-2, -1), MONDAY, skips={MONDAY})
    assert (s.current, s.at_risk) == (2, False)
    assert s.period == PeriodProgress(MONDAY, MONDAY, 0, 0, False, True)


def test_weekdays_weekend_neither_breaks_nor_extends():
    # Thu, Fri, then Mon: the weekend is not due.
    s = streak(WEEKDAYS, days(-4, -3, 0), MONDAY)
    assert (s.current, s.best) == (3, 3)
    # Check-ins at the weekend do not count.
    s = streak(WEEKDAYS, days(-4, -3, -2, -1, 0), MONDAY)
    assert s.current == 3


def test_weekdays_missed_friday_breaks():
    s = streak(WEEKDAYS, days(-5, 0), MONDAY)
    assert (s.current, s.best) == (1, 1)


def test_not_due_today_is_not_at_risk():
    saturday = d(5)
    s = streak(WEEKDAYS, days(0, 1, 2, 3, 4), saturday)
    assert (s.current, s.at_risk) == (5, False)
    assert s.period == PeriodProgress(saturday, saturday, 0, 0, False, False)


def test_chosen_weekdays():
    # Mon, Wed, Fri of last week and Monday of this one.
    s = streak(MWF, days(-7, -5, -3, 0), MONDAY)
    assert (s.current, s.best) == (4, 4)
    # On Tuesday the open day is not due; Monday still holds.
    s = streak(MWF, days(-7, -5, -3, 0), d(1))
    assert (s.current, s.at_risk) == (4, False)
    # On Wednesday, without a check-in, the streak is at risk.
    s = streak(MWF, days(-7, -5, -3, 0), d(2))
    assert (s.current, s.at_risk) == (4, True)
    # Missing Wednesday breaks it by Thursday.
    s = streak(MWF, days(-7, -5, -3, 0), d(3))
    assert (s.current, s.best) == (0, 4)


def test_skipped_due_day_between_chosen_days():
    s = streak(MWF, days(-7, -3, 0), MONDAY, skips={d(-5)})
    assert s.current == 3


def test_checkins_before_start_and_after_today_are_ignored():
    s = streak(DAILY, days(-31, -30, -29, -28, -27), d(-26), start=d(-28))
    assert (s.current, s.best) == (2, 2)
    s = streak(DAILY, days(-1, 1, 2), MONDAY)
    assert (s.current, s.best) == (1, 1)


def test_logging_a_past_day_joins_two_runs():
    before = streak(DAILY, days(-6, -5, -4, -2, -1), MONDAY)
    after = streak(DAILY, days(-6, -5, -4, -3, -2, -1), MONDAY)
    assert (before.current, before.best) == (2, 3)
    assert (after.current, after.best) == (6, 6)


# --- weekly ---------------------------------------------------------------------


def test_weekly_streak_counts_weeks():
    # Three full weeks met (Mon..Sun each), this week open.
    counts = days(-21, -20, -19, -14, -12, -8, -7, -6, -5)
    s = streak(THREE_A_WEEK, counts, d(2))
    assert (s.current, s.best, s.unit) == (3, 3, "week")
    assert s.period == PeriodProgress(MONDAY, d(6), 0, 3, False, False)
    assert not s.at_risk  # Wed..Sun still leave five days for three check-ins


def test_weekly_open_week_met_counts():
    counts = days(-7, -6, -5, 0, 1, 2)
    s = streak(THREE_A_WEEK, counts, d(2))
    assert (s.current, s.best, s.at_risk) == (2, 2, False)
    assert s.period.met and s.period.done_days == 3


def test_weekly_missed_week_breaks():
    counts = days(-21, -20, -19, -7, -6, -5)
    s = streak(THREE_A_WEEK, counts, MONDAY)
    assert (s.current, s.best) == (1, 1)


def test_weekly_at_risk_when_too_few_days_remain():
    counts = days(-7, -6, -5, 0)
    # At risk means the days after today can no longer meet the week on their own.
    assert not streak(THREE_A_WEEK, counts, d(4)).at_risk  # Fri: Sat and Sun could do it
    assert streak(THREE_A_WEEK, counts, d(5)).at_risk  # Sat: Sunday alone cannot
    assert not streak(THREE_A_WEEK, days(-7, -6, -5, 0, 5), d(5)).at_risk  # unless today is done
    s = streak(THREE_A_WEEK, counts, d(6))  # Sun: no day after today
    assert (s.current, s.at_risk) == (1, True)
    assert s.period.done_days == 1 and s.period.needed == 3


def test_weekly_skipped_days_lower_what_is_needed():
    counts = days(-7, -6)
    s = streak(THREE_A_WEEK, counts, MONDAY, skips={d(-3), d(-2), d(-1), d(-5), d(-4)})
    assert s.current == 1


def test_weekly_fully_skipped_week_is_neutral():
    counts = days(-21, -20, -19, -7, -6, -5)
    skips = {d(-14 + i) for i in range(7)}
    s = streak(THREE_A_WEEK, counts, MONDAY, skips=skips)
    assert (s.current, s.best) == (2, 2)


def test_weekly_skips_in_the_open_week_count_for_at_risk():
    counts = days(-7, -6, -5, 0)
    s = streak(THREE_A_WEEK, counts, d(4), skips={d(5), d(6)})
    assert s.at_risk  # Friday alone is left for two check-ins
    assert s.period.needed == 3


def test_first_week_only_asks_for_days_after_start():
    start = d(5)  # a Saturday
    s = streak(THREE_A_WEEK, days(5, 6), d(6), start=start)
    assert (s.current, s.period.needed, s.period.met) == (1, 2, True)


def test_sunday_week_start():
    # Sunday d(-1) starts the week for week_start=6: Sun, Mon, Tue make three.
    counts = days(-1, 0, 1)
    assert streak(THREE_A_WEEK, counts, d(1), week_start=6).current == 1
    assert streak(THREE_A_WEEK, counts, d(1), week_start=0).current == 0
    assert streak(THREE_A_WEEK, counts, d(1), week_start=6).period.first == d(-1)


# --- every N days and monthly --------------------------------------------------------


def test_every_n_blocks():
    start = MONDAY
    # Blocks: [0,2], [3,5], [6,8], [9,11]
    s = streak(EVERY3, days(2, 3, 8), d(10), start=start)
    assert (s.current, s.best, s.unit) == (3, 3, "period")
    assert s.period == PeriodProgress(d(9), d(11), 0, 1, False, False)
    assert not s.at_risk
    s = streak(EVERY3, days(2, 3, 8), d(11), start=start)
    assert s.at_risk
    s = streak(EVERY3, days(2, 8), d(10), start=start)
    assert (s.current, s.best) == (1, 1)


def test_monthly():
    start = date(2026, 1, 1)
    counts = {date(2026, 1, 5): 1, date(2026, 1, 20): 1, date(2026, 2, 1): 1, date(2026, 2, 28): 1}
    s = streak(TWICE_A_MONTH, counts, date(2026, 3, 15), start=start)
    assert (s.current, s.best, s.unit) == (2, 2, "month")
    assert s.period == PeriodProgress(date(2026, 3, 1), date(2026, 3, 31), 0, 2, False, False)
    s = streak(TWICE_A_MONTH, counts, date(2026, 3, 31), start=start)
    assert s.at_risk
    counts[date(2026, 2, 28)] = 0
    s = streak(TWICE_A_MONTH, counts, date(2026, 3, 15), start=start)
    assert (s.current, s.best) == (0, 1)


def test_monthly_leap_february():
    start = date(2024, 2, 1)
    s = streak(TWICE_A_MONTH, {date(2024, 2, 29): 1}, date(2024, 2, 29), start=start)
    assert s.period == PeriodProgress(date(2024, 2, 1), date(2024, 2, 29), 1, 2, False, False)
    assert s.at_risk is False  # no streak yet, so nothing to lose


# --- due_today ------------------------------------------------------------------------


def test_due_today_day_cadences():
    assert due_today(DAILY, 1, START, {}, frozenset(), MONDAY)
    assert due_today(DAILY, 1, START, days(0), frozenset(), MONDAY)
    assert not due_today(WEEKDAYS, 1, START, {}, frozenset(), d(5))
    assert due_today(MWF, 1, START, {}, frozenset(), d(2))
    assert not due_today(MWF, 1, START, {}, frozenset(), d(1))


def test_due_today_false_before_start_or_skipped():
    assert not due_today(DAILY, 1, MONDAY, {}, frozenset(), d(-1))
    assert not due_today(DAILY, 1, START, {}, frozenset({MONDAY}), MONDAY)
    assert not due_today(THREE_A_WEEK, 1, START, {}, frozenset({MONDAY}), MONDAY)


def test_due_today_period_cadences():
    assert due_today(THREE_A_WEEK, 1, START, days(0, 1), frozenset(), d(2))
    assert not due_today(THREE_A_WEEK, 1, START, days(0, 1, 2), frozenset(), d(3))
    # Met by today's own check-in: still listed today.
    assert due_today(THREE_A_WEEK, 1, START, days(0, 1, 2), frozenset(), d(2))
    assert due_today(EVERY3, 1, MONDAY, {}, frozenset(), d(1))
    assert not due_today(EVERY3, 1, MONDAY, days(0), frozenset(), d(1))
    assert due_today(EVERY3, 1, MONDAY, days(0), frozenset(), d(3))
    # Target counts.
    assert due_today(EVERY3, 2, MONDAY, {d(0): 1}, frozenset(), d(1))


def test_due_today_with_skips_lowering_the_need():
    skips = frozenset(d(i) for i in range(1, 6))
    # Mon done, Tue-Sat skipped: Sunday alone is left, so two days are needed in all.
    assert due_today(THREE_A_WEEK, 1, START, days(0), skips, d(6))
    assert not due_today(THREE_A_WEEK, 1, START, days(0), skips | {d(6)}, d(6))


@pytest.mark.parametrize("cadence", [DAILY, WEEKDAYS, MWF, THREE_A_WEEK, EVERY3, TWICE_A_MONTH])
def test_streak_of_perfect_history_has_no_risk(cadence):
    counts = {d(i): 1 for i in range(-28, 1)}
    s = streak(cadence, counts, MONDAY)
    assert s.current == s.best >= 1
    assert not s.at_risk
