"""What changed between two builds' content, found by identity: a record that did not change
gives the very same model object (validate.py memoises them), so this costs one pass of `is`."""

from __future__ import annotations

from dataclasses import dataclass, field

from .model import Content


@dataclass(frozen=True)
class Delta:
    people: frozenset[str]  # ids added, removed or changed
    events: frozenset[str]
    articles: frozenset[str]
    indexes_unchanged: bool  # the events and every citation are as before
    earlier: Content = field(compare=False, repr=False)  # the content before the change


def _changed(old: dict, new: dict) -> frozenset[str]:
    return frozenset(key for key in old.keys() | new.keys() if old.get(key) is not new.get(key))


def delta(old: Content | None, new: Content) -> Delta | None:
    """The differences, or None when only a full render will do (settings or pages changed)."""
    if old is None or old.site != new.site or old.pages != new.pages:
        return None
    people = _changed(old.people, new.people)
    events = _changed(old.events, new.events)
    articles = _changed(old.articles, new.articles)
    same_citations = all(pid in old.people and pid in new.people
                         and old.people[pid].sources == new.people[pid].sources for pid in people)
    return Delta(people, events, articles, indexes_unchanged=not events and same_citations, earlier=old)
