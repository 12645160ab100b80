"""The language machinery: choosing the language, loading the catalogue lazily from the
wheel's `.mo` or a cached compile of the `.po`, and the `.mo` compiler itself."""

from __future__ import annotations

import gettext
import io
import os
import zlib

import pytest

from netquest import i18n, mo


@pytest.mark.parametrize(
    "environ, expected",
    [
        ({}, "en"),
        ({"LANG": "zh_CN.UTF-8"}, "zh-CN"),
        ({"LANG": "en_US.UTF-8", "LC_MESSAGES": "zh_CN.UTF-8"}, "zh-CN"),
        ({"LC_ALL": "en_GB.UTF-8", "LANG": "zh_CN.UTF-8"}, "en"),
        ({"LANGUAGE": "fr:zh_CN", "LANG": "en_US.UTF-8"}, "zh-CN"),
        ({"LANGUAGE": "zh_CN", "LC_ALL": "C"}, "zh-CN"),  # LANGUAGE comes first, as in gettext
        ({"LANG": "C.UTF-8"}, "en"),
        ({"LANG": "zh_TW.UTF-8"}, "en"),  # Traditional Chinese is not Simplified
        ({"LANG": "zh"}, "zh-CN"),
        ({"LANG": "de_DE.UTF-8"}, "en"),
    ],
)
def test_the_system_language_is_read_as_gettext_reads_it(environ, expected):
    assert i18n.system_language(environ) == expected


@pytest.mark.parametrize("typed, stored", [("en", "en"), ("zh-CN", "zh-CN"), ("zh_cn", "zh-CN"),
                                           ("ZH-cn", "zh-CN"), ("system", None), ("", None)])
def test_setting_values(typed, stored):
    assert i18n.validate(typed) == stored


@pytest.mark.parametrize("typed", ["fr", "zh", "zh-TW", "zh_CN.UTF-8", "english"])
def test_an_unknown_language_is_one_line_naming_the_choices(typed):
    with pytest.raises(ValueError) as err:
        i18n.validate(typed)
    assert "\n" not in str(err.value)
    assert "en, zh-CN, system" in str(err.value) and repr(typed) in str(err.value)


def test_the_setting_wins_over_the_locale(monkeypatch):
    monkeypatch.setenv("LANGUAGE", "zh_CN")
    i18n.use("en")
    assert i18n._("Settings") == "Settings" and i18n.language() == "en"
    i18n.use("system")
    assert i18n._("Settings") == "设置" and i18n.language() == "zh-CN"


def test_nothing_is_loaded_before_the_first_message(monkeypatch):
    i18n.use("zh-CN")
    assert i18n._translations is None
    assert i18n.ngettext("{n} day", "{n} days", 3).format(n=3) == "3 天"
    assert i18n._translations is not None


def test_english_never_reads_a_catalogue(monkeypatch):
    def refuse(*args):
        raise AssertionError("English must not open a catalogue")

    monkeypatch.setattr(i18n, "_catalogue", refuse)
    i18n.use("en")
    assert i18n.ngettext("{n} day", "{n} days", 1) == "{n} day"
    assert i18n.ngettext("{n} day", "{n} days", 2) == "{n} days"


def test_a_checkout_compiles_the_po_once_into_the_cache(monkeypatch, tmp_path):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    i18n.use("zh-CN")
    assert i18n._("Today") == "今天"
    cached = list((tmp_path / "cache" / "netquest" / "locale").iterdir())
    assert len(cached) == 1 and cached[0].name.startswith("zh_CN-")
    with open(os.path.join(i18n.LOCALE_DIR, "zh_CN", "LC_MESSAGES", "netquest.po"), "rb") as fh:
        source = fh.read()
    assert f"{zlib.crc32(source):08x}" in cached[0].name  # an edited .po is compiled anew

    def refuse(text):
        raise AssertionError("the cached catalogue must be read, not compiled again")

    monkeypatch.setattr(mo, "compile_po", refuse)
    i18n.reset()
    assert i18n._("Today") == "今天"


def test_the_cache_folder_is_platformdirs_one(monkeypatch, tmp_path):
    from platformdirs import user_cache_dir

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert i18n._cache_dir() == user_cache_dir("netquest")
    monkeypatch.delenv("XDG_CACHE_HOME")
    assert i18n._cache_dir() == user_cache_dir("netquest")


def test_a_cache_that_cannot_be_written_still_speaks(monkeypatch, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))  # a file, not a folder
    i18n.use("zh-CN")
    assert i18n._("Today") == "今天"


