"""The site in English and Arabic: every page in both, linked to each other; the interface in
Arabic from its catalog; dates as CLDR writes them; a text with no translation marked, never
silent; quotes in their own language; translations checked like every field; Arabic found
however it is typed."""

from __future__ import annotations

import json
import re
import sys

import pytest
from playwright.sync_api import expect

from conftest import REPO, base_path_of, fetch, pages_server, soup, tree
from test_incremental import full_build
from test_own_templates import replace
from test_reader import PAGES, axe_violations

sys.path.insert(0, str(REPO / "scripts"))
from messages import extracted  # noqa: E402

from defections.catalogs import catalog_path, translations  # noqa: E402
from defections.content.dates import EventDate  # noqa: E402
from defections.content.model import Site, Texts  # noqa: E402
from defections.render.localised import Localised  # noqa: E402

SITE = Site("t", None, None, "en", "ar", languages=("en", "ar"), locales=Texts({"ar": "ar_SY"}))


def pages_of(site) -> list[str]:
    return sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html"))


# --- The interface's words -----------------------------------------------------------------------

def test_every_word_of_the_interface_is_translated_in_the_arabic_catalog():
    """A new word in a template (or a word in Python marked N_) fails here until it is translated:
    run python3 scripts/messages.py and translate what it adds."""
    from babel.messages.pofile import read_po

    path = catalog_path("ar")
    assert path is not None
    with path.open("rb") as file:
        catalog = read_po(file, locale="ar")
    missing, fuzzy = [], []
    for message in extracted():
        if not message.id:
            continue
        found = catalog.get(message.id, context=message.context)  # "other" as a kind is not "other" as a branch
        strings = (found.string if isinstance(found.string, tuple) else (found.string,)) if found else ()
        if found is None or not all(strings):
            missing.append((message.context, message.id) if message.context else message.id)
        elif found.fuzzy:
            fuzzy.append(message.id)
        elif isinstance(message.id, tuple):
            assert len(strings) == 6, f"{message.id}: Arabic has six plural forms"
    assert missing == [] and fuzzy == [], f"untranslated: {missing}; fuzzy: {fuzzy}"


def test_a_word_the_catalog_lacks_is_found_missing(tmp_path):
    """The check above can fail: a template with a new word is extracted with it."""
    import shutil

    shutil.copytree(REPO / "templates", tmp_path / "templates")
    shutil.copytree(REPO / "defections", tmp_path / "defections", ignore=shutil.ignore_patterns("__pycache__"))
    page = tmp_path / "templates" / "page.html"
    page.write_text(page.read_text(encoding="utf-8") + "{{ _('A word nobody has translated') }}\n", encoding="utf-8")
    assert "A word nobody has translated" in {m.id for m in extracted(tmp_path)}


def test_arabic_plurals_take_each_of_their_six_forms():
    ngettext = translations("ar").ngettext
    forms = {n: ngettext("%(num)s event", "%(num)s events", n) % {"num": n} for n in (0, 1, 2, 3, 11, 100)}
    assert forms == {0: "لا أحداث", 1: "حدث واحد", 2: "حدثان", 3: "3 أحداث", 11: "11 حدثًا", 100: "100 حدث"}


# --- Dates and numbers -------------------------------------------------------------------------

DATES = {  # every form the content format allows, in English and in Arabic (ar_SY)
    "2012": ("2012", "2012"),
    "2012-07": ("July 2012", "تموز 2012"),
    "2012-07-11": ("11 July 2012", "11 تموز 2012"),
    "2012-07~": ("about July 2012", "نحو تموز 2012"),
    "2012~": ("about 2012", "نحو 2012"),
    "2012-07-11?": ("11 July 2012 (uncertain)", "11 تموز 2012 (غير مؤكد)"),
    "2012-08-06/2012-08-08": ("6–8 August 2012", "6–8 آب 2012"),
    "2012-07-30/2012-08-02": ("30 July – 2 August 2012", "30 تموز – 2 آب 2012"),
    "2011-12-30/2012-01-02": ("30 December 2011 – 2 January 2012", "30 كانون الأول 2011 – 2 كانون الثاني 2012"),
    "2012-06/2012-08": ("June–August 2012", "حزيران – آب 2012"),
    "2011-12/2012-01": ("December 2011 – January 2012", "كانون الأول 2011 – كانون الثاني 2012"),
    "2011/2012": ("2011–2012", "2011–2012"),
    "2011/2012-07": ("2011 – July 2012", "2011 – تموز 2012"),
    "../2012-08": ("before August 2012", "قبل آب 2012"),
    "2012-08/..": ("after August 2012", "بعد آب 2012"),
}


