"""Files the site's own scripts fetch, only when a reader needs them: where the home page's old
anchors went, and what the search box searches.

Both are compact JSON: ids and words, never addresses the script can make (urls.py's scheme is
written again in the scripts, in one line each: events/<id>/, people/<id>/).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from itertools import count, repeat

from .. import urls
from ..content.duplicates import skeleton, words
from ..content.model import Content, Event, Person
from ..reuse import FROM_NOTHING, Reuse
from ..schema import STATUSES
from .localised import Localised
from .parts import Parts


def anchors_json(content: Content, reuse: Reuse = FROM_NOTHING) -> bytes:
    """Where each #anchor of the old one-page timeline is now: every event's id (its page is
    events/<id>/), and the headings and definitions that moved, by their old anchor. Made again
    only when the events or their places on the timeline change (not when a person does)."""
    places = content.indexes.timeline_pages
    return reuse.whole("anchors.json", (content.events, places), lambda: _anchors(content.events, places))


def _anchors(events: dict[str, Event], places: dict[str, urls.TimelinePlace]) -> bytes:
    moved = {urls.status_anchor(status): urls.status_url(status) for status in STATUSES}
    moved["statuses-title"] = urls.STATUSES
    for event in events.values():
        year, month = event.date.year, event.date.month
        moved.setdefault(f"{urls.YEAR_ANCHOR}{year}", urls.timeline_url(year))
        if not month:  # the old heading of the events known only to the year
            anchor = f"{urls.MONTH_ANCHOR}{year:04d}"
            moved.setdefault(anchor, f"{urls.timeline_url(year)}#{anchor}")
        if month:
            page = places[event.id]
            anchor = f"{urls.MONTH_ANCHOR}{year:04d}-{month:02d}"
            moved.setdefault(anchor, page.address if page.month else f"{page.address}#{anchor}")
    return json.dumps({"events": list(events), "moved": moved}, ensure_ascii=False,
                      separators=(",", ":")).encode()


NAME = "\u0001"  # in an event's title, its first person's name (a control character: never in content)


def search_json(content: Content, reuse: Reuse = FROM_NOTHING, tag: str | None = None) -> Parts:
    """What the search box searches, one record per line: people as [id, names (the name, the
    spellings the search would not find from it, the native name, joined by '|'), position], and
    events as [id, title, place, date as shown, the index of its first person among the people
    or -1]. A title's first person's name is written NAME, which the script puts back: the index
    is fetched whole, and names are most of it. The script folds case and accents and works out
    the spelling keys itself, as views.search_terms() does. In another of the site's languages
    (`tag`), the texts are in that language where the records give them, and so are the dates."""
    speaking = Localised(tag or content.site.language, content.site)
    language = None if speaking.as_recorded else speaking  # None: the records' words as they are
    suffix = "" if speaking.default else f" ({speaking.tag})"
    speaks = (speaking.tag, str(speaking.locale), content.site.native_language) if language else None  # words, dates
    people = reuse.each(f"search.json: people{suffix}", content.people, lambda p: _person(p, language),
                        depends_on=lambda p: speaks, context=speaks)
    names = reuse.each(f"search.json: names{suffix}", content.people,
                       (lambda p: language.text(p, "name")) if language else _name,
                       depends_on=lambda p: speaks, context=speaks)
    lines = [b'{"people":[', reuse.whole(f"search.json: people's lines{suffix}", (people,),
                                         lambda: b",\n".join(people.values())),
             b'],\n"events":[', reuse.whole(f"search.json: events' lines{suffix}", (names, content.events, speaks),
                                            lambda: b",\n".join(_events(content, names, speaks, language, reuse,
                                                                        suffix).values())),
             b"]}\n"]
    return Parts(lines)  # (the very same parts while no line changes: known unchanged without hashing)


def _events(content: Content, names: dict[str, str], speaks: tuple | None, language: Localised | None, reuse: Reuse,
            suffix: str) -> dict[str, bytes]:
    """Each event's line in the search index, made again only for the events whose first person
    was renamed or moved in the list of people (or that changed)."""
    firsts: dict[str | None, tuple[int, str | None, tuple | None]] = dict(zip(names, zip(count(), names.values(),
                                                                                         repeat(speaks))))
    firsts[None] = (-1, None, speaks)  # an event with no named people: its date is in the language's words too
    first_of = reuse.each(f"search.json: first people{suffix}", content.events, _first_person)
    return reuse.each(f"search.json: events{suffix}", content.events, lambda e: _event(e, firsts, language),
                      depends_on=dict(zip(first_of, map(firsts.get, first_of.values()))),  # (made at C speed)
                      context=firsts)


def _person(person: Person, language: Localised | None = None) -> bytes:
    keys = _keys(person.name)
    spellings = [person.name, *(alias for alias in person.aliases if _keys(alias) != keys),
                 *([person.native_name] if person.native_name else [])]
    if language and person.native_name and language.native:
        spellings.insert(0, spellings.pop())  # the name as the page shows it, first
    position = language.text(person, "position") if language else person.position
    return json.dumps([person.id, "|".join(spellings), position], ensure_ascii=False,
                      separators=(",", ":")).encode()


def _name(person: Person) -> str:
    return person.name


def _first_person(event: Event) -> str | None:
    return event.people[0] if event.people else None


def _keys(name: str) -> tuple[str, ...]:
    """The spelling keys the search matches a name by: an alias with the same ones is found anyway."""
    return tuple(skeleton(word) for word in words(name))


def _event(event: Event, firsts: Mapping[str | None, tuple[int, str | None, tuple | None]],
           language: Localised | None = None) -> bytes:
    """`firsts`: each person as an event's first (None: no one), their index among the people,
    their name, and what the language speaks, which every event's line depends on too."""
    index, name, _ = firsts[_first_person(event)]
    title = language.text(event, "title") if language else event.title
    if name is not None and name in title:
        title = title.replace(name, NAME, 1)
    place = (language.text(event, "destination") if language else event.destination) or ""
    shown = language.date(event.date) if language else event.date.display()
    row = [event.id, title, place, shown, index]
    return json.dumps(row, ensure_ascii=False, separators=(",", ":")).encode()
