"""The `infoview` command: parse options, call one core function, print, exit.

Exit codes: 0 ok, 1 the journal has errors (or a command was refused),
2 usage error.
"""

from __future__ import annotations

import datetime as dt
import functools
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from . import __version__
from .config import CONFIG_NAME

F = Callable[..., Any]


class DateType(click.ParamType):
    name = "DATE"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        if isinstance(value, dt.date):
            return value
        try:
            return dt.date.fromisoformat(str(value))
        except ValueError:
            self.fail(f"'{value}' is not a date like 2026-11-03", param, ctx)


class WhenType(click.ParamType):
    name = "DATE[ HH:MM]"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        from .fields import parse_when

        parsed = parse_when(str(value))
        if isinstance(parsed, str):
            self.fail(f"'{value}': {parsed}", param, ctx)
        return parsed


def find_root(explicit: Path | None) -> Path:
    """--journal / $INFOVIEW_JOURNAL, else the nearest folder with infoview.toml."""
    if explicit is not None:
        if not explicit.is_dir():
            raise click.UsageError(f"journal folder '{explicit}' does not exist")
        return explicit
    cwd = Path.cwd()
    for folder in (cwd, *cwd.parents):
        if (folder / CONFIG_NAME).is_file():
            return folder
    return cwd


def journal_option(func: F) -> F:
    """-j/--journal on a command, falling back to the group's option."""

    @click.option(
        "-j",
        "--journal",
        "journal",
        type=click.Path(path_type=Path),
        default=None,
        help="The journal folder (default: $INFOVIEW_JOURNAL or the nearest "
        f"folder holding {CONFIG_NAME}).",
    )
    @click.pass_context
    @functools.wraps(func)
    def wrapper(ctx: click.Context, journal: Path | None, **kwargs: Any) -> Any:
        group_journal = ctx.find_root().params.get("journal")
        return func(root=find_root(journal or group_journal), **kwargs)

    return wrapper


def today_option(func: F) -> F:
    return click.option(
        "--today",
        type=DateType(),
        default=None,
        help="Treat this date as today (for reproducible output).",
    )(func)


def format_option(*choices: str) -> Callable[[F], F]:
    return click.option(
        "--format",
        "fmt",
        type=click.Choice(choices),
        default=choices[0],
        show_default=True,
        help="Output format.",
    )


def resolve_today(today: dt.date | None) -> dt.date:
    return today or dt.date.today()


def refusal(exc: Exception) -> click.ClickException:
    return click.ClickException(str(exc))


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "-j",
    "--journal",
    type=click.Path(path_type=Path),
    envvar="INFOVIEW_JOURNAL",
    help=f"The journal folder (default: the nearest folder holding {CONFIG_NAME}).",
)
@click.version_option(__version__, prog_name="infoview")
def main(journal: Path | None) -> None:
    """Keep a journal of informational interviews as markdown files.

    \b
    Example:
      infoview init my-journal && cd my-journal
      infoview new contact "Jane Doe" --company Acme
      infoview validate
    """


@main.command()
@click.argument("path", type=click.Path(path_type=Path), default=".")
def init(path: Path) -> None:
    """Create an empty journal in PATH (default: the current folder).

    Refuses a folder that is not empty unless it already is a journal; then
    only what is missing is added, and nothing is overwritten.

    \b
    Example:
      infoview init ~/career-journal
    """
    from .scaffold import ScaffoldError, init_journal

    try:
        created = init_journal(path)
    except ScaffoldError as exc:
        raise refusal(exc) from None
    if created:
        click.echo(f"Created a journal in {path}: {', '.join(created)}")
    else:
        click.echo(f"{path} is already a journal; nothing to do.")


@main.group()
def new() -> None:
    """Create a contact, interview or company file.

    \b
    Example:
      infoview new contact "Jane Doe" --company acme --tag ux
      infoview new interview jane-doe --date "2026-11-24 14:30" --mode video
    """


def _created(path: Path, edit: bool) -> None:
    click.echo(str(path))
    if edit:
        click.edit(filename=str(path))


