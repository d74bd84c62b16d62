"""Every page of the site as (path, template, context), from the public journal.

Nothing here renders or writes: `build` does. Contexts hold records and
small view objects; templates reach everything through them and the
helpers in `SiteView`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import itertools
from collections import defaultdict
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import cached_property, partial
from typing import Any

from markupsafe import Markup

from ..ask.reports import stats
from ..journal.config import Config
from ..journal.followups import GROUPS, FollowUp
from ..journal.model import AnyRecord, Company, Contact, Interview, Journal, Kind, fold, interview_status
from ..journal.notes import HIDDEN, Hidden, resolve_wikilinks, wikilink_targets
from . import charts, depends, network
from .depends import Graph, Node
from .public import Withheld
from .search import entry, plain_text, shard_count, shard_path
from .urls import company_key, free_company_url, record_url, tag_anchor, url_of


@dataclass
class Page:
    path: str  # relative to the output folder
    template: str
    # What the template is given; a list page's is made only when first asked
    # for (when it is rendered, or its key made), since most builds keep it.
    contents: dict[str, Any] | Callable[[], dict[str, Any]]
    # Makes the page's key from its context: everything it shows, condensed.
    # An unchanged key means an unchanged page, which need not be rendered
    # again. None: a page that is always rendered.
    keyer: Callable[[dict[str, Any]], str] | None = None
    record: bool = False  # a record's own page (not a list)
    _key: str | None = field(default=None, repr=False)

    @property
    def root(self) -> str:
        return "../" * self.path.count("/")

    @property
    def context(self) -> dict[str, Any]:
        if callable(self.contents):
            self.contents = self.contents()
        return self.contents

    def key(self) -> str:
        """The key ("" for pages without one), computed once, when first asked."""
        if self._key is None:
            self._key = self.keyer(self.context) if self.keyer else ""
        return self._key

    def adopt(self, key: str) -> None:
        """Take the key the page had, when it is known not to have changed."""
        self._key = key


@dataclass(frozen=True)
class CompanyView:
    name: str
    url: str
    record: Company | None
    contacts: tuple[Contact, ...]

    def interviews(self, journal: Journal) -> list[Interview]:
        """Conversations with anyone there, newest first, each once."""
        found = {i.id: i for c in self.contacts for i in journal.interviews_with(c.id)}
        return sorted(found.values(), key=lambda i: i.when.sort_key, reverse=True)


@dataclass
class SiteView:
    """The public journal plus everything pages need to link and describe it."""

    journal: Journal
    config: Config
    today: dt.date
    followups: list[FollowUp]
    rendered: Mapping[str, str]  # path -> body HTML with wiki-link placeholders
    shas: Mapping[str, str] = field(default_factory=dict)  # path -> the file's sha256
    # path -> the file's outline digest: what it says besides its notes' text
    outlines: Mapping[str, str] = field(default_factory=dict)
    withheld: Withheld = field(default_factory=Withheld)  # private, or left out for errors
    # Keys for the list pages are made from what the built-in templates show;
    # with templates of the journal's own they are always rendered.
    list_keys: bool = True
    skipped: tuple[str, ...] = ()  # the first error's code of each file left out
    include_private: bool = False
    redact: bool = False
    # The reference graph of the previous build, when edits since can be
    # traced in it: the nodes of unchanged files are taken from it.
    graph_before: Graph | None = None
    _stage: dict[str, str] = field(default_factory=dict)

    def prepare(self) -> None:
        """Compute every shared lookup now, before pages are rendered in parallel."""
        for contact in self.journal.contacts.values():
            self.stage(contact)
        _ = (self.companies, self.backlinks, self.tags, self._referred, self._order,
             self._followups_by_record, self._open_by_contact, self.interviews_newest_first,
             self.journal.interviews_by_contact, self.journal.company_by_key,
             self.journal.contact_by_name)  # fmt: skip

    # --- naming and linking ----------------------------------------------

    def name(self, contact_id: str) -> str:
        return self.journal.display_name(contact_id)

    def contact_url(self, contact_id: str) -> str | None:
        return record_url(Kind.CONTACT, contact_id) if contact_id in self.journal.contacts else None

    def url(self, record: AnyRecord) -> str:
        return url_of(record)

    def status(self, interview: Interview) -> str:
        return interview_status(interview, self.today)

    def stage(self, contact: Contact) -> str:
        if contact.id not in self._stage:
            self._stage[contact.id] = self.journal.stage(contact, self.today)
        return self._stage[contact.id]

    def group(self, item: FollowUp) -> str:
        return item.group(self.today)

    def source_url(self, item: FollowUp) -> str | None:
        record: AnyRecord | None
        if item.kind is Kind.CONTACT:
            record = self.journal.contacts.get(item.record_id)
        elif item.kind is Kind.INTERVIEW:
            record = self.journal.interviews.get(item.record_id)
        else:
            record = self.journal.companies.get(item.record_id)
        return url_of(record) if record else None

    def source_title(self, item: FollowUp) -> str:
        if item.kind is Kind.INTERVIEW and item.record_id in self.journal.interviews:
            interview = self.journal.interviews[item.record_id]
            return f"{interview.date} · {', '.join(self.name(c) for c in interview.contacts)}"
        if item.kind is Kind.CONTACT:
            return self.name(item.record_id)
        company = self.journal.companies.get(item.record_id)
        return company.name if company else item.record_id

    def company_of(self, contact: Contact) -> CompanyView | None:
        if not contact.company:
            return None
        return self.companies.get(company_key(self._company_name(contact)))

    def _company_name(self, contact: Contact) -> str:
        company = self.journal.company_of(contact)
        return company.name if company else contact.company or ""

    def referral(self, ref: str) -> tuple[str, str | None]:
        """(display name, url or None) of a referral as written."""
        contact_id = self.journal.resolve_contact(ref)
        if contact_id:
            return self.name(contact_id), self.contact_url(contact_id)
        return ref, None

    def body(self, record: AnyRecord) -> Markup:
        """The record's rendered notes, wiki-links resolved relative to its page."""
        body_html = self.rendered.get(record.path, "")
        return Markup(resolve_wikilinks(body_html, self._resolve))

    def link_target(self, target: str) -> AnyRecord | None:
        """The record a wiki-link names: a contact (by id or name), an interview, a company."""
        if self.withheld.hides(target):
            return None
        contact_id = self.journal.resolve_contact(target)
        if contact_id:
            return self.journal.contacts[contact_id]
        if target in self.journal.interviews:
            return self.journal.interviews[target]
        return self.journal.company_by_key.get(fold(target))

    def _resolve(self, target: str) -> tuple[str, str] | Hidden | None:
        """(href from a record page, title) for a wiki-link target; HIDDEN for a
        withheld record (not even the link's text is shown)."""
        record = self.link_target(target)
        if record is None:
            return HIDDEN if self.withheld.hides(target) else None
        if isinstance(record, Interview):
            title = f"{record.date} · {', '.join(self.name(c) for c in record.contacts)}"
        else:
            title = record.name
        return "../" + url_of(record), title

    # --- collections -----------------------------------------------------

    @cached_property
    def interviews_newest_first(self) -> list[Interview]:
        return sorted(self.journal.interviews.values(), key=lambda i: i.when.sort_key, reverse=True)

    @cached_property
    def search_urls(self) -> list[str]:
        """The pages the search index covers: every record's."""
        journal = self.journal
        return [*map(url_of, journal.contacts.values()), *map(url_of, journal.interviews.values()),
                *(company.url for company in self.companies.values())]  # fmt: skip

    @property
    def search_shards(self) -> list[str]:
        """The search index's files, in order."""
        return [shard_path(n) for n in range(shard_count(len(self.search_urls)))]

    @cached_property
    def companies(self) -> dict[str, CompanyView]:
        """Every company named anywhere: files, and free text in contacts."""
        people: dict[str, list[Contact]] = defaultdict(list)
        for contact in self.journal.contacts.values():
            if contact.company:
                people[company_key(self._company_name(contact))].append(contact)
        views = {}
        for company in self.journal.companies.values():
            key = company_key(company.name)
            views[key] = CompanyView(company.name, url_of(company), company,
                                     tuple(sorted(people.get(key, []), key=_by_name)))  # fmt: skip
        for key, contacts in people.items():
            if key not in views:
                name = contacts[0].company or key
                views[key] = CompanyView(name, free_company_url(name), None,
                                         tuple(sorted(contacts, key=_by_name)))  # fmt: skip
        return dict(sorted(views.items(), key=lambda kv: kv[1].name.casefold()))

    @cached_property
    def graph(self) -> dict[str, Node]:
        """Every public record's references, wiki-links among them (see depends.py)."""
        return depends.graph(self, self.graph_before)

    @cached_property
    def backlinks(self) -> dict[str, list[AnyRecord]]:
        """Records whose notes wiki-link to a record, by the target's path."""
        found: dict[str, list[AnyRecord]] = defaultdict(list)
        graph = self.graph
        for record in self.journal.records():
            for target in graph[record.path].wiki:
                found[target].append(record)
        return found

    @cached_property
    def tags(self) -> dict[str, list[AnyRecord]]:
        found: dict[str, list[AnyRecord]] = defaultdict(list)
        for record in self.journal.records():
            for tag in record.tags:
                found[tag.casefold()].append(record)
        return dict(sorted(found.items()))

    def tag_anchor(self, tag: str) -> str:
        return tag_anchor(tag.casefold())

    @cached_property
    def _referred(self) -> dict[str, list[Contact]]:
        found: dict[str, list[Contact]] = defaultdict(list)
        for other in sorted(self.journal.contacts.values(), key=_by_name):
            if other.referred_by:
                found[other.referred_by].append(other)
        return found

    def introduced(self, contact: Contact) -> list[tuple[str, str | None]]:
        """People this contact introduced you to, as (name, url)."""
        result: dict[str, tuple[str, str | None]] = {}
        for other in self._referred.get(contact.id, ()):
            url = self.contact_url(other.id)
            result[url or other.name] = (other.name, url)
        for interview in self.journal.interviews_with(contact.id):
            for ref in interview.referrals:
                name, url = self.referral(ref)
                result.setdefault(url or name, (name, url))
        return list(result.values())

    @cached_property
    def _followups_by_record(self) -> dict[tuple[str, str], list[FollowUp]]:
        found: dict[tuple[str, str], list[FollowUp]] = defaultdict(list)
        for item in self.followups:
            found[(str(item.kind), item.record_id)].append(item)
        return found

    @cached_property
    def _open_by_contact(self) -> dict[str, list[FollowUp]]:
        found: dict[str, list[FollowUp]] = defaultdict(list)
        for item in self.followups:
            if not item.done:
                for contact_id in item.contacts:
                    found[contact_id].append(item)
        return found

    def followups_of(self, record: AnyRecord) -> list[FollowUp]:
        """Follow-ups that come from this record, done or not."""
        return self._followups_by_record.get((str(record.kind), record.id), [])

    def open_followups_for(self, record: AnyRecord) -> list[FollowUp]:
        """Open follow-ups from this record or about its people, in follow-up order."""
        found = {id(f): f for f in self.followups_of(record) if not f.done}
        if record.kind is not Kind.COMPANY:
            people = record.contacts if isinstance(record, Interview) else (record.id,)
            for contact_id in people:
                found.update((id(f), f) for f in self._open_by_contact.get(contact_id, ()))
        order = self._order
        return sorted(found.values(), key=lambda f: order[id(f)])

    @cached_property
    def _order(self) -> dict[int, int]:
        return {id(f): n for n, f in enumerate(self.followups)}


