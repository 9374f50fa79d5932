"""The live preview's builder loop: it waits for saves, lets a burst of them settle, builds once,
and tells the open pages to reload (or shows them the errors)."""

from __future__ import annotations

import logging
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

from .. import urls
from ..errors import WARNING, Diagnostic, Excerpt, Sources, errors_in, formatted, summary_line
from ..incremental.rebuild import Rebuilder, Rebuilt
from ..render.pages import Output
from ..urls import base_path

QUIET_SECONDS = 0.02  # a save is often several file-system events, within a millisecond or two: let them settle
CLOSED_SHARE = 0.25  # of the quiet time: what is waited once every file written to has been closed


class Preview:
    """The state of a preview: a builder, the changes waiting for it, and what the pages should show."""

    def __init__(self, root: Path, output: Path, reload: Callable[[str], None] = lambda path: None,
                 quiet: float = QUIET_SECONDS):
        self.root = root.absolute()
        self.output = output.absolute()
        self.builder = Rebuilder(self.root, self.output)
        self._send_reload = reload  # called with a site path ('*' for every page) after a build changes something
        self.quiet = quiet
        self.problems: list[Diagnostic] = []  # the errors the overlay shows; empty when the content is good
        self.warnings: list[Diagnostic] = []  # shown too, in a panel that does not stop the page
        self.excerpts: dict[Diagnostic, Excerpt | None] = {}  # the line of its file each is on
        self.prefix = "/"
        self.builds = 0
        self.generation = 0  # how many times the pages were told to reload; each page knows its own
        self._pending: set[str] = set()
        self._writing: set[str] = set()  # files created or modified and not closed since
        self._last_change = 0.0
        self._changed = threading.Condition()
        self._stopping = False

    # -- building ---------------------------------------------------------------------------------
    def build(self, changed: set[str] | None = None, defer: Callable[[Output], bool] | None = None) -> Rebuilt:
        started = time.perf_counter()
        result = self.builder.build(changed, defer)
        self.builds += 1
        warned = self.warnings
        self.problems = sorted(errors_in(result.problems))
        self.warnings = sorted(problem for problem in result.problems if problem.severity == WARNING)
        sources = Sources(self.root)
        self.excerpts = {problem: sources.excerpt(problem) for problem in self.problems + self.warnings}
        if result.content is not None:
            self.prefix = base_path(result.content.site.base_url)
        took = (time.perf_counter() - started) * 1000
        if result.ok:
            logging.getLogger("defections").info("%s in %.0f ms: %d file(s) written",
                                                 "rebuilt" if self.builds > 1 else "built", took, len(result.written))
            if self.warnings and self.warnings != warned:  # new ones: said once, not after every save
                self._print(self.warnings)
        else:
            self._print(self.problems + self.warnings)
        return result

    def _print(self, problems: list[Diagnostic]) -> None:
        """The problems in the terminal, each with its line, as `check` shows them."""
        for problem in sorted(problems):
            print(formatted(problem, self.excerpts.get(problem)), file=sys.stderr)
        print(f"{summary_line(problems)}; the preview shows them on every page", file=sys.stderr)

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
        return self.quiet if self._writing else self.quiet * CLOSED_SHARE

    def run(self) -> None:
        """The builder loop: wait for changes, let a burst settle, build once, reload the pages."""
        showed_errors = bool(self.problems)
        while True:
            warned = self.warnings
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
                result = self.build(changed, defer=after_the_reload)
            except Exception as exc:  # the preview must outlive any failure; say what happened
                logging.getLogger("defections").exception("the rebuild failed")
                self.problems = [Diagnostic("(build)", 1, 1, f"the build failed unexpectedly: {exc}")]
                self.reload("*")
                showed_errors = True
                continue
            if not result.ok:
                self.reload("*")  # show the overlay (or its new list of errors)
                showed_errors = True
            elif result.written or result.removed or showed_errors or self.warnings != warned:
                css_only = (result.written and all(p.endswith(".css") for p in result.written) and not showed_errors
                            and self.warnings == warned)
                self.reload(result.written[0] if css_only else "*")
                showed_errors = False
            self.builder.settle()  # the pages are reloading: now hash what was written unhashed
            if self.builder.behind:
                self._catch_up()

    def _catch_up(self) -> None:
        """Bring the data files left behind up to date, one at a time, giving way to a new save as
        soon as one is waiting: its build leaves them behind again, and the catch-up after it
        makes them. They are made of the last good content: after a save with errors too, whose
        build changed nothing, so that the site is all of the last good build. No page shows
        them, so no page reloads."""
        if self._waiting():
            return
        try:
            self.builder.catch_up(give_way=self._waiting)
        except Exception:
            logging.getLogger("defections").exception("bringing the data files up to date failed")

    def _waiting(self) -> bool:
        """Whether a save is waiting to be built (or the preview is stopping)."""
        with self._changed:
            return bool(self._pending) or self._stopping

    def reload(self, path: str) -> None:
        self.generation += 1
        self._send_reload(path)

    def stop(self) -> None:
        with self._changed:
            self._stopping = True
            self._changed.notify()


def after_the_reload(output: Output) -> bool:
    """What a rebuild in the preview may leave to just after the reload: the data exports (tens of
    megabytes with thousands of people, rebuilt in full on most edits), the sitemap and the feed
    (every page's address, every event: a name edit can move a person to another page of the
    index) are not what an editor is looking at."""
    return output.path.startswith(urls.DATA) or output.path in (urls.SITEMAP, urls.FEED)
