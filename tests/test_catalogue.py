"""The message catalogues: every message the code uses is in each `.po` with a translation,
nothing there is fuzzy or empty, the placeholders match, and a built wheel carries the
compiled `.mo` that reads the same as the checkout's."""

from __future__ import annotations

import gettext
import io
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
PO = ROOT / "netquest" / "locale" / "zh_CN" / "LC_MESSAGES" / "netquest.po"
# Every language's catalogue is held to the same rules: a third one is a .po file more.
CATALOGUES = sorted((ROOT / "netquest" / "locale").glob("*/LC_MESSAGES/netquest.po"))
KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2), "pgettext": ((1, "c"), 2)}
# The parts of a day a date template may use, whatever its English text uses.
DATE_FIELDS = {"weekday", "wd", "d", "dd", "month", "mon", "m", "year"}
FIELD = re.compile(r"\{([a-z_]+)(?:![rsa])?\}")


def used_messages() -> set[str | tuple[str, str]]:
    """Every message id in the code, extracted as `pybabel extract -F babel.cfg -k N_` does:
    the wrapped strings, the commands' help and click's own messages."""
    with open(ROOT / "babel.cfg", encoding="utf-8") as fh:
        method_map, options_map = parse_mapping_cfg(fh)
    found = set()
    for _file, _line, message, _comments, _context in extract_from_dir(
        str(ROOT), method_map=method_map, options_map=options_map, keywords=KEYWORDS
    ):
        found.add(tuple(message) if isinstance(message, (tuple, list)) else message)
    return found


@pytest.fixture(scope="module", params=CATALOGUES, ids=lambda p: p.parent.parent.name)
def catalogue(request):
    with open(request.param, "rb") as fh:
        return read_po(fh)


def test_there_is_a_chinese_catalogue():
    assert PO in CATALOGUES


def _key(message):
    return tuple(message.id) if isinstance(message.id, (tuple, list)) else message.id


def test_the_code_uses_hundreds_of_messages():
    used = used_messages()
    assert len(used) > 400
    assert "Settings" in used and ("{n} day", "{n} days") in used


def test_every_message_the_code_uses_is_translated(catalogue):
    translated = {_key(m): m for m in catalogue if m.id}
    missing = sorted(map(str, used_messages() - set(translated)))
    assert not missing, f"{len(missing)} messages missing: {missing[:10]}"


def test_no_entry_is_fuzzy_empty_or_unused(catalogue):
    used = used_messages()
    for m in catalogue:
        if not m.id:
            continue
        strings = m.string if isinstance(m.string, (tuple, list)) else (m.string,)
        assert all(strings), f"untranslated: {m.id!r}"
        assert not m.fuzzy, f"fuzzy: {m.id!r}"
        assert _key(m) in used, f"in the catalogue but no longer in the code: {m.id!r}"
    assert not catalogue.obsolete


def test_translations_keep_the_placeholders(catalogue):
    for m in catalogue:
        if not m.id:
            continue
        ids = m.id if isinstance(m.id, (tuple, list)) else (m.id,)
        strings = m.string if isinstance(m.string, (tuple, list)) else (m.string,)
        # A field in every id must be kept; one only some ids name may be (click's plurals
        # name the same value {possibility} and {possibilities}, and Chinese has one form).
        fields = [set(FIELD.findall(i)) for i in ids]
        wanted, named = set.intersection(*fields), set.union(*fields)
        allowed = named | (DATE_FIELDS if named & DATE_FIELDS else set())
        for text in strings:
            got = set(FIELD.findall(text))
            assert got <= allowed, f"{m.id!r}: {text!r} uses {got - allowed}"
            assert wanted - DATE_FIELDS <= got, f"{m.id!r}: {text!r} drops {wanted - got}"


def test_chinese_keeps_ascii_digits_in_the_numbers(catalogue):
    for m in catalogue:
        strings = m.string if isinstance(m.string, (tuple, list)) else (m.string,)
        for text in strings:
            assert not re.search("[０-９〇]", text), text


def test_the_wheel_carries_the_compiled_catalogue(tmp_path):
    """The build hook compiles each .po into the wheel; the .mo there speaks as the
    checkout's compile does, and no .mo is ever in the source tree."""
    assert not list((ROOT / "netquest" / "locale").rglob("*.mo"))
    subprocess.run(
        [sys.executable, "-m", "hatchling", "build", "-t", "wheel", "-d", str(tmp_path)],
        cwd=ROOT, check=True, capture_output=True,
    )
    (wheel,) = tmp_path.glob("netquest-*.whl")
    with zipfile.ZipFile(wheel) as zf:
        data = zf.read("netquest/locale/zh_CN/LC_MESSAGES/netquest.mo")
        assert "netquest/mo.py" in zf.namelist() and "netquest/i18n.py" in zf.namelist()
    built = gettext.GNUTranslations(io.BytesIO(data))
    from netquest import i18n

    i18n.use("zh-CN")
    assert i18n._("Settings") == built.gettext("Settings") == "设置"
    assert built.ngettext("{n} day", "{n} days", 2) == "{n} 天"
    assert not list((ROOT / "netquest" / "locale").rglob("*.mo"))


def test_the_commands_help_and_clicks_own_messages_are_extracted():
    """`--help` texts (docstrings, `help=`) and the click messages NetQuest routes through its
    catalogue are messages like any other: a new command's help without a translation fails
    `test_every_message_the_code_uses_is_translated`."""
    used = used_messages()
    assert "Check in QUEST (an id, or the start of its id or title)." in used  # a docstring
    assert "How many toward the target." in used  # an option's help=
    assert "want, intro_asked, introduced, met or keeping_in_touch." in used  # a named constant
    assert {"Usage:", "Options", "Commands", "Missing argument", "No such command {name!r}.",
            "Show this message and exit."} <= used
    assert ("Did you mean {possibility}?", "(Did you mean one of: {possibilities}?)") in used


def test_the_help_extractor_reads_what_click_shows():
    from netquest.cli.helpmessages import help_texts

    source = '''
WORDS = "daily or weekly."

@group.command("add")
@click.option("--cadence", help=f"How often: {WORDS}")
@click.option("--note", help="A note.")
def add(cadence, note):
    """Add a thing.

    It is kept.
    """

def helper():
    """Not a command: its docstring is no help text."""
'''
    found = {text for _line, _func, text, _comments in help_texts(source)}
    assert found == {"Add a thing.\n\nIt is kept.", "How often: daily or weekly.", "A note."}
