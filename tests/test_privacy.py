"""Private means private, and public text never stops a build.

Each case builds a journal with the real command and then searches every
file of the site (as bytes decoded, case-folded, in NFC, and with addresses
percent-decoded) for the private strings: name, id, e-mail, phone and a
phrase of the notes.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
import unicodedata
from pathlib import Path
from urllib.parse import unquote

import pytest

from .conftest import SAMPLE

TODAY = "2026-11-21"


def site_text(out: Path) -> dict[str, str]:
    files = {}
    for path in out.rglob("*"):
        if path.is_file():  # the site's manifest too: it is published with the pages
            text = unquote(path.read_bytes().decode("utf-8", errors="replace"))
            files[path.relative_to(out).as_posix()] = unicodedata.normalize("NFC", text).casefold()
    return files


def assert_nowhere(out: Path, *secrets: str) -> None:
    files = site_text(out)
    assert files, "no site was written"
    for secret in secrets:
        folded = unicodedata.normalize("NFC", secret).casefold()
        found = [rel for rel, text in files.items() if folded in text]
        assert not found, f"{secret!r} is in {found}"
        assert not any(folded in rel for rel in files), f"{secret!r} names a file"


@pytest.fixture
def build_ok(invoke):
    def run(root: Path, *options: str) -> Path:
        result = invoke("-j", str(root), "build", "--today", TODAY, *options)
        assert result.exit_code == 0, result.stderr
        return root / "_site"

    return run


def test_scaffolded_notes_shared_by_a_private_interview_build(invoke, tmp_path, build_ok):
    root = tmp_path / "j"
    assert invoke("init", str(root)).exit_code == 0
    j = ("-j", str(root))
    assert invoke(*j, "new", "contact", "Ann Lee").exit_code == 0
    assert invoke(*j, "new", "contact", "Bo Kim").exit_code == 0
    bo = root / "contacts/bo-kim.md"
    bo.write_text(bo.read_text().replace("name: Bo Kim\n", "name: Bo Kim\nprivate: true\n"))
    assert invoke(*j, "new", "interview", "ann-lee", "--date", "2026-11-20").exit_code == 0
    assert invoke(*j, "new", "interview", "bo-kim", "--date", "2026-11-21").exit_code == 0
    out = build_ok(root)
    assert (out / "interviews/2026-11-20-ann-lee.html").is_file()
    assert_nowhere(out, "Bo Kim", "bo-kim")


PRIVATE_NOTE = "Quietly weighing an offer from Harbor, nobody at work knows."


def private_contact(name: str, extra: str = "", note: str = PRIVATE_NOTE) -> str:
    return f"---\nname: {name}\nprivate: true\n{extra}---\n{note}\n"


@pytest.mark.parametrize(
    "files, secrets",
    [
        pytest.param(
            {
                "contacts/ann-lee.md": "---\nname: Ann Lee\n---\nPublic Ann.\n",
                "contacts/ann-lee-2.md": private_contact("Ann Lee", "email: ann.two@example.org\n"),
            },
            ["ann-lee-2", "ann.two@example.org", "weighing an offer from Harbor"],
            id="namesakes",
        ),
        pytest.param(
            {
                "contacts/mary-ann-evans.md": "---\nname: Mary Ann Evans\n---\nShe wrote novels.\n",
                "contacts/mary-ann.md": private_contact("Mary Ann"),
            },
            ["weighing an offer from Harbor", "mary-ann.html"],
            id="a private name begins a public one",
        ),
        pytest.param(
            {
                "contacts/kim.md": "---\nname: Kim Park\ncompany: Jordan Black Consulting\n"
                "title: Partner at Jordan Black Consulting\n---\n",
                "contacts/jordan-black.md": private_contact("Jordan Black"),
            },
            ["contacts/jordan-black", "weighing an offer from Harbor"],
            id="a private name in a public company and title",
        ),
        pytest.param(
            {
                "contacts/ann.md": "---\nname: Ann Public\n---\nA weekend in Florence, a timeline of my moves.\n",
                "contacts/florence.md": private_contact("Florence"),
                "contacts/timeline.md": private_contact(
                    "Timeline", note="Another secret: leaving teaching soon."
                ),
            },
            ["weighing an offer from Harbor", "leaving teaching soon"],
            id="one-word names that are words",
        ),
        pytest.param(
            {
                "contacts/ann.md": "---\nname: Ann Public\n---\nNo reply yet, will nudge.\n",
                "contacts/sam.md": private_contact("Sam Hidden", note="No reply yet, will nudge."),
            },
            ["Sam Hidden"],
            id="a short note found elsewhere",
        ),
        pytest.param(
            {
                "contacts/ann.md": "---\nname: Ann Public\nemail: careers@acme.example\nphone: +44 20 7946 0000\n---\n",
                "contacts/sam.md": private_contact(
                    "Sam Hidden", "email: careers@acme.example\nphone: +44 20 7946 0000\n"
                ),
            },
            ["Sam Hidden", "weighing an offer from Harbor"],
            id="a shared switchboard and careers address",
        ),
        pytest.param(
            {
                "infoview.toml": '[site]\nowner = "Dana Okafor"\n',
                "contacts/ann.md": "---\nname: Ann Public\n---\n",
                "contacts/dana.md": private_contact("Dana Okafor"),
            },
            ["weighing an offer from Harbor", "dana.html"],
            id="the owner's name",
        ),
        pytest.param(
            {
                "contacts/ann.md": "---\nname: Ann Public\n---\nLunch with [[Ann Kay]] and [[ann-kay|Annie K]].\n",
                "contacts/ann-kay.md": private_contact("Ann Kay"),
            },
            ["Ann Kay", "ann-kay", "Annie K", "weighing an offer from Harbor"],
            id="a wiki-link by name",
        ),
    ],
)
def test_public_text_builds_and_private_text_stays_out(write_journal, build_ok, files, secrets):
    out = build_ok(write_journal(files))
    assert_nowhere(out, *secrets)


def test_a_wiki_link_to_a_private_record_shows_neither_id_nor_label(write_journal, build_ok):
    root = write_journal({
        "contacts/ann.md": "---\nname: Ann Public\n---\n"
                           "See [[jane-doe]], [[jane-doe#Background]] and [[2026-11-03-jane-doe]].\n",
        "contacts/jane-doe.md": private_contact("Jane Doe"),
        "interviews/2026-11-03-jane-doe.md": "---\ncontact: jane-doe\ndate: 2026-11-03\n---\nPrivate chat.\n",
    })  # fmt: skip
    out = build_ok(root)
    page = (out / "contacts/ann.html").read_text()
    assert page.count('<span class="wikilink private">[private]</span>') == 3
    assert_nowhere(out, "jane-doe", "Jane Doe", "weighing an offer")


def test_a_private_name_in_a_public_note_is_warned_about_and_left_out(write_journal, build_ok, invoke):
    root = write_journal({
        "contacts/ann.md": "---\nname: Ann Public\n---\nIntro\n\nLunch with Bo Kim and BO  KIM's team.\n"
                           "[[Bo Kim]] and [[bo-kim|Bo Kim]] are links: no warning.\n",
        "interviews/2026-11-02-ann.md": "---\ncontact: ann\ndate: 2026-11-02\nthanked: 2026-11-02\n"
                                        "follow_ups:\n  - do: Ask Bo Kim for the deck\n---\n",
        "contacts/bo-kim.md": private_contact("Bo Kim"),
    })  # fmt: skip
    result = invoke("-j", str(root), "validate")
    assert result.exit_code == 0
    lines = [line for line in result.stdout.splitlines() if "W006" in line]
    assert lines == [
        "contacts/ann.md:6:12: warning: this names a private record (contacts/bo-kim.md); the site shows "
        "'[private]' in its place. Write [[their-id]] to link them for yourself, or keep the note private [W006]",
        "contacts/ann.md:6:23: warning: this names a private record (contacts/bo-kim.md); the site shows "
        "'[private]' in its place. Write [[their-id]] to link them for yourself, or keep the note private [W006]",
        "interviews/2026-11-02-ann.md:6:5: warning: this names a private record (contacts/bo-kim.md); the site "
        "shows '[private]' in its place. Write [[their-id]] to link them for yourself, or keep the note private "
        "[W006]",
    ]
    out = build_ok(root)
    link = '<span class="wikilink private">[private]</span>'
    assert (f"<p>Lunch with [private] and [private]\u2019s team.\n{link} and {link} are links: no warning.</p>"
            in (out / "contacts/ann.html").read_text())  # fmt: skip
    assert "Ask [private] for the deck" in (out / "followups.html").read_text()
    again = invoke("-j", str(root), "build", "--today", TODAY)
    assert again.stderr == "infoview: the journal has 3 warnings; run 'infoview validate' to see them\n"
    assert_nowhere(out, "Bo Kim", "bo-kim", "weighing an offer")


def test_a_private_name_written_with_invisible_or_wide_letters_is_still_left_out(
    write_journal, build_ok, invoke
):
    # A soft hyphen, full-width letters, a zero-width space: each reads as "Bo Kim".
    note = "Lunch with Bo\u00ad Kim, \uff22\uff4f \uff2b\uff49\uff4d and B\u200bo Kim.\n"
    root = write_journal({
        "contacts/ann.md": "---\nname: Ann Public\n---\n" + note,
        "contacts/bo-kim.md": private_contact("Bo Kim"),
    })  # fmt: skip
    result = invoke("-j", str(root), "validate")
    places = [line.split(": warning")[0] for line in result.stdout.splitlines() if "[W006]" in line]
    assert places == ["contacts/ann.md:4:12", "contacts/ann.md:4:21", "contacts/ann.md:4:32"]  # as written
    out = build_ok(root)
    assert "<p>Lunch with [private], [private] and [private].</p>" in (out / "contacts/ann.html").read_text()
    assert_nowhere(out, "Bo Kim", "bo-kim", "weighing an offer")


def test_private_names_are_found_again_in_what_changed_and_only_there(write_journal, invoke):
    """validate keeps each file's finds: after edits, what it says is what a fresh look says."""
    root = write_journal({
        "contacts/ann.md": "---\nname: Ann Public\n---\nNothing yet.\n",
        "contacts/cy.md": "---\nname: Cy Public\n---\nMet Di Ray at the fair.\n",
        "contacts/bo-kim.md": private_contact("Bo Kim"),
        "contacts/di-ray.md": "---\nname: Di Ray\n---\n",
    })  # fmt: skip

    def w006() -> list[str]:
        result = invoke("-j", str(root), "validate")
        return [line.split(": warning")[0] for line in result.stdout.splitlines() if "[W006]" in line]

    assert w006() == []
    (root / "contacts/ann.md").write_text("---\nname: Ann Public\n---\nNothing yet.\nSaw Bo Kim.\n")
    assert w006() == ["contacts/ann.md:5:5"]
    assert w006() == ["contacts/ann.md:5:5"]  # kept, and the same
    (root / "contacts/di-ray.md").write_text(
        "---\nname: Di Ray\nprivate: true\n---\n"
    )  # another private name
    assert w006() == ["contacts/ann.md:5:5", "contacts/cy.md:4:5"]
    (root / "contacts/ann.md").write_text("---\nname: Ann Public\n---\nNothing yet.\n")
    assert w006() == ["contacts/cy.md:4:5"]
    (root / "contacts/cy.md").unlink()
    assert w006() == []


