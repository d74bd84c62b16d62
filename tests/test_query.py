"""Every filter form, sorting, fields and formats; malformed filters are usage errors."""

from __future__ import annotations

import json

import pytest

TODAY = "2026-11-21"
FILES = {
    "infoview.toml": "",
    "contacts/jane-doe.md": "---\nname: Jane Doe\ntitle: UX Researcher\ncompany: acme\n"
    "source: referral\nreferred_by: sam-lee\ntags: [ux, research]\n---\nLoves diary studies.\n",
    "contacts/sam-lee.md": "---\nname: Sam Lee\ntitle: Data Analyst\nsource: alumni\n"
    "tags: [data]\ncreated: 2026-01-05\n---\nSQL and dashboards.\n",
    "contacts/kim-park.md": "---\nname: Kim Park\nsource: cold\nprivate: true\n---\n",
    "companies/acme.md": "---\nname: Acme Research\nindustry: Consulting\n---\n",
    "interviews/a.md": "---\ncontact: jane-doe\ndate: 2026-03-01\nmode: video\nduration: 30\n"
    "topic: Research ops\ntags: [ux]\n---\nWe talked about synthesis and portfolios.\n",
    "interviews/b.md": "---\ncontact: sam-lee\ndate: 2026-06-10 14:00\nmode: phone\nduration: 1h\n"
    "topic: Analytics at a charity\nthanked: 2026-06-11\n---\nDashboards nobody reads.\n",
    "interviews/c.md": "---\ncontact: jane-doe\ndate: 2026-12-01\nmode: video\n"
    "topic: Portfolio review\n---\n",
    "interviews/d.md": "---\ncontact: kim-park\ndate: 2026-10-01\nstatus: no-response\n"
    "mode: email\ntopic: Cold note, 100% unanswered_\n---\n",
}


@pytest.fixture
def root(write_journal):
    return write_journal(FILES)


@pytest.fixture
def q(root, invoke):
    def run(*args: str) -> list[str]:
        result = invoke("-j", str(root), "query", *args, "--today", TODAY, "--format", "json")
        assert result.exit_code == 0, result.output
        rows = json.loads(result.stdout)
        return [r.get("id") or r.get("text") for r in rows]

    return run


@pytest.mark.parametrize(
    "terms, ids",
    [
        (["mode:video"], ["c", "a"]),
        (["mode:video,phone"], ["c", "b", "a"]),
        (["-mode:video"], ["d", "b"]),
        (["topic:PORTFOLIO"], ["c"]),
        (["topic:100%"], ["d"]),
        (["topic:unanswered_"], ["d"]),
        (["topic:o_s"], []),
        (["status:done"], ["b", "a"]),
        (["status:scheduled"], ["c"]),
        (["status:no-response"], ["d"]),
        (["duration:>30"], ["b"]),
        (["duration:30"], ["a"]),
        (["duration:<=60", "-duration:30"], ["b"]),
        (["date:>2026-06-10"], ["c", "d"]),
        (["date:2026-06"], ["b"]),
        (["after:2026-06-10"], ["c", "d", "b"]),
        (["before:2026-06-10"], ["a"]),
        (["after:2026-01-01", "before:2027-01-01", "mode:video"], ["c", "a"]),
        (["thanked:*"], ["b"]),
        (["-thanked:*", "status:done"], ["a"]),
        (["tag:ux"], ["a"]),
        (["tag:UX,data"], ["a"]),
        (["contact:jane-doe"], ["c", "a"]),
        (["contact:sam"], ["b"]),
        (["company:acme"], ["c", "a"]),
        (["synthesis"], ["a"]),
        (["dashboards", "nobody"], ["b"]),
        (["portfol*"], ["c", "a"]),  # the topic is searched too
        (["-synthesis", "status:done"], ["b"]),
        (["private:true"], ["d"]),  # its person, kim-park, is private
    ],
)
def test_interview_filters(q, terms, ids):
    assert q("interviews", *terms) == ids


