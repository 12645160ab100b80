"""Reading Loop Habit Tracker's CSV export: a zip or its unpacked folder.

The export holds ``Habits.csv`` and one folder per habit (``001 Name/``) with its
``Checkmarks.csv`` (Date, Value, Notes) and ``Scores.csv``; the folder's number is the
habit's Position in ``Habits.csv``.  Every file is read with bounds (size, members).
"""

from __future__ import annotations

import csv
import io
import os
from datetime import date
from pathlib import Path

from netquest.i18n import _
from netquest.services.inputs import MAX_NOTE as MAX_TEXT
from netquest.services.inputs import MAX_TITLE
from netquest.services.loop_habits import (
    CSV_SKIP,
    CSV_YES,
    DAY_TEXT,
    EPOCH,
    MAX_AMOUNT,
    MAX_ENTRIES,
    MAX_FILE,
    MAX_HABITS,
    MAX_UNIT,
    MAX_ZIP_MEMBERS,
    MAX_ZIP_TOTAL,
    LoopEntry,
    LoopError,
    LoopHabit,
    checked_habit,
    checked_int,
    checked_text,
    shown,
)


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
                raise LoopError(
                    _("not a Loop export: neither an SQLite backup nor a zip of CSV files")
                ) from None
            if len(infos) > MAX_ZIP_MEMBERS or sum(i.file_size for i in infos) > MAX_ZIP_TOTAL:
                raise LoopError(_("the zip is larger than a Loop export can be"))
            for info in infos:
                if not info.is_dir():
                    self.names[info.filename.removeprefix("./")] = info
        # A zip may wrap the export in one folder of its own.
        if "Habits.csv" not in self.names:
            tops = {
                n.split("/", 1)[0]
                for n in self.names
                if n.endswith("/Habits.csv") and n.count("/") == 1
            }
            if len(tops) == 1:
                top = tops.pop() + "/"
                self.names = {n[len(top) :]: v for n, v in self.names.items() if n.startswith(top)}

    def text(self, name: str) -> str:
        handle = self.names[name]
        if isinstance(handle, Path):
            from netquest.store.storage import FileRefused, read_regular

            try:
                data = read_regular(handle, MAX_FILE)
            except FileRefused as exc:
                raise LoopError(_("cannot read {name}: it {problem}").format(
                        name=name, problem=exc.problem)) from None
        else:
            import zipfile
            import zlib

            try:
                data = self.zip.read(handle)  # type: ignore[union-attr, arg-type]
            except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError) as exc:
                raise LoopError(
                    _("cannot read {name} in the zip: it is damaged ({why})").format(
                        name=name, why=_why(exc))
                ) from None
            except NotImplementedError:
                raise LoopError(
                    _("cannot read {name} in the zip: it is packed in a way NetQuest cannot "
                      "unpack").format(
                        name=name)
                ) from None
            except RuntimeError:  # zipfile's word for a member that needs a password
                raise LoopError(_("cannot read {name} in the zip: it is encrypted").format(
                        name=name)) from None
        try:
            return data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise LoopError(_("{name} is not UTF-8 text (bad byte at offset {start})").format(
                    name=name, start=exc.start)) from None

    def rows(self, name: str) -> list[dict[str, str]]:
        try:
            reader = csv.DictReader(io.StringIO(self.text(name), newline=""))
            rows = list(reader)
        except csv.Error as exc:
            raise LoopError(_("{name} is not CSV: {exc}").format(
                    name=name, exc=exc)) from None
        if reader.fieldnames is None:
            raise LoopError(_("{name} is empty").format(
                    name=name))
        return [
            {(k or "").strip(): (v if isinstance(v, str) else "") for k, v in row.items()}
            for row in rows
        ]


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
        raise LoopError(_("{what} must be a whole number, not {shown}").format(
                what=what, shown=shown(value))) from None
    return checked_int(number, what, low, high)


