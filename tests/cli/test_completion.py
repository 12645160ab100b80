"""Shell completion: click's protocol for bash, zsh and fish, and a real bash in tmux.

The protocol is what the printed scripts speak: `_NETQUEST_COMPLETE=bash_complete` with
the words typed so far in COMP_WORDS and the index of the one under the cursor in
COMP_CWORD (zsh the same, fish the whole line and the token under the cursor).  Words are
given as the shell hands them over, quotes and backslashes included.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

EVIL = "Evil\x1b[31mRed\x1b]0;title\x07"
PEOPLE = ("Ana Lima", "李明", "Elif Yılmaz", "O'Neil & \"Sons\"; $(touch x) *", EVIL)


def ok(run, *args) -> str:
    code, out, err = run(*args)
    assert code == 0, err
    return out


@pytest.fixture
def data(run):
    """Two quests (one archived), people in several scripts, a goal with key results."""
    ok(run, "quest", "add", "Virtual coffee", "--tip", "4", "--cadence", "1/week", "--id", "coffee")
    ok(
        run,
        "quest",
        "add",
        "Comment on posts",
        "--tip",
        "1",
        "--cadence",
        "daily",
        "--id",
        "comment",
    )
    ok(
        run,
        "quest",
        "add",
        "Ask for an introduction",
        "--tip",
        "3",
        "--cadence",
        "1/week",
        "--id",
        "intro",
    )
    ok(run, "quest", "add", "Old habit", "--tip", "1", "--cadence", "daily", "--id", "old")
    ok(run, "quest", "archive", "old")
    for name in PEOPLE:
        ok(run, "people", "add", name)
    ok(run, "goal", "set", "--want", "A platform role", "--kind", "job")
    ok(run, "goal", "kr", "add", "--title", "Coffees", "--target", "12", "--quests", "coffee")
    ok(run, "goal", "kr", "add", "--title", "Applications", "--target", "5", "--manual")
    return run


def ask(shell: str, words: list[str], monkeypatch, capsys) -> tuple[str, str, int]:
    """What `netquest` answers (stdout, stderr, exit code) when Tab is pressed on the last of
    `words` in `shell`."""
    from netquest.cli import main

    monkeypatch.setenv("_NETQUEST_COMPLETE", f"{shell}_complete")
    if shell == "fish":
        monkeypatch.setenv("COMP_WORDS", " ".join(words))
        monkeypatch.setenv("COMP_CWORD", words[-1])
    else:
        # bash joins its words with the first character of IFS, which the script sets to a newline.
        monkeypatch.setenv("COMP_WORDS", ("\n" if shell == "bash" else " ").join(words))
        monkeypatch.setenv("COMP_CWORD", str(len(words) - 1))
    capsys.readouterr()
    with pytest.raises(SystemExit) as exit_:
        main([])
    out, err = capsys.readouterr()
    monkeypatch.delenv("_NETQUEST_COMPLETE")
    return out, err, exit_.value.code


def offers(shell: str, words: list[str], monkeypatch, capsys) -> list[tuple[str, str | None]]:
    """The (value, description) pairs offered, parsed from the shell's own format."""
    out, err, code = ask(shell, ["netquest", *words], monkeypatch, capsys)
    assert code == 0 and err == ""
    lines = out[:-1].split("\n") if out != "\n" else []  # click ends the answer with one newline
    if shell == "zsh":
        triples = [lines[i:i + 3] for i in range(0, len(lines), 3)]
        assert all(kind == "plain" for kind, _, _ in triples), triples
        return [
            (value.replace("\\:", ":"), None if help_ == "_" else help_)
            for _, value, help_ in triples
        ]
    found = []
    for line in lines:
        kind, _, rest = line.partition(",")
        assert kind == "plain", line
        if shell == "fish":
            value, _, help_ = rest.partition("\t")
            found.append((value, help_ or None))
        else:
            found.append((rest, None))
    return found


