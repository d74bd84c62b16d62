"""The leak check: plant private data where it must not be, and watch the build refuse."""

from __future__ import annotations

import datetime as dt
import re

import pytest

import infoview.site.plan as site_plan
from infoview.site.build import BuildOptions, LeakError, build

TODAY = dt.date(2026, 11, 21)
FILES = {
    "contacts/ann.md": "---\nname: Ann Public\nemail: ann@example.org\nphone: +44 7700 900111\n---\nHello.\n",
    "contacts/sam.md": "---\nname: Sam Secret\nemail: sam.secret@example.org\nphone: 07700 900222\n"
    "private: true\n---\nSam is quietly interviewing for the head of research job in Leeds.\n",
    "interviews/2026-11-01-sam.md": "---\ncontact: sam\ndate: 2026-11-01\nthanked: 2026-11-01\n"
    "topic: Leaving my current employer without telling anyone\n---\nNobody at work knows about this conversation yet.\n",
}


def snapshot(out):
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*") if p.is_file()}


@pytest.fixture
def journal(write_journal):
    root = write_journal(FILES)
    assert build(root, BuildOptions(TODAY)).built  # a clean site first
    return root


def plant(root, text):
    (root / "templates").mkdir(exist_ok=True)
    (root / "templates/timeline.html").write_text(
        "{% extends 'base.html' %}{% block content %}<p>" + text + "</p>{% endblock %}"
    )


@pytest.mark.parametrize(
    "planted, what",
    [
        ("Write to sam.secret@example.org", "the e-mail address of private record contacts/sam.md"),
        ("Call 07700 900222", "the phone number of private record contacts/sam.md"),
        ("Lunch with Sam Secret", "the name of private record contacts/sam.md"),
        (
            "Leaving my current employer without telling anyone",
            "the topic of private record interviews/2026-11-01-sam.md",
        ),
        (
            "Note: Sam is quietly interviewing for the head of research job in Leeds!",
            "the notes of private record contacts/sam.md",
        ),
    ],
)
def test_private_data_in_any_page_fails_the_build(journal, planted, what):
    before = snapshot(journal / "_site")
    plant(journal, planted)
    with pytest.raises(LeakError, match=re.escape(f"timeline.html contains {what}")):
        build(journal, BuildOptions(TODAY))
    assert snapshot(journal / "_site") == before


def test_secrets_are_found_as_whole_words(write_journal):
    from infoview.site.forbidden import Secret
    from infoview.site.leaks import LeakCheck

    check = LeakCheck([Secret("Sam Lee", "a name"), Secret("07700 900222", "a number")], redact=False)
    check.check("a.html", b"<p>Sam Leeds and Sammy Lee, 07700 9002223</p>")
    with pytest.raises(LeakError, match=r"b\.html contains a name: 'Sam Lee'"):
        check.check("b.html", b"<p>Lunch with <b>Sam</b>\n Lee.</p>")
    with pytest.raises(LeakError, match=r"c\.html contains a number"):
        check.check("c.html", b"<td>call 07700 900222</td>")


def test_a_privacy_bug_is_caught(journal, monkeypatch):
    monkeypatch.setattr(site_plan, "public_journal", lambda journal, *rest: journal)
    with pytest.raises(LeakError, match="private record"):
        build(journal, BuildOptions(TODAY, clean=True))


@pytest.mark.parametrize("planted", ["ann@example.org", "+44 7700 900111", "mail bob@elsewhere.example",
                                     "ring 0161 496 0000 today"])  # fmt: skip
def test_redact_refuses_any_address_or_number(journal, planted, tmp_path):
    plant(journal, planted)
    with pytest.raises(LeakError, match=r"although --redact|which --redact removes"):
        build(journal, BuildOptions(TODAY, output=tmp_path / "redacted", redact=True))
    assert not (tmp_path / "redacted").exists()


def test_redacted_and_private_builds_pass_when_clean(journal, tmp_path):
    assert build(journal, BuildOptions(TODAY, output=tmp_path / "a", redact=True)).built
    result = build(journal, BuildOptions(TODAY, output=tmp_path / "b", include_private=True))
    assert result.built and "Sam Secret" in (tmp_path / "b/contacts.html").read_text()


def test_the_command_says_why_and_keeps_the_old_site(journal, invoke):
    plant(journal, "sam.secret@example.org")
    result = invoke("-j", str(journal), "build", "--today", "2026-11-21")
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: refusing to publish the site: timeline.html contains the "
                                    "e-mail address of private record contacts/sam.md")  # fmt: skip
    assert "The previous site was left as it was." in result.stderr
    assert "sam.secret" not in (journal / "_site/timeline.html").read_text()


