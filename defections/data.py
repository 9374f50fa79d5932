"""The site's data for reuse: people and events as JSON, events as CSV.

Each quote carries the addresses of its sources and W3C Web Annotation TextQuoteSelectors
(exact, prefix, suffix), so it can be re-anchored in any copy of the article, archived ones too.
"""

from __future__ import annotations

import csv
import io
import json
from itertools import chain, repeat

from . import quotes
from .model import Citation, Content
from .write import Parts

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
        "article": article.id,
        "title": article.title,
        "publisher": article.publisher,
        "published": article.published.iso(),
        "source": _address(content, f"sources/{article.id}/#{citation.anchor}"),
        "original": original,
        "archived": archived,
        "selectors": [{"type": "TextQuoteSelector", "exact": paragraph[start:end],
                       "prefix": paragraph[max(0, start - CONTEXT):start], "suffix": paragraph[end:end + CONTEXT]}
                      for start, end in citation.spans],
    }


def _meta(content: Content) -> dict:
    return {"site": content.site.title, "address": content.site.base_url, "licence": content.site.licence,
            "licence_url": content.site.licence_url}


class Pieces:
    """The parts of an export (a record's JSON, an event's CSV rows), encoded, kept from build to
    build while the model objects they show are the same, so an edit re-encodes only what it
    changed. A part is found by the identity of its record (kept alive here, so the identity
    cannot be reused) and checked against what else it shows."""

    def __init__(self) -> None:
        self.kept: dict[int, tuple] = {}
        self.context = None  # what every part shows (the site's address): parts made for another are not kept

    def __setstate__(self, state: dict) -> None:
        """From a saved build (cache.py): parts are filed again under their records' identities now."""
        self.__dict__.update(state)
        self.kept = {id(entry[0]): entry for entry in state["kept"].values()}

    def assemble(self, records, shows, make, context) -> list[bytes]:
        """Each record's part, in order: kept while the record and what else it shows (`shows`, one
        per record) are the same, else made again by make(record)."""
        kept = self.kept if context == self.context else {}
        fresh: dict[int, tuple] = {}
        parts = []
        for record, seen in zip(records, shows):
            entry = kept.get(id(record))
            if entry is None or entry[0] is not record or entry[1] != seen:
                entry = (record, seen, make(record).encode())
            fresh[id(record)] = entry
            parts.append(entry[2])
        self.kept, self.context = fresh, context
        return parts


def people_json(content: Content, pieces: Pieces | None = None) -> Parts:
    pieces = pieces or Pieces()

    def record(p):
        return _line({
            "id": p.id, "name": p.name, "native_name": p.native_name, "aliases": list(p.aliases),
            "position": p.position, "branch": p.branch, "wikidata": p.wikidata, "summary": p.summary,
            "page": _address(content, f"people/{p.id}/"),
            "events": [e.id for e in content.events_by_person.get(p.id, [])],
            "sources": [quote_record(content, c) for c in p.sources],
        })

    # What else a person's record shows: their events (the index's own list, the same object while no
    # event changed) and the articles they quote.
    people, by_person, articles = content.people.values(), content.events_by_person, content.articles
    shows = [(by_person.get(p.id), tuple([articles[c.article_id] for c in p.sources])) for p in people]
    return _json_document(content, "people", pieces.assemble(people, shows, record, content.site.base_url))


def events_json(content: Content, pieces: Pieces | None = None) -> Parts:
    pieces = pieces or Pieces()

    def record(e):
        return _line({
            "id": e.id, "date": e.date.iso(), "title": e.title, "kind": e.kind, "status": e.status,
            "people": list(e.people), "destination": e.destination, "summary": e.summary,
            "page": _address(content, f"#{e.id}"),
            "sources": [quote_record(content, c) for c in e.sources],
        })

    events, articles = content.events.values(), content.articles
    shows = [tuple([articles[c.article_id] for c in e.sources]) for e in events]
    return _json_document(content, "events", pieces.assemble(events, shows, record, content.site.base_url))


def _line(record: dict) -> str:
    return json.dumps(record, ensure_ascii=False)


def _json_document(content: Content, name: str, lines: list[bytes]) -> Parts:
    """A JSON object with the site's details and a list with one record per line; as parts, not
    joined (write.Parts): the document can be tens of megabytes."""
    head = json.dumps(_meta(content), ensure_ascii=False)[:-1]
    parts = [f'{head}, "{name}": [\n'.encode()]
    if lines:
        parts.extend(chain.from_iterable(zip(lines, repeat(b",\n"))))
        parts.pop()  # no comma after the last record
    parts.append(b"\n]}\n")
    return Parts(parts)


def safe_cell(value) -> str:
    """A cell a spreadsheet shows as text: one that would start a formula gets a leading apostrophe."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_STARTS) else text


CSV_COLUMNS = ["event", "date", "title", "kind", "status", "person", "name", "position", "branch", "destination",
               "quotes", "sources", "originals", "archived"]


def events_csv(content: Content, pieces: Pieces | None = None) -> Parts:
    """One row per event and person; a cell with several quotes or addresses has one per line."""
    pieces = pieces or Pieces()

    def rows(event) -> str:
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\r\n")
        records = [quote_record(content, c) for c in event.sources]
        for person_id in event.people:
            person = content.people[person_id]
            row = [event.id, event.date.iso(), event.title, event.kind, event.status, person.id, person.name,
                   person.position, person.branch, event.destination,
                   "\n".join(r["quote"] for r in records), "\n".join(r["source"] for r in records),
                   "\n".join(r["original"] or "" for r in records), "\n".join(r["archived"] or "" for r in records)]
            writer.writerow([safe_cell(cell) for cell in row])
        return out.getvalue()

    header = io.StringIO()
    csv.writer(header, lineterminator="\r\n").writerow(CSV_COLUMNS)
    fields = {pid: csv_fields(person) for pid, person in content.people.items()}
    events, articles = content.events.values(), content.articles
    shows = [(tuple([fields[pid] for pid in e.people]), tuple([articles[c.article_id] for c in e.sources]))
             for e in events]
    return Parts([header.getvalue().encode(), *pieces.assemble(events, shows, rows, content.site.base_url)])


def csv_fields(person) -> tuple:
    """What the CSV shows of a person."""
    return (person.id, person.name, person.position, person.branch)
