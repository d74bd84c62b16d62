"""The index's tables, and the rows one record contributes to them.

Every table has a `path` column (the journal-relative file) so that the rows
of one file can be replaced or removed together. Values are stored as
written; what depends on "today" (an interview's default status, a
contact's stage) is computed when queried. The README documents all this.
"""

from __future__ import annotations

import json
from typing import Any

from ..journal.model import AnyRecord, Company, Contact, FollowUpEntry, Interview

_WITH_BODY = "SELECT r.*, f.body FROM {} r JOIN files f USING (path)"  # a record's fields and its notes
SCHEMA = (
    "CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    # Results computed from the whole journal's fields (follow-ups, one entry
    # a day), valid while the journal's fields fingerprint and the key (date,
    # settings) are the same.
    """CREATE TABLE IF NOT EXISTS derived (
        name TEXT NOT NULL, fields TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL,
        PRIMARY KEY (name, key))""",
    # Results computed from the whole journal (a site's follow-ups, the checks
    # across files), one per name, valid while the key (the journal's fields fingerprint
    # and the settings the result depends on) is the same.
    "CREATE TABLE IF NOT EXISTS results (name TEXT PRIMARY KEY, key TEXT NOT NULL, value BLOB NOT NULL)",
    # Scans of each file (Results.per_file: its private names, its public
    # text), valid while the file's sha256 and the scan's key are the same.
    """CREATE TABLE IF NOT EXISTS scans (
        name TEXT NOT NULL, path TEXT NOT NULL, sha256 TEXT NOT NULL, value TEXT NOT NULL,
        PRIMARY KEY (name, path)) WITHOUT ROWID""",
    "CREATE TABLE IF NOT EXISTS scan_keys (name TEXT PRIMARY KEY, key TEXT NOT NULL)",
    """CREATE TABLE IF NOT EXISTS files (
        path TEXT PRIMARY KEY, kind TEXT NOT NULL, id TEXT NOT NULL,
        size INTEGER NOT NULL, mtime_ns INTEGER NOT NULL, ctime_ns INTEGER NOT NULL, sha256 TEXT NOT NULL,
        payload TEXT NOT NULL, fields_digest TEXT NOT NULL, title TEXT NOT NULL, body TEXT NOT NULL,
        sections BLOB NOT NULL, html BLOB NOT NULL, reflection_html BLOB NOT NULL)""",
    """CREATE TABLE IF NOT EXISTS diagnostics (
        path TEXT NOT NULL, line INTEGER NOT NULL, col INTEGER NOT NULL,
        severity TEXT NOT NULL, code TEXT NOT NULL, message TEXT NOT NULL)""",
    # A record's notes are kept once, in `files`: the contacts, interviews and
    # companies views give them beside each record's fields.
    """CREATE TABLE IF NOT EXISTS contact_rows (
        path TEXT PRIMARY KEY, id TEXT NOT NULL, name TEXT NOT NULL, pronouns TEXT,
        title TEXT, company TEXT, industry TEXT, location TEXT, email TEXT, phone TEXT,
        source TEXT, referred_by TEXT, status TEXT, keep_in_touch TEXT, created TEXT,
        private INTEGER NOT NULL, checked_in TEXT, keep_in_touch_line INTEGER, keep_in_touch_col INTEGER)""",
    f"CREATE VIEW IF NOT EXISTS contacts AS {_WITH_BODY.format('contact_rows')}",
    """CREATE TABLE IF NOT EXISTS interview_rows (
        path TEXT PRIMARY KEY, id TEXT NOT NULL, date TEXT NOT NULL, time TEXT,
        status TEXT, mode TEXT, duration INTEGER, location TEXT, topic TEXT,
        thanked TEXT, private INTEGER NOT NULL, nudged TEXT,
        date_line INTEGER, date_col INTEGER, status_line INTEGER, status_col INTEGER)""",
    f"CREATE VIEW IF NOT EXISTS interviews AS {_WITH_BODY.format('interview_rows')}",
    """CREATE TABLE IF NOT EXISTS interview_contacts (
        path TEXT NOT NULL, interview_id TEXT NOT NULL, contact_id TEXT NOT NULL,
        position INTEGER NOT NULL)""",
    """CREATE TABLE IF NOT EXISTS company_rows (
        path TEXT PRIMARY KEY, id TEXT NOT NULL, name TEXT NOT NULL, website TEXT,
        industry TEXT, location TEXT, private INTEGER NOT NULL)""",
    f"CREATE VIEW IF NOT EXISTS companies AS {_WITH_BODY.format('company_rows')}",
    """CREATE TABLE IF NOT EXISTS tags (
        path TEXT NOT NULL, kind TEXT NOT NULL, id TEXT NOT NULL, tag TEXT NOT NULL)""",
    """CREATE TABLE IF NOT EXISTS links (
        path TEXT NOT NULL, contact_id TEXT NOT NULL, label TEXT NOT NULL, url TEXT NOT NULL)""",
    """CREATE TABLE IF NOT EXISTS referrals (
        path TEXT NOT NULL, interview_id TEXT NOT NULL, name TEXT NOT NULL,
        position INTEGER NOT NULL, line INTEGER, col INTEGER)""",
    """CREATE TABLE IF NOT EXISTS follow_ups (
        path TEXT NOT NULL, kind TEXT NOT NULL, record_id TEXT NOT NULL,
        line INTEGER NOT NULL, col INTEGER NOT NULL, origin TEXT NOT NULL, text TEXT NOT NULL,
        due TEXT, done INTEGER NOT NULL, done_on TEXT)""",
    # What follow-ups made by rules, and the checks across files, read besides
    # the tables above (see load/fields_only.py): every reference to a person
    # as written, and the follow-ups set aside. (Where the values a rule-made
    # follow-up points at are written: the *_line and *_col columns.)
    """CREATE TABLE IF NOT EXISTS refs (
        path TEXT NOT NULL, kind TEXT NOT NULL, record_id TEXT NOT NULL, field TEXT NOT NULL,
        ref TEXT NOT NULL, line INTEGER NOT NULL, col INTEGER NOT NULL)""",
    """CREATE TABLE IF NOT EXISTS dismissed (
        path TEXT NOT NULL, kind TEXT NOT NULL, record_id TEXT NOT NULL, ref TEXT NOT NULL)""",
    """CREATE TABLE IF NOT EXISTS extra_fields (
        path TEXT NOT NULL, kind TEXT NOT NULL, id TEXT NOT NULL, field TEXT NOT NULL,
        value TEXT NOT NULL)""",
    # Full text of every file, indexed from `files` (its title and body: the
    # text is not stored again); its rowid is the file's row in `files`.
    """CREATE VIRTUAL TABLE IF NOT EXISTS search USING fts5(
        title, body, content = 'files', content_rowid = 'rowid',
        tokenize = 'unicode61 remove_diacritics 2')""",
    # What every refresh and the fingerprints read of each file, apart from the
    # rows around it: a row holds the notes, and reading past them all took
    # longer than the rest of a refresh of an unchanged journal.
    "CREATE INDEX IF NOT EXISTS files_stat ON files (path, size, mtime_ns, ctime_ns, sha256, fields_digest)",
    "CREATE INDEX IF NOT EXISTS contacts_id ON contact_rows (id)",
    "CREATE INDEX IF NOT EXISTS interviews_id ON interview_rows (id)",
    "CREATE INDEX IF NOT EXISTS interviews_date ON interview_rows (date)",
    "CREATE INDEX IF NOT EXISTS companies_id ON company_rows (id)",
    "CREATE INDEX IF NOT EXISTS ic_contact ON interview_contacts (contact_id)",
    "CREATE INDEX IF NOT EXISTS ic_interview ON interview_contacts (interview_id)",
    "CREATE INDEX IF NOT EXISTS ic_path ON interview_contacts (path)",
    "CREATE INDEX IF NOT EXISTS tags_tag ON tags (tag)",
    "CREATE INDEX IF NOT EXISTS tags_path ON tags (path)",
    "CREATE INDEX IF NOT EXISTS links_path ON links (path)",
    "CREATE INDEX IF NOT EXISTS referrals_path ON referrals (path)",
    "CREATE INDEX IF NOT EXISTS follow_ups_path ON follow_ups (path)",
    "CREATE INDEX IF NOT EXISTS refs_path ON refs (path)",
    "CREATE INDEX IF NOT EXISTS dismissed_path ON dismissed (path)",
    "CREATE INDEX IF NOT EXISTS extra_path ON extra_fields (path)",
    "CREATE INDEX IF NOT EXISTS diagnostics_path ON diagnostics (path)",
)

