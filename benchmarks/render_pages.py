"""CPU time to render one page of each kind, in one process, the content checked once.

    python3 benchmarks/render_pages.py /dev/shm/g1k --runs 5
    PYTHONPATH=<another checkout> python3 benchmarks/render_pages.py /dev/shm/g1k   # the same for it

Renders every person, event, source and timeline page of a generated project (benchmarks/
generate.py, without its templates/ folder, so that the checkout's own are used) `--runs` times
and prints the fastest CPU time per page of each kind. Nothing is written. CPU time, not wall
time: a change of a few per cent in the templates' machinery shows through what a busy machine
does to a whole build. Compare two checkouts by alternating them, as BENCHMARKS.md does.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import defections
from defections.content.validate import check
from defections.render.pages import plan, render_order
from defections.render.renderer import Renderer
from defections.render.templates import theme_dir
from defections.reuse import OneBuild

KINDS = ("person.html", "event.html", "source.html", "timeline.html")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("root", type=Path, help="a project (benchmarks/generate.py makes one)")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    content, _ = check(args.root, history=False)
    if content is None:
        raise SystemExit(f"{args.root}: the content has errors; run build.py check on it")
    reuse = OneBuild()
    renderer = Renderer(theme_dir(args.root), reuse=reuse, processes=1)
    outputs = render_order(list(plan(content, reuse).values()), content)
    views = renderer.views(content)
    for kind in KINDS:  # the templates compiled, and what every page asks for made once, before any is timed
        renderer.render(next(output for output in outputs if output.template == kind), content, views)
    fastest: dict[str, float] = {}
    for _ in range(args.runs):
        for kind in KINDS:
            pages = [output for output in outputs if output.template == kind]
            start = time.process_time()
            for output in pages:
                renderer.render(output, content, views)
            per_page = (time.process_time() - start) / len(pages) * 1e6
            fastest[kind] = min(fastest.get(kind, per_page), per_page)
    shown = ", ".join(f"{kind.removesuffix('.html')} {micro:,.0f} µs" for kind, micro in fastest.items())
    print(f"{shown} ({Path(defections.__file__).parent.parent})")


if __name__ == "__main__":
    main()
