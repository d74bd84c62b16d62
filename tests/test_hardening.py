"""Broken, hostile and odd files: one clear diagnostic each, never a traceback,
and the rest of the journal keeps working."""

from __future__ import annotations

import datetime as dt
import os
import re

import pytest

from infoview.journal.files import discover, umask
from infoview.load.journal import load
from infoview.site.build import BuildOptions, build

GOOD = {"contacts/good.md": "---\nname: Good Person\n---\nFine.\n"}


def codes(result, path):
    return [(d.span.line, d.code) for d in result.diagnostics if d.span.path == path]


def still_works(result):
    assert "good" in result.journal.contacts


@pytest.mark.parametrize(
    "content, line, code",
    [
        (b"---\nname: \xff\xfe\n---\n", 2, "E001"),
        (b"\x00\x01binary\x00", 1, "E016"),
        (b"---\nname: !!python/object/apply:os.system ['echo pwned']\n---\n", 2, "E014"),
        (b"---\nname: A\nname: B\n---\n", 3, "E013"),
        (("---\na: " + "[" * 100_000 + "]" * 100_000 + "\n---\n").encode(), 2, "E014"),
        (("---\n" + "".join(" " * i + "a:\n" for i in range(1000)) + "---\n").encode(), 2, "E014"),
    ],
    ids=["not utf-8", "binary", "python tag", "duplicate key", "deep flow nesting", "deep block nesting"],
)
def test_damaged_content(write_journal, content, line, code):
    root = write_journal({**GOOD, "contacts/bad.md": content})
    result = load(root)
    assert (line, code) in codes(result, "contacts/bad.md")
    still_works(result)


def test_alias_bomb_is_bounded_in_time_and_memory(write_journal):
    import time

    lines = ["a: &a ['lol', 'lol', 'lol', 'lol', 'lol', 'lol', 'lol', 'lol', 'lol']"]
    for i in range(1, 12):
        p, n = chr(96 + i), chr(97 + i)
        lines.append(f"{n}: &{n} [*{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}]")
    root = write_journal({**GOOD, "contacts/bomb.md": "---\nname: B\n" + "\n".join(lines) + "\n---\n"})
    start = time.monotonic()
    result = load(root)
    assert time.monotonic() - start < 5
    assert "E014" in [c for _, c in codes(result, "contacts/bomb.md")]
    still_works(result)


def test_a_huge_file_is_refused_with_its_size(write_journal):
    root = write_journal(GOOD)
    with open(root / "contacts/huge.md", "wb") as handle:
        handle.write(b"---\nname: Huge\n---\n")
        handle.truncate(50 * 1024 * 1024)
    result = load(root)
    [diag] = [d for d in result.diagnostics if d.span.path == "contacts/huge.md"]
    assert diag.code == "E016" and diag.message.startswith("file is 50.0 MB, over the 2 MB limit")
    still_works(result)


def test_a_very_long_line_is_fine(write_journal, tmp_path):
    body = "word " * 300_000  # 1.5 MB on one line
    root = write_journal({**GOOD, "contacts/long.md": f"---\nname: Long\n---\n{body}\n"})
    result = load(root)
    assert result.diagnostics == ()
    assert build(root, BuildOptions(dt.date(2026, 11, 21), output=tmp_path / "out")).built


@pytest.mark.parametrize("kind", ["loop", "dangling", "fifo", "folder named .md"])
def test_files_that_are_not_files(write_journal, kind):
    root = write_journal(GOOD)
    target = root / "contacts/odd.md"
    if kind == "loop":
        target.symlink_to(target)
        expected = "symbolic link loop: the link points back at itself"
    elif kind == "dangling":
        target.symlink_to(root / "contacts/nowhere.md")
        expected = "broken symbolic link: its target does not exist"
    elif kind == "fifo":
        os.mkfifo(target)
        expected = "not a regular file (a pipe, device or socket?)"
    else:
        target.mkdir()
        (target / "inside.md").write_text("---\nname: Inside\n---\n")
        result = load(root)
        assert "inside" in result.journal.contacts  # a folder is a folder, whatever its name
        return
    result = load(root)
    assert [(d.code, d.message) for d in result.diagnostics] == [("E016", expected)]
    still_works(result)


def test_a_file_deleted_between_discovery_and_reading(write_journal):
    from infoview.index.parse import parse_file

    root = write_journal({**GOOD, "contacts/gone.md": "---\nname: Gone\n---\n"})
    [gone] = [f for f in discover(root) if f.id == "gone"]
    (root / "contacts/gone.md").unlink()
    prepared = parse_file(root, gone)
    assert prepared.diagnostics == [("contacts/gone.md", 1, 1, "error", "E016",
                                     "file disappeared while it was being read")]  # fmt: skip