def _by_name(contact: Contact) -> str:
    return contact.name.casefold()


def pages(view: SiteView) -> Iterator[Page]:
    """Every HTML page of the site."""
    lists = view.list_keys

    def listing(path: str, make: Callable[[], dict[str, Any]], keyer: Callable[..., str]) -> Page:
        return Page(path, path, make, partial(keyer, view) if lists else None)

    yield Page("index.html", "dashboard.html", partial(dashboard, view),
               partial(dashboard_key, view) if lists else None)  # fmt: skip
    yield listing("timeline.html", lambda: {"months": _months(view)}, timeline_key)
    yield listing("followups.html", lambda: {"groups": _groups(view, view.followups)}, followups_key)
    contacts = sorted(view.journal.contacts.values(), key=_by_name)
    yield listing("contacts.html", lambda: {"contacts": contacts}, contacts_key)
    for contact in contacts:
        yield Page(url_of(contact), "contact.html", {"contact": contact},
                   partial(contact_key, view), record=True)  # fmt: skip
    for interview in view.interviews_newest_first:
        yield Page(url_of(interview), "interview.html", {"interview": interview},
                   partial(interview_key, view), record=True)  # fmt: skip
    yield listing("companies.html", lambda: {"companies": list(view.companies.values())}, companies_key)
    for company in view.companies.values():
        yield Page(company.url, "company.html", {"company": company},
                   partial(company_page_key, view), record=True)  # fmt: skip
    yield listing("tags.html", lambda: {"tags": view.tags}, tags_key)
    yield listing("network.html", partial(_network, view), network_key)
    yield listing("search.html", lambda: {"shards": view.search_shards}, search_key)


