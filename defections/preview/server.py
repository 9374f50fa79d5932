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
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from livereload import Server
from livereload.handlers import LiveReloadHandler, LiveReloadJSHandler
from tornado import httputil, web
from tornado.ioloop import IOLoop
from tornado.wsgi import WSGIContainer

from .. import urls
from ..errors import EXIT_CONTENT, EXIT_OK, EXIT_USAGE
from .app import REFUSED, Listening, SiteApp, answered
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


# What each page gets: it loads livereload's client from the server the page came from.
_SNIPPET = (b'(function(){var s=document.createElement("script");var port=(window.location.port || '
            b'(window.location.protocol == \'https:\' ? 443: 80));s.src="//"+window.location.hostname+":"+port'
            b'+ "/livereload.js?port=" + port;document.head.appendChild(s);})();')
_SCRIPT = b'<script type="text/javascript">' + _SNIPPET + b"</script>"
_HEAD_END = b"</head>"


class _ThisMachineOnly:
    """A tornado handler that answers only the host names the preview listens under (answered())."""

    given: Listening
    request: Any

    def initialize(self, given: Listening) -> None:
        self.given = given

    def prepare(self) -> None:
        if not answered(self.request.host, self.given):
            self.set_status(403)  # type: ignore[attr-defined]
            self.finish(REFUSED)  # type: ignore[attr-defined]


class _ReloadSocket(_ThisMachineOnly, LiveReloadHandler):
    """livereload's WebSocket, for the pages of this preview only: a page elsewhere (which could
    reach this machine through DNS rebinding) is turned away."""

    def check_origin(self, origin: str) -> bool:
        return urlsplit(origin).netloc == self.request.host and answered(self.request.host, self.given)


class _ReloadScript(_ThisMachineOnly, LiveReloadJSHandler):
    pass


class _Site(WSGIContainer):
    """The site (app.py) behind tornado: the preview's script goes into HTML pages only, once, and a
    HEAD request gets a GET's headers without its body."""

    def __call__(self, request: httputil.HTTPServerRequest) -> None:
        reply: dict[str, Any] = {}

        def start_response(status: str, headers: list[tuple[str, str]], exc_info: object = None) -> Any:
            reply["status"], reply["headers"] = status, headers
            return None

        environ = WSGIContainer(self.wsgi_application).environ(request)
        environ["REQUEST_METHOD"] = "GET" if request.method == "HEAD" else environ["REQUEST_METHOD"]
        body = b"".join(self.wsgi_application(environ, start_response))
        headers = [(name, value) for name, value in reply["headers"] if name.lower() != "content-length"]
        if any(name.lower() == "content-type" and value.startswith("text/html") for name, value in headers):
            body = body.replace(_HEAD_END, _SCRIPT + _HEAD_END, 1)
        code, reason = reply["status"].split(" ", 1)
        fields = httputil.HTTPHeaders()
        for name, value in [*headers, ("Content-Length", str(len(body)))]:
            fields.add(name, value)
        connection = request.connection
        assert connection is not None
        connection.write_headers(httputil.ResponseStartLine("HTTP/1.1", int(code), reason), fields,
                                 chunk=body if request.method != "HEAD" else b"")
        connection.finish()


class _Server(Server):
    """livereload's server with routes of ours: the reload socket and its client, for this
    machine's pages, and the site; no /forcereload (a GET that reloaded every page)."""

    def __init__(self, app: SiteApp, given: Listening, listening: Callable[[], None]):
        super().__init__(app, watcher=_NoPolling())
        self.given = given
        self.listening = listening  # told once the port is open: only then is there anything to visit
        app.script_hash = "sha256-" + base64.b64encode(hashlib.sha256(_SNIPPET).digest()).decode()

    def application(self, port: int, host: str, liveport: object = None, debug: object = None,
                    live_css: bool = True) -> None:
        LiveReloadHandler.watcher = self.watcher
        LiveReloadHandler.live_css = live_css
        handlers: list[tuple[str, Any, dict[str, Any]]] = [
            (r"/livereload", _ReloadSocket, {"given": self.given}),
            (r"/livereload.js", _ReloadScript, {"given": self.given}),
            (r".*", web.FallbackHandler, {"fallback": _Site(self.app)})]
        web.Application(handlers=handlers, debug=False).listen(port, address=host)
        self.listening()

    def _setup_logging(self) -> None:
        logging.getLogger("livereload").setLevel(logging.WARNING)


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
    listening = Listening(host, port)
    app = SiteApp(preview, clients=lambda: len(LiveReloadHandler.waiters), given=listening)
    address = f"http://{host}:{port}{preview.prefix}"
    server = _Server(app, given=listening, listening=lambda: print(
        f"serving {address}: it rebuilds and reloads on every change (Ctrl-C to stop)", flush=True))
    observer = watch(preview)
    builder = threading.Thread(target=preview.run, name="preview-builder", daemon=True)
    builder.start()
    try:
        server.serve(port=port, host=host, debug=False, restart_delay=0,
                     open_url_delay=0.5 if open_browser else None)
    except OSError as exc:  # the port cannot be opened: nothing was served
        if exc.errno == errno.EADDRINUSE:
            print(f"error: port {port} is already in use; stop the other server or pass --port {port + 1}",
                  file=sys.stderr)
        else:
            print(f"error: cannot listen on {host}, port {port} ({exc.strerror or exc}); --host takes an address "
                  "of this machine, such as 127.0.0.1", file=sys.stderr)
        return EXIT_USAGE
    finally:
        preview.stop()
        observer.stop()
    print("stopped")
    return EXIT_OK
