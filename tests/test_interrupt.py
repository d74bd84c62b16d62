"""Killed, interrupted and concurrent commands leave a usable index and the previous site."""

from __future__ import annotations

import hashlib
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from infoview.load.journal import load

from .conftest import REPO

pytestmark = pytest.mark.slow

TODAY = ["--today", "2026-11-21"]


@pytest.fixture(scope="module")
def big_journal(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("big") / "journal"
    subprocess.run([sys.executable, str(REPO / "benchmarks/generate.py"), "1500", str(root)], check=True)
    return root


def infoview(root: Path, *args: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "infoview", "-j", str(root), *args],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)  # fmt: skip


def finish(proc: subprocess.Popen) -> tuple[int, str]:
    _out, err = proc.communicate(timeout=120)
    return proc.returncode, err.decode()


def site_digest(site: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(site.rglob("*")):
        if path.is_file():
            digest.update(path.relative_to(site).as_posix().encode() + path.read_bytes())
    return digest.hexdigest()


@pytest.mark.parametrize("delay", [0.05, 0.3, 0.8, 1.5])
@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGINT])
def test_an_interrupted_build_leaves_the_previous_site(big_journal, delay, sig):
    site = big_journal / "_site"
    if not site.exists():
        assert finish(infoview(big_journal, "build", *TODAY))[0] == 0
    before = site_digest(site)
    proc = infoview(big_journal, "build", "--clean", *TODAY)
    time.sleep(delay)
    proc.send_signal(sig)
    _code, err = finish(proc)
    assert "Traceback" not in err
    after = site_digest(site)
    assert after == before  # --clean renders the same site again; any state but this one is a failure
    if sig == signal.SIGINT:
        assert [p.name for p in big_journal.iterdir() if ".new-" in p.name or ".old-" in p.name] == []
    # whatever was left, the next command works and cleans up
    assert load(big_journal).files == 1500
    assert finish(infoview(big_journal, "build", *TODAY))[0] == 0
    assert [p.name for p in big_journal.iterdir() if ".new-" in p.name or ".old-" in p.name] == []
    assert site_digest(site) == before


@pytest.mark.parametrize("delay", [0.1, 0.5, 1.0])
def test_a_killed_index_leaves_a_usable_index(big_journal, delay):
    proc = infoview(big_journal, "index", "--rebuild")
    time.sleep(delay)
    proc.kill()
    finish(proc)
    code, err = finish(infoview(big_journal, "query", "contacts", "--limit", "1", *TODAY))
    assert code == 0, err
    assert load(big_journal).files == 1500


def test_concurrent_commands_neither_crash_nor_corrupt(big_journal):
    procs = [infoview(big_journal, "index", "--rebuild")]
    time.sleep(0.05)
    procs += [infoview(big_journal, "query", "interviews", "mode:video", *TODAY) for _ in range(2)]
    procs += [infoview(big_journal, "build", *TODAY), infoview(big_journal, "build", "--clean", *TODAY)]
    results = [finish(p) for p in procs]
    assert [code for code, _ in results] == [0, 0, 0, 0, 0], [err for _, err in results]
    assert finish(infoview(big_journal, "validate"))[0] == 0
    assert site_digest(big_journal / "_site")  # a whole site is there
