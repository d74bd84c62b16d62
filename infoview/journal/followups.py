"""What to do next: explicit follow-ups, body tasks, and rule-made ones.

Pure functions of a Journal, the rules from infoview.toml and "today".
"""

from __future__ import annotations

import datetime as dt
import hashlib
import unicodedata
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass

from .config import Rules
from .diagnostics import Span
from .model import AnyRecord, FollowUpEntry, Interview, Journal, Kind, add_days, interview_status

GROUPS = ("overdue", "today", "this week", "later", "no date", "done")
ORIGINS = ("front matter", "task", "thank-you", "nudge", "keep in touch", "introduction")
# What the rules write, around people's names.
THANK_YOU = "Send a thank-you note to {}"
NUDGE = "Nudge {}"
CHECK_IN = "Check in with {}"
INTRODUCTION = "Reach out to {} (introduced by {})"
RULE_TEXTS = (THANK_YOU, NUDGE, CHECK_IN, INTRODUCTION)
_CLOSED = ("declined", "do-not-contact")
_QUIET = (*_CLOSED, "dormant")  # no reminders to keep in touch
REF_LENGTH = 6  # hex digits of a follow-up's reference


@dataclass(frozen=True, slots=True)
class FollowUp:
    text: str
    due: dt.date | None
    done: bool
    done_on: dt.date | None
    span: Span  # where it comes from: path:line
    kind: Kind  # of the record it comes from
    record_id: str
    origin: str  # one of ORIGINS
    contacts: tuple[str, ...]  # the people it concerns
    private: bool
    ref: str  # short and stable: `done REF` and `dismiss REF` name it so

    def group(self, today: dt.date) -> str:
        return GROUPS[self.group_index(today)]

    def group_index(self, today: dt.date, week: dt.date | None = None) -> int:
        """The index in GROUPS; pass week = today + 7 days when calling in a loop."""
        if self.done:
            return 5
        if self.due is None:
            return 4
        if self.due < today:
            return 0
        if self.due == today:
            return 1
        return 2 if self.due <= (week or add_days(today, 7)) else 3


def derive(journal: Journal, rules: Rules, today: dt.date) -> list[FollowUp]:
    """Every follow-up, sorted by group, then due date, then source; those
    a record says were dismissed are left out."""
    items = [*written(journal)]
    if rules.thank_you.enabled:
        items.extend(thank_you(journal, today, rules.thank_you.days))
    if rules.nudge.enabled:
        items.extend(nudge(journal, today, rules.nudge.days))
    if rules.keep_in_touch.enabled:
        items.extend(keep_in_touch(journal, today))
    if rules.introduction.enabled:
        items.extend(introduction(journal, today, rules.introduction.days))
    items = [f for f in items if not _dismissed(journal, f)]
    week = add_days(today, 7)
    return sorted(items, key=lambda f: sort_key(f, today, week))


def make_ref(kind: Kind, record_id: str, origin: str, subject: str) -> str:
    """A follow-up's reference: the same for as long as what it is about is
    (its record, where it comes from, and its text or the person it names)."""
    # (in one normal form: an editor that writes accents apart must not make a new one)
    key = f"{kind}:{record_id}:{origin}:{unicodedata.normalize('NFC', subject).casefold()}"
    return hashlib.sha1(key.encode()).hexdigest()[:REF_LENGTH]


def _dismissed(journal: Journal, item: FollowUp) -> bool:
    record = journal.of_kind(item.kind).get(item.record_id)
    return record is not None and item.ref in record.dismissed


def sort_key(item: FollowUp, today: dt.date, week: dt.date) -> tuple:
    due = item.due or dt.date.max
    return (item.group_index(today, week), due, item.span.path, item.span.line, item.text)


def _people(record: AnyRecord) -> tuple[str, ...]:
    if isinstance(record, Interview):
        return record.contacts
    return (record.id,) if record.kind is Kind.CONTACT else ()


def _make(
    record: AnyRecord, entry: FollowUpEntry, origin: str, journal: Journal, subject: str | None = None
) -> FollowUp:
    """subject: what the reference is made of besides the record and origin
    (the entry's text, unless given)."""
    return FollowUp(
        entry.text,
        entry.due,
        entry.done,
        entry.done_on,
        entry.span,
        record.kind,
        record.id,
        origin,
        _people(record),
        journal.is_private(record),
        make_ref(record.kind, record.id, origin, entry.text if subject is None else subject),
    )


def written(journal: Journal) -> Iterator[FollowUp]:
    """`follow_ups:` entries and `- [ ]` task items, as the user wrote them.
    The same text written again in a record (or a recurring task's next
    occurrence) has a reference of its own: the first keeps the plain one."""
    records: list[AnyRecord] = [
        *journal.contacts.values(),
        *journal.interviews.values(),
        *journal.companies.values(),
    ]
    for record in records:
        seen: dict[tuple[str, str], int] = {}
        entries = [("front matter", e) for e in record.follow_ups] if isinstance(record, Interview) else []
        for origin, entry in [*entries, *(("task", e) for e in record.tasks)]:
            key = (origin, entry.text.casefold())
            seen[key] = seen.get(key, 0) + 1
            again = seen[key] > 1
            yield _make(record, entry, origin, journal, f"{entry.text}\x00{seen[key]}" if again else None)


