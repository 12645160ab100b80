"""`netquest remind`: what is due and not done, notify-send, once per quest and day, the timer."""

from __future__ import annotations

import json
import os
import stat

import pytest

from netquest import timers


@pytest.fixture
def machine(tmp_path, monkeypatch):
    """This machine's folders in the test's own place: state, config, and a PATH we control."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("PATH", str(bin_dir))
    return tmp_path


def fake_notify_send(machine, code: int = 0):
    """A notify-send that records its arguments, one JSON line per call."""
    log = machine / "sent.log"
    script = machine / "bin" / "notify-send"
    script.write_text(f"#!/bin/sh\nprintf '%s\\n' \"$@\" >> {log}\n"
                      f"printf '%s\\n' '<end of call>' >> {log}\n"
                      f"echo 'no bus' >&2\nexit {code}\n")
    script.chmod(0o755)
    return log


def calls(log) -> list[list[str]]:
    if not log.exists():
        return []
    out, current = [], []
    for line in log.read_text().split("\n")[:-1]:
        if line == "<end of call>":
            out.append(current)
            current = []
        else:
            current.append(line)
    return out


def quests(run, *specs):
    run("init")
    for qid, cadence in specs:
        run("quest", "add", qid.title(), "--tip", "1", "--cadence", cadence, "--id", qid)


def test_remind_prints_what_is_due_and_not_done(run, machine):
    quests(run, ("coffee", "daily"), ("comment", "daily"), ("host", "mon"))
    run("checkin", "comment")
    code, out, err = run("remind")
    assert code == 0 and err == ""
    assert out == "NetQuest: 1 quest due today not done yet\nCoffee (0/1)\n"
    run("checkin", "coffee")
    assert run("remind")[1] == "Nothing due is left today.\n"


def test_notify_without_notify_send_says_so_in_one_line(run, machine):
    quests(run, ("coffee", "daily"))
    code, out, err = run("remind", "--notify")
    assert code == 1 and out == ""
    assert err.startswith("netquest: cannot send a desktop notification: notify-send is not")
    assert len(err.strip().splitlines()) == 1
    assert not (machine / "state" / "netquest" / "reminded.json").exists()


def test_notify_once_per_quest_and_day(run, machine, monkeypatch, cli_env):
    log = fake_notify_send(machine)
    quests(run, ("coffee", "daily"), ("comment", "daily"))
    assert run("remind", "--notify")[0] == 0
    assert calls(log) == [["--app-name=NetQuest", "--", "NetQuest: 2 quests due today not done yet",
                           "Coffee (0/1)", "Comment (0/1)"]]
    assert run("remind", "--notify")[0] == 0
    assert len(calls(log)) == 1  # both were reminded today on this machine
    run("quest", "add", "Thread", "--tip", "1", "--cadence", "daily", "--id", "thread")
    run("remind", "--notify")
    assert calls(log)[1][2:] == ["NetQuest: 1 quest due today not done yet", "Thread (0/1)"]
    state = machine / "state" / "netquest" / "reminded.json"
    assert json.loads(state.read_text()) == {
        str(cli_env): {"day": "2026-03-11", "quests": ["coffee", "comment", "thread"]}}
    assert stat.S_IMODE(state.stat().st_mode) == 0o600
    assert "reminded" not in cli_env.read_text()  # the data file knows nothing of it
    monkeypatch.setenv("NETQUEST_NOW", "2026-03-12T09:30:00")
    run("remind", "--notify")
    assert len(calls(log)) == 3 and "3 quests" in calls(log)[2][2]


def test_the_body_is_text_to_the_notification_server(run, machine):
    log = fake_notify_send(machine)
    run("init")
    run("quest", "add", "<b>Bold</b> & \x1b[31mred", "--tip", "1", "--cadence", "daily",
        "--id", "x")
    run("remind", "--notify")
    assert calls(log)[0][3:] == ["&lt;b&gt;Bold&lt;/b&gt; &amp; ^[[31mred (0/1)"]


def test_nothing_is_sent_when_all_is_done(run, machine):
    log = fake_notify_send(machine)
    quests(run, ("coffee", "daily"))
    run("checkin", "coffee")
    assert run("remind", "--notify") == (0, "", "")
    assert calls(log) == []


def test_times_in_the_users_time_zone(run, machine, monkeypatch):
    log = fake_notify_send(machine)
    quests(run, ("coffee", "daily"), ("comment", "daily"))
    run("settings", "timezone", "Asia/Tokyo")
    monkeypatch.setenv("NETQUEST_NOW", "2026-03-11T09:30:00+00:00")  # 18:30 in Tokyo
    run("quest", "edit", "coffee", "--remind", "18:45")
    assert run("remind", "--notify", "--at", "18:31")[0] == 0
    assert calls(log) == []
    run("remind", "--notify", "--at", "18:30")
    assert calls(log)[0][3:] == ["Comment (0/1)"]  # coffee's own time has not come yet
    monkeypatch.setenv("NETQUEST_NOW", "2026-03-11T09:45:00+00:00")
    run("remind", "--notify", "--at", "18:30")
    assert calls(log)[1][3:] == ["Coffee (0/1)"]


def test_a_failing_notify_send_is_reported_and_tried_again(run, machine):
    log = fake_notify_send(machine, code=1)
    quests(run, ("coffee", "daily"))
    code, _, err = run("remind", "--notify")
    assert code == 1 and err == "netquest: notify-send failed (exit 1): no bus\n"
    run("remind", "--notify")
    assert len(calls(log)) == 2  # not remembered as sent


@pytest.fixture
def systemd(monkeypatch):
    """systemd running, with systemctl's calls recorded instead of made."""
    made = []
    monkeypatch.setattr(timers, "systemd_running", lambda: True)
    monkeypatch.setattr(timers, "systemctl", lambda *args: made.append(args))
    return made


