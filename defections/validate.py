"""From loaded files to the content model: every field checked, every id resolved, every quote found.

Every problem is collected; the model is returned only when there is no error.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .diagnostics import Diagnostic, WARNING, did_you_mean, errors_in
from .duplicates import name_key, repeated_events, similar_people
from .fields import Record, SourceRef, read_record
from .load import Document, Project
from .model import Article, Citation, Content, Event, Page, Person, Site
from . import quotes


@dataclass
class Memo:
    """Work a rebuild need not redo, keyed by the content it was done on."""

    records: dict = field(default_factory=dict)  # (path, digest) -> (Record | None, problems)
    paragraphs: dict = field(default_factory=dict)  # seed digest -> paragraphs
    matches: dict = field(default_factory=dict)  # (seed digest, quote) -> Match | None
    name_keys: dict = field(default_factory=dict)  # name -> spelling-insensitive key

    def name_key(self, name: str) -> str:
        key = self.name_keys.get(name)
        if key is None:
            key = self.name_keys[name] = name_key(name)
        return key


def validate(project: Project, memo: Memo | None = None) -> tuple[Content | None, list[Diagnostic]]:
    memo = memo if memo is not None else Memo()
    problems: list[Diagnostic] = []

    def records(documents: dict[str, Document]) -> dict[str, Record]:
        found = {}
        for record_id, document in documents.items():
            if document.node is None:
                continue
            key = (document.path, document.digest)
            if key not in memo.records:
                record_problems: list[Diagnostic] = []
                record = read_record(document.kind, record_id, document.path, document.node, record_problems)
                memo.records[key] = (record, record_problems)
            record, record_problems = memo.records[key]
            problems.extend(record_problems)
            if record is not None:
                found[record_id] = record
        return found

    site = records({"site": project.site}) if project.site else {}
    articles = records(project.articles)
    people = records(project.people)
    events = records(project.events)
    pages = records(project.pages)

    problems += similar_people(people, memo.name_key) + repeated_events(events)
    paragraphs = _pair_seeds(project, memo, problems)
    cite = _Citer(project, paragraphs, memo, problems)
    person_models = {pid: _person(r, cite) for pid, r in people.items()}
    event_models = {eid: _event(r, cite, project, problems) for eid, r in events.items()}
    for article_id, document in project.articles.items():
        if article_id in paragraphs and article_id not in cite.cited:
            problems.append(Diagnostic(document.path, 1, 1, "no person or event cites this article yet; "
                                                            "its page will show only its headline", WARNING))

    if errors_in(problems) or "site" not in site:
        return None, sorted(problems)
    content = Content(
        site=_site(site["site"]),
        articles={aid: _article(r, paragraphs[aid]) for aid, r in sorted(articles.items())},
        people=dict(sorted(person_models.items())),
        events=event_models,
        pages={pid: Page(pid, r["title"], project.pages[pid].body) for pid, r in sorted(pages.items())},
    )
    return content, sorted(problems)


def _pair_seeds(project: Project, memo: Memo, problems: list[Diagnostic]) -> dict[str, tuple[str, ...]]:
    """Each article record needs its text in seeds/, and each text its record."""
    for article_id, document in project.articles.items():
        if article_id not in project.seed_paths:
            problems.append(Diagnostic(document.path, 1, 1,
                                       f"there is no text for this article: add it, exactly as published, "
                                       f"as seeds/{article_id}.txt"))
    for article_id, path in project.seed_paths.items():
        if article_id not in project.articles:
            problems.append(Diagnostic(path, 1, 1,
                                       f"no record describes this article: create content/articles/{article_id}.yaml "
                                       "with its title, publisher and published date"))
    found = {}
    for article_id, seed in project.seeds.items():
        if article_id in project.articles:
            if seed.digest not in memo.paragraphs:
                memo.paragraphs[seed.digest] = tuple(quotes.paragraphs(seed.text))
            found[article_id] = memo.paragraphs[seed.digest]
    return found


class _Citer:
    """Resolves {article, quote} pairs to citations, reporting the ones that cannot be found."""

    def __init__(self, project: Project, paragraphs: dict[str, tuple[str, ...]], memo: Memo,
                 problems: list[Diagnostic]):
        self.project = project
        self.paragraphs = paragraphs
        self.memo = memo
        self.problems = problems
        self.cited: set[str] = set()

    def __call__(self, refs: list[SourceRef] | None) -> tuple[Citation, ...]:
        citations = []
        for ref in refs or ():
            citation = self._resolve(ref)
            if citation is not None:
                citations.append(citation)
        return tuple(citations)

    def _resolve(self, ref: SourceRef) -> Citation | None:
        if ref.article not in self.project.articles:
            self.problems.append(Diagnostic(
                ref.path, ref.article_line, ref.article_column,
                f"there is no article '{ref.article}'{did_you_mean(ref.article, self.project.articles)}; "
                "an article is a file in content/articles/ (without .yaml)"))
            return None
        self.cited.add(ref.article)
        paras = self.paragraphs.get(ref.article)
        if paras is None:
            return None  # its seed is missing or unreadable, reported already
        seed = f"seeds/{ref.article}.txt"
        if not quotes.segments(ref.quote):
            self.problems.append(Diagnostic(ref.path, ref.quote_line, ref.quote_column,
                                            "the quote has no words; copy the words from the article"))
            return None
        key = (self.project.seeds[ref.article].digest, ref.quote)
        if key not in self.memo.matches:
            self.memo.matches[key] = quotes.find(ref.quote, list(paras))
        match = self.memo.matches[key]
        if match is None:
            closest = quotes.closest_passage(ref.quote, list(paras))
            hint = (f"; closest passage: \"{closest[0]}\" ({closest[1]})" if closest
                    else "; copy the words exactly from one paragraph, using … for words left out")
            self.problems.append(Diagnostic(ref.path, ref.quote_line, ref.quote_column,
                                            f"quote not found in {seed}{hint}"))
            return None
        return Citation(ref.article, quotes.collapse(ref.quote), quotes.quote_id(ref.quote),
                        match.paragraph, match.spans)


def _site(record: Record) -> Site:
    base_url = record["base_url"]
    if base_url and not base_url.endswith("/"):
        base_url += "/"
    return Site(record["title"], record["description"], base_url, record["language"], record["native_language"])


def _article(record: Record, paragraphs: tuple[str, ...]) -> Article:
    return Article(record.id, record["title"], record["publisher"], record["published"], record["url"],
                   record["archive_url"], record["author"], record["full_text"], paragraphs)


def _person(record: Record, cite: _Citer) -> Person:
    return Person(record.id, record["name"], record["position"], record["branch"], record["native_name"],
                  tuple(record["aliases"] or ()), record["wikidata"], record["summary"], cite(record["sources"]))


def _event(record: Record, cite: _Citer, project: Project, problems: list[Diagnostic]) -> Event:
    people = record["people"] or []
    for person_id, (line, column) in zip(people, record.item_lines.get("people", [])):
        if person_id not in project.people:
            problems.append(Diagnostic(
                record.path, line, column,
                f"there is no person '{person_id}'{did_you_mean(person_id, project.people)}; "
                f"a person is a file in content/people/ (without .yaml): create content/people/{person_id}.yaml "
                "or correct the id"))
    return Event(record.id, record["date"], record["title"], record["kind"], record["status"], tuple(people),
                 cite(record["sources"]), record["destination"], record["summary"])
