"""The journal out: contacts, interviews and companies as CSV or JSON, the
contacts as vCards, the calendar as iCalendar.

What is shared is what the site would show: private records and whatever
refers to them are left out, and private people's names in the rest are
blanked, unless include_private. The columns are stable and documented in
the README; in CSV a list is its items joined by "; " (links as
label=address), and a cell a spreadsheet would take for a formula is
neutralised (see ask/formats.py).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ..ask.formats import to_csv
from ..journal.config import Config
from ..journal.followups import derive
from ..journal.model import Company, Contact, Interview, Journal
from ..journal.privacy import private_names
from ..site import ics
from ..site.public import public_journal, withheld

KINDS = ("contacts", "interviews", "companies")
CONTACT_COLUMNS = ("id", "name", "pronouns", "title", "company", "industry", "location", "email", "phone",
                   "links", "source", "referred_by", "status", "keep_in_touch", "tags", "created",
                   "checked_in", "private", "notes")  # fmt: skip
INTERVIEW_COLUMNS = ("id", "date", "time", "contacts", "status", "mode", "duration", "location", "topic",
                     "tags", "referrals", "thanked", "asked", "nudged", "private", "notes")  # fmt: skip
COMPANY_COLUMNS = ("id", "name", "website", "industry", "location", "tags", "private", "notes")


@dataclass(frozen=True, slots=True)
class Shared:
    """The journal as it may leave: records, and a way to blank text."""

    journal: Journal
    blank: Callable[[str], str]
    everything: bool = False  # private records included


def shareable(journal: Journal, include_private: bool) -> Shared:
    if include_private:
        return Shared(journal, lambda text: text, everything=True)
    hidden = withheld(journal, include_private=False)
    names = private_names(journal, hidden.contacts, hidden.companies, (), hidden.interviews)
    return Shared(public_journal(journal, hidden, False, names), names.blank)


def _value(value: Any) -> Any:
    """A field as JSON has it: dates as YYYY-MM-DD, lists as arrays, links as an object."""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, tuple):
        return [_value(v) for v in value]
    return value


def rows(shared: Shared, kind: str) -> tuple[tuple[str, ...], list[dict[str, Any]]]:
    journal, blank = shared.journal, shared.blank
    if kind == "contacts":
        people = sorted(journal.contacts.values(), key=_id)
        return CONTACT_COLUMNS, [_contact(c, journal.company_name(c), blank) for c in people]
    if kind == "interviews":
        found = sorted(journal.interviews.values(), key=lambda i: (i.when.sort_key, i.id))
        return INTERVIEW_COLUMNS, [_interview(i, blank) for i in found]
    return COMPANY_COLUMNS, [_company(c, blank) for c in sorted(journal.companies.values(), key=_id)]


def _id(record: Contact | Company) -> str:
    return record.id


def _contact(c: Contact, company_name: str, blank: Callable[[str], str]) -> dict[str, Any]:
    row = {name: _value(getattr(c, name)) for name in CONTACT_COLUMNS if name not in ("links", "notes")}
    row["keep_in_touch"] = f"{c.keep_in_touch.count}{c.keep_in_touch.unit}" if c.keep_in_touch else None
    row["company"] = company_name or None
    row["links"] = dict(c.links)
    row["notes"] = blank(c.body.strip())
    return row


def _interview(i: Interview, blank: Callable[[str], str]) -> dict[str, Any]:
    row = {
        name: _value(getattr(i, name)) for name in INTERVIEW_COLUMNS if name not in ("date", "time", "notes")
    }
    row["date"] = i.date.isoformat()
    row["time"] = i.when.time.strftime("%H:%M") if i.when.time else None
    row["notes"] = blank(i.body.strip())
    return {name: row[name] for name in INTERVIEW_COLUMNS}


def _company(c: Company, blank: Callable[[str], str]) -> dict[str, Any]:
    row = {name: _value(getattr(c, name)) for name in COMPANY_COLUMNS if name != "notes"}
    row["notes"] = blank(c.body.strip())
    return row


def as_json(shared: Shared) -> str:
    data = {kind: rows(shared, kind)[1] for kind in KINDS}
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def as_csv(shared: Shared, kind: str) -> str:
    columns, found = rows(shared, kind)
    return to_csv(columns, [[_cell(row[name]) for name in columns] for row in found])


def _cell(value: Any) -> Any:
    if isinstance(value, dict):
        return "; ".join(f"{label}={url}" for label, url in value.items())
    if isinstance(value, list):
        return "; ".join(str(v) for v in value)
    if isinstance(value, bool):
        return "true" if value else "false"
    return "" if value is None else value


def as_calendar(shared: Shared, config: Config, today: dt.date) -> bytes:
    journal = shared.journal
    followups = [f for f in derive(journal, config.rules, today) if shared.everything or not f.private]
    scheduled = ics.scheduled(journal, today)
    briefs = (i.id for i in scheduled if i.date >= today)  # the site has a brief for each
    return ics.calendar(journal, followups, scheduled, config.title, ics.Feed.of(config, today, briefs))
