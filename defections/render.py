"""From the content model to the site's files, as bytes by path; nothing is written here."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import hashlib
import re
from itertools import chain, compress, cycle, repeat
from operator import attrgetter, is_not, itemgetter

import jinja2
from jinja2 import meta
from markupsafe import Markup

from .cli_support import base_path
from .data import Pieces, events_csv, events_json, people_json
from .markup import Markdown, jsonld
from .publish import atom, feed_shows, robots, sitemap
from .model import Content
from .parallel import cores, forked_pool
from .delta import Delta
from .views import Kept, Views, event_url, person_url, source_url
from .write import Parts

ASSETS = "assets"
_NAME, _BRANCH = attrgetter("name"), attrgetter("branch")
_KEY, _HTML = itemgetter(1), itemgetter(2)  # of a kept entry: (subject, key, html)
_NOT_KEPT = (None, None, b"")
_ENTRY_CALL = re.compile(r"""\bentr(?:y|ies)\(\s*["']([^"']+)["']""")


@dataclass(frozen=True)
class Output:
    """One page of the site: where it goes, which template draws it, what it shows, and the model
    objects it depends on (it is rendered again only when they change)."""

    path: str  # relative to the site root, e.g. 'people/nawaf-fares/index.html'
    template: str | None
    context: dict = field(default_factory=dict)
    deps: tuple = ()
    make: Callable[..., bytes] | None = None  # a file made in Python rather than from a template
    keeps_cache: bool = False  # made from cached parts: render it in this process, where the cache lives
    root: str | None = None  # links from root-relative addresses under this path (404.html is served anywhere)


def theme_dir(root: Path) -> Path:
    """The project's own templates/, or the ones installed with the package."""
    package = Path(__file__).resolve().parent
    candidates = (root / "templates", package / "theme", package.parent / "templates")  # own, wheel, checkout
    return next((folder for folder in candidates if folder.is_dir()), candidates[-1])


def relative_url(from_path: str, target: str) -> str:
    """A link from one page of the site to a site-root-relative target, working under any base path."""
    return "../" * from_path.count("/") + target or "./"


def plan(content: Content, views: Views, change: Delta | None = None) -> list[Output]:
    """The pages of the site, with what each one shows (its deps: the model objects and fields it
    reads; unchanged records are the same objects from build to build, so comparing is cheap).
    Given what changed since the last build, only the pages that can show it are planned."""
    people = content.people
    # (These run over every record on every rebuild, so they are written as map() and zip() over
    # attribute getters: no Python-level loop.)
    # The timeline shows each person's name and branch: three flat tuples, not a tuple per person.
    names = (tuple(people), tuple(map(_NAME, people.values())), tuple(map(_BRANCH, people.values())))
    listed = tuple(views.person_keys())  # what the people index shows of each
    articles = tuple(content.articles.values())
    cited_counts = tuple(map(len, map(content.citations_by_article.get, content.articles, repeat(()))))

    def articles_cited(*citation_lists) -> tuple:
        ids = dict.fromkeys(c.article_id for citations in citation_lists for c in citations)
        return tuple(content.articles[aid] for aid in ids)

    def citer_model(citer):
        return people[citer.id] if citer.kind == "person" else content.events[citer.id]

    outputs = [
        Output("index.html", "timeline.html", deps=(tuple(content.events.values()), names, articles), keeps_cache=True),
        Output("people/index.html", "people.html", deps=listed, keeps_cache=True),
        Output("sources/index.html", "sources.html", deps=(articles, cited_counts)),
    ]
    person_ids, article_ids = (people.keys(), content.articles.keys()) if change is None else _touched(content, change)
    for pid in person_ids:
        person = people[pid]
        events = tuple(views.events_of(person))
        dates = (views.changed_on("people", pid), *(views.changed_on("events", e.id) for e in events))
        outputs.append(Output(f"{person_url(pid)}index.html", "person.html", {"person": person},
                              deps=(person, events, articles_cited(person.sources, *(e.sources for e in events)),
                                    dates)))
    for aid in article_ids:
        article = content.articles[aid]
        cited = content.citations_by_article.get(aid, {})
        citers = tuple(tuple(citer_model(c) for c in content.citers.get((aid, anchor), ())) for anchor in cited)
        outputs.append(Output(f"{source_url(aid)}index.html", "source.html", {"article": article},
                              deps=(article, tuple(cited.values()), citers, views.changed_on("articles", aid))))
    if change is None:
        outputs += [Output(f"{pid}/index.html", "page.html", {"page": page}, deps=(page,))
                    for pid, page in content.pages.items()]
    return outputs + _published_files(content, views, articles)


def _published_files(content: Content, views: Views, articles: tuple) -> list[Output]:
    """What GitHub Pages, search engines, feed readers and other researchers expect besides pages."""
    site, events, people = content.site, tuple(content.events.values()), tuple(content.people.values())
    outputs = [
        Output("404.html", "404.html", root=base_path(site.base_url)),
        Output(".nojekyll", None, make=lambda c, _: b""),
        Output("robots.txt", None, deps=(site.base_url,), make=lambda c, _: robots(c)),
        Output("data/people.json", None, deps=(people, events, articles), make=people_json, keeps_cache=True),
        Output("data/events.json", None, deps=(events, articles), make=events_json, keeps_cache=True),
        Output("data/events.csv", None, deps=(events, tuple(views.kept.csv_fields(people, None)), articles),
               make=events_csv, keeps_cache=True),
    ]
    if site.cname:
        outputs.append(Output("CNAME", None, deps=(site.cname,), make=lambda c, _: f"{c.site.cname}\n".encode()))
    if site.base_url:
        outputs += [Output("sitemap.xml", None, deps=(tuple(content.people), tuple(content.articles), tuple(content.pages)),
                           make=lambda c, _: sitemap(c)),  # the addresses page_addresses() makes of the ids
                    Output("feed.xml", None, deps=feed_shows(content), make=lambda c, _: atom(c))]
    return outputs


def _touched(content: Content, change: Delta) -> tuple[list[str], list[str]]:
    """The people and articles whose pages may show a change: the changed ones, the people of
    changed events, and everything that cites, or is cited by, what changed, before or after
    (an article lists who cites it: those are the articles in the changed records' sources)."""
    people, articles = set(change.people), set(change.articles)
    for version in (change.earlier, content):
        for event_id in change.events:
            event = version.events.get(event_id)
            if event is not None:
                people.update(event.people)
                articles.update(c.article_id for c in event.sources)
        for person_id in change.people:
            person = version.people.get(person_id)
            if person is not None:
                articles.update(c.article_id for c in person.sources)
        if change.articles:  # an article's title and date show wherever it is quoted
            for (article_id, _), citers in version.citers.items():
                if article_id in change.articles:
                    for citer in citers:
                        event = version.events.get(citer.id) if citer.kind == "event" else None
                        people.update((citer.id,) if citer.kind == "person" else event.people if event else ())
    return ([pid for pid in content.people if pid in people],
            [aid for aid in content.articles if aid in articles])


def environment(templates: Path) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(templates)),
        autoescape=True,  # every template, whatever its name
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        # Templates are not checked for changes on every use (a stat per page, and per import of
        # macros.html in each of 20,000 timeline entries): Renderer.render() empties the cache
        # itself when a template's bytes change.
        auto_reload=False,
    )
    env.filters["markdown"] = Markdown()
    env.filters["jsonld"] = jsonld
    env.globals.update(person_url=person_url, source_url=source_url, event_url=event_url)
    return env


