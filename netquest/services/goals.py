"""Goals ("know what you want"): the use cases behind `netquest goal` and the goal screen."""

from __future__ import annotations


class GoalServices:
    """Goal use cases, mixed into `NetQuest`; they share its store and clock."""

    def _goal_summary(self, tx, hist, today) -> dict | None:
        """The focused goal with key-result progress and pace, for the state of play."""
        return None
