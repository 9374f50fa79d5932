"""When each content file last changed, from git history (never from the clock, so a build of the
same commit is the same bytes). Without git, or outside a repository, there are no dates."""

from __future__ import annotations

import subprocess
from pathlib import Path

from .dates import PartialDate


def _git(root: Path, *args: str) -> str | None:
    try:
        done = subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.TimeoutExpired):
        return None
    return done.stdout if done.returncode == 0 else None


def head(root: Path) -> str | None:
    """The commit checked out, or None outside a repository (or without git)."""
    return _git(root, "rev-parse", "HEAD")


def last_changed(root: Path) -> dict[str, PartialDate]:
    """The date each file under content/ was last committed, by its path relative to the root."""
    if head(root) is None:
        return {}
    log = _git(root, "log", "--relative", "--format=%x00%cs", "--name-only", "--", "content") or ""
    dates: dict[str, PartialDate] = {}
    current = None
    for line in log.splitlines():
        if line.startswith("\x00"):
            current = PartialDate.parse(line[1:])
        elif line and current is not None:
            dates.setdefault(line, current)  # newest first: the first date seen is the last change
    return dates


def tracked(root: Path) -> frozenset[str] | None:
    """The files under content/ in the commit checked out, by their path relative to the root (as
    last_changed() knows them, without reading the history); None outside a repository, before its
    first commit, or without git."""
    listed = _git(root, "ls-tree", "-r", "-z", "--name-only", "HEAD", "--", "content")
    return frozenset(path for path in listed.split("\0") if path) if listed is not None else None
