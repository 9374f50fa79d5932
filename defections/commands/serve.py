"""`serve`: build, then preview the site on this machine, rebuilding on every save."""

from __future__ import annotations

import sys
from pathlib import Path

from ..errors import EXIT_CONTENT
from ..output.write import Busy, lock


def run(root: Path, output: Path, host: str, port: int, open_browser: bool) -> int:
    from ..preview.server import serve  # the web server's packages load only for this command

    try:
        with lock(output, "the preview server (build.py serve)"):
            return serve(root, output, host, port, open_browser)
    except Busy as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_CONTENT
