"""What a build starts from, besides the journal: what is left out (for
errors, or private), what must never be published, the templates, and the
fingerprints that say whether the previous site can be built upon."""

from __future__ import annotations

import functools
import hashlib
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from .. import __version__
from ..cache import Results
from ..journal.config import Config, calendar_zone
from ..journal.diagnostics import Severity
from ..journal.model import Journal, Kind
from ..journal.privacy import PrivateNames, private_names
from ..load.journal import LoadResult, assemble
from ..load.snapshot import Notes
from ..resources import templates_dir
from . import forbidden, leaks
from .options import BuildOptions
from .public import Withheld, withheld
from .urls import url_of


@dataclass(frozen=True)
class Inputs:
    """What every later stage of a build takes, made once from the loaded journal."""

    skipped: tuple[str, ...]  # files left out for errors
    templates: list[Path]  # the journal's own templates/ first, if it has one
    files_fingerprint: str  # of every file, by path and sha256
    hidden: Withheld  # what is kept off the site
    usable: Journal  # the records of the files not left out for errors (private ones too)
    names: Callable[[], PrivateNames]  # private names, made when first asked for
    guard: leaks.LeakCheck
    settings: str  # a fingerprint of everything besides the files


def gather(root: Path, loaded: LoadResult, notes: Notes, options: BuildOptions, results: Results) -> Inputs:
    errors = [d for d in loaded.diagnostics if d.severity is Severity.ERROR]
    skipped = tuple(sorted({d.span.path for d in errors}))
    templates = template_dirs(root)
    # Left out for errors, a record is withheld wherever something refers to it.
    hidden = withheld(loaded.journal, options.include_private, map(_kind_and_id, skipped),
                      _unread(root, loaded.journal, skipped))  # fmt: skip
    # Private people's names, left out of public text (notes, fields,
    # follow-ups): needed only when something changed.
    names = functools.cache(
        lambda: private_names(
            loaded.journal,
            hidden.contacts,
            hidden.companies,
            hidden.unread,
            hidden.interviews,
            (results, loaded.fields_fingerprint, "the private names on the site"),
            (loaded.config.title, loaded.config.owner),
        )
    )
    # What must never be published; when it changes, every page is checked anew.
    guard, secrets = _leak_check(loaded, notes, hidden, names, options, skipped, templates, results)
    settings = _settings_fingerprint(loaded, options, templates, skipped, secrets)
    return Inputs(
        skipped,
        templates,
        loaded.files_fingerprint,
        hidden,
        _without(loaded.journal, set(skipped)),
        names,
        guard,
        settings,
    )


def _leak_check(
    loaded: LoadResult,
    notes: Notes,
    hidden: Withheld,
    names: Callable[[], PrivateNames],
    options: BuildOptions,
    skipped: tuple[str, ...],
    templates: list[Path],
    results: Results,
) -> tuple[leaks.LeakCheck, str]:
    """The check for what must never be published, and a digest of it. The
    secrets depend on every file (public text makes a secret public), the
    options, the site's own words and what was left out; they are kept (in
    memory, and in the index, which holds the journal anyway) for as long as
    all of that is the same."""
    full = loaded.journal

    def make() -> list[forbidden.Secret]:
        config = loaded.config
        # The built-in templates' words are the site's own; a journal's own
        # templates are searched like any page.
        return forbidden.secrets(full, hidden, options.redact, notes, names(), (config.title, config.owner),
                             [templates_dir()], skipped, (results, loaded.shas), keep)  # fmt: skip

    asked = (
        skipped,
        options.include_private,
        options.redact,
        loaded.config,
        _folders_fingerprint(templates, ""),
    )
    key = repr((loaded.files_fingerprint, *asked))

    def keep(secrets: str, facts: Callable[[], forbidden.Facts]) -> forbidden.Facts:
        """What the public fields say of the secrets, kept while they, the
        fields and the rest asked are the same (an edit of notes keeps them)."""
        if not loaded.fields_fingerprint:
            return facts()
        # (the private names too: what left-out files say is not a field)
        kept = repr((loaded.fields_fingerprint, names().digest, sorted(hidden.unread), secrets, *asked))
        return results.result("what public fields say of the secrets", kept, facts,
                              (forbidden.dump_facts, forbidden.load_facts))  # fmt: skip

    found = results.result("leak check", key, make, (forbidden.dump_secrets, forbidden.load_secrets))

    def source(page: str) -> str | None:
        """The public record a page shows (asked only when a page is refused)."""
        return next((r.path for r in full.records() if not hidden.holds(r) and url_of(r) == page), None)

    # The same secrets (each with what it is, as a find would say) make the same
    # automaton: a process that builds again keeps it.
    said = hashlib.sha256(repr(sorted((s.text, s.what, s.shields) for s in found)).encode()).hexdigest()
    made = results.made("leak check automaton", said, lambda: leaks.automaton(found))
    check = leaks.LeakCheck(found, options.redact, source, loaded.config.allow_html, made)
    return check, forbidden.digest(found)


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


def template_dirs(root: Path) -> list[Path]:
    """The journal's own site templates first, if it has any: pages (*.html)
    or static files in templates/ (which may also hold message templates and
    the body of new interviews, which are not the site's)."""
    own = root / "templates"
    has_site = own.is_dir() and (any(own.glob("*.html")) or (own / "static").is_dir())
    return [own, templates_dir()] if has_site else [templates_dir()]


def asked_fingerprint(config: Config, options: BuildOptions, templates: list[Path]) -> str:
    """What a build is asked, besides the journal's files: its options, the
    settings, the templates and infoview's own code."""
    digest = hashlib.sha256()
    asked = (__version__, options.today, options.include_private, options.redact, options.keep_going,
             options.calendar, config, calendar_zone(config))  # fmt: skip
    digest.update(repr(asked).encode())
    digest.update(_folders_fingerprint(templates, "").encode())
    digest.update(_folders_fingerprint([Path(__file__).resolve().parent.parent], ".py").encode())
    return digest.hexdigest()


def _settings_fingerprint(
    loaded: LoadResult,
    options: BuildOptions,
    templates: list[Path],
    skipped: tuple[str, ...],
    secrets: str,
) -> str:
    """Everything a page depends on besides the journal's files (and what it must not show)."""
    digest = hashlib.sha256()
    settings = (__version__, options.today, options.include_private, options.redact, options.calendar,
                skipped, loaded.config, calendar_zone(loaded.config), secrets)  # fmt: skip
    digest.update(repr(settings).encode())
    digest.update(_folders_fingerprint(templates, "").encode())
    digest.update(_folders_fingerprint([Path(__file__).resolve().parent.parent], ".py").encode())
    return digest.hexdigest()


def _folders_fingerprint(folders: list[Path], ending: str) -> str:
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
