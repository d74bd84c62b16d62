"""Verbs that move the journal on: mark a follow-up done, dismiss it, thank,
nudge, schedule a request, log a check-in. Each writes the fact a person
would otherwise type into the front matter (`thanked:`, `nudged:`,
`checked_in:`, a `done:`), changing only the lines it must (lines.py), and
says what it changed.

Every follow-up is resolved by writing what its source reads: a written one
gets its `done:` (front matter) or its tick (a task item); a rule's by the
field the rule looks at, so the rule itself stops asking. An introduction
is acted on by adding the person (with `referred_by:`) and a request to
talk to them.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from ..journal.followups import FollowUp, make_ref
from ..journal.lookup import lookup
from ..journal.model import AnyRecord, Interview, Journal, Kind, When, interview_status
from ..journal.tasks import TASKS_MARKS, next_due, repeat_of
from .lines import (
    Changed,
    EditError,
    add_occurrence,
    add_to_list,
    check_task,
    remove_field,
    set_field,
    set_in_item,
)
from .save import open_record, save
from .scaffold import NewContact, NewInterview, new_contact, new_interview, slug_for


@dataclass
class Outcome:
    """What a verb did: lines changed, by file, and files it made."""

    changed: list[tuple[str, Changed]] = field(default_factory=list)
    created: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        """Each changed line as it stands in the file (indentation kept)."""
        out = []
        for rel, change in self.changed:
            if change.before is None:
                out.append(f"{rel}:{change.line}: added   {change.after.rstrip()}")
            elif change.after == "":
                out.append(f"{rel}:{change.line}: removed {change.before.rstrip()}")
            else:
                out.append(f"{rel}:{change.line}: was     {change.before.rstrip()}")
                out.append(f"{rel}:{change.line}: now     {change.after.rstrip()}")
        out += [f"created {rel}" for rel in self.created]
        return out or ["nothing to change: the file says so already"]


Edit = Callable[[str, str], "tuple[str, Changed]"]  # (path, text) -> new text, the line changed


def _apply(root: Path, rel: str, edits: list[Edit], outcome: Outcome) -> None:
    """The edits, one after another, on one file, written once."""
    opened = open_record(root, rel)
    text = opened.text
    for edit in edits:
        text, change = edit(rel, text)
        if change.before != change.after:
            outcome.changed.append((rel, change))
    if text != opened.text:
        save(opened, text)


def find_followup(items: list[FollowUp], ref: str) -> FollowUp:
    """The follow-up whose reference is, or begins with, ref."""
    wanted = ref.strip().lower()
    found = [f for f in items if f.ref.startswith(wanted)] if wanted else []
    if not found:
        raise EditError(f"no follow-up '{ref}' (infoview followups shows each one's reference)")
    if len({f.ref for f in found}) > 1:
        raise EditError(f"'{ref}' begins the references of {len(found)} follow-ups; give more of it")
    return found[0]


def done(root: Path, journal: Journal, item: FollowUp, day: dt.date) -> Outcome:
    """Mark item done by writing the fact its source reads."""
    if item.done:
        raise EditError(f"'{item.text}' is done already")
    outcome = Outcome()
    record = journal.of_kind(item.kind)[item.record_id]
    iso = day.isoformat()
    if item.origin == "introduction":
        assert isinstance(record, Interview)
        _introduce(root, journal, record, item, day, outcome)
        return outcome
    fact = {"thank-you": "thanked", "nudge": "nudged", "keep in touch": "checked_in"}
    edit: Edit
    if item.origin == "front matter":
        assert isinstance(record, Interview)
        index = next(n for n, e in enumerate(record.follow_ups) if e.span == item.span)
        edit = lambda p, t: set_in_item(p, t, "follow_ups", index, "done", iso)  # noqa: E731
    elif item.origin == "task":
        _apply(root, record.path, _tick(root, record.path, item, day), outcome)
        return outcome
    else:
        edit = lambda p, t: set_field(p, t, fact[item.origin], iso)  # noqa: E731
    _apply(root, record.path, [edit], outcome)
    return outcome


def _tick(root: Path, rel: str, item: FollowUp, day: dt.date) -> list[Edit]:
    """A task item checked off. A recurring one as Obsidian Tasks does it: its
    next occurrence is written above it, open; an occurrence infoview worked
    out (the one after the last written) is written above that one, done."""
    iso, number = day.isoformat(), item.span.line
    lines = open_record(root, rel).text.splitlines()
    line = lines[number - 1] if 0 < number <= len(lines) else ""
    every, due = repeat_of(line), item.due
    if every is None or due is None:
        return [lambda p, t: check_task(p, t, number, _done_mark(t, number, iso))]
    mark = _done_mark("\n".join(lines), number, iso)
    if not re.search(r"\[ \]", line):  # already checked: this occurrence is the one after it
        return [lambda p, t: add_occurrence(p, t, number, due, mark)]
    after = next_due(every, due, day) or due
    return [lambda p, t: add_occurrence(p, t, number, after, None),
            lambda p, t: check_task(p, t, number + 1, mark)]  # fmt: skip


def _done_mark(text: str, number: int, iso: str) -> str:
    """The day a task was done, as its own line writes marks: Obsidian Tasks'
    emoji, Dataview's fields, or infoview's `done:`."""
    lines = text.splitlines()
    line = lines[number - 1] if number <= len(lines) else ""
    if any(mark in line for mark in TASKS_MARKS):
        return f"\N{WHITE HEAVY CHECK MARK} {iso}"
    if re.search(r"[\[(]\s*\w+::", line):
        return f"[completion:: {iso}]"
    return f"done:{iso}"


def _introduce(
    root: Path, journal: Journal, interview: Interview, item: FollowUp, day: dt.date, outcome: Outcome
) -> None:
    """Add the person an introduction names (referred by whoever named them)
    unless they are in the journal, and a request to talk to them today."""
    name = next(n for n in interview.referrals
                if make_ref(Kind.INTERVIEW, interview.id, "introduction", n) == item.ref)  # fmt: skip
    contact_id = journal.resolve_contact(name)
    if contact_id is None:
        spec = NewContact(name, source="referral", referred_by=interview.contacts[0])
        path = new_contact(root, spec, day)
        outcome.created.append(path.relative_to(root).as_posix())
        contact_id = slug_for(name)
    names = {**{c.id: c.name for c in journal.contacts.values()}, contact_id: name}
    request = NewInterview(contact_id, When(day), status="requested")
    outcome.created.append(new_interview(root, request, names).relative_to(root).as_posix())


def dismiss(root: Path, journal: Journal, item: FollowUp) -> Outcome:
    """Set item aside: its reference joins its record's `dismissed:` list."""
    if item.done:
        raise EditError(f"'{item.text}' is done already; there is nothing to set aside")
    outcome = Outcome()
    record = journal.of_kind(item.kind)[item.record_id]
    _apply(root, record.path, [lambda p, t: add_to_list(p, t, "dismissed", f'"{item.ref}"')], outcome)
    return outcome