@pytest.mark.parametrize(
    "edit, planted, what",
    [
        (
            lambda root: (root / "contacts/sam.md").write_text(
                FILES["contacts/sam.md"].replace(
                    "Sam is quietly", "Sam now quietly weighs an offer from Harbor and"
                )
            ),
            "Note: Sam now quietly weighs an offer from Harbor and interviewing for the head of research job",
            "the notes of private record contacts/sam.md",
        ),
        (
            lambda root: (root / "contacts/ann.md").write_text(
                FILES["contacts/ann.md"].replace("---\nHello", "private: true\n---\nHello")
            ),
            "Lunch with Ann Public",
            "the name of private record contacts/ann.md",
        ),
    ],
    ids=["a private record's notes edited", "a record made private"],
)
def test_a_process_that_builds_again_and_again_checks_for_what_is_new_to_hide(journal, edit, planted, what):
    from infoview.load.memo import Memo

    memo = Memo()
    assert build(journal, BuildOptions(TODAY), memo).built
    edit(journal)
    assert build(journal, BuildOptions(TODAY), memo).built
    plant(journal, planted)
    with pytest.raises(LeakError, match=re.escape(f"timeline.html contains {what}")):
        build(journal, BuildOptions(TODAY, clean=True))  # a process of its own
    with pytest.raises(LeakError, match=re.escape(f"timeline.html contains {what}")):
        build(journal, BuildOptions(TODAY), memo)


def test_the_notes_of_withheld_records_are_read_again_only_when_their_file_changes(journal, monkeypatch):
    import infoview.site.forbidden as forbidden

    read: list[str] = []
    fragments = forbidden._fragments
    monkeypatch.setattr(forbidden, "_fragments", lambda html: read.append(html) or fragments(html))
    (journal / "contacts/ann.md").write_text(FILES["contacts/ann.md"].replace("Hello.", "Hello again."))
    assert build(journal, BuildOptions(TODAY)).written >= 1 and read == []  # a public file's notes
    (journal / "contacts/sam.md").write_text(FILES["contacts/sam.md"].replace("in Leeds", "in York"))
    assert build(journal, BuildOptions(TODAY)).built  # (no page shows them)
    assert read == ["<p>Sam is quietly interviewing for the head of research job in York.</p>\n"]
    plant(journal, "Sam is quietly interviewing for the head of research job in York")
    with pytest.raises(LeakError, match=re.escape("timeline.html contains the notes of private record")):
        build(journal, BuildOptions(TODAY))


def test_what_public_fields_say_of_the_secrets_is_kept_while_fields_and_secrets_are(tmp_path, monkeypatch):
    import shutil

    import infoview.site.forbidden as forbidden

    from .conftest import SAMPLE

    root = tmp_path / "journal"
    shutil.copytree(SAMPLE, root, ignore=shutil.ignore_patterns(".infoview", "_site"))
    options = BuildOptions(dt.date(2026, 11, 21), tmp_path / "site")
    made: list[forbidden.Facts] = []
    making = forbidden._facts
    monkeypatch.setattr(forbidden, "_facts", lambda *a: made.append(making(*a)) or made[-1])

    def edit(rel: str, old: str, new: str) -> None:
        path = root / rel
        text = path.read_text(encoding="utf-8")
        assert old in text
        path.write_text(text.replace(old, new, 1), encoding="utf-8")

    assert build(root, options).built and len(made) == 1
    first = made[0]
    facts = forbidden.Facts(frozenset({"bo kim"}), frozenset({"follow"}), frozenset(), {"ann": ["ann lee"]})
    assert forbidden.load_facts(forbidden.dump_facts(facts)) == facts  # kept as made
    public_note = "interviews/2026/2026-01-08-hannah-berg.md"
    edit(public_note, "No reply after the nudge either.", "No reply after the nudge either. Still none.")
    assert build(root, options).written >= 1 and len(made) == 1  # notes' prose: kept
    edit("contacts/hannah-berg.md", "title: UX Research Manager", "title: Head of UX Research")
    assert build(root, options).built and len(made) == 2  # a public field: made again
    assert made[1] == first  # (and what it says of these secrets is the same)
    edit("interviews/2026/2026-09-02-eli-novak.md", "\n---\n", "\n---\nA new secret sentence, long enough.\n")
    assert build(root, options).built and len(made) == 3  # a private note: other secrets


def test_a_process_that_builds_again_lets_public_notes_say_what_a_private_note_now_says_too(journal):
    """No false alarm: a private note's new words, which a public note holds too, are public."""
    from infoview.load.memo import Memo

    memo = Memo()
    assert build(journal, BuildOptions(TODAY), memo).built
    shared = "The panel asked about research operations budgets in detail."
    for rel, old in (("contacts/sam.md", "Sam is quietly"), ("contacts/ann.md", "Hello.")):
        (journal / rel).write_text(FILES[rel].replace(old, f"{shared}\n\n{old}"))
    assert build(journal, BuildOptions(TODAY), memo).built
    assert shared in (journal / "_site/contacts/ann.html").read_text()
    assert build(journal, BuildOptions(TODAY, clean=True)).built  # as a process of its own finds