@pytest.mark.parametrize("written", list(DATES))
def test_each_date_form_is_written_as_each_language_writes_it(written):
    date = EventDate.parse(written)
    english, arabic = DATES[written]
    assert Localised("en", SITE).date(date) == english == date.display()  # English as the site always wrote it
    assert Localised("ar", SITE).date(date) == arabic


def test_without_a_locale_arabic_months_are_cldrs_own():
    site = Site("t", None, None, "en", "ar", languages=("en", "ar"))
    assert Localised("ar", site).date(EventDate.parse("2012-01")) == "يناير 2012"


def test_the_built_pages_give_dates_in_the_pages_language(built_sample):
    english = built_sample.html("events/nawaf-fares-defects/index.html").select_one(".facts time")
    arabic = built_sample.html("ar/events/nawaf-fares-defects/index.html").select_one(".facts time")
    assert english.get_text() == "11 July 2012" and arabic.get_text() == "11 تموز 2012"
    assert english["datetime"] == arabic["datetime"] == "2012-07-11"


# --- Every page in every language ------------------------------------------------------------------

def test_every_page_is_in_both_languages_under_its_tag(built_sample):
    pages = pages_of(built_sample.site)
    english = [p for p in pages if not p.startswith("ar/") and p != "404.html"]  # one 404.html says it in both
    assert len(english) >= 14
    assert sorted(p.removeprefix("ar/") for p in pages if p.startswith("ar/")) == english
    for path in english:
        page = built_sample.html(f"ar/{path}")
        assert page.html["lang"] == "ar" and page.html["dir"] == "rtl", path


def test_hreflang_alternates_are_reciprocal_with_x_default_on_every_page(built_sample):
    base = "https://example.github.io/defections/"
    links = {}
    for path in pages_of(built_sample.site):
        if path.endswith("404.html"):
            continue
        page = built_sample.html(path)
        alternates = {link["hreflang"]: link["href"] for link in page.select('link[rel="alternate"][hreflang]')}
        here = base + re.sub(r"index\.html$", "", path)
        assert set(alternates) == {"en", "ar", "x-default"}, path
        assert here in (alternates["en"], alternates["ar"]), path
        assert alternates["x-default"] == alternates["en"], path
        links[here] = alternates
    for here, alternates in links.items():
        for tag in ("en", "ar"):
            assert links[alternates[tag]] == alternates, (here, tag)  # each names the others, and itself


def test_the_switcher_leads_to_the_same_page_in_the_other_language(built_sample):
    page = built_sample.html("ar/people/nawaf-fares/index.html")
    links = {a["hreflang"]: a for a in page.select("nav.languages a")}
    assert links["en"]["href"] == "../../../people/nawaf-fares/" and links["en"].get_text() == "English"
    assert links["ar"]["aria-current"] == "true" and links["ar"].get_text() == "العربية"
    english = built_sample.html("index.html").select_one('nav.languages a[hreflang="ar"]')
    assert english["href"] == "ar/" and english["lang"] == "ar"


def test_a_missing_address_is_answered_in_every_language(built_sample):
    assert not (built_sample.site / "ar" / "404.html").exists()  # GitHub Pages serves the root's 404.html only
    with pages_server(built_sample.site, "/defections/") as origin:
        status, body, _ = fetch(origin + "/defections/ar/people/nobody/")
    assert status == 404
    page = soup(body.decode("utf-8"))
    assert page.h1.get_text() == "Page not found" and page.select_one("nav.languages") is None
    arabic = page.select_one("section[lang='ar']")
    assert arabic["dir"] == "rtl" and arabic.h2.get_text() == "الصفحة غير موجودة"
    assert [a["href"] for a in arabic.select("a")] == ["/defections/ar/", "/defections/ar/people/",
                                                       "/defections/ar/sources/"]


def test_the_sitemap_lists_every_page_in_each_language_with_its_alternates(built_sample):
    from lxml import etree

    tree = etree.fromstring(built_sample.read("site/sitemap.xml").encode())
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
    entries = tree.findall("s:url", ns)
    locs = [e.findtext("s:loc", namespaces=ns) for e in entries]
    assert "https://example.github.io/defections/ar/people/nawaf-fares/" in locs
    assert len(locs) == 2 * len([p for p in pages_of(built_sample.site)
                                 if not p.startswith("ar/") and not p.endswith("404.html")])
    for entry in entries:
        alternates = {link.get("hreflang"): link.get("href") for link in entry.findall("x:link", ns)}
        assert set(alternates) == {"en", "ar", "x-default"} and entry.findtext("s:loc", namespaces=ns) in \
            alternates.values()


