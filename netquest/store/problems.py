"""What the store says is wrong with a data file, in the user's language.

Each is the part of a `StoreError` after the file's name ("/home/ana/netquest.json: is cut
short …"); the store raises them, the command line and the app show them as they are.
"""

from __future__ import annotations

from netquest.i18n import _, ngettext


def untouched(problem: object) -> str:
    return _("{problem}; it was left untouched").format(problem=problem)


def unchanged(problem: object) -> str:
    return _("{problem}; nothing was changed").format(problem=problem)


def unreadable(why: object) -> str:
    return _("cannot be read: {why}").format(why=why)


def not_utf8(offset: int) -> str:
    return _("is not UTF-8 text (bad byte at offset {offset})").format(offset=offset)


def empty() -> str:
    return _("is empty, probably cut short")


def cut_short(chars: int) -> str:
    return ngettext("is cut short (the JSON stops after {n} character)",
                    "is cut short (the JSON stops after {n} characters)", chars).format(n=chars)


def not_json(why: str, line: int, column: int) -> str:
    # `why` is Python's own JSON error ("Expecting ',' delimiter"): it stays as Python says it.
    return _("is not valid JSON ({why}: line {line} column {column})").format(
        why=why, line=line, column=column)


def not_netquest() -> str:
    return _("is JSON but not a NetQuest data file (no NetQuest meta record)")


def bad_meta() -> str:
    return _("has a damaged meta record (schema or seq is not a whole number)")


def newer(schema: int, known: int) -> str:
    return _("was written by a newer NetQuest (schema {schema}, this one reads up to {known}); "
             "upgrade NetQuest to use it").format(schema=schema, known=known)


def not_migrated(schema: int, why: object) -> str:
    return _("cannot be migrated to schema {schema}: {why}").format(schema=schema, why=why)


def damaged(problem: object) -> str:
    return _("has damaged NetQuest data ({problem})").format(problem=problem)


def locked(seconds: float) -> str:
    return _("is locked by another NetQuest process (waited {seconds} s); try again").format(
        seconds=f"{seconds:g}")


def unlockable(why: object) -> str:
    return _("cannot be locked: {why}").format(why=why)


def unwritable(why: object) -> str:
    return unchanged(_("cannot be written: {why}").format(why=why))


def not_a_backup(path: object) -> str:
    return unchanged(_("is not a backup of {path}").format(path=path))


def no_restore_from(why: object) -> str:
    return _("cannot restore from it: {why}").format(why=why)


def unrestorable(why: object) -> str:
    return unchanged(_("cannot be restored: {why}").format(why=why))