def read_csv_export(path: Path) -> list[LoopHabit]:
    """The habits and entries of Loop's CSV export (the zip, or its unpacked folder)."""
    files = _Files(path)
    if "Habits.csv" not in files.names:
        raise LoopError(_("not a Loop export: no Habits.csv in it"))
    habits = []
    rows = files.rows("Habits.csv")
    if len(rows) > MAX_HABITS:
        raise LoopError(_("more than {max_habits} habits").format(
                max_habits=MAX_HABITS))
    for i, row in enumerate(rows, 1):
        where = f"Habits.csv row {i}"
        if "Name" not in row:
            raise LoopError(_("Habits.csv has no Name column"))
        name = checked_text(unguard(row["Name"]), f"{where}'s Name", MAX_TITLE)
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
                raise LoopError(
                    _("{where}'s Target Value must be a number, not {shown}").format(
                        where=where, shown=shown(row['Target Value']))
                ) from None
            if not 0 <= target <= 1e9:
                raise LoopError(_("{where}'s Target Value must be from 0 to 1e9").format(
                        where=where))
        position_text = row.get("Position", "").strip() or f"{i:03d}"
        position = _csv_int(position_text, f"{where}'s Position", 0, 10**6)
        habit = LoopHabit(
            key=f"loop:{name}",
            name=name,
            num=num,
            den=den,
            numeric=numeric,
            target=target,
            unit=checked_text(unguard(row.get("Unit", "")), f"{where}'s Unit", MAX_UNIT),
            question=checked_text(
                unguard(row.get("Question", "")), f"{where}'s Question", MAX_TEXT
            ),
            description=checked_text(
                unguard(row.get("Description", "")), f"{where}'s Description", MAX_TEXT
            ),
            archived=row.get("Archived?", "false").strip().lower() == "true",
            position=position,
        )
        checked_habit(habit, where)
        folder = next(
            (
                n
                for n in files.names
                if n.endswith("/Checkmarks.csv")
                and (n.split("/")[0] == position_text or n.startswith(position_text + " "))
            ),
            None,
        )
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
        raise LoopError(_("{name} has more than {max_entries} rows").format(
                name=name, max_entries=MAX_ENTRIES))
    for i, row in enumerate(rows, 1):
        where = f"{name} row {i}"
        text = row.get("Date", "").strip()
        try:
            if not DAY_TEXT.fullmatch(text):
                raise ValueError
            day = date.fromisoformat(text)
        except ValueError:
            raise LoopError(_("{where}'s Date must be YYYY-MM-DD, not {shown}").format(
                    where=where, shown=shown(text))) from None
        if day < EPOCH:
            # As for a backup's timestamps: a quest starting centuries ago only slows every view.
            raise LoopError(
                _("{where}'s Date {text} is before 1970, earlier than any Loop history").format(
                    where=where, text=text))
        value = row.get("Value", "").strip()
        notes = checked_text(unguard(row.get("Notes", "")), f"{where}'s Notes", MAX_TEXT)
        entry = None
        if value.upper() in CSV_SKIP and not (numeric and value == "3"):
            entry = LoopEntry(day, True, 0.0, notes)
        elif numeric:
            try:
                amount = float(value)
            except ValueError:
                amount = 0.0  # NO, UNKNOWN and other words: no amount that day
            if not (amount == amount) or abs(amount) > MAX_AMOUNT:
                raise LoopError(_("{where}'s Value {shown} is not an amount").format(
                        where=where, shown=shown(value)))
            if amount > 0:
                entry = LoopEntry(day, False, amount, notes)
        elif value.upper() in CSV_YES:
            entry = LoopEntry(day, False, 1.0, notes)
        if entry is not None:
            by_day[day] = entry
            lost.discard(day)
        elif notes.strip() and day not in by_day:
            lost.add(day)
    return [by_day[d] for d in sorted(by_day)], len(lost)
