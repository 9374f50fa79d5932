"""From loaded files to the content model: every field checked, every id resolved, every quote found.

Every problem is collected; the model is returned only when there is no error.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from types import SimpleNamespace

from .diagnostics import Diagnostic, WARNING, did_you_mean, errors_in
from .delta import changed_keys, delta
from .duplicates import SimilarPeople, repeated_events
from .fields import Record, SourceRef, read_record
from .load import Document, Project
from .yamlfile import Source, compose
from .model import Article, Citation, Content, Event, Page, Person, Site
from . import quotes
from .parallel import forked_map


@dataclass
class Memo:
    """Work a rebuild need not redo, keyed by the content it was done on."""

    records: dict = field(default_factory=dict)  # (path, digest) -> (Record | None, problems)
    paragraphs: dict = field(default_factory=dict)  # seed digest -> paragraphs
    folded: dict = field(default_factory=dict)  # seed digest -> paragraphs as quotes are matched against them
    matches: dict = field(default_factory=dict)  # (seed digest, quote) -> Match | None
    citations: dict = field(default_factory=dict)  # (SourceRef, seed digest) -> (Citation | None, problems)
    # kind -> ({id: (record, seeds cited, model, problems, articles cited)}, {id: model}, {id: problems},
    #          citations by article, {id: record})
    last_models: dict = field(default_factory=dict)
    environment: dict = field(default_factory=dict)  # article id -> seed digest, at the last validation
    last_people: dict = field(default_factory=dict)  # the person records of the last validation
    last_events: dict = field(default_factory=dict)
    similar: SimilarPeople = field(default_factory=SimilarPeople)  # the duplicate-name warnings, kept up to date
    repeated: list = field(default_factory=list)
    missing_people: list = field(default_factory=list)
    articles: dict = field(default_factory=dict)  # id(record) -> (record, paragraphs, Article)
    change: tuple | None = None  # (earlier content, content, the delta between them) of the last validation
    last_records: dict = field(default_factory=dict)  # kind -> (documents, records, problems by id) last time
    pairing: tuple | None = None  # (what it was worked out from, paragraphs, environment, problems): _pair_seeds()
    articles_made: tuple | None = None  # (article records, paragraphs, article models) of the last validation

    def __setstate__(self, state: dict) -> None:
        """From a saved build (cache.py): the entries found by a record's identity are filed again
        under the identities the records have now."""
        self.__dict__.update(state)
        self.articles = {id(entry[0]): entry for entry in self.articles.values()}

    def keep_only(self, project: Project) -> None:
        """Forget the work done on file contents the project no longer has, and the quote matches
        with what they were made from (before it is saved). A new run finds the matches again only
        for the records that changed, some tens of microseconds each; loading 50,000 of them, with
        their keys, took it longer than the whole of an edit's validation."""
        self.change, self.pairing, self.articles_made = None, None, None  # the build before (not worth saving)
        documents = [project.site, *project.articles.values(), *project.people.values(),
                     *project.events.values(), *project.pages.values()]
        current = {(d.path, d.digest) for d in documents if d is not None}
        self.records = {key: value for key, value in self.records.items() if key in current}
        seeds = {seed.digest for seed in project.seeds.values()}
        self.forget_matches()
        self.paragraphs = {key: value for key, value in self.paragraphs.items() if key in seeds}

    def forget_matches(self) -> None:
        """The quote matches, the citations made from them and the folded texts they were found
        in: worth keeping only in a process that validates again (the preview). Made again for
        the records that change and the seeds they quote."""
        self.citations, self.matches, self.folded = {}, {}, {}


