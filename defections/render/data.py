"""The site's data for reuse: people and events as JSON, events as CSV.

Each quote carries the addresses of its sources and W3C Web Annotation TextQuoteSelectors
(exact, prefix, suffix), so it can be re-anchored in any copy of the article, archived ones too.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator
from itertools import chain

from ..content import quotes
from ..content.dates import EventDate
from ..content.model import Citation, Content, Event, Person, Unnamed
from ..reuse import FROM_NOTHING, Reuse
from ..urls import event_url, person_url, quote_url
from .parts import Stream

CONTEXT = 32  # characters of prefix and suffix: enough to tell repeated words apart
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _address(content: Content, target: str) -> str:
    return (content.site.base_url or "") + target


def quote_record(content: Content, citation: Citation) -> dict:
    article = content.articles[citation.article_id]
    paragraph = article.paragraphs[citation.paragraph]
    original, archived = quotes.at_the_words(paragraph, citation.spans, article.url, article.archive_url)
    return {
        "quote": citation.quote,
        "stance": citation.stance,
        "said_by": citation.said_by,
        **_dated(citation.date),
        "article": article.id,
        "title": article.title,
        "publisher": article.publisher,
        "published": article.published.iso(),
        "source": _address(content, quote_url(article.id, citation.anchor)),
        "original": original,
        "archived": archived,
        "selectors": [{"type": "TextQuoteSelector", "exact": paragraph[start:end],
                       "prefix": paragraph[max(0, start - CONTEXT):start], "suffix": paragraph[end:end + CONTEXT]}
                      for start, end in citation.spans],
    }


def _dated(date: EventDate | None) -> dict:
    """A date as the data files give it: as written (ISO 8601-2, EDTF), and the earliest and latest
    days it allows (null when the date is open at that end, or not given)."""
    return {"date": date.iso() if date else None,
            "date_earliest": date.earliest.isoformat() if date and date.earliest else None,
            "date_latest": date.latest.isoformat() if date and date.latest else None}


def _unnamed(unnamed: Unnamed | None) -> dict | None:
    return {"count": unnamed.count, "who": unnamed.who, "branch": unnamed.branch} if unnamed else None


def _meta(content: Content) -> dict:
    return {"site": content.site.title, "address": content.site.base_url, "licence": content.site.licence,
            "licence_url": content.site.licence_url}


def _articles_quoted(content: Content, citations: tuple[Citation, ...]) -> tuple:
    return tuple([content.articles[c.article_id] for c in citations])


def people_json(content: Content, reuse: Reuse = FROM_NOTHING) -> Stream:
    """Every person, with their events and the quotes about them, one record per line."""
    events_by_person = content.indexes.events_by_person

    def record(p: Person) -> bytes:
        return _line({
            "id": p.id, "name": p.name, "native_name": p.native_name, "aliases": list(p.aliases),
            "position": p.position, "branch": p.branch, "wikidata": p.wikidata, "summary": p.summary,
            "page": _address(content, person_url(p.id)),
            "events": list(events_by_person.get(p.id, ())),
            "sources": [quote_record(content, c) for c in p.sources],
        })

    base = content.site.base_url
    lines = reuse.in_turn("people.json: records", content.people, record,
                          depends_on=lambda p: (base, events_by_person.get(p.id), _articles_quoted(content, p.sources)),
                          context=(base, events_by_person, content.articles))
    return _json_document(content, "people", lines)


def events_json(content: Content, reuse: Reuse = FROM_NOTHING) -> Stream:
    """Every event, with its people and quotes, one record per line."""

    def record(e: Event) -> bytes:
        return _line({
            "id": e.id, **_dated(e.date), "title": e.title, "kind": e.kind, "status": e.status,
            "people": list(e.people), "unnamed": _unnamed(e.unnamed), "destination": e.destination,
            "summary": e.summary,
            "page": _address(content, event_url(e.id)),
            "sources": [quote_record(content, c) for c in e.sources],
        })

    base = content.site.base_url
    lines = reuse.in_turn("events.json: records", content.events, record,
                          depends_on=lambda e: (base, _articles_quoted(content, e.sources)),
                          context=(base, content.articles))
    return _json_document(content, "events", lines)


def _line(record: dict) -> bytes:
    return json.dumps(record, ensure_ascii=False).encode()


def _json_document(content: Content, name: str, lines: Iterable[bytes]) -> Stream:
    """A JSON object with the site's details and a list with one record per line; made as it is
    written (parts.py): the document can be hundreds of megabytes."""
    head = json.dumps(_meta(content), ensure_ascii=False)[:-1]
    return Stream(chain([f'{head}, "{name}": [\n'.encode()], _separated(lines, b",\n"), [b"\n]}\n"]))


def _separated(parts: Iterable[bytes], separator: bytes) -> Iterator[bytes]:
    """The parts with the separator between each two (none after the last)."""
    for index, part in enumerate(parts):
        if index:
            yield separator
        yield part


def safe_cell(value) -> str:
    """A cell a spreadsheet shows as text: one that would start a formula gets a leading apostrophe."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_STARTS) else text


