"""What a published site has besides its pages: a sitemap, an Atom feed, robots.txt.

All addresses here are absolute, under `base_url`; without one there is no feed or sitemap (the
validator warns), since neither format allows relative addresses.
"""

from __future__ import annotations

from xml.sax.saxutils import escape, quoteattr

from ..catalogs import N_
from ..content.dates import EventDate, PartialDate
from ..content.evidence import leading
from ..content.model import Content, Event
from ..reuse import FROM_NOTHING, Reuse
from ..urls import (
    FEED,
    HOME,
    SITEMAP,
    absolute,
    event_url,
    in_language,
    initials_split_by,
    page_addresses,
    sources_years,
    timeline_page_places,
)
from .localised import Localised, quote_translation
from .views import KINDS_SHOWN, STANCE_WORDS, STATUSES_SHOWN, initials_of, speaker

ATOM = "http://www.w3.org/2005/Atom"


def _base_url(content: Content) -> str:
    base = content.site.base_url
    if not base:
        raise ValueError("a feed or sitemap needs the site's base_url")  # the plan makes none without it
    return base


def sitemap(content: Content, reuse: Reuse = FROM_NOTHING) -> bytes:
    """Every page, in every language: with more than one, each address lists the same page in
    every language (hreflang, reciprocal, and x-default for the first), as search engines ask.
    Made again only when a page comes, goes or moves: most edits change no address."""
    base = _base_url(content)
    places = content.indexes.timeline_pages
    timeline = reuse.whole("sitemap: timeline", (places,),
                           lambda: [place.address for place in timeline_page_places(places.values())])
    initial_of = initials_of(content.people, reuse)
    initials = reuse.whole("sitemap: initials", (initial_of,), lambda: initials_split_by(initial_of.values()))
    years = sources_years(article.published.year for article in content.articles.values())
    languages, first = content.site.languages or (content.site.language,), content.site.language
    addresses = (list(content.people), list(content.articles), list(content.pages), list(content.events), timeline,
                 initials, years)
    return reuse.whole("sitemap", (base, languages, first, *addresses),
                       lambda: _sitemap(base, languages, first, page_addresses(*addresses)))


def _sitemap(base: str, languages: tuple[str, ...], first: str, addresses: list[str]) -> bytes:
    if len(languages) == 1:
        urls = "".join(f"  <url><loc>{escape(absolute(base, address))}</loc></url>\n" for address in addresses)
        return ('<?xml version="1.0" encoding="UTF-8"?>\n'
                '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n' + urls + "</urlset>\n").encode()
    out = []
    for address in addresses:
        alternates = [(tag, absolute(base, in_language(address, tag, first))) for tag in languages]
        links = "".join(f'    <xhtml:link rel="alternate" hreflang={quoteattr(tag)} href={quoteattr(href)}/>\n'
                        for tag, href in [*alternates, ("x-default", alternates[0][1])])
        out += [f"  <url><loc>{escape(href)}</loc>\n{links}  </url>\n" for _, href in alternates]
    return ('<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
            'xmlns:xhtml="http://www.w3.org/1999/xhtml">\n' + "".join(out) + "</urlset>\n").encode()


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


def _summary(content: Content, event: Event, language: Localised | None = None) -> str:
    """The event in a sentence, with the quotes that carry its status: a denial for a denied event."""
    if language is not None:
        return _summary_in(content, event, language)
    named = [content.people[pid].name for pid in event.people]
    unnamed = [f"{event.unnamed.count} {event.unnamed.who} (not named)"] if event.unnamed else []
    quoted = []
    for citation in leading(event.status, event.sources):
        article = content.articles[citation.article_id]
        said = f"({speaker(citation, article)}, {article.published.display()})"
        translation = quote_translation(citation, article, content.site.language)
        shown = f"“{citation.quote}”" + (f" (translation: “{translation}”)" if translation else "")
        quoted.append(f"{STANCE_WORDS[citation.stance]}: {shown} {said}")
    return f"{event.date.display()}: {event.kind}, {event.status}. {', '.join(named + unnamed)}. " + " ".join(quoted)


