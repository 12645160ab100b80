"""Reading Loop Habit Tracker's files: a backup (SQLite, opened read-only with a step budget),
a CSV export zip, or its unpacked folder (services/loop_csv.py).

Facts of Loop's backups this module relies on (from its migrations): tables ``Habits`` and
``Repetitions``; ``PRAGMA user_version`` is the schema version. Repetition timestamps are
milliseconds at UTC midnight of the day; values are 2 (checked by hand), 1 (checked
automatically by the frequency), 0 (not done), 3 (skipped), -1 (unknown); numeric habits
store the amount times 1000. ``reminder_days`` packs the weekdays into bits, bit 0 being
Sunday.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from netquest.i18n import _
from netquest.services.inputs import MAX_NOTE as MAX_TEXT
from netquest.services.inputs import MAX_TITLE
from netquest.services.loop_csv import read_csv_export
from netquest.services.loop_habits import (
    MAX_AMOUNT,
    MAX_ENTRIES,
    MAX_HABITS,
    MAX_UNIT,
    MS_PER_DAY,
    NEWEST_SCHEMA,
    OLDEST_SCHEMA,
    SKIP,
    STEP_BUDGET,
    YES_MANUAL,
    LoopEntry,
    LoopError,
    LoopHabit,
    checked_habit,
    checked_int,
    checked_text,
    reminder_of,
    shown,
)


# ----------------------------------------------------------------------------- backups
def _day_of(ts, where: str) -> date:
    if type(ts) is not int or not 0 <= ts < 253402300800000:
        raise LoopError(
            _("{where} has timestamp {shown}, not milliseconds since 1970 of a day").format(
                where=where, shown=shown(ts)))
    return date(1970, 1, 1) + timedelta(days=ts // MS_PER_DAY)


def read_backup(path: Path) -> list[LoopHabit]:
    """The habits and entries of a Loop backup (SQLite), read-only."""
    import sqlite3
    from urllib.parse import quote

    with open(path, "rb") as f:
        if f.read(16) != b"SQLite format 3\x00":
            raise LoopError(_("not a Loop backup: not an SQLite file"))
    uri = f"file:{quote(str(Path(path).resolve()))}?mode=ro"
    try:
        con = sqlite3.connect(uri, uri=True)
    except sqlite3.Error as exc:
        raise LoopError(_("cannot open the backup: {exc}").format(
                exc=exc)) from None
    steps = [0]

    def budget() -> int:
        steps[0] += 1
        return 1 if steps[0] > STEP_BUDGET else 0  # non-zero stops the running statement

    con.set_progress_handler(budget, 10_000)
    try:
        con.execute("pragma query_only = on")
        con.execute("pragma trusted_schema = off")
        return _read_tables(con)
    except sqlite3.Error as exc:
        raise LoopError(
            _("cannot read the backup: {value}").format(
                value=str(exc).splitlines()[0] if str(exc) else type(exc).__name__)
        ) from None
    except (RecursionError, MemoryError, OverflowError):
        raise LoopError(_("cannot read the backup: it holds values too large to read")) from None
    finally:
        con.close()


def _columns(con, table: str) -> set[str]:
    return {
        row[1].lower()
        for row in con.execute(f"pragma table_info({table})")
        if isinstance(row[1], str)
    }


def _read_tables(con) -> list[LoopHabit]:
    version = con.execute("pragma user_version").fetchone()[0]
    habit_cols, rep_cols = _columns(con, "Habits"), _columns(con, "Repetitions")
    need_h = {"id", "name", "freq_num", "freq_den"}
    need_r = {"habit", "timestamp"}
    if not habit_cols or not rep_cols or not need_h <= habit_cols or not need_r <= rep_cols:
        if type(version) is int and version > NEWEST_SCHEMA:
            raise LoopError(
                _("a Loop backup of schema {version}, newer than this NetQuest knows "
                  "({newest_schema}), without the Habits and Repetitions columns it reads").format(
                    version=version, newest_schema=NEWEST_SCHEMA)
            )
        raise LoopError(_("not a Loop backup: no Habits and Repetitions tables with their columns"))
    if type(version) is int and 0 < version < OLDEST_SCHEMA:
        raise LoopError(
            _("a Loop backup of schema {version}; NetQuest reads schemas "
              "{oldest_schema} and newer").format(
                version=version, oldest_schema=OLDEST_SCHEMA)
        )
    habits, numeric_ids = _read_habits(con, habit_cols)
    _read_repetitions(con, rep_cols, habits, numeric_ids)
    return sorted(habits.values(), key=lambda h: h.position)


def _read_habits(con, habit_cols: set[str]) -> tuple[dict[int, LoopHabit], set[int]]:
    """Every habit of the backup, checked, by id; and the ids of the numeric ones."""
    wanted = [
        "id",
        "name",
        "freq_num",
        "freq_den",
        "archived",
        "position",
        "description",
        "question",
        "type",
        "target_value",
        "unit",
        "uuid",
        "reminder_hour",
        "reminder_min",
        "reminder_days",
    ]
    present = [c for c in wanted if c in habit_cols]
    habits: dict[int, LoopHabit] = {}
    numeric_ids: set[int] = set()
    rows = con.execute(f"select {', '.join(present)} from Habits order by id")
    for raw in rows:
        row = dict(zip(present, raw))
        if len(habits) >= MAX_HABITS:
            raise LoopError(_("more than {max_habits} habits").format(
                    max_habits=MAX_HABITS))
        hid, habit = _habit_of(row, len(habits))
        habits[hid] = habit
        if habit.numeric:
            numeric_ids.add(hid)
    return habits, numeric_ids


def _habit_of(row: dict, index: int) -> tuple[int, LoopHabit]:
    """One row of Habits, every value checked; `index` is its place when it has no position."""
    hid = checked_int(row["id"], "a habit id", -(2**63), 2**63 - 1)
    where = f"habit {hid}"
    name = checked_text(row["name"], f"{where}'s name", MAX_TITLE)
    num = checked_int(row["freq_num"], f"{where}'s freq_num", 1, 365)
    den = checked_int(row["freq_den"], f"{where}'s freq_den", 1, 365)
    archived = row.get("archived")
    archived = (
        bool(checked_int(archived, f"{where}'s archived", 0, 1)) if archived is not None else False
    )
    kind = row.get("type")
    kind = checked_int(kind, f"{where}'s type", 0, 1) if kind is not None else 0
    target = row.get("target_value") or 0
    if type(target) not in (int, float) or not 0 <= target <= 10**9 or target != target:
        raise LoopError(
            _("{where}'s target_value must be a number from 0 to 1e9, not {shown}").format(
                where=where, shown=shown(target))
        )
    uuid = checked_text(row.get("uuid"), f"{where}'s uuid", 64)
    position = row.get("position")
    position = (
        checked_int(position, f"{where}'s position", -(2**31), 2**31)
        if position is not None
        else index
    )
    habit = LoopHabit(
        key=f"loop:{uuid}" if uuid else f"loop:#{hid}",
        name=name,
        num=num,
        den=den,
        numeric=kind == 1,
        target=float(target),
        unit=checked_text(row.get("unit"), f"{where}'s unit", MAX_UNIT),
        question=checked_text(row.get("question"), f"{where}'s question", MAX_TEXT),
        description=checked_text(row.get("description"), f"{where}'s description", MAX_TEXT),
        archived=archived,
        position=position,
        reminder=reminder_of(
            row.get("reminder_hour"), row.get("reminder_min"), row.get("reminder_days")
        ),
    )
    return hid, checked_habit(habit, where)


def _read_repetitions(
    con, rep_cols: set[str], habits: dict[int, LoopHabit], numeric_ids: set[int]
) -> None:
    """Every repetition of a known habit, checked, added to its habit's entries."""
    cols = ["habit", "timestamp"] + [c for c in ("value", "notes") if c in rep_cols]
    # Schemas before 16 have no value: every repetition is a check made by hand.
    seen: dict[tuple[int, date], LoopEntry] = {}
    lost: dict[tuple[int, date], bool] = {}
    count = 0
    for raw in con.execute(f"select {', '.join(cols)} from Repetitions order by rowid"):
        row = dict(zip(cols, raw))
        count += 1
        if count > MAX_ENTRIES:
            raise LoopError(_("more than {max_entries} repetitions").format(
                    max_entries=MAX_ENTRIES))
        hid = row["habit"]
        if type(hid) is not int or hid not in habits:
            continue  # a repetition of no habit: Loop's own migration 22 drops these
        where = f"a repetition of habit {hid}"
        day = _day_of(row["timestamp"], where)
        value = row.get("value", YES_MANUAL)
        value = (
            checked_int(value, f"{where}'s value", -1, MAX_AMOUNT)
            if value is not None
            else YES_MANUAL
        )
        notes = checked_text(row.get("notes"), f"{where}'s notes", MAX_TEXT)
        entry = _entry(day, value, hid in numeric_ids, notes)
        # A later row for the same day wins, as in Loop.
        if entry is None:
            seen.pop((hid, day), None)
        else:
            seen[(hid, day)] = entry
        lost[(hid, day)] = entry is None and bool(notes.strip())
    for (hid, _day), entry in seen.items():
        habits[hid].entries.append(entry)
    for (hid, _day), dropped in lost.items():
        habits[hid].lost_notes += dropped


def _entry(day: date, value: int, numeric: bool, notes: str) -> LoopEntry | None:
    if value == SKIP:
        return LoopEntry(day, True, 0.0, notes)
    if numeric:
        return LoopEntry(day, False, value / 1000, notes) if value > 0 else None
    return LoopEntry(day, False, 1.0, notes) if value == YES_MANUAL else None


# ----------------------------------------------------------------------------- CSV exports


def read_loop(path: Path | str) -> list[LoopHabit]:
    """The habits of any Loop file: a backup, a CSV export zip, or its unpacked folder."""
    path = Path(path)
    try:
        if path.is_dir():
            return read_csv_export(path)
        if path.exists() and not path.is_file():
            # A pipe or a device would be waited on, or read for ever.
            raise LoopError(_("not a Loop backup or export: not a regular file or a folder"))
        with open(path, "rb") as f:
            head = f.read(16)
        if head == b"SQLite format 3\x00":
            return read_backup(path)
        return read_csv_export(path)
    except OSError as exc:
        raise LoopError(_("cannot read it: {strerror}").format(
                strerror=exc.strerror or exc)) from None
