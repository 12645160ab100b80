"""`netquest sync` with a bare repository and two or three devices on one machine."""

from __future__ import annotations

import json
import os
import subprocess

import pytest

from .sync_devices import NOW, Device, bare_remote


@pytest.fixture
def world(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("NETQUEST_NOW", NOW)
    monkeypatch.setenv("TZ", "UTC")
    monkeypatch.delenv("NETQUEST_DB", raising=False)
    remote = bare_remote(tmp_path)
    devices = [Device(tmp_path, name, capsys) for name in ("laptop", "work", "server")]
    return str(remote), devices


def synced(world, n: int = 3):
    """`n` devices sharing one history: the first made it, the others took it."""
    remote, devs = world
    a = devs[0]
    a.ok("init", "--starter")
    a.ok("checkin", "coffee", "--note", "first")
    out = a.ok("sync", "setup", remote)
    assert "Sent this history" in out
    for d in devs[1:n]:
        assert "Took the history" in d.ok("sync", "setup", remote)
    return devs[:n]


def sync_all(devs, rounds: int = 2):
    for _ in range(rounds):
        for d in devs:
            d.ok("sync")


def test_setup_says_what_leaves_the_machine_and_makes_a_clone_beside_the_file(world):
    remote, (a, *_) = world
    a.ok("init", "--starter")
    code, out, err = a("sync", "setup", remote)
    assert code == 0 and "Sent this history" in out
    assert "Leaves this machine" in err and "notes" in err and "people" in err
    clone = a.db.parent / ".netquest-sync" / a.db.name
    assert (clone / ".git").is_dir() and not (a.db.parent / ".git").exists()
    config = (clone / ".git" / "config").read_text()
    assert "merge-driver %O %A %B" in config and "device = " in config
    assert (clone / ".gitattributes").read_text() == "*.jsonl merge=netquest\n"
    status = json.loads(a.ok("sync", "status", "--format", "json"))
    assert set(status) == {"remote", "last_sync", "ahead", "behind", "device"}
    assert status["remote"] == remote and status["ahead"] == 0 and status["behind"] == 0


def test_offline_checkins_on_every_device_including_one_quest_one_day_all_arrive(world):
    devs = synced(world)
    for i, d in enumerate(devs):
        d.ok("checkin", "coffee", "--note", f"coffee on {i}", now="2026-03-11T10:00:00")
        d.ok("checkin", "comment", "--note", f"comment on {i}", now=f"2026-03-11T1{i}:30:00")
    for order in ([2, 0, 1], [1, 2, 0]):
        for i in order:
            devs[i].ok("sync")
    exports = [d.export() for d in devs]
    assert exports[0] == exports[1] == exports[2]
    notes = [c["note"] for c in exports[0]["checkins"]]
    for i in range(3):
        assert f"coffee on {i}" in notes and f"comment on {i}" in notes
    seqs = [c["seq"] for c in exports[0]["checkins"]]
    assert len(seqs) == len(set(seqs)) == 7


def test_one_person_edited_on_two_devices_different_fields_then_the_same(world):
    a, b = synced(world, 2)
    a.ok("people", "add", "Ana Lima")
    sync_all([a, b])
    a.ok("people", "edit", "ana-lima", "--where", "Lisbon", now="2026-03-11T10:00:00")
    b.ok("people", "edit", "ana-lima", "--notes", "met at the meetup", now="2026-03-11T11:00:00")
    sync_all([a, b])
    for d in (a, b):
        person = json.loads(d.ok("people", "show", "ana-lima", "--format", "json"))
        assert person["where"] == "Lisbon" and person["notes"] == "met at the meetup"
    a.ok("people", "edit", "ana-lima", "--where", "Porto", now="2026-03-12T12:00:00")
    b.ok("people", "edit", "ana-lima", "--where", "Berlin", now="2026-03-12T09:00:00")
    b.ok("sync", now="2026-03-12T09:00:00")
    code, out, _ = a("sync", now="2026-03-12T12:00:00")
    assert code == 0 and "changed on both devices" in out
    b.ok("sync", now="2026-03-12T12:00:00")
    assert a.export() == b.export()
    assert a.export()["people"][0]["where"] == "Porto"  # the later change


def test_an_undo_of_a_checkin_the_other_device_pulled_stays_undone(world):
    a, b = synced(world, 2)
    a.ok("checkin", "comment", "--note", "undo me")
    sync_all([a, b])
    assert "undo me" in b.notes()
    a.ok("undo")
    sync_all([a, b])
    assert "undo me" not in a.notes() and "undo me" not in b.notes()
    b.ok("checkin", "comment", "--note", "later")
    sync_all([b, a])
    assert a.notes() == b.notes() == ["first", "later"]


def test_archived_on_one_device_checked_in_on_the_other(world):
    a, b = synced(world, 2)
    a.ok("quest", "archive", "comment")
    b.ok("checkin", "comment", "--note", "just before it was archived")
    a.ok("sync")
    backups = list((b.db.parent / "backups").iterdir())
    b.ok("sync")  # replaces b's file with the merged history: backed up first
    assert len(list((b.db.parent / "backups").iterdir())) == len(backups) + 1
    sync_all([a, b])
    for d in (a, b):
        data = d.export()
        quest = next(q for q in data["quests"] if q["id"] == "comment")
        assert quest["archived"] is True
        assert "just before it was archived" in [c["note"] for c in data["checkins"]]
    assert a.export() == b.export()


def test_two_new_quests_with_one_id_are_both_kept_and_the_later_is_renamed(world):
    a, b = synced(world, 2)
    add = ("quest", "add", "--id", "mentor", "--tip", "3", "--cadence", "daily")
    a.ok(*add, "Mentor call", now="2026-03-11T08:00:00")
    b.ok(*add, "Mentor lunch", now="2026-03-11T09:00:00")
    b.ok("checkin", "mentor", "--note", "lunch", now="2026-03-11T09:00:00")
    a.ok("sync", now="2026-03-11T10:00:00")
    code, out, _ = b("sync", now="2026-03-11T10:00:00")
    assert code == 0 and "'mentor-2'" in out
    a.ok("sync", now="2026-03-11T10:00:00")
    data = a.export()
    titles = {q["id"]: q["title"] for q in data["quests"]}
    assert titles["mentor"] == "Mentor call" and titles["mentor-2"] == "Mentor lunch"
    lunch = next(c for c in data["checkins"] if c["note"] == "lunch")
    assert lunch["quest"] == "mentor-2" and a.export() == b.export()


def test_time_zone_stays_per_device_and_week_start_is_shared(world):
    a, b = synced(world, 2)
    a.ok("settings", "timezone", "Asia/Tokyo")
    a.ok("settings", "week_start", "sun")
    sync_all([a, b])
    assert b.ok("settings", "week_start").strip() == "sun"
    assert "Asia/Tokyo" not in b.ok("settings", "timezone")


def test_setup_of_another_remote_asks_first(world, tmp_path):
    remote, (a, *_) = world
    a.ok("init", "--starter")
    a.ok("sync", "setup", remote)
    other = bare_remote(tmp_path / "elsewhere")
    code, _, err = a("sync", "setup", str(other))  # no terminal to answer: not changed
    assert code != 0 and json.loads(a.ok("sync", "status", "--format", "json"))["remote"] == remote
    a.ok("sync", "setup", str(other), "--yes")
    assert json.loads(a.ok("sync", "status", "--format", "json"))["remote"] == str(other)
    assert "Stopped syncing" in a.ok("sync", "off")
    assert not (a.db.parent / ".netquest-sync").exists() and a.db.exists()


def test_an_unreachable_remote_is_one_line_and_the_file_stays(world, tmp_path):
    remote, (a, *_) = world
    a.ok("init", "--starter")
    code, _, err = a("sync", "setup", str(tmp_path / "nowhere.git"))
    assert code == 1 and len(err.strip().splitlines()) == 2 and "cannot reach" in err
    a.ok("sync", "setup", remote)
    os.rename(remote, remote + ".moved")
    before = a.db.read_bytes()
    code, _, err = a("sync")
    assert code == 1 and err.count("\n") == 1 and "cannot reach" in err
    assert a.db.read_bytes() == before


def test_without_git_sync_says_so_in_one_line(world, monkeypatch, tmp_path):
    remote, (a, *_) = world
    a.ok("init", "--starter")
    monkeypatch.setenv("PATH", str(tmp_path))  # no git here
    code, _, err = a("sync", "setup", remote)
    assert code == 1 and "git is not installed" in err and "Traceback" not in err


def test_sync_before_setup_says_how(world):
    _, (a, *_) = world
    a.ok("init", "--starter")
    code, _, err = a("sync")
    assert code == 1 and "sync setup REMOTE" in err


HOSTILE = {
    "escape sequence in a title": lambda files: files.update({"quests.jsonl": files[
        "quests.jsonl"].replace(b'"title":"', b'"title":"\\u001b]0;pwned\\u0007', 1)}),
    "bad JSON": lambda files: files.update({"quests.jsonl": b"{not json\n"}),
    "wrong types": lambda files: files.update({"meta.json": b'{"seq":"many"}\n'}),
    "a huge file": lambda files: files.update({"people.jsonl": b" " * (65 * 1024 * 1024)}),
    "an unknown file": lambda files: files.update({"run.sh": b"rm -rf /\n"}),
    "a check-in that breaks the schema": lambda files: files.update(
        {"checkins/2026-03.jsonl": files["checkins/2026-03.jsonl"].replace(
            b'"count":1', b'"count":-5', 1)}),
}


@pytest.mark.parametrize("damage", sorted(HOSTILE))
def test_a_hostile_remote_is_refused_in_one_line_and_nothing_changes(world, tmp_path, damage):
    remote, devs = world
    a, b = synced(world, 2)
    evil = tmp_path / "evil"
    subprocess.run(["git", "clone", "-q", "-b", "netquest", remote, str(evil)], check=True)
    files = {str(p.relative_to(evil)): p.read_bytes()
             for p in evil.rglob("*") if p.is_file() and ".git" not in p.parts}
    HOSTILE[damage](files)
    for name, data in files.items():
        (evil / name).parent.mkdir(parents=True, exist_ok=True)
        (evil / name).write_bytes(data)
    git = ["git", "-C", str(evil), "-c", "user.name=x", "-c", "user.email=x@x"]
    subprocess.run([*git, "add", "-A"], check=True)
    subprocess.run([*git, "commit", "-qm", "evil"], check=True)
    subprocess.run([*git, "push", "-q", "origin", "netquest"], check=True)
    before = b.db.read_bytes()
    code, out, err = b("sync")
    assert code == 1 and out == "" and len(err.splitlines()) == 1, err
    assert "refused what came from the remote" in err and "\x1b" not in err
    assert b.db.read_bytes() == before


def test_the_merge_driver_merges_one_file_record_by_record(tmp_path, capsys):
    from netquest.services.sync_form import files_from_state

    def quests(*pairs):
        return files_from_state({"records": {
            mid: {"k": "quest", "t": "2026-03-01T00:00:00Z",
                  "d": {"id": qid, "title": qid, "tip": 1, "cadence": "daily",
                        "start": "2026-03-01"}} for mid, qid in pairs
        }, "tombs": {}, "seq": 0})["quests.jsonl"]

    a, b, c = "a" * 20, "b" * 20, "c" * 20
    paths = [tmp_path / n for n in ("O", "A", "B")]
    for path, data in zip(paths, (quests((a, "one")), quests((a, "one"), (b, "two")),
                                  quests((c, "three")))):
        path.write_bytes(data)
    from netquest.cli import main

    with pytest.raises(SystemExit) as exc:
        main(["merge-driver", *map(str, paths), "quests.jsonl"])
    assert exc.value.code == 0
    merged = paths[1].read_bytes().decode()
    assert b in merged and c in merged and a not in merged  # deleted there, unchanged here
