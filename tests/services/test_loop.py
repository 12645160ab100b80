"""Coming from Loop Habit Tracker and leaving for it: backups and CSV exports in, Loop's CSV out."""

from __future__ import annotations

import csv
import io
import os
import sqlite3
import subprocess
import sys
import zipfile
from datetime import date, timedelta
from pathlib import Path

import pytest

from netquest.clock import Clock
from netquest.services import NetQuest
from netquest.services.loop import LoopError, cadence_for, reminder_of, unguard
from netquest.store import Store
from tests.services.loop_backups import DAY0, HABITS, MS_PER_DAY, build, empty_backup, insert, ms

NOW = "2026-03-11T09:30:00"
TODAY = date(2026, 3, 11)


@pytest.fixture
def app(tmp_path):
    return NetQuest(Store(tmp_path / "nq.json"), Clock(timezone="UTC", fixed_now=NOW))


def expected(habits, version):
    """What NetQuest should hold after importing a backup of `version` with `habits`."""
    out = {}
    for h in habits:
        checkins, skips = {}, {}
        notes = h.notes if version >= 25 else {}
        if h.numeric:
            for k, amount in h.amounts.items():
                if amount > 0:
                    checkins[DAY0 + timedelta(days=k)] = (
                        min(1000, max(1, int(amount + 0.5))),
                        notes.get(k, ""),
                    )
        else:
            for k in h.yes:
                checkins[DAY0 + timedelta(days=k)] = (1, notes.get(k, ""))
        if version >= 16:
            for k in h.skips:
                skips[DAY0 + timedelta(days=k)] = notes.get(k, "")
        out[h.name] = (checkins, skips)
    return out


def held(app):
    """{title: ({day: (count, note)}, {day: reason})} of the data file."""
    with app.store.read() as tx:
        quests = {q["id"]: q["title"] for q in tx.quests()}
        out = {title: ({}, {}) for title in quests.values()}
        for rec in tx.checkins():
            days = out[quests[rec.quest]][0]
            assert date.fromisoformat(rec.day) not in days, "one check-in a day from Loop"
            days[date.fromisoformat(rec.day)] = (rec.count, rec.note)
        for skip in tx.skips():
            out[quests[skip["quest"]]][1][date.fromisoformat(skip["day"])] = skip["reason"]
    return out


@pytest.mark.parametrize(
    "version", range(12, 27)
)  # every schema from 12 to 26 (15 is 14 again here)
def test_each_schema_imports_exactly(app, tmp_path, version):
    db = tmp_path / f"loop-{version}.db"
    habits = build(db, version)
    before = db.read_bytes()
    report = app.data.import_loop(db)
    assert held(app) == expected(habits, version)
    assert db.read_bytes() == before and not Path(f"{db}-journal").exists()  # read-only
    quests = {q.title: q for q in app.quests.list(include_archived=True)}
    assert set(quests) == {h.name for h in habits}
    for h in habits:
        q = quests[h.name]
        assert str(q.cadence) == h.cadence and q.tip == 5 and q.archived == h.archived
        assert q.note == h.question
        assert (q.target, q.unit) == ((int(h.target), h.unit) if h.numeric else (1, ""))
        assert q.origin.startswith("loop:")
        days = [DAY0 + timedelta(days=k) for k in (*h.yes, *h.amounts)]
        assert q.start == min(days)
    reminder = quests["Comment on three posts"].reminder
    assert reminder == {"time": "08:30", "days": ["mon", "tue", "wed", "thu", "fri"]}
    assert quests["Host a session"].reminder is None
    checkins = sum(len(c) for c, _ in expected(habits, version).values())
    skips = sum(len(s) for _, s in expected(habits, version).values())
    assert (report.quests, report.checkins, report.skips, report.rolling, report.weekly) == (
        len(habits), checkins, skips, 2, 1)


def test_the_summary_line_and_a_second_import_adds_nothing(app, tmp_path):
    db = tmp_path / "loop.db"
    build(db, 25)
    first = app.data.import_loop(db).line()
    assert first == (
        "8 quests, 32 check-ins, 4 skips from Loop (2 habits mapped to 'N in M days'; "
        "1 habit of N per 7 days now N/week in calendar weeks; 1 amount above 1000 counted as 1000)"
    )
    state = held(app)
    second = app.data.import_loop(db)
    assert (second.new_quests, second.checkins, second.skips) == (0, 0, 0)
    assert held(app) == state
    assert len(app.quests.list(include_archived=True)) == 8


