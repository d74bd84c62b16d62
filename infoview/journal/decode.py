"""SourceDoc → record: one function per kind, each returning diagnostics.

A record is built when its required fields are valid; an optional field that
is wrong is reported and left empty, so the rest of the record still shows.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .diagnostics import Diagnostic, error
from .fields import FieldReader, strip_wikilink
from .model import (
    CONTACT_STATUSES,
    CONTROL,
    INTERVIEW_STATUSES,
    MODES,
    SOURCES,
    AnyRecord,
    Company,
    Contact,
    Interview,
    Kind,
)
from .sections import read as read_sections
from .tasks import body_tasks

if TYPE_CHECKING:
    from .frontmatter import Path, SourceDoc

CONTACT_FIELDS = (
    "name",
    "pronouns",
    "title",
    "company",
    "industry",
    "location",
    "email",
    "phone",
    "links",
    "source",
    "referred_by",
    "status",
    "keep_in_touch",
    "tags",
    "created",
    "private",
    "checked_in",
    "dismissed",
)
INTERVIEW_FIELDS = (
    "contact",
    "contacts",
    "date",
    "status",
    "mode",
    "duration",
    "location",
    "topic",
    "tags",
    "follow_ups",
    "referrals",
    "thanked",
    "private",
    "asked",
    "nudged",
    "dismissed",
)
COMPANY_FIELDS = ("name", "website", "industry", "location", "tags", "private", "dismissed")
FIELDS = {
    Kind.CONTACT: CONTACT_FIELDS,
    Kind.INTERVIEW: INTERVIEW_FIELDS,
    Kind.COMPANY: COMPANY_FIELDS,
}

Result = tuple[AnyRecord | None, tuple[Diagnostic, ...]]

# Bump whenever what a file is read as changes (its fields, its tasks):
# indexes made before then read every file again.
READ_VERSION = 5


def build_record(kind: Kind, record_id: str, doc: SourceDoc) -> Result:
    """The record a parsed file describes, or None, plus every diagnostic."""
    if doc.data is None:
        return None, doc.diagnostics
    reader = FieldReader(doc, FIELDS[kind])
    reader.diagnostics.extend(_control_characters(doc, doc.data, ()))
    builder = {Kind.CONTACT: _contact, Kind.INTERVIEW: _interview, Kind.COMPANY: _company}[kind]
    record = builder(reader, record_id)
    return record, doc.diagnostics + tuple(reader.diagnostics)


def _control_characters(doc: SourceDoc, value: object, path: tuple) -> list[Diagnostic]:
    """A control character written as an escape (`"\\x01"`): no page, feed or
    export can hold it, so it is refused where it is written."""
    if isinstance(value, str):
        found = CONTROL.search(value)
        if found is None:
            return []
        name = ".".join(str(p) for p in path) or "the front matter"
        message = f"control character U+{ord(found.group()):04X} in '{name}'; remove it"
        return [error(doc.span(path), "E019", message)]
    if isinstance(value, dict):
        return [d for key, item in value.items() for d in _control_characters(doc, item, (*path, key))]
    if isinstance(value, list):
        return [d for i, item in enumerate(value) for d in _control_characters(doc, item, (*path, i))]
    return []


def _base(r: FieldReader, record_id: str, ref_fields: tuple[str, ...] = ()) -> dict[str, object]:
    tasks, diags = body_tasks(r.doc.path, r.doc.body, r.doc.body_line)
    r.diagnostics.extend(diags)
    return {
        "tasks": tuple(tasks),
        "refs": tuple(ref for name in ref_fields for ref in r.ref_spans(name)),
        "id": record_id,
        "path": r.doc.path,
        "body": r.doc.body,
        "body_line": r.doc.body_line,
        "extra": r.extra(),
        "spans": r.spans(),
    }


def _contact(r: FieldReader, record_id: str) -> Contact | None:
    name = r.text("name", required=True)
    fields = {
        "pronouns": r.text("pronouns"),
        "title": r.text("title"),
        "company": r.ref("company"),
        "industry": r.text("industry"),
        "location": r.text("location"),
        "email": r.email("email"),
        "phone": r.text("phone"),
        "links": r.links("links"),
        "source": r.enum("source", SOURCES),
        "referred_by": r.ref("referred_by"),
        "status": r.enum("status", CONTACT_STATUSES),
        "keep_in_touch": r.cadence("keep_in_touch"),
        "tags": r.tags(),
        "created": r.date("created"),
        "private": r.boolean("private"),
        "checked_in": r.date("checked_in"),
        "dismissed": r.texts("dismissed"),
    }
    base = _base(r, record_id, ("referred_by",))
    if name is None:
        return None
    return Contact(name=name, **base, **fields)  # type: ignore[arg-type]


def _interview(r: FieldReader, record_id: str) -> Interview | None:
    people = r.refs("contact") + r.refs("contacts")
    if not any(r.data.get(key) not in (None, "", []) for key in ("contact", "contacts")):
        r.missing("contact")
    when = r.when("date", required=True)
    referrals = r.placed_texts("referrals")
    fields = {
        "status": r.enum("status", INTERVIEW_STATUSES),
        "mode": r.enum("mode", MODES),
        "duration": r.duration("duration"),
        "location": r.text("location"),
        "topic": r.text("topic"),
        "tags": r.tags(),
        "follow_ups": r.follow_ups("follow_ups"),
        "referrals": tuple(strip_wikilink(text) for text, _path in referrals),
        "thanked": None if r.data.get("thanked") is True else r.date("thanked"),
        "private": r.boolean("private"),
        "asked": r.date("asked"),
        "nudged": r.date("nudged"),
        "dismissed": r.texts("dismissed"),
        "sections": read_sections(r.doc.body, r.doc.body_line),
    }
    base = _base(r, record_id, ("contact", "contacts", "referrals"))
    if not people or when is None:
        return None
    base["spans"] = _by_place(base["spans"], "referrals", [path for _text, path in referrals])  # type: ignore[arg-type]
    contacts = tuple(dict.fromkeys(people))
    if r.data.get("thanked") is True:  # thanked, on a day not written down: as `done: true` is done
        fields["thanked"] = when.date
    return Interview(contacts=contacts, when=when, **base, **fields)  # type: ignore[arg-type]


def _by_place(spans: dict[str, list[int]], name: str, paths: list[Path]) -> dict[str, list[int]]:
    """The spans, those of list `name`'s items keyed by their place in the
    record's list ('referrals.1' is where its second referral is written),
    which leaves out empty items, and holds a single text as its one item."""
    kept = {key: at for key, at in spans.items() if not key.startswith(f"{name}.")}
    for place, path in enumerate(paths):
        at = spans.get(".".join(map(str, path)))
        if at is not None:
            kept[f"{name}.{place}"] = at
    return kept


def _company(r: FieldReader, record_id: str) -> Company | None:
    name = r.text("name", required=True)
    fields = {
        "website": r.text("website"),
        "industry": r.text("industry"),
        "location": r.text("location"),
        "tags": r.tags(),
        "private": r.boolean("private"),
        "dismissed": r.texts("dismissed"),
    }
    base = _base(r, record_id)
    if name is None:
        return None
    return Company(name=name, **base, **fields)  # type: ignore[arg-type]
