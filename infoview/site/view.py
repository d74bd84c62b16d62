"""What the site's pages read of the public journal: `SiteView`, the
records' lookups and everything derived from them that templates show."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from markupsafe import Markup

from ..ask import kept
from ..journal.config import Config
from ..journal.folding import fold
from ..journal.followups import FollowUp, FollowUpIndex
from ..journal.model import AnyRecord, Company, Contact, Interview, Journal, Kind, interview_status
from ..journal.notes import HIDDEN, Hidden, resolve_wikilinks
from . import depends, shown
from .depends import Graph, Node
from .public import Withheld, redact_text
from .search import shard_count, shard_path
from .urls import company_key, free_company_url, record_url, tag_anchor, url_of


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


def by_name(contact: Contact) -> str:
    return contact.name.casefold()


@dataclass
class SiteView(shown.NotesShown):
    """The public journal plus everything pages need to link and describe it."""

    journal: Journal
    config: Config
    today: dt.date
    followups: list[FollowUp]
    rendered: Mapping[str, str]  # path -> body HTML with wiki-link placeholders
    shas: Mapping[str, str] = field(default_factory=dict)  # path -> the file's sha256
    # path -> the file's fields digest: what it says besides its notes' text
    field_digests: Mapping[str, str] = field(default_factory=dict)
    # Where the records' notes as written are read (load.snapshot.Notes), if not from them:
    # a build reads records without their notes' text, and the text of a few of them.
    written: Any = None
    withheld: Withheld = field(default_factory=Withheld)  # private, or left out for errors
    # Keys for the list pages are made from what the built-in templates show;
    # with templates of the journal's own they are always rendered.
    list_keys: bool = True
    skipped: tuple[str, ...] = ()  # the first error's code of each file left out
    include_private: bool = False
    calendar: bool = True  # the site holds the calendar feed
    redact: bool = False
    # The reference graph of the previous build, when edits since can be
    # traced in it: the nodes of unchanged files are taken from it.
    graph_before: Graph | None = None
    private_names: Any = None  # privacy.PrivateNames: left out of the text pages show
    results: Any = None  # cache.Results: the question bank and what was learned, kept between builds
    # What the previous site's manifest says it was made from (build._outcome):
    # the keys of its question bank and of what was learned (kept.bank_key, learned_key).
    said_before: Mapping[str, Any] = field(default_factory=dict)
    _stage: dict[str, str] = field(default_factory=dict)
    _subjects: dict[str, frozenset[str]] = field(default_factory=dict)
    _briefs: dict[str, Any] = field(default_factory=dict)

    def prepare(self) -> None:
        """Compute every shared lookup now, before pages are rendered in parallel."""
        for contact in self.journal.contacts.values():
            self.stage(contact)
        _ = (self.companies, self.backlinks, self.tags, self.journal.referred_by_each, self._looked_up,
             self.interviews_newest_first,
             self.journal.interviews_by_contact, self.journal.company_by_key,
             self.journal.contact_by_name, self._reflections_shown)  # fmt: skip

    # --- naming and linking ----------------------------------------------

    def text(self, record: AnyRecord) -> str:
        """The record's notes as written, as the public journal has them (with
        --redact, without addresses and numbers)."""
        if self.written is None or not self.written.texts_apart:
            return record.body
        written = self.written.text_of(record)
        return redact_text(written) if self.redact else written

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

    def last_met(self, contact: Contact) -> dt.date | None:
        """The day of the last conversation held with them."""
        held = [i.date for i in self.journal.interviews_with(contact.id) if self.status(i) == "done"]
        return max(held) if held else None

    def next_step(self, contact: Contact) -> tuple[str, dt.date | None] | None:
        """What comes next with them: the first open follow-up about them, else
        the next planned conversation."""
        items = sorted(self._open_by_contact.get(contact.id, ()), key=lambda f: f.due or dt.date.max)
        if items:
            return items[0].text, items[0].due
        planned = [i for i in self.journal.interviews_with(contact.id)
                   if i.date >= self.today and self.status(i) in ("scheduled", "requested")]  # fmt: skip
        return (f"Conversation: {planned[0].topic or 'planned'}", planned[0].date) if planned else None

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
        return self.companies.get(company_key(self.journal.company_name(contact)))

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
    def contacts_by_name(self) -> list[Contact]:
        """The people in the order the site lists them."""
        return sorted(self.journal.contacts.values(), key=by_name)

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
                people[company_key(self.journal.company_name(contact))].append(contact)
        views = {}
        for company in self.journal.companies.values():
            key = company_key(company.name)
            views[key] = CompanyView(company.name, url_of(company), company,
                                     tuple(sorted(people.get(key, []), key=by_name)))  # fmt: skip
        for key, contacts in people.items():
            if key not in views:
                name = contacts[0].company or key
                views[key] = CompanyView(name, free_company_url(name), None,
                                         tuple(sorted(contacts, key=by_name)))  # fmt: skip
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

    def introduced(self, contact: Contact) -> list[tuple[str, str | None]]:
        """People this contact introduced you to, as (name, url)."""
        result: dict[str, tuple[str, str | None]] = {}
        for contact_id, written in self.journal.introduced(contact):
            name, url = (
                (self.name(contact_id), self.contact_url(contact_id)) if contact_id else (written, None)
            )
            result.setdefault(url or name, (name, url))
        return list(result.values())

    @cached_property
    def _looked_up(self) -> FollowUpIndex:
        """Made from the follow-ups alone: a process that builds again keeps them
        (with its results) for as long as the follow-ups are the very same list."""
        kept = self.results.held("follow-ups looked up", None) if self.results is not None else {}
        if kept.get("of") is not self.followups:
            kept.clear()
            kept["of"], kept["made"] = self.followups, FollowUpIndex.of(self.followups)
        made: FollowUpIndex = kept["made"]
        return made

    @property
    def _open_by_contact(self) -> dict[str, list[FollowUp]]:
        return self._looked_up.open_by_contact

    def followups_of(self, record: AnyRecord) -> list[FollowUp]:
        """Follow-ups that come from this record, done or not."""
        return self._looked_up.of_record(record)

    def open_followups_for(self, record: AnyRecord) -> list[FollowUp]:
        """Open follow-ups from this record or about its people, in follow-up order."""
        return self._looked_up.open_for(record)

    # --- preparing and reflecting (prep/, questions.html, learned.html) --------

    @cached_property
    def question_bank(self) -> kept.Bank:
        from ..ask.questions import bank

        made = lambda: kept.Bank.of(bank(self.journal, self.today))  # noqa: E731
        if self.results is None:
            return made()
        return self.results.result("question bank", self.bank_key, made, (kept.dump_bank, kept.load_bank))

    @cached_property
    def bank_key(self) -> str:
        """A digest of what the question bank is made of (kept.bank_key)."""
        held = self.results.held("bank key", self.today) if self.results is not None else None
        return kept.bank_key(self.journal, self.today, held)

    @cached_property
    def learned(self) -> kept.BySubject:
        from ..ask.questions import learned

        made = lambda: kept.BySubject.of(learned(self.journal))  # noqa: E731
        if self.results is None:
            return made()
        # (how many each subject has is kept apart: most builds need no more)
        whole = lambda: self.results.result("learned", self.learned_key, made,  # noqa: E731
                                            (kept.dump_learned, kept.load_learned))  # fmt: skip
        count = lambda: whole().counts  # noqa: E731
        counts = self.results.result("learned: how many by subject", self.learned_key, count,
                                     (kept.dump_counts, kept.load_counts))  # fmt: skip
        return kept.BySubject.counted(counts, whole)

    @cached_property
    def learned_key(self) -> str:
        """A digest of what the takeaways by subject are made of (kept.learned_key)."""
        held = self.results.held("learned key", None) if self.results is not None else None
        return kept.learned_key(self.journal, held)

    @cached_property
    def reflections(self) -> dict[str, list[Interview]]:
        """Each tag's (folded) interviews that have a written Reflection."""
        return shown.reflections_by_tag(self.interviews_newest_first)

    @cached_property
    def learned_pages(self) -> dict[str, tuple[str, str]]:
        """Folded subject -> (its name, its page) for every subject with
        takeaways, and every tag with reflections: learned/<subject>.html."""
        return shown.learned_pages(self.learned, self.reflections)

    def subjects_of(self, path: str) -> frozenset[str]:
        """The (folded) subjects whose pages the notes of the file at path can
        be on: an interview's takeaways and reflection are about its tags, its
        people's companies and industries (all fields); others are on none."""
        if path not in self._subjects:
            interview = self._interviews_by_path.get(path)
            self._subjects[path] = shown.subjects(self.journal, interview) if interview else frozenset()
        return self._subjects[path]

    @cached_property
    def _interviews_by_path(self) -> dict[str, Interview]:
        return {i.path: i for i in self.journal.interviews.values()}

    def learned_url(self, subject: str) -> str | None:
        found = self.learned_pages.get(fold(subject))
        return found[1] if found else None

    @cached_property
    def planned(self) -> dict[str, Interview]:
        """interview id -> each planned conversation from today on (scheduled,
        or asked for): each has a brief, made when its page first asks."""
        return {i.id: i for i in self.interviews_newest_first if i.date >= self.today
                and interview_status(i, self.today) in ("scheduled", "requested")}  # fmt: skip

    def brief(self, interview_id: str) -> Any:
        """The brief (prep.Brief) for a planned conversation."""
        from ..ask.prep import brief

        if interview_id not in self._briefs:
            interview = self.planned[interview_id]
            self._briefs[interview_id] = brief(self.journal, interview, self.today, self._open_by_contact,
                                               self.question_bank, self.text)  # fmt: skip
        return self._briefs[interview_id]

    def brief_drawn_from(self, interview_id: str) -> frozenset[str]:
        """The files whose notes a planned conversation's brief shows (besides the
        question bank's): the person's own (their tasks are what is open), their
        conversations' (this one's questions, the past ones' takeaways, questions
        and offers, their tasks) and their company's."""
        contact = self.journal.contacts.get(self.planned[interview_id].contacts[0])
        if contact is None:
            return frozenset()
        company = self.company_of(contact)
        files = [contact.path, *(i.path for i in self.journal.interviews_with(contact.id))]
        return frozenset([*files, company.record.path] if company and company.record else files)

    def changed(self, what: str) -> bool:
        """Is the question bank ("bank"), or what was learned ("learned"), other than the previous site's?"""
        return (self.bank_key if what == "bank" else self.learned_key) != self.said_before.get(what)

    def prep_url(self, interview: Interview) -> str | None:
        """The page of the brief for a planned conversation, from the site's root."""
        return f"prep/{interview.id}.html" if interview.id in self.planned else None
