"""Writing the site folder safely.

The site is assembled in a folder of its own and swapped in at once, so a
failed build leaves the previous site as it was. Unchanged files are
hard-linked from the previous site, so their mtime stays. Where the system
can swap two folders in one step, the site that was swapped out is kept in
the journal (its spare) and becomes the next build's folder: only what
changed since is written into it, not the whole site linked anew. A
manifest (which is also the marker that infoview made the folder) records
every file's hash; `build` refuses a folder without it (see folder.py).
"""

from __future__ import annotations

import contextlib
import ctypes
import hashlib
import json
import os
import shutil
import stat
import sys
import tempfile
from collections.abc import Iterable
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, NamedTuple

from ..cache import Recent
from ..journal.files import umask
from .foreign import InTheWay, carry_over, move_late
from .listing import contents, unchanged_since_listed

MANIFEST = ".infoview-site.json"
# The plain site an encrypted one is sealed from, kept in the journal (private, as the index is).
SEALED_SOURCE = ".infoview/site"
MANIFEST_VERSION = 5


# What a process that builds again keeps of the folders it writes, by place:
# each site's manifest by its file (see Manifest.read), each folder's listing
# (see listing.contents) and a spare made ready ahead (see spare.make_ready).
ManifestCache = Recent[Any, Any]


class OutputError(Exception):
    """The output folder cannot be used; the message says why."""


@dataclass(frozen=True, slots=True)
class Manifest:
    """What infoview wrote: per file its hash and its page key (see pages.Page)."""

    settings: str  # fingerprint of everything but the journal's files
    files_fingerprint: str  # of the journal's files, by path and sha256
    files: dict[str, str]  # path -> sha256
    keys: dict[str, str]  # path -> page key, for pages that have one
    # What the pages were made from: the journal's identity and its graph
    # of references (see depends.py), as JSON data.
    identity: str = ""
    graph: Any = None
    fields_fingerprint: str = ""  # fingerprint of the journal besides its notes' text (what lists show)
    # Fingerprints of what the build was asked (the options and settings) and
    # of which public notes name private people: a build asked the same of the
    # same files answers from these and what it said, which the journal keeps
    # (build.ANSWER: never here, since this file is published).
    outcome: Any = None
    # The graph as nodes, when this process made it (then not parsed again).
    nodes: Any = field(default=None, compare=False, repr=False)
    # In a process that builds again: each file's entry as written the last
    # time, by (path, sha256, key); dumps leaves it holding this manifest's.
    listed: dict[tuple[str, str, str], str] | None = field(default=None, compare=False, repr=False)

    @classmethod
    def read(cls, out: Path, recent: ManifestCache | None = None) -> Manifest | None:
        """The manifest of the site in out, if it has a readable one. A build
        passes the same recent cache wherever it looks, and so does a process
        that builds again and again (the live preview): each file is parsed
        once, since every build replaces it, never changes it in place."""
        path = out.absolute() / MANIFEST
        try:
            stat = os.stat(path)
            stamp = (stat.st_ino, stat.st_size, stat.st_mtime_ns)
            known = recent.get(path, stamp) if recent is not None else None
            if known is not None:
                return known
            data = json.loads(path.read_text(encoding="utf-8"))
            if data.get("version") != MANIFEST_VERSION:
                return None
            files = {path: str(entry[0]) for path, entry in data["files"].items()}
            keys = {path: str(entry[1]) for path, entry in data["files"].items() if entry[1]}
            manifest = cls(str(data["settings"]), str(data["files_fingerprint"]), files, keys,
                           str(data.get("identity", "")), data.get("graph"),
                           str(data.get("fields", "")), data.get("outcome"))  # fmt: skip
        except (OSError, ValueError, KeyError, TypeError, IndexError, AttributeError):
            return None
        if recent is not None:
            recent.put(path, stamp, manifest)
        return manifest

    @property
    def sealed(self) -> bool:
        """Is this an encrypted site's manifest (its settings are its lock: see seal.Lock)?"""
        return self.settings.startswith('{"sealed":')

    def remember(self, out: Path, recent: ManifestCache) -> None:
        """This is the manifest just written into out: the next read need not parse it."""
        path = out.absolute() / MANIFEST
        with contextlib.suppress(OSError):
            stat = os.stat(path)
            recent.put(path, (stat.st_ino, stat.st_size, stat.st_mtime_ns), self)

    def dumps(self) -> bytes:
        data = {"version": MANIFEST_VERSION, "generator": "infoview", "settings": self.settings,
                "files_fingerprint": self.files_fingerprint, "identity": self.identity,
                "fields": self.fields_fingerprint, "outcome": self.outcome}  # fmt: skip
        graph = (
            self.graph if isinstance(self.graph, JSONText) else json.dumps(self.graph, separators=(",", ":"))
        )
        head = json.dumps(data, separators=(",", ":"))[:-1]
        return f'{head},"graph":{graph},"files":{self._files_text()}}}'.encode()

    def _files_text(self) -> str:
        keys, listed = self.keys, self.listed
        if listed is None:  # (all at once is faster than entry by entry)
            files = {path: [sha, keys.get(path, "")] for path, sha in self.files.items()}
            return json.dumps(files, separators=(",", ":"))
        entries = {}
        for path, sha in self.files.items():
            entry = (path, sha, keys.get(path, ""))
            entries[entry] = listed.get(entry) or json.dumps({path: entry[1:]}, separators=(",", ":"))[1:-1]
        listed.clear()
        listed.update(entries)
        return "{" + ",".join(entries.values()) + "}"


