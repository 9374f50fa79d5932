"""Warnings for records that are probably the same thing entered twice."""

from __future__ import annotations

import re

from anyascii import anyascii

from .delta import changed_keys
from .diagnostics import Diagnostic, WARNING
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


def similar_people(people: dict[str, Record], key_of=name_key) -> list[Diagnostic]:
    """A warning for each person with a spelling (name, alias or native name) that has the same key
    as a spelling of a person before it in id order, naming the first such person."""
    seen: dict[str, tuple[str, str]] = {}  # key -> (person id, the spelling that made it)
    problems = []
    for person_id, record in sorted(people.items()):
        reported = set()
        for spelling in _spellings(record):
            key = key_of(spelling)
            if not key:
                continue
            other = seen.get(key)
            if other and other[0] != person_id and other[0] not in reported:
                reported.add(other[0])
                problems.append(_similar(record, other[0], spelling, other[1]))
            seen.setdefault(key, (person_id, spelling))
    return problems


class SimilarPeople:
    """similar_people(), kept up to date from build to build: a rebuild looks again only at the
    people whose record changed and at those who share a spelling key with them, before or after."""

    def __init__(self, key_of=name_key) -> None:
        self.key_of = key_of
        self.records: dict[str, Record] = {}  # the records of the last update
        self.keys: dict[str, list[tuple[str, str]]] = {}  # person id -> (key, spelling) of each spelling
        self.holders: dict[str, set[str]] = {}  # key -> ids of the people with a spelling of that key
        self.found: dict[str, list[Diagnostic]] = {}  # person id -> its warnings, if any

    def update(self, people: dict[str, Record]) -> list[Diagnostic]:
        changed = changed_keys(self.records, people)
        affected: set[str] = set()
        for pid in changed:
            for key, _ in self.keys.pop(pid, ()):
                self.holders[key].discard(pid)
                affected |= self.holders[key]
            record = people.get(pid)
            if record is None:
                self.found.pop(pid, None)
                continue
            self.keys[pid] = [(key, spelling) for spelling in _spellings(record)
                              for key in (self.key_of(spelling),) if key]
            for key, _ in self.keys[pid]:
                holders = self.holders.setdefault(key, set())
                holders.add(pid)
                affected |= holders
        for pid in affected:
            if pid in people:
                self._check(pid, people[pid])
        self.records = people  # (validation never changes a collection of records it has handed out)
        return [problem for pid in sorted(self.found) for problem in self.found[pid]]

    def _check(self, person_id: str, record: Record) -> None:
        """What similar_people() says of this person: for each of its spellings, the first person
        (in id order) before it with a spelling of the same key."""
        problems, reported = [], set()
        for key, spelling in self.keys[person_id]:
            other = min(self.holders[key])
            if other < person_id and other not in reported:
                reported.add(other)
                first = next(text for other_key, text in self.keys[other] if other_key == key)
                problems.append(_similar(record, other, spelling, first))
        if problems:
            self.found[person_id] = problems
        else:
            self.found.pop(person_id, None)


def _spellings(record: Record) -> list[str]:
    return list(filter(None, (record["name"], *(record["aliases"] or ()), record["native_name"])))


def _similar(record: Record, other: str, spelling: str, first: str) -> Diagnostic:
    line, column = record.at("name")
    return Diagnostic(record.path, line, column,
                      f"this may be the same person as content/people/{other}.yaml ('{spelling}' and "
                      f"'{first}' are spellings of one name); merge the two files, or ignore this warning "
                      "if they are different people", WARNING)


def repeated_events(events: dict[str, Record]) -> list[Diagnostic]:
    first: dict[tuple[str, str], str] = {}
    problems = []
    for event_id, record in sorted(events.items()):
        if record["date"] is None:
            continue
        others = []
        for person_id in record["people"] or []:
            key = (person_id, record["date"].iso())
            if key in first and first[key] not in others:
                others.append(first[key])
            first.setdefault(key, event_id)
        for other in others:
            line, column = record.at("date")
            problems.append(Diagnostic(
                record.path, line, column,
                f"content/events/{other}.yaml has the same person and date ({record['date'].iso()}); "
                "if it is the same event, merge the two and keep all their sources", WARNING))
    return problems