def test_each_language_has_its_feed(built_sample):
    import feedparser

    english, arabic = feedparser.parse(built_sample.read("site/feed.xml")), \
        feedparser.parse(built_sample.read("site/ar/feed.xml"))
    assert english.feed.language == "en" and arabic.feed.language == "ar"
    titles = {entry.link: entry.title for entry in arabic.entries}
    assert titles["https://example.github.io/defections/ar/events/nawaf-fares-defects/"] == "انشقاق سفير سوريا في العراق"
    assert "11 تموز 2012" in arabic.entries[-1].summary or any("تموز" in e.summary for e in arabic.entries)


# --- Texts: translated, or marked ------------------------------------------------------------------

def test_a_record_is_shown_in_arabic_where_it_is_translated(built_sample):
    person = built_sample.html("ar/people/nawaf-fares/index.html")
    assert person.h1.get_text() == "نواف الفارس"  # the name in the native language is native_name
    assert person.select_one(".latin-name").get_text() == "Nawaf Fares"
    assert "السفير في العراق" in person.select_one(".facts").get_text()
    assert person.select_one(".untranslated") is None
    event = built_sample.html("ar/events/nawaf-fares-defects/index.html")
    assert event.h1.get_text() == "انشقاق سفير سوريا في العراق"
    assert event.title.get_text().startswith("انشقاق سفير سوريا في العراق · الانشقاقات في سوريا")


def test_a_text_with_no_translation_falls_back_marked_with_its_language_and_a_note(sample):
    sample.write("content/people/manaf-tlass.yaml",
                 sample.read("content/people/manaf-tlass.yaml").split("translations:")[0])
    assert sample.build().code == 0
    page = sample.html("ar/people/manaf-tlass/index.html")
    position = page.select_one(".facts dd")
    fallback = position.select_one("span[lang='en']")
    assert fallback.get_text() == "Brigadier general" and fallback["dir"] == "ltr"
    assert position.select_one(".untranslated").get_text() == "(غير مترجَم)"
    summary = page.select_one(".untranslated-block")
    assert summary["lang"] == "en" and "brigadier general" in summary.get_text()
    assert page.select_one(".untranslated-note").get_text() == \
        "لم يُترجَم هذا النص بعد: وهو معروض باللغة الإنجليزية."
    assert sample.html("people/manaf-tlass/index.html").select_one(".untranslated") is None  # English is the original
    listed = sample.html("ar/people/index.html").select_one("a[href='../people/manaf-tlass/']")
    assert listed.get_text() == "مناف طلاس"  # the name is native_name: nothing to mark


def test_check_counts_the_records_that_lack_a_translation_as_a_warning(sample):
    assert "translations:" not in sample.check().err
    sample.write("content/people/manaf-tlass.yaml",
                 sample.read("content/people/manaf-tlass.yaml").split("translations:")[0])
    sample.remove("content/pages/methodology.ar.md")
    result = sample.check()
    assert result.code == 0
    assert ("content/site.yaml:7:12: warning: 'ar' translations: 1 of 3 people, 1 of 1 page lack a translation "
            "of a text they have; their pages show it in en, marked as not translated (add it under "
            "'translations: ar:' in each record, and a page's as content/pages/<id>.ar.md)") in result.err


def test_a_quote_is_shown_in_its_articles_language_with_its_translation_beside_it(built_sample):
    event = built_sample.html("ar/events/nawaf-fares-defects/index.html")
    quotes = event.select("figure.citation")
    assert all(q.blockquote["lang"] == "en" and q.blockquote["dir"] == "ltr" for q in quotes)
    translated = [q for q in quotes if q.select_one(".quote-translation")]
    assert translated and "White House spokesman" in translated[0].blockquote.get_text()
    assert translated[0].select_one(".translation-label").get_text() == "ترجمة:"
    assert "قال المتحدث باسم البيت الأبيض" in translated[0].select_one(".quote-translation").get_text()
    english = built_sample.html("events/nawaf-fares-defects/index.html")
    assert english.select_one(".quote-translation") is None  # the article is in English: nothing to translate
    assert english.select_one("figure.citation blockquote").get("lang") is None