@pytest.mark.parametrize(
    "broken",
    [
        private_contact("Sam Secret", "email: sam@example.org\nsource: linkedin\n"),
        '---\nname: Sam Secret\nemail: sam@example.org\nprivate: "true"\n---\n' + PRIVATE_NOTE + "\n",
        "---\nname: Sam Secret\nemail: sam@example.org\nprivate: true\ntags: [oops\n---\n"
        + PRIVATE_NOTE
        + "\n",
        "---\n  name: Sam Secret\nemail: [sam@example.org\nprivate: true\n---\n" + PRIVATE_NOTE + "\n",
        '---\n"name": Sam Secret\nemail: [sam@example.org\nprivate: true\n---\n' + PRIVATE_NOTE + "\n",
        "---\nname: >\n  Sam\n  Secret\nemail: [sam@example.org\nprivate: true\n---\n" + PRIVATE_NOTE + "\n",
        "---\nName: Sam Secret\nemail: sam@example.org\nprivate: true\n---\n" + PRIVATE_NOTE + "\n",
        "---\nname: Sam Secret\nemail: sam@example.org\nPrivate: true\n---\n" + PRIVATE_NOTE + "\n",
        "---\nname: Sam Secret\nemail: sam@example.org\nprivate:\n---\n" + PRIVATE_NOTE + "\n",
    ],
    ids=[
        "an unknown source",
        "private quoted",
        "a YAML error",
        "an indented name",
        "a quoted key",
        "a folded name",
        "Name",
        "Private",
        "private empty",
    ],
)
def test_keep_going_withholds_what_refers_to_a_file_left_out(write_journal, invoke, broken):
    root = write_journal({
        "contacts/ann.md": "---\nname: Ann Public\n---\nI met [[sam]] through work; Sam Secret says hi.\n",
        "contacts/sam.md": broken,
        "interviews/2026-11-01-sam.md": "---\ncontact: sam\ndate: 2026-11-01\ntopic: Leaving quietly for Harbor Labs\n"
                                        "follow_ups:\n  - do: Send Sam the offer letter draft\n---\n"
                                        "We talked about the offer in detail.\n",
        "interviews/2026-11-02-ann.md": "---\ncontact: ann\ndate: 2026-11-02\nreferrals: [sam, Sam Secret]\n---\n",
    })  # fmt: skip
    result = invoke("-j", str(root), "build", "--today", TODAY, "--keep-going")
    assert result.exit_code == 1
    assert "infoview: left out contacts/sam.md (it has errors)" in result.stderr
    out = root / "_site"
    assert "through work; [private] says hi." in (out / "contacts/ann.html").read_text()
    assert re.search(r"\d files? left out because of errors", (out / "index.html").read_text())
    assert_nowhere(
        out,
        "Sam Secret",
        "sam@example.org",
        "Harbor Labs",
        "offer letter",
        "offer in detail",
        "2026-11-01-sam",
        "contacts/sam",
    )


def test_two_files_with_one_id_one_private(write_journal, invoke):
    root = write_journal({
        "contacts/a/sam.md": "---\nname: Sam Open\n---\nPublic Sam.\n",
        "contacts/b/sam.md": private_contact("Sam Secret", "email: sam@example.org\n"),
        "contacts/ann.md": "---\nname: Ann Public\n---\n",
        "interviews/2026-11-01-sam.md": "---\ncontact: sam\ndate: 2026-11-01\n---\nWe talked about the offer in detail.\n",
    })  # fmt: skip
    result = invoke("-j", str(root), "build", "--today", TODAY, "--keep-going")
    assert result.exit_code == 1
    assert_nowhere(root / "_site", "Sam Secret", "sam@example.org", "offer in detail", "weighing an offer")


def test_a_referral_in_another_normalisation_is_matched(write_journal, build_ok):
    nfd = unicodedata.normalize("NFD", "Zoë Ångström")
    root = write_journal({
        "contacts/zoe.md": private_contact(unicodedata.normalize("NFC", "Zoë Ångström")),
        "contacts/ann.md": "---\nname: Ann Public\n---\n",
        "interviews/2026-11-02-ann.md": f"---\ncontact: ann\ndate: 2026-11-02\nreferrals: [{nfd}, ZOË ÅNGSTRÖM]\n---\n",
    })  # fmt: skip
    out = build_ok(root)
    assert_nowhere(out, "Zoë Ångström", nfd, "Angstrom", "weighing an offer")


def test_a_private_company_is_left_out(write_journal, build_ok, invoke):
    root = write_journal({
        "companies/stealth-co.md": "---\nname: Stealth Robotics\nprivate: true\nwebsite: https://stealth.example\n"
                                   "---\nThey are about to raise a round.\n",
        "contacts/ann.md": "---\nname: Ann Public\ncompany: stealth-co\n---\n",
        "contacts/bo.md": "---\nname: Bo Public\ncompany: Stealth Robotics\n---\n",
    })  # fmt: skip
    assert "W001" not in invoke("-j", str(root), "validate").stdout
    out = build_ok(root)
    assert (out / "contacts/ann.html").is_file() and (out / "contacts/bo.html").is_file()
    assert_nowhere(out, "Stealth Robotics", "stealth-co", "stealth.example", "raise a round")


def test_redact_removes_addresses_and_numbers_wherever_a_reader_sees_them(write_journal, build_ok):
    root = write_journal({
        "contacts/ann.md": "---\nname: Ann Public\ncompany: acme\nemail: ann@example.org\nphone: +44 7700 900111\nlinks:\n"
                           "  whatsapp: https://wa.me/447700900123\n  mail: mailto:bob%40example.org\n"
                           "  site: https://ann.example/\n---\n"
                           "- [ ] Call +44 7700 900222 due:2026-11-25\n\n"
                           "Mail <mailto:bob%40example.org> or <https://wa.me/447700900333>.\n\n"
                           "Or dan&#64;example.org, [Eve](mailto:eve&#x40;example.org), +44&#32;7700&#32;900555.\n",
        "contacts/call-07700900444.md": "---\nname: Cal Number\n---\n",
        "interviews/2026-11-02-ann.md": "---\ncontact: ann\ndate: 2026-11-02\ntags: [ux]\nfollow_ups:\n"
                                        "  - do: Write to carol@example.org\n---\n"
                                        "## Questions\n\n- Is dan@example.org the one to ask?\n\n"
                                        "## Ring +44 7700 900777\n\n"
                                        "## Takeaways\n\n- Call +44 7700 900666\n\n"
                                        "## Reflection\n\nWrite to erin@example.org.\n",
        "interviews/2026-12-02-ann.md": "---\ncontact: ann\ndate: 2026-12-02\nstatus: scheduled\n---\n",
        "companies/acme.md": "---\nname: Acme\n---\nReception: +44 7700 900888 or desk@example.org. Ask for the lab.\n\n"
                             "Berlin office: 030/1234567, since 2026/11/21 10:30 (21/11/2026 10:30).\n",
    })  # fmt: skip
    out = build_ok(root, "--redact")
    assert (
        "<p>Berlin office: [redacted], since 2026/11/21 10:30 (21/11/2026 10:30).</p>"
        in (out / "companies/acme.html").read_text()
    )
    assert (out / "learned/ux.html").is_file() and (out / "prep/2026-12-02-ann.html").is_file()
    # (the brief shows her company's notes)
    assert (
        "Reception: [redacted] or [redacted]. Ask for the lab."
        in (out / "prep/2026-12-02-ann.html").read_text()
    )
    assert_nowhere(
        out,
        "7700 900888",
        "@example.org",
        "7700 900666",
        "900777",
        "bob%40",
        "7700 900111",
        "447700900123",
        "7700 900222",
        "447700900333",
        "07700900444",
        "7700 900555",
        "&#64;example",
        "&#x40;example",
    )
    assert "<p>Or [redacted], Eve, [redacted].</p>" in (out / "contacts/ann.html").read_text()
    assert "https://ann.example/" in (out / "contacts/ann.html").read_text()