@pytest.mark.parametrize(
    "terms, ids",
    [
        ([], ["jane-doe", "kim-park", "sam-lee"]),
        (["stage:met"], ["jane-doe", "sam-lee"]),
        (["stage:asked"], ["kim-park"]),
        (["source:referral"], ["jane-doe"]),
        (["-source:referral"], ["kim-park", "sam-lee"]),
        (["title:research"], ["jane-doe"]),
        (["referred_by:sam-lee"], ["jane-doe"]),
        (["referred_by:sam"], []),
        (["interviews:>1"], ["jane-doe"]),
        (["created:*"], ["sam-lee"]),
        (["after:2026-01-01"], ["sam-lee"]),
        (["private:yes"], ["kim-park"]),
        (["dashboards"], ["sam-lee"]),
        (["tag:research"], ["jane-doe"]),
    ],
)
def test_contact_filters(q, terms, ids):
    assert q("contacts", *terms) == ids


def test_companies_count_their_contacts(root, invoke):
    result = invoke("-j", str(root), "query", "companies", "--format", "json")
    assert json.loads(result.stdout) == [
        {
            "id": "acme",
            "name": "Acme Research",
            "industry": "Consulting",
            "location": None,
            "contacts": 1,
        }
    ]


def test_sort_limit_and_fields(root, invoke):
    args = ["-j", str(root), "query", "interviews", "--sort", "duration", "--limit", "2",
            "--fields", "id,duration,contact", "--today", TODAY]  # fmt: skip
    result = invoke(*args)
    assert result.exit_code == 0
    assert result.stdout == (
        "id  duration  contact\n--  --------  --------\na   30        Jane Doe\nb   60        Sam Lee\n"
    )
    csv_out = invoke(*args, "--format", "csv").stdout
    assert csv_out == "id,duration,contact\na,30,Jane Doe\nb,60,Sam Lee\n"
    descending = invoke(*args[:-6], "--sort", "-date", "--fields", "id", "--format", "csv").stdout
    assert descending == "id\nc\nd\nb\na\n"


def test_default_kind_is_interviews(root, invoke):
    result = invoke("-j", str(root), "query", "mode:phone", "--fields", "id", "--format", "csv")
    assert result.stdout == "id\nb\n"


def test_followups_can_be_queried(root, invoke):
    result = invoke("-j", str(root), "query", "followups", "origin:thank-you", "--today", TODAY,
                    "--fields", "text,due,group,source", "--format", "json")  # fmt: skip
    assert json.loads(result.stdout) == [
        {"text": "Send a thank-you note to Jane Doe", "due": "2026-03-02", "group": "overdue",
         "source": "interviews/a.md:3"},
    ]  # fmt: skip


@pytest.mark.parametrize(
    "args, message",
    [
        (
            ["interviews", "moed:video"],
            "unknown field 'moed' for interviews (did you mean 'mode'?)",
        ),
        (
            ["interviews", "mode:zoom"],
            "unknown mode 'zoom' (one of: in-person, video, phone, email, chat, other)",
        ),
        (["interviews", "mode:vidoe"], "unknown mode 'vidoe' (did you mean 'video'?)"),
        (
            ["interviews", "date:>someday"],
            "'date:>someday' is not a date like 2026-11-03, today, -30d or +2w",
        ),
        (["interviews", "after:2026-02-30"], "'after:2026-02-30' is not a date like 2026-11-03"),
        (["interviews", "duration:>long"], "'duration:>long': duration is a number"),
        (["interviews", "topic:>3"], "'topic' is text; '>' works on numbers and dates only"),
        (["interviews", "mode:"], "'mode:' needs a value: mode:VALUE, or mode:* for any value"),
        (["companies", "after:2026-01-01"], "companies have no date; 'after:' cannot be used"),
        (["interviews", "--sort", "when"], "unknown field 'when' for interviews"),
        (["interviews", "--fields", "id,nme"], "unknown field 'nme' for interviews"),
        (["interviews", "private:maybe"], "'private:maybe': private is true or false"),
    ],
)
def test_malformed_filters_are_usage_errors(root, invoke, args, message):
    result = invoke("-j", str(root), "query", *args)
    assert result.exit_code == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr


