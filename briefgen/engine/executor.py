"""How a batch of independent items is worked through: in this process, or spread
over forked worker processes.

Workers are forked after the archive is loaded and linked, so they inherit it (and
the render closures of `compile_site`) instead of receiving it; they send back only
results. Results come back in the items' order, so the output and the order of
diagnostics are those of a serial run. Anything unexpected in a worker (a template
error, a bug) is not reported from there: the item is done again in this process,
so the error surfaces exactly as in a serial run.
"""

from __future__ import annotations

import gc
import os
from collections.abc import Callable, Iterator

# Below this many items a pool costs more than it saves.
MIN_PARALLEL = 16
# A forked worker shares the parent's memory until it touches an object: then
# Python's reference counting copies the page it lies on. A worker that renders
# long ends up with a private copy of most of the archive; one that is replaced
# after this many chunks of work (forking again costs a few milliseconds) never
# holds much more than what it renders at the moment.
WORKER_CHUNKS = 8


def default_jobs() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


# The work of the pool a worker belongs to. Set in each worker by `_install`, which
# the pool runs there: the parent never holds it, and a forked worker receives the
# function and items by inheritance, never by pickling.
_worker_work: tuple[Callable, list] | None = None


def _install(function: Callable, items: list) -> None:
    global _worker_work
    _worker_work = (function, items)


def _run(index: int):
    function, items = _worker_work
    try:
        return (function(items[index]),)
    except Exception:  # the parent does this item again and reports what it raises
        return None


class Executor:
    """Maps a function over items, in order, in `jobs` processes (1: this one)."""

    def __init__(self, jobs: int = 1, min_items: int = MIN_PARALLEL):
        self.jobs = max(1, jobs)
        self.min_items = min_items

    def pooled(self, count: int) -> bool:
        """Whether `count` items go to worker processes."""
        return self.jobs > 1 and count >= self.min_items

    def map(self, function: Callable, items: list, local: Callable | None = None) -> Iterator:
        """function(item) for each item, in order. An item that is not sent to a
        worker (too few items, one process) or whose worker raised is done here by
        `local` (default: `function`), which raises what a serial run raises."""
        local = local or function
        if not self.pooled(len(items)):
            for item in items:
                yield local(item)
            return
        for item, outcome in zip(items, self._forked(function, items), strict=True):
            yield outcome[0] if outcome is not None else local(item)

    def _forked(self, function: Callable, items: list) -> Iterator:
        # Frozen objects are left alone by the collector, which keeps workers from
        # touching (and so copying) the archive's memory.
        gc.freeze()
        import multiprocessing  # (only with a pool: `build_cmd` reads `default_jobs`)

        context = multiprocessing.get_context("fork")
        chunk = max(1, min(32, len(items) // (self.jobs * 8)))
        with context.Pool(
            self.jobs, _install, (function, items), maxtasksperchild=WORKER_CHUNKS
        ) as pool:
            yield from pool.imap(_run, range(len(items)), chunk)
