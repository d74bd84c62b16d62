from __future__ import annotations

import hashlib
import json
import os
import time

import pytest

from infoview.index.store import index_path

from .conftest import SAMPLE

TODAY = "2026-11-21"


def test_sql_reads(invoke):
    result = invoke("-j", str(SAMPLE), "sql",
                    "SELECT source, count(*) AS n FROM contacts GROUP BY source ORDER BY n DESC, source LIMIT 2",
                    "--format", "csv")  # fmt: skip
    assert result.exit_code == 0
    assert result.stdout == "source,n\nreferral,6\nalumni,2\n"


def test_sql_views_depend_on_today(invoke):
    query = "SELECT count(*) AS n FROM v_interviews WHERE state = 'scheduled'"
    now = invoke("-j", str(SAMPLE), "sql", query, "--today", TODAY, "--format", "json")
    later = invoke("-j", str(SAMPLE), "sql", query, "--today", "2027-01-01", "--format", "json")
    assert json.loads(now.stdout) == [{"n": 2}]
    # Only the interview marked `status: scheduled` stays scheduled once its date is past.
    assert json.loads(later.stdout) == [{"n": 1}]
    stages = invoke("-j", str(SAMPLE), "sql", "SELECT id FROM v_contacts WHERE stage = 'prospect' ORDER BY id",
                    "--today", TODAY, "--format", "csv")  # fmt: skip
    assert stages.stdout == "id\nines-ortega\nkofi-mensah\n"


@pytest.mark.parametrize(
    "statement",
    [
        "DELETE FROM contacts",
        "UPDATE contacts SET name = 'x'",
        "INSERT INTO tags VALUES ('a', 'b', 'c', 'd')",
        "DROP TABLE contacts",
        "CREATE TABLE mine (a)",
        "PRAGMA user_version = 5",
        "ATTACH DATABASE 'made.db' AS x",
        "VACUUM INTO 'made.db'",
        "PRAGMA journal_mode = DELETE",
    ],
)
def test_sql_cannot_write(write_journal, invoke, statement, monkeypatch):
    root = write_journal({"contacts/jane.md": "---\nname: Jane\n---\n"})
    # (saved long before: the look sql makes first has nothing to hash again, and writes nothing)
    an_hour_ago = (root / "contacts/jane.md").stat().st_mtime_ns - 3600 * 10**9
    os.utime(root / "contacts/jane.md", ns=(an_hour_ago, an_hour_ago))
    monkeypatch.chdir(root)
    invoke("-j", str(root), "index")
    before = hashlib.sha256(index_path(root).read_bytes()).hexdigest()
    files = sorted(p for p in root.rglob("*") if ".infoview" not in p.parts)
    result = invoke("-j", str(root), "sql", statement)
    assert result.exit_code == 1
    assert result.stderr == (
        "Error: SQL error: sql only reads the index: it cannot change it, attach or write files, "
        "or change settings\n"
    )
    assert hashlib.sha256(index_path(root).read_bytes()).hexdigest() == before
    assert sorted(p for p in root.rglob("*") if ".infoview" not in p.parts) == files  # no file made
    assert not (root / "made.db").exists()


def test_sql_may_describe_the_tables(invoke):
    result = invoke("-j", str(SAMPLE), "sql", "PRAGMA table_info(tags)", "--format", "csv")
    assert result.exit_code == 0
    assert [line.split(",")[1] for line in result.stdout.splitlines()[1:]] == ["path", "kind", "id", "tag"]


def test_sql_searches_the_full_text_table_the_readme_documents(invoke):
    statement = ("SELECT f.path FROM search JOIN files f ON f.rowid = search.rowid "
                 "WHERE search MATCH 'portfolio' ORDER BY f.path")  # fmt: skip
    result = invoke("-j", str(SAMPLE), "sql", statement, "--format", "csv")
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout.splitlines() == [
        "path", "contacts/kofi-mensah.md",
        "interviews/2025/2025-12-06-marcus-webb.md", "interviews/2026/2026-03-12-marcus-webb.md",
        "interviews/2026/2026-08-05-marcus-webb.md", "interviews/2026/2026-10-29-dana-okafor.md",
    ]  # fmt: skip
    counted = invoke("-j", str(SAMPLE), "sql", "SELECT count(*) = (SELECT count(*) FROM files) FROM search")
    assert counted.stdout.splitlines()[-1] == "1"


