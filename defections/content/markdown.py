"""Markdown as the site publishes it: converted to HTML (with GitHub-style tables) and sanitised with an
allowlist (no script, no style, no event handler; only http, https and relative links).

One set of rules for two readers: the renderer (render/markup.py) publishes what `convert()` makes,
and the validator reports what `removed()` finds that sanitising takes away, so that an editor
whose `<script>` or `javascript:` link vanished is told, and where.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urlsplit
from xml.etree import ElementTree

import markdown as markdown_lib
import nh3
from markdown.extensions import Extension
from markdown.extensions.tables import TableExtension
from markdown.treeprocessors import Treeprocessor

from ..errors import WARNING, Diagnostic

ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "code", "del", "em", "h2", "h3", "h4", "h5", "h6", "hr", "i",
    "li", "ol", "p", "pre", "strong", "sub", "sup", "table", "tbody", "td", "th", "thead", "tr", "ul",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "td": {"align"}, "th": {"align"}}
_SCRIPT_SCHEMES = frozenset({"javascript", "vbscript", "data"})

# Prose on one line that Markdown leaves as it is and nh3 writes back unchanged: it starts with a
# letter, a quote or a bracket (not '-', '+', '#', '>' or a digit, which can start a list, a
# heading or a quote block) and holds no character that is Markdown syntax, an HTML special
# character, or whitespace other than the plain space. Most summaries are such text, and wrapping
# them in <p> is 100 times faster than converting them; a property test checks they agree.
_WORD = r"[^\\`*_\[\]<>&!#|~\s]+"  # \s covers every kind of space, the no-break space too
PLAIN = re.compile(rf"(?=[^\W\d_]|[\"'(\u201c\u2018]){_WORD}(?: {_WORD})*")


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
    it is written out (never by rewriting the HTML afterwards). While `keep` is set, removed() is
    looking for what sanitising takes out: the links are left for it to find, in their place."""

    keep = False

    def run(self, root: ElementTree.Element) -> None:
        if self.keep:
            return
        for parent in list(root.iter()):
            for child in list(parent):
                if child.tag == "a" and not allowed_address(child.get("href", "")):
                    _unwrap(parent, child)


class _Links(Extension):
    def __init__(self) -> None:
        super().__init__()
        self.processor: _RefusedLinks | None = None

    def extendMarkdown(self, md: markdown_lib.Markdown) -> None:  # noqa: N802 - Markdown's own name
        self.processor = _RefusedLinks(md)
        md.treeprocessors.register(self.processor, "refused links", 0)  # after every other treeprocessor


def _attribute(element: str, attribute: str, value: str) -> str | None:
    """nh3's filter for the attributes it keeps: an address is kept only if allowed_address()."""
    if attribute == "href" and not allowed_address(value):
        return None
    return value


@dataclass(frozen=True)
class Removed:
    """One thing sanitising takes out of a text: what it is ('<script> element'), and whether it is
    a script (an element, an event handler or a link that runs one) or a # heading."""

    what: str
    several: str  # what, more than one of it
    script: bool = False
    heading: bool = False
    needle: str = field(default="", compare=False)  # a pattern for where it stands in the text

    def counted(self, count: int) -> str:
        if count > 1:
            return f"{count} {self.several}"
        return f"{'an' if self.what.lstrip('<')[:1] in 'aeiou' else 'a'} {self.what}"


# Where an element stands in the Markdown text, when Markdown's own syntax makes it: a heading of
# one # (or a line underlined with ===), an image (![a map](map.png)); any element as an HTML tag.
_MADE_BY_MARKDOWN = {"h1": r"^ {0,3}#(?!#)|^ {0,3}\S[^\n]*\n {0,3}=+[ \t]*$", "img": r"!\["}


def _element(tag: str) -> Removed:
    written = rf"<{re.escape(tag)}(?![\w-])"
    made = _MADE_BY_MARKDOWN.get(tag)
    return Removed(f"<{tag}> element", f"<{tag}> elements", script=tag == "script", heading=tag == "h1",
                   needle=f"(?m){made}|{written}" if made else written)


def _attribute_removed(name: str) -> Removed:
    """An attribute, found where it stands inside a tag (not the same word in the prose before it)."""
    return Removed(f"{name} attribute", f"{name} attributes", script=name.startswith("on"),
                   needle=rf"<[a-z][^<>]*?\s(?P<at>{re.escape(name)})(?![\w-])")


