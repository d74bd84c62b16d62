"""The last line of defence: no page may carry what the build promised to leave out.

Before anything is published, every file of the site is searched for the
e-mail addresses, phone numbers, names and note text of private records
(unless --include-private) and, with --redact, for any e-mail address or
phone number at all. Finding one fails the build and leaves the previous
site in place. Pages are searched as the text a reader sees (tags removed,
entities decoded), the search index as the strings it holds, the calendar
as unfolded, unescaped text.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from ..model import Contact, Journal
from .public import EMAIL, PHONE, phone_or_not
from .search import entries_of, entry_text, is_shard, plain_text, strip_tags

FRAGMENT = 80  # characters of a private note that count as "its text"
_PUNCTUATION = " .,;:!?\"'()[]"


class LeakError(Exception):
    """A file of the site holds something that must not be there."""


@dataclass(frozen=True)
class Secret:
    text: str
    what: str  # "the e-mail address of contacts/x.md"


def secrets(full: Journal, include_private: bool, redact: bool, rendered: Mapping[str, str]) -> list[Secret]:
    """What must not appear, decided from the whole journal on its own (not from the
    public view the pages were made from, so a bug there cannot hide itself)."""
    found: list[Secret] = []
    if not include_private:
        for contact in full.contacts.values():
            if not full.is_private(contact):
                continue
            where = contact.path
            if _distinctive(contact.name):
                found.append(Secret(contact.name, f"the name of private record {where}"))
            found += _contact_details(contact, f"of private record {where}")
            found += _fragments(rendered.get(where, ""), f"the notes of private record {where}")
        for interview in full.interviews.values():
            if not full.is_private(interview):
                continue
            where = interview.path
            if interview.topic and len(interview.topic.split()) >= 6:  # short ones recur by chance
                found.append(Secret(interview.topic, f"the topic of private record {where}"))
            found += _fragments(rendered.get(where, ""), f"the notes of private record {where}")
    if redact:
        for contact in full.contacts.values():
            found += _contact_details(contact, f"of {contact.path}, which --redact removes")
    return [s for s in found if len(_normal(s.text)) >= 4]


def _contact_details(contact: Contact, whose: str) -> list[Secret]:
    pairs = (("e-mail address", contact.email), ("phone number", contact.phone))
    return [Secret(value, f"the {what} {whose}") for what, value in pairs if value]


def _distinctive(name: str) -> bool:
    """A full name, not a single short word that ordinary text may contain."""
    return len(name.split()) >= 2 or len(name) >= 8


def _fragments(body_html: str, what: str) -> list[Secret]:
    """A few stretches of a note's text, long enough not to turn up by chance."""
    text = _normal(plain_text(body_html))
    if len(text) < FRAGMENT:
        chunks = [text] if len(text.split()) >= 4 else []
    else:
        starts = range(0, len(text) - FRAGMENT + 1, FRAGMENT * 2)
        chunks = [_whole_words(text, start) for start in list(starts)[:6]]
    return [Secret(chunk.strip(_PUNCTUATION), what) for chunk in chunks]


def _whole_words(text: str, start: int) -> str:
    """About FRAGMENT characters from start, trimmed to whole words."""
    chunk = text[start : start + FRAGMENT]
    if start > 0 and " " in chunk:
        chunk = chunk.split(" ", 1)[1]
    if start + FRAGMENT < len(text) and " " in chunk:
        chunk = chunk.rsplit(" ", 1)[0]
    return chunk


def _normal(text: str) -> str:
    """White space folded to single spaces (str.split's white space is the
    same as the regular expression's \\s, and splitting is much faster)."""
    return " ".join(text.split())


class LeakCheck:
    """Searches files for secrets; made before the workers fork, so they share it.

    All secrets are found in one pass over each file (an Aho-Corasick
    automaton), whole words only: a private "Sam Lee" is not in "Sam Leeds".
    """

    def __init__(self, found: list[Secret], redact: bool) -> None:
        import ahocorasick

        self.redact = redact
        self.automaton = ahocorasick.Automaton()
        for secret in found:
            text = _normal(secret.text)
            if text and text not in self.automaton:
                self.automaton.add_word(text, (text, secret.what))
        self.has_secrets = len(self.automaton) > 0
        if self.has_secrets:
            self.automaton.make_automaton()

    @property
    def active(self) -> bool:
        return self.has_secrets or self.redact

    def check(self, rel: str, data: bytes) -> None:
        if not self.active or rel.startswith("static/") or rel == "robots.txt":
            return
        html_page = rel.endswith(".html")
        pieces = readable(rel, data, separator=" | ") if self.redact and html_page else None
        self._scan(rel, readable(rel, data), pieces)

    def check_text(self, rel: str, text: str) -> None:
        """Check text as read out of file rel."""
        if self.active:
            self._scan(rel, _normal(text), None)

    def _scan(self, rel: str, text: str, pieces: str | None) -> None:
        """text is normalised; pieces keeps elements apart (for numbers), when redacting."""
        if self.has_secrets:
            for end, (secret, what) in self.automaton.iter(text):
                start = end - len(secret) + 1
                if _bounded(text, start, end):
                    raise LeakError(f"{rel} contains {what}: '{secret}'")
        if self.redact:
            email = EMAIL.search(text)
            if email:
                raise LeakError(f"{rel} contains an e-mail address although --redact: '{email.group(0)}'")
            # Numbers in neighbouring elements (chart labels, table cells) are not one number.
            for phone in PHONE.finditer(pieces if pieces is not None else text):
                if phone_or_not(phone) != phone.group(0):
                    raise LeakError(f"{rel} contains a phone number although --redact: '{phone.group(0)}'")


def digest(found: list[Secret]) -> str:
    """A fingerprint of the secrets (never the secrets themselves)."""
    import hashlib

    joined = "\x1f".join(sorted(_normal(s.text) for s in found))
    return hashlib.sha256(joined.encode("utf-8")).hexdigest()


def _bounded(text: str, start: int, end: int) -> bool:
    """Is text[start:end + 1] a whole word (or words), not part of a longer one?"""
    before = text[start - 1] if start > 0 else " "
    after = text[end + 1] if end + 1 < len(text) else " "
    return not (before.isalnum() or before == "_") and not (after.isalnum() or after == "_")


def readable(rel: str, data: bytes, separator: str = " ") -> str:
    """The file as text a person (or a program) would read out of it."""
    raw = data.decode("utf-8", errors="replace")
    if rel.endswith(".html"):
        return strip_tags(raw, separator)
    if is_shard(rel):
        try:
            entries = entries_of(raw)
        except ValueError:
            return _normal(raw)
        return " ".join(_normal(entry_text(e)) for e in entries)
    if rel.endswith(".ics"):
        unfolded = raw.replace("\r\n ", "").replace("\\n", " ")
        unescaped = re.sub(r"\\([\\;,])", r"\1", unfolded)
        # UIDs are hashes at a made-up domain: not addresses of anyone.
        return _normal(re.sub(r"(?m)^UID:.*$", "", unescaped))
    return _normal(raw)