CSV_COLUMNS = ["event", "date", "title", "kind", "status", "person", "name", "position", "branch", "destination",
               "quotes", "sources", "originals", "archived", "date_earliest", "date_latest", "stances", "said_by",
               "source_dates", "count", "page"]


def events_csv(content: Content, reuse: Reuse = FROM_NOTHING) -> Stream:
    """One row per event and person, and one for a group of people not named (its `count` says how
    many; a named person's row counts 1); a cell with several quotes or addresses has one per line,
    in the order of the quotes. Each event's quotes are worked out again for it (as events.json
    does): kept for both files, every quote of the site would be held at once. A named person's
    row is the event's cells before the person's, the person's, and the event's after them, each
    made once: an edit to a person makes their cells again, not the rows of every event."""
    header = io.StringIO()
    csv.writer(header, lineterminator="\r\n").writerow(CSV_COLUMNS)
    base = content.site.base_url
    people = reuse.each("events.csv: people", content.people, _person_cells)
    events = reuse.in_turn("events.csv: events", content.events, lambda e: _event_cells(content, e),
                           depends_on=lambda e: (base, _articles_quoted(content, e.sources)),
                           context=(base, content.articles))

    def rows() -> Iterator[bytes]:
        for event, (before, after, unnamed) in zip(content.events.values(), events):
            for person_id in event.people:
                yield before
                yield people[person_id]
                yield after
            if unnamed:
                yield unnamed

    return Stream(chain([header.getvalue().encode()], rows()))


def _cells(cells: list) -> bytes:
    """Cells as CSV, without a line break (a spreadsheet reads none of them as a formula): the
    cells of one row written in pieces are the row written whole, since each cell is quoted or
    not on its own (a piece of one empty cell would be quoted: no piece is one cell). Written as
    a row, then its line break taken off: the writer quotes a cell holding a line break only
    when its rows end with one."""
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerow([safe_cell(cell) for cell in cells])
    return out.getvalue()[:-2].encode()


def _person_cells(person: Person) -> bytes:
    """What the CSV shows of a named person: their id, name, position and branch."""
    return _cells([person.id, person.name, person.position, person.branch])


def _event_cells(content: Content, event: Event) -> tuple[bytes, bytes, bytes]:
    """An event's cells before a named person's and after them (with its line break), and the
    whole row of its people not named (empty when there are none)."""
    records = [quote_record(content, c) for c in event.sources]
    quoted = ["\n".join(r[key] or "" for r in records) for key in ("quote", "source", "original", "archived")]
    dated = _dated(event.date)
    about = ["\n".join(r[key] or "" for r in records) for key in ("stance", "said_by", "date")]
    first = [event.id, event.date.iso(), event.title, event.kind, event.status]

    def last(count: int) -> list:
        return [event.destination, *quoted, dated["date_earliest"], dated["date_latest"], *about, count,
                _address(content, event_url(event.id))]

    unnamed = b""
    if event.unnamed:
        who = ["", f"{event.unnamed.who} (not named)", "", event.unnamed.branch]
        unnamed = _cells(first + who + last(event.unnamed.count)) + b"\r\n"
    return _cells(first) + b",", b"," + _cells(last(1)) + b"\r\n", unnamed
