"""The question bank and what was learned, kept from one build to the next.

Both read every interview's notes, and a big journal has tens of thousands
of questions: they are made again only when what they are made of changed.
Each key is a digest of exactly that (an edit elsewhere in the notes leaves
it as it was); each codec writes the result as JSON and reads it back.

Read back, each is read in two steps: what every build needs at once (the
questions' texts, the subjects and how many takeaways each has), and the
rest of one question or one subject when a page first asks for it. A build
after an edit shows a few of them, and making all of them again (some
hundred thousand objects) was most of the time they took.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import Any, overload

from ..index.codec import read_back
from ..journal.model import Interview, Journal, interview_status
from .questions import Asked, Learned, Question

# Each record's part of a key, by path, with the record it was made of: a
# process that builds again and again keeps the parts of the records that
# are the same objects as before (not decoded again) for its next build.
Parts = dict[str, tuple[Any, bytes]]


def bank_key(journal: Journal, today: dt.date, parts: Parts | None = None) -> str:
    """What the bank is made of: each interview's questions, people, date and
    whether it was held. Parts: those kept for the same today."""

    def part(interview: Interview) -> bytes:
        held = interview_status(interview, today) == "done"
        asked = interview.sections.questions_digest  # (their texts and lines)
        return repr((interview.id, interview.path, interview.when.sort_key, interview.contacts, held,
                     asked)).encode()  # fmt: skip

    digest = hashlib.sha256()
    _digest_parts(digest, journal.interviews.values(), part, parts)
    return digest.hexdigest()


def _digest_parts(
    digest: Any, records: Iterable[Interview], part: Callable[[Interview], bytes], parts: Parts | None
) -> None:
    """Each record's part into digest, taken from parts where it was made of
    the same record, and kept there (those of records gone are let go of)."""
    if parts is None:
        for record in records:
            digest.update(part(record))
        return
    before = dict(parts)
    parts.clear()
    for record in records:
        found = before.get(record.path)
        if found is None or found[0] is not record:
            found = (record, part(record))
        parts[record.path] = found
        digest.update(found[1])


class Bank(Sequence[Question]):
    """The question bank, in its order: every question's text at hand, the
    rest of a question (when and of whom it was asked) read back when the
    question is first asked for."""

    def __init__(
        self, texts: list[str], made: list[Question | None], packed: list[str] | None = None
    ) -> None:
        self.texts = texts
        self._made = made  # the questions made so far (None: not yet)
        self._packed = packed  # each question's JSON, where it was read back

    @classmethod
    def of(cls, questions: list[Question]) -> Bank:
        return cls([q.text for q in questions], list(questions))

    @overload
    def __getitem__(self, index: int) -> Question: ...
    @overload
    def __getitem__(self, index: slice) -> list[Question]: ...
    def __getitem__(self, index: int | slice) -> Question | list[Question]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        made = self._made[index]
        if made is None:
            assert self._packed is not None  # (what is not made yet was read back)
            with read_back("a kept result"):
                asked, people = json.loads(self._packed[index])
                made = Question(self.texts[index], tuple(map(_read_asked, asked)), tuple(people))
            self._made[index] = made
        return made

    def __iter__(self) -> Iterator[Question]:
        return (self[i] for i in range(len(self.texts)))

    def __len__(self) -> int:
        return len(self.texts)


def dump_bank(questions: Bank) -> str:
    rows = [[q.text, _compact([[_asked(a) for a in q.asked], list(q.people)])] for q in questions]
    return _compact(rows)


def load_bank(text: str) -> Bank:
    rows = _rows(text, (str, str))
    return Bank([t for t, _rest in rows], [None] * len(rows), [rest for _t, rest in rows])


def _asked(a: Asked) -> list[Any]:
    return [a.interview, a.path, a.line, a.date.isoformat(), list(a.contacts), a.held]


def _read_asked(v: list[Any]) -> Asked:
    return Asked(v[0], v[1], v[2], dt.date.fromisoformat(v[3]), tuple(v[4]), bool(v[5]))


def learned_key(journal: Journal, parts: Parts | None = None) -> str:
    """What learned() reads: each interview's takeaways, tags, people and date,
    and the companies and industries of its people."""

    def part(interview: Interview) -> bytes:
        found = interview.sections.takeaways_digest  # (their texts and lines)
        if not found:
            return b""
        shown = (
            interview.id,
            interview.path,
            interview.when.sort_key,
            interview.contacts,
            interview.tags,
            found,
        )
        return repr(shown).encode()

    digest = hashlib.sha256()
    _digest_parts(digest, journal.interviews.values(), part, parts)
    for contact in journal.contacts.values():
        digest.update(repr((contact.id, contact.company, contact.industry)).encode())
    for company in journal.companies.values():
        digest.update(repr((company.id, company.name, company.industry)).encode())
    return digest.hexdigest()


class BySubject(Mapping[str, list[Learned]]):
    """What was learned, by subject (as named), in learned()'s order: how
    many takeaways each subject has at hand, the takeaways themselves read
    back when the subject is first asked for."""

    def __init__(
        self,
        counts: dict[str, int],
        made: dict[str, list[Learned]],
        packed: dict[str, str],
        whole: Callable[[], BySubject] | None = None,
    ) -> None:
        self.counts = counts
        self._made = made  # each subject's takeaways made so far
        self._packed = packed  # each subject's takeaways as JSON, where they were read back
        self._whole = whole  # where the takeaways are, when only the counts are at hand

    @classmethod
    def of(cls, found: dict[str, list[Learned]]) -> BySubject:
        return cls({subject: len(entries) for subject, entries in found.items()}, dict(found), {})

    @classmethod
    def counted(cls, counts: dict[str, int], whole: Callable[[], BySubject]) -> BySubject:
        """The counts alone, the takeaways read (whole()) when a subject's are first asked for."""
        return cls(counts, {}, {}, whole)

    def __getitem__(self, subject: str) -> list[Learned]:
        made = self._made.get(subject)
        if made is None and self._whole is not None:
            whole, self._whole = self._whole(), None
            self._made, self._packed = whole._made, whole._packed
            return self[subject]
        if made is None:
            with read_back("a kept result"):
                rows = json.loads(self._packed[subject])
                made = [Learned(t, i, p, n, dt.date.fromisoformat(d), tuple(c)) for t, i, p, n, d, c in rows]
            self._made[subject] = made
        return made

    def __iter__(self) -> Iterator[str]:
        return iter(self.counts)

    def __len__(self) -> int:
        return len(self.counts)


def dump_learned(found: BySubject) -> str:
    rows = [[subject, len(entries), _compact([[e.text, e.interview, e.path, e.line, e.date.isoformat(),
                                               list(e.contacts)] for e in entries])]
            for subject, entries in found.items()]  # fmt: skip
    return _compact(rows)


def load_learned(text: str) -> BySubject:
    rows = _rows(text, (str, int, str))
    return BySubject({s: n for s, n, _p in rows}, {}, {s: p for s, _n, p in rows})


def dump_counts(counts: dict[str, int]) -> str:
    return _compact(list(counts.items()))


def load_counts(text: str) -> dict[str, int]:
    return {subject: count for subject, count in _rows(text, (str, int))}


def _rows(text: str, shape: tuple[type, ...]) -> list[list[Any]]:
    """The rows of a result as dumped here, each of the types of shape;
    ValueError for anything else (the result is then made again)."""
    rows = json.loads(text)
    if not isinstance(rows, list) or not all(
        isinstance(row, list) and len(row) == len(shape) and all(map(isinstance, row, shape)) for row in rows
    ):
        raise ValueError("not a result kept by this version")
    return rows


def _compact(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
