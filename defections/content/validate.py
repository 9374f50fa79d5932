"""From loaded files to the content model: every field checked, every id resolved, every quote found.

Every problem is collected; the model is returned only when there is no error. The steps below
read as the content format does: read each record, pair each article with its text, warn about
likely duplicates, find each quote, make each model, index them. Each step goes through `reuse`
(reuse.py), so that a rebuild makes again only what an edit changed.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass
from functools import partial
from itertools import chain, islice, repeat
from operator import attrgetter, is_, le
from pathlib import Path
from typing import Generic, TypeVar, cast

from .. import catalogs
from ..errors import WARNING, Diagnostic, did_you_mean, errors_in
from ..parallel import Alongside, on_every_core
from ..reuse import FROM_NOTHING, Reuse
from ..schema import EVENT_NEEDS_ONE_OF, PAGE, TRANSLATED, same_language
from . import quotes
from .dates import EventDate, PartialDate
from .duplicates import dated, person_dates, repeated_events, similar_people, spellings
from .evidence import Cited, unsupported
from .fields import Record, SourceRef, read_record
from .files import Document, Project, Seed, load
from .history import last_changed, tracked
from .markdown import PLAIN, Converter, sanitising_problem
from .model import (
    KIND_OF,
    Article,
    Citation,
    Conflict,
    Content,
    Event,
    Page,
    Person,
    Site,
    by_language,
    index,
    timeline_order,
)
from .plausible import ends_before, implausible_dates, placed
from .yamlfile import Source, compose

M = TypeVar("M")
PARSE_ON_EVERY_CORE_FROM = 2000  # record files: below this, starting processes costs more than parsing them


@dataclass(frozen=True, slots=True)
class Parsed:
    """A record file, parsed and checked field by field (None when it cannot be)."""

    record: Record | None
    problems: tuple[Diagnostic, ...]


@dataclass(frozen=True, slots=True)
class Made(Generic[M]):
    """A record's model, with its quotes found (None when one is not), and the articles it quotes."""

    model: M | None
    problems: tuple[Diagnostic, ...]
    cited: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Text:
    """An article's text as its quotes are found in it: its paragraphs, as shown, and as compared."""

    paragraphs: tuple[str, ...]
    folded: tuple[str, ...]


def check(root: Path, history: bool = False) -> tuple[Content | None, list[Diagnostic]]:
    """Load and validate a project; the content model is returned only when there is no error.
    With `history`, it carries when each file was last committed (pages show it; checking needs
    only which files git knows, to put a warning about two records on the new one)."""
    project, problems = load(root)
    dates = last_changed(root) if history else None
    content, more = validate(project, dates, known_to_git=None if history else tracked(root))
    return content, sorted(problems + more)


