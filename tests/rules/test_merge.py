"""The record-level three-way merge of `netquest sync` (netquest/rules/merge.py)."""

from __future__ import annotations

import copy

from hypothesis import given, settings
from hypothesis import strategies as st

from netquest.rules.merge import empty, merge


def rec(kind: str, t: str = "2026-03-01T00:00:00Z", **doc) -> dict:
    return {"k": kind, "t": t, "d": doc}


def state(seq: int = 0, tombs: dict | None = None, **records) -> dict:
    return {"records": records, "tombs": tombs or {}, "seq": seq}


def both_ways(base, ours, theirs):
    """The merge, checked to be the same whichever side is "ours"."""
    one, notes = merge(base, ours, theirs)
    other, _ = merge(base, theirs, ours)
    assert one == other
    return one, notes


T1, T2, T3 = "2026-03-01T08:00:00Z", "2026-03-02T08:00:00Z", "2026-03-03T08:00:00Z"
ANN = rec("person", T1, id="ann", name="Ann", where="Berlin")


def test_adds_on_both_sides_are_kept():
    a = rec("checkin", T2, seq=1, quest="coffee", day="2026-03-02", at=T2)
    b = rec("checkin", T3, seq=2, quest="coffee", day="2026-03-02", at=T3)
    got, notes = both_ways(empty(), state(1, a1=a), state(2, b1=b))
    assert set(got["records"]) == {"a1", "b1"} and notes == []
    assert got["seq"] == 2


def test_the_same_quest_the_same_day_on_two_devices_keeps_both_and_renumbers_one():
    a = rec("checkin", T2, seq=4, quest="coffee", day="2026-03-02", at=T2)
    b = rec("checkin", T3, seq=4, quest="coffee", day="2026-03-02", at=T3)
    got, notes = both_ways(empty(), state(4, a1=a), state(4, b1=b))
    assert got["records"]["a1"]["d"]["seq"] == 4  # the earlier keeps its number
    assert got["records"]["b1"]["d"]["seq"] == 5
    assert got["seq"] == 5
    assert "had one number" in notes[0]


def test_delete_against_unchanged_deletes_and_leaves_a_tombstone():
    base = state(1, p1=ANN)
    got, _ = both_ways(base, state(1), base)
    assert got["records"] == {} and "p1" in got["tombs"]


def test_delete_against_a_change_keeps_the_change():
    base = state(0, p1=ANN)
    changed = state(0, p1=rec("person", T2, id="ann", name="Ann", where="Lisbon"))
    got, notes = both_ways(base, state(0), changed)
    assert got["records"]["p1"]["d"]["where"] == "Lisbon" and "p1" not in got["tombs"]
    assert "deleted on one device and changed on the other" in notes[0]


def test_a_tombstone_keeps_a_record_from_coming_back_without_a_common_base():
    # One device undid a check-in; the other never shared a base with it (set-up merge).
    c = rec("checkin", T1, seq=1, quest="coffee", day="2026-03-01", at=T1)
    got, _ = both_ways(empty(), state(1, tombs={"c1": T2}), state(1, c1=c))
    assert got["records"] == {} and "c1" in got["tombs"]


def test_a_change_on_one_side_is_taken():
    base = state(0, p1=ANN)
    got, notes = both_ways(base, base, state(0, p1=rec("person", T2, id="ann", name="Ann B")))
    assert got["records"]["p1"]["d"] == {"id": "ann", "name": "Ann B"} and notes == []


def test_different_fields_changed_on_both_sides_are_both_kept():
    base = state(0, p1=ANN)
    ours = state(0, p1=rec("person", T2, id="ann", name="Ann", where="Porto"))
    theirs = state(0, p1=rec("person", T3, id="ann", name="Ann Lee", where="Berlin"))
    got, notes = both_ways(base, ours, theirs)
    assert got["records"]["p1"]["d"] == {"id": "ann", "name": "Ann Lee", "where": "Porto"}
    assert got["records"]["p1"]["t"] == T3 and "changed on both devices" in notes[0]


def test_the_same_field_changed_on_both_sides_takes_the_later_change():
    base = state(0, p1=ANN)
    early = state(0, p1=rec("person", T2, id="ann", name="Ann", where="Porto"))
    late = state(0, p1=rec("person", T3, id="ann", name="Ann", where="Oslo"))
    assert both_ways(base, early, late)[0]["records"]["p1"]["d"]["where"] == "Oslo"


def test_equal_times_are_broken_the_same_way_on_every_device():
    base = state(0, p1=ANN)
    one = state(0, p1=rec("person", T2, id="ann", name="Ann", where="Porto"))
    two = state(0, p1=rec("person", T2, id="ann", name="Ann", where="Oslo"))
    assert both_ways(base, one, two)[0]["records"]["p1"]["d"]["where"] == "Porto"


