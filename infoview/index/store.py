"""The SQLite index at <journal>/.infoview/index.sqlite.

It is both the parse cache and the queryable copy of the journal. A refresh
looks at every file's size and mtime: unchanged files are not read; a file
whose mtime changed but whose content hash did not is not parsed again;
changed files are parsed (on every core when there are many) and their rows
replaced; rows of deleted files are removed. The schema is documented in the
README; an index written by another version of infoview is rebuilt, and so
is one SQLite reports as damaged.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import os
import re
import secrets
import shutil
import sqlite3
import time
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .. import __version__
from ..journal.decode import build_record
from ..journal.diagnostics import Diagnostic
from ..journal.files import SourceFile, decode, discover, read_bytes, unreadable
from ..journal.model import AnyRecord, Kind
from ..journal.notes import RENDER_VERSION, render_markdown
from . import codec
from .rows import TABLES, rows_for

if TYPE_CHECKING:
    from ..cache import Memo

SCHEMA_VERSION = 1
# The version string also fingerprints the tables and the cached record
# layout, so that any change to either makes old indexes rebuild themselves.
_LAYOUT = hashlib.sha256(repr((TABLES, codec.LAYOUT)).encode()).hexdigest()[:12]
INDEX_VERSION = f"{SCHEMA_VERSION}/{__version__}/{_LAYOUT}"
INDEX_DIR = ".infoview"
INDEX_NAME = "index.sqlite"
PARALLEL_THRESHOLD = 400  # changed files before parsing moves to a process pool


@dataclass(frozen=True, slots=True)
class Prepared:
    """One parsed file, as rows ready for the index (made in a worker process)."""

    rel: str
    kind: str
    id: str
    size: int
    mtime_ns: int
    sha256: str
    payload: str  # the record (without its body) and diagnostics, as JSON
    outline: str  # a digest of the payload (see outline_digest)
    body: str
    html: str  # the rendered body
    diagnostics: list[tuple[Any, ...]]
    tables: list[tuple[str, list[tuple[Any, ...]]]]


@dataclass(frozen=True, slots=True)
class RefreshStats:
    added: int = 0
    changed: int = 0
    touched: int = 0  # mtime changed, content identical: not parsed again
    removed: int = 0
    unchanged: int = 0
    seconds: float = 0.0
    notices: tuple[str, ...] = ()

    @property
    def files(self) -> int:
        return self.added + self.changed + self.touched + self.unchanged

    def summary(self) -> str:
        return (
            f"{self.files} files: {self.added} added, {self.changed} changed, "
            f"{self.removed} removed, {self.unchanged + self.touched} unchanged "
            f"({self.touched} touched) in {self.seconds:.2f}s"
        )


Known = tuple[int, int, str]  # a files row: size, mtime_ns, sha256; enough to decide whether to read again


@dataclass
class _Plan:
    parse: list[SourceFile] = field(default_factory=list)
    touched: list[tuple[str, int, int]] = field(default_factory=list)  # path, size, mtime
    unchanged: int = 0
    removed: list[str] = field(default_factory=list)


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
    if target != ":memory:":
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = NORMAL")
    if target == ":memory:":
        _create(conn)
    return conn


_TABLE_NAMES = frozenset(re.findall(r"CREATE (?:VIRTUAL )?TABLE IF NOT EXISTS (\w+)", "\n".join(TABLES)))


def _version(conn: sqlite3.Connection) -> str | None:
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type IN ('table', 'view')")}
    if "meta" not in tables:
        if tables:
            return "unknown"
        _create(conn)
        return INDEX_VERSION
    missing = sorted(_TABLE_NAMES - tables)
    if missing:  # dropped by hand or by damage SQLite itself does not see
        raise sqlite3.DatabaseError(f"table {missing[0]} is missing")
    row = conn.execute("SELECT value FROM meta WHERE key = 'version'").fetchone()
    return row[0] if row else "unknown"


def _remove(path: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        target = f"{path}{suffix}"
        if os.path.isdir(target) and not os.path.islink(target):  # not ours to keep: a folder in our place
            shutil.rmtree(target, ignore_errors=True)
        with contextlib.suppress(FileNotFoundError, IsADirectoryError):
            os.unlink(target)


def _create(conn: sqlite3.Connection) -> None:
    conn.execute("BEGIN IMMEDIATE")
    for statement in TABLES:
        conn.execute(statement)
    conn.execute("INSERT OR REPLACE INTO meta VALUES ('version', ?)", (INDEX_VERSION,))
    conn.execute("INSERT OR REPLACE INTO meta VALUES ('schema_version', ?)", (str(SCHEMA_VERSION),))
    conn.execute("COMMIT")


@dataclass
class FilesTable:
    """The files table as this process last left it (path -> size, mtime_ns,
    sha256), with the stamp every refresh that writes leaves in `meta`: while
    the stamp is the same, no other process wrote, and the rows need not be
    read again."""

    stamp: str = ""
    rows: dict[str, Known] = field(default_factory=dict)


def refresh(
    root: Path,
    conn: sqlite3.Connection,
    notices: Iterable[str] = (),
    allow_html: bool = False,
    table: FilesTable | None = None,
) -> RefreshStats:
    """Bring the index up to date with the files under root. A process that
    refreshes again and again passes the same table, kept up to date here."""
    start = time.perf_counter()
    files = discover(root)
    conn.execute("BEGIN IMMEDIATE")
    try:
        wiped = _check_render_settings(conn, allow_html)
        row = conn.execute("SELECT value FROM meta WHERE key = 'stamp'").fetchone()
        stamp = row[0] if row else ""
        if table is not None and table.stamp and table.stamp == stamp and not wiped:
            known = table.rows
        else:
            known = {
                path: (size, mtime, sha)
                for path, size, mtime, sha in conn.execute("SELECT path, size, mtime_ns, sha256 FROM files")
            }
        plan = _plan(root, files, known)
        conn.executemany(
            "UPDATE files SET size = ?, mtime_ns = ? WHERE path = ?",
            [(size, mtime, rel) for rel, size, mtime in plan.touched],
        )
        parsed: list[tuple[str, int, int, str]] = []
        added = changed = 0
        for prepared in _parse_all(root, plan.parse, allow_html):
            _replace(conn, prepared, new=prepared.rel not in known)
            parsed.append((prepared.rel, prepared.size, prepared.mtime_ns, prepared.sha256))
            if prepared.rel in known:
                changed += 1
            else:
                added += 1
        for rel in plan.removed:
            _delete(conn, rel)
        if added or changed or plan.removed:
            _next_generation(conn)
        if wiped or plan.touched or parsed or plan.removed or not stamp:
            stamp = secrets.token_hex(8)
            conn.execute("INSERT OR REPLACE INTO meta VALUES ('stamp', ?)", (stamp,))
        conn.execute("COMMIT")
    except BaseException:
        with contextlib.suppress(sqlite3.Error):  # SQLite may have rolled back already (a full disk)
            conn.execute("ROLLBACK")
        raise
    rows = known  # from here on: the rows as the table now holds them
    for rel, size, mtime in plan.touched:
        rows[rel] = (size, mtime, rows[rel][2])
    for rel, size, mtime, sha in parsed:
        rows[rel] = (size, mtime, sha)
    for rel in plan.removed:
        del rows[rel]
    if table is not None:
        table.stamp, table.rows = stamp, rows
    return RefreshStats(
        added,
        changed,
        len(plan.touched),
        len(plan.removed),
        plan.unchanged,
        time.perf_counter() - start,
        tuple(notices),
    )


def _plan(root: Path, files: list[SourceFile], known: dict[str, Known]) -> _Plan:
    """Decide per file: unchanged (not read), touched (same hash), or parse."""
    plan = _Plan()
    seen = set()
    base = f"{root}/"
    for file in files:
        seen.add(file.rel)
        old = known.get(file.rel)
        try:
            stat = os.stat(base + file.rel)
        except OSError:
            plan.parse.append(file)
            continue
        if old and old[0] == stat.st_size and old[1] == stat.st_mtime_ns:
            plan.unchanged += 1
        elif old and old[2] and old[2] == _sha256(root / file.rel):
            plan.touched.append((file.rel, stat.st_size, stat.st_mtime_ns))
        else:
            plan.parse.append(file)
    plan.removed = sorted(set(known) - seen)
    return plan


def _sha256(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


def _next_generation(conn: sqlite3.Connection) -> None:
    """Something in the journal changed: results derived from all of it are stale."""
    conn.execute("INSERT OR IGNORE INTO meta VALUES ('generation', '0')")
    conn.execute("UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'generation'")


def generation(conn: sqlite3.Connection) -> int:
    row = conn.execute("SELECT value FROM meta WHERE key = 'generation'").fetchone()
    try:
        return int(row[0]) if row else 0
    except (TypeError, ValueError):  # damaged: no cached result can match it
        return -1


def get_derived(conn: sqlite3.Connection, name: str, key: str) -> str | None:
    """A result stored by put_derived, if the journal and key are unchanged since."""
    row = conn.execute(
        "SELECT value FROM derived WHERE name = ? AND generation = ? AND key = ?",
        (name, generation(conn), key),
    ).fetchone()
    return row[0] if row else None


def put_derived(conn: sqlite3.Connection, name: str, key: str, value: str) -> None:
    current = generation(conn)
    with contextlib.suppress(sqlite3.OperationalError):  # busy or read-only: just not cached
        conn.execute("DELETE FROM derived WHERE generation != ?", (current,))
        conn.execute("INSERT OR REPLACE INTO derived VALUES (?, ?, ?, ?)", (name, current, key, value))


def _check_render_settings(conn: sqlite3.Connection, allow_html: bool) -> bool:
    """Bodies are rendered when parsed; other settings mean rendering them all
    again. True if the index was emptied for that."""
    wanted = f"{RENDER_VERSION}/html={int(allow_html)}"
    row = conn.execute("SELECT value FROM meta WHERE key = 'render'").fetchone()
    if row is not None and row[0] == wanted:
        return False
    for table in ("files", "diagnostics", "derived", "kept", *_RECORD_TABLES):
        conn.execute(f"DELETE FROM {table}")
    conn.execute("DELETE FROM search")
    conn.execute("INSERT OR REPLACE INTO meta VALUES ('render', ?)", (wanted,))
    return True


def _parse_all(root: Path, files: list[SourceFile], allow_html: bool) -> Iterator[Prepared]:
    """Parse files, on every core when there are many; results come as they are ready,
    so the index is written while the rest is still being parsed."""
    workers = min(os.cpu_count() or 1, 8)
    if len(files) < PARALLEL_THRESHOLD or workers < 2:
        yield from _parse_chunk(root, files, allow_html)
        return
    from concurrent.futures import ProcessPoolExecutor, as_completed

    size = max(50, len(files) // (workers * 24))
    chunks = [files[i : i + size] for i in range(0, len(files), size)]
    import multiprocessing
    import threading

    # Forking a process that runs other threads (the live preview) is unsafe.
    method = "forkserver" if threading.active_count() > 1 else None
    try:
        context = multiprocessing.get_context(method)
        from ..workers import quiet_worker

        pool = ProcessPoolExecutor(
            max_workers=workers, mp_context=context, initializer=quiet_worker, initargs=(os.getpid(),)
        )
    except (OSError, RuntimeError, ValueError):
        yield from _parse_chunk(root, files, allow_html)
        return
    with pool:
        futures = [pool.submit(_parse_chunk, root, chunk, allow_html) for chunk in chunks]
        for future in as_completed(futures):
            yield from future.result()


def _parse_chunk(root: Path, files: list[SourceFile], allow_html: bool) -> list[Prepared]:
    return [parse_file(root, f, allow_html) for f in files]


def parse_file(root: Path, file: SourceFile, allow_html: bool = False) -> Prepared:
    """Read, hash, parse and render one file. Never raises."""
    if file.problem:
        return _prepared(file, -1, -1, "", None, (unreadable(file),), "")
    path = root / file.rel
    try:
        stat = os.stat(path)
        size, mtime = stat.st_size, stat.st_mtime_ns
    except OSError:
        size, mtime = -1, -1
    data = read_bytes(root, file.rel)
    if isinstance(data, Diagnostic):
        return _prepared(file, size, mtime, "", None, (data,), "")
    sha = hashlib.sha256(data).hexdigest()
    text = decode(file.rel, data)
    if isinstance(text, Diagnostic):
        return _prepared(file, size, mtime, sha, None, (text,), "")
    from ..journal.frontmatter import parse as parse_text

    doc = parse_text(file.rel, text)
    record, diags = build_record(file.kind, file.id, doc)
    body_html = render_markdown(record.body, allow_html) if record else ""
    return _prepared(file, size, mtime, sha, record, diags, body_html)


def _prepared(
    file: SourceFile,
    size: int,
    mtime: int,
    sha: str,
    record: AnyRecord | None,
    diags: tuple[Diagnostic, ...],
    body_html: str,
) -> Prepared:
    diagnostics = codec.diagnostic_rows(diags)
    payload = codec.dumps(record, diags)
    return Prepared(
        file.rel, str(file.kind), file.id, size, mtime, sha, payload, outline_digest(payload),
        record.body if record else "", body_html, diagnostics,
        rows_for(record) if record else [],
    )  # fmt: skip


def _delete(conn: sqlite3.Connection, rel: str) -> None:
    conn.execute("DELETE FROM search WHERE rowid = (SELECT rowid FROM files WHERE path = ?)", (rel,))
    for table in ("files", "diagnostics", *_RECORD_TABLES):
        conn.execute(f"DELETE FROM {table} WHERE path = ?", (rel,))


_RECORD_TABLES = (
    "contacts",
    "interviews",
    "interview_contacts",
    "companies",
    "tags",
    "links",
    "referrals",
    "follow_ups",
    "extra_fields",
)


def _replace(conn: sqlite3.Connection, p: Prepared, new: bool) -> None:
    if not new:
        _delete(conn, p.rel)
    cursor = conn.execute(
        "INSERT INTO files VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (p.rel, p.kind, p.id, p.size, p.mtime_ns, p.sha256, p.payload, p.outline, p.body, p.html),
    )
    file_rowid = cursor.lastrowid
    if p.diagnostics:
        conn.executemany("INSERT INTO diagnostics VALUES (?, ?, ?, ?, ?, ?)", p.diagnostics)
    for table, rows in p.tables:
        if table == "search":
            # The full-text table is keyed by the files row, so that
            # removing a file's text never scans the whole table.
            conn.execute(
                "INSERT INTO search (rowid, title, body) VALUES (?, ?, ?)", (file_rowid, *rows[0][3:])
            )
        elif rows:
            marks = ", ".join("?" * len(rows[0]))
            conn.executemany(f"INSERT INTO {table} VALUES ({marks})", rows)


Entry = tuple[SourceFile, AnyRecord | None, tuple[Diagnostic, ...]]


def cached(conn: sqlite3.Connection) -> list[Entry]:
    """(file, record, diagnostics) for every file, in path order."""
    rows = conn.execute("SELECT kind, path, payload, body FROM files ORDER BY path").fetchall()
    return decode_rows(rows)


class IndexDamaged(Exception):
    """A row of the index cannot be read back: the index is rebuilt."""


def decode_rows(rows: list[tuple[Any, ...]]) -> list[Entry]:
    """Rows that start with (kind, path, payload, body) as entries."""
    try:
        decoded = codec.loads_many([(row[2], row[3]) for row in rows])
        kinds = {str(k): k for k in Kind}
        return [(SourceFile(kinds[row[0]], row[1]), *pair) for row, pair in zip(rows, decoded, strict=True)]
    except (ValueError, KeyError, TypeError, IndexError, AttributeError) as exc:
        raise IndexDamaged(f"a cached record cannot be read back ({type(exc).__name__})") from None


def outline_digest(payload: str) -> str:
    """A digest of what a file says besides its notes' text: its record without
    the body, and its diagnostics. The site's lists show nothing else. Made
    when the file is parsed, and kept in the files table."""
    return hashlib.sha1(payload.encode()).hexdigest()


def outline_fingerprint(outlines: Mapping[str, str]) -> str:
    """The journal's outline: every file's outline digest, by path."""
    digest = hashlib.sha256()
    for path in sorted(outlines):
        digest.update(f"{path}\0{outlines[path]}\n".encode())
    return digest.hexdigest()


def updated(
    root: Path, allow_html: bool | None = None, table: FilesTable | None = None
) -> tuple[sqlite3.Connection, RefreshStats]:
    """An open, refreshed index; a damaged one is rebuilt once."""
    if allow_html is None:
        from ..journal.config import load_config

        allow_html = load_config(root)[0].allow_html
    conn, notices = open_index(root)
    try:
        return conn, refresh(root, conn, notices, allow_html, table)
    except sqlite3.DatabaseError as exc:
        conn.close()
        _remove(index_path(root))
        conn, more = open_index(root)
        notice = f"index is damaged ({exc}); rebuilding it"
        return conn, refresh(root, conn, [*notices, notice, *more], allow_html, table)


@dataclass(frozen=True, slots=True)
class Bodies:
    """What a build reads of the files besides their records: each file's
    sha256 and outline digest, and the HTML of its notes. From the index, the
    HTML (the bulk of it) is read when a page needs it, from the same
    snapshot as the records: an edit of one note reads a few bodies."""

    shas: Mapping[str, str]
    outlines: Mapping[str, str]
    html: Mapping[str, str]

    def preload(self) -> None:
        """Read all the HTML now (before worker processes fork)."""
        if isinstance(self.html, LazyHtml):
            self.html.preload()

    def close(self) -> None:
        """Done reading: end the index's read transaction, if one is open."""
        if isinstance(self.html, LazyHtml):
            self.html.close()


