"""What a build is asked to do, what it says it did, and its stage timings."""

from __future__ import annotations

import datetime as dt
import os
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..journal.diagnostics import Diagnostic


@dataclass(frozen=True, slots=True)
class BuildOptions:
    today: dt.date
    output: Path | None = None
    include_private: bool = False
    redact: bool = False
    keep_going: bool = False
    clean: bool = False
    calendar: bool = True  # the site holds the calendar feed (an encrypted one leaves it out unless asked)
    sealing: bool = False  # the site is the plain one an encrypted site is made from (in .infoview/site)


@dataclass(frozen=True, slots=True)
class BuildResult:
    out: Path
    diagnostics: tuple[Diagnostic, ...]
    built: bool
    pages: int = 0
    written: int = 0
    unchanged: int = 0
    removed: int = 0
    skipped: tuple[str, ...] = ()
    up_to_date: bool = False
    seconds: float = 0.0
    notices: tuple[str, ...] = field(default=())
    made: Any = field(default=None, repr=False, compare=False)  # what the build made, freed with the result
    calendar: str | None = None  # an encrypted site's calendar feed, named where this build first put it


class Timer:
    """Phase timings on stderr when INFOVIEW_TIMINGS is set (for benchmarks):
    wall-clock time, and the processor time of this process and of the
    workers that ended during the phase."""

    def __init__(self) -> None:
        self.enabled = bool(os.environ.get("INFOVIEW_TIMINGS"))
        self.last = time.perf_counter()
        self.last_cpu = _cpu()

    def lap(self, name: str) -> None:
        if self.enabled:
            now, cpu = time.perf_counter(), _cpu()
            print(f"  {name}: {now - self.last:.3f}s ({cpu - self.last_cpu:.2f}s cpu)", file=sys.stderr)
            self.last, self.last_cpu = now, cpu


def _cpu() -> float:
    times = os.times()
    return times.user + times.system + times.children_user + times.children_system
