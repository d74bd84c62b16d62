"""The built site: golden files, privacy, safety, atomic output, the calendar feed."""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from infoview.site.build import BuildOptions, build
from infoview.site.output import MANIFEST, OutputError

from .conftest import REPO, SAMPLE

GOLDEN = REPO / "tests" / "golden" / "site"
TODAY = dt.date(2026, 11, 21)


def site_files(out: Path) -> dict[str, bytes]:
    return {
        p.relative_to(out).as_posix(): p.read_bytes()
        for p in sorted(out.rglob("*"))
        if p.is_file() and p.name != MANIFEST
    }


@pytest.fixture(scope="module")
def sample_site(tmp_path_factory) -> Path:
    journal = tmp_path_factory.mktemp("sample") / "journal"
    shutil.copytree(SAMPLE, journal, ignore=shutil.ignore_patterns(".infoview", "_site"))
    out = journal / "_site"
    result = build(journal, BuildOptions(TODAY))
    assert result.built and not result.skipped
    return out


def test_sample_site_matches_the_golden_files(sample_site, request):
    files = site_files(sample_site)
    if request.config.getoption("--update-golden"):
        shutil.rmtree(GOLDEN, ignore_errors=True)
        for rel, data in files.items():
            (GOLDEN / rel).parent.mkdir(parents=True, exist_ok=True)
            (GOLDEN / rel).write_bytes(data)
    golden = site_files(GOLDEN)
    assert sorted(files) == sorted(golden)
    for rel, data in files.items():
        assert data == golden[rel], f"{rel} differs from tests/golden/site (refresh with --update-golden)"


def test_every_page_kind_is_there(sample_site):
    names = set(site_files(sample_site))
    for page in ("index.html", "timeline.html", "followups.html", "contacts.html", "companies.html",
                 "tags.html", "network.html", "search.html", "search/0.js", "followups.ics",
                 "robots.txt", "static/style.css", "static/search.js",
                 "contacts/dana-okafor.html", "interviews/2026-10-29-dana-okafor.html",
                 "companies/lumen-learning.html"):  # fmt: skip
        assert page in names
    # a company named only in a contact's `company:` still gets a page
    assert any(n.startswith("companies/named-harbor-bank-") for n in names)
    assert (sample_site / "robots.txt").read_text() == "User-agent: *\nDisallow: /\n"


def html_pages(out: Path):
    for path in sorted(out.rglob("*.html")):
        yield path.relative_to(out).as_posix(), path.read_text(encoding="utf-8")


def test_every_page_is_private_and_self_contained(sample_site):
    for rel, text in html_pages(sample_site):
        assert '<meta name="robots" content="noindex, nofollow, noarchive">' in text, rel
        for attr in re.findall(r'(?:src|href)="([^"]*)"', text):
            assert not attr.startswith("/"), (rel, attr)
        assert not re.search(r'<(?:script|img|link|iframe)[^>]+(?:src|href)="(?:https?:)?//', text), rel
        for script in re.findall(r"<script[^>]*>", text):
            assert script in (
                '<script src="search/0.js">',
                '<script src="static/search.js">',
                '<script src="static/sort.js">',
            ), rel
    css = (sample_site / "static/style.css").read_text()
    assert "@import" not in css and "url(" not in css


def test_links_resolve_inside_the_site(sample_site):
    for rel, text in html_pages(sample_site):
        base = (sample_site / rel).parent
        for href in re.findall(r'href="([^"#?]+)', text):
            if href.startswith(("http://", "https://", "mailto:", "tel:")):
                continue
            assert (base / href).resolve().is_file(), (rel, href)


