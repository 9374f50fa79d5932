"""The seam the preview does less through: whatever it kept from the edits before, it gives what a
build from nothing gives, for each of its verbs."""

from __future__ import annotations

from itertools import combinations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from defections.content.duplicates import Spellings, similar_people, twins
from defections.content.duplicates import spelled as spelled_as
from defections.incremental.reuse import ByIdentity
from defections.reuse import FROM_NOTHING

KEYS = st.sampled_from("abcdefgh")
VALUES = st.frozensets(st.sampled_from("uvwxyz"), max_size=3).map(lambda values: tuple(sorted(values)))
EDITS = st.lists(st.tuples(KEYS, st.none() | VALUES), min_size=1, max_size=25)  # None: the item is removed


@settings(max_examples=200)
@given(edits=EDITS, same_object=st.booleans())
def test_each_whole_and_grouped_give_what_a_build_from_nothing_gives(edits, same_object):
    reuse, items, calls, sort_by = ByIdentity(), {}, {"each": 0}, {}

    def make(values):
        calls["each"] += 1
        return ("made", values)

    for key, values in edits:
        if values is None:
            items.pop(key, None)
            sort_by.pop(key, None)
        else:  # an equal tuple made anew, or the very object: both must work
            items[key] = values if same_object else tuple(list(values))
            sort_by[key] = (values, key)  # (values in_order() sorts by all differ)
        given_items = dict(items)
        made = reuse.each("each", given_items, make)
        assert made == FROM_NOTHING.each("each", given_items, make)
        assert list(made) == list(given_items)  # in the items' order
        total = reuse.whole("whole", (given_items,), lambda found=given_items: sum(map(len, found.values())))
        assert total == sum(map(len, given_items.values()))
        for at_least in (1, 2):
            grouped = reuse.grouped(f"grouped {at_least}", given_items, at_least)
            assert grouped == FROM_NOTHING.grouped("grouped", given_items, at_least)
        given_sort_by = dict(sort_by)
        assert reuse.in_order("in order", given_sort_by) == sorted(given_sort_by, key=given_sort_by.__getitem__)


def test_in_order_moves_the_keys_whose_values_changed_and_keeps_an_order_that_did_not_change():
    reuse = ByIdentity()

    def in_order(values):
        return reuse.in_order("by name", values)

    names = {f"person-{n:03d}": (f"name {n:03d}", f"person-{n:03d}") for n in range(1000)}
    first = in_order(names)
    assert first == sorted(names)
    renamed = dict(names, **{"person-500": ("a new name", "person-500"), "person-007": ("zz", "person-007")})
    del renamed["person-010"]
    renamed["person-2000"] = ("name 500 and a half", "person-2000")
    moved = in_order(renamed)
    assert moved == sorted(renamed, key=renamed.__getitem__)
    assert moved[0] == "person-500" and moved[-1] == "person-007" and "person-010" not in moved
    assert moved.index("person-2000") == moved.index("person-501") - 1
    retitled = dict(renamed, **{"person-020": ("name 020", "person-020")})  # an equal value, made anew
    assert in_order(retitled) is moved  # the same order: the same list
    everyone_renamed = {key: (f"another {value[0]}"[::-1], key) for key, value in retitled.items()}
    assert in_order(everyone_renamed) == sorted(everyone_renamed, key=everyone_renamed.__getitem__)


def test_each_makes_again_only_the_items_that_changed():
    reuse, made = ByIdentity(), []

    def doubled(items):
        return reuse.each("values", items, lambda value: made.append(value) or value * 2)

    items = {"a": (1,), "b": (2,), "c": (3,)}
    first = doubled(items)
    again = doubled(dict(items, b=(5,)))
    assert made == [(1,), (2,), (3,), (5,)]
    assert again["a"] is first["a"] and again == {"a": (1, 1), "b": (5, 5), "c": (3, 3)}
    assert doubled(dict(items, b=(5,))) is again  # nothing new: the same dict


def test_two_steps_cannot_share_a_name():
    reuse = ByIdentity()
    reuse.each("values", {"a": 1}, str)
    with pytest.raises(AssertionError, match="reuse name 'values' is used by"):
        reuse.each("values", {"a": 1}, str)  # another line: another step


def test_a_value_made_again_equal_to_the_old_one_is_the_old_one():
    reuse = ByIdentity()
    first, again = (reuse.each("lengths", items, len) for items in ({"a": "xy", "b": "z"}, {"a": "uv", "b": "z"}))
    assert again is first  # 'a' made again, and equal: nothing changed


