"""The site kept in the journal between builds (output.Spare): where it is,
whether it can be written into, and the spares of sites that are gone."""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
import sys
import time
from pathlib import Path

from .listing import contents, settled, stamps
from .output import MANIFEST, Manifest, ManifestCache, Spare


def spare_folder(root: Path, out: Path) -> Path:
    """Where the journal keeps the spare of the site in out (see Spare)."""
    return root / ".infoview" / "spare" / hashlib.sha256(os.fsencode(out.absolute())).hexdigest()[:16]


def prepared(folder: Path | None, out: Path, recent: ManifestCache) -> Spare | None:
    """The spare in folder, ready for a Writer to write into; None where the
    system cannot swap it with out in one step (then each build starts anew)."""
    if folder is None or sys.platform != "linux":
        return None
    ready = _made_ready(folder, out, recent)
    if ready is not None:
        return ready
    with contextlib.suppress(OSError):
        _sweep(folder.parent)
    if not out.is_dir():
        return None
    try:
        folder.parent.mkdir(parents=True, exist_ok=True)
        if os.stat(folder.parent).st_dev != os.stat(out).st_dev:
            return None
        site = folder.parent / f"{folder.name}.site"  # which site it is the spare of
        if not site.is_file() or site.read_text(encoding="utf-8") != str(out):
            site.write_text(str(out), encoding="utf-8")
        if folder.is_symlink() or (folder.exists() and not folder.is_dir()):
            folder.unlink()
        held = Manifest.read(folder, recent) if folder.is_dir() else None
        files, folders = contents(folder, recent) if held is not None else (frozenset(), frozenset())
        if held is None or not held.files.keys() <= files:
            shutil.rmtree(folder, ignore_errors=True)
            folder.mkdir()
            return Spare(folder, {})
        os.unlink(folder / MANIFEST)  # from here on it is being changed
        # What someone else put there (into the site it was, or here) goes, and so do the folders it leaves.
        for rel in files - held.files.keys() - {MANIFEST}:
            os.unlink(folder / rel)
        wanted = {rel.rsplit("/", n)[0] for rel in held.files for n in range(1, rel.count("/") + 1)}
        for rel in sorted(folders - wanted, reverse=True):  # (a folder's own folders first)
            os.rmdir(folder / rel)
        return Spare(folder, held.files)
    except OSError:
        return None


def keep_ready(folder: Path, out: Path, spare: Spare, recent: ManifestCache) -> None:
    """Keep the spare prepared in folder (see prepared) for the next build of
    out: it takes it as it is, as long as no folder in it changes meanwhile.
    (Listed once what preparing it changed is settled: see listing.py.)"""
    started = time.time_ns()
    files, folders = contents(folder)
    found = stamps(folder, folders)
    if found is not None and settled(found, started) and files == spare.files.keys():
        recent.put(_ready_place(folder), (str(out), found), spare)


def _made_ready(folder: Path, out: Path, recent: ManifestCache) -> Spare | None:
    """The spare keep_ready kept, for one build, if it is as it was then."""
    kept = recent.take(_ready_place(folder))
    if kept is None:
        return None
    (site, found), spare = kept
    as_left = stamps(folder, [rel for rel, _inode, _mtime in found[1:]]) == found
    return spare if site == str(out) and as_left else None


def _ready_place(folder: Path) -> tuple[str, str]:
    return ("ready spare", str(folder))


def _sweep(spares: Path) -> None:
    """Remove the spares of sites that are gone (deleted, set aside, or made
    once with -o): their files are no longer links to a site's, and take room."""
    for entry in spares.iterdir():
        if entry.suffix == ".site":
            continue
        site = entry.with_name(f"{entry.name}.site")
        with contextlib.suppress(OSError):
            if (Path(site.read_text(encoding="utf-8")) / MANIFEST).is_file():
                continue
        if entry.is_dir():
            shutil.rmtree(entry, ignore_errors=True)
        else:
            entry.unlink(missing_ok=True)
        site.unlink(missing_ok=True)