@pytest.mark.skipif(os.geteuid() == 0, reason="root can read any file, whatever its permissions")
def test_an_unreadable_file(write_journal):
    root = write_journal({**GOOD, "contacts/locked.md": "---\nname: Locked\n---\n"})
    (root / "contacts/locked.md").chmod(0)
    result = load(root)
    assert [(d.code, d.message) for d in result.diagnostics] == [
        ("E016", "cannot read the file: permission denied")
    ]


def test_names_that_clash_or_break_elsewhere(write_journal, tmp_path):
    root = write_journal({
        **GOOD,
        "contacts/Jane-Doe.md": "---\nname: Jane (1)\n---\n",
        "contacts/jane-doe.md": "---\nname: Jane (2)\n---\n",
        "contacts/con.md": "---\nname: Con\n---\n",
        "contacts/Zoë Ångström.md": "---\nname: Zoë\n---\n",
        "contacts/with space.md": "---\nname: Space\n---\n",
    })  # fmt: skip
    result = load(root)
    got = sorted((d.span.path, d.code) for d in result.diagnostics)
    assert got == [("contacts/con.md", "W005"), ("contacts/jane-doe.md", "W004")]
    assert {"Zoë Ångström", "with space", "Jane-Doe", "jane-doe", "con"} <= set(result.journal.contacts)
    out = tmp_path / "out"
    assert build(root, BuildOptions(dt.date(2026, 11, 21), output=out)).built
    pages = sorted(p.name for p in (out / "contacts").iterdir())
    assert len(pages) == 6 and len(set(p.lower() for p in pages)) == 6  # no clash, even ignoring case


def test_files_that_are_not_records_are_ignored(write_journal):
    root = write_journal({
        **GOOD,
        ".obsidian/workspace.md": "x", ".git/HEAD.md": "x", "contacts/.jane.md.swp": "x",
        "contacts/jane.md~": "x", "contacts/#jane.md#": "x", "contacts/jane.tmp": "x",
        "contacts/notes.txt": "x", "contacts/photo.png": b"\x89PNG", "contacts/.hidden/x.md": "x",
        "contacts/_drafts/x.md": "x", "_site/contacts/x.md": "x", "README.md": "x",
        "contacts/JANE.MD": "x",
    })  # fmt: skip
    result = load(root)
    assert result.diagnostics == ()
    assert [f.rel for f in discover(root)] == ["contacts/good.md"]


def test_build_survives_every_damaged_file_with_keep_going(write_journal, invoke):
    root = write_journal({
        **GOOD,
        "contacts/a.md": b"\xff", "contacts/b.md": b"\x00", "contacts/c.md": "---\n- x\n---\n",
        "contacts/d.md": "no front matter", "interviews/e.md": "---\ncontact: nobody\ndate: 2026-02-30\n---\n",
    })  # fmt: skip
    result = invoke("-j", str(root), "build", "--keep-going", "--today", "2026-11-21")
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert (root / "_site/contacts/good.html").is_file()


def test_an_unreadable_file_as_any_user(write_journal, monkeypatch):
    """Simulates what permissions do for a non-root user (root reads everything)."""
    import builtins

    root = write_journal({**GOOD, "contacts/locked.md": "---\nname: Locked\n---\n"})
    real_open = builtins.open

    def guarded(file, *args, **kwargs):
        if str(file).endswith("locked.md"):
            raise PermissionError(13, "Permission denied", str(file))
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", guarded)
    result = load(root, use_index=False)
    assert [(d.code, d.message) for d in result.diagnostics] == [
        ("E016", "cannot read the file: permission denied")
    ]
    still_works(result)


def test_new_refuses_to_follow_a_symlink_out_of_the_journal(invoke, tmp_path):
    journal, elsewhere = tmp_path / "journal", tmp_path / "elsewhere"
    elsewhere.mkdir()
    invoke("init", str(journal))
    (journal / "contacts").rmdir()
    (journal / "contacts").symlink_to(elsewhere)
    result = invoke("-j", str(journal), "new", "contact", "Jane Doe")
    assert result.exit_code == 1
    assert "leads outside the journal" in result.stderr
    assert list(elsewhere.iterdir()) == []


CONTROL = ("\x1b", "\r", "\x08", "\x07", "\x9b", "\x7f", "\x00")


