"""Work shared out among processes, one per core, for the long steps of a build from nothing.

The other processes are forks of this one: they see the work (the function and its items, in the
memory they inherit) without its being sent, and send back only the results, pickled. Where
processes cannot fork, or the work is small, it is all done here.
"""

from __future__ import annotations

import contextlib
import gc
import multiprocessing
import os
import pickle
import signal
from collections.abc import Callable, Sequence
from typing import Any, Generic, TypeVar

T = TypeVar("T")

PARALLEL_FROM = 400  # items: below this, starting processes costs more than it saves


def cores() -> int:
    """The cores this process may use (fewer than the machine has under a CPU limit)."""
    try:
        return len(os.sched_getaffinity(0)) or 1
    except (AttributeError, OSError):  # pragma: no cover - not Linux
        return os.cpu_count() or 1


def on_every_core(function: Callable[[Any], Any], items: Sequence[Any], processes: int | None = None,
                  from_count: int = PARALLEL_FROM, meanwhile: Callable[[], None] | None = None) -> list[Any]:
    """[function(item) for item in items], shared out among `processes` processes (one per core)
    when there are at least `from_count` items. Worth it when an item costs much more than its
    result takes to pickle. `meanwhile`, if given, is done by this process while the others do
    the items (so no core has two processes), or before it does them itself."""
    processes = min(processes or cores(), len(items) + (meanwhile is not None))
    if processes < 2 or len(items) < from_count or not hasattr(os, "fork"):
        if meanwhile is not None:
            meanwhile()
        return [function(item) for item in items]
    return _forked_map(function, items, processes, meanwhile)


class Alongside(Generic[T]):
    """function() done by another process while this one goes on (a `with` block): result() waits
    for that process and gives its result, or raises what it raised there. Done here and now,
    before the block, when it is not worth_it, on one core, or where processes cannot fork.
    Leaving the block without its result stops that process: nothing is left running."""

    def __init__(self, function: Callable[[], T], worth_it: bool = True):
        self._child: tuple[int, int] | None = None
        self._result: list[T] = []
        if not worth_it or cores() < 2 or not hasattr(os, "fork"):
            self._result.append(function())
        else:
            self._child = _fork_one(function)

    def __enter__(self) -> Alongside[T]:
        return self

    def result(self) -> T:
        if not self._result:
            assert self._child is not None
            child, self._child = self._child, None
            self._result.append(_collect(child))
        return self._result[0]

    def __exit__(self, *exc_info: object) -> None:
        if self._child is not None:  # left before its result was asked for (an exception)
            pid, read_end = self._child
            self._child = None
            with contextlib.suppress(OSError):
                os.kill(pid, signal.SIGKILL)
            os.close(read_end)
            os.waitpid(pid, 0)


class WorkerFailed(Exception):
    """A forked process could not do its share; the message says what went wrong there."""


def _forked_map(function: Callable[[Any], Any], items: Sequence[Any], processes: int,
                meanwhile: Callable[[], None] | None) -> list[Any]:
    """The items in small batches that every process takes in turn, from a counter they share,
    until none is left; this process joins in once its `meanwhile` is done. So no process waits
    while another still has a long queue, however unevenly the items cost."""
    batch = max(1, min(_LARGEST_BATCH, len(items) // (processes * 8)))
    taken = multiprocessing.get_context("fork").Value("q", 0)  # the next item no process has taken
    children = [_fork(function, items, taken, batch) for _ in range(processes - 1)]
    mine: list[tuple[int, Any]] = []
    try:
        if meanwhile is not None:
            meanwhile()
        mine = _take(function, items, taken, batch)
    finally:
        theirs = [_collect(child) for child in children]  # every child is waited for, whatever happened here
    results: list[Any] = [None] * len(items)
    for done in (mine, *theirs):
        for index, value in done:
            results[index] = value
    return results


_LARGEST_BATCH = 64  # items taken at a time: small enough that every process finishes at nearly the same moment


def _take(function: Callable[[Any], Any], items: Sequence[Any], taken: Any, batch: int,
          parent: int | None = None) -> list[tuple[int, Any]]:
    """Batches of items taken from the shared counter, done, until there are none left; in a fork,
    until its `parent` (the build) is gone."""
    done: list[tuple[int, Any]] = []
    while True:
        if parent is not None and os.getppid() != parent:  # pragma: no cover - the build was killed: stop too
            os._exit(1)  # (and let go of the site's lock, which this fork holds as well)
        with taken.get_lock():
            start = taken.value
            taken.value = start + batch
        if start >= len(items):
            return done
        done.extend((index, function(items[index])) for index in range(start, min(start + batch, len(items))))


def _fork(function: Callable[[Any], Any], items: Sequence[Any], taken: Any, batch: int) -> tuple[int, int]:
    """Start a process that takes batches of the items and writes what it made to a pipe."""
    parent = os.getpid()
    return _fork_one(lambda: _take(function, items, taken, batch, parent))


def _fork_one(work: Callable[[], Any]) -> tuple[int, int]:
    """Start a process that does the work and writes its result (or what it raised) to a pipe."""
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - runs in the child, which leaves without returning
        os.close(read_end)
        code = 0
        try:
            gc.freeze()  # this process's own setting: its collector would walk, and so copy, all it inherited
            payload = pickle.dumps((True, work()), pickle.HIGHEST_PROTOCOL)
        except BaseException as exc:  # noqa: BLE001 - whatever it is, the parent must hear of it
            try:
                payload = pickle.dumps((False, exc))  # raised again in the parent, as it was here
            except Exception:  # noqa: BLE001 - an exception that cannot travel: its words can
                payload = pickle.dumps((False, WorkerFailed(f"{type(exc).__name__}: {exc}")))
            code = 1
        try:
            with os.fdopen(write_end, "wb") as stream:
                stream.write(payload)
        finally:  # even when the parent is gone (a broken pipe): never back into the parent's code
            os._exit(code)  # not through the parent's exit handlers, which are the parent's business
    os.close(write_end)
    return pid, read_end


def _collect(child: tuple[int, int]) -> Any:
    """What the child sent, read from the pipe as it comes: its pickle is never held whole beside
    what it gives (a hundred megabytes of records at 50,000 people)."""
    pid, read_end = child
    failed: Exception | None = None
    with os.fdopen(read_end, "rb") as stream:  # closed before the wait: a child still writing stops
        try:
            ok, value = pickle.load(stream)
        except Exception as exc:  # noqa: BLE001 - the child died before it could say why
            failed = exc
    os.waitpid(pid, 0)
    if failed is not None:
        raise WorkerFailed("a process sharing the work stopped before it was done") from failed
    if not ok:
        raise value
    return value