def test_import_merges_into_an_existing_file_by_title(app, tmp_path):
    app.quests.add("Virtual coffee", 4, "daily", start=date(2026, 1, 8))
    app.quests.checkin("virtual", day="2026-01-08")
    db = tmp_path / "loop.db"
    build(db, 25)
    app.data.import_loop(db)
    coffee = [q for q in app.quests.list() if q.title == "Virtual coffee"]
    assert len(coffee) == 1 and coffee[0].tip == 4 and str(coffee[0].cadence) == "daily"
    assert coffee[0].start == DAY0  # moved back to the first day Loop knows
    days = held(app)["Virtual coffee"][0]
    assert sorted(days) == [
        DAY0 + timedelta(days=k) for k in (0, 3, 6, 9)
    ]  # day 3 was there already


def test_only_and_tip(app, tmp_path):
    db = tmp_path / "loop.db"
    build(db, 25)
    report = app.data.import_loop(db, only=("ask for an INTRO", "Pages read"), tip=3)
    assert report.quests == 2
    assert sorted((q.title, q.tip) for q in app.quests.list()) == [
        ("Ask for an intro", 3),
        ("Pages read", 3),
    ]
    with pytest.raises(LoopError, match="no habit of that name"):
        app.data.import_loop(db, only=("Nope",))


@pytest.mark.parametrize(
    "num, den, text",
    [
        (1, 1, "daily"),
        (3, 1, "daily"),
        (3, 7, "3/week"),
        (2, 30, "2/month"),
        (1, 31, "1/month"),
        (1, 2, "every 2 days"),
        (1, 30, "1/month"),
        (2, 3, "2 in 3 days"),
        (5, 14, "5 in 14 days"),
        (7, 7, "daily"),
    ],
)
def test_frequency_to_cadence(num, den, text):
    assert str(cadence_for(num, den)) == text


def test_reminder_days_are_loops_bits_from_sunday():
    assert reminder_of(7, 5, 1) == {"time": "07:05", "days": ["sun"]}
    assert reminder_of(7, 5, 127)["days"] == ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
    assert reminder_of(None, 0, 127) is None


def test_a_newer_schema_is_read_when_its_columns_are_there(app, tmp_path):
    db = tmp_path / "loop.db"
    build(db, 26, HABITS[:2])
    con = sqlite3.connect(db)
    con.executescript("alter table Habits add column something_new text; pragma user_version = 31;")
    con.close()
    assert app.data.import_loop(db).quests == 2


# --------------------------------------------------------------------------- hostile backups
def damaged(tmp_path, sql: str, version: int = 25) -> Path:
    db = tmp_path / "bad.db"
    build(db, version, HABITS[:1])
    con = sqlite3.connect(db)
    con.executescript(sql)
    con.close()
    return db


HOSTILE = {
    "name is binary": "update Habits set name = x'00ff'",
    "frequency is text": "update Habits set freq_num = 'often'",
    "frequency too long": "update Habits set freq_den = 4000",
    "huge timestamp": f"update Repetitions set timestamp = {2**62} where id = 1",
    "negative timestamp": "update Repetitions set timestamp = -5 where id = 1",
    "timestamp is text": "update Repetitions set timestamp = 'yesterday' where id = 1",
    "value is a blob": "update Repetitions set value = x'00ff'",
    "huge value": f"update Repetitions set value = {2**60}",
    "no Repetitions": "drop table Repetitions",
    "no Habits": "drop table Habits",
    "newer schema without the columns":
        "alter table Repetitions rename to Entries; pragma user_version = 40",
    "name far too long": f"update Habits set name = '{'x' * 500}'",
    "notes far too long": f"update Repetitions set notes = '{'n' * 5000}'",
    "older than schema 12": "pragma user_version = 9",
}


@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_a_malformed_backup_is_one_line_exit_2_and_nothing_written(run, cli_env, tmp_path, case):
    run("init")
    before = cli_env.read_bytes()
    db = damaged(tmp_path, HOSTILE[case])
    code, out, err = run("import", "--from", "loop", str(db))
    assert code == 2, (case, out, err)
    assert out == "" and len(err.strip().splitlines()) == 1 and "nothing was changed" in err
    assert "Traceback" not in err
    assert cli_env.read_bytes() == before


