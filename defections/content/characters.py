"""The characters a text may not hold, and why: the one place every reader of the content asks.

- Characters that cannot be shown: the C0 and C1 controls (but tab, line feed, carriage return
  and, in an article's running text, form feed, which read as spaces), and the code points that
  are no characters at all. HTML and XML cannot carry them.
- Invisible characters that change how text reads: every format character (Unicode's category
  Cf) but the signs a few scripts write before numbers, and every character Unicode says to show
  as nothing (Default_Ignorable_Code_Point: the combining grapheme joiner, variation selectors).
  Among them the bidirectional controls (embeddings, overrides and isolates, U+202A-202E and
  U+2066-2069, the Arabic letter mark U+061C, the left-to-right and right-to-left marks
  U+200E-200F), the zero-width space and joiners (U+200B-200D), the word joiner and soft hyphen,
  the tag characters (U+E0000 block) and, inside a text, the byte-order mark U+FEFF. With them a
  seed that reads "has not defected" on screen can hold the words "has detcefed" that a quote
  matches, or words no reader sees.
"""

from __future__ import annotations

import html
import re
import unicodedata

# In an article's text or a page:
UNSHOWABLE_IN_TEXT = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
UNSHOWABLE_IN_FIELDS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")  # (form feed too)
# Every format character (Unicode's category Cf) but the few that print a sign of their own, and
# every other character Unicode says to show as nothing (Default_Ignorable_Code_Point): the
# combining grapheme joiner, variation selectors, Hangul fillers, and the code points kept for more.
INVISIBLE = re.compile("[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f"
                       "\u202a-\u202e\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0\ufff0-\ufffb"
                       "\U00013430-\U0001343f\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0000-\U000e0fff]")
# The format characters that are seen: signs written before or above numbers (Arabic, Syriac, Kaithi).
VISIBLE_FORMAT = re.compile("[\u0600-\u0605\u06dd\u070f\u0890\u0891\u08e2\U000110bd\U000110cd]")


def named(character: str) -> str:
    """'U+202E RIGHT-TO-LEFT OVERRIDE', or 'U+0007' for a character with no name."""
    name = unicodedata.name(character, "")
    return f"U+{ord(character):04X} {name}" if name else f"U+{ord(character):04X}"


# A character reference Markdown passes on and a browser decodes: "&#x202E;", "&rlm;", "&#8203;".
_REFERENCE = re.compile(r"&(?:#[0-9]{1,8};?|#[xX][0-9a-fA-F]{1,8};?|[A-Za-z][A-Za-z0-9]{1,31};?)")


def hidden_by_reference(text: str) -> tuple[int, str, str] | None:
    """The first character reference in Markdown that stands for a character the text may not
    hold (a control, or an invisible one): (offset, the reference, the character)."""
    if "&" not in text:
        return None
    for match in _REFERENCE.finditer(text):
        for character in _decoded(match.group()):
            if INVISIBLE.match(character) or UNSHOWABLE_IN_FIELDS.match(character):
                return match.start(), match.group(), character
    return None


def _decoded(reference: str) -> str:
    """What a browser makes of a character reference: a number is its code point (even one the
    standard calls an error, such as ESC), a name what HTML names; "" for one it does not know."""
    if reference.startswith("&#"):
        digits = reference[2:].rstrip(";")
        number = int(digits[1:], 16) if digits[:1] in "xX" else int(digits)
        if 0x80 <= number <= 0x9F:  # as HTML reads them: the Windows-1252 characters ("&#150;" is a dash)
            try:
                return bytes([number]).decode("cp1252")
            except UnicodeDecodeError:
                return chr(number)
        return chr(number) if number <= 0x10FFFF else ""
    decoded = html.unescape(reference)
    return decoded if decoded != reference else ""
