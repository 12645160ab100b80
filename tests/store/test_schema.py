"""Each record kind's `from_doc`: good documents pass and round-trip through `to_doc`; each bad
field is named."""

from __future__ import annotations

import json

import pytest

from netquest.services import goal_fields, inputs, people_model, session
from netquest.store import CorruptFile, Store, schema
from netquest.store.schema import SchemaError

from .conftest import put_bytes

QUEST = {
    "id": "coffee",
    "title": "Virtual coffee",
    "tip": 4,
    "cadence": "1/week",
    "start": "2026-01-05",
    "target": 1,
    "xp": 40,
    "archived": False,
    "moves_to": "met",
    "goal": "g1",
}
PERSON = {
    "id": "ann-lee-2",
    "name": "Ann Lee",
    "where": "PyCon",
    "tags": ["rust"],
    "stage": "met",
    "introduced_by": "p-3",
    "notes": "coffee\nagain",
    "last_contact": "2026-03-01",
    "interval": 30,
    "created": "2026-01-01",
    "stage_since": "2026-02-01",
}
GOAL = {
    "id": "g1",
    "want": "a new job",
    "kind": "job",
    "why": "",
    "ask": "an intro",
    "contact": {"email": "a@b.org", "profile": "https://x.org/me"},
    "start": "2026-01-01",
    "target_date": None,
    "status": "focus",
    "outcome": None,
    "reflection": "",
    "closed": None,
    "key_results": [
        {"id": "k1", "title": "Coffees", "kind": "checkins", "target": 12, "quests": ["coffee"]},
        {
            "id": "k2",
            "title": "Met",
            "kind": "stage",
            "target": 3,
            "stage": "met",
            "introduced": True,
        },
        {"id": "k3", "title": "Posts", "kind": "manual", "target": 2.5, "value": 1.5},
    ],
    "reviews": [
        {"week": "2026-03-02", "day": "2026-03-09", "moved": "a", "stalled": "", "next_ask": "b"}
    ],
    "skipped_reviews": ["2026-02-23"],
    "served": ["coffee"],
}
SETTINGS = {
    "day_start_hour": 4,
    "week_start": "sun",
    "timezone": "America/Argentina/Buenos_Aires",
    "theme": "netquest-dark",
    "initialized": True,
    "people_undo": [
        {"seq": 3, "before": [{"id": "ann-lee-2", "doc": PERSON}, {"id": "bo", "doc": None}]}
    ],
}
GOOD = [
    (schema.Quest, QUEST),
    (schema.Quest, {"id": "q", "title": "x", "tip": 1, "cadence": "daily", "start": "0002-01-01"}),
    (schema.Person, PERSON),
    (schema.Person, {"id": "p-12", "name": "李雷"}),
    (schema.Goal, GOAL),
    (schema.Goal, {"id": "g12"}),
    (schema.Skip, {"quest": None, "day": "9998-12-31", "reason": "vacation"}),
    (schema.Skip, {"quest": "coffee", "day": "2026-03-01"}),
    (schema.Achievement, {"id": "streak_7", "day": "2026-03-01"}),
    (schema.Settings, SETTINGS),
    (schema.Settings, {}),
    (schema.Meta, {"app": "netquest", "schema": 1, "seq": 0}),
    (schema.Meta, {"app": "netquest", "schema": 1, "seq": 9, "rev": 4}),
    (schema.Effects, {"id": 7, "p": [
        {"i": "ann", "m": "met", "s": ["want", "met"], "d": [None, "2026-03-01"],
         "l": ["2026-02-01", "2026-03-01"], "c": "a1b2c3d4e5f6"}]}),
]


@pytest.mark.parametrize("kind, doc", GOOD, ids=lambda v: v.__name__ if isinstance(v, type) else "")
def test_good_records_pass_and_round_trip(kind, doc):
    record = kind.from_doc(json.loads(json.dumps(doc)))
    assert record.to_doc() == doc
    assert kind.from_doc(record.to_doc()) == record


