"""One case per check: the exact (path, line, column, code) it reports."""

from __future__ import annotations

import json

import pytest

from infoview.load.journal import load

CONTACT = "---\nname: Jane Doe\n---\n"
JANE = {"contacts/jane-doe.md": CONTACT}

CASES = {
    "not utf-8": (
        {"contacts/a.md": b"---\nname: Caf\xe9\n---\n"},
        [("contacts/a.md", 2, 10, "E001")],
    ),
    "missing front matter": (
        {"contacts/a.md": "name: A\n"},
        [("contacts/a.md", 1, 1, "E002")],
    ),
    "unterminated front matter": (
        {"contacts/a.md": "---\nname: A\n\nNotes\n"},
        [("contacts/a.md", 1, 1, "E003")],
    ),
    "yaml syntax error": (
        {"contacts/a.md": "---\nname: A\ntitle: [Lead\n---\n"},
        [("contacts/a.md", 3, 8, "E004")],  # where the '[' that is never closed opens
    ),
    "yaml bad indentation": (
        {"contacts/a.md": "---\nname: A\n  title: B\n---\n"},
        [("contacts/a.md", 3, 8, "E004")],
    ),
    "front matter is a list": (
        {"contacts/a.md": "---\n- name\n- A\n---\n"},
        [("contacts/a.md", 2, 1, "E005")],
    ),
    "front matter is a scalar": (
        {"contacts/a.md": "---\njust text\n---\n"},
        [("contacts/a.md", 2, 1, "E005")],
    ),
    "missing name": (
        {"contacts/a.md": "---\ntitle: Lead\n---\n"},
        [("contacts/a.md", 1, 1, "E006")],
    ),
    "missing interview date": (
        {**JANE, "interviews/i.md": "---\ncontact: jane-doe\n---\n"},
        [("interviews/i.md", 1, 1, "E006")],
    ),
    "missing interview contact": (
        {"interviews/i.md": "---\ndate: 2026-11-03\n---\n"},
        [("interviews/i.md", 1, 1, "E006")],
    ),
    "missing company name": (
        {"companies/acme.md": "---\nwebsite: https://acme.example\n---\n"},
        [("companies/acme.md", 1, 1, "E006")],
    ),
    "unknown contact in interview": (
        {**JANE, "interviews/i.md": "---\ncontact: jane-do\ndate: 2026-11-03\n---\n"},
        [("interviews/i.md", 2, 10, "E007")],
    ),
    "unknown contact in a contacts list": (
        {**JANE, "interviews/i.md": "---\ncontacts: [jane-doe, bob]\ndate: 2026-11-03\n---\n"},
        [("interviews/i.md", 2, 22, "E007")],
    ),
    "unknown referred_by": (
        {
            "contacts/john-smith.md": "---\nname: John Smith\n---\n",
            "contacts/jane-doe.md": "---\nname: Jane\n\n\nreferred_by: jon-smith\n---\n",
        },
        [("contacts/jane-doe.md", 5, 14, "E007")],
    ),
    "wrong type: list for text": (
        {"contacts/a.md": "---\nname: A\ntitle: [a, b]\n---\n"},
        [("contacts/a.md", 3, 8, "E008")],
    ),
    "wrong type: text for bool": (
        {"contacts/a.md": "---\nname: A\nprivate: maybe\n---\n"},
        [("contacts/a.md", 3, 10, "E008")],
    ),
    "wrong type: list for links": (
        {"contacts/a.md": "---\nname: A\nlinks: [https://x.example]\n---\n"},
        [("contacts/a.md", 3, 8, "E008")],
    ),
    "unknown source": (
        {"contacts/a.md": "---\nname: A\nsource: frend\n---\n"},
        [("contacts/a.md", 3, 9, "E009")],
    ),
    "unknown mode": (
        {**JANE, "interviews/i.md": "---\ncontact: jane-doe\ndate: 2026-11-03\nmode: zoom\n---\n"},
        [("interviews/i.md", 4, 7, "E009")],
    ),
    "unknown interview status": (
        {
            **JANE,
            "interviews/i.md": "---\ncontact: jane-doe\ndate: 2026-11-03\nstatus: ghosted\n---\n",
        },
        [("interviews/i.md", 4, 9, "E009")],
    ),
    "invalid date": (
        {**JANE, "interviews/i.md": "---\ncontact: jane-doe\ndate: 2026-02-30\n---\n"},
        [("interviews/i.md", 3, 7, "E010")],
    ),
    "invalid date format": (
        {"contacts/a.md": "---\nname: A\ncreated: 3rd of May\n---\n"},
        [("contacts/a.md", 3, 10, "E010")],
    ),
    "invalid time": (
        {**JANE, "interviews/i.md": "---\ncontact: jane-doe\ndate: 2026-11-03 25:00\n---\n"},
        [("interviews/i.md", 3, 7, "E010")],
    ),
    "invalid follow-up due date": (
        {
            **JANE,
            "interviews/i.md": "---\ncontact: jane-doe\ndate: 2026-11-03\nfollow_ups:\n"
            "  - do: Thank\n    due: 2026-13-01\n---\n",
        },
        [("interviews/i.md", 6, 10, "E010")],
    ),
    "duplicate id": (
        {"contacts/jane-doe.md": CONTACT, "contacts/old/jane-doe.md": CONTACT},
        [("contacts/old/jane-doe.md", 1, 1, "E011")],
    ),
    "follow-up without text": (
        {
            **JANE,
            "interviews/i.md": "---\ncontact: jane-doe\ndate: 2026-11-03\nfollow_ups:\n"
            "  - do: Thank them\n  - due: 2026-11-05\n  -\n---\n",
        },
        [("interviews/i.md", 6, 5, "E012"), ("interviews/i.md", 7, 4, "E012")],
    ),
    "duplicate key": (
        {"contacts/a.md": "---\nname: A\ntitle: B\nname: C\n---\n"},
        [("contacts/a.md", 4, 1, "E013")],
    ),
    "yaml tag": (
        {"contacts/a.md": "---\nname: A\ntitle: !!python/name:os.system\n---\n"},
        [("contacts/a.md", 3, 8, "E014")],
    ),
    "invalid duration": (
        {
            **JANE,
            "interviews/i.md": "---\ncontact: jane-doe\ndate: 2026-11-03\nduration: a while\n---\n",
        },
        [("interviews/i.md", 4, 11, "E015")],
    ),
    "invalid cadence": (
        {"contacts/a.md": "---\nname: A\nkeep_in_touch: monthly\n---\n"},
        [("contacts/a.md", 3, 16, "E015")],
    ),
    "binary file": (
        {"contacts/a.md": b"---\nname: A\x00\n---\n"},
        [("contacts/a.md", 2, 8, "E016")],
    ),
    "unknown field": (
        {"contacts/a.md": "---\nname: A\ncompnay: Acme\n---\n"},
        [("contacts/a.md", 3, 1, "W001")],
    ),
    "unknown follow-up field": (
        {
            **JANE,
            "interviews/i.md": "---\ncontact: jane-doe\ndate: 2026-11-03\nfollow_ups:\n"
            "  - do: Thank\n    deu: 2026-11-04\n---\n",
        },
        [("interviews/i.md", 6, 5, "W001")],
    ),
    "referral that looks like an unknown id": (
        {
            **JANE,
            "interviews/i.md": "---\ncontact: jane-doe\ndate: 2026-11-03\n"
            "referrals: [jane-do, Sam Lee]\n---\n",
        },
        [("interviews/i.md", 4, 13, "W002")],
    ),
    "e-mail without @": (
        {"contacts/a.md": "---\nname: A\nemail: a.example.com\n---\n"},
        [("contacts/a.md", 3, 8, "W003")],
    ),
    "config: invalid toml": (
        {"infoview.toml": "[site]\ntitle = \n"},
        [("infoview.toml", 2, 9, "E017")],
    ),
    "config: unknown setting": (
        {"infoview.toml": "[site]\ntitel = 'x'\n"},
        [("infoview.toml", 2, 1, "W001")],
    ),
}


