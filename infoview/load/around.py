"""One record and the records around it, read from the index: what `show`
needs of a journal, without decoding the rest of it.

A journal answers "who is this contact's company", "which conversations
name them", "whom did they introduce" from all of its records. The same
answers come from a Journal of just the records they can concern: found by
id, name and company in the index's tables (a few columns of every row),
then decoded. So that such a Journal answers exactly as the whole one does,
every file that shares an id or a name with a record it takes is taken too,
in the same order (the first file of an id wins in both).
"""

from __future__ import annotations

import sqlite3
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from ..index.entries import decode_rows
from ..index.store import index_path
from ..journal.folding import fold
from ..journal.lookup import lookup
from ..journal.model import AnyRecord, Company, Contact, Interview, Journal, Kind
from .journal import assemble
from .snapshot import reading_repaired


@dataclass(frozen=True, slots=True)
class Named:
    """A record as the command line names it: what lookup reads of it."""

    kind: Kind
    id: str
    name: str
    path: str


@dataclass(frozen=True, slots=True)
class Around:
    """The record asked for (with its notes) and a Journal of the records around it."""

    record: AnyRecord
    journal: Journal
    notices: tuple[str, ...] = ()  # the index found damaged, and made anew


_NAMES = (
    "SELECT 'contact', id, name, path, company, referred_by FROM contact_rows "
    "UNION ALL SELECT 'interview', id, '', path, NULL, NULL FROM interview_rows "
    "UNION ALL SELECT 'company', id, name, path, NULL, NULL FROM company_rows ORDER BY path"
)


def around(root: Path, given: str) -> Around:
    """The record `given` names (an id, a name, a unique beginning of either:
    see journal.lookup) and the records around it, from the index as it is
    (refresh it first). NotFound when nothing, or more than one, answers.
    Where the journal can keep no index, the whole journal is read."""
    if not index_path(root).is_file():
        from .journal import load

        journal = load(root, use_index=False, scan_notes=False).journal
        record = lookup(journal, given)
        return Around(record, journal)
    near, notices = reading_repaired(root, lambda conn: _around(conn, given))
    return replace(near, notices=notices)


def _around(conn: sqlite3.Connection, given: str) -> Around:
    rows = conn.execute(_NAMES).fetchall()
    found = lookup(_first_of_each_id(rows), given)  # (a Named has what lookup reads of a record)
    assert isinstance(found, Named)
    paths = _neighbours(conn, found, rows)
    records = _decode(conn, paths, found.path)
    journal = assemble(records)
    return Around(journal.of_kind(found.kind)[found.id], journal)


def names(conn: sqlite3.Connection) -> Journal:
    """What lookup reads of every record (a Named each), by kind and id, as a
    Journal holds the records: from the index's tables, decoding none."""
    return _first_of_each_id(conn.execute(_NAMES).fetchall())


def _first_of_each_id(rows: Iterable[tuple]) -> Journal:
    """The names (_NAMES rows) as a Journal would hold the records: the first file of an id."""
    kinds = {str(k): k for k in Kind}
    by_kind: dict[Kind, dict[str, Named]] = {kind: {} for kind in Kind}
    for kind, rid, name, path, _company, _referred_by in rows:
        by_kind[kinds[kind]].setdefault(rid, Named(kinds[kind], rid, name, path))
    return Journal(by_kind[Kind.CONTACT], by_kind[Kind.INTERVIEW], by_kind[Kind.COMPANY])  # type: ignore[arg-type]


def _neighbours(conn: sqlite3.Connection, found: Named, rows: Sequence[tuple]) -> set[str]:
    """The paths of the records that show's answers about `found` can concern."""
    contacts = [row[1:] for row in rows if row[0] == "contact"]  # (id, name, path, company, referred_by)
    companies = [(rid, name, path) for kind, rid, name, path, _, _ in rows if kind == "company"]
    people: set[str] = set()  # contact ids
    firms: set[str] = set()  # folded company ids or names
    interviews: set[str] = set()  # interview ids
    if found.kind is Kind.CONTACT:
        people.add(found.id)
        interviews.update(_column(conn, "SELECT interview_id FROM interview_contacts WHERE contact_id = ?",
                                  found.id))  # fmt: skip
        for rid, _name, _path, company, referred_by in contacts:
            if rid == found.id:
                firms |= {fold(company)} if company else set()
                people |= {referred_by} if referred_by else set()
            if referred_by == found.id:
                people.add(rid)
        referrals = _column(conn, "SELECT r.name FROM referrals r JOIN interview_contacts ic "
                                  "ON ic.path = r.path WHERE ic.contact_id = ?", found.id)  # fmt: skip
        people.update(_named(contacts, referrals))
    elif found.kind is Kind.INTERVIEW:
        interviews.add(found.id)
        people.update(
            _column(conn, "SELECT contact_id FROM interview_contacts WHERE interview_id = ?", found.id)
        )
    else:
        firms.update(fold(x) for rid, name, path in companies if path == found.path for x in (rid, name))
        people.update(rid for rid, _n, _p, company, _r in contacts if company and fold(company) in firms)
    paths = {path for rid, _n, path, _c, _r in contacts if rid in people}
    paths |= {path for rid, name, path in companies if fold(rid) in firms or fold(name) in firms}
    for interview_id in interviews:
        paths.update(_column(conn, "SELECT path FROM interview_rows WHERE id = ?", interview_id))
    return paths | {found.path}


def _named(contacts: Sequence[tuple], refs: Iterable[str]) -> set[str]:
    """The contact ids that a journal's resolve_contact can give for these
    names: the id itself, and every contact of the same name (the last of
    them wins there)."""
    wanted = set()
    for ref in refs:
        wanted |= {ref, unicodedata.normalize("NFC", ref)}
    folded = {fold(ref) for ref in refs}
    return {rid for rid, name, _p, _c, _r in contacts if rid in wanted or fold(name) in folded}


def _column(conn: sqlite3.Connection, sql: str, value: str) -> list[str]:
    return [row[0] for row in conn.execute(sql, (value,))]


def _decode(conn: sqlite3.Connection, paths: set[str], with_body: str) -> list[AnyRecord]:
    """The records of these files, in path order; only `with_body` with its notes."""
    marks = ",".join("?" * len(paths))
    rows = conn.execute(
        f"SELECT kind, path, payload, CASE WHEN path = ? THEN body ELSE '' END, sections FROM files "
        f"WHERE path IN ({marks}) ORDER BY path",
        (with_body, *paths),
    ).fetchall()
    records = [record for _file, record, _diags in decode_rows(rows) if record is not None]
    assert all(isinstance(r, Contact | Interview | Company) for r in records)
    return records
