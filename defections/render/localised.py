"""Each of the site's languages as its pages speak it: where its pages are, which way they read,
the interface's words (catalogs/), and dates and numbers as CLDR writes them for its locale.

A record's text is shown in the page's language when the record gives it (`translations`), and
otherwise in the site's first language, marked with its `lang` and a visible note, never silently.
"""

from __future__ import annotations

import datetime
import gettext
from collections.abc import Callable
from typing import Any

import jinja2
from babel import Locale, UnknownLocaleError
from babel.dates import format_date, get_month_names
from babel.numbers import format_decimal
from markupsafe import Markup, escape

from .. import catalogs
from ..catalogs import N_
from ..content.dates import EventDate, PartialDate
from ..content.model import Article, Citation, Person, Site
from ..schema import RTL_LANGUAGES, primary, same_language

ARABIC_SCRIPT = frozenset({"ar", "fa", "ur", "ps", "ckb", "sd", "ug", "ku"})  # whose comma is ،
DEFAULT_LOCALES = {"en": "en_001"}  # English as the world writes it (11 July 2012), not as the US does
_THIN_DASH = "\u2009–\u2009"  # CLDR's range dash in English: shown as the site always wrote it (below)


def locale_of(tag: str, locales: dict[str, str] | Any = None) -> Locale | None:
    """The CLDR locale of a language tag: the site's `locales` for it, or the tag's own (None when
    CLDR has none)."""
    name = (locales or {}).get(tag) or DEFAULT_LOCALES.get(tag) or DEFAULT_LOCALES.get(primary(tag)) \
        or tag.replace("-", "_")
    try:
        return Locale.parse(name)
    except (ValueError, UnknownLocaleError):
        return None


def quote_translation(citation: Citation | None, article: Article, tag: str) -> str | None:
    """A quote's translation into the language `tag`: when its article is in another one and the
    citation gives it (quotes are shown as they were said, their translation beside them)."""
    if citation is None or same_language(article.language, tag):
        return None
    return citation.translation.get(tag)


def speaks_natively(tag: str, native_language: str) -> bool:
    """Whether pages in the language give people's names as their native_name ('ar-SY' for 'ar')."""
    return primary(tag) == primary(native_language)


def direction_of(tag: str) -> str:
    return "rtl" if tag.split("-")[0].lower() in RTL_LANGUAGES else "ltr"


