"""An incremental build gives exactly the site a clean build gives, edit after edit."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from infoview.site.build import BuildOptions, build
from infoview.site.output import MANIFEST

from .conftest import SAMPLE

TODAY = dt.date(2026, 11, 21)


def files(out: Path) -> dict[str, bytes]:
    return {p.relative_to(out).as_posix(): p.read_bytes()
            for p in sorted(out.rglob("*")) if p.is_file() and p.name != MANIFEST}  # fmt: skip


def replace_in(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1))


EDITS = [
    (
        "notes of an interview",
        lambda j: replace_in(
            j / "interviews/2026/2026-10-29-dana-okafor.md", "## Notes", "## Notes\n\n- An added line."
        ),
    ),
    (
        "a topic",
        lambda j: replace_in(
            j / "interviews/2026/2026-10-29-dana-okafor.md",
            "topic: Applying to Lumen's junior researcher role",
            "topic: Applying for the junior role",
        ),
    ),
    (
        "a contact's name",
        lambda j: replace_in(j / "contacts/dana-okafor.md", "name: Dana Okafor", "name: Dana O."),
    ),
    (
        "thanked, so a rule stops",
        lambda j: replace_in(
            j / "interviews/2026/2026-10-29-dana-okafor.md",
            "mode: video\n",
            "mode: video\nthanked: 2026-10-30\n",
        ),
    ),
    (
        "a new interview with a referral",
        lambda j: (j / "interviews/2026/2026-11-20-kofi-mensah.md").write_text(
            "---\ncontact: kofi-mensah\ndate: 2026-11-20\nstatus: requested\nmode: email\ntopic: First note\n---\n"
        ),
    ),
    (
        "a contact becomes private",
        lambda j: replace_in(
            j / "contacts/yuki-tanaka.md", "keep_in_touch: 90d\n", "keep_in_touch: 90d\nprivate: true\n"
        ),
    ),
    (
        "a company renamed",
        lambda j: replace_in(j / "companies/brightpath.md", "name: Brightpath Analytics", "name: Brightpath"),
    ),
    (
        "a task added to a contact",
        lambda j: (j / "contacts/grace-kim.md").write_text(
            (j / "contacts/grace-kim.md").read_text()
            + "\n- [ ] Send Grace the panel questions due:2026-11-23\n"
        ),
    ),
    (
        "a wiki-link to a new target",
        lambda j: replace_in(j / "contacts/marcus-webb.md", "Old friend", "Old friend (see [[ines-ortega]])"),
    ),
    ("an interview deleted", lambda j: (j / "interviews/2026/2026-06-17-grace-kim.md").unlink()),
    ("a file renamed", lambda j: (j / "contacts/victor-lang.md").rename(j / "contacts/victor-lang-2.md")),
]


@pytest.fixture(scope="module")
def journal(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("inc") / "journal"
    shutil.copytree(SAMPLE, root, ignore=shutil.ignore_patterns(".infoview", "_site"))
    assert build(root, BuildOptions(TODAY)).built
    return root


@pytest.mark.parametrize("what, edit", EDITS, ids=[e[0] for e in EDITS])
def test_incremental_equals_clean(journal, tmp_path, what, edit):
    edit(journal)
    result = build(journal, BuildOptions(TODAY))
    assert result.built and not result.up_to_date
    clean = tmp_path / "clean"
    build(journal, BuildOptions(TODAY, output=clean, clean=True))
    incremental, fresh = files(journal / "_site"), files(clean)
    assert sorted(incremental) == sorted(fresh)
    stale = [rel for rel in fresh if incremental[rel] != fresh[rel]]
    assert stale == [], f"after {what}, these pages were not brought up to date: {stale}"