@new.command("contact")
@click.argument("name")
@click.option("--company", help="Company id or name.")
@click.option("--title", help="Their job title.")
@click.option("--email", help="E-mail address.")
@click.option("--tag", "tags", multiple=True, help="A tag (repeatable).")
@click.option("--edit", is_flag=True, help="Open the new file in $EDITOR.")
@journal_option
@today_option
def new_contact(
    root: Path,
    name: str,
    company: str | None,
    title: str | None,
    email: str | None,
    tags: tuple[str, ...],
    edit: bool,
    today: dt.date | None,
) -> None:
    """Create contacts/<slug>.md for a person called NAME.

    \b
    Example:
      infoview new contact "Zoë Ångström" --title "UX Researcher" --tag ux
    """
    from .scaffold import NewContact, ScaffoldError
    from .scaffold import new_contact as create

    spec = NewContact(name, company, title, email, tags)
    try:
        path = create(root, spec, resolve_today(today))
    except ScaffoldError as exc:
        raise refusal(exc) from None
    _created(path, edit)


@new.command("interview")
@click.argument("contact")
@click.option("--date", "when", type=WhenType(), help="Date and optional time (default: today).")
@click.option(
    "--mode", type=click.Choice(["in-person", "video", "phone", "email", "chat", "other"])
)
@click.option("--topic", help="What the conversation is about.")
@click.option(
    "--status",
    type=click.Choice(["requested", "scheduled", "done"]),
    help="Default: done if the date is past, scheduled otherwise.",
)
@click.option("--edit", is_flag=True, help="Open the new file in $EDITOR.")
@journal_option
@today_option
def new_interview(
    root: Path,
    contact: str,
    when: Any,
    mode: str | None,
    topic: str | None,
    status: str | None,
    edit: bool,
    today: dt.date | None,
) -> None:
    """Create interviews/<date>-<contact>.md with CONTACT (id or name).

    \b
    Example:
      infoview new interview jane-doe --date "2026-11-24 14:30" --mode video
    """
    from .loader import load
    from .model import When
    from .scaffold import NewInterview, ScaffoldError
    from .scaffold import new_interview as create

    result = load(root)
    names = {cid: c.name for cid, c in result.journal.contacts.items()}
    spec = NewInterview(contact, when or When(resolve_today(today)), mode, topic, status)
    try:
        path = create(root, spec, names)
    except ScaffoldError as exc:
        raise refusal(exc) from None
    _created(path, edit)


@new.command("company")
@click.argument("name")
@click.option("--website", help="The company's website.")
@click.option("--industry", help="Its industry.")
@click.option("--edit", is_flag=True, help="Open the new file in $EDITOR.")
@journal_option
def new_company(
    root: Path, name: str, website: str | None, industry: str | None, edit: bool
) -> None:
    """Create companies/<slug>.md for an organisation called NAME.

    \b
    Example:
      infoview new company "Acme Research" --website https://acme.example
    """
    from .scaffold import ScaffoldError
    from .scaffold import new_company as create

    try:
        path = create(root, name, website, industry)
    except ScaffoldError as exc:
        raise refusal(exc) from None
    _created(path, edit)


@main.command()
@journal_option
@format_option("text", "json")
@click.option("--strict", is_flag=True, help="Warnings count as errors (exit 1).")
def validate(root: Path, fmt: str, strict: bool) -> None:
    """Check every file and print diagnostics as path:line:col.

    Exits 1 when there are errors (or warnings, with --strict).

    \b
    Example:
      infoview validate
      infoview validate --format json --strict
    """
    from .diagnostics import Severity, has_errors, summary, to_json, to_text
    from .loader import load

    result = load(root)
    diags = result.diagnostics
    if fmt == "json":
        click.echo(to_json(diags, result.files), nl=False)
    else:
        click.echo(to_text(diags), nl=False)
        click.echo(summary(diags, result.files))
    failed = has_errors(diags) or (strict and any(d.severity is Severity.WARNING for d in diags))
    raise SystemExit(1 if failed else 0)


def run() -> None:  # pragma: no cover - console entry point
    main(prog_name=os.environ.get("INFOVIEW_PROG", "infoview"))
