"""Cold full builds of the same generated pages: this project, Hugo and Pelican.

    python3 benchmarks/compare.py --people 1000 10000 --runs 3

For each N, generates our content (benchmarks/generate.py), then the same pages for Hugo and
Pelican (one Markdown page per person and per article, with the same text: name, position,
summary, quotes). Each run is cold (no output, no cache) on a RAM disk, the tools alternate run by
run, and the median is reported with our time as a ratio of theirs. A tool that is not installed
(Debian's `hugo`, PyPI's `pelican`) is left out.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "benchmarks"))

from generate import generate  # noqa: E402


def pages(project: Path) -> list[tuple[str, str, str]]:
    """(slug, title, Markdown body) for every person and article page of a generated project."""
    out = []
    for path in sorted((project / "content" / "people").glob("*.yaml")):
        person = yaml.safe_load(path.read_text(encoding="utf-8"))
        quotes = "\n".join(f"> {s['quote']}\n" for s in person.get("sources") or [])
        out.append((path.stem, person["name"], f"**{person['position']}** ({person['branch']})\n\n"
                                                f"{person.get('summary') or ''}\n\n{quotes}"))
    for path in sorted((project / "seeds").glob("*.txt")):
        out.append((path.stem, path.stem, path.read_text(encoding="utf-8")))
    return out


def hugo_site(where: Path, items) -> Path:
    (where / "layouts" / "_default").mkdir(parents=True)
    (where / "content" / "pages").mkdir(parents=True)
    (where / "hugo.toml").write_text('baseURL = "https://example.github.io/defections/"\ntitle = "Bench"\n'
                                     'disableKinds = ["taxonomy", "term", "RSS", "sitemap", "robotsTXT"]\n')
    layout = ('<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{{ .Title }}</title></head>'
              '<body><main><h1>{{ .Title }}</h1>{{ .Content }}</main></body></html>')
    (where / "layouts" / "_default" / "single.html").write_text(layout)
    (where / "layouts" / "_default" / "list.html").write_text(
        layout.replace("{{ .Content }}", "<ul>{{ range .Pages }}<li>{{ .Title }}</li>{{ end }}</ul>"))
    for slug, title, body in items:
        (where / "content" / "pages" / f"{slug}.md").write_text(f"---\ntitle: {title!r}\n---\n{body}\n",
                                                                encoding="utf-8")
    return where


def pelican_site(where: Path, items) -> Path:
    (where / "content").mkdir(parents=True)
    (where / "pelicanconf.py").write_text(
        "SITENAME = 'Bench'\nSITEURL = ''\nTIMEZONE = 'UTC'\nDEFAULT_LANG = 'en'\nFEED_ALL_ATOM = None\n"
        "CATEGORY_FEED_ATOM = None\nDIRECT_TEMPLATES = ['index']\nDEFAULT_PAGINATION = 50\n"
        "TAGS_SAVE_AS = ''\nCATEGORIES_SAVE_AS = ''\nAUTHORS_SAVE_AS = ''\nARCHIVES_SAVE_AS = ''\n"
        "CATEGORY_SAVE_AS = ''\nAUTHOR_SAVE_AS = ''\nTAG_SAVE_AS = ''\n")
    for number, (slug, title, body) in enumerate(items):
        day = 1 + number % 28
        (where / "content" / f"{slug}.md").write_text(
            f"Title: {title}\nDate: 2012-07-{day:02d}\nSlug: {slug}\nCategory: pages\n\n{body}\n", encoding="utf-8")
    return where


def timed(command: list[str], cwd: Path, clean: list[Path]) -> float:
    for path in clean:
        shutil.rmtree(path, ignore_errors=True)
    started = time.perf_counter()
    subprocess.run(command, cwd=cwd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                   env={**os.environ, "PYTHONPATH": str(REPO)})
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    shm = Path("/dev/shm") if Path("/dev/shm").is_dir() else None
    print("| N people | pages (ours) | this project | Hugo | Pelican | ours / Hugo | ours / Pelican |")
    print("| --- | --- | --- | --- | --- | --- | --- |")
    for people in args.people:
        where = Path(tempfile.mkdtemp(prefix="compare-", dir=shm))
        try:
            generate(where / "ours", people)
            items = pages(where / "ours")
            tools = {"ours": ([sys.executable, str(REPO / "build.py")], where / "ours",
                              [where / "ours" / "site", where / "ours" / ".cache"])}
            if shutil.which("hugo"):
                site = hugo_site(where / "hugo", items)
                tools["hugo"] = (["hugo", "--quiet"], site, [site / "public", site / "resources"])
            if shutil.which("pelican"):
                site = pelican_site(where / "pelican", items)
                tools["pelican"] = (["pelican", "content", "-o", "output", "-s", "pelicanconf.py", "-q"], site,
                                    [site / "output", site / "__pycache__"])
            times: dict[str, list[float]] = {name: [] for name in tools}
            for _ in range(args.runs):
                for name, (command, cwd, clean) in tools.items():  # alternate the tools run by run
                    times[name].append(timed(command, cwd, clean))
            median = {name: statistics.median(values) for name, values in times.items()}
            pages_ours = sum(1 for _ in (where / "ours" / "site").rglob("*.html"))
            cells = [str(people), str(pages_ours), f"{median['ours']:.1f} s"]
            for other in ("hugo", "pelican"):
                cells.append(f"{median[other]:.1f} s" if other in median else "not installed")
            for other in ("hugo", "pelican"):
                cells.append(f"{median['ours'] / median[other]:.2f}" if other in median else "-")
            print("| " + " | ".join(cells) + " |", flush=True)
        finally:
            shutil.rmtree(where, ignore_errors=True)


if __name__ == "__main__":
    main()