def test_a_refusal_names_the_page_the_records_and_what_to_change(write_journal, invoke, monkeypatch):
    from infoview.journal.privacy import PrivateNames

    root = write_journal({
        "contacts/ann.md": "---\nname: Ann Public\n---\nLunch with Bo Kim.\n",
        "contacts/bo-kim.md": private_contact("Bo Kim"),
    })  # fmt: skip
    monkeypatch.setattr(PrivateNames, "blank_html", lambda self, markup: markup)  # a bug in leaving names out
    result = invoke("-j", str(root), "build", "--today", TODAY)
    assert result.exit_code == 1
    assert result.stderr == (
        "Error: refusing to publish the site: contacts/ann.html contains the name of private record "
        "contacts/bo-kim.md: 'Bo Kim'. The page shows contacts/ann.md, a public record: remove the text from "
        "it or mark it private too (or build with --include-private to publish private records). The previous "
        "site was left as it was.\n"
    )
    assert not (root / "_site").exists()


def test_watch_shows_a_refusal_as_a_message(write_journal, monkeypatch):
    from infoview.site import build as site_build
    from infoview.watch.loop import Refused, rebuild

    class Preview:
        def __init__(self) -> None:
            self.shown: list[str] = []

        def building(self) -> None:
            pass

        def built(self, problems, failure: str = "") -> None:
            self.shown.append(failure)

    def refuse():
        raise Refused(
            "refusing to publish the site: x.html contains the name of private record contacts/a.md"
        )

    preview = Preview()
    rebuild(preview, refuse)  # type: ignore[arg-type]
    assert preview.shown == [
        "refusing to publish the site: x.html contains the name of private record contacts/a.md"
    ]
    assert "Traceback" not in preview.shown[0]
    assert site_build.LeakError is not None


def test_private_names_in_public_fields_are_left_out_too(write_journal, build_ok, invoke):
    root = write_journal({
        "contacts/zelda-quist.md": private_contact("Zelda Quist"),
        "companies/hushco.md": "---\nname: Hushco Industries\nprivate: true\n---\nStealth mode.\n",
        "contacts/bob.md": "---\nname: Bob Public\ntitle: VP at Hushco Industries\n---\nMet at Hushco Industries.\n",
        "interviews/2026-11-20-bob.md": "---\ncontact: bob\ndate: 2026-11-20\ntopic: Chat about Zelda Quist\n"
                                        "tags: [Zelda Quist, ux]\n---\n",
    })  # fmt: skip
    found = [line.split(": warning")[0] for line in invoke("-j", str(root), "validate").stdout.splitlines()
             if "[W006]" in line]  # fmt: skip
    assert found == ["contacts/bob.md:3:8", "contacts/bob.md:5:8", "interviews/2026-11-20-bob.md:4:8",
                     "interviews/2026-11-20-bob.md:5:7"]  # fmt: skip
    out = build_ok(root)
    assert "<h1>[private]" not in (out / "interviews/2026-11-20-bob.html").read_text()
    assert "Chat about [private]" in (out / "interviews/2026-11-20-bob.html").read_text()
    assert_nowhere(out, "Zelda Quist", "zelda-quist", "Hushco", "Stealth mode", "weighing an offer")


def test_a_public_record_with_a_private_ones_id_builds(write_journal, build_ok):
    root = write_journal({
        "contacts/ann-lee.md": private_contact("Ann Lee"),
        "companies/ann-lee.md": "---\nname: Something Else\n---\nA company.\n",
    })  # fmt: skip
    out = build_ok(root)
    assert (out / "companies/ann-lee.html").is_file()
    assert_nowhere(out, "Ann Lee", "weighing an offer")


def w006_places(invoke, root: Path) -> list[str]:
    result = invoke("-j", str(root), "validate")
    return [line.split(": warning")[0] for line in result.stdout.splitlines() if "[W006]" in line]


def test_a_company_field_that_names_a_withheld_record_refers_to_it(write_journal, build_ok, invoke):
    root = write_journal({
        "contacts/zara-quill.md": private_contact("Zara Quill"),
        "companies/globex-secret-labs.md": "---\nname: Globex Secret Labs\nprivate: true\n---\n",
        "contacts/ann.md": "---\nname: Ann Public\ncompany: zara quill\n---\nZara Quill says hi.\n",
        "contacts/bo.md": "---\nname: Bo Public\ncompany: Globex Secret Labs\n---\nShe works at Globex Secret Labs.\n",
    })  # fmt: skip
    assert w006_places(invoke, root) == ["contacts/ann.md:5:1", "contacts/bo.md:5:14"]
    out = build_ok(root)
    assert "<p>[private] says hi.</p>" in (out / "contacts/ann.html").read_text()
    assert "<p>She works at [private].</p>" in (out / "contacts/bo.html").read_text()
    assert_nowhere(
        out, "Zara Quill", "zara-quill", "Globex Secret Labs", "globex-secret", "weighing an offer"
    )


def test_a_private_address_number_or_id_in_public_text_is_left_out(write_journal, build_ok, invoke):
    root = write_journal({
        "contacts/zara-quill.md": private_contact(
            "Zara Quill", "email: zara.quill@secret.example\nphone: +44 7700 900123\n"
        ),
        "contacts/pat.md": "---\nname: Pat Public\ntags: [zara-quill, design]\nlinks:\n"
                           "  profile: https://www.linkedin.com/in/zara-quill\n  Zara Quill: https://example.org/zq\n"
                           "---\nHer address is zara.quill@secret.example.\n"
                           "Her number is 07700 900123; see Zara-Quill.\n",
    })  # fmt: skip
    result = invoke("-j", str(root), "validate")
    lines = [line for line in result.stdout.splitlines() if "[W006]" in line]
    assert [line.split(": warning")[0] for line in lines] == [
        "contacts/pat.md:3:7",  # the tag
        "contacts/pat.md:5:12",  # the link whose address holds the id
        "contacts/pat.md:6:15",  # the link whose label is the name
        "contacts/pat.md:8:16",
        "contacts/pat.md:9:15",
        "contacts/pat.md:9:33",
    ]
    assert "this names a private record (contacts/zara-quill.md)" in lines[2]
    assert "this is the e-mail address of a private record (contacts/zara-quill.md)" in lines[3]
    assert "this is the phone number of a private record (contacts/zara-quill.md)" in lines[4]
    assert "this is the id of a private record (contacts/zara-quill.md)" in lines[5]
    out = build_ok(root)
    page = (out / "contacts/pat.html").read_text()
    assert "<p>Her address is [private].\nHer number is [private]; see [private].</p>" in page
    assert "#design" in page and "https://example.org/zq" in page
    assert_nowhere(
        out, "zara.quill@secret", "7700 900123", "07700 900123", "zara-quill", "Zara Quill", "linkedin"
    )


def test_a_private_name_split_by_markup_or_written_with_references_is_left_out(
    write_journal, build_ok, invoke
):
    root = write_journal({
        "contacts/zara-quill.md": private_contact("Zara Quill", "email: zq@secret.example\n"),
        "contacts/pat.md": "---\nname: Pat Public\n---\n"
                           "**Zara** Quill, Zara&nbsp;Quill, Zar&#97; Quill, Zara Qu&shy;ill, [Zara Quill](https://example.org/z)\n"
                           "and <mailto:zq@secret.example>, [mail her](mailto:zq%40secret.example).\n",
    })  # fmt: skip
    # Columns as written (after references); a name split by ** is left out of the site all the same.
    assert w006_places(invoke, root) == [
        "contacts/pat.md:4:17", "contacts/pat.md:4:34", "contacts/pat.md:4:50", "contacts/pat.md:4:68",
        "contacts/pat.md:5:13",
    ]  # fmt: skip
    out = build_ok(root)
    page = (out / "contacts/pat.html").read_text()
    assert ("<p><strong>[private]</strong>, [private], [private], [private], "
            '<a href="https://example.org/z" rel="noopener noreferrer">[private]</a>\nand mailto:[private], mail her.</p>') in page  # fmt: skip
    assert_nowhere(out, "Zara Quill", "zq@secret", "zq%40secret", "Zara\u00a0Quill")


def test_redact_reads_addresses_as_a_reader_does(write_journal, build_ok):
    root = write_journal({
        "contacts/ann.md": "---\nname: Ann Public\ntitle: Reach me at hal\uff20example.com\n---\n"
                           "Mail hal\uff20example.com or ivy@exa&shy;mple.com or fr&#97;nk2@example.com,\n"
                           "[Frank](mailto:frank@example.com) or [07700 900135](tel:07700900135).\n",
    })  # fmt: skip
    out = build_ok(root, "--redact")
    page = (out / "contacts/ann.html").read_text()
    assert "<p>Mail [redacted] or [redacted] or [redacted],\nFrank or [redacted].</p>" in page
    assert "Reach me at [redacted]" in page
    assert_nowhere(out, "example.com", "900135", "exa\u00admple")


BO = private_contact(
    "Bo Kim", "email: bo.kim@secret.org\nphone: 07700 900123\n", "Quietly weighing an offer."
)