def validate(project: Project, history: dict[str, PartialDate] | None = None,
             reuse: Reuse = FROM_NOTHING, known_to_git: frozenset[str] | None = None,
             ) -> tuple[Content | None, list[Diagnostic]]:
    """Check everything and make the content model; `history` gives when each file was last committed,
    `known_to_git` the files git knows when there is no `history` (neither: git is not asked)."""
    problems: list[Diagnostic] = []
    if known_to_git is None and history is not None:
        known_to_git = frozenset(history)

    # Each file, parsed and checked against its kind's fields (on every core in a large build).
    site = read_document(project.site) if project.site is not None else None
    languages = site_languages(site.record if site is not None else None)
    if project.site is not None and site is not None and site.record is not None and site.record["translations"]:
        site = read_document(project.site, languages)  # its translations, checked against its languages
    if site is not None:
        problems += site.problems
    default_language = languages[0] if languages else "en"
    records: dict[str, dict[str, Record]] = {}
    read: dict[str, dict[str, Parsed]] = {}
    for kind in ("articles", "people", "events", "pages"):
        read[kind] = reads = reuse.each(f"{kind}: read", getattr(project, kind),
                                        lambda document: read_document(document, languages), map=_on_every_core,
                                        context=languages)
        problems += _gathered(reuse, f"{kind}: problems reading", reads)
        records[kind] = _records(reuse, kind, reads)
    articles, people, events = records["articles"], records["people"], records["events"]
    pages, page_translations = _pages_and_translations(reuse, records["pages"])

    # Each article record has its text in seeds/, and each text its record.
    problems += reuse.whole("texts: pairing", (tuple(project.articles), tuple(project.seed_paths.items())),
                            lambda: _pairing_problems(project))
    texts = reuse.each("texts", project.seeds, _text)
    paired = reuse.whole("texts: paired", (texts, tuple(project.articles)),
                         lambda: {aid: text for aid, text in texts.items() if aid in project.articles})

    # The checks that only find problems (the model needs nothing they make): in a large build
    # from nothing, done in another process while this one finds the quotes and makes the models.
    large = len(people) + len(events) >= PARSE_ON_EVERY_CORE_FROM
    with Alongside(lambda: _checks(reuse, project, site.record if site else None, read, records, known_to_git),
                   worth_it=large and not reuse.keeps) as checks:
        # Each quote found in its article, and each record's model made.
        finder = QuoteFinder(tuple(project.articles), paired)
        made_people = reuse.each("people: models", people, lambda record: _person(record, finder),
                                 depends_on=finder.texts_of, context=finder.context)
        made_events = reuse.each("events: models", events, lambda record: _event(record, finder),
                                 depends_on=finder.texts_of, context=finder.context)
        problems += _gathered(reuse, "people: problems finding quotes", made_people)
        problems += _gathered(reuse, "events: problems finding quotes", made_events)
        article_models = reuse.each("articles: models", articles,
                                    lambda record: _article(record, paired.get(record.id), default_language),
                                    depends_on=lambda record: paired.get(record.id),
                                    context=(paired, default_language))

        # Each event's status is what its citations' stances support, counting publishers, not quotes;
        # looked at once the event is otherwise right (a mistyped quote is not a missing stance).
        publishers = reuse.whole("articles: publishers", (articles,),
                                 lambda: {aid: record["publisher"] for aid, record in articles.items()})
        evidence = reuse.each("events: status evidence", events,
                              lambda record: _status_evidence(record, made_events[record.id].model, publishers),
                              depends_on=lambda record: (made_events[record.id], _publishers_cited(record, publishers)),
                              context=(made_events, publishers))
        problems += checks.result()
    wrong = {problem.path for problem in errors_in(problems)}
    problems += [problem for problem in _gathered(reuse, "events: problems with status evidence", evidence)
                 if problem.path not in wrong]
    cited_by_people = reuse.each("people: articles cited", made_people, _cited)
    cited_by_events = reuse.each("events: articles cited", made_events, _cited)
    cited = reuse.whole("articles: cited", (cited_by_people, cited_by_events),
                        lambda: set(chain.from_iterable(chain(cited_by_people.values(), cited_by_events.values()))))
    for article_id in sorted(paired.keys() - cited):
        problems.append(Diagnostic(project.articles[article_id].path, 1, 1, "no person or event cites this article "
                                   "yet; its page will show only its headline", WARNING))
    if site is not None and site.record is not None:
        problems += _languages_problems(site.record)
        problems += reuse.whole("pages: translations checked", (page_translations, pages, languages),
                                lambda: _page_translation_problems(page_translations, pages, project, languages))
    if site is not None and site.record is not None and not site.record["base_url"]:
        problems.append(Diagnostic(site.record.path, 1, 1, "there is no base_url: the site will have no feed, "
                                   "sitemap or canonical addresses; add the address it is published at", WARNING))
    if errors_in(problems) or site is None or site.record is None:
        return None, sorted(problems)

    # The models, and the indexes that link them; two different quotes may not share an anchor.
    person_models = _models(reuse, "people", made_people)
    events_by_id = _models(reuse, "events", made_events)
    event_models = reuse.whole("events: in timeline order", (events_by_id,), lambda: timeline_order(events_by_id))
    person_sources = reuse.each("people: sources", person_models, attrgetter("sources"))
    indexes = reuse.whole("indexes", (person_sources, event_models), lambda: index(person_sources, event_models))
    if indexes.conflicts:
        return None, sorted(problems + [_conflict(conflict, people, events) for conflict in indexes.conflicts])

    originals = reuse.whole("pages: originals", (project.pages,), lambda: {
        pid: document for pid, document in project.pages.items() if pid in pages or "." not in pid})
    by_original = reuse.whole("pages: translations", (page_translations,), lambda: _translations_of(page_translations))
    page_models = reuse.each("pages: models", originals,
                             lambda document: _page(document, pages, by_original.get(document.id, {}), project),
                             depends_on=lambda document: (pages.get(document.id), by_original.get(document.id)),
                             context=(pages, by_original))
    content = Content(
        site=_site(site.record),
        articles=_models(reuse, "articles", article_models),
        people=person_models,
        events=event_models,
        pages=_models(reuse, "pages", page_models),
        indexes=indexes,
        history=history or {},
    )
    site_record = site.record
    problems += coverage_problems(content, site_record, reuse)
    return content, sorted(problems)


def _lacking(kind: str, records: Mapping[str, Person | Event | Article | Page], tags: tuple[str, ...], first: str,
             native: str) -> dict[tuple[str, str], tuple[int, int]]:
    """For each tag: how many of the records lack a translation into it, of how many could (into
    the first language, only the articles in another language)."""
    found = {}
    for tag in tags:
        if tag != first:
            candidates = list(records.values())
        elif kind == "article":
            candidates = [r for r in records.values()
                          if isinstance(r, Article) and not same_language(r.language, first)]
        else:
            continue  # only an article in another language has a text to translate into the first
        found[tag, kind] = (sum(lacking_translation(r, tag, native) for r in candidates), len(candidates))
    return found


