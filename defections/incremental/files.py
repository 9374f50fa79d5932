"""The project's files, kept from build to build: a rebuild reads again only the files that changed.

The watcher names the files that changed; then the last load is patched with those files alone,
without listing folders of tens of thousands of files. Without its word (or when a folder came
or went), everything is listed again, and a file is read again when its size, time or inode
changed. Either way an unchanged file gives the very same object it gave before, which is how
the later steps know it unchanged (reuse.py).
"""

from __future__ import annotations

import os
from collections import defaultdict
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from ..content.files import (
    FOLDER_AT,
    SITE_PATH,
    Project,
    Reader,
    classify,
    linked,
    load,
    no_site_problem,
    read_site,
    symlink_problem,
    symlink_problems,
)
from ..errors import Diagnostic

_TEMPLATES = "templates/"


@dataclass(frozen=True)
class _Kept:
    signature: tuple[int, int, int]  # (mtime_ns, size, inode)
    value: Any
    problems: tuple[Diagnostic, ...]


class ProjectFiles:
    """The files of one project, and what was read from each."""

    def __init__(self, root: Path):
        self.root = root
        self.project: Project | None = None
        self._kept: dict[str, _Kept] = {}
        self._problems: dict[str, list[Diagnostic]] = {}  # by the path they are about: a file, templates/
        self._changed: set[str] | None = None

    def load(self, changed: set[str] | None = None) -> tuple[Project, list[Diagnostic]]:
        """The project as it is now; `changed` names the files (relative to the root) changed
        since the last load, when a watcher knows."""
        self._changed = changed
        if changed is not None and self.project is not None:
            patched = self._patch(changed)
            if patched is not None:
                self.project = patched
                return patched, self._all_problems()
        seen: set[str] = set()
        project, problems = load(self.root, self._reader(seen))
        for relative in set(self._kept) - seen:
            del self._kept[relative]
        self._problems = defaultdict(list)
        for problem in problems:
            self._problems[_TEMPLATES if problem.path.startswith(_TEMPLATES) else problem.path].append(problem)
        self.project = project
        return project, problems

    def _reader(self, seen: set[str]):
        def read(root: Path, relative: str, reader: Reader, problems: list[Diagnostic]) -> Any:
            seen.add(relative)
            return self._read(relative, reader, problems)
        return read

    def _read(self, relative: str, reader: Reader, problems: list[Diagnostic]) -> Any:
        kept = self._kept.get(relative)
        if kept is not None and self._changed is not None and relative not in self._changed:
            problems.extend(kept.problems)
            return kept.value
        stat = os.stat(os.path.join(self.root, relative))  # not a Path: this runs for every file of the project
        signature = (stat.st_mtime_ns, stat.st_size, stat.st_ino)
        if kept is not None and self._changed is None and kept.signature == signature:
            problems.extend(kept.problems)
            return kept.value
        found: list[Diagnostic] = []
        value = reader(self.root, relative, found)
        self._kept[relative] = _Kept(signature, value, tuple(found))
        problems.extend(found)
        return value

    def _all_problems(self) -> list[Diagnostic]:
        return [problem for problems in self._problems.values() for problem in problems]

    def _patch(self, changed: set[str]) -> Project | None:
        """The last load with the changed files read again; None when only listing the folders
        again will do (a folder came or went, or a file in a place no file is read)."""
        assert self.project is not None
        project = self.project
        collections: dict[str, dict[str, Any]] = {}  # copies of the collections that change
        seed_paths = project.seed_paths
        for relative in sorted(changed):
            folder_path, _, name = relative.rpartition("/")
            path = self.root / relative
            if relative.startswith(_TEMPLATES) or relative == _TEMPLATES.rstrip("/"):
                self._problems[_TEMPLATES] = symlink_problems(self.root, "templates")
                continue
            if relative == SITE_PATH:
                problems: list[Diagnostic] = []
                self._problems[SITE_PATH] = problems
                if path.is_symlink():
                    problems.append(symlink_problem(SITE_PATH))
                    project = replace(project, site=None)
                elif path.is_file():
                    project = replace(project, site=self._read(SITE_PATH, read_site, problems))
                else:
                    problems.append(no_site_problem())
                    project = replace(project, site=None)
                continue
            folder = FOLDER_AT.get(folder_path)
            if linked(self.root, folder_path):
                return None  # a folder that is a link: a full load reports it
            if folder is None:
                if relative.startswith(("content/", "seeds/")) and not name.startswith("."):
                    return None  # a folder, or a file somewhere no file is read: a full load reports it
                continue
            found = collections.get(folder.collection)
            if found is None:
                found = collections[folder.collection] = dict(getattr(project, folder.collection))
            problems = []
            record_id = None
            if path.exists() or path.is_symlink():
                if path.is_dir() and not path.is_symlink():
                    return None
                record_id = classify(folder, name, False, path.is_symlink(), problems,
                                     is_regular=path.is_symlink() or path.is_file())
            self._kept.pop(relative, None)
            stem = name[: -len(folder.suffix)] if name.endswith(folder.suffix) else None
            if stem is not None and stem != record_id:  # the path no longer holds that record
                found.pop(stem, None)
                if folder.collection == "seeds" and stem in seed_paths:
                    seed_paths = {aid: p for aid, p in seed_paths.items() if aid != stem}
            if record_id is not None:  # stored in its old place if it had one: the order stays the same
                value = self._read(relative, folder.read, problems)
                if folder.collection == "seeds" and seed_paths.get(record_id) != relative:
                    seed_paths = {**seed_paths, record_id: relative}
                if value is not None:
                    found[record_id] = value
                else:
                    found.pop(record_id, None)
            self._problems[relative] = problems
        return replace(project, seed_paths=seed_paths,
                       articles=collections.get("articles", project.articles),
                       people=collections.get("people", project.people),
                       events=collections.get("events", project.events),
                       pages=collections.get("pages", project.pages),
                       seeds=collections.get("seeds", project.seeds))
