"""build and watch: the site."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    from ..site.options import BuildResult

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
@click.option(
    "--encrypt",
    is_flag=True,
    help="Encrypt the site to publish it: the passphrase from $INFOVIEW_PASSPHRASE, or asked for.",
)
@click.option(
    "--new-passphrase", is_flag=True, help="With --encrypt: encrypt everything anew under a new passphrase."
)
@click.option(
    "--with-calendar",
    is_flag=True,
    help="With --encrypt: publish the calendar feed too, unencrypted, under a secret file name.",
)
@today_option
@journal_option
def build(
    root: Path,
    output: Path | None,
    include_private: bool,
    redact: bool,
    keep_going: bool,
    clean: bool,
    encrypt: bool,
    new_passphrase: bool,
    with_calendar: bool,
    today: dt.date | None,
) -> None:
    """Render the journal into a private static website.

    The site works from file:// and from any web server, loads nothing from
    the network, and leaves out private records unless --include-private.
    With --encrypt, every page and the search index are encrypted (AES-256,
    key derived from the passphrase) and open in the browser, once the
    passphrase is given: a site to put on any static host.

    \b
    Example:
      infoview build
      infoview build -o ~/Sites/journal --redact --today 2026-11-21
      INFOVIEW_PASSPHRASE='…' infoview build --encrypt -o public
    """
    from ..site.build import BuildOptions, LeakError, OutputError, build_encrypted
    from ..site.build import build as run_build
    from ..site.lock import PassphraseError

    if (new_passphrase or with_calendar) and not encrypt:
        raise click.UsageError("--new-passphrase and --with-calendar go with --encrypt")
    if not encrypt and os.environ.get("INFOVIEW_PASSPHRASE"):
        click.echo(
            "infoview: INFOVIEW_PASSPHRASE is set, but without --encrypt the site is not encrypted", err=True
        )
    options = BuildOptions(resolve_today(today), output, include_private, redact, keep_going, clean,
                           calendar=with_calendar or not encrypt)  # fmt: skip
    try:
        if encrypt:
            result = build_encrypted(
                root, options, _passphrase(root, options, new_passphrase), new_passphrase
            )
        else:
            result = run_build(root, options)
    except (OutputError, PassphraseError) as exc:
        raise click.ClickException(str(exc)) from None
    except LeakError as exc:
        raise click.ClickException(
            f"refusing to publish the site: {exc} The previous site was left as it was."
        ) from None
    _report(result)


def _report(result: BuildResult) -> None:
    """What a build says: its notices, errors and warnings, then what it made; exits."""
    from ..journal.diagnostics import Severity, count, plural, to_text

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
    if result.calendar:
        click.echo(f"The calendar feed is at {result.out / result.calendar}, unencrypted: anyone "
                   "who has this address can read it. Give it only to your calendar app; it is not "
                   "shown again.")  # fmt: skip
    if result.up_to_date:
        click.echo(f"Site is up to date: {result.pages} files in {result.seconds:.2f}s → {where}")
    else:
        click.echo(f"Built {result.pages} files ({result.written} written, {result.unchanged} "
                   f"unchanged, {result.removed} removed) in {result.seconds:.2f}s → {where}")  # fmt: skip
    raise SystemExit(1 if result.skipped else 0)


SHORT = "choose a passphrase of at least 8 characters besides spaces (a few words are best)"


def _passphrase(root: Path, options: object, new: bool) -> str:
    """From $INFOVIEW_PASSPHRASE, else asked for without echo (twice for a new
    site). A new one must be long enough; the one of a site there is checked
    by opening it."""
    import unicodedata

    from ..journal.config import load_config
    from ..site.build import output_folder
    from ..site.seal import is_sealed

    out = output_folder(root, options, load_config(root)[0].output)  # type: ignore[arg-type]
    creating = new or not is_sealed(out)

    def usable(given: str) -> str:
        passphrase = unicodedata.normalize("NFC", given)
        if creating and len(passphrase.strip()) < 8:
            raise click.UsageError(
                "choose a passphrase of at least 8 characters besides spaces (a few words are best)"
            )
        return passphrase

    given = os.environ.get("INFOVIEW_PASSPHRASE")
    if given is not None:
        try:
            return usable(given)
        except click.UsageError as exc:
            raise click.ClickException(f"INFOVIEW_PASSPHRASE: {exc.message}") from None
    return str(
        click.prompt("Passphrase", hide_input=True, confirmation_prompt=creating, err=True, value_proc=usable)
    )


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
