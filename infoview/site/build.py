"""`infoview build`: the journal → a private, self-contained static site.

The recipe: load (via the index) → stop on errors unless keep_going → the
public journal → follow-ups → pages → render → write atomically.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import hashlib
import os
import sys
import time
from collections import ChainMap
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .. import __version__
from ..cache import Results
from ..index.codec import dump_followups, load_followups
from ..index.store import index_path
from ..journal.diagnostics import Diagnostic, Severity
from ..journal.followups import FollowUp, derive
from ..journal.model import Journal, Kind, interview_status
from ..journal.privacy import PrivateNames, finds, in_pages, private_names
from ..load.journal import LoadResult, assemble, collector_paused, files_fingerprint, load
from ..load.memo import Memo
from ..load.snapshot import Bodies
from ..resources import templates_dir
from . import depends, leaks
from .output import Manifest, OutputError, Writer, check_output, files_in, remove_leftovers, sha256
from .public import Withheld, public_journal, redact_html, withheld
from .search import is_shard
from .urls import url_of

if TYPE_CHECKING:
    from .pages import Page


@dataclass(frozen=True, slots=True)
class BuildOptions:
    today: dt.date
    output: Path | None = None
    include_private: bool = False
    redact: bool = False
    keep_going: bool = False
    clean: bool = False


@dataclass(frozen=True, slots=True)
class BuildResult:
    out: Path
    diagnostics: tuple[Diagnostic, ...]
    built: bool
    pages: int = 0
    written: int = 0
    unchanged: int = 0
    removed: int = 0
    skipped: tuple[str, ...] = ()
    up_to_date: bool = False
    seconds: float = 0.0
    notices: tuple[str, ...] = field(default=())


class _Timer:
    """Phase timings on stderr when INFOVIEW_TIMINGS is set (for benchmarks):
    wall-clock time, and the processor time of this process and of the
    workers that ended during the phase."""

    def __init__(self) -> None:
        self.enabled = bool(os.environ.get("INFOVIEW_TIMINGS"))
        self.last = time.perf_counter()
        self.last_cpu = _cpu()

    def lap(self, name: str) -> None:
        if self.enabled:
            now, cpu = time.perf_counter(), _cpu()
            print(f"  {name}: {now - self.last:.3f}s ({cpu - self.last_cpu:.2f}s cpu)", file=sys.stderr)
            self.last, self.last_cpu = now, cpu


def _cpu() -> float:
    times = os.times()
    return times.user + times.system + times.children_user + times.children_system


timer = _Timer()


def output_folder(root: Path, options: BuildOptions, configured: str) -> Path:
    """The site's folder, absolute and without `..` (`out/../out` is `out`: the
    swap renames it, and a path through it would be gone half-way); where it
    is a symbolic link, the folder the link leads to."""
    folder = Path(
        os.path.normpath((options.output if options.output is not None else root / configured).absolute())
    )
    # A link to the site's folder stays a link: the folder it leads to is the site.
    return Path(os.path.realpath(folder)) if folder.is_symlink() else folder


def build(root: Path, options: BuildOptions, memo: Memo | None = None) -> BuildResult:
    """Build the site; raises OutputError for an output folder it must not touch.

    One build at a time per journal: a second one (a `watch` and a `build`)
    waits for the first to finish. A process that builds again and again
    passes the same memo, so that only changed files are decoded again.
    Without one, what the build made is left out of the cyclic collector's
    sight afterwards: scanning all of it once more would find nothing to free.
    """
    _HELD.clear()  # what the previous build in this process made
    import jinja2

    with build_lock(root), collector_paused(freeze=memo is None):
        try:
            return _build(root, options, memo)
        except jinja2.TemplateError as exc:  # in templates/ of the journal's own
            line, name = getattr(exc, "lineno", None), getattr(exc, "filename", None)
            where = f"{name}:{line}: " if line and name else ""
            raise OutputError(
                f"{where}a template cannot be used ({type(exc).__name__}: {exc.message or exc}); "
                "the previous site was left as it was"
            ) from None


@contextlib.contextmanager
def build_lock(root: Path) -> Iterator[None]:
    folder = root / ".infoview"
    try:
        folder.mkdir(exist_ok=True)
        handle = open(folder / "build.lock", "a+b")  # noqa: SIM115
    except OSError:
        yield  # a read-only journal: nothing to lock, nothing to protect
        return
    try:
        import fcntl
    except ImportError:  # not a POSIX system: builds are not serialised there
        handle.close()
        yield
        return
    with handle:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


def _build(root: Path, options: BuildOptions, memo: Memo | None) -> BuildResult:
    start = time.perf_counter()
    # Results that depend on the journal's outline alone: kept in memory by a
    # process that builds again and again, else in the index for the next one.
    results = memo.results if memo is not None else Results(index_path(root))
    loaded = load(root, with_html=True, memo=memo, kept=results)
    assert loaded.bodies is not None
    try:
        return _build_from(root, options, memo, loaded, loaded.bodies, results, start)
    finally:
        loaded.bodies.close()


def _build_from(
    root: Path,
    options: BuildOptions,
    memo: Memo | None,
    loaded: LoadResult,
    bodies: Bodies,
    results: Results,
    start: float,
) -> BuildResult:
    out = output_folder(root, options, loaded.config.output)
    # A build killed half-way may have set the previous site aside: it is put back
    # first, whatever this build then does (even stop at the journal's errors).
    remove_leftovers(out)
    check_output(root, out)
    errors = [d for d in loaded.diagnostics if d.severity is Severity.ERROR]
    if errors and not options.keep_going:
        return BuildResult(out, loaded.diagnostics, built=False, notices=loaded.notices)
    skipped = tuple(sorted({d.span.path for d in errors}))
    templates = _template_dirs(root)
    journal = files_fingerprint(bodies.shas)
    # Left out for errors, a record is withheld wherever something refers to it.
    hidden = withheld(loaded.journal, options.include_private, map(_kind_and_id, skipped),
                      _unread(root, loaded.journal, skipped))  # fmt: skip
    journal_now = _without(loaded.journal, set(skipped))
    # What must never be published; when it changes, every page is checked anew.
    # Private people's names, left out of public text (notes, fields, follow-ups):
    # needed only when something changed.
    names = functools.cache(
        lambda: private_names(
            loaded.journal, hidden.contacts, hidden.companies, hidden.unread, hidden.interviews
        )
    )
    guard, secrets = _leak_check(loaded, bodies, hidden, names, options, skipped, templates, journal, results)
    settings = _settings_fingerprint(loaded, options, templates, skipped, secrets)
    old = Manifest.read(out) if out.is_dir() else None
    # A previous site made with other settings, or with files missing (removed by
    # hand), is not built upon: every page is rendered again.
    trusted = old is not None and old.settings == settings and not options.clean and _intact(out, old)
    if trusted and old is not None and old.journal == journal:
        return BuildResult(out, loaded.diagnostics, built=True, pages=len(old.files),
                           unchanged=len(old.files), skipped=skipped, up_to_date=True,
                           seconds=time.perf_counter() - start, notices=loaded.notices)  # fmt: skip
    timer.lap("load")
    from .templating import render_all

    # Keys condense what the built-in templates show; a journal's own templates
    # may show anything, so with them every page is rendered again.
    known = old.keys if trusted and old is not None and len(templates) == 1 else {}
    # The lists show nothing of the notes' text: with the rest of the journal
    # as it was (only notes edited), they are as they were, and so are the
    # names, ids and privacy that make the journal's identity.
    same_outline = trusted and old is not None and bool(loaded.outline) and old.outline == loaded.outline
    identity = old.identity if same_outline and old is not None else depends.identity(journal_now)
    before = _graph_before(old if trusted else None, identity)
    plan = plan_site(
        loaded, journal_now, options, templates, skipped, guard, results, before, hidden, names()
    )
    nodes = plan.view.graph
    near = None if before is None else depends.affected(before, nodes, same_outline)
    kept = _kept_pages(plan.pages, known, near, same_outline)
    kept_paths = {p.path for p in kept}
    todo = [p for p in plan.pages if p.path not in kept_paths]
    timer.lap(f"keys ({len(kept)} pages unchanged)")
    writer = Writer(out)
    try:
        stored = [writer.keep(p.path, p.key()) for p in kept]
        # A big journal's lists (the top-level pages) take long enough each to be
        # worth forking for; a few record pages are not.
        lists = sum(not p.record for p in todo)
        big = len(loaded.journal.interviews) + len(loaded.journal.contacts) >= 1000 and lists > 1
        guard = plan.leak_check
        checked = old.files if trusted and old is not None else {}

        def check(rel: str, data: bytes) -> str:
            """The file's sha256, once it is known to hold no secret. A file the
            previous site holds as it is was checked when it was published,
            against the same secrets (or the site is not trusted)."""
            digest = sha256(data)
            if checked.get(rel) != digest:
                guard.check(rel, data)
            return digest

        def sink(page: Any, data: bytes) -> Any:
            return writer.put(page.path, data, page.key(), check(page.path, data))

        def other() -> tuple[Files, list[str]]:
            files, kept_files = plan.other_files(kept_paths, old if trusted else None, same_outline, out)
            for rel, data in files.items():
                if not is_shard(rel):  # shards were checked entry by entry as they were made
                    check(rel, data)
            return files, kept_files

        def before_fork() -> None:
            bodies.preload()
            plan.view.prepare()

        pages_stored, (files, kept_files) = render_all(plan.env, todo, sink, big, other, before_fork)
        stored += pages_stored
        timer.lap(f"render and write {len(todo)} pages, with the other files meanwhile")
        stored += [writer.keep(rel) for rel in kept_files]
        stored += [writer.put(rel, data) for rel, data in files.items()]
        made_from = Manifest(settings, journal, {}, {}, identity, depends.dumps(nodes), loaded.outline)
        stats = writer.commit(stored, made_from)
        timer.lap("commit")
    except BaseException:
        writer.abort()
        raise
    # What the build made is freed later, not on the way out (tens of thousands
    # of objects): by a process that builds again, once it has announced this
    # build (the memo's), or when the next build starts; a one-shot command
    # just exits.
    held = memo.held if memo is not None else _HELD
    held[:] = [loaded, old, plan, stored, nodes, kept, todo]
    return BuildResult(
        out, loaded.diagnostics, True, len(stored), stats.written, stats.unchanged, stats.removed,
        skipped, False, time.perf_counter() - start, loaded.notices,
    )  # fmt: skip


_HELD: list[Any] = []  # see the end of _build


def _leak_check(
    loaded: LoadResult,
    bodies: Bodies,
    hidden: Withheld,
    names: Callable[[], PrivateNames],
    options: BuildOptions,
    skipped: tuple[str, ...],
    templates: list[Path],
    journal: str,
    results: Results,
) -> tuple[leaks.LeakCheck, str]:
    """The check for what must never be published, and a digest of it. The
    secrets depend on every file (public text makes a secret public), the
    options, the site's own words and what was left out; they are kept (in
    memory, and in the index, which holds the journal anyway) for as long as
    all of that is the same."""
    full = loaded.journal

    def make() -> list[leaks.Secret]:
        config = loaded.config
        # The built-in templates' words are the site's own; a journal's own
        # templates are searched like any page.
        return leaks.secrets(full, hidden, options.redact, bodies.html, names(), (config.title, config.owner),
                             [templates_dir()], skipped, (results.per_file, bodies.shas))  # fmt: skip

    key = repr((journal, skipped, options.include_private, options.redact, loaded.config,
                _files_fingerprint(templates, "")))  # fmt: skip
    found = results.result("leak check", key, make, (leaks.dump_secrets, leaks.load_secrets))

    def source(page: str) -> str | None:
        """The public record a page shows (asked only when a page is refused)."""
        return next((r.path for r in full.records() if not hidden.holds(r) and url_of(r) == page), None)

    return leaks.LeakCheck(found, options.redact, source, loaded.config.allow_html), leaks.digest(found)


def _unread(root: Path, journal: Journal, skipped: tuple[str, ...]) -> list[tuple[str, str, str]]:
    """(path, field, value) of the names, addresses and numbers that left-out
    files which gave no record still say, read line by line."""
    from ..journal.files import read_bytes
    from ..journal.frontmatter import UNREAD_FIELDS, values_written

    made = {r.path for r in journal.records()}
    found = []
    for path in skipped:
        data = read_bytes(root, path)  # never blocks on a pipe, nor reads a huge file
        if path in made or not isinstance(data, bytes):
            continue
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:  # left out for that (E001): most likely Latin-1
            text = data.decode("cp1252", errors="replace")
        found += [(path, field, value) for field in UNREAD_FIELDS for value in values_written(text, field)]
        found.append((path, "id", path.rsplit("/", 1)[-1].removesuffix(".md")))
    return found


def _kind_and_id(path: str) -> tuple[Kind, str]:
    folder = path.split("/", 1)[0]
    return Kind.from_folder(folder) or Kind.CONTACT, path.rsplit("/", 1)[-1].removesuffix(".md")


def _intact(out: Path, manifest: Manifest) -> bool:
    """Is every file the manifest lists still in the site folder?"""
    return manifest.files.keys() <= files_in(out)


def _kept_pages(
    pages: list[Page], known: dict[str, str], near: set[str] | None, same_outline: bool
) -> list[Page]:
    """Pages whose key is the one the previous site has for them: they need not be
    rendered. Keys are only compared when that site can be trusted (known is
    empty otherwise: every page is rendered, and its key made by the worker
    that renders it). Record pages far from every change (not near) keep their
    keys without a look, and so do the lists when the journal's outline is
    the same."""
    kept = []
    for page in pages:
        if page.keyer and page.path in known:
            far = page.record and near is not None and page.path not in near
            if far or (same_outline and not page.record):
                page.adopt(known[page.path])
                kept.append(page)
            elif known[page.path] == page.key():
                kept.append(page)
    return kept


def _graph_before(old: Manifest | None, identity: str) -> depends.Graph | None:
    """The graph the previous site was made from, if edits since can be traced in it."""
    if old is None or old.identity != identity:
        return None
    return depends.loads(old.graph)


def _template_dirs(root: Path) -> list[Path]:
    own = root / "templates"
    return [own, templates_dir()] if own.is_dir() else [templates_dir()]


def _settings_fingerprint(
    loaded: LoadResult,
    options: BuildOptions,
    templates: list[Path],
    skipped: tuple[str, ...],
    secrets: str,
) -> str:
    """Everything a page depends on besides the journal's files (and what it must not show)."""
    digest = hashlib.sha256()
    settings = (__version__, options.today, options.include_private, options.redact,
                skipped, loaded.config, secrets)  # fmt: skip
    digest.update(repr(settings).encode())
    digest.update(_files_fingerprint(templates, "").encode())
    digest.update(_files_fingerprint([Path(__file__).resolve().parent.parent], ".py").encode())
    return digest.hexdigest()


