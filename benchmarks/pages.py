"""The reader's budgets, measured: page sizes, time to DOMContentLoaded, filters and search.

    python3 benchmarks/pages.py                 # 1,000 and 10,000 people; prints Markdown
    python3 benchmarks/pages.py --people 1000

For each size it generates content (generate.py), builds it as the README says, serves it on
loopback under its base path and drives Debian's Chromium with Playwright:
- the largest HTML page, and the home page's HTML;
- DOMContentLoaded of the home page and of the largest page of each kind, on desktop Chromium
  (the median of --runs loads), and of the home page on a 375 px phone profile with the CPU
  slowed down four times (Chrome DevTools' "4x slowdown");
- a filter change on the largest timeline page, timed in the page around the change event and
  the layout it causes (the slowest of five changes, --runs times);
- the search index's size gzipped, and the time the search takes to answer a keystroke (the
  slowest of six queries, --runs times).
Budgets (issue 20): no page over 1 MB and the home page under 150 KB at 10,000 people; every page
interactive in under 1 s on desktop; the home page under 1.5 s on the throttled phone at 1,000
people; a filter change under 100 ms at 1,000 people; search index under 300 KB gzipped and a
keystroke answered within 50 ms at 10,000.
"""

from __future__ import annotations

import argparse
import gzip
import statistics
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "tests"))
sys.path.insert(0, str(REPO / "benchmarks"))

from conftest import BROWSER_FLAGS, chromium_path, pages_server  # noqa: E402
from defections.pipeline import build  # noqa: E402
from generate import generate  # noqa: E402


def largest(site: Path, pattern: str) -> Path:
    return max(site.glob(pattern), key=lambda p: p.stat().st_size)


def loaded(tab, url: str, runs: int) -> float:
    """The median time to DOMContentLoaded, in ms."""
    times = []
    for _ in range(runs):
        tab.goto(url, wait_until="domcontentloaded")
        times.append(tab.evaluate("() => performance.getEntriesByType('navigation')[0].domContentLoadedEventEnd"))
    return statistics.median(times)


def measure(people: int, runs: int) -> dict:
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as folder:
        project, site = Path(folder) / "project", Path(folder) / "site"
        generate(project, people)
        result = build(project, site)
        assert result.ok, [p.format() for p in result.problems]
        html = list(site.rglob("*.html"))
        found: dict = {"people": people, "pages": len(html),
                       "largest page KB": max(p.stat().st_size for p in html) / 1024,
                       "home page KB": (site / "index.html").stat().st_size / 1024,
                       "search index KB gzipped": len(gzip.compress((site / "data/search.json").read_bytes())) / 1024}
        kinds = {"home": site / "index.html", "timeline": largest(site, "timeline/**/index.html"),
                 "event": largest(site, "events/*/index.html"), "person": largest(site, "people/*/index.html"),
                 "people index": site / "people/index.html", "sources index": site / "sources/index.html",
                 "source": largest(site, "sources/*/index.html")}
        with pages_server(site, "/defections/") as origin, sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=chromium_path(), args=BROWSER_FLAGS)
            base = origin + "/defections/"
            tab = browser.new_page(viewport={"width": 1280, "height": 900})
            for kind, path in kinds.items():
                address = path.parent.relative_to(site).as_posix()
                found[f"{kind} DCL ms"] = loaded(tab, base + ("" if address == "." else address + "/"), runs)
            timeline = base + kinds["timeline"].parent.relative_to(site).as_posix() + "/"
            tab.goto(timeline)
            found["slowest filter change ms"] = max(max(tab.evaluate("""() => {
                const select = document.querySelector('form.filters select[name=status]');
                const times = [];
                for (const value of ['reported', 'confirmed', '', 'denied', '']) {
                  const start = performance.now();
                  select.value = value;
                  select.dispatchEvent(new Event('change', {bubbles: true}));
                  document.body.offsetHeight;  // and the layout it causes
                  times.push(performance.now() - start);
                }
                return times; }""")) for _ in range(runs))
            box = tab.get_by_role("searchbox", name="Search people and events")
            box.fill("a")
            tab.wait_for_selector(".search-results li")
            found["slowest search keystroke ms"] = max(max(tab.evaluate("""() => {
                const box = document.querySelector('#search-box');
                const times = [];
                for (const text of ['ka', 'kar', 'karim', 'ambassador', 'homs', 'zz']) {
                  const start = performance.now();
                  box.value = text;
                  box.dispatchEvent(new Event('input'));
                  times.push(performance.now() - start);
                }
                return times; }""")) for _ in range(runs))
            phone = browser.new_context(viewport={"width": 375, "height": 812}, is_mobile=True, has_touch=True,
                                        device_scale_factor=2)
            phone_tab = phone.new_page()
            session = phone.new_cdp_session(phone_tab)
            session.send("Emulation.setCPUThrottlingRate", {"rate": 4})
            found["home DCL ms, phone 4x slower"] = loaded(phone_tab, base, runs)
            browser.close()
        return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    rows = [measure(n, args.runs) for n in args.people]
    names = list(rows[0])
    print("| measure | " + " | ".join(f"{row['people']:,} people" for row in rows) + " |")
    print("| --- |" + " --- |" * len(rows))
    for name in names[1:]:
        cells = [f"{row[name]:,.0f}" if isinstance(row[name], int) or row[name] >= 100 else f"{row[name]:.1f}"
                 for row in rows]
        print(f"| {name} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
