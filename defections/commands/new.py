"""`new person|event|article`: write a stub record to fill in (editors/scaffold.py)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..editors.scaffold import ScaffoldError, is_latin, new_article, new_event, new_person
from ..errors import EXIT_CONTENT, EXIT_OK


def run(root: Path, args: argparse.Namespace) -> int:
    try:
        if args.kind == "person":
            written = [new_person(root, args.name)]
        elif args.kind == "event":
            written = [new_event(root, args.title, date=args.date, people=args.person, kind=args.event_kind,
                                 status=args.status, article=args.article)]
        else:
            written = list(new_article(root, args.path, args.id))
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