@pytest.fixture
def tab(monkeypatch, capsys):
    """tab(*words, shell="bash") -> the values offered; `.pairs` for values with descriptions."""
    class Tab:
        def __call__(self, *words: str, shell: str = "bash") -> list[str]:
            return [value for value, _ in offers(shell, list(words), monkeypatch, capsys)]

        def pairs(self, *words: str, shell: str = "zsh") -> list[tuple[str, str | None]]:
            return offers(shell, list(words), monkeypatch, capsys)

        def raw(self, *words: str, shell: str = "bash") -> tuple[str, str]:
            """Stdout and stderr as they are; a Tab may end with exit code 1 when it offers
            nothing."""
            out, err, _ = ask(shell, ["netquest", *words], monkeypatch, capsys)
            return out, err

    return Tab()


# ---------------------------------------------------------------- commands and options
def test_commands_and_options_complete(data, tab):
    assert {"checkin", "skip", "summary", "people", "goal", "completion"} <= set(tab(""))
    assert tab("su") == ["summary"]
    assert tab("people", "sh") == ["show"]
    assert set(tab("checkin", "coffee", "--")) >= {"--count", "--note", "--with", "--date", "--db"}
    assert ("--with", "A person you met (repeatable, or several comma-separated).") in tab.pairs(
        "checkin", "coffee", "--w"
    )


def test_help_and_tab_list_every_command(run, tab):
    from netquest.cli import COMMANDS, cli

    code, out, _ = run("--help")
    listed = {line.split()[0] for line in out.split("Commands:")[1].splitlines() if line.strip()}
    assert code == 0 and listed == set(COMMANDS)
    assert set(tab("")) == set(COMMANDS)
    with cli.make_context("netquest", ["summary"]) as ctx:
        named = {name: cli.get_command(ctx, name).name for name in COMMANDS}
        assert named == {name: name for name in COMMANDS}


def test_fixed_choices_complete(data, tab):
    assert tab("quest", "add", "X", "--tip", "4", "--cadence", "") == [
        "daily", "weekdays", "mon,wed,fri", "3/week", "every 3 days", "2/month"]
    assert tab("quest", "add", "X", "--cadence", "ev") == ["every 3 days"]
    assert ("4", "Virtual coffee") in tab.pairs("quest", "add", "X", "--tip", "")
    assert tab("people", "stage", "ana-lima", "") == [
        "want",
        "intro_asked",
        "introduced",
        "met",
        "keeping_in_touch",
    ]
    assert tab("people", "add", "Bea", "--stage", "m") == ["met"]
    assert tab("quest", "edit", "coffee", "--moves-to", "") == ["intro_asked", "introduced", "met",
                                                                  "keeping_in_touch", "none"]
    assert tab("goal", "set", "--kind", "") == [
        "explore",
        "partner",
        "clients",
        "job",
        "learn",
        "other",
    ]
    assert tab("goal", "done", "g1", "--outcome", "") == ["achieved", "dropped", "changed"]
    assert tab("summary", "--format", "") == ["text", "json", "markdown"]
    assert tab("people", "--sort", "o") == ["overdue"]
    assert tab("completion", "") == ["bash", "zsh", "fish"]


def test_settings_keys_are_the_ones_settings_knows_and_their_values_complete(data, tab):
    from netquest.services import SETTING_KEYS

    assert tab("settings", "") == list(
        SETTING_KEYS
    )  # a new setting must be taught to completion too
    assert tab("settings", "week_start", "") == ["mon", "sun"]
    assert "netquest-dark" in tab("settings", "theme", "")
    assert tab("settings", "timezone", "Europe/Berl") == ["Europe/Berlin"]
    assert tab("settings", "timezone", "sys") == ["system"]
    assert tab("settings", "day_start_hour", "2") == ["2", "20", "21", "22", "23"]


