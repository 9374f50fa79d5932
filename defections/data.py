"""The site's data for reuse: people and events as JSON, events as CSV.

Each quote carries the addresses of its sources and W3C Web Annotation TextQuoteSelectors
(exact, prefix, suffix), so it can be re-anchored in any copy of the article, archived ones too.
"""

from __future__ import annotations

import csv
import io
import json

from . import quotes
from .model import Citation, Content

CONTEXT = 32  # characters of prefix and suffix: enough to tell repeated words apart
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _address(content: Content, target: str) -> str:
    return (content.site.base_url or "") + target


def quote_record(content: Content, citation: Citation) -> dict:
    article = content.articles[citation.article_id]
    paragraph = article.paragraphs[citation.paragraph]
    fragment = quotes.text_fragment(paragraph, quotes.Match(citation.paragraph, citation.spans))
    return {
        "quote": citation.quote,
        "article": article.id,
        "title": article.title,
        "publisher": article.publisher,
        "published": article.published.iso(),
        "source": _address(content, f"sources/{article.id}/#{citation.anchor}"),
        "original": quotes.with_fragment(article.url, fragment) if article.url else None,
        "archived": quotes.with_fragment(article.archive_url, fragment) if article.archive_url else None,
        "selectors": [{"type": "TextQuoteSelector", "exact": paragraph[start:end],
                       "prefix": paragraph[max(0, start - CONTEXT):start], "suffix": paragraph[end:end + CONTEXT]}
                      for start, end in citation.spans],
    }


def _meta(content: Content) -> dict:
    return {"site": content.site.title, "address": content.site.base_url, "licence": content.site.licence,
            "licence_url": content.site.licence_url}


def people_json(content: Content) -> bytes:
    people = [{
        "id": p.id, "name": p.name, "native_name": p.native_name, "aliases": list(p.aliases),
        "position": p.position, "branch": p.branch, "wikidata": p.wikidata, "summary": p.summary,
        "page": _address(content, f"people/{p.id}/"),
        "events": [e.id for e in content.events_by_person.get(p.id, [])],
        "sources": [quote_record(content, c) for c in p.sources],
    } for p in content.people.values()]
    return _json({**_meta(content), "people": people})


def events_json(content: Content) -> bytes:
    events = [{
        "id": e.id, "date": e.date.iso(), "title": e.title, "kind": e.kind, "status": e.status,
        "people": list(e.people), "destination": e.destination, "summary": e.summary,
        "page": _address(content, f"#{e.id}"),
        "sources": [quote_record(content, c) for c in e.sources],
    } for e in content.events.values()]
    return _json({**_meta(content), "events": events})


def _json(data: dict) -> bytes:
    return (json.dumps(data, ensure_ascii=False, indent=1) + "\n").encode()


def safe_cell(value) -> str:
    """A cell a spreadsheet shows as text: one that would start a formula gets a leading apostrophe."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_STARTS) else text


CSV_COLUMNS = ["event", "date", "title", "kind", "status", "person", "name", "position", "branch", "destination",
               "quotes", "sources", "originals", "archived"]


def events_csv(content: Content) -> bytes:
    """One row per event and person; a cell with several quotes or addresses has one per line."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for event in content.events.values():
        records = [quote_record(content, c) for c in event.sources]
        for person_id in event.people:
            person = content.people[person_id]
            row = [event.id, event.date.iso(), event.title, event.kind, event.status, person.id, person.name,
                   person.position, person.branch, event.destination,
                   "\n".join(r["quote"] for r in records), "\n".join(r["source"] for r in records),
                   "\n".join(r["original"] or "" for r in records), "\n".join(r["archived"] or "" for r in records)]
            writer.writerow([safe_cell(cell) for cell in row])
    return out.getvalue().encode("utf-8")
