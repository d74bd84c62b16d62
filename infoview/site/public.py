"""The journal as the site may show it: private records out, redaction applied.

A private contact, a private interview and every interview with a private
contact are removed; references to them from what remains (referred_by,
referrals) are removed too, so not even their ids reach a page. With
redaction, e-mail addresses and phone numbers are removed from every field
and every note.
"""

from __future__ import annotations

import re
from dataclasses import fields, replace
from typing import Any

from ..model import Company, Contact, Interview, Journal

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
PHONE = re.compile(r"(?<![\w/:.-])\+?\(?\d[\d ().-]{6,}\d(?![\w/-])")
_DATE_LIKE = re.compile(r"\d{4}-\d{1,2}-\d{1,2}")
REDACTED = "[redacted]"


def redact_text(text: str) -> str:
    """The text without e-mail addresses and phone numbers."""
    text = EMAIL.sub(REDACTED, text)
    return PHONE.sub(phone_or_not, text)


def phone_or_not(match: re.Match[str]) -> str:
    candidate = match.group(0)
    digits = sum(c.isdigit() for c in candidate)
    if digits < 9 or _DATE_LIKE.search(candidate):
        return candidate
    return REDACTED


def _redact_value(value: Any) -> Any:
    if isinstance(value, str):
        return redact_text(value)
    if isinstance(value, tuple):
        return tuple(_redact_value(v) for v in value)
    if isinstance(value, list):
        return [_redact_value(v) for v in value]
    if isinstance(value, dict):
        return {k: _redact_value(v) for k, v in value.items()}
    return value


_KEEP = {"id", "path", "spans", "refs", "kind", "when", "contacts", "referred_by"}


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
            (label, url)
            for label, url in record.links
            if not url.lower().lstrip().startswith(("mailto:", "tel:"))
        )
    return replace(record, **changes)


def public_journal(journal: Journal, include_private: bool, redact: bool) -> Journal:
    contacts = dict(journal.contacts)
    interviews = dict(journal.interviews)
    if not include_private:
        contacts = {k: c for k, c in contacts.items() if not c.private}
        interviews = {k: i for k, i in interviews.items() if not journal.is_private(i)}
        hidden = set(journal.contacts) - set(contacts)
        hidden_names = {journal.contacts[c].name.casefold() for c in hidden}
        contacts = {k: _without_hidden_referrer(c, hidden) for k, c in contacts.items()}
        interviews = {k: _without_hidden(i, hidden, hidden_names) for k, i in interviews.items()}
    companies: dict[str, Company] = dict(journal.companies)
    if redact:
        contacts = {k: _redact_record(c) for k, c in contacts.items()}
        interviews = {k: _redact_record(i) for k, i in interviews.items()}
        companies = {k: _redact_record(c) for k, c in companies.items()}
    return Journal(contacts, interviews, companies)


def _without_hidden_referrer(contact: Contact, hidden: set[str]) -> Contact:
    if contact.referred_by in hidden:
        refs = tuple(r for r in contact.refs if r[1] not in hidden)
        return replace(contact, referred_by=None, refs=refs)
    return contact


def _without_hidden(interview: Interview, hidden: set[str], names: set[str]) -> Interview:
    def visible(ref: str) -> bool:
        return ref not in hidden and ref.casefold() not in names

    if all(visible(r) for r in interview.referrals):
        return interview
    return replace(
        interview,
        referrals=tuple(r for r in interview.referrals if visible(r)),
        refs=tuple(r for r in interview.refs if visible(r[1])),
    )
