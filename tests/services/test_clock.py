"""The clock: NETQUEST_NOW, time zones, day-start hour, week start, DST days."""

from datetime import date, datetime

import pendulum
import pytest

from netquest.clock import Clock, ClockError, parse_fixed_now, validate_timezone, week_bounds


def test_fixed_now_is_local_wall_time():
    clock = Clock(timezone="Europe/Berlin", fixed_now="2026-03-08T23:30:00")
    now = clock.now()
    assert (now.year, now.month, now.day, now.hour, now.minute) == (2026, 3, 8, 23, 30)
    assert now.utcoffset().total_seconds() == 3600
    assert clock.now_utc_iso() == "2026-03-08T22:30:00Z"
    assert clock.today() == date(2026, 3, 8)


def test_fixed_now_from_environment(monkeypatch):
    monkeypatch.setenv("NETQUEST_NOW", "2026-11-25T08:00:00")
    clock = Clock.from_env(timezone="Asia/Tokyo")
    assert clock.today() == date(2026, 11, 25)
    assert clock.now().hour == 8


def test_bad_fixed_now_is_a_clear_error():
    with pytest.raises(ClockError, match="NETQUEST_NOW"):
        Clock(timezone="UTC", fixed_now="yesterday")


@pytest.mark.parametrize(
    "hour,expected", [(0, date(2026, 3, 9)), (3, date(2026, 3, 8)), (2, date(2026, 3, 9))]
)
def test_day_start_hour_keeps_the_night_in_yesterday(hour, expected):
    clock = Clock(timezone="UTC", fixed_now="2026-03-09T02:30:00", day_start_hour=hour)
    assert clock.today() == expected


def test_day_start_hour_exactly_at_the_boundary_is_the_new_day():
    clock = Clock(timezone="UTC", fixed_now="2026-03-09T04:00:00", day_start_hour=4)
    assert clock.today() == date(2026, 3, 9)


@pytest.mark.parametrize("tz,moment,day_start,expected", [
    # US spring forward: 02:00 does not exist on 2026-03-08; 03:30 local is after the start.
    ("America/New_York", "2026-03-08T03:30:00", 4, date(2026, 3, 7)),
    ("America/New_York", "2026-03-08T04:00:00", 4, date(2026, 3, 8)),
    # US fall back: 01:30 happens twice on 2026-11-01; both belong to the previous habit day.
    ("America/New_York", "2026-11-01T01:30:00", 4, date(2026, 10, 31)),
    ("America/New_York", "2026-11-01T05:00:00", 4, date(2026, 11, 1)),
    # Berlin: clocks go forward on 2026-03-29 and back on 2026-10-25.
    ("Europe/Berlin", "2026-03-29T03:30:00", 4, date(2026, 3, 28)),
    ("Europe/Berlin", "2026-10-25T02:30:00", 3, date(2026, 10, 24)),
    ("Europe/Berlin", "2026-10-25T03:00:00", 3, date(2026, 10, 25)),
])
def test_day_start_on_dst_days_uses_the_wall_clock(tz, moment, day_start, expected):
    assert Clock(timezone=tz, fixed_now=moment, day_start_hour=day_start).today() == expected


def test_habit_day_of_an_instant_in_another_zone():
    clock = Clock(timezone="America/New_York", fixed_now="2026-06-01T12:00:00", day_start_hour=4)
    utc = pendulum.datetime(2026, 6, 2, 7, 0, tz="UTC")  # 03:00 in New York
    assert clock.habit_day(utc) == date(2026, 6, 1)


def test_user_timezone_wins_over_tz(monkeypatch):
    monkeypatch.setenv("TZ", "UTC")
    clock = Clock.from_env().with_settings("Pacific/Auckland", 0, "mon")
    fixed = Clock(timezone="UTC", fixed_now="2026-01-01T20:00:00+00:00").with_settings(
        "Pacific/Auckland", 0, "mon"
    )
    assert clock.timezone == "Pacific/Auckland"
    assert fixed.today() == date(2026, 1, 2)


