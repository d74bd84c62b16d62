"""The preview process: the HTTP server and the watcher, apart from the build loop."""

from __future__ import annotations

import contextlib
import os
import time
from pathlib import Path
from typing import Any

from ..journal.diagnostics import Diagnostic
from .changes import EVERYTHING, Changes
from .server import State, serve

WAKE_SECONDS = 0.002  # how often the wait for a quiet moment looks again


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
        self.until = context.Value("d", 0.0)  # (see Changes)
        self.conn, child = context.Pipe()
        self.process = context.Process(
            target=_preview_main,
            args=(child, site, root, host, port, self.dirty, self.until, os.getpid()),
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
        self.asked = 0  # how many times the watcher was asked what changed

    def building(self) -> None:
        self.conn.send(("building",))

    def built(self, problems: list[Diagnostic], failure: str = "", same_site: bool = False) -> None:
        from ..index.codec import diagnostic_rows

        self.conn.send(("built", diagnostic_rows(problems), failure, same_site))

    def wait_for_quiet(self) -> list[str]:
        """Block until something changed and then nothing more for a moment;
        what changed (see Changes.take)."""
        while not self.dirty.wait(timeout=0.5):
            pass
        # (until the time the watcher set: a change meanwhile sets another, later
        # for a file being written, sooner once it is closed: looked at often)
        while (left := self.until.value - time.monotonic()) > 0:
            time.sleep(min(left, WAKE_SECONDS))
        self.dirty.clear()
        self.asked += 1
        try:
            self.conn.send(("changed", self.asked))
            while self.conn.poll(5):
                answer = self.conn.recv()
                if answer[0] == self.asked:  # (an answer that came too late is dropped)
                    return list(answer[1])
        except (OSError, EOFError):
            pass
        return [EVERYTHING]  # (the watcher cannot say: every file is looked at)

    def pending(self) -> bool:
        """Has a change been seen since the last wait_for_quiet?"""
        return self.dirty.is_set()

    def poke(self) -> None:
        """Build again, as if a change had been seen."""
        self.until.value = time.monotonic()
        self.dirty.set()

    def stop(self) -> None:
        with contextlib.suppress(OSError, ValueError):
            self.conn.send(("stop",))
        self.process.join(timeout=0.6)
        if self.process.is_alive():
            self.process.kill()
            self.process.join(timeout=0.3)


def _preview_main(conn: Any, site: Path, root: Path, host: str, port: int, dirty: Any, until: Any,
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

    changes = Changes(root, site, dirty, until)
    changes.start()
    conn.send(("ready", *server.server_address[:2]))
    try:
        while True:
            message = conn.recv()
            if message[0] == "building":
                state.start_build()
            elif message[0] == "built":
                state.finish_build(list(from_rows(message[1])), message[2], message[3])
            elif message[0] == "changed":
                conn.send((message[1], changes.take()))
            else:
                break
    except (EOFError, OSError):
        pass
    finally:
        state.stop()
        server.shutdown()
        server.server_close()
        changes.stop()
