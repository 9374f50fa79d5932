"""Warnings for records that are probably the same thing entered twice.

Two people are near twins when a spelling of one and a spelling of the other can be one name
written two ways. In Latin script: the same consonants in the same order (after folding the ways
Arabic is transliterated: q/k, ph/f, dj/j, ch/sh, oo/u, ee/i, an ou that is a u or a w, an i beside
a vowel that is a y, doubled letters, a final -h after a vowel, the article al-/el-), and vowels
that can stand for the same sound (a is not u: Hassan is not Hussein, Mahmoud is not Mohammed; an e
can be any vowel; a vowel may be left out inside a word, as in Bdawi for Badawi, but not at its
start or end). The words may come in another order, or the shorter name
may leave out middle names (Manaf Tlass, Manaf Mustafa Tlass). In Arabic script: the same words
once the spellings that vary are folded (أ إ آ ٱ to ا, ة to ه, ى to ي, no diacritics or tatweel,
no article ال), or the same letters with the spaces left out (عبد الله, عبدالله).

`near_twins()` answers it for one name (`new person`, `suggest`); `similar_people()` for every
person of a project (`check`). Both compare only people who share a `keys()` value: a coarse key
that every pair of near twins shares, so that most people are never compared at all.
"""

from __future__ import annotations

import operator
import re
import unicodedata
from dataclasses import dataclass
from itertools import chain, combinations, islice, permutations, product

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


# --- One word, as near-twin comparison reads it ------------------------------------------------

_VOWELS = "aeiou"
_SOUNDS = {"a": "a", "i": "i", "u": "u", "o": "u"}  # what each vowel can stand for; e stands for any
_FOLDS = (("ph", "f"), ("q", "k"), ("dj", "j"), ("ch", "sh"), ("oo", "u"), ("ee", "i"))
_READINGS = 4  # ways to read one word, at most (each 'ou' before a vowel doubles them)


@dataclass(frozen=True, slots=True)
class Word:
    """A word in Latin script, read one way: its consonants, and the vowels before, between and
    after them."""

    consonants: str
    vowels: tuple[str, ...]  # len(consonants) + 1 slots: before the first, between each two, after the last


def latin_word(word: str) -> tuple[Word, ...]:
    """The ways to read a lower-case ASCII word, folded as transliterations vary: 'Badaoui' can be
    read 'Badawi' (an ou before a vowel is a w or a u: Moualem is Muallem), 'Haidar' is 'Haydar'
    (an i beside a vowel is a y), 'Hamadeh' is 'Hamade' (a final h after a vowel is not written)."""
    for written, folded in _FOLDS:
        word = word.replace(written, folded)
    readings, at = [""], 0
    while at < len(word):
        if word.startswith("ou", at):
            ways = ("w", "u") if word[at + 2:at + 3] and word[at + 2] in _VOWELS else ("u",)
            readings, at = [reading + way for reading in readings for way in ways][:_READINGS], at + 2
        else:
            readings, at = [reading + word[at] for reading in readings], at + 1
    return tuple(dict.fromkeys(_read(_folded(reading)) for reading in readings))


_DOUBLED = re.compile(r"(.)\1+")
_I_BESIDE_A_VOWEL = re.compile(r"(?<=[aeou])i|i(?=[aeou])")
_FINAL_H = re.compile(r"(?<=[aeiou])h$")


def _folded(word: str) -> str:
    word = _DOUBLED.sub(r"\1", word)  # Makdissi -> Makdisi
    word = word[:1] + _I_BESIDE_A_VOWEL.sub("y", word[1:])  # Haidar -> Haydar, Ziad -> Zyad
    word = _DOUBLED.sub(r"\1", word)  # Hayyan -> Hayan
    return _FINAL_H.sub("", word)  # Hamadeh -> Hamade


def _read(word: str) -> Word:
    consonants, vowels, slot = [], [], ""
    for letter in word:
        if letter in _VOWELS:
            slot += letter
        else:
            consonants.append(letter)
            vowels.append(slot)
            slot = ""
    vowels.append(slot)
    return Word("".join(consonants), tuple(vowels))


