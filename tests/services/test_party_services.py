"""A party of three on one machine: a bare repository, separate data folders and keys, one
member over a throwaway loopback OpenSSH server; joining, syncing in any order, the party
challenge with a resting member, cheers delivered once, privacy and leaving."""

from __future__ import annotations

import json
import os
import subprocess
import time

import pytest

from netquest.services import ServiceError
from netquest.services.party_git import GitProblem
from tests.cli.test_ssh import sshd  # noqa: F401  (the loopback sshd fixture)
from tests.party_world import Member, bare_repo, card_of, git

LATER = "2026-03-25T09:30:00"  # fourteen days after NOW: a card not updated since rests


@pytest.fixture
def world(tmp_path):
    bare = bare_repo(tmp_path)
    ana, bo = Member(tmp_path, "Ana"), Member(tmp_path, "Bo")
    ana.party.create(str(bare), "Platform folks", "Ana", str(ana.key))
    bo.party.join(str(bare), "Bo", str(bo.key))
    return tmp_path, bare, ana, bo


def ids(board):
    return [m.id for m in board.members]


def test_three_members_one_over_ssh_see_the_same_board_in_any_order(world, sshd,  # noqa: F811
                                                                    monkeypatch):
    tmp_path, bare, ana, bo = world
    ssh, host, _ = sshd
    monkeypatch.setenv("GIT_SSH_COMMAND", " ".join(ssh))
    port = ssh[ssh.index("-p") + 1]
    cy = Member(tmp_path, "Cy")
    cy.party.join(f"ssh://{host}:{port}{bare}", "Cy", str(cy.key))
    ana.app().quests.checkin("coffee")
    bo.app().quests.checkin("comment", count=3)
    cy.app().quests.checkin("coffee", count=2)
    for member in (cy, bo, ana, bo, cy):  # any order; each sync publishes and fetches
        member.party.sync()
    boards = [m.party.board() for m in (ana, bo, cy)]
    assert all(ids(b) == ["bo", "cy", "ana"] for b in boards)
    week = {m.id: m.week for m in boards[0].members}
    assert week["bo"][1] == 3 and week["cy"][4] == 2 and week["ana"][4] == 1
    assert [m.me for m in boards[2].members] == [False, True, False]
    assert all(not b.ignored and not b.key_changes for b in boards)
    log = git("log", "--format=%G?", cwd=ana.repo).split()
    assert set(log) == {"G"}  # every commit of the party is signed by a known key


def test_a_challenge_finished_by_two_active_members_while_the_third_rests(world):
    tmp_path, bare, ana, bo = world
    cy = Member(tmp_path, "Cy")
    cy.party.join(str(bare), "Cy", str(cy.key))  # cy's card is last updated now
    ana.now = bo.now = LATER
    ana.party.propose("15 virtual coffees", 4, 15)
    for _ in range(6):
        ana.app().quests.checkin("coffee")
    for _ in range(4):
        bo.app().quests.checkin("coffee")
    bo.party.sync()
    result = ana.party.sync()
    progress = result.board.challenge
    assert progress.resting == ("cy",) and progress.active == ("ana", "bo")
    assert (progress.done, progress.target) == (10, 10) and progress.finished
    assert result.badge == "15 virtual coffees"
    assert ana.party.sync().badge is None  # one badge per challenge
    assert bo.party.sync().badge == "15 virtual coffees"
    assert [m.resting for m in result.board.members if m.id == "cy"] == [True]
    assert ana.party.board().badges == (("2026-03-23", "15 virtual coffees"),)
    assert cy.party.board().badges == ()


def test_a_cheer_is_delivered_once(world):
    _, _, ana, bo = world
    bo.party.cheer("Ana", "Nice streak!")
    bo.party.sync()
    assert ana.party.new_cheers() == []  # not fetched yet
    assert ana.party.sync().new_cheers == 1
    cheers = ana.party.new_cheers()
    assert [(c.sender, c.text) for c in cheers] == [("Bo", "Nice streak!")]
    assert ana.party.new_cheers() == []
    ana.party.sync()
    assert ana.party.new_cheers() == []


