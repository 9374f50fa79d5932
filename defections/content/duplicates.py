"""Warnings for records that are probably the same thing entered twice."""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import chain

from anyascii import anyascii

from ..errors import WARNING, Diagnostic
from .fields import Record

_ARTICLES = frozenset({"al", "el", "ul"})  # the Arabic article, however it is transliterated


def skeleton(word: str) -> str:
    """A word as it sounds, more or less: the search in the browser does the same (assets/search.js)."""
    word = word.replace("q", "k").replace("ph", "f").replace("ou", "u").replace("ee", "i")
    word = re.sub(r"(.)\1+", r"\1", word)  # Makdissi -> Makdisi, Tlass -> Tlas
    return word[0] + re.sub(r"[aeiouy]", "", word[1:])  # Fares ~ Faris, Makdisi ~ Makdusi


def words(name: str) -> list[str]:
    """The words of a name, transliterated to ASCII, in lower case, without the article al-/el-."""
    return [w for w in re.findall(r"[a-z0-9]+", anyascii(name).lower()) if w not in _ARTICLES]


def name_key(name: str) -> str:
    """A spelling-insensitive key for a name: transliterated, without al-/el-, vowels and doubled
    letters, in any word order. 'Jihad al-Makdissi' and 'Jihad Maqdisi' share one."""
    return " ".join(sorted(skeleton(w) for w in words(name)))


@dataclass(frozen=True)
class Spellings:
    """Every spelling of a person's name (name, aliases, native name) with its key, and where the
    name stands, for the warning."""

    path: str
    at: tuple[int, int]
    keys: tuple[tuple[str, str], ...]  # (key, spelling)
    distinct: tuple[str, ...]  # the keys, each once


def spellings(record: Record) -> Spellings:
    found = filter(None, (record["name"], *(record["aliases"] or ()), record["native_name"]))
    keys = tuple((key, spelling) for spelling in found for key in (name_key(spelling),) if key)
    return Spellings(record.path, record.at("name"), keys, tuple(dict.fromkeys(key for key, _ in keys)))


def similar_people(people: dict[str, Spellings], sharing: dict[str, tuple[str, ...]]) -> list[Diagnostic]:
    """A warning for each person with a spelling that has the same key as a spelling of a person
    before them in id order, naming the first such person. `sharing` gives the people who hold
    each key that more than one holds (reuse.grouped()): only they are looked at."""
    seen: dict[str, tuple[str, str]] = {}  # key -> (person id, the spelling that made it)
    problems = []
    twins = sorted(set(chain.from_iterable(sharing.values())))
    for person_id, person in ((pid, people[pid]) for pid in twins):
        reported = set()
        for key, spelling in person.keys:
            other = seen.get(key)
            if other and other[0] != person_id and other[0] not in reported:
                reported.add(other[0])
                problems.append(Diagnostic(
                    person.path, *person.at,
                    f"this may be the same person as content/people/{other[0]}.yaml ('{spelling}' and "
                    f"'{other[1]}' are spellings of one name); merge the two files, or ignore this warning "
                    "if they are different people", WARNING))
            seen.setdefault(key, (person_id, spelling))
    return problems


@dataclass(frozen=True)
class Dated:
    """What makes two events look like one: their people and their date, and where the date stands."""

    path: str
    at: tuple[int, int]
    date: str | None
    people: tuple[str, ...]


def dated(record: Record) -> Dated:
    date = record["date"]
    return Dated(record.path, record.at("date"), date.iso() if date else None, tuple(record["people"] or ()))


def person_dates(event: Dated) -> tuple[tuple[str, str], ...]:
    """What two events share when they look like one: a (person, date) pair."""
    return tuple((person_id, event.date) for person_id in event.people) if event.date else ()


def repeated_events(events: dict[str, Dated], sharing: dict[tuple[str, str], tuple[str, ...]]) -> list[Diagnostic]:
    """A warning for each event with a person and a date that an event before it (in id order) has.
    `sharing` gives the events that hold each (person, date) that more than one holds: only they
    are looked at."""
    first: dict[tuple[str, str], str] = {}
    problems = []
    for event_id, event in ((eid, events[eid]) for eid in sorted(set(chain.from_iterable(sharing.values())))):
        if event.date is None:
            continue
        others: list[str] = []
        for person_id in event.people:
            key = (person_id, event.date)
            if key in first and first[key] not in others:
                others.append(first[key])
            first.setdefault(key, event_id)
        for other in others:
            problems.append(Diagnostic(
                event.path, *event.at,
                f"content/events/{other}.yaml has the same person and date ({event.date}); "
                "if it is the same event, merge the two and keep all their sources", WARNING))
    return problems
