"""What identifies private people, written in public text.

A public note may name someone the journal keeps private ("Lunch with Bo
Kim"), or give their e-mail address or phone number. `validate` warns about
it (W006) and the site leaves it out, writing PRIVATE in its place. Names
count when they are full names (two words or more: a one-word name is an
ordinary word too often, "Florence"), ids when they have two parts or more
(`bo-kim`), phone numbers by their last nine digits, however written. A
name that a public record bears as well (a namesake) is public, and so is a
private name inside a longer public one ("Jordan Black" in the company
"Jordan Black Consulting", "Mary Ann" in the name "Mary Ann Evans"). Text is
compared as `folding.fold` compares it: as a reader sees it, in any Unicode
normalisation and case.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote

from . import markup
from .folding import visible
from .forms import (
    NON_DIGITS,
    NUMBER_RUN,
    bare_letters,
    compared,
    loose,
    numbers_in,
    phone_numbers,
    variants,
)
from .model import AnyRecord, Company, Contact, Interview, Journal

if TYPE_CHECKING:
    from ..cache import Results

    Kept = tuple[Results, str, str]  # results, the journal's fields fingerprint, a name


PRIVATE = "[private]"

# (from the start of a word only: tried inside one too, a long word took a
# time that grew with the square of its length)
EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+(?:@|%40)[\w-]+(?:\.[\w-]+)+", re.IGNORECASE)
# Bump whenever what counts as a private name or number in text changes: the
# index keeps each file's finds, and an index made before then is made anew.
MATCHING_VERSION = 10


@dataclass(frozen=True)
class PrivateNames:
    """What to leave out of public text: folded names, ids and e-mail addresses
    (→ the private record's path), phone numbers by their last digits (→ the
    path), what each is ("name", "id", "e-mail address"), and the public
    values that hold a private name."""

    names: dict[str, str]
    shields: tuple[str, ...] = ()
    phones: dict[str, str] = field(default_factory=dict)
    what: dict[str, str] = field(default_factory=dict)
    # The names as written (as visible): a few letters fold to two ("İ" to "i̇"),
    # and the text is matched as written.
    forms: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.names or self.phones)

    @cached_property
    def digest(self) -> str:
        """What is looked for, as a key for results kept per file."""
        found = (
            sorted(self.names.items()),
            self.shields,
            sorted(self.phones.items()),
            sorted(self.what.items()),
            self.forms,
        )
        return hashlib.sha256(repr(found).encode()).hexdigest()

    @cached_property
    def _pattern(self) -> re.Pattern[str]:
        # (looked for in text whose marked letters are read bare: see find)
        words = {bare_letters(w) for w in (*self.names, *self.shields, *self.forms)}
        alternatives = "|".join(loose(w) for w in sorted(words, key=len, reverse=True))
        # (a hyphen of any kind joins a word to the name, "Kim-Smith"; a dash does not, "--Bo Kim--")
        joins = "[-\u2010\u2011\ufe63\uff0d]"
        return re.compile(rf"(?<!\w)(?<!\w{joins})(?:{alternatives})(?!\w)(?!{joins}\w)", re.IGNORECASE)

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

    @cached_property
    def _quick_phones(self) -> Any:
        import ahocorasick

        automaton = ahocorasick.Automaton()
        for digits in self.phones:
            automaton.add_word(digits, digits)
        automaton.make_automaton()
        return automaton

    def may_hold(self, text: str) -> bool:
        """False when text holds nothing private (True may still be wrong)."""
        if self.phones and next(self._quick_phones.iter(NON_DIGITS.sub("", text)), None) is not None:
            return True
        if not self.names:
            return False
        key = compared(text)
        if next(self._quick.iter(key), None) is not None:
            return True
        # (with some of its marks left out, zoe ångström: by its bare form, a variant)
        read = bare_letters(key)
        return read is not key and next(self._quick.iter(read), None) is not None

    def identifies(self, text: str) -> bool:
        """Does text hold a private id, address or number (not only a name)?"""
        return any(what != "name" for _start, _end, _path, what in self.find(text))

    def covers(self, text: str) -> bool:
        """Is text (a name, id, address or number) left out of public text?"""
        numbers = phone_numbers(text) if self.phones else []
        return compared(text) in self.names or any(number in self.phones for number in numbers)

    def find(self, text: str) -> Iterator[tuple[int, int, str, str]]:
        """(start, end, path of the private record, what it is) of each private
        thing in text. Positions are those of the text as visible (`folding.visible`)."""
        if not self.may_hold(text):
            return
        seen = visible(text)
        found = []
        if self.names:
            # Read with its marked letters bare (one for one): "Zoe Ångström" is found, then
            # known by the form written, else by its bare form (a variant).
            for match in self._pattern.finditer(bare_letters(seen)):
                key = compared(seen[match.start() : match.end()])
                key = key if key in self.names else compared(match.group(0))
                if key in self.names:
                    found.append((match.start(), match.end(), self.names[key], self.what.get(key, "name")))
        if self.phones:
            # Any run of digits (and what separates them) that holds the number's
            # last digits: 07700 900123, +44 7700 900123, tel:07700900123, wa.me/447…
            for match in NUMBER_RUN.finditer(seen):
                for start, end, path in numbers_in(match.group(0), self.phones):
                    found.append((match.start() + start, match.start() + end, path, "phone number"))
        yield from sorted(found)

    def spans(self, text: str) -> Iterator[tuple[int, int]]:
        """Where in text (as visible) there is something private."""
        return ((start, end) for start, end, _path, _what in self.find(text))

    def blank(self, text: str) -> str:
        """Plain text with everything private replaced by PRIVATE (and, where
        there was something, as visible)."""
        found = list(self.spans(text))
        if not found:
            return text
        text = visible(text)
        for start, end in reversed(found):
            text = text[:start] + PRIVATE + text[end:]
        return text

    def blank_html(self, rendered: str) -> str:
        """Notes' HTML with everything private in its text, its attributes
        (the titles and image descriptions a reader sees; with raw HTML,
        any) and its comments replaced by PRIVATE, and links whose address
        holds something private turned into their text."""
        rendered = markup.unwrap_links(rendered, lambda address: any(self.spans(address)))
        rendered = markup.replace_comments(rendered, self.blank)
        rendered = markup.replace_attributes(rendered, self.blank)
        # A name is read within a line (a paragraph, an item, a cell: "Jo" closing one
        # and "Lee Valley" opening the next are no "Jo Lee"); a number or an address,
        # which only its own digits make, also over two of them.
        rendered = markup.replace_text(rendered, self._name_spans, PRIVATE, _as_read)
        return markup.heading_ids(
            markup.replace_text(rendered, self._number_spans, PRIVATE, _as_read, whole=True)
        )

    def _name_spans(self, text: str) -> Iterator[tuple[int, int]]:
        return ((start, end) for start, end, _path, what in self.find(text) if what in ("name", "id"))

    def _number_spans(self, text: str) -> Iterator[tuple[int, int]]:
        return ((start, end) for start, end, _path, what in self.find(text) if what not in ("name", "id"))


def _as_read(text: str) -> str:
    """Text as visible, and %-escapes decoded (a pasted address: ?q=Bo%20Kim)."""
    return visible(unquote(text)) if "%" in text else visible(text)


def private_names(
    journal: Journal,
    withheld: Iterable[str],
    companies: Iterable[str] = (),
    unread: Iterable[tuple[str, str, str]] = (),
    interviews: Iterable[str] = (),
    kept: Kept | None = None,
    own: Iterable[str] = (),
) -> PrivateNames:
    """What identifies the withheld contacts, companies and interviews (ids) that
    public text must not show, and what unread files say: (path, field,
    value) of files that gave no record (their name, email, phone and id);
    less what public records say, and own: the site's own words (its title
    and owner, on every page). They come from the journal's fields alone:
    kept (results, the journal's fields fingerprint and a name) keeps them
    for the next process."""
    key = (frozenset(withheld), frozenset(companies), tuple(sorted(unread)), frozenset(interviews),
           tuple(sorted({compared(word) for word in own if word})))  # fmt: skip
    known = journal.derived.get("private names")
    if known is not None and known[0] == key:  # validate's answer, asked again by the build
        return known[1]
    if kept is None or not kept[1]:
        names = _private_names(journal, *key)
    else:
        results, fields, name = kept
        asked = repr((fields, sorted(key[0]), sorted(key[1]), key[2], sorted(key[3]), key[4]))
        names = results.result(name, asked, lambda: _private_names(journal, *key), (_dump, _load))
    journal.derived["private names"] = (key, names)
    return names


def _dump(names: PrivateNames) -> str:
    return json.dumps([names.names, names.shields, names.phones, names.what, names.forms], ensure_ascii=False)


def _load(text: str) -> PrivateNames:
    found, shields, phones, what, forms = json.loads(text)
    return PrivateNames(dict(found), tuple(shields), dict(phones), dict(what), tuple(forms))


def _private_names(
    journal: Journal,
    withheld: frozenset[str],
    companies: frozenset[str],
    unread: tuple[tuple[str, str, str], ...],
    interviews: frozenset[str],
    own: tuple[str, ...] = (),
) -> PrivateNames:
    hidden = set(withheld)
    hidden_companies = set(companies)
    private: list[Contact | Company] = [c for c in map(journal.contacts.get, sorted(hidden)) if c is not None]
    private += [c for c in map(journal.companies.get, sorted(hidden_companies)) if c is not None]
    details = [(r.path, "name", r.name) for r in private] + [(r.path, "id", r.id) for r in private]
    details += [(c.path, field, value) for c in private if isinstance(c, Contact)
                for field, value in (("email", c.email), ("phone", c.phone)) if value]  # fmt: skip
    details += [
        (i.path, "id", i.id) for i in map(journal.interviews.get, sorted(interviews)) if i is not None
    ]
    details += sorted(unread)
    # A public contact's `company:` or a referral that names a withheld record, or
    # holds its id, address or number, refers to it (and is left out).
    referred = {compared(value) for _path, kind, value in details if kind in ("name", "id")}
    identifying = _finder([d for d in details if d[1] != "name"], set())

    def refers(ref: str) -> bool:
        return compared(ref) in referred or identifying.identifies(ref)

    public = [r for r in journal.records() if not _withheld(r, hidden, hidden_companies, journal)]
    values = {compared(v) for r in public for v in public_values(r, refers)} | set(own)
    public_phones = {n for r in public if isinstance(r, Contact) and r.phone for n in phone_numbers(r.phone)}
    finder = _finder(details, values, public_phones)
    others = [v for v in values if v not in finder.names]
    if not finder.names or not finder.may_hold("\n".join(others)):  # as is most often: one quick look
        return finder
    shields = tuple(sorted(v for v in others if any(finder.find(v))))
    return PrivateNames(finder.names, shields, finder.phones, finder.what, finder.forms)


def _finder(
    details: list[tuple[str, str, str]], values: set[str], public_phones: Iterable[str] = ()
) -> PrivateNames:
    """A PrivateNames for these (path, kind, value), less what public values hold."""
    names: dict[str, str] = {}
    what: dict[str, str] = {}
    phones: dict[str, str] = {}
    forms: set[str] = set()
    skip = set(public_phones)
    for path, kind, value in details:
        key = compared(value)
        if kind == "phone":
            for digits in phone_numbers(value):
                if digits not in skip:
                    phones.setdefault(digits, path)
        elif key and key not in values and key not in names and _counts(kind, value):
            names[key] = path
            if kind != "name":
                what[key] = {"id": "id", "email": "e-mail address"}[kind]
            else:
                names.update((other, path) for other in sorted(variants(key) - values - names.keys()))
            written = " ".join(visible(value).split())
            if len(written) != len(key):  # folding made letters of other lengths (İ, ß)
                forms.add(written)
    return PrivateNames(names, (), phones, what, tuple(sorted(forms)))


def _counts(kind: str, value: str) -> bool:
    """Is this worth leaving out of public text? A full name (one word is an
    ordinary word too often), an id of two parts or more, an e-mail address."""
    if kind == "name":
        return len(value.split()) >= 2
    if kind == "id":
        return "-" in value.strip("-")
    return bool(EMAIL.fullmatch(value.strip()))


def _withheld(record: AnyRecord, hidden: set[str], companies: set[str], journal: Journal) -> bool:
    if isinstance(record, Contact):
        return record.id in hidden
    if isinstance(record, Company):
        return record.id in companies
    return journal.is_private(record) or not hidden.isdisjoint(record.contacts)


def public_values(record: AnyRecord, withheld: Callable[[str], bool]) -> Iterator[str]:
    """The names a public record bears of its own: its id, a person's or a
    company's name and e-mail address, the company a contact names and the
    names of referrals who have no record, unless they name a withheld record
    (withheld(reference)). Not its free text: topics, titles and notes name
    private people like notes do."""
    yield record.id
    if not isinstance(record, Interview):
        yield record.name
    if isinstance(record, Contact):
        if record.company and not withheld(record.company):
            yield record.company
        if record.email:
            yield record.email
    if isinstance(record, Interview):
        yield from (r for r in record.referrals if not withheld(r))


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
    for label, url in getattr(record, "links", ()):
        yield f"links.{label}", label
        yield f"links.{label}", markup.address(url)
    for key, value in record.extra:
        yield key, key
        for text in strings(value):
            yield key, text


def strings(value: Any) -> Iterator[str]:
    """Every text in a value, however nested in lists and mappings (keys too)."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from strings(key)
            yield from strings(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from strings(item)
