"""People services: validation, links between check-ins and people, moves by play, cooling,
export."""

from __future__ import annotations

import json
from datetime import date

import pytest

from netquest.clock import Clock
from netquest.services import NetQuest, ServiceError
from netquest.services.errors import Unknown
from netquest.services.people_model import PersonView
from netquest.store import Store

TODAY = date(2026, 3, 11)


@pytest.fixture
def quests(services):
    """Three quests from 1 March: a conversation (tip 1), an introduction (tip 3), a coffee (tip
    4)."""
    for title, tip, qid in (
        ("Comment", 1, "comment"),
        ("Ask for an intro", 3, "intro"),
        ("Coffee", 4, "coffee"),
    ):
        services.quests.add(title, tip, "daily", id=qid, start=date(2026, 3, 1))
    return services


def names_in_checkins(services) -> list[tuple[str, ...]]:
    with services.store.read() as tx:
        return [r.people for r in tx.checkins()]


def test_add_person_with_every_field(services):
    services.people.add("Bob")
    p = services.people.add(
        "Ana Lima",
        where="PyCon",
        tags=["python", "Python", " berlin "],
        introduced_by="bob",
        notes="Works on packaging",
        interval=30,
        last_contact="2026-03-01",
    )
    assert isinstance(p, PersonView)
    assert (p.id, p.name, p.where, p.tags) == (
        "ana-lima",
        "Ana Lima",
        "PyCon",
        ("python", "berlin"),
    )
    assert (p.stage, p.stage_title) == (
        "introduced",
        "Introduced",
    )  # an introducer implies "introduced"
    assert (p.introduced_by, p.introduced_by_name) == ("bob", "Bob")
    assert (p.last_contact, p.interval, p.overdue, p.created) == (date(2026, 3, 1), 30, -20, TODAY)
    assert services.people.get("bob").introductions == 1
    assert services.people.add("Cleo").stage == "want"


def test_ids_are_ascii_slugs_unique_and_short_ids_for_other_scripts(services):
    assert services.people.add("José Ñúñez").id == "jose-nunez"
    assert services.people.add("Jose Nunez!").id == "jose-nunez-2"  # another name, the same slug
    with pytest.raises(ServiceError, match="already a person named"):
        services.people.add("  josé   ÑÚÑEZ ")
    assert services.people.add("李明").id == "p-1"
    assert services.people.add("محمد").id == "p-2"
    assert services.people.add("🦊 Fox").id == "fox"
    assert services.people.add("Fox!").id == "fox-2"
    services.people.delete("p-1")
    assert services.people.add("王芳").id == "p-3"  # never the id of someone else still around


@pytest.mark.parametrize(
    "kwargs,message",
    [
        ({"name": "   "}, "needs a name"),
        ({"name": "x" * 121}, "at most 120"),
        ({"stage": "friend"}, "unknown stage 'friend'"),
        ({"interval": 0}, "from 1 to 3650"),
        ({"interval": 3651}, "from 1 to 3650"),
        ({"interval": "often"}, "whole number"),
        ({"introduced_by": "nobody"}, "introduced by: no person matches 'nobody'"),
        ({"last_contact": "2026-03-12"}, "in the future"),
        ({"last_contact": "yesterday"}, "YYYY-MM-DD"),
        ({"tags": ["x" * 41]}, "at most 40"),
        ({"notes": "n" * 2001}, "at most 2000"),
    ],
)
def test_add_person_refuses_bad_fields_in_one_line_and_writes_nothing(services, kwargs, message):
    fields = {"name": "Ana", **kwargs}
    with pytest.raises(ServiceError, match=message) as info:
        services.people.add(**fields)
    assert "\n" not in str(info.value)
    assert services.people.list() == []


