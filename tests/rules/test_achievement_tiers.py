"""The badges that last years: each one locked just below its goal and unlocked at it, on the
right day, with its progress as the achievements screen shows it."""

from datetime import date, timedelta

import pytest

from netquest import catalog
from netquest.rules.achievements import (
    ACHIEVEMENTS,
    INTRODUCTION_QUESTS,
    AchievementStatus,
    Fact,
    ReviewDay,
    evaluate,
)
from netquest.rules.xp import xp_to_reach
from tests.rules.conftest import MONDAY, d

BY_ID = {a.id: a for a in ACHIEVEMENTS}

# The first seventeen, exactly as they were: ids, titles, descriptions and goals.
ORIGINAL = (
    ("first_checkin", "First step", "Log your very first check-in.", 1),
    ("first_conversation", "Into the thread", "Check in on joining a conversation.", 1),
    ("first_host", "On the mic", "Check in on hosting or co-hosting.", 1),
    ("first_intro", "Door opener", "Check in on asking for an introduction.", 1),
    ("first_coffee", "Virtual espresso", "Check in on a virtual coffee.", 1),
    ("first_goal_step", "North star", "Check in on knowing what you want.", 1),
    ("all_four_tips_week", "Full house",
     "Check in on all four networking tips within one week.", 4),
    ("streak_7", "Week on fire", "Check in on 7 days in a row.", 7),
    ("streak_30", "Month of momentum", "Check in on 30 days in a row.", 30),
    ("streak_100", "Centurion", "Check in on 100 days in a row.", 100),
    ("intros_10", "Well connected", "Ask for 10 introductions.", 10),
    ("coffees_10", "Coffee regular", "Share 10 virtual coffees.", 10),
    ("hosted_5", "Crowd gatherer", "Host or co-host 5 sessions.", 5),
    ("comments_100", "Voice of the group",
     "Leave 100 comments or posts in your communities.", 100),
    ("people_5", "Growing circle", "Name 5 different people in your check-ins.", 5),
    ("level_5", "Rising networker", "Reach level 5.", 5),
    ("level_10", "Seasoned networker", "Reach level 10.", 10),
)

MASTERY = [(tip, key, goal) for tip, key in ((1, "conversation"), (2, "host"), (3, "intro"),
                                             (4, "coffee"))
           for goal in (50, 250, 1000)]


def fact(offset, tip=1, count=1, xp=5, people=(), quest=None):
    return Fact(d(offset), tip, quest or f"q{tip}", count, xp, tuple(people))


def one(achievement_id, facts=(), today=MONDAY, **kwargs) -> AchievementStatus:
    (status,) = [s for s in evaluate(list(facts), today, **kwargs)
                 if s.achievement.id == achievement_id]
    return status


def locked(status, progress):
    assert (status.unlocked_on, status.progress) == (None, progress)


def unlocked(status, day):
    assert (status.unlocked_on, status.progress) == (day, status.achievement.goal)


# ---------------------------------------------------------------- the catalogue

def test_at_least_forty_with_unique_ids():
    ids = [a.id for a in ACHIEVEMENTS]
    assert len(ids) >= 40 and len(ids) == len(set(ids))


def test_the_first_seventeen_are_unchanged():
    assert [(a.id, a.title, a.description, a.goal) for a in ACHIEVEMENTS[:17]] == list(ORIGINAL)


def test_every_achievement_says_how_to_earn_it_and_what_it_counts():
    titles = [a.title for a in ACHIEVEMENTS]
    assert len(titles) == len(set(titles))
    for a in ACHIEVEMENTS:
        assert a.goal >= 1 and a.title and a.unit
        assert a.description.endswith(".") and "\n" not in a.description
        assert len(a.description) <= 76, a.id  # one line beside a title at 80 columns


def test_introduction_quests_name_a_starter_quest():
    starters = {sq.id for _, sq in catalog.starter_quests()}
    assert INTRODUCTION_QUESTS <= starters
    tip_of = {sq.id: tip.number for tip, sq in catalog.starter_quests()}
    assert {tip_of[q] for q in INTRODUCTION_QUESTS} == {3}


def test_mastery_is_named_after_each_tip_of_the_catalogue():
    for tip, key, goal in MASTERY:
        assert catalog.TIPS[tip - 1].key == key
        assert catalog.TIPS[tip - 1].title in BY_ID[f"{key}_{goal}"].description