def _interview_for(journal: Journal, who: str, wanted: Callable[[Interview], bool], what: str) -> Interview:
    """The interview who names: itself, or a contact's latest one that is `wanted`."""
    record = lookup(journal, who, (Kind.INTERVIEW, Kind.CONTACT))
    if isinstance(record, Interview):
        return record
    choices = [i for i in journal.interviews_with(record.id) if wanted(i)]
    if not choices:
        raise EditError(f"{record.name} has no {what}")
    return choices[-1]


def thank(root: Path, journal: Journal, who: str, day: dt.date, today: dt.date) -> Outcome:
    """`thanked:` on the interview (a contact's latest done one without it)."""
    interview = _interview_for(journal, who, lambda i: interview_status(i, today) == "done"
                               and i.thanked is None, "interview held and not yet thanked for")  # fmt: skip
    outcome = Outcome()
    _apply(root, interview.path, [lambda p, t: set_field(p, t, "thanked", day.isoformat())], outcome)
    return outcome


def nudge(root: Path, journal: Journal, who: str, day: dt.date, today: dt.date) -> Outcome:
    """`nudged:` on a request: the nudge rule counts its days from it."""
    interview = _interview_for(journal, who, lambda i: i.status == "requested", "request waiting")
    if interview.status != "requested":
        raise EditError(f"{interview.id} is not a request waiting for an answer (status: {interview.status})")
    outcome = Outcome()
    _apply(root, interview.path, [lambda p, t: set_field(p, t, "nudged", day.isoformat())], outcome)
    return outcome


def schedule(root: Path, journal: Journal, who: str, when: When, mode: str | None, today: dt.date) -> Outcome:
    """A request becomes a meeting: `date` is the meeting's, `status:
    scheduled`, and the day it was asked for is kept as `asked:`. The file
    keeps its name, so links to it still lead to it."""
    interview = _interview_for(journal, who, lambda i: i.status == "requested", "request waiting")
    if interview.status != "requested":
        raise EditError(f"{interview.id} is not a request (status: {interview.status or 'by its date'})")
    asked = interview.asked or interview.date
    if when.date < asked:
        raise EditError(f"the meeting would be before the request (asked on {asked}); check the date")
    edits: list[Edit] = []
    if interview.asked is None:
        edits.append(lambda p, t: set_field(p, t, "asked", interview.date.isoformat()))
    edits.append(lambda p, t: set_field(p, t, "date", str(when)))
    # No status: it follows the date (scheduled, then done once the day has passed).
    edits.append(lambda p, t: remove_field(p, t, "status"))
    if mode:
        edits.append(lambda p, t: set_field(p, t, "mode", mode))
    outcome = Outcome()
    _apply(root, interview.path, edits, outcome)
    return outcome


def checkin(root: Path, journal: Journal, who: str, day: dt.date) -> Outcome:
    """`checked_in:` on a contact: keeping in touch counts from it."""
    contact = lookup(journal, who, (Kind.CONTACT,))
    outcome = Outcome()
    _apply(root, contact.path, [lambda p, t: set_field(p, t, "checked_in", day.isoformat())], outcome)
    return outcome


def record_path(journal: Journal, who: str) -> tuple[AnyRecord, str]:
    """The record who names, and its file (for `edit`)."""
    record = lookup(journal, who)
    return record, record.path
