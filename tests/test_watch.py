"""The live preview: request handling without sockets, then the real command end to end."""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from infoview.journal.diagnostics import Diagnostic, Severity, Span
from infoview.watch.changes import DONE_SECONDS, EVERYTHING, QUIET_SECONDS, Changes, named_file, relevant
from infoview.watch.loop import (
    SHOWN_PROBLEMS,
    Outcome,
    build_once,
    look_again,
    preview_memo,
    problems_summary,
    rebuild,
)
from infoview.watch.server import State, inject, resolve, respond

from .test_browser import ARGS, CHROMIUM, _browser_or_skip


@pytest.fixture
def site(tmp_path) -> Path:
    root = tmp_path / "site"
    (root / "contacts").mkdir(parents=True)
    (root / "static").mkdir()
    (root / "index.html").write_text("<html><head><meta http-equiv=\"Content-Security-Policy\" "
                                     "content=\"connect-src 'none'\"></head><body><p>Home</p></body></html>")  # fmt: skip
    (root / "contacts/jane.html").write_text("<html><body>Jane</body></html>")
    (root / "static/style.css").write_text("body{}")
    (root / "static/search.js").write_text("1")
    (root / "followups.ics").write_text("BEGIN:VCALENDAR\r\n")
    (root / ".infoview-site.json").write_text("{}")
    (tmp_path / "secret.txt").write_text("secret")
    (root / "link-out.html").symlink_to(tmp_path / "secret.txt")
    return root


@pytest.mark.parametrize(
    "url",
    ["/../secret.txt", "/%2e%2e/secret.txt", "/%2E%2E%2Fsecret.txt", "/contacts/../../secret.txt",
     "//etc/passwd", "/etc/passwd", "/link-out.html", "/.infoview-site.json", "/contacts/%00jane.html",
     "/..%5csecret.txt", "/%c0%ae%c0%ae/secret.txt", "/nope.html"],
)  # fmt: skip
def test_nothing_outside_the_site_is_served(site, url):
    response = respond(site, State(), url)
    assert response.status == 404
    assert b"secret" not in response.body
    assert resolve(site, url) is None


@pytest.mark.parametrize(
    "url, kind",
    [("/", "text/html; charset=utf-8"), ("/contacts/jane.html", "text/html; charset=utf-8"),
     ("/static/style.css", "text/css; charset=utf-8"), ("/static/search.js", "text/javascript; charset=utf-8"),
     ("/followups.ics", "text/calendar; charset=utf-8"), ("/contacts/jane.html?x=1#top", "text/html; charset=utf-8")],
)  # fmt: skip
def test_files_are_served_with_their_content_type(site, url, kind):
    response = respond(site, State(), url)
    assert response.status == 200
    assert response.headers["Content-Type"] == kind


def test_html_gets_the_reload_script_when_served_only(site):
    state = State(epoch=7)
    body = respond(site, state, "/").body.decode()
    assert body.endswith('<script src="/__infoview/live.js?epoch=7"></script></body></html>')
    assert "connect-src 'self'" in body
    assert "__infoview" not in (site / "index.html").read_text()
    assert respond(site, state, "/__infoview/live.js").status == 200
    assert b"EventSource" in respond(site, state, "/__infoview/live.js").body


def test_not_found_page_reloads_too(site):
    response = respond(site, State(epoch=3), "/missing.html")
    assert response.status == 404
    assert b"Not found" in response.body and b"live.js?epoch=3" in response.body


def test_overlay_shows_escaped_diagnostics(site):
    bad = Diagnostic(Span("contacts/<x>.md", 3, 9), Severity.ERROR, "E009", "unknown source '<script>'")
    state = State(problems=[bad])
    body = respond(site, state, "/").body.decode()
    assert '<div id="infoview-overlay" role="alert">' in body
    assert "contacts/&lt;x&gt;.md:3:9" in body
    assert "unknown source &#x27;&lt;script&gt;&#x27; [E009]" in body
    assert "<script>'" not in body
    assert 'id="infoview-overlay"' not in respond(site, State(), "/").body.decode()


@pytest.mark.parametrize(
    "header, allowed",
    [(None, True), ("127.0.0.1:8000", True), ("localhost:8000", True), ("LOCALHOST", True), ("[::1]:8000", True),
     ("192.168.1.20:8000", True), ("localhost.:8000", True), ("attacker.example", False),
     ("attacker.example:8000", False), ("127.0.0.1.attacker.example", False), ("localhost:80:80", False),
     ("localhost@attacker.example", False), ("[::1]x", False), ("", False)],
)  # fmt: skip
def test_only_requests_addressed_to_the_preview_are_answered(header, allowed):
    from infoview.watch.server import host_allowed, host_names

    assert host_allowed(header, host_names("127.0.0.1")) is allowed


def _request(port: int, raw: bytes) -> bytes:
    with socket.create_connection(("127.0.0.1", port), timeout=5) as conn:
        conn.sendall(raw)
        chunks = []
        while chunk := conn.recv(65536):
            chunks.append(chunk)
        return b"".join(chunks)


@pytest.fixture
def served(site):
    from infoview.watch.server import serve

    state = State()
    state.finish_build([])
    server = serve(site, state, "127.0.0.1", 0)
    yield server.server_address[1]
    state.stop()
    server.shutdown()
    server.server_close()