def validate(project: Project, memo: Memo | None = None,
             earlier: Content | None = None) -> tuple[Content | None, list[Diagnostic]]:
    """Check everything and make the content model. `earlier`, the last build's content, lets the
    model's indexes be reused when no event and no citation changed."""
    memo = memo if memo is not None else Memo()
    problems: list[Diagnostic] = []

    def records(kind: str, documents: dict[str, Document]) -> dict[str, Record]:
        """The records read from the documents. A document the loader kept (the same object as last
        time: its file did not change) gives the record it gave then, without looking it up."""
        last = memo.last_records.get(kind)
        if last is not None and last[0].keys() == documents.keys():
            before, found, troubles = last
            todo = changed_keys(before, documents)
            if todo:
                found, troubles = dict(found), dict(troubles)
        else:
            todo, found, troubles = list(documents), {}, {}
        reordered = False
        for record_id in todo:
            record, record_problems = read(documents[record_id])
            if record_problems:
                troubles[record_id] = record_problems
            else:
                troubles.pop(record_id, None)
            if record is not None:
                reordered |= record_id not in found
                found[record_id] = record
            elif found.pop(record_id, None) is not None:
                reordered = True
        if reordered:  # in the documents' order, whatever came and went
            found = {rid: found[rid] for rid in documents if rid in found}
        memo.last_records[kind] = (dict(documents), found, troubles)  # the loader may change its dict in place
        for record_problems in troubles.values():
            problems.extend(record_problems)
        return found

    def read(document: Document) -> tuple[Record | None, list[Diagnostic]]:
        if document.node is None and document.text is None:
            return None, []  # unreadable: reported where it was read
        key = (document.path, document.digest)
        if key not in memo.records:  # parsed and checked once for these bytes
            memo.records[key] = _read(document)
        return memo.records[key]

    _read_ahead(project, memo)
    site = records("site", {"site": project.site}) if project.site else {}
    articles = records("articles", project.articles)
    people = records("people", project.people)
    events = records("events", project.events)
    pages = records("pages", project.pages)

    same_events = _same(events, memo.last_events)
    if not same_events:
        memo.repeated = repeated_events(events)
    problems += memo.similar.update(people) + memo.repeated
    paragraphs, environment = _pair_seeds(project, memo, problems)
    cite = _Citer(project, paragraphs, memo, problems)
    same_environment = environment == memo.environment

    def models(kind: str, records: dict[str, Record], make) -> dict:
        """Each record's model object, made again only when the record or a seed it cites changed,
        so that unchanged records give the very same objects (cheap to compare when rendering).
        When no seed changed, only the records that are not the same objects as last time are
        looked at; what the others found (problems, articles cited) is kept in sums."""
        last = memo.last_models.get(kind)
        stale: list[str] = []  # the articles the records looked at again cited before
        if same_environment and last is not None and last[0].keys() == records.keys():
            entries, made, troubled, counts, _ = last
            todo = changed_keys(last[4], records)
            if todo:
                entries, made, troubled, counts = dict(entries), dict(made), dict(troubled), Counter(counts)
                stale = [article for rid in todo for article in entries[rid][4]]
                counts.subtract(stale)
        else:
            todo, entries, made, troubled, counts = list(records), {}, {}, {}, Counter()
        for rid in todo:
            record, entry = records[rid], last[0].get(rid) if last is not None else None
            if entry is None or entry[0] is not record or not (same_environment or entry[1] == _seeds_of(record, environment)):
                before = len(problems)
                model = make(record, cite)
                cited = tuple(dict.fromkeys(ref.article for ref in record["sources"] or ()
                                            if ref.article in project.articles))  # a tuple: a set each is 4 times the size
                entry = (record, _seeds_of(record, environment), model, problems[before:] or (), cited)
                del problems[before:]  # gathered below with the others'
            entries[rid], made[rid] = entry, entry[2]
            if entry[3]:
                troubled[rid] = entry[3]
            else:
                troubled.pop(rid, None)
            counts.update(entry[4])
        for article in stale:  # without the articles no record cites any more
            if counts[article] <= 0:
                counts.pop(article, None)
        memo.last_models[kind] = (entries, made, troubled, counts, records)
        for record_problems in troubled.values():
            problems.extend(record_problems)
        cite.cited.update(counts)
        return made

    person_models = models("people", people, _person)
    event_models = models("events", events, _event)
    if not (same_events and people.keys() == memo.last_people.keys()):
        memo.missing_people = _missing_people(events, project)
    problems += memo.missing_people
    memo.last_people, memo.last_events, memo.environment = people, events, environment
    for article_id in paragraphs.keys() - cite.cited:  # (problems are sorted at the end)
        problems.append(Diagnostic(project.articles[article_id].path, 1, 1, "no person or event cites this article "
                                   "yet; its page will show only its headline", WARNING))

    if "site" in site and not site["site"]["base_url"]:
        problems.append(Diagnostic(project.site.path, 1, 1, "there is no base_url: the site will have no feed, "
                                   "sitemap or canonical addresses; add the address it is published at", WARNING))
    if errors_in(problems) or "site" not in site:
        return None, sorted(problems)
    fields = dict(
        site=_site(site["site"]),
        articles=_articles(articles, paragraphs, memo),
        people=dict(sorted(person_models.items())),
        events=event_models,
        pages={pid: Page(pid, r["title"], project.pages[pid].body) for pid, r in sorted(pages.items())},
    )
    change = delta(earlier, SimpleNamespace(**fields))
    content = Content(**fields, reuse_indexes_of=earlier if change and change.indexes_unchanged else None)
    memo.change = (earlier, content, change)  # what the renderer needs to know too (pipeline.py)
    return content, sorted(problems)