@pytest.mark.parametrize(
    "content",
    [b"", b"not a database at all", b"SQLite format 3\x00" + b"\x00" * 200, b"PK\x03\x04garbage"],
)
def test_files_that_are_not_backups(run, cli_env, tmp_path, content):
    run("init")
    before = cli_env.read_bytes()
    bad = tmp_path / "thing.db"
    bad.write_bytes(content)
    code, out, err = run("import", "--from", "loop", str(bad))
    assert code == 2 and len(err.strip().splitlines()) == 1 and cli_env.read_bytes() == before


def test_a_query_that_never_ends_is_stopped(run, cli_env, tmp_path):
    # A view can pose as a table: the step budget stops it instead of hanging.
    db = tmp_path / "slow.db"
    con = empty_backup(db, 25)
    con.executescript("""
        alter table Repetitions rename to RealRepetitions;
        create view Repetitions as
            with recursive n(i) as (select 1 union all select i + 1 from n)
            select 1 as habit, i as timestamp, 2 as value, null as notes from n;
    """)
    insert(con, "Habits", name="Loop forever", freq_num=1, freq_den=1, archived=0)
    con.commit()
    con.close()
    run("init")
    code, _, err = run("import", "--from", "loop", str(db))
    assert code == 2 and "Traceback" not in err


def test_repetitions_of_no_habit_and_duplicate_days(app, tmp_path):
    db = tmp_path / "loop.db"
    con = empty_backup(db, 21)  # before 22, Loop allowed two rows for one day
    hid = insert(con, "Habits", name="Coffee", freq_num=1, freq_den=1, archived=0)
    for value in (2, 0):
        insert(con, "Repetitions", habit=hid, timestamp=ms(DAY0), value=value)
    insert(con, "Repetitions", habit=hid, timestamp=ms(DAY0) + MS_PER_DAY, value=2)
    insert(con, "Repetitions", habit=hid + 7, timestamp=ms(DAY0), value=2)
    con.commit()
    con.close()
    app.data.import_loop(db)
    assert sorted(held(app)["Coffee"][0]) == [
        DAY0 + timedelta(days=1)
    ]  # the later row of a day wins


# --------------------------------------------------------------------------- export and round trip
def fill(app):
    app.quests.add("=HYPERLINK(\"evil\")", 1, "daily", start=date(2026, 2, 1))
    app.quests.add("Host a session", 2, "3/week", start=date(2026, 2, 1))
    app.quests.add("Newsletter", 2, "2/month", start=date(2026, 2, 1))
    app.quests.add("Virtual coffee", 4, "every 4 days", start=date(2026, 2, 1))
    app.quests.add("Ask for an intro", 3, "2 in 3 days", start=date(2026, 2, 1))
    app.quests.add("Comment on posts", 1, "daily", target=3, start=date(2026, 2, 1))
    for k in range(0, 30, 2):
        day = (date(2026, 2, 1) + timedelta(days=k)).isoformat()
        app.quests.checkin("hyperlink", day=day, note="-1 for that idea" if k == 4 else "")
        app.quests.checkin("ask", day=day)
        app.quests.checkin("comment", day=day, count=3, note="+ three threads" if k == 2 else "")
    for k in (1, 5, 9):
        app.quests.checkin(
            "host", day=(date(2026, 2, 1) + timedelta(days=k)).isoformat(), note="@team call"
        )
    app.quests.checkin("newsletter", day="2026-02-10")
    app.quests.checkin("virtual", day="2026-02-03", note="Ana, platform teams")
    app.quests.skip("virtual", day="2026-02-07", reason="sick")


def portable(app):
    """What Loop's CSV can hold: titles, cadences, each day's check-in and note, skips."""
    quests = {q.id: q for q in app.quests.list(include_archived=True)}
    with app.store.read() as tx:
        days = {}
        for rec in tx.checkins():
            days[(quests[rec.quest].title, rec.day)] = (rec.count, rec.note)
        skips = {(quests[s["quest"]].title, s["day"]): s["reason"] for s in tx.skips()}
    return ({q.title: (str(q.cadence), q.target) for q in quests.values()}, days, skips)


def test_round_trip_through_loops_csv(app, tmp_path, run, cli_env):
    fill(app)
    out = tmp_path / "loop-csv"
    files = app.data.export_loop_csv()
    out.mkdir()
    for name, data in files.items():
        (out / name).parent.mkdir(exist_ok=True)
        (out / name).write_bytes(data)
    back = NetQuest(Store(tmp_path / "back.json"), Clock(timezone="UTC", fixed_now=NOW))
    back.data.import_loop(out)
    assert portable(back) == portable(app)
    # The zip Loop itself writes holds the same files.
    archive = tmp_path / "Loop Habits CSV 2026-03-11.zip"
    with zipfile.ZipFile(archive, "w") as z:
        for name, data in files.items():
            z.writestr(name, data)
    again = NetQuest(Store(tmp_path / "again.json"), Clock(timezone="UTC", fixed_now=NOW))
    again.data.import_loop(archive)
    assert portable(again) == portable(app)
    again.data.import_loop(archive)
    assert portable(again) == portable(app)  # a second import adds nothing


