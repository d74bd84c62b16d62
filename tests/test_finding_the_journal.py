"""The journal is found as git finds a repository; outside one, nothing is written."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize("args", [["followups"], ["validate"], ["build"], ["new", "contact", "Ann Lee"],
                                  ["query", "contacts"], ["index"], ["stats"], ["thank", "x"]])  # fmt: skip
def test_outside_a_journal_every_command_stops_and_writes_nothing(tmp_path, monkeypatch, invoke, args):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("INFOVIEW_JOURNAL", raising=False)
    result = invoke(*args)
    assert result.exit_code == 2
    assert f"not in a journal: neither {tmp_path} nor a folder above it holds infoview.toml" in " ".join(
        result.stderr.split()
    )
    assert list(tmp_path.iterdir()) == []


def test_a_folder_that_is_not_a_journal_is_refused_by_name(tmp_path, invoke):
    result = invoke("-j", str(tmp_path), "followups")
    assert result.exit_code == 2
    assert "is not a journal (it has no infoview.toml, contacts/ or interviews/)" in " ".join(
        result.stderr.split()
    )
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("marker", ["infoview.toml", "contacts", "interviews"])
def test_a_journal_is_found_from_any_folder_inside_it(tmp_path, monkeypatch, invoke, marker):
    root = tmp_path / "journal"
    (root / "contacts").mkdir(parents=True)
    (root / "contacts" / "ann.md").write_text("---\nname: Ann Lee\n---\n")
    if marker == "infoview.toml":
        (root / marker).touch()
    elif marker == "interviews":
        (root / "contacts" / "ann.md").rename(root / "ann.md")
        (root / "contacts").rmdir()
        (root / "interviews").mkdir()
        (root / "interviews" / "notes").mkdir()
    deep = root / ("interviews/notes" if marker == "interviews" else "contacts")
    monkeypatch.chdir(deep)
    monkeypatch.delenv("INFOVIEW_JOURNAL", raising=False)
    result = invoke("validate")
    assert result.exit_code == 0, result.output
    assert (root / ".infoview").is_dir() and not (deep / ".infoview").exists()
