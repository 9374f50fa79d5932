"""HTML fragments the templates cannot make safely themselves: Markdown, and highlighted quotes."""

from __future__ import annotations

import heapq
import json
from dataclasses import dataclass

from markupsafe import Markup, escape

from ..content.characters import INVISIBLE, UNSHOWABLE_IN_FIELDS
from ..content.markdown import PLAIN, Converter


class Markdown:
    """Markdown (with GitHub-style tables) to HTML, sanitised with an allowlist: no script, no style,
    no event handler, and only http, https and relative links (content/markdown.py, whose rules the
    validator also reads, to say what a text loses)."""

    def __init__(self) -> None:
        self._converter = Converter()

    def __call__(self, text: str | None) -> Markup:
        """The HTML, in a block of its own direction: nothing in it can reorder what follows it."""
        if not text:
            return Markup("")
        if PLAIN.fullmatch(text):  # one line of prose with nothing Markdown or HTML would read
            return Markup(f'<div dir="auto"><p>{text}</p></div>')
        return Markup(f'<div dir="auto">{self.convert(text)}</div>')

    def convert(self, text: str) -> Markup:
        """The full conversion (what the shortcut above must always agree with)."""
        return Markup(_shown(self._converter.convert(text)))


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
