"""Every Tx method against both stores: CRUD, seq rules, the compact layout, dump and load_dump."""

from __future__ import annotations

import json
import re
import tempfile
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from netquest.store import SCHEMA_VERSION, CheckInRecord, Store

from .conftest import add, raw_bytes
from .records import person, quest


def test_new_store_is_empty_and_creates_nothing_on_read(store):
    with store.read() as tx:
        assert (
            tx.quests() == [] and tx.checkins() == [] and tx.skips() == [] and tx.settings() == {}
        )
        assert tx.latest_checkin() is None
        assert tx.meta == {"app": "netquest", "schema": SCHEMA_VERSION, "seq": 0}
    assert not store.exists()
    with store.transaction():
        pass  # a transaction that changes nothing writes nothing
    assert not store.exists()


def test_first_write_creates_file_with_meta(store):
    with store.transaction() as tx:
        tx.set_setting("timezone", "Europe/Berlin")
    assert store.exists()
    raw = json.loads(raw_bytes(store))
    assert list(raw["meta"].values()) == [
        {"app": "netquest", "schema": SCHEMA_VERSION, "seq": 0, "rev": 1}
    ]


def test_settings(store):
    with store.transaction() as tx:
        tx.set_setting("timezone", "Asia/Shanghai")
        tx.set_setting("day_start_hour", 4)
        tx.set_setting("timezone", "Europe/Berlin")
    with store.read() as tx:
        settings = tx.settings()
        assert settings == {"timezone": "Europe/Berlin", "day_start_hour": 4}
        settings["timezone"] = "changed"  # a copy: the stored value must not move
        assert tx.settings()["timezone"] == "Europe/Berlin"
    with store.transaction() as tx, pytest.raises(ValueError):
        tx.set_setting("bad", object())


def test_quests_insert_replace_get(store):
    with store.transaction() as tx:
        tx.put_quest(quest("coffee", title="Virtual coffee", archived=True))
        tx.put_quest(quest("intro", title="Ask for an introduction"))
        tx.put_quest(quest("coffee", title="Coffee, renamed"))  # replaces: "archived" is gone
    with store.read() as tx:
        assert tx.quests() == [
            quest("coffee", title="Coffee, renamed"),
            quest("intro", title="Ask for an introduction"),
        ]
        assert tx.quest("intro")["title"] == "Ask for an introduction"
        assert tx.quest("nope") is None
    with store.transaction() as tx:
        for bad in ({"name": "no id"}, {"id": ""}, {"id": 3}, quest(xp=-5), quest("Bad Id")):
            with pytest.raises(ValueError):
                tx.put_quest(bad)


def test_stored_documents_are_copies(store):
    doc = person("ann", tags=["x"])
    with store.transaction() as tx:
        tx.put("people", doc)
        doc["tags"].append("changed after put")
        got = tx.get("people", "ann")
        got["tags"].append("changed after get")
        assert tx.get("people", "ann") == person("ann", tags=["x"])


GENERIC = {
    "goals": (
        {"id": "g1", "want": "one"},
        {"id": "g2", "want": "two"},
        {"id": "g1", "want": "uno"},
    ),
    "people": (person("one"), person("two"), person("one", name="Uno")),
    "achievements": (
        {"id": "first_checkin", "day": "2026-03-01"},
        {"id": "streak_7", "day": "2026-03-07"},
        {"id": "first_checkin", "day": "2026-03-02"},
    ),
}


@pytest.mark.parametrize("table", list(GENERIC))
def test_generic_tables(store, table):
    one, two, uno = GENERIC[table]
    with store.transaction() as tx:
        tx.put(table, one)
        tx.put(table, two)
        tx.put(table, uno)
    with store.transaction() as tx:
        assert tx.all(table) == [uno, two]
        assert tx.get(table, two["id"]) == two
        assert tx.get(table, "nobody") is None
        assert tx.delete(table, uno["id"]) is True
        assert tx.delete(table, uno["id"]) is False
    with store.read() as tx:
        assert tx.all(table) == [two]
    with store.transaction() as tx, pytest.raises(ValueError, match=f"{table} record"):
        tx.put(table, {**two, "id": 3})


def test_unknown_table_is_refused(store):
    with store.transaction() as tx:
        for call in (
            lambda: tx.all("log"),
            lambda: tx.put("meta", {"id": 1}),
            lambda: tx.get("nope", 1),
        ):
            with pytest.raises(ValueError, match="unknown table"):
                call()


