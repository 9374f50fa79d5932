"""A reader's view of the built site: every person has a page, every quote leads to its words,
the timeline reads in order, and every link works under a base path."""

from __future__ import annotations

import json
import re
from urllib.parse import unquote, urljoin, urlsplit

import pytest
import yaml

from conftest import base_path_of, broken_links, page_for, soup
from defections.content.quotes import fold, segments

SITES = ["built_sample", "built_fixture"]


@pytest.fixture(params=SITES)
def built(request):
    return request.getfixturevalue(request.param)


def records(project, folder):
    return {p.stem: yaml.safe_load(p.read_text(encoding="utf-8"))
            for p in sorted((project.root / "content" / folder).glob("*.yaml"))}


def test_every_person_has_a_page_with_their_name(built):
    people = records(built, "people")
    assert people, "the project should have people"
    index = built.html("people/index.html")
    listed = {urljoin("https://x.invalid/people/index.html", a["href"]) for a in index.select("main a")}
    for person_id, person in people.items():
        page = built.html(f"people/{person_id}/index.html")
        assert page.h1.get_text(strip=True) == person["name"]
        assert page.find(string=re.compile(re.escape(person["position"])))
        assert f"https://x.invalid/people/{person_id}/" in listed


def test_every_internal_link_and_anchor_resolves(built):
    assert broken_links(built.site, base_path_of(built)) == []


def test_every_quote_link_leads_to_a_mark_holding_the_quote(built):
    """Follow each quote's link from people pages and the timeline to its source page: the
    anchor is a <mark>, and the marked words are the quoted ones."""
    checked = 0
    for page in [built.site / "index.html", *sorted((built.site / "people").glob("*/index.html"))]:
        document = soup(page.read_text(encoding="utf-8"))
        for blockquote in document.select("figure.citation blockquote"):
            link = blockquote.find("a")
            quote = link.get_text()
            address = urlsplit(urljoin("https://x.invalid/" + page.relative_to(built.site).as_posix(), link["href"]))
            target = soup(page_for(built.site, address.path.lstrip("/")).read_text(encoding="utf-8"))
            mark = target.find(id=address.fragment)
            assert mark is not None and mark.name == "mark", link["href"]
            # A quote split around another, or by an ellipsis, is several marks with its data-quote.
            marked = "".join(m.get_text() for m in target.find_all("mark", attrs={"data-quote": address.fragment}))
            for part in segments(quote):
                assert part in fold(marked), (quote, marked)
            checked += 1
    assert checked >= 3


def test_each_cited_quote_is_marked_once_with_its_own_id(built):
    for page in sorted((built.site / "sources").glob("*/index.html")):
        ids = [m["id"] for m in soup(page.read_text(encoding="utf-8")).find_all("mark", id=True)]
        assert len(ids) == len(set(ids)), page


def test_timeline_lists_events_oldest_first_grouped_by_year_and_month(built):
    events = records(built, "events")
    page = built.timeline()
    shown = [article["id"] for article in page.select("article.event")]
    assert sorted(shown) == sorted(events)

    def start_of_period(event_id):
        parts = [int(p) for p in str(events[event_id]["date"]).split("-")]
        return (parts + [0, 0])[:3], event_id

    assert shown == sorted(shown, key=start_of_period)
    for timeline_page in built.timeline_pages():
        year_label = timeline_page.parent.relative_to(built.site / "timeline").parts[0]
        for event in soup(timeline_page.read_text(encoding="utf-8")).select("article.event"):
            assert str(events[event["id"]]["date"]).startswith(year_label)


def test_an_event_shows_its_date_kind_status_people_and_lead_quote(built_sample):
    event = built_sample.timeline().find(id="nawaf-fares-defects")
    assert event.h3.get_text(strip=True) == "Syria's ambassador to Iraq defects"
    assert event.h3.a["href"] == "../../events/nawaf-fares-defects/"
    assert event.time["datetime"] == "2012-07-11" and event.time.get_text() == "11 July 2012"
    text = event.get_text(" ", strip=True)
    assert "defection" in text and "reported" in text and "To Turkey" in text
    assert event.select_one(".people a")["href"] == "../../people/nawaf-fares/"
    assert "The Syrian ambassador to Iraq has defected" in event.blockquote.get_text()


