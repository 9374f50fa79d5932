"""`suggest`: run the intake assistant over seeds and write draft records for an editor to review.

Drafts go to content/drafts/ (which `check` and the build never read), laid out like content/:
drafts/people/<id>.yaml, drafts/events/<id>.yaml. Every quote in them was found in the article by
the same code the build uses; comments give the words that led to each suggestion.
`suggest --accept people/<id>` (or just `<id>`) moves a reviewed draft into place, and
`suggest --discard` removes one.

Reading an article again updates its drafts rather than writing second ones: a draft is the same
draft when it is about the same person from the same article. Its first line records a digest of
what suggest wrote, so a draft the editor has edited since is kept as it is, never overwritten;
and an event already accepted into content/events/ is not drafted again.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

from ..content.dates import PartialDate
from ..content.duplicates import same_spelling
from ..content.files import MAX_SEED_BYTES, load, read_within
from ..content.validate import validate
from ..content.yamlfile import decode
from ..errors import Diagnostic
from ..schema import DEFAULT_STANCE
from .intake import LONGEST_SENTENCE, DraftCitation, Suggestion, analyse, passed_over
from .scaffold import Twin, known_people, person_twins, slug, unique_id

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

    results: list[tuple[Suggestion, list[str]]]  # each suggestion, and what was done with its files ("wrote …")
    notes: list[str]
    read: list[str]  # the texts it read, as the editor would name them


def draft(root: Path, seeds: list[Path], out: Path, published: str | None) -> Drafts:
    project, _ = load(root)
    # The texts suggest reads have no record yet, which check calls an error; leave them out, so
    # the rest of the project (its people, its articles' dates, its events) is what is known.
    recorded = dataclasses.replace(project, seeds={k: v for k, v in project.seeds.items() if k in project.articles},
                                   seed_paths={k: v for k, v in project.seed_paths.items() if k in project.articles})
    content, _ = validate(recorded)
    known: dict[str, str] = {}
    for person_id in project.people:
        record = (content.people.get(person_id) if content else None)
        spellings = [record.name, *record.aliases] if record else [person_id.replace("-", " ")]
        for spelling in spellings:
            known.setdefault(same_spelling(spelling), person_id)
    if not seeds:
        seeds = [root / path for aid, path in sorted(project.seed_paths.items()) if aid not in project.articles]
    accepted = {(c.article_id, person): event_id for event_id, event in (content.events if content else {}).items()
                for c in event.sources for person in event.people}
    results, notes, read = [], [], []
    everyone = None  # the people records, read once when a new name needs them
    drafted_now: dict[str, str] = {}  # person drafts written in this run -> the article they are from
    for seed in seeds:
        article_id = seed.stem
        text = _seed_text(root, seed)
        read.append(_shown(root, seed))
        date = _published(content, article_id, published)
        if date is None:
            notes.append(f"{_shown(root, seed)} has no article record and no --published date, so every date it "
                         "gives is left TODO: give its date with --published YYYY-MM-DD")
        for suggestion in analyse(article_id, text, date, known):
            if everyone is None:
                everyone = known_people(root)
            twins = [] if suggestion.known else person_twins(root, suggestion.name, everyone)
            suggestion.similar = [twin.id for twin in twins]
            results.append((suggestion, _write(root, out, suggestion, twins, accepted, drafted_now)))
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
    """The article's date: its record's, or --published for a text that has no record yet."""
    if content and article_id in content.articles:
        return content.articles[article_id].published
    return PartialDate.parse(given) if given else None


def _write(root: Path, out: Path, s: Suggestion, twins: list[Twin], accepted: dict[tuple[str, str], str],
           drafted_now: dict[str, str]) -> list[str]:
    """Write (or update) the person and event drafts for a suggestion; say what was done with each."""
    done = []
    header = ("# Drafted by `build.py suggest` from seeds/{article}.txt (confidence: {confidence}; draft {digest}).\n"
              "# Review every line against the article, then: python3 build.py suggest --accept {kind}/{id}\n")
    person_id = s.known
    if person_id is None:
        person_id = _draft_id(out / "people", slug(s.name), lambda text: f"name: {_string(s.name)}\n" in text) or \
            unique_id(out / "people", unique_id(root / "content/people", slug(s.name), ".yaml"), ".yaml")
    existing = out / "people" / f"{person_id}.yaml"
    if s.known is None and person_id not in drafted_now and existing.is_file():  # drafted from another text before
        first = re.search(r"from seeds/(.+?)\.txt ", existing.read_text(encoding="utf-8", errors="replace")[:300])
        if first and first.group(1) != s.article:
            drafted_now[person_id] = first.group(1)
    if person_id in drafted_now and drafted_now[person_id] != s.article:  # one person, two texts
        done.append(f"kept content/drafts/people/{person_id}.yaml as drafted from seeds/{drafted_now[person_id]}.txt; "
                    f"seeds/{s.article}.txt names them too")
    elif s.known is None:
        drafted_now[person_id] = s.article
    if s.known is None and drafted_now.get(person_id) == s.article:
        quote = s.introduction or s.quotes[0]
        lines = [f"# Why: named as \"{_comment(s.title)}\"\n" if s.title else "",
                 *(f"# Looks like {twin.path} ({twin.name}): if it is the same person, accept only the event, with "
                   f"'{twin.id}' under people:, and add '{s.name}' to that record's aliases; if not, keep "
                   f"`not_same_as: [{twin.id}]` below\n" for twin in twins),
                 f"name: {_string(s.name)}\n", f"position: {_string(s.title)}\n",
                 f"branch: {s.branch}  # from the title's words; "
                 "one of political, diplomatic, military, security, other\n",
                 f"not_same_as: [{', '.join(twin.id for twin in twins)}]\n" if twins else "",
                 "sources:\n", f"  - article: {s.article}\n", f"    quote: {_string(quote)}\n"]
        done.append(_save(root, out / "people" / f"{person_id}.yaml", header, "".join(lines),
                          dict(article=s.article, confidence=s.confidence, kind="people", id=person_id)))
    if (s.article, person_id) in accepted:
        done.append(f"skipped the event: content/events/{accepted[s.article, person_id]}.yaml already cites "
                    f"seeds/{s.article}.txt for {person_id}")
        return done
    base = f"{person_id}-{s.kind}"
    event_id = _draft_id(out / "events", base, lambda text: f"from seeds/{s.article}.txt" in text.partition("\n")[0]
                         and f"\n  - {person_id}\n" in text) or \
        unique_id(out / "events", unique_id(root / "content/events", base, ".yaml", event=True), ".yaml", event=True)
    lines = [*(f"# Why: {_comment(e)}\n" for e in s.evidence),
             f"# date: {_comment(s.date_note)}\n",
             f"date: {s.date}\n" if s.date else "date: TODO the date of the event\n",
             f"title: {_string(s.name + ' ' + VERBS[s.kind])}\n",
             f"kind: {s.kind}\n",
             f"status: {s.status}  # what the stances below support: reported, confirmed, disputed or denied\n",
             "people:\n", f"  - {person_id}\n",
             f"destination: {_string(s.destination)}\n" if s.destination else "",
             "sources:\n", *(_citation(s.article, c) for c in s.citations)]
    done.append(_save(root, out / "events" / f"{event_id}.yaml", header, "".join(lines),
                      dict(article=s.article, confidence=s.confidence, kind="events", id=event_id)))
    return done


def _draft_id(folder: Path, base: str, same) -> str | None:
    """The id of the draft in `folder` this one updates: `base`, `base-2`, ... whose text `same` accepts."""
    for number in range(1, 100):
        candidate = base if number == 1 else f"{base}-{number}"
        path = folder / f"{candidate}.yaml"
        if not path.is_file():
            return None
        if same(path.read_text(encoding="utf-8", errors="replace")):
            return candidate
    return None


_DIGEST = re.compile(r"; draft ([0-9a-f]{12})\)\.\n")


def _digest(body: str) -> str:
    return hashlib.sha256(body.encode("utf-8")).hexdigest()[:12]


def _save(root: Path, path: Path, header: str, body: str, fields: dict[str, str]) -> str:
    """Write a draft, or update one suggest wrote before; keep one the editor has edited since."""
    shown = path.relative_to(root).as_posix() if path.is_relative_to(root) else str(path)
    text = header.format(digest=_digest(body), **fields) + body
    if path.is_file():
        old = path.read_text(encoding="utf-8", errors="replace")
        first, _, rest = old.partition("\n")
        second, _, old_body = rest.partition("\n")
        recorded = _DIGEST.search(first + "\n")
        if old == text:
            return f"unchanged {shown}"
        if recorded is None or recorded.group(1) != _digest(old_body):
            return (f"kept {shown}: it was edited since suggest wrote it; to draft it again, discard it first: "
                    f"python3 build.py suggest --discard {path.parent.name}/{path.stem}")
        path.write_text(text, encoding="utf-8", newline="\n")
        return f"updated {shown}"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8", newline="\n")
    return f"wrote {shown}"


def _citation(article: str, citation: DraftCitation) -> str:
    lines = [f"  - article: {article}\n", f"    quote: {_string(citation.quote)}\n"]
    if citation.stance != DEFAULT_STANCE:
        lines.append(f"    stance: {citation.stance}\n")
        lines.append(f"    said_by: {_string(citation.said_by)}  # who speaks, as the article names them\n"
                     if citation.said_by else "    # said_by: who denies it, as the article names them\n")
    return "".join(lines)


_DRAFT_NAME = re.compile(r"(?:(?:people|events)/)?[a-z0-9][a-z0-9-]*")


def _find_draft(root: Path, out: Path, name: str) -> Path:
    """The draft `name` names: 'people/<id>', 'events/<id>' or a bare id found in one of them."""
    if not _DRAFT_NAME.fullmatch(name):
        raise SuggestError(f"{name!r} is not a draft's name; name it as people/<id> or events/<id> (the ids suggest "
                           "printed)")
    candidates = ([out / f"{name}.yaml"] if "/" in name
                  else [out / folder / f"{name}.yaml" for folder in ("people", "events")])
    found = [c for c in candidates if c.is_file()]
    if len(found) != 1:
        shown = out.relative_to(root).as_posix() if out.is_relative_to(root) else out.as_posix()
        if len(found) > 1:
            raise SuggestError(f"there are drafts called {name!r} in both {shown}/people/ and {shown}/events/: name "
                               f"one, as people/{name} or events/{name}")
        raise SuggestError(f"there is no draft {name} in {shown}/; the drafts are named as suggest printed them, "
                           "people/<id> or events/<id> (ls content/drafts/*/ lists them)")
    return found[0]


def discard(root: Path, out: Path, name: str) -> Path:
    """Remove a draft the editor does not want (suggest drafts it again the next time it reads its article)."""
    found = _find_draft(root, out, name)
    found.unlink()
    return found


def accept(root: Path, out: Path, name: str) -> Path:
    """Move a reviewed draft into content/; `name` is 'people/<id>', 'events/<id>' or a bare id."""
    found = [_find_draft(root, out, name)]
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
        known = s.known or ("new, like " + ", ".join(s.similar) if s.similar else "new")
        rows.append((s.article, s.name, known, f"{s.kind}, {s.status}", date, s.confidence))
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    return "\n".join("  ".join(cell.ljust(width) for cell, width in zip(row, widths)).rstrip() for row in rows)
