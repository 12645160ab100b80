"""Goals for the goal-screen tests, built through the services at earlier moments of the same file.

The app itself runs at conftest's NOW (Wednesday 11 March 2026); a goal that started weeks
before has a pace to compare with and a weekly review that can be due.
"""

from __future__ import annotations

from netquest.clock import Clock
from netquest.services import NetQuest
from tests.tui.conftest import make_services

ASK = "An intro to someone hiring for [b]platform[/b] teams"


def at(services: NetQuest, now: str) -> NetQuest:
    """The same data file seen at another moment."""
    return NetQuest(services.store, Clock(timezone="UTC", fixed_now=now))


def started(now: str) -> NetQuest:
    """Starter quests made at `now`, so that check-ins from then on can be logged; the app sees
    NOW."""
    services = make_services()
    at(services, now).quests.init(starter=True)
    return services


def no_goal() -> NetQuest:
    return started("2026-02-16T09:00:00")


def on_pace() -> NetQuest:
    """A job goal five weeks in: coffees on pace, people met ahead, last week reviewed."""
    services = started("2026-02-16T09:00:00")
    then = at(services, "2026-02-16T09:00:00")
    then.goals.set(
        want="A platform-team role in Berlin",
        kind="job",
        why="I want to build tools for builders",
        ask=ASK,
        contact=["ana.dev@example.org", "https://example.org/ana"],
        target_date="2026-05-31",
    )
    then.goals.add_key_result("Virtual coffees with people who hire", 12, quests=["coffee"])
    then.goals.add_key_result("People met", 4, stage="met")
    then.goals.add_key_result("Applications sent", 10, manual=True)
    for day in ("2026-02-20", "2026-03-02"):
        services.quests.checkin(
            "coffee", day=day, people=["Ben Okafor"] if day == "2026-03-02" else ()
        )
    for name in ("Chen Wei", "Dara Byrne"):
        services.people.add(name, stage="met")
    services.people.add("Ana Souza", where="Platform meetup", stage="introduced")
    services.goals.set_key_result("k3", 2)
    services.goals.link_quest("comment")
    at(services, "2026-03-09T08:00:00").goals.add_review(
        moved="Two coffees, one intro promised",
        stalled="No reply from the Berlin meetup",
        next_ask="An intro to a [i]staff[/i] engineer",
    )
    services.quests.checkin(
        "coffee",
        note="Asked about [b]on-call[/b] and team size",
        people=["Ben Okafor"],
        day="2026-03-10",
    )
    return services


def behind() -> NetQuest:
    """A clients goal two months in with too little done, an archived goal before it, last week not
    reviewed."""
    services = started("2026-01-05T09:00:00")
    first = at(services, "2026-01-05T09:00:00")
    first.goals.set(want="Explore developer relations", kind="explore")
    at(services, "2026-01-12T09:00:00").goals.close(
        "g1", "changed", "Liked the people, not the travel"
    )
    then = at(services, "2026-01-12T09:00:00")
    then.goals.set(
        want="Three clients for my infra consulting",
        kind="clients",
        ask="Who struggles with CI costs?",
        target_date="2026-04-30",
    )
    then.goals.add_key_result("Discovery calls", 16, quests=["coffee", "intro"])
    then.goals.add_key_result("Signed clients", 3, manual=True)
    services.quests.checkin("coffee", day="2026-02-03")
    return services
