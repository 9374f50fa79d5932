"""Screenshots of each page type at 375 px and 1280 px, in light and dark mode, for reviewers: in
the site's first language (home-375-light.png) and in Arabic (ar-home-375-light.png).

    python3 scripts/screenshots.py            # into screenshots/
    python3 scripts/screenshots.py --out DIR
    python3 scripts/screenshots.py --only ar  # the Arabic pages alone

Builds the sample site into a temporary folder, serves it on loopback under its base path, and
drives Debian's Chromium (or the one in $CHROMIUM) with Playwright.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "tests"))

from conftest import BROWSER_FLAGS, base_path_of, chromium_path, copy_project, pages_server  # noqa: E402

PAGES = {"home": "", "timeline": "timeline/2012/", "event": "events/jihad-al-makdissi-defects/",
         "person": "people/nawaf-fares/", "source": "sources/004_fec588d6dc2c7ff9/", "people": "people/",
         "statuses": "statuses/", "sources": "sources/", "page": "methodology/", "not-found": "404.html"}
LANGUAGES = {"": "", "ar": "ar/"}  # the file name's prefix -> where that language's pages are


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=REPO / "screenshots")
    parser.add_argument("--only", choices=[tag for tag in LANGUAGES if tag] + ["en"], help="one language's pages")
    args = parser.parse_args()
    languages = {tag: prefix for tag, prefix in LANGUAGES.items()
                 if args.only is None or tag == args.only or (args.only == "en" and not tag)}
    browser_path = chromium_path()
    if browser_path is None:
        sys.exit("Chromium is needed: apt-get install chromium (or set CHROMIUM)")
    from playwright.sync_api import sync_playwright

    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as scratch:
        project = copy_project(REPO, Path(scratch) / "sample")
        result = project.build()
        if result.code != 0:
            sys.exit(result.err)
        base = base_path_of(project)
        with pages_server(project.site, base) as origin, sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=browser_path, args=BROWSER_FLAGS)
            for width in (375, 1280):
                for scheme in ("light", "dark"):
                    context = browser.new_context(viewport={"width": width, "height": 900}, color_scheme=scheme,
                                                  device_scale_factor=1)
                    tab = context.new_page()
                    for (tag, prefix), (name, path) in ((lang, page) for lang in languages.items()
                                                        for page in PAGES.items()):
                        tab.goto(origin + base + prefix + path)
                        target = args.out / f"{tag + '-' if tag else ''}{name}-{width}-{scheme}.png"
                        tab.screenshot(path=str(target), full_page=True)
                        print(target.relative_to(REPO) if target.is_relative_to(REPO) else target)
                    context.close()
            browser.close()


if __name__ == "__main__":
    main()
