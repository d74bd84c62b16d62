"""Private people's names written in public notes.

A public note may name someone the journal keeps private ("Lunch with Bo
Kim"). `validate` warns about it (W006) and the site leaves the name out,
writing PRIVATE in its place. Only full names (two words or more) count: a
one-word name is an ordinary word too often ("Florence"). A name that a
public record bears as well (a namesake) is public, and so is a private name
inside a longer public one ("Jordan Black" in the company "Jordan Black
Consulting", "Mary Ann" in the name "Mary Ann Evans"). Names are compared as
`model.fold` compares them: in any Unicode normalisation and case.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cached_property

from .model import AnyRecord, Company, Contact, Interview, Journal, fold

PRIVATE = "[private]"
_CURLY = "\u2019"  # the apostrophe markdown's typographer writes
_TAG = re.compile(r"(<[^>]*>)")


@dataclass(frozen=True)
class PrivateNames:
    """The full names to leave out of public notes, by folded name (→ the private
    contact's path), and the public values that hold one of them."""

    names: dict[str, str]
    shields: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.names)

    @cached_property
    def _pattern(self) -> re.Pattern[str]:
        words = sorted({*self.names, *self.shields}, key=len, reverse=True)
        alternatives = "|".join(_loose(w) for w in words)
        return re.compile(rf"(?<![\w-])(?:{alternatives})(?![\w-])", re.IGNORECASE)

    def find(self, text: str) -> Iterator[tuple[int, int, str]]:
        """(start, end, path of the private contact) of each private name in text
        (NFC: positions are those of the normalised text)."""
        if not self.names:
            return
        for match in self._pattern.finditer(unicodedata.normalize("NFC", text)):
            path = self.names.get(fold(match.group(0).replace(_CURLY, "'")))
            if path is not None:
                yield match.start(), match.end(), path

    def blank(self, text: str) -> str:
        """Plain text with every private name replaced by PRIVATE."""
        found = list(self.find(text))
        if not found:
            return text
        text = unicodedata.normalize("NFC", text)
        for start, end, _ in reversed(found):
            text = text[:start] + PRIVATE + text[end:]
        return text

    def blank_html(self, markup: str) -> str:
        """HTML with every private name in its text replaced by PRIVATE."""
        parts = _TAG.split(markup)
        for n in range(0, len(parts), 2):  # the text between tags
            text = html.unescape(parts[n])
            blanked = self.blank(text)
            if blanked != text:
                parts[n] = html.escape(blanked, quote=False)
        return "".join(parts)


def _loose(name: str) -> str:
    """A regular expression for a folded name: any white space between words,
    and either apostrophe."""
    words = [re.escape(w).replace("'", f"['{_CURLY}]") for w in name.split()]
    return r"\s+".join(words)


def private_names(journal: Journal, withheld: Iterable[str], companies: Iterable[str] = ()) -> PrivateNames:
    """The names of the withheld contacts and companies (ids) that public text
    must not show."""
    hidden = set(withheld)
    hidden_companies = set(companies)
    public = [r for r in _records(journal) if not _withheld(r, hidden, hidden_companies, journal)]
    values = {fold(v) for r in public for v in _values(r)}
    names = {}
    private = [journal.contacts.get(c) for c in sorted(hidden)]
    private += [journal.companies.get(c) for c in sorted(hidden_companies)]
    for record in private:
        if record is None:
            continue
        name = fold(record.name)
        if len(name.split()) >= 2 and name not in values:
            names.setdefault(name, record.path)
    if not names:
        return PrivateNames({})
    finder = PrivateNames(names)
    shields = tuple(sorted(v for v in values if v not in names and any(finder.find(v))))
    return PrivateNames(names, shields)


def _records(journal: Journal) -> list[AnyRecord]:
    return [*journal.contacts.values(), *journal.interviews.values(), *journal.companies.values()]


def _withheld(record: AnyRecord, hidden: set[str], companies: set[str], journal: Journal) -> bool:
    if isinstance(record, Contact):
        return record.id in hidden
    if isinstance(record, Company):
        return record.id in companies
    return journal.is_private(record) or not hidden.isdisjoint(record.contacts)


def _values(record: AnyRecord) -> Iterator[str]:
    """The names a public record bears of its own: a person's or a company's,
    and the company a contact names (not its references to others, nor its
    free text: topics, titles and notes name private people like notes do)."""
    yield record.name if not isinstance(record, Interview) else ""
    if isinstance(record, Contact) and record.company:
        yield record.company


TEXT_FIELDS = ("title", "location", "topic", "pronouns", "industry")


def texts(record: AnyRecord) -> Iterator[tuple[str, str]]:
    """(field, text) of what a record writes in free text besides its notes: the
    fields where a private name is left out as in notes."""
    for name in TEXT_FIELDS:
        value = getattr(record, name, None)
        if isinstance(value, str):
            yield name, value
    for tag in getattr(record, "tags", ()):
        yield "tags", tag
    for key, value in record.extra:
        if isinstance(value, str):
            yield key, value


def in_public_notes(journal: Journal) -> Iterator[tuple[AnyRecord, int, int, str]]:
    """(record, line, column, private path) of each private name in a public record's
    notes, free-text fields and follow-ups, as written (for validate)."""
    companies = [c.id for c in journal.companies.values() if c.private]
    names = private_names(journal, journal.private_contacts, companies)
    if not names:
        return
    for record in _records(journal):
        if journal.is_private(record):
            continue
        for name, text in texts(record):
            for _start, _end, path in names.find(text):
                span = record.field_span(name)
                yield record, span.line, span.col, path
        for entry in getattr(record, "follow_ups", ()):
            for _start, _end, path in names.find(entry.text):
                yield record, entry.span.line, entry.span.col, path
        for start, _end, path in names.find(record.body):
            before = unicodedata.normalize("NFC", record.body)[:start]
            line = record.body_line + before.count("\n")
            column = start - (before.rfind("\n") + 1) + 1
            yield record, line, column, path
