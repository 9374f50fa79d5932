"""`new person|event|article`: write a stub record in the right place with a proper id.

What the editor must still decide is left as a TODO value, which `check` reports until it is
filled in. Every stub names its JSON Schema for editors that read a yaml-language-server modeline.
"""

from __future__ import annotations

import os
import re
import stat
import tempfile
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from anyascii import anyascii

from ..content.duplicates import Spellings, near_twins, same_spelling, spellings
from ..content.fields import read_record
from ..content.files import WINDOWS_RESERVED
from ..content.quotes import paragraphs
from ..content.yamlfile import Source, compose, decode
from ..schema import ARTICLE, BRANCHES, EVENT, ID_PATTERN, KINDS, PERSON, STANCES, STATUS_RULES, STATUSES, RecordKind
from ..urls import taken_on_the_timeline
from .jsonschemas import SCHEMA_FILES


class ScaffoldError(Exception):
    """The stub cannot be written; the message says why and what to do."""


class TextInSeeds(ScaffoldError):
    """The text is in seeds/ already, under another id than the one it would be added as."""


def slug(text: str, limit: int = 60) -> str:
    """An id from any text: transliterated to ASCII, lower case, words joined with '-'."""
    words = re.findall(r"[a-z0-9]+", anyascii(text).lower())
    result = ""
    for word in words:
        if len(result) + len(word) + 1 > limit and result:
            break
        result = f"{result}-{word}" if result else word
    return result


def unique_id(folder: Path, base: str, suffix: str, event: bool = False) -> str:
    """The base, or base-2, base-3...: the first no file in the folder has (and not a name Windows
    reserves, nor, for an `event`, an id the timeline's own elements take)."""
    if base in WINDOWS_RESERVED:
        base = f"{base}-1"
    if event and taken_on_the_timeline(base):
        base = f"event-{base}"
    candidate, n = base, 2
    while (folder / f"{candidate}{suffix}").exists():
        candidate, n = f"{base}-{n}", n + 1
    return candidate


def _modeline(kind: RecordKind) -> str:
    return f"# yaml-language-server: $schema=../../schemas/{SCHEMA_FILES[kind.name]}\n"


def _quoted(text: str) -> str:
    """A YAML double-quoted scalar holding exactly this text."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{escaped}"'


def _todo_choice(name: str, values: dict) -> str:
    return f"{name}: TODO one of {', '.join(values)}\n"


def is_latin(text: str) -> bool:
    return all(not ch.isalpha() or "LATIN" in unicodedata.name(ch, "") for ch in text)


@dataclass(frozen=True)
class Twin:
    """A person already in the project whose name looks like a new one: their id, file and name;
    `same`, when the new name is exactly one of theirs, which ("name", "an alias", "the native name")."""

    id: str
    path: str
    name: str
    same: str = ""


KnownPeople = tuple[dict[str, Spellings], dict[str, str], dict[str, list[tuple[str, str]]]]


def person_twins(root: Path, name: str, people: KnownPeople | None = None) -> list[Twin]:
    """The people in content/people/ whose spellings can be the same name as `name` (duplicates.py),
    or who have that very name (as their name, an alias or their native name), in id order.
    `people`, from known_people(), saves reading every record again for each name."""
    known, names, written = people if people is not None else known_people(root)
    typed = same_spelling(name)
    same = {person_id: next((what for what, spelling in spelled_as if same_spelling(spelling) == typed), "")
            for person_id, spelled_as in written.items()}
    ids = sorted({*near_twins(name, known), *(person_id for person_id, what in same.items() if what)})
    return [Twin(person_id, known[person_id].path, names[person_id], same[person_id]) for person_id in ids]


def known_people(root: Path) -> KnownPeople:
    """Every readable person record's spellings, the name each gives, and each name it has as
    written (with which it is: "name", "an alias", "the native name"), by id."""
    known: dict[str, Spellings] = {}
    names: dict[str, str] = {}
    written: dict[str, list[tuple[str, str]]] = {}
    for path in sorted((root / PERSON.folder).glob("*.yaml")):
        relative = path.relative_to(root).as_posix()
        try:
            text, _ = decode(relative, path.read_bytes())
        except OSError:
            continue
        node, _ = compose(Source(relative, text)) if text is not None else (None, [])
        record = read_record(PERSON, path.stem, relative, node, []) if node is not None else None
        if record is not None:
            known[path.stem] = spellings(record)
            names[path.stem] = record["name"] or record["native_name"] or path.stem
            aliases = [("an alias", alias) for alias in record["aliases"] or ()]
            written[path.stem] = [(what, spelling) for what, spelling in
                                  [("name", record["name"]), *aliases, ("the native name", record["native_name"])]
                                  if spelling]
    return known, names, written


def id_taken(root: Path, name: str, written: Path) -> str | None:
    """Why the record was written under another id than the name's own (None when it was not)."""
    base = slug(name)
    if written.stem == base:
        return None
    if base in WINDOWS_RESERVED:
        return f"'{base}' is a name Windows keeps for its own use"
    taken = root / PERSON.folder / f"{base}.yaml"
    _, names, _ = known_people(root)
    holder = f" ({names[base]})" if base in names else ""
    return f"the id '{base}' is taken by {taken.relative_to(root).as_posix()}{holder}"


