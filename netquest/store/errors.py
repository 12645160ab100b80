"""The errors the store raises: each one names the file, what is wrong and the newest backup."""

from __future__ import annotations

from pathlib import Path


class StoreError(Exception):
    """The data file cannot be used; `str()` is one line a user can act on."""

    def __init__(
        self,
        path: Path | str | None,
        problem: str,
        backup: Path | None = None,
        restorable: bool = False,
    ) -> None:
        self.path = Path(path) if path is not None else None
        self.problem = " ".join(str(problem).split())
        self.backup = backup
        self.restorable = (
            restorable  # the data file itself is damaged or gone: a restore is the way back
        )
        super().__init__(self.message())

    def message(self) -> str:
        from netquest.i18n import _

        where = str(self.path) if self.path is not None else "<memory>"
        if self.backup is None:
            newest = _("no backup yet")
        elif self.restorable:
            newest = _("newest backup: {path}; `netquest doctor --restore {name}` puts it "
                       "back").format(path=self.backup, name=self.backup.name)
        else:
            newest = _("newest backup: {path}").format(path=self.backup)
        return _("{path}: {problem} ({newest})").format(path=where, problem=self.problem,
                                                        newest=newest)

    def __str__(self) -> str:
        return self.message()


class CorruptFile(StoreError):
    """The file is not valid JSON, is cut short, or its NetQuest records are damaged."""


class NotNetQuestFile(StoreError):
    """The file is valid JSON but was not written by NetQuest."""


class NewerSchema(StoreError):
    """The file was written by a newer NetQuest than this one."""


class StoreUnavailable(StoreError):
    """The folder or file cannot be created, read, written or locked."""
