"""An encrypted site in a real browser (Playwright driving Debian's Chromium)
over file://: the passphrase opens it, and everything works once it is open.
Skipped where no Chromium is installed, except in CI."""

from __future__ import annotations

import base64
import re
import shutil
from pathlib import Path

import pytest

from infoview.site.build import BuildOptions, build_encrypted

from .conftest import SAMPLE
from .test_accessibility import AXE, _tool, nu_checked
from .test_browser import TODAY, Watched, browser  # noqa: F401  (the fixture)

pytestmark = pytest.mark.browser

PASSPHRASE = "correct horse battery staple"
DAMAGED = (
    "This page cannot be opened: it was changed, moved or damaged after the site was built. "
    "Build it again with infoview build --encrypt --clean, and publish it again."
)


@pytest.fixture(scope="module")
def sealed(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("encrypted") / "journal"
    shutil.copytree(SAMPLE, root, ignore=shutil.ignore_patterns("_site", ".infoview"))
    out = root.parent / "public"
    assert build_encrypted(root, BuildOptions(TODAY, output=out, calendar=False), PASSPHRASE).built
    return out


def _unlock(page, passphrase: str = PASSPHRASE, remember: bool = False) -> None:
    page.get_by_label("Passphrase").fill(passphrase)
    if remember:
        page.get_by_label("Remember on this device").check()
    page.get_by_role("button", name="Unlock").click()


def test_the_passphrase_opens_the_site_and_every_page_after_it(browser, sealed):  # noqa: F811
    from playwright.sync_api import expect

    w = Watched(browser, width=390)
    page = w.page
    page.goto((sealed / "index.html").as_uri())
    assert page.title() == "Locked journal"
    assert page.get_by_role("heading", level=1).inner_text() == "This journal is locked"
    _unlock(page)
    expect(page).to_have_title("Dashboard · Career change journal", timeout=20_000)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Contacts").click()
    expect(page).to_have_title("Contacts · Career change journal")
    page.get_by_role("link", name="Dana Okafor", exact=True).click()
    expect(page.locator("h1")).to_contain_text("Dana Okafor")
    assert re.search(r"/[a-z2-7]{24}\.html$", page.url), page.url  # no name in the address
    page.get_by_role("link", name="Applying to Lumen's junior researcher role").click()
    expect(page.locator("h1")).to_have_text("Applying to Lumen's junior researcher role")
    assert "dana" not in page.url
    page.reload()  # the key is kept for the session: no form again
    expect(page.locator("h1")).to_have_text("Applying to Lumen's junior researcher role")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Search").click()
    page.get_by_label("Search every contact, conversation and company").fill("portfolio")
    expect(page.locator("#search-status")).to_have_text("8 results")
    first = page.locator("#results li a").first
    first.click()
    expect(page.locator("h1")).to_have_text("Feedback on my second case study")
    assert w.outside() == [] and w.errors == [] and w.dialogs == []


def test_a_wrong_passphrase_says_so_and_a_right_one_then_opens(browser, sealed):  # noqa: F811
    from playwright.sync_api import expect

    w = Watched(browser)
    page = w.page
    page.goto((sealed / "index.html").as_uri())
    _unlock(page, "not the passphrase at all")
    expect(page.locator("#unlock-status")).to_have_text(
        "That passphrase is not right. Try again.", timeout=20_000
    )
    assert page.title() == "Locked journal"
    _unlock(page)
    expect(page).to_have_title("Dashboard · Career change journal", timeout=20_000)


def test_the_key_is_kept_on_the_device_only_when_asked(browser, sealed):  # noqa: F811
    from playwright.sync_api import expect

    context = browser.new_context()
    first = context.new_page()
    first.goto((sealed / "index.html").as_uri())
    _unlock(first)
    expect(first).to_have_title("Dashboard · Career change journal", timeout=20_000)
    other = context.new_page()  # another tab: a new session
    other.goto((sealed / "index.html").as_uri())
    expect(other.get_by_label("Passphrase")).to_be_visible()
    _unlock(other, remember=True)
    expect(other).to_have_title("Dashboard · Career change journal", timeout=20_000)
    third = context.new_page()
    third.goto((sealed / "index.html").as_uri())
    expect(third).to_have_title("Dashboard · Career change journal", timeout=20_000)
    context.close()


def test_a_changed_file_says_so(browser, sealed, tmp_path):  # noqa: F811
    from playwright.sync_api import expect

    copy = tmp_path / "public"
    shutil.copytree(sealed, copy)
    text = (copy / "index.html").read_text(encoding="utf-8")
    payload = re.search(r'data-check="[^"]+">([^<]+)<', text).group(1)  # type: ignore[union-attr]
    raw = bytearray(base64.b64decode(payload))
    raw[100] ^= 0x20
    (copy / "index.html").write_text(
        text.replace(payload, base64.b64encode(bytes(raw)).decode()), encoding="utf-8"
    )
    w = Watched(browser)
    w.page.goto((copy / "index.html").as_uri())
    _unlock(w.page)
    expect(w.page.locator("#unlock-status")).to_have_text(DAMAGED, timeout=20_000)
    assert w.page.title() == "Locked journal"


def test_a_page_moved_to_another_name_says_so(browser, sealed, tmp_path):  # noqa: F811
    from playwright.sync_api import expect

    copy = tmp_path / "public"
    shutil.copytree(sealed, copy)
    first, second = sorted(p for p in copy.glob("*.html") if p.name != "index.html")[:2]
    first_text, second_text = first.read_bytes(), second.read_bytes()
    first.write_bytes(second_text)
    second.write_bytes(first_text)
    w = Watched(browser)
    w.page.goto(first.as_uri())
    _unlock(w.page)
    expect(w.page.locator("#unlock-status")).to_have_text(DAMAGED, timeout=20_000)


def test_lock_forgets_the_key_here_and_on_the_device(browser, sealed):  # noqa: F811
    from playwright.sync_api import expect

    context = browser.new_context()
    page = context.new_page()
    page.goto((sealed / "index.html").as_uri())
    _unlock(page, remember=True)
    expect(page).to_have_title("Dashboard · Career change journal", timeout=20_000)
    page.get_by_role("button", name="Lock").click()
    expect(page.get_by_label("Passphrase")).to_be_visible()
    assert page.title() == "Locked journal"
    other = context.new_page()
    other.goto((sealed / "index.html").as_uri())
    expect(other.get_by_label("Passphrase")).to_be_visible()
    context.close()


def test_a_browser_without_its_cryptography_here_says_so_at_once(browser, sealed):  # noqa: F811
    from playwright.sync_api import expect

    context = browser.new_context()
    context.add_init_script("delete Crypto.prototype.subtle;")  # (as on a plain http:// address)
    page = context.new_page()
    page.goto((sealed / "index.html").as_uri())
    expect(page.locator("#unlock-status")).to_have_text(
        "This browser cannot decrypt the page here: open the site over https:// (or from a file on this device)."
    )
    context.close()


def test_an_open_page_prints_its_content(browser, sealed):  # noqa: F811
    from playwright.sync_api import expect

    w = Watched(browser)
    page = w.page
    page.goto((sealed / "index.html").as_uri())
    _unlock(page)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Contacts").click()
    page.get_by_role("link", name="Dana Okafor", exact=True).click()
    expect(page.locator("h1")).to_contain_text("Dana Okafor")
    page.emulate_media(media="print")
    assert page.locator("#unlock").count() == 0
    assert page.locator("main h1").is_visible()
    assert page.pdf()[:4] == b"%PDF"


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_passphrase_form_is_accessible_and_fits_a_phone(browser, sealed, scheme):  # noqa: F811
    axe = _tool(AXE, "axe-core")
    context = browser.new_context(
        bypass_csp=True, color_scheme=scheme, viewport={"width": 390, "height": 800}
    )
    page = context.new_page()
    page.goto((sealed / "index.html").as_uri())
    page.add_script_tag(path=str(axe))
    violations = page.evaluate("async () => (await axe.run()).violations.map(v => v.id)")
    assert violations == []
    width = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
    assert width[0] <= width[1]
    font = page.evaluate("() => parseFloat(getComputedStyle(document.getElementById('passphrase')).fontSize)")
    assert font >= 16  # (a phone zooms into a smaller field)
    context.close()


def test_an_encrypted_page_is_valid_html(sealed, tmp_path):
    shutil.copy(sealed / "index.html", tmp_path / "index.html")
    assert nu_checked(tmp_path) == (0, "")


def test_a_link_to_a_part_of_another_page_lands_on_that_part(browser, sealed):  # noqa: F811
    from playwright.sync_api import expect

    w = Watched(browser, width=390)
    page = w.page
    page.goto((sealed / "index.html").as_uri())
    _unlock(page)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Contacts").click()
    page.get_by_role("link", name="Dana Okafor", exact=True).click()
    page.locator('a[href$="#tag-healthcare"]').first.click()
    expect(page).to_have_title("Tags · Career change journal")
    assert page.url.endswith("#tag-healthcare")
    expect(page.locator("#tag-healthcare")).to_be_in_viewport()
    assert page.evaluate("() => window.scrollY") > 0
