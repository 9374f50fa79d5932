"""From the content model to the site's files, as bytes by path; nothing is written here."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import jinja2

from .markup import markdown
from .model import Content
from .views import Views, event_url, person_url, source_url

ASSETS = "assets"


@dataclass(frozen=True)
class Output:
    """One page of the site: where it goes, which template draws it, and what it shows."""

    path: str  # relative to the site root, e.g. 'people/nawaf-fares/index.html'
    template: str
    context: dict = field(default_factory=dict)


def theme_dir(root: Path) -> Path:
    """The project's own templates/, or the ones installed with the package."""
    package = Path(__file__).resolve().parent
    candidates = (root / "templates", package / "theme", package.parent / "templates")  # own, wheel, checkout
    return next((folder for folder in candidates if folder.is_dir()), candidates[-1])


def relative_url(from_path: str, target: str) -> str:
    """A link from one page of the site to a site-root-relative target, working under any base path."""
    return "../" * from_path.count("/") + target or "./"


def plan(content: Content) -> list[Output]:
    """Every page of the site."""
    outputs = [
        Output("index.html", "timeline.html"),
        Output("people/index.html", "people.html"),
        Output("sources/index.html", "sources.html"),
    ]
    outputs += [Output(f"{person_url(pid)}index.html", "person.html", {"person": person})
                for pid, person in content.people.items()]
    outputs += [Output(f"{source_url(aid)}index.html", "source.html", {"article": article})
                for aid, article in content.articles.items()]
    outputs += [Output(f"{pid}/index.html", "page.html", {"page": page}) for pid, page in content.pages.items()]
    return outputs


def environment(templates: Path) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(templates)),
        autoescape=True,  # every template, whatever its name
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["markdown"] = markdown
    env.globals.update(person_url=person_url, source_url=source_url, event_url=event_url)
    return env


def render(content: Content, templates: Path) -> dict[str, bytes]:
    """Every file of the site, by path relative to the site root."""
    env = environment(templates)
    views = Views(content)
    navigation = [(page.title, f"{pid}/") for pid, page in sorted(content.pages.items(),
                                                                   key=lambda item: (item[1].title, item[0]))]
    files: dict[str, bytes] = {}
    for output in plan(content):
        template = env.get_template(output.template)
        html = template.render(
            site=content.site, content=content, views=views, navigation=navigation, path=output.path,
            url=lambda target, _from=output.path: relative_url(_from, target),
            **output.context,
        )
        files[output.path] = html.encode("utf-8")
    assets = templates / ASSETS
    if assets.is_dir():
        for asset in sorted(p for p in assets.rglob("*") if p.is_file()):
            files[f"{ASSETS}/{asset.relative_to(assets).as_posix()}"] = asset.read_bytes()
    return files
