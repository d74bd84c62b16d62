"""vCards in and out, read and written by the vobject library.

Out: one card per contact, vCard 3.0 by default (FN, N, ORG, TITLE, EMAIL,
TEL, URL, NOTE, CATEGORIES, UID), 4.0 on request (RELATED for the person
who introduced them). What vCard has no property for (source, status,
keep_in_touch, the dates, the id) travels as X-INFOVIEW-* properties, so a
card read back gives the contact it was made from.

In: 3.0 and 4.0 cards, several to a file, folded lines, with or without
UID; a URL's TYPE (or Apple's X-ABLabel) names its link.
"""

from __future__ import annotations

import datetime as dt
import re
import uuid
from collections.abc import Callable, Iterable
from typing import Any

from ..journal.model import Contact, Journal
from .people import Person, Step

VERSIONS = ("3.0", "4.0")
_NAMESPACE = uuid.UUID("6f0e0a63-8a42-4c5e-9b36-3c6b5e0f2d11")  # a card's UID: uuid5 of its contact's id
# Contact fields with no vCard property: X-INFOVIEW-<FIELD> (dates as YYYY-MM-DD).
_OWN = ("pronouns", "industry", "source", "status", "keep_in_touch", "created", "checked_in")


def uid_of(contact_id: str) -> str:
    return f"urn:uuid:{uuid.uuid5(_NAMESPACE, contact_id)}"


def to_vcards(
    journal: Journal, contacts: Iterable[Contact], version: str = "3.0", blank: Callable[[str], str] = str
) -> str:
    """The contacts as cards; blank(text) is what a card's notes say of the text."""
    import vobject

    cards = []
    for contact in contacts:
        card = vobject.vCard()
        card.add("version").value = version
        card.add("uid").value = uid_of(contact.id)
        card.add("fn").value = contact.name
        given, _, family = contact.name.rpartition(" ")
        card.add("n").value = (
            vobject.vcard.Name(family=family, given=given) if given else vobject.vcard.Name(family)
        )
        company = journal.company_name(contact)
        if company:
            card.add("org").value = [company]
        for name, value in (("title", contact.title), ("email", contact.email), ("tel", contact.phone)):
            if value:
                card.add(name).value = value
        if contact.location:
            card.add("adr").value = vobject.vcard.Address(city=contact.location)
        for label, url in contact.links:
            line = card.add("url")
            line.value, line.type_param = url, label
        if contact.tags:
            card.add("categories").value = list(contact.tags)
        if contact.body.strip():
            card.add("note").value = blank(contact.body.strip())
        _own(card, contact, journal, version)
        cards.append(card.serialize())
    return "".join(cards)


def _own(card: Any, contact: Contact, journal: Journal, version: str) -> None:
    card.add("x-infoview-id").value = contact.id
    for name in _OWN:
        value = getattr(contact, name)
        if value is not None:
            text = value.isoformat() if isinstance(value, dt.date) else str(value)
            card.add(f"x-infoview-{name.replace('_', '-')}").value = text
    if contact.private:
        card.add("x-infoview-private").value = "true"
    introducer = journal.contacts.get(contact.referred_by or "")
    if introducer is not None and version == "4.0":
        related = card.add("related")
        related.value, related.type_param = uid_of(introducer.id), "contact"
    elif contact.referred_by:
        card.add("x-infoview-referred-by").value = (
            uid_of(introducer.id) if introducer else contact.referred_by
        )


_FOLD = re.compile(r"\r?\n[ \t]")
_LISTS = ("CATEGORIES", "NICKNAME")  # values that commas separate; in every other one a comma is text


def _commas_escaped(text: str) -> str:
    """The cards unfolded, with the commas that many address books leave
    unescaped in a text value escaped: vobject reads an unescaped one as
    the end of the value, and what follows would be lost."""
    lines = []
    for line in _FOLD.sub("", text).splitlines():
        head, colon, value = _split_line(line)
        name = head.split(";", 1)[0].rsplit(".", 1)[-1].upper()
        if colon and name not in _LISTS:
            value = re.sub(r"(?<!\\),", r"\\,", value)
        lines.append(head + colon + value)
    return "\r\n".join(lines) + "\r\n"