def test_an_empty_journal_says_how_to_start_until_it_has_a_contact(write_journal, tmp_path):
    root = write_journal({})
    out = tmp_path / "site"
    options = BuildOptions(dt.date(2026, 11, 21), output=out)
    assert build(root, options).built
    page = (out / "index.html").read_text()
    assert "An empty journal" in page
    assert '<code>infoview new contact "Jane Doe" --title "UX Researcher" --company Acme</code>' in page
    assert "<code>infoview new interview jane-doe --date 2026-11-21 --status requested</code>" in page
    (root / "contacts").mkdir()
    (root / "contacts/jane-doe.md").write_text("---\nname: Jane Doe\nprivate: true\n---\n")
    assert build(root, options).built
    assert "An empty journal" not in (out / "index.html").read_text()  # not empty: private
    (root / "contacts/jane-doe.md").write_text("---\nname: Jane Doe\n---\n")
    assert build(root, options).built
    assert "An empty journal" not in (out / "index.html").read_text()


def test_a_record_with_no_details_has_no_empty_details_box(sample_site, write_journal, tmp_path):
    assert 'class="facts"' not in (sample_site / "interviews/2026-11-18-amara-nwosu.html").read_text()
    assert (
        "<dt>Duration</dt><dd>30 min</dd>"
        in (sample_site / "interviews/2026-01-14-dana-okafor.html").read_text()
    )
    root = write_journal({"contacts/ann.md": "---\nname: Ann\ncompany: acme\n---\n",
                          "companies/acme.md": "---\nname: Acme\n---\n"})  # fmt: skip
    assert build(root, BuildOptions(dt.date(2026, 11, 21), output=tmp_path / "site")).built
    for rel in ("contacts/ann.html", "companies/acme.html"):
        assert 'class="facts"' not in (tmp_path / "site" / rel).read_text(), rel


def test_search_entries_name_companies_as_their_pages_do(sample_site):
    from infoview.site.search import entries_of

    entries = {e["u"]: e for e in entries_of((sample_site / "search/0.js").read_text())}
    assert entries["contacts/dana-okafor.html"]["d"] == "Senior UX Researcher · Northwind Health · met"
    assert entries["contacts/sofia-marquez.html"]["d"] == "Learning Experience Designer (freelance) · met"


def test_web_addresses_read_short_and_link_in_full(sample_site):
    dana = (sample_site / "contacts/dana-okafor.html").read_text()
    assert ('<a href="https://www.linkedin.com/in/dana-okafor-example" rel="noopener noreferrer">'
            "linkedin.com/in/dana-okafor-example</a>") in dana  # fmt: skip
    company = (sample_site / "companies/brightpath.html").read_text()
    assert (
        '<a href="https://brightpath.example.com" rel="noopener noreferrer">brightpath.example.com</a>'
        in company
    )


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        ("https://www.linkedin.com/in/jane/", "linkedin.com/in/jane"),
        ("HTTP://WWW.Example.com", "Example.com"),
        ("https://example.com/a?b=c#d", "example.com/a?b=c#d"),
        ("https://", "https://"),
        ("linkedin.com/in/jane", "linkedin.com/in/jane"),
        ("mailto:jane@example.com", "mailto:jane@example.com"),
        ("javascript:alert(1)", "javascript:alert(1)"),
    ],
)
def test_short_url(url, shown):
    from infoview.site.templating import short_url

    assert short_url(url) == shown


def test_private_records_appear_nowhere(sample_site):
    for rel, data in site_files(sample_site).items():
        text = data.decode("utf-8", errors="replace")
        for secret in ("Eli Novak", "eli-novak", "Kirkstall Academy", "Telling my head of department",
                       "head of department"):  # fmt: skip
            assert secret not in text, (rel, secret)


def test_include_private_shows_them(tmp_path):
    out = tmp_path / "site"
    build(SAMPLE, BuildOptions(TODAY, output=out, include_private=True))
    assert (out / "contacts/eli-novak.html").is_file()
    assert "Eli Novak" in (out / "timeline.html").read_text()
    assert "includes private records" in (out / "index.html").read_text()


def test_redact_removes_emails_and_phones_everywhere(tmp_path):
    out = tmp_path / "site"
    build(SAMPLE, BuildOptions(TODAY, output=out, redact=True))
    for rel, data in site_files(out).items():
        text = data.decode("utf-8", errors="replace")
        text = re.sub(r"^UID:.*$", "", text, flags=re.M)  # calendar UIDs look like addresses
        assert not re.search(r"[\w.+-]+@[\w-]+\.[\w.-]+", text), rel
        for phone in ("7700 900123", "900456", "7946 0321"):
            assert phone not in text, (rel, phone)