def test_export_layout_and_the_spreadsheet_guard(app):
    fill(app)
    files = app.data.export_loop_csv()
    habits = list(csv.DictReader(io.StringIO(files["Habits.csv"].decode())))
    assert list(habits[0]) == [
        "Position",
        "Name",
        "Type",
        "Question",
        "Description",
        "FrequencyNumerator",
        "FrequencyDenominator",
        "Color",
        "Unit",
        "Target Type",
        "Target Value",
        "Archived?",
    ]
    by_name = {h["Name"]: h for h in habits}
    assert (
        "'=HYPERLINK(\"evil\")" in by_name
        and unguard("'=HYPERLINK(\"evil\")") == "=HYPERLINK(\"evil\")"
    )
    assert (
        by_name["Ask for an intro"]["FrequencyNumerator"],
        by_name["Ask for an intro"]["FrequencyDenominator"],
    ) == ("2", "3")
    assert (
        by_name["Comment on posts"]["Type"] == "NUMERICAL"
        and by_name["Comment on posts"]["Target Value"] == "3.0"
    )
    position = by_name["Virtual coffee"]["Position"]
    own = list(csv.reader(io.StringIO(files[f"{position} Virtual coffee/Checkmarks.csv"].decode())))
    assert own == [
        ["Date", "Value", "Notes"],
        ["2026-02-07", "3", "sick"],
        ["2026-02-03", "2", "Ana, platform teams"],
    ]
    wide = list(csv.reader(io.StringIO(files["Checkmarks.csv"].decode())))
    assert wide[0][0] == "Date" and wide[1][0] == "2026-03-11" and wide[-1][0] == "2026-02-01"
    scores = list(csv.reader(io.StringIO(files["Scores.csv"].decode())))
    assert len(scores) == len(wide) and all(
        0 <= float(v) <= 1 for row in scores[1:] for v in row[1:]
    )
    for name in files:
        if name.endswith("Scores.csv") and "/" in name:
            assert name.split("/")[0][:3].isdigit()
    every_cell = [
        cell
        for data in files.values()
        for row in csv.reader(io.StringIO(data.decode()))
        for cell in row
    ]
    assert not [c for c in every_cell if c[:1] in ("=", "+", "-", "@")]


def test_cli_export_loop_csv_needs_a_new_or_empty_folder(run, cli_env, tmp_path):
    run("init", "--starter")
    code, _, err = run("export", "--format", "loop-csv")
    assert code == 2 and "-o DIR" in err
    full = tmp_path / "full"
    full.mkdir()
    (full / "x").write_text("x")
    code, _, err = run("export", "--format", "loop-csv", "-o", str(full))
    assert code == 2 and "not empty" in err
    code, _, err = run("export", "--format", "loop-csv", "-o", str(tmp_path / "new"))
    assert code == 0 and (tmp_path / "new" / "Habits.csv").is_file()
    code, out, err = run("import", "--from", "loop", str(tmp_path / "new"), "--tip", "2")
    assert code == 0 and " from Loop" in out


def test_cli_import_options(run, cli_env, tmp_path):
    db = tmp_path / "loop.db"
    build(db, 25)
    run("init")
    code, out, _ = run(
        "import", "--from", "loop", str(db), "--only", "Virtual coffee", "--only", "Host a session"
    )
    assert code == 0 and out.startswith("2 quests, 9 check-ins, 1 skip from Loop")
    code, _, err = run("import", str(db), "--tip", "3")
    assert code == 2 and "--from loop" in err
    code, _, err = run("import", "--from", "loop", str(db), "--tip", "9")
    assert code == 2 and "--tip" in err
    code, _, err = run("import", "--from", "loop", str(tmp_path / "missing.db"))
    assert code == 2 and len(err.strip().splitlines()) == 1