def lacking_translation(record: Person | Event | Article | Page, tag: str, native_language: str) -> bool:
    """Whether a record lacks, in the language, a translation of a text it has (a person's name in
    their native language is their native_name)."""
    kind = KIND_OF[type(record)]
    if isinstance(record, Article) and same_language(record.language, tag):
        return False  # its own texts are in it
    given = record.translations.get(tag, {})
    if any(getattr(record, name) and not given.get(name) for name in TRANSLATED[kind]):
        return True
    if isinstance(record, Person) and tag.split("-")[0] == native_language.split("-")[0] and not record.native_name:
        return True
    if isinstance(record, Event) and record.unnamed is not None:
        return not record.unnamed.translations.get(tag, {}).get("who")
    return False


def coverage_problems(content: Content, site: Record, reuse: Reuse = FROM_NOTHING) -> list[Diagnostic]:
    """How many records lack a translation, in each of the site's languages: a warning per
    language, at `languages` (a page shows such a text in the first language, or an article's in
    its own, marked). Each kind's records are counted again only when one of them changes."""
    problems = []
    first, native = content.site.language, content.site.native_language
    tags = content.site.languages or (first,)
    lacking: dict[tuple[str, str], tuple[int, int]] = {}  # (tag, kind) -> how many lack a translation, of how many
    for kind, records in (("person", content.people), ("event", content.events), ("article", content.articles),
                          ("page", content.pages)):
        lacking.update(reuse.whole(f"translations: {kind} coverage", (tags, first, native, records),
                                   partial(_lacking, kind, records, tags, first, native)))
    for tag in tags:
        if tag == first:  # only an article in another language has a text to translate into the first
            kinds_in = [("article in another language", "articles in other languages", "article")]
        else:
            kinds_in = [("person", "people", "person"), ("event", "events", "event"),
                        ("article", "articles", "article"), ("page", "pages", "page")]
        counts = [(one, many, *lacking[tag, kind]) for one, many, kind in kinds_in]
        if not any(lacking for _, _, lacking, _ in counts):
            continue
        listed = ", ".join(f"{lacking} of {total} {one if total == 1 else many}" for one, many, lacking, total in counts
                           if lacking)
        where = f"under 'translations: {tag}:' in each record" + (
            f", and a page's as content/pages/<id>.{tag}.md" if any(one == "page" and lacking
                                                                    for one, _, lacking, _ in counts) else "")
        lacking_ones = [lacking for _, _, lacking, _ in counts if lacking]
        verb = "lacks" if lacking_ones == [1] else "lack"  # "1 of 4 people lacks", "2 of 4 people lack"
        in_another = tag != first and any(not same_language(a.language, first) and lacking_translation(a, tag, "")
                                           for a in content.articles.values())  # asked only where it is said
        shown_in = "its own language" if tag == first else first + (
            " (an article's title: its own language)" if in_another else "")
        at = site.at("languages" if site["languages"] else "language")
        problems.append(Diagnostic(site.path, *at, f"'{tag}' translations: {listed} {verb} a "
                                   f"translation of a text they have; their pages show it in {shown_in}, "
                                   f"marked as not translated (add it {where})", WARNING))
    return problems


def _checks(reuse: Reuse, project: Project, site: Record | None, read: dict[str, dict[str, Parsed]],
            records: dict[str, dict[str, Record]], known_to_git: frozenset[str] | None) -> list[Diagnostic]:
    """Likely duplicates, likely typos in dates, people an event or a person names who are not
    there, and what editors expect to be told: the checks that make nothing but their problems."""
    problems: list[Diagnostic] = []
    articles, people, events = records["articles"], records["people"], records["events"]
    # Likely duplicates: people with spellings of one name, events with the same person and date.
    problems += _likely_duplicates(reuse, people, events, known_to_git)
    # Dates that are likely typos: outside the span the site covers, or years from every other date.
    problems += _implausible_dates(reuse, project, site, events, articles)
    missing = reuse.each("events: people missing", events, lambda record: _missing_people(record, project),
                         depends_on=lambda record: _people_found(record, project), context=tuple(project.people))
    problems += _gathered(reuse, "events: problems with missing people", missing)
    others = reuse.each("people: others missing", people, lambda record: _missing_others(record, project),
                        depends_on=lambda record: _others_found(record, project), context=tuple(project.people))
    problems += _gathered(reuse, "people: problems with others missing", others)

    # What editors expect to be told: an event dated after every article that reports it, a person
    # whose position no quote supports, Markdown that sanitising takes something out of.
    published = reuse.whole("articles: published", (articles,), lambda: _published(articles))
    too_late = reuse.each("events: dated after their articles", events,
                          lambda record: _after_its_articles(record, published),
                          depends_on=lambda record: _published_cited(record, published), context=published)
    problems += _gathered(reuse, "events: problems with dates after their articles", too_late)
    languages = site_languages(site) or ("en",)
    written_in = reuse.whole("articles: languages", (articles, languages), lambda: _written_in(articles, languages[0]))
    for kind in ("people", "events"):
        needless = reuse.each(f"{kind}: quotes translated into their own language", records[kind],
                              lambda record: _translated_into_its_own(record, written_in, languages),
                              depends_on=lambda record: tuple(written_in.get(ref.article)
                                                              for ref in record["sources"] or ()),
                              context=(written_in, languages))
        problems += _gathered(reuse, f"{kind}: problems with quotes translated into their own language", needless)
    uncited = reuse.each("people: positions cited", read["people"], _uncited_position)
    problems += _gathered(reuse, "people: problems with positions cited", uncited)
    for kind in ("people", "events"):
        removed = reuse.each(f"{kind}: summaries sanitised", records[kind], _summary_sanitised)
        problems += _gathered(reuse, f"{kind}: problems with summaries sanitised", removed)
    bodies = reuse.each("pages: bodies sanitised", project.pages, _body_sanitised)
    problems += _gathered(reuse, "pages: problems with bodies sanitised", bodies)
    return problems