def test_a_rebound_name_gets_no_page(served):
    port = served
    asked = (
        b"GET /contacts/jane.html HTTP/1.1\r\nHost: attacker.example:%d\r\nConnection: close\r\n\r\n" % port
    )
    answer = _request(port, asked)
    assert answer.startswith(b"HTTP/1.1 421 ")
    assert b"Jane" not in answer
    assert f"answers only to its own address (http://127.0.0.1:{port}/)".encode() in answer
    for host in (b"127.0.0.1:%d" % port, b"localhost:%d" % port):
        answer = _request(
            port, b"GET /contacts/jane.html HTTP/1.1\r\nHost: " + host + b"\r\nConnection: close\r\n\r\n"
        )
        assert answer.startswith(b"HTTP/1.1 200 ") and b"Jane" in answer
    assert b"Jane" in _request(port, b"GET /contacts/jane.html HTTP/1.0\r\n\r\n")  # no Host at all


def test_idle_connections_are_closed_and_their_number_is_bounded(site, monkeypatch):
    from infoview.watch import server as live

    monkeypatch.setattr(live._Handler, "timeout", 0.5)
    monkeypatch.setattr(live, "MAX_CONNECTIONS", 3)
    state = State()
    state.finish_build([])
    server = live.serve(site, state, "127.0.0.1", 0)
    port = server.server_address[1]
    try:
        idle = [socket.create_connection(("127.0.0.1", port), timeout=5) for _ in range(3)]
        time.sleep(0.2)
        with socket.create_connection(("127.0.0.1", port), timeout=5) as extra:
            assert extra.recv(10) == b""  # turned away: three are open
        start = time.monotonic()
        assert all(conn.recv(10) == b"" for conn in idle)  # closed for idleness
        assert time.monotonic() - start < 3
        asked = b"GET /contacts/jane.html HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
        assert b"Jane" in _request(port, asked)  # room again
        for conn in idle:
            conn.close()
    finally:
        state.stop()
        server.shutdown()
        server.server_close()


def test_injection_without_a_body_tag():
    assert inject(b"plain", State(epoch=1)).endswith(b'live.js?epoch=1"></script>')


@pytest.mark.parametrize(
    "rel, expected",
    [("contacts/jane.md", True), ("interviews/2026/a.md", True), ("infoview.toml", True),
     ("templates/contact.html", True), ("templates/static/style.css", True), ("contacts/2027", True),
     ("contacts/.jane.md.swp", False), ("contacts/jane.md~", False), ("contacts/#jane.md#", False),
     ("contacts/4913", True), ("_site/index.html", False), (".infoview/index.sqlite", False),
     (".git/index", False), ("notes.txt", False), ("contacts/jane.md.tmp", False)],
)  # fmt: skip
def test_which_changes_matter(tmp_path, rel, expected):
    assert relevant(tmp_path, tmp_path / "_site", str(tmp_path / rel)) is expected


@pytest.mark.parametrize(
    "rel, folder, named",
    [("contacts/jane.md", False, "contacts/jane.md"), ("interviews/2026/a.md", False, "interviews/2026/a.md"),
     ("contacts/2027", True, EVERYTHING), ("templates/contact.html", False, EVERYTHING),
     ("infoview.toml", False, EVERYTHING)],
)  # fmt: skip
def test_what_a_change_names(tmp_path, rel, folder, named):
    assert named_file(tmp_path, str(tmp_path / rel), folder) == named


def test_links_in_a_loop_and_folders_with_a_dot_are_changes_that_matter(tmp_path):
    root = tmp_path / "journal"
    (root / "interviews/2026.bak").mkdir(parents=True)
    (root / "contacts").mkdir()
    (root / "contacts/loop.md").symlink_to("loop.md")
    (root / "contacts/out.md").symlink_to(tmp_path / "elsewhere.md")
    site = root / "_site"
    assert relevant(root, site, str(root / "contacts/loop.md")) is True
    assert relevant(root, site, str(root / "contacts/out.md")) is True
    assert relevant(root, site, str(root / "interviews/2026.bak"), folder=True) is True
    assert relevant(root, site, str(root / "interviews/2026.bak")) is False  # (a file of that name)
    assert relevant(root, site, str(root / "interviews/.trash"), folder=True) is False


def test_files_that_cannot_be_read_make_no_build_after_a_build(journal):
    """Looked at again after every build, a file that cannot be read is as it
    was: not a change the watcher missed (each look would build again, for ever)."""
    import os

    from infoview.load.memo import Memo

    (journal / "contacts/dangling.md").symlink_to("missing.md")
    (journal / "contacts/loop.md").symlink_to("loop.md")
    os.mkfifo(journal / "contacts/pipe.md")
    (journal / "contacts/big.md").write_bytes(b"a" * (3 * 1024 * 1024))
    memo = Memo()
    built, errors, _said, _same = build_once(journal, None, False, dt.date(2026, 11, 21), memo)
    assert not built and sorted(d.span.path for d in errors if d.code == "E016") == [
        "contacts/big.md", "contacts/dangling.md", "contacts/loop.md", "contacts/pipe.md"
    ]  # fmt: skip
    memo.named = frozenset()
    assert look_again(journal, memo) is False
    assert look_again(journal, memo) is False


