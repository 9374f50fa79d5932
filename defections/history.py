"""When each content file last changed, from git history (never from the clock, so a build of the
same commit is the same bytes). Without git, or outside a repository, there are no dates."""

from __future__ import annotations

import subprocess
from pathlib import Path

from .dates import PartialDate


class History:
    """One `git log` pass per commit: the date each file under content/ was last committed."""

    def __init__(self, root: Path):
        self.root = root
        self._head: str | None = None
        self._dates: dict[str, PartialDate] = {}

    def _git(self, *args: str) -> str | None:
        try:
            done = subprocess.run(["git", "-C", str(self.root), *args], capture_output=True, text=True, timeout=60)
        except (OSError, subprocess.TimeoutExpired):
            return None
        return done.stdout if done.returncode == 0 else None

    def head(self) -> str | None:
        """The commit checked out, or None outside a repository (or without git)."""
        return self._git("rev-parse", "HEAD")

    def last_changed(self) -> dict[str, PartialDate]:
        head = self.head()
        if head is None:
            return {}
        if head != self._head:
            log = self._git("log", "--relative", "--format=%x00%cs", "--name-only", "--", "content") or ""
            dates: dict[str, PartialDate] = {}
            current = None
            for line in log.splitlines():
                if line.startswith("\x00"):
                    current = PartialDate.parse(line[1:])
                elif line and current is not None:
                    dates.setdefault(line, current)  # newest first: the first date seen is the last change
            self._head, self._dates = head, dates
        return self._dates
