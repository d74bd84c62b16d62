"""The brief before a meeting: who they are, how you reached them, what you
talked about before and what came of it, what is open between you, the
questions prepared for this meeting, and questions from your bank not yet
asked of them. As markdown (for the terminal, and to print) or as JSON."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict, dataclass
from itertools import islice
from typing import Any

from ..journal.followups import FollowUp
from ..journal.model import Company, Contact, Interview, Journal, interview_status
from ..journal.sections import filled, uncommented
from .questions import Question, not_yet_asked

BANK_SHOWN = 8  # questions from the bank a brief suggests
NOTES_SHOWN = 600  # characters of the company's notes


@dataclass(frozen=True, slots=True)
class Past:
    interview: str
    date: str
    topic: str | None
    takeaways: tuple[str, ...]
    questions: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Brief:
    contact: str  # id
    name: str
    title: str | None
    company: str | None
    company_notes: str | None
    meeting: str | None  # the interview prepared for (id), if one is planned
    when: str | None
    topic: str | None
    reached: tuple[str, ...]  # the referral chain, from the person back to someone you know
    past: tuple[Past, ...]
    open: tuple[tuple[str, str, str | None], ...]  # what you promised: ref, text, due
    offered: tuple[tuple[str, str], ...]  # what they offered and has not come: date, text
    prepared: tuple[str, ...]  # this meeting's questions
    from_bank: tuple[str, ...]

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


def brief(
    journal: Journal,
    who: Contact | Interview,
    today: dt.date,
    open_by_contact: Mapping[str, list[FollowUp]],
    bank: Sequence[Question],
    written: Callable[[Company], str] = lambda company: company.body,
) -> Brief:
    """open_by_contact: the open follow-ups about each person (see open_about);
    written: a company's notes as written (where its record came without them)."""
    meeting = who if isinstance(who, Interview) else _upcoming(journal, who, today)
    contact = who if isinstance(who, Contact) else journal.contacts[who.contacts[0]]
    company = journal.company_of(contact)
    notes = filled(uncommented(written(company))) or None if company else None
    before = [i for i in journal.interviews_with(contact.id)
              if i is not meeting and interview_status(i, today) == "done"]  # fmt: skip
    prepared = tuple(i.text for i in meeting.sections.questions) if meeting else ()
    bank_left = list(
        islice((q.text for q in not_yet_asked(bank, contact.id) if q.text not in prepared), BANK_SHOWN)
    )
    open_items = open_by_contact.get(contact.id, [])
    return Brief(
        contact.id, contact.name, contact.title, journal.company_name(contact) or None,
        notes[:NOTES_SHOWN] + ("…" if notes and len(notes) > NOTES_SHOWN else "") if notes else None,
        meeting.id if meeting else None, str(meeting.when) if meeting else None,
        meeting.topic if meeting else None, _reached(journal, contact),
        tuple(_past(i) for i in before),
        tuple((f.ref, f.text, f.due.isoformat() if f.due else None) for f in open_items),
        _offered(before),
        prepared, tuple(bank_left),
    )  # fmt: skip


def open_about(followups: list[FollowUp]) -> dict[str, list[FollowUp]]:
    """The open follow-ups about each person, by contact id."""
    found: dict[str, list[FollowUp]] = {}
    for item in followups:
        if not item.done:
            for contact_id in item.contacts:
                found.setdefault(contact_id, []).append(item)
    return found


def _upcoming(journal: Journal, contact: Contact, today: dt.date) -> Interview | None:
    """The person's next planned conversation (scheduled, or asked for)."""
    planned = [i for i in journal.interviews_with(contact.id)
               if interview_status(i, today) in ("scheduled", "requested")]  # fmt: skip
    return planned[0] if planned else None


def _reached(journal: Journal, contact: Contact) -> tuple[str, ...]:
    """Who introduced whom, from this person back: `referred_by`, else the
    person whose interview named them as a referral."""
    chain: list[str] = []
    seen, current = {contact.id}, contact
    while True:
        introducer = current.referred_by or named_by(journal, current)
        if not introducer or introducer in seen or introducer not in journal.contacts:
            return tuple(chain)
        seen.add(introducer)
        current = journal.contacts[introducer]
        chain.append(current.name)


def named_by(journal: Journal, contact: Contact) -> str | None:
    """Whose interview first named this person as a referral."""
    named = journal.derived.get("named by")
    if named is None:  # made once for the journal: briefs ask it for every planned talk
        named = {}
        for interview in sorted(journal.interviews.values(), key=lambda i: i.when.sort_key):
            for referral in interview.referrals:
                target = journal.resolve_contact(referral)
                if target is not None:
                    named.setdefault(target, interview.contacts[0])
        journal.derived["named by"] = named
    return named.get(contact.id)


def _offered(before: list[Interview]) -> tuple[tuple[str, str], ...]:
    """What they offered in past talks and has not come yet: (date, text)."""
    return tuple((i.when.date.isoformat(), o.text) for i in before for o in i.sections.offers if not o.done)


def _past(interview: Interview) -> Past:
    return Past(
        interview.id, str(interview.when), interview.topic,
        tuple(t.text for t in interview.sections.takeaways),
        tuple(q.text for q in interview.sections.questions),
    )  # fmt: skip


def markdown(b: Brief) -> str:
    """The brief as markdown: short enough to print on one page."""
    head = f"# {b.name}" + (f" — {b.when}" if b.when else "")
    lines = [head, ""]
    role = " at ".join(x for x in (b.title, b.company) if x)
    lines += [f"**{role}**", ""] if role else []
    if b.topic:
        lines += [f"Topic: {b.topic}", ""]
    if b.reached:
        lines += [f"Reached through: {' ← '.join(b.reached)}", ""]
    if b.company_notes:
        lines += ["## Their company", "", b.company_notes, ""]
    lines += ["## Before", ""]
    for p in b.past:
        lines.append(f"- {p.date}" + (f" — {p.topic}" if p.topic else ""))
        lines += [f"  - learned: {t}" for t in p.takeaways]
        lines += [f"  - asked: {q}" for q in p.questions]
    lines += ["- (no conversation yet)"] if not b.past else []
    lines += ["", "## Open between you", ""]
    promised = [f"- [{ref}] {text}" + (f" (due {due})" if due else "") for ref, text, due in b.open]
    offered = [f"- {text} (offered {date})" for date, text in b.offered]
    both = (["You promised:", "", *promised] if promised else []) + (
        ["", "They offered:", "", *offered] if offered else []
    )
    lines += (both[1:] if both[0] == "" else both) if both else ["- nothing"]
    lines += ["", "## Questions for this meeting", ""]
    lines += [f"{n}. {q}" for n, q in enumerate(b.prepared, 1)] or ["- none written yet"]
    if b.from_bank:
        lines += ["", "## From your question bank, not yet asked of them", ""]
        lines += [f"- {q}" for q in b.from_bank]
    return "\n".join(lines) + "\n"