def test_values_are_parameters_not_sql(root, invoke):
    for hostile in [
        "topic:' OR 1=1 --",
        'topic:") OR 1=1 --',
        "x' OR '1'='1",
        '"unbalanced',
        "AND OR NOT",
    ]:
        result = invoke("-j", str(root), "query", "interviews", hostile, "--format", "csv")
        assert result.exit_code == 0, (hostile, result.output)
        assert result.stdout.splitlines()[1:] == []


def test_negated_filters_are_not_taken_for_options(root, invoke):
    result = invoke("-j", str(root), "query", "interviews", "-thanked:*", "--sort", "-date",
                    "-j", str(root), "-hello", "--fields", "id", "--format", "csv")  # fmt: skip
    assert result.exit_code == 0, result.output
    assert result.stdout == "id\nc\nd\na\n"


def test_private_records_are_included_in_the_owners_view(q):
    assert "d" in q("interviews")


def test_an_interview_with_a_private_person_is_private(q, root):
    # d's file says nothing of it; its person, kim-park, is private
    assert q("interviews", "-private:true") == ["c", "b", "a"]
    (root / "companies/acme.md").write_text("---\nname: Acme Research\nprivate: true\n---\n")
    assert q("companies", "private:true") == ["acme"]


@pytest.mark.parametrize("terms, ids", [
    (["date:2026-06-01..2026-10-01"], ["b", "d"]),  # both ends included, times too
    (["date:2026-06-10.."], ["b", "d", "c"]),
    (["date:..2026-06-10"], ["a", "b"]),
    (["date:-60d..today"], ["d"]),  # 2026-09-22 to 2026-11-21
    (["date:..-1y"], []),
    (["after:-6m", "before:+2w"], ["b", "d", "c"]),  # 2026-05-21 to 2026-12-04
    (["date:+10d"], ["c"]),  # 2026-12-01 exactly
    (["date:today.."], ["c"]),
])  # fmt: skip
def test_date_ranges_and_relative_dates_need_no_shell_quoting(q, terms, ids):
    assert q("interviews", *terms, "--sort", "date") == ids


def test_a_range_with_no_end_is_a_usage_error(root, invoke):
    result = invoke("-j", str(root), "query", "interviews", "date:..", "--today", TODAY)
    assert result.exit_code == 2
    assert "'date:..': give a date on one side of '..' at least" in result.stderr


def test_query_says_when_files_were_left_out_for_errors(write_journal, invoke):
    root = write_journal({**FILES, "contacts/broken.md": "---\nname: [unclosed\n---\n"})
    result = invoke("-j", str(root), "query", "contacts", "name:nobody", "--today", TODAY)
    assert result.exit_code == 0
    assert result.stdout == "(no results)\n"
    assert result.stderr == "infoview: the journal has 1 error; run 'infoview validate' to see them\n"


def test_every_date_option_takes_relative_days(root, invoke):
    import datetime as dt

    today = dt.date.today()
    rows = json.loads(
        invoke("-j", str(root), "followups", "--today", "-1y", "--format", "json", "--all").stdout
    )
    assert isinstance(rows, list)
    made = invoke("-j", str(root), "new", "interview", "sam", "--date", "tomorrow 09:30")
    assert made.exit_code == 0, made.output
    tomorrow = today + dt.timedelta(days=1)
    path = root / f"interviews/{tomorrow.isoformat()}-sam-lee.md"
    assert f"date: {tomorrow.isoformat()} 09:30\n" in path.read_text()
    bad = invoke("-j", str(root), "followups", "--today", "someday")
    assert bad.exit_code == 2
    assert "'someday' is not a date like 2026-11-03, today, -30d or +2w" in bad.stderr