def test_source_is_injectable():
    instant = pendulum.datetime(2026, 7, 4, 23, 59, tz="UTC")
    clock = Clock(timezone="UTC", source=lambda: instant)
    assert clock.today() == date(2026, 7, 4)


@pytest.mark.parametrize("day,start,expected", [
    (date(2026, 11, 25), 0, (date(2026, 11, 23), date(2026, 11, 29))),  # a Wednesday, Monday weeks
    (date(2026, 11, 25), 6, (date(2026, 11, 22), date(2026, 11, 28))),  # Sunday weeks
    (date(2026, 11, 22), 6, (date(2026, 11, 22), date(2026, 11, 28))),  # the Sunday itself
    (date(2026, 11, 22), 0, (date(2026, 11, 16), date(2026, 11, 22))),  # Sunday ends a Monday week
])
def test_week_bounds(day, start, expected):
    assert week_bounds(day, start) == expected


def test_week_start_is_per_clock_not_process_wide():
    mon = Clock(timezone="UTC", fixed_now="2026-11-25T10:00:00", week_start="mon")
    sun = Clock(timezone="UTC", fixed_now="2026-11-25T10:00:00", week_start="sun")
    assert week_bounds(mon.today(), mon.week_start_index)[0] == date(2026, 11, 23)
    assert week_bounds(sun.today(), sun.week_start_index)[0] == date(2026, 11, 22)
    assert week_bounds(mon.today(), mon.week_start_index)[0] == date(2026, 11, 23)


@pytest.mark.parametrize(
    "kwargs",
    [
        {"day_start_hour": 24},
        {"day_start_hour": -1},
        {"week_start": "tue"},
        {"timezone": "Mars/Olympus"},
    ],
)
def test_invalid_settings_are_refused(kwargs):
    with pytest.raises(ClockError):
        Clock(**{"timezone": "UTC", **kwargs})


def test_validate_timezone():
    assert validate_timezone("Asia/Shanghai") == "Asia/Shanghai"
    with pytest.raises(ClockError, match="Nowhere/Land"):
        validate_timezone("Nowhere/Land")


def test_explicit_offset_in_fixed_now_is_honoured():
    now = parse_fixed_now("2026-03-08T12:00:00+00:00", "Asia/Tokyo")
    assert now.hour == 21 and now.day == 8
    assert isinstance(now, datetime)


@pytest.mark.parametrize(
    "text",
    [
        "9999-01-01T00:00:00",
        "9999-12-31T12:00:00",
        "0001-12-31T23:59:59",
        "9998-12-31T23:30:00-01:00",
        "0002-01-01T00:30:00+01:00",
    ],
)
def test_a_fixed_now_without_a_year_of_room_either_side_is_refused(text):
    with pytest.raises(ClockError, match="out of range: the year must be from 2 to 9998"):
        Clock(timezone="UTC", fixed_now=text)


@pytest.mark.parametrize("text", ["9998-12-31T23:59:59", "0002-01-01T00:00:00"])
def test_the_first_and_last_usable_years_allow_day_math_on_both_sides(text):
    from datetime import timedelta

    clock = Clock(timezone="UTC", fixed_now=text)
    today = clock.today()
    assert today + timedelta(days=365) > today - timedelta(days=365)
    first, last = week_bounds(today, clock.week_start_index)
    assert first <= today <= last


# ------------------------------------------------- the standard library, read as pendulum reads
@pytest.mark.parametrize("tz,text", [
    ("America/New_York", "2026-03-08T02:30:00"),  # does not exist: moved forward by the gap
    ("America/New_York", "2026-11-01T01:30:00"),  # happens twice: the later instant
    ("Europe/Berlin", "2026-03-29T02:00:00"),
    ("Europe/Berlin", "2026-10-25T02:59:59"),
    ("Australia/Lord_Howe", "2026-04-05T01:45:00"),  # a half-hour fold
    ("Australia/Lord_Howe", "2026-10-04T02:15:00"),  # a half-hour gap
    ("Pacific/Apia", "2011-12-30T12:00:00"),  # a whole day skipped
    ("utc", "2026-06-01T12:00:00"),
])
def test_wall_times_in_gaps_and_folds_are_read_as_pendulum_reads_them(tz, text):
    parsed = datetime.fromisoformat(text)
    expected = pendulum.datetime(*parsed.timetuple()[:6], tz=tz)
    now = parse_fixed_now(text, tz)
    # Compared as UTC instants: PEP 495 makes an ambiguous time unequal to any other zone's.
    assert now.timestamp() == expected.timestamp() and now.utcoffset() == expected.utcoffset()
    assert now.replace(tzinfo=None) == expected.replace(tzinfo=None)


