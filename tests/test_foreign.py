"""Files and folders of the user's own in the site folder: kept by every
build, even those put there while it finishes; refused where they are in
the site's way, never overwritten, moved or dropped."""

from __future__ import annotations

from pathlib import Path

import pytest

from infoview.site import output
from infoview.site.build import BuildOptions, OutputError, build, make_ready
from infoview.watch.loop import preview_memo

from .test_incremental import TODAY, files, replace_in

JOURNAL = {"contacts/ann.md": "---\nname: Ann\n---\n", "contacts/bo.md": "---\nname: Bo\n---\n"}


def edit(root: Path, name: str) -> None:
    text = (root / "contacts/ann.md").read_text()
    (root / "contacts/ann.md").write_text(text.replace(text.split("\n")[1], f"name: {name}"))


def put_late(monkeypatch: pytest.MonkeyPatch, where: dict[str, str]) -> None:
    """Files written into the site folder once the build has carried over
    the user's files, just before it swaps the new site in."""
    real = output._swap

    def swap(staging: Path, out: Path) -> Path | None:
        for rel, text in where.items():
            (out / rel).parent.mkdir(parents=True, exist_ok=True)
            (out / rel).write_text(text)
        return real(staging, out)

    monkeypatch.setattr(output, "_swap", swap)


LATE = {
    "late.txt": "top",
    "contacts/late.txt": "beside a page",
    "mine/deeper/late.txt": "in a folder of mine",
}


@pytest.mark.parametrize("preview", [False, True], ids=["build", "the live preview"])
def test_files_put_into_the_site_while_a_build_finishes_are_kept(write_journal, monkeypatch, preview):
    root = write_journal(JOURNAL)
    memo = preview_memo(root) if preview else None
    out = root / "_site"
    for name in ("Ann 2", "Ann 3"):  # (a spare, then the folder listed while the preview waits)
        edit(root, name)
        build(root, BuildOptions(TODAY), memo)
        if memo is not None:
            make_ready(root, out, memo)
    put_late(monkeypatch, LATE)
    edit(root, "Ann 4")
    build(root, BuildOptions(TODAY), memo)
    monkeypatch.undo()
    for name in ("Ann 5", "Ann 6"):  # (the previous site, where they landed, is the spare: made anew)
        assert {rel: (out / rel).read_text() for rel in LATE} == LATE
        edit(root, name)
        build(root, BuildOptions(TODAY), memo)
    assert {rel: (out / rel).read_text() for rel in LATE} == LATE
    assert "Ann 6" in (out / "contacts/ann.html").read_text()


def test_a_file_put_late_where_the_new_site_has_a_new_page_is_the_sites(write_journal, monkeypatch, tmp_path):
    root = write_journal(JOURNAL)
    build(root, BuildOptions(TODAY))
    put_late(monkeypatch, {"contacts/cy.html": "mine"})
    (root / "contacts/cy.md").write_text("---\nname: Cy\n---\n")
    build(root, BuildOptions(TODAY))
    clean = build(root, BuildOptions(TODAY, output=tmp_path / "clean", clean=True)).out
    assert files(root / "_site") == files(clean)


def test_folders_of_the_users_own_are_kept_even_empty(write_journal):
    root = write_journal(JOURNAL)
    out = root / "_site"
    build(root, BuildOptions(TODAY))
    for rel in ("empty", "contacts/empty", "mine/empty"):
        (out / rel).mkdir(parents=True)
    (out / "mine/note.txt").write_text("mine")
    for name in ("Ann 2", "Ann 3"):
        edit(root, name)
        build(root, BuildOptions(TODAY))
        assert all((out / rel).is_dir() for rel in ("empty", "contacts/empty", "mine/empty"))
        assert (out / "mine/note.txt").read_text() == "mine"


IN_THE_WAY = [
    ("contacts/bo.html", "folder", "contacts/bo.html", "is a folder of your own, where the site puts a page"),
    (
        "contacts/bo.html/x.txt",
        "file",
        "contacts/bo.html",
        "is a folder of your own, where the site puts a page",
    ),
    ("contacts", "file", "contacts", "is a file of your own, where the site puts a folder"),
]


@pytest.mark.parametrize(("rel", "kind", "where", "what"), IN_THE_WAY)
def test_something_of_the_users_own_where_the_site_puts_its_own_is_refused_and_kept(
    write_journal, rel, kind, where, what
):
    root = write_journal(JOURNAL)
    out = root / "_site"
    build(root, BuildOptions(TODAY))
    blocked = out / where
    if blocked.is_dir():
        for page in blocked.iterdir():
            page.unlink()
        blocked.rmdir()
    else:
        blocked.unlink()
    if kind == "folder":
        (out / rel).mkdir()
    else:
        (out / rel).parent.mkdir(parents=True, exist_ok=True)
        (out / rel).write_text("mine")
    before = files(out)
    edit(root, "Ann 2")
    with pytest.raises(OutputError) as refused:
        build(root, BuildOptions(TODAY))
    assert str(refused.value) == (
        f"{out / where} {what}: move or rename it, then build again (the previous site was left as it was)"
    )
    assert files(out) == before
    assert (out / rel).is_dir() if kind == "folder" else (out / rel).read_text() == "mine"


def test_a_refused_build_says_so_and_the_next_one_builds_once_it_is_moved(write_journal, invoke):
    root = write_journal(JOURNAL)
    invoke("-j", str(root), "build", "--today", TODAY.isoformat())
    out = root / "_site"
    (out / "contacts/bo.html").unlink()
    (out / "contacts/bo.html").mkdir()
    replace_in(root / "contacts/ann.md", "name: Ann", "name: Ann 2")
    result = invoke("-j", str(root), "build", "--today", TODAY.isoformat())
    assert result.exit_code == 1
    assert result.output.strip().endswith(
        f"{out / 'contacts/bo.html'} is a folder of your own, where the site puts a page: move or rename it, "
        "then build again (the previous site was left as it was)"
    )
    (out / "contacts/bo.html").rename(out / "bo-mine")
    assert invoke("-j", str(root), "build", "--today", TODAY.isoformat()).exit_code == 0
    assert "Ann 2" in (out / "contacts/ann.html").read_text() and (out / "bo-mine").is_dir()