def test_journal_text_never_drives_the_terminal(write_journal, invoke):
    root = write_journal({
        "contacts/eve.md": '---\nname: "Eve \\e]0;pwned\\a Evil\\e[2J"\ntitle: "Chief\\rOverwritten\\b\\b"\n'
                           'company: "Acme \\x9b31m"\ntags: ["\\e]52;c;ZXZpbA==\\a"]\n---\n'
                           "- [ ] Reply \x1b]8;;https://evil.example\x1b\\\\click\x1b]8;;\x1b\\\\ due:2026-11-20\n",
        "contacts/\x1b[31mred.md": "---\nname: Red\nsource: nowhere\n---\n",
        "interviews/2026-11-02-eve.md": "---\ncontact: eve\ndate: 2026-11-02\nfollow_ups:\n"
                                        '  - do: "Call \\e[1;1HEve"\n    due: 2026-11-20\n---\n',
    })  # fmt: skip
    j = ("-j", str(root))
    for args in (["validate"], ["show", "eve"], ["followups", "--today", "2026-11-21"],
                 ["query", "contacts"], ["query", "contacts", "--format", "csv"],
                 ["query", "contacts", "--format", "json"], ["validate", "--format", "json"]):  # fmt: skip
        result = invoke(*j, *args)
        shown = result.stdout + result.stderr
        assert not [c for c in CONTROL if c in shown], (args, shown)
    shown = invoke(*j, "show", "eve", color=True).stdout  # as on a terminal: nothing stripped before
    assert "Eve ␛]0;pwned␇ Evil␛[2J" in shown
    assert "Chief␍Overwritten␈␈" in shown
    assert "Acme \\u009b31m" in shown
    assert "contacts/␛[31mred.md:3:9: error" in invoke(*j, "validate", color=True).stdout


def test_csv_cells_are_never_formulas(write_journal, invoke):
    root = write_journal({
        "contacts/a.md": "---\nname: '=HYPERLINK(\"https://evil.example\",\"x\")'\ntitle: +cmd|' /C calc'!A0\n---\n",
        "contacts/b.md": "---\nname: '@SUM(1+1)'\ntitle: -2+3\ncompany: Acme\n---\n",
    })  # fmt: skip
    out = invoke(
        "-j", str(root), "query", "contacts", "--fields", "name,title,company", "--format", "csv"
    ).stdout
    assert out == (
        "name,title,company\n"
        '"\'=HYPERLINK(""https://evil.example"",""x"")",\'+cmd|\' /C calc\'!A0,\n'
        "'@SUM(1+1),'-2+3,Acme\n"
    )


def test_a_file_name_that_is_not_utf8_is_reported_not_a_crash(write_journal, invoke):
    root = write_journal(GOOD)
    (root / os.fsdecode(b"contacts/caf\xe9.md")).write_text("---\nname: W\n---\n")
    for args in (["validate"], ["query", "contacts"], ["followups"], ["build", "--keep-going"]):
        result = invoke("-j", str(root), *args)
        assert result.exit_code in (0, 1), (args, result.output)
    assert invoke("-j", str(root), "validate").stdout == (
        "contacts/caf\ufffd.md:1:1: error: the file name is not UTF-8 text (it was made on another system); "
        "rename it [E016]\n1 error, 0 warnings in 2 files\n"
    )
    assert (root / "_site/contacts/good.html").is_file()


def test_an_output_path_through_itself_is_the_same_folder(write_journal, invoke, monkeypatch):
    root = write_journal(GOOD)
    monkeypatch.chdir(root)
    for _ in range(2):
        result = invoke("build", "-o", "out/../out", "--clean")
        assert result.exit_code == 0, result.output
    assert sorted(p.name for p in root.iterdir()) == [".infoview", "contacts", "infoview.toml", "out"]


def test_keep_going_never_waits_on_a_pipe(write_journal, invoke):
    root = write_journal(GOOD)
    os.mkfifo(root / "contacts/pipe.md")
    result = invoke("-j", str(root), "build", "--keep-going")  # would block forever reading the pipe
    assert result.exit_code == 1
    assert "infoview: left out contacts/pipe.md (it has errors)" in result.stderr


def test_a_huge_duration_is_a_diagnostic(write_journal, invoke):
    root = write_journal({**GOOD, "interviews/2026-11-01-good.md":
                          "---\ncontact: good\ndate: 2026-11-01\nduration: 99999999999999999999\n---\n"})  # fmt: skip
    for args in (["query", "interviews"], ["show", "good"], ["stats"], ["followups"]):
        assert invoke("-j", str(root), *args).exit_code == 0
    assert (
        "interviews/2026-11-01-good.md:4:11: error: duration '99999999999999999999' is longer than a day"
        in (invoke("-j", str(root), "validate").stdout)
    )


def test_a_file_full_of_link_openers_renders_as_written_and_in_bounded_time(write_journal):
    import subprocess
    import sys

    line = "[[" * 50_000 + "\n"
    root = write_journal({**GOOD, "contacts/brackets.md": "---\nname: Brackets\n---\n" + line * 20})
    assert (root / "contacts/brackets.md").stat().st_size > 1_900_000
    # A hang guard, not a speed test: it took minutes when every "[" began a link.
    done = subprocess.run([sys.executable, "-m", "infoview", "-j", str(root), "build", "--today", "2026-11-21"],
                          capture_output=True, text=True, timeout=120)  # fmt: skip
    assert done.returncode == 0, done.stderr
    page = (root / "_site/contacts/brackets.html").read_text()
    assert page.count("[") >= 2_000_000 and "\ue000" not in page


