"""The same generated pages for Hugo and Pelican, so benchmarks/run.py can time them beside ours.

From a project made by benchmarks/generate.py: one Markdown page per person, per event and per
article, with the same text (name, position, title, summary, quotes), and a minimal layout for
each tool: as many pages as our build makes, but for the few dozen pages of the timeline and
the indexes.
"""

from __future__ import annotations

from pathlib import Path

import yaml


def pages(project: Path) -> list[tuple[str, str, str]]:
    """(slug, title, Markdown body) for every person, event and article page of a generated project."""
    out = []
    for path in sorted((project / "content" / "people").glob("*.yaml")):
        person = yaml.safe_load(path.read_text(encoding="utf-8"))
        quotes = "\n".join(f"> {s['quote']}\n" for s in person.get("sources") or [])
        out.append((path.stem, person["name"], f"**{person['position']}** ({person['branch']})\n\n"
                                                f"{person.get('summary') or ''}\n\n{quotes}"))
    for path in sorted((project / "content" / "events").glob("*.yaml")):
        event = yaml.safe_load(path.read_text(encoding="utf-8"))
        quotes = "\n".join(f"> {s['quote']}\n" for s in event.get("sources") or [])
        out.append((f"event-{path.stem}", event["title"], f"**{event['date']}** ({event['kind']}, {event['status']})"
                                                          f"\n\n{event.get('summary') or ''}\n\n{quotes}"))
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
