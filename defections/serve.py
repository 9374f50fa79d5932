"""`serve`: build, preview on this machine, rebuild on every change and reload the open pages.

The livereload package serves the pages, injects its client and holds the browsers' WebSocket
connections. What it does not do well, we do ourselves (see README, "Live preview"):
- watching: watchdog's file-system events instead of its 800 ms polling of the whole tree;
- deciding when to reload: a burst of saves is debounced into one incremental rebuild, and the
  reload is sent at once, bypassing its 3-second "Ignore" window (lepture/python-livereload#244)
  that would drop a second save;
- serving: a WSGI app of ours serves site/ under the base path of base_url, never anything
  outside it, and shows content errors in an overlay on every page until they are fixed.
"""

from __future__ import annotations

import base64
import errno
import gc
import hashlib
import html
import json
import logging
import mimetypes
import posixpath
import re
import sys
import threading
import time
from pathlib import Path

from .cli_support import base_path
from .diagnostics import Diagnostic, errors_in
from .pipeline import Builder, BuildResult

WATCHED = ("content", "seeds", "templates")
QUIET_SECONDS = 0.02  # a save is often several file-system events, within a millisecond or two: let them settle
SAVED = 0.25  # of the quiet time: what is waited once every file written to has been closed
PREVIEW_PREFIX = "/__preview__/"
_CSP = re.compile(rb'(<meta http-equiv="Content-Security-Policy" content="[^"]*?script-src )([^;"]*)')
_HEAD = re.compile(rb"</head>", re.I)
_BODY = re.compile(rb"<body[^>]*>", re.I)


class Preview:
    """The state of a preview: a builder, the changes waiting for it, and what the pages should show."""

    def __init__(self, root: Path, output: Path, reload=lambda path: None, quiet: float = QUIET_SECONDS):
        self.root = root.absolute()
        self.output = output.absolute()
        self.builder = Builder(self.root, self.output)
        self._send_reload = reload  # called with a site path ('*' for every page) after a build changes something
        self.quiet = quiet
        self.problems: list[Diagnostic] = []  # the errors the overlay shows; empty when the content is good
        self.prefix = "/"
        self.builds = 0
        self.generation = 0  # how many times the pages were told to reload; each page knows its own
        self._pending: set[str] = set()
        self._writing: set[str] = set()  # files created or modified and not closed since
        self._last_change = 0.0
        self._changed = threading.Condition()
        self._stopping = False

    # -- building ---------------------------------------------------------------------------------
    def build(self, changed: set[str] | None = None, defer=None) -> BuildResult:
        started = time.perf_counter()
        result = self.builder.build(changed, defer)
        self.builds += 1
        gc.freeze()  # the model lives on: keep the collector from walking it again after every build
        self.problems = errors_in(result.problems)
        if result.ok:
            self.prefix = base_path(result.content.site.base_url)
        took = (time.perf_counter() - started) * 1000
        if result.ok:
            logging.getLogger("defections").info("%s in %.0f ms: %d file(s) written",
                                                 "rebuilt" if self.builds > 1 else "built", took, len(result.written))
        else:
            for problem in self.problems:
                print(problem.format(), file=sys.stderr)
            print(f"{len(self.problems)} error(s); the preview shows them on every page", file=sys.stderr)
        return result

    def changed(self, paths: set[str], kind: str = "modified") -> None:
        """Called by the watcher, from its own thread, with the kind of event: a file 'created'
        or 'modified' is being written until it is 'closed' (or 'moved' or 'deleted')."""
        with self._changed:
            self._pending |= paths
            if kind in ("created", "modified"):
                self._writing |= paths
            else:
                self._writing -= paths
            self._last_change = time.monotonic()
            self._changed.notify()

    def _quiet(self) -> float:
        """How long to wait after the last event: a save is complete once its file is closed,
        so when every file written to has been, a quarter of the time is enough to gather the
        other saves of a burst (they follow within a millisecond); without close events (not
        on every system), the whole time."""
        return self.quiet if self._writing else self.quiet * SAVED

    def run(self) -> None:
        """The builder loop: wait for changes, let a burst settle, build once, reload the pages."""
        showed_errors = bool(self.problems)
        while True:
            with self._changed:
                while not self._pending and not self._stopping:
                    self._changed.wait()
                if self._stopping:
                    return
                while (wait := self._last_change + self._quiet() - time.monotonic()) > 0:
                    self._changed.wait(wait)
                changed, self._pending = self._pending, set()
                self._writing.clear()  # a file still open after the quiet time is read as it is
            try:
                result = self.build(changed, defer=_data_files)
            except Exception as exc:  # the preview must outlive any failure; say what happened
                logging.getLogger("defections").exception("the rebuild failed")
                self.problems = [Diagnostic("(build)", 1, 1, f"the build failed unexpectedly: {exc}")]
                self.reload("*")
                showed_errors = True
                continue
            if not result.ok:
                self.reload("*")  # show the overlay (or its new list of errors)
                showed_errors = True
            elif result.written or result.removed or showed_errors:
                css_only = result.written and all(p.endswith(".css") for p in result.written) and not showed_errors
                self.reload(result.written[0] if css_only else "*")
                showed_errors = False
            self.builder.settle()  # the pages are reloading: now hash what was written unhashed
            if result.ok and result.deferred:
                self._catch_up()

    def _catch_up(self) -> None:
        """Bring the data files left behind up to date, unless another change is waiting (its
        build does it). No page shows them, so no page reloads."""
        with self._changed:
            if self._pending or self._stopping:
                return
        try:
            self.builder.build(set())
        except Exception:
            logging.getLogger("defections").exception("bringing the data files up to date failed")

    def reload(self, path: str) -> None:
        self.generation += 1
        self._send_reload(path)

    def stop(self) -> None:
        with self._changed:
            self._stopping = True
            self._changed.notify()