def test_a_long_run_of_brackets_still_ends_in_a_link():
    from infoview.journal.notes import render_markdown, wikilink_targets

    body = "[" * 20 + "[ann]] and [[[bo]]] and " + "[" * 18 + "x](https://example.org)"
    html = render_markdown(body)
    assert html.count('data-wl="ann"') == 1 and html.count('data-wl="bo"') == 1
    assert '<a href="https://example.org"' in html
    assert html.startswith("<p>" + "[" * 19) and wikilink_targets(body) == ("ann", "bo")


def test_real_journals_nfd_names_match_nfc_ids_and_twins_are_warned(write_journal, invoke):
    import unicodedata

    nfd = unicodedata.normalize("NFD", "zoë-ångström")
    nfc = unicodedata.normalize("NFC", "zoë-ångström")
    root = write_journal({
        f"contacts/{nfd}.md": "---\nname: Zoë Ångström\n---\n",
        f"interviews/2026-11-01-{nfc}.md": f"---\ncontact: {nfc}\ndate: 2026-11-01\n---\n",
        f"companies/{unicodedata.normalize('NFC', 'café')}.md": "---\nname: Café\n---\n",
        f"companies/{unicodedata.normalize('NFD', 'café')}.md": "---\nname: Café Two\n---\n",
    })  # fmt: skip
    out = invoke("-j", str(root), "validate").stdout.splitlines()
    assert not [line for line in out if "E007" in line]  # the NFC reference finds the NFD file
    twin = unicodedata.normalize("NFC", "café")
    assert out[:2] == [
        f"companies/{twin}.md:1:1: error: duplicate company id '{twin}' (also companies/"
        f"{unicodedata.normalize('NFD', 'café')}.md); rename one of the files [E011]",
        f"companies/{twin}.md:1:1: warning: '{twin}' and '{unicodedata.normalize('NFD', 'café')}' "
        f"(companies/{unicodedata.normalize('NFD', 'café')}.md) differ only by Unicode normalisation "
        "(one is written decomposed, as macOS does): on macOS and Windows they are the same file; rename one [W004]",
    ]
    result = load(root)
    assert list(result.journal.contacts) == [nfc]


def test_real_journals_conflict_markers_cr_only_fractions_and_empty_files(write_journal, invoke):
    root = write_journal({
        **GOOD,
        "contacts/merged.md": "---\nname: Merged\n<<<<<<< HEAD\ntitle: Designer\n=======\ntitle: Researcher\n"
                              ">>>>>>> theirs\n---\nNotes.\n",
        "contacts/body.md": "---\nname: Body\n---\nTitle\n=======\n\n<<<<<<< HEAD\nmine\n=======\ntheirs\n>>>>>>> b\n",
        "contacts/setext.md": "---\nname: Setext\n---\nTitle\n=======\nA heading, not a conflict.\n",
        "contacts/old-mac.md": b"---\rname: Old Mac\r---\rNotes.\r",
        "interviews/2026-11-03-good.md": "---\ncontact: good\ndate: 2026-11-03T14:30:00.000Z\n---\n",
        "contacts/Untitled.md": "",
        "contacts/blank.md": "  \n\n",
    })  # fmt: skip
    out = invoke("-j", str(root), "validate").stdout.splitlines()
    assert out == [
        "contacts/Untitled.md:1:1: warning: empty file; it is skipped (delete it, or write a record in it) [W007]",
        "contacts/blank.md:1:1: warning: empty file; it is skipped (delete it, or write a record in it) [W007]",
        "contacts/body.md:7:1: error: merge conflict marker '<<<<<<<': keep the lines you want, and delete the "
        "markers [E018]",
        "contacts/body.md:9:1: error: merge conflict marker '=======': keep the lines you want, and delete the "
        "markers [E018]",
        "contacts/body.md:11:1: error: merge conflict marker '>>>>>>>': keep the lines you want, and delete the "
        "markers [E018]",
        "contacts/merged.md:3:1: error: merge conflict marker '<<<<<<<': keep the lines you want, and delete the "
        "markers [E018]",
        "contacts/merged.md:5:1: error: merge conflict marker '=======': keep the lines you want, and delete the "
        "markers [E018]",
        "contacts/merged.md:7:1: error: merge conflict marker '>>>>>>>': keep the lines you want, and delete the "
        "markers [E018]",
        "6 errors, 2 warnings in 8 files",
    ]
    result = load(root)
    assert result.journal.contacts["old-mac"].name == "Old Mac"
    assert result.journal.interviews["2026-11-03-good"].when.time == dt.time(14, 30, tzinfo=dt.UTC)
    assert "setext" in result.journal.contacts