def test_checkins_sorted_by_day_then_seq_and_filtered(store):
    with store.transaction() as tx:
        a = add(tx, "coffee", "2026-03-08")
        b = add(tx, "intro", "2026-03-07")
        c = add(tx, "coffee", "2025-12-31")
        d = add(tx, "coffee", "2026-03-07")
    assert [a.seq, b.seq, c.seq, d.seq] == [1, 2, 3, 4]
    with store.read() as tx:
        assert [r.seq for r in tx.checkins()] == [3, 2, 4, 1]
        assert [r.seq for r in tx.checkins("coffee")] == [3, 4, 1]
        assert tx.checkins("none") == []
        assert tx.latest_checkin() == d


def test_checkin_fields_round_trip(store):
    with store.transaction() as tx:
        rec = tx.add_checkin(
            "coffee", "2026-03-08", 2, 25, 10, "2026-03-08T10:00:00Z", "chat", ["Ann", "Bo"]
        )
    assert rec == CheckInRecord(
        1, "coffee", "2026-03-08", 2, 25, 10, "2026-03-08T10:00:00Z", "chat", ("Ann", "Bo"),
        rec.mid,
    )
    assert re.fullmatch(r"[0-9a-f]{20}", rec.mid)
    with store.read() as tx:
        assert tx.checkins() == [rec]


def test_seq_is_never_reused_even_after_undo(store):
    with store.transaction() as tx:
        add(tx)
        second = add(tx)
        assert tx.remove_checkin(second.seq) == second
        assert tx.remove_checkin(second.seq) is None
    with store.transaction() as tx:
        third = add(tx)
        assert third.seq == 3
        assert tx.latest_checkin() == third
        tx.remove_checkin(third.seq)
        assert tx.latest_checkin().seq == 1
    with store.transaction() as tx:
        assert add(tx).seq == 4


def test_removing_the_last_checkin_of_a_year_drops_its_document(store):
    with store.transaction() as tx:
        rec = add(tx, day="2024-02-29")
        add(tx, day="2026-01-01")
        tx.remove_checkin(rec.seq)
    raw = json.loads(raw_bytes(store))
    assert [doc["y"] for doc in raw["log"].values()] == [2026]


def test_replace_checkin_in_place_and_across_years(store):
    with store.transaction() as tx:
        rec = add(tx, people=["Ann"])
        other = add(tx, "intro")
        tx.replace_checkin(rec._replace(people=("Ann Lee",), note="renamed"))
        tx.replace_checkin(other._replace(day="2025-12-30", quest="coffee"))
        with pytest.raises(KeyError):
            tx.replace_checkin(rec._replace(seq=99))
    with store.read() as tx:
        got = {r.seq: r for r in tx.checkins()}
        assert got[1] == rec._replace(people=("Ann Lee",), note="renamed")
        assert got[2] == other._replace(day="2025-12-30", quest="coffee")
        assert tx.checkins("intro") == []
        assert tx.meta["seq"] == 2


@pytest.mark.parametrize(
    "field, value",
    [
        ("day", "2026-3-8"),
        ("day", "2026-02-30"),
        ("count", 1.5),
        ("xp", "10"),
        ("bonus", True),
        ("at", "2026-03-08 10:00"),
        ("note", None),
        ("people", "Ann"),
        ("people", [1]),
        ("note", "bad \ud800"),
    ],
)
def test_add_checkin_refuses_bad_fields(store, field, value):
    with store.transaction() as tx:
        with pytest.raises(ValueError):
            add(tx, **{field: value}) if field != "day" else add(
                tx, day=value, at="2026-03-08T10:00:00Z"
            )
        assert tx.checkins() == [] and tx.meta["seq"] == 0


def test_skips(store):
    with store.transaction() as tx:
        assert tx.add_skip("coffee", "2026-03-08", "sick") is True
        assert tx.add_skip("coffee", "2026-03-08") is False
        assert tx.add_skip(None, "2026-03-01", "vacation") is True
        assert tx.add_skip("intro", "2026-03-01") is True
    with store.transaction() as tx:
        assert tx.skips() == [
            {"quest": None, "day": "2026-03-01", "reason": "vacation"},
            {"quest": "intro", "day": "2026-03-01", "reason": ""},
            {"quest": "coffee", "day": "2026-03-08", "reason": "sick"},
        ]
        assert tx.remove_skip(None, "2026-03-01") is True
        assert tx.remove_skip(None, "2026-03-01") is False
        assert tx.remove_skip("coffee", "2026-03-07") is False
        with pytest.raises(ValueError):
            tx.add_skip("coffee", "yesterday")
    with store.read() as tx:
        assert [s["quest"] for s in tx.skips()] == ["intro", "coffee"]