@dataclass
class Rendered:
    files: dict[str, bytes | Parts]  # the files rendered (or copied) this time
    paths: set[str]  # every file the site now has
    deferred: bool = False  # some files that changed were left for the next render (`defer`)
    made: int = 0  # files rendered or copied this time (written to the staging folder, if there was one)


class Renderer:
    """Renders the site again and again, each time only the pages whose inputs changed."""

    def __init__(self, templates: Path, workers: int | None = None):
        self.templates = templates
        self.workers = workers if workers is not None else cores()
        self.env = environment(templates)
        self.previous: dict[str, tuple] = {}  # output path -> what it was last rendered from
        self.digests: dict[str, str] = {}  # the templates' digests at the last render
        self.references: dict[tuple[str, str], set[str]] = {}  # (template, digest) -> templates it uses
        # Rendered entries of long lists, reused across builds: page -> id(subject) -> (subject, key, html)
        self.entries: dict[tuple, dict[int, tuple]] = {}
        self.pieces: dict[str, Pieces] = {}  # each data export's encoded records, reused across builds
        self.kept = Kept()  # what Views works out from every record, reused across renders in this process
        self.env.globals["entry"] = self._entry
        self.env.globals["entries"] = self._entries
        self._digests: dict[str, str] = {}
        self._used: dict[tuple, dict[int, tuple]] = {}
        self._templates: dict[str, jinja2.Template] = {}  # loaded in this render
        self._spliced: list[list[bytes]] = []  # the entries() lists of the page being rendered

    def _template(self, name: str) -> jinja2.Template:
        """The template, looked up once per render: Jinja's own lookup checks the file's time on
        every call, twice per entry of a 20,000-entry timeline."""
        template = self._templates.get(name)
        if template is None:
            template = self._templates[name] = self.env.get_template(name)
        return template

    _PERSISTENT = ("previous", "digests", "references", "entries", "pieces")

    def persistent(self) -> dict:
        """What the next run can build on (cache.py): what each page was rendered from, and the parts."""
        return {name: getattr(self, name) for name in self._PERSISTENT}

    def restore(self, saved: dict) -> None:
        for name in self._PERSISTENT:
            setattr(self, name, saved[name])
        # Entries are found by their subject's identity, which is new in this process.
        self.entries = {page: {id(entry[0]): entry for entry in kept.values()} for page, kept in self.entries.items()}

    @jinja2.pass_context
    def _entry(self, context, template: str, subject, key) -> Markup:
        """An entry of a long list (an event on the timeline, a person in the index), rendered from
        its own template and reused while the page, the template and what it shows (`key`) stay
        the same."""
        return self._entries(context, template, (subject,), lambda _: key)

    @jinja2.pass_context
    def _entries(self, context, template: str, subjects, key_of) -> Markup:
        """The entries of a long list, one per line, each as entry() gives it: one call from the
        template for the whole list rather than one per entry (10,000 calls through Jinja cost
        more than putting 10,000 cached entries together). What the template gets is a marker
        that _render_one() replaces with the entries, kept encoded: a page of 20,000 entries is
        then put together once, as bytes, instead of being joined, copied into Markup, joined into
        the page and encoded (four copies of 40 MB, 200 MB at 50,000 people)."""
        self._spliced.append(self._entry_html(context, template, subjects, key_of))
        return Markup(f"\x00entries-{len(self._spliced) - 1}\x00")

    def _entry_html(self, context, template: str, subjects, key_of) -> list[bytes]:
        """Entries are kept per page and found by their subject's identity (an unchanged record is
        the same model object from build to build), then checked against what they show: hashing
        a key of model objects for each of 20,000 entries would cost more than rendering a page.
        An entry whose key is the very object it was kept with is taken as it is, without a Python
        loop over the list; the others are compared, and rendered if they differ."""
        page = (template, self._digests.get(template), context["path"], context["site"])
        kept = self.entries.get(page, {})
        used = self._used.setdefault(page, {})
        subjects = list(subjects)
        ids = list(map(id, subjects))
        many = getattr(key_of, "many", None)  # views.KeyOf: the keys of the whole list in one pass
        keys = many(subjects, ids) if many is not None else list(map(key_of, subjects))
        found = list(map(kept.get, ids, repeat(_NOT_KEPT)))
        # An entry found by its subject's identity holds that very subject (it keeps it alive: no
        # other object can have its id), so the key alone says whether it still shows the same.
        for index in compress(range(len(found)), map(is_not, map(_KEY, found), keys)):
            subject, key = subjects[index], keys[index]
            entry = used.get(ids[index]) or found[index]
            if entry[0] is not subject or entry[1] != key:
                html = self._template(template).render(site=context["site"], views=context["views"],
                                                       url=context["url"], root=context["root"], path=context["path"],
                                                       subject=subject)
                entry = (subject, key, html.encode("utf-8"))
            found[index] = entry
        used.update(zip(ids, found))  # each subject is kept alive with its entry: its identity stays its own
        return list(map(_HTML, found))

    def _template_digests(self) -> dict[str, str]:
        """Each template's hash, combined with the hashes of the templates it extends or imports."""
        own, uses = {}, {}
        for path in sorted(self.templates.glob("*.html")):
            data = path.read_bytes()
            digest = hashlib.sha1(data).hexdigest()
            name = path.name
            own[name] = digest
            if (name, digest) not in self.references:  # parse a template only when it changed
                try:
                    source = data.decode("utf-8")
                    found = {t for t in meta.find_referenced_templates(self.env.parse(source)) if t}
                    found |= set(_ENTRY_CALL.findall(source))  # entry("x.html", ...) renders x.html too
                except (jinja2.TemplateSyntaxError, UnicodeDecodeError):
                    found = set()  # reported when the template is rendered
                self.references[(name, digest)] = found
            uses[name] = self.references[(name, digest)]
        combined = {}
        for name in own:
            used, queue = set(), [name]
            while queue:
                current = queue.pop()
                if current not in used and current in own:
                    used.add(current)
                    queue.extend(uses[current])
            combined[name] = "".join(own[t] for t in sorted(used))
        return combined

    def render(self, content: Content, change: Delta | None = None, defer=None, staging=None) -> Rendered:
        """The files to write: those whose inputs changed. With `change`, the pages it cannot
        touch are not even looked at. Files for which defer(output) is true are left as they are
        (and known to be out of date: the next render makes them). With `staging` (write.Staging),
        the files are written there as they are made rather than returned."""
        views = Views(content, self.kept)
        digests = self._template_digests()
        if digests != self.digests:
            change = None  # a template changed: look at every page (only those using it will differ)
            self.env.cache.clear()  # and read the templates again
        self._digests, self._used, self._templates = digests, {}, {}
        navigation = tuple((page.title, f"{pid}/") for pid, page in sorted(
            content.pages.items(), key=lambda item: (item[1].title, item[0])))
        common = (content.site, navigation)
        files: dict[str, bytes | Parts] = {}
        if change is None:
            current: dict[str, tuple] = {}
        else:  # keep the pages that cannot have changed; forget the ones whose record is gone
            current = dict(self.previous)
            for pid in change.people - content.people.keys():
                current.pop(f"{person_url(pid)}index.html", None)
            for aid in change.articles - content.articles.keys():
                current.pop(f"{source_url(aid)}index.html", None)
        todo, deferred = [], False
        for output in plan(content, views, change):
            key = (digests.get(output.template), common, output.deps)
            if self.previous.get(output.path) == key:
                current[output.path] = key
            elif defer is not None and defer(output):
                current[output.path] = self.previous.get(output.path)  # what the file on disk was made from
                deferred = True
            else:
                current[output.path] = key
                todo.append(output)
        files.update(self._render_all(todo, content, views, navigation, staging))
        made = len(todo)
        assets = self.templates / ASSETS
        if assets.is_dir():
            for asset in sorted(p for p in assets.rglob("*") if p.is_file()):
                data = asset.read_bytes()
                path = f"{ASSETS}/{asset.relative_to(assets).as_posix()}"
                key = (hashlib.sha1(data).hexdigest(),)
                current[path] = key
                if self.previous.get(path) != key:
                    made += 1
                    if staging is not None:
                        staging.add(path, data)
                    else:
                        files[path] = data
        self.previous, self.digests = current, digests  # only now: a failed render changes nothing
        # Entries kept: those the pages rendered this time used, and those of the pages not rendered.
        rendered_pages = {page[2] for page in self._used}
        self.entries = {page: kept for page, kept in self.entries.items() if page[2] not in rendered_pages}
        self.entries.update(self._used)
        return Rendered(files, set(current), deferred, made)


    def _render_one(self, output: Output, content: Content, views: Views, navigation: tuple) -> bytes | Parts:
        if output.make is not None:
            return output.make(content, self.pieces.setdefault(output.path, Pieces()))
        template = self._template(output.template)
        if output.root is not None:
            url = lambda target, _root=output.root: _root + target  # noqa: E731
        else:
            url = lambda target, _from=output.path: relative_url(_from, target)  # noqa: E731
        address = output.path[: -len("index.html")] if output.path.endswith("index.html") else output.path
        root = output.root if output.root is not None else "../" * output.path.count("/")
        self._spliced = []
        text = template.render(site=content.site, content=content, views=views, navigation=navigation,
                               path=output.path, address=address, url=url, root=root, **output.context)
        return _splice(text, self._spliced) if self._spliced else text.encode("utf-8")

    def _render_all(self, todo: list[Output], content: Content, views: Views, navigation: tuple,
                    staging=None) -> dict[str, bytes]:
        """Render the pages; many of them are shared out among processes, one per core. The pages
        built from cached entries (the long lists) stay here, where the cache lives. With a
        `staging` folder (write.Staging), every process writes the pages it makes there at once and
        nothing is returned: no build holds every page in memory, and pages do not travel between
        processes."""
        workers = min(self.workers, cores())
        parallel = workers > 1 and len(todo) >= PARALLEL_FROM
        here = [o for o in todo if o.keeps_cache] if parallel else todo
        elsewhere = [o for o in todo if not o.keeps_cache] if parallel else []
        files: dict[str, bytes | Parts] = {}
        put = staging.add if staging is not None else files.__setitem__
        if elsewhere:
            global _FORKED  # handed to the forked workers, which see the parent's memory as it was
            _FORKED = (self, elsewhere, content, views, navigation, staging)
            # This process renders the long lists meanwhile: it is one of the workers, so one
            # process fewer keeps each core to one process.
            processes = max(1, workers - 1) if here else workers
            try:
                chunks = [list(range(i, len(elsewhere), processes)) for i in range(processes)]
                with forked_pool(processes) as pool:
                    pending = pool.map_async(_render_chunk, chunks)
                    for output in here:  # meanwhile, this process renders its share
                        put(output.path, self._render_one(output, content, views, navigation))
                    for part in pending.get():
                        if staging is None:
                            files.update(part)
                        else:
                            staging.digests.update(part)  # written by the worker: their digests
            finally:
                _FORKED = None
        else:
            for output in here:
                put(output.path, self._render_one(output, content, views, navigation))
        return {path: files[path] for path in sorted(files)}


