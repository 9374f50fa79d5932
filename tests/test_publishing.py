"""A maintainer publishes on GitHub Pages: the site works under a project path, is valid HTML,
is found by search engines and feed readers, and its data can be reused and re-anchored."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import subprocess
from datetime import datetime
from pathlib import Path
from urllib.parse import unquote, urljoin

import feedparser
import pytest
import yaml
from lxml import etree

from conftest import FIXTURE, REPO, copy_project, fetch, pages_server, require_tool, soup
from defections.content.quotes import paragraphs

BASE = "/some-repo/"
FORMATS = Path(__file__).parent / "fixtures" / "formats"


@pytest.fixture(scope="module")
def published(tmp_path_factory):
    """The fixture project built with base_url https://example.github.io/some-repo/, served under
    /some-repo/ on loopback."""
    project = copy_project(FIXTURE, tmp_path_factory.mktemp("published") / "project")
    site_yaml = project.read("content/site.yaml")
    assert "https://example.github.io/some-repo/" in site_yaml
    project.write("content/site.yaml", site_yaml + "cname: defections.example.org\nlicence: CC BY 4.0\n"
                  "licence_url: https://creativecommons.org/licenses/by/4.0/\n")
    assert project.build().code == 0
    with pages_server(project.site, BASE) as origin:
        project.origin = origin
        yield project


def test_every_page_is_reachable_from_the_home_page_and_no_link_is_broken(published):
    start = published.origin + BASE
    seen, queue, broken, ids = set(), [start], [], {}
    while queue:
        url = queue.pop()
        if url in seen:
            continue
        seen.add(url)
        status, body, final = fetch(url)
        if status != 200:
            broken.append(f"{url}: {status}")
            continue
        if not final.endswith((".html", "/")):
            continue
        document = soup(body.decode("utf-8"))
        ids[final] = {tag["id"] for tag in document.find_all(id=True)}
        for tag in document.find_all(["a", "link"], href=True):
            target = urljoin(final, tag["href"])
            if target.startswith(published.origin):
                queue.append(target.split("#")[0])
                if "#" in target:
                    ids.setdefault(("anchor", target), set())
    for key in [k for k in ids if isinstance(k, tuple)]:
        page, fragment = key[1].split("#", 1)
        if unquote(fragment) not in ids.get(page, set()):
            broken.append(f"{key[1]}: no such anchor")
    assert broken == []
    pages = {published.origin + BASE + p.relative_to(published.site).as_posix().removesuffix("index.html")
             for p in published.site.rglob("*.html") if p.name != "404.html"}
    assert pages <= seen, pages - seen


def test_the_404_page_works_at_any_depth_of_the_project_path(published):
    for missing in ("nothing-here", "people/nobody/", "a/b/c/d/e.html"):
        status, body, _ = fetch(published.origin + BASE + missing)
        assert status == 404
        document = soup(body.decode("utf-8"))
        stylesheet = document.find("link", rel="stylesheet")["href"]
        assert stylesheet == BASE + "assets/style.css"
        assert fetch(published.origin + stylesheet)[0] == 200
        for link in document.select("main a, nav a"):
            assert link["href"].startswith(BASE)
            assert fetch(published.origin + link["href"])[0] == 200


def test_github_pages_files_are_there(published):
    site = published.site
    assert (site / ".nojekyll").is_file()
    assert (site / "CNAME").read_text() == "defections.example.org\n"
    robots = (site / "robots.txt").read_text()
    assert "Sitemap: https://example.github.io/some-repo/sitemap.xml" in robots
    assert not any(p.is_symlink() for p in site.rglob("*"))


def test_no_cname_unless_asked(built_fixture):
    assert not (built_fixture.site / "CNAME").exists()


def test_the_sitemap_lists_every_page_by_absolute_address_and_is_valid(published):
    sitemap = etree.parse(str(published.site / "sitemap.xml"))
    etree.XMLSchema(etree.parse(str(FORMATS / "sitemap.xsd"))).assertValid(sitemap)
    locations = [loc.text for loc in sitemap.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    pages = {"https://example.github.io/some-repo/" + p.relative_to(published.site).as_posix().removesuffix("index.html")
             for p in published.site.rglob("index.html")}
    assert set(locations) == pages and len(locations) == len(pages)


def rfc3339(text: str) -> datetime:
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})", text), text
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def test_the_feed_is_valid_atom_with_one_entry_per_event_newest_first(published):
    raw = (published.site / "feed.xml").read_bytes()
    parsed = feedparser.parse(raw)
    assert not parsed.bozo, parsed.get("bozo_exception")
    atom = "{http://www.w3.org/2005/Atom}"
    feed = etree.fromstring(raw)
    assert feed.tag == f"{atom}feed"
    for required in ("id", "title", "updated", "author"):  # RFC 4287, 4.1.1
        assert feed.find(f"{atom}{required}") is not None, required
    assert feed.find(f"{atom}link[@rel='self']").get("href") == "https://example.github.io/some-repo/feed.xml"
    entries = feed.findall(f"{atom}entry")
    events = sorted(p.stem for p in (published.root / "content" / "events").glob("*.yaml"))
    ids = [entry.find(f"{atom}id").text for entry in entries]
    assert sorted(ids) == sorted(f"https://example.github.io/some-repo/events/{e}/" for e in events)
    assert len(set(ids)) == len(ids)
    dates = [rfc3339(entry.find(f"{atom}updated").text) for entry in entries]
    assert dates == sorted(dates, reverse=True)
    assert rfc3339(feed.find(f"{atom}updated").text) == max(dates)
    for entry in entries:  # RFC 4287, 4.1.2
        assert entry.find(f"{atom}title").text and entry.find(f"{atom}link[@rel='alternate']") is not None
    assert parsed.entries[0].title


def test_the_feed_holds_the_newest_hundred_events_and_the_data_files_hold_them_all(big_project):
    # 300 events: a feed reader needs the latest ones, not a 300-entry (or 20,000-entry) download.
    assert big_project.build().code == 0
    atom = "{http://www.w3.org/2005/Atom}"
    entries = etree.fromstring((big_project.site / "feed.xml").read_bytes()).findall(f"{atom}entry")
    everything = json.loads((big_project.site / "data" / "events.json").read_text(encoding="utf-8"))["events"]
    assert len(everything) == 300 and len(entries) == 100
    newest = [e["id"] for e in sorted(everything, key=lambda e: (e["date"], e["id"]), reverse=True)][:100]
    assert [entry.find(f"{atom}id").text.split("/")[-2] for entry in entries] == newest


def test_every_page_advertises_the_feed_and_has_its_metadata(published):
    for page in sorted(published.site.rglob("index.html")):
        document = soup(page.read_text(encoding="utf-8"))
        address = "https://example.github.io/some-repo/" + page.relative_to(published.site).as_posix().removesuffix("index.html")
        assert document.find("link", rel="canonical")["href"] == address
        assert document.find("link", type="application/atom+xml")["href"].endswith("feed.xml")
        assert document.find("meta", attrs={"name": "description"})["content"]
        assert document.find("meta", property="og:url")["content"] == address
        assert document.find("meta", property="og:title")["content"] == document.title.get_text()
        assert document.find("meta", attrs={"name": "twitter:card"})["content"] == "summary"


def test_people_and_sources_carry_schema_org_data(published):
    person = soup(published.read("site/people/omar-haddad/index.html"))
    data = json.loads(person.find("script", type="application/ld+json").string)
    assert data["@type"] == "Person" and data["url"] == "https://example.github.io/some-repo/people/omar-haddad/"
    assert data["sameAs"] == "https://www.wikidata.org/wiki/Q4115189"
    source = soup(published.read("site/sources/alpha/index.html"))
    article = json.loads(source.find("script", type="application/ld+json").string)
    assert article["@type"] == "NewsArticle" and article["datePublished"] == "2012-03-06"
    assert article["publisher"]["name"] == "The Example Times"


def test_the_data_re_anchors_every_quote_in_its_article(published):
    people = json.loads(published.read("site/data/people.json"))
    events = json.loads(published.read("site/data/events.json"))
    assert people["licence"] == "CC BY 4.0" and events["licence_url"].startswith("https://creativecommons.org/")
    quotes = [q for record in people["people"] + events["events"] for q in record["sources"]]
    assert quotes
    for quote in quotes:
        text = " ".join(paragraphs(published.read(f"seeds/{quote['article']}.txt")))
        for selector in quote["selectors"]:
            assert selector["type"] == "TextQuoteSelector"
            assert selector["prefix"] + selector["exact"] + selector["suffix"] in text
        assert quote["source"].startswith("https://example.github.io/some-repo/sources/")
    assert {e["id"] for e in events["events"]} == {p.stem for p in (published.root / "content/events").glob("*.yaml")}


def test_a_site_with_one_person_and_one_event_has_valid_data_files(project):
    for removed in ("people/amina-saleh", "events/general-dismissed", "events/amina-saleh-joins-opposition",
                    "events/omar-haddad-denies"):
        project.remove(f"content/{removed}.yaml")
    assert project.build().code == 0
    people = json.loads(project.read("site/data/people.json"))["people"]
    events = json.loads(project.read("site/data/events.json"))["events"]
    assert [p["id"] for p in people] == ["omar-haddad"] and [e["id"] for e in events] == ["omar-haddad-defects"]


def test_the_csv_has_a_row_per_event_and_person_and_no_formula_runs(published, tmp_path):
    rows = list(csv.DictReader(io.StringIO(published.read("site/data/events.csv"))))
    events = [yaml.safe_load(p.read_text()) for p in (published.root / "content/events").glob("*.yaml")]
    assert len(rows) == sum(len(e["people"]) for e in events)
    project = copy_project(FIXTURE, tmp_path / "formula")
    project.write("content/people/amina-saleh.yaml", project.read("content/people/amina-saleh.yaml").replace(
        "name: Amina Saleh", "name: \"=HYPERLINK(\\\"https://evil.example\\\",\\\"x\\\")\"").replace(
        "position: Colonel", "position: \"+1+cmd|' /C calc'!A0\""))
    assert project.build().code == 0
    for row in csv.DictReader(io.StringIO(project.read("site/data/events.csv"))):
        for cell in row.values():
            assert not cell.startswith(("=", "+", "-", "@")), cell


def test_the_pages_workflow_builds_with_the_readmes_commands_and_the_official_actions():
    workflow = yaml.safe_load((REPO / ".github/workflows/pages.yml").read_text(encoding="utf-8"))
    assert workflow[True]["push"]["branches"] == ["main"] and "workflow_dispatch" in workflow[True]
    assert workflow["permissions"] == {"contents": "read", "pages": "write", "id-token": "write"}
    assert workflow["concurrency"]["group"] == "pages"
    build = workflow["jobs"]["build"]["steps"]
    runs = [step["run"] for step in build if "run" in step]
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    first_command = re.search(r"```sh\n(.*?)\n", readme).group(1)
    install = first_command.split(" && ")[0]
    assert runs == [install, "python3 build.py"]
    uses = [step["uses"].split("@")[0] for step in build if "uses" in step]
    assert uses[-1] == "actions/upload-pages-artifact"
    assert next(s for s in build if s.get("uses", "").startswith("actions/upload-pages-artifact"))["with"]["path"] == "site/"
    assert workflow["jobs"]["deploy"]["steps"][0]["uses"].startswith("actions/deploy-pages@")
    assert workflow["jobs"]["deploy"]["environment"]["name"] == "github-pages"


# --- Valid HTML, by the W3C Nu checker ------------------------------------------------------------

def vnu_jar() -> Path | None:
    jar = REPO / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
    return jar if jar.is_file() and shutil.which("java") else None


@pytest.mark.parametrize("which", ["built_sample", "published", "built_evidence"])
def test_every_page_is_valid_html(request, which):
    jar = vnu_jar()
    require_tool(jar is not None, "the Nu checker needs Java and `npm ci` (vnu-jar)")
    site = request.getfixturevalue(which).site
    pages = sorted(str(p) for p in site.rglob("*.html"))
    result = subprocess.run(["java", "-jar", str(jar), "--format", "json", "--errors-only", *pages],
                            capture_output=True, text=True, timeout=300)
    messages = json.loads(result.stderr or "{}").get("messages", [])
    assert messages == [], json.dumps(messages, indent=1)[:3000]
    assert len(pages) >= 8