class LazyHtml(Mapping[str, str]):
    """path -> body HTML, read from an open read transaction of the index when
    first asked for. preload() reads all of it and ends the transaction
    (before worker processes fork: they must not share the connection);
    close() ends it without reading more."""

    def __init__(self, conn: sqlite3.Connection | None, paths: Mapping[str, object]) -> None:
        self._conn = conn
        self._paths = paths  # the files of the snapshot (their hashes, say)
        self._read: dict[str, str] = {}

    def __getitem__(self, path: str) -> str:
        if path in self._read:
            return self._read[path]
        if path not in self._paths:
            raise KeyError(path)
        if self._conn is None:  # a bug, never the journal's doing: say so loudly
            raise RuntimeError(f"the notes of {path} were asked for after the index was let go of")
        row = self._conn.execute("SELECT html FROM files WHERE path = ?", (path,)).fetchone()
        self._read[path] = html = row[0] if row else ""
        return html

    def __iter__(self) -> Iterator[str]:
        return iter(self._paths)

    def __len__(self) -> int:
        return len(self._paths)

    def preload(self) -> None:
        if self._conn is not None:
            self._read.update(self._conn.execute("SELECT path, html FROM files"))
            self.close()

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None


def load_entries(
    root: Path, allow_html: bool, with_html: bool = False, memo: Memo | None = None
) -> tuple[list[Entry], RefreshStats, Bodies]:
    """Every file's (SourceFile, record, diagnostics) via the refreshed index,
    and the files' Bodies: hashes, outline digests and, with_html, notes' HTML.
    An index whose rows cannot be read back is rebuilt, with a notice."""
    try:
        return _load_entries(root, allow_html, with_html, memo)
    except IndexDamaged as exc:
        remove_index(root)
        if memo is not None:
            memo.forget()
        entries, stats, bodies = _load_entries(root, allow_html, with_html, memo)
        notice = f"index is damaged ({exc}); rebuilding it"
        return entries, replace(stats, notices=(*stats.notices, notice)), bodies


