"""The SQLite index at <journal>/.infoview/index.sqlite: opening it, its
version, and making it anew when it is of another version or damaged.

It is both the parse cache and the queryable copy of the journal (see
refresh.py for how it follows the files). The schema is documented in the
README and made in rows.py.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import shutil
import sqlite3
from collections.abc import Mapping
from pathlib import Path

from .. import __version__
from ..journal.decode import READ_VERSION
from ..journal.privacy import MATCHING_VERSION
from . import codec
from .codec import IndexDamaged
from .rows import SCHEMA

SCHEMA_VERSION = 2
# The version string also fingerprints the tables, the cached record
# layout, the way files are read and what the privacy scans it keeps look
# for, so that any change to one of them makes old indexes rebuild themselves.
_LAYOUT = hashlib.sha256(repr((SCHEMA, codec.LAYOUT, READ_VERSION, MATCHING_VERSION)).encode()).hexdigest()[
    :12
]
INDEX_VERSION = f"{SCHEMA_VERSION}/{__version__}/{_LAYOUT}"
INDEX_DIR = ".infoview"
INDEX_NAME = "index.sqlite"


def index_path(root: Path) -> Path:
    return root / INDEX_DIR / INDEX_NAME


def open_index(root: Path) -> tuple[sqlite3.Connection, list[str]]:
    """Open (creating, upgrading or repairing as needed) the index for writing."""
    notices: list[str] = []
    path = index_path(root)
    try:
        path.parent.mkdir(exist_ok=True)
    except OSError as exc:
        notices.append(f"cannot create {INDEX_DIR}/ ({exc.strerror}); using a temporary index")
        return _connect(":memory:", create=True), notices
    for _attempt in range(2):
        try:
            conn = _connect(str(path), create=True)
            version = _version(conn)
            if version == INDEX_VERSION:
                return conn, notices
            conn.close()
            if version is not None:
                notices.append(f"index written by another version ({version}); rebuilding it")
        except sqlite3.DatabaseError as exc:
            with contextlib.suppress(NameError):
                conn.close()
            notices.append(f"index is damaged ({exc}); rebuilding it")
        _remove(path)
        conn = _connect(str(path), create=True)
        _create(conn)
        return conn, notices
    raise AssertionError("unreachable")  # pragma: no cover


def _connect(target: str, create: bool) -> sqlite3.Connection:
    conn = sqlite3.connect(target, timeout=30, isolation_level=None, check_same_thread=False)
    conn.execute("PRAGMA busy_timeout = 30000")
    # Pages scribbled over are found as they are read, not read as rows that are
    # not there (a small table is one page: nothing else would notice).
    conn.execute("PRAGMA cell_size_check = ON")
    if target != ":memory:":
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = NORMAL")
    if target == ":memory:":
        _create(conn)
    return conn


_TABLE_NAMES = frozenset(re.findall(r"CREATE (?:VIRTUAL )?TABLE IF NOT EXISTS (\w+)", "\n".join(SCHEMA)))


def _version(conn: sqlite3.Connection) -> str | None:
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type IN ('table', 'view')")}
    if "meta" not in tables:
        if tables:
            return "unknown"
        _create(conn)
        return INDEX_VERSION
    row = conn.execute("SELECT value FROM meta WHERE key = 'version'").fetchone()
    if row is None or row[0] != INDEX_VERSION:  # (another version's tables are not ours to check)
        return row[0] if row else "unknown"
    missing = sorted(_TABLE_NAMES - tables)
    if missing:  # dropped by hand or by damage SQLite itself does not see
        raise sqlite3.DatabaseError(f"table {missing[0]} is missing")
    return row[0]


def _remove(path: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        target = f"{path}{suffix}"
        if os.path.isdir(target) and not os.path.islink(target):  # not ours to keep: a folder in our place
            shutil.rmtree(target, ignore_errors=True)
        with contextlib.suppress(FileNotFoundError, IsADirectoryError):
            os.unlink(target)


def _create(conn: sqlite3.Connection) -> None:
    conn.execute("BEGIN IMMEDIATE")
    for statement in SCHEMA:
        conn.execute(statement)
    conn.execute("INSERT OR REPLACE INTO meta VALUES ('version', ?)", (INDEX_VERSION,))
    conn.execute("INSERT OR REPLACE INTO meta VALUES ('schema_version', ?)", (str(SCHEMA_VERSION),))
    conn.execute("COMMIT")


def fingerprint(by_path: Mapping[str, str]) -> str:
    """A digest of every path with what it maps to (a file's sha256, or its
    fields digest): the same for the same journal."""
    digest = hashlib.sha256()
    for path in sorted(by_path):
        digest.update(f"{path}\0{by_path[path]}\n".encode())
    return digest.hexdigest()


def fields_fingerprint(conn: sqlite3.Connection) -> str:
    """The journal's fields fingerprint (see fingerprint): what its
    files say besides their notes' text. Kept in `meta` by every refresh that
    changes a file (keep_fields), so that it is read, not made."""
    row = conn.execute("SELECT value FROM meta WHERE key = 'fields'").fetchone()
    return str(row[0]) if row else _fields_of_files(conn)


def keep_fields(conn: sqlite3.Connection) -> None:
    conn.execute("INSERT OR REPLACE INTO meta VALUES ('fields', ?)", (_fields_of_files(conn),))


def _fields_of_files(conn: sqlite3.Connection) -> str:
    return fingerprint(dict(conn.execute("SELECT path, fields_digest FROM files")))


def get_derived(conn: sqlite3.Connection, name: str, key: str, fields: str) -> str | None:
    """A result stored by put_derived for the same key, while the journal's
    fields (fields_fingerprint) are the same."""
    row = conn.execute(
        "SELECT value FROM derived WHERE name = ? AND fields = ? AND key = ?", (name, fields, key)
    ).fetchone()
    return row[0] if row else None


def put_derived(conn: sqlite3.Connection, name: str, key: str, fields: str, value: str) -> None:
    """Keep value for the key (a day, say) and the journal's fields; results for
    other fields are stale, and go."""
    with contextlib.suppress(sqlite3.OperationalError):  # busy or read-only: just not cached
        conn.execute("DELETE FROM derived WHERE fields != ?", (fields,))
        conn.execute("INSERT OR REPLACE INTO derived VALUES (?, ?, ?, ?)", (name, fields, key, value))


def read_only(root: Path, autocommit: bool = False) -> sqlite3.Connection:
    """The index opened for reading only (damaged pages found as they are read)."""
    uri = index_path(root).resolve().as_uri() + "?mode=ro"
    conn = sqlite3.connect(uri, uri=True, isolation_level=None if autocommit else "DEFERRED")
    conn.execute("PRAGMA cell_size_check = ON")
    return conn


def remove_index(root: Path) -> None:
    _remove(index_path(root))


def is_damage(exc: BaseException) -> bool:
    """Whether reading the index failed because the file is damaged: not
    because it is locked, read-only or on a full disk (OperationalError)."""
    return isinstance(exc, IndexDamaged) or (
        isinstance(exc, sqlite3.DatabaseError) and not isinstance(exc, sqlite3.OperationalError)
    )