def test_a_catalogue_that_cannot_be_read_falls_back_to_english(monkeypatch, tmp_path):
    (tmp_path / "xx_YY" / "LC_MESSAGES").mkdir(parents=True)
    (tmp_path / "xx_YY" / "LC_MESSAGES" / "netquest.po").write_text('msgid "x\n', "utf-8")
    monkeypatch.setattr(i18n, "LOCALE_DIR", str(tmp_path))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    assert i18n.available() == ["en", "xx-YY"]
    i18n.use("xx-YY")
    assert i18n._("Today") == "Today" and i18n.language() == "en"


PO = r'''
msgid ""
msgstr ""
"Content-Type: text/plain; charset=utf-8\n"
"Plural-Forms: nplurals=2; plural=(n != 1);\n"

# a comment
msgid "Hello"
msgstr "Salut"

msgid "{n} day"
msgid_plural "{n} days"
msgstr[0] "{n} jour"
msgstr[1] "{n} jours"

msgctxt "month"
msgid "May"
msgstr "Mai"

#, fuzzy
msgid "Fuzzy"
msgstr "Pas sûr"

msgid "Empty"
msgstr ""

msgid ""
"Two "
"lines\n"
msgstr ""
"Deux "
"lignes\n"
'''


def test_the_compiler_writes_what_gettext_reads():
    t = gettext.GNUTranslations(io.BytesIO(mo.compile_po(PO)))
    assert t.gettext("Hello") == "Salut"
    assert t.ngettext("{n} day", "{n} days", 1) == "{n} jour"
    assert t.ngettext("{n} day", "{n} days", 5) == "{n} jours"
    assert t.pgettext("month", "May") == "Mai" and t.gettext("May") == "May"
    assert t.gettext("Fuzzy") == "Fuzzy"  # fuzzy entries are left out, as msgfmt does
    assert t.gettext("Empty") == "Empty"
    assert t.gettext("Two lines\n") == "Deux lignes\n"


def test_a_broken_po_names_the_line():
    with pytest.raises(mo.PoError, match="line 2"):
        mo.parse_po('msgid "a"\nmsgstr nonsense\n')


def _cached_catalogue(tmp_path):
    (cached,) = (tmp_path / "cache" / "netquest" / "locale").iterdir()
    return cached


@pytest.mark.parametrize(
    "damage",
    [
        lambda raw: raw[:100],  # cut short by a full disk
        lambda raw: b"\xde\x12\x04\x95\0\0\0\0\xff\xff\xff\0",  # a header with nothing behind
        lambda raw: b"",
        lambda raw: raw.replace("今天".encode(), "令天".encode()),  # someone else's strings
        lambda raw: mo.compile_po(PO),  # a well-formed catalogue, but not ours
    ],
    ids=["truncated", "hostile-header", "empty", "altered", "foreign"],
)
def test_a_damaged_cached_catalogue_is_compiled_again(monkeypatch, tmp_path, damage):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    i18n.use("zh-CN")
    assert i18n._("Today") == "今天"
    cached = _cached_catalogue(tmp_path)
    cached.write_bytes(damage(cached.read_bytes()))
    i18n.reset()
    assert i18n._("Today") == "今天" and i18n.language() == "zh-CN"
    assert i18n._("Settings") == "设置"
    i18n.reset()  # and the cache is whole again
    monkeypatch.setattr(mo, "compile_po", lambda text: pytest.fail("compiled twice"))
    assert i18n._("Today") == "今天"


def test_a_damaged_packed_catalogue_falls_back_to_the_po(monkeypatch, tmp_path):
    folder = tmp_path / "zh_CN" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    source = os.path.join(i18n.LOCALE_DIR, "zh_CN", "LC_MESSAGES", "netquest.po")
    with open(source, "rb") as fh:
        (folder / "netquest.po").write_bytes(fh.read())
    (folder / "netquest.mo").write_bytes(b"\xde\x12\x04\x95\0\0\0\0")
    monkeypatch.setattr(i18n, "LOCALE_DIR", str(tmp_path))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    i18n.use("zh-CN")
    assert i18n._("Today") == "今天"


def test_an_undo_toast_names_a_starter_quest_in_the_language():
    from datetime import date
    from types import SimpleNamespace

    from netquest.wording import taken_back

    result = SimpleNamespace(quest_id="comment", quest_title="Comment on posts in your community",
                             count=1, day=date(2026, 3, 11), xp=5,
                             removed=(), kept=())
    i18n.use("zh-CN")
    said = taken_back(result, i18n._("Undone"))
    assert said.startswith("已撤销 在社区的帖子下留言 ×1") and "Comment" not in said
