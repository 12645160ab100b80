"""keymap.toml that cannot be used (not UTF-8, not TOML, too deep, too big, not a file):
reported once in a notification, and the default keys apply."""

from __future__ import annotations

import os

import pytest

from netquest.tui.keymap import MAX_BYTES, load_keymap
from netquest.tui.widgets.quest_list import QuestList
from tests.tui.conftest import make_services, open_app, settle, starter

BAD_FILES = {
    "not UTF-8": (b'"today.checkin" = "c"\n# caf\xe9\n', "not UTF-8"),
    "not TOML": (b'"today.checkin" = \n', "not valid TOML"),
    "deep arrays": (b"x = " + b"[" * 5000 + b"]" * 5000 + b"\n", "nested too deeply"),
    "deep tables": (b"x = " + b"{a = " * 3000 + b"1" + b"}" * 3000 + b"\n", "nested too deeply"),
    "huge": (b'"today.checkin" = "c"\n' + b"# padding\n" * (MAX_BYTES // 10 + 1), "larger than"),
}


@pytest.mark.parametrize("name", list(BAD_FILES))
def test_an_unusable_keymap_is_one_problem_and_no_keys(tmp_path, name):
    content, words = BAD_FILES[name]
    path = tmp_path / "keymap.toml"
    path.write_bytes(content)
    keymap, problems = load_keymap(path)
    assert keymap == {}
    assert len(problems) == 1 and words in problems[0] and str(path) in problems[0]
    assert "default keys" in problems[0]


def test_a_fifo_keymap_is_refused_without_blocking(tmp_path):
    path = tmp_path / "keymap.toml"
    os.mkfifo(path)
    keymap, problems = load_keymap(path)  # opening it would wait for a writer forever
    assert keymap == {} and "not a regular file" in problems[0]


def test_many_bad_entries_are_counted_not_listed(tmp_path):
    path = tmp_path / "keymap.toml"
    path.write_text("".join(f'"bad{i}" = "x"\n' for i in range(200)) + '"today.checkin" = "c"\n')
    keymap, problems = load_keymap(path)
    assert keymap == {"today.checkin": "c"}
    assert len(problems) == 6 and "195 more" in problems[-1]


@pytest.mark.parametrize("name", ["not UTF-8", "deep arrays", "huge"])
async def test_the_app_starts_with_default_keys_and_says_so_once(tmp_path, monkeypatch, name):
    monkeypatch.setenv("NETQUEST_CONFIG_DIR", str(tmp_path))
    (tmp_path / "keymap.toml").write_bytes(BAD_FILES[name][0])
    services = starter(make_services())
    async with open_app(services, size=(100, 30)) as pilot:
        warnings = [n.message for n in pilot.app._notifications if "keymap.toml" in n.message]
        assert len(warnings) == 1 and BAD_FILES[name][1] in warnings[0]
        row = pilot.app.today_screen.query_one(QuestList).rows[0]
        await pilot.press("c")  # the broken file's key does not apply
        await pilot.press("space")  # the default one does
        await settle(pilot)
        assert services.quests.state().checkins_on_day == 1
        assert row.quest_id
    assert pilot.app.return_code in (None, 0)


def test_an_id_no_screen_has_is_reported_and_the_rest_applies(tmp_path):
    path = tmp_path / "keymap.toml"
    path.write_text(
        '"today.chekin" = "c"\n"today.undo" = "u,backspace"\n"detail.delete" = "shift+x"\n'
    )
    keymap, problems = load_keymap(path)
    assert keymap == {"today.undo": "u,backspace", "detail.delete": "shift+x"}
    assert len(problems) == 1 and "today.chekin" in problems[0] and "no binding" in problems[0]
    assert "did you mean today.checkin?" in problems[0]


def test_an_id_written_the_wrong_way_is_named_with_the_one_meant(tmp_path):
    path = tmp_path / "keymap.toml"
    path.write_text('"Today.help" = "h"\n"people-back" = "b"\n"zzz.zzz" = "z"\n')
    keymap, problems = load_keymap(path)
    assert keymap == {}
    assert "'Today.help' is not a binding id such as today.help" in problems[0]
    assert "'people-back' is not a binding id such as people.back" in problems[1]
    assert "no binding 'zzz.zzz' (help, ?, lists each screen's ids)" in problems[2]


async def test_the_app_names_a_mistyped_id(tmp_path, monkeypatch):
    monkeypatch.setenv("NETQUEST_CONFIG_DIR", str(tmp_path))
    (tmp_path / "keymap.toml").write_text('"today.chekin" = "c"\n')
    async with open_app(starter(make_services()), size=(100, 30)) as pilot:
        warnings = [
            str(n.message) for n in pilot.app._notifications if "keymap.toml" in str(n.message)
        ]
        assert len(warnings) == 1 and "today.chekin" in warnings[0]


def test_every_id_help_lists_can_be_mapped(tmp_path):
    from netquest.tui.keymap import binding_ids

    path = tmp_path / "keymap.toml"
    ids = sorted(binding_ids())
    assert "person-editor.save" in ids
    mods = ["", "ctrl+", "shift+", "alt+", "ctrl+shift+", "ctrl+alt+", "shift+alt+"]
    path.write_text("".join(f'"{i}" = "{mods[n // 12]}f{n % 12 + 1}"\n' for n, i in enumerate(ids)))
    keymap, problems = load_keymap(path)
    assert problems == [] and sorted(keymap) == ids


def test_a_key_another_binding_of_the_screen_has_is_reported(tmp_path):
    path = tmp_path / "keymap.toml"
    path.write_text('"today.checkin" = "q"\n"today.undo" = "u,backspace"\n')
    keymap, problems = load_keymap(path)
    assert keymap == {
        "today.checkin": "q",
        "today.undo": "u,backspace",
    }  # still applied: the user's call
    assert len(problems) == 1 and "today.checkin = q takes the key of app.quit" in problems[0]
