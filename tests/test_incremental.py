"""An incremental build gives exactly the site a clean build gives, edit after edit."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
from pathlib import Path

import pytest

from infoview.load.memo import Memo
from infoview.site import search
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


DANA = "interviews/2026/2026-01-14-dana-okafor.md"  # tagged ux-research and healthcare
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
    (
        "a takeaway added",
        lambda j: replace_in(
            j / DANA, "## Takeaways\n", "## Takeaways\n\n- Research teams hire for curiosity first.\n"
        ),
    ),
    (
        "a reflection rewritten",
        lambda j: replace_in(j / DANA, "The first time someone said", "The first time anyone said"),
    ),
    (
        "a takeaway removed",
        lambda j: replace_in(
            j / DANA, "- In health research, safeguarding and consent experience is an advantage.", ""
        ),
    ),
    (
        "a question and a takeaway naming someone",
        lambda j: replace_in(
            j / DANA,
            "## Takeaways\n",
            "## Questions\n\n- Should I ask Grace Kim about it?\n\n## Takeaways\n\n- Grace Kim knows the field.\n",
        ),
    ),
    (
        "a reflection and a question linking to a contact renamed later",
        lambda j: replace_in(  # (after the questions the edit before adds, when it came first)
            j / DANA,
            "## Takeaways\n",
            "- Does [[victor-lang]] know?\n\n## Reflection\n\nSee [[victor-lang]].\n\n## Takeaways\n",
        ),
    ),
    (
        "the one they name becomes private",
        lambda j: replace_in(
            j / "contacts/grace-kim.md", "keep_in_touch: 2w\n", "keep_in_touch: 2w\nprivate: true\n"
        ),
    ),
    (
        "the notes of a planned person's company",
        lambda j: replace_in(j / "companies/civic-data.md", "Small: 30 people.", "Small: about 30 people."),
    ),
    (
        "a question written for a planned conversation, which the bank suggested",
        lambda j: replace_in(
            j / "interviews/2026/2026-11-25-ben-fischer.md",
            "## Preparation\n",
            "## Preparation\n\n## Questions\n\n- What does a normal week look like for you?\n",
        ),
    ),
    (
        "a question the briefs suggest, reworded where it was asked",
        lambda j: replace_in(
            j / "interviews/2025/2025-12-15-grace-kim.md",
            "What was hardest in the first year?",
            "What was hardest in your first year?",
        ),
    ),
    ("an interview deleted", lambda j: (j / "interviews/2026/2026-06-17-grace-kim.md").unlink()),
    ("a file renamed", lambda j: (j / "contacts/victor-lang.md").rename(j / "contacts/victor-lang-2.md")),
]


@pytest.fixture(
    scope="module",
    params=[(400, False), (8, False), (8, True)],
    ids=["one search shard", "search shards of 8", "a memo kept between builds, as watch does"],
)
def journal(request, tmp_path_factory) -> tuple[Path, Memo | None]:
    shard_size, with_memo = request.param
    patch = pytest.MonkeyPatch()
    patch.setattr(search, "SHARD_SIZE", shard_size)
    request.addfinalizer(patch.undo)
    root = tmp_path_factory.mktemp("inc") / "journal"
    shutil.copytree(SAMPLE, root, ignore=shutil.ignore_patterns(".infoview", "_site"))
    memo = Memo() if with_memo else None
    assert build(root, BuildOptions(TODAY), memo).built
    return root, memo


@pytest.mark.parametrize("what, edit", EDITS, ids=[e[0] for e in EDITS])
def test_incremental_equals_clean(journal, tmp_path, what, edit):
    journal, memo = journal
    edit(journal)
    result = build(journal, BuildOptions(TODAY), memo)
    assert result.built and not result.up_to_date
    clean = tmp_path / "clean"
    build(journal, BuildOptions(TODAY, output=clean, clean=True))
    incremental, fresh = files(journal / "_site"), files(clean)
    assert sorted(incremental) == sorted(fresh)
    stale = [rel for rel in fresh if incremental[rel] != fresh[rel]]
    assert stale == [], f"after {what}, these pages were not brought up to date: {stale}"


def test_an_edit_rewrites_only_its_search_shard(tmp_path, monkeypatch):
    monkeypatch.setattr(search, "SHARD_SIZE", 8)
    root = tmp_path / "journal"
    shutil.copytree(SAMPLE, root, ignore=shutil.ignore_patterns(".infoview", "_site"))
    build(root, BuildOptions(TODAY))
    out = root / "_site"
    shards = sorted(out.glob("search/*.js"))
    assert len(shards) == 8
    html = (out / "search.html").read_text()
    assert [f'<script src="search/{n}.js">' in html for n in range(8)] == [True] * 8
    entries = [e for shard in shards for e in search.entries_of(shard.read_text())]
    pages = sorted(p.relative_to(out).as_posix() for folder in ("contacts", "interviews", "companies")
                   for p in (out / folder).glob("*.html"))  # fmt: skip
    assert sorted(e["u"] for e in entries) == pages

    before = {p.name: p.stat().st_ino for p in shards}
    edited = root / "interviews/2026/2026-10-29-dana-okafor.md"
    replace_in(edited, "## Notes", "## Notes\n\n- Portfolio review: bring the pricing-page study.")
    build(root, BuildOptions(TODAY))
    url = "interviews/2026-10-29-dana-okafor.html"
    changed = {p.name for p in out.glob("search/*.js") if p.stat().st_ino != before[p.name]}
    home = f"{search.shard_of(url, 8)}.js"
    assert home in changed
    # the interview's page, its contact's and its company's: at most their three shards
    assert len(changed) <= 3
    text = (out / "search" / home).read_text()
    assert "pricing-page study" in text


@pytest.mark.parametrize("edit", [False, True], ids=["nothing else changed", "and a note edited"])
def test_files_removed_from_the_site_by_hand_come_back(tmp_path, edit):
    root = tmp_path / "journal"
    shutil.copytree(SAMPLE, root, ignore=shutil.ignore_patterns(".infoview", "_site"))
    build(root, BuildOptions(TODAY))
    out = root / "_site"
    whole = files(out)
    for rel in ("contacts/grace-kim.html", "search/0.js", "static/style.css"):
        (out / rel).unlink()
    shutil.rmtree(out / "companies")
    if edit:
        replace_in(root / "contacts/dana-okafor.md", "Ten years", "Eleven years")
        whole = files(build(root, BuildOptions(TODAY, output=tmp_path / "clean")).out)
    result = build(root, BuildOptions(TODAY))
    assert result.built and not result.up_to_date
    assert files(out) == whole


def test_a_manifest_changed_by_hand_is_read_again_by_the_same_process(tmp_path):
    root = tmp_path / "journal"
    shutil.copytree(SAMPLE, root, ignore=shutil.ignore_patterns(".infoview", "_site"))
    build(root, BuildOptions(TODAY))
    assert build(root, BuildOptions(TODAY)).up_to_date  # read back from memory: it was just written
    manifest = root / "_site" / MANIFEST
    data = json.loads(manifest.read_text())
    data["settings"] = "0" * len(data["settings"])  # the same size, other content
    manifest.write_text(json.dumps(data, separators=(",", ":")))
    again = build(root, BuildOptions(TODAY))
    assert again.built and not again.up_to_date, "a manifest changed on disk is not the one in memory"
    assert build(root, BuildOptions(TODAY)).up_to_date


def test_a_build_with_nothing_to_do_answers_as_the_build_before_it_did(write_journal, invoke):
    root = write_journal({
        "contacts/ann.md": "---\nname: Ann Lee\nemail: not-an-address\n---\n",  # a warning
        "contacts/bad.md": "---\nname: [unclosed\n---\n",  # an error: left out with --keep-going
        "interviews/2026-12-01-ann.md": "---\ncontact: ann\ndate: 2026-12-01 10:00\nstatus: scheduled\n---\n",
    })  # fmt: skip
    args = ("-j", str(root), "build", "--today", TODAY, "--keep-going")
    first = invoke(*args)
    assert first.stdout.startswith("Built ")
    again = invoke(*args)
    assert again.stdout.startswith("Site is up to date: ") and again.exit_code == first.exit_code == 1
    assert again.stderr == first.stderr  # the same errors, warnings and notices, without reading a record
    other_day = invoke("-j", str(root), "build", "--today", "2026-11-22", "--keep-going")
    assert other_day.stdout.startswith("Built ")
    (root / "contacts/ann.md").write_text("---\nname: Ann Lee\n---\n")
    assert invoke("-j", str(root), "build", "--today", "2026-11-22", "--keep-going").stdout.startswith(
        "Built "
    )


ASKED_AND_LEARNED = {
    "contacts/ann.md": "---\nname: Ann Lee\n---\n",
    "interviews/a.md": "---\ncontact: ann\ndate: 2026-10-01\ntags: [ux]\n---\n## Questions\n\n- First?\n\n"
                       "## Takeaways\n\n- Learned one.\n\n## Notes\n\nText.\n",
}  # fmt: skip


def test_the_question_bank_and_what_was_learned_are_made_again_only_when_their_notes_change(
    write_journal, invoke
):
    root = write_journal(ASKED_AND_LEARNED)
    build = ("-j", str(root), "build", "--today", TODAY)
    invoke(*build)
    page = lambda name: (root / "_site" / name).read_text()  # noqa: E731
    interview = root / "interviews/a.md"
    interview.write_text(
        interview.read_text().replace("Text.", "Other text.")
    )  # neither questions nor takeaways
    assert invoke(*build).stdout.startswith("Built ") and "First?" in page("questions.html")
    interview.write_text(
        interview.read_text().replace("First?", "Second?").replace("Learned one", "Learned two")
    )
    invoke(*build)
    assert "Second?" in page("questions.html") and "First?" not in page("questions.html")
    assert "Learned two" in page("learned/ux.html") and "Learned one" not in page("learned/ux.html")
    (root / "contacts/ann.md").write_text("---\nname: Ann Lee\nindustry: Health\n---\n")  # a new subject
    invoke(*build)
    assert "Learned two" in page("learned/health.html")


def test_a_build_after_a_notes_edit_reads_the_sections_of_the_interviews_it_shows_and_no_others(
    tmp_path, monkeypatch
):
    from infoview.load import snapshot
    from infoview.site import shown

    root = tmp_path / "journal"
    shutil.copytree(SAMPLE, root, ignore=shutil.ignore_patterns(".infoview", "_site"))
    assert build(root, BuildOptions(TODAY)).built
    read: list[str] = []
    sections = snapshot.Notes.sections
    monkeypatch.setattr(
        snapshot.Notes, "sections", lambda notes, path: read.append(path) or sections(notes, path)
    )
    rendered: list[str] = []
    render = shown.render_markdown
    monkeypatch.setattr(shown, "render_markdown", lambda text: rendered.append(text) or render(text))
    replace_in(root / DANA, "The first time someone said", "The first time anyone said")
    assert build(root, BuildOptions(TODAY)).built
    assert rendered == []  # the reflections are shown as the index keeps them rendered
    # Dana's reflection is on the pages of her tags, ux-research and healthcare, with the other
    # reflections there: those are read, once each; the question bank and what was learned are not made again.
    tagged = {p.relative_to(root).as_posix() for p in (root / "interviews").rglob("*.md")
              if ("ux-research" in p.read_text() or "healthcare" in p.read_text()) and "## Reflection" in p.read_text()}  # fmt: skip
    assert DANA in tagged and len(tagged) < len(list((root / "interviews").rglob("*.md")))
    assert sorted(read) == sorted(tagged)
    assert "The first time anyone said" in (root / "_site/learned/ux-research.html").read_text()


def test_notes_and_sections_read_all_at_once_once_many_are_asked_for_give_the_same_site(
    tmp_path, monkeypatch
):
    from infoview.load import snapshot

    root = tmp_path / "journal"
    shutil.copytree(SAMPLE, root, ignore=shutil.ignore_patterns(".infoview", "_site"))
    assert build(root, BuildOptions(TODAY, output=tmp_path / "one-by-one", clean=True)).built
    monkeypatch.setattr(snapshot, "ONE_BY_ONE", 1)
    assert build(root, BuildOptions(TODAY, output=tmp_path / "at-once", clean=True)).built
    assert files(tmp_path / "at-once") == files(tmp_path / "one-by-one")


def test_the_tags_page_links_a_tag_to_what_was_learned_once_notes_give_it_a_page(write_journal, monkeypatch):
    import infoview.site.pages

    root = write_journal({
        "contacts/ann.md": "---\nname: Ann Lee\n---\n",
        "interviews/a.md": "---\ncontact: ann\ndate: 2026-10-01\ntags: [ux]\n---\n## Notes\n\nText.\n",
    })  # fmt: skip
    looked_at: list[str] = []
    keyer = infoview.site.pages.tags_key
    monkeypatch.setattr(infoview.site.pages, "tags_key",
                        lambda view, context: looked_at.append("tags") or keyer(view, context))  # fmt: skip
    tags = root / "_site/tags.html"
    assert build(root, BuildOptions(TODAY)).built and "learned/ux.html" not in tags.read_text()
    replace_in(root / "interviews/a.md", "Text.", "Text.\n\nTakeaway: research ops is a way in.")
    looked_at.clear()
    assert build(root, BuildOptions(TODAY)).built and 'href="learned/ux.html"' in tags.read_text()
    assert looked_at == ["tags"]  # the list of learned pages changed: so may the tags page
    replace_in(root / "interviews/a.md", "Text.", "Other text.")
    looked_at.clear()
    assert build(root, BuildOptions(TODAY)).built and looked_at == []  # the same list: not looked at
    assert "Other text." in (root / "_site/interviews/a.html").read_text()
    assert 'href="learned/ux.html"' in tags.read_text()


def test_what_was_learned_kept_damaged_in_the_index_is_made_again_with_the_index(write_journal, invoke):
    import sqlite3
    import zlib

    root = write_journal(ASKED_AND_LEARNED)
    build = ("-j", str(root), "build", "--today", TODAY)
    assert invoke(*build).exit_code == 0
    with sqlite3.connect(root / ".infoview/index.sqlite") as conn:  # its subject's takeaways, damaged
        damaged = zlib.compress(json.dumps([["ux", 1, "[[1, 2"]]).encode())
        assert conn.execute("UPDATE results SET value = ? WHERE name = 'learned'", (damaged,)).rowcount == 1
    # (the same takeaways: read back, for the subject's page, which a field edited makes again)
    replace_in(root / "contacts/ann.md", "name: Ann Lee\n", "name: Ann Lee\ntitle: Designer\n")
    result = invoke(*build)
    assert result.exit_code == 0 and "index is damaged (a kept result cannot be read back" in result.stderr
    assert "Learned one." in (root / "_site/learned/ux.html").read_text()
    assert "Designer" in (root / "_site/contacts/ann.html").read_text()


@pytest.mark.parametrize("column", ["sections", "reflection_html"])
def test_an_interviews_sections_kept_damaged_in_the_index_are_read_again_with_the_index(
    tmp_path, invoke, column
):
    import sqlite3

    root = tmp_path / "journal"
    shutil.copytree(SAMPLE, root, ignore=shutil.ignore_patterns(".infoview", "_site"))
    build = ("-j", str(root), "build", "--today", TODAY.isoformat())
    assert invoke(*build).exit_code == 0
    with sqlite3.connect(root / ".infoview/index.sqlite") as conn:  # Dana's, on the page of #ux-research
        assert conn.execute(f"UPDATE files SET {column} = x'0102' WHERE path = ?", (DANA,)).rowcount == 1
    # Another reflection on that page: the page is made again, and reads Dana's.
    replace_in(root / "interviews/2026/2026-10-29-dana-okafor.md", "Applied to Lumen", "Applied at Lumen")
    result = invoke(*build)
    assert result.exit_code == 0, result.output
    what = "sections" if column == "sections" else "reflection"
    assert f"index is damaged (the {what} of {DANA} cannot be read back" in result.stderr
    page = (root / "_site/learned/ux-research.html").read_text()
    assert "Applied at Lumen" in page and "The first time someone said" in page


def built_sample_noting_keys(tmp_path: Path, monkeypatch, keyer: str, shown: str) -> tuple[Path, list]:
    """The sample built, and the pages whose key (pages.<keyer>) the next builds make,
    each as its context's `shown` says (the keys are made as they would be)."""
    import infoview.site.pages

    root = tmp_path / "journal"
    shutil.copytree(SAMPLE, root, ignore=shutil.ignore_patterns(".infoview", "_site"))
    assert build(root, BuildOptions(TODAY)).built
    looked_at: list = []
    made = getattr(infoview.site.pages, keyer)
    monkeypatch.setattr(infoview.site.pages, keyer,
                        lambda view, context: looked_at.append(context[shown]) or made(view, context))  # fmt: skip
    return root, looked_at