def test_a_private_number_address_or_id_however_written_is_left_out(write_journal, build_ok, invoke):
    root = write_journal({
        "contacts/bo-kim.md": BO,
        "contacts/ann-lee.md": "---\nname: Ann Lee\nlinks:\n  chat: https://wa.me/447700900123\n---\n"
                               "1. Ring [her](tel:07700900123).\n2. Call 07700 900123 1 more time.\n"
                               "3. Mail bo.kim@secret\\.org today.\n4. Code `[[bo-kim]]` and `bo-kim`.\n"
                               "5. Or +44 (0)7700-900-123, p:07700900123, 07700 *900*123.\n",
    })  # fmt: skip
    assert w006_places(invoke, root) == [
        "contacts/ann-lee.md:4:9",
        "contacts/ann-lee.md:6:19",
        "contacts/ann-lee.md:7:9",
        "contacts/ann-lee.md:9:27",
        "contacts/ann-lee.md:10:7",
        "contacts/ann-lee.md:10:30",
        "contacts/ann-lee.md:10:43",
    ]  # fmt: skip (the id in a code span is left out of the site all the same)
    out = build_ok(root)
    page = (out / "contacts/ann-lee.html").read_text()
    assert "wa.me" not in page and "tel:" not in page
    assert "<li>Call [private] 1 more time.</li>" in page
    assert "<li>Code <code>[[[private]]]</code> and <code>[private]</code>.</li>" in page
    assert_nowhere(
        out, "07700900123", "07700 900123", "900123", "900-123", "bo.kim@secret", "bo-kim", "Bo Kim"
    )


def test_a_private_number_between_any_signs_or_over_cells_and_a_broken_address_are_left_out(
    write_journal, build_ok, invoke
):
    root = write_journal({
        "contacts/bo-kim.md": BO.replace("phone: 07700 900123", "phone: +44 7700 900123"),
        "contacts/ann-lee.md": "---\nname: Ann Lee\n---\n"
                               "- a 07700\u00b7900123 x\n- b 07700_900123 x\n- c 07700~900123 x\n"
                               "- d 07700,900123 x\n- e 07700:900123 x\n- f 07700\u2013900123 x\n"
                               "- g 07700 \u2014 900123 x\n- h 1, 07700.900123, 07700/900123 x\n\n"
                               "| first | second |\n|---|---|\n| 07700 | 900123 |\n| Bo | Kim |\n\n"
                               "Mail bo.kim@\nsecret.org or bo.kim @ secret.org today.\n\n"
                               "- 07700\n- 900123\n\nPart one bo.kim\n\n@secret.org part two.\n",
    })  # fmt: skip
    assert w006_places(invoke, root) == [
        *(f"contacts/ann-lee.md:{line}:5" for line in range(4, 11)),
        "contacts/ann-lee.md:11:8",  # (not the 1 before it)
        "contacts/ann-lee.md:11:22",
        "contacts/ann-lee.md:15:3",
        "contacts/ann-lee.md:18:6",
        "contacts/ann-lee.md:19:15",
        "contacts/ann-lee.md:21:3",
        "contacts/ann-lee.md:24:10",
    ]  # fmt: skip (the name over two cells is left out of the site all the same)
    out = build_ok(root)
    page = (out / "contacts/ann-lee.html").read_text()
    items = re.findall(r"<li>(.*?)</li>", page)
    assert items == [f"{letter} [private] x" for letter in "abcdefg"] + [
        "h 1, [private], [private] x",
        "[private]",
        "",
    ]
    assert "<p>Part one [private]</p><p> part two.</p>" in page
    # (a number over two cells is read as one; a name is read a cell at a time)
    assert "<tr>\n<td>[private]</td><td></td>\n</tr>\n<tr>\n<td>Bo</td>\n<td>Kim</td>\n</tr>" in page
    assert "<p>Mail [private] or [private] today.</p>" in page
    assert_nowhere(out, "900123", "bo.kim@", "secret.org", "Bo Kim", "Bo | Kim")


def test_a_private_name_without_its_accents_hyphen_or_apostrophe_is_left_out(write_journal, build_ok, invoke):
    root = write_journal({
        "contacts/zoe.md": private_contact("Zo\u00eb \u00c5ngstr\u00f6m"),
        "contacts/sob.md": private_contact("Siobh\u00e1n O\u2019Brien-Walsh"),
        "contacts/ann-lee.md": "---\nname: Ann Lee\ncompany: Zoe Angstrom Consulting\n---\n"
                               "- a Zoe Angstrom x\n- b ZOE ANGSTROM x\n- c Siobhan OBrien-Walsh x\n"
                               "- d Siobh\u00e1n O'Brien Walsh x\n- e siobhan obrien walsh x\n"
                               "- f Zoe Angstrom Consulting x\n- g Siobhan O Brien Walsh x\n"
                               "- h Zoe \u00c5ngstr\u00f6m x\n- i Zo\u00eb  Angstrom x\n- j Zoe A&#778;ngstro&#776;m x\n",
    })  # fmt: skip
    assert w006_places(invoke, root) == [
        f"contacts/ann-lee.md:{line}:5" for line in (5, 6, 7, 8, 9, 11, 12, 13, 14)
    ]
    out = build_ok(root)
    items = re.findall(r"<li>(.*?)</li>", (out / "contacts/ann-lee.html").read_text())
    assert items == [f"{letter} [private] x" for letter in "abcde"] + [
        "f Zoe Angstrom Consulting x",
        *(f"{letter} [private] x" for letter in "ghij"),
    ]
    assert_nowhere(out, "Zoe Angstrom x", "Zo\u00eb", "Siobhan", "Siobh\u00e1n", "Walsh")


@pytest.mark.parametrize(
    "written",
    ["B\U000e0020o Kim", "Bo\U000e0101 Kim", "Bo Ki\ufff9m", "Anne\u2010Marie Roy", "Anne\u2011Marie Roy",
     "anne\u2212marie roy", "Pat O\u2018Neill", "Pat O\u02bcneill", "Pat O\u2019Neill"],
)  # fmt: skip
def test_look_alike_characters_do_not_hide_a_private_name(write_journal, build_ok, invoke, written):
    root = write_journal({
        "contacts/bo-kim.md": private_contact("Bo Kim"),
        "contacts/anne.md": private_contact("Anne-Marie Roy"),
        "contacts/pat.md": private_contact("Pat O'Neill"),
        "contacts/ann.md": f"---\nname: Ann Public\n---\nLunch with {written}.\n",
    })  # fmt: skip
    assert w006_places(invoke, root) == ["contacts/ann.md:4:12"]
    out = build_ok(root)
    assert "<p>Lunch with [private].</p>" in (out / "contacts/ann.html").read_text()
    assert_nowhere(out, "Bo Kim", "Anne-Marie", "Marie Roy", "O'Neill", "Neill", "weighing an offer")


def test_what_the_site_drops_never_makes_a_private_id_public(write_journal, build_ok, invoke):
    root = write_journal({
        "contacts/bo-kim.md": BO,
        "companies/hidden-co.md": "---\nname: Hidden Corp\nprivate: true\n---\n",
        "contacts/ann.md": "---\nname: Ann Public\nbo-kim: met twice\ntags: [bo-kim, design]\n"
                           "location: near bo-kim\n---\n",
        "contacts/cy.md": "---\nname: Cy Public\ncompany: hidden-co#x\n---\n",
        "contacts/di.md": "---\nname: Di Public\ncompany: companies/hidden-co\n---\n",
        "contacts/ed.md": "---\nname: Ed Public\ncompany: Hidden Corp.\n---\n",
    })  # fmt: skip
    out = build_ok(root)
    page = (out / "contacts/ann.html").read_text()
    assert "<dt>[private]</dt>" in page and "near [private]" in page and "#design" in page
    assert not list((out / "companies").glob("*hidden*"))
    assert_nowhere(out, "bo-kim", "Bo Kim", "hidden-co", "Hidden Corp")


def raw_html_journal(write_journal, notes: str, more: dict[str, str] | None = None) -> Path:
    """A journal with raw HTML in notes (allow_html), the private Bo Kim, and a
    public Ann whose notes are these."""
    files = {"infoview.toml": "[site]\nallow_html = true\n", "contacts/bo-kim.md": BO, **(more or {})}
    return write_journal({**files, "contacts/ann.md": "---\nname: Ann Public\n---\n" + notes})


def test_with_raw_html_the_markup_itself_is_searched():
    from infoview.site.forbidden import Secret
    from infoview.site.leaks import LeakCheck, LeakError

    secrets = [Secret("Bo Kim", "the name of private record contacts/bo-kim.md")]
    for page in (b"<p>Hi <!-- Bo Kim --> there.</p>", b"<p>Hi <span data-note='Bo Kim'>there</span>.</p>"):
        LeakCheck(secrets, redact=False, raw=False).check("contacts/ann.html", page)  # unseen
        with pytest.raises(LeakError, match=r"contacts/ann\.html contains the name of private record"):
            LeakCheck(secrets, redact=False, raw=True).check("contacts/ann.html", page)


