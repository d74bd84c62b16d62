"""The whole journal, checked: the records the refreshed index holds (the
index parses what changed), then the checks across records → LoadResult.
`reading` also keeps the index's snapshot open for the notes' HTML.

Nothing here raises on bad user data: every problem becomes a diagnostic and
the rest of the journal still loads. (With use_index=False the files are
read straight from disk instead; the tests compare the two.)
"""

from __future__ import annotations

import contextlib
import gc
import json
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from ..cache import Results
from ..index import codec
from ..index.entries import Entry
from ..journal import checks
from ..journal.config import Config, load_config, settings_digest
from ..journal.decode import build_record
from ..journal.diagnostics import Diagnostic, Severity, sorted_diagnostics
from ..journal.files import SourceFile, decode, discover, read_bytes, unreadable
from ..journal.model import AnyRecord, Company, Contact, Interview, Journal, Kind
from .snapshot import NO_NOTES, Bodies, Notes, files_fingerprint, load_entries

if TYPE_CHECKING:
    from ..journal.frontmatter import SourceDoc
    from .memo import Memo


@dataclass(frozen=True, slots=True)
class LoadResult:
    root: Path
    config: Config
    journal: Journal
    diagnostics: tuple[Diagnostic, ...]
    files: int
    notices: tuple[str, ...] = ()
    # From the index: each file's sha256 and fields digest (a digest of what it
    # says besides its notes' text), and a fingerprint of each: the same for
    # the same files, and for the same fields (only notes edited).
    shas: Mapping[str, str] = field(default_factory=dict)
    field_digests: Mapping[str, str] = field(default_factory=dict)
    files_fingerprint: str = ""
    fields_fingerprint: str = ""


def read_doc(root: Path, rel: str) -> SourceDoc:
    """Read, decode and split one file. Never raises."""
    from ..journal import frontmatter

    data = read_bytes(root, rel)
    if isinstance(data, Diagnostic):
        return frontmatter.SourceDoc(rel, None, "", 1, diagnostics=(data,))
    text = decode(rel, data)
    if isinstance(text, Diagnostic):
        return frontmatter.SourceDoc(rel, None, "", 1, diagnostics=(text,))
    return frontmatter.parse(rel, text)


def _entry(root: Path, file: SourceFile) -> Entry:
    if file.problem:
        return file, None, (unreadable(file),)
    return (file, *build_record(file.kind, file.id, read_doc(root, file.rel)))


def load(
    root: Path,
    *,
    use_index: bool = True,
    memo: Memo | None = None,
    results: Results | None = None,
    scan_notes: bool = True,
    notes: bool = True,
) -> LoadResult:
    """Load the whole journal at root: records plus every diagnostic. A memo
    keeps decoded files (and results) for the next load in this process;
    without one, results may keep them for the next process. Without
    scan_notes, the one check that reads every note's text (W006, a warning)
    is not made: for commands that show records and count only errors.
    Without notes, records come without their bodies (what is read from
    them, their tasks and sections, they have): for commands that count and
    list, and would only wait for the text."""
    config, diags = load_config(root)
    # Loading makes many small objects that all live until the process ends;
    # the cyclic collector would scan them again and again for nothing.
    with collector_paused(freeze=memo is None):
        return _load(root, config, diags, use_index=use_index, with_html=False, memo=memo, given=results,
                     scan_notes=scan_notes and notes, notes=notes)[0]  # fmt: skip


@dataclass(frozen=True, slots=True)
class Checked:
    """What `validate` says of a journal: every diagnostic, and how many files."""

    diagnostics: tuple[Diagnostic, ...]
    files: int
    notices: tuple[str, ...] = ()


def checked(root: Path) -> Checked:
    """The journal's diagnostics. They depend on nothing but its files and
    settings, so the index keeps them by the files' fingerprint: while no file
    changes they are read from there, and no record is decoded."""
    from ..index.store import index_path

    config, _diags = load_config(root)
    results = Results(index_path(root))
    try:
        files, notices = files_fingerprint(root, config.allow_html)
    except sqlite3.Error:  # let the whole load repair the index, and say so
        loaded = load(root, results=results)
        return Checked(loaded.diagnostics, loaded.files, loaded.notices)

    said: list[str] = list(notices)

    def make() -> Checked:
        loaded = load(root, results=results)
        said.extend(loaded.notices)  # (a damage only a whole load finds, repaired)
        return Checked(loaded.diagnostics, loaded.files)

    settings = settings_digest(root)
    if settings is None:  # it says so as a diagnostic: nothing kept is the answer
        return replace(make(), notices=tuple(said))
    key = repr((files, config, settings))
    found = results.result("validate", key, make, (_dump_checked, _load_checked))
    return replace(found, notices=tuple(said))


def _dump_checked(found: Checked) -> str:
    return json.dumps({"files": found.files, "diagnostics": codec.diagnostic_rows(found.diagnostics)})


def _load_checked(text: str) -> Checked:
    data = json.loads(text)
    return Checked(codec.diagnostics_from_rows(data["diagnostics"]), int(data["files"]))


@contextlib.contextmanager
def reading(
    root: Path,
    *,
    memo: Memo | None = None,
    results: Results | None = None,
    refreshed: Sequence[str] | None = None,
) -> Iterator[tuple[LoadResult, Notes]]:
    """The journal loaded, with its notes' HTML, read from the same snapshot
    of the index (the records' own) when a page asks for it: the snapshot
    stays open inside the block, and is let go of when it ends. Refreshed:
    what the refresh this process has just made said (see refresh.updated)."""
    config, diags = load_config(root)
    with collector_paused(freeze=memo is None):
        loaded, notes = _load(root, config, diags, use_index=True, with_html=True, memo=memo, given=results,
                              scan_notes=True, refreshed=refreshed)  # fmt: skip
    try:
        yield loaded, notes
    finally:
        notes.close()


