"""`netquest` with no command starts the full-screen app without loading the command line,
and leaves every case it is not sure of to the command line."""

from __future__ import annotations

import os
import shlex
import subprocess
import sys
import time

import pytest

from netquest.tui import launch


@pytest.mark.parametrize("argv,expected", [
    ([], (True, None)),
    (["--db", "x.json"], (True, "x.json")),
    (["--db=x.json"], (True, "x.json")),
    (["--db"], (False, None)),
    (["--db="], (False, None)),
    (["--db", "--help"], (False, None)),
    (["--help"], (False, None)),
    (["--version"], (False, None)),
    (["summary"], (False, None)),
    (["--db", "x.json", "summary"], (False, None)),
])
def test_only_the_plain_command_line_is_taken(argv, expected):
    assert launch.db_of(argv) == expected


class Terminal:
    def isatty(self) -> bool:
        return True


@pytest.fixture
def terminal(monkeypatch):
    monkeypatch.setattr(sys, "stdin", Terminal())
    monkeypatch.setattr(sys, "stdout", Terminal())


def started(argv, environ) -> bool:
    import gc

    try:
        return launch.quick_start(argv, environ)
    finally:
        gc.unfreeze()  # what a started app froze goes back to the test run's collections
        gc.enable()


def test_no_terminal_is_left_to_the_command_line(tmp_path):
    db = tmp_path / "nq.json"
    db.write_text("{}")
    assert not started(["--db", str(db)], {})  # pytest's stdin is no terminal


@pytest.mark.usefixtures("terminal")
@pytest.mark.parametrize("case", ["missing", "damaged", "bad clock", "not utf-8", "completion"])
def test_what_the_command_line_must_word_is_left_to_it(tmp_path, case):
    db = tmp_path / "nq.json"
    environ = {"NETQUEST_NOW": "2026-03-11T09:30:00", "TZ": "UTC"}
    if case != "missing":
        db.write_text("{" if case == "damaged" else "")
    if case == "bad clock":
        environ["NETQUEST_NOW"] = "yesterday-ish"
    if case == "completion":
        environ["_NETQUEST_COMPLETE"] = "bash_complete"
    argv = ["--db", str(db) + ("\udcff" if case == "not utf-8" else "")]
    assert not started(argv, environ)
    assert db.exists() == (case != "missing")
    if case == "damaged":
        assert db.read_text() == "{"


def test_bare_netquest_draws_today_without_loading_click(tmp_path):
    db = tmp_path / "nq.json"
    env = {k: v for k, v in os.environ.items() if not k.startswith("NETQUEST")}
    env.update(NETQUEST_NOW="2026-03-11T09:30:00", TZ="UTC", TERM="xterm-256color")
    done = subprocess.run([sys.executable, "-m", "netquest", "--db", str(db), "init", "--starter"],
                          env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    modules, rc = tmp_path / "modules.txt", tmp_path / "rc"
    # The modules loaded by the time the process ends (Textual draws on stderr: left alone).
    probe = ("import atexit, runpy, sys\n"
             f"out = open({str(modules)!r}, 'w')\n"
             "atexit.register(lambda: out.write('\\n'.join(sys.modules)))\n"
             f"sys.argv = ['netquest', '--db', {str(db)!r}]\n"
             "runpy.run_module('netquest', run_name='__main__')\n")
    inner = (f"{shlex.quote(sys.executable)} -c {shlex.quote(probe)}; "
             f"echo $? >{shlex.quote(str(rc))}")
    prefix = " ".join(f"{k}={shlex.quote(v)}" for k, v in env.items() if k in (
        "NETQUEST_NOW", "TZ", "TERM", "PATH", "HOME"))
    session = f"nq-launch-{os.getpid()}"
    subprocess.run(["tmux", "new-session", "-d", "-s", session, "-x", "100", "-y", "30",
                    f"env {prefix} sh -c {shlex.quote(inner)}"], check=True)
    try:
        screen, deadline = "", time.monotonic() + 60
        while time.monotonic() < deadline and "due done" not in screen:
            time.sleep(0.2)
            screen = subprocess.run(["tmux", "capture-pane", "-p", "-t", session],
                                    capture_output=True, text=True).stdout
        assert "due done" in screen and "Invite someone to a virtual coffee" in screen, screen
        subprocess.run(["tmux", "send-keys", "-t", session, "q"], check=True)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and not rc.exists():
            time.sleep(0.2)
        assert rc.read_text().strip() == "0"
    finally:
        subprocess.run(["tmux", "kill-session", "-t", session], capture_output=True)
    loaded = set(modules.read_text().split("\n"))
    assert "textual.app" in loaded and "netquest.tui.app" in loaded
    assert "click" not in loaded and "netquest.cli" not in loaded


@pytest.mark.parametrize("theme,no_color", [
    (None, False), ("netquest-light", False), ("no-such-theme", False), ("netquest-light", True),
])
async def test_the_first_screen_from_the_start_up_read_is_the_screen_without_it(
        monkeypatch, tmp_path, theme, no_color):
    """The app started with the command line's read sets the saved theme before its first
    frame; what it shows, and the theme it ends on, are those of the app that reads itself."""
    from tests.tui.conftest import app_for, make_services, midday, settle

    monkeypatch.setenv("NETQUEST_CONFIG_DIR", str(tmp_path))  # a broken theme file: one notice
    (tmp_path / "themes").mkdir()
    (tmp_path / "themes" / "broken.toml").write_text("name = [")
    if no_color:
        monkeypatch.setenv("NO_COLOR", "1")
    else:
        monkeypatch.delenv("NO_COLOR", raising=False)
    services = midday(make_services())
    if theme:  # as stored, also a theme whose file is gone
        with services.store.transaction() as tx:
            tx.set_setting("theme", theme)
    shown = []
    for startup in (None, services.startup()):
        app = app_for(services, startup=startup)
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(pilot)
            notices = sorted(n.message for n in app._notifications)
            shown.append((app.theme, app.stored_theme, notices, app.export_screenshot(title="x")))
    assert shown[0] == shown[1]
    assert any("broken.toml" in notice for notice in shown[0][2])
