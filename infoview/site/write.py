"""The build's last stages: which pages the previous site already holds as
they would be made, then rendering the others and writing the site (every
file checked for what must never be published) in one atomic swap."""

from __future__ import annotations

import shutil
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..journal.model import Journal
from . import depends
from .listing import files_in
from .output import Manifest, ManifestCache, Writer, WriteStats, sha256
from .plan import Files, SitePlan
from .search import is_shard
from .spare import prepared
from .urls import url_of

if TYPE_CHECKING:
    from ..load.snapshot import Notes
    from .pages import Page


@dataclass(frozen=True)
class Previous:
    """The site the folder holds, as its manifest says, and whether it can be
    built upon: made with the same settings, and with no file missing."""

    manifest: Manifest | None
    trusted: bool
    # The files the folder held when it was looked at (None: not looked at).
    present: AbstractSet[str] | None = None

    @classmethod
    def of(cls, out: Path, settings: str, clean: bool, recent: ManifestCache) -> Previous:
        old = Manifest.read(out, recent) if out.is_dir() else None
        # A previous site made with other settings, or with files missing
        # (removed by hand), is not built upon: every page is rendered again.
        looked = old is not None and old.settings == settings and not clean
        present = files_in(out, recent) if looked else None
        return cls(old, present is not None and old is not None and old.files.keys() <= present, present)

    @property
    def missing(self) -> bool:
        """Has the folder lost files of the previous site (removed by hand)? (Looked
        at, it is trusted unless it has.)"""
        return self.present is not None and not self.trusted

    @property
    def built_upon(self) -> Manifest | None:
        return self.manifest if self.trusted else None

    def up_to_date(self, files_fingerprint: str) -> bool:
        return self.built_upon is not None and self.built_upon.files_fingerprint == files_fingerprint

    def same_fields(self, fields_fingerprint: str) -> bool:
        """The lists show nothing of the notes' text: with the rest of the journal
        as it was (only notes edited), they are as they were, and so are the
        names, ids and privacy that make the journal's identity."""
        return (
            self.built_upon is not None
            and bool(fields_fingerprint)
            and self.built_upon.fields_fingerprint == fields_fingerprint
        )

    def graph(self, identity: str, journal: Journal) -> depends.Graph | None:
        """The graph the previous site was made from, if edits since can be traced
        in it (the journal's identity is the same: so are its records)."""
        old = self.built_upon
        if old is None or old.identity != identity:
            return None
        if old.nodes is not None:
            return old.nodes  # (as this process made it)
        return depends.loads(old.graph, {url_of(r): r.path for r in journal.records()})


@dataclass(frozen=True)
class Work:
    """The pages to render, and those the previous site holds as they would be made."""

    unchanged: list[Page]
    todo: list[Page]
    # Pages not made (SitePlan.carried), with their keys.
    carried: list[tuple[str, str]] = field(default_factory=list)

    @property
    def kept(self) -> set[str]:
        """Every page the previous site holds as it would be made."""
        return {p.path for p in self.unchanged} | {path for path, _key in self.carried}


def sort_pages(plan: SitePlan, previous: Previous, before: depends.Graph | None, same_fields: bool) -> Work:
    """Pages whose key the previous site holds need not be rendered; `before`
    is the graph it was made from, which says which pages an edit can change."""
    # Keys condense what the built-in templates show; a journal's own templates
    # may show anything, so with them every page is rendered again.
    old = previous.built_upon
    known = old.keys if old is not None and len(plan.templates) == 1 else {}
    now = plan.view.graph
    changed = None if before is None else depends.changed_files(before, now)
    near = None if before is None else depends.affected(before, now, same_fields, changed)
    unchanged = _unchanged_pages(plan.pages, known, near, same_fields, changed)
    unchanged_paths = {p.path for p in unchanged}
    todo = [p for p in plan.pages if p.path not in unchanged_paths]
    return Work(unchanged, todo, [(path, known[path]) for path in plan.carried])


def _unchanged_pages(
    pages: list[Page],
    known: dict[str, str],
    near: set[str] | None,
    same_fields: bool,
    changed: set[str] | None = None,
) -> list[Page]:
    """Pages whose key is the one the previous site has for them: they need not be
    rendered. Keys are only compared when that site can be trusted (known is
    empty otherwise: every page is rendered, and its key made by the worker
    that renders it). Record pages far from every change (not near) keep their
    keys without a look, and so do the lists when the journal's fields fingerprint is
    the same, but for those made of notes that the changed files' notes can be
    on (or whose list changed: a subject's page may have another address)."""
    unchanged: list[Page] = []
    kept: set[str] = set()
    for page in pages:
        if page.keyer and page.path in known:
            far = page.record and near is not None and page.path not in near
            untouched = not page.notes or (
                changed is not None and page.drawn_from is not None and not any(map(page.drawn_from, changed))
                and (page.listed_on is None or page.listed_on in kept)
            )  # fmt: skip
            if far or (same_fields and not page.record and untouched):
                page.adopt(known[page.path])
            elif known[page.path] != page.key():
                continue
            unchanged.append(page)
            kept.add(page.path)
    return unchanged


def intact(out: Path, manifest: Manifest) -> bool:
    """Is every file the manifest lists still in the site folder?"""
    return manifest.files.keys() <= files_in(out)


def write_site(
    out: Path,
    plan: SitePlan,
    work: Work,
    previous: Previous,
    notes: Notes,
    manifest: Manifest,
    same_fields: bool,
    recent: ManifestCache,
    spare: Path | None = None,
) -> tuple[list[Any], WriteStats]:
    """Render the pages to do (on every core when there are many) while the
    other files are made, check every file for what must never be published,
    and commit the site (made in the folder spare, where one can be kept).
    Returns what was stored, and the writer's figures."""
    from .templating import render_all

    # A big journal's lists (the top-level pages) take long enough each to be
    # worth forking for; a few record pages are not.
    journal = plan.view.journal
    big = len(journal.interviews) + len(journal.contacts) >= 1000 and sum(not p.record for p in work.todo) > 1
    writer = _writer(out, previous, recent, plan.options.clean, spare)
    try:
        stored = writer.keep_all([*work.carried, *((p.path, p.key()) for p in work.unchanged)])
        guard = plan.leak_check
        checked = previous.built_upon.files if previous.built_upon is not None else {}

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
            files, as_before = plan.other_files(work.kept, previous.built_upon, same_fields, out)
            for rel, data in files.items():
                if not is_shard(rel):  # shards were checked entry by entry as they were made
                    check(rel, data)
            return files, as_before

        def before_fork() -> None:
            notes.preload()
            plan.view.prepare()

        pages_stored, (files, as_before) = render_all(plan.env, work.todo, sink, big, other, before_fork)
        stored += pages_stored
        stored += [writer.keep(rel) for rel in as_before]
        stored += [writer.put(rel, data) for rel, data in files.items()]
        return stored, writer.commit(stored, manifest)
    except BaseException:
        writer.abort()
        raise


def _writer(out: Path, previous: Previous, recent: ManifestCache, clean: bool, spare: Path | None) -> Writer:
    """The site's writer, into the spare where one can be kept. A page removed
    by hand may have been changed by hand first, and so its copy in the spare,
    which is the same file (a hard link): then no copy is kept."""
    if previous.missing and spare is not None:
        shutil.rmtree(spare, ignore_errors=True)
    return Writer(out, recent, clean, prepared(spare, out, recent))
