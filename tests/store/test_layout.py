"""The indexed log layout: only touched documents are parsed, and the index never vouches for
damage."""

from __future__ import annotations

import json

import pytest

from netquest.store import CorruptFile, layout

from .conftest import add, put_bytes, raw_bytes
from .records import quest


def decade(tx):
    for year in range(2016, 2027):
        for qid in ("coffee", "intro", "host"):
            add(tx, qid, f"{year}-03-08", note=f"{qid} {year}")


def test_file_is_tinydb_json_with_the_log_last_and_an_index(store):
    with store.transaction() as tx:
        decade(tx)
    data = raw_bytes(store)
    raw = json.loads(data)
    assert list(raw)[-1] == "log" and data.startswith(b'{"meta":')
    (index,) = raw[layout.INDEX_TABLE].values()
    assert [d[1:3] for d in index["docs"]][:2] == [["coffee", 2016], ["intro", 2016]]


def test_a_checkin_parses_only_the_document_it_touches(store, monkeypatch):
    with store.transaction() as tx:
        decade(tx)
    parsed = []
    real_parse = layout.RawDoc.parse
    monkeypatch.setattr(
        layout.RawDoc, "parse", lambda self: parsed.append((self.q, self.y)) or real_parse(self)
    )
    before = raw_bytes(store)
    with store.transaction() as tx:
        add(tx, "intro", "2026-03-09")
        tx.put_quest(quest("intro"))
    assert parsed == [("intro", 2026)]
    # Untouched documents are carried over byte for byte.
    other = (
        b'{"q":"host","y":2016,"e":[[3,"2016-03-08",1,15,5,"2016-03-08T10:00:00Z","host 2016"]]}'
    )
    assert other in before and other in raw_bytes(store)
    with store.read() as tx:
        assert [r.note for r in tx.checkins("intro")][-2:] == ["intro 2026", ""]
        assert len(tx.checkins()) == 34


def test_an_edited_log_is_parsed_in_full_not_trusted(store):
    with store.transaction() as tx:
        decade(tx)
    edited = raw_bytes(store).replace(
        b'"coffee 2019"', b'"edited!!!!!"'
    )  # same length, still valid JSON
    assert len(edited) == len(raw_bytes(store))
    assert (
        layout.split_file(edited) is None
    )  # the CRC no longer matches: no document is trusted unparsed
    put_bytes(store, edited)
    with store.transaction() as tx:
        add(tx, "host")
        assert [r.note for r in tx.checkins("coffee") if r.day.startswith("2019")] == [
            "edited!!!!!"
        ]
    with store.read() as tx:
        assert [r.note for r in tx.checkins("coffee") if r.day.startswith("2019")] == [
            "edited!!!!!"
        ]


@pytest.mark.parametrize(
    "damage",
    [
        # Same length, so the index's offsets still line up: only the CRC can tell.
        lambda d: d.replace(b'"intro 2018"]', b'"intro 2018""', 1),
        lambda d: d.replace(b'[5,"2017-03-08",1', b'[5,"2017-03-08"]1', 1),
        lambda d: d.replace(
            b'"intro 2018"]]', b'"intro 2018"]', 1
        ),  # a bracket gone deep in the log
        lambda d: d.replace(b'"host 2020"', b'"host 2020', 1),  # an unterminated string
        lambda d: d[:-1],  # the last byte cut
        lambda d: d.replace(
            b'[5,"2017-03-08"', b'[5,"2017-03-08"]', 1
        ),  # valid JSON, damaged entry
    ],
)
def test_damage_inside_the_log_is_caught_and_left_untouched(store, damage):
    with store.transaction() as tx:
        decade(tx)
    broken = damage(raw_bytes(store))
    put_bytes(store, broken)
    for open_it in (store.read, store.transaction):
        with pytest.raises(CorruptFile):
            with open_it() as tx:
                add(tx, "coffee")
    assert raw_bytes(store) == broken


def test_split_file_refuses_what_it_cannot_vouch_for():
    assert layout.split_file(b'{"meta":{},"log":{}}') is None  # no index
    assert layout.split_file(b"[]") is None
    raw = {"meta": {"1": {"app": "netquest", "schema": 1, "seq": 0}}, "log": {}}
    assert layout.split_file(layout.join_file(raw)) == raw