def _data_files(output) -> bool:
    """What a rebuild in the preview may leave to just after the reload: the data exports (tens of
    megabytes with thousands of people, rebuilt in full on most edits) are not what an editor is
    looking at."""
    return output.path.startswith("data/")


class _Events:
    """Watchdog handler: the project files that changed, relative to the root."""

    def __init__(self, preview: Preview):
        self.preview = preview

    def dispatch(self, event) -> None:
        if event.event_type in ("opened", "closed_no_write"):
            return
        if event.is_directory and event.event_type == "modified":
            return  # what changed in the folder comes as events of its own; the folder would mean a full load
        paths = set()
        for attribute in ("src_path", "dest_path"):
            raw = getattr(event, attribute, "")
            if raw:
                path = Path(raw if isinstance(raw, str) else raw.decode())
                try:
                    relative = path.absolute().relative_to(self.preview.root).as_posix()
                except ValueError:
                    continue
                if relative.split("/", 1)[0] in WATCHED and not _ignored(path.name):
                    paths.add(relative)
        if paths:
            self.preview.changed(paths, "folder" if event.is_directory else event.event_type)


def _ignored(name: str) -> bool:
    """Editors' temporary and backup files."""
    return name.endswith(("~", ".swp", ".swx", ".tmp", ".partial")) or name.startswith(".#") or name == "4913"


def watch(preview: Preview):
    from watchdog import events
    from watchdog.observers import Observer

    observer = Observer()
    handler = _Events(preview)
    # Changes only: were files opened and read to be watched too, each build's own reads of the
    # templates would wake the watcher's thread dozens of times, and every wake-up takes the
    # interpreter from the build for a moment (it made a rebuild at 10,000 people twice as slow).
    changes = [events.FileCreatedEvent, events.FileModifiedEvent, events.FileClosedEvent, events.FileDeletedEvent,
               events.FileMovedEvent, events.DirCreatedEvent, events.DirModifiedEvent, events.DirDeletedEvent,
               events.DirMovedEvent]
    for folder in WATCHED:
        if (preview.root / folder).is_dir():
            observer.schedule(handler, str(preview.root / folder), recursive=True, event_filter=changes)
    observer.daemon = True
    observer.start()
    return observer