def test_many_skips_in_one_write_leave_days_already_skipped_alone(store):
    with store.transaction() as tx:
        tx.add_skip("coffee", "2026-03-08", "sick")
        added = tx.add_skips([("coffee", "2026-03-08", "other"), ("coffee", "2026-03-09", "travel"),
                              ("coffee", "2026-03-09", "twice"), (None, "2026-03-08", "")])
        assert added == 2
    with store.read() as tx:
        assert tx.skips() == [
            {"quest": None, "day": "2026-03-08", "reason": ""},
            {"quest": "coffee", "day": "2026-03-08", "reason": "sick"},
            {"quest": "coffee", "day": "2026-03-09", "reason": "travel"},
        ]
    with store.transaction() as tx:
        with pytest.raises(ValueError):
            tx.add_skips([("coffee", "2026-03-10", ""), ("coffee", "someday", "")])
    with store.read() as tx:
        assert len(tx.skips()) == 3  # the failed transaction wrote nothing


def test_read_view_refuses_changes_and_tx_is_closed_after_the_block(store):
    with store.read() as tx:
        for change in (
            lambda: add(tx),
            lambda: tx.put_quest({"id": "x"}),
            lambda: tx.set_setting("a", 1),
            lambda: tx.add_skip(None, "2026-03-08"),
            lambda: tx.load_dump(tx.dump()),
            lambda: tx.remove_checkin(1),
            lambda: tx.delete("goals", 1),
        ):
            with pytest.raises(RuntimeError, match="read-only"):
                change()
    with pytest.raises(RuntimeError, match="over"):
        tx.quests()
    with store.transaction() as tx:
        pass
    with pytest.raises(RuntimeError, match="over"):
        add(tx)


def test_exception_in_transaction_writes_nothing(store):
    with store.transaction() as tx:
        add(tx)
    before = raw_bytes(store)
    with pytest.raises(ZeroDivisionError):
        with store.transaction() as tx:
            add(tx)
            tx.put_quest(quest("coffee"))
            1 / 0
    assert raw_bytes(store) == before
    with store.read() as tx:
        assert len(tx.checkins()) == 1 and tx.quests() == []


def test_nested_transaction_is_refused_not_deadlocked(make_store):
    store = make_store()
    with store.transaction():
        with pytest.raises(RuntimeError, match="already has a transaction"):
            with store.transaction():
                pass


def test_layout_is_compact(store):
    with store.transaction() as tx:
        add(tx)
        add(tx, note="hi")
        add(tx, people=["Ann"])
    raw = json.loads(raw_bytes(store))
    (doc,) = raw["log"].values()
    mids = [e[8] for e in doc["e"]]  # each check-in's merge id is its last field
    assert len(set(mids)) == 3 and all(re.fullmatch(r"[0-9a-f]{20}", m) for m in mids)
    assert doc == {"q": "coffee", "y": 2026, "e": [
        [1, "2026-03-08", 1, 15, 5, "2026-03-08T10:00:00Z", "", [], mids[0]],
        [2, "2026-03-08", 1, 15, 5, "2026-03-08T10:00:00Z", "hi", [], mids[1]],
        [3, "2026-03-08", 1, 15, 5, "2026-03-08T10:00:00Z", "", ["Ann"], mids[2]],
    ]}
    assert b"\n" not in raw_bytes(store) and b", " not in raw_bytes(store)


TRICKY = [
    "",
    "line one\nline two",
    'quote " backslash \\ tab \t',
    "中文 网络",
    "☕🤝🏽 emoji",
    "\x00\x1f",
    "},\"log\":{",
]


@pytest.mark.parametrize("note", TRICKY)
def test_tricky_text_round_trips(store, note):
    with store.transaction() as tx:
        tx.put_quest(quest("q", title=note or "untitled"))
        rec = tx.add_checkin(
            "q", "2026-03-08", 1, 1, 0, "2026-03-08T10:00:00Z", note, [note or "Ann", "Zoë"]
        )
    with store.read() as tx:
        assert tx.checkins() == [rec]
        assert tx.quest("q") == quest("q", title=note or "untitled")


text = st.text(st.characters(exclude_categories=("Cs",)), max_size=12)
records = st.lists(
    st.tuples(
        st.sampled_from(["coffee", "intro", "q-3"]),
        # The days a check-in may have: the years 2 to 9998 (`schema`'s bounds).
        st.dates(date(2, 1, 1), date(9998, 12, 31)).map(lambda d: d.isoformat()),
        st.integers(1, 99),
        st.integers(50, 500),
        st.integers(0, 50),
        text,
        st.lists(text.filter(str.strip), max_size=3),
    ),
    max_size=15,
)