def _articles(articles: dict[str, Record], paragraphs: dict, memo: Memo) -> dict[str, Article]:
    """The article models by id, each made again only when its record or its text changed; all of
    them kept as they are while the records and the texts are the very same collections."""
    if memo.articles_made is not None and memo.articles_made[0] is articles and memo.articles_made[1] is paragraphs:
        return memo.articles_made[2]
    made = {}
    for aid, record in sorted(articles.items()):
        if aid not in paragraphs:
            continue  # its text is missing or unreadable: reported where it was read, and the build stops
        entry = memo.articles.get(id(record))
        if entry is None or entry[0] is not record or entry[1] is not paragraphs[aid]:
            entry = (record, paragraphs[aid], _article(record, paragraphs[aid]))
        made[aid] = entry
    memo.articles = {id(entry[0]): entry for entry in made.values()}
    memo.articles_made = (articles, paragraphs, {aid: entry[2] for aid, entry in made.items()})
    return memo.articles_made[2]


def _read(document: Document) -> tuple[Record | None, list[Diagnostic]]:
    """The record a document holds, parsed and checked, with its problems."""
    node, problems = document.node, []
    if node is None:
        node, problems = compose(Source(document.path, document.text))
    record = None
    if node is not None:
        record = read_record(document.kind, document.id, document.path, node, problems)
    return record, problems or ()  # the one empty tuple: nothing to save, or load, for each good file


READ_AHEAD_FROM = 2000  # files to parse: below this, starting processes costs more than it saves


def _read_ahead(project: Project, memo: Memo) -> None:
    """Parse and check, on every core, the record files no earlier build has read (in a build
    from nothing, all of them: most of validation's time), so that validate() finds them done."""
    count = 1 + len(project.articles) + len(project.people) + len(project.events)
    if count - len(memo.records) < READ_AHEAD_FROM:
        return  # a rebuild, with most files read before: not worth even listing the others
    documents = [project.site, *project.articles.values(), *project.people.values(), *project.events.values()]
    unread = [document for document in documents if document is not None and document.text is not None
              and (document.path, document.digest) not in memo.records]
    if len(unread) >= READ_AHEAD_FROM:
        for document, result in zip(unread, forked_map(_read, unread)):
            memo.records[(document.path, document.digest)] = result


def _pair_seeds(project: Project, memo: Memo, problems: list[Diagnostic]) -> tuple[dict, dict]:
    """Each article record needs its text in seeds/, and each text its record. Gives each article's
    paragraphs, and what every citation depends on besides its record: which articles exist, and
    the digests of their texts. Worked out again only when an article or a seed came or went, or a
    seed is another object than last time."""
    basis = (tuple(project.articles), tuple(project.seed_paths.items()), tuple(project.seeds.items()))
    if memo.pairing is None or memo.pairing[0] != basis:
        memo.pairing = (basis, *_paired(project, memo))
    problems.extend(memo.pairing[3])
    return memo.pairing[1], memo.pairing[2]