def test_depends_on_is_looked_at_only_when_the_context_changes():
    reuse, looked = ByIdentity(), []

    def depends(item):
        looked.append(item)
        return texts[item]

    def quoted(items, make):
        return reuse.each("quotes", items, make, depends_on=depends, context=dict(texts))

    texts, items = {"x": 1, "y": 2}, {"a": "x", "b": "y"}
    quoted(items, lambda item: (item, texts[item]))
    looked.clear()
    assert quoted(dict(items), str.upper) == {"a": ("x", 1), "b": ("y", 2)}
    assert looked == []  # the same items, the same context
    texts["y"] = 3
    assert quoted(dict(items), lambda item: (item, texts[item])) == {"a": ("x", 1), "b": ("y", 3)}


def test_depends_on_given_by_key_makes_again_only_the_items_whose_dependency_changed():
    """An event's line in the search index depends on its first person's name: given for every
    event at once (a dict made at C speed), a rename makes again the lines of that person's
    events only, as a function of each item would."""
    reuse, made = ByIdentity(), []
    events = {"e1": "p1", "e2": "p2", "e3": "p1"}  # each event's first person

    def lines(names):
        depends = {event: names[person] for event, person in events.items()}
        return reuse.each("lines", events, lambda person: made.append(person) or f"{names[person]}'s event",
                          depends_on=depends, context=dict(names))

    assert lines({"p1": "Ali", "p2": "Omar"}) == {"e1": "Ali's event", "e2": "Omar's event", "e3": "Ali's event"}
    made.clear()
    assert lines({"p1": "Ali", "p2": "Umar"}) == {"e1": "Ali's event", "e2": "Umar's event", "e3": "Ali's event"}
    assert made == ["p2"]
    lines({"p1": "Ali", "p2": "Umar"})
    assert made == ["p2"]  # nothing changed since


_SPELLINGS = ["Ekhlas Bdawi", "Ikhlas Badawi", "Ikhlas Mustafa Badaoui", "Ali Hamadeh", "Ali Hamade", "Ali Hamdan",
              "Manaf Tlass", "Manaf Mustafa Tlass", "إخلاص بدوي", "اخلاص بدوى", "Hussein Ali", "Hassan Ali"]
NAMES = st.lists(st.tuples(st.sampled_from(["p1", "p2", "p3", "p4", "p5"]),
                           st.lists(st.sampled_from(_SPELLINGS), min_size=1, max_size=3, unique=True),
                           st.lists(st.sampled_from(["p1", "p2", "p3", "p4", "p5"]), max_size=2, unique=True),
                           st.booleans()),
                 max_size=5, unique_by=lambda item: item[0])


def naive_similar(people: dict[str, Spellings], known: frozenset[str]) -> list[str]:
    """The rule as CONTRIBUTING states it, with no shortcut: every two people compared, each pair
    once, on the newer (the one git does not know, or else the later), unless one says not_same_as."""
    found = []
    for first, second in combinations(sorted(people), 2):
        one, other = people[first], people[second]
        if second in one.not_same_as or first in other.not_same_as:
            continue
        newer, older = (first, second) if one.path not in known and other.path in known else (second, first)
        spellings = next(((a.spelling, b.spelling) for a in people[newer].names for b in people[older].names
                          if twins(a, b)), None)
        if spellings:
            found.append(f"{newer}: {spellings[0]} ~ {older} {spellings[1]}")
    return sorted(found)


@given(people=NAMES)
def test_the_duplicate_warnings_look_only_at_shared_keys_and_find_what_comparing_everyone_finds(people):
    spelled = {pid: spelled_as(f"content/people/{pid}.yaml", (1, 7), names, frozenset(others))
               for pid, names, others, _ in people}
    known = frozenset(f"content/people/{pid}.yaml" for pid, _, _, committed in people if committed)
    sharing = FROM_NOTHING.grouped("", {pid: s.keys for pid, s in spelled.items()}, at_least=2)
    shown = sorted(f"{p.path.split('/')[-1][:-5]}: {p.message.split(chr(39))[1]} ~ "
                   f"{p.message.split('people/')[1].split('.yaml')[0]} {p.message.split(chr(39))[3]}"
                   for p in similar_people(spelled, sharing, known))
    assert shown == naive_similar(spelled, known)