def test_sql_stops_after_its_time_limit(write_journal, invoke):
    root = write_journal(
        {"infoview.toml": "[sql]\ntimeout = 1\n", "contacts/jane.md": "---\nname: Jane\n---\n"}
    )
    forever = "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n) SELECT count(*) FROM n"
    one_long_call = ("SELECT instr(replace(hex(zeroblob(2000000)), '0', 'a'), "
                     "replace(hex(zeroblob(400000)), '0', 'a') || 'b')")  # fmt: skip
    for statement in (forever, one_long_call):
        start = time.monotonic()
        result = invoke("-j", str(root), "sql", statement)
        assert result.exit_code == 1
        assert result.stderr == (
            "Error: SQL error: the query ran for more than 1 seconds and was stopped "
            "(the limit is [sql] timeout in infoview.toml)\n"
        )
        assert time.monotonic() - start < 10


def test_sql_syntax_error_is_reported(invoke):
    result = invoke("-j", str(SAMPLE), "sql", "SELEC 1")
    assert result.exit_code == 1
    assert result.stderr == 'Error: SQL error: near "SELEC": syntax error\n'


def test_show_contact(invoke):
    result = invoke("-j", str(SAMPLE), "show", "dana-okafor", "--today", TODAY)
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[:3] == ["Dana Okafor (she/her)", "=====================",
                         "  File:              contacts/dana-okafor.md"]  # fmt: skip
    assert "  Stage:             met" in lines
    assert "  Role:              Senior UX Researcher at Northwind Health" in lines
    assert "  Introduced by:     Marcus Webb (marcus-webb)" in lines
    assert "  Introduced you to: Li Wei Chen (li-wei-chen)" in lines
    conversations = lines[lines.index("Conversations") + 1 : lines.index("Open follow-ups") - 1]
    assert [line.split()[0] for line in conversations] == [
        "2026-01-14", "2026-05-21", "2026-08-19", "2026-10-29",
    ]  # fmt: skip
    follow = lines[lines.index("Open follow-ups") + 1 : lines.index("Notes") - 1]
    assert follow == [
        "  2026-10-30  Send a thank-you note to Dana Okafor",
        "  2026-11-19  Ask Dana whether Northwind's research coordinator role is still open",
    ]


def test_show_interview_and_company(invoke):
    interview = invoke("-j", str(SAMPLE), "show", "2026-08-19-li-wei-chen", "--today", TODAY)
    assert interview.stdout.splitlines()[0] == (
        "2026-08-19 13:00 — Li Wei Chen (li-wei-chen), Dana Okafor (dana-okafor)"
    )
    assert "  Topic:             Mock research plan review" in interview.stdout
    company = invoke("-j", str(SAMPLE), "show", "brightpath")
    assert (
        "People\n"
        "  James Porter (james-porter), Senior Data Scientist\n"
        "  Kofi Mensah (kofi-mensah), Head of Digital Learning\n"
        "  Yuki Tanaka (yuki-tanaka), UX Researcher\n"
    ) in company.stdout


def test_show_unknown_id_suggests(invoke):
    result = invoke("-j", str(SAMPLE), "show", "dana-okafr")
    assert result.exit_code == 2
    assert "no record called 'dana-okafr' (did you mean 'dana-okafor', Dana Okafor?)" in result.stderr


def test_a_meeting_not_yet_held_is_an_answer(write_journal, invoke):
    root = write_journal({
        "contacts/a.md": "---\nname: A\n---\n",
        "contacts/b.md": "---\nname: B\n---\n",
        "interviews/1.md": "---\ncontact: a\ndate: 2026-12-10\n---\n",  # scheduled
        "interviews/2.md": "---\ncontact: b\ndate: 2026-11-01\nstatus: requested\n---\n",
    })  # fmt: skip
    data = json.loads(invoke("-j", str(root), "stats", "--today", TODAY, "--format", "json").stdout)
    assert data["response_rate"] == 0.5