def test_an_arabic_article_is_quoted_in_arabic_on_english_pages(sample):
    sample.write("seeds/ar_1.txt", "قال مصدر في المعارضة إن السفير انشق عن النظام وغادر إلى تركيا.\n")
    sample.write("content/articles/ar_1.yaml", "title: انشقاق السفير\npublisher: Al Jazeera\npublished: 2012-07-12\n"
                 "language: ar\n")
    event = sample.read("content/events/nawaf-fares-defects.yaml")
    sources, rest = event.split("translations:", 1)
    sample.write("content/events/nawaf-fares-defects.yaml", sources + "  - article: ar_1\n"
                 "    quote: إن السفير انشق عن النظام\n    translation:\n      en: that the ambassador had defected\n"
                 "translations:" + rest)
    assert sample.build().code == 0, sample.build().err
    page = sample.html("events/nawaf-fares-defects/index.html")
    quoted = next(q for q in page.select("figure.citation") if "انشق" in q.blockquote.get_text())
    assert quoted.blockquote["lang"] == "ar" and quoted.blockquote["dir"] == "rtl"
    assert "that the ambassador had defected" in quoted.select_one(".quote-translation").get_text()
    arabic = sample.html("ar/events/nawaf-fares-defects/index.html")
    shown = next(q for q in arabic.select("figure.citation") if "انشق" in q.blockquote.get_text())
    assert shown.blockquote.get("lang") is None and shown.select_one(".quote-translation") is None


def _an_arabic_article(sample, translations: str = "") -> None:
    """An article in Arabic, cited by Nawaf Fares's defection (with a translation of its quote)."""
    sample.write("seeds/ar_1.txt", "قال مصدر في المعارضة إن السفير انشق عن النظام وغادر إلى تركيا.\n")
    sample.write("content/articles/ar_1.yaml", "title: انشقاق السفير\npublisher: Al Jazeera\npublished: 2012-07-12\n"
                 "language: ar\n" + translations)
    event = sample.read("content/events/nawaf-fares-defects.yaml")
    sources, rest = event.split("translations:", 1)
    sample.write("content/events/nawaf-fares-defects.yaml", sources + "  - article: ar_1\n"
                 "    quote: إن السفير انشق عن النظام\n    translation:\n      en: that the ambassador had defected\n"
                 "translations:" + rest)


def test_an_arabic_articles_headline_is_its_own_on_arabic_pages_and_translated_or_marked_on_english_ones(sample):
    _an_arabic_article(sample)
    result = sample.build()
    assert result.code == 0, result.err
    assert ("'en' translations: 1 of 1 article in another language lacks a translation of a text they have; "
            "their pages show it in its own language, marked as not translated (add it under 'translations: en:' in each record)") in result.err
    arabic = sample.html("ar/sources/ar_1/index.html")
    assert arabic.h1.get_text() == "انشقاق السفير" and arabic.select_one(".untranslated") is None
    english = sample.html("sources/ar_1/index.html")
    headline = english.h1.select_one("span[lang='ar']")
    assert headline.get_text() == "انشقاق السفير" and headline["dir"] == "rtl"
    assert english.h1.select_one(".untranslated").get_text() == "(not translated)"
    data = json.loads(english.select_one("script[type='application/ld+json']").string)
    assert data["inLanguage"] == "ar" and data["headline"] == "انشقاق السفير"  # as it was published

    _an_arabic_article(sample, "translations:\n  en:\n    title: The ambassador defects\n")
    assert sample.build().code == 0
    english = sample.html("sources/ar_1/index.html")
    assert english.h1.get_text() == "The ambassador defects" and english.select_one(".untranslated") is None
    assert "translations" not in sample.check().err


def test_nothing_is_translated_into_the_language_it_is_written_in(sample):
    _an_arabic_article(sample, "translations:\n  ar:\n    title: انشقاق السفير\n")
    event = sample.read("content/events/nawaf-fares-defects.yaml")
    sample.write("content/events/nawaf-fares-defects.yaml",
                 event.replace("      en: that the ambassador had defected\n", "      ar: إن السفير انشق\n"))
    result = sample.check()
    assert result.code == 1
    assert ("content/articles/ar_1.yaml:6:3: error: 'ar' is the language this record is in ('language: ar'): its "
            "own fields are in it already; 'translations' is for the site's other languages (en)") in result.err
    line = event.split("\n").index("      en: that the ambassador had defected") + 1
    assert (f"content/events/nawaf-fares-defects.yaml:{line}:7: error: article ar_1 is in ar: its quote needs no "
            "translation into it; give one into another of the site's languages (en), or remove it (if the article "
            "is not in ar, say which language it is in: `language:` in content/articles/ar_1.yaml)") in result.err