def test_stage_accepts_ids_and_titles(services):
    services.people.add("Ana")
    assert services.people.set_stage("ana", "Keeping in touch").stage == "keeping_in_touch"
    assert (
        services.people.set_stage("ana", "intro-asked").stage == "intro_asked"
    )  # by hand, back is allowed
    with pytest.raises(ServiceError, match="unknown stage"):
        services.people.set_stage("ana", "bff")


def test_introducer_cannot_be_the_person_themselves(services):
    services.people.add("Ana")
    with pytest.raises(ServiceError, match="introduced themselves"):
        services.people.edit("ana", introduced_by="ana")


def test_person_refs_by_id_name_and_prefix_with_candidates(services):
    with pytest.raises(Unknown, match="no people yet"):
        services.people.get("ana")
    services.people.add("Ana Lima")
    services.people.add("Ana Souza")
    services.people.add("Bob")
    assert services.people.get("ana-souza").name == "Ana Souza"
    assert services.people.get("ANA LIMA").id == "ana-lima"
    assert services.people.get("b").id == "bob"
    with pytest.raises(Unknown, match="matches 2 people") as info:
        services.people.get("ana")
    assert info.value.candidates == ["ana-lima  Ana Lima", "ana-souza  Ana Souza"]
    with pytest.raises(Unknown, match="no person matches 'zed'") as info:
        services.people.get("zed")
    assert len(info.value.candidates) == 3


def test_edit_person_fields_tags_and_clearing(services):
    services.people.add("Ana", tags=["a", "b"], interval=7, last_contact="2026-03-01")
    services.people.add("Bob")
    p = services.people.edit(
        "ana", add_tags=["c"], remove_tags=["A"], where="Meetup", introduced_by="bob"
    )
    assert (p.tags, p.where, p.introduced_by) == (("b", "c"), "Meetup", "bob")
    p = services.people.edit("ana", interval=None, introduced_by=None, last_contact=None, tags=[])
    assert (p.interval, p.introduced_by, p.last_contact, p.tags, p.overdue) == (
        None,
        None,
        None,
        (),
        None,
    )
    with pytest.raises(ServiceError, match="cannot edit colour"):
        services.people.edit("ana", colour="red")


# ------------------------------------------------------------------ check-ins and people
def test_checkin_with_a_new_name_creates_the_person_and_sets_last_contact(quests):
    r = quests.quests.checkin("comment", people=["Ana", "李明"], day="2026-03-05")
    assert r.created_people == ["Ana", "李明"]
    ana = quests.people.get("ana")
    assert (ana.stage, ana.last_contact, ana.created) == ("want", date(2026, 3, 5), TODAY)
    again = quests.quests.checkin("comment", people=["ANA"], day="2026-03-06")
    assert again.created_people == []
    assert quests.people.get("ana").last_contact == date(2026, 3, 6)
    assert len(quests.people.list()) == 2


def test_checkin_names_are_stored_as_the_person_is_named(quests):
    quests.people.add("Ana Lima")
    quests.quests.checkin(
        "comment", people=["  ana   LIMA ", "ana-lima", "Bob"]
    )  # a name, the id, a new one
    assert names_in_checkins(quests) == [("Ana Lima", "Bob")]


def test_a_past_day_never_moves_the_last_contact_back(quests):
    quests.quests.checkin("comment", people=["Ana"], day="2026-03-10")
    quests.quests.checkin("comment", people=["Ana"], day="2026-03-02")
    assert quests.people.get("ana").last_contact == date(2026, 3, 10)


def test_stage_moves_by_play_and_never_back(quests):
    quests.quests.checkin("intro", people=["Ana"])
    assert quests.people.get("ana").stage == "intro_asked"
    quests.quests.checkin("coffee", people=["Ana"])
    assert quests.people.get("ana").stage == "met"
    quests.quests.checkin("intro", people=["Ana"])
    assert quests.people.get("ana").stage == "met"
    quests.people.set_stage("ana", "keeping_in_touch")
    quests.quests.checkin("coffee", people=["Ana"], day="2026-03-09")
    assert quests.people.get("ana").stage == "keeping_in_touch"
    quests.quests.checkin("coffee", people=["New"])
    assert quests.people.get("new").stage == "met"
    quests.quests.checkin("comment", people=["Quiet"])
    assert quests.people.get("quiet").stage == "want"


