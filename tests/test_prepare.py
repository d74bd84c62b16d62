"""Preparing and reflecting: the brief, the question bank, takeaways, drafted messages, whom next."""

from __future__ import annotations

import json

import pytest

from infoview.journal.sections import Item, Offer, items, offers, takeaways

from .conftest import SAMPLE

TODAY = "2026-11-21"


def test_sections_are_read_under_their_headings_and_outside_code():
    body = (
        "## Notes\n\n- not a question\n\n### Questions\n\n1. First?\n2. Second,\n   going on?\n- [ ] a task\n"
        "```\n- in code?\n```\n\n## Takeaways\n- Learned one\n\nTakeaway: learned two\n# Other\n- after\n"
    )
    assert items(body, "questions", 10) == [Item("First?", 16), Item("Second, going on?", 17)]
    assert takeaways(body, 10) == [Item("Learned one", 25), Item("learned two", 27)]


def test_what_they_offered_is_read_from_its_section_and_marker_lines_and_is_not_a_follow_up(
    write_journal, invoke
):
    body = (
        "## Follow-up\n\n- [ ] Send the deck\n\n## They offered\n\n- [x] Slides from the talk\n"
        "- [ ] An introduction to Bo\n- A look at my CV\n\n## Notes\n\nOffered: a visit to the lab\n"
        "- [ ] **Offered:** their reading list\n"
    )
    assert offers(body, 7) == [
        Offer("Slides from the talk", 13, True),
        Offer("An introduction to Bo", 14, False),
        Offer("A look at my CV", 15, False),
        Offer("a visit to the lab", 19, False),
        Offer("their reading list", 20, False),
    ]
    assert offers("## Notes\n\nNothing on offer here.\n", 1) == []
    root = write_journal({
        "contacts/ann.md": "---\nname: Ann Lee\n---\n",
        "interviews/a.md": "---\ncontact: ann\ndate: 2026-10-01\nthanked: 2026-10-02\n---\n" + body,
        "interviews/b.md": "---\ncontact: ann\ndate: 2026-12-01\nstatus: scheduled\n---\n",
    })  # fmt: skip
    rows = json.loads(invoke("-j", str(root), "followups", "--format", "json", "--today", TODAY).stdout)
    assert [r["text"] for r in rows] == ["Send the deck"]
    data = json.loads(invoke("-j", str(root), "prep", "ann", "--format", "json", "--today", TODAY).stdout)
    assert data["offered"] == [
        ["2026-10-01", "An introduction to Bo"], ["2026-10-01", "A look at my CV"],
        ["2026-10-01", "a visit to the lab"], ["2026-10-01", "their reading list"],
    ]  # fmt: skip
    text = invoke("-j", str(root), "prep", "ann", "--today", TODAY).stdout
    ref = rows[0]["ref"]
    assert (
        f"## Open between you\n\nYou promised:\n\n- [{ref}] Send the deck\n\nThey offered:\n\n"
        "- An introduction to Bo (offered 2026-10-01)\n"
    ) in text


def test_the_question_bank_groups_near_identical_questions(write_journal, invoke):
    root = write_journal({
        "contacts/ann.md": "---\nname: Ann Lee\n---\n",
        "contacts/bo.md": "---\nname: Bo Kim\n---\n",
        "interviews/a.md": "---\ncontact: ann\ndate: 2026-10-01\n---\n## Questions\n\n1. What does a typical week look like?\n",
        "interviews/b.md": "---\ncontact: bo\ndate: 2026-11-01\n---\n## Questions\n\n- What does a typical week look like ?\n"
        "- Who else should I talk to?\n",
    })  # fmt: skip
    rows = json.loads(invoke("-j", str(root), "questions", "--format", "json", "--today", TODAY).stdout)
    assert rows == [
        {"question": "What does a typical week look like?", "times": 2, "asked of": "Ann Lee, Bo Kim",
         "interviews": "a, b"},
        {"question": "Who else should I talk to?", "times": 1, "asked of": "Bo Kim", "interviews": "b"},
    ]  # fmt: skip
    only = json.loads(
        invoke("-j", str(root), "questions", "else", "--format", "json", "--today", TODAY).stdout
    )
    assert [r["question"] for r in only] == ["Who else should I talk to?"]


