"""Pages far from an edit keep their keys: the reference graph bounds what an edit changes.

Each test computes every record page's full key before and after an edit
and checks that every page whose key changed is near the edit
(depends.affected), unless the edit changed the journal's identity, in
which case every page is looked at again. It also checks that the list
pages (and the calendar) are as they were whenever the journal's fields fingerprint
(everything but the notes' text) is: a build keeps them then.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from infoview.journal.diagnostics import Severity
from infoview.load.journal import load, reading
from infoview.site import depends
from infoview.site.build import BuildOptions
from infoview.site.inputs import template_dirs
from infoview.site.leaks import LeakCheck
from infoview.site.plan import CALENDAR, plan_site
from infoview.site.view import SiteView

from .conftest import SAMPLE

TODAY = dt.date(2026, 11, 21)


@dataclass
class State:
    keys: dict[str, str]  # record page -> full key
    lists: dict[str, str]  # list page -> full key, and the calendar -> its bytes' hash
    view: SiteView
    identity: str
    fields_fingerprint: str
    graph: depends.Graph
    reused: (
        depends.Graph | None
    )  # the graph made with the one given, its unchanged files' nodes taken from it


def state(root: Path, graph_before: depends.Graph | None = None) -> State:
    """Every page's full key, the site's view, the identity, the fields fingerprint
    and the reference graph of the journal at root (made while the index's snapshot is open)."""
    with reading(root) as (loaded, notes):
        errors = [d for d in loaded.diagnostics if d.severity is Severity.ERROR]
        assert errors == [], "the edit should leave a valid journal"
        plan = plan_site(
            loaded, notes, loaded.journal, BuildOptions(TODAY), template_dirs(root), (), LeakCheck([], False)
        )
        keys = {p.path: p.key() for p in plan.pages if p.record}
        # Pages made of notes' text are compared at every build: neither the
        # lists that notes edits keep nor the pages the graph says are near.
        lists = {p.path: p.key() for p in plan.pages if not p.record and not p.notes}
        calendar = plan.other_files(set(), None)[0][CALENDAR]
        lists[CALENDAR] = hashlib.sha256(calendar).hexdigest()
        graph = depends.graph(plan.view)
        reused = depends.graph(plan.view, graph_before) if graph_before is not None else None
    return State(
        keys, lists, plan.view, depends.identity(loaded.journal), loaded.fields_fingerprint, graph, reused
    )


def check_edit(root: Path, edit) -> tuple[set[str], set[str] | None]:
    before = state(root)
    graph = before.graph
    edit(root)
    after = state(root, graph)
    if after.fields_fingerprint == before.fields_fingerprint:
        assert after.lists == before.lists, (
            "with the same fields fingerprint, lists and calendar stay as they were"
        )
        assert after.identity == before.identity, "and so does the identity (a build reuses it)"
    keys, new_keys = before.keys, after.keys
    changed = {p for p in new_keys.keys() | keys.keys() if keys.get(p) != new_keys.get(p)}
    if after.identity != before.identity:
        return changed, None
    new_graph = after.graph
    assert after.reused == new_graph, "unchanged files declare the same references"
    pages = {node.page: path for path, node in graph.items()}
    kept = json.loads(json.dumps(depends.dumps(graph)))  # as the manifest keeps it: by page
    assert depends.loads(kept, pages) == graph and not set(kept) & set(graph)
    # written as JSON at once, and then again with each unchanged file's part as it was
    parts: dict = {}
    assert json.loads(depends.dumps_text(graph)) == json.loads(depends.dumps_text(graph, parts)) == kept
    assert set(parts) == set(graph.values())
    fresh = json.loads(json.dumps(depends.dumps(new_graph)))
    assert json.loads(depends.dumps_text(new_graph, parts)) == fresh and set(parts) == set(new_graph.values())
    near = depends.affected(
        graph, new_graph, same_fields=after.fields_fingerprint == before.fields_fingerprint
    )
    assert changed <= near, f"pages changed beyond the edit's neighbourhood: {sorted(changed - near)}"
    return changed, near


def fields_fingerprint(root: Path) -> str:
    return load(root).fields_fingerprint


@pytest.fixture
def journal(tmp_path) -> Path:
    root = tmp_path / "journal"
    shutil.copytree(SAMPLE, root, ignore=shutil.ignore_patterns(".infoview", "_site"))
    return root


def front(path: Path) -> tuple[dict, str]:
    _, head, body = path.read_text(encoding="utf-8").split("---\n", 2)
    return yaml.safe_load(head), body


def rewrite(path: Path, change) -> None:
    data, body = front(path)
    change(data)
    path.write_text("---\n" + yaml.safe_dump(data, sort_keys=False, allow_unicode=True) + "---\n" + body)


DANA = "interviews/2026/2026-10-29-dana-okafor.md"

EDITS = {
    "notes": lambda j: (j / DANA).write_text((j / DANA).read_text() + "\nOne more line.\n"),
    "a date, so statuses and stages move": lambda j: rewrite(
        j / DANA, lambda d: d.update(date="2026-12-02 10:00")
    ),
    "a status that starts the nudge rule": lambda j: rewrite(
        j / DANA, lambda d: d.update(status="requested")
    ),
    "a second person in an interview": lambda j: rewrite(
        j / DANA, lambda d: d.update(contacts=["dana-okafor", "grace-kim"])
    ),
    "a referral, which moves an introduction": lambda j: rewrite(
        j / "interviews/2026/2026-01-14-dana-okafor.md",
        lambda d: d.update(referrals=["Grace Kim", "Someone New"]),
    ),
    "a contact's company": lambda j: rewrite(
        j / "contacts/dana-okafor.md", lambda d: d.update(company="Harbor Bank")
    ),
    "who introduced a contact": lambda j: rewrite(
        j / "contacts/dana-okafor.md", lambda d: d.update(referred_by="grace-kim")
    ),
    "a cadence": lambda j: rewrite(j / "contacts/grace-kim.md", lambda d: d.update(keep_in_touch="30d")),
    "a wiki-link": lambda j: (j / "contacts/grace-kim.md").write_text(
        (j / "contacts/grace-kim.md").read_text() + "\nSee [[dana-okafor]] and [[lumen-learning]].\n"
    ),
}


@pytest.mark.parametrize("what", list(EDITS))
def test_an_edit_changes_only_pages_near_it(journal, what):
    changed, near = check_edit(journal, EDITS[what])
    assert changed, "the edit should change some page"
    assert near is not None, "this edit keeps the journal's identity"
    assert len(near) < len(state(journal).keys), "and does not reach every page"


def test_a_new_name_makes_every_page_looked_at(journal):
    _changed, near = check_edit(
        journal, lambda j: rewrite(j / "contacts/grace-kim.md", lambda d: d.update(name="Grace K."))
    )
    assert near is None


def interviews(root: Path) -> list[Path]:
    return sorted((root / "interviews").rglob("*.md"))


CONTACT_IDS = sorted(p.stem for p in (SAMPLE / "contacts").glob("*.md"))
NAMES = ["Grace Kim", "Dana Okafor", "Marcus Webb", "Nobody Known", "Li Wei"]
COMPANIES = ["northwind-health", "lumen-learning", "Harbor Bank", "Brightpath Analytics", "New Co"]

interview_change = st.one_of(
    st.builds(lambda d: ("date", f"2026-{d.month:02d}-{d.day:02d}"),
              st.dates(dt.date(2026, 1, 1), dt.date(2026, 12, 31))),
    st.tuples(st.just("status"), st.sampled_from(["requested", "declined", "no-response", "cancelled", "done"])),
    st.tuples(st.just("contacts"), st.lists(st.sampled_from(CONTACT_IDS), min_size=1, max_size=3, unique=True)),
    st.tuples(st.just("referrals"), st.lists(st.sampled_from(NAMES), max_size=3, unique=True)),
    st.tuples(st.just("thanked"), st.just("2026-11-01")),
)  # fmt: skip
contact_change = st.one_of(
    st.tuples(st.just("company"), st.sampled_from(COMPANIES)),
    st.tuples(st.just("referred_by"), st.sampled_from(CONTACT_IDS)),
    st.tuples(st.just("keep_in_touch"), st.sampled_from(["14d", "90d"])),
    st.tuples(st.just("status"), st.sampled_from(["declined", "dormant", "do-not-contact"])),
)


@pytest.mark.slow
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    which=st.integers(0, 10**6),
    change=st.one_of(
        st.tuples(st.just("interview"), interview_change), st.tuples(st.just("contact"), contact_change)
    ),
)
def test_random_edits_change_only_pages_near_them(tmp_path_factory, which, change):
    root = tmp_path_factory.mktemp("random") / "journal"
    shutil.copytree(SAMPLE, root, ignore=shutil.ignore_patterns(".infoview", "_site"))
    kind, (field, value) = change
    files = interviews(root) if kind == "interview" else sorted((root / "contacts").glob("*.md"))
    target = files[which % len(files)]

    def edit(j: Path) -> None:
        def change_field(data: dict) -> None:
            if field == "contacts":
                data.pop("contact", None)
            data[field] = value

        rewrite(target, change_field)

    check_edit(root, edit)