@pytest.mark.parametrize(("progress", "goal", "unit", "text"), [
    (212, 365, "days", "212 of 365 days"),
    (38, 50, "level", "level 38 of 50"),
    (0, 1, "weeks", "0 of 1 week"),
    (1, 1, "goals", "1 of 1 goal"),
    (7, 10, "people", "7 of 10 people"),
    (0, 1, "people", "0 of 1 person"),
    (999, 1000, "check-ins", "999 of 1,000 check-ins"),
])
def test_progress_text(progress, goal, unit, text):
    a = BY_ID["streak_365"].__class__("x", "X", "Do x.", goal, unit)
    assert AchievementStatus(a, progress, None).progress_text == text


def test_progress_text_on_the_real_catalogue():
    facts = [fact(-i) for i in range(211, -1, -1)]
    assert one("streak_365", facts).progress_text == "212 of 365 days"
    assert one("level_25", facts).progress_text.startswith("level ")
    assert one("perfect_month", facts).progress_text == "0 of 1 month"


# ---------------------------------------------------------------- levels

@pytest.mark.parametrize("level", [25, 50, 75, 100])
def test_levels(level):
    aid = f"level_{level}"
    facts = [fact(-1, xp=xp_to_reach(level) - 1)]
    locked(one(aid, facts), level - 1)
    unlocked(one(aid, facts + [fact(0, xp=1)]), MONDAY)
    unlocked(one(aid, [fact(-3, xp=xp_to_reach(level))]), d(-3))


# ---------------------------------------------------------------- day streaks

@pytest.mark.parametrize("goal", [365, 1000])
def test_day_streaks(goal):
    aid = f"streak_{goal}"
    locked(one(aid, [fact(-i) for i in range(goal - 2, -1, -1)]), goal - 1)
    unlocked(one(aid, [fact(-i) for i in range(goal - 1, -1, -1)]), MONDAY)
    # Reached in the past and broken since: still won, on the day it was reached.
    unlocked(one(aid, [fact(-i) for i in range(goal + 19, 19, -1)]), d(-20))
    # One day short, then broken: progress is the running streak, which is none.
    locked(one(aid, [fact(-i) for i in range(goal + 18, 19, -1)]), 0)


def test_a_vacation_day_keeps_the_year_long_streak():
    gap = {d(-100)}
    facts = [fact(-i) for i in range(365, -1, -1) if d(-i) not in gap]
    unlocked(one("streak_365", facts, vacation=frozenset(gap)), MONDAY)


# ---------------------------------------------------------------- per-tip mastery

@pytest.mark.parametrize(("tip", "key", "goal"), MASTERY)
def test_mastery_of_each_tip(tip, key, goal):
    aid = f"{key}_{goal}"
    assert BY_ID[aid].goal == goal and BY_ID[aid].unit == "check-ins"
    facts = [fact(-2, tip, count=goal - 1)]
    locked(one(aid, facts), goal - 1)
    unlocked(one(aid, facts + [fact(0, tip)]), MONDAY)
    # Check-ins under the other tips do not count.
    others = [fact(-1, other, count=goal) for other in range(1, 6) if other != tip]
    locked(one(aid, facts + others), goal - 1)


def test_mastery_counts_units_across_days():
    facts = [fact(-i, 4, count=1) for i in range(49, -1, -1)]
    unlocked(one("coffee_50", facts), MONDAY)
    locked(one("coffee_50", facts[:-1]), 49)


# ---------------------------------------------------------------- people

@pytest.mark.parametrize("goal", [10, 50])
def test_people_met(goal):
    aid = f"people_{goal}"
    facts = [fact(-2, 4, people=[f"Person {i}" for i in range(goal - 1)])]
    locked(one(aid, facts), goal - 1)
    # The same name again, spelled in another case or with spaces, is not someone new.
    locked(one(aid, facts + [fact(-1, people=[" person 0 ", "PERSON 1", ""])]), goal - 1)
    unlocked(one(aid, facts + [fact(0, 1, people=["Someone else"])]), MONDAY)


