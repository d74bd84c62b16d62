import datetime as dt

import pytest

from infoview.journal.fields import parse_cadence, parse_duration, parse_when
from infoview.journal.model import Cadence, When, interview_status
from infoview.load.journal import load

D = dt.date


@pytest.mark.parametrize(
    "text, minutes",
    [(45, 45), ("45", 45), ("30m", 30), ("1h", 60), ("1h30m", 90), ("1.5h", 90), ("90 min", 90)],
)
def test_durations(text, minutes):
    assert parse_duration(text) == minutes


@pytest.mark.parametrize("text", ["a while", "0", 0, -5, "h", True, [30]])
def test_invalid_durations(text):
    assert parse_duration(text) is None


@pytest.mark.parametrize(
    "text, start, due",
    [
        ("2w", D(2026, 1, 1), D(2026, 1, 15)),
        ("90d", D(2026, 1, 1), D(2026, 4, 1)),
        ("3m", D(2026, 11, 30), D(2027, 2, 28)),
        ("1y", D(2024, 2, 29), D(2025, 2, 28)),
    ],
)
def test_cadences(text, start, due):
    cadence = parse_cadence(text)
    assert isinstance(cadence, Cadence)
    assert cadence.after(start) == due


def test_dates_with_time_and_offset():
    when = parse_when("2026-11-03T14:30+02:00")
    assert isinstance(when, When)
    assert str(when) == "2026-11-03 14:30+0200"
    assert str(parse_when("2026-11-03 09:05")) == "2026-11-03 09:05"
    assert parse_when("2026-02-30") == "day is out of range for month"


def journal(write_journal, interviews):
    files = {"contacts/jane.md": "---\nname: Jane\n---\n"}
    for i, (date, status) in enumerate(interviews):
        extra = f"status: {status}\n" if status else ""
        files[f"interviews/{i}.md"] = f"---\ncontact: jane\ndate: {date}\n{extra}---\n"
    return load(write_journal(files)).journal


@pytest.mark.parametrize(
    "interviews, stage",
    [
        ([], "prospect"),
        ([("2026-11-01", "requested")], "asked"),
        ([("2026-11-01", "no-response")], "asked"),
        ([("2026-11-01", "requested"), ("2026-12-01", None)], "scheduled"),
        ([("2026-12-01", None), ("2026-10-01", None)], "met"),
    ],
)
def test_stage_is_derived_from_interviews(write_journal, interviews, stage):
    j = journal(write_journal, interviews)
    assert j.stage(j.contacts["jane"], D(2026, 11, 21)) == stage


def test_status_override_wins(write_journal):
    root = write_journal(
        {
            "contacts/jane.md": "---\nname: Jane\nstatus: dormant\n---\n",
            "interviews/a.md": "---\ncontact: jane\ndate: 2026-01-01\n---\n",
        }
    )
    j = load(root).journal
    assert j.stage(j.contacts["jane"], D(2026, 11, 21)) == "dormant"


def test_default_interview_status_depends_on_today(write_journal):
    j = journal(write_journal, [("2026-11-21", None)])
    [interview] = j.interviews.values()
    assert interview_status(interview, D(2026, 11, 21)) == "scheduled"
    assert interview_status(interview, D(2026, 11, 22)) == "done"


def test_interview_with_a_private_contact_is_private(write_journal):
    root = write_journal(
        {
            "contacts/jane.md": "---\nname: Jane\nprivate: true\n---\n",
            "contacts/sam.md": "---\nname: Sam\n---\n",
            "interviews/a.md": "---\ncontacts: [sam, jane]\ndate: 2026-01-01\n---\n",
            "interviews/b.md": "---\ncontact: sam\ndate: 2026-01-01\n---\n",
        }
    )
    j = load(root).journal
    assert j.is_private(j.interviews["a"])
    assert not j.is_private(j.interviews["b"])


def test_records_carry_every_field(write_journal):
    root = write_journal(
        {
            "contacts/jane.md": """\
            ---
            name: Jane Doe
            phone: 0123 456
            links:
              linkedin: https://www.linkedin.com/in/jane
            tags: "ux, #research"
            keep_in_touch: 3m
            created: 2026-01-02
            hobby: climbing
            ---
            Notes
            """,
            "companies/acme.md": "---\nname: Acme Ltd\n---\n",
            "contacts/sam.md": "---\nname: Sam\ncompany: acme ltd\n---\n",
        }
    )
    j = load(root).journal
    jane = j.contacts["jane"]
    assert jane.phone == "0123 456"
    assert jane.links == (("linkedin", "https://www.linkedin.com/in/jane"),)
    assert jane.tags == ("ux", "research")
    assert jane.keep_in_touch == Cadence(3, "m")
    assert jane.created == D(2026, 1, 2)
    assert jane.extra == (("hobby", "climbing"),)
    assert jane.body == "Notes\n"
    assert j.company_of(j.contacts["sam"]).id == "acme"


def test_whom_a_contact_introduced_has_one_home_used_by_show_and_the_site(write_journal, invoke):
    root = write_journal({
        "contacts/ana.md": "---\nname: Ana Lee\ncompany: acme\n---\n",
        "contacts/zoe.md": "---\nname: Zoe Park\nreferred_by: ana\n---\n",
        "contacts/bo.md": "---\nname: Bo Chen\nreferred_by: ana\n---\n",
        "companies/acme.md": "---\nname: Acme Learning\n---\n",
        "interviews/2026-01-05-ana.md": "---\ncontact: ana\ndate: 2026-01-05\n"
                                        "referrals: [Zoe Park, Cy Dunn]\n---\n",
    })  # fmt: skip
    journal = load(root).journal
    ana = journal.contacts["ana"]
    # by name, then the interviews' referrals; Zoe once, though named twice
    assert journal.introduced(ana) == [("bo", "Bo Chen"), ("zoe", "Zoe Park"), (None, "Cy Dunn")]
    assert journal.company_name(ana) == "Acme Learning"
    assert journal.company_name(journal.contacts["bo"]) == ""
    shown = invoke("-j", str(root), "show", "ana", "--today", "2026-02-01").stdout
    assert "\n  Introduced you to: Bo Chen (bo), Zoe Park (zoe), Cy Dunn\n" in shown
    assert "\n  Role:              Acme Learning\n" in shown


def test_names_are_compared_with_every_apostrophe_and_hyphen_as_the_plain_ones():
    from infoview.journal.folding import APOSTROPHES, HYPHENS, fold, plain

    others = "".join(c for c in APOSTROPHES + HYPHENS.replace("\\", "") if c not in "'-")
    assert len(others) == 15
    assert plain(f"é{others}é") == "é" + "'" * 7 + "-" * 8 + "é"
    assert plain("O`Brien") == "O`Brien"  # ASCII text is left as it is
    assert fold("Anne\u2011Marie O\u2019Neil") == "anne-marie o'neil"
