"""Read a project folder: every record file as located YAML nodes, every seed as text.

Nothing here knows what a field means; that is fields.py and validate.py.
"""

from __future__ import annotations

import hashlib
import os
import re
from itertools import chain
from operator import itemgetter
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .diagnostics import Diagnostic, WARNING
from .schema import ARTICLE, EVENT, ID_PATTERN, PERSON, SITE, RecordKind
from .yamlfile import decode


@dataclass
class Document:
    """One record file: its id (the file stem), path for messages, and its text (None if it could
    not be read), parsed as YAML where it is validated, and only when no earlier build did (a page's
    front matter is parsed as it is read: `node`)."""

    kind: RecordKind
    id: str
    path: str
    node: yaml.Node | None
    text: str | None = None
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


_PROBLEMS = itemgetter(2)  # of a FileCache entry


class FileCache:
    """What was read from each file, so a rebuild reads again only the files that changed.

    `changed` names the files a watcher saw change (paths relative to the root); without it,
    a file is read again when its size or modification time differs."""

    def __init__(self) -> None:
        self.entries: dict[str, tuple[tuple, object, list[Diagnostic]]] = {}
        self.names: dict[str, list[Diagnostic]] = {}  # problems with a file's name or place, by path
        self.project: Project | None = None
        self.reads = 0  # files read (not found unchanged) since the count was last reset

    def get(self, root: Path, relative: str, reader, changed: set[str] | None):
        entry = self.entries.get(relative)
        if entry is not None and changed is not None and relative not in changed:
            return entry[1]
        stat = os.stat(os.path.join(root, relative))  # not a Path: this runs for every file of the project
        signature = (stat.st_mtime_ns, stat.st_size, stat.st_ino)
        if entry is not None and changed is None and entry[0] == signature:
            return entry[1]
        problems: list[Diagnostic] = []
        self.reads += 1
        value = reader(root, root / relative, problems)
        self.entries[relative] = (signature, value, problems or ())  # (): shared, not one list per file
        return value

    def settled(self, racy) -> "FileCache":
        """For saving: without the files changed so recently that a change in the same clock
        tick would keep their size and time (they are read again next time). The project is kept:
        a run told which files changed (cli.py, from the last build's receipt, which names those
        files as changed too) then patches it instead of listing every folder again."""
        kept = FileCache()
        kept.entries = {path: entry for path, entry in self.entries.items() if not racy(entry[0])}
        kept.names = self.names
        kept.project = self.project
        return kept

    def problems(self) -> list[Diagnostic]:
        found = [problem for problems in self.names.values() for problem in problems]
        found.extend(chain.from_iterable(map(_PROBLEMS, self.entries.values())))  # every file, every rebuild
        return found


# Where each kind of file lives: folder -> (suffix, the Project attribute it fills, its reader)
def _readers() -> dict[str, tuple[str, str, object]]:
    from .pages import read_page  # pages have their own small format: front matter + Markdown

    def yaml_reader(kind):
        return lambda root, path, problems: _read_yaml(root, path, kind, path.stem, problems)

    return {
        ARTICLE.folder: (".yaml", "articles", yaml_reader(ARTICLE)),
        PERSON.folder: (".yaml", "people", yaml_reader(PERSON)),
        EVENT.folder: (".yaml", "events", yaml_reader(EVENT)),
        "content/pages": (".md", "pages", lambda root, path, problems: read_page(root, path, path.stem, problems)),
        "seeds": (".txt", "seeds", _read_seed),
    }


_SITE = "content/site.yaml"
MAX_RECORD_BYTES = 1 << 20  # a record or page: far more than any needs
MAX_SEED_BYTES = 5 << 20  # an article's text
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")  # what HTML cannot show (tab, CR, LF, FF are fine)


def _too_large(root: Path, path: Path, limit: int, problems: list[Diagnostic]) -> bool:
    size = path.stat().st_size
    if size > limit:
        problems.append(Diagnostic(path.relative_to(root).as_posix(), 1, 1,
                                   f"the file is too large ({size / 1048576:.1f} MiB; the limit is "
                                   f"{limit / 1048576:.0f} MiB): split it or cut it down"))
        return True
    return False


def symlink_problems(root: Path, folder: str) -> list[Diagnostic]:
    """Links are never followed: they could bring in files from outside the project."""
    directory = root / folder
    if not directory.is_dir():
        return []
    return [_symlink_problem(p.relative_to(root).as_posix()) for p in sorted(directory.rglob("*")) if p.is_symlink()]


def _symlink_problem(relative: str) -> Diagnostic:
    return Diagnostic(relative, 1, 1, "this is a symbolic link; links are not followed (they could reach outside "
                                      "the project): copy the file in")


def load(root: Path, cache: FileCache | None = None,
         changed: set[str] | None = None) -> tuple[Project, list[Diagnostic]]:
    """Read every record, page and seed of the project (from the cache where unchanged). Given the
    changed paths and an earlier load, only those paths are looked at."""
    cache = cache if cache is not None else FileCache()
    readers = _readers()
    if changed is not None and cache.project is not None and _patch(root, cache, changed, readers):
        return cache.project, cache.problems()
    project = Project(root)
    cache.names = {"templates/": symlink_problems(root, "templates")}
    seen: set[str] = set()
    if (root / _SITE).is_symlink():
        cache.names[_SITE] = [_symlink_problem(_SITE)]
    elif (root / _SITE).is_file():
        seen.add(_SITE)
        project.site = cache.get(root, _SITE, lambda r, p, probs: _read_yaml(r, p, SITE, "site", probs), changed)
    else:
        cache.names[_SITE] = [Diagnostic(_SITE, 1, 1, "there is no content/site.yaml; create it with at least "
                                                      "'title: <site name>'")]
    for folder, (suffix, attribute, reader) in readers.items():
        directory = root / folder
        if not directory.is_dir():
            continue
        with os.scandir(directory) as listing:  # no stat per file: cheap on large folders
            entries = sorted((entry.name, entry.is_dir(follow_symlinks=False), entry.is_symlink()) for entry in listing)
        for name, is_dir, is_link in entries:
            relative = f"{folder}/{name}"
            record_id = _classify(folder, name, suffix, is_dir, cache.names, is_link)
            if record_id is None:
                continue
            seen.add(relative)
            _store(project, attribute, record_id, relative, cache.get(root, relative, reader, changed))
    for relative in set(cache.entries) - seen:
        del cache.entries[relative]
    cache.project = project
    return project, cache.problems()