class Localised:
    """One language of the site: its tag, where its pages are, its words, dates and numbers."""

    def __init__(self, tag: str, site: Site, translations: gettext.NullTranslations | None = None):
        self.tag = tag
        self.default = tag == site.language
        # The site's first language when it is the code's own (English): the model's words and
        # dates are already what its files say (the feed's and the search's, made in Python).
        self.as_recorded = self.default and primary(tag) == catalogs.SOURCE_LANGUAGE and \
            locale_of(tag, site.locales) == Locale.parse("en_001")
        self.native = speaks_natively(tag, site.native_language)  # names are native names
        self.site_language = site.language
        self.native_language = site.native_language
        self.prefix = "" if self.default else f"{tag}/"  # where its pages are, under the site's root
        self.direction = direction_of(tag)
        # Dates and numbers in the interface's language: a language without a catalog is spoken
        # in English, and "about 11 juillet 2012" would be neither.
        spoken = tag if catalogs.interface_in(tag) else catalogs.SOURCE_LANGUAGE
        self.interface = spoken  # the tag of the language its words are in (for a script's plurals, a section's lang)
        self.locale = locale_of(spoken, site.locales) or Locale.parse("en_001")
        self.translations = translations if translations is not None else catalogs.translations(tag)
        self.gettext: Callable[[str], str] = self.translations.gettext
        self.ngettext: Callable[[str, str, int], str] = self.translations.ngettext
        self.pgettext: Callable[[str, str], str] = self.translations.pgettext  # a vocabulary's value, by its name
        self.name = _display_name(tag, tag)  # "العربية", "English": what the language switcher says
        self.default_name = _display_name(site.language, spoken)  # the site's first language, in this one
        self._months = get_month_names("wide", locale=self.locale)
        self._short_months = get_month_names("abbreviated", locale=self.locale)
        self._formats = self.locale.interval_formats
        self.comma = "، " if self.locale.language in ARABIC_SCRIPT else ", "  # between the items of a list
        rule = self.locale.plural_form  # CLDR's categories, and the smallest count in each (for plurals())
        self.plural_examples = sorted({rule(n): n for n in reversed(range(200))}.items(), key=lambda pair: pair[1])
        self._dates: dict[object, str] = {}  # each date shown, as shown: a page shows the same dates many times

    def __repr__(self) -> str:
        return f"Localised({self.tag!r}, {self.locale})"

    # -- numbers and dates --------------------------------------------------------------------------
    def number(self, value: int) -> str:
        """A count as the locale writes it (1,234), in the digits the site's dates use too."""
        return format_decimal(value, locale=self.locale)

    def month(self, month: int | None) -> str:
        """A month's name ('July', 'تموز'), or that it is not known."""
        return self._months[month] if month else self.gettext(N_("Month not known"))

    def short_month(self, month: int) -> str:
        return self._short_months[month]

    def date(self, value: EventDate | PartialDate) -> str:
        """A date at its own precision, in words: '11 July 2012', 'about July 2012', '6–8 August
        2012', 'before August 2012'; in Arabic with Levantine months for ar_SY: '11 تموز 2012'."""
        shown = self._dates.get(value)
        if shown is None:
            shown = self._dates[value] = self._event_date(value) if isinstance(value, EventDate) else \
                self._partial(value)
        return shown

    def _partial(self, value: PartialDate) -> str:
        day = datetime.date(value.year, value.month or 1, value.day or 1)
        skeleton = "yMMMMd" if value.day else "yMMMM" if value.month else "y"
        return format_date(day, self.locale.datetime_skeletons[skeleton].pattern
                           if skeleton in self.locale.datetime_skeletons else "y", locale=self.locale)

    def _event_date(self, value: EventDate) -> str:
        _ = self.gettext
        if not value.interval:
            shown = self._partial(value.placed)
            if value.approximate:
                return _(N_("about %(date)s")) % {"date": shown}
            return _(N_("%(date)s (uncertain)")) % {"date": shown} if value.uncertain else shown
        if value.start is None:
            return _(N_("before %(date)s")) % {"date": self._partial(value.placed)}
        if value.end is None:
            return _(N_("after %(date)s")) % {"date": self._partial(value.start)}
        return self._span(value.start, value.end)

    def _span(self, start: PartialDate, end: PartialDate) -> str:
        """Two dates as one span, as CLDR's intervals say each part once ('6–8 August 2012',
        '30 July – 2 August 2012', 'June–August 2012', '2011–2012'); dates of two precisions
        as CLDR joins any two ('2011 – July 2012')."""
        if start == end:
            return self._partial(start)
        if (start.month is None) != (end.month is None) or (start.day is None) != (end.day is None):
            return self._either(start, end)
        skeleton = "yMMMd" if start.day else "yMMMM" if start.month else "y"
        greatest = "y" if start.year != end.year else "M" if start.month != end.month else "d"
        parts = self._formats.get(skeleton, {}).get(greatest)
        if not parts:
            return self._either(start, end)
        first, second = (str(part).replace("MMM", "MMMM").replace("MMMMM", "MMMM") for part in parts)
        shown = (format_date(_day(start), first, locale=self.locale) + format_date(_day(end), second,
                                                                                   locale=self.locale))
        if _THIN_DASH in shown:  # a plain dash between two words, spaced where the first has a space
            before = shown.split(_THIN_DASH)[0]
            shown = shown.replace(_THIN_DASH, " – " if " " in before else "–")
        return shown

    def _either(self, start: PartialDate, end: PartialDate) -> str:
        """Two dates joined as CLDR joins any two: '2011 – July 2012' (spaced, as one has a space)."""
        first, last = self._partial(start), self._partial(end)
        shown = str(self._formats.get(None, "{0} – {1}")).format(first, last)
        return shown.replace(_THIN_DASH, " – " if " " in first + last else "–")

    # -- the timeline's periods and the chart -------------------------------------------------------
    def period(self, year: int, month: int | None = None, number: int = 1) -> str:
        """A period of the timeline: '2012', 'July 2012', 'July 2012, page 2'."""
        shown = self._partial(PartialDate(year, month)) if month else str(year)
        return self.gettext(N_("%(period)s, page %(number)s")) % {"period": shown, "number": self.number(number)} \
            if number > 1 else shown

    def label(self, link: Any) -> str:
        """What a link to a part of an index says (archive.PeriodLink): a period, a month, a page."""
        if link.names == "period":
            return self.period(link.year, link.month, link.number)
        if link.names == "month":
            return self.month(link.month)
        if link.names == "page":
            return self.gettext(N_("Page %(number)s")) % {"number": self.number(link.number)}
        return self.gettext(link.label) if link.names == "translated" else link.label

    def page_title(self, page: Any) -> str:
        """A timeline page's title (archive.TimelinePage): its period, and its number when it is cut in pages."""
        return self.period(page.year, page.month, page.number if page.parts else 1)

    def bar(self, bar: Any) -> str:
        """What a bar of the chart stands for: 'July 2012', '2012', '2010–2019'."""
        return self.period(bar.year, bar.month) if bar.month else bar.label

    def axis(self, label: Any) -> str:
        """An axis label of the chart ('Jul 2012', 'Aug', '2015'); English as it was measured for room."""
        if label.month is None or self.locale.language == "en":
            return label.text
        short = self.short_month(label.month)
        return f"{short} {label.year}" if label.year else short

    def who(self, speaker: Any) -> str:
        """Who says a quote (views.Speaker): 'Khaled Khoja, Syrian National Council, via Associated Press'."""
        if not speaker.said_by:
            return speaker.publisher
        return self.gettext(N_("%(speaker)s, via %(publisher)s")) % {"speaker": speaker.said_by,
                                                                      "publisher": speaker.publisher}

    # -- a record's texts ---------------------------------------------------------------------------
    def text_of(self, env: jinja2.Environment | None, record: Any, field: str) -> tuple[str | None, str | None]:
        """A text field of a record in this language, and the language it is in instead when no
        translation gives it (None: it is in this one). A record's own texts are in the site's
        first language, an article's in its own (`language`). Read through the environment, which
        records what a page reads (a file made in Python says what it reads itself: no environment)."""
        get = env.getattr if env is not None else getattr
        own = get(record, field)
        kind = type(record)
        if field == "name" and kind is Person:  # in the native language, even the site's first, the native name
            if own and speaks_natively(self.tag, self.native_language):
                native = get(record, "native_name")
                return (native, None) if native else (own, None if self.default else self.site_language)
            return own, None  # a name in Latin script is the name in any language written in it
        written_in = get(record, "language") if kind is Article else self.site_language
        if not own or same_language(written_in, self.tag):
            return own, None
        translated = get(record, "translations").get(self.tag)
        value = translated.get(field) if translated else None
        return (value, None) if value else (own, written_in)

    def text(self, record: Any, field: str) -> str:
        """A text field in this language, or in the one it is written in (files made in Python: no marks)."""
        return self.text_of(None, record, field)[0] or ""

    def marked(self, text: str, written_in: str | None) -> Markup:
        """A text as a page in this language shows it: one in another language marked so."""
        if written_in is None:
            return Markup(escape(text))
        return Markup('<span lang="{}" dir="{}">{}</span> <small class="untranslated">({})</small>').format(
            written_in, direction_of(written_in), text, self.gettext(N_("not translated")))

    def marked_block(self, html: Markup, written_in: str | None) -> Markup:
        """A Markdown text (a summary, a page's body) as marked() marks one."""
        if written_in is None or not html:
            return html
        return Markup('<div class="untranslated-block" lang="{}" dir="{}">{}</div>'
                      '<p class="untranslated-note">{}</p>').format(
            written_in, direction_of(written_in), html,
            self.gettext(N_("This text has not been translated yet: it is shown in %(language)s."))
            % {"language": self.default_name if written_in == self.site_language else _display_name(
                written_in, str(self.locale))})


def _day(date: PartialDate) -> datetime.date:
    return datetime.date(date.year, date.month or 1, date.day or 1)


def _display_name(tag: str, in_tag: str) -> str:
    """A language's name in another language ('Arabic' in English is 'العربية' in Arabic), as CLDR
    has it; the tag itself when CLDR has none."""
    language, shown_in = locale_of(tag), locale_of(in_tag)
    if language is None or shown_in is None:
        return tag
    name = language.get_language_name(shown_in)
    return name[:1].upper() + name[1:] if name and name[:1].islower() and shown_in.language == "en" else name or tag


def languages(site: Site) -> list[Localised]:
    """Each of the site's languages, the default first."""
    return [Localised(tag, site) for tag in site.languages or (site.language,)]
