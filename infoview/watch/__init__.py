"""`infoview watch`: build, serve on the loopback address, rebuild on change, reload tabs.

Two processes, one direction:

- the *preview* process (`Preview`) runs the HTTP server (`server.py`) and
  the watchdog observer (`Changes`), which flags that something under the
  journal changed;
- the main process runs the build loop: it waits for a quiet moment, so a
  burst of saves gives one build, builds, and tells the preview when the
  build starts and when it is done (with the problems it found). Only a
  finished build advances the *epoch* that open tabs reload on.

The build loop keeps the main process free of threads, so builds may fork
workers and use every core; Ctrl-C and SIGTERM stop both processes.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import sys
import time
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ..journal.diagnostics import Diagnostic, Severity, plural
from .server import LIVE_PREFIX, LiveServer, Response, State, inject, overlay, resolve, respond, serve

QUIET_SECONDS = 0.05  # a burst of saves closer together than this is one change
LOOPBACK = ("127.0.0.1", "localhost", "::1")

# --- watching the journal ----------------------------------------------------


WATCHED = frozenset({"contacts", "interviews", "companies", "templates", "infoview.toml"})


def relevant(root: Path, output: Path, path: str) -> bool:
    """Does a change at path (as the watcher names it: under root) matter for the site?"""
    prefix = os.path.join(str(root), "")
    if path.startswith(prefix) and path[len(prefix) :].split(os.sep, 1)[0] not in WATCHED:
        # The site folder, the index, a build's temporary folder, .git: a build
        # writes thousands of files there, dismissed here without a system call.
        return False
    try:
        rel = Path(path).resolve().relative_to(root.resolve())
    except (ValueError, OSError):
        return False
    parts = rel.parts
    if not parts:
        return False
    try:
        if Path(path).resolve().is_relative_to(output.resolve()):
            return False
    except OSError:
        return False
    if parts[0] == "infoview.toml":
        return True
    if parts[0] == "templates":
        return not any(p.startswith(".") for p in parts)
    if parts[0] not in WATCHED:
        return False
    from ..journal.files import is_ignored

    if any(p.startswith((".", "_")) for p in parts[1:-1]):
        return False
    return not is_ignored(parts[-1]) or "." not in parts[-1]  # a folder, or a record file


class Changes:
    """Notes file-system events (watchdog) that matter, in shared memory.

    `dirty` and `last` are a multiprocessing Event and Value: the watcher
    runs in the server process, the build loop waits in the main one.
    """

    def __init__(self, root: Path, output: Path, dirty: Any, last: Any) -> None:
        from watchdog.events import FileSystemEventHandler
        from watchdog.observers import Observer

        self.root, self.output, self.dirty, self.last = root, output, dirty, last
        changes = self

        class Handler(FileSystemEventHandler):
            def on_any_event(self, event: Any) -> None:
                if event.event_type in ("opened", "closed_no_write"):
                    return
                paths = [event.src_path, getattr(event, "dest_path", "") or ""]
                if event.is_directory and event.event_type in ("created", "moved"):
                    changes.follow(Path(str(paths[-1] or paths[0])))
                if any(p and relevant(changes.root, changes.output, str(p)) for p in paths):
                    changes.last.value = time.monotonic()
                    changes.dirty.set()

        # Only what a build reads is watched: the journal's own folder for
        # infoview.toml and new record folders, and each record folder all the
        # way down. Not the rest of it (the site a build swaps in, the index):
        # thousands of events for nothing, and folders that come and go.
        self.handler = Handler()
        self.observer = Observer()
        self.observer.schedule(self.handler, str(root), recursive=False)
        self.followed: set[str] = set()
        for name in sorted(WATCHED - {"infoview.toml"}):
            self.follow(root / name)

    def follow(self, folder: Path) -> None:
        """Watch a record folder (contacts/, templates/…) all the way down."""
        if folder.parent != self.root or folder.name not in WATCHED or not folder.is_dir():
            return
        with contextlib.suppress(OSError, KeyError, RuntimeError):
            self.observer.schedule(self.handler, str(folder), recursive=True)
            self.followed.add(folder.name)

    def start(self) -> None:
        import threading

        self.observer.start()
        self.stopping = threading.Event()
        threading.Thread(target=self._follow_the_folder, name="infoview-folder", daemon=True).start()

    def stop(self) -> None:
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
                self.observer.schedule(self.handler, str(self.root), recursive=False)
                for name in sorted(WATCHED - {"infoview.toml"}):
                    self.follow(self.root / name)
            self.last.value = time.monotonic()
            self.dirty.set()


def _identity(folder: Path) -> tuple[int, int] | None:
    try:
        info = os.stat(folder)
    except OSError:
        return None
    return info.st_dev, info.st_ino


class Preview:
    """The server and the watcher, in a process of their own.

    The build loop stays in the main process, which then runs no other
    thread and may fork workers to build on every core. The two talk over a
    pipe (build started, build finished with these problems, stop) and share
    the "something changed" flag.
    """

    def __init__(self, site: Path, root: Path, host: str, port: int) -> None:
        import multiprocessing

        context = multiprocessing.get_context("fork")  # before any thread exists
        self.dirty = context.Event()
        self.last = context.Value("d", 0.0)
        self.conn, child = context.Pipe()
        self.process = context.Process(
            target=_preview_main,
            args=(child, site, root, host, port, self.dirty, self.last, os.getpid()),
            name="infoview-preview",
            daemon=True,
        )
        self.process.start()
        child.close()
        message = self.conn.recv() if self.conn.poll(30) else ("error", 0, "the server did not start")
        if message[0] == "error":
            self.process.join(timeout=1)
            raise OSError(message[1], message[2])
        self.address: tuple[str, int] = (str(message[1]), int(message[2]))

    def building(self) -> None:
        self.conn.send(("building",))

    def built(self, problems: list[Diagnostic], failure: str = "") -> None:
        from ..index.codec import diagnostic_rows

        self.conn.send(("built", diagnostic_rows(problems), failure))

    def wait_for_quiet(self) -> None:
        """Block until something changed and then nothing more for a moment."""
        while not self.dirty.wait(timeout=0.5):
            pass
        while time.monotonic() - self.last.value < QUIET_SECONDS:
            time.sleep(QUIET_SECONDS / 4)
        self.dirty.clear()

    def stop(self) -> None:
        with contextlib.suppress(OSError, ValueError):
            self.conn.send(("stop",))
        self.process.join(timeout=0.6)
        if self.process.is_alive():
            self.process.kill()
            self.process.join(timeout=0.3)


def _preview_main(conn: Any, site: Path, root: Path, host: str, port: int, dirty: Any, last: Any,
                  parent: int) -> None:  # fmt: skip
    """The server process: serve, watch, and follow what the builder says."""
    from ..workers import quiet_worker

    quiet_worker(parent)  # Ctrl-C is the builder's to handle; die with it
    state = State()
    state.start_build()
    try:
        server = serve(site, state, host, port)
    except OSError as exc:
        conn.send(("error", exc.errno or 0, exc.strerror or str(exc)))
        return
    from ..index.codec import diagnostics_from_rows as from_rows

    changes = Changes(root, site, dirty, last)
    changes.start()
    conn.send(("ready", *server.server_address[:2]))
    try:
        while True:
            message = conn.recv()
            if message[0] == "building":
                state.start_build()
            elif message[0] == "built":
                state.finish_build(list(from_rows(message[1])), message[2])
            else:
                break
    except (EOFError, OSError):
        pass
    finally:
        state.stop()
        server.shutdown()
        server.server_close()
        changes.stop()


def log(message: str) -> None:
    print(f"{time.strftime('%H:%M:%S')} {message}", file=sys.stderr, flush=True)


def rebuild(
    preview: Preview,
    build: Callable[[], tuple[bool, list[Diagnostic], str]],
    then: Callable[[], Any] = lambda: None,
) -> None:
    """One build; whatever happens, the epoch advances and the preview goes on.
    `then` runs once the preview knows (tabs are reloading meanwhile)."""
    preview.building()
    try:
        ok, problems, summary = build()
        preview.built([] if ok else problems)
        log(summary)
    except Refused as exc:  # the site would show what it must not: say what to change
        log(str(exc))
        preview.built([], str(exc))
    except Exception:  # a bug must not stop the preview: log it, show it, go on
        text = traceback.format_exc()
        log("build failed unexpectedly:\n" + text.rstrip())
        preview.built([], text)
    finally:
        then()


class Refused(Exception):
    """A build that stopped before publishing, for a reason the user can act on."""


class PortInUse(OSError):
    pass


def live_preview(
    root: Path,
    output: Path | None,
    host: str,
    port: int,
    include_private: bool,
    today: dt.date | None,
    open_browser: bool,
    say: Callable[[str], Any],
    warn: Callable[[str], Any],
) -> None:
    """`infoview watch`: build, serve, and rebuild on change until Ctrl-C or SIGTERM."""
    import errno
    import signal

    from ..index.store import is_damage, remove_index
    from ..journal.config import load_config
    from ..load.journal import collector_paused
    from ..load.memo import Memo
    from ..site.build import (
        BuildOptions,
        BuildResult,
        LeakError,
        OutputError,
        build,
        check_output,
        output_folder,
    )

    config, _ = load_config(root)
    out = output_folder(root, BuildOptions(today or dt.date.today(), output), config.output)
    check_output(root, out)

    memo = Memo()  # files decoded by the previous build

    def build_site() -> BuildResult:
        options = BuildOptions(today or dt.date.today(), output, include_private)
        try:
            return build(root, options, memo)
        except Exception as exc:
            if not is_damage(exc):
                raise
            log(f"index is damaged ({exc}); rebuilding it")  # found late, on a page read
            remove_index(root)
            memo.forget()
        return build(root, options, memo)

    def build_once() -> tuple[bool, list[Diagnostic], str]:
        try:
            result = build_site()
        except LeakError as exc:
            raise Refused(
                f"refusing to publish the site: {exc} The previous site was left as it was."
            ) from None
        except OutputError as exc:
            raise Refused(str(exc)) from None
        if not result.built:
            errors = [d for d in result.diagnostics if d.severity is Severity.ERROR]
            return False, errors, problems_summary(errors)
        what = "up to date" if result.up_to_date else f"{result.written} files written"
        return True, [], f"built in {result.seconds:.2f}s ({what})"

    try:
        preview = Preview(out, root, host, port)
    except OSError as exc:
        if exc.errno == errno.EADDRINUSE:
            raise PortInUse(exc.errno, exc.strerror) from None
        raise OSError(exc.errno, f"cannot serve on {host}:{port}: {exc.strerror or exc}") from None
    if not is_loopback(host):
        warn(f"warning: serving on {host}: your private journal can be reached from the network")
    shown = f"[{preview.address[0]}]" if ":" in str(preview.address[0]) else preview.address[0]
    url = f"http://{shown}:{preview.address[1]}/"

    def stop(signum: int, frame: Any) -> None:
        raise KeyboardInterrupt

    def rebuild_now() -> None:
        # No cyclic collection until the tabs are told: the collector then runs
        # while the preview waits for the next change, not before the reload.
        with collector_paused():
            rebuild(preview, build_once, memo.release)

    previous = {sig: signal.signal(sig, stop) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        say(f"Serving {out} at {url}  (Ctrl-C to stop)")
        rebuild_now()
        if open_browser:
            import webbrowser

            webbrowser.open(url)
        while True:
            preview.wait_for_quiet()
            log("change detected; rebuilding")
            rebuild_now()
    except KeyboardInterrupt:
        pass
    finally:
        preview.stop()
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        print("Stopped.", file=sys.stderr, flush=True)


SHOWN_PROBLEMS = 20  # in the terminal; the overlay and `validate` show them all


def problems_summary(errors: list[Diagnostic]) -> str:
    """What the terminal says of a build that stopped at errors: where they are."""
    count = len(errors)
    lines = [f"{plural(count, 'problem')} in the journal; showing the last good site:"]
    lines += [f"  {d}" for d in errors[:SHOWN_PROBLEMS]]
    if count > SHOWN_PROBLEMS:
        lines.append(f"  … and {count - SHOWN_PROBLEMS} more (infoview validate lists them all)")
    return "\n".join(lines)


def is_loopback(host: str) -> bool:
    return host in LOOPBACK or host.startswith("127.")


__all__ = [
    "LIVE_PREFIX", "SHOWN_PROBLEMS", "Changes", "LiveServer", "PortInUse", "Preview", "Response", "State",
    "inject", "live_preview", "overlay", "problems_summary", "rebuild", "relevant", "resolve", "respond",
    "serve",
]  # fmt: skip