def _written_in(articles: dict[str, Record], first: str) -> dict[str, str]:
    """The language each article is in: its own `language`, or the site's first."""
    return {article_id: record["language"] or first for article_id, record in articles.items()}


def _translated_into_its_own(record: Record, written_in: dict[str, str], languages: tuple[str, ...],
                             ) -> Made[None]:
    """A quote's translation into the language its article is in (which would never be shown)."""
    problems = []
    for ref in record["sources"] or ():
        language = written_in.get(ref.article)
        into_its_own = next((tag for tag in ref.translation or () if same_language(tag, language)), None)
        if into_its_own is not None:
            others = ", ".join(tag for tag in languages if tag != language) or "none yet"
            line, column = (ref.translation_at or {}).get(into_its_own, (ref.quote_line, ref.quote_column))
            problems.append(Diagnostic(ref.path, line, column, f"article {ref.article} is in {language}: its quote "
                                       f"needs no translation into it; give one into another of the site's "
                                       f"languages ({others}), or remove it (if the article is not in {language}, "
                                       f"say which language it is in: `language:` in content/articles/"
                                       f"{ref.article}.yaml)"))
    return Made(None, tuple(problems), ())


def _likely_duplicates(reuse: Reuse, people: dict[str, Record], events: dict[str, Record],
                       known_to_git: frozenset[str] | None) -> list[Diagnostic]:
    """People with spellings of one name, events with the same person and date. (A step of its
    own, so that what it compares is let go as soon as it is done: at 50,000 people, 100 MB.)"""
    spelled = reuse.each("people: spellings", people, spellings)
    sharing = reuse.grouped("people: by spelling", reuse.each("people: spelling keys", spelled, _distinct), at_least=2)
    problems = reuse.whole("people: similar", (spelled, sharing, known_to_git),
                           lambda: similar_people(spelled, sharing, known_to_git))
    when = reuse.each("events: dates", events, dated)
    alike = reuse.grouped("events: by person and date", reuse.each("events: people's dates", when, person_dates),
                          at_least=2)
    return problems + reuse.whole("events: repeated", (when, alike), lambda: repeated_events(when, alike))


def _implausible_dates(reuse: Reuse, project: Project, site: Record | None, events: dict[str, Record],
                       articles: dict[str, Record]) -> list[Diagnostic]:
    event_dates = reuse.each("events: dates placed", events, lambda record: placed(record, "date"))
    article_dates = reuse.each("articles: dates placed", articles, lambda record: placed(record, "published"))
    earliest, latest = (site["earliest_date"], site["latest_date"]) if site is not None else (None, None)
    if site is not None and earliest is not None and latest is not None and ends_before(latest, earliest):
        return [Diagnostic(site.path, *site.at("latest_date"), f"latest_date {latest.iso()} is before earliest_date "
                           f"{earliest.iso()}: swap them, or correct the one that is wrong")]
    today = datetime.date.today()
    dates = (event_dates, article_dates, earliest, latest, today)
    return reuse.whole("dates: plausible", dates, lambda: implausible_dates(
        list(chain.from_iterable(chain(article_dates.values(), event_dates.values()))), earliest, latest,
        project.site.path if project.site else "content/site.yaml", today))


def site_languages(site: Record | None) -> tuple[str, ...]:
    """The site's languages, its default first: `languages`, or [language]; none when the site's
    record cannot be read (translations are then not checked against them)."""
    if site is None:
        return ()
    return site["languages"] or (site["language"] or "en",)


def read_document(document: Document, languages: tuple[str, ...] = ()) -> Parsed:
    """The record a file holds, parsed and checked, with its problems (its translations must be
    in the site's `languages`)."""
    problems: list[Diagnostic] = []
    if document.kind is PAGE:  # its front matter was parsed as it was read
        node = document.node
    elif document.text is None:
        return Parsed(None, ())  # unreadable: reported where it was read
    else:
        node, problems = compose(Source(document.path, document.text))
    if node is None:
        return Parsed(None, tuple(problems))
    record = read_record(document.kind, document.id, document.path, node, problems, languages)
    return Parsed(record, tuple(problems))