def test_rolling_quest_in_summary_json(run, cli_env, tmp_path):
    import json

    db = tmp_path / "loop.db"
    build(db, 25)
    run("init")
    run("import", "--from", "loop", str(db))
    run("checkin", "ask", "--date", "2026-03-10")
    code, out, _ = run("summary", "--format", "json")
    ask = next(q for q in json.loads(out)["quests"] if q["id"] == "ask-for-an-intro")
    assert ask["cadence"] == "2 in 3 days" and ask["streak"]["unit"] == "period"
    assert ask["period"] == {"from": "2026-03-09", "to": "2026-03-11", "done_days": 1, "needed": 2}
    assert ask["at_risk"] is False and ask["streak"]["current"] == 0


def test_commands_that_do_not_import_never_load_sqlite_or_zipfile(cli_env):
    env = dict(os.environ, NETQUEST_DB=str(cli_env), NETQUEST_NOW=NOW, TZ="UTC")
    subprocess.run(
        [sys.executable, "-m", "netquest", "init", "--starter"],
        env=env,
        check=True,
        capture_output=True,
    )
    proc = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "netquest", "summary"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    imported = {
        line.split("|")[-1].strip()
        for line in proc.stderr.splitlines()
        if line.startswith("import time:")
    }
    assert "netquest.services" in imported
    assert not imported & {"sqlite3", "zipfile", "netquest.services.loop"}


# --------------------------------------------------------------------------- CSV exports that are
# not
def csv_export(tmp_path, habits_csv: str, checkmarks: str | None = None) -> Path:
    folder = tmp_path / "export"
    folder.mkdir()
    (folder / "Habits.csv").write_text(habits_csv)
    if checkmarks is not None:
        (folder / "001 Coffee").mkdir()
        (folder / "001 Coffee" / "Checkmarks.csv").write_text(checkmarks)
    return folder


HEADER = (
    "Position,Name,Type,Question,Description,FrequencyNumerator,FrequencyDenominator,Color,Unit,"
    "Target Type,Target Value,Archived?\n"
)


@pytest.mark.parametrize(
    "habits_csv, checkmarks, words",
    [
        (HEADER + "001,Coffee,YES_NO,,,1,0,#000,,,,false\n", None, "FrequencyDenominator"),
        (HEADER + "001,Coffee,YES_NO,,,x,1,#000,,,,false\n", None, "FrequencyNumerator"),
        (HEADER + "001,,YES_NO,,,1,1,#000,,,,false\n", None, "no name"),
        (HEADER + "001,Coffee,NUMERICAL,,,1,1,#000,,,lots,false\n", None, "Target Value"),
        ("Position,Title\n001,Coffee\n", None, "Name"),
        (
            HEADER + "001,Coffee,YES_NO,,,1,1,#000,,,,false\n",
            "Date,Value,Notes\nyesterday,2,\n",
            "Date",
        ),
        (
            HEADER + "001,Coffee,YES_NO,,,1,1,#000,,,,false\n",
            "Date,Value,Notes\n2026-02-30,2,\n",
            "Date",
        ),
    ],
)
def test_a_malformed_csv_export_is_refused_and_nothing_written(
    app, tmp_path, habits_csv, checkmarks, words
):
    folder = csv_export(tmp_path, habits_csv, checkmarks)
    with pytest.raises(LoopError, match=words):
        app.data.import_loop(folder)
    assert app.quests.list(include_archived=True) == []


def test_csv_values_in_loops_words_and_numbers(app, tmp_path):
    folder = csv_export(tmp_path, HEADER + "001,Coffee,YES_NO,Talk?,,1,1,#000,,,,false\n",
                        "Date,Value,Notes\n2026-02-05,YES_MANUAL,good\n2026-02-04,1,\n2026-02-03,SKIP,ill\n"
                        "2026-02-02,2,\n2026-02-01,NO,\n")
    app.data.import_loop(folder)
    assert held(app) == {"Coffee": ({date(2026, 2, 5): (1, "good"), date(2026, 2, 2): (1, "")},
                                    {date(2026, 2, 3): "ill"})}
    assert app.quests.list()[0].note == "Talk?"


def test_a_zip_bigger_than_an_export_or_not_a_zip(app, tmp_path, monkeypatch):
    from netquest.services import loop_csv

    monkeypatch.setattr(loop_csv, "MAX_ZIP_TOTAL", 1024 * 1024)  # the real bound is 256 MB
    bomb = tmp_path / "bomb.zip"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("Habits.csv", HEADER)
        z.writestr("001 Coffee/Checkmarks.csv", b"0" * (2 * 1024 * 1024))
    with pytest.raises(LoopError, match="larger"):
        app.data.import_loop(bomb)
    odd = tmp_path / "odd.zip"
    with zipfile.ZipFile(odd, "w") as z:
        z.writestr("readme.txt", "hello")
    with pytest.raises(LoopError, match="no Habits.csv"):
        app.data.import_loop(odd)


