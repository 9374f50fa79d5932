"""Read a project folder: every record file as located YAML nodes, every seed as text.

Nothing here knows what a field means; that is fields.py and validate.py.
"""

from __future__ import annotations

import hashlib
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .diagnostics import Diagnostic, WARNING
from .schema import ARTICLE, EVENT, ID_PATTERN, PERSON, SITE, RecordKind
from .yamlfile import Source, compose, decode


@dataclass
class Document:
    """One record file: its id (the file stem), path for messages, and parsed YAML (None if broken)."""

    kind: RecordKind
    id: str
    path: str
    node: yaml.Node | None
    body: str = ""  # a page's Markdown after its front matter
    body_line: int = 1
    digest: str = ""  # of the file's bytes: what the record cache is keyed by


@dataclass
class Project:
    root: Path
    site: Document | None = None
    articles: dict[str, Document] = field(default_factory=dict)
    people: dict[str, Document] = field(default_factory=dict)
    events: dict[str, Document] = field(default_factory=dict)
    pages: dict[str, Document] = field(default_factory=dict)
    seeds: dict[str, "Seed"] = field(default_factory=dict)  # article id -> text, for readable seeds
    seed_paths: dict[str, str] = field(default_factory=dict)  # article id -> path, for every seed file


class FileCache:
    """What was read from each file, so a rebuild reads again only the files that changed.

    `changed` names the files a watcher saw change (paths relative to the root); without it,
    a file is read again when its size or modification time differs."""

    def __init__(self) -> None:
        self.entries: dict[str, tuple[tuple, object, list[Diagnostic]]] = {}

    def get(self, root: Path, path: Path, reader, changed: set[str] | None, seen: set[str]):
        relative = _relative(root, path)
        seen.add(relative)
        entry = self.entries.get(relative)
        if entry is not None and changed is not None and relative not in changed:
            return entry[1], entry[2]
        stat = path.stat()
        signature = (stat.st_mtime_ns, stat.st_size, stat.st_ino)
        if entry is not None and changed is None and entry[0] == signature:
            return entry[1], entry[2]
        problems: list[Diagnostic] = []
        value = reader(root, path, problems)
        self.entries[relative] = (signature, value, problems)
        return value, problems

    def forget_all_but(self, seen: set[str]) -> None:
        for relative in set(self.entries) - seen:
            del self.entries[relative]


def load(root: Path, cache: FileCache | None = None,
         changed: set[str] | None = None) -> tuple[Project, list[Diagnostic]]:
    """Read every record, page and seed of the project (from the cache where unchanged)."""
    cache = cache if cache is not None else FileCache()
    project = Project(root)
    problems: list[Diagnostic] = []
    seen: set[str] = set()

    def read(path: Path, reader):
        value, file_problems = cache.get(root, path, reader, changed, seen)
        problems.extend(file_problems)
        return value

    site_path = root / "content" / "site.yaml"
    if site_path.is_file():
        project.site = read(site_path, lambda r, p, probs: _read_yaml(r, p, SITE, "site", probs))
    else:
        problems.append(Diagnostic("content/site.yaml", 1, 1,
                                   "there is no content/site.yaml; create it with at least 'title: <site name>'"))
    for kind, target in ((ARTICLE, project.articles), (PERSON, project.people), (EVENT, project.events)):
        for path, record_id in _files(root, kind.folder, ".yaml", problems):
            target[record_id] = read(path, lambda r, p, probs, k=kind, i=record_id: _read_yaml(r, p, k, i, probs))
    from .pages import read_page  # pages have their own small format: front matter + Markdown
    for path, page_id in _files(root, "content/pages", ".md", problems):
        project.pages[page_id] = read(path, lambda r, p, probs, i=page_id: read_page(r, p, i, probs))
    for path, article_id in _files(root, "seeds", ".txt", problems):
        project.seed_paths[article_id] = _relative(root, path)  # even when unreadable: it exists
        seed = read(path, _read_seed)
        if seed is not None:
            project.seeds[article_id] = seed
    cache.forget_all_but(seen)
    return project, problems


@dataclass(frozen=True)
class Seed:
    text: str
    digest: str  # of the bytes: what caches of its paragraphs and quote matches are keyed by


def _read_seed(root: Path, path: Path, problems: list[Diagnostic]) -> Seed | None:
    data = path.read_bytes()
    text, decode_problems = decode(_relative(root, path), data)
    problems.extend(decode_problems)
    return Seed(text, hashlib.sha1(data).hexdigest()) if text is not None else None


def _relative(root: Path, path: Path) -> str:
    return path.relative_to(root).as_posix()


def _files(root: Path, folder: str, suffix: str, problems: list[Diagnostic]) -> list[tuple[Path, str]]:
    """The files of a folder with their ids, reporting names the build would otherwise skip silently."""
    directory = root / folder
    if not directory.is_dir():
        return []
    found = []
    with os.scandir(directory) as listing:  # no stat per file: cheap on large folders
        entries = sorted(listing, key=lambda entry: entry.name)
    for entry in entries:
        name = entry.name
        if name.startswith("."):
            continue
        path = directory / name
        relative = f"{folder}/{name}"
        if entry.is_dir():
            problems.append(Diagnostic(relative, 1, 1, f"folders are not read inside {folder}/; "
                                                       "move its files up a level", WARNING))
            continue
        if path.suffix != suffix:
            expected = f"{path.stem}{suffix}"
            problems.append(Diagnostic(relative, 1, 1, f"only {suffix} files are read in {folder}/; "
                                                       f"rename it to {expected} or move it elsewhere"))
            continue
        stem = path.stem
        if not ID_PATTERN.fullmatch(stem):
            suggestion = re.sub(r"[^a-z0-9_-]+", "-", stem.lower()).strip("-_") or "a-name"
            problems.append(Diagnostic(relative, 1, 1,
                                       f"'{stem}' cannot be an id: use lower-case letters, digits, '-' and '_', "
                                       f"starting with a letter or digit (e.g. rename it to "
                                       f"{suggestion}{suffix})"))
            continue
        found.append((path, stem))
    return found


def _read_yaml(root: Path, path: Path, kind: RecordKind, record_id: str,
               problems: list[Diagnostic]) -> Document:
    relative = _relative(root, path)
    data = path.read_bytes()
    text, decode_problems = decode(relative, data)
    problems.extend(decode_problems)
    node = None
    if text is not None:
        node, yaml_problems = compose(Source(relative, text))
        problems.extend(yaml_problems)
    return Document(kind, record_id, relative, node, digest=hashlib.sha1(data).hexdigest())
