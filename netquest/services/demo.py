"""Fill a data file with a plausible history, for trying NetQuest out, screenshots and benchmarks."""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta, timezone

from netquest import catalog
from netquest.i18n import _
from netquest.rules.cadence import parse_cadence, period_of, period_quota
from netquest.rules.xp import checkin_xp
from netquest.services.errors import ServiceError
from netquest.services.model import Quest
from netquest.store.protocols import Transaction

PEOPLE = [
    "Ana Souza",
    "Ben Okafor",
    "Chen Wei 陈伟",
    "Dana Kim",
    "Elif Yılmaz",
    "Farah Haddad فرح",
    "Gus Lindqvist",
    "Hana Sato 佐藤花",
    "Ivan Petrov",
    "Jo Mbeki 🎙",
    "Kai Müller",
    "Lina Rossi",
]
NOTES = {
    1: [
        "Answered a question about home labs",
        "Shared a post-mortem write-up",
        "Good thread on hiring juniors",
    ],
    2: [
        "Co-hosted the monthly community call",
        "Guest on a small podcast",
        "Ran a live Q&A, 40 people",
    ],
    3: [
        "Asked for an intro to a platform lead",
        "Mutual contact offered to connect us",
        "Intro request by email",
    ],
    4: [
        "Coffee about career moves",
        "Talked about open-source funding",
        "Great chat, follow up in a month",
    ],
    5: [
        "Wrote down this month's ask",
        "Reviewed the week: more coffees next week",
        "Updated my profile headline",
    ],
}


def demo_quests(n: int, start: date) -> list[Quest]:
    """The catalogue's starter quests, repeated with a number when more are asked for."""
    starters = catalog.starter_quests()
    out = []
    for i in range(n):
        tip, sq = starters[i % len(starters)]
        round_ = i // len(starters)
        qid = sq.id if round_ == 0 else f"{sq.id}-{round_ + 1}"
        title = sq.title if round_ == 0 else f"{sq.title} ({round_ + 1})"
        out.append(
            Quest(
                qid,
                title,
                tip.number,
                parse_cadence(sq.cadence),
                sq.target,
                sq.xp,
                start,
                moves_to=sq.moves_to,
            )
        )
    return out


def _stamp(day: date, rng: random.Random) -> str:
    moment = datetime(
        day.year, day.month, day.day, rng.randint(7, 21), rng.randint(0, 59), tzinfo=timezone.utc
    )
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def fill(
    tx: Transaction,
    today: date,
    days: int = 120,
    quests: int = 8,
    seed: int = 7,
    week_start: int = 0,
) -> dict:
    """Write quests, check-ins, skips and a vacation covering `days` days up to yesterday."""
    if not 1 <= days <= 36500:
        raise ServiceError(_("--days must be from 1 to 36500, not {days}").format(
                days=days))
    if not 1 <= quests <= 200:
        raise ServiceError(_("--quests must be from 1 to 200, not {quests}").format(
                quests=quests))
    if tx.quests() or tx.checkins():
        raise ServiceError(
            _("the data file already holds quests; demo fills only an empty file (use "
              "--db)")
        )
    rng = random.Random(seed)
    start = today - timedelta(days=days)
    made = demo_quests(quests, start)
    for quest in made:
        tx.put_quest(quest.to_doc())
    vacation: set[date] = set()
    for year_start in range(0, days, 365):
        if days - year_start > 30:
            first = start + timedelta(
                days=year_start + rng.randint(10, 300) % max(1, days - year_start - 8)
            )
            for k in range(rng.randint(3, 8)):
                vacation.add(first + timedelta(days=k))
    vacation = {d for d in vacation if start <= d < today}
    for day in sorted(vacation):
        tx.add_skip(None, day.isoformat(), "vacation")
    total = 0
    for quest in made:
        total += _fill_quest(tx, quest, start, today, vacation, rng, week_start)
    people = _fill_people(tx, made, today, rng)
    tx.set_setting("initialized", True)
    return {
        "quests": len(made),
        "checkins": total,
        "vacation_days": len(vacation),
        "people": people,
    }


