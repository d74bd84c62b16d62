"""build and watch: the site."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from .group import (
    journal_option,
    main,
    resolve_today,
    site_options,
    today_option,
)


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
    from ..journal.diagnostics import Severity, count, plural, to_text
    from ..site.build import BuildOptions, LeakError, OutputError
    from ..site.build import build as run_build

    options = BuildOptions(resolve_today(today), output, include_private, redact, keep_going, clean)
    try:
        result = run_build(root, options)
    except OutputError as exc:
        raise click.ClickException(str(exc)) from None
    except LeakError as exc:
        raise click.ClickException(
            f"refusing to publish the site: {exc} The previous site was left as it was."
        ) from None
    for notice in result.notices:
        click.echo(f"infoview: {notice}", err=True)
    if not result.built:
        click.echo(to_text(result.diagnostics), nl=False, err=True)
        click.echo("infoview: the site was not built because the journal has errors "
                   "(fix them, or use --keep-going)", err=True)  # fmt: skip
        raise SystemExit(1)
    if result.skipped:  # --keep-going: say why each file was left out
        errors = [d for d in result.diagnostics if d.severity is Severity.ERROR]
        click.echo(to_text(errors), nl=False, err=True)
    for path in result.skipped:
        click.echo(f"infoview: left out {path} (it has errors)", err=True)
    warnings = count(result.diagnostics, Severity.WARNING)
    if warnings:
        click.echo(f"infoview: the journal has {plural(warnings, 'warning')}; run 'infoview validate' "
                   "to see them", err=True)  # fmt: skip
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
    saved with an error does not stop it: pages (and the terminal) show the
    problems until the file is fixed. Stop it with Ctrl-C.

    \b
    Example:
      infoview watch
      infoview watch --port 0 --open
    """
    from ..site.build import OutputError
    from ..watch.loop import PortInUse, live_preview

    try:
        live_preview(root, output, host, port, include_private, today, open_browser,
                     say=click.echo, warn=lambda text: click.echo(f"infoview: {text}", err=True))  # fmt: skip
    except PortInUse:
        raise click.ClickException(
            f"port {port} on {host} is already in use; choose another with --port (--port 0 picks a free one)"
        ) from None
    except (OutputError, OSError) as exc:
        raise click.ClickException(str(exc)) from None
