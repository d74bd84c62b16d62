"""People brought in from another tool, matched against the journal, and
written as new contact files.

Every reader (LinkedIn's export, vCards, a CSV) gives Person rows; plan()
says for each whether it is new, already in the journal (by profile
address, then e-mail address, then name), or cannot be taken (and why);
write() creates the new files, and the companies they name that the
journal lacks. Nothing that exists is ever written over, so running the
same import again changes nothing.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from ..edit.scaffold import CONTACT_BODY, ScaffoldError, render, slug_for, write_new
from ..journal.folding import fold
from ..journal.model import Journal, Kind


@dataclass(frozen=True, slots=True)
class Person:
    """One person as another tool gives them; `where` says where in its file
    (`row 5`, `card 2`)."""

    name: str
    where: str
    company: str | None = None
    title: str | None = None
    email: str | None = None
    phone: str | None = None
    links: tuple[tuple[str, str], ...] = ()  # label, address
    source: str | None = None
    created: dt.date | None = None
    tags: tuple[str, ...] = ()
    notes: str = ""
    extra: dict[str, Any] = field(default_factory=dict)  # other contact fields, as written in front matter
    key: str | None = None  # what the other file calls them (a vCard's UID), for references within it
    introducer: str | None = None  # the key of whoever introduced them, in the same file
    wanted_id: str | None = None  # the id to give them, if free (a card infoview wrote says it)
    doubts: tuple[str, ...] = ()  # what was left out of them, and why


@dataclass(frozen=True, slots=True)
class Step:
    """What happens to one person: "create" (as path), "match" (path is
    theirs already) or "skip"; why says how they matched or why not."""

    person: Person
    action: str
    path: str | None
    why: str = ""


@dataclass(frozen=True, slots=True)
class Plan:
    steps: tuple[Step, ...]
    companies: tuple[tuple[str, str], ...]  # (name, path) of the company files to create

    def count(self, action: str) -> int:
        return sum(step.action == action for step in self.steps)


def plain_name(name: str) -> str:
    """A name as compared: folded, and without accents ("Zoë Ångström" is
    "zoe angstrom", as its file name is)."""
    decomposed = unicodedata.normalize("NFKD", fold(name))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def profile(url: str) -> str:
    """A profile's address as compared: no scheme, no www., no query, no
    trailing slash, in lower case."""
    parts = urlsplit(url.strip() if "://" in url else f"https://{url.strip()}")
    host = parts.netloc.casefold().removeprefix("www.")
    return f"{host}{parts.path.rstrip('/').casefold()}"


class _Known:
    """The journal's people (and those planned so far) by profile, e-mail and name."""

    def __init__(self, journal: Journal) -> None:
        self.by: dict[str, dict[str, str]] = {"profile": {}, "e-mail address": {}, "name": {}}
        self.emails: dict[str, str | None] = {}  # by path
        self.paths: set[str] = {c.path for c in journal.contacts.values()}
        for contact in journal.contacts.values():
            self.add(contact.path, contact.name, contact.email, [url for _label, url in contact.links])

    def add(self, path: str, name: str, email: str | None, urls: Iterable[str]) -> None:
        for url in urls:
            self.by["profile"].setdefault(profile(url), path)
        if email:
            self.by["e-mail address"].setdefault(email.strip().casefold(), path)
        self.by["name"].setdefault(plain_name(name), path)
        self.emails[path] = email.strip().casefold() if email else None
        self.paths.add(path)

    def match(self, person: Person) -> tuple[str, str] | None:
        """(path, "the same …") of the contact this person already is, if any."""
        wanted = {
            "profile": [profile(url) for _label, url in person.links],
            "e-mail address": [person.email.strip().casefold()] if person.email else [],
            "name": [plain_name(person.name)],
        }
        for what, keys in wanted.items():
            for key in keys:
                if key in self.by[what]:
                    return self.by[what][key], f"the same {what}"
        return None