def test_a_notes_edit_looks_only_at_the_pages_of_what_was_learned_its_notes_can_be_on(tmp_path, monkeypatch):
    root, looked_at = built_sample_noting_keys(tmp_path, monkeypatch, "learned_about_key", "subject")
    old, new = (
        "safeguarding and consent experience is",
        "consent experience is",
    )  # (as many takeaways as before)
    replace_in(root / DANA, old, new)
    assert build(root, BuildOptions(TODAY)).built
    pages = {p.name for p in (root / "_site/learned").iterdir()}
    # its tags, and its person's company and industry: of nineteen pages, those four
    assert len(pages) == 19 and sorted(looked_at) == [
        "Health technology",
        "Northwind Health",
        "healthcare",
        "ux-research",
    ]
    for page in ("healthcare.html", "ux-research.html"):
        assert (
            "In health research, consent experience is an advantage."
            in (root / "_site/learned" / page).read_text()
        )


def test_a_notes_edit_looks_only_at_the_briefs_its_notes_can_be_in(tmp_path, monkeypatch):
    root, noted = built_sample_noting_keys(tmp_path, monkeypatch, "prep_key", "interview")
    ben, grace = "2026-11-25-ben-fischer", "2026-12-02-grace-kim"
    briefs = {name: (root / f"_site/prep/{name}.html").read_text() for name in (ben, grace)}

    def built(*, looked: list[str]) -> None:
        noted.clear()
        assert build(root, BuildOptions(TODAY)).built
        assert sorted(interview.id for interview in noted) == looked

    # A reflection is in no brief, and the question bank is the same.
    replace_in(root / DANA, "The first time someone said", "The first time anyone said")
    built(looked=[])
    # Ben's company's notes are in his brief only.
    replace_in(root / "companies/civic-data.md", "Small: 30 people.", "Small: about 30 people.")
    built(looked=[ben])
    assert "Small: about 30 people." in (root / f"_site/prep/{ben}.html").read_text()
    assert (root / f"_site/prep/{grace}.html").read_text() == briefs[grace]
    # A question asked in any conversation changes the bank, which every brief draws from.
    replace_in(root / DANA, "## Takeaways\n", "## Questions\n\n- Who hires researchers?\n\n## Takeaways\n")
    built(looked=[ben, grace])
    # What Grace offered last time is in her brief only.
    replace_in(root / "interviews/2025/2025-12-15-grace-kim.md", "## Reflection",
               "## They offered\n\n- To send the panel questions\n\n## Reflection")  # fmt: skip
    built(looked=[grace])
    assert "To send the panel questions" in (root / f"_site/prep/{grace}.html").read_text()
    assert (root / f"_site/prep/{ben}.html").read_text() != briefs[ben]  # (the bank's new question)


