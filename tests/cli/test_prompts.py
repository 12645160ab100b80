"""The prompt snippets of `netquest status --prompt SHELL`, run in a real bash, zsh and fish."""

from __future__ import annotations

import subprocess
import time

import pytest

LINE = "1 of 6 due done · 🔥 3 · 50% $(touch pwned) `touch pwned`"

SHOW = {
    # What the shell's prompt would show, drawn the shell's own way.
    "bash": ['bash', '--norc', '--noprofile', '-c',
             '{snippet}\n__netquest_status; printf "<%s>" "${{PS1@P}}"'],
    "zsh": ["zsh", "-f", "-c", '{snippet}\n__netquest_status; print -Pn -- "<$PROMPT>"'],
    "fish": ["fish", "--no-config", "-c",
             '{snippet}\nset -l shown (__netquest_status); echo -n "<$shown>"'],
}


def prompt_of(run, shell: str, cache_text: str | None, tmp_path) -> str:
    if cache_text is not None:
        (tmp_path / "data").mkdir(exist_ok=True)
        cache_text = cache_text.replace("/x/nq.json", str(tmp_path / "data" / "netquest.json"))
        (tmp_path / "data" / "status.txt").write_text(cache_text, encoding="utf-8")
    code, snippet, err = run("status", "--prompt", shell)
    assert code == 0, err
    words = [w.format(snippet=snippet) for w in SHOW[shell]]
    done = subprocess.run(words, capture_output=True, text=True, timeout=30, cwd=tmp_path,
                          env={"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "LANG": "C.UTF-8"})
    assert done.returncode == 0 and done.stderr == "", done.stderr
    assert not (tmp_path / "pwned").exists()
    return done.stdout


def cache(start: int, end: int, line: str = LINE) -> str:
    return f"2026-11-30\n{line}\n{end} {start} UTC system\n/x/nq.json\n"


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_the_prompt_shows_todays_line_as_it_is(run, cli_env, tmp_path, shell):
    now = int(time.time())
    shown = prompt_of(run, shell, cache(now - 100, now + 3600), tmp_path)
    assert shown == f"<[{LINE}] >"


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
@pytest.mark.parametrize("case", ["turned", "not yet", "missing", "garbage"])
def test_the_prompt_shows_nothing_when_the_cache_is_not_for_now(run, cli_env, tmp_path, shell,
                                                                case):
    now = int(time.time())
    text = {"turned": cache(now - 7200, now - 10), "not yet": cache(now + 10, now + 7200),
            "missing": None, "garbage": cache(now - 100, now + 100).replace(
                f"{now + 100} {now - 100}", "a[$(touch pwned)] 0")}[case]
    assert prompt_of(run, shell, text, tmp_path) == "<>"


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_a_control_character_in_the_cache_never_reaches_the_terminal(run, cli_env, tmp_path,
                                                                      shell):
    now = int(time.time())
    line = "ok \x1b]0;title\x07 \x1b[31mred\x9b2J end"
    shown = prompt_of(run, shell, cache(now - 100, now + 3600, line), tmp_path)
    assert shown == "<[ok ]0;title [31mred2J end] >"


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_bounds_with_leading_zeros_or_too_many_digits_show_nothing_quietly(run, cli_env,
                                                                          tmp_path, shell):
    for bounds in ("09 08", "99999999999999999999999 0"):
        text = f"2026-11-30\n{LINE}\n{bounds} UTC system\n/x/nq.json\n"
        assert prompt_of(run, shell, text, tmp_path) == "<>"


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_a_huge_cache_file_is_not_read_to_its_end(run, cli_env, tmp_path, shell):
    now = int(time.time())
    for body in ("a" * 20_000_000 + "\n", "line\n" * 3_000_000):
        text = f"2026-11-30\n{body}{now + 3600} {now - 100} UTC system\n/x/nq.json\n"
        started = time.monotonic()
        assert prompt_of(run, shell, text, tmp_path) == "<>"
        assert time.monotonic() - started < 5


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_a_start_up_file_read_twice_shows_the_line_once(run, cli_env, tmp_path, shell):
    # `source ~/.bashrc` after an edit runs the snippet again.
    now = int(time.time())
    (tmp_path / "data").mkdir(exist_ok=True)
    (tmp_path / "data" / "status.txt").write_text(
        cache(now - 100, now + 3600).replace("/x/nq.json", str(cli_env)), "utf-8")
    snippet = run("status", "--prompt", shell)[1]
    show = {"bash": 'printf "<%s|%s>" "${PS1@P}" "$PROMPT_COMMAND"',
            "zsh": 'print -Pn -- "<$PROMPT|${#precmd_functions}>"',
            "fish": 'set -l shown (fish_prompt); echo -n "<$shown|>"'}[shell]
    words = [w.format(snippet=snippet + "\n" + snippet) for w in SHOW[shell][:-1]]
    first = "" if shell == "fish" else "__netquest_status; "  # fish's prompt runs it itself
    words.append(snippet + "\n" + snippet + "\n" + first + show)
    done = subprocess.run(words, capture_output=True, text=True, timeout=30, cwd=tmp_path,
                          env={"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "LANG": "C.UTF-8"})
    assert done.returncode == 0, done.stderr
    assert done.stdout.count(LINE) == 1, done.stdout
    assert done.stdout.count("__netquest_status") <= 1
    if shell == "zsh":
        assert done.stdout.endswith("|1>")


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_the_prompt_shows_nothing_of_another_data_file_in_the_same_folder(run, cli_env,
                                                                         tmp_path, shell):
    # home.json beside netquest.json writes the same status.txt.
    now = int(time.time())
    other = cache(now - 100, now + 3600).replace("/x/nq.json", str(tmp_path / "data" / "h.json"))
    assert prompt_of(run, shell, other, tmp_path) == "<>"
