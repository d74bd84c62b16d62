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