def test_the_calendar_feed(sample_site, tmp_path):
    from icalendar import Calendar

    cal = Calendar.from_ical((sample_site / "followups.ics").read_bytes())
    events = [c for c in cal.walk("VEVENT")]
    followups = [e for e in events if not str(e["summary"]).startswith("Informational interview")]
    interviews = [e for e in events if str(e["summary"]).startswith("Informational interview")]
    assert len(followups) == 13  # the open, dated ones (introductions too)
    assert all(isinstance(e.decoded("dtstart"), dt.date) and not isinstance(e.decoded("dtstart"), dt.datetime)
               for e in followups)  # fmt: skip
    assert all(len(e.walk("VALARM")) == 1 for e in followups)
    assert [str(e["summary"]) for e in interviews] == [
        "Informational interview: Ben Fischer", "Informational interview: Grace Kim",
    ]  # fmt: skip
    # 10:00 in London (the sample's time zone) is 10:00 UTC in November, and 12:30 on 2 December
    assert interviews[0].decoded("dtstart") == dt.datetime(2026, 11, 25, 10, 0, tzinfo=dt.UTC)
    assert interviews[1].decoded("dtstart") == dt.datetime(2026, 12, 2, 12, 30, tzinfo=dt.UTC)
    assert str(interviews[0]["description"]) == (
        "Civic Data's council training programme\nWith Ben Fischer, video\n"
        "Prepare: prep/2026-11-25-ben-fischer.html in the journal's site (or infoview prep 2026-11-25-ben-fischer)\n"
        "Notes: interviews/2026-11-25-ben-fischer.html in the journal's site\n"
        "Written in interviews/2026/2026-11-25-ben-fischer.md"
    )
    assert [str(a["trigger"].to_ical(), "ascii") for a in interviews[0].walk("VALARM")] == ["-PT30M"]
    assert (sample_site / "prep/2026-11-25-ben-fischer.html").is_file()
    grace = (sample_site / "prep/2026-12-02-grace-kim.html").read_text()
    assert (
        "<h3>They offered</h3>\n  <ul><li>To look over my first small course once it is published " in grace
    )
    assert "A list of free authoring tools" not in grace  # it came
    assert interviews[0].decoded("dtend") == dt.datetime(2026, 11, 25, 10, 30, tzinfo=dt.UTC)
    assert not cal.walk("VTODO")
    # UIDs are stable from build to build, even on another day
    again = tmp_path / "again"
    build(SAMPLE, BuildOptions(TODAY + dt.timedelta(days=1), output=again))
    uids = {str(e["uid"]) for e in events}
    later = {str(e["uid"]) for e in Calendar.from_ical((again / "followups.ics").read_bytes()).walk("VEVENT")}
    assert len(uids) == len(events)
    assert uids - later <= {str(e["uid"]) for e in followups if e.decoded("dtstart") == TODAY}


def test_refuses_folders_it_must_not_touch(write_journal, tmp_path):
    root = write_journal({"contacts/a.md": "---\nname: A\n---\n"})
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "thesis.docx").write_text("precious")
    for out, reason in [(mine, "it was not made by infoview"), (root, "it holds the journal"),
                        (root.parent, "it holds the journal"), (root / "contacts" / "x", "inside contacts/")]:  # fmt: skip
        with pytest.raises(OutputError, match=reason):
            build(root, BuildOptions(TODAY, output=out))
    assert (mine / "thesis.docx").read_text() == "precious"
    assert sorted(p.name for p in mine.iterdir()) == ["thesis.docx"]


