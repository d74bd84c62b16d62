"""import and export: other tools' files in, the journal out; every output
read back by the reference parser of its format."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from infoview.load.journal import load

from .conftest import SAMPLE

FIXTURES = Path(__file__).parent / "fixtures" / "exchange"
TODAY = "2026-11-30"


def snapshot(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*.md"))}


@pytest.fixture
def journal(write_journal):
    return write_journal({
        "contacts/sam.md": "---\nname: Sam O'Brien\nlinks:\n  linkedin: https://linkedin.com/in/sam-obrien/\n---\n",
        "companies/brightside.md": "---\nname: Brightside Health\n---\n",
    })  # fmt: skip


def test_linkedin_as_it_comes_is_matched_created_and_never_twice(journal, invoke):
    before = snapshot(journal)
    args = ("-j", str(journal), "import", "linkedin", str(FIXTURES / "Connections.csv"), "--today", TODAY)
    dry = invoke(*args, "--dry-run")
    assert dry.exit_code == 0 and snapshot(journal) == before
    assert dry.stdout == (
        "would create  contacts/amaka-obi.md  Amaka Obi (line 5)\n"
        "would create  contacts/jonas-weber.md  Jonas Weber (line 6)\n"
        "would create  contacts/priya-raman.md  Priya Raman (line 7)\n"
        "skipped  (no name) (line 8): it has no name\n"
        "would create  contacts/lena-fischer.md  Lena Fischer (line 9)\n"
        "    'sometime in 2021' is not a date: created is the day of the import\n"
        "matched  contacts/sam.md  Sam O'Brien (line 10): the same profile\n"
        "would create  companies/civic-data.md  Civic Data (a company)\n"
        "6 people: 4 to create, 1 matched, 1 skipped; 1 company to create (dry run: nothing written)\n"
    )
    done = invoke(*args)
    assert done.stdout == dry.stdout.replace("would create", "created").replace(
        "4 to create, 1 matched, 1 skipped; 1 company to create (dry run: nothing written)",
        "4 created, 1 matched, 1 skipped; 1 company created",
    )
    assert (journal / "contacts/amaka-obi.md").read_text() == (
        "---\nname: Amaka Obi\ntitle: Researcher, UX\ncompany: brightside\nemail: amaka@example.org\n"
        "links:\n  linkedin: https://www.linkedin.com/in/amaka-obi\nsource: social\ncreated: 2024-03-12\n---\n\n"
        "## Background\n\n## Research\n"
    )
    assert (
        "company: brightside\n" in (journal / "contacts/jonas-weber.md").read_text()
    )  # "Brightside Health Inc"
    assert "created: 2026-11-30\n" in (journal / "contacts/lena-fischer.md").read_text()
    assert (journal / "companies/civic-data.md").read_text() == "---\nname: Civic Data\n---\n\n## Research\n"
    assert load(journal).diagnostics == ()
    after = snapshot(journal)
    again = invoke(*args)
    assert snapshot(journal) == after
    assert again.stdout.splitlines()[-1] == "6 people: 0 created, 5 matched, 1 skipped"
    other = invoke("-j", str(journal), "import", "linkedin", str(FIXTURES / "Connections-reordered.csv"))
    assert other.stdout == (
        "matched  contacts/amaka-obi.md  Amaka Obi (line 2): the same profile\n"
        "1 person: 0 created, 1 matched, 0 skipped\n"
    )


def test_a_file_that_is_not_linkedins_export_is_refused(journal, invoke):
    result = invoke("-j", str(journal), "import", "linkedin", str(FIXTURES / "cards-3.0.vcf"))
    assert result.exit_code == 1
    assert "no header row naming the columns first/last was found" in result.stderr


def test_vcards_of_both_versions_with_folded_lines_labels_and_introductions(write_journal, invoke):
    root = write_journal({})
    invoke("-j", str(root), "import", "vcard", str(FIXTURES / "cards-3.0.vcf"), "--today", TODAY)
    assert (root / "contacts/ravi-patel.md").read_text() == (
        "---\nname: Ravi Patel\ntitle: Research Lead\ncompany: fjord-as\nemail: ravi@example.org\n"
        "phone: +47 400 00 000\nlinks:\n  linkedin: https://www.linkedin.com/in/ravi-patel\n"
        "  homepage: https://ravi.example\ntags: [research, nordics]\ncreated: 2026-11-30\n---\n\n"
        "Introduced at the Oslo meetup. Likes long walks and longer research plans, apparently.\n"
    )
    result = invoke("-j", str(root), "import", "vcard", str(FIXTURES / "cards-4.0.vcf"), "--today", TODAY)
    assert result.stdout.splitlines()[-1] == "2 people: 2 created, 0 matched, 0 skipped"
    assert "referred_by: kai-moreno\n" in (root / "contacts/lea-roux.md").read_text()
    assert load(root).diagnostics == ()


def test_google_contacts_and_a_mapped_table(write_journal, invoke):
    root = write_journal({})
    result = invoke("-j", str(root), "import", "csv", str(FIXTURES / "google-contacts.csv"), "--today", TODAY)
    assert result.stdout.splitlines()[-1] == "2 people: 2 created, 0 matched, 0 skipped; 1 company created"
    assert (root / "contacts/marta-silva.md").read_text() == (
        "---\nname: Marta Silva\ntitle: Instructional Designer\ncompany: lumen-learning\n"
        "email: marta@example.org\nphone: +44 7700 900123\nlinks:\n  linkedin: https://www.linkedin.com/in/marta-silva\n"
        "tags: [mentors]\ncreated: 2026-11-30\n---\n\nMet at the meetup, in May.\n"
    )
    assert (root / "contacts/tom-j-baker.md").is_file()
    mapped = invoke("-j", str(root), "import", "csv", str(FIXTURES / "people-mapped.csv"), "--map",
                    "name=Full name", "--map", "email=Mail", "--map", "company=Employer", "--map", "location=Where",
                    "--today", TODAY)  # fmt: skip
    assert mapped.stdout.splitlines()[-1] == "2 people: 2 created, 0 matched, 0 skipped; 2 companies created"
    assert "location: Oslo\n" in (root / "contacts/ola-berg.md").read_text()
    wrong = invoke(
        "-j", str(root), "import", "csv", str(FIXTURES / "people-mapped.csv"), "--map", "nom=Full name"
    )
    assert wrong.exit_code == 2 and "'nom=Full name' should be FIELD=COLUMN" in wrong.stderr


def test_exports_read_back_by_their_reference_parsers(invoke, tmp_path):
    import vobject
    from icalendar import Calendar

    j = ("-j", str(SAMPLE))
    raw = invoke(*j, "export", "csv", "--today", "2026-11-21").stdout_bytes
    header = b"id,name,pronouns,title,company,industry,location,email,phone,links,source,referred_by,status,"
    assert raw.startswith(header) and raw.endswith(b"\r\n")  # RFC 4180: every record ends with CR LF
    rows = list(csv.DictReader(io.StringIO(raw.decode(), newline="")))
    ids = [r["id"] for r in rows]
    assert "eli-novak" not in ids and len(ids) == 19  # the private one left out
    assert raw.count(b"\r\n") == len(rows) + 1  # and only records do (notes keep their own line ends)
    dana = next(r for r in rows if r["id"] == "dana-okafor")
    assert (dana["company"], dana["tags"].split("; ")[0], dana["private"]) == (
        "Northwind Health",
        "ux-research",
        "false",
    )
    data = json.loads(invoke(*j, "export", "json").stdout)
    assert sorted(data) == ["companies", "contacts", "interviews"]
    assert isinstance(data["contacts"][0]["tags"], list) and isinstance(data["contacts"][0]["links"], dict)
    assert all("Eli Novak" not in json.dumps(r) for rows_ in data.values() for r in rows_)
    everyone = json.loads(invoke(*j, "export", "json", "--include-private").stdout)
    assert "eli-novak" in [c["id"] for c in everyone["contacts"]]
    cards = list(vobject.readComponents(invoke(*j, "export", "vcard").stdout))
    assert len(cards) == 19 and cards[0].version.value == "3.0"
    out = tmp_path / "feed.ics"
    assert invoke(*j, "export", "ics", "-o", str(out), "--today", "2026-11-21").stderr == f"Wrote {out}\n"
    events = Calendar.from_ical(out.read_bytes()).walk("VEVENT")
    assert len(events) == 15 and not any("Eli" in str(e["summary"]) for e in events)


def test_csv_cells_a_spreadsheet_would_run_are_neutralised(write_journal, invoke):
    root = write_journal({"contacts/x.md": '---\nname: X\ntitle: "=HYPERLINK(\\"http://evil.example\\")"\n'
                                          'location: "+44"\ntags: ["@home", "-1"]\n---\n'})  # fmt: skip
    row = next(csv.DictReader(io.StringIO(invoke("-j", str(root), "export", "csv").stdout)))
    assert (row["title"], row["location"], row["tags"]) == (
        '\'=HYPERLINK("http://evil.example")',
        "'+44",
        "'@home; -1",
    )


@pytest.mark.parametrize("version", ["3.0", "4.0"])
def test_export_vcard_then_import_vcard_round_trips_every_field(invoke, tmp_path, write_journal, version):
    cards = tmp_path / "all.vcf"
    invoke(
        "-j",
        str(SAMPLE),
        "export",
        "vcard",
        "--include-private",
        "--vcard-version",
        version,
        "-o",
        str(cards),
    )
    root = write_journal({}, tmp_path / "empty")
    result = invoke("-j", str(root), "import", "vcard", str(cards), "--today", TODAY)
    assert result.exit_code == 0, result.output
    before, after = load(SAMPLE).journal, load(root).journal
    assert sorted(after.contacts) == sorted(before.contacts)
    fields = ("name", "pronouns", "title", "industry", "location", "email", "phone", "links", "source",
              "referred_by", "status", "keep_in_touch", "tags", "created", "private", "checked_in")  # fmt: skip
    for cid, old in before.contacts.items():
        new = after.contacts[cid]
        assert [getattr(new, f) for f in fields] == [getattr(old, f) for f in fields], cid
        assert after.company_name(new) == before.company_name(old), cid
        assert new.body.strip() == old.body.strip(), cid


def test_awkward_files_semicolons_unescaped_commas_and_what_is_not_a_card(write_journal, invoke, tmp_path):
    root = write_journal({})
    semi = tmp_path / "semi.csv"
    semi.write_bytes("name;email;company\r\nJörg Maier;jorg@example.org;Fjord, AS\r\n".encode("cp1252"))
    result = invoke("-j", str(root), "import", "csv", str(semi), "--today", TODAY)
    assert result.stdout.splitlines()[-1] == "1 person: 1 created, 0 matched, 0 skipped; 1 company created"
    assert (
        "name: Jörg Maier\ncompany: fjord-as\nemail: jorg@example.org\n"
        in (root / "contacts/jorg-maier.md").read_text()
    )
    card = tmp_path / "commas.vcf"
    card.write_bytes(b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ann Lee\r\nTITLE:Researcher, UX\r\nORG:Acme, Inc.\r\n"
                     b"NOTE:Met at a fair, then again at a talk, in May.\r\nEND:VCARD\r\n")  # fmt: skip
    invoke("-j", str(root), "import", "vcard", str(card), "--today", TODAY)
    assert (root / "contacts/ann-lee.md").read_text() == (
        "---\nname: Ann Lee\ntitle: Researcher, UX\ncompany: acme-inc\ncreated: 2026-11-30\n---\n\n"
        "Met at a fair, then again at a talk, in May.\n"
    )
    for name, data in (
        ("binary.vcf", b"\x00\x01\xff garbage"),
        ("empty.vcf", b""),
        ("semi.vcf", semi.read_bytes()),
    ):
        (tmp_path / name).write_bytes(data)
        refused = invoke("-j", str(root), "import", "vcard", str(tmp_path / name))
        assert (refused.exit_code, refused.stdout) == (1, ""), name
        assert (
            refused.stderr
            == f"Error: cannot import {tmp_path / name}: it holds no vCard (no BEGIN:VCARD line)\n"
        )


def test_export_options_are_checked_and_the_calendar_takes_private_records_when_asked(
    write_journal, invoke, tmp_path
):
    root = write_journal({
        "contacts/zed.md": "---\nname: Zed Private\nprivate: true\n---\n- [ ] Call Zed due:2026-12-01\n",
        "contacts/ann.md": "---\nname: Ann Lee\n---\n",
    })  # fmt: skip
    shared = invoke("-j", str(root), "export", "ics", "--today", TODAY).stdout
    everything = invoke("-j", str(root), "export", "ics", "--include-private", "--today", TODAY).stdout
    assert "Call Zed" not in shared and "SUMMARY:Call Zed" in everything
    wrong = invoke("-j", str(root), "export", "json", "--kind", "interviews")
    assert wrong.exit_code == 2 and "a CSV holds one kind of record; JSON holds them all" in wrong.stderr
    inside = invoke("-j", str(root), "export", "json", "-o", str(root / "contacts/all.md"))
    assert inside.exit_code == 1 and not (root / "contacts/all.md").exists()


def test_a_name_matches_without_its_accents_and_a_different_address_is_said(write_journal, invoke, tmp_path):
    root = write_journal({"contacts/zoe.md": "---\nname: Zoë Ångström\nemail: zoe@example.org\n---\n"})
    table = tmp_path / "people.csv"
    table.write_text("name,email\nZoe Angstrom,zoe.a@example.net\n")
    result = invoke("-j", str(root), "import", "csv", str(table))
    assert result.stdout == (
        "matched  contacts/zoe.md  Zoe Angstrom (line 2): the same name "
        "(this one's e-mail address, zoe.a@example.net, was not added)\n"
        "1 person: 0 created, 1 matched, 0 skipped\n"
    )
