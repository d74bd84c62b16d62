"""Every page of the site as (path, template, context), from the public journal.

Nothing here renders or writes: `build` does. Contexts hold records and
small view objects; templates reach everything through them and the
helpers in `SiteView`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from ..ask.next import leads
from ..ask.reports import Counted, stats
from ..journal.diagnostics import plural
from ..journal.folding import fold
from ..journal.followups import GROUPS, FollowUp
from ..journal.model import Contact, Interview
from . import charts, network
from .keys import (
    companies_key,
    company_page_key,
    contact_key,
    contacts_key,
    dashboard_key,
    followups_key,
    interview_key,
    learned_about_key,
    learned_key,
    network_key,
    prep_key,
    questions_key,
    search_key,
    tags_key,
    timeline_key,
)
from .search import Text, entry, plain_text
from .urls import REFLECTIONS_PER_PAGE, learned_page_urls, url_of
from .view import CompanyView, SiteView


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
    notes: bool = False  # a list made of notes' text: its key is compared even when only notes changed
    # For such a list, whether the notes of a file (its path) can be on it; None: any file's may.
    # (With the fields the same, a file's notes reach only the lists they can be on.)
    drawn_from: Callable[[str], bool] | None = None
    # ...as long as the page that lists it (its address and what it is about) is unchanged
    listed_on: str | None = None
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


def pages(
    view: SiteView, far: Callable[[str], bool] | None = None, carried: list[str] | None = None
) -> Iterator[Page]:
    """Every HTML page of the site; but for the record pages far says the
    previous site holds as they would be made (by address): those are not
    made, only listed in carried."""
    lists = view.list_keys

    def record(path: str, template: str, context: dict[str, Any], keyer: Callable[..., str]) -> Page | None:
        if far is not None and carried is not None and far(path):
            carried.append(path)
            return None
        return Page(path, template, context, partial(keyer, view), record=True)

    def listing(path: str, make: Callable[[], dict[str, Any]], keyer: Callable[..., str]) -> Page:
        return Page(path, path, make, partial(keyer, view) if lists else None)

    yield Page("index.html", "dashboard.html", partial(dashboard, view),
               partial(dashboard_key, view) if lists else None)  # fmt: skip
    yield listing("timeline.html", lambda: {"months": _months(view)}, timeline_key)
    yield listing("followups.html", lambda: {"groups": _groups(view, view.followups)}, followups_key)
    contacts = view.contacts_by_name
    yield listing("contacts.html", lambda: {"contacts": contacts}, contacts_key)
    made = [
        *(record(url_of(c), "contact.html", {"contact": c}, contact_key) for c in contacts),
        *(
            record(url_of(i), "interview.html", {"interview": i}, interview_key)
            for i in view.interviews_newest_first
        ),
    ]
    yield from (page for page in made if page is not None)
    yield listing("companies.html", lambda: {"companies": list(view.companies.values())}, companies_key)
    companies = (
        record(co.url, "company.html", {"company": co}, company_page_key) for co in view.companies.values()
    )
    yield from (page for page in companies if page is not None)
    yield listing("network.html", partial(_network, view), network_key)
    yield listing("search.html", lambda: {"shards": view.search_shards}, search_key)
    # Made of the notes' text: their keys are compared even when only notes changed.
    yield Page("questions.html", "questions.html", lambda: {"questions": view.question_bank},
               partial(questions_key, view) if lists else None, notes=True,
               drawn_from=lambda path: view.changed("bank"))  # fmt: skip
    yield from _learned(view, lists)
    # Notes are on it only as the learned page of a tag: while the list of
    # those pages (learned.html, before it) is the same, so is it.
    tags_page = partial(tags_key, view) if lists else None
    yield Page("tags.html", "tags.html", lambda: {"tags": view.tags}, tags_page,
               notes=True, drawn_from=_none, listed_on="learned.html")  # fmt: skip
    for interview_id, interview in view.planned.items():
        yield Page(f"prep/{interview_id}.html", "prep.html", partial(_brief, view, interview),
                   partial(prep_key, view) if lists else None,
                   notes=True, drawn_from=partial(_in_brief, view, interview_id))  # fmt: skip


def _learned(view: SiteView, lists: bool) -> Iterator[Page]:
    """What I learned: an index of subjects, and a page for each."""
    learned, thoughts = view.learned, view.reflections
    named = {fold(subject): subject for subject in learned}  # (each subject's takeaways are read when shown)
    subjects = [(name, url, learned.counts[named[key]] if key in named else 0, len(thoughts.get(key, ())))
                for key, (name, url) in view.learned_pages.items()]  # fmt: skip
    yield Page("learned.html", "learned.html", {"subjects": subjects},
               partial(learned_key, view) if lists else None, notes=True)  # fmt: skip

    def about(key: str, name: str, number: int, urls: list[str]) -> dict[str, Any]:
        # The takeaways on the first page, the reflections a page's worth at a time.
        entries = (learned[named[key]] if key in named else []) if number == 1 else []
        every = thoughts.get(key, [])
        first = (number - 1) * REFLECTIONS_PER_PAGE
        reflections = [(i, i.sections.reflection) for i in every[first : first + REFLECTIONS_PER_PAGE]]
        return {"subject": name, "entries": entries, "reflections": reflections, "reflected": len(every),
                "first": first + 1, "page": number, "pages": urls}  # fmt: skip

    for key, (name, url) in view.learned_pages.items():
        # A page of a subject can show the reflections it holds, and the first its
        # takeaways too, which any file about it can have. While learned.html keeps
        # its key, each subject has the same reflections, in the same order (see
        # learned_key): none has moved to another page.
        urls = learned_page_urls(url, len(thoughts.get(key, ())))
        for number, page_url in enumerate(urls, start=1):
            on = partial(_on_first_page if number == 1 else _reflected_on, view, key, number)
            yield Page(page_url, "learned_about.html", partial(about, key, name, number, urls),
                       partial(learned_about_key, view) if lists else None,
                       notes=True, drawn_from=on, listed_on="learned.html")  # fmt: skip


def _brief(view: SiteView, interview: Interview) -> dict[str, Any]:
    return {"brief": view.brief(interview.id), "interview": interview}


def _in_brief(view: SiteView, interview_id: str, path: str) -> bool:
    """Can the notes of the file at path be in the brief for the conversation?"""
    return path in view.brief_drawn_from(interview_id) or view.changed("bank")


def _none(path: str) -> bool:
    return False


def _about(view: SiteView, subject: str, path: str) -> bool:
    """Can the notes of the file at path be on the page of (folded) subject?"""
    return subject in view.subjects_of(path)


def _on_first_page(view: SiteView, subject: str, number: int, path: str) -> bool:
    """Can the notes of the file at path be on the first page of (folded) subject?"""
    if view.changed("learned") and _about(view, subject, path):
        return True  # (its takeaways may be among the subject's)
    return _reflected_on(view, subject, number, path)


def _reflected_on(view: SiteView, subject: str, number: int, path: str) -> bool:
    """Is the reflection of the file at path on page `number` of (folded) subject?"""
    first = (number - 1) * REFLECTIONS_PER_PAGE
    held = view.reflections.get(subject, [])[first : first + REFLECTIONS_PER_PAGE]
    return any(i.path == path for i in held)


def dashboard(view: SiteView) -> dict[str, Any]:
    """The dashboard's context: figures, what is urgent, what is next, charts."""
    figures = stats(Counted.of(view.journal), view.today)
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
        "leads": leads(view.journal, view.followups, view.today)[:6],
    }


