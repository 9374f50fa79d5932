"""The one declaration of every record kind, its fields and its vocabularies.

The validator, the editors' documentation and the JSON Schemas all read from here:
adding a vocabulary value or a field is one line in this file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .catalogs import N_

ID_PATTERN = re.compile(r"[a-z0-9][a-z0-9_-]*")
WIKIDATA_PATTERN = re.compile(r"Q[1-9][0-9]*")
LANGUAGE_PATTERN = re.compile(r"[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*")
HOSTNAME_PATTERN = re.compile(r"(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}")

# Vocabularies: value -> what it means (shown to editors and readers; N_ marks the meanings for
# the catalogs, in which pages find them in their language).
BRANCHES = {
    "political": N_("A minister, member of parliament, party or government official."),
    "diplomatic": N_("An ambassador, consul or other member of the foreign service."),
    "military": N_("An officer or soldier of the armed forces."),
    "security": N_("A member of the police, intelligence or security services."),
    "other": N_("Anyone else: a judge, a state media figure, a business leader."),
}
KINDS = {
    "defection": N_("The person broke with the government."),
    "dismissal": N_("The person was removed from their post."),
    "arrest": N_("The person was detained."),
    "return": N_("The person went back to the government's side or the country."),
    "death": N_("The person died."),
    "other": N_("Any other event in the person's break with the government."),
}
STATUSES = {
    "confirmed": N_("Confirmed on the record (by the person, their new side or a government), or reported by "
                    "two different publishers."),
    "reported": N_("A source reports it, but it has not been confirmed."),
    "disputed": N_("Sources disagree about whether it happened: one reports it, another denies it."),
    "denied": N_("The person, the government or a source denied it."),
}
STANCES = {  # what a quote says about its event
    "reports": "Says it happened, unconfirmed (a citation with no stance reports).",
    "confirms": "Confirms it on the record: the person, their new side, or a government.",
    "denies": "Says it did not happen, or that the account is false.",
    "context": "Neither reports nor denies it: background, a reaction, a refusal to comment.",
}
DEFAULT_STANCE = "reports"


@dataclass(frozen=True)
class Needs:
    """Citations a status needs: of one of these stances, from at least `publishers` different
    publishers (the articles' `publisher`)."""

    stances: tuple[str, ...]
    publishers: int = 1


# What each status needs of an event's citations: any one of its ways, each way all of its needs.
# The one place the rules live: changing one is one line.
STATUS_RULES: dict[str, tuple[tuple[Needs, ...], ...]] = {
    "reported": ((Needs(("reports", "confirms")),),),
    "confirmed": ((Needs(("confirms",)),), (Needs(("reports",), publishers=2),)),
    "disputed": ((Needs(("reports", "confirms")), Needs(("denies",))),),
    "denied": ((Needs(("denies",)),),),
}

# Scripts written right to left, by primary language subtag.
RTL_LANGUAGES = frozenset({"ar", "arc", "ckb", "dv", "fa", "he", "ku", "ps", "sd", "syr", "ug", "ur", "yi"})


def primary(tag: str) -> str:
    """A tag's language alone: 'ar' for 'ar-SY' and for 'AR'."""
    return tag.split("-")[0].lower()


def same_language(tag: str | None, other: str | None) -> bool:
    """Whether two tags name one language ('ar', 'ar-SY' and 'AR' do): a text in one needs no
    translation into the other."""
    return tag is not None and other is not None and primary(tag) == primary(other)


@dataclass(frozen=True)
class Field:
    """One field of a record: its type drives conversion, validation and documentation."""

    name: str
    type: str  # text, markdown, date, when, bool, url, choice, id, ids, texts, sources, unnamed, count, ...
    description: str
    example: object
    required: bool = False
    choices: dict[str, str] | None = None
    default: object = None
    of: tuple[Field, ...] = ()  # a group's fields: those 'translations' may hold


@dataclass(frozen=True)
class RecordKind:
    name: str
    folder: str  # where its files live, relative to the project root
    description: str
    fields: tuple[Field, ...] = field(default_factory=tuple)

    def field(self, name: str) -> Field | None:
        return next((f for f in self.fields if f.name == name), None)


SOURCE_FIELDS = (
    Field("article", "id", "The id of the article quoted: its file name in seeds/ without .txt.",
          "004_fec588d6dc2c7ff9", required=True),
    Field("quote", "text", "Words copied from one paragraph of the article. Use … or ... for words left out.",
          "The Syrian ambassador to Iraq has defected", required=True),
    Field("stance", "choice", "What the quoted words say about the event (default reports).", "reports",
          choices=STANCES, default=DEFAULT_STANCE),
    Field("said_by", "text", "Who speaks in the quote, as the article names them; without it, the publisher.",
          "Khaled Khoja, Syrian National Council"),
    Field("date", "when", "The date this source gives for the event, when it differs from the event's date.",
          "2012-07-10"),
    Field("translation", "translation", "The quote in the site's languages other than its article's, by language "
          "tag: shown beside it on the pages in that language, marked as a translation (the quote itself is never "
          "translated).",
          {"ar": "انشق السفير السوري في العراق"}),
)



def translations(fields: tuple[Field, ...], example: dict) -> Field:
    """A record's `translations`: by language tag (one of the site's other languages), some of its
    text fields in that language."""
    names = [f.name for f in fields]
    listed = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
    return Field("translations", "translations", f"The {listed} in the site's other languages, by language tag.",
                 example, of=fields)


UNNAMED_WHO = Field("who", "text", "Who they are, as the sources say.", "members of parliament from Daraa",
                    required=True)
UNNAMED_FIELDS = (
    Field("count", "count", "How many people (1 or more).", 2, required=True),
    UNNAMED_WHO,
    Field("branch", "choice", "Which part of the state they served in.", "political", required=True,
          choices=BRANCHES),
    translations((UNNAMED_WHO,), {"ar": {"who": "من نواب درعا"}}),
)

SITE = RecordKind("site", "content/site.yaml", "Settings for the whole site.", (
    Field("title", "text", "The site's name, shown on every page.", "Syria defections, 2011–2012", required=True),
    Field("description", "text", "One sentence about the site, for search engines and the home page.",
          "Who broke with the Syrian government, when, and on whose word."),
    Field("base_url", "site_url", "The address the site is published at, with its path (no ?query or #part).",
          "https://example.github.io/defections/"),
    Field("language", "language", "The language the site is written in (a BCP 47 tag); with 'languages', "
          "the first of them.", "en", default="en"),
    Field("languages", "languages", "The languages the site is published in (BCP 47 tags): the first at the "
          "site's root, each other under its tag (ar/, ar/people/<id>/); default: [language].", ["en", "ar"]),
    Field("locales", "locales", "The CLDR locale of each language's dates and numbers, by tag (default: the tag "
          "itself; for en, en_001: 11 July 2012).", {"ar": "ar_SY"}),
    Field("native_language", "language", "The language of people's native names; sets their direction too.",
          "ar", default="ar"),
    Field("cname", "hostname", "A custom domain for GitHub Pages (written to CNAME); leave out for <org>.github.io.",
          "defections.example.org"),
    Field("licence", "text", "The licence of the site's data, stated in the data files and on every page.",
          "CC BY 4.0"),
    Field("licence_url", "url", "Where the licence's terms are.", "https://creativecommons.org/licenses/by/4.0/"),
    Field("earliest_date", "date", "The earliest date the site expects: an earlier one is warned about as a "
          "likely typo (default 1900).", "2011-01"),
    Field("latest_date", "date", "The latest date the site expects: a later one is warned about as a likely "
          "typo (default: today).", "2012-12"),
))

ARTICLE = RecordKind("article", "content/articles", "Metadata for one article in seeds/.", (
    Field("title", "text", "The headline as published.", "Opposition: Syria's Iraq ambassador has defected",
          required=True),
    Field("publisher", "text", "Who published it.", "Associated Press", required=True),
    Field("published", "date", "When it was published: YYYY-MM-DD, YYYY-MM or YYYY.", "2012-07-11",
          required=True),
    Field("url", "url", "The original address (http or https).", "https://example.com/story"),
    Field("archive_url", "url", "An archived copy, e.g. on the Wayback Machine (http or https).",
          "https://web.archive.org/web/2012/https://example.com/story"),
    Field("author", "text", "The byline.", "Jane Doe"),
    Field("full_text", "bool", "true to publish the whole text; false shows only the cited paragraphs.", False,
          default=False),
    Field("language", "language", "The language the article is written in, and its quotes (default: the site's "
          "first language).", "ar"),
))

PERSON = RecordKind("person", "content/people", "One person who broke with the government.", (
    Field("name", "text", "The name in Latin script, as most sources spell it.", "Nawaf Fares", required=True),
    Field("position", "text", "The role they held when they broke away.", "Ambassador to Iraq", required=True),
    Field("branch", "choice", "Which part of the state they served in.", "diplomatic", required=True,
          choices=BRANCHES),
    Field("native_name", "text", "The name in its own script.", "نواف الفارس"),
    Field("aliases", "texts", "Other spellings of the name.", ["Nawaf al-Fares"]),
    Field("not_same_as", "ids", "The ids of people whose names look like this one's but who are someone else "
          "(file names in content/people/ without .yaml): check then no longer asks whether they are one person.",
          ["nawaf-faris"]),
    Field("wikidata", "wikidata", "The person's Wikidata item (a Q-id).", "Q42"),
    Field("summary", "markdown", "A short account in Markdown; every claim should be in a quote below.",
          "Syria's ambassador to Iraq."),
    Field("sources", "sources", "Quotes that support the facts about this person.",
          [{"article": "004_fec588d6dc2c7ff9", "quote": "The ambassador, Nawaf Fares, is heading to Turkey"}]),
))

EVENT = RecordKind("event", "content/events", "One event: a defection, dismissal, arrest, return or death.", (
    Field("date", "when", "When it happened: YYYY-MM-DD, YYYY-MM or YYYY; 2012-07~ for about, 2012-07-11? "
          "for uncertain, 2012-08-06/2012-08-08 for between, ../2012-08 for before, 2012-08/.. for after.",
          "2012-07-11", required=True),
    Field("title", "text", "A one-line headline for the timeline.", "Ambassador to Iraq defects", required=True),
    Field("kind", "choice", "What happened.", "defection", required=True, choices=KINDS),
    Field("status", "choice", "How sure the sources are.", "reported", required=True, choices=STATUSES),
    Field("people", "ids", "The ids of the people involved (file names in content/people/ without .yaml); may "
          "be left out when 'unnamed' says who they are.", ["nawaf-fares"]),
    Field("unnamed", "unnamed", "People the sources do not name: how many, who they are, and their branch.",
          {"count": 2, "who": "members of parliament from Daraa", "branch": "political"}),
    Field("sources", "sources", "Quotes that support the event; the first is shown on the timeline.",
          [{"article": "004_fec588d6dc2c7ff9", "quote": "The Syrian ambassador to Iraq has defected"}],
          required=True),
    Field("destination", "text", "Where they went, when a source says.", "Turkey"),
    Field("summary", "markdown", "A short account in Markdown.", "The most senior diplomat to leave so far."),
))



def _translatable(kind: RecordKind, names: tuple[str, ...], example: dict) -> RecordKind:
    """The kind with its `translations` field, of the fields named."""
    fields = tuple(f for f in kind.fields if f.name in names)
    return RecordKind(kind.name, kind.folder, kind.description, (*kind.fields, translations(fields, example)))


# The text fields each kind can give in the site's other languages: the rest (names, dates, ids,
# quotes) are the same in every language. A person's name in their native language is native_name.
ARTICLE = _translatable(ARTICLE, ("title",), {"ar": {"title": "المعارضة: سفير سوريا في العراق ينشق"}})
PERSON = _translatable(PERSON, ("position", "summary"), {"ar": {"position": "السفير في العراق"}})
EVENT = _translatable(EVENT, ("title", "summary", "destination"),
                      {"ar": {"title": "السفير في العراق ينشق", "destination": "تركيا"}})
SITE = _translatable(SITE, ("title", "description"), {"ar": {"title": "الانشقاقات في سوريا، 2011–2012"}})
TRANSLATED = {kind.name: tuple(f.name for f in kind.fields[-1].of) for kind in (SITE, ARTICLE, PERSON, EVENT)}
TRANSLATED["unnamed"] = ("who",)
TRANSLATED["page"] = ("title", "body")

# An event is about named people, unnamed ones, or both: one of these fields must be given (and
# 'people' not be empty). The validator and the JSON Schemas read this.
EVENT_NEEDS_ONE_OF = ("people", "unnamed")

PAGE = RecordKind("page", "content/pages", "A Markdown page; its front matter holds these fields.", (
    Field("title", "text", "The page's title, shown in the navigation.", "Methodology", required=True),
))

RECORD_KINDS = {kind.name: kind for kind in (SITE, ARTICLE, PERSON, EVENT, PAGE)}
