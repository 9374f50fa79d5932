"""HTML fragments the templates cannot make safely themselves: Markdown, and highlighted quotes."""

from __future__ import annotations

import heapq
import json
import re
from dataclasses import dataclass
from urllib.parse import urlsplit
from xml.etree import ElementTree

import markdown as markdown_lib
import nh3
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor
from markupsafe import Markup, escape

from ..content.characters import INVISIBLE, UNSHOWABLE_IN_FIELDS

_ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "code", "del", "em", "h2", "h3", "h4", "h5", "h6", "hr", "i",
    "li", "ol", "p", "pre", "strong", "sub", "sup", "table", "tbody", "td", "th", "thead", "tr", "ul",
}
_ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "td": {"align"}, "th": {"align"}}


# Prose on one line that Markdown leaves as it is and nh3 writes back unchanged: it starts with a
# letter, a quote or a bracket (not '-', '+', '#', '>' or a digit, which can start a list, a
# heading or a quote block) and holds no character that is Markdown syntax, an HTML special
# character, or whitespace other than the plain space. Most summaries are such text, and wrapping
# them in <p> is 100 times faster than converting them; a property test checks they agree.
_WORD = r"[^\\`*_\[\]<>&!#|~\s]+"  # \s covers every kind of space, the no-break space too
_PLAIN = re.compile(rf"(?=[^\W\d_]|[\"'(\u201c\u2018]){_WORD}(?: {_WORD})*")


def allowed_address(address: str) -> bool:
    """An http or https address, or one relative to the page (not '//host/...', another site's)."""
    if address.startswith("//") or address.startswith("\\"):
        return False
    scheme = urlsplit(address).scheme.lower()
    return scheme in ("http", "https") or (not scheme and ":" not in address.split("/", 1)[0])


def _unwrap(parent: ElementTree.Element, child: ElementTree.Element) -> None:
    """Put the element's text and children in its place, as if its tags were not there."""
    index = list(parent).index(child)
    before = parent[index - 1] if index else None
    if before is not None:
        before.tail = (before.tail or "") + (child.text or "")
    else:
        parent.text = (parent.text or "") + (child.text or "")
    grandchildren = list(child)
    for offset, grandchild in enumerate(grandchildren):
        parent.insert(index + 1 + offset, grandchild)
    last = grandchildren[-1] if grandchildren else before
    if last is not None:
        last.tail = (last.tail or "") + (child.tail or "")
    else:
        parent.text = (parent.text or "") + (child.tail or "")
    parent.remove(child)


class _RefusedLinks(Treeprocessor):
    """A Markdown link whose address is refused becomes its text: in the document's tree, before
    it is written out (never by rewriting the HTML afterwards)."""

    def run(self, root: ElementTree.Element) -> None:
        for parent in list(root.iter()):
            for child in list(parent):
                if child.tag == "a" and not allowed_address(child.get("href", "")):
                    _unwrap(parent, child)


class _Links(Extension):
    def extendMarkdown(self, md: markdown_lib.Markdown) -> None:  # noqa: N802 - Markdown's own name
        md.treeprocessors.register(_RefusedLinks(md), "refused links", 0)  # after every other treeprocessor


def _attribute(element: str, attribute: str, value: str) -> str | None:
    """nh3's filter for the attributes it keeps: an address is kept only if allowed_address()."""
    if attribute == "href" and not allowed_address(value):
        return None
    return value


class Markdown:
    """Markdown (with GitHub-style tables) to HTML, sanitised with an allowlist: no script, no style,
    no event handler, and only http, https and relative links. One converter is reset and reused:
    making a new one for each text costs more than the conversion itself."""

    def __init__(self) -> None:
        self._converter = markdown_lib.Markdown(extensions=["tables", _Links()], output_format="html")

    def __call__(self, text: str | None) -> Markup:
        """The HTML, in a block of its own direction: nothing in it can reorder what follows it."""
        if not text:
            return Markup("")
        if _PLAIN.fullmatch(text):  # one line of prose with nothing Markdown or HTML would read
            return Markup(f'<div dir="auto"><p>{text}</p></div>')
        return Markup(f'<div dir="auto">{self.convert(text)}</div>')

    def convert(self, text: str) -> Markup:
        """The full conversion (what the shortcut above must always agree with)."""
        html = self._converter.reset().convert(text)
        cleaned = nh3.clean(html, tags=_ALLOWED_TAGS, attributes=_ALLOWED_ATTRIBUTES, attribute_filter=_attribute,
                            url_schemes={"http", "https"}, link_rel="noopener noreferrer")
        return Markup(_shown(cleaned))


def _shown(html: str) -> str:
    """The HTML with every character a reader must not be given (characters.py) replaced by U+FFFD:
    the validator refuses them, character references included, so this only ever catches what
    a new way of writing them would bring."""
    if INVISIBLE.search(html) or UNSHOWABLE_IN_FIELDS.search(html):
        html = UNSHOWABLE_IN_FIELDS.sub("\ufffd", INVISIBLE.sub("\ufffd", html))
    return html


def jsonld(data: dict) -> Markup:
    """schema.org data in a <script type="application/ld+json">, safe whatever the content holds:
    '<', '>' and '&' are written as \\u escapes, so no text can close the script element."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return Markup(f'<script type="application/ld+json">{text}</script>')


@dataclass(frozen=True, slots=True)
class Span:
    start: int
    end: int
    anchor: str  # the quote's anchor id
    first: bool  # the first part of the quote carries its id
    alias: str | None = None  # the anchor an earlier version gave the quote, kept for the links made then


def highlight(paragraph: str, spans: list[Span]) -> Markup:
    """The paragraph, escaped, with each span in a <mark>. Overlapping spans nest; a span that
    crosses the end of another is split there, and only its first piece carries the id."""
    pending = [(s.start, -s.end, s.anchor, s.first, s.alias) for s in spans if s.end > s.start]
    heapq.heapify(pending)
    out: list[str] = []
    open_ends: list[int] = []  # ends of the <mark>s open now, innermost last
    position = 0

    def text_until(stop: int) -> None:
        nonlocal position
        while open_ends and open_ends[-1] <= stop:
            end = open_ends.pop()
            out.append(str(escape(paragraph[position:end])) + "</mark>")
            position = end
        out.append(str(escape(paragraph[position:stop])))
        position = stop

    while pending:
        start, negative_end, anchor, first, alias = heapq.heappop(pending)
        end = -negative_end
        text_until(start)
        if open_ends and end > open_ends[-1]:  # crosses the innermost open mark: split it there
            heapq.heappush(pending, (open_ends[-1], -end, anchor, False, None))
            end = open_ends[-1]
        identity = f' id="{escape(anchor)}"' if first else ""
        out.append(f'<mark{identity} data-quote="{escape(anchor)}">' + (f'<span id="{escape(alias)}"></span>'
                                                                           if first and alias else ""))
        open_ends.append(end)
    text_until(len(paragraph))
    return Markup("".join(out))