def test_rename_updates_the_checkins_that_name_them(quests):
    quests.quests.checkin("comment", people=["Ana", "Bob"], note="first", day="2026-03-02")
    quests.quests.checkin("coffee", people=["Bob"], day="2026-03-03")
    quests.quests.checkin("coffee", people=["ana"], day="2026-03-04")
    p, changed = quests.people.rename("ana", "Ana Lima")
    assert (p.id, p.name, changed) == ("ana", "Ana Lima", 2)
    assert names_in_checkins(quests) == [("Ana Lima", "Bob"), ("Bob",), ("Ana Lima",)]
    assert [e.day.day for e in quests.people.timeline("ana lima")] == [4, 2]
    with pytest.raises(ServiceError, match="already a person named 'Bob'"):
        quests.people.rename("ana", "bob")
    assert quests.people.edit("ana", name="Ana L.").name == "Ana L."
    assert names_in_checkins(quests)[0] == ("Ana L.", "Bob")


def test_delete_keeps_the_checkins_and_drops_the_link(quests):
    quests.quests.checkin("comment", people=["Ana", "Bob"], note="with both", day="2026-03-02")
    quests.quests.checkin("coffee", people=["Ana"], day="2026-03-03")
    quests.people.add("Cleo", introduced_by="ana")
    xp = quests.quests.state().xp
    view, changed = quests.people.delete("ana")
    assert (view.name, changed) == ("Ana", 2)
    assert names_in_checkins(quests) == [("Bob",), ()]
    with quests.store.read() as tx:
        assert [r.note for r in tx.checkins()] == ["with both", ""]
    assert quests.quests.state().xp == xp
    assert quests.people.get("cleo").introduced_by is None
    with pytest.raises(Unknown):
        quests.people.get("ana")


def test_merge_joins_two_entries_of_the_same_person(quests):
    quests.people.add("Bob")
    quests.people.add(
        "Ana", tags=["python"], notes="met at PyCon", interval=30, stage="intro_asked"
    )
    quests.people.add(
        "Ana Lima",
        tags=["Python", "rust"],
        notes="likes tea",
        where="Rust Berlin",
        introduced_by="bob",
        stage="introduced",
    )
    quests.people.add("Dan", introduced_by="ana-lima")
    quests.quests.checkin("coffee", people=["Ana Lima", "Ana"], day="2026-03-08")
    quests.quests.checkin("comment", people=["Ana Lima"], day="2026-03-09")
    quests.quests.checkin("comment", people=["Ana"], day="2026-03-03")
    quests.people.set_stage("ana", "intro_asked")
    p, changed = quests.people.merge("ana", "ana lima")
    assert changed == 2
    assert (p.id, p.name, p.stage) == ("ana", "Ana", "met")  # the furthest of the two
    assert p.tags == ("python", "rust")
    assert p.notes == "met at PyCon\nlikes tea"
    assert (p.where, p.interval, p.introduced_by, p.last_contact) == (
        "Rust Berlin",
        30,
        "bob",
        date(2026, 3, 9),
    )
    assert quests.people.get("dan").introduced_by == "ana"
    assert p.introductions == 1
    assert names_in_checkins(quests) == [("Ana",), ("Ana",), ("Ana",)]
    assert [e.day.day for e in quests.people.timeline("ana")] == [9, 8, 3]
    assert [v.id for v in quests.people.list()] == ["ana", "bob", "dan"]
    with pytest.raises(ServiceError, match="same person"):
        quests.people.merge("ana", "Ana")