def _vowels_agree(one: str, other: str, inside: bool) -> bool:
    """Whether two vowel slots can be one sound: the same, one left out (inside a word only: a word
    that starts or ends with a vowel is another word without it), an e in either, or a sound in common."""
    if one == other or (inside and not (one and other)):
        return True
    if not (one and other):
        return False
    if "e" in one or "e" in other:
        return True
    return bool({_SOUNDS[v] for v in one} & {_SOUNDS[v] for v in other})


def same_reading(one: Word, other: Word) -> bool:
    if one.consonants != other.consonants:
        return False
    last = len(one.vowels) - 1
    return all(_vowels_agree(a, b, 0 < i < last) for i, (a, b) in enumerate(zip(one.vowels, other.vowels)))


def same_word(one: tuple[Word, ...], other: tuple[Word, ...]) -> bool:
    """Whether two words, each read every way it can be, can be one word."""
    return any(same_reading(a, b) for a in one for b in other)


# --- Arabic script --------------------------------------------------------------------------------

_ARABIC_LETTERS = re.compile(r"[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff]")
_ARABIC_FOLD = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ة": "ه", "ى": "ي", "ی": "ي", "ک": "ك",
                              "ـ": None})  # tatweel, the stretching stroke


def fold_arabic(text: str) -> str:
    """The letters of Arabic script whose spelling varies, folded (أ إ آ ٱ to ا, ة to ه, ى to ي),
    and tatweel taken out: what the site's search compares too (assets/search.js)."""
    return text.translate(_ARABIC_FOLD)


def is_arabic(text: str) -> bool:
    return bool(_ARABIC_LETTERS.search(text))


def arabic_words(name: str) -> tuple[str, ...]:
    """The words of a name in Arabic script, with the letters whose spelling varies folded, the
    diacritics and tatweel removed, and the article ال taken off (from words long enough to have it)."""
    text = unicodedata.normalize("NFKC", name).translate(_ARABIC_FOLD)
    text = "".join(c for c in text if not unicodedata.category(c).startswith("M"))  # the marks: harakat, shadda
    found = re.findall(r"[^\W\d_]+", text)
    return tuple(word[2:] if word.startswith("ال") and len(word) >= 5 else word for word in found)


# --- Names ------------------------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class Name:
    """A spelling as it is compared: in Arabic script, its folded words; in Latin, each word's readings."""

    spelling: str
    arabic: bool
    words: tuple  # tuple[str, ...] in Arabic script, tuple[tuple[Word, ...], ...] in Latin

    def keys(self) -> tuple[str, ...]:
        """What any near twin of this name shares with it: its words in any order, its first and
        last word (when a middle name is left out) and, in Arabic script, its letters without spaces."""
        if self.arabic:
            found = ["a " + " ".join(sorted(self.words)), "a=" + "".join(self.words)]
            if len(self.words) >= 2:
                found.append(f"a|{self.words[0]}|{self.words[-1]}")
            return tuple(found)
        consonants = [tuple(dict.fromkeys(reading.consonants for reading in word)) for word in self.words]
        found = ["l " + " ".join(sorted(way)) for way in islice(product(*consonants), _READINGS ** 2)]
        if len(self.words) >= 2:
            found += [f"l|{first}|{last}" for first, last in product(consonants[0], consonants[-1])]
        return tuple(dict.fromkeys(found))


def parsed(spelling: str) -> Name | None:
    """The name as compared; None when it has no letters to compare."""
    if is_arabic(spelling):
        arabic = arabic_words(spelling)
        return Name(spelling, True, arabic) if arabic else None
    latin = tuple(latin_word(w) for w in words(spelling) if not w.isdigit())
    return Name(spelling, False, latin) if latin else None


def twins(one: Name, other: Name) -> bool:
    """Whether two spellings can be one name (see the module's docstring)."""
    if one.arabic != other.arabic:
        return False
    same = operator.eq if one.arabic else same_word
    if one.arabic and "".join(one.words) == "".join(other.words):
        return True
    if len(one.words) == len(other.words):
        if len(one.words) > 6:  # a name of many words: in the order given
            return all(map(same, one.words, other.words))
        return any(all(map(same, one.words, order)) for order in permutations(other.words))
    shorter, longer = sorted((one.words, other.words), key=len)
    if len(shorter) < 2 or not (same(shorter[0], longer[0]) and same(shorter[-1], longer[-1])):
        return False
    middle = iter(longer[1:-1])  # the shorter's middle names, in order, among the longer's
    return all(any(same(word, candidate) for candidate in middle) for word in shorter[1:-1])


