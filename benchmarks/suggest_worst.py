"""How long `suggest` takes on texts written to make it slow: one long sentence, and seeds of the
largest size check accepts (5 MiB) made of sentences full of names.

    python3 benchmarks/suggest_worst.py

Each line gives the shape, its size, what was suggested and the seconds it took (one run each).
"""

from __future__ import annotations

import itertools
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from defections.content.dates import PartialDate  # noqa: E402
from defections.content.files import MAX_SEED_BYTES  # noqa: E402
from defections.editors.intake import analyse  # noqa: E402


def shapes() -> dict[str, str]:
    rng = random.Random(1)
    first = ["Ahmad", "Bassam", "Fadi", "Hussein", "Karim", "Mahmoud", "Nabil", "Omar", "Rami", "Samir"]
    people = " ".join(f"Colonel {rng.choice(first)} {rng.choice('ABCDEFGHIJKLMNOPRSTUVWYZ')}a{rng.choice('lmnrst')}i"
                      f"{n}x, the ambassador to Iraq, has defected." for n in range(60000))
    def filled(unit: str) -> str:
        return (unit * (MAX_SEED_BYTES // len(unit)))[:MAX_SEED_BYTES]
    return {
        "one 40 KB sentence of capitalised words": "The ambassador " + "Word " * 8000 + "Nawaf Fares has defected.",
        "one 40 KB sentence of names and commas": "The ambassador, " + "Nawaf Fares and Karim Haddad, " * 1300
                                                  + "has defected.",
        "5 MiB of 2,000-character sentences of capitalised words": filled(
            "The ambassador " + "Word Other " * 170 + "Nawaf Fares has defected. "),
        "5 MiB of 2,000-character sentences of names and commas": filled(
            "The ambassador, " + "Nawaf Fares and Karim Haddad, " * 60 + "has defected. "),
        "3.8 MB paragraph of 60,000 short defections": people,
        "5 MiB of 2,000-character sentences of 280 different names": _many_names(),
        "5 MiB of paragraphs about one person": filled("Col. Khaled Yousef defected on Monday in a town.\n\n"),
        "5 MiB paragraph opening a quotation it never closes": filled("“" + "He said so. " * 1000)[:MAX_SEED_BYTES],
    }


def _many_names() -> str:
    """Sentences of 140 names each, from 280, each ending in a defection: the shape a review found
    slowest (every name is a candidate for who defected)."""
    names = [f"{a}{v}{c} {b}{w}{d}" for a, v, c, b, w, d in
             itertools.islice(itertools.product("KLMNRS", "aeio", "dmrt", "BHTZ", "aeu", "lnsz"), 280)]
    sentences, n = [], 0
    while sum(map(len, sentences)) < MAX_SEED_BYTES:
        sentences.append((", ".join(names[(n * 37) % 280:][:140]) + " and Nawaf Fares has defected. ")[-1990:])
        n += 1
    return "".join(sentences)[:MAX_SEED_BYTES]


def main() -> None:
    for name, text in shapes().items():
        started = time.perf_counter()
        found = analyse("bench", text, PartialDate(2012, 7, 11), {})
        print(f"{name}: {len(text) / 1e6:.2f} MB, {len(found)} suggestions, {time.perf_counter() - started:.2f} s",
              flush=True)


if __name__ == "__main__":
    main()
