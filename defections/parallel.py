"""Work shared out among forked processes, one per core, for the steps of a build from nothing."""

from __future__ import annotations

import gc
import multiprocessing
import os
from typing import Callable, Sequence

_WORK = None  # (function, items): what the forked processes find in the memory they inherit


def cores() -> int:
    """The cores this process may use (fewer than the machine has under a CPU limit)."""
    try:
        return len(os.sched_getaffinity(0)) or 1
    except (AttributeError, OSError):  # pragma: no cover - not Linux
        return os.cpu_count() or 1


def forked_map(function: Callable, items: Sequence, processes: int | None = None) -> list:
    """[function(item) for item in items], the items shared out among `processes` processes, this
    one among them, each process taking every n-th item (neighbouring items tend to cost alike).
    The others are forked, so they see the items without their being sent; only the results come
    back, pickled. Worth it when each item costs much more than its result takes to pickle."""
    global _WORK
    processes = min(processes or cores(), len(items))
    if processes < 2:
        return [function(item) for item in items]
    shares = [range(start, len(items), processes) for start in range(processes)]
    _WORK = (function, items)
    frozen = gc.get_freeze_count()
    gc.freeze()  # the collector would touch every object in each process, copying memory pages
    try:
        with multiprocessing.get_context("fork").Pool(processes - 1) as pool:
            pending = pool.map_async(_run_share, shares[1:])
            mine = _run_share(shares[0])
            theirs = pending.get()
    finally:
        _WORK = None
        if not frozen:
            gc.unfreeze()
    results: list = [None] * len(items)
    for share, values in zip(shares, [mine, *theirs]):
        for index, value in zip(share, values):
            results[index] = value
    return results


def _run_share(share: range) -> list:
    function, items = _WORK
    return [function(items[index]) for index in share]