def test_merge_drops_a_self_introduction(services):
    services.people.add("Ana")
    services.people.add("Ana L", introduced_by="ana")
    p, _ = services.people.merge("ana-l", "ana")
    assert p.introduced_by is None


def test_timeline_newest_first_with_notes_and_quest_titles(quests):
    quests.quests.checkin("comment", people=["Ana"], note="said hi", day="2026-03-02")
    quests.quests.checkin("coffee", people=["Bob"], day="2026-03-03")
    quests.quests.checkin("coffee", people=["Ana", "Bob"], note="coffee!", day="2026-03-05")
    quests.quests.checkin("intro", people=["Ana"], day="2026-03-05")
    entries = quests.people.timeline("ana")
    assert [(e.day.day, e.quest, e.quest_title, e.note) for e in entries] == [
        (5, "intro", "Ask for an intro", ""),
        (5, "coffee", "Coffee", "coffee!"),
        (2, "comment", "Comment", "said hi"),
    ]
    assert entries[1].people == ("Ana", "Bob") and entries[1].tip == 4
    assert entries[0].to_json()["day"] == "2026-03-05"


def test_introductions_by(services):
    services.people.add("Ana")
    for name in ("Zed", "Bob", "Cleo"):
        services.people.add(name, introduced_by="ana")
    assert [p.name for p in services.people.introductions_by("ana")] == ["Bob", "Cleo", "Zed"]
    assert services.people.get("ana").introductions == 3
    assert services.people.introductions_by("bob") == []


def test_cooling_reach_out_order_and_state(services):
    services.people.add("Zoe", interval=10, last_contact="2026-02-19")  # 10 overdue
    services.people.add("ana", interval=10, last_contact="2026-02-26")  # 3 overdue
    services.people.add("Bob", interval=10, last_contact="2026-02-26")  # 3 overdue
    services.people.add("Cleo", interval=7, last_contact="2026-03-04")  # due today
    services.people.add("Dan", interval=7, last_contact="2026-03-05")  # not yet
    services.people.add("Eve", interval=7)  # no contact yet
    assert [p.name for p in services.people.reach_out()] == ["Zoe", "ana", "Bob", "Cleo"]
    assert [p.overdue for p in services.people.reach_out()] == [10, 3, 3, 0]
    assert [p.name for p in services.people.reach_out(limit=2)] == ["Zoe", "ana"]
    assert [p.name for p in services.quests.state().reach_out] == ["Zoe", "ana", "Bob", "Cleo"]
    assert [p.name for p in services.people.list(sort="overdue")][:4] == [
        "Zoe",
        "ana",
        "Bob",
        "Cleo",
    ]


def test_a_checkin_takes_someone_off_the_reach_out_list(quests):
    quests.people.add("Ana", interval=7, last_contact="2026-03-01")
    assert [p.name for p in quests.quests.state().reach_out] == ["Ana"]
    quests.quests.checkin("coffee", people=["ana"])
    assert quests.quests.state().reach_out == []


def test_people_filter_and_sorts(services):
    services.people.add("Ana", tags=["python"], stage="met", last_contact="2026-03-01")
    services.people.add("Bob", where="PyCon", stage="want", last_contact="2026-03-05")
    services.people.add("Cleo", notes="python packaging", stage="keeping_in_touch")
    assert [p.name for p in services.people.list(text="PYTHON")] == ["Ana", "Cleo"]
    assert [p.name for p in services.people.list(text="pycon")] == ["Bob"]
    assert [p.name for p in services.people.list(stage="met")] == ["Ana"]
    assert [p.name for p in services.people.list(sort="stage")] == ["Cleo", "Ana", "Bob"]
    assert [p.name for p in services.people.list(sort="last_contact")] == ["Bob", "Ana", "Cleo"]
    with pytest.raises(ServiceError, match="sort must be"):
        services.people.list(sort="age")