def test_partial_dates_show_at_their_own_precision(built_fixture):
    page = built_fixture.timeline()
    assert page.find(id="general-dismissed").time.get_text() == "2011"
    assert page.find(id="omar-haddad-denies").time.get_text() == "March 2012"
    assert page.find(id="omar-haddad-defects").time.get_text() == "6 March 2012"
    assert [page.h1.get_text() for page in map(soup, (p.read_text(encoding="utf-8")
                                                     for p in built_fixture.timeline_pages()))] == ["2011", "2012"]
    months = [h2.get_text(strip=True) for h2 in page.select("section.month h2")]
    assert months == ["Month not known", "March 2012"]


def test_native_names_carry_their_language_and_direction(built_sample):
    page = built_sample.html("people/nawaf-fares/index.html")
    native = page.select_one(".native-name")
    assert native.get_text() == "نواف الفارس"
    assert native["lang"] == "ar" and native["dir"] == "rtl"


def test_a_person_page_links_each_quote_to_the_original_with_a_text_fragment(built_fixture):
    page = built_fixture.html("people/omar-haddad/index.html")
    original = page.select_one("a.original")
    assert original["href"].startswith("https://news.example.com/2012/officials?id=1&x=2#:~:text=")
    fragment = unquote(original["href"].split("#:~:text=")[1])
    assert fragment == "The deputy minister, Omar Haddad, has defected to Jordan"
    archived = page.select_one("a.archived")
    assert "#:~:text=" in archived["href"] and archived["href"].startswith("https://web.archive.org/")


def test_a_text_fragment_uses_the_articles_own_words_and_spans_an_ellipsis(built_fixture, built_sample):
    # The editor typed straight quotes and a hyphen; the article has curly quotes and a dash.
    link = built_fixture.html("events/omar-haddad-defects/index.html").select_one("a.original")
    assert unquote(link["href"].split("#:~:text=")[1]) == "The deputy minister, Omar Haddad, has defected to Jordan"
    person = built_fixture.html("people/omar-haddad/index.html")
    texts = [unquote(a["href"].split("#:~:text=")[1]) for a in person.find_all("a", href=re.compile("news.example"))]
    assert "“He left at night — nobody knew.”" in texts
    assert all("-" not in a["href"].split("#:~:text=")[1] for a in person.find_all("a", href=re.compile(":~:text")))


def test_source_page_shows_only_cited_paragraphs_unless_full_text(built_fixture):
    alpha = built_fixture.html("sources/alpha/index.html")
    paragraphs = [p["id"] for p in alpha.select("p.paragraph")]
    assert paragraphs == ["p2", "p3", "p5"]  # the headline and the ministry's paragraph are not cited
    assert len(alpha.select("p.gap")) == 2  # before p2, and between p3 and p5 (p5 is the last)
    beta = built_fixture.html("sources/beta/index.html")
    assert [p["id"] for p in beta.select("p.paragraph")] == ["p1", "p2", "p3", "p4"]
    assert not beta.select("p.gap")


def test_source_page_says_who_cites_each_quote(built_fixture):
    alpha = built_fixture.html("sources/alpha/index.html")
    mark = alpha.find("mark", id=re.compile("^q-the-deputy-minister"))
    assert mark.get_text() == "The deputy minister, Omar Haddad, has defected to Jordan"
    cited = alpha.find("a", href="#" + mark["id"]).find_parent("li")
    citers = {a.get_text() for a in cited.find_all("a")[1:]}
    assert citers == {'Omar Haddad <script>alert("name")</script>',
                      'Deputy minister defects </h4><script>alert("title")</script> (6 March 2012)'}


def test_overlapping_quotes_nest_and_every_mark_is_inside_its_paragraph(built_fixture):
    alpha = built_fixture.html("sources/alpha/index.html")
    paragraph = alpha.find(id="p2")
    whole = paragraph.find("mark", id=re.compile("^q-the-deputy"))
    inner = whole.find("mark", id=re.compile("^q-omar-haddad"))
    assert inner is not None, "the quote that starts inside another nests in it"
    pieces = paragraph.find_all("mark", attrs={"data-quote": inner["id"]})
    assert len(pieces) == 2, "it crosses the end of the outer quote, so it is split there"
    assert "".join(m.get_text() for m in pieces) == "Omar Haddad, has defected to Jordan, officials said"