def test_a_build_says_how_many_files_it_wrote_and_removed(journal):
    from infoview.load.memo import Memo

    memo, today = Memo(), dt.date(2026, 11, 21)
    assert build_once(journal, None, False, today, memo).summary.endswith(" files written)")
    interview = next((journal / "interviews").rglob("*.md"))
    interview.write_text(interview.read_text() + "\nOne more line.\n")
    summary = build_once(journal, None, False, today, memo).summary
    assert re.fullmatch(r"built in \d\.\d\ds \(\d+ files written\)", summary), summary
    interview.unlink()
    summary = build_once(journal, None, False, today, memo).summary
    assert re.fullmatch(r"built in \d\.\d\ds \(\d+ files written, 1 removed\)", summary), summary


@contextlib.contextmanager
def watching(root: Path) -> Iterator[Callable[[], list[str]]]:
    """The watcher of the journal at root, and what it names once a change has settled."""
    from types import SimpleNamespace

    dirty = threading.Event()
    changes = Changes(root, root / "_site", dirty, SimpleNamespace(value=0.0))
    changes.start()

    def taken() -> list[str]:
        assert dirty.wait(5)
        time.sleep(0.3)  # (every event of the change)
        dirty.clear()
        return changes.take()

    try:
        yield taken
    finally:
        changes.stop()


def test_the_watcher_names_the_files_that_changed(tmp_path):
    root = tmp_path / "journal"
    (root / "interviews/2026").mkdir(parents=True)
    (root / "contacts").mkdir()
    with watching(root) as taken:
        (root / "contacts/jane.md").write_text("---\nname: Jane\n---\n")
        (root / "interviews/2026/talk.md").write_text("---\ncontact: jane\ndate: 2026-11-01\n---\n")
        (root / "contacts/.jane.md.swp").write_text("x")
        assert taken() == ["contacts/jane.md", "interviews/2026/talk.md"]
        (root / "interviews/2026/talk.md").rename(root / "interviews/2026/met.md")
        assert taken() == ["interviews/2026/met.md", "interviews/2026/talk.md"]
        (root / "contacts/2027").mkdir()
        (root / "contacts/ann.md").write_text("---\nname: Ann\n---\n")
        assert taken() == [EVERYTHING]


def test_a_file_closed_once_written_is_waited_for_less_than_one_that_may_be_written_anew(
    tmp_path, monkeypatch
):
    from types import SimpleNamespace

    from watchdog.events import (
        FileClosedEvent,
        FileCreatedEvent,
        FileDeletedEvent,
        FileModifiedEvent,
        FileMovedEvent,
    )

    from infoview.watch import changes as module

    root = tmp_path / "journal"
    (root / "contacts").mkdir(parents=True)
    (root / "contacts/jane.md").write_text("---\nname: Jane\n---\n")
    (root / "contacts/empty.md").write_text("")
    until = SimpleNamespace(value=0.0)
    changes = Changes(root, root / "_site", threading.Event(), until)
    monkeypatch.setattr(module.time, "monotonic", lambda: 100.0)
    jane, empty = str(root / "contacts/jane.md"), str(root / "contacts/empty.md")
    tmp, away = str(root / "contacts/.jane.md.tmp"), str(root / "contacts/jane.md~")
    events = {
        "created": FileCreatedEvent(jane),
        "modified": FileModifiedEvent(jane),
        "closed with something in it": FileClosedEvent(jane),
        "closed empty": FileClosedEvent(empty),
        "moved into place": FileMovedEvent(tmp, jane),
        "moved away": FileMovedEvent(jane, away),  # (an editor's backup: written anew next)
        "removed": FileDeletedEvent(jane),  # (a checkout writes it anew next)
    }
    waits = {}
    for name, event in events.items():
        changes.take()  # (each the one change since the builder last asked)
        changes.seen(event)
        waits[name] = round(until.value - 100.0, 3)
    done, quiet = DONE_SECONDS, QUIET_SECONDS
    assert waits == {"created": quiet, "modified": quiet, "closed with something in it": done,
                     "closed empty": quiet, "moved into place": done, "moved away": quiet,
                     "removed": quiet}  # fmt: skip
    # While several files change, even one closed may be followed by the next after a pause.
    changes.take()
    changes.seen(FileClosedEvent(jane))
    assert round(until.value - 100.0, 3) == done
    (root / "contacts/ann.md").write_text("---\nname: Ann\n---\n")
    changes.seen(FileClosedEvent(str(root / "contacts/ann.md")))
    assert round(until.value - 100.0, 3) == quiet
    assert changes.take() == ["contacts/ann.md", "contacts/jane.md"]


def test_the_wait_ends_as_soon_as_the_watcher_says_the_file_was_closed():
    import multiprocessing
    from types import SimpleNamespace

    from infoview.watch.preview import Preview

    ours, theirs = multiprocessing.Pipe()
    preview = object.__new__(Preview)  # (the builder's end alone: no server)
    preview.conn, preview.asked = ours, 0
    preview.until = SimpleNamespace(value=time.monotonic() + 0.5)  # a file being written
    preview.dirty = threading.Event()
    preview.dirty.set()

    def watcher() -> None:
        time.sleep(0.02)
        preview.until.value = time.monotonic() + DONE_SECONDS  # closed
        question = theirs.recv()
        theirs.send((question[1], ["contacts/jane.md"]))

    threading.Thread(target=watcher, daemon=True).start()
    start = time.monotonic()
    assert preview.wait_for_quiet() == ["contacts/jane.md"]
    assert time.monotonic() - start < 0.25


