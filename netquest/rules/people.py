"""The rules for people: stages along the tips, moves by play, cooling contacts, name matching.

Pure functions over plain values (stdlib only).  A "person" here is any object with the
attributes `name`, `last_contact` (a date or None) and `interval` (days or None), so
the services' views and the tests' small tuples both fit.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from typing import Iterable, Sequence, TypeVar

P = TypeVar("P")

# In the order a contact grows, following the tips: you want to meet someone, ask for an
# introduction (tip 3), get introduced, meet them over a virtual coffee (tip 4), keep in touch.
def N_(text: str) -> str:
    """Marks text for the message catalogue; translated where it is shown (rules stay pure)."""
    return text


STAGES: tuple[tuple[str, str], ...] = (
    ("want", N_("Want to meet")),
    ("intro_asked", N_("Intro asked")),
    ("introduced", N_("Introduced")),
    ("met", N_("Met")),
    ("keeping_in_touch", N_("Keeping in touch")),
)
STAGE_IDS: tuple[str, ...] = tuple(sid for sid, _ in STAGES)
STAGE_TITLES: dict[str, str] = dict(STAGES)
_RANK = {sid: i for i, sid in enumerate(STAGE_IDS)}

# The stage a check-in of a quest the user added under a tip brings a person it names up
# to, at least, when the quest does not say (asking for an introduction is tip 3, a virtual
# coffee tip 4).  Starter quests say it themselves: see `netquest.catalog`.
PLAY_STAGES: dict[int, str] = {3: "intro_asked", 4: "met"}

# Letters NFKD does not fold to ASCII, spelled the way they are usually transliterated.
_TRANSLITERATE = str.maketrans(
    {
        "ı": "i",
        "İ": "I",
        "ł": "l",
        "Ł": "L",
        "ø": "o",
        "Ø": "O",
        "ß": "ss",
        "ẞ": "SS",
        "æ": "ae",
        "Æ": "AE",
        "œ": "oe",
        "Œ": "OE",
        "đ": "d",
        "Đ": "D",
        "ð": "d",
        "Ð": "D",
        "þ": "th",
        "Þ": "Th",
        "ħ": "h",
        "Ħ": "H",
    }
)


def stage_rank(stage: str) -> int:
    """Position of `stage` along the way (0 for "want"); ValueError for an unknown stage."""
    try:
        return _RANK[stage]
    except KeyError:
        raise ValueError(f"unknown stage {stage!r} (known: {', '.join(STAGE_IDS)})") from None


def furthest(a: str, b: str) -> str:
    """The stage further along of two."""
    return a if stage_rank(a) >= stage_rank(b) else b


def default_moves_to(tip: int) -> str | None:
    """The stage a quest the user adds under `tip` moves the people it names to, unless set."""
    return PLAY_STAGES.get(tip)


def stage_after_checkin(current: str, target_stage: str | None) -> str:
    """The stage of a person named in a check-in of a quest that moves people to
    `target_stage` (None: it moves nobody); play never moves anyone back."""
    if target_stage is None:
        stage_rank(current)  # still refuse an unknown stage
        return current
    stage_rank(target_stage)
    return furthest(current, target_stage)


def ascii_fold(text: str) -> str:
    """`text` in ASCII letters where it can be: accents dropped (NFKD), and ı, ł, ø, ß, æ,
    đ, þ and the like transliterated; letters of other scripts are dropped."""
    text = unicodedata.normalize("NFKD", text.translate(_TRANSLITERATE))
    return text.encode("ascii", "ignore").decode()


def slug(text: str, limit: int = 24) -> str:
    """Lowercase ASCII words of `text` joined by "-", at most `limit` characters ("" when none)."""
    return "-".join(re.findall(r"[a-z0-9]+", ascii_fold(text).lower()))[:limit].strip("-")


def overdue_days(last_contact: date | None, interval: int | None, today: date) -> int | None:
    """Days past the keep-in-touch interval: 0 is due today, negative is days still to go.

    None when there is nothing to keep up: no interval, or no contact yet.
    """
    if interval is None or last_contact is None:
        return None
    return (today - last_contact).days - interval


def cooling(people: Iterable[P], today: date) -> list[P]:
    """People whose keep-in-touch interval has run out (due today or before), most overdue first.

    Someone not contacted yet counts from the day they were added (`created`, when the
    person has one).  Ties go by name (case-insensitively), so the order is the same on
    every run.
    """
    due = []
    for person in people:
        since = person.last_contact or getattr(person, "created", None)  # type: ignore[attr-defined]
        late = overdue_days(since, person.interval, today)  # type: ignore[attr-defined]
        if late is not None and late >= 0:
            due.append((-late, name_order(person.name), person.name, person))  # type: ignore[attr-defined]
    due.sort(key=lambda row: row[:3])
    return [row[3] for row in due]


def normalize_name(name: str) -> str:
    """A name as compared: Unicode-normalised (NFKC), case-folded, whitespace collapsed."""
    return " ".join(unicodedata.normalize("NFKC", name).casefold().split())


def name_order(name: str) -> tuple[str, str]:
    """Where a name sorts in a list a person reads: by its letters with accents and case set
    aside ('éclair' among the e's, before 'Zoë'; code points put it after z), then by the
    name as compared, so that the order is total.  The standard library only: locale
    collation depends on the machine's locale, which over SSH is often C."""
    letters = "".join(
        c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c)
    )
    return (" ".join(letters.casefold().split()), normalize_name(name))


def match_name(name: str, people: Sequence[P]) -> P | None:
    """The person called `name` (same name up to case, width and spacing), or None."""
    key = normalize_name(name)
    if not key:
        return None
    for person in people:
        if normalize_name(person.name) == key:  # type: ignore[attr-defined]
            return person
    return None