def test_pages_from_markdown_are_linked_from_the_navigation(built_fixture):
    home = built_fixture.html("index.html")
    link = home.select_one("nav").find("a", string="About <this> project")
    assert link["href"] == "about/"
    page = built_fixture.html("about/index.html")
    assert page.find("table").find("td").get_text() == "Overlapping quotes"


HOSTILE = re.compile(r"alert\(")


def test_hostile_text_is_shown_as_text_and_never_runs(built_fixture):
    for page in sorted(built_fixture.site.rglob("*.html")):
        document = soup(page.read_text(encoding="utf-8"))
        for script in document.find_all("script"):
            if script.get("src"):  # our own code, from the site's assets, never inline
                assert re.fullmatch(r"(\.\./)*assets/[a-z]+\.js|/some-repo/assets/[a-z]+\.js", script["src"]) \
                    and not script.string, (page, script)  # the 404 page is served anywhere: from the site's root
                continue
            assert script.get("type") == "application/ld+json", (page, script)  # data: never runs
            assert "<" not in script.string
            json.loads(script.string)
        assert document.find("img") is None, page
        for tag in document.find_all(True):
            assert not any(name.startswith("on") for name in tag.attrs), (page, tag)
            href = tag.get("href", "")
            assert not href.lower().startswith("javascript:"), (page, tag)
    person = built_fixture.html("people/omar-haddad/index.html")
    assert person.h1.get_text() == 'Omar Haddad <script>alert("name")</script>'
    assert person.find("a", string="a good one")["href"] == "https://example.org/omar"
    assert person.find("a", string="a bad link") is None and "a bad link" in person.get_text()
    assert '<img src=x onerror=alert(1)>' in person.get_text()  # the alias, shown as text
    data = json.loads(person.find("script", type="application/ld+json").string)
    assert data["name"] == 'Omar Haddad <script>alert("name")</script>'
    assert "<img src=x onerror=alert(1)>" in data["alternateName"]


def test_a_text_field_is_never_turned_into_a_boolean(built_fixture):
    event = built_fixture.timeline().find(id="omar-haddad-defects")
    assert event.select_one(".destination").get_text() == "To NO"


def test_pages_make_no_request_to_another_origin(built):
    for page in sorted(built.site.rglob("*.html")):
        document = soup(page.read_text(encoding="utf-8"))
        for tag in document.find_all(["link", "script", "img", "iframe", "source"]):
            address = tag.get("href") or tag.get("src") or ""
            if tag.name == "link" and (tag.get("rel") == ["canonical"] or tag.get("hreflang")):
                continue  # addresses of this page (in each language) that are never fetched
            assert not urlsplit(address).scheme and not address.startswith("//"), (page, tag)


def test_every_page_declares_its_language_and_has_one_main_and_one_h1(built):
    for page in sorted(built.site.rglob("*.html")):
        document = soup(page.read_text(encoding="utf-8"))
        assert document.html["lang"] == ("ar" if page.relative_to(built.site).parts[0] == "ar" else "en"), page
        assert len(document.find_all("main")) == 1 and len(document.find_all("h1")) == 1, page
        assert document.select_one("a.skip-link")["href"] == "#main"


def test_when_a_record_last_changed_comes_from_git_history(sample):
    import os
    import subprocess

    env = {**os.environ, "GIT_AUTHOR_NAME": "Editor", "GIT_AUTHOR_EMAIL": "e@example.invalid",
           "GIT_COMMITTER_NAME": "Editor", "GIT_COMMITTER_EMAIL": "e@example.invalid",
           "GIT_AUTHOR_DATE": "2024-03-05T12:00:00Z", "GIT_COMMITTER_DATE": "2024-03-05T12:00:00Z"}
    assert sample.build().code == 0
    assert "Record last changed" not in sample.read("site/people/nawaf-fares/index.html")  # no history: no date
    for command in (["init", "-q"], ["add", "content", "seeds"], ["commit", "-qm", "sample"]):
        subprocess.run(["git", *command], cwd=sample.root, env=env, check=True)
    assert sample.build().code == 0
    person = sample.html("people/nawaf-fares/index.html")
    changed = person.select_one("p.changed time")
    assert changed["datetime"] == "2024-03-05" and changed.get_text() == "5 March 2024"
    source = sample.html("sources/004_fec588d6dc2c7ff9/index.html")
    assert source.select_one("p.changed time")["datetime"] == "2024-03-05"