def test_thank_adds_a_monthly_tip_3_quest_once(services):
    services.people.add("Ana")
    services.people.add("Bob", introduced_by="ana")
    services.people.add("Cleo", introduced_by="ana")
    q = services.people.thank("ana")
    assert (q.id, q.title, q.tip, str(q.cadence)) == (
        "thank-ana",
        "Thank Ana for the introductions",
        3,
        "1/month",
    )
    with pytest.raises(ServiceError, match="already a thank-you quest"):
        services.people.thank("ana")
    services.quests.set_archived("thank-ana", True)
    assert services.people.thank("ana").archived is False
    assert services.people.thank("bob").title == "Thank Bob"


def test_export_and_import_carry_people(quests, tmp_path):
    quests.people.add("Ana", tags=["python"], interval=7, last_contact="2026-03-01", notes="hi")
    quests.people.add("李明", introduced_by="ana")
    quests.quests.checkin("coffee", people=["Ana", "李明"])
    text = quests.data.export("json")
    other = NetQuest(
        Store(tmp_path / "other.json"), Clock(timezone="UTC", fixed_now="2026-03-11T09:30:00")
    )
    other.data.import_export(text)
    assert other.people.list() == quests.people.list()
    assert other.people.get("p-1").introduced_by == "ana"
    assert [e.seq for e in other.people.timeline("ana")] == [
        e.seq for e in quests.people.timeline("ana")
    ]


@pytest.mark.parametrize(
    "mutate,message",
    [
        (lambda ps: ps[0].pop("name"), r"people record 'ana': field 'name' is missing"),
        (
            lambda ps: ps[0].update(stage="bestie"),
            r"people record 'ana': field 'stage' must be one of want, ",
        ),
        (
            lambda ps: ps[0].update(interval=0),
            r"people record 'ana': field 'interval' must be a whole number from 1",
        ),
        (lambda ps: ps[1].update(id="ana"), r"two people with id 'ana'"),
        (
            lambda ps: ps[1].update(introduced_by="ghost"),
            r"people\[1\]: introduced by unknown person 'ghost'",
        ),
    ],
)
def test_import_refuses_bad_people_and_changes_nothing(services, mutate, message):
    services.people.add("Ana")
    services.people.add("Bob", introduced_by="ana")
    doc = json.loads(services.data.export("json"))
    mutate(doc["data"]["people"])
    with pytest.raises(ServiceError, match=message):
        services.data.import_export(json.dumps(doc))
    assert [p.name for p in services.people.list()] == ["Ana", "Bob"]


def test_someone_never_contacted_is_counted_from_the_day_they_were_added(store):
    from netquest.clock import Clock
    from netquest.services import NetQuest

    earlier = NetQuest(store, Clock(timezone="UTC", fixed_now="2026-03-01T10:00:00"))
    earlier.people.add("Eve", interval=7)  # no contact yet
    assert earlier.people.get("Eve").overdue == -7 and earlier.people.reach_out() == []
    later = NetQuest(store, Clock(timezone="UTC", fixed_now="2026-03-11T09:30:00"))
    assert later.people.get("Eve").overdue == 3
    assert [p.name for p in later.people.reach_out()] == ["Eve"]


# ------------------------------------------------------- names in check-ins, as person(ref)
def test_a_checkin_finds_people_by_the_start_of_their_name_or_id_as_person_does(quests):
    quests.people.add("Ana Souza")
    quests.people.add("Bo Li")
    r = quests.quests.checkin("comment", people=["ana", "BO"])
    assert r.created_people == []
    assert names_in_checkins(quests) == [("Ana Souza", "Bo Li")]
    assert [p.name for p in quests.people.list()] == ["Ana Souza", "Bo Li"]
    assert (
        quests.quests.checkin("comment", people=["ana-s"]).created_people == []
    )  # the start of the id
    assert quests.quests.checkin("comment", people=["Cleo"]).created_people == [
        "Cleo"
    ]  # nobody: a new person
    assert quests.people.get("ana").last_contact == TODAY


