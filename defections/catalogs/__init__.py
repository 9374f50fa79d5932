"""The interface's words in each language: gettext catalogs, one per language, kept as .po files
in this folder (`<tag>/LC_MESSAGES/messages.po`) and read as the build starts.

The templates' words are written in English (the catalogs' message ids), so English needs no
catalog. `python3 scripts/messages.py` gathers every word of the templates and of the Python that
pages show into `messages.pot` and brings each catalog up to date with it (CONTRIBUTING.md,
"Translating the interface").
"""

from __future__ import annotations

import gettext
from io import BytesIO
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import Translations

FOLDER = Path(__file__).resolve().parent
DOMAIN = "messages"
SOURCE_LANGUAGE = "en"  # the language the templates are written in
HOW_TO_ADD = "CONTRIBUTING.md, 'Translating the interface', says how to add a language"


def catalog_path(tag: str) -> Path | None:
    """The catalog of a language tag, or of its language alone ('ar' for 'ar-SY'); None without one."""
    for name in dict.fromkeys((tag.replace("-", "_"), tag.split("-")[0].lower())):
        path = FOLDER / name / "LC_MESSAGES" / f"{DOMAIN}.po"
        if path.is_file():
            return path
    return None


def interface_in(tag: str) -> bool:
    """Whether the interface can be shown in the language: it is English, or has a catalog."""
    return tag.split("-")[0].lower() == SOURCE_LANGUAGE or catalog_path(tag) is not None


def translations(tag: str) -> gettext.NullTranslations:
    """The interface's words in the language (English's own where a catalog has none): its .po
    catalog compiled in memory, with its plural rule (Arabic has six forms)."""
    path = catalog_path(tag)
    if path is None:
        return gettext.NullTranslations()
    with path.open("rb") as file:
        catalog = read_po(file, locale=path.parent.parent.name)
    compiled = BytesIO()
    write_mo(compiled, catalog, use_fuzzy=False)
    compiled.seek(0)
    return Translations(compiled, domain=DOMAIN)


def N_(message: str) -> str:  # noqa: N802 - gettext's own name for it
    """Marks an interface word in Python for the catalogs (scripts/messages.py finds it); the
    template that shows it translates it."""
    return message


def NC_(context: str, message: str) -> str:  # noqa: N802 - as N_, with pgettext's context
    """Marks a word whose translation depends on what it names (`NC_("kind", "other")`, an
    "other" event, is not `NC_("branch", "other")` in every language): templates translate it
    with `pgettext(context, word)`."""
    return message
