"""Creating journals and record files: `init` and `new`.

Every file is written atomically (a temporary file, then a hard link to the
final name), so a crash never leaves half a file, and an existing file is
never replaced.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from slugify import slugify

from ..journal.checks import RESERVED
from ..journal.config import CONFIG_NAME, DEFAULT, TEMPLATE
from ..journal.fields import did_you_mean
from ..journal.files import umask
from ..journal.model import Kind, When
from ..journal.sections import REFLECTION_PROMPT


class ScaffoldError(Exception):
    """A refusal that the user can act on; the message says how."""


GITIGNORE = f"""\
# infoview: the cache and the built site are made from the journal
.infoview/
{DEFAULT.output}/
"""

DEFAULT_QUESTIONS = (
    "How did you get into this work?",
    "What does a typical week look like?",
    "What do you wish you had known when you started?",
    "Is there someone else you think I should talk to?",
)
QUESTION_BANK = "questions.md"  # in the journal: the questions a new interview starts with
QUESTION_BANK_TEXT = (
    "# Questions for new interviews\n\n"
    "Each list item here is copied into the Questions section of a new interview\n"
    "(`infoview new interview`). Edit, add, remove: this file is yours.\n\n"
    + "".join(f"- {q}\n" for q in DEFAULT_QUESTIONS)
)
OWN_INTERVIEW = "templates/new/interview.md"  # a journal's own body for new interviews

INTERVIEW_BODY = """\
## Preparation

_Who they are, their path, their company; what you want to learn; your short pitch._

## Questions

{questions}

## Notes

## Follow-up

## They offered

## Reflection

{reflection_prompt}
"""

CONTACT_BODY = """\
## Background