def test_errors_stop_the_build_unless_keep_going(write_journal, invoke):
    root = write_journal({
        "contacts/a.md": "---\nname: Ann Example\n---\n",
        "contacts/b.md": "---\nname: Bo\nsource: nope\n---\n",
    })  # fmt: skip
    stopped = invoke("-j", str(root), "build", "--today", "2026-11-21")
    assert stopped.exit_code == 1
    assert "contacts/b.md:3:9: error: unknown source 'nope'" in stopped.stderr
    assert not (root / "_site").exists()
    going = invoke("-j", str(root), "build", "--today", "2026-11-21", "--keep-going")
    assert going.exit_code == 1
    assert going.stderr.splitlines()[-2:] == [
        "contacts/b.md:3:9: error: unknown source 'nope' (expected one of: friend, family, alumni, "
        "colleague, referral, event, conference, meetup, social, cold, other) [E009]",
        "infoview: left out contacts/b.md (it has errors)",
    ]
    dashboard = (root / "_site/index.html").read_text()
    assert "1 file left out because of errors" in dashboard
    assert "contacts/b.md" not in dashboard and "nope" not in dashboard  # it may be meant private
    assert not (root / "_site/contacts/b.html").exists()
    assert (root / "_site/contacts/a.html").exists()


def test_a_failed_build_leaves_the_previous_site(write_journal, invoke):
    root = write_journal({"contacts/a.md": "---\nname: Ann\n---\n"})
    assert invoke("-j", str(root), "build", "--today", "2026-11-21").exit_code == 0
    before = site_files(root / "_site")
    (root / "templates").mkdir()
    (root / "templates/contact.html").write_text(
        "{% extends 'base.html' %}{% block content %}{{ nope.nothing }}{% endblock %}"
    )
    (root / "contacts/a.md").write_text("---\nname: Ann Changed\n---\n")
    failed = invoke("-j", str(root), "build", "--today", "2026-11-21")
    assert failed.exit_code == 1 and "'nope' is undefined" in failed.stderr and failed.stderr.count("\n") == 1
    assert site_files(root / "_site") == before
    assert [p.name for p in root.iterdir() if p.name.startswith("._site")] == []


def test_unchanged_pages_keep_their_mtime(write_journal, invoke):
    root = write_journal({
        "contacts/a.md": "---\nname: Ann\n---\n",
        "contacts/b.md": "---\nname: Bo\n---\n",
    })  # fmt: skip
    invoke("-j", str(root), "build", "--today", "2026-11-21")
    page_b = root / "_site/contacts/b.html"
    old = page_b.stat().st_mtime_ns
    os.utime(page_b, ns=(old - 10_000_000_000, old - 10_000_000_000))
    old = page_b.stat().st_mtime_ns
    (root / "contacts/a.md").write_text("---\nname: Ann Edited\n---\n")
    result = invoke("-j", str(root), "build", "--today", "2026-11-21")
    assert "Ann Edited" in (root / "_site/contacts/a.html").read_text()
    assert page_b.stat().st_mtime_ns == old
    again = invoke("-j", str(root), "build", "--today", "2026-11-21")
    assert again.stdout.startswith("Site is up to date: ")
    assert result.exit_code == again.exit_code == 0


def test_journal_templates_override_file_by_file(write_journal, invoke):
    root = write_journal({"contacts/a.md": "---\nname: Ann\n---\n"})
    (root / "templates/static").mkdir(parents=True)
    (root / "templates/timeline.html").write_text(
        "{% extends 'base.html' %}{% block content %}<p>My own timeline</p>{% endblock %}"
    )
    (root / "templates/static/style.css").write_text("body { color: teal; }")
    invoke("-j", str(root), "build", "--today", "2026-11-21")
    assert "<p>My own timeline</p>" in (root / "_site/timeline.html").read_text()
    assert (root / "_site/static/style.css").read_text() == "body { color: teal; }"
    assert "Contacts" in (root / "_site/contacts.html").read_text()  # the built-in one


