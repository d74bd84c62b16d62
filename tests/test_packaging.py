"""The wheel ships the templates, and an installed copy finds them."""

import os
import subprocess
import sys
import zipfile

import pytest

from .conftest import REPO

pytestmark = pytest.mark.slow


def test_readme_test_command_is_what_ci_runs():
    readme = (REPO / "README.md").read_text()
    blocks = [b.split("```", 1)[0].strip() for b in readme.split("```sh\n")[1:]]
    test_command = blocks[1]
    assert "pytest" in test_command
    assert test_command in (REPO / ".ci" / "run").read_text().splitlines()


def test_wheel_contains_the_templates_and_an_install_finds_them(tmp_path):
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path), str(REPO)],
        check=True,
        capture_output=True,
    )
    [wheel] = tmp_path.glob("infoview-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert "infoview/templates/base.html" in names
    assert "infoview/templates/static/style.css" in names
    target = tmp_path / "site-packages"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--no-deps",
            "-q",
            "--target",
            str(target),
            str(wheel),
        ],
        check=True,
        capture_output=True,
    )
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    out = subprocess.run(
        [
            sys.executable,
            "-c",
            "from infoview.resources import templates_dir; print(templates_dir())",
        ],
        cwd=elsewhere,
        env={**os.environ, "PYTHONPATH": str(target)},
        check=True,
        capture_output=True,
        text=True,
    )
    assert out.stdout.strip() == str(target / "infoview" / "templates")
