"""The one seam through which a rebuild does less: a stage asks `reuse` for what it needs, and gets it
made, or kept from the last build when nothing it was made from has changed.

Every stage is written as a build from nothing reads: "the model of each person record",
`reuse.each("people: models", records, make_person)`. A build from nothing passes FROM_NOTHING,
which makes every value every time. The preview passes incremental.reuse.ByIdentity, which keeps a
value for as long as what it was made from is the very same object (an unchanged file gives the
same record, which gives the same model, and so on down the pipeline) and what else it depends on
is equal. Both give the same values; only the work differs.
"""

from __future__ import annotations

import builtins
import operator
import weakref
from collections import defaultdict
from collections.abc import Callable, Hashable, Iterable, Mapping
from typing import Any, Protocol, TypeVar, cast

K = TypeVar("K", bound=Hashable)
G = TypeVar("G", bound=Hashable)
I = TypeVar("I")  # noqa: E741 - an item
V = TypeVar("V")
MapFunction = Callable[[Callable[[Any], Any], list[Any]], Iterable[Any]]  # map(function, items)
DependsOn = Callable[[Any], object] | Mapping[Any, object] | None  # a function of each item, or a value by key


class Reuse(Protocol):
    keeps: bool  # whether it keeps values from build to build (what another process made would be lost to it)

    def each(self, name: str, items: Mapping[K, I], make: Callable[[I], V], *,
             depends_on: DependsOn = None, context: object = None,
             map: MapFunction = builtins.map) -> dict[K, V]:
        """{key: make(item)} for every item, in the items' order. `depends_on(item)` is what else an
        item's value is made from (say, the texts its quotes come from), or `depends_on[key]`
        when it is a mapping with every key, made at C speed (say, each event's first person's
        name, looked up in a dict of names); `context` sums up everything depends_on could give
        for any item, so that while it is equal, no item's needs looking at. `map` is how the
        values to make are made (on every core, say)."""
        ...

    def in_turn(self, name: str, items: Mapping[K, I], make: Callable[[I], V], *,
                depends_on: DependsOn = None, context: object = None) -> Iterable[V]:
        """make(item) for every item, in the items' order, as each() would give them, but made as
        they are gone through (once): what is written from them in one pass (a data file) holds
        none of them longer than it takes to write it. One that keeps values gives each()'s."""
        ...

    def whole(self, name: str, inputs: tuple, make: Callable[[], V]) -> V:
        """make(), which reads only `inputs`."""
        ...

    def grouped(self, name: str, items: Mapping[K, Iterable[G]], at_least: int = 1) -> dict[G, tuple[K, ...]]:
        """Which items hold each value: {value: the keys of the items that hold it, in the items'
        order}, for the values at least `at_least` items hold. The order of the values is not
        part of the answer (a rebuild may give them in another)."""
        ...

    def in_order(self, name: str, values: Mapping[K, Any]) -> list[K]:
        """The keys in the order of their values, which must all differ (end each with its key):
        a rebuild may move the keys whose values changed rather than sort them all again."""
        ...


class FromNothing:
    """Makes every value, every time: a build from nothing."""

    keeps = False

    def each(self, name: str, items: Mapping[K, I], make: Callable[[I], V], *,
             depends_on: DependsOn = None, context: object = None,
             map: MapFunction = builtins.map) -> dict[K, V]:
        return dict(zip(items.keys(), map(make, list(items.values()))))

    def in_turn(self, name: str, items: Mapping[K, I], make: Callable[[I], V], *,
                depends_on: DependsOn = None, context: object = None) -> Iterable[V]:
        return map(make, list(items.values()))

    def whole(self, name: str, inputs: tuple, make: Callable[[], V]) -> V:
        return make()

    def grouped(self, name: str, items: Mapping[K, Iterable[G]], at_least: int = 1) -> dict[G, tuple[K, ...]]:
        return group(items, at_least)

    def in_order(self, name: str, values: Mapping[K, Any]) -> list[K]:
        return self.whole(name, (values,), lambda: sorted(values, key=values.__getitem__))  # (once, in OneBuild)


def group(items: Mapping[K, Iterable[G]], at_least: int = 1) -> dict[G, tuple[K, ...]]:
    """grouped(), from nothing."""
    holders: dict[G, list[K]] = defaultdict(list)
    for key, values in items.items():
        for value in values:
            holders[value].append(key)
    return {value: tuple(keys) for value, keys in holders.items() if len(keys) >= at_least}


FROM_NOTHING = FromNothing()


class OneBuild(FromNothing):
    """A build from nothing that makes each value once: every page of the build that asks for the
    timeline's pages, the periods or the people in order gets the one made for the first. A value
    is kept while its inputs are the very objects it was made from (and each() its context equal),
    which in one build they always are. What whole() makes is kept for the build; what each()
    makes, only while something else holds it (a whole() made from it, a page being rendered): the
    lines of a data file, made for that file alone, are let go with it (tens of megabytes at
    50,000 people) rather than kept to the end. Made for one build and let go with it
    (pipeline.build)."""

    def __init__(self) -> None:
        self._made: dict[str, tuple[tuple, Any]] = {}  # name: (the inputs, the value made of them)
        self._each: dict[str, tuple[Mapping, object, weakref.ref]] = {}  # name: (the items, the context, the values)

    def each(self, name: str, items: Mapping[K, I], make: Callable[[I], V], *,
             depends_on: DependsOn = None, context: object = None,
             map: MapFunction = builtins.map) -> dict[K, V]:
        kept = self._each.get(name)
        if kept is not None and kept[0] is items and (kept[1] is context or kept[1] == context):
            values = kept[2]()
            if values is not None:
                return cast(dict[K, V], values)
        values = _Values(zip(items.keys(), map(make, list(items.values()))))
        self._each[name] = (items, context, weakref.ref(values))
        return values

    def whole(self, name: str, inputs: tuple, make: Callable[[], V]) -> V:
        kept = self._made.get(name)
        if kept is not None and len(kept[0]) == len(inputs) and all(map(operator.is_, kept[0], inputs)):
            return cast(V, kept[1])
        value = make()
        self._made[name] = (inputs, value)
        return value


class _Values(dict):
    """The values each() made, as a dict that OneBuild can hold without keeping it alive."""

    __slots__ = ("__weakref__",)
