"""Loop Habit Tracker's files, in and out: read its backup or CSV export, write its CSV layout.

Everything read from a Loop file is treated as hostile: SQLite is opened read-only with a
step budget, every value is checked for its type and range, and the first thing wrong is
one line (`LoopError`) before anything is written. What is read becomes plain
`LoopHabit`/`LoopEntry` values here; `import_habits` then writes them through the store's
transaction, where every record passes the schema like any other.

Facts of Loop's files this module relies on (from its migrations and exporter):

* Backups are SQLite with tables ``Habits`` and ``Repetitions``; ``PRAGMA user_version``
  is the schema version. Repetition timestamps are milliseconds at UTC midnight of the
  day; values are 2 (checked by hand), 1 (checked automatically by the frequency),
  0 (not done), 3 (skipped), -1 (unknown); numeric habits store the amount times 1000.
* ``reminder_days`` packs the weekdays into bits, bit 0 being Sunday.
* The CSV export holds ``Habits.csv`` and one folder per habit (``001 Name/``) with its
  ``Checkmarks.csv`` (Date, Value, Notes) and ``Scores.csv``; the folder's number is the
  habit's Position in ``Habits.csv``.
"""

from __future__ import annotations

import csv
import io
import math
import os
import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from netquest.rules.cadence import Cadence, CadenceError
from netquest.services.errors import ServiceError
from netquest.text import csv_cell
from netquest.wording import units

OLDEST_SCHEMA = 12  # the oldest backup this module reads
NEWEST_SCHEMA = 26  # the newest schema known when this was written; newer ones are read if they fit
MS_PER_DAY = 86_400_000
MAX_HABITS = 5_000
MAX_ENTRIES = 2_000_000
MAX_FILE = 256 * 1024 * 1024  # a backup or one CSV file
MAX_ZIP_TOTAL = 256 * 1024 * 1024
MAX_ZIP_MEMBERS = 20_000
MAX_AMOUNT = 10**12  # a numeric entry's stored value (amount x 1000)
MAX_TITLE = 120
MAX_TEXT = 2000
MAX_UNIT = 40
MAX_COUNT = 1000  # one check-in's count, as the store allows
STEP_BUDGET = 20_000  # progress-handler calls (of 10,000 SQLite steps each) before a query is stopped

YES_MANUAL, YES_AUTO, NO, SKIP, UNKNOWN = 2, 1, 0, 3, -1
# Loop's bit order for reminder days (bit 0 Sunday) in NetQuest's week order.
_LOOP_BIT = {"sun": 0, "mon": 1, "tue": 2, "wed": 3, "thu": 4, "fri": 5, "sat": 6}
_WEEK = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_CSV_YES = {"2", "YES_MANUAL", "YES"}
_CSV_SKIP = {"3", "SKIP"}
_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
_EPOCH = date(1970, 1, 1)


class LoopError(ServiceError):
    """A Loop file that cannot be read as one: the message is one line, nothing was written."""


@dataclass(frozen=True)
class LoopEntry:
    """One day of one habit: a check (`amount` for numeric habits), a skip, with its notes."""

    day: date
    skip: bool
    amount: float = 1.0
    notes: str = ""


@dataclass
class LoopHabit:
    """One habit as Loop stores it, checked and normalised."""

    key: str  # "loop:<uuid>" when Loop gave one, else "loop:#<id>" or "loop:<name>"
    name: str
    num: int
    den: int
    numeric: bool = False
    target: float = 0.0
    unit: str = ""
    question: str = ""
    description: str = ""
    archived: bool = False
    reminder: dict | None = None
    position: int = 0
    entries: list[LoopEntry] = field(default_factory=list)
    lost_notes: int = 0  # notes on days with no check and no skip: a note needs a check-in to live on


# ----------------------------------------------------------------------------- mapping
def cadence_for(num: int, den: int) -> Cadence:
    """The NetQuest cadence of Loop's frequency `num` times in `den` days.

    Exactly where one exists (1/1 daily, N/7 N/week, N/30 or N/31 N/month, 1/N every
    N days), else the rolling ``N in M days`` Loop itself means.
    """
    if num >= den:
        return Cadence("daily")
    if den == 7:
        return Cadence("per_week", num)
    if den in (30, 31):
        return Cadence("per_month", num)
    if num == 1:
        return Cadence("every", den)
    return Cadence("rolling", num, days=den)


