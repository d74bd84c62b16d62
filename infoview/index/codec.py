"""Records ↔ JSON text, for the cache in the index (and the follow-ups and
diagnostics it keeps).

JSON rather than pickle: the cache sits in the journal folder, which may be
synced from elsewhere, and reading it must never run code. A record is a
list of its field values in declaration order; the few fields that are not
plain JSON have an encoder and a decoder by name, so decoding ten thousand
records costs little more than the JSON parse itself.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import zlib
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import fields
from typing import Any

from ..journal.diagnostics import Diagnostic, Severity, Span
from ..journal.followups import FollowUp
from ..journal.model import AnyRecord, Cadence, Company, Contact, FollowUpEntry, Interview, Kind, When
from ..journal.sections import NO_SECTIONS, Item, Offer, Sections

_CLASSES: dict[str, type] = {"contact": Contact, "interview": Interview, "company": Company}
_FIELDS = {name: tuple(f.name for f in fields(cls) if f.init) for name, cls in _CLASSES.items()}


CODEC_VERSION = 4  # bump whenever the JSON layout of a cached record changes
LAYOUT = repr((CODEC_VERSION, _FIELDS))
_NO_BODY = {kind: tuple(n for n in names if n != "body") for kind, names in _FIELDS.items()}


class LazySpans(Mapping[str, Sequence[int]]):
    """Where each field stands, read from the cache only when first asked.

    Most commands never need positions, and they are most of a cached
    record's size, so they stay one string until someone looks.
    """

    __slots__ = ("_table", "_text")

    def __init__(self, text: str) -> None:
        self._text = text
        self._table: dict[str, Sequence[int]] | None = None

    def _get(self) -> dict[str, Sequence[int]]:
        if self._table is None:
            flat = json.loads(self._text)
            self._table = {flat[i]: [flat[i + 1], flat[i + 2]] for i in range(0, len(flat), 3)}
        return self._table

    def __getitem__(self, key: str) -> Sequence[int]:
        return self._get()[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._get())

    def __len__(self) -> int:
        return len(self._get())

    def __repr__(self) -> str:
        return repr(self._get())


class IndexDamaged(Exception):
    """A row of the index cannot be read back: the index is rebuilt."""


@contextlib.contextmanager
def read_back(what: str) -> Iterator[None]:
    """What the index keeps, read back after the command has begun (when a page
    first asks for it): what cannot be is the index's damage all the same (the
    index is then made anew, and the command run again)."""
    try:
        yield
    except (ValueError, TypeError, KeyError, IndexError, zlib.error) as exc:
        raise IndexDamaged(f"{what} cannot be read back ({type(exc).__name__})") from None


class LazySections(Sections):
    """An interview's sections as a build reads them: their digests at hand
    (what the question bank's and what was learned's keys are made of), the
    sections themselves read from the index (`source(path)`, the snapshot the
    record came from) when first asked. The index keeps them apart from the
    record: they are most of its size, and a build after an edit shows a few.
    Equal to, and pickled as, the Sections they hold."""

    __slots__ = ("_digests", "_made", "_path", "_source")
    _source: Callable[[str], bytes]
    _path: str
    _digests: list[Any]  # the questions' digest, the takeaways', whether it has a reflection
    _made: Sections | None

    def __init__(self, source: Callable[[str], bytes], path: str, digests: list[Any]) -> None:
        object.__setattr__(self, "_source", source)
        object.__setattr__(self, "_path", path)
        object.__setattr__(self, "_digests", digests)
        object.__setattr__(self, "_made", None)

    def _get(self) -> Sections:
        made = self._made
        if made is None:
            with read_back(f"the sections of {self._path}"):
                made = _decode_sections(json.loads(unpack(self._source(self._path))))
            object.__setattr__(self, "_made", made)
        return made

    questions = property(lambda self: self._get().questions)
    takeaways = property(lambda self: self._get().takeaways)
    offers = property(lambda self: self._get().offers)
    reflection = property(lambda self: self._get().reflection)
    questions_digest = property(lambda self: self._digests[0])
    takeaways_digest = property(lambda self: self._digests[1])
    has_reflection = property(lambda self: bool(self._digests[2]))

    def __eq__(self, other: object) -> bool:
        return self._get() == other if isinstance(other, Sections) else NotImplemented

    def __hash__(self) -> int:
        return hash(self._get())

    def __repr__(self) -> str:
        return repr(self._get())

    def __reduce__(self) -> tuple[Any, ...]:
        return (Sections, tuple(getattr(self._get(), name) for name in _SECTION_FIELDS))


_SECTION_FIELDS = tuple(f.name for f in fields(Sections))


def pack(html: str) -> bytes:
    """A rendered body as the index keeps it: compressed (HTML shrinks to a
    fifth, and a journal's notes are most of its index)."""
    return zlib.compress(html.encode("utf-8"), 1) if html else b""


def unpack(data: bytes) -> str:
    return zlib.decompress(data).decode("utf-8") if data else ""


def _iso(value: dt.date | None) -> str | None:
    return value.isoformat() if value is not None else None


def decode_date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value is not None else None


def _encode_entry(e: FollowUpEntry) -> list[Any]:
    # The span's path is the record's own: not stored again.
    return [e.text, _iso(e.due), e.done, _iso(e.done_on), e.span.line, e.span.col]


def decode_entry(v: list[Any], path: str) -> FollowUpEntry:
    """[text, due, done, done_on, line, col] of a follow-up written in the record at path."""
    return FollowUpEntry(v[0], decode_date(v[1]), v[2], decode_date(v[3]), Span(path, v[4], v[5]))


def _encode_sections(s: Sections) -> list[Any]:
    if s is NO_SECTIONS:
        return []
    return [[[i.text, i.line] for i in s.questions], [[i.text, i.line] for i in s.takeaways],
            [[o.text, o.line, o.done] for o in s.offers], s.reflection]  # fmt: skip


def _sections_in_short(s: Sections) -> list[Any]:
    """What the record keeps of its sections (the index keeps them apart): their digests."""
    return [] if s is NO_SECTIONS else [s.questions_digest, s.takeaways_digest, s.has_reflection]


def dump_sections(record: AnyRecord | None) -> bytes:
    """An interview's sections as JSON, compressed (see pack), kept apart from its record; b"" for none."""
    if not isinstance(record, Interview) or record.sections is NO_SECTIONS:
        return b""
    return pack(json.dumps(_encode_sections(record.sections), ensure_ascii=False, separators=(",", ":")))


def _decode_sections(v: list[Any]) -> Sections:
    questions, found, offers, reflection = v
    return Sections(tuple(Item(t, n) for t, n in questions), tuple(Item(t, n) for t, n in found),
                    tuple(Offer(t, n, d) for t, n, d in offers), reflection)  # fmt: skip


def decode_when(v: list[Any]) -> When:
    """[date, time of day or None], as ISO text."""
    time = dt.time.fromisoformat(v[1]) if v[1] is not None else None
    return When(dt.date.fromisoformat(v[0]), time)


def _decode_cadence(v: list[Any] | None) -> Cadence | None:
    return Cadence(v[0], v[1]) if v is not None else None


_ENCODERS: dict[str, Callable[[Any], Any]] = {
    "created": _iso,
    "thanked": _iso,
    "checked_in": _iso,
    "asked": _iso,
    "nudged": _iso,
    "when": lambda w: [w.date.isoformat(), w.time.isoformat() if w.time else None],
    "keep_in_touch": lambda c: [c.count, c.unit] if c is not None else None,
    "follow_ups": lambda es: [_encode_entry(e) for e in es],
    "tasks": lambda es: [_encode_entry(e) for e in es],
    "refs": lambda rs: [[f, i, s.line, s.col] for f, i, s in rs],
    "sections": _sections_in_short,
    "spans": lambda spans: json.dumps([x for key, (line, col) in spans.items() for x in (key, line, col)]),
}
_DECODERS: dict[str, Callable[..., Any]] = {
    "created": decode_date,
    "thanked": decode_date,
    "checked_in": decode_date,
    "asked": decode_date,
    "nudged": decode_date,
    "when": decode_when,
    "keep_in_touch": _decode_cadence,
    "follow_ups": lambda es, path: tuple(decode_entry(e, path) for e in es),
    "tasks": lambda es, path: tuple(decode_entry(e, path) for e in es),
    "refs": lambda rs, path: tuple((f, i, Span(path, line, col)) for f, i, line, col in rs),
    "spans": lambda text: LazySpans(text),
    "links": lambda pairs: tuple(tuple(p) for p in pairs),
    "extra": lambda pairs: tuple(tuple(p) for p in pairs),
    "tags": tuple,
    "contacts": tuple,
    "referrals": tuple,
    "dismissed": tuple,
}


_BODY_AT = {kind: names.index("body") for kind, names in _FIELDS.items()}
_WITH_PATH = {"follow_ups", "tasks", "refs"}  # their decoders also take the record's path
# What an empty list (or null) decodes to, without a call: most of a record's
# lists are empty, and most of its optional fields unset.
_OPTIONAL = {"created", "thanked", "keep_in_touch", "checked_in", "asked", "nudged"}
_DECODE_PLAN = {
    kind: [(i, _DECODERS[name], name in _WITH_PATH, None if name in _OPTIONAL else ())
           for i, name in enumerate(names) if name in _DECODERS]
    for kind, names in _NO_BODY.items()
}  # fmt: skip


def encode_record(record: AnyRecord) -> list[Any]:
    """The record without its body (the index keeps bodies in their own column)."""
    kind = str(record.kind)
    values = []
    for name in _FIELDS[kind]:
        if name == "body":
            continue
        value = getattr(record, name)
        encoder = _ENCODERS.get(name)
        values.append(encoder(value) if encoder else value)
    return [kind, values]


_SECTIONS_AT = {kind: names.index("sections") for kind, names in _NO_BODY.items() if "sections" in names}
# An interview's sections as the index keeps them, or where to read them when first asked (LazySections)
Sectioned = bytes | Callable[[str], bytes]


def decode_record(data: list[Any], body: str, sections: Sectioned = b"") -> AnyRecord:
    kind, values = data
    path = values[1]
    for index, decoder, with_path, empty in _DECODE_PLAN[kind]:
        value = values[index]
        if not value:
            values[index] = empty
        else:
            values[index] = decoder(value, path) if with_path else decoder(value)
    at = _SECTIONS_AT.get(kind)
    if at is not None:
        short = values[at]
        values[at] = (NO_SECTIONS if not short else LazySections(sections, path, short) if callable(sections)
                      else _decode_sections(json.loads(unpack(sections))))  # fmt: skip
    values.insert(_BODY_AT[kind], body)
    return _CLASSES[kind](*values)


def diagnostic_rows(diagnostics: Iterable[Diagnostic]) -> list[tuple[str, int, int, str, str, str]]:
    """Diagnostics as (path, line, col, severity, code, message): the index's
    rows, and what the JSON holds; diagnostics_from_rows reads them back."""
    return [(d.span.path, d.span.line, d.span.col, str(d.severity), d.code, d.message) for d in diagnostics]


def dumps(record: AnyRecord | None, diagnostics: tuple[Diagnostic, ...]) -> str:
    data = {"record": encode_record(record) if record else None, "diagnostics": diagnostic_rows(diagnostics)}
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"), default=str)


def dump_diagnostics(diagnostics: Sequence[Diagnostic]) -> str:
    return json.dumps(diagnostic_rows(diagnostics), ensure_ascii=False, separators=(",", ":"))


def load_diagnostics(text: str) -> list[Diagnostic]:
    return list(diagnostics_from_rows(json.loads(text)))


def dump_followups(items: list[FollowUp]) -> str:
    """Follow-ups as JSON text (kept in the index), read back by load_followups."""
    rows = [[f.text, _iso(f.due), f.done, _iso(f.done_on), f.span.path, f.span.line, f.span.col,
             str(f.kind), f.record_id, f.origin, list(f.contacts), f.private, f.ref]
            for f in items]  # fmt: skip
    return json.dumps(rows, ensure_ascii=False, separators=(",", ":"))


def load_followups(text: str) -> list[FollowUp]:
    kinds = {str(k): k for k in Kind}
    return [
        FollowUp(text, decode_date(due), bool(done), decode_date(done_on), Span(path, line, col), kinds[kind],
                 record_id, origin, tuple(contacts), bool(private), ref)
        for text, due, done, done_on, path, line, col, kind, record_id, origin, contacts, private, ref
        in json.loads(text)
    ]  # fmt: skip


def diagnostics_from_rows(rows: Iterable[Sequence[Any]]) -> tuple[Diagnostic, ...]:
    """The diagnostics that diagnostic_rows gave as rows."""
    return tuple(
        Diagnostic(Span(p, line, col), Severity(sev), code, msg) for p, line, col, sev, code, msg in rows
    )


def loads(text: str, body: str, sections: Sectioned = b"") -> tuple[AnyRecord | None, tuple[Diagnostic, ...]]:
    return loads_many([(text, body, sections)])[0]


def loads_many(
    items: list[tuple[str, str, Sectioned]],
) -> list[tuple[AnyRecord | None, tuple[Diagnostic, ...]]]:
    """Decode many (payload, body, sections) at once: one JSON parse for all."""
    if not items:
        return []
    documents = json.loads("[" + ",".join(text for text, _, _ in items) + "]")
    return [
        (
            decode_record(doc["record"], body, sections) if doc["record"] else None,
            diagnostics_from_rows(doc["diagnostics"]) if doc["diagnostics"] else (),
        )
        for doc, (_, body, sections) in zip(documents, items, strict=True)
    ]
