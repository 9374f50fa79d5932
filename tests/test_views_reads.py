"""Each lookup the views offer templates records everything it reads of the content: the preview
renders a page again only when something recorded changes, so a read left out would leave a page
stale. Here every record and index is a spy that notes each field and entry the views touch."""

from __future__ import annotations

import dataclasses

import pytest

from conftest import FIXTURE
from defections.content.model import KIND_OF, Content, Indexes
from defections.content.validate import check
from defections.incremental.dependencies import Dependencies
from defections.reads import ANY, EVERYTHING, MEMBERS
from defections.render.chart import defections_by_month
from defections.render.localised import Localised
from defections.render.views import Views
from defections.reuse import FROM_NOTHING


class Spy:
    """A record that notes (kind, id, field) for each field read of it."""

    def __init__(self, record, touched):
        object.__setattr__(self, "_record", record)
        object.__setattr__(self, "_touched", touched)

    def __getattr__(self, name):
        record = self._record
        kind = KIND_OF[type(record)]
        if name != "id":  # a record's id is its key: it never changes (another id is another record)
            self._touched.add((kind, None if kind == "site" else record.id, name))
        return getattr(record, name)


class SpyIndex(dict):
    """An index that notes (what, key, MEMBERS) for each entry looked up in it."""

    def __init__(self, what, found, touched, key=lambda key: key, field=MEMBERS):
        super().__init__(found)
        self.what, self.touched, self.key, self.field = what, touched, key, field

    def get(self, key, default=None):
        self.touched.add((self.what, self.key(key), self.field))
        return super().get(key, default)

    def __getitem__(self, key):
        self.touched.add((self.what, self.key(key), self.field))
        return super().__getitem__(key)


@pytest.fixture(scope="module")
def spied():
    content, problems = check(FIXTURE)
    assert content is not None, problems
    touched: set = set()

    def spies(records):
        return {key: Spy(record, touched) for key, record in records.items()}

    indexes = Indexes(SpyIndex("events of", content.indexes.events_by_person, touched),
                      SpyIndex("citers", content.indexes.citers, touched, key=lambda key: key[0]),
                      SpyIndex("quotes of", content.indexes.citations_by_article, touched),
                      timeline_pages=SpyIndex("timeline page of", content.indexes.timeline_pages, touched))
    history = SpyIndex("history", {"content/people/omar-haddad.yaml": None}, touched, field="date")
    spied_content = dataclasses.replace(content, site=Spy(content.site, touched), people=spies(content.people),
                                        events=spies(content.events), articles=spies(content.articles),
                                        pages=spies(content.pages), indexes=indexes, history=history)
    return content, spied_content, touched


def calls(content: Content):
    """Every lookup of the views, with arguments from the content."""
    person, event, article = content.people["omar-haddad"], content.events["omar-haddad-defects"], content.articles["alpha"]
    citation = event.sources[0]
    arabic = Localised("ar", content.site)  # a page in another language reads the records' translations too
    yield "absolute", ("people/",)
    yield "website_jsonld", (arabic,)
    yield "changed_on", ("people", "omar-haddad")
    yield "navigation", ()
    yield "pages", ()
    yield "people", ()
    yield "person_jsonld", (person, arabic)
    yield "search_terms", (person,)
    yield "events_of", (person,)
    yield "person_citations", (person,)
    yield "people_of", (event,)
    yield "branches_of", (event,)
    yield "leading", (event,)
    yield "other_quotes", (event,)
    yield "backing", (event,)
    yield "story", (event,)
    yield "dates_given", (event,)
    yield "timeline", ()
    yield "timeline_pages", ()
    yield "timeline_page", ("timeline/2012/",)
    yield "overview", ()
    yield "bar_addresses", (defections_by_month(content.events, {pid: p.branch for pid, p in content.people.items()}),)
    yield "latest", ()
    yield "on_the_timeline", (event,)
    yield "related", (event,)
    yield "citations", (event,)
    yield "more_than_the_leading", (event,)
    yield "people_index", ("people/", arabic)
    yield "sources_index", ("sources/",)
    yield "not_counted", ()
    yield "page_chart", ("timeline/2012/",)
    yield "chart_people", (event,)
    yield "years", ()
    yield "chart", ()
    yield "citation", (citation,)
    yield "in_context", (citation,)
    yield "articles", ()
    yield "article_jsonld", (article, arabic)
    yield "paragraphs", (article,)
    yield "citers", (article, citation.anchor)
    yield "sources_cited", (article,)


def covered(read, recorded) -> bool:
    kind, record_id, field = read
    return any(candidate in recorded for candidate in (read, (kind, record_id, ANY), (kind, None, field),
                                                       (kind, None, ANY), EVERYTHING))


@pytest.mark.parametrize("method", [name for name, _ in calls(check(FIXTURE)[0])])
def test_each_lookup_records_what_it_reads(spied, method):
    plain, content, touched = spied
    dependencies = Dependencies()
    views = Views(content, FROM_NOTHING, dependencies)
    arguments = dict(calls(content))[method]
    touched.clear()
    if method in ("navigation", "pages"):  # worked out when the views are made, once for every page
        views = Views(content, FROM_NOTHING, dependencies)
    with dependencies.rendering("page.html") as rendering:
        result = getattr(views, method)(*arguments)
        if method == "paragraphs":
            views.trailing_gap(*arguments, result)
    missing = sorted(read for read in touched if not covered(read, rendering.reads))
    assert not missing, f"views.{method}() reads without recording: {missing}"
    assert touched, f"views.{method}() read nothing: the spies are not in its way"


def test_every_lookup_the_views_offer_is_checked():
    public = {name for name, value in vars(Views).items() if callable(value) and not name.startswith("_")}
    assert public - {name for name, _ in calls(check(FIXTURE)[0])} == {"trailing_gap"}  # (checked with paragraphs)
