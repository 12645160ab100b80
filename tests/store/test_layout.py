"""The indexed log layout: only touched documents are parsed, and the index never vouches for
damage."""

from __future__ import annotations

import json
import re

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
    host_2016 = rb'\{"q":"host","y":2016,"e":\[\[3,"2016-03-08",[^{}]*?"[0-9a-f]{20}"\]\]\}'
    other = re.search(host_2016, before)
    assert other and other.group() in raw_bytes(store)
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
        lambda d: d.replace(b'"intro 2018",', b'"intro 2018""', 1),
        lambda d: d.replace(b'[5,"2017-03-08",1', b'[5,"2017-03-08"]1', 1),
        lambda d: d.replace(
            b'"intro 2018",[]', b'"intro 2018",[', 1
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


def test_a_key_named_log_before_the_log_does_not_hide_it():
    # The log's key is looked for from the front of the file: one inside a record before
    # the log is passed over for the table's own, whose index then vouches for the log.
    raw = {"meta": {"1": {"app": "netquest", "schema": 1, "seq": 1}},
           "settings": {"1": {"x": 1, "log": {"x": 1}, "y": [{"z": 0, "log": {}}]}},
           "log": {"1": {"q": "coffee", "y": 2026, "e": [[1, "2026-03-09", 1, 10, 0, "", "", []]]}}}
    written = layout.join_file(raw)
    assert written.count(layout.LOG_KEY) == 3
    split = layout.split_file(written)
    assert split is not None
    split["log"] = {key: doc.parse() for key, doc in split["log"].items()}
    assert split == raw


_META = {"1": {"app": "netquest", "schema": 1, "seq": 2}}
_DOC1 = b'"1":{"q":"coffee","y":2026,"e":[[1,"2026-03-09",1,10,0,"","",[]]]}'
_DOC2 = b'"2":{"q":"intro","y":2026,"e":[[2,"2026-03-10",1,10,0,"","",[]]]}'


def _vouched(head: dict, body: bytes, docs: list) -> bytes:
    """A file whose index vouches for `body` as `docs`, as a hand-made file can claim."""
    index = {"1": {"crc": layout._crc(body, head), "docs": docs}}
    text = json.dumps({**head, layout.INDEX_TABLE: index}, separators=(",", ":")).encode()
    return text[:-1] + layout.LOG_KEY + body + b"}}"


@pytest.mark.parametrize("settings", [{}, {"1": {"x": 1, "log": {}}}])
def test_a_file_with_the_log_table_twice_is_left_to_the_full_parse(settings):
    # The index vouches for the second log; the first is a table of the same name before
    # it (found first, or passed over when a record before it holds a key "log"). The full
    # parse refuses the key given twice; the split must not quietly keep only one log.
    head = {"meta": _META, "settings": settings, "log": json.loads(b"{" + _DOC1 + b"}")}
    data = _vouched(head, _DOC2, [["2", "intro", 2026, len(_DOC2)]])
    assert data.count(b'"log":{"') >= 2
    assert layout.split_file(data) is None
    with pytest.raises(layout.DuplicateKey):
        layout.loads(data)


@pytest.mark.parametrize("between", [b" ", b"}", b"\n"])
def test_documents_joined_by_anything_but_a_comma_are_left_to_the_full_parse(between):
    docs = [["1", "coffee", 2026, len(_DOC1)], ["2", "intro", 2026, len(_DOC2)]]
    good = _vouched({"meta": _META}, _DOC1 + b"," + _DOC2, docs)
    assert layout.split_file(good) is not None
    data = _vouched({"meta": _META}, _DOC1 + between + _DOC2, docs)
    assert layout.split_file(data) is None
    with pytest.raises(json.JSONDecodeError):
        layout.loads(data)


# ------------------------------------------------------------ documents read, then written
def test_documents_read_in_bulk_are_written_back_as_their_stored_bytes(store, monkeypatch):
    with store.transaction() as tx:
        decade(tx)
    encoded = []
    real_dumps = layout.json.dumps
    monkeypatch.setattr(layout.json, "dumps",
                        lambda v, **kw: encoded.append(v) or real_dumps(v, **kw))
    with store.transaction() as tx:
        assert len(tx.checkins()) == 33  # every document parsed, as a check-in's summary does
        add(tx, "intro", "2026-03-09", note="new")
        encoded.clear()
    # Only the changed document and the head were encoded...
    assert [type(v) for v in encoded] == [list, dict]
    # ...and the file is what encoding every document afresh makes.
    written = raw_bytes(store)
    raw = layout.split_file(written)
    raw["log"] = {key: doc.parse() for key, doc in raw["log"].items()}
    assert layout.join_file(raw) == written


@pytest.mark.parametrize("change", [
    lambda tx: tx.remove_checkin(1),
    lambda tx: tx.replace_checkin(tx.checkins("coffee")[0]._replace(note="changed")),
    lambda tx: tx.replace_checkin(tx.checkins("coffee")[0]._replace(day="2014-01-01")),
    lambda tx: tx.insert_checkin(tx.remove_checkin(4)),
])
def test_a_document_read_in_bulk_and_then_changed_is_written_as_changed(store, change):
    with store.transaction() as tx:
        decade(tx)
    with store.transaction() as tx:
        tx.checkins()
        change(tx)
        after = tx.checkins()
    with store.read() as tx:
        assert tx.checkins() == after
    assert layout.split_file(raw_bytes(store)) is not None  # the index vouches for what was written


def test_entries_changed_behind_the_store_s_back_are_not_lost(store):
    """tallies() says its lists must not be changed; if one is, the length guard still
    writes the document afresh rather than its old bytes."""
    with store.transaction() as tx:
        decade(tx)
    with store.transaction() as tx:
        ((quest_id, entries), *_) = tx.tallies()
        entries.append([99, "2016-03-09", 1, 10, 0, "2016-03-09T10:00:00Z"])
        tx._storage.touch()
    with store.read() as tx:
        assert 99 in [r.seq for r in tx.checkins(quest_id)]


# ----------------------------------------------------- the fast reader reads as json.loads
FAST_READS = [
    b'[[1,"2026-03-08",1,10,0,"2026-03-08T10:00:00Z"]]',
    ('[[2,"2026-03-08",1,10,0,"2026-03-08T10:00:00Z",'
     '"caf\u00e9 \u2028 \U0001f525 \\" \\\\ \\n \\u0001",["An\u00e9"]]]').encode(),
    b"[]",
]
SLOW_READS = {  # where orjson alone would read something else, or refuse what json.loads reads
    "a key twice": b'[{"a":1,"a":2}]',
    "a 20-digit number": b"[18446744073709551616]",
    "a 30-digit negative number": b"[-" + b"9" * 30 + b"]",
    "a 5,000-digit number": b"[" + b"9" * 5000 + b"]",
    "NaN and Infinity": b"[NaN,Infinity,-Infinity]",
    "1e400": b"[1e400]",
    "a lone surrogate": b'["\\ud800"]',
    "an escaped letter": b'["\\u0041"]',
    "spaces": b"[1, 2]",
    "nesting past 1,024 levels": b"[" * 1100 + b"]" * 1100,
    "extra data": b'[1],"e":[]',
    "not JSON": b"[1,",
}


@pytest.fixture(params=["orjson", "without orjson"])
def reader(request, monkeypatch):
    """read_entries with orjson, and as it works where orjson is not installed."""
    if request.param == "orjson":
        assert layout._orjson() is not None
    else:
        monkeypatch.setattr(layout, "_fast", None)
    return request.param


# A document is read from a view into the file's bytes, as split_file hands it over.
as_read = pytest.mark.parametrize("view", [bytes, memoryview], ids=["bytes", "a view"])


@as_read
@pytest.mark.parametrize("text", FAST_READS)
def test_the_fast_reader_reads_what_json_loads_reads(text, reader, view):
    assert layout.read_entries(view(text)) == json.loads(text)


@as_read
@pytest.mark.parametrize("case", SLOW_READS, ids=list(SLOW_READS))
def test_where_orjson_would_differ_json_loads_decides(case, monkeypatch, reader, view):
    text = SLOW_READS[case]
    slow = []
    real_loads = layout.json.loads
    monkeypatch.setattr(layout.json, "loads", lambda t: slow.append(t) or real_loads(t))
    try:
        expected = ("value", real_loads(text))
    except (ValueError, RecursionError) as e:
        expected = ("error", type(e))
    try:
        got = ("value", layout.read_entries(view(text)))
    except (ValueError, RecursionError) as e:
        got = ("error", type(e))
    assert repr(got) == repr(expected)  # repr: NaN is not equal to itself
    assert slow == [text]


def test_a_log_document_with_a_huge_number_is_still_named_as_such(reader):
    head = layout._head_of("1", "coffee", 2026)
    huge = b'[[1,"2026-03-08",1,' + b"9" * 5000 + b',0,"2026-03-08T10:00:00Z"]]}'
    doc = layout.RawDoc("1", "coffee", 2026, head + huge)
    with pytest.raises(layout.UnreadableDoc, match="number too long"):
        doc.parse()
    deep = layout.RawDoc("1", "coffee", 2026, head + b"[" * 100000 + b"]" * 100000 + b"]}")
    with pytest.raises(layout.UnreadableDoc, match="nested too deeply"):
        deep.parse()
