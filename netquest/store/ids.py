"""The shapes of the ids NetQuest stores and prints: the schema checks them and shell completion offers only these."""

from __future__ import annotations

import os
import re

QUEST_ID = re.compile(r"[a-z0-9][a-z0-9_-]{0,31}")
# rules.people.slug (at most 24 characters, words of [a-z0-9] joined by "-") with a "-N"
# suffix when taken, or "p-N" for a name with no ASCII letters.
PERSON_ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
MAX_PERSON_ID = 40
GOAL_ID = re.compile(r"g[1-9][0-9]{0,8}")
KEY_RESULT_ID = re.compile(r"k[1-9][0-9]{0,8}")
# A merge id: what `netquest sync` knows a record by on every device. 80 random bits as 20
# lowercase hex digits, made where the record is created, never typed and never shown.
MERGE_ID = re.compile(r"[0-9a-f]{20}")
# The years "now" and every stored day may fall in: a week, a month or a streak around any of
# them stays inside what `datetime.date` can hold.
FIRST_YEAR, LAST_YEAR = 2, 9998


def new_merge_id() -> str:
    """A fresh merge id: no two devices make the same one (80 random bits).

    `os.urandom` is what `secrets.token_hex` reads; importing `secrets` (hmac, hashlib,
    random) would cost a check-in more than the id itself."""
    return os.urandom(10).hex()
