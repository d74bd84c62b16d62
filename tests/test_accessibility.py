"""Every kind of page, judged by axe-core (light and dark) and by the Nu HTML
checker. Both come from npm into .tools/ (.ci/run installs them there:
`npm install --prefix .tools axe-core vnu-jar`); without them the tests skip
with that line, and in CI a missing tool is a failure."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from infoview.site.build import BuildOptions, build

from .conftest import REPO, SAMPLE
from .test_browser import TODAY, browser  # noqa: F401  (the fixture)

TOOLS = REPO / ".tools" / "node_modules"
AXE = TOOLS / "axe-core" / "axe.min.js"
VNU = TOOLS / "vnu-jar" / "build" / "dist" / "vnu.jar"
PAGES = (
    "index.html", "timeline.html", "followups.html", "contacts.html", "contacts/dana-okafor.html",
    "interviews/2026-10-29-dana-okafor.html", "companies.html", "companies/northwind-health.html",
    "tags.html", "questions.html", "learned.html", "learned/research-ops.html",
    "learned/research-ops/2.html", "prep/2026-11-25-ben-fischer.html",
    "network.html",
    "search.html",
)  # fmt: skip


def _tool(path: Path, what: str) -> Path:
    if path.is_file():
        return path
    line = "npm install --prefix .tools axe-core vnu-jar"
    if os.environ.get("CI") == "true":
        pytest.fail(f"{what} is required in CI but {path} does not exist ({line})")
    pytest.skip(f"{what} is not installed; to run this test: {line}")


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    """The sample's site, with a second page of reflections on #research-ops:
    fifty more talks about it, each with one, are written into a copy."""
    root = tmp_path_factory.mktemp("a11y") / "journal"
    shutil.copytree(SAMPLE, root, ignore=shutil.ignore_patterns(".infoview", "_site"))
    for n in range(50):
        day = dt.date(2025, 1, 1) + dt.timedelta(days=n)
        (root / f"interviews/2025/{day}-dana-okafor.md").write_text(
            f"---\ncontact: dana-okafor\ndate: {day}\ntags: [research-ops]\n---\n## Reflection\n\nThought {n}.\n"
        )
    out = root / "_site"
    assert build(root, BuildOptions(TODAY, output=out)).built
    assert all((out / name).is_file() for name in PAGES)
    return out


@pytest.mark.browser
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_no_page_has_an_accessibility_violation(browser, site, scheme):  # noqa: F811
    axe = _tool(AXE, "axe-core")
    # The site's Content-Security-Policy admits no script it did not ship:
    # set aside for this test only, so that axe can be injected.
    context = browser.new_context(bypass_csp=True, color_scheme=scheme)
    page = context.new_page()
    found = {}
    for name in PAGES:
        page.goto((site / name).as_uri())
        page.add_script_tag(path=str(axe))
        violations = page.evaluate(
            "async () => (await axe.run()).violations.map(v => `${v.id}: ${v.nodes.length} nodes, first ${v.nodes[0].target}`)"
        )
        if violations:
            found[name] = violations
    context.close()
    assert found == {}


def nu_checked(path: Path) -> tuple[int, str]:
    """The Nu HTML checker's exit status and errors for the HTML files at path."""
    vnu = _tool(VNU, "the Nu HTML checker (vnu-jar)")
    java = shutil.which("java")
    if java is None:
        if os.environ.get("CI") == "true":
            pytest.fail("Java is required in CI for the Nu HTML checker")
        pytest.skip("no java on PATH: the Nu HTML checker needs it")
    checked = subprocess.run([java, "-jar", str(vnu), "--errors-only", "--skip-non-html", str(path)],
                             capture_output=True, text=True, timeout=300)  # fmt: skip
    return checked.returncode, checked.stderr


@pytest.mark.slow
def test_every_page_is_valid_html(site):
    assert nu_checked(site) == (0, "")
