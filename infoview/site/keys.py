"""Page keys: a digest of everything a page shows, so that a page whose key
the previous site holds need not be rendered again."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from typing import Any

from ..journal.followups import FollowUp
from ..journal.model import AnyRecord, Contact, Interview
from ..journal.notes import wikilink_targets
from . import shown
from .urls import url_of
from .view import CompanyView, SiteView


def _digest(parts: list[Any]) -> str:
    return hashlib.sha1(repr(parts).encode("utf-8")).hexdigest()


def _own(view: SiteView, record: AnyRecord | None) -> tuple[str, str] | None:
    """The page's own record: all of its file, notes included."""
    return (record.path, view.shas.get(record.path, "")) if record else None


def _fp(view: SiteView, record: AnyRecord | None) -> tuple[str, str] | None:
    """A record the page names: what its file says besides its notes."""
    return (record.path, view.field_digests.get(record.path, "")) if record else None


def _followup_parts(view: SiteView, items: list[FollowUp]) -> list[Any]:
    return [(f.text, f.due, f.done, f.origin, f.record_id, view.source_title(f)) for f in items]


def _body_parts(view: SiteView, record: AnyRecord) -> list[Any]:
    written = view.text(record)
    links = [view._resolve(t) for t in wikilink_targets(written)] if "[[" in written else []
    back = [_fp(view, r) for r in view.backlinks.get(record.path, ())]
    return [links, back]


def _resolved(view: SiteView, texts: Iterable[str]) -> list[Any]:
    """Where the wiki-links written in texts lead: resolved as pages are made,
    so a page that shows them changes when a record they name is renamed,
    added or removed, though the texts do not."""
    return [(t, view._resolve(t)) for text in texts if "[[" in text for t in wikilink_targets(text)]


