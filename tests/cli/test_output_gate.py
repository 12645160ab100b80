"""The output gate: no control character, escape sequence or bidi control from stored text
reaches stdout or stderr raw, in any command or format; JSON keeps every string exactly."""

from __future__ import annotations

import json
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from netquest.structs import replace
from netquest.text import csv_cell, has_control, inert, inert_multiline, json_text

# An OSC 52 clipboard write, a clear screen, the 8-bit CSI and a right-to-left override.
EVIL = "\x1b]52;c;cHduZWQ=\x07\x1b[2J\x9b6n\u202e"
BIDI = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
# What must never be printed: C0 but the line break, DEL, C1, bidi controls, surrogates.
RAW = re.compile(f"[\x00-\x09\x0b-\x1f\x7f-\x9f{BIDI}\ud800-\udfff]")


def assert_clean(text: str, csv: bool = False) -> None:
    if csv:
        text = text.replace("\r\n", "\n")  # the CSV line ending is the writer's own
    found = RAW.search(text)
    assert found is None, f"raw {found.group()!r} in {text!r}"


# ------------------------------------------------------------------------ the rules
@pytest.mark.parametrize("raw, shown", [
    ("\x1b", "^["), ("\x07", "^G"), ("\x00", "^@"), ("\n", "^J"), ("\t", "^I"), ("\x7f", "^?"),
    ("\x80", "\\x80"), ("\x9b", "\\x9b"), ("\x9f", "\\x9f"),
    ("\u202e", "<U+202E>"), ("\u2066", "<U+2066>"), ("\u200f", "<U+200F>"), ("\u061c", "<U+061C>"),
    ("\udcff", "\\xff"), ("\ud800", "<U+D800>"),
    ("\u200b", "<U+200B>"), ("\u2060", "<U+2060>"), ("\ufeff", "<U+FEFF>"),
])
def test_inert_shows_each_unsafe_character_visibly(raw, shown):
    assert inert(f"a{raw}b") == f"a{shown}b"
    assert has_control(raw)


@pytest.mark.parametrize("char", list(BIDI))
def test_every_bidi_control_is_caught(char):
    assert not RAW.search(inert(f"x{char}y"))


def test_inert_keeps_ordinary_text_and_is_idempotent():
    text = "Café 東京 🔥 — ok [b]not markup[/b] \u2028"
    assert inert(text) == text and not has_control(text)
    assert inert(inert(EVIL)) == inert(EVIL)
    assert inert_multiline(f"one{EVIL}\ntwo") == f"one{inert(EVIL)}\ntwo"


@given(st.text())
def test_inert_output_never_holds_a_character_it_would_replace(text):
    shown = inert(text)
    assert not has_control(shown) and not RAW.search(shown)
    assert shown == text.replace("\ufe0f", "") or has_control(text)
    assert_clean(csv_cell(text))


def test_the_emoji_form_selector_is_left_out_of_what_a_terminal_shows_and_kept_in_csv():
    """Rich counts ❤ + U+FE0F as two cells and tmux as one: the rest of the line moved."""
    heart = "Ana \u2764\ufe0f Souza"
    assert inert(heart) == "Ana \u2764 Souza"
    assert csv_cell(heart) == heart
    assert json.loads(json_text(heart)) == heart


@given(
    st.recursive(
        st.none() | st.booleans() | st.integers() | st.text(),
        lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
        max_leaves=20,
    )
)
def test_json_text_decodes_back_exactly_and_holds_nothing_raw(value):
    text = json_text(value)
    assert json.loads(text) == value
    assert_clean(text)
    assert json.loads(json_text(value, indent=1)) == value


def test_json_text_escapes_c1_bidi_and_surrogates():
    text = json_text({"k\x9b": f"\x85\u202e\udcff{EVIL}"})
    assert "\\u009b" in text and "\\u0085" in text and "\\u202e" in text and "\\udcff" in text
    assert json.loads(text) == {"k\x9b": f"\x85\u202e\udcff{EVIL}"}