def _splice(text: str, lists: list[list[bytes]]) -> Parts:
    """The page's bytes, each entries() marker in it replaced by that list's entries, one per
    line: as parts, which are written and hashed without ever being joined into one 40 MB copy."""
    flat = []
    for odd, piece in zip(cycle((False, True)), _MARK.split(text)):  # text, list number, text, ..., text
        if not odd:
            flat.append(piece.encode("utf-8"))
        elif entries := lists[int(piece)]:
            flat.extend(chain.from_iterable(zip(entries, repeat(b"\n"))))
            flat.pop()  # the entries are one per line: no line break after the last
    return Parts(flat)


# Where entries() puts a list: NUL is never in a page otherwise (control characters are refused in
# content and seeds), and the whole pattern not even in a template.
_MARK = re.compile("\x00entries-([0-9]+)\x00")

PARALLEL_FROM = 400  # pages: below this, starting processes costs more than it saves
_FORKED = None


def _render_chunk(indexes: list[int]) -> dict:
    """In a worker: the pages as bytes by path, or, with a staging folder, written there and given
    back as their digests."""
    renderer, outputs, content, views, navigation, staging = _FORKED
    if staging is None:
        return {outputs[i].path: renderer._render_one(outputs[i], content, views, navigation) for i in indexes}
    for i in indexes:
        staging.add(outputs[i].path, renderer._render_one(outputs[i], content, views, navigation))
    return {outputs[i].path: staging.digests[outputs[i].path] for i in indexes}
