"""The index refreshes incrementally and repairs itself."""

from __future__ import annotations

import datetime as dt
import json
import os
import sqlite3
from dataclasses import replace

import pytest

from infoview.index.refresh import FilesTable, refresh, updated
from infoview.index.store import INDEX_VERSION, index_path, open_index
from infoview.load.journal import load, reading

JANE = "---\nname: Jane Doe\n---\nNotes about Jane.\n"
SAM = "---\nname: Sam Lee\n---\n"


def stats_of(root):
    conn, stats = updated(root)
    conn.close()
    return (stats.added, stats.changed, stats.touched, stats.removed, stats.unchanged)


def names(root):
    return sorted(c.name for c in load(root).journal.contacts.values())


def test_first_refresh_adds_everything_then_nothing_changes(write_journal):
    root = write_journal({"contacts/jane.md": JANE, "contacts/sam.md": SAM})
    assert stats_of(root) == (2, 0, 0, 0, 0)
    assert stats_of(root) == (0, 0, 0, 0, 2)
    assert index_path(root).is_file()


def test_what_a_refresh_and_the_fingerprints_read_of_every_file_is_read_apart_from_its_notes(write_journal):
    """Every command reads each file's times and digests; a row holds the notes,
    which are the index's bulk: those columns are read from an index of their own."""
    from infoview.index.refresh import _known

    root = write_journal({"contacts/jane.md": JANE, "contacts/sam.md": SAM})
    conn, _ = updated(root)
    try:
        for query in ("SELECT path, size, mtime_ns, sha256, ctime_ns FROM files",
                      "SELECT path, sha256 FROM files", "SELECT path, fields_digest FROM files"):  # fmt: skip
            plan = conn.execute(f"EXPLAIN QUERY PLAN {query}").fetchall()
            assert [row[-1] for row in plan] == ["SCAN files USING COVERING INDEX files_stat"], query
        assert set(_known(conn)) == {"contacts/jane.md", "contacts/sam.md"}
    finally:
        conn.close()


def test_an_edited_file_is_parsed_again(write_journal):
    root = write_journal({"contacts/jane.md": JANE})
    stats_of(root)
    (root / "contacts/jane.md").write_text("---\nname: Jane Q. Doe\n---\n")
    assert stats_of(root) == (0, 1, 0, 0, 0)
    assert names(root) == ["Jane Q. Doe"]


def test_unchanged_times_and_size_mean_the_file_is_not_read(write_journal, monkeypatch):
    from infoview.index import parse
    from infoview.index import refresh as refreshing

    root = write_journal({"contacts/jane.md": JANE, "contacts/sam.md": SAM})
    an_hour_ago = (
        root / "contacts/jane.md"
    ).stat().st_mtime_ns - 3600 * 10**9  # long before the index looked
    for name in ("jane.md", "sam.md"):
        os.utime(root / "contacts" / name, ns=(an_hour_ago, an_hour_ago))
    stats_of(root)
    read: list[str] = []
    monkeypatch.setattr(refreshing, "_sha256", lambda root, rel: read.append(rel.rsplit("/", 1)[-1]))
    monkeypatch.setattr(parse, "read_bytes", lambda root, rel: read.append(rel))
    assert stats_of(root) == (0, 0, 0, 0, 2) and read == []


def test_a_file_copied_back_with_its_old_mtime_and_size_is_read_again(write_journal):
    root = write_journal({"contacts/jane.md": JANE})
    path = root / "contacts/jane.md"
    an_hour_ago = path.stat().st_mtime_ns - 3600 * 10**9  # saved long before the index looked
    os.utime(path, ns=(an_hour_ago, an_hour_ago))
    stats_of(root)
    before = path.stat()
    path.write_text(JANE.replace("Jane", "Joan"))  # same size, then the old mtime put back (cp -p, rsync -a):
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))  # its ctime says it changed
    assert path.stat().st_mtime_ns == before.st_mtime_ns and path.stat().st_size == before.st_size
    assert stats_of(root) == (0, 1, 0, 0, 0)
    assert names(root) == ["Joan Doe"]
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))  # only its times again: hashed, not parsed
    assert stats_of(root) == (0, 0, 1, 0, 0)
    assert stats_of(root) == (0, 0, 0, 0, 1)


def test_a_file_saved_again_within_a_tick_of_a_coarse_clock_is_read_again(write_journal):
    root = write_journal({"contacts/jane.md": JANE})
    stats_of(root)
    path = root / "contacts/jane.md"
    before = path.stat()
    path.write_text(JANE.replace("Jane", "Joan"))  # same size, and the same mtime on FAT or HFS+:
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert stats_of(root) == (0, 1, 0, 0, 0)
    assert names(root) == ["Joan Doe"]


