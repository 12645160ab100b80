"""Every git command a party runs, in one place: a clean environment, no prompts, time limits,
and one line for the user when git is missing or the remote cannot be reached.

The environment is sync's (services/sync_git.py): git's own variables from the caller's
shell (GIT_DIR, GIT_WORK_TREE, ...) would point a command at another repository, so they
are dropped; ssh and its agent are kept, so a remote over SSH works as it does for the
user's own `git`, and nothing ever prompts.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from netquest.i18n import _
from netquest.services.errors import ServiceError
from netquest.services.sync_git import run_git  # one way to run a git child

LOCAL_TIMEOUT = 30  # seconds: commits, logs, config
NETWORK_TIMEOUT = 60  # seconds: clone, fetch, push

class GitProblem(ServiceError):
    """Git is missing, failed, or the party's remote could not be reached (nothing was lost)."""

    exit_code = 1


def first_line(text: str) -> str:
    """The most telling line of git's stderr (its `fatal:` line when there is one)."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    fatal = [line for line in lines if line.startswith(("fatal:", "error:", "ERROR"))]
    return (fatal or lines or ["no message"])[0][:200]


def git(args: list[str], cwd: Path | None = None, *, network: bool = False,
        check: bool = True, what: str = "") -> subprocess.CompletedProcess[str]:
    """Run `git args` in `cwd`; raise GitProblem with one line when it fails and `check`.

    Git runs in a session of its own, so a time limit ends it together with the ssh it
    started, not only git itself."""
    timeout = NETWORK_TIMEOUT if network else LOCAL_TIMEOUT
    try:
        raw = run_git(["git", "-c", f"core.hooksPath={os.devnull}", *args], cwd, timeout, b"")
    except FileNotFoundError:
        raise GitProblem(_("git is not installed: a party lives in a git repository")) from None
    except subprocess.TimeoutExpired:
        raise GitProblem(_("{what} gave no answer within {timeout} s").format(
                what=what or 'git ' + args[0], timeout=timeout)) from None
    done = subprocess.CompletedProcess(raw.args, raw.returncode,
                                       raw.stdout.decode("utf-8", "replace"),
                                       raw.stderr.decode("utf-8", "replace"))
    if check and done.returncode != 0:
        raise GitProblem(_("{what} failed: {first_line}").format(
                what=what or 'git ' + args[0], first_line=first_line(done.stderr)))
    return done


def signing_config(key: Path, allowed_signers: Path, name: str, email: str) -> dict[str, str]:
    """The clone's local settings: who commits, with which SSH key, checked against what."""
    return {
        "user.name": name,
        "user.email": email,
        "gpg.format": "ssh",
        "user.signingkey": str(key),
        "commit.gpgsign": "true",
        "gpg.ssh.allowedSignersFile": str(allowed_signers),
        "pull.rebase": "true",
        "core.hooksPath": os.devnull,  # nothing in a shared repository runs on this machine
    }


def configure(clone: Path, settings: dict[str, str]) -> None:
    for key, value in settings.items():
        git(["config", "--local", key, value], clone)
