"""Every cache infoview keeps, with its key and what makes it stale.

- `Results` (here): results computed from the whole journal, each under the
  key it was made for: the journal's fields fingerprint (what the files say besides
  their notes' text) or its files' hashes, plus whatever else it depends on
  (settings, today). FileScans in memory and in the index's `results` table for the
  next process. Stale when the key differs; `per_file` scans are kept per
  file (in the `scans` table, a row a file), stale when the file's hash differs.
- `Recent` (here): the last value made in each place, under the key it was
  made for. A build holds one for the manifests of the site and of its spare
  (key: the manifest file's inode, size and mtime), so that it parses each
  once; the live preview keeps it from one build to the next.
- `load.memo.Memo`: the files the live preview decoded from the index, by
  path; stale when the file's sha256 differs, all of it when the index's
  version or render settings (its stamp) change or the index is rebuilt.
- The index itself (`index/`): each file's rows, stale when its size and
  mtime differ and its sha256 too; all of it when the index's version or
  render settings change. Its `derived` table: results made from the
  journal's fields (a day's follow-ups), one entry a key, all stale when the
  fields fingerprint changes (an edit of notes' prose alone keeps them).
- `Journal.derived` (model): values derived from one loaded journal (its
  private names), made once for as long as that journal lives.
- `site/output.Manifest.nodes`: the reference graph a build wrote, kept with
  the manifest it wrote, so that the next build reads it back without
  parsing.
- Page keys (`site/keys.py`): a digest of all a page shows; a page whose key
  the previous site holds is not rendered again.
"""

from __future__ import annotations

import contextlib
import json
import sqlite3
import zlib
from collections.abc import Callable, Hashable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Generic, TypeVar

from .workers import can_fork, in_workers

T = TypeVar("T")
K = TypeVar("K")


Codec = tuple[Callable[[Any], str], Callable[[str], Any]]  # a result to JSON text, and back


# Results that keep scans of each file (see Results.per_file), and every file's hash.
FileScans = tuple["Results", Mapping[str, str]]
PARALLEL_SCANS = 1000  # files to scan that are worth forking for