def test_an_ambiguous_name_refuses_the_checkin_in_one_line_and_writes_nothing(quests):
    quests.people.add("Ana Lima")
    quests.people.add("Ana Souza")
    before = quests.people.list()
    with pytest.raises(
        ServiceError, match="'ana' could be 2 people: Ana Lima \\(ana-lima\\), Ana Souza"
    ) as info:
        quests.quests.checkin("coffee", people=["Zed", "ana"])
    assert "\n" not in str(info.value)
    assert names_in_checkins(quests) == [] and quests.people.list() == before
    assert quests.quests.state().xp == 0
    quests.quests.checkin("coffee", people=["ana l"])  # more of the name is enough
    assert quests.people.get("ana-lima").stage == "met"


def test_the_conversation_card_and_its_log_find_a_person_by_the_start_of_the_name(quests):
    quests.people.add("Bo Li", stage="introduced")
    card = quests.conversations.card("Bo")
    assert (card.person, card.stage) == ("Bo Li", "introduced")
    assert quests.conversations.log(card.person).created_people == []
    assert quests.people.get("bo").stage == "met"
    assert quests.conversations.card("Zed").person == "Zed"


# ---------------------------------------------------------------- stage moves per quest
def test_starter_quests_move_people_by_what_the_quest_is_not_by_its_tip(services):
    from netquest import catalog

    picks = [(sq.id, sq.cadence) for _, sq in catalog.starter_quests()]
    services.quests.add_starters(picks)
    moves = {q.id: q.moves_to for q in services.quests.list()}
    assert moves["intro"] == "intro_asked" and moves["coffee"] == "met"
    assert moves["followup"] == "keeping_in_touch"
    assert moves["introduce"] is moves["prep"] is moves["mutuals"] is None
    services.quests.checkin("introduce", people=["Ana"])
    services.quests.checkin("prep", people=["Bob"])
    assert (services.people.get("ana").stage, services.people.get("bob").stage) == ("want", "want")
    services.quests.checkin("intro", people=["Ana"])
    services.quests.checkin("coffee", people=["Bob"])
    assert (services.people.get("ana").stage, services.people.get("bob").stage) == (
        "intro_asked",
        "met",
    )
    services.quests.checkin("followup", people=["Bob"])
    assert services.people.get("bob").stage == "keeping_in_touch"


def test_init_starter_and_demo_quests_carry_the_catalogues_move(store, clock, tmp_path):
    app = NetQuest(store, clock)
    assert {q.id: q.moves_to for q in app.quests.init(starter=True)}["coffee"] == "met"
    demo = NetQuest(Store(tmp_path / "demo.json"), clock)
    demo.data.demo(days=30, quests=40)
    moves = {q.id: q.moves_to for q in demo.quests.list()}
    assert moves["coffee"] == moves["coffee-2"] == "met" and moves["prep-2"] is None
    assert moves["intro-2"] == "intro_asked"


def test_quests_added_by_the_user_move_people_by_tip_unless_set(services):
    assert services.quests.add("Ask Bea for an intro", 3, "1/week").moves_to == "intro_asked"
    assert services.quests.add("Coffee chat", 4, "1/week").moves_to == "met"
    assert services.quests.add("Comment", 1, "daily").moves_to is None
    assert services.quests.add("Plan a coffee", 4, "1/week", moves_to=None).moves_to is None
    assert (
        services.quests.add("Check in", 1, "1/month", moves_to="Keeping in touch").moves_to
        == "keeping_in_touch"
    )
    with pytest.raises(ServiceError, match="unknown stage 'friends'"):
        services.quests.add("Bad", 1, "daily", moves_to="friends")
    assert (
        services.quests.edit("comment", tip=4).moves_to == "met"
    )  # it followed its tip: it still does
    assert services.quests.edit("plan-a-coffee", tip=3).moves_to is None  # set by hand: kept
    assert services.quests.edit("comment", moves_to="none").moves_to is None
    assert services.quests.edit("comment", tip=3).moves_to is None
    assert services.quests.edit("comment", moves_to="introduced").moves_to == "introduced"
    assert services.quests.get("comment").moves_to == "introduced"  # stored and read back
    services.people.add("Ana")  # a thank-you quest moves nobody

    assert services.people.thank("ana").moves_to is None


