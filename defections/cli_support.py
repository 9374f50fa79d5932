"""Small helpers shared by the commands."""

from __future__ import annotations

import gc
from urllib.parse import urlsplit


def pace_the_collector() -> None:
    """A build makes a few objects per record and keeps nearly all of them to the end, so the cycle
    collector's default pace (a pass every 700 new objects, each older pass walking everything
    kept so far) spends more time than the loading itself (7.2 s of 10,000 people's 28 s build;
    BENCHMARKS.md). Collect less often, as mypy does; the little garbage there is still goes."""
    gc.set_threshold(200_000, 50, 100)


def base_path(base_url: str | None) -> str:
    """The path the site lives under: '/defections/' for https://org.github.io/defections/, else '/'."""
    if not base_url:
        return "/"
    path = urlsplit(base_url).path or "/"
    return path if path.endswith("/") else path + "/"