def test_the_brief_for_a_planned_meeting(invoke):
    data = json.loads(invoke("-j", str(SAMPLE), "prep", "ben", "--format", "json", "--today", TODAY).stdout)
    assert (data["name"], data["meeting"], data["when"]) == (
        "Ben Fischer",
        "2026-11-25-ben-fischer",
        "2026-11-25 10:00",
    )
    assert data["company"] == "Civic Data Collective" and data["company_notes"].startswith(
        "Charity that helps"
    )
    assert data["reached"] == ["Tom Harrington"]
    assert data["prepared"][0] == "What does a good outcome of the programme look like for you?"
    assert "What does a normal week look like for you?" in data["from_bank"]
    assert not set(data["prepared"]) & set(data["from_bank"])
    text = invoke("-j", str(SAMPLE), "prep", "ben", "--today", TODAY).stdout
    assert text.startswith(
        "# Ben Fischer — 2026-11-25 10:00\n\n**Director of Programmes at Civic Data Collective**\n"
    )
    assert "\n## Questions for this meeting\n\n1. What does a good outcome" in text


def test_what_was_learned_by_tag_company_and_industry(invoke):
    data = json.loads(invoke("-j", str(SAMPLE), "learned", "--format", "json").stdout)
    assert [e["text"] for e in data["Northwind Health"]] == [
        "In health research, safeguarding and consent experience is an advantage.",
        "A small study of something I know, written up, beats a bootcamp.",
        "Research operations is a way in: coordinator roles exist, and Northwind may hire one next year.",
        "A non-tech past counts when it is described as a service you ran.",
    ]
    assert data["data"][0]["text"] == "explaining the numbers is the rare, valued part of an analyst's job."
    assert data["data"][0]["path"] == "interviews/2026/2026-01-29-tom-harrington.md"
    one = json.loads(invoke("-j", str(SAMPLE), "learned", "NONPROFIT", "--format", "json").stdout)
    assert list(one) == ["nonprofit"]


def test_the_bank_and_what_was_learned_read_back_as_they_were_made():
    import datetime as dt

    from infoview.ask import kept
    from infoview.ask.questions import bank, learned
    from infoview.load.journal import load

    journal = load(SAMPLE).journal
    made = bank(journal, dt.date.fromisoformat(TODAY))
    back = kept.load_bank(kept.dump_bank(kept.Bank.of(made)))
    assert len(back) == len(made) == 14 and back.texts == [q.text for q in made]
    assert back[3] == made[3] and back[-1] == made[-1] and back[1:4] == made[1:4] and list(back) == made
    found = learned(journal)
    read = kept.load_learned(kept.dump_learned(kept.BySubject.of(found)))
    assert list(read) == list(found) and read.counts == {s: len(e) for s, e in found.items()}
    assert read["Northwind Health"] == found["Northwind Health"] and dict(read) == found
    damaged = [(kept.load_bank, '[["a question", 3]]'), (kept.load_bank, "{}"),
               (kept.load_learned, '[["data", "two", "[]"]]'), (kept.load_learned, "{}")]  # fmt: skip
    for read_back, text in damaged:  # (what cannot be read back is made again)
        with pytest.raises((ValueError, TypeError)):
            read_back(text)