class Converter:
    """Markdown to sanitised HTML. One converter is reset and reused: making a new one for each text
    costs more than the conversion itself."""

    def __init__(self) -> None:
        self._links = _Links()
        self._markdown = markdown_lib.Markdown(extensions=[TableExtension(use_align_attribute=True), self._links],
                                               output_format="html")

    def _html(self, text: str, keep_links: bool = False) -> str:
        """The HTML Markdown makes, before it is sanitised; its refused links made text unless
        `keep_links` (see _RefusedLinks)."""
        assert self._links.processor is not None
        self._links.processor.keep = keep_links
        try:
            return self._markdown.reset().convert(text)
        finally:
            self._links.processor.keep = False

    def convert(self, text: str) -> str:
        """The HTML the site publishes for a Markdown text."""
        return nh3.clean(self._html(text), tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES,
                         attribute_filter=_attribute, url_schemes={"http", "https"}, link_rel="noopener noreferrer")

    def removed(self, text: str) -> list[Removed]:
        """What sanitising takes out of the text, in the order it stands: every element and attribute
        the allowlist has not, and every link to an address that is refused."""
        if not text or PLAIN.fullmatch(text):
            return []
        scan = _Scan()
        scan.feed(self._html(text, keep_links=True))
        scan.close()
        return scan.found


def _link(address: str) -> Removed:
    stripped = address.strip()
    if stripped.startswith(("//", "\\")):
        return Removed("link to another site starting with '//'", "links to other sites starting with '//'",
                       needle=re.escape(stripped[:2]))
    try:
        scheme = urlsplit(stripped).scheme.lower()
    except ValueError:
        scheme = ""
    if scheme:
        email = r"|<[^\s<>@]+@[^\s<>]+>" if scheme == "mailto" else ""  # <desk@example.org>: Markdown's mailto: link
        return Removed(f"{scheme}: link", f"{scheme}: links", script=scheme in _SCRIPT_SCHEMES,
                       needle=re.escape(f"{scheme}:") + email)
    return Removed(f"link to '{stripped[:40]}'", f"links to '{stripped[:40]}'", needle=re.escape(stripped[:40]))


class _Scan(HTMLParser):
    """Finds, in Markdown's HTML, what the allowlist leaves out."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[Removed] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        allowed = tag in ALLOWED_TAGS
        if not allowed:
            self.found.append(_element(tag))
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append(_attribute_removed(name))
            elif not allowed:
                continue  # gone with its element
            elif name not in ALLOWED_ATTRIBUTES.get(tag, ()):
                self.found.append(_attribute_removed(name))
            elif name == "href" and not allowed_address(value or ""):
                self.found.append(_link(value or ""))

    handle_startendtag = handle_starttag


def removed_message(found: list[Removed], what: str) -> str:
    """The warning for what sanitising took out of a summary or a page (`what`)."""
    counts: dict[Removed, int] = {}
    for item in found:
        counts[item] = counts.get(item, 0) + 1
    listed = [item.counted(count) for item, count in counts.items()]
    shown = listed[0] if len(listed) == 1 else ", ".join(listed[:-1]) + " and " + listed[-1]
    them = "it" if len(found) == 1 else "them"
    if any(item.script for item in found):
        why = f"the site never publishes scripts: remove {them} from the text"
    elif all(item.heading for item in found):
        why = "# makes the largest heading, which only a page's title has: start headings with ## instead"
    else:
        why = ("the site publishes Markdown's text, emphasis, lists, tables, ## headings and links to http, "
               f"https or relative addresses, and no other HTML: remove {them} from the text")
    return f"removed {shown} from this {what}; {why}"


def sanitising_problem(converter: Converter, text: str | None, path: str, at: tuple[int, int],
                       what: str, body: bool = False) -> Diagnostic | None:
    """A warning when sanitising would take something out of the Markdown text: at `at` (where a
    field's value starts), or, for a page's `body` starting at `at`, where the first thing removed is."""
    found = converter.removed(text) if text else []
    if not found:
        return None
    if body and text:
        at = _where(text, at, found[0].needle)
    return Diagnostic(path, *at, removed_message(found, what), WARNING)


def _where(text: str, start: tuple[int, int], needle: str) -> tuple[int, int]:
    """Where the needle first matches in a text that starts at `start` (its start if it does not)."""
    match = re.search(needle, text, flags=re.IGNORECASE) if needle else None
    if match is None:
        return start
    offset = match.start("at") if "at" in match.re.groupindex and match.start("at") >= 0 else match.start()
    line_start = text.rfind("\n", 0, offset) + 1
    line = start[0] + text.count("\n", 0, offset)
    return line, offset - line_start + (start[1] if line == start[0] else 1)
