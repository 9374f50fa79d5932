"""The timeline as an archive: a page per event, a page per year (and per month, and numbered
pages, past 500 events), an overview on the home page, and old links that still arrive."""

from __future__ import annotations

import json
import re
from collections import Counter

import pytest

from conftest import ARCHIVE_ARTICLE, Project, broken_links, copy_project, pages_server, soup, write_archive

# 2011 is one page; 2012 has 1,009 events: a page per month, July cut in three pages.
DATES = (["2011-03-01", "2011-03-02", "2011"]
         + [f"2012-07-{1 + n % 28:02d}" for n in range(1001)] + ["2012-07-30/2012-08-02"]
         + ["2012-08-01", "2012-08-02", "2012-08-03", "../2012-08"] + ["2012", "2012~"])


@pytest.fixture(scope="module")
def archive(tmp_path_factory) -> Project:
    project = write_archive(tmp_path_factory.mktemp("archive") / "archive", 520, DATES)
    result = project.build()
    assert result.code == 0, result.err
    return project


def timeline_pages(project: Project) -> dict[str, list[str]]:
    """Each timeline page of the site (in the order of their addresses), with the ids of the events
    listed on it."""
    return {page.relative_to(project.site).parent.as_posix() + "/":
            [a["id"] for a in soup(page.read_text(encoding="utf-8")).select("article.event")]
            for page in sorted((project.site / "timeline").rglob("index.html"), key=lambda p: p.parent.as_posix())}


def test_every_event_has_its_page_and_is_on_exactly_one_timeline_page(archive):
    pages = timeline_pages(archive)
    listed = Counter(event_id for ids in pages.values() for event_id in ids)
    events = {f"event-{n:04d}" for n in range(len(DATES))}
    assert set(listed) == events and set(listed.values()) == {1}
    for event_id in events:
        page = archive.html(f"events/{event_id}/index.html")
        assert page.h1.get_text() == f"Event {int(event_id[6:])} happens"
        back = page.select_one(".on-timeline a")["href"]
        assert back.endswith(f"#{event_id}") and event_id in pages[back.split("#")[0].replace("../", "")]


def test_a_year_past_500_events_has_a_page_per_month_and_a_month_past_500_numbered_pages(archive):
    pages = timeline_pages(archive)
    assert sorted(pages) == ["timeline/2011/", "timeline/2012/", "timeline/2012/07/", "timeline/2012/07/2/",
                             "timeline/2012/07/3/", "timeline/2012/08/"]
    assert [len(pages[p]) for p in ("timeline/2012/07/", "timeline/2012/07/2/", "timeline/2012/07/3/")] == \
        [500, 500, 2]
    assert len(pages["timeline/2011/"]) == 3
    year = archive.html("timeline/2012/index.html")
    months = [(a.get_text(), a.find_next("span").get_text()) for a in year.select(".month-pages a")]
    assert months == [("July 2012", "1,002 events"), ("August 2012", "4 events")]  # thousands separated
    assert sorted(pages["timeline/2012/"]) == ["event-1009", "event-1010"]  # known only to the year: on its page
    parts = archive.html("timeline/2012/07/2/index.html")
    assert parts.h1.get_text() == "July 2012, page 2"
    assert [a.get_text() for a in parts.select(".parts a")] == ["Page 1", "Page 2", "Page 3"]
    assert parts.select_one('.parts a[aria-current="page"]').get_text() == "Page 2"


def test_an_event_is_on_the_page_of_its_earliest_day_in_timeline_order(archive):
    pages = timeline_pages(archive)
    assert "event-1004" in pages["timeline/2012/07/3/"]  # 30 July – 2 August 2012: under July
    assert "event-1008" in pages["timeline/2012/08/"]  # before August 2012: only its end is known
    july = [int(i[6:]) for p in ("timeline/2012/07/", "timeline/2012/07/2/", "timeline/2012/07/3/") for i in pages[p]]
    days = [DATES[n][8:10] for n in july]
    assert days == sorted(days)  # oldest first across the pages
    assert pages["timeline/2011/"] == ["event-0002", "event-0000", "event-0001"]  # a year-only date first