@pytest.mark.parametrize(
    "record_id", ["Jane Doe", "a..b", "CON", "zoë", "a&b<c>", "x%2F..%2F..%2Fetc", "x..\\..\\y"]
)
def test_ids_never_leave_the_output_folder(write_journal, tmp_path, record_id):
    root = write_journal({f"contacts/{record_id}.md": "---\nname: Odd\n---\n"})
    out = tmp_path / "out"
    build(root, BuildOptions(TODAY, output=out))
    pages = [p for p in out.rglob("*.html") if p.parent.name == "contacts"]
    assert len(pages) == 1
    assert pages[0].resolve().parent == (out / "contacts").resolve()
    assert re.fullmatch(r"[a-z0-9._-]+\.html", pages[0].name)


def test_calendar_escapes_folds_and_converts_offsets(write_journal, tmp_path):
    from icalendar import Calendar

    text = "Send Zoë the deck; then, call \\ back — " + "très long " * 12 + "🎉"
    root = write_journal({
        "contacts/zoe.md": "---\nname: Zoë\n---\n",
        "interviews/a.md": f"---\ncontact: zoe\ndate: 2026-11-01\nthanked: 2026-11-01\n"
        f"follow_ups:\n  - do: {json_quote(text)}\n    due: 2026-11-30\n---\n",
        "interviews/b.md": "---\ncontact: zoe\ndate: 2026-12-01T15:30+02:00\nduration: 1h\n"
        "location: Café, 2nd floor\n---\n",
    })  # fmt: skip
    out = tmp_path / "site"
    build(root, BuildOptions(TODAY, output=out))
    raw = (out / "followups.ics").read_bytes()
    assert all(len(line) <= 75 for line in raw.split(b"\r\n"))
    cal = Calendar.from_ical(raw)
    followup, interview = cal.walk("VEVENT")
    assert str(followup["summary"]) == text
    assert followup.decoded("dtstart") == dt.date(2026, 11, 30)
    assert interview.decoded("dtstart") == dt.datetime(2026, 12, 1, 13, 30, tzinfo=dt.UTC)
    assert interview.decoded("dtend") == dt.datetime(2026, 12, 1, 14, 30, tzinfo=dt.UTC)
    assert str(interview["location"]) == "Café, 2nd floor"


def json_quote(text: str) -> str:
    import json

    return json.dumps(text, ensure_ascii=False)


@given(
    st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\r\n"), max_size=400)
)
def test_calendar_lines_fold_at_75_octets_and_unfold_to_the_original(line):
    from infoview.site.ics import fold as _fold

    folded = _fold(line)
    physical = folded.split(b"\r\n")
    assert physical[-1] == b""
    assert all(len(part) <= 75 for part in physical)
    assert all(part.startswith(b" ") for part in physical[1:-1])
    assert b"".join([physical[0], *(p[1:] for p in physical[1:-1])]).decode("utf-8") == line


def test_search_text_reads_as_the_page_does(sample_site):
    from infoview.site.search import entries_of

    entries = {e["u"]: e for e in entries_of((sample_site / "search/0.js").read_text())}
    text = entries["contacts/dana-okafor.html"]["x"]
    assert text.startswith("Introduced by Marcus Webb. Ten years in research")  # a wiki-link, resolved


