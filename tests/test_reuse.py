"""The seam the preview does less through: whatever it kept from the edits before, it gives what a
build from nothing gives, for each of its verbs."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from defections.content.duplicates import Spellings, similar_people
from defections.incremental.reuse import ByIdentity
from defections.reuse import FROM_NOTHING

KEYS = st.sampled_from("abcdefgh")
VALUES = st.frozensets(st.sampled_from("uvwxyz"), max_size=3).map(lambda values: tuple(sorted(values)))
EDITS = st.lists(st.tuples(KEYS, st.none() | VALUES), min_size=1, max_size=25)  # None: the item is removed


@settings(max_examples=200)
@given(edits=EDITS, same_object=st.booleans())
def test_each_whole_and_grouped_give_what_a_build_from_nothing_gives(edits, same_object):
    reuse, items, calls = ByIdentity(), {}, {"each": 0}

    def make(values):
        calls["each"] += 1
        return ("made", values)

    for key, values in edits:
        if values is None:
            items.pop(key, None)
        else:  # an equal tuple made anew, or the very object: both must work
            items[key] = values if same_object else tuple(list(values))
        given_items = dict(items)
        made = reuse.each("each", given_items, make)
        assert made == FROM_NOTHING.each("each", given_items, make)
        assert list(made) == list(given_items)  # in the items' order
        total = reuse.whole("whole", (given_items,), lambda found=given_items: sum(map(len, found.values())))
        assert total == sum(map(len, given_items.values()))
        for at_least in (1, 2):
            grouped = reuse.grouped(f"grouped {at_least}", given_items, at_least)
            assert grouped == FROM_NOTHING.grouped("grouped", given_items, at_least)


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


NAMES = st.lists(st.tuples(st.sampled_from(["p1", "p2", "p3", "p4", "p5"]),
                           st.lists(st.sampled_from(["k1", "k2", "k3", "k4"]), min_size=1, max_size=3, unique=True)),
                 max_size=5, unique_by=lambda item: item[0])


def naive_similar(people: dict[str, Spellings]) -> list[str]:
    """The rule as CONTRIBUTING states it, with no shortcut: every person against everyone before them."""
    seen: dict[str, tuple[str, str]] = {}
    found = []
    for person_id, person in sorted(people.items()):
        reported = set()
        for key, spelling in person.keys:
            other = seen.get(key)
            if other and other[0] != person_id and other[0] not in reported:
                reported.add(other[0])
                found.append(f"{person_id}: {spelling} ~ {other[0]} {other[1]}")
            seen.setdefault(key, (person_id, spelling))
    return found


@given(people=NAMES)
def test_the_duplicate_warnings_look_only_at_shared_keys_and_find_what_comparing_everyone_finds(people):
    spelled = {pid: Spellings(f"content/people/{pid}.yaml", (1, 7), tuple((key, f"{key} of {pid}") for key in keys),
                              tuple(keys)) for pid, keys in people}
    sharing = FROM_NOTHING.grouped("", {pid: s.distinct for pid, s in spelled.items()}, at_least=2)
    shown = [f"{p.path.split('/')[-1][:-5]}: {p.message.split(chr(39))[1]} ~ {p.message.split('people/')[1].split('.yaml')[0]} "
             f"{p.message.split(chr(39))[3]}" for p in similar_people(spelled, sharing)]
    assert shown == naive_similar(spelled)