def test_new_refuses_a_name_windows_cannot_use(invoke, tmp_path):
    invoke("init", str(tmp_path))
    for kind, name in (("contact", "CON"), ("company", "Aux"), ("contact", "com1")):
        result = invoke("-j", str(tmp_path), "new", kind, name)
        assert result.exit_code == 1
        assert "which Windows cannot use; add another word" in result.stderr
    assert not list((tmp_path / "contacts").glob("*.md")) and not list((tmp_path / "companies").glob("*.md"))


def test_a_folder_that_cannot_be_read_is_a_diagnostic(write_journal, invoke, monkeypatch):
    root = write_journal({**GOOD, "contacts/secret/s.md": "---\nname: S\n---\n"})
    locked = str(root / "contacts/secret")
    scandir = os.scandir

    def refusing(path="."):  # as chmod 000 would (the tests may run as root, who reads anything)
        if os.fspath(path) == locked:
            raise PermissionError(13, "Permission denied", locked)
        return scandir(path)

    monkeypatch.setattr(os, "scandir", refusing)
    result = invoke("-j", str(root), "validate")
    assert result.stdout == (
        "contacts/secret:1:1: error: this folder cannot be read (Permission denied); its files are left out "
        "until it can [E016]\n1 error, 0 warnings in 2 files\n"
    )
    assert "secret" not in load(root).journal.contacts


@pytest.mark.parametrize("damage", ["a folder", "unreadable rows", "a dropped table", "garbage"])
def test_a_damaged_index_is_rebuilt_with_a_notice(write_journal, invoke, damage):
    import shutil
    import sqlite3

    from infoview.index.store import index_path

    root = write_journal(
        {**GOOD, "interviews/2026-11-01-good.md": "---\ncontact: good\ndate: 2026-11-01\n---\n"}
    )
    invoke("-j", str(root), "index")
    path = index_path(root)
    if damage == "a folder":
        for leftover in path.parent.glob("index.sqlite*"):
            leftover.unlink()
        path.mkdir()
    elif damage == "garbage":
        for leftover in path.parent.glob("index.sqlite*"):
            leftover.unlink()
        path.write_bytes(b"not a database at all" * 100)
    else:
        conn = sqlite3.connect(path)
        statement = (
            "UPDATE files SET payload = '{not json'" if damage == "unreadable rows" else "DROP TABLE tags"
        )
        conn.execute(statement)
        conn.commit()
        conn.close()
    for args in (["validate"], ["followups", "--today", "2026-11-21"], ["query", "contacts"], ["show", "good"],
                 ["build", "--today", "2026-11-21"]):  # fmt: skip
        result = invoke("-j", str(root), *args)
        assert result.exit_code == 0, (args, result.output)
        assert "Traceback" not in result.output
        if args == ["validate"]:
            assert (
                result.stderr.startswith("infoview: index is damaged (") and "rebuilding it" in result.stderr
            )
    first = invoke("-j", str(root), "index")
    assert first.exit_code == 0 and "index is damaged" not in first.stderr  # repaired once, for good
    shutil.rmtree(root / "_site")


@pytest.mark.parametrize(
    "table, noticed",
    [
        # (the contacts that `query` reads are a view over contact_rows and files;
        # show and stats read contact_rows; a build with nothing to do, and
        # validate and followups once they have answered, read the files table
        # and what they kept, not its index)
        ("sqlite_autoindex_files_1", {"show", "stats", "query"}),
        ("contact_rows", {"query", "show", "stats"}),
    ],
)
def test_damage_found_only_when_a_page_is_read_is_repaired_too(tmp_path, invoke, table, noticed):
    """SQLite opens an index whose table pages are scribbled over, and says
    "malformed" only when a command reads them: the command rebuilds the
    index and answers as if nothing had happened."""
    import shutil
    import sqlite3

    from infoview.index.store import index_path

    from .conftest import SAMPLE

    root = tmp_path / "journal"
    shutil.copytree(SAMPLE, root, ignore=shutil.ignore_patterns("_site", ".infoview"))
    commands = (["validate"], ["followups", "--today", "2026-11-21"], ["query", "contacts"],
                ["show", "amara-nwosu", "--today", "2026-11-21"], ["stats", "--today", "2026-11-21"],
                ["build", "--today", "2026-11-21", "-o", str(tmp_path / "site")])  # fmt: skip
    expected = [invoke("-j", str(root), *args).stdout for args in commands]
    for args, stdout in zip(commands, expected, strict=True):
        conn = sqlite3.connect(index_path(root))
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # every page in the file itself
        (page_size,) = conn.execute("PRAGMA page_size").fetchone()
        (page,) = conn.execute("SELECT rootpage FROM sqlite_schema WHERE name = ?", (table,)).fetchone()
        conn.close()
        with open(index_path(root), "r+b") as index:
            index.seek((page - 1) * page_size + 8)
            index.write(b"\xff" * (page_size - 8))
        result = invoke("-j", str(root), *args)
        assert result.exit_code == 0, (args, result.output)
        notice = "infoview: index is damaged (database disk image is malformed); rebuilding it\n"
        assert result.stderr == (notice if args[0] in noticed else "")  # a page it does not read: no harm
        if args[0] == "build":  # the same site as before: nothing to write
            assert result.stdout.startswith(
                stdout.split(" (")[0].replace("Built", "Site is up to date:") + " "
            )
        else:
            assert result.stdout == stdout
        if args[0] in noticed:
            assert invoke("-j", str(root), *args).stderr == ""  # repaired for good


