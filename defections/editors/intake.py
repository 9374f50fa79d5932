"""The intake assistant: from an article's text to draft records whose quotes are verbatim.

Plain, explainable rules rather than a model: they install with nothing, run offline, and each
suggestion can say which words led to it, which is what an editor needs to review it. The rules:

1. Sentences that report an event: a trigger phrase ("has defected", "defection of", "fled",
   "abandon the regime", "was sacked", "denied" ...) decides the kind of event.
2. People: runs of capitalised words that look like a name, with the title before them
   ("Brig. Gen. Manaf Tlass") or beside them ("the ambassador, Nawaf Fares," / "Jihad al-Makdissi,
   a Syrian foreign ministry spokesman"). A later surname ("al-Makdissi") or title ("the
   ambassador") refers back to the full name.
3. Who the event is about: the person the trigger is about (the subject before the verb, or the
   name after "defection of"), never the one who only speaks ("said Khaled Khoja", "spokesman Jay
   Carney said ..."): a speaker is excluded.
4. The date: an explicit date, or a relative one ("on Wednesday", "last week", "16 months ago")
   resolved against the publication date, marked approximate when it is.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from ..content.dates import MONTHS, PartialDate
from ..content.duplicates import name_key
from ..content.quotes import find, paragraphs

TRIGGERS = [  # (pattern, kind, status or None): first match wins
    (r"\bdenied (?:the )?(?:reports? (?:of|that) )?(?:his |her )?defect", "defection", "denied"),
    (r"\bdefection of\b", "defection", None),
    (r"\b(?:has|had|have)? ?defected\b", "defection", None),
    (r"\bdeclared (?:his|her) defection\b", "defection", None),
    (r"\b(?:his|her) defection\b", "defection", None),
    (r"\bto defect\b", "defection", None),
    (r"\bdeserted\b", "defection", None),
    (r"\b(?:has |had )?(?:reportedly )?fled\b", "defection", None),
    (r"\babandon(?:ed)? the regime\b", "defection", None),
    (r"\b(?:has )?left the country\b", "defection", None),
    (r"\bjoined the (?:opposition|rebels|revolution)\b", "defection", None),
    (r"\bcrossed into\b", "defection", None),
    (r"\b(?:was|been|had been) (?:dismissed|sacked|fired|removed from (?:his|her) post)\b", "dismissal", None),
    (r"\b(?:was|been|had been) (?:arrested|detained)\b", "arrest", None),
    (r"\b(?:arrested|detained)\b", "arrest", None),
    (r"\b(?:was|been|had been) killed\b|\bdied\b", "death", None),
    (r"\breturned to (?:Damascus|Syria|(?:his|her) post)\b", "return", None),
]
SPEECH = r"(?:said|says|told|added|announced|confirmed|warned|stressed)"
TITLES = {  # a word of a title -> the branch it suggests
    "ambassador": "diplomatic", "diplomat": "diplomatic", "envoy": "diplomatic", "consul": "diplomatic",
    "foreign ministry": "diplomatic", "embassy": "diplomatic", "charge d'affaires": "diplomatic",
    "general": "military", "gen.": "military", "brig.": "military", "brigadier": "military", "colonel": "military",
    "col.": "military", "officer": "military", "major": "military", "maj.": "military", "lieutenant": "military",
    "lt.": "military", "captain": "military", "capt.": "military", "soldier": "military", "army": "military",
    "pilot": "military", "commander": "military",
    "intelligence": "security", "police": "security", "security": "security",
    "minister": "political", "prime minister": "political", "parliament": "political", "mp": "political",
    "governor": "political", "vice president": "political", "spokesman": "political", "spokeswoman": "political",
}
_ABBREVIATIONS = ("Brig.", "Gen.", "Col.", "Lt.", "Maj.", "Capt.", "Sgt.", "Dr.", "Mr.", "Mrs.", "Ms.", "St.",
                  "U.S.", "U.N.", "U.K.", "Jr.", "Sr.")
_NOT_NAMES = frozenset({  # capitalised words that start sentences or name places, never people
    "The", "A", "An", "And", "But", "If", "In", "On", "At", "Of", "For", "To", "By", "With", "From", "As", "Last",
    "This", "That", "These", "Those", "It", "He", "She", "They", "We", "I", "His", "Her", "Their", "Its", "Our",
    "Asked", "When", "While", "After", "Before", "Since", "Also", "However", "Watch", "More", "Some", "Thousands",
    "Western", "Syria", "Syrian", "Syrians", "Iraq", "Iraqi", "Turkey", "Turkish", "Jordan", "Lebanon", "Libya",
    "France", "French", "Britain", "British", "UK", "US", "U.S.", "America", "American", "Russia", "Russian",
    "Iran", "Israel", "Egypt", "Qatar", "Saudi", "Arabia", "Baghdad", "Damascus", "Aleppo", "Homs", "Istanbul",
    "Ankara", "London", "Paris", "Washington", "Moscow", "Geneva", "Beirut", "Amman", "Cairo", "Europe", "European",
    "Union", "United", "Nations", "States", "Kingdom", "Arab", "League", "Middle", "East", "White", "House",
    "State", "Department", "Foreign", "Office", "Ministry", "National", "Council", "Free", "Army", "Reuters",
    "Channel", "News", "Associated", "Press", "AP", "AFP", "BBC", "CNN", "Jazeera", "Twitter", "Facebook",
    "President", "Prime", "Minister", "General", "Gen", "Brig", "Col", "Colonel", "Brigadier",
    "Ambassador", "Spokesman", "Spokeswoman", "Opposition", "Regime", "Government", "Monday", "Tuesday",
    "Wednesday", "Thursday", "Friday", "Saturday", "Sunday", "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December", "God", "Assad", "Assads"
})
_NAME_TOKEN = r"(?:(?:al|el|Al|El|bin|ibn|abu|Abu|abd|Abd)-)?[A-Z][a-zA-Z]+"
_NAME = re.compile(rf"\b{_NAME_TOKEN}(?:\s+(?:(?:al|el|bin|ibn|abu|abd|de|van)\s+)?{_NAME_TOKEN}){{1,7}}")
# Bounds that keep the work per sentence small whatever the text: a title stands within a few words
# of its name, and a "sentence" longer than a page is not one a quote could be made of.
TITLE_WINDOW = 200  # characters each side of a name
LONGEST_SENTENCE = 2000  # characters; a longer run without a full stop is passed over
CHAINED = 8  # the candidates nearest a trigger that "X and Y" can join to the one it is about
_POSSESSIVE = re.compile(r"['’]s\b")
_ARTICLE = re.compile(r"^(?:al|el)-", re.I)
_SPEAKER_AFTER = re.compile(rf"^,?\s*(?:who [^,]*,\s*)?{SPEECH}\b")
_SPEAKER_BEFORE = re.compile(rf"\b{SPEECH}\s*$")
_DENIED = re.compile(r"\bdenied\b")
_WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]


@dataclass
class Mention:
    name: str
    title: str  # the words that describe them here, as written ("the Syrian ambassador to Iraq")
    evidence: str


@dataclass
class DraftCitation:
    quote: str  # verbatim, checked against the article
    stance: str  # "reports", or "denies" for a sentence that denies it
    said_by: str | None = None  # who denies it, as the sentence names them ("Syrian state television")


@dataclass
class Suggestion:
    article: str
    name: str
    title: str
    branch: str
    kind: str
    status: str
    date: str | None
    approximate: bool
    date_note: str
    destination: str | None
    citations: list[DraftCitation]
    evidence: list[str]  # the words that led to it
    known: str | None = None  # the id of an existing person with this name
    confidence: str = "medium"
    introduction: str | None = None  # the sentence that names and describes them (for the person record)

    @property
    def quotes(self) -> list[str]:
        return [citation.quote for citation in self.citations]


def sentences(paragraph: str) -> list[str]:
    protected = paragraph
    for abbreviation in _ABBREVIATIONS:
        protected = protected.replace(abbreviation, abbreviation.replace(".", "\x00"))
    parts = re.split(r"(?:(?<=[.!?])|(?<=[.!?][\"”’]))\s+(?=[\"“‘A-Z])", protected)
    return [part.replace("\x00", ".") for part in parts if part.strip()]


def passed_over(text: str) -> list[int]:
    """The paragraphs (numbered from 1) holding a sentence longer than LONGEST_SENTENCE, which
    analyse() does not read: an editor has to."""
    return [number for number, paragraph in enumerate(paragraphs(text), 1)
            if any(len(sentence) > LONGEST_SENTENCE for sentence in sentences(paragraph))]


def _names(sentence: str) -> list[tuple[str, int, int]]:
    """Names: runs of two to four capitalised words, split at titles and words that are not names
    ("Deputy Prime Minister Qadri Jamil" gives "Qadri Jamil"); possessives are left out."""
    found = []
    for match in _NAME.finditer(sentence):
        if _POSSESSIVE.match(sentence, match.end()):
            continue  # "Bashar al-Assad's government": a possessive is never the one who acts
        run: list[str] = []
        for word in match.group().split() + ["|"]:
            bare = _ARTICLE.sub("", word)
            if word == "|" or word in _NOT_NAMES or bare in _NOT_NAMES or word.lower().rstrip(".") in _TITLE_WORDS:
                if len(run) >= 2:
                    text = " ".join(run)
                    start = sentence.find(text, match.start())
                    found.append((text, start, start + len(text)))
                run = []
            else:
                run.append(word)
    return found


_TITLE_WORDS = {w for t in TITLES for w in t.split()} | {"president", "prime", "vice", "deputy", "senior", "chief",
                                                          "head", "former", "spokesman", "spokeswoman"}


def _title_before(sentence: str, start: int) -> str:
    """The title written just before a name: 'Brig. Gen.', 'White House spokesman'."""
    taken = []
    for token in reversed(sentence[max(0, start - TITLE_WINDOW):start].split()):
        bare = token.lower().rstrip(".,")
        if token[:1].isupper() or bare in _TITLE_WORDS or token.lower() in _TITLE_WORDS:
            if token.endswith(","):
                break
            taken.append(token)
        else:
            break
    while taken and taken[0].lower().rstrip(".") not in _TITLE_WORDS and taken[0].lower() not in _TITLE_WORDS:
        taken = taken[1:]  # end on a title word ("Brig. Gen.", not "Gen. Manaf")
    title = " ".join(reversed(taken))
    return title if any(t in title.lower() for t in TITLES) else ""


def _title_beside(sentence: str, start: int, end: int) -> str:
    """An appositive: 'the ambassador, Nawaf Fares,' or 'Jihad al-Makdissi, a Syrian ... spokesman'."""
    following, preceding = sentence[end:end + TITLE_WINDOW], sentence[max(0, start - TITLE_WINDOW):start]
    after = re.match(r",\s+((?:a|an|the)\s[^,]+?)(?:,|\s+and\s|$)", following, re.I)
    if after and any(t in after.group(1).lower() for t in TITLES):
        return after.group(1)
    served = re.match(r",\s+who (?:served|serves|worked|works) as ([^,]+?)(?:,|$)", following)
    if served and any(t in served.group(1).lower() for t in TITLES):
        return served.group(1)
    before = re.search(r"((?:the|a|an)\s[^,]+?),\s*$", preceding, re.I)
    if before and any(t in before.group(1).lower() for t in TITLES):
        return before.group(1)
    return ""


def _branch(title: str) -> str:
    lowered = title.lower()
    for words in sorted(TITLES, key=len, reverse=True):
        if re.search(rf"(?<![a-z]){re.escape(words)}(?![a-z])", lowered):
            return TITLES[words]
    return "other"


def _position(title: str) -> str:
    text = re.sub(r"^(?:the|a|an)\s+", "", title.strip(), flags=re.I)
    text = text.replace("Brig. Gen.", "Brigadier general").replace("Gen.", "General").replace("Col.", "Colonel")
    text = re.sub(r"^(?:Syrian|Syria's)\s+", "", text)
    return text[:1].upper() + text[1:] if text else "TODO the role they held when they broke away"


def _is_speaker(sentence: str, start: int, end: int) -> bool:
    after, before = sentence[end:end + 30], sentence[max(0, start - 12):start]
    return bool(_SPEAKER_AFTER.match(after) or _SPEAKER_BEFORE.search(before))


def _trigger(sentence: str):
    for pattern, kind, status in TRIGGERS:
        match = re.search(pattern, sentence)
        if match:
            return match, kind, status
    return None


def resolve_date(sentence: str, published: PartialDate | None) -> tuple[str | None, bool, str]:
    """The event's date from the sentence and the publication date: (date, approximate, how); one
    the words would put before year 1, or on a day no calendar has, is left to the editor."""
    try:
        date, approximate, how = _date_from(sentence, published)
        if date is not None:
            PartialDate.parse(date)
        return date, approximate, how
    except (ValueError, OverflowError):
        return None, True, "the text gives a date that cannot be (check it against the article): fill in the date"


def _date_from(sentence: str, published: PartialDate | None) -> tuple[str | None, bool, str]:
    text = sentence.lower()
    explicit = re.search(r"\b(\d{1,2}) (" + "|".join(m.lower() for m in MONTHS[1:]) + r")(?: (\d{4}))?\b|\b("
                         + "|".join(m.lower() for m in MONTHS[1:]) + r") (\d{1,2})(?:, (\d{4}))?\b", text)
    if explicit and published:
        day = int(explicit.group(1) or explicit.group(5))
        month = [m.lower() for m in MONTHS].index(explicit.group(2) or explicit.group(4))
        year = int(explicit.group(3) or explicit.group(6) or published.year)
        return f"{year:04d}-{month:02d}-{day:02d}", False, f"the text says \"{explicit.group()}\""
    if published is None:
        return None, True, "the publication date is not known: fill in the date"
    exact = published.day is not None
    base = dt.date(published.year, published.month or 1, published.day or 1)
    weekday = re.search(r"\b(?:on |said |last )?(" + "|".join(_WEEKDAYS) + r")\b", text)
    if weekday and exact:
        back = (base.weekday() - _WEEKDAYS.index(weekday.group(1))) % 7
        date = base - dt.timedelta(days=back)
        return date.isoformat(), False, f"\"{weekday.group()}\" in an article of {published.display()}"
    if "yesterday" in text and exact:
        return (base - dt.timedelta(days=1)).isoformat(), False, f"\"yesterday\" in an article of {published.display()}"
    if re.search(r"\blast week\b", text):
        date = base - dt.timedelta(days=7)
        note = f"\"last week\" in an article of {published.display()}: approximate"
        return f"{date.year:04d}-{date.month:02d}", True, note
    ago = re.search(r"\b(\d+) months? ago\b", text)
    if ago:
        months = published.year * 12 + (published.month or 1) - 1 - int(ago.group(1))
        return f"{months // 12:04d}-{months % 12 + 1:02d}", True, f"\"{ago.group()}\": approximate"
    return published.iso(), not exact, (f"the article's date, {published.display()}" +
                                        ("" if exact else ": approximate, the text gives no day"))


def _destination(sentence: str) -> str | None:
    match = re.search(r"\b(?:asylum in|heading to|fled to|crossed into|flown to|arrived in|escaped to) "
                      r"([A-Z][a-z]+(?: [A-Z][a-z]+)?)", sentence)
    return match.group(1) if match else None


def analyse(article_id: str, text: str, published: PartialDate | None, known: dict[str, str]) -> list[Suggestion]:
    """Suggestions for one article. `known` maps name keys (of names and aliases) to person ids."""
    paras = paragraphs(text)
    mentions: dict[str, Mention] = {}  # full name -> first mention
    introductions: dict[str, str] = {}
    ordered: list[tuple[int, str]] = []
    for number, paragraph in enumerate(paras):
        for sentence in sentences(paragraph):
            if len(sentence) > LONGEST_SENTENCE:
                continue
            ordered.append((number, sentence))
            for name, start, end in _names(sentence):
                title = _title_beside(sentence, start, end) or _title_before(sentence, start)
                if name not in mentions:
                    mentions[name] = Mention(name, title, sentence)
                elif title and not mentions[name].title:
                    mentions[name].title = title
                if title and name not in introductions:
                    introductions[name] = sentence
    surnames: dict[str, str] = {}
    for name in mentions:
        last = name.split()[-1]
        surnames.setdefault(last.lower(), name)
        surnames.setdefault(_ARTICLE.sub("", last).lower(), name)

    titled: dict[str, list[str]] = {}  # a title's noun -> the names it can stand for, in order
    for name in sorted(mentions):
        noun = _head(mentions[name].title)
        if noun:
            titled.setdefault(noun, []).append(name)

    def resolve(sentence: str, position: int) -> list[tuple[str, str]]:
        """The person a trigger at `position` is about, and the words that say so."""
        candidates = []
        for name, start, end in _names(sentence):
            if not _is_speaker(sentence, start, end):
                candidates.append((abs(position - end) if end <= position else abs(start - position) + 40, name, name))
        for token in re.finditer(r"\b(?:(?:al|el|Al|El)-)?[A-Z][a-z]{2,}\b", sentence):
            surname = _ARTICLE.sub("", token.group()).lower()
            full = surnames.get(surname) or surnames.get(token.group().lower())
            if full and full not in sentence and not _is_speaker(sentence, token.start(), token.end()):
                distance = position - token.end() if token.end() <= position else token.start() - position + 40
                candidates.append((abs(distance), full, token.group()))
        for noun, named in titled.items():  # "The Syrian ambassador to Iraq" -> the ambassador's name
            phrase = re.search(rf"\b[Tt]he (?:[\w'’]+ ){{0,3}}{re.escape(noun)}(?: (?:to|of|in) [A-Z][a-z]+)?",
                               sentence)
            if phrase is None or phrase.start() >= position:
                continue
            referent = next((name for name in named if name not in sentence), None)
            if referent is not None:
                candidates.append((position - phrase.end() + 5, referent, phrase.group()))
        if not candidates:
            return []
        best = min(candidates)
        chosen = [best[1:]]
        for _, name, referred in sorted(candidates)[:CHAINED]:  # "Colonel X and Major Y defected": both
            if name != best[1] and re.search(rf"{re.escape(referred)}\s+and\s+(?:\S+\s+){{0,2}}{re.escape(best[2])}|"
                                             rf"{re.escape(best[2])}\s+and\s+(?:\S+\s+){{0,2}}{re.escape(referred)}",
                                             sentence):
                chosen.append((name, referred))
        return chosen

    suggestions: dict[str, Suggestion] = {}

    def add(name: str, referred: str, sentence: str, quote: str, match, kind: str, status: str) -> None:
        suggestion = suggestions.get(name)
        if suggestion is None:
            date, approximate, note = resolve_date(sentence, published)
            title = mentions[name].title if name in mentions else ""
            if referred.lower().startswith("the ") and len(referred) > len(title):
                title = referred  # "The Syrian ambassador to Iraq" says more than "The ambassador"
            suggestion = Suggestion(article_id, name, _position(title), _branch(title), kind, status, date, approximate,
                                    note, _destination(sentence), [], [], introduction=introductions.get(name))
            suggestions[name] = suggestion
        if kind != suggestion.kind or len(suggestion.citations) >= 3 or quote in suggestion.quotes:
            return  # one proposed event per person and article, from its own kind of sentences
        if status == "denied":
            denial = _DENIED.search(sentence)
            suggestion.citations.append(DraftCitation(quote, "denies",
                                                      _denier(sentence[:denial.start()]) if denial else None))
        else:
            suggestion.citations.append(DraftCitation(quote, "reports"))
        suggestion.evidence.append(f"\"{match.group().strip()}\" about \"{referred}\"")
        suggestion.destination = suggestion.destination or _destination(sentence)

    for _, sentence in ordered:
        found = _trigger(sentence)
        if not found:
            continue
        match, kind, status = found
        if re.search(r"\bif true\b|\bwould be the first\b", sentence):
            continue  # a hypothetical, not a report
        quote = sentence.strip()
        if not find(quote, [sentence]):  # a sentence is a piece of one paragraph, cut at spaces: as check will
            continue
        said = status or ("denied" if "denied" in sentence else "reported")
        for name, referred in resolve(sentence, match.start()):
            add(name, referred, sentence, quote, match, kind, said)
    for suggestion in suggestions.values():
        suggestion.status = _status(suggestion.citations)
        suggestion.known = known.get(name_key(suggestion.name))
        named = any(suggestion.name in quote for quote in suggestion.quotes)
        several = len(suggestion.quotes) > 1
        suggestion.confidence = "high" if named and several else "medium" if named or several else "low"
    return list(suggestions.values())


def _status(citations: list[DraftCitation]) -> str:
    """The status the drafted stances support: a denial alone is `denied`, a denial beside a report
    `disputed`, and a report `reported` (confirming one is for the editor to decide)."""
    stances = {citation.stance for citation in citations}
    if "denies" in stances:
        return "disputed" if len(stances) > 1 else "denied"
    return "reported"


_PRONOUNS = frozenset({"he", "she", "they", "it", "we", "i", "who", "which", "this", "that"})


def _denier(before: str) -> str | None:
    """Who denies it: the words of the clause before "denied" ("Syrian state television",
    "Deputy Prime Minister Qadri Jamil"), unless they are a pronoun or too long to be a name."""
    clause = re.split(r"[,;:()\"“”]|\b(?:but|and|while|however|although)\b", before, flags=re.I)[-1].strip()
    clause = re.sub(r"(?:\s+(?:has|had|have|also|later|quickly|flatly|strongly|publicly|officially))+$", "", clause)
    words = clause.split()
    if not words or len(words) > 8 or clause.lower() in _PRONOUNS or not words[-1][:1].isalpha():
        return None
    return clause


def _head(title: str) -> str:
    """The title's core noun ('ambassador' from 'the Syrian ambassador to Iraq')."""
    lowered = title.lower()
    nouns = [t for t in sorted(TITLES, key=len, reverse=True)
             if " " not in t and re.search(rf"\b{re.escape(t)}\b", lowered)]
    return nouns[0] if nouns and lowered.startswith(("the ", "a ", "an ")) else ""