def test_a_save_ends_with_the_file_closed(tmp_path):
    """(What the shorter wait relies on: the watcher sees the writer close the file, last.)"""
    root = tmp_path / "journal"
    (root / "contacts").mkdir(parents=True)
    with watching(root) as taken:
        seen: list[str] = []
        real = Changes.seen

        def spy(self: Changes, event: Any) -> None:
            if not event.is_directory and event.event_type not in ("opened", "closed_no_write"):
                seen.append(event.event_type)
            real(self, event)

        Changes.seen = spy  # type: ignore[method-assign]
        try:
            (root / "contacts/jane.md").write_text("---\nname: Jane\n---\n")
            assert taken() == ["contacts/jane.md"]
        finally:
            Changes.seen = real  # type: ignore[method-assign]
        assert seen[-1] == "closed", seen


def test_a_site_folder_changed_in_the_settings_is_not_built_into_unseen(journal):
    from infoview.watch.loop import Refused

    memo, today, served = preview_memo(journal), dt.date(2026, 11, 21), journal / "_site"
    assert build_once(journal, None, False, today, memo, served)[0]
    (journal / "infoview.toml").write_text('[site]\noutput = "public"\n')
    with pytest.raises(Refused) as refused:
        build_once(journal, None, False, today, memo, served)
    assert str(refused.value) == (
        f"the site is now to be built into {journal / 'public'} ([site] output in infoview.toml), and this "
        f"preview serves {served}: stop it (Ctrl-C) and start it again to serve the new folder"
    )
    assert not (journal / "public").exists()


def test_the_look_after_a_build_waits_while_another_build_is_due(journal):
    from infoview.watch.loop import _Rebuilds

    class Tabs:
        due, poked = True, 0

        def pending(self) -> bool:
            return self.due

        def poke(self) -> None:
            self.poked += 1

    memo, tabs, today = preview_memo(journal), Tabs(), dt.date(2026, 11, 21)
    assert build_once(journal, None, False, today, memo)[0]
    rebuilds = _Rebuilds(journal, None, False, today, memo, tabs, journal / "_site")  # type: ignore[arg-type]
    memo.named = frozenset()  # (a build of what the watcher named: nothing)
    (journal / "contacts/jane.md").write_text("---\nname: Jane Doe\n---\nUnseen.\n")
    rebuilds.after()
    assert (tabs.poked, rebuilds.looked) == (0, True)  # the build due looks afterwards
    tabs.due = False
    rebuilds.after()
    assert tabs.poked == 1


def test_while_the_preview_waits_it_lists_the_site_and_readies_the_spare_for_the_next_build(
    journal, monkeypatch
):
    from infoview.site import listing
    from infoview.watch.loop import _Rebuilds

    class Tabs:
        def pending(self) -> bool:
            return False

    memo, today = preview_memo(journal), dt.date(2026, 11, 21)
    rebuilds = _Rebuilds(journal, None, False, today, memo, Tabs(), journal / "_site")  # type: ignore[arg-type]
    for name in ("Jane Doe 2", "Jane Doe 3"):  # (the first site is then the spare)
        (journal / "contacts/jane.md").write_text(f"---\nname: {name}\n---\n")
        memo.named = frozenset({"contacts/jane.md"})
        assert build_once(journal, None, False, today, memo)[0]
        rebuilds.after()
    walked: list[str] = []
    real = listing._walk
    monkeypatch.setattr(listing, "_walk", lambda folder: walked.append(str(folder)) or real(folder))
    (journal / "contacts/jane.md").write_text("---\nname: Jane Doe 4\n---\n")
    memo.named = frozenset({"contacts/jane.md"})
    assert build_once(journal, None, False, today, memo)[0]
    assert walked == []
    assert "Jane Doe 4" in (journal / "_site/contacts/jane.html").read_text()


def test_an_answer_of_the_watcher_that_came_too_late_is_not_taken_for_the_next():
    import multiprocessing
    from types import SimpleNamespace

    from infoview.watch.preview import Preview

    ours, theirs = multiprocessing.Pipe()
    preview = object.__new__(Preview)  # (the builder's end alone: no server)
    preview.conn, preview.asked, preview.until = ours, 1, SimpleNamespace(value=0.0)
    preview.dirty = threading.Event()
    preview.dirty.set()
    theirs.send((1, ["contacts/old.md"]))  # the answer to the question before, too late for it

    def watcher() -> None:
        question = theirs.recv()
        theirs.send((question[1], ["contacts/jane.md"]))

    threading.Thread(target=watcher, daemon=True).start()
    assert preview.wait_for_quiet() == ["contacts/jane.md"]


