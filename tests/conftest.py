from __future__ import annotations

import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from infoview.cli import main

REPO = Path(__file__).resolve().parent.parent
SAMPLE = REPO / "sample_journal"

WriteJournal = Callable[..., Path]


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def write_journal(tmp_path: Path) -> WriteJournal:
    """Write {relative path: text or bytes} under a fresh journal root."""

    def write(files: dict[str, str | bytes], root: Path | None = None) -> Path:
        root = root or tmp_path / "journal"
        root.mkdir(parents=True, exist_ok=True)
        (root / "infoview.toml").touch()
        for rel, content in files.items():
            path = root / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, bytes):
                path.write_bytes(content)
            else:
                path.write_text(textwrap.dedent(content).lstrip("\n"), encoding="utf-8")
        return root

    return write


@pytest.fixture
def invoke(runner: CliRunner) -> Callable[..., object]:
    def run(*args: str, **kwargs: object):
        return runner.invoke(main, list(args), catch_exceptions=False, **kwargs)

    return run


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden", action="store_true", help="Rewrite tests/golden from the current output."
    )
