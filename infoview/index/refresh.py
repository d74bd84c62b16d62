"""Bring the index up to date with the files.

A refresh looks at every file's size, mtime and ctime (the time its inode
last changed, which a tool that copies or restores a file with its old
mtime cannot set back): unchanged files are not read (but for those saved
within a tick of a coarse clock of when the refresh before looked, which are
hashed again); a file whose times changed but whose content hash did not is
not parsed again; changed files are parsed (on every core when there are
many) and their rows replaced; rows of deleted files are removed."""

from __future__ import annotations

import contextlib
import hashlib
import os
import secrets
import sqlite3
import time
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ..journal.files import SourceFile, discover, read_bytes, record_file
from ..journal.notes import RENDER_VERSION
from .parse import Prepared, parse_all
from .store import keep_fields, open_index, remove_index


@dataclass(frozen=True, slots=True)
class RefreshStats:
    added: int = 0
    changed: int = 0
    touched: int = 0  # its times changed, its content did not: not parsed again
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


# A files row: size, mtime_ns, sha256, ctime_ns; enough to decide whether to read again.
Known = tuple[int, int, str, int]

# A file saved again to the same size within one tick of its file system's
# clock (2 s on FAT and exFAT, 1 s on HFS+) keeps its mtime. So a file whose
# mtime is that close to when a refresh looked at it (or later) may have
# changed since with nothing to show for it: the next refresh hashes it again.
TICK_NS = 2_000_000_000


@dataclass
class _Plan:
    parse: list[SourceFile] = field(default_factory=list)
    touched: list[tuple[str, int, int, int]] = field(default_factory=list)  # path, size, mtime, ctime
    unchanged: int = 0
    rehashed: int = 0  # (of the unchanged) saved too close to the last look to be trusted, hashed again
    removed: list[str] = field(default_factory=list)
    whole: bool = True  # every file looked at, not only those named


