"""`serve`: build, then preview the site on this machine, rebuilding on every save."""

from __future__ import annotations

import contextlib
import sys
from pathlib import Path

from ..errors import EXIT_CONTENT, EXIT_USAGE
from ..output.write import Busy, lock, refusal
from .build import not_written, reading, refused, shown, unwritable


def run(root: Path, output: Path, host: str, port: int, open_browser: bool) -> int:
    from ..preview.server import serve  # the web server's packages load only for this command

    why = refusal(root, output)
    if why is not None:
        print(refused(output, why), file=sys.stderr)
        return EXIT_USAGE
    with contextlib.ExitStack() as held:
        try:  # held until the preview stops: a build into this folder is refused, one elsewhere (-o) is not
            held.enter_context(lock(output, "the live preview", preview=True))
        except Busy as exc:
            print(busy(exc, root, output), file=sys.stderr)
            return EXIT_CONTENT
        except OSError as exc:  # the folder the site goes in, or its lock beside it, cannot be made
            print(unwritable(exc, output), file=sys.stderr)
            return EXIT_USAGE
        try:
            return serve(root, output, host, port, open_browser)
        except OSError as exc:  # the site cannot be written
            if reading(exc, root):
                raise
            print(not_written(exc, output), file=sys.stderr)
            return EXIT_CONTENT


def busy(holder: Busy, root: Path, output: Path) -> str:
    where = shown(root, output)
    if holder.preview:
        return (f"error: a live preview (python3 build.py serve, pid {holder.pid or '?'}) is writing {where} already; "
                "use that one, or stop it first")
    return f"error: {holder} is writing {where} now; wait for it to finish and run this again"
