"""The records of a journal, as frozen values, and what is derived from them.

Everything derived (a contact's stage, an interview's default status, whether
an interview is private because one of its people is) is computed here and
nowhere else.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cached_property
from typing import Any, Protocol

from .diagnostics import Span
from .folding import fold
from .sections import NO_SECTIONS, Sections


class Kind(StrEnum):
    CONTACT = "contact"
    INTERVIEW = "interview"
    COMPANY = "company"

    @property
    def folder(self) -> str:
        return {"contact": "contacts", "interview": "interviews", "company": "companies"}[self]

    @classmethod
    def from_folder(cls, folder: str) -> Kind | None:
        return {k.folder: k for k in cls}.get(folder)


SOURCES = (
    "friend",
    "family",
    "alumni",
    "colleague",
    "referral",
    "event",
    "conference",
    "meetup",
    "social",
    "cold",
    "other",
)
CONTACT_STATUSES = ("declined", "dormant", "do-not-contact")
INTERVIEW_STATUSES = ("requested", "scheduled", "done", "cancelled", "declined", "no-response")
MODES = ("in-person", "video", "phone", "email", "chat", "other")
STAGES = ("prospect", "asked", "scheduled", "met")


@dataclass(frozen=True, slots=True)
class When:
    """A date with an optional time of day (which may carry a UTC offset)."""

    date: dt.date
    time: dt.time | None = None
    # Chronological order; a date without a time sorts first that day.
    sort_key: tuple[dt.date, int] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        minutes = self.time.hour * 60 + self.time.minute if self.time else -1
        object.__setattr__(self, "sort_key", (self.date, minutes))

    def __str__(self) -> str:
        if self.time is None:
            return self.date.isoformat()
        text = f"{self.date.isoformat()} {self.time.strftime('%H:%M')}"
        offset = self.time.utcoffset()
        if offset is not None:
            text += dt.datetime.combine(self.date, self.time).strftime("%z")
        return text


@dataclass(frozen=True, slots=True)
class Cadence:
    """How often to keep in touch: 2w, 90d, 3m, 1y."""

    count: int
    unit: str  # d, w, m, y

    def __str__(self) -> str:
        return f"{self.count}{self.unit}"

    def after(self, start: dt.date) -> dt.date:
        """The date this long after start (the last date there is, if none is)."""
        if self.unit == "d":
            return add_days(start, self.count)
        if self.unit == "w":
            return add_days(start, self.count * 7)
        months = self.count * (12 if self.unit == "y" else 1)
        year, month0 = divmod(start.month - 1 + months, 12)
        year += start.year
        if year > dt.MAXYEAR:
            return dt.date.max
        day = min(start.day, calendar.monthrange(year, month0 + 1)[1])
        return dt.date(year, month0 + 1, day)


MAX_CADENCE_DAYS = 36_500  # a hundred years: the longest period written in a record


def add_days(day: dt.date, days: int) -> dt.date:
    """day + days, or the first or last date there is: `due: 9999-12-31`
    ("someday") has no day after it."""
    try:
        return day + dt.timedelta(days=days)
    except OverflowError:
        return dt.date.max if days > 0 else dt.date.min


@dataclass(frozen=True, slots=True)
class FollowUpEntry:
    """A `follow_ups:` item as written in an interview's front matter."""

    text: str
    due: dt.date | None
    done: bool
    done_on: dt.date | None
    span: Span


@dataclass(frozen=True, slots=True)
class Record:
    id: str
    path: str
    body: str
    body_line: int
    extra: tuple[tuple[str, Any], ...]
    # (line, column) of every front matter value, by dotted path ('links.web').
    spans: Mapping[str, Sequence[int]]
    # Every reference to another record as written: (field, id, where).
    refs: tuple[tuple[str, str, Span], ...]
    # Task items (`- [ ] ...`) in the body.
    tasks: tuple[FollowUpEntry, ...]

    @property
    def span(self) -> Span:
        return Span(self.path, 1, 1)

    def field_span(self, name: str) -> Span:
        where = self.spans.get(name)
        return Span(self.path, *where) if where else self.span


@dataclass(frozen=True, slots=True)
class Contact(Record):
    name: str
    pronouns: str | None = None
    title: str | None = None
    company: str | None = None
    industry: str | None = None
    location: str | None = None
    email: str | None = None
    phone: str | None = None
    links: tuple[tuple[str, str], ...] = ()
    source: str | None = None
    referred_by: str | None = None
    status: str | None = None
    keep_in_touch: Cadence | None = None
    tags: tuple[str, ...] = ()
    created: dt.date | None = None
    private: bool = False
    checked_in: dt.date | None = None  # the last check-in short of an interview
    dismissed: tuple[str, ...] = ()  # refs of follow-ups set aside
    kind: Kind = field(default=Kind.CONTACT, init=False)


@dataclass(frozen=True, slots=True)
class Interview(Record):
    contacts: tuple[str, ...]
    when: When
    status: str | None = None
    mode: str | None = None
    duration: int | None = None
    location: str | None = None
    topic: str | None = None
    tags: tuple[str, ...] = ()
    follow_ups: tuple[FollowUpEntry, ...] = ()
    referrals: tuple[str, ...] = ()
    thanked: dt.date | None = None
    private: bool = False
    asked: dt.date | None = None  # the day it was asked for, once `date` is the meeting's
    nudged: dt.date | None = None  # the last nudge of an unanswered request
    dismissed: tuple[str, ...] = ()  # refs of follow-ups set aside
    sections: Sections = NO_SECTIONS  # questions, takeaways, offers, reflection (sections.py)
    kind: Kind = field(default=Kind.INTERVIEW, init=False)

    @property
    def date(self) -> dt.date:
        return self.when.date