def test_a_record_folder_made_anew_is_watched_anew(tmp_path):
    import shutil

    root = tmp_path / "journal"
    (root / "companies").mkdir(parents=True)
    (root / "contacts").mkdir()
    with watching(root) as taken:
        shutil.rmtree(root / "companies")
        (root / "companies").mkdir()
        assert taken() == [EVERYTHING]
        (root / "companies/acme.md").write_text("---\nname: Acme\n---\n")
        assert taken() == ["companies/acme.md"]
        shutil.copytree(root / "contacts", root / "contacts.new")
        (root / "contacts").rename(root / "contacts.old")
        (root / "contacts.new").rename(root / "contacts")
        assert taken() == [EVERYTHING]
        (root / "contacts/jane.md").write_text("---\nname: Jane\n---\n")
        assert taken() == ["contacts/jane.md"]


def test_a_change_the_watcher_did_not_report_is_found_once_the_tabs_are_told(journal):
    """A build reads the files the watcher named; then every file is looked at,
    and one that changed unseen makes another build."""
    from infoview.load.memo import Memo

    memo, today = Memo(), dt.date(2026, 11, 21)
    page = journal / "_site/contacts/jane.html"
    assert build_once(journal, None, False, today, memo)[0]
    memo.named = frozenset()  # (the watcher reported nothing)
    assert look_again(journal, memo) is False
    (journal / "contacts/jane.md").write_text("---\nname: Jane Doe\n---\nAn edit nobody saw.\n")
    assert build_once(journal, None, False, today, memo)[0]
    assert "An edit nobody saw" not in page.read_text()
    assert look_again(journal, memo) is True
    assert build_once(journal, None, False, today, memo)[0]
    assert "An edit nobody saw" in page.read_text()


def test_the_previews_first_build_scans_no_file_the_last_build_scanned(write_journal, monkeypatch):
    from infoview.cache import Results
    from infoview.load.journal import checked
    from infoview.site.build import BuildOptions, build

    root = write_journal({
        "contacts/jane.md": "---\nname: Jane Doe\n---\nMet Bo Kim's team.\n",
        "contacts/bo.md": "---\nname: Bo Kim\nprivate: true\n---\nSecret notes about the merger.\n",
    })  # fmt: skip
    today = dt.date(2026, 11, 21)
    assert build(root, BuildOptions(today)).built
    scanned: list[tuple[str, str]] = []
    per_file = Results.per_file

    def spied(self, name, key, shas, scan, *args, **kwargs):
        stored = kwargs.get("stored", True)
        seen = lambda path: scanned.append((name, path)) if stored else None  # noqa: E731
        return per_file(self, name, key, shas, lambda path: seen(path) or scan(path), *args, **kwargs)

    monkeypatch.setattr(Results, "per_file", spied)
    memo = preview_memo(root)
    assert build_once(root, None, False, today, memo)[0]
    memo.release()
    assert scanned == []
    (root / "contacts/jane.md").write_text("---\nname: Jane Doe\n---\nMet Bo Kim's team again.\n")
    memo.named = frozenset({"contacts/jane.md"})
    assert build_once(root, None, False, today, memo)[0]
    assert {path for _name, path in scanned} == {"contacts/jane.md"}
    memo.release()  # (once the tabs are told)
    scanned.clear()
    assert checked(root).diagnostics
    assert scanned == []  # (what the preview scanned, it kept in the index for the next command)


def test_a_reflection_edited_in_the_preview_is_shown_anew_on_its_tags_page(write_journal):
    """The preview keeps each Reflection as shown from one build to the next,
    made again when its file changes, or when the private names do."""
    talk = "---\ncontact: jane\ndate: 2026-11-01\ntags: [ux]\n---\n## Reflection\n\n{}\n"
    root = write_journal({
        "contacts/jane.md": "---\nname: Jane Doe\n---\n",
        "contacts/bo.md": "---\nname: Bo Kim\nprivate: true\n---\n",
        "interviews/2026-11-01-jane.md": talk.format("Research ops is a craft."),
        "interviews/2026-11-02-jane.md": talk.replace("11-01", "11-02").format("Bo Kim said so too."),
    })  # fmt: skip
    memo, today = preview_memo(root), dt.date(2026, 11, 21)

    def shown() -> str:
        assert build_once(root, None, False, today, memo)[0]
        memo.release()
        pages = [p.read_text() for p in (root / "_site").rglob("*.html") if "Research ops" in p.read_text()]
        return next(p for p in pages if "Bo Kim said" not in p and "[private] said so too" in p)

    assert "Research ops is a craft." in shown()
    (root / "interviews/2026-11-01-jane.md").write_text(talk.format("Research ops is a team sport."))
    memo.named = frozenset({"interviews/2026-11-01-jane.md"})
    assert "Research ops is a team sport." in shown() and "a craft" not in shown()
    (root / "contacts/bo.md").write_text("---\nname: Bo Kim\n---\n")  # (public now)
    memo.named = frozenset({"contacts/bo.md"})
    assert build_once(root, None, False, today, memo)[0]
    assert any("Bo Kim said so too." in p.read_text() for p in (root / "_site/learned").rglob("*.html"))


