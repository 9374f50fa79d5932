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
    for text that is already collapsed). ASCII text has none of the characters folded, and
    asking whether a string is ASCII costs nothing (Python knows it of every string)."""
    collapsed = collapse(text)
    return collapsed if collapsed.isascii() else collapsed.translate(_FOLD)


def paragraphs(text: str) -> list[str]:
    """The article's paragraphs as displayed: blank-line-separated blocks, or one per line when the
    text has no blank line; the lines of a block are joined with spaces."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    blocks = _BLANK_LINE.split(text) if _BLANK_LINE.search(text) else text.split("\n")
    return [p for p in (collapse(block) for block in blocks) if p]


def folded_paragraphs(paras) -> tuple[str, ...]:
    """Paragraphs (already collapsed) as matching compares them; folding keeps every offset. A
    paragraph with nothing to fold is its own folded form (the same string, not a copy)."""
    return tuple(_same_if_equal(paragraph, paragraph.translate(_FOLD)) for paragraph in paras)


def _same_if_equal(text: str, other: str) -> str:
    return text if other == text else other


@dataclass(frozen=True, slots=True)
class Match:
    """Where a quote stands: its paragraph, and the (start, end) offsets of each quoted part."""

    paragraph: int
    spans: tuple[tuple[int, int], ...]


def segments(quote: str) -> list[str]:
    """The parts of a quote between ellipses, folded; empty parts (a leading '…') are dropped.
    (Most quotes have no ellipsis: they are one part, found without splitting them.)"""
    if "…" not in quote and "..." not in quote:
        whole = fold(quote)
        return [whole] if whole else []
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
class Crossing:
    """Where a quote not found in one paragraph runs from one into another: the first of them,
    and its last words (from the quote's first, at most), as the article shows them."""

    paragraph: int
    before: str
    by_ellipsis: bool  # the break falls in the words an ellipsis leaves out, not inside a part


def across_paragraphs(paras: list[str], folded: tuple[str, ...], parts: list[str]) -> Crossing | None:
    """A quote whose words run across a paragraph break: a part that starts at the end of one
    paragraph and goes on at the start of the next (the editor copied over the break), or parts,
    between ellipses, found in order in two paragraphs (an ellipsis that leaves out the break)."""
    for index in range(len(folded) - 1):
        first, second = folded[index], folded[index + 1]
        closing = len(first) - len(first.rstrip(_CLOSING))  # a quote may leave out the marks around it
        opening = len(second) - len(second.lstrip(_OPENING))
        for number, part in enumerate(parts):
            for cut in _breaks(part):
                head, tail = part[:cut].rstrip(), part[cut:].lstrip()
                if not head or not tail:
                    continue
                ends = next((len(first) - k for k in range(closing + 1)
                             if first.endswith(head, 0, len(first) - k)), None)
                starts = next((k for k in range(opening + 1) if second.startswith(tail, k)), None)
                if ends is None or starts is None:
                    continue
                start, after = ends - len(head), starts + len(tail)
                if _inside_a_word(first, start) or (number == len(parts) - 1 and _inside_a_word(second, after)):
                    continue
                if (_in_order(first, parts[:number], 0, start) is not None
                        and _in_order(second, parts[number + 1:], after) is not None):
                    return Crossing(index, _last_words(paras[index], start, ends), False)
    for number in range(1, len(parts)):
        for index, haystack in enumerate(folded[:-1]):
            if (_in_order(haystack, parts[:number], 0) is not None
                    and _in_order(folded[index + 1], parts[number:], 0) is not None):
                return Crossing(index, _last_words(paras[index], haystack.find(parts[0])), True)
    return None


_CLOSING = "\"')"  # folded: what may end a paragraph after a quote's last word
_OPENING = "\"'("


def _breaks(part: str) -> list[int]:
    """Where a paragraph break may have been in a part: at a space, or between a sentence's end
    and the next word when the editor's copy dropped the space ("Tuesday.An aide")."""
    return [cut for cut in range(1, len(part))
            if part[cut] == " " or (part[cut - 1] in '.!?:;"\'' and part[cut].isalnum())]


