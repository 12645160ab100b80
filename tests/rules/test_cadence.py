from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from netquest.rules.cadence import (
    Cadence,
    CadenceError,
    is_due_day,
    parse_cadence,
    period_of,
    period_quota,
)
from tests.rules.conftest import MONDAY, d


@pytest.mark.parametrize(
    "text, kind, n, weekdays, canonical",
    [
        ("daily", "daily", 1, (), "daily"),
        ("  DAILY ", "daily", 1, (), "daily"),
        ("every day", "daily", 1, (), "daily"),
        ("every 1 days", "daily", 1, (), "daily"),
        ("every 1 day", "daily", 1, (), "daily"),
        ("weekdays", "weekdays", 1, (), "weekdays"),
        ("Weekdays", "weekdays", 1, (), "weekdays"),
        ("mon,tue,wed,thu,fri", "weekdays", 1, (), "weekdays"),
        ("fri, thu, wed, tue, mon", "weekdays", 1, (), "weekdays"),
        ("mon,tue,wed,thu,fri,sat,sun", "daily", 1, (), "daily"),
        ("Mon, Wed,FRI", "days", 1, (0, 2, 4), "mon,wed,fri"),
        ("fri,mon,wed", "days", 1, (0, 2, 4), "mon,wed,fri"),
        ("mon,mon,wed", "days", 1, (0, 2), "mon,wed"),
        ("sun", "days", 1, (6,), "sun"),
        ("Saturday, sunday", "days", 1, (5, 6), "sat,sun"),
        ("monday,wed", "days", 1, (0, 2), "mon,wed"),
        ("3/week", "per_week", 3, (), "3/week"),
        ("3 / week", "per_week", 3, (), "3/week"),
        ("1/WEEK", "per_week", 1, (), "1/week"),
        ("7/week", "per_week", 7, (), "7/week"),
        ("every 3 days", "every", 3, (), "every 3 days"),
        ("every 2 day", "every", 2, (), "every 2 days"),
        ("Every   365   Days", "every", 365, (), "every 365 days"),
        ("2/month", "per_month", 2, (), "2/month"),
        ("31 /month", "per_month", 31, (), "31/month"),
    ],
)
def test_parse_and_print(text, kind, n, weekdays, canonical):
    c = parse_cadence(text)
    assert (c.kind, c.n, c.weekdays) == (kind, n, weekdays)
    assert str(c) == canonical
    assert parse_cadence(str(c)) == c


@pytest.mark.parametrize(
    "text",
    [
        "", "   ", "weekly", "monthly", "day", "0/week", "8/week", "-1/week", "0/month", "32/month",
        "every 0 days", "every 366 days", "every -3 days", "every 3", "every three days",
        "mon,,wed", "mon,", ",mon", "mon;wed", "funday", "3/year", "3/ week extra", "2.5/week",
        "every 3 weeks", "mo", "١/week",
    ],
)
def test_invalid_texts_raise_one_line_naming_text_and_syntax(text):
    with pytest.raises(CadenceError) as info:
        parse_cadence(text)
    message = str(info.value)
    assert "\n" not in message
    assert repr(text) in message
    assert "N/week" in message and "every N days" in message


def test_cadence_error_is_a_value_error():
    assert issubclass(CadenceError, ValueError)
    with pytest.raises(ValueError):
        parse_cadence("sometimes")


def test_non_text_is_rejected():
    with pytest.raises(CadenceError):
        parse_cadence(3)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "kwargs",
    [
        {"kind": "hourly"},
        {"kind": "per_week", "n": 0},
        {"kind": "per_week", "n": 8},
        {"kind": "per_month", "n": 32},
        {"kind": "every", "n": 366},
        {"kind": "every", "n": 0},
        {"kind": "days", "weekdays": ()},
        {"kind": "days", "weekdays": (7,)},
        {"kind": "days", "weekdays": (-1,)},
        {"kind": "per_week", "n": True},
    ],
)
def test_constructor_rejects_bad_values(kwargs):
    with pytest.raises(CadenceError):
        Cadence(**kwargs)


def test_constructor_normalises_to_one_spelling():
    assert Cadence("days", weekdays=(4, 0, 2, 2)).weekdays == (0, 2, 4)
    assert Cadence("days", weekdays=(0, 1, 2, 3, 4)) == Cadence("weekdays")
    assert Cadence("days", weekdays=tuple(range(7))) == Cadence("daily")
    assert Cadence("every", 1) == Cadence("daily")
    assert Cadence("daily", n=5) == Cadence("daily")


@pytest.mark.parametrize(
    "text, unit, frequency, is_day, quota",
    [
        ("daily", "day", (1, 1), True, 1),
        ("weekdays", "day", (5, 7), True, 1),
        ("mon,wed,fri", "day", (3, 7), True, 1),
        ("sat", "day", (1, 7), True, 1),
        ("3/week", "week", (3, 7), False, 3),
        ("every 3 days", "period", (1, 3), False, 1),
        ("2/month", "month", (2, 30), False, 2),
    ],
)
def test_properties(text, unit, frequency, is_day, quota):
    c = parse_cadence(text)
    assert c.unit == unit
    assert c.frequency == frequency
    assert c.is_day_cadence is is_day
    assert period_quota(c) == quota


