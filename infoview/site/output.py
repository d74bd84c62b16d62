"""Writing the site folder safely.

The site is assembled in a temporary folder beside the output and swapped
in with two renames, so a failed build leaves the previous site as it was.
Unchanged files are hard-linked from the previous site, so their mtime
stays. A manifest (which is also the marker that infoview made the folder)
records every file's hash; `build` refuses a folder without it.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

MANIFEST = ".infoview-site.json"
MANIFEST_VERSION = 1


class OutputError(Exception):
    """The output folder cannot be used; the message says why."""


@dataclass(frozen=True, slots=True)
class Manifest:
    fingerprint: str
    files: dict[str, str]  # path -> sha256

    @classmethod
    def read(cls, out: Path) -> Manifest | None:
        try:
            data = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
            if data.get("version") != MANIFEST_VERSION:
                return None
            return cls(str(data["fingerprint"]), dict(data["files"]))
        except (OSError, ValueError, KeyError, TypeError):
            return None

    def dumps(self) -> bytes:
        data = {"version": MANIFEST_VERSION, "generator": "infoview",
                "fingerprint": self.fingerprint, "files": self.files}  # fmt: skip
        return json.dumps(data, indent=1, sort_keys=True).encode("utf-8")


def check_output(root: Path, out: Path) -> None:
    """Refuse the journal itself, any folder above it, record folders, and
    any existing folder that infoview did not create."""
    root_r, out_r = root.resolve(), out.resolve()
    if out_r == root_r or root_r.is_relative_to(out_r):
        raise OutputError(f"refusing to write the site into {out}: it holds the journal")
    for folder in ("contacts", "interviews", "companies", "templates", ".infoview"):
        if out_r.is_relative_to(root_r / folder):
            raise OutputError(f"refusing to write the site into {out}: it is inside {folder}/")
    if out_r.exists():
        if not out_r.is_dir():
            raise OutputError(f"{out} exists and is not a folder")
        if not (out_r / MANIFEST).is_file() and any(out_r.iterdir()):
            raise OutputError(
                f"refusing to write into {out}: it was not made by infoview "
                f"(no {MANIFEST}); choose an empty or new folder"
            )


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@dataclass(frozen=True, slots=True)
class WriteStats:
    written: int
    unchanged: int
    removed: int


@dataclass(frozen=True, slots=True)
class Stored:
    """What happened to one file put into the staging folder."""

    rel: str
    sha256: str
    written: bool  # False: identical to the previous site's, hard-linked


class Staging:
    """A temporary folder beside the output, swapped in by commit().

    put() may be called from forked worker processes: it only touches the
    file it is given.
    """

    def __init__(self, out: Path) -> None:
        self.out = out.absolute()
        old = Manifest.read(self.out) if self.out.exists() else None
        self.old_files = old.files if old else {}
        self.out.parent.mkdir(parents=True, exist_ok=True)
        self.dir = Path(tempfile.mkdtemp(prefix=f".{self.out.name}.new-", dir=self.out.parent))
        self._folders: set[str] = {""}

    def put(self, rel: str, data: bytes) -> Stored:
        folder = rel.rpartition("/")[0]
        if folder not in self._folders:
            (self.dir / folder).mkdir(parents=True, exist_ok=True)
            self._folders.add(folder)
        digest = sha256(data)
        if self.old_files.get(rel) == digest and _link(self.out / rel, self.dir / rel):
            return Stored(rel, digest, False)
        fd = os.open(self.dir / rel, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
        try:
            os.write(fd, data)
        finally:
            os.close(fd)
        return Stored(rel, digest, True)

    def commit(self, stored: list[Stored], fingerprint: str) -> WriteStats:
        hashes = {s.rel: s.sha256 for s in stored}
        (self.dir / MANIFEST).write_bytes(Manifest(fingerprint, hashes).dumps())
        _swap(self.dir, self.out)
        written = sum(s.written for s in stored)
        removed = len(set(self.old_files) - set(hashes))
        return WriteStats(written, len(stored) - written, removed)

    def abort(self) -> None:
        shutil.rmtree(self.dir, ignore_errors=True)


def write_site(out: Path, files: dict[str, bytes], fingerprint: str) -> WriteStats:
    """Replace the site at `out` with `files`, atomically."""
    staging = Staging(out)
    try:
        stored = [staging.put(rel, data) for rel, data in sorted(files.items())]
        return staging.commit(stored, fingerprint)
    except BaseException:
        staging.abort()
        raise


def _link(source: Path, target: Path) -> bool:
    try:
        os.link(source, target)
        return True
    except OSError:
        return False


def _swap(staging: Path, out: Path) -> None:
    if not out.exists():
        os.rename(staging, out)
        return
    retired = Path(tempfile.mkdtemp(prefix=f".{out.name}.old-", dir=out.parent))
    os.rmdir(retired)
    os.rename(out, retired)
    try:
        os.rename(staging, out)
    except OSError:
        os.rename(retired, out)
        raise
    with contextlib.suppress(OSError):
        shutil.rmtree(retired)
