"""done, dismiss, thank, nudge, schedule, checkin, edit: the daily loop, each
changing only the lines it must and printing them."""

from __future__ import annotations

import datetime as dt
import os
import shlex
import subprocess
from pathlib import Path
from typing import Any

import click

from ..journal.model import MODES
from . import completion
from .group import DateType, WhenType, journal_option, main, resolve_today, today_option


def _on_option(func: Any) -> Any:
    return click.option("--on", "day", type=DateType(), help="The day it happened (default: today).")(func)


def _journal(root: Path) -> Any:
    from ..load.journal import load

    return load(root, scan_notes=False)


def _followup(root: Path, ref: str, today: dt.date) -> tuple[Any, Any]:
    from ..edit.lines import EditError
    from ..edit.verbs import find_followup
    from ..journal.followups import derive

    loaded = _journal(root)
    try:
        return loaded.journal, find_followup(derive(loaded.journal, loaded.config.rules, today), ref)
    except EditError as exc:
        raise click.ClickException(str(exc)) from None


def _run(action: Any) -> None:
    """Run a verb; print what it changed, or its refusal in one line."""
    from ..edit.lines import EditError
    from ..edit.scaffold import ScaffoldError
    from ..journal.lookup import NotFound

    try:
        outcome = action()
    except (EditError, ScaffoldError, NotFound) as exc:
        raise click.ClickException(str(exc)) from None
    for line in outcome.lines():
        click.echo(line)


@main.command()
@click.argument("ref", shell_complete=completion.a_followup)
@_on_option
@today_option
@journal_option
def done(root: Path, ref: str, day: dt.date | None, today: dt.date | None) -> None:
    """Mark the follow-up REF done (its reference, from `infoview followups`).

    Writes what its source reads: `done:` on a follow_ups item, a tick on a
    task item, `thanked:`, `nudged:` or `checked_in:` for a rule's; for an
    introduction, adds the person (referred_by set) and a request.

    \b
    Example:
      infoview done 3f9a2c
    """
    from ..edit.verbs import done as mark_done

    now = resolve_today(today)
    journal, item = _followup(root, ref, now)
    _run(lambda: mark_done(root, journal, item, day or now))


@main.command()
@click.argument("ref", shell_complete=completion.a_followup)
@today_option
@journal_option
def dismiss(root: Path, ref: str, today: dt.date | None) -> None:
    """Set the follow-up REF aside for good, without doing it (an
    introduction you will not follow, a rule's reminder that does not apply).

    \b
    Example:
      infoview dismiss 3f9a2c
    """
    from ..edit.verbs import dismiss as set_aside

    journal, item = _followup(root, ref, resolve_today(today))
    _run(lambda: set_aside(root, journal, item))


@main.command()
@click.argument("who", shell_complete=completion.a_talk)
@_on_option
@today_option
@journal_option
def thank(root: Path, who: str, day: dt.date | None, today: dt.date | None) -> None:
    """Record the thank-you note for an interview (WHO: its id, or a contact,
    whose latest interview not yet thanked for is meant).

    \b
    Example:
      infoview thank sam-obrien
    """
    from ..edit.verbs import thank as record

    now = resolve_today(today)
    journal = _journal(root).journal
    _run(lambda: record(root, journal, who, day or now, now))


@main.command()
@click.argument("who", shell_complete=completion.a_talk)
@_on_option
@today_option
@journal_option
def nudge(root: Path, who: str, day: dt.date | None, today: dt.date | None) -> None:
    """Record a nudge of an unanswered request (WHO: the interview, or the
    contact): the nudge reminder counts its days from it.

    \b
    Example:
      infoview nudge "Maya Patel"
    """
    from ..edit.verbs import nudge as record

    now = resolve_today(today)
    journal = _journal(root).journal
    _run(lambda: record(root, journal, who, day or now, now))


@main.command()
@click.argument("who", shell_complete=completion.a_talk)
@click.option("--date", "when", type=WhenType(), required=True, help="The meeting's date and time.")
@click.option("--mode", type=click.Choice(MODES), help="How you will meet.")
@today_option
@journal_option
def schedule(root: Path, who: str, when: Any, mode: str | None, today: dt.date | None) -> None:
    """Turn a request (WHO: the interview, or the contact) into a meeting:
    date and status change, the day you asked is kept as `asked:`.

    \b
    Example:
      infoview schedule maya --date "2026-12-03 14:00" --mode video
    """
    from ..edit.verbs import schedule as arrange

    now = resolve_today(today)
    journal = _journal(root).journal
    _run(lambda: arrange(root, journal, who, when, mode, now))


@main.command()
@click.argument("who", shell_complete=completion.a_contact)
@_on_option
@today_option
@journal_option
def checkin(root: Path, who: str, day: dt.date | None, today: dt.date | None) -> None:
    """Log a check-in with a contact short of an interview (a message, a
    coffee): keeping in touch counts from it.

    \b
    Example:
      infoview checkin ana-lee
    """
    from ..edit.verbs import checkin as record

    journal = _journal(root).journal
    _run(lambda: record(root, journal, who, day or resolve_today(today)))


@main.command()
@click.argument("who", shell_complete=completion.any_record)
@journal_option
def edit(root: Path, who: str) -> None:
    """Open a record (WHO: an id, a name, a unique beginning of either) in
    $VISUAL or $EDITOR.

    \b
    Example:
      infoview edit maya
    """
    from ..journal.lookup import NotFound, lookup

    try:
        record = lookup(_journal(root).journal, who)
    except NotFound as exc:
        raise click.ClickException(str(exc)) from None
    editor = os.environ.get("VISUAL") or os.environ.get("EDITOR")
    if not editor:
        raise click.ClickException(f"set $VISUAL or $EDITOR to your editor; the file is {root / record.path}")
    try:
        code = subprocess.call([*shlex.split(editor), str(root / record.path)])
    except OSError as exc:
        raise click.ClickException(f"cannot start {editor}: {exc.strerror or exc}") from None
    if code:
        raise click.ClickException(f"{editor} stopped with status {code}")