def test_a_quest_stored_before_it_said_how_it_moves_people(services):
    from netquest.services.model import Quest

    base = {"title": "T", "cadence": "daily", "start": "2026-03-01"}
    assert (
        Quest.from_doc({**base, "id": "introduce", "tip": 3}).moves_to is None
    )  # a starter: the catalogue
    assert Quest.from_doc({**base, "id": "coffee-3", "tip": 4}).moves_to == "met"
    assert (
        Quest.from_doc({**base, "id": "mine", "tip": 3}).moves_to == "intro_asked"
    )  # the user's: its tip
    assert Quest.from_doc({**base, "id": "mine", "tip": 3, "moves_to": None}).moves_to is None
    q = Quest.from_doc({**base, "id": "mine", "tip": 1, "moves_to": "met"})
    assert Quest.from_doc(q.to_doc()) == q and q.to_doc()["moves_to"] == "met"


def test_stage_since_records_when_the_stage_moved_by_play_or_by_hand(quests):
    quests.quests.checkin("coffee", people=["Ana"], day="2026-03-05")
    ana = quests.people.get("ana")
    assert (ana.stage, ana.stage_since, ana.created) == ("met", date(2026, 3, 5), TODAY)
    quests.quests.checkin("coffee", people=["Ana"], day="2026-03-08")
    assert quests.people.get("ana").stage_since == date(2026, 3, 5)  # no move, no new date
    quests.quests.checkin("comment", people=["Bob"], day="2026-03-02")
    assert quests.people.get("bob").stage_since == TODAY  # never moved: counted from when added
    assert quests.people.set_stage("bob", "introduced").stage_since == TODAY
    quests.log.undo()
    quests.log.undo()
    assert quests.people.get("ana").stage_since == date(2026, 3, 5)


def test_person_ids_transliterate_letters_nfkd_cannot_fold(services):
    assert services.people.add("Elif Yılmaz").id == "elif-yilmaz"
    assert services.people.add("Søren Ærø").id == "soren-aero"
    assert (
        services.quests.add("Kaffee mit Jürgen Groß", 4, "1/week").id == "kaffee-mit-jurgen-gross"
    )
    assert services.quests.add("Café con Łukasz", 4, "1/week").id == "cafe-con-lukasz"


def test_export_import_keeps_each_quests_move_and_refuses_an_unknown_one(services, tmp_path):
    services.quests.add("Plan a coffee", 4, "1/week", moves_to=None)
    doc = json.loads(services.data.export("json"))
    other = NetQuest(
        Store(tmp_path / "other.json"), Clock(timezone="UTC", fixed_now="2026-03-11T09:30:00")
    )
    assert other.data.import_export(json.dumps(doc)) == {
        "quests": 1,
        "checkins": 0,
        "people": 0,
        "goals": 0,
    }
    assert other.quests.get("plan-a-coffee").moves_to is None
    doc["data"]["quests"][0]["moves_to"] = "friends"
    with pytest.raises(
        ServiceError, match=r"quests record 'plan-a-coffee': field 'moves_to' must be one of want, "
    ):
        other.data.import_export(json.dumps(doc))


def test_people_sort_by_name_with_accents_among_their_letters(services):
    for name in ("Zoë Park", "éclair Chen", "Émile Roy", "ana Souza"):
        services.people.add(name)
    expected = ["ana Souza", "éclair Chen", "Émile Roy", "Zoë Park"]
    assert [p.name for p in services.people.list()] == expected
