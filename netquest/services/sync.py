"""`netquest sync`: one history on every device, through a git remote the user already has.

The data file gets a sync clone beside it (`sync_git.Clone`) holding the canonical form
of its history (`sync_form`).  A sync reads a snapshot under the store's lock and commits
it; fetches and pushes without the lock (a slow network never blocks a check-in);
merges record by record (`rules.merge`); and applies the result through the store,
under its lock, all or nothing, after a backup, merging once more if the file changed
meanwhile.  Git never writes the data file.
"""

from __future__ import annotations

import json
import re
import secrets
import shutil
import socket
import sys
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Iterator

from netquest.i18n import N_, _
from netquest.rules.merge import empty, merge
from netquest.services.errors import ServiceError
from netquest.services.sync_form import (
    BadRemote,
    files_from_state,
    read_commit,
    state_from_dump,
)
from netquest.services.sync_git import REMOTE_REF, Clone, GitFailed
from netquest.structs import Struct, field

if TYPE_CHECKING:
    from netquest.services.core import NetQuest

DEFAULT_TIMEOUT = 60
STATE_FILE = "netquest-sync-state.json"  # in the clone's .git: last sync, error, applied
PUSH_TRIES = 5
WHAT_LEAVES = N_("quests, check-ins with their notes and the people named in them, skips, goals, "
               "people (names, notes, tags) and shared settings; the time zone and theme stay")


class SyncProblem(ServiceError):
    """Sync could not finish: the remote, git, or what came from the remote (exit 1)."""

    exit_code = 1


class Changes(Struct, frozen=True):
    """How many records one side of a sync brought: check-ins and everything else."""

    checkins: int = 0
    other: int = 0
    deleted: int = 0  # of the check-ins: how many are gone

    @property
    def total(self) -> int:
        return self.checkins + self.other


class SyncReport(Struct, frozen=True):
    came_in: Changes
    went_out: Changes
    notes: tuple[str, ...] = ()
    remote: str = ""
    took: bool = False  # the remote's history replaced an empty one here
    pushed_first: bool = False  # the remote was empty: this device's history went there
    backup: str = ""  # the backup made before check-ins were deleted here


class SyncStatus(Struct, frozen=True):
    remote: str | None
    last_sync: str | None
    ahead: int
    behind: int
    device: str | None
    error: str | None = None
    extra: dict = field(default_factory=dict)


def changes(before: dict, after: dict) -> Changes:
    """What differs from `before` to `after`, counted by record."""
    b, a = before["records"], after["records"]
    diff = [m for m in set(b) | set(a) if b.get(m, {}).get("d") != a.get(m, {}).get("d")]
    n = sum(1 for m in diff if (a.get(m) or b.get(m))["k"] == "checkin")
    gone = sum(1 for m in diff if m not in a and b[m]["k"] == "checkin")
    return Changes(n, len(diff) - n, gone)


