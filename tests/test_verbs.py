"""The daily loop's verbs: each changes only the lines it must, and says so.
Every test compares the file's exact bytes before and after."""

from __future__ import annotations

import json
import os

import pytest

from infoview.edit.lines import EditError
from infoview.edit.save import open_record, save

TODAY = "2026-11-30"
PEOPLE = {
    "contacts/sam-obrien.md": b"---\nname: Sam O'Brien\n---\n",
    "contacts/maya-patel.md": b"---\nname: Maya Patel\nkeep_in_touch: 3m\n---\n",
}


def refs(invoke, root, text: str) -> str:
    """The reference of the open follow-up whose text is `text`."""
    rows = json.loads(invoke("-j", str(root), "followups", "--today", TODAY, "--format", "json").stdout)
    return next(r["ref"] for r in rows if r["text"] == text)


def run(invoke, root, *args: str):
    result = invoke("-j", str(root), *args, "--today", TODAY)
    assert result.exit_code == 0, result.output
    return result


def test_done_on_a_front_matter_follow_up_adds_one_line_in_the_item(write_journal, invoke):
    before = (b"---\r\ncontact: sam-obrien   # the first one\r\ndate: 2026-11-03\r\nthanked: 2026-11-04\r\n"
              b"follow_ups:\r\n  - do: Send the deck\r\n    due: 2026-11-24   # promised\r\n"
              b"  - do: Read the report\r\n---\r\nNotes \xe2\x80\x94 kept.\r\n")  # fmt: skip
    root = write_journal({**PEOPLE, "interviews/2026-11-03-sam-obrien.md": before})
    result = run(invoke, root, "done", refs(invoke, root, "Send the deck"))
    after = (root / "interviews/2026-11-03-sam-obrien.md").read_bytes()
    assert after == before.replace(b"# promised\r\n", b"# promised\r\n    done: 2026-11-30\r\n")
    assert result.stdout == "interviews/2026-11-03-sam-obrien.md:8: added       done: 2026-11-30\n"


def test_done_replaces_a_done_false(write_journal, invoke):
    before = b"---\ncontact: sam-obrien\ndate: 2026-11-03\nthanked: 2026-11-04\nfollow_ups:\n- do: Call\n  done: false\n---\n"
    root = write_journal({**PEOPLE, "interviews/i.md": before})
    run(invoke, root, "done", refs(invoke, root, "Call"), "--on", "2026-11-29")
    assert (root / "interviews/i.md").read_bytes() == before.replace(b"done: false", b"done: 2026-11-29")


@pytest.mark.parametrize("line, ticked", [
    (b"- [ ] Send the deck due:2026-11-24", b"- [x] Send the deck due:2026-11-24 done:2026-11-30"),
    (b"  * [ ] Send the deck \xf0\x9f\x93\x85 2026-11-24  ", b"  * [x] Send the deck \xf0\x9f\x93\x85 2026-11-24 \xe2\x9c\x85 2026-11-30  "),
])  # fmt: skip
def test_done_on_a_task_ticks_it_and_dates_it_as_the_line_does(write_journal, invoke, line, ticked):
    before = (
        b"---\ncontact: sam-obrien\ndate: 2026-11-03\nthanked: 2026-11-04\n---\n\n## Follow-up\n\n"
        + line
        + b"\n- [ ] Other\n"
    )
    root = write_journal({**PEOPLE, "interviews/i.md": before})
    run(invoke, root, "done", refs(invoke, root, "Send the deck"))
    assert (root / "interviews/i.md").read_bytes() == before.replace(line, ticked)


def test_rule_follow_ups_are_done_by_writing_the_fact_their_rule_reads(write_journal, invoke):
    interview = b"---\ncontact: sam-obrien\ndate: 2026-11-03\nthanked:\nmode: video\n---\nBody\n"
    request = b"---\ncontact: maya-patel\ndate: 2026-11-01\nstatus: requested\n---\n"
    root = write_journal({**PEOPLE, "interviews/a.md": interview, "interviews/b.md": request})
    run(invoke, root, "done", refs(invoke, root, "Send a thank-you note to Sam O'Brien"))
    assert (root / "interviews/a.md").read_bytes() == interview.replace(
        b"thanked:\n", b"thanked: 2026-11-30\n"
    )
    run(invoke, root, "done", refs(invoke, root, "Nudge Maya Patel"))
    assert (root / "interviews/b.md").read_bytes() == request.replace(
        b"---\n", b"nudged: 2026-11-30\n---\n", 2
    ).replace(b"nudged: 2026-11-30\n---\ncontact", b"---\ncontact")
    texts = [r["text"] for r in json.loads(run(invoke, root, "followups", "--format", "json").stdout)]
    assert "Nudge Maya Patel" not in texts  # the clock restarted: due again in 7 days
    later = json.loads(
        invoke("-j", str(root), "followups", "--today", "2026-12-08", "--format", "json").stdout
    )
    assert [r["due"] for r in later if r["text"] == "Nudge Maya Patel"] == ["2026-12-07"]


