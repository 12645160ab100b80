"""`netquest party` on the command line, and a hostile member: cards written for someone
else, unsigned or with the wrong key, escape sequences, a 50 MB card, wrong types — each
ignored with a line on the board, nothing crashes, nothing raw reaches the terminal."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time

import pytest

from netquest.rules.party import card_to_json, validate_card
from netquest.services.party_repo import read_cards
from tests.party_world import Hostile, Member, a_card, bare_repo, card_of, git, keygen

ESC = "\x1b]0;owned\x07\x1b[2J\u202e"


@pytest.fixture
def world(tmp_path):
    bare = bare_repo(tmp_path)
    ana, bo = Member(tmp_path, "Ana"), Member(tmp_path, "Bo")
    ana.party.create(str(bare), "Platform folks", "Ana", str(ana.key))
    bo.party.join(str(bare), "Bo", str(bo.key))
    ana.party.sync()  # ana learns bo's key
    return tmp_path, bare, ana, bo


def board(run, member):
    code, out, err = run("--db", str(member.db), "party", "sync")
    assert code == 0, err
    code, out, err = run("--db", str(member.db), "party")
    assert code == 0 and err == ""
    return out


def test_the_board_in_text_and_json(world, run):
    _, _, ana, bo = world
    bo.app().quests.checkin("coffee", count=2)
    bo.party.sync()
    out = board(run, ana)
    assert "Platform folks" in out and "Ana (you)" in out and "Bo" in out
    code, out, _ = run("--db", str(ana.db), "party", "--format", "json")
    data = json.loads(out)
    assert code == 0 and data["party"] == "Platform folks" and data["me"] == "ana"
    bo_row = next(m for m in data["members"] if m["id"] == "bo")
    assert bo_row["week"]["4"] == 2 and bo_row["total"] == 2 and not bo_row["resting"]


def test_challenge_cheer_share_mute_and_summary_over_the_command_line(world, run):
    _, _, ana, bo = world
    code, out, err = run("--db", str(bo.db), "party", "challenge", "15 virtual coffees",
                         "--tip", "4", "--target", "15")
    assert code == 0 and "15 virtual coffees" in out, err
    assert run("--db", str(bo.db), "party", "cheer", "Ana", "Nice streak!")[0] == 0
    code, _, err = run("--db", str(bo.db), "party", "cheer", "Ana", "x" * 141)
    assert code == 2 and "140" in err and "Traceback" not in err
    code, out, _ = run("--db", str(ana.db), "party", "sync")
    assert 'Party challenge "15 virtual coffees"' in out and "1 new cheer for you" in out
    before = ana.db.read_bytes()
    code, out, _ = run("--db", str(ana.db), "summary")
    assert "Cheers from your party:" in out and "Bo (2026-03-11): Nice streak!" in out
    assert "Cheers from your party" not in run("--db", str(ana.db), "summary")[1]
    assert ana.db.read_bytes() == before  # summary wrote only the party's state file
    code, out, _ = run("--db", str(ana.db), "party", "share", "goal", "on")
    assert code == 0 and "goal" in out
    assert run("--db", str(ana.db), "party", "share", "address", "on")[0] == 2
    code, out, _ = run("--db", str(ana.db), "party", "mute", "Bo")
    assert code == 0 and "muted" in out
    assert "Bo " not in run("--db", str(ana.db), "party")[1]


def test_no_party_unreachable_remote_and_missing_git_are_one_line(world, run, tmp_path,
                                                                   monkeypatch):
    dan = Member(tmp_path, "Dan")
    code, _, err = run("--db", str(dan.db), "party")
    assert code == 2 and "in no party" in err and len(err.splitlines()) == 1
    code, _, err = run("--db", str(dan.db), "party", "join", str(tmp_path / "nowhere.git"),
                       "--as", "Dan", "--key", str(dan.key))
    assert code == 1 and "reaching the party" in err and len(err.splitlines()) == 1
    monkeypatch.setenv("PATH", str(tmp_path / "empty-bin"))
    code, _, err = run("--db", str(dan.db), "party", "join", str(world[1]), "--as", "Dan",
                       "--key", str(dan.key))
    assert code == 1 and "git is not installed" in err and "Traceback" not in err


def test_a_hostile_member_is_ignored_and_named_on_the_board(world, run, tmp_path):
    _, bare, ana, bo = world
    mallory = Hostile(tmp_path, bare)
    mal_key = keygen(tmp_path / "mallory_key")
    eve_key = keygen(tmp_path / "eve_key")
    forged = card_of(ana, "bo")
    forged["tips"] = {"4": 99}
    mallory.commit({"members/bo.json": forged}, key=mal_key)  # bo's card, mallory's key
    mallory.commit({"members/eve.json": a_card("eve", "Eve", eve_key)})  # unsigned
    out = board(run, ana)
    assert "members/bo.json (Bo): its last change is not signed by their key" in out
    assert "members/eve.json (Eve): its last change is not signed" in out
    assert "99" not in out
    bo.party.sync()  # bo puts their own card back
    out = board(run, ana)
    assert "members/bo.json" not in out and "Bo " in out

    # A card under another member's id, signed by ana's own (known) key.
    mallory.commit({"members/zed.json": a_card("zed", "Zed", ana.key)}, key=ana.key)
    out = board(run, ana)
    assert "members/zed.json (Zed): its last change was signed by ana, not by them" in out


def test_hostile_files_never_crash_and_nothing_raw_reaches_the_terminal(world, run, tmp_path):
    _, bare, ana, _ = world
    mallory = Hostile(tmp_path, bare)
    eve_key = keygen(tmp_path / "eve_key")
    eve = a_card("eve", f"Eve{ESC}", eve_key,
                 cheers=[{"to": "ana", "day": "2026-03-11", "text": f"hi{ESC}"}],
                 party_challenge={"text": f"win{ESC}", "tip": 4, "target": 3,
                                  "week": "2026-03-09", "set_at": "2026-03-11T09:00:00Z"})
    huge = b'{"format": 1, "pad": "' + b" " * (50 * 1024 * 1024) + b'"}'
    mallory.commit({
        "members/eve.json": eve,
        "members/huge.json": huge,
        "members/types.json": a_card("types", "Types", eve_key, level="ten", tips={"4": "2"}),
        "members/deep.json": b"[" * 15000,
        "members/notjson.json": b"\xff\xfe not json",
        f"members/{ESC}.json": b"{}",
    }, key=eve_key, symlinks={"members/link.json": "/etc/passwd", "outside": str(tmp_path)})
    out = board(run, ana)
    assert "\x1b" not in out and "\x07" not in out and "\u202e" not in out
    assert "  Eve^[]0;owned^G^[[2" in out  # a new member, shown inert and cut to its column
    assert 'Party challenge "win^[]0;owned^G^[[2J<U+202E>" (Virtual coffee): 2/3' in out
    assert "members/huge.json (huge): it is 52428824 bytes, more than the 16384" in out
    assert "members/types.json (types): tips[4] is not a whole number" in out
    assert "members/deep.json (deep): it is not JSON text" in out
    assert "members/notjson.json (notjson): it is not JSON text" in out
    assert "members/link.json (link): it is not a plain file" in out
    assert "^[]0;owned^G^[[2J<U+202E>.json: its name is not a member id" in out
    code, out, _ = run("--db", str(ana.db), "party", "--format", "json")
    assert code == 0 and "\x1b" not in out
    assert json.loads(out)["members"][0]["name"] == f"Eve{ESC}"  # exact in JSON, escaped
    code, out, _ = run("--db", str(ana.db), "summary")
    assert "hi^[]0;owned" in out and "\x1b" not in out


def test_a_changed_key_is_a_loud_warning(world, run, tmp_path):
    _, bare, ana, bo = world
    new_key = keygen(tmp_path / "bo_new")
    mallory = Hostile(tmp_path, bare)
    card = card_of(ana, "bo")
    card["key"] = new_key.with_suffix(".pub").read_text().strip()
    mallory.commit({"members/bo.json": card}, key=new_key)
    out = board(run, ana)
    assert "WARNING: bo's key has changed" in out
    assert "members/bo.json (Bo): its card names a new key" in out
    # What to compare with bo before trusting: the new key's fingerprint as ssh-keygen says it.
    fingerprint = subprocess.run(["ssh-keygen", "-lf", f"{new_key}.pub"], capture_output=True,
                                 text=True, check=True).stdout.split()[1]
    assert f"WARNING: bo's key has changed to {fingerprint}" in out
    code, out, _ = run("--db", str(ana.db), "party", "--format", "json")
    assert json.loads(out)["new_keys"] == {"bo": fingerprint}
    assert run("--db", str(ana.db), "party", "trust", "zed")[0] == 2
    code, out, _ = run("--db", str(ana.db), "party", "trust", "bo")
    assert code == 0 and "forgotten" in out
    out = board(run, ana)
    assert "WARNING" not in out and "members/bo.json" not in out and "Bo " in out


def test_summary_and_checkin_load_nothing_of_the_party(cli_env):
    code = ("import sys, netquest.cli as c\n"
            "try:\n c.main(['summary'])\nexcept SystemExit: pass\n"
            "bad = [m for m in sys.modules if 'party' in m]\n"
            "print(bad)")
    env = {**os.environ, "NETQUEST_DB": str(cli_env)}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
    assert out.stdout.strip().splitlines()[-1] == "[]"


def test_party_card_json_is_what_the_repository_holds(world):
    _, _, ana, _ = world
    stored = card_of(ana, "ana")
    assert stored == json.loads(json.dumps(card_to_json(validate_card(stored, "ana"))))
    assert git("config", "--get", "gpg.format", cwd=ana.repo).strip() == "ssh"


def test_a_members_folder_that_is_a_link_is_not_followed(world, run, tmp_path):
    _, bare, ana, _ = world
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "private.json").write_text("{}")
    mallory = Hostile(tmp_path, bare)
    mallory.commit({"members/ana.json": None, "members/bo.json": None}, key=ana.key,
                   symlinks={"members": str(elsewhere)})
    (ignored,) = read_cards(mallory.clone, {}).ignored
    assert (ignored.file, ignored.reason) == ("members", "it is not a plain folder")
    code, out, err = run("--db", str(ana.db), "party", "sync")
    assert code == 0, err
    assert [p.name for p in elsewhere.iterdir()] == ["private.json"]  # nothing written there
    assert (ana.repo / "members").is_dir() and not (ana.repo / "members").is_symlink()
    assert "Ana (you)" in out and "private" not in out


def test_ones_own_card_turned_into_a_folder_is_replaced_not_written_through(world, run,
                                                                              tmp_path):
    _, bare, ana, _ = world
    mallory = Hostile(tmp_path, bare)
    mallory.commit({"members/ana.json": None, "members/ana.json/x": b"{}"}, key=ana.key)
    code, out, err = run("--db", str(ana.db), "party", "sync")
    assert (code, err) == (0, "")
    assert "Ana (you)" in out
    assert card_of(ana, "ana")["id"] == "ana"
    git("fetch", "-q", "origin", cwd=mallory.clone)
    shown = git("show", "origin/main:members/ana.json", cwd=mallory.clone)
    assert json.loads(shown)["id"] == "ana"


def test_a_flood_of_junk_files_never_hides_the_members_known_here(world, run, tmp_path):
    _, bare, ana, _ = world
    mallory = Hostile(tmp_path, bare)
    mallory.commit({f"members/a{i:03}.json": b"{}" for i in range(100)})
    out = board(run, ana)
    assert "Ana (you)" in out and "  Bo " in out
    assert "files past the first" in out


def test_the_largest_counts_a_card_may_hold_stay_in_their_own_columns(world, run, tmp_path):
    _, bare, ana, _ = world
    eve = keygen(tmp_path / "eve")
    big = a_card("eve", "Eve", eve, tips={str(t): 100_000 for t in range(1, 6)},
                 day_streak=100_000, level=10_000)
    Hostile(tmp_path, bare).commit({"members/eve.json": big}, key=eve)
    (row,) = [line for line in board(run, ana).splitlines() if line.startswith("  Eve")]
    assert row.split()[:9] == ["Eve", *["100000"] * 5, "500000", "100000", "10000"]


def test_leaving_never_removes_a_file_through_a_link(world, run, tmp_path):
    _, bare, ana, bo = world
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "ana.json").write_text("not the party's")
    mallory = Hostile(tmp_path, bare)
    mallory.commit({"members/ana.json": None, "members/bo.json": None}, key=bo.key,
                   symlinks={"members": str(elsewhere)})
    code, out, err = run("--db", str(ana.db), "party", "leave")
    assert (code, err) == (0, "")
    assert (elsewhere / "ana.json").read_text() == "not the party's"
    assert not (ana.folder / "nq.json.party").exists()


def test_leaving_when_ones_card_was_turned_into_a_folder(world, run, tmp_path):
    _, bare, ana, _ = world
    mallory = Hostile(tmp_path, bare)
    mallory.commit({"members/ana.json": None, "members/ana.json/x": b"{}"})
    code, out, err = run("--db", str(ana.db), "party", "leave")
    assert (code, err) == (0, "")
    git("fetch", "-q", "origin", cwd=mallory.clone)
    assert "members/ana.json" not in git("ls-tree", "-r", "--name-only", "origin/main",
                                         cwd=mallory.clone)


def test_leaving_after_every_card_was_removed_by_someone_else(world, run, tmp_path):
    _, bare, ana, bo = world
    Hostile(tmp_path, bare).commit({"members/ana.json": None, "members/bo.json": None},
                                   key=bo.key)
    code, out, err = run("--db", str(ana.db), "party", "leave")
    assert (code, err) == (0, "")
    assert not (ana.folder / "nq.json.party").exists()


def test_with_sync_auto_a_check_in_publishes_the_card_in_the_background(world, run):
    _, bare, _, bo = world

    def published() -> int:
        card = json.loads(git("--git-dir", str(bare), "show", "main:members/bo.json"))
        return card["tips"].get("4", 0)

    assert published() == 0
    code, _, err = run("--db", str(bo.db), "checkin", "coffee", "--count", "2")
    assert code == 0 and err == ""
    deadline = time.monotonic() + 30  # the first check-in went out with no sync_auto: none
    time.sleep(1)
    assert published() == 0
    assert run("--db", str(bo.db), "settings", "sync_auto", "on")[0] == 0
    assert run("--db", str(bo.db), "checkin", "coffee")[0] == 0
    while published() != 3 and time.monotonic() < deadline:
        time.sleep(0.2)
    assert published() == 3


def test_a_member_with_a_chinese_name_joins_and_is_on_the_board(world, run, tmp_path):
    _, bare, ana, _bo = world
    ming = Member(tmp_path, "Ming")
    code, out, err = run("--db", str(ming.db), "party", "join", str(bare), "--as", "小明",
                         "--key", str(ming.key))
    assert code == 0, err
    assert "小明" in board(run, ana)


def test_a_display_name_without_a_letter_is_refused_in_the_language(world, run, tmp_path):
    dan = Member(tmp_path, "Dan")
    assert run("--db", str(dan.db), "settings", "language", "zh-CN")[0] == 0
    code, _, err = run("--db", str(dan.db), "party", "join", str(world[1]), "--as", "???",
                       "--key", str(dan.key))
    assert code == 2 and len(err.splitlines()) == 1
    assert "显示名" in err and "display name" not in err


def test_an_unreachable_party_is_said_in_the_language(run, tmp_path):
    dan = Member(tmp_path, "Dan")
    assert run("--db", str(dan.db), "settings", "language", "zh-CN")[0] == 0
    code, _, err = run("--db", str(dan.db), "party", "join", str(tmp_path / "nowhere.git"),
                       "--as", "Dan", "--key", str(dan.key))
    assert code == 1 and len(err.splitlines()) == 1
    assert "连接位于" in err and "reaching the party" not in err