def test_check_in_and_log_document_round_trip():
    entry = [7, "2026-03-08", 2, 30, 10, "2026-03-08T10:00:00Z", "note", ["Ann"]]
    assert schema.CheckIn.from_doc(entry).to_doc() == entry
    assert schema.CheckIn.from_doc(entry[:6]).to_doc() == entry[:6]
    doc = {"q": "coffee", "y": 2026, "e": [entry, entry[:6]]}
    assert schema.LogDoc.from_doc(doc).to_doc() == doc


def named(kind, doc, field, words):
    with pytest.raises(SchemaError) as info:
        kind.from_doc(doc)
    message = str(info.value)
    assert info.value.field == field, message
    assert f"{kind.table} record" in message and words in message, message
    assert "\n" not in message


BAD_QUESTS = [
    ("xp", -5, "must be a whole number from 0 to 1000, not -5"),
    ("xp", None, "not null"),
    ("xp", True, "not true"),
    ("xp", 10**30, "not a 31-digit number"),
    ("xp", 1.0, "not 1.0"),
    ("target", "abc", "not 'abc'"),
    ("target", 0, "from 1 to 1000"),
    ("tip", 6, "from 1 to 5"),
    ("title", "", "must not be empty"),
    ("title", "x" * 121, "at most 120"),
    ("title", "bad \ud800", "lone surrogate"),
    ("cadence", "sometimes", "must be a cadence"),
    ("cadence", ["daily"], "not a list of 1"),
    ("start", "2026-02-30", "YYYY-MM-DD"),
    ("start", "20260301", "YYYY-MM-DD"),
    ("start", "0000-01-01", "YYYY-MM-DD"),
    # A week or a month around the first or last day `date` holds is beyond it.
    ("start", "0001-12-31", "a day in the years 2 to 9998, not '0001-12-31'"),
    ("start", "9999-01-01", "a day in the years 2 to 9998, not '9999-01-01'"),
    ("id", "Coffee", "a quest id"),
    ("id", "\x1b[2J", "a quest id"),
    ("id", "a" * 33, "a quest id"),
    ("goal", "job", "a goal id"),
    ("moves_to", "friend", "must be one of"),
    ("archived", "yes", "true or false"),
]


@pytest.mark.parametrize("field, value, words", BAD_QUESTS)
def test_each_bad_quest_field_is_named(field, value, words):
    named(schema.Quest, {**QUEST, field: value}, field, words)


def test_the_message_names_table_record_field_and_problem():
    with pytest.raises(
        SchemaError,
        match=r"^quests record 'coffee': field 'xp' must be a whole number from 0 to "
        r"1000, not -5$",
    ):
        schema.Quest.from_doc({**QUEST, "xp": -5})


@pytest.mark.parametrize(
    "kind, doc",
    [
        (schema.Quest, QUEST),
        (schema.Person, PERSON),
        (schema.Goal, GOAL),
        (schema.Achievement, {"id": "streak_7", "day": "2026-03-01"}),
    ],
)
def test_missing_and_unknown_fields_are_named(kind, doc):
    for field in kind.required:
        named(kind, {k: v for k, v in doc.items() if k != field}, field, "is missing")
    with pytest.raises(SchemaError, match="unknown field 'colour'"):
        kind.from_doc({**doc, "colour": "red"})
    with pytest.raises(SchemaError, match="must be an object"):
        kind.from_doc([doc])


BAD_PEOPLE = [
    ("id", "Ann Lee", "a person id"),
    ("id", "-ann", "a person id"),
    ("name", "  ", "must not be empty"),
    ("name", 5, "must be text"),
    ("tags", "rust", "must be a list"),
    ("tags", ["x" * 41], "at most 40"),
    ("tags", ["t"] * 21, "at most 20 items"),
    ("stage", "friend", "must be one of"),
    ("introduced_by", "Bo Bo", "a person id"),
    ("last_contact", "yesterday", "YYYY-MM-DD"),
    ("interval", 0, "from 1 to 3650"),
    ("interval", "30", "from 1 to 3650"),
    ("notes", "n" * 2001, "at most 2000"),
    ("created", 20260101, "YYYY-MM-DD"),
    ("stage_since", "2026-13-01", "YYYY-MM-DD"),
]