@pytest.mark.parametrize("files, expected", CASES.values(), ids=CASES.keys())
def test_each_check_points_at_the_exact_place(write_journal, files, expected):
    result = load(write_journal(files))
    got = [(d.span.path, d.span.line, d.span.col, d.code) for d in result.diagnostics]
    assert got == expected


def test_messages_say_what_to_do(write_journal):
    root = write_journal(
        {
            "contacts/john-smith.md": "---\nname: John Smith\n---\n",
            "contacts/jane-doe.md": "---\nname: Jane\nreferred_by: jon-smith\nsource: frend\n"
            "compnay: Acme\n---\n",
        }
    )
    messages = [d.message for d in load(root).diagnostics]
    assert messages == [
        "unknown contact 'jon-smith' in referred_by (did you mean 'john-smith'?)",
        "unknown source 'frend' (did you mean 'friend'?)",
        "unknown field 'compnay' (did you mean 'company'?); it is kept and shown as is",
    ]


def test_validate_prints_sorted_diagnostics_and_a_summary(write_journal, invoke):
    root = write_journal(
        {
            "contacts/john-smith.md": "---\nname: John Smith\n---\n",
            "contacts/b.md": "---\nname: B\nreferred_by: jon-smith\n---\n",
            "contacts/a.md": "---\nname: A\ncompnay: x\n---\n",
        }
    )
    result = invoke("-j", str(root), "validate")
    assert result.exit_code == 1
    assert result.stdout == (
        "contacts/a.md:3:1: warning: unknown field 'compnay' (did you mean 'company'?); "
        "it is kept and shown as is [W001]\n"
        "contacts/b.md:3:14: error: unknown contact 'jon-smith' in referred_by "
        "(did you mean 'john-smith'?) [E007]\n"
        "1 error, 1 warning in 3 files\n"
    )


