"""A subject's reflections, fifty to a page: what each page shows and links
to, and that an edit makes again only what it changes, as a clean build would."""

from __future__ import annotations

import datetime as dt
import re
import textwrap
from pathlib import Path

import pytest

from infoview.site.build import BuildOptions, build
from infoview.site.output import MANIFEST

TODAY = dt.date(2026, 11, 21)
FIRST = dt.date(2026, 1, 1)


def interview(n: int, private: bool = False) -> tuple[str, str]:
    day = FIRST + dt.timedelta(days=n)
    text = f"""\
        ---
        contact: ann
        date: {day.isoformat()}
        topic: Talk {n}
        tags: [ux]
        {"private: true" if private else ""}
        ---
        ## Notes

        - A note.

        ## Reflection

        Reflection number {n}.
        """
    return f"interviews/{day.isoformat()}-ann-{n}.md", textwrap.dedent(text)


def talks(count: int) -> dict[str, str]:
    """Ann, and that many talks with her tagged ux, each with a reflection."""
    return {"contacts/ann.md": "---\nname: Ann Lee\n---\n", **dict(interview(n) for n in range(1, count + 1))}


@pytest.fixture
def journal(write_journal):
    """Ann, and 120 talks tagged ux, each with a reflection; the first with a takeaway."""
    files = talks(120)
    first = "interviews/2026-01-02-ann-1.md"
    files[first] = files[first].replace("- A note.", "- A note.\n\n## Takeaways\n\n- Portfolios matter.")
    return write_journal(files)


def reflections_on(page: str) -> list[int]:
    return [int(n) for n in re.findall(r"Reflection number (\d+)\.", page)]


def files(out: Path) -> dict[str, bytes]:
    return {p.relative_to(out).as_posix(): p.read_bytes()
            for p in sorted(out.rglob("*")) if p.is_file() and p.name != MANIFEST}  # fmt: skip


def test_a_subject_with_many_reflections_shows_fifty_a_page_newest_first(journal):
    assert build(journal, BuildOptions(TODAY)).built
    site = journal / "_site"
    first, second, third = (
        (site / rel).read_text() for rel in ("learned/ux.html", "learned/ux/2.html", "learned/ux/3.html")
    )
    assert reflections_on(first) == list(range(120, 70, -1))
    assert reflections_on(second) == list(range(70, 20, -1))
    assert reflections_on(third) == list(range(20, 0, -1))
    assert sorted(p.relative_to(site).as_posix() for p in (site / "learned").rglob("*.html")) == [
        "learned/ux.html", "learned/ux/2.html", "learned/ux/3.html",
    ]  # fmt: skip
    # The takeaways on the first page alone; each page says which reflections it holds.
    assert "Portfolios matter." in first and "Portfolios matter." not in second + third
    assert 'Reflections on #ux <span class="count">1\u201350 of 120</span>' in first
    assert 'Reflections on #ux <span class="count">51\u2013100 of 120</span>' in second
    assert "<title>What I learned about ux (page 1 of 3)" in first
    assert "<title>What I learned about ux (page 3 of 3)" in third
    assert '<h1>What I learned about ux <span class="count">page 3 of 3</span></h1>' in third
    assert (
        '<nav class="pager" aria-label="Pages of reflections">\n'
        '  <a rel="prev" href="../../learned/ux.html">Newer</a>\n'
        '  <ol><li><a href="../../learned/ux.html">1</a></li><li><span aria-current="page">2</span></li>'
        '<li><a href="../../learned/ux/3.html">3</a></li></ol>\n'
        '  <a rel="next" href="../../learned/ux/3.html">Older</a>\n'
        "</nav>"
    ) in second
    assert 'rel="prev"' not in first and 'rel="next" href="../learned/ux/2.html">Older</a>' in first
    assert 'rel="next"' not in third and '<a href="../../learned.html">What I learned</a>' in third
    # Elsewhere a subject is its first page, with all its reflections counted.
    learned = (site / "learned.html").read_text()
    assert (
        '<a href="learned/ux.html">ux</a> <span class="count">1 takeaway · 120 reflections</span>' in learned
    )
    assert 'href="learned/ux.html"' in (site / "tags.html").read_text()


def test_fifty_reflections_or_fewer_are_one_page_without_a_pager(write_journal):
    root = write_journal(talks(50))
    assert build(root, BuildOptions(TODAY)).built
    page = (root / "_site/learned/ux.html").read_text()
    assert len(reflections_on(page)) == 50 and "pager" not in page
    assert 'Reflections on #ux <span class="count">50</span>' in page
    assert not (root / "_site/learned/ux").exists()


def test_an_edited_reflection_makes_again_its_own_page_and_no_other(journal):
    assert build(journal, BuildOptions(TODAY)).built
    site = journal / "_site"
    before = files(site)
    path = journal / "interviews/2026-02-15-ann-45.md"  # the 76th newest: on the second page
    path.write_text(path.read_text().replace("Reflection number 45.", "Reflection number 45, again."))
    result = build(journal, BuildOptions(TODAY))
    after = files(site)
    # (and the search index, which holds the talk's notes)
    assert result.written == 3 and {rel for rel in after if after[rel] != before.get(rel)} == {
        "interviews/2026-02-15-ann-45.html", "learned/ux/2.html", "search/0.js",
    }  # fmt: skip
    assert "Reflection number 45, again." in after["learned/ux/2.html"].decode()