@pytest.fixture
def small_disk(tmp_path):
    """A folder on a disk of 1 MB (a tmpfs), or a skip where one cannot be mounted."""
    import subprocess

    mount = tmp_path / "disk"
    mount.mkdir()
    made = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(mount)], capture_output=True)
    if made.returncode != 0:
        pytest.skip(f"cannot mount a small disk here: {made.stderr.decode().strip()}")
    yield mount
    subprocess.run(["umount", "-l", str(mount)], check=False)


def _fill(disk, leave: int) -> None:
    """Take all the disk's free space but `leave` bytes."""
    free = os.statvfs(disk).f_bavail * os.statvfs(disk).f_frsize
    (disk / "filler").write_bytes(b"\0" * max(free - leave, 0))


def test_a_full_disk_leaves_the_previous_site_and_says_so_in_one_line(small_disk, invoke):
    import hashlib
    import json

    from .conftest import SAMPLE

    out = small_disk / "site"
    first = invoke("-j", str(SAMPLE), "build", "--today", "2026-11-21", "-o", str(out))
    assert first.exit_code == 0, first.output
    manifest = json.loads((out / ".infoview-site.json").read_text())
    _fill(small_disk, 8_000)
    again = invoke("-j", str(SAMPLE), "build", "--today", "2026-12-21", "-o", str(out))  # every page anew
    assert again.exit_code == 1
    assert again.stderr.startswith("Error: the disk is full: cannot write ") and again.stderr.count("\n") == 1
    assert "Built" not in again.stdout
    for rel, (sha, _key) in manifest["files"].items():  # the previous site, whole
        assert hashlib.sha256((out / rel).read_bytes()).hexdigest() == sha, rel
    assert sorted(p.name for p in small_disk.iterdir()) == ["filler", "site"]  # no half-made copy left


def test_a_full_disk_under_the_index_is_one_line(small_disk, invoke):
    import shutil

    from .conftest import SAMPLE

    root = small_disk / "journal"
    shutil.copytree(SAMPLE, root, ignore=shutil.ignore_patterns("_site", ".infoview"))
    _fill(small_disk, 20_000)
    for args in (["validate"], ["query", "contacts"], ["build", "--today", "2026-11-21"]):
        result = invoke("-j", str(root), *args)
        assert "Traceback" not in result.output
        assert result.exit_code in (0, 1), (args, result.output)
        if result.exit_code == 1:
            said = result.stderr
            assert said.startswith(
                ("Error: the disk is full", "Error: the index (.infoview/) cannot be written")
            )
            assert said.count("\n") == 1, said


KILLER = """
import os, signal, sys
from pathlib import Path
import infoview.site.output as output
point, count = sys.argv[1], int(sys.argv[2])
calls = {"n": 0}

def die_on(real):
    def wrapped(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] >= count:
            os.kill(os.getpid(), signal.SIGKILL)
        return real(*args, **kwargs)
    return wrapped

if point == "write":
    output._write = die_on(output._write)
elif point == "exchange":
    output._exchange = die_on(output._exchange)
else:  # the two renames a system without an exchange uses: killed between them
    output._exchange = lambda first, second: False
    os.rename = die_on(os.rename)
from infoview.cli import main
main(["-j", sys.argv[3], "build", "--today", "2026-12-21"])
"""


