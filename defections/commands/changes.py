"""`changes --base REV`: a Markdown summary of what a branch changes in the content (editors/review.py)."""

from __future__ import annotations

import sys
from pathlib import Path

from ..editors.review import ChangesError, summary
from ..errors import EXIT_OK, EXIT_USAGE, printable


def run(root: Path, base: str) -> int:
    try:
        print(summary(root, base), end="")
    except ChangesError as exc:
        print(f"error: {explained(str(exc), root, base)}", file=sys.stderr)
        return EXIT_USAGE
    return EXIT_OK


def explained(message: str, root: Path, base: str) -> str:
    """git's words, with what to do for the two an editor meets: no repository, no such revision."""
    if "not a git repository" in message.lower():
        return (f"{printable(str(root.absolute()))} is not in a git repository; run this in a clone of the project "
                "(changes compares content/ with a git revision)")
    if "not a valid object name" in message.lower() or "unknown revision" in message.lower():
        return (f"--base {printable(base)}: no such revision here; fetch it first (git fetch origin) or name a branch "
                "or commit that exists (git branch -a lists them)")
    return message
