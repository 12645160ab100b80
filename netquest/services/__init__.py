"""The services layer: the use cases every command and screen shares.

`NetQuest` is the root (one per data file and clock); its composed services are
`quests`, `log`, `goals`, `people`, `stats` and `data`.
"""

from netquest.services.core import NetQuest
from netquest.services.errors import NothingToUndo, ServiceError, Unknown
from netquest.services.model import (
    CheckinResult,
    LogEntry,
    Quest,
    QuestDetail,
    QuestState,
    RedoResult,
    State,
    UndoResult,
)
from netquest.services.session import SETTING_KEYS, Session

__all__ = [
    "SETTING_KEYS",
    "NetQuest",
    "NothingToUndo",
    "ServiceError",
    "Session",
    "Unknown",
    "CheckinResult",
    "LogEntry",
    "Quest",
    "QuestDetail",
    "QuestState",
    "RedoResult",
    "State",
    "UndoResult",
]