def test_a_subject_page_whose_address_goes_to_another_subject_is_made_again(tmp_path):
    """Two subjects that make the same address share it: the first has it, the
    other a longer one. When the first is gone, the other takes it, though the
    notes edited are not about it."""
    root = tmp_path / "journal"
    shutil.copytree(SAMPLE, root, ignore=shutil.ignore_patterns(".infoview", "_site"))
    tom, nadia = (
        root / "interviews/2026/2026-01-29-tom-harrington.md",
        root / "interviews/2026/2026-11-05-nadia-rahman.md",
    )
    replace_in(tom, "tags: [data, nonprofit]", "tags: [data, nonprofit, health-tech]")
    replace_in(nadia, "tags: [healthcare, hiring-manager]", "tags: [healthcare, health tech]")
    replace_in(nadia, "No reply yet.", "No reply yet.\n\n## Takeaways\n\n- Nadia never replies.")
    assert build(root, BuildOptions(TODAY)).built
    replace_in(nadia, "\n\n## Takeaways\n\n- Nadia never replies.", "")
    assert build(root, BuildOptions(TODAY)).built
    clean = tmp_path / "clean"
    build(root, BuildOptions(TODAY, output=clean, clean=True))
    assert files(root / "_site") == files(clean)
    assert "Nadia never replies" not in (root / "_site/learned/health-tech.html").read_text()