@dataclass
class FilesTable:
    """The files table as this process last left it (path -> size, mtime_ns,
    sha256, ctime_ns), with the stamp every refresh that writes leaves in `meta`: while
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
    named: Collection[str] | None = None,
) -> RefreshStats:
    """Bring the index up to date with the files under root. A process that
    refreshes again and again passes the same table, kept up to date here, and
    may name the files a watcher saw change since: those alone are looked at."""
    start, looked = time.perf_counter(), time.time_ns()
    files = discover(root) if named is None else None
    conn.execute("BEGIN IMMEDIATE")
    try:
        wiped = _check_render_settings(conn, allow_html)
        stamp, known, plan = _planned(root, conn, table, wiped, files, named)
        conn.executemany(
            "UPDATE files SET size = ?, mtime_ns = ?, ctime_ns = ? WHERE path = ?",
            [(size, mtime, ctime, rel) for rel, size, mtime, ctime in plan.touched],
        )
        parsed: list[tuple[str, int, int, str, int]] = []
        added = changed = 0
        fields_changed = False  # (an edit of notes alone keeps the fields fingerprint)
        for prepared in parse_all(root, plan.parse, allow_html):
            fields_changed |= _replace(conn, prepared, new=prepared.rel not in known)
            parsed.append(
                (prepared.rel, prepared.size, prepared.mtime_ns, prepared.sha256, prepared.ctime_ns)
            )
            if prepared.rel in known:
                changed += 1
            else:
                added += 1
        for rel in plan.removed:
            _delete(conn, rel)
        if fields_changed or plan.removed or wiped:
            keep_fields(conn)
        if wiped or plan.touched or parsed or plan.removed or not stamp:
            stamp = secrets.token_hex(8)
            conn.execute("INSERT OR REPLACE INTO meta VALUES ('stamp', ?)", (stamp,))
        # (a look that hashed files again says so, or the next looks would hash them
        # too; not one at named files, which says nothing of when the others were)
        if (plan.touched or parsed or plan.rehashed) and plan.whole:
            conn.execute("INSERT OR REPLACE INTO meta VALUES ('looked', ?)", (str(looked),))
        conn.execute("COMMIT")
    except BaseException:
        with contextlib.suppress(sqlite3.Error):  # SQLite may have rolled back already (a full disk)
            conn.execute("ROLLBACK")
        raise
    if table is not None:
        table.stamp, table.rows = stamp, _rows_now(known, plan, parsed)
    return RefreshStats(
        added,
        changed,
        len(plan.touched),
        len(plan.removed),
        plan.unchanged,
        time.perf_counter() - start,
        tuple(notices),
    )


def _planned(
    root: Path,
    conn: sqlite3.Connection,
    table: FilesTable | None,
    wiped: bool,
    files: list[SourceFile] | None,
    named: Collection[str] | None,
) -> tuple[str, dict[str, Known], _Plan]:
    """The stamp the index has, its files rows, and what to do of each file."""
    row = conn.execute("SELECT value FROM meta WHERE key = 'stamp'").fetchone()
    stamp = row[0] if row else ""
    current = table is not None and table.stamp == stamp != "" and not wiped
    known = table.rows if table is not None and current else _known(conn)
    if named is not None and current:
        return stamp, known, _plan_named(root, named, known)
    # (with files named, but another process wrote since: every file is looked at)
    row = conn.execute("SELECT value FROM meta WHERE key = 'looked'").fetchone()
    every = discover(root) if files is None else files
    return stamp, known, _plan(root, every, known, int(row[0]) - TICK_NS if row else 0)


def _rows_now(
    known: dict[str, Known], plan: _Plan, parsed: list[tuple[str, int, int, str, int]]
) -> dict[str, Known]:
    """The files rows as a refresh left them: known, with the plan carried out."""
    rows = known
    for rel, size, mtime, ctime in plan.touched:
        rows[rel] = (size, mtime, rows[rel][2], ctime)
    for rel, size, mtime, sha, ctime in parsed:
        rows[rel] = (size, mtime, sha, ctime)
    for rel in plan.removed:
        del rows[rel]
    return rows


def _known(conn: sqlite3.Connection) -> dict[str, Known]:
    query = "SELECT path, size, mtime_ns, sha256, ctime_ns FROM files"
    return {path: (size, mtime, sha, ctime) for path, size, mtime, sha, ctime in conn.execute(query)}


def _plan(root: Path, files: list[SourceFile], known: dict[str, Known], trusted_before: int) -> _Plan:
    """Decide per file: unchanged (not read, if its mtime is before trusted_before),
    touched (same hash), or parse."""
    plan = _Plan()
    for file in files:
        _look(plan, root, file, known.get(file.rel), trusted_before)
    plan.removed = sorted(set(known).difference(file.rel for file in files))
    return plan


def _plan_named(root: Path, named: Collection[str], known: dict[str, Known]) -> _Plan:
    """The plan for the named files alone (see refresh): each is hashed, as a
    watcher naming it says it changed; one that is gone is removed."""
    plan = _Plan(whole=False)
    for rel in sorted(set(named)):
        file = record_file(root, rel)
        if file is None:  # (not a record file: a build reads the others itself)
            continue
        if not os.path.lexists(root / rel):
            if rel in known:
                plan.removed.append(rel)
            continue
        _look(plan, root, file, known.get(rel), trusted_before=0)
    plan.unchanged = (
        len(known) - len(plan.touched) - len(plan.removed) - sum(f.rel in known for f in plan.parse)
    )
    return plan


def _look(plan: _Plan, root: Path, file: SourceFile, old: Known | None, trusted_before: int) -> None:
    try:
        stat = os.stat(f"{root}/{file.rel}")
    except OSError:
        plan.parse.append(file)
        return
    times = (stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns)
    same = old is not None and (old[0], old[1], old[3]) == times
    if same and stat.st_mtime_ns < trusted_before:
        plan.unchanged += 1
    elif old and old[2] and old[2] == _sha256(root, file.rel):
        if same:
            plan.unchanged, plan.rehashed = plan.unchanged + 1, plan.rehashed + 1
        else:
            plan.touched.append((file.rel, *times))
    else:
        plan.parse.append(file)


def _sha256(root: Path, rel: str) -> str | None:
    """The file's sha256, as parsing it would make it; None where it cannot be
    read as a record (a pipe, which reading would wait on for ever, say)."""
    data = read_bytes(root, rel)
    return hashlib.sha256(data).hexdigest() if isinstance(data, bytes) else None


def _check_render_settings(conn: sqlite3.Connection, allow_html: bool) -> bool:
    """Bodies are rendered when parsed; other settings mean rendering them all
    again. True if the index was emptied for that."""
    wanted = f"{RENDER_VERSION}/html={int(allow_html)}"
    row = conn.execute("SELECT value FROM meta WHERE key = 'render'").fetchone()
    if row is not None and row[0] == wanted:
        return False
    conn.execute("INSERT INTO search (search) VALUES ('delete-all')")
    for table in ("files", "diagnostics", "derived", "results", "scans", "scan_keys", *_RECORD_TABLES):
        conn.execute(f"DELETE FROM {table}")
    conn.execute("INSERT OR REPLACE INTO meta VALUES ('render', ?)", (wanted,))
    return True


def _delete(conn: sqlite3.Connection, rel: str) -> None:
    # The search is made from the files table: the text it indexed is taken out as it was.
    conn.execute(
        "INSERT INTO search (search, rowid, title, body) SELECT 'delete', rowid, title, body FROM files "
        "WHERE path = ?",
        (rel,),
    )
    for table in ("files", "diagnostics", *_RECORD_TABLES):
        conn.execute(f"DELETE FROM {table} WHERE path = ?", (rel,))


_RECORD_TABLES = (
    "contact_rows",
    "interview_rows",
    "interview_contacts",
    "company_rows",
    "tags",
    "links",
    "referrals",
    "follow_ups",
    "extra_fields",
    "refs",
    "dismissed",
)


def _replace(conn: sqlite3.Connection, p: Prepared, new: bool) -> bool:
    """Put the file's rows in place of its old ones; did its fields change?"""
    fields_changed = True
    if not new:
        row = conn.execute("SELECT fields_digest FROM files WHERE path = ?", (p.rel,)).fetchone()
        fields_changed = row is None or row[0] != p.fields_digest
        _delete(conn, p.rel)
    cursor = conn.execute(
        "INSERT INTO files VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (p.rel, p.kind, p.id, p.size, p.mtime_ns, p.ctime_ns, p.sha256, p.payload, p.fields_digest, p.title,
         p.body, p.sections, p.html, p.reflection_html),
    )  # fmt: skip
    # Every file is in the search, keyed by its files row (so that taking a
    # file's text out of it never scans the whole table).
    conn.execute(
        "INSERT INTO search (rowid, title, body) VALUES (?, ?, ?)", (cursor.lastrowid, p.title, p.body)
    )
    if p.diagnostics:
        conn.executemany("INSERT INTO diagnostics VALUES (?, ?, ?, ?, ?, ?)", p.diagnostics)
    for table, rows in p.tables:
        if rows:
            marks = ", ".join("?" * len(rows[0]))
            conn.executemany(f"INSERT INTO {table} VALUES ({marks})", rows)
    return fields_changed


def updated(
    root: Path,
    allow_html: bool | None = None,
    table: FilesTable | None = None,
    refreshed: Sequence[str] | None = None,
    named: Collection[str] | None = None,
) -> tuple[sqlite3.Connection, RefreshStats]:
    """An open, refreshed index; a damaged one is rebuilt once. Refreshed: what
    a refresh this process has just made said (the index is then opened as it is).
    Named: the files that changed, where the caller knows (see refresh)."""
    if refreshed is not None:
        conn, notices = open_index(root)
        return conn, RefreshStats(notices=(*refreshed, *notices))
    if allow_html is None:
        from ..journal.config import load_config

        allow_html = load_config(root)[0].allow_html
    conn, notices = open_index(root)
    try:
        return conn, refresh(root, conn, notices, allow_html, table, named)
    except sqlite3.DatabaseError as exc:
        conn.close()
        remove_index(root)
        conn, more = open_index(root)
        notice = f"index is damaged ({exc}); rebuilding it"
        return conn, refresh(root, conn, [*notices, notice, *more], allow_html, table)
