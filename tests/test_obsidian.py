"""A journal kept in an Obsidian vault: init beside other notes, Tasks' and
Dataview's ways of writing a task, comments, links to headings, aliases,
embeds and callouts."""

from __future__ import annotations

import json

from infoview.load.journal import load

TODAY = "2026-11-21"


def followups(invoke, root, *extra):
    return json.loads(
        invoke("-j", str(root), "followups", "--format", "json", "--today", TODAY, *extra).stdout
    )


def test_init_in_a_vault_adds_what_it_needs_and_touches_nothing(invoke, tmp_path):
    vault = tmp_path / "vault"
    (vault / ".obsidian").mkdir(parents=True)
    (vault / ".obsidian/app.json").write_text("{}")
    (vault / "Daily").mkdir()
    (vault / "Daily/2026-11-30.md").write_bytes(b"# Today\r\n- [ ] Not a follow-up\r\n")
    (vault / ".gitignore").write_bytes(b".trash/\n")
    before = {p: p.read_bytes() for p in vault.rglob("*") if p.is_file()}
    result = invoke("init", str(vault))
    assert result.stdout == (
        f"Created a journal in {vault}: contacts/, interviews/, companies/, infoview.toml, questions.md\n"
        "Your .gitignore was left as it was: add .infoview/ and _site/ to it to keep the index and the site "
        "out of git.\n"
    )
    assert all(p.read_bytes() == data for p, data in before.items())
    assert invoke("-j", str(vault), "validate").stdout == "0 errors, 0 warnings in 0 files\n"
    assert followups(invoke, vault) == []  # a note outside the journal's folders is not read
    other = tmp_path / "notes"
    other.mkdir()
    (other / "x.md").write_text("x")
    assert invoke("init", str(other)).exit_code == 1  # not a vault, not empty: refused as before


TASKS = """---
name: Ann Lee
---
- [ ] Send the deck ⏫ 📅 2026-11-25 \N{HEAVY PLUS SIGN} 2026-11-20
- [ ] Read her paper ⏳ 2026-11-23 🛫 2026-11-22
- [ ] Old idea ❌ 2026-11-19
- [ ] Ask about the panel [due:: 2026-11-29] [priority:: high]
- [x] Water the plants 🔁 every week 📅 2026-11-14 ✅ 2026-11-15
- [ ] Call her 🔁 every 2 weeks when done 📅 2026-11-24
%% - [ ] A task in a comment due:2026-11-22 %%
"""


def test_tasks_and_dataview_marks_are_understood_and_left_out_of_the_text(write_journal, invoke):
    root = write_journal({"contacts/ann.md": TASKS})
    assert load(root).diagnostics == ()
    rows = followups(invoke, root)
    assert [(r["text"], r["due"]) for r in rows] == [
        ("Water the plants", "2026-11-21"),  # the next occurrence after the one done on 14 November
        ("Read her paper", "2026-11-23"),  # scheduled, when there is no due date
        ("Call her", "2026-11-24"),
        ("Send the deck", "2026-11-25"),
        ("Ask about the panel", "2026-11-29"),
    ]
    everything = followups(invoke, root, "--all")
    assert ("Old idea", True) in [(r["text"], r["done"]) for r in everything]  # cancelled: closed
    assert len({r["ref"] for r in everything}) == len(everything)


def test_done_on_a_recurring_task_writes_its_next_occurrence_as_tasks_does(write_journal, invoke):
    root = write_journal({"contacts/ann.md": TASKS})
    rows = {r["text"]: r for r in followups(invoke, root)}
    before = (root / "contacts/ann.md").read_bytes()
    invoke("-j", str(root), "done", rows["Call her"]["ref"], "--on", "2026-11-22")
    assert (root / "contacts/ann.md").read_bytes() == before.replace(
        "- [ ] Call her 🔁 every 2 weeks when done 📅 2026-11-24\n".encode(),
        "- [ ] Call her 🔁 every 2 weeks when done 📅 2026-12-06\n"
        "- [x] Call her 🔁 every 2 weeks when done 📅 2026-11-24 ✅ 2026-11-22\n".encode(),
    )
    # the occurrence infoview worked out (after the last one written) is written done, above it
    rows = {r["text"]: r for r in followups(invoke, root)}
    middle = (root / "contacts/ann.md").read_bytes()
    invoke("-j", str(root), "done", rows["Water the plants"]["ref"], "--on", "2026-11-21")
    assert (root / "contacts/ann.md").read_bytes() == middle.replace(
        b"- [x] Water the plants",
        "- [x] Water the plants 🔁 every week 📅 2026-11-21 ✅ 2026-11-21\n- [x] Water the plants".encode(),
        1,
    )
    assert [r["due"] for r in followups(invoke, root) if r["text"] == "Water the plants"] == ["2026-11-28"]


