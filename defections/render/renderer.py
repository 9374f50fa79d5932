"""From the content model to the site's files, as bytes by path; nothing is written here.

Every page template gets the same context (README, "Project layout"): `site`, `views`, `navigation`,
`path`, `address`, `root`, `url()`, the urls.py functions, and the record the page is about.
Long lists are rendered entry by entry with `entries(template, records)`: each entry from its own
template, kept as bytes and spliced into the page as parts (parts.py), never joined into one copy.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from itertools import chain, compress, cycle, repeat
from operator import attrgetter, is_
from pathlib import Path
from typing import Any, Protocol, cast

import jinja2
from markupsafe import Markup

from ..content.model import KIND_OF, Content, Site
from ..parallel import on_every_core
from ..reads import NOT_RECORDED, Entry, PageReads, Read, Reads
from ..reuse import FROM_NOTHING, Reuse
from ..urls import NOT_FOUND, address_of, relative_url, root_of
from .localised import Localised, languages
from .pages import Output
from .parts import Data, Parts, Stream
from .templates import TemplateFailed, environment, located
from .views import Views

_ID = attrgetter("id")
PARALLEL_FROM = 400  # pages: below this, starting processes costs more than it saves


class Sink(Protocol):
    """Where rendered files go: a staging folder (output/write.py), or the preview's own."""

    shared: bool  # any process may add to it (a folder on disk): each adds the files it renders

    def add(self, path: str, data: Data) -> str | None:
        """Take the file; a shared sink gives back its digest."""
        ...

    def added(self, path: str, digest: str) -> None:
        """A file another process added to a shared sink."""
        ...


@dataclass(frozen=True)
class RenderedElsewhere:
    """A file rendered by another process: its bytes, or its digest if that process added it to a
    folder itself, and what it read, as recorded there."""

    path: str
    data: Data | None
    digest: str | None
    reads: PageReads | None