def test_install_writes_a_timer_and_a_service(run, machine, systemd, cli_env):
    code, out, err = run("remind", "--install", "--at", "7:45")
    assert code == 0, err
    folder = machine / "config" / "systemd" / "user"
    service = (folder / "netquest-remind.service").read_text()
    timer = (folder / "netquest-remind.timer").read_text()
    assert "Type=oneshot" in service
    exec_line = next(line for line in service.splitlines() if line.startswith("ExecStart="))
    words = '"-m" "netquest" "remind" "--notify" "--at" "07:45" "--db"'
    assert exec_line.endswith(f'{words} "{cli_env}"')
    assert "OnCalendar=*:0/15" in timer and "WantedBy=timers.target" in timer
    assert systemd == [("daemon-reload",), ("enable", "--now", "netquest-remind.timer")]
    assert f"Wrote {folder / 'netquest-remind.timer'}" in out
    code, out, _ = run("remind", "--uninstall")
    assert code == 0 and not list(folder.iterdir())
    assert systemd[2] == ("disable", "--now", "netquest-remind.timer")
    assert out.count("Removed") == 2


def test_install_quotes_what_systemd_would_expand(run, machine, systemd, monkeypatch, tmp_path):
    db = tmp_path / "100% $HOME" / "nq.json"
    monkeypatch.setenv("NETQUEST_DB", str(db))
    run("remind", "--install")
    service = (machine / "config" / "systemd" / "user" / "netquest-remind.service").read_text()
    assert '"--at" "18:30"' in service and f'"{tmp_path}/100%% $$HOME/nq.json"' in service


def test_install_without_systemd_prints_a_crontab_line(run, machine, monkeypatch):
    monkeypatch.setattr(timers, "systemd_running", lambda: False)
    code, out, _ = run("remind", "--install", "--at", "18:00")
    lines = out.splitlines()
    assert code == 0 and "crontab -e" in lines[0]
    bus = f"unix:path=/run/user/{os.getuid()}/bus"
    assert lines[1].startswith(f"*/15 * * * * DBUS_SESSION_BUS_ADDRESS={bus} ")
    db = os.environ["NETQUEST_DB"]
    assert lines[1].endswith(f"-m netquest remind --notify --at 18:00 --db {db}")
    assert not (machine / "config").exists()


def test_uninstall_leaves_a_unit_it_did_not_write(run, machine, systemd):
    folder = machine / "config" / "systemd" / "user"
    folder.mkdir(parents=True)
    (folder / "netquest-remind.timer").write_text("[Timer]\nOnCalendar=daily\n")
    code, _, err = run("remind", "--uninstall")
    assert code == 1 and "not written by" in err and len(err.strip().splitlines()) == 1
    assert (folder / "netquest-remind.timer").exists()


@pytest.mark.parametrize("words", [
    ("remind", "--at", "25:00"),
    ("remind", "--install", "--uninstall"),
    ("remind", "--at", "18:00"),
    ("quest", "add", "X", "--tip", "1", "--cadence", "daily", "--remind", "6pm"),
])
def test_bad_input_is_one_line(run, machine, words):
    run("init")
    code, out, err = run(*words)
    assert code == 2 and out == "" and len(err.strip().splitlines()) == 1
    assert "Traceback" not in err
    assert run("quest", "list")[1].startswith("No quests yet")