@pytest.mark.parametrize(
    "value, cell",
    [
        ("=HYPERLINK(\"x\")", "'=HYPERLINK(\"x\")"),
        ("+1", "'+1"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "^Ix"),
        ("plain", "plain"),
        (3, "3"),
        (f"a{EVIL}", f"a{inert(EVIL)}"),
        ("'=x", "''=x"),
        ("'plain", "'plain"),
    ],
)
def test_csv_cells_are_inert_and_never_formulas(value, cell):
    assert csv_cell(value) == cell


# ------------------------------------------------------------------------ commands
def ok(run, *args) -> str:
    code, out, err = run(*args)
    assert code == 0, err
    return out


TEXT_COMMANDS = [
    ["summary"],
    ["summary", "--period", "week"],
    ["summary", "--format", "markdown"],
    ["summary", "--motd"],
    ["today"],
    ["quest", "list", "--all"],
    ["people"],
    ["goal"],
    ["goal", "list"],
    ["settings"],
    ["doctor"],
]
JSON_COMMANDS = [
    ["summary", "--format", "json"],
    ["today", "--format", "json"],
    ["quest", "list", "--format", "json"],
    ["people", "--format", "json"],
    ["goal", "--format", "json"],
    ["goal", "list", "--format", "json"],
    ["export"],
]


def person_commands(pid: str) -> tuple[list[list[str]], list[list[str]]]:
    return (
        [["people", "show", pid], ["goal", "card", pid]],
        [["people", "show", pid, "--format", "json"], ["goal", "card", pid, "--format", "json"]],
    )


def strings(node):
    if isinstance(node, dict):
        for k, v in node.items():
            yield k
            yield from strings(v)
    elif isinstance(node, list):
        for v in node:
            yield from strings(v)
    elif isinstance(node, str):
        yield node


def check_every_output(run, people: list[str], more_text=(), more_json=()) -> set[str]:
    """Run every output command; returns the strings the JSON outputs decode to."""
    text_commands, json_commands = [*TEXT_COMMANDS, *more_text], [*JSON_COMMANDS, *more_json]
    for pid in people:
        t, j = person_commands(pid)
        text_commands += t
        json_commands += j
    decoded: set[str] = set()
    for args in text_commands:
        code, out, err = run(*args)
        assert code == 0, (args, err)
        assert_clean(out + err)
    for args in json_commands:
        code, out, err = run(*args)
        assert code == 0, (args, err)
        assert_clean(out + err)
        decoded.update(strings(json.loads(out)))
    code, out, err = run("export", "--format", "csv")
    assert code == 0, err
    assert_clean(out, csv=True)
    assert_clean(err)
    return decoded


def test_free_text_typed_in_commands_never_reaches_the_terminal_raw(run, tmp_path):
    """Every text field a command takes, with escape sequences and bidi controls in it."""
    title, note, name = f"Coffee {EVIL}", f"note {EVIL}", f"Ana{EVIL}"
    typed = [
        ("init",),
        (
            "quest",
            "add",
            title,
            "--tip",
            "4",
            "--cadence",
            "daily",
            "--id",
            "coffee",
            "--start",
            "2026-03-01",
        ),
        (
            "people",
            "add",
            name,
            "--where",
            f"meetup {EVIL}",
            "--tag",
            f"rust{EVIL}",
            "--notes",
            f"a{EVIL}\nb",
            "--interval",
            "3",
            "--last-contact",
            "2026-03-01",
        ),
        (
            "checkin",
            "coffee",
            "--note",
            note,
            "--with",
            name,
            "--with",
            f"Bo{EVIL}",
            "--date",
            "2026-03-09",
        ),
        ("skip", "coffee", "--date", "2026-03-10", "--reason", f"ill {EVIL}"),
        (
            "goal",
            "set",
            "--want",
            f"A job {EVIL}",
            "--kind",
            "job",
            "--why",
            f"why {EVIL}",
            "--ask",
            f"ask {EVIL}",
            "--contact",
            f"a@b.c{EVIL}",
            "--contact",
            f"booking=https://x.y/{EVIL}",
            "--by",
            "2026-06-30",
        ),
        ("goal", "kr", "add", "--title", f"coffees {EVIL}", "--target", "5", "--quests", "coffee"),
        ("goal", "kr", "add", "--title", f"by hand {EVIL}", "--target", "3", "--manual"),
        ("goal", "link", "coffee"),
        ("goal", "review", "--moved", f"m {EVIL}", "--stalled", f"s {EVIL}", "--ask", f"n {EVIL}"),
        ("goal", "set", "--new", "--want", f"Second {EVIL}", "--kind", "learn"),
        ("goal", "done", "g2", "--outcome", "achieved", "--reflection", f"r {EVIL}"),
        ("goal", "focus", "g1"),
    ]
    for args in typed:
        code, out, err = run(*args)
        assert code == 0, (args, err)
        assert_clean(out + err)
    people = json.loads(ok(run, "people", "--format", "json"))
    decoded = check_every_output(run, [p["id"] for p in people])
    # JSON gives every string back exactly as it was typed.
    assert {title, note, name, f"A job {EVIL}", f"coffees {EVIL}", f"r {EVIL}"} <= decoded
    for args in (
        ["checkin", "coffee", "--note", note],
        ["undo"],
        ["quest", "edit", "coffee", "--xp", "12"],
        ["people", "edit", people[0]["id"], "--notes", note],
        ["people", "thank", people[0]["id"]],
    ):
        code, out, err = run(*args)
        assert code == 0, (args, err)
        assert_clean(out + err)


