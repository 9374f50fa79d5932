"""`build` (the default): check the content and write the site, from nothing, every time."""

from __future__ import annotations

import sys
from pathlib import Path

from ..errors import EXIT_CONTENT, EXIT_OK, EXIT_USAGE, report
from ..output.write import Busy, lock, refusal
from ..pipeline import build


def run(root: Path, output: Path, strict: bool = False, style: str = "text") -> int:
    why = refusal(root, output)
    if why is not None:
        print(refused(output, why), file=sys.stderr)
        return EXIT_USAGE
    try:
        with lock(output, "a build"):
            built = build(root, output, strict)
    except Busy as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_CONTENT
    except OSError as exc:
        print(not_written(exc, output), file=sys.stderr)
        return EXIT_CONTENT
    if report(built.problems, strict, style) or not built.ok:
        print(f"build failed; {shown(root, output)} was left as it was", file=sys.stderr)
        return EXIT_CONTENT
    print(f"built {shown(root, output)} ({built.files} files)")
    return EXIT_OK


def not_written(error: OSError, output: Path) -> str:
    return f"error: could not write the site: {error.strerror or error} ({error.filename or output})"


def refused(output: Path, why: str) -> str:
    return f"error: refusing to write the site to {output}: {why}; choose another folder with -o (the default is site/)"


def shown(root: Path, output: Path) -> str:
    """The output folder as the editor would name it: relative to the project when it is inside."""
    try:
        return output.absolute().relative_to(root.absolute()).as_posix() + "/"
    except ValueError:
        return str(output)
