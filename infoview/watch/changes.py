"""What `watch` watches: the journal's record folders, templates and settings,
followed even when the journal folder is replaced at the same path."""

from __future__ import annotations

import contextlib
import os
import sys
import threading
import time
from collections.abc import Iterable
from pathlib import Path
from typing import Any

# How long the builder waits after a change for more of it (a burst of saves
# closer together than this is one change): after a file changed, as it may
# still be being written, or was removed or emptied, as it may be about to be
# written anew (a checkout removes each file it changes, then writes it);
# after the one file changed was closed with something in it, or moved into
# place, only for what follows at once. While several files change (a
# checkout, a sync), each may be followed by the next after a pause.
QUIET_SECONDS = 0.05
DONE_SECONDS = 0.01


# --- watching the journal ----------------------------------------------------


def log(message: str) -> None:
    print(f"{time.strftime('%H:%M:%S')} {message}", file=sys.stderr, flush=True)


WATCHED = frozenset({"contacts", "interviews", "companies", "templates", "infoview.toml"})
RECORD_FOLDERS = frozenset({"contacts", "interviews", "companies"})

# What a change names where it is not a file in a record folder (a folder,
# the templates, the settings): every file is looked at.
EVERYTHING = "*"
MOST_NAMED = 1000  # more changed files than this at once (a checkout): every file is looked at


def named_file(root: Path, path: str, is_directory: bool) -> str:
    """What a change that matters (see relevant) at path names: the journal-relative
    path of a file in a record folder, else EVERYTHING."""
    prefix = os.path.join(str(root), "")
    if is_directory or not path.startswith(prefix):
        return EVERYTHING
    rel = path[len(prefix) :].replace(os.sep, "/")
    return rel if rel.split("/", 1)[0] in RECORD_FOLDERS else EVERYTHING


def relevant(root: Path, output: Path, path: str, folder: bool = False) -> bool:
    """Does a change at path (as the watcher names it: under root; a folder's
    where folder) matter for the site?"""
    prefix = os.path.join(str(root), "")
    if path.startswith(prefix) and path[len(prefix) :].split(os.sep, 1)[0] not in WATCHED:
        # The site folder, the index, a build's temporary folder, .git: a build
        # writes thousands of files there, dismissed here without a system call.
        return False
    # Where the path is, its folders' links followed (not its own: a record file
    # may be a link, even a broken one or one in a loop, and still be the journal's).
    placed = Path(os.path.realpath(os.path.dirname(path))) / os.path.basename(path)
    try:
        rel = placed.relative_to(os.path.realpath(root))
    except ValueError:
        return False
    parts = rel.parts
    if not parts or placed.is_relative_to(os.path.realpath(output)):
        return False
    if parts[0] == "infoview.toml":
        return True
    if parts[0] == "templates":
        return not any(p.startswith(".") for p in parts)
    if parts[0] not in WATCHED:
        return False
    from ..journal.files import is_ignored, is_walked

    if not all(map(is_walked, parts[1:-1])):
        return False
    if folder:
        return is_walked(parts[-1])
    return not is_ignored(parts[-1]) or "." not in parts[-1]  # a folder, or a record file