def test_only_files_saved_close_to_the_last_look_are_hashed_again(write_journal, monkeypatch):
    from infoview.index import refresh as refreshing

    root = write_journal({"contacts/jane.md": JANE})
    an_hour_ago = (root / "contacts/jane.md").stat().st_mtime_ns - 3600 * 10**9
    os.utime(root / "contacts/jane.md", ns=(an_hour_ago, an_hour_ago))
    stats_of(root)
    (root / "contacts/sam.md").write_text(SAM)  # saved now
    assert stats_of(root) == (1, 0, 0, 0, 1)
    hashed = []
    real = refreshing._sha256
    monkeypatch.setattr(
        refreshing, "_sha256", lambda root, rel: hashed.append(rel.rsplit("/", 1)[-1]) or real(root, rel)
    )
    assert stats_of(root) == (0, 0, 0, 0, 2)
    assert hashed == ["sam.md"]


def test_a_file_hashed_again_once_the_tick_has_passed_is_trusted_after(write_journal, monkeypatch):
    # A checkout touches many files at once: the look after it hashes them, and
    # says so, so that the looks after that need not hash them again.
    import time as real_time
    from types import SimpleNamespace

    from infoview.index import refresh as refreshing

    root = write_journal({"contacts/jane.md": JANE})
    now = real_time.time_ns()
    clock = SimpleNamespace(perf_counter=real_time.perf_counter, time_ns=lambda: now)
    monkeypatch.setattr(refreshing, "time", clock)
    stats_of(root)
    hashed = []
    real = refreshing._sha256
    monkeypatch.setattr(
        refreshing, "_sha256", lambda root, rel: hashed.append(rel.rsplit("/", 1)[-1]) or real(root, rel)
    )
    clock.time_ns = lambda: now + 5 * 10**9  # (jane was saved within the tick of that look)
    assert stats_of(root) == (0, 0, 0, 0, 1) and hashed == ["jane.md"]
    clock.time_ns = lambda: now + 6 * 10**9
    assert stats_of(root) == (0, 0, 0, 0, 1) and hashed == ["jane.md"]


def test_a_touched_file_with_the_same_content_is_not_parsed_again(write_journal):
    root = write_journal({"contacts/jane.md": JANE})
    stats_of(root)
    path = root / "contacts/jane.md"
    os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns + 5_000_000_000))
    assert stats_of(root) == (0, 0, 1, 0, 0)
    assert stats_of(root) == (0, 0, 0, 0, 1)  # the new mtime was recorded


def test_deleted_and_renamed_files_disappear(write_journal):
    root = write_journal({"contacts/jane.md": JANE, "contacts/sam.md": SAM})
    stats_of(root)
    (root / "contacts/sam.md").unlink()
    (root / "contacts/jane.md").rename(root / "contacts/jane-doe.md")
    assert stats_of(root) == (1, 0, 0, 2, 0)
    assert list(load(root).journal.contacts) == ["jane-doe"]
    conn = sqlite3.connect(index_path(root))
    assert conn.execute("SELECT id FROM contacts").fetchall() == [("jane-doe",)]
    assert conn.execute("SELECT count(*) FROM search").fetchone() == (1,)


def test_a_corrupt_index_is_rebuilt_with_a_notice(write_journal, invoke):
    root = write_journal({"contacts/jane.md": JANE})
    stats_of(root)
    index_path(root).write_bytes(b"this is not a database" * 100)
    result = invoke("-j", str(root), "index")
    assert result.exit_code == 0
    assert result.stderr.startswith("infoview: index is damaged (")
    assert result.stderr.endswith("; rebuilding it\n")
    assert result.stdout.startswith("Indexed 1 files: 1 added, 0 changed, 0 removed, 0 unchanged")


def test_a_truncated_index_is_rebuilt(write_journal):
    files = {f"contacts/p{i}.md": f"---\nname: Person {i}\n---\n{'words ' * 200}\n" for i in range(60)}
    root = write_journal(files)
    stats_of(root)
    conn, _ = open_index(root)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    path = index_path(root)
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
    result = load(root)
    assert len(result.journal.contacts) == 60
    assert any("damaged" in n for n in result.notices)


def test_an_index_from_another_version_is_rebuilt(write_journal):
    root = write_journal({"contacts/jane.md": JANE})
    stats_of(root)
    conn = sqlite3.connect(index_path(root))
    conn.execute("UPDATE meta SET value = '0/0.0.1' WHERE key = 'version'")
    conn.commit()
    conn.close()
    conn, notices = open_index(root)
    assert notices == ["index written by another version (0/0.0.1); rebuilding it"]
    assert refresh(root, conn).added == 1
    assert conn.execute("SELECT value FROM meta WHERE key = 'version'").fetchone() == (INDEX_VERSION,)


