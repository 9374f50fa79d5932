"""Generate realistic synthetic content in our format, at any size.

    python3 benchmarks/generate.py OUT --people 10000

N people, 2N events, N/2 articles of about 3 KB, two quotes per event and one per person; names
have Arabic-script native names and an alias. Every quote is really in its article, so the
project builds without an error, and the same arguments always give the same files.
"""

from __future__ import annotations

import argparse
import datetime
import random
import shutil
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from defections.content.dates import MONTHS  # noqa: E402
from defections.content.duplicates import name_key  # noqa: E402

SYLLABLES = ["ka", "ra", "mi", "sa", "lo", "ha", "di", "nu", "fa", "ti", "za", "bu", "ja", "wa", "qa", "ma", "ni",
             "ru", "sh", "ya", "gha", "ta", "la", "ba", "da"]
ARABIC = {"k": "ك", "r": "ر", "m": "م", "s": "س", "l": "ل", "h": "ه", "d": "د", "n": "ن", "f": "ف", "t": "ت",
          "z": "ز", "b": "ب", "j": "ج", "w": "و", "q": "ق", "y": "ي", "g": "غ", "a": "ا", "i": "ي", "u": "و",
          "o": "و"}
FIRST = ["Ahmad", "Bassam", "Fadi", "Hussein", "Karim", "Mahmoud", "Nabil", "Omar", "Rami", "Samir", "Tariq",
         "Walid", "Yusuf", "Ziad", "Amina", "Hala", "Lina", "Maha", "Rana", "Suha"]
POSITIONS = [("Ambassador to {}", "diplomatic"), ("Deputy minister of {}", "political"),
             ("Brigadier general, {} division", "military"), ("Colonel in {} intelligence", "security"),
             ("Judge in {}", "other"), ("Member of parliament for {}", "political")]
PLACES = ["Aleppo", "Homs", "Hama", "Latakia", "Deir ez-Zor", "Idlib", "Daraa", "Raqqa", "Tartus", "Quneitra"]
KINDS = ["defection", "defection", "defection", "dismissal", "arrest", "return", "death", "other"]
STATUSES = ["confirmed", "reported", "reported", "disputed", "denied"]
STANCES = {  # the stances of an event's two quotes, as its status needs them (schema.STATUS_RULES)
    "confirmed": ("confirms", "reports"), "reported": ("reports", "reports"),
    "disputed": ("reports", "denies"), "denied": ("denies", "context"),
}
FILLER = ("Residents described heavy shelling overnight, and the opposition said it had taken several "
          "checkpoints on the road to the capital. Diplomats in the region said the government had lost "
          "control of parts of the border, while state television showed scenes of calm in the centre of the city.")


def _surname(rng: random.Random) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))).capitalize()


def _arabic(name: str) -> str:
    return " ".join("".join(ARABIC.get(ch, "") for ch in word.lower()) for word in name.split())


def generate(out: Path, people: int, seed: int = 1) -> None:
    rng = random.Random(seed)
    if out.exists():
        shutil.rmtree(out)
    for folder in ("content/articles", "content/people", "content/events", "content/pages", "seeds"):
        (out / folder).mkdir(parents=True)
    (out / "content/site.yaml").write_text(
        "title: Synthetic defections\nbase_url: https://example.github.io/defections/\n", encoding="utf-8")
    shutil.copytree(REPO / "templates", out / "templates")
    (out / "content/pages/methodology.md").write_text("---\ntitle: Methodology\n---\nSynthetic.\n", encoding="utf-8")

    keys: set[str] = set()
    names = []
    while len(names) < people:
        name = f"{rng.choice(FIRST)} al-{_surname(rng)}"
        if name_key(name) not in keys:
            keys.add(name_key(name))
            names.append(name)

    articles = max(1, people // 2)
    for a in range(articles):
        members = [i for i in (2 * a, 2 * a + 1) if i < people]
        year, month = 2011 + a % 2, 1 + a % 12
        day = 1 + a % 28
        paragraphs = [f"Report number {a}: officials break ranks"]
        records = []
        for i in members:
            name, place = names[i], rng.choice(PLACES)
            position, branch = rng.choice(POSITIONS)
            position = position.format(place)
            intro = f"{name}, the {position.lower()}, has been named by officials in {place}."
            first = f"{name} left the country on {day} {MONTHS[month]}, his office said."
            second = f"Witnesses said {name.split()[0]} crossed the border with his family near {place}."
            third = f"Another official confirmed that {name} had not returned to his post in {place}."
            paragraphs += [intro + " " + FILLER, first + " " + FILLER[:120], second, third + " " + FILLER[:150]]
            records.append((i, name, position, branch, intro, first, second, third))
        paragraphs += [FILLER, FILLER, FILLER[:300] + "."]
        article_id = f"article-{a:05d}"
        (out / "seeds" / f"{article_id}.txt").write_text("\n\n".join(paragraphs) + "\n", encoding="utf-8")
        (out / "content/articles" / f"{article_id}.yaml").write_text(
            f"title: Officials break ranks, report {a}\npublisher: Synthetic Wire\n"
            f"published: {year}-{month:02d}-{day:02d}\nurl: https://news.example.com/{article_id}\n", encoding="utf-8")
        for i, name, position, branch, intro, first, second, third in records:
            person_id = f"person-{i:05d}"
            surname = name.split("al-")[1]
            (out / "content/people" / f"{person_id}.yaml").write_text(
                f"name: {name}\nposition: {position}\nbranch: {branch}\nnative_name: {_arabic(name)}\n"
                f"aliases:\n  - {name.split()[0]} el-{surname}\nsummary: A synthetic person for benchmarks.\n"
                f"sources:\n  - article: {article_id}\n    quote: \"{intro.split(',')[0]}, the {position.lower()}\"\n",
                encoding="utf-8")
            published = datetime.date(year, month, day)  # the second event is the day before: never after the article
            pairs = ((first, second, published), (third, intro, published - datetime.timedelta(days=1)))
            for n, (quote_a, quote_b, event_day) in enumerate(pairs):
                kind, status = rng.choice(KINDS), rng.choice(STATUSES)
                first_stance, second_stance = STANCES[status]
                (out / "content/events" / f"{person_id}-{n}.yaml").write_text(
                    f"date: {event_day.isoformat()}\ntitle: {name} {'defects' if n == 0 else 'stays away'}\n"
                    f"kind: {kind}\nstatus: {status}\npeople:\n  - {person_id}\n"
                    f"sources:\n  - article: {article_id}\n    quote: \"{quote_a.rstrip('.')}\"\n"
                    f"    stance: {first_stance}\n"
                    f"  - article: {article_id}\n    quote: \"{quote_b.rstrip('.')}\"\n"
                    f"    stance: {second_stance}\n", encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--people", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    generate(args.out, args.people, args.seed)
    print(f"wrote {args.people} people, {2 * args.people} events, {max(1, args.people // 2)} articles to {args.out}")


if __name__ == "__main__":
    main()
