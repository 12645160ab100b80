"""The party's clone on disk: its layout, the cards read back from it (checked like an import,
then against their signatures) and the signed commits that publish or remove one's card.

Layout of the party repository: `party.json` (name, week start, creator) and one card per
member, `members/<id>.json`, written only by that member.  Nothing in it is trusted: a file
is read only when it is a plain file no larger than a card may be, then validated, then
believed only when its last commit is signed by its member's key.
"""

from __future__ import annotations

import json
import os
import shutil
import stat
import time
from pathlib import Path

from netquest.i18n import _
from netquest.rules.party import (
    MAX_CARD_BYTES,
    Card,
    CardError,
    card_to_json,
    key_fingerprint,
    valid_id,
    validate_card,
)
from netquest.rules.party_trust import Signature, verdict
from netquest.services.party_git import GitProblem, first_line, git
from netquest.services.party_state import PartyInfo
from netquest.store.files import atomic_write
from netquest.structs import Struct, field

BRANCH = "main"
PARTY_FILE = "party.json"
MEMBERS = "members"
MAX_FILES = 64  # files under members/ looked at; a party is a few friends
MAX_PARTY_NAME = 60
STALE_LOCK = 120  # seconds: longer than any git command of a party may run


class Ignored(Struct, frozen=True):
    """A file of the party repository that does not count, and why (both shown inert)."""

    file: str
    reason: str
    name: str = ""  # the member it claims to be, when that could be read


class CardsRead(Struct):
    """The cards that count, the files that do not, and keys learned or changed."""

    cards: list[Card] = field(default_factory=list)
    ignored: list[Ignored] = field(default_factory=list)
    learned: dict[str, str] = field(default_factory=dict)
    key_changes: list[str] = field(default_factory=list)
    new_keys: dict[str, str] = field(default_factory=dict)  # their new key's fingerprint


def read_party_file(repo: Path) -> PartyInfo:
    """The party's own file, validated; GitProblem (exit 1) naming what is wrong."""
    path = repo / PARTY_FILE
    try:
        st = os.lstat(path)
        if not stat.S_ISREG(st.st_mode) or st.st_size > MAX_CARD_BYTES:
            raise ValueError
        data = json.loads(path.read_bytes())
        name, week_start, creator = data["name"], data["week_start"], data["creator"]
        if not (isinstance(name, str) and 0 < len(name) <= MAX_PARTY_NAME
                and type(week_start) is int and 0 <= week_start <= 6 and valid_id(creator)):
            raise ValueError
    except FileNotFoundError:
        raise GitProblem(
            _("the remote holds no party (no party.json): ask its creator for the "
              "right address, or `netquest party create` to start one")) from None
    except (OSError, ValueError, KeyError, TypeError):
        raise GitProblem(_("the party's party.json is not a party file this version can read")) \
            from None
    return PartyInfo(name, week_start, creator)


def write_party_file(repo: Path, info: PartyInfo) -> None:
    data = {"format": 1, "name": info.name, "week_start": info.week_start,
            "creator": info.creator}
    atomic_write(repo / PARTY_FILE, (json.dumps(data, ensure_ascii=False, indent=1) + "\n")
                 .encode())


def card_file(member: str) -> str:
    return f"{MEMBERS}/{member}.json"


def write_card(repo: Path, card: Card) -> None:
    """Write this member's card.  A `members` that is not a plain folder (a link another
    member committed, say) is replaced first: nothing is ever written through a link."""
    folder = repo / MEMBERS
    if folder.is_symlink() or (folder.exists() and not folder.is_dir()):
        folder.unlink()
    folder.mkdir(exist_ok=True)
    path = repo / card_file(card.id)
    if path.is_symlink() or (path.exists() and not path.is_file()):
        # Another member put a folder (or a link) where this card goes: it is removed, so the
        # card can be written and the commit puts it back.
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path)
        else:
            path.unlink()
    text = json.dumps(card_to_json(card), ensure_ascii=False, indent=1, sort_keys=True) + "\n"
    atomic_write(path, text.encode())


def remove_card(repo: Path, member: str) -> bool:
    """Remove this member's card from the clone; True when something was removed.  A
    `members` that is a link is removed itself, never anything it points to."""
    folder = repo / MEMBERS
    if folder.is_symlink() or (folder.exists() and not folder.is_dir()):
        folder.unlink()
        return True
    path = repo / card_file(member)
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    elif path.is_symlink() or path.exists():
        path.unlink()
    else:
        return False
    return True


def signature(repo: Path, path: str) -> Signature:
    """The signature of the last commit that touched `path`, as git reports it."""
    out = git(["log", "-1", "--format=%G?%x1f%GK%x1f%GS", "--", path], repo).stdout.strip()
    parts = (out.split("\x1f") + ["", "", ""])[:3]
    return Signature(*parts)


def _load(path: Path, member: str) -> Card:
    st = os.lstat(path)
    if not stat.S_ISREG(st.st_mode):
        raise CardError(_("it is not a plain file"))
    if st.st_size > MAX_CARD_BYTES:
        raise CardError(
            _("it is {st_size} bytes, more than the {max_card_bytes} a card may hold").format(
                st_size=st.st_size, max_card_bytes=MAX_CARD_BYTES))
    with open(path, "rb") as f:
        raw = f.read(MAX_CARD_BYTES + 1)
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise CardError(_("it is not JSON text")) from None
    return validate_card(data, member)


