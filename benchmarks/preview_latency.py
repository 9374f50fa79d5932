"""Edit-to-reload latency of the live preview.

    python3 benchmarks/preview_latency.py --people 10000 --runs 15
    python3 benchmarks/preview_latency.py --sample --runs 15

Starts the preview's real machinery (watchdog watcher, debounced builder loop, incremental
Builder) on a project in a RAM disk, then saves a person's file again and again, as an editor
would, and measures the time from the save to the moment the reload message goes to the open
pages. It reports the median and the 90th percentile for each kind of edit:
- summary: shown on the person's page only;
- position: on the person's page and the people index;
- name: on the person's page, the people index, the timeline and the source pages citing them.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "benchmarks"))

from defections.cli import pace_the_collector  # noqa: E402
from defections.preview.loop import Preview  # noqa: E402
from defections.preview.watch import watch  # noqa: E402
from generate import generate  # noqa: E402


def ram_disk() -> Path:
    shm = Path("/dev/shm")
    return Path(tempfile.mkdtemp(prefix="preview-bench-", dir=shm if shm.is_dir() else None))


def sample_project(into: Path) -> Path:
    for folder in ("content", "seeds", "templates"):
        shutil.copytree(REPO / folder, into / folder)
    return into


def measure(root: Path, person: str, runs: int) -> dict[str, list[float]]:
    pace_the_collector()  # as `build.py serve` does
    reloaded = threading.Event()
    preview = Preview(root, root / "site", reload=lambda path: reloaded.set())
    started = time.perf_counter()
    assert preview.build().ok
    cold = time.perf_counter() - started
    observer = watch(preview)
    loop = threading.Thread(target=preview.run, daemon=True)
    loop.start()
    time.sleep(0.5)
    path = root / "content" / "people" / f"{person}.yaml"
    original = path.read_text(encoding="utf-8")
    edits = {
        "summary": lambda n: original.replace("summary:", f"summary: Edit {n}.", 1) if "summary:" in original
        else original + f"summary: Edit {n}.\n",
        "position": lambda n: _replace_line(original, "position:", f"position: Position number {n}"),
        "name": lambda n: _replace_line(original, "name:", f"name: Person number {n}"),
    }
    results: dict[str, list[float]] = {"cold build (s)": [cold]}
    try:
        for kind, edit in edits.items():
            timings = []
            for n in range(runs):
                reloaded.clear()
                text = edit(n)
                began = time.perf_counter()
                path.write_text(text, encoding="utf-8")
                if not reloaded.wait(60):
                    raise RuntimeError(f"no reload after a {kind} edit")
                timings.append((time.perf_counter() - began) * 1000)
                time.sleep(0.5)  # as an editor pauses between saves: the preview is idle again
            results[f"{kind} edit (ms)"] = timings
    finally:
        preview.stop()
        observer.stop()
        observer.join()  # before the file is put back: an event while the watcher stops is logged as an error
        path.write_text(original, encoding="utf-8")
    return results


def _replace_line(text: str, prefix: str, line: str) -> str:
    return "\n".join(line if current.startswith(prefix) else current for current in text.split("\n"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=10000)
    parser.add_argument("--sample", action="store_true", help="measure on the repository's sample content")
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    where = ram_disk()
    try:
        if args.sample:
            root, person, label = sample_project(where / "sample"), "nawaf-fares", "sample content"
        else:
            generate(where / "generated", args.people)
            root, person, label = where / "generated", f"person-{args.people // 2:05d}", f"{args.people} people"
        results = measure(root, person, args.runs)
    finally:
        shutil.rmtree(where, ignore_errors=True)
    print(f"## Edit-to-reload latency, {label} ({args.runs} runs)\n")
    print("| what | median | 90th percentile |\n| --- | --- | --- |")
    for what, values in results.items():
        values = sorted(values)
        p90 = values[min(len(values) - 1, int(len(values) * 0.9))]
        print(f"| {what} | {statistics.median(values):.1f} | {p90:.1f} |")


if __name__ == "__main__":
    main()
