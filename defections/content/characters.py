"""The characters a text may not hold, and why: the one place every reader of the content asks.

- Characters that cannot be shown: the C0 and C1 controls (but tab, line feed, carriage return
  and, in an article's running text, form feed, which read as spaces), and the code points that
  are no characters at all. HTML and XML cannot carry them.
- Invisible characters that change how text reads: every format character (Unicode's category
  Cf) but the signs a few scripts write before numbers. Among them the bidirectional controls
  (embeddings, overrides and isolates, U+202A-202E and U+2066-2069, the Arabic letter mark U+061C,
  the left-to-right and right-to-left marks U+200E-200F), the zero-width space and joiners
  (U+200B-200D), the word joiner and soft hyphen, the tag characters (U+E0000 block) and, inside a
  text, the byte-order mark U+FEFF. With them a seed that reads "has not defected" on screen can
  hold the words "has detcefed" that a quote matches, or words no reader sees.
"""

from __future__ import annotations

import re
import unicodedata

# In an article's text or a page:
UNSHOWABLE_IN_TEXT = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
UNSHOWABLE_IN_FIELDS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")  # (form feed too)
# Every format character (Unicode's category Cf) but the few that print a sign of their own.
INVISIBLE = re.compile("[\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff"
                       "\ufff9-\ufffb\U00013430-\U0001343f\U0001bca0-\U0001bca3\U0001d173-\U0001d17a"
                       "\U000e0001\U000e0020-\U000e007f]")
# The format characters that are seen: signs written before or above numbers (Arabic, Syriac, Kaithi).
VISIBLE_FORMAT = re.compile("[\u0600-\u0605\u06dd\u070f\u0890\u0891\u08e2\U000110bd\U000110cd]")


def named(character: str) -> str:
    """'U+202E RIGHT-TO-LEFT OVERRIDE', or 'U+0007' for a character with no name."""
    name = unicodedata.name(character, "")
    return f"U+{ord(character):04X} {name}" if name else f"U+{ord(character):04X}"
