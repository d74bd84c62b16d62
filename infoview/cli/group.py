"""The `infoview` group, the options every command shares, and the helpers
that read the journal and print its notices."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from .. import __version__
from ..journal.config import CONFIG_NAME

F = Callable[..., Any]


class DateType(click.ParamType):
    """A day: 2026-11-03, today, yesterday, tomorrow, -30d, +2w, -3m, +1y."""

    name = "DATE"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        from ..journal.days import parse_day

        if isinstance(value, dt.date):
            return value
        day = parse_day(str(value), dt.date.today())
        if day is None:
            self.fail(f"'{value}' is not a date like 2026-11-03, today, -30d or +2w", param, ctx)
        return day


class DurationType(click.ParamType):
    name = "DURATION"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        from ..journal.fields import parse_duration

        if parse_duration(str(value)) is None:
            self.fail(f"'{value}' is not a duration like 45, 30m or 1h30m", param, ctx)
        text = str(value).strip()
        return int(text) if text.isdigit() else text  # minutes as a number: `duration: 45`


class WhenType(click.ParamType):
    name = "DATE[ HH:MM]"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        from ..journal.days import parse_day
        from ..journal.fields import parse_when

        day, _, rest = str(value).strip().partition(" ")
        named = parse_day(day, dt.date.today()) if not day[:1].isdigit() else None
        parsed = parse_when(f"{named.isoformat()} {rest}".strip() if named else str(value))
        if isinstance(parsed, str):
            self.fail(
                f"'{value}': {parsed} (or today, tomorrow, +2d, -1w, each with a time after it)", param, ctx
            )
        return parsed


def find_root(explicit: Path | None) -> Path:
    """--journal / $INFOVIEW_JOURNAL, else the nearest journal at or above the
    current folder, as git finds a repository. Outside a journal, a usage
    error (exit 2): no command but init writes anything there."""
    if explicit is not None:
        if not explicit.is_dir():
            raise click.UsageError(f"journal folder '{explicit}' does not exist")
        if not is_journal(explicit):
            raise click.UsageError(
                f"'{explicit}' is not a journal (it has no {CONFIG_NAME}, contacts/ or interviews/); "
                f"make one with: infoview init {explicit}"
            )
        return explicit
    cwd = Path.cwd()
    for folder in (cwd, *cwd.parents):
        if is_journal(folder):
            return folder
    raise click.UsageError(
        f"not in a journal: neither {cwd} nor a folder above it holds {CONFIG_NAME}, contacts/ or "
        "interviews/. Go into one, name one with -j PATH (or $INFOVIEW_JOURNAL), or make one with: "
        "infoview init PATH"
    )


def is_journal(folder: Path) -> bool:
    """A folder holding infoview.toml, or a contacts/ or interviews/ folder
    (named so exactly, whatever the file system says of case)."""
    import os

    try:
        names = set(os.listdir(folder))
    except OSError:
        return False
    if CONFIG_NAME in names and (folder / CONFIG_NAME).is_file():
        return True
    return any(name in names and (folder / name).is_dir() for name in ("contacts", "interviews"))


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
    @click.option("--no-color", "no_color", is_flag=True, help="No colour, even on a terminal.")
    @click.pass_context
    @functools.wraps(func)
    def wrapper(ctx: click.Context, journal: Path | None, no_color: bool, **kwargs: Any) -> Any:
        if no_color:
            import sys

            from .terminal import wrap

            sys.stdout, sys.stderr = wrap(sys.stdout, True), wrap(sys.stderr, True)
        group_journal = ctx.find_root().params.get("journal")
        root = find_root(journal or group_journal)
        try:
            return func(root=root, **kwargs)
        except Exception as exc:
            from ..index.store import is_damage, remove_index

            if not is_damage(exc):
                raise
            # Damage SQLite finds only when it reads the damaged page, after
            # the index was opened and refreshed. The index holds nothing the
            # journal does not: make it anew and run the command once more.

            click.echo(f"infoview: index is damaged ({exc}); rebuilding it", err=True)
            remove_index(root)
        return func(root=root, **kwargs)

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


class Guarded(click.Group):
    """The group: a full disk, a read-only folder or an index that cannot be
    written ends a command with one line saying so, not a traceback."""

    def invoke(self, ctx: click.Context) -> Any:
        import sqlite3

        try:
            return super().invoke(ctx)
        except RuntimeError as exc:
            # Ctrl-C while Python defines a class (a module imported on
            # first use) comes wrapped in a RuntimeError: it is still Ctrl-C.
            if isinstance(exc.__cause__, KeyboardInterrupt):
                raise exc.__cause__ from None
            raise
        except OSError as exc:
            raise click.ClickException(describe_os_error(exc)) from None
        except sqlite3.OperationalError as exc:
            raise click.ClickException(describe_index_error(exc)) from None
        except sqlite3.DatabaseError as exc:  # damage SQLite finds only when it reads the page
            raise click.ClickException(
                f"the index (.infoview/) is damaged ({exc}); run 'infoview index --rebuild' to make it anew"
            ) from None


def describe_index_error(exc: Exception) -> str:
    if "full" in str(exc):
        return "the disk is full: the index (.infoview/) cannot be written"
    if "I/O" in str(exc):
        return f"the index (.infoview/) cannot be written ({exc}: is the disk full?)"
    return f"the index (.infoview/) cannot be used: {exc}"


def describe_os_error(exc: OSError) -> str:
    import errno

    where = f" {exc.filename}" if exc.filename else ""
    if exc.errno == errno.ENOSPC:
        return f"the disk is full: cannot write{where}"
    if exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
        return f"cannot write{where}: {exc.strerror} (a read-only folder?)"
    return f"{exc.strerror or exc}{':' + where if where else ''}"


@click.group(cls=Guarded, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "-j",
    "--journal",
    type=click.Path(path_type=Path),
    envvar="INFOVIEW_JOURNAL",
    help=f"The journal folder (default: the nearest folder holding {CONFIG_NAME}).",
)
@click.option("--no-color", is_flag=True, help="No colour, even on a terminal (so does $NO_COLOR).")
@click.version_option(__version__, prog_name="infoview")
def main(journal: Path | None, no_color: bool) -> None:
    """Keep a journal of informational interviews as markdown files.

    \b
    Example:
      infoview init my-journal && cd my-journal
      infoview new contact "Jane Doe" --company Acme
      infoview validate
    """
    import sys

    from .terminal import wrap

    # Journal text never drives the terminal (escape sequences, CR, BS: see terminal.py).
    sys.stdout, sys.stderr = wrap(sys.stdout, no_color), wrap(sys.stderr, no_color)


def for_people(text: str) -> None:
    """Text for people: through a pager when it is longer than the terminal."""
    import sys

    from .terminal import page

    if not page(text, sys.stdout):
        click.echo(text, nl=False)


def table_width() -> int | None:
    """How wide a table may be: the terminal's width, or None when output is piped."""
    import sys

    from .terminal import width

    return width(sys.stdout)


# --- reading the journal ------------------------------------------------------


def _notices(result: Any) -> None:
    """Index notices, and a one-line pointer when the journal has problems."""
    from ..journal.diagnostics import Severity, count

    _tell(result.notices, count(result.diagnostics, Severity.ERROR))


def _tell(notices: Any, errors: int) -> None:
    for notice in notices:
        click.echo(f"infoview: {notice}", err=True)
    if errors:
        noun = "error" if errors == 1 else "errors"
        click.echo(
            f"infoview: the journal has {errors} {noun}; run 'infoview validate' to see them",
            err=True,
        )


def _load(root: Path, notes: bool = True) -> Any:
    """The journal, for a command; without notes, records come without their bodies."""
    from ..load.journal import load

    result = load(root, scan_notes=False, notes=notes)
    _notices(result)
    return result


def _followups(result: Any, today: dt.date) -> list[Any]:
    from ..journal.followups import derive

    return derive(result.journal, result.config.rules, today)


def _parse_fields(fields: str | None) -> list[str] | None:
    return [f.strip() for f in fields.split(",") if f.strip()] if fields else None
