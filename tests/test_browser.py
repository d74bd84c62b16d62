"""The built site in a real browser (Playwright driving Debian's Chromium) over file://.

Skipped where no Chromium is installed, except in CI (CI=true), where a
missing browser is a failure.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
from pathlib import Path

import pytest

from infoview.site.build import BuildOptions, build

from .conftest import REPO, SAMPLE

pytestmark = pytest.mark.browser

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]  # fmt: skip
TODAY = dt.date(2026, 11, 21)


def _browser_or_skip():
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI") == "true":
            pytest.fail(f"Chromium is required in CI but {CHROMIUM} does not exist")
        pytest.skip(f"no Chromium at {CHROMIUM}; install Debian's chromium to run browser tests")
    playwright = pytest.importorskip("playwright.sync_api")
    return playwright


@pytest.fixture(scope="module")
def browser():
    sync_api = _browser_or_skip()
    with sync_api.sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield chromium
        chromium.close()


class Watched:
    """A page that records every request and dialog, to prove nothing left it."""

    def __init__(self, browser, width: int = 1280):
        self.page = browser.new_page(viewport={"width": width, "height": 900})
        self.requests: list[str] = []
        self.dialogs: list[str] = []
        self.errors: list[str] = []
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))

    def outside(self) -> list[str]:
        return [u for u in self.requests if not u.startswith("file://")]


@pytest.fixture(scope="module")
def sample_site(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("site") / "site"
    assert build(SAMPLE, BuildOptions(TODAY, output=out)).built
    return out


def test_dashboard_links_to_a_contact_and_an_interview(browser, sample_site):
    w = Watched(browser)
    page = w.page
    page.goto((sample_site / "index.html").as_uri())
    assert page.title() == "Dashboard · Career change journal"
    assert page.locator(".cards .card").first.inner_text().startswith("19")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Contacts").click()
    page.get_by_role("link", name="Dana Okafor", exact=True).click()
    assert page.url.endswith("/contacts/dana-okafor.html")
    assert page.locator("h1").inner_text().startswith("Dana Okafor")
    page.get_by_role("link", name="Applying to Lumen's junior researcher role").click()
    assert page.url.endswith("/interviews/2026-10-29-dana-okafor.html")
    page.get_by_role("link", name="Dana Okafor").first.click()
    assert page.url.endswith("/contacts/dana-okafor.html")
    assert w.outside() == [] and w.errors == [] and w.dialogs == []


def test_timeline_is_newest_first_and_shows_every_status(browser, sample_site):
    w = Watched(browser)
    w.page.goto((sample_site / "timeline.html").as_uri())
    dates = w.page.locator("ol.timeline li.event time").evaluate_all("els => els.map(e => e.dateTime)")
    assert len(dates) == 33 and dates == sorted(dates, reverse=True)
    badges = set(w.page.locator(".badge").all_inner_texts())
    assert {"done", "scheduled", "requested", "declined", "no-response", "cancelled"} <= badges
    assert w.outside() == []


def test_followup_groups_in_order(browser, sample_site):
    w = Watched(browser)
    w.page.goto((sample_site / "followups.html").as_uri())
    titles = [t.split()[0:2] for t in w.page.locator("section.fgroup h2").all_inner_texts()]
    assert [" ".join(t[:2]) if t[0] == "This" or t[0] == "No" else t[0] for t in titles] == [
        "Overdue", "Today", "This week", "Later", "Done",  # introductions are dated: nothing without a date
    ]  # fmt: skip
    overdue = w.page.locator("#overdue .followup .text").all_inner_texts()
    # the oldest first: the introductions Sofia made in May, due a week after
    assert overdue[:2] == ["Reach out to Kofi Mensah (introduced by Sofia Márquez)",
                           "Reach out to Tomás Vidal (introduced by Sofia Márquez)"]  # fmt: skip
    assert "Send a thank-you note to Dana Okafor" in overdue
    assert w.page.locator("#overdue .badge.rule").first.inner_text() == "introduction"


def test_search_works_offline(browser, sample_site):
    w = Watched(browser)
    page = w.page
    page.goto((sample_site / "search.html").as_uri())
    page.fill("#q", "portfolio review")
    page.wait_for_selector("#results li")
    titles = page.locator("#results li a").all_inner_texts()
    assert titles[0] == "2026-03-12 · Marcus Webb"
    assert page.locator("#search-status").inner_text().endswith("results")
    # the words searched for are marked where they were found, whatever their case
    # (the topic, and a tag: the result says it is tagged so)
    assert page.locator("#results li").first.locator("mark").all_inner_texts() == [
        "Portfolio",
        "review",
        "portfolio",
    ]
    assert page.locator("#results li .detail").first.inner_text() == (
        "Portfolio review · done · in-person · tagged ux-research, portfolio"
    )
    # among equally good results: the person, then the conversations, newest first
    page.fill("#q", "dana")
    assert page.locator("#results li > a").all_inner_texts()[:5] == [
        "Dana Okafor", "2026-10-29 · Dana Okafor", "2026-08-19 · Li Wei Chen, Dana Okafor",
        "2026-05-21 · Dana Okafor", "2026-01-14 · Dana Okafor",
    ]  # fmt: skip
    page.fill("#q", "Márquez")
    assert "Sofia Márquez" in page.locator("#results li a").all_inner_texts()
    page.fill("#q", "marquez")  # accents fold
    assert "Sofia Márquez" in page.locator("#results li a").all_inner_texts()
    assert page.locator("#results li a mark").first.inner_text() == "Márquez"
    # A record found by a tag says so, the tag marked; others do not list their tags.
    page.fill("#q", "public-sector")
    first = page.locator("#results li").first
    assert first.locator(".detail").inner_text() == (
        "Learning Services Manager · Leeds Libraries · asked · tagged learning-design, public-sector"
    )
    assert first.locator(".detail mark").all_inner_texts() == ["public-sector"]
    page.fill("#q", "amara")
    assert "tagged" not in page.locator("#results li .detail").first.inner_text()
    page.fill("#q", "Márquez")
    page.locator("#results").get_by_role("link", name="Sofia Márquez", exact=True).click()
    assert page.url.endswith("/contacts/sofia-marquez.html")
    assert w.outside() == [] and w.errors == []


def test_search_finds_a_word_late_in_long_notes(browser, write_journal, tmp_path):
    filler = "Ten years in research, mostly on payments. " * 100
    many = {f"contacts/p{n:03}.md": f"---\nname: Person {n:03}\n---\nRuns Kubernetes.\n" for n in range(199)}
    root = write_journal({
        "contacts/ana.md": "---\nname: Ana Lima\n---\n" + filler + "\n\nLater she moved to *Kubernetes* work.\n",
        "contacts/ben.md": "---\nname: Ben Brandt\n---\nKubernetes, from the start.\n",
        "contacts/cy.md": "---\nname: Cy Moss\n---\nQuantum physics, then a ledger.\n",
        "contacts/dee.md": "---\nname: Dee Park\n---\nThe quantum ledger team; don't ask.\n",
        **many,
    })  # fmt: skip
    out = tmp_path / "site"
    assert build(root, BuildOptions(TODAY, output=out)).built
    w = Watched(browser)
    page = w.page
    page.goto((out / "search.html").as_uri())
    results, snippets = page.locator("#results li > a"), page.locator("#results .snippet")
    page.fill("#q", "kubernetes")
    page.wait_for_selector("#results li")
    assert page.locator("#search-status").inner_text() == (
        "201 results, the best 200 shown: add a word to narrow them"
    )
    assert results.all_inner_texts()[:3] == ["Ana Lima", "Ben Brandt", "Person 000"]
    assert results.count() == 200
    # the quoted text ends before it: the word found is shown alone, marked
    assert snippets.all_inner_texts()[:2] == ["… Kubernetes …", "Kubernetes, from the start."]
    assert snippets.first.locator("mark").all_inner_texts() == ["Kubernetes"]
    # A word typed with marks at its ends is found as the word.
    for typed in ("Kubernetes,", "(kubernetes)", "“Kubernetes.”"):
        page.fill("#q", typed)
        assert results.all_inner_texts()[:2] == ["Ana Lima", "Ben Brandt"], typed
    # One word quoted, one further on: both are shown, the notes cut between words.
    page.fill("#q", "mostly kubernetes")
    assert results.all_inner_texts() == ["Ana Lima"]
    assert snippets.all_inner_texts() == [
        "Ten years in research, mostly on payments. Ten years in research, mostly on payments. Ten years "
        "in research, mostly on… Kubernetes …"
    ]
    assert snippets.first.locator("mark").all_inner_texts() == ["mostly", "mostly", "mostly", "Kubernetes"]
    # The words together, as typed, count in notes too: Dee before Cy.
    page.fill("#q", "quantum ledger")
    assert results.all_inner_texts() == ["Dee Park", "Cy Moss"]
    # An apostrophe is one, typed straight or curly (the page shows the curly one).
    for typed in ("don't", "don\u2019t", "DON'T"):
        page.fill("#q", typed)
        assert results.all_inner_texts() == ["Dee Park"], typed
    assert snippets.all_inner_texts() == ["The quantum ledger team; don\u2019t ask."]
    assert snippets.locator("mark").all_inner_texts() == ["don\u2019t"]
    # The words searched for are kept in the address: a reload finds them again.
    page.fill("#q", "mostly kubernetes")
    page.wait_for_url("**/search.html?q=mostly+kubernetes")  # (the address changes as the words do)
    page.reload()
    assert page.input_value("#q") == "mostly kubernetes"
    assert results.all_inner_texts() == ["Ana Lima"]
    assert w.errors == [] and w.outside() == []


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("hostile") / "site"
    assert build(REPO / "tests" / "hostile_journal", BuildOptions(TODAY, output=out)).built
    return out


def test_no_script_from_the_journal_runs_anywhere(browser, hostile_site):
    w = Watched(browser)
    page = w.page
    pages = sorted(hostile_site.rglob("*.html"))
    assert len(pages) >= 12
    for path in pages:
        page.goto(path.as_uri())
        for link in page.locator("main a").all()[:40]:
            link.hover()
        assert page.evaluate("() => window.__pwned === undefined"), path
        assert page.locator("main script").count() == 0, path
    page.goto((hostile_site / "search.html").as_uri())
    page.fill("#q", "script")
    page.wait_for_selector("#results li")
    assert page.locator("#results mark").count() > 0  # marked, as text: still nothing runs
    assert page.locator("#results script, #results img").count() == 0
    assert page.evaluate("() => window.__pwned === undefined")
    assert w.dialogs == [] and w.outside() == []


@pytest.mark.parametrize("width", [1280, 390])
def test_screenshots_at_desktop_and_phone_widths(browser, sample_site, tmp_path, width):
    w = Watched(browser, width=width)
    target = Path(os.environ.get("INFOVIEW_SCREENSHOTS", tmp_path))
    target.mkdir(parents=True, exist_ok=True)
    for name in ("index.html", "timeline.html", "contacts/dana-okafor.html"):
        w.page.goto((sample_site / name).as_uri())
        scroll_width = w.page.evaluate("() => document.documentElement.scrollWidth")
        assert scroll_width <= width, f"{name} overflows at {width}px ({scroll_width}px)"
        # Every section of the site can be seen from every page, without
        # scrolling the menu sideways to discover it.
        nav = w.page.get_by_role("navigation", name="Main")
        for link in nav.get_by_role("link").all():
            box = link.bounding_box()
            assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= width, (
                f"{name}: the menu's '{link.inner_text()}' is out of sight at {width}px"
            )
        shot = target / f"{name.replace('/', '_')}-{width}.png"
        w.page.screenshot(path=str(shot), full_page=True)
        assert shot.stat().st_size > 10_000
    assert w.outside() == []


@pytest.mark.parametrize("width", [1280, 390])
def test_a_tag_and_its_count_stay_on_one_line(browser, sample_site, width):
    w = Watched(browser, width=width)
    w.page.goto((sample_site / "tags.html").as_uri())
    chips = w.page.locator(".tagcloud .tag")
    assert chips.count() == 22
    broken = w.page.evaluate(
        "() => [...document.querySelectorAll('.tagcloud .tag')].filter(t => t.getClientRects().length > 1)"
        ".map(t => t.textContent)"
    )
    assert broken == []


LONG_WORDS = """---
name: Maximiliana Wolfeschlegelsteinhausenbergerdorff-Featherstonehaugh
title: Principal Interdisciplinary Human-Computer-Interaction Research Strategist
company: The Extraordinarily Long Company Name Incorporated International
links:
  portfolio: https://example.com/a/very/long/path/that/keeps/going/without/any/break/at/all/index.html
