"""index, query, sql, followups, show and stats: questions to the journal."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import click

from ..ask.formats import FORMATS
from ..index.tables import KIND_ALIASES
from . import completion
from .group import (
    _parse_fields,
    _tell,
    for_people,
    format_option,
    journal_option,
    main,
    resolve_today,
    table_width,
    today_option,
)


@main.command("index")
@journal_option
@click.option("--rebuild", is_flag=True, help="Throw the index away and build it from scratch.")
def index_command(root: Path, rebuild: bool) -> None:
    """Bring the index (.infoview/index.sqlite) up to date and say what changed.

    Every command does this by itself; run it to see what it did, or with
    --rebuild to start from a clean index.

    \b
    Example:
      infoview index
      infoview index --rebuild
    """
    from ..index.refresh import updated
    from ..index.store import index_path, remove_index

    if rebuild:
        remove_index(root)
    conn, stats = updated(root)
    conn.close()
    for notice in stats.notices:
        click.echo(f"infoview: {notice}", err=True)
    click.echo(f"Indexed {stats.summary()}")
    click.echo(f"Index: {index_path(root)}")


class TermsCommand(click.Command):
    """A command whose arguments may start with '-' (a negated filter).

    Click would read `-thanked:*` as the short options -t -h -a ...; here an
    argument that starts with a single '-' and is not one of the command's
    own options (nor the value of one) is kept as a filter.
    """

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        takes_value = {
            name for p in self.params if isinstance(p, click.Option) and not p.is_flag
            for name in p.opts
        }  # fmt: skip
        options = {name for p in self.params if isinstance(p, click.Option) for name in p.opts}
        options.update(ctx.help_option_names)
        kept: list[str] = []
        terms: list[str] = []
        items = iter(args)
        for arg in items:
            if arg == "--":
                terms.extend(items)
            elif arg in takes_value:
                kept += [arg, next(items, "")]
            elif arg.startswith("-") and len(arg) > 1 and arg.split("=")[0] not in options:
                terms.append(arg)
            else:
                kept.append(arg)
        ctx.meta["negated_terms"] = terms
        return super().parse_args(ctx, kept)


@main.command(cls=TermsCommand)
@click.argument("terms", nargs=-1, shell_complete=completion.query_term)
@click.option("--sort", help="Sort by FIELD; -FIELD for descending.")
@click.option("--limit", type=click.IntRange(0, 1_000_000_000), help="At most N results.")
@click.option("--fields", help="Comma-separated columns to show.")
@format_option(*FORMATS)
@today_option
@journal_option
def query(
    root: Path,
    terms: tuple[str, ...],
    sort: str | None,
    limit: int | None,
    fields: str | None,
    fmt: str,
    today: dt.date | None,
) -> None:
    """Search contacts, interviews, companies or follow-ups with filters.

    infoview query [contacts|interviews|companies|followups] FILTER...

    \b
    Filters (combine freely; all must hold):
      field:value     text fields contain value (any case); ids and fixed values match exactly
      field:a,b       either value
      field:>3        numbers and dates: > >= < <= (quote it: 'duration:>30')
      date:A..B       dates from A to B, both included; date:A.. or date:..B
      field:*         the field has a value
      tag:ux          has the tag
      after:DATE      on or after DATE;  before:DATE  before DATE
    A DATE is 2026-11-03, today, yesterday, tomorrow, -30d, +2w, -3m.
      word            full-text search in notes
      -anything       negates the filter
    Put options before the filters: infoview query --limit 5 contacts stage:met

    \b
    Example:
      infoview query interviews mode:video after:2026-01-01
      infoview query interviews date:-30d..today
      infoview query contacts stage:met -source:cold --sort -last_met
      infoview query followups group:overdue --format json
    """
    from ..ask import formats
    from ..ask.query import QueryError, build

    when = resolve_today(today)
    kind = KIND_ALIASES.get(terms[0].lower()) if terms else None
    terms = terms[1:] if kind else terms
    terms = (*terms, *click.get_current_context().meta.get("negated_terms", ()))
    kind = kind or "interviews"
    try:
        spec = build(kind, terms, today=when, sort=sort, limit=limit, columns=_parse_fields(fields))
    except QueryError as exc:
        raise click.UsageError(str(exc)) from None
    rows = _query_rows(root, kind, spec, when)
    for_people(formats.render(spec.columns, rows, fmt, table_width()))


def _query_rows(root: Path, kind: str, spec: Any, today: dt.date) -> list[Any]:
    import sqlite3

    from ..ask.query import run
    from ..index.refresh import updated

    if kind == "followups":
        from ..ask.reports import all_followup_rows, load_followups_table

        found = all_followup_rows(root, today)
        _tell(found.notices, found.errors)
        conn = sqlite3.connect(":memory:")
        load_followups_table(conn, found.rows)
    else:
        conn, stats = updated(root)
        # The files with errors are left out of the index's tables: say so.
        (errors,) = conn.execute("SELECT count(*) FROM diagnostics WHERE severity = 'error'").fetchone()
        _tell(stats.notices, errors)
    try:
        return run(conn, spec)
    except sqlite3.OperationalError as exc:
        raise click.UsageError(f"cannot run this search: {exc}") from None
    finally:
        conn.close()


@main.command()
@click.argument("statement")
@format_option(*FORMATS)
@today_option
@journal_option
def sql(root: Path, statement: str, fmt: str, today: dt.date | None) -> None:
    """Run a read-only SQL STATEMENT against the index (schema: see the README).

    Besides the tables, two views are there: v_interviews (with the
    effective `state` of each interview) and v_contacts (with each contact's
    `stage`), both as of --today.

    \b
    Example:
      infoview sql "SELECT source, count(*) FROM contacts GROUP BY source"
      infoview sql "SELECT id, stage FROM v_contacts WHERE stage = 'met'" --format csv
    """
    from ..ask import formats
    from ..index.refresh import updated
    from ..journal.config import load_config

    conn, stats = updated(root)
    conn.close()
    for notice in stats.notices:
        click.echo(f"infoview: {notice}", err=True)
    limit = load_config(root)[0].sql_timeout
    answer = _sql_with_a_deadline(root, resolve_today(today), statement, limit)
    if isinstance(answer, str):
        raise click.ClickException(f"SQL error: {answer}")
    columns, rows = answer
    if columns:
        for_people(formats.render(columns, rows, fmt, table_width()))


def _sql_with_a_deadline(
    root: Path, today: dt.date, statement: str, limit: int
) -> tuple[list[str], list[tuple]] | str:
    """(columns, rows), or what went wrong. The statement runs in a process of
    its own, ended when the time is up: SQLite checks for its own time limit
    only between steps, and one function call (instr on megabytes) is one step."""
    import multiprocessing

    timed_out = (f"the query ran for more than {limit} seconds and was stopped "
                 "(the limit is [sql] timeout in infoview.toml)")  # fmt: skip
    here, there = multiprocessing.get_context("fork").Pipe(duplex=False)
    worker = multiprocessing.get_context("fork").Process(
        target=_run_sql, args=(there, root, today, statement, limit)
    )
    worker.start()
    there.close()
    try:
        if not here.poll(limit + 1):
            return timed_out
        answer = here.recv()
    except EOFError:
        return "the query stopped without an answer"
    finally:
        if worker.is_alive():
            worker.kill()
        worker.join(timeout=5)
        here.close()
    return timed_out if answer == "interrupted" else answer


def _run_sql(conn_out: Any, root: Path, today: dt.date, statement: str, limit: int) -> None:
    import sqlite3

    from ..index.sql import open_read_only, time_limit

    try:
        conn = open_read_only(root, today)
    except sqlite3.Error as exc:
        conn_out.send(f"the index (.infoview/) cannot be used: {exc}")
        conn_out.close()
        return
    try:
        time_limit(conn, limit)
        cursor = conn.execute(statement)
        columns = [d[0] for d in cursor.description or ()]
        conn_out.send((columns, cursor.fetchall()))
    except sqlite3.Error as exc:
        message = str(exc)
        refused = ("readonly", "read-only", "not authorized", "authorization denied", "because it is a view")
        if any(word in message for word in refused):
            message = (
                "sql only reads the index: it cannot change it, attach or write files, or change settings"
            )
        conn_out.send("interrupted" if "interrupted" in message else message)
    finally:
        conn.close()
        conn_out.close()


@main.command()
@click.option("--within", "within_", help="Only what is due within this time: 7d, 2w, 1m.")
@click.option("--all", "show_all", is_flag=True, help="Include done follow-ups.")
@format_option(*FORMATS)
@today_option
@journal_option
def followups(root: Path, within_: str | None, show_all: bool, fmt: str, today: dt.date | None) -> None:
    """List what to do next, grouped overdue / today / this week / later / no date.

    Follow-ups come from `follow_ups:` in interviews, `- [ ]` task items in
    any note, and the rules in infoview.toml (thank-you notes, nudges,
    keep-in-touch check-ins, introductions).

    \b
    Example:
      infoview followups
      infoview followups --within 7d --today 2026-11-21
      infoview followups --all --format json
    """
    from ..ask import formats
    from ..ask.reports import FOLLOWUP_COLUMNS, all_followup_rows, followups_text, within_rows
    from ..journal.fields import cadence_days, parse_cadence
    from ..journal.model import MAX_CADENCE_DAYS

    when = resolve_today(today)
    days = None
    if within_:
        cadence = parse_cadence(within_)
        if cadence is None:
            raise click.BadParameter("write a period like 7d, 2w or 1m", param_hint="--within")
        if cadence_days(cadence) > MAX_CADENCE_DAYS:
            raise click.BadParameter("write a period of at most a hundred years", param_hint="--within")
        days = (cadence.after(when) - when).days
    found = all_followup_rows(root, when)
    _tell(found.notices, found.errors)
    rows = within_rows(found.rows, when, days, show_all)
    if fmt == "table":
        for_people(followups_text(rows))
    else:
        for_people(formats.render(FOLLOWUP_COLUMNS, rows, fmt, table_width()))


@main.command()
@click.argument("record_id", metavar="ID", shell_complete=completion.any_record)
@format_option("text", "json")
@today_option
@journal_option
def show(root: Path, record_id: str, fmt: str, today: dt.date | None) -> None:
    """Show one contact, interview or company, with its conversations and follow-ups.

    ID is an id, a name, or a unique beginning of either; an id two kinds
    share is told apart by its kind: company:acme.

    \b
    Example:
      infoview show dana-okafor
      infoview show "Dana Okafor"
      infoview show 2026-10-29-dana-okafor
      infoview show company:acme
    """
    from ..ask.reports import all_followup_rows
    from ..ask.show import open_followups, show_company, show_contact, show_interview
    from ..journal.lookup import NotFound
    from ..journal.model import Contact, Interview
    from ..load.around import around

    when = resolve_today(today)
    found = all_followup_rows(root, when)  # (it brings the index up to date)
    _tell(found.notices, found.errors)
    try:
        near = around(root, record_id)
    except NotFound as exc:
        raise click.BadParameter(str(exc), param_hint="ID") from None
    _tell(near.notices, 0)
    journal, record = near.journal, near.record
    open_items = open_followups(record, found)
    if fmt == "json":
        import json

        from ..ask.show import record_json

        click.echo(json.dumps(record_json(journal, record, when, open_items), indent=2, ensure_ascii=False))
        return
    if isinstance(record, Contact):
        text = show_contact(journal, record, when, open_items)
    elif isinstance(record, Interview):
        text = show_interview(journal, record, when, open_items)
    else:
        text = show_company(journal, record, when, open_items)
    for_people(text)


@main.command()
@format_option(*FORMATS)
@today_option
@journal_option
def stats(root: Path, fmt: str, today: dt.date | None) -> None:
    """Totals, interviews per month, the outreach funnel, sources and modes.

    \b
    Example:
      infoview stats
      infoview stats --format json
    """
    import json

    from ..ask import formats
    from ..ask.reports import counted, stats_rows, stats_text
    from ..ask.reports import stats as compute

    found = counted(root)
    _tell(found.notices, found.errors)
    figures = compute(found.counted, resolve_today(today))
    if fmt == "json":
        click.echo(json.dumps(figures.to_json(), indent=2, ensure_ascii=False))
    elif fmt == "csv":
        click.echo(formats.to_csv(("section", "key", "value"), stats_rows(figures)), nl=False)
    else:
        for_people(stats_text(figures))
