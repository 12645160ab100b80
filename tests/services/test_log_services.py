"""Undo as the inverse of what a check-in recorded; the log: list, delete, edit, redo."""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path

import pytest

from netquest.clock import Clock
from netquest.services import LogEntry, NetQuest, ServiceError, effects
from netquest.services.errors import (
    ChangedMeanwhile,
    DamagedEffects,
    NothingToRedo,
    NothingToUndo,
    UnknownCheckin,
)
from netquest.store import SCHEMA_VERSION, Store, StoreError
from netquest.store.layout import join_file

DATA = Path(__file__).parents[1] / "store" / "data"


@pytest.fixture
def nq(services):
    services.quests.add(
        "Coffee", 4, "daily", id="coffee", start=date(2026, 3, 1)
    )  # moves people to met
    services.quests.add("Comment", 1, "daily", id="comment", start=date(2026, 3, 1), moves_to=None)
    return services


def person(nq, pid):
    with nq.store.read() as tx:
        return tx.get("people", pid)


def by_id(docs) -> list:
    return sorted(docs, key=lambda d: str(d["id"]))


def tables(nq) -> dict:
    with nq.store.read() as tx:
        return {"log": [tuple(r) for r in tx.checkins()], "people": by_id(tx.all("people")),
                "effects": by_id(tx.all("effects")), "achievements": by_id(tx.all("achievements")),
                "seq": tx.meta["seq"]}


# ------------------------------------------------------------ the cases of the issue
def test_undo_keeps_notes_and_tags_written_after_the_checkin(nq):
    nq.people.add("Ana")
    nq.quests.checkin("coffee", people=["Ana"])
    nq.people.edit("ana", notes="Works on packaging", add_tags=["rust"])
    nq.log.undo()
    ana = nq.people.get("ana")
    assert (ana.notes, ana.tags) == ("Works on packaging", ("rust",))
    assert (ana.stage, ana.last_contact) == ("want", None)  # what the check-in did is gone


def test_undo_keeps_a_person_it_created_once_edited_and_leaves_no_dangling_introducer(nq):
    nq.quests.checkin("coffee", people=["Ana"])
    nq.people.edit("ana", notes="met at PyCon")
    nq.people.add("Bob", introduced_by="ana")
    result = nq.log.undo()
    assert result.kept == ("Ana",) and result.removed == ()
    ana = nq.people.get("ana")
    assert ana.notes == "met at PyCon" and ana.stage == "want" and ana.last_contact is None
    assert nq.people.get("bob").introduced_by == "ana"


def test_undo_keeps_a_created_person_someone_names_as_introducer(nq):
    nq.people.add("Bob")
    nq.quests.checkin("coffee", people=["Ana"])
    nq.people.edit("bob", introduced_by="ana")  # Ana's own document is untouched
    assert nq.log.undo().kept == ("Ana",)
    assert nq.people.get("bob").introduced_by == "ana" and nq.people.get("ana").id == "ana"


def test_undo_after_a_merge_does_not_bring_the_merged_entry_back(nq):
    nq.people.add("Ana Lima", notes="from PyCon")
    nq.people.add("Lima", tags=["rust"])  # a second entry for the same person
    nq.quests.checkin("coffee", people=["Lima"])
    nq.people.merge("ana-lima", "lima")
    nq.log.undo()
    assert [p.id for p in nq.people.list()] == ["ana-lima"]
    ana = nq.people.get("ana-lima")
    assert (ana.stage, ana.tags, ana.notes) == (
        "met",
        ("rust",),
        "from PyCon",
    )  # the merge is later: it stays


def test_undo_after_a_rename_keeps_the_new_name_on_person_and_checkins(nq):
    nq.people.add("Ana")
    nq.quests.checkin("comment", people=["Ana"], day="2026-03-05")
    nq.quests.checkin("coffee", people=["Ana"])
    nq.people.rename("ana", "Ana Lima")
    nq.log.undo()
    ana = nq.people.get("ana")
    assert ana.name == "Ana Lima" and ana.last_contact == date(2026, 3, 5) and ana.stage == "want"
    assert [e.people for e in nq.people.timeline("ana")] == [("Ana Lima",)]


