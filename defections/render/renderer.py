"""From the content model to the site's files, as bytes by path; nothing is written here.

Every page template gets the same context (README, "Project layout"): `site`, `views`, `navigation`,
`path`, `address`, `root`, `url()`, the urls.py functions, and the record the page is about.
Long lists are rendered entry by entry with `entries(template, records)`: each entry from its own
template, kept as bytes and spliced into the page, never joined into one copy of a 40 MB page.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import chain, compress, cycle, repeat
from operator import attrgetter, is_
from pathlib import Path
from typing import Protocol, cast

import jinja2
from markupsafe import Markup

from ..content.model import Content
from ..parallel import on_every_core
from ..reads import NOT_RECORDED, Entry, Read, Reads
from ..reuse import FROM_NOTHING, Reuse
from ..urls import address_of, relative_url, root_of
from .pages import Output
from .parts import Parts
from .templates import environment
from .views import Views

Data = bytes | Parts
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
class Made:
    """A file rendered by another process: its bytes, or its digest if that process added it to a
    folder itself, and what it read, as recorded there."""

    path: str
    data: Data | None
    digest: str | None
    reads: frozenset[Read] | None


class Renderer:
    """Renders the site's files with one set of templates."""

    def __init__(self, templates: Path, reads: Reads = NOT_RECORDED, reuse: Reuse = FROM_NOTHING,
                 env: jinja2.Environment | None = None, processes: int | None = None):
        self.templates = templates
        self.reads = reads
        self.reuse = reuse
        self.processes = processes  # None: one per core
        self.env = env if env is not None else environment(templates)
        self.env.globals["entries"] = self._entries
        self._spliced: list[list[bytes]] = []  # the entries() lists of the page being rendered

    def views(self, content: Content) -> Views:
        return Views(content, self.reuse, self.reads)

    def render(self, output: Output, content: Content, views: Views) -> Data:
        """One file's bytes."""
        if output.make is not None:
            for read in output.reads:
                self.reads.read(read)
            return output.make(content, self.reuse)
        assert output.template is not None, f"{output.path}: neither a template nor a function makes it"
        template = self.env.get_template(output.template)
        root, path = output.root, output.path

        def url(target: str) -> str:
            """A link to a root-relative target: relative to this page, or under its fixed root."""
            return root + target if root is not None else relative_url(path, target)

        self._spliced = []
        text = template.render(site=content.site, views=views, navigation=views.navigation(),
                               path=path, address=address_of(path), url=url,
                               root=root if root is not None else root_of(path), **about(output, content))
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

        def render_elsewhere(output: Output) -> Made:
            with self.reads.rendering(output.path):
                data = self.render(output, content, views)
            reads = self.reads.taken(output.path)
            if sink.shared:
                return Made(output.path, None, sink.add(output.path, data), reads)
            return Made(output.path, data, None, reads)

        for made in on_every_core(render_elsewhere, elsewhere, self.processes, PARALLEL_FROM, meanwhile=render_here):
            if made.data is not None:
                sink.add(made.path, made.data)
            elif made.digest is not None:
                sink.added(made.path, made.digest)
            if made.reads is not None:
                self.reads.given(made.path, made.reads)

    @jinja2.pass_context
    def _entries(self, context: jinja2.runtime.Context, template: str, subjects: Iterable) -> Markup:
        """The entries of a long list, one per line: each record's entry rendered from `template`
        (with the page's context and the record as `subject`), or kept from an earlier build
        while nothing it read has changed. What the page's template gets is a marker that
        render() replaces with the entries, as bytes."""
        page, subjects = context["path"], subjects if isinstance(subjects, list) else list(subjects)
        found = self.reads.kept(page, template, list(map(_ID, subjects)))
        if None in found:  # at C speed: lists are long, and most of their entries are kept
            missing = list(compress(range(len(found)), map(is_, found, repeat(None))))
            common = {name: context[name] for name in ("site", "views", "url", "root", "path")}
            for index in missing:
                entry = Entry(page, template, subjects[index].id)
                with self.reads.rendering(entry):
                    html = self.env.get_template(template).render(**common, subject=subjects[index]).encode("utf-8")
                self.reads.keep(entry, html)
                found[index] = html
        self._spliced.append(cast(list[bytes], found))  # every entry, kept or rendered
        return Markup(f"\x00entries-{len(self._spliced) - 1}\x00")


def about(output: Output, content: Content) -> dict:
    """What the page's template gets as the record it is about: `person`, `article` or `page`."""
    if output.about is None:
        return {}
    kind, record_id = output.about
    records: dict[str, dict] = {"person": content.people, "article": content.articles, "page": content.pages}
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
