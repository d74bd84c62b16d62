"""Every command is documented with an example; the README lists every code."""

import re

import click
import pytest

from infoview.cli import main
from infoview.journal.diagnostics import CODES

from .conftest import REPO


def _commands(group: click.Group, prefix=()):
    for name, command in group.commands.items():
        yield (*prefix, name)
        if isinstance(command, click.Group):
            yield from _commands(command, (*prefix, name))


@pytest.mark.parametrize("path", list(_commands(main)), ids=" ".join)
def test_every_command_has_help_with_an_example(invoke, path):
    result = invoke(*path, "--help")
    assert result.exit_code == 0
    assert "Example:" in result.stdout


def test_readme_lists_every_diagnostic_code():
    readme = (REPO / "README.md").read_text()
    listed = dict(re.findall(r"^\| `([EW]\d{3})` \| (.+?) \|$", readme, re.M))
    assert set(listed) == set(CODES)


def test_readme_documents_every_field():
    from infoview.journal.decode import FIELDS

    readme = (REPO / "README.md").read_text()
    for kind, names in FIELDS.items():
        for name in names:
            assert f"`{name}`" in readme, f"{kind} field {name} missing from the README"