def test_undo_removes_a_person_it_created_that_nobody_touched(nq):
    result = nq.quests.checkin("coffee", people=["Ana"])
    assert result.created_people == ["Ana"]
    assert nq.log.undo().removed == ("Ana",)
    assert nq.people.list() == []


def test_a_stage_set_by_hand_after_the_checkin_stays(nq):
    nq.people.add("Ana", last_contact="2026-03-01")
    nq.quests.checkin("coffee", people=["Ana"])
    nq.people.set_stage("ana", "keeping_in_touch")
    nq.log.undo()
    ana = nq.people.get("ana")
    assert ana.stage == "keeping_in_touch"  # the hand edit is later: it stays
    assert ana.last_contact == date(2026, 3, 1)  # still the check-in's: it goes back


def test_the_fingerprint_of_a_created_person_ignores_key_order_and_empty_fields():
    doc = {"id": "ana", "name": "Ana", "notes": "", "tags": [], "interval": None, "stage": "met"}
    assert effects.doc_hash(doc) == effects.doc_hash({"stage": "met", "name": "Ana", "id": "ana"})
    assert effects.doc_hash(doc) != effects.doc_hash({**doc, "notes": "kind"})
    assert len(effects.doc_hash(doc)) == 12


def test_undo_of_a_person_deleted_since_changes_nobody(nq):
    nq.people.add("Bob")
    nq.quests.checkin("coffee", people=["Ana", "Bob"])
    nq.people.delete("ana")
    nq.log.undo()
    assert [p.id for p in nq.people.list()] == ["bob"] and nq.people.get("bob").stage == "want"


def test_checkin_records_only_what_changed(nq):
    nq.people.add("Ana")
    r1 = nq.quests.checkin("coffee", people=["Ana"], day="2026-03-09")
    r2 = nq.quests.checkin("coffee", people=["Ana"], day="2026-03-08")  # a past day: nothing moves
    with nq.store.read() as tx:
        first, second = tx.get("effects", r1.seq), tx.get("effects", r2.seq)
        assert tx.settings().get("people_undo") is None
    assert first == {"id": r1.seq, "p": [{"i": "ana", "m": "met", "s": ["want", "met"],
                                          "d": [None, "2026-03-09"], "l": [None, "2026-03-09"]}]}
    assert second == {"id": r2.seq, "p": [{"i": "ana", "m": "met"}]}
    nq.quests.checkin("coffee")
    with nq.store.read() as tx:
        assert len(tx.all("effects")) == 2  # a check-in naming nobody stores none


def test_undo_expect_refuses_when_another_checkin_came_in(nq):
    first = nq.quests.checkin("coffee")
    assert nq.log.latest().seq == first.seq
    nq.quests.checkin("comment")
    with pytest.raises(ChangedMeanwhile, match=f"not {first.seq}"):
        nq.log.undo(expect=first.seq)
    assert len(nq.log.list()) == 2
    assert nq.log.undo(expect=first.seq + 1).quest_id == "comment"


def test_damaged_effects_are_never_written_and_undo_refuses_them_without_a_change(tmp_path, clock):
    nq = NetQuest(Store(tmp_path / "nq.json"), clock)
    nq.quests.add("Coffee", 4, "daily", id="coffee", start=date(2026, 3, 1))
    nq.quests.checkin("coffee", people=["Ana"])
    with pytest.raises(ValueError, match="effects record.*'s'"):
        with nq.store.transaction() as tx:
            tx.put("effects", {"id": 1, "p": [{"i": "ana", "s": "met"}]})
    raw = json.loads((tmp_path / "nq.json").read_text())
    (doc,) = raw["effects"].values()
    doc["p"][0]["s"] = "met"
    raw.pop("_logindex")
    (tmp_path / "nq.json").write_text(json.dumps(raw))
    with pytest.raises(
        StoreError, match="effects record 1"
    ):  # a hand-edited file is checked in full
        nq.quests.state()
    (tmp_path / "nq.json").write_bytes(join_file(raw))  # as if NetQuest had written it
    before = (tmp_path / "nq.json").read_bytes()
    # Only the use cases that read recorded effects look at them: the rest of the game works.
    assert nq.quests.state().checkins_on_day == 1
    with pytest.raises(DamagedEffects, match="cannot undo check-in 1.*nothing was changed"):
        nq.log.undo()
    with pytest.raises(DamagedEffects, match="cannot delete check-in 1"):
        nq.log.delete("1")
    with pytest.raises(DamagedEffects, match="cannot edit check-in 1"):
        nq.log.edit("1", people=["Bo"])
    assert (tmp_path / "nq.json").read_bytes() == before
    with pytest.raises(StoreError, match="effects record 1: field 'p\\[0\\]' field 's'"):
        nq.store.check()


