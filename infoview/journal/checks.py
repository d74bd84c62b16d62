"""Checks across records: one small pure function per rule.

Checks within one file (types, dates, enums) happen while reading it, in
`fields`; the rules here need the whole journal.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator, Mapping

from .diagnostics import Diagnostic, Span, did_you_mean, error, warning
from .model import Journal, Kind
from .privacy import PRIVATE

_LOOKS_LIKE_ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)+")


def duplicate_ids(files: Iterable[tuple[Kind, str, str]]) -> Iterator[Diagnostic]:
    """Two files of one kind with the same name (in different folders)."""
    first: dict[tuple[Kind, str], str] = {}
    for kind, record_id, path in files:
        seen = first.setdefault((kind, record_id), path)
        if seen != path:
            yield error(
                Span(path),
                "E011",
                f"duplicate {kind} id '{record_id}' (also {seen}); rename one of the files",
            )


RESERVED = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(1, 10)),
             *(f"lpt{i}" for i in range(1, 10))}  # fmt: skip
_UNPORTABLE = re.compile(r'[<>:"\\|?*\x00-\x1f]|[. ]$')


def file_names(files: Iterable[tuple[Kind, str, str]]) -> Iterator[Diagnostic]:
    """Names that clash or break on other systems: case-only twins, Windows' reserved names."""
    seen: dict[tuple[Kind, str], str] = {}
    for kind, record_id, path in files:
        folded = seen.setdefault((kind, unicodedata.normalize("NFC", record_id).casefold()), path)
        name, twin = _stem(path), _stem(folded)
        if folded != path and twin != name:
            how = "case" if unicodedata.normalize("NFC", twin) != unicodedata.normalize("NFC", name) else (
                "Unicode normalisation (one is written decomposed, as macOS does)")  # fmt: skip
            yield warning(
                Span(path),
                "W004",
                f"'{name}' and '{twin}' ({folded}) differ only by {how}: on macOS and "
                "Windows they are the same file; rename one",
            )
        head = record_id.partition(".")[0]
        if (len(head) <= 4 and head.casefold() in RESERVED) or _UNPORTABLE.search(record_id):
            yield warning(
                Span(path),
                "W005",
                f"the file name '{record_id}.md' cannot be used on Windows; rename it "
                "if the journal is ever opened there",
            )


def _stem(path: str) -> str:
    return path.rsplit("/", 1)[-1].removesuffix(".md")


def unknown_contacts(journal: Journal, broken: Mapping[str, str] | None = None) -> Iterator[Diagnostic]:
    """An interview or a referred_by naming a contact that does not exist: said
    as what it is when the contact's file is there but broken (broken: id ->
    path of contact files that gave no record), or when a name stands where
    the id should."""
    for record in (*journal.interviews.values(), *journal.contacts.values()):
        for field, ref, span in record.refs:
            if field == "referrals" or ref in journal.contacts:
                continue
            by_name = journal.resolve_contact(ref)
            if broken and ref in broken:
                said = (f"contact '{ref}' in {field} is {broken[ref]}, which has errors and is left out "
                        "until it is mended (infoview validate shows them)")  # fmt: skip
            elif by_name:
                said = f"'{ref}' in {field} is a name; write the contact's id: {field}: {by_name}"
            else:
                said = f"unknown contact '{ref}' in {field}{_hint(journal, ref)}"
            yield error(span, "E007", said)


def _hint(journal: Journal, ref: str) -> str:
    """' (did you mean …?)': a contact whose name begins so (a first name), or a close id."""
    from .lookup import NotFound, find

    try:
        found = find(journal, ref, (Kind.CONTACT,))
    except NotFound as exc:
        return f" ({exc})"
    if found is not None:
        return f" (did you mean '{found.id}', {found.name}?)" if hasattr(found, "name") else ""
    return did_you_mean(ref, journal.contacts)


def unknown_referrals(journal: Journal, broken: Mapping[str, str] | None = None) -> Iterator[Diagnostic]:
    """A referral written like an id that matches no contact: probably a typo
    (a contact whose file is broken is said so by E007 where it matters)."""
    for interview in journal.interviews.values():
        for field, ref, span in interview.refs:
            if field != "referrals" or ref in journal.contacts or (broken and ref in broken):
                continue
            if _LOOKS_LIKE_ID.fullmatch(ref):
                hint = did_you_mean(ref, journal.contacts)
                yield warning(
                    span,
                    "W002",
                    f"referral '{ref}' looks like an id but there is no such contact{hint}; "
                    "write the person's name, or create the contact",
                )


def private_name_in_notes(where: str, line: int, col: int, private: str, what: str = "name") -> Diagnostic:
    said = "names a private record" if what == "name" else f"is the {what} of a private record"
    return warning(
        Span(where, line, col),
        "W006",
        f"this {said} ({private}); the site shows '{PRIVATE}' in its place. "
        "Write [[their-id]] to link them for yourself, or keep the note private",
    )


def check(journal: Journal, files: Iterable[tuple[Kind, str, str]] = ()) -> list[Diagnostic]:
    """The checks across records; files: every journal file's kind, id and
    path, records or not (a broken contact file is still known by its name)."""
    broken = {record_id: path for kind, record_id, path in files
              if kind is Kind.CONTACT and record_id not in journal.contacts}  # fmt: skip
    return [*unknown_contacts(journal, broken), *unknown_referrals(journal, broken)]


def with_a_broken_contact(journal: Journal, erroneous: frozenset[str]) -> Iterator[Diagnostic]:
    """An interview with someone whose file has errors (erroneous: the paths
    of every file with one): the site leaves that file out, and every
    interview with them too (build --keep-going)."""
    if not erroneous:
        return  # (no file has one: no interview to look through)
    for interview in journal.interviews.values():
        if interview.path in erroneous:
            continue
        for field, ref, span in interview.refs:
            contact = journal.contacts.get(ref) if field in ("contact", "contacts") else None
            if contact is not None and contact.path in erroneous:
                said = (f"contact '{ref}' is {contact.path}, which has errors: the site leaves this "
                        "interview out with it until that file is mended")  # fmt: skip
                yield warning(span, "W008", said)
