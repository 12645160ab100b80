"""Value classes that cost next to nothing to define.

Every command is a whole process, so what a class costs at import is paid on every
check-in and every login banner. `dataclasses` writes and compiles each class's methods
when the class is defined (about half a millisecond a class, ninety classes here) and
loads `inspect` to do it. A `Struct` subclass only notes its fields when defined; its
`__init__` is written and compiled the first time one is made, so a command pays only for
the kinds of value it uses. Instances behave as a dataclass's do: made by position or by
name, defaults and per-instance defaults (`field(default_factory=...)`), `__post_init__`,
equality and a repr over the fields, `frozen=True` for values that never change (and
then hashable), `replace` for a changed copy, and `__match_args__`.

    class Point(Struct, frozen=True):
        x: int
        y: int = 0
        tags: list[str] = field(default_factory=list)
"""

from __future__ import annotations

from typing import Any, ClassVar, dataclass_transform

_NO_DEFAULT: Any = object()


class Field:
    """A field's default: a value, or a function that makes one for each instance."""

    __slots__ = ("default", "factory", "compare")

    def __init__(self, default: Any, factory: Any, compare: bool) -> None:
        self.default, self.factory, self.compare = default, factory, compare


def field(*, default: Any = _NO_DEFAULT, default_factory: Any = _NO_DEFAULT,
          compare: bool = True) -> Any:
    """A default for a field: `default_factory` is called for each new instance.

    `compare=False` leaves the field out of equality and the hash."""
    if default is not _NO_DEFAULT and default_factory is not _NO_DEFAULT:
        raise TypeError("a field takes a default or a default_factory, not both")
    return Field(default, default_factory, compare)


class FrozenError(AttributeError):
    """Raised on assigning to (or deleting) a field of a frozen value."""


def _is_class_var(annotation: Any) -> bool:
    if isinstance(annotation, str):
        return annotation.startswith(("ClassVar", "typing.ClassVar"))
    return annotation is ClassVar or getattr(annotation, "__origin__", None) is ClassVar


def _has_default(defaults: dict[str, Any], name: str) -> bool:
    default = defaults.get(name, _NO_DEFAULT)
    if isinstance(default, Field):  # field(compare=False) alone sets no default
        return default.default is not _NO_DEFAULT or default.factory is not _NO_DEFAULT
    return default is not _NO_DEFAULT


