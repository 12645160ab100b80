"""Whole-file tasks: export and import, a demo history, Loop Habit Tracker, and the doctor.

`DataServices` is composed into the root as `services.data`; it is the one way the command
line and the screens reach the file itself (its path, backups, checks and restores).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from netquest.i18n import _
from netquest.rules.strength import strength_series
from netquest.services import shown
from netquest.services.badges import sync_achievements
from netquest.services.history import skip_counts
from netquest.services.inputs import int_in
from netquest.services.play import quests_of

if TYPE_CHECKING:
    from netquest.services.core import NetQuest
    from netquest.services.loop import ImportReport


class DataServices:
    """Export, import, demo, Loop, backups and the doctor's checks of one data file."""

    def __init__(self, root: NetQuest) -> None:
        self.root = root

    # ---------------------------------------------------------------- the file
    @property
    def path(self) -> Path | None:
        """The data file (None for an in-memory store)."""
        return self.root.store.path

    @property
    def last_backup(self) -> Path | None:
        """The backup the last replacing command (import, restore) made of the file it replaced."""
        return self.root.store.last_backup

    def backups(self) -> list[Path]:
        """Restorable backups, newest first."""
        return self.root.store.backups()

    def lost(self) -> Path | None:
        """The newest backup when the data file is gone but was backed up; else None."""
        return self.root.store.lost()

    def exists(self) -> bool:
        return self.root.store.exists()

    def is_data_file(self, path: Path | str) -> bool:
        """True when `path` reaches the data file (or its lock) under any name."""
        return self.root.store.is_data_file(path)

    @staticmethod
    def read_file(path: Path | str) -> bytes:
        """A file the user names (an export to import): a regular file of sane size only, so a
        FIFO or /dev/zero never hangs or exhausts memory; FileRefused or OSError otherwise."""
        from netquest.store.storage import read_regular

        return read_regular(path)

    @staticmethod
    def write_file(path: Path | str, data: bytes) -> None:
        """Write a file for the user (an export): atomically, private when new."""
        from netquest.store.files import write_copy

        write_copy(path, data)

    def check(self) -> list[str]:
        """The doctor's checks, one line each; StoreError when the file cannot be used."""
        return self.root.store.check()

    def doctor(self) -> list[str]:
        """The doctor's checks, then the checkpoints of the state of play dropped and made
        again from the whole history (they are derived data: nothing is lost)."""
        lines = self.check()
        store = self.root.store
        if store.derived_path is not None:
            store.drop_derived()
            shown.drop(self.root)
            self.root.quests.state()
            made = store.derived_path.exists()
            lines.append(_("checkpoints of the state of play made again from the whole history")
                         if made else _("checkpoints of the state of play dropped"))
        return lines

    def restore(self, backup: Path | str) -> Path | None:
        """Put a backup in place of the data file; returns the backup made of the file it
        replaced (None when there was no file)."""
        store = self.root.store
        store.last_backup = None
        store.restore(backup)
        return store.last_backup

    # ------------------------------------------------------------ whole-file tasks
    def demo(self, days: int = 120, quests: int = 8, seed: int = 7) -> dict:
        """Fill an empty data file with a plausible history."""
        from netquest.services import demo

        with self.root.writing() as s:
            info = demo.fill(s.tx, s.today, days, quests, seed, s.week_start)
            sync_achievements(s)
        return info

    def export(self, fmt: str = "json") -> str:
        from netquest.services import transfer

        with self.root.reading() as s:
            return transfer.export_csv(s.tx) if fmt == "csv" else transfer.export_json(s.tx)

    def import_export(self, text: str) -> dict:
        """Replace the data with a NetQuest export, all or nothing.

        The whole file is replaced: what was there is backed up even if today's backup
        exists, so check-ins made earlier today are never lost to an import."""
        from netquest.services import transfer

        with self.root.writing(backup_first=True) as s:
            info = transfer.import_json(s.tx, text, s.today)
        with self.root.writing() as s:  # a new session: the imported settings say what today is
            sync_achievements(s)
        return info

    def import_loop(self, path, only: Sequence[str] = (), tip=5) -> ImportReport:
        """Merge a Loop Habit Tracker backup or CSV export into the data file (backed up first).

        Returns the `loop.ImportReport`; a file that cannot be read raises `loop.LoopError`
        and nothing is written.
        """
        from netquest.services import loop
        from netquest.services.quests import new_quest_id

        tip = int_in("--tip", tip, 1, 5)
        habits = loop.select(loop.read_loop(path), tuple(only))
        with self.root.writing(backup_first=True) as s:
            report = loop.import_habits(s.tx, habits, tip, s.today, 10, new_quest_id)
            sync_achievements(s)
        return report

    def export_loop_csv(self) -> dict[str, bytes]:
        """Every quest in Loop's CSV layout, as {relative path: bytes}."""
        from netquest.services import loop

        with self.root.reading() as s:
            today = s.today
            quests = quests_of(s, include_archived=True)
            records = s.tx.checkins()
            skip_docs = s.tx.skips()
        counts: dict[str, dict[date, int]] = {q.id: {} for q in quests}
        notes: dict[str, dict[date, str]] = {q.id: {} for q in quests}
        skips: dict[str, dict[date, str]] = {q.id: {} for q in quests}
        first = today
        for rec in records:
            if rec.quest not in counts:
                continue
            day = date.fromisoformat(rec.day)
            first = min(first, day)
            counts[rec.quest][day] = counts[rec.quest].get(day, 0) + rec.count
            if rec.note:
                before = notes[rec.quest].get(day)
                notes[rec.quest][day] = f"{before}; {rec.note}" if before else rec.note
        for doc in skip_docs:
            day = date.fromisoformat(doc["day"])
            for qid in [doc["quest"]] if doc.get("quest") else list(skips):
                if qid in skips and skip_counts(doc.get("quest"), day, counts[qid]):
                    skips[qid][day] = doc.get("reason", "")
                    first = min(first, day)
        ndays = (today - first).days + 1
        scores = {
            q.id: strength_series(q.cadence, q.target, counts[q.id], set(skips[q.id]), today, ndays)
            for q in quests
        }
        return loop.loop_csv_files(quests, counts, notes, skips, scores, first, today)
