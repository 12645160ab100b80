import pytest

from netquest.catalog import TIPS, StarterQuest, Tip, starter_quests, tip
from netquest.rules.cadence import parse_cadence


def test_five_tips_in_order():
    assert [t.number for t in TIPS] == [1, 2, 3, 4, 5]
    assert [t.key for t in TIPS] == ["conversation", "host", "intro", "coffee", "goal"]
    assert [t.title for t in TIPS] == [
        "Join the conversation",
        "Host or co-host",
        "Ask for introductions",
        "Virtual coffee",
        "Know what you want",
    ]


@pytest.mark.parametrize("t", TIPS, ids=lambda t: t.key)
def test_tip_content(t):
    sentences = [s for s in t.advice.replace("!", ".").split(". ") if s.strip()]
    assert 2 <= len(sentences) <= 4
    assert 2 <= len(t.quests) <= 4
    for q in t.quests:
        parse_cadence(q.cadence)
        assert q.target >= 1 and q.xp > 0
        assert q.id.isidentifier() and q.id.islower() and len(q.id) <= 12
        assert q.title and q.title[0].isupper()


def test_quest_ids_are_unique():
    ids = [q.id for _, q in starter_quests()]
    assert len(ids) == len(set(ids))


def test_named_starters():
    quests = {q.id: q for _, q in starter_quests()}
    assert (quests["comment"].cadence, quests["comment"].target, quests["comment"].xp) == (
        "daily",
        3,
        5,
    )
    assert quests["thread"].cadence == "2/week"
    assert (quests["host"].cadence, quests["host"].xp) == ("1/month", 60)
    assert quests["guest"].cadence == "2/month"
    assert quests["mutuals"].cadence == "weekdays"
    assert (quests["intro"].cadence, quests["intro"].xp) == ("1/week", 30)
    assert (quests["coffee"].cadence, quests["coffee"].xp) == ("1/week", 40)
    assert "prep" in quests
    assert quests["ask"].cadence == "1/week"


def test_effort_sets_xp():
    quests = {q.id: q for _, q in starter_quests()}
    assert quests["comment"].xp * 10 <= quests["host"].xp


def test_starter_selection_is_light_and_covers_every_tip():
    selected = [(t, q) for t, q in starter_quests() if q.selected]
    assert 5 <= len(selected) <= 7
    assert {t.number for t, _ in selected} == {1, 2, 3, 4, 5}


def test_starter_quests_pairs_each_quest_with_its_tip():
    pairs = starter_quests()
    assert len(pairs) == sum(len(t.quests) for t in TIPS)
    assert all(q in t.quests for t, q in pairs)


def test_tip_lookup():
    assert tip(4).key == "coffee"
    for bad in (0, 6, -1, "1", None):
        with pytest.raises(ValueError, match="1 to 5"):
            tip(bad)


def test_frozen():
    with pytest.raises(AttributeError):
        TIPS[0].title = "x"  # type: ignore[misc]
    assert isinstance(TIPS[0], Tip) and isinstance(TIPS[0].quests[0], StarterQuest)