def test_undo_with_nothing_to_undo(nq):
    with pytest.raises(NothingToUndo):
        nq.log.undo()
    assert nq.log.latest() is None


# ------------------------------------------------------------------------------ log
def test_log_lists_newest_first_with_ids_by_quest_and_days(nq):
    nq.quests.checkin("coffee", day="2026-03-02", note="old", people=["Ana"])
    nq.quests.checkin("comment", day="2026-03-10")
    nq.quests.checkin("coffee", count=2)
    entries = nq.log.list()
    assert [(e.id, e.quest_id, e.day.day, e.count) for e in entries] == [
        ("3", "coffee", 11, 2), ("2", "comment", 10, 1), ("1", "coffee", 2, 1)]
    assert (
        isinstance(entries[0], LogEntry)
        and entries[2].people == ("Ana",)
        and entries[2].note == "old"
    )
    assert [e.id for e in nq.log.list("coffee")] == ["3", "1"]
    assert [e.id for e in nq.log.list(days=2)] == ["3", "2"]
    assert [e.id for e in nq.log.list("cof", days=1)] == ["3"]
    with pytest.raises(ServiceError, match="days"):
        nq.log.list(days=0)


# --------------------------------------------------------------------------- delete
def test_delete_takes_back_one_past_checkin_and_leaves_later_ones(nq):
    nq.quests.checkin("coffee", people=["Ana"], day="2026-03-05")
    later = nq.quests.checkin("coffee", people=["Ana"], day="2026-03-08")
    nq.people.edit("ana", notes="n")
    result = nq.log.delete("1")
    assert result.seq == 1 and result.kept == ("Ana",)  # a later check-in names her
    assert [e.seq for e in nq.log.list()] == [later.seq]
    ana = person(nq, "ana")
    # What the later check-in would have done alone: met on the 8th, last contact the 8th.
    assert (ana["stage"], ana["stage_since"], ana["last_contact"], ana["notes"]) == (
        "met",
        "2026-03-08",
        "2026-03-08",
        "n",
    )
    nq.log.undo()  # and its own inverse now starts from before both
    ana = person(nq, "ana")
    assert (ana["stage"], ana.get("stage_since"), ana["last_contact"]) == ("want", None, None)


def test_delete_of_an_older_checkin_keeps_the_later_last_contact(nq):
    nq.people.add("Ana")
    nq.quests.checkin("coffee", people=["Ana"], day="2026-03-08")
    nq.quests.checkin("comment", people=["Ana"], day="2026-03-05")
    nq.log.delete("2")
    assert person(nq, "ana")["last_contact"] == "2026-03-08"
    nq.log.delete("#1")
    assert person(nq, "ana")["last_contact"] is None and person(nq, "ana")["stage"] == "want"


def test_delete_refuses_unknown_and_malformed_ids(nq):
    nq.quests.checkin("coffee")
    with pytest.raises(UnknownCheckin, match="no check-in 7"):
        nq.log.delete("7")
    for bad in ("", "abc", "-1", "0", "1.5", "١"):
        with pytest.raises(ServiceError, match="not a check-in id"):
            nq.log.delete(bad)
    assert len(nq.log.list()) == 1


