"""Where every page lives in the output folder.

Page names come from ids, but an id can be anything a file name can be
(spaces, accents, dots). A plain id (lower-case letters, digits, '-', '_',
'.') is used as it is; any other gets a slug plus a short hash, so two ids
that differ only by case or punctuation never share a page, and no id can
reach outside its folder.
"""

from __future__ import annotations

import hashlib
import re
from functools import cache

from slugify import slugify

from ..model import Company, Contact, Interview, Kind

_PLAIN = re.compile(r"[a-z0-9][a-z0-9_-]*(?:\.[a-z0-9_-]+)*")


def page_name(record_id: str) -> str:
    if _PLAIN.fullmatch(record_id) and len(record_id) <= 100:
        return record_id
    digest = hashlib.sha1(record_id.encode("utf-8")).hexdigest()[:8]
    slug = slugify(record_id, max_length=60) or "record"
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
    return f"companies/named-{slugify(name, max_length=60) or 'company'}-{digest}.html"


def tag_anchor(tag: str) -> str:
    return "tag-" + (slugify(tag, max_length=60) or hashlib.sha1(tag.encode()).hexdigest()[:8])
