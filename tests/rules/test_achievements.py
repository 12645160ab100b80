from datetime import date, timedelta

from netquest.rules.achievements import ACHIEVEMENTS, Achievement, Fact, evaluate
from tests.rules.conftest import MONDAY, d


def status(facts, today=MONDAY, **kwargs):
    return {s.achievement.id: s for s in evaluate(facts, today, **kwargs)}


def fact(offset, tip=1, count=1, xp=5, people=()):
    return Fact(d(offset), tip, f"q{tip}", count, xp, tuple(people))


def test_catalogue():
    ids = [a.id for a in ACHIEVEMENTS]
    assert len(ids) >= 14 and len(ids) == len(set(ids))
    for needed in (
        "first_checkin",
        "first_conversation",
        "first_host",
        "first_intro",
        "first_coffee",
        "first_goal_step",
        "all_four_tips_week",
        "streak_7",
        "streak_30",
        "streak_100",
        "intros_10",
        "coffees_10",
        "hosted_5",
        "comments_100",
        "people_5",
        "level_5",
        "level_10",
    ):
        assert needed in ids
    assert all(
        isinstance(a, Achievement) and a.goal >= 1 and a.title and a.description
        for a in ACHIEVEMENTS
    )


def test_nothing_unlocked_without_facts():
    result = evaluate([], MONDAY)
    assert [s.achievement for s in result] == list(ACHIEVEMENTS)
    assert all(
        s.unlocked_on is None and s.progress == 0 for s in result if s.achievement.id[:5] != "level"
    )
    assert status([])["level_5"].progress == 1


def test_first_of_each_tip():
    facts = [fact(-5, 3), fact(-4, 1), fact(-3, 5), fact(-2, 2), fact(-1, 4)]
    s = status(facts)
    assert s["first_checkin"].unlocked_on == d(-5)
    assert s["first_intro"].unlocked_on == d(-5)
    assert s["first_conversation"].unlocked_on == d(-4)
    assert s["first_goal_step"].unlocked_on == d(-3)
    assert s["first_host"].unlocked_on == d(-2)
    assert s["first_coffee"].unlocked_on == d(-1)
    assert s["first_coffee"].progress == 1


def test_order_of_facts_does_not_matter():
    facts = [fact(-1, 4), fact(-3, 5), fact(-5, 3)]
    assert evaluate(facts, MONDAY) == evaluate(list(reversed(facts)), MONDAY)


def test_facts_after_today_and_empty_counts_are_ignored():
    s = status([fact(1, 2), fact(-1, 3, count=0)])
    assert s["first_host"].unlocked_on is None
    assert s["first_intro"].unlocked_on is None
    assert s["first_checkin"].unlocked_on is None


def test_counts_are_summed():
    s = status([fact(-3, 3, count=4), fact(-2, 3, count=5), fact(-1, 3, count=1)])
    assert s["intros_10"].unlocked_on == d(-1)
    s = status([fact(-3, 3, count=4), fact(-2, 3, count=5)])
    assert (s["intros_10"].progress, s["intros_10"].unlocked_on) == (9, None)
    s = status([fact(-1, 1, count=150)])
    assert (s["comments_100"].progress, s["comments_100"].unlocked_on) == (100, d(-1))
    s = status([fact(-2, 2, count=3), fact(-1, 2, count=2)])
    assert s["hosted_5"].unlocked_on == d(-1)
    s = status([fact(-i, 4) for i in range(10, 0, -1)])
    assert s["coffees_10"].unlocked_on == d(-1)