@dataclass
class Results:
    """Results computed from the whole journal, by name, each valid for one key
    (the journal's fields fingerprint and whatever else it depends on). They are kept in
    memory, and in the index's `results` table when a store (the index file) is
    given, for the next process: one entry per name, as JSON text compressed."""

    store: Path | None = None
    memory: dict[str, tuple[str, Any]] = field(default_factory=dict)
    # Kept by a process that builds again and again (the live preview), which
    # reads the store as any build does, holds results in memory between
    # builds, and writes to the store once a build is announced (see flush).
    again: bool = False
    _unwritten: list[Callable[[], None]] = field(default_factory=list)
    # What per_file last returned for each name, made of the scans memory keeps for it.
    _scanned: dict[str, dict[str, Any]] = field(default_factory=dict)

    def result(self, name: str, key: str, compute: Callable[[], T], codec: Codec | None = None) -> T:
        """compute(), or what it gave when last asked for name with the same key.
        The key must hold everything the result depends on."""
        known = self.memory.get(name)
        if known is not None and known[0] == key:
            return known[1]
        value: T | None = None
        if self.store is not None and codec is not None:
            text = self._read(name, key)
            if text is not None:
                with contextlib.suppress(ValueError, TypeError, KeyError, IndexError):
                    value = codec[1](text)
        if value is None:
            value = compute()
            if self.store is not None and codec is not None:
                text = codec[0](value)
                self._later(lambda: self._write(name, key, text))
        self.memory[name] = (key, value)
        return value

    def per_file(
        self,
        name: str,
        key: str,
        shas: Mapping[str, str],
        scan: Callable[[str], Any],
        ready: Callable[[], Any] | None = None,
    ) -> dict[str, Any]:
        """scan(path) for each path of shas (path -> the file's hash), where key
        holds everything the scans depend on besides the file itself. What was
        kept for the same key is reused for each file whose hash is the same:
        after an edit, only the edited files are scanned again. The scans'
        results must be JSON values. Many files to scan (a first build) are
        scanned on every core, in forked workers, once ready() has made what
        the scans read safe to share (notes read through an open connection
        to the index must be read in first); without ready, here."""
        before: dict[str, list[Any]] = {}
        known = self.memory.get(name)
        if known is not None and known[0] == key:
            before = known[1]
            if name in self._scanned and list(before) == list(shas):  # (the same files, in the same order)
                return self._rescan(name, key, before, shas, scan, ready)
        elif self.store is not None:
            before = self._read_scans(name, key)
        now: dict[str, list[Any]] = {}
        for path, sha in shas.items():
            entry = before.get(path)
            if isinstance(entry, list) and len(entry) == 2 and _same_file(entry[0], sha):
                # (as the store keeps it, by the first bits of the hash: whole from now on)
                now[path] = entry if entry[0] == sha else [sha, entry[1]]
        todo = [path for path in shas if path not in now]
        found = self._scan(todo, scan, ready)
        now.update((path, [shas[path], result]) for path, result in zip(todo, found, strict=True))
        now = {path: now[path] for path in shas}  # (in the order given)
        changed = {path: now[path] for path in todo}
        if self.store is not None and (changed or before.keys() - now.keys()):
            gone = before.keys() - now.keys()
            self._later(lambda: self._write_scans(name, key, changed, gone))
        self.memory[name] = (key, now)
        self._scanned[name] = {path: found for path, (_sha, found) in now.items()}
        return dict(self._scanned[name])

    def _rescan(
        self,
        name: str,
        key: str,
        before: dict[str, list[Any]],
        shas: Mapping[str, str],
        scan: Callable[[str], Any],
        ready: Callable[[], Any] | None,
    ) -> dict[str, Any]:
        """per_file, when what it kept in memory for the same key is of the same
        files: only those whose hash changed are scanned again (an edit: one),
        and the rest is copied as it was, without a look at each file."""
        todo = [path for path, sha in shas.items() if before[path][0] != sha]
        found = self._scan(todo, scan, ready)
        now, scanned = dict(before), dict(self._scanned[name])
        for path, result in zip(todo, found, strict=True):
            now[path], scanned[path] = [shas[path], result], result
        if self.store is not None and todo:
            changed = {path: now[path] for path in todo}
            self._later(lambda: self._write_scans(name, key, changed, set()))
        self.memory[name], self._scanned[name] = (key, now), scanned
        return dict(scanned)

    @staticmethod
    def _scan(todo: list[str], scan: Callable[[str], Any], ready: Callable[[], Any] | None) -> list[Any]:
        """Many files to scan (a first build) are scanned on every core, once ready() has run."""
        if ready is not None and len(todo) >= PARALLEL_SCANS and can_fork():
            ready()
            return in_workers(scan, todo, PARALLEL_SCANS)[0]
        return [scan(path) for path in todo]

    def held(self, name: str, how: Any) -> dict[Any, Any]:
        """A dict to fill, kept under name for as long as how is the same, in
        memory only: in a process that builds again and again (or results in
        memory alone), from one build to the next; otherwise a new one, since
        a process of its own would only fill it once."""
        if self.store is not None and not self.again:
            return {}
        kept = self.memory.get(name)
        if kept is None or kept[0] != how:
            kept = self.memory[name] = (how, {})
        return kept[1]

    def made(self, name: str, how: Any, make: Callable[[], T]) -> T:
        """make(), or what it gave when last asked for name with the same how, in
        memory only (see held)."""
        kept = self.held(name, how)
        if "made" not in kept:
            kept["made"] = make()
        made: T = kept["made"]
        return made

    def flush(self) -> None:
        """Write to the store what a process that builds again and again left
        unwritten (written by then, it made the build no faster)."""
        unwritten, self._unwritten = self._unwritten, []
        for write in unwritten:
            write()

    def _later(self, write: Callable[[], None]) -> None:
        if self.again:
            self._unwritten.append(write)
        else:
            write()

    def clear(self) -> None:
        self.memory.clear()
        self._scanned.clear()
        self._unwritten.clear()

    def _connect(self) -> sqlite3.Connection | None:
        if self.store is None or not self.store.is_file():
            return None
        try:
            conn = sqlite3.connect(str(self.store), timeout=5, isolation_level=None)
            conn.execute("PRAGMA busy_timeout = 5000")
            return conn
        except sqlite3.Error:
            return None

    def _read(self, name: str, key: str) -> str | None:
        conn = self._connect()
        if conn is None:
            return None
        try:
            row = conn.execute("SELECT value FROM results WHERE name = ? AND key = ?", (name, key)).fetchone()
            return zlib.decompress(row[0]).decode("utf-8") if row and isinstance(row[0], bytes) else None
        except (sqlite3.Error, zlib.error, UnicodeDecodeError):  # another layout, busy, damaged: made again
            return None
        finally:
            conn.close()

    def _read_scans(self, name: str, key: str) -> dict[str, list[Any]]:
        """path -> [sha256, scan] kept for name and key (one row a file)."""
        conn = self._connect()
        if conn is None:
            return {}
        try:
            conn.execute("BEGIN")
            kept = conn.execute("SELECT key FROM scan_keys WHERE name = ?", (name,)).fetchone()
            if kept is None or kept[0] != key:
                return {}
            rows = conn.execute("SELECT path, sha256, value FROM scans WHERE name = ?", (name,)).fetchall()
        except sqlite3.Error:  # another layout, busy, damaged: made again
            return {}
        finally:
            conn.close()
        found: dict[str, list[Any]] = {}
        for path, sha, value in rows:
            with contextlib.suppress(ValueError, TypeError):
                # (most files' scans find nothing: ten thousand of them are read for each build)
                found[path] = [sha, [] if value == "[]" else False if value == "false" else json.loads(value)]
        return found

    def _write_scans(self, name: str, key: str, changed: Mapping[str, list[Any]], gone: set[str]) -> None:
        """Keep the scans of the files that changed; forget those of files gone,
        and all made for another key. Only the rows of the files that changed
        are written: an edit writes one."""
        conn = self._connect()
        if conn is None:
            return
        # (a file by the first 64 bits of its sha256: enough to tell its versions apart)
        rows = [(name, path, sha[:16], json.dumps(found, ensure_ascii=False, separators=(",", ":")))
                for path, (sha, found) in changed.items()]  # fmt: skip
        try:
            conn.execute("BEGIN IMMEDIATE")
            kept = conn.execute("SELECT key FROM scan_keys WHERE name = ?", (name,)).fetchone()
            if kept is None or kept[0] != key:  # scans for another key: all stale
                conn.execute("DELETE FROM scans WHERE name = ?", (name,))
                conn.execute("INSERT OR REPLACE INTO scan_keys VALUES (?, ?)", (name, key))
            conn.executemany("DELETE FROM scans WHERE name = ? AND path = ?", [(name, p) for p in gone])
            conn.executemany("INSERT OR REPLACE INTO scans VALUES (?, ?, ?, ?)", rows)
            conn.execute("COMMIT")
        except sqlite3.Error:  # read-only or busy: just not kept
            with contextlib.suppress(sqlite3.Error):
                conn.execute("ROLLBACK")
        finally:
            conn.close()

    def _write(self, name: str, key: str, value: str) -> None:
        conn = self._connect()
        if conn is None:
            return
        try:
            # compressed: the biggest (the question bank, what was learned) shrink to a sixth
            packed = zlib.compress(value.encode("utf-8"), 1)
            conn.execute("INSERT OR REPLACE INTO results VALUES (?, ?, ?)", (name, key, packed))
        except sqlite3.Error:  # read-only or busy: just not kept
            pass
        finally:
            conn.close()


def _same_file(kept: object, sha: str) -> bool:
    """Was the scan kept made of this version of the file (the index keeps the
    first 64 bits of its sha256)?"""
    return isinstance(kept, str) and (kept == sha or (len(kept) >= 16 and sha.startswith(kept)))


@dataclass
class Recent(Generic[K, T]):
    """The last value made in each place (a file's path, say), under the key
    it was made for (what the file was then)."""

    known: dict[Hashable, tuple[K, T]] = field(default_factory=dict)

    def get(self, place: Hashable, key: K) -> T | None:
        found = self.known.get(place)
        return found[1] if found is not None and found[0] == key else None

    def put(self, place: Hashable, key: K, value: T) -> None:
        self.known[place] = (key, value)

    def take(self, place: Hashable) -> tuple[K, T] | None:
        """What place holds (its key and value), no longer kept there."""
        return self.known.pop(place, None)
