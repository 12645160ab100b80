"""NetQuest's storage: a TinyDB file made safe for several processes, with backups and migrations.

`Store` and `Tx` are loaded on first use: shell completion reads the data file through
`netquest.store.glance` and must not pay for the schema and TinyDB it never touches.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .errors import (
    CorruptFile,
    NewerSchema,
    NotNetQuestFile,
    StoreError,
    StoreUnavailable,
)
from .layout import CheckInRecord
from .location import default_db_path
from .migrations import SCHEMA_VERSION

if TYPE_CHECKING:
    from .store import Store
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

_LAZY = {"Store": "store", "Tx": "tx"}


def __getattr__(name: str):
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from importlib import import_module

    value = getattr(import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value