STRUCTURED = re.compile(
    r"\d{4}-\d\d-\d\d(T.*Z)?|daily|\d+/(week|month)|want|intro_asked|introduced|met|"
    r"keeping_in_touch|netquest|netquest-export"
)


def hostile(node):
    """Every string of an export made hostile, the same way wherever it appears (so ids
    still match the records that name them), except the dates, cadences and stages that
    import checks today."""
    if isinstance(node, dict):
        return {
            hostile(k)
            if isinstance(k, str) and not k.isidentifier() or k in ("email", "booking")
            else k: hostile(v)
            for k, v in node.items()
        }
    if isinstance(node, list):
        return [hostile(v) for v in node]
    if isinstance(node, str) and not STRUCTURED.fullmatch(node):
        return node + EVIL
    return node


def test_ids_kinds_keys_and_names_from_an_import_never_reach_the_terminal_raw(run, tmp_path):
    """A crafted import: every id, kind, contact key, theme name and achievement id that
    the file allows carries escape sequences.  Either import refuses the file in one
    clean line, or every command shows it inert and JSON gives it back exactly."""
    for args in (
        ("init", "--starter"),
        ("people", "add", "Ana", "--where", "meetup", "--tag", "rust", "--interval", "3",
         "--last-contact", "2026-03-01"),
        ("people", "add", "Bo", "--introduced-by", "Ana", "--stage", "introduced"),
        ("checkin", "coffee", "--with", "Ana", "--note", "chat"),
        ("skip", "comment", "--reason", "ill"),
        ("goal", "set", "--want", "A job", "--kind", "job", "--ask", "intro", "--contact", "a@b.c",
         "--contact", "booking=https://x.y", "--by", "2026-06-30"),
        ("goal", "kr", "add", "--title", "coffees", "--target", "5", "--quests", "coffee"),
        ("goal", "kr", "add", "--title", "by hand", "--target", "3", "--manual"),
        ("goal", "review", "--moved", "m", "--stalled", "s", "--ask", "n"),
        ("goal", "set", "--new", "--want", "Second", "--kind", "learn"),
        ("goal", "done", "g2", "--outcome", "achieved", "--reflection", "r"),
        ("goal", "focus", "g1"),
        ("settings", "theme", "netquest-light"),
    ):
        ok(run, *args)
    export = json.loads(ok(run, "export"))
    crafted = {**export, "data": hostile(export["data"])}
    data = crafted["data"]
    assert data["quests"][0]["id"].endswith(EVIL) and data["achievements"][0]["id"].endswith(EVIL)
    assert data["settings"]["theme"].endswith(EVIL) and data["goals"][0]["kind"].endswith(EVIL)
    assert any(k.endswith(EVIL) for k in data["goals"][0]["contact"])
    path = tmp_path / "crafted.json"
    path.write_text(json.dumps(crafted), encoding="utf-8")
    code, out, err = run("import", str(path))
    assert_clean(out + err)
    if code != 0:  # a file that refuses unsafe ids on the way in is fine too, said in one line
        assert code in (1, 2) and out == "" and err.count("\n") == 1 and "Traceback" not in err
        return
    quest = data["quests"][4]["id"]  # coffee, with its escape sequences
    decoded = check_every_output(
        run,
        [p["id"] for p in data["people"]],
        more_text=[
            ["checkin", quest],
            ["undo"],
            ["quest", "archive", quest],
            ["quest", "restore", quest],
        ],
    )
    assert {data["quests"][0]["id"], data["achievements"][0]["id"], data["goals"][0]["kind"],
            data["people"][0]["id"], data["goals"][0]["key_results"][0]["id"]} <= decoded