def _on_every_core(function, items: list) -> list:
    return on_every_core(function, items, from_count=PARSE_ON_EVERY_CORE_FROM)


def _records(reuse: Reuse, kind: str, reads: dict[str, Parsed]) -> dict[str, Record]:
    """The records that could be read, by id."""
    found = reuse.each(f"{kind}: records", reads, _record)
    return reuse.whole(f"{kind}: readable records", (found,), lambda: _without_none(found))


_problems = attrgetter("problems")
_cited = attrgetter("cited")
_record = attrgetter("record")
_distinct = attrgetter("keys")
_model = attrgetter("model")


def _gathered(reuse: Reuse, name: str, found: dict[str, Parsed] | dict[str, Made]) -> list[Diagnostic]:
    """The problems of every record, gathered again only when some record's problems changed."""
    by_record = reuse.each(f"{name}: by record", found, _problems)
    return reuse.whole(name, (by_record,), lambda: list(chain.from_iterable(by_record.values())))


def _without_none(found: dict[str, M | None]) -> dict[str, M]:
    """The values that are not None (the very same dict when none is): the many comparisons at C speed."""
    if not any(map(is_, found.values(), repeat(None))):
        return cast(dict[str, M], found)
    return {key: value for key, value in found.items() if value is not None}


def _by_id(found: dict[str, M]) -> dict[str, M]:
    """In id order (the very same dict when it is: files are listed so)."""
    ids = list(found)
    return found if all(map(le, ids, islice(ids, 1, None))) else dict(sorted(found.items()))


def _models(reuse: Reuse, kind: str, made: dict[str, Made[M]]) -> dict[str, M]:
    """The models made, by id, in id order."""
    models = reuse.each(f"{kind}: made", made, _model)
    return reuse.whole(kind, (models,), lambda: _by_id(_without_none(models)))


def _pairing_problems(project: Project) -> list[Diagnostic]:
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
    return problems


def _text(seed: Seed) -> Text:
    return Text(seed.paragraphs, quotes.folded_paragraphs(seed.paragraphs))


class QuoteFinder:
    """Finds each {article, quote} pair of a record in its article's text, reporting those it cannot."""

    def __init__(self, article_ids: tuple[str, ...], texts: dict[str, Text]):
        self.article_ids = article_ids
        self.articles = frozenset(article_ids)
        self.texts = texts
        self.context = (article_ids, texts)  # everything a record's quotes are found in

    def texts_of(self, record: Record) -> tuple:
        """What finding a record's quotes reads besides the record: whether each article it cites
        exists, and its text."""
        return tuple((ref.article in self.articles, self.texts.get(ref.article)) for ref in record["sources"] or ())

    def find(self, refs: list[SourceRef] | None, problems: list[Diagnostic]) -> tuple[Citation, ...]:
        citations = (self._find(ref, problems) for ref in refs or ())
        return tuple(citation for citation in citations if citation is not None)

    def _find(self, ref: SourceRef, problems: list[Diagnostic]) -> Citation | None:
        if ref.article not in self.articles:
            problems.append(Diagnostic(
                ref.path, ref.article_line, ref.article_column,
                f"there is no article '{ref.article}'{did_you_mean(ref.article, self.article_ids)}; "
                "an article is a file in content/articles/ (without .yaml)"))
            return None
        text = self.texts.get(ref.article)
        if text is None:
            return None  # its seed is missing or unreadable, reported already
        if len(ref.quote) > quotes.MAX_QUOTE:
            problems.append(Diagnostic(ref.path, ref.quote_line, ref.quote_column,
                                       f"the quote is {len(ref.quote)} characters long (the limit is "
                                       f"{quotes.MAX_QUOTE}): quote the passage that supports the claim"))
            return None
        parts = quotes.segments(ref.quote)
        if not parts:
            problems.append(Diagnostic(ref.path, ref.quote_line, ref.quote_column,
                                       "the quote has no words; copy the words from the article"))
            return None
        words = [quotes.words_in(part) for part in parts]
        fewest = min(words)
        if fewest < quotes.MIN_WORDS:
            shortest = parts[words.index(fewest)]
            problems.append(Diagnostic(ref.path, ref.quote_line, ref.quote_column,
                                       f"each part of a quote (between ellipses) needs at least {quotes.MIN_WORDS} "
                                       f"words, and one has {fewest} ('{shortest}'): a few words "
                                       "are in nearly any article; quote more of the sentence"))
            return None
        match = quotes.find(ref.quote, list(text.paragraphs), text.folded, parts)
        if match is None:
            problems.append(Diagnostic(ref.path, ref.quote_line, ref.quote_column, _not_found(ref, text, parts)))
            return None
        negation = quotes.left_out_negation(text.paragraphs[match.paragraph], match.spans)
        if negation is not None:
            problems.append(Diagnostic(ref.path, ref.quote_line, ref.quote_column,
                                       f"the words the ellipsis leaves out hold '{negation[0]}' ('{negation[1]}'): "
                                       "a quote may not leave out a negation: quote those words too"))
            return None
        return Citation(ref.article, quotes.collapse(ref.quote), quotes.quote_id(ref.quote, parts),
                        match.paragraph, match.spans, ref.stance, ref.said_by, ref.date, by_language(ref.translation))


