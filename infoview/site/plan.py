"""The site's plan: the public journal, what its pages show, and every page
and other file to make, each with a key that says when it must be made anew."""

from __future__ import annotations

import contextlib
import hashlib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..cache import Results
from ..index.codec import dump_followups, load_followups
from ..journal.diagnostics import Severity
from ..journal.followups import FollowUp, derive
from ..journal.model import Journal
from ..journal.naming import finds, in_pages
from ..journal.privacy import PrivateNames, private_names
from ..load.journal import LoadResult
from ..load.snapshot import Notes
from . import depends
from .output import Manifest
from .public import Withheld, public_journal, redact_html, withheld
from .search import is_shard

if TYPE_CHECKING:
    pass

from .options import BuildOptions, Timer

Files = dict[str, bytes]  # path in the site -> content
CALENDAR = "followups.ics"


@dataclass(frozen=True)
class SitePlan:
    env: Any  # jinja2.Environment
    pages: list[Any]  # pages.Page
    view: Any  # view.SiteView
    options: BuildOptions
    title: str
    templates: list[Path]
    leak_check: Any  # leaks.LeakCheck
    # A digest of which public records' notes name a private person: their
    # follow-ups and tasks are shown with the name left out, so the lists
    # change with it although the fields do not.
    naming: str = ""
    # Record pages the previous site holds as they would be made: not made (see Carry).
    carried: list[str] = field(default_factory=list)

    def other_files(
        self,
        unchanged: set[str],
        previous: Manifest | None,
        same_fields: bool = False,
        site: Path | None = None,
    ) -> tuple[Files, list[str]]:
        """Everything besides the pages (search index, calendar, robots.txt, static
        files), and the files that can stay as the previous site (in the folder
        site) has them: search shards, and the calendar when the journal's
        fields_fingerprint is the same."""
        from . import ics
        from .templating import static_files

        view, today = self.view, self.options.today
        files, as_before = self._search_shards(unchanged, previous, site)
        if not self.options.calendar:
            pass
        elif same_fields and previous is not None and CALENDAR in previous.files:
            as_before.append(CALENDAR)
        else:
            feed = ics.Feed.of(view.config, today, view.planned)
            files[CALENDAR] = ics.calendar(view.journal, view.followups, ics.scheduled(view.journal, today),
                                           self.title, feed)  # fmt: skip
        files["robots.txt"] = b"User-agent: *\nDisallow: /\n"
        files.update(static_files(self.templates))
        return files, as_before

    def _search_shards(
        self, unchanged: set[str], previous: Manifest | None, site: Path | None
    ) -> tuple[Files, list[str]]:
        """Shards whose pages all kept their keys, and are the same pages as before,
        are kept; the others are made anew, their new entries checked for leaks.
        An entry of a page that kept its key is taken from the previous shard."""
        from .pages import search_entries, searched
        from .search import entries_of, entry_text, script, shard_count, shard_of, shard_path

        count = shard_count(len(self.view.search_urls))
        # Each shard's pages, in the site's order, found in one pass (not one a shard).
        pages: list[list[Any]] = [[] for _ in range(count)]
        for page in searched(self.view):
            pages[shard_of(page[0], count)].append(page)
        members = [{url for url, _make, _item in shard} for shard in pages]
        before: list[set[str]] | None = None
        if previous is not None and sum(map(is_shard, previous.files)) == count:
            before = [set() for _ in range(count)]
            for path in previous.keys:
                if path.startswith(("contacts/", "interviews/", "companies/")):
                    before[shard_of(path, count)].add(path)
        as_before = [shard_path(n) for n in range(count)
                if before is not None and before[n] == members[n] and members[n] <= unchanged]  # fmt: skip
        stale = {n for n in range(count) if shard_path(n) not in as_before}
        known: dict[str, dict] = {}
        if before is not None and site is not None and len(stale) < count:
            for n in stale:
                with contextlib.suppress(OSError, ValueError, UnicodeDecodeError):
                    old = entries_of((site / shard_path(n)).read_text(encoding="ascii"))
                    known.update((e["u"], e) for e in old if isinstance(e, dict) and e.get("u") in unchanged)
        files = {}
        for n in sorted(stale):  # one shard at a time: only its entries are held
            entries = search_entries(self.view, pages[n], known)
            # An entry of a page that kept its key was checked when first published.
            fresh = (e for e in entries if e["u"] not in unchanged)
            self.leak_check.check_text(shard_path(n), "\n".join(map(entry_text, fresh)))
            files[shard_path(n)] = script(entries)
        return files, as_before


@dataclass(frozen=True)
class Carry:
    """The previous site, where the journal's fields are as they were when it
    was made, and so its identity (its graph is given too): the record pages
    no edit since can reach (see depends.affected) are kept as it holds them,
    not made, as long as the same public notes name private people."""

    keys: Mapping[str, str]  # page -> its key, as the site's manifest says
    naming: str | None  # which public notes named private people then (SitePlan.naming)