def claimed_key(repo: Path, member: str) -> str | None:
    """The key the file at `member`'s card names, whether it counts or not: None when
    there is no such file, "" when there is one but it is no card."""
    folder = repo / MEMBERS
    try:
        if not stat.S_ISDIR(os.lstat(folder).st_mode):
            return None
        os.lstat(folder / f"{member}.json")
    except (FileNotFoundError, NotADirectoryError):
        return None
    try:
        return _load(folder / f"{member}.json", member).key
    except (CardError, OSError):
        return ""


def read_cards(repo: Path, known: dict[str, str]) -> CardsRead:
    """Every card under members/ that counts, and a reason for each file that does not."""
    out = CardsRead()
    folder = repo / MEMBERS
    try:
        if not stat.S_ISDIR(os.lstat(folder).st_mode):  # a link would lead out of the clone
            out.ignored.append(Ignored(f"{MEMBERS}", _("it is not a plain folder")))
            return out
        entries = sorted(os.listdir(folder))
    except (FileNotFoundError, NotADirectoryError):
        return out
    # The members this device knows come first, so files piled up by another member can
    # push only strangers past the limit, never them.
    entries.sort(key=lambda entry: entry.removesuffix(".json") not in known)
    if len(entries) > MAX_FILES:
        out.ignored.append(Ignored(f"{MEMBERS}/", _("{n} files past the first {most} were not "
                                                    "read").format(n=len(entries) - MAX_FILES,
                                                                   most=MAX_FILES)))
    keys = dict(known)
    for entry in entries[:MAX_FILES]:
        member = entry[:-5] if entry.endswith(".json") else ""
        label = f"{MEMBERS}/{entry}"
        if not valid_id(member):
            out.ignored.append(Ignored(label, _("its name is not a member id")))
            continue
        try:
            card = _load(folder / entry, member)
        except CardError as exc:
            out.ignored.append(Ignored(label, str(exc), member))
            continue
        except OSError as exc:
            out.ignored.append(Ignored(label, _("it cannot be read ({why})").format(
                why=exc.strerror), member))
            continue
        decided = verdict(card, signature(repo, card_file(member)), keys)
        if decided.key_changed:
            out.key_changes.append(member)
            out.new_keys[member] = key_fingerprint(card.key)
        if not decided.counts:
            out.ignored.append(Ignored(label, decided.reason, card.name))
            continue
        if decided.learn:
            keys[member] = card.key
            out.learned[member] = card.key
        out.cards.append(card)
    return out


def commit(repo: Path, paths: list[str], message: str) -> bool:
    """Stage `paths` (added, changed or removed) and make one signed commit; False when
    nothing changed."""
    git(["add", "--all", "--", *paths], repo)
    if git(["diff", "--cached", "--quiet"], repo, check=False).returncode == 0:
        return False
    done = git(["commit", "-q", "-S", "-m", message], repo, check=False)
    if done.returncode == 0:
        return True
    if "passphrase" in done.stderr:  # ssh-keygen found no agent holding the key
        key = git(["config", "--get", "user.signingkey"], repo, check=False).stdout.strip()
        private = key.removesuffix(".pub")
        raise GitProblem(
            _("the key {private} has a passphrase: load it into ssh-agent (`ssh-add "
              "{private}`) and sign through it (`--key {private}.pub` on create or "
              "join)").format(
                private=private))
    raise GitProblem(_("signing the commit failed: {first_line}").format(
            first_line=first_line(done.stderr)))


def _clear_stale_lock(repo: Path) -> None:
    """Remove the index lock a git killed mid-command (or a power cut) left behind, which
    would stop every later sync.  Called under the party's own lock, so no command of ours
    runs in the clone; a lock younger than any git of ours may take is left alone."""
    lock = repo / ".git" / "index.lock"
    try:
        if time.time() - os.lstat(lock).st_mtime > STALE_LOCK:
            lock.unlink()
    except FileNotFoundError:
        pass


def fetch(repo: Path) -> bool:
    """Fetch the party and put the clone at the remote's state; False when it is empty."""
    _clear_stale_lock(repo)
    git(["fetch", "-q", "origin"], repo, network=True, what=_("fetching the party"))
    remote = git(["rev-parse", "-q", "--verify", f"refs/remotes/origin/{BRANCH}"], repo,
                 check=False).stdout.strip()
    if not remote:
        return False
    git(["checkout", "-q", "-B", BRANCH, f"origin/{BRANCH}"], repo)
    git(["reset", "-q", "--hard", f"origin/{BRANCH}"], repo)
    return True


def push(repo: Path) -> bool:
    """Push the branch; False when the remote moved on (another member pushed first)."""
    done = git(["push", "-q", "origin", f"HEAD:refs/heads/{BRANCH}"], repo, network=True,
               check=False, what=_("publishing to the party"))
    if done.returncode == 0:
        return True
    if "rejected" in done.stderr or "fetch first" in done.stderr or "non-fast-forward" in \
            done.stderr:
        return False
    raise GitProblem(_("publishing to the party failed: {first_line}").format(
            first_line=first_line(done.stderr)))
