"""The services layer: the use cases every command and screen shares."""

from netquest.services.core import SETTING_KEYS, NetQuest
from netquest.services.errors import NothingToUndo, ServiceError, UnknownQuest
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

__all__ = [
    "SETTING_KEYS", "NetQuest", "NothingToUndo", "ServiceError", "UnknownQuest",
    "CheckinResult", "LogEntry", "Quest", "QuestDetail", "QuestState", "RedoResult", "State", "UndoResult",
]