def _files_fingerprint(folders: list[Path], ending: str) -> str:
    """The names, sizes and dates of the files under folders that end so."""
    digest = hashlib.sha256()
    for folder in folders:
        for dirpath, dirs, names in sorted(os.walk(folder)):
            dirs[:] = sorted(d for d in dirs if d != "__pycache__")
            for name in sorted(n for n in names if n.endswith(ending)):
                stat = os.stat(os.path.join(dirpath, name))
                digest.update(f"{dirpath}/{name}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()


def _without(journal: Journal, paths: set[str]) -> Journal:
    if not paths:
        return journal
    records = [
        r
        for table in (journal.contacts, journal.interviews, journal.companies)
        for r in table.values()
        if r.path not in paths
    ]
    return assemble(records)


Files = dict[str, bytes]  # path in the site -> content
CALENDAR = "followups.ics"


@dataclass(frozen=True)
class SitePlan:
    env: Any  # jinja2.Environment
    pages: list[Any]  # pages.Page
    view: Any  # pages.SiteView
    options: BuildOptions
    title: str
    templates: list[Path]
    leak_check: Any  # leaks.LeakCheck

    def other_files(
        self,
        unchanged: set[str],
        previous: Manifest | None,
        same_outline: bool = False,
        site: Path | None = None,
    ) -> tuple[Files, list[str]]:
        """Everything besides the pages (search index, calendar, robots.txt, static
        files), and the files that can stay as the previous site (in the folder
        site) has them: search shards, and the calendar when the journal's
        outline is the same."""
        from . import ics
        from .templating import static_files

        view, today = self.view, self.options.today
        files, kept = self._search_shards(unchanged, previous, site)
        if same_outline and previous is not None and CALENDAR in previous.files:
            kept.append(CALENDAR)
        else:
            scheduled = [i for i in view.journal.interviews.values()
                         if interview_status(i, today) == "scheduled"]  # fmt: skip
            scheduled.sort(key=lambda i: i.when.sort_key)
            files[CALENDAR] = ics.calendar(view.journal, view.followups, scheduled, today, self.title)
        files["robots.txt"] = b"User-agent: *\nDisallow: /\n"
        files.update(static_files(self.templates))
        return files, kept

    def _search_shards(
        self, unchanged: set[str], previous: Manifest | None, site: Path | None
    ) -> tuple[Files, list[str]]:
        """Shards whose pages all kept their keys, and are the same pages as before,
        are kept; the others are made anew, their new entries checked for leaks.
        An entry of a page that kept its key is taken from the previous shard."""
        from .pages import search_entries
        from .search import entries_of, entry_text, is_shard, script, shard_count, shard_of, shard_path

        urls = self.view.search_urls
        count = shard_count(len(urls))
        members: list[set[str]] = [set() for _ in range(count)]
        for url in urls:
            members[shard_of(url, count)].add(url)
        before: list[set[str]] | None = None
        if previous is not None and sum(map(is_shard, previous.files)) == count:
            before = [set() for _ in range(count)]
            for path in previous.keys:
                if path.startswith(("contacts/", "interviews/", "companies/")):
                    before[shard_of(path, count)].add(path)
        kept = [shard_path(n) for n in range(count)
                if before is not None and before[n] == members[n] and members[n] <= unchanged]  # fmt: skip
        stale = {n for n in range(count) if shard_path(n) not in kept}
        known: dict[str, dict] = {}
        if before is not None and site is not None and len(stale) < count:
            for n in stale:
                with contextlib.suppress(OSError, ValueError, UnicodeDecodeError):
                    old = entries_of((site / shard_path(n)).read_text(encoding="ascii"))
                    known.update((e["u"], e) for e in old if isinstance(e, dict) and e.get("u") in unchanged)
        wanted = set().union(*(members[n] for n in stale))
        made: dict[int, list[dict]] = {n: [] for n in sorted(stale)}
        for item in search_entries(self.view, wanted.__contains__, known):
            made[shard_of(item["u"], count)].append(item)
        files = {}
        for n, entries in made.items():
            # An entry of a page that kept its key was checked when first published.
            fresh = (e for e in entries if e["u"] not in unchanged)
            self.leak_check.check_text(shard_path(n), " ".join(map(entry_text, fresh)))
            files[shard_path(n)] = script(entries)
        return files, kept


def plan_site(
    loaded: LoadResult,
    journal: Journal,
    options: BuildOptions,
    templates: list[Path],
    skipped: tuple[str, ...],
    guard: Any,
    results: Results | None = None,
    graph_before: depends.Graph | None = None,
    hidden: Withheld | None = None,
    names: PrivateNames | None = None,
) -> SitePlan:
    """The public journal, what pages show from it, and the pages to render.
    Results keep the follow-ups for the next build with the same outline;
    graph_before is the previous build's reference graph, if still valid;
    names are the private names to leave out of public text (those of the
    whole journal's withheld people, left-out files' included)."""
    from .pages import SiteView, pages
    from .templating import environment

    if hidden is None:
        hidden = withheld(journal, options.include_private)
    assert loaded.bodies is not None, "plan_site needs a load with_html"
    bodies = loaded.bodies
    if names is None:
        names = private_names(journal, hidden.contacts, hidden.companies, hidden.unread, hidden.interviews)
    # The public records that name a private person, as validate finds them (W006).
    shown = {r.path: r for r in journal.records() if not hidden.holds(r)}
    kept = (results.per_file, bodies.shas) if results is not None else None
    naming = {path for path, found in finds(shown, names, kept).items() if found}
    # and those whose notes, as rendered, do (escapes, code spans, link addresses)
    naming |= in_pages({path: bodies.html.get(path, "") for path in shown.keys() - naming}, names, kept)
    public = public_journal(journal, hidden, options.redact, names, naming)
    rendered: Mapping[str, str] = bodies.html
    if options.redact:
        redacted = {r.path: redact_html(bodies.html.get(r.path, "")) for r in public.records()}
        rendered = ChainMap(redacted, dict(bodies.html))
    if naming:  # private people's names written in public notes are left out
        blanked = {path: names.blank_html(rendered.get(path, "")) for path in naming}
        rendered = ChainMap(blanked, dict(rendered))
    if results is not None and loaded.outline:
        # Follow-ups come from fields, tasks and rules: from nothing but the outline.
        key = repr((loaded.outline, skipped, options.include_private, options.redact,
                    loaded.config.rules, options.today, sorted(names.names)))  # fmt: skip

        def make() -> list[FollowUp]:
            return derive(public, loaded.config.rules, options.today)

        followups = results.result("follow-ups", key, make, (dump_followups, load_followups))
    else:
        followups = derive(public, loaded.config.rules, options.today)
    view = SiteView(public, loaded.config, options.today, followups, rendered, bodies.shas, bodies.outlines,
                    withheld=hidden, skipped=tuple(_first_error(loaded, p) for p in skipped),
                    include_private=options.include_private, redact=options.redact,
                    list_keys=len(templates) == 1, graph_before=graph_before)  # fmt: skip
    env = environment(templates, view, loaded.root / ".infoview" / "templates")
    timer.lap("prepare")
    page_list = list(pages(view))
    timer.lap("page list")
    return SitePlan(env, page_list, view, options, loaded.config.title, templates, guard)


def _first_error(loaded: LoadResult, path: str) -> str:
    """The code of a left-out file's first error (all the site may say of it)."""
    for d in loaded.diagnostics:
        if d.span.path == path and d.severity is Severity.ERROR:
            return d.code
    return ""


from .leaks import LeakError  # noqa: E402

__all__ = ["BuildOptions", "BuildResult", "LeakError", "OutputError", "build"]
