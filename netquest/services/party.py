"""A party: a few friends who publish their week's counts to a git repository they share and
keep each other going.  The use cases: create or join, sync, the board, a party challenge,
cheers, what to share, muting, leaving.

A party never writes the data file: its state is in `<data file>.party/` (see
`party_state`), its repository in a clone there (see `party_repo`), and every git command
goes through `party_git`.
"""

from __future__ import annotations

import functools
import shutil
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from netquest.i18n import _
from netquest.rules.party import (
    MAX_CHALLENGE_TEXT,
    SHAREABLE,
    CardError,
    Cheer,
    PartyChallenge,
    member_id,
    validate_key,
)
from netquest.rules.party_board import cheer_problem, cheers_for, cheers_kept, party_challenge
from netquest.services import party_repo as repo_files
from netquest.services.errors import ServiceError
from netquest.services.party_card import my_card, party_week
from netquest.services.party_git import GitProblem, configure, git, signing_config
from netquest.services.party_state import (
    NewCheer,
    NoParty,
    PartyHome,
    PartyInfo,
    PartyState,
    take_new_cheers,
)
from netquest.services.party_view import PartyBoard, SyncResult, board_of

if TYPE_CHECKING:
    from netquest.services.core import NetQuest

PUSH_TRIES = 4
MAX_PARTY_NAME = repo_files.MAX_PARTY_NAME


def _one_at_a_time(method):
    """Run a use case holding this machine's party lock (it reads, changes and writes the
    state or the clone)."""

    @functools.wraps(method)
    def locked(self, *args, **kw):
        home = self.home
        if not home.folder.is_dir():
            return method(self, *args, **kw)  # no party: the use case says so
        with home.locked():
            return method(self, *args, **kw)

    return locked