def test_two_quests_with_one_handle_are_both_kept_and_references_follow():
    q1 = rec("quest", T2, id="coffee", title="Coffee")
    q2 = rec("quest", T3, id="coffee", title="Coffee too")
    c2 = rec("checkin", T3, seq=1, quest="coffee", day="2026-03-03", at=T3)
    s2 = rec("skip", T3, quest="coffee", day="2026-03-04")
    g2 = rec("goal", T3, id="g1", served=["coffee"],
             key_results=[{"id": "k1", "quests": ["coffee"], "mid": "kr1"}])
    got, notes = both_ways(empty(), state(0, q1=q1), state(1, q2=q2, c2=c2, s2=s2, g2=g2))
    r = got["records"]
    assert r["q1"]["d"]["id"] == "coffee" and r["q2"]["d"]["id"] == "coffee-2"
    assert r["c2"]["d"]["quest"] == "coffee-2" and r["s2"]["d"]["quest"] == "coffee-2"
    assert r["g2"]["d"]["served"] == ["coffee-2"]
    assert r["g2"]["d"]["key_results"][0]["quests"] == ["coffee-2"]
    assert "now 'coffee-2'" in notes[0]


def test_a_shared_record_keeps_its_handle_against_a_newer_one():
    shared = rec("person", T3, id="ann", name="Ann")
    new = rec("person", T1, id="ann", name="Another Ann")
    base = state(0, p1=shared)
    got, _ = both_ways(base, base, state(0, p1=shared, p2=new))
    assert got["records"]["p1"]["d"]["id"] == "ann" and got["records"]["p2"]["d"]["id"] == "ann-2"


def test_two_goals_g1_are_renumbered_and_quests_follow():
    ga = rec("goal", T2, id="g1", want="a job")
    gb = rec("goal", T3, id="g1", want="a partner")
    qb = rec("quest", T3, id="intro", title="Intro", goal="g1")
    got, _ = both_ways(empty(), state(0, ga=ga), state(0, gb=gb, qb=qb))
    assert got["records"]["gb"]["d"]["id"] == "g2" and got["records"]["qb"]["d"]["goal"] == "g2"


def test_key_results_merge_item_by_item():
    k1 = {"id": "k1", "title": "one", "mid": "m1"}
    base = state(0, g=rec("goal", T1, id="g1", key_results=[k1]))
    ours = state(0, g=rec("goal", T2, id="g1", key_results=[
        {**k1, "title": "uno"}, {"id": "k2", "title": "two", "mid": "m2"}]))
    theirs = state(0, g=rec("goal", T3, id="g1", key_results=[
        k1, {"id": "k2", "title": "dos", "mid": "m3"}]))
    got, _ = both_ways(base, ours, theirs)
    krs = got["records"]["g"]["d"]["key_results"]
    assert [(k["id"], k["title"]) for k in krs] == [("k1", "uno"), ("k2", "two"), ("k3", "dos")]


def test_a_key_result_deleted_on_one_side_and_unchanged_on_the_other_is_gone():
    k1, k2 = {"id": "k1", "mid": "m1"}, {"id": "k2", "mid": "m2"}
    base = state(0, g=rec("goal", T1, id="g1", key_results=[k1, k2]))
    ours = state(0, g=rec("goal", T2, id="g1", key_results=[k1]))
    theirs = state(0, g=rec("goal", T3, id="g1", key_results=[k1, k2], want="x"))
    got, _ = both_ways(base, ours, theirs)
    assert got["records"]["g"]["d"] == {"id": "g1", "key_results": [k1], "want": "x"}


def test_two_skips_of_one_day_are_one():
    s1 = rec("skip", T2, quest=None, day="2026-03-02", reason="")
    s2 = rec("skip", T3, quest=None, day="2026-03-02", reason="trip")
    got, _ = both_ways(empty(), state(0, s1=s1), state(0, s2=s2))
    assert list(got["records"]) == ["s1"] and "s2" in got["tombs"]


def test_merging_with_itself_changes_nothing():
    one = state(3, p1=ANN, c=rec("checkin", T2, seq=3, quest="coffee", day="2026-03-02", at=T2))
    got, notes = merge(one, one, one)
    assert got == one and notes == []


# ------------------------------------------------------------------ property: devices converge
OPS = st.lists(
    st.tuples(
        st.integers(0, 2),  # device
        st.sampled_from(["checkin", "undo", "edit", "sync"]),
        st.integers(0, 1000),
    ),
    max_size=40,
)


class Device:
    def __init__(self, n: int) -> None:
        self.n = n
        self.local = empty()
        self.base = empty()
        self.made = 0


def _sync(dev: Device, remote: list) -> None:
    """What `netquest sync` does, with the remote as a list of pushed states."""
    head = remote[-1]
    merged, _ = merge(dev.base, dev.local, head)
    remote.append(copy.deepcopy(merged))
    dev.local = copy.deepcopy(merged)
    dev.base = copy.deepcopy(merged)


