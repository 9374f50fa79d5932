"""`build` (the default): check the content and write the site, from nothing, every time."""

from __future__ import annotations

import sys
from pathlib import Path

from ..errors import EXIT_CONTENT, EXIT_OK, report
from ..output.write import Busy, lock
from ..pipeline import build


def run(root: Path, output: Path, strict: bool = False, style: str = "text") -> int:
    try:
        with lock(output, "a build"):
            built = build(root, output, strict)
    except Busy as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_CONTENT
    except OSError as exc:
        print(f"error: could not write the site: {exc.strerror or exc} ({exc.filename or output})", file=sys.stderr)
        return EXIT_CONTENT
    if report(built.problems, strict, style) or not built.ok:
        print(f"build failed; {shown(root, output)} was left as it was", file=sys.stderr)
        return EXIT_CONTENT
    print(f"built {shown(root, output)} ({built.files} files)")
    return EXIT_OK


def shown(root: Path, output: Path) -> str:
    """The output folder as the editor would name it: relative to the project when it is inside."""
    try:
        return output.absolute().relative_to(root.absolute()).as_posix() + "/"
    except ValueError:
        return str(output)