Rows = list[tuple[Any, ...]]


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def _follow_up(record: AnyRecord, f: FollowUpEntry, origin: str) -> tuple[Any, ...]:
    return (
        record.path, str(record.kind), record.id, f.span.line, f.span.col, origin, f.text, _iso(f.due),
        int(f.done), _iso(f.done_on),
    )  # fmt: skip


def _at(record: AnyRecord, field: str) -> tuple[int | None, int | None]:
    """(line, column) where a value a follow-up made by a rule points at is
    written (Record.field_span): an interview's date, status and referrals,
    a contact's keep_in_touch; (None, None) where it is not written."""
    where = record.spans.get(field)
    return (where[0], where[1]) if where else (None, None)


def rows_for(record: AnyRecord) -> list[tuple[str, Rows]]:
    """(table, rows) for every table this record has rows in."""
    path, rid, kind = record.path, record.id, str(record.kind)
    extra = [(path, kind, rid, k, json.dumps(v, default=str)) for k, v in record.extra]
    common: list[tuple[str, Rows]] = [
        ("tags", [(path, kind, rid, tag) for tag in record.tags]),
        ("extra_fields", extra),
        ("follow_ups", [_follow_up(record, t, "task") for t in record.tasks]),
        ("refs", [(path, kind, rid, field, ref, span.line, span.col) for field, ref, span in record.refs]),
        ("dismissed", [(path, kind, rid, ref) for ref in record.dismissed]),
    ]
    if isinstance(record, Contact):
        return [*_contact(record), *common]
    if isinstance(record, Interview):
        return [*_interview(record), *common]
    return [*_company(record), *common]