@pytest.mark.parametrize(
    ("what", "edit", "pages"),
    [
        # A reflection written into a talk that had none moves every older one along.
        (
            "a reflection added",
            lambda text: text.replace("- A note.", "- A note.\n\n## Reflection\n\nNew one."),
            3,
        ),
        # The page of the last ones goes once twenty reflections are gone.
        ("reflections taken out", None, 2),
    ],
)
def test_reflections_added_or_taken_out_give_the_pages_a_clean_build_gives(
    journal, tmp_path, what, edit, pages
):
    assert build(journal, BuildOptions(TODAY)).built
    if edit is not None:
        rel, text = interview(151)
        blank = journal / rel
        blank.write_text(text.replace("## Reflection\n\nReflection number 151.\n", ""))
        assert build(journal, BuildOptions(TODAY)).built
        blank.write_text(edit(blank.read_text()))
    else:
        for n in range(1, 21):
            path = journal / f"interviews/{(FIRST + dt.timedelta(days=n)).isoformat()}-ann-{n}.md"
            path.write_text(path.read_text().replace(f"Reflection\n\nReflection number {n}.", "Other"))
    assert build(journal, BuildOptions(TODAY)).built
    clean = tmp_path / "clean"
    assert build(journal, BuildOptions(TODAY, output=clean, clean=True)).built
    assert files(journal / "_site") == files(clean)
    learned = sorted((journal / "_site/learned").rglob("*.html"))
    assert len(learned) == pages


def test_a_reflection_taken_out_and_another_written_in_one_go_move_the_pages_between(journal, tmp_path):
    """As many reflections as before, but others: the ones between have moved along."""
    older, newer = (journal / interview(n)[0] for n in (10, 100))
    text = older.read_text()
    older.write_text(text.replace("Reflection number 10.", "").replace("## Reflection", ""))
    assert build(journal, BuildOptions(TODAY)).built
    older.write_text(text)
    newer.write_text(newer.read_text().replace("Reflection number 100.", "").replace("## Reflection", ""))
    assert build(journal, BuildOptions(TODAY)).built
    clean = tmp_path / "clean"
    assert build(journal, BuildOptions(TODAY, output=clean, clean=True)).built
    assert files(journal / "_site") == files(clean)
    assert reflections_on((clean / "learned/ux/2.html").read_text())[0] == 69


def test_an_edited_reflection_is_looked_for_on_its_own_page_and_the_first(journal, monkeypatch):
    """The page that holds it, and the first (the takeaways) when a takeaway
    changed: no other of the subject's pages can show what an edit of its notes changed."""
    from infoview.site import keys, pages

    assert build(journal, BuildOptions(TODAY)).built
    keyed: list[int] = []
    real = keys.learned_about_key
    monkeypatch.setattr(
        pages, "learned_about_key", lambda view, context: keyed.append(context["page"]) or real(view, context)
    )
    path = journal / "interviews/2026-02-15-ann-45.md"  # on the second page
    path.write_text(path.read_text().replace("Reflection number 45.", "Reflection number 45, again."))
    assert build(journal, BuildOptions(TODAY)).written == 3
    assert keyed == [2]
    # A takeaway edited: the first page too (where the subject's takeaways are).
    keyed.clear()
    first = journal / "interviews/2026-01-02-ann-1.md"  # on the third page
    first.write_text(first.read_text().replace("Portfolios matter.", "Portfolios matter most."))
    assert build(journal, BuildOptions(TODAY)).built
    assert (
        sorted(keyed) == [1, 3]
        and "Portfolios matter most." in (journal / "_site/learned/ux.html").read_text()
    )


def test_a_page_of_one_reflection_says_which_it_is(write_journal):
    root = write_journal(talks(51))
    assert build(root, BuildOptions(TODAY)).built
    last = (root / "_site/learned/ux/2.html").read_text()
    assert reflections_on(last) == [1]
    assert 'Reflections on #ux <span class="count">51 of 51</span>' in last


def test_a_wiki_link_in_a_reflection_leads_to_its_page_from_every_page_of_reflections(journal):
    for n in (45, 100):  # on the second page, and on the first
        path = journal / interview(n)[0]
        path.write_text(
            path.read_text().replace(f"Reflection number {n}.", f"Reflection number {n}, [[Ann Lee]].")
        )
    assert build(journal, BuildOptions(TODAY)).built
    site = journal / "_site"
    link = '<a class="wikilink" href="{}contacts/ann.html" title="Ann Lee">Ann Lee</a>'
    assert link.format("../") in (site / "learned/ux.html").read_text()
    second = (site / "learned/ux/2.html").read_text()
    assert link.format("../../") in second and link.format("../") not in second
    assert (site / "learned/ux/../../contacts/ann.html").is_file()