@pytest.mark.parametrize("version, said", [
    ("2/0.9.0", "index written by another version (2/0.9.0); rebuilding it"),  # written before the table was
    (None, "index is damaged (table refs is missing); rebuilding it"),  # this version's: damage
])  # fmt: skip
def test_an_index_without_a_table_is_rebuilt_with_the_notice_it_calls_for(write_journal, version, said):
    root = write_journal({"contacts/jane.md": JANE})
    stats_of(root)
    conn = sqlite3.connect(index_path(root))
    conn.execute("DROP TABLE refs")
    if version is not None:
        conn.execute("UPDATE meta SET value = ? WHERE key = 'version'", (version,))
    conn.commit()
    conn.close()
    conn, notices = open_index(root)
    assert notices == [said]
    assert refresh(root, conn).added == 1


def test_index_command_reports_and_rebuilds(write_journal, invoke):
    root = write_journal({"contacts/jane.md": JANE})
    first = invoke("-j", str(root), "index")
    assert first.stdout.splitlines()[0].startswith(
        "Indexed 1 files: 1 added, 0 changed, 0 removed, 0 unchanged (0 touched) in "
    )
    assert first.stdout.splitlines()[1] == f"Index: {index_path(root)}"
    again = invoke("-j", str(root), "index", "--rebuild")
    assert again.stdout.startswith("Indexed 1 files: 1 added,")


def test_the_index_agrees_with_a_fresh_parse(write_journal):
    from tests.conftest import SAMPLE

    cached = load(SAMPLE)
    fresh = load(SAMPLE, use_index=False)
    assert cached.journal.contacts == fresh.journal.contacts
    assert cached.journal.interviews == fresh.journal.interviews
    assert cached.journal.companies == fresh.journal.companies
    assert cached.diagnostics == fresh.diagnostics


def test_diagnostics_survive_the_cache(write_journal):
    root = write_journal({"contacts/a.md": "---\nname: A\nsource: frend\n---\n"})
    first = load(root).diagnostics
    second = load(root).diagnostics
    assert first == second
    assert [(d.span.line, d.code) for d in second] == [(3, "E009")]


def test_a_memo_decodes_only_what_changed_and_loads_the_same(write_journal):
    from infoview.load.memo import Memo

    root = write_journal({
        "contacts/ana.md": "---\nname: Ana Lee\n---\nNotes on [[bo]].\n",
        "contacts/bo.md": "---\nname: Bo Chen\n---\n",
        "interviews/one.md": "---\ncontact: ana\ndate: 2026-01-05\n---\nFirst talk.\n",
    })  # fmt: skip
    memo = Memo()
    with reading(root, memo=memo) as (first, _notes):
        pass
    (root / "interviews/one.md").write_text("---\ncontact: ana\ndate: 2026-01-06\n---\nMoved.\n")
    (root / "contacts/bo.md").unlink()
    (root / "contacts/cy.md").write_text("---\nname: Cy\nemail: not-an-email\n---\n")
    with reading(root, memo=memo) as (again, again_notes), reading(root) as (fresh, fresh_notes):
        # A build's own load leaves the notes' text out of the records, and reads it when asked.
        assert [r.body for r in fresh.journal.records()] == ["", "", ""]
        fresh_records = {r.path: replace(r, body=fresh_notes.text_of(r)) for r in fresh.journal.records()}
        assert {r.path: r for r in again.journal.records()} == fresh_records
        assert again.diagnostics == fresh.diagnostics and any(
            d.span.path == "contacts/cy.md" for d in fresh.diagnostics
        )
        assert dict(again.shas) == dict(fresh.shas)
        assert dict(again.field_digests) == dict(fresh.field_digests)
        assert dict(again_notes) == dict(fresh_notes)
    assert again.journal.contacts["ana"] is first.journal.contacts["ana"]  # not decoded again
    assert again.journal.interviews["one"] is not first.journal.interviews["one"]
    assert again.journal.interviews["one"].body == "Moved.\n"
    assert sorted(memo.files) == ["contacts/ana.md", "contacts/cy.md", "interviews/one.md"]
    # The same files, one of them edited: what the memo gives is patched, not made anew.
    (root / "contacts/ana.md").write_text("---\nname: Ana Lee\n---\nNotes on [[cy]].\n")
    with reading(root, memo=memo) as (third, third_notes), reading(root) as (fresh, fresh_notes):
        assert [f.rel for f, _record, _diags in memo.entries()] == sorted(memo.files)
        assert third.journal.contacts["ana"].body == "Notes on [[cy]].\n"
        assert (dict(third.shas), dict(third_notes)) == (dict(fresh.shas), dict(fresh_notes))
        assert dict(third.field_digests) == dict(fresh.field_digests)


