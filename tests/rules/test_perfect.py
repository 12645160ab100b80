"""Perfect days: every quest due on a day done, the rule of the perfect-day bonus."""

from hypothesis import given
from hypothesis import strategies as st

from netquest.rules.cadence import parse_cadence
from netquest.rules.perfect import (
    QuestDays,
    day_is_perfect,
    no_perfect_week,
    perfect_candidates,
    perfect_days,
    runs_of,
)
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


def test_a_daily_quest_missed_once_a_week_rules_out_a_perfect_week():
    every = [o for o in range(-27, 1)]
    first = quest("daily", start=-27, counts=days(*[o for o in every if o % 7 != 3]))
    # The second quest misses other days, and one day each is skipped instead of done.
    second = quest("daily", start=-27, counts=days(*[o for o in every if o % 7 != 5]),
                   skips=[-2])
    plan = [first, second]
    book = perfect_days(plan, d(-27), MONDAY)
    assert True in book.values()  # perfect days, but never seven in a row
    assert no_perfect_week(plan, d(-27), MONDAY) is True
    # Both done on each of the last ten days: a week may be perfect, so the book must be
    # worked out (and it has those days perfect).
    lately = quest("daily", start=-27, counts=days(*[o for o in every if o > -10 or o % 7 != 3]))
    both = [lately, quest("daily", start=-27, counts=days(*every))]
    assert no_perfect_week(both, d(-27), MONDAY) is False
    assert all(perfect_days(both, d(-27), MONDAY)[d(o)] for o in range(-9, 1))


def test_without_a_daily_quest_from_the_first_day_the_bound_says_nothing():
    assert no_perfect_week([quest("weekdays")], d(-5), MONDAY) is False
    assert no_perfect_week([quest("daily", start=-2)], d(-5), MONDAY) is False


CADENCES = st.sampled_from(["daily", "daily", "weekdays", "mon,wed", "2/week", "3/month"])


@st.composite
def plans(draw):
    out = []
    for _ in range(draw(st.integers(1, 4))):
        done = draw(st.sets(st.integers(-70, 0)) | st.just(set(range(-70, 1))))
        missed = draw(st.sets(st.integers(-70, 0), max_size=8))
        out.append(quest(draw(CADENCES), draw(st.integers(1, 2)), draw(st.integers(-70, -50)),
                         {d(o): draw(st.integers(1, 2)) for o in done - missed},
                         draw(st.sets(st.integers(-70, 0), max_size=6))))
    return out


@given(plans(), st.integers(0, 6))
def test_the_bound_never_hides_a_perfect_week_or_month(plan, week_start):
    from netquest.rules.achievements import evaluate

    first = min(q.start for q in plan)
    book = perfect_days(plan, first, MONDAY, week_start)
    if no_perfect_week(plan, first, MONDAY):
        won = {s.achievement.id for s in evaluate([], MONDAY, week_start, perfect=book)
               if s.unlocked_on}
        assert not won & {"perfect_week", "perfect_month"}
        # Nor seven days in a row, from the first day on, all left out of the book or perfect.
        start = (first - MONDAY).days
        assert not any(all(book.get(d(o + i), True) for i in range(7)) and
                       any(d(o + i) in book for i in range(7)) for o in range(start, -6))


def test_runs_of_days_in_a_row():
    assert runs_of({d(0), d(1), d(2), d(5), d(6)}, d(0), d(6)) == (3, 3, 2)
    assert runs_of({d(1), d(2)}, d(0), d(3)) == (2, 0, 0)
    assert runs_of(set(), d(0), d(3)) == (0, 0, 0)


@given(plans(), st.integers(-49, 0))
def test_the_candidates_of_two_spans_add_up(plan, cut):
    first = min(q.start for q in plan)
    whole = perfect_candidates(plan, first, MONDAY)
    if whole is None or d(cut) <= first:
        return
    before = perfect_candidates(plan, first, d(cut - 1))
    after = perfect_candidates(plan, d(cut), MONDAY)
    assert before is not None and after is not None
    assert before | after == whole
    longest, head, _ = runs_of(after, d(cut), MONDAY)
    b_longest, _, tail = runs_of(before, first, d(cut - 1))
    assert max(longest, b_longest, tail + head) == runs_of(whole, first, MONDAY)[0]