class JSONText(str):
    """A value of the manifest written as JSON already (the graph, by a process
    that builds again: most of it as written the last time)."""


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@dataclass(frozen=True, slots=True)
class WriteStats:
    written: int
    unchanged: int
    removed: int


class Stored(NamedTuple):
    """What happened to one file of the site (a named tuple: a build makes one
    per file, ten thousand of them for a big journal, and sends those made by
    workers back to the main process)."""

    rel: str
    sha256: str
    written: bool  # False: identical to the previous site's, kept
    key: str = ""


class Writer:
    """Puts the site's files in place; commit() makes them visible at once.

    A complete new folder is assembled (in the spare, where one is given;
    else beside the output), files that did not change hard-linked from the
    previous site (so their mtime stays), and swapped in with one atomic
    exchange of the two folders where the system has one (Linux), else two
    renames (a build killed between them leaves the previous site aside, and
    the next build puts it back). Nothing the previous site holds is touched
    before that, so a build that fails or is killed at any moment leaves the
    previous site as it was.

    put() may be called from forked worker processes: it only touches the
    file it is given.
    """

    def __init__(
        self,
        out: Path,
        recent: ManifestCache | None = None,
        rewrite: bool = False,
        spare: Spare | None = None,
    ) -> None:
        self.out = out.absolute()
        self.recent = recent if recent is not None else ManifestCache()
        self.old = Manifest.read(self.out, self.recent) if self.out.exists() else None
        self.old_files = self.old.files if self.old else {}
        self.rewrite = rewrite  # every file written, even one the previous site has as it would be (--clean)
        self.out.parent.mkdir(parents=True, exist_ok=True)
        # What the folder holds already (a spare: the site before the previous one,
        # made ready by spare.prepared).
        self.spare, self.there = spare, {}
        if self.spare is not None:
            self.dir, self.there = self.spare.folder, self.spare.files
        else:
            self.dir = Path(tempfile.mkdtemp(prefix=f".{self.out.name}.new-", dir=self.out.parent))
        # The site's folder keeps its mode (mkdtemp's is 0700: no web server could read it).
        mode = self.out.stat().st_mode if self.out.is_dir() else 0o777 & ~umask()
        os.chmod(self.dir, stat.S_IMODE(mode))
        self._folders: set[str] = {""}

    def keep(self, rel: str, key: str = "") -> Stored:
        """A file that did not change and was not made again."""
        if not self._link_old(rel):
            raise OSError(f"cannot keep {rel} from the previous site")
        return Stored(rel, self.old_files[rel], False, key)

    def keep_all(self, files: Iterable[tuple[str, str]]) -> list[Stored]:
        """keep() each (file, key): ten thousand of them for a big journal's
        build, most held as they are by the folder already (a spare's)."""
        old, there = self.old_files, self.there
        return [Stored(rel, old[rel], False, key) if rel in old and there.get(rel) == old[rel]
                else self.keep(rel, key) for rel, key in files]  # fmt: skip

    def _link_old(self, rel: str) -> bool:
        """Hard-link the previous site's file into the new one (False: it is gone),
        unless the folder holds it as it is already.
        (Paths as text: ten thousand files are linked for every build.)"""
        digest = self.old_files.get(rel)
        if digest is not None and self.there.get(rel) == digest:
            return True
        self._clear(rel)
        return _link(f"{self.out}/{rel}", f"{self.dir}/{rel}")

    def put(self, rel: str, data: bytes, key: str = "", digest: str | None = None) -> Stored:
        """Write a file of the site (digest: its sha256, when the caller has it)."""
        digest = digest or sha256(data)
        # Unchanged: kept, unless the previous site no longer has it (then written).
        if not self.rewrite and self.old_files.get(rel) == digest and self._link_old(rel):
            return Stored(rel, digest, False, key)
        # A changed file is written anew, even where a spare holds it so from before: its
        # older mtime would tell a browser's cache that the previous version is current.
        self._clear(rel)
        _write(self.dir / rel, data)
        return Stored(rel, digest, True, key)

    def _clear(self, rel: str) -> None:
        """Make room for rel (a spare's file there is a link to an older site's: never written into)."""
        self._folder(rel)
        if rel in self.there:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(f"{self.dir}/{rel}")

    def _folder(self, rel: str) -> None:
        folder = rel.rpartition("/")[0]
        if folder not in self._folders:
            (self.dir / folder).mkdir(parents=True, exist_ok=True)
            self._folders.add(folder)

    def commit(self, stored: list[Stored], made_from: Manifest) -> WriteStats:
        """Make the new site the site; made_from gives the manifest's fingerprints."""
        hashes = {s.rel: s.sha256 for s in stored}
        if self.spare is not None:
            self.spare.drop(self.there.keys() - hashes.keys())
        carried = self._carry_over_foreign_files(hashes.keys())
        keys = {s.rel: s.key for s in stored if s.key}
        made = replace(made_from, files=hashes, keys=keys)
        # The manifest last: a folder with one is complete (see remove_leftovers).
        _write(self.dir / MANIFEST, made.dumps())
        old = _swap(self.dir, self.out)
        if old is not None:
            # (what the user put into the site folder meanwhile is in the previous site now)
            if not unchanged_since_listed(self.out, old, self.recent):
                move_late(old, self.out, self.old_files.keys() | carried | {MANIFEST})
            # After --clean the site swapped out is not kept: a page changed by hand in the site
            # was changed in it too (they are one file, linked), and --clean repairs it for good.
            if old == self.dir and self.spare is not None and not self.rewrite:
                if self.old is not None:
                    self.old.remember(self.dir, self.recent)  # the spare now holds the previous site
            else:
                shutil.rmtree(old, ignore_errors=True)
        made.remember(self.out, self.recent)
        written = sum(s.written for s in stored)
        removed = len(self.old_files.keys() - hashes.keys())
        return WriteStats(written, len(stored) - written, removed)

    def _carry_over_foreign_files(self, ours: AbstractSet[str]) -> frozenset[str]:
        """Files and folders someone else put into the site folder survive
        the swap (see foreign.py); the files carried over. Raises OutputError
        where one is where the site puts its own."""
        if not self.out.is_dir():
            return frozenset()
        try:
            return carry_over(
                self.out, self.dir, contents(self.out, self.recent), self.old_files.keys() | {MANIFEST}, ours
            )
        except InTheWay as exc:
            raise OutputError(
                f"{self.out / exc.rel} {exc.what}: move or rename it, then build again "
                "(the previous site was left as it was)"
            ) from None

    def abort(self) -> None:
        shutil.rmtree(self.dir, ignore_errors=True)


