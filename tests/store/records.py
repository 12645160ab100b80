"""Small valid records for store tests: every write and load checks records against the schema."""

from __future__ import annotations


def quest(id: str = "coffee", **fields) -> dict:
    """A quest document with everyday values, overridable."""
    doc = {"id": id, "title": id.capitalize(), "tip": 4, "cadence": "daily", "start": "2026-01-01"}
    doc.update(fields)
    return doc


def person(id: str = "ann", **fields) -> dict:
    doc = {"id": id, "name": id.capitalize()}
    doc.update(fields)
    return doc