def dashboard(view: SiteView) -> dict[str, Any]:
    """The dashboard's context: figures, what is urgent, what is next, charts."""
    figures = stats(view.journal, view.today)
    upcoming = [
        i for i in sorted(view.journal.interviews.values(), key=lambda i: i.when.sort_key)
        if i.date >= view.today and view.status(i) in ("scheduled", "requested")
    ]  # fmt: skip
    recent = [i for i in view.interviews_newest_first if i.date < view.today][:8]
    groups = _groups(view, [f for f in view.followups if not f.done])
    funnel = [(label, n, None) for label, n in figures.funnel]
    sources = [(src, contacts, met) for src, contacts, _asked, met in figures.by_source]
    return {
        "figures": figures,
        "open_count": sum(len(items) for g, items in groups if g != "done"),
        "urgent": [(g, items[:12]) for g, items in groups if g in ("overdue", "today", "this week")],
        "upcoming": upcoming[:10],
        "recent": recent,
        "chart_months": charts.monthly(figures.per_month),
        "chart_funnel": charts.horizontal(funnel, "Outreach funnel"),
        "chart_sources": charts.horizontal(sources, "Contacts and conversations by source"),
        "skipped": view.skipped,
        "withheld": bool(view.withheld.ids),
    }


def _network(view: SiteView) -> dict[str, Any]:
    stages = {c.id: view.stage(c) for c in view.journal.contacts.values()}
    return {"graph": network.graph(view.journal, stages), "edges": network.edges(view.journal)}


