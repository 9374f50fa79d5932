"""Screenshots of each page type at 375 px and 1280 px, in light and dark mode, for reviewers.

    python3 scripts/screenshots.py            # into screenshots/
    python3 scripts/screenshots.py --out DIR

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
         "statuses": "statuses/"}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=REPO / "screenshots")
    args = parser.parse_args()
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
                    for name, path in PAGES.items():
                        tab.goto(origin + base + path)
                        target = args.out / f"{name}-{width}-{scheme}.png"
                        tab.screenshot(path=str(target), full_page=True)
                        print(target.relative_to(REPO) if target.is_relative_to(REPO) else target)
                    context.close()
            browser.close()


if __name__ == "__main__":
    main()
