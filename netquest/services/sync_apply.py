"""Putting a merged history into the data file: through the store, under its lock, all or
nothing, after a backup of the file it replaces.

If the file changed since the snapshot the merge started from (a check-in made while the
network was slow), the merge is done once more against what is there now, so that
check-in is kept too.  What only this device knows stays: its machine settings, the
effects undo reverses (renumbered with their check-ins); derived values (badges' days)
are counted again from the merged history.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from netquest.i18n import _
from netquest.rules.merge import merge
from netquest.services import effects
from netquest.services.badges import sync_achievements
from netquest.services.errors import ServiceError
from netquest.services.sync_form import dump_from_state, state_from_dump

if TYPE_CHECKING:
    from netquest.services.core import NetQuest
    from netquest.services.sync import Changes


def apply(root: NetQuest, snap: dict, merged: dict) -> tuple[Changes, bool]:
    """Make the data file hold `merged` (merged again with any change made since `snap`);
    returns what came in, and whether the file now holds exactly `merged` (False: changes
    made meanwhile are in it too, for the next sync to send)."""
    from netquest.services.sync import Changes, SyncProblem, changed_at, changes

    with root.writing(backup_first=True) as s:
        tx = s.tx
        current = tx.dump(mids=True)
        live = state_from_dump(current, snap, changed_at(s))
        same = live["records"] == snap["records"] and live["tombs"] == snap["tombs"]
        target = merged if same else merge(snap, live, merged)[0]
        came_in = changes(live, target)
        if came_in.total == 0 and target["seq"] <= current["seq"]:
            return Changes(), same
        new = dump_from_state(target, current)
        kept_effects = _renumbered_effects(tx, current, new)
        # Check-ins that came in are not this device's to undo: undo stops above them.
        came = {mid for mid, v in target["records"].items()
                if v["k"] == "checkin" and mid not in live["records"]}
        synced = max([tx.meta.get("synced", 0)]
                     + [c["seq"] for c in new["checkins"] if c["mid"] in came])
        try:
            tx.load_dump(new, synced=synced)
        except (ValueError, ServiceError) as exc:
            raise SyncProblem(_("the merged history does not fit the data file ({problem}); the "
                                "data file is unchanged").format(problem=exc)) from None
        for doc in kept_effects:
            tx.put(effects.TABLE, doc)
        sync_achievements(s)
    return came_in, same


def _renumbered_effects(tx, current: dict, new: dict) -> list[dict]:
    """The effects of check-ins still here, under their (maybe new) numbers."""
    mid_of = {c["seq"]: c["mid"] for c in current["checkins"]}
    seq_of = {c["mid"]: c["seq"] for c in new["checkins"]}
    out = []
    for doc in tx.all(effects.TABLE):
        seq = seq_of.get(mid_of.get(doc.get("id")))
        if seq is not None and effects.problem(doc) is None:
            out.append({**doc, "id": seq})
    return out
