"""HTML fragments the templates cannot make safely themselves: Markdown, and highlighted quotes."""

from __future__ import annotations

import heapq
from dataclasses import dataclass

import markdown as markdown_lib
import nh3
from markupsafe import Markup, escape

_ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "code", "del", "em", "h2", "h3", "h4", "h5", "h6", "hr", "i",
    "li", "ol", "p", "pre", "strong", "sub", "sup", "table", "tbody", "td", "th", "thead", "tr", "ul",
}
_ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "td": {"align"}, "th": {"align"}}


def markdown(text: str | None) -> Markup:
    """Markdown (with GitHub-style tables) to HTML, sanitised: no script, no style, no event handler,
    and only http, https, mailto and relative links."""
    if not text:
        return Markup("")
    html = markdown_lib.markdown(text, extensions=["tables"], output_format="html")
    return Markup(nh3.clean(html, tags=_ALLOWED_TAGS, attributes=_ALLOWED_ATTRIBUTES,
                            url_schemes={"http", "https", "mailto"}, link_rel="noopener noreferrer"))


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    anchor: str  # the quote's anchor id
    first: bool  # the first part of the quote carries its id


def highlight(paragraph: str, spans: list[Span]) -> Markup:
    """The paragraph, escaped, with each span in a <mark>. Overlapping spans nest; a span that
    crosses the end of another is split there, and only its first piece carries the id."""
    pending = [(s.start, -s.end, s.anchor, s.first) for s in spans if s.end > s.start]
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
        start, negative_end, anchor, first = heapq.heappop(pending)
        end = -negative_end
        text_until(start)
        if open_ends and end > open_ends[-1]:  # crosses the innermost open mark: split it there
            heapq.heappush(pending, (open_ends[-1], -end, anchor, False))
            end = open_ends[-1]
        identity = f' id="{escape(anchor)}"' if first else ""
        out.append(f'<mark{identity} data-quote="{escape(anchor)}">')
        open_ends.append(end)
    text_until(len(paragraph))
    return Markup("".join(out))
