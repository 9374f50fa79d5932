"""The reader's experience in a real browser: accessible pages, filters and search that work and
can be shared, nothing loaded from elsewhere, and everything still there without JavaScript."""

from __future__ import annotations

import json

import pytest
from playwright.sync_api import expect

from conftest import REPO, base_path_of, pages_server, require_tool

AXE = REPO / "node_modules" / "axe-core" / "axe.min.js"
PAGES = {"home": "", "timeline": "timeline/2012/", "event": "events/jihad-al-makdissi-defects/",
         "person": "people/jihad-al-makdissi/", "source": "sources/004_fec588d6dc2c7ff9/", "people index": "people/",
         "sources index": "sources/", "statuses": "statuses/", "page": "methodology/"}
TIMELINE = "timeline/2012/"


def axe_violations(tab) -> list[dict]:
    require_tool(AXE.is_file(), "axe-core is needed: npm ci")
    tab.add_script_tag(path=str(AXE))
    result = tab.evaluate("""async () => await axe.run(document, {
        runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice']}})""")
    return [{"id": v["id"], "help": v["help"], "nodes": [n["target"] for n in v["nodes"]][:5]}
            for v in result["violations"]]


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("name", list(PAGES))
def test_no_accessibility_violations(site, reader, name, scheme):
    reader.emulate_media(color_scheme=scheme)
    reader.goto(site + PAGES[name])
    reader.locator("details").evaluate_all("all => all.forEach(d => d.open = true)")  # check what they hide too
    assert axe_violations(reader) == []


EVIDENCE_PAGES = {"home": "", "timeline": "timeline/2012/", "denied": "events/lina-haddad-defects/",
                  "disputed": "events/karim-aziz-defects/", "unnamed": "events/daraa-mps-defect/",
                  "person": "people/karim-aziz/", "source": "sources/tv-0711/", "people index": "people/"}


@pytest.fixture(scope="module")
def evidence_site(built_evidence):
    base = base_path_of(built_evidence)
    with pages_server(built_evidence.site, base) as origin:
        yield origin + base


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("name", list(EVIDENCE_PAGES))
def test_denials_disputes_and_unnamed_groups_are_accessible(evidence_site, reader, name, scheme):
    reader.emulate_media(color_scheme=scheme)
    reader.goto(evidence_site + EVIDENCE_PAGES[name])
    assert reader.title()
    reader.locator("details").evaluate_all("all => all.forEach(d => d.open = true)")
    assert axe_violations(reader) == []


def test_the_timeline_filters_and_its_address_shares_the_view(site, reader):
    reader.goto(site + TIMELINE)
    events = reader.locator("article.event")
    expect(events).to_have_count(3)
    form = reader.locator("form.filters")
    expect(form).to_be_visible()
    form.get_by_label("Branch").select_option("military")
    expect(reader.locator("article.event:visible")).to_have_count(1)
    expect(reader.locator("#manaf-tlass-defects")).to_be_visible()
    expect(reader.locator(".filter-status")).to_have_text("Showing 1 of 3 events (branch: military).")
    assert reader.url.endswith("?branch=military")
    shared = reader.url
    reader.goto(site)
    reader.goto(shared)  # someone opens the shared address
    expect(reader.locator("article.event:visible")).to_have_count(1)
    expect(form.get_by_label("Branch")).to_have_value("military")
    form.get_by_label("Branch").select_option("")
    form.get_by_label("Status").select_option("confirmed")
    expect(reader.locator("article.event:visible")).to_have_count(0)
    expect(reader.locator("section.month").first).to_be_hidden()
    reader.get_by_role("button", name="Show all").click()
    expect(reader.locator("article.event:visible")).to_have_count(3)
    expect(reader.locator(".filter-status")).to_have_text("Showing all 3 events.")


def test_filters_work_from_the_keyboard(site, reader):
    reader.goto(site + TIMELINE)
    reader.locator("form.filters select[name=kind]").focus()
    reader.keyboard.press("ArrowDown")  # a select changes with the arrow keys when focused
    assert reader.locator("form.filters select[name=kind]").input_value() != ""
    expect(reader.locator(".filter-status")).to_contain_text("Showing")


def search_for(reader, text: str):
    box = reader.get_by_role("searchbox", name="Search people and events")
    box.fill(text)
    return reader.locator(".search-results li")


@pytest.mark.parametrize("query", ["makdisi", "Makdissi", "MAQDISI", "jihad el-makdisi", "makdisi jihad", "مقدسي",
                                   "jihad al makdissi"])
def test_search_finds_a_person_whatever_the_spelling(site, reader, query):
    reader.goto(site + "people/")
    found = search_for(reader, query)
    expect(found.first).to_contain_text("Jihad al-Makdissi")
    expect(found.filter(has_text="Person:")).to_have_count(1)
    found.first.get_by_role("link").click()
    expect(reader).to_have_url(site + "people/jihad-al-makdissi/")


