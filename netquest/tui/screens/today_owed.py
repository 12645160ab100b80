"""What Today still owes the data file when the app quits.

A terminal brings the keys typed quickly in one read, so a check-in's key and q can reach the
app together.  Today writes in a thread worker that had not even started when q ended the
app, so the check-in was lost; and a check-in from Today is saved before its badges are
looked at (`stats.badges_after`, asked once the row is drawn), so a quit in between left
them unstored until some later check-in.  Quitting now waits for the writes in flight and
stores the badges still owed first; the toasts they would have brought are not shown.
"""

from __future__ import annotations

import asyncio

from netquest.tui.filewatch import DATA_ERRORS, guard_writes

# The groups of the workers that write the player's settings (the App's theme, the settings
# screen's Save): a quit waits for them as for Today's check-ins.
SETTINGS_WRITERS = ("theme", "settings")


class OwedWrites:
    """A mixin of `TodayScreen` (which gives it `owed`, `_lock`, `services` and its `act`
    workers): `owed` lists (result, people) of the check-ins whose badges are not stored yet."""

    def take_owed(self, result, people) -> bool:
        """Whether the badges of `result` are still owed, and no longer from now on (called
        holding Today's lock)."""
        if (result, people) not in self.owed:
            return False
        self.owed.remove((result, people))
        return True

    async def writes_done(self) -> None:
        """Wait for Today's writes in flight (and the badges they ask for), then store the
        badges still owed."""
        await self._keys_handled()
        while True:
            busy = [w for w in self.app.workers
                    if w.node is self and w.group == "act" and not w.is_finished]
            if busy:
                await asyncio.gather(*(w.wait() for w in busy), return_exceptions=True)
            elif self.owed:
                await asyncio.to_thread(self._store_owed)
            else:
                return

    async def _keys_handled(self) -> None:
        """Let the keys read before the quit reach their actions: a priority key (ctrl+q) is
        acted on by the App while the keys before it still wait in the focused widget's queue,
        or in the queue of a parent they bubble up to."""
        node = self.app.focused or self.app.screen  # where the App sends a key it reads
        while node is not None:  # up to the App, where a key's binding is looked up
            handled = asyncio.get_running_loop().create_future()
            node.call_later(handled.set_result, None)  # runs after what the node has queued
            await handled
            node = node.parent

    def _store_owed(self) -> None:
        while True:  # one at a time: a check-in answered meanwhile appends to `owed`
            with self._lock:
                if not self.owed:
                    return
                result, people = self.owed.pop(0)
                try:
                    guard_writes(self.app)
                    self.services.stats.badges_after(result, people)
                except DATA_ERRORS:
                    pass  # a later check-in's replay stores what this one won


class QuitAfterWrites:
    """A mixin of the App: q (and ctrl+q, and the palette's Quit) end the app once Today's
    writes are done.  The wait runs beside the App's queue, which may still hold keys that
    came before the quit."""

    async def action_quit(self) -> None:
        self.run_worker(self._quit_when_written(), group="quit", exclusive=True)

    async def _quit_when_written(self) -> None:
        await self.today_screen.writes_done()
        # A theme picked, or settings saved, just before the quit are written by a worker too.
        busy = [w for w in self.workers
                if w.group in SETTINGS_WRITERS and not w.is_finished]
        if busy:
            await asyncio.gather(*(w.wait() for w in busy), return_exceptions=True)
        self.exit()
