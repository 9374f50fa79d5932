"""The reader's experience in a real browser: accessible pages, filters and search that work and
can be shared, nothing loaded from elsewhere, and everything still there without JavaScript."""

from __future__ import annotations

import json

import pytest
from playwright.sync_api import expect

from conftest import REPO, base_path_of, pages_server, require_tool

AXE = REPO / "node_modules" / "axe-core" / "axe.min.js"
PAGES = {"timeline": "", "person": "people/jihad-al-makdissi/", "source": "sources/004_fec588d6dc2c7ff9/",
         "people index": "people/", "sources index": "sources/", "page": "methodology/"}


@pytest.fixture(scope="module")
def site(built_sample):
    base = base_path_of(built_sample)
    with pages_server(built_sample.site, base) as origin:
        yield origin + base


@pytest.fixture
def reader(browser):
    """A reader's tab: the page's own Content-Security-Policy is bypassed only so axe can be injected."""
    context = browser.new_context(bypass_csp=True)
    tab = context.new_page()
    yield tab
    context.close()


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


EVIDENCE_PAGES = {"timeline": "", "denied": "people/lina-haddad/", "disputed": "people/karim-aziz/",
                  "confirmed": "people/nabil-samir/", "source": "sources/tv-0711/", "people index": "people/"}


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
    reader.goto(site)
    events = reader.locator("article.event")
    expect(events).to_have_count(3)
    form = reader.locator("form.filters")
    expect(form).to_be_visible()
    form.get_by_label("Branch").select_option("military")
    expect(reader.locator("article.event:visible")).to_have_count(1)
    expect(reader.locator("#manaf-tlass-defects")).to_be_visible()
    expect(reader.locator(".filter-status")).to_have_text("Showing 1 of 3 events.")
    assert reader.url.endswith("?branch=military")
    shared = reader.url
    reader.goto(site)
    reader.goto(shared)  # someone opens the shared address
    expect(reader.locator("article.event:visible")).to_have_count(1)
    expect(form.get_by_label("Branch")).to_have_value("military")
    form.get_by_label("Branch").select_option("")
    form.get_by_label("Status").select_option("confirmed")
    expect(reader.locator("article.event:visible")).to_have_count(0)
    expect(reader.locator("section.year").first).to_be_hidden()
    reader.get_by_role("button", name="Show everything").click()
    expect(reader.locator("article.event:visible")).to_have_count(3)


def test_filters_work_from_the_keyboard(site, reader):
    reader.goto(site)
    reader.locator("form.filters select[name=kind]").focus()
    reader.keyboard.press("ArrowDown")  # a select changes with the arrow keys when focused
    assert reader.locator("form.filters select[name=kind]").input_value() != ""
    expect(reader.locator(".filter-status")).to_contain_text("Showing")


@pytest.mark.parametrize("query", ["makdisi", "Makdissi", "MAQDISI", "jihad el-makdisi", "makdisi jihad", "مقدسي",
                                   "jihad al makdissi"])
def test_search_finds_a_person_whatever_the_spelling(site, reader, query):
    reader.goto(site + "people/")
    search = reader.get_by_label("Find a person by any spelling of their name")
    search.fill(query)
    visible = reader.locator(".people-list > li:visible")
    expect(visible).to_have_count(1)
    expect(visible).to_contain_text("Jihad al-Makdissi")
    assert "q=" in reader.url


def test_search_for_someone_else_hides_the_others(site, reader):
    reader.goto(site + "people/?q=faris")
    expect(reader.locator(".people-list > li:visible")).to_have_count(1)
    expect(reader.locator(".people-list > li:visible")).to_contain_text("Nawaf Fares")
    reader.get_by_label("Find a person by any spelling of their name").fill("nobody-at-all")
    expect(reader.locator(".people-list > li:visible")).to_have_count(0)
    expect(reader.locator(".search-status")).to_have_text("0 of 3 people match.")


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
    tab.goto(site)
    events = sorted(p.stem for p in (built_sample.root / "content" / "events").glob("*.yaml"))
    expect(tab.locator("article.event")).to_have_count(len(events))
    for event in events:
        expect(tab.locator(f"#{event}")).to_be_visible()
    expect(tab.locator("form.filters")).to_be_hidden()  # controls that could not work are not shown
    tab.goto(site + "people/")
    expect(tab.locator(".people-list > li")).to_have_count(3)
    context.close()


def test_a_status_leads_to_its_definition(site, reader):
    reader.goto(site + "people/nawaf-fares/")
    badge = reader.locator("a.status").first
    assert badge.get_attribute("title").startswith("A source reports it")
    badge.click()
    expect(reader.locator("#status-reported")).to_be_in_viewport()
    expect(reader.locator("#status-reported + dd")).to_have_text("A source reports it, but it has not been confirmed.")


def test_the_chart_has_a_text_alternative(site, reader):
    reader.goto(site)
    svg = reader.locator("figure.chart svg")
    assert svg.get_attribute("role") == "img" and "chart-title" in svg.get_attribute("aria-labelledby")
    rows = reader.locator("figure.chart table tbody tr")
    expect(rows).to_have_count(1)  # July 2012: al-Makdissi's defection in December is disputed, and not counted
    expect(rows.first).to_contain_text("July 2012")
    totals = reader.locator("figure.chart table tbody tr td:last-child").all_text_contents()
    assert sum(int(t) for t in totals) == 2
    expect(reader.locator("figure.chart figcaption")).to_contain_text("Not counted: 1 disputed and 0 denied.")


def test_the_timeline_page_is_light(built_sample):
    weight = sum((built_sample.site / p).stat().st_size for p in ("index.html", "assets/style.css", "assets/timeline.js"))
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
