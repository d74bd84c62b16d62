"""Every file's record with just what follow-ups and the checks across files
read, made from the index's tables: no record's payload is decoded.

Follow-ups (written ones and those rules make) and the checks across files
(duplicate ids, unknown contacts) read a few fields of every record: its
people and references, dates, statuses, tasks and what was set aside. The
index keeps those per record, in its tables (see index/rows.py); reading
them as columns is a fraction of decoding every record, which a command
showing follow-ups did after each edit of a field. Everything else a record
holds (its notes, tags, details) is left empty here: these records are for
`derive` and `combine` only, and a test checks that both answer from them
exactly as from the records decoded whole.
"""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from collections.abc import Callable
from typing import Any

from ..index.codec import decode_date, decode_entry, decode_when, diagnostics_from_rows
from ..index.entries import Entry
from ..index.store import IndexDamaged
from ..journal.diagnostics import Span
from ..journal.fields import parse_cadence
from ..journal.files import SourceFile
from ..journal.model import AnyRecord, Company, Contact, FollowUpEntry, Interview, Kind

_FILES = "SELECT kind, path FROM files ORDER BY path"
_CONTACTS = (
    "SELECT path, id, name, referred_by, status, keep_in_touch, private, checked_in, "
    "keep_in_touch_line, keep_in_touch_col FROM contact_rows"
)
_INTERVIEWS = (
    "SELECT path, id, date, time, status, thanked, private, nudged, date_line, date_col, status_line, "
    "status_col FROM interview_rows"
)
_COMPANIES = "SELECT path, id, name, private FROM company_rows"
# Lists, each in the order written (their rows are written in that order, with the file).
_PEOPLE = "SELECT path, contact_id FROM interview_contacts ORDER BY path, position"
_REFERRALS = "SELECT path, name, position, line, col FROM referrals ORDER BY path, position"
_ENTRIES = "SELECT path, origin, text, due, done, done_on, line, col FROM follow_ups ORDER BY path, rowid"
_REFS = "SELECT path, field, ref, line, col FROM refs ORDER BY path, rowid"
_DISMISSED = "SELECT path, ref FROM dismissed ORDER BY path, rowid"
_DIAGNOSTICS = "SELECT path, line, col, severity, code, message FROM diagnostics ORDER BY path, rowid"


def fields_only(conn: sqlite3.Connection) -> list[Entry]:
    """(file, record, diagnostics) for every file, in path order, as
    index.entries.cached gives them, but each record with only the fields
    follow-ups and the checks across files read."""
    try:
        return _entries(conn)
    except (ValueError, TypeError, IndexError) as exc:  # a value no file can have written
        raise IndexDamaged(f"a record's fields cannot be read back ({type(exc).__name__})") from None


def _entries(conn: sqlite3.Connection) -> list[Entry]:
    lists = _Lists(conn)
    records: dict[str, AnyRecord] = {}
    for path, rid, name, referred_by, status, cadence, private, checked_in, *at in conn.execute(_CONTACTS):
        records[path] = Contact(
            **lists.base(path, rid, {"keep_in_touch": at}), name=name, referred_by=referred_by, status=status,
            keep_in_touch=parse_cadence(cadence), private=bool(private), checked_in=decode_date(checked_in),
            dismissed=lists.dismissed(path),
        )  # fmt: skip
    for path, rid, day, time, status, thanked, private, nudged, *at in conn.execute(_INTERVIEWS):
        spans = {"date": at[:2], "status": at[2:], **lists.referral_spans[path]}
        records[path] = Interview(
            **lists.base(path, rid, spans), contacts=tuple(lists.people[path]),
            when=decode_when([day, time]), status=status, follow_ups=lists.entries("front matter", path),
            referrals=tuple(lists.referrals[path]), thanked=decode_date(thanked), private=bool(private),
            nudged=decode_date(nudged), dismissed=lists.dismissed(path),
        )  # fmt: skip
    for path, rid, name, private in conn.execute(_COMPANIES):
        records[path] = Company(**lists.base(path, rid, {}), name=name, private=bool(private),
                                dismissed=lists.dismissed(path))  # fmt: skip
    said: dict[str, list[tuple]] = defaultdict(list)
    for row in conn.execute(_DIAGNOSTICS):
        said[row[0]].append(row)
    kinds = {str(k): k for k in Kind}
    return [(SourceFile(kinds[kind], path), records.get(path), diagnostics_from_rows(said.get(path, ())))
            for kind, path in conn.execute(_FILES)]  # fmt: skip


class _Lists:
    """Each record's lists (people, referrals, tasks, references, what was
    set aside), read in one pass a table."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.people = _grouped(conn, _PEOPLE, lambda row: row[1])
        self.referrals: defaultdict[str, list[str]] = defaultdict(list)
        self.referral_spans: defaultdict[str, dict[str, Any]] = defaultdict(dict)
        for path, name, position, line, col in conn.execute(_REFERRALS):
            self.referrals[path].append(name)
            self.referral_spans[path][f"referrals.{position}"] = (line, col)
        self._entries = _grouped(conn, _ENTRIES, lambda row: row[1:])
        self._refs = _grouped(conn, _REFS, lambda row: (row[1], row[2], Span(row[0], row[3], row[4])))
        self._dismissed = _grouped(conn, _DISMISSED, lambda row: row[1])

    def base(self, path: str, rid: str, spans: dict[str, Any]) -> dict[str, Any]:
        """What every record has (Record's fields), its notes left empty; spans:
        where the values rules point at are written ((None, None): nowhere)."""
        written = {field: where for field, where in spans.items() if where[0] is not None}
        return {"id": rid, "path": path, "body": "", "body_line": 1, "extra": (),
                "spans": written, "refs": tuple(self._refs[path]),
                "tasks": self.entries("task", path)}  # fmt: skip

    def entries(self, origin: str, path: str) -> tuple[FollowUpEntry, ...]:
        return tuple(decode_entry([text, due, bool(done), done_on, line, col], path)
                     for written, text, due, done, done_on, line, col in self._entries[path]
                     if written == origin)  # fmt: skip

    def dismissed(self, path: str) -> tuple[str, ...]:
        return tuple(self._dismissed[path])


def _grouped(conn: sqlite3.Connection, sql: str, value: Callable[[tuple], Any]) -> defaultdict[str, list]:
    found: defaultdict[str, list] = defaultdict(list)
    for row in conn.execute(sql):
        found[row[0]].append(value(row))
    return found
