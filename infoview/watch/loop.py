"""The build loop of `watch`, in the main process: wait for a quiet moment,
build, tell the preview."""

from __future__ import annotations

import contextlib
import datetime as dt
import sys
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from ..journal.config import load_config
from ..journal.diagnostics import Diagnostic, Severity, plural
from .changes import EVERYTHING, log
from .preview import Preview

if TYPE_CHECKING:
    from ..load.memo import Memo
    from ..site.options import BuildResult

LOOPBACK = ("127.0.0.1", "localhost", "::1")


class Outcome(NamedTuple):
    """What a build of the preview did: built or not, the errors that stopped
    it, what to log, and whether the site is as it was (no page changed)."""

    built: bool
    problems: list[Diagnostic]
    summary: str
    same_site: bool = False


def rebuild(
    preview: Preview,
    build: Callable[[], Outcome],
    then: Callable[[], Any] = lambda: None,
) -> None:
    """One build; whatever happens, the preview knows and goes on (open tabs
    reload, unless nothing they show changed). `then` runs once the preview
    knows (tabs are reloading meanwhile)."""
    preview.building()
    try:
        done = build()
        preview.built([] if done.built else done.problems, same_site=done.same_site)
        log(done.summary)
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
    import signal

    from ..site.folder import check_output

    out = site_folder(root, output, today)
    check_output(root, out)
    memo = preview_memo(root)
    preview = _start_preview(out, root, host, port)
    if not is_loopback(host):
        warn(f"warning: serving on {host}: your private journal can be reached from the network")
    shown = f"[{preview.address[0]}]" if ":" in str(preview.address[0]) else preview.address[0]
    url = f"http://{shown}:{preview.address[1]}/"

    def stop(signum: int, frame: Any) -> None:
        raise KeyboardInterrupt

    rebuild_now = _Rebuilds(root, output, include_private, today, memo, preview, out)

    previous = {sig: signal.signal(sig, stop) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        say(f"Serving {out} at {url}  (Ctrl-C to stop)")
        rebuild_now([EVERYTHING])
        if open_browser:
            import webbrowser

            webbrowser.open(url)
        while True:
            changed = preview.wait_for_quiet()
            log("change detected; rebuilding")
            rebuild_now(changed)
    except KeyboardInterrupt:
        pass
    finally:
        preview.stop()
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        print("Stopped.", file=sys.stderr, flush=True)


def site_folder(root: Path, output: Path | None, today: dt.date | None) -> Path:
    """The folder the site is built into, as infoview.toml says now (or -o)."""
    from ..site.build import BuildOptions, output_folder

    return output_folder(root, BuildOptions(today or dt.date.today(), output), load_config(root)[0].output)


def preview_memo(root: Path) -> Memo:
    """What the preview keeps from one build to the next: the files decoded,
    and results, read from the index as a build's are (the first build after
    a start finds there what the last build kept) and kept in it."""
    from ..cache import Results
    from ..index.store import index_path
    from ..load.memo import Memo

    return Memo(results=Results(index_path(root), again=True))


@dataclass
class _Rebuilds:
    """The preview's builds: each reads the files the watcher saw change;
    once the tabs are told, every file is looked at, in case it missed one."""

    root: Path
    output: Path | None
    include_private: bool
    today: dt.date | None
    memo: Memo
    preview: Preview
    serving: Path  # the site's folder, as the preview serves it
    looked: bool = True  # every file was looked at after the last build

    def __call__(self, changed: list[str]) -> None:
        from ..load.journal import collector_paused

        memo = self.memo
        memo.named = frozenset(changed) if self.looked and EVERYTHING not in changed else None
        build = lambda: build_once(  # noqa: E731
            self.root, self.output, self.include_private, self.today, memo, self.serving
        )
        # No cyclic collection until the tabs are told: the collector then runs
        # while the preview waits for the next change, not before the reload.
        with collector_paused():
            rebuild(self.preview, build, self.after)

    def after(self) -> None:
        self.memo.release()
        if self.preview.pending():
            return  # (the next build is due already: the look waits for it)
        missed = look_again(self.root, self.memo)
        self.looked = missed is not None
        if missed and not self.preview.pending():  # (else what it found was reported meanwhile)
            log("a change the watcher had not reported was found; rebuilding")
            self.preview.poke()
        elif not missed:
            from ..site.build import make_ready

            with contextlib.suppress(Exception):  # (then the next build does it, and says what is wrong)
                make_ready(self.root, self.serving, self.memo)


def look_again(root: Path, memo: Memo) -> bool | None:
    """After a build that read only the files the watcher named, every file is
    looked at, as a build without names does (for a change the watcher did
    not report: an event dropped, a file system it cannot watch). True if
    one changed unseen (the index now has it: the next build reads it), None
    if the index could not be refreshed (the next build looks at every file)."""
    if memo.named is None:
        return False  # (that build looked at every file)
    from ..index.refresh import updated

    before = {path: row[2] for path, row in memo.table.rows.items()}  # (the table changes in place)
    try:
        updated(root, table=memo.table)[0].close()
    except Exception:  # the next build says what is wrong
        return None
    # (a file that cannot be read is read again at each look, and is as it was)
    after = memo.table.rows
    return before.keys() != after.keys() or any(after[path][2] != sha for path, sha in before.items())


def _start_preview(out: Path, root: Path, host: str, port: int) -> Preview:
    import errno

    try:
        return Preview(out, root, host, port)
    except OSError as exc:
        if exc.errno == errno.EADDRINUSE:
            raise PortInUse(exc.errno, exc.strerror) from None
        raise OSError(exc.errno, f"cannot serve on {host}:{port}: {exc.strerror or exc}") from None


def build_once(
    root: Path,
    output: Path | None,
    include_private: bool,
    today: dt.date | None,
    memo: Memo,
    serving: Path | None = None,
) -> Outcome:
    """One build for the preview, and what it did (see Outcome). Serving: the
    folder the preview serves, which the site must still be built into."""
    from ..site.build import LeakError, OutputError

    if serving is not None:
        now = site_folder(root, output, today)
        if now != serving:
            raise Refused(
                f"the site is now to be built into {now} ([site] output in infoview.toml), and this "
                f"preview serves {serving}: stop it (Ctrl-C) and start it again to serve the new folder"
            )
    try:
        result = _build_site(root, output, include_private, today, memo)
    except LeakError as exc:
        raise Refused(f"refusing to publish the site: {exc} The previous site was left as it was.") from None
    except OutputError as exc:
        raise Refused(str(exc)) from None
    if not result.built:  # (the site is left as it was)
        errors = [d for d in result.diagnostics if d.severity is Severity.ERROR]
        return Outcome(False, errors, problems_summary(errors), same_site=True)
    what = "up to date" if result.up_to_date else f"{plural(result.written, 'file')} written"
    what += f", {result.removed} removed" if result.removed else ""
    same = result.written == result.removed == 0  # (up to date, or made the same files again)
    return Outcome(True, [], f"built in {result.seconds:.2f}s ({what})", same)


def _build_site(
    root: Path, output: Path | None, include_private: bool, today: dt.date | None, memo: Memo
) -> BuildResult:
    from ..index.store import is_damage, remove_index
    from ..site.build import BuildOptions, build

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
