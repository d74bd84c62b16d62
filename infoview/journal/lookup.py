"""A record named as a person would name it on the command line: its id, its
name, a unique beginning of either, or `company:acme` where kinds share an
id. A miss says what was meant, if something is close."""

from __future__ import annotations

import difflib
from collections.abc import Iterable

from .folding import fold
from .model import AnyRecord, Journal, Kind


class NotFound(LookupError):
    """No record, or more than one, answers to what was given; the message says which."""


def lookup(journal: Journal, given: str, kinds: Iterable[Kind] = tuple(Kind)) -> AnyRecord:
    """The one record of `kinds` that `given` names, or NotFound."""
    found = find(journal, given, kinds)
    if found is None:
        kinds, given = _scope(given, tuple(kinds))
        candidates = [r for kind in kinds for r in journal.of_kind(kind).values()]
        what = "record" if len(kinds) == len(Kind) else " or ".join(str(k) for k in kinds)
        raise NotFound(f"no {what} called '{given}'{_closest(given, candidates)}")
    return found


def find(journal: Journal, given: str, kinds: Iterable[Kind] = tuple(Kind)) -> AnyRecord | None:
    """The one record of `kinds` that `given` names, None if none does;
    NotFound if several do."""
    kinds, given = _scope(given, tuple(kinds))
    candidates = [r for kind in kinds for r in journal.of_kind(kind).values()]
    wanted = fold(given)
    exact = [r for r in candidates if r.id == given or fold(r.id) == wanted]
    if exact:  # an id is an id: where kinds share it, the first kind (contact) unless one is named
        return exact[0]
    for match in (
        lambda r: fold(_name(r)) == wanted,
        lambda r: fold(r.id).startswith(wanted) or fold(_name(r)).startswith(wanted),
        lambda r: any(word.startswith(wanted) for word in fold(_name(r)).split()),
    ):
        found = [r for r in candidates if match(r)]
        if len(found) == 1:
            return found[0]
        if len(found) > 1:
            raise NotFound(_ambiguous(given, found, len(kinds) > 1))
    return None


def _scope(given: str, kinds: tuple[Kind, ...]) -> tuple[tuple[Kind, ...], str]:
    """`company:acme` names its kind; anything else is looked for in kinds."""
    prefix, _, rest = given.partition(":")
    return ((Kind(prefix),), rest) if rest and prefix in set(Kind) else (kinds, given)


def _name(record: AnyRecord) -> str:
    return getattr(record, "name", "") or ""


def _ambiguous(given: str, found: list[AnyRecord], several_kinds: bool) -> str:
    def label(r: AnyRecord) -> str:
        name = f" ({_name(r)})" if _name(r) else ""
        return f"{r.kind}:{r.id}{name}" if several_kinds else f"{r.id}{name}"

    shown = ", ".join(label(r) for r in found[:6]) + (", …" if len(found) > 6 else "")
    return f"'{given}' could be {shown}; give more of the id or name"


def _closest(given: str, candidates: list[AnyRecord]) -> str:
    by_word: dict[str, AnyRecord] = {}
    for record in candidates:
        by_word.setdefault(fold(record.id), record)
        if _name(record):
            by_word.setdefault(fold(_name(record)), record)
    close = difflib.get_close_matches(fold(given), list(by_word), n=1, cutoff=0.6)
    if not close:
        return ""
    record = by_word[close[0]]
    name = f", {_name(record)}" if _name(record) else ""
    return f" (did you mean '{record.id}'{name}?)"