def test_stats(write_journal, invoke):
    root = write_journal({
        "contacts/a.md": "---\nname: A\nsource: friend\n---\n",
        "contacts/b.md": "---\nname: B\nsource: cold\n---\n",
        "contacts/c.md": "---\nname: C\nsource: cold\nreferred_by: a\n---\n",
        "contacts/d.md": "---\nname: D\nsource: cold\n---\n",
        "interviews/1.md": "---\ncontact: a\ndate: 2026-10-01\nmode: video\nreferrals: [c]\n---\n",
        "interviews/2.md": "---\ncontact: b\ndate: 2026-10-05\nstatus: no-response\nmode: email\n---\n",
        "interviews/3.md": "---\ncontact: c\ndate: 2026-11-02\nmode: phone\n---\n",
        "interviews/4.md": "---\ncontact: c\ndate: 2026-12-02\nmode: phone\n---\n",
    })  # fmt: skip
    result = invoke("-j", str(root), "stats", "--today", TODAY, "--format", "json")
    data = json.loads(result.stdout)
    assert data["funnel"] == {"contacts": 4, "asked": 3, "met": 2, "introduced someone": 1}
    assert data["response_rate"] == 0.667
    assert data["per_month"] == [
        {"month": "2026-10", "done": 1, "all": 2},
        {"month": "2026-11", "done": 1, "all": 1},
        {"month": "2026-12", "done": 0, "all": 1},
    ]
    assert data["by_source"] == [
        {"source": "cold", "contacts": 3, "asked": 2, "met": 1},
        {"source": "friend", "contacts": 1, "asked": 1, "met": 1},
    ]
    assert data["by_mode"] == {"phone": 1, "video": 1}
    assert data["totals"]["interviews_no_response"] == 1
    text = invoke("-j", str(root), "stats", "--today", TODAY).stdout
    assert "Outreach funnel (response rate: 67% of the people asked have answered)" in text
    assert "\ninterviews no response  1\n" in text  # labels for people, not keys
    csv_out = invoke("-j", str(root), "stats", "--today", TODAY, "--format", "csv").stdout
    assert "funnel,met,2\n" in csv_out


def test_commands_warn_when_the_journal_has_errors(write_journal, invoke):
    root = write_journal({"contacts/a.md": "---\nname: A\nsource: nope\n---\n"})
    result = invoke("-j", str(root), "stats", "--format", "json")
    assert result.exit_code == 0
    assert result.stderr == "infoview: the journal has 1 error; run 'infoview validate' to see them\n"


def test_show_tells_kinds_apart_and_lists_only_a_records_own_follow_ups(write_journal, invoke):
    root = write_journal({
        "contacts/acme.md": "---\nname: Acme Person\n---\n- [ ] Call the person due:2026-12-01\n",
        "companies/acme.md": "---\nname: Acme Ltd\n---\n- [ ] Read the company's report due:2026-12-02\n",
    })  # fmt: skip
    person = invoke("-j", str(root), "show", "acme", "--today", TODAY).stdout
    company = invoke("-j", str(root), "show", "company:acme", "--today", TODAY).stdout
    assert person.startswith("Acme Person\n") and company.startswith("Acme Ltd\n")
    assert "Call the person" in person and "Read the company's report" not in person
    assert "Read the company's report" in company and "Call the person" not in company
    assert invoke("-j", str(root), "show", "contact:acme", "--today", TODAY).stdout == person


