"""What must never be published, decided from the whole journal on its own:
withheld records' names, ids, addresses, numbers and note text, less what
public text holds as well (leaks.py searches every file of the site for it)."""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import unquote

from ..journal.followups import GROUPS, ORIGINS, RULE_TEXTS
from ..journal.markup import strip_tags
from ..journal.model import (
    INTERVIEW_STATUSES,
    MODES,
    SOURCES,
    STAGES,
    AnyRecord,
    Company,
    Contact,
    Interview,
    Journal,
    fold,
)
from ..journal.naming import readied
from ..journal.privacy import PrivateNames, public_values, strings
from .public import Withheld, holds_address_or_number
from .words import Words

if TYPE_CHECKING:
    from ..cache import FileScans


FRAGMENT = 80  # characters of a private note that count as "its text"
_PUNCTUATION = " .,;:!?\"'()[]"
_DECODED_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_BLOCK = " | "  # between elements that are read apart
_WORDS = re.compile(r"[^\W_]+(?:['-][^\W_]+)*")
_WIKILINK = re.compile(r'<a class="wikilink" data-wl="[^"]*">.*?</a>', re.S)
_JINJA = re.compile(r"\{%.*?%\}|\{\{.*?\}\}|\{#.*?#\}", re.S)
_MONTHS = ("January February March April May June July August September October November December "
           "Monday Tuesday Wednesday Thursday Friday Saturday Sunday")  # fmt: skip


_REDACT = ("If the journal has templates of its own (templates/), look there; otherwise --redact missed "
           "a form of it, a bug in infoview: please report it.")  # fmt: skip


@dataclass(frozen=True)
class Secret:
    text: str
    what: str  # "the e-mail address of contacts/x.md"
    # Longer public texts that hold it as whole words: found inside one of
    # them, it is that public text, not the secret.
    shields: tuple[str, ...] = ()
    # Can public notes hold it? Not a full name: the site leaves those out of
    # public notes (see privacy.py), so notes do not make it public.
    in_notes: bool = True


def secrets(
    full: Journal,
    hidden: Withheld,
    redact: bool,
    rendered: Mapping[str, str],
    names: PrivateNames,
    own_words: Iterable[str] = (),
    templates: Iterable[Path] = (),
    left_out: Iterable[str] = (),
    scans: FileScans | None = None,
    keep: Keep | None = None,
) -> list[Secret]:
    """What must not appear: the withheld records' names, ids, addresses, numbers,
    topics and notes, less what public text holds too (the public records'
    own, and the site's own words: own_words and the templates' text); with
    redact, every address and number. scans (a per-file scan and the files'
    hashes) keeps each public file's finds for the next time; keep keeps
    what the public fields say of the secrets (see Facts)."""
    found = _withheld_texts(full, hidden, rendered, names, left_out, scans)
    found = [s for s in found if len(fold(s.text)) >= 4]
    if found:
        found = _not_public(found, full, hidden, names, rendered, own_words, templates, scans, keep)
    if redact:
        for contact in full.contacts.values():
            # as --redact finds them: an `email: 0` is no address, and stays
            details = _contact_details(contact, f"of {contact.path}, which --redact removes")
            found += [d for d in details if holds_address_or_number(d.text)]
    return found


def _withheld_texts(
    full: Journal,
    hidden: Withheld,
    rendered: Mapping[str, str],
    names: PrivateNames,
    left_out: Iterable[str],
    scans: FileScans | None = None,
) -> list[Secret]:
    """Everything that would identify a withheld record, public or not; with
    scans, kept in a process that builds again for as long as the withheld
    files (and those left out) and the private names are the same."""
    records, left_out = [r for r in full.records() if hidden.holds(r)], tuple(left_out)
    if scans is None:
        return _withheld(records, hidden, rendered, names, left_out, scans)
    results, shas = scans
    files = sorted((path, shas.get(path, "")) for path in {*(r.path for r in records), *left_out})
    make = lambda: _withheld(records, hidden, rendered, names, left_out, scans)  # noqa: E731
    return list(results.made("withheld texts", (files, hidden.unread, names.digest), make))


def _withheld(
    records: list[AnyRecord],
    hidden: Withheld,
    rendered: Mapping[str, str],
    names: PrivateNames,
    left_out: Iterable[str],
    scans: FileScans | None,
) -> list[Secret]:
    found: list[Secret] = []
    notes = _notes_fragments([r.path for r in records], rendered, scans)
    for record in records:
        whose = f"private record {record.path}"
        found.append(Secret(record.id, f"the id of {whose}"))
        if isinstance(record, Contact | Company) and _distinctive(record.name):
            found.append(Secret(record.name, f"the name of {whose}"))
        if isinstance(record, Contact):
            found += _contact_details(record, f"of {whose}")
        if isinstance(record, Interview) and record.topic and len(record.topic.split()) >= 6:
            found.append(Secret(record.topic, f"the topic of {whose}"))  # short ones recur by chance
        found += [Secret(text, f"the notes of {whose}") for text in notes[record.path]]
    known = {r.path for r in records}
    for path in sorted(set(left_out) - known):  # files that gave no record at all
        whose = f"{path}, left out for its errors"
        for where, field, value in hidden.unread:  # its id (from its name), and what its lines say
            if where == path and (field != "name" or _distinctive(value)):
                what = {"id": "id", "name": "name", "email": "e-mail address", "phone": "phone number"}[field]
                found.append(Secret(value, f"the {what} of {whose}"))
        found += [Secret(text, f"the notes of {whose}") for text in _fragments(rendered.get(path, ""))]
    # What the site leaves out of public notes (see privacy.py) cannot be made
    # public by them: only a public record's own fields (a namesake) can.
    return [replace(s, in_notes=False) if names.covers(s.text) else s for s in found]


