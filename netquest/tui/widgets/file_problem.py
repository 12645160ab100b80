"""The banner across the top of a screen while the data file cannot be used."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from netquest.i18n import _
from netquest.text import inert


class FileProblem(Static):
    """Shows the app's `file_problem` line (file, problem, newest backup) while there is one."""

    def on_mount(self) -> None:
        self.display = False
        if hasattr(self.app, "file_problem"):
            self.watch(self.app, "file_problem", self._show)

    def _show(self, problem: str | None) -> None:
        self.display = problem is not None
        self.update(Text.assemble((_("Data file problem: "), "bold"), inert(problem or "")))