# ------------------------------------------------------------------------ the renderers alone
def test_renderers_show_hostile_ids_inert_whatever_the_store_lets_in(services):
    """Defence in depth: even if a record with escape sequences in its id, kind or date got
    past the checks on the way in, the renderers print it inert (colour on, too)."""
    from netquest.cli import goal_text, render
    from netquest.cli.style import Style
    from netquest.services.views import GoalRecord, GoalStatus, GoalView, KeyResultProgress

    services.quests.init(starter=True)
    services.quests.checkin("coffee", people=["Ana"])
    services.people.add("Bo", interval=1, last_contact="2026-03-01")
    state = services.quests.state(period="week")
    quests = [replace(q, quest=replace(q.quest, id=q.quest.id + EVIL, title=q.quest.title + EVIL))
              for q in state.quests]
    people = [
        replace(p, id=p.id + EVIL, name=p.name + EVIL, stage=p.stage + EVIL)
        for p in state.reach_out
    ]
    goal = GoalView(
        id="g1" + EVIL,
        want="w" + EVIL,
        kind="job" + EVIL,
        status="focus" + EVIL,
        why=EVIL,
        ask=EVIL,
        contact={"email" + EVIL: "x" + EVIL},
        start=state.today,
        target_date="2026-06-30" + EVIL,
        days_left=3,
        overdue=False,
        behind=True,
        quests=["coffee" + EVIL],
        key_results=[
            KeyResultProgress(
                id="k1" + EVIL,
                title="t" + EVIL,
                kind="manual",
                done=1,
                target=2,
                pace="behind" + EVIL,
                expected=1,
                overdue=False,
            )
        ],
    )
    archived = GoalRecord(
        id=goal.id,
        want=goal.want,
        kind=goal.kind,
        status=GoalStatus.ARCHIVED,
        start=None,
        target_date=goal.target_date,
        outcome=EVIL,
        reflection="",
        closed=EVIL,
    )
    hostile_state = replace(state, quests=quests, reach_out=people, goal=goal,
                            unlocked={**state.unlocked, "made_up" + EVIL: state.today})
    for style in (Style(), Style(color=True, symbols=True, width=100)):
        for text in (
            render.summary_text(hostile_state, style, state.period),
            render.today_text(hostile_state, style),
            render.motd_line(hostile_state, style),
            "\n".join(goal_text.goal_detail(goal, style)),
            "\n".join(goal_text.list_rows([archived], style)),
        ):
            assert_clean(re.sub(r"\x1b\[[0-9;]*m", "", text))  # colour is the only escape allowed
    assert_clean(render.summary_markdown(hostile_state, state.period))
    for data in (
        render.summary_json(hostile_state, state.period),
        render.today_json(hostile_state),
    ):
        text = json_text(data)
        assert_clean(text)
        assert json.loads(text) == json.loads(json.dumps(data))


def test_a_data_file_path_with_escape_sequences_is_printed_inert(run, tmp_path, monkeypatch):
    db = tmp_path / f"dir{EVIL}" / "nq.json"
    monkeypatch.setenv("NETQUEST_DB", str(db))
    out_file = tmp_path / f"out{EVIL}.csv"
    for args in (
        ["init", "--starter"],
        ["checkin", "coffee"],
        ["doctor"],
        ["export", "-o", str(out_file)],
        ["demo", "--db", str(tmp_path / f"demo{EVIL}.json"), "--days", "5"],
    ):
        code, out, err = run(*args)
        assert code == 0, (args, err)
        assert_clean(out + err)
        if args[0] != "checkin":  # the one command here that does not name the file
            assert inert(EVIL) in out + err
