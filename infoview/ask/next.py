"""Whom to talk to next: introductions waiting, and people not yet asked,
ranked so that a warm lead (someone introduced you) comes before a cold one,
and the longest waiting first."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..journal.followups import FollowUp
from ..journal.model import Journal

_CLOSED = ("declined", "do-not-contact", "dormant")


@dataclass(frozen=True, slots=True)
class Lead:
    who: str  # a name
    contact: str | None  # the contact's id, when the journal has one
    why: str
    waiting: int  # days since the lead appeared
    warm: bool  # someone introduced you
    ref: str | None  # the follow-up that says so, if one does


def leads(journal: Journal, followups: list[FollowUp], today: dt.date) -> list[Lead]:
    found: list[Lead] = []
    named: set[str] = set()
    for item in followups:
        if item.origin != "introduction" or item.done:
            continue
        interview = journal.interviews[item.record_id]
        who = item.text.removeprefix("Reach out to ").rsplit(" (introduced by ", 1)[0]
        contact_id = journal.resolve_contact(who)
        named.add(contact_id or who)
        by = ", ".join(journal.display_name(c) for c in interview.contacts)
        found.append(
            Lead(who, contact_id, f"introduced by {by}", (today - interview.date).days, True, item.ref)
        )
    for contact in journal.contacts.values():
        if contact.id in named or contact.status in _CLOSED or journal.interviews_with(contact.id):
            continue
        introducer = journal.contacts.get(contact.referred_by) if contact.referred_by else None
        found_by = (
            f"found through {contact.source}" if contact.source not in (None, "other") else "not yet asked"
        )
        why = f"introduced by {introducer.name}" if introducer else found_by
        waited = (today - contact.created).days if contact.created else 0
        found.append(Lead(contact.name, contact.id, why, waited, introducer is not None, None))
    return sorted(found, key=lambda lead: (not lead.warm, -lead.waiting, lead.who.casefold()))