def test_the_home_page_is_an_overview_with_counts_and_links_to_every_period(archive):
    home = archive.html("index.html")
    assert len((archive.site / "index.html").read_bytes()) < 150_000
    headline = home.select_one(".headline").get_text(" ", strip=True)
    assert "1,011 people in confirmed and reported defections: 1,011 military" in headline
    assert [li.a.get_text() for li in home.select(".event-summaries li")][:2] == ["Event 1007 happens",
                                                                                "Event 1006 happens"]
    years = {a.get_text(): a["href"] for a in home.select(".years > li > a")}
    assert years == {"2011": "timeline/2011/", "2012": "timeline/2012/"}
    months = {a.get_text(): a["href"] for a in home.select(".years .months a")}
    assert months["July"] == "timeline/2012/07/" and months["March"] == "timeline/2011/#month-2011-03"
    bars = [a["href"] for a in home.select("svg a")]
    assert bars and all(href.startswith("timeline/") for href in bars)
    assert not home.select("article.event")  # the events are on their pages, not on the home page


def test_past_500_people_the_index_lists_them_by_initial(archive):
    index = archive.html("people/index.html")
    initials = {a.get_text(): (a["href"], a.find_next("span").get_text()) for a in index.select(".initials a")}
    assert initials["A"] == ("../people/a/", "20") and "Other" not in initials  # 'Abd is under A
    assert not index.select(".people-list li")
    a = archive.html("people/a/index.html")
    names = [li.a.get_text() for li in a.select(".people-list li")]
    assert len(names) == 20 and all(name.lstrip("'").startswith("A") for name in names)


def test_every_link_and_anchor_resolves_under_the_base_path(archive):
    assert broken_links(archive.site, "/archive/") == []


def test_the_sitemap_lists_every_event_and_timeline_page(archive):
    sitemap = (archive.site / "sitemap.xml").read_text(encoding="utf-8")
    assert sitemap.count("/archive/events/") == len(DATES)
    for page in timeline_pages(archive):
        assert f"https://example.github.io/archive/{page}<" in sitemap


def test_old_anchors_of_the_one_page_timeline_are_mapped(archive):
    anchors = json.loads((archive.site / "data" / "anchors.json").read_text(encoding="utf-8"))
    assert len(anchors["events"]) == len(DATES) and "event-0005" in anchors["events"]
    assert anchors["moved"]["status-denied"] == "statuses/#status-denied"
    assert anchors["moved"]["month-2012-07"] == "timeline/2012/07/"
    assert anchors["moved"]["month-2011-03"] == "timeline/2011/#month-2011-03"
    assert anchors["moved"]["year-2012"] == "timeline/2012/"


def test_no_page_is_over_a_megabyte(archive):
    assert max(p.stat().st_size for p in archive.site.rglob("*.html")) < 1_000_000


def test_feed_and_data_link_events_to_their_pages(built_sample):
    feed = (built_sample.site / "feed.xml").read_text(encoding="utf-8")
    assert re.search(r'<link [^>]*href="https://[^"]+/events/nawaf-fares-defects/"', feed)
    events = json.loads((built_sample.site / "data" / "events.json").read_text(encoding="utf-8"))["events"]
    assert all(e["page"].endswith(f"/events/{e['id']}/") for e in events)
    person = built_sample.html("people/nawaf-fares/index.html")
    assert person.select_one(".event h3 a")["href"] == "../../events/nawaf-fares-defects/"
    assert person.select_one("a.status")["href"] == "../../statuses/#status-reported"


def test_an_event_page_shows_everything_about_it(built_evidence):
    page = built_evidence.html("events/karim-aziz-defects/index.html")
    facts = dict(zip([dt.get_text() for dt in page.select(".facts dt")],
                     [dd.get_text(" ", strip=True) for dd in page.select(".facts dd")]))
    assert facts["Date"] == "6–8 August 2012" and facts["Status"].startswith("Status: disputed")
    assert facts["Person"] == "Karim Aziz" and facts["Destination"] == "Turkey"
    citations = page.select("section[aria-labelledby=quotes-title] figure.citation")
    assert len(citations) == 3
    for figure in citations:
        assert figure.select_one("blockquote a")["href"].startswith("../../sources/")
    assert page.select_one(".verdict-disputed")
    group = built_evidence.html("events/daraa-mps-defect/index.html")
    assert "2 members of parliament from Daraa (not named)" in group.select_one(".facts").get_text(" ", strip=True)


