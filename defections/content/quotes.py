"""Finding a quote in its article, the way an editor copies it.

A quote matches inside one paragraph, case-sensitively, where any run of whitespace is one
space, typographic quotes are straight and en/em dashes are hyphens; an ellipsis stands for
words left out within the paragraph. Folding maps one character to one character, so a
match's offsets in the folded paragraph are its offsets in the paragraph as displayed.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass

from ..urls import quote_anchor
from .characters import named

MAX_QUOTE = 2000  # characters: a quote supports a claim; it is not the article
MIN_WORDS = 3  # in each part of a quote: one word can be found in nearly any article
COMPARISON_BUDGET = 8_000_000  # pairs of characters compared in search of the closest passage (about 0.4 s)
_MAX_WINDOWS = 4000  # passages compared when looking for the closest one: bounds the time
_WHITESPACE = re.compile(r"[^\S ]\s*| \s+")  # runs of whitespace but a single space
_BLANK_LINE = re.compile(r"\n[ \t\f\v\u00a0]*\n")
_ELLIPSIS = re.compile(r"\s*(?:…|\.\.\.)\s*")
_APOSTROPHES = "'’‘‛ʼ´`′"  # inside a word ("didn't", "Syria’s", "didnʼt"), an apostrophe is part of it
_WORDS = re.compile(r"[^\W_]+")
_LEFT_OUT_WORDS = re.compile(rf"[^\W_]+(?:[{_APOSTROPHES}][^\W_]+)?")
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


def words_in(part: str) -> int:
    """How many words a part of a quote has (a word: letters or digits, in any script, with the
    marks written over them: a vowelled Arabic word is one word)."""
    return len(_WORDS.findall(_unmarked(part)))


def _unmarked(text: str) -> str:
    """The text without its combining marks (Arabic vowels, accents typed apart)."""
    if text.isascii():
        return text
    return "".join(character for character in text if not _mark(character))


def _mark(character: str) -> bool:
    return not character.isascii() and unicodedata.category(character)[0] == "M"


def find(quote: str, paras: list[str], folded: tuple[str, ...] | None = None,
         parts: list[str] | None = None, whole_words: bool = True) -> Match | None:
    """The first paragraph holding every part of the quote, in order, each part starting and ending
    on a word's edge (unless not `whole_words`), and where. `folded`, the paragraphs as
    folded_paragraphs() gives them, and `parts`, the quote's segments(), save working them out again."""
    parts = segments(quote) if parts is None else parts
    if not parts:
        return None
    for index, haystack in enumerate(folded if folded is not None else folded_paragraphs(paras)):
        spans, position = [], 0
        for part in parts:
            start = haystack.find(part, position)
            while start >= 0 and whole_words and cut_word(haystack, start, start + len(part)):
                start = haystack.find(part, start + 1)
            if start < 0:
                break
            spans.append((start, start + len(part)))
            position = start + len(part)
        else:
            return Match(index, tuple(spans))
    return None


def _inside_a_word(text: str, offset: int) -> bool:
    """Whether the offset falls between two characters of one word: two letters or digits (or a
    mark written over one); an apostrophe and the letters on both of its sides ("didn'|t" and
    "didn|'t" both cut "didn't"); or a comma or point between digits ("1,|500", "3|.5")."""
    if not 0 < offset < len(text):
        return False
    before, after = text[offset - 1], text[offset]
    if (before.isalnum() or _mark(before)) and (after.isalnum() or _mark(after)):
        return True
    if before in _APOSTROPHES and after.isalnum():
        return offset >= 2 and text[offset - 2].isalnum()
    if after in _APOSTROPHES and before.isalnum():
        return offset + 1 < len(text) and text[offset + 1].isalnum()
    if before in ",." and after.isdigit():
        return offset >= 2 and text[offset - 2].isdigit()
    if after in ",." and before.isdigit():
        return offset + 1 < len(text) and text[offset + 1].isdigit()
    return False


def cut_word(text: str, start: int, end: int) -> str | None:
    """'starts' or 'ends' when text[start:end] begins or finishes inside a word of the text."""
    if _inside_a_word(text, start):
        return "starts"
    if _inside_a_word(text, end):
        return "ends"
    return None


def word_at(text: str, offset: int) -> str:
    """The whole word of the text that the offset falls in."""
    left, right = offset, offset
    while left > 0 and (text[left - 1].isalnum() or _inside_a_word(text, left - 1)):
        left -= 1
    while right < len(text) and (text[right].isalnum() or _inside_a_word(text, right + 1)):
        right += 1
    return text[left:right]