def test_open_tabs_reload_only_when_what_they_show_changed(journal):
    memo, today = preview_memo(journal), dt.date(2026, 11, 21)
    state = State()
    state.start_build()
    state.finish_build([], "", same_site=True)
    assert state.epoch == 1  # (the first build: every tab is told)

    def built() -> int:
        done = build_once(journal, None, False, today, memo)
        memo.release()
        state.start_build()
        state.finish_build([] if done.built else done.problems, "", done.same_site)
        return state.epoch

    assert built() == 2
    os.utime(journal / "contacts/jane.md")  # saved as it was
    assert built() == 2
    (journal / "contacts/jane.md").write_text("---\nname: Jane Doe\n---\nNew notes.\n")
    assert built() == 3
    broken = "---\nname: Jane Doe\nstatus: [\n---\n"
    (journal / "contacts/jane.md").write_text(broken)
    assert built() == 4 and [d.code for d in state.problems] == ["E004", "E007"]
    (journal / "contacts/jane.md").write_text(broken + "Still broken.\n")
    assert built() == 4  # the same problems over the same site
    state.start_build()
    state.finish_build([], "a bug", same_site=True)
    assert state.epoch == 5 and not state.building


def test_the_epoch_moves_only_when_a_build_finishes():
    state = State()
    state.start_build()
    assert state.wait_for_epoch_after(0, timeout=0.05) == 0
    state.finish_build([])
    assert state.wait_for_epoch_after(0, timeout=0.05) == 1
    assert not state.building


class RecordingPreview:
    def __init__(self) -> None:
        self.calls: list[str] = []

    def building(self) -> None:
        self.calls.append("building")

    def built(self, problems, failure: str = "", same_site: bool = False) -> None:
        self.calls.append(f"built {len(problems)} {'failure' if failure else 'ok'}")


@pytest.mark.parametrize("fails", [False, True], ids=["a build", "a build that raises"])
def test_what_a_build_leaves_is_released_after_the_tabs_are_told(fails):
    preview = RecordingPreview()

    def build():
        preview.calls.append("build")
        if fails:
            raise RuntimeError("a bug")
        return Outcome(True, [], "built")

    rebuild(preview, build, lambda: preview.calls.append("release"))  # type: ignore[arg-type]
    told = "built 0 failure" if fails else "built 0 ok"
    assert preview.calls == ["building", "build", told, "release"]


def test_a_built_site_has_no_trace_of_the_live_preview(tmp_path):
    import datetime as dt

    from infoview.site.build import BuildOptions, build

    from .conftest import SAMPLE

    out = tmp_path / "out"
    build(SAMPLE, BuildOptions(dt.date(2026, 11, 21), output=out))
    for path in out.rglob("*"):
        if path.is_file():
            assert b"__infoview" not in path.read_bytes(), path


# --- the real command -----------------------------------------------------