def _months(view: SiteView) -> list[tuple[str, list[Interview]]]:
    months: dict[str, list[Interview]] = {}
    for interview in view.interviews_newest_first:
        months.setdefault(interview.date.strftime("%B %Y"), []).append(interview)
    return list(months.items())


def _groups(view: SiteView, items: list[FollowUp]) -> list[tuple[str, list[FollowUp]]]:
    groups: dict[str, list[FollowUp]] = {g: [] for g in GROUPS}
    for item in items:
        groups[view.group(item)].append(item)
    return [(g, members) for g, members in groups.items() if members]


def search_entries(
    view: SiteView, wanted: Callable[[str], bool] = lambda url: True, known: Mapping[str, dict] | None = None
) -> list[dict]:
    """One entry per record page whose URL is wanted, in the site's order; an
    entry known (for a page that kept its key) is taken as it is."""
    known = known or {}
    contacts = sorted(view.journal.contacts.values(), key=_by_name)
    pages: Iterator[tuple[str, Callable[[SiteView, Any], dict], Any]] = itertools.chain(
        ((url_of(c), _contact_entry, c) for c in contacts),
        ((url_of(i), _interview_entry, i) for i in view.interviews_newest_first),
        ((co.url, _company_entry, co) for co in view.companies.values()),
    )
    return [known[url] if url in known else make(view, item) for url, make, item in pages if wanted(url)]


