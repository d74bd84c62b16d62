"""Output for people on a terminal: colour (unless NO_COLOR or --no-color),
tables fitted to its width, a pager for long output; the same bytes as
ever through a pipe."""

from __future__ import annotations

import os
import pty
import subprocess
import sys

import pytest

from infoview.ask.formats import paint, to_table
from infoview.cli.terminal import shown

TODAY = "2026-11-21"
FILES = {
    "contacts/sam-lee.md": "---\nname: Sam Lee\ntitle: A rather long job title that goes on and on\n---\n",
    "interviews/a.md": "---\ncontact: sam-lee\ndate: 2026-11-01\nthanked: true\n---\n"
    "- [ ] Send the deck due:2026-11-20\n- [ ] Read the report due:2026-11-21\n",
}


def test_style_marks_are_colour_on_a_terminal_and_nothing_elsewhere():
    text = paint("Overdue", "red", "bold") + " \x1b]52;c;x\x07"
    assert shown(text, color=True) == "\x1b[31;1mOverdue\x1b[0m ␛]52;c;x␇"  # journal text stays neutral
    assert shown(text, color=False) == "Overdue ␛]52;c;x␇"


def test_a_table_fits_the_width_it_is_given():
    rows = [("sam-lee", "Sam Lee", "A rather long job title that goes on and on")]
    fitted = shown(to_table(("id", "name", "title"), rows, width=40), color=False)
    assert fitted == (
        "id       name     title\n"
        "-------  -------  ----------------------\n"
        "sam-lee  Sam Lee  A rather long job tit…\n"
    )
    assert max(map(len, fitted.splitlines())) == 40


def on_a_terminal(root, *args: str, env: dict[str, str] | None = None) -> str:
    """What the command writes to a terminal (a pseudo-terminal here)."""
    leader, follower = pty.openpty()
    environment = {**os.environ, "COLUMNS": "40", "LINES": "50", "TERM": "xterm", **(env or {})}
    environment.pop("NO_COLOR", None) if "NO_COLOR" not in (env or {}) else None
    process = subprocess.Popen([sys.executable, "-m", "infoview", "-j", str(root), *args], stdin=follower,
                               stdout=follower, stderr=subprocess.DEVNULL, env=environment)  # fmt: skip
    os.close(follower)
    chunks = []
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:
            break
        if not chunk:
            break
        chunks.append(chunk)
    process.wait(timeout=60)
    os.close(leader)
    return b"".join(chunks).decode().replace("\r\n", "\n")


@pytest.mark.slow
def test_colour_on_a_terminal_unless_refused(write_journal):
    root = write_journal(FILES)
    coloured = on_a_terminal(root, "followups", "--today", TODAY)
    assert coloured.startswith("\x1b[31;1mOverdue (1)\x1b[0m\n  \x1b[36m")
    assert "\x1b[33;1mToday (1)\x1b[0m" in coloured
    for plain in (on_a_terminal(root, "followups", "--today", TODAY, env={"NO_COLOR": "1"}),
                  on_a_terminal(root, "--no-color", "followups", "--today", TODAY)):  # fmt: skip
        assert "\x1b" not in plain and plain.startswith("Overdue (1)\n")
    piped = subprocess.run([sys.executable, "-m", "infoview", "-j", str(root), "followups", "--today", TODAY],
                           capture_output=True, text=True, check=True).stdout  # fmt: skip
    assert piped == plain  # a pipe gets what --no-color shows


@pytest.mark.slow
def test_tables_fit_the_terminal_and_long_output_goes_to_the_pager(write_journal, tmp_path):
    root = write_journal(FILES)
    table = on_a_terminal(
        root, "--no-color", "query", "contacts", "--fields", "id,name,title", "--today", TODAY
    )
    assert max(map(len, table.splitlines())) <= 40
    assert "A rather long job tit…" in table
    paged = tmp_path / "paged.txt"
    pager = tmp_path / "pager"
    pager.write_text(f"#!/bin/sh\ncat > {paged}\n")
    pager.chmod(0o755)
    out = on_a_terminal(root, "--no-color", "followups", "--today", TODAY,
                        env={"LINES": "3", "PAGER": str(pager)})  # fmt: skip
    assert out == ""
    assert paged.read_text().startswith("Overdue (1)\n")


def test_the_id_column_and_dates_are_never_cut():
    rows = [("2026-12-10-maria-lopez", "2026-12-10", "A topic that is long enough to be cut down")]
    fitted = shown(to_table(("id", "date", "topic"), rows, width=50), color=False)
    assert fitted.splitlines()[2] == "2026-12-10-maria-lopez  2026-12-10  A topic that …"
    assert max(map(len, fitted.splitlines())) == 50
    tiny = shown(to_table(("id", "date", "topic"), rows, width=20), color=False)
    assert tiny.splitlines()[2] == "2026-12-10-maria-lopez  2026-12-10  A topic t…"  # wider than 20: wraps
