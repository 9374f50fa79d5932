"""`changes --base REV`: a Markdown summary of what a branch changes in the content (editors/review.py)."""

from __future__ import annotations

import sys
from pathlib import Path

from ..editors.review import ChangesError, summary
from ..errors import EXIT_OK, EXIT_USAGE


def run(root: Path, base: str) -> int:
    try:
        print(summary(root, base), end="")
    except ChangesError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    return EXIT_OK