def test_with_raw_html_a_name_across_any_inline_tag_is_left_out(write_journal, build_ok):
    # What a paste from a mail or a word processor leaves between words (<font>, an
    # image, <wbr>), tags in capitals, a style's text (not shown), a line break.
    root = raw_html_journal(
        write_journal,
        'Lunch with Bo <font face="Arial"></font>Kim today.\n\nAnd Bo <img src="cid:x">Kim. And Bo <wbr> Kim. '
        "And <STRONG>Bo</STRONG> Kim.\n\nAnd Bo <style>p{}</style>Kim. Or Bo<BR>Kim.\n",
    )
    page = (build_ok(root) / "contacts/ann.html").read_text()
    assert '<p>Lunch with [private]<font face="Arial"></font> today.</p>' in page
    assert (
        '<p>And [private]<img src="cid:x">. And [private]<wbr>. And <STRONG>[private]</STRONG>.</p>' in page
    )
    assert "<p>And [private]<style>p{}</style>. Or [private]<BR>.</p>" in page
    assert_nowhere(root / "_site", "Bo Kim", "Bo <font", "Bo <img", "Bo <wbr", "Bo <style", "Bo<BR>")


def test_with_raw_html_an_attribute_is_left_without_what_is_private(write_journal, build_ok, invoke):
    root = raw_html_journal(
        write_journal,
        'Hi <span data-note="Bo Kim, 07700 900123">there</span>.\n\n'
        'And <span data-p="030 1234567" data-m="jo@example.net">here</span>.\n\n'
        "Or <span title='Bo Kim' data-q=Bo&#32;Kim>there</span>.\n",
    )
    assert w006_places(invoke, root) == [
        "contacts/ann.md:4:21",
        "contacts/ann.md:4:29",
        "contacts/ann.md:8:17",
        "contacts/ann.md:8:32",
    ]
    page = (build_ok(root) / "contacts/ann.html").read_text()
    assert '<p>Hi <span data-note="[private], [private]">there</span>.</p>' in page
    assert '<p>Or <span title="[private]" data-q="[private]">there</span>.</p>' in page
    page = (build_ok(root, "--redact") / "contacts/ann.html").read_text()
    assert '<p>And <span data-p="[redacted]" data-m="[redacted]">here</span>.</p>' in page
    assert_nowhere(root / "_site", "Bo Kim", "900123", "1234567", "jo@example")


def test_with_raw_html_a_comment_is_left_without_what_is_private(write_journal, build_ok, invoke):
    root = raw_html_journal(
        write_journal,
        "Hi <!-- ask Bo Kim, bo.kim@secret.org or ann@example.org --> there.\n\n<!--\nBo Kim\n-->\n\n"
        "<!-- 07700&#32;900123, jo&#64;example.net -->\n",
    )
    assert w006_places(invoke, root) == [
        "contacts/ann.md:4:13",
        "contacts/ann.md:4:21",
        "contacts/ann.md:7:1",
        "contacts/ann.md:10:6",
    ]
    page = (build_ok(root) / "contacts/ann.html").read_text()
    assert (
        "<p>Hi <!-- ask [private], [private] or ann@example.org --> there.</p>\n<!--\n[private]\n-->" in page
    )
    assert "<!-- [private], jo@example.net -->" in page  # (references read)
    page = (build_ok(root, "--redact") / "contacts/ann.html").read_text()
    assert "<p>Hi <!-- ask [private], [redacted] or [redacted] --> there.</p>" in page
    assert "<!-- [redacted], [redacted] -->" in page
    assert_nowhere(root / "_site", "Bo Kim", "bo.kim@", "ann@example", "900123", "jo@example", "jo&#64;")


def test_with_raw_html_and_redact_the_sample_builds(tmp_path, build_ok):
    """The charts' and the network's coordinates are no phone numbers."""
    root = tmp_path / "journal"
    shutil.copytree(SAMPLE, root)
    config = root / "infoview.toml"
    config.write_text(config.read_text().replace("[site]\n", "[site]\nallow_html = true\n", 1))
    out = build_ok(root, "--redact")
    assert 'viewBox="0 0 ' in (out / "network.html").read_text()


def test_keep_going_leaves_out_a_broken_files_address_and_number(write_journal, build_ok, invoke):
    root = write_journal({
        "contacts/bo-kim.md": "---\nname: Bo Kim\nemail: bo.kim@secret.org\nphone: 07700 900123\n"
                              "private: true\ntags: [a\n---\n",
        "contacts/ann.md": "---\nname: Ann Public\n---\nWrite to bo.kim@secret.org or call 07700 900123.\n",
    })  # fmt: skip
    result = invoke("-j", str(root), "build", "--today", TODAY, "--keep-going")
    assert result.exit_code == 1
    assert "<p>Write to [private] or call [private].</p>" in (root / "_site/contacts/ann.html").read_text()
    assert_nowhere(root / "_site", "bo.kim@secret", "900123", "Bo Kim", "bo-kim")


def test_redact_reads_link_titles(write_journal, build_ok):
    root = write_journal({
        "contacts/ann.md": "---\nname: Ann Public\n---\n"
                           '[x](https://x.org "020 7946 0123") and [y](https://y.org "ann16@pub.org")\n',
    })  # fmt: skip
    out = build_ok(root, "--redact")
    assert_nowhere(out, "7946", "ann16@")
    assert 'title="[redacted]"' in (out / "contacts/ann.html").read_text()


@pytest.mark.parametrize(
    "files",
    [
        {"contacts/ann-lee.md": "---\nname: Ann Lee\n---\n",
         "interviews/2026-11-02-ann-lee.md": "---\ncontact: ann-lee\ndate: 2026-11-02\n---\n",
         "contacts/zed.md": private_contact("Zed Quinn", note="Send a thank-you note to Ann Lee.")},
        {"contacts/mary-ann.md": private_contact("Mary Ann"),
         "contacts/ann.md": "---\nname: Ann Public\n---\n",
         "interviews/2026-11-02-ann.md": '---\ncontact: ann\ndate: 2026-11-02\nreferrals: ["Mary Ann Evans"]\n---\n'},
        {"contacts/reach-out.md": private_contact("Reach Out"),
         "contacts/ann.md": "---\nname: Ann Public\n---\n",
         "interviews/2026-11-02-ann.md": '---\ncontact: ann\ndate: 2026-11-02\nreferrals: ["Cy Lee"]\n---\n'},
    ],
    ids=["a note like a rule's follow-up", "a longer public referral", "a name like the site's words"],
)  # fmt: skip
def test_more_honest_journals_build(write_journal, build_ok, files):
    build_ok(write_journal(files))


BO2 = private_contact(
    "Bo Kim", 'email: bo.kim@secret.example\nphone: "+44 7700 900123"\n', "Quietly weighing an offer."
)


def test_references_that_hold_a_private_address_number_or_id_are_left_out(write_journal, build_ok, invoke):
    root = write_journal({
        "contacts/bo-kim.md": BO2,
        "contacts/carl.md": '---\nname: Carl Public\ncompany: "+44 7700 900123"\n---\n',
        "contacts/dee.md": '---\nname: Dee Public\ncompany: "bo.kim@secret.example"\n---\n',
        "interviews/2026-11-05-carl.md": "---\ncontact: carl\ndate: 2026-11-05\nstatus: done\nreferrals:\n"
                                         '  - "bo.kim@secret.example"\n  - "+44 7700 900123"\n'
                                         '  - "Bo Kim (bo-kim)"\n  - "Bo Kim <bo.kim@secret.example>"\n'
                                         '  - "Cy Other"\n---\n',
    })  # fmt: skip
    out = build_ok(root)
    assert "Cy Other" in (out / "interviews/2026-11-05-carl.html").read_text()
    assert_nowhere(out, "bo.kim@secret", "7700 900123", "bo-kim", "Bo Kim", "weighing an offer")


def test_a_superscript_or_a_sign_after_a_name_does_not_hide_it(write_journal, build_ok, invoke):
    root = write_journal({
        "contacts/bo-kim.md": BO2,
        "contacts/ann.md": "---\nname: Ann Public\n---\nAsk Bo Kim\u00b2 about it; mail bo.kim@secret.example\u2122 now; "
                           "see bo-kim\u00b2 too.\n",
    })  # fmt: skip
    assert w006_places(invoke, root) == [
        "contacts/ann.md:4:5",
        "contacts/ann.md:4:28",
        "contacts/ann.md:4:60",
    ]
    out = build_ok(root)
    assert (
        "Ask [private] 2 about it; mail [private] TM now; see [private] 2 too."
        in (out / "contacts/ann.html").read_text()
    )
    assert_nowhere(out, "Bo Kim", "bo.kim@secret", "bo-kim")


def test_keep_going_leaves_out_a_broken_files_id_and_a_latin1_files_name(write_journal, invoke):
    root = write_journal({
        "contacts/quin-tu.md": "---\nname: Quin Tu\ntags: [\n---\n",
        "contacts/zoe-roe.md": b"---\nname: Zo\xeb Roe\nemail: zoe@roe.example\n---\n",
        "contacts/ann.md": "---\nname: Ann Public\n---\nMet quin-tu, Zo\u00eb Roe and zoe-roe.\n",
    })  # fmt: skip
    result = invoke("-j", str(root), "build", "--today", TODAY, "--keep-going")
    assert result.exit_code == 1
    assert "<p>Met [private], [private] and [private].</p>" in (root / "_site/contacts/ann.html").read_text()
    assert_nowhere(root / "_site", "quin-tu", "Quin Tu", "Zo\u00eb Roe", "zoe-roe", "zoe@roe")