# ---------------------------------------------------------------- the user's own data
def test_quests_complete_by_id_or_title_in_any_case_and_insert_the_id(data, tab):
    assert tab("checkin", "co") == ["coffee", "comment"]
    assert tab("checkin", "Virt") == ["coffee"]
    assert tab("checkin", "vIRTUAL") == ["coffee"]
    assert tab("checkin", "Virtual\\ co") == ["coffee"]  # bash hands over the word as typed
    assert tab("checkin", '"Virtual co') == ["coffee"]  # an open quote
    assert tab("checkin", "nothing") == []
    assert tab.pairs("checkin", "co") == [
        ("coffee", "Virtual coffee"),
        ("comment", "Comment on posts"),
    ]
    assert tab.pairs("checkin", "co", shell="fish") == [
        ("coffee", "Virtual coffee"),
        ("comment", "Comment on posts"),
    ]


def test_archived_quests_complete_only_where_the_command_takes_them(data, tab):
    assert tab("checkin", "o") == []
    assert tab("skip", "o") == []
    assert tab("quest", "archive", "") == ["coffee", "comment", "intro"]
    assert tab("quest", "restore", "") == ["old"]
    assert tab("quest", "edit", "o") == ["old"]
    assert "old" in tab("log", "")
    assert {"delete", "edit", "list", "coffee"} <= set(tab("log", ""))
    assert tab("log", "list", "c") == ["coffee", "comment"]
    assert tab("goal", "link", "i") == ["intro"]


def test_people_complete_by_id_or_name_in_every_script(data, tab):
    assert tab("checkin", "coffee", "--with", "ana") == ["ana-lima"]
    assert tab("checkin", "coffee", "--with", "Ana\\ L") == ["ana-lima"]
    assert tab("checkin", "coffee", "--with", "'ana l") == ["ana-lima"]
    assert tab("checkin", "coffee", "--with=ana") == ["ana-lima"]
    assert tab("checkin", "coffee", "--with", "李") == ["p-1"]
    assert tab("people", "show", "elif Y") == ["elif-yilmaz"]
    assert tab("people", "show", "ELİF YIL") == []  # the commands do not match this either
    assert tab("people", "show", "Elif\\ Yı") == ["elif-yilmaz"]
    assert tab("people", "show", "o\\'n") == ["o-neil-sons-touch-x"]
    assert tab("people", "merge", "ana-lima", "p") == ["p-1"]
    assert tab("goal", "card", "e") == ["elif-yilmaz", "evil-31mred-0-title"]
    assert tab("log", "edit", "1", "--with", "an") == ["ana-lima"]
    assert tab("people", "add", "Bea", "--introduced-by", "an") == ["ana-lima"]
    for shell in ("zsh", "fish"):
        pairs = dict(tab.pairs("people", "show", "", shell=shell))
        assert pairs["p-1"] == "李明"
        assert pairs["elif-yilmaz"] == "Elif Yılmaz"
        assert pairs["o-neil-sons-touch-x"] == "O'Neil & \"Sons\"; $(touch x) *"


def test_a_name_with_escape_sequences_completes_inert(data, tab):
    for shell in ("bash", "zsh", "fish"):
        out, err = tab.raw("people", "show", "ev", shell=shell)
        assert "evil-31mred-0-title" in out and err == ""
        assert "\x1b" not in out and "\x07" not in out
    assert (
        dict(tab.pairs("people", "show", "ev"))["evil-31mred-0-title"]
        == "Evil^[[31mRed^[]0;title^G"
    )


def test_goals_and_key_results_complete(data, tab):
    assert tab("goal", "kr", "rm", "") == ["k1", "k2"]
    assert tab.pairs("goal", "kr", "set", "") == [
        ("k2", "Applications")
    ]  # only a manual one takes a number
    ok(data, "goal", "set", "--new", "--want", "Two podcast spots")
    assert tab.pairs("goal", "focus", "") == [
        ("g1", "A platform role"),
        ("g2", "Two podcast spots"),
    ]
    assert tab("goal", "kr", "rm", "") == []  # the goal in focus now has none
    assert tab("goal", "kr", "rm", "--goal", "g1", "") == ["k1", "k2"]
    assert tab("goal", "kr", "rm", "--goal", "g", "") == []
    assert tab("goal", "link", "intro", "--goal", "") == ["g1", "g2"]
    assert tab("goal", "kr", "add", "--quests", "coffee,") == [
        "coffee,comment",
        "coffee,intro",
        "coffee,old",
    ]
    assert tab("goal", "kr", "add", "--quests", "coffee,in") == ["coffee,intro"]


