"""Helpers shared by the rules tests."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

# A fixed Monday keeps weekday arithmetic in the tests readable.
MONDAY = date(2026, 3, 9)


def d(offset: int, base: date = MONDAY) -> date:
    """The day `offset` days after `base` (negative for before)."""
    return base + timedelta(days=offset)


def days(*offsets: int, base: date = MONDAY) -> dict[date, int]:
    """A counts mapping with one check-in on each offset."""
    return {d(o, base): 1 for o in offsets}


@pytest.fixture
def monday() -> date:
    return MONDAY