def test_clean_writes_every_file_which_repairs_one_changed_by_hand(tmp_path):
    out = tmp_path / "site"
    assert build(SAMPLE, BuildOptions(TODAY, output=out)).built
    made = files(out)
    (out / "contacts.html").write_text("scribbled over\n")
    assert build(SAMPLE, BuildOptions(TODAY, output=out)).up_to_date  # (it trusts what it wrote)
    again = build(SAMPLE, BuildOptions(TODAY, output=out, clean=True))
    assert (again.written, again.unchanged, again.removed) == (len(made), 0, 0)
    assert files(out) == made


def test_a_note_that_stops_naming_a_private_person_changes_the_lists_that_leave_the_name_out(tmp_path):
    """Follow-ups of a public record whose notes name a private person are shown
    with the name left out: which records do depends on their notes' prose."""
    from infoview.load.journal import load

    root = tmp_path / "journal"
    shutil.copytree(SAMPLE, root, ignore=shutil.ignore_patterns(".infoview", "_site"))
    note = root / "interviews/2026/2026-11-16-rahul-desai.md"
    lines = len(note.read_text().splitlines())
    note.write_text(note.read_text() + "\n- [ ] Call Eli 🔼 Novak about the reference 📅 2026-11-25\n")
    private = [(d.span.line, d.span.col) for d in load(root).diagnostics if d.code == "W006"]
    assert private == [(lines + 2, 3)]  # the task's marks do not hide the name
    note.write_text(note.read_text() + "\nEli Novak knows.\n")
    assert build(root, BuildOptions(TODAY)).built
    replace_in(note, "Eli Novak knows.", "He knows.")
    assert build(root, BuildOptions(TODAY)).built  # (the leak check would refuse a stale page)
    clean = tmp_path / "clean"
    build(root, BuildOptions(TODAY, output=clean, clean=True))
    assert files(root / "_site") == files(clean)
    assert "Call [private] about the reference" in (clean / "followups.html").read_text()