def plan(journal: Journal, people: Sequence[Person], skipped: Iterable[Step] = ()) -> Plan:
    """What importing people into the journal would do; skipped: the rows a
    reader could not take."""
    known = _Known(journal)
    steps = list(skipped)
    for person in people:
        if not person.name.strip():
            steps.append(Step(person, "skip", None, "it has no name"))
            continue
        found = known.match(person)
        if found is not None:
            theirs = known.emails.get(found[0])
            other = person.email and theirs and person.email.strip().casefold() != theirs
            why = found[1] + (f" (this one's e-mail address, {person.email}, was not added)" if other else "")
            steps.append(Step(person, "match", found[0], why))
            continue
        try:
            wanted = person.wanted_id
            slug = wanted if wanted and slug_for(wanted) == wanted else slug_for(person.name)
        except ScaffoldError as exc:
            steps.append(Step(person, "skip", None, str(exc)))
            continue
        path = _free(f"{Kind.CONTACT.folder}/{slug}.md", known.paths)
        known.add(path, person.name, person.email, [url for _label, url in person.links])
        steps.append(Step(person, "create", path))
    return Plan(tuple(sorted(steps, key=_order)), _companies(journal, steps))


def _order(step: Step) -> tuple[int, str]:
    number = re.search(r"\d+", step.person.where)
    return (int(number.group()) if number else 0, step.person.where)


def _free(path: str, taken: set[str]) -> str:
    """path, or path with -2, -3… before .md when a file has it."""
    stem, n = path.removesuffix(".md"), 2
    while path in taken:
        path, n = f"{stem}-{n}.md", n + 1
    return path


_LEGAL = re.compile(r"\b(?:inc|incorporated|ltd|limited|llc|llp|plc|gmbh|corp|corporation|co|sa|ag|bv)$")


def company_key(name: str) -> str:
    """A company's name as compared: folded, without punctuation or a legal
    ending ("Acme, Inc." is "Acme Inc." is "acme")."""
    words = " ".join(re.sub(r"[^\w\s]", " ", fold(name)).split())
    return _LEGAL.sub("", words).strip() or words


def _companies(journal: Journal, steps: Iterable[Step]) -> tuple[tuple[str, str], ...]:
    """The companies new people work at that the journal has no file for."""
    found: dict[str, tuple[str, str]] = {
        company_key(c.name): (c.name, c.path) for c in journal.companies.values()
    }
    have = set(found)
    taken = {c.path for c in journal.companies.values()}
    for step in steps:
        name = step.person.company
        if step.action != "create" or not name or company_key(name) in found:
            continue
        try:
            path = _free(f"{Kind.COMPANY.folder}/{slug_for(name)}.md", taken)
        except ScaffoldError:
            continue  # a name with no letters or digits: the contact names it, no file
        taken.add(path)
        found[company_key(name)] = (name, path)
    return tuple(made for key, made in found.items() if key not in have)


def write(root: Path, journal: Journal, planned: Plan, today: dt.date) -> None:
    """Create the planned files: companies first, then people (introducers
    by the ids they were given)."""
    company_ids = {company_key(c.name): c.id for c in journal.companies.values()}
    for name, path in planned.companies:
        write_new(root, root / path, render({"name": name}, "## Research\n"))
        company_ids[company_key(name)] = Path(path).stem
    ids = {s.person.key: Path(s.path).stem for s in planned.steps if s.person.key and s.path}
    for step in planned.steps:
        if step.action == "create" and step.path:
            write_new(root, root / step.path, _contact(step.person, company_ids, ids, today))


def _introducer(person: Person, ids: dict[str, str]) -> str | None:
    """The id of whoever introduced them: made or matched in this import, or
    the name as the file wrote it (a person who is not in it)."""
    known = person.introducer
    if not known:
        return None
    return ids.get(known) or (None if known.startswith("urn:") else known)


def _contact(person: Person, company_ids: dict[str, str], ids: dict[str, str], today: dt.date) -> str:
    company = company_ids.get(company_key(person.company), person.company) if person.company else None
    fields: dict[str, Any] = {
        "name": person.name, "title": person.title, "company": company, "email": person.email,
        "phone": person.phone, "links": dict(person.links) or None, "source": person.source,
        "referred_by": _introducer(person, ids), "tags": list(person.tags),
        "created": person.created or today,
    }  # fmt: skip
    for key, value in person.extra.items():
        fields.setdefault(key, value)
        if fields[key] in (None, "", [], ()):
            fields[key] = value
    notes = person.notes.strip()
    return render(fields, f"{notes}\n" if notes else CONTACT_BODY)
