"""The journal's files read from one snapshot of the index: records first,
then the notes' HTML when a page needs it."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from ..index.codec import read_back, unpack
from ..index.entries import Entry, decode_rows
from ..index.refresh import RefreshStats, updated
from ..index.store import IndexDamaged, remove_index
from ..journal.model import AnyRecord

if TYPE_CHECKING:
    from .memo import Memo

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Bodies:
    """What a load reads of the files besides their records: each file's
    sha256 and fields digest, and the HTML of its notes."""

    shas: Mapping[str, str]
    field_digests: Mapping[str, str]
    html: Notes


class Notes(Mapping[str, str]):
    """path -> the HTML of the file's notes. From the index, each is read from
    an open read transaction (the snapshot the records came from) when first
    asked for: an edit of one note reads a few. preload() reads all of it, as
    the index keeps it (compressed: a fifth of the size, each note unpacked
    when a page asks for it), and ends the transaction (before worker
    processes fork: they must not share the connection); close() ends it
    without reading more."""

    def __init__(
        self,
        conn: sqlite3.Connection | None,
        paths: Mapping[str, object],
        known: Mapping[str, str] | None = None,
        texts_apart: bool = False,
    ) -> None:
        self._conn = conn
        self._paths = paths  # the files of the snapshot (their hashes, say)
        self._given: dict[str, str] = dict(known or {})  # (notes' HTML given, as a memo keeps it)
        # Read one by one from the snapshot, then, once many were asked for, every file's at
        # once (the HTML kept as the index keeps it, a fifth of the size, unpacked when asked):
        self._apart = {column: _Apart() for column in ("html", "sections", "body", "reflection_html")}
        self._texts_apart = texts_apart  # the records came without their notes' text

    def __getitem__(self, path: str) -> str:
        if path in self._given:
            return self._given[path]
        if path not in self._paths:
            raise KeyError(path)
        return unpack(self._column("html", path) or b"")

    def __iter__(self) -> Iterator[str]:
        return iter(self._paths)

    def __len__(self) -> int:
        return len(self._paths)

    def sections(self, path: str) -> bytes:
        """The sections of the interview in the file at path, as the index keeps
        them (see codec.LazySections)."""
        return self._column("sections", path) or b""

    def reflection_html(self, path: str) -> str:
        """The reflection of the interview in the file at path, rendered on its own
        as the index keeps it (see site/shown.py)."""
        with read_back(f"the reflection of {path}"):
            return unpack(self._column("reflection_html", path) or b"")

    @property
    def texts_apart(self) -> bool:
        """Did the records come without their notes' text (read here instead)?"""
        return self._texts_apart

    def text_of(self, record: AnyRecord) -> str:
        """The record's notes as written: a build reads records without them
        (they are most of what a record is), and reads those it needs here."""
        return (self._column("body", record.path) or "") if self._texts_apart else record.body

    def _column(self, column: str, path: str) -> Any:
        """The file's value of a column of the files table that a load leaves
        out (None for none): read one by one, or all at once when many are
        asked for (a page of every reflection on a tag; the scans of a first build)."""
        apart = self._apart[column]
        if apart.all is not None:
            return apart.all.get(path)
        if path not in apart.some:  # (asked for again: the same value, not read again)
            if self._conn is None:  # a bug, never the journal's doing: say so loudly
                raise RuntimeError(f"the {column} of {path} was asked for after the index was let go of")
            if len(apart.some) >= ONE_BY_ONE:
                apart.all = {**self._every(column), **apart.some}  # (those read already kept as they are)
                return apart.all.get(path)
            row = self._conn.execute(f"SELECT {column} FROM files WHERE path = ?", (path,)).fetchone()
            apart.some[path] = row[0] if row else None
        return apart.some[path]

    def _every(self, column: str) -> dict[str, Any]:
        assert self._conn is not None
        return dict(self._conn.execute(f"SELECT path, {column} FROM files WHERE length({column}) > 0"))

    def preload(self) -> None:
        if self._conn is not None:
            for column, apart in self._apart.items():
                if apart.all is None and (column != "body" or self._texts_apart):
                    apart.all = {**self._every(column), **apart.some}
            self.close()

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None


