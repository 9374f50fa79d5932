"""`suggest`: run the intake assistant over seeds and write draft records for an editor to review.

Drafts go to content/drafts/ (which `check` and the build never read), laid out like content/:
drafts/people/<id>.yaml, drafts/events/<id>.yaml. Every quote in them was found in the article by
the same code the build uses; comments give the words that led to each suggestion.
`suggest --accept people/<id>` (or just `<id>`) moves a reviewed draft into place.
"""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass
from pathlib import Path

from ..content.dates import PartialDate
from ..content.duplicates import name_key
from ..content.files import MAX_SEED_BYTES, load, read_within
from ..content.validate import validate
from ..content.yamlfile import decode
from ..errors import Diagnostic
from ..schema import DEFAULT_STANCE
from .intake import LONGEST_SENTENCE, DraftCitation, Suggestion, analyse, passed_over
from .scaffold import slug, unique_id

VERBS = {"defection": "defects", "dismissal": "is dismissed", "arrest": "is arrested", "return": "returns",
         "death": "dies", "other": "in the news"}


class SuggestError(Exception):
    pass


def _string(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)  # a JSON string is a YAML double-quoted scalar


def _comment(text: str) -> str:
    return " ".join(text.split())


@dataclass(frozen=True)
class Drafts:
    """What suggest drafted: each suggestion with the files written for it, and what it could not read."""

    results: list[tuple[Suggestion, list[str]]]
    notes: list[str]
    read: list[str]  # the texts it read, as the editor would name them


def draft(root: Path, seeds: list[Path], out: Path, published: str | None) -> Drafts:
    project, _ = load(root)
    content, _ = validate(project)
    known: dict[str, str] = {}
    for person_id in project.people:
        record = (content.people.get(person_id) if content else None)
        spellings = [record.name, *record.aliases] if record else [person_id.replace("-", " ")]
        for spelling in spellings:
            known.setdefault(name_key(spelling), person_id)
    if not seeds:
        seeds = [root / path for aid, path in sorted(project.seed_paths.items()) if aid not in project.articles]
    results, notes, read = [], [], []
    for seed in seeds:
        article_id = seed.stem
        text = _seed_text(root, seed)
        read.append(_shown(root, seed))
        date = _published(content, article_id, published)
        for suggestion in analyse(article_id, text, date, known):
            results.append((suggestion, _write(root, out, suggestion)))
        skipped = passed_over(text)
        if skipped:
            which = ", ".join(str(number) for number in skipped)
            several = len(skipped) > 1
            notes.append(f"{_shown(root, seed)}: passed over paragraph{'s' * several} {which}, with a sentence "
                         f"longer than {LONGEST_SENTENCE:,} characters; read {'them' if several else 'it'} yourself")
    return Drafts(results, notes, read)


def _shown(root: Path, seed: Path) -> str:
    return seed.relative_to(root).as_posix() if seed.is_relative_to(root) else str(seed)


def _seed_text(root: Path, seed: Path) -> str:
    """An article's text, read as check reads seeds: a regular file of MAX_SEED_BYTES at most, in UTF-8."""
    shown = _shown(root, seed)
    if not seed.is_file():
        raise SuggestError(f"{shown} is not a file: give the path of an article's text (seeds/<id>.txt)")
    problems: list[Diagnostic] = []
    data = read_within(root, shown, MAX_SEED_BYTES, problems)
    text, decoding = decode(shown, data) if data is not None else (None, [])
    if text is None:
        problem = (problems + decoding)[0]
        raise SuggestError(f"{problem.path}: {problem.message}")
    return text


def _published(content, article_id: str, given: str | None) -> PartialDate | None:
    if given:
        return PartialDate.parse(given)
    if content and article_id in content.articles:
        return content.articles[article_id].published
    return None


def _write(root: Path, out: Path, s: Suggestion) -> list[str]:
    written = []
    header = (f"# Drafted by `build.py suggest` from seeds/{s.article}.txt (confidence: {s.confidence}).\n"
              "# Review every line against the article, then: python3 build.py suggest --accept {kind}/{id}\n")
    person_id = s.known
    if person_id is None:
        person_id = unique_id(out / "people", unique_id(root / "content/people", slug(s.name), ".yaml"), ".yaml")
        quote = s.introduction or s.quotes[0]
        lines = [header.format(kind="people", id=person_id),
                 f"# Why: named as \"{_comment(s.title)}\"\n" if s.title else "",
                 f"name: {_string(s.name)}\n", f"position: {_string(s.title)}\n",
                 f"branch: {s.branch}  # from the title's words; "
                 "one of political, diplomatic, military, security, other\n",
                 "sources:\n", f"  - article: {s.article}\n", f"    quote: {_string(quote)}\n"]
        written.append(_save(out / "people" / f"{person_id}.yaml", "".join(lines)))
    event_id = unique_id(out / "events", unique_id(root / "content/events", f"{person_id}-{s.kind}", ".yaml",
                                                   event=True), ".yaml", event=True)
    lines = [header.format(kind="events", id=event_id),
             *(f"# Why: {_comment(e)}\n" for e in s.evidence),
             f"# date: {_comment(s.date_note)}\n",
             f"date: {s.date}\n" if s.date else "date: TODO the date of the event\n",
             f"title: {_string(s.name + ' ' + VERBS[s.kind])}\n",
             f"kind: {s.kind}\n",
             f"status: {s.status}  # what the stances below support: reported, confirmed, disputed or denied\n",
             "people:\n", f"  - {person_id}\n",
             f"destination: {_string(s.destination)}\n" if s.destination else "",
             "sources:\n", *(_citation(s.article, c) for c in s.citations)]
    written.append(_save(out / "events" / f"{event_id}.yaml", "".join(lines)))
    return [str(p.relative_to(root)) if p.is_relative_to(root) else str(p) for p in written]


def _citation(article: str, citation: DraftCitation) -> str:
    lines = [f"  - article: {article}\n", f"    quote: {_string(citation.quote)}\n"]
    if citation.stance != DEFAULT_STANCE:
        lines.append(f"    stance: {citation.stance}\n")
        lines.append(f"    said_by: {_string(citation.said_by)}  # who speaks, as the article names them\n"
                     if citation.said_by else "    # said_by: who denies it, as the article names them\n")
    return "".join(lines)


def _save(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8", newline="\n")
    return path


def accept(root: Path, out: Path, name: str) -> Path:
    """Move a reviewed draft into content/; `name` is 'people/<id>', 'events/<id>' or a bare id."""
    candidates = ([out / f"{name}.yaml"] if "/" in name
                  else [out / folder / f"{name}.yaml" for folder in ("people", "events")])
    found = [c for c in candidates if c.is_file()]
    if len(found) != 1:
        raise SuggestError(f"no single draft called {name!r} in {out}; name it as people/<id> or events/<id>")
    target = root / "content" / found[0].parent.name / found[0].name
    if target.exists():
        raise SuggestError(f"{target.relative_to(root)} exists already; merge the draft into it by hand")
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.move(str(found[0]), target)
    return target


def table(results: list[tuple[Suggestion, list[str]]]) -> str:
    rows = [("article", "person", "known or new", "proposed event", "date", "confidence")]
    for s, _ in results:
        date = s.date or "TODO"
        rows.append((s.article, s.name, s.known or "new", f"{s.kind}, {s.status}", date, s.confidence))
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    return "\n".join("  ".join(cell.ljust(width) for cell, width in zip(row, widths)).rstrip() for row in rows)