# --- People ---------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Spellings:
    """Every spelling of a person's name (name, aliases, native name) as compared, the keys they
    share with any near twin, the people the record says it is not, and where the name stands."""

    path: str
    at: tuple[int, int]
    names: tuple[Name, ...]
    keys: tuple[str, ...]  # each once
    not_same_as: frozenset[str] = frozenset()


def spelled(path: str, at: tuple[int, int], spellings: list[str | None],
            not_same_as: frozenset[str] = frozenset()) -> Spellings:
    names = tuple(name for name in map(parsed, dict.fromkeys(filter(None, spellings))) if name is not None)
    return Spellings(path, at, names, tuple(dict.fromkeys(chain.from_iterable(n.keys() for n in names))),
                     not_same_as)


def spellings(record: Record) -> Spellings:
    return spelled(record.path, record.at("name"),
                   [record["name"], *(record["aliases"] or ()), record["native_name"]],
                   frozenset(record["not_same_as"] or ()))


def twin_spellings(one: Spellings, other: Spellings) -> tuple[str, str] | None:
    """The first spelling of each that can be one name, or None when they are different people's
    (or one record says so with not_same_as)."""
    for mine in one.names:
        for theirs in other.names:
            if set(mine.keys()) & set(theirs.keys()) and twins(mine, theirs):
                return mine.spelling, theirs.spelling
    return None


def near_twins(name: str, known: dict[str, Spellings]) -> list[str]:
    """The ids of the people whose spellings can be the same name as `name`, in id order."""
    new = spelled("", (1, 1), [name])
    keys = set(new.keys)
    return sorted(person_id for person_id, person in known.items()
                  if keys.intersection(person.keys) and twin_spellings(new, person) is not None)


def similar_people(people: dict[str, Spellings], sharing: dict[str, tuple[str, ...]],
                   known_to_git: frozenset[str] | None = None) -> list[Diagnostic]:
    """A warning for each two people who may be one, on the newer record: the one git does not
    know yet (`known_to_git`, the paths it knows), or else the later in id order. A record that
    lists the other under not_same_as is not warned about. `sharing` gives the people who hold
    each key that more than one holds (reuse.grouped()): only they are compared."""
    pairs = sorted({tuple(sorted(pair)) for holders in sharing.values() for pair in combinations(holders, 2)
                    if pair[0] != pair[1]})
    problems = []
    for first, second in pairs:
        one, other = people[first], people[second]
        if second in one.not_same_as or first in other.not_same_as:
            continue
        if known_to_git is not None and (one.path in known_to_git) != (other.path in known_to_git):
            newer, older = (first, second) if one.path not in known_to_git else (second, first)
        else:
            newer, older = second, first
        found = twin_spellings(people[newer], people[older])
        if found is not None:
            problems.append(_twin_warning(people[newer], older, people[older].path, *found))
    return problems


def _twin_warning(person: Spellings, other_id: str, other_path: str, spelling: str, theirs: str) -> Diagnostic:
    return Diagnostic(
        person.path, *person.at,
        f"this may be the same person as {other_path} ('{spelling}' and '{theirs}' are spellings of one name): "
        f"if it is the same person, merge this file into {other_path} and add '{spelling}' to its aliases; "
        f"if not, add `not_same_as: [{other_id}]` to this file", WARNING)


# --- Events ------------------------------------------------------------------------------------------------

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


def same_spelling(name: str) -> str:
    """A name as two spellings of it are the very same one: in one Unicode form, case and spaces
    aside ("Nawaf  fares" is "Nawaf Fares"; "Nawwaf Faris" is not, and near_twins() says it may be)."""
    return " ".join(unicodedata.normalize("NFC", name).casefold().split())
