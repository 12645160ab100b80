"""Hand-crafted data files: a forged log index, damage the index vouches for, keys given twice,
record keys TinyDB cannot read.  Every command ends in one line or works; doctor agrees."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from netquest.store.layout import INDEX_TABLE, LOG_KEY, _crc
from tests.cli.test_damaged_files import run

ENTRY = '[%d,"2026-03-10",1,5,0,"2026-03-10T10:00:00Z"%s]'
COMMANDS = [
    ("summary",),
    ("today",),
    ("log",),
    ("log", "--format", "json"),
    ("export",),
    ("checkin", "comment"),
    ("undo",),
    ("log", "delete", "1"),
    ("log", "edit", "1", "--note", "x"),
    ("people", "add", "Zed"),
]


def head() -> dict:
    return {"meta": {"1": {"app": "netquest", "schema": 2, "seq": 3, "rev": 1}}, "settings": {},
            "quests": {"1": {"id": "comment", "title": "Comment", "tip": 1, "cadence": "daily",
                             "start": "2026-01-01"}},
            "skips": {}, "goals": {}, "people": {}, "achievements": {}, "effects": {}, "redo": {}}


def forge(segments: list[bytes], index: list | None = None, top: dict | None = None) -> bytes:
    """A file whose index has a correct CRC over `segments` (and names them honestly unless
    `index`)."""
    body = b",".join(segments)
    if index is None:
        index = []
        for s in segments:
            key = json.loads(s[:s.index(b":")])
            index.append([key, "comment", 2026, len(s)])
    top = dict(top or head())
    top[INDEX_TABLE] = {"1": {"crc": _crc(body, top), "docs": index}}
    return json.dumps(top, separators=(",", ":")).encode()[:-1] + LOG_KEY + body + b"}}"


def doc(entries: str, key: str = "1", text: str | None = None) -> bytes:
    return (f'"{key}":' + (text or '{"q":"comment","y":2026,"e":[%s]}' % entries)).encode()


GOOD = ",".join(ENTRY % (i, "") for i in (1, 2, 3))
SEG = doc(GOOD)

CASES = {
    # damage the (honest) index vouches for: read lazily, it must still be named, never a crash
    "deep nesting": forge([doc(GOOD + "," + "[" * 100000 + "]" * 100000)]),
    "a 5,000-digit number": forge(
        [doc(GOOD + ',[4,"2026-03-10",1,' + "9" * 5000 + ',0,"2026-03-10T10:00:00Z"]')]
    ),
    "NaN": forge([doc(GOOD + ',[4,"2026-03-10",1,NaN,0,"2026-03-10T10:00:00Z"]')]),
    # numbers and objects a fast reader would read otherwise than json.loads does
    "a 30-digit number": forge(
        [doc(GOOD + ',[4,"2026-03-10",1,' + "9" * 30 + ',0,"2026-03-10T10:00:00Z"]')]
    ),
    "a key given twice inside an entry": forge(
        [doc(GOOD + ',[4,"2026-03-10",1,5,0,"2026-03-10T10:00:00Z","",[{"a":1,"a":2}]]')]
    ),
    "a lone surrogate in a note": forge([doc(GOOD + "," + ENTRY % (4, ',"\\ud800"'))]),
    "a lone surrogate in people": forge([doc(GOOD + "," + ENTRY % (4, ',"",["\\udcff"]'))]),
    "an impossible day": forge([doc(GOOD + ',[4,"2026-02-30",1,5,0,"2026-03-10T10:00:00Z"]')]),
    "a count that is true": forge(
        [doc((ENTRY % (1, "")).replace(",1,5,", ",true,5,") + "," + ENTRY % (2, ""))]
    ),
    "a key given twice in a log document": forge(
        [doc("", text='{"q":"comment","y":2026,"e":[%s],"e":[]}' % GOOD)]
    ),
    # an index that does not say what the bytes say: not trusted, the whole file is read
    "an index length that is text": forge([SEG], index=[["1", "comment", 2026, "x"]]),
    "an index naming another quest": forge([SEG], index=[["1", "thread", 2026, len(SEG)]]),
    "an index naming another year": forge([SEG], index=[["1", "comment", 2025, len(SEG)]]),
    "an index key with a lone surrogate": forge(
        [doc(GOOD, key="\\ud800")], index=[["\ud800", "comment", 2026, 13 + len(SEG)]]
    ),
    "an index key that is an escape": forge([doc(GOOD, key="\\u001b[2J")]),
    "an index naming one key twice": forge(
        [SEG, doc(ENTRY % (4, ""), key="1")],
        index=[["1", "comment", 2026, len(SEG)], ["1", "comment", 2027, 45]],
    ),
    # the head
    "a record key that is not a number": forge(
        [SEG], top={**head(), "quests": {"\u001b[2J": head()["quests"]["1"]}}
    ),
    "record keys 1 and 01": forge(
        [SEG],
        top={
            **head(),
            "skips": {
                "1": {"quest": None, "day": "2026-02-01"},
                "01": {"quest": None, "day": "2026-02-02"},
            },
        },
    ),
    "a setting name with a lone surrogate": forge([SEG]).replace(
        b'"settings":{}', b'"settings":{"1":{"\\udcff":1}}'
    ),
    "a key given twice in the head": forge([SEG]).replace(
        b'"people":{}', b'"people":{"1":{"id":"a","name":"A"},"1":{"id":"b","name":"B"}}'
    ),
}


@pytest.mark.parametrize("case", CASES, ids=list(CASES))
def test_a_hostile_file_never_crashes_a_command_and_doctor_agrees(tmp_path: Path, case: str):
    db = tmp_path / "nq.json"
    db.write_bytes(CASES[case])
    doctor, out, _ = run(db, "doctor")
    assert doctor in (0, 1), out
    for args in COMMANDS:
        before = db.read_bytes()
        code, _, err = run(db, *args)  # a crash fails here with its traceback
        assert code in (0, 1, 2), (args, err)
        if doctor == 0:
            assert code == 0 or (code == 2 and args[0] in ("undo", "log")), (args, err)
        elif code != 0:
            # Records the index vouches for are checked when read, not on open: a command
            # that reads none of them may work; one that does ends in one line.
            assert err.count("\n") == 1, (args, err)
            assert db.read_bytes() == before, args
    if doctor == 0:
        assert run(db, "doctor")[0] == 0, "commands on a file doctor called ok left one it does not"


def test_a_file_with_a_forged_index_over_sound_documents_reads_as_the_documents_say(tmp_path: Path):
    db = tmp_path / "nq.json"
    db.write_bytes(CASES["an index naming another quest"])
    code, out, _ = run(db, "log", "--format", "json")
    assert code == 0
    assert [e["seq"] for e in json.loads(out)] == [3, 2, 1]


def test_an_entry_bulk_read_unchecked_is_checked_before_it_is_changed(tmp_path: Path):
    db = tmp_path / "nq.json"
    db.write_bytes(CASES["a count that is true"])
    before = db.read_bytes()
    code, _, err = run(db, "log", "delete", "1")
    assert code == 1 and "count" in err and db.read_bytes() == before


def _with_meta(**meta) -> bytes:
    top = head()
    top["meta"]["1"].update(meta)
    return forge([SEG], top=top)


def test_a_revision_at_the_largest_exact_number_wraps_and_the_file_stays_readable(tmp_path: Path):
    db = tmp_path / "nq.json"
    db.write_bytes(_with_meta(rev=2**53))
    assert run(db, "checkin", "comment")[0] == 0
    assert run(db, "undo")[0] == 0
    assert run(db, "redo")[0] == 0
    assert run(db, "doctor")[0] == 0


def test_a_counter_at_its_largest_value_refuses_a_check_in_in_one_line(tmp_path: Path):
    db = tmp_path / "nq.json"
    db.write_bytes(_with_meta(seq=2**53))
    before = db.read_bytes()
    code, _, err = run(db, "checkin", "comment")
    assert code == 1 and err.count("\n") == 1 and "seq" in err
    assert db.read_bytes() == before


def test_a_counter_edited_below_the_log_is_named_and_never_hands_out_a_taken_seq(tmp_path: Path):
    db = tmp_path / "nq.json"
    db.write_bytes(
        _with_meta(seq=3).replace(b'"seq":3', b'"seq":1')
    )  # edited by hand after NetQuest wrote it
    before = db.read_bytes()
    code, out, _ = run(db, "doctor")
    assert code == 1 and "counter" in out
    code, _, err = run(db, "checkin", "comment")
    assert code == 1 and err.count("\n") == 1
    assert db.read_bytes() == before