NOTE = """---
name: Bo Kim
---
# Her path

%% Private thought: never shown %%
Ask about [[ann#Her path]], [[ann|Ann L.]] and ![[ann]].

> [!tip] Remember
> Bring the deck.

> [!warning]
> Not before noon.

%%
A longer comment
over lines
%%
"""


def test_comments_links_embeds_and_callouts_on_the_site(write_journal, invoke):
    root = write_journal({"contacts/bo.md": NOTE, "contacts/ann.md": "---\nname: Ann Lee\n---\n# Her path\n"})
    assert invoke("-j", str(root), "build", "--today", TODAY).exit_code == 0
    page = (root / "_site/contacts/bo.html").read_text()
    assert "Private thought" not in page and "longer comment" not in page
    for path in (root / "_site").rglob("*"):
        if path.is_file():
            assert b"Private thought" not in path.read_bytes() and b"%%" not in path.read_bytes(), path
    assert (
        '<p>Ask about <a class="wikilink" href="../contacts/ann.html#h-her-path" title="Ann Lee">Ann Lee \N{SINGLE RIGHT-POINTING ANGLE QUOTATION MARK} Her path</a>, '
        '<a class="wikilink" href="../contacts/ann.html" title="Ann Lee">Ann L.</a> and '
        '<span class="embed" title="embedded">↪</span> '
        '<a class="wikilink" href="../contacts/ann.html" title="Ann Lee">Ann Lee</a>.</p>'
    ) in page
    assert '<h1 id="h-her-path">Her path</h1>' in (root / "_site/contacts/ann.html").read_text()
    assert (
        '<blockquote class="callout callout-tip">\n<p><strong>Remember</strong><br />\nBring the deck.</p>'
    ) in page
    assert '<blockquote class="callout callout-warning">\n<p><strong>Warning</strong><br />' in page


def test_a_comment_never_closed_hides_the_rest_and_code_is_not_a_comment(write_journal, invoke):
    root = write_journal({
        "contacts/bo.md": "---\nname: Bo Kim\n---\nCode: `%%not a comment%%` ok.\n\nSeen %%Hidden\nstill hidden\n"
                          "```\nhidden code\n```\n- [ ] Hidden task due:2026-11-22\n",
    })  # fmt: skip
    assert invoke("-j", str(root), "build", "--today", TODAY).exit_code == 0
    page = (root / "_site/contacts/bo.html").read_text()
    assert "<p>Code: <code>%%not a comment%%</code> ok.</p>\n<p>Seen</p>" in page
    assert "idden" not in page and followups(invoke, root) == []


def test_done_on_a_recurring_task_with_only_a_scheduled_date_and_dataview_marks(write_journal, invoke):
    root = write_journal({
        "contacts/ann.md": "---\nname: Ann Lee\n---\n- [ ] Review ⏳ 2026-11-20 🔁 every week\n"
                           "- [ ] Write (scheduled:: 2026-11-21) [repeat:: every 2 weeks]\n"
                           "- [ ] Plain [due:: 2026-11-21]\n",
    })  # fmt: skip
    refs = {r["text"]: r["ref"] for r in followups(invoke, root)}
    for text in ("Review", "Write", "Plain"):
        assert invoke("-j", str(root), "done", refs[text], "--on", "2026-11-21").exit_code == 0, text
    assert (root / "contacts/ann.md").read_text() == (
        "---\nname: Ann Lee\n---\n- [ ] Review ⏳ 2026-11-27 🔁 every week\n"
        "- [x] Review ⏳ 2026-11-20 🔁 every week ✅ 2026-11-21\n"
        "- [ ] Write (scheduled:: 2026-12-05) [repeat:: every 2 weeks]\n"
        "- [x] Write (scheduled:: 2026-11-21) [repeat:: every 2 weeks] [completion:: 2026-11-21]\n"
        "- [x] Plain [due:: 2026-11-21] [completion:: 2026-11-21]\n"
    )
