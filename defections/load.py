"""Read a project folder: every record file as located YAML nodes, every seed as text.

Nothing here knows what a field means; that is fields.py and validate.py.
"""

from __future__ import annotations

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


@dataclass
class Project:
    root: Path
    site: Document | None = None
    articles: dict[str, Document] = field(default_factory=dict)
    people: dict[str, Document] = field(default_factory=dict)
    events: dict[str, Document] = field(default_factory=dict)
    pages: dict[str, Document] = field(default_factory=dict)
    seeds: dict[str, str] = field(default_factory=dict)  # article id -> text, for readable seeds
    seed_paths: dict[str, str] = field(default_factory=dict)  # article id -> path, for every seed file


def load(root: Path) -> tuple[Project, list[Diagnostic]]:
    project = Project(root)
    problems: list[Diagnostic] = []
    site_path = root / "content" / "site.yaml"
    if site_path.is_file():
        project.site = _read_yaml(root, site_path, SITE, "site", problems)
    else:
        problems.append(Diagnostic("content/site.yaml", 1, 1,
                                   "there is no content/site.yaml; create it with at least 'title: <site name>'"))
    for kind, target in ((ARTICLE, project.articles), (PERSON, project.people), (EVENT, project.events)):
        for path, record_id in _files(root, kind.folder, ".yaml", problems):
            target[record_id] = _read_yaml(root, path, kind, record_id, problems)
    from .pages import read_page  # pages have their own small format: front matter + Markdown
    for path, page_id in _files(root, "content/pages", ".md", problems):
        project.pages[page_id] = read_page(root, path, page_id, problems)
    for path, article_id in _files(root, "seeds", ".txt", problems):
        project.seed_paths[article_id] = _relative(root, path)  # even when unreadable: it exists
        text = _read_text(root, path, problems)
        if text is not None:
            project.seeds[article_id] = text
    return project, problems


def _relative(root: Path, path: Path) -> str:
    return path.relative_to(root).as_posix()


def _files(root: Path, folder: str, suffix: str, problems: list[Diagnostic]) -> list[tuple[Path, str]]:
    """The files of a folder with their ids, reporting names the build would otherwise skip silently."""
    directory = root / folder
    if not directory.is_dir():
        return []
    found = []
    for path in sorted(directory.iterdir()):
        name = path.name
        if name.startswith("."):
            continue
        relative = _relative(root, path)
        if path.is_dir():
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


def _read_text(root: Path, path: Path, problems: list[Diagnostic]) -> str | None:
    text, decode_problems = decode(_relative(root, path), path.read_bytes())
    problems.extend(decode_problems)
    return text


def _read_yaml(root: Path, path: Path, kind: RecordKind, record_id: str,
               problems: list[Diagnostic]) -> Document:
    relative = _relative(root, path)
    text = _read_text(root, path, problems)
    node = None
    if text is not None:
        node, yaml_problems = compose(Source(relative, text))
        problems.extend(yaml_problems)
    return Document(kind, record_id, relative, node)