@pytest.mark.parametrize("point, count", [("write", 1), ("write", 30), ("exchange", 1), ("renames", 2)])
def test_a_build_killed_at_any_moment_leaves_the_previous_site(write_journal, invoke, point, count):
    import hashlib
    import json
    import signal
    import subprocess
    import sys

    from .conftest import SAMPLE

    root = write_journal({})
    import shutil

    shutil.copytree(SAMPLE, root, dirs_exist_ok=True, ignore=shutil.ignore_patterns("_site", ".infoview"))
    assert invoke("-j", str(root), "build", "--today", "2026-11-21").exit_code == 0
    site = root / "_site"

    def whole() -> dict[str, str]:
        files = json.loads((site / ".infoview-site.json").read_text())["files"]
        assert {rel: hashlib.sha256((site / rel).read_bytes()).hexdigest() for rel in files} == {
            rel: sha for rel, (sha, _key) in files.items()
        }
        return files

    before = whole()
    killed = subprocess.run([sys.executable, "-c", KILLER, point, str(count), str(root)], capture_output=True)
    assert killed.returncode == -signal.SIGKILL, killed.stderr.decode()
    if point != "renames":  # the site was never without a whole folder
        assert whole() == before
    else:  # killed between the renames: the previous site is set aside, whole
        assert not site.exists() and len(list(root.glob("._site.old-*"))) == 1
    if point == "renames":  # even a build that then stops at an error puts it back
        (root / "contacts/broken.md").write_text("---\nname: [\n---\n")
        stopped = invoke("-j", str(root), "build", "--today", "2026-11-21")
        assert stopped.exit_code == 1 and whole() == before
        (root / "contacts/broken.md").unlink()
    again = invoke("-j", str(root), "build", "--today", "2026-11-21")  # puts back what was set aside
    assert again.exit_code == 0, again.output
    assert whole() == before
    assert sorted(p.name for p in root.iterdir() if p.name.startswith("._site")) == []


def test_the_site_folder_keeps_its_mode_and_a_link_to_it_stays_a_link(write_journal, invoke):
    root = write_journal(GOOD)
    published = root.parent / "published"
    published.mkdir()
    published.chmod(0o751)
    (root / "_site").symlink_to(published)
    for today in ("2026-11-21", "2026-12-21"):
        assert invoke("-j", str(root), "build", "--today", today).exit_code == 0
        assert (root / "_site").is_symlink() and (root / "_site").resolve() == published.resolve()
        assert (published / "contacts/good.html").is_file()
        assert published.stat().st_mode & 0o777 == 0o751
    fresh = write_journal(GOOD, root=root.parent / "fresh")
    assert invoke("-j", str(fresh), "build", "--today", "2026-11-21").exit_code == 0
    assert (fresh / "_site").stat().st_mode & 0o777 == 0o777 & ~umask()