def test_validate_json_has_the_same_diagnostics(write_journal, invoke):
    root = write_journal({"contacts/a.md": "---\nname: A\nsource: frend\n---\n"})
    result = invoke("validate", "--journal", str(root), "--format", "json")
    assert result.exit_code == 1
    assert json.loads(result.stdout) == {
        "diagnostics": [
            {
                "path": "contacts/a.md",
                "line": 3,
                "column": 9,
                "severity": "error",
                "code": "E009",
                "message": "unknown source 'frend' (did you mean 'friend'?)",
            }
        ],
        "summary": {"errors": 1, "warnings": 0, "files": 1},
    }


def test_warnings_fail_only_with_strict(write_journal, invoke):
    root = write_journal({"contacts/a.md": "---\nname: A\nnickname: Al\n---\n"})
    assert invoke("-j", str(root), "validate").exit_code == 0
    assert invoke("-j", str(root), "validate", "--strict").exit_code == 1


def test_usage_errors_exit_2(write_journal, invoke, tmp_path):
    assert invoke("-j", str(tmp_path / "missing"), "validate").exit_code == 2
    assert invoke("validate", "--format", "xml").exit_code == 2


def test_positions_count_the_front_matter_offset_with_crlf_and_bom(write_journal):
    root = write_journal({"contacts/a.md": "\ufeff---\r\nname: A\r\nsource: nope\r\n---\r\n".encode()})
    [diag] = load(root).diagnostics
    assert (diag.span.line, diag.span.col, diag.code) == (3, 9, "E009")


def test_settings_are_named_in_full_at_their_own_line(write_journal, invoke):
    root = write_journal({
        "infoview.toml": '[site]\ntitle = "x"\n[rules.thank_you]\ndays = 1\n[rules.nudge]\ndays = "seven"\n'
                         "enabeld = true\n[sql]\ntimeout = 0\n[rules]\nintroduction = { days = -1 }\n",
    })  # fmt: skip
    assert invoke("-j", str(root), "validate").stdout.splitlines() == [
        "infoview.toml:6:1: error: 'rules.nudge.days' should be a whole number [E017]",
        "infoview.toml:7:1: warning: unknown setting 'rules.nudge.enabeld' (did you mean 'enabled'?) [W001]",
        "infoview.toml:9:1: error: 'sql.timeout' should be from 1 to 3600 [E017]",
        "infoview.toml:11:1: error: 'rules.introduction.days' should be from 0 to 36500 [E017]",
        "3 errors, 1 warning in 0 files",
    ]


@pytest.mark.parametrize("text, line, col, message", [
    ("---\ncontact: ann-lee\n\tdate: 2026-11-03\n---\n", 3, 1,
     "a tab character indents this line; front matter is indented with spaces only: replace the tab with spaces"),
    ("---\ncontact: ann-lee\ntags:\n  - a\n \t- b\ndate: 2026-11-03\n---\n", 5, 2,
     "a tab character indents this line; front matter is indented with spaces only: replace the tab with spaces"),
    ("---\ncontact: ann-lee\ndate: 2026-11-03\ntopic: Second chat: PM loops\n---\n", 4, 19,
     'a colon followed by a space cannot stand inside a value as written; put the value in quotes: '
     'topic: "Second chat: PM loops"'),
    ('---\ncontact: ann-lee\ndate: 2026-11-03\nfollow_ups:\n  - do: Ask: "why?"\n---\n', 5, 12,
     'a colon followed by a space cannot stand inside a value as written; put the value in quotes: '
     '- do: "Ask: \\"why?\\""'),
])  # fmt: skip
def test_yaml_mistakes_are_said_so_anyone_can_mend_them(write_journal, invoke, text, line, col, message):
    root = write_journal({"contacts/ann-lee.md": "---\nname: Ann Lee\n---\n", "interviews/i.md": text})
    result = invoke("-j", str(root), "validate", "--format", "json")
    found = json.loads(result.stdout)["diagnostics"]
    assert [(d["path"], d["line"], d["column"], d["code"], d["message"]) for d in found] == [
        ("interviews/i.md", line, col, "E004", message)
    ]


