"""`serve`: build the site, then preview it on this machine under the same path as base_url."""

from __future__ import annotations

import errno
import functools
import http.server
import sys
import webbrowser
from pathlib import Path
from urllib.parse import urlsplit

from .cli_support import base_path


class _Handler(http.server.SimpleHTTPRequestHandler):
    """Serves the built site under its base path; anything outside it is a 404."""

    def __init__(self, *args, prefix: str, **kwargs):
        self.prefix = prefix
        super().__init__(*args, **kwargs)

    def translate_path(self, path: str) -> str:
        address = urlsplit(path).path
        if not address.startswith(self.prefix):
            return str(Path(self.directory) / ".no-such-file")
        return super().translate_path("/" + address[len(self.prefix):])

    def do_GET(self) -> None:  # noqa: N802 - the standard library's name
        if self.path.rstrip("/") + "/" == self.prefix and not self.path.endswith("/"):
            self.send_response(301)
            self.send_header("Location", self.prefix)
            self.end_headers()
            return
        if self.prefix != "/" and urlsplit(self.path).path == "/":
            self.send_response(302)
            self.send_header("Location", self.prefix)
            self.end_headers()
            return
        super().do_GET()

    def log_message(self, format: str, *args) -> None:  # quiet: the editor watches the terminal for errors
        pass


def command_serve(root: Path, output: Path, host: str, port: int, open_browser: bool) -> int:
    from .cli import EXIT_CONTENT, EXIT_OK, EXIT_USAGE, command_build
    from .pipeline import check

    status = command_build(root, output)
    if status != EXIT_OK and not (output / "index.html").is_file():
        return status
    content, _ = check(root)
    prefix = base_path(content.site.base_url if content else None)
    handler = functools.partial(_Handler, directory=str(output), prefix=prefix)
    try:
        server = http.server.ThreadingHTTPServer((host, port), handler)
    except OSError as exc:
        if exc.errno == errno.EADDRINUSE:
            print(f"error: port {port} is already in use; stop the other server or pass --port {port + 1}",
                  file=sys.stderr)
            return EXIT_USAGE
        raise
    address = f"http://{host}:{server.server_address[1]}{prefix}"
    print(f"serving {address} (Ctrl-C to stop)")
    if open_browser:
        webbrowser.open(address)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        print("stopped")
    finally:
        server.server_close()
    return EXIT_OK if status == EXIT_OK else EXIT_CONTENT