def test_a_company_page_names_everyone_at_its_conversations_as_they_are_now(tmp_path):
    root = tmp_path / "journal"
    shutil.copytree(SAMPLE, root, ignore=shutil.ignore_patterns(".infoview", "_site"))
    talk = root / "interviews/2026/2026-06-17-grace-kim.md"
    replace_in(talk, "contact: grace-kim", "contacts: [grace-kim, tom-harrington]")  # Tom is not at Lumen
    assert build(root, BuildOptions(TODAY)).built
    replace_in(root / "contacts/tom-harrington.md", "name: Tom Harrington", "name: Thomas Harrington")
    assert build(root, BuildOptions(TODAY)).built
    assert "Thomas Harrington" in (root / "_site/companies/lumen-learning.html").read_text()
    clean = tmp_path / "clean"
    build(root, BuildOptions(TODAY, output=clean, clean=True))
    assert files(root / "_site") == files(clean)


def empty_folders(out: Path) -> list[str]:
    return [p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_dir() and not any(p.iterdir())]


def test_each_build_writes_into_the_site_before_the_previous_one_only_what_changed(write_journal, tmp_path):
    root = write_journal({
        "contacts/ann.md": "---\nname: Ann\ncompany: acme\n---\n",
        "contacts/bo.md": "---\nname: Bo\n---\n",
        "companies/acme.md": "---\nname: Acme\n---\n",
    })  # fmt: skip
    out, spare = root / "_site", root / ".infoview/spare"
    build(root, BuildOptions(TODAY))
    first = files(out)
    replace_in(root / "contacts/bo.md", "name: Bo", "name: Bo Edited")
    build(root, BuildOptions(TODAY))
    # the site swapped out is kept in the journal, whole, with its manifest
    (kept,) = [p for p in spare.iterdir() if p.is_dir()]
    assert files(kept) == first and (kept / MANIFEST).is_file()
    (root / "companies/acme.md").unlink()
    replace_in(root / "contacts/ann.md", "company: acme\n", "")
    build(root, BuildOptions(TODAY))
    replace_in(root / "contacts/ann.md", "name: Ann", "name: Ann Edited")
    build(root, BuildOptions(TODAY))  # made in the folder that held the site with acme's page
    clean = build(root, BuildOptions(TODAY, output=tmp_path / "clean", clean=True)).out
    assert files(out) == files(clean)
    assert empty_folders(out) == [] and not (out / "companies").exists()
    assert [p.name for p in root.iterdir() if p.name.startswith("._site")] == []