def test_an_arabic_first_sites_feed_search_and_sources_speak_arabic(project):
    project.write("content/site.yaml", project.read("content/site.yaml").replace(
        "language: en\n", "languages: [ar, en]\ntranslations:\n  en:\n    title: The fixture timeline\n"))
    assert project.build().code == 0
    import feedparser
    feed = feedparser.parse(project.read("site/feed.xml"))
    assert feed.feed.language == "ar" and feed.feed.id == "https://example.github.io/some-repo/"
    assert feed.entries and all(re.search("[\u0600-\u06ff]", entry.summary) for entry in feed.entries)
    assert not any(word in entry.summary for entry in feed.entries for word in ("March", "confirmed", "reported"))
    english = feedparser.parse(project.read("site/en/feed.xml"))
    assert english.feed.title == "The fixture timeline" and english.feed.language == "en"
    assert english.feed.id == "https://example.github.io/some-repo/en/"
    search = project.read("site/data/search.json")
    assert not re.search(r"\b(January|February|March|April|May|June|July|August|September|October|November|"
                         r"December)\b", search) and re.search("[\u0600-\u06ff]", search)
    citers = project.html("sources/alpha/index.html").select("a[href*='events/']")
    dates = [link.get_text().rsplit("(", 1)[1] for link in citers if "(" in link.get_text()]
    assert dates and all(re.search("[\u0600-\u06ff]", date) for date in dates)  # "(تموز 2012)", not "(July 2012)"


def test_the_structured_data_of_an_arabic_page_is_in_arabic(built_sample):
    home = json.loads(built_sample.html("ar/index.html").select_one("script[type='application/ld+json']").string)
    assert home["inLanguage"] == "ar" and home["name"] == "الانشقاقات في سوريا، 2011–2012"
    assert home["url"] == "https://example.github.io/defections/ar/"
    person = json.loads(built_sample.html("ar/people/nawaf-fares/index.html")
                        .select_one("script[type='application/ld+json']").string)
    assert person["name"] == "نواف الفارس" and "Nawaf Fares" in person["alternateName"]
    assert person["jobTitle"] == "السفير في العراق"
    assert person["url"] == "https://example.github.io/defections/ar/people/nawaf-fares/"
    source = json.loads(built_sample.html("ar/sources/000_f4f5e170925db277/index.html")
                        .select_one("script[type='application/ld+json']").string)
    assert source["mainEntityOfPage"] == "https://example.github.io/defections/ar/sources/000_f4f5e170925db277/"
    assert source["inLanguage"] == "en"  # the article as it was published


def test_a_region_in_a_tag_is_the_same_language(sample):
    """On a site in 'ar-SY', an article in 'ar' needs no translation into it, and may not take one."""
    sample.write("content/site.yaml", sample.read("content/site.yaml").replace("languages: [en, ar]",
                 "languages: [en, ar-SY]").replace("  ar: ar_SY", "  ar-SY: ar_SY").replace("\n  ar:\n", "\n  ar-SY:\n"))
    for folder in ("people", "events", "articles"):
        for path in (sample.root / "content" / folder).glob("*.yaml"):
            path.write_text(path.read_text(encoding="utf-8").replace("\n  ar:\n", "\n  ar-SY:\n")
                            .replace("      ar: ", "      ar-SY: "), encoding="utf-8")
    (sample.root / "content" / "pages" / "methodology.ar.md").rename(sample.root / "content/pages/methodology.ar-SY.md")
    _an_arabic_article(sample)
    result = sample.build()
    assert result.code == 0, result.err
    assert "'ar-SY' translations" not in result.err  # the Arabic article's title is Arabic already
    page = sample.html("ar-SY/sources/ar_1/index.html")
    assert page.h1.get_text() == "انشقاق السفير" and page.select_one(".untranslated") is None
    _an_arabic_article(sample, "translations:\n  ar-SY:\n    title: انشقاق السفير\n")
    assert "'ar-SY' is the language this record is in ('language: ar')" in sample.check().err


def test_the_english_feed_gives_an_arabic_quotes_translation(sample):
    import feedparser

    _an_arabic_article(sample)
    event = sample.read("content/events/nawaf-fares-defects.yaml")
    sample.write("content/events/nawaf-fares-defects.yaml", event.replace("status: reported", "status: confirmed").replace(
        "    quote: إن السفير انشق عن النظام\n", "    quote: إن السفير انشق عن النظام\n    stance: confirms\n"))
    assert sample.build().code == 0
    entry = next(e for e in feedparser.parse(sample.read("site/feed.xml")).entries if "nawaf-fares-defects" in e.link)
    assert "“إن السفير انشق عن النظام” (translation: “that the ambassador had defected”)" in entry.summary


def test_a_projects_templates_from_before_languages_still_build(sample):
    replace("templates/home.html", "views.website_jsonld(language)", "views.website_jsonld()")(sample)
    replace("templates/person.html", "views.person_jsonld(person, language)", "views.person_jsonld(person)")(sample)
    replace("templates/source.html", "{% if citer.is_event %}{{ text(citer.record, 'title') }} ({{ date_text("
            "citer.record.date) }}){% else %}{{ text(citer.record, 'name') }}{% endif %}", "{{ citer.label }}")(sample)
    replace("templates/macros.html", "{{ pgettext(name, value) }}</span>", "{{ _(value) }}</span>")(sample)
    result = sample.build()
    assert result.code == 0, result.err
    cited = sample.html("sources/004_fec588d6dc2c7ff9/index.html").select("a[href*='events/']")
    assert any(re.search(r"\(\d+ \w+ 2012\)", link.get_text()) for link in cited)
    assert json.loads(sample.html("people/nawaf-fares/index.html")
                      .select_one("script[type='application/ld+json']").string)["name"] == "Nawaf Fares"
    badge = sample.html("ar/events/nawaf-fares-defects/index.html").select_one(".badge.kind-defection")
    assert badge.get_text().endswith("انشقاق")  # `_(event.kind)` still speaks Arabic


