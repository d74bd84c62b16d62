"""Where public text names private people: the finds in a record's fields
and notes (W006, as written), and in the notes as rendered."""

from __future__ import annotations

import bisect
import html
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping
from typing import TYPE_CHECKING, Any

from . import markup
from .folding import visible
from .model import AnyRecord, Journal
from .notes import WIKILINK

if TYPE_CHECKING:
    from ..cache import FileScans
    from .privacy import Kept

from .privacy import PrivateNames, _as_read, private_names, texts


def journal_names(journal: Journal, kept: Kept | None = None, own: Iterable[str] = ()) -> PrivateNames:
    """What identifies the journal's private contacts, companies and interviews
    (kept, own: see private_names)."""
    companies = [c.id for c in journal.companies.values() if c.private]
    interviews = [i.id for i in journal.interviews.values() if journal.is_private(i)]
    return private_names(journal, journal.private_contacts, companies, (), interviews, kept, own)


def finds(
    records: Mapping[str, AnyRecord], names: PrivateNames, scans: FileScans | None = None, notes: Any = None
) -> dict[str, list[Any]]:
    """Each record's private finds, by path: [line, column, private path, what it
    is] of each; scans keep them per file for the next time. Notes (a
    load.snapshot.Notes): where the records' notes are read, if not from them."""
    if not names:
        return {}

    def scan(path: str) -> list[Any]:
        record = records[path]
        return [
            list(found)
            for found in in_record(record, names, notes.text_of(record) if notes is not None else None)
        ]

    if scans is None:
        return {path: scan(path) for path in records}
    results, shas = scans
    files = {path: shas[path] for path in records if path in shas}
    ready = readied(notes) if notes is not None else in_memory  # (what the scans read: fork-safe)
    result = results.per_file("private names", names.digest, files, scan, ready)
    result.update((path, scan(path)) for path in records.keys() - files.keys())
    return result


def in_pages(
    rendered: Mapping[str, str], paths: Collection[str], names: PrivateNames, scans: FileScans | None = None
) -> set[str]:
    """Those of paths whose notes, as rendered (HTML; "" where rendered has
    none), hold something private in their text or their links' addresses:
    what a reader of the page would see, also where the source hides it
    (`bo\\.kim@`, a code span). Only the notes scanned are read."""
    if not names:
        return set()

    def scan(path: str) -> bool:
        page = rendered.get(path, "")
        seen = markup.attributes(page, markup.READ_ATTRIBUTES)
        return any(names.spans(_as_read(markup.strip_tags(page)))) or any(names.spans(seen))

    if scans is None:
        return {path for path in paths if scan(path)}
    results, shas = scans
    files = {path: shas[path] for path in paths if path in shas}
    found = results.per_file("private names in pages", names.digest, files, scan, readied(rendered))
    return {path for path, hit in found.items() if hit} | {p for p in paths if p not in files and scan(p)}


def in_memory() -> None:
    """What the scans read is in this process's memory: forked workers share it as it is."""


def readied(rendered: Mapping[str, str]) -> Callable[[], Any] | None:
    """What makes notes read through the index safe for forked workers to read
    (load.snapshot.Notes.preload: all of them read in, the connection closed);
    None for a mapping that has no such thing."""
    return getattr(rendered, "preload", None)


def in_record(
    record: AnyRecord, names: PrivateNames, written: str | None = None
) -> Iterator[tuple[int, int, str, str]]:
    """(line, column, private path, what it is) of each private thing in a
    record's notes (written: as written, where the record came without them),
    free-text fields and follow-ups."""
    fields = list(texts(record))
    follow_ups = getattr(record, "follow_ups", ())
    written = record.body if written is None else written
    # Notes as a reader sees them: character references decoded (one line each).
    body = visible(html.unescape(written)) if "&" in written else visible(written)
    # and tasks as they are shown, their marks taken out ("Call Eli 🔼 Novak": "Call Eli Novak")
    everything = (
        *(text for _, text in fields),
        *(entry.text for entry in (*follow_ups, *record.tasks)),
        body,
    )
    if not names.may_hold("\n".join(everything)):  # most records: one quick look
        return
    for name, text in fields:
        for _start, _end, path, what in names.find(text):
            span = record.field_span(name)
            yield span.line, span.col, path, what
    for entry in follow_ups:
        for _start, _end, path, what in names.find(entry.text):
            yield entry.span.line, entry.span.col, path, what
    links = [m.span() for m in WIKILINK.finditer(body)]  # as notes.py reads them
    starts = [a for a, _b in links]
    found = set()
    for start, end, path, what in names.find(body):
        inside = bisect.bisect_right(starts, start) - 1  # the last link that starts at or before it
        if inside >= 0 and end <= links[inside][1]:
            continue  # a wiki-link to a private record shows as PRIVATE anyway
        before = body[:start]
        line = before.count("\n")
        column = _column_as_written(written.split("\n")[line], start - (before.rfind("\n") + 1))
        found.add((record.body_line + line, path))
        yield record.body_line + line, column, path, what
    for entry in record.tasks:  # what a task's marks hid from the line as written
        for _start, _end, path, what in names.find(entry.text):
            if (entry.span.line, path) not in found:
                yield entry.span.line, entry.span.col, path, what


def _column_as_written(written: str, at: int) -> int:
    """The column in a line as written of what is at offset `at` of the line as
    read (references decoded, as visible): they differ after an `&amp;` or a
    soft hyphen."""
    if written.isascii() and "&" not in written:
        return at + 1
    for end in range(len(written) + 1):
        if len(visible(html.unescape(written[:end]))) >= at:
            return end + 1
    return len(written) + 1
