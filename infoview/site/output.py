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


def write_site(out: Path, files: dict[str, bytes], fingerprint: str) -> WriteStats:
    """Replace the site at `out` with `files`, atomically."""
    out = out.absolute()
    old = Manifest.read(out) if out.exists() else None
    old_files = old.files if old else {}
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.new-", dir=out.parent))
    hashes: dict[str, str] = {}
    written = unchanged = 0
    try:
        for rel, data in sorted(files.items()):
            target = staging / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            digest = sha256(data)
            hashes[rel] = digest
            if old_files.get(rel) == digest and _link(out / rel, target):
                unchanged += 1
                continue
            target.write_bytes(data)
            written += 1
        (staging / MANIFEST).write_bytes(Manifest(fingerprint, hashes).dumps())
        _swap(staging, out)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    removed = len(set(old_files) - set(hashes))
    return WriteStats(written, unchanged, removed)


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
