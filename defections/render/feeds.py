"""What a published site has besides its pages: a sitemap, an Atom feed, robots.txt.

All addresses here are absolute, under `base_url`; without one there is no feed or sitemap (the
validator warns), since neither format allows relative addresses.
"""

from __future__ import annotations

from xml.sax.saxutils import escape, quoteattr

from ..content.dates import EventDate, PartialDate
from ..content.evidence import leading
from ..content.model import Content, Event
from ..urls import (
    FEED,
    HOME,
    SITEMAP,
    absolute,
    event_url,
    page_addresses,
    people_initials,
    sources_years,
    timeline_page_places,
)
from .views import STANCE_WORDS, speaker

ATOM = "http://www.w3.org/2005/Atom"


def _base_url(content: Content) -> str:
    base = content.site.base_url
    if not base:
        raise ValueError("a feed or sitemap needs the site's base_url")  # the plan makes none without it
    return base


def sitemap(content: Content) -> bytes:
    base = _base_url(content)
    timeline = [place.address for place in timeline_page_places(content.indexes.timeline_pages.values())]
    initials = people_initials(person.name for person in content.people.values())
    years = sources_years(article.published.year for article in content.articles.values())
    urls = "".join(f"  <url><loc>{escape(absolute(base, address))}</loc></url>\n"
                   for address in page_addresses(content.people, content.articles, content.pages, content.events,
                                                 timeline, initials, years))
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n' + urls + "</urlset>\n").encode()


def robots(content: Content) -> bytes:
    lines = ["User-agent: *", "Allow: /"]
    if content.site.base_url:
        lines.append(f"Sitemap: {absolute(content.site.base_url, SITEMAP)}")
    return ("\n".join(lines) + "\n").encode()


def _timestamp(date: PartialDate | EventDate) -> str:
    """An RFC 3339 time for a date known to a day, month or year: the start of its period (of the
    period the timeline places it in, for an approximate date or an interval)."""
    placed = date.placed if isinstance(date, EventDate) else date
    return f"{placed.year:04d}-{placed.month or 1:02d}-{placed.day or 1:02d}T00:00:00Z"


def _summary(content: Content, event: Event) -> str:
    """The event in a sentence, with the quotes that carry its status: a denial for a denied event."""
    named = [content.people[pid].name for pid in event.people]
    unnamed = [f"{event.unnamed.count} {event.unnamed.who} (not named)"] if event.unnamed else []
    quoted = []
    for citation in leading(event.status, event.sources):
        article = content.articles[citation.article_id]
        said = f"({speaker(citation, article)}, {article.published.display()})"
        quoted.append(f"{STANCE_WORDS[citation.stance]}: “{citation.quote}” {said}")
    return f"{event.date.display()}: {event.kind}, {event.status}. {', '.join(named + unnamed)}. " + " ".join(quoted)


FEED_ENTRIES = 100  # what a feed reader needs to catch up; every event is in data/events.json


def feed_events(content: Content) -> list[Event]:
    """The newest events, newest first (the content keeps events in timeline order, oldest first)."""
    return list(content.events.values())[-FEED_ENTRIES:][::-1]


def atom(content: Content) -> bytes:
    """One entry for each of the newest events, newest first; ids and dates come from the content,
    never the clock."""
    site, base = content.site, _base_url(content)
    events = feed_events(content)
    updated = _timestamp(events[0].date) if events else "1970-01-01T00:00:00Z"
    out = ['<?xml version="1.0" encoding="utf-8"?>',
           f'<feed xmlns="{ATOM}" xml:lang={quoteattr(site.language)}>',
           f"  <title>{escape(site.title)}</title>"]
    if site.description:
        out.append(f"  <subtitle>{escape(site.description)}</subtitle>")
    out += [f"  <id>{escape(base)}</id>",
            f"  <link rel=\"self\" type=\"application/atom+xml\" href={quoteattr(absolute(base, FEED))}/>",
            f"  <link rel=\"alternate\" type=\"text/html\" href={quoteattr(absolute(base, HOME))}/>",
            f"  <updated>{updated}</updated>",
            f"  <author><name>{escape(site.title)}</name><uri>{escape(base)}</uri></author>"]
    if site.licence:
        out.append(f"  <rights>{escape(site.licence)}</rights>")
    for event in events:
        address = absolute(base, event_url(event.id))
        out += ["  <entry>",
                f"    <title>{escape(event.title)}</title>",
                f"    <id>{escape(address)}</id>",
                f"    <link rel=\"alternate\" type=\"text/html\" href={quoteattr(address)}/>",
                f"    <published>{_timestamp(event.date)}</published>",
                f"    <updated>{_timestamp(event.date)}</updated>",
                f"    <category term={quoteattr(event.kind)} label={quoteattr(event.kind.capitalize())}/>",
                f"    <summary type=\"text\">{escape(_summary(content, event))}</summary>",
                "  </entry>"]
    out.append("</feed>")
    return ("\n".join(out) + "\n").encode()
