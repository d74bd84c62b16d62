"""Where every page lives in the output folder.

Page names come from ids, but an id can be anything a file name can be
(spaces, accents, dots). A plain id (lower-case letters, digits, '-', '_',
'.') is used as it is; any other gets a slug plus a short hash, so two ids
that differ only by case or punctuation never share a page, and no id can
reach outside its folder. An id holding an e-mail address or a number as
long as a phone number's is never shown in a page name: the address or
number is left out of the slug.
"""

from __future__ import annotations

import hashlib
import re
from functools import cache

from slugify import slugify

from ..journal.model import Company, Contact, Interview, Kind

_PLAIN = re.compile(r"[a-z0-9][a-z0-9_-]*(?:\.[a-z0-9_-]+)*")
# What must not be in a page's name (it is in every link to it): an e-mail
# address, or a number as long as a phone number's.
_ADDRESS_OR_NUMBER = re.compile(r"@|%40|\d(?:[\d._ -]*\d){8}", re.IGNORECASE)
_DATE = re.compile(r"\d{4}-\d\d-\d\d")
# Where _ADDRESS_OR_NUMBER can find a number: a stretch of digits and separators long enough
_NUMBERISH = re.compile(r"[\d._ -]{9,}")


def reveals(text: str) -> bool:
    """Does text hold what _ADDRESS_OR_NUMBER finds? (As its search says, without
    the search's backtracking: ten thousand ids of dates and numbers are asked.)"""
    if "@" in text or "%40" in text:
        return True
    return any(sum(map(str.isdigit, stretch)) >= 9 for stretch in _NUMBERISH.findall(text))


def page_name(record_id: str) -> str:
    revealing = ("@" in record_id or "%" in record_id or sum(map(str.isdigit, record_id)) >= 9) and reveals(
        _DATE.sub("-", record_id)
    )
    if _PLAIN.fullmatch(record_id) and len(record_id) <= 100 and not revealing:
        return record_id
    digest = hashlib.sha1(record_id.encode("utf-8")).hexdigest()[:8]
    shown = _ADDRESS_OR_NUMBER.sub("-", _DATE.sub("-", record_id).split("@")[0]) if revealing else record_id
    slug = slugify(shown, max_length=60) or "record"
    return f"{slug}-{digest}"


@cache
def record_url(kind: Kind, record_id: str) -> str:
    return f"{kind.folder}/{page_name(record_id)}.html"


def url_of(record: Contact | Interview | Company) -> str:
    return record_url(record.kind, record.id)


def company_key(name: str) -> str:
    return name.strip().casefold()


def free_company_url(name: str) -> str:
    """A page for a company named in a contact but without a file of its own."""
    digest = hashlib.sha1(company_key(name).encode("utf-8")).hexdigest()[:8]
    shown = _ADDRESS_OR_NUMBER.sub("-", _DATE.sub("-", name).split("@")[0])  # never an address or number
    return f"companies/named-{slugify(shown, max_length=60) or 'company'}-{digest}.html"


def tag_anchor(tag: str) -> str:
    return "tag-" + (slugify(tag, max_length=60) or hashlib.sha1(tag.encode()).hexdigest()[:8])


# A subject's page shows this many reflections; more go on pages of their own.
# (A tag of a long journal gathers a thousand: one page of them all would be
# over a megabyte, slow to open, and made again whenever one of them changes.)
REFLECTIONS_PER_PAGE = 50


def learned_page_urls(url: str, reflections: int) -> list[str]:
    """The pages of a subject whose first page is url and which has that many
    reflections: learned/<subject>.html, then learned/<subject>/2.html and on."""
    count = max(1, -(-reflections // REFLECTIONS_PER_PAGE))
    folder = url.removesuffix(".html")
    return [url, *(f"{folder}/{number}.html" for number in range(2, count + 1))]


def learned_urls(subjects: dict[str, str]) -> dict[str, str]:
    """A "what I learned" page for each subject (folded -> its name): the
    name as a slug, made unique where two slugs would be the same."""
    found: dict[str, str] = {}
    taken: set[str] = set()
    for key, name in sorted(subjects.items()):
        digest = hashlib.sha1(key.encode()).hexdigest()[:6]
        slug = slugify(name, max_length=60) or digest
        if slug in taken:
            slug = f"{slug}-{digest}"
        taken.add(slug)
        found[key] = f"learned/{slug}.html"
    return found
