"""A party on one machine for the tests: a bare repository and members, each with their own
data folder, clock and throwaway SSH key; and a hostile hand that commits into the party
repository whatever it likes."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

from netquest.clock import Clock
from netquest.services import NetQuest
from netquest.store import Store

NOW = "2026-03-11T09:30:00"  # a Wednesday; the party's weeks start on Monday 2026-03-09


def keygen(path: Path) -> Path:
    subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", path.name, "-f",
                    str(path)], check=True)
    return path


def bare_repo(folder: Path) -> Path:
    path = folder / "party.git"
    subprocess.run(["git", "init", "-q", "--bare", str(path)], check=True)
    return path


class Member:
    """One member: a data folder with starter quests, a key, and services at a given time."""

    def __init__(self, root: Path, name: str, now: str = NOW) -> None:
        self.name = name
        self.folder = root / name.lower()
        self.folder.mkdir(parents=True)
        self.db = self.folder / "nq.json"
        self.key = keygen(self.folder / "id_ed25519")
        self.now = now
        self.app().quests.init(starter=True)

    def app(self, now: str | None = None) -> NetQuest:
        return NetQuest(Store(self.db), Clock(timezone="UTC", fixed_now=now or self.now))

    @property
    def party(self):
        return self.app().party

    @property
    def repo(self) -> Path:
        return self.folder / "nq.json.party" / "repo"


def git(*args: str, cwd: Path | None = None, check: bool = True) -> str:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env.setdefault("GIT_SSH_COMMAND", os.environ.get("GIT_SSH_COMMAND", "ssh"))
    return subprocess.run(["git", *args], cwd=cwd, check=check, capture_output=True, text=True,
                          env=env).stdout


class Hostile:
    """A party member who writes the party repository by hand: any file, any key or none."""

    def __init__(self, root: Path, bare: Path) -> None:
        self.clone = root / "hostile"
        git("clone", "-q", str(bare), str(self.clone))
        git("config", "user.name", "Mallory", cwd=self.clone)
        git("config", "user.email", "m@example.org", cwd=self.clone)
        git("config", "gpg.format", "ssh", cwd=self.clone)

    def commit(self, files: dict[str, bytes | dict | None], key: Path | None = None,
               symlinks: dict[str, str] | None = None) -> None:
        """Write (or, for None, delete) files, commit them signed with `key` (or unsigned)
        and push."""
        git("fetch", "-q", "origin", cwd=self.clone)
        git("reset", "-q", "--hard", "origin/main", cwd=self.clone)
        for name, content in files.items():
            path = self.clone / name
            path.parent.mkdir(parents=True, exist_ok=True)
            if content is None:
                path.unlink()
                continue
            data = json.dumps(content).encode() if isinstance(content, dict) else content
            path.write_bytes(data)
        for name, target in (symlinks or {}).items():
            link = self.clone / name
            if link.is_dir():
                link.rmdir()  # a folder emptied above becomes the link
            link.symlink_to(target)
        git("add", "-A", cwd=self.clone)
        sign = ["-c", f"user.signingkey={key}", "commit", "-S"] if key else ["commit"]
        git(*sign, "-q", "-m", "a change", cwd=self.clone)
        git("push", "-q", "origin", "HEAD:main", cwd=self.clone)


def card_of(member: Member, who: str) -> dict:
    """A card as `member`'s clone holds it."""
    return json.loads((member.repo / "members" / f"{who}.json").read_text())


def a_card(member_id: str, name: str, key_file, **changes) -> dict:
    data = {"format": 1, "id": member_id, "name": name,
            "key": key_file.with_suffix(".pub").read_text().strip(), "updated": "2026-03-11",
            "week": "2026-03-09", "tips": {"4": 2}, "day_streak": 3, "level": 2,
            "challenge": None, "last_active": "2026-03-11", "party_challenge": None,
            "cheers": []}
    data.update(changes)
    return data
