"""The installed command as a process: what it prints, and its exit code, arrive whole.

The command leaves without the interpreter's teardown (see infoview/__main__.py),
so these tests run it as users do and compare with the same command run in
this process.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from infoview import __version__
from infoview.cli import main

from .conftest import SAMPLE

TODAY = ["--today", "2026-11-21"]


def command(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "infoview", *args], capture_output=True, text=True, timeout=120
    )


def test_a_command_prints_all_it_has_through_a_pipe(runner, tmp_path):
    journal = tmp_path / "journal"
    shutil.copytree(SAMPLE, journal, ignore=shutil.ignore_patterns(".infoview", "_site"))
    args = ["-j", str(journal), "query", "--format", "json", "interviews", *TODAY]
    here = runner.invoke(main, args)
    assert here.exit_code == 0
    there = command(*args)
    assert there.returncode == 0
    assert there.stdout == here.output
    assert there.stdout.rstrip().endswith("]")
    assert len(there.stdout) > 2000


def test_exit_codes_and_messages_of_the_process(tmp_path):
    assert (command("--version").returncode, command("--version").stdout) == (
        0,
        f"infoview, version {__version__}\n",
    )
    usage = command("-j", str(SAMPLE), "query", "--limit", "-1", "contacts")
    assert usage.returncode == 2
    assert "Invalid value for '--limit'" in usage.stderr
    broken = tmp_path / "broken"
    (broken / "contacts").mkdir(parents=True)
    (broken / "infoview.toml").write_text("")
    (broken / "contacts" / "ana.md").write_text("---\nname: Ana\nemail: [\n---\n")
    result = command("-j", str(broken), "validate")
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        "contacts/ana.md:4:1: error: YAML syntax error: did not find expected node content "
        "(while parsing a flow node started on line 4) [E004]",
        "1 error, 0 warnings in 1 file",
    ]


def test_a_build_process_leaves_a_complete_site(tmp_path: Path):
    journal = tmp_path / "journal"
    shutil.copytree(SAMPLE, journal)
    result = command("-j", str(journal), "build", *TODAY)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Built ")
    site = journal / "_site"
    assert (site / ".infoview-site.json").is_file()
    assert (site / "index.html").read_text().rstrip().endswith("</html>")