def _contact(c: Contact) -> list[tuple[str, Rows]]:
    row = (
        c.path, c.id, c.name, c.pronouns, c.title, c.company, c.industry, c.location, c.email,
        c.phone, c.source, c.referred_by, c.status,
        str(c.keep_in_touch) if c.keep_in_touch else None, _iso(c.created), int(c.private),
        _iso(c.checked_in), *_at(c, "keep_in_touch"),
    )  # fmt: skip
    return [
        ("contact_rows", [row]),
        ("links", [(c.path, c.id, label, url) for label, url in c.links]),
    ]


def _interview(i: Interview) -> list[tuple[str, Rows]]:
    time = i.when.time.strftime("%H:%M") if i.when.time else None
    row = (
        i.path, i.id, i.date.isoformat(), time, i.status, i.mode, i.duration, i.location,
        i.topic, _iso(i.thanked), int(i.private), _iso(i.nudged), *_at(i, "date"), *_at(i, "status"),
    )  # fmt: skip
    follow_ups = [_follow_up(i, f, "front matter") for f in i.follow_ups]
    return [
        ("interview_rows", [row]),
        ("interview_contacts", [(i.path, i.id, c, n) for n, c in enumerate(i.contacts)]),
        ("referrals", [(i.path, i.id, r, n, *_at(i, f"referrals.{n}")) for n, r in enumerate(i.referrals)]),
        ("follow_ups", follow_ups),
    ]


def _company(c: Company) -> list[tuple[str, Rows]]:
    row = (c.path, c.id, c.name, c.website, c.industry, c.location, int(c.private))
    return [("company_rows", [row])]


def title_of(record: AnyRecord | None) -> str:
    """What the full-text search calls a record: a name, or a conversation's topic."""
    if record is None:
        return ""
    return record.topic or "" if isinstance(record, Interview) else record.name