@dataclass(frozen=True, slots=True)
class Company(Record):
    name: str
    website: str | None = None
    industry: str | None = None
    location: str | None = None
    tags: tuple[str, ...] = ()
    private: bool = False
    dismissed: tuple[str, ...] = ()  # refs of follow-ups set aside
    kind: Kind = field(default=Kind.COMPANY, init=False)


AnyRecord = Contact | Interview | Company


# Control characters (but tab and line ends): YAML lets them in as escapes,
# and no page, calendar feed or export may hold them.
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


class Dated(Protocol):
    """What an interview's status is made of (an Interview has it)."""

    @property
    def status(self) -> str | None: ...
    @property
    def date(self) -> dt.date: ...


def interview_status(interview: Dated, today: dt.date) -> str:
    """The status as written, else done when the date is past, else scheduled."""
    if interview.status:
        return interview.status
    return "done" if interview.date < today else "scheduled"


@dataclass(frozen=True)
class Journal:
    """Every record of a journal, by kind and id."""

    contacts: Mapping[str, Contact]
    interviews: Mapping[str, Interview]
    companies: Mapping[str, Company]

    def of_kind(self, kind: Kind) -> Mapping[str, AnyRecord]:
        """The records of one kind, by id."""
        tables: dict[Kind, Mapping[str, AnyRecord]] = {
            Kind.CONTACT: self.contacts, Kind.INTERVIEW: self.interviews, Kind.COMPANY: self.companies,
        }  # fmt: skip
        return tables[kind]

    def records(self) -> list[AnyRecord]:
        """Every record: contacts, interviews, then companies."""
        return [*self.contacts.values(), *self.interviews.values(), *self.companies.values()]

    @cached_property
    def derived(self) -> dict[str, Any]:
        """Values other stages derive from this journal (its private names, say),
        each made once for as long as the journal lives."""
        return {}

    @cached_property
    def interviews_by_contact(self) -> Mapping[str, tuple[Interview, ...]]:
        result: dict[str, list[Interview]] = {}
        for interview in sorted(self.interviews.values(), key=lambda i: i.when.sort_key):
            for contact_id in interview.contacts:
                result.setdefault(contact_id, []).append(interview)
        return {k: tuple(v) for k, v in result.items()}

    @cached_property
    def company_by_key(self) -> Mapping[str, Company]:
        """Companies by id and by lower-cased name, for matching `company:`."""
        keys: dict[str, Company] = {}
        for company in self.companies.values():
            keys.setdefault(fold(company.name), company)
        for company in self.companies.values():
            keys[fold(company.id)] = company
        return keys

    def interviews_with(self, contact_id: str) -> tuple[Interview, ...]:
        return self.interviews_by_contact.get(contact_id, ())

    def company_of(self, contact: Contact) -> Company | None:
        if not contact.company:
            return None
        return self.company_by_key.get(fold(contact.company))

    def company_name(self, contact: Contact) -> str:
        """The name of a contact's company: its record's, else as written ("" for none)."""
        company = self.company_of(contact)
        return company.name if company else contact.company or ""

    @cached_property
    def referred_by_each(self) -> Mapping[str, tuple[Contact, ...]]:
        """contact id -> the contacts whose `referred_by` names them, by name."""
        result: dict[str, list[Contact]] = {}
        for other in sorted(self.contacts.values(), key=lambda c: c.name.casefold()):
            if other.referred_by:
                result.setdefault(other.referred_by, []).append(other)
        return {k: tuple(v) for k, v in result.items()}

    def introduced(self, contact: Contact) -> list[tuple[str | None, str]]:
        """Whom a contact introduced you to, each once: the contacts that name
        them in `referred_by` (by name), then the referrals written in their
        interviews; as (contact id, or None for someone with no record, and
        the name as written)."""
        found: dict[str, tuple[str | None, str]] = {}
        for other in self.referred_by_each.get(contact.id, ()):
            found[other.id] = (other.id, other.name)
        for interview in self.interviews_with(contact.id):
            for ref in interview.referrals:
                contact_id = self.resolve_contact(ref)
                found.setdefault(contact_id or ref, (contact_id, ref))
        return list(found.values())

    def stage(self, contact: Contact, today: dt.date) -> str:
        """prospect → asked → scheduled → met, unless `status` overrides it."""
        if contact.status:
            return contact.status
        statuses = {interview_status(i, today) for i in self.interviews_with(contact.id)}
        if "done" in statuses:
            return "met"
        if "scheduled" in statuses:
            return "scheduled"
        if statuses:
            return "asked"
        return "prospect"

    def is_private(self, record: AnyRecord) -> bool:
        """Private as written, or an interview with a private contact."""
        if record.private:
            return True
        return isinstance(record, Interview) and not self.private_contacts.isdisjoint(record.contacts)

    @cached_property
    def private_contacts(self) -> frozenset[str]:
        return frozenset(c.id for c in self.contacts.values() if c.private)

    @cached_property
    def contact_by_name(self) -> Mapping[str, str]:
        return {fold(c.name): c.id for c in self.contacts.values()}

    def resolve_contact(self, ref: str) -> str | None:
        """A contact id from an id or a person's name (as in `referrals:`), in
        any Unicode normalisation or case."""
        if ref in self.contacts:
            return ref
        nfc = unicodedata.normalize("NFC", ref)
        if nfc in self.contacts:
            return nfc
        return self.contact_by_name.get(fold(ref))

    def display_name(self, contact_id: str) -> str:
        contact = self.contacts.get(contact_id)
        return contact.name if contact else contact_id