@settings(max_examples=150, deadline=None)
@given(st.integers(2, 3), OPS)
def test_devices_converge_and_lose_nothing(n_devices, ops):
    devices = [Device(i) for i in range(n_devices)]
    remote = [empty()]
    kept: set[str] = set()  # the model: check-ins made and not undone
    clock = 0
    for who, op, pick in ops:
        dev = devices[who % n_devices]
        clock += 1
        t = f"2026-03-01T00:{clock // 60:02d}:{clock % 60:02d}Z"
        mine = sorted(m for m, v in dev.local["records"].items() if v["k"] == "checkin")
        if op == "checkin":
            dev.made += 1
            mid = f"d{dev.n}c{dev.made}"
            seq = dev.local["seq"] + 1
            dev.local["seq"] = seq
            dev.local["records"][mid] = rec(
                "checkin", t, seq=seq, quest="coffee", day="2026-03-01", at=t, note=""
            )
            dev.local["tombs"].pop(mid, None)
            kept.add(mid)
        elif op == "undo" and mine:
            mid = mine[pick % len(mine)]
            del dev.local["records"][mid]
            dev.local["tombs"][mid] = t
            kept.discard(mid)
        elif op == "edit" and mine:
            mid = mine[pick % len(mine)]
            v = dev.local["records"][mid]
            dev.local["records"][mid] = {**v, "t": t, "d": {**v["d"], "note": f"n{clock}"}}
            kept.add(mid)  # an edit is a change: it survives a delete elsewhere
        elif op == "sync":
            _sync(dev, remote)
    for _ in range(2):
        for dev in devices:
            _sync(dev, remote)
    final = devices[0].local
    assert all(dev.local == final for dev in devices)
    checkins = {m for m, v in final["records"].items() if v["k"] == "checkin"}
    assert kept <= checkins
    seqs = [v["d"]["seq"] for v in final["records"].values()]
    assert len(seqs) == len(set(seqs)) and final["seq"] >= max(seqs, default=0)


def test_a_checkins_count_and_xp_come_from_one_side():
    # Field by field, the later side's XP (6) would meet the other side's bonus (8 > 6).
    base = state(1, c=rec("checkin", T1, seq=1, quest="q", day="2026-03-01", at=T1, count=1,
                          xp=10, bonus=5))
    later = state(1, c=rec("checkin", T3, seq=1, quest="q", day="2026-03-01", at=T1, count=2,
                           xp=6, bonus=5))
    earlier = state(1, c=rec("checkin", T2, seq=1, quest="q", day="2026-03-01", at=T1, count=3,
                             xp=30, bonus=8, note="earlier"))
    got = both_ways(base, later, earlier)[0]["records"]["c"]["d"]
    assert (got["count"], got["xp"], got["bonus"], got["note"]) == (2, 6, 5, "earlier")


def test_a_skip_from_one_device_never_hides_a_check_in_from_the_other():
    c = rec("checkin", T2, seq=1, quest="coffee", day="2026-03-02", at=T2)
    s = rec("skip", T3, quest="coffee", day="2026-03-02", reason="sick")
    trip = rec("skip", T3, quest=None, day="2026-03-02", reason="trip")  # a vacation stays
    other = rec("skip", T3, quest="coffee", day="2026-03-03", reason="")
    got, notes = both_ways(empty(), state(1, c1=c), state(0, s1=s, v1=trip, s2=other))
    assert set(got["records"]) == {"c1", "v1", "s2"} and "s1" in got["tombs"]
    assert notes == ["skip of coffee on 2026-03-02 met a check-in of that day on another "
                     "device: the check-in counts, the skip was dropped"]


def test_a_skip_one_device_holds_with_a_check_in_of_its_day_stays():
    """A file from before a day could not be both holds both; the check-in counts there, and
    the skip counts again if the check-in goes: syncing that file keeps it as it is."""
    c = rec("checkin", T2, seq=1, quest="coffee", day="2026-03-02", at=T2)
    s = rec("skip", T1, quest="coffee", day="2026-03-02", reason="ill")
    old = state(1, c1=c, s1=s)
    gone = state(1, c1=c)
    for base, ours, theirs in ((old, old, old), (empty(), old, empty()), (old, old, gone)):
        got, notes = both_ways(base, ours, theirs)
        if theirs is gone:
            assert set(got["records"]) == {"c1"}  # the skip was deleted on the other device
        else:
            assert set(got["records"]) == {"c1", "s1"} and notes == []
    # One device skipped the day the other checked in: that skip is still dropped.
    got, notes = both_ways(empty(), state(0, s1=s), state(1, c1=c))
    assert set(got["records"]) == {"c1"} and len(notes) == 1