def test_db_option_picks_the_file_whose_names_complete(data, tab, tmp_path, cli_env):
    other = tmp_path / "other.json"
    ok(
        data,
        "--db",
        str(other),
        "quest",
        "add",
        "Host a session",
        "--tip",
        "2",
        "--cadence",
        "1/month",
        "--id",
        "host",
    )
    assert tab("--db", str(other), "checkin", "") == ["host"]
    assert tab("checkin", "--db", str(other), "h") == ["host"]
    assert tab("checkin", "") == ["coffee", "comment", "intro"]
    out, _ = tab.raw("--db", "/tm")
    assert out == "file,/tm\n"


def test_an_option_value_after_equals_completes_as_bash_splits_it(data, tab):
    """Bash breaks `--with=an` into `--with`, `=` and `an` (`=` is in COMP_WORDBREAKS) and replaces
    only the last."""
    assert tab("checkin", "coffee", "--with", "=", "an") == ["ana-lima"]
    assert tab("checkin", "coffee", "--with", "=", "an", shell="bash") == ["ana-lima"]
    # On `--with=` itself the word under the cursor is the `=`, but bash inserts after it.
    assert tab("checkin", "coffee", "--with", "=") == tab("people", "show", "")
    assert tab("quest", "add", "X", "--cadence", "=", "ev") == ["every 3 days"]
    assert tab.raw("checkin", "--db", "=", "/tm") == ("file,/tm\n", "")
    # Zsh and fish keep `--with=an` one word and replace it whole, so the option stays in front.
    for shell in ("zsh", "fish"):
        assert tab("checkin", "coffee", "--with=an", shell=shell) == ["--with=ana-lima"]
        assert tab("quest", "add", "X", "--cadence=ev", shell=shell) == ["--cadence=every 3 days"]
        assert tab("checkin", "coffee", "--with", "an", shell=shell) == ["ana-lima"]


def test_db_option_after_the_word_being_completed_is_followed(data, tmp_path, monkeypatch, capsys):
    """Going back to complete a word of `netquest checkin co --db other.json` reads other.json."""
    from netquest.cli import main

    other = tmp_path / "other.json"
    ok(
        data,
        "--db",
        str(other),
        "quest",
        "add",
        "Host a session",
        "--tip",
        "2",
        "--cadence",
        "1/month",
        "--id",
        "host",
    )

    def tab_at(words: list[str], cword: int, shell: str = "bash") -> str:
        monkeypatch.setenv("_NETQUEST_COMPLETE", f"{shell}_complete")
        monkeypatch.setenv("COMP_WORDS", ("\n" if shell == "bash" else " ").join(words))
        monkeypatch.setenv("COMP_CWORD", str(cword))
        capsys.readouterr()
        with pytest.raises(SystemExit):
            main([])
        return capsys.readouterr().out

    assert tab_at(["netquest", "checkin", "h", "--db", str(other)], 2) == "plain,host\n"
    assert tab_at(["netquest", "checkin", "h", f"--db={other}"], 2) == "plain,host\n"
    assert "host" in tab_at(["netquest", "checkin", "h", "--db", str(other)], 2, shell="zsh")
    assert (
        tab_at(["netquest", "checkin", "h", "--", "--db", str(other)], 2).strip() == ""
    )  # after --, not an option
    assert tab_at(["netquest", "checkin", "co", "--db"], 2) == "plain,coffee\nplain,comment\n"
    assert (
        tab_at(["netquest", "checkin", "h", "--db", "=", str(other)], 2) == "plain,host\n"
    )  # bash's `--db=`
    monkeypatch.setenv("NQ_OTHER", str(other))
    assert tab_at(["netquest", "checkin", "h", "--db", "$NQ_OTHER"], 2) == "plain,host\n"
    assert tab_at(["netquest", "checkin", "--db", "${NQ_OTHER}", "h"], 4) == "plain,host\n"


