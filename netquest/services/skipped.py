"""A quest's day is checked in or skipped, never both.

A skip wins over a check-in in the rules (the day leaves its period), so a skip on a day
with a check-in would quietly take the check-in out of its streak, and a check-in on a
skipped day would earn XP and count for nothing.  Both are refused in one line saying how
to get the day back; a vacation (every quest's skip) refuses nothing: a check-in while away
is the user's to make.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from netquest.i18n import _
from netquest.services.errors import ServiceError

if TYPE_CHECKING:
    from netquest.services.history import History
    from netquest.services.model import Quest
    from netquest.services.session import Session


def refuse_skip(s: Session, quest: Quest, day: date) -> None:
    """ServiceError if `quest` has a check-in on `day`."""
    iso = day.isoformat()
    if any(rec.day == iso for rec in s.tx.checkins(quest.id)):
        raise ServiceError(_("quest {id} has a check-in on {day}: a skip is for a day "
                             "without one (`netquest log {id}` lists it to delete)")
                           .format(id=repr(quest.id), day=iso))


def refuse_checkin(hist: History, quest: Quest, day: date) -> None:
    """ServiceError if `quest` itself is skipped on `day` (and the skip counts: a day of an
    older file that holds a check-in too counts the check-in, and a vacation on that day
    refuses nothing)."""
    if day in hist.quest_skips.get(quest.id, ()) and day not in hist.counts.get(quest.id, ()):
        raise ServiceError(_("quest {id} is skipped on {day}: take the skip back first "
                             "(`netquest skip {id} --undo`, or s in the app)")
                           .format(id=repr(quest.id), day=day.isoformat()))


def take_back(s: Session, quest: Quest, day: date) -> bool:
    """Remove `quest`'s own skip of `day`; whether there was one.  ServiceError if there was
    none and `day` is a vacation day: one quest's skip taken back cannot end the vacation."""
    iso = day.isoformat()
    if s.tx.remove_skip(quest.id, iso):
        return True
    if any(k.get("quest") is None and k["day"] == iso for k in s.tx.skips()):
        raise ServiceError(_("{day} is a vacation day for every quest: only a quest's own "
                             "skip can be taken back").format(day=iso))
    return False