def test_thank_nudge_schedule_and_checkin_by_name(write_journal, invoke):
    held = b"---\ncontact: sam-obrien\ndate: 2026-11-03 14:00\n---\n"
    asked = b"---\n# asked by e-mail\ncontact: maya-patel\ndate: 2026-11-20\nstatus: requested\ntopic: Hiring\n---\n"
    root = write_journal({**PEOPLE, "interviews/2026-11-03-sam-obrien.md": held,
                          "interviews/2026-11-20-maya-patel.md": asked})  # fmt: skip
    out = run(invoke, root, "thank", "Sam").stdout
    assert out == "interviews/2026-11-03-sam-obrien.md:4: added   thanked: 2026-11-30\n"
    assert (root / "interviews/2026-11-03-sam-obrien.md").read_bytes() == held.replace(
        b"14:00\n---", b"14:00\nthanked: 2026-11-30\n---"
    )
    run(invoke, root, "nudge", "maya", "--on", "2026-11-28")
    nudged = asked.replace(b"Hiring\n", b"Hiring\nnudged: 2026-11-28\n")
    assert (root / "interviews/2026-11-20-maya-patel.md").read_bytes() == nudged
    out = run(invoke, root, "schedule", "Maya Patel", "--date", "2026-12-03 14:00", "--mode", "video").stdout
    assert (root / "interviews/2026-11-20-maya-patel.md").read_bytes() == (
        b"---\n# asked by e-mail\ncontact: maya-patel\ndate: 2026-12-03 14:00\ntopic: Hiring\n"
        b"nudged: 2026-11-28\nasked: 2026-11-20\nmode: video\n---\n"
    )  # no status: scheduled until the day, done after it
    assert "interviews/2026-11-20-maya-patel.md:5: removed status: requested" in out.splitlines()
    assert out.splitlines()[0] == "interviews/2026-11-20-maya-patel.md:8: added   asked: 2026-11-20"
    assert "interviews/2026-11-20-maya-patel.md:4: now     date: 2026-12-03 14:00" in out.splitlines()
    shown = run(invoke, root, "show", "maya").stdout
    assert "scheduled" in shown
    run(invoke, root, "checkin", "maya-p")
    assert (root / "contacts/maya-patel.md").read_bytes() == (
        b"---\nname: Maya Patel\nkeep_in_touch: 3m\nchecked_in: 2026-11-30\n---\n"
    )


def test_schedule_refuses_what_is_not_a_request(write_journal, invoke):
    held = b"---\ncontact: sam-obrien\ndate: 2026-11-03\n---\n"
    root = write_journal({**PEOPLE, "interviews/i.md": held})
    result = invoke("-j", str(root), "schedule", "i", "--date", "2026-12-01", "--today", TODAY)
    assert result.exit_code == 1
    assert result.stderr == "Error: i is not a request (status: by its date)\n"
    assert (root / "interviews/i.md").read_bytes() == held


def test_dismiss_keeps_the_list_as_it_is_written(write_journal, invoke):
    talk = (b"---\ncontact: sam-obrien\ndate: 2026-11-03\nthanked: 2026-11-03\n"
            b"referrals: [Chris Wong, Dana Lee]\n---\n")  # fmt: skip
    root = write_journal({**PEOPLE, "interviews/i.md": talk})
    chris = refs(invoke, root, "Reach out to Chris Wong (introduced by Sam O'Brien)")
    dana = refs(invoke, root, "Reach out to Dana Lee (introduced by Sam O'Brien)")
    run(invoke, root, "dismiss", chris)
    once = talk.replace(b"---\n", b"---\n", 1).replace(
        b"Lee]\n---", b'Lee]\ndismissed: ["' + chris.encode() + b'"]\n---'
    )
    assert (root / "interviews/i.md").read_bytes() == once
    run(invoke, root, "dismiss", dana[:4])
    twice = once.replace(b'"]\n---', b'", "' + dana.encode() + b'"]\n---')
    assert (root / "interviews/i.md").read_bytes() == twice
    assert json.loads(run(invoke, root, "followups", "--format", "json").stdout) == []


