"""`netquest log`, `log delete`, `log edit`, `redo` and `undo` from the shell."""

from __future__ import annotations

import json


def setup(run):
    assert (
        run("quest", "add", "Coffee", "--tip", "4", "--cadence", "daily", "--start", "2026-03-01")[
            0
        ]
        == 0
    )
    assert (
        run("quest", "add", "Comment", "--tip", "1", "--cadence", "daily", "--start", "2026-03-01")[
            0
        ]
        == 0
    )


def test_log_lists_checkins_newest_first_with_ids(run):
    setup(run)
    run("checkin", "coffee", "--with", "Ana", "--note", "hi \x1b[2J there", "--date", "2026-03-09")
    run("checkin", "comment", "-c", "2")
    code, out, err = run("log")
    assert code == 0 and err == ""
    lines = out.splitlines()
    assert lines[0].split()[:4] == ["2", "2026-03-11", "Comment", "×2"]
    assert lines[1].split()[:3] == ["1", "2026-03-09", "Coffee"] and "with Ana" in lines[1]
    assert "\x1b" not in out and "hi ^[[2J there" in lines[1]  # stored text is shown inert
    code, out, _ = run("log", "coffee")
    assert code == 0 and len(out.splitlines()) == 1
    code, out, _ = run("log", "--days", "1")
    assert code == 0 and [line.split()[0] for line in out.splitlines()] == ["2"]


def test_log_json(run):
    setup(run)
    run("checkin", "coffee", "--with", "Ana", "--note", "a\u202eb\x9bc")
    code, out, _ = run("log", "--format", "json")
    assert code == 0
    assert "\u202e" not in out and "\x9b" not in out and "\\u202e" in out
    (entry,) = json.loads(out)
    assert entry["id"] == "1" and entry["quest"] == "coffee" and entry["people"] == ["Ana"]
    assert entry["note"] == "a\u202eb\x9bc" and entry["day"] == "2026-03-11" and entry["xp"] > 0


def test_log_refuses_bad_input_in_one_line(run):
    setup(run)
    code, out, err = run("log", "--days", "0")
    assert code == 2 and out == "" and len(err.splitlines()) == 1 and "days" in err
    code, _, err = run("log", "nosuch")
    assert code == 2 and "no quest matches" in err
    code, out, _ = run("log")
    assert code == 0 and "No check-ins yet" in out


def test_log_delete_removes_one_past_checkin_and_redo_brings_it_back(run, cli_env):
    setup(run)
    run("checkin", "coffee", "--with", "Ana", "--date", "2026-03-05")
    run("checkin", "comment")
    before = json.loads(cli_env.read_text())
    code, out, _ = run("log", "delete", "1")
    assert code == 0 and "Deleted check-in 1" in out and "Ana" in out and "redo" in out
    code, out, _ = run("log")
    assert [line.split()[0] for line in out.splitlines()] == ["2"]
    assert json.loads(run("people", "--format", "json")[1]) == []
    code, out, _ = run("redo")
    assert code == 0 and "check-in 1" in out and "Ana" in out
    after = json.loads(cli_env.read_text())
    for table in ("log", "people", "effects", "achievements"):
        assert sorted(map(json.dumps, after[table].values())) == sorted(
            map(json.dumps, before[table].values())
        )


def test_redo_after_another_write_is_refused(run):
    setup(run)
    run("checkin", "coffee")
    run("undo")
    run("skip", "comment")
    code, out, err = run("redo")
    assert code == 1 and out == "" and "written since" in err and len(err.splitlines()) == 1
    code, _, err = run("redo")
    assert code == 1


def test_log_delete_and_edit_refuse_unknown_ids(run):
    setup(run)
    run("checkin", "coffee")
    for args in (
        ("log", "delete", "9"),
        ("log", "edit", "9", "--note", "x"),
        ("log", "delete", "x1"),
    ):
        code, out, err = run(*args)
        assert code == 2 and out == "" and len(err.splitlines()) == 1


