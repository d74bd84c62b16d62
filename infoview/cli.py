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
        help=f"The journal folder (default: $INFOVIEW_JOURNAL or the nearest folder holding {CONFIG_NAME}).",
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


def site_options(func: F) -> F:
    """-o/--output and --include-private, shared by build and watch."""
    func = click.option("--include-private", is_flag=True, help="Include records marked private: true.")(func)
    return click.option(
        "-o",
        "--output",
        type=click.Path(path_type=Path),
        help="Output folder (default: _site in the journal, or [site] output).",
    )(func)


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
@click.option("--mode", type=click.Choice(["in-person", "video", "phone", "email", "chat", "other"]))
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
def new_company(root: Path, name: str, website: str | None, industry: str | None, edit: bool) -> None:
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


# --- reading the journal ------------------------------------------------------


def _notices(result: Any) -> None:
    """Index notices, and a one-line pointer when the journal has problems."""
    from .diagnostics import Severity, count

    for notice in result.notices:
        click.echo(f"infoview: {notice}", err=True)
    errors = count(result.diagnostics, Severity.ERROR)
    if errors:
        noun = "error" if errors == 1 else "errors"
        click.echo(
            f"infoview: the journal has {errors} {noun}; run 'infoview validate' to see them",
            err=True,
        )


def _load(root: Path) -> Any:
    from .loader import load

    result = load(root)
    _notices(result)
    return result


def _followups(result: Any, today: dt.date) -> list[Any]:
    from .followups import derive

    return derive(result.journal, result.config.rules, today)


def _parse_fields(fields: str | None) -> list[str] | None:
    return [f.strip() for f in fields.split(",") if f.strip()] if fields else None


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
    from .index import index_path, remove_index, updated

    if rebuild:
        remove_index(root)
    conn, stats = updated(root)
    conn.close()
    for notice in stats.notices:
        click.echo(f"infoview: {notice}", err=True)
    click.echo(f"Indexed {stats.summary()}")
    click.echo(f"Index: {index_path(root)}")


