"""Shell completion of what is in the journal: record ids (with their names),
follow-up references, and query fields and their fixed values. Click asks
these while the user presses Tab; a journal that cannot be read completes
to nothing, never to an error."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click
from click.shell_completion import CompletionItem

from ..journal.model import Kind


def _loaded(ctx: click.Context) -> Any:
    from ..load.journal import load
    from .group import find_root

    given = ctx.params.get("journal") or ctx.find_root().params.get("journal")
    try:
        return load(find_root(Path(given) if given else None), scan_notes=False)
    except (click.UsageError, OSError):
        return None


def _records(ctx: click.Context, incomplete: str, kinds: tuple[Kind, ...]) -> list[CompletionItem]:
    loaded = _loaded(ctx)
    if loaded is None:
        return []
    found = []
    for kind in kinds:
        for record in sorted(loaded.journal.of_kind(kind).values(), key=lambda r: r.id):
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

    from ..journal.followups import derive

    loaded = _loaded(ctx)
    if loaded is None:
        return []
    today = ctx.params.get("today") or dt.date.today()
    items = derive(loaded.journal, loaded.config.rules, today)
    return [CompletionItem(f.ref, help=f.text) for f in items if not f.done and f.ref.startswith(incomplete)]


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