@pytest.mark.parametrize("field, value, words", BAD_PEOPLE)
def test_each_bad_person_field_is_named(field, value, words):
    named(schema.Person, {**PERSON, field: value}, field, words)


BAD_GOALS = [
    ("id", "job", "a goal id"),
    ("kind", "fun", "must be one of"),
    ("status", "done", "must be one of"),
    ("outcome", "won", "must be one of"),
    ("contact", ["a@b.org"], "must be an object"),
    ("contact", {"phone": "1"}, "must be one of"),
    ("contact", {"email": "x" * 301}, "at most 300"),
    ("start", None, "YYYY-MM-DD"),
    ("target_date", "soon", "YYYY-MM-DD"),
    ("want", {"a": 1}, "must be text"),
    ("key_results", {}, "must be a list"),
    ("key_results", [{"id": "k1"}], "'title' is missing"),
    (
        "key_results",
        [{**GOAL["key_results"][0], "target": "abc"}],
        "'target' must be a whole number",
    ),
    ("key_results", [{**GOAL["key_results"][0], "quests": ["Bad Quest"]}], "a quest id"),
    ("key_results", [{**GOAL["key_results"][2], "value": float("nan")}], "must be a number"),
    ("key_results", [GOAL["key_results"][0]] * 13, "at most 12"),
    ("reviews", [{"week": "2026-03-02"}], "'day' is missing"),
    ("reviews", [{**GOAL["reviews"][0], "moved": None}], "'moved' must be text"),
    ("skipped_reviews", ["last week"], "YYYY-MM-DD"),
    ("served", [3], "a quest id"),
]


@pytest.mark.parametrize("field, value, words", BAD_GOALS)
def test_each_bad_goal_field_is_named(field, value, words):
    with pytest.raises(SchemaError) as info:
        schema.Goal.from_doc({**GOAL, field: value})
    assert str(info.value).startswith("goals record '") and f": field '{field}" in str(info.value)
    assert words in str(info.value)


BAD_OTHERS = [
    (schema.Skip, {"quest": None, "day": "2026-02-29"}, "day", "YYYY-MM-DD"),
    (schema.Skip, {"quest": "", "day": "2026-03-01"}, "quest", "a quest id"),
    (schema.Skip, {"quest": None, "day": "2026-03-01", "reason": 3}, "reason", "must be text"),
    (
        schema.Achievement,
        {"id": "world_peace", "day": "2026-03-01"},
        "id",
        "a badge this NetQuest knows",
    ),
    (schema.Achievement, {"id": "streak_7", "day": None}, "day", "YYYY-MM-DD"),
    (schema.Settings, {"day_start_hour": 24}, "day_start_hour", "from 0 to 23"),
    (schema.Settings, {"day_start_hour": "4"}, "day_start_hour", "from 0 to 23"),
    (schema.Settings, {"week_start": "sunshine"}, "week_start", "one of mon, sun"),
    (schema.Settings, {"timezone": "Europe/Berlin; rm"}, "timezone", "a time zone"),
    (schema.Settings, {"theme": "../../etc"}, "theme", "a theme name"),
    (schema.Settings, {"initialized": 1}, "initialized", "true or false"),
    (schema.Settings, {"people_undo": {}}, "people_undo", "must be a list"),
    (
        schema.Settings,
        {"people_undo": [{"seq": 1, "before": [{"id": "ann", "doc": {"id": "ann"}}]}]},
        "people_undo",
        "'name' is missing",
    ),
    (schema.Meta, {"app": "netquest", "schema": 1, "seq": -1}, "seq", "from 0"),
    (schema.Meta, {"app": "netquest", "schema": "1", "seq": 0}, "schema", "whole number"),
    (schema.Meta, {"app": "netquest", "schema": 1, "seq": 0, "rev": "x"}, "rev", "whole number"),
]


@pytest.mark.parametrize("kind, doc, field, words", BAD_OTHERS)
def test_each_bad_field_of_the_other_kinds_is_named(kind, doc, field, words):
    named(kind, doc, field, words)


