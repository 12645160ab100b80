"""The check-ins and skips of one data file, indexed once for the rules of a use case."""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from netquest.store.layout import CheckInRecord
from netquest.store.protocols import Transaction


class History:
    """Check-ins and skips of one data file, indexed for the rules.

    Built from the store's unsorted tallies (quest, stored entries) so that a summary of
    a long history never builds a record per check-in; `records` are read on demand.
    With `since_year`, only the check-ins filed in that year and later are read (the
    state of play's checkpoints stand for the years before); with `since`, only days from
    it on are counted, though the XP total is of every check-in read.
    """

    def __init__(
        self, tx: Transaction, on_day: date | None = None, since_year: int | None = None,
        since: date | None = None,
    ) -> None:
        self._tx = tx
        self.since_year, self.since = since_year, since  # what was read, to read it again
        self._records: list[CheckInRecord] | None = None
        self.counts: dict[str, dict[date, int]] = {}
        self.xp_total = 0
        self.on_day = 0
        on_day_text = on_day.isoformat() if on_day else None
        active: set[date] = set()
        fromiso = date.fromisoformat
        day_cache: dict[str, date] = {}
        floor = since.isoformat() if since else ""
        first = "~"  # after every ISO day
        for quest, entries in tx.tallies(since_year):
            per_day = self.counts.setdefault(quest, {})
            for entry in entries:
                text = entry[1]
                if text < first:
                    first = text
                if text < floor:
                    self.xp_total += entry[3]
                    continue
                day = day_cache.get(text)
                if day is None:
                    day = day_cache[text] = fromiso(text)
                    active.add(day)
                per_day[day] = per_day.get(day, 0) + entry[2]
                self.xp_total += entry[3]
                if text == on_day_text:
                    self.on_day += 1
        self.active_days = active
        # The day of the first check-in of the whole history, also when only part of it was
        # read: a year left unread ends before any day read, so its last day stands in.
        if since_year is not None and tx.has_log_before(since_year):
            self.first_day: date | None = date(since_year - 1, 12, 31)
        else:
            self.first_day = fromiso(first) if first != "~" else None
        self.vacation: set[date] = set()
        self.quest_skips: dict[str, set[date]] = defaultdict(set)
        for skip in tx.skips():
            day = fromiso(skip["day"])
            if skip.get("quest"):
                self.quest_skips[skip["quest"]].add(day)
            else:
                self.vacation.add(day)

    @property
    def records(self) -> list[CheckInRecord]:
        """Every check-in as a record, sorted by day (read on first use)."""
        if self._records is None:
            self._records = self._tx.checkins()
        return self._records

    def skips_for(self, quest_id: str) -> set[date]:
        """The days the rules take out of `quest_id`'s periods: the vacation, and the quest's
        own skips but those of days it has a check-in on.  A day is checked in or skipped,
        never both (services/skipped.py); a file from before that rule, or merged from one,
        may hold both, and then the check-in counts.  A vacation day keeps a check-in out."""
        own = self.quest_skips.get(quest_id)
        if not own:
            return self.vacation
        counts = self.counts.get(quest_id)
        if counts:
            own = {day for day in own if skip_counts(quest_id, day, counts)}
        return own | self.vacation


def skip_counts(quest: str | None, day, checked) -> bool:
    """Whether a skip of `quest` (None: a vacation) takes `day` out of the quest's periods,
    given the days it has check-ins on (`checked`, days as the skip gives them): a vacation
    always does; a quest's own skip does unless the quest has a check-in that day."""
    return quest is None or day not in checked