def plan_site(
    loaded: LoadResult,
    notes: Notes,
    journal: Journal,
    options: BuildOptions,
    templates: list[Path],
    skipped: tuple[str, ...],
    guard: Any,
    results: Results | None = None,
    graph_before: depends.Graph | None = None,
    hidden: Withheld | None = None,
    names: PrivateNames | None = None,
    timer: Timer | None = None,
    said_before: Mapping[str, Any] | None = None,
    carry: Carry | None = None,
) -> SitePlan:
    """The public journal, what pages show from it, and the pages to render.
    Results keep the follow-ups for the next build with the same fields fingerprint;
    graph_before is the previous build's reference graph, if still valid;
    names are the private names to leave out of public text (those of the whole
    journal's withheld people, left-out files' included); said_before: see SiteView."""
    from .templating import environment
    from .view import SiteView

    hidden, names = _withheld_and_names(loaded, journal, options, hidden, names)
    # The public records that name a private person, as validate finds them (W006).
    shown = {r.path: r for r in journal.records() if not hidden.holds(r)}
    scans = (results, loaded.shas) if results is not None else None
    naming = {path for path, found in finds(shown, names, scans, notes).items() if found}
    # and those whose notes, as rendered, do (escapes, code spans, link addresses)
    naming |= in_pages(notes, shown.keys() - naming, names, scans)
    # (each public record as made by the last build, while all that makes one is the same)
    how = (hidden, names.digest, frozenset(naming), options.redact)
    kept = results.held("public records", how) if results is not None else None
    public = public_journal(journal, hidden, options.redact, names, naming, kept)
    rendered = _PublicNotes(notes, public, options.redact, names, naming)
    followups = _followups(loaded, public, options, skipped, names, naming, results)
    view = SiteView(public, loaded.config, options.today, followups, rendered, loaded.shas,
                    loaded.field_digests, written=notes,
                    withheld=hidden, skipped=tuple(_first_error(loaded, p) for p in skipped),
                    include_private=options.include_private, redact=options.redact, calendar=options.calendar,
                    list_keys=len(templates) == 1, graph_before=graph_before,
                    private_names=names, results=results, said_before=said_before or {})  # fmt: skip
    env = environment(templates, view, loaded.root / ".infoview" / "templates")
    timer = timer or Timer()
    timer.lap("prepare")
    naming_digest = hashlib.sha256("\n".join(sorted(naming)).encode()).hexdigest()
    page_list, carried = _pages_to_make(view, graph_before, carry, naming_digest)
    timer.lap("page list")
    return SitePlan(
        env, page_list, view, options, loaded.config.title, templates, guard, naming_digest, carried
    )


def _followups(
    loaded: LoadResult,
    public: Journal,
    options: BuildOptions,
    skipped: tuple[str, ...],
    names: PrivateNames,
    naming: set[str],
    results: Results | None,
) -> list[FollowUp]:
    """The public journal's follow-ups: kept, with results, for as long as the
    fields fingerprint and all else they come from are the same."""
    if results is None or not loaded.fields_fingerprint:
        return derive(public, loaded.config.rules, options.today)
    # Follow-ups come from fields, tasks and rules: from nothing but the fields fingerprint.
    key = repr((loaded.fields_fingerprint, skipped, options.include_private, options.redact,
                loaded.config.rules, options.today, sorted(names.names), sorted(naming)))  # fmt: skip

    def make() -> list[FollowUp]:
        return derive(public, loaded.config.rules, options.today)

    return results.result("follow-ups", key, make, (dump_followups, load_followups))


def _pages_to_make(
    view: Any, graph_before: depends.Graph | None, carry: Carry | None, naming: str
) -> tuple[list[Any], list[str]]:
    """Every page but the record pages the previous site holds as they would be
    made (see Carry), and those, by address."""
    from .pages import pages

    carried: list[str] = []
    far = None
    if carry is not None and graph_before is not None and carry.naming == naming and view.list_keys:
        near = depends.affected(graph_before, view.graph, same_fields=True)
        far = lambda page: page not in near and page in carry.keys  # noqa: E731
    return list(pages(view, far, carried)), carried


def _withheld_and_names(
    loaded: LoadResult,
    journal: Journal,
    options: BuildOptions,
    hidden: Withheld | None,
    names: PrivateNames | None,
) -> tuple[Withheld, PrivateNames]:
    """What the site leaves out, and the private names, where not given."""
    hidden = hidden if hidden is not None else withheld(journal, options.include_private)
    if names is None:
        own = (loaded.config.title, loaded.config.owner)
        names = private_names(
            journal, hidden.contacts, hidden.companies, hidden.unread, hidden.interviews, None, own
        )
    return hidden, names


class _PublicNotes(Mapping[str, str]):
    """The notes' HTML as public pages show it: redacted with --redact, and
    private people's names written in public notes left out. Each is made
    when a page first asks for it (most builds render a few pages), never
    all at once: a long journal's notes are a hundred megabytes."""

    def __init__(
        self, notes: Mapping[str, str], public: Journal, redact: bool, names: PrivateNames, naming: set[str]
    ) -> None:
        self._notes, self._redact, self._names, self._naming = notes, redact, names, naming
        self._changed = ({r.path for r in public.records()} if redact else set()) | naming
        self._made: dict[str, str] = {}

    def __getitem__(self, path: str) -> str:
        if path not in self._changed:
            return self._notes[path]
        made = self._made.get(path)
        if made is None:
            made = self._notes.get(path, "")
            made = redact_html(made) if self._redact else made
            made = self._names.blank_html(made) if path in self._naming else made
            self._made[path] = made
        return made

    def __iter__(self) -> Iterator[str]:
        yield from self._notes
        yield from (path for path in self._changed if path not in self._notes)

    def __len__(self) -> int:
        return len(self._notes) + sum(path not in self._notes for path in self._changed)


def _first_error(loaded: LoadResult, path: str) -> str:
    """The code of a left-out file's first error (all the site may say of it)."""
    for d in loaded.diagnostics:
        if d.span.path == path and d.severity is Severity.ERROR:
            return d.code
    return ""