def test_search_finds_every_word_of_long_notes_and_quotes_their_start(write_journal, tmp_path):
    from infoview.site.search import MAX_TEXT, entries_of

    filler = "Ten years in research, mostly on payments. " * 100  # 4,300 characters
    root = write_journal({
        "contacts/ana.md": "---\nname: Ana Lima\n---\n" + filler + "\n\n"
                           "Later: she moved to *Kubernetes*, then Zürich (2019); kubernetes in zurich, again.\n",
        "contacts/ben.md": "---\nname: Ben Brandt\n---\nShort notes: nothing more.\n",
    })  # fmt: skip
    out = tmp_path / "site"
    build(root, BuildOptions(TODAY, output=out))
    entries = {e["u"]: e for e in entries_of((out / "search/0.js").read_text())}
    ana = entries["contacts/ana.html"]
    # What a result quotes: the start, to the last space before the 4,000th character
    # (not "...payments. T"), so that no word and no number is cut.
    assert ana["x"] == filler[: MAX_TEXT - 2]
    # Each other word once, as written, without the marks at its ends: not "Ten" (cut
    # through, whole in the text quoted), "in", "research" or "zurich" (accents aside).
    assert ana["w"] == "Later\nshe\nmoved\nto\nKubernetes\nthen\nZürich\n2019\nagain"
    assert "w" not in entries["contacts/ben.html"]  # notes quoted whole need no more
    # An address is searched by its parts; pasted data, no word anyone types, by its
    # start. Words are composed ("e" and an accent as "é") and apostrophes read as one.
    address = "https://intranet.example.com/research/" + "recruiting-participants-with-screeners-" * 3
    decomposed = "Cafe\u0301 O\u2019Brien"
    (root / "contacts/ana.md").write_text(
        f"---\nname: Ana Lima\n---\n{filler}\n\n<{address}> data: {'ab' * 5000} {decomposed} o'brien\n"
    )
    build(root, BuildOptions(TODAY, output=out))
    entries = {e["u"]: e for e in entries_of((out / "search/0.js").read_text())}
    assert entries["contacts/ana.html"]["w"].split("\n") == [
        "https", "intranet", "example", "com", "recruiting", "participants", "with", "screeners",
        "data", "ab" * 50, "Café", "O\u2019Brien",
    ]  # fmt: skip
    assert entries["contacts/ben.html"]["x"] == "Short notes: nothing more."


def test_short_dates_name_the_year_unless_it_is_this_year_or_a_heading_says_it(sample_site):
    contact = (sample_site / "contacts/marcus-webb.html").read_text()
    assert '<time datetime="2025-12-06">06 Dec 2025</time>' in contact
    assert '<time datetime="2026-03-12">12 Mar</time>' in contact
    timeline = (sample_site / "timeline.html").read_text()
    assert '<time datetime="2025-12-06">06 Dec</time>' in timeline  # under "December 2025"
    followups = (sample_site / "followups.html").read_text()
    assert '<time datetime="2027-02-14">14 Feb 2027</time>' in followups


def backlinks(page: Path) -> list[tuple[str, str]]:
    """The (href, text) of a page's "Mentioned in" links."""
    found = re.search(r'<section class="backlinks".*?<ul>(.*?)</ul>', page.read_text(), re.S)
    return re.findall(r'<a href="([^"]*)">([^<]*)</a>', found.group(1)) if found else []


def test_backlinks_list_each_linking_record_once_and_follow_notes_edits(write_journal, tmp_path):
    root = write_journal({
        "contacts/ana.md": "---\nname: Ana Lima\n---\nWorks with [[ben]]; see [[ana]] (herself).\n",
        "contacts/ben.md": "---\nname: Ben Brandt\n---\n",
        "contacts/cy.md": "---\nname: Cy Moss\nprivate: true\n---\nKnows [[ben]].\n",
        "interviews/i1.md": "---\ncontact: ana\ndate: 2026-03-02\ntopic: Roles\n---\nMet [[ben]], [[Ben Brandt]] too.\n",
        "interviews/i2.md": "---\ncontact: ben\ndate: 2026-04-02\n---\nNothing linked yet.\n",
    })  # fmt: skip
    out = tmp_path / "site"
    build(root, BuildOptions(TODAY, output=out))
    assert backlinks(out / "contacts/ben.html") == [
        ("../contacts/ana.html", "Ana Lima"),
        ("../interviews/i1.html", "2026-03-02 · Roles"),
    ]  # each record once, however it names ben; the private cy not at all
    assert backlinks(out / "contacts/ana.html") == []  # a record does not mention itself
    assert backlinks(out / "interviews/i1.html") == []
    # Edits of notes alone: the link leaves i1 and arrives in i2.
    (root / "interviews/i1.md").write_text(
        "---\ncontact: ana\ndate: 2026-03-02\ntopic: Roles\n---\nNo links.\n"
    )
    (root / "interviews/i2.md").write_text("---\ncontact: ben\ndate: 2026-04-02\n---\nAsk [[ana]].\n")
    build(root, BuildOptions(TODAY, output=out))
    assert backlinks(out / "contacts/ben.html") == [("../contacts/ana.html", "Ana Lima")]
    assert backlinks(out / "contacts/ana.html") == [("../interviews/i2.html", "2026-04-02 · conversation")]


