"""init, new and validate: making journals and records, and checking them."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import click

from ..journal.model import INTERVIEW_STATUSES, MODES, SOURCES
from . import completion
from .group import (
    DurationType,
    WhenType,
    for_people,
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

    Refuses a folder that is not empty unless it already is a journal or an
    Obsidian vault; then only what is missing is added, and nothing is
    overwritten.

    \b
    Example:
      infoview init ~/career-journal
    """
    from ..edit.scaffold import ScaffoldError, init_journal
    from .group import is_journal

    inside = next((f for f in path.resolve().parents if is_journal(f)), None)
    if inside is not None:
        raise click.ClickException(f"{path} is inside the journal {inside}; a journal cannot hold another")
    try:
        created = init_journal(path)
    except ScaffoldError as exc:
        raise refusal(exc) from None
    if created:
        click.echo(f"Created a journal in {path}: {', '.join(created)}")
    else:
        click.echo(f"{path} is already a journal; nothing to do.")
    ignore = path / ".gitignore"
    if (
        ".gitignore" not in created
        and ignore.is_file()
        and ".infoview" not in ignore.read_text(errors="replace")
    ):
        click.echo("Your .gitignore was left as it was: add .infoview/ and _site/ to it to keep the index "
                   "and the site out of git.")  # fmt: skip


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


class LinkType(click.ParamType):
    name = "LABEL=URL"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        label, sep, url = str(value).partition("=")
        if not sep or not label.strip() or not url.strip():
            self.fail(f"'{value}' is not LABEL=URL, like linkedin=https://…", param, ctx)
        return label.strip(), url.strip()


class CadenceType(click.ParamType):
    name = "CADENCE"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        from ..journal.fields import parse_cadence

        if parse_cadence(str(value)) is None:
            self.fail(f"'{value}' is not a cadence like 2w, 90d, 3m or 1y", param, ctx)
        return str(value)


@new.command("contact")
@click.argument("name")
@click.option("--company", help="Company id or name.")
@click.option("--title", help="Their job title.")
@click.option("--email", help="E-mail address.")
@click.option("--phone", help="Phone number.")
@click.option("--location", help="Where they are.")
@click.option("--link", "links", type=LinkType(), multiple=True, help="LABEL=URL (repeatable).")
@click.option("--source", type=click.Choice(SOURCES), help="How you found them.")
@click.option(
    "--referred-by", shell_complete=completion.a_contact, help="Who introduced you (a contact's id or name)."
)
@click.option("--keep-in-touch", type=CadenceType(), help="How often to check in: 2w, 90d, 3m, 1y.")
@click.option("--tag", "tags", multiple=True, help="A tag (repeatable).")
@click.option("--private", is_flag=True, help="Keep them off the site (private: true).")
@click.option("--edit", is_flag=True, help="Open the new file in $EDITOR.")
@journal_option
@today_option
def new_contact(root: Path, name: str, edit: bool, today: dt.date | None, **given: Any) -> None:
    """Create contacts/<slug>.md for a person called NAME.

    \b
    Example:
      infoview new contact "Zoë Ångström" --title "UX Researcher" --tag ux
      infoview new contact "Chris Wong" --referred-by maya-patel --source referral
    """
    from ..edit.scaffold import NewContact, ScaffoldError
    from ..edit.scaffold import new_contact as create

    if given["referred_by"]:
        given["referred_by"] = _contact_id(root, given["referred_by"])
        given["source"] = given["source"] or "referral"
    spec = NewContact(name, **given)
    try:
        path = create(root, spec, resolve_today(today))
    except ScaffoldError as exc:
        raise refusal(exc) from None
    _created(path, edit)


def _referrals(root: Path, given: tuple[str, ...]) -> tuple[str, ...]:
    """Referrals as the journal knows them: a contact's id where one answers
    to the name (so no one is added twice), the name as given otherwise."""
    from ..journal.lookup import NotFound, find
    from ..journal.model import Kind
    from ..load.journal import load

    if not given:
        return given
    journal = load(root, scan_notes=False).journal
    try:
        return tuple(r.id if (r := find(journal, name, (Kind.CONTACT,))) else name for name in given)
    except NotFound as exc:
        raise click.ClickException(f"--referral: {exc}") from None


def _contact_id(root: Path, given: str) -> str:
    """A contact's id from what the user typed: id, name, a unique beginning."""
    from ..journal.lookup import NotFound, lookup
    from ..journal.model import Kind
    from ..load.journal import load

    try:
        return lookup(load(root, scan_notes=False).journal, given, (Kind.CONTACT,)).id
    except NotFound as exc:
        raise click.ClickException(str(exc)) from None


@new.command("interview")
@click.argument("contact", shell_complete=completion.a_contact)
@click.option("--date", "when", type=WhenType(), help="Date and optional time (default: today).")
@click.option("--mode", type=click.Choice(MODES))
@click.option("--topic", help="What the conversation is about.")
@click.option("--status", type=click.Choice(INTERVIEW_STATUSES),
              help="Default: done if the date is past, scheduled otherwise.")  # fmt: skip
@click.option("--duration", type=DurationType(), help="How long: 45, 30m, 1h30m.")
@click.option("--location", help="Where you meet.")
@click.option("--tag", "tags", multiple=True, help="A tag (repeatable).")
@click.option("--referral", "referrals", multiple=True, help="Someone they suggested (repeatable).")
@click.option("--edit", is_flag=True, help="Open the new file in $EDITOR.")
@journal_option
@today_option
def new_interview(
    root: Path, contact: str, when: Any, edit: bool, today: dt.date | None, **given: Any
) -> None:
    """Create interviews/<date>-<contact>.md with CONTACT (an id, a name or a
    unique beginning of either).

    \b
    Example:
      infoview new interview jane-doe --date "2026-11-24 14:30" --mode video
      infoview new interview "Jane" --status requested --mode email
    """
    from ..edit.scaffold import NewInterview, ScaffoldError
    from ..edit.scaffold import new_interview as create
    from ..journal.model import When

    contact_id = _contact_id(root, contact)
    names = {contact_id: contact}
    given["referrals"] = _referrals(root, given["referrals"])
    spec = NewInterview(contact_id, when or When(resolve_today(today)), **given)
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
    from ..journal.diagnostics import Severity, has_errors, summary, to_json, to_text
    from ..load.journal import checked

    result = checked(root)
    for notice in result.notices:
        click.echo(f"infoview: {notice}", err=True)
    diags = result.diagnostics
    if fmt == "json":
        click.echo(to_json(diags, result.files), nl=False)
    else:
        for_people(_painted(to_text(diags)) + summary(diags, result.files) + "\n")
    failed = has_errors(diags) or (strict and any(d.severity is Severity.WARNING for d in diags))
    raise SystemExit(1 if failed else 0)


def _painted(text: str) -> str:
    """Diagnostics with their severity in colour (where colour is on)."""
    from ..ask.formats import paint

    return text.replace(": error: ", f": {paint('error', 'red', 'bold')}: ").replace(
        ": warning: ", f": {paint('warning', 'yellow')}: "
    )