@pytest.mark.parametrize("text, line, col, message", [
    ("---\ncontact: ann-lee\ntags: [ux, research\ndate: 2026-11-03\n---\n", 3, 7,
     "the '[' here is not closed: end the value with ']' on this line, or write it without"),
    ('---\ncontact: ann-lee\ntopic: "Chat about PMs\ndate: 2026-11-03\n---\n', 3, 8,
     "the quote here is not closed: end the value with the same quote on this line, or write it without"),
])  # fmt: skip
def test_an_unclosed_bracket_or_quote_is_shown_where_it_opens(
    write_journal, invoke, text, line, col, message
):
    root = write_journal({"contacts/ann-lee.md": "---\nname: Ann Lee\n---\n", "interviews/i.md": text})
    found = json.loads(invoke("-j", str(root), "validate", "--format", "json").stdout)["diagnostics"]
    assert [(d["path"], d["line"], d["column"], d["code"], d["message"]) for d in found] == [
        ("interviews/i.md", line, col, "E004", message)
    ]


def test_a_reference_to_a_broken_file_or_by_name_says_so(write_journal, invoke):
    root = write_journal({
        "contacts/ann-lee.md": "---\nname: Ann Lee\n---\n",
        "contacts/bo-kim.md": "---\nname: Bo Kim\nsource: nope: really\n---\n",
        "interviews/a.md": "---\ncontact: bo-kim\ndate: 2026-11-03\n---\n",
        "interviews/b.md": "---\ncontact: Ann Lee\ndate: 2026-11-04\n---\n",
    })  # fmt: skip
    found = json.loads(invoke("-j", str(root), "validate", "--format", "json").stdout)["diagnostics"]
    assert [(d["path"], d["line"], d["column"], d["code"], d["message"]) for d in found] == [
        ("contacts/bo-kim.md", 3, 13, "E004", 'a colon followed by a space cannot stand inside a value as '
         'written; put the value in quotes: source: "nope: really"'),
        ("interviews/a.md", 2, 10, "E007", "contact 'bo-kim' in contact is contacts/bo-kim.md, which has errors "
         "and is left out until it is mended (infoview validate shows them)"),
        ("interviews/b.md", 2, 10, "E007", "'Ann Lee' in contact is a name; write the contact's id: contact: ann-lee"),
    ]  # fmt: skip


def test_an_interview_with_a_contact_whose_file_has_errors_is_warned_of(write_journal, invoke):
    root = write_journal({
        "contacts/ann.md": "---\nname: Ann\nemail: false\n---\n",
        "interviews/i1.md": "---\ncontact: ann\ndate: 2024-01-01\n---\nNotes.\n",
    })  # fmt: skip
    found = json.loads(invoke("-j", str(root), "validate", "--format", "json").stdout)["diagnostics"]
    assert [(d["path"], d["line"], d["column"], d["code"], d["message"]) for d in found] == [
        ("contacts/ann.md", 3, 8, "E008", "'email' should be text, not true/false"),
        ("interviews/i1.md", 2, 10, "W008", "contact 'ann' is contacts/ann.md, which has errors: the site leaves "
         "this interview out with it until that file is mended"),
    ]  # fmt: skip


def test_validate_answers_from_what_the_index_kept_until_a_file_or_a_setting_changes(write_journal, invoke):
    import sqlite3

    from infoview.index.store import index_path

    root = write_journal({"contacts/ann.md": "---\nname: Ann Lee\nemail: nowhere\n---\n"})
    first = invoke("-j", str(root), "validate")
    assert first.stdout.endswith("0 errors, 1 warning in 1 file\n")
    conn = sqlite3.connect(index_path(root))
    conn.execute("UPDATE files SET payload = 'not read'")  # a record decoded now would fail
    conn.commit()
    conn.close()
    assert invoke("-j", str(root), "validate").stdout == first.stdout
    (root / "contacts/ann.md").write_text("---\nname: Ann Lee\n---\n")
    assert invoke("-j", str(root), "validate").stdout == "0 errors, 0 warnings in 1 file\n"
    (root / "infoview.toml").write_text("[site]\ntitel = 'x'\n")
    assert invoke("-j", str(root), "validate").stdout == (
        "infoview.toml:2:1: warning: unknown setting 'site.titel' (did you mean 'title'?) [W001]\n"
        "0 errors, 1 warning in 1 file\n"
    )