def test_all_four_tips_in_one_week():
    # Mon..Thu of one week.
    facts = [fact(0, 1), fact(1, 2), fact(2, 3), fact(3, 4)]
    s = status(facts, today=d(6))
    assert s["all_four_tips_week"].unlocked_on == d(3)
    # Spread over two Monday-weeks: Sat, Sun, Mon, Tue.
    facts = [fact(-2, 1), fact(-1, 2), fact(0, 3), fact(1, 4)]
    s = status(facts, today=d(1))
    assert s["all_four_tips_week"].unlocked_on is None
    assert s["all_four_tips_week"].progress == 2
    # With weeks starting on Saturday the same four days share one week.
    s = status(facts, today=d(1), week_start=5)
    assert s["all_four_tips_week"].unlocked_on == d(1)
    # Tip 5 does not stand in for one of the four.
    s = status([fact(0, 1), fact(0, 2), fact(0, 3), fact(0, 5)])
    assert s["all_four_tips_week"].unlocked_on is None


def test_streak_achievements():
    facts = [fact(-i) for i in range(29, -1, -1)]  # 30 days ending today
    s = status(facts)
    assert s["streak_7"].unlocked_on == d(-23)
    assert s["streak_30"].unlocked_on == MONDAY
    assert (s["streak_100"].progress, s["streak_100"].unlocked_on) == (30, None)


def test_streak_progress_is_the_running_streak():
    facts = [fact(-i) for i in range(10, 4, -1)]  # six days, ending five days ago
    s = status(facts)
    assert (s["streak_7"].progress, s["streak_7"].unlocked_on) == (0, None)
    s = status(facts, today=d(-4))
    assert s["streak_7"].progress == 6


def test_vacation_keeps_the_streak():
    facts = [fact(-i) for i in (9, 8, 7, 6, 3, 2, 1)]
    assert status(facts)["streak_7"].unlocked_on is None
    s = status(facts, vacation=frozenset({d(-5), d(-4)}))
    assert s["streak_7"].unlocked_on == d(-1)


def test_people():
    facts = [
        fact(-3, 4, people=("Ana", "Ben")),
        fact(-2, 3, people=("ana ", "Chen")),
        fact(-1, 1, people=("Dee", "")),
        fact(0, 4, people=("Eve",)),
    ]
    s = status(facts)
    assert s["people_5"].unlocked_on == MONDAY
    assert status(facts[:3])["people_5"].progress == 4


def test_levels_by_cumulative_xp():
    facts = [fact(-3, xp=100), fact(-2, xp=100), fact(-1, xp=50)]
    s = status(facts)
    assert s["level_5"].unlocked_on == d(-1)  # 250 XP reaches level 5
    assert (s["level_10"].progress, s["level_10"].unlocked_on) == (5, None)
    s = status(facts + [fact(0, xp=1070)])
    assert s["level_10"].unlocked_on == MONDAY  # 1320 XP


def test_progress_is_capped_at_goal():
    s = status([fact(-1, 3, count=50)])
    assert s["first_intro"].progress == 1
    assert s["intros_10"].progress == 10


def test_recomputable():
    facts = [fact(-i, 1 + i % 5, xp=20, people=(f"p{i % 7}",)) for i in range(60)]
    assert evaluate(facts, MONDAY) == evaluate(list(facts), MONDAY)
    later = evaluate(facts, MONDAY + timedelta(days=30))
    for before, after in zip(evaluate(facts, MONDAY), later):
        if before.unlocked_on is not None:
            assert after.unlocked_on == before.unlocked_on


def test_unlock_days_are_not_after_today():
    facts = [fact(-i, 1 + i % 5, xp=40) for i in range(40)]
    for s in evaluate(facts, date(2026, 3, 1)):
        assert s.unlocked_on is None or s.unlocked_on <= date(2026, 3, 1)


def test_streak_badges_count_days_a_freeze_covered_like_the_flame():
    from netquest.rules.day_streak import day_streak

    # 7 days earn a freeze; day -23 is missed and frozen; 23 more days make 30 in the flame.
    days = [-i for i in range(30, 23, -1)] + [-i for i in range(22, -1, -1)]
    facts = [fact(o) for o in days]
    flame = day_streak({f.day for f in facts}, frozenset(), MONDAY)
    assert flame.current == 30 and len(flame.frozen_days) == 1
    s = status(facts)
    assert s["streak_30"].unlocked_on == MONDAY
    assert s["streak_7"].unlocked_on == d(-24)
