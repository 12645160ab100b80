"""People: the network behind the quests, moved by check-ins that name them."""

from __future__ import annotations


class PeopleServices:
    """People use cases, mixed into `NetQuest`; they share its store and clock."""

    def _people_after_checkin(self, tx, quest, day, people) -> list[str]:
        """Update the people a check-in names; returns names of people created."""
        return []

    def _reach_out(self, tx, today) -> list:
        """People to get back in touch with, most overdue first."""
        return []
