"""NetQuest's storage: a TinyDB file made safe for several processes, with backups and migrations."""

from .errors import CorruptFile, NewerSchema, NotNetQuestFile, StoreError, StoreUnavailable
from .layout import CheckInRecord
from .migrations import SCHEMA_VERSION
from .store import Store, default_db_path
from .tx import Tx

__all__ = [
    "SCHEMA_VERSION",
    "CheckInRecord",
    "CorruptFile",
    "NewerSchema",
    "NotNetQuestFile",
    "Store",
    "StoreError",
    "StoreUnavailable",
    "Tx",
    "default_db_path",
]
