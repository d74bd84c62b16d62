"""What the live preview keeps between loads: the files it decoded from the
index, by path and hash, so that a load after an edit decodes only the edited
files. Its key: each file's sha256, and the index's version and render
settings (the stamp); a rebuilt index (forget) invalidates all of it."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from typing import Any

from ..cache import Recent, Results
from ..index.codec import unpack
from ..index.entries import decode_rows
from ..index.refresh import FilesTable
from ..journal.diagnostics import Diagnostic
from ..journal.files import SourceFile
from ..journal.model import AnyRecord

# A file decoded: (sha256, file, record, diagnostics, body HTML, fields digest)
Decoded = tuple[str, SourceFile, AnyRecord | None, tuple[Diagnostic, ...], str, str]


@dataclass
class Memo:
    """Files decoded by earlier loads in this process, by path: a long-running
    process (the live preview) decodes only the files that changed since."""

    files: dict[str, Decoded] = field(default_factory=dict)
    stamp: tuple[Any, ...] = ()  # the index's version and render settings the files were decoded with
    results: Results = field(default_factory=lambda: Results())  # in memory only, unless given a store
    manifests: Recent[Any, Any] = field(default_factory=lambda: Recent())  # the site's and its spare's
    table: FilesTable = field(default_factory=lambda: FilesTable())  # the files table as last refreshed
    # The files a watcher saw change since the last load (journal-relative):
    # the next load looks at those alone. None: it looks at every file.
    named: frozenset[str] | None = None
    # What the last build made and no longer needs; freeing it takes a while,
    # so a caller that has something urgent to do first (announce the build)
    # releases it afterwards.
    held: list[Any] = field(default_factory=list)
    # What a load asks of the files, each kept up to date by update (ten
    # thousand files: made anew at each load, they took longer than the load).
    _shas: dict[str, str] = field(default_factory=dict, repr=False)
    _html: dict[str, str] = field(default_factory=dict, repr=False)
    _digests: dict[str, str] = field(default_factory=dict, repr=False)
    _order: list[str] | None = field(default=None, repr=False)  # the paths, sorted (None: to sort)

    def release(self) -> None:
        """Once a build is announced: free what it made, and keep its results in the index."""
        self.held.clear()
        self.results.flush()

    def forget(self) -> None:
        """The index was rebuilt: nothing decoded from it before holds."""
        self._drop_all()
        self.results.clear()
        self.table = FilesTable()
        self.stamp = ()
        self.named = None

    def update(self, conn: sqlite3.Connection) -> None:
        """Decode what changed since the last update, after a refresh with this
        memo's table (which then holds every file's sha256)."""
        stamp = tuple(
            conn.execute("SELECT key, value FROM meta WHERE key IN ('version', 'render') ORDER BY key")
        )
        if stamp != self.stamp:  # the same file may now be another record, or other HTML
            self._drop_all()
            self.results.clear()
            self.stamp = stamp
        current = self.table.rows
        for path in self.files.keys() - current.keys():
            self._drop(path)
        stale = [path for path, (_size, _mtime, sha, _ctime) in current.items()
                 if path not in self.files or self.files[path][0] != sha]  # fmt: skip
        for start in range(0, len(stale), 500):
            chunk = stale[start : start + 500]
            marks = ",".join("?" * len(chunk))
            rows = conn.execute(
                "SELECT kind, path, payload, body, sections, sha256, html, fields_digest FROM files "
                f"WHERE path IN ({marks})",
                chunk,
            ).fetchall()
            for row, (file, record, diagnostics) in zip(rows, decode_rows(rows), strict=True):
                self._put(file.rel, (row[5], file, record, diagnostics, unpack(row[6]), row[7]))

    def _put(self, path: str, item: Decoded) -> None:
        if path not in self.files:
            self._order = None
        self.files[path] = item
        self._shas[path], self._html[path], self._digests[path] = item[0], item[4], item[5]

    def _drop(self, path: str) -> None:
        for table in (self.files, self._shas, self._html, self._digests):
            del table[path]
        self._order = None

    def _drop_all(self) -> None:
        for table in (self.files, self._shas, self._html, self._digests):
            table.clear()
        self._order = None

    def entries(self) -> list[tuple[SourceFile, AnyRecord | None, tuple[Diagnostic, ...]]]:
        if self._order is None:
            self._order = sorted(self.files)
        files = map(self.files.__getitem__, self._order)
        return [(file, record, diags) for _sha, file, record, diags, _html, _o in files]

    # (The tables themselves, not copies: a load only reads them.)
    def shas(self) -> dict[str, str]:
        return self._shas

    def html(self) -> dict[str, str]:
        return self._html

    def field_digests(self) -> dict[str, str]:
        return self._digests
