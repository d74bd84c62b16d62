"""`infoview build`: the journal → a private, self-contained static site.

The recipe: load (via the index) → stop on errors unless keep_going → the
public journal → follow-ups → pages → render → write atomically.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from .. import __version__
from ..diagnostics import Diagnostic, Severity
from ..followups import derive
from ..loader import LoadResult, assemble, load
from ..model import Journal, interview_status
from ..resources import templates_dir
from .output import Manifest, OutputError, Staging, Stored, check_output
from .public import public_journal, redact_text


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
    """Phase timings on stderr when INFOVIEW_TIMINGS is set (for benchmarks)."""

    def __init__(self) -> None:
        self.enabled = bool(os.environ.get("INFOVIEW_TIMINGS"))
        self.last = time.perf_counter()

    def lap(self, name: str) -> None:
        if self.enabled:
            now = time.perf_counter()
            print(f"  {name}: {now - self.last:.3f}s", file=sys.stderr)
            self.last = now


timer = _Timer()


def output_folder(root: Path, options: BuildOptions, configured: str) -> Path:
    if options.output is not None:
        return options.output
    return root / configured


def build(root: Path, options: BuildOptions) -> BuildResult:
    """Build the site; raises OutputError for an output folder it must not touch."""
    start = time.perf_counter()
    loaded = load(root, with_html=True)
    out = output_folder(root, options, loaded.config.output)
    check_output(root, out)
    errors = [d for d in loaded.diagnostics if d.severity is Severity.ERROR]
    if errors and not options.keep_going:
        return BuildResult(out, loaded.diagnostics, built=False, notices=loaded.notices)
    skipped = tuple(sorted({d.span.path for d in errors}))
    templates = _template_dirs(root)
    fingerprint = _fingerprint(loaded, options, templates, skipped)
    old = Manifest.read(out)
    if old and old.fingerprint == fingerprint and not options.clean and out.is_dir():
        return BuildResult(out, loaded.diagnostics, built=True, pages=len(old.files),
                           unchanged=len(old.files), skipped=skipped, up_to_date=True,
                           seconds=time.perf_counter() - start, notices=loaded.notices)  # fmt: skip
    staging = Staging(out)
    timer.lap("load")
    try:
        stored = render_site(root, loaded, options, templates, skipped, staging.put)
        stats = staging.commit(stored, fingerprint)
        timer.lap("swap")
    except BaseException:
        staging.abort()
        raise
    return BuildResult(
        out, loaded.diagnostics, True, len(stored), stats.written, stats.unchanged, stats.removed,
        skipped, False, time.perf_counter() - start, loaded.notices,
    )  # fmt: skip


def _template_dirs(root: Path) -> list[Path]:
    own = root / "templates"
    return [own, templates_dir()] if own.is_dir() else [templates_dir()]


def _fingerprint(
    loaded: LoadResult, options: BuildOptions, templates: list[Path], skipped: tuple[str, ...]
) -> str:
    """Everything the site depends on; equal fingerprints mean an identical site."""
    digest = hashlib.sha256()
    settings = (__version__, options.today, options.include_private, options.redact,
                skipped, loaded.config)  # fmt: skip
    digest.update(repr(settings).encode())
    for path, (sha, _html) in sorted(loaded.rendered.items()):
        digest.update(f"{path}\0{sha}\n".encode())
    package = Path(__file__).resolve().parent.parent
    for folder in (*templates, package):
        for dirpath, _dirs, names in sorted(os.walk(folder)):
            for name in sorted(names):
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


def render_site(
    root: Path,
    loaded: LoadResult,
    options: BuildOptions,
    templates: list[Path],
    skipped: tuple[str, ...],
    sink: Callable[[str, bytes], Stored],
) -> list[Stored]:
    """Every file of the site, each handed to sink(path, bytes) as soon as it is made."""
    from ..render import render_markdown
    from . import ics
    from .pages import SiteView, pages, search_entries
    from .search import script
    from .templating import environment, render_all, static_files

    journal = _without(loaded.journal, set(skipped))
    public = public_journal(journal, options.include_private, options.redact)
    hidden = frozenset(set(journal.contacts) - set(public.contacts)) | frozenset(
        set(journal.interviews) - set(public.interviews)
    )
    hidden_names = frozenset(journal.contacts[c].name.casefold() for c in hidden if c in journal.contacts)
    rendered = {path: html for path, (_sha, html) in loaded.rendered.items()}
    if options.redact:
        allow = loaded.config.allow_html
        for record in _all(public):
            rendered[record.path] = render_markdown(redact_text(record.body), allow)
    followups = derive(public, loaded.config.rules, options.today)
    view = SiteView(public, loaded.config, options.today, followups, rendered,
                    hidden_ids=hidden, hidden_names=hidden_names,
                    skipped=tuple((p, _first_error(loaded, p)) for p in skipped),
                    include_private=options.include_private, redact=options.redact)  # fmt: skip
    view.prepare()
    env = environment(templates, view)
    timer.lap("prepare")
    page_list = list(pages(view))
    timer.lap("page list")
    stored = render_all(env, page_list, sink)
    timer.lap("render and write pages")
    files = {"search-index.js": script(search_entries(view))}
    timer.lap("search index")
    scheduled = [i for i in public.interviews.values()
                 if interview_status(i, options.today) == "scheduled"]  # fmt: skip
    scheduled.sort(key=lambda i: i.when.sort_key)
    files["followups.ics"] = ics.calendar(public, followups, scheduled, options.today,
                                          loaded.config.title)  # fmt: skip
    files["robots.txt"] = b"User-agent: *\nDisallow: /\n"
    files.update(static_files(templates))
    stored += [sink(rel, data) for rel, data in files.items()]
    timer.lap("calendar, static files")
    return stored


def _all(journal: Journal) -> list:
    return [*journal.contacts.values(), *journal.interviews.values(), *journal.companies.values()]


def _first_error(loaded: LoadResult, path: str) -> str:
    for d in loaded.diagnostics:
        if d.span.path == path and d.severity is Severity.ERROR:
            return f"{d.span.line}:{d.span.col}: {d.message} [{d.code}]"
    return ""


__all__ = ["BuildOptions", "BuildResult", "OutputError", "build"]