@pytest.mark.parametrize("which", ["sample", "generated"])
@pytest.mark.parametrize("today", ["2026-11-21", "2025-06-01", "2027-03-01"])
def test_sql_and_python_agree_on_every_stage_and_state(tmp_path, invoke, which, today):
    import datetime as dt
    import subprocess
    import sys

    from infoview.journal.model import interview_status
    from infoview.load.journal import load

    from .conftest import REPO

    root = SAMPLE
    if which == "generated":
        root = tmp_path / "journal"
        subprocess.run([sys.executable, str(REPO / "benchmarks/generate.py"), "300", str(root), "--seed", "11"],
                       check=True, capture_output=True)  # fmt: skip
    day = dt.date.fromisoformat(today)
    journal = load(root).journal

    def sql(statement: str) -> dict[str, str]:
        out = invoke("-j", str(root), "sql", statement, "--today", today, "--format", "json").stdout
        return {row["id"]: row["v"] for row in json.loads(out)}

    assert sql("SELECT id, stage AS v FROM v_contacts") == {
        c.id: journal.stage(c, day) for c in journal.contacts.values()
    }
    found = invoke("-j", str(root), "query", "interviews", "--fields", "id,private", "--today", today,
                   "--format", "json").stdout  # fmt: skip
    assert {row["id"]: row["private"] for row in json.loads(found)} == {
        i.id: journal.is_private(i) for i in journal.interviews.values()
    }
    assert sql("SELECT id, state AS v FROM v_interviews") == {
        i.id: interview_status(i, day) for i in journal.interviews.values()
    }


def test_show_on_an_interview_lists_its_own_follow_ups_only(write_journal, invoke):
    root = write_journal({
        "contacts/ann.md": "---\nname: Ann Lee\n---\n",
        "interviews/one.md": "---\ncontact: ann\ndate: 2026-11-01\nthanked: true\n---\n- [ ] First talk's task\n",
        "interviews/two.md": "---\ncontact: ann\ndate: 2026-11-10\nthanked: true\n---\n- [ ] Second talk's task\n",
    })  # fmt: skip
    talk = invoke("-j", str(root), "show", "two", "--today", TODAY).stdout
    assert "Second talk's task" in talk and "First talk's task" not in talk
    person = invoke("-j", str(root), "show", "ann", "--today", TODAY).stdout
    assert "Second talk's task" in person and "First talk's task" in person


def test_show_as_json(invoke):
    data = json.loads(invoke("-j", str(SAMPLE), "show", "Dana", "--format", "json", "--today", TODAY).stdout)
    assert (data["kind"], data["id"], data["stage"], data["company_name"]) == (
        "contact",
        "dana-okafor",
        "met",
        "Northwind Health",
    )
    assert data["links"] == {"linkedin": "https://www.linkedin.com/in/dana-okafor-example"}
    assert data["introduced"] == [{"id": "li-wei-chen", "name": "Li Wei Chen"}]
    assert data["interviews"][0] == "2026-01-14-dana-okafor"
    assert {f["origin"] for f in data["follow_ups"]} >= {"thank-you"}
    assert all(len(f["ref"]) == 6 for f in data["follow_ups"])
    talk = json.loads(invoke("-j", str(SAMPLE), "show", "2026-10-29-dana-okafor", "--format", "json",
                             "--today", TODAY).stdout)  # fmt: skip
    assert (talk["kind"], talk["state"], talk["contacts"]) == ("interview", "done", ["dana-okafor"])


def test_show_says_an_interview_is_private_when_its_person_is(write_journal, invoke):
    root = write_journal({
        "contacts/kim.md": "---\nname: Kim Park\nprivate: true\n---\n",
        "contacts/sam.md": "---\nname: Sam Lee\n---\n",
        "interviews/k.md": "---\ncontact: kim\ndate: 2026-10-01\n---\n",
        "interviews/s.md": "---\ncontact: sam\ndate: 2026-10-01\nprivate: true\n---\n",
        "interviews/p.md": "---\ncontact: sam\ndate: 2026-10-02\n---\n",
    })  # fmt: skip
    private = [line for name in ("k", "s", "p")
               for line in invoke("-j", str(root), "show", name, "--today", TODAY).stdout.splitlines()
               if "Private" in line]  # fmt: skip
    assert private == ["  Private:           yes (a person in it is private)", "  Private:           yes"]