NEGATIONS = frozenset({"not", "no", "never", "nor", "neither", "none", "nobody", "nothing", "without", "cannot",
                       "deny", "denies", "denied", "denying",
                       # Arabic: not (لا لم لن ليس ليست ما غير), without (بدون دون), denied (نفى نفت ينفي تنفي)
                       "لا", "لم", "لن", "ليس", "ليست", "ما", "غير", "بدون", "دون", "نفى", "نفت", "ينفي", "تنفي"})
_CONJUNCTIONS = ("و", "ف")  # Arabic "and", written onto the next word: ولم, فلا


def _negation(word: str) -> bool:
    if word in NEGATIONS or (word[:1] in _CONJUNCTIONS and word[1:] in NEGATIONS):
        return True
    return any(word.endswith("n" + apostrophe + "t") for apostrophe in _APOSTROPHES)


def left_out_negation(paragraph: str, spans: tuple[tuple[int, int], ...]) -> tuple[str, str] | None:
    """A negation among the words an ellipsis leaves out ('not', 'never', 'denied', "didn't"...),
    with the words around it ('had not defected'), or None."""
    for (_, end), (start, _) in zip(spans, spans[1:]):
        for word in _LEFT_OUT_WORDS.findall(_unmarked(paragraph[end:start])):
            if _negation(word.lower()):
                before = paragraph[:end].split()[-1:] if paragraph[:end].strip() else []
                after = paragraph[start:].split()[:1]
                return word, " ".join([*before, *paragraph[end:start].split(), *after])
    return None


@dataclass(frozen=True)
class Closest:
    """The passage of an article most like a quote not found in it, and how they differ."""

    passage: str | None  # None when no passage is close enough
    difference: str
    stopped_after: int | None  # passages compared, when the search stopped before the end


def closest_passage(quote: str, paras: list[str]) -> Closest | None:
    """The passage of the article most like the quote, and a few words on how they differ. The
    search compares passages of the quote's length, and stops once it has compared about
    COMPARISON_BUDGET pairs of characters: a long quote against a long article would otherwise
    take minutes."""
    wanted = " ".join(segments(quote))
    if not wanted or not paras:
        return None
    best: tuple[float, str] = (0.0, "")
    width = max(1, len(wanted.split(" ")))
    windows = sum(max(1, len(p.split(" ")) - width + 1) for p in paras)
    stride = max(1, windows // _MAX_WINDOWS)
    budget, compared, stopped = COMPARISON_BUDGET, 0, False
    for paragraph in paras:
        words = paragraph.split(" ")
        for start in range(0, max(1, len(words) - width + 1), stride):
            if budget <= 0:
                stopped = True
                break
            passage = " ".join(words[start:start + width])
            matcher = difflib.SequenceMatcher(None, wanted, passage.translate(_FOLD), autojunk=False)
            compared += 1
            budget -= len(wanted) + len(passage)
            if matcher.real_quick_ratio() > best[0] and matcher.quick_ratio() > best[0]:
                budget -= len(wanted) * len(passage)
                ratio = matcher.ratio()
                if ratio > best[0]:
                    best = (ratio, passage)
        if stopped:
            break
    if best[0] < 0.4:
        return Closest(None, "", compared) if stopped else None
    passage = best[1].rstrip(",;:")
    return Closest(passage, _difference(wanted, passage.translate(_FOLD)), compared if stopped else None)


def _difference(quote: str, passage: str) -> str:
    """The first place where the quote and the passage part ways, in words."""
    matcher = difflib.SequenceMatcher(None, quote, passage, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        ours, theirs = _word_around(quote, i1, i2), _word_around(passage, j1, j2)
        return f"the quote has \"{ours}\" where the article has \"{theirs}\"{_which(quote[i1:i2], passage[j1:j2])}"
    return "they differ only in case or spacing"


def _which(ours: str, theirs: str) -> str:
    """The characters that differ, named, when one of them is not plain ASCII: a non-breaking
    hyphen and a hyphen look the same on screen."""
    if len(ours) > 2 or len(theirs) > 2 or (ours + theirs).isascii():
        return ""
    def names(text: str) -> str:
        return " and ".join(named(character) for character in text) or "nothing"
    return f" (the article's {names(theirs)}, the quote's {names(ours)})"


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
