"""The `Store`: opens NetQuest's data file safely and hands out transactions and read views.

Every read-modify-write holds an exclusive lock and re-reads the file, so a check-in
from the command line and the TUI in another terminal never lose each other's work.
A file that cannot be read as NetQuest data is never written over: the user gets one
line naming the file, the problem and the newest backup.
"""

from __future__ import annotations

import json
import os
import threading
from contextlib import ExitStack, contextmanager
from datetime import date
from pathlib import Path
from typing import Callable, Iterator

from netquest.i18n import os_reason

from . import backups as backup_files
from . import derived, problems, schema
from .checks import TABLES, new_raw
from .errors import (
    CorruptFile,
    NewerSchema,
    NotNetQuestFile,
    StoreError,
    StoreUnavailable,
)
from .layout import (
    INDEX_TABLE,
    JSONTooComplex,
    join_file,
    loads,
    refuse_deep,
    split_file,
)
from .location import default_db_path
from .migrations import APP, SCHEMA_VERSION, meta_of, migrate
from .problems import untouched
from .storage import FileBackend, FileRefused, LockTimeout, MemoryBackend, read_regular
from .tx import Tx

_held = threading.local()  # lock keys this thread holds, to refuse nesting instead of deadlocking


def encode_raw(raw: dict, unchanged: dict | None = None) -> bytes:
    """The file's bytes (see layout.join_file)."""
    return join_file(raw, unchanged)