def test_a_memo_forgets_what_other_render_settings_made(write_journal):
    from infoview.load.memo import Memo

    root = write_journal({"contacts/ana.md": "---\nname: Ana Lee\n---\nSee <b>this</b>.\n"})
    memo = Memo()
    with reading(root, memo=memo) as (_loaded, notes):
        escaped = notes["contacts/ana.md"]
    assert "&lt;b&gt;" in escaped
    (root / "infoview.toml").write_text("[site]\nallow_html = true\n")
    with reading(root, memo=memo) as (_loaded, notes):
        allowed = notes["contacts/ana.md"]
    assert "<b>this</b>" in allowed


ANA_AND_ONE_TALK = {
    "contacts/ana.md": "---\nname: Ana Lee\n---\n",
    "interviews/one.md": "---\ncontact: ana\ndate: 2026-01-05\n---\nFirst talk.\n",
}


def test_a_memo_checks_across_files_again_when_the_fields_changes(write_journal):
    from infoview.load.memo import Memo

    root = write_journal(ANA_AND_ONE_TALK)
    memo = Memo()

    def problems() -> list[tuple[str, int, int, str]]:
        with reading(root, memo=memo) as (result, _notes):
            assert result.diagnostics == load(root).diagnostics, "the same as without a memo"
        return [(d.span.path, d.span.line, d.span.col, d.code) for d in result.diagnostics]

    assert problems() == []
    (root / "interviews/one.md").write_text("---\ncontact: anna\ndate: 2026-01-05\n---\nFirst talk.\n")
    assert problems() == [("interviews/one.md", 2, 10, "E007")]
    (root / "interviews/one.md").write_text("---\ncontact: anna\ndate: 2026-01-05\n---\nOther notes.\n")
    assert problems() == [("interviews/one.md", 2, 10, "E007")]  # notes only: the same fields fingerprint
    (root / "contacts/anna.md").write_text("---\nname: Anna Berg\n---\n")
    assert problems() == []
    (root / "contacts/Anna.md").write_text("---\nname: Anna Twin\n---\n")
    assert problems() == [("contacts/anna.md", 1, 1, "W004")]  # a case-only twin of contacts/Anna.md


def test_results_kept_in_the_index_outlive_the_process_and_follow_their_key(write_journal):
    from infoview.cache import Results

    root = write_journal({"contacts/ana.md": "---\nname: Ana Lee\n---\n"})
    updated(root)[0].close()
    made: list[str] = []

    def compute(value: str):
        return lambda: made.append(value) or [value]

    codec = (json.dumps, json.loads)
    store = index_path(root)
    assert Results(store).result("n", "k1", compute("a"), codec) == ["a"]
    assert Results(store).result("n", "k1", compute("b"), codec) == ["a"]  # another process: kept
    assert Results(store).result("n", "k2", compute("c"), codec) == ["c"]  # another key: made again
    assert Results(store).result("n", "k1", compute("d"), codec) == ["d"]  # one entry per name
    assert made == ["a", "c", "d"]
    conn = sqlite3.connect(store)
    conn.execute("UPDATE results SET value = '[not json' WHERE name = 'n'")
    conn.commit()
    conn.close()
    assert Results(store).result("n", "k1", compute("e"), codec) == ["e"]  # damaged: made again
    in_memory = Results()
    assert in_memory.result("n", "k1", compute("f"), codec) == ["f"]
    assert in_memory.result("n", "k1", compute("g"), codec) == ["f"]
    assert Results(root / "missing.sqlite").result("n", "k1", compute("h"), codec) == ["h"]
    assert made == ["a", "c", "d", "e", "f", "h"]