@dataclass(frozen=True)
class Spare:
    """The site before the previous one, kept to be made the next one: a build
    writes into it only what changed since. Its manifest is removed before it
    is changed (a build killed then leaves a spare without one, made anew)."""

    folder: Path
    files: dict[str, str]  # what it holds: path -> sha256

    def drop(self, gone: set[str]) -> None:
        """Remove files the new site has not, and the folders they leave empty."""
        for rel in sorted(gone, reverse=True):
            with contextlib.suppress(FileNotFoundError):
                os.unlink(f"{self.folder}/{rel}")
            parts = rel.split("/")[:-1]
            while parts:
                try:
                    os.rmdir(self.folder.joinpath(*parts))
                except OSError:  # not empty
                    break
                parts.pop()


def _write(path: Path, data: bytes) -> None:
    """Write all of data, or raise (a full disk: OSError ENOSPC). One os.write
    may write less than it was given, and say so only by its count."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
    except OSError as exc:  # say which file
        raise OSError(exc.errno, exc.strerror, str(path)) from None
    finally:
        os.close(fd)


def _link(source: Path | str, target: Path | str) -> bool:
    try:
        os.link(source, target)
        return True
    except OSError:
        return False


def _swap(staging: Path, out: Path) -> Path | None:
    """Put staging in out's place, at once where the system can; where the
    previous site now is (staging, where the two were exchanged), or None
    where there was none."""
    if not out.exists():
        os.rename(staging, out)
        return None
    if _exchange(staging, out):
        return staging
    retired = Path(tempfile.mkdtemp(prefix=f".{out.name}.old-", dir=out.parent))
    os.rmdir(retired)
    os.rename(out, retired)
    try:
        os.rename(staging, out)
    except OSError:
        os.rename(retired, out)
        raise
    return retired


def _exchange(first: Path, second: Path) -> bool:
    """Swap two folders in one step (Linux's renameat2 RENAME_EXCHANGE); False
    where the system cannot."""
    if sys.platform != "linux":
        return False
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    at_cwd, rename_exchange = -100, 2
    done = renameat2(at_cwd, os.fsencode(first), at_cwd, os.fsencode(second), rename_exchange)
    return done == 0
