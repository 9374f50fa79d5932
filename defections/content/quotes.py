"""Finding a quote in its article, the way an editor copies it.

A quote matches inside one paragraph, case-sensitively, where any run of whitespace is one
space, typographic quotes are straight and en/em dashes are hyphens; an ellipsis stands for
words left out within the paragraph. Folding maps one character to one character, so a
match's offsets in the folded paragraph are its offsets in the paragraph as displayed.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from ..urls import quote_anchor

MAX_QUOTE = 2000  # characters: a quote supports a claim; it is not the article
_MAX_WINDOWS = 4000  # passages compared when looking for the closest one: bounds the time
_WHITESPACE = re.compile(r"[^\S ]\s*| \s+")  # runs of whitespace but a single space
_BLANK_LINE = re.compile(r"\n[ \t\f\v\u00a0]*\n")
_ELLIPSIS = re.compile(r"\s*(?:…|\.\.\.)\s*")
_FOLD = str.maketrans({
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"',
    "\u2013": "-", "\u2014": "-",
})


def collapse(text: str) -> str:
    """Runs of whitespace made single spaces, and the ends trimmed."""
    return _WHITESPACE.sub(" ", text).strip()


def fold(text: str) -> str:
    """What matching compares: whitespace runs, quotes and dashes made plain (length-preserving
    for text that is already collapsed)."""
    return collapse(text).translate(_FOLD)


def paragraphs(text: str) -> list[str]:
    """The article's paragraphs as displayed: blank-line-separated blocks, or one per line when the
    text has no blank line; the lines of a block are joined with spaces."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    blocks = _BLANK_LINE.split(text) if _BLANK_LINE.search(text) else text.split("\n")
    return [p for p in (collapse(block) for block in blocks) if p]


def folded_paragraphs(paras) -> tuple[str, ...]:
    """Paragraphs (already collapsed) as matching compares them; folding keeps every offset."""
    return tuple(paragraph.translate(_FOLD) for paragraph in paras)


@dataclass(frozen=True, slots=True)
class Match:
    """Where a quote stands: its paragraph, and the (start, end) offsets of each quoted part."""

    paragraph: int
    spans: tuple[tuple[int, int], ...]


def segments(quote: str) -> list[str]:
    """The parts of a quote between ellipses, folded; empty parts (a leading '…') are dropped."""
    return [part for part in (fold(p) for p in _ELLIPSIS.split(quote)) if part]


def find(quote: str, paras: list[str], folded: tuple[str, ...] | None = None,
         parts: list[str] | None = None) -> Match | None:
    """The first paragraph holding every part of the quote, in order, and where. `folded`, the
    paragraphs as folded_paragraphs() gives them, and `parts`, the quote's segments(), save
    working them out again."""
    parts = segments(quote) if parts is None else parts
    if not parts:
        return None
    for index, haystack in enumerate(folded if folded is not None else folded_paragraphs(paras)):
        spans, position = [], 0
        for part in parts:
            start = haystack.find(part, position)
            if start < 0:
                break
            spans.append((start, start + len(part)))
            position = start + len(part)
        else:
            return Match(index, tuple(spans))
    return None


def closest_passage(quote: str, paras: list[str]) -> tuple[str, str] | None:
    """The passage of the article most like the quote, and a few words on how they differ."""
    wanted = " ".join(segments(quote))
    if not wanted or not paras:
        return None
    best: tuple[float, str] = (0.0, "")
    width = max(1, len(wanted.split(" ")))
    windows = sum(max(1, len(p.split(" ")) - width + 1) for p in paras)
    stride = max(1, windows // _MAX_WINDOWS)
    for paragraph in paras:
        words = paragraph.split(" ")
        for start in range(0, max(1, len(words) - width + 1), stride):
            passage = " ".join(words[start:start + width])
            matcher = difflib.SequenceMatcher(None, wanted, passage.translate(_FOLD), autojunk=False)
            if matcher.real_quick_ratio() > best[0] and matcher.quick_ratio() > best[0]:
                ratio = matcher.ratio()
                if ratio > best[0]:
                    best = (ratio, passage)
    if best[0] < 0.4:
        return None
    passage = best[1].rstrip(",;:")
    return passage, _difference(wanted, passage.translate(_FOLD))


def _difference(quote: str, passage: str) -> str:
    """The first place where the quote and the passage part ways, in words."""
    matcher = difflib.SequenceMatcher(None, quote, passage, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        ours, theirs = _word_around(quote, i1, i2), _word_around(passage, j1, j2)
        return f"the quote has \"{ours}\" where the article has \"{theirs}\""
    return "they differ only in case or spacing"


def _word_around(text: str, start: int, end: int) -> str:
    left = text.rfind(" ", 0, start) + 1
    right = text.find(" ", end)
    return text[left:right if right >= 0 else len(text)] or text[max(0, start - 10):end + 10]


def quote_id(quote: str, parts: list[str] | None = None) -> str:
    """The anchor of a quote's <mark> on its source page (urls.quote_anchor), from its words alone."""
    return quote_anchor(segments(quote) if parts is None else parts)


def text_fragment(paragraph: str, spans: tuple[tuple[int, int], ...]) -> str:
    """A URL text fragment (#:~:text=…) that takes a browser to the quoted words of the original."""
    first_start, first_end = spans[0]
    last_start, last_end = spans[-1]
    if len(spans) == 1:
        directive = _encode_fragment_text(paragraph[first_start:first_end])
    else:
        directive = (_encode_fragment_text(paragraph[first_start:first_end]) + ","
                     + _encode_fragment_text(paragraph[last_start:last_end]))
    return ":~:text=" + directive


# Each byte as a text fragment writes it: letters, digits and _ . ~ as they are, every other byte
# percent-encoded ('-' too: it would be read as the fragment's own syntax). A table, as urllib's
# quote() goes byte by byte in Python and this runs for every quote on every page.
_FRAGMENT_BYTES = tuple(chr(b) if chr(b).isascii() and (chr(b).isalnum() or chr(b) in "_.~") else f"%{b:02X}"
                        for b in range(256))


def _encode_fragment_text(text: str) -> str:
    return "".join(map(_FRAGMENT_BYTES.__getitem__, text.encode("utf-8")))


def at_the_words(paragraph: str, spans: tuple[tuple[int, int], ...], *urls: str | None) -> list[str | None]:
    """Each address (None stays None) with a text fragment that takes a browser to the quoted words."""
    fragment = text_fragment(paragraph, spans)
    return [with_fragment(url, fragment) if url else None for url in urls]


def with_fragment(url: str, fragment: str) -> str:
    """The URL with a text fragment added after any fragment it already has."""
    return f"{url}{fragment}" if "#" in url else f"{url}#{fragment}"