## Research
"""


def init_journal(path: Path) -> list[str]:
    """Create an empty journal at path; returns what was created. An
    Obsidian vault (a folder with .obsidian/) may hold other notes: what the
    journal needs is added beside them, and nothing of the vault is touched."""
    if path.exists() and not path.is_dir():
        raise ScaffoldError(f"{path} exists and is not a folder")
    is_journal = (path / CONFIG_NAME).is_file() or (path / ".obsidian").is_dir()
    if path.exists() and any(path.iterdir()) and not is_journal:
        raise ScaffoldError(
            f"{path} is not empty and is not a journal (no {CONFIG_NAME}); choose an empty or new folder"
        )
    path.mkdir(parents=True, exist_ok=True)
    created = []
    for kind in Kind:
        folder = path / kind.folder
        if not folder.exists():
            folder.mkdir()
            created.append(f"{kind.folder}/")
    for name, text in (
        (CONFIG_NAME, TEMPLATE),
        (".gitignore", GITIGNORE),
        (QUESTION_BANK, QUESTION_BANK_TEXT),
    ):
        if not (path / name).exists():
            write_new(path, path / name, text)
            created.append(name)
    return created


def write_new(root: Path, target: Path, text: str) -> None:
    """Write text to target atomically; refuse to replace or to leave root."""
    folder = target.parent
    if not folder.resolve().is_relative_to(root.resolve()):
        raise ScaffoldError(f"{folder} leads outside the journal (a symbolic link?)")
    folder.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{target.name}.", suffix=".tmp")
    try:
        os.fchmod(fd, 0o666 & ~umask())  # as an editor would make it, not mkstemp's 0600
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        try:
            os.link(tmp, target)
        except FileExistsError:
            raise ScaffoldError(f"{target} already exists; it was left untouched") from None
    finally:
        os.unlink(tmp)


def slug_for(name: str) -> str:
    slug = slugify(
        name,
        lowercase=True,
        max_length=80,
        word_boundary=True,
        replacements=[["'", ""], ["\u2019", ""]],
    )
    if not slug:
        raise ScaffoldError(f"cannot make a file name from '{name}'; use letters or digits")
    if slug.partition(".")[0] in RESERVED:
        raise ScaffoldError(f"'{name}' would be the file name {slug}.md, which Windows cannot use; "
                            "add another word (a surname, the company)")  # fmt: skip
    return slug


def render(fields: dict[str, Any], body: str) -> str:
    """Front matter (only the fields that have a value) and a body."""
    front = "".join(
        _yaml_line(key, value) for key, value in fields.items() if value not in (None, "", (), [])
    )
    return f"---\n{front}---\n\n{body}"


def _yaml_line(key: str, value: Any) -> str:
    """`key: value`, with lists written inline: `tags: [ux, research]`, and
    maps one entry per line."""
    if isinstance(value, dict):  # in the order given
        text = yaml.safe_dump(value, allow_unicode=True, default_flow_style=False, width=1000,
                              sort_keys=False)  # fmt: skip
        return f"{key}:\n" + "".join(f"  {line}\n" for line in text.splitlines())
    if isinstance(value, list):
        text = yaml.safe_dump(value, allow_unicode=True, default_flow_style=True, width=1000)
        return f"{key}: {text.strip()}\n"
    return yaml.safe_dump({key: value}, allow_unicode=True, default_flow_style=False, width=1000)


@dataclass(frozen=True, slots=True)
class NewContact:
    name: str
    company: str | None = None
    title: str | None = None
    email: str | None = None
    phone: str | None = None
    location: str | None = None
    links: tuple[tuple[str, str], ...] = ()  # label, URL
    source: str | None = None
    referred_by: str | None = None
    keep_in_touch: str | None = None
    tags: tuple[str, ...] = ()
    private: bool = False


def new_contact(root: Path, spec: NewContact, today: dt.date) -> Path:
    target = root / Kind.CONTACT.folder / f"{slug_for(spec.name)}.md"
    fields = {
        "name": spec.name,
        "title": spec.title,
        "company": spec.company,
        "email": spec.email,
        "phone": spec.phone,
        "location": spec.location,
        "links": dict(spec.links) or None,
        "source": spec.source,
        "referred_by": spec.referred_by,
        "keep_in_touch": spec.keep_in_touch,
        "tags": list(spec.tags),
        "private": spec.private or None,
        "created": today,
    }
    write_new(root, target, render(fields, CONTACT_BODY))
    return target


def new_company(root: Path, name: str, website: str | None, industry: str | None) -> Path:
    target = root / Kind.COMPANY.folder / f"{slug_for(name)}.md"
    fields = {"name": name, "website": website, "industry": industry}
    write_new(root, target, render(fields, "## Research\n"))
    return target


@dataclass(frozen=True, slots=True)
class NewInterview:
    contact: str
    when: When
    mode: str | None = None
    topic: str | None = None
    status: str | None = None
    duration: str | None = None
    location: str | None = None
    tags: tuple[str, ...] = ()
    referrals: tuple[str, ...] = ()


def new_interview(root: Path, spec: NewInterview, contacts: dict[str, str]) -> Path:
    """contacts maps every known contact id to its name."""
    contact_id = resolve_contact(spec.contact, contacts)
    target = root / Kind.INTERVIEW.folder / f"{spec.when.date.isoformat()}-{contact_id}.md"
    fields = {
        "contact": contact_id,
        "date": str(spec.when),
        "status": spec.status,
        "mode": spec.mode,
        "duration": spec.duration,
        "location": spec.location,
        "topic": spec.topic,
        "tags": list(spec.tags),
        "referrals": list(spec.referrals),
    }
    text = render(fields, interview_body(root))
    # A date reads better unquoted; infoview reads it either way.
    text = text.replace(f"date: '{spec.when}'\n", f"date: {spec.when}\n", 1)
    write_new(root, target, text)
    return target


def interview_body(root: Path) -> str:
    """The body of a new interview: the journal's own (templates/new/interview.md),
    else the built-in sections with the questions of the journal's bank
    (questions.md: its list items), or the built-in four."""
    own = root / OWN_INTERVIEW
    if own.is_file():
        return own.read_text(encoding="utf-8")
    questions = list(DEFAULT_QUESTIONS)
    bank = root / QUESTION_BANK
    if bank.is_file():
        listed = [
            m.group(1) for m in map(_LIST_ITEM.match, bank.read_text(encoding="utf-8").splitlines()) if m
        ]
        questions = listed or questions
    numbered = "\n".join(f"{n}. {q}" for n, q in enumerate(questions, 1))
    return INTERVIEW_BODY.format(questions=numbered, reflection_prompt=REFLECTION_PROMPT)


_LIST_ITEM = re.compile(r"^\s{0,3}(?:[-*+]|\d{1,3}[.)])\s+(.*\S)\s*$")


def resolve_contact(given: str, contacts: dict[str, str]) -> str:
    """An id, from an id or a contact's name."""
    if given in contacts:
        return given
    by_name = [cid for cid, name in contacts.items() if name.casefold() == given.casefold()]
    if len(by_name) == 1:
        return by_name[0]
    slug = slug_for(given)
    if slug in contacts:
        return slug
    hint = did_you_mean(given, contacts)
    raise ScaffoldError(
        f"unknown contact '{given}'{hint}; create it first with: infoview new contact \"{given}\""
    )
