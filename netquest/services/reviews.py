"""Weekly reviews of the focused goal: when one is due, skipping its offer, writing one.

The use cases behind `netquest goal review`, the review offered on start and the goal
screen's review form.  A review covers a week (its first day by the week_start setting).
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING

from netquest.i18n import N_, _
from netquest.services import badges
from netquest.services.errors import ServiceError
from netquest.services.goal_docs import find_goal, focused_in, review
from netquest.services.goal_fields import check_day, check_text
from netquest.services.inputs import stored_day
from netquest.services.session import Session
from netquest.services.views import Review

if TYPE_CHECKING:
    from netquest.services.core import NetQuest


def review_weeks(doc: dict, today: date, s: Session) -> tuple[date, date, bool]:
    """(this week's first day, last week's first day, whether last week needs a review)."""
    this_week = s.week_of(today)[0]
    last_week = this_week - timedelta(days=7)
    start = stored_day(doc.get("start")) or today
    reviewed = {r.get("week") for r in doc.get("reviews") or []}
    # A goal made this week has no past week to review yet.
    due = start < this_week and last_week.isoformat() not in reviewed
    return this_week, last_week, due


class ReviewServices:
    """The weekly review of the goal in focus."""

    def __init__(self, root: NetQuest) -> None:
        self.root = root

    def due(self, today: date | None = None) -> bool:
        """Whether to offer the weekly review on start: true from the first day of a week, by
        the week_start setting, until last week is reviewed or its offer skipped (`skip`).

        Only for a goal in focus that already existed last week.  The goal screen still
        says a skipped week waits for its review, and `add` still covers it.
        """
        with self.root.reading() as s:
            doc = focused_in(s.tx)
            if doc is None:
                return False
            _week, last_week, due = review_weeks(doc, today or s.today, s)
            return due and last_week.isoformat() not in (doc.get("skipped_reviews") or [])

    def skip(self) -> bool:
        """Skip the offer of the weekly review that is due: it is not offered again on start
        until the next week.  Returns whether a review was due (and its offer is now skipped)."""
        with self.root.writing() as s:
            doc = focused_in(s.tx)
            if doc is None:
                return False
            _week, last_week, due = review_weeks(doc, s.today, s)
            skipped = [w for w in doc.get("skipped_reviews") or [] if isinstance(w, str)]
            if not due or last_week.isoformat() in skipped:
                return False
            doc["skipped_reviews"] = (skipped + [last_week.isoformat()])[-12:]
            s.tx.put("goals", doc)
        return True

    def add(self, moved: str = "", stalled: str = "", next_ask: str = "", week=None) -> Review:
        """Store the weekly review of the focused goal.

        It reviews last week while that one is still open for review, else this week (a
        review written on a Friday covers its own week).  A second review of the same week
        replaces the first.
        """
        moved = check_text(N_("what moved the goal"), moved)
        stalled = check_text(N_("what did not"), stalled)
        next_ask = check_text(N_("next week's ask"), next_ask)
        if not (moved or stalled or next_ask):
            raise ServiceError(
                _("a review needs at least one of: what moved, what did not, what to ask "
                  "for next week"))
        week_day = check_day(week, "week") if week is not None else None
        with self.root.writing() as s:
            doc = find_goal(s.tx, None)
            today = s.today
            this_week, last_week, due = review_weeks(doc, today, s)
            if week_day is not None:
                if week_day > today:
                    raise ServiceError(_("week {week_day} is in the future").format(
                            week_day=week_day.isoformat()))
                reviewed = s.week_of(week_day)[0]
            else:
                reviewed = last_week if due else this_week
            written = {"week": reviewed.isoformat(), "day": today.isoformat(),
                       "moved": moved, "stalled": stalled, "next_ask": next_ask}
            reviews = [r for r in doc.get("reviews") or [] if r.get("week") != written["week"]]
            doc["reviews"] = sorted(reviews + [written],
                                    key=lambda r: (r.get("week") or "", r.get("day") or ""))
            s.tx.put("goals", doc)
            badges.sync_if_locked(s, "reviews_52")
        return review(written)