def test_a_project_that_took_a_new_page_id_is_told(project):
    project.write("content/pages/timeline.md", "---\ntitle: Timeline\n---\nText.\n")
    result = project.check()
    assert result.code == 1 and "content/pages/timeline.md" in result.err


def test_a_year_of_500_events_is_one_page(tmp_path):
    project = write_archive(tmp_path / "five-hundred", 10, ["2012-05-01"] * 500)
    assert project.build().code == 0
    assert list(timeline_pages(project)) == ["timeline/2012/"]
    again = copy_project(project.root, tmp_path / "five-hundred-and-one")
    again.write("content/events/event-0500.yaml", again.read("content/events/event-0499.yaml"))
    assert again.build().code == 0
    assert sorted(timeline_pages(again)) == ["timeline/2012/", "timeline/2012/05/", "timeline/2012/05/2/"]


def test_past_500_articles_the_sources_index_lists_them_by_year(tmp_path):
    project = write_archive(tmp_path / "sources", 2, ["2012-05-01"])
    for n in range(501):
        project.write(f"seeds/wire-{n}.txt", ARCHIVE_ARTICLE)
        project.write(f"content/articles/wire-{n}.yaml", f"title: Report {n}\npublisher: Example Wire\n"
                                                         f"published: {2011 + n % 2}-06-01\nfull_text: true\n")
    result = project.build()
    assert result.code == 0, result.err
    index = project.html("sources/index.html")
    assert {a.get_text(): a.find_next("span").get_text() for a in index.select(".initials a")} == \
        {"2011": "251", "2012": "250", "2013": "1"}
    year = project.html("sources/2012/index.html")
    rows = year.select(".sources-list li")
    assert len(rows) == 250 and year.h1.get_text() == "Sources published in 2012"
    assert " ".join(rows[0].get_text().split()).startswith("Report 1 Example Wire, 1 June 2012")  # no stray comma


@pytest.mark.parametrize("path, message", [
    ("content/people/a.yaml", "a person cannot be called 'a': past 500 people the people index lists them by initial"),
    ("content/articles/2012.yaml", "an article cannot be called '2012': past 500 articles the sources index lists"),
])
def test_an_id_an_index_page_would_take_is_refused(project, path, message):
    project.write(path, "name: A\n")
    result = project.check()
    assert result.code == 1 and f"{path}:1:1: error: {message}" in result.err


def test_a_long_quote_is_labelled_with_one_ellipsis(built_fixture):
    labels = [a.get_text() for a in built_fixture.html("sources/alpha/index.html").select(".cited-by li > a:first-child")]
    assert labels and not any("……" in label or "… …" in label or "...…" in label for label in labels)


def test_a_split_years_page_counts_the_whole_year_and_has_its_chart(archive):
    year = archive.html("timeline/2012/index.html")
    assert year.select_one(".period-meta .count").get_text(" ", strip=True).startswith(
        "1,008 events, 2 of them known only to the year")
    assert year.select_one("details.page-chart svg a[data-month='2012-07']")


def test_initials_are_the_first_latin_letter_of_the_transliterated_name():
    from defections.urls import person_initial
    assert [person_initial(n) for n in ("'Ali Hassan", "ʿAbd al-Karim", "Émile Zola", "أحمد الخطيب", "123")] == \
        ["a", "a", "e", "h", "0"]  # anyascii writes أحمد as 'hmd


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("path", ["timeline/2012/", "people/", "people/a/"])  # (a month page: test_reader)
def test_the_split_pages_are_accessible(archive, browser, path, scheme):
    from test_reader import axe_violations
    with pages_server(archive.site, "/archive/") as origin:
        context = browser.new_context(bypass_csp=True, color_scheme=scheme)
        tab = context.new_page()
        tab.goto(origin + "/archive/" + path)
        tab.locator("details").evaluate_all("all => all.forEach(d => d.open = true)")
        try:
            assert axe_violations(tab) == []
        finally:
            context.close()