def _rule(
    journal: Journal,
    record: AnyRecord,
    field: str,
    text: str,
    due: dt.date | None,
    origin: str,
    subject: str = "",
) -> FollowUp:
    """A rule-made follow-up, located at the field that triggered it; its
    reference is made of its record, its rule and subject (whom an
    introduction names), never of its text, which names change."""
    entry = FollowUpEntry(text, due, False, None, record.field_span(field))
    return _make(record, entry, origin, journal, subject)


def _names(journal: Journal, ids: tuple[str, ...]) -> str:
    names = [journal.display_name(i) for i in ids]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _mentions_thanks(interview: Interview) -> bool:
    entries = (*interview.follow_ups, *interview.tasks)
    return any(e.done and "thank" in e.text.casefold() for e in entries)


def thank_you(journal: Journal, today: dt.date, days: int) -> Iterator[FollowUp]:
    """A done interview without `thanked:` → send a thank-you note."""
    for interview in journal.interviews.values():
        if interview_status(interview, today) != "done" or interview.thanked:
            continue
        if _mentions_thanks(interview):
            continue
        text = THANK_YOU.format(_names(journal, interview.contacts))
        due = add_days(interview.date, days)
        yield _rule(journal, interview, "date", text, due, "thank-you")


def nudge(journal: Journal, today: dt.date, days: int) -> Iterator[FollowUp]:
    """A request with no answer after `days` → nudge, unless a later interview exists."""
    for interview in journal.interviews.values():
        last = max(interview.date, interview.nudged or interview.date)  # a nudge restarts the clock
        if interview.status != "requested" or (today - last).days <= days:
            continue
        later = any(
            other.date > interview.date
            for contact in interview.contacts
            for other in journal.interviews_with(contact)
        )
        if not later:
            text = NUDGE.format(_names(journal, interview.contacts))
            due = add_days(last, days)  # each nudge its own reference: dismissing one is not all
            yield _rule(journal, interview, "status", text, due, "nudge", due.isoformat())


def keep_in_touch(journal: Journal, today: dt.date) -> Iterator[FollowUp]:
    """A contact with a cadence → check in, due the last done interview (or
    logged check-in) + cadence. Not for people closed or dormant."""
    for contact in journal.contacts.values():
        if contact.keep_in_touch is None or contact.status in _QUIET:
            continue
        met = [i.date for i in journal.interviews_with(contact.id)
               if interview_status(i, today) == "done"]  # fmt: skip
        met += [contact.checked_in] if contact.checked_in else []
        upcoming = [i for i in journal.interviews_with(contact.id) if i.date >= today
                    and interview_status(i, today) in ("scheduled", "requested")]  # fmt: skip
        if not met or upcoming:
            continue
        due = contact.keep_in_touch.after(max(met))
        text = CHECK_IN.format(contact.name)  # each check-in its own reference, as nudges
        yield _rule(journal, contact, "keep_in_touch", text, due, "keep in touch", due.isoformat())


def introduction(journal: Journal, today: dt.date, days: int = 7) -> Iterator[FollowUp]:
    """A referral from a done interview who has no interview yet → reach out,
    due `days` after the interview."""
    seen: set[str] = set()
    for interview in sorted(journal.interviews.values(), key=lambda i: i.when.sort_key):
        if interview_status(interview, today) != "done":
            continue
        for index, name in enumerate(interview.referrals):
            contact_id = journal.resolve_contact(name)
            key = contact_id or name.casefold()
            if key in seen:
                continue
            seen.add(key)
            contact = journal.contacts.get(contact_id) if contact_id else None
            if contact and (journal.interviews_with(contact.id) or contact.status in _CLOSED):
                continue
            who = contact.name if contact else name
            by = _names(journal, interview.contacts)
            text = INTRODUCTION.format(who, by)
            due = add_days(interview.date, days)
            yield _rule(journal, interview, f"referrals.{index}", text, due, "introduction", name)


@dataclass(frozen=True)
class FollowUpIndex:
    """Follow-ups looked up by the record they come from and by the person they
    are about, and the place of each in their list."""

    by_record: dict[tuple[str, str], list[FollowUp]]  # (kind, id) -> those that come from the record
    open_by_contact: dict[str, list[FollowUp]]  # person -> the open ones about them
    order: dict[int, int]  # id() of each -> its place in the list

    @classmethod
    def of(cls, followups: list[FollowUp]) -> FollowUpIndex:
        by_record: dict[tuple[str, str], list[FollowUp]] = defaultdict(list)
        open_by_contact: dict[str, list[FollowUp]] = defaultdict(list)
        for item in followups:
            by_record[(str(item.kind), item.record_id)].append(item)
            if not item.done:
                for contact_id in item.contacts:
                    open_by_contact[contact_id].append(item)
        return cls(by_record, open_by_contact, {id(f): n for n, f in enumerate(followups)})

    def of_record(self, record: AnyRecord) -> list[FollowUp]:
        """Follow-ups that come from this record, done or not."""
        return self.by_record.get((str(record.kind), record.id), [])

    def open_for(self, record: AnyRecord) -> list[FollowUp]:
        """Open follow-ups from this record or about its people, in follow-up order."""
        found = {id(f): f for f in self.of_record(record) if not f.done}
        if record.kind is not Kind.COMPANY:
            people = record.contacts if isinstance(record, Interview) else (record.id,)
            for contact_id in people:
                found.update((id(f), f) for f in self.open_by_contact.get(contact_id, ()))
        return sorted(found.values(), key=lambda f: self.order[id(f)])
