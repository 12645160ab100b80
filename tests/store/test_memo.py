"""What a transaction remembers of its data holds until the next change, never longer."""

from __future__ import annotations

from netquest.store import Store


def test_a_memo_holds_until_the_next_change_and_its_view_gets_only_what_holds(tmp_path):
    store = Store(tmp_path / "nq.json")
    seen = []
    store.after_write = lambda view: seen.append((view.recall("a"), view.recall("b", "none")))
    with store.transaction() as tx:
        tx.remember("a", 1)
        assert tx.recall("a") == 1
        tx.set_setting("week_start", "sun")
        assert tx.recall("a") is None and tx.recall("a", "gone") == "gone"
        tx.remember("b", 2)
        tx.remember("a", 3)
        assert (tx.recall("a"), tx.recall("b")) == (3, 2)
        tx.add_checkin("q", "2026-03-11", 1, 10, 0, "2026-03-11T09:00:00Z")
        tx.remember("a", 4)  # after the last change: the view of what is written gets it
    assert seen == [(4, "none")]
    with store.read() as view:  # a new transaction starts with nothing remembered
        assert view.recall("a") is None


def test_documents_handed_out_are_copies(tmp_path):
    store = Store(tmp_path / "nq.json")
    with store.transaction() as tx:
        tx.put_quest({"id": "q", "title": "Q", "tip": 1, "cadence": "daily", "target": 1,
                      "xp": 10, "start": "2026-03-01", "archived": False,
                      "reminder": {"time": "07:00", "days": ["mon"]}})
        got = tx.quest("q")
        got["reminder"]["days"].append("tue")
        tx.all("quests")[0]["reminder"]["time"] = "08:00"
        tx.settings()["x"] = 1
        assert tx.quest("q")["reminder"] == {"time": "07:00", "days": ["mon"]}
        assert "x" not in tx.settings()
