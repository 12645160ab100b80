"""The reminder timer: a systemd user timer and service, or a crontab line without systemd.

The timer starts `netquest remind --notify` every quarter of an hour; that command decides
whether anything is due and not yet reminded (`netquest.services.reminders`), so a quest's
own reminder time needs no new timer.  Nothing is installed without `remind --install`.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

UNIT = "netquest-remind"
DEFAULT_AT = "18:30"
EVERY = "*:0/15"
MARK = "# Written by `netquest remind --install`; `netquest remind --uninstall` removes it."


def unit_dir() -> Path:
    """Where systemd looks for a user's own units: $XDG_CONFIG_HOME/systemd/user."""
    base = os.environ.get("XDG_CONFIG_HOME") or os.path.join(os.path.expanduser("~"), ".config")
    return Path(base) / "systemd" / "user"


def unit_files() -> tuple[Path, Path]:
    folder = unit_dir()
    return folder / f"{UNIT}.service", folder / f"{UNIT}.timer"


def systemd_running() -> bool:
    """True when this machine was booted with systemd and systemctl is there to ask it."""
    return os.path.isdir("/run/systemd/system") and shutil.which("systemctl") is not None


def systemctl(*args: str) -> str | None:
    """Run `systemctl --user ARGS`; its complaint in one line, or None when it worked."""
    try:
        done = subprocess.run(["systemctl", "--user", *args], capture_output=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return str(exc)
    if done.returncode:
        said = done.stderr.decode("utf-8", "replace").strip().splitlines()
        return said[0] if said else f"exit {done.returncode}"
    return None


def remind_command(at: str, db: str | None) -> list[str]:
    """The command the timer runs: this interpreter, so the timer uses this installation."""
    words = [sys.executable, "-m", "netquest", "remind", "--notify", "--at", at]
    db = db or os.environ.get("NETQUEST_DB")
    if db:  # the timer does not see the shell's environment: name the file
        words += ["--db", str(Path(db).expanduser().absolute())]
    for word in words:
        # A line break ends ExecStart (or the crontab line) and would start another one.
        if not word.isprintable():
            raise OSError(0, "a line break or control character in this path cannot go into "
                             "a timer; use a data file whose path has none", word)
    return words


def _systemd_word(word: str) -> str:
    """One word of ExecStart: quoted, systemd's specifier (%) and variable ($) signs doubled."""
    escaped = word.replace("\\", "\\\\").replace('"', '\\"').replace("%", "%%").replace("$", "$$")
    return f'"{escaped}"'


def service_text(at: str, db: str | None) -> str:
    command = " ".join(_systemd_word(w) for w in remind_command(at, db))
    return (f"{MARK}\n[Unit]\nDescription=NetQuest: remind what is due today and not done yet\n\n"
            f"[Service]\nType=oneshot\nExecStart={command}\n")


def timer_text(at: str) -> str:
    return (f"{MARK}\n[Unit]\nDescription=NetQuest reminders every 15 minutes "
            f"(quests without their own time from {at})\n\n"
            f"[Timer]\nOnCalendar={EVERY}\nAccuracySec=1min\n\n[Install]\nWantedBy=timers.target\n")


def crontab_line(at: str, db: str | None) -> str:
    """The same schedule for cron; notify-send needs the session bus, which cron does not set."""
    bus = f"unix:path=/run/user/{os.getuid()}/bus"
    command = " ".join(shlex.quote(w) for w in remind_command(at, db)).replace("%", "\\%")
    return f"*/15 * * * * DBUS_SESSION_BUS_ADDRESS={bus} {command}"


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    temp = path.with_name(f".{path.name}.tmp")
    temp.write_text(text, encoding="utf-8")
    os.replace(temp, path)


def install(at: str, db: str | None) -> list[str]:
    """Write and start the timer where systemd runs, else give the crontab line; lines to print."""
    if not systemd_running():
        return ["systemd is not running here; add this line with `crontab -e`:",
                crontab_line(at, db)]
    service, timer = unit_files()
    _write(service, service_text(at, db))
    _write(timer, timer_text(at))
    lines = [f"Wrote {service}", f"Wrote {timer}"]
    problem = systemctl("daemon-reload") or systemctl("enable", "--now", timer.name)
    if problem:
        return lines + [f"systemctl could not start it ({problem}); "
                        f"run `systemctl --user enable --now {timer.name}`"]
    return lines + [f"Reminders on: every 15 minutes, quests without their own time from {at} "
                    f"(`systemctl --user list-timers {timer.name}`)"]


def uninstall() -> list[str]:
    """Stop and remove the timer and service --install wrote. Lines to print."""
    present = [path for path in unit_files() if path.exists()]
    if not present:
        lines = [f"No NetQuest timer in {unit_dir()}"]
        if not systemd_running():
            lines.append("A crontab line is removed with `crontab -e`.")
        return lines
    for path in present:
        if MARK not in path.read_text(encoding="utf-8", errors="replace"):
            raise OSError(0, "not written by `netquest remind --install`, so it stays", str(path))
    lines = []
    if systemd_running():
        problem = systemctl("disable", "--now", f"{UNIT}.timer")
        if problem:
            lines.append(f"systemctl could not stop the timer ({problem})")
    for path in present:
        path.unlink()
        lines.append(f"Removed {path}")
    if systemd_running():
        systemctl("daemon-reload")
    return lines