def _not_found(ref: SourceRef, text: Text, parts: list[str]) -> str:
    """Why a quote is not in its article: it cuts a word, it runs across a paragraph break, or it
    is not there at all (with the closest passage, if one is close)."""
    seed = f"seeds/{ref.article}.txt"
    loose = quotes.find(ref.quote, list(text.paragraphs), text.folded, parts, whole_words=False)
    if loose is not None:
        for start, end in loose.spans:
            cut = quotes.cut_word(text.folded[loose.paragraph], start, end)
            if cut is not None:
                word = quotes.word_at(text.paragraphs[loose.paragraph], start if cut == "starts" else end)
                return f"the quote {cut} inside a word of {seed} ('{word}'): quote whole words"
    crossing = quotes.across_paragraphs(list(text.paragraphs), text.folded, parts)
    if crossing is not None:
        what = ("this quote's … leaves out a paragraph break" if crossing.by_ellipsis
                else "this quote runs across a paragraph break")
        within = " (an ellipsis stands for words left out within one paragraph)" if crossing.by_ellipsis else ""
        return (f"{what} in {seed}, after \"{crossing.before}\"{within}; split it into two quotes, one per paragraph "
                "(or keep only one of them)")
    closest = quotes.closest_passage(ref.quote, list(text.paragraphs))
    if closest is None or (closest.passage is None and closest.stopped_after is None):
        return f"quote not found in {seed}; copy the words exactly from one paragraph, using … for words left out"
    stopped = (f" (the search for a closest passage stopped after comparing {closest.stopped_after} passages: "
               "shorten the quote to search the whole article)" if closest.stopped_after is not None else "")
    if closest.passage is None:
        return f"quote not found in {seed}{stopped}; copy the words exactly from one paragraph"
    return f"quote not found in {seed}; closest passage: \"{closest.passage}\" ({closest.difference}){stopped}"


def _conflict(conflict: Conflict, people: dict[str, Record], events: dict[str, Record]) -> Diagnostic:
    """Two different quotes under one anchor, reported at the second."""
    records = {"person": people, "event": events}
    record = records[conflict.second.kind][conflict.second.id]
    ref = next(ref for ref in record["sources"] if ref.article == conflict.article and
               quotes.quote_id(ref.quote) == conflict.anchor)
    first = records[conflict.first.kind][conflict.first.id].path
    return Diagnostic(ref.path, ref.quote_line, ref.quote_column,
                      f"two different quotes of seeds/{conflict.article}.txt would have one anchor "
                      f"({conflict.anchor}); the other is in {first}: add a word to one of them")


def _cited_articles(record: Record, finder: QuoteFinder) -> tuple[str, ...]:
    return tuple(dict.fromkeys(ref.article for ref in record["sources"] or () if ref.article in finder.articles))


def _site(record: Record) -> Site:
    base_url = record["base_url"]
    if base_url and not base_url.endswith("/"):
        base_url += "/"
    languages = site_languages(record)
    return Site(record["title"], record["description"], base_url, languages[0], record["native_language"],
                record["cname"], record["licence"], record["licence_url"], languages,
                by_language(record["locales"]), by_language(record["translations"]))


def _languages_problems(site: Record) -> list[Diagnostic]:
    """`language` and `languages` agree, each locale is of one of the languages, and each language
    has the interface in it (or is told it shows the interface in English)."""
    problems = []
    languages = site_languages(site)
    if site["languages"] and site.gives("language") and site["language"] and site["language"] != languages[0]:
        problems.append(Diagnostic(site.path, *site.at("language"), f"'language' is {site['language']}, but "
                                   f"'languages' starts with {languages[0]}: the first of 'languages' is the site's "
                                   "language; remove 'language', or put it first"))
    for tag in site["locales"] or {}:
        if tag not in languages:
            problems.append(Diagnostic(site.path, *site.at("locales"), f"'locales' gives a locale for '{tag}', which "
                                       f"is not one of the site's languages ({', '.join(languages)}): add it to "
                                       "'languages', or remove its line"))
    for tag in languages:
        if not catalogs.interface_in(tag):
            problems.append(Diagnostic(site.path, *site.at("languages" if site["languages"] else "language"),
                                       f"the interface (its menus, headings and labels) has not been translated into "
                                       f"'{tag}' yet: its pages show it in English, and their dates and numbers as "
                                       f"English writes them ({catalogs.HOW_TO_ADD})", WARNING))
    return problems


