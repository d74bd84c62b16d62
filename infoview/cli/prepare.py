"""prep, questions, learned, draft, next: preparing a conversation and
learning from the ones held."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import click

from ..ask.drafts import KINDS
from . import completion
from .group import (
    _load,
    for_people,
    format_option,
    journal_option,
    main,
    resolve_today,
    table_width,
    today_option,
)


def _record(journal: Any, who: str, kinds: Any) -> Any:
    from ..journal.lookup import NotFound, lookup

    try:
        return lookup(journal, who, kinds)
    except NotFound as exc:
        raise click.ClickException(str(exc)) from None


@main.command()
@click.argument("who", shell_complete=completion.a_talk)
@format_option("markdown", "json")
@today_option
@journal_option
def prep(root: Path, who: str, fmt: str, today: dt.date | None) -> None:
    """The brief before a meeting (WHO: the interview, or the contact whose
    next one is meant): who they are, how you reached them, what you talked
    about before, what is open between you, the questions prepared, and
    questions from your bank not yet asked of them.

    \b
    Example:
      infoview prep ben-fischer
      infoview prep 2026-11-25-ben-fischer --format json
    """
    from ..ask.prep import brief, markdown, open_about
    from ..ask.questions import bank
    from ..journal.followups import derive
    from ..journal.model import Kind

    when = resolve_today(today)
    loaded = _load(root)
    record = _record(loaded.journal, who, (Kind.CONTACT, Kind.INTERVIEW))
    items = derive(loaded.journal, loaded.config.rules, when)
    found = brief(loaded.journal, record, when, open_about(items), bank(loaded.journal, when))
    if fmt == "json":
        click.echo(json.dumps(found.to_json(), indent=2, ensure_ascii=False))
    else:
        for_people(markdown(found))


@main.command()
@click.argument("words", nargs=-1)
@format_option("table", "json", "csv")
@today_option
@journal_option
def questions(root: Path, words: tuple[str, ...], fmt: str, today: dt.date | None) -> None:
    """Your question bank: every question written under `## Questions`,
    near-identical ones together, with how often and of whom you asked it
    (only those holding WORDS, if given).

    \b
    Example:
      infoview questions
      infoview questions hiring
    """
    from ..ask import formats
    from ..ask.questions import Question, bank, normal

    loaded = _load(root, notes=False)
    found = bank(loaded.journal, resolve_today(today))
    wanted = [normal(w) for w in words]
    found = [q for q in found if all(w in normal(q.text) for w in wanted)]
    names = loaded.journal.display_name

    def whom(q: Question) -> str:  # a conversation still to come: its people are "(planned)"
        held = {c for a in q.asked if a.held for c in a.contacts}
        return ", ".join(names(c) + ("" if c in held else " (planned)") for c in q.people)

    rows = [(q.text, sum(a.held for a in q.asked), whom(q), ", ".join(a.interview for a in q.asked))
            for q in found]  # fmt: skip
    for_people(formats.render(("question", "times", "asked of", "interviews"), rows, fmt, table_width()))


@main.command()
@click.argument("about", required=False)
@format_option("text", "json")
@journal_option
def learned(root: Path, about: str | None, fmt: str) -> None:
    """What you learned: takeaways (items under `## Takeaways`, or lines that
    start `Takeaway:`), by tag, company and industry; only ABOUT, if given.

    \b
    Example:
      infoview learned
      infoview learned ux-research
    """
    from ..ask.questions import learned as collect

    loaded = _load(root, notes=False)
    company = loaded.journal.companies.get(about or "")
    found = collect(loaded.journal, company.name if company else about)  # a company by its id too
    if fmt == "json":
        data = {k: [{"text": e.text, "interview": e.interview, "path": e.path, "line": e.line,
                     "date": e.date.isoformat()} for e in v] for k, v in found.items()}  # fmt: skip
        click.echo(json.dumps(data, indent=2, ensure_ascii=False))
        return
    if not found:
        click.echo(f"No takeaways{f' about {about}' if about else ''} yet: write them under '## Takeaways'.")
        return
    lines = []
    for subject, entries in found.items():
        lines += [subject, *(f"  - {e.text}  ({e.date}, {e.path}:{e.line})" for e in entries), ""]
    for_people("\n".join(lines))


@main.command()
@click.argument("kind", type=click.Choice(KINDS))
@click.argument("who", shell_complete=completion.a_talk)
@click.option("--mailto", is_flag=True, help="Print a mailto: link instead of the text.")
@today_option
@journal_option
def draft(root: Path, kind: str, who: str, mailto: bool, today: dt.date | None) -> None:
    """Draft a message from the journal: ask for a conversation, thank for
    one, nudge a request, or answer an introduction (WHO: a contact, or an
    interview). Nothing is sent. Templates: templates/messages/KIND.txt in
    the journal overrides the built-in one.

    \b
    Example:
      infoview draft ask "Chris Wong"
      infoview draft thanks maya --mailto
    """
    from ..ask.drafts import concerning, unfit
    from ..ask.drafts import draft as make
    from ..journal.model import Contact, Kind, interview_status

    when = resolve_today(today)
    loaded = _load(root, notes=False)
    journal = loaded.journal
    record = _record(journal, who, (Kind.CONTACT, Kind.INTERVIEW))
    contact = record if isinstance(record, Contact) else journal.contacts[record.contacts[0]]
    interview = (None if isinstance(record, Contact) else record) or concerning(kind, journal, contact, when)
    why_not = unfit(kind, journal, contact, interview, when)
    if why_not:
        raise click.ClickException(f"not drafting: {why_not}; try 'infoview draft ask {contact.id}'")
    planned = [i for i in journal.interviews_with(contact.id) if interview_status(i, when) == "scheduled"]
    if kind == "ask" and planned:
        click.echo(f"infoview: a conversation with {contact.name} is already scheduled "
                   f"({planned[-1].when})", err=True)  # fmt: skip
    message = make(kind, journal, contact, interview, loaded.config.owner, root)
    click.echo(message.mailto() if mailto else message.text(), nl=mailto)


@main.command("next")
@format_option("table", "json", "csv")
@today_option
@journal_option
def next_command(root: Path, fmt: str, today: dt.date | None) -> None:
    """Whom to talk to next: introductions waiting and people not yet asked,
    warm leads (someone introduced you) first, the longest waiting first.

    \b
    Example:
      infoview next
    """
    from ..ask import formats
    from ..ask.next import leads
    from ..journal.followups import derive

    when = resolve_today(today)
    loaded = _load(root, notes=False)
    found = leads(loaded.journal, derive(loaded.journal, loaded.config.rules, when), when)
    rows = [(lead.who, lead.why, lead.waiting, lead.contact or "", lead.ref or "") for lead in found]
    for_people(formats.render(("who", "why", "days waiting", "contact", "ref"), rows, fmt, table_width()))
