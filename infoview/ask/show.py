"""What `infoview show` prints of one record: as text, or as JSON."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..journal.model import Company, Contact, Interview, Journal, interview_status
from .reports import FOLLOWUP_COLUMNS

if TYPE_CHECKING:
    from .reports import FollowupRows

_AT = {name: n for n, name in enumerate(FOLLOWUP_COLUMNS)}


@dataclass(frozen=True, slots=True)
class Open:
    """An open follow-up as `show` tells it."""

    ref: str
    text: str
    due: dt.date | None
    group: str
    origin: str


def open_followups(record: Contact | Interview | Company, found: FollowupRows) -> list[Open]:
    """The open follow-ups of a record: its own, and, for a person, those about
    them (from their interviews). An interview's and a company's are their own
    only: another talk with the same person has its own page."""
    people = {record.id} if isinstance(record, Contact) else set()
    kind = str(record.kind)
    ref, text, due, group, origin, done = (_AT[c] for c in ("ref", "text", "due", "group", "origin", "done"))
    own = _AT["kind"], _AT["record"]
    return [
        Open(
            row[ref],
            row[text],
            dt.date.fromisoformat(row[due]) if row[due] else None,
            row[group],
            row[origin],
        )
        for row, ids in zip(found.rows, found.people, strict=True)
        if not row[done] and ((row[own[0]], row[own[1]]) == (kind, record.id) or not people.isdisjoint(ids))
    ]


_INTERNAL = {"spans", "refs", "tasks", "body_line", "extra"}


def record_json(
    journal: Journal, record: Contact | Interview | Company, today: dt.date, open_items: list[Open]
) -> dict[str, Any]:
    """What `show --format json` prints: the record's fields as written (and
    its extra ones), what is derived from it, its conversations and open
    follow-ups."""
    from dataclasses import fields

    data: dict[str, Any] = {"kind": str(record.kind)}
    for f in fields(record):
        if f.name not in _INTERNAL and f.name != "kind":
            data[f.name] = _plain_json(getattr(record, f.name))
    data["extra"] = {key: _plain_json(value) for key, value in record.extra}
    if isinstance(record, Contact):
        data["stage"] = journal.stage(record, today)
        data["company_name"] = journal.company_name(record) or None
        data["interviews"] = [i.id for i in journal.interviews_with(record.id)]
        data["introduced"] = [{"id": cid, "name": name} for cid, name in journal.introduced(record)]
    elif isinstance(record, Interview):
        data["state"] = interview_status(record, today)
    else:
        data["contacts"] = [c.id for c in journal.contacts.values() if _works_at(journal, c, record)]
    data["follow_ups"] = [{"ref": f.ref, "text": f.text, "due": _plain_json(f.due), "group": f.group,
                           "origin": f.origin} for f in open_items]  # fmt: skip
    return data


def _plain_json(value: Any) -> Any:
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, tuple):
        if value and all(isinstance(v, tuple) and len(v) == 2 and isinstance(v[0], str) for v in value):
            return {k: _plain_json(v) for k, v in value}  # links: label -> URL
        return [_plain_json(v) for v in value]
    if value is None or isinstance(value, str | int | float | bool):
        return value
    if hasattr(value, "text") and hasattr(value, "due"):  # a follow_ups entry
        return {"do": value.text, "due": _plain_json(value.due), "done": value.done_on.isoformat()
                if value.done_on else value.done}  # fmt: skip
    return str(value)  # When, Cadence: as written


def _kv(lines: list[str], label: str, value: Any) -> None:
    if value not in (None, "", (), []):
        lines.append(f"  {label + ':':<18} {value}")


def show_contact(journal: Journal, c: Contact, today: dt.date, open_items: list[Open]) -> str:
    head = c.name + (f" ({c.pronouns})" if c.pronouns else "")
    lines = [head, "=" * len(head), f"  {'File:':<18} {c.path}"]
    role = " at ".join(x for x in (c.title, (journal.company_name(c) or None)) if x)
    cadence = f"every {c.keep_in_touch}" if c.keep_in_touch else None
    for label, value in (
        ("Role", role), ("Stage", journal.stage(c, today)), ("Industry", c.industry),
        ("Location", c.location), ("E-mail", c.email), ("Phone", c.phone),
        ("Source", c.source), ("Keep in touch", cadence),
        ("Tags", ", ".join(c.tags)), ("Created", c.created),
        ("Private", "yes" if c.private else None),
    ):  # fmt: skip
        _kv(lines, label, value)
    for label, url in c.links:
        _kv(lines, label, url)
    for key, value in c.extra:
        _kv(lines, key, value)
    if c.referred_by:
        _kv(lines, "Introduced by", f"{journal.display_name(c.referred_by)} ({c.referred_by})")
    introduced = _introduced_by(journal, c)
    _kv(lines, "Introduced you to", ", ".join(introduced))
    lines += ["", "Conversations"]
    for i in journal.interviews_with(c.id):
        status = interview_status(i, today)
        lines.append(f"  {i.when!s:<21}  {status:<11}  {i.mode or '':<9}  {i.topic or ''}")
    if not journal.interviews_with(c.id):
        lines.append("  (none yet)")
    return _finish(lines, open_items, c.body)


def _introduced_by(journal: Journal, c: Contact) -> list[str]:
    """People this contact introduced, as `show` names them."""
    return [f"{journal.display_name(contact_id)} ({contact_id})" if contact_id else written
            for contact_id, written in journal.introduced(c)]  # fmt: skip


def show_interview(journal: Journal, i: Interview, today: dt.date, open_items: list[Open]) -> str:
    people = ", ".join(f"{journal.display_name(c)} ({c})" for c in i.contacts)
    head = f"{i.when} — {people}"
    lines = [head, "=" * len(head), f"  {'File:':<18} {i.path}"]
    for label, value in (
        ("Topic", i.topic), ("Status", interview_status(i, today)), ("Mode", i.mode),
        ("Duration", f"{i.duration} min" if i.duration else None), ("Location", i.location),
        ("Tags", ", ".join(i.tags)), ("Asked on", i.asked), ("Nudged", i.nudged), ("Thanked", i.thanked),
        ("Referrals", ", ".join(i.referrals)), ("Private", _private(journal, i)),
    ):  # fmt: skip
        _kv(lines, label, value)
    for key, value in i.extra:
        _kv(lines, key, value)
    return _finish(lines, open_items, i.body)


def _private(journal: Journal, interview: Interview) -> str | None:
    """Private as written, or because one of its people is (as everything shared leaves it out)."""
    if interview.private:
        return "yes"
    return "yes (a person in it is private)" if journal.is_private(interview) else None


def show_company(journal: Journal, co: Company, today: dt.date, open_items: list[Open]) -> str:
    lines = [co.name, "=" * len(co.name), f"  {'File:':<18} {co.path}"]
    for label, value in (("Website", co.website), ("Industry", co.industry),
                         ("Location", co.location), ("Tags", ", ".join(co.tags))):  # fmt: skip
        _kv(lines, label, value)
    people = [c for c in journal.contacts.values() if _works_at(journal, c, co)]
    lines += ["", "People"] + [f"  {c.name} ({c.id}), {c.title or ''}".rstrip(", ") for c in people]
    return _finish(lines, open_items, co.body)


def _works_at(journal: Journal, contact: Contact, company: Company) -> bool:
    """The contact's company is this one (the same file: the record shown
    may have been read with its notes, the journal's without)."""
    found = journal.company_of(contact)
    return found is not None and found.path == company.path


def _finish(lines: list[str], open_items: list[Open], body: str) -> str:
    if open_items:
        lines += ["", "Open follow-ups"]
        for f in open_items:
            lines.append(f"  {(f.due.isoformat() if f.due else 'no date'):<10}  {f.text}")
    if body.strip():
        lines += ["", "Notes", "", body.strip()]
    return "\n".join(lines) + "\n"