def _in_order(haystack: str, parts: list[str], start: int, end: int | None = None) -> int | None:
    """Where the last of the parts ends when each is found, in order, in haystack[start:end]
    between words' edges (start itself when there are none); None when one is not."""
    end = len(haystack) if end is None else end
    position = start
    for part in parts:
        found = haystack.find(part, position, end)
        while found >= 0 and cut_word(haystack, found, found + len(part)):
            found = haystack.find(part, found + 1, end)
        if found < 0:
            return None
        position = found + len(part)
    return position


def _last_words(paragraph: str, start: int, end: int | None = None, count: int = 6) -> str:
    """The last few words of paragraph[start:end], '…' before them when there are more."""
    words = paragraph[start:end].split()
    return " ".join(words) if len(words) <= count else "…" + " ".join(words[-count:])


@dataclass(frozen=True)
class Closest:
    """The passage of an article most like a quote not found in it, and how they differ."""

    passage: str | None  # None when no passage is close enough
    difference: str
    stopped_after: int | None  # passages compared, when the search stopped before the end


def closest_passage(quote: str, paras: list[str]) -> Closest | None:
    """The passage of the article most like the quote, and the words in which they differ. The
    search compares passages of the quote's length, and stops once it has compared about
    COMPARISON_BUDGET pairs of characters: a long quote against a long article would otherwise
    take minutes. The passage found is then widened or narrowed by a word or two at each end, to
    the one most like the quote: a word the quote leaves out or adds does not cut it short."""
    wanted = " ".join(segments(quote))
    if not wanted or not paras:
        return None
    best: tuple[float, int, int] = (0.0, 0, 0)  # the ratio, the paragraph, its first word
    width = max(1, len(wanted.split(" ")))
    windows = sum(max(1, len(p.split(" ")) - width + 1) for p in paras)
    stride = max(1, windows // _MAX_WINDOWS)
    budget, compared, stopped = COMPARISON_BUDGET, 0, False
    for number, paragraph in enumerate(paras):
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
                    best = (ratio, number, start)
        if stopped:
            break
    if best[0] < 0.4:
        return Closest(None, "", compared) if stopped else None
    words = paras[best[1]].split(" ")
    begin, end = _whole_phrase(wanted, words, *_covering(wanted, words, *_refined(wanted, words, best[2], width)))
    passage = _trimmed(" ".join(words[begin:end]), wanted)
    return Closest(passage, _difference(wanted, passage), compared if stopped else None)


_REFINE = ((200, 3), (600, 2), (1200, 1))  # a quote up to so many characters: how far each end may move, in words


def _refined(wanted: str, words: list[str], start: int, width: int) -> tuple[int, int]:
    """The passage around words[start:start + width] that best covers the quote, its ends moved by
    up to a few words (none for a very long quote: each comparison costs its length squared).
    Best is most of the quote's characters matched, each character of the passage that matches
    nothing counting against it a third as much: a word the quote leaves out is taken in with the
    words after it, and a word it changed at an end is kept (the ratio of similarity would rather
    drop it, as fewer characters then differ)."""
    reach = next((moves for longest, moves in _REFINE if len(wanted) <= longest), 0)
    best: tuple[float, int, int] | None = None
    moves = sorted(((first, last) for first in range(-reach, reach + 1) for last in range(-reach, reach + 1)),
                   key=lambda move: abs(move[0]) + abs(move[1]))
    for first, last in moves:
        begin, end = start + first, min(len(words), start + width + last)
        if begin < 0 or end <= begin:
            continue
        passage = " ".join(words[begin:end]).translate(_FOLD)
        matcher = difflib.SequenceMatcher(None, wanted, passage, autojunk=False)
        if best is not None and 3 * matcher.quick_ratio() * (len(wanted) + len(passage)) / 2 - len(passage) <= best[0]:
            continue
        score = 3 * sum(block.size for block in matcher.get_matching_blocks()) - len(passage)
        if best is None or score > best[0]:
            best = (score, begin, end)
    return (best[1], best[2]) if best is not None else (start, start + width)


def _covering(wanted: str, words: list[str], begin: int, end: int) -> tuple[int, int]:
    """The passage widened to as many words as the quote has beyond either of its ends: a quote
    ending "Hamadeh said" is closest to "Hamadeh told", not to "Hamadeh" alone (which the ratio
    prefers, as it has fewer characters that differ)."""
    ours, theirs = _tokens(wanted), _tokens(" ".join(words[begin:end]).translate(_FOLD))
    opcodes = difflib.SequenceMatcher(None, [t for t, _, _ in ours], [t for t, _, _ in theirs],
                                      autojunk=False).get_opcodes()
    if not opcodes:
        return begin, end
    first, last = opcodes[0], opcodes[-1]
    if first[0] == "delete":
        begin = max(0, begin - _word_count(ours[first[1]:first[2]]))
    if last[0] == "delete" and last is not first:
        end = min(len(words), end + _word_count(ours[last[1]:last[2]]))
    return begin, end


# Words that do not end a phrase: a passage ending "fled the" is cut short of "the country".
_DETERMINERS = frozenset({"the", "a", "an", "this", "these", "those", "his", "her", "its", "their", "our", "my",
                          "your", "every", "each"})
_UNFINISHED = _DETERMINERS | frozenset({"of", "to", "in", "on", "at", "by", "for", "from", "with", "into", "onto",
                                        "and", "or", "but", "nor", "as", "than"})
_PHRASE_REACH = 3  # words a passage may take in to finish its phrase


def _whole_phrase(wanted: str, words: list[str], begin: int, end: int) -> tuple[int, int]:
    """The passage widened to finish the phrase a changed word at either end stands in: a quote
    "has reportedly fled Syria" is closest to "has reportedly fled the country", not to "has
    reportedly fled the" (one word for one word, which the comparison prefers). At the end, the
    passage takes in the words after one that cannot end a phrase ("the", "of", "and"); at the
    start, the word before it that opens its phrase ("the country's")."""
    ours, theirs = _tokens(wanted), _tokens(" ".join(words[begin:end]).translate(_FOLD))
    opcodes = difflib.SequenceMatcher(None, [t for t, _, _ in ours], [t for t, _, _ in theirs],
                                      autojunk=False).get_opcodes()
    if not opcodes:
        return begin, end
    if opcodes[-1][0] == "replace":
        limit = min(len(words), end + _PHRASE_REACH)
        while end < limit and _bare(words[end - 1]) in _UNFINISHED:
            end += 1
    if opcodes[0][0] == "replace":
        limit = max(0, begin - _PHRASE_REACH)
        while begin > limit and _bare(words[begin - 1]) in _DETERMINERS:
            begin -= 1
    return begin, end


def _bare(word: str) -> str:
    """A word as a phrase reads it: lowercase, and '' when punctuation ends it ("the," ends a phrase)."""
    return word.translate(_FOLD).lower().lstrip(_PUNCTUATION) if word[-1:].isalnum() else ""


def _word_count(tokens: list[tuple[str, int, int]]) -> int:
    return sum(1 for token, _, _ in tokens if any(map(_wordlike, token)))


def _trimmed(passage: str, wanted: str) -> str:
    """The passage without the quotation marks and punctuation at its ends that the quote does
    not have there: a quote need not open with the article's opening quotation mark, nor end with
    its comma."""
    folded = passage.translate(_FOLD)
    ours_before, theirs_before = _edge(wanted), _edge(folded)
    if theirs_before != ours_before and theirs_before.endswith(ours_before):
        cut = len(theirs_before) - len(ours_before)
        passage, folded = passage[cut:], folded[cut:]
    ours_after, theirs_after = _edge(wanted[::-1]), _edge(folded[::-1])
    if theirs_after != ours_after and theirs_after.endswith(ours_after):
        passage = passage[:len(passage) - (len(theirs_after) - len(ours_after))]
    return passage.strip() or passage


def _edge(text: str) -> str:
    """The punctuation and spaces a text starts with."""
    return text[:len(text) - len(text.lstrip(_PUNCTUATION))]


_PUNCTUATION = "\"'()[],;:.!?- "


def _difference(quote: str, passage: str) -> str:
    """The words in which the quote and the passage differ (up to three places), compared as
    matching compares them (typographic quotation marks are straight), shown as each has them."""
    ours, theirs = _tokens(quote), _tokens(passage.translate(_FOLD))
    matcher = difflib.SequenceMatcher(None, [t for t, _, _ in ours], [t for t, _, _ in theirs], autojunk=False)
    changes = [opcode for opcode in matcher.get_opcodes() if opcode[0] != "equal"]
    if not changes:
        return "they differ only in spacing"
    said: list[str] = []
    for _, i1, i2, j1, j2 in changes[:3]:
        if _only_punctuation(ours[i1:i2]) or _only_punctuation(theirs[j1:j2]):
            # out to a word on each side, which both have (the tokens around a change are equal)
            while i1 > 0 and j1 > 0:
                i1, j1 = i1 - 1, j1 - 1
                if not _only_punctuation(ours[i1:i1 + 1]):
                    break
            while i2 < len(ours) and j2 < len(theirs):
                i2, j2 = i2 + 1, j2 + 1
                if not _only_punctuation(ours[i2 - 1:i2]):
                    break
        quoted, article = _span(quote, ours[i1:i2]), _span(passage, theirs[j1:j2])
        case = " (capital letters must match)" if quoted.lower() == article.lower() else ""
        said.append(f"\"{quoted}\" where {'the article says' if not said else 'it says'} \"{article}\""
                    f"{case}{_which(quoted, article)}")
    more = len(changes) - len(said)
    tail = f", and {more} other difference{'s' if more != 1 else ''}" if more else ""
    return "the quote says " + (said[0] if len(said) == 1 else ", ".join(said[:-1]) + ", and " + said[-1]) + tail


def _tokens(text: str) -> list[tuple[str, int, int]]:
    """A text's words (with any punctuation inside them: "MiG-21", "didn't") and, apart, each mark
    of punctuation before or after a word, with their offsets."""
    tokens: list[tuple[str, int, int]] = []
    for chunk in re.finditer(r"\S+", text):
        word, start = chunk.group(), chunk.start()
        left, right = 0, len(word)
        while left < right and not _wordlike(word[left]):
            left += 1
        while right > left and not _wordlike(word[right - 1]):
            right -= 1
        tokens.extend((word[i], start + i, start + i + 1) for i in range(left))
        if right > left:
            tokens.append((word[left:right], start + left, start + right))
        tokens.extend((word[i], start + i, start + i + 1) for i in range(right, len(word)))
    return tokens


def _wordlike(character: str) -> bool:
    return character.isalnum() or _mark(character)


def _only_punctuation(tokens: list[tuple[str, int, int]]) -> bool:
    return all(not any(map(_wordlike, token)) for token, _, _ in tokens)


def _span(text: str, tokens: list[tuple[str, int, int]]) -> str:
    """The text from the first token to the last, as written ('' for none)."""
    return text[tokens[0][1]:tokens[-1][2]] if tokens else ""


def _which(ours: str, theirs: str) -> str:
    """The characters that differ, named, when there are one or two and one of them is not plain
    ASCII: a non-breaking hyphen and a hyphen look the same on screen."""
    ours_differ, theirs_differ = [], []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, ours, theirs, autojunk=False).get_opcodes():
        if tag != "equal":
            ours_differ.append(ours[i1:i2])
            theirs_differ.append(theirs[j1:j2])
    ours_chars, theirs_chars = "".join(ours_differ), "".join(theirs_differ)
    if len(ours_chars) > 2 or len(theirs_chars) > 2 or (ours_chars + theirs_chars).isascii():
        return ""

    def names(text: str) -> str:
        return " and ".join(named(character) for character in text)
    if not ours_chars:
        return f" (the quote leaves out the article's {names(theirs_chars)})"
    if not theirs_chars:
        return f" (the article has no {names(ours_chars)} there)"
    return f" (the article's {names(theirs_chars)}, the quote's {names(ours_chars)})"


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
