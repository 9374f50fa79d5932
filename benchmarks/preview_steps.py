"""Where the preview's time goes after an edit, step by step, in one process.

    python3 benchmarks/preview_steps.py /dev/shm/g50k --runs 2

Builds the project as the preview does (its Rebuilder, into a folder of its own), then edits the
middle person's file as preview_latency.py does (summary, position, name), and for each edit
times the build before the reload, and the catch-up after it (the data files, the sitemap and the
feed, made one at a time), file by file: a save made during the catch-up waits for the file being
made, so the longest of them bounds what a second save waits. The project is put back as it was.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from defections.cli import pace_the_collector  # noqa: E402
from defections.incremental.rebuild import Rebuilder  # noqa: E402
from defections.preview.loop import after_the_reload  # noqa: E402


def edits(original: str) -> dict:
    def replaced(prefix: str, line: str) -> str:
        return "\n".join(line if current.startswith(prefix) else current for current in original.split("\n"))

    return {
        "summary": lambda n: original.replace("summary:", f"summary: Edit {n}.", 1) if "summary:" in original
        else original + f"summary: Edit {n}.\n",
        "position": lambda n: replaced("position:", f"position: Position number {n}"),
        "name": lambda n: replaced("name:", f"name: Person number {n}"),
    }


def noting_the_time(marks: list[float]):
    """A give_way() that notes when each file of the catch-up is done, and never gives way."""
    def between_files() -> bool:
        marks.append(time.perf_counter())
        return False
    return between_files


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("root", type=Path, help="a project (benchmarks/generate.py makes one)")
    parser.add_argument("--runs", type=int, default=2, help="edits of each kind")
    args = parser.parse_args()
    pace_the_collector()  # as `build.py serve` does
    output = Path(tempfile.mkdtemp(prefix="preview-steps-"))
    people = sorted((args.root / "content" / "people").glob("*.yaml"))
    path = people[len(people) // 2]
    original = path.read_text(encoding="utf-8")
    changed = {path.relative_to(args.root).as_posix()}
    try:
        builder = Rebuilder(args.root, output / "site")
        started = time.perf_counter()
        assert builder.build().ok
        print(f"## The preview's steps, {len(people)} people ({path.stem} edited)\n")
        print(f"first build: {time.perf_counter() - started:.1f} s\n")
        print("| edit | build before the reload | pages rendered | catch-up | its files, one by one (ms) |")
        print("| --- | --- | --- | --- | --- |")
        for kind, edit in edits(original).items():
            for n in range(args.runs):
                path.write_text(edit(n), encoding="utf-8")
                started = time.perf_counter()
                before = builder.build(changed, after_the_reload)
                took = time.perf_counter() - started
                builder.settle()  # as the preview does once the pages reload
                marks = [time.perf_counter()]
                builder.catch_up(give_way=noting_the_time(marks))
                marks.append(time.perf_counter())
                files = " ".join(f"{(b - a) * 1000:.0f}" for a, b in zip(marks, marks[1:]))
                print(f"| {kind} | {took * 1000:.0f} ms | {before.rendered} | {(marks[-1] - marks[0]) * 1000:.0f} ms "
                      f"| {files} |")
        print("\nThe catch-up makes the files the edit left out of date, in the order of their paths"
              " (data/anchors.json, data/events.csv, data/events.json, data/people.json, data/search.json,"
              " feed.xml, sitemap.xml), of the content the build read.")
    finally:
        path.write_text(original, encoding="utf-8")
        shutil.rmtree(output, ignore_errors=True)


if __name__ == "__main__":
    main()