BAD_ENTRIES = [
    ([0, "2026-03-08", 1, 10, 0, "2026-03-08T10:00:00Z"], "seq"),
    ([1, "2026-02-30", 1, 10, 0, "2026-03-08T10:00:00Z"], "day"),
    ([1, "2026-03-08", 0, 10, 0, "2026-03-08T10:00:00Z"], "count"),
    ([1, "2026-03-08", "2", 10, 0, "2026-03-08T10:00:00Z"], "count"),
    ([1, "2026-03-08", 1, -1, 0, "2026-03-08T10:00:00Z"], "xp"),
    ([1, "2026-03-08", 1, 10**30, 0, "2026-03-08T10:00:00Z"], "xp"),
    ([1, "2026-03-08", 1, 10, 11, "2026-03-08T10:00:00Z"], "bonus"),
    ([1, "2026-03-08", 1, 10, 0, "yesterday"], "at"),
    ([1, "2026-03-08", 1, 10, 0, "2026-03-08T10:00:00Z", None], "note"),
    ([1, "2026-03-08", 1, 10, 0, "2026-03-08T10:00:00Z", "", "Ann"], "people"),
    ([1, "2026-03-08", 1, 10, 0, "2026-03-08T10:00:00Z", "", [""]], "people"),
    ([1, "2026-03-08", True, 10, 0, "2026-03-08T10:00:00Z"], "count"),
]


@pytest.mark.parametrize("entry, field", BAD_ENTRIES)
def test_each_bad_check_in_field_is_named(entry, field):
    named(schema.CheckIn, entry, field, "")
    with pytest.raises(SchemaError, match=f"field '{field}'"):
        schema.check_log_doc({"q": "coffee", "y": 2026, "e": [entry]})


def test_a_check_in_is_filed_under_its_year_by_number():
    entry = [1, "0999-03-08", 1, 10, 0, "0999-03-08T10:00:00Z"]
    schema.check_log_doc({"q": "coffee", "y": 999, "e": [entry]})  # year 999 is 999, not "0999"
    with pytest.raises(SchemaError, match="not in the year 2026"):
        schema.check_log_doc({"q": "coffee", "y": 2026, "e": [entry]})


def test_huge_and_deep_values_are_shown_short():
    assert schema.fields.shown(10**5000) == "a many-digit number"
    deep: list = []
    for _ in range(5000):
        deep = [deep]
    assert schema.fields.shown(deep) == "a list of 1"
    assert len(schema.fields.shown("x" * 10_000)) < 50


def test_the_registry_names_every_table_the_store_has():
    from netquest.store.checks import TABLES

    assert set(schema.RECORDS) == set(TABLES)


def test_the_services_limits_are_the_schemas():
    """One place decides what a record may hold: the services refuse what the schema would."""
    assert (
        inputs.MAX_TITLE,
        inputs.MAX_NOTE,
        inputs.MAX_COUNT,
        inputs.MAX_XP,
        inputs.MAX_TARGET,
    ) == (
        schema.fields.MAX_TITLE,
        schema.fields.MAX_TEXT,
        schema.fields.MAX_COUNT,
        schema.fields.MAX_QUEST_XP,
        schema.fields.MAX_QUEST_TARGET,
    )
    assert (
        goal_fields.MAX_TEXT,
        goal_fields.MAX_TITLE,
        goal_fields.MAX_CONTACT,
        goal_fields.MAX_KEY_RESULTS,
        goal_fields.MAX_TARGET,
    ) == (
        schema.fields.MAX_TEXT,
        schema.fields.MAX_TITLE,
        schema.fields.MAX_CONTACT,
        schema.fields.MAX_KEY_RESULTS,
        schema.fields.MAX_GOAL_TARGET,
    )
    assert (
        people_model.MAX_NAME,
        people_model.MAX_WHERE,
        people_model.MAX_NOTES,
        people_model.MAX_TAG,
        people_model.MAX_TAGS,
        people_model.MAX_INTERVAL,
    ) == (
        schema.fields.MAX_TITLE,
        schema.fields.MAX_WHERE,
        schema.fields.MAX_TEXT,
        schema.fields.MAX_TAG,
        schema.fields.MAX_TAGS,
        schema.fields.MAX_INTERVAL,
    )
    assert tuple(session.SETTING_KEYS) == schema.fields.SETTING_KEYS
    assert tuple(goal_fields.CONTACT_KINDS) == schema.fields.CONTACT_KINDS


