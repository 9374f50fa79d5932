"""Warnings for records that are probably the same thing entered twice."""

from __future__ import annotations

import re

from anyascii import anyascii

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
    seen: dict[str, tuple[str, str]] = {}  # key -> (person id, the spelling that made it)
    problems = []
    for person_id, record in sorted(people.items()):
        reported = set()
        for spelling in filter(None, (record["name"], *(record["aliases"] or ()), record["native_name"])):
            key = key_of(spelling)
            if not key:
                continue
            other = seen.get(key)
            if other and other[0] != person_id and other[0] not in reported:
                reported.add(other[0])
                line, column = record.at("name")
                problems.append(Diagnostic(
                    record.path, line, column,
                    f"this may be the same person as content/people/{other[0]}.yaml ('{spelling}' and "
                    f"'{other[1]}' are spellings of one name); merge the two files, or ignore this warning "
                    "if they are different people", WARNING))
            seen.setdefault(key, (person_id, spelling))
    return problems


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
