"""Work shared out among forked processes, one per core, for the steps of a build from nothing."""

from __future__ import annotations

import contextlib
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
    try:
        with forked_pool(processes - 1) as pool:
            pending = pool.map_async(_run_share, shares[1:])
            mine = _run_share(shares[0])
            theirs = pending.get()
    finally:
        _WORK = None
    results: list = [None] * len(items)
    for share, values in zip(shares, [mine, *theirs]):
        for index, value in zip(share, values):
            results[index] = value
    return results


@contextlib.contextmanager
def forked_pool(processes: int):
    """A pool of `processes` forked processes, which see this one's memory as it was. Meanwhile the
    collector leaves the objects already here alone: it would touch every one of them in each
    process, copying their memory pages (a caller that froze them itself, as the preview does its
    model, keeps them frozen)."""
    frozen = gc.get_freeze_count()
    gc.freeze()
    try:
        with multiprocessing.get_context("fork").Pool(processes) as pool:
            yield pool
    finally:
        if not frozen:
            gc.unfreeze()


def _run_share(share: range) -> list:
    function, items = _WORK
    return [function(items[index]) for index in share]
