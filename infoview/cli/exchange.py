"""import and export: people in from LinkedIn, vCards and CSV; the journal
out as CSV, JSON, vCards or a calendar."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import Any

import click

from .group import _load, journal_option, main, resolve_today, today_option

_FILE = click.Path(exists=True, dir_okay=False, path_type=Path)


def _dry_run(func: Any) -> Any:
    return click.option("--dry-run", is_flag=True, help="Say what would happen; write nothing.")(func)


@main.group(name="import")
def import_group() -> None:
    """Bring people in: a new contact file for each one the journal does not
    have yet (matched by profile address, then e-mail address, then name);
    the companies they name are created or matched. Nothing is ever
    overwritten: running an import again changes nothing.

    \b
    Example:
      infoview import linkedin ~/Downloads/Connections.csv --dry-run
      infoview import vcard contacts.vcf
      infoview import csv people.csv --map name="Full name" --map email=Mail
    """


@import_group.command("linkedin")
@click.argument("file", type=_FILE)
@_dry_run
@today_option
@journal_option
def import_linkedin(root: Path, file: Path, dry_run: bool, today: dt.date | None) -> None:
    """LinkedIn's export of your connections (Connections.csv, from
    Settings → Data privacy → Get a copy of your data): one contact per row,
    with `source: social`, the profile as `links.linkedin`, the company, the
    position as title, and the day you connected as `created`.

    \b
    Example:
      infoview import linkedin ~/Downloads/Connections.csv --dry-run
    """
    from ..exchange.tables import linkedin

    _import(root, file, linkedin, dry_run, today)


@import_group.command("vcard")
@click.argument("file", type=_FILE)
@_dry_run
@today_option
@journal_option
def import_vcard(root: Path, file: Path, dry_run: bool, today: dt.date | None) -> None:
    """A .vcf file of one or more cards (vCard 3.0 or 4.0), from any address
    book; cards that `infoview export vcard` wrote come back as they were.

    \b
    Example:
      infoview import vcard ~/Downloads/contacts.vcf
    """
    from ..exchange.vcards import from_vcards

    _import(root, file, from_vcards, dry_run, today)


@import_group.command("csv")
@click.argument("file", type=_FILE)
@click.option("--map", "mapping", multiple=True, metavar="FIELD=COLUMN",
              help="Read FIELD (name, first, last, email, phone, company, title, url, notes, tags, "
                   "location, created) from the column so named. Repeatable.")  # fmt: skip
@_dry_run
@today_option
@journal_option
def import_csv(
    root: Path, file: Path, mapping: tuple[str, ...], dry_run: bool, today: dt.date | None
) -> None:
    """Any CSV of people: Google Contacts' export as it comes, or a table whose
    columns are named as the fields are (or mapped with --map).

    \b
    Example:
      infoview import csv contacts.csv
      infoview import csv people.csv --map name="Full name" --map email=Mail
    """
    from ..exchange.tables import COLUMNS, generic

    pairs = {}
    for item in mapping:
        field, sep, column = item.partition("=")
        if not sep or field.strip() not in COLUMNS or not column.strip():
            raise click.BadParameter(f"'{item}' should be FIELD=COLUMN, FIELD one of {', '.join(COLUMNS)}",
                                     param_hint="--map")  # fmt: skip
        pairs[field.strip()] = column.strip()
    _import(root, file, lambda data: generic(data, pairs), dry_run, today)


def _import(root: Path, file: Path, read: Any, dry_run: bool, today: dt.date | None) -> None:
    from ..edit.scaffold import ScaffoldError
    from ..exchange.people import plan, write

    try:
        people, skipped = read(file.read_bytes())
    except (OSError, ValueError) as exc:
        raise click.ClickException(f"cannot import {file}: {exc}") from None
    loaded = _load(root, notes=False)
    planned = plan(loaded.journal, people, skipped)
    would = "would create" if dry_run else "created"
    for step in planned.steps:
        who = f"{step.person.name or '(no name)'} ({step.person.where})"
        if step.action == "create":
            click.echo(f"{would}  {step.path}  {who}")
            for doubt in step.person.doubts:
                click.echo(f"    {doubt}")
        elif step.action == "match":
            click.echo(f"matched  {step.path}  {who}: {step.why}")
        else:
            click.echo(f"skipped  {who}: {step.why}")
    for name, path in planned.companies:
        click.echo(f"{would}  {path}  {name} (a company)")
    if not dry_run:
        try:
            write(root, loaded.journal, planned, resolve_today(today))
        except ScaffoldError as exc:
            raise click.ClickException(str(exc)) from None
    verb = "to create" if dry_run else "created"
    people = "person" if len(planned.steps) == 1 else "people"
    line = (f"{len(planned.steps)} {people}: {planned.count('create')} {verb}, "
            f"{planned.count('match')} matched, {planned.count('skip')} skipped")  # fmt: skip
    if planned.companies:
        many = len(planned.companies)
        line += f"; {many} {'company' if many == 1 else 'companies'} {verb}"
    click.echo(line + (" (dry run: nothing written)" if dry_run else ""))


@main.command()
@click.argument("what", type=click.Choice(["csv", "json", "vcard", "ics"]))
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Write to this file (default: standard output).")  # fmt: skip
@click.option("--kind", type=click.Choice(["contacts", "interviews", "companies"]), default="contacts",
              show_default=True, help="Which records a CSV holds.")  # fmt: skip
@click.option("--vcard-version", type=click.Choice(["3.0", "4.0"]), default="3.0", show_default=True)
@click.option("--include-private", is_flag=True, help="Include records marked private: true.")
@today_option
@journal_option
def export(
    root: Path, what: str, output: Path | None, kind: str, vcard_version: str, include_private: bool,
    today: dt.date | None,
) -> None:  # fmt: skip
    """The journal as CSV (one kind of record), JSON (all of it), vCards (the
    contacts) or iCalendar (follow-ups and planned conversations). Private
    records are left out, and private people's names blanked, unless
    --include-private.

    \b
    Example:
      infoview export vcard -o contacts.vcf
      infoview export csv --kind interviews -o interviews.csv
    """
    from ..exchange import exports
    from ..exchange.vcards import to_vcards
    from ..journal.model import Kind

    if kind != "contacts" and what != "csv":
        raise click.BadParameter("a CSV holds one kind of record; JSON holds them all", param_hint="--kind")
    if output is not None and any(output.resolve().is_relative_to((root / k.folder).resolve()) for k in Kind):
        raise click.ClickException(f"{output} is inside the journal's {output.parent.name}/ folder; "
                                   "write the export somewhere else")  # fmt: skip
    loaded = _load(root)
    shared = exports.shareable(loaded.journal, include_private)
    if what == "csv":
        data = exports.as_csv(shared, kind).encode()
    elif what == "json":
        data = exports.as_json(shared).encode()
    elif what == "vcard":
        contacts = sorted(shared.journal.contacts.values(), key=lambda c: c.id)
        data = to_vcards(shared.journal, contacts, vcard_version, shared.blank).encode()
    else:
        data = exports.as_calendar(shared, loaded.config, resolve_today(today))
    if output is None:
        if sys.stdout.isatty():  # through the guard that keeps journal text from driving a terminal
            click.echo(data.decode("utf-8"), nl=False)
        else:
            sys.stdout.flush()
            sys.stdout.buffer.write(data)  # a pipe or a file: bytes as they are
        return
    output.write_bytes(data)
    click.echo(f"Wrote {output}", err=True)
