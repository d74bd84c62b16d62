"""People from a CSV file: LinkedIn's export of connections, Google
Contacts' export, or any table whose columns are named (or mapped with
`--map field=Column`).

The file is read as such exports really come: a UTF-8 byte-order mark,
Windows line ends, lines of notes before the header (LinkedIn puts a
`Notes:` paragraph there), quoted commas, columns in any order. The header
is the first row that names the columns a kind of export must have;
columns are found by name, never by position.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass

from ..journal.folding import fold
from .people import Person, Step

# Our field -> the names other tools give the column (compared folded).
LINKEDIN = {
    "first": ("first name",), "last": ("last name",), "url": ("url", "profile url"),
    "email": ("email address", "e-mail address", "email"), "company": ("company",),
    "title": ("position", "title"), "created": ("connected on",),
}  # fmt: skip
GENERIC = {
    "name": ("name", "full name", "display name"), "first": ("first name", "given name"),
    "middle": ("middle name", "additional name"), "last": ("last name", "family name", "surname"),
    "email": ("email", "e-mail", "email address", "e-mail address", "e-mail 1 - value", "email 1 - value"),
    "phone": ("phone", "phone number", "mobile", "phone 1 - value"),
    "company": ("company", "organization", "organisation", "organization name", "organization 1 - name"),
    "title": ("title", "job title", "position", "organization title", "organization 1 - title"),
    "url": ("url", "website", "website 1 - value", "linkedin", "profile"),
    "notes": ("notes", "note"), "tags": ("tags", "labels", "group membership"),
    "location": ("location", "city", "address 1 - city"), "created": ("created", "date added"),
}  # fmt: skip
_DATES = ("%d %b %Y", "%d %B %Y", "%d-%b-%y", "%d-%b-%Y", "%Y-%m-%d", "%b %d, %Y")


class TableError(ValueError):
    """The file is not a table of people this reader can take."""


@dataclass(frozen=True, slots=True)
class Table:
    header: Mapping[str, int]  # our field -> column
    rows: list[tuple[int, list[str]]]  # (line, cells) after the header


def read_table(data: bytes, fields: Mapping[str, Sequence[str]], needs: Sequence[Sequence[str]]) -> Table:
    """The rows after the first row holding, for one of the sets in needs,
    every field of it; columns by name."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")  # an old spreadsheet's export
    for delimiter in (",", ";", "\t"):  # a spreadsheet set to a language that writes 1,5 uses ";"
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        rows = iter(reader)
        for cells in rows:
            names = {fold(cell): n for n, cell in enumerate(cells) if cell.strip()}
            header = {ours: names[fold(alias)] for ours, aliases in fields.items()
                      for alias in reversed(aliases) if fold(alias) in names}  # fmt: skip
            if any(all(need in header for need in needed) for needed in needs):
                return Table(header, [(reader.line_num, row) for row in rows if any(c.strip() for c in row)])
    wanted = " or ".join("/".join(needed) for needed in needs)
    raise TableError(f"no header row naming the columns {wanted} was found")


def _getter(row: list[str], header: Mapping[str, int]) -> Callable[[str], str]:
    """The row's cell under a field's column, stripped ("" when it has none)."""

    def get(name: str) -> str:
        at = header.get(name)
        return row[at].strip() if at is not None and at < len(row) else ""

    return get


def parse_date(text: str) -> dt.date | None:
    for pattern in _DATES:
        try:
            return dt.datetime.strptime(text.strip(), pattern).date()
        except ValueError:
            continue
    return None


def _created(text: str) -> tuple[dt.date | None, tuple[str, ...]]:
    """The day a row says they were added, and a doubt when it is not a date."""
    if not text:
        return None, ()
    day = parse_date(text)
    return day, () if day else (f"'{text}' is not a date: created is the day of the import",)


def linkedin(data: bytes) -> tuple[list[Person], list[Step]]:
    """LinkedIn's Connections.csv."""
    table = read_table(data, LINKEDIN, [("first", "last")])
    people: list[Person] = []
    skipped: list[Step] = []  # no reader here refuses a row: a person is always brought in
    for line, row in table.rows:
        get = _getter(row, table.header)
        name = " ".join(x for x in (get("first"), get("last")) if x)
        where = f"line {line}"
        created, doubts = _created(get("created"))
        links = (("linkedin", get("url")),) if get("url") else ()
        people.append(Person(name, where, get("company") or None, get("title") or None, get("email") or None,
                             None, links, "social", created, doubts=doubts))  # fmt: skip
    return people, skipped


def generic(data: bytes, mapping: Mapping[str, str]) -> tuple[list[Person], list[Step]]:
    """Any CSV of people (Google Contacts' export among them); mapping: our
    field -> the file's column name, over the names known already."""
    fields = {**GENERIC, **{ours: (theirs,) for ours, theirs in mapping.items()}}
    table = read_table(data, fields, [("name",), ("first",), ("last",)])
    people: list[Person] = []
    skipped: list[Step] = []  # no reader here refuses a row: a person is always brought in
    for line, row in table.rows:
        get = _getter(row, table.header)
        name = get("name") or " ".join(x for x in (get("first"), get("middle"), get("last")) if x)
        where = f"line {line}"
        created, doubts = _created(get("created"))
        url = get("url")
        links = (("linkedin" if "linkedin." in url.casefold() else "website", url),) if url else ()
        extra = {"location": get("location")} if get("location") else {}
        people.append(Person(name, where, get("company") or None, get("title") or None, get("email") or None,
                             get("phone") or None, links, None, created, tuple(_tags(get("tags"))),
                             get("notes"), extra, doubts=doubts))  # fmt: skip
    return people, skipped


def _tags(labels: str) -> Iterator[str]:
    """Google's `* myContacts ::: Friends` (its own groups left out), or a list
    separated by commas or semicolons."""
    for part in labels.replace(":::", ";").replace(",", ";").split(";"):
        tag = part.strip()
        if tag and not tag.startswith("*"):
            yield tag.casefold().replace(" ", "-")


COLUMNS = tuple(GENERIC)  # the fields --map may name