def test_log_edit_note_people_and_count(run):
    setup(run)
    run("checkin", "coffee", "--with", "Ana", "--date", "2026-03-10")
    code, out, err = run("log", "edit", "1", "--note", "better", "--with", "Bob", "--count", "3")
    assert code == 0 and "better" in out and "with Bob" in out and "×3" in out
    people = json.loads(run("people", "--format", "json")[1])
    assert [(p["name"], p["stage"], p["last_contact"]) for p in people] == [
        ("Bob", "met", "2026-03-10")
    ]
    code, out, _ = run("log", "edit", "1", "--clear-with")
    assert code == 0 and "with" not in out.splitlines()[0] and "with Bob" in out.splitlines()[1]
    assert json.loads(run("people", "--format", "json")[1]) == []
    code, _, err = run("log", "edit", "1", "--count", "1001")
    assert code == 2 and "count" in err
    code, _, err = run("log", "edit", "1")
    assert code == 2 and "say what to change" in err
    code, _, err = run("log", "edit", "1", "--with", "A", "--clear-with")
    assert code == 2


def test_undo_says_which_people_went_and_which_stayed(run):
    setup(run)
    run("checkin", "coffee", "--with", "Ana")
    code, out, _ = run("undo")
    assert code == 0 and "Removed with it" in out and "Ana" in out
    run("checkin", "coffee", "--with", "Ana")
    run("people", "edit", "ana", "--notes", "kind")
    code, out, _ = run("undo")
    assert code == 0 and "Kept" in out and "Ana" in out
    person = json.loads(run("people", "show", "ana", "--format", "json")[1])
    assert person["notes"] == "kind" and person["stage"] == "want"


def test_with_takes_comma_separated_names_as_the_app_does(run):
    setup(run)
    assert run("people", "add", "Ana Souza")[0] == 0
    assert run("people", "add", "Ben Okafor")[0] == 0
    code, out, err = run("checkin", "coffee", "--with", "Ana Souza, Ben Okafor")
    assert code == 0 and "New person" not in out
    (entry,) = json.loads(run("log", "--format", "json")[1])
    assert entry["people"] == ["Ana Souza", "Ben Okafor"]
    code, out, _ = run("checkin", "comment", "--with", " , ")
    assert code == 0 and "New person" not in out
    names = [p["name"] for p in json.loads(run("people", "--format", "json")[1])]
    assert names == ["Ana Souza", "Ben Okafor"]  # no person called "," or "Ana Souza, Ben Okafor"
    code, out, err = run("log", "edit", "1", "--with", "ben, ana")
    assert code == 0 and json.loads(run("log", "--format", "json")[1])[1]["people"] == [
        "Ben Okafor",
        "Ana Souza",
    ]


def test_log_edit_with_no_name_is_refused_not_a_silent_clear(run):
    setup(run)
    run("checkin", "coffee", "--with", "Ana")
    for blank in ("", " , "):
        code, out, err = run("log", "edit", "1", "--with", blank)
        assert code == 2 and out == "" and "--clear-with" in err
    assert json.loads(run("log", "--format", "json")[1])[0]["people"] == ["Ana"]


def test_a_refused_redo_says_how_to_log_the_check_in_again(run):
    setup(run)
    run(
        "checkin",
        "coffee",
        "-c",
        "2",
        "--date",
        "2026-03-05",
        "--with",
        "Ana",
        "--note",
        "long chat",
    )
    run("log", "delete", "1")
    run("checkin", "comment")
    code, out, err = run("redo")
    assert code == 1 and len(err.splitlines()) == 1
    assert "netquest checkin coffee --date 2026-03-05 -c 2 --note 'long chat' --with Ana" in err


def test_a_note_of_several_lines_reads_as_one_line_not_with_control_marks(run):
    setup(run)
    run("checkin", "coffee", "--note", "Ana: platform team\nNext: ask for an intro\x1b[2J")
    code, out, _ = run("log")
    assert code == 0 and "^J" not in out
    assert "Ana: platform team Next: ask for an intro^[[2J" in out  # the escape still shown inert


def test_log_edit_shows_what_it_replaced_so_it_can_be_typed_back(run):
    setup(run)
    run("checkin", "coffee", "--with", "Ana", "--note", "A year of notes on who said what")
    code, out, err = run("log", "edit", "01", "--note", "oops")
    assert code == 0 and err == ""
    edited, was = out.splitlines()
    assert edited.startswith("Edited:") and "oops" in edited
    assert (
        was.startswith("Was:") and "A year of notes on who said what" in was and "with Ana" in was
    )
