"""The preview's web app: the built site under its base path, never anything outside it, with the
error overlay on every page while the content has errors, and a panel of its warnings (which does
not stop the page) while it has only warnings."""

from __future__ import annotations

import hashlib
import html
import ipaddress
import json
import mimetypes
import posixpath
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from .. import urls
from ..errors import Diagnostic, printable
from .loop import Preview

PREVIEW_PREFIX = "/__preview__/"
REFUSED = (b"this preview answers only to this machine's own names (127.0.0.1, localhost, [::1]) or the --host it was "
           b"given, with its port")


@dataclass(frozen=True)
class Listening:
    """Where the preview listens: the --host given and the port."""

    host: str
    port: int


def answered(host: str, listening: Listening) -> bool:
    """Whether a request's Host names this preview: a loopback name or address (localhost,
    127.0.0.1, [::1]) or the --host given, with the preview's port or none. Any other name can only
    reach it through DNS rebinding, from a page elsewhere; an address cannot be rebound, so with a
    --host that listens on every address (0.0.0.0, ::) any address of this machine is answered."""
    try:
        parts = urlsplit(f"//{host}")
        name, port = parts.hostname, parts.port
    except ValueError:
        return False
    if not name or port not in (None, listening.port):
        return False
    if name in ("localhost", listening.host.lower().strip("[]")):
        return True
    try:
        address = ipaddress.ip_address(name)
    except ValueError:
        return False
    return address.is_loopback or listening.host in ("0.0.0.0", "::", "[::]")


NEWLINE = "\n"
_CSP = re.compile(rb'(<meta http-equiv="Content-Security-Policy" content="[^"]*?script-src )([^;"]*)')
_HEAD = re.compile(rb"</head>", re.I)
_BODY = re.compile(rb"<body[^>]*>", re.I)


class SiteApp:
    """A WSGI app serving the built site under its base path, with the error overlay when needed."""

    def __init__(self, preview: Preview, clients: Callable[[], int] = lambda: 0,
                 given: Listening = Listening("127.0.0.1", 8000)):
        self.preview = preview
        self.given = given  # where the preview listens
        self.clients = clients  # how many pages are connected for reloads
        here = Path(__file__).parent
        self.overlay_css = (here / "overlay.css").read_bytes()
        self.client_js = (here / "preview.js").read_bytes()
        self.script_hash = ""  # of livereload's injected snippet, allowed by the preview's CSP

    def __call__(self, environ, start_response):
        if not answered(environ.get("HTTP_HOST", ""), self.given):
            return self._send(start_response, "403 Forbidden", "text/plain; charset=utf-8", REFUSED)
        path = environ.get("PATH_INFO", "/")
        prefix = self.preview.prefix
        if path == PREVIEW_PREFIX + "overlay.css":
            return self._send(start_response, "200 OK", "text/css", self.overlay_css)
        if path == PREVIEW_PREFIX + "client.js":
            return self._send(start_response, "200 OK", "text/javascript", self.client_js)
        if path == PREVIEW_PREFIX + "status":
            status = {"generation": self.preview.generation, "builds": self.preview.builds,
                      "errors": len(self.preview.problems), "warnings": len(self.preview.warnings),
                      "problems": [self._problem(problem) for problem in self.preview.problems + self.preview.warnings],
                      "clients": self.clients()}
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
            target = target / urls.INDEX
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
        shows (so a page that missed a reload catches up), and add the overlay while there are
        errors (the warnings under them), or the panel of warnings while there are only warnings."""
        if self.script_hash:
            body = _CSP.sub(lambda m: m.group(1) + m.group(2) + b" '" + self.script_hash.encode() + b"'", body, 1)
        client = (f'<meta name="preview-generation" content="{self.preview.generation}">'
                  f'<script src="{PREVIEW_PREFIX}client.js" defer></script>').encode()
        body = _HEAD.sub(lambda m: client + m.group(0), body, 1)
        errors, warnings = self.preview.problems, self.preview.warnings
        if errors:
            also = (f'<h3>and {len(warnings)} warning{"s" if len(warnings) != 1 else ""}</h3>'
                    f'<ul class="preview-warnings">{self._items(warnings)}</ul>' if warnings else "")
            panel = (f'<div id="preview-errors" role="alert"><h2>The content has {len(errors)} '
                     f'error{"s" if len(errors) != 1 else ""}</h2><p>This page is the last good build. '
                     f'Fix the files below and it will reload by itself.</p><ul>{self._items(errors)}</ul>{also}</div>')
        elif warnings:
            signature = hashlib.sha256("\n".join(p.format() for p in warnings).encode()).hexdigest()[:16]
            count = f'{len(warnings)} warning{"s" if len(warnings) != 1 else ""}'
            panel = (f'<aside id="preview-warnings" aria-label="Warnings" data-signature="{signature}">'
                     '<button type="button" class="preview-dismiss" title="Hide until the warnings change">'
                     'Dismiss</button>'
                     f'<details open><summary><span class="preview-badge">warning</span> The content has {count}'
                     '</summary><p>The page is built; warnings do not stop it (with --strict, a build fails on them).'
                     f'</p><ul>{self._items(warnings)}</ul></details></aside>')
        else:
            return body
        link = f'<link rel="stylesheet" href="{PREVIEW_PREFIX}overlay.css">'.encode()
        body = _HEAD.sub(lambda m: link + m.group(0), body, 1)
        return _BODY.sub(lambda m: m.group(0) + panel.encode(), body, 1)

    def _items(self, problems: list[Diagnostic]) -> str:
        """Each problem as the terminal shows it: where, how bad, the message, then its line with a
        caret under the column; every piece of it escaped."""
        items = []
        for problem in problems:
            excerpt = self.preview.excerpts.get(problem)
            shown = (f'<pre class="preview-excerpt">{html.escape(NEWLINE.join(excerpt.lines()))}</pre>'
                     if excerpt else "")
            badge = f'<span class="preview-badge">{problem.severity}</span>'
            where = f"{html.escape(printable(problem.path))}:{problem.line}:{problem.column}"
            items.append(f'<li class="preview-{problem.severity}">{badge} <code>{where}</code> '
                         f'{html.escape(printable(problem.message, keep_newlines=True))}{shown}</li>')
        return "".join(items)

    def _problem(self, problem: Diagnostic) -> dict[str, object]:
        """A problem for the status JSON: where, how bad, the message and its line as shown."""
        excerpt = self.preview.excerpts.get(problem)
        return {"path": printable(problem.path), "line": problem.line, "column": problem.column,
                "severity": problem.severity, "message": printable(problem.message, keep_newlines=True),
                "excerpt": excerpt.lines() if excerpt else []}

    def _not_found(self, start_response):
        page = self.preview.output / "404.html"
        body = (self._decorate(page.read_bytes()) if page.is_file()
                else b"<!DOCTYPE html><title>Not found</title><h1>Not found</h1>")
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
