"""Merge ids: every record gets one where it is made, keeps it through edits, undo and redo,
and the schema checks it like every other field."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from netquest.clock import Clock
from netquest.services import NetQuest
from netquest.store import Store, schema

DATA = Path(__file__).parent / "data"
MID = re.compile(r"[0-9a-f]{20}")


def all_mids(raw: dict) -> list[str]:
    mids = []
    for table in ("quests", "people", "goals", "skips"):
        for doc in raw[table].values():
            mids.append(doc["mid"])
            for name in ("key_results", "reviews"):
                mids += [item["mid"] for item in doc.get(name, ())]
    for doc in raw["log"].values():
        mids += [entry[8] for entry in doc["e"]]
    return mids


def test_the_migration_gives_every_record_its_own_merge_id(tmp_path):
    path = tmp_path / "nq.json"
    shutil.copy(DATA / "v2.json", path)
    with Store(path).transaction() as tx:
        tx.add_checkin("coffee", "2026-03-09", 1, 10, 0, "2026-03-09T08:00:00Z")
    mids = all_mids(json.loads(path.read_text()))
    assert len(mids) == 7 == len(set(mids)) and all(MID.fullmatch(m) for m in mids)


@pytest.mark.parametrize("bad", ["", "ABCDEF0123456789abcd", "0123", "0" * 21, 7, "g" * 20,
                                 "\x1b[31m0123456789abcde"])
def test_a_merge_id_is_checked_like_every_other_field(bad):
    doc = {"id": "ana", "name": "Ana", "mid": bad}
    with pytest.raises(schema.SchemaError, match="mid"):
        schema.Person.from_doc(doc)
    entry = [1, "2026-03-08", 1, 10, 0, "2026-03-08T10:00:00Z", "", [], bad]
    assert schema.entry_problem(entry)[0] == "mid"


def services(tmp_path) -> NetQuest:
    clock = Clock(timezone="UTC", fixed_now="2026-03-11T09:30:00")
    nq = NetQuest(Store(tmp_path / "nq.json"), clock)
    nq.quests.init(starter=True)
    return nq


def stored(nq: NetQuest) -> dict:
    with nq.store.read() as tx:
        return tx.dump(mids=True)


def test_edits_keep_merge_ids_and_the_use_cases_never_see_them(tmp_path):
    nq = services(tmp_path)
    nq.people.add("Ana Lima")
    nq.goals.set(want="a new job")
    nq.quests.checkin("coffee", note="first", people=["Ana Lima"])
    before = stored(nq)
    nq.quests.edit("coffee", title="Coffee chats")
    nq.people.edit("ana-lima", where="Lisbon")
    nq.log.edit("1", note="edited", count=2)
    after = stored(nq)
    for table in ("quests", "people", "goals", "checkins"):
        assert [d["mid"] for d in before[table]] == [d["mid"] for d in after[table]]
    with nq.store.read() as tx:
        assert "mid" not in tx.quest("coffee") and "mid" not in tx.get("people", "ana-lima")
        assert all("mid" not in d for d in tx.dump()["checkins"])  # an export has none


def test_undo_and_redo_keep_the_merge_ids_exactly(tmp_path):
    nq = services(tmp_path)
    nq.quests.checkin("coffee", note="met Ana", people=["Ana Lima"])  # creates Ana
    before = stored(nq)
    nq.log.undo()
    assert not stored(nq)["checkins"]
    nq.log.redo()
    after = stored(nq)
    assert after["checkins"] == before["checkins"] and after["people"] == before["people"]