def _store(project: Project, attribute: str, record_id: str, relative: str, value) -> None:
    if attribute == "seeds":
        project.seed_paths[record_id] = relative  # even when unreadable: it exists
        if value is not None:
            project.seeds[record_id] = value
        else:
            project.seeds.pop(record_id, None)
    else:
        getattr(project, attribute)[record_id] = value


def _patch(root: Path, cache: FileCache, changed: set[str], readers) -> bool:
    """Apply the changed paths to the last load; False when only a full load will do."""
    project = cache.project
    for relative in sorted(changed):
        folder, _, name = relative.rpartition("/")
        path = root / relative
        if relative == _SITE:
            if not path.is_file():
                return False
            project.site = cache.get(root, _SITE, lambda r, p, probs: _read_yaml(r, p, SITE, "site", probs), changed)
            cache.names.pop(_SITE, None)
            continue
        if relative.startswith("templates/"):
            cache.names["templates/"] = symlink_problems(root, "templates")
            continue
        if folder not in readers:
            if relative.startswith(("content/", "seeds/")) and not name.startswith("."):
                return False  # a folder, or a file in a place we do not read: let a full load report it
            continue  # templates and the like: not content
        suffix, attribute, reader = readers[folder]
        cache.names.pop(relative, None)
        cache.entries.pop(relative, None)
        record_id = None
        if path.exists():
            if path.is_dir() and not path.is_symlink():
                return False
            record_id = _classify(folder, name, suffix, False, cache.names, path.is_symlink())
        stem = name[: -len(suffix)] if name.endswith(suffix) else None
        if stem is not None and stem != record_id:  # the path no longer holds that record
            getattr(project, attribute).pop(stem, None)
            if attribute == "seeds":
                project.seed_paths.pop(stem, None)
        if record_id is not None:  # stored in its old place, if it had one: the order of the records
            # stays the same from build to build, which keeps comparing them cheap (delta.changed_keys)
            _store(project, attribute, record_id, relative, cache.get(root, relative, reader, changed))
    return True


@dataclass(frozen=True)
class Seed:
    text: str
    digest: str  # of the bytes: what caches of its paragraphs and quote matches are keyed by


def _read_seed(root: Path, path: Path, problems: list[Diagnostic]) -> Seed | None:
    if _too_large(root, path, MAX_SEED_BYTES, problems):
        return None
    data = path.read_bytes()
    relative = path.relative_to(root).as_posix()
    text, decode_problems = decode(relative, data)
    problems.extend(decode_problems)
    if text is None:
        return None
    control = _CONTROL.search(text)
    if control:
        before = text[:control.start()]
        problems.append(Diagnostic(relative, before.count("\n") + 1, control.start() - (before.rfind("\n") + 1) + 1,
                                   f"the text holds a control character (U+{ord(control.group()):04X}) that cannot "
                                   "be shown; delete it (this is the only change a seed may need)"))
        return None
    return Seed(text, hashlib.sha1(data).hexdigest())


def _classify(folder: str, name: str, suffix: str, is_dir: bool,
              names: dict[str, list[Diagnostic]], is_link: bool = False) -> str | None:
    """The id of a file in a content folder, or None (with the reason in `names`) when it is not read."""
    if name.startswith("."):
        return None
    relative = f"{folder}/{name}"
    if is_link:
        names[relative] = [_symlink_problem(relative)]
        return None
    if is_dir:
        names[relative] = [Diagnostic(relative, 1, 1, f"folders are not read inside {folder}/; "
                                                      "move its files up a level", WARNING)]
        return None
    stem, _, extension = name.rpartition(".")
    if not stem or f".{extension}" != suffix:
        stem = stem or name
        names[relative] = [Diagnostic(relative, 1, 1, f"only {suffix} files are read in {folder}/; "
                                                      f"rename it to {stem}{suffix} or move it elsewhere")]
        return None
    if not ID_PATTERN.fullmatch(stem):
        suggestion = re.sub(r"[^a-z0-9_-]+", "-", stem.lower()).strip("-_") or "a-name"
        names[relative] = [Diagnostic(relative, 1, 1,
                                      f"'{stem}' cannot be an id: use lower-case letters, digits, '-' and '_', "
                                      f"starting with a letter or digit (e.g. rename it to {suggestion}{suffix})")]
        return None
    return stem


def _read_yaml(root: Path, path: Path, kind: RecordKind, record_id: str,
               problems: list[Diagnostic]) -> Document:
    relative = path.relative_to(root).as_posix()
    if _too_large(root, path, MAX_RECORD_BYTES, problems):
        return Document(kind, record_id, relative, None)
    data = path.read_bytes()
    text, decode_problems = decode(relative, data)
    problems.extend(decode_problems)
    return Document(kind, record_id, relative, None, text, digest=hashlib.sha1(data).hexdigest())