def new_person(root: Path, name: str, not_same_as: tuple[str, ...] = ()) -> Path:
    """A person's stub; `not_same_as`: the people with a name like it whom the editor says are others."""
    folder = root / PERSON.folder
    base = slug(name)
    if not base:
        raise ScaffoldError(f"cannot make an id from {name!r}; give the name in letters")
    person_id = unique_id(folder, base, ".yaml")
    if is_latin(name):
        names = f"name: {_quoted(name)}\n# native_name: the name in its own script\n"
    else:  # a name given in its own script: keep it, and ask for the Latin spelling sources use
        names = (f"name: TODO the name in Latin script, as sources spell it (e.g. {anyascii(name).title()})\n"
                 f"native_name: {_quoted(name)}\n")
    others = ("not_same_as:  # people whose names look like this one's, but who are someone else\n" +
              "".join(f"  - {other}\n" for other in not_same_as)) if not_same_as else ""
    text = (_modeline(PERSON) + names +
            "position: TODO the role they held when they broke away\n" +
            _todo_choice("branch", BRANCHES) +
            "# aliases:\n#   - another spelling of the name\n" + others +
            "# wikidata: Q42\n"
            "# summary: A short account in Markdown.\n"
            "sources:\n"
            "  - article: TODO the id of the article (its file name in seeds/ without .txt)\n"
            "    quote: TODO words copied exactly from one paragraph of the article\n")
    return _write(folder / f"{person_id}.yaml", text)


def new_event(root: Path, title: str, date: str | None = None, people: list[str] | None = None,
              kind: str | None = None, status: str | None = None, article: str | None = None) -> Path:
    folder = root / EVENT.folder
    base = slug(title)
    if not base:
        raise ScaffoldError(f"cannot make an id from {title!r}; give the event a title in words")
    event_id = unique_id(folder, base, ".yaml", event=True)
    lines = [_modeline(EVENT),
             f"date: {date}\n" if date else ("date: TODO YYYY-MM-DD, YYYY-MM or YYYY, as precisely as the source says"
                                            " (2012-07~ about, 2012-07-11? unsure, 2012-08-06/2012-08-08 between)\n"),
             f"title: {_quoted(title)}\n",
             f"kind: {kind}\n" if kind else _todo_choice("kind", KINDS),
             f"status: {status}\n" if status else _todo_choice("status", STATUSES),
             "people:\n"]
    lines += [f"  - {person}\n" for person in people or []] or ["  - TODO the id of a person in content/people/\n"]
    lines += ["# unnamed: {count: 2, who: members of parliament from Daraa, branch: political}"
              "  # those a source does not name\n",
              "# destination: where they went, if a source says\n",
              "sources:\n",
              f"  - article: {article}\n" if article else "  - article: TODO the id of the article\n",
              "    quote: TODO words copied exactly from one paragraph of the article\n",
              _stance_line(status),
              "    # said_by: who speaks in the quote, as the article names them, if not the publisher\n",
              "    # date: the date this source gives, if it differs from the event's\n"]
    return _write(folder / f"{event_id}.yaml", "".join(lines))


def _stance_line(status: str | None) -> str:
    """The stance the status needs, when one stance alone can carry it ("denied": denies)."""
    first_way = STATUS_RULES[status][0] if status in STATUS_RULES else ()
    if len(first_way) == 1:
        return f"    stance: {first_way[0].stances[0]}\n"
    return f"    stance: TODO one of {', '.join(STANCES)} (what the quoted words say about the event)\n"


@dataclass(frozen=True)
class NewArticle:
    """What `new article` wrote: the record, and the text, unless it was in seeds/ already."""

    seed: Path
    record: Path
    copied: bool  # False: the very text was in seeds/ already, and only its record was written


