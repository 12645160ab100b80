"""Loop Habit Tracker backups built in the tests, from the statements of Loop's own migrations.

Loop keeps its schema history as numbered SQL files (``uhabits-core/src/jvmMain/resources/
migrations/NN.sql`` in iSoron/uhabits; older ones under earlier paths of that repository).
The statements below are those schema facts, one entry per version, so a backup of any
version is the result of running them in order and setting ``PRAGMA user_version``.
Statement separators are added where Loop's files leave them out (its 12 and 23 put one
statement per line without ``;``); migration 15 is not among the files read and is left
out (no table or column the import reads depends on it). Data-only colour remaps (14, 21)
are kept to their last, catch-all statement.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

MIGRATIONS: dict[int, str] = {
    9: """
create table Habits (
    id integer primary key autoincrement, archived integer, color integer, description text,
    freq_den integer, freq_num integer, skip_days integer, skip_days_list integer,
    highlight integer, name text, position integer, reminder_hour integer, reminder_min integer);
create table Checkmarks (id integer primary key autoincrement, habit integer references habits(id),
    timestamp integer, value integer);
create table Repetitions (id integer primary key autoincrement, habit integer references habits(id),
    timestamp integer);
create table Streak (id integer primary key autoincrement, end integer,
    habit integer references habits(id), length integer, start integer);
create table Score (id integer primary key autoincrement, habit integer references habits(id),
    score integer, timestamp integer);
""",
    10: "delete from Score; delete from Streak; delete from Checkmarks;",
    11: "alter table Habits add column reminder_days integer not null default 127;",
    12: "delete from Score; delete from Streak; delete from Checkmarks;",
    13: """
create index idx_score_habit_timestamp on Score(habit, timestamp);
create index idx_checkmark_habit_timestamp on Checkmarks(habit, timestamp);
create index idx_repetitions_habit_timestamp on Repetitions(habit, timestamp);
create index idx_streak_habit_end on Streak(habit, end);
""",
    14: "update habits set color=0 where color<0 or color>12;",
    16: """
alter table Habits add column type integer not null default 0;
alter table Repetitions add column value integer not null default 2;
""",
    17: """
drop table Score;
create table Score (id integer primary key autoincrement, habit integer references habits(id),
    score real, timestamp integer);
create index idx_score_habit_timestamp on Score(habit, timestamp);
delete from streak;
delete from checkmarks;
""",
    18: """
alter table Habits add column target_type integer not null default 0;
alter table Habits add column target_value real not null default 0;
alter table Habits add column unit text not null default "";
""",
    19: "create table Events (id integer primary key autoincrement, timestamp integer, "
        "message text, server_id integer);",
    20: "drop table checkmarks; drop table streak; drop table score;",
    21: "update habits set color=0 where color<0 or color>19;",
    22: """
delete from repetitions where habit not in (select id from habits);
delete from repetitions where timestamp is null;
delete from repetitions where habit is null;
delete from repetitions where rowid not in
    (select min(rowid) from repetitions group by habit, timestamp);
alter table Repetitions rename to RepetitionsBak;
create table Repetitions (id integer primary key autoincrement,
    habit integer not null references habits(id), timestamp integer not null,
    value integer not null);
drop index idx_repetitions_habit_timestamp;
create unique index idx_repetitions_habit_timestamp on Repetitions(habit, timestamp);
insert into Repetitions select * from RepetitionsBak;
drop table RepetitionsBak;
""",
    23: """
alter table Habits add column question text;
update Habits set question = description;
update Habits set description = null;
""",
    24: """
alter table habits add column uuid text;
update habits set uuid = lower(hex(randomblob(16) || id));
""",
    25: "alter table Repetitions add column notes text;",
    26: """
create table SharedIds (name text primary key, next_id integer not null);
insert into SharedIds (name, next_id)
    values ('habitandgroup', (select coalesce(max(id),0) from Habits) + 1);
alter table Habits rename to HabitsOld;
create table Habits (
    id integer primary key, archived integer, color integer, description text, freq_den integer,
    freq_num integer, highlight integer, name text, position integer, reminder_hour integer,
    reminder_min integer, reminder_days integer not null default 127,
    type integer not null default 0, target_type integer not null default 0,
    target_value real not null default 0,
    unit text not null default "", question text, uuid text);
insert into Habits (id, archived, color, description, freq_den, freq_num, highlight, name, position,
    reminder_min, reminder_days, type, target_type, target_value, unit, question, uuid)
select id, archived, color, description, freq_den, freq_num, highlight, name, position,
    reminder_min, reminder_days, type, target_type, target_value, unit, question, uuid
    from HabitsOld;
drop table HabitsOld;
create table HabitGroups (id integer primary key, archived integer, color integer,
    description text not null default "", highlight integer, name text, position integer,
    reminder_days integer not null default 127, reminder_hour integer, reminder_min integer,
    question text not null default "", uuid text);