# ---------------------------------------------------------------- never harm, never print
@pytest.mark.parametrize(
    "damage",
    [
        b"not json at all",
        b'{"meta": {"1": {"app": "netquest", "schema": 2, "seq": 0}}, '
        b'"quests": {"1": {"id": 5, "title": []}}}',
        b'{"meta": {"1": {"app": "netquest", "schema": 99, "seq": 0}}}',
        b'{"meta": {"1": {"app": "other"}}}',
        b"[" * 100_000,
        b"\xff\xfe",
    ],
)
def test_a_damaged_file_completes_nothing_and_prints_no_traceback(run, tab, cli_env, damage):
    ok(run, "quest", "add", "Virtual coffee", "--tip", "4", "--cadence", "1/week", "--id", "coffee")
    cli_env.write_bytes(damage)
    for shell in ("bash", "zsh", "fish"):
        assert tab.raw("checkin", "co", shell=shell) == ("\n", "")
        assert tab.raw("people", "show", "", shell=shell) == ("\n", "")
    assert tab("chec") == ["checkin"]  # commands still complete
    assert cli_env.read_bytes() == damage


def test_a_folder_instead_of_a_file_completes_nothing(tab, cli_env):
    cli_env.mkdir(parents=True)
    assert tab.raw("checkin", "co") == ("\n", "")


def test_completion_writes_nothing(data, tab, cli_env, tmp_path):
    lock = cli_env.with_name(cli_env.name + ".lock")
    lock.unlink()
    before = sorted(p.name for p in cli_env.parent.iterdir())
    stamp = cli_env.stat().st_mtime_ns
    assert tab("checkin", "co") == ["coffee", "comment"]
    assert tab("people", "show", "a") == ["ana-lima"]
    assert sorted(p.name for p in cli_env.parent.iterdir()) == before
    assert cli_env.stat().st_mtime_ns == stamp
    missing = tmp_path / "no" / "such" / "folder" / "nq.json"
    assert tab("--db", str(missing), "checkin", "co") == []
    assert not (tmp_path / "no").exists()


def test_a_file_of_an_older_schema_completes_after_migrating_in_memory(run, tab, cli_env):
    fixture = Path(__file__).parents[1] / "store" / "data" / "v1.json"
    cli_env.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(fixture, cli_env)
    before = cli_env.read_bytes()
    assert tab("checkin", "")  # its quests are offered
    assert cli_env.read_bytes() == before


def test_a_hand_edited_file_is_read_whole_and_still_completes(data, tab, cli_env):
    import json

    cli_env.write_text(
        json.dumps(json.loads(cli_env.read_text()), indent=2, ensure_ascii=False)
    )  # no index holds
    assert tab("checkin", "co") == ["coffee", "comment"]
    assert tab("people", "show", "李") == ["p-1"]


def test_reading_a_missing_file_creates_nothing(tmp_path):
    from netquest.store import Store
    from netquest.store.glance import small_tables

    path = tmp_path / "no" / "such" / "nq.json"
    assert small_tables(path) == {"quests": [], "people": [], "goals": []}
    with Store(path).read() as tx:  # the store's own read path, which a Tab does not even need
        assert tx.quests() == []
    assert list(tmp_path.iterdir()) == []


def env_for(cli_env) -> dict:
    env = dict(os.environ)
    env.update(NETQUEST_DB=str(cli_env), NETQUEST_NOW="2026-03-11T09:30:00", TZ="UTC")
    return env


def test_a_tab_imports_neither_textual_nor_the_schema_nor_the_services(data, cli_env):
    env = env_for(cli_env)
    env.update(
        _NETQUEST_COMPLETE="bash_complete",
        COMP_WORDS="netquest\ncheckin\ncoffee\n--with\nan",
        COMP_CWORD="4",
    )
    proc = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "netquest"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert proc.returncode == 0 and proc.stdout == "plain,ana-lima\n"
    imported = {
        line.split("|")[-1].strip()
        for line in proc.stderr.splitlines()
        if line.startswith("import time:")
    }
    assert "netquest.store.glance" in imported  # the import log is really there
    assert not {name for name in imported if name.split(".")[0] in ("textual", "pendulum")}
    assert not imported & {
        "netquest.store.schema",
        "netquest.store.store",
        "netquest.services",
        "netquest.clock",
    }