@pytest.mark.parametrize("unit", ["![", "[x](", "[[x|", "&", "<a>", "\\\\"])
def test_a_long_line_of_markdown_openers_is_shown_as_written(unit):
    from infoview.journal.notes import render_markdown

    line = unit * (4_000 // len(unit))
    html = render_markdown(f"Before.\n\n{line}\n\nAfter [[ann]].\n")
    import html as html_lib

    assert f"<p>{html_lib.escape(line, quote=False)}</p>" in html.replace("&quot;", '"')
    assert 'data-wl="ann"' in html  # the rest of the note is markdown as ever


def test_a_read_only_journal_is_one_line(small_disk, invoke):
    import shutil
    import subprocess

    from .conftest import SAMPLE

    root = small_disk / "journal"
    shutil.copytree(SAMPLE, root, ignore=shutil.ignore_patterns("_site", ".infoview"))
    subprocess.run(["mount", "-o", "remount,ro", str(small_disk)], check=True)
    try:
        for args in (["build", "--today", "2026-11-21"], ["sql", "SELECT count(*) FROM contacts"], ["validate"],
                     ["new", "contact", "Someone New"]):  # fmt: skip
            result = invoke("-j", str(root), *args)
            assert "Traceback" not in result.output, (args, result.output)
            assert result.exit_code in (0, 1), (args, result.output)
            if result.exit_code == 1:
                lines = [line for line in result.stderr.splitlines() if not line.startswith("infoview: ")]
                assert len(lines) == 1 and lines[0].startswith("Error: "), (args, result.stderr)
    finally:
        subprocess.run(["mount", "-o", "remount,rw", str(small_disk)], check=False)


def test_a_c1_control_keeps_json_valid(write_journal, invoke):
    import json

    root = write_journal({"contacts/ann.md": '---\nname: "Ann \\x85 Lee\\x7f"\n---\n'})
    out = invoke("-j", str(root), "query", "contacts", "--format", "json").stdout
    assert json.loads(out)[0]["name"] == "Ann \x85 Lee\x7f"  # shown escaped, read back whole
    assert "\x85" not in out and "\x7f" not in out


def test_sql_cannot_reach_unsafe_functions(write_journal, invoke):
    root = write_journal(GOOD)
    result = invoke("-j", str(root), "sql", "SELECT fts3_tokenizer('simple')")
    assert result.exit_code == 1 and "sql only reads the index" in result.stderr


def test_index_damage_found_late_is_one_line(write_journal, invoke):
    import sqlite3

    from infoview.index.store import index_path

    root = write_journal(
        {**GOOD, "interviews/2026-11-01-good.md": "---\ncontact: good\ndate: 2026-11-01\n---\n"}
    )
    invoke("-j", str(root), "index")
    conn = sqlite3.connect(index_path(root))
    conn.execute("UPDATE meta SET value = 'zz' WHERE key = 'fields'")
    conn.commit()
    conn.close()
    assert invoke("-j", str(root), "followups", "--today", "2026-11-21").exit_code == 0
    with open(index_path(root), "r+b") as handle:  # a page SQLite finds broken only when it reads it
        handle.seek(4096 * 3)
        handle.write(b"\xff" * 4096 * 6)
    for args in (["query", "contacts"], ["followups"], ["validate"]):
        result = invoke("-j", str(root), *args)
        assert "Traceback" not in result.output
        if result.exit_code == 1:
            assert result.stderr.count("\n") == 1 and result.stderr.startswith("Error: the index"), (
                result.stderr
            )


def test_a_broken_template_of_ones_own_is_one_line(write_journal, invoke):
    root = write_journal({**GOOD, "templates/dashboard.html": "{% if %}\n"})
    result = invoke("-j", str(root), "build", "--today", "2026-11-21")
    assert result.exit_code == 1
    assert (
        result.stderr.startswith("Error: ") and "dashboard.html:1: a template cannot be used" in result.stderr
    )
    assert result.stderr.count("\n") == 1


def test_many_links_to_a_private_record_stay_linear(write_journal, invoke):
    import subprocess
    import sys

    root = write_journal({
        "contacts/bo-kim.md": "---\nname: Bo Kim\nprivate: true\n---\n",
        "contacts/ann.md": "---\nname: Ann\n---\n" + "[[bo-kim]] " * 16_000 + "\n",
    })  # fmt: skip
    done = subprocess.run(
        [sys.executable, "-m", "infoview", "-j", str(root), "build", "--today", "2026-11-21"],
        capture_output=True,
        text=True,
        timeout=60,
    )  # fmt: skip  (took 35 s when quadratic)
    assert done.returncode == 0, done.stderr


class _Interrupted:
    """A class attribute whose naming is cut short by Ctrl-C, as when the
    user presses it while a module imported on first use defines a class."""

    def __set_name__(self, owner: type, name: str) -> None:
        raise KeyboardInterrupt


def test_ctrl_c_while_a_class_is_defined_is_an_interrupt_not_a_traceback(write_journal, invoke, monkeypatch):
    def build_interrupted(*_args: object) -> None:
        class Page:
            key = _Interrupted()

    monkeypatch.setattr("infoview.site.build.build", build_interrupted)
    result = invoke("-j", str(write_journal(GOOD)), "build")
    assert (result.exit_code, result.output) == (1, "\nAborted!\n")


def test_a_record_file_replaced_by_a_pipe_is_a_diagnostic_not_a_wait(write_journal):
    """A refresh reads a file whose times changed to see whether its content
    did: a pipe in its place would keep it waiting for ever."""
    import threading

    root = write_journal({**GOOD, "contacts/pipe.md": "---\nname: Pipe\n---\n"})
    load(root)
    (root / "contacts/pipe.md").unlink()
    os.mkfifo(root / "contacts/pipe.md")
    found: list = []
    loading = threading.Thread(target=lambda: found.append(load(root)), daemon=True)
    loading.start()
    loading.join(30)
    assert found, "the load waited on the pipe"
    assert codes(found[0], "contacts/pipe.md") == [(1, "E016")]
    still_works(found[0])


def test_with_raw_html_a_script_is_shown_as_text_never_run(write_journal, invoke):
    root = write_journal({
        "infoview.toml": "[site]\nallow_html = true\n",
        "contacts/ann.md": '---\nname: Ann Lee\n---\nHi <script src="file:///tmp/evil.js"></script> there, '
                           "<SCRIPT/src=x>y</SCRIPT> and <svg><script href=z></script></svg>; "
                           "<scr<script>ipt src=w></script>. <em>Kept</em>, <kbd>Ctrl</kbd>.\n",
    })  # fmt: skip
    assert invoke("-j", str(root), "build", "--today", "2026-11-21").exit_code == 0
    page = (root / "_site/contacts/ann.html").read_text()
    notes = re.search(r"<p>Hi .*?</p>", page, re.S)
    assert notes is not None
    assert notes.group(0) == (
        '<p>Hi &lt;script src="file:///tmp/evil.js">&lt;/script> there, &lt;SCRIPT/src=x&gt;y&lt;/SCRIPT> and '
        "<svg>&lt;script href=z>&lt;/script></svg>; &lt;scr&lt;script>ipt src=w&gt;&lt;/script>. "
        "<em>Kept</em>, <kbd>Ctrl</kbd>.</p>"
    )
    assert "<script" not in page.lower().replace('<script src="../static/', "")