def _contact_entry(view: SiteView, c: Contact) -> dict:
    company = view.company_of(c)  # its name, where `company` gives a company file's id
    detail = " · ".join(x for x in (c.title, company.name if company else None, view.stage(c)) if x)
    return entry("contact", c.name, url_of(c), detail, plain_text(view.body(c)), c.tags)


def _interview_entry(view: SiteView, i: Interview) -> dict:
    title = f"{i.when.date} · {', '.join(view.name(c) for c in i.contacts)}"
    detail = " · ".join(x for x in (i.topic, view.status(i), i.mode) if x)
    return entry("interview", title, url_of(i), detail, plain_text(view.body(i)), i.tags)


def _company_entry(view: SiteView, company: CompanyView) -> dict:
    record = company.record
    text = plain_text(view.body(record)) if record else ""
    detail = " · ".join(x for x in ((record.industry if record else None),
                                    f"{len(company.contacts)} contacts") if x)  # fmt: skip
    return entry("company", company.name, company.url, detail, text, record.tags if record else ())


# --- page keys ------------------------------------------------------------
#
# A key lists what a record page shows that can change: its own file (by
# hash), the outlines of the records it names (a page shows no other
# record's notes: only their names, dates, statuses, ...), the wiki-links
# in its notes and to it, and what is derived for today (stage, status,
# follow-ups). Settings, templates and "today" are covered by the build's
# own fingerprint, which must match for keys to be trusted. So an edit of
# one record's notes changes the keys of its own page and of the pages its
# wiki-links reach, before or after, and of no other (depends.affected).


def _digest(parts: list[Any]) -> str:
    return hashlib.sha1(repr(parts).encode("utf-8")).hexdigest()


def _own(view: SiteView, record: AnyRecord | None) -> tuple[str, str] | None:
    """The page's own record: all of its file, notes included."""
    return (record.path, view.shas.get(record.path, "")) if record else None


def _fp(view: SiteView, record: AnyRecord | None) -> tuple[str, str] | None:
    """A record the page names: what its file says besides its notes."""
    return (record.path, view.outlines.get(record.path, "")) if record else None


def _followup_parts(view: SiteView, items: list[FollowUp]) -> list[Any]:
    return [(f.text, f.due, f.done, f.origin, f.record_id, view.source_title(f)) for f in items]


def _body_parts(view: SiteView, record: AnyRecord) -> list[Any]:
    links = [view._resolve(t) for t in wikilink_targets(record.body)] if "[[" in record.body else []
    back = [_fp(view, r) for r in view.backlinks.get(record.path, ())]
    return [links, back]


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
    people = [(_fp(view, c), view.stage(c), [_fp(view, i) for i in view.journal.interviews_with(c.id)])
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
        return (url_of(c), c.name, view.stage(c), c.title, where, c.source, count)

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

    return _digest(["tags", [(tag, view.tag_anchor(tag), [label(r) for r in records])
                             for tag, records in context["tags"].items()]])  # fmt: skip


def dashboard_key(view: SiteView, context: dict[str, Any]) -> str:
    return _digest([
        "dashboard", repr(context["figures"]), context["open_count"],
        [(g, [_followup_row(view, f) for f in items]) for g, items in context["urgent"]],
        [_interview_row(view, i) for i in (*context["upcoming"], *context["recent"])],
        str(context["chart_months"]), str(context["chart_funnel"]), str(context["chart_sources"]),
        context["skipped"], context["withheld"],
    ])  # fmt: skip


def network_key(view: SiteView, context: dict[str, Any]) -> str:
    named = [(view.name(a), view.contact_url(a), view.name(b), view.contact_url(b))
             for a, b in context["edges"]]  # fmt: skip
    return _digest(["network", str(context["graph"]), named])


def search_key(view: SiteView, context: dict[str, Any]) -> str:
    return _digest(["search", context["shards"]])