def test_results_per_file_scan_again_only_the_files_that_changed(write_journal):
    from infoview.cache import Results

    root = write_journal({"contacts/ana.md": "---\nname: Ana Lee\n---\n"})
    updated(root)[0].close()
    store = index_path(root)
    scanned: list[str] = []

    def scan(path: str) -> list[str]:
        scanned.append(path)
        return [path.upper()]

    shas = {"a": "1", "b": "2"}
    assert Results(store).per_file("n", "k1", shas, scan) == {"a": ["A"], "b": ["B"]}
    assert scanned == ["a", "b"]
    assert Results(store).per_file("n", "k1", shas, scan) == {"a": ["A"], "b": ["B"]}  # another process
    assert scanned == ["a", "b"]
    assert Results(store).per_file("n", "k1", {"a": "1", "b": "3", "c": "4"}, scan) == {
        "a": ["A"], "b": ["B"], "c": ["C"],
    }  # fmt: skip
    assert scanned == ["a", "b", "b", "c"]  # the changed file and the new one

    def rows() -> list[tuple]:  # a row a file, and the key they were made for
        with sqlite3.connect(store) as conn:
            (key,) = conn.execute("SELECT key FROM scan_keys WHERE name = 'n'").fetchone()
            scans = conn.execute("SELECT path, sha256, value FROM scans WHERE name = 'n' ORDER BY path")
            return [(path, key, sha, value) for path, sha, value in scans]

    assert rows() == [("a", "k1", "1", '["A"]'), ("b", "k1", "3", '["B"]'), ("c", "k1", "4", '["C"]')]
    assert Results(store).per_file("n", "k1", {"c": "4"}, scan) == {"c": ["C"]}  # removed files are gone
    assert rows() == [("c", "k1", "4", '["C"]')]
    assert Results(store).per_file("n", "k2", {"c": "4"}, scan) == {"c": ["C"]}  # another key: all again
    assert scanned == ["a", "b", "b", "c", "c"] and rows() == [("c", "k2", "4", '["C"]')]
    in_memory = Results()
    assert in_memory.per_file("n", "k1", {"a": "1"}, scan) == {"a": ["A"]}
    assert in_memory.per_file("n", "k1", {"a": "1"}, scan) == {"a": ["A"]}
    assert scanned == ["a", "b", "b", "c", "c", "a"]


def test_results_kept_between_builds_read_and_keep_the_stores_scans(write_journal):
    """The live preview's results: what the last build kept in the index is read
    (the first build after a start scans nothing again), and what it scans is
    kept there once the build is announced."""
    from infoview.cache import Results

    root = write_journal({"contacts/ana.md": "---\nname: Ana Lee\n---\n"})
    updated(root)[0].close()
    store = index_path(root)
    sha_a, sha_b = "a" * 64, "b" * 64
    scanned: list[str] = []

    def scan(path: str) -> list[str]:
        scanned.append(path)
        return [path.upper()]

    assert Results(store).per_file("n", "k1", {"a": sha_a}, scan) == {"a": ["A"]}
    preview = Results(store, again=True)
    assert preview.per_file("n", "k1", {"a": sha_a, "b": sha_b}, scan) == {"a": ["A"], "b": ["B"]}
    assert preview.per_file("n", "k1", {"a": sha_a, "b": sha_b}, scan) == {"a": ["A"], "b": ["B"]}
    assert scanned == ["a", "b"]
    assert preview.memory["n"][1] == {"a": [sha_a, ["A"]], "b": [sha_b, ["B"]]}  # (whole hashes)

    def kept() -> list[str]:
        with sqlite3.connect(store) as conn:
            return [path for (path,) in conn.execute("SELECT path FROM scans WHERE name = 'n' ORDER BY path")]

    assert kept() == ["a"]  # (written once the build is announced)
    preview.flush()
    assert kept() == ["a", "b"]
    assert Results(store).per_file("n", "k1", {"a": sha_a, "b": sha_b}, scan) == {"a": ["A"], "b": ["B"]}
    assert scanned == ["a", "b"]
    assert preview.held("h", 1) is preview.held("h", 1) and Results(store).held("h", 1) == {}


def test_results_per_file_of_the_same_files_again_scan_only_those_that_changed(write_journal):
    """A process that scans the same files again and again (the live preview):
    the files whose hash changed are scanned, the rest copied as they were;
    the answer is a dict of its own, in the order given, and what changed is
    kept in the store once the build is announced."""
    from infoview.cache import Results

    root = write_journal({"contacts/ana.md": "---\nname: Ana Lee\n---\n"})
    updated(root)[0].close()
    store = index_path(root)
    preview, scanned = Results(store, again=True), []

    def scan(path: str) -> list[str]:
        scanned.append(path)
        return [f"{path}{len(scanned)}"]

    shas = {"b": "1" * 64, "a": "2" * 64, "c": "3" * 64}
    first = preview.per_file("n", "k", shas, scan)
    assert first == {"b": ["b1"], "a": ["a2"], "c": ["c3"]} and list(first) == ["b", "a", "c"]
    first["a"] = ["changed by its caller"]
    again = preview.per_file("n", "k", {**shas, "a": "4" * 64}, scan)
    assert again == {"b": ["b1"], "a": ["a4"], "c": ["c3"]} and list(again) == ["b", "a", "c"]
    assert scanned == ["b", "a", "c", "a"]
    assert preview.per_file("n", "k", {**shas, "a": "4" * 64}, scan) == again and len(scanned) == 4
    preview.flush()
    assert Results(store).per_file("n", "k", {"a": "4" * 64}, scan) == {"a": ["a4"]} and len(scanned) == 4
    # Another order, or another set of files: each file's scan is reused all the same.
    assert list(preview.per_file("n", "k", {"c": "3" * 64, "b": "1" * 64}, scan)) == ["c", "b"]
    assert len(scanned) == 4