def test_a_page_that_changes_back_is_written_anew_not_taken_from_the_spare(write_journal):
    root = write_journal(
        {"contacts/ann.md": "---\nname: Ann\n---\n", "contacts/bo.md": "---\nname: Bo\n---\n"}
    )
    page = root / "_site/contacts/ann.html"
    build(root, BuildOptions(TODAY))
    first = page.read_bytes()
    os.utime(page, ns=(1_000_000_000, 1_000_000_000))  # long ago
    replace_in(root / "contacts/ann.md", "name: Ann", "name: Ann Edited")
    build(root, BuildOptions(TODAY))  # the first site, this page with it, is now the spare
    replace_in(root / "contacts/ann.md", "name: Ann Edited", "name: Ann")
    build(root, BuildOptions(TODAY))
    assert page.read_bytes() == first
    # a browser that saw the edited page must not be told that this one is older than it
    assert page.stat().st_mtime_ns > 1_000_000_000


def built_with_a_spare(write_journal) -> Path:
    """A journal of two, built three times: the spare holds the site before the last."""
    root = write_journal(
        {"contacts/ann.md": "---\nname: Ann\n---\n", "contacts/bo.md": "---\nname: Bo\n---\n"}
    )
    build(root, BuildOptions(TODAY))
    for name in ("Ann 2", "Ann 3"):
        replace_in(root / "contacts/ann.md", "name: Ann", f"name: {name}")
        build(root, BuildOptions(TODAY))
    return root


def test_a_spare_left_half_written_is_made_anew(write_journal, tmp_path):
    root = built_with_a_spare(write_journal)
    (kept,) = [p for p in (root / ".infoview/spare").iterdir() if p.is_dir()]
    (kept / MANIFEST).unlink()  # as a build killed while writing into it leaves it
    (kept / "contacts/bo.html").write_text("half written")
    (kept / "stray.html").write_text("not ours")
    replace_in(root / "contacts/bo.md", "name: Bo", "name: Bo 2")
    build(root, BuildOptions(TODAY))
    clean = build(root, BuildOptions(TODAY, output=tmp_path / "clean", clean=True)).out
    assert files(root / "_site") == files(clean)


def test_a_build_after_an_edit_refreshes_the_index_once_and_parses_each_manifest_once(
    write_journal, monkeypatch
):
    from infoview.index import refresh
    from infoview.site.output import MANIFEST

    root = write_journal(
        {"contacts/ann.md": "---\nname: Ann\n---\n", "contacts/bo.md": "---\nname: Bo\n---\n"}
    )
    build(root, BuildOptions(TODAY))
    replace_in(root / "contacts/ann.md", "name: Ann", "name: Ann 2")
    build(root, BuildOptions(TODAY))  # (the site before it is now the spare)
    replace_in(root / "contacts/ann.md", "name: Ann 2", "name: Ann Edited")
    calls, manifests = [], []
    real, read_text = refresh.refresh, Path.read_text
    monkeypatch.setattr(refresh, "refresh", lambda *a, **k: calls.append(a[0]) or real(*a, **k))
    monkeypatch.setattr(Path, "read_text", lambda path, *a, **k: (
        manifests.append(path.parent) if path.name == MANIFEST else None) or read_text(path, *a, **k))  # fmt: skip
    result = build(root, BuildOptions(TODAY))
    assert calls == [root] and result.written > 0
    assert "Ann Edited" in (root / "_site/contacts/ann.html").read_text()
    # the site's, as it looks whether anything changed, checks the folder and builds upon it; the spare's
    assert (
        len(manifests) == 2
        and manifests[0] == root / "_site"
        and manifests[1].parent == root / ".infoview/spare"
    )


def test_clean_repairs_a_page_changed_by_hand_for_good_and_the_next_build_keeps_its_mtimes(write_journal):
    root = write_journal(
        {"contacts/ann.md": "---\nname: Ann\n---\n", "contacts/bo.md": "---\nname: Bo\n---\n"}
    )
    out, bo = root / "_site", root / "_site/contacts/bo.html"
    for name in ("Ann 2", "Ann 3"):  # the site before holds bo's page too: the same file, linked
        replace_in(root / "contacts/ann.md", "name: Ann", f"name: {name}")
        build(root, BuildOptions(TODAY))
    good = bo.read_bytes()
    with open(bo, "r+b") as page:  # changed by hand, in place
        page.write(b"JUNK")
    build(root, BuildOptions(TODAY, clean=True))
    assert bo.read_bytes() == good
    cleaned = {p: p.stat().st_mtime_ns for p in out.rglob("*.html")}
    for name in ("Ann 4", "Ann 5"):
        replace_in(root / "contacts/ann.md", "name: Ann", f"name: {name}")
        build(root, BuildOptions(TODAY))
        assert bo.read_bytes() == good
    kept = {p: t for p, t in cleaned.items() if p.stat().st_mtime_ns == t}
    assert bo in kept and (out / "contacts/ann.html") not in kept


