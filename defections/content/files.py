"""Read a project folder: every record file and page as text, every seed (an article's text) as text.

Nothing here knows what a field means; that is fields.py and validate.py. A page's front matter
is parsed here, as it is cut from its Markdown body; records are parsed where they are validated.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol, TypeVar

import yaml

from ..errors import WARNING, Diagnostic, one_of
from ..schema import ARTICLE, EVENT, ID_PATTERN, LANGUAGE_PATTERN, PAGE, PERSON, SITE, RecordKind
from ..urls import (
    PAGE_LIMIT,
    RESERVED_PAGE_IDS,
    TIMELINE_ID_PREFIXES,
    TIMELINE_IDS,
    taken_by_the_people_index,
    taken_by_the_sources_index,
    taken_on_the_timeline,
)
from .characters import INVISIBLE, UNSHOWABLE_IN_TEXT, hidden_by_reference, named
from .quotes import paragraphs
from .yamlfile import Source, compose, decode, position

SITE_PATH = "content/site.yaml"
MAX_RECORD_BYTES = 1 << 20  # a record or page: far more than any needs
MAX_SEED_BYTES = 5 << 20  # an article's text
_FRONT_MATTER_FENCE = re.compile(r"---[ \t]*$")


@dataclass(frozen=True, slots=True)
class Document:
    """One record file or page: its id (the file stem) and its path for messages. A record file
    has its text (None if it could not be read); a page has its front matter parsed (`node`, None
    if it could not be) and its Markdown body."""

    kind: RecordKind
    id: str
    path: str
    text: str | None
    node: yaml.Node | None = None
    body: str = ""
    body_line: int = 1  # the line of the file the body starts on


@dataclass(frozen=True, slots=True)
class Seed:
    """An article's text, exactly as received, in the paragraphs it is shown in (quotes.paragraphs):
    all the build needs of it, held once (the text as read is let go as soon as it is split)."""

    path: str
    paragraphs: tuple[str, ...]


@dataclass(frozen=True)
class Project:
    """Everything read from a project folder. Its collections are never changed once made."""

    root: Path
    site: Document | None
    articles: dict[str, Document]
    people: dict[str, Document]
    events: dict[str, Document]
    pages: dict[str, Document]
    seeds: dict[str, Seed]  # article id -> text, for the readable seeds
    seed_paths: dict[str, str]  # article id -> path, for every seed file, readable or not


T = TypeVar("T")
Reader = Callable[[Path, str, list[Diagnostic]], Any]  # (root, relative path, problems) -> what the file holds


class ReadFile(Protocol):
    """How the loader reads a file: read_fresh() reads it; a rebuild may give what it read before."""

    def __call__(self, root: Path, relative: str, reader: Reader, problems: list[Diagnostic]) -> Any: ...


def read_fresh(root: Path, relative: str, reader: Reader, problems: list[Diagnostic]) -> Any:
    return reader(root, relative, problems)


@dataclass(frozen=True)
class Folder:
    """A folder of the project holding one kind of file: where, its suffix, and how it is read."""

    path: str
    suffix: str
    collection: str  # the Project attribute it fills
    read: Reader


def read_site(root: Path, relative: str, problems: list[Diagnostic]) -> Document:
    return _read_record(root, relative, SITE, "site", problems)


def _record_reader(kind: RecordKind) -> Reader:
    def read(root: Path, relative: str, problems: list[Diagnostic]) -> Document:
        record_id = _stem(relative)
        if kind is EVENT and taken_on_the_timeline(record_id):
            taken = one_of([*sorted(TIMELINE_IDS), *(f"{prefix}…" for prefix in TIMELINE_ID_PREFIXES)])
            problems.append(Diagnostic(relative, 1, 1, f"an event cannot be called '{record_id}': it is an element "
                                       f"of the timeline under its id, and the timeline's own elements take "
                                       f"{taken}; rename the file (e.g. to event-{record_id}.yaml)"))
        if kind is PERSON and taken_by_the_people_index(record_id):
            problems.append(Diagnostic(relative, 1, 1, f"a person cannot be called '{record_id}': past "
                                       f"{PAGE_LIMIT} people the people index lists them by initial, at "
                                       f"people/{record_id}/; rename the file to the person's name"))
        if kind is ARTICLE and taken_by_the_sources_index(record_id):
            problems.append(Diagnostic(relative, 1, 1, f"an article cannot be called '{record_id}': past "
                                       f"{PAGE_LIMIT} articles the sources index lists them by year, at "
                                       f"sources/{record_id}/; rename the file and its seed (e.g. to "
                                       f"article-{record_id})"))
        return _read_record(root, relative, kind, record_id, problems)
    return read


def _read_record(root: Path, relative: str, kind: RecordKind, record_id: str,
                 problems: list[Diagnostic]) -> Document:
    data = read_within(root, relative, MAX_RECORD_BYTES, problems)
    if data is None:
        return Document(kind, record_id, relative, None)
    text, decode_problems = decode(relative, data)
    problems.extend(decode_problems)
    return Document(kind, record_id, relative, text)


def read_page(root: Path, relative: str, problems: list[Diagnostic]) -> Document:
    """A Markdown page: front matter (YAML between '---' lines) and a Markdown body."""
    page_id = _stem(relative)
    if page_id in RESERVED_PAGE_IDS:
        problems.append(Diagnostic(relative, 1, 1,
                                   f"a page cannot be called '{page_id}': the site uses that address itself "
                                   f"(reserved: {one_of(sorted(RESERVED_PAGE_IDS))}); rename the file"))
    data = read_within(root, relative, MAX_RECORD_BYTES, problems)
    text = None
    if data is not None:
        text, decode_problems = decode(relative, data)
        problems.extend(decode_problems)
    unread = Document(PAGE, page_id, relative, None)
    if text is None:
        return unread
    problem = _unwanted_character(relative, text, "the page", "delete it (it is invisible in most editors: retype "
                                                              "the text around it)")
    if problem is not None:
        problems.append(problem)
        return unread
    lines = text.replace("\r\n", "\n").split("\n")
    if not lines or not _FRONT_MATTER_FENCE.fullmatch(lines[0]):
        problems.append(Diagnostic(relative, 1, 1, "a page starts with front matter giving its title:\n"
                                                   "---\ntitle: The page title\n---"))
        return unread
    closing = next((i for i in range(1, len(lines)) if _FRONT_MATTER_FENCE.fullmatch(lines[i])), None)
    if closing is None:
        problems.append(Diagnostic(relative, 1, 1, "the front matter is not closed; add a line '---' after it"))
        return unread
    # Keep line numbers true to the file: the front matter starts on line 2.
    front = "\n" + "\n".join(lines[1:closing])
    node, yaml_problems = compose(Source(relative, front)) if lines[1:closing] else (None, [])
    if not lines[1:closing] or any("file is empty" in p.message for p in yaml_problems):
        yaml_problems = [Diagnostic(relative, 1, 1, "the front matter is empty; give the page a 'title:'")]
    problems.extend(yaml_problems)
    return Document(PAGE, page_id, relative, None, node, body="\n".join(lines[closing + 1:]), body_line=closing + 2)


def read_seed(root: Path, relative: str, problems: list[Diagnostic]) -> Seed | None:
    data = read_within(root, relative, MAX_SEED_BYTES, problems)
    if data is None:
        return None
    text, decode_problems = decode(relative, data)
    problems.extend(decode_problems)
    if text is None:
        return None
    problem = _unwanted_character(relative, text, "the text", "delete it (this is the only change a seed may need)")
    if problem is not None:
        problems.append(problem)
        return None
    return Seed(relative, tuple(paragraphs(text)))


def _unwanted_character(relative: str, text: str, what: str, advice: str) -> Diagnostic | None:
    """The first character the text may not hold (characters.py), located."""
    control = UNSHOWABLE_IN_TEXT.search(text)
    if control:
        line, column = position(text, control.start())
        return Diagnostic(relative, line, column, f"{what} holds a control character (U+{ord(control.group()):04X}) "
                                                  f"that cannot be shown; {advice}")
    invisible = INVISIBLE.search(text)
    if invisible:
        line, column = position(text, invisible.start())
        return Diagnostic(relative, line, column, f"{what} holds an invisible character ({named(invisible.group())}) "
                                                  f"that can make words read differently on screen; {advice}")
    if what == "the page":  # Markdown: a character reference is the character, to a browser
        hidden = hidden_by_reference(text)
        if hidden:
            line, column = position(text, hidden[0])
            return Diagnostic(relative, line, column, f"{what} has the character reference '{hidden[1]}', which "
                                                      f"stands for {named(hidden[2])}, a character a page may not "
                                                      "show (it cannot be seen, or can make words read differently); "
                                                      "delete it")
    return None


FOLDERS = (
    Folder(ARTICLE.folder, ".yaml", "articles", _record_reader(ARTICLE)),
    Folder(PERSON.folder, ".yaml", "people", _record_reader(PERSON)),
    Folder(EVENT.folder, ".yaml", "events", _record_reader(EVENT)),
    Folder(PAGE.folder, ".md", "pages", read_page),
    Folder("seeds", ".txt", "seeds", read_seed),
)
FOLDER_AT = {folder.path: folder for folder in FOLDERS}


def _stem(relative: str) -> str:
    """A file's id: one string for it and every reference to it (fields.py interns those too)."""
    return sys.intern(relative.rpartition("/")[2].rpartition(".")[0])