def test_a_private_interviews_id_in_public_text_is_left_out(write_journal, build_ok, invoke):
    root = write_journal({
        "contacts/ann-lee.md": "---\nname: Ann Lee\n---\nSee 2026-11-15-ann-lee for that.\n",
        "interviews/2026-11-15-ann-lee.md": "---\ncontact: ann-lee\ndate: 2026-11-15\nprivate: true\n---\n"
                                            "We talked about leaving.\n",
    })  # fmt: skip
    assert w006_places(invoke, root) == ["contacts/ann-lee.md:4:5"]
    out = build_ok(root)
    assert "<p>See [private] for that.</p>" in (out / "contacts/ann-lee.html").read_text()
    assert_nowhere(out, "2026-11-15-ann-lee", "talked about leaving")


@pytest.mark.parametrize(
    "files",
    [
        {"contacts/ann-lee.md": "---\nname: Ann Lee\n---\n",
         "contacts/kim-park.md": "---\nname: Kim Park\nreferred_by: ann-lee\n---\n",
         "contacts/lee-kim.md": private_contact("Lee Kim")},
        {"contacts/ilker.md": private_contact("\u0130lker Ay"),
         "contacts/ann-lee.md": "---\nname: Ann Lee\n---\n\u0130LKER AY came, and \u0130Ann Lee.\n"},
        {"contacts/bo-kim.md": BO2,
         "contacts/ann.md": "---\nname: Ann Public\nextra:\n  nested: Bo Kim\n  list: [Bo Kim, x]\n---\n"
                            "Ann met Bo\\\nKim today, and Bo  \nKim again.\n"},
    ],
    ids=["names side by side on the network page", "a dotted capital I", "nested fields and line breaks"],
)  # fmt: skip
def test_still_more_honest_journals_build(write_journal, build_ok, files):
    out = build_ok(write_journal(files))
    assert_nowhere(out, "Lee Kim" if "contacts/lee-kim.md" in files else "weighing an offer")


def test_redact_reads_an_address_as_a_browser_does(write_journal, build_ok):
    root = write_journal({
        "contacts/ann.md": "---\nname: Ann Public\ncompany: +1 555 010 7777\n---\nSee ann17%2540example.org.\n",
    })  # fmt: skip
    out = build_ok(root, "--redact")
    assert_nowhere(out, "555 010 7777", "555-010-7777")
    out = build_ok(root)
    assert not [p for p in (out / "companies").iterdir() if "555" in p.name]


def test_a_private_name_in_a_pasted_address_is_left_out(write_journal, build_ok):
    root = write_journal({
        "contacts/bo-kim.md": BO2,
        "contacts/ann.md": "---\nname: Ann Public\n---\n"
                           "Found via https://www.linkedin.com/search/?keywords=Bo%20Kim and ?email=bo.kim%40secret.example\n",
    })  # fmt: skip
    out = build_ok(root)
    assert_nowhere(out, "Bo Kim", "bo.kim@secret")
    assert "Bo%20Kim" not in (out / "contacts/ann.html").read_text()


def test_the_question_bank_takeaways_and_briefs_keep_private_people_out(write_journal, build_ok):
    root = write_journal({
        "contacts/zelda-quist.md": private_contact("Zelda Quist"),
        "contacts/ann-lee.md": "---\nname: Ann Lee\n---\n",
        "interviews/2026-11-01-zelda-quist.md": "---\ncontact: zelda-quist\ndate: 2026-11-01\n---\n"
        "## Questions\n\n- How is the secret project going?\n\n## Takeaways\n\n- Quist Labs is hiring quietly.\n",
        "interviews/2026-11-02-ann-lee.md": "---\ncontact: ann-lee\ndate: 2026-11-02\ntags: [ux]\n---\n"
        "## Questions\n\n- Would Zelda Quist talk to me?\n- Does **Zelda** Quist read cover letters?\n\n"
        "## Takeaways\n\n- Zelda Quist knows everyone.\n- **Zelda** Quist screens portfolios "
        '([profile](https://example.org/p "Zelda Quist")).\n\n'
        "## Reflection\n\nAsk Zelda Quist next, or write to [[zelda-quist]].\n"
        '[Her team](https://example.org/t "Zelda Quist") is small.\n',
        "interviews/2026-12-01-ann-lee.md": "---\ncontact: ann-lee\ndate: 2026-12-01\n---\n",
    })  # fmt: skip
    site = build_ok(root)
    pages = {name: (site / name).read_text() for name in ("questions.html", "learned.html", "tags.html")}
    pages |= {path.name: path.read_text() for path in (site / "learned").iterdir()}
    pages["prep"] = (site / "prep/2026-12-01-ann-lee.html").read_text()
    assert sorted(path.name for path in (site / "learned").iterdir()) == ["ux.html"]
    for name, text in pages.items():
        assert "Zelda" not in text and "Quist" not in text and "secret project" not in text, name
        assert "zelda" not in text.casefold(), name
    assert "Would [private] talk to me?" in pages["questions.html"]
    assert "Does <strong>[private]</strong> read cover letters?" in pages["questions.html"]
    assert (
        '<strong>[private]</strong> screens portfolios (<a href="https://example.org/p" title="[private]" '
        'rel="noopener noreferrer">profile</a>).' in pages["ux.html"]
    )
    assert "[private] knows everyone." in pages["ux.html"]
    assert (
        '<p>Ask [private] next, or write to <span class="wikilink private">[private]</span>.\n'
        in pages["ux.html"]
    )
    assert "Asked: Would [private] talk to me?" in pages["prep"]  # under Before: asked of Ann on 2 November


def test_a_referral_naming_a_private_person_is_not_drawn_in_the_network(write_journal, build_ok):
    root = write_journal({
        "contacts/zelda-quist.md": private_contact("Zelda Quist"),
        "contacts/ann-lee.md": "---\nname: Ann Lee\n---\n",
        "interviews/2026-11-02-ann-lee.md": "---\ncontact: ann-lee\ndate: 2026-11-02\nthanked: true\n"
        "referrals: [Zelda Quist, Bo Kim]\n---\n",
    })  # fmt: skip
    page = (build_ok(root) / "network.html").read_text()
    assert "Bo Kim" in page and "Zelda" not in page and "Quist" not in page


@pytest.mark.parametrize("what", ["csv", "json", "vcard", "ics"])
def test_exports_leave_private_records_and_names_out_unless_asked(write_journal, invoke, what):
    root = write_journal({
        "contacts/zelda-quist.md": private_contact("Zelda Quist", "email: zelda@example.org\n"),
        "contacts/ann-lee.md": "---\nname: Ann Lee\nreferred_by: zelda-quist\n---\nZelda Quist knows her.\n"
                               "- [ ] Ask Zelda Quist about Ann due:2026-12-01\n",
        "interviews/2026-11-02-zelda-quist.md": "---\ncontact: zelda-quist\ndate: 2026-11-02\n---\nSecret talk.\n",
        "interviews/2026-12-02-ann-lee.md": "---\ncontact: ann-lee\ndate: 2026-12-02 10:00\nstatus: scheduled\n"
                                            "topic: Zelda Quist's team\n---\n",
    })  # fmt: skip
    kinds = ["contacts", "interviews"] if what == "csv" else [None]
    for kind in kinds:
        args = ["-j", str(root), "export", what, "--today", "2026-11-21"] + (["--kind", kind] if kind else [])
        shared = invoke(*args).stdout
        assert "Ann Lee" in shared or kind == "interviews"
        for secret in ("Zelda", "Quist", "zelda", "Secret talk"):
            assert secret not in shared, (what, kind, secret)
        assert "Zelda Quist" in invoke(*args, "--include-private").stdout


def test_links_to_headings_embeds_callouts_and_comments_keep_private_people_out(write_journal, build_ok):
    root = write_journal({
        "contacts/zelda-quist.md": private_contact("Zelda Quist"),
        "contacts/ann-lee.md": "---\nname: Ann Lee\n---\n# Zelda Quist\n",
        "contacts/bo-kim.md": "---\nname: Bo Kim\n---\nSee [[ann-lee#Zelda Quist]], ![[zelda-quist]], "
                              "[[zelda-quist#Intro|her intro]].\n\n> [!note] Zelda Quist\n> Ask her.\n\n"
                              "%% Zelda's number is 07700 900999 %%\n",
    })  # fmt: skip
    out = build_ok(root)
    assert_nowhere(out, "Zelda", "Quist", "07700 900999")
    page = (out / "contacts/bo-kim.html").read_text()
    assert '<a class="wikilink" href="../contacts/ann-lee.html#h-private" title="Ann Lee">' in page


def test_private_names_are_kept_while_the_journal_fields_are_the_same(tmp_path, monkeypatch):
    import shutil

    import infoview.journal.privacy as privacy
    from infoview.cache import Results
    from infoview.index.store import index_path
    from infoview.journal.naming import journal_names
    from infoview.load.journal import load

    from .conftest import SAMPLE

    root = tmp_path / "journal"
    shutil.copytree(SAMPLE, root, ignore=shutil.ignore_patterns(".infoview", "_site"))
    note = root / "interviews/2026/2026-01-08-hannah-berg.md"

    def add(text: str) -> None:
        note.write_bytes(note.read_bytes() + text.encode())

    add("\nI met Eli Novak there.\n")
    made: list[object] = []
    making = privacy._private_names
    monkeypatch.setattr(privacy, "_private_names", lambda *a: made.append(a) or making(*a))

    def w006() -> list[tuple]:  # each process with results of its own, read from the index
        found = load(root, results=Results(index_path(root))).diagnostics
        return [(d.span.path, d.span.line, d.span.col) for d in found if d.code == "W006"]

    first = w006()
    assert first == [("interviews/2026/2026-01-08-hannah-berg.md", first[0][1], 7)] and len(made) == 1
    names = journal_names(load(root).journal)
    assert privacy._load(privacy._dump(names)) == names  # kept as it was made
    made.clear()
    assert w006() == first and made == []  # another process: the names are read back
    add("\nProse, and nobody named.\n")
    assert w006() == first and made == []  # notes' prose edited: the same names
    contact = root / "contacts/eli-novak.md"
    contact.write_text(contact.read_text().replace("name: Eli Novak", "name: Eli Nowak"))
    assert w006() == [] and len(made) == 1  # a name changed: made again, and no longer in the note