class Store:
    """NetQuest's data file (or an in-memory stand-in with the same behaviour)."""

    lock_timeout = 10.0
    #: Called with a read-only view of what a transaction has just written (the services
    #: refresh the status cache with it); None: nothing to tell.
    after_write: Callable[[Tx], None] | None = None
    #: With `keep_reads`, `read()` keeps the bytes it read in `last_read` (the summary cache
    #: keys what it files by them).
    keep_reads = False
    last_read: bytes | None = None
    written: Callable[[], int] | None = None  #: a write's instant, seconds since 1970 (sync)

    def __init__(self, path: str | Path | None = None, *, memory: bool = False,
                 today: Callable[[], date] = date.today, lock_timeout: float | None = None) -> None:
        self.today = today
        if lock_timeout is not None:
            self.lock_timeout = lock_timeout
        self._backend: FileBackend | MemoryBackend
        #: The backup the last replacing command (import, restore) made of the file it replaced.
        self.last_backup: Path | None = None
        if memory:
            self.path = None
            self._backend = MemoryBackend()
            self._key: object = ("memory", id(self._backend))
        else:
            self.path = Path(path).expanduser().absolute() if path is not None else default_db_path().absolute()
            self._backend = FileBackend(self.path)
            self._key = str(self._backend.real)

    def __repr__(self) -> str:
        return f"Store({str(self.path) if self.path else 'memory'})"

    # -- errors ------------------------------------------------------------------

    def _owner(self) -> backup_files.Owner:
        """Whose backups these are: this file's own name, and its stem while no other file shares it."""
        name = self._backend.name
        stem = Path(name).stem
        return backup_files.Owner(name, None if self._backend.shares_stem() else stem)

    def _newest_backup(self) -> Path | None:
        try:
            names = backup_files.newest_first(self._backend, self._owner())
        except OSError:
            return None
        return self._backend.backup_path(names[0]) if names else None

    def _error(self, cls: type[StoreError], problem: str, path: Path | None = None) -> StoreError:
        # A damaged data file (not an import or a backup read) is mended by restoring a backup.
        restorable = path is None and self.path is not None and cls is CorruptFile
        return cls(path or self.path, problem, self._newest_backup(), restorable=restorable)

    # -- reading and checking the bytes --------------------------------------------

    def _read_bytes(self) -> bytes | None:
        try:
            return self._backend.read()
        except FileRefused as e:
            raise self._error(StoreUnavailable, untouched(e.problem)) from None
        except OSError as e:
            raise self._error(StoreUnavailable, problems.unreadable(os_reason(e))) from None

    def _parse(self, data: bytes, where: Path | None = None, lazy: bool = True) -> dict:
        """Check that `data` is a NetQuest file this version can use; return it migrated.

        With `lazy`, a log that its index vouches for stays unparsed until it is needed.
        """
        raw = split_file(data) if lazy else None
        meta = meta_of(raw) if raw is not None else None
        if meta is not None and meta.get("app") == APP and meta.get("schema") == SCHEMA_VERSION:
            try:
                refuse_deep(raw)  # the log stays in RawDocs, which are not walked: they are vouched for
            except JSONTooComplex as e:
                raise self._error(CorruptFile, untouched(e), where) from None
            return self._checked(raw, where)
        return self._parse_all(data, where)

    def _parse_all(self, data: bytes, where: Path | None) -> dict:
        def fail(cls: type[StoreError], problem: str) -> StoreError:
            return self._error(cls, problem, where)

        try:
            # An editor may have saved it with a byte order mark: harmless, and dropped on the next write.
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as e:
            raise fail(CorruptFile, untouched(problems.not_utf8(e.start))) from None
        if not text.strip():
            raise fail(CorruptFile, untouched(problems.empty()))
        try:
            raw = loads(text)
        except json.JSONDecodeError as e:
            end = text.rstrip()
            # A write cut short (by a tool that does not write atomically) ends mid-value.
            if e.pos >= len(end) or e.msg.startswith("Unterminated") or not end.endswith(("}", "]")):
                problem = untouched(problems.cut_short(len(end)))
            else:
                problem = untouched(problems.not_json(e.msg, e.lineno, e.colno))
            raise fail(CorruptFile, problem) from None
        except JSONTooComplex as e:
            raise fail(CorruptFile, untouched(e)) from None
        meta = meta_of(raw) if isinstance(raw, dict) else None
        if meta is None or meta.get("app") != APP:
            raise fail(NotNetQuestFile, untouched(problems.not_netquest()))
        schema = meta.get("schema")
        if type(schema) is not int or schema < 1 or type(meta.get("seq")) is not int:
            raise fail(CorruptFile, untouched(problems.bad_meta()))
        if schema > SCHEMA_VERSION:
            raise fail(NewerSchema, untouched(problems.newer(schema, SCHEMA_VERSION)))
        raw.pop(INDEX_TABLE, None)  # rebuilt on every write
        try:
            raw = migrate(raw)
        except ValueError as e:
            raise fail(CorruptFile, untouched(problems.not_migrated(SCHEMA_VERSION, e))) from None
        return self._checked(raw, where, lazy=False)

    def _checked(self, raw: dict, where: Path | None, lazy: bool = True) -> dict:
        problem = _shape_problem(raw, lazy)
        if problem:
            raise self._error(CorruptFile, untouched(problems.damaged(problem)), where)
        return raw

    def _load(self, data: bytes | None) -> dict:
        return new_raw() if data is None else self._parse(data)

    # -- transactions -------------------------------------------------------------

    @contextmanager
    def _locked(self) -> Iterator[None]:
        held: set = _held.__dict__.setdefault("keys", set())
        if self._key in held:
            raise RuntimeError(f"{self!r} already has a transaction open in this thread; nesting would deadlock")
        with ExitStack() as stack:
            try:
                stack.enter_context(self._backend.lock(self.lock_timeout))
            except LockTimeout:
                raise self._error(StoreUnavailable, problems.locked(self.lock_timeout)) from None
            except OSError as e:
                raise self._error(StoreUnavailable, problems.unlockable(self._os_problem(e))) from None
            held.add(self._key)
            try:
                yield
            finally:
                held.discard(self._key)

    @contextmanager
    def transaction(self, *, backup_first: bool = False) -> Iterator[Tx]:
        """Lock, read fresh, hand out a writable Tx; write atomically if it changed anything.

        With `backup_first` (a command that replaces the whole file, such as import) the
        current file is backed up before the write even when today's backup exists.
        """
        with self._locked():
            self._backend.remove_stale_temps()
            before = self._read_bytes()
            tx = Tx(self._load(before), writable=True)
            with self._handed_out(tx):
                yield tx
            if tx.dirty:
                meta_of(tx.raw)["rev"] = tx.next_revision  # type: ignore[index]  (redo checks it)
                if self.written is not None:  # by the user's clock: sync dates changes by it
                    meta_of(tx.raw)["written"] = self.written()  # type: ignore[index]
                try:
                    after = encode_raw(tx.raw, tx.unchanged_docs())
                except _READ_CRASHES as exc:
                    # Log documents read in bulk are re-encoded unchecked: damage in them
                    # (text that is not Unicode) is named, and nothing is written.
                    self._name_damage(tx, exc)
                    raise
                self._commit(before, after, backup_first)
                if self.after_write is not None:
                    # On what was just written, still under the lock: the status cache
                    # beside the file follows every write of every process in their order,
                    # without reading the file again.
                    view = Tx(tx.raw, writable=False)
                    # The log documents read and left as they were keep their stored bytes
                    # in the view, as in the transaction (the checkpoints' key reads them),
                    # and what the transaction remembers of the data as written.
                    view._read_only, view._unchecked = dict(tx._read_only), set(tx._unchecked)
                    tx.hand_memo(view)
                    self.after_write(view)

    def _commit(self, before: bytes | None, after: bytes, backup_first: bool = False) -> None:
        self._refuse_read_only()
        try:
            owner = self._owner() if before is not None else None
            if owner is not None and (backup_first or backup_files.due(self._backend, owner, self.today())):
                name = backup_files.make(self._backend, owner, self.today(), before)  # type: ignore[arg-type]
                if backup_first:
                    self.last_backup = self._backend.backup_path(name)
            self._backend.write(after)
        except OSError as e:
            raise self._error(StoreUnavailable, problems.unwritable(self._os_problem(e))) from None

    def _os_problem(self, e: OSError) -> str:
        """An OSError as words, naming the file (the data file when the error names none)."""
        return f"{os_reason(e)} ({e.filename or self.path or '<memory>'})"

    def _refuse_read_only(self) -> None:
        try:
            self._backend.refuse_read_only()
        except FileRefused as e:
            raise self._error(StoreUnavailable, e.problem) from None

    @contextmanager
    def read(self) -> Iterator[Tx]:
        """A read-only view of the file as it is now (an empty view when there is no file yet)."""
        data = self._read_bytes()
        self.last_read = data if self.keep_reads else None
        tx = Tx(self._load(data), writable=False)
        with self._handed_out(tx):
            yield tx

    @contextmanager
    def _handed_out(self, tx: Tx) -> Iterator[None]:
        """While a caller holds `tx`: a crash on damaged data is named, and `tx` closes after."""
        try:
            yield
        except _READ_CRASHES as exc:
            self._name_damage(tx, exc)
            raise
        finally:
            tx._close()

    def _name_damage(self, tx: Tx, exc: BaseException) -> None:
        """Turn a crash on damaged log documents (read lazily, unchecked) into one CorruptFile line."""
        damage = exc if isinstance(exc, schema.StoredDamage) else tx.log_problem()
        if damage is not None:
            raise self._error(CorruptFile, untouched(problems.damaged(damage))) from None

    # -- derived data ----------------------------------------------------------

    @property
    def derived_path(self) -> Path | None:
        """The file of derived data (the state of play's checkpoints) beside the data file.

        Never part of the data file, so sync, export and backups never carry it; None for
        an in-memory store.
        """
        if self.path is None:
            return None
        real = self._backend.real  # type: ignore[union-attr]
        return real.with_name(real.name + ".checkpoints")

    def read_derived(self) -> bytes | None:
        return derived.read(self.derived_path)

    def write_derived(self, data: bytes) -> None:
        derived.write(self.derived_path, data)

    def drop_derived(self) -> bool:
        return derived.drop(self.derived_path)

    def exists(self) -> bool:
        return self._backend.exists()

    def change_token(self) -> object:
        """A cheap value that changes whenever any process replaces the file."""
        return self._backend.token()

    def changed_since(self, token: object) -> bool:
        return self._backend.token() != token

    # -- backups --------------------------------------------------------------------

    def backups(self) -> list[Path]:
        """Restorable backups, newest first."""
        return [self._backend.backup_path(n) for n in backup_files.newest_first(self._backend, self._owner())]

    def lost(self) -> Path | None:
        """The newest backup when the data file is gone but was backed up: it was deleted or
        moved, not new; None for a file that exists or never had a backup."""
        if self.path is None or os.path.lexists(self.path):
            return None
        backups = self.backups()
        return backups[0] if backups else None

    def is_data_file(self, path: Path | str) -> bool:
        """True when `path` reaches this store's data file (or its lock) under any name."""
        return self._backend.same_file(path)

    def restore(self, backup: Path | str) -> None:
        """Replace the data file with a backup, after checking it and backing up the current file.

        A bare name must be one of this file's own backups (never another file's in the
        same folder); a path is taken as the user gave it.
        """
        source = Path(backup)
        if self.path is None or (not source.is_absolute() and not source.exists()):
            if source.name not in backup_files.newest_first(self._backend, self._owner()):
                raise self._error(StoreUnavailable, problems.not_a_backup(self.path or "<memory>"),
                                  self._backend.backup_path(source.name))
            source = self._backend.backup_path(source.name)
        try:
            if isinstance(self._backend, MemoryBackend):
                data = self._backend.read_backup(source.name)
            else:
                data = read_regular(source)
        except FileRefused as e:
            raise self._error(StoreUnavailable, problems.unchanged(e.problem), source) from None
        except OSError as e:
            raise self._error(StoreUnavailable, problems.no_restore_from(os_reason(e)), source) from None
        restored = self._parse(data, where=source)
        with self._locked():
            current = self._read_bytes()
            self._refuse_read_only()
            try:
                if current is not None:
                    try:
                        self._parse(current)
                        readable = True
                    except StoreError:
                        readable = False
                    name = backup_files.make(self._backend, self._owner(), self.today(), current, readable)
                    self.last_backup = self._backend.backup_path(name)
                self._backend.write(data)
            except OSError as e:
                raise self._error(StoreUnavailable, problems.unrestorable(self._os_problem(e))) from None
            if self.after_write is not None:
                self.after_write(Tx(restored, writable=False))

    # -- doctor -------------------------------------------------------------------------

    def check(self) -> list[str]:
        """What a doctor command prints: each thing checked, one line each; StoreError if the file is bad."""
        from .checkup import check

        return check(self)


# What a reader does on a damaged record it trusted: these make the store look for damage.
_READ_CRASHES = (TypeError, ValueError, KeyError, IndexError, AttributeError)


def _shape_problem(raw: dict, lazy: bool = True) -> str | None:
    """The first damaged record of a raw file by the schema (runs on every open).

    With `lazy`, log documents still in their bytes (vouched for by the index) are left
    for when they are read; every other record is checked.
    """
    try:
        schema.check_raw(raw, lazy_log=lazy)
    except schema.SchemaError as exc:
        return str(exc)
    for name in TABLES:
        raw.setdefault(name, {})
    return None