KIND_ALIASES = {
    "contacts": "contacts", "contact": "contacts", "people": "contacts",
    "interviews": "interviews", "interview": "interviews",
    "companies": "companies", "company": "companies",
    "followups": "followups", "followup": "followups", "follow-ups": "followups",
}  # fmt: skip


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
@click.argument("terms", nargs=-1)
@click.option("--sort", help="Sort by FIELD; -FIELD for descending.")
@click.option("--limit", type=click.IntRange(min=0), help="At most N results.")
@click.option("--fields", help="Comma-separated columns to show.")
@format_option("table", "json", "csv")
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
      field:>3        numbers and dates: > >= < <=
      field:*         the field has a value
      tag:ux          has the tag
      after:DATE      on or after DATE;  before:DATE  before DATE
      word            full-text search in notes
      -anything       negates the filter
    Put options before the filters: infoview query --limit 5 contacts stage:met

    \b
    Example:
      infoview query interviews mode:video after:2026-01-01
      infoview query contacts stage:met -source:cold --sort -last_met
      infoview query followups group:overdue --format json
    """
    from . import output
    from .query import QueryError, build

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
    click.echo(output.render(spec.columns, rows, fmt), nl=False)


def _query_rows(root: Path, kind: str, spec: Any, today: dt.date) -> list[Any]:
    import sqlite3

    from .index import updated
    from .query import run

    if kind == "followups":
        from .reports import followup_rows, load_followups_table

        result = _load(root)
        conn = sqlite3.connect(":memory:")
        load_followups_table(conn, followup_rows(_followups(result, today), result.journal, today))
    else:
        conn, stats = updated(root)
        for notice in stats.notices:
            click.echo(f"infoview: {notice}", err=True)
    try:
        return run(conn, spec)
    except sqlite3.OperationalError as exc:
        raise click.UsageError(f"cannot run this search: {exc}") from None
    finally:
        conn.close()


@main.command()
@click.argument("statement")
@format_option("table", "json", "csv")
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
    import sqlite3

    from . import output
    from .index import open_read_only, updated

    conn, stats = updated(root)
    conn.close()
    for notice in stats.notices:
        click.echo(f"infoview: {notice}", err=True)
    conn = open_read_only(root, resolve_today(today))
    try:
        cursor = conn.execute(statement)
        columns = [d[0] for d in cursor.description or ()]
        rows = cursor.fetchall()
    except sqlite3.Error as exc:
        message = str(exc)
        if "readonly" in message or "read-only" in message:
            message = "the index is read-only here; sql runs queries, it cannot change anything"
        raise click.ClickException(f"SQL error: {message}") from None
    finally:
        conn.close()
    if columns:
        click.echo(output.render(columns, rows, fmt), nl=False)


@main.command()
@click.option("--within", "within_", help="Only what is due within this time: 7d, 2w, 1m.")
@click.option("--all", "show_all", is_flag=True, help="Include done follow-ups.")
@format_option("table", "json", "csv")
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
    from . import output
    from .fields import parse_cadence
    from .reports import FOLLOWUP_COLUMNS, followup_rows, followups_text, within

    when = resolve_today(today)
    days = None
    if within_:
        cadence = parse_cadence(within_)
        if cadence is None:
            raise click.BadParameter("write a period like 7d, 2w or 1m", param_hint="--within")
        days = (cadence.after(when) - when).days
    result = _load(root)
    items = within(_followups(result, when), when, days, show_all)
    rows = followup_rows(items, result.journal, when)
    if fmt == "table":
        click.echo(followups_text(rows), nl=False)
    else:
        click.echo(output.render(FOLLOWUP_COLUMNS, rows, fmt), nl=False)


@main.command()
@click.argument("record_id", metavar="ID")
@today_option
@journal_option
def show(root: Path, record_id: str, today: dt.date | None) -> None:
    """Show one contact, interview or company, with its conversations and follow-ups.

    \b
    Example:
      infoview show dana-okafor
      infoview show 2026-10-29-dana-okafor
    """
    from .fields import did_you_mean
    from .model import Contact, Interview
    from .reports import find, show_company, show_contact, show_interview

    when = resolve_today(today)
    result = _load(root)
    journal = result.journal
    record = find(journal, record_id)
    if record is None:
        every = [*journal.contacts, *journal.interviews, *journal.companies]
        hint = did_you_mean(record_id, every)
        raise click.BadParameter(f"no record with id '{record_id}'{hint}", param_hint="ID")
    people = set(record.contacts) if isinstance(record, Interview) else {record.id}
    open_items = [
        f for f in _followups(result, when)
        if not f.done and (f.record_id == record.id or people & set(f.contacts))
    ]  # fmt: skip
    if isinstance(record, Contact):
        text = show_contact(journal, record, when, open_items)
    elif isinstance(record, Interview):
        text = show_interview(journal, record, when, open_items)
    else:
        text = show_company(journal, record, when, open_items)
    click.echo(text, nl=False)


@main.command()
@format_option("table", "json", "csv")
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

    from . import output
    from .reports import stats as compute
    from .reports import stats_rows, stats_text

    result = _load(root)
    figures = compute(result.journal, resolve_today(today))
    if fmt == "json":
        click.echo(json.dumps(figures.to_json(), indent=2, ensure_ascii=False))
    elif fmt == "csv":
        click.echo(output.to_csv(("section", "key", "value"), stats_rows(figures)), nl=False)
    else:
        click.echo(stats_text(figures), nl=False)


@main.command()
@site_options
@click.option("--redact", is_flag=True, help="Remove e-mail addresses and phone numbers everywhere.")
@click.option("--keep-going", is_flag=True, help="Build despite errors, leaving out the broken files.")
@click.option("--clean", is_flag=True, help="Render every page again, even if nothing changed.")
@today_option
@journal_option
def build(
    root: Path,
    output: Path | None,
    include_private: bool,
    redact: bool,
    keep_going: bool,
    clean: bool,
    today: dt.date | None,
) -> None:
    """Render the journal into a private static website.

    The site works from file:// and from any web server, loads nothing from
    the network, and leaves out private records unless --include-private.

    \b
    Example:
      infoview build
      infoview build -o ~/Sites/journal --redact --today 2026-11-21
    """
    from .diagnostics import to_text
    from .site.build import BuildOptions, LeakError, OutputError
    from .site.build import build as run_build

    options = BuildOptions(resolve_today(today), output, include_private, redact, keep_going, clean)
    try:
        result = run_build(root, options)
    except OutputError as exc:
        raise click.ClickException(str(exc)) from None
    except LeakError as exc:
        raise click.ClickException(
            f"refusing to publish the site: {exc}. The previous site was left as it was."
        ) from None
    for notice in result.notices:
        click.echo(f"infoview: {notice}", err=True)
    if not result.built:
        click.echo(to_text(result.diagnostics), nl=False, err=True)
        click.echo("infoview: the site was not built because the journal has errors "
                   "(fix them, or use --keep-going)", err=True)  # fmt: skip
        raise SystemExit(1)
    for path in result.skipped:
        click.echo(f"infoview: left out {path} (it has errors)", err=True)
    where = result.out / "index.html"
    if result.up_to_date:
        click.echo(f"Site is up to date: {result.pages} files in {result.seconds:.2f}s → {where}")
    else:
        click.echo(f"Built {result.pages} files ({result.written} written, {result.unchanged} "
                   f"unchanged, {result.removed} removed) in {result.seconds:.2f}s → {where}")  # fmt: skip
    raise SystemExit(1 if result.skipped else 0)


@main.command()
@site_options
@click.option(
    "--port",
    type=click.IntRange(0, 65535),
    default=8000,
    show_default=True,
    help="Port to serve on; 0 picks a free one.",
)
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to serve on.")
@click.option("--open/--no-open", "open_browser", default=False, help="Open the site in a browser.")
@today_option
@journal_option
def watch(
    root: Path,
    output: Path | None,
    port: int,
    host: str,
    open_browser: bool,
    include_private: bool,
    today: dt.date | None,
) -> None:
    """Build the site, serve it, and rebuild and reload open pages on every change.

    Serves on the loopback address only, unless --host says otherwise. A file
    saved with an error does not stop it: pages show the problems until the
    file is fixed. Stop it with Ctrl-C.

    \b
    Example:
      infoview watch
      infoview watch --port 0 --open
    """
    import errno
    import signal

    from .config import load_config
    from .site.build import BuildOptions, OutputError, check_output, output_folder
    from .site.build import build as run_build
    from .watch import Preview, is_loopback, log, rebuild

    config, _ = load_config(root)
    base = BuildOptions(resolve_today(today), output, include_private)
    out = output_folder(root, base, config.output)
    try:
        check_output(root, out)
    except OutputError as exc:
        raise click.ClickException(str(exc)) from None

    def build_once() -> tuple[bool, list[Any], str]:
        options = BuildOptions(today or dt.date.today(), output, include_private)
        result = run_build(root, options)
        if not result.built:
            errors = [d for d in result.diagnostics if d.severity == "error"]
            return False, errors, f"{len(errors)} problem(s) in the journal; showing the last good site"
        what = "up to date" if result.up_to_date else f"{result.written} files written"
        return True, [], f"built in {result.seconds:.2f}s ({what})"

    try:
        preview = Preview(out, root, host, port)
    except OSError as exc:
        if exc.errno == errno.EADDRINUSE:
            raise click.ClickException(
                f"port {port} on {host} is already in use; choose another with --port "
                "(--port 0 picks a free one)"
            ) from None
        raise click.ClickException(f"cannot serve on {host}:{port}: {exc.strerror or exc}") from None
    if not is_loopback(host):
        click.echo(
            f"infoview: warning: serving on {host}: your private journal can be reached from the network",
            err=True,
        )
    actual_host, actual_port = preview.address
    shown = f"[{actual_host}]" if ":" in str(actual_host) else actual_host
    url = f"http://{shown}:{actual_port}/"

    def stop(signum: int, frame: Any) -> None:
        raise KeyboardInterrupt

    previous = {sig: signal.signal(sig, stop) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        click.echo(f"Serving {out} at {url}  (Ctrl-C to stop)")
        rebuild(preview, build_once)
        if open_browser:
            import webbrowser

            webbrowser.open(url)
        while True:
            preview.wait_for_quiet()
            log("change detected; rebuilding")
            rebuild(preview, build_once)
    except KeyboardInterrupt:
        pass
    finally:
        preview.stop()
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        click.echo("Stopped.", err=True)
