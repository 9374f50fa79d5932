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
import sys
from bisect import bisect_left, insort
from collections import defaultdict
from collections.abc import Callable, Hashable, Iterable, Mapping
from dataclasses import dataclass
from itertools import compress
from operator import eq, is_not, ne
from typing import Any, TypeVar

from ..reuse import DependsOn, MapFunction

K = TypeVar("K", bound=Hashable)
G = TypeVar("G", bound=Hashable)
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


@dataclass
class _Grouped:
    """What grouped() made last time under one name: every value's holders, not only those given."""

    items: Mapping[Any, Any]
    at_least: int
    position: dict[Any, int]  # each item's place in the items
    holders: dict[Any, list[Any]]
    result: dict[Any, tuple[Any, ...]]


@dataclass
class _InOrder:
    """What in_order() gave last time under one name, and the values it was sorted by."""

    values: Mapping[Any, Any]
    order: list[Any]


@dataclass(frozen=True)
class _Delta:
    """How a dict each() gave differs from the one it gave before under the same name: a later
    step given it then knows what changed without comparing every value again."""

    result: dict[Any, Any]  # (kept alive, so that no other dict can have its id)
    previous: dict[Any, Any]
    changed: frozenset[Any]  # the keys that came, went, or hold another object
    same_keys: bool


def same(first: object, second: object) -> bool:
    """The very same object, or equal (a dict of the same objects compares equal at C speed)."""
    return first is second or first == second


class ByIdentity:
    """Keeps what each() and whole() made, by name, from one build to the next."""

    keeps = True

    def __init__(self) -> None:
        self._callers: dict[str, tuple[str, int]] = {}  # name -> where it is asked for: one place each
        self._each: dict[str, _Each] = {}
        self._whole: dict[str, _Whole] = {}
        self._grouped: dict[str, _Grouped] = {}
        self._in_order: dict[str, _InOrder] = {}
        self._deltas: dict[int, _Delta] = {}  # id of a dict each() gave -> how it differs from the one before
        self._latest: dict[str, int] = {}  # name -> id of the dict each() gave last under it

    def each(self, name: str, items: Mapping[K, I], make: Callable[[I], V], *,
             depends_on: DependsOn = None, context: object = None,
             map: MapFunction = builtins.map) -> dict[K, V]:
        self._one_caller(name)
        return self._values(name, items, make, depends_on, context, map)

    def in_turn(self, name: str, items: Mapping[K, I], make: Callable[[I], V], *,
                depends_on: DependsOn = None, context: object = None) -> Iterable[V]:
        self._one_caller(name)  # kept as each() keeps them: most are the same in the next build
        return self._values(name, items, make, depends_on, context, builtins.map).values()

    def _values(self, name: str, items: Mapping[K, I], make: Callable[[I], V],
                depends_on: DependsOn, context: object, map: MapFunction) -> dict[K, V]:
        last = self._each.get(name)
        if last is None:
            values = dict(zip(items.keys(), map(make, list(items.values()))))
            depends = _depends(depends_on, items) if depends_on is not None else None
            self._each[name] = _Each(items, values, context, depends)
            return values
        if items is last.items and same(context, last.context):
            return last.values
        todo, same_keys = self._difference(last.items, items)
        depends = last.depends
        if depends_on is None and not same(context, last.context):
            todo = set(items)  # what every value depends on has changed
        elif depends_on is not None and not same(context, last.context):
            depends = _depends(depends_on, items)
            if last.depends is not None and _same_keys(last.depends, depends):  # compared pairwise, at C speed
                todo |= set(compress(depends, builtins.map(ne, last.depends.values(), depends.values())))
            elif last.depends is not None:
                todo |= {key for key, value in depends.items() if last.depends.get(key, _MISSING) != value}
        elif depends_on is not None and depends is not None and todo:
            depends = dict(depends)
            for key in todo:
                if key in items:
                    depends[key] = depends_on[key] if isinstance(depends_on, Mapping) else depends_on(items[key])
                else:
                    depends.pop(key, None)  # (gone: its dependency with it, so that the keys stay the items')
        keys = [key for key in todo if key in items]
        made = dict(zip(keys, map(make, [items[key] for key in keys])))
        values = _updated(last.values, items, made, same_keys)
        self._each[name] = _Each(items, values, context, depends)
        if values is not last.values:
            changed = {key for key, value in made.items() if last.values.get(key, _MISSING) is not value}
            if not same_keys:
                changed |= last.values.keys() - values.keys()
            self._deltas.pop(self._latest.get(name, 0), None)
            self._deltas[id(values)] = _Delta(values, last.values, frozenset(changed), same_keys)
            self._latest[name] = id(values)
        return values

    def _one_caller(self, name: str) -> None:
        """A name is one value's, asked for in one place: two steps sharing a name would each be
        given what the other made."""
        caller = sys._getframe(2)
        where = (caller.f_code.co_filename, caller.f_lineno)
        if self._callers.setdefault(name, where) != where:
            raise AssertionError(f"reuse name {name!r} is used by {where} and by {self._callers[name]}: "
                                 "give each step its own")

    def _difference(self, old: Mapping, new: Mapping) -> tuple[set, bool]:
        """The keys added, removed, or holding another object than before, and whether the keys
        are the same, in the same order: known already when each() made `new` from `old`."""
        delta = self._deltas.get(id(new))
        if delta is not None and delta.result is new and delta.previous is old:
            return set(delta.changed), delta.same_keys
        if _same_keys(old, new):  # as they mostly are: the values compared pairwise, at C speed
            return set(compress(new, map(is_not, old.values(), new.values()))), True
        return {key for key in old.keys() | new.keys() if old.get(key, _MISSING) is not new.get(key, _MISSING)}, False

    def whole(self, name: str, inputs: tuple, make: Callable[[], V]) -> V:
        self._one_caller(name)
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


    def grouped(self, name: str, items: Mapping[K, Iterable[G]], at_least: int = 1) -> dict[G, tuple[K, ...]]:
        self._one_caller(name)
        last = self._grouped.get(name)
        if last is not None and items is last.items and at_least == last.at_least:
            return last.result
        changed, same_keys = self._difference(last.items, items) if last is not None else (set(), False)
        if last is None or at_least != last.at_least or not same_keys:
            holders: dict[Any, list[Any]] = defaultdict(list)
            for key, values in items.items():
                for value in values:
                    holders[value].append(key)
            result = {value: tuple(keys) for value, keys in holders.items() if len(keys) >= at_least}
            self._grouped[name] = _Grouped(items, at_least, {key: n for n, key in enumerate(items)}, holders, result)
            return result
        touched = set()
        for key in changed:  # the same keys: move the changed items between groups
            before, after = set(last.items[key]), set(items[key])
            for value in before - after:
                last.holders[value].remove(key)
                touched.add(value)
            for value in after - before:
                keys = last.holders.setdefault(value, [])
                keys.insert(bisect_left(keys, last.position[key], key=last.position.__getitem__), key)
                touched.add(value)
        result = last.result
        if touched:
            result = dict(result)
            for value in touched:
                keys = last.holders[value]
                if len(keys) >= at_least:
                    result[value] = tuple(keys)
                else:
                    result.pop(value, None)
                if not keys:
                    del last.holders[value]
        self._grouped[name] = _Grouped(items, at_least, last.position, last.holders, result)
        return result

    def in_order(self, name: str, values: Mapping[K, Any]) -> list[K]:
        self._one_caller(name)
        last = self._in_order.get(name)
        if last is not None and values is last.values:
            return last.order
        changed = self._difference(last.values, values)[0] if last is not None else set()
        if last is None or len(changed) > MOVED_AT_MOST:
            order = sorted(values, key=values.__getitem__)
        else:
            order = _moved(last.order, last.values, values, changed)
        if last is not None and order == last.order:
            order = last.order  # the same keys in the same order: the old list carries its sameness on
        self._in_order[name] = _InOrder(values, order)
        return order