def read_within(root: Path, relative: str, limit: int, problems: list[Diagnostic]) -> bytes | None:
    """The file's bytes, or None (with the reason) when it is larger than anyone needs, or gone.
    No more than the limit is ever read, even from a file that grows while it is read."""
    try:
        with open(os.path.join(root, relative), "rb", buffering=0) as file:  # no buffer: the bytes are read once
            size = os.fstat(file.fileno()).st_size
            data = file.read(min(size, limit) + 1)  # a byte more than it holds, so that a file that grew shows it
            while len(data) <= limit and (more := file.read(limit + 1 - len(data))):  # it grew, or a short read
                data += more
            size = max(len(data), size)
    except OSError as error:
        problems.append(Diagnostic(relative, 1, 1, f"the file could not be read ({error.strerror or error}): if it "
                                                   "was moved or deleted while this ran, run it again"))
        return None
    if size > limit:
        problems.append(Diagnostic(relative, 1, 1, f"the file is too large ({size / 1048576:.1f} MiB; the limit is "
                                                   f"{limit / 1048576:.0f} MiB): split it or cut it down"))
        return None
    return data


def symlink_problems(root: Path, folder: str) -> list[Diagnostic]:
    """Links are never followed: they could bring in files from outside the project."""
    directory = root / folder
    if not directory.is_dir() or linked(root, folder):
        return []
    return [symlink_problem(p.relative_to(root).as_posix()) for p in sorted(directory.rglob("*")) if p.is_symlink()]