def test_a_long_history_imports_quickly(app, tmp_path):
    import time

    db = tmp_path / "long.db"
    con = empty_backup(db, 25)
    for h in range(4):
        hid = insert(
            con, "Habits", name=f"Habit {h}", freq_num=2, freq_den=3, archived=0, position=h
        )
        con.executemany(
            "insert into Repetitions (habit, timestamp, value) values (?, ?, ?)",
            [
                (hid, ms(date(2016, 1, 1)) + k * MS_PER_DAY, 3 if k % 5 == 0 else 2)
                for k in range(3650)
            ],
        )
    con.commit()
    con.close()
    started = time.monotonic()
    report = app.data.import_loop(db)
    assert (report.checkins, report.skips) == (4 * 2920, 4 * 730)
    assert time.monotonic() - started < 30  # one skip at a time took minutes


def test_two_habits_of_one_name_stay_two_quests_and_the_note_is_one_line(app, tmp_path):
    db = tmp_path / "loop.db"
    con = empty_backup(db, 25)
    for k in range(2):
        hid = insert(
            con,
            "Habits",
            name="Coffee",
            freq_num=1,
            freq_den=1,
            archived=0,
            question="Did you meet?",
            description="Someone new,\nor someone known",
            uuid=f"u{k}",
        )
        insert(con, "Repetitions", habit=hid, timestamp=ms(DAY0) + k * MS_PER_DAY, value=2)
    con.commit()
    con.close()
    app.data.import_loop(db)
    app.data.import_loop(db)
    quests = sorted(app.quests.list(), key=lambda q: q.id)
    assert [(q.id, q.origin) for q in quests] == [("coffee", "loop:u0"), ("coffee-2", "loop:u1")]
    assert quests[0].note == "Did you meet? — Someone new, or someone known"
    with app.store.read() as tx:
        assert [(r.quest, r.day) for r in tx.checkins()] == [
            ("coffee", "2026-01-05"),
            ("coffee-2", "2026-01-06"),
        ]


def test_a_note_on_a_day_without_a_check_is_counted_as_left_out(app, tmp_path):
    db = tmp_path / "loop.db"
    con = empty_backup(db, 25)
    hid = insert(con, "Habits", name="Coffee", freq_num=1, freq_den=1, archived=0)
    insert(con, "Repetitions", habit=hid, timestamp=ms(DAY0), value=0, notes="Ana cancelled")
    insert(
        con, "Repetitions", habit=hid, timestamp=ms(DAY0) + MS_PER_DAY, value=2, notes="with Bea"
    )
    con.commit()
    con.close()
    line = app.data.import_loop(db).line()
    assert (
        line
        == "1 quest, 1 check-in, 0 skips from Loop (1 note on days without a check-in left out)"
    )
    folder = csv_export(tmp_path, HEADER + "001,Coffee,YES_NO,,,1,1,#000,,,,false\n",
                        "Date,Value,Notes\n2026-02-05,NO,rain\n2026-02-04,2,sun\n")
    other = NetQuest(Store(memory=True), Clock(timezone="UTC", fixed_now=NOW))
    assert other.data.import_loop(folder).lost_notes == 1


def test_the_csv_export_of_a_backup_already_imported_adds_nothing(app, tmp_path):
    db = tmp_path / "loop.db"
    build(db, 25)
    app.data.import_loop(db)
    state = held(app)
    out = tmp_path / "loop-csv"
    for name, data in app.data.export_loop_csv().items():
        (out / name).parent.mkdir(parents=True, exist_ok=True)
        (out / name).write_bytes(data)
    report = app.data.import_loop(out)
    assert (report.new_quests, report.checkins, report.skips) == (0, 0, 0)
    assert held(app) == state
    assert len(app.quests.list(include_archived=True)) == 8


def test_an_older_backup_without_uuids_meets_the_quests_by_title(app, tmp_path):
    build(tmp_path / "new.db", 25)
    build(tmp_path / "old.db", 21)
    app.data.import_loop(tmp_path / "new.db")
    report = app.data.import_loop(tmp_path / "old.db")
    assert report.new_quests == 0
    assert len(app.quests.list(include_archived=True)) == 8


