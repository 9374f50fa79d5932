"""The intake assistant: from an article's text to draft records whose quotes are verbatim.

Plain, explainable rules rather than a model: they install with nothing, run offline, and each
suggestion says which words led to it, which is what an editor needs to review it. The rules, in
the order an article is read:

1. The text: paragraphs, then sentences; a dateline ("AMMAN, Jordan (AP) —") is not part of the
   first sentence, and a byline or a "contributed to this report" line names no one in the story.
2. Who is in it: runs of capitalised words that look like a name, with the title before or beside
   them ("Brig. Gen. Manaf Tlass", "the ambassador, Nawaf Fares,"); a later surname ("Mr Fares"),
   a title ("the ambassador") or a pronoun ("he") refers back to one of them. A name that only ever
   follows a place word ("fled Baba Amr", "in Homs") is a place, and organisations are never people.
3. What happened: a trigger phrase in a sentence ("has defected", "announced his defection",
   "crossed the border into", "flew his MiG-21 to", "was granted asylum", "was sacked" ...) gives the
   kind of event, and words of denial in it ("denied", "a hoax", "still in his post") make its
   quote a denial, with the one who denies it as its speaker.
4. Who it happened to: the subject before the trigger's verb (a name, a title, a pronoun, or an
   unnamed lead such as "A Syrian military pilot", carried to the person the next sentences name),
   or the name after a noun ("the defection of X"). Someone who only speaks ("said Khaled Khoja") is
   never the one it happened to, and a pronoun that could mean two people is not guessed.
5. The quote: the sentence, verbatim. One that names its person only by a pronoun is quoted when
   the pronoun can mean only them; else it reaches back (or on) to the sentence of its paragraph
   that names them. An unnamed lead's sentence is quoted for the one person a title ties it to;
   a lead of several ("two colonels") is quoted by the sentence that names them.
6. The date: the date words nearest the trigger ("on Wednesday", "the same day", "last week", "6
   July") resolved against the publication date, approximate (`~`) when the words are; never the
   day someone else said it ("activists said on Monday"), the date of a denial, or one in an
   aside about another thing ("since the uprising began in March"). With no such words the date
   is left to the editor, with the reason.
7. The kind: when one person's sentences tell of several things, the last that happened to them
   (PRIORITY): "a colonel who had defected ... was killed" is a death.

benchmarks/intake.py measures all of it on wire copy written by others (BENCHMARKS.md).
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from dataclasses import dataclass, field

from ..content.dates import MONTHS, EventDate, PartialDate
from ..content.duplicates import same_spelling
from ..content.quotes import find, paragraphs


@dataclass(frozen=True)
class Trigger:
    """A way reporters say what happened. `form` says where its person is: `subject`, before the
    verb ("X has defected"); `object`, after it ("Assad sacked X"); `of`, after the noun ("the
    defection of X"). `denies` marks a phrase that is itself a denial ("still in his post")."""

    pattern: re.Pattern[str]
    kind: str
    form: str = "subject"
    denies: bool = False


def _t(pattern: str, kind: str, form: str = "subject", denies: bool = False) -> Trigger:
    return Trigger(re.compile(pattern, re.I), kind, form, denies)


_POSSESSIVE_PRONOUN = r"(?:his|her|their)"
_NOUN_OF = r"(?:apparent |reported |alleged |sudden |high-profile |latest )?"
TRIGGERS = (
    # denials that are phrases of their own
    _t(r"\b(?:is|was|am|are|remains?|remained|still) [\"“]?(?:still )?(?:in|at) (?:his|her|their|my|our) "
       r"(?:post|job|desk|position|office)\b",
       "defection", denies=True),
    _t(r"\b(?:has|had|have) not defected\b|\b(?:did|does) not defect\b|\bnever defected\b", "defection", denies=True),
    _t(r"\b(?:was|is|were|are)\s+[\"“]?(?:still\s+)?(?:performing|carrying out|doing|going about) (?:his|her|their) "
       r"(?:duties|job|work|national duties)\b", "defection", denies=True),
    # defection: the person is the subject
    _t(rf"\b(?:announced|declared|confirmed|announcing|declaring) {_POSSESSIVE_PRONOUN} (?:defection|resignation)s?\b",
       "defection"),
    _t(r"\b(?:has |had |have )?(?:reportedly |apparently |also |now )?defect(?:ed|s|ing)\b"
       r"(?! (?:officers|soldiers|troops|men|diplomats|colleagues|generals|pilots|units)\b)", "defection"),
    _t(r"\bto defect\b", "defection"),
    _t(r"\b(?:has |had |have )?(?:joined|joining|joins) (?:the )?(?:ranks of the )?(?:armed )?"
       r"(?:(?:thousands|hundreds|dozens|crowds) of )?"
       r"(?:demonstrators|marchers|opposition|rebels?|rebel ranks|revolution|uprising|protest(?:er)?s|Free Syrian Army|"
       r"FSA)\b", "defection"),
    _t(r"\b(?:switched|switching|switches|changed|changing) sides\b", "defection"),
    _t(r"\b(?:sided|siding|sides) with (?:the )?(?:protesters|demonstrators|opposition|rebels|revolution|uprising|"
       r"people)\b|\b(?:went|gone|going|goes) over to (?:the )?(?:rebels|opposition|revolution|Free Syrian Army|FSA)\b",
       "defection"),
    _t(rf"\b(?:abandon(?:ed|ing|s)?|quit(?:ting|s)?|deserted|deserting|left|leaving) "
       rf"(?:{_POSSESSIVE_PRONOUN}|the) "
       r"(?:post|posts|job|unit|position|base|regime|government|army|ministry|embassy|office|party|Baath party|"
       r"council|town council|parliament|cabinet)\b|"
       r"\b(?:quit|quitting|left|leaving|resigned from|resigning from) (?:parliament|the Baath party|government)\b",
       "defection"),
    # "Also crossing the same night was Brig. Gen. X": the person comes after "was"
    _t(r"^(?:Also\s+)?(?:crossing|fleeing|defecting|deserting|escaping|leaving)\b[^.;]{0,80}?\b(?:was|were)\b",
       "defection", form="object"),
    _t(r"\bresign(?:ed|s|ing)\b", "defection"),
    _t(r"\b(?:has |had )?desert(?:ed|ing)\b", "defection"),
    _t(r"\b(?:broke|breaks|breaking|broken|split|splitting) (?:ranks )?(?:with|from) (?:the )?(?:Syrian )?"
       r"(?:regime|government|Assad|President|Baath)\b", "defection"),
    _t(r"\bturned (?:against|on) (?:the )?(?:regime|government|Assad)\b", "defection"),
    _t(r"\b(?:sought|seeking|seeks|requested|requesting|asked for|applied for|granted|given|received|claimed)"
       r" (?:political )?asylum\b", "defection"),
    _t(r"\bfl(?:ew|own|ying|ies) (?:(?:his|her|their|a|an|the) )?(?:[\w-]+ ){0,3}?(?:to|into|across)\b", "defection"),
    _t(r"\b(?:crossed|crossing|crosses|slipped|escaped|escaping|made (?:his|her|their) way)"
       r" (?:the border |over the border |across the border )?(?:into|to|across|over)\b", "defection"),
    _t(r"\b(?:crossed|crossing) the border\b|\bslipped (?:out of|away from) (?:his|her|the) "
       r"(?:headquarters|base|post|unit|office|embassy|barracks)\b", "defection"),
    _t(r"\b(?:was|been|were|being) smuggled (?:out|across|into)\b|\b(?:took|taken|taking|sought|seeking|found) "
       r"refuge\b|\bwalked out of (?:the|his|her) (?:embassy|ministry|consulate|office|post|job)\b|"
       r"\b(?:handed|handing) in (?:his|her|their) resignation\b", "defection"),
    _t(r"\b(?:has |had |have )?(?:reportedly )?fle(?:d|es|eing)\b", "defection"),
    _t(r"\b(?:has |had )?left (?:the country|Syria|Damascus)\b", "defection"),
    # defection: the person comes after
    _t(rf"\b(?:defection|defections|desertion|resignation|flight) {_NOUN_OF}of\b", "defection", form="of"),
    _t(rf"(?:\b{_POSSESSIVE_PRONOUN} |['’]s? ){_NOUN_OF}(?:defection|desertion|resignation)s?\b", "defection"),
    # dismissal, arrest, return, death
    _t(r"\b(?:was|were|been|being|is) (?:reportedly )?(?:dismissed|sacked|fired|removed|relieved|ousted|replaced)\b",
       "dismissal"),
    _t(r"\b(?:dismissed|sacked|fired|ousted|removed|relieved)\b(?! (?:as|it|them|what|reports?|claims?|the "
       r"(?:reports?|claims?|allegations?|idea|stories|rumou?rs|broadcast|video|account))\b)",
       "dismissal", form="object"),
    _t(r"\b(?:was|were|been|being|is) (?:reportedly )?"
       r"(?:arrested|detained|taken into custody|abducted|seized|captured|picked up)\b",
       "arrest"),
    _t(r"\b(?:arrested|detained)\b", "arrest", form="object"),
    _t(r"\b(?:arrest|detention) of\b", "arrest", form="of"),
    _t(r"\b(?:has |had )?return(?:ed|s|ing) (?:to (?:Damascus|Syria|(?:his|her) (?:post|job|desk|work|unit|base|"
       r"army|duties))|home)\b|"
       r"\b(?:come|came|coming|gone|went|going) (?:back )?home\b|"
       r"\b(?:went|came|flew|arrived|arriving) back (?:to|in)\b",
       "return"),
    _t(r"\b(?:was|were|been|is) (?:reportedly )?(?:killed|assassinated|shot dead|executed|found dead)\b|\bdied\b",
       "death"),
)
# Speech: the verbs of someone who speaks about it rather than does it.
SPEECH = (r"(?:said|says|told|tells|added|announced|confirmed|warned|stressed|insisted|claimed|reported|wrote|"
          r"noted)")
DENIAL = re.compile(r"\b(?:denied|denies|deny|denying|hoax|fake|fabricated|fabrication|untrue|baseless|not true|"
                    r"refuted?|"
                    r"dismiss(?:ed|es|ing)? (?:what (?:he|she|it|they) called |as )?\W?"
                    r"(?:rumou?rs|reports|claims|stories)|[\"“]lies\b|"
                    r"(?:were|was|are|is|as|all|pure|a pack of) lies|false reports?|reports? (?:were|was) false)\b",
                    re.I)
HYPOTHETICAL = re.compile(r"\bif true\b|\bwould be the (?:first|latest)\b|\b(?:could|might|may) (?:soon )?defect\b|"
                          r"\b(?:urged|urging|called on|calling on|encouraged|appealed to|asked) (?:\w+ ){0,4}?"
                          r"(?:to defect|to join|to abandon)", re.I)
TITLES = {  # a word of a title -> the branch it suggests
    "ambassador": "diplomatic", "diplomat": "diplomatic", "envoy": "diplomatic", "consul": "diplomatic",
    "foreign ministry": "diplomatic", "embassy": "diplomatic", "charge d'affaires": "diplomatic",
    "chargé d'affaires": "diplomatic", "attache": "diplomatic", "attaché": "diplomatic",
    "general": "military", "gen.": "military", "brig.": "military", "brigadier": "military", "colonel": "military",
    "col.": "military", "officer": "military", "major": "military", "maj.": "military", "lieutenant": "military",
    "lt.": "military", "captain": "military", "capt.": "military", "soldier": "military", "army": "military",
    "pilot": "military", "commander": "military", "sergeant": "military", "sgt.": "military", "admiral": "military",
    "conscript": "military", "air force": "military", "navy": "military",
    "intelligence": "security", "police": "security", "security": "security",
    "minister": "political", "prime minister": "political", "parliament": "political", "mp": "political",
    "lawmaker": "political", "deputy": "political", "governor": "political", "vice president": "political",
    "spokesman": "political", "spokeswoman": "political", "official": "other", "judge": "other",
    "prosecutor": "other", "attorney general": "other", "mufti": "other", "sheikh": "other",
    "brig": "military", "gen": "military", "col": "military", "lt": "military", "maj": "military", "capt": "military",
    "sgt": "military", "presenter": "other", "anchor": "other", "newsreader": "other", "broadcaster": "other",
    "gov.": "political",
    "member of parliament": "political", "cabinet": "political", "legislator": "political", "private": "military",
}
_ABBREVIATIONS = ("Brig.", "Gen.", "Col.", "Lt.", "Maj.", "Capt.", "Sgt.", "Dr.", "Mr.", "Mrs.", "Ms.", "St.",
                  "U.S.", "U.N.", "U.K.", "Jr.", "Sr.", "No.", "Adm.", "Gov.", "Sen.", "Rep.", "Lt.Col.")


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Capitalised words that start sentences, name places or organisations, or are titles: never part of a name.
_NOT_NAMES = _words("""
The A An And But If In On At Of For To By With From As Last Next This That These Those It He She They We I You
His Her Their Its Our My Asked When While After Before Since Also However Watch More Some Many Most Thousands
Hundreds Dozens Meanwhile Speaking Earlier Later Now Then There Here Such Other Another Both Each Every Several
Mr Mrs Ms Dr Sir Mister Madam
Syria Syrian Syrians Iraq Iraqi Turkey Turkish Jordan Jordanian Lebanon Lebanese Libya Libyan France French Britain
British UK US USA America American Americans Russia Russian Iran Iranian Israel Israeli Egypt Egyptian Qatar Qatari
Saudi Arabia Arabian Kuwait Kuwaiti Emirates Emirati UAE Oman Bahrain Yemen Sudan Algeria Tunisia Morocco Cyprus
Sweden Swedish Norway Germany German Italy Italian Spain Belgium Swiss Switzerland Austria Greece Armenia Belarus
China Chinese Canada Australia Gulf Arab Arabs Kurdish Kurds Alawite Alawites Sunni Shia Shiite Druze Christian
Baghdad Damascus Aleppo Homs Hama Idlib Daraa Deraa Latakia Tartus Deir Zor Ezzor Raqqa Qusair Qusayr Rastan Douma
Zabadani Bab Amr Baba Hawa Jisr Shughour Kafr Tel Ras Ain Hasakah Qamishli Palmyra Bukamal Salamiyah
Istanbul Ankara Antakya Hatay Reyhanli Kilis Gaziantep Urfa Mafraq Ramtha Zaatari Amman Beirut Tripoli Cairo Doha
Riyadh Dubai Dhabi Muscat Tehran Moscow London Paris Berlin Rome Brussels Geneva Vienna Washington Stockholm
Oslo Nicosia Athens Madrid Beijing York Europe European Asia Africa Middle East West Western North South Northern
Southern Eastern Central Union United Nations States Kingdom Republic League Council Coalition Committee Committees
Coordination Observatory Rights Human Watch Amnesty International Free Army Armed Forces Force Air Navy Guard
Republican Revolutionary Brigade Brigades Battalion Battalions Division Regiment Command Front Movement Party Baath
Ba'ath Brotherhood Muslim Hezbollah Qaeda Nusra Jabhat Islamic Islam Martyrs Shabiha Mukhabarat Agency Ministry
Foreign Defence Defense Interior Information Office State Department House White Kremlin Pentagon Parliament
Assembly National People People's Government Regime Opposition Rebel Rebels Television TV Radio Channel News Press
Associated Reuters AFP AP BBC CNN Jazeera Arabiya SANA Addounia Dounia Twitter Facebook YouTube Skype Internet
President Prime Minister Ministers Vice Deputy General Gen Brig Col Lt Maj Capt Sgt Colonel Brigadier Major
Lieutenant Captain Sergeant Admiral Commander Ambassador Ambassadors Consul Envoy Spokesman Spokeswoman Official
Officials Officer Officers Judge Governor MP MPs Chief Head Senior Former Acting Interim Generals Colonels Majors
Brigadiers Lieutenants Captains Commanders Pilots Diplomats Envoys Governors Branch Directorate Bureau
Red Crescent Cross Crisis Group Network Centre Center Institute University
Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April May June July August
September October November December God Allah Assad Assads Eid Ramadan Christmas MiG Sukhoi
""")
_TOKEN = r"(?:(?:al|el|Al|El|bin|ibn|abu|Abu|abd|Abd|Abdel|Abdul)-)?[A-Z][a-zA-Z]*[a-z](?:['’](?!s\b)[a-zA-Z]+)*"
_NAME = re.compile(rf"\b{_TOKEN}(?:\s+(?:(?:al|el|bin|ibn|abu|abd|de|van|ul|ud)\s+)?{_TOKEN}){{1,7}}")
_CONNECTORS = frozenset({"al", "el", "bin", "ibn", "abu", "abd", "de", "van", "ul", "ud"})
_SURNAME_TOKEN = re.compile(r"\b(?:(?:al|el|Al|El)-)?[A-Z][a-z]{2,}(?:['’](?!s\b)[a-z]+)?\b")
# Bounds that keep the work per sentence small whatever the text: a title stands within a few words
# of its name, and a "sentence" longer than a page is not one a quote could be made of.
TITLE_WINDOW = 200  # characters each side of a name
LONGEST_SENTENCE = 2000  # characters; a longer run without a full stop is passed over
CHAINED = 8  # the candidates nearest a trigger that "X and Y" can join to the one it is about
MOST_QUOTES = 3  # quotes a draft cites for its event
MOST_CLAIMS = 12  # sentences kept per person and kind to choose them and the date from (bounds the work)
LEAD_REACH = 4  # sentences after an unnamed lead ("A Syrian pilot has defected") in which to look for the name
_ARTICLE = re.compile(r"^(?:al|el)-", re.I)
_SPEAKER_AFTER = re.compile(rf"^,?\s*(?:(?:a|an|the|of|from|at)\s[^,]{{0,80}},\s*)?(?:who [^,]*,\s*)?"
                            rf"(?:has |had |also |later )?"
                            rf"{SPEECH}\b")
_SPEAKER_BEFORE = re.compile(rf"(?:\b{SPEECH}|\baccording to|\bquoted|\bquoting)\s+((?:[\w.'’-]+\s+){{0,5}})$")
_TITLE_FILLER = frozenset({"the", "a", "an", "state", "foreign", "ministry", "army", "opposition", "rebel", "council",
                           "of", "for", "syrian"})
_PLACE_BEFORE = re.compile(r"(?:\b(?:in|into|to|from|near|at|across|outside|inside|towards?|via|of|fled|left|"
                           r"reached|entered|province|city|town|village|district|neighbourhood|neighborhood)"
                           r"\s+(?:the\s+)?)$", re.I)
_DATELINE = re.compile(r"^(?:[A-Z][A-Z'’.-]+(?:\s+[A-Z][A-Z'’.-]+)*,?\s*"
                       r"(?:[A-Z][a-zA-Z.]+(?:\s+[A-Z][a-zA-Z.]+)?,?\s*)?"
                       r"(?:[A-Z][a-z]{2,8}\.?\s+\d{1,2},?\s+\d{4},?\s*)?"
                       r"(?:\((?:[A-Za-z .]+)\)\s*)?[—–-]{1,2}\s*)")
_BYLINE = re.compile(r"^(?:[A-Z][a-z]+ ){1,3}(?:in|and) [A-Z][\w ]+$|^[\w.]+\.(?:com|co\.uk|net|org)\b|"
                     r"^(?:By|BY)\s+[A-Z]|\bcontributed (?:to )?(?:this )?report|^(?:Reporting|Writing|Editing) by\b|"
                     r"^(?:Additional reporting)\b")
_WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
_NUMBERS = {"one": 1, "a": 1, "an": 1, "the": 1, "another": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
            "seven": 7, "eight": 8, "nine": 9, "ten": 10}
_PRONOUN = re.compile(r"\b(he|she|who)\b", re.I)  # subjects; "his parents were detained" is not about him
_BLOCKERS = re.compile(r"\b(?:others|colleagues|soldiers|troops|men|officers|people|civilians|residents|families|"
                       r"refugees|thousands|hundreds|dozens|many|fighters|activists|protesters|conscripts|mourners|"
                       r"demonstrators|children|forces|rebels|brother|son|wife|husband|daughter|family|"
                       r"relatives|parents|cousin)\b", re.I)
_FEMALE = _words("""ikhlas ekhlas lama rima hala rania fatima fatma maryam mariam zeina zaina layla leila laila nour
noor suhair suheir basma ola dima hind amal samira samar rasha reem rim huda nada salma lina mona muna nawal widad
aisha sara sarah ghada maha lamia amina hanan nisreen nesrine""")


@dataclass
class Mention:
    name: str
    title: str  # the words that describe them here, as written ("the Syrian ambassador to Iraq")
    heads: set[str] = field(default_factory=set)  # every title noun written beside them ("pilot", "colonel")


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
    date: str | None  # as the content format writes it: 2012-07-11, 2012-07~, or None for the editor to fill in
    approximate: bool
    date_note: str
    destination: str | None
    citations: list[DraftCitation]
    evidence: list[str]  # the words that led to it
    known: str | None = None  # the id of an existing person with this name
    confidence: str = "medium"
    introduction: str | None = None  # the sentence that names and describes them (for the person record)
    similar: list[str] = field(default_factory=list)  # ids of existing people whose names look like this one

    @property
    def quotes(self) -> list[str]:
        return [citation.quote for citation in self.citations]


@dataclass(frozen=True)
class Sentence:
    """One sentence of the article, where it is: its paragraph and its offsets in it."""

    index: int  # in the article
    paragraph: int
    start: int
    end: int
    text: str
    names: tuple[tuple[str, int, int], ...] = ()  # _names(text), found once


@dataclass(frozen=True)
class Reference:
    """Words in a sentence that stand for a person: `person` is the full name they resolve to."""

    person: str
    words: str
    start: int
    end: int
    named: bool  # the words are the name, a surname, or a title only this person holds


@dataclass(frozen=True)
class DraftDate:
    value: str | None
    approximate: bool
    how: str


# --- The text ------------------------------------------------------------------------------------

def sentences(paragraph: str) -> list[str]:
    return [paragraph[start:end] for start, end in _sentence_spans(paragraph)]


def _sentence_spans(paragraph: str) -> list[tuple[int, int]]:
    protected = paragraph
    for abbreviation in _ABBREVIATIONS:
        protected = protected.replace(abbreviation, abbreviation.replace(".", "\x00"))
    spans, start, counted = [], 0, 0
    marks = {"“": 0, "”": 0, '"': 0}  # in the sentence so far, counted as the scan goes (never rescanned)
    for boundary in re.finditer(r"(?:(?<=[.!?])|(?<=[.!?][\"”’]))\s+(?=[\"“‘A-Z])", protected):
        for mark in marks:
            marks[mark] += protected.count(mark, counted, boundary.start())
        counted = boundary.start()
        if marks["“"] > marks["”"] or not marks["“"] and not marks["”"] and marks['"'] % 2 == 1:
            continue  # “He defected. All I can say ...,” the diplomat said: one sentence, the speaker's
        spans.append((start, boundary.start()))
        start = boundary.end()
        marks = dict.fromkeys(marks, 0)
        counted = start
    spans.append((start, len(paragraph)))
    return [(s, e) for s, e in spans if paragraph[s:e].strip()]


def passed_over(text: str) -> list[int]:
    """The paragraphs (numbered from 1) holding a sentence longer than LONGEST_SENTENCE, which
    analyse() does not read: an editor has to."""
    return [number for number, paragraph in enumerate(paragraphs(text), 1)
            if any(len(sentence) > LONGEST_SENTENCE for sentence in sentences(paragraph))]


def _read(paras: list[str]) -> list[Sentence]:
    """The sentences an analysis reads: datelines cut off, bylines and credits left out."""
    found: list[Sentence] = []
    for number, paragraph in enumerate(paras):
        for start, end in _sentence_spans(paragraph):
            if end - start > LONGEST_SENTENCE:
                continue
            text = paragraph[start:end]
            if start == 0:
                dateline = _DATELINE.match(text)
                if dateline and dateline.end() < len(text) and re.search(r"[A-Z]{3}", dateline.group()):
                    start += dateline.end()
                    text = paragraph[start:end]
            if _BYLINE.search(text):
                continue
            found.append(Sentence(len(found), number, start, end, text, _names(text)))
    return found


# --- Who is in it ----------------------------------------------------------------------------------

def _names(sentence: str) -> tuple[tuple[str, int, int], ...]:
    """Names: runs of two to eight capitalised words, split at titles and words that are not names
    ("Deputy Prime Minister Qadri Jamil" gives "Qadri Jamil")."""
    found = []
    for match in _NAME.finditer(sentence):
        run: list[tuple[str, int]] = []
        position = match.start()
        for word in match.group().split() + ["|"]:
            at = sentence.find(word, position) if word != "|" else match.end()
            position = at + len(word) if word != "|" else position
            bare = _ARTICLE.sub("", word)
            if word == "|" or word in _NOT_NAMES or bare in _NOT_NAMES or word.lower().rstrip(".") in _TITLE_WORDS:
                if len(run) >= 2 and not all(w in _CONNECTORS for w, _ in run[1:]):
                    start, end = run[0][1], run[-1][1] + len(run[-1][0])
                    found.append((sentence[start:end], start, end))
                run = []
            elif word[:1].isupper() or run:
                run.append((word, at))
    return tuple(found)


_TITLE_WORDS = {w for t in TITLES for w in t.split()} - {"of", "member"} | {
    "president", "prime", "vice", "deputy", "senior", "chief", "head", "former", "spokesman", "spokeswoman",
    "mr", "mrs", "ms", "dr"}


_ANY_TITLE = re.compile("|".join(re.escape(t) for t in sorted(TITLES, key=len, reverse=True)))


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
    return title if _ANY_TITLE.search(title.lower()) else ""


_APPOSITIVE_AFTER = re.compile(r",\s+(?:\d+,\s+)?((?:a|an|the)\s[^,]+?)(?:,|\s+and\s|\s+who\s|\.$|$)", re.I)
_SERVED_AS = re.compile(r",\s+who (?:served|serves|worked|works|was|is) (?:as )?(?!under\b|with\b|for\b)"
                        r"([^,]+?)(?:,|\.$|$)")
_AFFILIATION = re.compile(r"(?:a|an|the)\s+(?:[\w-]+\s+)?(?:cousin|friend|aide|son|brother|relative|nephew|ally|"
                          r"associate|confidant|adviser|advisor|protégé|protege|bodyguard|driver|deputy|secretary)\s+"
                          r"(?:of|to)\b",
                          re.I)
_APPOSITIVE_BEFORE = re.compile(r"\b(?:the|a|an|[A-Z][a-z]+['’]s)\s.+", re.I)


def _title_beside(sentence: str, start: int, end: int) -> str:
    """An appositive: 'the ambassador, Nawaf Fares,' or 'Jihad al-Makdissi, a Syrian ... spokesman'."""
    following = sentence[end:end + TITLE_WINDOW]
    after = _APPOSITIVE_AFTER.match(following)
    if after and _ANY_TITLE.search(after.group(1).lower()) and not _AFFILIATION.match(after.group(1)):
        return after.group(1)
    served = _SERVED_AS.match(following)
    if served and _ANY_TITLE.search(served.group(1).lower()):
        return served.group(1)
    preceding = sentence[max(0, start - TITLE_WINDOW):start].rstrip()
    if preceding.endswith(","):  # "the ambassador, Nawaf Fares": the words since the comma before
        words = preceding[:-1]
        words = words[words.rfind(",") + 1:].strip()
        before = _APPOSITIVE_BEFORE.search(words)
        if before and _ANY_TITLE.search(before.group().lower()):
            return before.group()
    return ""


def _branch(title: str) -> str:
    found = _BRANCH_WORDS.search(title.lower())  # the longest title words first: "prime minister" before "minister"
    return TITLES[found.group(1)] if found else "other"


_BRANCH_WORDS = re.compile("(?<![a-z])(" + "|".join(re.escape(words) for words in sorted(TITLES, key=len, reverse=True))
                           + ")(?![a-z])")


def _position(title: str) -> str:
    text = re.sub(r"^(?:the|a|an)\s+", "", title.strip(), flags=re.I)
    text = text.replace("Brig. Gen.", "Brigadier general").replace("Gen.", "General").replace("Col.", "Colonel")
    text = text.replace("Lt.", "Lieutenant").replace("Maj.", "Major").replace("Capt.", "Captain")
    text = re.sub(r"^(?:Syrian|Syria's|Syria’s)\s+", "", text)
    text = re.sub(r"^(?:Mr|Mrs|Ms|Dr)\.?$", "", text)
    return text[:1].upper() + text[1:] if text else "TODO the role they held when they broke away"


_ABBREVIATED = {short + dot: word for short, word in (
    ("brig", "brigadier"), ("gen", "general"), ("col", "colonel"), ("lt", "lieutenant"), ("maj", "major"),
    ("capt", "captain"), ("sgt", "sergeant"), ("adm", "admiral"), ("gov", "governor")) for dot in ("", ".")}
_COMMENTER = re.compile(r",\s+(?:a|an|the)\s+(?:[\w-]+\s+){0,3}?(?:activist|resident|witness|refugee|analyst|expert|"
                        r"researcher|journalist|correspondent|lawyer|doctor|student|businessman|neighbour|neighbor|"
                        r"lecturer|professor|academic|dissident|opposition figure)s?\b", re.I)


_TITLE_NOUN = re.compile(r"\b(" + "|".join(sorted((re.escape(t) for t in TITLES if " " not in t and "." not in t),
                                                  key=len, reverse=True)) + r")\b")


_NICKNAMED = re.compile(r"\b(?:identified|named|known|identify himself|identify herself|gave (?:his|her) name)"
                        r"(?: only)? as\s+$", re.I)  # "an activist who asked to be identified only as Abu Hisham"


def _heads(title: str) -> set[str]:
    """Every title noun in the words, abbreviations written out: 'The pilot, Col.' -> pilot, colonel."""
    lowered = title.lower()
    found = {_ABBREVIATED[word] for word in re.findall(r"[a-z]+\.?", lowered) if word in _ABBREVIATED}
    return found | set(_TITLE_NOUN.findall(lowered))


def _head(title: str) -> str:
    """The title's core noun ('ambassador' from 'the Syrian ambassador to Iraq'): its longest title word."""
    return max(_TITLE_NOUN.findall(title.lower()), key=len, default="")


def _is_speaker(sentence: str, start: int, end: int) -> bool:
    """'X said', 'X, a spokesman, told', 'said X', 'according to Foreign Ministry spokesman X'."""
    after, before = sentence[end:end + 120], sentence[max(0, start - 60):start]
    if _SPEAKER_AFTER.match(after):
        return True
    speech = _SPEAKER_BEFORE.search(before)
    if speech is None or not all(word[:1].isupper() or word.lower().rstrip(".,") in _TITLE_WORDS | _TITLE_FILLER
                                 for word in speech.group(1).split()):
        return False
    return not _GOES_ON.match(after)  # "said Maj. X, the deputy police chief, climbed ...": X does, not speaks


_GOES_ON = re.compile(r"(?:,\s+(?:a|an|the)\s[^,]*,)?\s+(?:had |has |was |is |also |then )?[a-z]+ed\b")


@dataclass
class People:
    """Everyone an article names, and the words that refer back to them."""

    mentions: dict[str, Mention] = field(default_factory=dict)  # full name -> first mention
    introductions: dict[str, str] = field(default_factory=dict)  # full name -> the sentence that says who they are
    surnames: dict[str, str] = field(default_factory=dict)  # a surname, lowered -> the full name
    titled: dict[str, list[str]] = field(default_factory=dict)  # a title's noun -> the names that hold it
    places: set[str] = field(default_factory=set)  # names seen only where a place would be
    commenters: set[str] = field(default_factory=set)  # "X, an activist": people who hold no post to break from

    def person(self, name: str) -> bool:
        return name in self.mentions and name not in self.places


def _people(read: list[Sentence]) -> People:
    people = People()
    seen_as_person: set[str] = set()
    seen_as_place: set[str] = set()
    for sentence in read:
        text = sentence.text
        for name, start, end in sentence.names:
            beside, before = _title_beside(text, start, end), _title_before(text, start)
            title = beside or before
            honorific = re.search(r"\b(?:Mr|Mrs|Ms|Dr|Sheikh)\.?\s+$", text[max(0, start - 8):start])
            if title or honorific or _is_speaker(text, start, end) or name.split()[0].lower() in _GIVEN_NAMES \
                    or re.match(r",\s+\d{2},", text[end:end + 6]) or re.match(r"\s+(?:has |had |was |is )?\w*(?:ed)\b",
                                                                               text[end:end + 30]):
                seen_as_person.add(name)
            elif _PLACE_BEFORE.search(text[max(0, start - 40):start]):
                seen_as_place.add(name)
            if name not in people.mentions:
                people.mentions[name] = Mention(name, title)
            elif title and not people.mentions[name].title:
                people.mentions[name].title = title
            if title:
                people.mentions[name].heads |= _heads(f"{before} {beside}")
            if _COMMENTER.match(text, end) or _NICKNAMED.search(text[max(0, start - 40):start]):
                people.commenters.add(name)
            if title and name not in people.introductions:
                people.introductions[name] = text
    people.places = seen_as_place - seen_as_person
    for name in people.mentions:
        if name in people.places:
            continue
        last = name.split()[-1]
        for surname in (last.lower(), _ARTICLE.sub("", last).lower()):
            if people.surnames.get(surname, name) != name:
                people.surnames[surname] = ""  # two people share it: a surname alone cannot say which
            else:
                people.surnames[surname] = name
    for name in people.mentions:  # in the order the article first names them
        noun = _head(people.mentions[name].title)
        if noun and name not in people.places:
            people.titled.setdefault(noun, []).append(name)
    return people


_GIVEN_NAMES = _words("""mohammed mohammad muhammad mohamed ahmed ahmad ali hassan hussein hussain khaled khalid omar
umar abdul abdel abdullah abdulrahman abdulaziz mustafa mostafa mahmoud ibrahim youssef yousef yusuf nawaf manaf riad
riyad jihad faisal fares bassam samir walid adnan imad ghassan ziad rami nabil yasser yasir tarek tariq fadi firas
hisham hani wael bashar maher rifaat ayman amer anas saleh salem said qadri yaarub munir mounir nizar hazem kamal
jamal karim majid majed marwan nasser osama usama sami talal zaid zuhair raed ammar bilal haitham hamza issam kinan
louay moaz mazen nidal obeida qassem rabih saad shadi tamer wassim yahya yazan fayez fawaz farouk suleiman sulaiman
adel aref akram ayham bashir daoud fahd ghaith habib hamid hamdi hatem ihab iyad jamil jawad kassem luay mahdi
mansour mohsen moussa munzer nabih naji nasr omran rashid sabri sadiq safwan salah sharif tawfiq wafiq wissam yassin
zakaria ikhlas ekhlas lama rima hala rania fatima fatma maryam mariam zeina layla leila nour suhair basma ola dima
hind amal samira samar rasha reem huda nada salma lina mona nawal aisha sara ghada maha lamia amina hanan nisreen
abu abd abdelbasset abdelrazzaq abdulrazzaq mouaz muaz ahed aws""")


# --- Who it happened to --------------------------------------------------------------------------

@dataclass
class Reader:
    """What an article has said so far, sentence by sentence: who was last spoken of (for a
    pronoun), unnamed leads waiting for a name, and the last date the text gave."""

    people: People
    focus: list[str] = field(default_factory=list)  # the people the last sentence about anyone spoke of
    focus_subject: str | None = None  # the one of them at the start of that sentence
    leads: list[Lead] = field(default_factory=list)
    last_date: DraftDate | None = None
    described: dict[str, str] = field(default_factory=dict)  # a person -> the lead that described them
    last_event: DraftDate | None = None  # the date of the last thing drafted, for "X had also defected"


@dataclass
class Lead:
    """An unnamed lead: 'A Syrian military pilot has defected', 'Security forces arrested an army
    general', 'A brigadier general and two colonels crossed ...', waiting for the names."""

    nouns: frozenset[str]  # the title nouns it gives: "pilot"; "general", "colonel"
    count: int
    sentence: Sentence
    trigger: str
    kind: str
    denies: bool
    date: DraftDate
    words: str  # as written: "A Syrian military pilot"
    named: list[str] = field(default_factory=list)


_SUPERLATIVE = re.compile(r"\b(?:latest|first|second|third|last|most|highest|only|biggest|top|another|other|"
                          r"\w+est)\b", re.I)


Names = tuple[tuple[str, int, int], ...]  # (name, start, end) in a sentence


def _references(sentence: str, people: People, names: Names | None = None) -> list[Reference]:
    """Every person the sentence names, by name or surname or a title only they hold."""
    found: list[Reference] = []
    taken: list[tuple[int, int]] = []
    for name, start, end in names if names is not None else _names(sentence):
        if people.person(name):
            found.append(Reference(name, name, start, end, True))
        if people.person(name) or name in people.places:
            taken.append((start, end))
    starts = [s for s, _ in taken]  # in order: names are found left to right
    for token in _SURNAME_TOKEN.finditer(sentence):
        inside = bisect.bisect_right(starts, token.start()) - 1
        if inside >= 0 and token.start() < taken[inside][1]:
            continue
        word = token.group().lower()
        full = people.surnames.get(word) or people.surnames.get(_ARTICLE.sub("", word))
        if full:
            found.append(Reference(full, token.group(), token.start(), token.end(), True))
    for noun, named in people.titled.items():
        for phrase in re.finditer(rf"\b[Tt]he (?:[\w'’-]+ ){{0,3}}?{re.escape(noun)}\b(?: (?:to|of|in) [A-Z][a-z]+)?",
                                  sentence):
            if any(s <= phrase.start() < e or phrase.start() <= s < phrase.end() for s, e in taken) \
                    or _SUPERLATIVE.search(phrase.group()):
                continue  # "the latest official to defect" is one of a kind, not a person
            if len(named) == 1:
                found.append(Reference(named[0], phrase.group(), phrase.start(), phrase.end(), True))
    return sorted(found, key=lambda r: r.start)


def _subject(sentence: Sentence, at: int, refs: list[Reference], reader: Reader) -> list[Reference]:
    """Who did what the trigger at `at` says: the nearest reference before it that is not a
    speaker, a place or behind a preposition, or the pronoun that stands for them. Only the few
    nearest are looked at, so a sentence of a hundred names costs what one of ten does."""
    text = sentence.text
    if _kin_subject(text, at, refs):
        return []  # "his brother was arrested": not him
    ends = {r.end for r in refs}  # an aside is set off after a name: "X, a friend of Y, defected"
    asides = [(a.start(), a.end()) for a in _ASIDE_ABOUT.finditer(text, 0, at) if a.end() <= at and a.start() in ends]
    before = [r for r in _nearest_before(refs, at, 2 * CHAINED)
              if not _PLACE_BEFORE.search(text[max(0, r.start - 12):r.start])
              and not re.match(r"['’]s?\s", text[r.end:r.end + 3])  # "Fares's wife fled": not Fares
              and not _KIN_OF.search(text[max(0, r.start - 40):r.start])  # "The wife of Gen. X ... was arrested"
              and not any(a < r.start < b for a, b in asides)]  # "X, a friend of Y, defected": X
    pronoun = None
    for match in _PRONOUN.finditer(text, max(0, at - 80), at):
        if not any(a < match.start() < b for a, b in asides):  # "X, who commanded troops, fled": X
            pronoun = match
    if pronoun and not (before and before[0].end > pronoun.end()):
        return _pronoun_subject(text, at, pronoun, [r for r in before if r.end <= pronoun.start()], reader)
    candidates = [r for r in before if not _only_speaks(text, r, at) and not _blocked(text[r.end:at])
                  and r.person not in reader.people.commenters]  # nearest first
    if not candidates:
        return []
    chosen = [candidates[0]]
    for other in candidates[1:CHAINED]:  # "Colonel X and Major Y defected": both
        between = text[other.end:chosen[-1].start]
        if re.fullmatch(r",?\s+(?:and|as well as|along with|,)\s+(?:[A-Z][\w.]*\s+){0,4}|\s*,\s*", between):
            chosen.append(other)
        else:
            break
    return list(reversed(chosen))


_KIN = (r"(?:brother|brothers|son|sons|wife|wives|husband|daughter|daughters|father|mother|cousin|cousins|nephew|"
        r"uncle|family|relatives?|parents|children|bodyguards?|driver|aides?|deputy|commander|colleagues?|friends?)")
_RELATIVE_SUBJECT = re.compile(rf"\b(?:his|her|their|[A-Z][\w-]+['’]s?)\s+(?:[\w-]+\s+){{0,2}}{_KIN}"
                               r"(?:,\s[^,]*,)?\s+(?:(?:had|has|have|was|were|also|reportedly)\s+)*$")
_KIN_OF = re.compile(rf"\b{_KIN}\s+of\s+(?:[\w.'’-]+\s+){{0,3}}$", re.I)
_ASIDE_ABOUT = re.compile(r",\s+(?:a|an|the|who|whose|which|whom|speaking|talking|standing|sitting|flanked|"
                          r"accompanied|surrounded|appearing|backed|joined)\b[^,]*,")


_CLAUSES = re.compile(r",\s+(?:while|but|whereas|although|and|denying|saying|adding|calling)\s|;\s|\s+while\s|"
                      r"\s+whereas\s|[\"”],?\s+and\s", re.I)


def _denied(text: str, match: re.Match[str]) -> bool:
    """Whether the clause the trigger is in denies it: 'A general appeared to deny reports that he had
    defected, while a monitoring group said a colonel had fled' denies the general's, not the colonel's."""
    starts = [0, *(c.end() for c in _CLAUSES.finditer(text) if c.end() <= match.start())]
    ends = [c.start() for c in _CLAUSES.finditer(text) if c.start() >= match.end()] + [len(text)]
    asides = [(a.start(), a.end()) for a in _ASIDE_ABOUT.finditer(text) if not a.start() <= match.start() < a.end()]
    return any(not any(a <= found.start() < b for a, b in asides)  # "X, whose defection Y denied, crossed": X's report
               for found in DENIAL.finditer(text, starts[-1], ends[0]))


def _kin_subject(text: str, at: int, refs: list[Reference]) -> bool:
    """Whether the trigger's subject is someone's relative or colleague ('his brother was arrested'),
    unless the words name them ('her brother, Maj. Firas Mansour, had defected')."""
    start = max(0, at - 60)
    kin = _RELATIVE_SUBJECT.search(text[start:at])
    return kin is not None and not any(start + kin.start() < r.start and r.end <= at for r in refs)


def _nearest_before(refs: list[Reference], at: int, count: int) -> list[Reference]:
    """The `count` references that end nearest before `at`, nearest first (refs are in order)."""
    ending = bisect.bisect_right([r.end for r in refs], at) if len(refs) > count else len(refs)
    return [r for r in reversed(refs[:ending]) if r.end <= at][:count]


def _pronoun_subject(text: str, at: int, pronoun: re.Match[str], local: list[Reference],
                     reader: Reader) -> list[Reference]:
    """'he', 'she' or 'who' before the trigger: the person it stands for, if it can be only one."""
    gap = text[pronoun.end():at]
    if re.fullmatch(r"\s+and\s+(?:\d+|two|three|four|five|ten|dozens|several|some|many)\s+(?:of\s+his\s+)?"
                    r"[a-z]+\s+(?:had\s+|have\s+|has\s+)?", gap):
        gap = " "  # "he and 15 soldiers had deserted": him, among others
    if _blocked(gap):
        return []
    if pronoun.group().lower() == "who":  # its antecedent stands just before it ("X, a colonel, who"), or is unnamed
        if local and re.fullmatch(r",?\s*(?:(?:a|an|the)\s[^,]*?,?\s*)?", text[local[0].end:pronoun.start()]) \
                and local[0].person not in reader.people.commenters:
            return [local[0]]
        return []
    if local:
        if len({r.person for r in local}) == 1:
            return [local[0]]
        return []  # "X told Y that he had defected": two people it could mean, not guessed
    referent = _focus(reader, pronoun.group())
    unique = len(set(reader.focus)) == 1
    return [Reference(referent, pronoun.group(), pronoun.start(), pronoun.end(), unique)] if referent else []


_CLAUSE_BREAK = re.compile(r"\b(?:in which|where|when|after|before|while|because|whom|whose)\b", re.I)


def _blocked(between: str) -> bool:
    """Whether words between a person and a trigger put someone else, or another clause, between
    them: 'urged officers to defect', 'after the shooting in which three mourners were killed'.
    A clause set off by commas ('X, who served in Hatay, returned') does not."""
    plain = re.sub(r",\s+(?:who|which|a|an|the|whose)\b[^,]*,", " ", between)
    return bool(_BLOCKERS.search(plain) or _CLAUSE_BREAK.search(plain))


def _only_speaks(text: str, ref: Reference, *starts: int) -> bool:
    """A speaker, unless the verb after their name is what happened ('X announced his defection');
    `starts` are where the sentence's triggers begin."""
    if any(at >= ref.end and _FILLER.fullmatch(text, ref.end, at) for at in starts):
        return False
    return _is_speaker(text, ref.start, ref.end)


_FILLER = re.compile(r"[\s,]*(?:has |had |also |later |then )?")


def _focus(reader: Reader, pronoun: str) -> str | None:
    """The person a pronoun opening a sentence means: the one the last sentence about anyone was
    about, when it was about one (or began with them); else no one."""
    if len(set(reader.focus)) != 1:
        return None  # no one, or two people it could mean: not guessed
    candidate = reader.focus[0]
    female = candidate.split()[0].lower() in _FEMALE
    if (pronoun.lower() in ("she", "her")) != female and candidate.split()[0].lower() in _GIVEN_NAMES | _FEMALE:
        return None
    return candidate


_OBJECT_BREAK = re.compile(r"\band\s+(?:\w+\s+)?\w+(?:ed|ew|ame|ent)\b|;|\b(?:said|told|says|according)\b|"
                           r"\b(?:dozens|hundreds|thousands|scores|protesters|demonstrators|people|civilians)\b", re.I)


def _object(sentence: Sentence, match: re.Match[str], refs: list[Reference]) -> list[Reference]:
    """For 'Assad sacked X' and 'the defection of X': the first reference after the words."""
    text = sentence.text
    after = [r for r in refs if 0 <= r.start - match.end() <= 60]
    after = [r for r in after if not _OBJECT_BREAK.search(text[match.end():r.start])
             and not _is_speaker(text, r.start, r.end)
             and not _KIN_OF.search(text[max(0, r.start - 40):r.start])]  # "was the family of Gen. X": not X
    if not after:
        return []
    chosen = [after[0]]
    for other in after[1:3]:
        if re.fullmatch(r",?\s+(?:and|,)\s+(?:[A-Z][\w.]*\s+){0,4}", sentence.text[chosen[-1].end:other.start]):
            chosen.append(other)
    return chosen


def _possessor(sentence: Sentence, match: re.Match[str], refs: list[Reference]) -> list[Reference]:
    """'Fares's defection', 'the ambassador's defection': the reference just before the noun."""
    for ref in refs:
        if ref.end == match.start() and match.group()[:1] in "'’":
            return [ref]
    return []


# --- When ----------------------------------------------------------------------------------------

_SHORT_MONTHS = {"jan.": 1, "feb.": 2, "aug.": 8, "sept.": 9, "sep.": 9, "oct.": 10, "nov.": 11, "dec.": 12}
_MONTH_WORDS = "|".join([m.lower() for m in MONTHS[1:]] + [re.escape(m) for m in _SHORT_MONTHS])
_DATE_WORDS = re.compile(
    rf"\b(?P<dm>(?P<d1>\d{{1,2}}) (?P<m1>{_MONTH_WORDS})(?: (?P<y1>\d{{4}}))?)\b"
    rf"|\b(?P<md>(?P<m2>{_MONTH_WORDS}) (?P<d2>\d{{1,2}})(?:st|nd|rd|th)?(?:, (?P<y2>\d{{4}}))?)\b"
    rf"|\b(?:in|since|during|early|late|mid-?|until) (?P<month>{_MONTH_WORDS})(?: (?P<y3>\d{{4}}))?\b"
    rf"|\b(?:on |last |late |early |that |this )?(?P<weekday>{'|'.join(_WEEKDAYS)})(?:['’]s)?"
    rf"(?: (?:night|morning|evening|afternoon))?\b"
    r"|\b(?P<yesterday>yesterday)\b|\b(?P<today>today|this morning|tonight|earlier today)\b"
    r"|\b(?P<lastweek>last week|earlier this week|this week|a week ago|days ago|several days ago|recent days)\b"
    r"|\b(?P<lastmonth>last month)\b|\b(?P<thismonth>earlier this month|this month)\b"
    r"|\b(?P<ago>(?P<n>\d+|two|three|four|five|six|seven|eight|nine|ten|a) (?P<unit>days?|weeks?|months?) ago)\b"
    r"|\b(?P<same>(?:on )?the same (?:day|night|evening|morning)|that same day|that day|that night)\b"
    r"|\b(?P<shifted>(?P<count>two|three|four|five|six|\d) days (?P<way>later|earlier))\b"
    r"|\b(?P<before>the day before|the previous day|a day earlier|the night before|the previous night)\b"
    r"|\b(?P<after>the (?:next|following) (?:day|morning|night|evening)|a day later)\b",
    re.I)


_SPAN_BREAK = re.compile(r"\b(?:(?:a|an|one|two|three|four|five|six|\d+|several|some)\s+)?"
                         r"(?:days?|weeks?|months?|years?)\s+(?:after|before|since|earlier|later)\b|"
                         r",\s+(?:after|before|since|when|while|as|where)\b", re.I)
# "X, who won a seat in last month's election, crossed": a date in such an aside is not the event's
_ASIDE = re.compile(r",\s+(?:(?:a|an|the)\s[^,]*?\s)?(?:who|which|whose)\b[^,]*,")
# "Also arrested was Maj. X, who had defected last month.": an aside to the end that tells of another event
_LAST_ASIDE = re.compile(r",\s+(?:(?:a|an|the)\s[^,]*?\s)?(?:who|which|whose)\b[^,]*[.!?\"”]*$")
_SAID_ON = re.compile(rf"\b(?:{SPEECH}|reporting|announcing|told \w+(?: \w+)?)(?:\s+(?:in a statement|by telephone|"
                      r"in a video|on television|late|early|that))?\s+(?:on\s+)?$", re.I)
_REPORTED = re.compile(r"\s+(?:aired|broadcast|showed|published|released|said|reported|told|announced|issued|quoted|"
                       r"ran|carried)\b")
_OTHER_TIME = re.compile(r"\b(?:since|began|begun|started|erupted|broke out|born|appointed|named|took office)\b"
                         r"[^,.;]*$|,\s+(?:as|while|when|amid)\s[^,.;]*$", re.I)


def resolve_date(sentence: str, published: PartialDate | None, previous: DraftDate | None = None,
                 near: int | None = None, speaker: bool = False,
                 words: tuple[re.Match[str], ...] | None = None, barriers: tuple[int, ...] = ()) -> DraftDate:
    """The event's date from the date words nearest `near` (the trigger) in the sentence, against
    the publication date and, for "the same day", the date the text gave last. The day someone
    else said it ("activists said on Monday") is not the day it happened, unless `speaker`: the
    person it happened to is the one who said it. A date the words
    would put before year 1, or on a day no calendar has, is left to the editor."""
    try:
        found = _date_from(sentence, published, previous, near, speaker,
                           words if words is not None else tuple(_DATE_WORDS.finditer(sentence)), barriers)
        if found.value is not None:
            EventDate.parse(found.value)
        return found
    except (ValueError, OverflowError):
        return DraftDate(None, True, "the text gives a date that cannot be (check it against the article): "
                                     "fill in the date")


def _date_from(sentence: str, published: PartialDate | None, previous: DraftDate | None, near: int | None,
               speaker: bool, every: tuple[re.Match[str], ...], barriers: tuple[int, ...]) -> DraftDate:
    aside = [(a.start(), a.end()) for a in _ASIDE.finditer(sentence)]
    aside += [(a.start(), a.end()) for a in _LAST_ASIDE.finditer(sentence) if _triggers(a.group())]
    matches = [m for m in every  # not the date of another thing: "since ... began in March", "last month's election"
               if not re.match(r"['’]s\b", sentence[m.end():m.end() + 2])
               and not any(a <= m.start() < b and (near is None or not a <= near < b) for a, b in aside)
               and not _OTHER_TIME.search(sentence[max(0, m.start() - 150):m.start()])
               and not (near is not None and m.end() <= near and _REPORTED.match(sentence, m.end()))
               and not (near is not None and _SPAN_BREAK.search(sentence[min(near, m.end()):max(near, m.start())]))
               # someone else named between the trigger and the words: "X defected, and Y fled on Monday"
               and not (near is not None and any(min(near, m.start()) < at < max(near, m.start()) for at in barriers))
               and (speaker or not _SAID_ON.search(sentence[max(0, m.start() - 40):m.start()]))]
    if not matches and any(_SAID_ON.search(sentence[max(0, m.start() - 40):m.start()]) for m in every):
        return _undated(published, reported=True)
    if near is not None:  # the words nearest the trigger: after it within a few words first, then before
        matches.sort(key=lambda m: (m.start() - near if m.start() >= near else (near - m.end()) * 1.5))
    if not matches:
        return _undated(published)
    words = matches[0]
    said = f"\"{words.group().strip()}\""
    if published is None:
        return DraftDate(None, True, f"the text says {said} but the article's publication date is not known: "
                                     "fill in the date")
    exact = published.day is not None
    base = dt.date(published.year, published.month or 1, published.day or 1)
    of = f"in an article of {published.display()}"
    month_of = {m.lower(): i for i, m in enumerate(MONTHS) if m} | _SHORT_MONTHS
    if words.group("dm") or words.group("md"):
        day = int(words.group("d1") or words.group("d2"))
        month = month_of[(words.group("m1") or words.group("m2")).lower()]
        year = int(words.group("y1") or words.group("y2") or _year_for(month, published, day))
        return DraftDate(f"{year:04d}-{month:02d}-{day:02d}", False, f"the text says {said}")
    if words.group("month"):
        month = month_of[words.group("month").lower()]
        year = int(words.group("y3") or _year_for(month, published))
        return DraftDate(f"{year:04d}-{month:02d}", False, f"the text says {said}")
    if words.group("same") or words.group("before") or words.group("after") or words.group("shifted"):
        if previous is None or previous.value is None or previous.approximate or len(previous.value) != 10:
            return DraftDate(None, True, f"the text says {said}, but gives no day before it to count from: "
                                         "fill in the date")
        named_day = dt.date.fromisoformat(previous.value)
        shift = -1 if words.group("before") else 1 if words.group("after") else 0
        if words.group("shifted"):
            count = int(words.group("count")) if words.group("count").isdigit() \
                else _NUMBERS[words.group("count").lower()]
            shift = count if words.group("way").lower() == "later" else -count
        return DraftDate((named_day + dt.timedelta(days=shift)).isoformat(), False,
                         f"{said}: the day the text gave before ({previous.value})"
                         + (f", {'plus' if shift > 0 else 'minus'} {abs(shift)}" if shift else ""))
    if not exact:
        return DraftDate(f"{published.iso()}~", True, f"{said} {of}, which gives no day: approximate")
    if words.group("weekday"):
        back = (base.weekday() - _WEEKDAYS.index(words.group("weekday").lower())) % 7
        if words.group().lower().startswith("last ") and back == 0:
            back = 7
        return DraftDate((base - dt.timedelta(days=back)).isoformat(), False, f"{said} {of}")
    if words.group("yesterday"):
        return DraftDate((base - dt.timedelta(days=1)).isoformat(), False, f"{said} {of}")
    if words.group("today"):
        return DraftDate(base.isoformat(), False, f"{said} {of}")
    if words.group("lastweek"):
        week = base - dt.timedelta(days=7 if "last" in words.group().lower() or "ago" in words.group().lower() else 2)
        return DraftDate(f"{week.year:04d}-{week.month:02d}~", True, f"{said} {of}: approximate")
    if words.group("lastmonth"):
        months = base.year * 12 + base.month - 2
        return DraftDate(f"{months // 12:04d}-{months % 12 + 1:02d}", False, f"{said} {of}")
    if words.group("thismonth"):
        return DraftDate(f"{base.year:04d}-{base.month:02d}", False, f"{said} {of}")
    amount = words.group("n").lower()
    count = int(amount) if amount.isdigit() else _NUMBERS[amount]
    unit = words.group("unit").lower().rstrip("s")
    if unit == "day":
        return DraftDate((base - dt.timedelta(days=count)).isoformat() + ("~" if count > 2 else ""), count > 2,
                         f"{said} {of}" + (": approximate" if count > 2 else ""))
    if unit == "week":
        weeks = base - dt.timedelta(days=7 * count)
        return DraftDate(f"{weeks.year:04d}-{weeks.month:02d}~", True, f"{said} {of}: approximate")
    months = base.year * 12 + base.month - 1 - count
    return DraftDate(f"{months // 12:04d}-{months % 12 + 1:02d}~", True, f"{said} {of}: approximate")


def _year_for(month: int, published: PartialDate, day: int | None = None) -> int:
    """The year of a month named without one: the latest that puts it on or before the article."""
    if published.month is None:
        return published.year
    later = month > published.month or (month == published.month and day is not None and published.day is not None
                                        and day > published.day)
    return published.year - 1 if later else published.year


def _undated(published: PartialDate | None, reported: bool = False) -> DraftDate:
    if published is None:
        return DraftDate(None, True, "the text gives no date for it and the article's date is not known: "
                                     "fill in the date")
    given = "only the day it was reported" if reported else "no date for it"
    return DraftDate(None, True, f"the text gives {given}; the article was published {published.display()}: "
                                 f"write the day it happened, or ../{published.iso()} (on or before the article) "
                                 "if that is all the article says")


def _destination(sentence: str, at: int = 0, barriers: tuple[int, ...] = ()) -> str | None:
    """Where they went, in the words after the trigger and before anyone else is named."""
    ahead = [b for b in barriers if b > at]
    sentence = sentence[at:min(ahead)] if ahead else sentence[at:]
    match = re.search(r"\b(?:asylum in|heading to|fled to|fled into|crossed into|border into|flown to|flew to|"
                      r"arrived in|escaped to|landed in|to neighbouring|to neighboring|sought refuge in)"
                      r" (?:the )?([A-Z][a-z]+(?: [A-Z][a-z]+)?)", sentence)
    if match is None:
        match = re.search(r"\bfl(?:ew|own) (?:his|her|a|an|the) [\w-]+(?: [\w-]+){0,3}? to ([A-Z][a-z]+)", sentence)
    return match.group(1) if match else None


# --- The analysis ----------------------------------------------------------------------------------

def _triggers(text: str) -> list[tuple[re.Match[str], Trigger]]:
    """The triggers in a sentence, left to right, none inside another."""
    found: list[tuple[re.Match[str], Trigger]] = []
    for trigger in TRIGGERS:
        for match in trigger.pattern.finditer(text):
            if not any(m.start() < match.end() and match.start() < m.end() for m, _ in found):
                found.append((match, trigger))
    return sorted(found, key=lambda pair: pair[0].start())


def _said_by(text: str, denial: re.Match[str] | None) -> str | None:
    """Who denies it: the words of the clause before "denied" ("Syrian state television"), or the
    one a closing ", X said" names; never a pronoun or a clause too long to be a name."""
    if denial is not None and denial.group().lower().startswith("den"):
        return _denier(text[:denial.start()])
    before_speech = re.search(rf"^(.*?)\b(?:{SPEECH}|called|described|dismissed)\b", text)
    closing = re.search(rf",\s*([^,]{{3,80}}?)\s+{SPEECH}\b[^,]*\.?[\"”]?$", text)
    if closing:
        return _denier(closing.group(1))
    trailing = re.search(rf"\b{SPEECH}\s+([^,.]{{3,80}}?)\.?$", text)
    if trailing:
        return _denier(trailing.group(1))
    if before_speech:  # "Gen. X, the army spokesman, said ...": the name before the aside
        return _denier(before_speech.group(1)) or _denier(before_speech.group(1).split(",")[0])
    return None


_GENERIC_NOUNS = frozenset({"officer", "soldier", "commander", "diplomat", "official", "envoy", "pilot", "deputy",
                            "lawmaker", "parliament", "mp", "minister"})
_TITLE_NOUNS = {  # title nouns that name the same kind of post ("a senior officer ... Colonel X")
    "officer": "military", "colonel": "military", "general": "military", "brigadier": "military", "major": "military",
    "lieutenant": "military", "captain": "military", "pilot": "military", "commander": "military",
    "soldier": "military", "sergeant": "military",
    "diplomat": "diplomatic", "ambassador": "diplomatic", "envoy": "diplomatic", "consul": "diplomatic",
    "minister": "political", "deputy": "political", "mp": "political", "lawmaker": "political",
    "parliament": "political", "governor": "political",
}
# When one person's sentences tell of several kinds of event, the story is about the last thing
# that happened to them: "a colonel who had defected ... was killed" is a death.
PRIORITY = ("death", "arrest", "return", "defection", "dismissal")


@dataclass
class Claim:
    """One sentence's word on what happened to one person."""

    kind: str
    citation: DraftCitation
    evidence: str
    date: DraftDate
    destination: str | None


def analyse(article_id: str, text: str, published: PartialDate | None, known: dict[str, str]) -> list[Suggestion]:
    """Suggestions for one article. `known` maps names and aliases, as same_spelling() gives them, to
    person ids: only the very same name is someone known; a near one is for near_twins() to flag."""
    paras = paragraphs(text)
    read = _read(paras)
    people = _people(read)
    reader = Reader(people)
    claims: dict[str, list[Claim]] = {}  # a person -> what the sentences say happened to them, in order
    verified: dict[str, bool] = {}  # a quote -> whether the build's own matcher finds it
    titles: dict[str, str] = {}

    def claim(person: str, sentence: Sentence, words: str, kind: str, referred: str, denies: bool,
              date: DraftDate, named: bool, why: str | None = None, at: int = 0,
              barriers: tuple[int, ...] = ()) -> None:
        quote = _quote(paras, read, sentence, person, named, verified)
        if quote is None:
            return
        if person not in claims:
            title = people.mentions[person].title if person in people.mentions else ""
            title = title or reader.described.get(person, "")
            if _head(referred) and (not title or referred.lower().startswith("the ") and len(referred) > len(title)):
                title = referred  # "The Syrian ambassador to Iraq" says more than "The ambassador"
            titles[person] = title
        said = claims.setdefault(person, [])
        same_kind = [c for c in said if c.kind == kind]
        if len(same_kind) >= MOST_CLAIMS or any(quote in c.citation.quote or c.citation.quote in quote
                                                for c in same_kind):
            return  # said already, or enough said of it to choose its quotes and date from
        if denies:
            date = DraftDate(None, True, "the text dates only the denial, not what it denies: fill in the date the "
                                         "defection was said to happen, or ../ and the article's date")
            citation = DraftCitation(quote, "denies", _said_by(sentence.text, DENIAL.search(sentence.text)))
        else:
            citation = DraftCitation(quote, "reports")
        said.append(Claim(kind, citation, why or f"\"{words}\" about \"{referred}\"", date,
                          _destination(sentence.text, at, barriers)))
        if date.value is not None:
            reader.last_event = date

    for sentence in read:
        refs = _references(sentence.text, people, sentence.names)
        date_words = tuple(_DATE_WORDS.finditer(sentence.text))  # found once, for every trigger in it
        found_triggers = _triggers(sentence.text)
        trigger_starts = [m.start() for m, _ in found_triggers]
        for lead in list(reader.leads):  # "A Syrian military pilot has defected ... The pilot, Col. X, ..."
            if sentence.index - lead.sentence.index > LEAD_REACH:
                reader.leads.remove(lead)
                continue
            for ref in refs:
                if ref.person in lead.named or ref.person in people.commenters:
                    continue
                heads = people.mentions[ref.person].heads if ref.person in people.mentions else set()
                kinds = {_TITLE_NOUNS.get(head) for head in heads} - {None}
                generic = lead.nouns & _GENERIC_NOUNS  # "a senior officer" may be any rank; "a general" is a general
                matches = bool(lead.nouns & heads) or bool({_TITLE_NOUNS.get(n) for n in generic} & kinds)
                opening = sentence.index == lead.sentence.index + 1 and ref.start < 3  # "X, who ..., said he"
                if not matches and (heads or _only_speaks(sentence.text, ref, *trigger_starts) and not opening):
                    continue  # a title of another kind, or someone who only speaks
                lead.named.append(ref.person)
                reader.described.setdefault(ref.person, lead.words)
                date = lead.date if lead.date.value else _naming_date(sentence, published, reader, lead.date)
                if date.value is None and lead.sentence.index + 1 < len(read):
                    following = read[lead.sentence.index + 1]  # "The announcement, made ... on Sunday, ..."
                    if following.paragraph == lead.sentence.paragraph and not _references(following.text, people,
                                                                                          following.names):
                        date = _naming_date(following, published, reader, date)
                named = f"{lead.words} (named in a later sentence as {ref.words})"
                if lead.count == 1:  # the lead's own sentence is about them alone
                    claim(ref.person, lead.sentence, lead.trigger, lead.kind, named, lead.denies, date, True)
                claim(ref.person, sentence, lead.trigger, lead.kind, named, lead.denies, date, True,
                      why=f"this sentence names \"{lead.words}\" as \"{ref.words}\"")
                if len(lead.named) >= lead.count:
                    break
            if len(lead.named) >= lead.count and lead in reader.leads:
                reader.leads.remove(lead)
        triggers = [] if HYPOTHETICAL.search(sentence.text) else found_triggers
        about: list[str] = []
        led = False
        for match, trigger in triggers:
            denied = _denied(sentence.text, match)
            if _long_ago(sentence.text, match, published):
                continue  # "previously worked in London and returned to Damascus a year ago": a career, not news
            found = _who(sentence, match, trigger, refs, reader)
            if not found:
                if not led and not _relative(sentence.text, match, triggers):
                    waiting = _lead(sentence, match, trigger, denied,
                                    resolve_date(sentence.text, published, reader.last_date, match.start(),
                                                 words=date_words), refs)
                    if waiting is not None:
                        reader.leads.append(waiting)
                        led = True
                continue
            for ref in found:
                if _background(sentence.text, ref, match, published):
                    continue
                about.append(ref.person)
                others = tuple(r.start for r in refs if r.person != ref.person  # not a speaker: "according to X"
                               and not _is_speaker(sentence.text, r.start, r.end))
                date = resolve_date(sentence.text, published, reader.last_date, match.start(),
                                    _speaks(sentence.text, ref), date_words, others)
                waiting = _waiting_lead(reader, sentence, trigger.kind) if date.value is None else None
                if waiting is not None:  # "Assad fired the head of ...", then "A decree relieved Brig. Gen. X"
                    waiting.named.append(ref.person)
                    date = waiting.date
                also = re.search(r"\balso\b", sentence.text[max(0, match.start() - 15):match.end()])
                if date.value is None and reader.last_event and also:
                    date = DraftDate(reader.last_event.value, reader.last_event.approximate,
                                     f"\"also\": the date of what the text told before ({reader.last_event.how})")
                claim(ref.person, sentence, match.group().strip(), trigger.kind, ref.words, denied or trigger.denies,
                      date, ref.named, at=match.start(), barriers=others)
                if trigger.kind == "defection" and not denied:
                    for companion in _companions(sentence.text, match, refs, ref, people):
                        about.append(companion.person)
                        claim(companion.person, sentence, f"with {companion.words}", trigger.kind, companion.words,
                              False, date, True, why=f"\"{match.group().strip()}\" ... \"with {companion.words}\": "
                                                     f"with {ref.words}")
        if date_words:  # "the same day" counts from a day something happened, not was said
            dated = resolve_date(sentence.text, published, reader.last_date, words=date_words)
            reader.last_date = dated if dated.value is not None else reader.last_date
        mentioned = [r.person for r in refs if not _is_speaker(sentence.text, r.start, r.end)] + about
        if mentioned:
            reader.focus = mentioned
            first = min(refs, key=lambda r: r.start) if refs else None
            reader.focus_subject = first.person if first is not None and first.start < 40 else next(iter(about), None)
    return [_suggestion(article_id, person, said, titles[person], people, published, known)
            for person, said in claims.items() if said]


def _suggestion(article_id: str, person: str, said: list[Claim], title: str, people: People,
                published: PartialDate | None, known: dict[str, str]) -> Suggestion:
    """One proposed event per person and article: of the kind the story is about (PRIORITY), with
    up to three of its quotes, and the first date its words give."""
    kind = min((c.kind for c in said), key=PRIORITY.index)
    of_kind = [c for c in said if c.kind == kind]
    chosen = of_kind[:MOST_QUOTES]
    dated = next((c.date for c in chosen if c.date.value is not None and not c.date.approximate), None) \
        or next((c.date for c in chosen if c.date.value is not None), None)
    date = dated or next((c.date for c in chosen if c.citation.stance == "reports"), chosen[0].date)
    citations = [c.citation for c in chosen]
    suggestion = Suggestion(article_id, person, _position(title), _branch(title), kind, _status(citations),
                            date.value, date.approximate, date.how,
                            next((c.destination for c in chosen if c.destination), None), citations,
                            [c.evidence for c in chosen], introduction=people.introductions.get(person))
    suggestion.known = known.get(same_spelling(person))
    named = any(_names_them(quote, person) for quote in suggestion.quotes)
    several = len(suggestion.quotes) > 1
    suggestion.confidence = "high" if named and several else "medium" if named or several else "low"
    return suggestion


def _who(sentence: Sentence, match: re.Match[str], trigger: Trigger, refs: list[Reference],
         reader: Reader) -> list[Reference]:
    """The people a trigger is about, by where its form says they stand."""
    if trigger.form == "subject":
        return (_possessor(sentence, match, refs) or _subject(sentence, match.start(), refs, reader)
                or _first_person(sentence, match.start(), refs, reader))
    if trigger.form == "object":
        if re.search(r"\b(?:was|were|been|is|being)\s+$", sentence.text[:match.start()]):
            return []
        return _object(sentence, match, refs)
    return _object(sentence, match, refs) or _possessor(sentence, match, refs)


_WITH = re.compile(r"\bwith\s+(?:(?:his|her|their|the|an?)\s+(?:[\w'’-]+\s+){0,3}?(?:deputy|aide|colleague|co-pilot|"
                   r"attache|attaché|officer|pilot|diplomat|colonel|major|general|lieutenant|captain)s?,?\s+)?"
                   r"(?:[A-Z][a-z]*\.?\s+){0,3}$")
_NOT_COMPANY = re.compile(r"\b(?:met|meets|meeting|talks|talked|talking|spoke|speaking|consult\w*|call|calls|"
                          r"coordination|cooperation|help|assistance|blessing|approval|support|contact|touch|"
                          r"pursuit|negotiat\w*|deal|agreement|fighting|clashes?)\b", re.I)


def _companions(text: str, match: re.Match[str], refs: list[Reference], ref: Reference,
                people: People) -> list[Reference]:
    """'X slipped away from his unit with Maj. Y', 'left with his family and the military attache,
    Colonel Y': the officials who went with them, named in the same clause (never their family)."""
    found = []
    for other in refs:
        if other.person == ref.person or not 0 < other.start - match.end() <= 120:
            continue
        between = text[match.end():other.start]
        if _WITH.search(between) and not _OBJECT_BREAK.search(between) and not _FAMILY_BEFORE.search(between[-30:]) \
                and not _NOT_COMPANY.search(between) and not re.match(r"['’]s?\b", text[other.end:other.end + 2]) \
                and other.person not in people.commenters and not _is_speaker(text, other.start, other.end):
            found.append(other)
    return found


_FAMILY_BEFORE = re.compile(r"\b(?:wife|husband|son|sons|daughter|daughters|children|family|brother|sister|"
                            r"mother|father|cousin|relatives?)\W*$", re.I)


def _waiting_lead(reader: Reader, sentence: Sentence, kind: str) -> Lead | None:
    """An unnamed lead of the same kind in the sentence just before, still waiting for a name."""
    return next((lead for lead in reader.leads if not lead.named and lead.kind == kind and lead.date.value
                 and 0 < sentence.index - lead.sentence.index <= 2), None)


def _speaks(text: str, ref: Reference) -> bool:
    """Whether the person is the one who speaks in the sentence ('X said on Monday he had defected'),
    so the day they said it is the day of what they announce."""
    return _is_speaker(text, ref.start, ref.end) or bool(
        ref.words.lower() in ("he", "she") and re.match(rf"\s+(?:\w+\s+)?{SPEECH}\b", text[ref.end:ref.end + 30]))


def _naming_date(sentence: Sentence, published: PartialDate | None, reader: Reader, fallback: DraftDate) -> DraftDate:
    found = resolve_date(sentence.text, published, reader.last_date)
    return found if found.value is not None else fallback


def _relative(text: str, match: re.Match[str], triggers: list[tuple[re.Match[str], Trigger]]) -> bool:
    """'A colonel who had defected ... was killed': a trigger in a relative clause, beside another."""
    return len(triggers) > 1 and bool(re.search(r"\bwho\s+(?:had\s+|has\s+|have\s+)?(?:\w+ly\s+)?$",
                                                text[:match.start()]))


_QUOTE_OPEN = re.compile(r"[“\"]")


def _first_person(sentence: Sentence, at: int, refs: list[Reference], reader: Reader) -> list[Reference]:
    """'... the officer said: “I am still in my post”': the one who speaks the quoted words."""
    text = sentence.text
    opened = [m for m in _QUOTE_OPEN.finditer(text, 0, at)]
    if not opened or not re.search(r"\b(?:I|we)\b(?:\s+[\w’']+){0,3}\s*$", text[opened[-1].end():at]) \
            or len([m for m in re.finditer(r"[”\"]", text[:at])]) % 2 == 0 and "“" not in text[:at]:
        return []  # "I am still in my post": the one who says it; "I saw that the prisoners were killed": no one
    before = [r for r in refs if r.end <= opened[-1].start() and not _BLOCKERS.search(text[r.end:opened[-1].start()])]
    if before:
        return [before[-1]]
    after = re.search(rf"[”\"],?\s+(he|she)\s+{SPEECH}\b", text[at:])
    if after:
        referent = _focus(reader, after.group(1))
        if referent:
            return [Reference(referent, after.group(1), at, at, False)]
    closing = [r for r in refs if r.start >= at and _is_speaker(text, r.start, r.end)]
    return closing[:1]


def _names_them(quote: str, name: str) -> bool:
    return name in quote or name.split()[-1] in quote


_DETERMINED = re.compile(r"\b(an?|another|one|two|three|four|five|six|the)\s+", re.I)


def _lead(sentence: Sentence, match: re.Match[str], trigger: Trigger, denies: bool, date: DraftDate,
          refs: list[Reference]) -> Lead | None:
    """An unnamed subject ('A Syrian military pilot has defected') or object ('arrested an army
    general'), with the title nouns the next sentences may name them by and how many they are."""
    text = sentence.text
    if _kin_subject(text, match.start(), refs) or re.search(rf"\b{SPEECH}\b|\bsays\b", text[max(0, match.start() - 30):
                                                                                         match.start()]):
        return None  # "A general who fled says his son was arrested": the son is not the general
    if trigger.form == "object":
        phrase = re.match(r"\s*((?:an?|another|one|two|three|four|five|six|the)\s+[^,;:]*?)"
                          r"(?=\s+(?:on|in|at|as|after|when|near|who|from|with|for|and\s+(?!two|three|a\b))\b|[,.;]|$)",
                          text[match.end():match.end() + 120], re.I)
        noun_phrase = phrase.group(1) if phrase else ""
    else:
        clause = re.split(rf"[,;:\"“”]|\bthat\b|\b{SPEECH}\b", text[max(0, match.start() - 160):match.start()])[-1]
        first = next((d for d in _DETERMINED.finditer(clause) if d.group(1).lower() != "the"
                      or _SUPERLATIVE.match(clause, d.end()) and not clause[:d.start()].strip()), None)
        if first is not None and re.search(r"\b(?:is|was|are|were|becomes|became)\s+$", clause[:first.start()]):
            first = None  # "The prime minister ... is the most senior official to defect": said of someone named
        noun_phrase = clause[first.start():] if first else ""
    noun_phrase = re.sub(r"\s+(?:has|had|have|was|were|is|are|also|reportedly|who)$", "", noun_phrase.strip())
    if not noun_phrase:
        return None
    count, nouns = 0, set()
    noun_phrase = re.split(r"\s+who\s", noun_phrase)[0]  # "a judge who presided over trials of protesters"
    for part in re.split(r"\s+and\s+", noun_phrase):
        determiner = _DETERMINED.match(part)
        number = _NUMBERS.get(determiner.group(1).lower(), 1) if determiner else 1
        words = " ".join(word[:-1] if number > 1 and word.endswith("s") else word for word in part.split())
        noun = _head(words)
        if noun and not (number == 1 and _BLOCKERS.search(part)):
            count += number
            nouns.add(noun)
    if not nouns:
        return None
    return Lead(frozenset(nouns), count, sentence, match.group().strip(), trigger.kind, denies, date, noun_phrase)


def _background(text: str, ref: Reference, match: re.Match[str], published: PartialDate | None) -> bool:
    """'said Colonel X, who defected in 2011': a speaker's past told in passing, not this story's
    news; 'X, who defected last week, said' is news, when the words date it within two weeks."""
    if not re.match(r",\s+(?:(?:a|an|the)\s[^,]*?\s)?who\b[^,]*$", text[ref.end:match.start()]):
        return False  # the trigger is not in a clause about them ("X, who commanded ..., said he fled")
    clause = text[ref.end:match.end() + 40]
    year = re.search(r"\b(?:in|since) (?:[A-Z][a-z]+ )?(\d{4})\b", clause)
    if year and published and int(year.group(1)) < published.year or \
            re.search(r"\b(?:last|a) year\b|\bmonths ago\b|\bearly in the uprising\b", clause):
        return True
    when = resolve_date(clause, published, near=0, speaker=True)
    if when.value and published and published.day:  # dated: news only when it is of the last two weeks
        return not _within(when.value, published, days=14)
    return _is_speaker(text, ref.start, ref.end)  # undated, told of a speaker in passing


_LONG_AGO = re.compile(r"\b(?:a year ago|years ago|last year|a year (?:earlier|before)|years (?:earlier|before)|"
                       r"in (\d{4}))\b", re.I)
_CAREER = re.compile(r"\b(?:previously|formerly|once|earlier in (?:his|her) career)\b", re.I)


def _long_ago(text: str, match: re.Match[str], published: PartialDate | None) -> bool:
    """Whether the trigger's own clause puts it long before the story: 'returned to Damascus a year
    ago', 'previously served in London and returned'."""
    after = re.split(r"[,;.]", text[match.start():match.end() + 50])[0]
    if _CAREER.search(re.split(r"[,;]", text[max(0, match.start() - 80):match.start()])[-1]):
        return True
    found = _LONG_AGO.search(after)
    if found is None:
        return False
    return not found.group(1) or published is None or int(found.group(1)) < published.year


def _within(value: str, published: PartialDate, days: int) -> bool:
    """Whether a drafted date is no more than `days` before the publication day."""
    date = EventDate.parse(value)
    base = dt.date(published.year, published.month or 1, published.day or 1)
    latest = date.latest
    return latest is not None and dt.timedelta(0) <= base - latest <= dt.timedelta(days=days) or (
        date.approximate and latest is not None and latest >= base - dt.timedelta(days=days))


def _quote(paras: list[str], read: list[Sentence], sentence: Sentence, person: str, named: bool,
           verified: dict[str, bool] | None = None) -> str | None:
    """The words to cite: the sentence, when it names its person; else the span of the paragraph
    from the sentence that names them to it (or from it to that sentence); else nothing."""
    paragraph = paras[sentence.paragraph]
    span = (sentence.start, sentence.end)
    if named or _names_them(sentence.text, person):
        quote = sentence.text.strip()
    else:
        near = read[max(0, sentence.index - 2):sentence.index + 3]
        same = [s for s in near if s.paragraph == sentence.paragraph and s.index != sentence.index
                and _names_them(s.text, person)]
        if not same:
            return None
        other = min(same, key=lambda s: abs(s.index - sentence.index))
        span = (min(other.start, sentence.start), max(other.end, sentence.end))
        quote = paragraph[span[0]:span[1]].strip()
    if verified is None:
        verified = {}
    if quote not in verified:  # a sentence of many names is cited for each of them: check it once
        # the build's own rule, on the words' own stretch of the paragraph (a paragraph may be megabytes)
        verified[quote] = len(quote.split()) >= 3 and find(quote, [paragraph[span[0]:span[1]]]) is not None
    return quote if verified[quote] else None


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
    clause = re.sub(r"^(?:that|when|as)\s+", "", clause, flags=re.I)
    clause = _DATE_WORDS.sub("", clause).strip()  # "Syrian state television on Wednesday" speaks, not Wednesday
    clause = re.sub(r"\s+(?:on|in|late|early)$", "", clause).strip()
    words = clause.split()
    if words and words[0].lower() in _PRONOUNS:
        return None
    if not words or len(words) > 8 or clause.lower() in _PRONOUNS or not words[-1][:1].isalpha():
        return None
    return clause