def test_results_per_file_scan_many_files_on_every_core_once_ready(monkeypatch):
    import infoview.cache
    from infoview.cache import Results

    monkeypatch.setattr(infoview.cache, "PARALLEL_SCANS", 4)
    here = os.getpid()
    readied: list[int] = []
    shas = {f"f{n:02}": str(n) for n in range(40)}
    scan = lambda path: [path, os.getpid()]  # noqa: E731
    found = Results().per_file("n", "k", shas, scan, ready=lambda: readied.append(os.getpid()))
    assert list(found) == list(shas) and [f[0] for f in found.values()] == list(
        shas
    )  # each its own, in order
    assert readied == [here] and {f[1] for f in found.values()} - {here}  # readied here, scanned in workers
    found = Results().per_file("n", "k", shas, scan)
    assert {f[1] for f in found.values()} == {here}  # not ready to share: scanned here
    few = Results().per_file("n", "k", dict(list(shas.items())[:3]), scan, ready=lambda: readied.append(0))
    assert {f[1] for f in few.values()} == {here} and readied == [here]  # too few to fork for


def test_a_first_build_scanning_on_every_core_makes_the_same_site(tmp_path, monkeypatch):
    import shutil

    import infoview.cache
    from infoview.site.build import BuildOptions, build

    from .conftest import SAMPLE

    root = tmp_path / "journal"
    shutil.copytree(SAMPLE, root, ignore=shutil.ignore_patterns(".infoview", "_site"))
    note = root / "interviews/2026/2026-01-08-hannah-berg.md"
    note.write_text(
        note.read_text() + "\nI met Eli Novak there (eli.novak@example.org).\n"
    )  # private: left out
    options = lambda out: BuildOptions(dt.date(2026, 11, 21), tmp_path / out)  # noqa: E731
    assert build(root, options("here")).built
    shutil.rmtree(root / ".infoview")
    monkeypatch.setattr(infoview.cache, "PARALLEL_SCANS", 1)
    forked: list[int] = []
    in_workers = infoview.cache.in_workers
    monkeypatch.setattr(infoview.cache, "in_workers", lambda work, items, *a: forked.append(len(items)) or
                        in_workers(work, items, *a))  # fmt: skip
    assert build(root, options("workers")).built
    assert len(forked) >= 3  # the private names, in pages as rendered, the public text (and reflections)

    def files(out: str) -> dict[str, bytes]:
        folder = tmp_path / out
        return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*")
                if p.is_file() and not p.name.startswith(".infoview")}  # fmt: skip

    assert files("here") == files("workers")
    assert "Eli Novak" not in (tmp_path / "workers/interviews/2026-01-08-hannah-berg.html").read_text()


def test_a_files_table_kept_between_refreshes_is_read_again_after_another_process_wrote(write_journal):
    from infoview.index.refresh import FilesTable

    root = write_journal(ANA_AND_ONE_TALK)
    table = FilesTable()

    def refresh_with(table: FilesTable | None, allow_html: bool = False):
        conn, stats = updated(root, allow_html, table)
        rows = {p: (size, mtime, sha, ctime) for p, size, mtime, sha, ctime in
                conn.execute("SELECT path, size, mtime_ns, sha256, ctime_ns FROM files")}  # fmt: skip
        conn.close()
        if table is not None:
            assert table.rows == rows, "the table is the files table"
        return stats

    assert refresh_with(table).added == 2
    stamp = table.stamp
    assert refresh_with(table).unchanged == 2 and table.stamp == stamp  # nothing written
    (root / "interviews/one.md").write_text("---\ncontact: ana\ndate: 2026-01-06\n---\nMoved.\n")
    assert refresh_with(None).changed == 1  # another process
    again = refresh_with(table)
    assert (again.changed, again.unchanged) == (0, 2), "the other process's rows were read, not parsed again"
    assert table.stamp != stamp
    (root / "contacts/bo.md").write_text("---\nname: Bo Chen\n---\n")
    assert (refresh_with(table).added, refresh_with(table).unchanged) == (1, 3)
    assert refresh_with(None, allow_html=True).added == 3  # other settings: emptied and filled again
    assert refresh_with(table).added == 3


