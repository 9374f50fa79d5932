"""`suggest`: draft people and events from articles, with verified quotes (editors/drafts.py)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..editors.drafts import SuggestError, accept, draft, table
from ..errors import EXIT_OK, EXIT_USAGE


def run(root: Path, args: argparse.Namespace) -> int:
    out = args.out or root / "content" / "drafts"
    try:
        if args.accept:
            target = accept(root, out, args.accept)
            print(f"moved the draft to {target.relative_to(root).as_posix()}; run: python3 build.py check")
            return EXIT_OK
        drafts = draft(root, [Path(p) if Path(p).is_absolute() else root / p for p in args.seeds], out, args.published)
    except (SuggestError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    for note in drafts.notes:
        print(f"note: {note}", file=sys.stderr)
    results = drafts.results
    if not results:
        print("no defection, dismissal, arrest, return or death found in these texts")
        return EXIT_OK
    print(table(results))
    for _, written in results:
        for path in written:
            print(f"wrote {path}")
    print("review each draft against its article, then: python3 build.py suggest --accept people/<id> (or events/<id>)")
    return EXIT_OK
