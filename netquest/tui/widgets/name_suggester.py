"""Completes the name being typed in a comma-separated list of people from the names known."""

from __future__ import annotations

from typing import Iterable

from textual.suggester import Suggester

from netquest.rules.people import normalize_name
from netquest.text import has_control


class NameSuggester(Suggester):
    """Suggests a known name for the last comma-separated part, skipping names already typed.

    `SuggestFromList` would complete only the whole value; here "Ana Souza, be" offers
    "Ana Souza, Ben Okafor".  Matching is case-insensitive but what was typed is kept as typed.
    """

    def __init__(self, names: Iterable[str] = ()) -> None:
        """`names` in the order to prefer, say the latest contact first."""
        # Case-sensitive so the value arrives as typed; matching folds case itself.
        super().__init__(use_cache=False, case_sensitive=True)
        self.names: list[str] = []
        self.set_names(names)

    def set_names(self, names: Iterable[str]) -> None:
        # A name with an escape sequence is never typed into an Input for the terminal to see.
        self.names = [name for name in names if not has_control(name)]

    async def get_suggestion(self, value: str) -> str | None:
        head, comma, last = value.rpartition(",")
        typed = last.lstrip()
        if not typed:
            return None
        named = {normalize_name(n) for n in head.split(",")} if comma else set()
        n = len(typed)
        for name in self.names:
            if (
                len(name) > n
                and name[:n].casefold() == typed.casefold()
                and normalize_name(name) not in named
            ):
                return value + name[n:]  # what was typed stays as typed
        return None
