"""`infoview build`: the journal → a private, self-contained static site.

The recipe (`_build`), one stage after another, each taking what the last
one made: load the journal and its notes from one snapshot of the index →
stop at errors unless keep_going → gather the inputs (what is left out, what
must never be published, fingerprints) → look at the previous site → plan
the public site → sort its pages into unchanged and to do → render and write
atomically, checking every file.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import sys
import time
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

from ..cache import Results
from ..index.codec import diagnostic_rows, diagnostics_from_rows
from ..index.store import index_path
from ..journal.config import calendar_zone
from ..journal.diagnostics import Severity
from ..journal.model import interview_status
from ..load.journal import LoadResult, collector_paused, reading
from ..load.memo import Memo
from . import depends
from .folder import check_output, remove_leftovers
from .inputs import Inputs, asked_fingerprint, gather
from .leaks import LeakError
from .options import BuildOptions, BuildResult, Timer
from .output import SEALED_SOURCE, JSONText, Manifest, ManifestCache, OutputError
from .plan import Carry, SitePlan, plan_site
from .spare import spare_folder
from .write import Previous, sort_pages, write_site


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
    with build_lock(root), collector_paused(freeze=memo is None):
        try:
            return _build(root, options, memo)
        except Exception as exc:
            # A template of the journal's own (templates/) that cannot be used. (Jinja
            # is not imported by a build that finds nothing changed: 0.02 s of it.)
            jinja2 = sys.modules.get("jinja2")
            if jinja2 is None or not isinstance(exc, jinja2.TemplateError):
                raise
            line, name = getattr(exc, "lineno", None), getattr(exc, "filename", None)
            where = f"{name}:{line}: " if line and name else ""
            raise OutputError(
                f"{where}a template cannot be used ({type(exc).__name__}: {exc.message or exc}); "
                "the previous site was left as it was"
            ) from None


def make_ready(root: Path, out: Path, memo: Memo) -> None:
    """What the next build of a process that builds again does first, done
    while it waits for a change: the spare prepared, the site folder and the
    spare listed. The next build uses them as long as nothing in them changed
    meanwhile (see listing.py)."""
    from . import spare
    from .listing import SETTLED_NS, files_in

    with build_lock(root), contextlib.suppress(OSError):
        if out.is_dir():
            folder = spare_folder(root, out)
            ready = spare.prepared(folder, out, memo.manifests)
            time.sleep(SETTLED_NS / 1e9)  # (what the build and preparing changed: settled)
            files_in(out, memo.manifests)
            if ready is not None:
                spare.keep_ready(folder, out, ready, memo.manifests)


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
    start, timer = time.perf_counter(), Timer()
    # Results that depend on the journal's fields fingerprint alone: kept in memory by a
    # process that builds again and again, else in the index for the next one.
    results = memo.results if memo is not None else Results(index_path(root))
    manifests = memo.manifests if memo is not None else ManifestCache()
    refreshed: tuple[str, ...] | None = None  # what a refresh made on the way said
    if memo is None and not options.clean:
        if isinstance(answer := _as_before(root, options, start, manifests), BuildResult):
            return answer
        refreshed = answer
    with reading(root, memo=memo, results=results, refreshed=refreshed) as (loaded, notes):
        out = output_folder(root, options, loaded.config.output)
        # A build killed half-way may have set the previous site aside: it is put
        # back first, whatever this build then does (even stop at the journal's errors).
        remove_leftovers(out)
        check_output(root, out, source=options.sealing, recent=manifests)
        if any(d.severity is Severity.ERROR for d in loaded.diagnostics) and not options.keep_going:
            return BuildResult(out, loaded.diagnostics, built=False, notices=loaded.notices)
        inputs = gather(root, loaded, notes, options, results)
        previous = Previous.of(out, inputs.settings, options.clean, manifests)
        if previous.up_to_date(inputs.files_fingerprint):
            files = len(previous.built_upon.files) if previous.built_upon is not None else 0
            return BuildResult(out, loaded.diagnostics, built=True, pages=files, unchanged=files,
                               skipped=inputs.skipped, up_to_date=True, seconds=time.perf_counter() - start,
                               notices=_notices(loaded, options.today))  # fmt: skip
        timer.lap("load, inputs and the previous site")
        same_fields = previous.same_fields(loaded.fields_fingerprint)
        old = previous.built_upon
        identity = old.identity if same_fields and old is not None else depends.identity(inputs.usable)
        before = previous.graph(identity, inputs.usable)
        said_before = old.outcome if old is not None and isinstance(old.outcome, dict) else {}
        carry = Carry(old.keys, said_before.get("naming")) if same_fields and old is not None else None
        plan = plan_site(loaded, notes, inputs.usable, options, inputs.templates, inputs.skipped,
                         inputs.guard, results, before, inputs.hidden, inputs.names(), timer,
                         said_before, carry)  # fmt: skip
        # (the same fields, and the same public records' notes naming private people)
        same_fields = same_fields and said_before.get("naming") == plan.naming
        work = sort_pages(plan, previous, before, same_fields)
        timer.lap(f"keys ({len(work.unchanged) + len(work.carried)} pages unchanged)")
        parts = results.held("the graph as published", identity) if memo is not None else None
        made_from, notices = _made_from(root, loaded, options, inputs, plan, identity, parts)
        if memo is not None:
            made_from = replace(made_from, listed=results.held("the files as published", None))
        stored, stats = write_site(out, plan, work, previous, notes, made_from, same_fields, manifests,
                                   spare_folder(root, out))  # fmt: skip
        timer.lap(f"render and write {len(work.todo)} pages, with the other files meanwhile; commit")
        # What the build made is freed later, not on the way out (tens of thousands
        # of objects): by a process that builds again, once it has announced this
        # build (the memo's); a one-shot command, with the result, as it exits.
        made = [loaded, previous, plan, stored, made_from, work]
        if memo is not None:
            memo.held[:], made = made, []
    return BuildResult(
        out, loaded.diagnostics, True, len(stored), stats.written, stats.unchanged, stats.removed,
        inputs.skipped, False, time.perf_counter() - start, notices, made,
    )  # fmt: skip


def build_encrypted(
    root: Path, options: BuildOptions, passphrase: str, new_passphrase: bool = False
) -> BuildResult:
    """Build the site privately (in the journal's .infoview/), then seal it into
    the output folder (see seal.py). Raises OutputError, and seal.PassphraseError
    where the output holds a site sealed with another passphrase."""
    from ..journal.config import load_config
    from ..resources import templates_dir
    from .lock import Deriving
    from .seal import seal_site

    start = time.perf_counter()
    out = output_folder(root, options, load_config(root)[0].output)
    remove_leftovers(out)
    check_output(root, out, encrypted=True)
    key = Deriving(passphrase, out, new_passphrase)  # (meanwhile)
    result = build(root, replace(options, output=root / SEALED_SOURCE, sealing=True))
    if not result.built:
        return replace(result, out=out)
    with build_lock(root):
        parts = templates_dir() / "sealed"
        sealed = seal_site(result.out, out, key, parts, new_passphrase=new_passphrase,
                           calendar=options.calendar, clean=options.clean,
                           spare=spare_folder(root, out))  # fmt: skip
    stats = sealed.stats
    return replace(result, out=out, pages=sealed.files, written=stats.written, unchanged=stats.unchanged,
                   removed=stats.removed, up_to_date=stats.written == stats.removed == 0,
                   seconds=time.perf_counter() - start, calendar=sealed.calendar)  # fmt: skip


def _made_from(
    root: Path,
    loaded: LoadResult,
    options: BuildOptions,
    inputs: Inputs,
    plan: SitePlan,
    identity: str,
    parts: dict | None,
) -> tuple[Manifest, tuple[str, ...]]:
    """What the site's manifest says it was made from, and what the build says
    (its notices), which is also kept beside the index for a build that finds
    nothing changed. Parts: see depends.dumps_text."""
    nodes = plan.view.graph
    notices = _notices(loaded, options.today)
    said = notices[len(loaded.notices) :]
    outcome = _outcome(loaded, options, inputs, plan)
    _keep_answer(root, inputs.files_fingerprint, outcome, said, loaded.diagnostics, inputs.skipped)
    graph = JSONText(depends.dumps_text(nodes, parts))
    made_from = Manifest(inputs.settings, inputs.files_fingerprint, {}, {}, identity,
                         graph, loaded.fields_fingerprint, outcome, nodes)  # fmt: skip
    return made_from, notices


def _outcome(loaded: LoadResult, options: BuildOptions, inputs: Inputs, plan: SitePlan) -> dict[str, Any]:
    """What the site is made from and of, kept in its manifest for the next build:
    all it was asked, the settings, the public records whose notes name private
    people, and the keys of the question bank and of what was learned."""
    asked = asked_fingerprint(loaded.config, options, inputs.templates)
    view = plan.view
    return {"asked": asked, "settings": inputs.settings, "naming": plan.naming, "bank": view.bank_key,
            "learned": view.learned_key}  # fmt: skip


def _as_before(
    root: Path, options: BuildOptions, start: float, manifests: ManifestCache
) -> BuildResult | tuple[str, ...] | None:
    """The site as it is, when the journal's files and all the build is asked
    are what it was made from: known from the index's list of files and the
    site's manifest, without reading a record. Otherwise what refreshing the
    index on the way said, or None where it was not refreshed."""
    from ..journal.config import load_config
    from ..load.snapshot import files_fingerprint
    from .inputs import template_dirs
    from .write import intact

    config, problems = load_config(root)
    out = output_folder(root, options, config.output)
    check_output(root, out, source=options.sealing, recent=manifests)
    remove_leftovers(out)  # a site a killed build set aside is put back first
    old = Manifest.read(out, manifests) if out.is_dir() and not problems else None
    outcome = old.outcome if old is not None else None
    if not isinstance(outcome, dict) or outcome.get("asked") != asked_fingerprint(
        config, options, template_dirs(root)
    ):
        return None
    files, notices = files_fingerprint(root, config.allow_html)
    assert old is not None
    made_so = outcome.get("settings") == old.settings  # (a manifest changed by hand is not trusted)
    if not made_so or not files or files != old.files_fingerprint or not intact(out, old):
        return notices
    try:
        kept = json.loads((root / ANSWER).read_text(encoding="utf-8"))
        if kept["key"] != _answer_key(files, outcome):
            return notices
        diagnostics, skipped = diagnostics_from_rows(kept["diagnostics"]), tuple(kept["skipped"])
        said = tuple(kept["said"])
    except (OSError, ValueError, TypeError, KeyError, IndexError):  # none kept, or not readable: built anew
        return notices
    return BuildResult(out, diagnostics, built=True, pages=len(old.files), unchanged=len(old.files),
                       skipped=skipped, up_to_date=True, seconds=time.perf_counter() - start,
                       notices=(*notices, *said))  # fmt: skip


# What the last build said (its diagnostics, the files it left out): kept beside
# the index for a build that finds nothing changed, never in the site's folder,
# which is published (a diagnostic may name a private file).
ANSWER = ".infoview/build-answer.json"


def _answer_key(files: str, outcome: dict) -> str:
    return repr((files, outcome.get("asked"), outcome.get("settings")))


def _keep_answer(
    root: Path, files: str, outcome: dict, said: tuple[str, ...], diagnostics: tuple, skipped: tuple[str, ...]
) -> None:
    answer = {"key": _answer_key(files, outcome), "said": list(said), "skipped": list(skipped),
              "diagnostics": diagnostic_rows(diagnostics)}  # fmt: skip
    with contextlib.suppress(OSError):  # a read-only journal: the next build looks again
        staging = root / f"{ANSWER}.{os.getpid()}.tmp"
        staging.write_text(json.dumps(answer), encoding="utf-8")
        os.replace(staging, root / ANSWER)


def _notices(loaded: LoadResult, today: dt.date) -> tuple[str, ...]:
    """What loading said, and the calendar's time zone when it is the machine's
    and the calendar has a conversation at a time of day."""
    timed = (i.when.time is not None and interview_status(i, today) == "scheduled"
             for i in loaded.journal.interviews.values())  # fmt: skip
    if loaded.config.timezone or not any(timed):
        return loaded.notices
    zone = f"the calendar's times are in {calendar_zone(loaded.config)}, this machine's time zone"
    return (*loaded.notices, f"{zone} (set [site] timezone in infoview.toml to choose one)")


__all__ = [
    "BuildOptions",
    "BuildResult",
    "LeakError",
    "OutputError",
    "build",
    "build_encrypted",
    "output_folder",
]