@pytest.mark.parametrize("kind", ["memory", "file"])
@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(rows=records)
def test_compact_layout_round_trips_anything(kind, rows):
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(memory=True) if kind == "memory" else Store(Path(tmp) / "n.json")
        with store.transaction() as tx:
            added = [
                tx.add_checkin(q, d, c, x, b, "2026-03-08T10:00:00Z", n, p)
                for q, d, c, x, b, n, p in rows
            ]
        with store.read() as tx:
            assert sorted(tx.checkins()) == sorted(added)
            assert tx.checkins() == sorted(added, key=lambda r: (r.day, r.seq))


def fill(tx):
    tx.set_setting("timezone", "Europe/Berlin")
    tx.put_quest(quest("coffee", title="Virtual coffee ☕"))
    tx.put_quest(quest("intro", title="Ask for an introduction", tip=3, cadence="1/week"))
    add(tx, "coffee", "2025-12-31", note="new\nyear", people=["Ann"])
    gone = add(tx, "intro")
    add(tx, "coffee")
    tx.remove_checkin(gone.seq)
    tx.add_skip(None, "2026-03-01", "vacation")
    tx.put("goals", {"id": "g1", "want": "a new job", "kind": "job"})
    tx.put("people", person("ann"))
    tx.put("achievements", {"id": "first_checkin", "day": "2026-03-08"})


def test_dump_and_load_dump_round_trip(make_store):
    source = make_store()
    with source.transaction() as tx:
        fill(tx)
        dump = tx.dump()
    assert json.loads(json.dumps(dump)) == dump
    assert dump["seq"] == 3 and [c["seq"] for c in dump["checkins"]] == [1, 3]
    assert dump["checkins"][0] == {
        "seq": 1,
        "quest": "coffee",
        "day": "2025-12-31",
        "count": 1,
        "xp": 15,
        "bonus": 5,
        "at": "2025-12-31T10:00:00Z",
        "note": "new\nyear",
        "people": ["Ann"],
    }
    target = Store(memory=True)
    with target.transaction() as tx:
        add(tx, "other")
        tx.load_dump(dump)
        assert tx.dump() == dump
    with target.read() as tx:
        assert tx.dump() == dump
    with target.transaction() as tx:
        assert add(tx).seq == 4  # the dump's counter carries over: seq 2 stays retired


BAD_DUMPS = [
    ([], "object"),
    ({"schema": 99}, "schema"),
    ({"schema": SCHEMA_VERSION, "bogus": []}, "unknown"),
    ({"schema": SCHEMA_VERSION, "quests": [{"name": "no id"}]}, "id"),
    ({"schema": SCHEMA_VERSION, "quests": [{"id": "a"}, {"id": "a"}]}, "two"),
    ({"schema": SCHEMA_VERSION, "checkins": [{"seq": 1, "quest": "a"}]}, "fields"),
    (
        {
            "schema": SCHEMA_VERSION,
            "checkins": [
                {
                    "seq": 1,
                    "quest": "a",
                    "day": "2026-13-01",
                    "count": 1,
                    "xp": 1,
                    "bonus": 0,
                    "at": "2026-03-08T10:00:00Z",
                }
            ],
        },
        "day",
    ),
    (
        {
            "schema": SCHEMA_VERSION,
            "checkins": [
                {
                    "seq": 1,
                    "quest": "a",
                    "day": "2026-03-01",
                    "count": 1,
                    "xp": 1,
                    "bonus": 0,
                    "at": "2026-03-08T10:00:00Z",
                }
            ]
            * 2,
        },
        "seq 1",
    ),
    ({"schema": SCHEMA_VERSION, "skips": [{"quest": None, "day": "soon"}]}, "day"),
    ({"schema": SCHEMA_VERSION, "settings": []}, "settings"),
    ({"schema": SCHEMA_VERSION, "seq": -1}, "seq"),
]


@pytest.mark.parametrize("bad, reason", BAD_DUMPS)
def test_load_dump_with_bad_data_changes_nothing(store, bad, reason):
    with store.transaction() as tx:
        fill(tx)
    before = raw_bytes(store)
    with store.transaction() as tx:
        dump = tx.dump()
        with pytest.raises(ValueError, match=reason) as info:
            tx.load_dump(bad)
        assert "\n" not in str(info.value)
        assert tx.dump() == dump
    assert raw_bytes(store) == before