def test_a_rule_reaches_four_steps(write_journal):
    """k moves after i, so i's nudge (about c and e) goes; m shows follow-ups about c:
    k → e → i → c → m."""
    root = write_journal({
        "contacts/c.md": "---\nname: Cora Lind\n---\n",
        "contacts/e.md": "---\nname: Emil Sand\n---\n",
        "interviews/i.md": "---\ncontacts: [c, e]\ndate: 2026-09-01\nstatus: requested\n---\n",
        "interviews/k.md": "---\ncontact: e\ndate: 2026-08-01\n---\n",
        "interviews/m.md": "---\ncontact: c\ndate: 2026-07-01\n---\n",
    })  # fmt: skip
    changed, near = check_edit(
        root, lambda j: rewrite(j / "interviews/k.md", lambda d: d.update(date="2026-10-01"))
    )
    assert "interviews/m.html" in changed
    assert near is not None and "interviews/m.html" in near


BODY_EDITS = {
    "a line of notes": "\nOne more line.\n",
    "a wiki-link to a contact": "\nMet [[grace-kim]] again.\n",
    "a wiki-link by name, and to a company": "\nAsk [[Marcus Webb]] about [[lumen-learning]].\n",
    "a link and emphasis": "\nRead *this*: <https://example.org/post>.\n",
}


