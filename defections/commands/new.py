"""`new person|event|article`: write a stub record to fill in (editors/scaffold.py)."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from ..editors.scaffold import ScaffoldError, is_latin, new_article, new_event, new_person
from ..errors import EXIT_CONTENT, EXIT_OK, EXIT_USAGE
from .arguments import ArgumentError, given, text_file


def run(root: Path, args: argparse.Namespace) -> int:
    if args.kind == "article":
        return _article(root, args.path, args.id)
    try:
        if args.kind == "person":
            written = [new_person(root, args.name)]
        else:
            written = [new_event(root, args.title, date=args.date, people=args.person, kind=args.event_kind,
                                 status=args.status, article=args.article)]
    except ScaffoldError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_CONTENT
    for path in written:
        print(f"wrote {path.relative_to(root).as_posix()}")
    if args.kind == "person" and not is_latin(args.name):
        print("the id was transliterated from the native name; rename the file to the Latin spelling "
              "if you like (ids are file names)")
    print("fill in every TODO, then run: python3 build.py check")
    return EXIT_OK


def _article(root: Path, typed: Path, article_id: str | None) -> int:
    """`new article PATH`: the text copied into seeds/ and its record written; for a text in seeds/
    already (PATH there, or the id of a text there), only the record."""
    source = given(root, typed)
    seed = root / "seeds" / f"{typed.as_posix()}.txt"  # when what was typed is the id of a text in seeds/
    if not os.path.lexists(source) and len(typed.parts) == 1 and not typed.suffix and seed.is_file():
        source = seed
    try:
        data = text_file(source, str(typed), "the article's text, a UTF-8 plain-text file")
    except ArgumentError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    try:
        made = new_article(root, source, article_id, data)
    except ScaffoldError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_CONTENT
    record = made.record.relative_to(root).as_posix()
    if made.copied:
        print(f"wrote {made.seed.relative_to(root).as_posix()}\nwrote {record}")
    else:
        print(f"wrote {record}; the text is in {made.seed.relative_to(root).as_posix()} already, so it was not copied")
    print("fill in every TODO, then run: python3 build.py check")
    return EXIT_OK