def raw_file(**tables) -> bytes:
    raw = {"meta": {"1": {"app": "netquest", "schema": 1, "seq": 1}}}
    raw.update(tables)
    return json.dumps(raw).encode()


FILES = {
    "quest xp -5": ({"quests": {"1": {**QUEST, "xp": -5}}}, "quests record 'coffee': field 'xp'"),
    "target abc": ({"quests": {"1": {**QUEST, "target": "abc"}}}, "field 'target'"),
    "achievement without a day": (
        {"achievements": {"1": {"id": "streak_7"}}},
        "field 'day' is missing",
    ),
    "goal contact a list": ({"goals": {"1": {**GOAL, "contact": ["a@b.org"]}}}, "field 'contact'"),
    "two quests, one id": ({"quests": {"1": QUEST, "2": QUEST}}, "is used by two records"),
    "skip twice": (
        {
            "skips": {
                "1": {"quest": None, "day": "2026-03-01"},
                "2": {"quest": None, "day": "2026-03-01"},
            }
        },
        "twice",
    ),
    "unknown table": ({"notes": {}}, "not a table NetQuest knows"),
    "two settings": ({"settings": {"1": {}, "2": {}}}, "must hold one record"),
    "log entry": (
        {"log": {"1": {"q": "coffee", "y": 2026, "e": [[1, "2026-03-08", "1", 1, 0, "x"]]}}},
        "check-in 1: field 'count'",
    ),
}


@pytest.mark.parametrize("name", list(FILES))
def test_opening_and_doctor_name_the_damaged_record(store, name):
    tables, words = FILES[name]
    put_bytes(store, raw_file(**tables))
    with pytest.raises(CorruptFile, match="damaged NetQuest data") as info:
        store.read().__enter__()
    assert words in str(info.value)
    with pytest.raises(CorruptFile) as info:
        store.check()
    assert words in str(info.value)


def test_doctor_notes_links_to_records_that_are_not_there(store):
    put_bytes(
        store,
        raw_file(
            quests={"1": {**QUEST, "goal": "g7"}},
            log={
                "1": {
                    "q": "gone",
                    "y": 2026,
                    "e": [[1, "2026-03-08", 1, 10, 0, "2026-03-08T10:00:00Z"]],
                }
            },
            people={"1": {**PERSON, "introduced_by": "nobody"}},
            settings={"1": {"colour": "red"}},
        ),
    )
    report = "\n".join(store.check())
    assert "1 check-in of quest 'gone', which is not in the file" in report
    assert "quest 'coffee' serves goal 'g7'" in report
    assert "introduced by 'nobody'" in report
    assert "settings this version does not use: 'colour'" in report


def test_a_forged_index_cannot_hide_a_damaged_log_document(tmp_path):
    """The CRC only says the bytes are what some writer meant; the readers still never crash."""
    from netquest.store.layout import join_file

    path = tmp_path / "nq.json"
    raw = json.loads(raw_file(quests={"1": QUEST}))
    raw.update(settings={}, skips={}, goals={}, people={}, achievements={})
    raw["log"] = {
        "1": {
            "q": "coffee",
            "y": 2026,
            "e": [[1, "2026-03-08", "two", None, 0, "2026-03-08T10:00:00Z"]],
        }
    }
    path.write_bytes(join_file(raw))
    store = Store(path)
    from netquest.services import NetQuest

    with pytest.raises(CorruptFile, match="check-in 1: field 'count'"):
        NetQuest(store).quests.state()
    with pytest.raises(CorruptFile, match="field 'count'"):
        NetQuest(store).quests.checkin("coffee")


def test_the_clock_and_the_file_agree_on_the_years_a_day_may_fall_in():
    from netquest import clock
    from netquest.store import ids

    assert (clock.FIRST_YEAR, clock.LAST_YEAR) == (ids.FIRST_YEAR, ids.LAST_YEAR) == (2, 9998)
