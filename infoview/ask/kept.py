"""The question bank and what was learned, kept from one build to the next.

Both read every interview's notes, and a big journal has tens of thousands
of questions: they are made again only when what they are made of changed.
Each key is a digest of exactly that (an edit elsewhere in the notes leaves
it as it was); each codec writes the result as JSON and reads it back.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from typing import Any

from ..journal.model import Journal, interview_status
from .questions import Asked, Learned, Question


def bank_key(journal: Journal, today: dt.date) -> str:
    """What the bank is made of: each interview's questions, people, date and
    whether it was held."""
    digest = hashlib.sha256()
    for interview in journal.interviews.values():
        held = interview_status(interview, today) == "done"
        asked = [(q.text, q.line) for q in interview.sections.questions]
        digest.update(repr((interview.id, interview.path, interview.when.sort_key, interview.contacts, held,
                            asked)).encode())  # fmt: skip
    return digest.hexdigest()


def dump_bank(questions: list[Question]) -> str:
    return json.dumps([[q.text, [_asked(a) for a in q.asked], list(q.people)] for q in questions],
                      ensure_ascii=False, separators=(",", ":"))  # fmt: skip


def load_bank(text: str) -> list[Question]:
    return [Question(t, tuple(_read_asked(a) for a in asked), tuple(people))
            for t, asked, people in json.loads(text)]  # fmt: skip


def _asked(a: Asked) -> list[Any]:
    return [a.interview, a.path, a.line, a.date.isoformat(), list(a.contacts), a.held]


def _read_asked(v: list[Any]) -> Asked:
    return Asked(v[0], v[1], v[2], dt.date.fromisoformat(v[3]), tuple(v[4]), bool(v[5]))


def learned_key(journal: Journal) -> str:
    """What learned() reads: each interview's takeaways, tags, people and date,
    and the companies and industries of its people."""
    digest = hashlib.sha256()
    for interview in journal.interviews.values():
        found = [(t.text, t.line) for t in interview.sections.takeaways]
        if found:
            digest.update(repr((interview.id, interview.path, interview.when.sort_key, interview.contacts,
                                interview.tags, found)).encode())  # fmt: skip
    for contact in journal.contacts.values():
        digest.update(repr((contact.id, contact.company, contact.industry)).encode())
    for company in journal.companies.values():
        digest.update(repr((company.id, company.name, company.industry)).encode())
    return digest.hexdigest()


def dump_learned(found: dict[str, list[Learned]]) -> str:
    rows = [[subject, [[e.text, e.interview, e.path, e.line, e.date.isoformat(), list(e.contacts)]
                       for e in entries]] for subject, entries in found.items()]  # fmt: skip
    return json.dumps(rows, ensure_ascii=False, separators=(",", ":"))


def load_learned(text: str) -> dict[str, list[Learned]]:
    return {subject: [Learned(t, i, p, n, dt.date.fromisoformat(d), tuple(c)) for t, i, p, n, d, c in entries]
            for subject, entries in json.loads(text)}  # fmt: skip