READ_FOLDERS = ("content", "seeds", "templates")  # everything a build reads is in one of these


def linked(root: Path, relative: str) -> str | None:
    """The folder on the way to `relative` (itself included) that is a symbolic link, if one is."""
    parts = relative.split("/")
    for count in range(1, len(parts) + 1):
        prefix = "/".join(parts[:count])
        if (root / prefix).is_symlink():
            return prefix
    return None


def linked_folder_problems(root: Path) -> list[Diagnostic]:
    """A folder of the project that is a link: none of what is in it is read."""
    found = {link for folder in (*READ_FOLDERS, *(f.path for f in FOLDERS)) if (link := linked(root, folder))}
    return [Diagnostic(folder, 1, 1, "this folder is a symbolic link; links are not followed (they could reach outside "
                                     "the project): put the folder itself here") for folder in sorted(found)]


def symlink_problem(relative: str) -> Diagnostic:
    return Diagnostic(relative, 1, 1, "this is a symbolic link; links are not followed (they could reach outside "
                                      "the project): copy the file in")


def no_site_problem() -> Diagnostic:
    return Diagnostic(SITE_PATH, 1, 1, "there is no content/site.yaml; create it with at least 'title: <site name>'")


# Names Windows reserves: a repository with a file of such a name cannot be checked out there.
WINDOWS_RESERVED = frozenset({"con", "prn", "aux", "nul", *(f"com{n}" for n in range(1, 10)),
                              *(f"lpt{n}" for n in range(1, 10))})