def test_the_calendar_writes_every_year_in_four_digits(write_journal, invoke):
    root = write_journal({
        "contacts/a.md": "---\nname: Ann\n---\n",
        "interviews/0001-01-01-a.md": "---\ncontact: a\ndate: 0001-01-01 00:30\nstatus: scheduled\n---\n",
        "infoview.toml": '[site]\ntimezone = "UTC"\n',
    })  # fmt: skip
    assert invoke("-j", str(root), "build", "--today", "0001-01-01").exit_code == 0
    ics = (root / "_site/followups.ics").read_bytes().decode()
    assert "DTSTART:00010101T003000Z\r\n" in ics and "DTEND:00010101T010000Z\r\n" in ics
    # east of Greenwich, the first half hour there is is before the first day UTC can say: as written
    (root / "infoview.toml").write_text('[site]\ntimezone = "Asia/Tokyo"\n')
    assert invoke("-j", str(root), "build", "--today", "0001-01-01").exit_code == 0
    ics = (root / "_site/followups.ics").read_bytes().decode()
    assert "DTSTART:00010101T003000\r\nDURATION:PT30M\r\n" in ics


def test_tasks_in_notes_are_checkboxes_with_dates_and_listed_once(write_journal, invoke, tmp_path):
    root = write_journal({
        "contacts/ann.md": "---\nname: Ann Lee\n---\n",
        "interviews/2026-11-01-ann.md": "---\ncontact: ann\ndate: 2026-11-01\nthanked: true\n---\n"
        "- [ ] Send the deck due:2026-11-24\n- [x] Read it ✅ 2026-11-20\n",
    })  # fmt: skip
    out = tmp_path / "site"
    assert invoke("-j", str(root), "build", "--today", "2026-11-21", "-o", str(out)).exit_code == 0
    page = (out / "interviews/2026-11-01-ann.html").read_text()
    assert (
        '<input class="task-list-item-checkbox" disabled="disabled" type="checkbox"> Send the deck '
        '<span class="task-due">due <time datetime="2026-11-24">24 Nov 2026</time></span>'
    ) in page
    assert '<span class="task-done">done <time datetime="2026-11-20">20 Nov 2026</time></span>' in page
    assert "due:2026-11-24" not in page
    assert page.count("Send the deck") == 1  # in the notes, not again as an open follow-up


def test_the_network_shows_people_suggested_who_are_not_in_the_journal(sample_site):
    page = (sample_site / "network.html").read_text()
    assert '<g class="node stage-none"><title>Tomás Vidal (not in the journal yet)</title>' in page
    assert '→ Tomás Vidal <span class="why">(not in the journal yet)</span>' in page
    assert page.count('href="contacts/kofi-mensah.html"') >= 1  # a person in the journal links to their page


def test_a_tag_links_to_what_was_learned_on_it_with_its_reflections(sample_site):
    page = (sample_site / "tags.html").read_text()
    section = page[page.index('id="tag-research-ops"') :]
    section = section[: section.index("</section>")]
    assert '<p><a href="learned/research-ops.html">What I learned about #research-ops</a></p>' in section
    about = (sample_site / "learned/research-ops.html").read_text()
    assert "<title>What I learned about research-ops" in about
    assert '<h2 id="reflections-h">Reflections on #research-ops <span class="count">2</span></h2>' in about
    assert "Research ops might be a better first step than researcher" in about
    assert '<a href="../interviews/2026-03-04-li-wei-chen.html">' in about
    index = (sample_site / "learned.html").read_text()
    assert (
        '<li><a href="learned/research-ops.html">research-ops</a> <span class="count">2 takeaways · 2 reflections</span></li>'
        in index
    )
