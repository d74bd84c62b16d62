"""Follow-ups and the checks across files, answered from the index's tables
(load/fields_only.py) exactly as from every record decoded whole."""

from __future__ import annotations

import datetime as dt
import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from infoview.index.entries import cached
from infoview.index.refresh import updated
from infoview.journal.config import load_config
from infoview.journal.followups import derive
from infoview.load.fields_only import fields_only
from infoview.load.journal import combine

from .test_pipeline_property import journals, write

TODAY = dt.date(2026, 11, 21)
HERE = Path(__file__).parent

# Every rule and every check across files, with what trips them up: names for
# ids, a person listed twice, a file with errors, a duplicate id, flow style,
# an empty item in a list.
EVERY_RULE = {
    "infoview.toml": "[rules.introduction]\ndays = 3\n",
    "contacts/jane.md": "---\nname: Jane Doe\nkeep_in_touch: 3m\nchecked_in: 2026-07-01\n---\n"
    "- [ ] Send Jane the deck due:2026-11-24\n- [ ] Send Jane the deck\n",
    "contacts/sam.md": "---\nname: Sam Lee\nreferred_by: nobody-here\nkeep_in_touch: 2w\n---\n",
    "contacts/kim.md": "---\nname: Kim Park\nstatus: do-not-contact\n---\n",
    "contacts/zoe.md": "---\nname: Zoë Quist\nprivate: true\n---\n",
    "contacts/broken.md": "---\nname: [Broken\n---\n",
    "contacts/other/jane.md": "---\nname: Jane Again\n---\n",
    "companies/acme.md": "---\nname: Acme\nprivate: true\ndismissed: [abcdef]\n---\n- [ ] Read the report\n",
    "interviews/2026-10-01-jane.md": "---\ncontact: jane\ndate: 2026-10-01 09:30\nreferrals:\n"
    "  - Sam Lee\n  - ''\n  - kim\n  - Ada Byron\n  - ghost-id\n"
    "follow_ups: [{do: Send the article, due: 2026-10-05}, {do: thank Jane, done: 2026-10-02}]\n---\n",
    "interviews/2026-10-20-sam.md": "---\ncontacts: [sam, jane, sam, nobody, Kim Park, nobody]\ndate: 2026-10-20\n"
    "referrals: [ada byron]\n---\n",
    "interviews/2026-09-01-sam.md": "---\ncontact: sam\ndate: 2026-09-01\nstatus: requested\n"
    "nudged: 2026-09-20\n---\n",
    "interviews/2026-11-01-kim.md": "---\ncontact: kim\ndate: 2026-11-01\nstatus: requested\n---\n",
    "interviews/2026-11-02-zoe.md": "---\ncontact: zoe\ndate: 2026-11-02\n---\n- [ ] Write to Zoë\n",
    "interviews/2026-11-03-broken.md": "---\ncontact: broken\ndate: 2026-11-03\n---\n",
    "interviews/2026-11-25-jane.md": "---\ncontact: jane\ndate: 2026-11-25\n---\n",
}


def both_ways(root: Path, today: dt.date = TODAY) -> tuple:
    """(follow-ups, diagnostics) from the records decoded whole, and from the tables."""
    config, _ = load_config(root)
    conn, _stats = updated(root, config.allow_html)
    try:
        answers = []
        for entries in (cached(conn, notes=False), fields_only(conn)):
            result = combine(root, config, list(load_config(root)[1]), entries)
            answers.append((derive(result.journal, config.rules, today), result.diagnostics))
        return tuple(answers)
    finally:
        conn.close()


