"""`serve`: the livereload package serves the pages, injects its client and holds the browsers'
WebSocket connections; this is the glue. What it does not do well, the preview does itself
(README, "Live preview"): watching (watch.py: watchdog's events instead of its 800 ms polling),
deciding when to build and reload (loop.py: a debounce, and the reload sent at once, past its
3-second "Ignore" window, lepture/python-livereload#244), and serving (app.py).
"""

from __future__ import annotations

import base64
import errno
import hashlib
import logging
import re
import sys
import threading
from pathlib import Path
from typing import Any

from livereload import Server
from livereload.handlers import LiveReloadHandler
from tornado.ioloop import IOLoop

from .. import urls
from ..errors import EXIT_CONTENT, EXIT_OK, EXIT_USAGE
from .app import SiteApp
from .loop import Preview
from .watch import watch


class _NoPolling:
    """Stands in for livereload's watcher: changes come from watchdog, so it never polls."""

    _tasks: dict[str, None] = {"watchdog": None}  # what livereload 2.7.1 looks for on its watcher
    filepath = None

    def __init__(self) -> None:
        self._changes: list[object] = []

    def watch(self, *args: object, **kwargs: object) -> None:
        pass

    def start(self, callback: object) -> bool:
        return True  # "I call you when something changes": livereload starts no poll loop

    def examine(self) -> tuple[None, None]:
        return None, None


def serve(root: Path, output: Path, host: str, port: int, open_browser: bool) -> int:
    """Build, serve the site at http://host:port/<base path>/ and rebuild on every save, until Ctrl-C."""
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    logging.getLogger("tornado.access").setLevel(logging.ERROR)
    loop = IOLoop.current()
    preview = Preview(root, output, reload=lambda path: loop.add_callback(LiveReloadHandler.reload_waiters, path))
    first = preview.build()
    if not first.ok and not (output / urls.file_for(urls.HOME)).is_file():
        print("fix the errors above, then run serve again (there is no earlier site to show)", file=sys.stderr)
        return EXIT_CONTENT
    app = SiteApp(preview, clients=lambda: len(LiveReloadHandler.waiters))

    class _Server(Server):
        def get_web_handlers(self, script: bytes) -> Any:
            # The snippet livereload adds to each page: let the page's CSP run exactly this script.
            snippet = re.search(rb"<script[^>]*>(.*?)</script>", script, re.S).group(1)  # type: ignore[union-attr]
            app.script_hash = "sha256-" + base64.b64encode(hashlib.sha256(snippet).digest()).decode()
            return super().get_web_handlers(script)

        def _setup_logging(self) -> None:
            logging.getLogger("livereload").setLevel(logging.WARNING)

    server = _Server(app, watcher=_NoPolling())
    observer = watch(preview)
    builder = threading.Thread(target=preview.run, name="preview-builder", daemon=True)
    builder.start()
    address = f"http://{host}:{port}{preview.prefix}"
    print(f"serving {address}: it rebuilds and reloads on every change (Ctrl-C to stop)")
    try:
        server.serve(port=port, host=host, debug=False, restart_delay=0,
                     open_url_delay=0.5 if open_browser else None)
    except OSError as exc:
        if exc.errno == errno.EADDRINUSE:
            print(f"error: port {port} is already in use; stop the other server or pass --port {port + 1}",
                  file=sys.stderr)
            return EXIT_USAGE
        raise
    finally:
        preview.stop()
        observer.stop()
    print("stopped")
    return EXIT_OK