def test_three_cheers_a_day_to_one_member(world):
    _, _, ana, bo = world
    for i in range(3):
        bo.party.cheer("ana", f"go {i}")
    with pytest.raises(ServiceError, match="3 cheers"):
        bo.party.cheer("ana", "one more")
    with pytest.raises(ServiceError, match="140"):
        bo.party.cheer("ana", "x" * 141)
    with pytest.raises(ServiceError, match="no member"):
        bo.party.cheer("zed", "hi")
    bo.now = "2026-03-12T09:30:00"
    bo.party.cheer("ana", "a new day")


def test_a_muted_member_and_their_cheers_are_hidden_here(world):
    _, _, ana, bo = world
    bo.party.cheer("ana", "hello")
    bo.party.sync()
    with pytest.raises(ServiceError, match="last `netquest party sync`"):
        ana.party.mute("Bo")  # ana has not seen bo yet
    ana.party.sync()
    assert ana.party.mute("Bo") == "bo"
    ana.party.sync()
    assert ids(ana.party.board()) == ["ana"] and ana.party.board().muted == ["bo"]
    assert ana.party.new_cheers() == []
    ana.party.mute("bo", on=False)
    assert "bo" in ids(ana.party.board())


def test_leaving_removes_the_card_in_a_signed_commit(world):
    tmp_path, bare, ana, bo = world
    ana.party.sync()  # ana learns bo's key
    assert "bo" in ids(ana.party.board())
    assert bo.party.leave() == "Platform folks"
    assert not (bo.folder / "nq.json.party").exists()
    ana.party.sync()
    assert ids(ana.party.board()) == ["ana"]
    last = git("log", "-1", "--format=%G?%x20%GS%x20%s", cwd=ana.repo).strip()
    assert last == "G bo bo leaves the party"


def test_the_party_repository_holds_no_private_text_unless_shared(world):
    _, bare, ana, _ = world
    app = ana.app()
    app.goals.set(want="Land a platform job at Acme")
    app.quests.checkin("coffee", note="Talked salary with Zed", people=["Zed Quinn"])
    title = app.quests.get("coffee").title

    def everything() -> str:
        objects = git("rev-list", "--all", "--objects", cwd=bare).split()
        blobs = [o for o in objects if len(o) == 40
                 and git("cat-file", "-t", o, cwd=bare).strip() == "blob"]
        return "\n".join(git("cat-file", "-p", b, cwd=bare) for b in blobs)

    ana.party.sync()
    text = everything()
    for private in ("Acme", "salary", "Zed", title):
        assert private not in text
    ana.party.share("goal", True)
    ana.party.sync()
    text = everything()
    assert "Land a platform job at Acme" in text
    assert "salary" not in text and "Zed" not in text and title not in text
    for field in ("notes", "people", "quests"):
        ana.party.share(field, True)
    ana.party.sync()
    shared = card_of(ana, "ana")["shared"]
    assert shared["notes"] == ["Talked salary with Zed"] and shared["people"] == ["Zed Quinn"]
    assert {"title": title, "tip": 4, "count": 1} in shared["quests"]


def test_create_and_join_refusals(world, tmp_path):
    _, bare, ana, _ = world
    dan = Member(tmp_path, "Dan")
    with pytest.raises(ServiceError, match="already holds a party"):
        dan.party.create(str(bare), "Another", "Dan", str(dan.key))
    with pytest.raises(ServiceError, match="taken"):
        dan.party.join(str(bare), "Ana", str(dan.key))
    empty = tmp_path / "empty.git"
    subprocess.run(["git", "init", "-q", "--bare", str(empty)], check=True)
    with pytest.raises(GitProblem, match="no party"):
        dan.party.join(str(empty), "Dan", str(dan.key))
    with pytest.raises(GitProblem, match="reaching the party"):
        dan.party.join(str(tmp_path / "nowhere.git"), "Dan", str(dan.key))
    with pytest.raises(ServiceError, match="no SSH key"):
        dan.party.join(str(bare), "Dan", str(tmp_path / "missing"))
    assert not (dan.folder / "nq.json.party").exists()  # nothing left half-made
    with pytest.raises(ServiceError, match="already in the party"):
        ana.party.join(str(bare), "Ana", str(ana.key))
    dan.party.join(str(bare), "Dan", str(dan.key))
    assert "dan" in ids(dan.party.board())


