"""ByIdentity: the preview's `reuse` (see reuse.py), which keeps each value while what it was made
from is the same.

An unchanged file gives the very same Document (files.py here), an unchanged Document the same
record, and so on: "the same" is first the identity of an object, which costs one comparison,
made for a whole collection at C speed (map(is_not, ...)). A value made again that equals the
one it replaces is replaced by it (the old object is kept), and a collection of which nothing
changed is given back as the very same dict, so that sameness carries down the pipeline and
every later step finds its inputs the same objects too.
"""

from __future__ import annotations

import builtins
from collections.abc import Callable, Hashable, Mapping
from dataclasses import dataclass
from itertools import compress
from operator import is_not
from typing import Any, TypeVar

from ..reuse import MapFunction

K = TypeVar("K", bound=Hashable)
I = TypeVar("I")  # noqa: E741 - an item
V = TypeVar("V")

_MISSING = object()


@dataclass
class _Each:
    """What each() made last time under one name."""

    items: Mapping[Any, Any]
    values: dict[Any, Any]
    context: object
    depends: dict[Any, object] | None  # each item's depends_on(), when it has one


@dataclass
class _Whole:
    inputs: tuple
    value: Any


def same(first: object, second: object) -> bool:
    """The very same object, or equal (a dict of the same objects compares equal at C speed)."""
    return first is second or first == second


class ByIdentity:
    """Keeps what each() and whole() made, by name, from one build to the next."""

    def __init__(self) -> None:
        self._each: dict[str, _Each] = {}
        self._whole: dict[str, _Whole] = {}

    def each(self, name: str, items: Mapping[K, I], make: Callable[[I], V], *,
             depends_on: Callable[[I], object] | None = None, context: object = None,
             map: MapFunction = builtins.map) -> dict[K, V]:
        last = self._each.get(name)
        if last is None:
            values = dict(zip(items.keys(), map(make, list(items.values()))))
            depends = {key: depends_on(item) for key, item in items.items()} if depends_on else None
            self._each[name] = _Each(items, values, context, depends)
            return values
        if items is last.items and same(context, last.context):
            return last.values
        todo = _changed(last.items, items)
        depends = last.depends
        if depends_on is None and not same(context, last.context):
            todo = set(items)  # what every value depends on has changed
        elif depends_on is not None and not same(context, last.context):
            depends = {key: depends_on(item) for key, item in items.items()}
            if last.depends is not None:
                todo |= {key for key, value in depends.items() if last.depends.get(key, _MISSING) != value}
        elif depends_on is not None and depends is not None and todo:
            depends = dict(depends)
            for key in todo:
                if key in items:
                    depends[key] = depends_on(items[key])
        keys = [key for key in items if key in todo]
        made = dict(zip(keys, map(make, [items[key] for key in keys])))
        values = _updated(last.values, items, made)
        self._each[name] = _Each(items, values, context, depends)
        return values

    def whole(self, name: str, inputs: tuple, make: Callable[[], V]) -> V:
        last = self._whole.get(name)
        if last is not None and len(inputs) == len(last.inputs) and all(map(same, inputs, last.inputs)):
            if any(map(is_not, inputs, last.inputs)):
                self._whole[name] = _Whole(inputs, last.value)  # equal: keep the newer ones, let the old go
            return last.value
        value = make()
        if last is not None and same(value, last.value):
            value = last.value  # made again, and equal: the old object carries its sameness on
        self._whole[name] = _Whole(inputs, value)
        return value


def _changed(old: Mapping, new: Mapping) -> set:
    """The keys added, removed, or holding another object than before. Collections mostly keep
    their keys in the same order from build to build; then the values are compared pairwise,
    without a Python loop."""
    if len(old) == len(new) and list(old) == list(new):
        return set(compress(new, map(is_not, old.values(), new.values())))
    return {key for key in old.keys() | new.keys() if old.get(key, _MISSING) is not new.get(key, _MISSING)}


def _updated(old: dict, items: Mapping, made: dict) -> dict:
    """The values of `items`, in their order: those made now, the others kept. A value made again
    that equals the old one is the old one; with nothing new, the old dict itself."""
    for key, value in made.items():
        before = old.get(key, _MISSING)
        if before is not _MISSING and before is not value and before == value:
            made[key] = before
    if len(old) == len(items) and list(old) == list(items):
        if all(old[key] is value for key, value in made.items()):
            return old
        values = dict(old)
        values.update(made)
        return values
    return {key: made[key] if key in made else old[key] for key in items}