def _split_line(line: str) -> tuple[str, str, str]:
    """name;params, ":", value: the first colon outside a quoted parameter."""
    quoted = False
    for n, char in enumerate(line):
        if char == '"':
            quoted = not quoted
        elif char == ":" and not quoted:
            return line[:n], ":", line[n + 1 :]
    return line, "", ""


def from_vcards(data: bytes) -> tuple[list[Person], list[Step]]:
    import logging

    import vobject

    text = data.decode("utf-8-sig", errors="replace")
    if "BEGIN:VCARD" not in text.upper():
        raise ValueError("it holds no vCard (no BEGIN:VCARD line)")
    people: list[Person] = []
    skipped: list[Step] = []
    logging.getLogger("vobject").setLevel(logging.CRITICAL)  # what it cannot read, it skips; we count it
    try:
        cards = list(vobject.readComponents(_commas_escaped(text), ignoreUnreadable=True))
    except Exception as exc:  # vobject raises its own kinds for what it cannot parse
        raise ValueError(f"not a vCard file: {exc}") from None
    for number, card in enumerate(cards, start=1):
        where = f"card {number}"
        if card.name != "VCARD":
            skipped.append(Step(Person("", where), "skip", None, f"a {card.name}, not a card"))
            continue
        people.append(_person(card, where))
    return people, skipped


def _values(card: Any, name: str) -> list[Any]:
    return card.contents.get(name, [])


def _first(card: Any, name: str) -> Any:
    found = _values(card, name)
    return found[0].value if found else None


def _person(card: Any, where: str) -> Person:
    name = _first(card, "fn") or ""
    if not name and _first(card, "n") is not None:
        parts = _first(card, "n")
        name = " ".join(str(x) for x in (parts.given, parts.family) if x)
    org = _first(card, "org")
    while isinstance(org, list):  # ORG is its parts (company;department), each possibly a list
        org = org[0] if org else None
    company = str(org).strip() if org else None
    tags = _first(card, "categories") or []
    labels = {line.group: line.value for line in _values(card, "x-ablabel") if line.group}
    links = tuple((_label(line, labels), line.value) for line in _values(card, "url") if line.value)
    own = {line.name[len("X-INFOVIEW-"):].lower().replace("-", "_"): line.value
           for line in card.getChildren() if line.name.startswith("X-INFOVIEW-")}  # fmt: skip
    created = _date(own.pop("created", None))
    extra: dict[str, Any] = {
        k: own[k] for k in ("pronouns", "industry", "status", "keep_in_touch") if own.get(k)
    }
    if own.get("checked_in"):
        extra["checked_in"] = _date(own["checked_in"])
    if own.get("private") == "true":
        extra["private"] = True
    adr = _first(card, "adr")
    if adr is not None and getattr(adr, "city", None):
        extra["location"] = adr.city
    related = _values(card, "related")
    introducer = related[0].value if related else own.get("referred_by")
    return Person(
        name.strip(), where, company or None, _first(card, "title") or None, _first(card, "email") or None,
        _first(card, "tel") or None, links, own.get("source"), created,
        tuple(str(t).strip() for t in tags if str(t).strip()), _first(card, "note") or "", extra,
        _first(card, "uid"), introducer, own.get("id"),
    )  # fmt: skip


def _label(line: Any, labels: dict[str, str]) -> str:
    """A URL's label: its TYPE (other than the generic ones), else Apple's
    X-ABLabel for its group, else its host."""
    kinds = [t for t in line.params.get("TYPE", []) if t.casefold() not in ("pref", "internet", "x-other")]
    if kinds:
        return str(kinds[0]).casefold()
    if line.group in labels:
        return str(labels[line.group]).strip("_$!<>").casefold()
    host = str(line.value).split("://")[-1].split("/")[0].removeprefix("www.")
    return "linkedin" if host.startswith("linkedin.") else "website"


def _date(text: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text) if text else None
    except ValueError:
        return None