def test_every_rule_and_check_answers_the_same(write_journal):
    root = write_journal(EVERY_RULE)
    whole, fields = both_ways(root)
    assert fields == whole
    followups, diagnostics = fields
    # (what the journal was written to make: each rule, and each check, at least once)
    assert sorted({f.origin for f in followups}) == [
        "front matter", "introduction", "keep in touch", "nudge", "task", "thank-you",
    ]  # fmt: skip
    assert {d.code for d in diagnostics} >= {"E007", "E011", "W002", "W008"}
    assert [(f.origin, str(f.span), f.text, f.due, f.private, f.contacts) for f in followups] == [
        ("introduction", "interviews/2026-10-01-jane.md:8:5", "Reach out to Ada Byron (introduced by Jane Doe)",
         dt.date(2026, 10, 4), False, ("jane",)),
        ("introduction", "interviews/2026-10-01-jane.md:9:5", "Reach out to ghost-id (introduced by Jane Doe)",
         dt.date(2026, 10, 4), False, ("jane",)),
        ("front matter", "interviews/2026-10-01-jane.md:10:14", "Send the article", dt.date(2026, 10, 5), False,
         ("jane",)),
        ("thank-you", "interviews/2026-10-20-sam.md:3:7",
         "Send a thank-you note to Sam Lee, Jane Doe, nobody and Kim Park", dt.date(2026, 10, 21), False,
         ("sam", "jane", "nobody", "Kim Park")),
        ("keep in touch", "contacts/sam.md:4:16", "Check in with Sam Lee", dt.date(2026, 11, 3), False, ("sam",)),
        ("thank-you", "interviews/2026-11-02-zoe.md:3:7", "Send a thank-you note to Zoë Quist",
         dt.date(2026, 11, 3), True, ("zoe",)),
        ("thank-you", "interviews/2026-11-03-broken.md:3:7", "Send a thank-you note to broken",
         dt.date(2026, 11, 4), False, ("broken",)),
        ("nudge", "interviews/2026-11-01-kim.md:4:9", "Nudge Kim Park", dt.date(2026, 11, 8), False, ("kim",)),
        ("task", "contacts/jane.md:6:3", "Send Jane the deck", dt.date(2026, 11, 24), False, ("jane",)),
        ("task", "companies/acme.md:6:3", "Read the report", None, True, ()),
        ("task", "contacts/jane.md:7:3", "Send Jane the deck", None, False, ("jane",)),
        ("task", "interviews/2026-11-02-zoe.md:5:3", "Write to Zoë", None, True, ("zoe",)),
        ("front matter", "interviews/2026-10-01-jane.md:10:55", "thank Jane", None, False, ("jane",)),
    ]  # fmt: skip
    assert [str(d) for d in diagnostics if d.code in ("E007", "E011")] == [
        "contacts/other/jane.md:1:1: error: duplicate contact id 'jane' (also contacts/jane.md); rename one of "
        "the files [E011]",
        "contacts/sam.md:3:14: error: unknown contact 'nobody-here' in referred_by [E007]",
        "interviews/2026-10-20-sam.md:2:28: error: unknown contact 'nobody' in contacts [E007]",
        "interviews/2026-10-20-sam.md:2:36: error: 'Kim Park' in contacts is a name; write the contact's id: "
        "contacts: kim [E007]",
        "interviews/2026-10-20-sam.md:2:46: error: unknown contact 'nobody' in contacts [E007]",  # (twice)
        "interviews/2026-11-03-broken.md:2:10: error: contact 'broken' in contact is contacts/broken.md, which "
        "has errors and is left out until it is mended (infoview validate shows them) [E007]",
    ]


@pytest.mark.parametrize("journal", ["sample_journal", "tests/hostile_journal"])
def test_shipped_journals_answer_the_same(tmp_path, journal):
    root = tmp_path / "j"
    shutil.copytree(HERE.parent / journal, root, ignore=shutil.ignore_patterns(".infoview", "_site"))
    whole, fields = both_ways(root)
    assert fields == whole
    assert whole[0]  # (they have follow-ups to compare)


@pytest.mark.slow
@given(journals, st.dates(dt.date(2024, 1, 1), dt.date(2028, 1, 1)))
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_any_journal_answers_the_same(journal, today):
    root = Path(tempfile.mkdtemp())
    try:
        write(root, journal)
        whole, fields = both_ways(root, today)
        assert fields == whole
    finally:
        shutil.rmtree(root)