@pytest.mark.parametrize(
    "written, shown",
    [
        ("On 2026-11-21 07700 912987 ok.", "On 2026-11-21 [private] ok."),
        ("On 21/11/2026 07700 912987", "On 21/11/2026 [private]"),
        ("Price £1,250 07700 912987", "Price £1,250 [private]"),
        ("salary 85000 7700 912 987", "salary 85000 [private]"),
        ("| L6 | 77009 | 12987 |", "| L6 | [private] |"),
        ("0770091298734", "[private]34"),
        ("call +44 (0)7700-912-987 now", "call [private] now"),
        ("0044 7700 912987 or (07700) 912987", "[private] or [private]"),
        ("tel:+447700912987", "tel:[private]"),
        ("07700 912987 1 more", "[private] 1 more"),
        ("£45 000 07700 912987", "£45 000 [private]"),
        ("Ask her (07700·912987, or mail)", "Ask her ([private], or mail)"),
        ("x (+44 7700 912987) or (+44 7700) 912987", "x ([private]) or [private]"),
    ],
)
def test_a_private_number_is_left_out_without_the_numbers_around_it(written, shown):
    from infoview.journal.privacy import PrivateNames

    assert PrivateNames({}, phones={"700912987": "contacts/bo-kim.md"}).blank(written) == shown


def test_redact_builds_tables_of_years_and_amounts_and_reads_what_a_line_break_or_spaces_split(
    write_journal, build_ok
):
    root = write_journal({
        "contacts/ann.md": "---\nname: Ann Public\n---\n"
                           "| h | h | h | h |\n|---|---|---|---|\n| years | 2019 | 2020 | 2021 |\n"
                           "| pay | 85000 | 92000 | 99000 |\n| bands | 45 | 52 | 60 |\n\n"
                           "- 2019\n- 2020\n- 2021\n\n"
                           "Years 2019 2020 2021 were tough; salaries 85000 92000 99000.\n\n"
                           "Call 07700\n900123 or +44 7700\n900 124 today.\n\n"
                           "Mail jo @ example.net or jo\n@example.org, meet @ 10.30.\n\n"
                           "Mob:07700 900999, (0161 496 0001), Phone:+44 161 496 0002, --0161 496 0004--, "
                           "on 2026-11-21 0161 496 0003; in 2019 85000 people, at 192.168.1.100.\n",
    })  # fmt: skip
    out = build_ok(root, "--redact")
    page = (out / "contacts/ann.html").read_text()
    assert "<td>2019</td>\n<td>2020</td>\n<td>2021</td>" in page
    assert "<td>85000</td>\n<td>92000</td>\n<td>99000</td>" in page
    assert "<li>2019</li>\n<li>2020</li>\n<li>2021</li>" in page
    assert "<p>Years 2019 2020 2021 were tough; salaries 85000 92000 99000.</p>" in page
    assert "<p>Call [redacted] or [redacted] today.</p>" in page
    assert "<p>Mail [redacted] or [redacted], meet @ 10.30.</p>" in page
    assert (
        "<p>Mob:[redacted], ([redacted]), Phone:[redacted], --[redacted]\u2013, on 2026-11-21 [redacted]; "
        "in 2019 85000 people, at 192.168.1.100.</p>"
    ) in page
    assert_nowhere(out, "900123", "900 124", "jo @", "example.net", "example.org")
    shard = (out / "search/0.js").read_text()
    assert "years\\n2019\\n2020\\n2021\\npay\\n85000" in shard  # a line a cell


def test_the_search_words_of_long_notes_are_left_without_what_is_private(write_journal, build_ok):
    # Past what a search result quotes, the notes' other words are searched too
    # (search.plain_text): they come from the page's text, as it is published.
    filler = "Ten years in research, mostly on payments. " * 100
    late = "Lunch with Bo Kim; call 07700 900123 or mail jo@example.net. Years 2019 2020, pay 85000 92000.\n"
    root = write_journal({
        "contacts/ann.md": "---\nname: Ann Public\n---\n" + filler + "\n\n" + late,
        "contacts/bo-kim.md": BO,
    })  # fmt: skip
    out = build_ok(root, "--redact")
    assert (
        "<p>Lunch with [private]; call [redacted] or mail [redacted]. Years 2019 2020, pay 85000 92000.</p>"
        in ((out / "contacts/ann.html").read_text())
    )
    shard = (out / "search/0.js").read_text()
    # A word a line: numbers from two places are not read as one (no false alarm).
    # ("Years" and "pay" are in the text quoted, as "years" and "payments")
    assert shard.endswith(
        '"w":"Lunch\\nwith\\nprivate\\ncall\\nredacted\\nor\\nmail\\n2019\\n2020\\n85000\\n92000"}]);\n'
    )
    assert_nowhere(out, "Bo Kim", "bo-kim", "900123", "jo@example", "example.net", "weighing an offer")


@pytest.mark.parametrize(
    "number, part",
    [
        ("978-0-306-40615-7", "978-0-306-40615"),
        ("2019 2020 2021 2022", "2019 2020 2021 202"),
        ("12 345 678 901", "12 345 678 90"),
    ],
)
def test_the_search_quotes_long_notes_without_cutting_a_number(write_journal, build_ok, number, part):
    # An ISBN, years, a number in thousands: none is a telephone number, but a part
    # of one can read as one, were the search's quote of long notes to end inside it.
    from infoview.site.search import MAX_TEXT, entries_of

    size = MAX_TEXT - len(part) - len("We counted ")  # of the words before, single spaced
    words = size // 5 - 1
    before = "word " * words + "x" * (size - 5 * words - 1) + " "
    note = f"{before}We counted {number} of them."
    assert note[MAX_TEXT - len(part) : MAX_TEXT] == part  # the 4,000th character inside it
    out = build_ok(write_journal({"contacts/pat-lee.md": f"---\nname: Pat Lee\n---\n{note}\n"}), "--redact")
    (entry,) = entries_of((out / "search/0.js").read_text())
    assert entry["x"] == note[: MAX_TEXT - len(part) - 1]  # "...x We counted"
    assert entry["w"].split("\n")[0] == number.split()[0]


def test_a_secret_among_the_search_words_of_long_notes_is_found():
    from infoview.site.forbidden import Secret
    from infoview.site.leaks import LeakCheck, LeakError
    from infoview.site.search import Text, entry, script

    secrets = [Secret("bo.kim@secret.org", "the email of private record contacts/bo-kim.md")]
    shard = script(
        [
            entry(
                "contact",
                "Ann Public",
                "contacts/ann.html",
                "",
                Text("Ten years.", "mail\nbo.kim@secret.org"),
                (),
            )
        ]
    )
    with pytest.raises(LeakError, match=r"search/0\.js contains the email of private record"):
        LeakCheck(secrets, redact=False, raw=False).check("search/0.js", shard)
    LeakCheck(secrets, redact=False, raw=False).check("search/0.js", shard.replace(b"bo.kim@", b"ann@"))


def test_a_private_name_or_address_between_dashes_is_left_out(write_journal, build_ok, invoke):
    root = raw_html_journal(
        write_journal,
        "- a --Bo Kim-- x\n- b -bo.kim@secret.org y\n- c Bo Kim-Smith z\n\n<!--Bo Kim-->\n",
        more={"contacts/bo-kim-smith.md": "---\nname: Bo Kim-Smith\n---\n"},
    )
    assert w006_places(invoke, root) == ["contacts/ann.md:4:7", "contacts/ann.md:5:6", "contacts/ann.md:8:5"]
    page = (build_ok(root) / "contacts/ann.html").read_text()
    assert re.findall(r"<li>(.*?)</li>", page) == ["a --[private]-- x", "b -[private] y", "c Bo Kim-Smith z"]
    assert "<!--[private]-->" in page
    assert_nowhere(root / "_site", "bo.kim@", "--bo kim--", "<!--bo kim")


def test_a_comment_never_closed_is_shown_as_text(write_journal, build_ok):
    root = write_journal({
        "infoview.toml": "[site]\nallow_html = true\n",
        "contacts/ann.md": "---\nname: Ann Public\n---\nBefore.\n\n" + "<!--" * 3000 + "\n",
    })  # fmt: skip
    page = (build_ok(root, "--redact") / "contacts/ann.html").read_text()
    assert "<p>Before.</p>\n" + "&lt;!--" * 3000 in page and "<!--" not in page


def test_with_raw_html_a_link_however_written_to_a_private_number_becomes_its_text(write_journal, build_ok):
    root = raw_html_journal(
        write_journal,
        "<p><a href='tel:+447700900123'>p</a> <A HREF=tel:+447700900123>q</A> "
        '<a href = "https://wa.me/447700900123">r</a> <a href="https://ann.example/">s</a></p>\n',
    )
    page = (build_ok(root) / "contacts/ann.html").read_text()
    assert '<p>p q r <a href="https://ann.example/">s</a></p>' in page  # (raw HTML: as written)
    assert_nowhere(root / "_site", "447700900123", "900123")