def _texts(record: AnyRecord, refers: Callable[[str], bool]) -> Iterator[str]:
    """A public record's free text besides its notes: fields, links, follow-ups,
    tasks; not the tags that the site drops, since they refer to a withheld record."""
    for name in ("title", "industry", "location", "topic", "pronouns", "email", "phone", "website"):
        value = getattr(record, name, None)
        if isinstance(value, str):
            yield value
    yield from (tag for tag in getattr(record, "tags", ()) if not refers(tag))
    for label, url in getattr(record, "links", ()):
        yield label
        yield unquote(url)
    for key, value in record.extra:
        yield key
        yield from strings(value)
        if isinstance(value, int | float):
            yield str(value)
    for entry in (*getattr(record, "follow_ups", ()), *record.tasks):
        yield entry.text


def _chrome(templates: Iterable[Path]) -> list[str]:
    """The site's own words: the templates' text, the names of stages, statuses,
    groups and months."""
    chrome = [_MONTHS, *STAGES, *INTERVIEW_STATUSES, *MODES, *SOURCES, *GROUPS, *ORIGINS]
    chrome += [text.replace("{}", " ") for text in RULE_TEXTS]
    for folder in templates:
        for path in sorted(folder.glob("*.html")):
            try:
                template = _JINJA.sub(" ", path.read_text(encoding="utf-8"))
            except (OSError, UnicodeDecodeError):
                continue
            # its text, and its markup as written (class names, addresses of its own pages)
            chrome += [strip_tags(template), template.replace("<", " ").replace(">", " ")]
    return [fold(text) for text in chrome]


def _in_public_notes(
    notes: Words,
    public: Mapping[str, AnyRecord],
    rendered: Mapping[str, str],
    refers: Callable[[str], bool],
    scans: FileScans | None,
) -> set[str]:
    """The words of notes that public text (fields and notes as shown) holds;
    with scans, each file's finds are kept while the file is the same."""

    def scan(path: str) -> list[str]:
        record = public[path]
        texts = [*_texts(record, refers), strip_tags(_WIKILINK.sub(" ", rendered.get(path, "")), _BLOCK)]
        return sorted(notes.held_by(fold("\n".join(texts))))

    if scans is None:
        return {word for path in public for word in scan(path)}
    results, shas = scans
    files = {path: shas[path] for path in public if path in shas}
    scanned = results.per_file("public text", notes.digest, files, scan, readied(rendered))
    found = {word for words in scanned.values() for word in words}
    found.update(word for path in public.keys() - files.keys() for word in scan(path))
    return found


@dataclass(frozen=True)
class Facts:
    """What the public records' fields and the site's own words say of the
    secrets' (folded) texts: they depend on nothing but the journal's fields,
    its settings and the secrets, so a build after an edit of notes reads
    them back (see Keep)."""

    values: frozenset[str]  # those that are a public value
    chrome: frozenset[str]  # those the site's own words hold
    site_made: frozenset[str]  # those made of three words or more, each one the site writes
    in_values: dict[str, list[str]]  # those inside public values -> the values (they shield them)


# keep(a digest of the secrets' texts, make): Facts made, or kept for the same
# secrets and the journal's same fields and settings.
Keep = Callable[[str, Callable[[], Facts]], Facts]


def _not_public(
    found: list[Secret],
    full: Journal,
    hidden: Withheld,
    names: PrivateNames,
    rendered: Mapping[str, str],
    own_words: Iterable[str],
    templates: Iterable[Path],
    scans: FileScans | None,
    keep: Keep | None = None,
) -> list[Secret]:
    """The secrets that public text does not hold (as whole words). A full name
    counts as public only where a field or the site's own words hold it, since
    the site leaves full names out of notes; inside a longer public value
    ("Mary Ann" in "Mary Ann Evans") that value shields it."""
    public = {r.path: r for r in full.records() if not hidden.holds(r)}

    def refers(ref: str) -> bool:  # as the site drops such references (site/public.py)
        return hidden.hides(ref) or names.identifies(ref)

    words = sorted({fold(s.text) for s in found})
    make = lambda: _facts(words, public, refers, own_words, templates)  # noqa: E731
    facts = keep(_words_digest(words), make) if keep is not None else make()
    notes = _words([fold(s.text) for s in found if s.in_notes], scans)
    in_notes = _in_public_notes(notes, public, rendered, refers, scans) if notes else set()
    kept_secrets = []
    for secret in found:
        word = fold(secret.text)
        if word in facts.values or word in facts.chrome:
            continue
        if secret.in_notes:
            if word not in facts.in_values and word not in in_notes and word not in facts.site_made:
                kept_secrets.append(secret)
            continue
        shields = tuple(sorted(set(facts.in_values.get(word, ()))))
        kept_secrets.append(Secret(secret.text, secret.what, shields, in_notes=False))
    return kept_secrets


