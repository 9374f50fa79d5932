"""The benchmark runner: build times, memory and preview latency at several sizes, against Hugo and Pelican.

    python3 benchmarks/run.py --people 1000 10000 50000 --runs 3

For each N, on a RAM disk, with the content of benchmarks/generate.py:
- cold: `build.py` with no site/ (every build is from nothing); Hugo and Pelican build the same
  pages (one per person, per event and per article, same text; benchmarks/compare.py), the tools alternating
  run by run;
- peak memory: the largest resident size of the build's process;
- preview: the time from saving a person's file to the reload message in `serve`
  (benchmarks/preview_latency.py, a position edit);
and prints a Markdown table of medians, with our time as a ratio of the others'.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "benchmarks"))

from compare import hugo_site, pages, pelican_site  # noqa: E402
from generate import generate  # noqa: E402
from preview_latency import measure  # noqa: E402


def run(command: list[str], cwd: Path, clean: list[Path] = ()) -> tuple[float, int]:
    """Seconds and peak resident memory (MB) of one run of the command."""
    for path in clean:
        shutil.rmtree(path, ignore_errors=True)
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                               env={**os.environ, "PYTHONPATH": str(REPO)})
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise RuntimeError(f"{command[0]} failed with status {process.returncode} in {cwd}")
    return elapsed, usage.ru_maxrss // 1024


def benchmark(people: int, runs: int, where: Path, preview_runs: int, skip: frozenset[str] = frozenset()
              ) -> dict[str, object]:
    ours = where / "ours"
    generate(ours, people)
    items = pages(ours)
    build = [sys.executable, str(REPO / "build.py")]
    tools = {"ours": (build, ours, [ours / "site"])}
    if shutil.which("hugo") and "hugo" not in skip:
        site = hugo_site(where / "hugo", items)
        tools["hugo"] = (["hugo", "--quiet"], site, [site / "public", site / "resources"])
    if shutil.which("pelican") and "pelican" not in skip:
        site = pelican_site(where / "pelican", items)
        tools["pelican"] = (["pelican", "content", "-o", "output", "-s", "pelicanconf.py", "-q"], site,
                            [site / "output", site / "__pycache__"])
    cold: dict[str, list[float]] = {name: [] for name in tools}
    memory = []
    for _ in range(runs):
        for name, (command, cwd, clean) in tools.items():  # alternate the tools run by run
            seconds, peak = run(command, cwd, clean)
            cold[name].append(seconds)
            if name == "ours":
                memory.append(peak)
    result = {
        "people": people,
        "pages": sum(1 for _ in (ours / "site").rglob("*.html")),
        "cold": {name: statistics.median(values) for name, values in cold.items()},
        "memory": max(memory),
        "runs": {"cold": cold["ours"]},
    }
    if preview_runs:
        shutil.rmtree(ours / "site", ignore_errors=True)
        person = sorted(p.stem for p in (ours / "content" / "people").glob("*.yaml"))[people // 3]
        result["preview"] = statistics.median(measure(ours, person, preview_runs)["position edit (ms)"])
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, nargs="+", default=[1000, 10000, 50000])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--preview-runs", type=int, default=5, help="edits measured in serve (0: skip)")
    parser.add_argument("--skip", nargs="+", default=[], choices=["hugo", "pelican"],
                        help="tools not to run (Pelican takes 18 minutes at 50,000 people)")
    args = parser.parse_args()
    shm = Path("/dev/shm") if Path("/dev/shm").is_dir() else None
    print(f"Medians of {args.runs} runs; preview: median of {args.preview_runs} edits.\n")
    print("| N people | pages | build | peak memory | preview edit | Hugo | Pelican | ours / Hugo | ours / Pelican |")
    print("| " + " | ".join(["---"] * 9) + " |")
    results = []
    for people in args.people:
        where = Path(tempfile.mkdtemp(prefix="bench-", dir=shm))
        try:
            r = benchmark(people, args.runs, where, args.preview_runs, frozenset(args.skip))
        finally:
            shutil.rmtree(where, ignore_errors=True)
        results.append(r)
        cold = r["cold"]
        cells = [str(people), str(r["pages"]), f"{cold['ours']:.2f} s", f"{r['memory']} MB",
                 f"{r['preview']:.0f} ms" if "preview" in r else "-"]
        cells += [f"{cold[t]:.1f} s" if t in cold else "not run" if t in args.skip else "not installed"
                  for t in ("hugo", "pelican")]
        cells += [f"{cold['ours'] / cold[t]:.2f}" if t in cold else "-" for t in ("hugo", "pelican")]
        print("| " + " | ".join(cells) + " |", flush=True)
    print("\nEach run of ours (seconds):")
    for r in results:
        print(f"- {r['people']} people: " + "; ".join(f"{what} " + ", ".join(f"{t:.2f}" for t in times)
                                                   for what, times in r["runs"].items()))
    if len(results) > 1:
        for before, after in zip(results, results[1:]):
            factor = after["people"] / before["people"]
            print(f"\n{before['people']} -> {after['people']} people (x{factor:g}): cold build "
                  f"x{after['cold']['ours'] / before['cold']['ours']:.2f}, "
                  f"peak memory x{after['memory'] / before['memory']:.2f}")


if __name__ == "__main__":
    main()