def test_a_build_reads_notes_html_from_the_snapshot_its_records_came_from(write_journal):
    root = write_journal({
        "contacts/ana.md": "---\nname: Ana Lee\n---\nFirst *words*.\n",
        "contacts/bo.md": "---\nname: Bo Chen\n---\nHello.\n",
    })  # fmt: skip
    with reading(root) as (loaded, notes):
        assert sorted(notes) == ["contacts/ana.md", "contacts/bo.md"] == sorted(loaded.shas)
        # Another process edits a note and refreshes the index meanwhile: this load
        # still reads the HTML of the notes it has the records of.
        (root / "contacts/ana.md").write_text("---\nname: Ana Lee\n---\nOther words.\n")
        with reading(root) as (_other, now):
            assert "Other words" in now["contacts/ana.md"]
        assert notes["contacts/ana.md"] == "<p>First <em>words</em>.</p>\n"
        ana, bo = loaded.journal.contacts["ana"], loaded.journal.contacts["bo"]
        assert (ana.body, notes.text_of(ana)) == ("", "First *words*.\n")  # and so does the text
        assert notes.text_of(ana) is notes.text_of(ana)  # read once, however often asked for
        notes.preload()  # everything read, the index let go of
        assert notes["contacts/bo.md"] == "<p>Hello.</p>\n" and notes.text_of(bo) == "Hello.\n"
        with pytest.raises(KeyError):
            notes["contacts/nobody.md"]
    with reading(root) as (_loaded, notes):
        pass
    with pytest.raises(RuntimeError, match="after the index was let go of"):
        notes["contacts/ana.md"]  # the block has ended: so has the snapshot


def test_an_interviews_sections_are_kept_apart_and_read_when_first_asked(write_journal, monkeypatch):
    import pickle

    from infoview.index.codec import unpack
    from infoview.index.parse import parse_file
    from infoview.journal.files import SourceFile
    from infoview.journal.model import Kind
    from infoview.journal.sections import Item, Sections
    from infoview.load import snapshot

    note = "## Questions\n\n- Why?\n\n## Takeaways\n\n- Because.\n\n## Reflection\n\nWorth it.\n"
    root = write_journal({"contacts/ann.md": "---\nname: Ann Lee\n---\n",
                          "interviews/a.md": f"---\ncontact: ann\ndate: 2026-01-05\n---\n{note}"})  # fmt: skip
    prepared = parse_file(root, SourceFile(Kind.INTERVIEW, "interviews/a.md"), False)
    assert json.loads(unpack(prepared.sections)) == [[["Why?", 7]], [["Because.", 11]], [], "Worth it."]
    assert unpack(prepared.reflection_html) == "<p>Worth it.</p>\n"  # (as its tags' pages show it)
    assert "Worth it." not in prepared.payload and "Because." not in prepared.payload
    read: list[str] = []
    real = snapshot.Notes.sections
    monkeypatch.setattr(
        snapshot.Notes, "sections", lambda notes, path: read.append(path) or real(notes, path)
    )
    with reading(root) as (loaded, notes):
        sections = loaded.journal.interviews["a"].sections
        # What the keys are made of is at hand; the rest is read when first asked for, once.
        assert (sections.has_reflection, len(sections.questions_digest), sections.takeaways_digest != "") == (
            True, 16, True)  # fmt: skip
        assert read == []
        expected = Sections((Item("Why?", 7),), (Item("Because.", 11),), (), "Worth it.")
        assert (sections.reflection, sections == expected, expected == sections) == (
            "Worth it.",
            True,
            True,
        )
        assert sections.questions_digest == expected.questions_digest and hash(sections) == hash(expected)
        assert type(pickle.loads(pickle.dumps(sections))) is Sections and read == ["interviews/a.md"]
    with pytest.raises(RuntimeError, match="after the index was let go of"):
        real(notes, "contacts/ann.md")  # (one not read before: what was read is kept)


def test_a_first_index_lets_go_of_each_parsed_file_once_it_is_written(write_journal):
    import gc

    from infoview.index import parse
    from infoview.journal.files import discover

    if (os.cpu_count() or 1) < 2:
        pytest.skip("parsing moves to worker processes only with two cores or more")
    root = write_journal(
        {f"contacts/c{n:03}.md": f"---\nname: Person {n}\n---\n{'Notes. ' * 200}\n" for n in range(400)}
    )
    files = discover(root)
    alive = []
    for n, _prepared in enumerate(parse.parse_all(root, files, False), 1):
        if n == len(files):  # the last file: what the parse still holds is its own chunk at most
            gc.collect()
            alive = [o for o in gc.get_objects() if type(o) is parse.Prepared]
    assert 0 < len(alive) <= len(files) // 2