class Changes:
    """Notes file-system events (watchdog) that matter, in shared memory.

    `dirty` and `until` are a multiprocessing Event and Value: the watcher
    runs in the server process, the build loop waits in the main one, until
    the time.monotonic() in `until` (see QUIET_SECONDS).
    """

    def __init__(self, root: Path, output: Path, dirty: Any, until: Any) -> None:
        from watchdog.events import FileSystemEventHandler
        from watchdog.observers import Observer

        self.root, self.output, self.dirty, self.until = root, output, dirty, until
        changes = self

        class Handler(FileSystemEventHandler):
            def on_any_event(self, event: Any) -> None:
                try:
                    changes.seen(event)
                except Exception:  # a bug must not stop the watcher: every file is looked at
                    changes.note([EVERYTHING])

        # Only what a build reads is watched: the journal's own folder for
        # infoview.toml and new record folders, and each record folder all the
        # way down. Not the rest of it (the site a build swaps in, the index):
        # thousands of events for nothing, and folders that come and go.
        self.handler = Handler()
        self.named: set[str] = set()  # what changed since the builder last asked (see take)
        self.lock = threading.Lock()
        self.observer = Observer()
        self.observer.schedule(self.handler, str(root), recursive=False)
        self.followed: dict[str, Any] = {}  # a record folder's name -> its watch (watchdog's)
        for name in sorted(WATCHED - {"infoview.toml"}):
            self.follow(root / name)

    def seen(self, event: Any) -> None:
        """A file-system event (watchdog's): note what it names, if it matters."""
        if event.event_type in ("opened", "closed_no_write"):
            return
        paths = [os.fsdecode(event.src_path), os.fsdecode(getattr(event, "dest_path", "") or "")]
        if event.is_directory and event.event_type in ("created", "moved"):
            self.follow(Path(paths[-1] or paths[0]))
        if event.is_directory and event.event_type == "modified":
            return  # (a folder whose files changed: each file's own event names it)
        matter = [p for p in paths if p and relevant(self.root, self.output, p, event.is_directory)]
        if matter:
            names = [named_file(self.root, p, event.is_directory) for p in matter]
            self.note(names, done=_done(event.event_type, paths[-1] or paths[0], paths[-1] in matter))

    def note(self, names: Iterable[str], done: bool = False) -> None:
        """Something that matters changed: keep what it names, then tell the
        builder, and how long to wait for more (done: see QUIET_SECONDS)."""
        with self.lock:
            if EVERYTHING not in self.named:
                self.named.update(names)
            if len(self.named) > MOST_NAMED:
                self.named = {EVERYTHING}
            # (one file saved is done when closed; several, a checkout or a sync
            # going on: it may go on after a pause of a file's length)
            one = len(self.named) == 1 and EVERYTHING not in self.named
        self.until.value = time.monotonic() + (DONE_SECONDS if done and one else QUIET_SECONDS)
        self.dirty.set()

    def take(self) -> list[str]:
        """What changed since the last call: the files, or [EVERYTHING]."""
        with self.lock:
            taken, self.named = sorted(self.named), set()
        return taken

    def follow(self, folder: Path) -> None:
        """Watch a record folder (contacts/, templates/…) all the way down; one
        made anew (removed and made again, swapped for a copy) is watched anew."""
        if folder.parent != self.root or folder.name not in WATCHED or not folder.is_dir():
            return
        with contextlib.suppress(OSError, KeyError, RuntimeError):
            if folder.name in self.followed:  # (its watch went with the folder it watched)
                self.observer.unschedule(self.followed.pop(folder.name))
        with contextlib.suppress(OSError, KeyError, RuntimeError):
            self.followed[folder.name] = self.observer.schedule(self.handler, str(folder), recursive=True)

    def start(self) -> None:
        self.observer.start()
        self.stopping = threading.Event()
        threading.Thread(target=self._follow_the_folder, name="infoview-folder", daemon=True).start()

    def stop(self) -> None:
        import logging

        # An event still on its way when the watcher stops is dropped, as it should be, and
        # watchdog says so as an error: the site swapped into the journal's spare at every
        # build is such an event for half a second (held back to be paired with its other half).
        logging.getLogger("watchdog.observers.inotify").setLevel(logging.CRITICAL)
        self.stopping.set()
        self.observer.stop()
        self.observer.join(timeout=0.4)

    def _follow_the_folder(self) -> None:
        """A journal folder replaced at its path (restored from a backup, synced
        anew) is a new folder: watched from then on, and built."""
        seen = _identity(self.root)
        while not self.stopping.wait(1.0):
            now = _identity(self.root)
            if now == seen:
                continue
            seen = now
            if now is None:
                log(f"the journal folder {self.root} is gone; waiting for it to come back")
                continue
            log("the journal folder was replaced; watching the new one")
            with contextlib.suppress(OSError, KeyError, RuntimeError):
                self.observer.unschedule_all()
                self.followed.clear()
                self.observer.schedule(self.handler, str(self.root), recursive=False)
                for name in sorted(WATCHED - {"infoview.toml"}):
                    self.follow(self.root / name)
            self.note([EVERYTHING])


def _done(kind: str, path: str, placed: bool) -> bool:
    """Is a file's change over once this event is seen? Closed with something
    in it, or moved into place (placed: where it was moved to matters)."""
    if kind == "moved":
        return placed
    if kind != "closed":
        return False
    try:
        return os.stat(path).st_size > 0
    except OSError:
        return False


def _identity(folder: Path) -> tuple[int, int] | None:
    try:
        info = os.stat(folder)
    except OSError:
        return None
    return info.st_dev, info.st_ino
