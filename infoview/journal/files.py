"""Finding and reading the files of a journal. Never raises on bad files."""

from __future__ import annotations

import errno
import os
import stat
import unicodedata
from dataclasses import dataclass, field, replace
from pathlib import Path

from .diagnostics import Diagnostic, Span, error
from .model import Kind

MAX_FILE_BYTES = 2 * 1024 * 1024
_LEFTOVER_SUFFIXES = ("~", ".tmp", ".swp", ".swo", ".bak")


@dataclass(frozen=True, slots=True)
class SourceFile:
    """A record file found under the journal root."""

    kind: Kind
    rel: str  # journal-relative, '/'-separated
    # Why it cannot be read at all, when it cannot: a name that is not UTF-8
    # (rel then shows U+FFFD in place of what cannot be read), a folder that
    # cannot be opened (rel is the folder's).
    problem: str = ""
    # The file's name without .md, in NFC (macOS writes names decomposed); made
    # once (a load asks it of every file, and a long-running process keeps them).
    id: str = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(
            self, "id", unicodedata.normalize("NFC", self.rel.rsplit("/", 1)[-1].removesuffix(".md"))
        )


def is_ignored(name: str) -> bool:
    """Hidden files, editor leftovers and anything that is not markdown."""
    return name.startswith((".", "#", "~$")) or name.endswith(_LEFTOVER_SUFFIXES) or not name.endswith(".md")


def is_walked(folder: str) -> bool:
    """Is a folder of that name, inside a record folder, read for records? Not
    a hidden one, nor one whose name starts with an underscore (drafts)."""
    return not folder.startswith((".", "_"))


def discover(root: Path) -> list[SourceFile]:
    """Every record file, sorted by path; sub-folders included. A folder that
    cannot be opened is there too, with its problem, in its files' place."""
    found: list[SourceFile] = []
    for kind in Kind:
        top = root / kind.folder
        unreadable: list[OSError] = []
        for folder, dirs, files in os.walk(top, onerror=unreadable.append):
            dirs[:] = sorted(filter(is_walked, dirs))
            rel_folder = Path(folder).relative_to(root).as_posix()
            for name in sorted(files):
                if not is_ignored(name):
                    found.append(_source_file(kind, f"{rel_folder}/{name}"))
        for exc in unreadable:
            if isinstance(exc, FileNotFoundError) or not exc.filename:
                continue  # no such folder (a journal without companies/), or gone meanwhile
            rel = Path(os.fsdecode(exc.filename)).relative_to(root).as_posix()
            problem = (
                f"this folder cannot be read ({exc.strerror or exc}); its files are left out until it can"
            )
            found.append(replace(_source_file(kind, rel), problem=problem))
    return sorted(found, key=lambda f: f.rel)


def record_file(root: Path, rel: str) -> SourceFile | None:
    """The record file at rel (journal-relative, '/'-separated) as discover()
    would find it, or None where discover() would not list it: outside the
    record folders, under a hidden or underscored folder or a folder in them
    that is a symbolic link (not walked into), or not a markdown name."""
    parts = rel.split("/")
    kind = Kind.from_folder(parts[0])
    if kind is None or len(parts) < 2 or is_ignored(parts[-1]):
        return None
    if not all(part and is_walked(part) for part in parts[1:-1]):
        return None
    folder = root / parts[0]  # (walked into even where it is a link)
    for part in parts[1:-1]:
        folder = folder / part
        if folder.is_symlink():
            return None
    return _source_file(kind, rel)


def _source_file(kind: Kind, rel: str) -> SourceFile:
    try:
        rel.encode("utf-8")
    except UnicodeEncodeError:  # undecodable bytes, kept by Python as lone surrogates
        shown = rel.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
        return SourceFile(
            kind, shown, "the file name is not UTF-8 text (it was made on another system); rename it"
        )
    return SourceFile(kind, rel)


def unreadable(file: SourceFile) -> Diagnostic:
    """The diagnostic of a file that cannot be read at all (see SourceFile.problem)."""
    return error(Span(file.rel), "E016", file.problem)


def read_bytes(root: Path, rel: str) -> bytes | Diagnostic:
    """The file's bytes, or a diagnostic saying why they cannot be had."""
    path = root / rel
    try:
        info = path.stat()
    except FileNotFoundError:
        if path.is_symlink():
            return error(Span(rel), "E016", "broken symbolic link: its target does not exist")
        return error(Span(rel), "E016", "file disappeared while it was being read")
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return error(Span(rel), "E016", "symbolic link loop: the link points back at itself")
        return error(Span(rel), "E016", f"cannot read the file: {exc.strerror or exc}")
    if not stat.S_ISREG(info.st_mode):
        return error(Span(rel), "E016", "not a regular file (a pipe, device or socket?)")
    if info.st_size > MAX_FILE_BYTES:
        return _too_big(rel, info.st_size)
    try:
        with open(path, "rb") as handle:
            # Ask for what stat() said (a read of the whole limit would make a
            # buffer that big for every file), then for anything it grew by.
            data = handle.read(info.st_size + 1)
            if len(data) > info.st_size:
                data += handle.read(MAX_FILE_BYTES + 1 - len(data))
    except FileNotFoundError:
        return error(Span(rel), "E016", "file disappeared while it was being read")
    except PermissionError:
        return error(Span(rel), "E016", "cannot read the file: permission denied")
    except OSError as exc:
        return error(Span(rel), "E016", f"cannot read the file: {exc.strerror or exc}")
    if len(data) > MAX_FILE_BYTES:  # it grew while being read
        return _too_big(rel, len(data))
    return data


def _too_big(rel: str, size: int) -> Diagnostic:
    return error(
        Span(rel),
        "E016",
        f"file is {size / 1048576:.1f} MB, over the {MAX_FILE_BYTES // 1048576} MB limit "
        "for a record; move large material out of the journal",
    )


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


def umask() -> int:
    """The process's file-creation mask (new files are 0o666 & ~umask())."""
    mask = os.umask(0)
    os.umask(mask)
    return mask
