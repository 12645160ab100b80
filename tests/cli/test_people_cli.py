"""`netquest people` and the people in check-ins, today, summary and the banner."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys

import pytest

from netquest.text import cell_width

EVIL = "Eve\x1b[31m\x07"


def init(run):
    code, _, err = run("init", "--starter")
    assert code == 0, err


def ok(run, *args) -> str:
    code, out, err = run(*args)
    assert code == 0, err
    return out


def one_line_error(run, *args, code=2) -> str:
    got, out, err = run(*args)
    assert got == code, (out, err)
    assert out == ""
    assert err.count("\n") == 1 and err.startswith("netquest: "), err
    return err


def test_help_lists_every_people_command(run):
    out = ok(run, "people", "--help")
    for command in ("list", "add", "show", "edit", "stage", "rename", "merge", "delete", "thank"):
        assert command in out
    assert "people" in ok(run, "--help")


def test_people_without_a_command_lists_and_says_how_to_start(run):
    assert "netquest people add NAME" in ok(run, "people")
    ok(run, "people", "add", "Ana Lima", "--where", "PyCon", "--tag", "python", "--interval", "7",
       "--last-contact", "2026-03-01")
    out = ok(run, "people")
    assert out.splitlines()[0].split()[:5] == ["NAME", "STAGE", "LAST", "EVERY", "DUE"]
    assert (
        "Ana Lima" in out and "Want to meet" in out and "3d late" in out and "PyCon · python" in out
    )


def test_add_prints_name_id_and_stage(run):
    assert ok(run, "people", "add", "Bob").strip() == "Added Bob (bob) · Want to meet"
    out = ok(run, "people", "add", "Ana", "--introduced-by", "bob", "--notes", "likes tea")
    assert out.strip() == "Added Ana (ana) · Introduced"
    assert ok(run, "people", "add", "Cleo", "--stage", "met").strip() == "Added Cleo (cleo) · Met"


def test_list_json_shape_filters_and_sort(run):
    ok(
        run,
        "people",
        "add",
        "Ana",
        "--tag",
        "python",
        "--stage",
        "met",
        "--interval",
        "7",
        "--last-contact",
        "2026-03-01",
    )
    ok(run, "people", "add", "Bob", "--where", "Rust Berlin", "--introduced-by", "ana")
    people = json.loads(ok(run, "people", "list", "--format", "json"))
    assert people[0] == {
        "id": "ana",
        "name": "Ana",
        "where": "",
        "tags": ["python"],
        "stage": "met",
        "introduced_by": None,
        "introduced_by_name": None,
        "notes": "",
        "last_contact": "2026-03-01",
        "interval": 7,
        "overdue_days": 3,
        "created": "2026-03-11",
        "introductions": 1,
        "stage_since": "2026-03-11",
    }
    assert people[1]["introduced_by"] == "ana" and people[1]["introduced_by_name"] == "Ana"
    assert [
        p["id"]
        for p in json.loads(ok(run, "people", "list", "--filter", "rust", "--format", "json"))
    ] == ["bob"]
    assert [
        p["id"]
        for p in json.loads(ok(run, "people", "list", "--stage", "introduced", "--format", "json"))
    ] == ["bob"]
    assert [
        p["id"]
        for p in json.loads(ok(run, "people", "list", "--sort", "stage", "--format", "json"))
    ] == ["ana", "bob"]
    assert ok(run, "people", "list", "--filter", "zzz").strip() == "Nobody matches."


def test_show_text_and_json_with_timeline_and_introductions(run, monkeypatch):
    monkeypatch.setenv("COLUMNS", "120")
    init(run)
    ok(
        run,
        "people",
        "add",
        "Ana",
        "--where",
        "PyCon",
        "--tag",
        "python",
        "--interval",
        "14",
        "--notes",
        "line 1\nline 2",
    )
    for name in ("Bob", "Cleo", "Dan"):
        ok(run, "people", "add", name, "--introduced-by", "ana")
    ok(
        run,
        "checkin",
        "coffee",
        "--with",
        "Ana",
        "--with",
        "Bob",
        "--note",
        "talked about packaging",
    )
    out = ok(run, "people", "show", "ana")
    lines = out.splitlines()
    assert lines[0] == "Ana (ana) · Met"
    assert "from PyCon · tags: python" in out
    assert "Last contact: 2026-03-11 · keep in touch every 14 days (in 14d)" in out
    assert "Ana introduced you to 3 people: Bob, Cleo, Dan" in out
    assert "  line 1" in lines and "  line 2" in lines
    assert (
        "2026-03-11  Invite someone to a virtual coffee ×1 · with Bob · talked about packaging"
        in out
    )
    data = json.loads(ok(run, "people", "show", "ana", "--format", "json"))
    assert data["introduced"] == [
        {"id": "bob", "name": "Bob"},
        {"id": "cleo", "name": "Cleo"},
        {"id": "dan", "name": "Dan"},
    ]
    assert data["timeline"] == [
        {
            "seq": 1,
            "day": "2026-03-11",
            "quest": "coffee",
            "quest_title": "Invite someone to a virtual coffee",
            "tip": 4,
            "count": 1,
            "xp": data["timeline"][0]["xp"],
            "note": "talked about packaging",
            "people": ["Ana", "Bob"],
        }
    ]
    assert data["stage"] == "met" and data["introductions"] == 3
    assert "Introduced by Ana (ana)" in ok(run, "people", "show", "bob")
    assert "No check-ins name them yet: `netquest checkin QUEST --with cleo`" in ok(
        run, "people", "show", "cleo"
    )


def test_checkin_with_a_new_name_says_so(run):
    init(run)
    ok(run, "people", "add", "Bob")
    out = ok(run, "checkin", "intro", "--with", "Ana", "--with", "bob", "--with", "李明")
    assert "New person: Ana (netquest people edit ana " in out
    assert "New person: 李明 (netquest people edit p-1 " in out
    assert "New person: Bob" not in out and "New person: bob" not in out
    people = {p["id"]: p for p in json.loads(ok(run, "people", "list", "--format", "json"))}
    assert {pid: p["stage"] for pid, p in people.items()} == {
        "ana": "intro_asked",
        "bob": "intro_asked",
        "p-1": "intro_asked",
    }
    assert "New person" not in ok(run, "checkin", "coffee", "--with", "ana")
    assert json.loads(ok(run, "people", "show", "ana", "--format", "json"))["stage"] == "met"


def test_edit_stage_rename_merge(run):
    init(run)
    ok(run, "people", "add", "Ana", "--tag", "a")
    ok(run, "people", "add", "Bob")
    out = ok(
        run,
        "people",
        "edit",
        "ana",
        "--tag",
        "b",
        "--untag",
        "a",
        "--where",
        "Meetup",
        "--interval",
        "30",
        "--introduced-by",
        "bob",
    )
    assert out.strip() == "Saved Ana (ana) · Want to meet"
    data = json.loads(ok(run, "people", "show", "ana", "--format", "json"))
    assert (data["tags"], data["where"], data["interval"], data["introduced_by"]) == (
        ["b"],
        "Meetup",
        30,
        "bob",
    )
    ok(run, "people", "edit", "ana", "--no-interval", "--no-introducer")
    data = json.loads(ok(run, "people", "show", "ana", "--format", "json"))
    assert (data["interval"], data["introduced_by"]) == (None, None)
    assert (
        ok(run, "people", "stage", "ana", "keeping_in_touch").strip()
        == "Ana (ana) · Keeping in touch"
    )
    ok(run, "checkin", "coffee", "--with", "Ana")
    assert ok(run, "people", "rename", "ana", "Ana Lima").strip() == \
        "Renamed to Ana Lima (ana) · Keeping in touch (1 check-in updated)"
    ok(run, "checkin", "intro", "--with", "Bob")
    out = ok(run, "people", "merge", "ana", "bob")
    assert out.strip() == "Merged Bob into Ana Lima (ana) · Keeping in touch (1 check-in updated)"
    assert [p["id"] for p in json.loads(ok(run, "people", "list", "--format", "json"))] == ["ana"]
    assert len(json.loads(ok(run, "people", "show", "ana", "--format", "json"))["timeline"]) == 2


def test_delete_with_yes_keeps_the_checkins(run):
    init(run)
    ok(run, "checkin", "coffee", "--with", "Ana", "--note", "nice chat")
    out = ok(run, "people", "delete", "ana", "--yes")
    assert out.strip() == "Deleted Ana (ana); 1 check-in kept without the name"
    exported = json.loads(ok(run, "export"))["data"]
    assert [(c["note"], c["people"]) for c in exported["checkins"]] == [("nice chat", [])]
    assert exported["people"] == []


def test_delete_without_a_terminal_and_without_yes_refuses(run, monkeypatch):
    ok(run, "people", "add", "Ana")
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))
    err = one_line_error(run, "people", "delete", "ana")
    assert "needs a confirmation: add --yes" in err
    assert "Ana" in ok(run, "people")


class Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize("answer,code,left", [("y\n", 0, []), ("n\n", 1, ["ana"])])
def test_delete_asks_on_a_terminal(run, monkeypatch, answer, code, left):
    ok(run, "people", "add", "Ana")
    monkeypatch.setattr(sys, "stdin", Tty(answer))
    got, out, err = run("people", "delete", "ana")
    assert got == code
    assert "Delete Ana (ana)?" in err
    assert [p["id"] for p in json.loads(ok(run, "people", "list", "--format", "json"))] == left


def test_thank_adds_a_quest(run):
    init(run)
    ok(run, "people", "add", "Ana")
    ok(run, "people", "add", "Bob", "--introduced-by", "ana")
    out = ok(run, "people", "thank", "ana")
    assert "Ana introduced you to 1 person." in out
    assert "Quest thank-ana: Thank Ana for the introduction · tip 3 · 1/month" in out
    assert "netquest checkin thank-ana --with ana" in out
    quests = {q["id"]: q for q in json.loads(ok(run, "quest", "list", "--format", "json"))}
    assert quests["thank-ana"]["tip"] == 3
    assert "already a thank-you quest" in one_line_error(run, "people", "thank", "ana")


@pytest.mark.parametrize("args,message", [
    (["people", "add", "  "], "a person needs a name"),
    (["people", "add", "Zed", "--stage", "bff"], "unknown stage 'bff'"),
    (["people", "add", "Zed", "--interval", "0"], "interval must be from 1 to 3650"),
    (["people", "add", "Zed", "--interval", "soon"], "interval must be a whole number"),
    (["people", "add", "Zed", "--last-contact", "2030-01-01"], "in the future"),
    (["people", "add", "ana"], "already a person named 'Ana'"),
    (["people", "edit", "ana"], "nothing to change"),
    (["people", "edit", "ana", "--introduced-by", "ana"], "introduced themselves"),
    (["people", "stage", "ana", "friend"], "unknown stage"),
    (["people", "merge", "ana", "Ana"], "same person"),
    (["people", "list", "--sort", "age"], "Invalid value for '--sort'"),
    (["people", "add", "x" * 121], "at most 120"),
])
def test_errors_exit_2_with_one_line(run, args, message):
    ok(run, "people", "add", "Ana")
    assert message in one_line_error(run, *args)


def test_unknown_or_ambiguous_person_exits_2_with_candidates(run):
    ok(run, "people", "add", "Ana Lima")
    ok(run, "people", "add", "Ana Souza")
    code, out, err = run("people", "show", "ana")
    assert code == 2 and out == ""
    assert err.splitlines() == [
        "netquest: 'ana' matches 2 people; type more of it (try: ana-lima, ana-souza)"]
    code, _, err = run("people", "delete", "zed", "--yes")
    assert code == 2 and err.startswith("netquest: no person matches 'zed'")


def test_a_name_with_escape_sequences_is_shown_inert(run):
    init(run)
    ok(
        run,
        "people",
        "add",
        EVIL,
        "--interval",
        "1",
        "--last-contact",
        "2026-03-01",
        "--notes",
        "x\x1b[2Jy",
    )
    outputs = [
        ok(run, "people"),
        ok(run, "people", "show", "eve"),
        ok(run, "today"),
        ok(run, "summary"),
        ok(run, "checkin", "coffee", "--with", "Mal\x1b]0;pwned\x07"),
    ]
    for out in outputs:
        assert "\x1b" not in out and "\x07" not in out
    assert "Eve^[[31m^G" in outputs[0] and "Eve^[[31m^G" in outputs[1] and "x^[[2Jy" in outputs[1]
    assert "New person: Mal^[]0;pwned^G" in outputs[4]
    data = json.loads(ok(run, "people", "list", "--format", "json"))
    assert EVIL in [p["name"] for p in data]  # JSON escapes it and keeps the data exact


def column_starts(line: str, texts: list[str]) -> list[int]:
    """The terminal cell where each of `texts` starts in `line`."""
    starts, pos = [], 0
    for text in texts:
        pos = line.index(text, pos)
        starts.append(cell_width(line[:pos]))
        pos += len(text)
    return starts


def test_names_in_any_script_line_up(run, monkeypatch):
    monkeypatch.setenv("COLUMNS", "120")
    names = ["Ana", "李明", "محمد", "🦊 Fox", "Ñúñez", "王小明先生"]
    for i, name in enumerate(names):
        ok(
            run,
            "people",
            "add",
            name,
            "--stage",
            "met",
            "--interval",
            str(7 + i),
            "--last-contact",
            "2026-03-01",
            "--where",
            "PyCon",
        )
    lines = ok(run, "people").splitlines()
    header, rows = lines[0], lines[1:]
    assert len(rows) == len(names)
    expected = column_starts(header, ["STAGE", "LAST", "EVERY", "DUE", "WHERE"])
    for row in rows:
        i = next(k for k, name in enumerate(names) if row.startswith(name))
        due = ["3d late", "2d late", "1d late", "due today", "in 1d", "in 2d"][i]
        assert column_starts(row, ["Met", "2026-03-01", f"{7 + i}d", due, "PyCon"]) == expected, row
    assert sorted(r.split()[0] for r in rows) == sorted(n.split()[0] for n in names)


def test_long_names_are_cut_to_the_column(run):
    ok(run, "people", "add", "龍" * 40, "--stage", "met")
    ok(run, "people", "add", "Al", "--stage", "met")
    lines = ok(run, "people").splitlines()
    assert (
        {column_starts(line, ["Met"])[0] for line in lines[1:]}
        == {column_starts(lines[0], ["STAGE"])[0]}
        == {26}
    )
    assert "…" in lines[1] or "…" in lines[2]


def test_reach_out_in_today_summary_json_and_motd(run, monkeypatch):
    monkeypatch.setenv("COLUMNS", "120")
    init(run)
    ok(
        run, "people", "add", "Ana", "--interval", "7", "--last-contact", "2026-03-01"
    )  # 3 days overdue
    ok(
        run, "people", "add", "Bob", "--interval", "10", "--last-contact", "2026-02-01"
    )  # 28 days overdue
    ok(run, "people", "add", "Cleo", "--interval", "7", "--last-contact", "2026-03-04")  # due today
    ok(run, "people", "add", "Dan", "--interval", "7", "--last-contact", "2026-03-05")  # not yet
    ok(
        run, "people", "add", "Eve", "--interval", "1", "--last-contact", "2026-03-09"
    )  # 1 day overdue
    today = ok(run, "today")
    assert (
        "Reach out: Bob (28 days overdue), Ana (3 days overdue), Eve (1 day overdue) +1 more"
        in today
    )
    summary = ok(run, "summary")
    assert "Reach out: Bob (28 days overdue)" in summary
    data = json.loads(ok(run, "summary", "--format", "json"))
    assert [(p["id"], p["overdue_days"]) for p in data["reach_out"]] == [
        ("bob", 28),
        ("ana", 3),
        ("eve", 1),
        ("cleo", 0),
    ]
    assert data["reach_out"][0] == {"id": "bob", "name": "Bob", "stage": "want", "interval": 10,
                                    "last_contact": "2026-02-01", "overdue_days": 28}
    assert json.loads(ok(run, "today", "--format", "json"))["reach_out"] == data["reach_out"]
    assert "4 to reach out" in ok(run, "summary", "--motd")
    ok(run, "checkin", "coffee", "--with", "bob", "--with", "ana")
    assert "2 to reach out" in ok(run, "summary", "--motd")
    assert "Reach out: Eve (1 day overdue), Cleo (due today)\n" in ok(run, "today")


def test_nothing_to_reach_out_adds_nothing(run):
    init(run)
    assert "reach out" not in ok(run, "summary", "--motd")
    assert "Reach out" not in ok(run, "today")
    assert json.loads(ok(run, "summary", "--format", "json"))["reach_out"] == []


def test_people_commands_never_import_textual(cli_env):
    env = {**os.environ, "NETQUEST_DB": str(cli_env)}
    proc = subprocess.run([sys.executable, "-X", "importtime", "-m", "netquest", "people", "list"],
                          capture_output=True, text=True, env=env, timeout=60)
    assert proc.returncode == 0, proc.stderr
    imported = {
        line.split("|")[-1].strip()
        for line in proc.stderr.splitlines()
        if line.startswith("import time:")
    }
    assert "netquest.cli.people" in imported
    assert not {name for name in imported if name.split(".")[0] == "textual"}


def test_bare_people_takes_the_options_of_list(run):
    ok(
        run,
        "people",
        "add",
        "Ana Souza",
        "--stage",
        "met",
        "--interval",
        "7",
        "--last-contact",
        "2026-03-01",
    )
    ok(
        run,
        "people",
        "add",
        "Anton",
        "--stage",
        "met",
        "--interval",
        "7",
        "--last-contact",
        "2026-03-08",
    )
    ok(run, "people", "add", "Bob", "--stage", "want")
    found = json.loads(
        ok(
            run,
            "people",
            "--sort",
            "overdue",
            "--format",
            "json",
            "--stage",
            "met",
            "--filter",
            "an",
        )
    )
    assert [p["id"] for p in found] == ["ana-souza", "anton"]
    assert ok(run, "people", "--filter", "bob").startswith("NAME")
    err = one_line_error(run, "people", "--format", "json", "show", "bob")
    assert "go after the command" in err


def test_people_add_edit_and_stage_print_json(run):
    added = json.loads(ok(run, "people", "add", "Elif Yılmaz", "--format", "json"))
    assert (added["id"], added["name"], added["stage"]) == ("elif-yilmaz", "Elif Yılmaz", "want")
    edited = json.loads(ok(run, "people", "edit", "elif", "--where", "PyCon", "--format", "json"))
    assert edited["where"] == "PyCon"
    moved = json.loads(ok(run, "people", "stage", "elif", "met", "--format", "json"))
    assert (moved["stage"], moved["stage_since"]) == ("met", "2026-03-11")
    assert (
        ok(run, "people", "stage", "elif", "want").strip()
        == "Elif Yılmaz (elif-yilmaz) · Want to meet"
    )


def test_checkin_with_the_start_of_a_known_name_creates_nobody(run):
    init(run)
    ok(run, "people", "add", "Ana Souza")
    ok(run, "people", "add", "Ana Lima")
    out = ok(run, "checkin", "coffee", "--with", "ana s", "--with", "Zoe")
    assert "New person: Zoe" in out and "New person: ana" not in out
    assert json.loads(ok(run, "people", "show", "ana-souza", "--format", "json"))["stage"] == "met"
    err = one_line_error(run, "checkin", "coffee", "--with", "ana")
    assert "could be 2 people: Ana Lima (ana-lima), Ana Souza (ana-souza)" in err
    assert len(json.loads(ok(run, "people", "--format", "json"))) == 3


def test_quest_moves_to_option(run):
    init(run)
    assert (
        ok(
            run,
            "quest",
            "add",
            "Plan a coffee",
            "--tip",
            "4",
            "--cadence",
            "1/week",
            "--moves-to",
            "none",
        ).strip()
        == "plan-a-coffee"
    )
    ok(
        run,
        "quest",
        "add",
        "Say thanks",
        "--tip",
        "1",
        "--cadence",
        "1/month",
        "--moves-to",
        "keeping_in_touch",
    )
    quests = {q["id"]: q for q in json.loads(ok(run, "quest", "list", "--format", "json"))}
    assert (
        quests["plan-a-coffee"]["moves_to"] is None
        and quests["say-thanks"]["moves_to"] == "keeping_in_touch"
    )
    assert quests["coffee"]["moves_to"] == "met" and quests["intro"]["moves_to"] == "intro_asked"
    out = ok(run, "quest", "edit", "plan-a-coffee", "--moves-to", "met")
    assert out.strip().endswith("· moves people to met")
    ok(run, "checkin", "plan-a-coffee", "--with", "Ana")
    assert json.loads(ok(run, "people", "show", "ana", "--format", "json"))["stage"] == "met"
    assert "unknown stage 'pals'" in one_line_error(
        run, "quest", "edit", "coffee", "--moves-to", "pals"
    )
