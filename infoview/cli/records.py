"""init, new and validate: making journals and records, and checking them."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import click

from ..journal.model import INTERVIEW_STATUSES, MODES
from .group import (
    WhenType,
    format_option,
    journal_option,
    main,
    refusal,
    resolve_today,
    today_option,
)


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
    from ..edit.scaffold import ScaffoldError, init_journal

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
@click.option("--private", is_flag=True, help="Keep them off the site (private: true).")
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
    private: bool,
    edit: bool,
    today: dt.date | None,
) -> None:
    """Create contacts/<slug>.md for a person called NAME.

    \b
    Example:
      infoview new contact "Zoë Ångström" --title "UX Researcher" --tag ux
    """
    from ..edit.scaffold import NewContact, ScaffoldError
    from ..edit.scaffold import new_contact as create

    spec = NewContact(name, company, title, email, tags, private)
    try:
        path = create(root, spec, resolve_today(today))
    except ScaffoldError as exc:
        raise refusal(exc) from None
    _created(path, edit)


# A new interview is asked for, arranged or already held; the other states come later.
NEW_INTERVIEW_STATUSES = tuple(s for s in INTERVIEW_STATUSES if s in ("requested", "scheduled", "done"))


@new.command("interview")
@click.argument("contact")
@click.option("--date", "when", type=WhenType(), help="Date and optional time (default: today).")
@click.option("--mode", type=click.Choice(MODES))
@click.option("--topic", help="What the conversation is about.")
@click.option(
    "--status",
    type=click.Choice(NEW_INTERVIEW_STATUSES),
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
    from ..edit.scaffold import NewInterview, ScaffoldError
    from ..edit.scaffold import new_interview as create
    from ..journal.model import When
    from ..load.journal import load

    result = load(root, scan_notes=False)
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
def new_company(root: Path, name: str, website: str | None, industry: str | None, edit: bool) -> None:
    """Create companies/<slug>.md for an organisation called NAME.

    \b
    Example:
      infoview new company "Acme Research" --website https://acme.example
    """
    from ..edit.scaffold import ScaffoldError
    from ..edit.scaffold import new_company as create

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
    from ..cache import Results
    from ..index.store import index_path
    from ..journal.diagnostics import Severity, has_errors, summary, to_json, to_text
    from ..load.journal import load

    result = load(root, results=Results(index_path(root)))
    for notice in result.notices:
        click.echo(f"infoview: {notice}", err=True)
    diags = result.diagnostics
    if fmt == "json":
        click.echo(to_json(diags, result.files), nl=False)
    else:
        click.echo(to_text(diags), nl=False)
        click.echo(summary(diags, result.files))
    failed = has_errors(diags) or (strict and any(d.severity is Severity.WARNING for d in diags))
    raise SystemExit(1 if failed else 0)
