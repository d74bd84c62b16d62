"""Listings of the site's folders kept by a process that builds again, and
the spare it makes ready while it waits for a change."""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import pytest

from infoview.cache import Recent
from infoview.site import listing
from infoview.site.build import BuildOptions, build, make_ready
from infoview.site.listing import contents, settled
from infoview.watch.loop import preview_memo

from .test_incremental import TODAY, files, replace_in

FILES = {"c.html": "c", "a/b.html": "b", "d/e/f.html": "f", "d/g.html": "g"}


def make_site(folder: Path) -> Path:
    for rel, text in FILES.items():
        (folder / rel).parent.mkdir(parents=True, exist_ok=True)
        (folder / rel).write_text(text)
    return folder


def settle(folder: Path) -> None:
    """Every folder below folder, as if last changed an hour ago."""
    hour_ago = time.time_ns() - 3600 * 10**9 + 123
    for path in [folder, *(p for p in folder.rglob("*") if p.is_dir())]:
        os.utime(path, ns=(hour_ago, hour_ago))


def no_walking(monkeypatch: pytest.MonkeyPatch) -> None:
    def walk(*args: object) -> None:
        raise AssertionError("the folder was walked")

    monkeypatch.setattr(listing.os, "walk", walk)


def test_a_listing_is_given_again_while_no_folder_in_it_changed(tmp_path, monkeypatch):
    site = make_site(tmp_path / "site")
    settle(site)
    recent: Recent = Recent()
    first = contents(site, recent)
    assert first == (frozenset(FILES), frozenset({"a", "d", "d/e"}))
    no_walking(monkeypatch)
    assert contents(site, recent) == first


def add_deep(site: Path) -> None:
    (site / "d/e/new.html").write_text("new")


def remove(site: Path) -> None:
    (site / "a/b.html").unlink()


def rename(site: Path) -> None:
    (site / "d/g.html").rename(site / "d/h.html")


def add_folder(site: Path) -> None:
    (site / "d/e/z").mkdir()


def remove_folder(site: Path) -> None:
    shutil.rmtree(site / "d/e")


def replace_site(site: Path) -> None:
    other = make_site(site.with_name("other"))
    (other / "extra.html").write_text("x")
    shutil.rmtree(site)
    other.rename(site)


@pytest.mark.parametrize("change", [add_deep, remove, rename, add_folder, remove_folder, replace_site])
def test_every_change_of_what_a_folder_holds_is_listed(tmp_path, change):
    site = make_site(tmp_path / "site")
    settle(site)
    recent: Recent = Recent()
    contents(site, recent)
    change(site)
    if change is replace_site:
        settle(site)  # (another folder, with the same names and times: its inode tells it apart)
    assert contents(site, recent) == contents(site)


def test_a_listing_made_while_a_change_may_not_show_yet_is_not_kept(tmp_path):
    site = make_site(tmp_path / "site")
    soon = time.time_ns() + 10**9  # (changed as late as can be: however slow the machine is meanwhile)
    for path in [site, *(p for p in site.rglob("*") if p.is_dir())]:
        os.utime(path, ns=(soon, soon))
    recent: Recent = Recent()
    assert contents(site, recent) == (frozenset(FILES), frozenset({"a", "d", "d/e"}))
    assert recent.known == {}


def test_a_file_system_with_coarse_times_is_given_two_seconds():
    now = 1_700_000_000 * 10**9
    fine = (("", 1, now - 25_000_000 + 7),)
    coarse = (("", 1, now - 1_000_000_000),)  # whole seconds (FAT: two)
    assert settled(fine, now)
    assert not settled((("", 1, now - 5_000_000 + 7),), now)
    assert not settled(coarse, now)
    assert settled((("", 1, now - 3_000_000_000),), now)


def two_contacts(write_journal) -> Path:
    root = write_journal(
        {"contacts/ann.md": "---\nname: Ann\n---\n", "contacts/bo.md": "---\nname: Bo\n---\n"}
    )
    return root


def built_twice(root: Path, memo) -> None:
    """Built, and built again after an edit: the first site is now the spare."""
    build(root, BuildOptions(TODAY), memo)
    replace_in(root / "contacts/ann.md", "name: Ann", "name: Ann 2")
    memo.named = frozenset({"contacts/ann.md"})
    build(root, BuildOptions(TODAY), memo)


def ready_spares(memo) -> list:
    return [place for place in memo.manifests.known if isinstance(place, tuple) and place[0] == "ready spare"]


def test_a_spare_made_ready_while_waiting_is_what_the_next_build_writes_into(write_journal, tmp_path):
    root = two_contacts(write_journal)
    memo = preview_memo(root)
    built_twice(root, memo)
    make_ready(root, root / "_site", memo)
    assert len(ready_spares(memo)) == 1
    (spare,) = [p for p in (root / ".infoview/spare").iterdir() if p.is_dir()]
    bo = (spare / "contacts/bo.html").stat().st_ino
    replace_in(root / "contacts/ann.md", "name: Ann 2", "name: Ann 3")
    memo.named = frozenset({"contacts/ann.md"})
    build(root, BuildOptions(TODAY), memo)
    assert ready_spares(memo) == []  # (taken, for one build)
    assert (root / "_site/contacts/bo.html").stat().st_ino == bo  # the spare is the site now
    assert "Ann 3" in (root / "_site/contacts/ann.html").read_text()
    clean = build(root, BuildOptions(TODAY, output=tmp_path / "clean", clean=True)).out
    assert files(root / "_site") == files(clean)


@pytest.mark.parametrize("where", ["stray.html", "contacts/stray.html", "junk/stray.html"])
def test_a_spare_changed_after_it_was_made_ready_is_prepared_again(write_journal, tmp_path, where):
    root = two_contacts(write_journal)
    memo = preview_memo(root)
    built_twice(root, memo)
    make_ready(root, root / "_site", memo)
    (spare,) = [p for p in (root / ".infoview/spare").iterdir() if p.is_dir()]
    (spare / where).parent.mkdir(exist_ok=True)
    (spare / where).write_text("not ours")
    replace_in(root / "contacts/ann.md", "name: Ann 2", "name: Ann 3")
    memo.named = frozenset({"contacts/ann.md"})
    build(root, BuildOptions(TODAY), memo)
    clean = build(root, BuildOptions(TODAY, output=tmp_path / "clean", clean=True)).out
    assert files(root / "_site") == files(clean)
    assert not (root / "_site" / where).exists()


def test_a_page_removed_from_the_site_after_it_was_listed_comes_back(write_journal):
    root = two_contacts(write_journal)
    memo = preview_memo(root)
    built_twice(root, memo)
    make_ready(root, root / "_site", memo)
    page = root / "_site/contacts/bo.html"
    made = page.read_bytes()
    page.unlink()
    replace_in(root / "contacts/ann.md", "name: Ann 2", "name: Ann 3")
    memo.named = frozenset({"contacts/ann.md"})
    result = build(root, BuildOptions(TODAY), memo)
    assert result.built and page.read_bytes() == made
