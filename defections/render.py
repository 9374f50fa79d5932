"""From the content model to the site's files, as bytes by path; nothing is written here."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import hashlib

import jinja2
from jinja2 import meta

from .markup import markdown
from .model import Content
from .views import Views, event_url, person_url, source_url

ASSETS = "assets"


@dataclass(frozen=True)
class Output:
    """One page of the site: where it goes, which template draws it, what it shows, and the model
    objects it depends on (it is rendered again only when they change)."""

    path: str  # relative to the site root, e.g. 'people/nawaf-fares/index.html'
    template: str
    context: dict = field(default_factory=dict)
    deps: tuple = ()


def theme_dir(root: Path) -> Path:
    """The project's own templates/, or the ones installed with the package."""
    package = Path(__file__).resolve().parent
    candidates = (root / "templates", package / "theme", package.parent / "templates")  # own, wheel, checkout
    return next((folder for folder in candidates if folder.is_dir()), candidates[-1])


def relative_url(from_path: str, target: str) -> str:
    """A link from one page of the site to a site-root-relative target, working under any base path."""
    return "../" * from_path.count("/") + target or "./"


def plan(content: Content, views: Views) -> list[Output]:
    """Every page of the site, with what each one shows."""
    people = content.people
    names = tuple((pid, person.name) for pid, person in people.items())
    counts = tuple(len(content.events_by_person.get(pid, ())) for pid in people)
    articles = tuple(content.articles.values())

    def articles_cited(*citation_lists) -> tuple:
        ids = dict.fromkeys(c.article_id for citations in citation_lists for c in citations)
        return tuple(content.articles[aid] for aid in ids)

    outputs = [
        Output("index.html", "timeline.html", deps=(tuple(content.events.values()), names, articles)),
        Output("people/index.html", "people.html", deps=(tuple(people.values()), counts)),
        Output("sources/index.html", "sources.html",
               deps=(articles, tuple(len(content.citations_by_article.get(a.id, ())) for a in articles))),
    ]
    for pid, person in people.items():
        events = tuple(views.events_of(person))
        outputs.append(Output(f"{person_url(pid)}index.html", "person.html", {"person": person},
                              deps=(person, events, articles_cited(person.sources, *(e.sources for e in events)))))
    for aid, article in content.articles.items():
        cited = content.citations_by_article.get(aid, {})
        citers = tuple((anchor, tuple(views.citers(article, anchor))) for anchor in cited)
        outputs.append(Output(f"{source_url(aid)}index.html", "source.html", {"article": article},
                              deps=(article, tuple(cited.values()), citers)))
    outputs += [Output(f"{pid}/index.html", "page.html", {"page": page}, deps=(page,))
                for pid, page in content.pages.items()]
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


@dataclass
class Rendered:
    files: dict[str, bytes]  # the files rendered (or copied) this time
    paths: set[str]  # every file the site now has


class Renderer:
    """Renders the site again and again, each time only the pages whose inputs changed."""

    def __init__(self, templates: Path):
        self.templates = templates
        self.env = environment(templates)
        self.previous: dict[str, tuple] = {}  # output path -> what it was last rendered from

    def _template_digests(self) -> dict[str, str]:
        """Each template's hash, combined with the hashes of the templates it extends or imports."""
        own = {p.relative_to(self.templates).as_posix(): hashlib.sha1(p.read_bytes()).hexdigest()
               for p in sorted(self.templates.glob("*.html"))}
        combined = {}
        for name in own:
            used, queue = set(), [name]
            while queue:
                current = queue.pop()
                if current in used or current not in own:
                    continue
                used.add(current)
                source = (self.templates / current).read_text(encoding="utf-8")
                try:
                    queue.extend(t for t in meta.find_referenced_templates(self.env.parse(source)) if t)
                except jinja2.TemplateSyntaxError:
                    pass  # reported when the template is rendered
            combined[name] = "".join(own[t] for t in sorted(used))
        return combined

    def render(self, content: Content) -> Rendered:
        views = Views(content)
        digests = self._template_digests()
        navigation = tuple((page.title, f"{pid}/") for pid, page in sorted(
            content.pages.items(), key=lambda item: (item[1].title, item[0])))
        common = (content.site, navigation)
        files: dict[str, bytes] = {}
        current: dict[str, tuple] = {}
        for output in plan(content, views):
            key = (digests.get(output.template), common, output.deps)
            current[output.path] = key
            if self.previous.get(output.path) == key:
                continue
            template = self.env.get_template(output.template)
            html = template.render(
                site=content.site, content=content, views=views, navigation=navigation, path=output.path,
                url=lambda target, _from=output.path: relative_url(_from, target),
                **output.context,
            )
            files[output.path] = html.encode("utf-8")
        assets = self.templates / ASSETS
        if assets.is_dir():
            for asset in sorted(p for p in assets.rglob("*") if p.is_file()):
                data = asset.read_bytes()
                path = f"{ASSETS}/{asset.relative_to(assets).as_posix()}"
                key = (hashlib.sha1(data).hexdigest(),)
                current[path] = key
                if self.previous.get(path) != key:
                    files[path] = data
        self.previous = current
        return Rendered(files, set(current))


def render(content: Content, templates: Path) -> dict[str, bytes]:
    """Every file of the site, by path relative to the site root."""
    return Renderer(templates).render(content).files
