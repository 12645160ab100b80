"""The app's side of `netquest sync`: the sync state in Today's header, a sync on start and
on a key.  Nothing of it shows while sync is not set up for the data file."""

from __future__ import annotations

from textual import work
from textual.widgets import Static

from netquest.i18n import _, ngettext
from netquest.services.errors import ServiceError
from netquest.text import inert

SYNC_KEY = "S"


class SyncState(Static):
    """One line under the player bar: how the latest sync went."""

    DEFAULT_CSS = """
    SyncState { height: 1; padding: 0 1; background: $boost; color: $text-muted; }
    """


def summary(report) -> str:
    """The header's words for a sync that worked."""
    came, went = report.came_in.total, report.went_out.total
    if not came and not went:
        return _("up to date")
    return ngettext("{came} change in, {went} out", "{came} changes in, {went} out",
                    came).format(came=came, went=went)


class SyncMixin:
    """Mixed into the App: `sync_on`, `sync_setup_check()` on start, `action_sync`."""

    sync_on = False

    def sync_setup_check(self) -> None:
        """On start: when this data file syncs, show the state line and sync once."""
        try:
            self.sync_on = self.services.sync.is_set_up()  # type: ignore[attr-defined]
        except ServiceError:
            self.sync_on = False
        if not self.sync_on:
            return
        today = self.today_screen  # type: ignore[attr-defined]
        today.mount(SyncState("⇅ " + _("sync set up"), id="sync-state"), after="#player")
        self.refresh_bindings()  # type: ignore[attr-defined]
        self.action_sync()

    def _sync_line(self, text: str) -> None:
        for widget in self.today_screen.query(SyncState):  # type: ignore[attr-defined]
            widget.update(f"⇅ {text}")

    def action_sync(self) -> None:
        if not self.sync_on:
            self.notify(  # type: ignore[attr-defined]
                _("Sync is not set up: `netquest sync setup REMOTE` sets it up."), markup=False)
            return
        self._sync_line(_("syncing…"))
        self._sync_worker()

    @work(thread=True, exclusive=True, group="sync")
    def _sync_worker(self) -> None:
        try:
            report = self.services.sync.sync()  # type: ignore[attr-defined]
        except ServiceError as exc:
            self.call_from_thread(self._synced, None, str(exc))  # type: ignore[attr-defined]
            return
        self.call_from_thread(self._synced, report, None)  # type: ignore[attr-defined]

    def _synced(self, report, problem: str | None) -> None:
        now = self.services.clock().now()  # type: ignore[attr-defined]
        if report is None:
            self._sync_line(_("sync failed at {time} ({key} tries again)").format(
                time=f"{now:%H:%M}", key=SYNC_KEY))
            self.notify(inert(problem), title=_("Sync"), severity="warning",  # type: ignore
                        markup=False)
            return
        self._sync_line(_("synced {time}: {summary}").format(time=f"{now:%H:%M}",
                                                             summary=summary(report)))
        if report.came_in.total:
            self.today_screen.load()  # type: ignore[attr-defined]
