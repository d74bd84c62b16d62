"""The tables `query` searches and `sql` shows as views: for each, its
fields as SQL expressions over the index, with their types and choices.
Stage and status, which depend on today, are SQL here and Python in the
model; a test checks that they agree."""

from __future__ import annotations

from dataclasses import dataclass

from ..journal.followups import GROUPS, ORIGINS
from ..journal.model import CONTACT_STATUSES, INTERVIEW_STATUSES, MODES, SOURCES, STAGES


@dataclass(frozen=True, slots=True)
class Field:
    sql: str
    type: str  # text, id, enum, date, number, bool, tags, list
    choices: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Table:
    source: str  # FROM clause
    fields: dict[str, Field]
    default_fields: tuple[str, ...]
    default_sort: str
    date_field: str | None
    text_search: str  # SQL condition for a bare word, with :p for the parameter


_EFFECTIVE_STATUS = "COALESCE({t}.status, CASE WHEN {t}.date < :today THEN 'done' ELSE 'scheduled' END)"
_IV_STATUS = _EFFECTIVE_STATUS.format(t="iv")
_PEOPLE = (
    "(SELECT group_concat(COALESCE(c.name, ic.contact_id), ', ') FROM interview_contacts ic "
    "LEFT JOIN contacts c ON c.id = ic.contact_id WHERE ic.path = i.path ORDER BY ic.position)"
)
_TAGS = "(SELECT group_concat(tag, ', ') FROM tags t WHERE t.path = {t}.path)"
# Private as written, or with a private person (Journal.is_private): a person's
# record is the first file of their id, as in a Journal.
_IV_PRIVATE = (
    "(i.private OR EXISTS (SELECT 1 FROM interview_contacts ic JOIN contact_rows c ON c.id = ic.contact_id "
    "WHERE ic.path = i.path AND c.private AND c.path = (SELECT min(path) FROM contact_rows WHERE id = c.id)))"
)
_FTS = "{t}.path IN (SELECT f.path FROM search JOIN files f ON f.rowid = search.rowid WHERE search MATCH :p)"
_DONE_WITH = (
    "SELECT iv.date FROM interview_contacts ic JOIN interviews iv ON iv.path = ic.path "
    f"WHERE ic.contact_id = c.id AND {_IV_STATUS} = 'done'"
)
_STAGE = (
    "CASE WHEN c.status IS NOT NULL THEN c.status "
    f"WHEN EXISTS ({_DONE_WITH}) THEN 'met' "
    "WHEN EXISTS (SELECT 1 FROM interview_contacts ic JOIN interviews iv ON iv.path = ic.path "
    f"WHERE ic.contact_id = c.id AND {_IV_STATUS} = 'scheduled') THEN 'scheduled' "
    "WHEN EXISTS (SELECT 1 FROM interview_contacts ic WHERE ic.contact_id = c.id) THEN 'asked' "
    "ELSE 'prospect' END"
)

TABLES: dict[str, Table] = {
    "interviews": Table(
        "interviews i",
        {
            "id": Field("i.id", "id"),
            "path": Field("i.path", "text"),
            "date": Field("i.date", "date"),
            "time": Field("i.time", "text"),
            "status": Field(_EFFECTIVE_STATUS.format(t="i"), "enum", INTERVIEW_STATUSES),
            "mode": Field("i.mode", "enum", MODES),
            "duration": Field("i.duration", "number"),
            "location": Field("i.location", "text"),
            "topic": Field("i.topic", "text"),
            "thanked": Field("i.thanked", "date"),
            "private": Field(_IV_PRIVATE, "bool"),
            "contact": Field(_PEOPLE, "people"),
            "tags": Field(_TAGS.format(t="i"), "tags"),
            "referrals": Field(
                "(SELECT group_concat(name, ', ') FROM referrals r WHERE r.path = i.path)", "list"
            ),
            "company": Field(
                "(SELECT group_concat(c.company, ', ') FROM interview_contacts ic "
                "JOIN contacts c ON c.id = ic.contact_id WHERE ic.path = i.path)",
                "text",
            ),
        },
        ("date", "id", "contact", "status", "mode", "topic"),
        "-date",
        "date",
        _FTS.format(t="i"),
    ),
    "contacts": Table(
        "contacts c",
        {
            "id": Field("c.id", "id"),
            "path": Field("c.path", "text"),
            "name": Field("c.name", "text"),
            "pronouns": Field("c.pronouns", "text"),
            "title": Field("c.title", "text"),
            "company": Field("c.company", "text"),
            "industry": Field("c.industry", "text"),
            "location": Field("c.location", "text"),
            "email": Field("c.email", "text"),
            "phone": Field("c.phone", "text"),
            "source": Field("c.source", "enum", SOURCES),
            "referred_by": Field("c.referred_by", "id"),
            "status": Field("c.status", "enum", CONTACT_STATUSES),
            "stage": Field(_STAGE, "enum", STAGES + CONTACT_STATUSES),
            "keep_in_touch": Field("c.keep_in_touch", "text"),
            "created": Field("c.created", "date"),
            "private": Field("c.private", "bool"),
            "tags": Field(_TAGS.format(t="c"), "tags"),
            "interviews": Field(
                "(SELECT count(*) FROM interview_contacts ic WHERE ic.contact_id = c.id)", "number"
            ),
            "last_met": Field(f"(SELECT max(iv.date) FROM ({_DONE_WITH}) iv)", "date"),
        },
        ("id", "name", "stage", "title", "company", "source"),
        "name",
        "created",
        _FTS.format(t="c"),
    ),
    "companies": Table(
        "companies co",
        {
            "id": Field("co.id", "id"),
            "path": Field("co.path", "text"),
            "name": Field("co.name", "text"),
            "website": Field("co.website", "text"),
            "industry": Field("co.industry", "text"),
            "location": Field("co.location", "text"),
            "private": Field("co.private", "bool"),
            "tags": Field(_TAGS.format(t="co"), "tags"),
            "contacts": Field(
                "(SELECT count(*) FROM contacts c WHERE lower(c.company) IN (lower(co.id), lower(co.name)))",
                "number",
            ),
        },
        ("id", "name", "industry", "location", "contacts"),
        "name",
        None,
        _FTS.format(t="co"),
    ),
    "followups": Table(
        "followups f",
        {
            "text": Field("f.text", "text"),
            "due": Field("f.due", "date"),
            "group": Field("f.grp", "enum", GROUPS),
            "done": Field("f.done", "bool"),
            "done_on": Field("f.done_on", "date"),
            "origin": Field("f.origin", "enum", ORIGINS),
            "record": Field("f.record_id", "id"),
            "kind": Field("f.kind", "enum", ("contact", "interview", "company")),
            "contact": Field("f.contacts", "text"),
            "source": Field("f.source", "text"),
            "private": Field("f.private", "bool"),
            "ref": Field("f.ref", "id"),
        },
        ("ref", "group", "due", "text", "source"),
        "group",
        "due",
        "lower(f.text) LIKE :p ESCAPE '\\'",
    ),
}

# What the command line takes for each kind of table.
KIND_ALIASES = {
    "contacts": "contacts", "contact": "contacts", "people": "contacts",
    "interviews": "interviews", "interview": "interviews",
    "companies": "companies", "company": "companies",
    "followups": "followups", "followup": "followups", "follow-ups": "followups",
}  # fmt: skip