def frequency_for(cadence: Cadence) -> tuple[int, int]:
    """Loop's frequency for a cadence (chosen weekdays keep only how many days a week)."""
    if cadence.kind == "per_month":
        return (cadence.n, 30)
    return cadence.frequency


def reminder_of(hour, minute, days) -> dict | None:
    """A quest reminder from Loop's reminder columns, or None when Loop has none."""
    if hour is None or minute is None:
        return None
    _int(hour, "reminder_hour", 0, 23)
    _int(minute, "reminder_min", 0, 59)
    packed = 127 if days is None else _int(days, "reminder_days", 0, 127)
    names = [d for d in _WEEK if packed & (1 << _LOOP_BIT[d])] or list(_WEEK)
    return {"time": f"{hour:02d}:{minute:02d}", "days": names}


def _int(value, what: str, low: int, high: int) -> int:
    if type(value) is not int or not low <= value <= high:
        raise LoopError(f"{what} must be a whole number from {low} to {high}, not {_shown(value)}")
    return value


def _text(value, what: str, limit: int) -> str:
    if value is None:
        return ""
    if type(value) is not str:
        raise LoopError(f"{what} must be text, not {_shown(value)}")
    if len(value) > limit:
        raise LoopError(f"{what} is {len(value)} characters long (at most {limit})")
    return value


def _shown(value) -> str:
    if type(value) is str:
        return repr(value if len(value) <= 30 else value[:30] + "…")
    if type(value) is int and value.bit_length() > 64:
        return "a huge number"
    if type(value) is bytes:
        return "binary data"
    return repr(value)


def _checked_habit(h: LoopHabit, where: str) -> LoopHabit:
    if not h.name.strip():
        raise LoopError(f"{where} has no name")
    if not 1 <= h.den <= 365 or not 1 <= h.num <= 365:
        raise LoopError(f"{where} ({h.name!r}) has frequency {h.num}/{h.den}; NetQuest reads 1 to 365 days")
    return h