# ----------------------------------------------------------------------------- edit
def test_edit_changes_the_note_and_keeps_everything_else(nq):
    nq.quests.checkin("coffee", note="first", people=["Ana"])
    before = tables(nq)
    entry = nq.log.edit("1", note="second")
    assert entry.note == "second" and entry.people == ("Ana",) and entry.xp == before["log"][0][4]
    after = tables(nq)
    assert after["people"] == before["people"] and after["effects"] == before["effects"]


def test_edit_people_reverses_those_taken_off_and_moves_those_added(nq):
    nq.people.add("Bob", last_contact="2026-03-01")
    nq.quests.checkin("coffee", people=["Ana"], day="2026-03-09")
    entry = nq.log.edit("1", people=["Bob", "Cy"])
    assert entry.people == ("Bob", "Cy")
    assert sorted(p.id for p in nq.people.list()) == [
        "bob",
        "cy",
    ]  # Ana was the check-in's and untouched
    bob = person(nq, "bob")
    assert (bob["stage"], bob["last_contact"]) == ("met", "2026-03-09")
    nq.log.undo()  # the edited check-in's effects are what undo takes back
    assert [p.id for p in nq.people.list()] == ["bob"]
    assert (person(nq, "bob")["stage"], person(nq, "bob")["last_contact"]) == ("want", "2026-03-01")


def test_edit_people_of_a_past_checkin_replays_the_later_ones(nq):
    nq.people.add("Ana")
    nq.quests.checkin("comment", day="2026-03-05")
    nq.quests.checkin("coffee", people=["Ana"], day="2026-03-08")
    nq.log.edit("1", people=["Ana"])  # now the 5th named her too: comment moves nobody
    assert person(nq, "ana")["last_contact"] == "2026-03-08"
    nq.log.undo()  # takes back the 8th: the 5th is her last contact now
    assert (
        person(nq, "ana")["last_contact"] == "2026-03-05" and person(nq, "ana")["stage"] == "want"
    )


def test_edit_count_recomputes_its_xp_within_limits(nq):
    nq.quests.add("Posts", 1, "daily", id="posts", target=3, xp=10, start=date(2026, 3, 1))
    nq.quests.checkin("posts", count=1)
    entry = nq.log.edit("1", count=3)
    assert entry.count == 3 and entry.xp > 10
    assert nq.quests.state().xp == entry.xp
    for bad in (0, 1001, "x"):
        with pytest.raises(ServiceError, match="count"):
            nq.log.edit("1", count=bad)
    assert nq.log.list()[0].count == 3


# ----------------------------------------------------------------------------- redo
def test_redo_puts_back_a_badge_won_on_history_changed_since(nq):
    """Five people met win a badge; deleting one of them later does not take it away, but
    undo re-checks badges against the history: redo must put back exactly what undo took."""
    nq.quests.checkin("coffee", people=["Ana", "Cy", "Dee"])
    nq.quests.checkin("coffee", people=["Bob", "Eve"])
    nq.people.delete("ana")
    with nq.store.read() as tx:
        assert "people_5" in {d["id"] for d in tx.all("achievements")}
    before = tables(nq)
    undone = nq.log.undo()
    assert "people_5" in {a.id for a in undone.relocked}
    nq.log.redo()
    assert tables(nq) == before


def test_redo_brings_back_an_undo_exactly(nq):
    nq.people.add("Bob", notes="n")
    nq.quests.checkin("coffee", people=["Ana", "Bob"], note="hello")
    before = tables(nq)
    nq.log.undo()
    assert tables(nq) != before
    result = nq.log.redo()
    assert result.kind == "undo" and result.entry.seq == 1 and result.restored == ("Ana",)
    assert tables(nq) == before
    with pytest.raises(NothingToRedo, match="nothing to redo"):
        nq.log.redo()


def test_redo_brings_back_a_delete_with_the_later_effects_it_rewrote(nq):
    nq.quests.checkin("coffee", people=["Ana"], day="2026-03-05")
    nq.quests.checkin("coffee", people=["Ana"], day="2026-03-08")
    before = tables(nq)
    nq.log.delete("1")
    assert nq.log.redo().kind == "delete"
    assert tables(nq) == before


