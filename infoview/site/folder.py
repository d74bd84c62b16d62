"""The site's folder: which one a build may write into, and what a build
killed half-way left beside it."""

from __future__ import annotations

import contextlib
import glob
import os
import shutil
from pathlib import Path

from .output import MANIFEST, SEALED_SOURCE, Manifest, ManifestCache, OutputError


def check_output(
    root: Path, out: Path, encrypted: bool = False, source: bool = False, recent: ManifestCache | None = None
) -> None:
    """Refuse the journal itself, any folder above it, record folders and
    .infoview/ (but for the plain site an encrypted one is made from, given
    source), any existing folder that infoview did not create, and an
    encrypted site's folder unless the site is encrypted again (one meant to
    be published must never become readable by a build without --encrypt).
    Recent: the manifests this build has read (see Manifest.read)."""
    root_r, out_r = root.resolve(), out.resolve()
    if out_r == root_r or root_r.is_relative_to(out_r):
        raise OutputError(f"refusing to write the site into {out}: it holds the journal")
    for folder in ("contacts", "interviews", "companies", "templates", ".infoview"):
        if out_r.is_relative_to(root_r / folder) and not (source and out_r == root_r / SEALED_SOURCE):
            raise OutputError(f"refusing to write the site into {out}: it is inside {folder}/")
    if out_r.exists():
        if not out_r.is_dir():
            raise OutputError(f"{out} exists and is not a folder")
        if not (out_r / MANIFEST).is_file() and any(out_r.iterdir()):
            raise OutputError(
                f"refusing to write into {out}: it was not made by infoview "
                f"(no {MANIFEST}); choose an empty or new folder"
            )
        there = Manifest.read(out, recent)
        if there is not None and there.sealed and not encrypted:
            raise OutputError(
                f"refusing to write an unencrypted site into {out}: it holds an encrypted one, "
                "perhaps published (build it with --encrypt, or choose another folder with -o)"
            )


def remove_leftovers(out: Path) -> None:
    """Staging folders of builds that were killed before they could clean up.
    A build killed between the two renames of its swap left no site, only the
    previous one set aside: that is put back first."""
    out = out.absolute()
    if not out.parent.is_dir():
        return
    pattern = glob.escape(f".{out.name}.")
    retired = [f for f in out.parent.glob(pattern + "old-*") if f.is_dir() and not f.is_symlink()]
    if not os.path.lexists(out):
        complete = sorted(
            (f for f in retired if (f / MANIFEST).is_file()), key=lambda f: f.stat().st_mtime_ns
        )
        if complete:
            with contextlib.suppress(OSError):
                os.rename(complete[-1], out)
    for folder in out.parent.glob(pattern + "*"):
        name = folder.name.removeprefix(f".{out.name}.")
        if name.startswith(("new-", "old-")) and folder.is_dir() and not folder.is_symlink():
            shutil.rmtree(folder, ignore_errors=True)