def _words(words: list[str], scans: FileScans | None) -> Words:
    """Words(words); with scans, the same words give the same (in a process that builds again)."""
    if scans is None:
        return Words(words)
    return scans[0].made("the notes' secret words", frozenset(words), lambda: Words(words))


def _facts(
    words: list[str],
    public: Mapping[str, AnyRecord],
    refers: Callable[[str], bool],
    own_words: Iterable[str],
    templates: Iterable[Path],
) -> Facts:
    values = {fold(w) for w in own_words if w}
    values.update(fold(v) for r in public.values() for v in public_values(r, refers) if v)
    everywhere = Words(words)
    in_values: dict[str, list[str]] = {}
    for value in values:
        for word in everywhere.held_by(value):
            in_values.setdefault(word, []).append(value)
    chrome = _chrome(templates)
    in_chrome = {word for text in chrome for word in everywhere.held_by(text)}
    # Words the site writes on its own (its templates, the rules' texts, public names):
    # a short note made of nothing else ("Check in with Ann Lee.") reads as the site's.
    site_words = {w for text in (*chrome, *values) for w in _WORDS.findall(text)}
    site_made = set()
    for word in words:
        parts = _WORDS.findall(word)
        if len(parts) >= 3 and all(w in site_words for w in parts):
            site_made.add(word)
    return Facts(frozenset(values.intersection(words)), frozenset(in_chrome), frozenset(site_made), in_values)


def _words_digest(words: list[str]) -> str:
    return hashlib.sha256("\x1f".join(words).encode("utf-8")).hexdigest()


def dump_facts(facts: Facts) -> str:
    return json.dumps([sorted(facts.values), sorted(facts.chrome), sorted(facts.site_made), facts.in_values])


def load_facts(text: str) -> Facts:
    values, chrome, site_made, in_values = json.loads(text)
    return Facts(frozenset(values), frozenset(chrome), frozenset(site_made), dict(in_values))


def _contact_details(contact: Contact, whose: str) -> list[Secret]:
    pairs = (("e-mail address", contact.email), ("phone number", contact.phone))
    return [Secret(value, f"the {what} {whose}") for what, value in pairs if value]


def _distinctive(name: str) -> bool:
    """A full name, not a single short word that ordinary text may contain."""
    return len(name.split()) >= 2 or len(name) >= 8


def _notes_fragments(
    paths: list[str], rendered: Mapping[str, str], scans: FileScans | None
) -> dict[str, list[str]]:
    """The fragments of each file's notes; with scans, kept per file while the
    file is the same (they depend on nothing else)."""
    scan = lambda path: _fragments(rendered.get(path, ""))  # noqa: E731
    if scans is None:
        return {path: scan(path) for path in paths}
    results, shas = scans
    files = {path: shas[path] for path in paths if path in shas}
    found = results.per_file("withheld notes", "", files, scan, readied(rendered))
    found.update((path, scan(path)) for path in paths if path not in files)
    return found


def _fragments(body_html: str) -> list[str]:
    """A few stretches of a note's text, long enough not to turn up by chance."""
    chunks: list[str] = []
    # Block by block (a paragraph, a list item, a cell), as pages are searched.
    for block in _normal(strip_tags(_WIKILINK.sub(" ", body_html), _BLOCK)).split(_BLOCK.strip()):
        block = block.strip()
        if len(block) < FRAGMENT:
            chunks += [block] if len(block.split()) >= 4 else []
        else:
            starts = range(0, len(block) - FRAGMENT + 1, FRAGMENT * 2)
            chunks += [_whole_words(block, start) for start in starts]
    return [chunk.strip(_PUNCTUATION) for chunk in chunks[:6]]


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


def dump_secrets(found: list[Secret]) -> str:
    return json.dumps([[s.text, s.what, list(s.shields), s.in_notes] for s in found])


def load_secrets(text: str) -> list[Secret]:
    return [Secret(t, w, tuple(sh), bool(n)) for t, w, sh, n in json.loads(text)]


def digest(found: list[Secret]) -> str:
    """A fingerprint of the secrets (never the secrets themselves)."""
    joined = "\x1f".join(sorted(f"{fold(s.text)}\x1e{s.shields}" for s in found))
    return hashlib.sha256(joined.encode("utf-8")).hexdigest()