def new_article(root: Path, source: Path, article_id: str | None = None, data: bytes | None = None) -> NewArticle:
    """Copy the text into seeds/ byte for byte, and write its metadata stub. A text that is in
    seeds/ already (the file itself, or the same text under the id) is not copied again: only its
    record is written. `data`: the text's bytes, when the caller has read them already."""
    if data is None:
        if not source.is_file():
            raise ScaffoldError(f"{source}: no such file; give the path of the article's text")
        data = source.read_bytes()
    text, problems = decode(str(source), data)
    if text is None:
        problem = problems[0]
        raise ScaffoldError(f"{problem.path}:{problem.line}:{problem.column}: {problem.message}")
    in_seeds = _in_folder(source, root / "seeds")
    if in_seeds:  # the text is there: it is named by its id, which its record must have too
        if source.suffix != ".txt" or not ID_PATTERN.fullmatch(source.stem):
            better = slug(source.stem) or "the-story"
            raise ScaffoldError(f"seeds/{source.name} is not named by an id; rename it (e.g. to seeds/{better}.txt) "
                                "and run this again")
        if article_id not in (None, source.stem):
            raise ScaffoldError(f"seeds/{source.name} is in seeds/ under the id '{source.stem}'; drop --id to write "
                                f"its record, or rename the file to seeds/{article_id}.txt first")
    article_id = article_id or (source.stem if ID_PATTERN.fullmatch(source.stem) else slug(source.stem))
    if not ID_PATTERN.fullmatch(article_id or ""):
        raise ScaffoldError(f"cannot make an id from {source.name!r}; pass --id")
    seed = root / "seeds" / f"{article_id}.txt"
    record = root / ARTICLE.folder / f"{article_id}.yaml"
    there = "same" if in_seeds else _seed_there(seed, data, text)
    seed_name, record_name = (f"seeds/{seed.name}", f"{ARTICLE.folder}/{record.name}")
    holder = None if there == "same" else _holding(root / "seeds", seed, data, text)
    if holder is not None:  # a second copy would be a second article, its quotes found twice
        held = root / ARTICLE.folder / f"{holder.stem}.yaml"
        then = (f"cite it by that id (its record is {ARTICLE.folder}/{held.name})" if os.path.lexists(held) else
                f"write its record with: python3 build.py new article {holder.stem}")
        raise TextInSeeds(f"seeds/{holder.name} holds this text already, under the id '{holder.stem}'; nothing was "
                          f"written: {then}")
    if os.path.lexists(record):
        if there == "same":
            raise ScaffoldError(f"{record_name} already exists, and {seed_name} holds this text: the article is in "
                                "the project already; edit its record")
        raise ScaffoldError(f"{record_name} already exists; pass --id to choose another id")
    if there == "another":
        raise ScaffoldError(f"{seed_name} already exists, with another text; pass --id to add this one under "
                            "another id")
    first = next(iter(paragraphs(text)), "")
    hint = f" (the text starts: {first[:70]})" if first else ""
    stub = (_modeline(ARTICLE) +
            f"title: TODO the headline as published{_escape_comment(hint)}\n"
            "publisher: TODO who published it\n"
            "published: TODO YYYY-MM-DD, YYYY-MM or YYYY\n"
            "# url: https://the original address\n"
            "# archive_url: https://web.archive.org/web/… an archived copy\n"
            "# author: the byline\n"
            "full_text: false\n")
    if there == "same":
        return NewArticle(seed, _write(record, stub), copied=False)
    _write(seed, data)  # the text exactly as received
    try:
        return NewArticle(seed, _write(record, stub), copied=True)
    except BaseException:
        seed.unlink(missing_ok=True)  # a text with no record is half an article: none is better
        raise


def _in_folder(path: Path, folder: Path) -> bool:
    """Whether the file is directly in the folder (by where they really are)."""
    return path.absolute().parent.resolve() == folder.resolve()


def _holding(seeds: Path, seed: Path, data: bytes, text: str) -> Path | None:
    """The first text in seeds/ (by name), other than `seed`, that holds this text: these bytes or
    the same paragraphs."""
    try:
        names = sorted(entry.name for entry in os.scandir(seeds) if entry.name.endswith(".txt"))
    except OSError:
        return None  # no seeds/ yet (or one that cannot be listed, which check names)
    ours: list[str] | None = None
    for name in names:
        other = seeds / name
        if name == seed.name or not ID_PATTERN.fullmatch(other.stem):
            continue
        try:
            if not stat.S_ISREG(os.lstat(other).st_mode):
                continue
            held = other.read_bytes()
        except OSError:
            continue
        if held == data:
            return other
        held_text, _ = decode(str(other), held)
        if held_text is None:
            continue
        ours = paragraphs(text) if ours is None else ours
        if paragraphs(held_text) == ours:
            return other
    return None


def _seed_there(seed: Path, data: bytes, text: str) -> str:
    """What the seeds/ file of the id holds: "none" (there is none), "same" (these bytes, or the
    same paragraphs: quotes are found in it alike) or "another" (another text, or what is not a
    text, such as a folder)."""
    try:
        if not stat.S_ISREG(os.lstat(seed).st_mode):
            return "another"
        held = seed.read_bytes()
    except FileNotFoundError:
        return "none"
    except OSError:
        return "another"
    if held == data:
        return "same"
    other, _ = decode(str(seed), held)
    return "same" if other is not None and paragraphs(other) == paragraphs(text) else "another"


def _escape_comment(text: str) -> str:
    # The hint sits in a plain scalar: keep it on one line and free of YAML's special sequences.
    return re.sub(r"\s+", " ", text).replace(": ", " - ").replace(" #", " ")


def _write(path: Path, content: str | bytes) -> Path:
    """Write a new file whole or not at all: into a temporary file beside it, flushed to the disk,
    then linked under its name (which must not exist yet: never overwrite), then the temporary
    one removed. A full disk or an interruption leaves nothing under the real name."""
    path.parent.mkdir(parents=True, exist_ok=True)
    data = content.encode("utf-8") if isinstance(content, str) else content
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.link(temporary, path)  # fails if the name is taken, as open(path, 'x') would
    except FileExistsError:
        raise ScaffoldError(f"{path.name} already exists; choose another name") from None
    except OSError as error:
        raise ScaffoldError(f"could not write {path.name}: {error.strerror or error}") from None
    finally:
        os.unlink(temporary)
    return path
