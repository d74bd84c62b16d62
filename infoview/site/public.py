"""The journal as the site may show it: withheld records out, redaction applied.

Withheld are private records (unless --include-private) and records left out
of the build for errors (always: what a broken file meant to keep private
cannot be known). A withheld contact takes every interview with them along;
a withheld company stays off every contact that names it; references to
withheld records from what remains (referred_by, referrals, company) are
removed too, so not even their ids reach a page. Names are matched as
`folding.fold` compares them: in any Unicode normalisation and case.

With redaction, e-mail addresses and phone numbers are removed from every
field, follow-up, task, link and note, in plain and in encoded forms
(`bob%40example.org`, `wa.me/447700900123`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass, fields, replace
from functools import cache, cached_property
from typing import Any
from urllib.parse import unquote

from ..journal import markup
from ..journal.folding import fold, visible
from ..journal.model import AnyRecord, Company, Contact, FollowUpEntry, Interview, Journal, Kind
from ..journal.privacy import EMAIL, TEXT_FIELDS, PrivateNames
from ..journal.sections import Item, Offer, Sections
from .phones import PHONE, REDACTED, URL_NUMBER, phone_or_not, phones_in

# An address broken around its @ (jo @ example.net, or over two lines), to a
# domain whose last part is letters ("meet @ 10.30" is no address).
SPACED_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+(?:\s+@\s*|@\s+)[\w-]+(?:\.[\w-]+)*\.[^\W\d_]{2,}(?![\w-])")


def redact_text(text: str) -> str:
    """The text without e-mail addresses and phone numbers, also those that read
    as one only once made visible (with a full-width @): then as visible."""
    redacted = _redact(text)
    seen = visible(redacted)
    return _redact(seen) if seen != redacted and _redact(seen) != seen else redacted


def _redact(text: str) -> str:
    text = SPACED_EMAIL.sub(REDACTED, EMAIL.sub(REDACTED, text))
    text = URL_NUMBER.sub(phone_or_not, text)
    return PHONE.sub(phone_or_not, text)


def redact_html(rendered: str) -> str:
    """Notes' HTML without addresses and numbers as a reader sees them: links
    whose address holds one become their text, and the text loses them
    (character references decoded, across inline tags)."""
    rendered = markup.unwrap_links(rendered, holds_address_or_number)
    rendered = markup.replace_comments(rendered, redact_text)
    rendered = markup.replace_attributes(rendered, redact_text)
    return markup.heading_ids(markup.replace_text(rendered, _address_spans, REDACTED, visible))


def _address_spans(text: str) -> list[tuple[int, int]]:
    """Where the e-mail addresses and phone numbers are in text, without overlaps."""
    found = [m.span() for pattern in (EMAIL, SPACED_EMAIL) for m in pattern.finditer(text)]
    for pattern in (URL_NUMBER, PHONE):
        found += [(m.start() + start, m.start() + end) for m in pattern.finditer(text)
                  for start, end in phones_in(m.group(0))]  # fmt: skip
    spans: list[tuple[int, int]] = []
    for start, end in sorted(found):
        if spans and start < spans[-1][1]:
            spans[-1] = (spans[-1][0], max(end, spans[-1][1]))
        else:
            spans.append((start, end))
    return spans


def holds_address_or_number(text: str) -> bool:
    """Does the text, decoded as an address would be, hold an e-mail address or a phone number?"""
    decoded = unquote(text)
    return redact_text(decoded) != decoded


# What may surround an id or name written as a reference: a folder, `.md`, an
# #anchor, brackets, trailing punctuation.
_REF_NOISE = re.compile(r"^\W*(?:(?:contacts|companies|interviews)/(?:.*/)?)?|(?:\.md)?(?:#.*)?\W*$")


@dataclass(frozen=True)
class Withheld:
    """What the site leaves out, by kind and id, and the names (folded) by which
    other records may refer to withheld people and companies."""

    contacts: frozenset[str] = frozenset()
    interviews: frozenset[str] = frozenset()
    companies: frozenset[str] = frozenset()
    names: frozenset[str] = frozenset()
    # (path, field, value) of files left out for errors that gave no record:
    # the name, e-mail and phone their lines give (`frontmatter.values_written`).
    unread: tuple[tuple[str, str, str], ...] = ()

    @cached_property
    def ids(self) -> frozenset[str]:
        return self.contacts | self.interviews | self.companies

    def holds(self, record: AnyRecord) -> bool:
        """Is this record withheld?"""
        # (asked of every record, several times a build: no table made each time)
        if record.kind is Kind.CONTACT:
            return record.id in self.contacts
        if record.kind is Kind.INTERVIEW:
            return record.id in self.interviews
        return record.id in self.companies

    def hides(self, ref: str) -> bool:
        """Does a reference as written (an id or a name, also as a path, with an
        #anchor or a full stop) point at something withheld?"""
        if ref in self.ids:
            return True
        known = self._answers.get(ref)
        if known is None:
            folded = fold(ref)
            key = _REF_NOISE.sub("", folded)
            known = self._answers[ref] = folded in self.names or key in self.names or key in self._folded_ids
        return known

    @cached_property
    def _answers(self) -> dict[str, bool]:
        return {}  # by reference: the same tags and companies are asked about again and again

    @cached_property
    def _folded_ids(self) -> frozenset[str]:
        return frozenset(map(fold, self.ids))


def withheld(
    journal: Journal,
    include_private: bool,
    left_out: Iterable[tuple[Kind, str]] = (),
    unread: Iterable[tuple[str, str, str]] = (),
) -> Withheld:
    """Private records (unless include_private) and records left out for errors
    (by kind and id; unread: by what the lines of those that gave no record say), with
    everything that is withheld because of them."""
    out: dict[Kind, set[str]] = {kind: set() for kind in Kind}
    for kind, record_id in left_out:
        out[kind].add(record_id)
    if not include_private:
        out[Kind.CONTACT] |= {c.id for c in journal.contacts.values() if c.private}
        out[Kind.COMPANY] |= {c.id for c in journal.companies.values() if c.private}
        out[Kind.INTERVIEW] |= {i.id for i in journal.interviews.values() if i.private}
    people = out[Kind.CONTACT]
    out[Kind.INTERVIEW] |= {i.id for i in journal.interviews.values() if not people.isdisjoint(i.contacts)}
    # A name that a public record of the same kind also bears is public.
    public_names = {fold(c.name) for c in journal.contacts.values() if c.id not in people}
    public_names |= {fold(c.name) for c in journal.companies.values() if c.id not in out[Kind.COMPANY]}
    names = {fold(journal.contacts[c].name) for c in people if c in journal.contacts}
    names |= {fold(journal.companies[c].name) for c in out[Kind.COMPANY] if c in journal.companies}
    unread = tuple(sorted(unread))
    names |= {fold(value) for _path, field, value in unread if field == "name"}
    return Withheld(frozenset(people), frozenset(out[Kind.INTERVIEW]), frozenset(out[Kind.COMPANY]),
                    frozenset(names - public_names), unread)  # fmt: skip


def public_journal(
    journal: Journal,
    hidden: Withheld,
    redact: bool,
    names: PrivateNames | None = None,
    naming: Collection[str] | None = None,
    kept: dict[str, tuple[AnyRecord, AnyRecord]] | None = None,
) -> Journal:
    """The records the site may show. Names of private people written in the
    fields, follow-ups and tasks of public records are left out (see
    privacy.py), of the records at the paths naming when given (those that
    name one); the notes' HTML is blanked the same way where it is made.
    kept: each record as made the last time for the same hidden, names,
    naming and redact, by path (a process that builds again keeps it): a
    record that is the very one it was made from is taken from there; it is
    left holding this journal's."""

    # A reference to a withheld record, or one that holds its id, address or number.
    # (Asked of every tag of every record: a journal has a few hundred tags, each asked of once.)
    @cache
    def refers(ref: str) -> bool:
        return hidden.hides(ref) or (names is not None and names.identifies(ref))

    def public(record: Any) -> Any:
        if hidden.ids:
            if isinstance(record, Contact):
                record = _without_hidden_refs(record, refers)
            elif isinstance(record, Interview):
                record = _without_hidden(record, refers)
            else:
                record = _without_hidden_tags(record, refers)
        if names and (naming is None or record.path in naming):
            record = _blank_entries(record, names)
        return _redact_record(record) if redact else record

    before = kept if kept is not None else {}
    made: dict[str, tuple[AnyRecord, AnyRecord]] = {}

    def shown(records: Mapping[str, Any], out: frozenset[str]) -> dict[str, Any]:
        found = {}
        for key, record in records.items():
            if key not in out:
                was = before.get(record.path)
                made[record.path] = (
                    record,
                    was[1] if was is not None and was[0] is record else public(record),
                )
                found[key] = made[record.path][1]
        return found

    contacts = shown(journal.contacts, hidden.contacts)
    interviews = shown(journal.interviews, hidden.interviews)
    companies = shown(journal.companies, hidden.companies)
    if kept is not None:
        kept.clear()
        kept.update(made)
    return Journal(contacts, interviews, companies)


def _blank_entries(record: Any, names: PrivateNames) -> Any:
    def blank(entries: tuple[FollowUpEntry, ...]) -> tuple[FollowUpEntry, ...]:
        return tuple(replace(e, text=names.blank(e.text)) for e in entries)

    changes: dict[str, Any] = {"tasks": blank(record.tasks)}
    if isinstance(record, Interview):
        changes["follow_ups"] = blank(record.follow_ups)
    for name in TEXT_FIELDS:
        value = getattr(record, name, None)
        if isinstance(value, str):
            changes[name] = names.blank(value)
    changes["tags"] = tuple(names.blank(t) for t in record.tags)
    # A link whose address holds something private goes; its label is blanked otherwise.
    if hasattr(record, "links"):
        changes["links"] = tuple((names.blank(label), url) for label, url in record.links
                                 if not any(names.spans(unquote(url))))  # fmt: skip
    changes["extra"] = tuple((names.blank(k), _blank_value(v, names)) for k, v in record.extra)
    if all(changes[k] == getattr(record, k) for k in changes):
        return record
    return replace(record, **changes)


def _blank_value(value: Any, names: PrivateNames) -> Any:
    """A field's value with private names left out, however nested."""
    if isinstance(value, str):
        return names.blank(value)
    if isinstance(value, dict):
        return {_blank_value(k, names): _blank_value(v, names) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return type(value)(_blank_value(item, names) for item in value)
    return value


def _without_hidden_refs(contact: Contact, refers: Callable[[str], bool]) -> Contact:
    """A contact without what points at a withheld record: referred_by, a
    company (by id or name, a company's or a person's) and tags."""
    changes: dict[str, Any] = {}
    if contact.referred_by and refers(contact.referred_by):
        changes["referred_by"] = None
    if contact.company and refers(contact.company):
        changes["company"] = None
    contact = _without_hidden_tags(contact, refers)
    if not changes:
        return contact
    refs = tuple(r for r in contact.refs if r[0] not in changes)
    return replace(contact, refs=refs, **changes)


def _without_hidden(interview: Interview, refers: Callable[[str], bool]) -> Interview:
    interview = _without_hidden_tags(interview, refers)
    if not any(refers(r) for r in interview.referrals):
        return interview
    return replace(
        interview,
        referrals=tuple(r for r in interview.referrals if not refers(r)),
        refs=tuple(r for r in interview.refs if not (r[0] == "referrals" and refers(r[1]))),
    )


def _without_hidden_tags(record: Any, refers: Callable[[str], bool]) -> Any:
    """A tag that is a withheld record's id or name refers to it: left out."""
    if not any(refers(t) for t in record.tags):
        return record
    return replace(record, tags=tuple(t for t in record.tags if not refers(t)))


def _redact_value(value: Any) -> Any:
    if isinstance(value, str):
        return redact_text(value)
    if isinstance(value, FollowUpEntry | Item | Offer):
        return replace(value, text=redact_text(value.text))
    if isinstance(value, Sections):
        return Sections(*(_redact_value(getattr(value, f.name)) for f in fields(value)))
    if isinstance(value, tuple):
        return tuple(_redact_value(v) for v in value)
    if isinstance(value, list):
        return [_redact_value(v) for v in value]
    if isinstance(value, dict):
        return {k: _redact_value(v) for k, v in value.items()}
    return value


_KEEP = {"id", "path", "spans", "refs", "kind", "when", "contacts", "referred_by", "links"}


def _redact_record(record: Any) -> Any:
    changes = {
        f.name: _redact_value(getattr(record, f.name))
        for f in fields(record)
        if f.init and f.name not in _KEEP
    }
    if isinstance(record, Contact):
        changes["email"] = None
        changes["phone"] = None
        changes["links"] = tuple(
            (redact_text(label), url)
            for label, url in record.links
            if not url.lower().lstrip().startswith(("mailto:", "tel:", "sms:"))
            and not holds_address_or_number(url)
        )
    if isinstance(record, Company) and record.website and holds_address_or_number(record.website):
        changes["website"] = None
    return replace(record, **changes)