def _load_entries(
    root: Path, allow_html: bool, with_html: bool, memo: Memo | None
) -> tuple[list[Entry], RefreshStats, Bodies]:
    conn, stats = updated(root, allow_html, memo.table if memo is not None else None)
    keep_open = False
    try:
        if memo is not None:
            memo.update(conn)
            return (
                memo.entries(),
                stats,
                Bodies(memo.shas(), memo.outlines(), memo.html() if with_html else {}),
            )
        # One snapshot of the index for the records and, later, their HTML.
        conn.execute("BEGIN")
        query = "SELECT kind, path, payload, body, sha256, outline FROM files ORDER BY path"
        rows = conn.execute(query).fetchall()
        shas = {row[1]: row[4] for row in rows}
        bodies = Bodies(shas, {row[1]: row[5] for row in rows}, LazyHtml(conn, shas) if with_html else {})
        keep_open = with_html
        return decode_rows(rows), stats, bodies
    finally:
        if not keep_open:
            conn.close()


def remove_index(root: Path) -> None:
    _remove(index_path(root))


def is_damage(exc: BaseException) -> bool:
    """Whether reading the index failed because the file is damaged: not
    because it is locked, read-only or on a full disk (OperationalError)."""
    return isinstance(exc, IndexDamaged) or (
        isinstance(exc, sqlite3.DatabaseError) and not isinstance(exc, sqlite3.OperationalError)
    )