def test_what_someone_put_into_the_spare_never_reaches_the_site(write_journal, tmp_path):
    root = built_with_a_spare(write_journal)
    (kept,) = [p for p in (root / ".infoview/spare").iterdir() if p.is_dir()]
    (kept / "junk/deeper").mkdir(parents=True)
    (kept / "junk/deeper/x.html").write_text("junk")
    (kept / "contacts/extra").mkdir()
    for name in ("Ann 4", "Ann 5"):  # (the spare becomes the site, and the site the spare)
        replace_in(root / "contacts/ann.md", "name: Ann", f"name: {name}")
        build(root, BuildOptions(TODAY))
        clean = build(root, BuildOptions(TODAY, output=tmp_path / name, clean=True)).out
        assert files(root / "_site") == files(clean)
        assert empty_folders(root / "_site") == [] and not (root / "_site/junk").exists()


def test_the_spare_of_a_site_that_is_gone_goes_too(write_journal, tmp_path):
    root = built_with_a_spare(write_journal)
    other = tmp_path / "other"
    for name in ("Ann 4", "Ann 5"):  # a second site, with a spare of its own
        replace_in(root / "contacts/ann.md", "name: Ann", f"name: {name}")
        build(root, BuildOptions(TODAY, output=other))
    spares = root / ".infoview/spare"
    assert len([p for p in spares.iterdir() if p.is_dir()]) == 2
    shutil.rmtree(other)
    shutil.rmtree(root / "_site")  # its spare's files are no longer links to it: they take room of their own
    replace_in(root / "contacts/ann.md", "name: Ann", "name: Ann 6")
    build(root, BuildOptions(TODAY))
    assert list(spares.iterdir()) == []
    replace_in(root / "contacts/ann.md", "name: Ann", "name: Ann 7")
    build(root, BuildOptions(TODAY))
    (kept,) = [p for p in spares.iterdir() if p.is_dir()]
    assert (spares / f"{kept.name}.site").read_text() == str(root / "_site")
    assert "Ann 6" in (kept / "contacts/ann.html").read_text()


def test_the_live_preview_renders_a_takeaway_once_however_many_builds_show_it(tmp_path, monkeypatch):
    from infoview.site import shown

    root = tmp_path / "journal"
    shutil.copytree(SAMPLE, root, ignore=shutil.ignore_patterns(".infoview", "_site"))
    memo = Memo()
    build(root, BuildOptions(TODAY), memo)
    rendered: list[str] = []
    real = shown.render_inline
    monkeypatch.setattr(shown, "render_inline", lambda text: rendered.append(text) or real(text))
    replace_in(root / DANA, "The first time someone said", "The first time anyone said")  # a reflection
    build(root, BuildOptions(TODAY), memo)
    assert rendered == []  # its subjects' pages were made again, with the takeaways they showed before
    replace_in(root / DANA, "## Takeaways\n", "## Takeaways\n\n- Research teams hire for curiosity first.\n")
    build(root, BuildOptions(TODAY), memo)
    assert rendered == ["Research teams hire for curiosity first."]
    clean = build(root, BuildOptions(TODAY, output=tmp_path / "clean", clean=True)).out
    assert files(root / "_site") == files(clean)


@pytest.mark.parametrize("with_memo", [False, True], ids=["a build", "a process that builds again"])
def test_a_notes_edit_makes_no_page_of_a_record_it_cannot_reach(tmp_path, monkeypatch, with_memo):
    """With the fields the same, the pages of records an edit of notes cannot
    reach are kept as the previous site holds them, without being made."""
    import infoview.site.plan as plan

    root = tmp_path / "journal"
    shutil.copytree(SAMPLE, root, ignore=shutil.ignore_patterns(".infoview", "_site"))
    memo = Memo() if with_memo else None
    assert build(root, BuildOptions(TODAY), memo).built
    made: list = []
    real = plan._pages_to_make
    monkeypatch.setattr(plan, "_pages_to_make", lambda *args: made.append(real(*args)) or made[-1])
    records = sorted(p for p in json.loads((root / "_site" / MANIFEST).read_text())["files"]
                     if p.startswith(("contacts/", "interviews/", "companies/")))  # fmt: skip
    dana = root / "interviews/2026/2026-10-29-dana-okafor.md"
    dana.write_text(dana.read_text() + "\nOne more line.\n")
    assert build(root, BuildOptions(TODAY), memo).built
    pages, carried = made[-1]
    assert [p.path for p in pages if p.record] == ["interviews/2026-10-29-dana-okafor.html"]
    assert sorted(carried) == [p for p in records if p != "interviews/2026-10-29-dana-okafor.html"]
    assert "One more line." in (root / "_site/interviews/2026-10-29-dana-okafor.html").read_text()
    clean = tmp_path / "clean"
    assert build(root, BuildOptions(TODAY, output=clean, clean=True)).built
    assert files(root / "_site") == files(clean)
    # A field edited: every page is made again, and compared.
    dana.write_text(dana.read_text().replace("mode: video", "mode: phone"))
    assert build(root, BuildOptions(TODAY), memo).built
    assert made[-1][1] == [] and len([p for p in made[-1][0] if p.record]) == len(records)


