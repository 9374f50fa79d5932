"""`serve`: build, then preview the site on this machine, rebuilding on every save."""

from __future__ import annotations

import sys
from pathlib import Path

from ..errors import EXIT_CONTENT, EXIT_USAGE
from ..output.write import Busy, lock, refusal
from .build import not_written, refused


def run(root: Path, output: Path, host: str, port: int, open_browser: bool) -> int:
    from ..preview.server import serve  # the web server's packages load only for this command

    why = refusal(root, output)
    if why is not None:
        print(refused(output, why), file=sys.stderr)
        return EXIT_USAGE
    try:
        with lock(output, "the preview server (build.py serve)"):
            return serve(root, output, host, port, open_browser)
    except Busy as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_CONTENT
    except OSError as exc:  # the site's folder, or its lock beside it, cannot be made
        print(not_written(exc, output), file=sys.stderr)
        return EXIT_CONTENT