def open_read_only(root: Path, today: dt.date) -> sqlite3.Connection:
    """The index opened read-only, with views that depend on `today`."""
    from ..ask.query import TABLES

    uri = index_path(root).resolve().as_uri() + "?mode=ro"
    conn = sqlite3.connect(uri, uri=True, isolation_level=None)
    day = today.isoformat()  # a date, formatted by us: safe to inline in a view
    status = TABLES["interviews"].fields["status"].sql.replace(":today", f"'{day}'")
    stage = TABLES["contacts"].fields["stage"].sql.replace(":today", f"'{day}'")
    conn.execute(f"CREATE TEMP VIEW v_interviews AS SELECT i.*, {status} AS state FROM interviews i")
    conn.execute(f"CREATE TEMP VIEW v_contacts AS SELECT c.*, {stage} AS stage FROM contacts c")
    conn.execute("PRAGMA query_only = ON")
    conn.set_authorizer(_reading_only)
    return conn


# What a statement of `infoview sql` may do: read. Not attach a file (which
# VACUUM INTO does too), write, or change a setting; only these pragmas,
# which describe the tables.
_READ = frozenset(
    {sqlite3.SQLITE_SELECT, sqlite3.SQLITE_READ, sqlite3.SQLITE_FUNCTION, sqlite3.SQLITE_RECURSIVE}
)
_DESCRIBING = frozenset({"table_info", "table_xinfo", "table_list", "index_list", "index_info", "index_xinfo",
                         "foreign_key_list", "collation_list", "function_list"})  # fmt: skip


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