@pytest.mark.parametrize("clean", [False, True])
def test_files_someone_else_put_into_the_site_folder_stay_there(write_journal, clean):
    root = built_with_a_spare(write_journal)
    site = root / "_site"
    (site / "CNAME").write_text("journal.example.org\n")
    (site / "extra").mkdir()
    (site / "extra/notes.txt").write_text("mine")
    for n in (1, 2):  # a build into the spare, then into the site before it
        (root / "contacts/bo.md").write_text(f"---\nname: Bo\n---\nMet at a fair, take {n}.\n")
        build(root, BuildOptions(TODAY, clean=clean))
        assert f"take {n}." in (site / "contacts/bo.html").read_text()
        assert (site / "CNAME").read_text() == "journal.example.org\n"
        assert (site / "extra/notes.txt").read_text() == "mine"
    assert json.loads((site / MANIFEST).read_text())["files"].keys().isdisjoint({"CNAME", "extra/notes.txt"})


def test_a_process_that_builds_again_writes_the_manifest_a_build_writes(tmp_path):
    """Its files' entries kept as written, by path, hash and key, and the rest made."""
    from dataclasses import replace

    from infoview.site.output import Manifest

    root = tmp_path / "journal"
    shutil.copytree(SAMPLE, root, ignore=shutil.ignore_patterns(".infoview", "_site"))
    memo = Memo()
    build(root, BuildOptions(TODAY), memo)
    replace_in(root / "interviews/2026/2026-10-29-dana-okafor.md", "## Notes", "## Notes\n\n- A new line.")
    build(root, BuildOptions(TODAY), memo)
    kept = (root / "_site" / MANIFEST).read_bytes()
    shutil.rmtree(root / ".infoview")
    build(root, BuildOptions(TODAY, clean=True))  # a process of its own
    assert json.loads(kept)["files"] == json.loads((root / "_site" / MANIFEST).read_bytes())["files"]
    odd = Manifest("s", "f", {'a "quoted"/é.html': "1" * 64, "b.html": "2" * 64}, {"b.html": "k"})
    listed: dict = {}
    once, twice = (replace(odd, listed=listed).dumps() for _ in range(2))
    assert once == twice == odd.dumps() and len(listed) == 2
    for other in ({"files": {"b.html": "3" * 64}}, {"keys": {"b.html": "k2"}}):  # a page changed, a key
        assert replace(odd, **other, listed=listed).dumps() == replace(odd, **other).dumps()
    assert list(listed) == [('a "quoted"/é.html', "1" * 64, ""), ("b.html", "2" * 64, "k2")]


def test_a_notes_edit_reads_back_how_many_takeaways_each_subject_has_not_the_takeaways(
    write_journal, monkeypatch
):
    from infoview.ask import kept

    root = write_journal(ASKED_AND_LEARNED)
    assert build(root, BuildOptions(TODAY)).built
    read: list[str] = []
    for name in ("load_learned", "load_counts"):
        real = getattr(kept, name)
        monkeypatch.setattr(kept, name, lambda text, real=real, name=name: read.append(name) or real(text))
    replace_in(root / "interviews/a.md", "Text.", "Other text.")  # (a process of its own each time)
    assert build(root, BuildOptions(TODAY)).built and read == ["load_counts"]
    assert '<span class="count">1 takeaway</span>' in (root / "_site/learned.html").read_text()
    replace_in(root / "contacts/ann.md", "name: Ann Lee\n", "name: Ann Lee\ntitle: Designer\n")  # a field
    assert build(root, BuildOptions(TODAY)).built and read == ["load_counts", "load_counts", "load_learned"]
    assert "Learned one." in (root / "_site/learned/ux.html").read_text()


def test_a_page_changed_by_hand_then_removed_comes_back_as_the_journal_makes_it(write_journal, tmp_path):
    """The spare shares the site's unchanged files (hard links): a page changed in
    place is changed there too, and is not what a page removed comes back as."""
    root = built_with_a_spare(write_journal)
    page = root / "_site/contacts/bo.html"
    with page.open("a") as handle:
        handle.write("<!-- by hand -->\n")
    page.unlink()
    assert build(root, BuildOptions(TODAY)).built
    clean = build(root, BuildOptions(TODAY, output=tmp_path / "clean", clean=True)).out
    assert "by hand" not in page.read_text()
    assert files(root / "_site") == files(clean)
    for n in (4, 5):  # into the spare made anew, and on
        (root / "contacts/ann.md").write_text(f"---\nname: Ann {n}\n---\n")
        assert build(root, BuildOptions(TODAY)).built and "by hand" not in page.read_text()