def test_quest_remind_is_kept_cleared_and_keeps_its_days(run, machine):
    quests(run, ("coffee", "daily"))
    assert run("quest", "edit", "coffee", "--remind", "9:05")[1].endswith("reminder 09:05\n")
    doc = json.loads(run("quest", "list", "--format", "json")[1])[0]
    every_day = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
    assert doc["reminder"] == {"time": "09:05", "days": every_day}
    run("quest", "edit", "coffee", "--title", "Coffee chat")
    assert json.loads(run("quest", "list", "--format", "json")[1])[0]["reminder"]["time"] == "09:05"
    run("quest", "edit", "coffee", "--remind", "none")
    assert "reminder" not in json.loads(run("quest", "list", "--format", "json")[1])[0]


def test_after_midnight_before_the_day_start_is_still_the_evening(run, machine, monkeypatch):
    log = fake_notify_send(machine)
    quests(run, ("coffee", "daily"), ("comment", "daily"))
    run("settings", "day_start_hour", "4")
    run("quest", "edit", "coffee", "--remind", "2:00")  # late in the habit day of the 11th
    monkeypatch.setenv("NETQUEST_NOW", "2026-03-12T01:00:00")
    run("remind", "--notify", "--at", "18:30")
    assert calls(log) == [["--app-name=NetQuest", "--", "NetQuest: 1 quest due today not done yet",
                           "Comment (0/1)"]]
    monkeypatch.setenv("NETQUEST_NOW", "2026-03-12T02:00:00")
    run("remind", "--notify", "--at", "18:30")
    assert calls(log)[1][3:] == ["Coffee (0/1)"]
    state = json.loads((machine / "state" / "netquest" / "reminded.json").read_text())
    assert list(state.values()) == [{"day": "2026-03-11", "quests": ["coffee", "comment"]}]


def test_a_quest_reminded_on_its_days_only(run, machine, cli_env):
    log = fake_notify_send(machine)
    quests(run, ("coffee", "daily"))
    run("quest", "edit", "coffee", "--remind", "08:00")
    # Loop's reminder days come along with an import; here they are set in the file.
    text = cli_env.read_text()
    every = '"days":["mon","tue","wed","thu","fri","sat","sun"]'
    assert every in text
    cli_env.write_text(text.replace(every, '"days":["mon","tue"]'))
    run("remind", "--notify", "--at", "07:00")  # 2026-03-11 is a Wednesday
    assert calls(log) == []
    run("quest", "edit", "coffee", "--remind", "09:00")
    assert json.loads(run("quest", "list", "--format", "json")[1])[0]["reminder"] == {
        "time": "09:00", "days": ["mon", "tue"]}


@pytest.mark.parametrize("cron", [False, True])
def test_install_refuses_a_data_path_a_timer_cannot_carry(run, machine, systemd, monkeypatch,
                                                         tmp_path, cron):
    # A line break in the path would end ExecStart (or the crontab line) and start another.
    if cron:
        monkeypatch.setattr(timers, "systemd_running", lambda: False)
    db = tmp_path / "x\nExecStartPost=/bin/touch pwned\n" / "nq.json"
    code, out, err = run("remind", "--install", "--db", str(db))
    assert code == 1 and len(err.strip().splitlines()) == 1, err
    assert "line break" in err and "ExecStartPost" not in out
    assert not (machine / "config" / "systemd" / "user" / "netquest-remind.service").exists()


def test_the_reminded_state_is_never_written_through_a_link(run, machine, tmp_path):
    fake_notify_send(machine)
    quests(run, ("coffee", "daily"))
    folder = machine / "state" / "netquest"
    folder.mkdir(parents=True)
    elsewhere = tmp_path / "elsewhere.txt"
    elsewhere.write_text("mine\n")
    (folder / f".reminded.json.{os.getpid()}.tmp").symlink_to(elsewhere)
    assert run("remind", "--notify")[0] == 0
    assert elsewhere.read_text() == "mine\n"
    assert json.loads((folder / "reminded.json").read_text())


def test_once_per_quest_and_day_whatever_name_reaches_the_file(run, machine, cli_env, tmp_path):
    # The timer names the file one way, the user another (a linked folder): one reminder.
    log = fake_notify_send(machine)
    quests(run, ("coffee", "daily"))
    assert run("remind", "--notify")[0] == 0
    link = tmp_path / "linked"
    link.symlink_to(cli_env.parent)
    assert run("remind", "--notify", "--db", str(link / cli_env.name))[0] == 0
    assert len(calls(log)) == 1


def test_a_title_that_looks_like_an_option_is_text_to_notify_send(run, machine):
    log = fake_notify_send(machine)
    run("init")
    run("quest", "add", "--tip", "1", "--cadence", "daily", "--id", "opt", "--",
        "--urgency=critical")
    assert run("remind", "--notify")[0] == 0
    sent = calls(log)[0]
    assert sent[:3] == ["--app-name=NetQuest", "--", "NetQuest: 1 quest due today not done yet"]
    assert sent[3] == "--urgency=critical (0/1)"
