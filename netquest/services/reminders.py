"""Reminders: what is due today and not done yet, said once per quest and day on this machine.

NetQuest runs no daemon: a systemd user timer or cron starts `netquest remind --notify`
every few minutes, and this module decides whether there is anything to say now.  A quest
with its own reminder time is reminded from that time on (on its reminder days); the
others from the time the timer names (`--at`).  Which quests were reminded today is kept
on this machine, under XDG_STATE_HOME, never in the data file: another device has its own
screen to remind.
"""

from __future__ import annotations

import json
import os
import re
from contextlib import suppress
from pathlib import Path

from netquest.i18n import _, ngettext
from netquest.services.errors import ServiceError
from netquest.structs import Struct
from netquest.text import inert
from netquest.wording import progress_text, quest_title, units

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
STATE_NAME = "reminded.json"
_TIME = re.compile(r"([01]?[0-9]|2[0-3]):([0-5][0-9])")


class ReminderError(ServiceError):
    """A reminder time that cannot be used."""


def clean_time(text: str) -> str:
    """`text` as HH:MM ("9:05" is "09:05"), or ReminderError."""
    match = _TIME.fullmatch(str(text).strip())
    if match is None:
        raise ReminderError(
            _("{time} is not a time of day such as 18:30 (00:00 to 23:59)").format(
                time=repr(inert(text))))
    return f"{int(match.group(1)):02d}:{match.group(2)}"


def reminder_field(text: str | None, current: dict | None) -> dict | None:
    """The quest's reminder for what `--remind` says: a time (the days it had stay, every day
    for a new one), or "none" for no reminder."""
    if text is None or str(text).strip().lower() in ("", "none", "off", "-"):
        return None
    days = list(current["days"]) if current else list(DAYS)
    return {"time": clean_time(text), "days": days}


class Notification(Struct, frozen=True):
    """What one reminder says: the quests due and not done, those at risk first."""

    day: str
    items: tuple[tuple[str, str, str], ...]  # (quest id, title, progress and risk)

    @property
    def quest_ids(self) -> tuple[str, ...]:
        return tuple(qid for qid, _, _ in self.items)

    @property
    def summary(self) -> str:
        n = len(self.items)
        return ngettext("NetQuest: {n} quest due today not done yet",
                        "NetQuest: {n} quests due today not done yet", n).format(n=n)

    @property
    def body(self) -> str:
        return "\n".join(inert(f"{title} ({words})") for _, title, words in self.items)

    def text(self) -> str:
        return f"{self.summary}\n{self.body}"


def notification(state, only: set[str] | None = None) -> Notification | None:
    """What a reminder would say of `state` (of the quests in `only`), or None when every
    quest due today is done or skipped."""
    items = []
    for q in sorted(state.due, key=lambda q: (not q.at_risk, -q.streak.current, q.quest.id)):
        if q.complete or q.skipped or (only is not None and q.quest.id not in only):
            continue
        words = progress_text(q)
        if q.at_risk:
            words += _(", {streak} streak at risk").format(
                streak=units(q.streak.current, q.streak.unit))
        items.append((q.quest.id, quest_title(q.quest), words))
    return Notification(state.today.isoformat(), tuple(items)) if items else None


def _minutes(hhmm: str, day_start_hour: int) -> int:
    """Minutes into the habit day: a time before the day-start hour belongs to its end."""
    hour, minute = int(hhmm[:2]), int(hhmm[3:])
    return hour * 60 + minute + (24 * 60 if hour < day_start_hour else 0)


def reminder_time(quest, weekday: str, at: str | None) -> str | None:
    """When `quest` is reminded today: its own time on its days, else `at` ("00:00" when
    there is none); None on a day outside its reminder days."""
    own = quest.reminder
    if own:
        return own["time"] if weekday in own["days"] else None
    return at or "00:00"


def due_now(root, at: str | None) -> Notification | None:
    """The reminder to send now: quests due and not done whose time has come and that this
    machine has not reminded today."""
    with root.reading() as s:
        clock, state = s.clock, root.quests.state_in(s)
    now = clock.now()
    weekday = DAYS[state.today.weekday()]
    minutes_now = now.hour * 60 + now.minute
    if now.date() > state.today:
        minutes_now += 24 * 60
    sent = sent_today(root.store.path, state.today.isoformat())
    ready = set()
    for q in state.due:
        when = reminder_time(q.quest, weekday, at)
        if when is None or q.quest.id in sent:
            continue
        if _minutes(when, clock.day_start_hour) <= minutes_now:
            ready.add(q.quest.id)
    return notification(state, ready) if ready else None


# -------------------------------------------------------------------- this machine's memory
def state_file() -> Path:
    """Where this machine keeps which quests it reminded: $XDG_STATE_HOME/netquest/."""
    base = os.environ.get("XDG_STATE_HOME") or os.path.expanduser("~/.local/state")
    return Path(base) / "netquest" / STATE_NAME


def _load() -> dict:
    try:
        with open(state_file(), encoding="utf-8") as handle:
            data = json.load(handle)
    except (OSError, ValueError):
        return {}
    return data if type(data) is dict else {}


def _key(data_path) -> str:
    """The data file as this machine's memory names it: its real path, so the timer's name
    for it and the user's (through a linked folder) are one file."""
    return os.path.realpath(data_path)


def sent_today(data_path, day: str) -> set[str]:
    """The quests of this data file this machine reminded on `day`."""
    entry = _load().get(_key(data_path))
    if type(entry) is not dict or entry.get("day") != day or type(entry.get("quests")) is not list:
        return set()
    return {q for q in entry["quests"] if type(q) is str}


def mark_sent(data_path, note: Notification) -> None:
    """Remember that `note` was sent: those quests are not reminded again on its day."""
    data = _load()
    quests = sent_today(data_path, note.day) | set(note.quest_ids)
    data[_key(data_path)] = {"day": note.day, "quests": sorted(quests)}
    target = state_file()
    target.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    temp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    with suppress(FileNotFoundError):
        os.unlink(temp)  # a leftover of this process id, never followed if it is a link
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o600)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(data, handle, ensure_ascii=False)
        os.replace(temp, target)
    except BaseException:
        with suppress(OSError):
            os.unlink(temp)
        raise


# -------------------------------------------------------------------- the desktop's notifier
def notify_send() -> str | None:
    """The notify-send program on PATH, or None."""
    import shutil

    return shutil.which("notify-send")


def send(program: str, note: Notification) -> str | None:
    """Show `note` through notify-send; a problem in one line, or None when it was shown."""
    import subprocess
    from html import escape

    # Notification servers read the body as simple markup: a title's < or & stays text.
    body = escape(note.body, quote=False)
    try:
        # "--": a title that starts with a dash is text, never one of notify-send's options.
        done = subprocess.run([program, "--app-name=NetQuest", "--", note.summary, body],
                              capture_output=True, timeout=15)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return f"notify-send failed: {exc}"
    if done.returncode != 0:
        said = done.stderr.decode("utf-8", "replace").strip().splitlines()
        return f"notify-send failed (exit {done.returncode}){': ' + said[0] if said else ''}"
    return None
