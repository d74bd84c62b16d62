"""Shell completion of what is in the journal: record ids (with their names),
follow-up references, and query fields and their fixed values. Click asks
these while the user presses Tab; a journal that cannot be read completes
to nothing, never to an error."""

from __future__ import annotations

import contextlib
from pathlib import Path

import click
from click.shell_completion import CompletionItem

from ..journal.model import Kind


def _root(ctx: click.Context) -> Path | None:
    from .group import find_root

    given = ctx.params.get("journal") or ctx.find_root().params.get("journal")
    try:
        return find_root(Path(given) if given else None)
    except (click.UsageError, OSError):
        return None


def _records(ctx: click.Context, incomplete: str, kinds: tuple[Kind, ...]) -> list[CompletionItem]:
    import sqlite3

    from ..index.refresh import updated
    from ..load.around import names

    root = _root(ctx)
    if root is None:
        return []
    try:
        conn, _stats = updated(root)
    except (OSError, sqlite3.Error):  # a journal that can keep no index: nothing to offer
        return []
    with contextlib.closing(conn):
        journal = names(conn)  # (from the index's tables)
    found = []
    for kind in kinds:
        for record in sorted(journal.of_kind(kind).values(), key=lambda r: r.id):
            if record.id.startswith(incomplete):
                found.append(CompletionItem(record.id, help=getattr(record, "name", None) or str(kind)))
    return found


def any_record(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[CompletionItem]:
    return _records(ctx, incomplete, tuple(Kind))


def a_contact(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[CompletionItem]:
    return _records(ctx, incomplete, (Kind.CONTACT,))


def a_talk(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[CompletionItem]:
    """Contacts, then interviews: the verbs take either."""
    return _records(ctx, incomplete, (Kind.CONTACT, Kind.INTERVIEW))


def a_followup(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[CompletionItem]:
    """The references of open follow-ups, each with its text."""
    import datetime as dt
    import sqlite3

    from ..ask.reports import FOLLOWUP_COLUMNS, all_followup_rows

    root = _root(ctx)
    if root is None:
        return []
    today = ctx.params.get("today") or dt.date.today()
    try:
        rows = all_followup_rows(root, today).rows  # (from the index: kept, else made from its tables)
    except (OSError, sqlite3.Error):
        return []
    ref, text, done = (FOLLOWUP_COLUMNS.index(c) for c in ("ref", "text", "done"))
    return [
        CompletionItem(row[ref], help=row[text])
        for row in rows
        if not row[done] and row[ref].startswith(incomplete)
    ]


def query_term(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[CompletionItem]:
    """The kinds first; then `field:` for the kind's fields, and after
    `field:`, its fixed values (status, mode, source, stage…)."""
    from ..index.tables import KIND_ALIASES, TABLES

    given = ctx.params.get("terms") or ()
    kind = KIND_ALIASES.get(given[0].lower()) if given else None
    found = []
    if kind is None:
        found += [CompletionItem(k) for k in TABLES if k.startswith(incomplete)]
    table = TABLES[kind or "interviews"]
    name, colon, value = incomplete.partition(":")
    if colon:
        field = table.fields.get(name)
        choices = field.choices if field else ()
        return [CompletionItem(f"{name}:{c}") for c in choices if c.startswith(value)]
    extra = ("after", "before", "tag") if table.date_field else ("tag",)
    fields = sorted([*table.fields, *extra])
    return found + [CompletionItem(f"{f}:", help="field") for f in fields if f.startswith(incomplete)]