class PartyServices:
    """The party of one data file."""

    def __init__(self, root: NetQuest) -> None:
        self.root = root

    @property
    def home(self) -> PartyHome:
        path = getattr(self.root.store, "path", None)
        if path is None:
            raise ServiceError(_("a party needs a data file on disk"))
        return PartyHome(Path(path))

    def joined(self) -> bool:
        try:
            return self.home.exists()
        except ServiceError:
            return False

    # ------------------------------------------------------------------ joining
    def _key(self, key_path: str | None) -> tuple[str, str]:
        """(private key path, public key) of the signing key; refused when missing."""
        path = Path(key_path or "~/.ssh/id_ed25519").expanduser().absolute()
        # A .pub path signs through ssh-agent (a key with a passphrase); a private key path
        # is used as it is, with its .pub beside it.
        public_file = path if path.suffix == ".pub" else Path(f"{path}.pub")
        try:
            public = public_file.read_text(encoding="utf-8", errors="replace")
            if not path.is_file():
                raise FileNotFoundError
            return str(path), validate_key(public)
        except (OSError, CardError):
            raise ServiceError(
                _("no SSH key pair at {path} (and {path}.pub): make one with `ssh-keygen "
                  "-t ed25519` or name yours with --key").format(
                    path=path)) from None

    def _clone(self, remote: str) -> PartyHome:
        home = self.home
        if home.exists():
            raise ServiceError(
                _("this data file is already in the party {name}: `netquest party leave` "
                  "first").format(
                    name=repr(home.load().party.name)))
        if remote.startswith("-"):
            raise ServiceError(_("not a remote: {remote}").format(
                    remote=repr(remote)))
        home.make()
        if home.repo.exists():  # left by a create or join that failed half-way
            shutil.rmtree(home.repo)
        try:
            git(["clone", "-q", "--no-checkout", "--", remote, str(home.repo)], network=True,
                what=_("reaching the party at {remote}").format(remote=remote))
        except BaseException:
            shutil.rmtree(home.folder, ignore_errors=True)
            raise
        return home

    def _setup(self, home: PartyHome, me: str, name: str, key: str) -> None:
        configure(home.repo, signing_config(Path(key), home.allowed_signers, name,
                                            f"{me}@party.netquest"))

    def create(self, remote: str, party_name: str, as_name: str,
               key_path: str | None = None) -> PartyBoard:
        """Start a party in the empty repository `remote`, with this member as its first."""
        party_name = party_name.strip()
        if not 0 < len(party_name) <= MAX_PARTY_NAME:
            raise ServiceError(_("a party's name is 1 to {max_party_name} characters").format(
                    max_party_name=MAX_PARTY_NAME))
        me, name = self._member(as_name)
        key, public = self._key(key_path)
        home = self._clone(remote)
        try:
            self._setup(home, me, name, key)
            if repo_files.fetch(home.repo):
                raise ServiceError(
                    _("{remote} already holds a party: `netquest party join` it").format(
                        remote=remote))
            git(["symbolic-ref", "HEAD", f"refs/heads/{repo_files.BRANCH}"], home.repo)
            info = PartyInfo(party_name, self.root.clock().week_start_index, me)
            state = PartyState(me=me, name=name, key=key, public_key=public, remote=remote,
                               party=info)
            home.learn({me: public})
            repo_files.write_party_file(home.repo, info)
            repo_files.write_card(home.repo, my_card(self.root, state))
            repo_files.commit(home.repo, [repo_files.PARTY_FILE, repo_files.card_file(me)],
                              f"{me} starts the party")
            if not repo_files.push(home.repo):
                raise ServiceError(
                    _("{remote} already holds a party: `netquest party join` it").format(
                        remote=remote))
            state.synced = self.root.base_clock.now_utc_iso()
            home.save(state)
        except BaseException:
            shutil.rmtree(home.folder, ignore_errors=True)
            raise
        return self.board()

    def join(self, remote: str, as_name: str, key_path: str | None = None) -> SyncResult:
        """Join the party at `remote` and publish this member's first card."""
        me, name = self._member(as_name)
        key, public = self._key(key_path)
        home = self._clone(remote)
        try:
            self._setup(home, me, name, key)
            if not repo_files.fetch(home.repo):
                raise GitProblem(
                    _("{remote} holds no party yet: `netquest party create` starts one").format(
                        remote=remote))
            info = repo_files.read_party_file(home.repo)
            home.learn({me: public})
            # Any file at this card's place is someone's (counted or not right now),
            # unless it names this very key (joining again after losing this device).
            if repo_files.claimed_key(home.repo, me) not in (None, public):
                raise ServiceError(
                    _("the name {name} ({me}) is taken in this party: choose another with "
                      "--as").format(name=repr(name), me=me))
            home.save(PartyState(me=me, name=name, key=key, public_key=public, remote=remote,
                                 party=info))
            return self.sync()
        except BaseException:
            shutil.rmtree(home.folder, ignore_errors=True)
            raise

    @staticmethod
    def _member(as_name: str) -> tuple[str, str]:
        name = " ".join(as_name.split())
        if not 0 < len(name) <= 40:
            raise ServiceError(_("a display name is 1 to 40 characters"))
        try:
            return member_id(name), name
        except CardError:
            raise ServiceError(_("a display name needs a letter or a digit: {name}").format(
                name=repr(name))) from None

    # ------------------------------------------------------------------ syncing
    def _publish(self, home: PartyHome, state: PartyState) -> bool:
        """Fetch, write this member's card, commit it signed and push; retried when another
        member pushed first.  True when a new card went out."""
        for _attempt in range(PUSH_TRIES):
            repo_files.fetch(home.repo)
            repo_files.write_card(home.repo, my_card(self.root, state))
            # The whole folder: after the fetch only this card (or a link it replaced)
            # differs from the party's state.
            if not repo_files.commit(home.repo, [repo_files.MEMBERS],
                                     f"{state.me} updates their card"):
                return False
            if repo_files.push(home.repo):
                return True
        raise GitProblem(
            _("the party kept changing while publishing: try `netquest party sync` "
              "again"))

    def _same_key(self, state: PartyState) -> None:
        """Refuse to sign with a key that is not the one the card names (replaced at the same
        path since joining): the card would stop counting everywhere without a word."""
        try:
            public = self._key(state.key)[1]
        except ServiceError:
            public = None
        if public != state.public_key:
            raise ServiceError(
                _("your SSH key at {key} is not the one you joined with: put that key "
                  "back, or `netquest party leave` and join again with the new one (the "
                  "others then accept it with `netquest party trust {me}`)").format(
                    key=state.key, me=state.me))

    @_one_at_a_time
    def sync(self) -> SyncResult:
        """Publish this member's card, fetch everyone's, and note new cheers and badges."""
        home = self.home
        state = home.load()
        self._same_key(state)
        today = self.root.today()
        state.sent = list(cheers_kept(tuple(state.sent), today))
        published = self._publish(home, state)
        state.synced = self.root.base_clock.now_utc_iso()
        board, cards = self._read(home, state, today)
        fresh = []
        # A cheer is known by its place (sender, day, which of that day's): one whose text
        # was rewritten after it arrived is not delivered again.
        seen = {str(i).rsplit(":", 1)[0] for i in [*state.shown, *(n.get("id") for n in state.new)]}
        for cid, cheer in cheers_for(cards, state.me, set(state.muted), today):
            if cid.rsplit(":", 1)[0] not in seen:
                seen.add(cid.rsplit(":", 1)[0])
                sender = next(c.name for c in cards if c.id == cheer.sender)
                state.new.append({"id": cid, "sender": cheer.sender, "from": sender,
                                  "day": cheer.day.isoformat(), "text": cheer.text})
                fresh.append(cid)
        badge = None
        progress = board.challenge
        if progress and state.me in progress.earners:
            week = progress.challenge.week.isoformat()
            if all(b.get("week") != week for b in state.badges):
                badge = progress.challenge.text
                state.badges.append({"week": week, "text": badge})
        home.save(state)
        return SyncResult(board=self._read(home, state, today)[0] if badge else board,
                          published=published, new_cheers=len(fresh), badge=badge)

    def _read(self, home: PartyHome, state: PartyState, today: date):
        read = repo_files.read_cards(home.repo, home.known_keys())
        if read.learned:
            home.learn({**home.known_keys(), **read.learned})
        week_from, week_to = party_week(today, state)
        progress = party_challenge(read.cards, today, week_from)
        return board_of(state, read, today, week_from, week_to, progress), read.cards

    @_one_at_a_time
    def board(self) -> PartyBoard:
        """The board from the clone as it was at the last sync (no network)."""
        home = self.home
        state = home.load()
        return self._read(home, state, self.root.today())[0]

    # ------------------------------------------------------------------ playing
    @_one_at_a_time
    def propose(self, text: str, tip: int, target: int) -> PartyChallenge:
        """Set this week's party challenge (published at the next sync)."""
        text = " ".join(text.split())
        if not 0 < len(text) <= MAX_CHALLENGE_TEXT:
            raise ServiceError(
                _("a party challenge is 1 to {max_challenge_text} characters").format(
                    max_challenge_text=MAX_CHALLENGE_TEXT))
        if not 1 <= tip <= 5 or not 1 <= target <= 100_000:
            raise ServiceError(_("--tip is 1 to 5 and --target 1 to 100000"))
        home = self.home
        state = home.load()
        week_from, _week_to = party_week(self.root.today(), state)
        state.proposal = PartyChallenge(text, tip, target, week_from,
                                        self.root.base_clock.now_utc_iso(), state.me)
        home.save(state)
        return state.proposal

    @_one_at_a_time
    def cheer(self, who: str, text: str) -> Cheer:
        """Send a cheer to a member (published at the next sync); refused past the limits."""
        home = self.home
        state = home.load()
        today = self.root.today()
        cards = repo_files.read_cards(home.repo, home.known_keys()).cards
        to = self._find(cards, who)
        problem = cheer_problem(tuple(state.sent), state.me, to, today, text,
                                {c.id for c in cards} | {state.me})
        if problem:
            raise ServiceError(problem)
        cheer = Cheer(state.me, to, today, text)
        state.sent.append(cheer)
        home.save(state)
        return cheer

    @staticmethod
    def _find(cards, who: str) -> str:
        wanted = " ".join(who.split()).casefold()
        ids = [c.id for c in cards if c.id == wanted or c.name.casefold() == wanted]
        if not ids:
            raise ServiceError(
                _("no member of the party is called {who} (as of the last `netquest party "
                  "sync`)").format(
                    who=repr(who)))
        if len(set(ids)) > 1:
            raise ServiceError(_("more than one member is called {who}: use their id").format(
                    who=repr(who)))
        return ids[0]

    @_one_at_a_time
    def share(self, field: str, on: bool) -> list[str]:
        """Turn a shareable field on or off; returns the fields shared now."""
        if field not in SHAREABLE:
            raise ServiceError(_("a field to share is one of {names}").format(
                    names=', '.join(SHAREABLE)))
        home = self.home
        state = home.load()
        shared = set(state.shared) - {field} | ({field} if on else set())
        state.shared = [f for f in SHAREABLE if f in shared]
        home.save(state)
        return state.shared

    @_one_at_a_time
    def mute(self, who: str, on: bool = True) -> str:
        """Hide a member (and their cheers) on this device; returns their id."""
        home = self.home
        state = home.load()
        cards = repo_files.read_cards(home.repo, home.known_keys()).cards
        member = self._find(cards, who) if on or who not in state.muted else who
        muted = set(state.muted) - {member} | ({member} if on else set())
        state.muted = sorted(muted)
        if on:  # their cheers not shown yet are dropped too
            state.new = [n for n in state.new if n.get("sender") != member]
        home.save(state)
        return member

    @_one_at_a_time
    def trust(self, member: str) -> str:
        """Forget the key this device learned for `member` (after they said they changed
        keys): their card's key is learned again at the next read, as on first sight."""
        home = self.home
        state = home.load()
        keys = home.known_keys()
        member = member.strip().casefold()
        if member == state.me:
            raise ServiceError(_("your own key is the one you sign with: it is always trusted"))
        if member not in keys:
            raise ServiceError(
                _("this device has learned no key for {member} (use their id)").format(
                    member=repr(member)))
        del keys[member]
        home.learn(keys)
        return member

    def new_cheers(self, mark_shown: bool = True) -> list[NewCheer]:
        """Cheers fetched by the last sync and not shown yet; shown ones are remembered."""
        path = getattr(self.root.store, "path", None)
        return take_new_cheers(Path(path), mark_shown) if path is not None else []

    @_one_at_a_time
    def leave(self) -> str:
        """Remove this member's card in a signed commit, then forget the party here."""
        home = self.home
        state = home.load()
        for _attempt in range(PUSH_TRIES):
            repo_files.fetch(home.repo)
            if not repo_files.remove_card(home.repo, state.me) or not repo_files.commit(
                    home.repo, [repo_files.MEMBERS], f"{state.me} leaves the party"):
                break
            if repo_files.push(home.repo):
                break
        else:
            raise GitProblem(_("the party kept changing while leaving: try again"))
        shutil.rmtree(home.folder)
        return state.party.name


__all__ = ["NoParty", "PartyServices"]
