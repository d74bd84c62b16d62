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

import hashlib
import html
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, Any

from .model import AnyRecord, Company, Contact, Interview, Journal, fold, visible

if TYPE_CHECKING:
    from .memo import Kept

PRIVATE = "[private]"
_CURLY = "\u2019"  # the apostrophe markdown's typographer writes
_TAG = re.compile(r"(<[^>]*>)")
_WIKILINK = re.compile(r"\[\[[^\[\]\n]*\]\]")


@dataclass(frozen=True)
class PrivateNames:
    """The full names to leave out of public notes, by folded name (→ the private
    contact's path), and the public values that hold one of them."""

    names: dict[str, str]
    shields: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.names)

    @cached_property
    def digest(self) -> str:
        """What is looked for, as a key for results kept per file."""
        return hashlib.sha256(repr((sorted(self.names.items()), self.shields)).encode()).hexdigest()

    @cached_property
    def _pattern(self) -> re.Pattern[str]:
        words = sorted({*self.names, *self.shields}, key=len, reverse=True)
        alternatives = "|".join(_loose(w) for w in words)
        return re.compile(rf"(?<![\w-])(?:{alternatives})(?![\w-])", re.IGNORECASE)

    @cached_property
    def _quick(self) -> Any:
        """All the names in one automaton, to pass over the many texts that hold
        none of them in one quick scan of the folded text."""
        import ahocorasick

        automaton = ahocorasick.Automaton()
        for name in self.names:
            automaton.add_word(name, name)
        automaton.make_automaton()
        return automaton

    def may_hold(self, text: str) -> bool:
        """False when text holds none of the names (True may still be wrong)."""
        return next(self._quick.iter(_key(text)), None) is not None

    def find(self, text: str) -> Iterator[tuple[int, int, str]]:
        """(start, end, path of the private contact) of each private name in text.
        Positions are those of the text as visible (`model.visible`)."""
        if not self.names or not self.may_hold(text):
            return
        for match in self._pattern.finditer(visible(text)):
            path = self.names.get(_key(match.group(0)))
            if path is not None:
                yield match.start(), match.end(), path

    def blank(self, text: str) -> str:
        """Plain text with every private name replaced by PRIVATE (and, where
        there was one, as visible)."""
        found = list(self.find(text))
        if not found:
            return text
        text = visible(text)
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


def _key(text: str) -> str:
    """Text folded, with either apostrophe as the straight one."""
    return fold(text).replace(_CURLY, "'")


def _loose(name: str) -> str:
    """A regular expression for a folded name: any white space between words,
    and either apostrophe."""
    words = [re.escape(w).replace("'", f"['{_CURLY}]") for w in name.split()]
    return r"\s+".join(words)


def private_names(
    journal: Journal,
    withheld: Iterable[str],
    companies: Iterable[str] = (),
    unread: Iterable[tuple[str, str]] = (),
) -> PrivateNames:
    """The names of the withheld contacts and companies (ids) that public text
    must not show, and unread ones: (path, name) of files that gave no record."""
    hidden = set(withheld)
    hidden_companies = set(companies)
    public = [r for r in journal.records() if not _withheld(r, hidden, hidden_companies, journal)]
    values = {_key(v) for r in public for v in _values(r)}
    names = {}
    private = [journal.contacts.get(c) for c in sorted(hidden)]
    private += [journal.companies.get(c) for c in sorted(hidden_companies)]
    found = [(record.path, record.name) for record in private if record is not None]
    for path, written in [*found, *sorted(unread)]:
        name = _key(written)
        if len(name.split()) >= 2 and name not in values:
            names.setdefault(name, path)
    if not names:
        return PrivateNames({})
    finder = PrivateNames(names)
    others = [v for v in values if v not in names]
    if not finder.may_hold("\n".join(others)):  # as is most often the case: one quick look
        return finder
    shields = tuple(sorted(v for v in others if any(finder.find(v))))
    return PrivateNames(names, shields)


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


def journal_names(journal: Journal) -> PrivateNames:
    """The full names of the journal's private contacts and companies."""
    companies = [c.id for c in journal.companies.values() if c.private]
    return private_names(journal, journal.private_contacts, companies)


def in_public_notes(journal: Journal) -> Iterator[tuple[AnyRecord, int, int, str]]:
    """(record, line, column, private path) of each private name in a public record's
    notes, free-text fields and follow-ups, as written (for validate)."""
    public = {r.path: r for r in journal.records() if not journal.is_private(r)}
    for path, found in finds(public, journal_names(journal)).items():
        for line, column, private in found:
            yield public[path], line, column, private


def finds(
    records: Mapping[str, AnyRecord], names: PrivateNames, kept: Kept | None = None
) -> dict[str, list[Any]]:
    """Each record's private names, by path: [line, column, private path] of
    each; kept keeps them per file for the next time."""
    if not names:
        return {}

    def scan(path: str) -> list[Any]:
        return [list(found) for found in in_record(records[path], names)]

    if kept is None:
        return {path: scan(path) for path in records}
    per_file, shas = kept
    files = {path: shas[path] for path in records if path in shas}
    result = per_file("private names", names.digest, files, scan)
    result.update((path, scan(path)) for path in records.keys() - files.keys())
    return result


def in_record(record: AnyRecord, names: PrivateNames) -> Iterator[tuple[int, int, str]]:
    """(line, column, private path) of each private name in a record's notes,
    free-text fields and follow-ups."""
    fields = list(texts(record))
    follow_ups = getattr(record, "follow_ups", ())
    everything = (*(text for _, text in fields), *(entry.text for entry in follow_ups), record.body)
    if not names.may_hold("\n".join(everything)):  # most records: one quick look
        return
    for name, text in fields:
        for _start, _end, path in names.find(text):
            span = record.field_span(name)
            yield span.line, span.col, path
    for entry in follow_ups:
        for _start, _end, path in names.find(entry.text):
            yield entry.span.line, entry.span.col, path
    links = [m.span() for m in _WIKILINK.finditer(visible(record.body))]
    for start, end, path in names.find(record.body):
        if any(a <= start and end <= b for a, b in links):
            continue  # a wiki-link to a private record shows as PRIVATE anyway
        before = visible(record.body)[:start]
        line = record.body_line + before.count("\n")
        column = start - (before.rfind("\n") + 1) + 1
        yield line, column, path
