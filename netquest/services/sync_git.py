"""Git, run as a program, for `netquest sync`: the sync clone beside the data file.

Every git command runs with a clean environment (no GIT_DIR or other variables of a
repository the user happens to be in, no terminal prompts, no hooks) and a time limit, so
a hung network ends as one line.  The clone keeps the canonical form of the history on
one branch; git never touches the data file itself.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from netquest.i18n import _
from netquest.services.filelock import held

BRANCH = "netquest"
REMOTE_REF = f"refs/remotes/origin/{BRANCH}"
_KEEP_ENV = ("PATH", "HOME", "USER", "LOGNAME", "SSH_AUTH_SOCK", "GIT_SSH", "GIT_SSH_COMMAND",
             "TMPDIR", "SYSTEMROOT")


class BadFiles(ValueError):
    """A commit whose files NetQuest never writes (links, folders of other things, giants)."""


class GitFailed(Exception):
    """A git command failed; `str()` is one line; `offline` when the remote was the cause."""

    def __init__(self, message: str, offline: bool = False) -> None:
        super().__init__(message)
        self.offline = offline


def clean_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k in _KEEP_ENV}
    env.update({
        "GIT_TERMINAL_PROMPT": "0", "GIT_CONFIG_NOSYSTEM": "1", "LC_ALL": "C",
        "GIT_ASKPASS": "true", "SSH_ASKPASS": "true",
    })
    if "GIT_SSH_COMMAND" not in env and "GIT_SSH" not in env:
        env["GIT_SSH_COMMAND"] = "ssh -o BatchMode=yes -o ConnectTimeout=15"
    return env


def run_git(command: list[str], cwd: Path | None, timeout: float,
            input: bytes | None = None) -> subprocess.CompletedProcess:
    """Run a git command line in a session of its own with a clean environment; on
    `timeout` the whole session (git and the ssh it started) is killed and
    subprocess.TimeoutExpired raised.  OSError when git cannot be started."""
    proc = subprocess.Popen(
        command, cwd=cwd, env=clean_env(), stdin=subprocess.PIPE, stdout=subprocess.PIPE,
        stderr=subprocess.PIPE, start_new_session=True,
    )
    try:
        out, err = proc.communicate(input, timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate()
        raise
    return subprocess.CompletedProcess(command, proc.returncode, out, err)


class Clone:
    """The sync clone of one data file: `<folder of the file>/.netquest-sync/<file name>/`."""

    def __init__(self, data_file: Path, timeout: float = 60.0) -> None:
        self.data_file = data_file
        self.path = data_file.parent / ".netquest-sync" / data_file.name
        self.timeout = timeout
        self.blob_ids: dict[str, str] = {}  # name -> blob id of the files files_at read last
        self._checked: set[str] | None = None

    # -- blobs already checked against the schema -------------------------------------
    def checked_blobs(self) -> set[str]:
        """Ids of blobs whose records passed the schema here before (a blob id names its
        bytes exactly, so they need not be checked again)."""
        if self._checked is None:
            try:
                text = (self.path / ".git" / "netquest-checked").read_text()
                self._checked = {line for line in text.split() if len(line) in (40, 64)}
            except OSError:
                self._checked = set()
        return self._checked

    def tree_ids(self, commit: str) -> set[str]:
        listing = self.git("ls-tree", "-r", "-z", "--full-tree", commit).stdout
        return {item.split(b"\t", 1)[0].split()[2].decode()
                for item in listing.split(b"\0") if item}

    def add_checked(self, ids: set[str]) -> None:
        new = ids - self.checked_blobs()
        if not new:
            return
        self._checked.update(new)  # type: ignore[union-attr]
        try:
            with open(self.path / ".git" / "netquest-checked", "a") as f:
                f.write("".join(f"{i}\n" for i in sorted(new)))
        except OSError:
            pass

    # -- running git -------------------------------------------------------------------
    def git(self, *args: str, network: bool = False, input: bytes | None = None,
            check: bool = True, cwd: Path | None = None) -> subprocess.CompletedProcess:
        exe = shutil.which("git")
        if exe is None:
            raise GitFailed(_("git is not installed (sync needs git: apt-get install git)"))
        hooks = os.devnull
        command = [exe, "-c", f"core.hooksPath={hooks}", "-c", "core.quotePath=false",
                   "-c", "http.lowSpeedLimit=100", "-c", f"http.lowSpeedTime={int(self.timeout)}",
                   *args]
        try:
            result = run_git(command, cwd or self.path, self.timeout if network else 600,
                             input)
        except OSError as exc:
            raise GitFailed(_("git cannot be run: {problem}").format(
                problem=exc.strerror or exc)) from None
        except subprocess.TimeoutExpired:
            raise GitFailed(_("the remote did not answer within {seconds} s (setting "
                              "sync_timeout)").format(seconds=f"{self.timeout:g}"),
                            offline=True) from None
        if check and result.returncode != 0:
            raise GitFailed(_first_line(result.stderr) or _("git {command} failed").format(
                command=args[0]), offline=network)
        return result

    def text(self, *args: str, **kw) -> str:
        return self.git(*args, **kw).stdout.decode("utf-8", "replace").strip()

    # -- the clone ---------------------------------------------------------------------
    def exists(self) -> bool:
        return (self.path / ".git").is_dir()

    def config(self, key: str, value: str | None = None) -> str | None:
        if value is not None:
            self.git("config", "--local", key, value)
            return value
        got = self.git("config", "--local", "--get", key, check=False)
        return got.stdout.decode().strip() if got.returncode == 0 else None

    def create(self, remote: str, device: str, driver: str) -> None:
        """A new, empty clone with the remote, this device's id and the merge driver."""
        self.path.mkdir(parents=True, exist_ok=True)
        self.git("init", "-q", "-b", BRANCH, ".")
        for key, value in (("remote.origin.url", remote),
                           ("remote.origin.fetch", "+refs/heads/*:refs/remotes/origin/*"),
                           ("user.name", f"NetQuest {device}"),
                           ("user.email", f"{device}@netquest.invalid"),
                           ("netquest.device", device), ("commit.gpgsign", "false"),
                           ("gc.auto", "256"),
                           ("merge.netquest.name", "NetQuest record-level merge"),
                           ("merge.netquest.driver", driver)):
            self.config(key, value)
        (self.path / ".gitattributes").write_text("*.jsonl merge=netquest\n")

    def remove(self) -> None:
        shutil.rmtree(self.path, ignore_errors=True)
        try:
            self.path.parent.rmdir()  # only when no other data file's clone is there
        except OSError:
            pass

    @contextmanager
    def sync_lock(self, wait: float = 120.0) -> Iterator[None]:
        """One sync of this clone at a time (a background sync and a typed one, say)."""
        busy = _("another sync of this data file is still running")
        with held(self.path / ".git" / "netquest-sync.lock", wait, lambda: GitFailed(busy)):
            yield

    def drop_stale_locks(self) -> None:
        """Git's own lock files left by a git killed half way (only under `sync_lock`)."""
        git_dir = self.path / ".git"
        for lock in [git_dir / "index.lock", git_dir / "HEAD.lock", git_dir / "config.lock",
                     *git_dir.glob("refs/**/*.lock")]:
            lock.unlink(missing_ok=True)

    def forget_branch(self) -> None:
        """Start the branch again from nothing (the next sync merges with no common base)."""
        self.git("update-ref", "-d", f"refs/heads/{BRANCH}")
        self.git("read-tree", "--empty")

    # -- history -----------------------------------------------------------------------
    def rev(self, ref: str) -> str | None:
        got = self.git("rev-parse", "-q", "--verify", f"{ref}^{{commit}}", check=False)
        return got.stdout.decode().strip() or None if got.returncode == 0 else None

    def fetch(self) -> str | None:
        """Fetch the remote's branch; its commit, or None when the remote has none yet."""
        self.git("fetch", "-q", "--no-tags", "origin", network=True)
        return self.rev(REMOTE_REF)

    def push(self) -> bool:
        """Push the branch; False when the remote moved on meanwhile (fetch and merge again)."""
        got = self.git("push", "-q", "--porcelain", "origin", f"HEAD:refs/heads/{BRANCH}",
                       network=True, check=False)
        if got.returncode == 0:
            self.git("update-ref", REMOTE_REF, "HEAD")
            return True
        err = got.stderr.decode("utf-8", "replace") + got.stdout.decode("utf-8", "replace")
        if "rejected" in err or "non-fast-forward" in err or "fetch first" in err:
            return False
        raise GitFailed(_first_line(got.stderr) or _("git push failed"), offline=True)

    def is_ancestor(self, a: str, b: str) -> bool:
        return self.git("merge-base", "--is-ancestor", a, b, check=False).returncode == 0

    def merge_base(self, a: str, b: str) -> str | None:
        got = self.git("merge-base", a, b, check=False)
        return got.stdout.decode().strip() or None if got.returncode == 0 else None

    def count(self, spec: str) -> int:
        got = self.git("rev-list", "--count", spec, check=False)
        return int(got.stdout.decode().strip() or 0) if got.returncode == 0 else 0

    def files_at(self, commit: str, limit: int = 256 * 2**20) -> dict[str, bytes]:
        """Every file of a commit's tree, read in one `cat-file --batch`; BadFiles for a tree
        that holds anything but plain files, or more than `limit` bytes."""
        listing = self.git("ls-tree", "-r", "-z", "-l", "--full-tree", commit).stdout
        entries = []
        total = 0
        for item in listing.split(b"\0"):
            if not item:
                continue
            meta, name = item.split(b"\t", 1)
            mode, kind, sha, size = meta.split()
            shown = name.decode("utf-8", "replace")
            if kind != b"blob" or mode not in (b"100644", b"100755"):
                raise BadFiles(_("the history holds {name}, which is not a plain file").format(
                    name=repr(shown)))
            total += int(size)
            if total > limit:
                raise BadFiles(_("the history is too big to be a NetQuest history ({name})").format(
                    name=repr(shown)))
            entries.append((shown, sha))
        batch = b"".join(s + b"\n" for _name, s in entries)
        out = self.git("cat-file", "--batch", input=batch).stdout
        files, pos = {}, 0
        for name, _sha in entries:
            head_end = out.index(b"\n", pos)
            size = int(out[pos:head_end].split()[2])
            files[name] = out[head_end + 1: head_end + 1 + size]
            self.blob_ids[name] = out[pos:head_end].split()[0].decode()
            pos = head_end + 2 + size
        return files

    def write_files(self, files: dict[str, bytes]) -> None:
        """Make the work tree hold exactly `files` (and .gitattributes) and stage them."""
        for old in self.text("ls-files", "-z").split("\0"):
            if old and old != ".gitattributes" and old not in files:
                (self.path / old).unlink(missing_ok=True)
        for name, data in files.items():
            target = self.path / name
            target.parent.mkdir(parents=True, exist_ok=True)
            if not target.exists() or target.read_bytes() != data:
                target.write_bytes(data)
        self.git("add", "-A", ".")

    def commit(self, message: str, *parents: str) -> str:
        """Commit the index with these parents (HEAD when none are given) and move the branch."""
        tree = self.text("write-tree")
        if not parents:
            head = self.rev("HEAD")
            parents = (head,) if head else ()
            if head and self.text("rev-parse", f"{head}^{{tree}}") == tree:
                return head
        args = ["commit-tree", tree, "-m", message]
        for p in parents:
            args += ["-p", p]
        commit = self.text(*args)
        self.git("update-ref", f"refs/heads/{BRANCH}", commit)
        return commit

    def reset_to(self, commit: str) -> None:
        self.git("reset", "-q", "--hard", commit)


def _first_line(err: bytes) -> str:
    lines = [ln.strip() for ln in err.decode("utf-8", "replace").splitlines() if ln.strip()]
    for line in lines:
        if line.startswith(("fatal:", "error:")):
            return line.split(":", 1)[1].strip()
    return lines[0] if lines else ""
