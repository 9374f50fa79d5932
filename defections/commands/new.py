"""`new person|event|article`: write a stub record to fill in (editors/scaffold.py)."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from ..editors.scaffold import (
    ScaffoldError,
    TextInSeeds,
    id_taken,
    is_latin,
    new_article,
    new_event,
    new_person,
    person_twins,
)
from ..errors import EXIT_CONTENT, EXIT_OK, EXIT_USAGE
from .arguments import ArgumentError, given, text_file


def run(root: Path, args: argparse.Namespace) -> int:
    if args.kind == "article":
        return _article(root, args.path, args.id)
    if args.kind == "person":
        return _person(root, args.name, getattr(args, "anyway", False))
    try:
        written = [new_event(root, args.title, date=args.date, people=args.person, kind=args.event_kind,
                             status=args.status, article=args.article)]
    except ScaffoldError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_CONTENT
    for path in written:
        print(f"wrote {path.relative_to(root).as_posix()}")
    print("fill in every TODO, then run: python3 build.py check")
    return EXIT_OK


def _person(root: Path, name: str, anyway: bool) -> int:
    """`new person NAME`: a stub, unless a person with a name like it exists and the editor, asked
    (at a terminal) or told (`--anyway`), does not want a new record; never another id silently."""
    twins = person_twins(root, name)
    theirs = [twin for twin in twins if twin.same]
    if theirs and not anyway:  # not a name like someone's: their very name
        held = " and ".join(twin.path + ("" if twin.same == "name" else f" ({twin.same} of {twin.name})")
                            for twin in theirs)
        that = "that file" if len(theirs) == 1 else "those files"
        print(f"error: {name} is already {held}; nothing was written: edit {that}, or, if this is someone "
              "else of the same name, run this again with --anyway", file=sys.stderr)
        return EXIT_USAGE
    if twins:
        alike = " and ".join(f"{twin.name} ({twin.path})" for twin in twins)
        first = twins[0].path
        same = f"if it is the same person, add '{name}' to the aliases in {first}"
        if not anyway and not sys.stdin.isatty():
            print(f"error: {name} looks like {alike}; nothing was written: {same}, or, if not, run this again "
                  "with --anyway", file=sys.stderr)
            return EXIT_USAGE
        if not anyway and not _yes(f"{name} looks like {alike}. Write a new record anyway? [y/N] "):
            print(f"nothing was written; {same}")
            return EXIT_CONTENT
    try:
        path = new_person(root, name, tuple(twin.id for twin in twins))
    except ScaffoldError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_CONTENT
    written = path.relative_to(root).as_posix()
    taken = id_taken(root, name, path)
    print(f"wrote {written}" + (f" (id '{path.stem}': {taken})" if taken else ""))
    if twins:
        print(f"it lists {', '.join(twin.id for twin in twins)} under not_same_as, so check will not ask whether "
              "they are one person")
    if not is_latin(name):
        print("the id was transliterated from the native name; rename the file to the Latin spelling "
              "if you like (ids are file names)")
    print("fill in every TODO, then run: python3 build.py check")
    return EXIT_OK


def _yes(question: str) -> bool:
    try:
        answer = input(question)
    except EOFError:
        return False
    return answer.strip().lower() in ("y", "yes")


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
        return EXIT_USAGE if isinstance(exc, TextInSeeds) else EXIT_CONTENT
    record = made.record.relative_to(root).as_posix()
    if made.copied:
        print(f"wrote {made.seed.relative_to(root).as_posix()}\nwrote {record}")
    else:
        print(f"wrote {record}; the text is in {made.seed.relative_to(root).as_posix()} already, so it was not copied")
    print("fill in every TODO, then run: python3 build.py check")
    return EXIT_OK