def test_the_keys_of_the_bank_and_of_what_was_learned_keep_each_interviews_part_while_it_is_the_same():
    import datetime as dt
    from dataclasses import replace

    from infoview.ask import kept
    from infoview.journal.model import Journal
    from infoview.journal.sections import Item
    from infoview.load.journal import load

    journal, today = load(SAMPLE).journal, dt.date.fromisoformat(TODAY)
    bank_parts: kept.Parts = {}
    learned_parts: kept.Parts = {}
    assert kept.bank_key(journal, today, bank_parts) == kept.bank_key(journal, today)
    assert kept.learned_key(journal, learned_parts) == kept.learned_key(journal)
    assert bank_parts.keys() == learned_parts.keys() == {i.path for i in journal.interviews.values()}
    first, second = list(journal.interviews.values())[:2]
    kept_part, kept_second = bank_parts[first.path], bank_parts[second.path]
    asked = replace(first.sections, questions=(Item("Who else should I ask?", 40),))
    edited = replace(first, sections=asked)
    interviews = {**journal.interviews, first.id: edited}
    del interviews[list(interviews)[-1]]
    changed = Journal(journal.contacts, interviews, journal.companies)
    assert (
        kept.bank_key(changed, today, bank_parts)
        == kept.bank_key(changed, today)
        != kept.bank_key(journal, today)
    )
    assert bank_parts[first.path][0] is edited and bank_parts[first.path] != kept_part
    assert bank_parts[second.path] is kept_second  # (not made again)
    assert bank_parts.keys() == {i.path for i in interviews.values()}  # (the one gone is let go of)


def test_drafts_come_from_the_journal_and_its_own_templates(write_journal, invoke):
    root = write_journal({
        "infoview.toml": '[site]\nowner = "Priya Raman"\n',
        "contacts/sam.md": "---\nname: Sam Lee\n---\n",
        "contacts/chris.md": "---\nname: Chris Wong\nemail: chris@example.org\nreferred_by: sam\n---\n",
        "interviews/c.md": "---\ncontact: chris\ndate: 2026-11-10\ntopic: Research ops\n---\n"
        "Takeaway: coordinator roles are the way in.\n",
    })  # fmt: skip
    thanks = invoke("-j", str(root), "draft", "thanks", "chris", "--today", TODAY).stdout
    assert thanks == (
        "To: chris@example.org\nSubject: Thank you — Research ops\n\nHi Chris,\n\n"
        "Thank you for taking the time to talk on 10 November. I keep thinking about what you said: "
        "coordinator roles are the way in.\n\nI will let you know how things go.\n\nBest wishes,\nPriya Raman\n"
    )
    link = invoke("-j", str(root), "draft", "thanks", "chris", "--mailto", "--today", TODAY).stdout
    assert link.startswith(
        "mailto:chris@example.org?subject=Thank%20you%20%E2%80%94%20Research%20ops&body=Hi%20Chris"
    )
    (root / "templates" / "messages").mkdir(parents=True)
    (root / "templates/messages/ask.txt").write_text(
        "Subject: Hello {{ first_name }}\n\nShort: {{ introducer }}.\n"
    )
    own = invoke("-j", str(root), "draft", "ask", "chris", "--today", TODAY).stdout
    assert own == "To: chris@example.org\nSubject: Hello Chris\n\nShort: Sam Lee.\n"


def test_next_puts_warm_leads_first(invoke):
    rows = json.loads(invoke("-j", str(SAMPLE), "next", "--format", "json", "--today", TODAY).stdout)
    assert [(r["who"], r["why"], r["days waiting"]) for r in rows] == [
        ("Kofi Mensah", "introduced by Sofia Márquez", 198),
        ("Tomás Vidal", "introduced by Sofia Márquez", 198),
        ("Inés Ortega", "not yet asked", 42),
    ]


