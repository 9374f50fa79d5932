"""What changed between two builds' content, as the reads it changes (reads.py): a page that read
none of them shows what it showed.

Records are compared by identity first (an unchanged record is the very same object, reuse.py),
then field by field for the few that changed. The indexes are compared only where a changed
record could have moved them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from itertools import compress
from operator import is_not
from typing import Any

from ..content.model import FIELDS, Content
from ..reads import ANY, EVERYTHING, MEMBERS, PEOPLE_BY_INITIAL, Read
from ..urls import person_initial


def changed_ids(old: Mapping[str, Any], new: Mapping[str, Any]) -> list[str]:
    """The keys added, removed, or holding another object than before (pairwise, at C speed, when
    the keys are in the same order, as they mostly are)."""
    if old is new:
        return []
    if len(old) == len(new) and list(old) == list(new):
        return list(compress(new, map(is_not, old.values(), new.values())))
    return sorted(key for key in old.keys() | new.keys() if old.get(key) is not new.get(key))


def changes(old: Content, new: Content) -> set[Read]:
    """Every read whose answer differs between the two contents."""
    found: set[Read] = set()
    changed: dict[str, list[str]] = {}
    for kind, before, after in (("person", old.people, new.people), ("event", old.events, new.events),
                                ("article", old.articles, new.articles), ("page", old.pages, new.pages)):
        changed[kind] = ids = changed_ids(before, after)
        for record_id in ids:
            found |= record_changes(kind, record_id, before.get(record_id), after.get(record_id))
        if ids and list(before) != list(after):
            found.add(Read(kind, None, MEMBERS))  # (order too: the events are in timeline order)
    found |= _people_index_changes(old.people, new.people, changed["person"])
    if old.site != new.site:
        found |= record_changes("site", None, old.site, new.site)
    found |= _history_changes(old.history, new.history)
    if old.indexes is not new.indexes:
        found |= _index_changes(old, new, changed)
    if found:
        found.add(EVERYTHING)
    return found


def record_changes(kind: str, record_id: str | None, before: Any, after: Any) -> set[Read]:
    """The reads of one record that differ: each changed field, of this record and of 'every
    record of the kind'; a record added or removed changes them all, and which records there are."""
    if before is None or after is None:
        names: Iterable[str] = FIELDS[kind]
        found = {Read(kind, None, MEMBERS)}
    else:
        names = [name for name in FIELDS[kind] if getattr(before, name) != getattr(after, name)]
        found = set()
    for name in names:
        found.add(Read(kind, record_id, name))
        found.add(Read(kind, None, name))
    if found:
        found.add(Read(kind, record_id, ANY))
        found.add(Read(kind, None, ANY))
    return found


def _people_index_changes(old: Mapping[str, Any], new: Mapping[str, Any], ids: list[str]) -> set[Read]:
    """The lists of the people index by initial (views.people_index) that the changed people
    move: a list is in the order of names, so only a person added, removed or renamed moves in
    it, and the initials, with how many each lists, change only when one comes, goes or changes
    initial."""
    found = set()
    for person_id in ids:
        before, after = old.get(person_id), new.get(person_id)
        if before is not None and after is not None and before.name == after.name:
            continue
        initials = {person_initial(person.name) for person in (before, after) if person is not None}
        found |= {Read(PEOPLE_BY_INITIAL, initial, MEMBERS) for initial in initials}
        if before is None or after is None or len(initials) > 1:
            found.add(Read(PEOPLE_BY_INITIAL, None, MEMBERS))
    return found


def _history_changes(old: Mapping[str, Any], new: Mapping[str, Any]) -> set[Read]:
    if old is new or old == new:
        return set()
    return {Read("history", path, "date") for path, _ in old.items() ^ new.items()}


def _index_changes(old: Content, new: Content, changed: dict[str, list[str]]) -> set[Read]:
    """The index entries that differ. Only a changed person or event can move an entry: the
    events of its people, and the quotes it cites."""
    people: set[str] = set()
    articles: set[str] = set()
    for version in (old, new):
        for event_id in changed["event"]:
            event = version.events.get(event_id)
            if event is not None:
                people.update(event.people)
                articles.update(c.article_id for c in event.sources)
        for person_id in changed["person"]:
            person = version.people.get(person_id)
            if person is not None:
                articles.update(c.article_id for c in person.sources)
    found = set()
    before, after = old.indexes, new.indexes
    if before.timeline_pages != after.timeline_pages:  # one date can move many events between pages
        found |= {Read("timeline page of", event_id, MEMBERS)
                  for event_id in before.timeline_pages.keys() | after.timeline_pages.keys()
                  if before.timeline_pages.get(event_id) != after.timeline_pages.get(event_id)}
        found.add(Read("timeline page of", None, MEMBERS))
    for person_id in people:
        if before.events_by_person.get(person_id) != after.events_by_person.get(person_id):
            found.add(Read("events of", person_id, MEMBERS))
    for article_id in articles:
        quotes_before = before.citations_by_article.get(article_id, ())
        quotes_after = after.citations_by_article.get(article_id, ())
        if quotes_before != quotes_after:
            found.add(Read("quotes of", article_id, MEMBERS))
        anchors = {c.anchor for c in (*quotes_before, *quotes_after)}
        if any(before.citers.get((article_id, a)) != after.citers.get((article_id, a)) for a in anchors):
            found.add(Read("citers", article_id, MEMBERS))
    return found