MOVED_AT_MOST = 256  # keys whose values changed that in_order() moves one by one; past it, it sorts them all


def _moved(order: list[K], before: Mapping[K, Any], after: Mapping[K, Any], changed: set[K]) -> list[K]:
    """`order`, the keys sorted by their values `before`, with the changed keys taken out and put
    back where their values `after` place them (the others' values are the same). The values all
    differ, so the place a key's value is found at is the key's."""
    moved = list(order)
    for key in changed & before.keys():
        del moved[bisect_left(moved, before[key], key=before.__getitem__)]  # still sorted by the values before
    for key in changed & after.keys():
        insort(moved, key, key=after.__getitem__)  # sorted by the values after: the others are the same
    return moved


def _depends(depends_on: Callable[[Any], object] | Mapping[Any, object], items: Mapping) -> dict:
    """What each item depends on, by key, in the items' order."""
    if isinstance(depends_on, Mapping):
        return dict(depends_on)  # (a copy: the caller's may change)
    return dict(zip(items, builtins.map(depends_on, items.values())))


def _same_keys(old: Mapping, new: Mapping) -> bool:
    """The same keys in the same order."""
    return len(old) == len(new) and all(map(eq, old, new))


def _updated(old: dict, items: Mapping, made: dict, same_keys: bool) -> dict:
    """The values of `items`, in their order: those made now, the others kept. A value made again
    that equals the old one is the old one; with nothing new, the old dict itself."""
    for key, value in made.items():
        before = old.get(key, _MISSING)
        if before is not _MISSING and before is not value and before == value:
            made[key] = before
    if same_keys:
        if all(old[key] is value for key, value in made.items()):
            return old
        values = dict(old)
        values.update(made)
        return values
    return {key: made[key] if key in made else old[key] for key in items}