def test_a_private_phone_field_with_an_extension_or_two_numbers_is_read_as_its_numbers(
    write_journal, build_ok, invoke
):
    root = write_journal({
        "contacts/rx.md": private_contact("Rae Xu", 'phone: "+44 7700 900999 ext. 12"\n'),
        "contacts/ty.md": private_contact("Tom Yee", 'phone: "07700 900888 / 020 7946 0111"\n'),
        "contacts/ann.md": "---\nname: Ann Public\n---\n"
                           "- a 07700 900999 x\n- b +447700900999 x\n- c 07700 900888 x\n- d 020 7946 0111 x\n",
    })  # fmt: skip
    assert w006_places(invoke, root) == [f"contacts/ann.md:{line}:5" for line in (4, 5, 6, 7)]
    page = (build_ok(root) / "contacts/ann.html").read_text()
    assert re.findall(r"<li>(.*?)</li>", page) == [f"{letter} [private] x" for letter in "abcd"]
    assert_nowhere(root / "_site", "900999", "900888", "7946 0111")


def test_a_public_name_joined_to_a_private_one_by_any_hyphen_stays(write_journal, build_ok, invoke):
    root = write_journal({
        "contacts/bo-kim.md": BO,
        "contacts/ann.md": "---\nname: Ann Public\n---\n"
                           "- a Bo Kim\u2010Smith x\n- b Bo Kim\u2011Smith x\n- c Bo Kim\u2013Ann Lee x\n",
    })  # fmt: skip
    assert w006_places(invoke, root) == ["contacts/ann.md:6:5"]
    page = (build_ok(root) / "contacts/ann.html").read_text()
    assert re.findall(r"<li>(.*?)</li>", page) == [
        "a Bo Kim\u2010Smith x",
        "b Bo Kim\u2011Smith x",
        "c [private]\u2013Ann Lee x",
    ]


def test_a_tag_never_closed_is_shown_as_text(write_journal, build_ok):
    root = write_journal({
        "infoview.toml": "[site]\nallow_html = true\n",
        "contacts/ann.md": "---\nname: Ann Public\n---\nBefore.\n\n<!--" + '<span title="x" ' * 500 + "\n",
    })  # fmt: skip
    page = (build_ok(root, "--redact") / "contacts/ann.html").read_text()
    assert "<p>Before.</p>\n&lt;!--" + '&lt;span title="x" ' * 500 in page


def test_the_owners_name_is_public_even_as_a_private_contacts(write_journal, build_ok, invoke):
    root = write_journal({
        "infoview.toml": '[site]\nowner = "Priya Raman"\n',
        "contacts/priya.md": private_contact("Priya Raman", "email: priya@secret.org\n"),
        "contacts/ann.md": "---\nname: Ann Public\n---\nPriya Raman wrote this; priya@secret.org did not.\n",
    })  # fmt: skip
    assert w006_places(invoke, root) == ["contacts/ann.md:4:25"]
    page = (build_ok(root) / "contacts/ann.html").read_text()
    assert "<p>Priya Raman wrote this; [private] did not.</p>" in page
    assert_nowhere(root / "_site", "priya@secret", "priya.html")


def test_a_private_name_is_read_within_a_paragraph_item_or_cell(write_journal, build_ok, invoke):
    root = write_journal({
        "contacts/jo-lee.md": private_contact("Jo Lee", "phone: 07700 900777\n"),
        "contacts/ann.md": "---\nname: Ann Public\n---\n"
                           "Lunch with Priya and Jo\n\nLee Valley Park is where we walked.\n\n"
                           "## Jo\n\nLee and I disagreed.\n\n| who | what |\n|---|---|\n| Jo | Lee & Co Ltd |\n\n"
                           "- Jo\n- Lee's pub quiz\n\nBut Jo Lee called, on 07700\n\n900777 it was.\n",
    })  # fmt: skip
    assert w006_places(invoke, root) == ["contacts/ann.md:19:5", "contacts/ann.md:19:23"]
    page = (build_ok(root) / "contacts/ann.html").read_text()
    for kept in ("<p>Lunch with Priya and Jo</p>\n<p>Lee Valley Park is where we walked.</p>",
                 '<h2 id="h-jo">Jo</h2>\n<p>Lee and I disagreed.</p>', "<td>Jo</td>\n<td>Lee &amp; Co Ltd</td>",
                 "<li>Jo</li>\n<li>Lee\u2019s pub quiz</li>", "<p>But [private] called, on [private]</p><p> it was.</p>"):  # fmt: skip
        assert kept in page
    assert_nowhere(root / "_site", "900777", "jo-lee")


@pytest.mark.parametrize(
    "written, shown",
    [
        ("Ring 0161 496 0000 (10 am is best).", "Ring [redacted] (10 am is best)."),
        (
            "Call 0113 496 0001 2 times, or 201912345 (9 digits).",
            "Call [redacted] 2 times, or [redacted] (9 digits).",
        ),
        ("Paris: +33 1 23 45 67 89 or 01 23 45 67 89.", "Paris: [redacted] or [redacted]."),
        ("Pi 3.14159265358979, build 10.0.19045.3693, Chrome 131.0.6778.86.", None),
        ("ISBN 978-0-306-40615-7, ZIP 94103-1234, 12 345 678 901 bytes, 4 8 15 16 23 42.", None),
    ],
)
def test_redact_reads_a_phone_number_and_leaves_the_numbers_around_it(written, shown):
    from infoview.site.public import redact_text

    assert redact_text(written) == (shown if shown is not None else written)


def test_private_reflections_are_on_no_page_of_a_subject_and_not_counted(write_journal, build_ok):
    """A subject with more reflections than one page holds: a private talk's and
    a private person's are on none of its pages, nor in its counts."""
    files = {
        "contacts/ann-lee.md": "---\nname: Ann Lee\n---\n",
        "contacts/zelda-quist.md": private_contact("Zelda Quist"),
    }
    for n in range(1, 61):
        files[f"interviews/2026-03-{n:02d}-ann-lee.md" if n <= 31 else f"interviews/2026-04-{n - 31:02d}-ann-lee.md"] = (
            f"---\ncontact: ann-lee\ndate: 2026-{3 if n <= 31 else 4:02d}-{n if n <= 31 else n - 31:02d}\n"
            f"tags: [ux]\n---\n## Reflection\n\nPublic thought {n}.\n"
        )  # fmt: skip
    # On the second page: a wiki-link to the private person, and one to Ann.
    files["interviews/2026-03-01-ann-lee.md"] = files["interviews/2026-03-01-ann-lee.md"].replace(
        "Public thought 1.", "Public thought 1. See [[Zelda Quist]] and [[Ann Lee]]."
    )
    files["interviews/2026-03-15-ann-lee-private.md"] = (
        "---\ncontact: ann-lee\ndate: 2026-03-15\ntags: [ux]\nprivate: true\n---\n"
        "## Reflection\n\nMy salary floor is ninety thousand.\n"
    )
    files["interviews/2026-04-10-zelda-quist.md"] = (
        "---\ncontact: zelda-quist\ndate: 2026-04-10\ntags: [ux]\n---\n## Reflection\n\nQuist Labs is folding soon.\n"
    )
    site = build_ok(write_journal(files))
    assert_nowhere(
        site, "salary floor is ninety thousand", "Quist Labs is folding", "Zelda Quist", "zelda-quist"
    )
    pages = sorted(p.relative_to(site).as_posix() for p in (site / "learned").rglob("*.html"))
    assert pages == ["learned/ux.html", "learned/ux/2.html"]
    assert (
        'Reflections on #ux <span class="count">51\u201360 of 60</span>'
        in (site / "learned/ux/2.html").read_text()
    )
    shown = "".join((site / page).read_text() for page in pages)
    assert sorted(int(n) for n in re.findall(r"Public thought (\d+)\.", shown)) == list(range(1, 61))
    second = (site / "learned/ux/2.html").read_text()
    assert (
        'Public thought 1. See <span class="wikilink private">[private]</span> and '
        '<a class="wikilink" href="../../contacts/ann-lee.html" title="Ann Lee">Ann Lee</a>.'
    ) in second


def test_a_process_that_builds_again_leaves_out_who_is_made_private_since(write_journal):
    """The live preview keeps each public record as it made it: not once who
    is withheld changes (a person made private since the last build)."""
    from infoview.load.memo import Memo
    from infoview.site.build import BuildOptions, build

    root = write_journal({
        "contacts/ann-lee.md": "---\nname: Ann Lee\nreferred_by: zelda-quist\ntags: [zelda-quist]\n---\nHi.\n",
        "contacts/zelda-quist.md": "---\nname: Zelda Quist\n---\nHi.\n",
    })  # fmt: skip
    memo, today = Memo(), BuildOptions(dt.date(2026, 11, 21))
    assert build(root, today, memo).built
    ann = root / "_site/contacts/ann-lee.html"
    assert "Zelda Quist" in ann.read_text() and "zelda-quist" in ann.read_text()
    (root / "contacts/zelda-quist.md").write_text(private_contact("Zelda Quist"))
    assert build(root, today, memo).built
    assert_nowhere(root / "_site", "Zelda Quist", "zelda-quist")
    (root / "contacts/zelda-quist.md").write_text("---\nname: Zelda Quist\n---\nHi.\n")
    assert build(root, today, memo).built
    assert "Zelda Quist" in ann.read_text() and "zelda-quist" in ann.read_text()
