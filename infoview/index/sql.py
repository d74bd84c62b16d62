"""The index as `infoview sql` sees it: read-only, with views for today, and a time limit."""

from __future__ import annotations

import contextlib
import datetime as dt
import sqlite3
import time
from pathlib import Path

from .store import read_only
from .tables import TABLES


def open_read_only(root: Path, today: dt.date) -> sqlite3.Connection:
    """The index opened read-only, with views that depend on `today`."""
    conn = read_only(root, autocommit=True)
    day = today.isoformat()  # a date, formatted by us: safe to inline in a view
    status = TABLES["interviews"].fields["status"].sql.replace(":today", f"'{day}'")
    stage = TABLES["contacts"].fields["stage"].sql.replace(":today", f"'{day}'")
    conn.execute(f"CREATE TEMP VIEW v_interviews AS SELECT i.*, {status} AS state FROM interviews i")
    conn.execute(f"CREATE TEMP VIEW v_contacts AS SELECT c.*, {stage} AS stage FROM contacts c")
    conn.execute("PRAGMA query_only = ON")
    # The full-text table made ready first: making it asks to change the schema
    # (to declare the table), which the authorizer denies.
    with contextlib.suppress(sqlite3.Error):
        conn.execute("SELECT rowid FROM search LIMIT 0").fetchall()
    conn.set_authorizer(_reading_only)
    return conn


# What a statement of `infoview sql` may do: read. Not attach a file (which
# VACUUM INTO does too), write, or change a setting; only these pragmas,
# which describe the tables (and data_version, which the full-text table
# reads at every search, to know whether the index changed).
_READ = frozenset(
    {sqlite3.SQLITE_SELECT, sqlite3.SQLITE_READ, sqlite3.SQLITE_FUNCTION, sqlite3.SQLITE_RECURSIVE}
)
_DESCRIBING = frozenset({"table_info", "table_xinfo", "table_list", "index_list", "index_info", "index_xinfo",
                         "foreign_key_list", "collation_list", "function_list", "data_version"})  # fmt: skip


_UNSAFE_FUNCTIONS = frozenset({"fts3_tokenizer", "load_extension", "readfile", "writefile", "edit"})


def _reading_only(action: int, first: str | None, second: str | None = None, *_: object) -> int:
    if action == sqlite3.SQLITE_FUNCTION and (second or "").lower() in _UNSAFE_FUNCTIONS:
        return sqlite3.SQLITE_DENY
    if action in _READ or (action == sqlite3.SQLITE_PRAGMA and (first or "").lower() in _DESCRIBING):
        return sqlite3.SQLITE_OK
    return sqlite3.SQLITE_DENY


def time_limit(conn: sqlite3.Connection, seconds: float) -> None:
    """Stop what conn runs once it has run for this long (it then raises
    sqlite3.OperationalError: interrupted)."""
    deadline = time.monotonic() + seconds
    conn.set_progress_handler(lambda: int(time.monotonic() > deadline), 10_000)
