"""The one typed schema of every record NetQuest stores, checked on load, on import, on every
write and by doctor.

Each record kind is a frozen dataclass with one `from_doc` that checks every field (type,
range, date, id shape, text length) and one `to_doc` that gives the stored form back.  A
bad record raises `SchemaError`, whose message names the table, the record, the field and
what is wrong.  `RECORDS` maps each table to its record class: a new table adds one class
and one entry there.

The check-in log is the exception to "one dataclass per record": a long history holds tens
of thousands of check-ins, so they are checked by `entry_problem` without building an
object each (`CheckIn.from_doc` uses the same check).

The package holds one module per area: `fields` (limits, field checks, `Record`),
`records` (the small tables), `goals` (goals, key results, reviews), `log` (the check-in
log), `undo` (effects and redo) and `files` (the registry and whole-file checks).  Import
the records and the whole-file checks from `netquest.store.schema`; the limits and field
checks from `netquest.store.schema.fields`.
"""

from . import fields
from .fields import Record, SchemaError, StoredDamage
from .files import (
    ID_FIELDS,
    LAZY_TABLES,
    RECORDS,
    SINGLE,
    check_doc,
    check_raw,
    notes,
)
from .goals import Goal, KeyResult, Review
from .log import (
    CheckIn,
    LogDoc,
    check_log_doc,
    entry_problem,
)
from .records import (
    Achievement,
    Meta,
    Person,
    Quest,
    Settings,
    Skip,
    UndoMemo,
)
from .undo import (
    Effects,
    PersonEffect,
    Redo,
)

__all__ = [
    "fields",
    "Achievement",
    "CheckIn",
    "Effects",
    "Goal",
    "ID_FIELDS",
    "KeyResult",
    "LAZY_TABLES",
    "LogDoc",
    "Meta",
    "Person",
    "PersonEffect",
    "Quest",
    "RECORDS",
    "Record",
    "Redo",
    "Review",
    "SINGLE",
    "SchemaError",
    "Settings",
    "Skip",
    "StoredDamage",
    "UndoMemo",
    "check_doc",
    "check_log_doc",
    "check_raw",
    "entry_problem",
    "notes",
]