def test_english_written_as_the_us_writes_it_is_the_same_in_the_feed_as_on_the_pages(sample):
    import feedparser

    sample.write("content/site.yaml", sample.read("content/site.yaml").replace("  ar: ar_SY", "  ar: ar_SY\n  en: en_US"))
    assert sample.build().code == 0
    assert "July 11, 2012" in sample.html("events/nawaf-fares-defects/index.html").select_one("time").get_text()
    entry = next(e for e in feedparser.parse(sample.read("site/feed.xml")).entries if "nawaf-fares-defects" in e.link)
    assert entry.summary.startswith("July 11, 2012") and "11 July 2012" not in entry.summary


# --- Translations are checked like every field -----------------------------------------------------

@pytest.mark.parametrize("file, old, new, message", [
    ("content/people/nawaf-fares.yaml", "translations:\n  ar:", "translations:\n  fr:",
     "content/people/nawaf-fares.yaml:14:3: error: 'fr' is not one of the site's languages (en, ar): add it to "
     "'languages' in content/site.yaml, or correct the tag"),
    ("content/people/nawaf-fares.yaml", "translations:\n  ar:", "translations:\n  en:",
     "content/people/nawaf-fares.yaml:14:3: error: 'en' is the site's first language, the one this record's own "
     "fields are in: 'translations' is for its other languages (ar)"),
    ("content/people/nawaf-fares.yaml", "    position: السفير", "    name: نواف\n    position: السفير",
     "content/people/nawaf-fares.yaml:15:5: error: unknown field 'name' in the 'ar' translations; the fields are "
     "'position', 'summary'"),
    ("content/events/nawaf-fares-defects.yaml", "    destination: تركيا", "    destination:",
     "content/events/nawaf-fares-defects.yaml:24:17: error: 'destination' is empty in the 'ar' translations: "
     "translate it, or remove the line"),
    ("content/site.yaml", "  ar: ar_SY", "  ar: ar_XX",
     "content/site.yaml:10:7: error: 'ar_XX' is not a CLDR locale: write a language and, for its words for months, "
     "a region, such as ar_SY, ar_EG or en_GB"),
    ("content/site.yaml", "languages: [en, ar]", "languages: [ar, en]",
     "content/site.yaml:5:11: error: 'language' is en, but 'languages' starts with ar: the first of 'languages' is "
     "the site's language; remove 'language', or put it first"),
])
def test_translations_are_checked_at_their_line(sample, file, old, new, message):
    text = sample.read(file)
    assert old in text
    sample.write(file, text.replace(old, new, 1))
    result = sample.check()
    assert result.code == 1
    assert message in result.err, result.err


def test_a_page_translation_of_no_page_or_in_no_language_is_an_error(sample):
    sample.write("content/pages/about.ar.md", "---\ntitle: عن الموقع\n---\nنص.\n")
    sample.write("content/pages/methodology.fr.md", "---\ntitle: Méthodologie\n---\nTexte.\n")
    result = sample.check()
    assert "content/pages/about.ar.md:1:1: error: this translates content/pages/about.md, which does not exist: " \
           "create it (in en), or correct the file's name" in result.err
    assert "content/pages/methodology.fr.md:1:1: error: 'fr' is not one of the site's languages (en, ar)" in result.err


def test_a_page_cannot_take_the_address_of_a_language(sample):
    sample.write("content/pages/ar.md", "---\ntitle: Arabic\n---\nText.\n")
    assert "content/pages/ar.md:1:1: error: a page cannot be called 'ar': the site's pages in that language are at " \
           "ar/; rename the file" in sample.check().err


def test_a_site_whose_first_language_is_arabic_has_its_arabic_pages_at_the_root(project):
    site = project.read("content/site.yaml").replace("language: en\n", "languages: [ar, en]\n")
    project.write("content/site.yaml", site)
    assert project.build().code == 0
    assert project.html("index.html").html["lang"] == "ar" and project.html("en/index.html").html["lang"] == "en"
    english = project.html("en/people/omar-haddad/index.html")
    assert english.select_one(".untranslated") is not None  # the records' texts are the first language's: Arabic's


