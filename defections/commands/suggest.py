"""`suggest`: draft people and events from articles, with verified quotes (editors/drafts.py)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..content.dates import PartialDate
from ..editors.drafts import SuggestError, accept, discard, draft, table
from ..errors import EXIT_OK, EXIT_USAGE
from .arguments import ArgumentError, folder, given, text_file


def run(root: Path, args: argparse.Namespace) -> int:
    out = args.out or root / "content" / "drafts"
    seeds = [given(root, typed) for typed in args.seeds]
    try:  # the files named are checked first: each problem with them is one line, not a traceback
        if args.out:
            folder(args.out, f"--out {args.out}", "give a folder for the drafts (the default is content/drafts)")
        for typed, seed in zip(args.seeds, seeds):
            text_file(seed, typed, "an article's text, e.g. seeds/<id>.txt")
        if args.published:
            PartialDate.parse(args.published)
    except ArgumentError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except ValueError as exc:  # --published
        print(f"error: --published {exc}", file=sys.stderr)
        return EXIT_USAGE
    try:
        if args.accept:
            target = accept(root, out, args.accept)
            print(f"moved the draft to {target.relative_to(root).as_posix()}; run: python3 build.py check")
            return EXIT_OK
        if args.discard:
            removed = discard(root, out, args.discard)
            shown = removed.relative_to(root).as_posix() if removed.is_relative_to(root) else str(removed)
            print(f"removed {shown}; suggest drafts it again the next time it reads its article")
            return EXIT_OK
        drafts = draft(root, seeds, out, args.published)
    except SuggestError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    if not drafts.read:
        print("every text in seeds/ has its article record already, so there is nothing new to read; name the "
              "texts to read again: python3 build.py suggest seeds/<id>.txt")
        return EXIT_OK
    shown = ", ".join(drafts.read[:5]) + (f" and {len(drafts.read) - 5:,} more" if len(drafts.read) > 5 else "")
    print(f"read {len(drafts.read):,} text{'s' if len(drafts.read) != 1 else ''}: {shown}")
    for note in drafts.notes:
        print(f"note: {note}", file=sys.stderr)
    results = drafts.results
    if not results:
        print("no defection, dismissal, arrest, return or death found in them")
        return EXIT_OK
    print(table(results))
    for _, done in results:
        for line in done:  # "wrote …", "updated …", "unchanged …", "kept …: it was edited …", "skipped the event: …"
            print(line)
    print("review each draft against its article, then: python3 build.py suggest --accept people/<id> (or events/<id>)")
    return EXIT_OK