def _pages_and_translations(reuse: Reuse, found: dict[str, Record]) -> tuple[dict[str, Record], dict[str, Record]]:
    """The pages' records, and their translations' (content/pages/<id>.<tag>.md, by '<id>.<tag>')."""
    if not any("." in pid for pid in found):
        return found, {}
    pages = reuse.whole("pages: records of originals", (found,),
                        lambda: {pid: r for pid, r in found.items() if "." not in pid})
    translated = reuse.whole("pages: translated records", (found,),
                             lambda: {pid: r for pid, r in found.items() if "." in pid})
    return pages, translated


def _translations_of(translations: dict[str, Record]) -> dict[str, dict[str, Record]]:
    """The translations of each page, by its id, then by language tag."""
    by_page: dict[str, dict[str, Record]] = {}
    for key, record in translations.items():
        page_id, _, tag = key.rpartition(".")
        by_page.setdefault(page_id, {})[tag] = record
    return by_page


def _page_translation_problems(translations: dict[str, Record], pages: dict[str, Record], project: Project,
                               languages: tuple[str, ...]) -> list[Diagnostic]:
    problems = [Diagnostic(record.path, 1, 1, f"a page cannot be called '{page_id}': the site's pages in that "
                           f"language are at {page_id}/; rename the file") for page_id, record in pages.items()
                if page_id in languages[1:]]
    for key, record in translations.items():
        page_id, _, tag = key.rpartition(".")
        if page_id not in project.pages:
            first = languages[0] if languages else "the site's first language"
            problems.append(Diagnostic(record.path, 1, 1, f"this translates content/pages/{page_id}.md, which does "
                                       f"not exist: create it (in {first}), or correct the file's name"))
        elif languages and tag == languages[0]:
            problems.append(Diagnostic(record.path, 1, 1, f"'{tag}' is the site's first language, the one "
                                       f"content/pages/{page_id}.md is in: a translation is for another language; "
                                       "remove this file or rename it"))
        elif languages and tag not in languages:
            problems.append(Diagnostic(record.path, 1, 1, f"'{tag}' is not one of the site's languages "
                                       f"({', '.join(languages)}): add it to 'languages' in content/site.yaml, or "
                                       "correct the file's name"))
    return problems


def _article(record: Record, text: Text | None, default_language: str) -> Made[Article]:
    """The article's model, with its text; none when it has no readable text (reported where it was
    read). It is in the site's first language unless it says otherwise."""
    if text is None:
        return Made(None, (), ())
    return Made(Article(record.id, record["title"], record["publisher"], record["published"], record["url"],
                        record["archive_url"], record["author"], record["full_text"], text.paragraphs,
                        record["language"] or default_language, by_language(record["translations"])), (), ())


def _page(document: Document, records: dict[str, Record], translations: dict[str, Record],
          project: Project) -> Made[Page]:
    """A Markdown page: its front matter's title, and its body; with its translations."""
    record = records.get(document.id)
    if record is None:
        return Made(None, (), ())
    translated = {tag: {"title": r["title"], "body": project.pages[f"{document.id}.{tag}"].body}
                  for tag, r in translations.items() if r["title"]}
    return Made(Page(document.id, record["title"], document.body, by_language(translated)), (), ())


def _person(record: Record, finder: QuoteFinder) -> Made[Person]:
    problems: list[Diagnostic] = []
    person = Person(record.id, record["name"], record["position"], record["branch"], record["native_name"],
                    tuple(record["aliases"] or ()), record["wikidata"], record["summary"],
                    finder.find(record["sources"], problems), by_language(record["translations"]))
    return Made(person, tuple(problems), _cited_articles(record, finder))


def _event(record: Record, finder: QuoteFinder) -> Made[Event]:
    problems: list[Diagnostic] = []
    event = Event(record.id, record["date"], record["title"], record["kind"], record["status"],
                  tuple(record["people"] or ()), finder.find(record["sources"], problems), record["destination"],
                  record["summary"], record["unnamed"], by_language(record["translations"]))
    return Made(event, tuple(problems), _cited_articles(record, finder))


def _people_found(record: Record, project: Project) -> tuple[bool, ...]:
    return tuple(person_id in project.people for person_id in record["people"] or ())


def _publishers_cited(record: Record, publishers: dict[str, str]) -> tuple[str | None, ...]:
    return tuple(publishers.get(ref.article) for ref in record["sources"] or ())


def _status_evidence(record: Record, event: Event | None, publishers: dict[str, str]) -> Made[None]:
    """The status checked against the stances of the event's citations and their publishers: once
    every article cited has a publisher (one whose record has an error, reported there, cannot
    count yet, and its citations are no problem of the event's: one root error, not one per event)."""
    if event is None or record["status"] is None:
        return Made(None, (), ())  # a quote not found: reported where it is
    if any(not publishers.get(c.article_id) for c in event.sources):
        return Made(None, (), ())
    cited = [Cited(c.stance, publishers[c.article_id]) for c in event.sources if publishers.get(c.article_id)]
    problem = unsupported(record["status"], cited)
    return Made(None, (Diagnostic(record.path, *record.at("status"), problem),) if problem else (), ())