def test_introductions_made_for_others():
    aid = "introductions_made_10"
    facts = [fact(-i, 3, quest="introduce") for i in range(9, 0, -1)]
    locked(one(aid, facts), 9)
    unlocked(one(aid, facts + [fact(0, 3, quest="introduce")]), MONDAY)
    unlocked(one(aid, [fact(-5, 3, count=10, quest="introduce")]), d(-5))
    # Asking for an introduction for yourself is not making one for others.
    locked(one(aid, facts + [fact(0, 3, count=5, quest="intro")]), 9)
    # The services may name other quests that make introductions.
    mine = [fact(-i, 1, quest="connect") for i in range(10, 0, -1)]
    unlocked(one(aid, mine, introduction_quests={"connect"}), d(-1))
    locked(one(aid, facts, introduction_quests={"connect"}), 0)


# ---------------------------------------------------------------- goals

def test_a_goal_achieved():
    locked(one("goal_achieved"), 0)
    unlocked(one("goal_achieved", goals_achieved=[d(-3)]), d(-3))
    unlocked(one("goal_achieved", goals_achieved=[d(-1), d(-9)]), d(-9))
    locked(one("goal_achieved", goals_achieved=[d(1)]), 0)  # after today: not yet


def weekly_reviews(n, first_week=d(-7 * 60)):
    return [ReviewDay(first_week + timedelta(days=7 * i), first_week + timedelta(days=7 * i + 7))
            for i in range(n)]


def test_a_year_of_weekly_reviews():
    aid = "reviews_52"
    reviews = weekly_reviews(52)
    locked(one(aid, reviews=reviews[:51]), 51)
    unlocked(one(aid, reviews=reviews), reviews[-1].day)
    # A week reviewed twice (two goals) counts once.
    again = [ReviewDay(r.week, r.day + timedelta(days=1)) for r in reviews[:10]]
    locked(one(aid, reviews=reviews[:51] + again), 51)
    # A week counts on the day its first review was written.
    early = reviews[:51] + [ReviewDay(reviews[51].week, reviews[51].day - timedelta(days=2)),
                            reviews[51]]
    unlocked(one(aid, reviews=early), reviews[51].day - timedelta(days=2))
    # Reviews written after today are not counted yet.
    locked(one(aid, reviews=reviews, today=reviews[-1].day - timedelta(days=1)), 51)


def test_reviews_are_grouped_by_the_users_weeks():
    # Two reviews whose week days fall in one Sunday-to-Saturday week count once there.
    pair = [ReviewDay(d(-1), d(0)), ReviewDay(d(0), d(0))]  # Sunday and Monday
    assert one("reviews_52", reviews=pair, week_start=0).progress == 2
    assert one("reviews_52", reviews=pair, week_start=6).progress == 1


# ---------------------------------------------------------------- perfect weeks and months

def book(first, last, imperfect=(), idle=()):
    """Perfect-day verdicts from `first` to `last`; `idle` days had nothing due."""
    out = {}
    day = first
    while day <= last:
        if day not in idle:
            out[day] = day not in imperfect
        day += timedelta(days=1)
    return out


def test_a_perfect_week():
    week = book(d(0), d(6))  # Monday to Sunday
    unlocked(one("perfect_week", today=d(6), perfect=week), d(6))
    unlocked(one("perfect_week", today=d(30), perfect=week), d(6))
    # The week is not over yet: not won, even with every day so far perfect.
    locked(one("perfect_week", today=d(5), perfect=book(d(0), d(5))), 0)
    # One day with a quest left undone spoils it.
    locked(one("perfect_week", today=d(6), perfect=book(d(0), d(6), imperfect={d(3)})), 0)


def test_days_with_nothing_due_do_not_spoil_a_week():
    weekdays_only = book(d(0), d(6), idle={d(5), d(6)})
    unlocked(one("perfect_week", today=d(6), perfect=weekdays_only), d(6))
    # A week with nothing due at all (a vacation) is not a perfect week.
    vacation_week = book(d(0), d(13), imperfect={d(2)}, idle=set(book(d(7), d(13))))
    locked(one("perfect_week", today=d(13), perfect=vacation_week), 0)


