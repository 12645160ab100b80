"""Perfect days: every quest due on a day done, the rule of the perfect-day bonus."""

from hypothesis import given
from hypothesis import strategies as st

from netquest.rules.cadence import parse_cadence
from netquest.rules.perfect import QuestDays, day_is_perfect, no_perfect_day, perfect_days
from netquest.rules.streaks import due_today
from tests.rules.conftest import MONDAY, d, days


def quest(cadence, target=1, start=-30, counts=None, skips=()):
    return QuestDays(parse_cadence(cadence), target, d(start), counts or {},
                     frozenset(d(o) for o in skips))


def test_every_due_quest_done_to_its_target():
    comments = quest("daily", 3, counts={MONDAY: 3})
    assert day_is_perfect([comments], MONDAY) is True
    assert day_is_perfect([quest("daily", 3, counts={MONDAY: 2})], MONDAY) is False
    assert day_is_perfect([comments, quest("daily")], MONDAY) is False


def test_nothing_due_is_neither():
    assert day_is_perfect([], MONDAY) is None
    assert day_is_perfect([quest("weekdays")], d(5)) is None  # Saturday
    assert day_is_perfect([quest("daily", start=1)], MONDAY) is None  # not started
    assert day_is_perfect([quest("daily", skips=[0])], MONDAY) is None  # skipped


def test_a_weekly_quest_met_earlier_in_the_week_is_not_due():
    twice = quest("2/week", counts=days(0, 1))
    assert day_is_perfect([twice], d(3)) is None
    assert day_is_perfect([quest("2/week", counts=days(0))], d(3)) is False


def test_the_check_in_about_to_be_made():
    qs = [quest("daily", 2, counts={MONDAY: 1}), quest("daily", counts={MONDAY: 1})]
    assert day_is_perfect(qs, MONDAY) is False
    assert day_is_perfect(qs, MONDAY, extra=(0, 1)) is True
    assert day_is_perfect(qs, MONDAY, extra=(1, 1)) is False


def test_the_book_leaves_out_idle_days():
    plan = [quest("weekdays", counts=days(0, 1, 3, 4))]
    assert perfect_days(plan, d(0), d(6)) == {d(0): True, d(1): True, d(2): False,
                                              d(3): True, d(4): True}


@given(st.sets(st.integers(-20, 0)), st.sets(st.integers(-20, 0)), st.integers(0, 6))
def test_the_book_agrees_with_due_today(done, skipped, week_start):
    plan = [quest("daily", counts=days(*done)), quest("3/week", counts=days(*done),
                                                      skips=skipped)]
    book = perfect_days(plan, d(-20), MONDAY, week_start)
    for o in range(-20, 1):
        due = [q for q in plan
               if due_today(q.cadence, q.target, q.start, q.counts, q.skips, d(o), week_start)]
        if not due:
            assert d(o) not in book
        else:
            assert book[d(o)] == all(q.counts.get(d(o), 0) >= q.target for q in due)


def test_a_week_of_perfect_weekdays_is_a_perfect_week():
    from netquest.rules.achievements import Fact, evaluate

    plan = [quest("weekdays", start=0, counts=days(0, 1, 2, 3, 4))]
    facts = [Fact(day, 1, "q", 1, 5) for day in plan[0].counts]
    book = perfect_days(plan, d(0), d(6))
    (week,) = [s for s in evaluate(facts, d(6), perfect=book) if s.achievement.id == "perfect_week"]
    assert week.unlocked_on == d(6)


def test_a_daily_quest_missed_every_day_rules_out_a_perfect_day():
    first = quest("daily", counts=days(-3, -1))
    second = quest("daily", counts=days(-2, 0), skips=[-4])
    assert no_perfect_day([first, second], d(-4), MONDAY) is True
    assert not any(perfect_days([first, second], d(-4), MONDAY).values())
    # One day both are done (or skipped): the book must be worked out, and it has that day.
    both = [first, quest("daily", counts=days(-2, -1, 0))]
    assert no_perfect_day(both, d(-4), MONDAY) is False
    assert perfect_days(both, d(-4), MONDAY)[d(-1)] is True


def test_without_a_daily_quest_from_the_first_day_the_bound_says_nothing():
    assert no_perfect_day([quest("weekdays")], d(-5), MONDAY) is False
    assert no_perfect_day([quest("daily", start=-2)], d(-5), MONDAY) is False


CADENCES = st.sampled_from(["daily", "daily", "weekdays", "mon,wed", "2/week", "3/month"])


@st.composite
def plans(draw):
    out = []
    for _ in range(draw(st.integers(1, 4))):
        out.append(quest(draw(CADENCES), draw(st.integers(1, 2)), draw(st.integers(-40, -25)),
                         {d(o): n for o, n in draw(st.dictionaries(st.integers(-40, 0),
                                                                   st.integers(1, 2))).items()},
                         draw(st.sets(st.integers(-40, 0), max_size=6))))
    return out


@given(plans(), st.integers(0, 6))
def test_the_bound_never_hides_a_perfect_day(plan, week_start):
    first = min(q.start for q in plan)
    book = perfect_days(plan, first, MONDAY, week_start)
    if no_perfect_day(plan, first, MONDAY):
        assert True not in book.values()
