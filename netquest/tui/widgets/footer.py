"""The footer of the app's screens: Textual's Footer, rebuilt only when what it shows changes.

Textual's Footer builds its keys anew after every `refresh_bindings`, and a screen asks for
that whenever the highlight moves or the state reloads (a check-in, another terminal's
change).  Today's footer holds some twenty widgets, so each rebuild costs tens of
milliseconds of styling on the event loop, for keys that are most often the very same.
Each key is also styled once instead of three times (see `compose`).
"""

from __future__ import annotations

from textual.widgets import Footer
from textual.widgets._footer import FooterKey


class KeysFooter(Footer):
    """A Footer that skips a rebuild when its keys, their state and its options are unchanged."""

    _composed: tuple | None = None  # what the keys on screen were built from

    def _shown(self) -> tuple | None:
        """Everything `Footer.compose` reads: None until the screen's bindings are ready."""
        if not self._bindings_ready:
            return None
        return (
            self.show_command_palette,
            self.compact,
            self.combine_groups,
            tuple(
                (binding, self.app.get_key_display(binding), enabled, tooltip)
                for (_node, binding, enabled, tooltip) in self.screen.active_bindings.values()
            ),
        )

    def compose(self):
        self._composed = self._shown()
        for widget in super().compose():
            if isinstance(widget, FooterKey) and "compact" in (widget._reactive_connect or {}):
                # A key bound to the footer's `compact`: set now, it is styled once on mount
                # instead of once for its own default and again for the footer's value.
                widget.set_reactive(FooterKey.compact, self.compact)
                widget.set_class(self.compact, "-compact", update=False)
            yield widget

    async def recompose(self) -> None:
        if self.is_attached and self._composed is not None and self._shown() == self._composed:
            return
        await super().recompose()