def test_the_week_is_the_creators(tmp_path):
    bare = bare_repo(tmp_path)
    ana, bo = Member(tmp_path, "Ana"), Member(tmp_path, "Bo")
    ana.app().set_setting("week_start", "sun")
    ana.party.create(str(bare), "Sunday people", "Ana", str(ana.key))
    bo.party.join(str(bare), "Bo", str(bo.key))
    board = bo.party.board()
    assert board.week_from.isoformat() == "2026-03-08" and board.week_to.isoformat() == \
        "2026-03-14"
    assert json.loads((bo.repo / "party.json").read_text())["week_start"] == 6


def test_a_data_file_is_never_written_by_the_party(world):
    _, _, ana, bo = world
    before = ana.db.read_bytes()
    bo.party.cheer("ana", "hi")
    bo.party.sync()
    ana.party.sync()
    ana.party.board()
    ana.party.new_cheers()
    assert ana.db.read_bytes() == before
    assert git("rev-parse", "--is-inside-work-tree", cwd=ana.folder, check=False).strip() != \
        "true"


def test_a_remote_that_never_answers_ends_in_one_line(tmp_path, monkeypatch):
    import socket

    from netquest.services import party_git

    monkeypatch.setattr(party_git, "NETWORK_TIMEOUT", 2)
    monkeypatch.delenv("GIT_SSH_COMMAND", raising=False)
    silent = socket.socket()
    silent.bind(("127.0.0.1", 0))
    silent.listen()  # accepts, never says a word
    port = silent.getsockname()[1]
    dan = Member(tmp_path, "Dan")
    try:
        with pytest.raises(GitProblem, match="gave no answer within 2 s"):
            dan.party.join(f"ssh://git@127.0.0.1:{port}/party.git", "Dan", str(dan.key))
    finally:
        silent.close()
    assert not (dan.folder / "nq.json.party").exists()


def test_cheers_wait_while_a_party_command_holds_the_lock(world):
    from netquest.services.party_state import take_new_cheers

    _, _, ana, bo = world
    bo.party.cheer("ana", "hello")
    bo.party.sync()
    ana.party.sync()
    with ana.party.home.locked():
        assert take_new_cheers(ana.db) == []  # a summary does not wait for a sync
    assert [c.text for c in take_new_cheers(ana.db)] == ["hello"]


def test_a_key_with_a_passphrase_signs_through_ssh_agent(world, tmp_path, monkeypatch):
    _, bare, ana, _ = world
    dan = Member(tmp_path, "Dan")
    locked = tmp_path / "dan_locked"
    subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "secret words", "-f",
                    str(locked)], check=True)
    public = f"{locked}.pub"
    monkeypatch.delenv("SSH_AUTH_SOCK", raising=False)
    with pytest.raises(GitProblem, match="has a passphrase: load it into ssh-agent"):
        dan.party.join(str(bare), "Dan", public)  # no agent: one line, nothing left behind
    assert not (dan.folder / "nq.json.party").exists()
    sock = tmp_path / "agent.sock"
    agent = subprocess.Popen(["ssh-agent", "-D", "-a", str(sock)], stdout=subprocess.DEVNULL)
    try:
        for _ in range(50):
            if sock.exists():
                break
            time.sleep(0.1)
        monkeypatch.setenv("SSH_AUTH_SOCK", str(sock))
        subprocess.run(["ssh-add", "-q", str(locked)], check=True, env={
            **os.environ, "SSH_ASKPASS": str(_askpass(tmp_path)),
            "SSH_ASKPASS_REQUIRE": "force", "DISPLAY": ":0"}, stdin=subprocess.DEVNULL)
        dan.party.join(str(bare), "Dan", public)
        ana.party.sync()
        assert "dan" in ids(ana.party.board())
    finally:
        agent.terminate()
        agent.wait(timeout=10)


def _askpass(folder):
    script = folder / "askpass.sh"
    script.write_text("#!/bin/sh\necho 'secret words'\n")
    script.chmod(0o700)
    return script


def test_a_summary_does_not_wait_while_a_sync_holds_the_lock(world):
    from netquest.services.party_state import take_new_cheers

    _, _, ana, bo = world
    bo.party.cheer("ana", "hello")
    bo.party.sync()
    ana.party.sync()
    with ana.party.home.locked():
        started = time.monotonic()
        assert take_new_cheers(ana.db) == []
        assert time.monotonic() - started < 0.5
    assert [c.text for c in take_new_cheers(ana.db)] == ["hello"]