def changed_at(s) -> str:
    """When the data file last changed (its latest write, by the user's clock): the time a
    change found by this snapshot is dated, which decides which of two changes is later."""
    written = s.tx.meta.get("written")
    if type(written) is int:
        return datetime.fromtimestamp(written, timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    return s.clock.now_utc_iso()


def device_id() -> str:
    host = re.sub(r"[^a-z0-9-]+", "-", socket.gethostname().lower()).strip("-")[:24] or "device"
    return f"{host}-{secrets.token_hex(3)}"


class SyncServices:
    """Set up, run and show the sync of one data file."""

    def __init__(self, root: NetQuest) -> None:
        self.root = root
        self.background = False

    # -- the clone ---------------------------------------------------------------------
    def clone(self) -> Clone:
        path = self.root.store.path
        if path is None:
            raise SyncProblem(_("sync needs a data file on disk"))
        clone = Clone(Path(path).resolve(), self._timeout())
        return clone

    def is_set_up(self) -> bool:
        """Whether this data file has a sync clone (a look at the folder: no git, no read)."""
        path = self.root.store.path
        if path is None:
            return False
        return (Clone(Path(path).resolve()).path / ".git").is_dir()

    def _timeout(self) -> float:
        try:
            with self.root.reading() as s:
                value = s.tx.settings().get("sync_timeout", DEFAULT_TIMEOUT)
        except Exception:
            return DEFAULT_TIMEOUT
        return value if type(value) is int and 1 <= value <= 3600 else DEFAULT_TIMEOUT

    def _set_up(self) -> Clone:
        clone = self.clone()
        with self._errors(clone):
            remote = clone.config("remote.origin.url") if clone.exists() else None
        if not remote:
            raise SyncProblem(
                _("sync is not set up for this data file: `netquest sync setup REMOTE` "
                  "sets it up"))
        return clone

    def remote(self) -> str | None:
        clone = self.clone()
        with self._errors(clone):
            return clone.config("remote.origin.url") if clone.exists() else None

    def setup(self, remote: str) -> SyncReport:
        """Give the data file a sync clone of `remote` and sync: push, take or merge."""
        clone = self.clone()
        if not remote.strip() or remote.startswith("-") or "\n" in remote:
            raise ServiceError(_("{remote} is not a git remote").format(
                    remote=repr(remote)))
        # The clone of the remote used until now stays aside until the new one works.
        aside = clone.path.with_name(f".before-{clone.path.name}")
        shutil.rmtree(aside, ignore_errors=True)
        if clone.exists():
            clone.path.rename(aside)
        try:
            driver = f"{sys.executable} -m netquest merge-driver %O %A %B %P"
            with self._errors(clone, remote):
                clone.create(remote, device_id(), driver)
            report = self.sync(first=True)
        except BaseException:
            clone.remove()
            if aside.exists():
                aside.rename(clone.path)
            raise
        shutil.rmtree(aside, ignore_errors=True)
        return report

    def off(self) -> str | None:
        """Forget the remote: the clone goes, the data file stays.  The remote it had."""
        clone = self.clone()
        if not clone.exists():
            return None
        with self._errors(clone):
            remote = clone.config("remote.origin.url")
        clone.remove()
        return remote

    # -- state of the sync -------------------------------------------------------------
    def _state_file(self, clone: Clone) -> Path:
        return clone.path / ".git" / STATE_FILE

    def _read_state(self, clone: Clone) -> dict:
        try:
            data = json.loads(self._state_file(clone).read_text())
            return data if isinstance(data, dict) else {}
        except (OSError, ValueError):
            return {}

    def _write_state(self, clone: Clone, **values) -> None:
        state = {**self._read_state(clone), **values}
        path = self._state_file(clone)
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps(state))
        tmp.replace(path)

    def last_error(self) -> str | None:
        """The error the latest sync (a background one, say) ended with; None when it worked."""
        clone = self.clone()
        return self._read_state(clone).get("error") if clone.exists() else None

    def status(self) -> SyncStatus:
        clone = self.clone()
        if not clone.exists():
            return SyncStatus(None, None, 0, 0, None)
        with self._errors(clone):
            return self._status(clone)

    def _status(self, clone: Clone) -> SyncStatus:
        head, remote = clone.rev("HEAD"), clone.rev(REMOTE_REF)
        ahead = behind = 0
        if head:
            ahead = clone.count(f"{remote}..{head}") if remote else clone.count(head)
        if remote:
            behind = clone.count(f"{head}..{remote}") if head else clone.count(remote)
        if self._local_changes(clone, head):
            ahead += 1
        st = self._read_state(clone)
        return SyncStatus(clone.config("remote.origin.url"), st.get("last_sync"), ahead, behind,
                          clone.config("netquest.device"), st.get("error"))

    def _local_changes(self, clone: Clone, head: str | None) -> bool:
        with self.root.reading() as s:
            dump = s.tx.dump(mids=True)
            now = changed_at(s)
        prev = read_commit(clone, head) if head else None
        snap = state_from_dump(dump, prev, now)
        if prev is None:
            return bool(snap["records"])
        return snap["records"] != prev["records"] or snap["tombs"] != prev["tombs"]

    # -- sync --------------------------------------------------------------------------
    @contextmanager
    def _errors(self, clone: Clone, where: str | None = None) -> Iterator[None]:
        """Git's and the remote's failures as one line (SyncProblem), kept for `status`."""
        try:
            yield
        except GitFailed as exc:
            if exc.offline:
                where = where or (clone.config("remote.origin.url") if clone.exists() else None)
                problem = (_("cannot reach {remote}: {problem}").format(remote=where, problem=exc)
                           if where else _("cannot reach the remote: {problem}").format(
                               problem=exc))
            else:
                problem = _("sync failed: {problem}").format(problem=exc)
            self._note_error(clone, problem)
            raise SyncProblem(_("{problem}; the data file is unchanged and still usable").format(
                    problem=problem)) from None
        except BadRemote as exc:
            problem = _("refused what came from the remote: {problem}").format(problem=exc)
            self._note_error(clone, problem)
            raise SyncProblem(_("{problem}; the data file is unchanged").format(
                    problem=problem)) from None

    def _note_error(self, clone: Clone, problem: str) -> None:
        if clone.exists():
            try:  # a background sync's failure is said by the next command (cli.autosync)
                self._write_state(clone, error=problem, reported=not self.background)
            except OSError:
                pass

    def sync(self, first: bool = False, background: bool = False) -> SyncReport:
        """Commit this device's history, fetch, merge, apply, push; see the module."""
        self.background = background
        clone = self._set_up()
        with self._errors(clone), clone.sync_lock():
            self._recover(clone)
            try:
                report = self._sync(clone, first)
            except SyncProblem as exc:  # the merged history refused by the data file
                self._note_error(clone, str(exc))
                raise
        self._write_state(clone, error=None, last_sync=self.root.base_clock.now_utc_iso())
        return report

    def _recover(self, clone: Clone) -> None:
        """Mend what a sync killed half way left: git's lock files, and a branch moved past
        what the data file holds (a merge not yet applied is done again, never taken as
        the data file's deletes)."""
        clone.drop_stale_locks()
        head, applied = clone.rev("HEAD"), self._read_state(clone).get("applied")
        if head is None or head == applied:
            return
        if isinstance(applied, str) and clone.rev(applied) == applied:
            clone.reset_to(applied)
        else:
            clone.forget_branch()

    def _applied(self, clone: Clone, rev: int | None = None) -> None:
        """Record that the data file (at revision `rev`) holds everything up to the clone's
        HEAD; a sync that finds both unchanged has nothing of its own to commit."""
        if rev is None:
            with self.root.reading() as s:
                rev = s.tx.revision
        elif rev < 0:
            rev = None  # the file holds more than HEAD: the next sync must read it
        self._write_state(clone, applied=clone.rev("HEAD"), applied_rev=rev)

    def _sync(self, clone: Clone, first: bool) -> SyncReport:
        from netquest.services import sync_apply

        head = clone.rev("HEAD")
        done = self._read_state(clone)
        snap, went_out = self._snapshot(clone, head, done)
        came_in, notes, took = Changes(), [], False
        pushed_first = False
        for _attempt in range(PUSH_TRIES):
            theirs = clone.fetch()
            head = clone.rev("HEAD")
            merged, new_notes = self._merge(clone, head, theirs)
            notes += new_notes
            if first and head is None and theirs is not None:
                took = True
            if merged is not None:
                if snap is None:  # the data file is as the clone's last commit has it
                    snap = read_commit(clone, head) if head else empty()
                got, exact = sync_apply.apply(self.root, snap, merged)
                self._applied(clone, None if exact else -1)
                came_in = Changes(came_in.checkins + got.checkins, came_in.other + got.other,
                                  came_in.deleted + got.deleted)
                snap = merged
            if clone.rev("HEAD") is None:
                break  # nothing here and nothing there
            pushed_first = first and theirs is None
            if theirs == clone.rev("HEAD") or clone.push():
                clone.git("gc", "--auto", "--quiet")  # commit-tree never packs by itself
                break
        else:
            raise GitFailed(_("the remote kept moving on; try again"), offline=True)
        backups = self.root.store.backups() if came_in.deleted else []
        return SyncReport(came_in, went_out, tuple(dict.fromkeys(notes)),
                          clone.config("remote.origin.url") or "", took, pushed_first,
                          backups[0].name if backups else "")

    def _snapshot(self, clone: Clone, head: str | None, done: dict):
        """Commit the data file's history when it changed since the clone last saw it:
        (its state, or None when unchanged and not read; what goes out)."""
        with self.root.writing() as s:  # the lock, for a snapshot no write is half way through
            if head is not None and head == done.get("applied") \
                    and s.tx.revision == done.get("applied_rev"):
                return None, Changes()  # nothing written since: the quick no-op sync
            dump = s.tx.dump(mids=True)
            now = changed_at(s)
            rev = s.tx.revision
        prev = read_commit(clone, head) if head else None
        snap = state_from_dump(dump, prev, now)
        went_out = changes(prev or empty(), snap)
        if head or snap["records"] or snap["tombs"]:
            clone.write_files(files_from_state(snap))
            clone.commit(f"{clone.config('netquest.device')}: {went_out.total} changes")
            self._applied(clone, rev)
            clone.add_checked(clone.tree_ids("HEAD"))  # written from the checked data file
        return snap, went_out

    def _merge(self, clone: Clone, head: str | None, theirs: str | None):
        """(merged state to apply, or None when nothing came in; notes)."""
        if theirs is None or (head and clone.is_ancestor(theirs, head)):
            return None, []
        their_state = read_commit(clone, theirs)
        if head is None or clone.is_ancestor(head, theirs):
            clone.reset_to(theirs)
            return their_state, []
        base_commit = clone.merge_base(head, theirs)
        base = read_commit(clone, base_commit) if base_commit else empty()
        ours = read_commit(clone, head)
        merged, notes = merge(base, ours, their_state)
        clone.write_files(files_from_state(merged))
        clone.commit(f"{clone.config('netquest.device')}: merge", head, theirs)
        clone.add_checked(clone.tree_ids("HEAD"))  # written from checked states
        return merged, notes
