from pathlib import Path

import pytest

from infoview.load.journal import load


def test_init_creates_a_journal(invoke, tmp_path):
    root = tmp_path / "j"
    result = invoke("init", str(root))
    assert result.exit_code == 0
    assert result.stdout == (
        f"Created a journal in {root}: contacts/, interviews/, companies/, infoview.toml, .gitignore, questions.md\n"
    )
    assert sorted(p.name for p in root.iterdir()) == [
        ".gitignore",
        "companies",
        "contacts",
        "infoview.toml",
        "interviews",
        "questions.md",
    ]
    assert (root / ".gitignore").read_text().splitlines()[1:] == [".infoview/", "_site/"]
    assert load(root).diagnostics == ()


def test_init_refuses_a_non_empty_folder(invoke, tmp_path):
    (tmp_path / "notes.txt").write_text("mine")
    result = invoke("init", str(tmp_path))
    assert result.exit_code == 1
    assert "is not empty and is not a journal" in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt"]


def test_init_on_a_journal_adds_only_what_is_missing(invoke, tmp_path):
    (tmp_path / "infoview.toml").write_text("# mine\n")
    result = invoke("init", str(tmp_path))
    assert result.exit_code == 0
    assert (tmp_path / "infoview.toml").read_text() == "# mine\n"
    assert (tmp_path / "contacts").is_dir()
    assert invoke("init", str(tmp_path)).stdout == f"{tmp_path} is already a journal; nothing to do.\n"


def test_new_contact_writes_a_file_that_validates(invoke, tmp_path):
    invoke("init", str(tmp_path))
    result = invoke(
        "-j", str(tmp_path), "new", "contact", "Zoë Ångström-O'Brien",
        "--title", "Lead: Research", "--company", "Acme", "--email", "z@example.org",
        "--tag", "ux", "--tag", "user research", "--today", "2026-11-21",
    )  # fmt: skip
    path = tmp_path / "contacts" / "zoe-angstrom-obrien.md"
    assert result.exit_code == 0
    assert result.stdout == f"{path}\n"
    assert path.read_text() == (
        "---\n"
        "name: Zoë Ångström-O'Brien\n"
        "title: 'Lead: Research'\n"
        "company: Acme\n"
        "email: z@example.org\n"
        "tags: [ux, user research]\n"
        "created: 2026-11-21\n"
        "---\n\n## Background\n\n## Research\n"
    )
    assert load(tmp_path).diagnostics == ()


def test_new_private_contact_is_private(invoke, tmp_path):
    invoke("init", str(tmp_path))
    result = invoke("-j", str(tmp_path), "new", "contact", "Bo Kim", "--private", "--today", "2026-11-21")
    assert result.exit_code == 0
    assert (tmp_path / "contacts/bo-kim.md").read_text() == (
        "---\nname: Bo Kim\nprivate: true\ncreated: 2026-11-21\n---\n\n## Background\n\n## Research\n"
    )
    assert load(tmp_path).journal.contacts["bo-kim"].private


def test_new_never_overwrites(invoke, tmp_path):
    invoke("init", str(tmp_path))
    path = tmp_path / "contacts" / "jane-doe.md"
    path.write_text("---\nname: Jane, by hand\n---\n")
    result = invoke("-j", str(tmp_path), "new", "contact", "Jane Doe")
    assert result.exit_code == 1
    assert "already exists; it was left untouched" in result.stderr
    assert path.read_text() == "---\nname: Jane, by hand\n---\n"
    assert [p.name for p in path.parent.iterdir()] == ["jane-doe.md"]


def test_new_interview_scaffolds_sections(invoke, tmp_path):
    invoke("init", str(tmp_path))
    invoke("-j", str(tmp_path), "new", "contact", "Jane Doe")
    result = invoke(
        "-j", str(tmp_path), "new", "interview", "Jane Doe",
        "--date", "2026-11-24 14:30", "--mode", "video", "--topic", "Research ops",
    )  # fmt: skip
    path = tmp_path / "interviews" / "2026-11-24-jane-doe.md"
    assert result.exit_code == 0, result.output
    text = path.read_text()
    assert text.startswith(
        "---\ncontact: jane-doe\ndate: 2026-11-24 14:30\nmode: video\ntopic: Research ops\n---\n"
    )
    headings = [line for line in text.splitlines() if line.startswith("## ")]
    assert headings == [
        "## Preparation", "## Questions", "## Notes", "## Follow-up", "## They offered", "## Reflection",
    ]  # fmt: skip
    assert load(tmp_path).diagnostics == ()