@dataclass(slots=True)
class _Apart:
    """What Notes read so far of a column the load left out."""

    some: dict[str, Any] = field(default_factory=dict)  # those asked for, one by one
    all: dict[str, Any] | None = None  # every file's, once many were asked for


NO_NOTES = Notes(None, {})
ONE_BY_ONE = 2000  # then the rest at once (all of them: a tenth of a second on a big journal)


def files_fingerprint(root: Path, allow_html: bool) -> tuple[str, tuple[str, ...]]:
    """The refreshed index's fingerprint of the journal's files (see
    store.fingerprint; "" for none), read from its list of files without
    decoding a record, and what refreshing said (pass it on as `refreshed`
    to read the journal next without refreshing again)."""
    from ..index.store import fingerprint

    conn, stats = updated(root, allow_html)
    try:
        shas = dict(conn.execute("SELECT path, sha256 FROM files"))
    finally:
        conn.close()
    return (fingerprint(shas) if shas else ""), stats.notices


def reading_repaired(root: Path, read: Callable[[sqlite3.Connection], T]) -> tuple[T, tuple[str, ...]]:
    """read(conn) over one read-only snapshot of the index as it is (refresh it
    first). Where its pages turn out to be damaged, the index is made anew
    and read again, and a notice says so."""
    from ..index.store import is_damage, read_only

    def attempt() -> T:
        conn = read_only(root)
        try:
            conn.execute("BEGIN")
            return read(conn)
        finally:
            conn.close()

    try:
        return attempt(), ()
    except (IndexDamaged, sqlite3.DatabaseError) as exc:
        if not is_damage(exc):
            raise
        remove_index(root)
        conn, stats = updated(root)
        conn.close()
        return attempt(), (*stats.notices, f"index is damaged ({exc}); rebuilding it")


def load_entries(
    root: Path,
    allow_html: bool,
    with_html: bool = False,
    memo: Memo | None = None,
    notes: bool = True,
    refreshed: Sequence[str] | None = None,
) -> tuple[list[Entry], RefreshStats, Bodies]:
    """Every file's (SourceFile, record, diagnostics) via the refreshed index,
    and the files' Bodies: hashes, fields digests and, with_html, notes' HTML.
    An index whose rows cannot be read back is rebuilt, with a notice.
    Refreshed: what the refresh this process has just made said (see refresh.updated)."""
    try:
        return _load_entries(root, allow_html, with_html, memo, notes, refreshed)
    except IndexDamaged as exc:
        remove_index(root)
        if memo is not None:
            memo.forget()
        entries, stats, bodies = _load_entries(root, allow_html, with_html, memo, notes)
        notice = f"index is damaged ({exc}); rebuilding it"
        return entries, replace(stats, notices=(*stats.notices, notice)), bodies


def _load_entries(
    root: Path,
    allow_html: bool,
    with_html: bool,
    memo: Memo | None,
    notes: bool = True,
    refreshed: Sequence[str] | None = None,
) -> tuple[list[Entry], RefreshStats, Bodies]:
    table, named = (memo.table, memo.named) if memo is not None else (None, None)
    conn, stats = updated(root, allow_html, table, refreshed, named)
    keep_open = False
    try:
        if memo is not None:
            memo.update(conn)
            shas = memo.shas()
            html = Notes(None, shas, memo.html()) if with_html else NO_NOTES
            return memo.entries(), stats, Bodies(shas, memo.field_digests(), html)
        # One snapshot of the index for the records and, later, their HTML.
        conn.execute("BEGIN")
        # Kept open (with_html), the snapshot gives the notes' text and interviews'
        # sections when first asked: they are most of what the records are.
        body = "body" if notes and not with_html else "''"
        sections = "''" if with_html else "sections"
        query = (
            f"SELECT kind, path, payload, {body}, {sections}, sha256, fields_digest FROM files ORDER BY path"
        )
        rows = conn.execute(query).fetchall()
        shas = {row[1]: row[5] for row in rows}
        html = Notes(conn, shas, texts_apart=notes) if with_html else NO_NOTES
        bodies = Bodies(shas, {row[1]: row[6] for row in rows}, html)
        keep_open = with_html
        return decode_rows(rows, html.sections if with_html else None), stats, bodies
    finally:
        if not keep_open:
            conn.close()