# ---------------------------------------------------------------- the scripts
@pytest.mark.parametrize("shell,marker", [
    ("bash", "_NETQUEST_COMPLETE=bash_complete"),
    ("zsh", "_NETQUEST_COMPLETE=zsh_complete"),
    ("fish", "_NETQUEST_COMPLETE=fish_complete"),
])
def test_completion_prints_the_script_for_each_shell(run, shell, marker):
    out = ok(run, "completion", shell)
    assert marker in out and "netquest" in out


def test_completion_refuses_an_unknown_shell(run):
    code, out, err = run("completion", "tcsh")
    assert code == 2 and "tcsh" in err and out == ""


def test_the_bash_script_is_valid_bash(run, tmp_path):
    script = tmp_path / "netquest.bash"
    script.write_text(ok(run, "completion", "bash"))
    proc = subprocess.run(["bash", "-n", str(script)], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr


@pytest.mark.parametrize("options", ["set -u", "set -euo pipefail", "shopt -s failglob nullglob"])
def test_the_bash_script_works_under_strict_shell_options(data, cli_env, options):
    """A ~/.bashrc with `set -u` (or other strict options) gets candidates, never an error in the
    prompt line."""
    bin_dir = Path(sys.executable).parent
    line = (
        'eval "$(netquest completion bash)"; '
        f"{options}; "
        "COMP_WORDS=(netquest checkin coffee --with 'Ana L'); COMP_CWORD=4; "
        "_netquest_completion netquest; "
        'printf "<%s>\\n" "${COMPREPLY[@]}"; '
        "COMP_WORDS=(netquest checkin co); COMP_CWORD=2; _netquest_completion netquest; "
        'printf "<%s>\\n" "${COMPREPLY[@]}"'
    )
    env = dict(env_for(cli_env), PATH=f"{bin_dir}:/usr/bin:/bin")
    proc = subprocess.run(
        ["bash", "--norc", "-c", line], capture_output=True, text=True, env=env, timeout=60
    )
    assert proc.stderr == ""
    assert proc.stdout == "<ana-lima>\n<coffee>\n<comment>\n"


# ---------------------------------------------------------------- real shells in tmux
class Tmux:
    """A tmux server of its own (-L), so a test never touches anyone else's sessions."""

    PROMPT = "nq$"

    def __init__(self, socket: str, env: dict) -> None:
        self.socket = socket
        self.env = env

    def __call__(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        return subprocess.run(
            ["tmux", "-u", "-L", self.socket, *args],
            capture_output=True,
            text=True,
            check=check,
            timeout=30,
            env=self.env,
        )

    def screen(self) -> str:
        return self("capture-pane", "-p", "-t", "nq").stdout

    def wait_for(self, predicate, what: str, timeout: float = 20) -> str:
        deadline = time.monotonic() + timeout
        screen = ""
        while time.monotonic() < deadline:
            screen = self.screen()
            if predicate(screen):
                return screen
            time.sleep(0.1)
        raise AssertionError(f"{what} did not appear:\n{screen}")

    def line(self, screen: str) -> str:
        """The last prompt line, without the prompt."""
        lines = [line for line in screen.splitlines() if line.startswith(self.PROMPT)]
        return lines[-1][len(self.PROMPT):].strip() if lines else ""

    def type_and_tab(self, text: str, expected: str) -> None:
        self("send-keys", "-t", "nq", "-l", text)
        self("send-keys", "-t", "nq", "Tab")
        self.wait_for(lambda s: self.line(s) == expected, repr(expected))
        self("send-keys", "-t", "nq", "C-u")
        self.wait_for(lambda s: self.line(s) == "", "an empty prompt")


def shell_setup(shell: str, home: Path, bin_dir: Path, db: Path) -> tuple[str, dict]:
    """The command that starts an interactive `shell` with netquest's completion loaded, and its
    environment."""
    env = {"HOME": str(home), "TERM": "xterm-256color", "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8",
           "PATH": f"{bin_dir}:/usr/bin:/bin", "NETQUEST_DB": str(db)}
    if shell == "bash":
        rc = home / ".bashrc"
        rc.write_text(f"PS1='{Tmux.PROMPT} '\n" 'eval "$(netquest completion bash)"\n')
        return f"bash --noprofile --rcfile {shlex.quote(str(rc))} -i", env
    if shell == "zsh":
        (home / ".zshrc").write_text(f"PS1='{Tmux.PROMPT} '\nautoload -Uz compinit && compinit -u\n"
                                     'eval "$(netquest completion zsh)"\n')
        return "zsh -i", dict(env, ZDOTDIR=str(home))
    config = home / ".config" / "fish"
    config.mkdir(parents=True)
    (config / "config.fish").write_text(
        f"set -g fish_greeting ''\nfunction fish_prompt; echo -n '{Tmux.PROMPT} '; end\n"
        "netquest completion fish | source\n"
    )
    return "fish -i", dict(env, XDG_CONFIG_HOME=str(home / ".config"))


@pytest.fixture(params=["bash", "zsh", "fish"])
def real_shell(request, data, cli_env, tmp_path):
    """(shell name, Tmux) with that shell at its prompt, netquest's completion loaded, on the
    `data` file."""
    shell = request.param
    for program in ("tmux", shell):
        assert shutil.which(program), (
            f"{program} is missing: .ci/run installs it (apt-get install {program})"
        )
    bin_dir = Path(sys.executable).parent
    assert (bin_dir / "netquest").exists(), (
        "the test runs with the venv's python, where netquest is installed"
    )
    home = tmp_path / "home"
    home.mkdir()
    command, env = shell_setup(shell, home, bin_dir, cli_env)
    start = "env -i " + " ".join(f"{k}={shlex.quote(v)}" for k, v in env.items()) + " " + command
    tmux = Tmux(
        f"nq-completion-{os.getpid()}-{shell}", dict(os.environ, LANG="C.UTF-8", LC_ALL="C.UTF-8")
    )
    tmux("new-session", "-d", "-s", "nq", "-x", "160", "-y", "40", start)
    socket = Path(tmux("display-message", "-p", "#{socket_path}").stdout.strip())
    try:
        tmux.wait_for(lambda s: Tmux.PROMPT in s, "the prompt")
        yield shell, tmux
    finally:
        tmux("kill-server", check=False)
        socket.unlink(missing_ok=True)  # tmux leaves it behind


def test_tab_in_a_real_shell_completes_the_quest_id(real_shell, data):
    _, tmux = real_shell
    tmux.type_and_tab("netquest checkin cof", "netquest checkin coffee")
    ok(data, "quest", "archive", "comment")  # now "co" can only be the coffee
    tmux.type_and_tab("netquest checkin co", "netquest checkin coffee")
    tmux.type_and_tab("netquest checkin Virt", "netquest checkin coffee")


def test_tab_in_a_real_shell_quotes_names_and_values(real_shell, tmp_path):
    shell, tmux = real_shell
    # Fish drops the quote it no longer needs; bash and zsh close it.
    tmux.type_and_tab(
        'netquest checkin coffee --with "Ana L',
        "netquest checkin coffee --with " + ("ana-lima" if shell == "fish" else '"ana-lima"'),
    )
    tmux.type_and_tab("netquest people show 李", "netquest people show p-1")
    tmux.type_and_tab("netquest people show Elif\\ Yı", "netquest people show elif-yilmaz")
    tmux.type_and_tab("netquest people show O\\'N", "netquest people show o-neil-sons-touch-x")
    tmux.type_and_tab("netquest people show Evi", "netquest people show evil-31mred-0-title")
    tmux.type_and_tab(
        "netquest quest add X --tip 1 --cadence ev",
        "netquest quest add X --tip 1 --cadence every\\ 3\\ days",
    )
    tmux.type_and_tab(
        "netquest quest add X --tip 1 --cadence 'ev",
        "netquest quest add X --tip 1 --cadence 'every 3 days'",
    )
    tmux.type_and_tab(
        "netquest quest add X --tip 1 --cadence mon",
        "netquest quest add X --tip 1 --cadence mon,wed,fri",
    )
    assert not list((tmp_path / "home").glob("x"))  # nothing of a name was ever run


def test_text_that_is_not_utf8_ends_a_tab_quietly(data, tab, monkeypatch):
    assert tab.raw("goal", "kr", "add", "--quests", "coffee,\udcff,in") == ("", "")
    assert tab.raw("--db", "/tmp/\udcff") == ("", "")
    monkeypatch.setenv("NETQUEST_DB", "/tmp/\udcffnq.json")
    assert tab("checkin", "co") == []


@pytest.mark.parametrize("table, field, forged", [
    ("quests", "id", "co fee"),
    ("quests", "id", "co$(touch x)"),
    ("people", "id", "an`touch x`"),
    ("people", "id", "an\x1b[31mred"),
    ("people", "id", "an\nx"),
    ("people", "id", "a" * 41),
    ("goals", "id", "g1;ls"),
])
def test_a_hand_edited_id_the_store_refuses_completes_nothing(
    data, tab, cli_env, table, field, forged
):
    """An id no command would take (the store refuses the whole file) is never typed into the
    prompt."""
    import json

    raw = json.loads(cli_env.read_text())
    doc = next(iter(raw[table].values()))
    doc[field] = forged
    cli_env.write_text(json.dumps(raw, ensure_ascii=False))
    code, _, err = data("summary")
    assert code != 0 and "damaged" in err  # the store's own verdict
    for words in (("checkin", ""), ("people", "show", ""), ("goal", "focus", "")):
        assert tab(*words) == []


def test_a_hand_edited_key_result_id_the_store_refuses_completes_nothing(data, tab, cli_env):
    import json

    raw = json.loads(cli_env.read_text())
    goal = next(iter(raw["goals"].values()))
    goal["key_results"][0]["id"] = "k1 $(touch x)"
    cli_env.write_text(json.dumps(raw, ensure_ascii=False))
    assert tab("goal", "kr", "rm", "") == []


def test_with_completes_the_last_of_several_names_separated_by_commas(data, tab):
    """`--with "Ana, Bea"` names two people, so a Tab after a comma completes the next one."""
    assert tab("checkin", "coffee", "--with", "ana-lima,el") == ["ana-lima,elif-yilmaz"]
    assert tab("checkin", "coffee", "--with", '"Ana Lima, Elif Y') == ["Ana Lima, elif-yilmaz"]
    assert tab("checkin", "coffee", "--with", "ana-lima,李") == ["ana-lima,p-1"]
    assert tab("log", "edit", "1", "--with", "p-1,an") == ["p-1,ana-lima"]
    assert "ana-lima,ana-lima" not in tab(
        "checkin", "coffee", "--with", "ana-lima,"
    )  # named once is enough
    assert (
        dict(tab.pairs("checkin", "coffee", "--with", "ana-lima,el"))["ana-lima,elif-yilmaz"]
        == "Elif Yılmaz"
    )
    assert tab("people", "show", "ana-lima,el") == []  # one person only where the command takes one


def test_a_huge_file_no_index_vouches_for_completes_nothing_rather_than_keep_the_tab_waiting(
    data, tab, cli_env
):
    """A hand-edited file is parsed whole; past a few megabytes a Tab offers nothing at once."""
    import json

    from netquest.store import glance

    text = json.dumps(json.loads(cli_env.read_text()))  # no index vouches for it any more
    cli_env.write_text(text + " " * (glance.MAX_WHOLE_BYTES - len(text.encode())))
    assert tab("checkin", "co") == ["coffee", "comment"]  # at the bound, still read
    cli_env.write_text(text + " " * (glance.MAX_WHOLE_BYTES + 1 - len(text.encode())))
    assert tab("checkin", "co") == []