def test_a_language_without_a_catalog_is_spoken_in_english_dates_included(sample):
    sample.write("content/site.yaml", sample.read("content/site.yaml").replace("languages: [en, ar]",
                                                                                 "languages: [en, ar, fr]"))
    result = sample.build()
    assert result.code == 0, result.err
    assert ("content/site.yaml:7:12: warning: the interface (its menus, headings and labels) has not been translated "
            "into 'fr' yet: its pages show it in English, and their dates and numbers as English writes them") \
        in result.err
    page = sample.html("fr/events/nawaf-fares-defects/index.html")
    assert page.html["lang"] == "fr" and "11 July 2012" in page.select_one("time").get_text()
    assert "juillet" not in page.get_text()
    assert [a.get_text() for a in page.select("nav.languages a")] == ["English", "العربية", "français"]
    assert sample.html("fr/timeline/2012/index.html").select_one("form.filters")["data-words-in"] == "en"
    missing = sample.html("404.html")  # says it in English and Arabic: French has no words of its own yet
    assert [section["lang"] for section in missing.select("section.in-another-language")] == ["ar"]


def test_a_one_language_site_has_no_switcher_and_no_folder_for_another(project):
    assert project.build().code == 0
    assert not (project.site / "ar").exists()
    home = project.html("index.html")
    assert home.select_one("nav.languages") is None and home.select_one("link[hreflang]") is None


# --- In the browser ----------------------------------------------------------------------------------

@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("name", [*PAGES, "not found"])
def test_arabic_pages_have_no_accessibility_violations(site, reader, name, scheme):
    reader.emulate_media(color_scheme=scheme)
    reader.goto(site + "ar/" + PAGES.get(name, "404.html"))
    reader.locator("details").evaluate_all("all => all.forEach(d => d.open = true)")
    assert axe_violations(reader) == []


@pytest.mark.parametrize("width", [320, 375])
@pytest.mark.parametrize("name", list(PAGES))
def test_arabic_pages_never_scroll_sideways_on_a_phone(site, browser, name, width):
    context = browser.new_context(viewport={"width": width, "height": 800})
    tab = context.new_page()
    tab.goto(site + "ar/" + PAGES[name])
    assert tab.evaluate("document.documentElement.scrollWidth") <= width
    context.close()


@pytest.mark.parametrize("typed", ["نواف الفارس", "نَوّاف الفارِس", "نواف الفاـرس", "نواف الفارس"])
def test_the_arabic_search_finds_a_name_however_it_is_typed(site, page, typed):
    page.goto(site + "ar/")
    box = page.locator("#search-box")
    box.fill(typed)
    first = page.locator("#search-results li a").first
    expect(first).to_have_text("نواف الفارس")
    expect(page.locator("#search-results li .detail").first).to_contain_text("شخص: السفير في العراق")


def test_alef_forms_taa_marbuta_and_alef_maqsura_are_folded_in_the_search(sample, browser):
    sample.write("content/people/nawaf-fares.yaml", sample.read("content/people/nawaf-fares.yaml").replace(
        "native_name: نواف الفارس", "native_name: أسامة موسى"))
    assert sample.build().code == 0
    base = base_path_of(sample)
    with pages_server(sample.site, base) as origin:
        tab = browser.new_page()
        for typed in ("اسامه موسي", "إسامة موسى", "آسامة موسى"):
            tab.goto(origin + base + "ar/")
            tab.locator("#search-box").fill(typed)
            expect(tab.locator("#search-results li a").first).to_have_text("أسامة موسى")
        tab.close()


def test_the_filters_speak_arabic(site, page):
    page.goto(site + "ar/timeline/2012/")
    page.select_option("select[name=branch]", "military")
    expect(page.locator(".filter-status")).to_have_text("عرض 1 من أصل 3 (القطاع: عسكري).")


def test_the_chart_counts_people_in_arabics_plural_forms(site, page):
    page.goto(site + "ar/timeline/2012/")
    shown = page.locator(".chart-shown")
    assert [name for name in shown.evaluate("e => e.getAttributeNames()") if name.startswith("data-people-")] == \
        [f"data-people-{category}" for category in ("zero", "one", "two", "few", "many", "other")]
    page.select_option("select[name=branch]", "political")
    expect(shown).to_have_text("مع عوامل التصفية هذه، لا يعرض الرسم البياني أحدًا.")  # zero
    page.select_option("select[name=branch]", "military")
    expect(shown).to_have_text("مع عوامل التصفية هذه، يعرض الرسم البياني شخصًا واحدًا.")  # one
    page.select_option("select[name=branch]", "")
    page.select_option("select[name=kind]", "defection")
    expect(shown).to_have_text("مع عوامل التصفية هذه، يعرض الرسم البياني شخصين.")  # two, the dual
    assert shown.get_attribute("data-people-few") == "مع عوامل التصفية هذه، يعرض الرسم البياني {count} أشخاص."