class Renderer:
    """Renders the site's files with one set of templates."""

    def __init__(self, templates: Path, reads: Reads = NOT_RECORDED, reuse: Reuse = FROM_NOTHING,
                 environments: Callable[[Localised], jinja2.Environment] | None = None, processes: int | None = None):
        self.templates = templates
        self.reads = reads
        self.reuse = reuse
        self.processes = processes  # None: one per core
        self._environment = environments or (lambda language: environment(templates, language=language))
        self._languages: tuple[Site, dict[str, Localised]] | None = None  # for the site they were made for
        self._envs: dict[int, tuple[Localised, jinja2.Environment]] = {}  # by id() of the language they speak
        self._spliced: list[list[bytes]] = []  # the entries() lists of the page being rendered

    def views(self, content: Content) -> Views:
        return Views(content, self.reuse, self.reads)

    def languages(self, site: Site) -> dict[str, Localised]:
        """The site's languages by tag, made again when its settings change (in the preview)."""
        if self._languages is None or self._languages[0] != site:
            self._languages = (site, {language.tag: language for language in languages(site)})
            self._envs.clear()
        return self._languages[1]

    def env(self, language: Localised) -> jinja2.Environment:
        """The environment of the pages in a language: its words, its dates, its pieces kept."""
        found = self._envs.get(id(language))
        if found is None:
            env = self._environment(language)
            env.globals["entries"] = self._entries
            if self.reads is NOT_RECORDED:  # nothing needs to know what each page read: a piece shown on many pages
                env.kept_fragments = {}  # type: ignore[attr-defined]  # is rendered once
            found = self._envs[id(language)] = (language, env)
        return found[1]

    def render(self, output: Output, content: Content, views: Views) -> Data:
        """One file's bytes."""
        for read in output.reads:
            self.reads.read(read)
        if output.make is not None:
            return output.make(content, self.reuse)
        assert output.template is not None, f"{output.path}: neither a template nor a function makes it"
        languages = self.languages(content.site)
        language = languages[output.language or content.site.language]
        root, path = output.root, output.path
        here = path[len(language.prefix):]  # the page's path among its language's pages

        def url(target: str) -> str:
            """A link to a root-relative target: relative to this page, or under its fixed root."""
            return root + target if root is not None else relative_url(here, target)

        site_root = root[: len(root) - len(language.prefix)] if root is not None else root_of(path)
        self._spliced = []
        self._read_the_languages()
        common = dict(site=content.site, views=views, navigation=views.navigation(), path=path,
                      address=address_of(path), page_address=address_of(here), url=url, here=here,
                      site_root=site_root, **about(output, content))

        def in_other_languages(template: str) -> list[tuple[Localised, Markup]]:
            """A piece of a template in each of the site's other languages whose words it has
            (one without a catalog speaks the page's English), with the way to its pages: 404.html,
            served at any missing address, says what it says in each."""
            shown, pieces = {language.interface}, []
            for other in languages.values():
                if other.interface in shown:
                    continue
                shown.add(other.interface)
                other_root = site_root + other.prefix

                def other_url(target: str, other: Localised = other, other_root: str = other_root) -> str:
                    return other_root + target if root is not None else relative_url(path, other.prefix + target)

                pieces.append((other, Markup(self.env(other).get_template(template).render(
                    **{**common, "url": other_url}, root=other_root, in_another_language=True))))
            return pieces

        try:
            text = self.env(language).get_template(output.template).render(
                **common, root=root if root is not None else root_of(here), in_other_languages=in_other_languages,
                alternates=[] if here == NOT_FOUND else alternates(here, languages.values(), site_root, language))
        except (jinja2.TemplateSyntaxError, TemplateFailed):
            raise  # located already
        except Exception as error:  # say where, at the template's line the error came from
            raise TemplateFailed(located(error, self.templates)) from error
        return _splice(text, self._spliced) if self._spliced else text.encode("utf-8")

    def render_all(self, outputs: list[Output], content: Content, views: Views, sink: Sink) -> None:
        """Render the files into the sink. Most are shared out among processes, one per core, while
        this one renders the long lists (made of entries kept here). When the sink is a folder, each
        process adds the files it makes itself, and no file travels between processes."""
        here = [output for output in outputs if output.in_this_process]
        elsewhere = [output for output in outputs if not output.in_this_process]

        def render_here() -> None:
            for output in here:
                with self.reads.rendering(output.path):
                    data = self.render(output, content, views)
                sink.add(output.path, data)

        def render_elsewhere(output: Output) -> RenderedElsewhere:
            with self.reads.rendering(output.path):
                data = self.render(output, content, views)
            reads = self.reads.taken(output.path)
            if isinstance(data, Stream) and not sink.shared:
                data = data.parts()  # to travel back to this process
            if sink.shared:
                return RenderedElsewhere(output.path, None, sink.add(output.path, data), reads)
            return RenderedElsewhere(output.path, data, None, reads)

        for made in on_every_core(render_elsewhere, elsewhere, self.processes, PARALLEL_FROM, meanwhile=render_here):
            if made.data is not None:
                sink.add(made.path, made.data)
            elif made.digest is not None:
                sink.added(made.path, made.digest)
            if made.reads is not None:
                self.reads.given(made.path, made.reads)

    def _read_the_languages(self) -> None:
        """What every page and entry reads through its language (localised.py): its dates, its
        words, whose name is native_name, where the other languages' pages are."""
        for read in LANGUAGE_SETTINGS:
            self.reads.read(read)

    @jinja2.pass_context
    def _entries(self, context: jinja2.runtime.Context, template: str, subjects: Iterable, *rest: Any) -> Markup:
        """The entries of a long list, one per line: each record's entry rendered from `template`
        (with the page's context and the record as `subject`), or kept from an earlier build
        while nothing it read has changed. What the page's template gets is a marker that
        render() replaces with the entries, as bytes."""
        if rest:
            raise jinja2.TemplateRuntimeError("entries() takes a template and a list: the third argument is "
                                              "no longer needed (see CHANGELOG.md); remove it")
        page, subjects = context["path"], subjects if isinstance(subjects, list) else list(subjects)
        common = {name: context[name] for name in ("site", "views", "url", "root", "path", "site_root", "here")}
        env = context.environment
        kind = KIND_OF.get(type(subjects[0])) if subjects else None
        if kind is None or not all(map(is_, map(type, subjects), repeat(type(subjects[0])))):
            # not records of one kind: nothing to keep them by, so rendered each time (what they read is the page's)
            found = [env.get_template(template).render(**common, subject=s).encode("utf-8") for s in subjects]
        else:
            found = self._kept_or_rendered(env, page, template, kind, subjects, common)
        self._spliced.append(found)
        return Markup(f"\x00entries-{len(self._spliced) - 1}\x00")

    def _kept_or_rendered(self, env: jinja2.Environment, page: str, template: str, kind: str, subjects: list,
                          common: dict) -> list[bytes]:
        found = self.reads.kept(page, template, kind, list(map(_ID, subjects)))
        if any(map(is_, found, repeat(None))):  # at C speed: lists are long, and most of their entries are kept
            for index in compress(range(len(found)), map(is_, found, repeat(None))):
                entry = Entry(page, template, kind, subjects[index].id)
                with self.reads.rendering(entry):
                    self._read_the_languages()
                    html = env.get_template(template).render(**common, subject=subjects[index]).encode("utf-8")
                self.reads.keep(entry, html)
                found[index] = html
        return cast(list[bytes], found)  # every entry, kept or rendered


LANGUAGE_SETTINGS = tuple(Read("site", None, name) for name in ("language", "languages", "locales", "native_language"))


@dataclass(frozen=True)
class Alternate:
    """The page in one of the site's languages: for the language switcher and hreflang."""

    tag: str
    name: str  # the language's name in itself: "العربية"
    direction: str
    href: str  # relative to the page
    address: str  # relative to the site's root
    current: bool


def alternates(here: str, languages: Iterable[Localised], site_root: str, current: Localised) -> list[Alternate]:
    """The same page in each of the site's languages (none when it has one), the first language's first."""
    languages = list(languages)
    if len(languages) < 2:
        return []
    address = address_of(here)
    return [Alternate(language.tag, language.name, language.direction,
                      site_root + language.prefix + address or "./", language.prefix + address, language is current)
            for language in languages]


def about(output: Output, content: Content) -> dict:
    """What the page's template gets as the record it is about: `person`, `event`, `article` or `page`."""
    if output.about is None:
        return {}
    kind, record_id = output.about
    records: dict[str, dict] = {"person": content.people, "article": content.articles, "page": content.pages,
                                "event": content.events}
    return {kind: records[kind][record_id]}


def _splice(text: str, lists: list[list[bytes]]) -> Parts:
    """The page's bytes, each entries() marker in it replaced by that list's entries, one per
    line: as parts, which are written and hashed without ever being joined into one copy."""
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