def classify(folder: Folder, name: str, is_dir: bool, is_link: bool,
             problems: list[Diagnostic], is_regular: bool = True) -> str | None:
    """The id of a file in a content folder, or None (with the reason, if it is not a hidden
    file) when it is not read."""
    if name.startswith("."):
        return None
    relative = f"{folder.path}/{name}"
    if any("\udc80" <= character <= "\udcff" for character in name):  # bytes that are not UTF-8, as os keeps them
        problems.append(Diagnostic(relative, 1, 1, "this file's name is not UTF-8 (its bytes are shown escaped): "
                                                   "rename it, in lower-case letters, digits, '-' and '_'"))
        return None
    if is_link:
        problems.append(symlink_problem(relative))
        return None
    if is_dir:
        problems.append(Diagnostic(relative, 1, 1, f"folders are not read inside {folder.path}/; "
                                                   "move its files up a level", WARNING))
        return None
    if not is_regular:
        problems.append(Diagnostic(relative, 1, 1, "this is not a regular file (a named pipe, a socket or a device): "
                                                   "only files are read"))
        return None
    stem, _, extension = name.rpartition(".")
    if not stem or f".{extension}" != folder.suffix:
        stem = stem or name
        problems.append(Diagnostic(relative, 1, 1, f"only {folder.suffix} files are read in {folder.path}/; "
                                                   f"rename it to {stem}{folder.suffix} or move it elsewhere"))
        return None
    if folder.path == PAGE.folder and "." in stem:  # a translation: <id>.<tag>.md
        page_id, _, tag = stem.rpartition(".")
        if ID_PATTERN.fullmatch(page_id) and LANGUAGE_PATTERN.fullmatch(tag):
            return stem
        if ID_PATTERN.fullmatch(page_id):
            problems.append(Diagnostic(relative, 1, 1, f"'{tag}' is not a language tag: a page's translation is "
                                                       f"named <id>.<language tag>.md, e.g. {page_id}.ar.md"))
            return None
    if not ID_PATTERN.fullmatch(stem):
        suggestion = re.sub(r"[^a-z0-9_-]+", "-", stem.lower()).strip("-_") or "a-name"
        problems.append(Diagnostic(relative, 1, 1,
                                   f"'{stem}' cannot be an id: use lower-case letters, digits, '-' and '_', "
                                   f"starting with a letter or digit (e.g. rename it to {suggestion}{folder.suffix})"))
        return None
    if stem in WINDOWS_RESERVED:
        problems.append(Diagnostic(relative, 1, 1, f"'{stem}' cannot be an id: Windows reserves the name, and a "
                                                   f"repository with it cannot be checked out there; rename it (e.g. "
                                                   f"to {stem}-1{folder.suffix})"))
        return None
    return stem


@dataclass(frozen=True)
class Entry:
    """A name found in a folder, as listed (no stat per file: folders can hold tens of thousands)."""

    name: str
    is_dir: bool
    is_link: bool
    is_regular: bool  # a file, not a pipe, a socket or a device


def listing(root: Path, folder: Folder) -> list[Entry]:
    directory = root / folder.path
    if not directory.is_dir() or linked(root, folder.path):
        return []
    with os.scandir(directory) as entries:
        return sorted((Entry(e.name, e.is_dir(follow_symlinks=False), e.is_symlink(), e.is_file(follow_symlinks=False))
                       for e in entries), key=lambda entry: entry.name)


def load(root: Path, read: ReadFile = read_fresh) -> tuple[Project, list[Diagnostic]]:
    """Read every record, page and seed of the project, and report the files that cannot be read."""
    problems = linked_folder_problems(root) + symlink_problems(root, "templates")
    site = None
    if linked(root, "content"):
        pass  # reported with the folder
    elif (root / SITE_PATH).is_symlink():
        problems.append(symlink_problem(SITE_PATH))
    elif (root / SITE_PATH).is_file():
        site = read(root, SITE_PATH, read_site, problems)
    else:
        problems.append(no_site_problem())
    collections: dict[str, dict[str, Any]] = {folder.collection: {} for folder in FOLDERS}
    seed_paths: dict[str, str] = {}
    for folder in FOLDERS:
        found = collections[folder.collection]
        for entry in listing(root, folder):
            record_id = classify(folder, entry.name, entry.is_dir, entry.is_link, problems, entry.is_regular)
            if record_id is None:
                continue
            relative = f"{folder.path}/{entry.name}"
            value = read(root, relative, folder.read, problems)
            if folder.collection == "seeds":
                seed_paths[record_id] = relative  # it exists, even when it cannot be read
            if value is not None:
                found[record_id] = value
    by_id = {name: dict(sorted(found.items())) for name, found in collections.items()}  # files sort by name
    project = Project(root, site, by_id["articles"], by_id["people"], by_id["events"], by_id["pages"], by_id["seeds"],
                      dict(sorted(seed_paths.items())))
    return project, problems
