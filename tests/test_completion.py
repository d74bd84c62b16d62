"""Tab completion knows the journal: ids, follow-up references, query fields and values."""

from __future__ import annotations

import pytest

from infoview.cli import main

PEOPLE = {
    "contacts/maya-patel.md": "---\nname: Maya Patel\n---\n",
    "contacts/mark-ode.md": "---\nname: Mark Ode\n---\n",
    "companies/acme.md": "---\nname: Acme\n---\n",
    "interviews/2026-11-01-maya-patel.md": "---\ncontact: maya-patel\ndate: 2026-11-01\nthanked: true\n---\n"
    "- [ ] Send the deck due:2026-11-24\n",
}


def complete(runner, root, words: str) -> list[str]:
    """What bash completion offers for the last word of `words` (as `type,value` lines)."""
    env = {"_INFOVIEW_COMPLETE": "bash_complete", "COMP_WORDS": f"infoview -j {root} {words}",
           "COMP_CWORD": str(len(words.split(" ")) + 2), "INFOVIEW_JOURNAL": str(root)}  # fmt: skip
    result = runner.invoke(main, [], env=env, prog_name="infoview")
    assert result.exit_code == 0, result.output
    return [line.split(",", 1)[1] for line in result.output.splitlines()]


@pytest.mark.parametrize("words, offered", [
    ("show ma", ["mark-ode", "maya-patel"]),
    ("show ac", ["acme"]),
    ("show 2026", ["2026-11-01-maya-patel"]),
    ("thank maya", ["maya-patel"]),
    ("new interview mark", ["mark-ode"]),
    ("query contacts sta", ["stage:", "status:"]),
    ("query interviews mode:v", ["mode:video"]),
    ("query interviews status:re", ["status:requested"]),
    ("query comp", ["companies", "company:"]),  # a kind, or a field of interviews
])  # fmt: skip
def test_completion_offers_what_the_journal_holds(runner, write_journal, words, offered):
    root = write_journal(PEOPLE)
    assert complete(runner, root, words) == offered


def test_completion_offers_follow_up_references(runner, write_journal, invoke):
    import json

    root = write_journal(PEOPLE)
    rows = json.loads(invoke("-j", str(root), "followups", "--format", "json").stdout)
    ref = next(r["ref"] for r in rows if r["text"] == "Send the deck")
    assert complete(runner, root, f"done {ref[:2]}") == [ref]