def test_dismiss_appends_to_a_block_list(write_journal, invoke):
    talk = b'---\ncontact: sam-obrien\ndate: 2026-11-03\nthanked: 2026-11-03\nreferrals: [Chris Wong]\ndismissed:\n  - "abcdef"\n---\n'
    root = write_journal({**PEOPLE, "interviews/i.md": talk})
    chris = refs(invoke, root, "Reach out to Chris Wong (introduced by Sam O'Brien)")
    run(invoke, root, "dismiss", chris)
    assert (root / "interviews/i.md").read_bytes() == talk.replace(
        b'"abcdef"\n', b'"abcdef"\n  - "' + chris.encode() + b'"\n'
    )


def test_acting_on_an_introduction_adds_the_person_and_a_request(write_journal, invoke):
    talk = b"---\ncontact: sam-obrien\ndate: 2026-11-03\nthanked: 2026-11-03\nreferrals: [Chris Wong]\n---\n"
    root = write_journal({**PEOPLE, "interviews/i.md": talk})
    out = run(
        invoke, root, "done", refs(invoke, root, "Reach out to Chris Wong (introduced by Sam O'Brien)")
    ).stdout
    assert out == "created contacts/chris-wong.md\ncreated interviews/2026-11-30-chris-wong.md\n"
    assert (root / "interviews/i.md").read_bytes() == talk
    contact = (root / "contacts/chris-wong.md").read_text()
    assert contact.startswith(
        "---\nname: Chris Wong\nsource: referral\nreferred_by: sam-obrien\ncreated: 2026-11-30\n---\n"
    )
    request = (root / "interviews/2026-11-30-chris-wong.md").read_text()
    assert request.startswith("---\ncontact: chris-wong\ndate: 2026-11-30\nstatus: requested\n---\n")
    texts = [r["text"] for r in json.loads(run(invoke, root, "followups", "--format", "json").stdout)]
    assert not any(t.startswith("Reach out to Chris Wong") for t in texts)


def test_a_reference_that_names_nothing_or_several(write_journal, invoke):
    root = write_journal({**PEOPLE, "interviews/i.md": b"---\ncontact: sam-obrien\ndate: 2026-11-03\n---\n"})
    missing = invoke("-j", str(root), "done", "zzzzzz", "--today", TODAY)
    assert missing.exit_code == 1
    assert missing.stderr == "Error: no follow-up 'zzzzzz' (infoview followups shows each one's reference)\n"


def test_an_edit_is_refused_when_the_file_changed_meanwhile(tmp_path):
    path = tmp_path / "contacts" / "a.md"
    path.parent.mkdir()
    path.write_bytes(b"---\nname: A\n---\n")
    opened = open_record(tmp_path, "contacts/a.md")
    path.write_bytes(b"---\nname: A B\n---\n")  # an editor saved it
    with pytest.raises(EditError, match="changed while this command ran; nothing was written"):
        save(opened, "---\nname: A\nchecked_in: 2026-11-30\n---\n")
    assert path.read_bytes() == b"---\nname: A B\n---\n"
    assert sorted(p.name for p in path.parent.iterdir()) == ["a.md"]


def test_a_value_over_several_lines_is_left_to_the_user(write_journal, invoke):
    before = b"---\ncontact: sam-obrien\ndate: 2026-11-03\nthanked: >\n  2026-11-04\n---\n"
    root = write_journal({**PEOPLE, "interviews/i.md": before})
    result = invoke("-j", str(root), "thank", "i", "--today", TODAY)
    assert result.exit_code == 1
    assert (
        result.stderr
        == "Error: interviews/i.md:4: 'thanked' is written over several lines; change it by hand\n"
    )
    assert (root / "interviews/i.md").read_bytes() == before


def test_names_ids_and_beginnings_name_records(write_journal, invoke):
    root = write_journal({**PEOPLE, "contacts/sam-lee.md": b"---\nname: Sam Lee\n---\n",
                          "companies/acme.md": b"---\nname: Acme\n---\n",
                          "contacts/acme.md": b"---\nname: Acme Person\n---\n"})  # fmt: skip
    assert run(invoke, root, "show", "maya").stdout.startswith("Maya Patel\n")
    assert run(invoke, root, "show", "Sam Lee").stdout.startswith("Sam Lee\n")
    several = invoke("-j", str(root), "show", "sam", "--today", TODAY)
    assert several.exit_code == 2
    assert (
        "'sam' could be contact:sam-lee (Sam Lee), contact:sam-obrien (Sam O'Brien); give more of the id or name"
        in " ".join(several.stderr.split())
    )
    assert invoke("-j", str(root), "thank", "sam", "--today", TODAY).stderr == (
        "Error: 'sam' could be contact:sam-lee (Sam Lee), contact:sam-obrien (Sam O'Brien); "
        "give more of the id or name\n"
    )
    assert run(invoke, root, "show", "acme").stdout.startswith("Acme Person\n")  # an id: the contact's
    assert run(invoke, root, "show", "company:acme").stdout.startswith("Acme\n")
    typo = invoke("-j", str(root), "show", "mya-patel", "--today", TODAY)
    assert typo.exit_code == 2
    assert "no record called 'mya-patel' (did you mean 'maya-patel', Maya Patel?)" in typo.stderr


