"""Follow-ups: written ones, body tasks, and each rule with a fixed today."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import replace

import pytest

from infoview.journal.config import Rule, Rules
from infoview.journal.diagnostics import Span
from infoview.journal.followups import derive
from infoview.load.journal import load

TODAY = dt.date(2026, 11, 21)
PEOPLE = {
    "contacts/jane.md": "---\nname: Jane Doe\nkeep_in_touch: 3m\n---\n",
    "contacts/sam.md": "---\nname: Sam Lee\n---\n",
    "contacts/kim.md": "---\nname: Kim Park\nstatus: do-not-contact\n---\n",
}


DEFAULT_RULES = Rules()


def items(write_journal, files, rules=DEFAULT_RULES, today=TODAY):
    result = load(write_journal({**PEOPLE, **files}))
    return [
        (f.group(today), f.due.isoformat() if f.due else None, f.text, f.origin,
         f"{f.span.path}:{f.span.line}")
        for f in derive(result.journal, rules, today)
    ]  # fmt: skip


def test_front_matter_follow_ups(write_journal):
    got = items(write_journal, {
        "interviews/i.md": "---\ncontact: sam\ndate: 2026-11-01\nthanked: 2026-11-01\nfollow_ups:\n"
        "  - do: Send the deck\n    due: 2026-11-24\n"
        "  - do: Read the paper\n    done: 2026-11-10\n"
        "  - Ask about the team\n---\n",
    })  # fmt: skip
    assert got == [
        ("this week", "2026-11-24", "Send the deck", "front matter", "interviews/i.md:6"),
        ("no date", None, "Ask about the team", "front matter", "interviews/i.md:10"),
        ("done", None, "Read the paper", "front matter", "interviews/i.md:8"),
    ]


def test_body_tasks_in_any_record(write_journal):
    got = items(write_journal, {
        "contacts/sam.md": "---\nname: Sam Lee\n---\n"
        "- [ ] Send the deck due:2026-11-21\n"
        "* [ ] Book a coffee 📅 2026-12-24\n"
        "- [x] Connect on LinkedIn ✅ 2026-11-02\n"
        "- [X] Old thing\n"
        "```\n- [ ] not a task, just code due:2026-01-01\n```\n"
        "1. [ ] Numbered task due:2026-11-01\n",
        "companies/acme.md": "---\nname: Acme\n---\n\n- [ ] Read their annual report\n",
    })  # fmt: skip
    assert got == [
        ("overdue", "2026-11-01", "Numbered task", "task", "contacts/sam.md:11"),
        ("today", "2026-11-21", "Send the deck", "task", "contacts/sam.md:4"),
        ("later", "2026-12-24", "Book a coffee", "task", "contacts/sam.md:5"),
        ("no date", None, "Read their annual report", "task", "companies/acme.md:5"),
        ("done", None, "Connect on LinkedIn", "task", "contacts/sam.md:6"),
        ("done", None, "Old thing", "task", "contacts/sam.md:7"),
    ]


def test_invalid_task_date_is_reported(write_journal):
    root = write_journal({**PEOPLE, "contacts/sam.md": "---\nname: Sam\n---\n- [ ] X due:2026-02-30\n"})
    [diag] = load(root).diagnostics
    assert (diag.span.path, diag.span.line, diag.span.col, diag.code) == (
        "contacts/sam.md",
        4,
        13,
        "E010",
    )


def test_thank_you_rule(write_journal):
    files = {
        "interviews/a.md": "---\ncontact: sam\ndate: 2026-11-18\n---\n",
        "interviews/b.md": "---\ncontact: sam\ndate: 2026-11-10\nthanked: 2026-11-10\n---\n",
        "interviews/c.md": "---\ncontact: sam\ndate: 2026-11-12\n---\n- [x] Send a thank-you email\n",
        "interviews/d.md": "---\ncontact: sam\ndate: 2026-11-25\n---\n",
        "interviews/e.md": "---\ncontact: sam\ndate: 2026-11-01\nstatus: cancelled\n---\n",
    }
    assert items(write_journal, files) == [
        (
            "overdue",
            "2026-11-19",
            "Send a thank-you note to Sam Lee",
            "thank-you",
            "interviews/a.md:3",
        ),
        ("done", None, "Send a thank-you email", "task", "interviews/c.md:5"),
    ]
    tuned = Rules(thank_you=Rule(True, 3))
    assert items(write_journal, files, tuned)[0][:2] == ("today", "2026-11-21")
    off = Rules(thank_you=Rule(False, 1))
    assert [i[3] for i in items(write_journal, files, off)] == ["task"]


def test_nudge_rule(write_journal):
    files = {
        "interviews/a.md": "---\ncontact: sam\ndate: 2026-11-10\nstatus: requested\n---\n",
        "interviews/b.md": "---\ncontact: jane\ndate: 2026-11-16\nstatus: requested\n---\n",
        "interviews/c.md": "---\ncontacts: [kim]\ndate: 2026-10-01\nstatus: requested\n---\n",
        "interviews/d.md": "---\ncontact: kim\ndate: 2026-10-20\nstatus: declined\n---\n",
    }
    got = [i for i in items(write_journal, files) if i[3] == "nudge"]
    assert got == [("overdue", "2026-11-17", "Nudge Sam Lee", "nudge", "interviews/a.md:4")]
    # kim's request got an answer later (declined), so kim is not nudged.
    assert [i for i in items(write_journal, files, Rules(nudge=Rule(True, 3))) if i[3] == "nudge"] == [
        ("overdue", "2026-11-13", "Nudge Sam Lee", "nudge", "interviews/a.md:4"),
        ("overdue", "2026-11-19", "Nudge Jane Doe", "nudge", "interviews/b.md:4"),
    ]


def test_keep_in_touch_rule(write_journal):
    files = {
        "interviews/a.md": "---\ncontact: jane\ndate: 2026-06-01\nthanked: 2026-06-01\n---\n",
        "interviews/b.md": "---\ncontact: jane\ndate: 2026-08-15\nthanked: 2026-08-15\n---\n",
    }
    assert items(write_journal, files) == [
        ("overdue", "2026-11-15", "Check in with Jane Doe", "keep in touch", "contacts/jane.md:3"),
    ]
    assert items(write_journal, files, Rules(keep_in_touch=Rule(False, 0))) == []
    upcoming = {**files, "interviews/c.md": "---\ncontact: jane\ndate: 2026-12-01\n---\n"}
    assert items(write_journal, upcoming) == []


def test_an_introduction_points_at_the_name_it_comes_from_past_empty_items(write_journal):
    files = {
        "interviews/a.md": "---\ncontact: jane\ndate: 2026-11-01\nthanked: 2026-11-01\n"
        "referrals: [Bo Chen, '', kim, ~, Ada Byron]\n---\n",
        "interviews/b.md": "---\ncontact: sam\ndate: 2026-11-02\nthanked: 2026-11-02\n"
        "referrals:\n  -\n  - Cy Young\n---\n",
        "interviews/c.md": "---\ncontact: sam\ndate: 2026-11-03\nthanked: 2026-11-03\n"
        "referrals: Di Ross\n---\n",
    }
    result = load(write_journal({**PEOPLE, **files}))
    got = [(f.text.split(" (")[0], f.span) for f in derive(result.journal, DEFAULT_RULES, TODAY)
           if f.origin == "introduction"]  # fmt: skip
    assert got == [
        ("Reach out to Ada Byron", Span("interviews/a.md", 5, 34)),
        ("Reach out to Bo Chen", Span("interviews/a.md", 5, 13)),
        ("Reach out to Cy Young", Span("interviews/b.md", 7, 5)),
        ("Reach out to Di Ross", Span("interviews/c.md", 5, 12)),
    ]


def test_introduction_rule(write_journal):
    files = {
        "contacts/ana.md": "---\nname: Ana Gómez\n---\n",
        "interviews/a.md": "---\ncontact: jane\ndate: 2026-11-01\nthanked: 2026-11-01\n"
        "referrals: [sam, ana, Bo Chen, kim]\n---\n",
        "interviews/b.md": "---\ncontact: sam\ndate: 2026-11-30\n---\n",
        "interviews/c.md": "---\ncontact: jane\ndate: 2026-11-05\nthanked: 2026-11-05\n"
        "referrals: [Ana Gómez]\n---\n",
    }
    got = [i for i in items(write_journal, files) if i[3] == "introduction"]
    assert got == [  # due a week after the interview that named them
        (
            "overdue",
            "2026-11-08",
            "Reach out to Ana Gómez (introduced by Jane Doe)",
            "introduction",
            "interviews/a.md:5",
        ),
        (
            "overdue",
            "2026-11-08",
            "Reach out to Bo Chen (introduced by Jane Doe)",
            "introduction",
            "interviews/a.md:5",
        ),
    ]
    rules = replace(DEFAULT_RULES, introduction=Rule(True, 2))  # [rules.introduction] days = 2
    assert [i[1] for i in items(write_journal, files, rules) if i[3] == "introduction"] == ["2026-11-03"] * 2
    assert [i for i in items(write_journal, files, Rules(introduction=Rule(False, 0)))
            if i[3] == "introduction"] == []  # fmt: skip


def test_rules_are_switched_off_and_tuned_in_infoview_toml(write_journal, invoke):
    files = {
        **PEOPLE,
        "interviews/a.md": "---\ncontact: sam\ndate: 2026-11-10\nstatus: requested\n---\n",
        "interviews/b.md": "---\ncontact: jane\ndate: 2026-11-18\n---\n",
        "infoview.toml": "[rules]\nthank_you = false\n\n[rules.nudge]\ndays = 3\n",
    }
    root = write_journal(files)
    result = invoke("-j", str(root), "followups", "--today", "2026-11-21", "--format", "json")
    assert [(r["text"], r["due"], r["origin"]) for r in json.loads(result.stdout)] == [
        ("Nudge Sam Lee", "2026-11-13", "nudge"),
        ("Check in with Jane Doe", "2027-02-18", "keep in touch"),
    ]


def test_followups_command_groups_and_filters(write_journal, invoke):
    root = write_journal({
        **PEOPLE,
        "interviews/a.md": "---\ncontact: sam\ndate: 2026-11-01\nthanked: 2026-11-01\n---\n"
        "- [ ] Overdue thing due:2026-11-20\n- [ ] Soon due:2026-11-25\n- [ ] Later due:2027-01-01\n"
        "- [ ] Whenever\n- [x] Finished\n",
    })  # fmt: skip
    text = invoke("-j", str(root), "followups", "--today", "2026-11-21")
    assert text.exit_code == 0
    assert text.stdout == (
        "Overdue (1)\n"
        "  2dba0f  2026-11-20  Overdue thing\n"
        "                      ↳ interviews/a.md:6\n\n"
        "This week (1)\n"
        "  b1d83a  2026-11-25  Soon\n"
        "                      ↳ interviews/a.md:7\n\n"
        "Later (1)\n"
        "  24cd73  2027-01-01  Later\n"
        "                      ↳ interviews/a.md:8\n\n"
        "No date (1)\n"
        "  9ffa23              Whenever\n"
        "                      ↳ interviews/a.md:9\n"
    )
    within = invoke(
        "-j", str(root), "followups", "--today", "2026-11-21", "--within", "7d", "--format", "csv"
    )
    assert [line.split(",")[2] for line in within.stdout.splitlines()[1:]] == [
        "Overdue thing",
        "Soon",
    ]
    every = invoke("-j", str(root), "followups", "--today", "2026-11-21", "--all", "--format", "json")
    assert [r["ref"] for r in json.loads(every.stdout)][:4] == ["2dba0f", "b1d83a", "24cd73", "9ffa23"]
    assert [r["group"] for r in json.loads(every.stdout)] == [
        "overdue",
        "this week",
        "later",
        "no date",
        "done",
    ]
    bad = invoke("-j", str(root), "followups", "--within", "soon")
    assert bad.exit_code == 2
    assert "write a period like 7d, 2w or 1m" in bad.stderr


@pytest.mark.parametrize("today, group", [
    ("2026-11-25", "overdue"), ("2026-11-24", "today"), ("2026-11-17", "this week"),
    ("2026-11-16", "later"),
])  # fmt: skip
def test_groups_are_relative_to_today(write_journal, today, group):
    files = {"contacts/sam.md": "---\nname: Sam\n---\n- [ ] X due:2026-11-24\n"}
    [item] = items(write_journal, files, today=dt.date.fromisoformat(today))
    assert item[0] == group


def test_followups_are_cached_until_something_changes(write_journal, invoke, monkeypatch):
    import os

    import infoview.ask.reports

    root = write_journal({
        **PEOPLE,
        "interviews/a.md": "---\ncontact: sam\ndate: 2026-11-01\n---\n- [ ] Read the report due:2026-11-25\n",
    })  # fmt: skip
    args = ["-j", str(root), "followups", "--today", "2026-11-21", "--format", "csv"]
    first = invoke(*args).stdout
    assert "Send a thank-you note to Sam Lee" in first
    later = invoke("-j", str(root), "followups", "--today", "2027-06-01", "--format", "csv").stdout
    assert "this week,2026-11-25,Read the report" in first
    assert "overdue,2026-11-25,Read the report" in later  # another day, other groups

    def no_parse(*a, **k):
        raise AssertionError("the journal was read again although nothing changed")

    monkeypatch.setattr(infoview.ask.reports, "followup_rows", no_parse)
    assert invoke(*args).stdout == first  # from the cache
    path = root / "interviews/a.md"
    os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns + 10**9))
    assert invoke(*args).stdout == first  # touched, same content: still cached
    path.write_bytes(path.read_bytes() + b"\nA paragraph of prose, nothing to do.\n")
    assert invoke(*args).stdout == first  # notes' prose edited: the same follow-ups, every day kept
    assert invoke("-j", str(root), "followups", "--today", "2027-06-01", "--format", "csv").stdout == later
    monkeypatch.undo()
    path.write_text(
        "---\ncontact: sam\ndate: 2026-11-01\n---\nFirst.\n\n- [ ] Read the report due:2026-11-25\n"
    )
    moved = invoke(*args).stdout
    assert "interviews/a.md:5" in first and "interviews/a.md:7" in moved  # a task's line is a field
    assert moved.replace("a.md:7", "a.md:5") == first
    path.write_text("---\ncontact: sam\ndate: 2026-11-01\nthanked: 2026-11-02\n---\n")
    assert "thank-you" not in invoke(*args).stdout  # an edit: computed again
    assert "Read the report" not in invoke(*args).stdout
    path.write_text("---\ncontact: sam\ndate: 2026-11-01\n---\n")
    assert "Send a thank-you note to Sam Lee" in invoke(*args).stdout
    (root / "infoview.toml").write_text("[rules]\nthank_you = false\n")
    assert "Send a thank-you note" not in invoke(*args).stdout  # the settings changed


def test_follow_ups_kept_as_text_come_back_the_same():
    from infoview.index.codec import dump_followups as dump
    from infoview.index.codec import load_followups

    from .conftest import SAMPLE

    journal = load(SAMPLE).journal
    items = derive(journal, Rules(), dt.date(2026, 11, 21))
    assert {f.origin for f in items} >= {"front matter", "task", "thank-you", "keep in touch"}
    assert any(f.done_on for f in items) and any(f.private is False for f in items)
    assert load_followups(dump(items)) == items


def test_thanked_true_is_as_good_as_a_date(write_journal):
    got = items(
        write_journal, {"interviews/i.md": "---\ncontact: sam\ndate: 2026-11-01\nthanked: true\n---\n"}
    )
    assert [i for i in got if i[3] == "thank-you"] == []


def test_dormant_contacts_get_no_reminder_to_keep_in_touch(write_journal):
    files = {"contacts/jane.md": "---\nname: Jane Doe\nkeep_in_touch: 1m\nstatus: dormant\n---\n",
             "interviews/i.md": "---\ncontact: jane\ndate: 2026-01-01\nthanked: true\n---\n"}  # fmt: skip
    assert [i for i in items(write_journal, files) if i[3] == "keep in touch"] == []


def test_a_check_in_restarts_keeping_in_touch(write_journal):
    files = {"contacts/jane.md": "---\nname: Jane Doe\nkeep_in_touch: 1m\nchecked_in: 2026-11-10\n---\n",
             "interviews/i.md": "---\ncontact: jane\ndate: 2026-01-01\nthanked: true\n---\n"}  # fmt: skip
    assert [i[:3] for i in items(write_journal, files) if i[3] == "keep in touch"] == [
        ("later", "2026-12-10", "Check in with Jane Doe")
    ]


def test_done_follow_ups_show_the_day_they_were_done(write_journal, invoke):
    root = write_journal({**PEOPLE, "interviews/a.md": "---\ncontact: sam\ndate: 2026-11-01\nthanked: true\n---\n"
                          "- [x] Sent it due:2026-11-10 done:2026-11-12\n"})  # fmt: skip
    text = invoke("-j", str(root), "followups", "--all", "--today", "2026-11-21").stdout
    assert "  2026-11-12  Sent it\n" in text


def test_a_reference_is_the_same_whichever_way_accents_are_written(write_journal):
    composed = {"interviews/i.md": "---\ncontact: sam\ndate: 2026-11-01\nthanked: 2026-11-01\n"
                "referrals: [Tom\u00e1s Vidal]\n---\n- [ ] Write to Tom\u00e1s\n"}  # fmt: skip
    apart = {"interviews/i.md": composed["interviews/i.md"].replace("\u00e1", "a\u0301")}
    refs = []
    for files in (composed, apart):
        result = load(write_journal({**PEOPLE, **files}))
        refs.append([(f.origin, f.ref) for f in derive(result.journal, DEFAULT_RULES, TODAY)])
    assert refs[0] == refs[1]
    assert [origin for origin, _ref in refs[0]] == ["introduction", "task"]