def test_a_stdlib_datetime_is_a_source_too():
    from datetime import timezone

    instant = datetime(2026, 7, 4, 16, 0, tzinfo=timezone.utc)
    aware = Clock(timezone="Asia/Tokyo", source=lambda: instant)
    assert aware.today() == date(2026, 7, 5) and aware.now_utc_iso() == "2026-07-04T16:00:00Z"
    naive = Clock(timezone="America/New_York", source=lambda: datetime(2026, 11, 1, 1, 30))
    assert naive.now_utc_iso() == "2026-11-01T06:30:00Z"  # the later 01:30, as a fixed now


def _fake_system(root, timezone_file=None, localtime_link=None, clock_file=False):
    import os

    (root / "etc").mkdir()
    if timezone_file is not None:
        (root / "etc" / "timezone").write_bytes(timezone_file)
    if localtime_link is not None:
        os.symlink(localtime_link, root / "etc" / "localtime")
    if clock_file:
        (root / "etc" / "conf.d").mkdir()
        (root / "etc" / "conf.d" / "clock").write_text('TIMEZONE="Europe/Paris"\n')
    return root


@pytest.mark.parametrize("files,expected", [
    ({"timezone_file": b"Europe/Berlin\n"}, "Europe/Berlin"),
    ({"timezone_file": b"America/New_York # set by the installer"}, "America/New_York"),
    ({"timezone_file": b"Nowhere/Land"}, "UTC"),
    ({"localtime_link": "/usr/share/zoneinfo/posix/Asia/Tokyo"}, "Asia/Tokyo"),
    ({"localtime_link": "/usr/share/zoneinfo/Etc/UTC"}, "UTC"),
    ({"timezone_file": b"Asia/Shanghai", "localtime_link": "/usr/share/zoneinfo/Europe/Berlin"},
     "Asia/Shanghai"),
])
def test_the_system_zone_is_found_in_the_files_pendulum_reads(tmp_path, monkeypatch, files,
                                                              expected):
    import sys

    from pendulum.tz.local_timezone import _get_unix_timezone

    from netquest.clock import _configured_zone

    monkeypatch.setattr(sys, "platform", "linux")
    monkeypatch.delenv("TZ", raising=False)
    root = _fake_system(tmp_path, **files)
    assert _configured_zone(root) == expected
    if expected != "UTC" or "localtime_link" in files:
        assert _get_unix_timezone(str(root)).name == expected


@pytest.mark.parametrize("files", [
    {}, {"clock_file": True, "localtime_link": "/usr/share/zoneinfo/Europe/Berlin"},
])
def test_a_system_zone_the_files_do_not_name_is_left_to_pendulum(tmp_path, monkeypatch, files):
    import sys

    from netquest.clock import _configured_zone

    monkeypatch.setattr(sys, "platform", "linux")
    assert _configured_zone(_fake_system(tmp_path, **files)) is None


def test_the_clock_does_not_import_pendulum():
    import subprocess
    import sys

    code = ("import os, sys; os.environ.pop('TZ', None)\n"
            "from netquest.clock import Clock, week_bounds\n"
            "c = Clock.from_env(timezone=None, day_start_hour=4)\n"
            "c.today(); c.now_utc_iso(); week_bounds(c.today(), c.week_start_index)\n"
            "Clock(timezone='Europe/Berlin').today()\n"
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('pendulum', 'dateutil')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
