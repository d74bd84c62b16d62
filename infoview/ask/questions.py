"""The question bank: every question prepared under `## Questions` in any
interview, near-identical ones grouped, each with whom it was asked of and
when; and the takeaways, by tag, company and industry."""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from ..journal.folding import fold
from ..journal.model import Interview, Journal, interview_status

SIMILAR = 0.88  # how alike two questions' words must be to count as one
_WORDS = re.compile(r"[^\W_]+(?:'[^\W_]+)*")


@dataclass(frozen=True, slots=True)
class Asked:
    """One time a question was written down: in which interview, at which line."""

    interview: str  # id
    path: str
    line: int
    date: dt.date
    contacts: tuple[str, ...]  # ids
    held: bool  # the interview took place (else it is still to come)


@dataclass(frozen=True, slots=True)
class Question:
    text: str  # as first written
    asked: tuple[Asked, ...]
    people: tuple[str, ...]  # whom it was asked of (ids), in the order asked


def normal(text: str) -> str:
    """A question as compared: its words, folded, without punctuation."""
    return " ".join(_WORDS.findall(fold(text)))


def bank(journal: Journal, today: dt.date) -> list[Question]:
    """Every question, grouped; the most asked first, then alphabetically."""
    groups: list[tuple[str, str, list[Asked]]] = []  # normal form, first text, times
    exact: dict[str, int] = {}
    near: dict[str, list[int]] = {}  # the groups whose first words are these: the only ones compared
    normals: dict[str, str] = {}  # a question's normal form, by its text: most are written many times
    for interview in sorted(journal.interviews.values(), key=lambda i: i.when.sort_key):
        held = interview_status(interview, today) == "done"
        for item in interview.sections.questions:
            key = normals.get(item.text)
            if key is None:
                key = normals[item.text] = normal(item.text)
            if not key:
                continue
            asked = Asked(interview.id, interview.path, item.line, interview.date, interview.contacts, held)
            index = exact.get(key)
            block = _block(key)
            if index is None:
                index = _similar(groups, near.get(block, ()), key)
            if index is None:
                groups.append((key, item.text, []))
                index = len(groups) - 1
                near.setdefault(block, []).append(index)
            exact[key] = index
            groups[index][2].append(asked)
    found = [Question(text, tuple(times), tuple(dict.fromkeys(c for a in times for c in a.contacts)))
             for _key, text, times in groups]  # fmt: skip
    return sorted(found, key=lambda q: (-len(q.asked), fold(q.text)))


def _block(key: str) -> str:
    """Questions compared for likeness begin with the same three words: a
    near-identical question does, and comparing every pair of a big bank
    would take minutes."""
    return " ".join(key.split()[:3])


def _similar(groups: list[tuple[str, str, list[Asked]]], candidates: Iterable[int], key: str) -> int | None:
    matcher = None
    for index in candidates:
        other = groups[index][0]
        if 2 * min(len(key), len(other)) / (len(key) + len(other)) < SIMILAR:
            continue  # the lengths alone say no (what real_quick_ratio says)
        # b is the question compared with every candidate: indexed once
        matcher = matcher or difflib.SequenceMatcher(None, b=key, autojunk=False)
        matcher.set_seq1(other)
        if matcher.quick_ratio() >= SIMILAR and matcher.ratio() >= SIMILAR:
            return index
    return None


def not_yet_asked(questions: Iterable[Question], contact_id: str) -> Iterator[Question]:
    """The bank's questions never written for a conversation with this person."""
    return (q for q in questions if contact_id not in q.people)


@dataclass(frozen=True, slots=True)
class Learned:
    text: str
    interview: str
    path: str
    line: int
    date: dt.date
    contacts: tuple[str, ...]


def learned(journal: Journal, about: str | None = None) -> dict[str, list[Learned]]:
    """Takeaways by what they are about: each interview's tags, and its
    people's companies and industries; only `about` (a tag, company or
    industry, in any case) when given. Subjects that differ only in case are
    one, named as first written."""
    found: dict[str, list[Learned]] = {}
    named: dict[str, str] = {}  # folded subject -> its name
    for interview in sorted(journal.interviews.values(), key=lambda i: i.when.sort_key):
        for item in interview.sections.takeaways:
            entry = Learned(
                item.text, interview.id, interview.path, item.line, interview.date, interview.contacts
            )
            for subject in subjects(journal, interview):
                folded = fold(subject)
                if about is None or folded == fold(about):
                    found.setdefault(named.setdefault(folded, subject), []).append(entry)
    return dict(sorted(found.items(), key=lambda kv: fold(kv[0])))


def subjects(journal: Journal, interview: Interview) -> list[str]:
    """What the interview's takeaways are about: its tags, its people's companies and industries."""
    subjects = [tag.casefold() for tag in interview.tags]  # as the tags page shows them
    for contact_id in interview.contacts:
        contact = journal.contacts.get(contact_id)
        if contact is None:
            continue
        company = journal.company_of(contact)
        subjects += [journal.company_name(contact)] if contact.company else []
        industry = contact.industry or (company.industry if company else None)
        subjects += [industry] if industry else []
    unique: dict[str, str] = {}
    for subject in subjects:
        if subject:
            unique.setdefault(fold(subject), subject)
    return list(unique.values())
