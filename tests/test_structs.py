"""The value classes' base: instances behave as a frozen or plain dataclass's would."""

from __future__ import annotations

import copy
import pickle
from typing import ClassVar

import pytest

from netquest.structs import FrozenError, Struct, field, fields, replace


class Point(Struct, frozen=True):
    x: int
    y: int = 0
    tags: list[str] = field(default_factory=list)
    kind: ClassVar[str] = "point"


class Labelled(Point, frozen=True):
    label: str = ""


class Counter(Struct):
    n: int = 0
    seen: dict = field(default_factory=dict)


class Checked(Struct, frozen=True):
    low: int
    high: int

    def __post_init__(self) -> None:
        if self.low > self.high:
            object.__setattr__(self, "low", self.high)


def test_made_by_position_by_name_and_with_defaults():
    assert (Point(1).x, Point(1).y, Point(1).tags) == (1, 0, [])
    p = Point(1, 2, ["a"])
    assert (p.x, p.y, p.tags) == (1, 2, ["a"])
    assert Point(y=3, x=4) == Point(4, 3)


def test_a_default_factory_makes_a_new_value_for_each_instance():
    a, b = Point(1), Point(1)
    a.tags.append("x")
    assert b.tags == [] and Counter().seen is not Counter().seen


@pytest.mark.parametrize("make", [
    lambda: Point(),  # x has no default
    lambda: Point(1, 2, [], 4),  # one too many
    lambda: Point(1, z=2),  # no such field
    lambda: Point(1, x=2),  # given twice
])
def test_wrong_arguments_are_refused(make):
    with pytest.raises(TypeError):
        make()


def test_class_variables_are_not_fields():
    assert fields(Point) == ("x", "y", "tags")
    assert Point.kind == "point" and Point.__match_args__ == ("x", "y", "tags")


def test_a_frozen_value_refuses_changes_and_is_hashable():
    p = Point(1)
    with pytest.raises(FrozenError):
        p.x = 2
    with pytest.raises(AttributeError):
        del p.y
    assert p.x == 1
    assert hash(Point(1, 2, ())) == hash(Point(1, 2, ()))  # type: ignore[arg-type]
    assert len({Point(1, 2, ()), Point(1, 2, ())}) == 1  # type: ignore[arg-type]


def test_a_plain_value_changes_and_is_not_hashable():
    c = Counter()
    c.n += 1
    assert c == Counter(1)
    with pytest.raises(TypeError):
        hash(c)


def test_equality_is_by_class_and_fields():
    assert Point(1, 2) == Point(1, 2)
    assert Point(1, 2) != Point(1, 3)
    assert Point(1) != Labelled(1)  # a subclass is another kind of value
    assert Point(1) != (1, 0, [])


def test_equality_takes_a_field_holding_the_very_same_object_as_equal():
    # As a dataclass's fields-tuple comparison does: a value equals itself even when a
    # field holds something unequal to itself (a float NaN from a rate of nothing).
    class Rate(Struct, frozen=True):
        share: float

    nan = float("nan")
    value = Rate(nan)
    assert value == value and value == replace(value)
    assert {value: 1}[value] == 1
    assert Rate(nan) != Rate(float("nan"))


def test_repr_names_every_field():
    assert repr(Point(1, tags=["a"])) == "Point(x=1, y=0, tags=['a'])"
    assert repr(Labelled(1, label="z")) == "Labelled(x=1, y=0, tags=[], label='z')"


def test_a_subclass_adds_fields_after_its_base():
    assert fields(Labelled) == ("x", "y", "tags", "label")
    v = Labelled(1, 2, [], "name")
    assert (v.x, v.label) == (1, "name")
    with pytest.raises(FrozenError):
        v.label = "other"


def test_a_frozen_base_keeps_its_subclasses_frozen():
    with pytest.raises(TypeError):

        class Thawed(Point, frozen=False):
            pass


def test_a_field_without_a_default_cannot_follow_one_with_it():
    with pytest.raises(TypeError, match="'b'"):

        class Bad(Struct):
            a: int = 0
            b: int


def test_post_init_runs_on_every_instance_and_on_replace():
    assert Checked(5, 3) == Checked(3, 3)
    assert replace(Checked(1, 9), low=20) == Checked(9, 9)