def test_edit_opens_the_record_in_the_users_editor(write_journal, invoke, tmp_path, monkeypatch):
    root = write_journal(PEOPLE)
    seen = tmp_path / "seen"
    editor = tmp_path / "my editor"
    editor.write_text(f'#!/bin/sh\nprintf "%s\\n" "$@" > "{seen}"\n')
    editor.chmod(0o755)
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.setenv("EDITOR", f"'{editor}' --wait")
    result = invoke("-j", str(root), "edit", "Maya")
    assert result.exit_code == 0, result.output
    assert seen.read_text() == f"--wait\n{root / 'contacts/maya-patel.md'}\n"
    monkeypatch.delenv("EDITOR")
    unset = invoke("-j", str(root), "edit", "maya")
    assert unset.exit_code == 1
    assert (
        unset.stderr
        == f"Error: set $VISUAL or $EDITOR to your editor; the file is {root / 'contacts/maya-patel.md'}\n"
    )


def test_a_scheduled_meeting_is_done_once_its_day_has_passed(write_journal, invoke):
    asked = b"---\ncontact: maya-patel\ndate: 2026-11-20\nstatus: requested\n---\n"
    root = write_journal({**PEOPLE, "interviews/i.md": asked})
    early = invoke("-j", str(root), "schedule", "maya", "--date", "2026-11-19", "--today", TODAY)
    assert early.exit_code == 1
    assert (
        early.stderr
        == "Error: the meeting would be before the request (asked on 2026-11-20); check the date\n"
    )
    run(invoke, root, "schedule", "maya", "--date", "2026-12-03")
    later = json.loads(
        invoke("-j", str(root), "followups", "--today", "2026-12-05", "--format", "json").stdout
    )
    assert [r["text"] for r in later if r["origin"] == "thank-you"] == ["Send a thank-you note to Maya Patel"]


def test_a_verb_with_nothing_to_change_leaves_the_file_alone(write_journal, invoke):
    root = write_journal(PEOPLE)
    run(invoke, root, "checkin", "maya")
    path = root / "contacts/maya-patel.md"
    before = path.stat()
    again = run(invoke, root, "checkin", "maya")
    assert again.stdout == "nothing to change: the file says so already\n"
    assert (path.stat().st_ino, path.stat().st_mtime_ns) == (before.st_ino, before.st_mtime_ns)


def test_a_record_that_is_a_link_stays_a_link(write_journal, invoke, tmp_path):
    root = write_journal(PEOPLE)
    shared = tmp_path / "shared.md"
    shared.write_bytes(b"---\nname: Linked Person\n---\n")
    (root / "contacts/linked-person.md").symlink_to(shared)
    run(invoke, root, "checkin", "linked")
    assert (root / "contacts/linked-person.md").is_symlink()
    assert shared.read_bytes() == b"---\nname: Linked Person\nchecked_in: 2026-11-30\n---\n"


def test_a_done_follow_up_cannot_be_dismissed(write_journal, invoke):
    root = write_journal(
        {
            **PEOPLE,
            "interviews/i.md": b"---\ncontact: sam-obrien\ndate: 2026-11-03\nthanked: true\n---\n- [x] Old\n",
        }
    )
    rows = json.loads(run(invoke, root, "followups", "--all", "--format", "json").stdout)
    result = invoke("-j", str(root), "dismiss", rows[0]["ref"], "--today", TODAY)
    assert result.exit_code == 1
    assert result.stderr == "Error: 'Old' is done already; there is nothing to set aside\n"


def test_new_records_are_made_as_an_editor_would_make_them(write_journal, invoke):
    root = write_journal(PEOPLE)
    old = os.umask(0o022)
    try:
        run(invoke, root, "new", "interview", "maya", "--referral", "Sam", "--referral", "Chris Wong")
    finally:
        os.umask(old)
    made = root / "interviews/2026-11-30-maya-patel.md"
    assert made.stat().st_mode & 0o777 == 0o644
    assert "referrals: [sam-obrien, Chris Wong]\n" in made.read_text()  # a known person by id: no twin