def _paired(project: Project, memo: Memo) -> tuple[dict, dict, list[Diagnostic]]:
    problems = []
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
    environment = {aid: getattr(project.seeds.get(aid), "digest", None) for aid in project.articles}
    return found, environment, problems


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
        seed = self.project.seeds.get(ref.article)
        key = (ref, seed.digest if seed else None)
        if key in self.memo.citations and ref.article in self.project.articles:
            self.cited.add(ref.article)
            citation, problems = self.memo.citations[key]
            self.problems.extend(problems)
            return citation
        before = len(self.problems)
        citation = self._find(ref)
        if ref.article in self.project.articles:
            self.memo.citations[key] = (citation, self.problems[before:] or ())
        return citation

    def _find(self, ref: SourceRef) -> Citation | None:
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
        if len(ref.quote) > quotes.MAX_QUOTE:
            self.problems.append(Diagnostic(ref.path, ref.quote_line, ref.quote_column,
                                            f"the quote is {len(ref.quote)} characters long (the limit is "
                                            f"{quotes.MAX_QUOTE}): quote the passage that supports the claim"))
            return None
        parts = quotes.segments(ref.quote)
        if not parts:
            self.problems.append(Diagnostic(ref.path, ref.quote_line, ref.quote_column,
                                            "the quote has no words; copy the words from the article"))
            return None
        key = (self.project.seeds[ref.article].digest, ref.quote)
        if key not in self.memo.matches:
            digest = key[0]
            if digest not in self.memo.folded:
                self.memo.folded[digest] = quotes.folded_paragraphs(paras)
            self.memo.matches[key] = quotes.find(ref.quote, paras, self.memo.folded[digest], parts)
        match = self.memo.matches[key]
        if match is None:
            closest = quotes.closest_passage(ref.quote, list(paras))
            hint = (f"; closest passage: \"{closest[0]}\" ({closest[1]})" if closest
                    else "; copy the words exactly from one paragraph, using … for words left out")
            self.problems.append(Diagnostic(ref.path, ref.quote_line, ref.quote_column,
                                            f"quote not found in {seed}{hint}"))
            return None
        return Citation(ref.article, quotes.collapse(ref.quote), quotes.quote_id(ref.quote, parts),
                        match.paragraph, match.spans)


def _same(records: dict, earlier: dict) -> bool:
    """The same record objects under the same ids (records are memoised, so unchanged is identical)."""
    return not changed_keys(earlier, records)


def _seeds_of(record: Record, environment: dict) -> tuple:
    """The digests of the seeds a record cites, in the order it cites them (the same record cites
    the same articles: their ids need not be kept too)."""
    return tuple([environment.get(ref.article) for ref in record["sources"] or ()])


def _site(record: Record) -> Site:
    base_url = record["base_url"]
    if base_url and not base_url.endswith("/"):
        base_url += "/"
    return Site(record["title"], record["description"], base_url, record["language"], record["native_language"],
                record["cname"], record["licence"], record["licence_url"])


def _article(record: Record, paragraphs: tuple[str, ...]) -> Article:
    return Article(record.id, record["title"], record["publisher"], record["published"], record["url"],
                   record["archive_url"], record["author"], record["full_text"], paragraphs)


def _person(record: Record, cite: _Citer) -> Person:
    return Person(record.id, record["name"], record["position"], record["branch"], record["native_name"],
                  tuple(record["aliases"] or ()), record["wikidata"], record["summary"], cite(record["sources"]))


def _event(record: Record, cite: _Citer) -> Event:
    return Event(record.id, record["date"], record["title"], record["kind"], record["status"],
                 tuple(record["people"] or ()), cite(record["sources"]), record["destination"], record["summary"])


def _missing_people(events: dict[str, Record], project: Project) -> list[Diagnostic]:
    problems = []
    for record in events.values():
        for person_id, (line, column) in zip(record["people"] or (), record.item_lines.get("people", [])):
            if person_id not in project.people:
                problems.append(Diagnostic(
                    record.path, line, column,
                    f"there is no person '{person_id}'{did_you_mean(person_id, project.people)}; "
                    f"a person is a file in content/people/ (without .yaml): create content/people/{person_id}.yaml "
                    "or correct the id"))
    return problems