class Watch:
    """`infoview watch` as a subprocess; its stderr is collected by a thread."""

    def __init__(self, root: Path, *args: str) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "infoview", "-j", str(root), "watch", "--today", "2026-11-21", *args],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )  # fmt: skip
        self.lines: list[str] = []
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()
        line = self.proc.stdout.readline()
        match = re.search(r"at (http://\S+)", line)
        assert match, line + self.log
        self.url = match.group(1)

    def _read(self) -> None:
        for line in self.proc.stderr:
            self.lines.append(line)

    @property
    def log(self) -> str:
        return "".join(self.lines)

    def wait_for_builds(self, count: int, timeout: float = 15) -> str:
        """stderr so far, once `count` builds have been logged."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if len(re.findall(r"built in|problems? in the journal", self.log)) >= count:
                return self.log
            time.sleep(0.05)
        raise AssertionError(f"no build #{count}: {self.log}")

    def stop(self, sig: int = signal.SIGTERM) -> tuple[int, str, float]:
        start = time.monotonic()
        self.proc.send_signal(sig)
        code = self.proc.wait(timeout=5)
        elapsed = time.monotonic() - start
        self.reader.join(timeout=5)
        self.proc.stdout.close()
        self.proc.stderr.close()
        return code, self.log, elapsed


@pytest.fixture
def journal(write_journal):
    return write_journal({
        "contacts/jane.md": "---\nname: Jane Doe\n---\nFirst notes.\n",
        "interviews/2026-11-01-jane.md": "---\ncontact: jane\ndate: 2026-11-01\nthanked: 2026-11-01\n---\n",
    })  # fmt: skip


@pytest.mark.slow
def test_port_in_use_is_a_clear_error(journal):
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = subprocess.run([sys.executable, "-m", "infoview", "-j", str(journal), "watch",
                                 "--port", str(port)], capture_output=True, text=True, timeout=20)  # fmt: skip
    assert result.returncode == 1
    assert f"port {port} on 127.0.0.1 is already in use" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.slow
def test_non_loopback_host_warns(journal):
    watch = Watch(journal, "--port", "0", "--host", "0.0.0.0")
    try:
        watch.wait_for_builds(1)
        assert "your private journal can be reached from the network" in watch.log
    finally:
        watch.stop()


@pytest.mark.slow
@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM])
def test_stops_cleanly_within_a_second(journal, sig):
    watch = Watch(journal, "--port", "0")
    watch.wait_for_builds(1)
    code, log, elapsed = watch.stop(sig)
    assert code == 0 and elapsed < 1.0, (code, elapsed)
    assert "Traceback" not in log and log.rstrip().endswith("Stopped.")
    assert [p.name for p in journal.iterdir() if ".new-" in p.name or ".old-" in p.name] == []


@pytest.mark.slow
def test_a_burst_of_saves_and_editor_renames_rebuild_once(journal):
    watch = Watch(journal, "--port", "0")
    try:
        watch.wait_for_builds(1)
        target = journal / "contacts/jane.md"
        for n in range(5):  # a burst
            target.write_text(f"---\nname: Jane Doe\n---\nSave {n}.\n")
        log = watch.wait_for_builds(2)
        time.sleep(0.5)
        assert log.count("change detected") == 1
        # vim / VS Code: write a temporary file, then rename it over the original
        temp = journal / "contacts/.jane.md.swp"
        temp.write_text("---\nname: Jane Doe\n---\nRenamed into place.\n")
        os.replace(temp, target)
        watch.wait_for_builds(3)
        (journal / "interviews/2027").mkdir()
        (journal / "interviews/2027/2027-01-05-jane.md").write_text(
            "---\ncontact: jane\ndate: 2027-01-05\n---\n"
        )
        watch.wait_for_builds(4)
        assert (journal / "_site/interviews/2027-01-05-jane.html").is_file()
        (journal / "interviews/2027/2027-01-05-jane.md").unlink()
        watch.wait_for_builds(5)
        assert not (journal / "_site/interviews/2027-01-05-jane.html").exists()
    finally:
        watch.stop()


@pytest.mark.slow
def test_the_terminal_says_where_the_problems_are(journal):
    watch = Watch(journal, "--port", "0")
    try:
        watch.wait_for_builds(1)
        (journal / "contacts/jane.md").write_text("---\nname: Jane Doe\nstatus: [\n---\nBroken.\n")
        watch.wait_for_builds(2)
        (journal / "contacts/jane.md").write_text("---\nname: Jane Doe\n---\nFixed.\n")
        watch.wait_for_builds(3)
    finally:
        code, log, _ = watch.stop()
    assert code == 0
    parts = re.split(r"\d\d:\d\d:\d\d change detected; rebuilding\n", log)
    lines = parts[1].splitlines()
    assert len(lines) == 3
    assert re.fullmatch(r"\d\d:\d\d:\d\d 2 problems in the journal; showing the last good site:", lines[0])
    assert lines[1:] == [
        "  contacts/jane.md:4:1: error: YAML syntax error: did not find expected node content "
        "(while parsing a flow node started on line 4) [E004]",
        "  interviews/2026-11-01-jane.md:2:10: error: contact 'jane' in contact is contacts/jane.md, which has errors "
        "and is left out until it is mended (infoview validate shows them) [E007]",
    ]
    assert re.fullmatch(r"\d\d:\d\d:\d\d built in \d\.\d\ds \(\d+ files written\)\nStopped\.\n", parts[2])


def test_a_long_list_of_problems_is_cut_short_in_the_terminal():
    errors = [Diagnostic(Span(f"contacts/c{n:02}.md", 2, 7), Severity.ERROR, "E009", "unknown source 'x'")
              for n in range(SHOWN_PROBLEMS + 3)]  # fmt: skip
    lines = problems_summary(errors).splitlines()
    assert lines[0] == f"{SHOWN_PROBLEMS + 3} problems in the journal; showing the last good site:"
    assert lines[1] == "  contacts/c00.md:2:7: error: unknown source 'x' [E009]"
    assert (
        lines[SHOWN_PROBLEMS]
        == f"  contacts/c{SHOWN_PROBLEMS - 1:02}.md:2:7: error: unknown source 'x' [E009]"
    )
    assert lines[SHOWN_PROBLEMS + 1 :] == ["  … and 3 more (infoview validate lists them all)"]
    assert (
        problems_summary(errors[:1]).splitlines()[0]
        == "1 problem in the journal; showing the last good site:"
    )


@pytest.mark.browser
@pytest.mark.slow
def test_browser_reloads_and_shows_problems(journal):
    sync_api = _browser_or_skip()
    watch = Watch(journal, "--port", "0")
    try:
        watch.wait_for_builds(1)
        with sync_api.sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            page = browser.new_page()
            page.goto(watch.url + "contacts/jane.html")
            assert "First notes." in page.locator("main").inner_text()
            page.wait_for_timeout(300)  # the event stream connects
            (journal / "contacts/jane.md").write_text("---\nname: Jane Doe\n---\nSecond notes.\n")
            page.wait_for_selector("text=Second notes.", timeout=10_000)
            # a broken file: the overlay appears, the page stays at its last good state
            (journal / "contacts/jane.md").write_text("---\nname: Jane Doe\nsource: nope\n---\nBroken.\n")
            page.wait_for_selector("#infoview-overlay", timeout=10_000)
            overlay = page.locator("#infoview-overlay").inner_text()
            assert "contacts/jane.md:3:9" in overlay and "unknown source 'nope'" in overlay
            assert "Second notes." in page.locator("main").inner_text()
            (journal / "contacts/jane.md").write_text("---\nname: Jane Doe\n---\nFixed notes.\n")
            page.wait_for_selector("text=Fixed notes.", timeout=10_000)
            assert page.locator("#infoview-overlay").count() == 0
            browser.close()
    finally:
        code, log, _ = watch.stop()
    assert code == 0 and "Traceback" not in log


@pytest.mark.slow
def test_watch_and_build_at_the_same_time(journal):
    watch = Watch(journal, "--port", "0")
    try:
        watch.wait_for_builds(1)
        for n in range(3):
            (journal / "contacts/jane.md").write_text(f"---\nname: Jane Doe\n---\nRound {n}.\n")
            result = subprocess.run([sys.executable, "-m", "infoview", "-j", str(journal), "build",
                                     "--today", "2026-11-21"], capture_output=True, text=True, timeout=60)  # fmt: skip
            assert result.returncode == 0, result.stderr
        watch.wait_for_builds(2)
        time.sleep(1)
    finally:
        code, log, _ = watch.stop()
    assert code == 0 and "Traceback" not in log
    page = (journal / "_site/contacts/jane.html").read_text()
    assert "Round 2." in page
    assert [p.name for p in journal.iterdir() if ".new-" in p.name or ".old-" in p.name] == []


def test_what_a_build_writes_is_dismissed_without_looking_at_the_disk(tmp_path, monkeypatch):
    root, out = tmp_path / "journal", tmp_path / "journal" / "_site"

    def no_disk(self, *args, **kwargs):
        raise AssertionError(f"looked at the disk for {self}")

    monkeypatch.setattr(Path, "resolve", no_disk)
    for rel in ("_site/contacts/jane.html", ".journal_site.new-x1/index.html", ".infoview/index.sqlite-wal",
                ".git/objects/ab/cdef"):  # fmt: skip
        assert relevant(root, out, str(root / rel)) is False


@pytest.mark.slow
def test_bursts_of_edits_on_a_big_journal_never_stall_the_preview(tmp_path):
    """Builds of 1,000 records render in worker processes: each rebuild ends its
    pool, and workers must neither inherit watch's SIGTERM handler (a traceback
    for every build) nor be left holding the pool's locks (a stalled preview)."""
    import random
    import urllib.request

    root = tmp_path / "big"
    subprocess.run([sys.executable, str(Path(__file__).parents[1] / "benchmarks/generate.py"), "1000", str(root),
                    "--seed", "3"], check=True, capture_output=True)  # fmt: skip
    watch = Watch(root, "--port", "0")
    try:
        watch.wait_for_builds(1, timeout=120)
        notes = sorted((root / "interviews").rglob("*.md"))
        rng = random.Random(7)
        contacts = sorted(p.stem for p in (root / "contacts").rglob("*.md"))
        for burst in range(6):
            for note in rng.sample(notes, 5):
                with note.open("a", encoding="utf-8") as handle:
                    handle.write(f"\nEdit {burst}.\n")
            # and a new talk: the lists change, and are rendered by worker processes
            who = rng.choice(contacts)
            (root / f"interviews/2026-12-0{burst + 1}-{who}.md").write_text(
                f"---\ncontact: {who}\ndate: 2026-12-0{burst + 1}\n---\nNew.\n", encoding="utf-8"
            )
            watch.wait_for_builds(2 + burst, timeout=60)
            with urllib.request.urlopen(watch.url, timeout=30) as page:
                assert page.status == 200
    finally:
        code, log, _ = watch.stop()
    assert code == 0, log
    assert "Traceback" not in log and "KeyboardInterrupt" not in log, log


