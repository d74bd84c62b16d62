"""The index's files rows read back as (file, record, diagnostics) entries."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from typing import Any

from ..journal.diagnostics import Diagnostic
from ..journal.files import SourceFile
from ..journal.model import AnyRecord, Kind
from . import codec
from .store import IndexDamaged

Entry = tuple[SourceFile, AnyRecord | None, tuple[Diagnostic, ...]]


def cached(conn: sqlite3.Connection, notes: bool = True) -> list[Entry]:
    """(file, record, diagnostics) for every file, in path order; without
    notes, the records come without their bodies (most of what is read)."""
    body = "body" if notes else "''"
    rows = conn.execute(f"SELECT kind, path, payload, {body}, sections FROM files ORDER BY path").fetchall()
    return decode_rows(rows)


def decode_rows(rows: list[tuple[Any, ...]], sections: Callable[[str], bytes] | None = None) -> list[Entry]:
    """Rows that start with (kind, path, payload, body, sections) as entries;
    given where to read them (sections(path): as the index keeps them), interviews'
    sections are read from there when first asked, not from the rows."""
    try:
        decoded = codec.loads_many([(row[2], row[3], sections or row[4]) for row in rows])
        kinds = {str(k): k for k in Kind}
        return [(SourceFile(kinds[row[0]], row[1]), *pair) for row, pair in zip(rows, decoded, strict=True)]
    except (ValueError, KeyError, TypeError, IndexError, AttributeError) as exc:
        raise IndexDamaged(f"a cached record cannot be read back ({type(exc).__name__})") from None