def _damaged_zip(path: Path, how: str) -> None:
    """A zip of a Loop export whose one member cannot be read back: a wrong CRC, a member
    marked encrypted, or a compression method zipfile does not know."""
    with zipfile.ZipFile(path, "w") as z:
        z.writestr(
            "Habits.csv", b"Position,Name,FrequencyNumerator,FrequencyDenominator\n001,A,1,1\n"
        )
    data = bytearray(path.read_bytes())
    central = data.find(b"PK\x01\x02")
    if how == "crc":
        data[data.find(b"001,A")] = ord("9")
    elif how == "encrypted":
        data[6] |= 1
        data[central + 8] |= 1
    else:
        data[8] = 99
        data[central + 10] = 99
    path.write_bytes(bytes(data))


@pytest.mark.parametrize("how", ["crc", "encrypted", "method"])
def test_a_zip_whose_member_cannot_be_read_is_one_line(run, cli_env, tmp_path, how):
    run("init")
    before = cli_env.read_bytes()
    bad = tmp_path / "Loop Habits CSV.zip"
    _damaged_zip(bad, how)
    code, out, err = run("import", "--from", "loop", str(bad))
    assert code == 2, (how, out, err)
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1 and "Habits.csv" in err
    assert cli_env.read_bytes() == before


def test_two_habits_of_one_name_in_a_csv_export_keep_their_own_quests(app, tmp_path):
    out = tmp_path / "export"
    for pos, day in ((1, "2026-01-05"), (2, "2026-01-06")):
        (out / f"00{pos} Coffee").mkdir(parents=True)
        (out / f"00{pos} Coffee" / "Checkmarks.csv").write_text(f"Date,Value,Notes\n{day},2,\n")
    (out / "Habits.csv").write_text("Position,Name,FrequencyNumerator,FrequencyDenominator\n"
                                    "001,Coffee,1,1\n002,Coffee,1,1\n")
    app.data.import_loop(out)
    state = held_by_id(app)
    again = app.data.import_loop(out)
    assert (again.new_quests, again.checkins) == (0, 0)
    assert held_by_id(app) == state == {"coffee": ["2026-01-05"], "coffee-2": ["2026-01-06"]}


def held_by_id(app):
    with app.store.read() as tx:
        out: dict[str, list[str]] = {}
        for rec in tx.checkins():
            out.setdefault(rec.quest, []).append(rec.day)
        return out


@pytest.mark.parametrize(
    "text", ["'=x", "'-1 for that", "''+2", "'@home", "=x", "-1", "'plain", "''", "'"]
)
def test_the_spreadsheet_guard_comes_off_exactly_what_it_put_on(text):
    from netquest.text import csv_cell

    assert unguard(csv_cell(text)) == text


def test_a_title_starting_with_an_apostrophe_survives_the_round_trip(app, tmp_path):
    app.quests.add("'-' sessions", 2, "daily", start=date(2026, 3, 1))
    app.quests.checkin("sessions", day="2026-03-02", note="'=not a formula")
    out = tmp_path / "loop-csv"
    for name, data in app.data.export_loop_csv().items():
        (out / name).parent.mkdir(parents=True, exist_ok=True)
        (out / name).write_bytes(data)
    report = app.data.import_loop(out)
    assert (report.new_quests, report.checkins) == (0, 0)
    back = NetQuest(Store(tmp_path / "back.json"), Clock(timezone="UTC", fixed_now=NOW))
    back.data.import_loop(out)
    assert portable(back) == portable(app)