@dataclass_transform(field_specifiers=(field,))
class Struct:
    """The base of every value class: fields are the class's annotations, in order."""

    __struct_fields__: ClassVar[tuple[str, ...]] = ()
    __struct_compared__: ClassVar[tuple[str, ...]] = ()  # the fields equality looks at
    __struct_defaults__: ClassVar[dict[str, Any]] = {}
    __struct_frozen__: ClassVar[bool] = False
    __match_args__: ClassVar[tuple[str, ...]] = ()

    def __init_subclass__(cls, frozen: bool | None = None, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        names = list(cls.__struct_fields__)
        defaults = dict(cls.__struct_defaults__)
        for name, annotation in cls.__dict__.get("__annotations__", {}).items():
            if _is_class_var(annotation):
                continue
            if name not in names:
                names.append(name)
            if name in cls.__dict__:
                default = defaults[name] = cls.__dict__[name]
                if isinstance(default, Field):  # the class keeps a plain default, as with
                    if default.default is not _NO_DEFAULT:  # dataclasses
                        setattr(cls, name, default.default)
                    else:
                        delattr(cls, name)
            elif (inherited := getattr(cls, name, _NO_DEFAULT)) is not _NO_DEFAULT:
                defaults[name] = inherited  # named again: the base's default, compared
            else:
                defaults.pop(name, None)
        for before, name in zip(names, names[1:]):
            if _has_default(defaults, before) and not _has_default(defaults, name):
                raise TypeError(f"{cls.__qualname__}: field {name!r} without a default "
                                "follows a field with one")
        cls.__struct_fields__ = tuple(names)
        cls.__struct_compared__ = tuple(
            n for n in names if getattr(defaults.get(n), "compare", True))
        cls.__struct_defaults__ = defaults
        cls.__match_args__ = tuple(names)
        if frozen is not None:
            if cls.__struct_frozen__ and not frozen:
                raise TypeError(f"{cls.__qualname__}: a value class of a frozen one is frozen")
            cls.__struct_frozen__ = frozen
        # A __hash__ written in the class stays; the None Python puts there beside an
        # __eq__ written in the class does not (so dataclasses decide too).
        body_hash = cls.__dict__.get("__hash__", _NO_DEFAULT)
        if body_hash is _NO_DEFAULT or (body_hash is None and "__eq__" in cls.__dict__):
            cls.__hash__ = Struct._hash if cls.__struct_frozen__ else None  # type: ignore
        if "__init__" not in cls.__dict__:
            cls.__init__ = Struct._first_init  # type: ignore[method-assign]

    def _first_init(self, *args: Any, **kwargs: Any) -> None:
        # The class's own __init__, written once for its fields, then used from now on.
        # The class is the one this __init__ belongs to: an __init__ of a subclass's own
        # may have called it through super().
        cls = next(c for c in type(self).__mro__ if c.__dict__.get("__init__") is _FIRST_INIT)
        cls.__init__ = _write_init(cls)  # type: ignore[method-assign]
        cls.__init__(self, *args, **kwargs)

    def __setattr__(self, name: str, value: Any) -> None:
        if self.__struct_frozen__:
            raise FrozenError(f"cannot assign to field {name!r} of a frozen "
                              f"{type(self).__qualname__}")
        object.__setattr__(self, name, value)

    def __delattr__(self, name: str) -> None:
        if self.__struct_frozen__:
            raise FrozenError(f"cannot delete field {name!r} of a frozen "
                              f"{type(self).__qualname__}")
        object.__delattr__(self, name)

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        d, o = self.__dict__, other.__dict__
        # `is` first, as comparing tuples of the fields does: a NaN field equals itself.
        return all(d[n] is o[n] or d[n] == o[n] for n in self.__struct_compared__)

    def _hash(self) -> int:
        d = self.__dict__
        return hash(tuple(d[n] for n in self.__struct_compared__))

    def __repr__(self) -> str:
        d = self.__dict__
        shown = ", ".join(f"{n}={d[n]!r}" for n in self.__struct_fields__)
        return f"{type(self).__qualname__}({shown})"


_FIRST_INIT = Struct.__dict__["_first_init"]


def _write_init(cls: type[Struct]) -> Any:
    """Source for `__init__(self, a, b=<default>, ...)` that fills the instance's dict.

    Its own names start with two underscores: a class body mangles such a name, so no field
    can bear one (a field may be called `d`, `self`, ...)."""
    space: dict[str, Any] = {"__nq_no": _NO_DEFAULT}
    params, body = [], []
    for i, name in enumerate(cls.__struct_fields__):
        default = cls.__struct_defaults__.get(name, _NO_DEFAULT)
        if not _has_default(cls.__struct_defaults__, name):
            params.append(name)
            body.append(f"    __nq_d[{name!r}] = {name}")
        elif isinstance(default, Field) and default.factory is not _NO_DEFAULT:
            space[f"__nq_f{i}"] = default.factory
            params.append(f"{name}=__nq_no")
            body.append(f"    __nq_d[{name!r}] = __nq_f{i}() if {name} is __nq_no else {name}")
        else:
            space[f"__nq_d{i}"] = default.default if isinstance(default, Field) else default
            params.append(f"{name}=__nq_d{i}")
            body.append(f"    __nq_d[{name!r}] = {name}")
    if hasattr(cls, "__post_init__"):
        body.append("    __nq_self.__post_init__()")
    source = (f"def __init__(__nq_self, {', '.join(params)}):\n"
              "    __nq_d = __nq_self.__dict__\n" + "\n".join(body) + "\n")
    exec(compile(source, f"<{cls.__module__}.{cls.__qualname__}.__init__>", "exec"), space)
    init = space["__init__"]
    init.__qualname__ = f"{cls.__qualname__}.__init__"
    return init


def replace(value: Any, /, **changes: Any) -> Any:
    """A copy of a value with some fields changed (made anew, so its checks run again)."""
    fields = value.__struct_fields__
    for name in changes:
        if name not in fields:
            raise TypeError(f"{type(value).__qualname__} has no field {name!r}")
    d = value.__dict__
    return type(value)(**{n: changes[n] if n in changes else d[n] for n in fields})


def fields(value: Any) -> tuple[str, ...]:
    """The names of a value class's fields, in order."""
    return value.__struct_fields__

