"""Files the site's own scripts fetch, only when a reader needs them: where the home page's old
anchors went, and what the search box searches.

Both are compact JSON: ids and words, never addresses the script can make (urls.py's scheme is
written again in the scripts, in one line each: events/<id>/, people/<id>/).
"""

from __future__ import annotations

import json

from .. import urls
from ..content.model import Content, Event, Person
from ..reuse import FROM_NOTHING, Reuse
from ..schema import STATUSES
from .parts import Parts


def anchors_json(content: Content, reuse: Reuse = FROM_NOTHING) -> bytes:
    """Where each #anchor of the old one-page timeline is now: every event's id (its page is
    events/<id>/), and the headings and definitions that moved, by their old anchor."""
    places = content.indexes.timeline_pages
    moved = {urls.status_anchor(status): urls.status_url(status) for status in STATUSES}
    for event in content.events.values():
        year, month = event.date.year, event.date.month
        moved.setdefault(f"{urls.YEAR_ANCHOR}{year}", urls.timeline_url(year))
        if month:
            page = places[event.id]
            anchor = f"{urls.MONTH_ANCHOR}{year:04d}-{month:02d}"
            moved.setdefault(anchor, page.address if page.month else f"{page.address}#{anchor}")
    return json.dumps({"events": list(content.events), "moved": moved}, ensure_ascii=False,
                      separators=(",", ":")).encode()


def search_json(content: Content, reuse: Reuse = FROM_NOTHING) -> Parts:
    """What the search box searches, one record per line: people as [id, names (every spelling,
    joined by '|'), position], events as [id, title, place, date as shown]. The script folds case
    and accents and works out the spelling keys itself, as views.search_terms() does."""
    people = reuse.each("search.json: people", content.people, _person)
    events = reuse.each("search.json: events", content.events, _event)
    lines = [b'{"people":[', b",\n".join(people.values()), b'],\n"events":[', b",\n".join(events.values()), b"]}\n"]
    return Parts(lines)


def _person(person: Person) -> bytes:
    names = "|".join([person.name, *person.aliases, *([person.native_name] if person.native_name else [])])
    return json.dumps([person.id, names, person.position], ensure_ascii=False, separators=(",", ":")).encode()


def _event(event: Event) -> bytes:
    return json.dumps([event.id, event.title, event.destination or "", event.date.display()], ensure_ascii=False,
                      separators=(",", ":")).encode()