def test_a_refresh_given_the_changed_files_looks_at_those_alone(write_journal):
    """A watcher names what changed: those files are read, the others taken as
    the table has them (a change it did not name waits for a whole look)."""
    root = write_journal({"contacts/jane.md": JANE, "contacts/sam.md": SAM, "contacts/ann.md": SAM})
    table = FilesTable()

    def refresh_named(named):
        conn, stats = updated(root, False, table, named=named)
        conn.close()
        return (stats.added, stats.changed, stats.touched, stats.removed, stats.unchanged)

    assert refresh_named(None) == (3, 0, 0, 0, 0)
    (root / "contacts/jane.md").write_text("---\nname: Jane Q. Doe\n---\n")
    (root / "contacts/sam.md").write_text("---\nname: Sam Q. Lee\n---\n")
    (root / "contacts/ann.md").unlink()
    (root / "contacts/new.md").write_text("---\nname: New Person\n---\n")
    (root / "contacts/_drafts").mkdir()
    (root / "contacts/_drafts/draft.md").write_text("---\nname: Draft\n---\n")
    named = {"contacts/jane.md", "contacts/ann.md", "contacts/new.md", "contacts/_drafts/draft.md",
             "contacts/notes.txt", "templates/contact.html", "contacts/gone.md"}  # fmt: skip
    assert refresh_named(named) == (1, 1, 0, 1, 1)
    assert refresh_named(set()) == (0, 0, 0, 0, 3)  # sam.md's change was not named
    assert refresh_named(None) == (0, 1, 0, 0, 2)
    assert names(root) == ["Jane Q. Doe", "New Person", "Sam Q. Lee"]


def test_a_refresh_given_changed_files_looks_at_every_file_after_another_process_wrote(write_journal):
    root = write_journal({"contacts/jane.md": JANE, "contacts/sam.md": SAM})
    table = FilesTable()
    updated(root, False, table)[0].close()
    (root / "contacts/sam.md").write_text("---\nname: Sam Q. Lee\n---\n")
    stats_of(root)  # another process: its refresh reads sam.md and writes the table
    (root / "contacts/jane.md").write_text("---\nname: Jane Q. Doe\n---\n")
    conn, stats = updated(root, False, table, named=set())
    conn.close()
    assert (stats.added, stats.changed, stats.unchanged) == (0, 1, 1)


def test_the_fields_fingerprint_a_refresh_keeps_follows_the_fields_alone(write_journal):
    from infoview.index.store import _fields_of_files, fields_fingerprint

    root = write_journal({"contacts/jane.md": JANE, "contacts/sam.md": SAM})

    def kept_and_made() -> tuple[str, str]:
        conn, _ = updated(root)
        try:
            return fields_fingerprint(conn), _fields_of_files(conn)
        finally:
            conn.close()

    first, made = kept_and_made()
    assert first == made
    (root / "contacts/jane.md").write_text(JANE + "More notes.\n")
    assert kept_and_made() == (first, first)
    (root / "contacts/jane.md").write_text(JANE.replace("Jane Doe", "Jane Q. Doe"))
    second, made = kept_and_made()
    assert second == made != first
    (root / "contacts/sam.md").unlink()
    third, made = kept_and_made()
    assert third == made != second


def test_a_named_file_is_a_record_file_exactly_where_discover_finds_it(tmp_path):
    from infoview.journal.files import discover, record_file

    root, elsewhere = tmp_path / "journal", tmp_path / "elsewhere"
    for folder in ("interviews/2026/_drafts", "interviews/.trash", "companies/deep/er", "templates"):
        (root / folder).mkdir(parents=True)
    (elsewhere / "linked").mkdir(parents=True)
    (elsewhere / "people").mkdir()
    (root / "contacts").symlink_to(elsewhere / "people")  # a record folder that is a link: walked
    (root / "interviews/2026/linked").symlink_to(elsewhere / "linked")  # one inside: not walked
    for rel in ("contacts/jane.md", "contacts/notes.txt", "contacts/.jane.md.swp", "interviews/2026/a.md",
                "interviews/2026/_drafts/b.md", "interviews/.trash/c.md", "interviews/2026/linked/d.md",
                "companies/deep/er/e.md", "companies/f.md~", "templates/g.md", "h.md"):  # fmt: skip
        (root / rel).write_text("---\nname: X\n---\n")
    every = {
        os.path.relpath(os.path.join(folder, name), root)
        for folder, _dirs, names in os.walk(root, followlinks=True)
        for name in names
    }
    named = {rel for rel in every if record_file(root, rel) is not None}
    assert named == {f.rel for f in discover(root)}
    assert named == {"contacts/jane.md", "interviews/2026/a.md", "companies/deep/er/e.md"}