def test_replace_changes_only_what_it_names():
    p = Point(1, 2, ["a"])
    q = replace(p, y=5)
    assert q == Point(1, 5, ["a"]) and p == Point(1, 2, ["a"])
    with pytest.raises(TypeError):
        replace(p, z=1)


def test_pattern_matching_by_position():
    match Point(1, 2):
        case Point(1, y):
            assert y == 2
        case _:
            pytest.fail("no match")


def test_copies_and_pickles_are_equal_values():
    p = Labelled(1, 2, ["a"], "l")
    assert copy.copy(p) == p and copy.deepcopy(p) == p
    assert pickle.loads(pickle.dumps(p)) == p
    with pytest.raises(FrozenError):
        copy.copy(p).x = 5


class Noted(Struct, frozen=True):
    id: str
    extra: dict | None = field(default=None, compare=False)


def test_a_field_left_out_of_comparing_is_left_out_of_the_hash_too():
    a, b = Noted("q", {"time": "08:00"}), Noted("q", None)
    assert a == b and hash(a) == hash(b) and a != Noted("r")
    assert a.extra == {"time": "08:00"}


def test_a_field_takes_a_default_or_a_factory_not_both():
    with pytest.raises(TypeError):
        field(default=1, default_factory=int)


def test_a_field_may_bear_any_name_the_made_init_uses_itself():
    # The made __init__ has locals and globals of its own; a field of the same name must
    # still hold what it was given (the undo record of a person keeps one called `d`).
    class Named(Struct, frozen=True):
        d: int
        self: int = 2
        _no: int = 3
        _d_d: int = 4
        _f_d: list = field(default_factory=list)

    value = Named(1)
    assert (value.d, value.self, value._no, value._d_d, value._f_d) == (1, 2, 3, 4, [])
    assert Named(d=5, self=6, _no=7, _d_d=8, _f_d=[9]) == Named(5, 6, 7, 8, [9])
    assert replace(value, d=0).d == 0


def test_a_field_named_again_without_a_value_keeps_the_inherited_default():
    # As with dataclasses: the class attribute a base's default leaves behind is the
    # default of a field its subclass names again (and compares, as a new field does).
    class Base(Struct, frozen=True):
        a: int = 1
        b: int = field(default=2, compare=False)
        c: list = field(default_factory=list)

    class Again(Base, frozen=True):
        a: int
        b: int

    assert (Base.a, Base.b, hasattr(Base, "c")) == (1, 2, False)
    assert Again() == Again(1, 2, [])
    assert Again(1, 3) != Again(1, 2)


def test_a_field_left_out_of_comparing_without_a_default_must_be_given():
    class Tagged(Struct, frozen=True):
        name: str = field(compare=False)
        size: int = 0

    with pytest.raises(TypeError):
        Tagged()
    assert Tagged("a") == Tagged("b") and not hasattr(Tagged, "name")
    with pytest.raises(TypeError, match="follows"):
        class Wrong(Struct):
            size: int = 0
            name: str = field(compare=False)


def test_a_hash_or_an_equality_written_in_the_class_is_kept_as_with_dataclasses():
    class Keyed(Struct):  # not frozen, yet hashable by its own __hash__
        key: str
        note: str = ""

        def __hash__(self) -> int:
            return hash(self.key)

    class ByKey(Struct, frozen=True):  # its own equality, the fields' hash
        key: str
        note: str = ""

        def __eq__(self, other: object) -> bool:
            return isinstance(other, ByKey) and other.key == self.key

    assert hash(Keyed("a", "x")) == hash("a")
    assert ByKey("a", "x") == ByKey("a", "y")
    assert hash(ByKey("a", "x")) == hash(("a", "x"))


def test_an_init_of_its_own_that_calls_the_base_one_stays_the_subclass_init():
    class Base(Struct):
        a: int
        b: int = 0

    class Own(Base):
        def __init__(self, total: int) -> None:
            super().__init__(total - 1, 1)

    # The base's __init__ is written on first use, here through super(): it is the base's.
    assert Own(5) == Own(5) and (Own(5).a, Own(5).b) == (4, 1)
    assert (Base(2).a, Base(2).b) == (2, 0)
