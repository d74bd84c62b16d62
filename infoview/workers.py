"""Worker processes: quiet, and gone with their parent.

A worker ignores Ctrl-C (its parent handles it and stops the pool), dies
quietly on SIGTERM (however its parent handles that one) and, on
Linux, asks the kernel to end it when its parent dies, so a killed command
leaves neither orphans nor their tracebacks behind.
"""

from __future__ import annotations

import contextlib
import os
import signal
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

T = TypeVar("T")
R = TypeVar("R")

PR_SET_PDEATHSIG = 1


def quiet_worker(parent: int) -> None:
    """Initializer of every worker; `parent` is the pid of the process that made the pool."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # Ended by its pool with SIGTERM: die at once, whatever its parent does on
    # one (the live preview stops; a worker would print that as a traceback).
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    with contextlib.suppress(Exception):
        import ctypes
        import ctypes.util

        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:  # the parent died before the request above was made
        os._exit(1)


def can_fork() -> bool:
    """Forking a process that runs other threads (the live preview) is unsafe."""
    import multiprocessing
    import threading

    return (
        threading.active_count() == 1
        and "fork" in multiprocessing.get_all_start_methods()
        and not multiprocessing.current_process().daemon  # a worker has no workers of its own
    )


# The one piece of module state: what forked workers run, set only while
# in_workers runs. A fork hands it to them as it is, without pickling (a
# build's pages and view are far too big to send), which no argument could do.
_WORK: Any = None


def in_workers(
    work: Callable[[T], R],
    items: Sequence[T],
    at_least: int = 500,
    alone: int = 0,
    meanwhile: Callable[[], Any] = lambda: None,
) -> tuple[list[R], Any]:
    """work(item) for each item, in order: on every core when there are at
    least `at_least` of them (forked workers share what this process holds,
    closures included), else here; and meanwhile() here, whose result is
    returned second. The first `alone` items are tasks of their own (big
    ones, to spread out). A process that runs other threads (the live
    preview's server) works here too: forking it would be unsafe."""
    import multiprocessing

    global _WORK
    workers = min(os.cpu_count() or 1, 8)
    if len(items) < at_least or workers < 2 or not can_fork():
        return [work(item) for item in items], meanwhile()
    step = max(1, len(items) // (workers * 16))
    first = min(len(items), alone)
    ranges = [(i, i + 1) for i in range(first)]
    ranges += [(i, min(i + step, len(items))) for i in range(first, len(items), step)]
    _WORK = (work, items)
    try:
        with multiprocessing.get_context("fork").Pool(workers, quiet_worker, (os.getpid(),)) as pool:
            pending = pool.map_async(_work_range, ranges, chunksize=1)
            other = meanwhile()
            parts = pending.get()
    finally:
        _WORK = None
    return [result for part in parts for result in part], other


def _work_range(bounds: tuple[int, int]) -> list[Any]:
    work, items = _WORK
    return [work(item) for item in items[bounds[0] : bounds[1]]]