@pytest.mark.parametrize("what", list(BODY_EDITS))
def test_notes_edits_keep_the_fields_and_so_the_lists(journal, what):
    before = fields_fingerprint(journal)
    changed, near = check_edit(
        journal, lambda j: (j / DANA).write_text((j / DANA).read_text() + BODY_EDITS[what])
    )
    assert fields_fingerprint(journal) == before, "notes' text is not part of the fields fingerprint"
    assert changed and near is not None


def test_a_task_in_the_notes_changes_the_fields_and_the_follow_ups(journal):
    before = state(journal)
    (journal / DANA).write_text(
        (journal / DANA).read_text() + "\n- [ ] Send Dana the portfolio link due:2026-12-03\n"
    )
    after = state(journal)
    assert after.fields_fingerprint != before.fields_fingerprint
    assert after.lists["followups.html"] != before.lists["followups.html"]
    assert after.lists[CALENDAR] != before.lists[CALENDAR]


@pytest.mark.slow
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    which=st.integers(0, 10**6),
    lines=st.lists(
        st.one_of(
            st.sampled_from(["Plain words.", "- [ ] a task", "- [ ] dated due:2026-12-01", "- [x] done task", "## A heading", "[[grace-kim]]",
                             "[[Dana Okafor]]", "[[nobody-here]]", "> quoted", "`code`", ""]),
            st.text(st.characters(codec="utf-8", exclude_categories=["Cs", "Cc"]), max_size=20),
        ),
        min_size=1, max_size=4,
    ),
)  # fmt: skip
def test_random_notes_edits_keep_lists_whenever_the_fields_holds(tmp_path_factory, which, lines):
    root = tmp_path_factory.mktemp("notes") / "journal"
    shutil.copytree(SAMPLE, root, ignore=shutil.ignore_patterns(".infoview", "_site"))
    files = [*interviews(root), *sorted((root / "contacts").glob("*.md"))]
    target = files[which % len(files)]
    check_edit(root, lambda j: target.write_text(target.read_text() + "\n" + "\n".join(lines) + "\n"))


def test_a_notes_edit_reaches_its_own_page_and_those_its_wiki_links_name(journal):
    """With the fields the same, the pages of the people and companies it names
    show nothing of its notes: only the records its wiki-links name list it."""
    plain = lambda j: (j / DANA).write_text((j / DANA).read_text() + "\nOne more line.\n")  # noqa: E731
    assert check_edit(journal, plain)[1] == {"interviews/2026-10-29-dana-okafor.html"}
    linking = lambda j: (j / DANA).write_text((j / DANA).read_text() + "\nAsk [[grace-kim]].\n")  # noqa: E731
    changed, near = check_edit(journal, linking)
    assert near == changed == {"interviews/2026-10-29-dana-okafor.html", "contacts/grace-kim.html"}
    unlinking = lambda j: (j / DANA).write_text((j / DANA).read_text().replace("Ask [[grace-kim]].", ""))  # noqa: E731
    assert check_edit(journal, unlinking) == (changed, near)
