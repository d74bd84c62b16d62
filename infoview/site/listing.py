"""What a folder of the site holds: every file and every folder below it.

A process that builds again and again (the live preview) lists the same
site folders for every build: ten thousand files, walked twice a build.
Given a cache, a listing is kept with each folder's inode and mtime, and
given again while none of them has changed: adding, removing or renaming
an entry changes the mtime of the folder that holds it. A listing is kept
only when every folder in it had been left alone for a while when it was
made: a file system stamps changes with a clock that ticks coarsely, and a
change made in the same tick as the one before would not show.
"""

from __future__ import annotations

import os
import time
from collections.abc import Hashable, Iterable
from pathlib import Path
from typing import Any

from ..cache import Recent

# How long every folder must have been left alone for its listing to be kept:
# a few ticks of the kernel's clock; two seconds where a file system stamps
# whole milliseconds or coarser (FAT's two seconds, say).
SETTLED_NS = 20_000_000
SETTLED_COARSE_NS = 2_000_000_000

Listing = tuple[frozenset[str], frozenset[str]]  # the files, the folders (relative, '/' between parts)
Stamps = tuple[tuple[str, int, int], ...]  # each folder, the top one first: (path, inode, mtime_ns)


def contents(folder: Path, recent: Recent[Any, Any] | None = None) -> Listing:
    """Every file and every folder below folder, as paths relative to it with
    '/' between parts; with recent, as listed before while nothing in it changed."""
    if recent is not None:
        kept = _as_listed(folder, folder, recent)
        if kept is not None:
            return kept
    started = time.time_ns()
    listing = _walk(folder)
    if recent is not None:
        now = stamps(folder, listing[1])
        if now is not None and settled(now, started):
            recent.put(_place(folder), now, listing)
    return listing


def unchanged_since_listed(listed: Path, now: Path, recent: Recent[Any, Any]) -> bool:
    """Is the folder now at now (moved there since: a swap keeps each folder's
    inode and mtime) as it was when contents(listed, recent) listed it?"""
    return _as_listed(listed, now, recent) is not None


def _as_listed(listed: Path, now: Path, recent: Recent[Any, Any]) -> Listing | None:
    """The listing kept of the folder at listed, if the folder at now has its stamps."""
    kept = recent.known.get(_place(listed))
    if kept is None or kept[0] != stamps(now, kept[1][1]):
        return None
    listing: Listing = kept[1]
    return listing


def _place(folder: Path) -> Hashable:
    return ("listing", str(folder.absolute()))


def files_in(folder: Path, recent: Recent[Any, Any] | None = None) -> frozenset[str]:
    """Every file below folder (see contents)."""
    return contents(folder, recent)[0]


def stamps(folder: Path, folders: Iterable[str]) -> Stamps | None:
    """The inode and mtime of folder and of each of folders below it (None
    where one is gone)."""
    try:
        return tuple(
            (rel, info.st_ino, info.st_mtime_ns)
            for rel in ("", *sorted(folders))
            for info in (os.stat(os.path.join(folder, rel)),)
        )
    except OSError:
        return None


def settled(found: Stamps, started: int) -> bool:
    """Had every folder been left alone long enough when its listing started
    (at started, in nanoseconds since the epoch) for a later change to show?"""
    coarse = all(mtime % 1_000_000 == 0 for _rel, _inode, mtime in found)
    margin = SETTLED_COARSE_NS if coarse else SETTLED_NS
    return all(started - mtime >= margin for _rel, _inode, mtime in found)


def _walk(folder: Path) -> Listing:
    files: list[str] = []
    folders: list[str] = []
    for dirpath, dirs, names in os.walk(folder):
        parent = os.path.relpath(dirpath, folder).replace(os.sep, "/")
        prefix = "" if parent == "." else parent + "/"
        files.extend(prefix + name for name in names)
        folders.extend(prefix + name for name in dirs)
    return frozenset(files), frozenset(folders)