@pytest.mark.parametrize("query, first", [("spokesman", "Jihad al-Makdissi"), ("ambassador", "Syria's ambassador"),
                                          ("turkey", "Syria's ambassador to Iraq defects")])
def test_one_search_finds_people_by_position_and_events_by_title_and_place(site, reader, query, first):
    reader.goto(site + TIMELINE)
    expect(search_for(reader, query).first).to_contain_text(first)


def test_the_search_index_is_loaded_only_when_the_box_is_used(site, reader):
    requested = []
    reader.on("request", lambda request: requested.append(request.url))
    reader.goto(site)
    reader.wait_for_load_state("networkidle")
    assert not any("search.json" in url for url in requested)
    expect(search_for(reader, "nobody-at-all")).to_have_count(0)
    expect(reader.locator(".search-status")).to_have_text("0 people and 0 events match.")
    assert any(url.endswith("data/search.json") for url in requested)


def test_an_old_link_to_an_event_on_the_home_page_reaches_the_event(site, reader):
    reader.goto(site + "#nawaf-fares-defects")
    expect(reader).to_have_url(site + "events/nawaf-fares-defects/")
    reader.goto(site + "#status-denied")
    expect(reader).to_have_url(site + "statuses/#status-denied")
    reader.goto(site + "#main")  # on the page: nothing to do
    expect(reader).to_have_url(site + "#main")


@pytest.mark.parametrize("path", ["", TIMELINE])
def test_a_phones_first_screen_holds_the_first_event(site, browser, path):
    context = browser.new_context(viewport={"width": 375, "height": 812}, is_mobile=True, has_touch=True)
    tab = context.new_page()
    tab.goto(site + path)
    first = tab.locator(".event-summaries li, article.event").first
    assert first.bounding_box()["y"] < 812
    context.close()


@pytest.mark.parametrize("width", [320, 375, 700, 1280])
def test_the_charts_labels_are_readable_and_never_collide(site, browser, width):
    context = browser.new_context(viewport={"width": width, "height": 900})
    tab = context.new_page()
    tab.goto(site)
    boxes = tab.evaluate("""() => [...document.querySelectorAll('figure.chart text')]
        .filter(t => getComputedStyle(t).display !== 'none')
        .map(t => { const r = t.getBoundingClientRect();
                    return {text: t.textContent, size: r.height, left: r.left, right: r.right, top: r.top}; })""")
    assert boxes
    for box in boxes:
        assert box["size"] >= 11, (width, box)  # the text's box: about its font size in CSS pixels
    for a in boxes:
        for b in boxes:
            if a is not b and abs(a["top"] - b["top"]) < 5:
                assert a["right"] <= b["left"] or b["right"] <= a["left"], (width, a, b)
    context.close()


def test_each_bar_of_the_chart_leads_to_its_month(site, reader):
    reader.goto(site)
    bar = reader.locator("figure.chart svg a").first
    assert bar.get_attribute("aria-label").startswith("July 2012: 2")
    bar.click()
    expect(reader).to_have_url(site + TIMELINE + "#month-2012-07")
    expect(reader.locator("#month-2012-07")).to_be_in_viewport()


def test_printed_links_show_their_addresses_entries_stay_whole_and_the_chart_prints_its_numbers(site, reader):
    reader.goto(site + TIMELINE + "?branch=military")
    reader.emulate_media(media="print")
    reader.evaluate("() => window.dispatchEvent(new Event('beforeprint'))")
    link = reader.locator("article.event h3 a").first
    after = link.evaluate("a => getComputedStyle(a, '::after').content")
    assert site + "events/manaf-tlass-defects/" in after
    assert reader.locator("article.event").first.evaluate("e => getComputedStyle(e).breakInside") == "avoid"
    expect(reader.locator(".filter-status")).to_have_text("Showing 1 of 3 events (branch: military).")
    expect(reader.locator(".filter-status")).to_be_visible()
    expect(reader.locator("form.filters select").first).to_be_hidden()
    reader.goto(site)
    reader.emulate_media(media="print")
    reader.evaluate("() => window.dispatchEvent(new Event('beforeprint'))")
    expect(reader.locator("figure.chart table")).to_be_visible()


def test_pages_request_nothing_from_another_origin(site, browser):
    context = browser.new_context()
    tab = context.new_page()
    requested = []
    tab.on("request", lambda request: requested.append(request.url))
    for path in PAGES.values():
        tab.goto(site + path)
        tab.wait_for_load_state("networkidle")
    context.close()
    origin = site.split("/defections/")[0]
    assert requested and all(url.startswith(origin) for url in requested), [u for u in requested if not u.startswith(origin)]