alter table Habits add column group_uuid text references habitgroups(uuid);
alter table Habits add column group_id integer references habitgroups(id);
""",
}

MS_PER_DAY = 86_400_000


def ms(day: date) -> int:
    """Loop's timestamp of a day: milliseconds at its UTC midnight."""
    return (day - date(1970, 1, 1)).days * MS_PER_DAY


def empty_backup(path: Path, version: int) -> sqlite3.Connection:
    """A backup of schema `version`, made by running Loop's migrations up to it."""
    con = sqlite3.connect(path)
    for v in sorted(MIGRATIONS):
        if v <= version:
            con.executescript(MIGRATIONS[v])
    con.execute(f"pragma user_version = {version}")
    return con


def columns(con: sqlite3.Connection, table: str) -> set[str]:
    return {row[1] for row in con.execute(f"pragma table_info({table})")}


def insert(con: sqlite3.Connection, table: str, **values) -> int:
    """Insert the values whose columns this schema version has; returns the row id."""
    have = columns(con, table)
    row = {k: v for k, v in values.items() if k in have}
    cur = con.execute(
        f"insert into {table} ({', '.join(row)}) values ({', '.join('?' * len(row))})",
        tuple(row.values()),
    )
    return cur.lastrowid


@dataclass
class Habit:
    """A habit of a fixture and what NetQuest should make of it."""

    name: str
    num: int
    den: int
    cadence: str
    yes: list[int] = field(default_factory=list)  # day offsets checked by hand (value 2)
    auto: list[int] = field(default_factory=list)  # value 1: not a check-in
    no: list[int] = field(default_factory=list)  # value 0
    skips: list[int] = field(default_factory=list)  # value 3
    amounts: dict[int, float] = field(default_factory=dict)  # numeric habits: day offset -> amount
    notes: dict[int, str] = field(default_factory=dict)
    archived: bool = False
    numeric: bool = False
    target: float = 0.0
    unit: str = ""
    question: str = ""
    reminder: tuple[int, int, int] | None = None  # hour, minute, Loop's packed days
    min_version: int = 12


DAY0 = date(
    2026, 1, 5
)  # a Monday; every fixture day is DAY0 + offset, all before "today" (2026-03-11)

HABITS = [
    Habit(
        "Comment on three posts",
        1,
        1,
        "daily",
        yes=[0, 1, 2, 4, 5, 9],
        auto=[3],
        no=[6],
        skips=[7, 8],
        notes={1: "Two threads on platform teams", 7: "travel"},
        question="Did you join the conversation?",
        reminder=(8, 30, 0b0111110),
    ),
    Habit("Host a session", 2, 7, "2/week", yes=[0, 3, 7, 10, 14], auto=[1, 2]),
    Habit("Write the newsletter", 3, 30, "3/month", yes=[2, 12, 22]),
    Habit("Monthly review", 1, 31, "1/month", yes=[25], archived=True),
    Habit(
        "Virtual coffee",
        1,
        3,
        "every 3 days",
        yes=[0, 3, 6, 9],
        skips=[12],
        notes={3: "=HYPERLINK(\"x\")"},
    ),
    Habit("Ask for an intro", 2, 3, "2 in 3 days", yes=[0, 1, 3, 4, 6], auto=[2, 5]),
    Habit("Follow up", 5, 14, "5 in 14 days", yes=[1, 2, 3, 5, 8], archived=True),
    Habit(
        "Pages read",
        1,
        1,
        "daily",
        numeric=True,
        target=20,
        unit="pages",
        amounts={0: 25.0, 1: 7.5, 2: 0.0, 3: 2500.0},
        skips=[4],
        min_version=18,
    ),
]


def build(path: Path, version: int, habits: list[Habit] = HABITS) -> list[Habit]:
    """Write a backup of `version` holding `habits` (those its schema can hold); returns them."""
    con = empty_backup(path, version)
    kept = []
    for position, h in enumerate(h for h in habits if version >= h.min_version):
        hour, minute, days = h.reminder or (None, None, 127)
        hid = insert(
            con,
            "Habits",
            name=h.name,
            freq_num=h.num,
            freq_den=h.den,
            archived=int(h.archived),
            color=3,
            position=position,
            highlight=0,
            description=h.question if version < 23 else "",
            question=h.question,
            type=int(h.numeric),
            target_type=0,
            target_value=h.target,
            unit=h.unit,
            reminder_hour=hour,
            reminder_min=minute,
            reminder_days=days,
            uuid=f"{position:032x}",
        )
        rows: dict[int, int] = {}
        for k in h.yes:
            rows[k] = 2
        for k in h.auto:
            rows[k] = 1
        for k in h.no:
            rows[k] = 0
        for k in h.skips:
            rows[k] = 3
        for k, amount in h.amounts.items():
            rows[k] = round(amount * 1000)
        for k, value in sorted(rows.items()):
            if version < 16 and value != 2:
                continue  # before 16 a repetition was a check and nothing else
            insert(con, "Repetitions", habit=hid, timestamp=ms(DAY0) + k * MS_PER_DAY, value=value,
                   notes=h.notes.get(k))
        kept.append(h)
    con.commit()
    con.close()
    return kept
