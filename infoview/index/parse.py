"""One journal file → the rows the index keeps of it: read, hash, parse,
render its notes. Many files are parsed on every core."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from ..journal.decode import build_record
from ..journal.diagnostics import Diagnostic
from ..journal.files import SourceFile, decode, read_bytes, unreadable
from ..journal.model import AnyRecord, Interview
from ..journal.notes import render_markdown
from ..journal.sections import NO_SECTIONS
from . import codec
from .rows import rows_for, title_of

PARALLEL_THRESHOLD = 400  # changed files before parsing moves to a process pool


@dataclass(frozen=True, slots=True)
class Prepared:
    """One parsed file, as rows ready for the index (made in a worker process)."""

    rel: str
    kind: str
    id: str
    size: int
    mtime_ns: int
    ctime_ns: int
    sha256: str
    payload: str  # the record (without its body and sections) and diagnostics, as JSON
    fields_digest: str  # a digest of the payload (see fields_digest())
    title: str  # what the search calls it (rows.title_of)
    body: str
    sections: bytes  # an interview's sections, as compressed JSON (see codec.dump_sections)
    html: bytes  # the rendered body, compressed (see codec.pack)
    reflection_html: bytes  # an interview's reflection as its tags' pages show it, compressed
    diagnostics: list[tuple[Any, ...]]
    tables: list[tuple[str, list[tuple[Any, ...]]]]


def parse_all(root: Path, files: list[SourceFile], allow_html: bool) -> Iterator[Prepared]:
    """Parse files, on every core when there are many; results come as they are ready,
    so the index is written while the rest is still being parsed."""
    workers = min(os.cpu_count() or 1, 8)
    if len(files) < PARALLEL_THRESHOLD or workers < 2:
        yield from _parse_chunk(root, files, allow_html)
        return
    from concurrent.futures import ProcessPoolExecutor, as_completed

    size = max(50, len(files) // (workers * 24))
    chunks = [files[i : i + size] for i in range(0, len(files), size)]
    import multiprocessing
    import threading

    # Forking a process that runs other threads (the live preview) is unsafe.
    method = "forkserver" if threading.active_count() > 1 else None
    try:
        context = multiprocessing.get_context(method)
        from ..workers import quiet_worker

        pool = ProcessPoolExecutor(
            max_workers=workers, mp_context=context, initializer=quiet_worker, initargs=(os.getpid(),)
        )
    except (OSError, RuntimeError, ValueError):
        yield from _parse_chunk(root, files, allow_html)
        return
    with pool:
        # Each chunk's files are let go of once written (as_completed keeps none of them
        # once it has handed them out): held all at once, they were most of a first build's memory.
        for future in as_completed([pool.submit(_parse_chunk, root, chunk, allow_html) for chunk in chunks]):
            yield from future.result()
            del future


def _parse_chunk(root: Path, files: list[SourceFile], allow_html: bool) -> list[Prepared]:
    return [parse_file(root, f, allow_html) for f in files]


def parse_file(root: Path, file: SourceFile, allow_html: bool = False) -> Prepared:
    """Read, hash, parse and render one file. Never raises."""
    if file.problem:
        return _prepared(file, (-1, -1, -1), "", None, (unreadable(file),), "")
    path = root / file.rel
    try:
        stat = os.stat(path)
        times = stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns
    except OSError:
        times = -1, -1, -1
    data = read_bytes(root, file.rel)
    if isinstance(data, Diagnostic):
        return _prepared(file, times, "", None, (data,), "")
    sha = hashlib.sha256(data).hexdigest()
    text = decode(file.rel, data)
    if isinstance(text, Diagnostic):
        return _prepared(file, times, sha, None, (text,), "")
    from ..journal.frontmatter import parse as parse_text

    doc = parse_text(file.rel, text)
    record, diags = build_record(file.kind, file.id, doc)
    body_html = render_markdown(record.body, allow_html) if record else ""
    return _prepared(file, times, sha, record, diags, body_html)


def _prepared(
    file: SourceFile,
    times: tuple[int, int, int],  # size, mtime_ns, ctime_ns
    sha: str,
    record: AnyRecord | None,
    diags: tuple[Diagnostic, ...],
    body_html: str,
) -> Prepared:
    diagnostics = codec.diagnostic_rows(diags)
    payload = codec.dumps(record, diags)
    fields = payload
    if isinstance(record, Interview) and record.sections is not NO_SECTIONS:
        fields = codec.dumps(replace(record, sections=NO_SECTIONS), diags)  # notes' text: not a field
    return Prepared(
        file.rel, str(file.kind), file.id, *times, sha, payload, fields_digest(fields), title_of(record),
        record.body if record else "", codec.dump_sections(record), codec.pack(body_html),
        codec.pack(_reflection_html(record)), diagnostics,
        rows_for(record) if record else [],
    )  # fmt: skip


def _reflection_html(record: AnyRecord | None) -> str:
    """An interview's reflection as pages of its tags show it (raw HTML shown as
    text, whatever allow_html says: see site/shown.py), before their wiki-links
    are resolved; "" for none."""
    if not isinstance(record, Interview) or not record.sections.has_reflection:
        return ""
    return render_markdown(record.sections.reflection)


def fields_digest(payload: str) -> str:
    """A digest of what a file says besides its notes' text: its record without
    the body and the sections read from it, and its diagnostics. The site's lists show nothing else. Made
    when the file is parsed, and kept in the files table."""
    return hashlib.sha1(payload.encode()).hexdigest()
