"""`serve`: build, then preview the site on this machine, rebuilding on every save."""

from __future__ import annotations

import contextlib
import sys
from pathlib import Path

from ..errors import EXIT_CONTENT, EXIT_USAGE
from ..output.write import Busy, refusal
from .build import not_written, reading, refused, shown, take_site


def run(root: Path, output: Path, host: str, port: int, open_browser: bool) -> int:
    from ..preview.server import serve  # the web server's packages load only for this command

    why = refusal(root, output)
    if why is not None:
        print(refused(output, why), file=sys.stderr)
        return EXIT_USAGE
    with contextlib.ExitStack() as held:  # held until the preview stops: a build into this folder is refused
        refused_with = take_site(held, root, output, "the live preview", busy, preview=True)
        if refused_with is not None:
            return refused_with
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
