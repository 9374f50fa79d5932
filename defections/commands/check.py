"""`check`: validate the content and write nothing."""

from __future__ import annotations

from pathlib import Path

from ..content.validate import check
from ..errors import EXIT_CONTENT, EXIT_OK, report


def run(root: Path, strict: bool = False, style: str = "text") -> int:
    _, problems = check(root)
    if report(problems, strict, style, root):
        return EXIT_CONTENT
    print("content is valid")
    return EXIT_OK