def _has_own_error(record: Record, name: str) -> bool:
    """Whether the field is there with something in it that its own check refused (and said so)."""
    return record.gives(name) and record[name] is None and name not in record.empty


def _missing_people(record: Record, project: Project) -> Made[None]:
    problems = []
    if not any(record[name] for name in EVENT_NEEDS_ONE_OF) and not _has_own_error(record, "unnamed"):
        line, column = record.at("people")
        problems.append(Diagnostic(record.path, line, column, "this event names no one: list the ids of its people "
                                   "under 'people', or say who they are under 'unnamed' (count, who and branch) "
                                   "when the sources do not name them"))
    for person_id, (line, column) in zip(record["people"] or (), record.items_at("people")):
        if person_id not in project.people:
            problems.append(Diagnostic(
                record.path, line, column,
                f"there is no person '{person_id}'{did_you_mean(person_id, project.people)}; "
                f"a person is a file in content/people/ (without .yaml): create content/people/{person_id}.yaml "
                "or correct the id"))
    return Made(None, tuple(problems), ())


def _others_found(record: Record, project: Project) -> tuple[bool, ...]:
    return tuple(person_id in project.people for person_id in record["not_same_as"] or ())


def _missing_others(record: Record, project: Project) -> Made[None]:
    """Each person not_same_as lists is a person, and another one."""
    problems = []
    for person_id, (line, column) in zip(record["not_same_as"] or (), record.items_at("not_same_as")):
        if person_id == record.id:
            problems.append(Diagnostic(record.path, line, column, f"'not_same_as' lists '{person_id}', this very "
                                       "person; list only the others whose names look like this one's"))
        elif person_id not in project.people:
            problems.append(Diagnostic(
                record.path, line, column,
                f"there is no person '{person_id}'{did_you_mean(person_id, project.people)}; "
                "'not_same_as' lists people in content/people/ by their file names (without .yaml)"))
    return Made(None, tuple(problems), ())


def _published(articles: dict[str, Record]) -> dict[str, PartialDate]:
    return {aid: record["published"] for aid, record in articles.items() if record["published"] is not None}


def _published_cited(record: Record, published: dict[str, PartialDate]) -> tuple[PartialDate | None, ...]:
    return tuple(published.get(ref.article) for ref in record["sources"] or ())


def _after_its_articles(record: Record, published: dict[str, PartialDate]) -> Made[None]:
    """An error when the earliest day the event's date allows is after the last day on which the
    latest article it cites can have been published (an article of "2012-07" counts as of 31 July)."""
    date: EventDate | None = record["date"]
    dates = [published[ref.article] for ref in record["sources"] or () if ref.article in published]
    if date is None or date.earliest is None or not dates:
        return Made(None, (), ())
    last = max(dates, key=lambda day: EventDate(day).latest or datetime.date.min)
    if date.earliest <= (EventDate(last).latest or datetime.date.max):
        return Made(None, (), ())
    several = len({ref.article for ref in record["sources"] or () if ref.article in published}) > 1
    when = (f"after every article that reports it was published (the last, {last.display()})" if several
            else f"after the article that reports it was published ({last.display()})")
    return Made(None, (Diagnostic(
        record.path, *record.at("date"),
        f"this event is dated {date.display()}, {when}; an article cannot report what had not happened yet: "
        f"correct the date; if the articles give no day, write ../{last.iso()} (on or before the last "
        f"article's date)"),), ())


def _uncited_position(parsed: Parsed) -> Made[None]:
    """A warning when nothing supports a person's position: they have no sources (looked at once the
    file has no error of its own)."""
    record = parsed.record
    if record is None or record["position"] is None or record["sources"] or errors_in(parsed.problems):
        return Made(None, (), ())
    return Made(None, (Diagnostic(
        record.path, *record.at("position"),
        f"the position '{record['position']}' cites nothing: add under 'sources' a quote from an article that "
        f"gives {record['name'] or 'this person'} this role (article: its id, quote: its words)", WARNING),), ())


_CONVERTER: list[Converter] = []  # made when first needed: most texts are plain


def _sanitised(text: str | None, path: str, at: tuple[int, int], what: str, body: bool = False) -> Made[None]:
    if not text or PLAIN.fullmatch(text):
        return Made(None, (), ())
    if not _CONVERTER:
        _CONVERTER.append(Converter())
    problem = sanitising_problem(_CONVERTER[0], text, path, at, what, body=body)
    return Made(None, (problem,) if problem else (), ())


def _summary_sanitised(record: Record) -> Made[None]:
    return _sanitised(record["summary"], record.path, record.at("summary"), "summary")


def _body_sanitised(document: Document) -> Made[None]:
    return _sanitised(document.body, document.path, (document.body_line, 1), "page", body=True)