# ----------------------------------------------------------------------------- backups
def _day_of(ts, where: str) -> date:
    if type(ts) is not int or not 0 <= ts < 253402300800000:
        raise LoopError(f"{where} has timestamp {_shown(ts)}, not milliseconds since 1970 of a day")
    return date(1970, 1, 1) + timedelta(days=ts // MS_PER_DAY)


def read_backup(path: Path) -> list[LoopHabit]:
    """The habits and entries of a Loop backup (SQLite), read-only."""
    import sqlite3
    from urllib.parse import quote

    with open(path, "rb") as f:
        if f.read(16) != b"SQLite format 3\x00":
            raise LoopError("not a Loop backup: not an SQLite file")
    uri = f"file:{quote(str(Path(path).resolve()))}?mode=ro"
    try:
        con = sqlite3.connect(uri, uri=True)
    except sqlite3.Error as exc:
        raise LoopError(f"cannot open the backup: {exc}") from None
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
        raise LoopError(f"cannot read the backup: {str(exc).splitlines()[0] if str(exc) else type(exc).__name__}") from None
    except (RecursionError, MemoryError, OverflowError):
        raise LoopError("cannot read the backup: it holds values too large to read") from None
    finally:
        con.close()


def _columns(con, table: str) -> set[str]:
    return {row[1].lower() for row in con.execute(f"pragma table_info({table})") if isinstance(row[1], str)}


def _read_tables(con) -> list[LoopHabit]:
    version = con.execute("pragma user_version").fetchone()[0]
    habit_cols, rep_cols = _columns(con, "Habits"), _columns(con, "Repetitions")
    need_h = {"id", "name", "freq_num", "freq_den"}
    need_r = {"habit", "timestamp"}
    if not habit_cols or not rep_cols or not need_h <= habit_cols or not need_r <= rep_cols:
        if type(version) is int and version > NEWEST_SCHEMA:
            raise LoopError(f"a Loop backup of schema {version}, newer than this NetQuest knows ({NEWEST_SCHEMA}), "
                            f"without the Habits and Repetitions columns it reads")
        raise LoopError("not a Loop backup: no Habits and Repetitions tables with their columns")
    if type(version) is int and 0 < version < OLDEST_SCHEMA:
        raise LoopError(f"a Loop backup of schema {version}; NetQuest reads schemas {OLDEST_SCHEMA} and newer")

    wanted = ["id", "name", "freq_num", "freq_den", "archived", "position", "description", "question", "type",
              "target_value", "unit", "uuid", "reminder_hour", "reminder_min", "reminder_days"]
    present = [c for c in wanted if c in habit_cols]
    habits: dict[int, LoopHabit] = {}
    numeric_ids: set[int] = set()
    rows = con.execute(f"select {', '.join(present)} from Habits order by id")
    for raw in rows:
        row = dict(zip(present, raw))
        if len(habits) >= MAX_HABITS:
            raise LoopError(f"more than {MAX_HABITS} habits")
        hid = _int(row["id"], "a habit id", -2**63, 2**63 - 1)
        where = f"habit {hid}"
        name = _text(row["name"], f"{where}'s name", MAX_TITLE)
        num = _int(row["freq_num"], f"{where}'s freq_num", 1, 365)
        den = _int(row["freq_den"], f"{where}'s freq_den", 1, 365)
        archived = row.get("archived")
        archived = bool(_int(archived, f"{where}'s archived", 0, 1)) if archived is not None else False
        kind = row.get("type")
        kind = _int(kind, f"{where}'s type", 0, 1) if kind is not None else 0
        target = row.get("target_value") or 0
        if type(target) not in (int, float) or not 0 <= target <= 10**9 or target != target:
            raise LoopError(f"{where}'s target_value must be a number from 0 to 1e9, not {_shown(target)}")
        uuid = _text(row.get("uuid"), f"{where}'s uuid", 64)
        position = row.get("position")
        position = _int(position, f"{where}'s position", -2**31, 2**31) if position is not None else len(habits)
        habit = LoopHabit(
            key=f"loop:{uuid}" if uuid else f"loop:#{hid}", name=name, num=num, den=den, numeric=kind == 1,
            target=float(target), unit=_text(row.get("unit"), f"{where}'s unit", MAX_UNIT),
            question=_text(row.get("question"), f"{where}'s question", MAX_TEXT),
            description=_text(row.get("description"), f"{where}'s description", MAX_TEXT),
            archived=archived, position=position,
            reminder=reminder_of(row.get("reminder_hour"), row.get("reminder_min"), row.get("reminder_days")),
        )
        habits[hid] = _checked_habit(habit, where)
        if habit.numeric:
            numeric_ids.add(hid)

    cols = ["habit", "timestamp"] + [c for c in ("value", "notes") if c in rep_cols]
    # Schemas before 16 have no value: every repetition is a check made by hand.
    seen: dict[tuple[int, date], LoopEntry] = {}
    lost: dict[tuple[int, date], bool] = {}
    count = 0
    for raw in con.execute(f"select {', '.join(cols)} from Repetitions order by rowid"):
        row = dict(zip(cols, raw))
        count += 1
        if count > MAX_ENTRIES:
            raise LoopError(f"more than {MAX_ENTRIES} repetitions")
        hid = row["habit"]
        if type(hid) is not int or hid not in habits:
            continue  # a repetition of no habit: Loop's own migration 22 drops these
        where = f"a repetition of habit {hid}"
        day = _day_of(row["timestamp"], where)
        value = row.get("value", YES_MANUAL)
        value = _int(value, f"{where}'s value", -1, MAX_AMOUNT) if value is not None else YES_MANUAL
        notes = _text(row.get("notes"), f"{where}'s notes", MAX_TEXT)
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
    return sorted(habits.values(), key=lambda h: h.position)


def _entry(day: date, value: int, numeric: bool, notes: str) -> LoopEntry | None:
    if value == SKIP:
        return LoopEntry(day, True, 0.0, notes)
    if numeric:
        return LoopEntry(day, False, value / 1000, notes) if value > 0 else None
    return LoopEntry(day, False, 1.0, notes) if value == YES_MANUAL else None


# ----------------------------------------------------------------------------- CSV exports
class _Files:
    """The files of a CSV export, from a zip or a folder, each read within bounds."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.names: dict[str, object] = {}
        if path.is_dir():
            for first in sorted(os.scandir(path), key=lambda e: e.name)[:MAX_ZIP_MEMBERS]:
                if first.is_file(follow_symlinks=False):
                    self.names[first.name] = Path(first.path)
                elif first.is_dir(follow_symlinks=False):
                    for inner in sorted(os.scandir(first.path), key=lambda e: e.name)[:10]:
                        if inner.is_file(follow_symlinks=False):
                            self.names[f"{first.name}/{inner.name}"] = Path(inner.path)
            self.zip = None
        else:
            import zipfile

            try:
                self.zip = zipfile.ZipFile(path)
                infos = self.zip.infolist()
            except (zipfile.BadZipFile, OSError, ValueError, EOFError):
                raise LoopError("not a Loop export: neither an SQLite backup nor a zip of CSV files") from None
            if len(infos) > MAX_ZIP_MEMBERS or sum(i.file_size for i in infos) > MAX_ZIP_TOTAL:
                raise LoopError("the zip is larger than a Loop export can be")
            for info in infos:
                if not info.is_dir():
                    self.names[info.filename.removeprefix("./")] = info
        # A zip may wrap the export in one folder of its own.
        if "Habits.csv" not in self.names:
            tops = {n.split("/", 1)[0] for n in self.names if n.endswith("/Habits.csv") and n.count("/") == 1}
            if len(tops) == 1:
                top = tops.pop() + "/"
                self.names = {n[len(top):]: v for n, v in self.names.items() if n.startswith(top)}

    def text(self, name: str) -> str:
        handle = self.names[name]
        if isinstance(handle, Path):
            from netquest.store.storage import FileRefused, read_regular

            try:
                data = read_regular(handle, MAX_FILE)
            except FileRefused as exc:
                raise LoopError(f"cannot read {name}: it {exc.problem}") from None
        else:
            import zipfile
            import zlib

            try:
                data = self.zip.read(handle)  # type: ignore[union-attr, arg-type]
            except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError) as exc:
                raise LoopError(f"cannot read {name} in the zip: it is damaged ({_why(exc)})") from None
            except NotImplementedError:
                raise LoopError(f"cannot read {name} in the zip: it is packed in a way NetQuest cannot unpack") from None
            except RuntimeError:  # zipfile's word for a member that needs a password
                raise LoopError(f"cannot read {name} in the zip: it is encrypted") from None
        try:
            return data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise LoopError(f"{name} is not UTF-8 text (bad byte at offset {exc.start})") from None

    def rows(self, name: str) -> list[dict[str, str]]:
        try:
            reader = csv.DictReader(io.StringIO(self.text(name), newline=""))
            rows = list(reader)
        except csv.Error as exc:
            raise LoopError(f"{name} is not CSV: {exc}") from None
        if reader.fieldnames is None:
            raise LoopError(f"{name} is empty")
        return [{(k or "").strip(): (v if isinstance(v, str) else "") for k, v in row.items()} for row in rows]


def _why(exc: BaseException) -> str:
    """An exception's message as one short line of printable text."""
    text = " ".join(str(exc).split())[:80]
    return "".join(ch if ch.isprintable() else "?" for ch in text) or type(exc).__name__


def unguard(text: str) -> str:
    """A cell as it was before the spreadsheet guard of `csv_cell` ('=1 is =1 again, and
    ''=1 is '=1: the guard puts one apostrophe before any already in front of a sign)."""
    if text.startswith("'") and text.lstrip("'")[:1] in ("=", "+", "-", "@"):
        return text[1:]
    return text


def _csv_int(value: str, what: str, low: int, high: int) -> int:
    try:
        number = int(value.strip())
    except ValueError:
        raise LoopError(f"{what} must be a whole number, not {_shown(value)}") from None
    return _int(number, what, low, high)


def read_csv_export(path: Path) -> list[LoopHabit]:
    """The habits and entries of Loop's CSV export (the zip, or its unpacked folder)."""
    files = _Files(path)
    if "Habits.csv" not in files.names:
        raise LoopError("not a Loop export: no Habits.csv in it")
    habits = []
    rows = files.rows("Habits.csv")
    if len(rows) > MAX_HABITS:
        raise LoopError(f"more than {MAX_HABITS} habits")
    for i, row in enumerate(rows, 1):
        where = f"Habits.csv row {i}"
        if "Name" not in row:
            raise LoopError("Habits.csv has no Name column")
        name = _text(unguard(row["Name"]), f"{where}'s Name", MAX_TITLE)
        num_text = row.get("FrequencyNumerator", row.get("NumRepetitions", "1"))
        den_text = row.get("FrequencyDenominator", row.get("Interval", "1"))
        num = _csv_int(num_text, f"{where}'s FrequencyNumerator", 1, 365)
        den = _csv_int(den_text, f"{where}'s FrequencyDenominator", 1, 365)
        numeric = row.get("Type", "YES_NO").strip().upper() == "NUMERICAL"
        target = 0.0
        if numeric and row.get("Target Value", "").strip():
            try:
                target = float(row["Target Value"])
            except ValueError:
                raise LoopError(f"{where}'s Target Value must be a number, not {_shown(row['Target Value'])}") from None
            if not 0 <= target <= 1e9:
                raise LoopError(f"{where}'s Target Value must be from 0 to 1e9")
        position_text = row.get("Position", "").strip() or f"{i:03d}"
        position = _csv_int(position_text, f"{where}'s Position", 0, 10**6)
        habit = LoopHabit(
            key=f"loop:{name}", name=name, num=num, den=den, numeric=numeric, target=target,
            unit=_text(unguard(row.get("Unit", "")), f"{where}'s Unit", MAX_UNIT),
            question=_text(unguard(row.get("Question", "")), f"{where}'s Question", MAX_TEXT),
            description=_text(unguard(row.get("Description", "")), f"{where}'s Description", MAX_TEXT),
            archived=row.get("Archived?", "false").strip().lower() == "true", position=position,
        )
        _checked_habit(habit, where)
        folder = next((n for n in files.names if n.endswith("/Checkmarks.csv")
                       and (n.split("/")[0] == position_text or n.startswith(position_text + " "))), None)
        if folder is not None:
            habit.entries, habit.lost_notes = _csv_entries(files, folder, numeric)
        habits.append(habit)
    return habits


def _csv_entries(files: _Files, name: str, numeric: bool) -> tuple[list[LoopEntry], int]:
    """The entries of one habit's Checkmarks.csv, and how many notes sit on days without one."""
    by_day: dict[date, LoopEntry] = {}
    lost: set[date] = set()
    rows = files.rows(name)
    if len(rows) > MAX_ENTRIES:
        raise LoopError(f"{name} has more than {MAX_ENTRIES} rows")
    for i, row in enumerate(rows, 1):
        where = f"{name} row {i}"
        text = row.get("Date", "").strip()
        try:
            if not _DAY.fullmatch(text):
                raise ValueError
            day = date.fromisoformat(text)
        except ValueError:
            raise LoopError(f"{where}'s Date must be YYYY-MM-DD, not {_shown(text)}") from None
        if day < _EPOCH:
            # As for a backup's timestamps: a quest starting centuries ago only slows every view.
            raise LoopError(f"{where}'s Date {text} is before 1970, earlier than any Loop history")
        value = row.get("Value", "").strip()
        notes = _text(unguard(row.get("Notes", "")), f"{where}'s Notes", MAX_TEXT)
        entry = None
        if value.upper() in _CSV_SKIP and not (numeric and value == "3"):
            entry = LoopEntry(day, True, 0.0, notes)
        elif numeric:
            try:
                amount = float(value)
            except ValueError:
                amount = 0.0  # NO, UNKNOWN and other words: no amount that day
            if not (amount == amount) or abs(amount) > MAX_AMOUNT:
                raise LoopError(f"{where}'s Value {_shown(value)} is not an amount")
            if amount > 0:
                entry = LoopEntry(day, False, amount, notes)
        elif value.upper() in _CSV_YES:
            entry = LoopEntry(day, False, 1.0, notes)
        if entry is not None:
            by_day[day] = entry
            lost.discard(day)
        elif notes.strip() and day not in by_day:
            lost.add(day)
    return [by_day[d] for d in sorted(by_day)], len(lost)


def read_loop(path: Path | str) -> list[LoopHabit]:
    """The habits of any Loop file: a backup, a CSV export zip, or its unpacked folder."""
    path = Path(path)
    try:
        if path.is_dir():
            return read_csv_export(path)
        if path.exists() and not path.is_file():
            # A pipe or a device would be waited on, or read for ever.
            raise LoopError("not a Loop backup or export: not a regular file or a folder")
        with open(path, "rb") as f:
            head = f.read(16)
        if head == b"SQLite format 3\x00":
            return read_backup(path)
        return read_csv_export(path)
    except OSError as exc:
        raise LoopError(f"cannot read it: {exc.strerror or exc}") from None


# ----------------------------------------------------------------------------- import
@dataclass
class ImportReport:
    quests: int = 0
    new_quests: int = 0
    checkins: int = 0
    skips: int = 0
    rolling: int = 0  # habits mapped to 'N in M days'
    weekly: int = 0  # habits whose N/7 became the calendar-week N/week
    future: int = 0  # entries after today, left out
    capped: int = 0  # amounts above what one check-in holds
    lost_notes: int = 0  # notes on days with neither a check nor a skip

    def line(self) -> str:
        notes = []
        if self.rolling:
            notes.append(f"{units(self.rolling, 'habit')} mapped to 'N in M days'")
        if self.weekly:
            notes.append(f"{units(self.weekly, 'habit')} of N per 7 days now N/week in calendar weeks")
        if self.future:
            notes.append(f"{units(self.future, 'day')} after today left out")
        if self.lost_notes:
            notes.append(f"{units(self.lost_notes, 'note')} on days without a check-in left out")
        if self.capped:
            notes.append(f"{units(self.capped, 'amount')} above {MAX_COUNT} counted as {MAX_COUNT}")
        tail = f" ({'; '.join(notes)})" if notes else ""
        return (f"{units(self.quests, 'quest')}, {units(self.checkins, 'check-in')}, "
                f"{units(self.skips, 'skip')} from Loop{tail}")


def select(habits: list[LoopHabit], only: tuple[str, ...]) -> list[LoopHabit]:
    """The habits `--only` names (by name, in any case), or all of them."""
    if not only:
        return habits
    chosen = []
    for name in only:
        # Every habit of that name: Loop lets two habits share one.
        matching = [h for h in habits if h.name.strip().casefold() == name.strip().casefold()]
        if not matching:
            names = ", ".join(repr(h.name) for h in habits[:20])
            raise LoopError(f"--only {name!r}: no habit of that name (habits: {names or 'none'})")
        chosen += [h for h in matching if h not in chosen]
    return chosen


def note_of(habit: LoopHabit) -> str:
    """The quest's note: Loop's question, then its description, on one line (so the note
    leaves again unchanged through the CSV gate, which shows a newline as ``^J``)."""
    parts = [" ".join(t.split()) for t in (habit.question, habit.description)]
    return " — ".join(t for t in parts if t)[:MAX_TEXT]


def _count(amount: float) -> tuple[int, bool]:
    whole = max(1, math.floor(amount + 0.5))
    return min(whole, MAX_COUNT), whole > MAX_COUNT


def _weak(key: str, title: str) -> bool:
    """Whether an origin names no particular Loop habit: a backup's row id (schemas before
    24 have no uuid) or a CSV export's habit name; either may be the same habit as a uuid."""
    return key.startswith("loop:#") or key[5:].strip().casefold() == title.strip().casefold()


def _other_habit(origin: str | None, title: str, habit: LoopHabit) -> bool:
    """Whether the quest of `title` and `origin` came from a different Loop habit than `habit`:
    only two different uuids say so (one Loop's backup, CSV export and older backups of the
    same habits meet by title)."""
    if not origin or origin == habit.key:
        return False
    return not (_weak(origin, title) or _weak(habit.key, habit.name))


def import_habits(tx, habits: list[LoopHabit], tip: int, today: date, base_xp: int, make_id) -> ImportReport:
    """Merge Loop's habits into the open transaction: new quests, new check-ins and skips.

    A habit meets its quest again by its origin (Loop's uuid) or by its title, and a day
    that already has a check-in of that quest gets no second one, so importing the same
    backup twice adds nothing the second time.
    """
    from netquest.rules.xp import checkin_xp
    from netquest.services.model import Quest

    report = ImportReport()
    docs = tx.quests()
    # Lists, in the file's order: a CSV export names two habits of one name alike.
    by_origin: dict[str, list[dict]] = {}
    by_title: dict[str, list[dict]] = {}
    for d in docs:
        if d.get("origin"):
            by_origin.setdefault(d["origin"], []).append(d)
        by_title.setdefault(d["title"].strip().casefold(), []).append(d)
    taken = {d["id"] for d in docs}
    claimed: set[str] = set()  # quests a habit of this import already went into
    for habit in habits:
        cadence = cadence_for(habit.num, habit.den)
        report.rolling += cadence.kind == "rolling"
        report.weekly += cadence.kind == "per_week"
        entries = [e for e in habit.entries if e.day <= today]
        report.future += len(habit.entries) - len(entries)
        report.lost_notes += habit.lost_notes
        first = min((e.day for e in entries), default=today)
        doc = next((d for d in by_origin.get(habit.key, ()) if d["id"] not in claimed), None)
        if doc is None:
            # Not a quest another habit of this import went into, nor one another habit came from.
            doc = next((d for d in by_title.get(habit.name.strip().casefold(), ())
                        if d["id"] not in claimed and not _other_habit(d.get("origin"), d["title"], habit)), None)
        target = max(1, min(MAX_COUNT, math.floor(habit.target + 0.5))) if habit.numeric else 1
        if doc is None:
            qid = make_id(habit.name, taken)
            taken.add(qid)
            quest = Quest(qid, habit.name.strip(), tip, cadence, target, base_xp, first, archived=habit.archived,
                          moves_to=None, note=note_of(habit), unit=habit.unit.strip() if habit.numeric else "",
                          reminder=habit.reminder, origin=habit.key)
            report.new_quests += 1
        else:
            from dataclasses import replace

            quest = Quest.from_doc(doc)
            # The next import finds the quest by Loop's id even if its title changes.
            quest = replace(quest, start=min(first, quest.start), origin=quest.origin or habit.key)
        try:
            tx.put_quest(quest.to_doc())
        except ValueError as exc:
            raise LoopError(f"habit {habit.name!r}: {exc}") from None
        claimed.add(quest.id)
        report.quests += 1
        done_days = {rec.day for rec in tx.checkins(quest.id)}
        report.skips += tx.add_skips((quest.id, e.day.isoformat(), e.notes) for e in entries if e.skip)
        for entry in entries:
            day = entry.day.isoformat()
            if entry.skip:
                continue
            if day in done_days:
                continue
            count, capped = _count(entry.amount) if habit.numeric else (1, False)
            report.capped += capped
            # Imported days earn the quest's base XP; streak and perfect-day bonuses belong
            # to play in NetQuest.
            base, _bonus = checkin_xp(quest.xp, min(count, quest.target), 0)
            tx.add_checkin(quest.id, day, count, base, 0, f"{day}T12:00:00Z", entry.notes, ())
            done_days.add(day)
            report.checkins += 1
    return report


# ----------------------------------------------------------------------------- export
_TIP_COLOURS = {1: "#1976D2", 2: "#D81B60", 3: "#FBC02D", 4: "#8D6E63", 5: "#00897B"}
_SAFE_NAME = re.compile(r"[^ a-zA-Z0-9._-]+")


def folder_name(position: int, title: str) -> str:
    """Loop's folder name for a habit: its 3-digit position and the title's safe characters."""
    return f"{position:03d} {_SAFE_NAME.sub('', title)[:100]}".strip()


def _csv(rows: list[list]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    for row in rows:
        writer.writerow([csv_cell(cell) for cell in row])
    return out.getvalue().encode("utf-8")


def _amount(count: int) -> str:
    return f"{count:.1f}"


def loop_csv_files(quests, counts, notes, skips, scores, first_day: date, today: date) -> dict[str, bytes]:
    """Loop's CSV layout as {relative path: bytes}.

    `counts[qid]` maps days to the day's total, `notes[qid]` days to the day's notes,
    `skips[qid]` days to the skip's reason, `scores[qid]` is the daily strength from
    `first_day` to today. Every cell goes out through `csv_cell`.
    """
    files: dict[str, bytes] = {}
    header = ["Position", "Name", "Type", "Question", "Description", "FrequencyNumerator", "FrequencyDenominator",
              "Color", "Unit", "Target Type", "Target Value", "Archived?"]
    rows: list[list] = [header]
    for pos, q in enumerate(quests, 1):
        numeric = q.target > 1 or bool(q.unit)
        num, den = frequency_for(q.cadence)
        rows.append([f"{pos:03d}", q.title, "NUMERICAL" if numeric else "YES_NO", q.note, "", num, den,
                     _TIP_COLOURS.get(q.tip, "#757575"), q.unit if numeric else "",
                     "AT_LEAST" if numeric else "", _amount(q.target) if numeric else "",
                     "true" if q.archived else "false"])
    files["Habits.csv"] = _csv(rows)
    days = [today - timedelta(days=k) for k in range((today - first_day).days + 1)]
    wide_checks: list[list] = [["Date", *[q.title for q in quests]]]
    wide_scores: list[list] = [["Date", *[q.title for q in quests]]]
    for i, day in enumerate(days):
        checks, marks = [], []
        for q in quests:
            numeric = q.target > 1 or bool(q.unit)
            if day in skips[q.id]:
                checks.append("SKIP" if numeric else SKIP)
            elif day in counts[q.id]:
                checks.append(_amount(counts[q.id][day]) if numeric else YES_MANUAL)
            else:
                checks.append(_amount(0) if numeric else NO)
            marks.append(f"{scores[q.id][len(days) - 1 - i]:.4f}")
        wide_checks.append([day.isoformat(), *checks])
        wide_scores.append([day.isoformat(), *marks])
    files["Checkmarks.csv"] = _csv(wide_checks)
    files["Scores.csv"] = _csv(wide_scores)
    for pos, q in enumerate(quests, 1):
        folder = folder_name(pos, q.title)
        numeric = q.target > 1 or bool(q.unit)
        own: list[list] = [["Date", "Value", "Notes"]]
        for day in sorted(set(counts[q.id]) | set(skips[q.id]), reverse=True):
            if day in skips[q.id]:
                own.append([day.isoformat(), "SKIP" if numeric else SKIP, skips[q.id][day]])
            else:
                value = _amount(counts[q.id][day]) if numeric else YES_MANUAL
                own.append([day.isoformat(), value, notes[q.id].get(day, "")])
        files[f"{folder}/Checkmarks.csv"] = _csv(own)
        series = scores[q.id]
        files[f"{folder}/Scores.csv"] = _csv(
            [["Date", "Score"]] + [[day.isoformat(), f"{series[len(days) - 1 - i]:.4f}"] for i, day in enumerate(days)])
    return files


__all__ = [
    "CadenceError", "ImportReport", "LoopEntry", "LoopError", "LoopHabit", "cadence_for", "folder_name",
    "frequency_for", "import_habits", "loop_csv_files", "read_backup", "read_csv_export", "read_loop",
    "reminder_of", "select", "unguard",
]
