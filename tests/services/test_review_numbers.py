"""The weekly review's numbers: the week under review, check-ins per tip, key results before
and after it, the people named and the day streak at its end."""

from __future__ import annotations

from datetime import date

from netquest.services.review_numbers import KeyResultMove, review_numbers
from tests.services.test_goals_services import at, quest


def played(services):
    """A goal since February, coffees counted by a key result, a week of play each side."""
    coffee = quest(services, "coffee", tip=4, cadence="daily")
    quest(services, "comment", tip=1, cadence="daily")
    at(services, "2026-02-16T09:00:00").goals.set(want="A platform-team role", kind="job")
    services.goals.add_key_result("Coffees", 10, quests=["coffee"])
    services.goals.add_key_result("Applications", 5, manual=True)
    services.goals.set_key_result("k2", 2)
    for day in ("2026-02-27", "2026-03-02", "2026-03-03", "2026-03-04", "2026-03-10"):
        services.quests.checkin(coffee.id, day=day, people=["Ana"] if day == "2026-03-03" else ())
    services.quests.checkin("comment", count=3, day="2026-03-08", people=["Ana", "Ben"])
    return services


def test_last_week_is_counted_from_its_first_to_its_last_day(services):
    numbers = review_numbers(played(services))
    assert (numbers.first, numbers.last) == (date(2026, 3, 2), date(2026, 3, 8))
    assert numbers.checkins == ((1, 3), (4, 3)) and numbers.total == 6
    assert numbers.people_met == 2
    assert numbers.key_results == (KeyResultMove("Coffees", 1, 4, 10),
                                   KeyResultMove("Applications", None, 2, 5))
    assert numbers.day_streak == 1  # Sunday 8 March alone: 5-7 March had nothing, no freeze yet


def test_this_week_so_far_stops_at_today(services):
    numbers = review_numbers(played(services), last_week=False)
    assert (numbers.first, numbers.last) == (date(2026, 3, 9), date(2026, 3, 11))
    assert numbers.checkins == ((4, 1),)
    assert numbers.key_results[0] == KeyResultMove("Coffees", 4, 5, 10)


def test_no_goal_in_focus_has_no_numbers(services):
    assert review_numbers(services) is None