def _network(view: SiteView) -> dict[str, Any]:
    stages = {c.id: view.stage(c) for c in view.journal.contacts.values()}
    return {"graph": network.graph(view.journal, stages), "edges": network.edges(view.journal),
            "named": network.named_referrals(view.journal)}  # fmt: skip


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


# A record page as the search index has it: its address, and what makes its entry of what.
Searched = tuple[str, Callable[[SiteView, Any], dict], Any]


def searched(view: SiteView) -> Iterator[Searched]:
    """Every record page the search index covers, in the site's order."""
    yield from ((url_of(c), _contact_entry, c) for c in view.contacts_by_name)
    yield from ((url_of(i), _interview_entry, i) for i in view.interviews_newest_first)
    yield from ((co.url, _company_entry, co) for co in view.companies.values())


def search_entries(
    view: SiteView, pages: Iterable[Searched] | None = None, known: Mapping[str, dict] | None = None
) -> list[dict]:
    """One entry per record page (of pages; by default every one), in the site's
    order; an entry known (for a page that kept its key) is taken as it is."""
    known = known or {}
    chosen = searched(view) if pages is None else pages
    return [known[url] if url in known else make(view, item) for url, make, item in chosen]


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
    text = plain_text(view.body(record)) if record else Text("", "")
    count = plural(len(company.contacts), "contact")
    detail = " · ".join(x for x in (record.industry if record else None, count) if x)
    return entry("company", company.name, company.url, detail, text, record.tags if record else ())


# --- page keys ------------------------------------------------------------
#
# A key lists what a record page shows that can change: its own file (by
# hash), the field_digests of the records it names (a page shows no other
# record's notes: only their names, dates, statuses, ...), the wiki-links
# in its notes and to it, and what is derived for today (stage, status,
# follow-ups). Settings, templates and "today" are covered by the build's
# own fingerprint, which must match for keys to be trusted. So an edit of
# one record's notes changes the keys of its own page and of the pages its
# wiki-links reach, before or after, and of no other (depends.affected).