def _fill_people(tx: Transaction, quests: list[Quest], today: date, rng: random.Random) -> int:
    """A person entry for everyone the demo check-ins name, as play would have left it."""
    from netquest.rules.people import stage_after_checkin
    from netquest.services.people_model import person_id

    moves = {q.id: q.moves_to for q in quests}
    seen: dict[str, dict] = {}
    for rec in tx.checkins():  # sorted by day
        for name in rec.people:
            doc = seen.get(name)
            if doc is None:
                doc = seen[name] = {
                    "name": name,
                    "stage": "want",
                    "first": rec.day,
                    "last": rec.day,
                    "since": rec.day,
                }
            stage = stage_after_checkin(doc["stage"], moves.get(rec.quest))
            if stage != doc["stage"]:
                doc["stage"], doc["since"] = stage, rec.day
            doc["last"] = max(doc["last"], rec.day)
    taken: set[str] = set()
    wheres = [
        "Platform engineering Slack",
        "a conference talk",
        "a mutual friend",
        "the local meetup",
        "LinkedIn",
    ]
    ids = []
    for name in PEOPLE:
        info = seen.get(name)
        if info is None:
            continue
        pid = person_id(name, taken)
        taken.add(pid)
        ids.append(pid)
        tx.put(
            "people",
            {
                "id": pid,
                "name": name,
                "where": rng.choice(wheres),
                "tags": [],
                "stage": info["stage"],
                "introduced_by": rng.choice(ids[:-1])
                if len(ids) > 1 and rng.random() < 0.3
                else None,
                "notes": "",
                "last_contact": info["last"],
                "interval": rng.choice([14, 30, 30, 60, None]),
                "created": info["first"],
                "stage_since": info["since"],
            },
        )
    return len(ids)


def _fill_quest(
    tx: Transaction,
    quest: Quest,
    start: date,
    today: date,
    vacation: set[date],
    rng: random.Random,
    week_start: int,
) -> int:
    cad = quest.cadence
    keen = rng.uniform(0.6, 0.92)
    streak = 0
    written = 0
    day = start
    period_end = None
    chosen: set[date] = set()
    period_met = False
    while day < today:
        if cad.is_day_cadence:
            due = cad.kind == "daily" or (
                day.weekday() in (range(5) if cad.kind == "weekdays" else cad.weekdays)
            )
        else:
            if period_end is None or day > period_end:
                if period_end is not None:
                    streak = streak + 1 if period_met else 0
                first, period_end = period_of(cad, day, start, week_start)
                length = (period_end - first).days + 1
                quota = min(period_quota(cad), length)
                done_this = rng.random() < keen
                pool = [first + timedelta(days=k) for k in range(length)]
                chosen = set(rng.sample(pool, quota)) if done_this else set()
                period_met = done_this
            due = day in chosen
        if due and day not in vacation:
            hit = (
                rng.random() < (keen + 0.06 if streak else keen - 0.1)
                if cad.is_day_cadence
                else True
            )
            if hit:
                count = quest.target if rng.random() < 0.85 else max(1, quest.target - 1)
                parts = [1] * count if quest.target > 1 and rng.random() < 0.5 else [count]
                done = 0
                for part in parts:
                    units = max(0, min(part, quest.target - done))
                    base, bonus = checkin_xp(quest.xp, units, streak)
                    note, people = "", ()
                    if rng.random() < (0.25 if quest.tip in (3, 4) else 0.04):
                        note = rng.choice(NOTES[quest.tip])
                        if quest.tip in (2, 3, 4):
                            people = (rng.choice(PEOPLE),)
                    tx.add_checkin(
                        quest.id,
                        day.isoformat(),
                        part,
                        base + bonus,
                        bonus,
                        _stamp(day, rng),
                        note,
                        people,
                    )
                    done += part
                    written += 1
                if cad.is_day_cadence:
                    streak = streak + 1 if done >= quest.target else streak
            elif cad.is_day_cadence:
                streak = 0
        day += timedelta(days=1)
    return written