@pytest.mark.parametrize("suffix", ["", ".pub"])
def test_a_key_with_a_passphrase_and_no_agent_says_to_load_it(world, tmp_path, monkeypatch,
                                                              suffix):
    _, bare, _, _ = world
    dan = Member(tmp_path, "Dan")
    locked = tmp_path / "dan_locked"
    subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "secret words", "-f",
                    str(locked)], check=True)
    monkeypatch.delenv("SSH_AUTH_SOCK", raising=False)
    with pytest.raises(GitProblem) as raised:
        dan.party.join(str(bare), "Dan", f"{locked}{suffix}")
    message = str(raised.value)
    assert "\n" not in message and "incorrect passphrase" not in message
    assert f"ssh-add {locked}" in message and f"--key {locked}.pub" in message
    assert not (dan.folder / "nq.json.party").exists()


def test_a_git_lock_left_by_a_sync_that_was_killed_does_not_stop_the_next(world):
    _, _, ana, bo = world
    left = ana.repo / ".git" / "index.lock"  # git killed mid-checkout, or the power went
    left.write_bytes(b"")
    os.utime(left, (time.time() - 600, time.time() - 600))
    bo.app().quests.checkin("coffee")
    bo.party.sync()
    ana.party.sync()
    assert card_of(ana, "bo")["tips"]["4"] == 1
    assert not left.exists()
    left.write_bytes(b"")  # a git still at work right now: its lock is left alone
    with pytest.raises(GitProblem, match="index.lock"):
        ana.party.sync()
    assert left.exists()


def test_a_name_whose_card_does_not_count_right_now_is_still_taken(world, tmp_path):
    from tests.party_world import Hostile

    _, bare, _, bo = world
    mallory = Hostile(tmp_path, bare)
    spoiled = {**card_of(bo, "bo"), "level": 99}  # bo's card, last changed unsigned
    mallory.commit({"members/bo.json": json.dumps(spoiled).encode()})
    dan = Member(tmp_path, "Dan")
    with pytest.raises(ServiceError, match="taken"):
        dan.party.join(str(bare), "Bo", str(dan.key))
    assert not (dan.folder / "nq.json.party").exists()
    git("fetch", "-q", "origin", cwd=mallory.clone)
    shown = json.loads(git("show", "origin/main:members/bo.json", cwd=mallory.clone))
    assert shown["key"] == card_of(bo, "bo")["key"]  # bo's card was not overwritten


def test_a_cheer_rewritten_after_delivery_is_not_delivered_again(world, tmp_path):
    from tests.party_world import Hostile

    _, bare, ana, bo = world
    bo.party.cheer("Ana", "Nice streak!")
    bo.party.sync()
    assert ana.party.sync().new_cheers == 1
    ana.party.new_cheers()
    mallory = Hostile(tmp_path, bare)
    for n in range(3):  # bo's card rewritten by hand: the same cheer, a new text each time
        card = card_of(bo, "bo")
        card["cheers"][0]["text"] = f"Nice streak! {n}"
        mallory.commit({"members/bo.json": json.dumps(card).encode()}, key=bo.key)
        assert ana.party.sync().new_cheers == 0
    assert ana.party.new_cheers() == []


def test_a_sync_after_ones_key_was_replaced_is_refused_not_silently_uncounted(world):
    _, _, ana, bo = world
    bo.key.unlink()
    bo.key.with_suffix(".pub").unlink()
    subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", str(bo.key)],
                   check=True)
    before = git("rev-parse", "HEAD", cwd=bo.repo)
    with pytest.raises(ServiceError, match="not the one you joined with") as raised:
        bo.party.sync()
    assert "\n" not in str(raised.value) and str(bo.key) in str(raised.value)
    assert git("rev-parse", "HEAD", cwd=bo.repo) == before  # nothing signed with it
    bo.party.leave()  # the way to the new key: leave, then join again with it
    bo.party.join(str(world[1]), "Bo", str(bo.key))
    assert "bo" in ids(bo.party.board())
