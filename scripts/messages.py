"""Gather the interface's words into the catalogs: every `_()`, `ngettext()` and `{% trans %}` of
the templates, and every `N_()` of the Python that pages show, into
defections/catalogs/messages.pot, then bring each language's catalog up to date with it (new
words are added untranslated, words gone are kept as obsolete).

    python3 scripts/messages.py            # extract and update every catalog
    python3 scripts/messages.py --add fr   # start a catalog for a new language

Then translate the new entries (an empty msgstr) in defections/catalogs/<tag>/LC_MESSAGES/messages.po;
tests/test_languages.py fails while a word of the templates has no translation in a catalog.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from babel import Locale
from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po, write_po

REPO = Path(__file__).resolve().parent.parent
CATALOGS = REPO / "defections" / "catalogs"
TEMPLATE = CATALOGS / "messages.pot"
# How Jinja reads the templates, as the build does (render/templates.py): its tags and its whitespace.
JINJA = {"extensions": "defections.render.fragments.Cached", "trimmed": "false", "newstyle_gettext": "true",
         "trim_blocks": "true", "lstrip_blocks": "true"}


def extracted(root: Path = REPO) -> Catalog:
    """Every word the interface shows, from the shipped templates and the package's Python."""
    catalog = Catalog(project="defections", msgid_bugs_address=None, charset="utf-8", fuzzy=False)
    for folder, method in (("templates", "jinja2"), ("defections", "python")):
        mapping = [("**.html", "jinja2")] if method == "jinja2" else [("**.py", "python")]
        for filename, lineno, message, comments, context in extract_from_dir(
                str(root / folder), method_map=mapping, options_map={"**.html": JINJA}, keywords=_KEYWORDS):
            catalog.add(message, None, [(f"{folder}/{filename}", lineno)], auto_comments=comments, context=context)
    return catalog


_KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "N_": None, "pgettext": ((1, "c"), 2),
             "NC_": ((1, "c"), 2), "plurals": (1, 2)}


def catalog_path(tag: str) -> Path:
    return CATALOGS / tag / "LC_MESSAGES" / "messages.po"


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--add", metavar="TAG", help="start a catalog for a new language")
    options = parser.parse_args(argv)
    template = extracted()
    with TEMPLATE.open("wb") as file:
        write_po(file, template, width=100, omit_header=False, sort_output=True, no_location=True)
    if options.add:
        path = catalog_path(options.add)
        if path.exists():
            print(f"{path.relative_to(REPO)} exists already", file=sys.stderr)
            return 1
        path.parent.mkdir(parents=True)
        catalog = Catalog(locale=Locale.parse(options.add), project="defections", charset="utf-8")
        with path.open("wb") as file:
            write_po(file, catalog, width=100)
    for path in sorted(CATALOGS.glob("*/LC_MESSAGES/messages.po")):
        with path.open("rb") as file:
            catalog = read_po(file, locale=path.parent.parent.name)
        catalog.update(template, no_fuzzy_matching=True)
        with path.open("wb") as file:
            write_po(file, catalog, width=100, sort_output=True, no_location=True, include_previous=False)
        untranslated = [m.id for m in catalog if m.id and not (all(m.string) if isinstance(m.string, tuple)
                                                                 else m.string)]
        print(f"{path.relative_to(REPO)}: {len(untranslated)} of {len(catalog) - 1} to translate")
    print(f"{TEMPLATE.relative_to(REPO)}: {len(template)} words")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