def _strings(value: Any) -> Iterator[str]:
    """Every text in a value made of tuples, lists and dicts (a brief, as_dict)."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _strings(item)


def contact_key(view: SiteView, context: dict[str, Any]) -> str:
    c: Contact = context["contact"]
    company = view.company_of(c)
    return _digest([
        "contact", _own(view, c), view.stage(c),
        (company.name, company.url, _fp(view, company.record)) if company else None,
        _fp(view, view.journal.contacts.get(c.referred_by or "")), view.introduced(c),
        [(_fp(view, i), view.status(i)) for i in view.journal.interviews_with(c.id)],
        _followup_parts(view, view.open_followups_for(c)), _body_parts(view, c),
    ])  # fmt: skip


def interview_key(view: SiteView, context: dict[str, Any]) -> str:
    i: Interview = context["interview"]
    return _digest([
        "interview", _own(view, i), view.status(i),
        [_fp(view, view.journal.contacts.get(c)) for c in i.contacts],
        [view.referral(r) for r in i.referrals],
        _followup_parts(view, view.followups_of(i)), _followup_parts(view, view.open_followups_for(i)),
        _body_parts(view, i),
    ])  # fmt: skip


def company_page_key(view: SiteView, context: dict[str, Any]) -> str:
    co: CompanyView = context["company"]
    # each person, and their conversations as the page lists them (with whoever else was there)
    people = [(_fp(view, c), view.stage(c), [(_fp(view, i), _interview_row(view, i))
                                             for i in view.journal.interviews_with(c.id)])
              for c in co.contacts]  # fmt: skip
    parts = ["company", co.name, co.url, _own(view, co.record), people]
    if co.record:
        parts.append(_body_parts(view, co.record))
    return _digest(parts)


# What the list pages show, row by row (the built-in templates' fields).


def _interview_row(view: SiteView, i: Interview) -> tuple[Any, ...]:
    people = tuple((view.name(c), view.contact_url(c)) for c in i.contacts)
    return (url_of(i), i.date, i.topic, view.status(i), i.mode, people)


def _followup_row(view: SiteView, f: FollowUp) -> tuple[Any, ...]:
    return (view.group(f), f.due, f.text, f.done, f.origin, view.source_url(f), view.source_title(f))


def timeline_key(view: SiteView, context: dict[str, Any]) -> str:
    months: list[tuple[str, list[Interview]]] = context["months"]
    return _digest(["timeline", [(m, [_interview_row(view, i) for i in items]) for m, items in months]])


def followups_key(view: SiteView, context: dict[str, Any]) -> str:
    groups: list[tuple[str, list[FollowUp]]] = context["groups"]
    return _digest(["followups", [(g, [_followup_row(view, f) for f in items]) for g, items in groups]])


def contacts_key(view: SiteView, context: dict[str, Any]) -> str:
    def row(c: Contact) -> tuple[Any, ...]:
        company = view.company_of(c)
        where = (company.name, company.url) if company else None
        count = len(view.journal.interviews_with(c.id))
        return (url_of(c), c.name, view.stage(c), c.title, where, c.source, count, view.last_met(c),
                view.next_step(c))  # fmt: skip

    return _digest(["contacts", [row(c) for c in context["contacts"]]])


def companies_key(view: SiteView, context: dict[str, Any]) -> str:
    def row(co: CompanyView) -> tuple[Any, ...]:
        record = co.record
        details = (record.industry, record.location) if record else None
        return (co.name, co.url, details, len(co.contacts))

    return _digest(["companies", [row(co) for co in context["companies"]]])


def tags_key(view: SiteView, context: dict[str, Any]) -> str:
    def label(r: AnyRecord) -> tuple[Any, ...]:
        shown = (r.date, r.topic) if isinstance(r, Interview) else r.name
        return (str(r.kind), url_of(r), shown)

    return _digest(["tags", [(tag, view.tag_anchor(tag), view.learned_url(tag), [label(r) for r in records])
                             for tag, records in context["tags"].items()]])  # fmt: skip


# --- pages made of notes' text (they are compared even when only notes changed)


def questions_key(view: SiteView, context: dict[str, Any]) -> str:
    """The bank (each question, where and when it was asked, of whom: what
    view.bank_key digests) and everyone's name (tens of thousands of
    questions are slow to digest one by one)."""
    links = _resolved(view, context["questions"].texts)
    return _digest(["questions", view.bank_key, [view.name(c) for c in view.journal.contacts], links])


def learned_key(view: SiteView, context: dict[str, Any]) -> str:
    """The subjects, and which conversations' reflections each has, in order:
    the pages of a subject are kept or made again as this one is (see pages._learned)."""
    return _digest(["learned", context["subjects"], shown.in_order(view.reflections)])


def learned_about_key(view: SiteView, context: dict[str, Any]) -> str:
    def where(interview: Interview) -> tuple[Any, ...]:
        return (url_of(interview), interview.date, interview.topic)

    interviews = view.journal.interviews
    learned = [(e.text, where(interviews[e.interview])) for e in context["entries"]]
    # (each reflection by its digest: a tag's page shows hundreds, and repr() of them all is slow)
    thoughts = [
        (where(i), hashlib.sha1(text.encode("utf-8")).hexdigest()) for i, text in context["reflections"]
    ]
    texts = [*(e.text for e in context["entries"]), *(text for _i, text in context["reflections"])]
    pages = (context["page"], context["pages"], context["first"], context["reflected"])
    return _digest(["learned about", context["subject"], pages, learned, thoughts, _resolved(view, texts)])


def prep_key(view: SiteView, context: dict[str, Any]) -> str:
    interview = context["interview"]
    contact = view.journal.contacts[context["brief"].contact]
    company = view.company_of(contact)
    notes = str(view.body(company.record)) if company and company.record else ""
    shown = (url_of(interview), interview.date, view.contact_url(contact.id), notes)
    links = _resolved(view, _strings(context["brief"].to_json()))
    return _digest(["prep", repr(context["brief"]), shown, links])


def dashboard_key(view: SiteView, context: dict[str, Any]) -> str:
    return _digest([
        "dashboard", repr(context["figures"]), context["open_count"],
        [(g, [_followup_row(view, f) for f in items]) for g, items in context["urgent"]],
        [_interview_row(view, i) for i in (*context["upcoming"], *context["recent"])],
        str(context["chart_months"]), str(context["chart_funnel"]), str(context["chart_sources"]),
        context["skipped"], context["withheld"],
        [(lead.who, lead.why, lead.waiting, lead.contact) for lead in context["leads"]],
    ])  # fmt: skip


def network_key(view: SiteView, context: dict[str, Any]) -> str:
    named = [(view.name(a), view.contact_url(a), view.name(b), view.contact_url(b))
             for a, b in context["edges"]]  # fmt: skip
    return _digest(["network", str(context["graph"]), named])


def search_key(view: SiteView, context: dict[str, Any]) -> str:
    return _digest(["search", context["shards"]])
