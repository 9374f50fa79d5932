"""How well `suggest` finds the defectors in wire copy it was not written against.

    python3 benchmarks/intake.py [--misses] [FOLDER ...]

FOLDER is a corpus (default: every benchmarks/intake*/ folder, first benchmarks/intake/).

The corpus is benchmarks/intake/: articles/<id>.txt in the house styles of AP, Reuters, AFP, the
BBC and Al Jazeera English, and expected.yaml, written without reading the intake rules, giving
for each article the people it reports breaking with the government (or dismissed, arrested,
returned, killed), the words that refer to each of them, the kind, status and date of what
happened, and the names that must never be drafted (commenters, places, organisations).

Two scores, each as precision (drafts that are right / drafts) and recall (people found / people):
- lenient: the right person;
- strict: the right person, the right kind and status, the right date (an approximate one in the
  `~` form, and none at all where the text gives none), at least one quote that refers to them,
  and no quote that refers only to someone else.
A "wrong quote" is a drafted quote that names another person of the article and not its own: the
mistake this product exists to prevent; the test suite holds it at zero.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass, field
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from defections.content.dates import PartialDate  # noqa: E402
from defections.content.duplicates import name_key  # noqa: E402
from defections.editors.intake import Suggestion, analyse  # noqa: E402

CORPUS = Path(__file__).resolve().parent / "intake"


@dataclass
class Expected:
    name: str
    refer: list[str]
    kind: str
    status: str
    date: str | None  # as the content format writes it: 2012-07-11, 2012-07~
    why: str


@dataclass
class Article:
    id: str
    style: str
    published: PartialDate
    text: str
    people: list[Expected]
    never: list[str]


@dataclass
class Score:
    drafted: int = 0
    expected: int = 0
    found: int = 0
    strict: int = 0
    wrong_quotes: list[str] = field(default_factory=list)
    misses: list[str] = field(default_factory=list)  # "article: what went wrong"

    def line(self, label: str, right: int) -> str:
        precision = right / self.drafted if self.drafted else 1.0
        recall = right / self.expected if self.expected else 1.0
        return f"{label:<8} precision {precision:.2f} ({right}/{self.drafted})  recall {recall:.2f} " \
               f"({right}/{self.expected})"


def corpus(folder: Path = CORPUS) -> list[Article]:
    articles = []
    for entry in yaml.safe_load((folder / "expected.yaml").read_text(encoding="utf-8")):
        people = []
        for person in entry.get("people") or []:
            date = person.get("date")
            written = None if date is None else str(date) + ("~" if person.get("approximate") else "")
            people.append(Expected(person["name"], [str(r) for r in person.get("refer") or [person["name"]]],
                                   person["kind"], person.get("status", "reported"), written, person.get("why", "")))
        articles.append(Article(entry["id"], entry.get("style", ""), PartialDate.parse(str(entry["published"])),
                                (folder / "articles" / f"{entry['id']}.txt").read_text(encoding="utf-8"),
                                people, [str(n) for n in entry.get("not") or []]))
    return articles


def _is(drafted: str, person: Expected) -> bool:
    key = name_key(drafted)
    return key == name_key(person.name) or any(key == name_key(r) for r in person.refer if len(r.split()) > 1)


def _refers(quote: str, person: Expected) -> bool:
    return any(r in quote for r in person.refer)


def score(articles: list[Article]) -> Score:
    total = Score()
    for article in articles:
        drafts = analyse(article.id, article.text, article.published, {})
        total.drafted += len(drafts)
        total.expected += len(article.people)
        matched: set[int] = set()
        for draft in drafts:
            person = next((p for p in article.people if _is(draft.name, p)), None)
            if person is None:
                never = " (a name that must never be drafted)" if any(name_key(n) == name_key(draft.name)
                                                                     for n in article.never) else ""
                total.misses.append(f"{article.id}: drafted {draft.name!r}, not a person the story reports{never}")
                continue
            matched.add(id(person))
            total.found += 1
            others = [p for p in article.people if p is not person]
            wrong = [q for q in draft.quotes if not _refers(q, person) and any(_refers(q, o) for o in others)]
            total.wrong_quotes += [f"{article.id}: {draft.name}: {q!r}" for q in wrong]
            problems = _strict_problems(draft, person, wrong)
            if problems:
                total.misses.append(f"{article.id}: {person.name}: " + "; ".join(problems))
            else:
                total.strict += 1
        for person in article.people:
            if id(person) not in matched:
                total.misses.append(f"{article.id}: missed {person.name} ({person.why})")
    return total


def _strict_problems(draft: Suggestion, person: Expected, wrong: list[str]) -> list[str]:
    problems = []
    if (draft.kind, draft.status) != (person.kind, person.status):
        problems.append(f"drafted {draft.kind}, {draft.status}; expected {person.kind}, {person.status}")
    if not _same_date(draft.date, person.date):
        problems.append(f"dated {draft.date or 'TODO'} ({draft.date_note}); expected {person.date or 'none given'}")
    if not any(_refers(q, person) for q in draft.quotes):
        problems.append("no quote names them")
    if wrong:
        problems.append(f"{len(wrong)} quote(s) about someone else")
    return problems


def _same_date(drafted: str | None, expected: str | None) -> bool:
    """The corpus marks every month-only date approximate; the content format writes a month the
    text names ("in June") as 2012-06 and one worked out from "last week" as 2012-07~: for a
    month, both are right."""
    if drafted == expected:
        return True
    month = expected is not None and len(expected.rstrip("~")) == 7 and expected.endswith("~")
    return month and drafted is not None and drafted.rstrip("~") == expected.rstrip("~")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--misses", action="store_true", help="list every miss and why")
    parser.add_argument("folders", nargs="*", type=Path, help="corpora to score (default: every benchmarks/intake*/)")
    args = parser.parse_args()
    folders = args.folders or sorted(CORPUS.parent.glob("intake*/"), key=lambda f: (f != CORPUS, f.name))
    for folder in folders:
        articles = corpus(folder)
        total = score(articles)
        styles = sorted({a.style for a in articles})
        print(f"{folder.name}: {len(articles)} articles ({', '.join(styles)}), {total.expected} people expected, "
              f"{total.drafted} drafted")
        print("  " + total.line("lenient", total.found))
        print("  " + total.line("strict", total.strict))
        print(f"  wrong quotes: {len(total.wrong_quotes)}")
        if args.misses:
            for miss in total.misses + total.wrong_quotes:
                print(f"    {miss}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