class SiteApp:
    """A WSGI app serving the built site under its base path, with the error overlay when needed."""

    def __init__(self, preview: Preview):
        self.preview = preview
        here = Path(__file__).parent
        self.overlay_css = (here / "overlay.css").read_bytes()
        self.client_js = (here / "preview.js").read_bytes()
        self.script_hash = ""  # of livereload's injected snippet, allowed by the preview's CSP

    def __call__(self, environ, start_response):
        path = environ.get("PATH_INFO", "/")
        prefix = self.preview.prefix
        if path == PREVIEW_PREFIX + "overlay.css":
            return self._send(start_response, "200 OK", "text/css", self.overlay_css)
        if path == PREVIEW_PREFIX + "client.js":
            return self._send(start_response, "200 OK", "text/javascript", self.client_js)
        if path == PREVIEW_PREFIX + "status":
            from livereload.handlers import LiveReloadHandler

            status = {"generation": self.preview.generation, "builds": self.preview.builds,
                      "errors": len(self.preview.problems), "clients": len(LiveReloadHandler.waiters)}
            return self._send(start_response, "200 OK", "application/json", json.dumps(status).encode())
        if path in ("/", "") and prefix != "/":
            return self._redirect(start_response, prefix)
        if path + "/" == prefix:
            return self._redirect(start_response, prefix)
        if not path.startswith(prefix):
            return self._not_found(start_response)
        target = self._file(path[len(prefix):])
        if target is None:
            return self._not_found(start_response)
        if target.is_dir():
            if not path.endswith("/"):
                return self._redirect(start_response, path + "/")
            target = target / "index.html"
            if not target.is_file():
                return self._not_found(start_response)
        content_type = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
        body = target.read_bytes()
        if content_type == "text/html":
            body = self._decorate(body)
            content_type += "; charset=utf-8"
        return self._send(start_response, "200 OK", content_type, body)

    def _file(self, relative: str) -> Path | None:
        """The file under the site a URL path names, or None for anything that would leave it."""
        if "\x00" in relative or "\\" in relative:
            return None
        normal = posixpath.normpath("/" + relative).lstrip("/")
        if normal.startswith("..") or any(part.startswith(".") for part in normal.split("/") if part):
            return None
        site = self.preview.output.resolve()
        target = (site / normal).resolve() if normal not in ("", ".") else site
        if target != site and site not in target.parents:
            return None  # a symlink out of the site
        return target if target.exists() else None

    def _decorate(self, body: bytes) -> bytes:
        """Allow livereload's snippet in the page's CSP, say which generation of the site the page
        shows (so a page that missed a reload catches up), and add the overlay while there are errors."""
        if self.script_hash:
            body = _CSP.sub(lambda m: m.group(1) + m.group(2) + b" '" + self.script_hash.encode() + b"'", body, 1)
        client = (f'<meta name="preview-generation" content="{self.preview.generation}">'
                  f'<script src="{PREVIEW_PREFIX}client.js" defer></script>').encode()
        body = _HEAD.sub(lambda m: client + m.group(0), body, 1)
        problems = self.preview.problems
        if problems:
            items = "".join(f"<li><code>{html.escape(p.path)}:{p.line}:{p.column}</code> {html.escape(p.message)}</li>"
                            for p in problems)
            overlay = (f'<div id="preview-errors" role="alert"><h2>The content has {len(problems)} '
                       f'error{"s" if len(problems) != 1 else ""}</h2><p>This page is the last good build. '
                       f'Fix the files below and it will reload by itself.</p><ul>{items}</ul></div>').encode()
            link = f'<link rel="stylesheet" href="{PREVIEW_PREFIX}overlay.css">'.encode()
            body = _HEAD.sub(lambda m: link + m.group(0), body, 1)
            body = _BODY.sub(lambda m: m.group(0) + overlay, body, 1)
        return body

    def _not_found(self, start_response):
        page = self.preview.output / "404.html"
        body = self._decorate(page.read_bytes()) if page.is_file() else b"<!DOCTYPE html><title>Not found</title><h1>Not found</h1>"
        return self._send(start_response, "404 Not Found", "text/html; charset=utf-8", body)

    @staticmethod
    def _redirect(start_response, location: str):
        start_response("302 Found", [("Location", location), ("Content-Length", "0")])
        return [b""]

    @staticmethod
    def _send(start_response, status: str, content_type: str, body: bytes):
        start_response(status, [("Content-Type", content_type), ("Content-Length", str(len(body))),
                                ("Cache-Control", "no-store")])
        return [body]


class _NoPolling:
    """Stands in for livereload's watcher: changes come from watchdog, so it never polls."""

    _tasks = {"watchdog": None}
    filepath = None

    def __init__(self) -> None:
        self._changes: list = []

    def watch(self, *args, **kwargs) -> None:
        pass

    def start(self, callback) -> bool:
        return True  # "I call you when something changes": livereload starts no poll loop

    def examine(self):
        return None, None


def command_serve(root: Path, output: Path, host: str, port: int, open_browser: bool) -> int:
    from .write import Busy, lock

    try:
        with lock(output, "the preview server (build.py serve)"):
            return _serve(root, output, host, port, open_browser)
    except Busy as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1


def _serve(root: Path, output: Path, host: str, port: int, open_browser: bool) -> int:
    from livereload import Server
    from livereload.handlers import LiveReloadHandler
    from tornado.ioloop import IOLoop

    from .cli import EXIT_CONTENT, EXIT_OK, EXIT_USAGE

    logging.basicConfig(level=logging.INFO, format="%(message)s")
    logging.getLogger("tornado.access").setLevel(logging.ERROR)
    loop = IOLoop.current()
    preview = Preview(root, output, reload=lambda path: loop.add_callback(LiveReloadHandler.reload_waiters, path))
    first = preview.build()
    if not first.ok and not (output / "index.html").is_file():
        print("fix the errors above, then run serve again (there is no earlier site to show)", file=sys.stderr)
        return EXIT_CONTENT
    app = SiteApp(preview)

    class _Server(Server):
        def get_web_handlers(self, script):
            # The snippet livereload adds to each page: let the page's CSP run exactly this script.
            snippet = re.search(rb"<script[^>]*>(.*?)</script>", script, re.S).group(1)
            app.script_hash = "sha256-" + base64.b64encode(hashlib.sha256(snippet).digest()).decode()
            return super().get_web_handlers(script)

        def _setup_logging(self):
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
