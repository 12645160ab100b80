"""What a transaction remembers of its own data, until it changes.

Work derived from the data (the state of play's checkpoints, today's state after a
check-in) is kept on the transaction that read it, never on anything that outlives it, and
only while no change was asked for since: every write method of `Tx` counts one in
`writes`, and a memo made at another count is not handed back.
"""

from __future__ import annotations

from typing import Any


class Memo:
    """Memos on one transaction (or its read-only view), each good until the next change."""

    writes = 0  #: how many changes were asked for so far

    def remember(self, name: str, value: Any) -> Any:
        """Keep `value`, worked out from the data as it is now, until the next change."""
        memo = self.__dict__.setdefault("_memo", {})
        memo[name] = (self.writes, value)
        return value

    def recall(self, name: str, default: Any = None) -> Any:
        """What `remember(name, ...)` kept when nothing changed since, else `default`."""
        kept = self.__dict__.get("_memo", {}).get(name)
        return kept[1] if kept is not None and kept[0] == self.writes else default

    def hand_memo(self, other: Memo) -> None:
        """Give `other` (a view of the data as it is now) the memos that still hold."""
        memo = self.__dict__.get("_memo", {})
        other.__dict__["_memo"] = {k: (other.writes, v) for k, (n, v) in memo.items()
                                   if n == self.writes}