@pytest.mark.parametrize(("given", "written"), [("45", "duration: 45\n"), ("1h30m", "duration: 1h30m\n")])
def test_new_interview_writes_a_duration_in_minutes_as_a_number(invoke, tmp_path, given, written):
    invoke("init", str(tmp_path))
    invoke("-j", str(tmp_path), "new", "contact", "Jane Doe")
    invoke("-j", str(tmp_path), "new", "interview", "jane-doe", "--date", "2026-11-24", "--duration", given)
    text = (tmp_path / "interviews" / "2026-11-24-jane-doe.md").read_text()
    assert written in text and load(tmp_path).diagnostics == ()


def test_new_interview_with_unknown_contact_suggests(invoke, tmp_path):
    invoke("init", str(tmp_path))
    invoke("-j", str(tmp_path), "new", "contact", "Jane Doe")
    result = invoke("-j", str(tmp_path), "new", "interview", "jnae-doe")
    assert result.exit_code == 1
    assert result.stderr == "Error: no contact called 'jnae-doe' (did you mean 'jane-doe', Jane Doe?)\n"
    assert list((tmp_path / "interviews").iterdir()) == []
    # a unique beginning of an id or a name, or the name itself, is enough
    for given in ("jane-do", "Jane", "jane doe"):
        made = invoke(
            "-j", str(tmp_path), "new", "interview", given, "--date", "2026-11-0" + str(len(given) % 9)
        )
        assert made.exit_code == 0, made.output
    assert sorted(p.name for p in (tmp_path / "interviews").iterdir()) == [
        "2026-11-04-jane-doe.md",
        "2026-11-07-jane-doe.md",
        "2026-11-08-jane-doe.md",
    ]


def test_new_interview_rejects_an_invalid_date(invoke, tmp_path):
    invoke("init", str(tmp_path))
    result = invoke("-j", str(tmp_path), "new", "interview", "x", "--date", "2026-02-30")
    assert result.exit_code == 2
    assert "day is out of range for month" in result.stderr


def test_new_company(invoke, tmp_path):
    invoke("init", str(tmp_path))
    result = invoke("-j", str(tmp_path), "new", "company", "Åcme Research GmbH")
    assert result.stdout == f"{tmp_path / 'companies' / 'acme-research-gmbh.md'}\n"
    assert load(tmp_path).journal.companies["acme-research-gmbh"].name == "Åcme Research GmbH"


def test_edit_opens_the_editor_on_the_new_file(invoke, tmp_path, monkeypatch):
    editor = tmp_path / "editor.sh"
    editor.write_text('#!/bin/sh\necho "Edited." >> "$1"\n')
    editor.chmod(0o755)
    monkeypatch.setenv("EDITOR", str(editor))
    journal = tmp_path / "j"
    invoke("init", str(journal))
    result = invoke("-j", str(journal), "new", "company", "Acme", "--edit")
    assert result.exit_code == 0
    assert (journal / "companies" / "acme.md").read_text().endswith("Edited.\n")


def test_the_journal_is_found_from_a_sub_folder(invoke, tmp_path, monkeypatch):
    invoke("init", str(tmp_path))
    invoke("-j", str(tmp_path), "new", "contact", "Jane Doe")
    monkeypatch.chdir(tmp_path / "contacts")
    assert invoke("validate").stdout == "0 errors, 0 warnings in 1 file\n"
    monkeypatch.chdir(Path("/"))
    monkeypatch.setenv("INFOVIEW_JOURNAL", str(tmp_path))
    assert invoke("validate").stdout == "0 errors, 0 warnings in 1 file\n"


def test_init_refuses_a_folder_inside_a_journal(invoke, tmp_path):
    invoke("init", str(tmp_path / "j"))
    nested = tmp_path / "j" / "interviews" / "nested"
    result = invoke("init", str(nested))
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: {nested} is inside the journal {(tmp_path / 'j').resolve()}; a journal cannot hold another\n"
    )
    assert not nested.exists()


def test_new_interviews_start_with_the_journals_own_questions(invoke, tmp_path):
    root = tmp_path / "j"
    invoke("init", str(root))
    invoke("-j", str(root), "new", "contact", "Ann Lee")
    (root / "questions.md").write_text(
        "# My questions\n\n- What surprised you most?\n* Who hires people like me?\n"
    )
    invoke("-j", str(root), "new", "interview", "ann", "--date", "2026-11-01")
    text = (root / "interviews/2026-11-01-ann-lee.md").read_text()
    assert "\n## Questions\n\n1. What surprised you most?\n2. Who hires people like me?\n\n## Notes\n" in text
    (root / "templates/new").mkdir(parents=True)
    (root / "templates/new/interview.md").write_text("## Agenda\n\n## Notes\n")
    invoke("-j", str(root), "new", "interview", "ann", "--date", "2026-11-02")
    assert (root / "interviews/2026-11-02-ann-lee.md").read_text().endswith("---\n\n## Agenda\n\n## Notes\n")