def test_without_javascript_every_event_is_listed(site, built_sample, browser):
    context = browser.new_context(java_script_enabled=False)
    tab = context.new_page()
    tab.goto(site + TIMELINE)
    events = sorted(p.stem for p in (built_sample.root / "content" / "events").glob("*.yaml"))
    expect(tab.locator("article.event")).to_have_count(len(events))
    for event in events:
        expect(tab.locator(f"#{event}")).to_be_visible()
    expect(tab.locator("form.filters")).to_be_hidden()  # controls that could not work are not shown
    expect(tab.locator("form.site-search")).to_be_hidden()
    tab.goto(site + "people/")
    expect(tab.locator(".people-list > li")).to_have_count(3)
    context.close()


def test_a_status_leads_to_its_definition(site, reader):
    reader.goto(site + "people/nawaf-fares/")
    badge = reader.locator("a.status").first
    assert badge.get_attribute("title").startswith("A source reports it")
    badge.click()
    expect(reader).to_have_url(site + "statuses/#status-reported")
    expect(reader.locator("#status-reported")).to_be_in_viewport()
    expect(reader.locator("#status-reported + dd")).to_contain_text("A source reports it, but it has not been confirmed.")
    expect(reader.locator("#status-reported + dd")).to_contain_text("It takes a 'reports' or 'confirms' citation.")


def test_the_chart_has_a_text_alternative(site, reader):
    reader.goto(site)
    svg = reader.locator("figure.chart svg")
    assert "chart-title" in svg.get_attribute("aria-labelledby") and svg.get_attribute("aria-describedby")
    rows = reader.locator("figure.chart table tbody tr")
    expect(rows).to_have_count(1)  # July 2012: al-Makdissi's defection in December is disputed, and not counted
    expect(rows.first).to_contain_text("July 2012")
    totals = reader.locator("figure.chart table tbody tr td:last-child").all_text_contents()
    assert sum(int(t) for t in totals) == 2
    expect(reader.locator("figure.chart figcaption")).to_contain_text("Not counted: 1 in disputed and 0 in denied")
    expect(reader.locator("figure.chart .legend")).to_contain_text("Diplomatic 1")  # per-branch totals


def test_the_timeline_page_is_light(built_sample):
    weight = sum((built_sample.site / p).stat().st_size for p in ("index.html", "timeline/2012/index.html",
                                                                 "assets/style.css", "assets/timeline.js",
                                                                 "assets/search.js", "assets/anchors.js"))
    assert weight < 100_000, weight


@pytest.mark.parametrize("width", [320, 375, 1280])
def test_no_page_scrolls_sideways(site, browser, width):
    context = browser.new_context(viewport={"width": width, "height": 800})
    tab = context.new_page()
    for path in PAGES.values():
        tab.goto(site + path)
        overflow = tab.evaluate("() => document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, (path, width, overflow)
    context.close()


def test_native_names_are_set_right_to_left(site, reader):
    reader.goto(site + "people/nawaf-fares/")
    native = reader.locator(".native-name").first
    assert native.get_attribute("dir") == "rtl" and native.get_attribute("lang") == "ar"
    assert reader.evaluate("() => getComputedStyle(document.querySelector('.native-name')).direction") == "rtl"


def test_the_csp_allows_no_other_origin(built_sample):
    html = (built_sample.site / "index.html").read_text(encoding="utf-8")
    csp = html.split('http-equiv="Content-Security-Policy" content="')[1].split('"')[0]
    directives = dict(part.strip().split(" ", 1) for part in csp.split(";") if part.strip())
    for directive, sources in directives.items():
        for source in sources.split():
            assert source in ("'self'", "'none'", "data:"), (directive, source)
    json.dumps(directives)


def test_a_years_chart_follows_the_filters(evidence_site, reader):
    reader.goto(evidence_site + "timeline/2012/")
    def heights():
        return reader.evaluate("""() => Object.fromEntries([...document.querySelectorAll('.page-chart svg a[data-month]')]
            .map(a => [a.dataset.month, [...a.querySelectorAll('rect[data-branch]')]
                .reduce((sum, r) => sum + Number(r.getAttribute('height')), 0)]))""")
    full = heights()
    assert full["2012-07"] > 0 and full["2012-08"] > 0  # two confirmed military in July, two reported political in August
    reader.locator("form.filters").get_by_label("Branch").select_option("military")
    assert heights() == {"2012-07": full["2012-07"], "2012-08": 0}
    expect(reader.locator(".chart-shown")).to_have_text("With these filters, the chart shows 2 people.")
    reader.locator("form.filters").get_by_label("Status").select_option("reported")
    assert heights() == {"2012-07": 0, "2012-08": 0}
    reader.get_by_role("button", name="Show all").click()
    expect(reader.locator(".filter-status")).to_have_text("Showing all 6 events.")  # (reset applies just after)
    assert heights() == full