def test_words_are_whole_sentences_in_arabic(built_sample):
    """No sentence is glued from pieces the translator saw apart: a rule's count of publishers
    takes its plural form, and a vocabulary's value is translated by what it names."""
    rules = built_sample.html("ar/statuses/index.html").get_text()
    assert "من ناشرَين مختلفَين" in rules and "من 2 ناشرين" not in rules
    arabic = Localised("ar", Site("", None, None, "en", "ar"))
    assert arabic.pgettext("branch", "other") == "آخر" and arabic.pgettext("kind", "other") == "غير ذلك"
    entry = built_sample.html("ar/timeline/2012/index.html").select_one(".source-count a")
    assert entry.get_text() in ("كل الاقتباسات، وروابط الأصل وكيف نُقل الخبر، في صفحة الحدث",
                                "كل الاقتباسات وروابط الأصل، في صفحة الحدث", "روابط الأصل وكيف نُقل الخبر، في صفحة الحدث",
                                "روابط الأصل، في صفحة الحدث")


def test_the_arabic_people_index_is_in_the_order_of_the_names_it_shows(sample):
    replace("content/people/nawaf-fares.yaml", "native_name: نواف الفارس", "native_name: أبو نواف الفارس")(sample)
    assert sample.build().code == 0
    arabic = [a.get_text() for a in sample.html("ar/people/index.html").select(".people-list li a[href*='people/']")]
    assert arabic[0] == "أبو نواف الفارس"  # أ is an alef: first, though the Latin name is last
    english = [a.get_text() for a in sample.html("people/index.html").select(".people-list li a[href*='people/']")]
    assert english == sorted(english)


def test_english_pages_keep_their_words(built_sample):
    home = soup(built_sample.read("site/index.html"))
    assert home.select_one("a.skip-link").get_text() == "Skip to content"
    assert home.select_one("#latest-title").get_text() == "Latest events"



# --- The preview, in every language ---------------------------------------------------------------

BILINGUAL_EDITS = [
    ("an event's title in Arabic", replace("content/events/nawaf-fares-defects.yaml",
                                             "    title: انشقاق سفير سوريا في العراق", "    title: انشقاق السفير"),
     {"ar/index.html", "ar/timeline/2012/index.html", "ar/events/nawaf-fares-defects/index.html",
      "ar/people/nawaf-fares/index.html", "ar/sources/004_fec588d6dc2c7ff9/index.html", "ar/data/search.json",
      "ar/feed.xml"}),
    ("a person's native name", replace("content/people/manaf-tlass.yaml", "native_name: مناف طلاس",
                                         "native_name: مناف طلاس"), None),
    ("a position's translation removed", replace("content/people/nawaf-fares.yaml",
                                                   "    position: السفير في العراق\n", ""), None),
    ("a quote's translation", replace("content/events/nawaf-fares-defects.yaml", "      ar: قال المتحدث",
                                        "      ar: وقال المتحدث"), None),
    ("the page's translation", replace("content/pages/methodology.ar.md", "title: المنهجية", "title: منهجيتنا"),
     None),
    ("the Arabic locale", replace("content/site.yaml", "  ar: ar_SY", "  ar: ar_EG"), None),
    ("a third language", replace("content/site.yaml", "languages: [en, ar]", "languages: [en, ar, fr]"), None),
]


@pytest.mark.parametrize("told", [True, False], ids=["watcher names the files", "files compared"])
def test_each_edit_in_either_language_rebuilds_as_a_build_from_nothing(sample, tmp_path, told):
    from defections.incremental.rebuild import Rebuilder

    builder = Rebuilder(sample.root, sample.site)
    assert builder.build().ok
    for number, (what, edit, expected) in enumerate(BILINGUAL_EDITS):
        sample.touched.clear()
        edit(sample)
        result = builder.build(changed=set(sample.touched) if told else None)
        assert result.ok, (what, [p.format() for p in result.problems])
        if expected is not None:
            assert set(result.written) == expected, what
        assert tree(sample.site) == full_build(sample, tmp_path, number), what


def test_a_region_in_the_tag_changes_neither_englishs_dates_nor_whose_name_is_native():
    site = Site("t", None, None, "en-US", "ar", languages=("en-US", "ar-SY"))
    assert Localised("en-US", site).date(EventDate.parse("2012-07-11")) == "11 July 2012"  # as before: en_001
    assert Localised("ar-SY", site).native and not Localised("en-US", site).native