def test_a_perfect_week_follows_the_week_start():
    # Perfect from Wednesday d(2) to Tuesday d(8): a whole week only when weeks start on
    # Wednesday; the days around it are imperfect.
    days = book(d(-5), d(15), imperfect={d(i) for i in range(-5, 16) if not 2 <= i <= 8})
    locked(one("perfect_week", today=d(15), perfect=days), 0)
    unlocked(one("perfect_week", today=d(15), perfect=days, week_start=2), d(8))


def test_the_first_perfect_week_is_the_day_it_ends():
    days = book(d(0), d(27), imperfect={d(1), d(20)})
    unlocked(one("perfect_week", today=d(27), perfect=days), d(13))


def test_a_week_or_month_before_the_history_began_is_not_a_whole_one():
    # History begins on Friday d(4): Friday to Sunday perfect is not one whole week.
    locked(one("perfect_week", today=d(6), perfect=book(d(4), d(6))), 0)
    unlocked(one("perfect_week", today=d(13), perfect=book(d(4), d(13))), d(13))
    # Begun on 27 November: the rest of November is not one whole calendar month.
    late = book(date(2026, 11, 27), date(2026, 12, 31))
    locked(one("perfect_month", today=date(2026, 11, 30), perfect=late), 0)
    unlocked(one("perfect_month", today=date(2026, 12, 31), perfect=late), date(2026, 12, 31))


def test_a_perfect_month():
    march = book(date(2026, 3, 1), date(2026, 3, 31))
    unlocked(one("perfect_month", today=date(2026, 3, 31), perfect=march), date(2026, 3, 31))
    locked(one("perfect_month", today=date(2026, 3, 30), perfect=march), 0)
    spoilt = book(date(2026, 3, 1), date(2026, 3, 31), imperfect={date(2026, 3, 17)})
    locked(one("perfect_month", today=date(2026, 4, 2), perfect=spoilt), 0)
    # February: 28 days; a month with idle days still counts.
    feb = book(date(2026, 2, 1), date(2026, 2, 28), idle={date(2026, 2, 7), date(2026, 2, 8)})
    unlocked(one("perfect_month", today=date(2026, 4, 2), perfect=feb), date(2026, 2, 28))


def test_perfect_days_after_today_are_ignored():
    week = book(d(0), d(6))
    locked(one("perfect_week", today=d(5), perfect=week), 0)


# ---------------------------------------------------------------- all together

def test_every_input_is_optional_and_old_callers_get_the_same_answers():
    facts = [fact(-i, 1 + i % 5, xp=40, people=(f"p{i % 9}",)) for i in range(120)]
    plain = evaluate(facts, MONDAY, 0, frozenset())
    assert plain == evaluate(facts, MONDAY, 0, frozenset(), perfect={}, goals_achieved=(),
                             reviews=())
    # Extra inputs never move the day a check-in badge was won.
    rich = evaluate(facts, MONDAY, perfect=book(d(-60), MONDAY), goals_achieved=[d(-30)],
                    reviews=weekly_reviews(3, d(-28)))
    check_in_badges = {a.id for a in ACHIEVEMENTS} - {"goal_achieved", "reviews_52",
                                                       "perfect_week", "perfect_month"}
    for a, b in zip(plain, rich):
        if a.achievement.id in check_in_badges:
            assert a == b


def test_unlock_days_never_move_as_time_goes_on():
    facts = [fact(-i, 1 + i % 4, count=3, xp=60, people=(f"p{i}",), quest="introduce")
             for i in range(400)]
    kwargs = dict(perfect=book(d(-400), d(40)), goals_achieved=[d(-3)],
                  reviews=weekly_reviews(60))
    now = evaluate(facts, MONDAY, **kwargs)
    later = evaluate(facts, MONDAY + timedelta(days=40), **kwargs)
    for a, b in zip(now, later):
        if a.unlocked_on is not None:
            assert b.unlocked_on == a.unlocked_on
        assert a.unlocked_on is None or a.unlocked_on <= MONDAY


def test_the_level_follows_the_xp_down_as_well_as_up():
    # An imported correction may carry negative XP: progress is the level held today.
    facts = [fact(-2, xp=xp_to_reach(30)), fact(-1, xp=-xp_to_reach(30) + xp_to_reach(20))]
    status = one("level_25", facts)
    assert (status.unlocked_on, status.progress) == (d(-2), 25)
    locked(one("level_50", facts), 20)