def test_cadence_is_frozen_and_hashable():
    c = parse_cadence("3/week")
    with pytest.raises(AttributeError):
        c.n = 4  # type: ignore[misc]
    assert {c, parse_cadence("3 / week")} == {c}


def test_is_due_day():
    start = MONDAY
    week = [d(i) for i in range(7)]
    assert [is_due_day(parse_cadence("daily"), x, start) for x in week] == [True] * 7
    assert [is_due_day(parse_cadence("weekdays"), x, start) for x in week] == [True] * 5 + [
        False
    ] * 2
    assert [is_due_day(parse_cadence("mon,wed,fri"), x, start) for x in week] == [
        True, False, True, False, True, False, False,
    ]
    for text in ("3/week", "every 3 days", "2/month"):
        assert all(is_due_day(parse_cadence(text), x, start) for x in week)


def test_nothing_is_due_before_start():
    for text in ("daily", "weekdays", "mon", "3/week", "every 3 days", "2/month"):
        assert not is_due_day(parse_cadence(text), d(-7), MONDAY)
        assert not is_due_day(parse_cadence(text), d(-1), MONDAY)


def test_period_of_day_cadences_is_the_day():
    for text in ("daily", "weekdays", "tue"):
        assert period_of(parse_cadence(text), d(3), MONDAY) == (d(3), d(3))


def test_period_of_week_monday_start():
    c = parse_cadence("3/week")
    for i in range(7):
        assert period_of(c, d(i), MONDAY) == (d(0), d(6))
    assert period_of(c, d(7), MONDAY) == (d(7), d(13))
    assert period_of(c, d(-1), MONDAY) == (d(-7), d(-1))


def test_period_of_week_sunday_start():
    c = parse_cadence("3/week")
    sunday = d(-1)
    assert period_of(c, sunday, MONDAY, week_start=6) == (sunday, d(5))
    assert period_of(c, d(5), MONDAY, week_start=6) == (sunday, d(5))
    assert period_of(c, d(6), MONDAY, week_start=6) == (d(6), d(12))
    assert period_of(c, d(6), MONDAY, week_start=6)[0].weekday() == 6


def test_period_of_week_other_start_days():
    c = parse_cadence("1/week")
    for ws in range(7):
        first, last = period_of(c, d(3), MONDAY, week_start=ws)
        assert first.weekday() == ws
        assert first <= d(3) <= last and (last - first).days == 6


@pytest.mark.parametrize(
    "day, first, last",
    [
        (date(2024, 2, 10), date(2024, 2, 1), date(2024, 2, 29)),
        (date(2023, 2, 28), date(2023, 2, 1), date(2023, 2, 28)),
        (date(2000, 2, 29), date(2000, 2, 1), date(2000, 2, 29)),
        (date(1900, 2, 3), date(1900, 2, 1), date(1900, 2, 28)),
        (date(2026, 12, 31), date(2026, 12, 1), date(2026, 12, 31)),
        (date(2026, 1, 1), date(2026, 1, 1), date(2026, 1, 31)),
        (date(2026, 4, 30), date(2026, 4, 1), date(2026, 4, 30)),
    ],
)
def test_period_of_month(day, first, last):
    assert period_of(parse_cadence("2/month"), day, date(1900, 1, 1)) == (first, last)


def test_period_of_every_n_counts_blocks_from_start():
    c = parse_cadence("every 3 days")
    start = date(2026, 3, 10)
    assert period_of(c, start, start) == (start, date(2026, 3, 12))
    assert period_of(c, date(2026, 3, 12), start) == (start, date(2026, 3, 12))
    assert period_of(c, date(2026, 3, 13), start) == (date(2026, 3, 13), date(2026, 3, 15))
    assert period_of(c, date(2026, 4, 1), start) == (date(2026, 3, 31), date(2026, 4, 2))
    # Before the start the blocks keep their alignment.
    assert period_of(c, date(2026, 3, 9), start) == (date(2026, 3, 7), date(2026, 3, 9))


cadences = st.one_of(
    st.just(Cadence("daily")),
    st.just(Cadence("weekdays")),
    st.lists(st.integers(0, 6), min_size=1, max_size=7).map(
        lambda w: Cadence("days", weekdays=tuple(w))
    ),
    st.integers(1, 7).map(lambda n: Cadence("per_week", n)),
    st.integers(1, 365).map(lambda n: Cadence("every", n)),
    st.integers(1, 31).map(lambda n: Cadence("per_month", n)),
)


@given(cadences)
def test_round_trip(c):
    assert str(parse_cadence(str(c))) == str(c)
    assert parse_cadence(str(c)) == c


@given(cadences, st.sampled_from([str.upper, str.lower, str.title]))
def test_case_does_not_matter(c, change):
    assert parse_cadence(change(str(c))) == c


@given(
    cadences,
    st.dates(date(1990, 1, 1), date(2100, 1, 1)),
    st.integers(0, 400),
    st.sampled_from([0, 6]),
)
def test_period_contains_day(c, start, offset, week_start):
    from datetime import timedelta

    day = start + timedelta(days=offset)
    first, last = period_of(c, day, start, week_start)
    assert first <= day <= last
    if c.kind == "every":
        assert (first - start).days % c.n == 0 and (last - first).days == c.n - 1
    if c.kind == "per_week":
        assert (last - first).days == 6 and first.weekday() == week_start