def _summary_in(content: Content, event: Event, language: Localised) -> str:
    """_summary() in another of the site's languages: its words, dates and translated texts (the
    quotes as they were said, with their translation where the citation gives one)."""
    _ = language.gettext
    named = [language.text(content.people[pid], "name") for pid in event.people]
    if event.unnamed:
        who = event.unnamed.translations.get(language.tag, {}).get("who") or event.unnamed.who
        named.append(_(N_("%(count)s %(who)s (not named)")) % {"count": language.number(event.unnamed.count),
                                                               "who": who})
    quoted = []
    for citation in leading(event.status, event.sources):
        article = content.articles[citation.article_id]
        who = speaker(citation, article)
        said_by = (_(N_("%(speaker)s, via %(publisher)s")) % {"speaker": who.said_by, "publisher": who.publisher}
                   if who.said_by else who.publisher)
        translation = quote_translation(citation, article, language.tag)
        marked = _(N_("translation"))
        shown = f"“{citation.quote}”" + (f" ({marked}: “{translation}”)" if translation else "")
        published = language.date(article.published)
        quoted.append(f"{_(STANCE_WORDS[citation.stance])}: {shown} ({said_by}{language.comma}{published})")
    words = language.pgettext
    facts = f"{words('kind', KINDS_SHOWN[event.kind])}{language.comma}{words('status', STATUSES_SHOWN[event.status])}"
    return f"{language.date(event.date)}: {facts}. {language.comma.join(named)}. " + " ".join(quoted)


FEED_ENTRIES = 100  # what a feed reader needs to catch up; every event is in data/events.json


def feed_events(content: Content) -> list[Event]:
    """The newest events, newest first (the content keeps events in timeline order, oldest first)."""
    return list(content.events.values())[-FEED_ENTRIES:][::-1]


def atom(content: Content, tag: str | None = None) -> bytes:
    """One entry for each of the newest events, newest first; ids and dates come from the content,
    never the clock. In another of the site's languages (`tag`: its feed is <tag>/feed.xml), the
    entries link to the pages in it and say what they say in its words."""
    site, base = content.site, _base_url(content)
    speaking = Localised(tag or site.language, site)
    language = None if speaking.as_recorded else speaking  # None: the records' words as they are
    prefix = speaking.prefix
    events = feed_events(content)
    updated = _timestamp(events[0].date) if events else "1970-01-01T00:00:00Z"
    title, description = speaking.text(site, "title"), speaking.text(site, "description")
    home = absolute(base, prefix + HOME)
    out = ['<?xml version="1.0" encoding="utf-8"?>',
           f'<feed xmlns="{ATOM}" xml:lang={quoteattr(speaking.tag)}>',
           f"  <title>{escape(title)}</title>"]
    if description:
        out.append(f"  <subtitle>{escape(description)}</subtitle>")
    out += [f"  <id>{escape(base if speaking.default else home)}</id>",  # each language's feed is a feed of its own
            f"  <link rel=\"self\" type=\"application/atom+xml\" href={quoteattr(absolute(base, prefix + FEED))}/>",
            f"  <link rel=\"alternate\" type=\"text/html\" href={quoteattr(home)}/>",
            f"  <updated>{updated}</updated>",
            f"  <author><name>{escape(title)}</name><uri>{escape(home)}</uri></author>"]
    if site.licence:
        out.append(f"  <rights>{escape(site.licence)}</rights>")
    for event in events:
        address = absolute(base, prefix + event_url(event.id))
        title = language.text(event, "title") if language else event.title
        label = language.pgettext("kind", KINDS_SHOWN[event.kind]) if language else event.kind.capitalize()
        out += ["  <entry>",
                f"    <title>{escape(title)}</title>",
                f"    <id>{escape(address)}</id>",
                f"    <link rel=\"alternate\" type=\"text/html\" href={quoteattr(address)}/>",
                f"    <published>{_timestamp(event.date)}</published>",
                f"    <updated>{_timestamp(event.date)}</updated>",
                f"    <category term={quoteattr(event.kind)} label={quoteattr(label)}/>",
                f"    <summary type=\"text\">{escape(_summary(content, event, language))}</summary>",
                "  </entry>"]
    out.append("</feed>")
    return ("\n".join(out) + "\n").encode()