def test_questions_worded_all_but_the_same_are_one_and_planned_ones_are_not_yet_asked(write_journal, invoke):
    root = write_journal({
        "contacts/ann.md": "---\nname: Ann Lee\n---\n",
        "contacts/bo.md": "---\nname: Bo Kim\n---\n",
        "interviews/a.md": "---\ncontact: ann\ndate: 2026-10-01\n---\n## Questions\n\n"
                           "1. What does a typical week look like?\n",
        "interviews/b.md": "---\ncontact: bo\ndate: 2026-12-02\nstatus: scheduled\n---\n## Questions\n\n"
                           "1. What does a typical week look like for you?\n2. What does a normal week look like?\n",
    })  # fmt: skip
    rows = json.loads(invoke("-j", str(root), "questions", "--format", "json", "--today", TODAY).stdout)
    assert rows == [
        {"question": "What does a typical week look like?", "times": 1, "asked of": "Ann Lee, Bo Kim (planned)",
         "interviews": "a, b"},
        {"question": "What does a normal week look like?", "times": 0, "asked of": "Bo Kim (planned)",
         "interviews": "b"},
    ]  # fmt: skip


def test_drafts_that_would_say_something_untrue_are_refused(write_journal, invoke):
    root = write_journal({
        "contacts/ann.md": "---\nname: Ann Lee\nsource: alumni\n---\n",
        "contacts/bo.md": "---\nname: Bo Kim\n---\n",
        "contacts/cy.md": "---\nname: Cy Ode\nsource: alumni\n---\n",
        "interviews/b.md": "---\ncontact: bo\ndate: 2026-10-01\nreferrals: [ann]\n---\n",
        "interviews/a.md": "---\ncontact: ann\ndate: 2026-12-01 10:00\nstatus: scheduled\n---\n",
    })  # fmt: skip
    refused = {
        (
            "intro",
            "bo",
        ): "no one introduced Bo Kim (no referred_by, and no interview names them as a referral)",
        ("thanks", "ann"): "there is no conversation with Ann Lee to thank them for yet",
        ("nudge", "ann"): "there is no unanswered request to Ann Lee to nudge",
    }
    for (kind, who), why in refused.items():
        result = invoke("-j", str(root), "draft", kind, who, "--today", TODAY)
        assert (result.exit_code, result.stderr) == (
            1,
            f"Error: not drafting: {why}; try 'infoview draft ask {result.stderr.split()[-1][:-1]}'\n",
        )
        assert why in result.stderr and result.stdout == ""
    intro = invoke("-j", str(root), "draft", "intro", "ann", "--today", TODAY)
    assert intro.stdout.startswith("Subject: Bo Kim suggested I get in touch\n")  # Bo's interview named her
    ask = invoke("-j", str(root), "draft", "ask", "ann", "--today", TODAY)
    assert ask.stderr == "infoview: a conversation with Ann Lee is already scheduled (2026-12-01 10:00)\n"
    assert "Bo Kim suggested I get in touch with you." in ask.stdout
    cold = invoke("-j", str(root), "draft", "ask", "cy", "--today", TODAY).stdout
    assert "Hi Cy,\n\nI came across your work through our alumni network. " in cold


def test_a_brief_leaves_out_empty_headings_and_offered_dates_and_learned_takes_a_company_id(
    write_journal, invoke
):
    root = write_journal({
        "companies/acme.md": "---\nname: Acme Health\n---\n## Background\n\n## Research\n\nHires in spring.\n",
        "contacts/ann.md": "---\nname: Ann Lee\ncompany: acme\n---\n",
        "interviews/a.md": "---\ncontact: ann\ndate: 2026-10-01\n---\n## They offered\n\n"
                           "- [ ] An intro to their lead due:2026-12-10\n\nTakeaway: spring is hiring time.\n",
        "interviews/b.md": "---\ncontact: ann\ndate: 2026-12-01\nstatus: scheduled\n---\n",
    })  # fmt: skip
    data = json.loads(invoke("-j", str(root), "prep", "ann", "--format", "json", "--today", TODAY).stdout)
    assert data["company_notes"] == "## Research\n\nHires in spring."
    assert data["offered"] == [["2026-10-01", "An intro to their lead"]]
    by_id = invoke("-j", str(root), "learned", "acme").stdout
    assert by_id == invoke("-j", str(root), "learned", "Acme Health").stdout
    assert by_id.startswith("Acme Health\n  - spring is hiring time.  (2026-10-01, interviews/a.md:9)\n")
