"""Files and folders of the user's own in the site folder: anything there
that the site did not make (its manifest does not list it).

Each build makes the new site in a folder of its own and swaps it in, so
what the user put into the site folder is carried over into the new one
first; what they put there after that, while the build was finishing, is in
the previous site once the new one is in place, and is moved into it then.
Something of theirs where the site puts a page or a folder of its own is
never overwritten, moved into a page's folder or dropped: the build refuses,
and says what to move.
"""

from __future__ import annotations

import contextlib
import os
import shutil
from collections.abc import Iterable, Iterator
from collections.abc import Set as AbstractSet
from pathlib import Path

from .listing import Listing, contents

TEMPORARY = ".infoview-tmp"  # a file being written by a build: never the user's


class InTheWay(Exception):
    """Something of the user's own is where the site puts something of its own."""

    def __init__(self, rel: str, what: str) -> None:
        super().__init__(f"{rel} {what}")
        self.rel, self.what = rel, what


def carry_over(
    out: Path, new: Path, found: Listing, made: AbstractSet[str], ours: AbstractSet[str]
) -> frozenset[str]:
    """Link (else copy) into new each file that out holds (as found lists it)
    but for those the previous site made and the new site's own (ours), and
    make each folder of out that holds nothing; returns the files carried
    over. Raises InTheWay where one of them is where the site puts its own."""
    files, folders = found
    foreign = {rel for rel in files - made - ours if not rel.endswith(TEMPORARY)}
    empty = folders - folders_of(files)
    if not foreign and not empty:
        return frozenset()
    where_in_the_way(foreign, empty, ours)
    for rel in sorted(empty):
        (new / rel).mkdir(parents=True, exist_ok=True)
    for rel in sorted(foreign):
        (new / rel).parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(out / rel, new / rel)
        except OSError:
            shutil.copy2(out / rel, new / rel)
    return frozenset(foreign)


def move_late(old: Path, out: Path, expected: AbstractSet[str]) -> None:
    """Move into the new site in out each file the previous site (now in old)
    holds but for expected: what the user put into the site folder after
    the build carried over their files, and before it swapped. Where the new
    site holds something at its place, it stays in old."""
    for rel in sorted(contents(old)[0] - expected):
        if rel.endswith(TEMPORARY) or os.path.lexists(out / rel):
            continue
        with contextlib.suppress(OSError):  # (a page of the site where one of its folders would be)
            (out / rel).parent.mkdir(parents=True, exist_ok=True)
            os.rename(old / rel, out / rel)


def where_in_the_way(foreign: AbstractSet[str], empty: AbstractSet[str], ours: AbstractSet[str]) -> None:
    """Raise InTheWay for the first of the user's files (foreign) and folders
    that hold nothing (empty) that is where the site puts a file or folder."""
    our_folders = folders_of(ours)
    for rel in sorted(foreign | empty):
        if rel in ours:
            raise InTheWay(rel, "is a folder of your own, where the site puts a page")
        if rel in our_folders and rel in foreign:
            raise InTheWay(rel, "is a file of your own, where the site puts a folder")
        folder = next((up for up in _folders_above(rel) if up in ours), None)
        if folder is not None:
            raise InTheWay(folder, "is a folder of your own, where the site puts a page")


def folders_of(files: Iterable[str]) -> set[str]:
    """Every folder files are in, all the way up (relative paths; not the top one)."""
    found: set[str] = set()
    for folder in {rel.rpartition("/")[0] for rel in files}:
        while folder and folder not in found:
            found.add(folder)
            folder = folder.rpartition("/")[0]
    return found


def _folders_above(rel: str) -> Iterator[str]:
    while "/" in rel:
        rel = rel.rpartition("/")[0]
        yield rel
