"""What a party keeps on this machine, beside the data file and never in it: who I am in the
party, the key I sign with, what I chose to share, whom I muted, the cheers I sent and
those already shown to me, and the keys I have learned (the allowed-signers file).

The folder is `<data file>.party/`: `repo/` is the party's clone, `state.json` the state,
`allowed_signers` the keys this device trusts.  The data file's own folder never becomes
a repository, and `summary` only ever writes `state.json`.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path

from netquest.i18n import _
from netquest.rules.party import (
    SHAREABLE,
    CardError,
    Cheer,
    PartyChallenge,
    valid_id,
    validate_key,
)
from netquest.services.errors import ServiceError
from netquest.services.filelock import held
from netquest.store.files import atomic_write, make_folder
from netquest.structs import Struct, field

STATE_FORMAT = 1
MAX_STATE_BYTES = 4 * 1024 * 1024


class PartyStateError(ServiceError):
    """The party state file on this machine cannot be read (it is left as it is)."""

    exit_code = 1


class NoParty(ServiceError):
    """This data file has no party yet."""

    exit_code = 2


class NewCheer(Struct, frozen=True):
    """A cheer addressed to this member, fetched by a sync and not shown yet."""

    sender: str
    text: str
    day: str


class PartyInfo(Struct):
    """The party as it was when this device joined: its name, week start and creator."""

    name: str
    week_start: int
    creator: str


class PartyState(Struct):
    """Everything about the party this device keeps for itself."""

    me: str
    name: str  # my display name
    key: str  # path of my private key; the public key is beside it (.pub)
    public_key: str
    remote: str
    party: PartyInfo
    shared: list[str] = field(default_factory=list)
    muted: list[str] = field(default_factory=list)
    shown: list[str] = field(default_factory=list)  # cheer ids already shown here
    new: list[dict] = field(default_factory=list)  # cheers fetched but not shown yet
    sent: list[Cheer] = field(default_factory=list)
    proposal: PartyChallenge | None = None
    badges: list[dict] = field(default_factory=list)  # {"week": ..., "text": ...}
    synced: str | None = None  # UTC instant of the last sync

    def to_json(self) -> dict:
        p = self.proposal
        return {
            "format": STATE_FORMAT, "me": self.me, "name": self.name, "key": self.key,
            "public_key": self.public_key, "remote": self.remote,
            "party": {"name": self.party.name, "week_start": self.party.week_start,
                      "creator": self.party.creator},
            "shared": self.shared, "muted": self.muted, "shown": self.shown[-2000:],
            "new": self.new,
            "sent": [{"to": c.to, "day": c.day.isoformat(), "text": c.text} for c in self.sent],
            "proposal": None if p is None else {
                "text": p.text, "tip": p.tip, "target": p.target, "week": p.week.isoformat(),
                "set_at": p.set_at},
            "badges": self.badges, "synced": self.synced,
        }

    @classmethod
    def from_json(cls, data: dict) -> PartyState:
        """The state as written by `to_json`; KeyError, TypeError or ValueError when not."""
        if data.get("format") != STATE_FORMAT or not valid_id(data["me"]):
            raise ValueError("not a party state of this version")
        party = data["party"]
        p = data.get("proposal")
        shared = [str(f) for f in data.get("shared", []) if f in SHAREABLE]
        return cls(
            me=data["me"], name=str(data["name"]), key=str(data["key"]),
            public_key=validate_key(data["public_key"]), remote=str(data["remote"]),
            party=PartyInfo(str(party["name"]), int(party["week_start"]), str(party["creator"])),
            shared=shared, muted=[str(m) for m in data.get("muted", [])],
            shown=[str(s) for s in data.get("shown", [])],
            new=[dict(n) for n in data.get("new", [])],
            sent=[Cheer(data["me"], str(c["to"]), date.fromisoformat(c["day"]), str(c["text"]))
                  for c in data.get("sent", [])],
            proposal=None if p is None else PartyChallenge(
                str(p["text"]), int(p["tip"]), int(p["target"]), date.fromisoformat(p["week"]),
                str(p["set_at"]), data["me"]),
            badges=[dict(b) for b in data.get("badges", [])],
            synced=data.get("synced"),
        )


class PartyHome:
    """The party folder of one data file and the files in it."""

    def __init__(self, data_file: Path) -> None:
        real = Path(os.path.realpath(data_file))
        self.folder = real.with_name(real.name + ".party")
        self.repo = self.folder / "repo"
        self.state_file = self.folder / "state.json"
        self.allowed_signers = self.folder / "allowed_signers"

    def exists(self) -> bool:
        return self.state_file.exists()

    @contextmanager
    def locked(self, wait: float = 60.0) -> Iterator[None]:
        """One change of this party at a time on this machine (the app's sync and a typed
        `netquest party cheer`, say): each reads the state, changes it and writes it back."""
        busy = _("another party command on this data file is still running")
        with held(self.folder / "lock", wait, lambda: PartyStateError(busy)):
            yield

    def make(self) -> None:
        make_folder(self.folder)
        os.chmod(self.folder, 0o700)
        if not self.allowed_signers.exists():
            atomic_write(self.allowed_signers, b"")

    def load(self) -> PartyState:
        """The state; NoParty when there is none, PartyStateError when it cannot be read."""
        try:
            with open(self.state_file, "rb") as f:
                raw = f.read(MAX_STATE_BYTES + 1)
        except FileNotFoundError:
            raise NoParty(
                _("this data file is in no party: `netquest party create REMOTE` or "
                  "`netquest party join REMOTE`")) from None
        except OSError as exc:
            raise PartyStateError(_("cannot read {state_file}: {strerror}").format(
                    state_file=self.state_file, strerror=exc.strerror)) from None
        try:
            if len(raw) > MAX_STATE_BYTES:
                raise ValueError("too large")
            return PartyState.from_json(json.loads(raw))
        except (ValueError, KeyError, TypeError, AttributeError, CardError):
            raise PartyStateError(
                _("{state_file} is damaged; move it away and join the party again").format(
                    state_file=self.state_file)) from None

    def save(self, state: PartyState) -> None:
        data = json.dumps(state.to_json(), ensure_ascii=False, indent=1).encode()
        atomic_write(self.state_file, data)

    # ------------------------------------------------------------- allowed signers
    def known_keys(self) -> dict[str, str]:
        """Member id → public key ("type base64") this device has learned."""
        out: dict[str, str] = {}
        try:
            text = self.allowed_signers.read_text(encoding="utf-8", errors="replace")
        except FileNotFoundError:
            return out
        for line in text.splitlines():
            parts = line.split()
            if len(parts) >= 4 and valid_id(parts[0]) and parts[1] == 'namespaces="git"':
                out.setdefault(parts[0], f"{parts[2]} {parts[3]}")
        return out

    def learn(self, keys: dict[str, str]) -> None:
        """Write the allowed-signers file with these members' keys (sorted, one a line)."""
        lines = [f'{mid} namespaces="git" {key}\n' for mid, key in sorted(keys.items())]
        atomic_write(self.allowed_signers, "".join(lines).encode())


def take_new_cheers(data_file: Path, mark_shown: bool = True) -> list[NewCheer]:
    """The cheers the last sync fetched and nothing has shown yet; with `mark_shown` they
    are remembered as shown, so each appears once.  Writes only the party's state file,
    never the data file, and says nothing when there is no party or its state is damaged
    (a summary must not fail for it)."""
    home = PartyHome(data_file)
    if not home.exists():
        return []
    try:
        with home.locked(wait=0.0):
            state = home.load()
            out = [NewCheer(str(n.get("from", "")), str(n.get("text", "")),
                            str(n.get("day", ""))) for n in state.new]
            if out and mark_shown:
                state.shown.extend(str(n.get("id")) for n in state.new)
                state.new = []
                home.save(state)
    except (ServiceError, OSError):
        return []  # shown next time rather than holding up a summary
    return out