@pytest.mark.slow
def test_a_journal_folder_replaced_at_its_path_is_followed(journal):
    import shutil

    watch = Watch(journal, "--port", "0")
    try:
        watch.wait_for_builds(1)
        shutil.move(journal, journal.with_name("old"))
        shutil.copytree(
            journal.with_name("old"), journal, ignore=shutil.ignore_patterns("_site", ".infoview")
        )
        watch.wait_for_builds(2)
        assert "the journal folder was replaced; watching the new one" in watch.log
        (journal / "contacts/jane.md").write_text("---\nname: Jane Doe\n---\nNew notes after the swap.\n")
        watch.wait_for_builds(3)
        import urllib.request

        with urllib.request.urlopen(watch.url + "contacts/jane.html", timeout=10) as page:
            assert "New notes after the swap." in page.read().decode()
    finally:
        code, log, _ = watch.stop()
    assert code == 0 and "Traceback" not in log, log


def test_a_request_that_trickles_in_is_cut_off(site, monkeypatch):
    from infoview.watch import server as live

    monkeypatch.setattr(live._Handler, "request_seconds", 1.0)
    state = State()
    state.finish_build([])
    server = live.serve(site, state, "127.0.0.1", 0)
    try:
        with socket.create_connection(("127.0.0.1", server.server_address[1]), timeout=10) as slow:
            slow.sendall(b"GET /index.html HTTP/1.1\r\n")
            start = time.monotonic()
            with pytest.raises(
                OSError
            ):  # each line comes before the socket's timeout; the request never ends
                for n in range(40):
                    slow.sendall(b"X-Slow-%d: 1\r\n" % n)
                    time.sleep(0.2)
            assert time.monotonic() - start < 5  # cut off at about a second, not after the 40 lines
    finally:
        state.stop()
        server.shutdown()
        server.server_close()
