"""Loop Habit Tracker, in and out: merge its habits into the data file, write its CSV layout.

What is read from a Loop file (services/loop_read.py) becomes plain `LoopHabit`/`LoopEntry`
values (services/loop_habits.py); `import_habits` then writes them through the store's
transaction, where every record passes the schema like any other.
"""

from __future__ import annotations

import csv
import io
import math
import re
from datetime import date, timedelta

from netquest.i18n import _, ngettext
from netquest.rules.cadence import CadenceError
from netquest.services.inputs import MAX_COUNT
from netquest.services.inputs import MAX_NOTE as MAX_TEXT
from netquest.services.loop_csv import read_csv_export, unguard
from netquest.services.loop_habits import (
    NO,
    SKIP,
    YES_MANUAL,
    LoopEntry,
    LoopError,
    LoopHabit,
    cadence_for,
    frequency_for,
    reminder_of,
)
from netquest.services.loop_read import read_backup, read_loop
from netquest.store.protocols import Transaction
from netquest.structs import Struct
from netquest.text import csv_cell


# ----------------------------------------------------------------------------- import
class ImportReport(Struct):
    quests: int = 0
    new_quests: int = 0
    checkins: int = 0
    skips: int = 0
    rolling: int = 0  # habits mapped to 'N in M days'
    weekly: int = 0  # habits whose N/7 became the calendar-week N/week
    future: int = 0  # entries after today, left out
    capped: int = 0  # amounts above what one check-in holds
    lost_notes: int = 0  # notes on days with neither a check nor a skip
    skips_left_out: int = 0  # Loop's skips of days the quest has a check-in on
    skips_lifted: int = 0  # NetQuest's skips of days Loop has a check-in on

    def line(self) -> str:
        notes = [
            text.format(n=n, max=MAX_COUNT)
            for text, n in (
                (ngettext("{n} habit mapped to 'N in M days'",
                          "{n} habits mapped to 'N in M days'", self.rolling), self.rolling),
                (ngettext("{n} habit of N per 7 days now N/week in calendar weeks",
                          "{n} habits of N per 7 days now N/week in calendar weeks",
                          self.weekly), self.weekly),
                (ngettext("{n} day after today left out", "{n} days after today left out",
                          self.future), self.future),
                (ngettext("{n} note on days without a check-in left out",
                          "{n} notes on days without a check-in left out", self.lost_notes),
                 self.lost_notes),
                (ngettext("{n} skip of a day with a check-in left out",
                          "{n} skips of days with a check-in left out", self.skips_left_out),
                 self.skips_left_out),
                (ngettext("{n} skip taken back for a check-in on its day",
                          "{n} skips taken back for check-ins on their days",
                          self.skips_lifted), self.skips_lifted),
                (ngettext("{n} amount above {max} counted as {max}",
                          "{n} amounts above {max} counted as {max}", self.capped), self.capped),
            )
            if n
        ]
        said = _("{quests}, {checkins}, {skips} from Loop").format(
            quests=ngettext("{n} quest", "{n} quests", self.quests).format(n=self.quests),
            checkins=ngettext("{n} check-in", "{n} check-ins", self.checkins).format(
                n=self.checkins),
            skips=ngettext("{n} skip", "{n} skips", self.skips).format(n=self.skips))
        return said + (_(" ({notes})").format(notes=_("; ").join(notes)) if notes else "")


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
            raise LoopError(_("--only {name}: no habit of that name (habits: {names})").format(
                    name=repr(name), names=names or 'none'))
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


def import_habits(tx: Transaction, habits: list[LoopHabit], tip: int, today: date, base_xp: int, make_id) -> ImportReport:
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
            from netquest.structs import replace

            quest = Quest.from_doc(doc)
            # The next import finds the quest by Loop's id even if its title changes.
            quest = replace(quest, start=min(first, quest.start), origin=quest.origin or habit.key)
        try:
            tx.put_quest(quest.to_doc())
        except ValueError as exc:
            raise LoopError(_("habit {name}: {exc}").format(
                    name=repr(habit.name), exc=exc)) from None
        claimed.add(quest.id)
        report.quests += 1
        done_days = {rec.day for rec in tx.checkins(quest.id)}
        _merge_skips(tx, quest.id, entries, done_days, report)
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


def _merge_skips(tx: Transaction, quest: str, entries: list, done_days: set[str],
                 report: ImportReport) -> None:
    """Add Loop's skips of `quest`, whose check-ins are on `done_days` before the import.

    A day is checked in or skipped, never both (services/skipped.py), and a check-in is
    what the user did: a skip never lands on a checked-in day, and a day Loop checked that
    NetQuest skipped has its skip taken back, so no check-in is hidden by a skip.
    """
    checked = done_days | {e.day.isoformat() for e in entries if not e.skip}
    skipped = [(quest, e.day.isoformat(), e.notes) for e in entries if e.skip]
    report.skips_left_out += sum(skip[1] in checked for skip in skipped)
    report.skips += tx.add_skips(skip for skip in skipped if skip[1] not in checked)
    own_skips = {d["day"] for d in tx.skips() if d["quest"] == quest}
    for day in sorted((checked - done_days) & own_skips):
        report.skips_lifted += tx.remove_skip(quest, day)


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
