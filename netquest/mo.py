"""Compile a gettext `.po` message catalogue into the `.mo` form the stdlib reads.

Standard library only: the wheel's build hook (`hatch_build.py`) loads this file by path
to compile the catalogues it packs, and `netquest.i18n` calls it on first use in a source
checkout, where no `.mo` is ever committed.  It reads what `pybabel update` writes:
`msgctxt`, `msgid`, `msgid_plural`, `msgstr[N]`, continued strings and comments; fuzzy
entries are left out, as msgfmt does.
"""

from __future__ import annotations

import ast
import struct

__all__ = ["PoError", "compile_po", "parse_po"]


class PoError(ValueError):
    """A `.po` file this compiler cannot read: names the line."""


def _unquote(text: str, line_no: int) -> str:
    text = text.strip()
    if len(text) < 2 or text[0] != '"' or text[-1] != '"':
        raise PoError(f"line {line_no}: expected a quoted string, got {text[:40]!r}")
    try:
        return ast.literal_eval(text)
    except (SyntaxError, ValueError):
        raise PoError(f"line {line_no}: bad string {text[:40]!r}") from None


def parse_po(text: str) -> list[dict]:
    """The entries of a `.po` file: dicts with `ctx`, `id`, `plural`, `strs` (index → text)
    and `fuzzy`.  The header is the entry whose id is empty."""
    entries: list[dict] = []
    entry: dict | None = None
    field: tuple | None = None
    fuzzy = False

    def finish() -> None:
        nonlocal entry
        if entry is not None and "id" in entry:
            entries.append(entry)
        entry = None

    for no, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if not line:
            finish()
            fuzzy = False
            continue
        if line.startswith("#"):
            if line.startswith("#,") and "fuzzy" in line:
                fuzzy = True
            if line.startswith("#~"):
                continue  # an obsolete entry
            if entry is not None and "id" in entry and entry.get("strs"):
                finish()
            continue
        keyword, _, rest = line.partition(" ")
        if line.startswith('"'):
            if field is None:
                raise PoError(f"line {no}: a string continues nothing")
            target, key = field
            target[key] = target[key] + _unquote(line, no)
            continue
        if keyword in ("msgctxt", "msgid") and entry is not None and entry.get("strs"):
            finish()
        if entry is None:
            entry = {"ctx": None, "plural": None, "strs": {}, "fuzzy": fuzzy}
            fuzzy = False
        if keyword == "msgctxt":
            entry["ctx"] = _unquote(rest, no)
            field = (entry, "ctx")
        elif keyword == "msgid":
            entry["id"] = _unquote(rest, no)
            field = (entry, "id")
        elif keyword == "msgid_plural":
            entry["plural"] = _unquote(rest, no)
            field = (entry, "plural")
        elif keyword == "msgstr":
            entry["strs"][0] = _unquote(rest, no)
            field = (entry["strs"], 0)
        elif keyword.startswith("msgstr[") and keyword.endswith("]"):
            index = int(keyword[7:-1])
            entry["strs"][index] = _unquote(rest, no)
            field = (entry["strs"], index)
        else:
            raise PoError(f"line {no}: unknown keyword {keyword[:20]!r}")
    finish()
    return entries


def compile_po(text: str) -> bytes:
    """The `.mo` bytes of a `.po` file's text (translated, non-fuzzy entries and the header)."""
    messages: dict[bytes, bytes] = {}
    for e in parse_po(text):
        strs = [e["strs"][i] for i in sorted(e["strs"])]
        if e["id"] and (e["fuzzy"] or not all(strs)):
            continue  # untranslated or fuzzy: the program falls back to the English text
        key = e["id"] if e["plural"] is None else f"{e['id']}\0{e['plural']}"
        if e["ctx"] is not None:
            key = f"{e['ctx']}\x04{key}"
        messages[key.encode()] = "\0".join(strs).encode()
    keys = sorted(messages)
    count = len(keys)
    ids_at = 7 * 4
    strs_at = ids_at + count * 8
    data_at = strs_at + count * 8
    ids = strs = b""
    table_ids, table_strs = [], []
    for k in keys:
        table_ids.append((len(k), data_at + len(ids)))
        ids += k + b"\0"
    str_base = data_at + len(ids)
    for k in keys:
        v = messages[k]
        table_strs.append((len(v), str_base + len(strs)))
        strs += v + b"\0"
    out = struct.pack("<7I", 0x950412DE, 0, count, ids_at, strs_at, 0, 0)
    out += b"".join(struct.pack("<2I", n, at) for n, at in table_ids)
    out += b"".join(struct.pack("<2I", n, at) for n, at in table_strs)
    return out + ids + strs