@pytest.mark.parametrize("kind", ["fifo", "device"])
def test_a_pipe_or_a_device_is_refused_not_waited_on(cli_env, tmp_path, kind):
    env = dict(os.environ, NETQUEST_DB=str(cli_env), NETQUEST_NOW=NOW, TZ="UTC")
    subprocess.run(
        [sys.executable, "-m", "netquest", "init"], env=env, check=True, capture_output=True
    )
    before = cli_env.read_bytes()
    if kind == "fifo":
        thing = tmp_path / "backup.db"
        os.mkfifo(thing)  # nothing ever writes to it: reading would wait for ever
    else:
        thing = Path("/dev/zero")  # endless: reading would never end
    proc = subprocess.run(
        [sys.executable, "-m", "netquest", "import", "--from", "loop", str(thing)],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert proc.returncode == 2 and len(proc.stderr.strip().splitlines()) == 1, proc.stderr
    assert "regular file" in proc.stderr
    assert cli_env.read_bytes() == before


def test_a_csv_day_before_1970_is_refused_as_a_backup_timestamp_is(app, tmp_path):
    folder = csv_export(
        tmp_path,
        "Position,Name,FrequencyNumerator,FrequencyDenominator\n001,Coffee,1,1\n",
        "Date,Value,Notes\n0001-01-01,2,\n2026-03-10,2,\n",
    )
    with pytest.raises(LoopError, match="0001-01-01"):
        app.data.import_loop(folder)
    assert app.quests.list(include_archived=True) == []


def test_only_takes_every_habit_of_the_name(app, tmp_path):
    db = tmp_path / "loop.db"
    con = empty_backup(db, 25)
    for k, name in enumerate(["Coffee", "coffee", "Tea"]):
        hid = insert(
            con, "Habits", name=name, freq_num=1, freq_den=1, archived=0, position=k, uuid=f"u{k}"
        )
        insert(con, "Repetitions", habit=hid, timestamp=ms(DAY0) + k * MS_PER_DAY, value=2)
    con.commit()
    con.close()
    report = app.data.import_loop(db, only=["COFFEE"])
    assert (report.quests, report.checkins) == (2, 2)
    assert sorted(q.origin for q in app.quests.list()) == ["loop:u0", "loop:u1"]


def _loop_csv_of(tmp_path, name: str, make) -> Path:
    """A Loop CSV export written by another NetQuest that `make` filled."""
    other = NetQuest(Store(memory=True), Clock(timezone="UTC", fixed_now=NOW))
    other.quests.add("Coffee chat", tip=1, cadence="daily", start="2026-03-01")
    make(other)
    out = tmp_path / name
    for path, data in other.data.export_loop_csv().items():
        (out / path).parent.mkdir(parents=True, exist_ok=True)
        (out / path).write_bytes(data)
    return out


def test_a_loop_skip_never_hides_a_check_in_of_its_day(app, tmp_path):
    app.quests.add("Coffee chat", tip=1, cadence="daily", start="2026-03-01")
    for day in ("2026-03-08", "2026-03-09", "2026-03-10"):
        app.quests.checkin("coffee", day=day)
    streak = app.quests.state().quests[0].streak.current
    loop = _loop_csv_of(tmp_path, "skipped", lambda o: o.quests.skip("coffee", day="2026-03-10"))
    report = app.data.import_loop(loop)
    assert (report.skips, report.skips_left_out) == (0, 1)
    assert "1 skip of a day with a check-in left out" in report.line()
    with app.store.read() as tx:
        assert tx.skips() == []
    assert app.quests.state().quests[0].streak.current == streak == 3


def test_a_loop_check_in_takes_back_the_skip_of_its_day(app, tmp_path):
    app.quests.add("Coffee chat", tip=1, cadence="daily", start="2026-03-01")
    app.quests.skip("coffee", day="2026-03-09")
    loop = _loop_csv_of(tmp_path, "done", lambda o: o.quests.checkin("coffee", day="2026-03-09"))
    report = app.data.import_loop(loop)
    assert (report.checkins, report.skips_lifted) == (1, 1)
    assert "1 skip taken back for a check-in on its day" in report.line()
    with app.store.read() as tx:
        assert tx.skips() == [] and [r.day for r in tx.checkins()] == ["2026-03-09"]


def test_the_export_shows_a_check_in_over_its_quests_own_skip_of_the_day(app):
    # An older file may hold both; the check-in counts there, so Loop gets the check-in.
    app.quests.add("Coffee chat", tip=1, cadence="daily", start="2026-03-01")
    for day in ("2026-03-09", "2026-03-10", "2026-03-11"):
        app.quests.checkin("coffee", day=day)
    with app.store.transaction() as tx:  # as an older version let it be
        tx.add_skip("coffee-chat", "2026-03-10", "older file")
        tx.add_skip(None, "2026-03-05", "away")
    files = app.data.export_loop_csv()
    own = list(csv.reader(io.StringIO(files["001 Coffee chat/Checkmarks.csv"].decode())))
    assert own[1:] == [["2026-03-11", "2", ""], ["2026-03-10", "2", ""], ["2026-03-09", "2", ""],
                       ["2026-03-05", "3", "away"]]
    wide = dict(csv.reader(io.StringIO(files["Checkmarks.csv"].decode())))
    assert wide["2026-03-10"] == "2"
    scores = dict(csv.reader(io.StringIO(files["Scores.csv"].decode())))
    strength = app.quests.state().quests[0].strength
    assert float(scores["2026-03-11"]) == pytest.approx(strength, abs=1e-4)