@contextlib.contextmanager
def collector_paused(freeze: bool = False) -> Iterator[None]:
    """No cyclic collection while many long-lived objects are made (a load, a
    build): scanning them as they appear is wasted work. With freeze, what was
    made is moved out of the collector's sight for good."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if freeze:
            gc.freeze()
        if enabled:
            gc.enable()


def _load(
    root: Path,
    config: Config,
    diags: list[Diagnostic],
    *,
    use_index: bool,
    with_html: bool,
    memo: Memo | None,
    given: Results | None,
    scan_notes: bool,
    notes: bool = True,
    refreshed: Sequence[str] | None = None,
) -> tuple[LoadResult, Notes]:
    notices: tuple[str, ...] = ()
    bodies: Bodies | None = None
    files = fields = ""  # the fingerprints (see LoadResult)
    if use_index:
        from ..index.store import fingerprint

        entries, stats, bodies = load_entries(root, config.allow_html, with_html, memo, notes, refreshed)
        files = fingerprint(bodies.shas)
        fields = fingerprint(bodies.field_digests) if bodies.shas else ""
        notices = stats.notices
    else:
        entries = [_entry(root, f) for f in discover(root)]
    results = memo.results if memo is not None else given

    def across(names: list[Name], journal: Journal) -> list[Diagnostic]:
        """The checks across files, kept for as long as the files' fields are the same."""
        if results is None or not fields:
            return checks_across(names, journal)
        check = lambda: checks_across(names, journal)  # noqa: E731
        return results.result("checks across files", fields, check,
                              (codec.dump_diagnostics, codec.load_diagnostics))  # fmt: skip

    result = combine(root, config, diags, entries, notices, across)
    own = (config.title, config.owner)
    named = _private_names_in_notes(result.journal, results, bodies, files, fields, own) if scan_notes else []
    if named:
        result = replace(result, diagnostics=tuple(sorted_diagnostics([*result.diagnostics, *named])))
    if bodies is None:
        return result, NO_NOTES
    loaded = replace(result, shas=bodies.shas, field_digests=bodies.field_digests,
                     files_fingerprint=files, fields_fingerprint=fields)  # fmt: skip
    return loaded, bodies.html


def _private_names_in_notes(
    journal: Journal,
    results: Results | None,
    bodies: Bodies | None,
    files: str,
    fields: str,
    own: tuple[str, ...],
) -> list[Diagnostic]:
    """W006, which reads every public note: kept (with results) for as long as
    no file changes, and then each file's finds for as long as the file and
    the private names (kept while the fields are the same) are the same."""
    from ..journal.naming import finds, journal_names

    def make() -> list[Diagnostic]:
        public = {r.path: r for r in journal.records() if not journal.is_private(r)}
        scans = (results, bodies.shas) if results is not None and bodies is not None else None
        kept = (results, fields, "the private names") if results is not None else None
        found = finds(
            public, journal_names(journal, kept, own), scans, bodies.html if bodies is not None else None
        )
        return [checks.private_name_in_notes(path, line, col, private, what)
                for path, hits in found.items() for line, col, private, what in hits]  # fmt: skip

    if results is None or bodies is None:
        return make()
    # the finds depend on nothing but the files and the site's own words
    return results.result(
        "private names in notes", repr((files, own)), make, (codec.dump_diagnostics, codec.load_diagnostics)
    )


Name = tuple[Kind, str, str]  # a file's kind, id and path


def checks_across(names: list[Name], journal: Journal) -> list[Diagnostic]:
    """The checks that need more than one file: names, then references."""
    return [*checks.duplicate_ids(names), *checks.file_names(names), *checks.check(journal, names)]


def combine(
    root: Path,
    config: Config,
    diags: list[Diagnostic],
    entries: Iterable[Entry],
    notices: tuple[str, ...] = (),
    across: Callable[[list[Name], Journal], list[Diagnostic]] = checks_across,
) -> LoadResult:
    """Records and per-file diagnostics → a Journal, checked across files."""
    entries = list(entries)
    records: list[AnyRecord] = []
    for _file, record, record_diags in entries:
        diags.extend(record_diags)
        if record is not None:
            records.append(record)
    names = [(f.kind, f.id, f.rel) for f, _, _ in entries]
    journal = assemble(records)
    diags.extend(across(names, journal))
    # Last, as it depends on every error: who the site leaves out with a broken contact.
    erroneous = frozenset(d.span.path for d in diags if d.severity is Severity.ERROR)
    diags.extend(checks.with_a_broken_contact(journal, erroneous))
    return LoadResult(root, config, journal, tuple(sorted_diagnostics(diags)), len(entries), notices)


def assemble(records: list[AnyRecord]) -> Journal:
    """A Journal from records; the first file wins where ids are duplicated."""
    by_kind: dict[Kind, dict[str, AnyRecord]] = {kind: {} for kind in Kind}
    for record in records:
        by_kind[record.kind].setdefault(record.id, record)
    contacts = {k: v for k, v in by_kind[Kind.CONTACT].items() if isinstance(v, Contact)}
    interviews = {k: v for k, v in by_kind[Kind.INTERVIEW].items() if isinstance(v, Interview)}
    companies = {k: v for k, v in by_kind[Kind.COMPANY].items() if isinstance(v, Company)}
    return Journal(contacts, interviews, companies)
