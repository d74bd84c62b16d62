"""Discover journal files → SourceDoc → records → checks → LoadResult.

Nothing here raises on bad user data: every problem becomes a diagnostic and
the rest of the journal still loads.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from . import frontmatter, validate
from .config import Config, load_config
from .diagnostics import Diagnostic, Span, error, sorted_diagnostics
from .frontmatter import SourceDoc
from .model import AnyRecord, Company, Contact, Interview, Journal, Kind
from .records import build_record

MAX_FILE_BYTES = 2 * 1024 * 1024
_LEFTOVER_SUFFIXES = ("~", ".tmp", ".swp", ".swo", ".bak")


@dataclass(frozen=True, slots=True)
class SourceFile:
    """A record file found under the journal root."""

    kind: Kind
    rel: str  # journal-relative, '/'-separated

    @property
    def id(self) -> str:
        return self.rel.rsplit("/", 1)[-1].removesuffix(".md")


@dataclass(frozen=True, slots=True)
class LoadResult:
    root: Path
    config: Config
    journal: Journal
    diagnostics: tuple[Diagnostic, ...]
    files: int


def is_ignored(name: str) -> bool:
    """Hidden files, editor leftovers and anything that is not markdown."""
    return (
        name.startswith((".", "#", "~$"))
        or name.endswith(_LEFTOVER_SUFFIXES)
        or not name.endswith(".md")
    )


def discover(root: Path) -> list[SourceFile]:
    """Every record file, sorted by path; sub-folders included."""
    found: list[SourceFile] = []
    for kind in Kind:
        top = root / kind.folder
        for folder, dirs, files in os.walk(top):
            dirs[:] = sorted(d for d in dirs if not d.startswith((".", "_")))
            rel_folder = Path(folder).relative_to(root).as_posix()
            found.extend(
                SourceFile(kind, f"{rel_folder}/{name}")
                for name in sorted(files)
                if not is_ignored(name)
            )
    return found


def read_doc(root: Path, rel: str) -> SourceDoc:
    """Read, decode and split one file. Never raises."""
    data = read_bytes(root, rel)
    if isinstance(data, Diagnostic):
        return SourceDoc(rel, None, "", 1, diagnostics=(data,))
    text = decode(rel, data)
    if isinstance(text, Diagnostic):
        return SourceDoc(rel, None, "", 1, diagnostics=(text,))
    return frontmatter.parse(rel, text)


def read_bytes(root: Path, rel: str) -> bytes | Diagnostic:
    path = root / rel
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            return error(
                Span(rel),
                "E016",
                f"file is {size / 1048576:.1f} MB, over the {MAX_FILE_BYTES // 1048576} MB "
                "limit for a record; move large material out of the journal",
            )
        return path.read_bytes()
    except FileNotFoundError:
        return error(Span(rel), "E016", "file disappeared while it was being read")
    except PermissionError:
        return error(Span(rel), "E016", "cannot read the file: permission denied")
    except OSError as exc:
        return error(Span(rel), "E016", f"cannot read the file: {exc.strerror or exc}")


def decode(rel: str, data: bytes) -> str | Diagnostic:
    nul = data.find(b"\x00")
    if nul >= 0:
        line, col = _position(data, nul)
        return error(Span(rel, line, col), "E016", "binary file (NUL byte); not a markdown record")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line, col = _position(data, exc.start)
        return error(
            Span(rel, line, col),
            "E001",
            f"not UTF-8 text (byte 0x{data[exc.start]:02x}); save the file as UTF-8",
        )


def _position(data: bytes, offset: int) -> tuple[int, int]:
    """1-based line and column (in characters) of a byte offset."""
    line_start = data.rfind(b"\n", 0, offset) + 1
    column = len(data[line_start:offset].decode("utf-8", errors="replace")) + 1
    return data.count(b"\n", 0, offset) + 1, column


def load(root: Path) -> LoadResult:
    """Load the whole journal at root: records plus every diagnostic."""
    config, diags = load_config(root)
    files = discover(root)
    built = [(f, *build_record(f.kind, f.id, read_doc(root, f.rel))) for f in files]
    records: list[AnyRecord] = []
    for _file, record, record_diags in built:
        diags.extend(record_diags)
        if record is not None:
            records.append(record)
    diags.extend(validate.duplicate_ids([(f.kind, f.id, f.rel) for f in files]))
    journal = assemble(records)
    diags.extend(validate.check(journal))
    return LoadResult(root, config, journal, tuple(sorted_diagnostics(diags)), len(files))


def assemble(records: list[AnyRecord]) -> Journal:
    """A Journal from records; the first file wins where ids are duplicated."""
    by_kind: dict[Kind, dict[str, AnyRecord]] = {kind: {} for kind in Kind}
    for record in records:
        by_kind[record.kind].setdefault(record.id, record)
    contacts = {k: v for k, v in by_kind[Kind.CONTACT].items() if isinstance(v, Contact)}
    interviews = {k: v for k, v in by_kind[Kind.INTERVIEW].items() if isinstance(v, Interview)}
    companies = {k: v for k, v in by_kind[Kind.COMPANY].items() if isinstance(v, Company)}
    return Journal(contacts, interviews, companies)


def iter_records(journal: Journal) -> Iterator[AnyRecord]:
    yield from journal.contacts.values()
    yield from journal.interviews.values()
    yield from journal.companies.values()