@pytest.mark.parametrize("write", [
    lambda nq: nq.quests.checkin("comment"),
    lambda nq: nq.people.edit("ana", notes="x"),
    lambda nq: nq.set_setting("week_start", "sun"),
])
def test_redo_is_refused_once_anything_else_was_written(nq, write):
    nq.quests.checkin("coffee", people=["Ana"])
    nq.people.add("Zed")
    nq.quests.checkin("coffee", people=["Ana"])
    nq.log.undo()
    write(nq)
    after_write = tables(nq)
    with pytest.raises(NothingToRedo, match="written since"):
        nq.log.redo()
    assert tables(nq) == after_write


def test_redo_is_refused_after_another_process_wrote(nq):
    nq.quests.checkin("coffee")
    nq.log.undo()
    other = NetQuest(nq.store, Clock(timezone="UTC", fixed_now="2026-03-11T10:00:00"))
    other.quests.skip("comment")
    with pytest.raises(NothingToRedo):
        nq.log.redo()


# ------------------------------------------------------------------ schema and checks
def test_schema_1_files_lose_the_people_snapshots_and_undo_moves_no_people(tmp_path):
    path = tmp_path / "nq.json"
    shutil.copy(DATA / "v1.json", path)
    assert "people_undo" in path.read_text()
    with Store(path).transaction() as tx:  # the fixture holds the store's minimum; make it playable
        tx.put_quest(
            {
                "id": "coffee",
                "title": "Virtual coffee",
                "tip": 4,
                "cadence": "daily",
                "target": 1,
                "xp": 10,
                "start": "2025-12-01",
                "moves_to": "met",
            }
        )
        tx.put(
            "people",
            {"id": "ann-lee", "name": "Ann Lee", "stage": "met", "last_contact": "2026-03-08"},
        )
    raw = json.loads(path.read_text())
    assert "people_undo" not in path.read_text() and raw["meta"]["1"]["schema"] == SCHEMA_VERSION
    nq = NetQuest(Store(path), Clock(timezone="UTC", fixed_now="2026-03-11T09:30:00"))
    with nq.store.transaction() as tx:
        tx.delete("quests", "intro")
    assert nq.log.undo().seq == 3  # a check-in from before schema 2: no recorded effects
    assert person(nq, "ann-lee")["stage"] == "met"


def test_every_write_bumps_the_revision(store):
    with store.read() as tx:
        assert tx.revision == 0
    for n in (1, 2):
        with store.transaction() as tx:
            tx.set_setting("theme", f"t{n}")
        with store.read() as tx:
            assert tx.revision == n
    with store.transaction() as tx:
        tx.settings()  # nothing written, nothing counted
    with store.read() as tx:
        assert tx.revision == 2


@pytest.mark.parametrize("doc, wrong", [
    ({"id": 3, "p": [{"i": "ana", "m": "met", "s": ["want", "met"], "d": [None, "2026-03-08"],
                      "l": [None, "2026-03-08"], "c": "0123456789ab"}]}, None),
    ({"id": 3}, "'p' is missing"),
    ({"id": "3", "p": [{"i": "a"}]}, "'id' must be a whole number"),
    ({"id": 3, "p": []}, "at least one person"),
    ({"id": 3, "p": [{"i": ""}]}, "person id"),
    ({"id": 3, "p": [{"i": "a", "x": 1}]}, "unknown field"),
    ({"id": 3, "p": [{"i": "a", "m": "boss"}]}, "'m' must be one of want"),
    ({"id": 3, "p": [{"i": "a", "s": ["want"]}]}, "before, after"),
    ({"id": 3, "p": [{"i": "a", "s": ["want", "friend"]}]}, "'s' must be one of want"),
    ({"id": 3, "p": [{"i": "a", "l": [None, "2026-02-30"]}]}, "'l' must be a date"),
    ({"id": 3, "p": [{"i": "a", "c": 5}]}, "'c' must be text"),
])
def test_effects_records_are_checked(doc, wrong):
    problem = effects.problem(doc)
    assert problem is None if wrong is None else wrong in problem
