"""`show` reads one record and the records around it from the index, and
`stats` counts from the index's tables: what they print must be what the
whole journal would say."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pytest

from infoview.ask.reports import Counted, all_followup_rows, counted, stats
from infoview.ask.show import open_followups, record_json, show_company, show_contact, show_interview
from infoview.journal.lookup import NotFound, lookup
from infoview.journal.model import Contact, Interview
from infoview.load.around import around
from infoview.load.journal import load

from .conftest import REPO, SAMPLE

TODAY = dt.date(2026, 11, 21)

# Ids two files share, names two people share (one with other accents and
# case), a company named as another's id, referrals by name and by id, a
# contact whose company has no record, an interview naming a missing person.
TANGLED = {
    "infoview.toml": "",
    "contacts/ana-lima.md": "---\nname: Ana Lima\ncompany: acme\nreferred_by: bo-chen\n---\nAna's notes.\n",
    "contacts/ana-lima-2.md": "---\nname: ANA LIMA\ncompany: Widgets\n---\n",
    "contacts/ána-líma.md": "---\nname: Ána Líma\ncompany: Nowhere Ltd\n---\n",
    "contacts/bo-chen.md": "---\nname: Bo Chen\ncompany: Acme Corp\nkeep_in_touch: 1m\n---\n- [ ] send Bo the deck\n",
    "contacts/a/bo-chen.md": "---\nname: Bo Chen\ncompany: widgets\n---\nThe first file of the id.\n",
    "interviews/old/2026-03-01-bo-chen.md": "---\ncontacts: [ana-lima-2]\ndate: 2026-02-01\n---\n",
    "contacts/cy-dahl.md": "---\nname: Cy Dahl\nreferred_by: ana-lima\ncompany: ACME\n---\n",
    "contacts/dee-ek.md": "---\nname: Dee Ek\nreferred_by: cy-dahl\n---\n",
    "companies/acme.md": "---\nname: Acme Corp\n---\n",
    "companies/widgets.md": "---\nname: acme\n---\n",
    "companies/acme-2.md": "---\nname: Widgets\n---\n",
    "interviews/2026-03-01-bo-chen.md": (
        "---\ncontacts: [bo-chen, ana-lima]\ndate: 2026-03-01\nreferrals: [Ana Lima, cy-dahl, Someone Else]\n"
        "follow_ups:\n  - do: thank Bo\n    due: 2026-03-05\n---\n- [ ] read the paper\n"
    ),
    "interviews/2026-03-01-bo-chen-2.md": "---\ncontacts: [cy-dahl]\ndate: 2026-03-01\n---\n",
    "interviews/2026-12-01-ghost.md": "---\ncontacts: [nobody-here, cy-dahl]\ndate: 2026-12-01\n---\n",
}


def _journals(tmp_path: Path) -> list[Path]:
    sample = tmp_path / "sample"
    shutil.copytree(SAMPLE, sample, ignore=shutil.ignore_patterns(".infoview", "_site"))
    hostile = tmp_path / "hostile"
    shutil.copytree(
        REPO / "tests" / "hostile_journal", hostile, ignore=shutil.ignore_patterns(".infoview", "_site")
    )
    tangled = tmp_path / "tangled"
    for rel, text in TANGLED.items():
        (tangled / rel).parent.mkdir(parents=True, exist_ok=True)
        (tangled / rel).write_text(text, encoding="utf-8")
    return [sample, hostile, tangled]


def _said(journal, record, found) -> tuple[str, str]:
    items = open_followups(record, found)
    show = {Contact: show_contact, Interview: show_interview}.get(type(record), show_company)
    as_json = json.dumps(record_json(journal, record, TODAY, items), sort_keys=True)
    return show(journal, record, TODAY, items), as_json  # type: ignore[operator]


def test_show_from_the_records_around_one_says_what_the_whole_journal_says(tmp_path: Path) -> None:
    compared = 0
    for root in _journals(tmp_path):
        found = all_followup_rows(root, TODAY)
        whole = load(root, notes=False).journal
        with_notes = load(root).journal  # (the record shown has its notes)
        names = [f"{r.kind}:{r.id}" for r in whole.records()]
        names += [getattr(r, "name", "") for r in whole.records() if getattr(r, "name", "")]
        names += ["ana", "lima", "ACME", "bo-", "2026-03-01", "nobody"]
        for given in names:
            try:
                named = lookup(whole, given)
                expected = with_notes.of_kind(named.kind)[named.id]
            except NotFound as exc:
                with pytest.raises(NotFound) as raised:
                    around(root, given)
                assert str(raised.value) == str(exc)
                continue
            near = around(root, given)
            assert near.record == expected, given
            assert _said(near.journal, near.record, found) == _said(whole, expected, found), (
                root.name,
                given,
            )
            compared += 1
    assert compared > 60


def test_show_reads_only_the_records_it_tells_of(tmp_path: Path) -> None:
    root = _journals(tmp_path)[2]
    load(root)  # the index made
    near = around(root, "bo-chen")
    assert sorted(r.path for r in near.journal.records()) == [
        # Bo (the first file of the id), those Bo introduced (by name: both
        # Ana Limas written alike, not Ána Líma), those who name Bo in
        # referred_by, every company that answers to the name of Bo's
        # company (and of the other file's), and Bo's talk.
        "companies/acme-2.md", "companies/acme.md", "companies/widgets.md",
        "contacts/a/bo-chen.md", "contacts/ana-lima-2.md", "contacts/ana-lima.md", "contacts/cy-dahl.md",
        "interviews/2026-03-01-bo-chen.md",
    ]  # fmt: skip
    assert near.record.path == "contacts/a/bo-chen.md"
    assert near.record.body == "The first file of the id.\n"
    assert all(r.body == "" for r in near.journal.records() if r.path != "contacts/a/bo-chen.md")


def test_show_and_stats_where_the_journal_can_keep_no_index(tmp_path: Path, invoke) -> None:
    root = _journals(tmp_path)[2]
    (root / ".infoview").write_text("a file where the index's folder would be\n", encoding="utf-8")
    shown = invoke("-j", str(root), "show", "bo-chen", "--today", TODAY.isoformat())
    assert shown.exit_code == 0
    assert shown.stdout.startswith("Bo Chen\n=======\n  File:              contacts/a/bo-chen.md\n")
    assert "The first file of the id." in shown.stdout
    figures = invoke("-j", str(root), "stats", "--format", "json", "--today", TODAY.isoformat())
    assert figures.exit_code == 0
    assert json.loads(figures.stdout)["totals"]["contacts"] == 6
    assert "using a temporary index" in figures.stderr


def test_stats_from_the_index_are_the_figures_of_the_whole_journal(tmp_path: Path) -> None:
    for root in _journals(tmp_path):
        whole = Counted.of(load(root, notes=False).journal)
        read = counted(root).counted
        assert read == whole, root.name
        for day in (TODAY, dt.date(2026, 3, 1), dt.date(2030, 1, 1)):
            assert stats(read, day) == stats(whole, day)
    assert counted(root).errors == 3  # the tangled journal's: two ids twice, one unknown contact