tags: [a-very-long-tag-name-that-does-not-break-anywhere-at-all]
---
A link with no break: https://example.com/another/very/long/path/without/breaks/for/testing/phones

```
a code block with a very long line that scrolls inside its own box instead of widening the page ........
```

| col one | col two | col three | col four | col five | col six | col seven |
|---|---|---|---|---|---|---|
| some long cell text | more long cell text | even more text | text | text | text | text |
"""


def test_long_words_code_and_tables_fit_a_phone(browser, write_journal, tmp_path):
    root = write_journal({
        "contacts/maximiliana.md": LONG_WORDS,
        "interviews/2026-11-01-maximiliana.md": "---\ncontact: maximiliana\ndate: 2026-11-01\n"
                                                f"topic: {'Research ' * 20}\n---\n{LONG_WORDS.split('---')[2]}",
    })  # fmt: skip
    out = tmp_path / "site"
    assert build(root, BuildOptions(TODAY, output=out)).built
    w = Watched(browser, width=390)
    pages = sorted(out.rglob("*.html"))
    assert len(pages) == 13  # the ten lists, the contact, the conversation, the company
    # Nothing but a code block, a table or a chart (which scroll in their own box)
    # reaches past the main column's content, let alone past the screen.
    sticking_out = """() => {
        const main = document.querySelector("main");
        const edge = main.getBoundingClientRect().right - parseFloat(getComputedStyle(main).paddingRight);
        return [...main.querySelectorAll("*")]
            .filter(e => !e.closest("pre, table, .chart-frame") && e.getBoundingClientRect().right > edge + 0.5)
            .map(e => e.tagName.toLowerCase() + (e.className ? "." + e.className : ""));
    }"""
    wide = {}
    for path in pages:
        w.page.goto(path.as_uri())
        width = w.page.evaluate("() => document.documentElement.scrollWidth")
        out_of_column = w.page.evaluate(sticking_out)
        if width > 390 or out_of_column:
            wide[path.relative_to(out).as_posix()] = (width, out_of_column[:3])
    assert wide == {}
    # what does not fit scrolls in its own box
    w.page.goto((out / "contacts/maximiliana.html").as_uri())
    for selector in (".notes pre", ".notes table"):
        box = w.page.locator(selector).bounding_box()
        assert box is not None and box["x"] + box["width"] <= 390, selector


def test_every_contact_page_prints_as_one_page(browser, sample_site):
    import re

    page = browser.new_page()
    pages = {}
    for path in sorted((sample_site / "contacts").glob("*.html")):
        page.goto(path.as_uri())
        pdf = page.pdf(format="A4")
        counts = re.findall(rb"/Type\s*/Pages\b[^>]*?/Count\s+(\d+)", pdf)
        pages[path.stem] = int(counts[0]) if counts else -1
    page.close()
    assert len(pages) == 19  # every public contact of the sample
    assert {name: n for name, n in pages.items() if n != 1} == {}


@pytest.mark.parametrize("width", [1280, 390])
def test_the_contacts_table_sorts_in_the_browser(browser, sample_site, width):
    w = Watched(browser, width=width)
    w.page.goto((sample_site / "contacts.html").as_uri())
    first = lambda: w.page.locator("table.sortable tbody tr").first.locator("td").first.inner_text()  # noqa: E731
    assert first() == "Amara Nwosu"  # by name, as built
    w.page.get_by_role("button", name="Days since").click()
    assert first() == "Rahul Desai"  # met 5 days before 21 November: the fewest days since
    assert w.page.locator("th[aria-sort=ascending]").text_content() == "Days since"
    w.page.get_by_role("button", name="Days since").click()
    assert first() == "Maria Santos"  # the longest since (February); never met come last either way
    assert w.errors == [] and w.outside() == []


def test_a_brief_prints_on_one_a4_page(browser, sample_site):
    import re

    page = browser.new_page()
    for name in ("prep/2026-11-25-ben-fischer.html", "prep/2026-12-02-grace-kim.html"):
        page.goto((sample_site / name).as_uri())
        pdf = page.pdf(format="A4")
        assert len(re.findall(rb"/Type\s*/Page[^s]", pdf)) == 1, name
        assert page.locator("h2", has_text="Questions for this meeting").count() == 1
    page.close()


@pytest.mark.parametrize("width", [1280, 390])
def test_charts_are_readable_and_their_cards_hold_no_empty_space(browser, sample_site, width):
    w = Watched(browser, width=width)
    w.page.goto((sample_site / "index.html").as_uri())
    measures = w.page.evaluate("""() => [...document.querySelectorAll(".charts figure")].map(fig => {
        const frame = fig.querySelector(".chart-frame"), svg = frame.querySelector("svg");
        const scale = svg.getScreenCTM().a;
        const sizes = [...svg.querySelectorAll("text")].map(t => parseFloat(getComputedStyle(t).fontSize) * scale);
        return {
            caption: fig.querySelector("figcaption").firstChild.textContent.trim(),
            smallest: Math.min(...sizes),
            below: fig.getBoundingClientRect().bottom - frame.getBoundingClientRect().bottom,
            scrolls: frame.scrollWidth > frame.clientWidth,
        };
    })""")
    assert [m["caption"] for m in measures] == [
        "Conversations per month", "Outreach funnel · 81% of the people asked have answered",
        "Where contacts come from",
    ]  # fmt: skip
    for m in measures:
        assert m["smallest"] >= 11, m
        assert m["below"] <= 20, m  # the card ends with its chart: its padding and border only
    # the bars across fit a phone; only the months may scroll (to the earliest)
    assert [m["scrolls"] for m in measures] == [width == 390, False, False]
